"""Speed of certifying a dual vector p after enumeration.

For each arrangement, p is random (entries k/100) and then scaled by a rational close to
1 / sup|eta|, so that sup|eta| is just below 1: the hard case, where the margin needs the
exact maxima of every region that comes close to 1.  Timed: the graph walk for all g_R,
the float screening bounds, the exact scan (sup, extreme set, margin), and the full report.

    python benchmarks/bench_certificate.py
"""

from __future__ import annotations

import math
import random
import time
from fractions import Fraction

from arrangement import Arrangement
from arrangement.datasets import random_integer, resonance, threshold
from certificates.dual.certificate import Certificate
from certificates.results.build import certificate_report

CASES = [("resonance-5", lambda: Arrangement(resonance(5))),
         ("threshold-5+bias", lambda: Arrangement(threshold(5), bias=True)),
         ("random d=3 n=50", lambda: Arrangement(random_integer(50, 3, seed=1, bound=100)))]


def main() -> None:
    print(f"{'case':20} {'regions':>8} {'walk s':>7} {'scan s':>7} {'report s':>8} {'total s':>8} "
          f"{'exact regions':>13} {'sup^2':>14}")
    for name, build in CASES:
        A = build()
        A.regions(progress=False)
        rng = random.Random(1)
        p = [Fraction(rng.randint(-100, 100), 100) for _ in range(A.n)]
        sup2 = Certificate(A, p).sup_abs_eta_squared
        scale = Fraction(math.floor(10**6 / math.sqrt(sup2)), 10**6)
        p = [scale * v for v in p]
        t0 = time.perf_counter()
        cert = Certificate(A, p)
        cert._region_vectors
        t1 = time.perf_counter()
        cert.sup_abs_eta_squared
        t2 = time.perf_counter()
        certificate_report(cert)
        t3 = time.perf_counter()
        print(f"{name:20} {len(A.regions()):>8} {t1 - t0:>7.2f} {t2 - t1:>7.2f} {t3 - t2:>8.2f} "
              f"{t3 - t0:>8.2f} {len({r for r, _ in cert._extrema}):>13} {float(cert.sup_abs_eta_squared):>14.6f}")


if __name__ == "__main__":
    main()
