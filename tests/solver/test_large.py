"""Solving without enumeration: the patch of regions around faces against the full enumeration,
its whole-sphere questions against exact per-region maxima, and a solve forced onto the
no-enumeration route against the enumerating one and against direct evaluation of eta."""

import random
from fractions import Fraction as Q

import numpy as np
import pytest
import sympy
from hypothesis import given, settings, strategies as st

from arrangement import Arrangement
from certificates.dual.certificate import Certificate, data_support_bound
from certificates.dual.patch import Patch
from certificates.solver import large
from certificates.solver.minimiser import solve


def degenerate_rows(rng, n, d):
    """Small integer rows with repeats and multiples (many points on one hyperplane)."""
    base = [[rng.randint(-3, 3) for _ in range(d)] for _ in range(max(2, n // 2))]
    return [[v * rng.choice([1, 2, -1]) for v in rng.choice(base)] if rng.random() < 0.3 else
            [rng.randint(-3, 3) for _ in range(d)] for _ in range(n)]


def face_of(A, w):
    return "".join("+" if v > 0 else "-" if v < 0 else "0" for v in (sum(Q(a) * b for a, b in zip(x, w)) for x in A.X))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6), d=st.integers(2, 4), n=st.integers(3, 9))
def test_patch_lists_exactly_the_regions_around_each_face(seed, d, n):
    # brute force: the enumerated regions agreeing with the face off its zeros (their closure
    # holds the face); faces taken where d - 1 hyperplanes meet
    rng = random.Random(seed)
    A = Arrangement(degenerate_rows(rng, n, d))
    if not A.hyperplanes:
        return
    faces = set()
    for _ in range(4):
        chosen = rng.sample(range(len(A.hyperplanes)), min(len(A.hyperplanes), d - 1))
        # a point on the chosen hyperplanes: a kernel vector of their rows (exact, sympy)
        kernel = sympy.Matrix([[int(v) for v in A.integer_rows[A.hyperplanes[h][0]]] for h in chosen]).nullspace()
        if not kernel:
            continue
        w = [Q(int(v.p), int(v.q)) for v in kernel[0]]
        for s in (1, -1):
            faces.add(face_of(A, [s * v for v in w]))
    if not faces:
        return
    patch = Patch(A, sorted(faces))
    S = A.sign_matrix()
    expected = set()
    for face in faces:
        code = np.array([1 if c == "+" else -1 if c == "-" else 0 for c in face])
        off = code != 0
        expected |= {r.pattern for r, row in zip(A.regions(), S) if (row[off] == code[off]).all()}
    assert {r.pattern for r in patch.regions()} == expected
    # every listed cone, from its rows, is the region's own: its enumerated witness satisfies them
    witnesses = {r.pattern: r.witness for r in A.regions()}
    for k, region in enumerate(patch.regions()):
        rows, _ = patch.walls(k)
        assert all(sum(a * b for a, b in zip(row, witnesses[region.pattern])) > 0 for row in rows)
    facts = patch.data_facts()
    assert facts["n_regions"] == len(A.regions()) and facts["data_support_bound"] == data_support_bound(A)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10**6), d=st.integers(2, 3), n=st.integers(3, 8))
def test_patch_sup_off_excluded_pairs_is_the_exact_maximum_over_the_rest(seed, d, n):
    rng = random.Random(seed)
    A = Arrangement(degenerate_rows(rng, n, d))
    p = [Q(rng.choice([-3, -2, -1, 1, 2, 3]), rng.choice([1, 2, 5])) for _ in range(n)]
    if not A.hyperplanes:
        return
    w = [Q(rng.randint(-3, 3)) for _ in range(d)]
    patch = Patch(A, [face_of(A, w)])
    listed = [r.pattern for r in patch.regions()]
    excluded = {(k, s) for k in range(len(listed)) for s in (1, -1) if rng.random() < 0.5}
    cert = Certificate(A, p)
    index = {r.pattern: r.index for r in A.regions()}
    truth = max([cert.region_extremum(r.index, s).value_squared for r in A.regions() for s in (1, -1)
                 if (r.pattern, s) not in {(listed[k], s2) for k, s2 in excluded}] + [Q(0)])
    if not patch._separable(p):    # weights cancelling on a hyperplane: nothing skipped, an upper bound
        assert patch.sup_squared_excluding(p, excluded, 0) >= truth
        return
    assert patch.sup_squared_excluding(p, excluded, 0) == truth
    assert patch.sup_squared_excluding(p, excluded) >= truth
    outside = max([cert.region_extremum(index[r.pattern], s).value_squared for r in A.regions() for s in (1, -1)
                   if r.pattern not in set(listed)] + [Q(0)])
    assert patch.outside_squared(p) == outside


@pytest.mark.parametrize("seed", [1, 2, 4])
def test_a_solve_without_enumeration_agrees_with_the_enumerating_one(seed, monkeypatch):
    rng = np.random.default_rng(seed)
    X = [[Q(int(v), 10) for v in row] for row in rng.integers(-20, 21, size=(12, 2))]
    y = [Q(int(v)) for v in rng.choice([-1, 1], 12)]
    full = solve(X, y, "1/10", bias=True)
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    A = Arrangement(X, bias=True)
    s = solve(A, y, "1/10", bias=True)
    assert "_witnesses" not in A.__dict__       # nothing was enumerated
    assert s.solver["enumerated"] is False
    assert s.status == full.status and s.status in ("exact", "verified")
    assert abs(s.objective - full.objective) <= 1e-9 * max(1.0, abs(full.objective))
    for key in ("unique", "support_bound", "n_regions", "data_support_bound"):
        assert s.certificate[key] == full.certificate[key], key
    # independent check of dual feasibility of the reported p, by sampling eta on the sphere
    W = rng.standard_normal((4000, 3))
    Xf = np.array([[float(v) for v in row] + [1.0] for row in X])
    eta = np.maximum(W @ Xf.T, 0.0) @ np.array(s.p) / np.linalg.norm(W, axis=1)
    assert np.abs(eta).max() <= 1 + 1e-6


def test_a_solve_without_enumeration_when_zero_is_optimal(monkeypatch):
    # by hand: p = y / lambda = (0, 1/2, 0, -1, -1/2); on the sphere of R^1, eta(1) = 3/2 - 1 = 1/2
    # and eta(-1) = 0, so mu = 0 is optimal with objective |y|^2 / 2 = 3 (no atom: the patch lists
    # no region, and the screen of its certificate has no rows)
    X, y = [[1], [3], [0], [1], [0]], [0, 1, 0, -2, -1]
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    s = solve(X, y, "2")
    assert s.status == "exact" and s.objective == 3.0 and len(s.atoms) == 0
    assert s.certificate["unique"] is True and s.certificate["support_bound"] == 0


@pytest.mark.parametrize("refine", [False, True])
@pytest.mark.parametrize("seed, lam", [(25, "1/2"), (38, "1/2")])
def test_atoms_where_three_hyperplanes_meet_are_certified_without_enumeration(seed, lam, refine, monkeypatch):
    # a 4 x 3 grid has collinear triples: with the bias their three hyperplanes meet in one ray,
    # and the minimiser has atoms there (face with >= 3 zeros).  Column generation leaves one
    # numerical atom per region around such a ray (a cluster of near-duplicates); the end-game
    # must still read one atom on the ray.  Ground truth: the enumerating solve, and eta and the
    # objectives evaluated directly (weak duality: a sampled-feasible p whose dual objective
    # equals the atoms' primal objective proves both optimal)
    X = [[a, b] for a in range(-1, 3) for b in range(-1, 2)]
    y = [Q(int(v)) for v in np.random.default_rng(seed).integers(-2, 3, len(X))]
    full = solve(X, y, lam, bias=True)
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    monkeypatch.setattr(large, "REFINE_GUESS", refine)   # a wrong refined guess must fall through
    _, numerical, _, _ = large.solve_by_patterns(Arrangement(X, bias=True), y, Q(lam))
    A = Arrangement(X, bias=True)
    s = solve(A, y, lam, bias=True)
    assert "_witnesses" not in A.__dict__ and s.solver["enumerated"] is False
    assert s.status == full.status and s.status in ("exact", "verified")
    for key in ("unique", "support_bound", "n_regions"):
        assert s.certificate[key] == full.certificate[key], key
    assert s.certificate["unique"] is True and len(s.atoms) <= s.certificate["support_bound"]
    assert len(numerical) > len(s.atoms)      # the numerical atoms were clustered
    Xf = np.array([[float(v) for v in row] + [1.0] for row in X])
    on_ray = [a for a in s.atoms if (np.abs(Xf @ np.array(a.w)) <= 1e-9 * np.linalg.norm(Xf, axis=1)).sum() >= 3]
    assert on_ray
    for a in on_ray:
        assert a.face.count("0") >= 3
    # unique: the same atoms as the enumerating solve
    key = sorted((tuple(round(v, 7) for v in a.w), round(a.amplitude, 7)) for a in s.atoms)
    assert key == sorted((tuple(round(v, 7) for v in a.w), round(a.amplitude, 7)) for a in full.atoms)
    p, yf, lf = np.array(s.p), np.array([float(v) for v in y]), float(Q(lam))
    rng = np.random.default_rng(0)
    W = np.vstack([rng.standard_normal((20000, 3))] +
                  [np.array(a.w) + 1e-3 * rng.standard_normal((500, 3)) for a in s.atoms])
    eta = np.maximum(W @ Xf.T, 0.0) @ p / np.linalg.norm(W, axis=1)
    assert np.abs(eta).max() <= 1 + 1e-6
    for a in s.atoms:   # eta = sign(a) at each atom
        assert abs(float(np.maximum(Xf @ np.array(a.w), 0.0) @ p) - np.sign(a.amplitude)) <= 1e-7
    fit = sum(a.amplitude * np.maximum(Xf @ np.array(a.w), 0.0) for a in s.atoms)
    primal = 0.5 * float((fit - yf) @ (fit - yf)) + lf * sum(abs(a.amplitude) for a in s.atoms)
    dual = lf * float(yf @ p) - 0.5 * lf * lf * float(p @ p)
    assert abs(primal - dual) <= 1e-8 * max(1.0, abs(primal)) and abs(primal - s.objective) <= 1e-8 * max(1.0, primal)


@pytest.mark.parametrize("seed", [25, 38, 4])
def test_a_non_unique_minimiser_with_antipodal_pairs_is_certified_without_enumeration(seed, monkeypatch):
    # lambda 1/10 on the 4 x 3 grid with a bias: column generation leaves clusters of atoms around
    # faces and antipodal same-sign pairs (the linear part is split between them), so the
    # minimiser need not be unique.  The refined face guess must give the structure (not the
    # duality-gap ball), equal to the enumerating solve's; ground truth independent of both:
    # eta sampled on the sphere, eta = sign at the atoms, primal = dual objective, and when
    # non-uniqueness is claimed, the second minimiser checked directly (same fit, same mass)
    X = [[a, b] for a in range(-1, 3) for b in range(-1, 2)]
    y = [Q(int(v)) for v in np.random.default_rng(seed).integers(-2, 3, len(X))]
    full = solve(X, y, "1/10", bias=True)
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    _, numerical, _, _ = large.solve_by_patterns(Arrangement(X, bias=True), y, Q(1, 10))
    A = Arrangement(X, bias=True)
    s = solve(A, y, "1/10", bias=True)
    assert "_witnesses" not in A.__dict__ and s.solver["enumerated"] is False
    assert s.status == full.status == "verified" and "duality gap" not in s.reason
    assert len(numerical) > len(s.atoms)
    for key in ("unique", "support_bound", "n_regions"):
        assert s.certificate[key] == full.certificate[key], key
    assert len(s.atoms) == len(full.atoms) <= s.certificate["support_bound"]
    Xf = np.array([[float(v) for v in row] + [1.0] for row in X])
    yf, p = np.array([float(v) for v in y]), np.array(s.p)
    rng = np.random.default_rng(1)
    W = np.vstack([rng.standard_normal((20000, 3))] +
                  [np.array(a.w) + 1e-3 * rng.standard_normal((300, 3)) for a in s.atoms])
    eta = np.maximum(W @ Xf.T, 0.0) @ p / np.linalg.norm(W, axis=1)
    assert np.abs(eta).max() <= 1 + 1e-6
    for a in s.atoms:
        assert abs(float(np.maximum(Xf @ np.array(a.w), 0.0) @ p) - np.sign(a.amplitude)) <= 1e-7

    def fit(amplitudes, directions):
        return sum(a * np.maximum(Xf @ np.array(w), 0.0) for a, w in zip(amplitudes, directions))

    first = fit([a.amplitude for a in s.atoms], [a.w for a in s.atoms])
    primal = 0.5 * float((first - yf) @ (first - yf)) + 0.1 * sum(abs(a.amplitude) for a in s.atoms)
    assert abs(primal - (0.1 * float(yf @ p) - 0.005 * float(p @ p))) <= 1e-8 * max(1.0, primal)
    if s.certificate["unique"] is False:
        charged = [e for e in s.certificate["extreme_points"] if e["charged"]]
        second = s.certificate["second_minimiser"]
        directions = [[float(v.strip("[").split(" ")[0]) for v in e["w"]] for e in charged]
        for e, a, w in zip(charged, second, directions):
            assert a * e["sign"] >= -1e-12 and abs(float(np.maximum(Xf @ np.array(w), 0.0) @ p) - e["sign"]) <= 1e-7
        assert np.abs(fit(second, directions) - first).max() <= 1e-8
        assert abs(sum(abs(a) for a in second) - sum(abs(a.amplitude) for a in s.atoms)) <= 1e-8
        listed = {(a.face, int(np.sign(a.amplitude))): a.amplitude for a in s.atoms}
        assert max(abs(listed.get((e["face"], e["sign"]), 0.0) - a) for e, a in zip(charged, second)) > 1e-6


@pytest.mark.parametrize("X, y, atoms", [
    ([[1], [2], [-1], [0]], [1, 2, -1, 0], [([1.0], 1, 1.0), ([-1.0], 1, 0.5), ([1.0], 1, 1e-12)] * 4),  # d = 1
    ([[0, 0], [1, 1], [1, 1], [-1, -1], [2, 0]], [0, 1, 1, -1, 2],                      # zero, repeated, opposite rows
     [([0.6, 0.8], 1, 1.0), ([-0.6, -0.8], 1, 1.0), ([0.6, 0.8 + 1e-7], 1, 1e-3)] * 4),
    ([[10 ** 40, 1], [1, Q(1, 10 ** 30)], [3, 4]], [1, 2, 3], [([0.6, 0.8], 1, 1.0), ([-0.6, -0.8], 1, 1.0)] * 6),
    ([[1, 0], [0, 1], [-1, 0]], [1, -1, 1], [([float("inf"), 0.0], 1, 1.0), ([float("nan"), 1.0], 1, 1.0)] * 5),
    ([[1, 0], [0, 1]], [0, 0], [([1.0, 0.0], 1, 0.0), ([0.0, 0.0], 1, 1.0)] * 5),
])
def test_the_refined_guess_never_raises_and_is_a_zero_of_its_system(X, y, atoms):
    import warnings
    from certificates.solver.endgame.active_set import refined_guess
    A = Arrangement(X)
    finite = [a for a in atoms if np.all(np.isfinite(a[0])) and np.abs(a[0]).max() > 0]
    for arrangement in (A, large.patch_of(A, finite)):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            guess = refined_guess(arrangement, y, Q(1, 10), np.array([float(v) for v in y]), atoms)
        if guess is not None:
            p, kept, system, x = guess
            assert np.abs(system.residual(x)).max() <= 1e-9 and all(c > 0 for *_, c in kept)
            # eta_p = sign at every kept atom, directly from the data
            Xf = np.array([[float(v) for v in row] for row in X])
            for w, s, _ in kept:
                assert abs(float(np.maximum(Xf @ w, 0) @ p) / np.linalg.norm(w) - s) <= 1e-6
