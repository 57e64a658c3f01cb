"""The checker's fast paths decide what the slow ones did: witness signs read from one packed
integer, neighbours found through a key that changes in O(1) per crossed hyperplane (confirmed
on the pattern itself), numbers of Q(theta) as integers over one denominator in lowest terms.

Ground truth: row-by-row Python sums, Fraction arithmetic coefficient by coefficient, sympy's
polynomial remainder, and the same proofs checked with every key colliding (the exact path)."""

import copy
import math
import random
from fractions import Fraction

import pytest
import sympy

from arrangement import Arrangement as DataArrangement
from certificates.proofs import checker
from certificates.proofs.checker import Arrangement, Failed, Field, Number, check
from certificates.proofs.regions import proof_of_regions

t = sympy.Symbol("t")


def _row_by_row(rows, w):
    return "".join("+" if v > 0 else "-" if v < 0 else "0"
                   for v in (sum(x * y for x, y in zip(row, w)) for row in rows))


def test_packed_signs_match_a_row_by_row_evaluation():
    rng = random.Random(3)
    for trial in range(300):
        d, n = rng.randint(1, 4), rng.randint(1, 40)
        size = rng.choice([3, 10 ** 6, 10 ** 40])
        rows = [[rng.randint(-size, size) for _ in range(d)] for _ in range(n)]
        rows[rng.randrange(n)] = [0] * d                                   # a zero row
        rows[rng.randrange(n)] = [-3 * v for v in rows[rng.randrange(n)]]   # a parallel one
        A = Arrangement([[str(v) for v in row] for row in rows])
        for _ in range(5):
            w = [rng.choice([0, 1, -1, rng.randint(-size ** 2, size ** 2)]) for _ in range(d)]
            if rng.random() < 0.3 and d > 1:      # exactly on a hyperplane: products 0
                j = rng.randrange(n)
                w = [rows[j][1], -rows[j][0]] + [0] * (d - 2)
            assert A.signs(w) == _row_by_row(rows, w), (trial, rows, w)


def _proof(n=9, seed=1, bias=True):
    rng = random.Random(seed)
    X = [[rng.randint(-4, 4), rng.randint(-4, 4)] for _ in range(n)]
    return proof_of_regions(DataArrangement(X, bias=bias))


def _verdict(proof):
    try:
        return "proved", check(copy.deepcopy(proof))[0]
    except Failed as exc:
        return "failed", str(exc)


def _colliding(monkeypatch):
    """Every pattern key 0 and every crossing term 0: each neighbour is then looked up by
    comparing patterns, the exact path the key only filters."""
    original = checker.Arrangement.pattern_key

    def constant(self, pattern):
        original(self, pattern)
        self.keys = self.keys[0], dict.fromkeys(self.keys[1], 0)
        return 0
    monkeypatch.setattr(checker.Arrangement, "pattern_key", constant)


def _mutations(proof):
    rng = random.Random(0)
    yield "as written", proof
    regions = proof["regions"]
    dropped = copy.deepcopy(proof)
    del dropped["regions"][len(regions) // 2]
    yield "a region dropped", dropped
    with_farkas = [k for k, r in enumerate(regions) if r.get("farkas")]
    bent = copy.deepcopy(proof)
    k = rng.choice(with_farkas)
    bent["regions"][k]["farkas"][0][1] += 1
    yield "a Farkas digit changed", bent
    swapped = copy.deepcopy(proof)
    pattern = swapped["regions"][1]["pattern"]
    i = next(i for i in range(1, len(pattern)) if pattern[i] != pattern[0])
    swapped["regions"][1]["pattern"] = pattern[i] + pattern[1:i] + pattern[0] + pattern[i + 1:]
    yield "two rows of a pattern swapped", swapped
    moved = copy.deepcopy(proof)
    moved["regions"][0], moved["regions"][-1] = moved["regions"][-1], moved["regions"][0]
    yield "another root", moved
    emptied = copy.deepcopy(proof)
    emptied["regions"][k].pop("farkas")
    yield "the certificates of a region removed", emptied


@pytest.mark.parametrize("bias", [True, False])
def test_region_lists_accepted_and_mutations_refused_with_and_without_key_collisions(bias, monkeypatch):
    proof = _proof(bias=bias)
    fast = {name: _verdict(p) for name, p in _mutations(proof)}
    assert fast["as written"][0] == "proved"
    for name in ("a region dropped", "a Farkas digit changed", "two rows of a pattern swapped",
                 "the certificates of a region removed"):
        assert fast[name][0] == "failed", name
    _colliding(monkeypatch)
    assert {name: _verdict(p) for name, p in _mutations(proof)} == fast


def _sympy_poly(c):
    return sympy.Poly(list(reversed([sympy.Rational(v.numerator, v.denominator) for v in c])) or [0], t)


def _lowest(number):
    return number.den > 0 and math.gcd(number.den, *number.num) == 1 and \
        (not number.num or number.num[-1] != 0)


def test_numbers_over_a_field_with_a_huge_leading_coefficient_against_fractions_and_sympy():
    rng = random.Random(8)
    lead = 10 ** 300 + 7
    f = [-3] + [rng.randint(-10 ** 20, 10 ** 20) for _ in range(6)] + [lead]
    field = Field({"polynomial": [str(c) for c in f], "interval": ["0", "1"]})
    assert field.f_sign(Fraction(0)) < 0 < field.f_sign(Fraction(1))
    modulus = _sympy_poly([Fraction(c) for c in f])

    def element():
        return [Fraction(rng.randint(-10 ** 9, 10 ** 9), rng.choice([1, 3, 10 ** 12, lead]))
                for _ in range(7)]
    for _ in range(25):
        a, b = element(), element()
        x, y = Number(field, a), Number(field, b)
        r = Fraction(rng.randint(-50, 50), rng.randint(1, 50))
        assert list((x + y).c) == checker.trim(u + v for u, v in zip(a, b))
        assert list((x - y).c) == checker.trim(u - v for u, v in zip(a, b))
        assert list((x * r).c) == checker.trim(u * r for u in a)
        assert list((-x).c) == checker.trim(-u for u in a)
        truth = sympy.rem(_sympy_poly(a) * _sympy_poly(b), modulus)
        product = x * y
        assert product.c == tuple(Fraction(int(v.p), int(v.q)) for v in reversed(truth.all_coeffs())) \
            or (not truth.all_coeffs() and not product)
        for value in (x + y, x - y, x * r, -x, product):
            assert _lowest(value)
        again = (x + y) - y      # another route to x: the same spelling, the same hash
        assert (again.num, again.den) == (x.num, x.den) and hash(again) == hash(x) and again == x
        assert x * 0 == 0 and not (x - x) and hash(Number(field, [r])) == hash(r)
