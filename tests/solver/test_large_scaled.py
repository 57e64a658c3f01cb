"""Data and weights far outside the float range on the no-enumeration route: the tree search
scales its coefficients by a power of two (eta is linear in p, the signs of a maximiser do not
change under a positive factor), so the route answers what the enumerating route answers on
the same data; ground truth for the zero measure: ``p = y / lambda`` is feasible exactly when
``|eta|`` sampled on the sphere stays at most 1."""

from fractions import Fraction as Q

import numpy as np
import pytest

import certificates.solver.large as large
from arrangement import Arrangement
from certificates import solve

ROWS = [[-2, -1], [-3, 0], [1, 2], [2, -1], [-1, -2]]
LABELS = [2, -3, 1, -2, 1]


def scaled(rows, e):
    return Arrangement([[Q(v) * Q(2) ** e for v in row] for row in rows])


def both_routes(monkeypatch, rows, labels, lam, e):
    enumerated = solve(scaled(rows, e), labels, lam)
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    forced = solve(scaled(rows, e), labels, lam)
    monkeypatch.undo()
    assert forced.solver.get("enumerated") is False
    return enumerated, forced


def overlap(a, b):
    return max(a[0], b[0]) <= min(a[1], b[1])


@pytest.mark.parametrize("e, lam", [(-600, Q(1, 2)), (600, Q(1, 2) * 2**600)])
def test_huge_and_tiny_data_answer_as_the_enumerating_route(monkeypatch, e, lam):
    # (lambda 1/2 on the data x 2^600 is lambda 2^-603 in the data's units, an exact fit to 180
    # digits: no float solve has the digits of p = residual / lambda, and both routes say numerical)
    enumerated, forced = both_routes(monkeypatch, ROWS, LABELS, lam, e)
    assert forced.status == enumerated.status != "numerical"
    if forced.status == "exact":
        assert list(forced.p_exact) == list(enumerated.p_exact)
        assert forced.objective_exact == enumerated.objective_exact
    else:
        values = [[float(v) for v in s.reason.split("optimal value in [")[1].split("]")[0].split(", ")]
                  for s in (forced, enumerated)]
        assert overlap(*values)


def test_tiny_data_zero_measure_matches_sampling(monkeypatch):
    # data x 2^-600: lambda dwarfs the fit, mu = 0 and p = y / lambda whenever |eta| <= 1 there
    for lam in (Q(1, 2), Q(1, 2) ** 600 / 7):
        enumerated, forced = both_routes(monkeypatch, ROWS, LABELS, lam, -600)
        t = np.linspace(0, 2 * np.pi, 100001)
        eta = np.maximum(np.stack([np.cos(t), np.sin(t)], 1) @ np.array(ROWS, dtype=float).T, 0) @ (
            np.array(LABELS, dtype=float) / float(lam * Q(2) ** 600))
        zero = np.abs(eta).max() <= 1
        assert forced.status == enumerated.status
        assert (forced.status == "exact" and not forced.atoms) == (enumerated.status == "exact" and not enumerated.atoms)
        if np.abs(eta).max() < 0.99 or np.abs(eta).max() > 1.01:
            assert (forced.status == "exact" and not forced.atoms) == zero


def test_one_dimension_far_out(monkeypatch):
    rows, labels = [[1], [-2], [3], [3], [-1]], [1, 2, -1, 0, 3]
    # (x 2^600 with these labels: the enumerating route's duality gap overflows a float, a
    # failure of both routes outside the tree search)
    for e, lam in ((-600, Q(1, 3)), (-600, Q(1, 3) / 2**600), (600, Q(10) ** 200)):
        enumerated, forced = both_routes(monkeypatch, rows, labels, lam, e)
        assert forced.status == enumerated.status
