"""Start-up wall time of the command line and of ``import arrangement``.

Each command runs ``--repeat`` times in a fresh process (subprocess, output discarded); the
table gives the minimum and the median wall time, next to the target.  ``python -c pass`` is
the floor of any Python process on this machine.  Timings taken while other jobs run are
pessimistic: the load average is printed with the table.

    python benchmarks/bench_startup.py              # 7 runs of each command
    python benchmarks/bench_startup.py --repeat 15 --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

CLI = [sys.executable, "-m", "certificates"]
COMMANDS = [
    ("python -c pass", [sys.executable, "-c", "pass"], None),
    ("python -c 'import numpy'", [sys.executable, "-c", "import numpy"], None),
    ("import arrangement", [sys.executable, "-c", "import arrangement"], 0.4),
    ("dualcert --help", CLI + ["--help"], 0.3),
    ("dualcert count braid:4", CLI + ["count", "braid:4"], 0.3),
    ("dualcert regions resonance:5 --json", CLI + ["regions", "resonance:5", "--json"], 1.0),
]


def wall_times(command: list, repeat: int) -> list:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()
    rows = []
    print(f"nproc {os.cpu_count()}, load average {os.getloadavg()[0]:.2f} at start")
    print(f"{'command':<38} {'min':>7} {'median':>7} {'target':>7}")
    for name, command, target in COMMANDS:
        times = wall_times(command, args.repeat)
        row = {"command": name, "min": min(times), "median": statistics.median(times), "target": target}
        rows.append(row)
        print(f"{name:<38} {row['min']:>6.3f}s {row['median']:>6.3f}s "
              f"{'' if target is None else f'{target:.1f}s':>7}", flush=True)
    print(f"load average {os.getloadavg()[0]:.2f} at end")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"load_average": os.getloadavg(), "rows": rows}, handle, indent=1)


if __name__ == "__main__":
    main()
