"""Hostile tests: proof files tampered by hand must not check (independent ground truth: the
claims below are false by hand computation)."""

import pytest

from certificates.proofs import checker
from proofcheck import bound

# d = 1, x = (1, -2, 3): eta(1) = p_1 + 3 p_3, eta(-1) = 2 p_2; the true objective is 353/160
PROOF = {"format": {"name": "dualcert-proof", "version": 1}, "data": [["1"], ["-2"], ["3"]],
         "regions": [{"pattern": "+-+", "witness": ["1"]}, {"pattern": "-+-", "witness": ["-1"]}],
         "claims": {"atoms": [{"w": ["1"], "amplitude": "5"}], "objective": "999"}}


def test_atoms_and_objective_without_p_do_not_check():
    """A false objective must not pass just because the dual vector p is left out."""
    with pytest.raises(checker.Malformed, match="needs 'p'"):
        checker.check(bound(PROOF))


def test_unique_without_minimisers_does_not_check():
    claims = {"p": ["31/10", "1/2", "-7/10"], "sup_abs_eta_squared": "1", "unique": True,
              "extreme_points": [{"w": ["-1"], "sign": 1}, {"w": ["1"], "sign": 1}]}
    proof = dict(PROOF, regions=[{"pattern": "+-+", "witness": ["1"], "down": {"0": "1"}},
                                 {"pattern": "-+-", "witness": ["-1"], "down": {"0": "1"}}], claims=claims)
    with pytest.raises(checker.Malformed, match="needs 'minimisers'"):
        checker.check(bound(proof))


def test_regions_out_onto_an_existing_file_is_one_line(tmp_path):
    """`dualcert regions DATA --out FILE` with FILE an existing file: one line, exit 2 (was a traceback)."""
    import subprocess
    import sys
    target = tmp_path / "taken.csv"
    target.write_text("keep me\n")
    run = subprocess.run([sys.executable, "-m", "certificates", "regions", "xor", "--out", str(target)],
                         capture_output=True, text=True)
    assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert target.read_text() == "keep me\n"


def test_regions_out_empty_name_is_one_line(capsys):
    from certificates.cli import main
    assert main(["regions", "xor", "--out", ""]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "--out needs a directory name" in err
