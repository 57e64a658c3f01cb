"""Faces of every dimension against brute force, Euler's relation and the face order."""

from collections import Counter

import pytest

from arrangement import Arrangement, RegionLimitError
from arrangement.datasets import random_integer
from conftest import as_tuple, brute_force_faces, exact_rank
from test_counts import degenerate_data
from test_regions import exact_signs

CASES = [
    [[1, 0], [0, 1]],
    [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]],
    [[1, 2, 0], [0, 0, 0], [2, 4, 0], [-1, -2, 0], [0, 1, 1]],
    [[1, 1, 1], [2, 2, 2], [1, -1, 0], [0, 1, -1]],
    [[1, 0, 0, 0], [0, 1, 0, 0], [1, 1, 1, 0], [0, 0, 1, 1], [1, -1, 0, 1]],
    [[2], [-1]],
] + [degenerate_data(seed, 5, 2 + seed % 3) for seed in range(8)]


def below(g, f):
    return all(a == 0 or a == b for a, b in zip(g, f))


@pytest.mark.parametrize("X", CASES)
def test_faces_equal_brute_force_with_exact_witnesses_and_incidences(X):
    A = Arrangement(X)
    faces = A.faces()
    signs = [as_tuple(f.signs) for f in faces]
    assert len(set(signs)) == len(signs)
    assert set(signs) == brute_force_faces(X)
    for f in faces:
        assert exact_signs(A.X, f.witness) == as_tuple(f.signs)
        # dimension on the sphere: d - 1 - rank of the data vanishing on the face
        zero_rows = [A.X[j] for j, s in enumerate(f.signs) if s == "0"]
        assert f.dim == A.d - 1 - exact_rank(zero_rows)
        expected = {g.index for g in faces if g.dim == f.dim - 1 and below(as_tuple(g.signs), as_tuple(f.signs))}
        assert set(f.facets) == expected
    # the regions are the faces of top dimension, in the same order
    assert [f.signs for f in faces if f.dim == A.d - 1] == [r.pattern for r in A.regions()]


@pytest.mark.parametrize("seed", range(6))
def test_euler_characteristic_of_the_sphere(seed):
    d = 2 + seed % 3
    X = random_integer(6, d, seed=seed, bound=3)
    A = Arrangement(X)
    if A.rank < d:
        pytest.skip("Euler's relation holds for essential arrangements")
    counts = Counter(f.dim for f in A.faces())
    assert sum((-1) ** k * c for k, c in counts.items()) == 1 + (-1) ** (d - 1)


def test_max_faces():
    with pytest.raises(RegionLimitError):
        Arrangement([[1, 0, 0], [0, 1, 0], [0, 0, 1]]).faces(max_faces=10)
