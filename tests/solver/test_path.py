"""The certified regularisation path against independent ground truth: closed forms (one point,
the 1-D hat), the single-lambda solver at random rational lambdas inside every segment and on
both sides of every breakpoint, and refusals of bad input."""

import json
import random
from fractions import Fraction

import pytest

from arrangement import Arrangement, ParameterError
from certificates.solver import solve
from certificates.solver.path.segments import events_between
from certificates.solver.path.path import regularisation_path
from conftest import run_cli as run
from helpers.proofcheck import assert_path_proof_checks

HAT = ([[-2], [-1], [0], [1], [2]], [0, 1, 2, 1, 0])


def _structure(solution):
    return sorted((a.face, 1 if a.amplitude > 0 else -1) for a in solution.atoms)


def _inner(end, side):
    """The proved end of a segment: an exact text, or the inner end of an enclosure."""
    return Fraction(end) if isinstance(end, str) else end[1 - side]


@pytest.fixture(scope="module")
def hat_path():
    return regularisation_path(*HAT, "1/1000", 10, bias=True)


def test_hat_path_is_exact_with_the_closed_form(hat_path):
    """By hand: mu = 0 iff lambda >= sup eta_y = 4 (the constant neuron); below, the constant
    neuron alone with amplitude (4 - lambda)/5 until the kinks at 0 appear at 7/8 (their
    amplitude 1 - 8 lambda / 7 vanishes there); then p = (-5, 3, 11, 3, -5)/7 stays fixed."""
    assert [s.status for s in hat_path.segments] == ["exact"] * 3
    assert [b.exact for b in hat_path.breakpoints] == ["7/8", "4"]
    assert [s.n_atoms for s in hat_path.segments] == [3, 1, 0]
    assert [b.event for b in hat_path.breakpoints] == ["atom appears", "atom appears"]
    assert hat_path.lambda_0 == "7/8" and hat_path.lambda_0_from == "0"
    low = hat_path.segments[0].formula
    assert low["p"] == ["-5/7", "3/7", "11/7", "3/7", "-5/7"]
    assert hat_path.segments[1].formula["amplitudes"] == ["-(lambda - 4)/5"]
    assert_path_proof_checks(Arrangement(HAT[0], bias=True), hat_path, HAT[1])


@pytest.mark.parametrize("lam, count", [("1/1000", 3), ("87/100", 3), ("88/100", 1), ("39/10", 1), ("41/10", 0)])
def test_hat_breakpoints_are_where_solve_changes(hat_path, lam, count):
    s = solve(*HAT, lam, bias=True)
    assert s.status == "exact" and len(s.atoms) == count
    segment = next(g for g in hat_path.segments if _inner(g.lam_min, 0) <= Fraction(lam) <= _inner(g.lam_max, 1))
    assert segment.n_atoms == count and _structure(s) == sorted(zip(segment.faces, segment.signs))


def test_hat_exact_formulas_equal_solve_at_random_lambdas(hat_path):
    """Inside every exact segment, the path's p(lambda) and amplitudes(lambda) equal the exact
    answer of the single-lambda solver (matched atom by atom through the faces)."""
    import sympy
    rng = random.Random(3)
    for segment in hat_path.segments:
        lo, hi = Fraction(segment.lam_min), Fraction(segment.lam_max)
        lam = lo + (hi - lo) * Fraction(rng.randint(1, 99), 100)
        s = solve(*HAT, lam, bias=True)
        assert s.status == "exact"
        def at(text):   # 'lambda' is a Python keyword: sympify reads it under another name
            return sympy.sympify(text.replace("lambda", "lam")).subs("lam", sympy.Rational(lam.numerator, lam.denominator))
        p = [at(v) for v in segment.formula["p"]]
        assert all(sympy.simplify(a - sympy.sympify(b)) == 0 for a, b in zip(p, s.p_exact)), (lam, p, s.p_exact)
        amplitudes = dict(zip(segment.faces, (at(v) for v in segment.formula.get("amplitudes", []))))
        assert sorted(amplitudes) == sorted(a.face for a in s.atoms)
        for atom in s.atoms:
            assert sympy.simplify(amplitudes[atom.face] - sympy.sympify(atom.amplitude_exact)) == 0, (lam, atom)


def test_one_point_closed_form():
    """One point x = 1, y = 2: one atom of amplitude 2 - lambda below lambda = 2, mu = 0 above."""
    path = regularisation_path([[1]], [2], "1/3", 5)
    assert [(s.lam_min, s.lam_max, s.n_atoms, s.status) for s in path.segments] == \
        [("1/3", "2", 1, "exact"), ("2", "5", 0, "exact")]
    assert path.segments[0].formula["amplitudes"] == ["2 - lambda"]
    assert_path_proof_checks(Arrangement([[1]]), path, [2])


@pytest.mark.parametrize("seed", [7])
def test_random_path_agrees_with_solve(seed):
    """Random data (n = 4, d = 1 with a bias): at random rational lambdas inside every proved
    segment, solve finds the segment's structure; just outside each breakpoint's enclosure,
    the structures of the two neighbouring segments."""
    rng = random.Random(seed)
    X = [[Fraction(rng.randint(-20, 20), 10)] for _ in range(4)]
    y = [Fraction(rng.randint(-10, 10), 5) for _ in range(4)]
    path = regularisation_path(X, y, "1/5", 5, bias=True, exact=False, tol=Fraction(1, 10 ** 6))
    A = Arrangement(X, bias=True)
    proved = [s for s in path.segments if s.status != "unproved"]
    assert proved and all(s.status == "verified" for s in proved)
    for segment in proved:
        lo, hi = _inner(segment.lam_min, 0), _inner(segment.lam_max, 1)
        for _ in range(2):
            lam = lo + (hi - lo) * Fraction(rng.randint(1, 99), 100)
            assert _structure(solve(A, y, lam)) == sorted(zip(segment.faces, segment.signs)), (lam, segment)
    for below, above, point in zip(path.segments, path.segments[1:], path.breakpoints):
        if "unproved" in (below.status, above.status):
            continue
        lo, hi = point.lam
        assert below.faces != above.faces or below.signs != above.signs
        for segment, lam in ((below, lo - (lo - _inner(below.lam_min, 0)) / 50),
                             (above, hi + (_inner(above.lam_max, 1) - hi) / 50)):
            assert _structure(solve(A, y, lam)) == sorted(zip(segment.faces, segment.signs))


def test_events():
    assert events_between((("++", 1), ("+-", -1)), (("++", 1),)) == (("atom appears", ("+-",)),)
    assert events_between((), (("++", 1),)) == (("atom vanishes", ("++",)),)
    assert events_between((("+0", 1),), (("++", 1),)) == (("atom hits a wall", ("++", "+0")),)
    assert events_between((("++", 1),), (("+0", 1),)) == (("atom leaves a wall", ("+0", "++")),)
    assert events_between((("++0", 1), ("+0+", 1)), (("+00", 1),))[0][0] == "atom splits"


@pytest.mark.parametrize("lam_min, lam_max", [("0", "1"), ("-1", "1"), ("2", "1"), ("1", "1"), (None, None)])
def test_bad_lambdas_are_refused(lam_min, lam_max):
    with pytest.raises(ParameterError):
        regularisation_path(*HAT, lam_min, lam_max, bias=True)


def test_cli_json_and_refusals(tmp_path):
    data = tmp_path / "hat.json"
    data.write_text(json.dumps({"X": HAT[0], "y": HAT[1]}))
    code, stdout, stderr = run("path", str(data), "--bias", "--lam-max", "10", "--lam-min", "1/1000", "--json",
                               "--quiet")
    assert code == 0, stderr
    report = json.loads(stdout)
    assert set(report) >= {"segments", "breakpoints", "lambda_0"}
    assert [s["lam_max"] for s in report["segments"]] == ["7/8", "4", "10"]
    assert set(report["segments"][0]) >= {"lam_min", "lam_max", "n_atoms", "faces", "signs", "status"}
    assert [b["event"] for b in report["breakpoints"]] == ["atom appears"] * 2
    for args in (["--lam-max", "1", "--lam-min", "2"], ["--lam-max", "-1"], []):
        code, _, stderr = run("path", str(data), "--bias", *args)
        assert code == 2 and len(stderr.strip().splitlines()) == 1, (args, stderr)


def test_json_has_exactly_the_documented_keys(hat_path):
    from schema_tables import documented_tables
    table = next(t for t in documented_tables() if "lambda_0" in t)
    report = hat_path.to_json()
    found = set(report) | {f"{name}[].{key}" for name in ("segments", "breakpoints") for item in report[name]
                           for key in item}
    assert found == set(table)

    def end(value):
        return isinstance(value, str) or (isinstance(value, list) and len(value) == 2 and
                                          all(isinstance(v, str) for v in value))
    kinds = {"end": end, "exact": lambda v: isinstance(v, str) and Fraction(v) >= 0, "int": lambda v: type(v) is int,
             "str": lambda v: isinstance(v, str), "object": lambda v: isinstance(v, dict),
             "[object]": lambda v: isinstance(v, list), "[str]": lambda v: isinstance(v, list),
             "[int]": lambda v: isinstance(v, list)}
    for key, (typ, _) in table.items():
        if "[]." in key:
            name, field = key.split("[].")
            values = [item[field] for item in report[name]]
        else:
            values = [report[key]]
        assert all(kinds[typ](v) for v in values), key


@pytest.mark.parametrize("lam_max", [0, "-1/2"])
def test_a_non_positive_lam_max_is_named(lam_max):
    from certificates import regularisation_path
    with pytest.raises(ParameterError, match="lam_max must be positive"):
        regularisation_path([[1], [2]], [1, 2], lam_max=lam_max, bias=True)
