"""Pruned-tree proofs (format 2.3) of solves on the no-enumeration route.

Ground truth independent of the tree: the extreme set a tree proof certifies against the
extreme set of the full enumeration (every region's exact maximum), and, for a false claim,
a point where |eta| > 1 found by sampling.  Every proof written here goes through the
standalone checker (in process, and one through ``python -m certificates.proofs.checker``);
mutations fail, naming the step."""

import copy
import json
import random
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest

from arrangement import Arrangement
from certificates.cli.main import main
from certificates.dual.certificate import Certificate
from certificates.proofs.checker import Malformed, verdict
from certificates.proofs.tree import proof_of_solution_by_tree, tree_of
from certificates.solver import large
from certificates.solver.minimiser import solve


def degenerate(rng, n, d):
    """Rows with repeats, opposite rows, multiples and zero rows."""
    base = [[rng.randint(-3, 3) for _ in range(d)] for _ in range(max(2, n // 2))]
    rows = []
    for _ in range(n):
        r = rng.random()
        rows.append([0] * d if r < 0.1 else [v * rng.choice([1, 2, -1]) for v in rng.choice(base)] if r < 0.5
                    else [rng.randint(-3, 3) for _ in range(d)])
    return rows


def cases(count, seed):
    rng = random.Random(seed)
    for k in range(count):
        n, d = rng.randint(3, 8), rng.choice([1, 1, 2, 3])
        yield degenerate(rng, n, d), [rng.randint(-5, 5) for _ in range(n)], k % 2 == 0, \
            rng.choice([Fraction(1, 10), Fraction(1, 2), Fraction(2)])


@pytest.fixture(scope="module")
def proofs():
    """(A, y, solution, proof) of forced no-enumeration solves that have a tree proof."""
    saved, large.LARGE_REGIONS = large.LARGE_REGIONS, 0
    out = []
    try:
        for rows, y, bias, lam in cases(24, 11):
            A = Arrangement(rows, bias=bias)
            s = solve(A, y, lam)
            assert s.solver.get("enumerated") is False
            proof = proof_of_solution_by_tree(A, s, y)
            if proof is not None:
                out.append((A, y, s, json.loads(json.dumps(proof))))
    finally:
        large.LARGE_REGIONS = saved
    return out


def claims_of(proof):
    v = verdict(proof)
    return v, {c["claim"]: c for c in v["claims"]}


def test_tree_proofs_prove_the_minimiser(proofs):
    kinds = {"krawczyk" in p["claims"] for *_, p in proofs}
    assert len(proofs) >= 12 and kinds == {True, False}
    assert any(len(y) and not any(A.X[0][:A.d - int(A.bias)]) or any(not any(row[:A.d - int(A.bias)]) for row in A.X)
               for A, y, _, _ in proofs)                  # zero rows
    assert {A.d - int(A.bias) for A, *_ in proofs} >= {1, 2}
    for A, y, s, proof in proofs:
        assert proof["regions"] == [] or "krawczyk" in proof["claims"]
        v, by_name = claims_of(proof)
        if "gap" in proof["claims"]:        # a duality-gap ball: the value is proved, the atoms are not
            assert v["exit"] == 3 and by_name["gap"]["status"] == "proved", v["claims"]
            continue
        assert v["exit"] == 0, v["claims"][-1]
        assert by_name["minimiser"]["status"] == "proved" and by_name["tree"]["status"] == "proved"


def test_the_extreme_set_of_a_tree_is_that_of_the_full_enumeration(proofs):
    # ground truth: every region of the enumerated arrangement, its exact maximum
    exact = [(A, p) for A, _, _, p in proofs if "p" in p["claims"]]
    assert exact
    for A, proof in exact:
        cert = Certificate(A, [Fraction(v) for v in proof["claims"]["p"]])
        assert cert.sup_abs_eta_squared == Fraction(proof["claims"]["sup_abs_eta_squared"])
        expected = {(tuple(e.w), e.sign) for e in cert.extreme_points}
        got = {(tuple(Fraction(v) for v in e["w"]), e["sign"]) for e in proof["claims"]["extreme_points"]}
        assert got == expected


def first(nodes, kind, test=lambda node: True):
    return next(i for i, node in enumerate(nodes) if node[0] == kind and test(node))


def refused(proof, *words):
    try:
        v = verdict(proof)
    except Malformed as exc:
        return all(w in str(exc) for w in words) or str(exc)
    assert not v["valid"] and v["exit"] == 1
    detail = next(c for c in v["claims"] if c["status"] == "failed")["detail"]
    assert all(w in detail for w in words), detail
    return True


def invalid(proof) -> bool:
    try:
        return verdict(proof)["exit"] in (1, 2)
    except Malformed:
        return True


def a_tree(proofs, test):
    return next(p for *_, p in proofs if test(p))


def test_mutations_fail_naming_the_step(proofs):
    with_range = a_tree(proofs, lambda p: any(n[0] == "s" and n[2] for n in p["tree"]["plus"]))
    bad = copy.deepcopy(with_range)
    nodes = bad["tree"]["plus"]
    k = first(nodes, "s", lambda n: n[2])
    nodes[k][2][0][2] //= 2                                  # a range made smaller
    assert refused(bad, "range", "not proved")

    with_mu = a_tree(proofs, lambda p: any(n[0] == "b" and len(n) > 1 for n in p["tree"]["plus"]))
    bad = copy.deepcopy(with_mu)
    nodes = bad["tree"]["plus"]
    k = first(nodes, "b", lambda n: len(n) > 1)
    nodes[k][2] = -nodes[k][2]                               # a multiplier made negative
    assert refused(bad, "nonnegative multiplier")
    bad = copy.deepcopy(with_mu)
    nodes = bad["tree"]["plus"]
    nodes[k][2] = nodes[k][2] << 40                          # a pruned node's bound data changed
    assert refused(bad, f"node {k}", "not below")

    for key in ("plus", "minus"):                           # a child dropped
        bad = copy.deepcopy(with_mu)
        k = first(bad["tree"][key], "b")
        del bad["tree"][key][k]
        assert invalid(bad)
    bad = copy.deepcopy(with_mu)
    bad["tree"]["plus"].pop()
    assert refused(bad, "a child is missing")

    split = a_tree(proofs, lambda p: len({n[1] for n in p["tree"]["plus"] if n[0] == "s"}) > 1)
    bad = copy.deepcopy(split)
    nodes = bad["tree"]["plus"]
    rows = sorted({n[1] for n in nodes if n[0] == "s"})
    nodes[0][1] = rows[1] if nodes[0][1] == rows[0] else rows[0]      # a split hyperplane changed
    assert invalid(bad)

    kraw = a_tree(proofs, lambda p: "krawczyk" in p["claims"])
    bad = copy.deepcopy(kraw)
    pattern = bad["regions"][0]["pattern"]
    j = next(j for j, s in enumerate(pattern) if s != "0")
    bad["regions"][0]["pattern"] = pattern[:j] + ("-" if pattern[j] == "+" else "+") + pattern[j + 1:]
    assert invalid(bad)                                      # a leaf's region changed

    exact = a_tree(proofs, lambda p: "p" in p["claims"] and any(len(n) == 2 and n[0] == "l" and n[1] != {}
                                                                for key in ("plus", "minus") for n in p["tree"][key]))
    bad = copy.deepcopy(exact)
    side = next(key for key in ("plus", "minus") if any(len(n) == 2 and n[0] == "l" and n[1] for n in bad["tree"][key]))
    k = first(bad["tree"][side], "l", lambda n: len(n) == 2 and n[1])
    key = sorted(bad["tree"][side][k][1])[0]
    bad["tree"][side][k][1][key] = "-1"
    assert refused(bad, "leaf multiplier is negative")
    bad["tree"][side][k][1][key] = "1000"                    # a leaf's data changed: its bound, not its maximum
    assert refused(bad, "bound the maximum only by")
    bad = copy.deepcopy(exact)
    bad["claims"]["p"][0] = str(Fraction(bad["claims"]["p"][0]) + Fraction(1, 1000))   # p changed
    assert invalid(bad)


def test_a_false_claim_is_refused():
    # p scaled by 11/10: |eta| > 1 somewhere (found by sampling: independent of the tree)
    rng = np.random.default_rng(3)
    A = Arrangement([[1, 2], [2, -1], [-1, 1], [3, 1], [0, 1]], bias=True)
    y = [1, -2, 3, 0, 2]
    s = solve(A, y, Fraction(1, 2))
    p = [Fraction(str(v)) * Fraction(11, 10) for v in s.p_exact] if s.status == "exact" else \
        [Fraction(float(v)) * Fraction(11, 10) for v in s.p]
    W = rng.normal(size=(20000, A.d))
    W /= np.linalg.norm(W, axis=1)[:, None]
    X = np.array([[float(v) for v in row] for row in A.X])
    assert np.abs(np.maximum(W @ X.T, 0) @ np.array([float(v) for v in p])).max() > 1
    tree, leaves = tree_of(A, p, 2)                          # the level relaxed
    good = proof_of_solution_by_tree(A, s, y) or pytest.skip("no tree proof of this solve")
    forged = copy.deepcopy(good)
    forged["claims"] = {"y": good["claims"]["y"], "lam": good["claims"]["lam"], "p": [str(v) for v in p],
                        "sup_abs_eta_squared": "1", "extreme_points": []}
    forged["regions"], forged["tree"] = [], dict(tree, level="1")
    assert refused(forged, "not below")
    forged["tree"]["level"] = "2"
    assert refused(forged, "level")


def test_a_duality_gap_ball_with_a_tree(monkeypatch):
    # the optimality systems switched off (this case gets a Krawczyk box otherwise): the end-game
    # proves a duality-gap ball, whose feasible p is certified by a tree
    from certificates.solver.endgame import routes
    monkeypatch.setattr(routes, "optimality_systems", lambda *args, **kwargs: iter(()))
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    A, y = Arrangement([[0, 0], [1, 2], [0, 0], [2, -1]], bias=True), [1, 2, 3, -1]
    s = solve(A, y, Fraction(1, 2))
    assert (s.solver.get("evidence") or {}).get("kind") == "gap"
    proof = json.loads(json.dumps(proof_of_solution_by_tree(A, s, y)))
    v, by_name = claims_of(proof)
    assert v["exit"] == 3 and by_name["gap"]["status"] == "proved" and by_name["minimiser"]["status"] == "not covered"
    sup = Fraction(proof["claims"]["sup_abs_eta_squared"])
    # ground truth: the exact maximum over every enumerated region
    assert sup == Certificate(A, [Fraction(v) for v in proof["claims"]["p"]]).sup_abs_eta_squared <= 1
    bad = copy.deepcopy(proof)
    bad["claims"]["sup_abs_eta_squared"] = str(sup * Fraction(99, 100))
    assert invalid(bad)


def test_a_certificate_on_a_patch_is_proved_by_a_tree():
    # a patch lists a few regions only: its proof cannot list all of them; the sup against the
    # exact maximum over every region of the full enumeration (ground truth)
    from certificates.dual.patch import Patch
    from certificates.proofs.producer import proof_of_certificate
    rng = random.Random(4)
    for _ in range(6):
        rows = degenerate(rng, 6, 2)
        A = Arrangement(rows, bias=True)
        face = "".join("+" if sum(x) > 0 else "-" for x in A.X)
        p = [Fraction(rng.randint(-4, 4), rng.randint(1, 4)) for _ in rows]
        proof = proof_of_certificate(Certificate(Patch(A, [face]), p))
        if "tree" not in proof:
            assert not any(p)
            continue
        v, by_name = claims_of(proof)
        assert v["exit"] == 0 and by_name["tree"]["status"] == "proved"
        assert Fraction(proof["claims"]["sup_abs_eta_squared"]) == Certificate(A, p).sup_abs_eta_squared


def test_cli_solve_writes_a_tree_proof_the_standalone_checker_accepts(tmp_path, monkeypatch):
    data = tmp_path / "d.csv"
    data.write_text("x1,x2,y\n1,0,1\n0,1,2\n1,1,0\n-1,2,1\n2,-1,-1\n0,0,3\n")
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    out = tmp_path / "proof.json"
    assert main(["solve", str(data), "--bias", "--lam", "1/2", "--proof", str(out)]) == 0
    proof = json.loads(out.read_text())
    assert "tree" in proof and proof["format"]["version"] == "2.3"
    run = subprocess.run([sys.executable, "-m", "certificates.proofs.checker", str(out), "--json"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert any(c["claim"] == "minimiser" and c["status"] == "proved" for c in json.loads(run.stdout)["claims"])
