"""The distribution as a user meets it: ``import dualcert``, its version, the bare command, and the
small defects of the command line and of written files (each test failed before its fix)."""

import configparser
import csv
import inspect
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from arrangement import Arrangement
from arrangement.atomic import write_atomically
from certificates.cli.main import build_parser, main as cli

ROOT = Path(__file__).resolve().parents[2]


def run(*argv, umask=None):
    def child():
        if umask is not None:
            os.umask(umask)
    return subprocess.run([sys.executable, "-m", "certificates", *argv], capture_output=True, text=True,
                          preexec_fn=child)


def setup_cfg_version() -> str:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    return config["metadata"]["version"]


def test_import_dualcert_and_its_version():
    import dualcert
    assert dualcert.__version__ == setup_cfg_version()
    for name in dualcert.__all__:
        assert getattr(dualcert, name) is not None, name
    from certificates import regularisation_path
    assert dualcert.regularisation_path is regularisation_path
    assert dualcert.solve([[1]], [2], 1).atoms[0].amplitude_exact == 1    # 1/2 (a - 2)^2 + |a|: a = 1


def test_version_option_and_bare_command():
    done = run("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"dualcert {setup_cfg_version()}"
    done = run()
    assert done.returncode == 0 and done.stdout.startswith("usage: dualcert") and "solve" in done.stdout
    assert done.stderr == ""


def test_misspelt_builtin_name_is_suggested():
    done = run("count", "Xor")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "'xor'" in done.stderr


@pytest.mark.parametrize("argv", [["solve", "xor", "--bias", "--lam", "1/10", "--json", "--latex"],
                                  ["plot", "xor", "--json", "-o", "x.png"],
                                  ["plot", "xor", "--graph", "--lam", "1/10", "-o", "x.png"]])
def test_contradictory_options_refused(argv, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("dualcert: error:") and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077])
def test_written_files_follow_the_umask(tmp_path, mask):
    old = os.umask(mask)
    try:
        target = tmp_path / "a.txt"
        write_atomically(target, lambda f: f.write("x"), "w")
        plain = tmp_path / "b.txt"
        plain.write_text("x")                      # what open() gives: the reference
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777 == 0o666 & ~mask


def test_proof_file_mode_from_the_command_line(tmp_path):
    proof = tmp_path / "r.json"
    done = run("regions", "threshold:2", "--quiet", "--proof", str(proof), umask=0o022)
    assert done.returncode == 0, done.stderr
    assert proof.stat().st_mode & 0o777 == 0o644


def test_adjacency_graph_writes_as_graphml(tmp_path):
    A = Arrangement([[1, 0], [0, 1], [1, 1]])
    path = tmp_path / "g.graphml"
    nx.write_graphml(A.adjacency_graph(), path)
    G = nx.read_graphml(path)
    assert G.number_of_nodes() == 6 and G.number_of_edges() == 6      # a hexagon
    witnesses = {tuple(map(int, w.split(","))) for _, w in G.nodes(data="witness")}
    assert witnesses == {tuple(int(v) for v in r.witness) for r in A.regions()}


def test_sweep_csv_is_plain_and_the_summary_is_a_sidecar(tmp_path):
    meta = tmp_path / "meta.json"
    done = run("sweep", "xor", "--bias", "--lam", "1/10,1/20,1/3", "--quiet", "--meta", str(meta))
    assert done.returncode == 0, done.stderr
    assert not any(line.startswith("#") for line in done.stdout.splitlines())
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert len(rows) == 3 and all(float(row["location_error"]) >= 0 for row in rows)
    # lambda as a decimal a spreadsheet reads, exactly: 1/10 is "0.1"; 1/3 has no finite decimal
    assert [row["lam"] for row in rows] == ["0.1", "0.05", "1/3"] and {row["noise"] for row in rows} == {"0"}
    summary = json.loads(meta.read_text())
    assert set(summary) == {"reference", "slopes"} and summary["reference"]["status"] in ("exact", "verified")


def test_seeds_default_is_the_same_in_python_and_on_the_command_line():
    from certificates.solver.sweep import sweep
    parser = build_parser()
    sweep_parser = next(a for a in parser._actions if a.dest == "command").choices["sweep"]
    cli_default = next(a for a in sweep_parser._actions if a.dest == "seeds").default
    assert inspect.signature(sweep).parameters["seeds"].default == cli_default


def test_the_facade_shows_only_its_public_names():
    import dualcert
    for name in dualcert.__all__:
        getattr(dualcert, name)
    assert {n for n in dir(dualcert) if not n.startswith("_")} <= set(dualcert.__all__)
