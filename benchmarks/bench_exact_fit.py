"""The exact fit (lambda -> 0) on random small data: share of exact / verified / numerical answers,
atoms against n, non-unique limits, time, and every exact answer re-checked independently.

Data (with a bias, n = 4..8, d = 2..3): family ``random``, integer points in [-3, 3]^d with labels
in {-2..2}; family ``grid``, distinct points of {0, 1, 2}^d with 0/1 labels (structured data like
the XOR and 5-point sets).  Cases whose labels cannot be fitted exactly are skipped.

    python benchmarks/bench_exact_fit.py [N] [SEED] [FAMILY]     # N = 200, SEED = 0, FAMILY = random
    PYTHONPATH=/path/to/other/checkout python benchmarks/bench_exact_fit.py   # compare a version
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "helpers"))

from arrangement import DualcertError  # noqa: E402
from certificates import exact_fit  # noqa: E402
from exact_check import check  # noqa: E402


def random_case(rng, family: str):
    n, d = int(rng.integers(4, 9)), int(rng.integers(2, 4))
    if family == "grid":
        cube = [[(k // 3 ** i) % 3 for i in range(d)] for k in range(3 ** d)]
        X = [cube[k] for k in sorted(rng.choice(len(cube), size=n, replace=False).tolist())]
        return X, rng.integers(0, 2, size=n).tolist()
    return rng.integers(-3, 4, size=(n, d)).tolist(), rng.integers(-2, 3, size=n).tolist()


def main(count: int = 200, seed: int = 0, family: str = "random") -> int:
    rng = np.random.default_rng(seed)
    counts, wrong, atoms_over_n, non_unique, times, exact_atoms = Counter(), [], 0, 0, [], 0
    for _ in range(count):
        X, y = random_case(rng, family)
        n = len(X)
        if not any(y):
            continue
        start = time.perf_counter()
        try:
            s = exact_fit(X, y, bias=True)
        except DualcertError:
            counts["not fittable"] += 1
            continue
        times.append(time.perf_counter() - start)
        counts[s.status] += 1
        atoms_over_n += len(s.atoms) > n
        non_unique += s.certificate.get("unique") is False
        exact_atoms += bool(s.atoms) and all(a.w_exact is not None for a in s.atoms)
        if check(X, y, 0, True, s):
            wrong.append((X, y, check(X, y, 0, True, s)))
    solved = sum(v for k, v in counts.items() if k != "not fittable")
    print(f"family {family}: {solved} exact fits ({counts['not fittable']} cases not fittable, skipped)")
    for status in ("exact", "verified", "numerical"):
        print(f"  {status:9s} {counts[status]:4d}  ({100 * counts[status] / max(solved, 1):.0f}%)")
    print(f"  minimiser exact (every atom exact, whatever the status of p_0): {exact_atoms} "
          f"({100 * exact_atoms / max(solved, 1):.0f}%)")
    print(f"  more atoms than n: {atoms_over_n}; proved not unique: {non_unique}; found wrong: {len(wrong)}")
    print(f"  time per fit: median {np.median(times):.2f} s, max {max(times):.2f} s")
    for case in wrong[:3]:
        print("  WRONG", case)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:3]), *sys.argv[3:4]))
