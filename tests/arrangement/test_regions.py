"""Regions, witnesses, facets and the adjacency graph against brute force."""

import itertools
from fractions import Fraction

import networkx as nx
import numpy as np
import pytest

from arrangement import Arrangement, RegionLimitError
from arrangement.datasets import random_integer, threshold
from conftest import as_tuple, brute_force_regions
from test_counts import degenerate_data


def exact_signs(X, w):
    return tuple((s > 0) - (s < 0) for s in (sum(Fraction(a) * b for a, b in zip(row, w)) for row in X))


def check_witnesses(A):
    for region in A.regions():
        assert exact_signs(A.X, region.witness) == as_tuple(region.pattern)


CASES = [
    [[1, 0], [0, 1], [1, 1]],
    [[1, 2, 0], [0, 0, 0], [2, 4, 0], [-1, -2, 0], [0, 1, 1]],   # zero, repeated, opposite, rank 3
    [[1, 1, 1], [2, 2, 2], [1, -1, 0], [0, 1, -1]],               # rank 2 in R^3
    [[3], [-1], [0], [2]],                                          # d = 1
    [["0.1", "0.2"], ["1/3", "-0.5"], [0.25, 1e-3]],                # decimals, fractions, floats
] + [degenerate_data(seed, 6, 2 + seed % 3) for seed in range(12)] + \
    [list(map(list, random_integer(7, 3, seed=s, bound=3))) for s in range(6)]


@pytest.mark.parametrize("X", CASES)
def test_patterns_equal_brute_force_and_witnesses_are_exact(X):
    A = Arrangement(X)
    check_witnesses(A)
    patterns = [as_tuple(r.pattern) for r in A.regions()]
    assert len(set(patterns)) == len(patterns)
    Xf = [[Fraction(v) for v in row] for row in A.X]
    assert set(patterns) == brute_force_regions([[float(v) for v in row] for row in Xf])


@pytest.mark.parametrize("X", CASES)
def test_adjacency_is_differing_in_one_hyperplane(X):
    A = Arrangement(X)
    regions = A.regions()
    G = A.adjacency_graph()
    expected = set()
    for a, b in itertools.combinations(regions, 2):
        differ = [j for j in range(A.n) if a.pattern[j] != b.pattern[j]]
        hyperplanes = {h for h, members in enumerate(A.hyperplanes) if set(members) & set(differ)}
        if len(hyperplanes) == 1:
            assert set(differ) == set(A.hyperplanes[hyperplanes.pop()])
            expected.add((a.index, b.index))
    assert {tuple(sorted(e)) for e in G.edges} == expected
    for a, b, data in G.edges(data=True):
        members = set(map(int, data["data"].split(",")))
        assert members <= set(regions[a].facets) and members <= set(regions[b].facets)
    for r in regions:  # facets are exactly the hyperplanes to the neighbours
        across = set()
        for s in G.neighbors(r.index):
            across |= set(map(int, G.edges[r.index, s]["data"].split(",")))
        assert set(r.facets) == across
    if len(regions) > 1:
        assert nx.is_connected(G)


def test_pattern_set_contains_every_sampled_point(rng):
    X = random_integer(12, 3, seed=7, bound=5)
    A = Arrangement(X, bias=True)
    patterns = {r.pattern for r in A.regions()}
    W = rng.normal(size=(200000, 4))
    S = np.sign(W @ np.array([list(x) + [1] for x in X], dtype=float).T)
    sampled = {"".join("+" if s > 0 else "-" for s in row) for row in S}
    assert sampled <= patterns
    assert len(sampled) > 0.5 * len(patterns)  # sampling is sound, LP tests completeness


def test_degenerate_inputs():
    A = Arrangement([[0, 0], [0, 0]])
    assert [r.pattern for r in A.regions()] == ["00"] and A.count_regions() == 1
    A = Arrangement([[0]])
    assert [r.pattern for r in A.regions()] == ["0"]
    A = Arrangement([[1, 2], [1, 2], [-2, -4]])
    assert [r.pattern for r in A.regions()] == ["++-", "--+"]
    assert A.hyperplanes == ((0, 1, 2),)
    A = Arrangement([[1, 0, 0]], bias=False)
    assert A.rank == 1 and len(A.regions()) == 2
    check_witnesses(A)


def test_bias_appends_a_coordinate():
    A = Arrangement([[0], [1]], bias=True)
    assert A.d == 2 and A.X[0] == (0, 1)
    assert A.count_regions() == 4


def test_float_input_is_read_through_its_shortest_repr():
    # the float 0.1 is 1/10 (not 3602879701896397/2^55): the two rows are one point, one hyperplane
    A = Arrangement([[1, 0.1], [1, "0.1"]])
    assert len(A.hyperplanes) == 1 and A.X[0] == A.X[1]
    A = Arrangement([[1, "0.1"], [10, 1]])
    assert len(A.hyperplanes) == 1


def test_max_regions_stops_with_a_clear_message():
    A = Arrangement(threshold(3), bias=True)
    cut = Arrangement(threshold(3)[:7], bias=True).count_regions()   # the early stop's count
    with pytest.raises(RegionLimitError, match=f"more than max_regions = 50 regions: its first 7 of 8 "
                       f"hyperplanes already cut {cut};"):
        A.regions(max_regions=50)
    assert len(A.regions(max_regions=104)) == 104


def test_results_are_deterministic():
    X = random_integer(9, 4, seed=3, bound=4)
    one = [(r.pattern, r.witness, r.facets) for r in Arrangement(X).regions()]
    two = [(r.pattern, r.witness, r.facets) for r in Arrangement(X).regions()]
    assert one == two
    assert [p for p, _, _ in one] == sorted((p for p, _, _ in one), key=lambda s: s.translate(str.maketrans("+0-", "012")))


def test_large_integers_are_exact():
    X = [[10**30 + 1, 1, 0], [1, 10**30, 1], [0, 1, -(10**29)], [7, -3, 5]]
    A = Arrangement(X)
    check_witnesses(A)
    assert len(A.regions()) == A.count_regions() == 14


def test_sign_and_witness_matrices_are_read_only_and_regions_survive_a_write_attempt():
    X = [[1, 0], [0, 1], [1, 1]]
    A = Arrangement(X)
    S, W = A.sign_matrix(), A.witness_matrix()
    for array in (S, W):
        with pytest.raises(ValueError):
            array[0, 0] = 9
        with pytest.raises(ValueError):
            array *= -1
    # the regions are still those of brute force, and the matrices unchanged
    assert {as_tuple(r.pattern) for r in A.regions()} == brute_force_regions(X)
    assert (A.sign_matrix() == S).all() and A.sign_matrix()[0, 0] in (1, -1)
    # a caller who needs to edit takes a copy
    copy = A.sign_matrix().copy()
    copy[0, 0] = 9
    assert A.sign_matrix()[0, 0] != 9
