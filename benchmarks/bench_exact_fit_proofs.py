"""Proof coverage of exact fits (`solve --exact-fit --proof`): on a seeded random mix (the one of
bench_proof_coverage.py without lambda: integer data in -5..5, n = 4..8, d = 2..3, every other
case with a bias, labels in -5..5), how many exact fits have claim `minimiser` proved by the
standalone checker, and claim `p0` (p is the minimal-norm dual optimum) proved, per status.

    python benchmarks/bench_exact_fit_proofs.py [N] [SEED]        # N = 30 cases by default
"""

from __future__ import annotations

import sys
import time
from collections import Counter

import numpy as np

from arrangement import Arrangement, DualcertError
from certificates import exact_fit
from certificates.proofs.checker import verdict
from certificates.proofs.producer import proof_of_solution


def main(count: int = 30, seed: int = 0) -> int:
    rng = np.random.default_rng(seed)
    tally, solve_time, proof_time = Counter(), 0.0, 0.0
    for k in range(count):
        n, d = int(rng.integers(4, 9)), int(rng.integers(2, 4))
        rows, y = rng.integers(-5, 6, size=(n, d)).tolist(), rng.integers(-5, 6, size=n).tolist()
        A = Arrangement(rows, bias=bool(k % 2))
        t0 = time.perf_counter()
        try:
            s = exact_fit(A, y)
        except DualcertError as exc:            # labels no measure fits
            tally["no exact fit: " + str(exc)[:40]] += 1
            continue
        t1 = time.perf_counter()
        result = verdict(proof_of_solution(A, s, y))
        t2 = time.perf_counter()
        solve_time, proof_time = solve_time + t1 - t0, proof_time + t2 - t1
        status = {c["claim"]: c["status"] for c in result["claims"]}
        tally[f"{s.status}: minimiser {status.get('minimiser', 'absent')}, p0 {status.get('p0', 'absent')}"] += 1
    for key, value in sorted(tally.items()):
        print(f"{value:4d}  {key}")
    print(f"solve {solve_time:.1f} s, proof write + check {proof_time:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(*(int(v) for v in sys.argv[1:3])))
