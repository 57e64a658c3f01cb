"""A conic master that fails (as Clarabel's NumericalError on thin cones) must not end the
pattern column generation: the run goes back to the working set before the newest columns and
still reaches the optimum, checked against the conic program over every enumerated region."""

import numpy as np
import pytest

from arrangement import Arrangement, DualcertError
from certificates.solver.numeric import pattern_columns
from certificates.solver.numeric.conic import solve_regions
from certificates.solver.numeric.pattern_columns import pattern_column_generation


def _data(seed):
    rng = np.random.default_rng(seed)
    X = [[str(round(v, 1)) for v in row] for row in rng.standard_normal((10, 2))]
    y = [str(round(v, 1)) for v in rng.standard_normal(10)]
    return X, y


def _enumerated(X, y, lam):
    A = Arrangement(X, bias=True)
    every = [(r, s) for r in range(len(A.regions())) for s in (1, -1)]
    return solve_regions(A, np.array([float(v) for v in y]), lam, every).objective


@pytest.mark.parametrize("seed, failing", [(1, {2, 3}), (2, {1, 2, 3, 4}), (3, {1, 2})])
def test_a_failed_master_falls_back_and_still_reaches_the_optimum(monkeypatch, seed, failing):
    # failing: the calls of the conic solver that raise (each master is tried at two
    # tolerances, so {2, 3} fails the second master outright, {1, 2} the first)
    calls, real = [], solve_regions

    def flaky(*args, **kwargs):
        calls.append(len(args[3]))
        if len(calls) in failing:
            raise DualcertError("the conic solver stopped with status NumericalError")
        return real(*args, **kwargs)

    monkeypatch.setattr(pattern_columns, "solve_regions", flaky)
    X, y = _data(seed)
    s = pattern_column_generation(X, y, "0.1", bias=True, batch=3)
    assert len(calls) > max(failing)            # the failures happened and the run went on
    truth = _enumerated(X, y, 0.1)
    assert abs(s.solution.objective - truth) <= 1e-6 * abs(truth)
    assert s.proved_level is not None


def test_a_master_that_always_fails_still_raises(monkeypatch):
    # every master refused: no answer is made up from the empty working set
    def broken(*args, **kwargs):
        raise DualcertError("the conic solver stopped with status NumericalError")

    monkeypatch.setattr(pattern_columns, "solve_regions", broken)
    X, y = _data(1)
    with pytest.raises(DualcertError):
        pattern_column_generation(X, y, "0.1", bias=True, batch=3, max_iterations=10)
