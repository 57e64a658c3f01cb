"""Real data and non-unique minimisers: a solve on a built-in real data set re-checked by the
standalone proof checker and by an exact/float re-computation from the data alone; and a
non-unique case where the listed minimiser keeps at most n atoms and is checked, from the data,
to be a minimiser (its primal objective equals the proved dual optimum; p is feasible by
sampling) with linearly independent features (a vertex of the solution set)."""

import time
from fractions import Fraction

import numpy as np
import pytest

from arrangement import Arrangement
from arrangement.real_data import real_dataset
from certificates import solve

from exact_check import check, sampled_sup_eta
from proofcheck import assert_proof_checks


def _features(rows, atoms):
    A = np.array([[float(v) for v in row] for row in rows], dtype=float)
    return np.column_stack([np.maximum(A @ np.asarray(a.w, dtype=float), 0) for a in atoms])


@pytest.mark.parametrize("lam", ["1/10", "1"])
def test_real_data_solve_checks_independently(lam):
    # spiral:10 with a bias: 20 points, 382 regions, repeated |coordinates| (a degenerate set)
    D = real_dataset("spiral:10")
    A = Arrangement(D, bias=True)
    t0 = time.process_time()
    s = solve(A, D.y, lam)
    assert time.process_time() - t0 < 10
    assert s.status in ("exact", "verified"), s.reason
    assert check(D.X, D.y, Fraction(lam), True, s) == []
    assert len(s.atoms) <= A.n and len(s.atoms) <= s.certificate["support_bound"]
    lines = assert_proof_checks(s, A, D.y)
    assert any("lambda" in line or "optimal" in line for line in lines), lines


def test_non_unique_minimiser_is_sparse_and_a_minimiser():
    """Random data without bias at lambda 1/10 (the minimiser is not unique: more antipodal pairs
    than dimensions); the listed minimiser splits the pairs at a vertex."""
    rng = np.random.default_rng(0)
    X = [[str(round(v, 3)) for v in row] for row in rng.standard_normal((20, 3))]
    y = [str(round(v, 2)) for v in rng.standard_normal(20)]
    A = Arrangement(X)
    s = solve(A, y, "1/10")
    cert = s.certificate
    assert s.status == "verified" and cert["unique"] is False, s.reason
    assert "at a vertex" in s.reason
    charged = [e for e in cert["extreme_points"] if e["charged"]]
    assert len(s.atoms) <= A.n and len(s.atoms) < len(charged)
    # independent: the objective of the listed atoms, recomputed from the data, is the proved
    # optimal value (the dual objective at the enclosed p), and p is feasible on samples
    assert check(X, y, Fraction(1, 10), False, s) == []
    rows = [[Fraction(v) for v in row] for row in X]
    Phi = _features(rows, s.atoms)
    yf = np.array([float(Fraction(v)) for v in y])
    a = np.array([atom.amplitude for atom in s.atoms])
    primal = 0.5 * float((Phi @ a - yf) @ (Phi @ a - yf)) + 0.1 * float(np.abs(a).sum())
    assert primal == pytest.approx(s.dual_objective, rel=1e-9, abs=1e-9)
    assert sampled_sup_eta(rows, s.p, samples=20000) <= 1 + 1e-9
    # a vertex of {a : Phi a = b, t_i a_i >= 0}: the kept atoms' features are independent
    singular = np.linalg.svd(Phi, compute_uv=False)
    assert singular[-1] > 1e-8 * singular[0]


def test_the_enclosure_keeps_the_vertex_and_derives_the_dropped_atoms():
    """One record of the vertex split: the atoms it empties are read off it (a stored copy
    beside it could disagree); the listed minimiser of the non-unique case above is the check
    that they are the right ones (its objective is the proved optimum)."""
    from dataclasses import fields
    from types import SimpleNamespace
    from certificates.solver.endgame.verification import Enclosure, dropped_atoms
    assert "dropped" not in {f.name for f in fields(Enclosure)} and "vertex" in {f.name for f in fields(Enclosure)}
    pairs = SimpleNamespace(pairs=[(0, 1), (2, 3)])       # sigma = +1 keeps the first atom of the pair
    assert dropped_atoms(pairs, ((0,), ((1, 1),))) == {3} and dropped_atoms(pairs, ((1,), ((0, -1),))) == {0}
    assert dropped_atoms(pairs, None) == frozenset()


@pytest.mark.parametrize("seed", range(4))
def test_vertex_guess_keeps_the_fit_with_at_most_rank_atoms_of_independent_features(seed):
    """The end-game's sparse guess on a spread-out float solution (3n atoms, some split in two
    nearby directions): the atoms it keeps fit the same labels, with no more mass, at most
    rank-many of them, with linearly independent features (numpy ranks, from the data alone)."""
    from certificates.solver.endgame.vertex_guess import vertex_atoms
    rng = np.random.default_rng(seed)
    n, d = 12, 3
    A = Arrangement([[str(round(v, 2)) for v in row] for row in rng.standard_normal((n, d))], bias=True)
    X = np.array([[float(v) for v in row] for row in A.X])
    W = rng.standard_normal((3 * n, A.d))
    W[1::2] = W[::2] + 1e-7 * rng.standard_normal((3 * n // 2, A.d))   # split atoms
    W /= np.linalg.norm(W, axis=1)[:, None]
    atoms = [(w, int(s), float(c)) for w, s, c in zip(W, rng.choice([-1, 1], 3 * n), rng.uniform(0.1, 1, 3 * n))]
    kept = vertex_atoms(A, atoms)

    def fit(items):
        return sum(s * c * np.maximum(X @ np.asarray(w), 0) for w, s, c in items)

    features = np.column_stack([np.maximum(X @ np.asarray(w), 0) for w, _, _ in kept])
    assert len(kept) <= np.linalg.matrix_rank(np.column_stack([np.maximum(X @ w, 0) for w, _, _ in atoms]))
    assert np.linalg.matrix_rank(features) == len(kept)
    assert np.allclose(fit(kept), fit(atoms), atol=1e-7)
    assert sum(c for _, _, c in kept) <= sum(c for _, _, c in atoms) * (1 + 1e-9)
