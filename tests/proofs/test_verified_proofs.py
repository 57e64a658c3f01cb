"""Proofs of ``verified`` answers (Krawczyk boxes, duality-gap balls) in the standalone checker.

Ground truth independent of the package: the proved optimal value against a discretised problem
solved by FISTA in NumPy (the proved value is a lower bound of every measure's objective, and
close to the discretised optimum), and the certificate sampled on the sphere.  Mutations of
the proofs fail at the step they break."""

import copy
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from arrangement import Arrangement
from certificates import solve
from certificates.proofs.checker import Failed, Malformed, check
from certificates.proofs.producer import proof_of_solution
from proofcheck import rebind

LAMBDAS = (Fraction(1, 10), Fraction(1, 2), Fraction(2))


def random_cases(count, seed):
    """Integer data in -5..5, n 4..8, d 2..3, every other case with a bias, lambda in LAMBDAS."""
    rng = np.random.default_rng(seed)
    for k in range(count):
        n, d = int(rng.integers(4, 9)), int(rng.integers(2, 4))
        yield (rng.integers(-5, 6, size=(n, d)).tolist(), rng.integers(-5, 6, size=n).tolist(), bool(k % 2),
               LAMBDAS[int(rng.integers(0, 3))])


@pytest.fixture(scope="module")
def verified():
    """(A, y, lam, solution, proof) of the first few Krawczyk-verified answers of a seeded mix."""
    out = []
    for rows, y, bias, lam in random_cases(12, 7):
        A = Arrangement(rows, bias=bias)
        s = solve(A, y, lam)
        evidence = s.solver.get("evidence") or {}
        if s.status == "verified" and evidence.get("kind") == "krawczyk" and not evidence["pairs"]:
            out.append((A, y, lam, s, proof_of_solution(A, s, y)))
        if len(out) == 5:
            break
    assert len(out) >= 3
    return out


def _value(line):
    inside = line.split("optimal value in [")[1].split("]")[0]
    return [float(v) for v in inside.split(", ")]


def _lasso(Phi, yv, lam):
    """``min 1/2 |r|^2 + lam sum(u + v)`` subject to ``Phi (u - v) - r = y``, ``u, v >= 0`` (clarabel)."""
    import clarabel
    from scipy import sparse
    n, m = Phi.shape
    P = sparse.block_diag([sparse.eye(n), sparse.csc_matrix((2 * m, 2 * m))]).tocsc()
    q = np.r_[np.zeros(n), lam * np.ones(2 * m)]
    A = sparse.vstack([sparse.hstack([-sparse.eye(n), sparse.csc_matrix(Phi), sparse.csc_matrix(-Phi)]),
                       sparse.hstack([sparse.csc_matrix((2 * m, n)), -sparse.eye(2 * m)])]).tocsc()
    settings = clarabel.DefaultSettings()
    settings.verbose, settings.tol_gap_abs, settings.tol_gap_rel, settings.tol_feas = False, 1e-10, 1e-10, 1e-10
    cones = [clarabel.ZeroConeT(n), clarabel.NonnegativeConeT(2 * m)]
    x = np.array(clarabel.DefaultSolver(P, q, A, np.r_[yv, np.zeros(2 * m)], cones, settings).solve().x)
    return x[n:n + m] - x[n + m:]


def _discretised_optimum(A, y, lam, count=3000, rounds=3):
    """The objective of a measure on sampled directions (random, then refined around the largest
    amplitudes): an upper bound of the optimum, within about 1e-3 of it here."""
    rng = np.random.default_rng(0)
    X, yv, lam = np.array([[float(v) for v in row] for row in A.X]), np.array(y, dtype=float), float(lam)
    W = rng.normal(size=(count, A.d))
    for r in range(rounds):
        W /= np.linalg.norm(W, axis=1)[:, None]
        Phi = np.maximum(X @ W.T, 0)
        a = _lasso(Phi, yv, lam)
        residual = Phi @ a - yv
        value = 0.5 * residual @ residual + lam * np.abs(a).sum()
        top = W[np.argsort(-np.abs(a))[:2 * A.n]]
        W = np.vstack([top, np.repeat(top, 100, axis=0) + rng.normal(size=(100 * len(top), A.d)) * 0.05 / 4 ** r])
    return value


def test_verified_answers_prove_the_minimiser_against_a_discretised_problem(verified):
    for A, y, lam, s, proof in verified:
        lines = check(proof)
        theorem = [line for line in lines if line.startswith(("the minimiser is", "a minimiser is"))]
        assert theorem and not any(line.startswith("not covered") for line in lines), lines
        lo, hi = _value(theorem[0])
        assert hi - lo <= 1e-9 * max(1, abs(lo))
        upper = _discretised_optimum(A, y, lam)
        assert lo <= upper + 1e-9 and upper <= hi + 5e-3 * max(1, abs(hi)), (lo, upper)


def test_the_certificate_of_a_verified_proof_is_at_most_one_sampled(verified):
    rng = np.random.default_rng(1)
    for A, y, lam, s, proof in verified:
        spec = proof["claims"]["krawczyk"]
        p = np.array([float(Fraction(v)) for v in spec["midpoint"][:A.n]])
        X = np.array([[float(v) for v in row] for row in A.X])
        W = rng.normal(size=(20000, A.d))
        W /= np.linalg.norm(W, axis=1)[:, None]
        assert np.abs(np.maximum(W @ X.T, 0) @ p).max() <= 1 + 1e-9
        for atom in s.atoms:   # the atoms reach |eta| = 1 with the sign of their amplitude
            assert abs(np.maximum(X @ np.array(atom.w), 0) @ p - np.sign(atom.amplitude)) < 1e-9


def _fails(proof, *words):
    with pytest.raises(Failed) as info:
        check(proof)
    assert all(w in str(info.value) for w in words), str(info.value)


def _mutated(proof, change):
    mutant = copy.deepcopy(proof)
    change(mutant["claims"]["krawczyk"], mutant)
    return mutant


def test_mutations_of_the_box_fail_at_krawczyks_step(verified):
    for A, y, lam, s, proof in verified:
        def shrink(spec, _):   # one coordinate 10^9 times narrower: the zero leaves the box
            m, (lo, hi) = Fraction(spec["midpoint"][0]), map(Fraction, spec["box"][0])
            spec["box"][0] = [str(m - (m - lo) / 10 ** 9), str(m + (hi - m) / 10 ** 9)]
        _fails(_mutated(proof, shrink), "claim minimiser", "step Krawczyk")

        def precondition(spec, _):
            spec["preconditioner"][0][0] = str(Fraction(spec["preconditioner"][0][0]) * 1000 + 1)
        _fails(_mutated(proof, precondition), "claim minimiser", "step Krawczyk")


def test_mutations_of_the_problem_fail(verified):
    """Another lambda or label, in the problem the proof is bound to (digest recomputed): the box
    no longer holds the zero of that problem's system."""
    for A, y, lam, s, proof in verified:
        def twice_lambda(_, mutant):
            mutant["claims"]["lam"] = mutant["problem"]["lam"] = str(2 * Fraction(mutant["claims"]["lam"]))
            rebind(mutant)
        _fails(_mutated(proof, twice_lambda), "claim minimiser", "step Krawczyk")

        def label(_, mutant):
            mutant["claims"]["y"][0] = str(Fraction(mutant["claims"]["y"][0]) + 1)
            mutant["problem"]["y"] = list(mutant["claims"]["y"])
            rebind(mutant)
        _fails(_mutated(proof, label), "claim minimiser", "step Krawczyk")

        def unbound(_, mutant):      # the claims alone changed: not the problem's lambda
            mutant["claims"]["lam"] = str(2 * Fraction(mutant["claims"]["lam"]))
        with pytest.raises(Malformed, match="not the lam of the problem"):
            check(_mutated(proof, unbound))


def test_mutations_of_an_atoms_face_fail(verified):
    for A, y, lam, s, proof in verified:
        atom = proof["claims"]["krawczyk"]["atoms"][0]
        for j, sign in enumerate(atom["face"]):
            flip = {"+": "-", "-": "+", "0": "+"}[sign]
            def face(spec, _):
                spec["atoms"][0]["face"] = atom["face"][:j] + flip + atom["face"][j + 1:]
            with pytest.raises(Failed) as info:
                check(_mutated(proof, face))
            assert "claim minimiser" in str(info.value) and "step" in str(info.value)


def test_mutations_of_wall_rows_and_region_bounds_fail(verified):
    walls = regions = 0
    for A, y, lam, s, proof in verified:
        for e, entry in enumerate(proof["claims"]["krawczyk"]["walls"]):
            if entry["rows"]:
                def drop(spec, _):
                    spec["walls"][e]["rows"] = spec["walls"][e]["rows"][1:]
                _fails(_mutated(proof, drop), "claim minimiser", "step walls")
                walls += 1
                break
        for k, region in enumerate(proof["regions"]):
            key = next((key for key in ("up", "down") if region.get(key)), None)
            if key:
                def bound(_, mutant):
                    mutant["regions"][k][key] = {j: str(Fraction(v) * 10 ** 6) for j, v in region[key].items()}
                _fails(_mutated(proof, bound), "claim minimiser", "step regions", f"region {k}")
                regions += 1
                break
    assert walls and regions


def test_malformed_krawczyk_claims_are_refused(verified):
    A, y, lam, s, proof = verified[0]
    for change in (lambda spec, _: spec["box"].pop(), lambda spec, _: spec.__setitem__("midpoint", ["1/0"]),
                   lambda spec, _: spec["atoms"][0].__setitem__("sign", 2)):
        with pytest.raises(Malformed):
            check(_mutated(proof, change))
    doubled = _mutated(proof, lambda spec, _: spec["atoms"].append(dict(spec["atoms"][0])))
    with pytest.raises((Failed, Malformed)):
        check(doubled)


def test_a_duality_gap_ball_proves_the_value_and_a_ball_only(monkeypatch):
    # the optimality systems switched off, so the end-game ends in a duality-gap ball (this case
    # gets a Krawczyk box otherwise, since walls with multipliers 0 for every p are left out)
    from certificates.solver.endgame import routes
    monkeypatch.setattr(routes, "optimality_systems", lambda *args, **kwargs: iter(()))
    X, y, lam = [[-2, -4], [2, -1], [4, -2], [-2, -2]], [-3, 4, 4, -2], Fraction(1, 2)
    A = Arrangement(X)
    s = solve(A, y, lam)
    assert (s.solver.get("evidence") or {}).get("kind") == "gap"
    proof = proof_of_solution(A, s, y)
    lines = check(proof)
    value = [line for line in lines if line.startswith("the optimal value for lambda")]
    assert value and any("the minimiser's atoms are not proved" in line for line in lines)
    lo, hi = (float(v) for v in value[0].split("[")[1].split("]")[0].split(", "))
    upper = _discretised_optimum(A, y, lam)
    assert lo <= upper + 1e-9 and upper <= hi + 5e-3 * max(1, abs(hi))
    mutant = copy.deepcopy(proof)
    mutant["claims"]["p"] = [str(Fraction(v) * 2) for v in mutant["claims"]["p"]]   # infeasible
    with pytest.raises(Failed):
        check(mutant)
    mutant = copy.deepcopy(proof)      # weak duality holds for every lambda: a theorem about that lambda
    mutant["claims"]["lam"] = mutant["problem"]["lam"] = str(lam * 1000)
    assert any("lambda = 500" in line for line in check(rebind(mutant)))


def test_antipodal_pairs_prove_a_minimiser_and_its_non_uniqueness():
    for rows, y, bias, lam in (list(random_cases(31, 0))[k] for k in (30, 0)):   # answers with pairs
        A = Arrangement(rows, bias=bias)
        s = solve(A, y, lam)
        proof = proof_of_solution(A, s, y)
        if proof["claims"].get("krawczyk", {}).get("pairs"):
            break
    else:
        pytest.skip("none of these answers has antipodal pairs any more")
    lines = check(proof)
    theorem = [line for line in lines if line.startswith("a minimiser is")]
    assert theorem and any(line.startswith("the minimiser is not unique") for line in lines), lines
    lo, hi = _value(theorem[0])
    upper = _discretised_optimum(A, y, lam)
    assert lo <= upper + 1e-9 and upper <= hi + 5e-3 * max(1, abs(hi)), (lo, upper)

    def basis(spec, _):   # a row off zero: X^T B = 0 breaks
        j = next(j for j, row in enumerate(rows) if any(row))
        spec["basis"][j][0] = str(Fraction(spec["basis"][j][0]) + 1)
    _fails(_mutated(proof, basis), "claim minimiser", "step basis")

    def split(spec, _):
        a = next(a for a in range(len(spec["pairs"])) if a not in spec["split"]["basic"])
        spec["split"]["fixed"][a] = "1000"
    _fails(_mutated(proof, split), "claim minimiser", "step amplitude")


def _degenerate(draw):
    d = draw(st.integers(1, 3))
    base = draw(st.lists(st.lists(st.integers(-3, 3), min_size=d, max_size=d), min_size=2, max_size=4))
    rows = list(base)
    for kind in draw(st.lists(st.sampled_from(["repeat", "antipode", "collinear", "zero"]), max_size=2)):
        source = base[draw(st.integers(0, len(base) - 1))]
        rows.append({"repeat": source, "antipode": [-v for v in source], "collinear": [2 * v for v in source],
                     "zero": [0] * d}[kind])
    y = draw(st.lists(st.integers(-3, 3), min_size=len(rows), max_size=len(rows)))
    return rows, y, draw(st.booleans()), draw(st.sampled_from(LAMBDAS))


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_degenerate_data_solve_prove_check(data):
    rows, y, bias, lam = _degenerate(data.draw)
    A = Arrangement(rows, bias=bias)
    s = solve(A, y, lam)
    lines = check(proof_of_solution(A, s, y))     # raises on any failing step
    evidence = s.solver.get("evidence") or {}
    if s.status == "verified" and evidence.get("kind") == "krawczyk" and A.n > 0:
        assert any(line.startswith(("the minimiser is", "a minimiser is")) for line in lines), lines


def test_cli_solve_proof_check_proves_a_verified_minimiser(tmp_path):
    from conftest import run_cli
    rows, y = [[-2, 0], [-1, -1], [-5, -5], [-4, -5], [2, 0], [2, -3]], [1, 3, -1, 0, 5, 3]
    data = tmp_path / "data.csv"
    data.write_text("x1,x2,y\n" + "".join(f"{a},{b},{t}\n" for (a, b), t in zip(rows, y)))
    status, out, err = run_cli("solve", str(data), "--bias", "--lam", "2", "--proof", str(tmp_path / "p.json"),
                               "--quiet")
    assert status == 0 and "verified" in out, err
    status, out, err = run_cli("check", str(tmp_path / "p.json"))
    assert status == 0 and "proved: the minimiser is unique: sum a_i delta_(w_i)" in out, out + err
    assert "not covered" not in out
