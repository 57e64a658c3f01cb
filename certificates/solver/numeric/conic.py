"""The training problem as a finite conic program over the dual regions, solved by Clarabel.

A measure ``mu`` on the sphere acts on the data only through the closed regions: for
``mu >= 0`` carried by the closure of a region R (activation pattern A),
``K mu = D_A X v`` with ``v = int w dmu(w)`` in the closed cone C_R and
``|v| <= |mu|_TV``; conversely ``v in C_R`` is reproduced by ``|v| delta_{v/|v|}``.  So

    P_lambda = min  1/2 |sum_R D_R X (u_R - v_R) - y|^2 + lambda sum_R (|u_R| + |v_R|)
               over u_R, v_R in C_R,

one second-order cone per region and sign and the region's walls as linear inequalities
(a group lasso; this is the exact reformulation, not a sampled one).  With ``lambda = 0`` it
is the exact-fit problem ``min sum_R |u_R| + |v_R|`` subject to ``sum_R D_R X (u_R - v_R) = y``.
Any subset of (region, sign) pairs gives the restricted problem used by column generation.

Numbers here are floats: this module finds the solution, :mod:`certificates.solver.endgame.optimality`
proves it.
"""

from __future__ import annotations

from dataclasses import dataclass

import clarabel
import numpy as np
import scipy.sparse as sp

from arrangement import Arrangement, DualcertError

from ...dual.screening import float_rows

__all__ = ["ConicSolution", "solve_regions", "recovered"]


@dataclass(frozen=True)
class ConicSolution:
    """``vectors[q]``: the cone vector of ``pairs[q] = (region, sign)``; ``p`` the dual vector."""

    pairs: tuple
    vectors: np.ndarray
    p: np.ndarray
    objective: float
    status: str
    iterations: int


def solve_regions(arrangement: Arrangement, y, lam: float, pairs, tolerance: float = 1e-10) -> ConicSolution:
    """Solve ``P_lambda`` (or the exact fit for ``lam == 0``) over the cones of ``pairs``.

    >>> from arrangement import Arrangement
    >>> A = Arrangement([[1, 0]])
    >>> s = solve_regions(A, [2.0], 1.0, [(0, 1)])    # one point: amplitude y - lambda = 1
    >>> round(float(np.linalg.norm(s.vectors[0])), 6), round(float(s.p[0]), 6)
    (1.0, 1.0)
    """
    X = arrangement.X_float
    n, d = X.shape
    y = np.asarray(y, dtype=float)
    pairs = tuple((int(r), int(s)) for r, s in pairs)
    m = len(pairs)
    if m == 0 and lam == 0:
        raise DualcertError("the exact-fit problem needs at least one region")
    S = arrangement.sign_matrix()
    regions = np.array([r for r, _ in pairs], dtype=np.int64)
    signs = np.array([s for _, s in pairs], dtype=float)
    active = (S[regions] > 0) if m else np.zeros((0, n), dtype=bool)
    # M[j, q*d + k] = sign_q * [j active in region_q] * X[j, k]
    q_idx, j_idx = np.nonzero(active)
    rows = np.repeat(j_idx, d)
    cols = (q_idx[:, None] * d + np.arange(d)).ravel()
    vals = (signs[q_idx][:, None] * X[j_idx]).ravel()
    M = sp.csc_matrix((vals, (rows, cols)), shape=(n, m * d))
    # walls: -<s_j x_j, z_q> <= 0, rows normalised for conditioning
    wall_rows, wall_cols, wall_vals, n_walls = [], [], [], 0
    for q, (region, _) in enumerate(pairs):
        walls = arrangement.walls(region)[0]
        W = float_rows(walls)[0] if len(walls) else np.zeros((0, d))   # scaled past the float range
        if len(W):
            W /= np.linalg.norm(W, axis=1)[:, None]
            k = len(W)
            wall_rows.append(np.repeat(np.arange(n_walls, n_walls + k), d))
            wall_cols.append(np.tile(q * d + np.arange(d), k))
            wall_vals.append(-W.ravel())
            n_walls += k
    cat = (lambda parts, dtype: np.concatenate(parts) if parts else np.zeros(0, dtype=dtype))
    Wm = sp.csc_matrix((cat(wall_vals, float), (cat(wall_rows, np.int64), cat(wall_cols, np.int64))),
                       shape=(n_walls, m * d))
    # second-order cones (t_q, z_q): s = -x on those coordinates
    soc_t = sp.csc_matrix((-np.ones(m), (np.arange(m) * (d + 1), np.arange(m))), shape=(m * (d + 1), m))
    soc_z_rows = (np.arange(m)[:, None] * (d + 1) + 1 + np.arange(d)).ravel()
    soc_z = sp.csc_matrix((-np.ones(m * d), (soc_z_rows, np.arange(m * d))), shape=(m * (d + 1), m * d))
    if lam > 0:
        # variables [r (n), t (m), z (m d)]; r = M z - y
        P = sp.block_diag([sp.identity(n), sp.csc_matrix((m + m * d, m + m * d))], format="csc")
        q = np.concatenate([np.zeros(n), lam * np.ones(m), np.zeros(m * d)])
        A = sp.vstack([sp.hstack([sp.identity(n), sp.csc_matrix((n, m)), -M]),
                       sp.hstack([sp.csc_matrix((n_walls, n + m)), Wm]),
                       sp.hstack([sp.csc_matrix((m * (d + 1), n)), soc_t, soc_z])], format="csc")
        b = np.concatenate([-y, np.zeros(n_walls + m * (d + 1))])
        offset = n + m
    else:
        P = sp.csc_matrix((m + m * d, m + m * d))
        q = np.concatenate([np.ones(m), np.zeros(m * d)])
        A = sp.vstack([sp.hstack([sp.csc_matrix((n, m)), M]),
                       sp.hstack([sp.csc_matrix((n_walls, m)), Wm]),
                       sp.hstack([soc_t, soc_z])], format="csc")
        b = np.concatenate([y, np.zeros(n_walls + m * (d + 1))])
        offset = m
    cones = [clarabel.ZeroConeT(n)]
    if n_walls:
        cones.append(clarabel.NonnegativeConeT(n_walls))
    cones += [clarabel.SecondOrderConeT(d + 1)] * m
    sol = _clarabel(sp.triu(P, format="csc"), q, A, b, cones, tolerance)
    status = str(sol.status)
    if "Solved" not in status:
        raise DualcertError(f"the conic solver stopped with status {status}")
    x = np.array(sol.x)
    Z = x[offset:].reshape(m, d)
    if lam > 0:
        fit = M @ x[offset:]
        p = (y - fit) / lam
        objective = 0.5 * float(np.sum((fit - y) ** 2)) + lam * float(np.linalg.norm(Z, axis=1).sum())
    else:
        p = -np.array(sol.z[:n])
        objective = float(np.linalg.norm(Z, axis=1).sum())
    return ConicSolution(pairs, Z, p, objective, status, int(sol.iterations))


def recovered(solve, pairs, kept: int, previous: ConicSolution | None):
    """A master problem over ``pairs`` solved by ``solve(tolerance)``, as ``(solution, refused)``.
    When the conic solver fails on it (Clarabel's NumericalError on thin cones: raw-scale data
    sampled in standardised coordinates, two-scale data), once more at a looser tolerance, then
    the working set as it was before the newest pairs (its first ``kept``) with its master
    solution ``previous``, the newest pairs ``refused``: a column generation leaves those out
    until a master succeeds again.  Dropping columns loses no exactness: a run still ends on
    its oracle's bound over every region, and the end-game proves or refuses what it gives.
    Without a solution to go back to, the failure is raised.

    >>> def flaky(tolerance):
    ...     if tolerance < 1e-9:
    ...         raise DualcertError("the conic solver stopped with status NumericalError")
    ...     return "solved at 1e-8"
    >>> recovered(flaky, [(0, 1)], 0, None)
    ('solved at 1e-8', ())
    """
    failure = None
    for tolerance in (1e-10, 1e-8):
        try:
            return solve(tolerance), ()
        except DualcertError as exc:
            failure = exc
    if previous is None or kept >= len(pairs):
        raise failure
    return previous, tuple(pairs[kept:])


# (equilibrate, iteration limit) in turn: Ruiz equilibration first, as always (the same
# iterates as the old single solve, which well-posed masters end in 10 - 40 iterations: its
# outcome is kept whenever it stops before the limit); on many thin cones clustered around one
# direction (the first rounds of column generation on raw-scale data: diabetes[bmi,bp] with
# 442 pairs) it runs to its limit (400 iterations, 42 s) where the unequilibrated problem is
# solved in about 50 (4 s); when that is not "Solved" either, the old single solve.  An
# equilibrated attempt that stops for insufficient progress is passed over too (a master of
# iris:virginica-rest at lambda 1/10: the unequilibrated one is AlmostSolved in 22 iterations)
_ATTEMPTS = ((True, 50), (False, 400), (True, 400))
_STALLED = ("MaxIterations", "InsufficientProgress")


def _clarabel(P, q, A, b, cones, tolerance):
    """Clarabel's solution: the first attempt of :data:`_ATTEMPTS` that does not stall (stop at
    its iteration limit or for insufficient progress), unless it is an unequilibrated one short
    of ``Solved``; else the first ``AlmostSolved`` one, else the last."""
    almost = None
    for equilibrate, limit in _ATTEMPTS:
        settings = clarabel.DefaultSettings()
        settings.verbose = False
        settings.tol_gap_abs = settings.tol_gap_rel = tolerance
        settings.tol_feas = settings.tol_ktratio = tolerance
        settings.max_iter = limit
        settings.equilibrate_enable = equilibrate
        sol = clarabel.DefaultSolver(P, q, A, b, cones, settings).solve()
        status = str(sol.status)
        if status == "Solved" or (equilibrate and status not in _STALLED):
            return sol
        almost = almost or (sol if "Solved" in status else None)
    return almost or sol
