"""Hostile edits of pruned-tree proofs: whatever the checker accepts must be true.

Proofs of forced no-enumeration solves on degenerate data (zero, repeated, opposite rows,
d = 1) are mutated at random (tree nodes dropped or duplicated, ranges shrunk or flipped,
multipliers negated or made huge, the level raised, the scale changed, the two signs' trees
swapped, p scaled, the claimed sup or an extreme point's sign changed).  Ground truth,
independent of the tree: every region of the enumerated arrangement with its exact maximum
(sup |eta|^2 and the extreme set of the claimed p)."""

import copy
import json
import random
from fractions import Fraction

import pytest

from arrangement import Arrangement
from certificates.dual.certificate import Certificate
from certificates.proofs.checker import Malformed, verdict
from certificates.proofs.tree import proof_of_solution_by_tree
from certificates.solver import large
from certificates.solver.minimiser import solve

CASES = [([[1], [-1], [2], [0], [1]], [2, -1, 3, 1, -2], True, Fraction(1, 2)),
         ([[1, 0], [-1, 0], [2, 0], [0, 0]], [1, 1, -1, 2], False, Fraction(1, 3)),
         ([[1, 2], [2, 4], [-1, -2], [3, -1], [0, 0]], [1, -2, 3, -1, 2], True, Fraction(1, 5)),
         ([[3], [0], [-6], [0], [-2], [-3]], [2, 2, 4, 0, 4, 0], False, Fraction(1, 2)),
         ([[1, 1], [0, -1]], [-3, -4], False, Fraction(1, 10)),
         ([[-3, -3], [-1, -2], [-3, 6], [-3, 6]], [-3, 4, -3, -1], True, Fraction(1, 3))]


@pytest.fixture(scope="module")
def proofs():
    saved, large.LARGE_REGIONS = large.LARGE_REGIONS, 0
    out = []
    try:
        for rows, y, bias, lam in CASES:
            A = Arrangement(rows, bias=bias)
            proof = proof_of_solution_by_tree(A, solve(A, y, lam), y)
            if proof is not None:
                out.append((A, json.loads(json.dumps(proof))))
    finally:
        large.LARGE_REGIONS = saved
    return out


def mutate(proof, rng):
    """One random hostile edit in place; False when the drawn edit does not apply."""
    tree, claims = proof["tree"], proof["claims"]
    nodes = tree[rng.choice(["plus", "minus"])]
    node = nodes[rng.randrange(len(nodes))] if nodes else None
    kind = rng.randrange(12)
    if kind == 0 and nodes:
        del nodes[rng.randrange(len(nodes))]
    elif kind == 1 and nodes:
        nodes.insert(rng.randrange(len(nodes)), copy.deepcopy(node))
    elif kind == 2 and node and node[0] == "s" and node[2]:
        entry = rng.choice(node[2])
        entry[1], entry[2] = (-entry[1], entry[2]) if rng.random() < 0.5 else (entry[1], entry[2] // 2)
    elif kind == 3 and node and node[0] == "b" and len(node) > 2:
        k = rng.randrange(2, len(node), 2)
        node[k] = rng.choice([-node[k], node[k] << 40, 0])
    elif kind == 4:
        tree["level"] = str(Fraction(tree["level"]) * rng.choice([Fraction(11, 10), 2]))
    elif kind == 5:
        tree["scale"] += rng.choice([-1, 1, 3])
    elif kind == 6 and nodes:
        nodes[rng.randrange(len(nodes))] = ["b"]
    elif kind == 7 and node and node[0] == "l" and len(node) == 2 and node[1]:
        k = rng.choice(sorted(node[1]))
        node[1][k] = str(Fraction(node[1][k]) * rng.choice([-1, 0, 2]))
    elif kind == 8:
        tree["plus"], tree["minus"] = tree["minus"], tree["plus"]
    elif kind == 9 and "p" in claims:
        factor = rng.choice([Fraction(11, 10), Fraction(9, 10), -1])
        claims["p"] = [str(Fraction(v) * factor) for v in claims["p"]]
    elif kind == 10 and "p" in claims:
        claims["sup_abs_eta_squared"] = str(Fraction(claims["sup_abs_eta_squared"]) * rng.choice(
            [Fraction(9, 10), Fraction(11, 10)]))
    elif kind == 11 and claims.get("extreme_points"):
        rng.choice(claims["extreme_points"])["sign"] *= -1
    else:
        return False
    return True


def true_claims(A, claims) -> bool:
    """sup |eta|^2 and the extreme set of the claimed p, by the full enumeration."""
    cert = Certificate(A, [Fraction(v) for v in claims["p"]])
    if cert.sup_abs_eta_squared != Fraction(claims["sup_abs_eta_squared"]):
        return False
    listed = {(tuple(Fraction(v) for v in e["w"]), e["sign"]) for e in claims.get("extreme_points", [])}
    return cert.sup_abs_eta_squared > 1 or listed == {(tuple(e.w), e.sign) for e in cert.extreme_points}


def test_an_accepted_mutated_tree_proof_claims_only_what_is_true(proofs):
    assert len(proofs) >= 4 and any("p" in p["claims"] for _, p in proofs) \
        and any("krawczyk" in p["claims"] for _, p in proofs)
    rng, refused, tried = random.Random(3), 0, 0
    while tried < 400:
        A, original = rng.choice(proofs)
        proof = copy.deepcopy(original)
        if not mutate(proof, rng) or proof == original:
            continue
        tried += 1
        try:
            accepted = verdict(proof)["exit"] == 0
        except Malformed:
            accepted = False
        refused += not accepted
        if accepted and proof["claims"] != original["claims"]:
            assert "p" in proof["claims"] and true_claims(A, proof["claims"]), proof["claims"]
    assert refused >= tried // 2     # most hostile edits break the proof


def test_a_sup_claimed_lower_with_the_level_lowered_is_refused(proofs):
    _, original = next((A, p) for A, p in proofs if "p" in p["claims"]
                       and Fraction(p["claims"]["sup_abs_eta_squared"]) > 0)
    proof = copy.deepcopy(original)
    sup = Fraction(proof["claims"]["sup_abs_eta_squared"]) * Fraction(81, 100)
    proof["claims"]["sup_abs_eta_squared"] = str(sup)
    proof["tree"]["level"] = str(min(Fraction(proof["tree"]["level"]), Fraction(9, 10)))
    proof["claims"].pop("extreme_points", None)
    for key in ("minimisers", "unique", "atoms", "objective"):
        proof["claims"].pop(key, None)
    v = verdict(proof)
    assert v["exit"] == 1 and v["claims"][-1]["status"] == "failed"


def test_a_p_off_by_a_huge_denominator_fails_by_name(proofs):
    # the leaf's bound |q|^2 has a numerator of more digits than str() converts: the failure
    # must still name the step (exit 1), not stop the checker with a ValueError
    _, original = next((A, p) for A, p in proofs if "p" in p["claims"])
    proof = copy.deepcopy(original)
    eps = Fraction(1, 10 ** 2200 + 1)
    proof["claims"]["p"] = [str(Fraction(v) * (1 + eps)) for v in proof["claims"]["p"]]
    for key in ("minimisers", "unique", "atoms", "objective", "gap"):
        proof["claims"].pop(key, None)
    v = verdict(proof)
    assert v["exit"] == 1 and "the multipliers bound the maximum only by" in v["claims"][-1]["detail"]
