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


def test_a_compositum_of_degree_32_gives_an_exact_answer_the_checker_proves(tmp_path):
    """Two blocks of degree 16 and 2: exact since the compositum is no longer capped at 16.
    Ground truth: the independent exact re-check (sympy, sampling of eta) and the standalone
    checker on the proof."""
    import json
    import sys
    from pathlib import Path

    from certificates import solve
    from certificates.proofs import checker
    from certificates.proofs.producer import proof_of_solution, write_proof
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "helpers"))
    from exact_check import check as exact_check

    rows, y = [[2, 2], [-2, -3], [3, -3], [0, -3], [-1, 0], [-1, -1]], [-3, -3, -3, -3, 1, 0]
    A = Arrangement(rows)
    s = solve(A, y, Fraction(1, 2))
    assert s.status == "exact" and exact_check(rows, y, Fraction(1, 2), False, s) == []
    write_proof(proof_of_solution(A, s, y), tmp_path / "proof.json")
    proof = json.loads((tmp_path / "proof.json").read_text())
    assert len(proof["field"]["polynomial"]) - 1 == 32
    assert any(line.startswith("this measure") for line in checker.check(proof))
