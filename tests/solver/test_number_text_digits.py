"""Exact answers whose integers pass Python's 4300-digit limit for int -> str (an ordinary case of
the proof-coverage mix, case 163 with labels times 0.1, reaches one): the text is written, not a
ValueError out of solve.  Ground truth: the decimal digits written by hand."""

import sympy

from certificates.exact.field import number_text


def test_number_text_writes_integers_past_4300_digits():
    big = sympy.Integer(10) ** 5000 + 7
    assert number_text(big) == "1" + "0" * 4999 + "7"
    assert number_text(big * sympy.sqrt(2)) == "1" + "0" * 4999 + "7*sqrt(2)"
