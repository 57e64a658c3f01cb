"""Float labels in the proof of a solution: a float is its shortest decimal (1e-6 is 1/10^6), in
the proof writer as in the solver.  Ground truth independent of the package: with labels this
small mu = 0 is optimal (sup |eta| at p = y / lambda is far below 1 on the sphere, sampled with
NumPy), so the objective is |y|^2 / 2 with y read from ``repr`` of each float."""

import json
from fractions import Fraction

import numpy as np

from arrangement import Arrangement
from certificates import solve
from certificates.proofs.checker import check
from certificates.proofs.producer import proof_of_solution

# case 171 of the proof-coverage mix (seed 0), its labels scaled by 1e-6
ROWS = [[-5, -3], [1, -2], [0, -5], [4, 0], [4, -2], [1, -4], [4, 2]]
LABELS = [v * 1e-6 for v in [5, 4, -2, 3, -2, -4, -1]]


def test_float_labels_are_read_as_decimals_by_the_proof_writer():
    X = np.array([row + [1] for row in ROWS], dtype=float)
    W = np.random.default_rng(0).normal(size=(20000, 3))
    W /= np.linalg.norm(W, axis=1)[:, None]
    assert np.abs(np.maximum(W @ X.T, 0) @ (np.array(LABELS) / 2)).max() < 1e-3   # mu = 0 optimal
    expected = sum(Fraction(repr(v)) ** 2 for v in LABELS) / 2
    A = Arrangement(ROWS, bias=True)
    s = solve(A, LABELS, 2)
    assert s.status == "exact" and not s.atoms
    proof = json.loads(json.dumps(proof_of_solution(A, s, LABELS)))
    assert proof["claims"]["y"] == [str(Fraction(repr(v))) for v in LABELS]
    lines = check(proof)              # failed before: primal objective (binary y) != dual objective
    assert lines[-1].endswith(f"objective {expected}"), lines[-1]
