"""The zero of the optimality system in exact arithmetic: rationals, or algebraic numbers.

Two routes, both ending in an exact check:

* rational: Newton's method at 400 bits from the centre of the verified box, each coordinate
  read as the nearest fraction with denominator below ``10^30``, then ``F = 0`` checked in exact
  rational arithmetic (python-flint ``fmpq``);
* quadratic irrationals: every coordinate recognised as a root of a degree-2 integer polynomial
  and ``F = 0`` checked by exact expansion (many small symmetric problems live in
  ``Q(sqrt a, sqrt b, ...)``);
* one atom (no pairs): ``z`` is eliminated, ``z = adj(B(c)) y / det B(c)`` with
  ``B(c) = lambda G + c M``, so the norm equation is the univariate polynomial
  ``N(c)^T M N(c) - det(B(c))^2`` (found by exact interpolation).  Its factor with a root in the
  box gives ``c`` (radicals up to degree 2, else a sympy ``CRootOf``) and ``z`` is a polynomial
  in ``c`` reduced modulo that factor.

Both routes check ``F = 0`` exactly (in ``Q``, or by polynomial arithmetic modulo ``f`` in the
number field ``Q[c]/(f)``), and the exact zero is checked to lie in the verified box, so it is
the zero that :mod:`certificates.solver.endgame.verification` proved optimal.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import sympy
from flint import arb, fmpq, fmpq_mat, fmpq_poly

from .field_zero import number_field_solution
from .optimality import OptimalitySystem
from ...exact.convert import fmpq_of
from ...exact.field import field_element, in_field, primitive_field, reduced
from .relations import solve_in_field
from ...exact.convert import fmpq_of_sympy, sympy_of
from ...exact.intervals import ALGEBRAIC_BITS, mid_fraction, precision
from ...exact.refusal import Refusal

__all__ = ["exact_solution_or_why", "rational_zero", "substitute", "exact_point", "refine"]


def _sym(v) -> sympy.Rational:
    return sympy_of(v)


def _sym_matrix(M: fmpq_mat) -> sympy.Matrix:
    return sympy.Matrix(M.nrows(), M.ncols(), [_sym(v) for v in M.entries()])


def refine(system: OptimalitySystem, box: list, bits: int = ALGEBRAIC_BITS) -> list:
    """High-precision Newton iterations from the centre of a verified box (midpoints, arb); at most
    12, fewer once a step falls below the precision (convergence is quadratic from a verified
    box).  Remembered per system, box and precision: the routes of the exact search share it."""
    cache = system.__dict__.setdefault("_refined", {})
    key = (bits, tuple(v.mid().str(40, radius=False) for v in box))
    if key in cache:
        return list(cache[key])
    lower = [b for b, mids in cache if b < bits and mids == key[1]]
    with precision(bits):
        # from the sharpest zero already refined for this box: each step doubles the digits
        x = [arb(v.mid()) for v in (cache[(max(lower), key[1])] if lower else box)]
        tiny = arb(2) ** (16 - bits)
        for _ in range(12):
            # only the midpoints are kept: a floating solve at this precision, no error bounds
            step = system.interval_jacobian(x).solve(system.interval_residual(x), algorithm="approx")
            x = [arb((xi - step[k, 0]).mid()) for k, xi in enumerate(x)]
            if all(abs(step[k, 0].mid()) <= tiny * (1 + abs(xi)) for k, xi in enumerate(x)):
                break
    cache[key] = tuple(x)
    return x


def _residual_is_zero(system: OptimalitySystem, x: list) -> bool:
    return all(v == 0 for v in system.exact_residual(x))


def _in_box(values, box) -> bool:
    with precision(ALGEBRAIC_BITS):
        return all(b.contains(v if isinstance(v, arb) else arb(v)) for v, b in zip(values, box))


def _rational_solution(system, box):
    x = [fmpq_of(mid_fraction(v).limit_denominator(10 ** 30)) for v in refine(system, box)]
    return x if _residual_is_zero(system, x) and _in_box(x, box) else None


def _interpolate(points, values) -> fmpq_poly:
    """The polynomial through ``(points, values)`` (Newton's divided differences, exact)."""
    coef = list(values)
    k = len(points)
    for level in range(1, k):
        for i in range(k - 1, level - 1, -1):
            coef[i] = (coef[i] - coef[i - 1]) / (points[i] - points[i - level])
    poly = fmpq_poly([coef[-1]])
    for i in range(k - 2, -1, -1):
        poly = poly * fmpq_poly([-points[i], 1]) + coef[i]
    return poly


def _one_atom_solution(system, box):
    r = system.r
    Mt, Nt, G, yt, lam = system.Mt[0], system.Nt[0], system.Gram, system.yt, fmpq_of(system.lam)
    points = [fmpq(k) for k in range(1, 2 * r + 4)]
    dets, numerators = [], []
    for c in points:
        Bc = lam * G + c * Mt
        det = Bc.det()
        if det == 0:
            return None
        dets.append(det)
        numerators.append((Bc.solve(yt) * det).entries())
    det_poly = _interpolate(points, dets)
    N_poly = [_interpolate(points, [N[i] for N in numerators]) for i in range(r)]
    equation = _interpolate(points, [(fmpq_mat(1, r, N) * Nt * fmpq_mat(r, 1, N))[0, 0] - D * D
                                     for N, D in zip(numerators, dets)])
    for f, _ in (equation.factor()[1] if equation.degree() > 0 else []):
        found = _root_in(f, box[r])
        if found is None:
            continue
        c_exact, c_arb = found
        g, inverse, _ = det_poly.xgcd(f)      # 1/det(c) modulo f
        if g.degree() != 0:
            return None
        z_poly = [(Nk * (inverse / g)) % f for Nk in N_poly]
        if not _zero_modulo(system, z_poly, f):
            continue
        z_exact = [sympy.expand(sum((_sym(v) * c_exact ** k for k, v in enumerate(zk.coeffs())), sympy.Integer(0)))
                   for zk in z_poly]
        z_arb = [sum((arb(v) * c_arb ** k for k, v in enumerate(zk.coeffs())), arb(0)) for zk in z_poly]
        if _in_box(z_arb + [c_arb], box):
            return z_exact + [c_exact]
    return None


def _zero_modulo(system, z_poly, f) -> bool:
    """``F(z(c), c) = 0`` in the number field ``Q[c]/(f)``: exact polynomial arithmetic."""
    c, r = fmpq_poly([0, 1]), system.r
    lam = fmpq_of(system.lam)
    for i in range(r):
        row = sum(((lam * system.Gram[i, j] + c * system.Mt[0][i, j]) * z_poly[j] for j in range(r)),
                  fmpq_poly([-system.yt[i, 0]]))
        if row % f != 0:
            return False
    norm = sum((system.Nt[0][i, j] * z_poly[i] * z_poly[j] for i in range(r) for j in range(r)), fmpq_poly([-1]))
    return norm % f == 0


def _root_in(f: fmpq_poly, interval: arb):
    """The one real root of the irreducible ``f`` in ``interval``: (sympy number, arb enclosure)."""
    coeffs = [_sym(v) for v in f.coeffs()]
    if f.degree() == 1:
        root = -coeffs[0] / coeffs[1]
        value = arb(fmpq_of_sympy(root))
        return (root, value) if interval.contains(value) else None
    if f.degree() == 2:
        c0, c1, c2 = f.coeffs()
        disc = c1 * c1 - 4 * c2 * c0
        if disc < 0:
            return None
        hits = []
        for sign in (1, -1):
            value = (-arb(c1) + sign * arb(disc).sqrt()) / (2 * arb(c2))
            if interval.overlaps(value):
                hits.append((sympy.radsimp((-_sym(c1) + sign * sympy.sqrt(_sym(disc))) / (2 * _sym(c2))), value))
        return hits[0] if len(hits) == 1 else None
    poly = sympy.Poly(list(reversed(coeffs)), sympy.Symbol("x"))
    hits = []
    for k, ((a, b), _) in enumerate(poly.intervals(eps=sympy.Rational(1, 10 ** 40))):
        value = (arb(fmpq_of(a)) + arb(fmpq_of(b))) / 2 + arb(0, float(Fraction(b - a)) * 0.5000001 + 1e-300)
        if interval.overlaps(value):
            hits.append((sympy.CRootOf(poly, k), value))
    return hits[0] if len(hits) == 1 else None


def _quadratic_solution(system, box, max_size: int = 40):
    """Every coordinate a rational or a quadratic irrational (small symmetric data): recognised
    from the 400-bit zero by an integer relation (``mpmath.findpoly``), the root that lies in the
    box taken in radicals, then ``F = 0`` checked by exact expansion (sums of square roots of
    integers with rational coefficients have a canonical expanded form)."""
    if system.size > max_size:
        return None
    exact, enclosures = [], []
    with mpmath.workdps(110):
        for v, interval in zip(refine(system, box), box):
            m = mid_fraction(v)
            try:
                poly = None if m == 0 else mpmath.findpoly(mpmath.mpf(m.numerator) / m.denominator, 2,
                                                           maxcoeff=10 ** 12)
            except ValueError:   # PSLQ refuses numbers that vanish at its precision
                poly = None
            if poly is None and abs(m) < Fraction(1, 2 ** 200):   # candidate 0, checked below like any other
                exact.append(sympy.Integer(0))
                enclosures.append(arb(0))
                continue
            if poly is None:
                return None
            root = _root_in(fmpq_poly([int(c) for c in reversed(poly)]), interval)
            if root is None:
                return None
            exact.append(root[0])
            enclosures.append(root[1])
    # the root was picked by overlap; only a zero inside the box is the one the box isolates
    return exact if _in_box(enclosures, box) and _residuals_vanish(system, exact) else None


def _sym_residuals(system, exact: list) -> list:
    """``F(x)`` as sympy expressions."""
    r, rho = system.r, system.rho
    z = sympy.Matrix(exact[:r])
    first = _sym(fmpq_of(system.lam)) * _sym_matrix(system.Gram) * z - _sym_matrix(system.yt)
    if rho:
        first += _sym_matrix(system.Rt) * sympy.Matrix(exact[r:r + rho])
    for ci, Mi in zip(exact[r + rho:], system.Mt):
        first += ci * (_sym_matrix(Mi) * z)
    return list(first) + [(z.T * _sym_matrix(N) * z)[0, 0] - 1 for N in system.Nt]


def _residuals_vanish(system, exact: list) -> bool:
    return all(sympy.expand(v) == 0 for v in _sym_residuals(system, exact))


def rational_zero(system: OptimalitySystem, box: list):
    """The zero in ``box`` as sympy rationals when it is rational (checked exactly), else None.

    >>> import numpy as np
    >>> from arrangement import Arrangement
    >>> from certificates.solver.endgame.optimality import AtomFace
    >>> from certificates.solver.endgame.verification import krawczyk
    >>> sys = OptimalitySystem(Arrangement([[3, 4]]), [10], 5, [AtomFace("+", 1)])
    >>> rational_zero(sys, krawczyk(sys, sys.newton(np.array([0.1, 1.0]))))
    [1/5, 9/5]
    """
    x = _rational_solution(system, box)
    return None if x is None else [_sym(v) for v in x]


def exact_solution_or_why(system: OptimalitySystem, box: list, fields: bool = True):
    """The zero in ``box`` as exact sympy numbers ``x = (z, v, c)``, or a
    :class:`~certificates.exact.refusal.Refusal` saying why not;
    the routes in order rational, one atom, quadratic irrationals, then a general number field
    (:func:`certificates.solver.endgame.field_zero.number_field_solution`, time-capped; not with
    ``fields=False``).

    >>> import numpy as np
    >>> from arrangement import Arrangement
    >>> from certificates.solver.endgame.optimality import AtomFace
    >>> from certificates.solver.endgame.verification import krawczyk
    >>> sys = OptimalitySystem(Arrangement([[1, 1]]), [3], 1, [AtomFace("+", 1)])
    >>> zero = exact_solution_or_why(sys, krawczyk(sys, sys.newton(np.array([0.5, 1.0]))))
    >>> zero, substitute(sys, zero)
    ([sqrt(2)/2, -1/2 + 3*sqrt(2)/2], True)
    """
    x = rational_zero(system, box)
    if x is not None:
        return x
    with precision(ALGEBRAIC_BITS):
        found = _one_atom_solution(system, box) if len(system.groups) == 1 and not system.rho else None
        found = found if found is not None else _quadratic_solution(system, box)
    if found is not None:
        return found
    if not fields:
        return Refusal(f"no rational or quadratic zero; number fields not searched ({len(system.groups)} atoms and pairs)")
    return number_field_solution(system, box, refine)


def substitute(system: OptimalitySystem, exact: list) -> bool:
    """Check ``F(x) = 0`` for sympy numbers by sympy's algebraic simplification (slow; an
    independent re-check: :func:`exact_solution_or_why` already checks its zeros exactly, in ``Q``, by
    expansion over square roots, or in the number field ``Q[c]/(f)``)."""
    return all(sympy.simplify(sympy.expand(v)) == 0 for v in _sym_residuals(system, exact))


def exact_point(system: OptimalitySystem, exact: list, guide=None):
    """``(p, [(w_i, a_i)])`` as sympy numbers from an exact zero ``x = (z, v, c)``.

    Antipodal pairs are split by ``delta`` solving ``sum_a t_a delta_a w_a / 2 = v``: the least-norm
    solution, or with ``guide`` (Fractions, e.g. near the verified split of
    :func:`certificates.solver.endgame.verification._pair_split`) the entries off a column basis fixed at
    the guide and the basic ones solved exactly (the least-norm split may leave the signs); a
    guide whose entries are None on a basis and exact numbers elsewhere fixes that basis."""
    r, rho = system.r, system.rho
    p = _sym_matrix(system.B) * sympy.Matrix(exact[:r]) if r else sympy.zeros(system.arrangement.n, 1)
    p = [_tidy(reduced(v)) for v in p]
    w = [[_tidy(reduced(atom.sign * v)) for v in _sym_matrix(E) * sympy.Matrix(p)]
         for atom, E in zip(system.atoms, system.E)]
    mags = system.magnitudes(exact[r + rho:], exact[r:r + rho], w,
                             lambda W, v: list(sympy.Matrix(W).pinv() * sympy.Matrix(v)) if guide is None
                             else _guided_split(W, v, guide))
    return p, [(tuple(wi), _tidy(reduced(atom.sign * m)))
               for wi, atom, m in zip(w, system.atoms, mags)]


def _tidy(v):
    """Denominators without radicals (``radsimp``); an expression in a ``CRootOf`` stays expanded."""
    return v if v.has(sympy.CRootOf) else sympy.radsimp(v)


def _guided_split(W, v, guide) -> list:
    """A solution of ``W delta = v`` (exact) with the entries off a column basis of ``W`` fixed at
    the rationals ``guide``."""
    from scipy.linalg import qr

    W, v = sympy.Matrix(W), sympy.Matrix(v)
    if any(g is None for g in guide):   # the basis is given: its entries are None
        basic = [a for a, g in enumerate(guide) if g is None]
    else:
        Wf = np.array(W.evalf(30).tolist(), dtype=float)
        rank = np.linalg.matrix_rank(Wf)
        basic = sorted(qr(Wf, pivoting=True)[2][:rank].tolist())
    delta = [g if g is None or isinstance(g, sympy.Basic) else sympy_of(g) for g in guide]   # Fractions, or exact
    rhs = v - sum((W[:, a] * delta[a] for a in range(W.cols) if a not in basic), sympy.zeros(W.rows, 1))
    solved = _solve_in_one_root(W[:, basic], rhs)
    solved = W[:, basic].pinv() * rhs if solved is None else solved
    for k, a in enumerate(basic):
        delta[a] = _tidy(sympy.expand(solved[k]))
    return delta


def _solve_in_one_root(W, rhs):
    """The solution of ``W x = rhs`` (full column rank, consistent) when every entry is a
    polynomial in one ``CRootOf``: the normal equations solved in ``Q[t]/(h)`` (sympy's ``pinv``
    on such entries ran for minutes in fields of degree 16); None otherwise."""
    entries = [sympy.sympify(e) for e in list(W) + list(rhs)]
    roots = set().union(*(e.atoms(sympy.CRootOf) for e in entries))
    field = primitive_field(tuple(roots)) if len(roots) == 1 else None
    if field is None:
        return None
    (root,), (h, (t,), _) = roots, field
    try:
        Wf = [[in_field(W[i, j], {root: t}, h) for j in range(W.cols)] for i in range(W.rows)]
        bf = [in_field(rhs[i], {root: t}, h) for i in range(W.rows)]
    except (ValueError, ZeroDivisionError):
        return None
    zero = fmpq_poly([0])
    normal = [[sum((Wf[k][i] * Wf[k][j] for k in range(W.rows)), zero) for j in range(W.cols)] for i in range(W.cols)]
    x = solve_in_field(normal, [sum((Wf[k][i] * bf[k] for k in range(W.rows)), zero) for i in range(W.cols)], h)
    if x is None:
        return None
    return sympy.Matrix([field_element(root, h, xi % h) for xi in x])
