"""Which route solve takes, and the patch's empty faces.

Regions times data points above ``LARGE_ENTRIES`` send a solve to the no-enumeration route; on
small degenerate data (repeated, opposite and zero rows) it must prove what the enumerating
route proves.  A face whose zero rows span R^d holds no point of the sphere: a patch lists no
region for it (ground truth: its regions by brute force over the sign vectors of a fine grid)."""

import random
from fractions import Fraction as Q

import numpy as np
import pytest

from arrangement import Arrangement
from certificates.dual.patch import Patch
from certificates.solver import large
from certificates.solver.minimiser import solve


def degenerate(rng):
    base = [[rng.randint(-3, 3), rng.randint(-3, 3)] for _ in range(rng.randint(2, 5))]
    rows = base + [list(rng.choice(base))] + [[-v for v in rng.choice(base)]] + [[0, 0]] * rng.randint(0, 1)
    y = [rng.choice([-2, -1, 0, 1, 3]) for _ in rows]
    return rows, y, rng.choice([Q(1, 3), Q(1), Q(5, 2)])


def test_diabetes_pair_goes_without_enumeration():
    A = Arrangement("diabetes[bmi,bp]", bias=True)
    assert A.count_regions() == 173468 and large.beyond_enumeration(A)
    assert not large.beyond_enumeration(Arrangement("spiral:25", bias=True))


@pytest.mark.parametrize("seed", range(8))
def test_the_entries_rule_routes_and_both_routes_agree(seed, monkeypatch):
    rows, y, lam = degenerate(random.Random(seed))
    A = Arrangement(rows, bias=True)
    entries = A.count_regions() * A.n
    monkeypatch.setattr(large, "LARGE_ENTRIES", entries)
    listed = solve(rows, y, lam, bias=True)
    monkeypatch.setattr(large, "LARGE_ENTRIES", entries - 1)
    forced = solve(rows, y, lam, bias=True)
    assert listed.solver.get("enumerated", True) is True and forced.solver["enumerated"] is False
    assert forced.status == listed.status != "numerical"
    assert forced.certificate["support_bound"] == listed.certificate["support_bound"]
    assert forced.certificate["unique"] == listed.certificate["unique"]
    if listed.certificate["unique"]:
        assert sorted((a.face, a.amplitude > 0) for a in forced.atoms) == \
            sorted((a.face, a.amplitude > 0) for a in listed.atoms)
    assert forced.objective == pytest.approx(listed.objective, rel=1e-9, abs=1e-12)


def _sampled_patterns(A, points):
    X = np.array(A.X_float)
    out = set()
    for w in points:
        s = X @ w
        if np.all(np.abs(s[(X != 0).any(axis=1)]) > 1e-9):
            out.add("".join("+" if v > 0 else "-" if v < 0 else "0" for v in s))
    return out


def test_an_empty_face_lists_no_region():
    A = Arrangement([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1], [1, -1, 0]])
    assert Patch(A, ["000+-"]).regions() == []        # rows 1-3 span R^3: only w = 0 is on them all
    genuine = [r.pattern for r in Patch(A, ["00++0"]).regions()]
    assert [r.pattern for r in Patch(A, ["00++0", "000+-"]).regions()] == genuine
    # the regions whose closure holds (0, 0, 1): those of points near it, by sampling; the origin: all
    rng = np.random.default_rng(0)
    near = [np.array([0, 0, 1.0]) + 1e-3 * rng.standard_normal(3) for _ in range(20000)]
    assert set(genuine) == _sampled_patterns(A, near)
    assert [r.pattern for r in Patch(A, ["00000"]).regions()] == \
        sorted(_sampled_patterns(A, rng.standard_normal((20000, 3))), key=lambda s: s.replace("+", "a").replace("-", "b"))
