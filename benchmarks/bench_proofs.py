"""Proof files: size, time to write, time to check.

Regions proofs for threshold-4 with bias (1,882 regions), resonance-5 (11,292) and threshold-5
with bias (94,572); a certificate proof on resonance-5 for a random p scaled so that
sup |eta| is just below 1 (as in bench_certificate.py); solution proofs whose numbers are
algebraic (a number field Q(theta) in the proof): two points with p in Q(sqrt 2, sqrt 5), and
15 points in the plane with a bias (166 regions) whose answer lies in a quartic field.  The check runs the standalone
checker in a fresh process, as a user would (`python certificates/proofs/checker.py FILE`); "check s"
is wall-clock time, "cpu s" the checker's own CPU time (user + system), which a busy machine
inflates less.

    python benchmarks/bench_proofs.py [--quick | --algebraic | --path [--limit S]]   # skip threshold-5 | only the algebraic cases | paths

``--path``: path proofs (``dualcert path --proof``): the hat on [1/1000, 10] and on [1e-30, 1e30]
(exact segments), one point and two points with a bias on [1/10, 4] by continuation only
(verified segments, Krawczyk lambda-boxes), and three small random paths on [1/100, 10]; each
in its own process, stopped after S seconds (600).  "path s" is the path itself, "write s" the
proof, "check s" the standalone checker in a fresh process; "cover" the fraction of
[lam_min, lam_max] in segments the checker proves, "log" the same in log lambda.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
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

CHECKER = Path(__file__).resolve().parents[1] / "certificates" / "proofs" / "checker.py"
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


def write_and_check(proof: dict) -> tuple:
    """Write ``proof`` to a temporary file and check it with the standalone checker in a fresh
    process (``--json``): (MB, write s, check s, the checker's CPU s, exit status, verdict)."""
    path = Path(tempfile.mkdtemp()) / "proof.json"
    t0 = time.perf_counter()
    write_proof(proof, path)
    t1 = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run = subprocess.run([sys.executable, str(CHECKER), str(path), "--json"], capture_output=True, text=True)
    t2 = time.perf_counter()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    megabytes = os.path.getsize(path) / 1e6
    path.unlink()
    verdict = json.loads(run.stdout) if run.stdout.strip() else {"claims": [], "error": run.stderr.strip()}
    return megabytes, t1 - t0, t2 - t1, cpu, run.returncode, verdict


def measure(name, A, build):
    A.regions(progress=False)
    t0 = time.perf_counter()
    proof = build(A)
    build_seconds = time.perf_counter() - t0
    megabytes, write_seconds, check_seconds, cpu, code, verdict = write_and_check(proof)
    farkas = sum(len(r.get("farkas", ())) for r in proof["regions"])
    last = verdict["claims"][-1]["claim"] if verdict["claims"] else verdict.get("error", "")
    print(f"{name:28} {len(proof['regions']):>8} {farkas:>9} {megabytes:>8.3f} "
          f"{build_seconds + write_seconds:>8.2f} {check_seconds:>8.2f} {cpu:>8.2f}  exit {code}: {last[:60]}")


PATHS = {"hat, exact": ([[-2], [-1], [0], [1], [2]], [0, 1, 2, 1, 0], "1/1000", "10", True, True),
         "hat, 1e-30..1e30": ([[-2], [-1], [0], [1], [2]], [0, 1, 2, 1, 0], "1e-30", "1e30", True, True),
         "one point, verified": ([[1]], [2], "1/10", "4", False, False),
         "two points+bias, verified": ([[-1], [1]], [1, 1], "1/10", "4", True, False)}


def random_paths(seed: int = 7, count: int = 3) -> dict:
    """Small random paths: n in 2..4 points in d = 1 or 2 with integer coordinates and labels in
    -3..3, on [1/100, 10], with or without a bias."""
    rng = random.Random(seed)
    out = {}
    for k in range(count):
        n, d = rng.randint(2, 4), rng.randint(1, 2)
        X = [[rng.randint(-3, 3) for _ in range(d)] for _ in range(n)]
        y = [rng.randint(-3, 3) for _ in range(n)]
        out[f"random {k} (seed {seed})"] = (X, y, "1/100", "10", rng.random() < 0.5, True)
    return out


def coverage(result, lam_min, lam_max) -> tuple:
    """The fraction of [lam_min, lam_max] whose segments the checker proved, in lambda and in
    log lambda."""
    lin = log = 0
    for claim in result["claims"]:
        found = re.fullmatch(r"segment \d+: \[(\S+), (\S+)\]", claim["claim"])
        if found and claim["status"] == "proved":
            a, b = Fraction(found[1]), Fraction(found[2])
            lin, log = lin + (b - a), log + math.log(b / a)
    return float(lin / (lam_max - lam_min)), log / math.log(lam_max / lam_min)


def one_path(name: str) -> None:
    from certificates.proofs.path import proof_of_path
    from certificates.solver.path.path import regularisation_path
    X, y, lo, hi, bias, exact = {**PATHS, **random_paths()}[name]
    A = Arrangement(X, bias=bias)
    t0 = time.perf_counter()
    path = regularisation_path(A, y, lo, hi, exact=exact)
    t1 = time.perf_counter()
    proof = proof_of_path(A, path, y)
    build_seconds = time.perf_counter() - t1
    megabytes, write_seconds, check_seconds, cpu, code, verdict = write_and_check(proof)
    segments = proof["claims"]["path"]["segments"]
    boxes = sum(len(s.get("boxes", ())) for s in segments)
    lin, log = coverage(verdict, path.lam_min, path.lam_max)
    print(f"{name:26} {len(segments):>8} {boxes:>6} {megabytes:>7.3f} {t1 - t0:>7.2f} "
          f"{build_seconds + write_seconds:>8.2f} {check_seconds:>8.2f} {cpu:>7.2f} {lin:>6.3f} {log:>6.3f}  "
          f"exit {code}", flush=True)


def bench_paths(limit: float) -> None:
    """Each path in its own process, stopped after ``limit`` seconds."""
    print(f"{'path':26} {'segments':>8} {'boxes':>6} {'MB':>7} {'path s':>7} {'write s':>8} {'check s':>8} "
          f"{'cpu s':>7} {'cover':>6} {'log':>6}")
    for name in {**PATHS, **random_paths()}:
        try:
            subprocess.run([sys.executable, __file__, "--one-path", name], timeout=limit)
        except subprocess.TimeoutExpired:
            print(f"{name:26} not finished in {limit:.0f} s (path and proof)", flush=True)


def main() -> None:
    if "--one-path" in sys.argv:
        return one_path(sys.argv[sys.argv.index("--one-path") + 1])
    print(f"load {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores")
    if "--path" in sys.argv:
        limit = float(sys.argv[sys.argv.index("--limit") + 1]) if "--limit" in sys.argv else 600
        return bench_paths(limit)
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
