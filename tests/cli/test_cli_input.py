"""The bad-input contract of the command line: one line on stderr and exit status 2 for every
refusal (argparse included), checked before any computation; exit 130 on Ctrl-C and a quiet
end on a closed pipe.  In-process through ``main`` except where a real process is needed."""

import json
import signal
import subprocess
import sys
import time

import pytest

from certificates.cli import main


def _fails(capsys, *args, fragment=""):
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert fragment in err, err
    return err


def _labelled(tmp_path, text="x1,x2,y\n1,0,1\n0,1,2\n1,1,0\n", name="d.csv"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize("args,start", [
    (["regions"], "dualcert regions: error: the following arguments are required: DATA"),
    (["regons", "xor"], "dualcert: error: argument command: invalid choice: 'regons'"),
    (["regions", "xor", "--max-regions", "x"], "dualcert regions: error: argument --max-regions"),
    (["solve", "xor", "--method", "newton"], "dualcert solve: error: argument --method"),
])
def test_argparse_errors_are_one_line(capsys, args, start):
    assert _fails(capsys, *args).startswith(start)


def test_dual_takes_a_leading_minus_without_equals(capsys):
    assert main(["certify", "xor", "--dual", "-1,-1,1,1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["p"] == ["-1", "-1", "1", "1"]


@pytest.mark.parametrize("args,fragment", [
    (["solve", "xor", "--lam", "1", "--exact-fit"], "not both"),
    (["certify", "xor", "--dual", "0,0,0,0", "--json", "--latex"], "--json or --latex, not both"),
    (["solve", "xor", "--lam", "1", "--json", "--standalone"], "--json or --latex, not both"),
    (["path", "xor", "--bias", "--lam-max", "1", "--json", "--latex"], "--json or --latex, not both"),
    (["path", "xor", "--bias", "--lam-max", "1", "--json", "--standalone"], "--json or --latex, not both"),
    (["plot", "xor", "--dual", "0,0,0,0", "--lam", "1", "-o", "x.png"], "not both"),
])
def test_conflicting_options_are_refused(capsys, args, fragment):
    _fails(capsys, *args, fragment=fragment)


def test_bad_dual_vectors(capsys, tmp_path):
    _fails(capsys, "certify", "xor", "--dual", "", fragment="--dual is empty")
    _fails(capsys, "certify", "xor", "--dual", "1,,0,0,0", fragment="p[1] is empty")
    _fails(capsys, "certify", "xor", "--dual", str(tmp_path), fragment="is a directory")
    unreadable = tmp_path / "p.json"
    unreadable.write_bytes(b'{"p": [1, 2, \xff]}')
    _fails(capsys, "certify", "xor", "--dual", str(unreadable), fragment="not UTF-8")
    unreadable.write_text('{"p": [true, 0, 0, 0]}')
    _fails(capsys, "certify", "xor", "--dual", str(unreadable), fragment="boolean")


def test_output_paths_are_checked_before_any_computation(capsys, tmp_path):
    missing = str(tmp_path / "missing_dir" / "x.png")
    # the data have no labels: an error about -o (not about labels) shows the check comes first
    _fails(capsys, "plot", "threshold:3", "-o", missing, fragment="no such directory")
    _fails(capsys, "sweep", "threshold:3", "--lam", "1", "-o", missing, fragment="no such directory")
    _fails(capsys, "sweep", "threshold:3", "--lam", "1", "-o", str(tmp_path / "out.xyz"),
           fragment="must end in .png, .svg or .pdf")
    _fails(capsys, "regions", "threshold:3", "--graph", missing.replace(".png", ".graphml"),
           fragment="no such directory")
    existing = tmp_path / "file"
    existing.write_text("keep me")
    _fails(capsys, "demo", "-o", str(existing), fragment="not a directory")
    assert existing.read_text() == "keep me" and not (tmp_path / "missing_dir").exists()


@pytest.mark.parametrize("args,fragment", [
    (["count", "threshold:\u00b2"], "unknown built-in data set"),
    (["solve", "xor", "--lam", "1e400"], "is about 1e400: outside the range of floats"),
    (["solve", "xor", "--lam", "1/10", "--max-regions", "3"], "more than max_regions = 3"),
])
def test_one_line_errors_instead_of_tracebacks(capsys, args, fragment):
    _fails(capsys, *args, fragment=fragment)


def test_labels_beyond_float_range(capsys, tmp_path):
    _fails(capsys, "solve", _labelled(tmp_path, "x,y\n1,1e400\n2,1\n"), "--lam", "1", fragment="outside the range of floats")


def test_huge_entries_enumerate(capsys, tmp_path):
    # three distinct lines through 0 in the plane: 6 regions, however large the entries
    assert main(["regions", _labelled(tmp_path, "a,b\n1e400,1\n1,2\n1e-400,3\n"), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["regions"]) == 6


@pytest.mark.parametrize("text", ["0\n", "1\n0\n"])
def test_zero_rows_are_not_general_position(capsys, tmp_path, text):
    assert main(["count", _labelled(tmp_path, text)]) == 0
    out = capsys.readouterr().out
    assert "general position: no" in out and "general position: yes" not in out


def _strict_json(text):
    def refuse(name):
        raise AssertionError(f"{name} in JSON output")
    return json.loads(text, parse_constant=refuse)


def test_sweep_output_has_no_inf_or_nan(capsys, tmp_path):
    # lambda 10 and 100 kill every atom: the location errors are undefined (no atom to match)
    data = _labelled(tmp_path)
    assert main(["sweep", data, "--lam", "10,100", "--quiet", "--json"]) == 0
    report = _strict_json(capsys.readouterr().out)
    assert all(p["n_atoms"] == 0 and p["location_error"] is None for p in report["points"])
    assert report["slopes"]["location_vs_lambda"] is None
    assert main(["sweep", data, "--lam", "10,100", "--quiet"]) == 0
    out = capsys.readouterr().out.lower()
    assert "inf" not in out and "nan" not in out


def test_max_regions_and_graph_refuse_fast(capsys, tmp_path):
    start = time.perf_counter()
    _fails(capsys, "regions", "threshold:6", "--bias", "--max-regions", "10", fragment="more than max_regions = 10")
    _fails(capsys, "plot", "resonance:5", "--graph", "-o", str(tmp_path / "g.png"),
           fragment="plot --graph draws at most 400 regions")
    assert time.perf_counter() - start < 3.0 and not (tmp_path / "g.png").exists()   # minutes before


@pytest.mark.parametrize("command", [["path", "--lam-max", "4", "--lam-min", "1/10", "--proof"], ["solve", "--lam", "1", "--proof"],
                                     ["plot", "-o"], ["regions", "--graph"]])
def test_an_output_file_that_is_the_data_file_is_refused(capsys, tmp_path, command):
    """``dualcert path data.json --proof data.json`` replaced the data by the proof."""
    data = tmp_path / "data.json"
    text = json.dumps({"X": [[1], [2]], "y": [1, -1]})
    data.write_text(text)
    name, *options = command
    _fails(capsys, name, str(data), *options, str(data), fragment="is the data file")
    assert data.read_text() == text


def _process(*args):
    return subprocess.Popen([sys.executable, "-m", "certificates", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_broken_pipe_ends_quietly():
    proc = _process("regions", "threshold:5", "--bias", "--all", "--quiet")
    proc.stdout.readline()
    proc.stdout.close()                      # what `| head -1` does
    err = proc.stderr.read()
    assert proc.wait() == 141 and err == ""


def _wait_until_loaded(proc, library: str, timeout: float = 60.0) -> None:
    """Wait until the child has mapped ``library``: it is then inside dualcert's imports (before
    that, a signal may land in the interpreter's own start-up, which no program can guard)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open(f"/proc/{proc.pid}/maps") as maps:
            if library in maps.read():
                return
        time.sleep(0.01)
    raise AssertionError(f"{library} not loaded within {timeout} s")


@pytest.mark.parametrize("delay", [0.0, 0.5, 3.0])   # during the imports of start-up, and later
def test_ctrl_c_at_start_up_and_later(delay):
    proc = _process("regions", "threshold:7", "--bias", "--quiet")   # 15 million regions: long
    _wait_until_loaded(proc, "numpy")
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and err == "dualcert: interrupted\n", (proc.returncode, err[-2000:])
