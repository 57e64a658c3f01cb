"""Hostile proof files and data files that the checker or the readers used to accept.

Each file in ``tests/data`` is the smallest input a hostile test found; the claims in the proof
files are false by hand computation (given in each test), so a checker that accepts them is wrong.
"""

import json
from pathlib import Path

import pytest

from certificates.proofs import checker
from proofcheck import bound

DATA = Path(__file__).parent / "data"


def _proof(name: str) -> dict:
    """A proof file of the hostile test, in the current format (bound to the problem of its data)."""
    return bound(json.loads((DATA / f"{name}.json").read_text()))


def _run(tmp_path, proof: dict, capsys) -> tuple:
    path = tmp_path / "proof.json"
    path.write_text(json.dumps(proof))
    status = checker.main([str(path)])
    out = capsys.readouterr()
    return status, out.out + out.err


def test_two_keys_naming_one_row_in_a_field_proof_are_refused(tmp_path, capsys):
    """data e1, e2, p = (1/5, 4/5): in region ++, eta = (1/5, 4/5).w, so sup |eta|^2 = 17/25, not
    the claimed 1.  The multipliers "0": 2/5 and "00": 0 name row 0 twice; the field extremum
    added both to q but kept one multiplier, and everything was printed as proved."""
    status, text = _run(tmp_path, _proof("hole_field_duplicate_key"), capsys)
    assert status == 2 and "'00' is not the canonical decimal index" in text, text
    status, text = _run(tmp_path, _proof("control_field_no_duplicate"), capsys)   # the same, one key
    assert status == 1 and "FAILED" in text


def test_two_keys_naming_one_row_cannot_fake_non_degeneracy(tmp_path, capsys):
    """p = (1, 0): the extreme point (1, 0) lies on the wall of row 1 in region ++, whose only
    multiplier for row 1 is 5 under "1" and 0 under "01": the wall has no positive multiplier in
    the map the bound used... the two keys made a false "non-degenerate" pass."""
    status, text = _run(tmp_path, _proof("hole_nondegenerate_duplicate_key"), capsys)
    assert status == 2 and "'01' is not the canonical decimal index" in text, text
    status, text = _run(tmp_path, _proof("control_nondegenerate"), capsys)
    assert status == 1 and "no positive multiplier" in text


@pytest.mark.parametrize("key", ["00", "+1", " 1", "1.0", "-0", "2", "٣", "1_0", ""])
def test_a_multiplier_key_must_be_the_canonical_index_of_a_row(key, tmp_path, capsys):
    proof = _proof("control_nondegenerate")
    proof["regions"][0]["up"] = {key: "1"}
    status, text = _run(tmp_path, proof, capsys)
    assert status == 2 and "canonical decimal index" in text, text


def test_a_key_given_twice_anywhere_in_a_proof_is_refused(tmp_path, capsys):
    """json.load kept the last of two equal keys: ``"down": {"0": "1", "0": "5"}`` read as 5."""
    text = json.dumps(_proof("control_nondegenerate"))
    assert '"down": {"0": "1"}' in text
    text = text.replace('"down": {"0": "1"}', '"down": {"0": "1", "0": "5"}', 1)
    path = tmp_path / "twice.json"
    path.write_text(text)
    assert checker.main([str(path)]) == 2
    assert "the key '0' is given twice" in capsys.readouterr().err
    for doc in ('{"format": 1, "format": 2}', '{"claims": {"p": ["1"], "p": ["2"]}}'):
        with pytest.raises(checker.Malformed, match="given twice"):
            checker.loads(doc)


@pytest.mark.parametrize("name", ["infeasible_p_unchecked_claims", "infeasible_p_fake_extreme_point"])
def test_claims_about_an_infeasible_p_are_not_skipped(name, tmp_path, capsys):
    """p = (3, 0) on e1, e2: sup |eta|^2 = 9 > 1, so the listed extreme point (0, 1) with sign -1
    (eta(0, 1) = 0), margin 1/7 and non-degeneracy are claims about nothing; they passed, exit 0."""
    status, text = _run(tmp_path, _proof(name), capsys)
    assert status == 1 and "p is not dual feasible" in text and "extreme_points" in text, text


def test_misspelt_claims_are_refused(tmp_path, capsys):
    """``unqiue`` and ``objectiv`` were ignored (exit 0): a claim not checked must not pass."""
    status, text = _run(tmp_path, _proof("unknown_claim_keys"), capsys)
    assert status == 2 and "unknown claim 'objectiv'" in text, text
    proof = _proof("control_nondegenerate")
    proof["extra"] = 1
    status, text = _run(tmp_path, proof, capsys)
    assert status == 2 and "unknown key 'extra'" in text
    proof = _proof("control_nondegenerate")
    proof["regions"][1]["upp"] = {"0": "1"}
    status, text = _run(tmp_path, proof, capsys)
    assert status == 2 and "region 1 must be an object with keys" in text


def test_degeneracy_is_not_a_claim(tmp_path, capsys):
    proof = _proof("control_nondegenerate")
    proof["claims"]["nondegenerate"] = False
    status, text = _run(tmp_path, proof, capsys)
    assert status == 2 and "can only be claimed true" in text


@pytest.mark.parametrize("text", ["1e99999999", "0.5", "NaN", "Infinity", "7" * 6000])
def test_json_numbers_that_are_not_small_integers_are_refused_at_once(text, tmp_path, capsys):
    import time
    path = tmp_path / "n.json"
    path.write_text('{"format": ' + text + "}")
    start = time.perf_counter()
    assert checker.main([str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert time.perf_counter() - start < 2 and "\n" not in err and "Traceback" not in err


@pytest.mark.parametrize("text", ["1/2 ", "+1", "2/4", "-0", "1/1", "0.5", "1e3", "1_0", "٣", "01", "1/-2", "3/0"])
def test_numbers_that_are_not_canonical_rationals_are_refused(text):
    with pytest.raises(checker.Malformed):
        checker.rational(text)
    assert checker.rational("-3/7") == checker.Fraction(-3, 7) and checker.rational("0") == 0


# ---- data files: the package's readers --------------------------------------------------------
@pytest.mark.parametrize("text, message", [
    ('{"X": [[1, 0], [0, 1]], "X": [[2, 0]], "y": [1]}', "the key 'X' is given twice"),
    ('{"X": [[1, 0], [0, 1]], "y": [1, 2], "y": [3, 4]}', "the key 'y' is given twice"),
    ('{"X": [[1e99999999, 1]], "y": [1]}', "exponent beyond"),
    ('{"X": [[' + "7" * 6000 + ', 1]], "y": [1]}', "6000 digits"),
    ("[" * 100000 + "]" * 100000, "nested too deeply"),
])
def test_bad_json_data_is_one_line_exit_2(text, message, tmp_path, capsys):
    """A key given twice silently dropped the first value; 1e99999999 ran for minutes; a
    6000-digit integer and 100,000-deep nesting gave tracebacks."""
    import time
    from certificates.cli import main
    path = tmp_path / "d.json"
    path.write_text(text)
    start = time.perf_counter()
    assert main(["regions", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert time.perf_counter() - start < 5 and "\n" not in err and message in err, err


def test_dual_and_manifest_readers_refuse_a_key_given_twice(tmp_path):
    from arrangement import DataError
    from arrangement.files import read_json_file
    from certificates.campaigns.manifest import read_manifest
    (tmp_path / "p.json").write_text('{"p": [1, 0], "p": [0, 1]}')
    with pytest.raises(DataError, match="'p' is given twice"):
        read_json_file(tmp_path / "p.json", "p", "dual file")
    (tmp_path / "m.json").write_text('[{"id": "a", "data": "xor", "task": "solve", "lam": "1", "lam": "2"}]')
    with pytest.raises(DataError, match="'lam' is given twice"):
        read_manifest(str(tmp_path / "m.json"))


# ---- region shards ----------------------------------------------------------------------------
def test_regions_out_never_reuses_shards_of_other_data(tmp_path):
    """random4_neg7 is random4 with row 8 negated (same hyperplanes, same count): after the
    metadata file was lost, ``regions --out`` on it kept random4's shards and reported complete."""
    from arrangement import Arrangement
    from arrangement.shards import from_regions
    from certificates.cli import main
    out = tmp_path / "D"
    assert main(["regions", str(DATA / "random4.json"), "--bias", "--out", str(out), "--workers", "1",
                 "--quiet"]) == 0
    (out / "_dataset.json").unlink()
    assert main(["regions", str(DATA / "random4_neg7.json"), "--bias", "--out", str(out), "--workers", "1",
                 "--quiet"]) == 0
    stored = from_regions(out)
    truth = Arrangement(str(DATA / "random4_neg7.json"), bias=True)
    assert sorted(r.pattern for r in stored.regions()) == sorted(r.pattern for r in truth.regions())
    for region in stored.regions():      # independent of both enumerations: the witnesses' signs
        signs = "".join("+" if v > 0 else "-" if v < 0 else "0"
                        for v in (sum(a * b for a, b in zip(row, region.witness)) for row in truth.X))
        assert signs == region.pattern
    meta = json.loads((out / "_dataset.json").read_text())
    from arrangement.digest import problem_digest
    assert meta["data_sha256"] == problem_digest([row[:-1] for row in truth.X], True)


# ---- number fields ----------------------------------------------------------------------------
def test_field_polynomials_that_are_too_large_or_keep_their_sign_are_refused():
    with pytest.raises(checker.Malformed, match="degree above"):
        checker.Field({"polynomial": ["1"] * 600, "interval": ["0", "1"]})
    with pytest.raises(checker.Failed, match="does not change sign"):         # t^2 + 1 has no real root
        checker.Field({"polynomial": ["1", "0", "1"], "interval": ["-1", "1"]})
    with pytest.raises(checker.Failed, match="does not change sign"):         # f(lo) = 0 is not a change
        checker.Field({"polynomial": ["-1", "0", "1"], "interval": ["1", "2"]})
    field = checker.Field({"polynomial": ["-2", "0", "1"], "interval": ["1", "2"]})
    A = checker.Arrangement([["1", "0"], ["0", "1"]])
    cert = checker.Certificate(A, ["1", "0"], field)
    assert cert.number(["0", "1"]) * cert.number(["0", "1"]) == 2          # sqrt 2 squared
    with pytest.raises(checker.Malformed, match="at most 2 coefficients"):
        cert.number(["0", "0", "1"])


@pytest.mark.parametrize("entry", [{"w": ["1", "0"], "sign": True}, {"w": ["1", "0"], "sign": 2},
                                   {"w": ["1", "0"], "sign": 1, "face": "+0"}, ["1", "0"]])
def test_extreme_points_are_exactly_a_point_and_a_sign(entry, tmp_path, capsys):
    proof = _proof("control_nondegenerate")
    del proof["claims"]["nondegenerate"]
    assert checker.check(proof)                       # the honest claim (the point (1, 0), sign +1)
    proof["claims"]["extreme_points"] = [entry]
    with pytest.raises(checker.Malformed, match="extreme_points"):
        checker.check(proof)


def test_shard_metadata_with_a_key_given_twice_is_refused(tmp_path):
    from arrangement import DualcertError
    from arrangement.shards import from_regions
    (tmp_path / "_dataset.json").write_text('{"complete": false, "complete": true}')
    with pytest.raises(DualcertError, match="given twice"):
        from_regions(tmp_path)


def test_a_bound_of_more_digits_than_str_converts_fails_by_name():
    # p scaled by 1 + 1/(10^2200 + 1): a region's bound |q|^2 then has a numerator of more than
    # 4,300 digits; the failure must name the claim (exit 1), not stop the checker in str()
    from fractions import Fraction
    from certificates.proofs.checker import verdict
    from certificates.proofs.producer import proof_of_solution
    from certificates.solver.minimiser import solve
    from arrangement import Arrangement
    A, y = Arrangement([[1], [2]]), [1, -1]     # a rational answer: p = (11/5, -8/5)
    proof = proof_of_solution(A, solve(A, y, "1/2"), y)
    eps = Fraction(1, 10 ** 2200 + 1)
    proof["claims"]["p"] = [str(Fraction(v) * (1 + eps)) for v in proof["claims"]["p"]]
    for key in ("minimisers", "unique", "atoms", "objective", "gap", "krawczyk"):
        proof["claims"].pop(key, None)
    v = verdict(proof)
    assert v["exit"] == 1 and "the multipliers bound the maximum only by about" in v["claims"][-1]["detail"], v


def test_a_small_bound_is_quoted_exactly_and_a_huge_one_by_its_size():
    # p = (11/5, -8/5) times 11/10: eta(1) = 11/5 - 16/5 scaled, -11/10, so the region w > 0 with
    # sign -1 has the maximum (11/10)^2 = 121/100 above the claimed 1, a rational of few digits
    from fractions import Fraction
    from certificates.proofs.checker import shown, verdict
    from certificates.proofs.producer import proof_of_solution
    from certificates.solver.minimiser import solve
    from arrangement import Arrangement
    A, y = Arrangement([[1], [2]]), [1, -1]
    proof = proof_of_solution(A, solve(A, y, "1/2"), y)
    proof["claims"]["p"] = [str(Fraction(v) * Fraction(11, 10)) for v in proof["claims"]["p"]]
    for key in ("minimisers", "unique", "atoms", "objective", "gap", "krawczyk"):
        proof["claims"].pop(key, None)
    v = verdict(proof)
    eta = sum(Fraction(pj) * x for pj, x in zip(proof["claims"]["p"], (1, 2)))
    assert v["exit"] == 1 and v["claims"][-1]["detail"].endswith(f"only by {eta * eta}"), v
    assert eta * eta == Fraction(121, 100)
    assert shown(Fraction(3, 7)) == "3/7" and shown(Fraction(10 ** 400 + 1, 3)) == "about 3.33e+399"
