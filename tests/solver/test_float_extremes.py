"""Solves whose float steps leave the float range without the inputs doing so: lambda near
1e-300 (p = y / lambda squared overflows) and data scaled by 1e300.  Before, a raw LinAlgError
(LAPACK printing "DLASCL" first) or OverflowError; now an answer that claims no more than its
evidence.  Ground truth independent of the package: 0 <= optimal value <= |y|^2 / 2 (mu = 0),
and for data scaled by s the value is V(lambda / s) <= lambda / s * |a| for the exact
interpolant written below (relu features of 4 points, solved by hand with NumPy)."""

import warnings
from fractions import Fraction

import numpy as np
import pytest

from arrangement import Arrangement
from certificates import solve

ROWS = [[1, 2], [2, -1], [-1, 1], [3, 1]]
LABELS = [1, -2, 2, 1]


@pytest.mark.parametrize("lam", ["1e-300", "1e-200"])
def test_a_tiny_lambda_answers_without_a_crash(lam, capfd):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        s = solve(Arrangement(ROWS), LABELS, Fraction(lam))
    assert "DLASCL" not in capfd.readouterr().out
    assert 0 <= s.objective <= sum(v * v for v in LABELS) / 2
    assert s.status in ("exact", "verified", "numerical")


def test_data_scaled_past_1e300_squared_answers_without_an_overflow():
    scale = Fraction(10) ** 300
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        s = solve(Arrangement([[v * scale for v in row] for row in ROWS]), LABELS, Fraction(1, 2))
    # an interpolant: the 4 points' own directions as neurons, relu features K a = y
    W = np.array(ROWS, dtype=float) / np.linalg.norm(ROWS, axis=1)[:, None]
    K = np.maximum(np.array(ROWS, dtype=float) @ W.T, 0)
    a = np.linalg.solve(K, np.array(LABELS, dtype=float))
    assert np.allclose(K @ a, LABELS)
    upper = 0.5 * 1e-300 * np.abs(a).sum()        # lambda |a| / s: a fit with no residual
    assert s.objective >= 0 and (s.status == "numerical" or s.objective - (s.gap or 0) <= upper)
