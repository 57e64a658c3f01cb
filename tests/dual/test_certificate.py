"""The certificate module against hand computations, brute force and sampling of the sphere."""

import itertools
from fractions import Fraction as Q

import numpy as np
import pytest

from arrangement import Arrangement, DataError, ParameterError
from arrangement.datasets import random_integer
from certificates.dual.certificate import Certificate
from certificates.dual.uniqueness import solution_set
from certificates.results.build import certificate_report


def dot(u, v):
    return sum(Q(a) * b for a, b in zip(u, v))


def hand_example(**kw):
    return Certificate(Arrangement([[1, Q(3, 4)], [1, Q(-3, 4)]]), [Q(5, 6), Q(-5, 6)], **kw)


def test_hand_example_from_the_issue():
    c = hand_example(y=[1, -1], lam=Q(1, 5))
    assert c.feasible and c.sup_abs_eta_squared == 1
    ext = c.extreme_points
    assert [(e.w, e.sign) for e in ext] == [((Q(3, 5), Q(4, 5)), 1), ((Q(3, 5), Q(-4, 5)), -1)]
    assert [nd.location for nd in c.nondegeneracy()] == ["wall", "wall"]
    assert c.unique is True and c.support_bound == 2
    # the minimiser reproduces b = y - lam p exactly
    (a,) = c.solutions.minimisers
    b = [1 - Q(1, 5) * Q(5, 6), -1 + Q(1, 5) * Q(5, 6)]
    Phi = c.feature_matrix()
    assert [dot(row, a) for row in Phi] == b


def test_uniqueness_is_undecided_without_labels_or_lambda():
    c = hand_example()
    assert c.unique is None and "lambda" in certificate_report(c).to_json()["uniqueness_note"]


def brute_force_projection_norm(rows, g):
    """max |w_T|^2 over sets T of rows whose subspace projection ``w_T = g - P_T g`` lies in the
    cone.  Sets of fewer than d rows suffice: one spanning everything gives w = 0 (the start),
    any other has the span of an independent subset of at most d - 1 rows (the same w)."""
    g = [Q(v) for v in g]
    best = Q(0)
    for size in range(min(len(rows), len(g) - 1) + 1):
        for T in itertools.combinations(rows, size):
            basis = []          # Gram-Schmidt in exact rationals: an orthogonal basis of span T
            for r in T:
                v = [Q(x) for x in r]
                for b in basis:
                    c = dot(v, b) / dot(b, b)
                    v = [vi - c * bi for vi, bi in zip(v, b)]
                if any(v):
                    basis.append(v)
            w = g
            for b in basis:
                c = dot(w, b) / dot(b, b)
                w = [wi - c * bi for wi, bi in zip(w, b)]
            if all(dot(r, w) >= 0 for r in rows):
                best = max(best, dot(w, w))
    return best


@pytest.mark.parametrize("seed", range(8))
def test_region_maxima_equal_brute_force_over_active_sets(seed):
    d = 2 + seed % 2
    X = random_integer(5, d, seed=seed, bound=3)
    A = Arrangement(X)
    rng = np.random.default_rng(seed)
    p = [Q(int(v), 4) for v in rng.integers(-4, 5, size=5)]
    c = Certificate(A, p)
    for region in A.regions():
        g = [sum((p[j] * Q(X[j][k]) for j in region.activation), Q(0)) for k in range(d)]
        assert c.region_vector(region.index) == tuple(g)   # graph walk = direct sum
        rows = [[(1 if region.pattern[j] == "+" else -1) * v for v in X[j]]
                for j in range(len(X)) if region.pattern[j] != "0"]
        for sign in (1, -1):
            e = c.region_extremum(region.index, sign)
            assert e.value_squared == brute_force_projection_norm(rows, [sign * v for v in g])


@pytest.mark.parametrize("seed", range(10))
def test_exact_sup_against_dense_sampling(seed):
    d = 2 + seed % 2
    X = random_integer(6, d, seed=50 + seed, bound=4)
    rng = np.random.default_rng(seed)
    p = [Q(int(v), 7) for v in rng.integers(-7, 8, size=6)]
    c = Certificate(Arrangement(X, bias=seed % 3 == 0), p)
    Xf = np.array([[float(v) for v in row] for row in c.arrangement.X])
    W = rng.normal(size=(400000 if d == 3 else 100000, Xf.shape[1]))
    W /= np.linalg.norm(W, axis=1, keepdims=True)
    eta = np.maximum(W @ Xf.T, 0) @ np.array([float(v) for v in p])
    sampled, exact = np.abs(eta).max(), float(c.sup_abs_eta_squared) ** 0.5
    assert sampled <= exact * (1 + 1e-12)
    assert sampled >= exact * 0.97


def test_feasible_certificate_extreme_points_are_exact():
    # scale a random p so that sup |eta| = 1 exactly: sup^2 must be a square; use eta = |w1| - |w2|
    X = [[1, 0], [0, 1], [-1, 0], [0, -1], [1, 1]]
    c = Certificate(Arrangement(X), [1, -1, 1, -1, 0])
    assert c.feasible and c.sup_abs_eta_squared == 1
    assert {(e.w, e.sign) for e in c.extreme_points} == {((1, 0), 1), ((-1, 0), 1), ((0, 1), -1), ((0, -1), -1)}
    for e in c.extreme_points:
        eta = sum(pj * max(dot(w, e.w), 0) for pj, w in zip([1, -1, 1, -1, 0], X))
        assert eta == e.sign
    assert c.margin_squared_off_extreme < 1


def test_infeasible_certificate_is_reported():
    c = Certificate(Arrangement([[1, 0], [0, 1]]), [1, 1])
    assert not c.feasible and c.sup_abs_eta_squared == 2
    rep = certificate_report(c).to_json()
    assert rep["feasible"] is False and "not dual feasible" in rep["message"]


def test_non_unique_solution_set_gives_two_checked_minimisers():
    # columns phi(w_i) of a certificate with p = (1, 1): Phi^T p = t, so every point of the
    # polytope has total variation <p, b>
    Phi = [[Q(1), Q(1, 2), Q(0)], [Q(0), Q(1, 2), Q(1)]]
    t, b = [1, 1, 1], [Q(1), Q(1)]
    s = solution_set(Phi, t, b)
    assert s.consistent and s.unique is False and not s.full_column_rank
    a1, a2 = s.minimisers
    assert a1 != a2
    for a in (a1, a2):
        assert [dot(row, a) for row in Phi] == b
        assert all(ti * ai >= 0 for ti, ai in zip(t, a))
        assert sum(ti * ai for ti, ai in zip(t, a)) == sum(b)  # total variation <p, b>


def test_unbounded_direction_and_inconsistent_b():
    Phi = [[Q(1), Q(-1)]]
    s = solution_set(Phi, [1, 1], [Q(1)])
    assert s.unique is False
    assert solution_set([[Q(1)]], [1], [Q(-1)]).consistent is False


def test_wrong_length_p_and_bad_lambda():
    A = Arrangement([[1, 0], [0, 1]])
    with pytest.raises(DataError, match="p has 3 entries"):
        Certificate(A, [1, 2, 3])
    with pytest.raises(ParameterError, match="lambda must be positive"):
        Certificate(A, [1, 2], y=[1, 1], lam=0)


@pytest.mark.parametrize("seed", range(4))
def test_scan_yields_every_pair_that_reaches_the_level(seed):
    """Ground truth: the exact maximum of every (region, sign) pair, projected one by one.  The
    scan must yield every pair at or above the level (the rest it skips on a proved bound) and
    nothing excluded."""
    rng = np.random.default_rng(seed)
    A = Arrangement(rng.integers(-3, 4, size=(6, 3)).tolist())
    c = Certificate(A, [Q(int(v), 7) for v in rng.integers(-5, 6, size=6)])
    every = {(r, s): c.region_extremum(r, s).value_squared for r in range(len(A.regions())) for s in (1, -1)}
    for level in sorted(set(every.values()))[-3:]:
        exclude = set(list(every)[::3])
        found = {(e.region, e.sign): e.value_squared for e in c.scan(level, exclude)}
        assert not set(found) & exclude
        assert all(every[k] == v for k, v in found.items())
        assert {k for k, v in every.items() if v >= level and k not in exclude} <= set(found)
