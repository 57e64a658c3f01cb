"""Crafted proofs that are internally consistent: each is refused (or, when its claim is true,
decided) within seconds, never after hours; the ground truth of each is computed independently."""

import copy
import json
import random
import time
from fractions import Fraction

import pytest

from arrangement import Arrangement
from certificates.proofs import checker
from certificates.proofs.path import proof_of_path
from certificates.solver.path.path import regularisation_path

HAT = ([[-2], [-1], [0], [1], [2]], [0, 1, 2, 1, 0])


@pytest.fixture(scope="module")
def hat_path():
    A = Arrangement(HAT[0], bias=True)
    return proof_of_path(A, regularisation_path(A, HAT[1], "1/1000", 10), HAT[1])


def times(a, b) -> list:
    out = [Fraction(0)] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for k, z in enumerate(b):
            out[i + k] += x * z
    return out


def inflated(proof, degree: int, digits: int):
    """Segment 2 (no atoms, p = P / D) with P and D times one polynomial of positive coefficients:
    positive on [4, 10], so every identity and sign of the segment still holds."""
    rng = random.Random(degree)
    s = [Fraction(rng.randint(1, 10 ** digits)) for _ in range(degree + 1)]
    assert all(checker.peval(s, Fraction(x, 4)) > 0 for x in range(16, 41))
    proof = copy.deepcopy(proof)
    exact = proof["claims"]["path"]["segments"][2]["exact"]
    scale = lambda c: [str(v) for v in times([Fraction(v) for v in c], s)]
    exact["denominator"], exact["p"] = scale(exact["denominator"]), [scale(c) for c in exact["p"]]
    return json.loads(json.dumps(proof))


def test_a_path_segment_times_a_large_common_factor_is_decided_within_seconds(hat_path):
    """The unchanged factor of degree 20 with 40 digits took 90 CPU seconds (rationals in lowest
    terms in Sturm's sequence), one of degree 31 hours: now refused as not proved, at once; a
    small factor is still proved, so the segment's claim is judged on its mathematics."""
    assert checker.verdict(inflated(hat_path, 2, 3))["exit"] == 0
    for degree, digits in ((20, 40), (31, 60)):
        start = time.process_time()
        v = checker.verdict(inflated(hat_path, degree, digits))
        assert time.process_time() - start < 10
        assert v["exit"] == 1 and "segment 2" in v["claims"][-1]["claim"], v["claims"][-1]


def test_sturm_chain_of_large_integers_counts_the_known_roots():
    """Distinct roots 1..6 and a double root 7/2, coefficients of 60 digits: the chain of
    primitive integer remainders counts the roots in (a, b] like their list does."""
    P = [Fraction(10 ** 60 + 7)]
    for r in [Fraction(k) for k in range(1, 7)] + [Fraction(7, 2)] * 2:
        P = times(P, [-r, Fraction(1)])
    chain = checker.sturm_chain(P)
    for a, b in ((Fraction(1, 2), Fraction(13, 2)), (Fraction(3, 2), Fraction(15, 4)), (7, 8)):
        distinct = {Fraction(k) for k in range(1, 7)} | {Fraction(7, 2)}
        expected = sum(a < r <= b for r in distinct)
        assert checker.sturm_changes(chain, a) - checker.sturm_changes(chain, b) == expected
    assert not checker.positive_on(P, Fraction(3), Fraction(4), (False, False))
