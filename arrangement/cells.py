"""The regions of a central arrangement, one cell of a sub-arrangement at a time (exact).

Splitting scheme for enumeration on many workers.  The first ``k`` of the normals ``F``
(m x r) cut space into open cones, the *cells* ``{w : sign <w, F_i> = s_i, i < k}``; every
region lies in exactly one cell, so the regions split into disjoint sets, one per cell.
The constructive deletion-restriction of :mod:`arrangement.enumeration` builds them by adding
``H_k, H_{k+1}, ...`` to the cells: adding ``H_t = {<w, F_t> = 0}`` splits exactly the regions
that ``H_t`` meets, one for each region of the restricted arrangement
``A_t = {H_i ∩ H_t : i < t}``, and the region split by a region of ``A_t`` with witness ``q``
(a point of ``H_t``, off every earlier hyperplane) lies in the cell of ``q``'s signs on
``F[:k]``.  So the work is two kinds of independent tasks:

1. per hyperplane ``t >= k``: the witnesses of ``A_t`` (the vectorised in-memory engine, one
   dimension lower), each assigned to its cell (:func:`hyperplane_points`, :func:`cell_index`);
2. per cell: start from the cell (one region) and add ``H_k, ..., H_{m-1}``, splitting the
   regions named by the points of the cell (:func:`grow_cell`, with
   :func:`arrangement.enumeration.split_regions`).

Every region of ``A_t`` is in exactly one cell, so the number of regions of a cell is known
before it is built: ``1 + sum_t |Q_t ∩ cell|``.  Facets: ``H_h`` carries a facet of a region iff
flipping the region's sign on ``H_h`` gives a region (the segment between the two witnesses
crosses ``H_h`` only); for ``h >= k`` that region is in the same cell, for ``h < k`` in the
cell with sign ``h`` flipped (:func:`flip_hits`).

>>> F = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]])      # 14 regions
>>> k, C = 1, cells(F, 1)                                           # two half-spaces
>>> Q = {t: hyperplane_points(F, t) for t in range(k, len(F))}
>>> [len(grow_cell(F, k, c, [Q[t][cell_index(Q[t], F[:k], C) == i] for t in Q])) for i, c in enumerate(C)]
[7, 7]
"""

from __future__ import annotations

import numpy as np

from .enumeration import lift, region_witnesses, restrict, split_regions
from .integer import product_signs

__all__ = ["cells", "cell_codes", "cell_index", "hyperplane_points", "grow_cell", "packed_signs", "distinct_rows", "flip_hits"]


def cell_codes(S: np.ndarray) -> np.ndarray:
    """Sign rows over ``k <= 62`` hyperplanes (entries +-1) as integers, larger for ``+`` first:
    ``sum_i [S_i > 0] 2^(k-1-i)``, so sorting by decreasing code sorts the rows ``+`` before ``-``.

    >>> cell_codes(np.array([[1, -1], [-1, 1]])).tolist()
    [2, 1]
    """
    k = S.shape[1]
    return ((S > 0).astype(np.int64) << np.arange(k - 1, -1, -1, dtype=np.int64)).sum(axis=1)


def cells(F: np.ndarray, k: int) -> np.ndarray:
    """One integer point per cell of the first ``k`` normals, cells ordered by their signs
    (``+`` before ``-``, first hyperplane first).

    >>> cells(np.array([[1, 0], [0, 1]]), 2).tolist()
    [[1, 1], [1, -1], [-1, 1], [-1, -1]]
    """
    C = region_witnesses(F[:k])
    return C[np.argsort(-cell_codes(product_signs(C, F[:k].T)), kind="stable")]


def cell_index(Q: np.ndarray, walls: np.ndarray, C: np.ndarray) -> np.ndarray:
    """For each point of ``Q`` (off every hyperplane ``walls``), the index of its cell in ``C``
    (the output of :func:`cells`); an ``AssertionError`` if a point is in none of them.

    >>> cell_index(np.array([[2, -1], [-1, -3]]), np.array([[1, 0], [0, 1]]), cells(np.eye(2, dtype=int), 2)).tolist()
    [1, 3]
    """
    S = product_signs(Q, walls.T)
    keys = -cell_codes(product_signs(C, walls.T))            # ascending: the order of C
    index = np.minimum(np.searchsorted(keys, -cell_codes(S)), len(keys) - 1)
    if (S == 0).any() or (keys[index] != -cell_codes(S)).any():
        raise AssertionError("internal error: a splitting point lies in no cell")
    return index


def hyperplane_points(F: np.ndarray, t: int) -> np.ndarray:
    """Integer points of ``H_t = {<w, F_t> = 0}``, one in each region of the restricted
    arrangement ``{H_i ∩ H_t : i < t}`` (off every ``H_i``, i < t): the regions that adding
    ``H_t`` to ``F[:t]`` splits, enumerated by the in-memory engine one dimension lower.

    >>> hyperplane_points(np.array([[1, 0], [0, 1]]), 1).tolist()
    [[1, 0], [-1, 0]]
    """
    n = F[t]
    G, _, p = restrict(F[:t], n)
    return lift(region_witnesses(G), n, p)


def grow_cell(F: np.ndarray, k: int, c: np.ndarray, pieces) -> np.ndarray:
    """One integer witness per region of the arrangement ``F`` in the cell of the point ``c``
    (signs on ``F[:k]``), given ``pieces[t - k]``: the points of :func:`hyperplane_points`
    ``(F, t)`` that lie in the cell, for ``t = k, ..., m - 1``.

    >>> F = np.array([[1, 0], [0, 1], [1, 1]])
    >>> grow_cell(F, 1, np.array([1, 0]), [np.array([[1, 0]]), np.array([[1, -1]])]).tolist()
    [[1, 1], [3, -1], [1, -3]]
    """
    W = c[None, :]
    S = product_signs(W, F[:k].T)
    for t, Q in enumerate(pieces, start=k):
        if len(Q) == 0:                               # H_t misses the cell's regions: none is split
            S = np.hstack([S, product_signs(W, F[t][:, None])])
        else:
            W, S = split_regions(W, S, Q, F[:t], F[t])
    return W


def packed_signs(S: np.ndarray) -> np.ndarray:
    """Rows of +-1 signs as bits (``S > 0``, little-endian within a byte), padded to whole
    64-bit words: the compact form in which cells are stored and compared.

    >>> packed_signs(np.array([[1, -1, 1]])).tolist()
    [[5, 0, 0, 0, 0, 0, 0, 0]]
    """
    bits = np.packbits(S > 0, axis=1, bitorder="little")
    out = np.zeros((len(S), max(8, -(-bits.shape[1] // 8) * 8)), dtype=np.uint8)
    out[:, :bits.shape[1]] = bits
    return out


def _keys(packed: np.ndarray) -> np.ndarray:
    if packed.shape[1] == 8:
        return packed.view("<u8").ravel()
    return np.ascontiguousarray(packed).view(np.dtype((np.void, packed.shape[1]))).ravel()


def distinct_rows(packed: np.ndarray) -> bool:
    """Whether the rows of ``packed`` (from :func:`packed_signs`) are pairwise distinct.

    >>> distinct_rows(packed_signs(np.array([[1, -1], [1, 1]]))), distinct_rows(packed_signs(np.ones((2, 2))))
    (True, False)
    """
    return len(np.unique(_keys(packed))) == len(packed)


def flip_hits(packed: np.ndarray, hyperplanes, other: np.ndarray) -> np.ndarray:
    """``out[r, i]``: whether row ``r`` of ``packed`` with bit ``hyperplanes[i]`` flipped is a row
    of ``other`` (both from :func:`packed_signs`), i.e. whether that hyperplane carries a facet
    of region ``r``, when ``other`` holds all regions on its far side.

    >>> P = packed_signs(np.array([[1, 1], [-1, 1]]))
    >>> flip_hits(P, [0, 1], P).tolist()
    [[True, False], [True, False]]
    """
    out = np.zeros((len(packed), len(hyperplanes)), dtype=bool)
    keys = np.sort(_keys(other))
    if len(keys) == 0 or len(packed) == 0:
        return out
    # rows in key order: flipping one bit keeps the rows with that bit clear, and those with it
    # set, in increasing order, and a binary search with increasing queries is fast
    order = np.argsort(_keys(packed), kind="stable")
    ordered = packed[order]
    for i, h in enumerate(hyperplanes):
        byte, bit = h // 8, np.uint8(1 << (h % 8))
        if packed.shape[1] == 8:
            flipped = _keys(ordered) ^ (np.uint64(1) << np.uint64(h))
        else:
            flipped = ordered.copy()
            flipped[:, byte] ^= bit
            flipped = _keys(flipped)
        clear = (ordered[:, byte] & bit) == 0
        for part in (clear, ~clear):
            wanted = flipped[part]
            out[order[part], i] = keys[np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)] == wanted
    return out
