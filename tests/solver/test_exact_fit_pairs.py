"""The optimality system at lambda = 0 with antipodal pairs: ``p`` in ``ker X^T`` orthogonal to
every direction that no face sees, equations projected onto the complement.  Ground truth: a
closed form (1-D data fitted by ``|x|``) and the minimal-norm certificate ``p_0`` of the exact-fit
route, which never builds this system (docs, mathematics section 10a)."""

from fractions import Fraction

import numpy as np

from arrangement import Arrangement
from certificates import exact_fit
from certificates.solver.endgame.optimality import AtomFace, OptimalitySystem

FLIP = str.maketrans("+-", "-+")


def _paired(rows, y, face):
    system = OptimalitySystem(Arrangement(rows), y, 0, [AtomFace(face, 1), AtomFace(face.translate(FLIP), 1)],
                              pairs=True)
    assert system.pairs == [(0, 1)] and system.consistent
    x = system.newton(system.start(np.full(len(y), 0.1), [1.0, 1.0]))
    assert np.abs(system.residual(x)).max() < 1e-12
    assert np.linalg.matrix_rank(system.jacobian(x)) == system.size      # square and regular
    return system, x


def test_one_dimensional_pair_has_the_closed_form_minimal_norm_certificate():
    # y = |x| = relu(x) + relu(-x); the dual max <y, p> s.t. |p_1 + 2 p_2| <= 1, |p_3 + 2 p_4| <= 1
    # has optimal face p_1 + 2 p_2 = p_3 + 2 p_4 = 1, whose shortest point is (1, 2, 1, 2) / 5
    system, x = _paired([[1], [2], [-1], [-2]], [1, 2, 1, 2], "++--")
    assert system.r == 1       # the plain ker X^T (dimension 3) would leave p undetermined
    p, atoms = system.float_solution(x)
    assert np.allclose(p, [0.2, 0.4, 0.2, 0.4], atol=1e-14)
    assert [(float(w[0]), t) for w, t, _ in atoms] == [(1.0, 1), (-1.0, 1)]
    assert np.allclose([m for *_, m in atoms], [1.0, 1.0], atol=1e-14)


def test_pair_in_the_plane_gives_the_exact_fit_routes_p0():
    rows = [[1, 0], [0, 1], [2, 1], [-1, 0], [0, -1], [-1, -2], [1, -1], [3, 1]]
    y = [abs(a + 2 * b) for a, b in rows]
    face = "".join("+" if a + 2 * b > 0 else "-" for a, b in rows)
    system, x = _paired(rows, y, face)
    p, atoms = system.float_solution(x)
    reference = exact_fit(rows, y)
    assert reference.status == "exact"
    assert np.allclose(p, [float(v) for v in reference.p_exact], atol=1e-12)
    X = np.array(rows, dtype=float)
    fit = sum(t * m * np.maximum(X @ w, 0) for w, t, m in atoms)
    assert np.allclose(fit, y, atol=1e-12) and all(abs(np.linalg.norm(w) - 1) < 1e-12 for w, _, _ in atoms)


def test_labels_outside_the_faces_reach_are_inconsistent():
    # a relu(x) + b relu(-x) is proportional to (1, 2) on the positive points: (2, -1) is not
    rows = [[1], [2], [-1], [-2]]
    system = OptimalitySystem(Arrangement(rows), [2, -1, 0, 0], 0, [AtomFace("++--", 1), AtomFace("--++", 1)],
                              pairs=True)
    assert not system.consistent
    assert OptimalitySystem(Arrangement(rows), [Fraction(1, 3), Fraction(2, 3), 0, 0], 0,
                            [AtomFace("++--", 1), AtomFace("--++", 1)], pairs=True).consistent
