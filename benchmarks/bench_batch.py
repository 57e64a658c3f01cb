"""Batch campaigns: throughput, per-task costs, interruption and resumption, end to end.

    python benchmarks/bench_batch.py                      # everything below, 200 tasks
    python benchmarks/bench_batch.py costs                # per-task cost of each kind, in this process
    python benchmarks/bench_batch.py throughput --workers 1 2
    python benchmarks/bench_batch.py interrupt            # SIGINT, SIGKILL of the driver; SIGKILL of a worker

``throughput``: 200 small solve tasks (6 random points in Q^2 with a bias, lambda = 1/10) on a
LocalCluster of 1 and of 2 worker processes; tasks per second counted from the moment the
cluster is up (its start-up is reported apart), and each worker's peak memory.
``interrupt``: ``dualcert batch --workers 2`` as a subprocess, stopped when half the tasks have
rows (SIGINT to the driver; SIGKILL to the driver alone, leaving its workers orphaned; SIGKILL
to one worker process, which the cluster replaces), then rerun to completion; every task must
end with exactly one row and no error, and no process of the killed run may survive.
Timings taken while other jobs share the machine are pessimistic: ``nproc`` and the load
average are printed with every result.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from certificates.campaigns.batch import campaign_client, read_manifest, run_campaign, run_task


def _machine() -> dict:
    return {"nproc": os.cpu_count(), "load": [round(x, 2) for x in os.getloadavg()]}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def manifest(directory: Path, n: int, kind: str = "solve-6x2") -> Path:
    """``n`` tasks of one kind on random integer data (seeded): ``solve-6x2``: 6 points in Q^2
    with a bias, lambda = 1/10; ``solve-8x3``: 8 points in Q^3, lambda = 1/10 (the example
    campaign); ``certify-8x3``: a random dual vector with entries in [-1, 1] on 8 points in Q^3."""
    rng = random.Random(13)
    points, d = (6, 2) if kind == "solve-6x2" else (8, 3)
    lines = ["id,data,bias,task,dual,lam"]
    for i in range(n):
        X = [[rng.randint(-4, 4) for _ in range(d)] for _ in range(points)]
        y = [rng.randint(-2, 2) for _ in range(points)]
        (directory / f"d{i}.json").write_text(json.dumps({"X": X, "y": y}))
        if kind.startswith("certify"):
            dual = ",".join(f"{rng.randint(-4, 4)}/4" for _ in range(points))
            lines.append(f't{i:03d},d{i}.json,false,certify,"{dual}",')
        else:
            lines.append(f"t{i:03d},d{i}.json,{str(kind == 'solve-6x2').lower()},solve,,1/10")
    path = directory / "manifest.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def costs(n: int = 20) -> list:
    """Seconds per task of each kind, run here one after another (no Dask), after one warm-up."""
    out = []
    for kind in ("solve-6x2", "solve-8x3", "certify-8x3"):
        with tempfile.TemporaryDirectory() as tmp:
            tasks = read_manifest(manifest(Path(tmp), n + 1, kind))
            run_task(tasks[0])                        # imports and caches out of the timing
            rows = [run_task(t) for t in tasks[1:]]
        seconds = sorted(r["seconds"] for r in rows)
        out.append({"kind": kind, "tasks": n, "median_s": round(statistics.median(seconds), 3),
                    "mean_s": round(statistics.fmean(seconds), 3), "max_s": round(seconds[-1], 3),
                    "errors": sum(r["status"] == "error" for r in rows), **_machine()})
    return out


def throughput(n: int, workers: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = manifest(Path(tmp), n)
        start = time.perf_counter()
        with campaign_client(workers=workers) as client:
            client.wait_for_workers(workers)
            up = time.perf_counter()
            rows = run_campaign(path, Path(tmp, "r.parquet"), client=client)
            seconds = time.perf_counter() - up
            worker_peaks = client.run(_peak_mb)
    status = {}
    for r in rows:
        status[r["status"]] = status.get(r["status"], 0) + 1
    return {"tasks": n, "workers": workers, "cluster_start_s": round(up - start, 1),
            "seconds": round(seconds, 1), "tasks_per_second": round(n / seconds, 2),
            "mean_task_s": round(statistics.fmean(r["seconds"] for r in rows), 3), "status": status,
            "worker_peak_mb": sorted(round(v) for v in worker_peaks.values()), **_machine()}


def _descendants(pid: int) -> list:
    import psutil
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _survivors(processes: list, wait: float = 15) -> list:
    """The processes of a killed run still alive after ``wait`` seconds (then ended: ours)."""
    import psutil
    _, alive = psutil.wait_procs(processes, timeout=wait)
    for p in alive:
        p.kill()
    return [p.pid for p in alive]


def _rows_written(parts: Path, seen: dict) -> int:
    """Rows in the part files of a running campaign (a part, once renamed into place, never changes)."""
    import pyarrow.parquet as pq
    for f in parts.glob("*.parquet") if parts.exists() else ():
        if f.name not in seen:
            try:
                seen[f.name] = pq.read_metadata(f).num_rows
            except FileNotFoundError:                # merged and removed at the end
                pass
    return sum(seen.values())


def interrupt(n: int, how: str) -> dict:
    """Run ``dualcert batch --workers 2``; at half the tasks send ``how`` (``SIGINT``/``SIGKILL``
    to the driver, or ``worker``: SIGKILL to one worker process); rerun; count the rows."""
    import pyarrow.parquet as pq
    with tempfile.TemporaryDirectory() as tmp:
        path, results = manifest(Path(tmp), n), Path(tmp, "r.parquet")
        parts = Path(tmp, "r.parquet.parts")
        cmd = [sys.executable, "-m", "certificates", "batch", str(path), "-o", str(results),
               "--workers", "2", "--quiet"]
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        seen = {}
        while proc.poll() is None and _rows_written(parts, seen) < n // 2:
            time.sleep(0.1)
        processes = _descendants(proc.pid)
        at_signal = _rows_written(parts, seen)
        if how == "worker":
            workers = [p for p in processes if "spawn_main" in " ".join(p.cmdline())]
            os.kill(workers[0].pid, signal.SIGKILL)   # a Dask worker process (the Nanny restarts it)
        else:
            os.kill(proc.pid, signal.SIGINT if how == "SIGINT" else signal.SIGKILL)
        out, err = proc.communicate()
        first_run = time.perf_counter() - start
        rows_after_kill = _rows_written(parts, {}) if parts.exists() else len(pq.read_table(results))
        survivors = _survivors(processes) if how != "worker" else []
        rerun = subprocess.run(cmd, capture_output=True, text=True)
        table = pq.read_table(results).to_pylist()
    ids = [r["id"] for r in table]
    return {"tasks": n, "signal": how, "rows_at_signal": at_signal, "exit_status": proc.returncode,
            "stderr": err.strip()[-200:], "first_run_s": round(first_run, 1),
            "rows_after_kill": rows_after_kill, "processes_left_running": survivors,
            "rerun_exit_status": rerun.returncode, "rerun_stdout": rerun.stdout.strip(),
            "rows": len(ids), "every_task_once": sorted(ids) == [f"t{i:03d}" for i in range(n)],
            "errors": sum(r["status"] == "error" for r in table), **_machine()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", nargs="?", choices=("all", "costs", "throughput", "interrupt"), default="all")
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--signals", nargs="+", default=["SIGINT", "SIGKILL", "worker"])
    args = parser.parse_args()
    runs = []
    if args.what in ("all", "costs"):
        runs.append(costs)
    if args.what in ("all", "throughput"):
        runs += [lambda w=w: [throughput(args.tasks, w)] for w in args.workers]
    if args.what in ("all", "interrupt"):
        runs += [lambda s=s: [interrupt(args.tasks, s)] for s in args.signals]
    for run in runs:                                # print each result as soon as it exists
        for r in run():
            print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
