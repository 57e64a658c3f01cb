"""A symmetry group given by generators: genuine symmetries are accepted, give the published counts
and the group orders known in closed form; anything that breaks a dependency among the hyperplanes
(found here by brute force over triples, with exact ranks) is refused, in one line on the CLI."""

import itertools
import json
from math import factorial

import numpy as np
import pytest

from arrangement import Arrangement
from arrangement.counting import characteristic_coefficients
from arrangement.datasets import resonance, threshold
from arrangement.errors import ParameterError
from arrangement.generators import generator_group
from arrangement.orbits import essential_characteristic, orbit_characteristic
from arrangement.symmetry import group_elements
from conftest import integer_rank, run_cli, swap_and_negation_orbit, whitney


def breaks_a_dependency(rows, perm) -> bool:
    """Whether some pair or triple of hyperplanes changes rank under perm (then no map induces it)."""
    for k in (2, 3):
        for S in itertools.combinations(range(len(rows)), k):
            if integer_rank([rows[h] for h in S]) != integer_rank([rows[perm[h]] for h in S]):
                return True
    return False


def signed_permutation(d, sigma, eps):
    M = [[0] * d for _ in range(d)]
    for i, (j, s) in enumerate(zip(sigma, eps)):
        M[j][i] = s
    return M


def cube_reflection(k, i):
    """x_i -> 1 - x_i on {0,1}^k with a bias coordinate: a (k+1) x (k+1) matrix."""
    M = [[int(a == b) for b in range(k + 1)] for a in range(k + 1)]
    M[i][i], M[i][k] = -1, 1
    return M


def hyperoctahedral(k):
    """Generators of the symmetries of the cube {0,1}^k (with bias): two permutations and a reflection."""
    swap = signed_permutation(k + 1, [1, 0, *range(2, k + 1)], [1] * (k + 1))
    cycle = signed_permutation(k + 1, [*range(1, k), 0, k], [1] * (k + 1))
    return [swap, cycle, cube_reflection(k, 0)]


@pytest.mark.parametrize("k,regions", [(4, 1882), (5, 94572)])      # OEIS A000609
def test_cube_group_counts_threshold(k, regions):
    A = Arrangement(threshold(k), bias=True)
    G = generator_group(A, hyperoctahedral(k))
    assert G.order == 2**k * factorial(k)
    assert A.count_regions(symmetry=G) == regions
    assert A.__dict__["_symmetry"] is G


def resonance_transposition(r):
    """The permutation of resonance:r's hyperplanes (subsets S of {0..r-1}, in the data order) induced
    by swapping element 0 with the implicit element r (hyperplane sum_S w = 0 is also sum over the
    complement of S in {0..r} = 0, with w_r = -sum w): brute force on subsets."""
    subsets = [frozenset(i for i, v in enumerate(row) if v) for row in resonance(r)]
    index = {S: h for h, S in enumerate(subsets)}
    perm = []
    for S in subsets:
        image = frozenset(r if i == 0 else 0 if i == r else i for i in S)
        if r in image:
            image = frozenset(range(r + 1)) - image
        perm.append(index[image])
    return perm


def test_resonance_symmetric_group_as_permutations():
    r = 6
    A = Arrangement(resonance(r))
    assert [h[0] for h in A.hyperplanes] == list(range(2**r - 1))      # hyperplane h is data row h
    coordinate_maps = [signed_permutation(r, [1, 0, *range(2, r)], [1] * r),
                       signed_permutation(r, [*range(1, r), 0], [1] * r)]
    G = generator_group(A, coordinate_maps + [resonance_transposition(r)])
    assert G.order == factorial(r + 1)                                  # S_7
    assert A.count_regions(symmetry=G) == 1066044                       # OEIS A034997


@pytest.mark.parametrize("seed", range(4))
def test_planted_symmetry_orbits_against_whitney(seed):
    rng = np.random.default_rng(300 + seed)
    r = 5
    vectors = {tuple(int(v) for v in rng.integers(-1, 2, size=r)) for _ in range(2)}
    rows = swap_and_negation_orbit(vectors, r)
    A = Arrangement(rows)
    G = generator_group(A, [signed_permutation(r, [1, 0, 2, 3, 4], [1] * r),
                            signed_permutation(r, [0, 1, 2, 3, 4], [1, 1, -1, 1, 1])])
    assert G.order in (1, 2, 4)
    chi = whitney([list(rows[h[0]]) for h in A.hyperplanes], r)
    elements = group_elements(G)
    for leaf_rank in (1, 2, 3):
        coeffs = orbit_characteristic(A.normals, elements, leaf_rank=leaf_rank, levels=r)
        assert coeffs + [0] * (A.d - A.rank) == chi
    assert essential_characteristic(A, G) == characteristic_coefficients(A.normals)


def test_non_symmetries_are_refused():
    A = Arrangement(resonance(4))
    rows = [[int(v) for v in row] for row in A.normals]
    rng = np.random.default_rng(5)
    refused = 0
    for _ in range(20):
        perm = [int(v) for v in rng.permutation(len(rows))]
        if breaks_a_dependency(rows, perm):
            with pytest.raises(ParameterError, match="not a symmetry"):
                generator_group(A, [perm])
            refused += 1
    assert refused >= 15
    with pytest.raises(ParameterError, match="not a symmetry"):           # x0 -> 2 x0
        generator_group(A, [[[2, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]])
    with pytest.raises(ParameterError, match="not a symmetry"):           # x0 -> x0 + x1: 0/1 -> 2
        generator_group(A, [[[1, 1, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]])
    with pytest.raises(ParameterError, match="once"):
        generator_group(A, [[0, 0, 1]])
    with pytest.raises(ParameterError, match="4 x 4"):
        generator_group(A, [[[1, 0], [0, 1]]])


def test_count_cli_generators(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"generators": hyperoctahedral(4)}))
    code, out, err = run_cli("count", "threshold:4", "--bias", "--generators", str(good), "--quiet")
    assert code == 0 and "1882" in out and "order 384" in out, err
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([cube_reflection(4, 0), [[1, 1, 0, 0, 0], *cube_reflection(4, 0)[1:]]]))
    code, out, err = run_cli("count", "threshold:4", "--bias", "--generators", str(bad))
    assert code == 2 and "generator 1 is not a symmetry" in err and len(err.strip().splitlines()) == 1
    code, _, err = run_cli("count", "threshold:4", "--bias", "--generators", str(tmp_path / "missing.json"))
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_deeply_nested_generators_are_one_line(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)       # a RecursionError in the JSON reader
    code, out, err = run_cli("count", "xor", "--bias", "--generators", str(deep))
    assert code == 2 and "nested too deeply" in err and len(err.strip().splitlines()) == 1, err


def test_a_huge_exponent_in_a_matrix_is_refused_at_once(tmp_path):
    import time
    huge = tmp_path / "huge.json"
    huge.write_text(json.dumps([[["1e1000000000", 0, 0], [0, 1, 0], [0, 0, 1]]]))
    t0 = time.monotonic()
    code, out, err = run_cli("count", "xor", "--bias", "--generators", str(huge))
    assert code == 2 and "exponent" in err and len(err.strip().splitlines()) == 1, err
    assert time.monotonic() - t0 < 15          # the 10^9-digit integer took minutes


def test_a_generators_key_given_twice_is_refused(tmp_path):
    twice = tmp_path / "twice.json"
    twice.write_text('{"generators": [[1, 0, 2]], "generators": [[0, 1, 2]]}')
    code, out, err = run_cli("count", "xor", "--bias", "--generators", str(twice))
    assert code == 2 and "given twice" in err and len(err.strip().splitlines()) == 1, err


def test_generators_on_data_without_a_hyperplane_are_reported(tmp_path):
    """Zero rows give no hyperplane (one region: the whole space); the given group is still
    read, checked and printed (a swap of the two coordinates maps the empty set to itself:
    the trivial group of order 1), and a permutation of hyperplanes must be the empty one."""
    data = tmp_path / "zero.csv"
    data.write_text("0,0\n0,0\n")
    swap = tmp_path / "swap.json"
    swap.write_text(json.dumps([[[0, 1], [1, 0]]]))
    code, out, err = run_cli("count", str(data), "--generators", str(swap))
    assert code == 0 and "regions (Zaslavsky, |chi(-1)|): 1" in out and "given by generators): order 1" in out, out
    code, out, err = run_cli("count", str(data), "--generators", str(swap), "--json")
    assert code == 0 and json.loads(out)["symmetry_group_order"] == 1 and json.loads(out)["n_regions"] == 1
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps([[1, 0]]))
    code, out, err = run_cli("count", str(data), "--generators", str(wrong))
    assert code == 2 and "no hyperplane" in err and len(err.strip().splitlines()) == 1, err
    singular = tmp_path / "singular.json"
    singular.write_text(json.dumps([[[0, 0], [0, 0]]]))
    code, out, err = run_cli("count", str(data), "--generators", str(singular))
    assert code == 2 and "singular" in err and len(err.strip().splitlines()) == 1, err


def test_a_singular_matrix_is_refused_even_where_it_permutes_the_hyperplanes():
    """On data of lower rank (hyperplanes x0 = 0, x1 = 0 of R^3) the projection forgetting x2
    maps every hyperplane to itself, but it is no linear symmetry of the space."""
    A = Arrangement([[1, 0, 0], [0, 1, 0]])
    with pytest.raises(ParameterError, match="singular"):
        generator_group(A, [[[1, 0, 0], [0, 1, 0], [0, 0, 0]]])
    assert generator_group(A, [[[0, 1, 0], [1, 0, 0], [0, 0, 1]]]).order == 2
