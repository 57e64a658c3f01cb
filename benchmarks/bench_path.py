"""Certified regularisation path on random data: n = 6 points, d = 2 and 3, with a bias, on
lambda in [1/100, 10] (``python benchmarks/bench_path.py``).  Reports the time, the number of
segments and boxes, and the statuses.  Data: Gaussian, rounded to 2 decimals (exact rationals),
labels Gaussian rounded likewise; seeds fixed.

Measured 2026-11-23 on the 2-core machine at load average 5-7 (the test suite and other
sessions running at the same time, so pessimistic), tolerance 1e-8 for the breakpoints:

| n | d | seed | time (s) | segments | boxes |
|---|---|---|---|---|---|
| 6 | 2 | 0 | 20.8 | 7 | 193 |
| 6 | 2 | 1 | 44.6 | 12 | 437 |
| 6 | 2 | 2 | 54.6 | 21 | 657 |
| 6 | 3 | 0 | 16.3 | 8 | 306 |
| 6 | 3 | 1 | 12.7 | 12 | 439 |
| 6 | 3 | 2 | 7.2 | 8 | 272 |

Every segment proved (the top one, mu = 0, exact; the others verified)."""

from __future__ import annotations

import sys
import time
from fractions import Fraction

import numpy as np

from certificates.solver.path.path import regularisation_path


def case(n: int, d: int, seed: int):
    rng = np.random.default_rng(seed)
    X = [[Fraction(round(float(v), 2)).limit_denominator(100) for v in row] for row in rng.standard_normal((n, d))]
    y = [Fraction(round(float(v), 2)).limit_denominator(100) for v in rng.standard_normal(n)]
    return X, y


def main(seeds=(0, 1, 2)) -> None:
    print("| n | d | seed | time (s) | segments | statuses | boxes | breakpoints (events) |")
    print("|---|---|---|---|---|---|---|---|")
    for d in (2, 3):
        for seed in seeds:
            X, y = case(6, d, seed)
            start = time.perf_counter()
            path = regularisation_path(X, y, Fraction(1, 100), 10, bias=True)
            elapsed = time.perf_counter() - start
            statuses = ",".join(sorted({s.status for s in path.segments}))
            events = "; ".join(b.event for b in path.breakpoints)
            print(f"| 6 | {d} | {seed} | {elapsed:.1f} | {len(path.segments)} | {statuses} | "
                  f"{sum(s.boxes for s in path.segments)} | {events} |", flush=True)


if __name__ == "__main__":
    main(tuple(int(v) for v in sys.argv[1:]) or (0, 1, 2))
