"""The compiled base cases of the counting engine against Whitney's subset formula and closed forms."""

import itertools
import math
import warnings
from math import factorial

import numpy as np
import pytest

from arrangement import Arrangement
from arrangement.count_kernel import kernel
from arrangement.counting import MemoCounter, characteristic_coefficients, regions_from_coefficients
from arrangement.datasets import braid, resonance
from arrangement.integer import canonical_rows, first_occurrences, primitive_rows
from arrangement.normal_form import normal_form
from arrangement.orbits import orbit_characteristic
from arrangement.symmetry import group_elements, symmetry_group
from conftest import whitney

compiled = kernel()
needs_kernel = pytest.mark.skipif(compiled is None, reason="the C extension is not built")


def test_the_extension_is_built_where_a_c_compiler_is():
    """Otherwise every test of the kernel below is skipped in silence (tests run from the source
    tree see the extension only when it is built there: ``pip install -e .``)."""
    import shutil
    import sysconfig
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        pytest.skip(f"no C compiler ({compiler}): the NumPy engine is used")
    assert compiled is not None, "the C extension is not built here: run pip install -e '.[test]'"


def distinct(rows):
    C, _ = canonical_rows(np.array(rows, dtype=np.int64))
    C = C[(C != 0).any(axis=1)]
    return C[first_occurrences(C)[0]]


def degenerate(seed, m, r):
    """Few small integer vectors, many of them sums of others (many multiple intersections)."""
    rng = np.random.default_rng(seed)
    base = rng.integers(-1, 2, size=(max(2, m // 2), r))
    rows = list(base)
    while len(rows) < 3 * m:
        i, j = rng.integers(len(rows), size=2)
        rows.append(rows[i] + rng.choice([-1, 1]) * rows[j])
    C = distinct(rows)
    return C[:m]


@needs_kernel
@pytest.mark.parametrize("seed", range(40))
def test_compiled_chi_matches_whitney_on_degenerate_data(seed):
    r = 1 + seed % 5
    C = degenerate(seed, 6 + seed % 6, r)
    assert compiled.chi(C) == whitney([list(map(int, row)) for row in C], r)


@needs_kernel
@pytest.mark.parametrize("seed", range(20))
def test_compiled_normal_form_is_the_same_arrangement(seed):
    # the Python steps' result, also after a change of basis and row scalings, and the same chi
    rng = np.random.default_rng(seed)
    r = 2 + seed % 4
    C = degenerate(seed + 50, 9, r)
    while True:
        M = rng.integers(-2, 3, size=(r, r))
        if round(abs(np.linalg.det(M))) != 0:
            break
    scaled = (C @ M) * rng.integers(1, 4, size=(len(C), 1))
    E = compiled.normal_form(C)
    assert E.tolist() == normal_form(C).tolist()
    assert compiled.normal_form(scaled).tolist() == normal_form(scaled).tolist()
    rank = E.shape[1]
    assert whitney(E.tolist(), rank) + [0] * (r - rank) == whitney(C.tolist(), r)


@needs_kernel
def test_large_entries_fall_back_to_python_integers():
    C = distinct([[2**40 + 1, 3, 0, 1], [1, 2**41, 5, 0], [0, 1, 1, 1], [7, 0, 2**39, 1],
                  [1, 1, 0, 0], [0, 0, 1, -1]])
    assert compiled.chi(C) is None and compiled.normal_form(C) is None
    assert MemoCounter().compute(C) == whitney(C.tolist(), 4)
    # products past the bound two levels down (entries below 2^30 at the top)
    D = distinct([[2**29 - 3, 1, 1, 0], [1, 2**29 - 5, 0, 1], [0, 1, 2**29 - 7, 1], [1, 0, 1, 2**29 - 9],
                  [1, 1, 1, 1], [1, -1, 0, 2]])
    assert compiled.chi(D) is None
    assert characteristic_coefficients(D) == whitney(D.tolist(), 4)


def planted(seed, r):
    """The coordinate vectors and a random small vector, closed under cyclic shifts of the coordinates
    (and, for r = 5, their reversal and a sign change of all but the first): a planted symmetry."""
    rng = np.random.default_rng(seed)
    v = rng.integers(-1, 2, size=r)
    v[0] = 2
    rows = [np.roll(np.eye(r, dtype=np.int64)[0], s) for s in range(r)]
    rows += [np.roll(v, s) for s in range(r)]
    if r == 5:
        rows += [row[::-1] for row in rows]
    return distinct(rows)


@pytest.mark.parametrize("seed", range(6))
def test_orbit_counts_with_the_kernel_match_whitney_on_planted_symmetry(seed):
    r = 5 + seed % 2
    C = planted(seed, r)
    group = symmetry_group([C])
    assert group.order >= r
    for g in group.generators:       # every generator maps the hyperplane set onto itself
        assert sorted(g.tolist()) == list(range(len(C)))
    expected = whitney(C.tolist(), r)
    assert orbit_characteristic(C, group_elements(group), leaf_rank=2, levels=3) == expected
    numpy_only = MemoCounter(None)
    assert orbit_characteristic(C, group_elements(group), numpy_only, leaf_rank=2, levels=3) == expected


@pytest.mark.parametrize("k", [6, 7])
def test_braid_counts_with_and_without_the_kernel(k):
    N = Arrangement(braid(k)).normals
    for counter in (MemoCounter(), MemoCounter(None)):
        assert regions_from_coefficients(counter.compute(N)) == factorial(k)


def test_resonance_five_without_the_kernel():
    # OEIS A034997
    assert regions_from_coefficients(MemoCounter(None).compute(Arrangement(resonance(5)).normals)) == 11292


@needs_kernel
def test_compiled_chi_of_generic_planes_is_cover():
    # m planes in general position in R^r: 2 sum_{k<r} C(m-1, k) regions
    rows = [[1, t, t * t, t ** 3, t ** 4] for t in range(1, 15)]
    C = distinct(rows)
    for r in range(1, 6):
        sub = distinct([row[:r] for row in rows])
        expected = 2 * sum(len(list(itertools.combinations(range(len(sub) - 1), k))) for k in range(r))
        assert regions_from_coefficients(compiled.chi(sub)) == expected
    assert len(C) == 14


@needs_kernel
@pytest.mark.parametrize("seed", range(10))
def test_least_image_is_the_lexicographically_least_image(seed):
    rng = np.random.default_rng(seed)
    m = 5 + seed
    elements = np.array([rng.permutation(m) for _ in range(30)] + [np.arange(m)] * 2)
    inverse = np.argsort(elements, axis=1)
    group = rng.choice(len(elements), size=20, replace=False)
    group[-1] = len(elements) - 1
    mask = rng.random(m) < 0.3
    images = [tuple(mask[inverse[g]].tolist()) for g in group]
    t = compiled.least_image(mask, compiled.image_columns(elements), group)
    assert images[t] == min(images) and t == images.index(min(images))


@needs_kernel
@pytest.mark.parametrize("seed", range(5))
def test_first_rows_against_a_set(seed):
    rng = np.random.default_rng(seed)
    rows = rng.integers(-2, 3, size=(60, 1 + seed))
    seen, expected = set(), []
    for i, row in enumerate(map(tuple, rows.tolist())):
        if row not in seen:
            seen.add(row)
            expected.append(i)
    assert compiled.first_rows(rows).tolist() == expected


@needs_kernel
def test_a_zero_row_is_refused_not_read_past():
    with pytest.raises(ValueError, match="zero row"):
        compiled.chi(np.array([[1, 0, 0], [0, 0, 0]]))


@pytest.mark.parametrize("rows", [[[1, -2**63, 1], [1, 0, 1], [2, 1, 0]],
                                  [[-2**63, 1, 1], [1, 0, 1], [2, 1, 0], [1, 1, 1]],
                                  [[1, 3, -2**63, 1], [1, 0, 1, 0], [2, 1, 0, 0], [0, 0, 0, 1], [1, 1, 1, 1]]])
def test_the_least_int64_is_a_large_entry(rows):
    # |-2^63| is not an int64: np.abs and a C abs leave it negative, so a bound check read it
    # as small and multiplied (2 * -2^63 wraps to 0): three generic planes in R^3 came out 6 regions
    r = len(rows[0])
    assert characteristic_coefficients(np.array(rows, dtype=np.int64)) == whitney(rows, r)
    if compiled is not None:
        assert compiled.chi(np.array(rows, dtype=np.int64)) in (None, whitney(rows, r))


@pytest.mark.parametrize("rows", [[[-2**63, 1, 1], [0, -4, 2]], [[3, -2**63, 2**62], [-6, 0, 0]], [[-2**63, 2**62]]])
def test_rows_with_the_least_int64_are_made_canonical_exactly(rows):
    # -2^63 // -1 wraps in int64 (a RuntimeWarning and a row on another line): Python's integers decide
    def canonical(row):
        g = math.gcd(*row) or 1
        lead = next((v for v in row if v), 1)
        return [v // g * (1 if lead > 0 else -1) for v in row]

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        canon, orient = canonical_rows(np.array(rows, dtype=np.int64))
        primitive = primitive_rows(np.array(rows, dtype=np.int64))
    assert [[int(v) for v in row] for row in canon] == [canonical(row) for row in rows]
    assert [int(s) for s in orient] == [1 if next(v for v in row if v) > 0 else -1 for row in rows]
    assert [[int(v) for v in row] for row in primitive] == [[v // (math.gcd(*row) or 1) for v in row] for row in rows]
