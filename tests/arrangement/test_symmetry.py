"""Symmetry in counting: the groups found are groups of symmetries (checked here exactly, without
the search), their orders match the known ones and brute force over all signed permutations,
and counting over orbits agrees with Whitney's formula, region enumeration and plain
deletion-restriction on random degenerate data with planted symmetries."""

import itertools
from fractions import Fraction
from math import factorial

import numpy as np
import pytest
import sympy

from arrangement import Arrangement
from arrangement.counting import characteristic_coefficients
from arrangement.datasets import braid, crosspoly, demicube, resonance, threshold
from arrangement.errors import ParameterError
from arrangement.orbits import arrangement_symmetry, essential_characteristic, orbit_characteristic
from arrangement.symmetry import group_elements, symmetry_group
from conftest import run_cli, swap_and_negation_orbit, whitney


def proportional(u, v) -> bool:
    return any(u) and sympy.Matrix([list(u), list(v)]).rank() == 1


def check_group_of(A, G):
    """Every generator: its signed map sends each normal (in the group's coordinates) to a multiple of
    the normal its permutation names; those coordinates are a linear image of A's normals."""
    N = [[int(v) for v in row] for row in G.coordinates]
    m, r = len(N), len(N[0])
    assert m == len(A.hyperplanes)
    # the coordinates describe A: a linear T with N_h parallel to normals_h T for every h
    B = sympy.Matrix([[int(v) for v in row] for row in A.normals])
    basis = [h for h in range(m) if sympy.Matrix(B[:h + 1, :]).rank() > sympy.Matrix(B[:h, :]).rank()]
    scales = sympy.symbols(f"s0:{m}")
    T = sympy.Matrix(B.cols, r, sympy.symbols(f"t0:{B.cols * r}"))
    equations = [e for h in range(m) for e in (B.row(h) * T - scales[h] * sympy.Matrix([N[h]]))]
    (solution,) = sympy.linsolve(equations + [scales[basis[0]] - 1], list(T) + list(scales))
    free = sorted(set().union(*(v.free_symbols for v in solution)), key=str)
    point = [v.subs({f: 3 + 7 * k for k, f in enumerate(free)}) for v in solution]
    assert all(point[len(T):]) and sympy.Matrix(B.cols, r, point[:len(T)]).rank() == B.cols
    assert len(G.generators) == len(G.signed_maps)
    for perm, (sigma, eps) in zip(G.generators, G.signed_maps):
        assert sorted(perm.tolist()) == list(range(m))
        assert sorted(sigma) == list(range(r)) and set(eps) <= {1, -1}
        for h, row in enumerate(N):
            image = [0] * r
            for t, v in enumerate(row):
                image[sigma[t]] = eps[t] * v
            assert proportional(image, N[perm[h]])


def brute_force_order(rows) -> int:
    """Distinct hyperplane permutations induced by all 2^r r! signed permutations."""
    r = len(rows[0])
    lines = {}
    for h, row in enumerate(rows):
        g = next(v for v in row if v)
        lines[tuple(Fraction(v, g) for v in row)] = h
    perms = set()
    for sigma in itertools.permutations(range(r)):
        for eps in itertools.product((1, -1), repeat=r):
            perm = []
            for row in rows:
                image = [0] * r
                for t, v in enumerate(row):
                    image[sigma[t]] = eps[t] * v
                g = next(v for v in image if v)
                perm.append(lines.get(tuple(Fraction(v, g) for v in image)))
            if None not in perm:
                perms.add(tuple(perm))
    return len(perms)


@pytest.mark.parametrize("name,data,bias,order", [
    ("resonance:5", resonance(5), False, factorial(6)),     # S_6, seen in augmented coordinates
    ("threshold:4+bias", threshold(4), True, 2**4 * factorial(4)),
    ("crosspoly:6", crosspoly(6), False, 2**5 * factorial(5)),
    ("demicube:6", demicube(6), False, 2**4 * factorial(5)),
    ("braid:5", braid(5), False, factorial(5)),
])
def test_known_groups_are_groups_of_symmetries(name, data, bias, order):
    A = Arrangement(data, bias=bias)
    G = arrangement_symmetry(A)
    assert G.order == order
    check_group_of(A, G)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_order_against_all_signed_permutations(seed):
    rng = np.random.default_rng(seed)
    rows = planted(rng, r=4, base=3)
    A = Arrangement(rows)
    G = symmetry_group([A.normals])
    assert G.order == brute_force_order([[int(v) for v in row] for row in A.normals])
    check_group_of(A, G) if G.order > 1 else None


def planted(rng, r, base):
    """A few random small vectors closed under swapping coordinates 0 and 1 and negating coordinate 2,
    plus some sums of them (degenerate: many dependent triples)."""
    vectors = [tuple(int(v) for v in rng.integers(-1, 3, size=r)) for _ in range(base)]
    vectors += [tuple(np.add(vectors[0], vectors[1]))]
    return swap_and_negation_orbit(vectors, r)


@pytest.mark.parametrize("seed", range(6))
def test_orbit_counts_against_whitney_and_plain(seed):
    rng = np.random.default_rng(100 + seed)
    rows = planted(rng, r=5, base=2)
    A = Arrangement(rows)
    if len(A.hyperplanes) > 13:
        rows = [rows[h[0]] for h in A.hyperplanes[:13]]
        A = Arrangement(rows)
    G = arrangement_symmetry(A)
    elements = group_elements(G)
    plain = characteristic_coefficients(A.normals)
    for leaf_rank in (1, 2, 3):
        assert orbit_characteristic(A.normals, elements, leaf_rank=leaf_rank, levels=5) == plain
    distinct = [[int(v) for v in rows[h[0]]] for h in A.hyperplanes]
    assert plain + [0] * (A.d - A.rank) == whitney(distinct, A.d)


@pytest.mark.parametrize("seed", range(3))
def test_orbit_counts_against_enumeration(seed):
    rng = np.random.default_rng(200 + seed)
    rows = planted(rng, r=6, base=3)
    A = Arrangement(rows)
    G = arrangement_symmetry(A)
    assert G.order >= 4        # the planted swap and sign change at least
    coeffs = orbit_characteristic(A.normals, group_elements(G), leaf_rank=2, levels=6)
    assert coeffs == characteristic_coefficients(A.normals)
    enumerated = Arrangement(rows)
    enumerated.__dict__["characteristic_coefficients"] = tuple(coeffs) + (0,) * (A.d - A.rank)
    assert len(enumerated.regions()) == abs(sum(c * (-1) ** (len(coeffs) - 1 - i) for i, c in enumerate(coeffs)))


def test_subgroup_elements_are_symmetries_of_a_large_group():
    A = Arrangement(crosspoly(9))
    G = arrangement_symmetry(A)
    assert G.order == 2**8 * factorial(8)
    E = group_elements(G, limit=500)
    assert 1 < len(E) <= 500 and (G.order % len(E) == 0)
    assert orbit_characteristic(A.normals, E, leaf_rank=2, levels=9) == characteristic_coefficients(A.normals)


def test_symmetry_modes():
    A = Arrangement(resonance(6))
    assert essential_characteristic(A, "auto") == essential_characteristic(A, "none")
    with pytest.raises(ParameterError):
        essential_characteristic(A, "always")


def test_count_cli_symmetry():
    code, out, _ = run_cli("count", "resonance:6", "--symmetry", "auto", "--quiet")
    assert code == 0 and "1066044" in out and "order 5040" in out     # S_7
    code, out, _ = run_cli("count", "resonance:6", "--symmetry", "none", "--quiet")
    assert code == 0 and "1066044" in out and "not used" in out
    code, _, err = run_cli("count", "resonance:3", "--symmetry", "sometimes")
    assert code == 2 and "Traceback" not in err
