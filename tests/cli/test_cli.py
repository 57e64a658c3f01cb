"""The command line: JSON contract, readable output, exit status 2 on bad input."""

import json

import networkx as nx
import pytest

from arrangement import Arrangement
from conftest import run_cli as run


def test_regions_json_contract(tmp_path):
    path = tmp_path / "d.json"
    path.write_text('{"X": [[0, 0], [0, 1], [1, 0], [1, 1]], "y": [0, 1, 1, 0]}')
    graph = tmp_path / "g.graphml"
    code, out, err = run("regions", str(path), "--bias", "--json", "--graph", str(graph), "--quiet")
    assert code == 0, err
    report = json.loads(out)
    assert report["n"] == 4 and report["d"] == 3 and report["n_regions"] == 14
    assert len(report["regions"]) == 14
    A = Arrangement([[0, 0], [0, 1], [1, 0], [1, 1]], bias=True)
    assert [r["pattern"] for r in report["regions"]] == [r.pattern for r in A.regions()]
    assert all(isinstance(v, str) for r in report["regions"] for v in r["witness"])
    assert sorted(map(tuple, report["edges"])) == sorted((a, b) for a, b, _ in A.edges())
    G = nx.read_graphml(graph)
    assert G.number_of_nodes() == 14 and G.number_of_edges() == len(report["edges"])


def test_count_json_contract():
    code, out, _ = run("count", "braid:4", "--json")
    report = json.loads(out)
    assert code == 0 and report["n_regions"] == 24
    assert report["characteristic_polynomial"] == "x^4 - 6*x^3 + 11*x^2 - 6*x"


def test_readable_output_and_demo():
    code, out, _ = run("regions", "threshold:2", "--bias")
    assert code == 0 and "regions (Zaslavsky, |chi(-1)|): 14" in out and "pattern" in out
    code, out, _ = run("demo")
    assert code == 0 and "14 dual regions" in out


@pytest.mark.parametrize("args,message", [
    (("regions", "missing.csv"), "no such data file"),
    (("regions", "threshold:99"), "unknown built-in data set"),
    (("regions", "threshold:3", "--bias", "--max-regions", "10"), "more than max_regions = 10"),
    (("regions", "threshold:3", "--max-regions", "0"), "positive integer"),
])
def test_errors_exit_2_without_traceback(args, message):
    code, out, err = run(*args)
    assert code == 2
    assert message in err and "Traceback" not in err


def test_bad_csv_exits_2(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("1,2\n3\n")
    code, _, err = run("count", str(path))
    assert code == 2 and "ragged data" in err and "Traceback" not in err


def test_certify_json_contract(tmp_path):
    data = tmp_path / "d.json"
    data.write_text('{"X": [[1, 0.75], [1, -0.75]], "y": [1, -1]}')
    dual = tmp_path / "p.json"
    dual.write_text('{"p": ["5/6", "-5/6"]}')
    code, out, err = run("certify", str(data), "--dual", str(dual), "--lam", "0.2", "--json")
    assert code == 0, err
    rep = json.loads(out)
    assert rep["feasible"] is True and rep["sup_abs_eta_squared"] == "1"
    assert rep["extreme_points"][0]["w"] == ["3/5", "4/5"] and rep["extreme_points"][0]["face"] == "+0"
    assert rep["extreme_points"][1]["sign"] == -1
    assert rep["support_bound"] == 2 and rep["unique"] is True
    code, out, _ = run("certify", str(data), "--dual", "5/6,-5/6", "--json")
    assert json.loads(out)["unique"] is None


def test_certify_readable_and_latex(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text("a,b,y\n1,0.75,1\n1,-0.75,-1\n")
    code, out, _ = run("certify", str(data), "--dual", "5/6,-5/6", "--lam", "1/5")
    assert code == 0 and "| (3/5 = 0.6, 4/5 = 0.8) | +1 | +0 | wall | yes |" in out
    code, out, _ = run("certify", str(data), "--dual", "5/6,-5/6", "--latex")
    assert code == 0 and r"\begin{tabular}" in out


@pytest.mark.parametrize("args,message", [
    (("--dual", "1,2,3"), "p has 3 entries"),
    (("--dual", "1,x"), "is not a number"),
    (("--dual", "1,1", "--lam", "-1"), "lambda must be positive"),
    (("--dual", "missing.json"), "no such dual-vector file"),
])
def test_certify_errors(tmp_path, args, message):
    data = tmp_path / "d.csv"
    data.write_text("1,0\n0,1\n")
    code, _, err = run("certify", str(data), *args)
    assert code == 2 and message in err and "Traceback" not in err


def test_certify_infeasible_message(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text("1,0\n0,1\n")
    code, out, _ = run("certify", str(data), "--dual", "1,1")
    assert code == 0 and "not dual feasible" in out


def _labelled(tmp_path, text="x1,x2,y\n3,4,10\n"):
    path = tmp_path / "data.csv"
    path.write_text(text)
    return str(path)


def test_solve_json_contract(tmp_path):
    code, out, err = run("solve", _labelled(tmp_path), "--lam", "5", "--json", "--quiet")
    assert code == 0, err
    s = json.loads(out)
    assert s["lam"] == "5" and s["status"] == "exact" and s["objective"] == pytest.approx(9.5)
    assert s["p_exact"] == ["1/5"] and s["p"] == [pytest.approx(0.2)]
    (atom,) = s["atoms"]
    assert atom["w_exact"] == ["3/5", "4/5"] and atom["amplitude_exact"] == "9/5" and atom["face"] == "+"
    assert s["certificate"]["feasible"] is True and s["certificate"]["unique"] is True


def test_solve_algebraic_strings_and_normalize(tmp_path):
    path = _labelled(tmp_path, "x1,x2,y\n1,1,3\n")
    code, out, _ = run("solve", path, "--lam", "1", "--json")
    s = json.loads(out)
    assert code == 0 and s["p_exact"] == ["sqrt(2)/2"] and s["atoms"][0]["amplitude_exact"] == "-1/2 + 3*sqrt(2)/2"
    code, out, _ = run("solve", path, "--lam", "0.5", "--normalize", "--json", "--method", "conic")
    s = json.loads(out)
    assert code == 0 and s["lam_problem"] == "1/2" and s["loss"].startswith("1/(2n)")


def test_solve_readable_and_exact_fit(tmp_path):
    code, out, _ = run("solve", _labelled(tmp_path), "--lam", "1/2")
    assert code == 0 and "status: **exact**" in out and "(3/5 = 0.6, 4/5 = 0.8)" in out
    code, out, _ = run("solve", _labelled(tmp_path), "--exact-fit")
    assert code == 0 and "Exact fit" in out and "| 2 |" in out


@pytest.mark.parametrize("args, message", [
    (["--lam", "0"], "lambda must be positive"),
    (["--lam", "0"], "--exact-fit"),     # the command line's name of the limit lambda -> 0
    (["--lam", "-2"], "lambda must be positive"),
    (["--lam", "abc"], "not a number"),
    ([], "give --lam"),
])
def test_solve_errors(tmp_path, args, message):
    code, out, err = run("solve", _labelled(tmp_path), *args)
    assert code == 2 and message in err and "Traceback" not in err


def test_solve_without_labels(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("1,2\n3,4\n")
    code, _, err = run("solve", str(path), "--lam", "1")
    assert code == 2 and "no labels" in err


def test_sweep_csv_json_and_plot(tmp_path):
    path = _labelled(tmp_path, "x1,x2,y\n1,0,1\n0,1,1\n")
    code, out, err = run("sweep", path, "--lam", "0.01,0.1", "--noise", "0")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("lam,noise,seed,status,n_atoms") and len(lines) == 3
    assert "amplitude_vs_lambda: 1.000" in err     # the summary: on stderr, the CSV stays plain
    plot = tmp_path / "sweep.png"
    code, out, err = run("sweep", path, "--lam", "1/100,1/10", "--noise", "0,0.01", "--seeds", "2",
                         "--json", "-o", str(plot), "--quiet")
    assert code == 0, err
    report = json.loads(out)
    assert len(report["points"]) == 2 + 2 * 2 and plot.stat().st_size > 1000
