"""Proof coverage of solve answers: how many `exact`/`verified` answers have their minimiser
proved by the standalone checker, and what checking costs against solving.

Random mix (seeded): integer data in -5..5, n = 4..8, d = 2..3, every other case with a bias,
labels in -5..5, lambda in {1/10, 1/2, 2}.  Per case: solve (timed), write the proof file
(`proof_of_solution` + `write_proof`, timed), then check it (`json.load` + `checker.check`,
timed, in this process; a user's `python checker.py FILE` adds the interpreter start).
"The minimiser proved" means the checker printed "the minimiser is ..." or "a minimiser is ..." (a Krawczyk box) or
"this measure ... is a minimiser" (an exact answer); a duality-gap ball proves the value and a
ball around p* only, so it does not count.

    python benchmarks/bench_proof_coverage.py [N] [SEED]        # N = 200 cases by default
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from fractions import Fraction
from pathlib import Path

import numpy as np

from arrangement import Arrangement
from certificates import solve
from certificates.proofs import checker
from certificates.proofs.producer import proof_of_solution, write_proof

LAMBDAS = (Fraction(1, 10), Fraction(1, 2), Fraction(2))


def cases(count: int, seed: int):
    rng = np.random.default_rng(seed)
    for k in range(count):
        n, d = int(rng.integers(4, 9)), int(rng.integers(2, 4))
        yield (rng.integers(-5, 6, size=(n, d)).tolist(), rng.integers(-5, 6, size=n).tolist(), bool(k % 2),
               LAMBDAS[int(rng.integers(0, 3))])


def kind(s, lines) -> str:
    """What the checker proved about the answer."""
    if any(line.startswith(("the minimiser is", "a minimiser is", "this measure")) for line in lines):
        return "minimiser proved"
    if any(line.startswith("the optimal value for lambda") for line in lines):
        return "value and p-ball only (duality gap)"
    covered = [line for line in lines if line.startswith("not covered")]
    return covered[0][:110] if covered else "other"


def main(count: int = 200, seed: int = 0) -> int:
    folder = Path(tempfile.mkdtemp())
    outcome, ratios, solve_total, check_total, write_total, failures = Counter(), [], 0.0, 0.0, 0.0, []
    for k, (rows, y, bias, lam) in enumerate(cases(count, seed)):
        A = Arrangement(rows, bias=bias)
        t0 = time.perf_counter()
        s = solve(A, y, lam)
        t1 = time.perf_counter()
        path = folder / f"case{k}.json"
        write_proof(proof_of_solution(A, s, y), path)
        t2 = time.perf_counter()
        try:
            with open(path, encoding="utf-8") as handle:
                lines = checker.check(json.load(handle))
        except (checker.Failed, checker.Malformed) as exc:
            lines = [f"FAILED {exc}"]
            failures.append((k, str(exc)))
        t3 = time.perf_counter()
        what = kind(s, lines)
        outcome[(s.status, what)] += 1
        if s.status in ("exact", "verified"):
            ratios.append((t3 - t2) / (t1 - t0))
            solve_total, write_total, check_total = solve_total + t1 - t0, write_total + t2 - t1, check_total + t3 - t2
        print(f"{k:3d} n={A.n} d={A.d} lam={lam}: {s.status:9s} {what[:60]:60s} solve {t1 - t0:5.2f} s "
              f"write {t2 - t1:5.2f} s check {t3 - t2:5.2f} s", flush=True)
    answered = sum(v for (status, _), v in outcome.items() if status in ("exact", "verified"))
    proved = sum(v for (status, what), v in outcome.items() if status in ("exact", "verified")
                 and what == "minimiser proved")
    print(f"\ncases {count} (seed {seed}); exact/verified answers {answered}; minimiser proved {proved} "
          f"({proved / max(answered, 1):.0%})")
    for (status, what), v in sorted(outcome.items()):
        print(f"  {v:4d}  {status:9s} {what}")
    if ratios:
        print(f"check / solve time over exact/verified answers: total {check_total:.1f} s / {solve_total:.1f} s = "
              f"{check_total / solve_total:.2f}; per case median {statistics.median(ratios):.2f}, "
              f"max {max(ratios):.2f}; write total {write_total:.1f} s")
    print(f"checker failures: {len(failures)}" + "".join(f"\n  case {k}: {m}" for k, m in failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:3])))
