"""A rational minimiser whose atom sits on a wall with a zero multiplier is found exactly.

Data ``{0, a}`` with a bias, labels ``(-lambda / a, y1)``, ``y1 > lambda / a``: in the region
``++`` the certificate is ``eta(w) = (p_0 + p_1) w_0 + a p_1 w_1`` (``w = (w_1, w_0)``, bias
last); the closed form ``p = (-1/a, 1/a)`` makes ``p_0 + p_1 = 0``, so the maximiser ``(1, 0)``
of ``eta`` on the closed region lies on the wall ``w_0 = 0`` with multiplier 0.  One atom there,
``(y1 - lambda / a) / a relu(w_1 x)``, fits ``x = a`` (the feature at 0 is 0): residuals
``(lambda / a, -lambda / a)``, value ``lambda y1 / a``.  Interval arithmetic cannot prove a
multiplier positive that is 0, so only the duality-gap ball was proved; the exact gate needs no
multiplier.  Ground truth: the closed form, a brute-force lasso over a grid of directions, and
the standalone proof checker."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest

from arrangement import Arrangement
from certificates import solve
from certificates.proofs.producer import proof_of_solution

CASES = [(3, Fraction(3), 2), (2, Fraction(1), 5), (5, Fraction(1, 2), 1)]


def _grid_lasso_value(points, y, lam: float, directions: int = 720, sweeps: int = 20000) -> float:
    """min 1/2 |Phi c - y|^2 + lam |c|_1 over atoms on a grid of unit directions (it holds the
    exact (1, 0)), by coordinate descent: an upper bound of the optimum, equal when the optimal
    atoms lie on the grid."""
    angles = 2 * math.pi * np.arange(directions) / directions
    W = np.stack([np.cos(angles), np.sin(angles)], axis=1)          # (w_1, w_0): bias last
    rows = np.array([[x, 1.0] for x in points])
    Phi = np.maximum(rows @ W.T, 0.0)
    yv, c = np.array(y, dtype=float), np.zeros(directions)
    r = -yv.copy()
    norms = (Phi ** 2).sum(axis=0)
    for _ in range(sweeps // directions + 1):
        for k in np.flatnonzero(norms > 0):
            r -= Phi[:, k] * c[k]
            z = -(Phi[:, k] @ r)
            c[k] = np.sign(z) * max(abs(z) - lam, 0.0) / norms[k]
            r += Phi[:, k] * c[k]
    return 0.5 * float(r @ r) + lam * float(np.abs(c).sum())


@pytest.mark.parametrize("a, lam, y1", CASES)
def test_an_atom_on_a_wall_with_zero_multiplier_is_exact(a, lam, y1, tmp_path):
    X, y = [[0], [a]], [-lam / a, y1]
    s = solve(X, y, lam, bias=True)
    assert s.status == "exact", s.reason           # was verified by the duality-gap ball only
    assert Fraction(str(s.objective_exact)) == lam * y1 / a
    assert [(tuple(Fraction(str(v)) for v in atom.w_exact), Fraction(str(atom.amplitude_exact))) for atom in s.atoms] \
        == [((Fraction(1), Fraction(0)), (y1 - lam / a) / a)]
    assert tuple(Fraction(str(v)) for v in s.p_exact) == (Fraction(-1, a), Fraction(1, a))
    assert abs(_grid_lasso_value([0, a], [float(v) for v in y], float(lam)) - float(lam * y1 / a)) < 1e-6
    out = tmp_path / "proof.json"
    out.write_text(json.dumps(proof_of_solution(Arrangement(X, bias=True), s, y)))
    run = subprocess.run([sys.executable, "-m", "certificates.proofs.checker", str(out), "--json"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert any(c["claim"] == "minimiser" and c["status"] == "proved" for c in json.loads(run.stdout)["claims"])
