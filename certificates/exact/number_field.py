"""Exact algebraic numbers as polynomials in one primitive element: the producer's side of the
number fields in proof files (:mod:`certificates.proofs.producer`; the checker re-derives everything).

Real algebraic numbers ``a_1, ..., a_m`` (sympy expressions: radicals, ``CRootOf``, rational
combinations of them) lie in ``Q(theta)`` for one primitive element ``theta``, a root of its
minimal polynomial f.  Every ``a_i`` is then ``r_i(theta)`` for a rational polynomial ``r_i`` of
degree below ``deg f``, unique since f is irreducible; ``theta`` is singled out among the roots
of f by an isolating interval with rational endpoints.

>>> import sympy
>>> field, (a, b) = number_field([sympy.sqrt(2), 1 / (1 + sympy.sqrt(2))])
>>> field.polynomial, a, b                         # f = theta^2 - 2, b = sqrt(2) - 1
((-2, 0, 1), (Fraction(0, 1), Fraction(1, 1)), (Fraction(-1, 1), Fraction(1, 1)))
>>> round(float(field.lo), 12), field.hi - field.lo <= WIDTH
(1.414213562373, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .convert import fmpq_of, fraction_of, fraction_of_sympy, sympy_of

__all__ = ["NumberField", "number_field"]

WIDTH = Fraction(1, 2 ** 128)    # of the isolating interval: room for signs down to ~1e-30


@dataclass(frozen=True)
class NumberField:
    """``Q(theta)``, theta the root of the irreducible integer polynomial ``f`` (coefficients,
    constant term first) in ``[lo, hi]``; elements are tuples of ``deg f`` rationals
    ``(c_0, c_1, ...)`` meaning ``sum c_k theta^k``."""

    polynomial: tuple
    lo: Fraction
    hi: Fraction

    @property
    def degree(self) -> int:
        return len(self.polynomial) - 1

    def reduce(self, c) -> tuple:
        """``sum c_k theta^k`` as an element (the remainder of the polynomial by f)."""
        r = _poly(c) % _poly(self.polynomial)
        return tuple(fraction_of(v) for v in r.coeffs()) + (Fraction(0),) * (self.degree - r.length())

    def multiply(self, a, b) -> tuple:
        return self.reduce((_poly(a) * _poly(b)).coeffs())

    def approximate(self, a, bits: int = 133) -> Fraction:
        """A multiple of ``2^-bits`` near the element ``a`` (its value at the midpoint, rounded):
        within about 1e-40 for the default, and a common denominator for many elements."""
        # evaluated exactly and rounded (half to even, as round()) in flint integers: Fractions of
        # the value (100,000 bits at degree 32) took minutes
        value = _poly(a)(fmpq_of((self.lo + self.hi) / 2))
        top, bottom = value.p * (1 << bits), value.q
        n, rest = divmod(top, bottom)
        n = int(n) + (2 * rest > bottom or (2 * rest == bottom and n % 2 == 1))
        return Fraction(n, 2 ** bits)

    def is_rational(self, a) -> bool:
        return not any(a[1:])


def _poly(coefficients):
    """A flint polynomial from rational coefficients (constant term first)."""
    from flint import fmpq_poly
    return fmpq_poly([fmpq_of(c) for c in coefficients])


def _generators(values) -> list:
    """The algebraic leaves of the expressions: ``CRootOf`` and powers with non-integer exponent."""
    import sympy
    out = []
    for v in values:
        for atom in sorted(v.atoms(sympy.CRootOf, sympy.Pow), key=sympy.default_sort_key):
            if (isinstance(atom, sympy.CRootOf) or not atom.exp.is_Integer) and atom not in out:
                out.append(atom)
    return out


def number_field(values) -> tuple:
    """``(field, elements)``: a :class:`NumberField` holding every real algebraic number of
    ``values`` (sympy numbers, Fractions or ints) and each of them as an element; ``field`` is
    None when all are rational.  Raises ValueError for a number that is not real algebraic."""
    import sympy
    values = [sympy.nsimplify(v) if isinstance(v, Fraction) else sympy.sympify(v) for v in values]
    values = [v.replace(lambda e: isinstance(e, sympy.AlgebraicNumber), lambda e: e.as_expr()) for v in values]
    if any(v.has(sympy.Float) or not v.is_real for v in values):
        raise ValueError("a number is a float, or not known to be real")
    generators = _generators(values)
    if not generators:
        if not all(v.is_Rational for v in values):
            raise ValueError("a number is neither rational nor algebraic over Q")
        return None, [(fraction_of_sympy(v),) for v in values]
    from .field import in_field, primitive_field
    found = primitive_field(tuple(generators))
    if found is None:
        raise ValueError("no primitive element with an irreducible minimal polynomial found")
    h, reps, theta = found
    polynomial = tuple(int(c) for c in h.numer().coeffs())
    try:
        elements = [NumberField(polynomial, Fraction(0), Fraction(0)).reduce(in_field(v, dict(zip(generators, reps)),
                                                                                      h).coeffs()) for v in values]
    except ZeroDivisionError as exc:
        raise ValueError(str(exc)) from None
    # an element with coefficients of b bits, evaluated at the midpoint, is off by ~2^b times the
    # width: the interval is narrowed by that much (elements of high-degree fields are long)
    size = max((abs(c.numerator).bit_length() for a in elements for c in a), default=0)
    field = _isolated(polynomial, sympy.Poly(list(reversed(polynomial)), sympy.Symbol("t")), theta,
                      WIDTH / 2 ** (size + 2 * len(polynomial)))
    for v, a in zip(values, elements):    # the right root: each element evaluates to its number
        if not _agrees(v, field.approximate(a, 150)):
            raise ValueError(f"internal error: {v} does not evaluate to its element of Q(theta)")
    return field, elements


def _agrees(v, approximation: Fraction) -> bool:
    """``v`` (a sympy number) within ``1e-30 (1 + |v|)`` of ``approximation``, by arb enclosures at
    growing precision (a polynomial in a root with huge cancelling coefficients defeats sympy.N)."""
    from flint import arb
    from .field import acb_of
    from .intervals import precision
    for bits in (256, 1024, 4096, 16384):
        with precision(bits):
            value = acb_of(v).real
            if value.rad() < 2 ** -120 * (1 + abs(value.mid())):
                return bool(abs(value - arb(fmpq_of(approximation))) < 1e-30 * (1 + abs(value)))
    return False


def _isolated(polynomial, f, theta, width: Fraction = WIDTH) -> NumberField:
    """The field with theta isolated among the real roots of f in an interval of width <= ``width``."""
    import sympy
    value = sympy.N(theta, 60)
    if value.is_real:
        found = _bracket(polynomial, fraction_of_sympy(sympy.Rational(value)), width)
        if found is not None:
            return NumberField(polynomial, *found)
    # isolate coarsely and refine only theta's interval (refining all roots took seconds at degree 24)
    inside = [iv for iv, _ in f.intervals() if iv[0] <= value <= iv[1]] if value.is_real else []
    if len(inside) == 1:
        lo, hi = f.refine_root(*inside[0], eps=sympy_of(width))
        return NumberField(polynomial, fraction_of_sympy(lo), fraction_of_sympy(hi))
    intervals = [(fraction_of_sympy(lo), fraction_of_sympy(hi)) for (lo, hi), _ in f.intervals(eps=sympy_of(width))]
    lo, hi = min(intervals, key=lambda iv: abs(sympy_of((iv[0] + iv[1]) / 2) - value))
    return NumberField(polynomial, lo, hi)


def _bracket(polynomial, value: Fraction, width: Fraction):
    """``(lo, hi)`` with ``hi - lo <= width`` around the real root of f nearest ``value``, f of
    opposite exact signs at the ends; None when that fails (the caller falls back to sympy).

    All roots at once by arb (``arb_fmpz_poly_complex_roots``, real roots with an exactly zero
    imaginary part) to the absolute accuracy asked: milliseconds at degree 32 and thousands of bits,
    where sympy's continued-fraction refinement of one root took minutes.  Only the exact signs at
    the two rational ends are the claim the proof makes.

    >>> lo, hi = _bracket((-2, 0, 1), Fraction(-14, 10), Fraction(1, 2 ** 200))
    >>> lo < hi <= lo + Fraction(1, 2 ** 200), hi * hi < 2 < lo * lo, hi < 0
    (True, True, True)
    """
    from flint import fmpq, fmpq_poly, fmpz_poly
    from .intervals import mid_fraction, precision
    f = fmpz_poly(list(polynomial))
    # Cauchy's bound on |root|: the relative accuracy arb is asked for must cover the largest root
    lead = abs(int(polynomial[-1]))
    magnitude = max(abs(int(c)) for c in polynomial[:-1]) // lead + 2
    bits = magnitude.bit_length() + width.denominator.bit_length() - width.numerator.bit_length() + 64
    with precision(bits):
        roots = [c.real for c, _ in f.complex_roots() if c.imag == 0]
        if not roots:
            return None
        root = min(roots, key=lambda r: abs(mid_fraction(r) - value))
        mid, radius = mid_fraction(root), mid_fraction(root.rad()) + Fraction(1, 2 ** bits)
    lo, hi = mid - 2 * radius, mid + 2 * radius
    g = fmpq_poly(f)
    at = lambda x: g(fmpq(x.numerator, x.denominator))
    if hi - lo > width or not at(lo) * at(hi) < 0:
        return None
    return lo, hi
