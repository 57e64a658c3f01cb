"""Regions kept as columns (bit-packed signs, a witness matrix, facets as offsets) against records
built independently here in plain Python: the same patterns in the same order, the same facets and
neighbours, every witness checked with exact integers; the listed families against closed forms;
no Python object kept per region."""

import gc
import json
from math import factorial

import numpy as np
import pytest

from arrangement import Arrangement
from arrangement.columns import edge_blocks, record_blocks
from arrangement.datasets import braid, crosspoly, random_integer, resonance, threshold
from arrangement.enumeration import region_witnesses
from arrangement.region import RegionList
from test_counts import degenerate_data

ORDER = str.maketrans("+0-", "abc")      # pattern order: + before 0 before -


def exact_pattern(X, w) -> str:
    """sign(<x_j, w>) with Python integers (X rows are integers here)."""
    out = []
    for row in X:
        s = sum(int(a) * int(b) for a, b in zip(row, w))
        out.append("+" if s > 0 else "-" if s < 0 else "0")
    return "".join(out)


def reference_records(X):
    """(pattern, facets, neighbours) of every region, sorted by pattern, from the witnesses of the
    in-memory engine alone (no keys, no facet arrays): the records the arrangement used to keep."""
    A = Arrangement(X)
    F = A.normals
    if A.rank == 0:
        return ["0" * A.n], [()], [{}]
    Xint = [[int(v) for v in row] for row in A.integer_rows.tolist()]
    W = region_witnesses(F)
    if A.essential_basis is not None:
        W = W.astype(object) @ A.essential_basis.astype(object)
    patterns = sorted({exact_pattern(Xint, w) for w in W.tolist()}, key=lambda p: p.translate(ORDER))
    assert len(patterns) == len(W)
    index = {p: i for i, p in enumerate(patterns)}
    facets, neighbours = [], []
    for p in patterns:
        on, nb = [], {}
        for h, members in enumerate(A.hyperplanes):
            flipped = list(p)
            for j in members:
                flipped[j] = "+" if p[j] == "-" else "-"
            other = index.get("".join(flipped))
            if other is not None:
                on += members
                nb[h] = other
        facets.append(tuple(sorted(on)))
        neighbours.append(nb)
    return patterns, facets, neighbours


def integer_data(X):
    return [[int(v) for v in row] for row in X]


# 68 hyperplanes (more than one 64-bit word of signs) of rank 4: a pencil of 66 planes through a
# common 2-space, and two coordinate hyperplanes; 132 * 2 * 2 regions
MANY = [[a, b, 0, 0] for a, b in [(1, k) for k in range(-32, 33)] + [(0, 1)]] + [[0, 0, 1, 0], [0, 0, 0, 1]]

CASES = [MANY] + [degenerate_data(seed, 7, 2 + seed % 4) for seed in range(16)] + \
    [list(map(list, random_integer(8, 4, seed=s, bound=3))) for s in range(4)] + \
    [[[1, 0, 0], [0, 0, 0], [2, 0, 0], [0, -3, 0], [1, 1, 1], [-1, -1, -1]],   # zero, repeated, opposite
     [[0, 0], [0, 0]],                                                           # rank 0
     [[2], [-1], [0]]] + \
    [integer_data(braid(4)), integer_data(crosspoly(4)), integer_data(resonance(3)),
     [list(r) + [1] for r in threshold(3)]]


@pytest.mark.parametrize("X", CASES)
def test_columns_give_the_records_of_plain_python(X):
    A = Arrangement(X)
    patterns, facets, neighbours = reference_records(X)
    if X is MANY:
        assert len(A.hyperplanes) == 68 and A.rank == 4 and len(patterns) == 528
    regions = A.regions()
    assert isinstance(regions, RegionList) and len(regions) == len(patterns)
    assert [r.pattern for r in regions] == patterns
    assert [r.facets for r in regions] == facets
    assert [r.index for r in regions] == list(range(len(patterns)))
    Xint = A.integer_rows.tolist()
    for r in regions:
        assert exact_pattern(Xint, r.witness) == r.pattern
    S = A.sign_matrix()
    assert ["".join("+" if v > 0 else "-" if v < 0 else "0" for v in row) for row in S.tolist()] == patterns
    assert [list(map(int, w)) for w in A.witness_matrix().tolist()] == [list(r.witness) for r in regions]
    nb = A.neighbours()
    for i, expected in enumerate(neighbours):
        assert {h: int(v) for h, v in enumerate(nb[i]) if v >= 0} == expected
    edges = sorted((i, j, A.hyperplanes[h]) for i, e in enumerate(neighbours) for h, j in e.items() if i < j)
    assert A.edges() == edges
    blocks = [b for b in edge_blocks(A, block=3)]
    assert [tuple(int(v) for v in row[:2]) for b in blocks for row in b] == [e[:2] for e in edges]


@pytest.mark.parametrize("X", CASES[:7] + CASES[-4:])
def test_json_records_read_back_as_the_regions(X):
    A = Arrangement(X)
    records = json.loads("[" + "".join(record_blocks(A, block=5)) + "]")
    assert records == [{"pattern": r.pattern, "witness": [str(v) for v in r.witness], "facets": list(r.facets)}
                       for r in A.regions()]


def test_huge_witnesses_are_written_and_checked_exactly():
    X = [[1, 10**30], [1, 10**30 + 1], [1, 0]]
    A = Arrangement(X)
    records = json.loads("[" + "".join(record_blocks(A)) + "]")
    assert len(records) == A.count_regions() == 6
    for rec in records:
        assert exact_pattern(X, [int(v) for v in rec["witness"]]) == rec["pattern"]


def test_views_index_and_slice_like_a_tuple():
    A = Arrangement(braid(4))
    regions = A.regions()
    records = tuple(regions)
    assert regions[-1] == records[-1] and regions[5] == records[5]
    assert regions[2:9] == records[2:9] and regions[::7] == records[::7] and regions == records
    with pytest.raises(IndexError):
        regions[len(records)]
    for bad in (1.5, "2"):                      # no index of a tuple either
        with pytest.raises(TypeError):
            records[bad]
        with pytest.raises(TypeError):
            regions[bad]


def test_views_compare_like_the_tuple_they_replace():
    """Equality follows the tuple's rule (the ground truth is Python's own tuple comparison):
    equal to the same records as a tuple or another view, unequal to a list of them, or to a
    tuple in another order or of other length."""
    regions = Arrangement(braid(3)).regions()
    records = tuple(regions)
    for other in (records, list(records), records[::-1], records[:-1], Arrangement(braid(3)).regions()):
        assert (regions == other) == (records == (tuple(other) if not isinstance(other, list) else other))
        assert (regions != other) == (not regions == other)
    assert regions != list(records) and records != list(records)


def test_views_pickle_like_the_tuple_they_replace():
    import pickle
    from itertools import product
    X = [[1, 0], [0, 1], [1, 1], [1, -1]]
    regions = pickle.loads(pickle.dumps(Arrangement(X, bias=True).regions()))
    # ground truth: the sign patterns of a grid of points (every region of these lines is hit)
    grid = {"".join("+" if a * u + b * v + w > 0 else "-" for a, b in X) for u, v, w in
            product(range(-40, 41), range(-40, 41), (-4, 4)) if all(a * u + b * v + w for a, b in X)}
    assert len(regions) == len(grid) and {r.pattern for r in regions} == grid


@pytest.mark.parametrize("k", range(2, 7))
def test_braid_lists_k_factorial_regions(k):
    A = Arrangement(braid(k))
    P = A.sign_matrix()
    assert len(A.regions()) == factorial(k) == len(np.unique(P, axis=0))
    # a region of the braid arrangement is a total order of the coordinates: its witness sorts them
    for r in A.regions():
        w = r.witness
        assert len(set(w)) == k and exact_pattern(A.integer_rows.tolist(), w) == r.pattern


@pytest.mark.parametrize("k", range(2, 9))
def test_crosspoly_lists_the_closed_form(k):
    A = Arrangement(crosspoly(k))
    W = A.witness_matrix().astype(object)
    S = np.sign(W @ A.integer_rows.T.astype(object)).astype(np.int8)
    assert (S == A.sign_matrix()).all() and (S != 0).all()
    assert len(np.unique(S, axis=0)) == len(S) == 2 * 3**(k - 1) - 2**(k - 1)


def test_no_python_object_is_kept_per_region():
    gc.collect()
    A = Arrangement(braid(6))                    # 720 regions
    before = len(gc.get_objects())
    W = A.witness_matrix()
    regions = A.regions()
    len(regions), regions[100], A.neighbours()
    gc.collect()
    grown = len(gc.get_objects()) - before
    assert len(W) == 720 and grown < 200
    per_region = {name: value for name, value in vars(A).items()
                  if hasattr(value, "__len__") and not isinstance(value, (str, bytes)) and len(value) == len(W)}
    assert per_region and all(isinstance(v, np.ndarray) and v.dtype != object for v in per_region.values())
    keys = vars(A)["_keys"]
    assert keys.dtype == np.uint64 and keys.nbytes == 8 * len(W)
