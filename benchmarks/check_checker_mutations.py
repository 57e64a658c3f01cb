"""Compare the verdicts of two versions of the standalone proof checker on mutated real proofs.

    python benchmarks/check_checker_mutations.py OLD_CHECKER.py [--mutations 200] [--seed 0] [--cache DIR]

OLD_CHECKER.py is a copy of an earlier checker (``git show main:certificates/proofs/checker.py >
/tmp/old_checker.py``); the new one is the package's.  Real proofs the suite writes (a solve proved
exactly, solves proved by Krawczyk boxes and by a duality-gap ball, an exact fit, an exact and a
verified path, the regions of one shard directory merged, one shard alone, an answer in a number
field, a certificate on data with denominators, pruned-tree proofs of solves and of a certificate) are each mutated ``--mutations`` times at random: a number changed (plus one, negated,
halved, its numerator and denominator swapped), a sign character or a sign flipped, a key renamed
or dropped, a list entry dropped, duplicated or two entries swapped.  Both checkers give an exit
status (0 proved, 1 failed, 2 malformed, 3 not covered) for every file; the table counts the pairs
(old, new).  The new checker must never be more lenient: ``new 0`` where the old one did not say 0,
or ``new 3`` where the old one said 1 or 2.  Exit status 1 if it ever is.
"""

import argparse
import copy
import importlib.util
import json
import random
import sys
import tempfile
from collections import Counter
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "proofs" / "data"


def load_checker(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def real_proofs(cache: Path) -> dict:
    """name -> proof (a dict), written once into ``cache``."""
    cache.mkdir(parents=True, exist_ok=True)
    makers = {
        "solve_exact": lambda: json.loads((DATA / "exact_xor.json").read_text()),
        "solve_verified": lambda: json.loads((DATA / "krawczyk_random.json").read_text()),
        "solve_verified_pairs": lambda: json.loads((DATA / "krawczyk_pairs.json").read_text()),
        "solve_gap": lambda: json.loads((DATA / "gap_ball.json").read_text()),
        "exact_fit": exact_fit_proof,
        "path_exact": lambda: path_proof([[-2], [-1], [0], [1], [2]], [0, 1, 2, 1, 0], "1/1000", 10, True, True),
        "path_verified": lambda: path_proof([[1]], [2], "1/2", 3, False, False),
        "shards_merged": lambda: shard_proofs()[0],
        "shard_alone": lambda: shard_proofs()[1],
        "field": field_proof,
        "certificate_rational_data": certificate_proof,
        "tree_exact": lambda: tree_solve_proofs()["p"],
        "tree_krawczyk": lambda: tree_solve_proofs()["krawczyk"],
        "tree_gap": lambda: tree_solve_proofs()["gap"],
        "tree_certificate": tree_certificate_proof,
    }
    proofs = {}
    for name, make in makers.items():
        target = cache / f"{name}.json"
        if not target.exists():
            target.write_text(json.dumps(make()))
        proofs[name] = json.loads(target.read_text())
    return proofs


def exact_fit_proof():
    from arrangement import Arrangement
    from arrangement.data import load_data
    from certificates import exact_fit
    from certificates.proofs.producer import proof_of_solution
    data = load_data("xor")
    A = Arrangement(data.X, bias=True)
    return proof_of_solution(A, exact_fit(A, data.y), data.y)


def path_proof(X, y, lam_min, lam_max, bias, exact):
    from arrangement import Arrangement
    from certificates.proofs.path import proof_of_path
    from certificates.solver.path.path import regularisation_path
    A = Arrangement(X, bias=bias)
    return proof_of_path(A, regularisation_path(A, y, lam_min, lam_max, exact=exact), y)


def shard_proofs():
    from arrangement import Arrangement
    from arrangement.shards import write_regions
    from certificates.proofs import checker
    from certificates.proofs.shards import write_shard_proofs
    X = [[0, 0], [1, 0], [0, 1], [1, 1], [2, 1]]
    with tempfile.TemporaryDirectory() as tmp:
        write_regions(Arrangement(X, bias=True), tmp, tasks=5)
        write_shard_proofs(tmp)
        shards = [json.loads(f.read_text()) for f in sorted(Path(tmp).glob("part-*.proof.json"))]
    merged = checker.merge_shards(shards)
    return merged, shards[0]


def certificate_proof():
    """A certificate with an extreme set, on data with denominators."""
    from arrangement import Arrangement
    from certificates import Certificate
    from certificates.proofs.producer import proof_of_certificate
    A = Arrangement([[1, Fraction(3, 4)], [1, Fraction(-3, 4)]])
    return proof_of_certificate(Certificate(A, [Fraction(5, 6), Fraction(-5, 6)]))


def tree_solve_proofs() -> dict:
    """Pruned-tree proofs (format 2.3) of solves on the no-enumeration route: the first one proved
    exactly (claim p), by a Krawczyk box and by a duality-gap ball, on small degenerate data."""
    from arrangement import Arrangement
    from certificates.proofs.producer import proof_of_solution
    from certificates.solver import large
    from certificates.solver.minimiser import solve
    rng, found = random.Random(11), {}
    saved, large.LARGE_REGIONS = large.LARGE_REGIONS, 0
    try:
        while len(found) < 3:
            n, d = rng.randint(3, 7), rng.choice([1, 2, 2])
            X = [[rng.randint(-3, 3) for _ in range(d)] for _ in range(n)]
            X[rng.randrange(n)] = list(X[0])                        # a repeated row
            y, lam = [rng.randint(-5, 5) for _ in range(n)], rng.choice(["1/10", "1/2", "2"])
            A = Arrangement(X, bias=rng.random() < 0.5)
            proof = proof_of_solution(A, solve(A, y, lam), y)
            kind = next((k for k in ("krawczyk", "gap", "p") if k in proof["claims"]), None)
            if "tree" in proof and kind and kind not in found:
                found[kind] = proof
    finally:
        large.LARGE_REGIONS = saved
    return found


def tree_certificate_proof():
    """A pruned-tree proof of a certificate with an extreme set (``proof_of_certificate``)."""
    from arrangement import Arrangement
    from certificates import Certificate
    from certificates.proofs.tree import proof_of_certificate_by_tree
    A = Arrangement([[1, 0], [0, 1], [3, 4], [1, -1], [0, 0]])
    return proof_of_certificate_by_tree(Certificate(A, [1, "-1/2", 0, 0, 1]))


def field_proof():
    from arrangement import Arrangement
    from certificates import solve
    from certificates.proofs.producer import proof_of_solution
    A = Arrangement([[1, 2], [3, -1]])
    return proof_of_solution(A, solve(A, [2, -1], "1/5"), [2, -1])


def places(value, path=()):
    """Every (path, value) in a JSON value."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from places(item, path + (key,))
    elif isinstance(value, list):
        for k, item in enumerate(value):
            yield from places(item, path + (k,))


def parent(root, path):
    for key in path[:-1]:
        root = root[key]
    return root


def number_variants(text):
    try:
        x = Fraction(text) if isinstance(text, (str, int)) and not isinstance(text, bool) else None
    except (ValueError, ZeroDivisionError):
        return []
    if x is None:
        return []
    out = [x + 1, -x, x / 2, x + Fraction(1, 10 ** 9)]
    if x:
        out.append(1 / x)
    return [str(v) if isinstance(text, str) else int(v) for v in out if not isinstance(text, int) or v.denominator == 1]


def mutate(proof, rng):
    """One random mutation of a copy of ``proof`` (None if the draw found nothing to change)."""
    proof = copy.deepcopy(proof)
    spots = list(places(proof))[1:]
    path, value = rng.choice(spots)
    holder, key = parent(proof, path), path[-1]
    kind = rng.choice(["number", "number", "number", "sign", "key", "list"])
    if kind == "number":
        variants = number_variants(value)
        if not variants:
            return None
        holder[key] = rng.choice(variants)
    elif kind == "sign":
        if isinstance(value, str) and set(value) <= set("+-0") and value:
            k = rng.randrange(len(value))
            swap = {"+": "-", "-": "+", "0": "+"}[value[k]]
            holder[key] = value[:k] + swap + value[k + 1:]
        elif type(value) is int and value in (1, -1):
            holder[key] = -value
        elif isinstance(value, bool):
            holder[key] = not value
        else:
            return None
    elif kind == "key":
        if not isinstance(holder, dict):
            return None
        item = holder.pop(key)
        if rng.random() < 0.5:
            holder[key + "_" if rng.random() < 0.5 else key[:-1] or "x"] = item
    else:
        if not isinstance(holder, list):
            return None
        choice = rng.randrange(3)
        if choice == 0:
            holder.pop(key)
        elif choice == 1:
            holder.insert(key, copy.deepcopy(holder[key]))
        elif len(holder) > 1:
            other = rng.randrange(len(holder))
            holder[key], holder[other] = holder[other], holder[key]
        else:
            return None
    return proof


def exit_of(checker, proof) -> tuple:
    """The exit status ``checker FILE`` gives for the file holding ``proof``, and its claims' statuses."""
    try:
        result = checker.verdict(checker.loads(json.dumps(proof)))
    except (checker.Malformed, KeyError, TypeError, ValueError, IndexError, AttributeError, RecursionError):
        return 2, ()
    return result["exit"], tuple((c["claim"], c["status"]) for c in result["claims"])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", help="a copy of the earlier checker.py")
    parser.add_argument("--mutations", type=int, default=200, help="per proof")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "dualcert_mutation_proofs"))
    args = parser.parse_args(argv)
    old = load_checker(args.old, "old_checker")
    from certificates.proofs import checker as new
    rng = random.Random(args.seed)
    lenient, total, claims_differ = [], Counter(), 0
    for name, proof in real_proofs(Path(args.cache)).items():
        base = (exit_of(old, proof)[0], exit_of(new, proof)[0])
        table, made = Counter(), 0
        while made < args.mutations:
            mutated = mutate(proof, rng)
            if mutated is None:
                continue
            made += 1
            (before, claims_before), (after, claims_after) = exit_of(old, mutated), exit_of(new, mutated)
            pair, claims_differ = (before, after), claims_differ + (claims_before != claims_after)
            table[pair] += 1
            if pair[1] != pair[0] and (pair[1] == 0 or (pair[1] == 3 and pair[0] in (1, 2))):
                lenient.append((name, json.dumps(mutated)[:200]))
        total.update(table)
        print(f"{name}: unmutated old {base[0]} new {base[1]}; (old, new): "
              + ", ".join(f"{k}: {v}" for k, v in sorted(table.items())))
    same = sum(v for (a, b), v in total.items() if a == b)
    print(f"all: {sum(total.values())} mutated files, same exit status {same}, "
          f"new more lenient {len(lenient)}, claim lists (name, status) differ {claims_differ}; (old, new): " + ", ".join(f"{k}: {v}" for k, v in sorted(total.items())))
    for name, text in lenient[:10]:
        print(f"  more lenient on {name}: {text}")
    return 1 if lenient else 0


if __name__ == "__main__":
    sys.exit(main())
