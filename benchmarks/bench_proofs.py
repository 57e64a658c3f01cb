"""Proof files: size, time to write, time to check.

Regions proofs for threshold-4 with bias (1,882 regions), resonance-5 (11,292) and threshold-5
with bias (94,572); a certificate proof on resonance-5 for a random p scaled so that
sup |eta| is just below 1 (as in bench_certificate.py); solution proofs whose numbers are
algebraic (a number field Q(theta) in the proof): two points with p in Q(sqrt 2, sqrt 5), and
15 points in the plane with a bias (166 regions) whose answer lies in a quartic field.  The check runs the standalone
checker in a fresh process, as a user would (`python certificates/proofs/checker.py FILE`); "check s"
is wall-clock time, "cpu s" the checker's own CPU time (user + system), which a busy machine
inflates less.

    python benchmarks/bench_proofs.py [--quick | --algebraic | --path]   # skip threshold-5 | only the algebraic cases | paths

``--path``: three path proofs (``dualcert path --proof``): the hat on [1/1000, 10] (exact
segments), one point and two points with a bias on [1/10, 4] by continuation only (verified
segments, Krawczyk lambda-boxes); "path s" is the path itself, "write s" the proof, "check s"
the standalone checker in a fresh process.
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
from certificates import Certificate, solve
from certificates.proofs.producer import (proof_of_certificate, proof_of_regions, proof_of_solution,
    write_proof)

CHECKER = Path(__file__).resolve().parents[1] / "certificates" / "checker.py"
PLANE = ([[1, 0], [-2, -2], [-4, 1], [4, 3], [-3, 1], [4, -4], [2, -2], [3, 2], [-2, -2], [-1, -4], [-3, -2],
          [4, -3], [2, -3], [0, -1], [-1, 2]], [-3, 3, -1, -2, 0, -1, -1, 3, -3, -2, 2, -3, 0, -3, 0], 5)


def scaled_p(A):
    rng = random.Random(1)
    p = [Fraction(rng.randint(-100, 100), 100) for _ in range(A.n)]
    sup2 = Certificate(A, p).sup_abs_eta_squared
    return [Fraction(math.floor(10**6 / math.sqrt(sup2)), 10**6) * v for v in p]


def solution_proof(A, y, lam):
    """The proof of the solution of ``P_lam`` on ``A`` (the solve itself is not timed)."""
    s = solve(A, y, lam)
    return lambda A: proof_of_solution(A, s, y)


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
    print(f"{name:28} {len(proof['regions']):>8} {farkas:>9} {os.path.getsize(path) / 1e6:>8.3f} "
          f"{t1 - t0:>8.2f} {t2 - t1:>8.2f} {cpu:>8.2f}  exit {run.returncode}: {run.stdout.splitlines()[-1][:60]}")
    path.unlink()


def bench_paths() -> None:
    from certificates.proofs.path import proof_of_path
    from certificates.solver.path.path import regularisation_path
    checker = Path(__file__).resolve().parents[1] / "certificates" / "proofs" / "checker.py"
    print(f"{'path':26} {'segments':>8} {'boxes':>6} {'MB':>7} {'path s':>7} {'write s':>8} {'check s':>8} {'cpu s':>7}")
    for name, X, y, lo, hi, bias, exact in (("hat, exact", [[-2], [-1], [0], [1], [2]], [0, 1, 2, 1, 0], "1/1000", 10,
                                             True, True), ("one point, verified", [[1]], [2], "1/10", 4, False, False),
                                            ("two points+bias, verified", [[-1], [1]], [1, 1], "1/10", 4, True, False)):
        A = Arrangement(X, bias=bias)
        t0 = time.perf_counter()
        path = regularisation_path(A, y, lo, hi, exact=exact)
        t1 = time.perf_counter()
        proof = proof_of_path(A, path, y)
        target = Path(tempfile.mkdtemp()) / "path.json"
        write_proof(proof, target)
        t2 = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        run = subprocess.run([sys.executable, str(checker), str(target)], capture_output=True, text=True)
        t3 = time.perf_counter()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        segments = proof["claims"]["path"]["segments"]
        boxes = sum(len(s.get("boxes", ())) for s in segments)
        print(f"{name:26} {len(segments):>8} {boxes:>6} {os.path.getsize(target) / 1e6:>7.3f} {t1 - t0:>7.2f} "
              f"{t2 - t1:>8.2f} {t3 - t2:>8.2f} {cpu:>7.2f}  exit {run.returncode}")
        target.unlink()


def main() -> None:
    print(f"load {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores")
    if "--path" in sys.argv:
        return bench_paths()
    print(f"{'case':28} {'regions':>8} {'farkas':>9} {'MB':>8} {'write s':>8} {'check s':>8} {'cpu s':>8}")
    A = Arrangement([[1, 2], [3, -1]])
    measure("2 points, Q(sqrt2, sqrt5)", A, solution_proof(A, [2, -1], "1/5"))
    A = Arrangement(PLANE[0], bias=True)
    measure("15 points+bias, quartic", A, solution_proof(A, *PLANE[1:]))
    if "--algebraic" in sys.argv:
        return
    measure("threshold-4+bias regions", Arrangement(threshold(4), bias=True), proof_of_regions)
    measure("resonance-5 regions", Arrangement(resonance(5)), proof_of_regions)
    measure("resonance-5 certificate", Arrangement(resonance(5)), lambda A: proof_of_certificate(Certificate(A, scaled_p(A))))
    if "--quick" not in sys.argv:
        measure("threshold-5+bias regions", Arrangement(threshold(5), bias=True), proof_of_regions)


if __name__ == "__main__":
    main()
