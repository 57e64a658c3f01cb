"""A Krawczyk proof on the no-enumeration route where p_j = 0 at the midpoint (y_j = 0 on a row
no atom uses): every p_j of the box has width, so the standalone checker weighs that row's
hyperplane and the tree must fix it at its leaves.  Ground truth independent of the package:
|eta| at the box's midpoint sampled on the circle (at most 1, reaching 1 at the atom)."""

import json
from fractions import Fraction

import numpy as np

import certificates.solver.large as large
from arrangement import Arrangement
from certificates import solve
from certificates.proofs.checker import check
from certificates.proofs.producer import proof_of_solution

# repeated rows, and row 4 with y_4 = 0 outside the atom's face: p_4 = 0
ROWS = [[-2, -1], [-3, 0], [-2, -1], [-3, 0], [-1, -2]]
LABELS = [2, -3, -3, -2, 0]


def test_a_weightless_midpoint_row_is_split_in_the_tree(monkeypatch):
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    A = Arrangement(ROWS)
    s = solve(A, LABELS, Fraction(1, 2))
    assert s.solver.get("enumerated") is False and s.solver["evidence"]["kind"] == "krawczyk"
    proof = json.loads(json.dumps(proof_of_solution(A, s, LABELS)))
    p = np.array([float(Fraction(v)) for v in proof["claims"]["krawczyk"]["midpoint"][:A.n]])
    assert p[4] == 0
    t = np.linspace(0, 2 * np.pi, 200001)
    eta = np.maximum(np.stack([np.cos(t), np.sin(t)], 1) @ np.array(ROWS, dtype=float).T, 0) @ p
    assert 1 - 1e-6 < np.abs(eta).max() <= 1 + 1e-9
    lines = check(proof)      # failed before: "a leaf with the weighted hyperplane of row 4 not fixed"
    assert lines[-1].startswith("the minimiser is unique"), lines[-1]


def test_rows_of_one_hyperplane_cancelling_at_the_midpoint(monkeypatch):
    """x_1 = x_3 with y_1 = -y_3 off the atom: p_1 + p_3 = 0, the hyperplane weightless at the
    midpoint but not on the box."""
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    rows, labels = [[-2, 3], [3, -3], [-2, 3], [3, -3]], [-2, 2, 1, -2]
    A = Arrangement(rows)
    s = solve(A, labels, 2)
    assert s.solver.get("enumerated") is False and s.solver["evidence"]["kind"] == "krawczyk"
    proof = json.loads(json.dumps(proof_of_solution(A, s, labels)))
    p = np.array([float(Fraction(v)) for v in proof["claims"]["krawczyk"]["midpoint"][:A.n]])
    assert p[1] + p[3] == 0
    t = np.linspace(0, 2 * np.pi, 200001)
    eta = np.maximum(np.stack([np.cos(t), np.sin(t)], 1) @ np.array(rows, dtype=float).T, 0) @ p
    assert 1 - 1e-6 < np.abs(eta).max() <= 1 + 1e-9
    lines = check(proof)
    assert lines[-1].startswith(("the minimiser is unique", "a minimiser is")), lines[-1]
