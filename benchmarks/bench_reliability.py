"""Reliability of the solver: many random small solves, each re-checked independently.

Every answer is re-checked by tests/exact_check.py (exact arithmetic from the reported p and
atoms for `exact`; enclosing objectives and sampled feasibility for `verified`).  Reports the
counts exact / verified / numerical / errors, how many were found wrong, and the time.

    python benchmarks/bench_reliability.py [N] [SEED]      # N = 2000 by default
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from fractions import Fraction
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "helpers"))

from arrangement import Arrangement, DualcertError  # noqa: E402
from certificates import solve  # noqa: E402
from exact_check import check  # noqa: E402

LAMBDAS = (Fraction(1, 10), Fraction(1, 2), Fraction(1), Fraction(2))


def random_case(rng):
    n, d = int(rng.integers(3, 9)), int(rng.integers(1, 4))
    rows = rng.integers(-3, 4, size=(n, d)).tolist()
    labels = rng.integers(-3, 4, size=n).tolist()
    return rows, labels, bool(rng.integers(0, 2)), LAMBDAS[int(rng.integers(0, len(LAMBDAS)))]


def main(count: int = 2000, seed: int = 0) -> int:
    rng = np.random.default_rng(seed)
    counts, wrong, slowest = Counter(), [], (0.0, None)
    start = time.perf_counter()
    for k in range(count):
        rows, labels, bias, lam = case = random_case(rng)
        method = "cg" if k % 2 == 0 else "conic"
        t = time.perf_counter()
        try:
            s = solve(Arrangement(rows, bias=bias), labels, lam, method=method)
        except DualcertError as error:
            counts["error"] += 1
            print(f"case {k}: error {error}: {case}", flush=True)
            continue
        except Exception as crash:   # a bug, not an answer: counted and shown, the run goes on
            counts["crash"] += 1
            print(f"case {k}: CRASH {type(crash).__name__}: {crash}: {case}, {method}", flush=True)
            continue
        elapsed = time.perf_counter() - t
        slowest = max(slowest, (elapsed, k))
        counts[s.status] += 1
        problems = check(rows, labels, lam, bias, s)
        if problems:
            wrong.append((k, case, method, s.status, problems))
            print(f"case {k} WRONG ({s.status}, {method}): {problems}: {case}", flush=True)
        if (k + 1) % 100 == 0:
            print(f"{k + 1} solves, {dict(counts)}, wrong {len(wrong)}, "
                  f"{time.perf_counter() - start:.0f} s", flush=True)
    total = time.perf_counter() - start
    print(f"\n{count} random solves (n 3..8, d 1..3, bias or not, entries and labels in -3..3, "
          f"lambda in {{1/10, 1/2, 1, 2}}, cg and conic alternating), seed {seed}")
    print(f"exact {counts['exact']}, verified {counts['verified']}, numerical {counts['numerical']}, "
          f"errors {counts['error']}, crashes {counts['crash']}; wrong: {len(wrong)}")
    print(f"time {total:.0f} s (mean {total / count:.3f} s per solve and check, slowest solve "
          f"{slowest[0]:.2f} s, case {slowest[1]})")
    return 1 if wrong or counts["crash"] else 0


if __name__ == "__main__":
    sys.exit(main(*(int(v) for v in sys.argv[1:3])))
