"""Regions read in blocks from the arrangement's arrays, without one Python object per region.

After enumeration an :class:`~arrangement.Arrangement` holds its regions as arrays
(:mod:`arrangement.store`): bit-packed signs, integer witnesses, facets as offsets into flat
arrays.  Here the regions, their facets and the adjacency edges are read a block at a time,
without one Python object per region kept.

>>> from arrangement import Arrangement
>>> A = Arrangement([[1, 0], [0, 1], [1, 1]])
>>> [(p, w, f) for p, w, f in region_rows(A)][:2]
[('+++', [1, 1], [0, 1]), ('+-+', [2, -1], [1, 2])]
>>> [e.tolist() for e in edge_blocks(A)][0][:2]
[[0, 1, 1], [0, 3, 0]]
"""

from __future__ import annotations

import numpy as np

from .errors import DataError
from .integer import compact, product_signs
from .listing import facet_arrays, facet_mask, first_orientation, hyperplane_signs, region_range, store_regions
from .signs import pattern_signs
from .store import key_order, sign_keys_of
from .text import region_records

__all__ = ["neighbour_blocks", "region_rows", "record_blocks", "edge_blocks", "set_regions"]

BLOCK = 1 << 16


def neighbour_blocks(A, block: int = BLOCK):
    """``(start, nb)`` for consecutive blocks of regions: ``nb[i, h]`` is the region across hyperplane
    h from region ``start + i``, or -1 (as :meth:`~arrangement.Arrangement.neighbours`), from the
    facet arrays (:func:`arrangement.listing.facet_arrays`).
    """
    offsets, hyper, other = facet_arrays(A)
    m = len(A.hyperplanes)
    for start in range(0, len(offsets) - 1, block):
        stop = min(start + block, len(offsets) - 1)
        nb = np.full((stop - start, m), -1, dtype=np.int64)
        lo, hi = offsets[start], offsets[stop]
        nb[np.repeat(np.arange(stop - start), np.diff(offsets[start:stop + 1])), hyper[lo:hi]] = other[lo:hi]
        yield start, nb


def region_rows(A, block: int = BLOCK):
    """``(pattern, witness, facets)`` of every region in the order of
    :meth:`~arrangement.Arrangement.regions` (witness entries and facets as Python ints)."""
    for start in range(0, len(A.witness_matrix()), block):
        for r in region_range(A, start, min(start + block, len(A.witness_matrix()))):
            yield r.pattern, list(r.witness), list(r.facets)


def record_blocks(A, block: int = 1 << 12):
    """The JSON records of the regions (:func:`arrangement.text.region_records`), a block of regions
    at a time, each block's text starting with ``", "`` but the first."""
    A.witness_matrix()
    total = len(A.witness_matrix())
    for start in range(0, total, block):
        stop = min(start + block, total)
        text = region_records(A.data_signs(hyperplane_signs(A, start, stop)), A.witness_matrix()[start:stop],
                              facet_mask(A, start, stop))
        yield text if start == 0 else ", " + text


def edge_blocks(A, block: int = BLOCK):
    """Arrays of rows ``(r, s, h)``, r < s adjacent across hyperplane h, in the order of
    :meth:`~arrangement.Arrangement.edges` (by r, then s)."""
    offsets, hyper, other = facet_arrays(A)
    for start in range(0, len(offsets) - 1, block):
        stop = min(start + block, len(offsets) - 1)
        lo, hi = offsets[start], offsets[stop]
        r = start + np.repeat(np.arange(stop - start), np.diff(offsets[start:stop + 1]))
        s, h = other[lo:hi], hyper[lo:hi]
        keep = r < s
        rows = np.column_stack([r[keep], s[keep], h[keep]]).astype(np.int32 if stop < 2**31 else np.int64)
        yield rows[np.lexsort((rows[:, 1], rows[:, 0]))]


def set_regions(A, patterns, witnesses):
    """Give ``A`` its regions (see :meth:`~arrangement.Arrangement.from_patterns`) once checked to be
    all of them; returns ``A``."""
    if len(patterns) and isinstance(patterns[0], str):
        if any(len(p) != A.n or set(p) - set("+-0") for p in patterns):
            raise DataError(f"a pattern is not a string of {A.n} signs + - 0")
        patterns = [pattern_signs(p) for p in patterns]
    P = np.asarray(patterns, dtype=np.int8).reshape(len(patterns), A.n)
    W = np.asarray(witnesses)
    if W.dtype.kind not in "iuO" or W.shape != (len(P), A.d) or \
            (W.dtype == object and not all(isinstance(v, (int, np.integer)) for v in W.ravel())):
        raise DataError(f"the witnesses must be integer points, one row of {A.d} per pattern")
    W = compact(W.astype(object)) if W.dtype.kind in "Ou" else W.astype(np.int64)
    if (product_signs(W, A._integer_rows.T) != P).any():
        raise DataError("a witness does not have its pattern's signs against the data")
    if len(np.unique(P, axis=0)) != len(P) or len(P) != A.count_regions():
        raise DataError(f"{len(P)} patterns, not the {A.count_regions()} distinct regions of the data")
    first = np.array([h[0] for h in A.hyperplanes], dtype=np.int64)
    S = (P[:, first] * A.orientation[first]).astype(np.int8) if len(first) else np.zeros((len(P), 0), np.int8)
    keys = sign_keys_of(S, first_orientation(A))
    order = key_order(keys)
    store_regions(A, keys[order], W[order])
    return A
