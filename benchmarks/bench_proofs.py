"""Proof files: size, time to write, time to check (issue 11).

Regions proofs for threshold-4 with bias (1,882 regions), resonance-5 (11,292) and threshold-5
with bias (94,572); a certificate proof on resonance-5 for a random p scaled so that
sup |eta| is just below 1 (as in bench_certificate.py).  The check runs the standalone
checker in a fresh process, as a user would (`python certificates/checker.py FILE`); "check s"
is wall-clock time, "cpu s" the checker's own CPU time (user + system), which a busy machine
inflates less.

    python benchmarks/bench_proofs.py [--quick]     # --quick: skip threshold-5
"""

from __future__ import annotations

import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

from arrangement import Arrangement
from arrangement.datasets import resonance, threshold
from certificates import Certificate
from certificates.proof import proof_of_certificate, proof_of_regions, write_proof

CHECKER = Path(__file__).resolve().parents[1] / "certificates" / "checker.py"


def scaled_p(A):
    rng = random.Random(1)
    p = [Fraction(rng.randint(-100, 100), 100) for _ in range(A.n)]
    sup2 = Certificate(A, p).sup_abs_eta_squared
    return [Fraction(math.floor(10**6 / math.sqrt(sup2)), 10**6) * v for v in p]


def measure(name, A, build):
    A.regions(progress=False)
    t0 = time.perf_counter()
    proof = build(A)
    path = Path(tempfile.mkdtemp()) / "proof.json"
    write_proof(proof, path)
    t1 = time.perf_counter()
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    run = subprocess.run([sys.executable, str(CHECKER), str(path)], capture_output=True, text=True)
    t2 = time.perf_counter()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
    farkas = sum(len(r.get("farkas", ())) for r in proof["regions"])
    print(f"{name:28} {len(proof['regions']):>8} {farkas:>9} {os.path.getsize(path) / 1e6:>8.1f} "
          f"{t1 - t0:>8.1f} {t2 - t1:>8.1f} {cpu:>8.1f}  exit {run.returncode}: {run.stdout.splitlines()[-1][:60]}")
    path.unlink()


def main() -> None:
    print(f"load {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores")
    print(f"{'case':28} {'regions':>8} {'farkas':>9} {'MB':>8} {'write s':>8} {'check s':>8} {'cpu s':>8}")
    measure("threshold-4+bias regions", Arrangement(threshold(4), bias=True), proof_of_regions)
    measure("resonance-5 regions", Arrangement(resonance(5)), proof_of_regions)
    measure("resonance-5 certificate", Arrangement(resonance(5)), lambda A: proof_of_certificate(Certificate(A, scaled_p(A))))
    if "--quick" not in sys.argv:
        measure("threshold-5+bias regions", Arrangement(threshold(5), bias=True), proof_of_regions)


if __name__ == "__main__":
    main()
