"""Optimality systems in independent blocks: one number field per block, and their compositum.

Ground truth independent of the package: sympy's minimal polynomial of a sum of radicals, and
the radicals evaluated by mpmath."""

from fractions import Fraction

import mpmath
import sympy
from flint import fmpq_poly

from arrangement import Arrangement
from certificates.solver.endgame.blocks import blocks, compositum
from certificates.solver.endgame.optimality import AtomFace, OptimalitySystem


def _fraction(x) -> Fraction:
    return Fraction(str(mpmath.nstr(x, 60)))


def test_the_compositum_against_sympys_minimal_polynomial():
    mpmath.mp.dps = 80
    a, b = mpmath.cbrt(2), mpmath.sqrt(3)
    h, t1, t2, theta = compositum(fmpq_poly([-2, 0, 0, 1]), _fraction(a), fmpq_poly([-3, 0, 1]), _fraction(b))
    k = round((theta - _fraction(a)) / _fraction(b))
    x = sympy.Symbol("x")
    truth = sympy.Poly(sympy.minimal_polynomial(sympy.cbrt(2) + k * sympy.sqrt(3), x), x)
    assert [sympy.Rational(str(c)) for c in reversed(h.coeffs())] == [c / truth.LC() for c in truth.all_coeffs()]
    at = a + k * b
    value = lambda poly: sum(mpmath.mpf(int(c.p)) / int(c.q) * at ** e for e, c in enumerate(poly.coeffs()))
    assert abs(value(t1) - a) < mpmath.mpf(10) ** -60 and abs(value(t2) - b) < mpmath.mpf(10) ** -60
    # the two fields of one degree-4 field (Q(sqrt 2) inside Q(2^(1/4))) are not disjoint: refused
    assert compositum(fmpq_poly([-2, 0, 0, 0, 1]), Fraction(11892, 10000), fmpq_poly([-2, 0, 1]),
                      Fraction(14142, 10000)) is None


def test_blocks_of_a_hand_made_system():
    A = Arrangement([[1, 0], [0, 1], [1, 1], [2, 0]])
    # x_0 and x_3 lie on one line: atoms using them share a row; the atom on x_1, x_2 is separate
    system = OptimalitySystem(A, [1, 2, 3, 4], 1, [AtomFace("+--+", 1), AtomFace("-++-", 1), AtomFace("+++-", -1)])
    assert blocks(system) == []              # the third atom joins everything
    system = OptimalitySystem(A, [1, 2, 3, 4], 1, [AtomFace("+--+", 1), AtomFace("-++-", 1)])
    assert blocks(system) == [([0], [0, 3]), ([1], [1, 2])]
    assert blocks(OptimalitySystem(A, [1, 2, 3, 4], 0, [AtomFace("+--+", 1), AtomFace("-++-", 1)])) == []
