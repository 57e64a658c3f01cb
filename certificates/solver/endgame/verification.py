"""Proof that a zero of the optimality system is an optimal primal-dual pair (interval arithmetic).

A zero of :class:`~certificates.solver.endgame.optimality.OptimalitySystem` gives ``p`` and
``mu = sum_i c_i t_i delta_{w_i}`` with ``K mu = y - lambda p`` and ``eta_p(w_i) = t_i``.  They
are optimal once, for the true zero,

1. every magnitude ``c_i`` is positive (for a pair: ``|delta| < s``);
2. ``w_i`` has the signs of its face (strictly off ``Z_i``; on ``Z_i`` it is 0 by construction);
3. in every region R whose closure holds ``F_i``, ``t_i g_R - w_i`` is a combination of walls of R
   through ``F_i`` with positive multipliers (so ``w_i`` is the maximiser of ``t_i eta`` on R and
   the maximum there is 1);
4. every other (region, sign) pair has maximum ``< 1``.

:func:`verify` isolates the zero in a box by Krawczyk's test and proves 1-4 for every point of
the box: interval arithmetic (python-flint arb) for 1-3, and for 4 the exact certificate at a
rational centre plus the 1-Lipschitz bound of the projection,
``|Pi_C(g_R(p)) - Pi_C(g_R(q))| <= sum_j |p_j - q_j| |x_j|``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from flint import arb, arb_mat, fmpq, fmpq_mat
from scipy.linalg import qr
from scipy.optimize import linprog

from arrangement.signs import pattern_signs

from ...dual.certificate import Certificate
from ...dual.screening import wall_multipliers
from .optimality import OptimalitySystem
from ...exact.convert import fraction_of, fmpq_of
from certificates.exact.intervals import VERIFY_BITS, mid_fraction, precision
from certificates.exact.refusal import Refusal

__all__ = ["Enclosure", "krawczyk", "verify", "dropped_atoms", "used_walls", "wall_basis", "independent_support"]


@np.errstate(over="ignore", invalid="ignore")   # float guesses (Y, the box size): the arb test decides
def krawczyk(system: OptimalitySystem, x: np.ndarray, factors=(4.0, 64.0, 1e3, 1e5, 1e7)):
    """A box around float ``x`` proved to hold exactly one zero of the system, or None.

    Krawczyk's operator ``K(X) = x - Y F(x) + (I - Y J(X)) (X - x)`` with ``Y ~ J(x)^{-1}``: if
    ``K(X)`` lies in the interior of ``X``, then ``X`` holds exactly one zero, and so does ``K(X)``.
    """
    size = system.size
    if size == 0:
        return []
    try:
        Y = np.linalg.inv(system.jacobian(x))
    except np.linalg.LinAlgError:
        return None
    if not np.all(np.isfinite(Y)):
        return None
    x, Fx = _refine(system, np.asarray(x, dtype=float), Y)
    centre = [arb(float(v)) for v in x]
    Ya = arb_mat([[arb(float(v)) for v in row] for row in Y])
    scale = max(float(np.abs(Y @ _midpoints(Fx)).max()), 1e-300)
    identity = arb_mat(size, size, [1 if i == j else 0 for i in range(size) for j in range(size)])
    for factor in factors:
        rho = max(factor * scale, 1e-15 * (1 + float(np.abs(x).max())))
        box = [arb(float(v), rho) for v in x]
        offset = arb_mat(size, 1, [b - c for b, c in zip(box, centre)])
        K = arb_mat(size, 1, centre) - Ya * Fx + (identity - Ya * system.interval_jacobian(box)) * offset
        inner = [K[i, 0] for i in range(size)]
        if all(b.contains_interior(k) for b, k in zip(box, inner)):
            return inner
    return None


def _midpoints(F) -> np.ndarray:
    return np.array([float(F[i, 0].mid()) for i in range(F.nrows())])


@np.errstate(over="ignore", invalid="ignore")
def _refine(system, x: np.ndarray, Y: np.ndarray, steps: int = 4):
    """Newton steps with the residual evaluated in arb (``Y`` fixed): on data of large scale the
    float residual stalls at its rounding error (large terms cancelling), which leaves ``x`` too far
    from the zero for a Krawczyk box small enough to contract.  Returns ``(x, F(x))``, keeping the
    best point by the size of the Newton step."""
    best = None
    for _ in range(steps + 1):
        F = system.interval_residual([arb(float(v)) for v in x])
        step = Y @ _midpoints(F)
        size = float(np.abs(step).max(initial=0))
        if not np.isfinite(size) or (best is not None and size >= best[0]):
            break
        best = (size, x, F)
        x = x - step
    return (best[1], best[2]) if best is not None else (x, F)   # no finite step: Krawczyk then fails


@dataclass
class Enclosure:
    """What :func:`verify` proved: boxes for ``p``, per-atom magnitudes and locations; ``delta``:
    the verified split of the antipodal pairs (None without pairs); ``second``: a second
    minimiser when the minimiser is proved not unique (else None)."""

    box: list
    p: list
    c: list
    w: list
    margin_lower: object
    nondegenerate: bool
    unique: object
    delta: list | None = None
    second: list | None = None
    vertex: tuple | None = None        # a vertex split: (basic pairs, signs of the others); see dropped_atoms


def _vector(E: fmpq_mat, p: list, scale: int = 1) -> list:
    return [scale * sum((E[k, j] * p[j] for j in range(E.ncols())), arb(0)) for k in range(E.nrows())]


def wall_basis(system, i, region, p_centre) -> tuple:
    """``(T, W, n_through, index)`` for atom ``i`` on a face of region R: ``T = t_i (X^T D_R - E_i)``
    (exact, ``d x n``: ``T p = t_i (g_R - w_i)``, linear in p), ``W`` a basis of the walls of R
    through the face as rows ``-w`` (chosen largest float multiplier at ``p_centre`` first; any
    basis serves), the number of such walls, and the data rows of the basis walls."""
    A = system.arrangement
    atom = system.atoms[i]
    rows, index = A.walls(region)
    zero = set(system.zero[i])
    through = [row for row, j in zip(rows, index) if j in zero]
    index = [j for j in index if j in zero]
    pattern = A.regions()[region].pattern
    # X^T D_R: the columns of the inactive data zeroed (no n x n diagonal matrix)
    XD = fmpq_mat(A.d, A.n, [system.X[j, k] if pattern[j] == "+" else 0 for k in range(A.d) for j in range(A.n)])
    T = (XD - system.E[i]) * fmpq(atom.sign)
    if not isinstance(p_centre, fmpq_mat):   # a caller with many regions converts it once
        p_centre = fmpq_mat(A.n, 1, [fmpq_of(v) for v in p_centre])
    centre = [float(fraction_of(v)) for v in (T * p_centre).entries()]
    guess, _ = wall_multipliers(through, centre)
    basis = []
    for k in np.argsort(-guess, kind="stable"):
        if fmpq_mat([through[t] for t in basis + [k]]).rank() == len(basis) + 1:   # integer rows
            basis.append(int(k))
    W = fmpq_mat(len(basis), A.d, [fmpq_of(-v) for t in basis for v in through[t]])
    return T, W, len(through), [index[t] for t in basis]


def used_walls(K: fmpq_mat) -> list:
    """The rows of the multiplier matrix ``K`` (``lam = K p`` over a basis of walls) that are not
    identically 0: the residual ``t_i g_R - w_i`` lies in the cone of those walls alone for every
    p (the basis representation is unique), so only their multipliers must be positive."""
    return [k for k in range(K.nrows()) if any(K[k, j] != 0 for j in range(K.ncols()))]


def _wall_multipliers(system, i, region, p_box, p_centre):
    """(positive, independent): positive multipliers for ``t_i g_R - w_i`` over a basis of the
    walls of R through the face, for all p in the box; whether those walls are independent."""
    if not system.zero[i]:  # an atom inside an open region: g_R is the face's own vector
        return True, True
    # T = 0 (t_i g_R = w_i for every p: t_i eta(w) = <w, w_i> < 1 off w_i on R, by Cauchy-Schwarz)
    # needs no wall: K = 0, no wall is used, and the walls are then not strictly complementary
    T, W, n_through, _ = wall_basis(system, i, region, p_centre)
    # W^T lam = residual has an exact solution (both lie in span{x_j : j in Z_i}); lam = K p
    K = (W * W.transpose()).inv() * W * T
    lam = arb_mat(K) * arb_mat(system.arrangement.n, 1, p_box)
    used = used_walls(K)   # a multiplier that is 0 for every p: the wall is not needed
    return all(lam[k, 0] > 0 for k in used), len(used) == W.nrows() == n_through


def _pair_split(system, w_box, v_box, s_box):
    """``delta`` with ``sum_a t_a delta_a w_a / 2 = v`` for every point of the box, chosen with the
    largest slack ``min_a s_a - |delta_a|`` (a float LP picks it): the non-basic entries are fixed
    rationals, the basic ones solved in interval arithmetic.  None if no basis is found."""
    d, m = system.arrangement.d, len(system.pairs)
    W = [[system.atoms[i].sign * w_box[i][k] / 2 for i, _ in system.pairs] for k in range(d)]
    Wf = np.array([[float(v.mid()) for v in row] for row in W])
    vf, sf = np.array([float(v.mid()) for v in v_box]), np.array([float(s.mid()) for s in s_box[:m]])
    # maximise tau subject to W delta = v, |delta_a| + tau <= s_a
    A_ub = np.block([[np.eye(m), np.ones((m, 1))], [-np.eye(m), np.ones((m, 1))]])
    lp = linprog(np.r_[np.zeros(m), -1.0], A_ub=A_ub, b_ub=np.r_[sf, sf], A_eq=np.c_[Wf, np.zeros(d)], b_eq=vf,
                 bounds=[(None, None)] * (m + 1), method="highs")
    if lp.status != 0:
        return None
    delta_f = lp.x[:m]
    _, _, pivots = qr(Wf, pivoting=True)
    basic = sorted(pivots[:d].tolist())
    if np.linalg.matrix_rank(Wf[:, basic]) < d:
        return None
    fixed = {a: arb(fmpq_of(Fraction(float(delta_f[a])))) for a in range(m) if a not in basic}
    rhs = [v_box[k] - sum((W[k][a] * fixed[a] for a in fixed), arb(0)) for k in range(d)]
    WB = arb_mat([[W[k][a] for a in basic] for k in range(d)])
    if WB.det().contains(0):
        return None
    solved = WB.solve(arb_mat(d, 1, rhs))
    delta = [fixed.get(a) for a in range(m)]
    for k, a in enumerate(basic):
        delta[a] = solved[k, 0]
    return delta


def _vertex_split(system, w_box, v_box, s_box):
    """A sparser minimiser than :func:`_pair_split`'s: ``delta`` at a vertex of
    ``{delta : sum_a t_a delta_a w_a / 2 = v, |delta_a| <= s_a}`` (a float simplex LP picks it).
    All pairs but ``d`` basic ones keep a single atom: ``delta_a = sigma_a s_a`` exactly, so the
    other atom's magnitude ``(s_a - sigma_a delta_a) / 2`` is exactly 0; the basic ``delta`` are
    solved in interval arithmetic and proved strictly inside ``(-s_a, s_a)``.  ``(delta, dropped
    atoms, (basic, sigma))``, or None (fewer pairs than ``d + 1``, a degenerate vertex, or a bound
    not proved)."""
    d, m = system.arrangement.d, len(system.pairs)
    if m <= d:
        return None
    W = [[system.atoms[i].sign * w_box[i][k] / 2 for i, _ in system.pairs] for k in range(d)]
    Wf = np.array([[float(v.mid()) for v in row] for row in W])
    vf, sf = np.array([float(v.mid()) for v in v_box]), np.array([float(s.mid()) for s in s_box[:m]])
    costs = 1 + np.arange(m) / m      # distinct costs: a tie between vertices is unlikely
    lp = linprog(costs, A_eq=Wf, b_eq=vf, bounds=list(zip(-sf, sf)), method="highs-ds")
    if lp.status != 0:
        return None
    sigma = {a: (1 if lp.x[a] > 0 else -1) for a in range(m) if abs(lp.x[a]) >= sf[a] * (1 - 1e-9)}
    basic = [a for a in range(m) if a not in sigma]
    if len(basic) != d or np.linalg.matrix_rank(Wf[:, basic]) < d:
        return None
    rhs = [v_box[k] - sum((W[k][a] * sigma[a] * s_box[a] for a in sigma), arb(0)) for k in range(d)]
    WB = arb_mat([[W[k][a] for a in basic] for k in range(d)])
    if WB.det().contains(0):
        return None
    solved = WB.solve(arb_mat(d, 1, rhs))
    delta = [sigma[a] * s_box[a] if a in sigma else None for a in range(m)]
    for k, a in enumerate(basic):
        delta[a] = solved[k, 0]
        if not (s_box[a] - delta[a] > 0 and s_box[a] + delta[a] > 0):
            return None
    split = (tuple(basic), tuple(sorted(sigma.items())))
    return delta, dropped_atoms(system, split), split


def verify(system: OptimalitySystem, x: np.ndarray, bits: int = VERIFY_BITS):
    """Prove conditions 1-4 on a Krawczyk box around ``x``: the ``Enclosure``, or a
    :class:`~certificates.exact.refusal.Refusal` naming the condition not proved."""
    with precision(bits):
        return _verify(system, x)


def dropped_atoms(system, vertex) -> frozenset:
    """The atoms whose magnitude is exactly 0 at the vertex split ``vertex`` (an
    :class:`Enclosure`'s, None: no split): of each pair off the basis, the atom its sign empties
    (``delta_a = sigma_a s_a`` charges the first atom of pair a when sigma_a > 0).

    >>> from types import SimpleNamespace
    >>> sorted(dropped_atoms(SimpleNamespace(pairs=[(0, 1), (2, 3), (4, 5)]), ((0,), ((1, -1), (2, 1)))))
    [2, 5]
    """
    return frozenset() if vertex is None else frozenset(system.pairs[a][1 if s > 0 else 0] for a, s in vertex[1])


def _verify(system, x):
    A = system.arrangement
    if not system.consistent:
        return Refusal("the labels are not in the span of the features of these faces (exact fit impossible)")
    if any(system.idle_norm_squared(i) != 1 for i in system.idle):
        return Refusal("an extreme point without mass is not fixed at |eta| = 1 by the optimality system")
    box = krawczyk(system, x)
    if box is None:
        return Refusal("Krawczyk's test failed: no unique zero of the optimality system was isolated")
    p_box = system.p_of(box) if system.r else [arb(0)] * A.n
    v_box, group_c = box[system.r:system.r + system.rho], box[system.r + system.rho:]
    if not all(c > 0 for c in group_c):
        return Refusal("an amplitude is not provably positive")
    w_box = [_vector(E, p_box, atom.sign) for atom, E in zip(system.atoms, system.E)]
    c_box = [arb(0)] * len(system.atoms)
    delta, vertex, dropped = None, None, frozenset()
    if system.pairs:
        delta = _pair_split(system, w_box, v_box, group_c)
        if delta is None:
            return Refusal("the antipodal pairs are not proved to span the weight space")
        vertex = _vertex_split(system, w_box, v_box, group_c)
    # the listed minimiser: at a vertex split when one is proved (fewer atoms), else the
    # split with the largest slack (every atom of every pair charged)
    split, dropped = (delta, frozenset()) if vertex is None else vertex[:2]
    for g, members in enumerate(system.groups):
        if len(members) == 1:
            c_box[members[0]] = group_c[g]
        else:
            c_box[members[0]], c_box[members[1]] = (group_c[g] + split[g]) / 2, (group_c[g] - split[g]) / 2
            for i in dropped.intersection(members):   # exactly 0, not an interval around 0
                c_box[i], c_box[members[1] if i == members[0] else members[0]] = arb(0), group_c[g]
    if not all(c > 0 for i, c in enumerate(c_box) if i not in system.ghosts | dropped):
        return Refusal("an amplitude of an antipodal pair is not provably positive")
    for i, (atom, w) in enumerate(zip(system.atoms, w_box)):
        for j, s in enumerate(atom.face):
            if s != "0":
                value = sum((w[k] * system.X[j, k] for k in range(A.d)), arb(0))
                if not ((s == "+" and value > 0) or (s == "-" and value < 0)):
                    return Refusal(f"atom {i}: the sign of <w, x_{j}> is not proved to be {s}")
    S = A.sign_matrix()
    excluded, nondegenerate = set(), True
    p_centre = [mid_fraction(v) for v in p_box]
    centre_column = fmpq_mat(A.n, 1, [fmpq_of(v) for v in p_centre])
    for i, atom in enumerate(system.atoms):
        code = pattern_signs(atom.face)
        off = code != 0
        for region in np.flatnonzero((S[:, off] == code[off]).all(axis=1)).tolist():
            positive, independent = _wall_multipliers(system, i, region, p_box, centre_column)
            if not positive:
                return Refusal(f"atom {i}: a wall multiplier in region {region} is not provably positive")
            nondegenerate = nondegenerate and independent
            excluded.add((region, atom.sign))
    # a value above 1 refutes whatever the largest is: a patch's tree search stops at the first
    off_squared = Certificate(A, p_centre).sup_squared_excluding(excluded, enough=1)
    lipschitz = sum(((pj - arb(fmpq_of(cj))).abs_upper() * arb(sum(fmpq_of(v) ** 2 for v in row)).sqrt()
                     for pj, cj, row in zip(p_box, p_centre, A.X)), arb(0))
    top = arb(fmpq_of(off_squared)).sqrt() + lipschitz
    if not top < 1:
        return Refusal(f"the certificate off the atoms is not proved below 1 (bound {top})")
    unique = _uniqueness(system, w_box)
    second = _second_minimiser(system, w_box, group_c, delta) if unique is False else None
    if unique is None and _ghost_takes_mass(system, group_c, delta):
        unique, second = False, _ghost_minimiser(system, w_box, group_c, delta)
    return Enclosure(box, p_box, c_box, w_box, 1 - top, nondegenerate, unique, delta, second,
                     None if vertex is None else vertex[2])


def _second_minimiser(system, w_box, s_box, delta) -> list:
    """Per-atom signed amplitudes (floats) of another minimiser: ``delta`` moved along a kernel
    direction of the pairs' location matrix, half-way to the nearest bound ``|delta_a| = s_a``."""
    W = np.array([[system.atoms[i].sign * float(w_box[i][k].mid()) / 2 for i, _ in system.pairs]
                  for k in range(system.arrangement.d)])
    kappa = np.linalg.svd(W)[2][-1]
    dm, sm = np.array([float(v.mid()) for v in delta]), np.array([float(v.mid()) for v in s_box[:len(delta)]])
    room = min((sm[a] - np.sign(k) * dm[a]) / abs(k) for a, k in enumerate(kappa) if abs(k) > 1e-12)
    moved = dm + 0.5 * room * kappa
    out = [0.0] * len(system.atoms)
    for g, members in enumerate(system.groups):
        if len(members) == 2:
            out[members[0]], out[members[1]] = (sm[g] + moved[g]) / 2, (sm[g] - moved[g]) / 2
        else:
            out[members[0]] = float(s_box[g].mid())
    return [system.atoms[i].sign * v for i, v in enumerate(out)]


def _ghost_takes_mass(system, s_box, delta) -> bool:
    """Whether another minimiser moves mass from a single atom to its antipode (a ghost): proved
    when ``d`` pairs span the weight space (``delta`` was solved on a basis of them) with
    ``|delta_a| < s_a`` for every pair, and a single atom has positive mass.  Moving ``e`` from
    ``w_i`` to ``-w_i`` changes the fit by ``-t_i e X w_i``, which the pairs' linear part takes
    back (``W delta' = W delta + t_i e w_i``) at no cost: the total mass is unchanged."""
    m = len(system.pairs)
    if delta is None or m < system.arrangement.d or m == len(system.groups):
        return False
    return all(s_box[g] - abs(delta[g]) > 0 for g in range(m)) and any(s_box[g] > 0 for g in range(m, len(system.groups)))


def _ghost_minimiser(system, w_box, s_box, delta) -> list:
    """Per-atom signed amplitudes (floats) of the minimiser of :func:`_ghost_takes_mass`: the
    heaviest single atom gives part of its mass to its ghost, ``delta`` absorbing the change."""
    m = len(system.pairs)
    W = np.array([[system.atoms[i].sign * float(w_box[i][k].mid()) / 2 for i, _ in system.pairs]
                  for k in range(system.arrangement.d)])
    sm, dm = np.array([float(v.mid()) for v in s_box]), np.array([float(v.mid()) for v in delta])
    g = m + int(np.argmax(sm[m:]))
    i = system.groups[g][0]
    flip = str.maketrans("+-", "-+")
    ghost = next(k for k in sorted(system.ghosts) if system.atoms[k] == type(system.atoms[i])(
        system.atoms[i].face.translate(flip), system.atoms[i].sign))
    kappa = np.linalg.pinv(W) @ (system.atoms[i].sign * np.array([float(v.mid()) for v in w_box[i]]))
    room = min([(sm[a] - np.sign(k) * dm[a]) / abs(k) for a, k in enumerate(kappa) if abs(k) > 1e-12] + [np.inf])
    e = min(sm[g], 0.5 * room) / 2
    moved = dm + e * kappa
    out = [0.0] * len(system.atoms)
    for h, members in enumerate(system.groups):
        if len(members) == 2:
            out[members[0]], out[members[1]] = (sm[h] + moved[h]) / 2, (sm[h] - moved[h]) / 2
        else:
            out[members[0]] = sm[h]
    out[i], out[ghost] = sm[g] - e, e
    return [system.atoms[k].sign * v for k, v in enumerate(out)]


def independent_support(system, enclosure) -> bool:
    """Whether the features ``relu(X w_i)`` of the atoms the enclosure charges (no ghost, no
    dropped atom) are proved linearly independent: the listed minimiser is then a vertex of the
    solution polytope ``{a >= 0 on Ext : K a = y - lambda p}``."""
    A = system.arrangement
    charged = [i for i in range(len(system.atoms)) if i not in system.ghosts | dropped_atoms(system, enclosure.vertex)]
    if len(charged) > A.n:
        return False
    with precision(VERIFY_BITS):
        Phi = arb_mat(A.n, len(charged), [sum((enclosure.w[i][k] * system.X[j, k] for k in range(A.d)), arb(0))
                                          if system.atoms[i].face[j] == "+" else arb(0)
                                          for j in range(A.n) for i in charged])
        return bool((Phi.transpose() * Phi).det() > 0)


def _uniqueness(system, w_box):
    """True: the atoms' features are independent; False: more antipodal pairs than dimensions
    (proved: the pairs' linear parts can be traded along a kernel direction with all magnitudes
    kept positive); None: undecided."""
    A, s = system.arrangement, len(system.atoms)
    if len(system.pairs) > A.d:
        return False
    if s == 0:
        return True
    if s > A.n:
        return None
    Phi = arb_mat(A.n, s, [sum((w_box[i][k] * system.X[j, k] for k in range(A.d)), arb(0))
                           if system.atoms[i].face[j] == "+" else arb(0) for j in range(A.n) for i in range(s)])
    return True if (Phi.transpose() * Phi).det() > 0 else None
