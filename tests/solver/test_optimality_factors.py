"""The optimality system's interval residual and Jacobian, computed from the rank-d factors
``E_i B`` and ``E_i O``, against the system's definition: the exact ``n x n`` matrices ``Mt_g``,
``Nt_g`` evaluated in rationals at rational points (plain, paired, exact-fit systems), and the
patch's region list built once."""

import random
from fractions import Fraction

from flint import arb, fmpq, fmpq_mat

from arrangement import Arrangement
from certificates.dual.patch import Patch
from certificates.exact.convert import fmpq_of
from certificates.exact.intervals import precision
from certificates.solver.endgame.algebraic import _residual_is_zero
from certificates.solver.endgame.optimality import AtomFace, OptimalitySystem


def _exact(system, x):
    """``F(x)`` and ``J(x)`` in rationals from the definition (the n x n matrices)."""
    r, rho = system.r, system.rho
    z, c = fmpq_mat(r, 1, x[:r]), x[r + rho:]
    first = fmpq_of(system.lam) * (system.Gram * z) - system.yt
    if rho:
        first += system.Rt * fmpq_mat(rho, 1, x[r:r + rho])
    top = fmpq_of(system.lam) * system.Gram
    for ci, Mi in zip(c, system.Mt):
        first += ci * (Mi * z)
        top += ci * Mi
    F = list(first.entries()) + [(z.transpose() * N * z)[0, 0] - 1 for N in system.Nt]
    m = top.nrows()
    J = [[fmpq(0)] * system.size for _ in range(m + len(system.groups))]
    for i in range(m):
        J[i][:r] = [top[i, k] for k in range(r)]
        J[i][r:r + rho] = [system.Rt[i, k] for k in range(rho)]
    for g, (Mi, N) in enumerate(zip(system.Mt, system.Nt)):
        col, row = Mi * z, N * z
        for i in range(m):
            J[i][r + rho + g] = col[i, 0]
        J[m + g][:r] = [2 * row[k, 0] for k in range(r)]
    return F, J


def _systems(seed=3, count=14):
    rng = random.Random(seed)
    for trial in range(count):
        n, d = rng.randint(4, 9), rng.randint(2, 3)
        A = Arrangement([[rng.randint(-5, 5) for _ in range(d)] for _ in range(n)], bias=trial % 2 == 0)
        y = [Fraction(rng.randint(-9, 9), rng.randint(1, 4)) for _ in range(n)]
        lam = [Fraction(1, 3), Fraction(2), Fraction(0)][trial % 3]
        faces = [AtomFace("".join(rng.choice("+-0+-") for _ in range(n)), rng.choice([1, -1]))
                 for _ in range(rng.randint(1, 4))]
        if trial % 2 == 0:      # an antipodal pair
            faces.append(AtomFace(faces[0].face.translate(str.maketrans("+-", "-+")), faces[0].sign))
        for pairs in ((False, True) if lam else (False,)):
            yield rng, OptimalitySystem(A, y, lam, list(dict.fromkeys(faces)), pairs=pairs)


def test_factored_intervals_enclose_the_exact_residual_and_jacobian():
    kinds = set()
    for rng, system in _systems():
        kinds.add((bool(system.pairs), system.lam == 0))
        x = [fmpq(rng.randint(-20, 20), rng.randint(1, 7)) for _ in range(system.size)]
        F, J = _exact(system, x)
        with precision(106):
            point = (system.interval_residual([arb(v) for v in x]), system.interval_jacobian([arb(v) for v in x]))
            wide = (system.interval_residual([arb(v, 1e-3) for v in x]), system.interval_jacobian([arb(v, 1e-3) for v in x]))
        with precision(2000):     # the exact values as (nearly) exact balls
            for Fa, Ja in (point, wide):
                assert all(Fa[i, 0].contains(arb(F[i])) for i in range(len(F)))
                assert all(Ja[i, k].contains(arb(J[i][k])) for i in range(len(J)) for k in range(system.size))
        assert max(float(point[0][i, 0].rad()) for i in range(len(F))) < 1e-20   # sharp at a point
    assert kinds == {(False, False), (True, False), (False, True)}


def test_exact_residual_check_from_factors_agrees_with_the_definition():
    """``_residual_is_zero`` (factors) accepts a zero built to solve the system and rejects a
    perturbed one; the definition's rational residual agrees on both."""
    A = Arrangement([[3, 4]])
    system = OptimalitySystem(A, [10], 5, [AtomFace("+", 1)])      # p = 1/5, c = 9/5
    zero = [fmpq(1, 5), fmpq(9, 5)]
    assert _residual_is_zero(system, zero) and all(v == 0 for v in _exact(system, zero)[0])
    off = [fmpq(1, 5), fmpq(2)]
    assert not _residual_is_zero(system, off) and any(v != 0 for v in _exact(system, off)[0])


def test_patch_lists_its_regions_once():
    A = Arrangement([[1, 0], [0, 1], [1, 1]])
    P = Patch(A, ["+0+", "0++"])
    first = P.regions()
    assert P.regions() is first
    assert sorted(r.pattern for r in first) == sorted({"+++", "+-+", "-++"})
