"""Warm-started tree searches (the frontier of the last search on the same arrangement) against
full enumeration with exact per-region maxima, over sequences of dual vectors that move, change
which hyperplanes carry weight, vanish, or stop a search early."""

import random
from fractions import Fraction as Q

import numpy as np
import pytest

from arrangement import Arrangement
from certificates.dual import tree_frontier
from certificates.dual.certificate import Certificate
from certificates.dual.tree_oracle import violators


def truth(A, p, sign):
    """Exact maximum of sign * eta_p per region, from the full enumeration."""
    c = Certificate(A, p)
    return {r.pattern: c.region_extremum(r.index, sign).value_squared for r in A.regions()}


def moves(rng, n, steps):
    """Dual vectors: a random one, then small moves, a big one, weights set to 0 and back, p = 0."""
    p = [Q(rng.randint(-6, 6), rng.randint(1, 4)) for _ in range(n)]
    out = [p]
    for step in range(steps):
        kind = step % 4
        if kind == 0:
            p = [v + Q(rng.randint(-1, 1), 50) for v in p]
        elif kind == 1:
            p = [Q(0) if rng.random() < 0.4 else v for v in p]
        elif kind == 2:
            p = [Q(rng.randint(-6, 6), rng.randint(1, 4)) for _ in range(n)]
        else:
            p = [-v * 3 for v in p]
        out.append(p)
    return out + [[Q(0)] * n, out[0]]


def weighted(X, p) -> bool:
    """Whether every hyperplane's rows carry weight: on a hyperplane's line, sum_j p_j relu(c_j t)
    (x_j = c_j a) is not identically 0."""
    lines = {}
    for x, pj in zip(X, p):
        k = next(i for i, v in enumerate(x) if v)
        a = tuple(Q(v, x[k]) for v in x)
        up, down = lines.get(a, (0, 0))
        lines[a] = (up + pj * x[k], down) if x[k] > 0 else (up, down - pj * x[k])
    return all(up or down for up, down in lines.values())


def data(rng, d, n):
    """Small integer rows with repeats, antipodes, multiples and zero rows."""
    base = [[rng.randint(-3, 3) for _ in range(d)] for _ in range(max(1, n // 2))]
    rows = []
    while len(rows) < n:
        x, kind = rng.choice(base), rng.random()
        rows.append([0] * d if kind < 0.1 else [-v for v in x] if kind < 0.25 else [2 * v for v in x] if kind < 0.35
                    else [rng.randint(-3, 3) for _ in range(d)])
    return rows


@pytest.mark.parametrize("seed,d", [(seed, d) for seed in range(3) for d in (1, 2, 3, 4)])
def test_warm_searches_find_every_violating_region_of_each_p(seed, d):
    rng = random.Random(7000 + 10 * seed + d)
    X = data(rng, d, rng.randint(2, 9 if d < 4 else 7))
    A = Arrangement(X)
    for p in moves(rng, len(X), 6):
        for sign in (1, -1):
            values = truth(A, p, sign)
            best = max(values.values())
            # the most violated leaf (pruning below the best value so far), warm
            top = [leaf for leaf in violators(A, p, 0, most=True, warm=True) if leaf.sign == sign]
            assert (top[-1].value_squared if top else Q(0)) == best
            # an early stop (one violator), then every leaf above a level: the frontier the stopped
            # search left must still cover the sphere
            level = Q(int(float(best) ** 0.5 * 50), 100)
            violators(A, p, level, limit=1, warm=True)
            leaves = [leaf for leaf in violators(A, p, level, warm=True) if leaf.sign == sign]
            assert all(values[leaf.pattern] == leaf.value_squared > level * level for leaf in leaves)
            if all(c != "0" for c in next(iter(values))) and weighted(X, p):
                # every hyperplane weighted: leaves are regions, each violating one exactly once
                assert sorted(leaf.pattern for leaf in leaves) == sorted(q for q, v in values.items() if v > level * level)
            elif best > level * level:
                assert max(leaf.value_squared for leaf in leaves) == best


@pytest.mark.parametrize("seed", range(3))
def test_warm_and_cold_searches_agree_on_gaussian_like_data(seed):
    # rationals of two decimals with a bias, as the benchmark's data; p moved by about 1e-2
    rng = np.random.default_rng(seed)
    X = [[Q(round(float(v), 2)).limit_denominator(100) for v in row] for row in rng.standard_normal((14, 2))]
    A = Arrangement(X, bias=True)
    p = [Q(int(v), 16) for v in rng.choice([-20, -11, -5, -2, 1, 3, 7, 13, 19], size=14)]
    for _ in range(4):
        level = Q(9, 10)
        warm = sorted((l.sign, l.pattern, l.value_squared) for l in violators(A, p, level, warm=True))
        cold = sorted((l.sign, l.pattern, l.value_squared) for l in violators(A, p, level, warm=False))
        expected = sorted((s, q, v) for s in (1, -1) for q, v in truth(A, p, s).items() if v > level * level)
        assert warm == cold == expected
        p = [v + Q(int(e), 1000) for v, e in zip(p, rng.choice([-9, -3, 2, 5], size=14))]     # none becomes 0


def test_frontier_kept_per_arrangement_and_not_across_other_hyperplanes(monkeypatch):
    A = Arrangement([[1, 0], [0, 1], [1, 1]])
    violators(A, [1, -1, 1], 1, warm=True)
    assert tree_frontier.kept(A, 1) is not None and tree_frontier.kept(A, -1) is not None
    B = Arrangement([[1, 0], [0, 1], [1, 2]])
    assert tree_frontier.share(A, B) is B and tree_frontier.kept(B, 1) is None   # other hyperplanes
    monkeypatch.setattr(tree_frontier, "LARGEST", 0)
    violators(A, [1, -1, 1], 1, warm=True)
    assert tree_frontier.kept(A, 1) is None       # too large to keep: the next search is cold
    leaves = violators(A, [1, -1, 1], 1, warm=True)       # eta = 2 w_1 on w_1 + w_2 > 0, w_2 > 0: 2 at (1, 0)
    assert max(l.value_squared for l in leaves) == 4 == max(truth(A, [1, -1, 1], 1).values())


@pytest.mark.parametrize("seed", [1, 4])
def test_solves_reusing_one_arrangement_agree_with_fresh_enumerating_ones(seed, monkeypatch):
    # one arrangement object for several solves (each starts from no frontier, warm within it);
    # each answer against the enumerating solve, and p's feasibility by sampling eta
    from certificates.solver import large, solve
    rng = np.random.default_rng(seed)
    X = [[Q(int(v), 10) for v in row] for row in rng.integers(-20, 21, size=(11, 2))]
    y = [Q(int(v)) for v in rng.choice([-2, -1, 1, 3], 11)]
    fresh = {lam: solve(X, y, lam, bias=True) for lam in ("1/10", "1")}
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    A = Arrangement(X, bias=True)
    W = rng.standard_normal((4000, 3))
    Xf = np.array([[float(v) for v in row] + [1.0] for row in X])
    for lam in ("1/10", "1", "1/10"):
        s = solve(A, y, lam, bias=True)
        assert "_witnesses" not in A.__dict__ and tree_frontier.kept(A, 1) is not None
        assert s.status == fresh[lam].status and s.status in ("exact", "verified")
        assert abs(s.objective - fresh[lam].objective) <= 1e-9 * max(1.0, abs(fresh[lam].objective))
        assert s.certificate["unique"] == fresh[lam].certificate["unique"]
        eta = np.maximum(W @ Xf.T, 0.0) @ np.array(s.p) / np.linalg.norm(W, axis=1)
        assert np.abs(eta).max() <= 1 + 1e-6


def test_a_solve_lists_the_same_minimiser_however_the_arrangement_was_searched_before(monkeypatch):
    # data as benchmarks/bench_scale.py makes them (two decimals, a bias), 20 points, forced onto
    # the pattern route: the minimiser is not unique, so which vertex of the solution set is listed
    # depends on the columns; with a search starting from the cones the last solve's end-game left,
    # the first tree round listed other near-active leaves, and the second solve another minimiser
    from certificates.solver import large, solve
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    rng = np.random.default_rng(1)
    X = [[str(round(v, 2)) for v in row] for row in rng.standard_normal((20, 3))]
    y = [str(round(v, 2)) for v in rng.standard_normal(20)]
    A = Arrangement(X, bias=True)
    first = solve(A, y, "1/10")
    assert tree_frontier.kept(A, 1) is not None      # the next solve finds a frontier on A
    violators(A, [Q(1, 3)] * 20, Q(1, 2), limit=3)    # and one more search of other p there
    again, fresh = solve(A, y, "1/10"), solve(Arrangement(X, bias=True), y, "1/10")
    assert first.status in ("exact", "verified") and first.certificate["unique"] is False
    for other in (again, fresh):
        assert (other.status, other.p, other.p_exact, other.objective) == (first.status, first.p, first.p_exact, first.objective)
        assert [(a.w, a.amplitude, a.w_exact, a.amplitude_exact) for a in other.atoms] == \
            [(a.w, a.amplitude, a.w_exact, a.amplitude_exact) for a in first.atoms]
        assert other == first       # every compared field: certificate report, reason, solver information


def test_a_warm_search_frees_the_old_frontier_before_its_leaves_and_finds_every_violator(monkeypatch):
    # memory: the old cones, the restarted stack and the new frontier were held at once; the old
    # frontier (the store's only reference) must be gone by the search's first leaf, the answers
    # still every violating region of the enumeration
    import gc
    import weakref
    from certificates.dual import tree_oracle
    rng = random.Random(11)
    X = [[3, -1, 2], [1, 2, -3], [-2, 1, 1], [2, 2, 1], [-1, -3, 2], [1, -2, -2], [3, 1, -1], [-2, 3, 2]]
    A = Arrangement(X)     # no parallel rows: a hyperplane per row, weighted when its p_j is not 0
    p = [Q(rng.choice([-5, -3, -1, 1, 2, 4]), rng.randint(1, 4)) for _ in X]
    violators(A, p, 0, warm=True)
    old = weakref.ref(tree_frontier.kept(A, 1))
    alive_at_leaves = []
    leaf_maximum = tree_oracle.leaf_maximum

    def watched(*args):
        gc.collect()
        alive_at_leaves.append(old() is not None)
        return leaf_maximum(*args)
    monkeypatch.setattr(tree_oracle, "leaf_maximum", watched)
    p = [v + Q(1, 50) for v in p]      # moved, no weight 0
    level = Q(1, 2)
    found = sorted((l.sign, l.pattern, l.value_squared) for l in violators(A, p, level, warm=True))
    expected = sorted((s, q, v) for s in (1, -1) for q, v in truth(A, p, s).items() if v > level * level)
    assert alive_at_leaves and not any(alive_at_leaves)
    assert found == expected and expected
