"""Exact enumeration of the regions of a central hyperplane arrangement.

Input: integer normals ``F`` (m x r), nonzero and pairwise non-parallel.  Output:
one integer witness per region (an open cone of ``{w : <w, F_i> != 0 for all i}``),
found without linear programming and without a float deciding anything.

Method (deletion-restriction, made constructive).  Adding the hyperplane
``H = {<w, n> = 0}`` to an arrangement splits exactly the regions that ``H``
meets, and those correspond one-to-one to the regions of the restricted
arrangement ``A^H`` (one dimension lower).  If ``q`` is an integer witness of a
region of ``A^H`` then ``|<q, F_i>| >= 1`` for every earlier normal, so with
``M = max_i |<n, F_i>|`` the points ``(M + 1) q +- n`` lie on either side of
``H`` and on the same side as ``q`` of every earlier hyperplane: two exact
witnesses of the two halves.  The split region is found by its sign vector.

Base cases: rank <= 2 (lines in the plane: sort the 2m rays by angle, a float
sort checked exactly by cross products) and rank 3, where every region has a
facet, every facet is an arc between consecutive vertices of one great circle,
and so the regions are the distinct sign vectors of the points just off the
midpoints of all arcs (vectorised over all circles at once).

>>> import numpy as np
>>> W = region_witnesses(np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]]))
>>> len(W)  # the 8 octants
8
"""

from __future__ import annotations

from functools import cmp_to_key

import numpy as np

from .errors import RegionLimitError
from .linalg import independent_integer_rows
from .splitting import MAX_BITS, GrowingRegions
from .integer import (
    INT64_SAFE,
    compact,
    canonical_rows,
    exact_affine,
    exact_matmul,
    first_occurrences,
    float_directions,
    max_abs,
    primitive_rows,
    product_signs,
)

__all__ = ["region_witnesses", "restrict", "lift", "sign_keys", "is_member", "small_witnesses", "split_regions"]


def sign_keys(S: np.ndarray) -> np.ndarray:
    """Rows of a sign matrix as exact, sortable keys (the bits of ``S > 0``: one ``uint64`` per row
    for up to 64 columns, else packed bytes as void scalars).

    Only valid where the rows have no zero entry, or where zero and minus need not be told apart.

    >>> sign_keys(np.array([[1, -1, 1], [-1, -1, 1]])).tolist()
    [5, 4]
    """
    packed = np.packbits(S > 0, axis=1, bitorder="little")
    if S.shape[1] <= 64:
        words = np.zeros((len(S), 8), dtype=np.uint8)
        words[:, :packed.shape[1]] = packed
        return words.view("<u8").ravel()
    packed = np.ascontiguousarray(packed)
    return packed.view(np.dtype((np.void, packed.shape[1]))).ravel()


def is_member(keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """``np.isin(keys, wanted)`` by sorting ``wanted`` and a binary search (faster for keys).

    >>> is_member(np.array([3, 1, 4]), np.array([4, 3])).tolist()
    [True, False, True]
    """
    if len(wanted) == 0:
        return np.zeros(len(keys), dtype=bool)
    wanted = np.sort(wanted)
    return wanted[np.minimum(np.searchsorted(wanted, keys), len(wanted) - 1)] == keys


def _pivots(F: np.ndarray) -> np.ndarray:
    """Per row, the index of its entry of smallest nonzero absolute value (small pivots keep
    the restricted normals small)."""
    size = np.abs(F)
    size = np.where(size == 0, max_abs(F) + 1, size)
    return np.argmin(size, axis=1)


def _pivot(n: np.ndarray) -> int:
    return int(_pivots(n[None, :])[0])


def _as_safe(*arrays):
    """The arrays as int64 if every pairwise product of entries (times 4) fits, else as Python ints."""
    bound = 1
    for a in arrays:
        bound *= max(max_abs(a), 1)
    if bound * 4 < INT64_SAFE and all(a.dtype != object for a in arrays):
        return arrays
    return tuple(a.astype(object) for a in arrays)


def restrict(F: np.ndarray, n: np.ndarray):
    """The arrangement ``F`` restricted to the hyperplane ``<w, n> = 0``.

    Coordinates on ``H``: all coordinates but the pivot ``p`` (a nonzero entry of n).
    Returns ``(G, groups, p)``: the distinct restricted normals (canonical integer
    rows, in order of first occurrence), the group of each row of ``F``, and ``p``.
    A point ``c`` of ``H`` in these coordinates satisfies
    ``sign <c, G_groups[i]> = sign <lift(c), F_i>`` up to the orientation of the group.

    >>> restrict(np.array([[1, 1, 0], [0, 1, 1]]), np.array([1, 0, 0]))[0]
    array([[1, 0],
           [1, 1]])
    """
    p = _pivot(n)
    others = [i for i in range(len(n)) if i != p]
    a, s = abs(int(n[p])), (1 if n[p] > 0 else -1)
    Fo, Fp, no, _ = _as_safe(F[:, others], F[:, p], n[others], np.array([a]))
    G, _ = canonical_rows(Fo * a - s * np.outer(Fp, no))
    first, groups = first_occurrences(G)
    return G[first], groups, p


def lift(C: np.ndarray, n: np.ndarray, p: int) -> np.ndarray:
    """Map points of ``H = {<w, n> = 0}`` from the coordinates of :func:`restrict` back to ``Z^r``.

    The result is a positive multiple (by ``|n_p|``) of the point, so all signs are kept.
    """
    r = len(n)
    others = [i for i in range(r) if i != p]
    a, s = abs(int(n[p])), (1 if n[p] > 0 else -1)
    C, no, _ = _as_safe(C, n[others], np.array([a * r]))
    W = np.empty((len(C), r), dtype=C.dtype)
    W[:, others] = C * a
    W[:, p] = -s * (C @ no)
    return primitive_rows(W)


def _exact_angle_order(U) -> list[int]:
    """Sort vectors of the upper half-plane by angle, exactly (cross products)."""
    def cmp(i, j):
        c = int(U[i][0]) * int(U[j][1]) - int(U[i][1]) * int(U[j][0])
        return -1 if c > 0 else (1 if c < 0 else 0)
    return sorted(range(len(U)), key=cmp_to_key(cmp))


def _rank2_batch(group: np.ndarray, G: np.ndarray, n_groups: int):
    """Witnesses of the regions of several arrangements of lines through 0 in R^2.

    ``G[t]`` is a line of arrangement ``group[t]``; lines of one arrangement are
    pairwise non-parallel.  Returns ``(C, owner)``: 2-d witnesses and their arrangement.
    """
    counts = np.bincount(group, minlength=n_groups)
    empty = np.flatnonzero(counts == 0)
    parts = [np.tile(np.array([1, 0], dtype=G.dtype), (len(empty), 1))]
    owners = [empty]
    one = counts[group] == 1
    parts += [G[one], -G[one]]
    owners += [group[one], group[one]]
    many = ~one
    if many.any():
        Gm, gm = G[many], group[many]
        V = np.stack([-Gm[:, 1], Gm[:, 0]], axis=1)
        upper = (V[:, 1] > 0) | ((V[:, 1] == 0) & (V[:, 0] > 0))
        U = np.where(upper[:, None], V, -V)
        U, _ = _as_safe(U, U)
        Uf = float_directions(U)
        angle = np.arctan2(Uf[:, 1], Uf[:, 0])
        order = np.lexsort((angle, gm))
        U, gm = U[order], gm[order]
        starts = np.flatnonzero(np.r_[True, gm[1:] != gm[:-1]])
        last = np.r_[starts[1:] - 1, len(gm) - 1]
        nxt = np.arange(1, len(gm) + 1)
        nxt[last] = starts
        cross = U[:, 0] * U[nxt, 1] - U[:, 1] * U[nxt, 0]
        bad = (cross <= 0)
        bad[last] = False
        for b in np.unique(gm[bad]):
            # the float order was wrong somewhere in this group: sort it exactly
            lo = starts[np.searchsorted(gm[starts], b)]
            hi = lo + counts[b]
            U[lo:hi] = U[lo:hi][_exact_angle_order(U[lo:hi].tolist())]
        between = U + U[nxt]
        between[last] = U[last] - U[nxt[last]]
        parts += [between, -between]
        owners += [gm, gm]
    if any(c.dtype == object for c in parts):
        parts = [c.astype(object) for c in parts]
    return primitive_rows(np.concatenate(parts)), np.concatenate(owners)


_OTHERS = np.array([[1, 2], [0, 2], [0, 1]])


def _rank3(F: np.ndarray) -> np.ndarray:
    m = len(F)
    piv = _pivots(F)
    a = np.abs(F[np.arange(m), piv])
    s = np.where(F[np.arange(m), piv] > 0, 1, -1)
    I, J = np.nonzero(~np.eye(m, dtype=bool))
    oth = _OTHERS[piv]
    Fo, a_, s_ = _as_safe(F, a, s)
    FIo = np.take_along_axis(Fo[I], oth[I], axis=1)
    FJo = np.take_along_axis(Fo[J], oth[I], axis=1)
    FJp = Fo[J, piv[I]]
    G = a_[I, None] * FJo - (s_[I] * FJp)[:, None] * FIo
    G, _ = canonical_rows(G)
    first, _ = first_occurrences(np.concatenate([I[:, None].astype(G.dtype), G], axis=1))
    C, owner = _rank2_batch(I[first], G[first], m)
    # lift every 2-d witness on circle `owner` back to R^3
    Fo_own = np.take_along_axis(F[owner], oth[owner], axis=1)
    C, Fo_own, a_o = _as_safe(C, Fo_own, a[owner])
    Q = np.empty((len(C), 3), dtype=C.dtype)
    rows = np.arange(len(C))
    Q[rows[:, None], oth[owner]] = C * a_o[:, None]
    Q[rows, piv[owner]] = -s[owner] * (C * Fo_own).sum(axis=1)
    Q = primitive_rows(Q)
    gram = np.abs(exact_matmul(F, F.T))
    np.fill_diagonal(gram, 0)
    M = gram.max(axis=1) + 1
    Q, M_o, n_o = _as_safe(Q, M[owner], F[owner])
    cand = np.concatenate([Q * M_o[:, None] + n_o, Q * M_o[:, None] - n_o])
    cand = primitive_rows(cand)
    keys = sign_keys(product_signs(cand, F.T))
    _, first = np.unique(keys, return_index=True)
    return cand[np.sort(first)]


def split_regions(W: np.ndarray, S: np.ndarray, Q: np.ndarray, F: np.ndarray, n: np.ndarray):
    """Add the hyperplane ``<w, n> = 0`` to regions with witnesses ``W`` and signs ``S`` over ``F``.

    ``Q``: integer points of the hyperplane, one per region of the restricted arrangement that
    is wanted (all of them, or those in a cell).  The regions whose signs are a row of
    ``sign(Q F^T)`` are split, into ``M q + n`` and ``M q - n`` with ``M = max |<n, F_i>| + 1``;
    the others keep their witness and get their side.  Returns the new ``(W, S)``.

    >>> W, S = split_regions(np.array([[1, 0], [-1, 0]]), np.array([[1], [-1]], dtype=np.int8),
    ...                      np.array([[1, 0]]), np.array([[1, 0]]), np.array([0, 1]))
    >>> W.tolist(), S.tolist()          # the half-plane x > 0 is split by y = 0
    ([[-1, 0], [1, 1], [1, -1]], [[-1, 0], [1, 1], [1, -1]])
    """
    M = max_abs(exact_matmul(F, n)) + 1
    sig = product_signs(Q, F.T)
    split = is_member(sign_keys(S), sign_keys(sig))
    if int(split.sum()) != len(sig):
        raise AssertionError("internal error: restricted regions do not match split regions")
    keep = ~split
    side = product_signs(W[keep], n[:, None])
    new = primitive_rows(np.concatenate([exact_affine(Q, M, n), exact_affine(Q, M, -n)]))
    W = np.concatenate([W[keep], new]) if W.dtype == new.dtype else \
        np.concatenate([W[keep].astype(object), new.astype(object)])
    plus = np.ones((len(sig), 1), dtype=np.int8)
    return W, np.concatenate([np.hstack([S[keep], side]), np.hstack([sig, plus]), np.hstack([sig, -plus])])


def _incremental(F: np.ndarray, on_progress=None, max_regions=None, memo=None) -> np.ndarray:
    m, r = F.shape
    W = S = None
    # the same restriction recurs along many paths (exactly the same integers): enumerated once
    memo = {} if memo is None else memo
    for k in range(m):
        n = F[k]
        G, _, p = restrict(F[:k], n)
        key = (G.shape, G.dtype.str, G.tobytes()) if G.dtype != object else (G.shape, str(G.tolist()))
        if key not in memo:
            memo[key] = region_witnesses(G, _memo=memo)
        Q = lift(memo[key], n, p)
        if k == 0:
            W = np.concatenate([exact_affine(Q, 1, n), exact_affine(Q, 1, -n)])
            S = np.array([[1], [-1]], dtype=np.int8)
            if m <= MAX_BITS:         # signs as bits of one key per region
                W = GrowingRegions(W, np.array([0, 1], dtype=np.uint64))
        elif m <= MAX_BITS:
            W.split(Q, F[:k], n)
        else:
            W, S = split_regions(W, S, Q, F[:k], n)
        if max_regions is not None and len(W) > max_regions:
            raise RegionLimitError(
                f"the arrangement has more than max_regions = {max_regions} regions: its first {k + 1} "
                f"of {m} hyperplanes already cut {len(W)}; raise the bound (--max-regions) or count "
                "them with `dualcert count`")
        if on_progress is not None:
            on_progress(k + 1, len(W))
    return W.witnesses() if m <= MAX_BITS else W


def _independent(F: np.ndarray) -> np.ndarray:
    """Witnesses of the 2^m regions of m linearly independent normals, every sign vector once.

    With the Gram matrix ``G = F F^T`` (positive definite, so ``det G > 0``) the rows of
    ``U = adj(G) F`` satisfy ``<F_j, U_i> = det(G) [i = j]``, so ``sum_i s_i U_i`` has signs s.

    >>> _independent(np.array([[1, 1, 0], [0, 1, 1]])).tolist()
    [[1, 2, 1], [1, 0, -1], [-1, 0, 1], [-1, -2, -1]]
    """
    from flint import fmpz_mat
    m = len(F)
    G = fmpz_mat(exact_matmul(F, F.T).tolist())
    det = G.det()
    inverse = G.inv()
    adj = compact(np.array([[int((inverse[i, j] * det).p) for j in range(m)] for i in range(m)], dtype=object))
    U = exact_matmul(adj, F)
    S = 1 - 2 * ((np.arange(2**m)[:, None] >> np.arange(m)[::-1]) & 1)
    return primitive_rows(exact_matmul(S.astype(np.int64), U))


def region_witnesses(F: np.ndarray, on_progress=None, max_regions=None, _memo=None) -> np.ndarray:
    """One integer witness per region of the central arrangement with normals ``F``.

    ``F`` (m x r, m >= 0, r >= 1) must have nonzero, pairwise non-parallel rows.
    A witness ``w`` satisfies ``<w, F_i> != 0`` for every i, and distinct
    witnesses have distinct sign vectors.  ``on_progress(k, n_regions)`` is called
    after each hyperplane at the top level (rank >= 4).

    >>> len(region_witnesses(np.array([[1, 0], [0, 1], [1, 1]])))
    6
    """
    m, r = F.shape
    if m == 0:
        W = np.zeros((1, r), dtype=np.int64)
        W[0, 0] = 1
        return W
    if r == 1:
        return np.array([[1], [-1]], dtype=np.int64)
    if r == 2:
        return _rank2_batch(np.zeros(m, dtype=np.int64), F, 1)[0]
    if r > 3:
        # a restriction of few hyperplanes in high dimension spans less than the space: enumerate
        # in the span of the normals (w = c B) and map back, so the recursion follows the rank
        basis = independent_integer_rows(F)
        if len(basis) == m:
            return _independent(F)
        if len(basis) < r:
            B = F[basis]
            C = region_witnesses(primitive_rows(exact_matmul(F, B.T)), on_progress, max_regions, _memo)
            return primitive_rows(exact_matmul(C, B))
    if r == 3:
        W = _rank3(F)
    else:
        return _incremental(F, on_progress, max_regions, _memo)
    if max_regions is not None and len(W) > max_regions:
        raise RegionLimitError(f"{len(W)} regions exceed max_regions = {max_regions}")
    return W


def small_witnesses(W: np.ndarray, F: np.ndarray, max_bits: int = 40) -> np.ndarray:
    """Replace witnesses by smaller integer points of the same open cones where possible.

    A float guess (the witness direction scaled to ``2^k`` and rounded, k = 0, 1, ...)
    is kept only when its exact signs against ``F`` equal the original's; rows with no
    such guess up to ``2^max_bits`` keep their witness.

    >>> small_witnesses(np.array([[1000, 999]]), np.array([[1, 0], [0, 1]]))
    array([[1, 1]])
    """
    if W.dtype == object:
        return _small_rows(W, F, max_bits)
    # a block at a time, so that the guesses, products and signs of a block stay in cache
    out = np.empty_like(W)
    for lo in range(0, len(W), 8192):
        out[lo:lo + 8192] = _small_rows(W[lo:lo + 8192], F, max_bits)
    return out


def _small_rows(W: np.ndarray, F: np.ndarray, max_bits: int) -> np.ndarray:
    target = product_signs(W, F.T)
    direction = float_directions(W)
    direction /= np.abs(direction).max(axis=1, keepdims=True)
    out = W.astype(object) if W.dtype == object else W.copy()
    size = np.abs(out).max(axis=1)
    todo = np.arange(len(W))
    FT, scale = F.T, max_abs(F) * F.shape[1]

    def signs_of(guess):          # guesses are at most 2^bits: most products fit in int64
        if guess.dtype != object and 2**bits * scale < INT64_SAFE and F.dtype != object:
            P = guess @ FT
            return (P > 0).astype(np.int8) - (P < 0)
        return product_signs(guess, FT)

    for bits in range(max_bits + 1):
        # a guess at scale 2^bits has largest entry 2^bits: no smaller than a row already that small
        todo = todo[size[todo] > 2**bits]
        if len(todo) == 0:
            break
        guess = np.rint(direction[todo] * 2.0**bits).astype(np.int64)
        ok = (signs_of(guess) == target[todo]).all(axis=1)
        out[todo[ok]] = primitive_rows(guess[ok])
        todo = todo[~ok]
    return compact(out) if out.dtype == object else out
