"""Speed of solving and certifying: both methods, against each other.

Cases: Gaussian data rounded to 3 decimals (exact decimals), Gaussian labels rounded to 2,
n = 50, d = 3 (2,452 regions) and n = 20, d = 5 (10,072 regions), each at two lambdas, with the
full conic program (a) and column generation (b); and (b) alone on threshold-5 with a bias
(94,572 regions) and random +-1 labels.  Timed from the enumerated arrangement (enumeration is
reported separately) to the certified solution; the numerical objectives of (a) and (b) (before
the end-game, which maps both to the same certified solution) are compared.

    python benchmarks/bench_solver.py            # all cases
    python benchmarks/bench_solver.py --quick    # the two random cases with (b) only
"""

from __future__ import annotations

import sys
import time

import numpy as np

from arrangement import Arrangement
from arrangement.datasets import threshold
from certificates.solver import solve


def gaussian(n, d, seed):
    rng = np.random.default_rng(seed)
    X = [[str(round(v, 3)) for v in row] for row in rng.standard_normal((n, d))]
    return Arrangement(X), [str(round(v, 2)) for v in rng.standard_normal(n)]


def threshold5():
    y = [str(v) for v in np.random.default_rng(0).choice([-1, 1], 32)]
    return Arrangement(threshold(5), bias=True), y


CASES = [("random n=50 d=3", lambda: gaussian(50, 3, 0), ("1", "0.3"), ("conic", "cg")),
         ("random n=20 d=5", lambda: gaussian(20, 5, 0), ("1", "0.3"), ("conic", "cg")),
         ("threshold-5+bias", threshold5, ("1", "0.3"), ("cg",))]


def main(quick: bool) -> None:
    print(f"{'case':18} {'regions':>8} {'enum s':>7} {'lambda':>6} {'method':>6} {'solve s':>8} "
          f"{'status':>9} {'proof':>14} {'atoms':>5} {'cones':>6} {'objective':>18}")
    for name, build, lams, methods in CASES[:2] if quick else CASES:
        A, y = build()
        t0 = time.perf_counter()
        A.regions(progress=False)
        enum = time.perf_counter() - t0
        for lam in lams:
            objectives = {}
            for method in methods[-1:] if quick else methods:
                t0 = time.perf_counter()
                s = solve(A, y, lam, method=method)
                elapsed = time.perf_counter() - t0
                objectives[method] = s.solver["numerical_objective"]
                print(f"{name:18} {len(A.regions()):>8} {enum:>7.2f} {lam:>6} {method:>6} {elapsed:>8.2f} "
                      f"{s.status:>9} {s.solver['proof'][:14]:>14} {len(s.atoms):>5} "
                      f"{s.solver['regions_used']:>6} {s.objective:>18.12f}", flush=True)
            if len(objectives) == 2:
                a, b = objectives["conic"], objectives["cg"]
                print(f"{'':18} numerical objectives, conic vs cg: relative difference {abs(a - b) / abs(a):.2e}")


if __name__ == "__main__":
    main("--quick" in sys.argv)
