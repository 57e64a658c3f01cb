"""Pruned-tree proofs of solves on the no-enumeration route: nodes, file size, write and check time.

Cases: random Gaussian data rounded to 2 decimals with a bias (n = 40, d = 3, lambda 1 or
``--lam L``, seeds 0..2; at lambda 1/10 the answers were numerical, and a numerical answer's
proof still lists every region), solved with ``certificates.solver.large.LARGE_REGIONS`` forced to 0 so that the
route and its proof never enumerate the regions; and, with ``--iris``, iris
versicolor/virginica with a bias at lambda 1 (7,257,668 regions: the route is taken anyway).
Per case, in its own process: solve (CPU s), write the proof (CPU s), its nodes and size, then
the standalone checker in a fresh process (its CPU s, from ``resource`` of the child).

    python benchmarks/bench_tree_proofs.py [--iris] [--seeds K] [--lam L]
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, sys, time
import numpy as np
from fractions import Fraction
from arrangement import Arrangement
from arrangement.data import load_data
from certificates.solver import large
from certificates.solver.minimiser import solve
from certificates.proofs.producer import proof_of_solution, write_proof
case, out, gauss_lam = sys.argv[1], sys.argv[2], Fraction(sys.argv[3])
if case.startswith("gauss"):
    seed = int(case.split(":")[1])
    rng = np.random.default_rng(seed)
    X = np.round(rng.standard_normal((40, 3)), 2)
    y = np.round(rng.standard_normal(40), 2)
    A = Arrangement([[Fraction(str(v)) for v in row] for row in X], bias=True)
    y, lam = [Fraction(str(v)) for v in y], gauss_lam
    large.LARGE_REGIONS = 0
else:
    data = load_data("iris:versicolor-virginica")
    A, y, lam = Arrangement(data.X, bias=True), data.y, Fraction(1)
t = time.process_time()
s = solve(A, y, lam)
solved = time.process_time() - t
proof = proof_of_solution(A, s, y)
write_proof(proof, out)
written = time.process_time() - t - solved
tree = proof.get("tree") or {}
print(json.dumps({"case": case, "status": s.status, "atoms": len(s.atoms), "enumerated": s.solver.get("enumerated", True),
                  "solve_cpu": round(solved, 1), "write_cpu": round(written, 1),
                  "nodes": len(tree.get("plus", [])) + len(tree.get("minus", [])), "regions_listed": len(proof["regions"])}))
"""


def run(case: str, folder: str, lam: str) -> dict:
    out = str(Path(folder) / (case.replace(":", "-") + ".json"))
    done = subprocess.run([sys.executable, "-c", CHILD, case, out, lam], capture_output=True, text=True)
    if done.returncode != 0:
        return {"case": case, "error": done.stderr.strip().splitlines()[-1:]}
    row = json.loads(done.stdout.strip().splitlines()[-1])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.time()
    check = subprocess.run([sys.executable, "-m", "certificates.proofs.checker", out, "--json"], capture_output=True,
                           text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    verdict = json.loads(check.stdout) if check.stdout.startswith("{") else {}
    minimiser = [c["status"] for c in verdict.get("claims", []) if c["claim"] == "minimiser"]
    row.update({"MB": round(Path(out).stat().st_size / 1e6, 2), "check_exit": check.returncode,
                "minimiser": minimiser[:1], "check_cpu": round(after.ru_utime + after.ru_stime - before.ru_utime
                                                               - before.ru_stime, 1),
                "check_wall": round(time.time() - start, 1)})
    return row


def main(argv) -> None:
    seeds = int(argv[argv.index("--seeds") + 1]) if "--seeds" in argv else 3
    lam = argv[argv.index("--lam") + 1] if "--lam" in argv else "1"
    cases = [f"gauss:{k}" for k in range(seeds)] + (["iris"] if "--iris" in argv else [])
    with tempfile.TemporaryDirectory() as folder:
        for case in cases:
            print(json.dumps(run(case, folder, lam)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
