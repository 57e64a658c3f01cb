"""More than twelve weightless hyperplanes (rows with label 0 that no atom activates, so
p_j = 0) next to a leaf at level 1, on the no-enumeration route: the patch splits each leaf of
the tree search into its regions instead of every sign choice, and the route reaches the
enumerating route's exact answer; ground truth: |eta| sampled on the circle at most 1."""

from fractions import Fraction as Q

import numpy as np
import pytest

import certificates.solver.large as large
from arrangement import Arrangement
from certificates import solve


@pytest.mark.parametrize("k", [13])
def test_many_weightless_rows_reach_the_exact_answer(monkeypatch, k):
    rows = [[-2, -1], [-3, 0], [-2, -1], [-3, 0], [-1, -2]] + [[7, j - k // 2] for j in range(k)]
    labels = [2, -3, -3, -2, 0] + [0] * k
    enumerated = solve(Arrangement(rows), labels, Q(1, 2))
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    forced = solve(Arrangement(rows), labels, Q(1, 2))
    assert forced.solver.get("enumerated") is False
    assert forced.status == enumerated.status == "exact", forced.reason
    assert list(forced.p_exact) == list(enumerated.p_exact)
    p = np.array([float(v) for v in forced.p_exact])
    assert (p[5:] == 0).sum() > 12
    t = np.linspace(0, 2 * np.pi, 200001)
    eta = np.maximum(np.stack([np.cos(t), np.sin(t)], 1) @ np.array(rows, dtype=float).T, 0) @ p
    assert 1 - 1e-6 < np.abs(eta).max() <= 1 + 1e-9
