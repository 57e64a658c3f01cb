"""Real data too large to enumerate, solved without enumeration: wall time and peak memory.

Cases: the three iris pairs with a bias (4 features, 100 points, 7.2 - 7.4 million regions) at
lambda 1/10 and 1, or built-in data sets given by name.  Each case runs ``solve``
(which takes the no-enumeration route above ``certificates.solver.large.LARGE_REGIONS``
regions: column generation over patterns with the tree oracle, then the end-game on the
regions around the atoms) in its own process with a time limit; per case: the region count,
status, atoms, the support bound, uniqueness, the column-generation iterations, wall time and
CPU time (on a shared machine the fairer figure) and peak resident memory (``resource``).  A case over the time limit prints ``timeout`` and the last
column-generation line it reached.

``--large``: the other real data sets of 10^7 regions or more instead (:data:`LARGE`: the
one-against-the-rest iris tasks, 150 points, 38,041,538 regions; four wine features of the
cultivar pairs 2-3, 1-3 and 1-2: 15.9, 10.3 and 22.7 million; diabetes with its three features most
correlated with the label, standardised: 28.6 million).  ``--proof DIR``: also write each
answer's proof (``dualcert solve --proof``) to DIR and check it with the standalone checker,
with the CPU time of both (``proof_cpu_seconds``, ``check_cpu_seconds``, ``check_exit``).
A case ``NAME:LAMBDA:standardized`` reads the data as ``dualcert solve NAME --bias --standardize
--standardize-labels`` does (features and labels as z-scores rounded to 3 decimals; the same code).

    python benchmarks/bench_iris.py [--seconds S] [--large] [--proof DIR] [NAME:LAMBDA ...]
    python benchmarks/bench_iris.py --seconds 600 iris:versicolor-virginica:1/10 iris:versicolor-virginica:1
    python benchmarks/bench_iris.py 'diabetes[bmi,bp,s5]:1:standardized'
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time

CASES = ("iris:versicolor-virginica:1/10", "iris:versicolor-virginica:1", "iris:setosa-versicolor:1/10",
         "iris:setosa-versicolor:1", "iris:setosa-virginica:1/10", "iris:setosa-virginica:1")

STANDARDIZED = ":standardized"
"""A case ending so is solved as ``dualcert solve NAME --bias --lam L --standardize --standardize-labels``."""

FOUR = "[alcohol,flavanoids,color_intensity,proline]"
LARGE = tuple(f"iris:{task}-rest:{lam}" for task in ("virginica", "versicolor") for lam in ("1/10", "1/2", "1", "10")) \
    + (f"wine:2-3{FOUR}:1", f"wine:2-3{FOUR}:10", f"wine:2-3{FOUR}:100", "iris:setosa-rest:1") \
    + tuple(f"wine:{pair}{FOUR}:{lam}" for pair in ("1-3", "1-2") for lam in ("1/10", "1")) \
    + tuple(f"diabetes[bmi,bp,s5]:{lam}{STANDARDIZED}" for lam in ("1/10", "1"))

CHILD = r"""
import argparse, json, resource, sys, time
from certificates.cli.standardize import standardized_arrangement
from certificates.solver.minimiser import solve
name, lam, proof, standardized = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
t = time.time()
def step(k, cones, top):
    print("iteration", k, "columns", cones, "max eta^2 found", round(top, 6), "at", round(time.time() - t, 1), "s",
          file=sys.stderr, flush=True)
# the command line's own reading of DATA (dualcert solve NAME --bias [--standardize --standardize-labels])
A, _ = standardized_arrangement(argparse.Namespace(data=name, label=None, bias=True, decimals=None,
                                                   standardize=standardized, standardize_labels=standardized))
s = solve(A, lam=lam, on_iteration=step)
c = s.certificate
print(json.dumps({"status": s.status, "atoms": len(s.atoms), "support_bound": c["support_bound"],
                  "unique": c["unique"], "regions": c["n_regions"], "iterations": s.solver.get("iterations"),
                  "enumerated": s.solver.get("enumerated", True), "seconds": round(time.time() - t, 1),
                  "cpu_seconds": round(sum(resource.getrusage(resource.RUSAGE_SELF)[:2]), 1),
                  "peak_MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}), flush=True)
if proof:
    import subprocess
    from certificates.proofs.producer import proof_of_solution, write_proof
    c0 = time.process_time()
    write_proof(proof_of_solution(A, s), proof)
    made = round(time.process_time() - c0, 1)
    run = subprocess.run([sys.executable, "-m", "certificates.proofs.checker", proof], capture_output=True, text=True)
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"proof_cpu_seconds": made, "check_cpu_seconds": round(child[0] + child[1], 1),
                      "check_exit": run.returncode, "check_last": run.stdout.strip().splitlines()[-1:]}))
"""


def run(case: str, seconds: float, proof_dir: str | None = None) -> dict:
    standardized = case.endswith(STANDARDIZED)
    name, lam = case.removesuffix(STANDARDIZED).rsplit(":", 1)
    proof = "" if proof_dir is None else \
        os.path.join(proof_dir, re.sub(r"[^A-Za-z0-9_-]+", "_", case).strip("_") + ".json")
    start = time.time()
    try:
        done = subprocess.run([sys.executable, "-c", CHILD, name, lam, proof, str(int(standardized))], capture_output=True, text=True,
                              timeout=seconds)
    except subprocess.TimeoutExpired as e:
        err = (e.stderr or b"").decode() if isinstance(e.stderr, bytes) else (e.stderr or "")
        last = err.strip().splitlines()[-1] if err.strip() else ""
        return {"case": case, "status": "timeout", "seconds": round(time.time() - start, 1), "last": last}
    if done.returncode != 0:
        return {"case": case, "status": "error", "error": done.stderr.strip().splitlines()[-1:]}
    out = {"case": case}
    for line in done.stdout.strip().splitlines():
        out.update(json.loads(line))
    return out


def main(argv) -> None:
    seconds, cases, proof_dir = 600.0, CASES, None
    while argv[:1] and argv[0] in ("--seconds", "--large", "--proof"):
        if argv[0] == "--large":
            cases, argv = LARGE, argv[1:]
        elif argv[0] == "--proof":
            proof_dir, argv = argv[1], argv[2:]
            os.makedirs(proof_dir, exist_ok=True)
        else:
            seconds, argv = float(argv[1]), argv[2:]
    for case in argv or cases:
        print(json.dumps(run(case, seconds, proof_dir)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
