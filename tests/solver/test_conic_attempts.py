"""The master problem's fallback attempts (no equilibration, then the old solve) give the same
optimum as the first, against closed forms: one point ``x`` with label ``y`` has the single atom of
amplitude ``(|x| y - lambda) / |x|^2`` along ``x`` (when positive) and ``p = (y - |x| a) / lambda``."""

import numpy as np
import pytest

from arrangement import Arrangement
from certificates.solver.numeric import conic


@pytest.mark.parametrize("attempts", [conic._ATTEMPTS, ((True, 1), (False, 400), (True, 400)),
                                      ((True, 1), (False, 1), (True, 400))])
@pytest.mark.parametrize("x, y, lam", [([3, 4], 10.0, 5.0), ([1, 0], 2.0, 1.0), ([1, 1], 3.0, 0.5)])
def test_fallback_reaches_the_closed_form(attempts, x, y, lam, monkeypatch):
    monkeypatch.setattr(conic, "_ATTEMPTS", attempts)
    norm = float(np.linalg.norm(x))
    amplitude = (norm * y - lam) / norm ** 2
    s = conic.solve_regions(Arrangement([x]), [y], lam, [(0, 1), (0, -1)])
    assert s.status in ("Solved", "AlmostSolved")
    assert np.linalg.norm(s.vectors, axis=1).sum() == pytest.approx(amplitude, rel=1e-7)
    assert s.p[0] == pytest.approx((y - norm * amplitude) / lam, rel=1e-6)
    assert s.objective == pytest.approx(0.5 * (y - norm * amplitude) ** 2 + lam * amplitude, rel=1e-9)


def test_no_attempt_solved_is_refused(monkeypatch):
    """Every attempt stopped at its iteration limit: the solver's refusal, not a silent guess."""
    from arrangement import DualcertError
    monkeypatch.setattr(conic, "_ATTEMPTS", ((True, 1), (False, 1)))
    with pytest.raises(DualcertError, match="conic solver stopped"):
        conic.solve_regions(Arrangement([[3, 4]]), [10.0], 5.0, [(0, 1), (0, -1)])


def test_stalled_equilibrated_attempts_are_passed_over(monkeypatch):
    """Every equilibrated attempt stops for insufficient progress (as one master of
    iris:virginica-rest at lambda 1/10 did): the unequilibrated one's solution, not a refusal."""
    real = conic.clarabel.DefaultSolver

    class Stalled:
        def __init__(self, solution):
            self._solution = solution

        def __getattr__(self, name):
            return "InsufficientProgress" if name == "status" else getattr(self._solution, name)

    class Solver:
        def __init__(self, P, q, A, b, cones, settings):
            self.equilibrate, self._solver = settings.equilibrate_enable, real(P, q, A, b, cones, settings)

        def solve(self):
            solution = self._solver.solve()
            return Stalled(solution) if self.equilibrate else solution

    monkeypatch.setattr(conic.clarabel, "DefaultSolver", Solver)
    s = conic.solve_regions(Arrangement([[3, 4]]), [10.0], 5.0, [(0, 1), (0, -1)])
    assert np.linalg.norm(s.vectors, axis=1).sum() == pytest.approx((5 * 10 - 5) / 25, rel=1e-7)
    monkeypatch.setattr(conic, "_ATTEMPTS", ((True, 50), (True, 400)))
    from arrangement import DualcertError
    with pytest.raises(DualcertError, match="InsufficientProgress"):
        conic.solve_regions(Arrangement([[3, 4]]), [10.0], 5.0, [(0, 1), (0, -1)])
