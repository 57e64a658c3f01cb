"""Distributed enumeration to Parquet (issue 13): the figures of the note (batch campaigns:
``bench_batch.py``).

    python benchmarks/bench_distributed.py same                 # resonance-5, threshold-5+bias: --out = in-memory
    python benchmarks/bench_distributed.py regions resonance:6 --workers 1 2
    python benchmarks/bench_distributed.py regions threshold:6 --bias --workers 2 --tasks 64

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

from arrangement import Arrangement
from arrangement.datasets import builtin
from arrangement.shards import from_regions, make_client, write_regions


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _machine() -> dict:
    return {"nproc": os.cpu_count(), "load": [round(x, 2) for x in os.getloadavg()]}


def regions(name: str, bias: bool, workers: int, tasks=None, keep=None) -> dict:
    A = Arrangement(builtin(name), bias=bias)
    out = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="dualcert-shards-"))
    start = time.perf_counter()
    with make_client(workers=workers) as client:
        meta = write_regions(A, out, client=client, tasks=tasks)
        worker_peaks = client.run(_peak_mb)
    seconds = time.perf_counter() - start
    size = sum(p.stat().st_size for p in out.glob("*.parquet"))
    if not keep:
        shutil.rmtree(out)
    return {"data": name + ("+bias" if bias else ""), "workers": workers, "regions": meta["n_regions"],
            "tasks": meta["n_tasks"], "seconds": round(seconds, 1),
            "regions_per_second": round(meta["n_regions"] / seconds), "parquet_mb": round(size / 2**20, 1),
            "worker_peak_mb": sorted(round(v) for v in worker_peaks.values()),
            "driver_peak_mb": round(_peak_mb()), **_machine()}


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
    parser.add_argument("what", choices=("same", "regions"))
    parser.add_argument("data", nargs="?", default="resonance:6")
    parser.add_argument("--bias", action="store_true")
    parser.add_argument("--workers", type=int, nargs="+", default=[2])
    parser.add_argument("--tasks", type=int)
    parser.add_argument("--keep", metavar="DIR", help="keep the shards in DIR")
    args = parser.parse_args()
    if args.what == "same":
        runs = [same]
    else:
        runs = [lambda w=w: [regions(args.data, args.bias, w, args.tasks, args.keep)] for w in args.workers]
    for run in runs:                                # print each result as soon as it exists
        for r in run():
            print(json.dumps(r), flush=True)

if __name__ == "__main__":
    main()
