"""A non-unique minimiser whose optimal dual vector is rational: ``|eta| = 1`` also at extreme
points that carry no mass in the sparse guess, so intervals cannot prove the bound off the atoms,
and the exact gate must decide the rational zero alone.

Ground truth, in closed form: on the points +-(3, 0), +-(0, 4) with labels (2, 2, 17/5, 17/5) and
lambda 1, ``p = (1/5, 1/5, 1/5, 1/5)`` gives ``eta(w) = 3/5 |w_1| + 4/5 |w_2| <= 1`` (Cauchy-Schwarz),
equal to 1 exactly at the four points (+-3/5, +-4/5); every measure
``t (delta_(3/5, 4/5) + delta_(-3/5, -4/5)) + (1 - t) (delta_(3/5, -4/5) + delta_(-3/5, 4/5))``,
``0 <= t <= 1``, fits ``y - lambda p`` with total variation 2, so all of them are minimisers with
the objective 2/25 + 2 = 52/25."""

from fractions import Fraction as Q

import numpy as np
import pytest
import sympy

from arrangement import Arrangement
from certificates import solve

from exact_check import check
from proofcheck import assert_proof_checks

ROWS = [[3, 0], [-3, 0], [0, 4], [0, -4]]
LABELS = [2, 2, Q(17, 5), Q(17, 5)]
DIAGONALS = {(Q(3, 5), Q(4, 5)), (Q(-3, 5), Q(-4, 5)), (Q(3, 5), Q(-4, 5)), (Q(-3, 5), Q(4, 5))}


def fit(rows, atoms):
    """``K mu`` of exact atoms ``(w, a)``, from the data rows."""
    return [sum(a * max(Q(0), sum(Q(u) * v for u, v in zip(w, x))) for w, a in atoms) for x in rows]


@pytest.mark.parametrize("extra", [0, 1])
def test_the_rational_dual_of_a_non_unique_minimiser_is_exact(extra):
    rows = [row + [0] * extra for row in ROWS]     # a zero coordinate: the same problem in R^3
    s = solve(rows, LABELS, 1)
    assert s.status == "exact", s.reason
    assert [sympy.Rational(v) for v in s.p_exact] == [sympy.Rational(1, 5)] * 4
    assert sympy.Rational(s.objective_exact) == sympy.Rational(52, 25)
    atoms = [(tuple(Q(str(v)) for v in a.w_exact[:2]), Q(str(a.amplitude_exact))) for a in s.atoms]
    assert {w for w, _ in atoms} <= DIAGONALS and all(a > 0 for _, a in atoms)
    assert fit(ROWS, atoms) == [y - Q(1, 5) for y in LABELS]      # K mu = y - lambda p
    assert sum(a for _, a in atoms) == 2                            # the TV of every minimiser
    assert s.certificate["unique"] is False                         # t = 0 and t = 1 differ
    assert s.certificate["support_bound"] >= 4                      # t = 1/2 has four atoms
    assert check(rows, LABELS, Q(1), False, s) == []
    assert_proof_checks(s, Arrangement(rows), LABELS)


def test_the_closed_form_is_sup_one_by_sampling():
    # the ground truth's own check: eta of p = 1/5 never exceeds 1 on sampled directions
    W = np.random.default_rng(0).standard_normal((20000, 2))
    W /= np.linalg.norm(W, axis=1, keepdims=True)
    X = np.array(ROWS, dtype=float)
    eta = np.maximum(W @ X.T, 0) @ np.full(4, 0.2)
    assert eta.max() <= 1 + 1e-12 and eta.max() > 0.999
