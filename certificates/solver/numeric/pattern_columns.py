"""Column generation over sign patterns, for data whose regions are too many to enumerate.

The master problem of :mod:`certificates.solver.conic` needs, per (region, sign) pair, only the
region's activation pattern and its closed cone; here the working set is a list of patterns,
found by random directions (exact patterns of rational points) and, when those find no
violation, by the exact tree search of :mod:`certificates.dual.tree_oracle`.  The run ends when
the tree proves ``sup |eta_p| <= 1 + tolerance`` for the float dual vector read exactly: the
numerical solution is then optimal up to that tolerance (weak duality), with no region
enumerated.  The exact end-game is not run here.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from scipy.optimize import linprog
from scipy.spatial import ConvexHull

from arrangement import Arrangement, DualcertError
from arrangement.numbers import rational, rational_vector

from ...dual.screening import nonnegative_least_squares
from ...dual.tree_oracle import violators
from .conic import ConicSolution, recovered, solve_regions
from .tree_columns import directions, leaf_columns

__all__ = ["PatternSolution", "pattern_column_generation"]

DROP_AFTER = 2
"""The master problem drops its pairs that carry no mass once it has more than this many batches."""

TREE_BATCHES = 1
"""A tree search stops after this many batches of violators per sign."""

NEAR = Fraction(99, 100)
"""A tree search's leaves with maximum above this (and at most the stopping level) become columns too."""

ASCENT = True
"""Whether the sampling oracle also reads the regions of its best samples moved uphill
(:func:`_ascended`): thin violated regions found there instead of by a tree search."""

_BLOCK = 2_000_000
"""Entries of a samples x data block of :func:`_sampled` (16 MB of int64)."""


@dataclass(frozen=True)
class PatternSolution:
    """``patterns[q]``, ``signs[q]``: the working pairs; ``solution``: the master problem's;
    ``proved_level``: ``1 + tolerance``, with ``sup |eta_p| <= proved_level`` proved exactly for
    ``p = solution.p`` read as exact binary rationals (divided by ``row_scale``), or None when
    that bound fails (a working pair of the float master problem above it)."""

    patterns: tuple
    signs: tuple
    solution: ConicSolution
    iterations: int
    proved_level: Fraction | None
    atoms: int


class _Cones:
    """The working set seen by :func:`~certificates.solver.conic.solve_regions` as an arrangement.

    ``facets``: a dict shared across rounds; with it, ``walls`` gives each cone only the rows
    a float hull calls facets (every distinct hyperplane bounds a pattern's cone, but a
    region has few facets: the master problem's size was almost all redundant walls)."""

    def __init__(self, arrangement: Arrangement, patterns, facets=None):
        self.X_float, self._A, self._patterns, self._facets = arrangement.X_float, arrangement, patterns, facets
        self._S = np.array([[1 if c == "+" else -1 if c == "-" else 0 for c in pat] for pat in patterns],
                           dtype=np.int8).reshape(len(patterns), arrangement.n)

    def sign_matrix(self):
        return self._S

    def walls(self, q):
        # the first data row of every distinct hyperplane (the arrangement's own list); a cone's
        # rows are built only for its cached facets (all rows per call was 14% of a 22-million-region solve)
        firsts = [members[0] for members in self._A.hyperplanes]
        keep = None if self._facets is None else self._facets.get(self._patterns[q])
        chosen = firsts if keep is None else [firsts[i] for i in keep]
        integer_rows = self._A.integer_rows
        rows = [[int(self._S[q, j]) * int(v) for v in integer_rows[j]] for j in chosen]
        if keep is not None or self._facets is None:
            return rows, chosen
        try:
            keep = _facet_rows(np.array(rows, dtype=float).reshape(len(rows), self._A.d))
        except OverflowError:   # integer rows beyond the float range: keep them all
            keep = list(range(len(rows)))
        self._facets[self._patterns[q]] = keep
        return [rows[i] for i in keep], [chosen[i] for i in keep]


def _facet_rows(B: np.ndarray) -> list:
    """Positions of the rows of ``B`` that (in floats) define facets of ``{w : B w >= 0}``: the
    extreme rays of the polar cone, as hull vertices of the rows scaled onto the plane
    ``<w0, .> = 1`` for an interior ``w0``.  A float filter for the float master problem only
    (near-coplanar rows are kept); every row when anything is in doubt.

    >>> B = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1], [2, 1, 1], [1, 2, 3], [1, 1, 0], [3, 1, 2]]
    >>> _facet_rows(np.array(B, dtype=float))        # the positive octant: its three walls
    [0, 1, 2]
    """
    m, d = B.shape
    everything = list(range(m))
    if d < 3 or m <= 2 * d:
        return everything
    B = B / np.linalg.norm(B, axis=1)[:, None]
    # an interior point of large margin: max t subject to B w >= t, |w_i| <= 1
    lp = linprog(np.r_[np.zeros(d), -1.0], A_ub=np.c_[-B, np.ones(m)], b_ub=np.zeros(m),
                 bounds=[(-1, 1)] * d + [(None, 1)], method="highs")
    if lp.status != 0 or lp.x[-1] < 1e-6:
        return everything       # a thin cone: no reliable float facets
    w0 = lp.x[:d] / np.linalg.norm(lp.x[:d])
    P = B / (B @ w0)[:, None]
    basis = np.linalg.svd(w0[None, :])[2][1:]          # an orthonormal basis of w0's complement
    try:
        hull = ConvexHull(P @ basis.T)
    except Exception:           # qhull: degenerate input (all rows in a subspace, ...)
        return everything
    keep = set(hull.vertices.tolist()) | set(hull.coplanar[:, 0].tolist())
    # the kept cone's extreme rays (one per hull facet n.u + c <= 0: w = -c w0 - basis^T n) must
    # satisfy every row; a row one of them breaks (a facet qhull merged away) is kept too
    rays = -hull.equations[:, -1:] * w0 - hull.equations[:, :-1] @ basis
    rays /= np.linalg.norm(rays, axis=1)[:, None]
    keep |= set(np.flatnonzero((B @ rays.T < -1e-9).any(axis=1)).tolist())
    return sorted(keep)


def _ascended(X: np.ndarray, p: np.ndarray, W: np.ndarray, keep: int = 2000, steps: int = 80) -> np.ndarray:
    """The ``keep / 2`` directions of ``W`` where ``eta_p``, and as many where ``-eta_p``, is largest, moved uphill on the sphere
    (``sign * eta`` of their sign, by steps along its tangent gradient, each taken only when it
    gains, lengthened after a gain and halved after a loss).  A violated region too thin for random
    directions to hit lies at or next to a local maximum of ``|eta|`` above 1, which the
    ascent from a nearby sample reaches: floats only, a guess of where to look (the patterns
    and values are read off the points as for any sample).

    >>> X = np.array([[1.0, 0.0], [0.0, 1.0]])      # eta = relu(w1) + relu(w2): sqrt 2 at (1, 1)/sqrt 2
    >>> V = _ascended(X, np.array([1.0, 1.0]), np.array([[1.0, 0.1], [0.3, 1.0]]), keep=2)
    >>> np.round(V / np.linalg.norm(V, axis=1)[:, None], 3).tolist()
    [[0.707, 0.707], [0.707, 0.707]]
    """
    V = W / np.linalg.norm(W, axis=1)[:, None]
    values = np.maximum(V @ X.T, 0.0) @ p
    # of each sign its own best: the largest of one sign can crowd out the other's
    top = np.concatenate([np.argsort(-sign * values, kind="stable")[:keep // 2] for sign in (1, -1)])
    V, sign = V[top], np.where(values[top] < 0, -1.0, 1.0)
    value, step = sign * values[top], np.full(len(top), 1e-3)
    for _ in range(steps):
        G = ((V @ X.T > 0) * p) @ X * sign[:, None]
        G -= (G * V).sum(axis=1)[:, None] * V       # the tangent part
        moved = V + step[:, None] * G / np.maximum(np.linalg.norm(G, axis=1), 1e-300)[:, None]
        moved /= np.maximum(np.linalg.norm(moved, axis=1), 1e-300)[:, None]
        new = sign * (np.maximum(moved @ X.T, 0.0) @ p)
        # thin cones: a step that leaves the region uphill is taken back and halved
        better = new > value
        V[better], value[better] = moved[better], new[better]
        step = np.where(better, 1.5 * step, 0.5 * step)
    return V


SPREAD_RATIO = 16.0
"""Column scales (root mean square, the bias column's is 1) further apart than this factor make
:func:`_spreading` sample Gaussian directions in the data's standardised coordinates."""


def _spreading(X: np.ndarray) -> np.ndarray | None:
    """``T`` with ``<x_j, g T> = <z_j, g>`` for the z-scores ``z_j`` of the data (the bias column,
    when the last column is constant, kept as 1), or None when the columns' scales are within
    :data:`SPREAD_RATIO`.  On raw-scale data (wine: proline near 700 next to the bias 1) every
    hyperplane is nearly orthogonal to the largest feature's axis, and Gaussian directions all
    fall where every point is active or none is (515 distinct patterns of 50,000 samples,
    42,763 through ``T``): a float guess of where regions are, as before.

    >>> X = np.array([[1000.0, 1.0], [3000.0, 1.0], [2000.0, 1.0]])
    >>> T = _spreading(X)
    >>> np.round(np.array([[1.0, 0.0]]) @ T @ X.T, 6).tolist() == [[-1.224745, 1.224745, 0.0]]    # z-scores
    True
    """
    n, d = X.shape
    scales = np.sqrt((X ** 2).mean(axis=0))
    if n < 2 or scales.min() <= 0 or scales.max() <= SPREAD_RATIO * scales.min():
        return None
    bias = bool(np.all(X[:, -1] == X[0, -1]))
    features = d - 1 if bias else d
    mean, deviation = X[:, :features].mean(axis=0), X[:, :features].std(axis=0)
    if not bias:
        mean = np.zeros(features)
    deviation = np.where(deviation > 0, deviation, scales[:features])
    # rows: z_j = (x_j - mean) / deviation, the bias coordinate x_j[-1] / X[0, -1]
    T = np.zeros((d, d))
    T[:features, :features] = np.diag(1 / deviation)
    if bias:
        T[:features, -1] = -mean / deviation / X[0, -1]
        T[-1, -1] = 1 / X[0, -1]
    return T


def _spread_directions(X: np.ndarray, p: np.ndarray, samples: int, centres, seed: int) -> np.ndarray:
    """The sample directions of :func:`_sampled` (Gaussian, clustered around ``centres``, and
    moved uphill by :func:`_ascended` when :data:`ASCENT`), drawn and moved in the coordinates
    ``g`` of :func:`_spreading` (``w = g T``) when it gives a ``T``: on raw-scale data the
    clusters' radii and the ascent's steps too are otherwise far below the scale of the
    smallest feature.

    >>> X = np.array([[1000.0, 1.0], [3000.0, 1.0], [2000.0, 1.0]])
    >>> W = _spread_directions(X, np.ones(3), 200, [], 0)
    >>> len({tuple(np.sign(W @ X.T).astype(int)[k]) for k in range(len(W))}) >= 4
    True
    """
    T = _spreading(X)
    if T is not None:
        X, centres = X @ T.T, [np.linalg.solve(T.T, c) for c in centres]
    G = directions(X.shape[1], samples, centres, seed)
    if ASCENT:
        G = np.concatenate([G, _ascended(X, p, G)])
    return G if T is None else G @ T


def _sampled(arrangement, p, level, known, limit, centres=(), samples=50000, seed=0, row_scale=1):
    """Violating (pattern, sign, value) among the regions of random rational directions
    (``X_float = X / row_scale``, ``p`` exact for the rows ``X``): exact patterns, float values
    of a sample in each."""
    rows = arrangement.integer_rows
    big = max([abs(int(v)) for v in rows.ravel()] + [1]).bit_length()
    if big > 36:
        return []       # the exact int64 products below could overflow: leave it to the tree
    pf = np.array([float(v) for v in p])
    W = _spread_directions(arrangement.X_float, pf, samples, centres, seed)
    W = np.rint(W / np.abs(W).max(axis=1, keepdims=True) * 2**20).astype(np.int64)
    rows = np.array(rows.tolist(), dtype=np.int64)
    # in blocks of samples: the samples x n products were 0.5 GB a matrix at n = 442 with
    # 130,000 samples (clusters around 884 cones), the peak memory of a solve
    step = max(1, _BLOCK // max(1, arrangement.n))
    values = np.concatenate([np.maximum(W[i:i + step].astype(float) @ arrangement.X_float.T, 0.0) @ pf
                             for i in range(0, len(W), step)] or [np.zeros(0)])
    values = values / np.linalg.norm(W, axis=1) * float(row_scale)
    nonzero = (rows != 0).any(axis=1)
    # the samples above the level, largest first, off every hyperplane (a sample on one is not
    # in a region), and of each (pattern, sign) the first: whole-array steps, not one per sample
    order = np.flatnonzero(np.abs(values) > float(level))
    order = order[np.argsort(-np.abs(values[order]), kind="stable")]
    # exact signs: |entries of W @ rows.T| < 2^(20 + 2 + 36) d
    signs = np.concatenate([np.sign(W[order[i:i + step]] @ rows.T).astype(np.int8)
                            for i in range(0, len(order), step)] or [np.zeros((0, len(rows)), dtype=np.int8)])
    off = ~(signs[:, nonzero] == 0).any(axis=1)
    order, signs = order[off], signs[off]
    keys = np.ascontiguousarray(np.column_stack([signs, values[order] > 0]).astype(np.int8))
    first = np.sort(np.unique(keys.view(np.dtype((np.void, keys.shape[1]))).ravel(), return_index=True)[1])
    out = []
    for i in first.tolist():
        k = order[i]
        if len(out) >= limit:
            break
        pattern = "".join("+" if v > 0 else "-" if v < 0 else "0" for v in signs[i])
        sign = 1 if values[k] > 0 else -1
        if (pattern, sign) in known:
            continue
        # the sample lies in the region, so its value is at most the region's maximum: a float
        # guess of a violated column (an exact projection over every wall cost far more than
        # the master's use of it; the tree's exact proof still ends the run)
        out.append((pattern, sign, Fraction(float(values[k])) ** 2))
    return out


def _carrying(solution: ConicSolution, patterns: list, prices: np.ndarray, relative: float = 1e-9):
    """The master solution, patterns and signs without the pairs that carry no mass and whose
    price ``|Pi_C(sign g)|`` is not near 1 (an atom of tiny mass, or one the exact solution puts
    where the float one put none, sits on a near-active cone, and the end-game's patch is built
    around the atoms found): the same measure and ``p``.  A dropped pair comes back when the pool
    or an oracle finds it violated again; the stopping rule is the tree's proof over every
    region, which dropping does not weaken."""
    norms = np.linalg.norm(solution.vectors, axis=1) if len(solution.vectors) else np.zeros(0)
    keep = np.flatnonzero((norms > relative * float(norms.max(initial=0.0))) | (prices >= 1 - 1e-6)).tolist()
    pairs = tuple((new, solution.pairs[q][1]) for new, q in enumerate(keep))
    kept = ConicSolution(pairs, solution.vectors[keep], solution.p, solution.objective, solution.status,
                         solution.iterations)
    return kept, [patterns[q] for q in keep], [s for _, s in pairs]


def _prices(A: Arrangement, p: np.ndarray, pairs: list, facets: dict) -> np.ndarray:
    """``max sign * eta_p`` over each pair's cone, in floats (the distance of ``sign g`` to the
    polar cone, by non-negative least squares on the cached facet rows; ``p`` that of the float problem)."""
    if not pairs:
        return np.zeros(0)
    cones = _Cones(A, [pattern for pattern, _ in pairs], facets)
    G = ((cones.sign_matrix() > 0).astype(float) @ (p[:, None] * A.X_float)) * np.array([s for _, s in pairs])[:, None]
    out = np.zeros(len(pairs))
    for q in range(len(pairs)):
        rows = np.array(cones.walls(q)[0], dtype=float).reshape(-1, A.d)
        rows /= np.linalg.norm(rows, axis=1)[:, None]
        lam = nonnegative_least_squares(-rows.T, G[q]) if len(rows) else np.zeros(0)
        out[q] = float(np.linalg.norm(G[q] + lam @ rows))
    return out


def _priced(A: Arrangement, p: np.ndarray, level: float, pool, facets: dict, limit: int) -> list:
    """Dropped pairs that the dual vector ``p`` violates again (by :func:`_prices`), largest first,
    at most ``limit``.  A float guess of columns: the tree's proof still ends the run."""
    pool = sorted(pool)
    values = _prices(A, p, pool, facets)
    out = sorted(((v, pattern, sign) for v, (pattern, sign) in zip(values.tolist(), pool) if v > level), reverse=True)
    return [(pattern, sign, Fraction(value) ** 2) for value, pattern, sign in out[:limit]]


def _recovered_master(A: Arrangement, patterns: list, signs: list, facets: dict, y, lam: float,
                      kept: int, previous: ConicSolution):
    """The master problem over the working pairs, ``(solution, patterns, signs, refused)``,
    recovered from a failure of the conic solver as :func:`~certificates.solver.numeric.conic.recovered`
    says (thin cones among the new columns: a NumericalError on raw-scale data sampled in its
    standardised coordinates): the caller leaves the ``refused`` pairs out until a master
    succeeds again.  The run still ends only on the tree's proof over every region.

    >>> A = Arrangement([[1, 0]])
    >>> solution, patterns, signs, refused = _recovered_master(A, ["+"], [1], {}, [2.0], 1.0, 0, None)
    >>> round(float(solution.p[0]), 6), refused
    (1.0, ())
    """
    cones, pairs = _Cones(A, patterns, facets), list(zip(range(len(patterns)), signs))
    solution, refused = recovered(lambda tolerance: solve_regions(cones, y, lam, pairs, tolerance=tolerance),
                                  pairs, kept, previous)
    k = len(patterns) - len(refused)
    return solution, patterns[:k], signs[:k], tuple(zip(patterns[k:], signs[k:]))


def _proved(A: Arrangement, p: list, level: Fraction, known) -> bool:
    """Whether ``sup |eta_p| <= level``, exactly, once the tree search skipping the working pairs
    ``known`` found nothing above it: the search again without skipping (it starts from the
    cones the last one left at this p, so it costs their bounds and the leaves near the level;
    an exact projection of each working pair over every wall cost minutes at n = 200)."""
    return not violators(A, p, level, limit=1)


def pattern_column_generation(X, y, lam, bias: bool = False, tolerance: float = 1e-7,
                              batch: int | None = None, max_iterations: int = 300,
                              on_iteration=None, row_scale=1, accept=None) -> PatternSolution:
    """Solve ``P_lambda`` by column generation over sign patterns, never enumerating the regions.

    ``row_scale``: the float problem is posed on ``X_float = X / row_scale`` (a scaled view,
    :class:`~certificates.solver.problem.FloatScaling`); its dual vector is then ``row_scale``
    times that of the exact rows, which the tree search is run on.
    ``accept``: called with the master solution whenever sampling finds no violated pair, before
    the tree search; when it returns True the run stops there (``proved_level`` None: the
    caller proved optimality its own way, e.g. by the end-game); a nonempty list of
    ``(pattern, sign, value squared)`` (violated pairs it found) replaces the tree search's when
    one of them is new to the master.

    >>> s = pattern_column_generation([[3, 4]], [10], 5)     # one point: amplitude (5 y - lambda) / 25
    >>> round(s.solution.objective, 6), s.atoms, s.proved_level > 1
    (9.5, 1, True)
    """
    A = X if isinstance(X, Arrangement) else Arrangement(X, bias=bias)
    y = np.array([float(v) for v in rational_vector(y, "y", A.n)])
    lam = float(rational(lam, "lambda"))
    if lam <= 0:
        raise DualcertError("column generation needs lambda > 0")
    level = Fraction(1 + tolerance)
    batch = batch or max(10, A.n)
    patterns, signs, facets, pool, refused = [], [], {}, set(), ()
    p = y / lam
    solution = ConicSolution((), np.zeros((0, A.d)), p, 0.5 * float(y @ y), "Solved", 0)
    for iteration in range(max_iterations):
        exact_p = [Fraction(float(v)) / row_scale for v in p]
        known = set(zip(patterns, signs)) | set(refused)
        centres = [v for v in solution.vectors if np.abs(v).max() > 0]
        # a fresh draw each round (seeded by the round: deterministic): a fixed draw sees the same
        # few regions every round, and what it misses was left to the costly tree search
        found = _sampled(A, exact_p, level, known, batch, centres, seed=iteration, row_scale=row_scale)
        if not found and pool:
            # dropped pairs violated again, or near-active (|eta| near 1): the master then spreads
            # mass over every optimal cone, whose faces the end-game's patch needs (the extreme
            # set is more than the atoms of one minimiser); the tree is asked only when none is
            found = _priced(A, p, 1 - 1e-6, pool - known, facets, len(pool))
        verdict = accept(solution) if not found and accept is not None else False
        if verdict is True:
            return PatternSolution(tuple(patterns), tuple(signs), solution, iteration, None, len(solution.vectors))
        if not found and verdict:   # pairs the master has already make no progress: the tree decides then
            found = [pair for pair in verdict if (pair[0], pair[1]) not in known]
        if not found:
            leaves = violators(A, exact_p, level, limit=TREE_BATCHES * batch,     # one search, many columns
                               skip=lambda leaf: (leaf.pattern, leaf.sign) in known, near=NEAR)
            # the near-active leaves the search confirmed anyway join as columns too: the next p
            # moves among them, where the next search would find its violators (one costly
            # search per round, each about the size of the final proof's)
            close = [leaf for leaf in leaves if leaf.value_squared <= level * level]
            leaves = [leaf for leaf in leaves if leaf.value_squared > level * level]
            found = [(leaf.pattern, leaf.sign, leaf.value_squared) for leaf in leaves + (close if leaves else [])]
            # a search found what sampling missed: a thin region, on a face where atoms gather;
            # the other regions around that face join too (a few columns for one costly search)
            found += leaf_columns(A, leaves)
        if on_iteration is not None:
            largest = max([v for *_, v in found] + [0])
            # eta^2 in the data's own units: past the float range on data near 2^+-600
            on_iteration(iteration, len(patterns), float(largest) if largest < 2 ** 1000 else float("inf"))
        if not found:
            atoms = int((np.linalg.norm(solution.vectors, axis=1) > 1e-9 * max(1.0, np.abs(solution.vectors).max(initial=0))).sum())
            proved = level if _proved(A, exact_p, level, known) else None
            return PatternSolution(tuple(patterns), tuple(signs), solution, iteration, proved, atoms)
        kept = len(patterns)
        for pattern, sign, _ in found:
            if (pattern, sign) not in known:
                known.add((pattern, sign))
                patterns.append(pattern)
                signs.append(sign)
        solution, patterns, signs, refused = _recovered_master(A, patterns, signs, facets, y, lam, kept, solution)
        p = solution.p
        if len(patterns) > DROP_AFTER * batch:   # keep the master small: only the pairs that carry mass
            dropped = set(zip(patterns, signs))
            prices = _prices(A, p, list(zip(patterns, signs)), facets)
            solution, patterns, signs = _carrying(solution, patterns, prices)
            pool |= dropped - set(zip(patterns, signs))
    raise DualcertError(f"column generation did not converge in {max_iterations} iterations")
