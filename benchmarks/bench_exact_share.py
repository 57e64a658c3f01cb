"""Share of `exact` answers on random data, and time per solve.

Random data n = 4..8 points in Z^d, d = 2..3 (entries -3..3), labels -3..3, with and without a
bias, lambda in {1/10, 1/2, 2}; every answer re-checked independently by tests/exact_check.py.
Run it with the code to measure importable as ``certificates`` (e.g. another checkout's venv for
"before"):

    python benchmarks/bench_exact_share.py [N] [SEED] [FIRST] [LAST]   # N = 40 cases by default; FIRST..LAST of them
    cd /tmp && /path/to/other/venv/bin/python /path/to/benchmarks/bench_exact_share.py 40

Prints one line per case (status, seconds) and the summary: counts per status, share exact,
mean / median / max seconds per solve, answers found wrong.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from fractions import Fraction
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "helpers"))

from certificates import solve  # noqa: E402
from exact_check import check  # noqa: E402

LAMBDAS = (Fraction(1, 10), Fraction(1, 2), Fraction(2))


def cases(count: int, seed: int):
    """``count`` cases cycling through n = 4..8, d = 2..3 and bias, random entries and lambda."""
    rng = np.random.default_rng(seed)
    for k in range(count):
        n, d, bias = 4 + k % 5, 2 + (k // 5) % 2, bool((k // 10) % 2)
        rows = rng.integers(-3, 4, size=(n, d)).tolist()
        labels = rng.integers(-3, 4, size=n).tolist()
        yield rows, labels, bias, LAMBDAS[int(rng.integers(0, len(LAMBDAS)))]


def main(count: int = 40, seed: int = 0, first: int = 0, last: int | None = None) -> int:
    statuses, times, wrong = Counter(), [], []
    for k, (rows, labels, bias, lam) in enumerate(cases(count, seed)):
        if not first <= k <= (count - 1 if last is None else last):
            continue
        start = time.perf_counter()
        s = solve(rows, labels, lam, bias=bias)
        seconds = time.perf_counter() - start
        problems = check(rows, labels, lam, bias, s)
        statuses[s.status] += 1
        times.append(seconds)
        if problems:
            wrong.append((k, problems))
        print(f"{k:3d} n={len(rows)} d={len(rows[0])} bias={int(bias)} lam={lam}: {s.status:9s} {seconds:6.2f} s"
              + (f"  WRONG {problems}" if problems else ""), flush=True)
    print(f"cases {len(times)} of {count}: {dict(statuses)}; exact share {statuses['exact'] / len(times):.1%}; "
          f"seconds per solve mean {statistics.mean(times):.2f}, median {statistics.median(times):.2f}, "
          f"max {max(times):.2f}; wrong {len(wrong)}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:5])))
