"""The number-field route: exact answers beyond rationals and quadratic
irrationals, each re-checked independently (tests/exact_check.py, sympy), and wrong candidates
rejected by the exact checks."""

from fractions import Fraction

import numpy as np
import sympy
from flint import fmpq, fmpq_poly

from arrangement import Arrangement
from certificates import solve
from certificates.solver.endgame.algebraic import refine, substitute
from certificates.solver.endgame.gate import is_zero
from certificates.exact.field import zero_in_number_field
from certificates.exact.refusal import Refusal
from certificates.solver.endgame.field_zero import _reduced_residuals, number_field_solution
from certificates.solver.endgame.optimality import AtomFace, OptimalitySystem
from certificates.solver.endgame.verification import krawczyk

from exact_check import _zero, check
from proofcheck import assert_proof_checks

XOR = [[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0]


def test_xor_with_bias_is_exact_and_checks_independently():
    """The README demo was `verified`: its field has degree 8.  Independent ground truth: by the
    symmetry x <-> y of the data, two atoms are (-1, 1, 0)/sqrt 2 and (1, -1, 0)/sqrt 2 with equal
    amplitudes; and tests/exact_check.py re-checks optimality exactly."""
    rows, labels = XOR
    A = Arrangement(rows, bias=True)
    s = solve(A, labels, "1/10")
    assert s.status == "exact", s.reason
    assert check(rows, labels, Fraction(1, 10), True, s) == []
    assert_proof_checks(s, A, labels)
    half = sympy.sqrt(2) / 2
    pair = sorted((a for a in s.atoms if a.face in ("0+-0", "0-+0")), key=lambda a: a.face)
    assert len(pair) == 2
    assert all(_zero(u - v) for u, v in zip(pair[0].w_exact, (-half, half, 0)))
    assert _zero(pair[0].amplitude_exact - pair[1].amplitude_exact)


def _one_atom(rows, labels, lam):
    system = OptimalitySystem(Arrangement(rows), labels, lam, [AtomFace("+" * len(rows), 1)])
    return system, krawczyk(system, system.newton(np.array([0.3] * len(rows) + [1.0])))


def test_degree_three_zero_found_and_substituted():
    """Two points, one atom: ``(lam I + c M) p = y``, ``p^T M p = 1`` eliminates to a cubic in
    ``c`` (closed form below); the route finds the root and every equation holds exactly (sympy's
    own simplification, independent of the reduction modulo the minimal polynomial)."""
    rows, labels, lam = [[1, 0], [1, 1]], [2, 3], 1
    system, box = _one_atom(rows, labels, lam)
    exact = number_field_solution(system, box, refine)
    assert not isinstance(exact, Refusal), exact.why
    assert substitute(system, exact)
    c = exact[-1]
    # ground truth: det and adjugate by hand; M = E^T E with E = X^T (both points active)
    M = sympy.Matrix([[1, 1], [1, 2]])
    C = sympy.Symbol("c")
    p = (lam * sympy.eye(2) + C * M).inv() * sympy.Matrix(labels)
    cubic = sympy.Poly(sympy.numer(sympy.together((p.T * M * p)[0, 0] - 1)), C)
    assert cubic.degree() >= 3 and is_zero(cubic.as_expr().subs(C, c))


def test_wrong_candidates_are_rejected():
    """A perturbed coefficient of a coordinate, or of the defining polynomial, fails the exact
    check in ``Q[t]/(h)``; a perturbed algebraic number is not 0 for the gate."""
    rows, labels, lam = [[1, 1]], [3], 1
    system, box = _one_atom(rows, labels, lam)
    h = fmpq_poly([-2, 0, 1])                      # theta = sqrt 2 = 2 p  (p = sqrt(2)/2, c = 3 sqrt(2)/2 - 1/2)
    good = [fmpq_poly([0, fmpq(1, 2)]), fmpq_poly([fmpq(-1, 2), fmpq(3, 2)])]
    assert _reduced_residuals(system, good, h)
    bad = [good[0] + fmpq_poly([fmpq(1, 10 ** 12)]), good[1]]
    assert not _reduced_residuals(system, bad, h)
    assert not _reduced_residuals(system, good, h + fmpq_poly([fmpq(1, 10 ** 12)]))
    r = sympy.CRootOf(sympy.Symbol("x") ** 5 - sympy.Symbol("x") - 1, 0)
    assert zero_in_number_field(r ** 5 - r - 1) and not zero_in_number_field(r ** 5 - r - 1 + sympy.Rational(1, 10 ** 30))
    assert is_zero(r ** 5 - r - 1) and not is_zero(r ** 5 - r - 1 + sympy.Rational(1, 10 ** 30))


def test_the_independent_check_sees_a_perturbation_in_a_cubic_field():
    """The re-check reduces polynomials in one root with flint as it walks the expression: a
    change of 10^-30 in ``p`` or in an amplitude of an exact cubic-field answer is seen, and
    numbers with two roots or a radical still go to sympy."""
    import dataclasses
    rows, labels = [[1, 0], [1, 1]], [2, 3]
    s = solve(rows, labels, 1)
    assert s.status == "exact" and check(rows, labels, 1, False, s) == []
    tiny = sympy.Rational(1, 10 ** 30)
    p = [sympy.sympify(v) for v in s.p_in_field or s.p_exact]
    moved = dataclasses.replace(s, p_in_field=(p[0] * (1 + tiny), *p[1:]), p_exact=(p[0] * (1 + tiny), *p[1:]))
    assert "K mu != y - lam p" in check(rows, labels, 1, False, moved)
    atom = s.atoms[0]
    field = list(atom.in_field or (*atom.w_exact, atom.amplitude_exact))
    field[-1] = sympy.sympify(field[-1]) + tiny
    moved = dataclasses.replace(s, atoms=(dataclasses.replace(atom, in_field=tuple(field)), *s.atoms[1:]))
    assert "primal != dual" in check(rows, labels, 1, False, moved)
    x = sympy.Symbol("x")
    r, q = sympy.CRootOf(x ** 3 - 2, 0), sympy.CRootOf(x ** 5 - x - 1, 0)
    assert _zero((r + 1) ** 3 - r ** 3 - 3 * r ** 2 - 3 * r - 1) and not _zero(r ** 3 - 2 + tiny)
    assert _zero((r * q) ** 3 - 2 * q ** 3) and not _zero(r * q - q)
    assert _zero(sympy.sqrt(2) * (r + 1) - sympy.sqrt(2) * r - sympy.sqrt(2))
