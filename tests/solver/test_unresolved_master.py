"""Column generation when lambda is below what the float master resolves: features times 2^600
against a bias column of 1 (not a change of units: the bias stays 1) leave lambda near 2^-600 in
the float units, where ``p = (y - K mu) / lambda`` is rounding.  The oracle then found exact
violations past 2^1000 at every step and the working set cycled until "column generation did not
converge"; once it comes back to a working set it had, the full conic program over every region
answers instead.  Ground truth: weak duality,
recomputed here in exact arithmetic from the answer's own atoms and p."""

import math
from fractions import Fraction

import numpy as np

from arrangement import Arrangement
from certificates import solve
from certificates.solver.numeric.column_generation import _unresolved

ROWS = [[0, 0], [2, 4], [-4, -3], [3, 4], [-2, -2], [3, -1]]
LABELS = [-2, 2, -2, -1, 1, 0]
S = 2 ** 600


def test_lambda_below_the_masters_resolution_is_recognised():
    A = Arrangement([[1, 0], [0, 1], [1, 1]])
    y = np.array([1.0, -2.0, 3.0])
    reach = float(np.linalg.norm(A.X_float, axis=1).sum())     # 2 + sqrt 2
    assert not _unresolved(A, y, 1e-3) and not _unresolved(A, y, 4e-9)
    assert _unresolved(A, y, 2e-10 * reach) and _unresolved(A, y, 2.0 ** -600)


def test_features_far_beyond_a_bias_column_answer_with_a_status():
    A = Arrangement([[v * S for v in row] for row in ROWS], bias=True)
    lam = Fraction(1, 10)
    answer = solve(A, LABELS, lam)              # raised DualcertError after 500 iterations
    assert answer.status in ("exact", "verified", "numerical")
    assert math.isnan(answer.solver["sup_bound"])   # the full program, not the cycling working set
    # weak duality: the primal value of the listed atoms (their float w and amplitudes as
    # rationals, |w| in the total variation), computed exactly, bounds the proved dual value
    X = [[Fraction(v) for v in row] for row in A.X]
    fit = [sum((Fraction(a.amplitude) * max(sum(Fraction(wk) * xk for wk, xk in zip(a.w, row)), 0)
                for a in answer.atoms), Fraction(0)) for row in X]
    tv = sum(abs(Fraction(a.amplitude)) * Fraction(float(np.linalg.norm(a.w))) for a in answer.atoms)
    primal = sum((f - v) ** 2 for f, v in zip(fit, LABELS)) / 2 + lam * tv
    assert float(primal) >= answer.dual_objective - 1e-9 * max(1.0, abs(answer.dual_objective))
