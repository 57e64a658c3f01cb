"""Arithmetic in Q(theta) on both sides of a proof: the checker's products and remainders in
integers over a common denominator, its fixed-point sign enclosures, and the producer's
bracketing of theta by arb's roots.

Ground truth independent of the package: sympy's polynomial remainder and minimal polynomial,
exact Fraction evaluation, mpmath values of closed forms."""

import math
import random
import time
from fractions import Fraction

import mpmath
import pytest
import sympy
from flint import fmpq_poly

from certificates.exact.convert import fmpq_of_sympy
from certificates.exact.number_field import WIDTH, number_field
from certificates.proofs.checker import Field, Number, dot, horner, products, remainder

t = sympy.Symbol("t")


def _sympy_poly(c):
    return sympy.Poly(list(reversed([sympy.Rational(v.numerator, v.denominator) for v in c])) or [0], t)


def _fractions(poly) -> list:
    c = [Fraction(int(v.p), int(v.q)) for v in reversed(poly.all_coeffs())]
    while c and c[-1] == 0:
        c.pop()
    return c


def _random_poly(rng, length, zeros=0.2):
    return [Fraction(rng.randint(-10 ** 12, 10 ** 12), rng.randint(1, 10 ** 6)) if rng.random() > zeros
            else Fraction(0) for _ in range(length)]


def test_products_and_remainders_against_sympy():
    rng = random.Random(11)
    for _ in range(300):
        degree = rng.randint(1, 9)
        # leading coefficients other than 1 (the integer remainder scales by them), negative ones too
        f = [Fraction(rng.randint(-9, 9)) for _ in range(degree)] + [Fraction(rng.choice([1, -1, 3, -12, 35]))]
        a, b = _random_poly(rng, rng.randint(0, 2 * degree + 2)), _random_poly(rng, rng.randint(0, degree + 1))
        product = _sympy_poly(a) * _sympy_poly(b)
        assert products([(a, b)]) == _fractions(product)
        assert remainder(products([(a, b)]), f) == _fractions(sympy.rem(product, _sympy_poly(f)))
        assert remainder(a, f) == _fractions(sympy.rem(_sympy_poly(a), _sympy_poly(f)))


def test_numbers_multiply_and_dot_as_sympy_in_the_field():
    field = Field({"polynomial": ["-2", "0", "0", "0", "3"], "interval": ["0", "1"]})   # 3 theta^4 = 2
    rng = random.Random(5)
    for _ in range(100):
        u = [Number(field, _random_poly(rng, 4)) for _ in range(3)]
        v = [Number(field, _random_poly(rng, 4)) for _ in range(3)]
        truth = sympy.rem(sum((_sympy_poly(x.c) * _sympy_poly(y.c) for x, y in zip(u, v)), sympy.Poly(0, t)),
                          _sympy_poly(field.f))
        assert list(dot(u, v).c) == _fractions(truth)
        assert list((u[0] * v[0]).c) == _fractions(sympy.rem(_sympy_poly(u[0].c) * _sympy_poly(v[0].c),
                                                             _sympy_poly(field.f)))
        assert list((u[0] * Fraction(-3, 7)).c) == [c * Fraction(-3, 7) for c in u[0].c]
    zero = Number(field, [])
    assert not dot([zero, zero], v[:2]) and dot([], []) == 0 and not (zero * v[0])
    mixed = dot([Fraction(1, 2), v[0]], [v[1], Fraction(3)])     # rationals among Numbers: the plain sum
    assert list(mixed.c) == list((v[1] * Fraction(1, 2) + v[0] * 3).c)


def test_fixed_point_enclosures_hold_the_exact_values():
    rng = random.Random(3)
    for _ in range(300):
        c = _random_poly(rng, rng.randint(1, 12), zeros=0.1)
        lo = Fraction(rng.randint(-10 ** 9, 10 ** 9), rng.choice([1, 7, 2 ** 40, 10 ** 30]))
        hi = lo + Fraction(rng.randint(0, 10 ** 6), rng.choice([1, 3, 2 ** 70]))
        low, high = horner(c, lo, hi, rng.choice([1, 8, 64, 128]))
        for x in (lo, hi, (lo + hi) / 2, lo + (hi - lo) * Fraction(rng.randint(0, 999), 1000)):
            assert low <= sum(ck * x ** k for k, ck in enumerate(c)) <= high


def test_signs_decided_only_when_proved():
    # theta = sqrt(2) in a tiny interval: theta^2 - 2 is zero (not decided by intervals, zero mod f),
    # 10^-40 + theta - sqrt 2-ish numbers keep their signs
    root = Fraction(math.isqrt(2 << 400), 2 ** 200)      # sqrt 2 in [root, root + 2^-200]: 128 bits do not decide
    field = Field({"polynomial": ["-2", "0", "1"], "interval": [str(root), str(root + Fraction(1, 2 ** 200))]})
    assert Number(field, [Fraction(-2), Fraction(0), Fraction(1)]).sign() == 0
    tiny = Fraction(1, 10 ** 40)
    assert Number(field, [tiny - root, Fraction(1)]).sign() == 1            # sqrt 2 - root + tiny > 0
    assert Number(field, [-tiny - root - Fraction(1, 2 ** 199), Fraction(1)]).sign() == -1


@pytest.mark.parametrize("expression, degree", [     # degree of Q(the radicals)
    (sympy.sqrt(2) + sympy.cbrt(3), 6),
    (sympy.root(2, 8) + sympy.root(3, 4), 32),        # the compositum degree of the block route
    (-sympy.root(5, 3) + sympy.sqrt(7) * sympy.root(2, 4), 24),
])
def test_theta_bracketed_against_sympy_and_mpmath(expression, degree):
    start = time.process_time()
    field, (element,) = number_field([expression])
    seconds = time.process_time() - start
    # the field of the radicals: degree the product of theirs, f irreducible (sympy)
    assert field.degree == degree and sympy.Poly(list(reversed(field.polynomial)), t).is_irreducible
    f = lambda x: sum(c * x ** k for k, c in enumerate(field.polynomial))
    assert f(field.lo) * f(field.hi) < 0 and 0 < field.hi - field.lo <= WIDTH
    mpmath.mp.dps = 80
    value = mpmath.mpf(sympy.N(expression, 80))
    theta = mpmath.mpf(field.lo.numerator) / field.lo.denominator
    assert abs(sum(mpmath.mpf(c.numerator) / c.denominator * theta ** k for k, c in enumerate(element)) - value) \
        < mpmath.mpf(10) ** -60
    assert seconds < 60     # sympy's refinement of one root took minutes at degree 32


A8, B4 = sympy.root(2, 8), sympy.root(3, 4)


@pytest.mark.parametrize("element", [lambda a, b: a ** 4, lambda a, b: a ** 4 + b, lambda a, b: a ** 3 * 2,
                                     lambda a, b: b * b * 5 + 1, lambda a, b: a * b + 1, lambda a, b: a ** 2 * b ** 2,
                                     lambda a, b: a + b, lambda a, b: a * a + b])
def test_small_minimal_polynomials_in_a_degree_32_field_against_sympy(element):
    from certificates.exact.field import primitive_field
    from certificates.exact.krylov import small_minimal_polynomial
    h, (ga, gb), _ = primitive_field((A8, B4))
    assert h.degree() == 32
    g = element(ga, gb) % h
    truth = sympy.Poly(sympy.minimal_polynomial(element(A8, B4), t), t).monic()
    found = small_minimal_polynomial(g, h, 8)
    if truth.degree() > 8:
        assert found is None
    else:
        assert found == fmpq_poly([fmpq_of_sympy(c) for c in reversed(truth.all_coeffs())])


def test_squares_compare_as_their_exact_values():
    from certificates.proofs.checker import Square
    root = Fraction(math.isqrt(3 << 400), 2 ** 200)       # theta = sqrt 3
    field = Field({"polynomial": ["-3", "0", "1"], "interval": [str(root), str(root + Fraction(1, 2 ** 200))]})
    rng = random.Random(7)
    sqrt3 = math.sqrt(3)
    for _ in range(200):
        q = [Number(field, [Fraction(rng.randint(-9, 9), rng.randint(1, 4)) for _ in range(2)]) for _ in range(rng.randint(1, 3))]
        exact = dot(q, q)
        truth = sum((float(x.c[0]) if x.c else 0.0) ** 2 if len(x.c) < 2 else (float(x.c[0]) + float(x.c[1]) * sqrt3) ** 2
                    for x in q)
        for other in (exact, exact + Fraction(1, 10 ** 30), exact - Fraction(1, 10 ** 30), Fraction(rng.randint(0, 50)),
                      Square(q), Square(q[::-1])):
            value = Square(q)
            assert (value == other) == (exact == other) and (value < other) == (exact < other)
            assert (value > other) == (exact > other)
        low, high = field.enclose(exact.c)        # and the exact square is the float one (independent)
        assert low <= high and abs(float(low) - truth) < 1e-6 * (1 + truth)
