"""The elimination route: a zero in a number field of degree above 16 (where LLL gives up), found
exactly, re-checked here in ``Q[t]/(h)`` from the answer's own numbers, and by the standalone
proof checker."""

from fractions import Fraction

import sympy
from flint import fmpq, fmpq_poly

from arrangement import Arrangement
from certificates import solve
from certificates.solver.endgame.eliminant import eliminant_field
from certificates.solver.endgame.optimality import AtomFace, OptimalitySystem

from exact_check import rows_with_bias, sampled_sup_eta
from proofcheck import assert_proof_checks

# six points in Z^3, no bias, lambda = 1/2: two atoms whose zero lives in a field of degree 24
ROWS = [[-2, 1, 2], [1, -1, 1], [-3, -1, -1], [3, -1, -2], [2, 0, -1], [2, 1, -1]]
LABELS = [0, 3, 3, 2, 2, 1]
LAM = Fraction(1, 2)


def _in_field(expr, root, h, t):
    """``expr`` (a sympy polynomial in the one ``CRootOf`` ``root``) as a flint polynomial mod h."""
    poly = sympy.Poly(sympy.sympify(expr).subs(root, t), t)
    return fmpq_poly([fmpq(int(c.p), int(c.q)) for c in reversed(poly.all_coeffs())]) % h


def test_degree_24_zero_is_exact_and_checks_independently():
    A = Arrangement(ROWS)
    s = solve(A, LABELS, LAM)
    assert s.status == "exact", s.reason
    # the answer's numbers as polynomials in one root (the displayed forms may use radicals too)
    p_exact = [sympy.sympify(v) for v in s.p_in_field or s.p_exact]
    atoms = [[sympy.sympify(v) for v in atom.in_field or (*atom.w_exact, atom.amplitude_exact)] for atom in s.atoms]
    numbers = p_exact + [v for atom in atoms for v in atom]
    (root,) = set().union(*(v.atoms(sympy.CRootOf) for v in numbers))
    t = sympy.Symbol("t")
    h_sym = sympy.Poly(root.poly.as_expr().subs(root.poly.gen, t), t)
    assert h_sym.degree() > 16 and h_sym.is_irreducible
    h = fmpq_poly([fmpq(int(c)) for c in reversed(h_sym.all_coeffs())])
    value = sympy.Float(root.evalf(120), 120)

    def element(expr):
        return _in_field(expr, root, h, t)

    def sign(e: fmpq_poly) -> int:      # 0 exactly; else the sign at 120 digits
        if e == 0:
            return 0
        number = sum(sympy.Rational(int(c.p), int(c.q)) * value ** k for k, c in enumerate(e.coeffs()))
        return 1 if number > 0 else -1

    rows = rows_with_bias(ROWS, False)
    p = [element(v) for v in p_exact]
    fit = [fmpq_poly([0])] * len(rows)
    tv = fmpq_poly([0])
    for *w, a in atoms:
        w, a = [element(v) for v in w], element(a)
        assert (sum((wk * wk for wk in w), fmpq_poly([0])) - 1) % h == 0          # |w| = 1
        inner = [sum((fmpq(int(x.numerator), int(x.denominator)) * wk for x, wk in zip(row, w)), fmpq_poly([0]))
                 for row in rows]
        features = [v if sign(v) > 0 else fmpq_poly([0]) for v in inner]
        eta = sum(((pj * f) % h for pj, f in zip(p, features)), fmpq_poly([0])) % h
        assert eta == fmpq_poly([sign(a)])                                           # eta(w) = sign(a)
        fit = [fj + (a * f) % h for fj, f in zip(fit, features)]
        tv += a * sign(a)
    lam = fmpq(LAM.numerator, LAM.denominator)
    assert all((fj - (yj - lam * pj)) % h == 0 for fj, yj, pj in zip(fit, LABELS, p))   # K mu = y - lam p
    primal = sum((((fj - yj) * (fj - yj)) % h for fj, yj in zip(fit, LABELS)), fmpq_poly([0])) / 2 + lam * tv
    dual = lam * sum((yj * pj for yj, pj in zip(LABELS, p)), fmpq_poly([0])) \
        - lam * lam / 2 * sum(((pj * pj) % h for pj in p), fmpq_poly([0]))
    assert (primal - dual) % h == 0
    # dual feasibility, sampled (the proof checker below proves it)
    assert sampled_sup_eta(rows, [float(sympy.N(v, 30)) for v in p_exact]) <= 1 + 1e-9
    lines = assert_proof_checks(s, A, LABELS)
    assert any("Q(theta)" in line for line in lines), lines      # the field proof, not the box


def test_elimination_gives_the_closed_form_of_one_atom():
    """One point (1, 1), y = 3, lambda = 1: ``c = (3 sqrt 2 - 1) / 2``, ``z = sqrt(2) / 2`` by hand."""
    system = OptimalitySystem(Arrangement([[1, 1]]), [3], 1, [AtomFace("+", 1)])
    root = Fraction(int(sympy.sqrt(2) * 10 ** 60), 10 ** 60)
    values = [root / 2, (3 * root - 1) / 2]
    (h, g, _), = eliminant_field(system, values)
    # h(c) = 0 for c = (3 sqrt 2 - 1) / 2: 4 c^2 + 4 c - 17; z = (c + 1/2) / 3
    assert h / h.coeffs()[-1] == fmpq_poly([fmpq(-17, 4), 1, 1])
    assert g == [fmpq_poly([fmpq(1, 6), fmpq(1, 3)]), fmpq_poly([0, 1])]


def test_elimination_budget_is_cpu_time(monkeypatch):
    """A resultant that never ends is stopped by its CPU budget, which does not depend on the load."""
    import time
    from certificates.solver.endgame import eliminant

    def spin(*args):
        while True:
            pass

    monkeypatch.setattr(eliminant, "_field_point", spin)
    system = OptimalitySystem(Arrangement([[1, 1]]), [3], 1, [AtomFace("+", 1)])
    started = time.monotonic()
    why = eliminant_field(system, [Fraction(7, 10), Fraction(8, 5)], seconds=1)
    assert why == "no eliminant within 1 s of CPU time"
    assert time.monotonic() - started < 30
