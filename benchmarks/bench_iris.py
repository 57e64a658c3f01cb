"""Real data too large to enumerate, solved without enumeration: wall time and peak memory.

Cases: the three iris pairs with a bias (4 features, 100 points, 7.2 - 7.4 million regions) at
lambda 1/10 and 1, or built-in data sets given by name.  Each case runs ``solve``
(which takes the no-enumeration route above ``certificates.solver.large.LARGE_REGIONS``
regions: column generation over patterns with the tree oracle, then the end-game on the
regions around the atoms) in its own process with a time limit; per case: the region count,
status, atoms, the support bound, uniqueness, the column-generation iterations, wall time and
CPU time (on a shared machine the fairer figure) and peak resident memory (``resource``).  A case over the time limit prints ``timeout`` and the last
column-generation line it reached.

    python benchmarks/bench_iris.py [--seconds S] [NAME:LAMBDA ...]
    python benchmarks/bench_iris.py --seconds 600 iris:versicolor-virginica:1/10 iris:versicolor-virginica:1
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

CASES = ("iris:versicolor-virginica:1/10", "iris:versicolor-virginica:1", "iris:setosa-versicolor:1/10",
         "iris:setosa-versicolor:1", "iris:setosa-virginica:1/10", "iris:setosa-virginica:1")

CHILD = r"""
import json, resource, sys, time
from certificates.solver.minimiser import solve
name, lam = sys.argv[1], sys.argv[2]
t = time.time()
def step(k, cones, top):
    print("iteration", k, "columns", cones, "max eta^2 found", round(top, 6), "at", round(time.time() - t, 1), "s",
          file=sys.stderr, flush=True)
s = solve(name, None, lam, bias=True, on_iteration=step)
c = s.certificate
print(json.dumps({"status": s.status, "atoms": len(s.atoms), "support_bound": c["support_bound"],
                  "unique": c["unique"], "regions": c["n_regions"], "iterations": s.solver.get("iterations"),
                  "enumerated": s.solver.get("enumerated", True), "seconds": round(time.time() - t, 1),
                  "cpu_seconds": round(sum(resource.getrusage(resource.RUSAGE_SELF)[:2]), 1),
                  "peak_MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))
"""


def run(case: str, seconds: float) -> dict:
    name, lam = case.rsplit(":", 1)
    start = time.time()
    try:
        done = subprocess.run([sys.executable, "-c", CHILD, name, lam], capture_output=True, text=True,
                              timeout=seconds)
    except subprocess.TimeoutExpired as e:
        err = (e.stderr or b"").decode() if isinstance(e.stderr, bytes) else (e.stderr or "")
        last = err.strip().splitlines()[-1] if err.strip() else ""
        return {"case": case, "status": "timeout", "seconds": round(time.time() - start, 1), "last": last}
    if done.returncode != 0:
        return {"case": case, "status": "error", "error": done.stderr.strip().splitlines()[-1:]}
    return {"case": case, **json.loads(done.stdout.strip().splitlines()[-1])}


def main(argv) -> None:
    seconds = 600.0
    if argv[:1] == ["--seconds"]:
        seconds, argv = float(argv[1]), argv[2:]
    for case in argv or CASES:
        print(json.dumps(run(case, seconds)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
