"""Verified answers with more antipodal pairs than dimensions: the listed minimiser splits the
pairs at a vertex (some atoms without mass), and the proof file proves that minimiser, not another
one on the same extreme points.  The atoms of the checker's theorem are compared with the listed
ones, and their objective is recomputed from the data alone (NumPy) against the proved value."""

import copy
import re
from fractions import Fraction

import numpy as np
import pytest

from arrangement import Arrangement
from certificates import solve
from certificates.proofs.checker import Failed, Malformed, check
from certificates.proofs.producer import proof_of_solution

ATOM = re.compile(r"a_\d+ = (\S+)(?: \+- \S+)? at w_\d+ = \(([^)]*)\) on face ([+\-0]+)")


@pytest.fixture(scope="module")
def case():
    rng = np.random.default_rng(0)    # 20 points in R^3, no bias, lambda 1/10: 6 pairs in dimension 3
    X = [[str(round(v, 3)) for v in row] for row in rng.standard_normal((20, 3))]
    y = [str(round(v, 2)) for v in rng.standard_normal(20)]
    A = Arrangement(X)
    s = solve(A, y, "1/10")
    assert s.status == "verified" and "at a vertex" in s.reason, s.reason
    return X, y, A, s, proof_of_solution(A, s, y)


def _theorem(lines):
    line = next(line for line in lines if "a minimiser is sum" in line or "the minimiser is unique" in line)
    atoms = [(face, float(a), tuple(float(v.split(" +- ")[0]) for v in w.split(", ")))
             for a, w, face in ATOM.findall(line)]
    low, high = re.search(r"optimal value in \[(\S+), (\S+)\]", line).groups()
    return atoms, float(low), float(high)


def test_proof_proves_the_listed_minimiser(case):
    X, y, A, s, proof = case
    assert "not_covered" not in proof["claims"]
    assert any(entry in ("s", "-s") for entry in proof["claims"]["krawczyk"]["split"]["fixed"])
    lines = check(proof)
    atoms, low, high = _theorem(lines)
    listed = sorted((a.face, a.amplitude) for a in s.atoms)
    proved = sorted((face, a) for face, a, _ in atoms)
    assert [face for face, _ in proved] == [face for face, _ in listed]
    assert all(abs(u - v) <= 1e-8 * (1 + abs(v)) for (_, u), (_, v) in zip(proved, listed))
    assert_true_minimiser(X, y, atoms, low, high)


def assert_true_minimiser(X, y, atoms, low, high):
    """Independent of the package: the atoms' primal objective, from the data, lies in the proved
    optimal interval, and each w lies on its face (signs of <w, x_j>)."""
    Xf = np.array([[float(Fraction(v)) for v in row] for row in X])
    yf = np.array([float(Fraction(v)) for v in y])
    fit = sum(a * np.maximum(Xf @ np.array(w), 0) for _, a, w in atoms)
    primal = 0.5 * float((fit - yf) @ (fit - yf)) + 0.1 * sum(abs(a) for _, a, _ in atoms)
    assert low - 1e-8 <= primal <= high + 1e-8
    for face, _, w in atoms:
        signs = Xf @ np.array(w)
        assert all((s_ == "+") == (v > 1e-9) and (s_ == "-") == (v < -1e-9) for s_, v in zip(face, signs))


def test_another_bound_is_checked_and_a_basic_pair_at_its_bound_is_refused(case):
    proof = case[4]
    split = proof["claims"]["krawczyk"]["split"]
    at = next(a for a, entry in enumerate(split["fixed"]) if entry in ("s", "-s"))
    flipped = copy.deepcopy(proof)
    flipped["claims"]["krawczyk"]["split"]["fixed"][at] = "s" if split["fixed"][at] == "-s" else "-s"
    # the other sign is another vertex: the proof fails, or proves that (other) minimiser truly
    try:
        atoms, low, high = _theorem(check(flipped))
    except Failed:
        pass
    else:
        assert sorted(face for face, _, _ in atoms) != sorted(a.face for a in case[3].atoms)
        assert_true_minimiser(case[0], case[1], atoms, low, high)
    basic = copy.deepcopy(proof)
    basic["claims"]["krawczyk"]["split"]["fixed"][split["basic"][0]] = "s"
    with pytest.raises(Malformed):
        check(basic)


def test_a_refused_listed_split_falls_back_and_says_so(case, monkeypatch, tmp_path, capsys):
    """If the checker refuses the listed split (here forced: a pair's delta far beyond its mass),
    the proof is of the all-charged split and both the file and ``solve --proof`` say so."""
    from types import SimpleNamespace

    from certificates.cli.proof import write_proof_if_asked
    from certificates.proofs import enclosure
    from certificates.proofs.checker import verdict
    X, y, A, s, _ = case
    real = enclosure._listed_split

    def refused(system, listed):
        split = real(system, listed)
        return {"basic": split["basic"], "fixed": ["0" if e == "0" else "1000000" for e in split["fixed"]]}

    monkeypatch.setattr(enclosure, "_listed_split", refused)
    proof = proof_of_solution(A, s, y)
    assert "listed_minimiser" in proof["claims"]["not_covered"]
    result = verdict(proof)
    statuses = {c["claim"]: c["status"] for c in result["claims"]}
    assert statuses["minimiser"] == "proved" and statuses["listed_minimiser"] != "proved", statuses
    atoms = _theorem(check(proof))[0]
    assert len(atoms) > len(s.atoms)          # every atom charged: not the listed minimiser
    monkeypatch.setattr(A, "y", [Fraction(v) for v in y], raising=False)
    write_proof_if_asked(SimpleNamespace(proof=str(tmp_path / "p.json")), "proof_of_solution", A, s)
    assert "another minimiser" in capsys.readouterr().err
