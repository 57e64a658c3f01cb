"""The regions of an arrangement as columns: bit-packed signs, one witness matrix, facets as offsets.

An enumerated :class:`~arrangement.Arrangement` keeps, per region, no Python object but

* one row of ``keys`` (``uint64``, ``ceil(m / 64)`` words): bit ``63 - h % 64`` of word ``h // 64``
  is set iff the region is on the ``-`` side of hyperplane h *as seen from its first data
  index*.  Hyperplanes are numbered in the order of their first data index and zero rows carry
  no information, so the numeric (lexicographic) order of the keys is the order of the data
  patterns with ``+`` before ``-``: regions are stored sorted by key;
* one row of the integer witness matrix (``int64``, or Python ints past the overflow guard);
* its facets as a slice of two flat arrays, hyperplane and neighbour, between two offsets (CSR).

Signs over the hyperplanes or the data, :class:`~arrangement.region.Region` records and the
neighbour table are made from these on access.

>>> S = np.array([[1, -1, 1], [-1, 1, 1], [1, 1, 1]], dtype=np.int8)
>>> K = sign_keys_of(S, np.array([1, 1, -1]))
>>> [bin(int(k) >> 61) for k in K[:, 0]]
['0b11', '0b101', '0b1']
>>> unpack_signs(K, 3, np.array([1, 1, -1])).tolist() == S.tolist()
True
"""

from __future__ import annotations

import numpy as np

__all__ = ["sign_keys_of", "unpack_signs", "key_order", "facet_blocks", "facet_table", "comparable", "WORD"]

WORD = 64


def _words(m: int) -> int:
    return max(1, -(-m // WORD))


def sign_keys_of(S: np.ndarray, first_orientation: np.ndarray) -> np.ndarray:
    """Keys (regions x words, ``uint64``) of hyperplane sign rows ``S`` (entries +-1), where
    ``first_orientation[h]`` is the orientation of hyperplane h's first data index."""
    m = S.shape[1]
    minus = (S * first_orientation[None, :].astype(np.int8)) < 0 if m else np.zeros((len(S), 0), bool)
    out = np.zeros((len(S), _words(m) * 8), dtype=np.uint8)
    if m:
        bits = np.packbits(minus, axis=1, bitorder="big")
        out[:, :bits.shape[1]] = bits
    return out.view(">u8").astype(np.uint64)


def unpack_signs(keys: np.ndarray, m: int, first_orientation: np.ndarray) -> np.ndarray:
    """Hyperplane sign rows (regions x m, ``int8`` entries +-1) from their keys: the inverse of
    :func:`sign_keys_of`."""
    raw = np.ascontiguousarray(keys.astype(">u8")).view(np.uint8).reshape(len(keys), -1)
    minus = np.unpackbits(raw, axis=1, count=m, bitorder="big")
    return ((1 - 2 * minus.astype(np.int8)) * first_orientation[None, :].astype(np.int8)).astype(np.int8)


def comparable(keys: np.ndarray) -> np.ndarray:
    """One sortable scalar per key row, ordered as the rows (numerically, first word first)."""
    if keys.shape[1] == 1:
        return keys[:, 0]
    raw = np.ascontiguousarray(keys.astype(">u8"))
    return raw.view(np.dtype((np.void, raw.shape[1] * 8))).ravel()


def key_order(keys: np.ndarray) -> np.ndarray:
    """The permutation that sorts key rows (pattern order, ``+`` before ``-``).

    >>> key_order(np.array([[3], [1], [2]], dtype=np.uint64)).tolist()
    [1, 2, 0]
    """
    if keys.shape[1] == 1:
        return np.argsort(keys[:, 0], kind="stable")
    return np.lexsort(keys.T[::-1])


def facet_blocks(keys: np.ndarray, m: int, block: int = 1 << 16):
    """Facets of consecutive blocks of regions with sorted, distinct key rows: ``(start, offsets,
    hyperplane, neighbour)``, the facets of region ``start + i`` at ``offsets[i]:offsets[i + 1]``
    (by hyperplane), ``neighbour`` the region across it.

    Hyperplane h carries a facet of a region iff the sign vector with sign h flipped is a region
    (the segment between the two witnesses then crosses H_h only).  Flipping bit h in the keys
    of a block that have it clear (or set) keeps them sorted, so each binary search runs over
    increasing queries.
    """
    n = len(keys)
    sortable = comparable(keys)
    index = np.int32 if n < 2**31 else np.int64
    small = np.int16 if m < 2**15 else np.int32
    for start in range(0, n, block):
        part = keys[start:start + block]
        rows, hyper, other = [], [], []
        for h in range(m):
            word, bit = h // WORD, np.uint64(1) << np.uint64(WORD - 1 - h % WORD)
            flipped = part.copy()
            flipped[:, word] ^= bit
            set_ = (part[:, word] & bit) != 0
            for side in (~set_, set_):
                local = np.flatnonzero(side)
                query = comparable(flipped[local])
                pos = np.minimum(np.searchsorted(sortable, query), n - 1)
                hit = sortable[pos] == query
                rows.append(local[hit].astype(index))
                other.append(pos[hit].astype(index))
                hyper.append(np.full(int(hit.sum()), h, dtype=small))
        rows, other, hyper = (np.concatenate(a) if a else np.zeros(0, t)
                              for a, t in ((rows, index), (other, index), (hyper, small)))
        order = np.lexsort((hyper, rows))
        offsets = np.zeros(len(part) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=len(part)), out=offsets[1:])
        yield start, offsets, hyper[order], other[order]


def facet_table(keys: np.ndarray, m: int):
    """All facets at once, ``(offsets, hyperplane, neighbour)`` as in :func:`facet_blocks`
    (``offsets`` of length regions + 1).

    >>> K = np.array([[0], [1 << 63], [3 << 62]], dtype=np.uint64)   # ++, -+, --  (of 2)
    >>> [a.tolist() for a in facet_table(K, 2)]
    [[0, 1, 3, 4], [0, 0, 1, 1], [1, 0, 2, 1]]
    """
    offsets, hyper, other = [np.zeros(1, dtype=np.int64)], [], []
    for _, off, h, nb in facet_blocks(keys, m):
        offsets.append(off[1:] + offsets[-1][-1])
        hyper.append(h)
        other.append(nb)
    small = np.int16 if m < 2**15 else np.int32
    return (np.concatenate(offsets), np.concatenate(hyper) if hyper else np.zeros(0, small),
            np.concatenate(other) if other else np.zeros(0, np.int32))
