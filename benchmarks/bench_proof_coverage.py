"""Proof coverage of solve answers: how many `exact`/`verified` answers have their minimiser
proved by the standalone checker, and what checking costs against solving.

Random mix (seeded): integer data in -5..5, n = 4..8, d = 2..3, every other case with a bias,
labels in -5..5, lambda in {1/10, 1/2, 2}.  Per case: solve (timed), write the proof file
(`proof_of_solution` + `write_proof`, timed), then check it (`json.load` + `checker.check`,
timed, in this process; a user's `python checker.py FILE` adds the interpreter start).
"The minimiser proved" means the checker printed "the minimiser is ..." or "a minimiser is ..." (a Krawczyk box) or
"this measure ... is a minimiser" (an exact answer); a duality-gap ball proves the value and a
ball around p* only, so it does not count.

    python benchmarks/bench_proof_coverage.py [N] [SEED] [FIRST] [LAST]   # N = 200 cases by default

FIRST and LAST (inclusive) run only cases FIRST..LAST of the N drawn (the draws stay those of the
whole mix), so a long run can be split or resumed; the per-case lines carry solve, write and check
times (CPU seconds of this process and its children in brackets).
"""

from __future__ import annotations

import json
import resource
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


def cpu() -> float:
    """CPU seconds of this process and its finished children (the eliminant runs in a child)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def kind(s, lines) -> str:
    """What the checker proved about the answer."""
    if any(line.startswith(("the minimiser is", "a minimiser is", "this measure")) for line in lines):
        return "minimiser proved"
    if any(line.startswith("the optimal value for lambda") for line in lines):
        return "value and p-ball only (duality gap)"
    covered = [line for line in lines if line.startswith("not covered")]
    return covered[0][:110] if covered else "other"


def main(count: int = 200, seed: int = 0, first: int = 0, last: int | None = None) -> int:
    folder = Path(tempfile.mkdtemp(prefix="coverage-"))
    print(f"proofs in {folder}", flush=True)
    outcome, ratios, solve_total, check_total, write_total, failures = Counter(), [], 0.0, 0.0, 0.0, []
    records = []     # (solve, write, check) CPU seconds per exact/verified case
    last = count - 1 if last is None else last
    for k, (rows, y, bias, lam) in enumerate(cases(count, seed)):
        if not first <= k <= last:
            continue
        A = Arrangement(rows, bias=bias)
        c0, t0 = cpu(), time.perf_counter()
        s = solve(A, y, lam)
        c1, t1 = cpu(), time.perf_counter()
        path = folder / f"case{k}.json"
        write_proof(proof_of_solution(A, s, y), path)
        c2, t2 = cpu(), time.perf_counter()
        try:
            with open(path, encoding="utf-8") as handle:
                lines = checker.check(json.load(handle))
        except (checker.Failed, checker.Malformed) as exc:
            lines = [f"FAILED {exc}"]
            failures.append((k, str(exc)))
        c3, t3 = cpu(), time.perf_counter()
        what = kind(s, lines)
        outcome[(s.status, what)] += 1
        if s.status in ("exact", "verified"):
            ratios.append((t3 - t2) / (t1 - t0))
            solve_total, write_total, check_total = solve_total + t1 - t0, write_total + t2 - t1, check_total + t3 - t2
            records.append((k, c1 - c0, c2 - c1, c3 - c2))
        print(f"{k:3d} n={A.n} d={A.d} lam={lam}: {s.status:9s} {what[:60]:60s} solve {t1 - t0:5.2f} s "
              f"write {t2 - t1:5.2f} s check {t3 - t2:5.2f} s [cpu {c1 - c0:.2f} {c2 - c1:.2f} {c3 - c2:.2f}]", flush=True)
    answered = sum(v for (status, _), v in outcome.items() if status in ("exact", "verified"))
    proved = sum(v for (status, what), v in outcome.items() if status in ("exact", "verified")
                 and what == "minimiser proved")
    print(f"\ncases {first}..{last} of {count} (seed {seed}); exact/verified answers {answered}; minimiser proved {proved} "
          f"({proved / max(answered, 1):.0%})")
    for (status, what), v in sorted(outcome.items()):
        print(f"  {v:4d}  {status:9s} {what}")
    if ratios:
        print(f"check / solve time over exact/verified answers: total {check_total:.1f} s / {solve_total:.1f} s = "
              f"{check_total / solve_total:.2f}; per case median {statistics.median(ratios):.2f}, "
              f"max {max(ratios):.2f}; write total {write_total:.1f} s")
    if records:
        print("CPU seconds (solve / write / check), slowest 10 by their sum:")
        for k, *times in sorted(records, key=lambda r: -sum(r[1:]))[:10]:
            print(f"  case {k:3d}: " + " / ".join(f"{t:.2f}" for t in times))
        for name, column in (("solve", 1), ("write", 2), ("check", 3)):
            values = [r[column] for r in records]
            print(f"  {name}: mean {statistics.mean(values):.2f}, median {statistics.median(values):.2f}, "
                  f"total {sum(values):.1f}")
        print(f"  check / solve CPU: total {sum(r[3] for r in records) / max(sum(r[1] for r in records), 1e-9):.2f}, "
              f"cases above 2: {[r[0] for r in records if r[3] > 2 * r[1]]}")
    print(f"checker failures: {len(failures)}" + "".join(f"\n  case {k}: {m}" for k, m in failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:5])))
