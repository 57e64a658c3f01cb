"""The built-in families crosspoly:K and demicube:K against closed forms, published counts and
brute force (one linear program per sign vector)."""

from math import factorial

import pytest

from arrangement import Arrangement
from arrangement.datasets import builtin, crosspoly, demicube
from arrangement.errors import DataError
from conftest import brute_force_regions, whitney_characteristic


def crosspoly_closed_form(k):
    return 2 * 3 ** (k - 1) - 2 ** (k - 1)


def test_crosspoly_rows_are_one_plus_minus_unit_vectors():
    rows = crosspoly(5)
    assert len(rows) == 8 and len(set(rows)) == 8
    for row in rows:
        assert row[0] == 1 and sorted(map(abs, row[1:])) == [0, 0, 0, 1]


@pytest.mark.parametrize("k", [2, 3, 4, 5])
def test_crosspoly_small_by_brute_force(k):
    X = crosspoly(k)
    truth = brute_force_regions(X)
    A = Arrangement(X)
    assert len(truth) == crosspoly_closed_form(k) == A.count_regions()
    assert {tuple(1 if c == "+" else -1 for c in r.pattern) for r in A.regions()} == truth


@pytest.mark.parametrize("k", [6, 8, 10, 13])
def test_crosspoly_counts_closed_form(k):
    assert Arrangement(crosspoly(k)).count_regions() == crosspoly_closed_form(k)


def test_crosspoly_13_is_the_published_instance():
    assert crosspoly_closed_form(13) == 1_058_786


@pytest.mark.parametrize("k", [3, 4, 5])
def test_demicube_small_by_brute_force_and_whitney(k):
    X = demicube(k)
    assert len(X) == 2 ** (k - 2)
    assert all(row[0] == 1 and sum(row[1:]) % 2 == 1 for row in X)
    truth = brute_force_regions(X)
    A = Arrangement(X)
    assert A.count_regions() == len(truth) == len(A.regions())
    assert list(A.characteristic_coefficients) == whitney_characteristic(X, k)


def test_demicube_6_published_count():
    A = Arrangement(builtin("demicube:6"))
    assert A.n == 16 and A.count_regions() == 3756


@pytest.mark.parametrize("k", [3, 5, 7, 9])
def test_braid_k_factorial(k):
    assert Arrangement(builtin(f"braid:{k}")).count_regions() == factorial(k)


@pytest.mark.parametrize("name", ["crosspoly:41", "demicube:13", "demicube:1", "crosspoly:x"])
def test_family_limits(name):
    with pytest.raises(DataError):
        builtin(name)
