"""The exact fit (lambda -> 0) solved exactly: a sparse minimiser and the minimal-norm certificate.

``min |mu|_TV`` subject to ``K mu = y`` has, for any dual optimal ``p`` (``sup |eta_p| <= 1``,
``<y, p> = OPT``), the solution set ``{sum_k a_k delta_{w_k} : Phi a = y, t_k a_k >= 0}`` over
``Ext(eta_p) = {w_k}`` with signs ``t_k``.  The route:

1. the interior-point solution (relative interior of both optimal faces) names the atoms' faces
   and a dual point ``p~`` strictly inside the dual optimal face;
2. each atom gets an exact direction ``u_i`` (the fit's own vectors when it fixes them, else the
   ray of a one-dimensional face, else a rational guess that must lie in its face); with
   ``|u_i| = s_i sqrt(r_i)``, ``p = sum_r p_r / sqrt(r)`` (:class:`DualPoint`, rational ``p_r``) on
   the affine set ``E_i p = t_i u_i / |u_i|`` (docs, mathematics section 10), rounded from ``p~``
   and proved dual feasible (one class: ``sup eta_{p_r}^2 <= r`` by the exact certificate;
   several: :func:`field_feasible`);
3. ``Ext(eta_p)``: read off exactly for one class (squared maxima equal to ``r``), the atoms
   themselves for several (the proof bounds every other pair below 1); the polytope
   ``{a : sum_k a_k phi(v_k) = y, t_k a_k >= 0}`` over rational ``v_k`` (exact LPs) gives a vertex
   (independent columns, at most ``n`` atoms), uniqueness, and a second minimiser when it is not
   a point;
4. ``p_0``: every dual optimal ``p'`` has ``E_k p' = t_k w_k`` on every Ext point a minimiser
   charges (docs, section 10), so ``p_0`` is the least-norm point of that affine set when that
   point is feasible (exact); otherwise ``p_0`` is enclosed in a ball by
   :mod:`~certificates.solver.exact_fit.ball`.

Every exact pair passes :func:`~certificates.solver.endgame.gate.exact_gate` with ``lambda = 0``.

>>> from certificates import exact_fit          # the solve that ends in sparse_exact_fit
>>> s = exact_fit([[1, 0], [0, 1]], [1, 1])
>>> s.p_exact, [(a.w_exact, a.amplitude_exact) for a in s.atoms], s.certificate["unique"]
((sqrt(2)/2, sqrt(2)/2), [((sqrt(2)/2, sqrt(2)/2), sqrt(2))], True)
"""

from __future__ import annotations

import math

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy
from sympy.solvers.simplex import InfeasibleLPError

from arrangement import Arrangement
from arrangement.linalg import kernel_vectors, rank, solve

from ...dual.certificate import Certificate
from ..endgame.gate import exact_face, exact_gate
from .ball import relu_features
from .dual import DualPoint, affine_least_norm, square_class
from ..endgame.optimality import AtomFace, OptimalitySystem
from ..endgame.faces import FACE_TOLERANCES, float_face
from ...exact.convert import fraction_of, fraction_of_sympy, sympy_of
from ...exact.refusal import Refusal

__all__ = ["LimitFit", "sparse_exact_fit", "vertex_of"]

DENOMINATORS = (None, 10 ** 12, 10 ** 8, 10 ** 5, 10 ** 3)   # roundings of the interior dual point tried


@dataclass(frozen=True)
class LimitFit:
    """The exact fit's answer: exact atoms ``(w, a)`` of a sparse minimiser (an extreme point of the
    solution set), ``p0`` (exact, or None with ``ball``: centre and a radius proved for ``p_0``),
    ``dual``: an exact dual optimal point (``p_0`` itself when exact), ``unique``, ``second``:
    another exact minimiser (atoms) when not unique, ``ext``: ``Ext(eta_dual)`` as
    ``(w, sign, face, charged)``, ``minimisers``: the amplitude vectors over ``ext`` of the
    minimiser (and of the second one), ``note``: how it was proved."""

    atoms: tuple
    p0: tuple | None
    dual: tuple
    unique: bool
    second: tuple | None
    ext: tuple
    note: str
    minimisers: tuple = ()
    ball: tuple | None = None


def vertex_of(columns, signs, amplitudes) -> list:
    """A vertex of ``{a : sum_k a_k columns[k] = b, t_k a_k >= 0}`` from a point ``amplitudes`` of
    it (Caratheodory: move along a kernel vector of the support's columns until an amplitude
    vanishes; the support's columns end up independent), exactly.

    >>> vertex_of([[1, 0], [0, 1], [1, 1]], [1, 1, 1], [Fraction(1), Fraction(1), Fraction(1)])  # (2, 2) = 2 (1, 1)
    [Fraction(0, 1), Fraction(0, 1), Fraction(2, 1)]
    """
    a = [Fraction(v) for v in amplitudes]
    while True:
        support = [k for k, v in enumerate(a) if v != 0]
        if rank([columns[k] for k in support]) == len(support):
            return a
        z = kernel_vectors([[columns[k][j] for k in support] for j in range(len(columns[0]))])[0]
        # in magnitudes m_k = t_k a_k >= 0 the step m + theta t z stays >= 0 until the first hits 0
        steps = [(signs[k] * a[k]) / (-signs[k] * zk) for k, zk in zip(support, z) if signs[k] * zk < 0]
        if not steps:   # z has t-signs >= 0 everywhere: go the other way
            z = [-v for v in z]
            steps = [(signs[k] * a[k]) / (-signs[k] * zk) for k, zk in zip(support, z) if signs[k] * zk < 0]
        theta = min(steps)
        for k, zk in zip(support, z):
            a[k] += theta * zk
        for k in support:   # exact zeros stay zero; the hit coordinate is exactly 0 now
            if signs[k] * a[k] < 0:
                raise AssertionError("Caratheodory step left the polytope")


def _ray(arrangement, face: str, w_float):
    """An exact nonzero direction ``u`` in the face (the ray of a one-dimensional face, else the
    float direction read as a rational), or None when the guess is not in the face."""
    X = arrangement.X
    zero = [list(X[j]) for j, s in enumerate(face) if s == "0"]
    kernel = kernel_vectors(zero) if zero else []
    if zero and len(kernel) == 1:
        u = kernel[0]
    else:
        w = np.asarray(w_float, dtype=float)
        top = float(np.abs(w).max())
        u = [Fraction(float(v / top)).limit_denominator(10 ** 6) for v in w]
    if exact_face(arrangement, u) == face:
        return u
    flipped = [-v for v in u]
    return flipped if exact_face(arrangement, flipped) == face else None


def _face_basis(X, face: str) -> list:
    """A rational basis of the span of the face (the common kernel of its zero set)."""
    zero = [list(X[j]) for j, s in enumerate(face) if s == "0"]
    d = len(X[0])
    return kernel_vectors(zero) if zero else [[Fraction(int(i == k)) for k in range(d)] for i in range(d)]


def _fitted_directions(arrangement, y, keys):
    """Exact directions when the fit alone fixes them: the vectors ``v_i`` (in the spans of the
    faces, magnitude times direction) with ``sum_i t_i D_{A_i} X v_i = y`` are unique (full column
    rank) and rational; each must lie in its face.  None otherwise."""
    X = arrangement.X
    columns, owner = [], []
    for i, (face, t) in enumerate(keys):
        for b in _face_basis(X, face):
            columns.append([t * sum((Fraction(x) * c for x, c in zip(X[j], b)), Fraction(0)) if face[j] == "+"
                            else Fraction(0) for j in range(arrangement.n)])
            owner.append((i, b))
    if not columns or rank(columns) < len(columns):
        return None
    gram = [[sum((a * b for a, b in zip(u, v)), Fraction(0)) for v in columns] for u in columns]
    z = solve(gram, [sum((a * Fraction(b) for a, b in zip(u, y)), Fraction(0)) for u in columns])
    if any(sum((c[j] * zk for c, zk in zip(columns, z)), Fraction(0)) != y[j] for j in range(arrangement.n)):
        return None
    out = []
    for i, (face, _) in enumerate(keys):
        v = [sum((zk * b[c] for zk, (o, b) in zip(z, owner) if o == i), Fraction(0)) for c in range(arrangement.d)]
        if exact_face(arrangement, v) != face:
            return None
        out.append(v)
    return out


def _extreme_set(cert: Certificate, r: int):
    """Exact ``{|eta_{p_r}|^2 = r}``: ``(v, sign, face)`` with rational ``v``, ``|v|^2 = r``."""
    points: dict = {}
    for e in cert.scan(r):
        if e.value_squared == r:
            points.setdefault((e.point, e.sign), e.face)
    return [(v, s, f) for (v, s), f in sorted(points.items(), key=lambda kv: (-kv[0][1], kv[0][0]))]


def _lp_max(M: sympy.Matrix, y: sympy.Matrix, k: int):
    """``max u_k`` over ``{u >= 0 : M u = y}`` and its maximiser (sympy's exact simplex); None if unbounded."""
    from sympy.solvers.simplex import UnboundedLPError, linprog
    cost = sympy.Matrix([-1 if i == k else 0 for i in range(M.cols)])
    try:
        value, u = linprog(cost, A=M.col_join(-M), b=y.col_join(-y))
    except UnboundedLPError:
        return None
    return [fraction_of_sympy(v) for v in u]


def _measure(ext, amplitudes) -> tuple:
    """Exact atoms ``(w, a)`` of ``sum_k a_k delta_{v_k}`` read on the sphere: ``w = v / |v|``,
    amplitude ``a |v|`` (``ext``: ``(v, sign, face, |v|^2)``)."""
    return tuple(_on_sphere(v, a, length2) for (v, _, _, length2), a in zip(ext, amplitudes) if a != 0)


def _on_sphere(v, a, length2):
    root = sympy.sqrt(sympy_of(length2))
    return (tuple(sympy_of(c) / root for c in v),
            sympy_of(a) * root)


def _support_dual(arrangement, y, atoms, p_float):
    """An exact dual optimal point on the affine set ``E_i p = t_i u_i / |u_i|`` of ``atoms`` =
    ``(face, sign, u)``, rounded from ``p_float``: ``(dual, rows, rhs)`` with ``rhs`` per square
    class (``{r: list}``), or None (a :class:`DualPoint`, proved feasible)."""
    classes = [square_class(sum((v * v for v in u), Fraction(0))) for _, _, u in atoms]
    system = OptimalitySystem(arrangement, y, 0, [AtomFace(f, t) for f, t, _ in atoms])
    rows, rhs = [], {r: [] for r, _ in classes}
    for (face, t, u), E, (r_i, s_i) in zip(atoms, system.E, classes):
        for k in range(arrangement.d):   # in class r_i: E p_r = t u / s; 0 in the other classes
            rows.append([fraction_of(E[k, j]) for j in range(arrangement.n)])
            for r in rhs:
                rhs[r].append(t * u[k] / s_i if r == r_i else Fraction(0))
    p_float = np.asarray(p_float, dtype=float)
    for main in sorted(rhs):
        fixed = {r: affine_least_norm(rows, rhs[r]) for r in rhs if r != main}
        if any(v is None for v in fixed.values()):
            return None
        rest = p_float - sum((np.array([float(c) for c in v]) / math.sqrt(r) for r, v in fixed.items()), 0.0)
        for bound in DENOMINATORS:
            start = [Fraction(float(v) * math.sqrt(main)) if bound is None else
                     Fraction(float(v) * math.sqrt(main)).limit_denominator(bound) for v in rest]
            p_main = affine_least_norm(rows, rhs[main], start)
            if p_main is None:
                return None
            dual = DualPoint.of({**fixed, main: p_main})
            if dual.feasible(arrangement, [(u, t) for _, t, u in atoms]):
                return dual, rows, rhs
    return None


def _face_groups(arrangement, float_atoms, tolerance: float, mass_floor: float):
    """Float atoms grouped by (face, sign) at a zero tolerance; a group within ``1e-4`` of a group
    of the same sign on a smaller face joins it (an interior-point solver splits an atom on a wall
    between the wall and a neighbouring region)."""
    top = max((c for _, _, c in float_atoms), default=0.0)
    groups: dict = {}
    for w, s, c in float_atoms:
        if c <= mass_floor * top:
            continue
        face = float_face(arrangement, w, tolerance)
        total = groups.setdefault((face, int(s)), [np.zeros(arrangement.d), 0.0])
        total[0] += c * np.asarray(w, dtype=float)
        total[1] += c
    unit = {key: v / max(np.linalg.norm(v), 1e-300) for key, (v, _) in groups.items()}
    for key in sorted(groups, key=lambda k: k[0].count("0")):   # fewest zeros first
        lower = [k for k in groups if k != key and k[1] == key[1] and k[0].count("0") > key[0].count("0")
                 and np.linalg.norm(unit[k] - unit[key]) < 1e-4]
        if lower:
            target = max(lower, key=lambda k: k[0].count("0"))
            groups[target][0] += groups[key][0]
            groups[target][1] += groups[key][1]
            del groups[key]
    return groups


def sparse_exact_fit(arrangement: Arrangement, y, float_atoms, p_float, mass_floor: float = 1e-6):
    """The exact fit from an interior-point solution (``float_atoms``: ``(w, sign, magnitude)``,
    ``p_float``): a :class:`LimitFit`, or a :class:`~certificates.exact.refusal.Refusal` when this route does not apply (the
    reason of the last face reading tried)."""
    refused, seen = Refusal("no atoms"), set()
    for tolerance in FACE_TOLERANCES:
        groups = _face_groups(arrangement, float_atoms, tolerance, mass_floor)
        if frozenset(groups) in seen:
            continue
        seen.add(frozenset(groups))
        fit = _sparse_exact_fit(arrangement, [Fraction(v) for v in y], groups, p_float)
        if not isinstance(fit, Refusal):
            return fit
        refused = fit
    return refused


def _sparse_exact_fit(arrangement, y, groups, p_float):
    X = arrangement.X
    atoms = []
    keys = sorted(groups, key=lambda key: (-key[1], key[0]))
    fitted = _fitted_directions(arrangement, y, keys)
    for k, (face, t) in enumerate(keys):
        u = fitted[k] if fitted is not None else _ray(arrangement, face, groups[(face, t)][0])
        if u is None:
            return Refusal(f"no exact direction in the face {face}")
        atoms.append((face, t, u))
    if not atoms:
        return Refusal("no atoms")
    found = _support_dual(arrangement, y, atoms, p_float)
    if found is None:
        return Refusal("no exactly feasible dual point on the atoms' affine set")
    dual, _, _ = found
    if dual.single is not None:   # Ext read off exactly: the points where eta_{p_r}^2 = r
        ext = [(v, t, f, Fraction(dual.single)) for v, t, f in _extreme_set(dual.certificate(arrangement), dual.single)]
    else:                              # field_feasible proved every other pair below 1
        ext = [(u, t, f, sum((c * c for c in u), Fraction(0))) for f, t, u in atoms]
    columns = [relu_features(X, v) for v, _, _, _ in ext]
    signs = [t for _, t, _, _ in ext]
    M = sympy.Matrix([[sympy_of(columns[k][j]) * signs[k] for k in range(len(ext))] for j in range(arrangement.n)])
    ym = sympy.Matrix([sympy_of(v) for v in y])
    charged, points = set(), []
    for k in range(len(ext)):   # the Ext points some minimiser charges, each with such a minimiser
        if k in charged:
            continue
        try:
            u = _lp_max(M, ym, k)
        except InfeasibleLPError:   # labels of very different sizes: the support dual was not optimal
            return Refusal("no measure on Ext(eta) fits y (the exact LP is infeasible)")
        if u is None:
            return Refusal("the solution polytope is unbounded (a wrong extreme set)")
        if u[k] > 0:
            points.append([u[i] * signs[i] for i in range(len(ext))])
            charged |= {i for i, v in enumerate(u) if v > 0}
    if not points:
        return Refusal("no measure on Ext(eta) fits y")
    vertex = vertex_of(columns, signs, points[0])
    second = _other_point(M, ym, [signs[k] * v for k, v in enumerate(vertex)])
    unique = second is None
    if second is not None:   # the sparser of two vertices is reported first; both are minimisers
        second = [signs[k] * v for k, v in enumerate(second)]
        other = vertex_of(columns, signs, second)
        if other != vertex and sum(v != 0 for v in other) < sum(v != 0 for v in vertex):
            vertex, second = other, vertex
    p0, ball = _least_norm_dual(arrangement, y, ext, sorted(charged), dual), None
    if p0 is None:
        ball = _ball(arrangement, y, ext, sorted(charged), dual)
        if ball is not None:
            dual = ball[0]
    best = p0 or dual
    proof = best.proof()
    minimiser = _measure(ext, vertex)
    for candidate in (minimiser, None if second is None else _measure(ext, second)):
        if candidate is None:
            continue
        checked = exact_gate(arrangement, y, 0, best.exact(), candidate, proof)
        if isinstance(checked, Refusal):
            return Refusal(f"an exact candidate failed the gate ({checked.why})")
    note = (f"sparse minimiser: a vertex of the exact solution polytope over Ext(eta) ({len(ext)} points, "
            f"{len(minimiser)} atoms, independent features); "
            + ("unique (the polytope is a point, exact LPs)" if unique else
               f"NOT unique: a second exact minimiser ({sum(v != 0 for v in second)} atoms, the certificate's "
               "minimisers[1] over Ext) passes the same checks")
            + ("; p_0 = the least-norm point of {E_k p = t_k w_k over the charged Ext points}, proved dual "
               f"feasible ({proof or 'exact certificate'}), hence the minimal-norm dual solution" if p0 is not None else
               "; the least-norm point of the charged Ext points' affine set is not feasible: p_0 has "
               "further active constraints" + ("" if ball is None else
                                              f"; p_0 is proved within {float(ball[1]):.3g} of the exact dual "
                                              "optimal p (ball from weak duality of the minimal-norm problem)")))
    ext_out = tuple((_on_sphere(v, Fraction(1), length2)[0], t, f, k in charged)
                    for k, (v, t, f, length2) in enumerate(ext))
    return LimitFit(minimiser, None if p0 is None else p0.exact(), best.exact(), unique,
                    None if second is None else _measure(ext, second), ext_out, note,
                    tuple(tuple(_on_sphere(ext[k][0], a, ext[k][3])[1] for k, a in enumerate(m))
                          for m in (vertex, second) if m is not None),
                    None if ball is None else (best.exact(), ball[1]))


def _charged_rows(arrangement, y, ext, charged, r):
    """Rows and right-hand side of ``E_k p_r = t_k v_k sqrt(r) / |v_k|`` over the charged points
    (class ``r``: the other classes' right-hand sides are 0)."""
    system = OptimalitySystem(arrangement, y, 0, [AtomFace(ext[k][2], ext[k][1]) for k in charged])
    rows, rhs = [], []
    for k, E in zip(charged, system.E):
        v, t, _, length2 = ext[k]
        r_k, s_k = square_class(length2)
        for c in range(arrangement.d):
            rows.append([fraction_of(E[c, j]) for j in range(arrangement.n)])
            rhs.append(t * v[c] / s_k if r_k == r else Fraction(0))
    return rows, rhs


def _charged_classes(arrangement, y, ext, charged):
    """``(rows, {r: rhs})``: the affine set ``E_k p = t_k w_k`` over the charged points, per class."""
    classes = sorted({square_class(ext[k][3])[0] for k in charged})
    rows = _charged_rows(arrangement, y, ext, charged, classes[0])[0]
    return rows, {r: _charged_rows(arrangement, y, ext, charged, r)[1] for r in classes}


def _least_norm_dual(arrangement, y, ext, charged, dual):
    """``p_0`` when the least-norm point of ``{E_k p = t_k w_k, k charged}`` is proved feasible (then
    it is ``p_0``, docs section 10a), else None."""
    rows, rhs = _charged_classes(arrangement, y, ext, charged)
    parts = {r: affine_least_norm(rows, b) for r, b in rhs.items()}
    if any(v is None for v in parts.values()):
        return None
    least = DualPoint.of(parts)
    return least if least.feasible(arrangement, [(ext[k][0], ext[k][1]) for k in charged]) else None


def _ball(arrangement, y, ext, charged, dual):
    """``(DualPoint p, radius)`` with ``|p - p_0| <= radius``, from :func:`~certificates.solver.exact_fit.ball.p0_ball`."""
    from .ball import p0_ball
    rows, rhs = _charged_classes(arrangement, y, ext, charged)
    main = min(rhs)
    fixed = {r: affine_least_norm(rows, b) for r, b in rhs.items() if r != main}
    if any(v is None for v in fixed.values()):
        return None

    def rounded(p_float):   # the exact point of the affine set near p_float: the main class absorbs the rest
        rest = np.asarray(p_float, dtype=float) - sum((np.array([float(c) for c in v]) / math.sqrt(r)
                                                        for r, v in fixed.items()), 0.0)
        start = [Fraction(float(v) * math.sqrt(main)).limit_denominator(10 ** 12) for v in rest]
        point = affine_least_norm(rows, rhs[main], start)
        return None if point is None else DualPoint.of({**fixed, main: point})
    return p0_ball(arrangement, [(ext[k][0], ext[k][1], ext[k][3]) for k in charged], dual, rounded)


def _other_point(M, ym, u0):
    """A point of ``{u >= 0 : M u = y}`` other than ``u0``, or None when ``u0`` is the only one
    (``min u_k = max u_k`` for every k, exact LPs)."""
    from sympy.solvers.simplex import linprog
    for k in range(M.cols):
        high = _lp_max(M, ym, k)
        if high is None:   # unbounded: cannot happen for a polytope of minimisers (TV is bounded)
            raise AssertionError("unbounded solution polytope")
        if high[k] != u0[k]:
            return high
        cost = sympy.Matrix([1 if i == k else 0 for i in range(M.cols)])
        _, low = linprog(cost, A=M.col_join(-M), b=ym.col_join(-ym))
        low = [fraction_of_sympy(v) for v in low]
        if low[k] != u0[k]:
            return low
    return None

