"""Number-field elements kept in flint (exact.field.field_element) and the quick bound on the
degree of a minimal polynomial (more_conjugates_than), against sympy's own closed forms and
minimal polynomials."""

import sympy
from flint import arb, ctx, fmpq, fmpq_poly

from certificates.exact.convert import fmpq_poly_of_sympy
from certificates.exact.field import (TEXT_DEGREE, field_element, in_field, more_conjugates_than, number_text,
                                      one_root_element, reduced, zero_in_number_field)

t = sympy.Symbol("t")


def _field(closed_form):
    """``(root, h)``: the ``CRootOf`` equal to ``closed_form`` and its minimal polynomial (sympy)."""
    h = sympy.Poly(sympy.minimal_polynomial(closed_form, t), t)
    value = sympy.N(closed_form, 60)
    root = next(r for r in sympy.Poly(h, t).real_roots() if abs(sympy.N(r, 60) - value) < sympy.Rational(1, 10 ** 40))
    return root, fmpq_poly_of_sympy(h.all_coeffs())


def test_the_conjugate_count_bounds_the_degree_of_sympys_minimal_polynomial():
    theta = sympy.sqrt(2) + sympy.sqrt(3) + sympy.cbrt(5)      # degree 12
    root, h = _field(theta)
    assert h.degree() == 12
    g_of = {"theta^2": fmpq_poly([0, 0, 1]), "theta^3 - theta": fmpq_poly([0, -1, 0, 1]), "7": fmpq_poly([7])}
    for name, g in g_of.items():
        closed = sum((sympy.Rational(int(c.p), int(c.q)) * theta ** k for k, c in enumerate(g.coeffs())),
                     sympy.Integer(0))
        degree = sympy.degree(sympy.minimal_polynomial(closed, t), t)
        for bound in range(0, 13):
            shown = more_conjugates_than(g, h, bound)
            assert not shown or degree > bound, (name, bound)     # never claims too much
        assert more_conjugates_than(g, h, degree - 1) or degree == 1, name   # and sees the degree here


def test_a_field_element_of_high_degree_prints_and_reduces_to_the_same_number():
    x = sympy.Symbol("x")
    h_sym = x ** (TEXT_DEGREE + 2) - 3 * x + 1         # irreducible (checked below)
    h = fmpq_poly_of_sympy(sympy.Poly(h_sym, x).all_coeffs())
    assert len(h.factor()[1]) == 1
    root = sympy.CRootOf(h_sym, 0)
    g = fmpq_poly([fmpq(k * k - 7, k + 2) for k in range(TEXT_DEGREE + 2)])
    v = field_element(root, h, g)
    plain = sum((sympy.Rational(int(c.p), int(c.q)) * root ** k for k, c in enumerate(g.coeffs())), sympy.Integer(0))
    parsed = sympy.sympify(number_text(v))
    assert sympy.expand(parsed - plain) == 0
    assert one_root_element(v)[2] == g and one_root_element(plain)[2] == g
    assert in_field(v * v - plain * plain, {root: fmpq_poly([0, 1])}, h) == 0
    square = reduced(plain ** 2)                                  # the same number, written otherwise
    assert zero_in_number_field(v ** 2 - square) is True and zero_in_number_field(v ** 2 - square + 1) is False
    # the same number by an independent numeric route: both sides at an arb enclosure of the root
    # (sympy.N of a CRootOf of degree 18 refines its interval for minutes)
    assert abs(_at_the_root(square - plain ** 2, root, h)) < arb("1e-40")


def _at_the_root(expr, root, h):
    """``expr``, a polynomial in ``root = CRootOf(h, 0)`` (the least real root of the squarefree
    ``h``), as an arb at 400 bits."""
    saved, ctx.prec = ctx.prec, 400
    try:
        real = [z.real for z, _ in h.complex_roots() if z.imag.contains(0)]
        least = [r for r in real if all(r < other for other in real if other is not r)]
        assert len(least) == 1
        x = sympy.Dummy("x")
        value = arb(0)
        for c in sympy.Poly(sympy.expand(expr).xreplace({root: x}), x).all_coeffs():   # Horner
            c = sympy.Rational(c)
            value = value * least[0] + arb(fmpq(int(c.p), int(c.q)))
        return value
    finally:
        ctx.prec = saved


def test_a_root_that_sympy_writes_as_a_multiple_of_another_root():
    """sympy gives CRootOf(x^3 + 9x + 27, 0) as 3*CRootOf(x^3 + x + 1, 0): such a number is not
    remembered under the product, and its zero tests still decide in the field of the inner root
    (remembering it made the gate fall through to sympy's minimal polynomial for minutes)."""
    x = sympy.Symbol("x")
    root = sympy.CRootOf(x ** 3 + 9 * x + 27, 0)
    assert not isinstance(root, sympy.CRootOf)
    h = fmpq_poly([27, 9, 0, 1])
    v = field_element(root, h, fmpq_poly([1, 2, 5]))              # 1 + 2 r + 5 r^2, r^3 = -9 r - 27
    cube = sympy.expand(root ** 3)
    assert zero_in_number_field(v * root - (root + 2 * root ** 2 + 5 * cube)) is True
    assert zero_in_number_field(v - 1) is False
    assert zero_in_number_field(cube + 9 * root + 27) is True


def test_small_minimal_polynomials_in_a_compositum_agree_with_sympys():
    """The word-size pre-test of small_minimal_polynomial (independence of the powers modulo a
    prime) never hides a small minimal polynomial nor invents one: elements of
    Q(2^(1/4), sqrt 3), of degree 1, 2, 4 and 8, against sympy's minimal polynomial of the
    closed form, for every bound."""
    from fractions import Fraction
    from certificates.exact.krylov import small_minimal_polynomial
    from certificates.solver.endgame.blocks import compositum
    a, b = sympy.root(2, 4), sympy.sqrt(3)
    h, t1, t2, _ = compositum(fmpq_poly([-2, 0, 0, 0, 1]), Fraction(11892071150027, 10 ** 13),
                              fmpq_poly([-3, 0, 1]), Fraction(17320508075689, 10 ** 13))
    assert h.degree() == 8
    elements = {sympy.Rational(5, 3): fmpq_poly([fmpq(5, 3)]), a ** 2 / 7: (t1 * t1 * fmpq(1, 7)) % h,
                b - 1: t2 - 1, a * b: (t1 * t2) % h, a: t1, a + 2 * b: t1 + 2 * t2,
                a ** 3 - a * b / 5 + 11: (t1 * t1 * t1 - t1 * t2 * fmpq(1, 5) + 11) % h}
    for closed, g in elements.items():
        q = fmpq_poly_of_sympy(sympy.Poly(sympy.minimal_polynomial(closed, t), t).monic().all_coeffs())
        for bound in range(1, 9):
            found = small_minimal_polynomial(g, h, bound)
            assert found == (q if q.degree() <= bound else None), (closed, bound)
