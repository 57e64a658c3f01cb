"""Region counts against closed forms, known tables and Whitney's formula."""

import itertools
from math import comb, factorial

import numpy as np
import pytest

from arrangement import Arrangement
from arrangement.counting import characteristic_coefficients, regions_from_coefficients
from arrangement.datasets import braid, random_integer, resonance, threshold
from conftest import whitney_characteristic


@pytest.mark.parametrize("d,n", [(1, 3), (2, 5), (2, 9), (3, 4), (3, 10), (4, 7), (4, 12), (5, 9), (6, 10)])
def test_cover_formula_in_general_position(d, n):
    X = random_integer(n, d, seed=100 * d + n, bound=50)
    A = Arrangement(X)
    expected = 2 * sum(comb(n - 1, k) for k in range(d))
    assert A.general_position
    assert A.count_regions() == expected == A.cover_count()
    assert len(A.regions()) == expected


@pytest.mark.parametrize("k,expected", [(1, 4), (2, 14), (3, 104), (4, 1882)])
def test_threshold_functions(k, expected):
    A = Arrangement(threshold(k), bias=True)
    assert A.count_regions() == expected
    assert len(A.regions()) == expected


def test_threshold_zero_variables():
    # {0,1}^0 with a bias is the single point (1) in Q^1
    A = Arrangement([[1]])
    assert A.count_regions() == len(A.regions()) == 2


@pytest.mark.parametrize("k", [2, 3, 4, 5, 6])
def test_braid_arrangement_has_k_factorial_regions(k):
    A = Arrangement(braid(k))
    assert A.count_regions() == len(A.regions()) == factorial(k)
    assert A.rank == k - 1


@pytest.mark.parametrize("k,expected", [(1, 2), (2, 6), (3, 32), (4, 370)])
def test_resonance_arrangement_oeis_a034997(k, expected):
    A = Arrangement(resonance(k))
    assert A.count_regions() == len(A.regions()) == expected


@pytest.mark.parametrize("k,expected", [(5, 11292), (6, 1066044)])
def test_resonance_counts_beyond_enumeration_oeis_a034997(k, expected):
    assert Arrangement(resonance(k)).count_regions() == expected


@pytest.mark.parametrize("k", [7, 8])
def test_braid_counts_at_higher_rank(k):
    assert Arrangement(braid(k)).count_regions() == factorial(k)


def test_count_progress_reports_every_top_level_restriction():
    seen = []
    coeffs = characteristic_coefficients(Arrangement(braid(6))._normals, lambda k, n: seen.append((k, n)))
    assert regions_from_coefficients(coeffs) == factorial(6)
    assert seen == [(k, 15) for k in range(1, 16)]


def degenerate_data(seed, n, d):
    """Small integer data with zero rows, repeats, opposite rows and low rank."""
    rng = np.random.default_rng(seed)
    base = rng.integers(-2, 3, size=(max(2, n // 2), d))
    if seed % 3 == 0 and d > 1:
        base[:, -1] = base[:, 0]  # rank drops
    rows = [list(base[rng.integers(len(base))] * rng.choice([-2, -1, 1, 3])) for _ in range(n)]
    return rows


@pytest.mark.parametrize("seed", range(34))
def test_counts_match_whitney_characteristic_polynomial(seed):
    # ranks 5 and 6 reach the memoised recursion, on degenerate restrictions
    d, n = (2 + seed % 3, 7) if seed < 24 else (5 + seed % 2, 12)
    X = degenerate_data(seed, n, d)
    A = Arrangement(X)
    assert list(A.characteristic_coefficients) == whitney_characteristic(X, d)
    if d <= 4:
        assert len(A.regions()) == A.count_regions()


@pytest.mark.parametrize("seed", range(4))
def test_random_degenerate_counts_match_enumeration_at_rank_five(seed):
    X = degenerate_data(seed + 100, 14, 5)
    A = Arrangement(X)
    assert len(A.regions()) == A.count_regions()


def test_general_position_flag_matches_minors():
    for seed in range(30):
        X = random_integer(6, 3, seed=seed, bound=2)
        minors_nonzero = all(round(abs(np.linalg.det(np.array(B, dtype=float)))) != 0
                             for B in itertools.combinations(X, 3))
        independent_pairs = all(np.linalg.matrix_rank(np.array(P, dtype=float)) == 2
                                for P in itertools.combinations(X, 2))
        assert Arrangement(X).general_position == (minors_nonzero and independent_pairs)


@pytest.mark.parametrize("k,expected", [(5, 94572), (6, 15028134)])
def test_count_of_high_rank_arrangement_without_enumeration(k, expected):
    # threshold functions of k variables (OEIS A000609), from the characteristic polynomial alone
    assert Arrangement(threshold(k), bias=True).count_regions() == expected


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_counts_with_a_common_factor_per_column_match_enumeration(seed):
    # raw decimal data: a factor shared by a whole column (a bias of 100s, a feature in thousands)
    # is divided out before counting; small entries make coincidences (not general position)
    rng = np.random.default_rng(seed)
    X = rng.integers(-3, 4, size=(10, 4))
    X = X[(X != 0).any(axis=1)]
    factors = np.array([1000, 7, 1, 100])
    A = Arrangement((X * factors).tolist())
    assert A.count_regions() == len(A.regions()) == len(Arrangement(X.tolist()).regions())
    huge = Arrangement([[int(v) * 10 ** 30 if j == 0 else int(v) for j, v in enumerate(row)] for row in X.tolist()])
    assert huge.count_regions() == len(A.regions())


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_counts_of_large_entries_in_int64_match_enumeration(seed, monkeypatch):
    # small degenerate data in a basis of 12-bit entries (the same arrangement up to a linear
    # map): the rank-3 restrictions' rows fit int64 entry by entry but not as one mixed-radix key,
    # and are told apart as int64 rows (once Python integers, a loop per row)
    from arrangement import counting
    rng = np.random.default_rng(seed)
    X = rng.integers(-3, 4, size=(16, 4))
    X = X[(X != 0).any(axis=1)]
    T = rng.integers(-2**11, 2**11, size=(4, 4))
    while round(abs(np.linalg.det(T))) == 0:
        T = rng.integers(-2**11, 2**11, size=(4, 4))
    kinds = []
    tagged = counting._tagged
    monkeypatch.setattr(counting, "_tagged", lambda tag, rows: kinds.append(rows.dtype) or tagged(tag, rows))
    assert Arrangement((X @ T).tolist()).count_regions() == len(Arrangement(X.tolist()).regions())
    assert kinds and all(kind != object for kind in kinds)
