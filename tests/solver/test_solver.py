"""The solver against closed forms, brute force, sampled patterns and gradient descent."""

from fractions import Fraction as Q

import numpy as np
import pytest
import sympy

from arrangement import Arrangement, DataError, ParameterError
from certificates.solver.numeric.conic import solve_regions
from certificates.solver import exact_fit, solve


def _sym(v):
    return sympy.nsimplify(v) if isinstance(v, float) else sympy.sympify(v)


def check_exact_optimality(X, y, lam, s):
    """Substitute the exact answer back: K mu = y - lam p, |w_i| = 1, eta(w_i) = sign(a_i)."""
    X = [[sympy.Rational(Q(v).numerator, Q(v).denominator) for v in row] for row in X]
    p = [sympy.sympify(v) for v in s.p_exact]
    fit = [sympy.Integer(0)] * len(X)
    for atom in s.atoms:
        w, a = atom.w_exact, atom.amplitude_exact
        assert sympy.simplify(sum(v * v for v in w) - 1) == 0
        acts = [sympy.Max(sum(wk * xk for wk, xk in zip(w, x)), 0) for x in X]
        eta = sum(pj * h for pj, h in zip(p, acts))
        assert sympy.simplify(eta - sympy.sign(a)) == 0
        fit = [f + a * h for f, h in zip(fit, acts)]
    lam = sympy.Rational(Q(lam).numerator, Q(lam).denominator)
    for f, yj, pj in zip(fit, y, p):
        assert sympy.simplify(f - (sympy.Rational(Q(yj).numerator, Q(yj).denominator) - lam * pj)) == 0


@pytest.mark.parametrize("x, y, lam", [
    ([3, 4], 10, 5), ([1, 1], 3, 1), ([1, 2, 2], -3, "1/2"), ([2], "7/3", "1/10"), ([1, 1, 1], 1, "1/4")])
def test_one_point_closed_form(x, y, lam):
    """One point: a = sign(y) (|y| |x| - lambda) / |x|^2 at w = x/|x|, p = sign(y) / |x|."""
    s = solve([x], [y], lam)
    assert s.status == "exact"
    norm = sympy.sqrt(sum(sympy.Integer(v) ** 2 for v in x))
    yq, lq = sympy.Rational(str(Q(y))), sympy.Rational(str(Q(lam)))
    assert len(s.atoms) == 1
    amplitude = sympy.sign(yq) * (abs(yq) * norm - lq) / norm ** 2
    assert sympy.simplify(s.atoms[0].amplitude_exact - amplitude) == 0
    assert all(sympy.simplify(w - v / norm) == 0 for w, v in zip(s.atoms[0].w_exact, x))
    assert sympy.simplify(s.p_exact[0] - sympy.sign(yq) / norm) == 0
    check_exact_optimality([x], [y], lam, s)


def test_one_point_below_threshold_gives_zero_measure():
    """|y| |x| <= lambda: mu = 0 and p = y / lambda."""
    s = solve([[1, 2, 2]], [1], 5)
    assert s.status == "exact" and s.atoms == () and s.p_exact == (sympy.Rational(1, 5),)
    assert s.objective == 0.5


@pytest.mark.parametrize("lam", ["1/2", "1/10", "3/4"])
def test_two_orthogonal_points_one_neuron(lam):
    """x = e1, e2, y = (1, 1): for lambda < 2(2 - sqrt 2) one neuron at (1,1)/sqrt 2 with
    amplitude sqrt 2 - lambda, objective sqrt 2 lambda - lambda^2 / 2."""
    s = solve([[1, 0], [0, 1]], [1, 1], lam)
    lq = sympy.Rational(lam)
    assert s.status == "exact" and len(s.atoms) == 1
    assert sympy.simplify(s.atoms[0].amplitude_exact - (sympy.sqrt(2) - lq)) == 0
    assert s.objective == pytest.approx(float(sympy.sqrt(2) * lq - lq ** 2 / 2), rel=1e-12)
    check_exact_optimality([[1, 0], [0, 1]], [1, 1], lam, s)


def test_symmetric_points_two_neurons():
    """x = +-e1, y = (1, 1): two neurons at +-e1 with amplitude 1 - lambda each (unique)."""
    s = solve([[1, 0], [-1, 0]], [1, 1], "1/4")
    assert s.status == "exact"
    assert sorted((a.w_exact, a.amplitude_exact) for a in s.atoms) == [((-1, 0), sympy.Rational(3, 4)),
                                                                       ((1, 0), sympy.Rational(3, 4))]
    assert s.certificate["unique"] is True


def _random(n, d, seed, bias=False):
    rng = np.random.default_rng(seed)
    X = [[str(round(v, 3)) for v in row] for row in rng.standard_normal((n, d))]
    y = [str(round(v, 2)) for v in rng.standard_normal(n)]
    return Arrangement(X, bias=bias), y


@pytest.mark.parametrize("n, d, lam, seed, bias", [(12, 2, "0.2", 0, False), (10, 3, "0.5", 1, False),
                                                  (9, 1, "0.05", 2, True), (14, 3, "0.1", 3, False)])
def test_conic_and_column_generation_agree(n, d, lam, seed, bias):
    A, y = _random(n, d, seed, bias)
    a, b = solve(A, y, lam, method="conic"), solve(A, y, lam, method="cg")
    assert a.objective == pytest.approx(b.objective, rel=1e-8)
    assert np.allclose(a.p, b.p, atol=1e-5)
    assert a.status in ("exact", "verified") and b.status in ("exact", "verified")


def _sampled_pattern_objective(A, y, lam, samples, seed):
    """The convex reformulation restricted to activation patterns of random weights (what
    sampled-pattern code does): an upper bound of the true optimum."""
    rng = np.random.default_rng(seed)
    X = np.array([[float(v) for v in row] for row in A.X])
    S = A.sign_matrix()
    index = {tuple(row): k for k, row in enumerate(S.tolist())}
    regions = set()
    for w in rng.standard_normal((samples, A.d)):
        pattern = tuple(np.sign(X @ w).astype(int).tolist())
        if pattern in index:
            regions.add(index[pattern])
    pairs = [(r, s) for r in sorted(regions) if (S[r] > 0).any() for s in (1, -1)]
    return solve_regions(A, np.array([float(v) for v in y]), float(Q(lam)), pairs).objective


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_never_worse_than_sampled_patterns(seed):
    A, y = _random(15, 3, seed)
    s = solve(A, y, "0.2")
    for samples in (5, 20, 200):
        assert s.objective <= _sampled_pattern_objective(A, y, "0.2", samples, seed) + 1e-9
    # the certified lower bound (dual objective) is below the sampled objectives too
    assert s.dual_objective <= s.objective + 1e-12


def _train(X, y, lam, width=40, steps=60000, rate=0.02, seed=0):
    """Gradient descent on 1/2 |f - y|^2 + lam/2 (|a|^2 + |W|^2), f = relu(X W^T) a.

    Weight decay on both layers equals lam * sum |a_k| |w_k| at the balanced scaling, so the
    finite network solves a restriction of P_lambda: its objective is never below the optimum."""
    rng = np.random.default_rng(seed)
    W, a = rng.standard_normal((width, X.shape[1])) * 0.5, rng.standard_normal(width) * 0.1
    for _ in range(steps):
        H = np.maximum(X @ W.T, 0)
        r = H @ a - y
        grad_a = H.T @ r + lam * a
        grad_W = ((r[:, None] * (X @ W.T > 0)) * a).T @ X + lam * W
        a, W = a - rate * grad_a, W - rate * grad_W
    r = np.maximum(X @ W.T, 0) @ a - y
    return 0.5 * r @ r + lam / 2 * (a @ a + (W * W).sum()), W, a


def test_gradient_descent_reaches_the_certified_optimum_from_above():
    x = [-1, "-0.5", 0, "0.5", 1]
    y = [1, "0.2", 0, "0.3", "1.1"]
    A = Arrangement([[v] for v in x], bias=True)
    s = solve(A, y, "0.1")
    X = np.array([[float(v) for v in row] for row in A.X])
    trained, _, _ = _train(X, np.array([float(Q(v)) for v in y]), 0.1)
    lower = s.dual_objective                      # a proved lower bound of the optimum
    assert s.status in ("exact", "verified")
    assert trained >= lower - 1e-12
    assert trained <= s.objective + 1e-6


def test_non_unique_minimiser_is_exhibited():
    """Random data without bias at small lambda: antipodal pairs outnumber the dimensions."""
    A, y = _random(20, 3, 0)
    s = solve(A, y, "0.1")
    cert = s.certificate
    assert s.status == "verified" and cert["unique"] is False and cert["antipodal_pairs"] > 3
    X, yf = np.array([[float(v) for v in row] for row in A.X]), np.array([float(v) for v in y])

    def objective(amplitudes):
        fit = sum(a * np.maximum(X @ np.array(atom.w), 0) for a, atom in zip(amplitudes, s.atoms))
        return 0.5 * float((fit - yf) @ (fit - yf)) + 0.1 * sum(abs(a) for a in amplitudes)

    # the second minimiser lives on the charged extreme points; the listed one (a vertex split of
    # the pairs) may leave some of them without mass
    charged = [e for e in cert["extreme_points"] if e["charged"]]
    listed = {(a.face, int(np.sign(a.amplitude))): a.amplitude for a in s.atoms}
    assert len(listed) == len(s.atoms) <= len(charged)
    first = [listed.get((e["face"], e["sign"]), 0.0) for e in charged]
    second = cert["second_minimiser"]
    assert len(second) == len(charged)
    points = [type("P", (), {"w": tuple(float(v.strip("[").split(" ")[0]) for v in e["w"])}) for e in charged]
    assert max(abs(u - v) for u, v in zip(first, second)) > 1e-3

    def objective_on(amplitudes):
        fit = sum(a * np.maximum(X @ np.array(pt.w), 0) for a, pt in zip(amplitudes, points))
        return 0.5 * float((fit - yf) @ (fit - yf)) + 0.1 * sum(abs(a) for a in amplitudes)

    assert objective_on(second) == pytest.approx(objective_on(first), abs=1e-10)
    assert objective_on(first) == pytest.approx(objective([a.amplitude for a in s.atoms]), abs=1e-10)
    assert all(np.sign(u) == np.sign(v) or abs(u) < 1e-12 or abs(v) < 1e-12 for u, v in zip(first, second))


def test_verified_solution_is_dual_feasible_by_sampling():
    A, y = _random(12, 3, 5)
    s = solve(A, y, "0.3")
    assert s.status in ("exact", "verified")
    X = np.array([[float(v) for v in row] for row in A.X])
    W = np.random.default_rng(0).standard_normal((20000, 3))
    W /= np.linalg.norm(W, axis=1)[:, None]
    eta = np.maximum(W @ X.T, 0) @ np.array(s.p)
    assert np.abs(eta).max() <= 1 + 1e-9
    for atom in s.atoms:
        assert float(np.maximum(X @ np.array(atom.w), 0) @ np.array(s.p)) == pytest.approx(np.sign(atom.amplitude),
                                                                                            abs=1e-9)


def test_exact_fit_closed_forms():
    s = exact_fit([[1, 2, 2]], [3])                     # |mu| = 1, p0 = 1/3
    assert s.status == "exact" and s.p_exact == (sympy.Rational(1, 3),)
    assert s.atoms[0].amplitude_exact == 1 and s.atoms[0].w_exact == tuple(sympy.Rational(k, 3) for k in (1, 2, 2))
    s = exact_fit([[1, 0], [0, 1]], [1, 1])              # one neuron fits both: TV sqrt 2
    assert s.status == "exact" and sympy.simplify(s.atoms[0].amplitude_exact - sympy.sqrt(2)) == 0


def test_small_lambda_dual_vectors_converge_to_the_exact_fit_one():
    X, y = [[1, 0], [0, 1]], [1, 1]
    p0 = np.array(exact_fit(X, y).p)
    gaps = [np.abs(np.array(solve(X, y, lam).p) - p0).max() for lam in ("1/10", "1/100", "1/1000")]
    assert gaps[0] < 1e-9  # p_lambda = (1, 1)/sqrt 2 for every small lambda here
    X, y = [[2, 1], [1, 1], [1, 3]], [1, -1, 2]
    limit = exact_fit(X, y)
    assert limit.status in ("exact", "verified")
    gaps = [np.abs(np.array(solve(X, y, lam).p) - np.array(limit.p)).max() for lam in ("1/100", "1/1000")]
    assert max(gaps) < 1e-9


def test_normalized_loss_is_lambda_times_n():
    A, y = _random(8, 2, 4)
    a, b = solve(A, y, "0.05", normalize=True), solve(A, y, "0.4")
    assert a.lam_problem == Q(2, 5) and a.objective * 8 == pytest.approx(b.objective, rel=1e-9)
    assert a.p == pytest.approx(b.p) and a.status == b.status


@pytest.mark.parametrize("kwargs, message", [
    (dict(X=[[1, 0]], y=None, lam=1), "labels y are missing"),
    (dict(X=[[1, 0], [0, 1]], y=[1], lam=1), "labels y"),
    (dict(X=[[1, 0]], y=["abc"], lam=1), "not a number"),
])
def test_bad_input(kwargs, message):
    with pytest.raises(DataError, match=message):
        solve(**kwargs)


@pytest.mark.parametrize("lam, message", [(0, "lambda must be positive"), ("-1", "lambda must be positive"),
                                          (None, "lambda is missing")])
def test_a_bad_lambda_is_a_parameter_error(lam, message):
    with pytest.raises(ParameterError, match=message):
        solve([[1, 0]], [1], lam)


def test_unknown_method():
    with pytest.raises(ParameterError, match="unknown method"):
        solve([[1]], [1], 1, method="sgd")


def test_two_atoms_in_a_quadratic_field_are_exact():
    """Two points (1, 2), (3, -1) with y = (2, -1): one neuron each, everything in Q(sqrt 2, sqrt 5)."""
    X, y, lam = [[1, 2], [3, -1]], [2, -1], "1/3"
    s = solve(X, y, lam)
    assert s.status == "exact" and len(s.atoms) == 2
    check_exact_optimality(X, y, lam, s)
    assert sympy.simplify(s.p_exact[0] - sympy.sqrt(10) / 7) == 0


@pytest.mark.parametrize("seed, bias", [(0, False), (3, True)])
def test_column_generation_with_a_small_master_reaches_the_full_conic_optimum(seed, bias):
    """Small batches make the working set outgrow twice the batch, so empty pairs are dropped from
    the master: the optimum is still that of the conic program over every (region, sign) pair."""
    from certificates.solver.numeric.column_generation import column_generation
    from certificates.solver.problem import all_pairs
    A, y = _random(14, 3, seed, bias)
    yf = np.array([float(v) for v in y])
    full = solve_regions(A, yf, 0.1, all_pairs(A))
    cg = column_generation(A, yf, 0.1, batch=2)
    sizes = [k for k, _ in cg.history]
    assert any(b < a for a, b in zip(sizes, sizes[1:]))   # the working set shrank: pairs were dropped
    assert cg.solution.objective == pytest.approx(full.objective, rel=1e-7)
    assert np.allclose(cg.solution.p, full.p, atol=1e-4)
