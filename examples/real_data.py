"""Claim: on real data, dualcert certifies the minimiser (support bound, atoms, uniqueness),
while the sampled-gate pattern set of the Pilanci-Ergen convex program (100,000 Gaussian gates)
can miss regions, and then the convex program over the sampled patterns can miss the optimum.

For every entry (a built-in real data set with a bias, two lambdas): n, d, the number of
regions (exact count), the certified answer of ``dualcert solve`` (status, support bound,
atoms, unique), its time; the number of distinct activation patterns of the sampled gates
(signs decided exactly) against the exact count; and the objective gap of the convex program
restricted to the sampled patterns (0 when they are all the regions; solved numerically over
the sampled cones when some are missing and the regions are few enough to enumerate).  Every
step runs in a child process under a time limit, so an entry that is too large is reported as
such instead of hanging.

    python examples/real_data.py              # the table of docs/pages/real_data.md (minutes)
    python examples/real_data.py --quick      # two small entries, fewer gates (seconds)
    python examples/real_data.py --only NAME --write   # re-measure one data set's rows in place

A run replaces the page's rows of the entries it measured (same data and lambda) and keeps the
others, so rows measured by hand (CPU time under ``benchmarks/bench_iris.py``) survive.
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

from arrangement import Arrangement
from arrangement.data import load_data
from arrangement.atomic import write_atomically
from arrangement.standardize import standardize

# (name, lambdas, standardize features and labels)
FULL = [
    ("linnerud:weight", ("1", "10"), False),
    ("linnerud:weight", ("1", "1/10"), True),
    ("iris:versicolor-virginica[petal_length,petal_width]", ("1/10", "1"), False),
    ("iris:setosa-versicolor[sepal_length,sepal_width]", ("1/10", "1"), False),
    ("iris:versicolor-virginica[sepal_length,petal_length,petal_width]", ("1/10", "1"), False),
    ("spiral:10", ("1/10", "1"), False),
    ("spiral:25", ("1/10", "1"), False),
    ("wine:1-2[alcohol,flavanoids]", ("1/10", "1"), False),
    ("diabetes[bmi,bp]", ("1", "100"), False),
    ("iris:versicolor-virginica", ("1/10", "1"), False),
    ("wine:1-2", ("1/10", "1"), False),
    ("wine:1-2[alcohol,flavanoids,color_intensity,proline]", ("1/10", "1"), False),
    ("diabetes[bmi,bp,s5]", ("1/10", "1"), False),
    ("iris:virginica-rest", ("1/10", "1/2", "1", "10"), False),
    ("iris:versicolor-rest", ("1/10", "1/2", "1", "10"), False),
    ("wine:2-3[alcohol,flavanoids,color_intensity,proline]", ("1/10", "1", "3", "10", "100"), False),
    ("wine:1-3[alcohol,flavanoids,color_intensity,proline]", ("1/10", "1"), False),
    ("iris:setosa-rest", ("1",), False),
    ("diabetes[bmi,bp,s5]", ("1/10", "1"), True),
]
QUICK = [("spiral:4", ("1/10", "1"), False), ("spiral:3", ("1/2",), True)]
PAGE = Path(__file__).resolve().parents[1] / "docs" / "pages" / "real_data.md"
START, END = "<!-- real-data table: start -->", "<!-- real-data table: end -->"
ENUMERABLE = 20_000     # the restricted convex program is only set up when the regions enumerate


def data_of(name: str, scaled: bool):
    data = load_data(name)
    return standardize(data, 3, labels=True)[0] if scaled else data


def in_child(function, args, limit: float):
    """``function(*args)`` in a forked process; ``None`` if it does not finish within ``limit`` s."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)

    def run():
        try:
            child.send(("ok", function(*args)))
        except Exception as exc:   # reported in the table, not raised: the other entries go on
            child.send(("error", f"{type(exc).__name__}: {exc}"))

    process = context.Process(target=run)
    process.start()
    ready = parent.poll(limit)
    result = parent.recv() if ready else ("timeout", None)
    process.kill() if not ready else None
    process.join()
    return result


def count(name: str, scaled: bool):
    return Arrangement(data_of(name, scaled), bias=True).count_regions(progress=False)


def certified(name: str, lam: str, scaled: bool):
    """The certified answer of :func:`certificates.solve` (what ``dualcert solve NAME --bias`` prints)."""
    from certificates import solve
    start = time.perf_counter()
    s = solve(Arrangement(data_of(name, scaled), bias=True), lam=lam, progress=False)
    cert = s.certificate
    return {"status": s.status, "time": time.perf_counter() - start, "atoms": len(s.atoms),
            "support_bound": cert.get("support_bound"), "unique": cert.get("unique"), "objective": s.objective}


def sampled_patterns(A: Arrangement, gates: int, seed: int):
    """The distinct activation patterns ``[<x_j, g> > 0]`` of Gaussian gates ``g``, signs decided
    exactly: a float product is trusted only beyond its rounding-error bound, the rest are
    recomputed in integers.  Gates exactly on a hyperplane (probability 0) are dropped."""
    X = A.integer_rows.astype(object)
    Xf = np.array(X.tolist(), dtype=float)
    G = np.random.default_rng(seed).standard_normal((A.d, gates))
    product = Xf @ G
    # |fl(x.g) - x.g| <= gamma_{d+1} sum |x_i g_i| (the +1 covers converting x to floats); doubled for safety
    bound = 2 * (A.d + 2) * 2.0 ** -53 * (np.abs(Xf) @ np.abs(G))
    signs = np.sign(product).astype(np.int8)
    signs[np.abs(product) <= bound] = 0
    dropped = set()
    for j, g in zip(*np.nonzero(signs == 0)):
        exact = sum(int(x) * Fraction(float(v)) for x, v in zip(X[j], G[:, g]))
        signs[j, g] = (exact > 0) - (exact < 0)
        if exact == 0:
            dropped.add(int(g))
    keep = np.setdiff1d(np.arange(gates), sorted(dropped))
    return np.unique(signs[:, keep].T > 0, axis=0)


def pilanci_ergen(name: str, scaled: bool, lams, gates: int, seed: int, optima, regions):
    """Distinct sampled patterns, and per lambda the objective gap of the program over them
    (``regions``: the exact count, or ``None`` when it was not found in time)."""
    from certificates.solver.numeric.conic import solve_regions
    from certificates.solver.problem import FloatScaling
    A = Arrangement(data_of(name, scaled), bias=True)
    patterns = sampled_patterns(A, gates, seed)
    gaps = {}
    for lam, optimum in zip(lams, optima):
        if regions is None:
            gaps[lam] = None
        elif len(patterns) == regions:
            gaps[lam] = 0.0           # the sampled program is the whole program
        elif regions <= ENUMERABLE and optimum is not None:
            A.regions(progress=False)
            index = {row.tobytes(): r for r, row in enumerate(A.sign_matrix() > 0)}
            pairs = [(index[p.tobytes()], s) for p in patterns if p.any() for s in (1, -1)]
            scaling = FloatScaling.of(A, A.y)
            numeric = solve_regions(scaling.view(A), scaling.labels(A.y), scaling.lam(Fraction(lam)), pairs)
            gaps[lam] = numeric.objective * float(scaling.t) ** 2 - optimum
        else:
            gaps[lam] = None
    return len(patterns), regions, gaps


def entry_rows(name, lams, scaled, limit, gates, seed):
    label = name + (" (standardized)" if scaled else "")
    data = data_of(name, scaled)
    n, d = data.n, data.d + 1
    kind, counted = in_child(count, (name, scaled), limit)
    regions = counted if kind == "ok" else f"not counted in {limit:.0f} s" if kind == "timeout" else counted
    answers = []
    for lam in lams:
        kind, answer = in_child(certified, (name, lam, scaled), limit)
        answers.append(answer if kind == "ok" else
                       {"status": f"no answer in {limit:.0f} s" if kind == "timeout" else answer[:80]})
    optima = [a.get("objective") for a in answers]
    known = regions if isinstance(regions, int) else None
    kind, sampled = in_child(pilanci_ergen, (name, scaled, lams, gates, seed, optima, known), limit)
    rows = []
    for lam, a in zip(lams, answers):
        if kind == "ok":
            found, total, gaps = sampled
            complete = f"{found} patterns, regions not counted" if total is None else \
                "yes" if found == total else f"no ({found} of {total})"
            gap = "n/a" if gaps[lam] is None else _gap(gaps[lam], a.get("objective"))
        else:
            complete, gap = ("no answer in time", "n/a") if kind == "timeout" else (sampled[:60], "n/a")
        seconds = f"{a['time']:.1f}" if "time" in a else f"> {limit:.0f}"
        rows.append([label, lam, n, d, regions, a.get("support_bound", ""), a.get("atoms", ""),
                     {True: "yes", False: "no", None: "undecided"}[a["unique"]] if "unique" in a else "",
                     a["status"], seconds, complete, gap])
    return rows


def _gap(gap: float, optimum) -> str:
    # the restricted program is solved by an interior-point method: agreement to its tolerance is 0
    return "0" if abs(gap) <= 1e-7 * max(1.0, abs(optimum or 0.0)) else f"{gap:.3g}"


HEADER = ["data (with a bias)", "lambda", "n", "d", "regions", "support bound", "atoms", "unique", "status",
          "time (s)", "sampled gates: all regions?", "gap of the sampled program"]


def markdown(rows, gates) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += [row if isinstance(row, str) else "| " + " | ".join("" if v is None else str(v) for v in row) + " |"
              for row in rows]
    return "\n".join(lines) + f"\n\nSampled gates: {gates:,} standard Gaussian gates (seed 0) in R^d.\n"


def merged(page_rows: list, rows: list) -> list:
    """The table's rows after a run: each measured (data, lambda) row replaces the page's row of
    the same data and lambda in place; rows not measured stay; new ones go at the end.

    >>> old = ["| a | 1 | x |", "| b | 1 | y |"]
    >>> merged(old, [["b", "1", "z"], ["c", "1", "w"]])
    ['| a | 1 | x |', '| b | 1 | z |', '| c | 1 | w |']
    """
    line = lambda row: "| " + " | ".join("" if v is None else str(v) for v in row) + " |"
    fresh = {(str(row[0]), str(row[1])): line(row) for row in rows}
    key = lambda text: tuple(cell.strip() for cell in text.strip("|").split("|")[:2])
    kept = [fresh.pop(key(text), text) for text in page_rows]
    return kept + list(fresh.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="two small entries and 2,000 gates (for the tests)")
    parser.add_argument("--time-limit", type=float, default=120.0, metavar="S", help="seconds per step (default 120)")
    parser.add_argument("--gates", type=int, default=100_000, metavar="M", help="sampled gates (default 100,000)")
    parser.add_argument("--only", metavar="NAME", help="only the entries of this data set name (printed; written with --write)")
    parser.add_argument("--write", action="store_true", help="with --only: write its rows into the page")
    args = parser.parse_args()
    import certificates.solver  # noqa: F401  (imported once, before the children are forked)
    entries = QUICK if args.quick else FULL
    gates = 2_000 if args.quick else args.gates
    limit = 20.0 if args.quick else args.time_limit
    rows = []
    for name, lams, scaled in entries:
        if args.only and args.only != name:
            continue
        new = entry_rows(name, lams, scaled, limit, gates, seed=0)
        rows += new
        for row in new:
            print("  ".join(map(str, row)), flush=True)
    if args.quick or (args.only and not args.write):
        print(markdown(rows, gates))
        return
    text = PAGE.read_text()
    head, _, rest = text.partition(START)
    old, _, tail = rest.partition(END)
    header = "| " + " | ".join(HEADER) + " |"
    page_rows = [line for line in old.splitlines() if line.startswith("| ") and line != header]
    table = markdown(merged(page_rows, rows), gates)
    write_atomically(PAGE, lambda f: f.write(f"{head}{START}\n{table}{END}{tail}"), "w")
    print(f"table written to {PAGE}")


if __name__ == "__main__":
    main()
