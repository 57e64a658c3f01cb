"""Every exact number in the ``--latex`` output has its decimal value beside it, and that value is
right: the LaTeX is parsed back here (its own small reader, not the package's) and each decimal is
compared with the number's value computed by sympy."""

import re
import subprocess
import sys
from fractions import Fraction

import pytest
import sympy
from sympy.parsing.sympy_parser import (implicit_multiplication_application, parse_expr,
                                        standard_transformations)

HAT = "x,y\n-2,0\n-1,1\n0,2\n1,1\n2,0\n"
DECIMAL = r"-?\d+(?:\.\d+)?(?: \\cdot 10\^\{-?\d+\})?"
APPROX = re.compile(r"(\\bigl\(.*?\\bigr\)|[^$]*?) \\approx (\\bigl\(" + DECIMAL + r"(?:, " + DECIMAL + r")*\\bigr\)|" + DECIMAL + ")")


def _latex(args, tmp_path) -> str:
    (tmp_path / "hat.csv").write_text(HAT)
    args = [str(tmp_path / "hat.csv") if a == "HAT" else a for a in args]
    run = subprocess.run([sys.executable, "-m", "certificates", *args, "--latex"], capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr
    return run.stdout


def _sympy(tex: str, generators: dict):
    """Our subset of LaTeX maths (fractions, roots, powers, theta) as a sympy number."""
    s = tex.replace(r"\left", "").replace(r"\right", "").replace(r"\cdot", "*").replace("{,}", "")
    while True:
        t = re.sub(r"\\sqrt\{([^{}]*)\}", r"sqrt(\1)", s)
        t = re.sub(r"\\sqrt\[(\d+)\]\{([^{}]*)\}", r"((\2)**(1/(\1)))", t)
        t = re.sub(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}", r"((\1)/(\2))", t)
        t = re.sub(r"\^\{([^{}]*)\}", r"**(\1)", t)
        t = re.sub(r"\\theta_\{(\d+)\}", r" theta\1 ", t).replace(r"\theta", " theta0 ")
        if t == s:
            break
        s = t
    assert "\\" not in s and "{" not in s, tex
    value = parse_expr(s, transformations=standard_transformations + (implicit_multiplication_application,),
                       local_dict={f"theta{k}": sympy.Symbol(f"theta{k}") for k in range(10)})
    return value.subs(generators)


def _decimal(tex: str) -> float:
    m = re.fullmatch(r"(-?\d+(?:\.\d+)?)(?: \\cdot 10\^\{(-?\d+)\})?", tex)
    return float(m[1]) * 10.0 ** int(m[2] or 0)


def _generators(text: str) -> dict:
    """theta (or theta_k): the real root of its polynomial nearest the declared approximation."""
    out = {}
    for body in re.findall(r"0 &= (.*?),\s*\\\\\s*&\\quad \\text\{where \} (\\theta(?:_\{\d+\})?) \\approx (" + DECIMAL
                           + ")", text.replace("\n", " "), re.S):
        poly_tex, name, approx = body
        poly_tex = re.sub(r"\\\\\s*&\\quad", " ", poly_tex)
        key = "theta0" if name == r"\theta" else "theta" + re.search(r"\d+", name)[0]
        poly = sympy.Poly(_sympy(poly_tex, {}), sympy.Symbol(key))
        roots = [r for r in poly.nroots(n=20) if abs(sympy.im(r)) < 1e-20]
        out[sympy.Symbol(key)] = min(roots, key=lambda r: abs(r - _decimal(approx)))
    return out


def _exact(value) -> bool:
    """Not an integer and not a terminating decimal: needs a decimal value beside it."""
    if not value.is_Rational:
        return True
    q = int(value.q)
    while q % 2 == 0:
        q //= 2
    while q % 5 == 0:
        q //= 5
    return q != 1


def _maths(text: str) -> list:
    """Inline maths and the lines of every align* (continuation lines joined)."""
    aligns = re.findall(r"\\begin\{align\*\}(.*?)\\end\{align\*\}", text, re.S)
    rest = re.sub(r"\\begin\{(align|equation)\*\}.*?\\end\{\1\*\}", "", text, flags=re.S)
    out = re.findall(r"\$(.+?)\$", rest)
    for body in aligns:
        body = re.sub(r"\\\\\s*&\\quad ", " ", body)
        out += [re.sub(r"\s+", " ", line.replace("&", "")).strip().rstrip(",.")
                for line in re.split(r",?\\\\\n", body)]
    return out


def _split(tuple_tex: str) -> list:
    inner = tuple_tex.strip()[len(r"\bigl("):-len(r"\bigr)")]
    parts, depth, last = [], 0, 0
    for k, c in enumerate(inner):
        depth += {"{": 1, "}": -1, "(": 1, ")": -1}.get(c, 0)
        if c == "," and depth == 0:
            parts.append(inner[last:k].strip())
            last = k + 1
    return parts + [inner[last:].strip()]


def _is_name(tex: str) -> bool:
    return re.fullmatch(r"[A-Za-z]|\\lambda|[a-z]_\{\d+\}|[a-z]\^\{\(\d+\)\}|[a-z]_\{\d+\}_\{\d+\}", tex) is not None


@pytest.mark.parametrize("args", [["solve", "xor", "--bias", "--lam", "1/10"],
                                  ["solve", "HAT", "--bias", "--lam", "1/10"],
                                  ["certify", "HAT", "--bias", "--dual=-5/7,3/7,11/7,3/7,-5/7", "--lam", "1/10"]])
def test_every_exact_number_has_its_decimal_beside_it(args, tmp_path):
    text = _latex(args, tmp_path)
    generators = _generators(text)
    checked = 0
    for maths in _maths(text):
        if maths.startswith("0 =") or r"\lambda)" in maths:     # a generator's polynomial, a formula in lambda
            continue
        rest = maths
        for m in APPROX.finditer(maths):
            left = re.split(r"(?:^|\s)(?:=|\\le|\\ge|\\in)\s|\\quad", m[1])[-1].strip()
            exact = _split(left) if left.startswith(r"\bigl(") else [left]
            decimals = _split(m[2]) if m[2].startswith(r"\bigl(") else [m[2]]
            assert len(exact) == len(decimals) or _is_name(left), (maths, exact, decimals)
            if _is_name(left):             # a named number: written out in full below, checked there
                rest = rest.replace(m[0], "")
                continue
            for e, d in zip(exact, decimals):
                if _is_name(e):
                    continue
                value = sympy.N(_sympy(e, generators), 30)
                assert abs(float(value) - _decimal(d)) <= 6e-10 * abs(float(value)) + 1e-300, (e, d, float(value))
                checked += 1
            rest = rest.replace(m[0], "")
        # what is left has no exact number without its decimal: only integers, terminating decimals, names
        for frac in re.findall(r"\\[dt]?frac\{(-?\d+)\}\{(\d+)\}", rest):
            assert not _exact(sympy.Rational(int(frac[0]), int(frac[1]))), (maths, rest)
        assert not re.search(r"\\sqrt|\\theta|\\frac\{[^{}]*\\", rest), (maths, rest)
    assert checked >= 3


def test_terminating_decimals_and_integers_need_no_approximation():
    from certificates.report.tex import Sheet
    sheet = Sheet()
    assert sheet.number("1/10", "l") == r"\frac{1}{10}" and sheet.number("3", "k") == "3"
    assert r"\approx 0.3333333333" in sheet.number("1/3", "t")
    assert Fraction(1, 3) != Fraction(3333333333, 10 ** 10)
