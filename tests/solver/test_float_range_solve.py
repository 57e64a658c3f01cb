"""Data and lambda near the ends of the float range.

The problem with data ``c X`` and ``c lambda`` (c > 0) is the problem with ``X`` and ``lambda``:
``c relu(<w, x>) = relu(<w, c x>)``, so the same directions carry the amplitudes divided by c and
the optimal value is the same.  That scaling law is the independent truth here."""

from fractions import Fraction

import numpy as np
import pytest

from certificates import solve

X = [[1, 2], [3, -1], [-2, 1], [1, 1]]
Y = [1, -1, 2, 0]


@pytest.mark.parametrize("exponent", [600, -600])
def test_scaled_data_and_lambda_have_the_same_optimal_value_and_directions(exponent):
    reference = solve(X, Y, Fraction(1, 2))
    scale = Fraction(2) ** exponent
    scaled = solve([[v * scale for v in row] for row in X], Y, Fraction(1, 2) * scale)
    assert scaled.status in ("exact", "verified")
    assert scaled.objective == pytest.approx(reference.objective, rel=1e-8)
    assert len(scaled.atoms) == len(reference.atoms)
    for atom, truth in zip(sorted(scaled.atoms, key=lambda a: a.w), sorted(reference.atoms, key=lambda a: a.w)):
        assert np.allclose(atom.w, truth.w, atol=1e-6)
        assert float(atom.amplitude) * 2.0 ** exponent == pytest.approx(float(truth.amplitude), rel=1e-6)
        assert np.linalg.norm(atom.w) == pytest.approx(1.0)


def test_one_feature_far_out_of_the_float_range_answers_without_a_traceback():
    scale = Fraction(2) ** 600
    answer = solve([[scale], [2 * scale], [-scale]], [1, -1, 2], Fraction(1, 3))
    assert answer.status in ("exact", "verified", "numerical")
    assert all(np.isfinite(atom.w).all() and np.linalg.norm(atom.w) == pytest.approx(1.0) for atom in answer.atoms)


def test_features_far_beyond_the_floats_against_a_bias_give_no_float_warnings(capfd):
    # the XOR points times 2^600 with a bias column (not a change of units): the float filters
    # overflow (region gradients, wall multipliers, Newton's matrices, sign products), which must
    # only send the question to exact arithmetic; a CLI user saw a screen of RuntimeWarnings
    import warnings
    from arrangement import Arrangement
    from certificates.proofs.checker import verdict
    from certificates.proofs.producer import proof_of_solution
    s = 2 ** 600
    A, y = Arrangement([[0, 0], [0, s], [s, 0], [s, s]], bias=True), [0, 1, 1, 0]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        answer = solve(A, y, "1/10")
        proof = proof_of_solution(A, answer, y)
        solve([[s, 1], [s, 1], [1, s], [0, 1]], [1, 2, -1, 0], "1/10", bias=True)   # the master's gap estimate
    assert [str(w.message) for w in caught] == [] and capfd.readouterr().err == ""
    assert answer.status in ("exact", "verified")
    # the standalone checker re-decides every claim exactly (a duality-gap answer's atoms are not covered)
    v = verdict(proof)
    assert v["exit"] in (0, 3) and {c["status"] for c in v["claims"]} <= {"proved", "not covered"}, v


def test_labels_far_beyond_the_floats_answer_without_an_overflow():
    # labels times 2^600: at lambda 2^600 the problem is the one at scale 1 (minimiser times 2^600);
    # at lambda 1/10 the optimal value (about 2^1100) is past the floats: it reads inf, where the
    # float objective of the guess raised OverflowError
    import math
    import warnings
    s, X = 2 ** 600, [[0, 0], [0, 1], [1, 0], [1, 1]]
    reference = solve(X, [0, 1, 1, 0], 1, bias=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scaled = solve(X, [0, s, s, 0], s, bias=True)
        far = solve(X, [0, s, s, 0], "1/10", bias=True)
    assert [str(w.message) for w in caught] == []
    assert scaled.status == reference.status and len(scaled.atoms) == len(reference.atoms)
    for atom, truth in zip(sorted(scaled.atoms, key=lambda a: a.w), sorted(reference.atoms, key=lambda a: a.w)):
        assert atom.w == pytest.approx(truth.w) and math.ldexp(atom.amplitude, -600) == pytest.approx(truth.amplitude)
    assert far.status in ("exact", "verified", "numerical") and far.objective == math.inf
    # the dual value shown is a lower bound: inf only when the proved bound itself is past the floats
    assert far.dual_objective is not None and 0 < far.dual_objective <= far.objective
