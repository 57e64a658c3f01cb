"""Regions grown one hyperplane at a time, with their signs as bits of one ``uint64`` each.

The step of the constructive deletion-restriction (:func:`arrangement.enumeration.split_regions`)
for up to 64 hyperplanes: a region's signs on ``F_0 .. F_{k-1}`` are the bits of a key (bit i set
for the ``-`` side of ``F_i``), so adding ``F_k`` sets one bit per region instead of appending a
column to a sign matrix and packing it again.  A split region keeps its row (the new witness on
the ``+`` side) and its ``-`` half is appended; witnesses live in a buffer that grows by doubling.

>>> G = GrowingRegions(np.array([[1, 0], [-1, 0]]), np.array([0, 1], dtype=np.uint64))   # x > 0, x < 0
>>> G.split(np.array([[1, -1], [-1, 1]]), np.array([[1, 0]]), np.array([1, 1]))   # x + y = 0 splits both
>>> G.witnesses().tolist(), G.keys().tolist()
([[3, -1], [-1, 3], [1, -3], [-3, 1]], [0, 1, 2, 3])
"""

from __future__ import annotations

import numpy as np

from .integer import exact_affine, exact_matmul, max_abs, primitive_rows, product_signs

__all__ = ["GrowingRegions", "MAX_BITS"]

MAX_BITS = 64


class GrowingRegions:
    """Integer witnesses and sign keys of the regions of the first k hyperplanes."""

    def __init__(self, W: np.ndarray, keys: np.ndarray):
        self._W, self._keys, self._size = W.copy(), keys.astype(np.uint64), len(W)

    def __len__(self):
        return self._size

    def witnesses(self) -> np.ndarray:
        W = self._W[:self._size]
        return W.copy() if len(self._W) > self._size + self._size // 4 else W

    def keys(self) -> np.ndarray:
        return self._keys[:self._size]

    def _room(self, extra: int, dtype) -> None:
        if dtype == object and self._W.dtype != object:
            self._W = self._W.astype(object)
        need = self._size + extra
        if need > len(self._W):
            cap = max(need, 2 * len(self._W))
            W = np.empty((cap, self._W.shape[1]), dtype=self._W.dtype)
            W[:self._size] = self._W[:self._size]
            keys = np.zeros(cap, dtype=np.uint64)
            keys[:self._size] = self._keys[:self._size]
            self._W, self._keys = W, keys

    def split(self, Q: np.ndarray, F: np.ndarray, n: np.ndarray) -> None:
        """Add the hyperplane ``<w, n> = 0`` (hyperplane number ``len(F)``) to the regions of ``F``;
        ``Q``: one integer point of the hyperplane per region of the restricted arrangement."""
        k = len(F)
        if k >= MAX_BITS:
            raise ValueError(f"at most {MAX_BITS} hyperplanes")
        size, W, keys = self._size, self._W[:self._size], self._keys[:self._size]
        bit = np.uint64(1) << np.uint64(k)
        M = max_abs(exact_matmul(F, n)) + 1
        minus = product_signs(Q, F.T) < 0
        qkeys = (minus.astype(np.uint64) << np.arange(k, dtype=np.uint64)).sum(axis=1, dtype=np.uint64) \
            if k else np.zeros(len(Q), dtype=np.uint64)
        order = np.argsort(qkeys)
        sorted_q = qkeys[order]
        pos = np.minimum(np.searchsorted(sorted_q, keys), max(len(Q) - 1, 0))
        hit = sorted_q[pos] == keys if len(Q) else np.zeros(size, dtype=bool)
        rows = np.flatnonzero(hit)
        if len(rows) != len(Q):
            raise AssertionError("internal error: restricted regions do not match split regions")
        side = product_signs(W, n[:, None])[:, 0]
        keys |= np.where(side < 0, bit, np.uint64(0))
        q = Q[order[pos[rows]]]
        plus = primitive_rows(exact_affine(q, M, n))
        less = primitive_rows(exact_affine(q, M, -n))
        dtype = object if object in (plus.dtype, less.dtype) else self._W.dtype
        self._room(len(rows), dtype)
        self._W[rows] = plus
        self._keys[rows] &= ~bit
        self._W[size:size + len(rows)] = less
        self._keys[size:size + len(rows)] = self._keys[rows] | bit
        self._size = size + len(rows)
