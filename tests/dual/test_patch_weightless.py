"""A patch of regions where some hyperplane carries no weight (the tree search's leaves are then
unions of regions): its maximum off excluded pairs and its check of the regions not listed,
against every region's exact maximum on the full enumeration."""

import random
from fractions import Fraction as Q

import pytest

from arrangement import Arrangement
from certificates.dual.certificate import Certificate
from certificates.dual.patch import IncompletePatch, Patch, separable


def weightless_case(rng):
    d, n = rng.choice([1, 2, 3]), rng.randint(2, 6)
    X = []
    for _ in range(n):     # multiples and opposites of earlier rows: shared hyperplanes
        X.append([rng.choice([2, -1, 3]) * v for v in rng.choice(X)] if X and rng.random() < 0.4
                 else [rng.randint(-2, 2) for _ in range(d)])
    A = Arrangement(X)
    p = [Q(rng.randint(-3, 3), 2) for _ in range(n)]
    if A.hyperplanes:
        for j in A.hyperplanes[rng.randrange(len(A.hyperplanes))]:
            p[j] = Q(0)
    return A, p


def agrees_with_enumeration(A, p, rng):
    """The patch's answers against every region's exact maximum (full enumeration)."""
    c = Certificate(A, p)
    regions = A.regions()
    values = {(r.pattern, s): c.region_extremum(r.index, s).value_squared for r in regions for s in (1, -1)}
    P = Patch(A, [r.pattern for r in rng.sample(regions, min(len(regions), rng.randint(0, 3)))])
    listed = [r.pattern for r in P.regions()]
    excluded = {(k, s) for k in range(len(listed)) for s in (1, -1) if rng.random() < 0.5}
    keys = {(listed[k], s) for k, s in excluded}
    floor = Q(1, 8)
    truth = max([v for key, v in values.items() if key not in keys and v > floor ** 2], default=floor ** 2)
    assert P.sup_squared_excluding(p, excluded, floor) == truth
    outside = max([v for (pattern, _), v in values.items() if pattern not in listed], default=Q(0))
    for level, complete in ((outside, False), (outside + Q(1, 1000), True)):
        if level > 0:
            try:
                P.check_outside(p, level)
                passed = True
            except IncompletePatch:
                passed = False
            assert passed == complete, (A.X, p, listed, level)


@pytest.mark.parametrize("seed", range(8))
def test_weightless_hyperplanes_against_the_full_enumeration(seed):
    rng = random.Random(seed)
    done = 0
    while done < 8:
        A, p = weightless_case(rng)
        if not A.hyperplanes or separable(A, p):
            continue
        agrees_with_enumeration(A, p, rng)
        done += 1


@pytest.mark.parametrize("seed,d", [(0, 2), (1, 2), (2, 3)])
def test_more_than_twelve_weightless_hyperplanes(seed, d):
    # 13 to 16 hyperplanes whose rows have p_j = 0 (a leaf is then the union of up to 2^16 sign
    # choices, most of them empty): the regions inside each leaf, not every sign choice
    rng = random.Random(seed)
    weighted = [[rng.randint(-3, 3) for _ in range(d)] for _ in range(3 if d == 2 else 2)]
    free = [[m * v for v in [5, k, k * k % 7][:d]] for k in range(-8 if d == 2 else -6, 9)
            for m in [rng.choice([1, -1, 2])]]
    A = Arrangement(weighted + free)
    p = [Q(rng.choice([-3, -1, 1, 2]), 2) for _ in weighted] + [Q(0)] * len(free)
    assert sum(1 for h in A.hyperplanes if all(p[j] == 0 for j in h)) > 12
    for _ in range(3 if d == 2 else 1):
        agrees_with_enumeration(A, p, rng)
