"""The exact fit in other units: data ``X 2^e`` and labels ``y 2^f`` have the minimisers of
``(X, y)`` with amplitudes times ``2^(f - e)`` (relu is positively homogeneous, and ``K mu = y``
scales with them), the same directions and extreme set, ``p_0`` times ``2^-e`` and least total
variation times ``2^(f - e)``.  That scaling law and the standalone checker are the ground truth:
far from 1 the float guess alone lost the structure (``numerical`` where scale 1 is ``exact``)."""

import json
from fractions import Fraction

import pytest
import sympy

from certificates import exact_fit
from certificates.cli import main

# generic data: the exact route is the end-game's, with algebraic atoms (a field of degree > 2)
X = [[2, 3, 3], [0, 3, 3], [3, -3, 0], [1, -2, -1], [1, 2, 1]]
Y = [-2, 1, 3, -2, 0]
# the bias column written out (scaled with the rows): p_0 only in a proved ball at scale 1
BALL_X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1], [2, 1, 1]]
BALL_Y = [0, 1, 1, 0, 1]


def _scaled(rows, labels, e, f):
    return [[v * Fraction(2) ** e for v in row] for row in rows], [v * Fraction(2) ** f for v in labels]


def _same(a, b) -> bool:
    return abs(sympy.N(sympy.sympify(a) - sympy.sympify(b), 80)) < sympy.Float(10) ** -60


@pytest.fixture(scope="module")
def reference():
    return exact_fit(X, Y)


@pytest.mark.parametrize("e, f", [(100, 0), (20, -18), (-40, 30)])
def test_scaled_exact_fit_is_the_scale_one_answer_in_other_units(reference, e, f):
    s = exact_fit(*_scaled(X, Y, e, f))
    assert reference.status == s.status == "exact" and reference.certificate["unique"] is s.certificate["unique"]
    ours = {(a.face, a.amplitude > 0): a for a in s.atoms}
    assert set(ours) == {(a.face, a.amplitude > 0) for a in reference.atoms}
    factor = sympy.Integer(2) ** (f - e)
    for truth in reference.atoms:
        atom = ours[(truth.face, truth.amplitude > 0)]
        assert all(_same(u, v) for u, v in zip(atom.w_exact, truth.w_exact))
        assert _same(atom.amplitude_exact, truth.amplitude_exact * factor)
    assert all(_same(p, q * sympy.Integer(2) ** -e) for p, q in zip(s.p_exact, reference.p_exact))
    assert _same(s.objective_exact, reference.objective_exact * factor)


def test_scaled_exact_fit_with_p0_in_a_ball_keeps_the_ball():
    reference = exact_fit(BALL_X, BALL_Y)
    s = exact_fit(*_scaled(BALL_X, BALL_Y, 600, 3))
    assert reference.status == s.status == "verified"
    assert sorted(a.face for a in s.atoms) == sorted(a.face for a in reference.atoms)
    # the ball's radius in the user's units: the scale-1 radius times 2^-600, up to the rounding
    # of the QP centre (radii about 1e-6 relative)
    radius = s.certificate["p_radius"] * 2.0 ** 600
    assert 0 < radius <= 1e-3 and reference.certificate["p_radius"] <= 1e-3


def test_scaled_exact_fit_proof_checks(tmp_path, capsys):
    rows, labels = _scaled(X, Y, 100, -7)
    data = tmp_path / "scaled.json"
    data.write_text(json.dumps({"X": [[str(v) for v in row] for row in rows], "y": [str(v) for v in labels]}))
    proof = tmp_path / "proof.json"
    assert main(["solve", str(data), "--exact-fit", "--json", "--proof", str(proof)]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "exact"
    assert main(["check", str(proof), "--data", str(data), "--lam", "0"]) == 0
    out = capsys.readouterr().out
    assert "p is the minimal-norm dual optimum p_0" in out and "FAILED" not in out and "not covered" not in out


@pytest.mark.parametrize("labels", [[2 ** 90, -3, 0], [2 ** 90, -3, Fraction(1, 2 ** 80)]])
def test_labels_of_very_different_sizes_are_answered_not_raised(labels):
    # in the units y / 2^90 the exact LP over the support dual's extreme set had no feasible point
    # (a raw InfeasibleLPError).  Truth: e_1 needs least total variation sqrt 2 (one atom at
    # (1, -1) / sqrt 2; p = sqrt 2 (1, 1, -1) is dual feasible with <e_1, p> = sqrt 2), and the
    # total variation is a norm, so the rest of the labels moves it by at most 3 sqrt 2 + 2^-80 sqrt 2
    s = exact_fit([[1, 0], [0, 1], [1, 1]], labels)
    assert abs(float(s.objective) / 2.0 ** 90 - 2 ** 0.5) < 1e-8      # the interior-point accuracy
    assert s.status in ("exact", "verified", "numerical")


def test_scaled_exact_fit_proof_over_a_number_field_checks(tmp_path, capsys):
    # p ~ 2^-600 in Q(sqrt 2): its rational neighbour on a fixed 2^-133 grid was 0, and the
    # region multipliers written for it failed the standalone check ("bound the maximum only by ~6.2")
    rows, labels = _scaled(BALL_X, BALL_Y, 600, 3)
    data = tmp_path / "scaled.json"
    data.write_text(json.dumps({"X": [[str(v) for v in row] for row in rows], "y": [str(v) for v in labels]}))
    proof = tmp_path / "proof.json"
    assert main(["solve", str(data), "--exact-fit", "--json", "--proof", str(proof)]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "verified"
    assert main(["check", str(proof), "--data", str(data), "--lam", "0"]) in (0, 3)    # 3: p_0 itself not covered
    out = capsys.readouterr().out
    assert "FAILED" not in out and "is a minimiser and p the dual optimum" in out
