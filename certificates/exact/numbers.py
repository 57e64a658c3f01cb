"""Exact numbers as people read them: one sympy type in the simplest form the package knows, the
number field they live in (declared once), and their decimal values.

Every exact number of the Python API (``Solution.p_exact``, ``Atom.w_exact``,
``Atom.amplitude_exact``, ``Solution.objective_exact``) is a sympy number in the first of these
forms that applies:

1. a rational (``sympy.Rational``);
2. real radicals, when the number's minimal polynomial allows (degree at most 4, or at most 8 in
   ``x^2`` only): the radical expression is the one root of that polynomial whose arb enclosure
   meets the number's own, so it is the same number, not a nearby one;
3. else a polynomial of degree below ``[Q(theta):Q]`` in one generator ``theta``, a ``CRootOf``
   (reduced modulo its minimal polynomial, so each number is written one way).

So ``==`` against the displayed form holds: ``sympy.sqrt(2)`` when the report shows ``sqrt(2)``.

>>> x = sympy.Symbol("x")
>>> r = sympy.CRootOf(x ** 4 - 10 * x ** 2 + 1, 3)            # sqrt(2) + sqrt(3)
>>> simplest(r ** 2 / 2 - sympy.Rational(5, 2)) == sympy.sqrt(6), simplest(Fraction(3, 4))
(True, 3/4)
>>> decimal(sympy.sqrt(2))
'1.41421356237310'
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy

__all__ = ["simplest", "simplest_all", "decimal", "NumberField", "number_field", "DIGITS"]

DIGITS = 15     # significant digits of the decimal printed beside an exact number


def simplest(v):
    """``v`` (int, Fraction, sympy number) as a sympy number in its simplest known form; other
    values (None, floats) unchanged."""
    if isinstance(v, (int, Fraction)) and not isinstance(v, bool):
        return sympy.Rational(v.numerator, v.denominator)
    if not isinstance(v, sympy.Basic) or v.free_symbols:
        return v
    from .field import in_radicals, one_root_element
    element = one_root_element(v)
    if element is None:
        return v
    shown = in_radicals(v, *element[1:])
    if shown is not None and not shown.atoms(sympy.CRootOf):
        return shown
    root, _, g = element
    return sum((sympy.Rational(int(c.p), int(c.q)) * root ** k for k, c in enumerate(g.coeffs())), sympy.Integer(0))


def simplest_all(values):
    """A tuple of :func:`simplest` values (None stays None)."""
    return None if values is None else tuple(simplest(v) for v in values)


def decimal(v, digits: int = DIGITS) -> str:
    """The decimal value of the exact number ``v`` to ``digits`` significant digits, from a
    rigorous arb enclosure (the printed digits are those of its midpoint; the enclosure is
    far narrower than the last digit).

    >>> decimal(sympy.Rational(1, 3)), decimal(-sympy.sqrt(2) / 2, 12)
    ('0.333333333333333', '-0.707106781187')
    """
    from flint import arb

    from .field import acb_of
    from .intervals import precision
    if isinstance(v, Fraction):
        v = sympy.Rational(v.numerator, v.denominator)
    with precision(4 * digits + 64):
        value = acb_of(sympy.sympify(v)).real
    if value.is_exact() and value == 0:
        return "0"
    return arb(value.mid()).str(digits, radius=False)


def terminating_decimal(value, max_digits: int = 12) -> str | None:
    """The exact decimal text of a rational whose expansion terminates (its denominator divides
    a power of ten, with at most ``max_digits`` digits), else None.

    >>> terminating_decimal(Fraction(1, 10)), terminating_decimal(sympy.Rational(-3, 8)), terminating_decimal(Fraction(1, 3))
    ('0.1', '-0.375', None)
    """
    q = Fraction(int(sympy.numer(value)), int(sympy.denom(value))) if not isinstance(value, (Fraction, int)) else Fraction(value)
    rest = q.denominator
    for prime in (2, 5):
        while rest % prime == 0:
            rest //= prime
    if rest != 1 or len(str(q.denominator)) > max_digits:
        return None
    places = next(k for k in range(len(str(q.denominator)) * 4 + 1) if 10 ** k % q.denominator == 0)
    # the digits of an integer: Decimal arithmetic would round beyond 28 digits
    digits = str(abs(q.numerator) * 10 ** places // q.denominator).rjust(places + 1, "0")
    text = digits[:len(digits) - places] + ("." + digits[len(digits) - places:] if places else "")
    return "-" + text if q < 0 else text


@dataclass(frozen=True)
class NumberField:
    """The field ``Q(theta)`` of the non-radical exact numbers of one result: ``theta`` (the
    ``CRootOf`` as sympy prints it), its minimal polynomial in ``x``, an isolating interval
    ``[lower, upper]`` (rationals: the polynomial has exactly one root there) and its decimal value."""

    theta: str
    minimal_polynomial: str
    degree: int
    lower: str
    upper: str
    decimal: str

    def to_json(self) -> dict:
        return {"theta": self.theta, "minimal_polynomial": self.minimal_polynomial, "degree": self.degree,
                "isolating_interval": [self.lower, self.upper], "decimal": self.decimal}


def number_field(values) -> NumberField | None:
    """The one generator ``theta`` of the numbers among ``values`` that are not radicals, or None
    (all rational or radicals, or more than one generator: then nothing is abbreviated).

    >>> x = sympy.Symbol("x")
    >>> F = number_field([sympy.CRootOf(x ** 5 - x - 1, 0) ** 2 + 1, sympy.Rational(1, 2)])
    >>> F.minimal_polynomial, F.degree, F.decimal
    ('x**5 - x - 1', 5, '1.16730397826142')
    """
    roots = set()
    for v in values:
        if isinstance(v, sympy.Basic):
            roots |= v.atoms(sympy.CRootOf)
    if len(roots) != 1:
        return None
    (root,) = roots
    poly = root.poly
    lower, upper = _short_interval(root)
    return NumberField(str(root), str(poly.as_expr()), poly.degree(), str(lower), str(upper), decimal(root))


def real_roots_between(h, a, b) -> int | None:
    """The number of distinct real roots in ``(a, b)`` of the nonzero ``fmpq_poly`` ``h``, from
    FLINT's isolating root balls (rigorous; real roots come with an exactly zero imaginary part);
    None when a real root's ball meets ``a`` or ``b``.  (sympy's Sturm count took minutes for
    degree 32 with 4000-digit coefficients; the balls take milliseconds.)

    >>> from flint import fmpq_poly, fmpq
    >>> h = fmpq_poly([-2, 0, 1]) ** 2 * fmpq_poly([-1, 3])     # roots -sqrt(2), 1/3, sqrt(2)
    >>> real_roots_between(h, fmpq(-2), fmpq(2)), real_roots_between(h, fmpq(0), fmpq(1, 3))
    (3, None)
    """
    count = 0
    for root, _ in h.numer().complex_roots():
        if root.imag != 0:            # a nonreal root (its ball is isolating and off the real line)
            continue
        if not (root.imag.is_exact() and root.imag == 0):
            return None
        x = root.real
        lo, hi = _end_ball(a, x), _end_ball(b, x)
        if x.overlaps(lo) or x.overlaps(hi):
            return None
        count += bool(x > lo and x < hi)
    return count


def _end_ball(q, root_ball):
    """``q`` as a ball no wider than ``root_ball``: at 53 bits an end 10^-20 from a root's
    (much narrower) ball would meet it and leave the count undecided."""
    from flint import arb
    from .intervals import precision
    bits = 64
    while True:
        with precision(bits):
            end = arb(q)
        if end.rad() <= root_ball.rad() or bits > 1 << 16:
            return end
        bits *= 2


def _short_interval(root) -> tuple:
    """An isolating interval of ``root`` with short decimal ends: exact root counting finds exactly
    one root of the (squarefree) polynomial in it and none at its ends; sympy's own interval when
    no width 2 * 10^-k, k <= 30, isolates it."""
    from .convert import fmpq_poly_of_sympy
    from .field import acb_of
    from .intervals import mid_fraction, precision
    from flint import arb, fmpq
    poly = root.poly
    h = fmpq_poly_of_sympy(poly.all_coeffs())
    with precision(160):
        ball = acb_of(root).real
    middle = mid_fraction(ball)
    for k in range(3, 31, 3):
        low = (middle * 10 ** k).__floor__()
        a, b = sympy.Rational(low - 1, 10 ** k), sympy.Rational(low + 1, 10 ** k)
        fa, fb = fmpq(int(a.p), int(a.q)), fmpq(int(b.p), int(b.q))
        if ball > arb(fa) and ball < arb(fb) and real_roots_between(h, fa, fb) == 1:
            return terminating_decimal(a, 40), terminating_decimal(b, 40)
    interval = root._get_interval()
    return interval.a, interval.b

