"""A proof of a no-enumeration answer on data near 2^600 against a bias (the tree search sees its
normals divided by powers of two): whatever the producer writes, the standalone checker must not
find it false.  Ground truth: the checker, and the enumerating route's answer on the same data."""

import json
from fractions import Fraction

from arrangement import Arrangement
from certificates.proofs.checker import verdict
from certificates.proofs.producer import proof_of_solution
from certificates.solver import large
from certificates.solver.minimiser import solve

T = 2 ** 600


def test_a_verified_answer_on_huge_rows_gets_a_proof_the_checker_does_not_fail(monkeypatch):
    rows, y, lam = [[-2 * T, 4 * T], [0, T]], [3, -1], Fraction(1)
    full = solve(Arrangement(rows, bias=True), y, lam)
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    A = Arrangement(rows, bias=True)
    s = solve(A, y, lam)
    assert s.solver.get("enumerated") is False and s.status == full.status == "verified"
    v = verdict(json.loads(json.dumps(proof_of_solution(A, s, y))))
    assert v["exit"] in (0, 3), [c for c in v["claims"] if c["status"] == "failed"]
