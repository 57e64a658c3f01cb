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

__all__ = ["precision", "mid_fraction", "complex_roots", "VERIFY_BITS", "GATE_BITS", "ALGEBRAIC_BITS", "PATH_BITS"]

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


_ROOTS: dict = {}    # (h, bits) -> its roots: the elements of one field are asked in turn


def complex_roots(h, bits: int) -> list:
    """``h.complex_roots()`` of an ``fmpq_poly`` at ``bits`` bits (the working precision is set to
    ``bits`` by the caller), computed once: a field's elements in a subfield have equal conjugates,
    so separating them climbs to the last precision each time, and finding the roots of ``h``
    was nearly all of that time.

    >>> from flint import fmpq_poly
    >>> with precision(64):
    ...     roots = complex_roots(fmpq_poly([-2, 0, 1]), 64)
    >>> len(roots), roots is complex_roots(fmpq_poly([-2, 0, 1]), 64)
    (2, True)
    """
    key = (str(h), bits)
    if key not in _ROOTS:
        if len(_ROOTS) > 256:
            _ROOTS.clear()
        _ROOTS[key] = h.complex_roots()
    return _ROOTS[key]
