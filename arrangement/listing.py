"""Enumerated regions kept as columns in an :class:`~arrangement.Arrangement` (see
:mod:`arrangement.store`), and :class:`~arrangement.region.Region` records made from them.

>>> from arrangement import Arrangement
>>> A = Arrangement([[1, 0], [0, 1], [1, 1]])
>>> [r.pattern for r in region_range(A, 0, 2)]
['+++', '+-+']
"""

from __future__ import annotations

import numpy as np

from .enumeration import region_witnesses, small_witnesses
from .integer import exact_matmul, primitive_rows, product_signs
from .progress import progress_bar
from .region import Region
from .signs import pattern_strings
from .store import comparable, facet_table, key_order, sign_keys_of, unpack_signs

__all__ = ["enumerate_regions", "store_regions", "first_orientation", "hyperplane_signs",
           "facet_arrays", "facet_mask", "region_range"]

_CHUNK = 1 << 18


def first_orientation(A) -> np.ndarray:
    """The orientation of the first data index of every hyperplane (``int8``)."""
    orientation = A.orientation   # read once: called per region record (walls of one region)
    return np.array([orientation[h[0]] for h in A.hyperplanes], dtype=np.int8)


def enumerate_regions(A, max_regions=None, progress=None) -> None:
    """Enumerate the regions of ``A`` (exact witnesses, checked against ``|chi(-1)|``) and keep
    them as columns in ``A`` (:func:`store_regions`)."""
    total = A._count_within(max_regions)
    F = A.normals
    with progress_bar(total, "regions", progress) as bar:
        if A.rank == 0:
            essential = np.zeros((1, 1), dtype=np.int64)
        else:
            essential = small_witnesses(region_witnesses(
                F, max_regions=max_regions, on_progress=lambda k, n: bar.update_to(n)), F)
        bar.update_to(len(essential))
    if total is None:
        total = A.count_regions()
    if len(essential) != total:
        raise AssertionError(f"internal error: enumerated {len(essential)} regions, chi gives {total}")
    orient = first_orientation(A)
    keys = np.zeros((len(essential), max(1, -(-len(F) // 64))), dtype=np.uint64)
    for lo in range(0, len(essential), _CHUNK):
        S = product_signs(essential[lo:lo + _CHUNK], F.T) if A.rank else np.zeros((1, 0), np.int8)
        if (S == 0).any():
            raise AssertionError("internal error: a witness lies on a hyperplane")
        keys[lo:lo + _CHUNK] = sign_keys_of(S, orient)
    order = key_order(keys)
    if A.rank == 0:
        W = np.zeros((1, A.d), dtype=np.int64)
        W[0, 0] = 1
    elif A.essential_basis is None:
        W = essential[order]
    else:
        W = primitive_rows(exact_matmul(essential[order], A.essential_basis))
    store_regions(A, keys[order], W)


def store_regions(A, keys: np.ndarray, W: np.ndarray) -> None:
    """Keep sorted, distinct key rows and their witnesses in ``A`` (what :meth:`Arrangement.regions
    <arrangement.Arrangement.regions>` and the sign matrices read)."""
    sortable = comparable(keys)
    if len(keys) > 1 and not (sortable[1:] != sortable[:-1]).all():
        raise AssertionError("internal error: two regions with one sign vector")
    for name in ("_signs", "_patterns", "_facets", "_neighbours"):
        A.__dict__.pop(name, None)
    A.__dict__.update(_keys=keys, _witnesses=W)


def hyperplane_signs(A, start: int = 0, stop=None) -> np.ndarray:
    """Signs of regions ``start:stop`` over the distinct hyperplanes (``int8``, entries +-1)."""
    A.witness_matrix()                       # enumerated first, if not yet
    return unpack_signs(A._keys[start:stop], len(A.hyperplanes), first_orientation(A))


def facet_arrays(A):
    """``(offsets, hyperplane, neighbour)``: the facets of region r are the hyperplanes
    ``hyperplane[offsets[r]:offsets[r + 1]]``, increasing, and ``neighbour`` holds the regions across
    them (:func:`arrangement.store.facet_table`); computed once and kept in ``A``."""
    if "_facets" not in A.__dict__:
        A.witness_matrix()
        A.__dict__["_facets"] = facet_table(A._keys, len(A.hyperplanes))
    return A.__dict__["_facets"]


def facet_mask(A, start: int, stop: int) -> np.ndarray:
    """``mask[i, j]``: whether data index j carries a facet of region ``start + i`` (bool)."""
    offsets, hyper, _ = facet_arrays(A)
    on_hyper = np.zeros((stop - start, len(A.hyperplanes) + 1), dtype=bool)
    lo, hi = offsets[start], offsets[stop]
    rows = np.repeat(np.arange(stop - start), np.diff(offsets[start:stop + 1]))
    on_hyper[rows, hyper[lo:hi]] = True
    return on_hyper[:, A.hyperplane_of]          # a zero row reads the last column, always False


def region_range(A, start: int, stop: int) -> list:
    """:class:`~arrangement.region.Region` records of regions ``start:stop``."""
    P = A.data_signs(hyperplane_signs(A, start, stop))
    W = A.witness_matrix()[start:stop].tolist()
    facets = facet_mask(A, start, stop)
    return [Region(i, p, tuple(w), tuple(np.flatnonzero(f).tolist()))
            for i, p, w, f in zip(range(start, stop), pattern_strings(P), W, facets)]
