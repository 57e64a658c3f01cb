"""Property tests of the solver on small degenerate data, each answer re-checked independently
(tests/exact_check.py: exact arithmetic for ``exact``, enclosing objectives for ``verified``),
and regression tests for every solver case found by hostile testing."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arrangement import Arrangement, DualcertError
from certificates import exact_fit, solve

from exact_check import check
from proofcheck import assert_proof_checks

LAMBDAS = [Fraction(1, 10), Fraction(1, 2), Fraction(1), Fraction(2), Fraction(3, 7)]


@st.composite
def degenerate_data(draw):
    """Rows that are new small integers, zero, a repeat, the opposite or a multiple of an earlier row."""
    n, d = draw(st.integers(1, 6)), draw(st.integers(1, 3))
    entry = st.integers(-2, 2)
    rows = []
    for _ in range(n):
        kind = draw(st.sampled_from(["new", "new", "new", "zero", "repeat", "opposite", "multiple"]))
        if kind == "new" or not rows:
            rows.append([draw(entry) for _ in range(d)])
        elif kind == "zero":
            rows.append([0] * d)
        else:
            base = rows[draw(st.integers(0, len(rows) - 1))]
            factor = {"repeat": 1, "opposite": -1, "multiple": 2}[kind]
            rows.append([factor * v for v in base])
    labels = [draw(st.integers(-3, 3)) for _ in range(n)]
    return rows, labels, draw(st.booleans()), draw(st.sampled_from(LAMBDAS))


@settings(max_examples=50, deadline=None)
@given(degenerate_data(), st.sampled_from(["cg", "conic"]))
def test_every_certified_answer_survives_an_independent_check(case, method):
    rows, labels, bias, lam = case
    A = Arrangement(rows, bias=bias)
    s = solve(A, labels, lam, method=method)
    assert check(rows, labels, lam, bias, s) == []
    # the independent checker re-proves the regions, and the optimality of every exact answer
    # (rational, or algebraic in a number field Q(theta))
    lines = assert_proof_checks(s, A, labels)
    if s.status == "exact":
        assert lines[-1].startswith("this measure"), lines


@settings(max_examples=15, deadline=None)
@given(degenerate_data())
def test_exact_fit_is_exact_checked_or_refused(case):
    rows, labels, bias, _ = case
    try:
        s = exact_fit(Arrangement(rows, bias=bias), labels)
    except DualcertError as error:   # only allowed when no measure fits: identical rows, different labels
        assert "no measure fits" in str(error)
        return
    assert check(rows, labels, 0, bias, s) == []


def _rational(value) -> bool:
    try:
        Fraction(str(value))
        return True
    except ValueError:
        return False


# ---- false `exact` answers ---------------------------------------------------
SIX = ([[-3, 0], [-2, -1], [-3, -2], [1, 2], [0, 1], [-2, 0]], [-3, 2, 0, -1, 1, 0])


@pytest.mark.parametrize("method", ["cg", "conic"])
def test_antipodal_pairs_give_a_true_minimiser(method):
    """Was `exact` with objective 3.0672 > dual 3.0063 and an amplitude of the wrong sign; an
    independent complete conic reformulation gives 3.00627."""
    rows, labels = SIX
    s = solve(rows, labels, "1/10", method=method)
    assert s.status in ("exact", "verified")
    assert check(rows, labels, Fraction(1, 10), False, s) == []
    assert abs(s.objective - 3.00627) < 1e-5


def test_cancelling_tiny_atoms_are_not_reported():
    """x = 1, 1, -3 with labels 2, 0, 1 at lambda 5: mu = 0 is optimal (p = y / 5 is feasible:
    |eta| <= max(2/5 + 0, 3/5) < 1), so no atoms; conic listed four of size 1e-13."""
    rows, labels = [[1], [1], [-3]], [2, 0, 1]
    for method in ("cg", "conic"):
        s = solve(rows, labels, 5, method=method)
        assert s.status == "exact" and s.atoms == ()
        assert s.objective == pytest.approx(2.5)     # 1/2 |y|^2
        assert check(rows, labels, 5, False, s) == []


# ---- solver words ------------------------------------------------------------------------------
def test_exact_fit_of_zero_labels_is_trivially_exact():
    s = exact_fit([[1, 0], [0, 1]], [0, 0])
    assert s.status == "exact" and s.atoms == () and list(s.p_exact) == [0, 0]


@pytest.mark.parametrize("rows, labels", [([[1], [1]], [1, 2]), ([[1, 1], [2, 2]], [1, 1]),
                                          ([[0, 0], [1, 0]], [1, 0])])
def test_contradictory_labels_are_a_typed_error(rows, labels):
    """Identical points with different labels; x_2 = 2 x_1 needs y_2 = 2 y_1; a zero point with label 1."""
    with pytest.raises(DualcertError, match="no measure fits"):
        exact_fit(rows, labels)


@pytest.mark.parametrize("method", ["cg", "conic"])
def test_huge_entries_do_not_stop_the_float_guess(method):
    """An entry 10^50 stopped the conic solver with InsufficientProgress; now an honest status."""
    rows, labels = [[10 ** 50, 1], [1, 0], [0, 1]], [1, 2, -1]
    s = solve(rows, labels, 1, method=method)
    assert s.status in ("exact", "verified", "numerical")
    assert check(rows, labels, 1, False, s) == []


def test_tiny_lambda_is_not_verified_by_a_vacuous_bound():
    """lambda = 1e-12 was `verified` with |p - p*| <= 7.9e5."""
    rows, labels = SIX
    s = solve(rows, labels, "1e-12")
    if s.status == "verified":
        radius = s.certificate.get("p_radius")
        assert radius is None or radius <= 1e-3 * max(1.0, max(abs(v) for v in s.p))
    assert check(rows, labels, Fraction(1, 10 ** 12), False, s) == []


def test_listed_atoms_respect_the_proved_support_bound():
    """Found by benchmarks/bench_reliability.py: `verified` by the duality gap with "at most 1
    atoms" but two listed (one of mass 3e-7); the vanishing atom must not block the exact route."""
    rows, labels = [[1], [-3], [3], [2], [1], [-3], [2]], [2, 3, 1, -2, -3, -3, -1]
    s = solve(rows, labels, 1, bias=True, method="cg")
    assert s.status in ("exact", "verified")
    assert check(rows, labels, 1, True, s) == []
