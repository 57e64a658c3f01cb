"""The one place where exact numbers change representation: ``Fraction`` <-> FLINT ``fmpq``
(from :mod:`arrangement.linalg`, the engine's kernel) and ``Fraction`` <-> sympy ``Rational``.

>>> from fractions import Fraction
>>> fraction_of(fmpq_of(Fraction(-3, 4))), sympy_of(Fraction(1, 3)), fraction_of_sympy(sympy_of(Fraction(1, 3)))
(Fraction(-3, 4), 1/3, Fraction(1, 3))
"""

from __future__ import annotations

from fractions import Fraction

from arrangement.linalg import fmpq_of, fraction_of

__all__ = ["fmpq_of", "fraction_of", "sympy_of", "fraction_of_sympy"]


def sympy_of(value):
    """An int or ``Fraction`` as a sympy ``Rational`` (exact)."""
    import sympy
    value = Fraction(value)
    return sympy.Rational(value.numerator, value.denominator)


def fraction_of_sympy(value) -> Fraction:
    """A sympy ``Rational`` (or ``Integer``) as a ``Fraction``; anything irrational is an error.

    >>> import sympy
    >>> fraction_of_sympy(sympy.sqrt(2))
    Traceback (most recent call last):
    ...
    ValueError: sqrt(2) is not rational
    """
    if not getattr(value, "is_Rational", False):
        raise ValueError(f"{value} is not rational")
    return Fraction(int(value.p), int(value.q))
