"""Speed and memory of the exact region engine.

Each case runs in a fresh subprocess so that its peak memory (max RSS) is its own.
Stages timed: ``count`` (characteristic polynomial), ``enumerate`` (exact witnesses
and sign vectors), ``adjacency`` (facets and edge list), ``objects`` (Region tuples),
``networkx`` (the adjacency graph as a networkx.Graph).

    python benchmarks/bench_regions.py             # all cases, a table on stdout
    python benchmarks/bench_regions.py --json out.json
    python benchmarks/bench_regions.py --quick     # the two reference points only
    python benchmarks/bench_regions.py --high-dimension   # crosspoly-11/13, braid-9 (few
                                                          # hyperplanes in many dimensions)
    python benchmarks/bench_regions.py --listing [CASE ...]  # whole process `dualcert regions
        # CASE --json > /dev/null` under /usr/bin/time -v: wall, user CPU, peak RSS, bytes/region

Memory per region (``--listing``): the peak RSS of the whole process divided by the number of
regions, and the bytes the arrangement keeps per region (witness matrix, sign keys, facet arrays).

Measured (2 cores shared, load 10-17, so wall is about 5-10x user CPU), before -> after the
columnar regions (one Region object per region, sign matrices and the neighbour table ->
bit-packed keys, witness matrix, facets as offsets; records made on access):

    case                 regions     user CPU s     peak RSS MB     kept B/region (after)
    resonance:6        1,066,044   43.0 -> 20.0     625 -> 288     48 witness + 8 keys + 49 facets
    crosspoly:13       1,058,786   41.7 -> 15.8     946 -> 683     104 + 8 + 104
    braid:9              362,880   14.9 ->  8.7     284 -> 192     72 + 8 + 56
    threshold:5 --bias    94,572    3.1 ->  2.0     160 -> 112     48 + 8 + 54
    threshold:6 --bias 15,028,134   after: 337 s user + 54 s system (25 min wall at load 12),
                                    peak RSS 3.4 GB (239 B/region)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time

from arrangement import Arrangement
from arrangement.datasets import braid, crosspoly, random_integer, resonance, threshold

REFERENCE = [("resonance-5", "resonance", 5), ("threshold-5+bias", "threshold", 5)]
SCALING = [(f"random d=3 n={n}", "random3", n) for n in (25, 50, 100, 200)] + \
          [(f"random d=4 n={n}", "random4", n) for n in (15, 30, 45, 60)]
COUNT_ONLY = [("threshold-6+bias (count only)", "threshold6count", 6)]
HIGH_DIMENSION = [("crosspoly-11", "crosspoly", 11), ("crosspoly-13", "crosspoly", 13), ("braid-9", "braid", 9)]


LISTING = ["resonance:6", "crosspoly:13", "braid:9", "threshold:5 --bias", "threshold:6 --bias"]


def kept_bytes(spec: str) -> dict:
    """Bytes per region of what the enumerated arrangement keeps (its arrays), in this process."""
    from arrangement.listing import facet_arrays
    name, *flags = spec.split()
    A = Arrangement(name, bias="--bias" in flags)
    W = A.witness_matrix(progress=False)
    arrays = {"witnesses": W.nbytes, "sign keys": A.__dict__["_keys"].nbytes,
              "facets": sum(a.nbytes for a in facet_arrays(A))}
    return {k: round(v / len(W), 1) for k, v in arrays.items()}


def listing(spec: str, code=None) -> dict:
    """``dualcert regions SPEC --json > /dev/null`` under ``/usr/bin/time -v`` (the package found
    first on ``code`` when given: another checkout, e.g. the code before a change)."""
    cmd = ["/usr/bin/time", "-v", sys.executable, "-m", "certificates", "regions", *spec.split(),
           "--json", "--quiet"]
    env = dict(os.environ, PYTHONPATH=code) if code else None
    with open("/dev/null", "w") as sink:
        out = subprocess.run(cmd, stdout=sink, stderr=subprocess.PIPE, text=True, env=env, cwd=code)
    if out.returncode:
        return {"case": spec, "error": out.stderr.strip().splitlines()[-1]}
    field = lambda label: re.search(re.escape(label) + r": (.*)", out.stderr).group(1)
    h, m, s = (["0"] + field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"))[-3:]
    regions = Arrangement(spec.split()[0], bias="--bias" in spec).count_regions()
    rss = int(field("Maximum resident set size (kbytes)")) * 1024
    return {"case": spec, "regions": regions, "wall_s": round(int(h) * 3600 + int(m) * 60 + float(s), 1),
            "user_cpu_s": float(field("User time (seconds)")), "system_s": float(field("System time (seconds)")),
            "peak_rss_mb": round(rss / 2**20),
            "peak_rss_bytes_per_region": round(rss / regions)}


def build(kind: str, k: int) -> Arrangement:
    if kind == "resonance":
        return Arrangement(resonance(k))
    if kind in ("crosspoly", "braid"):
        return Arrangement({"crosspoly": crosspoly, "braid": braid}[kind](k))
    if kind.startswith("threshold"):
        return Arrangement(threshold(k), bias=True)
    d = int(kind[-1])
    return Arrangement(random_integer(k, d, seed=k, bound=1000))


def run_case(kind: str, k: int) -> dict:
    times = {}
    t = time.perf_counter()
    A = build(kind, k)
    count = A.count_regions()
    times["count"] = time.perf_counter() - t
    if kind.endswith("count"):
        return {"regions": count, "times": times}
    t = time.perf_counter()
    A.witness_matrix(progress=False)
    times["enumerate"] = time.perf_counter() - t
    t = time.perf_counter()
    edges = A.edges()
    times["adjacency"] = time.perf_counter() - t
    t = time.perf_counter()
    A.regions()
    times["objects"] = time.perf_counter() - t
    t = time.perf_counter()
    A.adjacency_graph()
    times["networkx"] = time.perf_counter() - t
    return {"regions": count, "edges": len(edges), "hyperplanes": len(A.hyperplanes), "d": A.d,
            "times": times}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", nargs=2, metavar=("KIND", "K"), help=argparse.SUPPRESS)
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--quick", action="store_true", help="only resonance-5 and threshold-5")
    parser.add_argument("--high-dimension", action="store_true", help="only crosspoly-11/13 and braid-9")
    parser.add_argument("--listing", nargs="*", metavar="CASE", help="whole-process regions --json "
                        f"(default cases: {', '.join(LISTING)})")
    parser.add_argument("--code", metavar="DIR", help="with --listing: run the package in DIR (a checkout "
                        "of another commit, e.g. `git archive main | tar -x -C DIR`), kept bytes not measured")
    parser.add_argument("--kept", metavar="CASE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.kept:
        print(json.dumps(kept_bytes(args.kept)))
        return
    if args.listing is not None:
        results = []
        for spec in args.listing or LISTING:
            res = listing(spec, args.code)
            if "error" not in res and not args.code:
                kept = subprocess.run([sys.executable, __file__, "--kept", spec], capture_output=True, text=True)
                res["kept_bytes_per_region"] = json.loads(kept.stdout) if kept.returncode == 0 else None
            print(json.dumps(res), flush=True)
            results.append(res)
        if args.json:
            with open(args.json, "w") as fh:
                json.dump(results, fh, indent=1)
        return
    if args.case:
        result = run_case(args.case[0], int(args.case[1]))
        result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    cases = REFERENCE if args.quick else HIGH_DIMENSION if args.high_dimension else \
        REFERENCE + SCALING + COUNT_ONLY
    results = []
    header = f"{'case':32} {'regions':>9} {'count s':>8} {'enum s':>7} {'adj s':>6} {'obj s':>6} " \
             f"{'nx s':>6} {'exact total s':>13} {'regions/s':>10} {'RSS MB':>7}"
    print(header)
    for name, kind, k in cases:
        out = subprocess.run([sys.executable, __file__, "--case", kind, str(k)], capture_output=True,
                             text=True, check=True)
        res = json.loads(out.stdout)
        res["case"] = name
        results.append(res)
        t = res["times"]
        if "enumerate" in t:
            total = t["count"] + t["enumerate"] + t["adjacency"] + t["objects"]
            print(f"{name:32} {res['regions']:>9} {t['count']:>8.2f} {t['enumerate']:>7.2f} "
                  f"{t['adjacency']:>6.2f} {t['objects']:>6.2f} {t['networkx']:>6.2f} {total:>13.2f} "
                  f"{res['regions'] / total:>10.0f} {res['max_rss_mb']:>7.0f}")
        else:
            print(f"{name:32} {res['regions']:>9} {t['count']:>8.2f} {'-':>7} {'-':>6} {'-':>6} {'-':>6} "
                  f"{'-':>13} {'-':>10} {res['max_rss_mb']:>7.0f}")
    print("exact total = count + enumerate (witnesses) + adjacency + Region objects; nx = networkx.Graph build")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=1)


if __name__ == "__main__":
    main()
