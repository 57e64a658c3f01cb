"""A face guess for many numerical atoms: a float active-set refinement of the optimality system.

Column generation at scale returns an interior point of the solution set: one atom in every
region around a face where several hyperplanes meet (near-duplicates of one point), tiny atoms
wherever ``|eta|`` is within the solver's tolerance of 1, and, with a bias, antipodal pairs
whose linear parts make the minimiser non-unique.  Read face by face, such a solution gives
systems that are singular (two faces read for one point, more pairs than dimensions) or
infeasible (an atom on a wrong face, a needed one dropped).  Here, in floats only:

1. near-duplicates (same sign, closer than ``distance``) become one atom with the features of
   the cluster (direction and size of ``sum c_i w_i``); clusters of one sign that are nearly
   antipodal are made exactly antipodal, so that the pair is read as a pair;
2. a vertex of the solution polytope over the clusters thins them; atoms below ``1e-3`` of the
   largest are dropped (the loop below puts back what is needed), and so are faces without
   features (``E = 0``);
3. Newton on the optimality system of the faces read (the paired form when antipodal pairs
   are present; each system reuses the factors of the faces it shares with the last ones,
   :mod:`certificates.solver.endgame.factors`), then one change at a time: atoms converged to
   one point are one atom, on the smallest face (all such groups at once); a group with a
   negative amplitude leaves; a candidate face (read off a
   numerical atom or a cluster) whose maximiser ``t E p`` stays on it with ``|E p| > 1`` joins,
   else the face of the largest cone maximum above 1 over the listed regions of a patch; when
   the pairs' linear part cannot be split with nonnegative magnitudes, the antipodes that must
   take mass (a float LP) join as new pairs.

It ends with a regular system, positive amplitudes, a feasible split and no candidate above 1:
a guess, proved or refuted downstream by the end-game's Krawczyk test and exact gate like any
other.  A cycle of changes restarts once from the last solve's atoms thinned to a vertex of
their solution set; a second cycle, or no settled system within ``rounds`` changes, gives None.

>>> from arrangement import Arrangement
>>> atoms = [([0.6, 0.8], 1, 1.0), ([0.6, 0.8 + 1e-9], 1, 0.5)]
>>> [(s, round(c, 9)) for _, s, c in clustered(atoms)]
[(1, 1.5)]
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy.linalg import LinAlgWarning, lstsq, lu_factor, lu_solve
from scipy.optimize import linprog, nnls

from .factors import face_factors
from .faces import FACE_TOLERANCES, float_face
from .optimality import AtomFace, OptimalitySystem, antipodal_pairs, identify_faces
from .vertex_guess import vertex_atoms

__all__ = ["clustered", "refined_guess"]


def clustered(atoms, distance: float = 1e-3) -> list:
    """Float atoms ``(w, sign, magnitude)`` with same-sign atoms closer than ``distance`` merged
    (a greedy pass, heaviest first) into the atom with the same features on one closed region:
    direction and magnitude of ``sum_i c_i w_i``.  Then two clusters of one sign within
    ``distance`` of antipodal are made exactly antipodal (a pair the paired system can read).

    >>> [([round(float(v), 7) for v in w], round(c, 9)) for w, _, c in clustered([([1.0, 0.0], 1, 1.0),
    ...                                                          ([0.0, 1.0], 1, 2.0), ([1.0, 1e-6], 1, 3.0)])]
    [([1.0, 7e-07], 4.0), ([0.0, 1.0], 2.0)]
    >>> [[round(float(v), 5) for v in w] for w, _, _ in clustered([([0.6, 0.8], 1, 1.0), ([-0.6, -0.8 + 1e-6], 1, 1.0)])]
    [[0.6, 0.8], [-0.6, -0.8]]
    """
    out: list = []   # [sum c w, sign, first member's direction]
    for w, s, c in sorted(atoms, key=lambda atom: -atom[2]):
        v = np.asarray(w, dtype=float)
        if not (np.all(np.isfinite(v)) and np.isfinite(c) and c > 0 and np.abs(v).max(initial=0) > 0):
            continue        # no direction or no mass: nothing to cluster
        for item in out:
            if item[1] == s and np.linalg.norm(item[2] - v) < distance:
                item[0] = item[0] + c * v
                break
        else:
            out.append([c * v, s, v])
    merged = [[total / np.linalg.norm(total), s, float(np.linalg.norm(total))] for total, s, _ in out
              if np.linalg.norm(total) > 0]
    for i, a in enumerate(merged):
        for b in merged[i + 1:]:
            if a[1] == b[1] and np.linalg.norm(a[0] + b[0]) < distance:
                u = (a[0] - b[0]) / np.linalg.norm(a[0] - b[0])
                a[0], b[0] = u, -u
    return [(w, s, c) for w, s, c in merged]


def _system(arrangement, y, lam, faces, p, magnitudes):
    system = OptimalitySystem(arrangement, y, lam, faces, pairs=bool(antipodal_pairs(faces)))
    if not system.consistent:
        return None
    x = system.start(p, list(magnitudes) + [0.0] * (len(system.atoms) - len(faces)))
    best, stalled, first = np.inf, 0, None
    for _ in range(60):
        residual = system.residual(x)
        size = float(np.abs(residual).max(initial=0))
        first = size if first is None else first
        best, stalled = (size, 0) if size < 0.5 * best else (best, stalled + 1)
        if stalled >= 3:        # a singular system (a change comes next) or already at float accuracy
            break
        step = _step(system, x, residual, size, near=stalled == 0 and size < 1e-4 * first)
        x = x + step
        if np.abs(step).max(initial=0) <= 1e-15 * (1 + np.abs(x).max(initial=0)):
            break
    return system, x


def _step(system, x, residual, size: float, near: bool) -> np.ndarray:
    """A Newton step: ``near`` a zero (the residual down by 1e-4, and halved by the last step)
    by LU when that halves the residual (eight times faster than least squares on the 700 x 700
    Jacobians of a few hundred atoms at n = 442), else the least-squares step, which a nearly
    singular Jacobian needs (LU steps far from a zero led Newton astray there)."""
    J = system.jacobian(x)
    if near:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LinAlgWarning)      # a singular LU: the least-squares step below
            step = lu_solve(lu_factor(J), -residual)
        if np.all(np.isfinite(step)) and float(np.abs(system.residual(x + step)).max(initial=0)) < 0.5 * size:
            return step
    # QR with pivoting: LAPACK's SVD-based least squares took 100 times longer on some of
    # these nearly singular Jacobians (half a second for 123 x 123)
    return lstsq(J, -residual, lapack_driver="gelsy")[0]


def _candidates(arrangement, atoms) -> dict:
    """Every face read off a numerical atom at a tolerance of the ladder, with its float ``E``."""
    out: dict = {}
    for w, s, _ in atoms:
        for tolerance in (0.0,) + FACE_TOLERANCES:
            face = AtomFace(float_face(arrangement, w, tolerance), int(s))
            if face not in out:
                out[face] = _float_E(arrangement.X_float, face.face)
    return out


def _float_E(X, face: str) -> np.ndarray:
    """``P X^T D_A`` in floats: ``P`` the projector onto the orthogonal complement of the zero rows."""
    Z = X[[j for j, ch in enumerate(face) if ch == "0"]]
    P = np.eye(X.shape[1])
    if len(Z):
        _, s, Vt = np.linalg.svd(Z)
        rank = int((s > 1e-12 * max(s.max(initial=0), 1e-300)).sum())
        P = P - Vt[:rank].T @ Vt[:rank]
    return P @ (X.T * np.array([ch == "+" for ch in face]))


def _worst_violator(arrangement, candidates, p, present):
    """The candidate face whose maximiser ``t E p`` stays on it with the largest ``|E p| > 1``."""
    X = arrangement.X_float
    norms = np.maximum(np.linalg.norm(X, axis=1), 1e-300)
    best, top = None, 1 + 1e-9
    for face, E in candidates.items():
        if face in present:
            continue
        w = face.sign * (E @ p)
        value = float(np.linalg.norm(w))
        if value <= top:
            continue
        u = (X @ w) / norms / value
        if all(ch == "0" or (ch == "+" and v > -1e-12) or (ch == "-" and v < 1e-12) for ch, v in zip(face.face, u)):
            best, top = face, value
    return best


def refined_guess(arrangement, y, lam, numeric_p, float_atoms, rounds: int = 60):
    """``(p, atoms, system, x)`` from the refinement above (floats, and the optimality system with
    its Newton zero ``x``), or None when it does not settle
    (or float linear algebra fails on it: a guess never raises)."""
    if lam <= 0 or not float_atoms:
        return None
    try:
        return _refine(arrangement, y, lam, numeric_p, float_atoms, rounds)
    except (np.linalg.LinAlgError, ZeroDivisionError, FloatingPointError, ValueError, RuntimeError):
        # ValueError: linprog on non-finite input; RuntimeError: nnls out of iterations
        return None


def _refine(arrangement, y, lam, numeric_p, float_atoms, rounds):
    clusters = clustered(float_atoms)
    start = vertex_atoms(arrangement, clusters)
    if not start:
        return None
    top = max(c for *_, c in start)
    # a face without features (no active point left once its zeros are projected out: E = 0)
    # carries no atom, and its norm equation 0 = 1 only makes every system singular
    merged = [(f, c) for f, c in identify_faces(arrangement, [a for a in start if a[2] > 1e-3 * top], FACE_TOLERANCES[2])
              if any(face_factors(arrangement, f.face)[1].entries())]
    if not merged:
        return None
    faces, magnitudes, p = [f for f, _ in merged], [c for _, c in merged], np.asarray(numeric_p, dtype=float)
    candidates = _candidates(arrangement, list(float_atoms) + clusters)
    cones = _Cones(arrangement)
    visited, last, cycled = set(), [], False
    for _ in range(rounds):
        if frozenset(faces) in visited:
            # a cycle of changes: once, the last solve's atoms thinned to a vertex of their
            # solution set (a new start on fewer faces), else no settled guess
            if cycled:
                return None
            cycled, thinned = True, vertex_atoms(arrangement, [a for a in last if a[2] > 0]) or []
            merged = identify_faces(arrangement, thinned, FACE_TOLERANCES[0])
            faces, magnitudes = [f for f, _ in merged], [c for _, c in merged]
            if not faces or frozenset(faces) in visited:
                return None
        visited.add(frozenset(faces))
        solved = _system(arrangement, y, lam, faces, p, magnitudes)
        if solved is None:
            return None
        system, x = solved
        if not np.all(np.isfinite(x)):
            return None
        p, atoms = system.float_solution(x)
        last = own = atoms[:len(faces)]
        magnitudes = [c for *_, c in own]
        merged = _coincident(faces, own)
        if merged:
            dropped = {k for group in merged for k in group[1:]}
            for keep, *rest in merged:
                magnitudes[keep] += sum(magnitudes[k] for k in rest)
            faces = [f for i, f in enumerate(faces) if i not in dropped]
            magnitudes = [c for i, c in enumerate(magnitudes) if i not in dropped]
            continue
        groups = x[system.r + system.rho:]
        if len(groups) and float(np.min(groups)) < 0:
            drop = set(system.groups[int(np.argmin(groups))])
            faces = [f for i, f in enumerate(faces) if i not in drop]
            magnitudes = [max(c, 1e-3) for i, c in enumerate(magnitudes) if i not in drop]
            continue
        joining = _worst_violator(arrangement, candidates, p, set(system.atoms))
        if joining is None:
            joining = cones.violator(p, set(system.atoms))
        if joining is not None:
            faces, magnitudes = faces + [joining], [max(c, 0.0) for c in magnitudes] + [1e-3]
            continue
        ghosts = _ghosts_joining(system, x, atoms)
        if ghosts is None:
            return None
        if ghosts:      # a single atom's antipode takes mass: one more pair
            flip = str.maketrans("+-", "-+")
            for i, e in ghosts.items():
                magnitudes[i] -= e
                faces.append(AtomFace(faces[i].face.translate(flip), faces[i].sign))
                magnitudes.append(e)
            continue
        singular = np.linalg.svd(system.jacobian(x), compute_uv=False)
        residual = float(np.abs(system.residual(x)).max(initial=0))
        if residual > 1e-9 or singular[-1] <= 1e-14 * singular[0]:
            return None
        return p, [(w, s, c) for w, s, c in own if c > 0], system, x
    return None


def _ghosts_joining(system, x, atoms):
    """``{single atom index: mass its ghost takes}`` for the pairs' linear part ``v`` to split with
    nonnegative magnitudes (a float LP, least ghost mass first): ``sum_a t_a delta_a w_a / 2 -
    sum_i t_i e_i w_i = v`` with ``|delta_a| <= s_a``, ``0 <= e_i <= c_i`` (moving ``e_i`` from a
    single atom to its antipode adds ``t_i e_i X w_i`` to the linear part); ``{}`` when no ghost
    is needed, None when no split exists."""
    if not system.pairs:
        return {}
    _, v, c = system._split(x)
    m, d = len(system.pairs), system.arrangement.d
    singles = [g[0] for g in system.groups[m:]]
    W = np.array([[system.atoms[i].sign * atoms[i][0][k] / 2 for i, _ in system.pairs] +
                  [-system.atoms[i].sign * atoms[i][0][k] for i in singles] for k in range(d)])
    lp = linprog(np.r_[np.zeros(m), np.ones(len(singles))], A_eq=W, b_eq=v, method="highs",
                 bounds=[(-abs(s), abs(s)) for s in c[:m]] + [(0, max(float(s), 0.0)) for s in c[m:]])
    if lp.status != 0:
        return None
    top = max(float(np.abs(c).max(initial=0)), 1e-300)
    return {i: float(e) for i, e in zip(singles, lp.x[m:]) if e > 1e-9 * top}


class _Cones:
    """The listed regions of a :class:`~certificates.dual.patch.Patch` (none for a full
    arrangement: its regions are not enumerated for a guess), each with its float walls, for
    the maximum of ``sign * eta_p`` over the closed cone: ``|Pi_C(g)|``, ``g = sign X^T D p``."""

    def __init__(self, arrangement):
        self.arrangement, self.X, self.items = arrangement, arrangement.X_float, []
        if getattr(arrangement, "partial", False):
            for k, region in enumerate(arrangement.regions()):
                rows = np.array(arrangement.walls(k)[0], dtype=float).reshape(-1, arrangement.d)
                rows = rows / np.maximum(np.linalg.norm(rows, axis=1), 1e-300)[:, None]
                self.items.append((np.array([ch == "+" for ch in region.pattern]), rows))

    def violator(self, p, present):
        """The face (read off the projected point) of the region and sign with the largest
        cone maximum above 1, when it is not ``present``; None if none."""
        best, top = None, 1 + 1e-9
        for active, rows in self.items:
            g = self.X.T @ (p * active)
            for sign in (1, -1):
                if float(np.linalg.norm(g)) <= top:     # |Pi_C(g)| <= |g|
                    break
                lam_, _ = nnls(rows.T, -sign * g) if len(rows) else (np.zeros(0), 0.0)
                w = sign * g + rows.T @ lam_
                value = float(np.linalg.norm(w))
                if value > top:
                    face = AtomFace(float_face(self.arrangement, w / value, FACE_TOLERANCES[0]), sign)
                    if face not in present:
                        best, top = face, value
        return best

def _coincident(faces, atoms) -> list:
    """Groups of two or more same-sign atoms at one point, each with the face of most zeros
    first (the one kept): all of them at once, since a guess of hundreds of faces can have
    hundreds of such pairs and each change costs a Newton solve."""
    W = np.array([np.asarray(w, dtype=float) for w, *_ in atoms]).reshape(len(atoms), -1)
    signs = np.array([face.sign for face in faces])
    scale = 1e-6 * np.maximum(1.0, np.linalg.norm(W, axis=1))
    close = (np.linalg.norm(W[:, None, :] - W[None, :, :], axis=2) < scale[:, None]) & (signs[:, None] == signs[None, :])
    groups, seen = [], set()
    for i in range(len(faces)):
        members = [] if i in seen else [k for k in np.flatnonzero(close[i]).tolist() if k not in seen]
        seen.update(members)
        if len(members) > 1:
            groups.append(sorted(members, key=lambda k: -faces[k].face.count("0")))
    return groups
