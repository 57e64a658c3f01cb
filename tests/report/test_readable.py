"""Exact numbers as people read them: one sympy type in the simplest form (== the displayed form),
the number field declared once, a decimal beside every exact number, no Markdown cell over 160
characters, exact objectives for exact answers."""

import re
from fractions import Fraction

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from certificates import exact_fit, solve
from certificates.cli.main import main as cli
from certificates.exact.numbers import decimal, number_field, simplest

X = sympy.Symbol("x")


@pytest.fixture(scope="module")
def xor():
    return solve("xor", None, "1/10", bias=True)


def test_simplest_radicals_are_the_same_number():
    r = sympy.CRootOf(X ** 4 - 10 * X ** 2 + 1, 3)            # sqrt(2) + sqrt(3), by sympy's numbering
    assert simplest(r) == sympy.sqrt(2) + sympy.sqrt(3) or sympy.simplify(simplest(r) - sympy.sqrt(2) - sympy.sqrt(3)) == 0
    assert simplest((r ** 2 - 5) / 2) == sympy.sqrt(6)
    assert simplest(sympy.Rational(1, 3)) == sympy.Rational(1, 3)
    # not in radicals (x^5 - x - 1 has Galois group S5): a polynomial in the one root, reduced
    t = sympy.CRootOf(X ** 5 - X - 1, 0)
    v = simplest(t ** 6)                                      # t^6 = t^2 + t, reduced modulo t^5 - t - 1
    assert sympy.expand(v - t ** 2 - t) == 0


def test_xor_api_values_equal_the_displayed_radicals(xor):
    assert xor.status == "exact"
    assert xor.p_exact[1] == sympy.sqrt(2) and xor.p_exact[2] == sympy.sqrt(2)
    w = xor.atoms[1].w_exact if xor.atoms[1].w_exact[2] == 0 else xor.atoms[2].w_exact
    assert set(map(abs, w[:2])) == {sympy.sqrt(2) / 2}
    assert all(isinstance(v, sympy.Basic) for a in xor.atoms for v in (*a.w_exact, a.amplitude_exact))
    assert max(len(str(v)) for v in xor.p_exact) < 120


def test_exact_objective_matches_the_primal_value(xor):
    # the exact optimal value against the float primal objective of the float atoms (independent code)
    assert abs(float(xor.objective_exact) - xor.objective) < 1e-12
    s = solve([[3, 4]], [10], 5)                            # a = 9/5, residual -1: 1/2 + 5 * 9/5
    assert s.objective_exact == sympy.Rational(19, 2)
    assert exact_fit([[1, 0], [0, 1]], [1, 1]).objective_exact == sympy.sqrt(2)   # one atom (1,1)/sqrt 2


def test_number_field_declared_with_an_isolating_interval(xor):
    F = xor.report().number_field
    poly = sympy.Poly(sympy.sympify(F["minimal_polynomial"]), X)
    a, b = map(sympy.Rational, F["isolating_interval"])
    assert poly.count_roots(a, b) == 1 and a <= sympy.Rational(F["decimal"]) <= b
    theta = sympy.sympify(F["theta"])
    assert abs(float(theta) - float(F["decimal"])) < 1e-12
    assert number_field([sympy.sqrt(2)]) is None


def test_decimals_are_right():
    assert decimal(sympy.sqrt(2)) == "1.41421356237310"     # sqrt 2 = 1.41421356237309504...
    assert decimal(sympy.pi - sympy.pi + sympy.Rational(-1, 7), 12) == "-0.142857142857"


def _cells(text):
    return [cell for line in text.splitlines() if line.startswith("|") for cell in line.strip("|").split(" | ")]


@pytest.mark.parametrize("argv", [["solve", "xor", "--bias", "--lam", "1/10"], ["demo"]])
def test_markdown_cells_short_and_every_exact_number_has_a_decimal(argv, capsys):
    assert cli(argv + ["--quiet"] if argv[0] == "solve" else argv) == 0
    out = capsys.readouterr().out
    assert max(len(c) for c in _cells(out)) <= 160
    assert "CRootOf(" not in "\n".join(l for l in out.splitlines() if "sympy:" not in l)
    assert "gap -" not in out and "gap 5" not in out
    # every irrational exact number (a sqrt, a power of theta) is followed by its decimal
    for line in out.splitlines():
        if line.startswith("[") or "sympy:" in line:        # notes: the exact values of long cells
            continue
        for number in re.findall(r"(?:sqrt\(\d+\)|θ\^?\d*)[^,|)≈]*", line):
            assert "≈" in line[line.index(number):], (number, line)


def test_verified_answers_print_certified_digits_with_radius():
    import numpy as np
    from flint import arb

    from arrangement import Arrangement
    from certificates.report.render import solution_markdown
    rng = np.random.default_rng(0)
    X = [[str(round(v, 3)) for v in row] for row in rng.standard_normal((20, 3))]
    y = [str(round(v, 2)) for v in rng.standard_normal(20)]
    s = solve(Arrangement(X), y, "0.1")
    assert s.status == "verified" and s.objective_enclosure is not None
    ball = arb(s.objective_enclosure)
    # the float primal objective of the float atoms (independent code) is within 1e-9 of the optimum
    assert abs(float(ball.mid()) - s.objective) < 1e-9 and float(ball.rad()) < 1e-9
    for a in s.atoms:
        assert arb(a.amplitude_enclosure).overlaps(arb(a.amplitude, 1e-9))
    md = solution_markdown(s.report())
    assert "- objective: " + s.objective_enclosure.strip("[]").replace(" +/- ", " ± ") in md and "gap" not in md
    assert max(len(c) for c in _cells(md)) <= 160


def test_duality_gap_answers_print_an_outward_rounded_interval(monkeypatch):
    import certificates.solver.endgame.routes as endgame
    from certificates.report.render import solution_markdown
    from certificates.exact.refusal import Refusal
    monkeypatch.setattr(endgame, "verify", lambda system, x: Refusal("verification switched off by the test"))
    s = solve([[1, 0], [0, 1]], [1, 1], "1/2")
    assert s.status == "verified"
    line = next(l for l in solution_markdown(s.report()).splitlines() if l.startswith("- objective:"))
    low, high = (float(v) for v in re.search(r"in \[(\S+), (\S+)\]", line).groups())
    optimum = 2 ** 0.5 / 2 - 1 / 8                     # closed form: sqrt(2)/2 - 1/8
    assert low < optimum < high and high - low < 1e-6 and "gap" not in line.replace("duality gap", "")


def test_simplest_forms_equal_the_solvers_field_forms(xor):
    from flint import arb

    from certificates.exact.field import acb_of
    from certificates.exact.intervals import precision
    pairs = list(zip(xor.p_exact, xor.p_in_field)) + [
        (u, v) for a in xor.atoms for u, v in zip((*a.w_exact, a.amplitude_exact), a.in_field)]
    assert any(u != v for u, v in pairs)          # some were rewritten (sqrt(2) for a CRootOf polynomial)
    with precision(300):
        for u, v in pairs:
            difference = acb_of(sympy.sympify(u)).real - acb_of(sympy.sympify(v)).real
            assert difference.contains(0) and difference.rad() < arb(2) ** -250


def test_certificate_amplitudes_and_yes_no_in_markdown():
    from fractions import Fraction
    from certificates.report.render import markdown, solution_markdown
    s = solve([[-2], [-1], [0], [1], [2]], [0, 1, 2, 1, 0], "1/10", bias=True)
    out = markdown(s.certificate) + "\n" + solution_markdown(s.report())
    assert not re.search(r"\b(True|False)\b", out), out
    line = next(l for l in out.splitlines() if l.startswith("Amplitudes of"))
    shown = re.findall(r"(-?\d+/\d+) ≈ (-?\d+\.\d+)", line)
    assert len(shown) == 3 and len(re.findall(r"-?\d+/\d+", line)) == 3, line
    for exact, dec in shown:     # the decimal is the fraction's value (independent float division)
        assert abs(float(Fraction(exact)) - float(dec)) < 1e-12, (exact, dec)


def test_unknown_support_bound_is_not_printed_as_none():
    # points of norm 10^30: the optimality system is not isolated, the answer is proved by the
    # duality gap alone and the certificate knows no support bound
    from certificates.report.latex_reports import solution_latex
    from certificates.report.render import solution_markdown
    big = 10 ** 30
    s = solve([[big, 1], [1, big]], [1, -1], "1/10")
    assert s.status == "verified" and s.certificate.support_bound is None
    for text in (solution_markdown(s.report()), solution_latex(s.report())):
        assert not re.search(r"\bNone\b", text), text


def test_outward_rounded_small_ends_use_python_exponents():
    from certificates.report.render import _outward
    low, high = _outward(1.9428571428571e-31, -1), _outward(1.9428571428571e-31, 1)
    assert "E" not in low + high and float(low) <= 1.9428571428571e-31 <= float(high), (low, high)


@given(st.integers(-10 ** 45, 10 ** 45), st.integers(0, 80), st.integers(0, 40))
def test_a_terminating_decimal_is_exact_at_any_length(numerator, twos, fives):
    """Read back by the decimal module at 200 digits (far beyond Decimal's default 28)."""
    import decimal
    from certificates.exact.numbers import terminating_decimal
    value = Fraction(numerator, 2 ** twos * 5 ** fives)
    text = terminating_decimal(value, max_digits=100)
    with decimal.localcontext(decimal.Context(prec=200)):
        assert Fraction(decimal.Decimal(text)) == value
    assert terminating_decimal(value + Fraction(1, 3), max_digits=100) is None


def test_a_long_radical_form_is_not_shown():
    """The quartic formula on these coefficients has hundreds of operations: the CRootOf stays
    (radsimp on such forms could take minutes inside a solve)."""
    import time

    from flint import fmpq_poly
    from certificates.exact.field import acb_of, root_in_radicals
    x = sympy.Symbol("x")
    q = [3, -7, 1, 0, 1]                                  # x^4 + x^2 - 7x + 3, irreducible
    root = sympy.Poly(q[::-1], x).real_roots()[0]
    start = time.process_time()
    assert root_in_radicals(fmpq_poly(q), acb_of(root).real) is None
    assert time.process_time() - start < 30
    # a short one still is: x^4 - 10x^2 + 1 has the root sqrt(2) + sqrt(3)
    r = sympy.Poly([1, 0, -10, 0, 1], x).real_roots()[-1]
    shown = root_in_radicals(fmpq_poly([1, 0, -10, 0, 1]), acb_of(r).real)
    assert shown is not None and sympy.simplify(shown - sympy.sqrt(2) - sympy.sqrt(3)) == 0


@pytest.mark.parametrize("text", ["7/8", "-3/40", "1/3", "22/7", "1/1152921504606846976", "5", "sqrt(2)",
                                  "1/10000000000000", "1/1000000000000"])
def test_markdown_and_latex_share_the_decimal_rule(text):
    """Markdown writes ``= d`` beside a short terminating decimal and ``≈ d`` beside anything
    else that is not an integer; LaTeX writes ``\\approx`` exactly where Markdown writes ``≈``.
    Ground truth, from the fraction itself: the decimal terminates when the denominator has no
    prime factor but 2 and 5, and is short when the denominator has at most 12 digits."""
    import sympy
    from certificates.report.readable import decimal_beside
    from certificates.report.tex import Sheet
    value = sympy.sympify(text)
    if value.is_Integer:
        expected = None
    elif value.is_Rational:
        q = int(value.q)
        rest = q
        for prime in (2, 5):
            while rest % prime == 0:
                rest //= prime
        expected = "=" if rest == 1 and len(str(q)) <= 12 else "≈"
    else:
        expected = "≈"
    beside = decimal_beside(text)
    assert (beside[0] if beside else None) == expected
    assert ("\\approx" in Sheet().number(text, "a", budget=10 ** 6)) == (expected == "≈")
