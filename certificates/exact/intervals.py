"""Interval arithmetic (python-flint arb) at a stated working precision.

Every arb computation of the package runs inside ``with precision(bits)``; the precisions are
named here, with the reason for each, instead of bare literals at the call sites.

>>> from flint import arb
>>> with precision(VERIFY_BITS):
...     third = arb(1) / 3
>>> mid_fraction(third) < Fraction(1, 3) + Fraction(1, 2 ** 100)
True
"""

from __future__ import annotations

from contextlib import contextmanager
from fractions import Fraction

from flint import arb, ctx

from arrangement.linalg import fraction_of_exact_arb

__all__ = ["precision", "mid_fraction", "VERIFY_BITS", "GATE_BITS", "ALGEBRAIC_BITS", "PATH_BITS"]

VERIFY_BITS = 106     # double-double: Krawczyk boxes around float guesses need a little more than 53 bits
GATE_BITS = 256       # deciding the sign of algebraic numbers: enough to separate them from 0 in practice
ALGEBRAIC_BITS = 400  # refining roots of minimal polynomials to exact recognition
PATH_BITS = 500       # breakpoints of the path, refined to their exact algebraic values


@contextmanager
def precision(bits: int):
    """Run arb arithmetic at ``bits`` bits of working precision."""
    old = ctx.prec
    ctx.prec = bits
    try:
        yield
    finally:
        ctx.prec = old


def mid_fraction(v: arb) -> Fraction:
    """The midpoint of an arb ball as an exact rational."""
    return fraction_of_exact_arb(v.mid())
