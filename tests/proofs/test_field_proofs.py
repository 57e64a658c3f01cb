"""Proofs of exact answers with algebraic numbers (a number field Q(theta) in the proof file):
proved against closed forms and a brute-force search over one atom, mutations fail at the step
that breaks, a sign the intervals cannot decide fails instead of guessing."""

import copy
import json
import math
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
import sympy

from arrangement import Arrangement
from certificates import exact_fit, solve
from certificates.proofs.checker import Failed, Field, Number, Undecided, check
from certificates.exact.number_field import number_field
from certificates.proofs.producer import proof_of_solution
from conftest import run_cli

CHECKER = Path(__file__).resolve().parents[2] / "certificates" / "proofs" / "checker.py"
TWO_POINTS = [[1, 2], [3, -1]]


def _fails(proof, *words):
    with pytest.raises(Failed) as info:
        check(proof)
    assert all(w in str(info.value) for w in words), str(info.value)


def _value(proof, element) -> sympy.Expr:
    """An element of the proof's field as an exact sympy number (theta: the root in the interval)."""
    t = sympy.Symbol("t")
    f = sum(int(c) * t ** k for k, c in enumerate(proof["field"]["polynomial"]))
    lo, hi = (sympy.Rational(v) for v in proof["field"]["interval"])
    theta = next(r for r in sympy.Poly(f, t).real_roots() if lo <= r <= hi)
    coefficients = element if isinstance(element, list) else [element]
    return sum(sympy.Rational(c) * theta ** k for k, c in enumerate(coefficients))


def _proof(X, y, lam):
    A = Arrangement(X)
    return proof_of_solution(A, solve(A, y, lam) if lam else exact_fit(A, y), y)


@pytest.fixture(scope="module")
def sqrt2_sqrt5():
    return _proof(TWO_POINTS, [2, -1], "1/5")


def test_two_points_in_q_sqrt2_sqrt5_proved_with_closed_form_objective(sqrt2_sqrt5):
    # w_1 = (1, 3)/sqrt 10 is orthogonal to x_2 and w_2 = (2, -1)/sqrt 5 to x_1: each point is fitted
    # alone, a_j c_j = y_j - lam sign(y_j) / c_j with c_1 = 7/sqrt 10, c_2 = 7/sqrt 5
    proof = sqrt2_sqrt5
    lines = check(proof)
    assert lines[-1].startswith("this measure (2 atoms) is a minimiser and p the dual optimum")
    assert "the minimiser is unique (the feature vectors of the extreme points are independent)" in lines
    assert not any(line.startswith("not covered") for line in lines)
    assert len(proof["field"]["polynomial"]) == 5               # degree 4 = [Q(sqrt 2, sqrt 5) : Q]
    lam, objective = sympy.Rational(1, 5), sympy.Integer(0)
    for y, c in ((2, 7 / sympy.sqrt(10)), (-1, 7 / sympy.sqrt(5))):
        a = (y - lam * sympy.sign(y) / c) / c
        objective += (lam / c) ** 2 / 2 + lam * abs(a)
    assert sympy.simplify(_value(proof, proof["claims"]["objective"]) - objective) == 0
    p = [_value(proof, v) for v in proof["claims"]["p"]]
    assert sympy.simplify(p[0] - sympy.sqrt(10) / 7) == 0 and sympy.simplify(p[1] + sympy.sqrt(5) / 7) == 0


def test_one_atom_with_a_crootof_proved_against_a_search_over_one_atom():
    proof = _proof(TWO_POINTS, [1, 1], "1/10")
    lines = check(proof)
    assert lines[-1].startswith("this measure (1 atoms) is a minimiser")
    assert len(proof["field"]["polynomial"]) == 5               # the quartic of the CRootOf
    # brute force: one atom at angle t, best amplitude in closed form (a soft threshold)
    X, y, lam = [[1, 2], [3, -1]], [1, 1], 0.1

    def best(t):
        phi = [max(x[0] * math.cos(t) + x[1] * math.sin(t), 0) for x in X]
        norm2, corr = sum(v * v for v in phi), sum(v * w for v, w in zip(phi, y))
        a = 0 if norm2 == 0 else math.copysign(max(abs(corr) - lam, 0), corr) / norm2
        return sum((a * v - w) ** 2 for v, w in zip(phi, y)) / 2 + lam * abs(a)
    t = min((2 * math.pi * k / 20000 for k in range(20000)), key=best)
    lo, hi = t - 1e-3, t + 1e-3
    for _ in range(100):                                        # golden section near the best
        m1, m2 = lo + (hi - lo) * 0.382, lo + (hi - lo) * 0.618
        lo, hi = (lo, m2) if best(m1) < best(m2) else (m1, hi)
    assert float(_value(proof, proof["claims"]["objective"])) == pytest.approx(best(lo), abs=1e-10)


def test_exact_fit_with_sqrt2_closed_form():
    # one neuron (1, 1)/sqrt 2 fits both points: |mu|_TV = sqrt 2, p = (sqrt 2/2, sqrt 2/2)
    proof = _proof([[1, 0], [0, 1]], [1, 1], 0)
    assert any(line.startswith("this measure (1 atoms) is a minimiser") for line in check(proof))
    assert sympy.simplify(_value(proof, proof["claims"]["objective"]) - sympy.sqrt(2)) == 0


def test_regularised_identity_closed_form():
    # x = e_1, e_2, y = (1, 1), lam = 1/2: one atom (1, 1)/sqrt 2, amplitude sqrt 2 - 1/2,
    # objective (a/sqrt 2 - 1)^2 + a/2 = sqrt 2/2 - 1/8
    proof = _proof([[1, 0], [0, 1]], [1, 1], "1/2")
    assert check(proof)[-1].startswith("this measure (1 atoms) is a minimiser")
    assert sympy.simplify(_value(proof, proof["claims"]["objective"]) - (sympy.sqrt(2) / 2 - sympy.Rational(1, 8))) == 0


def _mutant(proof, change):
    mutant = copy.deepcopy(proof)
    change(mutant)
    return mutant


def _bump(element):
    """The element with its last coefficient changed by 1/7."""
    return element[:-1] + [str(Fraction(element[-1]) + Fraction(1, 7))]


def test_mutations_fail_at_the_step_named(sqrt2_sqrt5):
    proof = sqrt2_sqrt5
    field = proof["field"]
    lo, hi = (Fraction(v) for v in field["interval"])

    def constant_of_f(m):
        m["field"]["polynomial"][0] = str(int(field["polynomial"][0]) + 1)
    _fails(_mutant(proof, constant_of_f), "claim number field", "does not change sign")

    def interval_off_the_root(m):
        m["field"]["interval"] = [str(hi + (hi - lo)), str(hi + 2 * (hi - lo))]
    _fails(_mutant(proof, interval_off_the_root), "claim number field")

    def atom_coefficient(m):
        m["claims"]["atoms"][0]["w"][0] = _bump(m["claims"]["atoms"][0]["w"][0])
    _fails(_mutant(proof, atom_coefficient), "claim optimality, atom 0", "unit sphere")

    def p_coefficient(m):
        m["claims"]["p"][1] = _bump(m["claims"]["p"][1])
    _fails(_mutant(proof, p_coefficient), "claim sup |eta|^2 = 1, region 0", "the multipliers bound the maximum only by")

    def amplitude(m):
        m["claims"]["atoms"][1]["amplitude"] = _bump(m["claims"]["atoms"][1]["amplitude"])
    _fails(_mutant(proof, amplitude), "claim optimality")

    def minimiser(m):
        m["claims"]["minimisers"][0][0] = _bump(m["claims"]["minimisers"][0][0])
    _fails(_mutant(proof, minimiser), "claim minimisers, amplitude vector 0")

    def objective(m):
        m["claims"]["objective"] = _bump(m["claims"]["objective"])
    _fails(_mutant(proof, objective), "claim optimality: primal objective")

    def extreme_point(m):
        m["claims"]["extreme_points"][0]["w"][1] = _bump(m["claims"]["extreme_points"][0]["w"][1])
    _fails(_mutant(proof, extreme_point), "claim extreme set")

    def exact_multiplier(m):
        region, key = next((r, k) for r in m["regions"] for k in ("up", "down")
                           if any(isinstance(v, list) for v in r.get(k, {}).values()))
        row = next(j for j, v in region[key].items() if isinstance(v, list))
        region[key][row] = _bump(region[key][row])
    _fails(_mutant(proof, exact_multiplier), "claim sup |eta|^2 = 1, region")

    def leading_coefficient_of_f(m):
        m["field"]["polynomial"][-1] = str(int(field["polynomial"][-1]) + 1)
    _fails(_mutant(proof, leading_coefficient_of_f), "claim number field")


def test_rational_stand_ins_for_irrationals_fail():
    """sqrt 2 written as 1.4142: every number of a proof over Q(sqrt 2) evaluated at theta = 1.4142
    (the field dropped) is a wrong claim; so is one atom coordinate replaced by its decimal."""
    proof = _proof([[1, 0], [0, 1]], [1, 1], "1/2")
    assert proof["field"]["polynomial"] == ["-2", "0", "1"]
    theta = Fraction("1.4142")

    def at_theta(v):
        coefficients = v if isinstance(v, list) else [v]
        return str(sum((Fraction(c) * theta ** k for k, c in enumerate(coefficients)), Fraction(0)))

    flat = copy.deepcopy(proof)
    del flat["field"]
    claims = flat["claims"]
    claims["p"], claims["objective"] = [at_theta(v) for v in claims["p"]], at_theta(claims["objective"])
    claims["minimisers"] = [[at_theta(v) for v in a] for a in claims["minimisers"]]
    for point in claims["extreme_points"] + claims["atoms"]:
        point["w"] = [at_theta(v) for v in point["w"]]
    for atom in claims["atoms"]:
        atom["amplitude"] = at_theta(atom["amplitude"])
    for region in flat["regions"]:
        for key in ("up", "down"):
            region[key] = {j: at_theta(v) for j, v in region.get(key, {}).items()}
    _fails(flat, "claim sup |eta|^2")
    decimal = copy.deepcopy(proof)
    decimal["claims"]["atoms"][0]["w"][0] = at_theta(decimal["claims"]["atoms"][0]["w"][0])
    _fails(decimal, "claim optimality, atom 0")


def test_a_sign_intervals_cannot_decide_fails_instead_of_guessing():
    # f = t^3 - 2t is reducible: t^2 - 2 is not 0 modulo f but 0 at theta = sqrt 2
    field = Field({"polynomial": ["0", "-2", "0", "1"], "interval": ["707/500", "283/200"]})
    assert Number(field, [-2, 0, 1]) * 0 == 0 and Number(field, [Fraction(-1414, 1000), 1]) > 0
    with pytest.raises(Undecided):
        Number(field, [-2, 0, 1]).sign()
    proof = _proof([[1, 0], [0, 1]], [1, 1], "1/2")             # theta = sqrt 2, f = t^2 - 2
    assert proof["field"]["polynomial"] == ["-2", "0", "1"]
    mutant = copy.deepcopy(proof)
    mutant["field"]["polynomial"] = ["0", "-2", "0", "1"]        # f t: still has the root sqrt 2, but
    # |q|^2 - 1 = c (t^2 - 2) is no longer 0 modulo it: already the extreme set fails, safely
    amplitude = mutant["claims"]["atoms"][0]["amplitude"]
    coefficients = [Fraction(v) for v in (amplitude if isinstance(amplitude, list) else [amplitude])] + [0, 0]
    coefficients[0] -= 2                                        # + (t^2 - 2): the same number at sqrt 2
    coefficients[2] += 1
    mutant["claims"]["atoms"][0]["amplitude"] = [str(v) for v in coefficients[:3]]
    _fails(mutant, "claim", "is not decided by intervals")


def test_number_field_of_a_crootof_and_nested_radicals():
    x = sympy.Symbol("x")
    r = sympy.CRootOf(x ** 3 - x - 1, 0)                        # the plastic number
    field, (a, b, c) = number_field([r, r ** 2 + 1 / r, sympy.sqrt(2 + sympy.sqrt(3))])
    assert field.degree == 12                                   # 3 * 4: Q(r) and Q(sqrt(2 + sqrt 3))
    for element, value in zip((a, b, c), (r, r ** 2 + 1 / r, sympy.sqrt(2 + sympy.sqrt(3)))):
        assert abs(field.approximate(element) - Fraction(str(sympy.N(value, 40)))) < Fraction(1, 10 ** 30)
    for bad in (sympy.pi, sympy.Float(0.5) + sympy.sqrt(2), sympy.I):   # no field: not covered
        with pytest.raises(ValueError):
            number_field([bad])


def test_cli_and_copied_checker_prove_an_algebraic_answer(tmp_path):
    path = tmp_path / "algebraic.json"
    data = tmp_path / "two.csv"
    data.write_text("a,b,y\n1,2,2\n3,-1,-1\n")
    status, _, err = run_cli("solve", str(data), "--lam", "1/5", "--quiet", "--proof", str(path))
    assert status == 0, err
    status, out, _ = run_cli("check", str(path))
    assert status == 0 and out.splitlines()[-1].startswith("proved: this measure (2 atoms)"), out
    shutil.copy(CHECKER, tmp_path / "checker.py")
    run = subprocess.run([sys.executable, str(tmp_path / "checker.py"), str(path)], capture_output=True,
                         text=True, cwd=tmp_path)
    assert run.returncode == 0 and run.stdout.splitlines()[-1].startswith("proved: this measure (2 atoms)"), run
    data = json.loads(path.read_text())
    data["field"]["interval"] = list(reversed(data["field"]["interval"]))
    path.write_text(json.dumps(data))
    run = subprocess.run([sys.executable, str(tmp_path / "checker.py"), str(path)], capture_output=True, text=True)
    assert run.returncode == 1 and run.stdout.splitlines()[-1].startswith("FAILED: claim number field"), run


def test_a_list_number_without_a_field_is_malformed():
    from certificates.proofs.checker import Malformed
    proof = _proof([[1, 0], [0, 1]], [1, 1], "1/2")
    del proof["field"]
    with pytest.raises(Malformed):
        check(proof)


def test_numbers_past_the_files_digits_fall_back_to_the_krawczyk_box(monkeypatch):
    """A field whose numbers would not fit the format's integers (case 163 of the coverage mix
    needed ~15,000-digit interval ends) is proved by the box the exact zero lies in, not refused;
    the standalone checker re-derives that box."""
    import certificates.proofs.producer as producer
    A = Arrangement(TWO_POINTS)
    s = solve(A, [1, 1], "1/10")
    assert s.status == "exact" and (s.solver.get("evidence") or {}).get("kind") == "krawczyk"
    monkeypatch.setattr(producer, "FILE_DIGITS", 10)
    proof = proof_of_solution(A, s, [1, 1])
    assert "field" not in proof
    lines = check(proof)
    assert any(line.startswith(("the minimiser is", "a minimiser is")) for line in lines), lines
    # with the format's limit the field proof is written as before
    monkeypatch.setattr(producer, "FILE_DIGITS", 4000)
    assert "field" in proof_of_solution(A, s, [1, 1])
