"""Rigorous upper bounds for the per-region maxima of the certificate, from float work.

For the closed cone ``C = {w : A w >= 0}`` of a region and any ``lam >= 0``,

    <w, g> = <w, g + A^T lam> - <lam, A w> <= |g + A^T lam|    for w in C, |w| <= 1,

(weak duality of the projection problem), so every non-negative ``lam`` bounds the maximum
of ``eta`` on the region.  An accelerated projected gradient method (FISTA) on the dual
``min_{lam >= 0} |g + A^T lam|^2 / 2``, run on all regions at once in NumPy, finds a good
``lam``; the bound ``|g + A^T lam|`` is then evaluated in floats together with a forward
error bound, so it is an upper bound of the exact value whatever the rounding.  The exact
code uses it only to *skip* regions that cannot matter; every value it reports is computed
exactly.  The same ``lam`` also guesses the active walls of the exact projection.

Here ``A = diag(s_R) F`` for the sign vector ``s_R`` of the region over the distinct
hyperplanes with integer normals ``F`` (``Arrangement.hyperplane_normals``; redundant rows do
not change the cone).

For a single region, :func:`wall_multipliers` finds ``lam`` by a float non-negative least-squares
solve and :func:`region_bound_squared` evaluates the bound for it in exact arithmetic.

>>> from fractions import Fraction as Q
>>> region_bound_squared([[1, 0], [0, 1]], [Q(-1), Q(2)])   # quadrant: Pi_C(g) = (0, 2)
Fraction(4, 1)
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np


__all__ = ["dual_bounds", "StagedBounds", "nonnegative_least_squares", "wall_multipliers", "region_bound_squared",
           "float_rows"]

_U = 2.0**-53

ROW_NNLS_AFTER: int | None = 10
"""After this many steps of the shared dual iteration of :func:`dual_bounds`, the rows it has not
settled are solved one by one (compiled non-negative least squares); ``None``: iterate only."""

try:
    from scipy.optimize._slsqplib import nnls as _compiled_nnls
except ImportError:     # pragma: no cover - another scipy layout
    _compiled_nnls = None


_TINY = 2.0**-1000   # covers an entry that underflowed: its error is absolute, not relative


def _evaluated(g, s, lam, Ff, Fabs, m):
    """``|g + A^T lam|^2`` for the float ``lam >= 0``, rounded up with a forward error bound."""
    r = g + (s * lam) @ Ff
    err = 3 * _U * np.abs(g) + (m + 3) * _U * (lam @ Fabs) + _U * np.abs(r) \
        + (m + 3) * _TINY * (1 + lam.sum(axis=1, keepdims=True))
    # + 1e-300: squares below 2^-1022 may underflow to zero, so a bound is never below it; one
    # that overflows (or meets inf - inf) is infinite, still a bound
    with np.errstate(over="ignore", invalid="ignore"):
        bound = (((np.abs(r) + 1.01 * err) ** 2).sum(axis=1)) * (1 + 8 * (g.shape[1] + 2) * _U) + 1e-300
    return np.where(np.isnan(bound), np.inf, bound)


def float_rows(F):
    """The rows of ``F`` (integers or rationals, a matrix or a list of rows) as floats, each
    divided by a power of two ``2^k`` (``k = 0`` unless an entry is beyond ``2^500`` or all are
    below ``2^-500``): a positive multiple of a row is the same wall, squares stay finite, and the
    rounding of every entry is relative (the bounds here cover it).  Returns the rows and the
    exponents ``k``.

    >>> rows, k = float_rows([[1, 10**400], [3, -1]])    # 1 / 2^1328 underflows: an absolute error
    >>> rows.round(6).tolist(), k.tolist()
    ([[0.0, 1.706734], [3.0, -1.0]], [1328, 0])
    """
    F = np.array(F, dtype=object) if not isinstance(F, np.ndarray) else F
    try:    # the common case, fast: every row's largest entry in [2^-500, 2^500]
        A = np.array(F.tolist(), dtype=float).reshape(F.shape)
        top = np.abs(A).max(axis=1, initial=0.0)
        if ((top >= 2.0**-500) & (top <= 2.0**500)).all():
            return A, np.zeros(len(A), dtype=int)
    except OverflowError:
        pass
    rows = [[Fraction(v) for v in row] for row in F.tolist()]
    shift = []
    for row in rows:
        bits = max((v.numerator.bit_length() - v.denominator.bit_length() for v in row if v), default=0)
        shift.append(bits if abs(bits) > 500 else 0)
    return np.array([[float(v / 2**k) if k >= 0 else float(v * 2**-k) for v in row]
                     for row, k in zip(rows, shift)], dtype=float).reshape(F.shape), np.array(shift)


def _float_gradients(G, D):
    """``G / D`` as floats, and which rows are finite (a row beyond the float range keeps the
    trivial bound, infinity)."""
    if G.dtype != object and abs(D) < 2**500:
        return G.astype(float) / D, np.ones(len(G), dtype=bool)
    big = 2.0**500     # squares and sums of squares stay finite

    def one(v):     # int / int is correctly rounded; past the float range: beyond ``big``
        try:
            return int(v) / D
        except OverflowError:
            return big
    # reshaped: an object array with no rows lists as [], which would lose the second axis
    gf = np.array([[one(v) for v in row] for row in G.tolist()], dtype=float).reshape(G.shape)
    finite = (np.abs(gf) < big).all(axis=1) if G.shape[1] else np.ones(len(G), dtype=bool)
    return np.where(finite[:, None], gf, 0.0), finite


@np.errstate(over="ignore", invalid="ignore")   # an overflow gives an infinite bound: true, and no claim
def dual_bounds(G: np.ndarray, D: int, S: np.ndarray, F: np.ndarray, iterations: int = 150,
                chunk: int = 8192, start: np.ndarray | None = None, level: float | None = None,
                lam_dtype=float, row_solves: bool = True):
    """Upper bounds of ``max over C_R of <w, g_R>`` for every row, with the dual guesses.

    ``G / D``: the vectors ``g_R`` (integer matrix, common denominator), ``S``: signs of the
    regions on the hyperplanes (rows x m, entries +-1), ``F``: integer normals (m x d).
    Returns ``(bound_squared, lam)``: floats with ``bound_squared >= |Pi_C(g_R)|^2`` proved as
    above, and the final ``lam`` (rows x m).  ``start``: a warm start for ``lam`` (any
    non-negative matrix; the bound is valid whatever it is).  ``level``: a row whose bound is
    already at most ``level`` (squared) is settled and leaves the iteration (its bound is
    evaluated every 10 steps); every bound stays proved, only the work on settled rows is saved.
    ``lam_dtype``: how ``lam`` is kept (``bool``: only which multipliers are positive, ``float32``:
    a warm start; rows x m floats are hundreds of MB for 10^5 regions).  ``row_solves``: settle
    what the short shared iteration leaves by one NNLS per row (:data:`ROW_NNLS_AFTER`); off: the
    shared iteration runs all ``iterations`` steps.
    """
    after = ROW_NNLS_AFTER if row_solves else None
    n_rows, m = S.shape
    gf, finite = _float_gradients(G, D)
    Ff, shift = float_rows(F)
    bound = np.where(finite, (gf * gf).sum(axis=1) * (1 + 8 * (gf.shape[1] + 2) * _U) + 1e-300, np.inf)
    lam_all = np.zeros((n_rows, m), dtype=lam_dtype)
    top = np.finfo(lam_dtype).max if np.issubdtype(lam_all.dtype, np.floating) else np.inf   # no cast to inf
    if m == 0 or n_rows == 0:
        return bound, lam_all
    scale = np.linalg.norm(Ff, axis=1)
    Fn = Ff / scale[:, None]
    step = 1.0 / (np.linalg.norm(Fn, 2) ** 2 * (1 + 1e-9))
    Fabs = np.abs(Ff)
    if start is not None:   # a float32 warm start may have overflowed: any finite lam >= 0 serves
        with np.errstate(over="ignore"):    # lam for the rows of Ff (an overflow: dropped below)
            start = np.ldexp(np.asarray(start, dtype=float), shift)
        start = np.where(np.isfinite(start), np.maximum(start, 0), 0).astype(float)

    def keep_better(rows, g, s, lam):
        """Each row's bound at the multipliers ``lam``, kept (with ``lam``) where it is smaller."""
        ub = _evaluated(g, s, lam, Ff, Fabs, m)
        better = ub < bound[rows]
        bound[rows[better]], lam_all[rows[better]] = ub[better], np.minimum(lam[better], top)

    for lo in range(0, n_rows, chunk):
        rows = np.arange(lo, min(lo + chunk, n_rows))
        rows = rows[finite[rows]]   # the others keep their bound, infinity
        if start is not None:   # the warm start is a bound already
            lam0 = np.maximum(start[rows], 0.0)
            bound[rows] = np.minimum(bound[rows], _evaluated(gf[rows], S[rows].astype(float), lam0, Ff, Fabs, m))
            lam_all[rows] = np.minimum(lam0, top)
        if level is not None:
            rows = rows[bound[rows] > level]
        g, s = gf[rows], S[rows].astype(float)
        mu = np.zeros_like(s) if start is None else np.maximum(start[rows], 0.0) * scale
        z, t = mu, 1.0
        for it in range(min(iterations, after) if after is not None else iterations):
            r = g + (s * z) @ Fn
            new = np.maximum(z - step * s * (r @ Fn.T), 0.0)
            t_next = (1 + np.sqrt(1 + 4 * t * t)) / 2
            z = new + ((t - 1) / t_next) * (new - mu)
            mu, t = new, t_next
            if level is not None and (it + 1) % 10 == 0 and it + 1 < iterations:
                lam = mu / scale
                keep_better(rows, g, s, lam)
                keep = bound[rows] > level
                rows, g, s, z, mu = rows[keep], g[keep], s[keep], z[keep], mu[keep]
                if not len(rows):
                    break
        lam = mu / scale  # the same point of the dual, for the unscaled integer normals
        keep_better(rows, g, s, lam)
        if after is not None and iterations > after and len(rows):
            # the rows the short iteration did not settle: one small compiled solve each
            # converges where the shared step of the iteration crawls (many hyperplanes)
            if level is not None:
                rows = rows[bound[rows] > level]
            g, s = gf[rows], S[rows].astype(float)
            lam = np.array([nonnegative_least_squares(-(sk[:, None] * Ff).T, gk) for gk, sk in zip(g, s)]
                           ).reshape(len(rows), m)
            keep_better(rows, g, s, lam)
    if shift.any() and lam_all.dtype != bool:   # back to the multipliers of the rows of F
        lam_all = np.ldexp(lam_all, -shift.astype(np.int32)).astype(lam_all.dtype)
    return bound, lam_all


class StagedBounds:
    """The rows of :func:`dual_bounds` in decreasing order of their bound, refined in two stages.

    A scan for the largest maximum reads the rows best first and stops at the first bound below
    what it has found, which is seldom small: so the rows are first bounded only down to
    ``level`` (squared; a row settled there leaves the iteration early), and the rows whose bound
    fell to ``level`` are bounded in full only when a reader gets to them.  Every bound yielded
    is proved; the order is by decreasing bound.

    >>> F = np.array([[1, 0], [0, 1]])
    >>> G = np.array([[-1, 2], [1, 1], [0, 1], [-3, 0]])      # g = G / 2, projected onto the quadrant
    >>> rows = StagedBounds(G, 2, np.ones((4, 2), dtype=np.int8), F, level=0.5)
    >>> [(k, round(b, 9)) for k, b, _ in rows]            # |(0, 1)|^2, |(1, 1)/2|^2, |(0, 1/2)|^2, 0
    [(0, 1.0), (1, 0.5), (2, 0.25), (3, 0.0)]
    """

    def __init__(self, G, D, S, F, level: float = 0.5):
        self._args, self.level = (G, D, S, F), level
        self.bound, self.lam = dual_bounds(G, D, S, F, level=level, lam_dtype=bool)
        self.order = np.argsort(-self.bound, kind="stable")
        self._rest = None

    def __len__(self):
        return len(self.bound)

    def _refined(self):
        """``(rows, bounds, guesses)`` of the rows settled at ``level``, bounded in full, best first."""
        if self._rest is None:
            G, D, S, F = self._args
            rows = self.order[np.searchsorted(-self.bound[self.order], -self.level, side="left"):]
            bound, lam = dual_bounds(G[rows], D, S[rows], F, lam_dtype=bool)
            order = np.argsort(-bound, kind="stable")
            self._rest = (rows[order], bound[order], lam[order])
        return self._rest

    def __iter__(self):
        for k in self.order:
            if self.bound[k] <= self.level:
                break
            yield int(k), float(self.bound[k]), self.lam[k]
        else:
            return
        yield from ((int(k), float(b), lam) for k, b, lam in zip(*self._refined()))


@np.errstate(over="ignore", invalid="ignore")   # a guess: an infinite residual only sends it to the exact projection
def wall_multipliers(rows, g) -> tuple:
    """Float ``lam >= 0`` minimising ``|g + A^T lam|`` (``A``: the wall rows), and that minimum.

    A guess (non-negative least squares, Lawson-Hanson in floats): ``|g + A^T lam|`` estimates
    ``|Pi_C(g)|``; the rows with ``lam > 0`` guess the active walls of the projection.

    >>> lam, residual = wall_multipliers([[1, 0], [0, 1]], [-1.0, 2.0])
    >>> lam.tolist(), residual
    ([1.0, 0.0], 2.0)
    """
    try:
        g = np.array([float(v) for v in g])
    except OverflowError:   # beyond the float range: no guess, the trivial bound
        return np.zeros(len(rows)), float("inf")
    if not len(rows):
        return np.zeros(0), float(np.linalg.norm(g))
    A, shift = float_rows(np.array(rows, dtype=object).reshape(len(rows), len(g)))
    lam = nonnegative_least_squares(-A.T, g)
    residual = float(np.linalg.norm(g + lam @ A))
    lam = np.ldexp(lam, -shift)
    return np.where(np.isfinite(lam), lam, 0.0), residual


def nonnegative_least_squares(M: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``argmin |M x - b|`` over ``x >= 0``, in floats: a guess (every bound built on it is proved).

    The compiled Lawson-Hanson solver behind :func:`scipy.optimize.nnls`, called directly: in the
    tree search its argument checks cost more than the solve.  An infinite or NaN entry (which
    the public function refuses) gives ``x = 0``: a guess, and a valid one.

    >>> nonnegative_least_squares(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([2.0, -1.0])).tolist()
    [2.0, 0.0]
    >>> nonnegative_least_squares(np.array([[1.0, 0.0], [0.0, np.inf]]), np.array([2.0, np.nan])).tolist()
    [0.0, 0.0]
    """
    M = np.ascontiguousarray(M, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    x, residual, info = _compiled_nnls(M, b, 3 * M.shape[1]) if _compiled_nnls else (None, 0.0, 3)
    if info == 3:           # not converged: the public function raises its own error
        from scipy.optimize import nnls
        if not (np.isfinite(M).all() and np.isfinite(b).all()):
            return np.zeros(M.shape[1])
        x = nnls(M, b)[0]
    # checked on the output, which costs less than the input: NaN or infinity shows there
    return x if math.isfinite(residual) and np.isfinite(x).all() else np.zeros(M.shape[1])


def region_bound_squared(rows, g) -> Fraction:
    """A proved upper bound of ``|Pi_C(g)|^2`` for ``C = {w : A w >= 0}``: ``|g + A^T lam|^2``
    in exact arithmetic for the float multipliers of :func:`wall_multipliers` (each read as the
    exact rational it is); weak duality makes it an upper bound whatever ``lam >= 0`` is.

    ``rows``: integer or rational rows of ``A``; ``g``: rationals.
    """
    r = [Fraction(v) for v in g]
    if rows:
        lam, _ = wall_multipliers(rows, r)
        for row, weight in zip(rows, lam):
            if weight > 0:
                weight = Fraction(float(weight))
                r = [rk + weight * a for rk, a in zip(r, row)]
    return sum((v * v for v in r), Fraction(0))
