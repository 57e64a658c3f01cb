"""The optimality system's floats and intervals work on the factors ``E_i`` of ``M_i = E_i^T E_i``
(``d x n`` per atom, never ``n x n``).  Ground truth: the system written with the exact ``n x n``
matrices ``Mt`` and ``Nt`` (rational arithmetic, at dyadic points), for plain systems, antipodal
pairs and the exact fit, with atoms inside regions and on walls."""

from fractions import Fraction

import numpy as np
import pytest
from flint import arb, fmpq, fmpq_mat

from arrangement import Arrangement
from certificates.exact.intervals import VERIFY_BITS, precision
from certificates.solver.endgame.optimality import AtomFace, OptimalitySystem

FLIP = str.maketrans("+-", "-+")


def _face(X, w) -> str:
    return "".join("+" if v > 0 else "-" if v < 0 else "0" for v in (X @ w).tolist())


def _systems():
    rng = np.random.default_rng(7)
    rows = rng.integers(-4, 5, size=(9, 2)).tolist()
    A = Arrangement(rows, bias=True)
    X = np.array([[int(v) for v in row] for row in A.X], dtype=object)
    y = [Fraction(int(v), 3) for v in rng.integers(-6, 7, size=A.n)]
    wall = np.array([X[0][1], -X[0][0], 0], dtype=object)      # <w, x_0> = 0: an atom on a wall
    inside = [np.array(rng.integers(-5, 6, size=3).tolist(), dtype=object) for _ in range(3)]
    faces = [_face(X, w) for w in inside + [wall + np.array([0, 0, 1], dtype=object)]]
    atoms = [AtomFace(f, s) for f, s in zip(faces, (1, -1, 1, -1))]
    paired = atoms[:2] + [AtomFace(atoms[0].face.translate(FLIP), 1)]
    return [OptimalitySystem(A, y, Fraction(1, 2), atoms), OptimalitySystem(A, y, Fraction(1, 2), paired, pairs=True),
            OptimalitySystem(A, y, 0, atoms[:2])]


def _exact(system, x):
    """Residual and Jacobian from the exact n x n matrices, in rationals."""
    x = [fmpq(Fraction(v).numerator, Fraction(v).denominator) for v in x]
    r, rho = system.r, system.rho
    z, v, c = fmpq_mat(r, 1, x[:r]), fmpq_mat(rho, 1, x[r:r + rho]), x[r + rho:]
    lam = fmpq(system.lam.numerator, system.lam.denominator)
    first = lam * (system.Gram * z) - system.yt + (system.Rt * v if rho else 0 * system.yt)
    top = lam * system.Gram
    for ci, Mi in zip(c, system.Mt):
        first += ci * (Mi * z)
        top += ci * Mi
    residual = list(first.entries()) + [(z.transpose() * N * z)[0, 0] - 1 for N in system.Nt]
    m = first.nrows()
    J = [[fmpq(0)] * system.size for _ in range(m + len(system.groups))]
    for i in range(m):
        for k in range(r):
            J[i][k] = top[i, k]
        for k in range(rho):
            J[i][r + k] = system.Rt[i, k]
    for g, (Mi, N) in enumerate(zip(system.Mt, system.Nt)):
        col, row = Mi * z, N * z
        for i in range(m):
            J[i][r + rho + g] = col[i, 0]
        for k in range(r):
            J[m + g][k] = 2 * row[k, 0]
    return residual, J


@pytest.mark.parametrize("kind", range(3))
def test_factored_system_matches_the_dense_one(kind):
    system = _systems()[kind]
    assert system.groups and (kind != 1 or system.pairs)
    assert any("0" in a.face for a in system.atoms) or kind == 2
    rng = np.random.default_rng(kind)
    x = rng.normal(size=system.size).round(6)          # dyadic-ish floats: exact as rationals
    residual, J = _exact(system, x)
    scale = 1 + max(abs(float(v)) for v in residual)
    assert np.allclose(system.residual(x), [float(v) for v in residual], rtol=1e-9, atol=1e-9 * scale)
    Jf = np.array([[float(v) for v in row] for row in J])
    assert np.allclose(system.jacobian(x), Jf, rtol=1e-9, atol=1e-9 * (1 + np.abs(Jf).max()))
    with precision(4 * VERIFY_BITS):    # the exact values as balls far narrower than the enclosures
        residual, J = [arb(v) for v in residual], [[arb(v) for v in row] for row in J]
    with precision(VERIFY_BITS):
        point = [arb(float(v)) for v in x]
        F, JI = system.interval_residual(point), system.interval_jacobian(point)
        assert all(F[i, 0].contains(v) for i, v in enumerate(residual))
        assert all(JI[i, k].contains(v) for i, row in enumerate(J) for k, v in enumerate(row))
        box = [arb(float(v), 1e-3) for v in x]       # a box: the enclosures hold the exact values at its centre
        F, JI = system.interval_residual(box), system.interval_jacobian(box)
        assert all(F[i, 0].contains(v) for i, v in enumerate(residual))
        assert all(JI[i, k].contains(v) for i, row in enumerate(J) for k, v in enumerate(row))


def test_a_wrong_factor_is_seen():
    """The comparison above can fail: a system whose stacked factors are perturbed disagrees."""
    system = _systems()[0]
    x = np.random.default_rng(3).normal(size=system.size).round(6)
    residual, _ = _exact(system, x)
    system._f["F"] = system._f["F"] * 1.001
    assert not np.allclose(system.residual(x), [float(v) for v in residual], rtol=1e-9, atol=1e-9)


def test_factors_follow_the_rows_of_a_copy():
    """E_i is kept per face, but a copy with other rows (a change of units) gets its own:
    E = P X^T D is linear in the rows, so doubling them doubles E."""
    import copy
    system = _systems()[0]
    A = system.arrangement
    doubled = copy.copy(A)
    doubled.X = tuple(tuple(2 * v for v in row) for row in A.X)
    again = OptimalitySystem(doubled, system.y, system.lam, system.atoms)
    assert all(E2 == E * 2 for E, E2 in zip(system.E, again.E))
    assert OptimalitySystem(A, system.y, system.lam, system.atoms).E == system.E


def test_exact_residual_check_from_factors_agrees_with_the_definition():
    """``_residual_is_zero`` (from the factors) accepts a zero built by hand and rejects a
    perturbed one: one atom on the face of x = (3, 4) at lambda 5, y = 10; p = 1/5, c = 9/5 solve
    lambda p - y + c |x|^2 p = 1 - 10 + 9 = 0 with w = p x = (3/5, 4/5) of norm 1."""
    from certificates.solver.endgame.algebraic import _residual_is_zero
    system = OptimalitySystem(Arrangement([[3, 4]]), [10], 5, [AtomFace("+", 1)])
    assert _residual_is_zero(system, [fmpq(1, 5), fmpq(9, 5)])
    assert not _residual_is_zero(system, [fmpq(1, 5), fmpq(2)])
    assert not _residual_is_zero(system, [fmpq(1, 4), fmpq(9, 5)])     # |w| = 5/4: the norm row


def test_interval_residual_is_finite_when_a_coordinate_of_w_is_a_ball_around_zero():
    """The hat's sweep met w_1 = [+/- 2e-153] (an atom on a wall): arb's ``v ** 2`` of such a
    ball is nan, which made the Newton step of the exact path nan and its solve raise."""
    system = OptimalitySystem(Arrangement([[0, 1], [1, 0]]), [1, 1], 1, [AtomFace("++", 1)])
    with precision(128):
        x = [arb(0, 1e-150), arb(1), arb(1, 1e-150)] + [arb(0)] * (system.size - 3)
        F = system.interval_residual(x)
    assert all(F[i, 0].is_finite() for i in range(F.nrows()))
