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


@pytest.mark.parametrize("seed", range(8))
def test_weightless_hyperplanes_against_the_full_enumeration(seed):
    rng = random.Random(seed)
    done = 0
    while done < 8:
        A, p = weightless_case(rng)
        if not A.hyperplanes or separable(A, p):
            continue
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
        done += 1
