"""Atoms on a ray spanned by parallel data rows: the region on one side of the ray has the same
active rows as the ray, so ``t_i eta = <w, w_i>`` there and its wall multiplier is 0 for every p.

Before, the interval proof asked that multiplier to be positive and both readings of the atom
failed (on the ray: "a wall multiplier is not provably positive"; inside the region: "the sign of
<w, x_0> is not proved"), leaving only a duality-gap ball.  Ground truth independent of the
end-game: tests/helpers/exact_check.py (exact residuals and objectives recomputed with sympy,
dual feasibility sampled on the sphere), and sup |eta| sampled here."""

import json
from fractions import Fraction

import numpy as np
import pytest

from arrangement import Arrangement
from certificates import solve
from certificates.exact.refusal import Refusal
from certificates.proofs.checker import Failed, check
from certificates.proofs.producer import proof_of_solution
from exact_check import check as recheck

# x_1 and x_2 are parallel and normal to x_0 (case 28 of the proof-coverage mix); x_1, x_2 on the
# ray (1, 0) with x_0, x_3 normal to it (case 84)
CASES = [([[-2, -4], [2, -1], [4, -2], [-2, -2]], [-3, 4, 4, -2], Fraction(1, 2)),
         ([[0, -3], [1, 0], [4, 0], [0, -1], [-1, 1], [-3, -3]], [-2, 0, 1, -1, 3, -4], Fraction(1, 2))]


def _sampled_sup(A, p) -> float:
    rng = np.random.default_rng(3)
    W = rng.normal(size=(200000, A.d))
    W /= np.linalg.norm(W, axis=1)[:, None]
    X = np.array([[float(v) for v in row] for row in A.X])
    return float(np.abs(np.maximum(W @ X.T, 0) @ np.asarray(p, dtype=float)).max())


def _theorem(lines):
    return [line for line in lines if line.startswith(("the minimiser is", "a minimiser is", "this measure"))]


@pytest.mark.parametrize("rows, y, lam", CASES)
def test_an_atom_on_a_ray_of_parallel_rows_is_proved_exactly(rows, y, lam):
    A = Arrangement(rows)
    s = solve(A, y, lam)
    assert s.status == "exact", s.reason
    assert recheck(rows, y, lam, False, s) == []
    assert any(a.face[0] == "0" or a.face[3] == "0" for a in s.atoms)     # the atom on the ray
    assert _sampled_sup(A, s.p) <= 1 + 1e-9
    lines = check(json.loads(json.dumps(proof_of_solution(A, s, y))))
    assert _theorem(lines), lines


@pytest.mark.parametrize("rows, y, lam", CASES)
def test_the_interval_proof_needs_no_wall_there(rows, y, lam, monkeypatch):
    exact = solve(Arrangement(rows), y, lam)
    import certificates.solver.endgame.routes as routes
    monkeypatch.setattr(routes, "exact_solution_or_why", lambda system, box, **_: Refusal("not looked for"))
    A = Arrangement(rows)
    s = solve(A, y, lam)
    assert s.status == "verified" and s.solver["evidence"]["kind"] == "krawczyk", s.reason
    proof = proof_of_solution(A, s, y)
    walls = proof["claims"]["krawczyk"]["walls"]
    assert any(entry["rows"] == [] for entry in walls)      # a region covered without a wall
    lines = check(json.loads(json.dumps(proof)))
    theorem = _theorem(lines)
    assert theorem, lines
    lo, hi = (float(v) for v in theorem[0].split("optimal value in [")[1].split("]")[0].split(", "))
    assert lo - 1e-12 <= exact.objective <= hi + 1e-12
    assert _sampled_sup(A, s.p) <= 1 + 1e-9


def test_a_wall_whose_multiplier_is_zero_for_every_p_is_left_out(monkeypatch):
    """Case 97 of the coverage mix (bias, d = 3): an atom on the ray normal to rows 2, 4, 5; in
    the region around it with row 3 active alone, t g_R - w_i lies along one wall for every p, so
    the other wall's multiplier is identically 0 and the proof lists only the first."""
    import certificates.solver.endgame.routes as routes      # the Krawczyk proof is the subject
    monkeypatch.setattr(routes, "exact_solution_or_why", lambda system, box, **_: Refusal("not looked for"))
    rows, y, lam = [[3, 0], [5, 0], [4, 3], [3, 3], [-2, -3], [5, 4]], [-4, -4, -3, -5, 2, 5], Fraction(2)
    A = Arrangement(rows, bias=True)
    s = solve(A, y, lam)
    assert s.status in ("exact", "verified") and s.solver["evidence"]["kind"] == "krawczyk", s.reason
    assert recheck(rows, y, lam, True, s) == []
    assert any(a.face == "--0+00" for a in s.atoms)
    lines = check(json.loads(json.dumps(proof_of_solution(A, s, y))))
    assert _theorem(lines), lines
    assert _sampled_sup(A, s.p) <= 1 + 1e-9


def test_a_proof_that_drops_a_needed_wall_fails(monkeypatch):
    """Emptying the wall rows of a region that needs them (t_i g_R != w_i for some p) must fail
    the checker's wall identity."""
    import certificates.solver.endgame.routes as routes
    monkeypatch.setattr(routes, "exact_solution_or_why", lambda system, box, **_: Refusal("not looked for"))
    rows, y, lam = CASES[0]
    A = Arrangement(rows)
    proof = proof_of_solution(A, solve(A, y, lam), y)
    walls = proof["claims"]["krawczyk"]["walls"]
    needed = [k for k, entry in enumerate(walls) if entry["rows"]]
    assert needed
    for k in needed:
        mutant = json.loads(json.dumps(proof))
        mutant["claims"]["krawczyk"]["walls"][k]["rows"] = []
        with pytest.raises(Failed, match="not a combination of the listed wall rows"):
            check(mutant)
