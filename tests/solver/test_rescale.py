"""Data and labels far from 1: the scaling law as ground truth.

For c, tau > 0 the problem (c X, tau y, c tau lambda) is the problem (X, y, lambda) in other units:
``tau relu(<w, x>) / c`` reproduces the same fit, so the same directions carry the amplitudes
times ``tau / c``, ``p`` is divided by c, the optimal value multiplied by ``tau^2``, and the
certificate eta, its extreme set, faces, signs, support bound and uniqueness are the same.  The
unscaled solve (data and labels near 1, no change of units made) is the reference."""

import math
from fractions import Fraction as Q

import numpy as np
import pytest
import sympy
from flint import arb

from certificates import solve

SCALES = [(600, 0), (-600, 0), (0, 600), (0, -600), (300, -300), (-600, -600), (40, 25)]


def data(seed):
    rng = np.random.default_rng(seed)
    X = [[Q(int(v)) for v in row] + [Q(1)] for row in rng.integers(-5, 6, size=(8, 2))]   # a bias column
    return X, [Q(int(v)) for v in rng.integers(-3, 4, size=8)]


def key(atom):
    return (atom.face, np.sign(atom.amplitude))


@pytest.mark.parametrize("seed", range(2))
@pytest.mark.parametrize("e, f", SCALES)
def test_scaled_problems_have_the_same_structure_and_mapped_values(seed, e, f):
    X, y = data(seed)
    reference = solve(X, y, Q(1, 2))
    c, tau = Q(2) ** e, Q(2) ** f
    scaled = solve([[v * c for v in row] for row in X], [v * tau for v in y], Q(1, 2) * c * tau)
    assert scaled.status == reference.status != "numerical"
    for field in ("support_bound", "unique", "n_regions"):
        assert scaled.certificate[field] == reference.certificate[field]
    assert sorted(map(key, scaled.atoms)) == sorted(map(key, reference.atoms))
    ours = {key(a): a for a in scaled.atoms}
    for truth in reference.atoms:
        atom = ours[key(truth)]
        assert np.allclose(atom.w, truth.w, rtol=1e-12, atol=1e-14)
        if truth.amplitude_enclosure is not None:     # proved balls: the mapped one meets the reference
            mapped = arb(atom.amplitude_enclosure) * arb(2) ** (e - f)
            assert mapped.overlaps(arb(truth.amplitude_enclosure))
        if truth.amplitude_exact is not None:
            assert sympy.simplify(atom.amplitude_exact * sympy.Integer(2) ** (e - f) - truth.amplitude_exact) == 0
    value = math.ldexp(float(reference.objective), 2 * f) if 2 * f < 1000 else math.inf   # floats end at 2^1024
    assert float(scaled.objective) == pytest.approx(value, rel=1e-9)
    if abs(e) < 900:
        assert np.allclose([math.ldexp(v, e) for v in scaled.p], reference.p, rtol=1e-9, atol=1e-12)
    if scaled.objective_enclosure is not None:
        assert (arb(scaled.objective_enclosure) * arb(2) ** (-2 * f)).overlaps(arb(reference.objective_enclosure))


def test_an_exact_answer_maps_exactly():
    # one point (3, 4), y = 10, lambda = 5: amplitude (5 y - lambda) / 25 = 9/5, p = 1/5 (closed form)
    for e, f in ((600, 0), (-600, 300), (0, -600)):
        c, tau = Q(2) ** e, Q(2) ** f
        s = solve([[3 * c, 4 * c]], [10 * tau], 5 * c * tau)
        assert s.status == "exact"
        assert s.p_exact[0] == sympy.Rational(1, 5) / sympy.Integer(2) ** e
        assert s.atoms[0].amplitude_exact == sympy.Rational(9, 5) * sympy.Integer(2) ** (f - e)
        assert s.atoms[0].w_exact == (sympy.Rational(3, 5), sympy.Rational(4, 5))
        assert s.objective_exact == sympy.Rational(19, 2) * sympy.Integer(2) ** (2 * f)   # 1/2 + 5 * 9/5
        assert s.certificate["unique"] is True and s.certificate["support_bound"] == 1
        assert s.certificate["p"] == [str(sympy.Rational(1, 5) / sympy.Integer(2) ** e)]


def test_normalized_loss_and_json_after_a_change_of_units():
    X, y = data(0)
    c = Q(2) ** 100
    plain = solve(X, y, Q(1, 16), normalize=True)
    scaled = solve([[v * c for v in row] for row in X], y, Q(1, 16) * c, normalize=True)
    assert scaled.lam == Q(1, 16) * c and scaled.normalize
    assert float(scaled.objective) == pytest.approx(float(plain.objective), rel=1e-9)
    out = scaled.to_json()
    assert out["solver"]["proof"] == plain.to_json()["solver"]["proof"]
    assert "units X / 2^102" in out["reason"]      # the largest entry 5 * 2^100 is near 2^102


def test_features_far_out_against_a_bias_column_answer_without_a_traceback():
    # not a change of units (the bias column stays 1): a different problem; sympy's radical
    # search met a 600-bit discriminant (OverflowError); the exact answer's primal value, from
    # its atoms to 60 digits, must equal its dual value (strong duality)
    C = Q(2) ** 600
    X, y, lam = [[3 * C, 4 * C], [C, -C]], [5 * C, -C], C * C / 2
    s = solve(X, y, lam, bias=True)
    assert s.status == "exact"
    rows = [[sympy.Rational(v.numerator, v.denominator) for v in row] + [1] for row in X]
    fit = [sum((a.amplitude_exact * sympy.Max(0, sum(w * x for w, x in zip(a.w_exact, row))) for a in s.atoms),
               sympy.Integer(0)) for row in rows]
    lam_s = sympy.Rational(lam.numerator, lam.denominator)
    primal = sum((f - sympy.Rational(v.numerator, v.denominator)) ** 2 for f, v in zip(fit, y)) / 2 \
        + lam_s * sum(abs(a.amplitude_exact) for a in s.atoms)
    difference = sympy.N(primal - s.objective_exact, 60)    # (simplify meets the same 600-bit float)
    assert abs(difference) <= sympy.Float("1e-45", 60) * abs(sympy.N(s.objective_exact, 60))


def test_bounds_shifted_into_the_subnormal_range_stay_bounds():
    # ldexp rounds to nearest once the result is subnormal: a lower bound could move above the
    # exact value 2^e v, an upper bound below it
    import math
    import random
    from fractions import Fraction
    from certificates.solver.rescale import _shift_bound
    rng, moved = random.Random(3), 0
    for _ in range(3000):
        value, exponent = rng.uniform(0.5, 1) * 2.0 ** rng.randint(-1000, -950), -rng.randint(1, 120)
        exact = Fraction(value) * Fraction(2) ** exponent
        low, high = _shift_bound(value, exponent, -1), _shift_bound(value, exponent, 1)
        assert Fraction(low) <= exact <= Fraction(high)
        assert high == low or high == math.nextafter(low, math.inf)
        moved += Fraction(math.ldexp(value, exponent)) != exact
    assert moved > 0
