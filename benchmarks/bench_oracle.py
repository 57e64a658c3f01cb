"""The tree oracle (certificates.dual.tree_oracle) against full enumeration, and solve at scale.

Data: Gaussian rows rounded to 2 decimals (exact decimals) with a bias, Gaussian labels rounded
to 2 decimals.  Oracle cases: n = 50, 100, 200 with 3 and 4 features; p random (integers / 100),
scaled by a rational near ``1 / sup |eta|`` so that the supremum is close to 1 (the hard case
for pruning).  Per case: the region count (characteristic polynomial), the exact
``sup |eta|^2`` by the tree (both signs), the decision ``sup |eta| <= 1`` by the tree, each with
its number of nodes and time, and, when the arrangement has at most ``--enumerate`` regions, the
same supremum by full enumeration and the certificate's scan of all regions (the previous
route), which must agree exactly.  Solve cases: ``solve`` at lambda 1/10 with 3 features and
a bias (the tree oracle in column generation above ``TREE_REGIONS`` regions).  Each case runs
in its own process (peak memory = its maximum resident set), with a time limit.

Near-optimal cases (the hard case for the oracle: eta touches 1 at the atoms and many regions
come close): the dual vector of a column generation whose columns come from random directions
only (no tree; case ``40``, ``iris``: iris versicolor/virginica), or over all enumerated regions
(case ``40e``: converged, the final proof's case), cached in ``--cache``; then the decision ``sup |eta_p| <= 1 + 1e-7`` by the tree
for each sign, with its nodes, or the nodes expanded by the time limit.  ``--code DIR`` runs the
oracle of another source tree (e.g. a checkout of an older commit, for before/after figures).

    python benchmarks/bench_oracle.py oracle [ENUMERATE_LIMIT [SECONDS]]   # the oracle table
    python benchmarks/bench_oracle.py solve 50 100                         # solve cases
    python benchmarks/bench_oracle.py near [--code DIR] [--seconds S] 40 60 100 iris   # near-optimal duals
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
from fractions import Fraction

import numpy as np


def gaussian(n, features, seed=0):
    rng = np.random.default_rng(seed)
    X = [[str(round(v, 2)) for v in row] for row in rng.standard_normal((n, features))]
    return X, [str(round(v, 2)) for v in rng.standard_normal(n)]


def oracle_case(n, features, enumerate_limit):
    from arrangement import Arrangement
    from certificates.dual.certificate import Certificate
    from certificates.dual.tree_oracle import _Problem, _search, maximise
    X, _ = gaussian(n, features)
    rng = np.random.default_rng(1)
    p = [Fraction(int(v), 100) for v in rng.integers(-100, 101, n)]
    out = {"n": n, "features": features}
    t = time.perf_counter()
    out["regions"] = Arrangement(X, bias=True).count_regions()
    out["count_s"] = time.perf_counter() - t
    first = max(maximise(X, p, s, bias=True).value_squared for s in (1, -1))
    c = Fraction(math.sqrt(float(first))).limit_denominator(1000) or Fraction(1)
    p = [v / c for v in p]
    t = time.perf_counter()
    results = [maximise(X, p, s, bias=True) for s in (1, -1)]
    out["tree_sup_s"] = time.perf_counter() - t
    out["sup_squared"] = str(max(r.value_squared for r in results))
    out["tree_sup_nodes"] = sum(r.nodes for r in results)
    t = time.perf_counter()
    nodes, above = 0, False
    for s in (1, -1):
        r = _search(_Problem(X, p, s, True), s, Fraction(1), False, 1, False)
        nodes, above = nodes + r.nodes, above or bool(r.leaves)
        if above:
            break
    out["tree_decide_s"], out["tree_decide_nodes"], out["feasible"] = time.perf_counter() - t, nodes, not above
    if out["regions"] <= enumerate_limit:
        t = time.perf_counter()
        A = Arrangement(X, bias=True)
        A.regions(progress=False)
        out["enumerate_s"] = time.perf_counter() - t
        t = time.perf_counter()
        out["scan_sup_squared"] = str(Certificate(A, p).sup_abs_eta_squared)
        out["scan_s"] = time.perf_counter() - t
        assert out["scan_sup_squared"] == out["sup_squared"], "tree and enumeration disagree"
    return out


def solve_case(n, features, tree_regions=None):
    from certificates.dual import tree_oracle
    from certificates.solver import solve
    if tree_regions is not None:
        tree_oracle.TREE_REGIONS = tree_regions
    from arrangement import Arrangement
    X, y = gaussian(n, features)
    A = Arrangement(X, bias=True)
    t = time.perf_counter()
    s = solve(A, y, "1/10", progress=False)
    return {"n": n, "features": features, "regions": A.count_regions(), "solve_s": time.perf_counter() - t,
            "status": s.status, "atoms": len(s.atoms), "proof": s.solver.get("proof"),
            "cones": s.solver.get("regions_used"), "tree": A.count_regions() > tree_oracle.TREE_REGIONS}


def near_dual(case, cache):
    """``(X, p, data)``: data rows (bias included) and the float dual vector (as exact binary
    rationals) of a column generation at lambda 1/10 (``case@lambda`` for another) (cached as JSON, with its size and time)."""
    import os
    from arrangement import Arrangement
    from arrangement.data import load_data
    from certificates.solver.numeric import pattern_columns
    from certificates.solver.problem import FloatScaling
    path = os.path.join(cache, f"near_{case.replace('/', '_')}.json")
    case, _, lam = case.partition("@")      # "iris@1": lambda 1 (default 1/10)
    lam = Fraction(lam or "1/10")
    if not os.path.exists(path):
        if case == "iris":
            data = load_data("iris:versicolor-virginica")
            A, y = Arrangement(data, bias=True), data.y
        elif case.endswith("e"):     # converged: column generation over the enumerated regions
            from certificates.solver.numeric.column_generation import column_generation
            X, y = gaussian(int(case[:-1]), 3)
            A, y = Arrangement(X, bias=True), [Fraction(v) for v in y]
            A.regions(progress=False)
            scaling = FloatScaling.of(A, y)
            t = time.perf_counter()
            s = column_generation(scaling.view(A), scaling.labels(y), scaling.lam(lam)).solution
            data = {"X": [[str(v) for v in row] for row in A.X], "columns": len(s.pairs),
                    "p": [float(v) / float(scaling.s) for v in s.p], "cg_s": time.perf_counter() - t}
        else:
            X, y = gaussian(int(case), 3)
            A, y = Arrangement(X, bias=True), [Fraction(v) for v in y]
    if not os.path.exists(path) and not case.endswith("e"):
        scaling = FloatScaling.of(A, y)
        tree, pattern_columns.violators = pattern_columns.violators, lambda *args, **kwargs: []
        t = time.perf_counter()
        try:
            s = pattern_columns.pattern_column_generation(
                [[v / scaling.s for v in row] for row in A.X], [v / scaling.t for v in y],
                lam / (scaling.s * scaling.t))
        finally:
            pattern_columns.violators = tree
        data = {"X": [[str(v) for v in row] for row in A.X], "columns": len(s.patterns),
                "p": [float(v) / float(scaling.s) for v in s.solution.p], "cg_s": time.perf_counter() - t}
    if not os.path.exists(path):
        os.makedirs(cache, exist_ok=True)
        with open(path + ".tmp", "w") as out:
            json.dump(data, out)
        os.replace(path + ".tmp", path)
    with open(path) as source:
        data = json.load(source)
    return [[Fraction(v) for v in row] for row in data["X"]], [Fraction(v) for v in data["p"]], data


def near_case(case, cache, seconds):
    """The decision ``sup |eta_p| <= 1 + 1e-7`` on a near-optimal dual, sign by sign, with a limit
    of ``seconds`` of CPU time per sign (then the nodes expanded so far)."""
    import signal
    from certificates.dual import tree_oracle
    X, p, data = near_dual(case, cache)
    level = Fraction(1 + 1e-7) ** 2
    out = {"case": case, "n": len(X), "d": len(X[0]), "columns": data["columns"], "cg_s": data["cg_s"]}
    expanded = [0]
    ranges = tree_oracle._ranges

    def counted(*args):
        expanded[0] += 1
        return ranges(*args)

    def stop(*_):
        raise TimeoutError

    tree_oracle._ranges = counted
    signal.signal(signal.SIGPROF, stop)
    for s in (1, -1):
        expanded[0] = 0
        t, cpu = time.perf_counter(), time.process_time()
        signal.setitimer(signal.ITIMER_PROF, seconds)
        try:
            r = tree_oracle._search(tree_oracle._Problem(X, p, s, False), s, level, False, 1, False)
            out[f"sign{s:+d}"] = {"s": time.perf_counter() - t, "cpu_s": time.process_time() - cpu,
                                  "nodes": r.nodes, "above": bool(r.leaves)}
        except TimeoutError:
            out[f"sign{s:+d}"] = {"cpu_limit_s": seconds, "cpu_s": time.process_time() - cpu, "expanded": expanded[0]}
        signal.setitimer(signal.ITIMER_PROF, 0)
    return out


def run(kind, args, limit, code=None):
    """One case in a child process: its JSON line, with its peak memory, or the time-out."""
    code = (f"import json, resource, sys; sys.path.insert(0, {repr(sys.path[0])}); "
            + (f"sys.path.insert(0, {code!r}); " if code else "") + "import bench_oracle as b; "
            f"out = b.{kind}_case(*{args!r}); "
            "out['peak_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024; print(json.dumps(out))")
    t = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return {"case": args, "timeout_s": limit}
    if proc.returncode:
        return {"case": args, "error": proc.stderr.strip().splitlines()[-1:], "seconds": time.perf_counter() - t}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv):
    kind = argv[0] if argv else "oracle"
    if kind == "oracle":
        limit, seconds = (int(argv[1]) if len(argv) > 1 else 400_000), (int(argv[2]) if len(argv) > 2 else 900)
        for features in (3, 4):
            for n in (50, 100, 200):
                print(json.dumps(run("oracle", (n, features, limit), seconds)), flush=True)
    elif kind == "near":
        rest, code, seconds, cache = list(argv[1:]), None, 300, "/tmp/dualcert-bench"
        for flag in ("--code", "--seconds", "--cache"):
            if flag in rest:
                k = rest.index(flag)
                value = rest[k + 1]
                del rest[k:k + 2]
                code, seconds, cache = ((value, seconds, cache) if flag == "--code" else
                                        (code, int(value), cache) if flag == "--seconds" else (code, seconds, value))
        for case in rest or ["40", "60", "100", "iris"]:
            print(json.dumps(run("near", (case, cache, seconds), 20 * seconds + 3600, code)), flush=True)
    else:
        for n in [int(v) for v in argv[1:]] or [50, 100]:
            print(json.dumps(run("solve", (n, 3), 900)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
