"""The one face reading of the end-game against exact faces (ground truth: exact sign vectors of
rational directions, decided in rational arithmetic) and against scaling of the data."""

from fractions import Fraction as Q

import numpy as np
import pytest

from arrangement import Arrangement
from certificates.solver.endgame.faces import FACE_TOLERANCES, float_face


def exact_signs(X, w) -> str:
    return "".join("+" if v > 0 else "-" if v < 0 else "0"
                   for v in (sum(Q(a) * b for a, b in zip(x, w)) for x in X))


@pytest.mark.parametrize("seed", range(5))
def test_a_float_near_an_exact_direction_reads_its_exact_face_at_every_rung(seed):
    rng = np.random.default_rng(seed)
    X = rng.integers(-4, 5, size=(8, 3)).tolist()
    X[0] = [0, 0, 0]                                     # a zero row reads 0
    w = [Q(int(v)) for v in rng.integers(-3, 4, size=3)]
    w[2] = Q(0)                                          # rows (a, 0, c) with a w_0 + ... on walls
    X[1] = [int(w[1]), -int(w[0]), 5]                    # a row orthogonal to w: a wall
    noisy = [float(v) + 1e-11 for v in w]               # far below every rung, far above 0
    truth = exact_signs(X, w)
    assert truth[1] == "0" and truth[0] == "0"
    for tolerance in FACE_TOLERANCES:
        assert float_face(Arrangement(X), noisy, tolerance) == truth


def test_the_tolerance_is_relative_to_the_row():
    """``<w, x> = 1e-8 |x|`` is read as 0 at 1e-7 whatever the scale of the row."""
    w = [1.0, 1e-8]
    for scale in (1, 1000):
        A = Arrangement([[0, scale]])
        assert float_face(A, w, 1e-7) == "0" and float_face(A, w, 1e-9) == "+"
