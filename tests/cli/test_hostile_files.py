"""Hostile inputs to the work of issues 12 and 13 (batch manifests, path, proofs)."""

from fractions import Fraction

import pytest

from certificates.proofs import checker
from certificates.campaigns.manifest import read_manifest


def test_manifest_in_the_current_folder_finds_its_data_and_dual_files(tmp_path, monkeypatch):
    """`dualcert batch m.csv` run from the manifest's own folder: the data file and the dual file
    next to it were rejected ("no data file d.csv next to the manifest"), since the resolved name
    './d.csv' prints as the bare text 'd.csv'."""
    (tmp_path / "d.csv").write_text("x1,y\n1,1\n2,0\n")
    (tmp_path / "p.json").write_text("[1, 0]\n")
    (tmp_path / "m.csv").write_text("id,data,bias,task,dual,lam\na,d.csv,0,solve,,1/2\n"
                                    "b,d.csv,0,certify,p.json,\n")
    monkeypatch.chdir(tmp_path)
    tasks = read_manifest("m.csv")
    assert [(t["id"], t["data"], t["dual"]) for t in tasks] == [("a", "d.csv", ""), ("b", "d.csv", "p.json")]


def test_regions_out_below_a_file_is_one_line(tmp_path, capsys):
    """`dualcert regions xor --out FILE/sub` (a file on the way): one line, exit 2 (was a traceback)."""
    from certificates.cli import main
    (tmp_path / "afile").write_text("keep me\n")
    assert main(["regions", "xor", "--out", str(tmp_path / "afile" / "sub"), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "cannot make the directory" in err
    assert (tmp_path / "afile").read_text() == "keep me\n"


def test_batch_results_where_no_directory_can_be_made_is_one_line(tmp_path, capsys):
    """`dualcert batch m.csv -o /proc/R.parquet`: the '.parts' folder cannot be made; one line, exit 2."""
    from certificates.cli import main
    (tmp_path / "m.csv").write_text("id,data,bias,task,dual,lam\na,xor,0,solve,,1/2\n")
    assert main(["batch", str(tmp_path / "m.csv"), "-o", "/proc/R.parquet", "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "cannot make the directory" in err


def test_a_giant_exponent_is_refused_at_once(capsys):
    """`dualcert certify xor --dual 1e99999999,1,1,1` ran for minutes (Fraction builds a 10^8-digit
    integer); a proof file with "p": ["1e999999999"] hung `dualcert check`.  Now one line, exit 2."""
    import time
    from arrangement import DataError
    from arrangement.numbers import rational
    from certificates.cli import main
    start = time.perf_counter()
    with pytest.raises(DataError, match="exponent"):
        rational("1e99999999")
    assert rational("1e400") == 10 ** 400 and rational("-2.5E-3") == Fraction(-1, 400)
    assert main(["certify", "xor", "--dual", "1e99999999,1,1,1"]) == 2
    with pytest.raises(checker.Malformed, match="canonical rational"):
        checker.rational("1e-999999999")
    assert time.perf_counter() - start < 5
    assert "\n" not in capsys.readouterr().err.strip()


def test_check_of_deeply_nested_json_is_one_line(tmp_path, capsys):
    """`dualcert check F` with F = '[' * 100000 + ']' * 100000: a RecursionError traceback before."""
    f = tmp_path / "deep.json"
    f.write_text("[" * 100000 + "]" * 100000)
    assert checker.main([str(f)]) == 2
    assert "nested too deeply" in capsys.readouterr().err
