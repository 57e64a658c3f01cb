"""Solve cost on enumerable arrangements with many regions: random and real data, with a bias.

Cases: random Gaussian data rounded to 2 decimals (labels too; seed 1: the rows first, then the
labels), with a bias, lambda 1/10, n = 50, 100, 200 at 3 and 4 features; and the small real
sets of docs/pages/real_data.md, each at its two lambdas.  Every case runs in a forked child
under a CPU-time limit; it reports the regions (counted by the characteristic polynomial; listed
only at or below the solver's no-enumeration threshold, as the solver would, and then with the
enumeration time), the wall and CPU time of the solve (enumeration included), the child's peak
memory, the status, the atoms (against n), the support bound and uniqueness.  The machine may be
shared: CPU time is the figure to compare.

Gaussian cases (lambda 1/10; CPU time at load average 8-11 on 2 cores; above 10^6 regions the
solver enumerates nothing: column generation over patterns with the tree oracle, then the
end-game on a patch):

| n | d | regions | route | CPU | peak | status | atoms | support bound | unique |
|---|---|---|---|---|---|---|---|---|---|
| 50 | 3 | 39,298 | enumerating | 39 s | 217 MB | verified | 34 | 60 | no |
| 50 | 4 | 463,052 | enumerating | 173 s | 1.2 GB | verified | 36 | 62 | no |
| 100 | 3 | 323,592 | enumerating | 288 s | 1.1 GB | verified | 76 | 144 | no |
| 200 | 3 | 2,626,582 | patterns | 646 s | 892 MB | verified | 166 | 324 | no |
| 100 | 4 | 7,852,338 | patterns | 298 s | 918 MB | verified | 83 | 156 | no |
| 200 | 4 | 129,409,626 | patterns | no answer at 1,116 s (stopped) | 1.2 GB | (round 75) | | | |

gauss:200:4 again (the current tree search; a warm search now frees the frontier it restarted
from before it goes on, instead of holding the old cones, the restarted stack and the new
frontier at once; load 10-12; stopped for lack of time, not by the limit): the same sampling
rounds as below (the same largest violation per round) to round 70 at 304 s CPU, 486 MB; the
early attempt there found no refined guess (13 s) and both plain face guesses were refused
(14 s, nothing fed back), so the tree was asked: the first (cold) search took 386 s CPU
(+: 105,949 nodes in 227 s, -: 73,592 in 159 s, each stopped at its 200th violator, up to
1.034), round 71 ended at 729 s (794 s before), 596 MB, its frontier 105,674 + 73,311 cones
(about 2 KB each).  Sampling to round 74 (757 s; peak 983 MB, a transient of round 72, 684
columns); the early attempt there refined a guess of 308 groups (more than n: refused, 10 s,
nothing fed back); the warm restart of the second tree round re-bounded 105,674 cones in
32 s (963 MB now, the old frontier freed), and its + search took 283 s in all (130,728 nodes,
more than cold: p moved; up to 1.060), leaving 236,109 cones, near the 250,000 above which
none is kept; stopped at 1,116 s CPU, 1.2 GB, in the - search.  Per node
of the cold search (py-spy): the children's bounds of the split's candidates 35 %, the ranges'
NNLS 32 % (NNLS 27 % in all), the exact one-sided checks 20 %.  At about 390 s a tree round,
one every 4 rounds, an answer needs fewer tree rounds (each finds 2 x 200 new violators up to
1.03), not less sampling (4 s a round).

gauss:200:4 (the tree search of the code before the two changes below; load 5-7): column
generation by sampling alone to round 70 (320 s CPU, 493 MB, 400-450 columns); an early attempt
there was refuted, and the first tree search (cold) took about 450 s CPU (to 794 s at round 71);
sampling again to round 74 (819 s, 1.0 GB); a second early attempt got to Krawczyk and was
refuted with no region above 1 to feed back, so the tree was asked again: its warm start
(re-bounding the kept frontier) cost about 60 s CPU, over half of it summing g per cone in
Python, and that round ended at 1,636 s (round 75, 1.5 GB); sampling to round 78 (1,670 s), then
the third tree round's warm start when the 1,800 s CPU limit stopped it (2.0 GB peak): no
answer.  At n = 200 and d = 4 one tree round costs more than the column generation before it.
In every search the ranges' NNLS solves (one per free hyperplane and side at every node) were
a third of the time, the children's bounds of the split's candidates 28 %, the one-sided checks
16 %.  Now a node reuses the float projections its ancestors solved for when they lie on the
side of its newest wall (the projection onto a smaller cone that still holds it), and a warm
restart builds each side's term of g and each wall's float normal once: at gauss:50:4's final
column-generation p one cold search solves 38 % fewer NNLS (357,000 against 580,000) in
33.6-34.4 s against 36.1-37.3 s CPU, the same leaves (11,571 nodes against 11,570); gauss:50:3
forced onto the pattern route (the first change): verified, 34 atoms, bound 60, not unique, 21.4 s
against 22.6 s CPU; gauss:50:3 here: the same answer, 46.8 s CPU / 217 MB at load 6.  gauss:200:4 was not run
again with them (one 1,800 s CPU run is 75 min of wall time at this load); the cost to attack
is the number of tree rounds at n = 200, not their nodes alone.

gauss:200:3 verified by an early stop in round 56 (646 s CPU, 892 MB, load 7-8): 161 + 1 groups
(4 antipodal pairs) from the refined face guess, Krawczyk at 362 unknowns, a vertex of 166 atoms
(<= n).  The end-game's Krawczyk test builds its interval Jacobian from the rank-d factors E_i B
and E_i O of the optimality system (O(d n) per atom), not the n x n matrices O^T M_i B (n^3
rationals per group); and a patch lists its regions once (the wall check rebuilt the list per
atom and region).  Each early attempt now costs 60-80 s CPU (3 tried: 265 groups > n, Krawczyk
fails as it must; 161 groups, one region left at |eta| = 1.0005; 162 groups, proved), of which
the tree search of sup |eta| off the atoms is about 60 %, the float face refinement 20 % and
Krawczyk 6 %; before, one attempt took 72-113 s and the run up to 2.0 GB (the exact n x n
matrices).  No regression on the enumerating route: gauss:50:3 39.4 s CPU / 217 MB against 41.5 s
/ 261 MB for the code before, side by side at load 6-8 (26 s at an earlier, lighter load); gauss:100:3 288 s / 1,064 MB (267 s before, at another load).

With the warm-started tree (certificates.dual.tree_frontier: each search goes on from the cones
the last one on the same data left, re-bounded at the new p; load 12-15): gauss:100:4 is
verified in 298 s CPU (40 rounds, early stop; 918 MB peak with the cones kept compact, 2.1 GB
before), where it gave no answer in 600 s.  gauss:50:3 forced onto the pattern route:
14.9 s CPU warm against 25.2 s cold, the same answer (verified, 34 atoms, bound 60, not
unique).  One search at gauss:50:3's first tree p: 4.1 s from the root, 0.8 s again from its
frontier at the same p, 1.4 s at p moved by 1e-3, 6.1 s against 10.3 s at 1e-2.  gauss:200:3:
the first (cold) search of round 47 took 96 s, the warm one of round 49 67 s (p moves more
between rounds at n = 200); then every working pair's exact projection over all 200 walls
(the old stopping check) ran for minutes at 4 GB: replaced by the warm search without skipping.
With it, column generation ends proved (sup |eta_p| <= 1 + 1e-7 over every region) in round 52
at 400 s CPU; the end-game on the patch (Krawczyk at about 100 atoms, no early stop) had not
answered at 1,290 s CPU (2.7-3.3 GB): the end-game is what holds up n = 200 now.

Pattern route, column generation alone (one sign's tree search; CPU s at load 6-9): on
gauss:200:3 the first search (200 violators asked) had not ended after 270 s, its paths going
down one level per hyperplane of the data (170 single-child levels per leaf); with the sides a
node proves one-sided fixed without a split (certificates.dual.polar) it takes 13 s + 8 s
(14,237 + 8,993 nodes), and the sampled columns priced by their sample instead of an exact
projection over 200 walls cut the rounds before it from 100 s to 67 s (to round 22).  The run
still did not converge: rounds 33-39 each ask the tree, which keeps finding 2 x 200 new
violators (up to 1.22) that sampling misses (about 215 s CPU at round 39).  gauss:100:4: the
tree is first asked after 24 s, then every round finds 2 x 100 new violators (searches of
4,400 growing to 41,000 nodes, 4-37 s each), not converged at 227 s (stopped).  Next: fewer,
richer tree rounds (a search asked for 400 violators took 13,000-19,000 nodes, not 4 times
100's) and a warm-started tree (the ranges are p-free: the last frontier can be re-bounded).

The master/pricing loop, per round (columns, largest violation, master time, tree nodes; CPU
at load 11-17).  The master is accurate (Clarabel to 1e-10, 20-30 iterations, 1-10 s at n =
200 with 200-1,300 columns) and the loop does not cycle: of the violators a tree round finds,
none was ever a column before (counted over every pattern ever in the master).  What the tree
finds is new regions near the extreme set that the last p pushed above 1.  Every tree round
costs about a proof's search, whatever its level: at gauss:50:3's first tree p, 6,456 nodes at
level 1 + 1e-7, 5,934 at 1.01, 4,243 at 1.1 (the same at the final p): the nodes are those of
loose bounds, not of near-active regions, so fewer tree rounds is the only saving in the loop.
Keeping every column (no dropping) did not save a tree round (gauss:100:3: 3 rounds, 164 s
against 68 s; its master grew to 1,790 columns); nor did larger draws in the tail (96 s, 4).
gauss:200:3 with a tree round asked for every violator (TREE_BATCHES large, near-active leaves
as columns too): sampling (a fresh draw per round) carries it to round 44 (251 s CPU); the first
complete search is 112,958 nodes (111 s) and finds 712 violators (up to 1.036) and 183
near-active leaves; the second, 110,144 nodes (120 s), 48 violators (up to 1.004): at about
1 ms a node the proof's search alone is near 110 s at n = 200.  Stopped (40 min wall) in round
50 at 426 s CPU, still in column generation: no answer.  gauss:100:4 (the defaults: one batch per
tree round, near-active leaves as columns, a fresh draw per round): no answer in 600 s CPU
(2,263 s wall at load 14), still in a tree search of column generation.  The next step is the tree's
bounds (or a warm-started frontier), not the master.

gauss:50:3 forced onto the pattern route (LARGE_REGIONS = 0): column generation 12.5 s, the
same 20 rounds and 158 patterns as before, its last searches 3,451 + 3,008 nodes (4,171 + 3,880
before); the end-game on the patch then answers 'numerical' with 131 atoms, as on main.

Column generation alone on the pattern route, gauss:50:3 forced onto it: 23.2 s CPU before the
float facet filter, the pruned master with its pool and the faster tree nodes, 18.2 s after
(the same load).  In the tail every round asks the tree for a proof-sized search (about 4,000
nodes at n = 50; minutes at n = 200): the cost to attack next.

    python benchmarks/bench_scale.py                       # every case, 300 CPU s each
    python benchmarks/bench_scale.py --limit 120 real      # the real sets only
    python benchmarks/bench_scale.py gauss:50:3 iris-petal # chosen cases
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import time

import numpy as np

from arrangement import Arrangement
from arrangement.data import load_data
from certificates.solver import solve
from certificates.solver.large import LARGE_REGIONS

REAL = {
    "iris-petal": ("iris:versicolor-virginica[petal_length,petal_width]", ("1/10", "1")),
    "iris-sepal": ("iris:setosa-versicolor[sepal_length,sepal_width]", ("1/10", "1")),
    "wine-pair": ("wine:1-2[alcohol,flavanoids]", ("1/10", "1")),
    "spiral-25": ("spiral:25", ("1/10", "1")),
    "diabetes-pair": ("diabetes[bmi,bp]", ("1", "100")),
    "linnerud-raw": ("linnerud:weight", ("1", "10")),
}
GAUSS = [f"gauss:{n}:{d}" for d in (3, 4) for n in (50, 100, 200)]
WALL_FACTOR = 8     # a child past limit x this in wall time is stopped too (a busy machine)


def problem(case: str):
    """``(Arrangement, labels, lambdas)`` of a case name."""
    if case.startswith("gauss:"):
        _, n, d = case.split(":")
        rng = np.random.default_rng(1)
        X = [[str(round(v, 2)) for v in row] for row in rng.standard_normal((int(n), int(d)))]
        y = [str(round(v, 2)) for v in rng.standard_normal(int(n))]
        return Arrangement(X, bias=True), y, ("1/10",)
    name, lams = REAL[case]
    data = load_data(name)
    return Arrangement(data, bias=True), data.y, lams


def run(case: str, lam: str) -> dict:
    cpu0, t0 = time.process_time(), time.perf_counter()
    A, y, _ = problem(case)
    regions = A.count_regions()
    listed = regions <= LARGE_REGIONS       # above it the solver enumerates nothing: neither do we
    if listed:
        A.regions(progress=False)
    enumeration = time.perf_counter() - t0 if listed else None
    s = solve(A, y, lam)
    cert = s.certificate
    return {"regions": regions, "enum_s": enumeration, "wall_s": time.perf_counter() - t0,
            "cpu_s": time.process_time() - cpu0, "status": s.status, "n": A.n, "atoms": len(s.atoms),
            "support_bound": cert["support_bound"], "unique": cert["unique"],
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def in_child(case: str, lam: str, limit: float) -> dict:
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)

    def target():
        # the limit is CPU time: on a shared machine wall time measures the other jobs too
        resource.setrlimit(resource.RLIMIT_CPU, (int(limit), int(limit) + 5))
        try:
            child.send(run(case, lam))
        except Exception as exc:   # one line in the table; the other cases go on
            child.send({"status": f"error: {type(exc).__name__}: {exc}"[:80]})

    t0 = time.perf_counter()
    process = context.Process(target=target)
    process.start()
    child.close()   # the child's end: its death then reads as end of file here
    ready = parent.poll(limit * WALL_FACTOR)
    try:
        result = parent.recv() if ready else {}
    except EOFError:   # the child died (SIGXCPU) without an answer
        result, ready = {}, False
    if not ready:
        process.kill()
    process.join()
    if not ready or (process.exitcode or 0) < 0:   # killed: by the wall limit or by SIGXCPU
        result = {"status": f"no answer in {limit:g} s CPU"}
    result.setdefault("wall_s", time.perf_counter() - t0)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help="case names, 'real' or 'gauss' (default: all)")
    parser.add_argument("--limit", type=float, default=300.0,
                        help="CPU seconds per solve (default 300; wall time at most 8 times that)")
    args = parser.parse_args()
    chosen = []
    for name in args.cases or ["real", "gauss"]:
        chosen += list(REAL) if name == "real" else GAUSS if name == "gauss" else [name]
    print("| case | lambda | n | regions | enum s | wall s | CPU s | peak MB | status | atoms <= n "
          "| support bound | unique |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for case in chosen:
        lams = REAL[case][1] if case in REAL else ("1/10",)
        for lam in lams:
            r = in_child(case, lam, args.limit)
            f = (lambda key, fmt="{}": fmt.format(r[key]) if r.get(key) is not None else "")
            within = "" if "atoms" not in r else f"{r['atoms']} ({'yes' if r['atoms'] <= r['n'] else 'NO'})"
            print(f"| {case} | {lam} | {f('n')} | {f('regions')} | {f('enum_s', '{:.1f}')} | "
                  f"{r['wall_s']:.1f} | {f('cpu_s', '{:.1f}')} | {f('peak_mb', '{:.0f}')} | {r['status']} | "
                  f"{within} | {f('support_bound')} | {f('unique')} |", flush=True)


if __name__ == "__main__":
    main()
