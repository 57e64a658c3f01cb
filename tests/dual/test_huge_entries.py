"""Data and dual vectors beyond the float range (entries like 1/10^400 or 10^400): the float
screening keeps its bounds proved or the step refuses with a typed one-line error, never an
untyped OverflowError.  Ground truth: the maximum of eta on the circle, arc by arc, in exact
rationals (no code of the package)."""

from fractions import Fraction as Q

import numpy as np
import pytest

from arrangement import Arrangement, DataError
from certificates.cli.main import main
from certificates.dual.certificate import Certificate
from certificates.dual.screening import dual_bounds, region_bound_squared
from certificates.dual import tree_oracle
from certificates.solver import large

BIG = 10**400


def cone_max_squared(rows, g):
    """``max <g, w>^2`` over ``{w : rows w >= 0, |w| <= 1}`` in the plane (clipped at 0): the
    maximiser is g itself when feasible, else on an extreme ray, a perpendicular of a row."""
    def inside(w):
        return all(a * w[0] + b * w[1] >= 0 for a, b in rows)
    best = Q(0)
    if inside(g):
        best = g[0] ** 2 + g[1] ** 2
    for a, b in rows:
        for r in ((-b, a), (b, -a)):
            t = g[0] * r[0] + g[1] * r[1]
            if t > 0 and inside(r):
                best = max(best, t * t / (r[0] ** 2 + r[1] ** 2))
    return best


def sup_eta_squared(X, p):
    """``sup eta^2`` on the circle: on each arc between perpendiculars of the rows the active set
    is fixed, so eta is <g, w> there; the arcs are the cones of the sign patterns."""
    X = [[Q(v) for v in x] for x in X if any(x)]
    rays = [r for a, b in X for r in ((-b, a), (b, -a))] + [(Q(1), Q(0))]
    best = Q(0)
    for r in rays:     # probe each arc's pattern just beside every ray, on both sides
        for turn in (1, -1):
            w = (r[0] - turn * r[1] * Q(1, 10**900), r[1] + turn * r[0] * Q(1, 10**900))
            signs = [1 if a * w[0] + b * w[1] > 0 else -1 for a, b in X]
            rows = [(s * a, s * b) for s, (a, b) in zip(signs, X)]
            g = [sum(pj * a for pj, s, (a, b) in zip(p, signs, X) if s > 0),
                 sum(pj * b for pj, s, (a, b) in zip(p, signs, X) if s > 0)]
            best = max(best, cone_max_squared(rows, g), cone_max_squared(rows, [-g[0], -g[1]]))
    return best


DATA = [
    [[Q(1, BIG), 1], [-1, 2], [3, Q(1, BIG)], [2, -5]],
    [[BIG, 1], [-1, 2], [3, BIG], [2, -5]],
    [[Q(1, BIG), Q(2, BIG)], [Q(-1, BIG), Q(1, BIG)], [Q(3, BIG), Q(-1, BIG)]],
]
DUALS = [[Q(1, 3), Q(-1, 2), Q(1, 5), Q(1, 7)], [BIG, 1, -1, 2], [Q(1, BIG)] * 4]


@pytest.mark.parametrize("X", DATA)
@pytest.mark.parametrize("p", DUALS)
def test_certificate_beyond_the_float_range(X, p):
    p = p[:len(X)]
    assert Certificate(Arrangement(X), p).sup_abs_eta_squared == sup_eta_squared(X, p)


def test_dual_bounds_stay_upper_bounds_with_huge_normals():
    rng = np.random.default_rng(3)
    for _ in range(20):
        F = np.array([[int(v) * BIG + int(u) for v, u in zip(rng.integers(-3, 4, 2), rng.integers(-3, 4, 2))]
                      for _ in range(3)], dtype=object)
        F = F[[any(row) for row in F.tolist()]]
        S = rng.choice([-1, 1], size=(4, len(F))).astype(np.int64)
        G = np.array([[int(v) * BIG for v in rng.integers(-5, 6, 2)] for _ in range(4)], dtype=object)
        D = 7 * BIG
        bound, lam = dual_bounds(G, D, S, F)
        for k in range(4):
            rows = [(int(s) * a, int(s) * b) for s, (a, b) in zip(S[k], F.tolist())]
            exact = cone_max_squared(rows, [Q(int(v), D) for v in G[k]])
            assert exact <= Q(bound[k]) and np.isfinite(bound[k])
            assert exact <= region_bound_squared(rows, [Q(int(v), D) for v in G[k]])


def test_dual_bounds_trivial_bound_for_gradients_beyond_floats():
    bound, _ = dual_bounds(np.array([[BIG, 1], [1, 1]], dtype=object), 1,
                           np.ones((2, 1), dtype=np.int64), np.array([[1, 0]], dtype=object))
    assert bound[0] == np.inf and Q(bound[1]) >= 2


@pytest.mark.parametrize("X", DATA + [[[2**400, 1], [-1, 2], [3, 2**400], [2, -5]]])
@pytest.mark.parametrize("p", DUALS)
def test_tree_oracle_on_rows_and_weights_beyond_the_float_range(X, p):
    # normals of 1,330 bits (the floats see them divided by a power of two) and weights 10^-400
    # to 10^400: the search was refused with a DataError; now its exact maximum, cold and warm
    p = p[:len(X)]
    assert tree_oracle.sup_abs_squared(X, p) == sup_eta_squared(X, p)
    A = Arrangement(X)
    for _ in range(2):
        leaves = tree_oracle.violators(A, p, 0, most=True, warm=True)
        assert max([leaf.value_squared for leaf in leaves], default=Q(0)) == sup_eta_squared(X, p)


@pytest.mark.parametrize("X", DATA[:2])
def test_cli_on_the_large_route_one_line_or_the_right_answer(X, tmp_path, monkeypatch, capsys):
    import json
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    data = tmp_path / "d.json"
    data.write_text(json.dumps({"X": [[str(v) for v in x] for x in X], "y": ["1", "-1", "1", "0"]}))
    assert main(["solve", str(data), "--lam", "1", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and err.startswith("dualcert: error:")
    assert main(["certify", str(data), "--dual", "1/3,-1/2,1/5,1/7", "--quiet", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert Q(out["sup_abs_eta_squared"]) == sup_eta_squared(X, [Q(1, 3), Q(-1, 2), Q(1, 5), Q(1, 7)])


@pytest.mark.parametrize("start", [1e308, np.inf, 1e300, 0.0])
@pytest.mark.parametrize("F", [[[10**600, 1]], [[1, 1]], [[1, -1]]])
def test_warm_starts_out_of_range_keep_the_bounds_proved(start, F):
    for G in ([[-3, 4]], [[5, -1]]):
        bound, _ = dual_bounds(np.array(G, dtype=object), 1, np.ones((1, 1), dtype=np.int64),
                               np.array(F, dtype=object), start=np.array([[start]]), level=0.5)
        exact = cone_max_squared([tuple(F[0])], [Q(v) for v in G[0]])
        assert not np.isnan(bound[0])
        assert bound[0] == np.inf or exact <= Q(bound[0])


def test_xor_times_2_to_the_600_with_a_bias_is_solved_on_the_large_route(tmp_path, monkeypatch, capsys):
    # the XOR points x 2^600 against a bias column, forced onto the route without enumeration: its
    # tree search refused normals of 601 bits with a DataError; the answer's p must be feasible,
    # decided by the enumerating certificate (exact per-region maxima, no tree search)
    import json
    from certificates.solver import solve
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    s = 2 ** 600
    X, y = [[0, 0], [0, s], [s, 0], [s, s]], [0, 1, 1, 0]
    answer = solve(X, y, "1/10", bias=True)
    assert answer.status in ("exact", "verified")
    p = [Q(v) for v in answer.p_exact] if answer.p_exact is not None else [Q(v) for v in answer.p]
    assert Certificate(Arrangement(X, bias=True), p).sup_abs_eta_squared <= Q(1 + 10**-6) ** 2
    data = tmp_path / "xor600.json"
    data.write_text(json.dumps({"X": [[str(v) for v in x] for x in X], "y": [str(v) for v in y]}))
    assert main(["solve", str(data), "--lam", "1/10", "--bias", "--quiet"]) == 0
    assert capsys.readouterr().err == ""
