"""The one place where exact numbers change representation: ``Fraction`` <-> FLINT ``fmpq``
(from :mod:`arrangement.linalg`, the engine's kernel), ``Fraction`` / ``fmpq`` <-> sympy
``Rational``, and ``fmpq_poly`` <-> sympy ``Poly``.  Every conversion is exact; a value that is
not rational (an irrational sympy number, a float) is refused rather than rounded.

>>> from fractions import Fraction
>>> fraction_of(fmpq_of(Fraction(-3, 4))), sympy_of(Fraction(1, 3)), fraction_of_sympy(sympy_of(Fraction(1, 3)))
(Fraction(-3, 4), 1/3, Fraction(1, 3))
>>> fmpq_of_sympy(sympy_of(fmpq_of(Fraction(5, 7)))) == fmpq_of(Fraction(5, 7))
True
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from fractions import Fraction

from arrangement.linalg import fmpq_of, fraction_of

__all__ = ["fmpq_of", "fraction_of", "sympy_of", "fraction_of_sympy", "fmpq_of_sympy",
           "sympy_poly_of", "fmpq_poly_of_sympy", "any_digits", "number_of_text"]


def sympy_of(value):
    """An int, ``Fraction``, ``fmpq``, ratio or decimal string, or sympy ``Rational`` as a sympy
    ``Rational`` (exact; a float is refused: its binary value is rarely the number meant).

    >>> from flint import fmpq
    >>> sympy_of(fmpq(-2, 6)), sympy_of("0.1"), sympy_of(7)
    (-1/3, 1/10, 7)
    >>> sympy_of(0.1)
    Traceback (most recent call last):
    ...
    TypeError: 0.1 is a float, not an exact rational
    """
    import sympy
    if getattr(value, "is_Rational", False):
        return value
    if isinstance(value, float):
        raise TypeError(f"{value} is a float, not an exact rational")
    value = fraction_of(value) if hasattr(value, "q") else Fraction(value)
    return sympy.Rational(value.numerator, value.denominator)


def fraction_of_sympy(value) -> Fraction:
    """A sympy ``Rational`` (or ``Integer``, or an int, ``Fraction`` or ``fmpq``: sympy's
    polynomial domains hand back FLINT numbers under its flint ground types) as a ``Fraction``;
    anything irrational is an error.

    >>> import sympy
    >>> fraction_of_sympy(sympy.Rational(-6, 4)), fraction_of_sympy(3)
    (Fraction(-3, 2), Fraction(3, 1))
    >>> fraction_of_sympy(sympy.sqrt(2))
    Traceback (most recent call last):
    ...
    ValueError: sqrt(2) is not rational
    """
    if isinstance(value, (int, Fraction)):
        return Fraction(value)
    sympy_rational = getattr(value, "is_Rational", None)
    if not (sympy_rational or (sympy_rational is None and hasattr(value, "q"))):
        raise ValueError(f"{value} is not rational")
    return Fraction(int(value.p), int(value.q))


def fmpq_of_sympy(value):
    """A sympy ``Rational`` as a FLINT ``fmpq`` (irrational: an error).

    >>> import sympy
    >>> fmpq_of_sympy(sympy.Rational(2, -4))
    -1/2
    """
    from flint import fmpq
    if getattr(value, "is_Rational", False):   # already in lowest terms: no Fraction (its gcd of
        return fmpq(int(value.p), int(value.q))  # 50000-bit integers dominated fields of degree 48)
    return fmpq_of(fraction_of_sympy(value))


def sympy_poly_of(polynomial, x):
    """A FLINT ``fmpq_poly`` as a sympy ``Poly`` in the symbol ``x`` (same coefficients).

    >>> import sympy
    >>> from flint import fmpq_poly
    >>> sympy_poly_of(fmpq_poly([-2, 0, 1]), sympy.Symbol("x")).as_expr()
    x**2 - 2
    """
    import sympy
    return sympy.Poly([sympy_of(c) for c in reversed(polynomial.coeffs())], x)


def fmpq_poly_of_sympy(coefficients):
    """Rational sympy coefficients, highest degree first (``Poly.all_coeffs()``), as an ``fmpq_poly``.

    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> fmpq_poly_of_sympy(sympy.Poly(x ** 2 / 3 - 2, x).all_coeffs()) == fmpq_poly_of_sympy([sympy.Rational(1, 3), 0, -2])
    True
    """
    from flint import fmpq_poly
    return fmpq_poly([fmpq_of_sympy(c) for c in reversed(coefficients)])


@contextmanager
def any_digits():
    """Python's limit on the digits of an integer read from or written as text lifted for the
    block: exact answers (a number field of degree 32, say) carry integers of thousands of digits.

    >>> with any_digits():
    ...     len(str(10 ** 5000))
    5001
    """
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(limit)


def number_of_text(text: str):
    """An exact number's text as sympy prints it (``str(v)``) read back as a sympy number, at
    any length of its integers.

    >>> import sympy
    >>> number_of_text("1/" + "3" * 5000) == sympy.Rational(3, 10 ** 5000 - 1)
    True
    """
    import sympy
    with any_digits():
        return sympy.sympify(text)
