"""The count of real roots that names a number field's generator in reports (FLINT's rigorous
isolating balls), against polynomials built from known roots: rationals, +-sqrt(k)
and quadratics without real roots, some repeated; and the isolating intervals of the real roots
of a polynomial with long coefficients, against sympy's count.""" 

import random
from fractions import Fraction

import pytest
import sympy
from flint import fmpq, fmpq_poly

from certificates.exact.numbers import number_field, real_roots_between


def _known(rng):
    """A polynomial and its distinct real roots, each keyed once with the test ``root < t`` on rationals t."""
    h, below = fmpq_poly([1]), {}
    for _ in range(rng.randint(1, 6)):
        kind, power = rng.choice(("rational", "sqrt", "none")), rng.choice((1, 1, 2))
        if kind == "rational":
            r = Fraction(rng.randint(-20, 20), rng.randint(1, 6))
            h *= fmpq_poly([fmpq(-r.numerator, r.denominator), 1]) ** power
            below[r] = lambda t, r=r: r < t
        elif kind == "sqrt":
            k = rng.choice((2, 3, 5, 7, 11))
            h *= fmpq_poly([-k, 0, 1]) ** power                  # +-sqrt(k): not rational
            below[("+", k)] = lambda t, k=k: t > 0 and t * t > k
            below[("-", k)] = lambda t, k=k: t >= 0 or t * t < k
        else:
            h *= fmpq_poly([rng.randint(2, 9), rng.randint(-2, 2), 1])    # discriminant b^2 - 4c < 0
    return h * rng.randint(1, 10 ** 6), list(below.values())


@pytest.mark.parametrize("seed", range(200))
def test_sturm_counts_the_known_roots(seed):
    rng = random.Random(seed)
    h, below = _known(rng)
    a, b = sorted(Fraction(rng.randint(-80, 80), rng.randint(1, 7)) for _ in range(2))
    a, b = (t if h(fmpq(t.numerator, t.denominator)) else t + Fraction(1, 997) for t in (a, b))  # ends: not roots
    truth = sum(1 for root_below in below if root_below(b) and not root_below(a))   # roots in (a, b)
    assert real_roots_between(h, fmpq(a.numerator, a.denominator), fmpq(b.numerator, b.denominator)) == truth


def test_a_generator_with_long_coefficients_is_isolated():
    # the short interval must hold exactly the generator among the roots: sympy's own count decides
    rng = random.Random(7)
    x = sympy.Symbol("x")
    poly = sympy.Poly([1] + [rng.randint(-10 ** 40, 10 ** 40) for _ in range(7)], x)
    for index in range(len(sympy.Poly(poly, x).real_roots())):
        root = sympy.CRootOf(poly.as_expr(), index)
        field = number_field([root + 1])
        lo, hi = (sympy.Rational(v) for v in (field.lower, field.upper))
        assert lo < root < hi and poly.count_roots(lo, hi) == 1


@pytest.mark.parametrize("gap", [10 ** 20, 10 ** 40])
def test_an_end_closer_to_a_root_than_double_precision_is_decided(gap):
    # roots 1 and 1 + 1/gap, the upper end halfway between: one root inside (sympy's Sturm count)
    x = sympy.Symbol("x")
    poly = sympy.Poly((x - 1) * (x - 1 - sympy.Rational(1, gap)), x)
    h = fmpq_poly([fmpq(int(c.p), int(c.q)) for c in reversed(poly.all_coeffs())])
    b = 1 + sympy.Rational(1, 2 * gap)
    truth = poly.count_roots(0, b)
    assert truth == 1 and real_roots_between(h, fmpq(0), fmpq(int(b.p), int(b.q))) == truth
    # a root exactly at an end is never counted as inside
    assert real_roots_between(h, fmpq(1), fmpq(int(b.p), int(b.q))) is None
