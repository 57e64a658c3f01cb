"""CPU seconds of the test suite per test and per file, and the difference between two runs.

The suite's wall time on a shared machine says little (other jobs take the cores); the CPU of
each test (this process and its threads, plus the subprocesses it waited for) compares across
runs and commits.  Loaded as a pytest plugin it writes one JSON file per run; ``compare`` lists
the files and tests whose CPU changed most, the new tests and the collection time.  Figures
taken under load are inflated for every test alike (shared cores): compare runs made under
similar load, one after the other.

    PYTHONPATH=benchmarks SUITE_CPU_OUT=new.json python -m pytest -p bench_suite_cpu
    python benchmarks/bench_suite_cpu.py compare old.json new.json --top 30
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from collections import defaultdict

import pytest

_tests: dict = {}
_collection: dict = {}


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    cpu, wall = _cpu(), time.perf_counter()
    yield
    _tests[item.nodeid] = (_cpu() - cpu, time.perf_counter() - wall)     # setup, call and teardown


@pytest.hookimpl(hookwrapper=True)
def pytest_collection(session):
    cpu, wall = _cpu(), time.perf_counter()
    yield
    _collection["collect"] = (_cpu() - cpu, time.perf_counter() - wall)


def pytest_sessionfinish(session, exitstatus):
    out = os.environ.get("SUITE_CPU_OUT")
    if out:
        with open(out, "w") as f:
            json.dump({"tests": _tests, "collect": _collection, "total_cpu": _cpu(),
                       "load": os.getloadavg()}, f)


def compare(before: dict, after: dict, top: int) -> None:
    a, b = before["tests"], after["tests"]
    common, new = set(a) & set(b), set(b) - set(a)
    print(f"tests {len(a)} -> {len(b)} ({len(new)} new, {len(set(a) - set(b))} gone); "
          f"total CPU {before['total_cpu']:.0f} -> {after['total_cpu']:.0f} s; collection "
          f"{before['collect']['collect'][0]:.1f} -> {after['collect']['collect'][0]:.1f} s; "
          f"common tests {sum(a[k][0] for k in common):.0f} -> {sum(b[k][0] for k in common):.0f} s; "
          f"new tests {sum(b[k][0] for k in new):.1f} s")
    per_file_a, per_file_b = defaultdict(float), defaultdict(float)
    for tests, per_file in ((a, per_file_a), (b, per_file_b)):
        for key, (cpu, _) in tests.items():
            per_file[key.split("::")[0]] += cpu
    print("\nCPU s per file: before, after, change")
    for name in sorted(set(per_file_a) | set(per_file_b), key=lambda f: per_file_a[f] - per_file_b[f])[:top]:
        print(f"{per_file_a[name]:7.1f} {per_file_b[name]:7.1f} {per_file_b[name] - per_file_a[name]:+7.1f}  {name}")
    print("\nCPU s per test: before, after, change (tests in both runs)")
    for key in sorted(common, key=lambda k: a[k][0] - b[k][0])[:top]:
        print(f"{a[key][0]:6.1f} {b[key][0]:6.1f} {b[key][0] - a[key][0]:+6.1f}  {key}")
    print("\nnew tests by CPU s")
    for key in sorted(new, key=lambda k: -b[k][0])[:top]:
        print(f"{b[key][0]:6.1f}  {key}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["compare"])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    with open(args.before) as f, open(args.after) as g:
        compare(json.load(f), json.load(g), args.top)


if __name__ == "__main__":
    main()
