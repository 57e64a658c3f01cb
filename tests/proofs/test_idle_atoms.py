"""Extreme points without mass (idle atoms) in the end-game and in the standalone checker.

Ground truth independent of the package: a hand-made problem whose minimiser and dual vector
are written down in closed form (|eta| = 1 at a point without mass), |eta| evaluated with NumPy
at that point, and the certificate sampled on the sphere for a case of the random mix where
|eta| reaches 1 off the atoms.  Mutations of the idle atom fail at the step they break."""

import copy
from fractions import Fraction

import numpy as np
import pytest

from arrangement import Arrangement
from certificates import solve
from certificates.proofs.checker import Arrangement as Plain, Failed, Malformed, System, check, idle_fixed
from certificates.proofs.producer import proof_of_solution
from certificates.solver.endgame.idle import idle_faces
from certificates.solver.endgame.optimality import AtomFace, OptimalitySystem
from proofcheck import rebind

# case 171 of the proof-coverage mix: no atom is active on x_6 = (4, 2, 1), so p_6 = y_6 / lambda
# = -1/2, and at w = (0, 1, 0) (on the wall of x_3 = (4, 0, 1)) eta = 2 p_6 = -1, with no mass there
ROWS = [[-5, -3], [1, -2], [0, -5], [4, 0], [4, -2], [1, -4], [4, 2]]
LABELS = [5, 4, -2, 3, -2, -4, -1]
IDLE = ("---0--+", -1)


def _eta(X, p, w):
    return float(np.maximum(np.asarray(X, dtype=float) @ np.asarray(w, dtype=float), 0) @ np.asarray(p, dtype=float))


def test_the_idle_identity_against_a_closed_form():
    """x = (1, 0), (0, 2), y = (3, -1), lambda = 2: mu = delta_(1,0) and p = (1, -1/2) are optimal
    (p = (y - K mu) / lambda, |eta| <= 1), and eta(0, 1) = 2 p_2 = -1 without mass there."""
    X, p = [[1, 0], [0, 2]], [1, -0.5]
    W = np.array([[np.cos(t), np.sin(t)] for t in np.linspace(0, 2 * np.pi, 100001)])
    assert np.abs(np.maximum(W @ np.array(X, dtype=float).T, 0) @ p).max() <= 1 + 1e-12
    assert _eta(X, p, [0, 1]) == -1
    for labels, expected in (([3, -1], Fraction(1)), ([3, Fraction(-3, 2)], Fraction(9, 4))):
        system = OptimalitySystem(Arrangement(X), labels, 2, [AtomFace("+0", 1)], idle=[AtomFace("0+", -1)])
        assert system.idle_norm_squared(1) == expected == (2 * Fraction(labels[1]) / 2) ** 2
        assert system.idle_norm_squared(0) is None                   # an atom with mass: not fixed
    # a row an atom with mass uses is not fixed by lambda p_j = y_j: no idle atom there
    shared = OptimalitySystem(Arrangement(X), [3, -1], 2, [AtomFace("++", 1)], idle=[AtomFace("0+", -1)])
    assert shared.idle_norm_squared(1) is None
    assert OptimalitySystem(Arrangement(X), [3, -1], 0, [AtomFace("+0", 1)],
                            idle=[AtomFace("0+", -1)]).idle_norm_squared(1) is None   # lambda = 0


@pytest.fixture(scope="module")
def case():
    A = Arrangement(ROWS, bias=True)
    s = solve(A, LABELS, 2)
    return A, s, proof_of_solution(A, s, LABELS)


def test_the_solver_proves_a_minimiser_with_an_idle_atom(case):
    A, s, proof = case
    assert s.status == "verified" and s.solver["evidence"]["kind"] == "krawczyk"
    assert tuple(s.solver["evidence"]["idle"][0]) == IDLE
    assert len(s.atoms) == 3                      # the idle point is not listed as an atom
    spec = proof["claims"]["krawczyk"]
    p = [float(Fraction(v)) for v in spec["midpoint"][:A.n]]
    X = np.array([[float(v) for v in row] for row in A.X])
    W = np.random.default_rng(0).normal(size=(200000, 3))
    W /= np.linalg.norm(W, axis=1)[:, None]
    assert np.abs(np.maximum(W @ X.T, 0) @ p).max() <= 1 + 1e-9
    assert abs(_eta(X, p, [0, 1, 0]) + 1) < 1e-12
    lines = check(proof)
    assert proof["format"]["version"] == "2.4"
    assert any(line.startswith("the minimiser is unique") and "1 extreme points without mass" in line
               for line in lines), lines
    assert not any(line.startswith("not covered") for line in lines)


def _mutated(proof, change):
    mutant = copy.deepcopy(proof)
    change(mutant["claims"]["krawczyk"], mutant)
    return mutant


def _idle_index(spec):
    return next(i for i, a in enumerate(spec["atoms"]) if a.get("idle"))


def test_mutations_of_the_idle_atom_fail(case):
    A, s, proof = case
    spec = proof["claims"]["krawczyk"]
    k = _idle_index(spec)
    face = spec["atoms"][k]["face"]
    for j in range(A.n):   # every other face: not fixed at |w| = 1, or a face sign or wall fails
        flip = {"+": "-", "-": "+", "0": "+"}[face[j]]

        def other_face(spec, _):
            spec["atoms"][k]["face"] = face[:j] + flip + face[j + 1:]
        with pytest.raises(Failed, match="claim minimiser"):
            check(_mutated(proof, other_face))

    def sign(spec, _):
        spec["atoms"][k]["sign"] = 1
    with pytest.raises(Failed, match="claim minimiser"):
        check(_mutated(proof, sign))

    def massive_idle(spec, _):   # an atom with mass declared idle: one unknown too many in the box
        spec["atoms"][0]["idle"] = True
    with pytest.raises((Failed, Malformed)):
        check(_mutated(proof, massive_idle))

    def dropped(spec, _):        # without it, |eta| = 1 off the atoms: the region bound fails
        del spec["atoms"][k]
        spec["walls"] = [w for w in spec["walls"] if w["atom"] != k]
    with pytest.raises(Failed, match="step regions"):
        check(_mutated(proof, dropped))

    def as_ghost(spec, _):
        del spec["atoms"][k]["idle"]
        spec["atoms"][k]["ghost"] = True
    with pytest.raises(Failed, match="ghost"):
        check(_mutated(proof, as_ghost))

    def label(_, mutant):        # y_6 moved: p_6 = y_6 / lambda no longer gives |w| = 1
        mutant["claims"]["y"][6] = mutant["problem"]["y"][6] = "-2"
        rebind(mutant)
    with pytest.raises(Failed, match="idle atom"):
        check(_mutated(proof, label))

    def false_value(spec, _):    # value flag other than true
        spec["atoms"][k]["idle"] = 1
    with pytest.raises(Malformed):
        check(_mutated(proof, false_value))


def test_idle_fixed_refuses_what_it_does_not_derive():
    plain = Plain([["1", "0"], ["0", "2"]])
    atoms = [{"face": "+0", "sign": 1}, {"face": "0+", "sign": -1, "idle": True}]
    assert idle_fixed(System(plain, atoms, [Fraction(3), Fraction(-1)], Fraction(2)), 1)
    assert not idle_fixed(System(plain, atoms, [Fraction(3), Fraction(-2)], Fraction(2)), 1)   # |w| = 2
    shared = [{"face": "++", "sign": 1}, {"face": "0+", "sign": -1, "idle": True}]
    assert not idle_fixed(System(plain, shared, [Fraction(3), Fraction(-1)], Fraction(2)), 1)


def test_no_idle_face_when_eta_stays_below_one():
    """x = (1, 0), (0, 2), y = (3, -1/2), lambda = 2: p_2 = -1/4 and |eta(0, 1)| = 1/2."""
    system = OptimalitySystem(Arrangement([[1, 0], [0, 2]]), [3, Fraction(-1, 2)], 2, [AtomFace("+0", 1)])
    assert idle_faces(system, system.newton(np.array([1.0, 0.0, 1.0]))) == ()


def test_idle_atoms_need_the_minor_version_that_added_them(case):
    """The format page: 2.4 adds the key idle; a 2.3 file with it is malformed (its producer did
    not mean what a 2.4 checker reads), the same file as 2.4 is proved."""
    older = copy.deepcopy(case[2])
    older["format"]["version"] = "2.3"
    with pytest.raises(Malformed, match="'idle' needs format 2.4"):
        check(older)

