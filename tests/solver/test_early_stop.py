"""Column generation stopped early by the end-game: a solve forced onto the no-enumeration route
stops at the first iterate whose refined face guess the end-game proves.  Ground truth: the
enumerating solve (status, support bound, uniqueness, atoms), and, independent of both, eta
sampled on the sphere, eta = sign at the atoms and primal = dual objective evaluated directly.
A wrong guess (a face dropped) must be refused, and the run must go on to the right answer."""

from fractions import Fraction as Q

import numpy as np
import pytest

from arrangement import Arrangement
from certificates.solver import large
from certificates.solver.endgame import active_set
from certificates.solver.minimiser import solve

GRID = [[a, b] for a in range(-1, 3) for b in range(-1, 2)]


def grid_labels(seed):
    return [Q(int(v)) for v in np.random.default_rng(seed).integers(-2, 3, len(GRID))]


def check_independently(X, y, lam, s, bias=True):
    """eta_p sampled on the sphere (and around each atom) at most 1, eta_p = sign at the atoms,
    and the atoms' primal objective equal to the dual objective at p (so both are optimal)."""
    Xf = np.array([[float(v) for v in row] + ([1.0] if bias else []) for row in X])
    yf, p, lf = np.array([float(v) for v in y]), np.array(s.p), float(Q(lam))
    rng = np.random.default_rng(7)
    W = np.vstack([rng.standard_normal((20000, Xf.shape[1]))] +
                  [np.array(a.w) + 1e-3 * rng.standard_normal((300, Xf.shape[1])) for a in s.atoms])
    eta = np.maximum(W @ Xf.T, 0.0) @ p / np.linalg.norm(W, axis=1)
    assert np.abs(eta).max() <= 1 + 1e-6
    for a in s.atoms:
        assert abs(float(np.maximum(Xf @ np.array(a.w), 0.0) @ p) - np.sign(a.amplitude)) <= 1e-7
    fit = sum((a.amplitude * np.maximum(Xf @ np.array(a.w), 0.0) for a in s.atoms), np.zeros(len(yf)))
    primal = 0.5 * float((fit - yf) @ (fit - yf)) + lf * sum(abs(a.amplitude) for a in s.atoms)
    dual = lf * float(yf @ p) - 0.5 * lf * lf * float(p @ p)
    assert abs(primal - dual) <= 1e-8 * max(1.0, abs(primal))


@pytest.mark.parametrize("seed, lam", [(28, "1/2"), (37, "1/2"), (4, "1/10"), (25, "1/10")])
def test_an_early_stop_proves_what_the_enumerating_solve_proves(seed, lam, monkeypatch):
    y = grid_labels(seed)
    full = solve(GRID, y, lam, bias=True)
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    A = Arrangement(GRID, bias=True)
    s = solve(A, y, lam, bias=True)
    assert "_witnesses" not in A.__dict__ and s.solver["enumerated"] is False
    assert s.solver["stopped_early"] is True and s.solver["sup_bound"] is None
    assert s.status == full.status and s.status in ("exact", "verified") and "duality gap" not in s.reason
    for key in ("unique", "support_bound", "n_regions"):
        assert s.certificate[key] == full.certificate[key], key
    assert len(s.atoms) == len(full.atoms) <= s.certificate["support_bound"]
    assert abs(s.objective - full.objective) <= 1e-9 * max(1.0, abs(full.objective))
    check_independently(GRID, y, lam, s)


@pytest.mark.parametrize("seed, lam", [(28, "1/2"), (4, "1/10")])
def test_a_wrong_guess_does_not_stop_the_run(seed, lam, monkeypatch):
    # every guess during column generation loses its heaviest atom: its system has a zero, but that p is not dual feasible
    # (a region off the remaining atoms exceeds 1) or not a fit; the end-game must refuse it, and
    # column generation must run on to its own proof and the usual end-game
    y = grid_labels(seed)
    full = solve(GRID, y, lam, bias=True)
    real, real_certify = active_set.refined_guess, large.certify_on_patch
    tried, during = [], [True]

    def wrong(arrangement, y, lam, numeric_p, float_atoms, rounds=60):
        guess = real(arrangement, y, lam, numeric_p, float_atoms, rounds)
        if not during[0] or guess is None or len(guess[1]) < 2:
            return guess
        p, atoms, system, x = guess
        drop = int(np.argmax([c for *_, c in atoms]))
        faces = [a for i, a in enumerate(system.atoms[:len(atoms)]) if i != drop]
        smaller = active_set.OptimalitySystem(arrangement, y, lam, faces, pairs=bool(system.pairs))
        start = smaller.start(p, [c for i, (*_, c) in enumerate(atoms) if i != drop] +
                              [0.0] * (len(smaller.atoms) - len(faces)))
        tried.append(len(faces))
        return p, [a for i, a in enumerate(atoms) if i != drop], smaller, smaller.newton(start)

    def certify(*args, **kwargs):       # the end-game after column generation: the real guess
        during[0] = False
        return real_certify(*args, **kwargs)

    monkeypatch.setattr(large, "refined_guess", wrong)
    monkeypatch.setattr(large, "certify_on_patch", certify)
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    s = solve(Arrangement(GRID, bias=True), y, lam, bias=True)
    assert tried and s.solver["stopped_early"] is False and s.solver["sup_bound"] is not None
    assert s.status == full.status and s.certificate["unique"] == full.certificate["unique"]
    assert s.certificate["support_bound"] == full.certificate["support_bound"]
    check_independently(GRID, y, lam, s)


def test_without_the_early_stop_the_answer_is_the_same(monkeypatch):
    y = grid_labels(28)
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    early = solve(Arrangement(GRID, bias=True), y, "1/2", bias=True)
    monkeypatch.setattr(large, "EARLY_STOP", False)
    late = solve(Arrangement(GRID, bias=True), y, "1/2", bias=True)
    assert early.solver["stopped_early"] is True and late.solver["stopped_early"] is False
    assert early.status == late.status and early.objective_exact == late.objective_exact
    assert early.certificate["unique"] == late.certificate["unique"]
    assert early.certificate["support_bound"] == late.certificate["support_bound"]
    assert early.solver["iterations"] <= late.solver["iterations"]


@pytest.mark.parametrize("X, y, lam", [
    ([[1], [-1], [2], [0]], [1, 0, 2, 0], "1/3"),                                       # d = 1, a zero row
    ([[0, 0], [1, 1], [1, 1], [-1, -1], [2, 0]], [0, 1, 1, -1, 2], "1/10"),             # repeated, opposite
    ([[1, 0], [0, 1], [1, 1]], [0, 0, 0], "1"),                                          # y = 0: mu = 0
    ([[10 ** 30, 1], [1, Q(1, 10 ** 20)], [3, 4], [-2, 1]], [1, 2, 3, -1], "1/2"),        # huge and tiny
    ([[1, 2], [1, 2], [1, 2]], [1, -1, 1], "1/10"),                                      # one point, thrice
])
def test_hostile_data_on_the_early_route_match_the_enumerating_solve(X, y, lam, monkeypatch):
    full = solve(X, y, lam)
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    s = solve(Arrangement(X), y, lam)
    assert s.solver["enumerated"] is False
    assert s.status == full.status, s.reason
    assert abs(s.objective - full.objective) <= 1e-9 * max(1.0, abs(full.objective))
    for key in ("unique", "support_bound"):
        assert s.certificate[key] == full.certificate[key], key
    if full.status == "exact" and full.objective_exact is not None:
        assert s.objective_exact == full.objective_exact


def test_number_fields_are_searched_only_for_small_systems_on_this_route(monkeypatch):
    # xor with a bias at lambda 1/10: its zero lies in a field of degree 8 (found by the
    # enumerating solve, exact); on the no-enumeration route the same, and with the number-field
    # search switched off below its size, the same structure proved by the Krawczyk box only
    rows, labels = [[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0]
    full = solve(rows, labels, "1/10", bias=True)
    assert full.status == "exact"
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    s = solve(Arrangement(rows, bias=True), labels, "1/10", bias=True)
    assert s.status == "exact" and s.objective_exact == full.objective_exact
    monkeypatch.setattr(large, "FIELD_GROUPS", 0)
    v = solve(Arrangement(rows, bias=True), labels, "1/10", bias=True)
    assert v.status == "verified" and "number fields not searched" in v.reason, v.reason
    assert abs(v.objective - full.objective) <= 1e-12
    for key in ("unique", "support_bound"):
        assert v.certificate[key] == full.certificate[key], key
    check_independently(rows, labels, "1/10", v)


@pytest.mark.parametrize("failure", ["search refused", "patch too small", "refuted", "always refused"])
def test_a_guess_is_tried_again_unless_refuted(failure, monkeypatch):
    # the first early attempt fails: by an error (a refused search, or an IncompletePatch while
    # widening the patch around the guess), which refutes nothing, so the final end-game tries the
    # same faces again (and an error there too leaves the numerical atoms to decide); or by a
    # refutation (here: the end-game ran and proved nothing), after which it is not tried again.  Ground truth of the answer: eta sampled on the sphere
    # and primal = dual objective, evaluated directly.
    from arrangement import DualcertError
    from certificates.dual.patch import IncompletePatch
    y = grid_labels(37)
    faces, real_certify, real_around = [], large.certify_numerical, large._around

    def certify(*args, first=(), **kwargs):
        faces.append(frozenset(first[0][0].atoms) if first else None)
        if (len(faces) == 1 and failure == "search refused") or (first and failure == "always refused"):
            raise DualcertError("a search refused on this p")
        if len(faces) == 1 and failure == "refuted":
            return real_certify(*args, guesses=0)        # nothing proved: numerical
        return real_certify(*args, first=first, **kwargs)

    def around(patch, system):
        if not faces and failure == "patch too small":
            faces.append(frozenset(system.atoms))
            raise IncompletePatch("a region outside the patch reaches the level")
        return real_around(patch, system)

    monkeypatch.setattr(large, "certify_numerical", certify)
    monkeypatch.setattr(large, "_around", around)
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    s = solve(Arrangement(GRID, bias=True), y, "1/2", bias=True)
    assert faces[0] is not None and s.solver["stopped_early"] is False
    assert (faces[0] in faces[1:]) == (failure != "refuted"), faces
    assert s.status in ("exact", "verified") and "duality gap" not in s.reason
    check_independently(GRID, y, "1/2", s)
