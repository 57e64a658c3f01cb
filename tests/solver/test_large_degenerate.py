"""The no-enumeration route on tiny degenerate data (d = 1, zero rows, opposite and repeated rows,
zero labels) proves what the enumerating route proves.  Ground truth for d = 1: the sphere is
{-1, +1}, so the problem is a lasso in two amplitudes, solved here by enumerating supports and
signs in exact rationals (no code of the package)."""

import json
import random
from fractions import Fraction as Q
from itertools import product

import pytest

from certificates.solver import large
from certificates.solver.minimiser import solve


def lasso_1d(X, y, lam):
    """min 1/2 |K a - y|^2 + lam |a|_1, K = [relu(x_j), relu(-x_j)]: the best stationary point over
    supports with independent columns and consistent signs (an optimum always has one)."""
    K = [[max(Q(x), Q(0)), max(-Q(x), Q(0))] for x in X]
    y = [Q(v) for v in y]

    def value(a):
        r = [k[0] * a[0] + k[1] * a[1] - v for k, v in zip(K, y)]
        return sum(v * v for v in r) / 2 + lam * (abs(a[0]) + abs(a[1]))
    best = value((Q(0), Q(0)))
    for s in product((-1, 0, 1), repeat=2):
        S = [i for i in (0, 1) if s[i]]
        if not S:
            continue
        G = [[sum(k[i] * k[j] for k in K) for j in S] for i in S]
        b = [sum(k[i] * v for k, v in zip(K, y)) - lam * s[i] for i in S]
        if len(S) == 1:
            if G[0][0] == 0:
                continue
            sol = [b[0] / G[0][0]]
        else:
            det = G[0][0] * G[1][1] - G[0][1] * G[1][0]
            if det == 0:
                continue
            sol = [(b[0] * G[1][1] - G[0][1] * b[1]) / det, (G[0][0] * b[1] - G[1][0] * b[0]) / det]
        a = [Q(0), Q(0)]
        for i, v in zip(S, sol):
            a[i] = v
        if all((a[i] > 0) == (s[i] > 0) and a[i] != 0 for i in S):
            best = min(best, value(a))
    return best


def degenerate_1d(rng):
    n = rng.randint(1, 5)
    X = [rng.choice([0, 1, -1, 2, -2, 3]) for _ in range(n)]
    y = [0] * n if rng.random() < 0.25 else [rng.choice([0, 0, 1, -1, 2]) for _ in range(n)]
    return X, y, rng.choice([Q(1, 2), Q(1), Q(2)])


@pytest.mark.parametrize("seed", range(10))
def test_the_large_route_proves_d1_degenerate_data_exactly(seed, monkeypatch):
    X, y, lam = degenerate_1d(random.Random(seed))
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    s = solve([[x] for x in X], y, lam)
    assert s.solver.get("enumerated") is False
    assert s.status == "exact", s.reason
    assert Q(str(s.objective_exact)) == lasso_1d(X, y, lam)


CASES = [([[1], [-1]], [0, 0]), ([[1], [-1]], [1, -1]), ([[1, 0], [-1, 0], [0, 1]], [1, 1, 0]),
         ([[1, 1], [-1, -2]], [1, 0]), ([[1, 1], [2, 1], [3, 1]], [0, 0, 0]), ([[0, 0], [1, 1]], [0, 0])]


@pytest.mark.parametrize("X, y", CASES)
def test_the_large_route_reaches_the_status_of_the_enumerating_route(X, y, monkeypatch):
    full = solve(X, y, 1)
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    s = solve(X, y, 1)
    assert s.solver.get("enumerated") is False
    assert (s.status, len(s.atoms)) == (full.status, len(full.atoms)) == ("exact", len(full.atoms)), s.reason
    assert s.objective_exact == full.objective_exact
    if not any(y):      # mu = 0, p = 0: the objective is 0
        assert s.objective_exact == 0 and not s.atoms


def sup_1d(X, p):
    """sup eta^2 on the sphere {-1, +1} of d = 1."""
    return max(sum(Q(pj) * max(s * Q(x), Q(0)) for pj, x in zip(p, X)) ** 2 for s in (1, -1))


@pytest.mark.parametrize("X, y, lam", [([1, -1], [0, 0], Q(1)), ([1, -1, 2], [1, 0, 0], Q(2)),
                                       ([0, 2, -1], [0, 1, 1], Q(3))])
def test_zero_measures_on_the_large_route_get_a_tree_proof(X, y, lam, monkeypatch):
    from certificates.proofs.checker import verdict
    from certificates.proofs.producer import proof_of_solution
    from arrangement import Arrangement
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    A = Arrangement([[x] for x in X])
    s = solve(A, y, lam)
    assert s.status == "exact" and not s.atoms, s.reason
    proof = proof_of_solution(A, s, y)
    assert proof["regions"] == [] and "tree" in proof
    v = verdict(json.loads(json.dumps(proof)))
    assert v["exit"] == 0, v["claims"]
    p = [Q(v) / lam for v in y]
    assert Q(proof["claims"]["sup_abs_eta_squared"]) == sup_1d(X, p) < 1
    assert lasso_1d(X, y, lam) == Q(sum(Q(v) ** 2 for v in y)) / 2     # mu = 0 is optimal indeed


def test_a_numerical_answer_on_the_large_route_gets_a_tree_proof_of_its_p(monkeypatch):
    from dataclasses import replace
    from certificates.proofs.checker import verdict
    from certificates.proofs.producer import proof_of_solution
    from arrangement import Arrangement
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    X, y = [1, -1, 2, -3], [1, 2, -1, 1]
    A = Arrangement([[x] for x in X])
    s = replace(solve(A, y, Q(1, 2)), status="numerical", reason="taken as numerical here")
    proof = proof_of_solution(A, s, y)
    assert proof["regions"] == [] and "tree" in proof
    v = verdict(json.loads(json.dumps(proof)))
    status = {c["claim"]: c["status"] for c in v["claims"]}
    assert v["exit"] == 3 and status["minimiser"] == "not covered" and status["sup_abs_eta_squared"] == "proved"
    assert Q(proof["claims"]["sup_abs_eta_squared"]) == sup_1d(X, [Q(float(v)) for v in s.p])
