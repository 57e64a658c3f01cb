"""Proofs of exact fits (lambda = 0): the minimiser and an exact dual optimum proved by the
checker in every status; p_0 (and its ball) not covered."""

import copy
import json
from fractions import Fraction

import numpy as np
import pytest
from scipy.optimize import linprog

from arrangement import Arrangement
from arrangement.data import load_data
from certificates import exact_fit
from certificates.cli import main
from certificates.proofs.checker import check, main as check_main, verdict
from certificates.proofs.producer import proof_of_solution


def grid_lp(X, y, bias, m=6000, seed=1):
    """min sum |a| s.t. sum a_i relu(<w_i, x_j>) = y_j over random directions w_i on the sphere:
    an upper bound of the exact fit's optimum, close for many directions (float ground truth)."""
    rng = np.random.default_rng(seed)
    Xb = np.array([list(r) + [1] for r in X] if bias else X, dtype=float)
    W = rng.standard_normal((m, Xb.shape[1]))
    W /= np.linalg.norm(W, axis=1)[:, None]
    Phi = np.maximum(Xb @ W.T, 0)
    res = linprog(np.ones(2 * m), A_eq=np.hstack([Phi, -Phi]), b_eq=np.array(y, dtype=float),
                  bounds=(0, None), method="highs")
    return res.fun


@pytest.fixture(scope="module")
def xor_fit():
    data = load_data("xor")
    A = Arrangement(data.X, bias=True)
    s = exact_fit(A, data.y)
    return A, s, proof_of_solution(A, s, data.y), data


def test_a_verified_exact_fit_proves_its_minimiser(xor_fit):
    A, s, proof, data = xor_fit
    assert s.status in ("verified", "numerical")                 # p_0 only enclosed (the ball case)
    result = verdict(proof)
    status = {c["claim"]: c["status"] for c in result["claims"]}
    assert status["minimiser"] == "proved"
    assert status["p0"] == "not covered" and result["exit"] == 3
    objective = float(s.objective)
    assert objective == pytest.approx(2 * 2 ** 0.5, abs=1e-12)  # two neurons relu(+-(x1 - x2)), sqrt 2 each
    assert grid_lp([list(map(float, r)) for r in data.X], [float(v) for v in data.y], True) >= objective - 1e-9


def test_the_p0_ball_of_a_verified_exact_fit_holds_p0(xor_fit):
    """The checker derives a ball around p holding p_0 (claim p0_ball); the minimal-norm point of
    a grid relaxation of the dual optimal set (float ground truth, close to p_0) lies in it."""
    import re
    A, s, proof, data = xor_fit
    result = verdict(proof)
    detail = next(c["detail"] for c in result["claims"] if c["claim"] == "p0_ball" and c["status"] == "proved")
    radius2 = float(re.search(r"<= ~?([0-9.e-]+)", detail).group(1))
    from scipy.optimize import minimize
    Xb = np.array([[float(v) for v in row] + [1.0] for row in data.X])
    W = np.random.default_rng(0).standard_normal((4000, 3))
    Phi = np.maximum((W / np.linalg.norm(W, axis=1)[:, None]) @ Xb.T, 0)
    y = np.array([float(v) for v in data.y])
    cons = [{"type": "ineq", "fun": lambda q: 1 - Phi @ q}, {"type": "ineq", "fun": lambda q: 1 + Phi @ q},
            {"type": "ineq", "fun": lambda q: y @ q - float(s.objective)}]
    p0 = minimize(lambda q: q @ q, np.zeros(len(y)), constraints=cons, method="SLSQP",
                  options={"ftol": 1e-14, "maxiter": 500}).x
    import sympy
    p = np.array([float(sympy.sympify(v)) for v in s.certificate["p"]])
    assert float(np.sum((p0 - p) ** 2)) <= radius2 + 1e-3
    bad = json.loads(json.dumps(proof))
    bad["claims"]["p0_ball"] = "yes"
    with pytest.raises(Exception, match="p0_ball"):
        verdict(bad)


def grid_p0(X, y, objective, m=4000):
    """min |p|^2 s.t. <y, p> >= OPT, |eta_p(w)| <= 1 on m directions of the circle (or +-1 for d = 1):
    a relaxation of the dual optimal set, so close to p_0 (float ground truth)."""
    from scipy.optimize import minimize
    X = np.array(X, dtype=float)
    if X.shape[1] == 1:
        W = np.array([[1.0], [-1.0]])
    else:
        t = np.linspace(0, 2 * np.pi, m, endpoint=False)
        W = np.column_stack([np.cos(t), np.sin(t)])
    Phi = np.maximum(W @ X.T, 0)
    cons = [{"type": "ineq", "fun": lambda p: 1 - Phi @ p}, {"type": "ineq", "fun": lambda p: 1 + Phi @ p},
            {"type": "ineq", "fun": lambda p: np.dot(y, p) - objective}]
    return minimize(lambda p: p @ p, np.zeros(len(y)), constraints=cons, method="SLSQP",
                    options={"ftol": 1e-14, "maxiter": 500}).x


@pytest.mark.parametrize("X, y", [([[3, 4]], [10]), ([[1, 0], [0, 2]], [1, 1]), ([[1, 2], [3, -1], [2, 2]], [1, -1, 2]),
                                  ([[1], [2], [-1]], [1, 2, 3])])
def test_exact_fits_are_proved_against_a_grid_lp(X, y):
    A = Arrangement(X)
    s = exact_fit(A, y)
    proof = proof_of_solution(A, s, y)
    result = verdict(proof)
    status = {c["claim"]: c["status"] for c in result["claims"]}
    assert status["minimiser"] == "proved" and s.status == "exact"
    lp = grid_lp(X, y, False)
    assert float(s.objective) <= lp + 1e-7 and lp - float(s.objective) < 0.05 * max(1, lp)
    if status["p0"] == "proved":          # then p is the minimal-norm dual optimum: compare with a QP
        assert result["exit"] == 0
        assert np.allclose([float(v) for v in s.p_exact], grid_p0(X, y, float(s.objective)), atol=2e-3)
    else:
        assert status["p0"] == "not covered" and result["exit"] == 3


def test_a_wrong_least_norm_witness_fails():
    A = Arrangement([[1], [2], [-1]])
    proof = proof_of_solution(A, exact_fit(A, [1, 2, 3]), [1, 2, 3])
    assert "p0" in proof["claims"] and check(proof)[-1].startswith("p is the minimal-norm dual optimum")
    proof["claims"]["p0"][0][0] = "-2"
    with pytest.raises(Exception, match="claim p0"):
        check(proof)


def test_exact_fit_mutations_fail(xor_fit):
    _, _, proof, _ = xor_fit

    def amplitude(p):
        atom = p["claims"]["atoms"][0]
        atom["amplitude"] = "1" if atom["amplitude"] != "1" else "2"

    def objective(p):
        p["claims"]["objective"] = "3"

    def dual(p):
        p["claims"]["p"][0] = "1/3" if p["claims"]["p"][0] != "1/3" else "1/4"

    def label(p):
        p["problem"]["y"][0] = "7"

    for change in (amplitude, objective, dual, label):
        mutant = copy.deepcopy(proof)
        change(mutant)
        with pytest.raises(Exception) as info:
            check(mutant)
        assert info.type.__name__ in ("Failed", "Malformed"), change.__name__


def test_solve_exact_fit_proof_cli(tmp_path, capsys):
    path = tmp_path / "fit.json"
    assert main(["solve", "xor", "--bias", "--exact-fit", "--proof", str(path)]) == 0
    capsys.readouterr()
    assert check_main([str(path), "--json"]) == 3
    claims = {c["claim"]: c["status"] for c in json.loads(capsys.readouterr().out)["claims"]}
    assert claims["minimiser"] == "proved" and claims["p0"] == "not covered"


def test_an_end_game_exact_fit_is_proved_by_its_krawczyk_box(tmp_path, capsys):
    # the sparse route finds no exact direction here; the end-game's Krawczyk box at lambda = 0
    X, y = [[-1, -4], [-5, -3], [2, 0], [-2, 5]], [2, 1, 5, 3]
    A = Arrangement(X, bias=True)
    s = exact_fit(A, y)
    assert s.status == "verified" and s.solver["evidence"]["kind"] == "krawczyk"
    proof = proof_of_solution(A, s, y)
    result = verdict(proof)
    status = {c["claim"]: c["status"] for c in result["claims"]}
    assert status["minimiser"] == "proved" and status["p0"] == "not covered"
    detail = next(c["detail"] for c in result["claims"] if "optimal value in [" in c["detail"])
    low, high = (float(v) for v in detail.split("optimal value in [")[1].split("]")[0].split(", "))
    lp = grid_lp(X, y, True, m=20000)
    assert low <= float(s.objective) <= high and high <= lp + 1e-7 and lp - high < 0.05 * lp

    def box(p):
        p["claims"]["krawczyk"]["box"][0][0] = p["claims"]["krawczyk"]["box"][0][1]   # a box of width 0
        p["claims"]["krawczyk"]["box"][0][1] = str(Fraction(p["claims"]["krawczyk"]["box"][0][1]) + 1)

    def lam(p):
        p["problem"]["lam"] = p["claims"]["lam"] = "1/10"

    def face(p):
        atom = p["claims"]["krawczyk"]["atoms"][0]
        atom["face"] = atom["face"].replace("+", "x").replace("-", "+").replace("x", "-")

    for change in (box, lam, face):
        mutant = copy.deepcopy(proof)
        change(mutant)
        (tmp_path / "m.json").write_text(json.dumps(mutant))
        assert check_main([str(tmp_path / "m.json")]) in (1, 2), change.__name__
        capsys.readouterr()



def stamped(monkeypatch, version):
    """Proofs of regions and certificates stamped with a later minor version (a file may carry any
    minor up to the checker's; a producer writing the newest one, as the tree's and the idle
    atoms' do, is legal)."""
    from certificates.proofs import producer

    def stamp(make):
        def made(*args, **kwargs):
            proof = make(*args, **kwargs)
            proof["format"] = {**proof["format"], "version": version}
            return proof
        return made
    for name in ("proof_of_listed_certificate", "proof_of_regions"):
        monkeypatch.setattr(producer, name, stamp(getattr(producer, name)))


@pytest.mark.parametrize("X, y", [([[1], [2], [-1]], [1, 2, 3]), ([[1, 0], [0, 2]], [1, 1])])
def test_p0_does_not_lower_the_format_version(X, y, monkeypatch):
    """Adding the claim p0 (2.1) to a proof of a later minor version keeps that version (it was
    set to 2.1: a 2.3 tree or a 2.4 idle atom in such a file would then be refused as too new).
    Ground truth: the standalone checker proves the minimiser and p0, and p0 is the least-norm
    point of a grid relaxation of the dual optimal set (a QP)."""
    stamped(monkeypatch, "2.4")
    A = Arrangement(X)
    s = exact_fit(A, y)
    proof = json.loads(json.dumps(proof_of_solution(A, s, y)))
    assert "p0" in proof["claims"] and proof["format"]["version"] == "2.4"
    result = verdict(proof)
    status = {c["claim"]: c["status"] for c in result["claims"]}
    assert result["exit"] == 0 and status["minimiser"] == "proved" and status["p0"] == "proved", result
    assert np.allclose([float(v) for v in s.p_exact], grid_p0(X, y, float(s.objective)), atol=2e-3)
    proof["format"]["version"] = "2.0"              # and p0 does need 2.1
    with pytest.raises(Exception, match="needs format 2.1"):
        verdict(proof)


def test_p0_ball_does_not_lower_the_format_version(xor_fit, monkeypatch):
    """Likewise the claim p0_ball (2.2): its trial check ran on a file stamped 2.2, so a later key
    made it fail and the ball was silently dropped; it is kept, at the file's own version."""
    A, s, _, data = xor_fit
    stamped(monkeypatch, "2.3")
    proof = proof_of_solution(A, s, data.y)
    assert proof["claims"].get("p0_ball") is True and proof["format"]["version"] == "2.3"
    status = {c["claim"]: c["status"] for c in verdict(proof)["claims"]}
    assert status["minimiser"] == "proved" and status["p0_ball"] == "proved" and status["p0"] == "not covered"


def test_an_exact_fit_verified_by_the_end_game_gets_a_proof_not_an_exception(monkeypatch):
    # Data near 2^40, solved in their own units, make the sparse route refuse and the end-game
    # prove the limit's optimality system at lambda = 0 by a box; that system keeps p in the span
    # of the atoms' rows, which the checker's system (p free) does not describe: the proof must
    # list the minimiser as not covered (its regions proved), never raise the checker's Malformed
    # from the producer.  (With the change of units these data come out exact.)
    from certificates.solver import minimiser
    monkeypatch.setattr(minimiser.Rescaling, "needed", classmethod(lambda cls, *a, **k: None))
    X = [[v * 2 ** 40 for v in row] for row in
         [[-2, 4, 3], [-3, 0, 4], [2, 5, 4], [-4, 4, -5], [2, -1, 3], [-2, -2, 2]]]
    y = [1, 3, 1, 0, 0, 2]
    A = Arrangement(X)
    s = exact_fit(A, y)
    evidence = s.solver.get("evidence") or {}
    if s.status != "verified" or evidence.get("kind") != "krawczyk" or evidence.get("pairs"):
        pytest.skip(f"not the end-game's box without pairs here ({s.status}, {evidence.get('kind')})")
    result = verdict(json.loads(json.dumps(proof_of_solution(A, s, y))))
    statuses = {c["claim"]: c["status"] for c in result["claims"]}
    assert result["exit"] == 3 and "failed" not in statuses.values(), result["claims"]
    assert statuses["regions"] == "proved" and statuses["minimiser"] == "not covered"
