"""An independent re-check of a solver answer, in exact arithmetic, from the data alone.

Shared by tests/test_solver_properties.py and benchmarks/bench_reliability.py.  It uses none of
the solver's end-game: features, residuals and objectives are recomputed here with sympy from
the reported ``p`` and atoms.  Dual feasibility of a rational ``p`` is decided by the
certificate module (which maximises ``eta`` exactly per region and is tested against brute force
elsewhere); for every ``p`` it is also sampled on the sphere (a check that can fail).
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import numpy as np
import sympy
from flint import fmpq, fmpq_poly

from arrangement import Arrangement
from certificates import Certificate


def _zero(expr) -> bool:
    """Exact: in Q(alpha) for one algebraic alpha, g(alpha) = 0 iff alpha's minimal polynomial
    divides g; otherwise sympy's minimal polynomial of the number."""
    expr = sympy.sympify(expr)
    walked = _one_root_polynomial(expr)
    if walked is not None:
        # a polynomial in one root (fields of high degree), reduced by flint as it is built
        # (sympy's expand and rem take minutes at degree 24, its Poly of these trees seconds)
        return walked == 0
    expr = sympy.expand(expr)
    if expr == 0:
        return True
    if expr.is_Rational:
        return False
    roots = expr.atoms(sympy.CRootOf) | {a for a in expr.atoms(sympy.Pow) if a.exp == sympy.Rational(1, 2)
                                         and a.base.is_Integer}
    if len(roots) == 1:
        alpha, t = roots.pop(), sympy.Symbol("t")
        numerator = sympy.fraction(sympy.together(expr.subs(alpha, t)))[0]
        minimal = sympy.minimal_polynomial(alpha, t)
        if numerator.is_polynomial(t) and not numerator.free_symbols - {t}:
            return sympy.rem(sympy.expand(numerator), minimal, t) == 0
    x = sympy.Symbol("x")
    return sympy.minimal_polynomial(expr, x) == x


@lru_cache(maxsize=None)
def _minimal(alpha):
    """The minimal polynomial of the ``CRootOf`` ``alpha`` over Q, in flint (sympy's)."""
    t = sympy.Symbol("t")
    minimal = sympy.Poly(sympy.minimal_polynomial(alpha, t), t, domain="QQ")
    return fmpq_poly([fmpq(int(c.p), int(c.q)) for c in reversed(minimal.all_coeffs())])


def _one_root_polynomial(expr):
    """``expr`` as ``g(alpha) mod h`` (flint) when it is built from rationals and one ``CRootOf``
    ``alpha`` (minimal polynomial ``h``) by sums, products and nonnegative integer powers; None
    otherwise.  Each shared subtree is reduced once."""
    found, seen = [], {}

    def reduce(value):
        return value % _minimal(found[0]) if found else value

    def walk(e):
        if e in seen:
            return seen[e]
        if e.is_Rational:
            value = fmpq_poly([fmpq(int(e.p), int(e.q))])
        elif isinstance(e, sympy.CRootOf):
            if found and found[0] != e:
                raise _NotOneRoot
            found.append(e)
            value = reduce(fmpq_poly([0, 1]))
        elif e.is_Add or e.is_Mul:
            parts = [walk(a) for a in e.args]
            value = parts[0]
            for part in parts[1:]:
                value = value + part if e.is_Add else reduce(value * part)
        elif e.is_Pow and e.exp.is_Integer and e.exp >= 0:
            base, value, k = walk(e.base), fmpq_poly([1]), int(e.exp)
            while k:                                    # square and multiply
                if k & 1:
                    value = reduce(value * base)
                base, k = reduce(base * base), k >> 1
        else:
            raise _NotOneRoot
        seen[e] = value
        return value

    try:
        value = walk(expr)
    except _NotOneRoot:
        return None
    return value if found else None


class _NotOneRoot(Exception):
    """Raised inside :func:`_one_root_polynomial` for anything but one root, rationals, + * ^n."""


def _positive(expr) -> bool:
    """Zero decided exactly; the sign of a nonzero number from evalf with all 30 digits it reports
    correct (``strict``: it raises instead of reporting fewer), else sympy's comparison (which
    asks its assumptions system first: seconds for the numbers of a number field)."""
    if _zero(expr):
        return False
    expr = sympy.sympify(expr)
    try:
        value = expr.evalf(30, strict=True)
        if value.is_Float and value != 0:
            return bool(value > 0)
    except (sympy.core.evalf.PrecisionExhausted, ValueError, TypeError):
        pass
    return bool(expr > 0)


def rows_with_bias(X, bias):
    return [[Fraction(v) for v in row] + ([Fraction(1)] if bias else []) for row in X]


def sampled_sup_eta(rows, p, samples: int = 4000, seed: int = 0) -> float:
    """``max |eta_p|`` over random points of the sphere and the data directions (a lower bound)."""
    A = np.array([[float(v) for v in row] for row in rows], dtype=float).reshape(len(rows), -1)
    W = np.random.default_rng(seed).standard_normal((samples, A.shape[1]))
    W = np.vstack([W, A, -A])
    norms = np.linalg.norm(W, axis=1)
    W = W[norms > 0] / norms[norms > 0, None]
    return float(np.abs(np.maximum(W @ A.T, 0) @ np.asarray(p, dtype=float)).max(initial=0))


def check(X, y, lam, bias, s) -> list:
    """The list of violated claims of the solution ``s`` (empty: nothing wrong found).

    exact: |w_i| = 1, eta(w_i) = sign(a_i), K mu = y - lam p, primal = dual, all exactly, and
    dual feasibility (exact for rational p); atom count <= the reported support bound.
    verified: the reported primal objective of the reported atoms, recomputed in floats, lies
    within 1e-6 (relative) of the dual objective, and p is feasible up to sampling.
    """
    rows = rows_with_bias(X, bias)
    y = [Fraction(v) for v in y]
    lam = Fraction(lam)
    problems = []
    if s.status == "exact":
        # the solver's forms, all in one field (the displayed simplest forms may mix radicals and a
        # CRootOf, where sympy's own zero test is slow; tests/test_readable.py checks they are equal)
        p = [sympy.nsimplify(v) if isinstance(v, float) else sympy.sympify(v) for v in s.p_in_field or s.p_exact]
        fit = [sympy.Integer(0)] * len(rows)
        tv = sympy.Integer(0)
        for i, atom in enumerate(s.atoms):
            *w, a = [sympy.sympify(v) for v in atom.in_field or (*atom.w_exact, atom.amplitude_exact)]
            if _zero(a):
                problems.append(f"atom {i} has amplitude 0")
                continue
            if not _zero(sum(v * v for v in w) - 1):
                problems.append(f"atom {i}: |w| != 1")
            feats = []
            for x in rows:
                inner = sum(sympy.Rational(xk.numerator, xk.denominator) * wk for xk, wk in zip(x, w))
                feats.append(inner if _positive(inner) else sympy.Integer(0))
            sign = 1 if _positive(a) else -1
            if not _zero(sum(pj * f for pj, f in zip(p, feats)) - sign):
                problems.append(f"atom {i}: eta(w) != sign(a)")
            fit = [fj + a * f for fj, f in zip(fit, feats)]
            tv += sign * a
        yq = [sympy.Rational(v.numerator, v.denominator) for v in y]
        lq = sympy.Rational(lam.numerator, lam.denominator)
        if not all(_zero(fj - (yj - lq * pj)) for fj, yj, pj in zip(fit, yq, p)):
            problems.append("K mu != y - lam p")
        if lam > 0:
            primal = sum((fj - yj) ** 2 for fj, yj in zip(fit, yq)) / 2 + lq * tv
            dual = lq * sum(yj * pj for yj, pj in zip(yq, p)) - lq ** 2 / 2 * sum(pj ** 2 for pj in p)
        else:
            primal, dual = tv, sum(yj * pj for yj, pj in zip(yq, p))
        if not _zero(primal - dual):
            problems.append("primal != dual")
        if all(v.is_Rational for v in p):
            cert = Certificate(Arrangement(rows), [Fraction(int(v.p), int(v.q)) for v in p])
            if not cert.feasible:
                problems.append("p infeasible")
            if len(s.atoms) > cert.support_bound:
                problems.append("more atoms than |Ext(eta)|")
        if sampled_sup_eta(rows, [float(v) for v in p]) > 1 + 1e-9:
            problems.append("p infeasible (sampled)")
    elif s.status == "verified" and lam > 0:
        A = np.array([[float(v) for v in row] for row in rows], dtype=float).reshape(len(rows), -1)
        yf = np.array([float(v) for v in y])
        fit = sum((a.amplitude * np.maximum(A @ np.asarray(a.w), 0) for a in s.atoms), np.zeros(len(rows)))
        primal = 0.5 * float((fit - yf) @ (fit - yf)) + float(lam) * sum(abs(a.amplitude) for a in s.atoms)
        pf = np.asarray(s.p, dtype=float)
        dual = float(lam) * float(yf @ pf) - float(lam) ** 2 / 2 * float(pf @ pf)
        interval = s.certificate.get("objective_interval")   # the duality-gap route proves an interval
        allowed = 1e-6 * max(1.0, abs(dual)) + (0 if interval is None else 1.001 * (interval[1] - interval[0]))
        if abs(primal - dual) > allowed:
            problems.append(f"verified but primal {primal} != dual {dual}")
        if sampled_sup_eta(rows, pf) > 1 + 1e-6:
            problems.append("verified p infeasible (sampled)")
    bound = s.certificate.get("support_bound")   # a record, readable as a mapping
    if s.status in ("exact", "verified") and bound is not None and len(s.atoms) > bound:
        problems.append(f"{len(s.atoms)} atoms but the support bound is {bound}")
    return problems
