"""CPU time of ``solve`` on small degenerate problems: repeated, zero and antipodal rows, a bias.

    python benchmarks/bench_outliers.py                 # the known outlier, then 30 random cases
    python benchmarks/bench_outliers.py --cases 60 --seed 3 --timeout 120

Each case runs in its own subprocess (CPU limit ``--timeout`` seconds, address space 6 GB) and
prints one line: CPU seconds (user + sys of the child), peak RSS, status, number of atoms, the
route's reason (shortened) and the data.  Cases above ``--slow`` seconds are listed again at
the end.  The known outlier (7 points in R^3, lambda 19/10) has a zero whose coordinates lie
in a compositum of degree 4 x 12 = 48 of two independent blocks of the optimality system.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys

OUTLIER = ([[-2, -2, 3], [2, 0, -2], [2, 0, -2], [2, 2, -3], [2, 2, -3], [0, 0, 0], [2, -3, -1]],
           [0, 2, 3, -3, 1, -3, -3], "19/10")

CHILD = r"""
import json, resource, sys
from fractions import Fraction
from arrangement import Arrangement
from certificates.solver import solve
X, y, lam = json.loads(sys.argv[1])
s = solve(Arrangement(X, bias=True), y, Fraction(lam), bias=True)
u = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps([u.ru_utime + u.ru_stime, u.ru_maxrss / 1024, s.status, len(s.atoms), s.reason[:90]]))
"""


def random_case(rng: random.Random) -> tuple:
    """n <= 8 points in Z^d, d <= 3, entries in [-3, 3], with repeated, zero and antipodal rows."""
    d, n = rng.randint(2, 3), rng.randint(4, 8)
    X = [[rng.randint(-3, 3) for _ in range(d)] for _ in range(rng.randint(2, n - 1))]
    while len(X) < n:
        kind = rng.choice(["repeat", "zero", "antipodal", "new"])
        if kind == "repeat":
            X.append(list(rng.choice(X)))
        elif kind == "zero":
            X.append([0] * d)
        elif kind == "antipodal":
            X.append([-v for v in rng.choice(X)])
        else:
            X.append([rng.randint(-3, 3) for _ in range(d)])
    rng.shuffle(X)
    return X, [rng.randint(-3, 3) for _ in range(n)], f"{rng.randint(1, 20)}/10"


def run(case: tuple, timeout: float) -> list:
    def limits():
        resource.setrlimit(resource.RLIMIT_CPU, (int(timeout), int(timeout) + 5))
        resource.setrlimit(resource.RLIMIT_AS, (6 * 10 ** 9, 6 * 10 ** 9))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-c", CHILD, json.dumps(case)], capture_output=True, text=True,
                          preexec_fn=limits, timeout=20 * timeout)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if done.returncode != 0:
        return [cpu, None, f"failed (exit {done.returncode})", None, done.stderr.strip().splitlines()[-1:]]
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=120.0, help="CPU seconds per case")
    parser.add_argument("--slow", type=float, default=10.0, help="CPU seconds that make an outlier")
    parser.add_argument("--no-outlier", action="store_true", help="skip the known outlier")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cases = ([] if args.no_outlier else [OUTLIER]) + [random_case(rng) for _ in range(args.cases)]
    print(f"nproc {os.cpu_count()}, load {os.getloadavg()[0]:.1f}", flush=True)
    slow = []
    for k, case in enumerate(cases):
        cpu, rss, status, atoms, reason = run(case, args.timeout)
        line = f"{k:3d} cpu {cpu:7.2f} s  rss {rss or 0:6.0f} MB  {status:9s} atoms {atoms}  {reason}  {json.dumps(case)}"
        print(line, flush=True)
        if cpu > args.slow:
            slow.append(line)
    print(f"\n{len(slow)} of {len(cases)} above {args.slow:g} s CPU", *slow, sep="\n")


if __name__ == "__main__":
    main()
