"""Conditional gradient by column generation: only the regions the certificate asks for.

Fully corrective Frank-Wolfe on ``P_lambda`` with the regions as columns.  The master problem
is the conic program of :mod:`certificates.solver.numeric.conic` restricted to a working set of (region,
sign) pairs; its solution gives the dual vector ``p = (y - K mu) / lambda``.  The oracle
(the Frank-Wolfe linear step) asks where ``sign * eta_p`` exceeds 1: proved float upper
bounds (:mod:`certificates.dual.screening`) pick the candidates, and the exact per-region
maximiser of :mod:`certificates.dual.projection` (the projection of ``g_R`` onto the closed cone,
on the exact binary value of the float ``p``) decides which pairs join.  When no bound
exceeds ``(1 + tolerance)^2``, ``|eta_p| <= 1 + tolerance`` holds everywhere (up to the float
rounding of ``p`` itself) and the working-set solution is optimal for the whole problem up to
that tolerance; :mod:`certificates.solver.endgame.optimality` then proves it.

The master problem sees only the working set, so arrangements far too large for the full
conic program are solved; the oracle scans all regions with vectorised float work.

Warm start: ``start`` seeds the working set (the pairs of a previous solve, e.g. at a nearby
lambda), and the oracle's dual multipliers carry over from one iteration to the next.
Stopping rule (proved up to float rounding of the objectives): the oracle bounds
``B >= sup |eta_p|^2`` (its float bounds are upper bounds, and the rounding of the region vectors
``g_R`` themselves is added: the projection is 1-Lipschitz), so ``p / sqrt(max(1, B))`` is dual
feasible and its dual objective is a lower bound of the optimum; the gap to the master
problem's primal objective (an upper bound) bounds how far the working-set solution is from
optimal.  The iteration stops when no pair violates ``(1 + tolerance)^2``, or when that gap is
below ``gap_tolerance`` relative (it cannot shrink further at the master solver's accuracy).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from arrangement import Arrangement, DualcertError

from .conic import ConicSolution, recovered, solve_regions
from ...dual.projection import project
from ...dual.screening import dual_bounds, wall_multipliers
from .tree_columns import tree_violations, use_tree

__all__ = ["column_generation", "violations", "ROW_SOLVE_PAIRS"]

ROW_SOLVE_PAIRS = 100_000
"""Above this many (region, sign) pairs the oracle's dual bounds settle each row by its own NNLS
(:func:`~certificates.dual.screening.dual_bounds`): tight, and cheaper than the shared iteration
with many hyperplanes.  Below, the shared iteration alone, cheap there; the working sets, and so
the numerical solutions the end-game reads its faces from, stay those of earlier releases."""


@dataclass(frozen=True)
class ColumnGenerationResult:
    solution: ConicSolution
    iterations: int
    sup_bound: float
    history: tuple
    gap: float = float("nan")   # primal - dual lower bound at the last iterate (the stopping rule)


def _region_gradients(arrangement: Arrangement, p: np.ndarray) -> np.ndarray:
    """``g_R = sum_{j active in R} p_j x_j`` for all regions (floats, regions x d), in blocks: a
    float copy of the whole sign matrix is hundreds of MB at 10^5 regions."""
    S, V = arrangement.sign_matrix(), p[:, None] * arrangement.X_float
    return np.concatenate([(S[lo:lo + 65536] > 0).astype(float) @ V for lo in range(0, len(S), 65536)]) \
        if len(S) else np.zeros((0, arrangement.d))


@np.errstate(over="ignore", invalid="ignore")   # floats filter (inf: no claim); exact projections decide
def violations(arrangement: Arrangement, p, tolerance: float = 1e-7, limit: int | None = None,
               exclude=frozenset(), warm: dict | None = None, chunk: int = 8192):
    """(region, sign) pairs where ``max sign * eta_p > 1 + tolerance`` (at most ``limit``, large
    ``|g_R|`` first), and an upper estimate of ``sup |eta_p|^2`` over the pairs not reported
    (proved float bounds, or float projections where those did not settle a pair).

    >>> from arrangement import Arrangement
    >>> A = Arrangement([[1, 0], [0, 1]])
    >>> found, bound = violations(A, np.array([2.0, -0.5]))
    >>> [(r, s) for r, s, _ in found], bound <= 1
    ([(0, 1), (1, 1)], True)
    """
    if use_tree(arrangement):   # a scan of every region costs more than the pruned tree search
        return tree_violations(arrangement, p, tolerance, limit, exclude)
    p = np.asarray(p, dtype=float)
    G = _region_gradients(arrangement, p)
    n_regions = len(G)
    # the float rounding of g_R: |fl(g) - g| <= gamma_n sum_j |p_j| |x_j| (the projection is
    # 1-Lipschitz, so the same slack bounds the error of every region's maximum)
    n = arrangement.n
    slack = 1.01 * n * 2.0 ** -52 * float((np.abs(p)[:, None] * np.abs(arrangement.X_float)).sum(axis=0) @
                                          np.ones(arrangement.d)) if n else 0.0
    both = np.concatenate([G, -G])
    level = (1 + tolerance) ** 2
    # |Pi_C(g)| <= |g|: only rows with |g| above the level need the dual bound; they are
    # bounded chunk by chunk, largest |g| first, until enough violators are found
    bound = (both * both).sum(axis=1) * (1 + 1e-12)
    above = bound > level
    candidates = np.flatnonzero(above)
    candidates = candidates[np.argsort(-bound[candidates], kind="stable")]
    rest = float(bound[~above].max(initial=0.0))
    found = []
    signs, F = np.concatenate([arrangement.hyperplane_sign_matrix()] * 2), arrangement.hyperplane_normals
    previous = None if warm is None else warm.get("lam")
    for lo in range(0, len(candidates), chunk):
        block = candidates[lo:lo + chunk]
        if limit is not None and len(found) >= limit:
            rest = max(rest, float(bound[block[0]]))
            break
        # warm start: the multipliers of the previous oracle call (p moves little between calls)
        start = None if previous is None else previous[block]
        bound[block], lam = dual_bounds(both[block], 1, signs[block], F,
                                        iterations=150 if start is None else 100, start=start, level=level,
                                        lam_dtype=np.float32, row_solves=len(both) > ROW_SOLVE_PAIRS)
        if warm is not None:
            if previous is None:
                previous = warm["lam"] = np.zeros((len(both), F.shape[0]), dtype=np.float32)   # memory
            previous[block] = np.minimum(lam, np.finfo(np.float32).max)   # no overflow to inf
        for k in block[np.argsort(-bound[block], kind="stable")]:
            if bound[k] <= level or (limit is not None and len(found) >= limit):
                rest = max(rest, float(bound[k]))
                break
            region, sign = int(k % n_regions), (1 if k < n_regions else -1)
            rows, _ = arrangement.walls(region)
            g = sign * G[region]
            # a float projection filters; the exact projection decides (the exact Frank-Wolfe step)
            residual = wall_multipliers(rows, g)[1]
            if residual * residual <= level * (1 - 1e-9) or (region, sign) in exclude:
                rest = max(rest, float(residual * residual))
                continue
            value = project(rows, [Fraction(float(v)) for v in g]).norm_squared
            if value > level:
                found.append((region, sign, value))
            else:
                rest = max(rest, float(value))
    return found, float((np.sqrt(rest) + slack) ** 2) if rest > 0 else float(rest)


@np.errstate(over="ignore", invalid="ignore")   # a float estimate: inf past the floats
def _gap(y, lam, solution, p, sup_squared) -> float:
    """Primal objective of the master solution minus the dual objective of ``p / sqrt(max(1, B))``
    (dual feasible when ``B`` bounds ``sup |eta_p|^2``): an upper bound of its suboptimality."""
    q = p / np.sqrt(max(1.0, sup_squared))
    return solution.objective - (lam * float(y @ q) - 0.5 * lam * lam * float(q @ q))


def _carrying(solution: ConicSolution, relative: float = 1e-9) -> ConicSolution:
    """The master solution without its (numerically) empty pairs: the same measure and ``p``.  A
    pair dropped here comes back when the oracle finds it violated again; the stopping rule
    reads the oracle's bound over every region, so dropping never weakens it."""
    norms = np.linalg.norm(solution.vectors, axis=1) if len(solution.vectors) else np.zeros(0)
    keep = np.flatnonzero(norms > relative * float(norms.max(initial=0.0)))
    return ConicSolution(tuple(solution.pairs[q] for q in keep), solution.vectors[keep], solution.p,
                         solution.objective, solution.status, solution.iterations)


MASTER_ACCURACY = 1e-10
"""The conic master's residual ``y - K mu`` is accurate to about this, relative to ``max(1, |y|)``."""


@np.errstate(over="ignore", invalid="ignore")
def _unresolved(arrangement: Arrangement, y, lam: float) -> bool:
    """Whether the master's ``p = (y - K mu) / lambda`` is below float resolution: its error times
    ``sum_j |x_j|`` bounds the error of ``eta_p``, and past 1 the oracle reads only rounding (a
    feature scale of 2^600 against a bias column of 1 leaves lambda near 2^-600 in the float units;
    every exact violation then lay past 2^1000 and the working set cycled for 500 iterations;
    such a problem is two-scale, the rows with features resolved only to 2^-600 of the bias row)."""
    X = arrangement.X_float
    reach = float(np.linalg.norm(X, axis=1).sum()) if X.size else 0.0
    return not MASTER_ACCURACY * max(1.0, float(np.abs(y).max(initial=0.0))) * reach <= lam


def _master(arrangement: Arrangement, y, lam: float, pairs: list, kept: int, previous):
    """The master problem over ``pairs``, ``(solution, refused)``: on a failure of the conic
    solver, :func:`~certificates.solver.numeric.conic.recovered` (a looser tolerance, then the
    first ``kept`` pairs with their solution ``previous``; before any master that is ``mu = 0``,
    the master over no pair)."""
    return recovered(lambda tolerance: solve_regions(arrangement, y, lam, pairs, tolerance=tolerance),
                     pairs, kept, _zero(arrangement, y, lam) if previous is None else previous)


def _zero(arrangement: Arrangement, y, lam: float) -> ConicSolution:
    """``mu = 0``, the master problem's solution over no pair: ``p = y / lambda``."""
    return ConicSolution((), np.zeros((0, arrangement.d)), y / lam, 0.5 * float(y @ y), "Solved", 0)


def _float(value) -> float:
    """An exact squared value as a float: inf past the float range (p = y / lam with a tiny
    scaled lam), not an OverflowError."""
    return float(value) if value < 2 ** 1000 else float("inf")


def _every_region(arrangement: Arrangement, y, lam: float, iteration: int, history: tuple) -> ColumnGenerationResult:
    """The conic program over every (region, sign) pair, as a result of column generation (bound
    and gap unknown: nan)."""
    S = arrangement.sign_matrix()
    every = [(r, sign) for r in np.flatnonzero((S > 0).any(axis=1)).tolist() for sign in (1, -1)]
    solution, _ = recovered(lambda tolerance: solve_regions(arrangement, y, lam, every, tolerance=tolerance),
                            every, 0, None)
    return ColumnGenerationResult(solution, iteration, float("nan"), history)


def column_generation(arrangement: Arrangement, y, lam: float, tolerance: float = 1e-7,
                      batch: int | None = None, max_iterations: int = 500,
                      on_iteration=None, start=(), gap_tolerance: float = 1e-13) -> ColumnGenerationResult:
    """Solve ``P_lambda`` (``lam > 0``) by column generation over (region, sign) cones.

    ``batch``: at most this many new pairs per iteration (default ``max(10, n)``); ``start``:
    (region, sign) pairs the working set begins with (a warm start).  When the working set comes
    back to one it had and lambda is too small for the master's ``p`` to mean anything to the
    oracle (:func:`_unresolved`), the iteration would only cycle: the conic program over every
    region is solved instead (bound and gap nan).

    >>> from arrangement import Arrangement
    >>> A = Arrangement([[3, 4]])          # one point, |x| = 5: amplitude (5 y - lambda) / 25
    >>> result = column_generation(A, [10.0], 5.0)
    >>> round(result.solution.objective, 6), round(float(result.solution.p[0]), 6)
    (9.5, 0.2)
    """
    if lam <= 0:
        raise DualcertError("column generation needs lambda > 0 (use the conic method for the exact fit)")
    y = np.asarray(y, dtype=float)
    batch = batch or max(10, arrangement.n)
    working: list = list(dict.fromkeys((int(r), int(s)) for r, s in start))
    solution, dropped = _master(arrangement, y, lam, working, 0, None) if working else (None, ())
    working = working[:len(working) - len(dropped)]
    p = y / lam if solution is None else solution.p
    history, warm, seen = [], {}, set()
    refused = {}   # pairs whose master failed, with their values at p (which stays while masters fail)
    for iteration in range(max_iterations):
        found, bound = violations(arrangement, p, tolerance, batch, frozenset(working) | frozenset(refused), warm)
        top = max([bound, *refused.values()] + [_float(v) for _, _, v in found])
        history.append((len(working), top))
        if on_iteration is not None:
            on_iteration(iteration, len(working), top)
        gap = float("nan") if solution is None else _gap(y, lam, solution, p, top)
        if not found or (solution is not None and gap <= gap_tolerance * max(1.0, abs(solution.objective))):
            if solution is None:  # p = y / lambda is feasible: mu = 0 is optimal
                solution = _zero(arrangement, y, lam)
                gap = _gap(y, lam, solution, p, top)
            return ColumnGenerationResult(solution, iteration, top, tuple(history), gap)
        working += [(r, s) for r, s, _ in found]
        if frozenset(working) in seen and _unresolved(arrangement, y, lam):
            return _every_region(arrangement, y, lam, iteration, tuple(history))
        seen.add(frozenset(working))
        kept = len(working) - len(found)
        solution, dropped = _master(arrangement, y, lam, working, kept, solution)
        working = working[:len(working) - len(dropped)]
        refused = {**refused, **{(r, s): _float(v) for r, s, v in found if (r, s) in dropped}} if dropped else {}
        p = solution.p
        if len(working) > 2 * batch:   # keep the master small: only the pairs that carry mass
            solution = _carrying(solution)
            working = list(solution.pairs)
    raise DualcertError(f"column generation did not converge in {max_iterations} iterations")
