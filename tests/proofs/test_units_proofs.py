"""Proofs of answers solved in other units (data or labels far from 1): the file is bound to the
user's problem and carries the exponents of the exact change of units; the standalone checker
re-derives the scaled problem itself and proves the minimiser there.

Ground truth: the same data at scale 1 (whose minimiser the user's has, amplitudes unchanged when
X, y are multiplied by 2^k and lambda by 2^(2k)), and mutations of the exponents, which change the
problem the claims are about and must fail."""

import copy
import json
import random
from dataclasses import replace
from fractions import Fraction

import pytest

from arrangement import Arrangement
from certificates import solve
from certificates.proofs.checker import Malformed, verdict
from certificates.proofs.producer import proof_of_solution

K = 40


def _case(seed):
    rng = random.Random(seed)
    X = [[rng.randint(-5, 5) for _ in range(3)] for _ in range(6)]
    y = [rng.randint(-3, 3) for _ in range(6)]
    return X, y


def _verified_scaled():
    for seed in range(3, 40):
        X, y = _case(seed)
        A = Arrangement([[v * 2 ** K for v in row] for row in X])
        labels = [v * 2 ** K for v in y]
        s = solve(A, labels, lam=Fraction(1, 2) * 2 ** (2 * K))
        if s.status == "verified":
            return X, y, A, labels, s
    pytest.skip("no verified case among the seeds")


@pytest.fixture(scope="module")
def scaled():
    X, y, A, labels, s = _verified_scaled()
    return X, y, s, json.loads(json.dumps(proof_of_solution(A, s, labels)))


def test_scaled_verified_answer_is_proved_and_bound_to_the_users_problem(scaled):
    X, y, s, proof = scaled
    assert proof["format"]["version"] == "2.5"
    result = verdict(proof)
    assert result["valid"], [c for c in result["claims"] if c["status"] != "proved"]
    assert {c["claim"] for c in result["claims"]} >= {"units", "minimiser"}
    assert proof["problem"]["X"] == [[str(v * 2 ** K) for v in row] for row in X]
    assert Fraction(proof["problem"]["lam"]) == Fraction(1, 2) * 2 ** (2 * K)
    # the same minimiser as the data at scale 1: same faces and signs, same amplitudes
    plain = solve(X, y, lam=Fraction(1, 2))
    assert sorted((a.face, a.amplitude > 0) for a in s.atoms) == sorted((a.face, a.amplitude > 0) for a in plain.atoms)
    assert sorted(a.amplitude for a in s.atoms) == pytest.approx(sorted(a.amplitude for a in plain.atoms), rel=1e-9)


@pytest.mark.parametrize("mutate", [
    lambda p: p["units"].update(data=p["units"]["data"] + 1),
    lambda p: p["units"].update(labels=p["units"]["labels"] - 1),
    lambda p: p["units"].update(data=p["units"]["data"] - 1, labels=p["units"]["labels"] + 1),
    lambda p: p.pop("units"),
    lambda p: p["format"].update(version="2.4"),
    lambda p: p["units"].update(data=1.5),
    lambda p: p["units"].update(data=10 ** 9),
    lambda p: p["units"].pop("labels"),
])
def test_mutated_units_are_refused(scaled, mutate):
    proof = copy.deepcopy(scaled[3])
    mutate(proof)
    try:
        assert not verdict(proof)["valid"]
    except Malformed:
        pass


def test_a_box_the_checker_refuses_leaves_a_proof_of_the_regions_in_the_same_units(scaled):
    # The regions' Farkas certificates are written in the integer rows of the scaled data; when
    # the box fails (here: a zero moved away from the solver's), the file must still bind them to
    # those rows, so that only the optimality is "not covered" (exit 3), never a failed region.
    X, y, s, _ = scaled
    A = Arrangement([[v * 2 ** K for v in row] for row in X])
    evidence = dict(s.solver["evidence"], x=[1.5 * v + 0.25 for v in s.solver["evidence"]["x"]])
    moved = replace(s, solver={**s.solver, "evidence": evidence})
    proof = json.loads(json.dumps(proof_of_solution(A, moved, [v * 2 ** K for v in y])))
    assert any("farkas" in region for region in proof["regions"])
    result = verdict(proof, {"X": proof["problem"]["X"], "bias": False, "y": proof["problem"]["y"],
                             "lam": proof["problem"]["lam"]})
    assert result["exit"] == 3, [c for c in result["claims"] if c["status"] != "proved"]
    assert [c["claim"] for c in result["claims"] if c["status"] == "not covered"] == ["minimiser"]


def test_units_too_large_for_the_numbers_are_refused_as_units(scaled):
    # 2^20000 is a valid exponent, but the data times it are numbers of over 6,000 digits: the
    # file is malformed, and the message must name the key at fault, not the digest
    proof = copy.deepcopy(scaled[3])
    proof["units"]["data"] = 20000
    with pytest.raises(Malformed, match="units"):
        verdict(proof)
