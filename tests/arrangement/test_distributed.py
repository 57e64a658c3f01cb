"""Regions through Parquet shards and batch campaigns, on an in-process Dask cluster."""

import io
import json
from fractions import Fraction

import numpy as np
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings, strategies as st

from arrangement import Arrangement, DualcertError
from arrangement.datasets import threshold
from arrangement.shards import from_regions, write_regions
from arrangement.distributed import make_client
from certificates.campaigns.batch import run_campaign
from certificates.cli import main
from conftest import as_tuple, brute_force_regions
from test_counts import degenerate_data

DEGENERATE = [
    [[0, 0, 0], [1, 2, 0], [2, 4, 0], [-1, -2, 0], [0, 1, 1], [1, 0, 1]],   # zero, parallel, opposite rows
    [[1, 1, 1], [2, 2, 2], [1, -1, 0], [0, 1, -1], [3, -1, -2]],            # rank 2 in R^3
    [[0, 0], [0, 0]],                                                       # rank 0
    [[3], [-1], [0], [2]],                                                  # d = 1
    [[0.5, 0.25, 1], [-3, 0.125, 0], [1, 1, 1], [2, -1, 5]],              # fractions, general position
] + [degenerate_data(seed, 7, 3 + seed % 2) for seed in range(4)]


@pytest.fixture(scope="module")
def client():
    with make_client(workers=2, processes=False) as c:
        yield c


def shard_rows(directory):
    rows = []
    for part in sorted(directory.glob("part-*.parquet")):
        rows += pq.read_table(part).to_pylist()
    return rows


def exact_signs(X, w):
    return tuple((s > 0) - (s < 0) for s in (sum(Fraction(a) * b for a, b in zip(row, w)) for row in X))


@pytest.mark.parametrize("X", DEGENERATE)
def test_shards_are_the_regions(X, tmp_path):
    A = Arrangement(X)
    meta = write_regions(A, tmp_path, tasks=5)
    rows = shard_rows(tmp_path)
    patterns = {as_tuple(r["pattern"]) for r in rows}
    assert len(patterns) == len(rows) == meta["n_regions"]
    assert patterns == brute_force_regions(X)                       # LP brute force, independent
    for r in rows:
        assert exact_signs(A.X, r["witness"]) == as_tuple(r["pattern"])
    in_memory = Arrangement(X).regions()
    assert {r["pattern"]: tuple(r["facets"]) for r in rows} == {r.pattern: r.facets for r in in_memory}
    assert [r.pattern for r in from_regions(tmp_path).regions()] == [r.pattern for r in in_memory]


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 9))
def test_random_data_any_split(seed, tasks):
    import tempfile
    rng = np.random.default_rng(seed)
    X = rng.integers(-2, 3, size=(int(rng.integers(1, 8)), int(rng.integers(1, 5)))).tolist()
    with tempfile.TemporaryDirectory() as tmp:
        write_regions(Arrangement(X, bias=bool(seed % 2)), tmp, tasks=tasks)
        B = from_regions(tmp)
        assert [(r.pattern, r.facets) for r in B.regions()] == \
            [(r.pattern, r.facets) for r in Arrangement(X, bias=bool(seed % 2)).regions()]


class Interrupted(Exception):
    pass


def test_distributed_resume_and_threshold_count(client, tmp_path):
    A = Arrangement(threshold(4), bias=True)          # 1882 threshold functions (OEIS A000609)

    def stop_after_two_shards(regions):
        if len(list(tmp_path.glob("part-*.parquet"))) >= 2:
            raise Interrupted
    with pytest.raises(Interrupted):                  # an interrupted run, two shards written
        write_regions(A, tmp_path, tasks=6, on_progress=stop_after_two_shards)
    kept = {p: p.stat().st_mtime_ns for p in tmp_path.glob("part-*.parquet")}
    assert len(kept) == 2 and not json.loads((tmp_path / "_dataset.json").read_text())["complete"]
    seen = []
    meta = write_regions(A, tmp_path, client=client, on_progress=seen.append)
    assert meta["n_regions"] == 1882 and seen[-1] == 1882 and meta["complete"] and meta["n_tasks"] >= 6
    assert {p: p.stat().st_mtime_ns for p in kept} == kept          # finished shards are not redone
    assert sorted(p.name for p in tmp_path.iterdir()) == \
        ["_dataset.json"] + [f"part-{i:05d}.parquet" for i in range(meta["n_tasks"])]
    assert len({r["pattern"] for r in shard_rows(tmp_path)}) == 1882
    assert pq.read_table(tmp_path).num_rows == 1882   # the directory as one Parquet dataset (pandas' reader)
    last = sorted(tmp_path.glob("part-*.parquet"))[-1]
    last.unlink()                                     # a shard lost after completion: written again
    write_regions(A, tmp_path, client=client)
    assert last.exists() and pq.read_table(tmp_path).num_rows == 1882
    with pytest.raises(DualcertError):
        write_regions(Arrangement(threshold(3), bias=True), tmp_path)


def test_a_lost_worker_is_replaced_and_its_tasks_rerun(tmp_path):
    A = Arrangement(threshold(4), bias=True)
    with make_client(workers=2, processes=False) as client:
        lost = []

        def lose_a_worker(regions):                  # while tasks are queued and running on both
            if not lost:
                worker = next(iter(client.cluster.workers.values()))
                lost.append(worker.address)
                client.sync(worker.close)
        meta = write_regions(A, tmp_path, client=client, tasks=6, on_progress=lose_a_worker)
        assert lost and lost[0] not in client.scheduler_info()["workers"]
    assert meta["complete"] and sorted(p.name for p in tmp_path.iterdir()) == \
        ["_dataset.json"] + [f"part-{i:05d}.parquet" for i in range(meta["n_tasks"])]
    assert sorted(r.pattern for r in from_regions(tmp_path).regions()) == \
        sorted(r.pattern for r in Arrangement(threshold(4), bias=True).regions())


def test_reader_rejects_incomplete_or_tampered(tmp_path):
    with pytest.raises(DualcertError):
        from_regions(tmp_path)
    write_regions(Arrangement([[1, 0], [0, 1], [1, 1]]), tmp_path, tasks=2)
    meta = json.loads((tmp_path / "_dataset.json").read_text())
    meta["X"][0] = ["1", "1/2"]                       # other data: the stored witnesses no longer fit
    (tmp_path / "_dataset.json").write_text(json.dumps(meta))
    with pytest.raises(DualcertError):
        from_regions(tmp_path)


def manifest(tmp_path, n_solve=4):
    (tmp_path / "one.json").write_text('{"X": [[3, 4]], "y": [1]}')
    (tmp_path / "garbage.csv").write_text("1,2\n3\n")                  # rows of different lengths
    lines = ["id,data,bias,task,dual,lam"]
    lines += [f"hat{i},hat.csv,true,solve,,1/10" for i in range(n_solve)]
    lines += ["one,one.json,false,certify,1,", "zero,one.json,false,certify,0,",
              'broken,one.json,false,certify,"1,2",', "unreadable,garbage.csv,false,solve,,1"]
    (tmp_path / "hat.csv").write_text("x,y\n-2,0\n-1,1\n0,2\n1,1\n2,0\n")
    path = tmp_path / "m.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_batch_resumes_every_id_once_and_records_failures(client, tmp_path):
    path, out = manifest(tmp_path), tmp_path / "r.parquet"
    first, progress = [], []
    run_campaign(path, out, client=client, on_result=first.append, max_tasks=3,
                 on_progress=lambda *p: progress.append(p))
    assert len(first) == 3 and len(pq.read_table(out)) == 3 and progress == [(0, 8), (1, 8), (2, 8), (3, 8)]
    second = []
    rows = run_campaign(path, out, client=client, on_result=second.append)
    assert len(second) == 5 and {r["id"] for r in first}.isdisjoint(r["id"] for r in second)
    table = pq.read_table(out)
    assert table.column_names == ["id", "task", "status", "objective", "n_atoms", "support_bound", "unique",
                                  "sup_abs_eta_squared", "seconds", "error"]          # the columns
    table = table.to_pylist()
    assert [r["id"] for r in table] == [r["id"] for r in rows] == \
        ["hat0", "hat1", "hat2", "hat3", "one", "zero", "broken", "unreadable"]
    by = {r["id"]: r for r in table}
    # the README's 1-D hat at lambda = 1/10: three atoms, unique, sup |eta| = 1
    assert all(by[f"hat{i}"]["n_atoms"] == 3 and by[f"hat{i}"]["unique"] for i in range(4))
    assert all(by[f"hat{i}"]["sup_abs_eta_squared"] == "1" for i in range(4))
    # one point x = (3, 4), p = 1: sup over the unit circle of relu(<w, x>) is |x| = 5
    assert by["one"]["sup_abs_eta_squared"] == "25" and by["one"]["status"] == "infeasible"
    assert by["zero"]["sup_abs_eta_squared"] == "0" and by["zero"]["status"] == "feasible"
    assert by["broken"]["status"] == "error" and "2 entries but there are 1" in by["broken"]["error"]
    assert by["unreadable"]["status"] == "error" and "garbage.csv" in by["unreadable"]["error"]
    assert run_campaign(path, out, client=client, on_result=first.append) == rows and len(first) == 3
    assert not (tmp_path / "r.parquet.parts").exists() and sorted(tmp_path.glob("r.parquet*")) == [out]
    pd = pytest.importorskip("pandas")
    frame = pd.read_parquet(out)
    assert list(frame["id"]) == [r["id"] for r in rows] and frame["n_atoms"].iloc[0] == 3
    assert frame["sup_abs_eta_squared"].iloc[4] == "25"


def test_a_dying_worker_is_replaced_and_its_task_rerun(tmp_path):
    """Two worker processes; task 'once' kills its worker the first time, 'always' every time."""
    import os
    import dask
    import distributed  # noqa: F401 - loads the defaults that the override below restores on exit
    from certificates.campaigns.batch import campaign_client, run_task

    marker = tmp_path / "died-once"

    def crashing(row):
        if row["id"] == "always" or (row["id"] == "once" and not marker.exists()):
            marker.touch()
            os._exit(1)
        return run_task(row)

    path = tmp_path / "m.csv"
    (tmp_path / "hat.csv").write_text("x,y\n-2,0\n-1,1\n0,2\n1,1\n2,0\n")
    path.write_text("id,data,bias,task,dual,lam\n" +
                    "".join(f"{i},hat.csv,true,solve,,1/10\n" for i in ("a", "once", "always", "b", "c")))
    out, seen = tmp_path / "r.parquet", []
    # two deaths end a task; workers are forked from this process, so a replacement starts at once
    with dask.config.set({"distributed.scheduler.allowed-failures": 1,
                          "distributed.worker.multiprocessing-method": "fork"}):
        with campaign_client(workers=2) as c:
            rows = run_campaign(path, out, client=c, on_result=seen.append, run=crashing)
            assert len(c.scheduler_info()["workers"]) == 2                       # replaced
    assert marker.exists() and sorted(r["id"] for r in seen) == ["a", "always", "b", "c", "once"]
    by = {r["id"]: r for r in pq.read_table(out).to_pylist()}
    assert [r["id"] for r in rows] == ["a", "once", "always", "b", "c"] == list(by)
    assert all(by[i]["n_atoms"] == 3 and by[i]["status"] == "exact" for i in ("a", "once", "b", "c"))
    assert by["always"]["status"] == "error" and by["always"]["error"].startswith("KilledWorker: ")
    rerun = []                                        # rerunning retries only the task whose workers died
    rows = run_campaign(path, out, on_result=rerun.append)
    assert [r["id"] for r in rerun] == ["always"] and rows[2]["n_atoms"] == 3 and rows[2]["error"] is None


BAD_MANIFESTS = [
    ("id,data,bias,dual,lam\na,xor,true,,1\n", "m.csv: no column 'task'"),
    ("id,data,bias,task,dual,lamda\na,xor,true,solve,,1\n", "m.csv line 2 (id 'a'): unknown column 'lamda'"),
    ("id,data,task,lam\na,xor,solve,1\na,xor,solve,2\n", "m.csv line 3 (id 'a'): the id appears twice"),
    ("id,data,task,lam\na,xor,sovle,1\n", "m.csv line 2 (id 'a'): task must be certify or solve, got 'sovle'"),
    ("id,data,task,lam\na,xor,solve,1\nb,xor,solve,x\n", "m.csv line 3 (id 'b'): lam 'x' is not a number"),
    ("id,data,task,lam\na,xor,solve,0\n", "m.csv line 2 (id 'a'): lam must be positive"),
    ("id,data,task,lam\na,xor,solve,\n", "m.csv line 2 (id 'a'): a solve task needs lam"),
    ("id,data,task,lam\na,nope.csv,solve,1\n", "m.csv line 2 (id 'a'): no data file nope.csv"),
    ("id,data,task,lam\na,threshold:99,solve,1\n", "m.csv line 2 (id 'a'): unknown built-in data set"),
    ("id,data,bias,task,lam\na,xor,maybe,solve,1\n", "m.csv line 2 (id 'a'): bias must be true or false"),
    ("id,data,task,dual\na,xor,certify,1,-1,-1,1\n", "m.csv line 2: more fields than columns"),
    ("id,data,task,dual\na,xor,certify,\n", "m.csv line 2 (id 'a'): a certify task needs dual"),
    ("id,data,task,dual\na,xor,certify,1/0\n", "m.csv line 2 (id 'a'): "),
    ("id,data,task,lam\n,xor,solve,1\n", "m.csv line 2: no id"),
    ('[{"id": "a", "data": "xor", "task": "solve", "lam": 1}, {"id": "b", "data": "xor", "task": "solve"}]',
     "m.json task 2 (id 'b'): a solve task needs lam"),
    ('{"tasks": 3}', "m.json: expected a list of tasks"),
]


@pytest.mark.parametrize("text, message", BAD_MANIFESTS)
def test_bad_manifest_is_one_line_naming_the_row_before_any_work(text, message, tmp_path, capsys):
    path = tmp_path / ("m.json" if text.startswith(("[", "{")) else "m.csv")
    path.write_text(text)
    assert main(["batch", str(path), "-o", str(tmp_path / "r.parquet"), "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dualcert: error: " + message) and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == [path]                    # nothing started, nothing written


def test_cli_on_a_running_scheduler(client, tmp_path, capsys, monkeypatch):
    address = client.scheduler.address
    assert main(["regions", "xor", "--bias", "--out", str(tmp_path / "xor"), "--scheduler", address,
                 "--quiet", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["n_regions"] == 14
    path = manifest(tmp_path, n_solve=1)
    assert main(["batch", str(path), "-o", str(tmp_path / "r.parquet"), "--scheduler", address,
                 "--max-tasks", "2"]) == 0
    out = capsys.readouterr()
    assert "2 of 5 tasks have results" in out.out and out.err == ""             # a pipe: no bar
    terminal = type("Terminal", (io.StringIO,), {"isatty": lambda self: True})()
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(["batch", str(path), "-o", str(tmp_path / "r.parquet"), "--scheduler", address]) == 0
    assert "5 of 5 tasks" in capsys.readouterr().out and "/5 [" in terminal.getvalue()   # a bar, on a terminal
    monkeypatch.setattr("sys.stderr", terminal := type(terminal)())
    assert main(["batch", str(path), "-o", str(tmp_path / "r.parquet"), "--scheduler", address, "--quiet"]) == 0
    assert terminal.getvalue() == ""
    monkeypatch.undo()
    assert main(["regions", "xor", "--workers", "2"]) == 2
    assert main(["batch", str(tmp_path / "none.csv"), "-o", str(tmp_path / "r2.parquet"),
                 "--scheduler", address]) == 2
    assert "dualcert: error: cannot read manifest" in capsys.readouterr().err
    assert main(["batch", str(path), "-o", str(tmp_path / "no" / "r.parquet"), "--scheduler", address]) == 2
    assert "no such directory" in capsys.readouterr().err


def test_help_does_not_import_dask_or_pyarrow():
    import subprocess
    import sys
    code = ("import sys; from certificates.cli import build_parser; build_parser(); "
            "print(sorted(m for m in ('dask', 'distributed', 'pyarrow') if m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "[]"
