"""Exact answers whose integers run past Python's 4300-digit limit on reading and writing text (a
number field of degree 32 on six points in R^12 gives amplitudes of a million characters): the
notebook tables, the Markdown and the LaTeX show them by their decimal, and say where the exact
value is, instead of raising or printing pages of digits."""

from dataclasses import replace
from fractions import Fraction

import pytest

from certificates import solve
from certificates.report.latex_reports import solution_latex
from certificates.report.readable import MAX_EXACT, Shown
from certificates.report.render import solution_markdown
from certificates.report.tex import Sheet

DIGITS = 5000
HUGE = "1/" + "3" * DIGITS + " + 1/7"        # exactly 1/7 + 3/(10^5000 - 1)
HUGE_DECIMAL = float(Fraction(1, 7))        # the second term is below 10^-4999


@pytest.fixture(scope="module")
def hat():
    return solve([[-2], [-1], [0], [1], [2]], [0, 1, 2, 1, 0], "1/10", bias=True)


def test_a_huge_number_in_markdown_is_its_decimal_and_its_length():
    shown = Shown()
    text = shown.number(HUGE)
    assert str(len(HUGE)) in text and "3" * 100 not in text and len(text) < 200, text
    assert abs(float(text.split("≈")[1]) - HUGE_DECIMAL) < 1e-14, text


def test_a_huge_number_in_latex_is_its_decimal():
    sheet = Sheet()
    tex = sheet.number(HUGE, "a")
    assert "3" * 100 not in tex and len(tex) < 200, tex
    assert abs(float(tex.replace(r"\approx", "").strip()) - HUGE_DECIMAL) < 1e-14, tex
    assert sheet.definitions == []


def test_a_short_number_is_still_shown_exactly():
    assert len(HUGE) > MAX_EXACT
    assert Shown().number("1/7") == "1/7 ≈ 0.142857142857143"


def test_a_solution_with_huge_exact_numbers_renders(hat):
    """The hat's report with its exact numbers replaced by huge ones (a real case costs minutes of
    solving): every line of the Markdown and of the LaTeX short, the decimals those of HUGE."""
    rep = hat.report()
    atoms = tuple(replace(a, amplitude_exact=HUGE) for a in rep.atoms)
    huge = replace(rep, p_exact=(HUGE,) * len(rep.p_exact), objective_exact=HUGE, atoms=atoms)
    markdown = solution_markdown(huge)
    latex = solution_latex(huge)
    for text in (markdown, latex):
        assert "3" * 100 not in text
        assert max(map(len, text.splitlines())) < 2000
    assert "0.142857142857143" in markdown and "0.142857142857" in latex


def test_a_cell_of_huge_numbers_gets_no_note_and_a_huge_field_no_polynomial():
    """A note would only repeat 'exact value of N characters'; the field of such numbers is named
    by its degree and decimal, not by a polynomial of pages."""
    from certificates.report.readable import Number, field_line
    shown = Shown()
    cell = ["("] + [Number(HUGE), ", "] * 3 + [Number(HUGE), ")"]
    text = shown.cell(cell, "w")
    assert shown.notes == [] and text.count("0.142857142857143") == 4 and len(text) < 100, text
    field = {"minimal_polynomial": "x**32 - " + "9" * 5000, "isolating_interval": ["1", "2"], "degree": 32,
             "decimal": "1.5", "theta": "CRootOf(...)"}
    line = field_line(field)
    assert "9" * 100 not in line and "degree 32" in line and "1.5" in line, line


def test_a_solution_without_atoms_says_so_instead_of_an_empty_table():
    """lambda above max |K^T y| on the hat: mu = 0 (no atom) is optimal."""
    s = solve([[-2], [-1], [0], [1], [2]], [0, 1, 2, 1, 0], "1000000", bias=True)
    assert s.atoms == ()
    markdown = s._repr_markdown_()
    assert "| atom |" not in markdown and "No atoms: the minimiser is mu = 0." in markdown
    assert "<table>" not in s._repr_html_()
