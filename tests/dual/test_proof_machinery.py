"""The proof machinery tested directly: proved screening bounds, the exact Lawson-Hanson fallback,
every refusal of the interval verification, and the ``numerical`` status.

Ground truth: the brute-force projection norm over all active sets (sympy, no FLINT, no NNLS),
and closed forms for the small optimality systems below.
"""

from fractions import Fraction as Q
from math import lcm

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arrangement import Arrangement
from arrangement.linalg import independent_integer_rows, independent_rows, kernel_vectors, rank, solve
from certificates.dual import projection
from certificates.dual.screening import dual_bounds, region_bound_squared
from certificates.solver.endgame.routes import certify_numerical
from certificates.solver.endgame.optimality import AtomFace, OptimalitySystem
from certificates.solver.endgame.verification import verify
from certificates.exact.refusal import Refusal
from conftest import exact_rank
from test_certificate import brute_force_projection_norm

small = st.integers(-3, 3)


@st.composite
def near_degenerate_cones(draw):
    """Up to 4 nonzero integer rows, some almost parallel (``big a + e``: thin or almost flat
    cones, ill-conditioned for floats), and a rational ``g`` of any scale."""
    d = draw(st.sampled_from([2, 3]))
    base = draw(st.lists(small, min_size=d, max_size=d).filter(any))
    big = draw(st.sampled_from([1, 10**3, 10**6]))
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            row = [big * b + draw(st.integers(-1, 1)) for b in base]
        else:
            row = draw(st.lists(small, min_size=d, max_size=d))
        if any(row):
            rows.append(row)
    scale = draw(st.sampled_from([Q(1, 10**6), Q(1), Q(10**6)]))
    g = [scale * Q(draw(st.integers(-20, 20)), draw(st.integers(1, 7))) for _ in range(d)]
    return rows, g


@settings(max_examples=40, deadline=None)
@given(near_degenerate_cones())
def test_screening_bounds_are_never_below_the_exact_projection(cone):
    rows, g = cone
    exact = brute_force_projection_norm(rows, g)
    assert region_bound_squared(rows, g) >= exact
    if rows:
        D = lcm(*(v.denominator for v in g))
        G = np.array([[int(v * D) for v in g]], dtype=object)
        bound, lam = dual_bounds(G, D, np.ones((1, len(rows)), dtype=np.int8), np.array(rows, dtype=object))
        assert Q(float(bound[0])) >= exact and (lam >= 0).all()


def wrong_guess(kind):
    """A float NNLS replaced by a wrong answer: no active wall, or every wall active."""
    def guess(rows, g):
        lam = np.zeros(len(rows)) if kind == "none" else np.ones(len(rows))
        return lam, 0.0
    return guess


@settings(max_examples=30, deadline=None)
@given(near_degenerate_cones(), st.sampled_from(["none", "all"]))
def test_lawson_hanson_decides_when_the_float_guess_is_wrong(cone, kind):
    rows, g = cone
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(projection, "wall_multipliers", wrong_guess(kind))
        proj = projection.project(rows, g)
    inside = all(sum(Q(a) * b for a, b in zip(row, g)) >= 0 for row in rows)
    if kind == "none" and not inside:
        assert proj.exact_fallback   # the empty guess gives w = g, outside the cone
    assert proj.norm_squared == brute_force_projection_norm(rows, g)
    # the KKT certificate itself: w - g = sum lam_t A_t, lam > 0, <A_t, w> = 0, w in C
    w = proj.point
    combo = [gk + sum((lam * Q(rows[t][k]) for t, lam in proj.multipliers.items()), Q(0)) for k, gk in enumerate(g)]
    assert list(w) == combo and all(lam > 0 for lam in proj.multipliers.values())
    assert all(sum(Q(a) * b for a, b in zip(rows[t], w)) == 0 for t in proj.multipliers)
    assert all(sum(Q(a) * b for a, b in zip(row, w)) >= 0 for row in rows)


def test_lawson_hanson_with_a_misleading_guess_on_a_quadrant():
    # C = {x, y >= 0}, g = (-1, 2): Pi_C(g) = (0, 2), multiplier 1 on the wall x = 0 only
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(projection, "wall_multipliers", lambda rows, g: (np.array([0.0, 5.0]), 0.0))
        proj = projection.project([[1, 0], [0, 1]], [Q(-1), Q(2)])
    assert proj.exact_fallback and proj.point == (0, 2) and proj.multipliers == {0: 1}


def test_linear_algebra_kernel_against_hand_results():
    assert solve([[2, 1], [1, 3]], [1, 2]) == [Q(1, 5), Q(3, 5)]          # Cramer
    assert solve([[1, 2], [2, 4]], [1, 1]) is None
    assert independent_rows([[0, 0, 0], [1, 2, 3], [2, 4, 6], [0, 1, 0], [1, 3, 3]]) == [1, 3]
    assert rank([[1, 2, 3], [4, 5, 6], [7, 8, 9]]) == 2 and rank([[Q(1, 3), 1]]) == 1
    (k,) = kernel_vectors([[1, 2, 3], [4, 5, 6]])
    assert k == [1, -2, 1]                                                # cross product of the rows


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4).flatmap(lambda d: st.lists(st.lists(st.integers(-4, 4), min_size=d, max_size=d),
                                                      min_size=1, max_size=6)))
def test_greedy_independent_rows_against_sympy_ranks(rows):
    # row i is chosen iff it raises the rank of the rows before it (sympy's rank: independent)
    expected = [i for i in range(len(rows)) if exact_rank(rows[:i + 1]) > exact_rank(rows[:i])]
    assert independent_rows(rows) == expected == independent_integer_rows(np.array(rows))
    assert rank(rows) == exact_rank(rows)


# ---- the interval verification refuses what is not optimal --------------------------------------

def refusal(X, y, lam, faces, p, c, pairs=False):
    system = OptimalitySystem(Arrangement(X), y, lam, [AtomFace(f, t) for f, t in faces], pairs=pairs)
    x = system.newton(system.start(np.array(p, dtype=float), c)) if system.consistent else np.zeros(system.size)
    refused = verify(system, x)
    assert isinstance(refused, Refusal)
    return x, refused.why


def test_refuses_labels_outside_the_span_of_the_faces():
    # exact fit of (1, 1) on the two unit vectors with one atom on the face "+0": x_2 is never fitted
    _, reason = refusal([[1, 0], [0, 1]], [1, 1], 0, [("+0", 1)], [1, 1], [1])
    assert "not in the span" in reason


def test_refuses_when_no_unique_zero_is_isolated():
    # one point, at p = 0 the Jacobian [[lam + c |x|^2, 0], [0, 0]] is singular
    system = OptimalitySystem(Arrangement([[3, 4]]), [10], 5, [AtomFace("+", 1)])
    refused = verify(system, np.array([0.0, 1.0]))
    assert isinstance(refused, Refusal) and "Krawczyk" in refused.why


def test_refuses_a_negative_amplitude():
    # one point |x| = 5, y = 1/2, lambda = 5: the zero is p = 1/5, c = (y - lambda p) / 25 = -1/10
    x, reason = refusal([[3, 4]], [Q(1, 2)], 5, [("+", 1)], [0.2], [1.0])
    assert np.allclose(x, [0.2, -0.1]) and "amplitude is not provably positive" in reason


def test_refuses_an_atom_off_its_face():
    # x_1 = (1, 0), x_2 = (0, 1), labels (2, -2), lambda 1/10, one atom claimed on the open face "+-":
    # its w = E p = (p_1, 0) has <w, x_2> = 0, not < 0
    x, reason = refusal([[1, 0], [0, 1]], [2, -2], Q(1, 10), [("+-", 1)], [1, -1], [1.0])
    assert x[1] == pytest.approx(-20) and "sign of <w, x_1> is not proved to be -" in reason


def test_refuses_a_negative_wall_multiplier():
    # labels (2, 2): in region "++" eta = <w, p> with p > 0 peaks inside, at p / |p|; atoms claimed
    # on the walls "+0" and "0+" would need the multiplier -p_2 < 0 on the wall w_2 = 0 there
    _, reason = refusal([[1, 0], [0, 1]], [2, 2], Q(1, 10), [("+0", 1), ("0+", 1)], [1, 1], [1.0, 1.0])
    assert "wall multiplier" in reason and "not provably positive" in reason


def test_refuses_when_the_certificate_exceeds_one_off_the_atoms():
    # d = 1, x = 1 and -1, labels (2, 2): the atom at w = 1 fits x_1 only, so p_2 = y_2 / lambda = 20
    # and eta(-1) = p_2 = 20 > 1
    x, reason = refusal([[1], [-1]], [2, 2], Q(1, 10), [("+-", 1)], [1, 1], [1.0])
    assert x[1] == pytest.approx(20) and "not proved below 1" in reason


def test_refuses_one_antipodal_pair_in_the_plane():
    # atoms at w and -w (w = (1, 0)) trade mass along the linear function <w, x> only: one pair
    # cannot absorb a free vector v of R^2, so the split of the pair's mass is not determined
    _, reason = refusal([[1, 0], [-1, 0], [0, 1]], [1, 1, 0], Q(1, 10), [("+-0", 1), ("-+0", 1)],
                        [1, 1, 1], [1.0, 1.0], pairs=True)
    assert "antipodal pairs are not proved to span" in reason


def test_refuses_a_pair_with_a_negative_share():
    # d = 1, x = 1 and -1, labels (3, -1): p = (1, 1) z is in ker X^T, and the atom at w = -1 must
    # carry b_2 = -1 - lambda p_2 < 0 although it is claimed with sign +1
    x, reason = refusal([[1], [-1]], [3, -1], Q(1, 10), [("+-", 1), ("-+", 1)], [1, 1], [1.0, 1.0], pairs=True)
    assert x[0] == pytest.approx(1) and "amplitude of an antipodal pair is not provably positive" in reason


def test_numerical_status_when_nothing_can_be_proved():
    # exact fit of (1, 1) on the unit vectors: the minimiser is one atom at (1, 1)/sqrt 2
    # (p = (1, 1)/sqrt 2); a numerical answer with one atom at (1, 0) fits no label exactly
    outcome = certify_numerical(Arrangement([[1, 0], [0, 1]]), [1, 1], Q(0), [1.0, 1.0], [([1.0, 0.0], 1, 1.0)])
    assert outcome.status == "numerical" and outcome.p_exact is None and outcome.proof == "none"
    assert outcome.report["feasible"] is None and outcome.reason in outcome.report["message"]
    assert [(a[0], a[1], a[2]) for a in outcome.atoms] == [((1.0, 0.0), 1.0, "+0")]


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from([0.0, 0.25, 1.0, 4.0]))
def test_staged_bounds_every_row_once_best_first_and_above_the_exact_maximum(seed, level):
    """The two-stage screen of the whole sphere: each (region, sign) row exactly once, bounds not
    increasing, each at least the brute-force projection norm of its region."""
    from certificates.dual.screening import StagedBounds
    rng = np.random.default_rng(seed)
    A = Arrangement(rng.integers(-3, 4, size=(5, 3)).tolist())
    p = [Q(int(v), 4) for v in rng.integers(-6, 7, size=5)]
    S = A.sign_matrix()
    g = [[sum((pj * xj[k] for pj, xj, s in zip(p, A.X, S[r]) if s > 0), Q(0)) for k in range(3)]
         for r in range(len(S))]
    G = np.array([[int(4 * v) for v in row] for row in g] + [[int(-4 * v) for v in row] for row in g], dtype=object)
    hs = A.hyperplane_sign_matrix()
    rows = list(StagedBounds(G, 4, np.concatenate([hs, hs]), A.hyperplane_normals, level=level))
    assert sorted(k for k, _, _ in rows) == list(range(2 * len(S)))
    assert all(a[1] >= b[1] for a, b in zip(rows, rows[1:]))
    for k, bound, _ in rows:
        region, sign = k % len(S), (1 if k < len(S) else -1)
        assert Q(bound) >= brute_force_projection_norm(A.walls(region)[0], [sign * v for v in g[region]])


@pytest.mark.parametrize("after", [None, 0, 10])
@pytest.mark.parametrize("seed", range(4))
def test_dual_bounds_of_every_region_against_brute_force(seed, after, monkeypatch):
    """Every region of a random degenerate arrangement at once (repeated and opposite points,
    the shared iteration alone, row-by-row NNLS alone, and both): each bound is at least the
    brute-force projection norm, and with the row solves it is tight (the walls are all the
    hyperplanes' signs, most of them redundant)."""
    from certificates.dual import screening
    monkeypatch.setattr(screening, "ROW_NNLS_AFTER", after)
    rng = np.random.default_rng(seed)
    d = 2 + seed % 2
    X = rng.integers(-3, 4, size=(6, d)).tolist()
    X += [X[0], [-v for v in X[1]], [0] * d]
    A = Arrangement(X)
    F, S = A.hyperplane_normals, A.hyperplane_sign_matrix()
    p = [Q(int(v), 3) for v in rng.integers(-4, 5, size=A.n)]
    active = A.sign_matrix() > 0
    G = np.array([[sum(int(3 * p[j]) * X[j][k] for j in range(A.n) if row[j]) for k in range(d)]
                  for row in active], dtype=object)
    level = None if seed % 2 else 1.0
    bound, lam = dual_bounds(np.concatenate([G, -G]), 3, np.concatenate([S, S]), F, level=level)
    for k, (g, signs) in enumerate(zip(np.concatenate([G, -G]), np.concatenate([S, S]))):
        rows = [[int(s) * int(f) for f in normal] for s, normal in zip(signs, F)]
        exact = brute_force_projection_norm(rows, [Q(int(v), 3) for v in g])
        assert Q(float(bound[k])) >= exact and (lam[k] >= 0).all()
        if after is not None and (level is None or bound[k] > level):
            assert float(bound[k]) <= float(exact) * (1 + 1e-9) + 1e-9
