"""How fast ``--max-regions 10`` refuses: in-process time of the refusal, and
wall time of the whole ``dualcert regions ... --max-regions 10`` process (start-up included).

Run: ``python benchmarks/max_regions_refusal.py``.  Timings on a shared machine are pessimistic.
"""

import os
import subprocess
import sys
import time

from arrangement import Arrangement, RegionLimitError
from arrangement.datasets import random_integer

CASES = [("threshold:6 --bias", "threshold:6", True), ("threshold:9", "threshold:9", False),
         ("resonance:8", "resonance:8", False), ("random 60x10", random_integer(60, 10, seed=1), False)]


def main():
    print(f"nproc {os.cpu_count()}, load {os.getloadavg()[0]:.2f}")
    for name, data, bias in CASES:
        start = time.perf_counter()
        try:
            Arrangement(data, bias=bias).regions(max_regions=10)
            message = "not refused"
        except RegionLimitError as exc:
            message = str(exc)
        inside = time.perf_counter() - start
        wall = ""
        if isinstance(data, str):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "certificates", "regions", data, "--max-regions", "10"]
                           + (["--bias"] if bias else []), capture_output=True)
            wall = f", process wall {time.perf_counter() - start:.2f} s"
        print(f"{name}: refused in {inside:.3f} s{wall}: {message}")


if __name__ == "__main__":
    main()
