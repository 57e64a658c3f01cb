"""Paste-ready LaTeX: short cells, no Python leaking into it, maths as maths, compiles cleanly."""

import math
import re
import shutil
import subprocess
import sys

import pytest

from certificates.report.latex_reports import certificate_latex, path_latex, solution_latex
from certificates.results.schema import CertificateReport
from certificates.report.tex import PREAMBLE, Sheet, document, math_width, prose

HAT = "x,y\n-2,0\n-1,1\n0,2\n1,1\n2,0\n"
PYTHON_LEAKS = (r"\bTrue\b", r"\bFalse\b", r"\bNone\b", r"\*\*", "CRootOf", r"sqrt\(", r"(?<!\\)\b(lambda|eta|mu)\b",
                r"\|mu\|_TV")


@pytest.fixture(scope="module")
def xor_solution():
    from arrangement import Arrangement
    from arrangement.datasets import builtin
    from certificates.solver import solve
    xor = builtin("xor")
    return solve(Arrangement(xor, bias=True), xor.y, "1/10")


@pytest.fixture(scope="module")
def hat_path():
    from certificates import regularisation_path
    return regularisation_path([[-2], [-1], [0], [1], [2]], [0, 1, 2, 1, 0], "1/100", 2, bias=True)


def _cells(text: str) -> list:
    tables = re.findall(r"\\begin\{tabular\}(.*?)\\end\{tabular\}", text, re.S)
    rows = [line for table in tables for line in table.splitlines() if line.endswith(r"\\") and "&" in line]
    return [cell.strip() for row in rows for cell in row[:-2].split("&")]


def _balanced(text: str) -> bool:
    depth = 0
    for c in re.sub(r"\\[{}]", "", text):
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0 and text.count("$") % 2 == 0 and \
        re.findall(r"\\begin\{(\w+\*?)\}", text) == re.findall(r"\\end\{(\w+\*?)\}", text)


def _check(text: str) -> None:
    for leak in PYTHON_LEAKS:
        assert not re.search(leak, text), (leak, re.search(leak, text), text)
    cells = _cells(text)
    assert cells and max(len(c) for c in cells) <= 160, max(cells, key=len)
    assert _balanced(text)


def test_xor_solution_cells_are_short_and_maths(xor_solution):
    text = solution_latex(xor_solution.report())
    _check(text)
    # the loss is an equation, the reason text under the tables, the long amplitudes named with
    # their decimal value and written out in an align* below
    assert r"\begin{equation*}" in text and r"\lVert K\mu - y\rVert^2" in text
    assert "yes" in text and r"\begin{align*}" in text
    reason = text.index("Status \\textbf{exact}:")
    assert reason > text.rindex(r"\end{tabular}")
    named = 0
    for k, a in enumerate(a.amplitude for a in xor_solution.atoms):
        shown = re.search(re.escape(f"a_{{{k}}} \\approx ") + r"(-?\d+\.\d+)", text)
        if shown:   # the decimal beside a named number is the number (independent float evaluation)
            named += 1
            assert math.isclose(float(shown[1]), a, rel_tol=1e-5)
    assert named     # the two amplitudes of degree 8 do not fit a cell


def test_path_latex(hat_path):
    text = path_latex(hat_path)
    _check(text)
    # the hat's path has the breakpoint 7/8 (where two atoms appear as lambda decreases); the
    # amplitude of the middle atom below it is 2 - 11 lambda / 7 (solve the 3-atom optimality
    # system by hand: p = (-5, 3, 11, 3, -5)/7 is constant and K mu = y - lambda p)
    assert r"\lambda_{1}$ & $= \frac{7}{8}$" in text
    assert r"2 - \frac{11 \lambda}{7}" in text


def test_certificate_latex_uses_yes_no():
    rep = CertificateReport(n=2, d=2, n_regions=4, data_support_bound=2, sparse_atoms_bound=2,
                            p=("1", "-1"), feasible=True, sup_abs_eta="1", extreme_points=(), unique=True,
                            nondegenerate=False, message="b = y - lam p is reproduced")
    text = certificate_latex(rep)
    _check(text)
    assert "unique minimiser & yes" in text and "non-degenerate & no" in text
    assert "$b = y - \\lambda p$" in text


def test_prose_sets_maths_and_escapes_text():
    assert prose("50% of sup |eta| <= 1") == r"50\% of $\sup|\eta| \le 1$"
    assert prose("x_j in lambda -> 0") == r"$x_{j}$ in $\lambda \to 0$"
    assert prose("a_b & c#d") == r"$a_{b}$ \& c\#d"


def test_long_sums_are_broken_with_every_term_once():
    terms = [f"sqrt({k})" for k in (2, 3, 5, 6, 7, 10, 11, 13, 14, 15, 17, 19, 21, 22, 23, 26, 29, 30)]
    sheet = Sheet()
    cell = sheet.number(" + ".join(terms), "s", budget=60)
    value = sum(math.sqrt(int(t[5:-1])) for t in terms)
    assert cell.startswith("s \\approx ") and math.isclose(float(cell.split()[-1]), value, rel_tol=1e-5)
    lines = "\n".join(sheet.lines())
    assert lines.count(r"&\quad") >= 2          # broken over at least three lines
    for t in terms:
        assert lines.count(r"\sqrt{%s}" % t[5:-1]) == 1
    for line in lines.split(r"\\"):
        assert math_width(line.replace("&", ""), display=True) < 345


def test_generators_are_declared_once():
    root = "CRootOf(x**3 - x - 1, 0)"
    sheet = Sheet()
    cell = sheet.number(f"1/3 + {root}**2/7 - 5*{root}/11 + {root}", "a", budget=20)
    text = "\n".join(sheet.lines())
    assert "CRootOf" not in text and text.count(r"\theta^{3}") == 1     # the polynomial, once
    plastic = 1.324717957244746   # the real root of x^3 = x + 1 (the plastic number)
    assert str(plastic)[:12] in text
    assert math.isclose(float(cell.split()[-1]), 1 / 3 + plastic ** 2 / 7 - 5 * plastic / 11 + plastic, rel_tol=1e-5)


def _dualcert(*argv):
    return subprocess.run([sys.executable, "-m", "certificates", *argv, "--quiet"], capture_output=True,
                          text=True, timeout=600)


def test_standalone_is_a_document(tmp_path):
    hat = tmp_path / "hat.csv"
    hat.write_text(HAT)
    run = _dualcert("solve", str(hat), "--bias", "--lam", "1/10", "--standalone")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("\\documentclass{article}\n" + PREAMBLE)
    assert run.stdout.rstrip().endswith("\\end{document}")
    run = _dualcert("path", str(hat), "--bias", "--lam-max", "2", "--latex")
    assert run.returncode == 0 and "\\begin{tabular}" in run.stdout and "documentclass" not in run.stdout


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_pdflatex_compiles_without_overfull_boxes(tmp_path, xor_solution, hat_path):
    for name, body in (("xor", solution_latex(xor_solution.report())), ("path", path_latex(hat_path))):
        (tmp_path / f"{name}.tex").write_text(document(body))
        run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
                             cwd=tmp_path, capture_output=True, text=True, timeout=120)
        log = (tmp_path / f"{name}.log").read_text(errors="replace")
        assert run.returncode == 0, log[-2000:]
        assert "Overfull" not in log, re.findall(r"Overfull.*", log)


def test_exact_objective_is_exact_in_latex():
    # hat at lambda = 1/10: p = (-5/7, 3/7, 11/7, 3/7, -5/7), amplitudes 129/70, -31/35, -31/35, so
    # 1/2 lambda^2 |p|^2 + lambda |a|_1 = 189/9800 + 253/700 = 533/1400 (no float, no gap)
    from certificates.solver import solve
    s = solve([[-2], [-1], [0], [1], [2]], [0, 1, 2, 1, 0], "1/10", bias=True)
    assert s.status == "exact"
    row = next(line for line in solution_latex(s.report()).splitlines() if line.startswith("objective &"))
    assert r"\frac{533}{1400}" in row and "gap" not in row, row


def test_exact_objective_in_a_number_field_is_named_not_a_float(xor_solution):
    text = solution_latex(xor_solution.report())
    row = next(line for line in text.splitlines() if line.startswith("objective &"))
    assert "gap" not in row and (r"\theta" in row or re.search(r"[A-Za-z]_?\{?\w*\}? \\approx", row)), row
    _check(text)


def test_status_sentences_set_norms_and_powers_of_two_as_maths():
    # lambda above max |X^T y| leaves mu = 0 optimal: its reason quotes 1/2 |y|^2; data of size
    # 2^40 are solved in other units, whose reason quotes the powers of two
    from certificates.solver import solve
    zero = solution_latex(solve([[-2], [-1], [0], [1], [2]], [0, 1, 2, 1, 0], "1000000", bias=True).report())
    assert r"$\tfrac{1}{2}\lVert y\rVert^2$" in zero
    far = solution_latex(solve([[2 ** 40, 0], [0, 2 ** 40], [2 ** 40, 2 ** 40]], [1, -1, 2], 2 ** 40).report())
    assert "units X / $2^{" in far
    for text in (zero, far):
        _check(text)
        assert r"\^{}" not in text and "$|$" not in text


def test_a_dollar_of_the_text_before_a_formula_stays_a_dollar():
    """The escaped \\$ met the formula's opening $: merging "$$" ate both (odd dollars, no LaTeX)."""
    for text in ["price $|y|^2 here", "x$1/2", "|p - p_0|$", "a $ 2^-3 $ b"]:
        out = prose(text)
        assert out.count(r"\$") == text.count("$")
        assert len(re.findall(r"(?<!\\)\$", out)) % 2 == 0
