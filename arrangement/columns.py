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
from .signs import pattern_strings

__all__ = ["neighbour_blocks", "region_rows", "edge_blocks"]

BLOCK = 1 << 16


def neighbour_blocks(A, block: int = BLOCK):
    """``(start, nb)`` for consecutive blocks of regions: ``nb[i, h]`` is the region across hyperplane
    h from region ``start + i``, or -1 (as :meth:`~arrangement.Arrangement.neighbours`)."""
    S = A.hyperplane_sign_matrix()
    keys = sign_keys(S)
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    for start in range(0, len(S), block):
        part = S[start:start + block]
        nb = np.full(part.shape, -1, dtype=np.int64)
        for h in range(part.shape[1]):
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
        rows = np.column_stack([r[keep], s[keep], h[keep]])
        yield rows[np.lexsort((rows[:, 1], rows[:, 0]))]
