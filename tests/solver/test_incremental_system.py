"""The optimality system for a changed set of faces reuses the per-face factors and the paired
basis computed for earlier systems on the same rows (the float refinement of a face guess
changes a few faces per round, of hundreds).  Ground truth: the same system rebuilt from
nothing on a fresh arrangement of the same data, compared exactly (rational residual at a
rational point, the rational factors) and in floats, after random face changes on degenerate
data (repeated, opposite and collinear points; atoms on walls; antipodal pairs).  And the
refinement stops on a cycle of changes."""

from fractions import Fraction

import numpy as np
import pytest
from flint import fmpq

from arrangement import Arrangement
from certificates.solver.endgame import active_set
from certificates.solver.endgame.factors import face_factors
from certificates.solver.endgame.optimality import AtomFace, OptimalitySystem

FLIP = str.maketrans("+-", "-+")


def _degenerate_rows(rng) -> list:
    base = rng.integers(-3, 4, size=(6, 2)).tolist()
    return base + [base[0], [-v for v in base[1]], [2 * v for v in base[2]], [0, 0]]


def _random_face(rng, X) -> AtomFace:
    w = rng.integers(-4, 5, size=X.shape[1])
    if rng.random() < 0.4:          # on the wall of a data point: <w, x_j> = 0
        j = int(rng.integers(len(X)))
        w = np.cross(X[j], rng.integers(-3, 4, size=3)) if X.shape[1] == 3 else w
    face = "".join("+" if v > 0 else "-" if v < 0 else "0" for v in (X @ w).tolist())
    return AtomFace(face, int(rng.choice([-1, 1])))


def _same(warm: OptimalitySystem, cold: OptimalitySystem, rng) -> None:
    assert warm.atoms == cold.atoms and warm.groups == cold.groups and warm.size == cold.size
    assert warm.E == cold.E and warm.zero == cold.zero
    assert warm.B == cold.B and warm.Gram == cold.Gram and warm.Rt == cold.Rt and warm.yt == cold.yt
    point = [fmpq(int(rng.integers(-9, 10)), int(rng.integers(1, 7))) for _ in range(warm.size)]
    assert warm.exact_residual(point) == cold.exact_residual(point)
    x = rng.normal(size=warm.size)
    assert np.array_equal(warm.residual(x), cold.residual(x))
    assert np.array_equal(warm.jacobian(x), cold.jacobian(x))


@pytest.mark.parametrize("seed", range(4))
def test_a_system_after_face_changes_equals_one_rebuilt_from_nothing(seed):
    rng = np.random.default_rng(seed)
    rows = _degenerate_rows(rng)
    A = Arrangement(rows, bias=True)
    X = np.array([[int(v) for v in row] for row in A.X])
    y = [Fraction(int(v), 2) for v in rng.integers(-5, 6, size=A.n)]
    lam = Fraction(1, 3)
    faces: list = []
    checked = 0
    for _ in range(12):
        move = rng.random()
        if move < 0.5 or len(faces) < 2:
            faces.append(_random_face(rng, X))
        elif move < 0.7:
            faces.pop(int(rng.integers(len(faces))))
        elif move < 0.85:
            faces[int(rng.integers(len(faces)))] = _random_face(rng, X)
        else:       # an antipodal pair: the paired form
            face = faces[int(rng.integers(len(faces)))]
            faces.append(AtomFace(face.face.translate(FLIP), face.sign))
        faces = [f for f in dict.fromkeys(faces) if "+" in f.face or "-" in f.face]
        pairs = rng.random() < 0.5
        warm = OptimalitySystem(A, y, lam, faces, pairs=pairs)
        cold = OptimalitySystem(Arrangement(rows, bias=True), y, lam, faces, pairs=pairs)
        _same(warm, cold, rng)
        checked += bool(warm.pairs) + bool(faces)
    assert checked >= 12


def test_the_shared_factors_are_the_definition():
    """``E = P X^T D_A`` for a face on a wall, against the projector written out by hand."""
    A = Arrangement([[1, 0], [1, 1], [2, 2]])
    zero, E, E_float = face_factors(A, "+00")
    assert zero == [1, 2]       # x_3 = 2 x_2 lies in the span of the zero rows
    P = np.array([[Fraction(1, 2), Fraction(-1, 2)], [Fraction(-1, 2), Fraction(1, 2)]])
    expected = P @ np.array([[1, 0, 0], [0, 0, 0]], dtype=object)
    assert [[Fraction(int(E[i, j].p), int(E[i, j].q)) for j in range(3)] for i in range(2)] == expected.tolist()
    assert E_float.tolist() == [[float(v) for v in row] for row in expected]


def test_a_cycling_refinement_stops(monkeypatch):
    """Two atoms that keep merging and a face that keeps joining: the face sets repeat; the
    refinement restarts once from a vertex of the last atoms, meets the cycle again and gives
    up instead of running out its rounds."""
    A = Arrangement([[1, 0], [0, 1], [1, 1]])
    y = [1, 2, 3]
    lonely = AtomFace("+-0", 1)
    calls = []
    real_system = active_set._system

    def counted(*args):
        calls.append(args[3][:])
        return real_system(*args)

    def merge_the_lonely(faces, atoms):
        return [[0, faces.index(lonely)]] if lonely in faces else []

    monkeypatch.setattr(active_set, "_system", counted)
    monkeypatch.setattr(active_set, "_coincident", merge_the_lonely)
    monkeypatch.setattr(active_set, "_worst_violator", lambda arrangement, candidates, p, present:
                        lonely if lonely not in present else None)
    atoms = [([0.6, 0.8], 1, 1.0), ([0.8, 0.6], 1, 1.0)]
    assert active_set.refined_guess(A, y, 1, [0.1, 0.2, 0.3], atoms, rounds=50) is None
    assert 2 <= len(calls) <= 6
    assert any(lonely in faces for faces in calls)
