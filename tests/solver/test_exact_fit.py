"""The exact fit's sparse minimiser and p_0 against independent ground truth: the fit and the TV
recomputed with sympy (tests/exact_check.py), dual feasibility by dense sampling of eta, a sampled
LP over thousands of directions (never better than the proved optimum), p_0 against the Richardson
limit of p_lambda from the regularised solver, the count bound |supp| <= n, and the proof checker."""

from fractions import Fraction as Q

import numpy as np
import pytest
import sympy

from arrangement import Arrangement
from certificates import exact_fit, solve
from certificates.solver.exact_fit.fit import vertex_of
from certificates.solver.exact_fit.dual import affine_least_norm
from exact_check import check
from proofcheck import assert_proof_checks

NON_UNIQUE = ([[-1, 1], [2, -1], [0, -2], [2, 1], [-1, 2]], [0, -1, -1, 1, 0], False)   # found by a random search

CASES = [  # (X, y, bias)
    ([[0, 0], [0, 1], [1, 0], [1, 1], [2, 1]], [0, 1, 1, 0, 1], True),   # a 5-point set with a non-unique limit
    ([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], True),               # XOR with a bias
    ([[-2], [-1], [0], [1], [2]], [0, 1, 2, 1, 0], True),                 # the 1-D hat
    ([[1, 0], [0, 1]], [1, 1], False),
    NON_UNIQUE,
    ([[1, 1], [-2, -1], [2, 1], [0, -1], [2, -1], [-1, 3]], [-1, -1, 1, 1, -2, -2], True),   # p_0 in Q(sqrt 3, sqrt 14)
]


def _fit(X, bias, atoms):
    rows = [list(x) + ([1] if bias else []) for x in X]
    return [sympy.nsimplify(sum((a * sympy.Max(0, sum(sympy.Rational(c) * wk for c, wk in zip(row, w)))
                                 for w, a in atoms), 0)) for row in rows]


@pytest.mark.parametrize("X, y, bias", CASES)
def test_sparse_minimiser_fits_exactly_with_at_most_n_atoms(X, y, bias):
    s = exact_fit(X, y, bias=bias)
    atoms = [(a.w_exact, a.amplitude_exact) for a in s.atoms]
    assert all(w is not None for w, _ in atoms) and 0 < len(atoms) <= len(X)
    assert [sympy.simplify(v - yj) for v, yj in zip(_fit(X, bias, atoms), y)] == [0] * len(y)
    assert all(sympy.simplify(sum(v ** 2 for v in w) - 1) == 0 for w, _ in atoms)
    tv = sum(abs(a) for _, a in atoms)
    # weak duality with p sampled: eta_p <= 1 on many random directions, <y, p> = TV
    rows = np.array([list(x) + ([1] if bias else []) for x in X], dtype=float)
    W = np.random.default_rng(0).standard_normal((20000, rows.shape[1]))
    W /= np.linalg.norm(W, axis=1)[:, None]
    eta = np.maximum(W @ rows.T, 0) @ np.array(s.p)
    assert np.abs(eta).max() <= 1 + 1e-9
    assert abs(float(tv) - float(np.dot(y, s.p))) < 1e-9
    # the interior-point optimum (independent solver) is not better
    assert float(tv) <= s.solver["numerical_objective"] * (1 + 1e-6)


def test_closed_forms_of_the_limit():
    s = exact_fit([[-2], [-1], [0], [1], [2]], [0, 1, 2, 1, 0], bias=True)   # 2 relu(b) - |x|
    assert s.status == "exact" and s.certificate["unique"] is True
    assert sorted((tuple(a.w_exact), a.amplitude_exact) for a in s.atoms) == [((-1, 0), -1), ((0, 1), 2), ((1, 0), -1)]
    s = exact_fit([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], bias=True)  # XOR = |x1 - x2|, TV 2 sqrt 2
    assert sum(abs(a.amplitude_exact) for a in s.atoms) == 2 * sympy.sqrt(2)
    assert s.objective_exact == 2 * sympy.sqrt(2)      # exact whatever the status of p_0
    assert s.status in ("exact", "verified") and s.certificate["unique"] is True


@pytest.mark.parametrize("X, y, bias", CASES)
def test_independent_exact_recheck(X, y, bias):
    s = exact_fit(X, y, bias=bias)
    assert check(X, y, 0, bias, s) == []
    if s.status == "exact" and all(sympy.sympify(v).is_Rational for v in s.p_exact):
        lines = assert_proof_checks(s, Arrangement(X, bias=bias), y)
        assert any(line.startswith("this measure") for line in lines), lines


@pytest.mark.parametrize("X, y, bias", CASES)
def test_sampled_lp_never_beats_the_proved_optimum(X, y, bias):
    """min sum b_i s.t. sum b_i t_i phi(w_i) = y over 3000 random unit directions and both signs:
    a restriction of the exact fit, so its value is >= the true optimum."""
    from scipy.optimize import linprog
    rows = np.array([list(x) + ([1] if bias else []) for x in X], dtype=float)
    W = np.random.default_rng(1).standard_normal((3000, rows.shape[1]))
    W /= np.linalg.norm(W, axis=1)[:, None]
    F = np.maximum(W @ rows.T, 0).T
    lp = linprog(np.ones(6000), A_eq=np.hstack([F, -F]), b_eq=np.array(y, float), bounds=(0, None), method="highs")
    s = exact_fit(X, y, bias=bias)
    tv = float(sum(abs(a.amplitude_exact) for a in s.atoms))
    assert lp.status == 0 and lp.fun >= tv - 1e-9


@pytest.mark.parametrize("X, y, bias", [CASES[0], CASES[1], CASES[2], CASES[3], CASES[5]])
def test_p0_is_the_limit_of_p_lambda(X, y, bias):
    """p_lambda -> p_0, p_lambda = p_0 + lambda p_1 + O(lambda^2): the
    Richardson limit of two small lambdas of the regularised solver lies in the proved ball."""
    s = exact_fit(X, y, bias=bias)
    limit = 2 * np.array(solve(X, y, "1/100000", bias=bias).p) - np.array(solve(X, y, "1/50000", bias=bias).p)
    radius = s.certificate["p_radius"] or 0.0
    assert (s.status == "exact") == (s.p_exact is not None) and (radius > 0) == (s.p_exact is None)
    assert np.linalg.norm(limit - np.array(s.p)) <= radius + 1e-7


def test_non_unique_limit_two_exact_minimisers():
    X, y, bias = NON_UNIQUE
    s = exact_fit(X, y, bias=bias)
    cert = s.certificate
    assert cert["unique"] is False and len(cert["minimisers"]) == 2
    points = [tuple(sympy.sympify(v) for v in e["w"]) for e in cert["extreme_points"]]
    measures = [[(w, sympy.sympify(a)) for w, a in zip(points, m) if sympy.sympify(a) != 0] for m in cert["minimisers"]]
    assert measures[0] != measures[1]
    p = [sympy.sympify(v) for v in s.p_exact]
    for atoms in measures:   # each fits exactly, with TV = <y, p_0>
        assert [sympy.simplify(v - yj) for v, yj in zip(_fit(X, bias, atoms), y)] == [0] * len(y)
        assert sympy.simplify(sum(abs(a) for _, a in atoms) - sum(yj * pj for yj, pj in zip(y, p))) == 0
    assert sorted((tuple(a.w_exact), a.amplitude_exact) for a in s.atoms) == sorted(measures[0])
    assert len(measures[0]) <= len(measures[1])


def test_affine_least_norm_against_the_pseudo_inverse():
    rng = np.random.default_rng(1)
    for _ in range(20):
        A = rng.integers(-3, 4, (2, 4)).tolist()
        b = rng.integers(-3, 4, 2).tolist()
        x = affine_least_norm(A, b)
        if np.linalg.matrix_rank(np.array(A)) == 2:
            assert np.allclose([float(v) for v in x], np.linalg.pinv(np.array(A, float)) @ b)


def test_vertex_has_independent_support_and_same_fit():
    cols = [[1, 0, 1], [0, 1, 1], [1, 1, 2], [2, 1, 3]]
    a = vertex_of(cols, [1, 1, 1, 1], [Q(1)] * 4)
    fit = [sum(a[k] * cols[k][j] for k in range(4)) for j in range(3)]
    assert fit == [4, 3, 7] and all(v >= 0 for v in a)
    support = [k for k in range(4) if a[k]]
    assert np.linalg.matrix_rank(np.array([cols[k] for k in support], float)) == len(support)


def test_field_feasibility_proof_accepts_the_optimum_and_rejects_a_scaled_one():
    """p_0 of CASES[5] lies in Q(sqrt 3, sqrt 14); 1.01 p_0 violates |eta| <= 1 (sampling shows it)."""
    from certificates.solver.exact_fit.dual import DualPoint, field_feasible
    X, y, bias = CASES[5]
    s = exact_fit(X, y, bias=bias)
    A = Arrangement(X, bias=bias)
    # p_0 = sum_r p_r / sqrt(r): p_r[j] = r * (coefficient of sqrt(r) in p_0[j])
    parts = tuple((r, tuple(Q(str(sympy.expand(v).coeff(sympy.sqrt(r)) * r)) for v in s.p_exact)) for r in (3, 14))
    p = DualPoint(parts)
    assert [sympy.simplify(a - b) for a, b in zip(p.exact(), s.p_exact)] == [0] * 6
    ext = [e for e in s.certificate["extreme_points"]]
    rays = []
    for e in ext:   # rational points on the rays of the extreme points
        w = [sympy.sympify(c) for c in e["w"]]
        scale = 1 / max(abs(c) for c in w if c != 0)
        rays.append((tuple(Q(str(sympy.nsimplify(c * scale))) for c in w), e["sign"]))
    assert field_feasible(A, p.exact(), p.enclosure(), rays)
    scaled = DualPoint(tuple((r, tuple(v * Q(101, 100) for v in part)) for r, part in p.parts))
    assert not field_feasible(A, scaled.exact(), scaled.enclosure(), rays)
    rows = np.array([list(x) + [1] for x in X], float)
    W = np.random.default_rng(2).standard_normal((20000, 3))
    W /= np.linalg.norm(W, axis=1)[:, None]
    assert np.abs(np.maximum(W @ rows.T, 0) @ np.array([float(v) for v in scaled.exact()])).max() > 1


def test_sweep_compares_with_the_sparse_limit():
    """A 5-point set: the reference is the 2-atom sparse minimiser (not the
    interior-point spread), and the amplitude error shrinks linearly in lambda."""
    from certificates.solver.sweep import sweep
    X, y, bias = CASES[0]
    ref, points, slopes = sweep(X, y, lams=["1/10000", "1/1000"], bias=bias)
    assert len(ref.atoms) == 2 and ref.certificate["unique"] is True
    assert all(p.n_reference == 2 for p in points)
    assert 0.8 < slopes["amplitude_vs_lambda"] < 1.2


def test_sweep_with_a_non_unique_limit_counts_charged_points():
    from certificates.solver.sweep import sweep
    X, y, bias = NON_UNIQUE
    ref, points, _ = sweep(X, y, lams=["1/1000"], bias=bias)
    charged = [e for e in ref.certificate["extreme_points"] if e["charged"]]
    assert ref.certificate["unique"] is False and points[0].n_reference == len(charged) > len(ref.atoms)
