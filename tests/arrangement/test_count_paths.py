"""Both ways of counting a rank-5 arrangement (one vectorised pass over all rank-3 restrictions, or
the rank-4 restrictions through the memo) against Whitney's formula by brute force, on random
degenerate data."""


import numpy as np
import pytest

from arrangement import counting
from arrangement.counting import characteristic_coefficients
from conftest import whitney


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("per_child", [0, 10**9])
def test_rank5_paths_against_whitney(seed, per_child, monkeypatch):
    rng = np.random.default_rng(400 + seed)
    base = rng.integers(-1, 2, size=(6, 5))
    rows = np.concatenate([np.eye(5, dtype=np.int64), base, base[:3] + base[3:]])   # dependent sums
    rows = rows[(rows != 0).any(axis=1)]
    distinct = {}
    for row in rows.tolist():
        g = next(v for v in row if v)
        distinct.setdefault(tuple(v * (1 if g > 0 else -1) for v in row), None)
    monkeypatch.setattr(counting, "_PAIRS_PER_CHILD", per_child)
    assert characteristic_coefficients(rows) == whitney(list(distinct), 5)


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("passes", [1, 7, 10**9])
def test_rank4_in_passes_against_whitney(seed, passes, monkeypatch):
    """The rank-4 sum in groups of blocks (the memory bound for raw-scale data) against Whitney."""
    rng = np.random.default_rng(500 + seed)
    base = rng.integers(-2, 3, size=(7, 4))
    rows = np.concatenate([np.eye(4, dtype=np.int64), base, base[:3] + base[3:6]])
    rows = rows[(rows != 0).any(axis=1)]
    distinct = {}
    for row in rows.tolist():
        g = int(np.gcd.reduce(row))
        first = next(v for v in row if v)
        distinct.setdefault(tuple(v // g * (1 if first > 0 else -1) for v in row), None)
    monkeypatch.setattr(counting, "kernel", lambda: None)      # the NumPy rank-4 case, not the C one
    monkeypatch.setattr(counting, "_PASS_PAIRS", passes)
    assert characteristic_coefficients(rows) == whitney(list(distinct), 4)
