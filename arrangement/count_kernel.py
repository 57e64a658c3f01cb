"""Compiled base cases of the counting engine: chi of small-rank restrictions, and normal forms.

The memoised engine (:mod:`arrangement.counting`) spends most of its time on many small
restrictions: rank-3 and rank-4 arrangements of a few dozen planes, whose deletion-restriction
sums are a few thousand pairs each, and their normal forms.  In NumPy every such step costs
several array temporaries, in Python a loop per entry, so the per-call overhead dominates.  A
small C extension (``arrangement/count_native.c``, built by ``pip install`` when a C compiler
is there) does the same arithmetic on ``int64`` 5-10x faster (the rank-3 and rank-4
restrictions it meets are memoised there by their normal forms, in a process-wide table: equal
normal forms are isomorphic arrangements, so an entry stays valid for every later count).  C rather than Numba:
the extension loads in a millisecond, Numba's runtime in about half a second, which is more than
a whole small count.

The extension is optional: :func:`kernel` returns ``None`` without it, and the engine then
uses its NumPy code for everything.  Exactness: the C code checks, before it multiplies, that
its factors are below ``2^30`` (so a product and a difference stay below ``2^62``), or in the
normal form that the Bareiss minors are below ``2^31`` (Hadamard's bound); the caller bounds
the coefficients (at most ``C(m, k)`` in absolute value, Whitney) below ``2^62``.  When a check
fails the function answers ``None`` and the caller computes with Python integers.  Duplicates
are found by hashing with a full comparison of the rows: a collision costs time, never a count.

>>> import numpy as np
>>> k = kernel()
>>> k is None or k.chi(np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]])) == [1, -3, 3, -1]
True
"""

from __future__ import annotations

from importlib import import_module
from math import comb

import numpy as np

__all__ = ["kernel", "fits", "Kernel"]

_LOADED = []        # [Kernel or None] once tried


def fits(m: int, r: int) -> bool:
    """Whether the coefficients of chi of m hyperplanes in R^r fit ``int64`` (``C(m, k) < 2^62``).

    >>> fits(255, 5), fits(10**6, 5)
    (True, False)
    """
    return comb(m, min(r, m // 2)) < 2**62


class Kernel:
    """The compiled functions on NumPy arrays (``int64`` rows, C order)."""

    def __init__(self, native):
        self.native = native

    def chi(self, C: np.ndarray):
        """Coefficients of chi (highest degree first) of the distinct, non-parallel, canonical rows
        ``C`` (m x r, ``r <= 16``) in R^r, by deletion-restriction without a memo (cost about
        ``m^r / r!`` pairs: for small r), or ``None`` if an entry grew past the bound."""
        m, r = C.shape
        out = self.native.chi(np.ascontiguousarray(C, dtype=np.int64), m, r)
        return None if out is None else list(out)

    def normal_form(self, N: np.ndarray):
        """:func:`arrangement.normal_form.normal_form` of ``N`` (nonzero rows), or ``None`` if an
        entry is too large for ``int64``."""
        m, r = N.shape
        out = self.native.normal_form(np.ascontiguousarray(N, dtype=np.int64), m, r)
        if out is None:
            return None
        data, rank = out
        return np.frombuffer(data, dtype=np.int64).reshape(m, rank)


    def clear(self) -> None:
        """Empty the process-wide memo of restrictions (a fair timing starts from it empty)."""
        self.native.clear()

    def first_rows(self, rows: np.ndarray) -> np.ndarray:
        """Indices of the first occurrence of each distinct row of the ``int64`` matrix ``rows``, in
        order (the first part of :func:`arrangement.integer.first_occurrences`)."""
        m, r = rows.shape
        if r == 0 or m == 0:
            return np.arange(min(m, 1), dtype=np.int64)
        data = self.native.first_rows(np.ascontiguousarray(rows, dtype=np.int64), m, r)
        return np.frombuffer(data, dtype=np.int64)

    @staticmethod
    def image_columns(elements: np.ndarray):
        """``elements`` (rows: permutations of m hyperplanes, g maps h to ``g[h]``) transposed, as
        :meth:`least_image` reads them, or ``None`` past ``2^16`` hyperplanes."""
        if elements.shape[1] > 2**16:
            return None
        return np.ascontiguousarray(elements.T, dtype=np.uint16)

    def least_image(self, mask: np.ndarray, columns: np.ndarray, group: np.ndarray) -> int:
        """The index ``t`` into ``group`` (element indices) whose element g maps the boolean ``mask``
        to the lexicographically least ``image`` (``image[g[h]] = mask[h]``, False first), the first
        such ``t`` on ties; ``columns`` from :meth:`image_columns`.  It compares the sorted positions
        of the True entries, so it costs their number per element, not m."""
        return self.native.least_image(np.flatnonzero(mask).astype(np.int64), columns,
                                       np.ascontiguousarray(group, dtype=np.int64), len(mask))


def kernel():
    """The compiled :class:`Kernel`, or ``None`` when the extension was not built.

    >>> k = kernel()
    >>> k is None or k.normal_form(np.array([[2, 0], [0, 3], [1, 1]])).tolist() == [[1, 0], [0, 1], [1, 1]]
    True
    """
    if not _LOADED:
        try:
            _LOADED.append(Kernel(import_module("arrangement.count_native")))
        except ImportError:        # not built (no C compiler at install): the NumPy engine
            _LOADED.append(None)
    return _LOADED[0]
