"""Regions read in blocks from the arrangement's arrays, without one Python object per region.

After enumeration an :class:`~arrangement.Arrangement` holds its regions as arrays: signs over
the data (``int8``, regions x n), signs over the distinct hyperplanes, integer witnesses.  The
neighbour table (regions x hyperplanes) costs eight bytes an entry; here it is computed one block
of regions at a time, against the sorted sign keys of all regions, and dropped after use, so
the regions, their facets and the adjacency edges can be streamed in bounded extra memory.

>>> from arrangement import Arrangement
>>> A = Arrangement([[1, 0], [0, 1], [1, 1]])
>>> [(p, w, f) for p, w, f in region_rows(A)][:2]
[('+++', [1, 1], [0, 1]), ('+-+', [2, -1], [1, 2])]
>>> [e.tolist() for e in edge_blocks(A)][0][:2]
[[0, 1, 1], [0, 3, 0]]
"""

from __future__ import annotations

import numpy as np

from .enumeration import sign_keys
from .errors import DataError
from .integer import compact, product_signs
from .signs import pattern_signs, pattern_strings

__all__ = ["neighbour_blocks", "region_rows", "edge_blocks", "set_regions"]

BLOCK = 1 << 16


def neighbour_blocks(A, block: int = BLOCK):
    """``(start, nb)`` for consecutive blocks of regions: ``nb[i, h]`` is the region across hyperplane
    h from region ``start + i``, or -1 (as :meth:`~arrangement.Arrangement.neighbours`).

    Flipping one sign of a region gives a region iff that hyperplane carries a facet: the
    segment between the two witnesses crosses only that hyperplane, at a point of the
    relative interior of a common facet.
    """
    S = A.hyperplane_sign_matrix()
    keys = sign_keys(S)
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    for start in range(0, len(S), block):
        part = S[start:start + block]
        nb = np.full(part.shape, -1, dtype=np.int64)
        for h in range(part.shape[1]):
            if S.shape[1] <= 64:         # a key holds sign h as bit h: flip it in place
                fk = keys[start:start + block] ^ np.uint64(1 << h)
            else:
                flipped = part.copy()
                flipped[:, h] *= -1
                fk = sign_keys(flipped)
            pos = np.minimum(np.searchsorted(sorted_keys, fk), len(keys) - 1)
            hit = sorted_keys[pos] == fk
            nb[hit, h] = order[pos[hit]]
        yield start, nb


def region_rows(A, block: int = BLOCK):
    """``(pattern, witness, facets)`` of every region in the order of
    :meth:`~arrangement.Arrangement.regions` (witness entries and facets as Python ints)."""
    P, W = A.sign_matrix(), A.witness_matrix()
    of = A.hyperplane_of
    nonzero = of >= 0
    for start, nb in neighbour_blocks(A, block):
        on_facet = np.zeros((len(nb), A.n), dtype=bool)
        on_facet[:, nonzero] = nb[:, of[nonzero]] >= 0
        stop = start + len(nb)
        for pattern, w, facets in zip(pattern_strings(P[start:stop]), W[start:stop].tolist(), on_facet):
            yield pattern, w, np.flatnonzero(facets).tolist()


def edge_blocks(A, block: int = BLOCK):
    """Arrays of rows ``(r, s, h)``, r < s adjacent across hyperplane h, in the order of
    :meth:`~arrangement.Arrangement.edges` (by r, then s)."""
    for start, nb in neighbour_blocks(A, block):
        r, h = np.nonzero(nb >= 0)
        s = nb[r, h]
        r = r + start
        keep = r < s
        rows = np.column_stack([r[keep], s[keep], h[keep]]).astype(np.int32 if len(nb) + start < 2**31 else np.int64)
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
    S = (P[:, first] * A._orientation[first]).astype(np.int8) if len(first) else np.zeros((len(P), 0), np.int8)
    order = np.lexsort((-P.T)[::-1]) if A.n else np.arange(len(P))
    A.__dict__.update(_witnesses=W[order], _signs=S[order], _patterns=P[order])
    return A
