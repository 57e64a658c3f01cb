"""A small fuzzer over real proofs: a value of the wrong type anywhere (a list where an object is
expected, a number where a string is, ...) makes the in-process verdict a malformed file
(``Malformed``, exit 2 in the command line), never another exception."""

import copy
import json
import random
from fractions import Fraction
from pathlib import Path

import pytest

from arrangement import Arrangement
from certificates.cli.main import main
from certificates.proofs.checker import Malformed, loads, verdict
from certificates.proofs.tree import proof_of_solution_by_tree
from certificates.solver import large
from certificates.solver.minimiser import solve

DATA = Path(__file__).parent / "data"
SWAPS = {dict: [[], [[]], "x", 0], list: [{}, {"0": "1"}, "x", 0, "1/2", [[]], [None]],
         str: [0, 1, [], {}, ["1"], None, -1], int: ["1", [], {}, True, None], bool: ["true", 1, []],
         type(None): [0, [], "x"]}


@pytest.fixture(scope="module")
def proofs():
    """Proofs of every kind the checker reads: listed regions (exact, Krawczyk, duality gap) and
    trees (Krawczyk, minimisers)."""
    out = [loads((DATA / f"{name}.json").read_text()) for name in ("exact_xor", "gap_ball", "krawczyk_pairs")]
    saved, large.LARGE_REGIONS = large.LARGE_REGIONS, 0
    try:
        for rows, y, bias, lam in (([[0], [0], [0], [0], [2], [2], [-2], [4]], [-2, -2, -5, -4, -1, 1, 2, -2], True,
                                    Fraction(1, 10)), ([[-2], [0], [-2]], [5, 3, 4], False, Fraction(1, 10))):
            A = Arrangement(rows, bias=bias)
            out.append(json.loads(json.dumps(proof_of_solution_by_tree(A, solve(A, y, lam), y))))
    finally:
        large.LARGE_REGIONS = saved
    assert all(verdict(p)["exit"] in (0, 3) for p in out)
    return out


def places(obj, path=()):
    yield path
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield from places(value, path + (key,))
    elif isinstance(obj, list):
        for k, value in enumerate(obj[:4]):
            yield from places(value, path + (k,))


def mutated(proof, path, value):
    out = copy.deepcopy(proof)
    target = out
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return out


def old_value(proof, path):
    for key in path:
        proof = proof[key]
    return proof


def test_wrongly_typed_values_are_malformed_never_another_exception(proofs):
    rng = random.Random(7)
    for proof in proofs:
        spots = [p for p in places(proof) if p and p[0] != "tree"]      # the tree's own nodes: their own test
        for path in rng.sample(spots, min(60, len(spots))):
            value = rng.choice(SWAPS.get(type(old_value(proof, path)), [None]))
            try:
                result = verdict(mutated(proof, path, copy.deepcopy(value)))
            except Malformed:
                continue
            assert result["exit"] in (0, 1, 3)


def test_the_cases_the_fuzzer_found(proofs, tmp_path, capsys):
    krawczyk_tree, minimisers_tree = proofs[3], proofs[4]
    assert "minimisers" in minimisers_tree["claims"] and "krawczyk" in krawczyk_tree["claims"]
    bad = [mutated(minimisers_tree, ("claims", "minimisers"), None),
           mutated(krawczyk_tree, ("claims", "krawczyk", "walls", 0, "rows"), [[]])]
    for proof in bad:
        with pytest.raises(Malformed):
            verdict(proof)
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(proof))
        assert main(["check", str(path)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err
