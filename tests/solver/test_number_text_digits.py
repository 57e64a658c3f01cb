"""Exact answers whose integers pass Python's 4300-digit limit for int -> str (an ordinary case of
the proof-coverage mix, case 163 with labels times 0.1, reaches one): the text is written, not a
ValueError out of solve.  Ground truth: the decimal digits written by hand."""

import sympy

from certificates.exact.field import number_text


def test_number_text_writes_integers_past_4300_digits():
    big = sympy.Integer(10) ** 5000 + 7
    assert number_text(big) == "1" + "0" * 4999 + "7"
    assert number_text(big * sympy.sqrt(2)) == "1" + "0" * 4999 + "7*sqrt(2)"


def test_an_atom_with_a_huge_exact_amplitude_has_a_one_line_repr():
    """An exact amplitude in a field of large degree carries integers past 4300 digits: the
    atom's repr printed it with ``str`` and raised ValueError (``print(solution.atoms)``).  Now
    a short exact form is printed as is, a long one by its value to 12 digits (by hand:
    10^5000 + sqrt(2) is 1.00000000000e+5000 to 12 digits)."""
    from certificates.solver.minimiser import Atom
    huge = Atom((1.0, 0.0), 1.0, "+", w_exact=(sympy.Integer(1), sympy.Integer(0)),
                amplitude_exact=sympy.Integer(10) ** 5000 + sympy.sqrt(2))
    small = Atom((1.0, 0.0), 0.7, "+", w_exact=(sympy.Integer(1), sympy.Integer(0)),
                 amplitude_exact=sympy.sqrt(2) / 2)
    assert "amplitude=~1.00000000000e+5000," in repr(huge) and "\n" not in repr(huge)
    assert "amplitude=sqrt(2)/2," in repr(small)
