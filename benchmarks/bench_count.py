"""Speed of the characteristic polynomial: the memoised engine against the old one.

The old engine (plain deletion-restriction, one restriction at a time, rank-3 closed
form, no memo; the code before the memo) is kept below for comparison.  Times are
wall clock and CPU seconds of this process; on a shared machine the CPU time is the
fairer figure (the load average is printed).

    python benchmarks/bench_count.py                 # new engine on every case, old on the small ones
    python benchmarks/bench_count.py --moonshot      # also threshold-7 with bias (8,378,070,864)
    python benchmarks/bench_count.py --old-all       # the old engine on every case (very slow)
    python benchmarks/bench_count.py --whole-process # `dualcert count` in a subprocess, symmetry
                                                     # auto and none: wall, CPU, peak memory
    python benchmarks/bench_count.py --no-kernel     # without the C extension (NumPy base cases)

The "orbits" columns count over the orbits of the symmetry group found automatically
(arrangement.orbits), group search included; "group" is its order.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from math import isqrt

import numpy as np

from arrangement import Arrangement
from arrangement.counting import characteristic_coefficients, regions_from_coefficients
from arrangement.datasets import crosspoly, demicube, random_integer, resonance, threshold
from arrangement.orbits import essential_characteristic
from arrangement.enumeration import restrict
from arrangement.integer import canonical_rows, first_occurrences

# name, data, expected regions (OEIS A034997 / A000609 where known), run the old engine by default
CASES = [
    ("resonance-6", lambda: Arrangement(resonance(6)), 1066044, True),
    ("threshold-6+bias", lambda: Arrangement(threshold(6), bias=True), 15028134, False),  # old: 54 s
    ("random n=60 d=6", lambda: Arrangement(random_integer(60, 6, seed=60)), None, True),
    ("random n=200 d=4", lambda: Arrangement(random_integer(200, 4, seed=200)), None, True),
    ("resonance-7", lambda: Arrangement(resonance(7)), 347326352, False),
    ("crosspoly-13", lambda: Arrangement(crosspoly(13)), 2 * 3**12 - 2**12, False),
    ("demicube-7", lambda: Arrangement(demicube(7)), None, False),
]
WHOLE_PROCESS = [("threshold:6", "--bias"), ("resonance:6",), ("resonance:7",), ("crosspoly:13",), ("braid:9",)]
SLOW_PROCESS = [("threshold:7", "--bias"), ("resonance:8",)]   # --whole-process --moonshot
MOONSHOT = ("threshold-7+bias", lambda: Arrangement(threshold(7), bias=True), 8378070864, False)


def old_rank3(F: np.ndarray) -> list[int]:
    m = len(F)
    if m < 2:
        return [1, -m, 0, 0]
    I, J = np.triu_indices(m, k=1)
    A, B = F[I], F[J]
    if F.dtype != object and int(np.abs(F).max()) ** 2 * 4 >= 2**62:
        A, B = A.astype(object), B.astype(object)
    cross = np.stack([A[:, 1] * B[:, 2] - A[:, 2] * B[:, 1],
                      A[:, 2] * B[:, 0] - A[:, 0] * B[:, 2],
                      A[:, 0] * B[:, 1] - A[:, 1] * B[:, 0]], axis=1)
    lines, _ = canonical_rows(cross)
    _, group = first_occurrences(lines)
    c = sum((1 + isqrt(1 + 8 * int(pairs))) // 2 - 1 for pairs in np.bincount(group))
    return [1, -m, c, m - 1 - c]


def old_characteristic_coefficients(F: np.ndarray) -> list[int]:
    """The engine without the memo: chi_A = t^r - sum_k chi(A_{k-1}^{H_k}), no memo."""
    m, r = F.shape
    if m == 0:
        return [1] + [0] * r
    if r == 1:
        return [1, -1]
    if r == 2:
        return [1, -m, m - 1]
    if r == 3:
        return old_rank3(F)
    coeffs = [1] + [0] * r
    for k in range(m):
        G, _, _ = restrict(F[:k], F[k])
        for i, c in enumerate(old_characteristic_coefficients(G)):
            coeffs[i + 1] -= c
    return coeffs


def timed(function, *args):
    from arrangement.count_kernel import kernel
    if kernel() is not None:
        kernel().clear()        # its memo outlives a count: each timing starts from it empty
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def whole_process(cases, modes=("auto", "none")) -> None:
    """``dualcert count`` in a child process per case: wall, user and system CPU, peak memory."""
    import subprocess
    import sys
    print(f"{'command':<44} {'wall s':>7} {'user s':>7} {'sys s':>6} {'peak MB':>8}  output")
    for case in cases:
        for mode in modes:
            argv = [sys.executable, "-m", "certificates", "count", *case, "--quiet", "--symmetry", mode]
            start = time.perf_counter()
            child = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
            out = child.stdout.read()
            _, _, usage = os.wait4(child.pid, 0)
            wall = time.perf_counter() - start
            regions = next((line.split(":")[-1].strip() for line in out.splitlines() if "regions" in line), "?")
            group = next((line.split("order")[-1].split(",")[0].strip() for line in out.splitlines()
                          if "order" in line), "-")
            print(f"{' '.join(['count', *case, '--symmetry', mode]):<44} {wall:>7.2f} "
                  f"{usage.ru_utime:>7.2f} {usage.ru_stime:>6.2f} {usage.ru_maxrss / 1024:>8.0f}  "
                  f"{regions} regions, group {group}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moonshot", action="store_true", help="also threshold-7 with bias")
    parser.add_argument("--old-all", action="store_true", help="run the old engine on every case")
    parser.add_argument("--whole-process", action="store_true", help="time `dualcert count` processes")
    parser.add_argument("--only", nargs="+", metavar="CASE", help="whole-process cases to run (e.g. resonance:7)")
    parser.add_argument("--modes", nargs="+", default=["auto", "none"], help="symmetry modes (whole process)")
    parser.add_argument("--no-kernel", action="store_true", help="count without the C extension (in process)")
    args = parser.parse_args()
    if args.no_kernel:
        import arrangement.counting
        arrangement.counting.kernel = lambda: None
    print(f"nproc {os.cpu_count()}, load average {os.getloadavg()[0]:.1f} at start")
    if args.whole_process:
        cases = WHOLE_PROCESS + (SLOW_PROCESS if args.moonshot else [])
        if args.only:
            cases = [case for case in cases if case[0] in args.only]
        whole_process(cases, args.modes)
        print(f"load average {os.getloadavg()[0]:.1f} at end")
        return
    print(f"{'case':<18} {'hyperplanes':>11} {'regions':>14} {'new wall':>9} {'new cpu':>8} "
          f"{'orbits wall':>11} {'orbits cpu':>10} {'group':>13} {'old wall':>9} {'old cpu':>8}")
    for name, build, expected, run_old in CASES + ([MOONSHOT] if args.moonshot else []):
        A = build()
        coeffs, wall, cpu = timed(characteristic_coefficients, A._normals)
        regions = regions_from_coefficients(coeffs)
        if expected is not None and regions != expected:
            raise SystemExit(f"{name}: {regions} regions, expected {expected}")
        B = build()
        orbit_coeffs, orbit_wall, orbit_cpu = timed(essential_characteristic, B, "auto")
        if orbit_coeffs != coeffs:
            raise SystemExit(f"{name}: counting over orbits disagrees")
        group = B.__dict__.get("_symmetry")
        old = "-", "-"
        if run_old or args.old_all:
            old_coeffs, old_wall, old_cpu = timed(old_characteristic_coefficients, A._normals)
            if old_coeffs != coeffs:
                raise SystemExit(f"{name}: the old and new engines disagree")
            old = f"{old_wall:.2f}", f"{old_cpu:.2f}"
        print(f"{name:<18} {len(A.hyperplanes):>11} {regions:>14} {wall:>9.2f} {cpu:>8.2f} "
              f"{orbit_wall:>11.2f} {orbit_cpu:>10.2f} {group.order if group else '-':>13} "
              f"{old[0]:>9} {old[1]:>8}", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"load average {os.getloadavg()[0]:.1f} at end, peak memory {peak} MB")


if __name__ == "__main__":
    main()
