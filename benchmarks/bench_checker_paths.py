"""The standalone checker on two large but honest proofs: a region listing in Parquet shards
(d = 2, Gaussian rows rounded to 2 decimals, ``regions --out DIR --proofs``) and an exact
answer over a number field with a large leading coefficient (six Gaussian points in R^12,
labels +-1, lambda 1/7, seed 7: degree 20, coefficients of ~400 digits, p of ~3,000 digits).
Each check runs in a fresh process, as a user would; "cpu s" is its CPU time (user + system).

    python benchmarks/bench_checker_paths.py [--rows N] [--bias] [--skip-field] [--checker PATH]

``--checker PATH``: time another copy of the checker (e.g. an older one, from
``git show REV:certificates/proofs/checker.py``) on the same files.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

from arrangement import Arrangement
from arrangement.shards import write_regions
from certificates import solve
from certificates.proofs.producer import proof_of_solution
from certificates.proofs.regions import write_proof
from certificates.proofs.shards import write_shard_proofs

CHECKER = Path(__file__).resolve().parents[1] / "certificates" / "proofs" / "checker.py"


PROBE = """import resource, runpy, sys
sys.argv = sys.argv[1:]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
finally:
    usage = resource.getrusage(resource.RUSAGE_SELF)    # ru_maxrss survives exec: VmHWM
    peak = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM"))
    print(usage.ru_utime + usage.ru_stime, peak, file=sys.stderr)
"""


def timed_check(checker: Path, target: Path) -> tuple:
    """(exit status, CPU seconds, peak MB) of ``python checker target`` in a fresh process."""
    run = subprocess.run([sys.executable, "-c", PROBE, str(checker), str(target)],
                         capture_output=True, text=True)
    cpu, peak = run.stderr.split()[-2:]
    return run.returncode, float(cpu), int(peak) / 1024


def shards(rows: int, bias: bool, tmp: Path, checker: Path) -> None:
    rng = random.Random(0)
    A = Arrangement([[round(rng.gauss(0, 1), 2) for _ in range(2)] for _ in range(rows)], bias=bias)
    start = time.process_time()
    write_regions(A, tmp / "shards", tasks=4)
    write_shard_proofs(tmp / "shards")
    written = time.process_time() - start
    size = sum(f.stat().st_size for f in (tmp / "shards").glob("*.proof.json")) / 1e6
    status, cpu, peak = timed_check(checker, tmp / "shards")
    print(f"shards  n = {rows}, d = 2{' with a bias' if bias else ''}: {A.count_regions()} regions, "
          f"{size:.1f} MB of proofs, write {written:.1f} cpu s; check exit {status}, "
          f"{cpu:.2f} cpu s, peak {peak:.0f} MB")


def field(tmp: Path, checker: Path) -> None:
    rng = random.Random(7)
    X = [[round(rng.gauss(0, 1), 2) for _ in range(12)] for _ in range(6)]
    y = [rng.choice([1, -1]) for _ in range(6)]
    A = Arrangement(X)
    start = time.process_time()
    solution = solve(A, y, Fraction(1, 7))
    solved = time.process_time() - start
    proof = proof_of_solution(A, solution, y)
    written = time.process_time() - start - solved
    polynomial = proof.get("field", {}).get("polynomial", [])
    write_proof(proof, tmp / "field.json")
    status, cpu, peak = timed_check(checker, tmp / "field.json")
    print(f"field   six points in R^12, lambda 1/7: {solution.status}, degree {len(polynomial) - 1}, "
          f"leading coefficient {len(polynomial[-1]) if polynomial else 0} digits; solve {solved:.1f}, "
          f"write {written:.1f} cpu s; check exit {status}, {cpu:.2f} cpu s, peak {peak:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--bias", action="store_true")
    parser.add_argument("--skip-field", action="store_true")
    parser.add_argument("--checker", type=Path, default=CHECKER)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        shards(args.rows, args.bias, Path(tmp), args.checker)
        if not args.skip_field:
            field(Path(tmp), args.checker)


if __name__ == "__main__":
    main()
