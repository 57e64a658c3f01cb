"""Sampling directions in the standardised coordinates of raw-scale data (a float guess of
where the regions are): against the z-scores computed directly and the regions enumerated."""

import numpy as np

from arrangement import Arrangement
from certificates.solver.numeric.pattern_columns import _spreading
from certificates.solver.numeric.tree_columns import directions


def _raw_scale(n, seed):
    # a feature in the thousands next to one below 1 and a bias 1 (as proline, flavanoids)
    rng = np.random.default_rng(seed)
    return [[int(a), int(b) / 100, 1] for a, b in zip(rng.integers(300, 1700, n), rng.integers(0, 100, n))]


def test_spread_gives_the_z_scores():
    X = np.array(_raw_scale(12, 0), dtype=float)
    T = _spreading(X)
    z = (X[:, :2] - X[:, :2].mean(axis=0)) / X[:, :2].std(axis=0)
    G = np.random.default_rng(1).standard_normal((7, 3))
    assert np.allclose(G @ T @ X.T, G @ np.column_stack([z, np.ones(12)]).T)


def test_similar_scales_are_not_spread():
    assert _spreading(np.array([[1.0, 2.0, 1.0], [3.0, 0.5, 1.0], [2.0, 4.0, 1.0]])) is None


def test_spread_directions_reach_the_regions_of_raw_scale_data():
    A = Arrangement(_raw_scale(10, 2))
    regions = {r.pattern for r in A.regions()}
    X = A.X_float

    def patterns(W):
        S = W @ X.T
        return {"".join("+" if v > 0 else "-" for v in row) for row in S if (np.abs(row) > 1e-9).all()}
    spread = patterns(directions(A.d, 20000, seed=0) @ _spreading(X))      # w = g T
    plain = patterns(directions(A.d, 20000, seed=0))
    assert spread <= regions and plain <= regions
    assert len(spread) >= 0.9 * len(regions) > len(plain)
