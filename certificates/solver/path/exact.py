"""Exact segments of the regularisation path: the solution as rational functions of lambda.

On a segment of one structure the zero ``x(lambda)`` of the optimality system is algebraic in
lambda; often it is rational.  Exact zeros at a few rational lambdas (Newton at 400 bits,
then the nearest fractions) are interpolated by ``x(lambda) = N(lambda) / D(lambda)`` with a
common denominator (a kernel vector of a rational linear system).  Nothing found so far is
trusted; the proof is:

1. ``F(N / D, lambda) = 0`` as an identity of polynomials in lambda (cleared of ``D``), in
   exact rational arithmetic (python-flint ``fmpq_poly``), and ``D`` has no root on the segment;
2. every strict inequality of :mod:`certificates.solver.endgame.verification` is a sign condition on a
   polynomial in lambda (amplitudes, face signs, wall multipliers are linear in ``p``), decided
   on the open segment by exact real root counting (Sturm sequences, sympy);
3. off the atoms, for each other (region R, sign t): for any ``u`` in the polar cone of R,
   ``max t eta <= |t g_R - u|`` on the region (Moreau), and ``u = G - Pi_C(G)`` at a rational
   sample lambda is such a vector; ``D^2 - |t N_g - D u|^2 > 0`` on the segment (root counting)
   proves ``|eta| < 1`` there; samples are refined by bisection when one does not reach.

Breakpoints are rational roots of the event polynomials (an amplitude, a face sign or a wall
multiplier reaching 0) inside the verified enclosure; a segment is exact when all of this holds
between its exact ends, and a breakpoint is exact when both of its segments are.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy
from flint import arb, fmpq_mat, fmpq_poly

from arrangement.linalg import kernel_basis

from ...dual.certificate import Certificate
from ..endgame.algebraic import refine
from .continuation import system_at, linear_conditions
from ...exact.convert import fraction_of, fmpq_of, sympy_of, sympy_poly_of
from ...exact.intervals import PATH_BITS, mid_fraction

__all__ = ["formula", "exact_path", "conditions", "check_segment", "p_polys", "rational_roots", "formula_text",
           "dense_samples", "value_at"]

MAX_DEGREE = 4


def _rational_zero(system, x, lam: Fraction):
    """The exact rational zero at ``lam`` near float ``x`` (a guess: checked later as an identity)."""
    point = system_at(system, lam)
    try:
        x = point.newton(np.asarray(x, dtype=float))
    except np.linalg.LinAlgError:
        return None
    if not np.all(np.isfinite(x)):
        return None
    return [mid_fraction(v).limit_denominator(10 ** 40) for v in refine(point, [arb(float(v)) for v in x], PATH_BITS)]


def _interpolate(samples, degree):
    """``(N, D)``: fmpq_polys with ``N_k(l) = x_k D(l)`` at the samples ``(l, x)``, or None."""
    size = len(samples[0][1])
    cols = (size + 1) * (degree + 1)
    rows = []
    for lam, x in samples:
        powers = [lam ** e for e in range(degree + 1)]
        for k in range(size):
            row = [Fraction(0)] * cols
            for e in range(degree + 1):
                row[k * (degree + 1) + e] = powers[e]
                row[size * (degree + 1) + e] = -x[k] * powers[e]
            rows.append(row)
    basis = kernel_basis(fmpq_mat([[fmpq_of(v) for v in row] for row in rows]))
    if basis.ncols() == 0:
        return None
    v = [basis[i, 0] for i in range(basis.nrows())]
    N = [fmpq_poly(v[k * (degree + 1):(k + 1) * (degree + 1)]) for k in range(size)]
    D = fmpq_poly(v[size * (degree + 1):])
    return (N, D) if D != 0 else None


def _matvec(M: fmpq_mat, polys) -> list:
    return [sum((M[i, k] * polys[k] for k in range(M.ncols()) if M[i, k] != 0), fmpq_poly([]))
            for i in range(M.nrows())]


def _identity_holds(system, N, D) -> bool:
    """``F(N / D, lambda) = 0`` identically (first block times ``D^2``, norm equations times ``D^2``)."""
    r = system.r
    z, c = N[:r], N[r:]
    lam = fmpq_poly([0, 1])
    first = [lam * D * v for v in _matvec(system.Gram, z)]
    for cg, Mg in zip(c, system.Mt):
        first = [a + cg * b for a, b in zip(first, _matvec(Mg, z))]
    first = [a - system.yt[i, 0] * D * D for i, a in enumerate(first)]
    if any(a != 0 for a in first):
        return False
    for Ng in system.Nt:
        if sum((a * b for a, b in zip(z, _matvec(Ng, z))), fmpq_poly([])) != D * D:
            return False
    return True


def formula(system, x, lo: Fraction, hi: Fraction):
    """``(N, D)`` with ``x(lambda) = N / D`` identically for the system's structure, or None.

    >>> from arrangement import Arrangement
    >>> from certificates.solver.endgame.optimality import OptimalitySystem, AtomFace
    >>> sys = OptimalitySystem(Arrangement([[1]]), [2], 1, [AtomFace("+", 1)])
    >>> N, D = formula(sys, np.array([1.0, 1.0]), Fraction(1, 2), Fraction(3, 2))
    >>> [formula_text(v, D) for v in N]          # p = 1, c = 2 - lambda
    ['1', '2 - lambda']
    """
    if system.rho or system.pairs:
        return None
    for degree in range(MAX_DEGREE + 1):
        count = 2 * degree + 3
        lams = [lo + (hi - lo) * Fraction(k + 1, count + 1) for k in range(count)]
        lams = [Fraction(float(v)).limit_denominator(1000) if lo < Fraction(float(v)).limit_denominator(1000) < hi
                else v for v in lams]
        samples = []
        for lam in sorted(set(lams)):
            exact = _rational_zero(system, x, lam)
            if exact is None:
                return None
            samples.append((lam, exact))
        found = _interpolate(samples, degree)
        if found is not None and _identity_holds(system, *found):
            return found
    return None


# ---- sign conditions on an interval ------------------------------------------------------------
def _positive_on(P: fmpq_poly, lo: Fraction, hi: Fraction, closed=(False, False)) -> bool:
    """``P > 0`` on ``(lo, hi)``, and at the ends marked ``closed`` (exact: Sturm root count,
    sign at the middle)."""
    if P == 0:
        return False
    mid = (lo + hi) / 2
    if not P(fmpq_of(mid)) > 0 or (closed[0] and not P(fmpq_of(lo)) > 0) or (closed[1] and not P(fmpq_of(hi)) > 0):
        return False
    if P.degree() < 1:
        return True
    x = sympy.Symbol("x")
    poly = sympy_poly_of(P, x)
    a, b = sympy_of(lo), sympy_of(hi)
    roots = poly.count_roots(a, b) - (P(fmpq_of(lo)) == 0) - (P(fmpq_of(hi)) == 0)
    return roots == 0


def value_at(P: fmpq_poly, lam: Fraction) -> Fraction:
    return fraction_of(P(fmpq_of(lam)))


def p_polys(system, N) -> list:
    return _matvec(system.B, N[:system.r])


def conditions(system, N, D, lam: Fraction) -> tuple:
    """The polynomials that must stay positive: amplitudes, face signs, wall multipliers (each
    times ``D``, so that its sign is the condition's), and the (region, sign) pairs they exclude
    (:func:`certificates.solver.path.path.linear_conditions`)."""
    p = p_polys(system, N)
    den = value_at(D, lam)
    rows, excluded = linear_conditions(system, [float(value_at(v, lam) / den) for v in p])
    out = [N[system.r + g] * D for g in range(len(system.groups))]
    out += [sum((row[0, j] * p[j] for j in range(len(p)) if row[0, j] != 0), fmpq_poly([])) * D for row, _ in rows]
    return out, excluded


def _off_atoms(system, N, D, excluded, lo, hi, closed, depth: int = 0) -> bool:
    """``|eta| < 1`` off the atoms on the interval, by polar-cone vectors at sample lambdas."""
    A = system.arrangement
    p = p_polys(system, N)
    pairs = [(r, t) for r, region in enumerate(A.regions()) if "+" in region.pattern for t in (1, -1)
             if (r, t) not in excluded]
    return _pairs_below_one(system, p, D, pairs, lo, hi, closed, depth)


def _pairs_below_one(system, p, D, pairs, lo, hi, closed, depth) -> bool:
    A = system.arrangement
    certificates = {}

    def certificate(lam):
        if lam not in certificates:
            den = value_at(D, lam)
            certificates[lam] = Certificate(A, [value_at(v, lam) / den for v in p])
        return certificates[lam]

    left = []
    for region, t in pairs:
        active = [j for j, s in enumerate(A.regions()[region].pattern) if s == "+"]
        G = [t * sum((p[j] * fmpq_of(A.X[j][k]) for j in active), fmpq_poly([])) for k in range(A.d)]
        for lam in ((lo + hi) / 2, lo, hi):
            extremum = certificate(lam).region_extremum(region, t)
            den = value_at(D, lam)
            u = [value_at(g, lam) / den - v for g, v in zip(G, extremum.point)]
            P = D * D - sum(((g - D * fmpq_of(uk)) ** 2 for g, uk in zip(G, u)), fmpq_poly([]))
            if _positive_on(P, lo, hi, closed):
                break
        else:
            left.append((region, t))
    if not left:
        return True
    if depth >= 8:
        return False
    mid = (lo + hi) / 2
    return (all(certificate(mid).region_extremum(r, t).value_squared < 1 for r, t in left)
            and _pairs_below_one(system, p, D, left, lo, mid, (closed[0], False), depth + 1)
            and _pairs_below_one(system, p, D, left, mid, hi, (False, closed[1]), depth + 1))


def check_segment(system, N, D, lo: Fraction, hi: Fraction, closed=(False, False)) -> bool:
    """Every strict inequality of the structure holds on the interval (exactly)."""
    if not _positive_on(D * D, lo, hi, closed):
        return False
    polys, excluded = conditions(system, N, D, (lo + hi) / 2)
    if not all(_positive_on(P, lo, hi, closed) for P in polys):
        return False
    return _off_atoms(system, N, D, excluded, lo, hi, closed)


def rational_roots(P: fmpq_poly, lo: Fraction, hi: Fraction) -> set:
    if P == 0 or P.degree() < 1:
        return set()
    out = set()
    for f, _ in P.factor()[1]:
        if f.degree() == 1:
            root = fraction_of(-f.coeffs()[0] / f.coeffs()[1])
            if lo <= root <= hi:
                out.add(root)
    return out


def formula_text(P: fmpq_poly, D: fmpq_poly) -> str:
    lam = sympy.Symbol("lambda")

    def expr(f):
        return sum((sympy_of(c) * lam ** e for e, c in enumerate(f.coeffs())), sympy.Integer(0))
    return str(sympy.factor(sympy.cancel(expr(P) / expr(D))))


def dense_samples(system, N, D, lo: Fraction, hi: Fraction, count: int = 64) -> tuple:
    """Float ``(lambda, signed amplitudes, atoms' w)`` from the exact formulas, log-spaced."""
    from .segments import sample_at
    out = []
    for lam in np.geomspace(float(lo), float(hi), count):
        lam = min(max(Fraction(float(lam)), lo), hi)
        den = value_at(D, lam)
        out.append(sample_at(system, lam, np.array([float(value_at(v, lam) / den) for v in N])))
    return tuple(out)


def exact_path(arrangement, labels, lam_min, lam_max, pieces, tol, gap):
    """The exact version of the path over ``pieces`` (proved by continuation), or None when
    no segment is exact."""
    from .segments import Breakpoint, Segment, event_name, finish_path, events_between
    from .continuation import float_samples
    if pieces[0].lo != lam_min or pieces[-1].hi != lam_max or \
            any(b.lo - a.hi > gap * tol * b.lo for a, b in zip(pieces, pieces[1:])):
        return None
    formulas = []
    for q in pieces:
        lam, x = min(q.seeds, key=lambda s: abs(s[0] - (q.lo + q.hi) / 2))
        formulas.append(formula(q.system, x, q.lo, q.hi) if q.hi > q.lo else None)
    if all(f is None for f in formulas):
        return None
    roots = []
    for k, (a, b) in enumerate(zip(pieces, pieces[1:])):
        found = set()
        for q, f in ((a, formulas[k]), (b, formulas[k + 1])):
            if f is not None:
                for P in conditions(q.system, *f, (q.lo + q.hi) / 2)[0]:
                    found |= rational_roots(P, a.hi, b.lo)
        roots.append(found.pop() if len(found) == 1 else None)
    exact, ends, from_zero = [], [], False
    for k, (q, f) in enumerate(zip(pieces, formulas)):
        lower = lam_min if k == 0 else (roots[k - 1] if roots[k - 1] is not None else q.lo)
        upper = lam_max if k == len(pieces) - 1 else (roots[k] if roots[k] is not None else q.hi)
        closed = (k == 0 or roots[k - 1] is None, k == len(pieces) - 1 or roots[k] is None)
        ok = f is not None and check_segment(q.system, *f, lower, upper, closed)
        if ok and k == 0 and lower > 0 and check_segment(q.system, *f, Fraction(0), upper, (False, closed[1])):
            from_zero = True
        exact.append(ok)
        ends.append((lower, upper))
    segments, breakpoints = [], []
    for k, q in enumerate(pieces):
        def end(side):
            if (side == 0 and k == 0) or (side == 1 and k == len(pieces) - 1):
                return str(ends[k][side])
            j = k - 1 if side == 0 else k
            if roots[j] is not None and exact[j] and exact[j + 1]:
                return str(roots[j])
            return (pieces[j].hi, pieces[j + 1].lo)
        f = formulas[k]
        text = {} if not exact[k] else {
            "p": [formula_text(v, f[1]) for v in p_polys(q.system, f[0])],
            "amplitudes": [formula_text(f[0][q.system.r + g] * q.system.atoms[g].sign, f[1])
                           for g in range(len(q.system.groups))]}
        samples = dense_samples(q.system, *f, *ends[k]) if exact[k] else float_samples(q)
        segments.append(Segment(end(0), end(1), tuple(a for a, _ in q.structure), tuple(t for _, t in q.structure),
                                "exact" if exact[k] else "verified", len(q.boxes), text, samples,
                                (tuple(q.seeds), tuple(q.boxes))))
        if k < len(pieces) - 1:
            nxt = pieces[k + 1]
            events = events_between(q.structure, nxt.structure)
            sure = roots[k] is not None and exact[k] and exact[k + 1]
            breakpoints.append(Breakpoint((roots[k], roots[k]) if sure else (q.hi, nxt.lo), event_name(events),
                                          tuple(f"{kind}: {', '.join(faces)}" for kind, faces in events),
                                          str(roots[k]) if sure else None))
    return finish_path(lam_min, lam_max, segments, breakpoints, from_zero and exact[0])
