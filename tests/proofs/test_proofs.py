"""Proof files and the independent checker: proofs of true results check, mutated ones fail at the
step that breaks, malformed files are refused; region counts against brute force (LP over all
sign vectors) and closed forms."""

import ast
import copy
import json
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from arrangement import Arrangement
from certificates import Certificate, solve
from certificates.proofs.checker import Failed, Malformed, check
from certificates.proofs.producer import (proof_of_certificate, proof_of_regions, proof_of_solution,
    write_proof)
from conftest import brute_force_regions, run_cli
from proofcheck import assert_proof_checks, rebind

CHECKER = Path(__file__).resolve().parents[2] / "certificates" / "proofs" / "checker.py"
HAT = ([[-2], [-1], [0], [1], [2]], [0, 1, 2, 1, 0], "1/10")

DEGENERATE = [
    [[1, 0], [0, 1], [1, 1]],                       # general position
    [[1, 0], [2, 0], [-3, 0], [0, 0]],              # parallel, opposite, zero rows; rank 1 < d
    [[1, 1, 0], [2, 2, 0], [0, 1, 1], [0, 0, 0]],   # identical hyperplanes, rank 2 < 3
    [[3], [-1], [0]],                               # d = 1
    [[0, 0], [0, 0]],                               # only zero rows: one region, the whole plane
]


@pytest.mark.parametrize("X", DEGENERATE)
def test_region_proofs_of_degenerate_data_check_and_count_right(X):
    lines = assert_proof_checks(Arrangement(X))
    assert lines[0].startswith(f"the {len(brute_force_regions(X))} listed regions")


def test_threshold_functions_are_proved_complete():
    from arrangement.datasets import builtin
    assert check(proof_of_regions(Arrangement(builtin("threshold:3"), bias=True)))[0].startswith("the 104 ")


def _fails(proof, *words):
    with pytest.raises(Failed) as info:
        check(proof)
    assert all(w in str(info.value) for w in words), str(info.value)


def test_removing_any_region_fails_at_its_neighbour():
    proof = proof_of_regions(Arrangement([[1, 0], [0, 1], [1, 1]]))
    for k in range(1, 6):
        mutant = copy.deepcopy(proof)
        del mutant["regions"][k]
        mutant["claims"]["n_regions"] = 5
        _fails(mutant, "claim regions", "is not listed and no Farkas certificate")


def test_flipped_witness_changed_data_and_forged_farkas_fail():
    proof = proof_of_regions(Arrangement([[1, 0], [0, 1], [1, 1], [1, -1]]))
    mutant = copy.deepcopy(proof)
    mutant["regions"][2]["witness"][0] = str(-Fraction(mutant["regions"][2]["witness"][0]))
    _fails(mutant, "region 2", "witness has sign")
    mutant = copy.deepcopy(proof)
    mutant["data"][1] = ["1", "2"]
    with pytest.raises(Malformed, match="not the rows X of the problem"):
        check(mutant)
    mutant["problem"]["X"][1] = ["1", "2"]
    _fails(rebind(mutant), "claim regions")
    mutant = copy.deepcopy(proof)
    mutant["claims"]["n_regions"] = 9
    _fails(mutant, "claims 9")
    # a region with a Farkas certificate: break its multipliers
    proof = proof_of_regions(Arrangement([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]]))
    k, region = next((k, r) for k, r in enumerate(proof["regions"]) if "farkas" in r)
    for position, value in ((1, 0), (3, -1), (3, region["farkas"][0][3] + 1)):
        mutant = copy.deepcopy(proof)
        mutant["regions"][k]["farkas"][0][position] = value
        _fails(mutant, f"region {k}", "Farkas")


def test_repeated_region_is_refused():
    proof = proof_of_regions(Arrangement([[1, 0]]))
    proof["regions"].append(copy.deepcopy(proof["regions"][0]))
    _fails(proof, "listed twice")


def test_certificate_proof_and_its_mutations():
    cert = Certificate(Arrangement([[1, Fraction(3, 4)], [1, Fraction(-3, 4)]]), [Fraction(5, 6), Fraction(-5, 6)])
    proof = proof_of_certificate(cert)
    lines = check(proof)
    assert "sup |eta|^2 = 1 over the sphere (p has 2 entries)" in lines
    assert "|eta| = 1 exactly at the 2 listed points (the extreme set)" in lines
    mutant = copy.deepcopy(proof)
    mutant["claims"]["sup_abs_eta_squared"] = "99/100"
    _fails(mutant, "claim sup |eta|^2 = 99/100")
    mutant = copy.deepcopy(proof)
    mutant["claims"]["p"][0] = "1"
    _fails(mutant, "claim")
    mutant = copy.deepcopy(proof)
    del mutant["claims"]["extreme_points"][0]
    _fails(mutant, "claim extreme set")
    k, key = next((k, key) for k, r in enumerate(proof["regions"]) for key in ("up", "down") if r.get(key))
    mutant = copy.deepcopy(proof)
    row = next(iter(mutant["regions"][k][key]))
    mutant["regions"][k][key][row] = str(Fraction(mutant["regions"][k][key][row]) * 2)
    _fails(mutant, "claim")


def test_infeasible_p_is_reported_not_feasible():
    proof = proof_of_certificate(Certificate(Arrangement([[1, 0], [0, 1]]), [2, 0]))
    assert "p is not dual feasible: |eta| > 1 somewhere" in check(proof)
    assert proof["claims"]["sup_abs_eta_squared"] == "4"   # eta = 2 w_1 on the half-plane w_1 >= 0


def test_solution_proof_hat_closed_form_and_mutations():
    X, y, lam = HAT
    A = Arrangement(X, bias=True)
    proof = proof_of_solution(A, solve(A, y, lam), y)
    lines = check(proof)
    assert lines[-1] == "this measure (3 atoms) is a minimiser and p the dual optimum, objective 533/1400"
    assert "the minimiser is unique (the feature vectors of the extreme points are independent)" in lines
    mutant = copy.deepcopy(proof)
    mutant["claims"]["objective"] = "533/1401"
    _fails(mutant, "claim optimality")
    mutant = copy.deepcopy(proof)
    mutant["claims"]["atoms"][0]["amplitude"] = "1"
    _fails(mutant, "claim optimality")
    mutant = copy.deepcopy(proof)
    mutant["claims"]["atoms"][1]["w"] = ["0", "1"]
    _fails(mutant, "claim optimality, atom 1")


def test_false_minimisers_and_false_non_uniqueness_fail():
    X, y, lam = HAT
    A = Arrangement(X, bias=True)
    proof = proof_of_solution(A, solve(A, y, lam), y)
    mutant = copy.deepcopy(proof)
    mutant["claims"]["unique"] = False
    mutant["claims"]["minimisers"].append(list(mutant["claims"]["minimisers"][0]))
    _fails(mutant, "claim non-uniqueness")
    mutant["claims"]["minimisers"][1][0] = "5"
    _fails(mutant, "claim minimisers, amplitude vector 1")


def test_verified_answers_are_not_covered_never_proved():
    from dataclasses import replace
    A = Arrangement([[1, 0], [0, 1]])
    s = replace(solve(A, [1, 1], "1/2"), status="verified", solver={})   # no enclosure kept: not re-checked
    lines = check(proof_of_solution(A, s, [1, 1]))
    assert lines[-1].startswith("not covered: optimality")
    assert not any("minimiser" in line for line in lines[:-1])


def test_checker_is_standalone_stdlib_only(tmp_path):
    tree = ast.parse(CHECKER.read_text())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"json", "os", "sys", "fractions", "functools", "math", "itertools", "operator", "hashlib"}
    copy_path = tmp_path / "checker.py"
    shutil.copy(CHECKER, copy_path)
    proof_path = tmp_path / "p.json"
    write_proof(proof_of_regions(Arrangement([[1, 0], [0, 1]])), proof_path)
    run = subprocess.run([sys.executable, str(copy_path), str(proof_path)], capture_output=True, text=True,
                         cwd=tmp_path)
    lines = run.stdout.splitlines()
    assert run.returncode == 0 and lines[1].startswith("data_sha256: ") and lines[2].startswith("proved: the 4 listed regions"), run
    data = json.loads(proof_path.read_text())
    data["regions"].pop()
    proof_path.write_text(json.dumps(data))
    run = subprocess.run([sys.executable, str(copy_path), str(proof_path)], capture_output=True, text=True)
    assert run.returncode == 1 and run.stdout.splitlines()[-1].startswith("FAILED: claim regions"), run


def test_cli_proof_and_check(tmp_path):
    path = str(tmp_path / "hat.json")
    data = tmp_path / "hat.json.csv"
    data.write_text("x,y\n-2,0\n-1,1\n0,2\n1,1\n2,0\n")
    status, _, err = run_cli("solve", str(data), "--bias", "--lam", "1/10", "--quiet", "--proof", path)
    assert status == 0, err
    status, out, _ = run_cli("check", path)
    assert status == 0 and "objective 533/1400" in out
    status, _, _ = run_cli("certify", "xor", "--bias", "--dual", "1,-1,-1,1", "--quiet", "--proof", path)
    status, out, _ = run_cli("check", path)
    assert status == 0 and "proved: the 14 listed regions" in out
    proof = json.loads(Path(path).read_text())
    proof["claims"]["sup_abs_eta_squared"] = "7"
    Path(path).write_text(json.dumps(proof))
    status, out, _ = run_cli("check", path)
    assert status == 1 and out.splitlines()[-1].startswith("FAILED: claim sup |eta|^2 = 7") and out.count("FAILED") == 1
    for text in ("{", '{"format": {"name": "dualcert-proof", "version": 1}, "data": [], "regions": [], "claims": {}}',
                 '{"format": {"name": "other", "version": 9}, "data": 1, "regions": 1, "claims": 1}'):
        Path(path).write_text(text)
        status, out, err = run_cli("check", path)
        assert status == 2 and not out and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    status, _, err = run_cli("regions", "xor", "--quiet", "--proof", str(tmp_path / "no" / "dir.json"))
    assert status == 2 and "cannot write the proof" in err


def test_malformed_entries_are_malformed_not_failed():
    proof = proof_of_regions(Arrangement([[1, 0]]))
    proof["regions"][0]["witness"] = [0.5, 1]
    with pytest.raises(Malformed):
        check(proof)


small_rows = st.integers(1, 3).flatmap(lambda d: st.lists(
    st.lists(st.integers(-1, 1), min_size=d, max_size=d), min_size=1, max_size=5))


@settings(max_examples=25, deadline=None)
@given(small_rows, st.lists(st.integers(-2, 2), min_size=5, max_size=5), st.booleans())
def test_proofs_of_small_degenerate_data_always_check(X, p, bias):
    A = Arrangement(X, bias=bias)
    rows = [list(r) + ([1] if bias else []) for r in X]
    lines = assert_proof_checks(A)
    assert lines[0].startswith(f"the {len(brute_force_regions(rows))} listed regions")
    cert = Certificate(A, [Fraction(v, 2) for v in p[:A.n]])
    lines = check(proof_of_certificate(cert))
    assert f"sup |eta|^2 = {cert.sup_abs_eta_squared} over the sphere (p has {A.n} entries)" in lines


def test_exact_fit_proof_one_point_closed_form():
    # x = (3, 4), y = 10: one atom at (3/5, 4/5) with amplitude 10/5 = 2, p = 1/5
    from certificates import exact_fit
    A = Arrangement([[3, 4]])
    proof = proof_of_solution(A, exact_fit(A, [10]), [10])
    lines = check(proof)         # p = 1/5 is also p_0 (the only dual optimum)
    assert lines[-2:] == ["this measure (1 atoms) is a minimiser and p the dual optimum, objective 2",
                          "p is the minimal-norm dual optimum p_0 (the least-norm point of an affine set of all dual optima)"]
    assert proof["claims"]["p"] == ["1/5"]
    proof["claims"]["atoms"][0]["amplitude"] = "3"
    _fails(proof, "claim optimality")
