"""The LLL guess of a number field (certificates.solver.endgame.relations) against closed forms:
minimal polynomials from sympy's ``minimal_polynomial``, values from mpmath."""

from __future__ import annotations

import time
from fractions import Fraction

import mpmath
import pytest
import sympy
from flint import fmpq, fmpq_poly

from certificates.solver.endgame.relations import guess_field, solve_in_field

BITS = 9000


def _digits(expr) -> Fraction:
    with mpmath.workprec(BITS + 64):
        value = mpmath.mpf(sympy.N(expr, int(BITS * 0.302) + 30))
        return Fraction(int(mpmath.floor(value * mpmath.mpf(2) ** BITS)), 2 ** BITS)


def _fmpq_poly(expr, x) -> fmpq_poly:
    coefficients = sympy.Poly(expr, x).all_coeffs()[::-1]
    return fmpq_poly([fmpq(int(sympy.fraction(c)[0]), int(sympy.fraction(c)[1])) for c in coefficients])


def _compose(q: fmpq_poly, g: fmpq_poly, h: fmpq_poly) -> fmpq_poly:
    out = fmpq_poly([0])
    for c in reversed(q.coeffs()):
        out = (out * g + c) % h
    return out


# coordinates of a field of degree 12 with large heights: 3000 bits find no relation
HARD = [sympy.Rational(22, 7) * sympy.sqrt(2) + sympy.Rational(31, 97) * sympy.cbrt(3),
        sympy.Rational(-17, 3) + sympy.Rational(101, 11) * sympy.sqrt(5) * sympy.cbrt(3),
        sympy.Rational(7, 13) * sympy.sqrt(2) * sympy.sqrt(5)]     # theta's minimal polynomial: 289 bits


@pytest.mark.parametrize("levels", [((16, 8000),)])
def test_field_of_degree_12_matches_closed_forms(levels):
    x = sympy.Symbol("x")
    values = [_digits(v) for v in HARD]
    weights = [1, 2, 1]
    found = guess_field(values, weights, time.monotonic() + 300, levels)
    assert isinstance(found, tuple)
    h, g, theta = found
    closed = sum((k * v for k, v in zip(weights, HARD)), sympy.Integer(0))
    truth = _fmpq_poly(sympy.minimal_polynomial(closed, x), x)
    assert h.degree() == 12 and h / h.coeffs()[-1] == truth / truth.coeffs()[-1]
    for gi, v in zip(g, HARD):
        # g_i(theta') is a root of x_i's minimal polynomial at every root theta' of h ...
        assert _compose(_fmpq_poly(sympy.minimal_polynomial(v, x), x), gi, h) == 0
        # ... and at theta itself it is x_i (mpmath on the closed forms, 100 digits)
        with mpmath.workdps(100):
            t = mpmath.mpf(sympy.N(closed, 120))
            at = sum(mpmath.mpf(int(c.p)) / int(c.q) * t ** k for k, c in enumerate(gi.coeffs()))
            assert abs(at - mpmath.mpf(sympy.N(v, 120))) < mpmath.mpf(10) ** -80


def test_too_few_digits_find_no_relation():
    values = [_digits(v) for v in HARD]
    assert guess_field(values, [1, 2, 1], time.monotonic() + 300, ((16, 3000),)) == "none"


def test_only_some_coordinates():
    values = [_digits(v) for v in HARD]
    h, g, _ = guess_field(values, [1, 2, 1], time.monotonic() + 300, ((16, 8000),), only=[2])
    assert g[0] is None and g[1] is None and h.degree() == 12
    x = sympy.Symbol("x")
    assert _compose(_fmpq_poly(sympy.minimal_polynomial(HARD[2], x), x), g[2], h) == 0


def test_solve_in_field_recovers_a_built_solution():
    h = fmpq_poly([1, 0, -10, 0, 1])        # Q(sqrt 2 + sqrt 3)
    t = fmpq_poly([0, 1])
    u = [t, t * t - 5, fmpq_poly([fmpq(3, 7)]), (t ** 3 - 9 * t) / 2]      # ..., sqrt 6, 3/7, sqrt 2
    A = [[t + i + j, fmpq_poly([i * j + 1]), (t * t * (i - j)) % h, fmpq_poly([fmpq(1, i + j + 1)])]
         for i in range(4) for j in [i]]
    A = [[(a + fmpq_poly([k * m])) % h for m, a in enumerate(row)] for k, row in enumerate(A)]
    rhs = [sum((a * b for a, b in zip(row, u)), fmpq_poly([0])) % h for row in A]
    assert solve_in_field(A, rhs, h) == [ui % h for ui in u]


def test_solve_in_field_singular():
    h = fmpq_poly([-2, 0, 1])
    t = fmpq_poly([0, 1])
    assert solve_in_field([[t, fmpq_poly([2])], [fmpq_poly([1]), t]], [t, t], h) is None   # t^2 - 2 = 0


def test_reduced_is_the_same_number_of_lower_degree():
    from certificates.exact.field import reduced
    x = sympy.Symbol("x")
    r = sympy.CRootOf(x ** 5 - x - 1, 0)
    e = (r + 2) ** 7 * (r ** 3 - sympy.Rational(1, 3))
    out = reduced(e)
    assert sympy.Poly(out.subs(r, x), x).degree() < 5
    assert abs(sympy.N(out - e, 60)) < sympy.Float(10) ** -50


def test_vertex_split_solved_in_one_root():
    from certificates.solver.endgame.algebraic import _solve_in_one_root
    x = sympy.Symbol("x")
    r = sympy.CRootOf(x ** 5 - x - 1, 0)
    W = sympy.Matrix([[r, 1], [1, r ** 2], [2, r - 1]])
    truth = sympy.Matrix([r ** 2 + 1, 3 - r])
    solved = _solve_in_one_root(W, (W * truth).expand())
    assert all(abs(sympy.N(a - b, 60)) < sympy.Float(10) ** -50 for a, b in zip(solved, truth))
    assert all(sympy.expand(a - b) == 0 for a, b in zip(solved, truth))     # already reduced (degree < 5)
    assert _solve_in_one_root(sympy.Matrix([[sympy.sqrt(2)]]), sympy.Matrix([1])) is None
