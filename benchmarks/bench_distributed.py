"""Distributed enumeration to Parquet: the figures of the note (batch campaigns:
``bench_batch.py``).

    python benchmarks/bench_distributed.py same                 # resonance-5, threshold-5+bias: --out = in-memory
    python benchmarks/bench_distributed.py regions resonance:6 --workers 1 2
    python benchmarks/bench_distributed.py regions threshold:6 --bias --workers 2
    python benchmarks/bench_distributed.py kill threshold:5 --bias --workers 2   # SIGKILL a worker mid-run

Wall times, regions per second and the peak resident memory of every worker process (max RSS
reported by the workers themselves) and of the driver.  Timings taken while other jobs share
the machine are pessimistic; ``nproc`` and the load average are printed with every result.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from arrangement import Arrangement
from arrangement.datasets import builtin
from arrangement.shards import from_regions, write_regions
from arrangement.distributed import make_client


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _machine() -> dict:
    return {"nproc": os.cpu_count(), "load": [round(x, 2) for x in os.getloadavg()]}


class TreeMemory:
    """Peak of the summed resident memory of this process and all its descendants (the driver,
    the Dask nannies and workers), sampled every half second in a thread."""

    def __enter__(self):
        import threading
        import psutil
        self.peak, self._stop = 0, threading.Event()

        def sample():
            me = psutil.Process()
            while not self._stop.is_set():
                total = 0
                for p in [me] + me.children(recursive=True):
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
                self._stop.wait(0.5)
        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def _digest(directory: Path) -> str:
    """A hash of the shards' contents (patterns, witnesses, facets, shard by shard), to compare runs."""
    import hashlib
    import pyarrow.parquet as pq
    h = hashlib.sha256()
    for part in sorted(directory.glob("part-*.parquet")):
        table = pq.read_table(part)
        pattern = table.column("pattern").combine_chunks()
        offsets = np.frombuffer(pattern.buffers()[1], dtype=np.int32)[pattern.offset:pattern.offset + len(pattern) + 1]
        h.update(offsets - offsets[0])
        h.update(np.frombuffer(pattern.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]])
        for column in ("witness", "facets"):
            array = table.column(column).combine_chunks()
            h.update(array.value_lengths().to_numpy(zero_copy_only=False).tobytes())
            h.update(array.flatten().to_numpy().tobytes())
    return h.hexdigest()


def regions(name: str, bias: bool, workers: int, tasks=None, keep=None) -> dict:
    A = Arrangement(builtin(name), bias=bias)
    out = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="dualcert-shards-"))
    load_before = os.getloadavg()[0]
    with TreeMemory() as memory:
        start = time.perf_counter()
        with make_client(workers=workers) as client:
            ready = time.perf_counter()
            cpu_before = sum(client.run(_cpu_seconds).values()) + _cpu_seconds()
            meta = write_regions(A, out, client=client, tasks=tasks)
            seconds = time.perf_counter() - ready
            cpu = sum(client.run(_cpu_seconds).values()) + _cpu_seconds() - cpu_before
            worker_peaks = client.run(_peak_mb)
        total = time.perf_counter() - start
    size = sum(p.stat().st_size for p in out.glob("*.parquet"))
    digest = _digest(out)
    if not keep:
        shutil.rmtree(out)
    return {"data": name + ("+bias" if bias else ""), "workers": workers, "regions": meta["n_regions"],
            "tasks": meta["n_tasks"], "seconds": round(seconds, 1), "seconds_with_cluster_start": round(total, 1),
            "cpu_seconds_workers_and_driver": round(cpu, 1),
            "regions_per_second": round(meta["n_regions"] / seconds), "parquet_mb": round(size / 2**20, 1),
            "content_sha256": digest[:16], "peak_rss_all_processes_mb": round(memory.peak / 2**20), 
            "worker_peak_mb": sorted(round(v) for v in worker_peaks.values()),
            "driver_peak_mb": round(_peak_mb()), "load_before": round(load_before, 2), **_machine()}


def kill(name: str, bias: bool, workers: int) -> dict:
    """``regions --out`` on a LocalCluster of worker processes; SIGKILL one worker process as soon
    as the first cell is built (its running task dies with it), and check that the run still
    completes with exactly the regions of the in-memory enumeration."""
    import signal
    import threading
    A = Arrangement(builtin(name), bias=bias)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp, "_work")
        with make_client(workers=workers) as client:
            pids = client.run(os.getpid)
            killed = []

            def killer():
                while not list(work.glob("cell-*.npz")):
                    time.sleep(0.05)
                victim = sorted(pids.values())[0]
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)
            thread = threading.Thread(target=killer, daemon=True)
            thread.start()
            start = time.perf_counter()
            meta = write_regions(A, tmp, client=client)
            seconds = time.perf_counter() - start
            alive = len(client.scheduler_info()["workers"])
        loaded = [r.pattern for r in from_regions(tmp).regions()]
    memory = [r.pattern for r in Arrangement(builtin(name), bias=bias).regions(progress=False)]
    return {"data": name + ("+bias" if bias else ""), "workers": workers, "killed_worker_pid": killed,
            "workers_after": alive, "complete": meta["complete"], "regions": meta["n_regions"],
            "same_patterns_as_in_memory": loaded == memory, "seconds": round(seconds, 1), **_machine()}


def same() -> list:
    """--out and in-memory enumeration give the same patterns (and every witness is rechecked)."""
    rows = []
    for name, bias in (("resonance:5", False), ("threshold:5", True)):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            with make_client(workers=2) as client:
                write_regions(Arrangement(builtin(name), bias=bias), tmp, client=client)
            shards = time.perf_counter() - start
            loaded = [r.pattern for r in from_regions(tmp).regions()]
        start = time.perf_counter()
        memory = [r.pattern for r in Arrangement(builtin(name), bias=bias).regions(progress=False)]
        rows.append({"data": name + ("+bias" if bias else ""), "regions": len(memory),
                     "same_patterns": loaded == memory, "shards_seconds_2_workers": round(shards, 1),
                     "in_memory_seconds": round(time.perf_counter() - start, 1), **_machine()})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("same", "regions", "kill"))
    parser.add_argument("data", nargs="?", default="resonance:6")
    parser.add_argument("--bias", action="store_true")
    parser.add_argument("--workers", type=int, nargs="+", default=[2])
    parser.add_argument("--tasks", type=int)
    parser.add_argument("--keep", metavar="DIR", help="keep the shards in DIR")
    args = parser.parse_args()
    if args.what == "same":
        runs = [same]
    elif args.what == "kill":
        runs = [lambda w=w: [kill(args.data, args.bias, w)] for w in args.workers]
    else:
        runs = [lambda w=w: [regions(args.data, args.bias, w, args.tasks, args.keep)] for w in args.workers]
    for run in runs:                                # print each result as soon as it exists
        for r in run():
            print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
