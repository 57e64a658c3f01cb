"""A proof is bound to its problem (rows, labels, bias, lambda); ``dualcert check --json`` gives a
verdict per claim; the format is versioned (same major, minor up to ours)."""

import hashlib
import json

import pytest

from arrangement import Arrangement
from certificates import solve
from certificates.proofs import checker
from certificates.proofs.producer import proof_of_regions, proof_of_solution, write_proof
from conftest import run_cli
from proofcheck import bound

# 1-D hat with a bias: x = -2..2, y = 0, 1, 2, 1, 0; an exact answer at lambda = 1/10
HAT = "x,y\n-2,0\n-1,1\n0,2\n1,1\n2,0\n"


@pytest.fixture(scope="module")
def hat(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hat")
    (folder / "hat.csv").write_text(HAT)
    status, _, err = run_cli("solve", str(folder / "hat.csv"), "--bias", "--lam", "1/10", "--quiet",
                             "--proof", str(folder / "hat.json"))
    assert status == 0, err
    return folder


def test_the_digest_is_sha256_of_the_documented_canonical_form(hat):
    """Independent of both implementations: the canonical text written out by hand."""
    text = ('{"X":[["-2"],["-1"],["0"],["1"],["2"]],"bias":true,"lam":"1/10",'
            '"y":["0","1","2","1","0"]}')
    digest = hashlib.sha256(text.encode()).hexdigest()
    proof = json.loads((hat / "hat.json").read_text())
    assert proof["data_sha256"] == digest
    status, out, _ = run_cli("check", str(hat / "hat.json"))
    assert status == 0 and out.splitlines()[:2] == [
        "problem: n = 5 rows, d = 1 with a bias (weights on S^d), labels given, lambda = 1/10",
        f"data_sha256: {digest}"]


def test_the_checker_recomputes_the_digest_and_never_trusts_it(hat, tmp_path):
    proof = json.loads((hat / "hat.json").read_text())
    proof["data_sha256"] = "0" * 64
    with pytest.raises(checker.Failed, match="claim data_sha256"):
        checker.check(proof)
    proof = json.loads((hat / "hat.json").read_text())
    proof["problem"]["y"][2] = "3"              # the claims' labels are the problem's: refused
    with pytest.raises(checker.Malformed, match="'y' is not the y of the problem"):
        checker.check(proof)


@pytest.mark.parametrize("change, args, message", [
    ("x,y\n-2,0\n-1,1\n0,3\n1,1\n2,0\n", ["--bias", "--lam", "1/10"], "its labels y are not those given"),
    (HAT, ["--bias", "--lam", "1/5"], "its lambda is 1/10, the one given 1/5"),
    (HAT, ["--lam", "1/10"], "it is with a bias, the data given without"),
    (HAT, ["--bias"], "its lambda is 1/10, the one given none"),
    ("x,y\n-2,0\n-1,1\n0,2\n1,1\n3,0\n", ["--bias", "--lam", "1/10"], "its rows X (5 x 1) are not those given (5 x 1)"),
])
def test_check_with_other_data_label_lambda_or_bias_fails(change, args, message, hat, tmp_path):
    (tmp_path / "other.csv").write_text(change)
    status, out, _ = run_cli("check", str(hat / "hat.json"), "--data", str(tmp_path / "other.csv"), *args)
    assert status == 1 and f"FAILED: the proof is about other data: {message}" in out, out
    status, out, _ = run_cli("check", str(hat / "hat.json"), "--data", str(hat / "hat.csv"), "--bias",
                             "--lam", "1/10")
    assert status == 0 and "FAILED" not in out


def test_a_regions_proof_is_about_rows_and_bias_only(tmp_path):
    A = Arrangement([[1, 0], [0, 1], [1, 1]])
    write_proof(proof_of_regions(A), tmp_path / "r.json")
    (tmp_path / "d.csv").write_text("a,b,y\n1,0,5\n0,1,6\n1,1,7\n")
    status, out, _ = run_cli("check", str(tmp_path / "r.json"), "--data", str(tmp_path / "d.csv"))
    assert status == 0 and "labels not used, lambda = not used" in out
    status, out, _ = run_cli("check", str(tmp_path / "r.json"), "--data", str(tmp_path / "d.csv"), "--bias")
    assert status == 1 and "other data" in out


def test_json_verdict_per_claim_and_exit_statuses(hat, tmp_path):
    status, out, _ = run_cli("check", str(hat / "hat.json"), "--json")
    verdict = json.loads(out)
    assert status == 0 and verdict["valid"] is True and len(verdict["data_sha256"]) == 64
    names = [c["claim"] for c in verdict["claims"]]
    assert {"regions", "sup_abs_eta_squared", "extreme_points", "minimisers", "unique", "minimiser"} <= set(names)
    assert all(c["status"] == "proved" for c in verdict["claims"])
    proof = json.loads((hat / "hat.json").read_text())
    proof["claims"]["objective"] = "533/1401"
    (tmp_path / "bad.json").write_text(json.dumps(proof))
    status, out, _ = run_cli("check", str(tmp_path / "bad.json"), "--json")
    verdict = json.loads(out)
    assert status == 1 and verdict["valid"] is False and verdict["claims"][-1]["claim"] == "miniser"[:0] + "minimiser"
    assert verdict["claims"][-1]["status"] == "failed"


def test_a_claim_not_covered_has_its_own_exit_status(tmp_path):
    """A verified (not exact) answer: its optimality is listed as not covered: exit 3, not 0."""
    A = Arrangement([[1, 0], [0, 1], [1, 1]])
    s = solve(A, [1, 2, 0], "1/2")
    proof = proof_of_solution(A, s, [1, 2, 0])
    write_proof(proof, tmp_path / "s.json")
    status, out, _ = run_cli("check", str(tmp_path / "s.json"), "--json")
    verdict = json.loads(out)
    minimiser = [c for c in verdict["claims"] if c["claim"] == "minimiser"]
    assert len(minimiser) == 1
    if s.status == "exact":
        assert status == 0 and minimiser[0]["status"] == "proved"
    else:
        assert status == 3 and minimiser[0]["status"] == "not covered" and verdict["valid"] is False
    for key in ("minimiser", "unique"):     # a claim cannot be both made and excused
        proof2 = json.loads((tmp_path / "s.json").read_text())
        proof2["claims"]["not_covered"] = {"regions": "x"}
        with pytest.raises(checker.Malformed, match="both claimed and listed"):
            checker.check(proof2)


@pytest.mark.parametrize("version, ok", [("2.0", True), ("2.9", False), ("1.0", False), ("3.0", False),
                                         (2, False), ("2.00", False), ("2", False), ("02.0", False)])
def test_version_rule_same_major_minor_at_most_ours(version, ok):
    proof = bound({"data": [["1"], ["-2"]], "claims": {"n_regions": 2},
                   "regions": [{"pattern": "+-", "witness": ["1"]}, {"pattern": "-+", "witness": ["-1"]}]})
    proof["format"]["version"] = version
    if ok:
        assert checker.check(proof)
    else:
        with pytest.raises(checker.Malformed, match="version"):
            checker.check(proof)


@pytest.mark.parametrize("key, minor", [("shard", 1), ("tree", 3), ("p0", 1), ("path", 2),
                                        ("p0_ball", 2)])
def test_a_key_from_a_later_minor_version_is_refused_in_an_older_file(key, minor):
    """The minor versions of the format page: 2.1 adds shard and p0, 2.2 path and p0_ball, 2.3
    tree; a file of an earlier minor version with such a key is malformed."""
    proof = bound({"data": [["1"], ["-2"]], "claims": {"n_regions": 2},
                   "regions": [{"pattern": "+-", "witness": ["1"]}, {"pattern": "-+", "witness": ["-1"]}]})
    (proof if key in ("shard", "tree") else proof["claims"])[key] = {}
    proof["format"]["version"] = f"2.{minor - 1}"
    with pytest.raises(checker.Malformed, match=f"'{key}' needs format 2.{minor}"):
        checker.check(proof)


def test_every_claim_of_a_solution_proof_is_checked(hat):
    """Each claim of the hat proof, made false by hand, makes the check fail or refuse the file:
    no claim is carried along unchecked."""
    proof = json.loads((hat / "hat.json").read_text())
    claims = proof["claims"]
    assert set(claims) >= {"n_regions", "p", "sup_abs_eta_squared", "extreme_points", "margin_squared",
                           "nondegenerate", "y", "lam", "unique", "minimisers", "atoms", "objective"}
    false = {"n_regions": claims["n_regions"] + 1, "p": ["1"] + claims["p"][1:],
             "sup_abs_eta_squared": "2", "extreme_points": claims["extreme_points"][1:],
             "margin_squared": "0", "nondegenerate": False, "y": ["1"] * 5, "lam": "1/5", "unique": False,
             "minimisers": [["1"] * len(claims["minimisers"][0])],
             "atoms": claims["atoms"][1:], "objective": "0", "not_covered": {"minimiser": "x"}}
    for key, value in false.items():
        mutant = json.loads((hat / "hat.json").read_text())
        mutant["claims"][key] = value
        with pytest.raises((checker.Failed, checker.Malformed)):
            checker.check(mutant)
