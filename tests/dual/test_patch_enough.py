"""Patch.sup_squared_excluding with ``enough``: against the enumerated certificate's exact maximum."""

from fractions import Fraction

import numpy as np
import pytest

from arrangement import Arrangement
from certificates.dual.certificate import Certificate
from certificates.dual.patch import FLOOR, Patch, separable


def _case(seed):
    rng = np.random.default_rng(seed)
    X = rng.integers(-5, 6, size=(7, 2)).tolist()
    p = [Fraction(int(v), 3) for v in rng.integers(-4, 5, size=7)]
    return Arrangement(X, bias=True), p


@pytest.mark.parametrize("seed", range(12))
def test_enough_returns_a_true_value_above_it_or_the_exact_maximum(seed):
    A, p = _case(seed)
    exact = Certificate(A, p).sup_squared_excluding(set())      # every region enumerated
    # eta scaled so that its maximum is 3/2 (above 1) and 9/10 (below): both branches
    for target in (Fraction(3, 2), Fraction(9, 10)):
        if exact == 0:
            continue
        scale = target / Fraction(float(exact) ** 0.5)
        q = [v * scale for v in p]
        truth = Certificate(A, q).sup_squared_excluding(set())
        patch = Patch(A, [])
        plain = patch.sup_squared_excluding(q, set())
        assert plain == max(truth, FLOOR ** 2)
        quick = Patch(A, []).sup_squared_excluding(q, set(), enough=1)
        if truth > 1:
            assert 1 < quick <= truth       # a value found: above 1, never above the maximum
        else:
            assert quick == max(truth, FLOOR ** 2)


def test_refuting_leaves_are_violators():
    A, _ = _case(3)
    q = [Fraction((-1) ** j * (j + 1), 2) for j in range(7)]
    assert separable(A, q)          # else the search's leaves are unions of regions: no leaves kept
    truth = Certificate(A, q).sup_squared_excluding(set())
    assert truth > 1
    patch = Patch(A, [])
    patch.sup_squared_excluding(q, set(), enough=1)
    assert patch.refuting and all(1 < leaf.value_squared <= truth for leaf in patch.refuting)
    # a refuting leaf of each sign whose maximum is above 1 (the other sign's regions excluded)
    every = [r.index for r in A.regions()]
    above = [s for s in (1, -1) if Certificate(A, q).sup_squared_excluding({(r, -s) for r in every}) > 1]
    assert sorted(leaf.sign for leaf in patch.refuting) == sorted(above)


@pytest.mark.parametrize("seed", range(10))
def test_one_search_with_exclusions_against_the_enumerated_maximum(seed):
    """Listed (region, sign) pairs excluded, both with and without ``enough``: the patch's single
    search (largest above the floor, ended at the first leaf above ``enough``) against the
    maximum over every enumerated region but those pairs."""
    A, p = _case(seed + 100)
    if not separable(A, p) or Certificate(A, p).sup_squared_excluding(set()) == 0:
        pytest.skip("a leaf is a union of regions here, or eta vanishes")
    rng = np.random.default_rng(seed)
    patch = Patch(A, [A.regions()[int(k)].pattern for k in rng.choice(len(A.regions()), 3, replace=False)])
    where = {r.pattern: r.index for r in A.regions()}
    listed = [r.pattern for r in patch.regions()]
    pairs = [(k, s) for k in range(len(listed)) for s in (1, -1)]
    excluded = {pairs[int(k)] for k in rng.choice(len(pairs), len(pairs) // 2, replace=False)}
    full = {(where[listed[k]], s) for k, s in excluded}
    exact = Certificate(A, p).sup_squared_excluding(full)
    for target in (Fraction(3, 2), Fraction(9, 10), Fraction(1, 2)):
        scale = target / Fraction(float(Certificate(A, p).sup_squared_excluding(set())) ** 0.5)
        q = [v * scale for v in p]
        truth = exact * scale * scale       # eta is linear in p
        assert Patch(A, patch.faces).sup_squared_excluding(q, excluded) == max(truth, FLOOR ** 2)
        quick = Patch(A, patch.faces).sup_squared_excluding(q, excluded, enough=1)
        if truth > 1:
            assert 1 < quick <= truth
        else:
            assert quick == max(truth, FLOOR ** 2)
