"""``-`` as DATA: every command that reads data prints, from the text on standard input, what it
prints from the same text in a file (the file is the ground truth); bad input there is one line."""

import io
import subprocess
import sys

import pytest

from certificates.cli import main

_JSON = '{"X": [[0, 0], [0, 1], [1, 0], [1, 1]], "y": [0, 1, 1, 0]}'
_CSV = "a,b,t\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n"


def _stdin(monkeypatch, text):
    data = text.encode() if isinstance(text, str) else text
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def _run(capsys, args):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("args", [
    ["count", "DATA", "--bias"],
    ["count", "DATA", "--bias", "--json"],
    ["regions", "DATA", "--bias", "--json"],
    ["regions", "DATA", "--bias", "--quiet"],
    ["faces", "DATA", "--bias"],
    ["certify", "DATA", "--bias", "--dual", "1,-1,-1,1", "--json", "--quiet"],
    ["solve", "DATA", "--bias", "--lam", "1/10", "--json", "--quiet"],
    ["solve", "DATA", "--bias", "--lam", "1/10", "--standardize", "--quiet"],
    ["sweep", "DATA", "--bias", "--lam", "1/10", "--noise", "1/100", "--seeds", "1", "--json", "--quiet"],
    ["path", "DATA", "--bias", "--lam-max", "1", "--lam-min", "1/2", "--json"],
])
@pytest.mark.parametrize("text,suffix,label", [(_JSON, ".json", None), (_CSV, ".csv", "t")])
def test_standard_input_reads_as_the_same_file(capsys, monkeypatch, tmp_path, args, text, suffix, label):
    path = tmp_path / f"d{suffix}"
    path.write_text(text)
    extra = [] if label is None else ["--label", label]
    want = _run(capsys, [str(path) if a == "DATA" else a for a in args] + extra)
    assert want[0] == 0, want
    _stdin(monkeypatch, text)
    got = _run(capsys, [("-" if a == "DATA" else a) for a in args] + extra)
    assert got == want


def test_check_takes_its_data_from_standard_input(capsys, monkeypatch, tmp_path):
    proof, data = tmp_path / "p.json", tmp_path / "d.json"
    data.write_text(_JSON)
    assert main(["solve", str(data), "--bias", "--lam", "1/10", "--quiet", "--proof", str(proof)]) == 0
    capsys.readouterr()
    want = _run(capsys, ["check", str(proof), "--data", str(data), "--bias", "--lam", "1/10"])
    assert want[0] == 0
    _stdin(monkeypatch, _JSON)
    assert _run(capsys, ["check", str(proof), "--data", "-", "--bias", "--lam", "1/10"]) == want
    _stdin(monkeypatch, _JSON.replace("[1, 1]]", "[1, 2]]"))   # other data: the binding fails
    assert _run(capsys, ["check", str(proof), "--data", "-", "--bias", "--lam", "1/10"])[0] == 1


def test_plot_draws_from_standard_input(capsys, monkeypatch, tmp_path):
    _stdin(monkeypatch, _JSON)
    out = tmp_path / "eta.svg"
    assert main(["plot", "-", "--bias", "--dual", "1,-1,-1,1", "-o", str(out), "--quiet"]) == 0
    assert out.read_text().lstrip().startswith("<?xml")


@pytest.mark.parametrize("text,fragment", [
    (b"", "standard input: no data rows"),
    (b"1,2\n3\n", "standard input: ragged data: line 2 has 1 entries"),
    (b'{"X": [[1]], "Z": 1}', "standard input: unknown key 'Z'"),
    (b"\xff\xfe1,2\n", "cannot read standard input: not UTF-8 text"),
])
def test_bad_standard_input_is_one_line(capsys, monkeypatch, text, fragment):
    _stdin(monkeypatch, text)
    code, _, err = _run(capsys, ["count", "-"])
    assert code == 2 and err.count("\n") == 1 and fragment in err, err


def test_labels_missing_on_standard_input_are_named(capsys, monkeypatch):
    _stdin(monkeypatch, "1,0\n0,1\n")
    code, _, err = _run(capsys, ["solve", "-", "--lam", "1"])
    assert code == 2 and "standard input: no labels" in err, err


def test_closed_standard_input_is_one_line(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    code, _, err = _run(capsys, ["regions", "-"])
    assert code == 2 and err == "dualcert: error: DATA is -, but standard input is closed\n"


def test_a_real_pipe():
    """The program as a process, its data piped in (a CSV of 3 lines in general position in
    R^2: Cover's 2 (1 + 2) = 6 regions)."""
    done = subprocess.run([sys.executable, "-m", "certificates", "count", "-"], input="1,0\n0,1\n1,1\n",
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "regions (Zaslavsky, |chi(-1)|): 6" in done.stdout
