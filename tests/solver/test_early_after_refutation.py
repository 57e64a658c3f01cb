"""After an early end-game attempt refuted far above 1 (its refuting leaves fed back as columns),
the next iterate is not tried unless its round's largest violation is below 1 + EARLY_NEAR:
column generation's own search comes first.  Ground truth of the answer: the enumerating solve,
and eta evaluated directly on the sphere (primal = dual objective)."""

from fractions import Fraction as Q

import pytest

from arrangement import Arrangement
from certificates.solver import large
from certificates.solver.minimiser import solve

from test_early_stop import GRID, check_independently, grid_labels


@pytest.mark.parametrize("seed, lam", [(28, "1/2"), (37, "1/2"), (25, "1/10")])
def test_no_attempt_right_after_a_refutation_far_above_one(seed, lam, monkeypatch):
    # the first attempt proves nothing, and its patch's search off the atoms is refuted at p0
    # (y / lambda with its zeros made 1: far from feasible, every hyperplane weighted), so the
    # fed round's largest value is far above 1 + EARLY_NEAR
    y = grid_labels(seed)
    full = solve(GRID, y, lam, bias=True)
    p0 = [Q(v or 1) / Q(lam) for v in y]
    real_certify, real_call, real_patch = large.certify_numerical, large._Early.__call__, large.patch_of
    refuted, attempts, patches = [], [], []

    def certify(patch, *args, first=(), **kwargs):
        if refuted:
            return real_certify(patch, *args, first=first, **kwargs)
        refuted.append(patch.sup_squared_excluding(p0, set(), enough=1))
        return large.numerical_outcome(patch, *args, "refuted off its atoms")    # nothing proved

    def patch_of(*args):         # an attempt past the gate builds its patch first
        patches.append(1)
        return real_patch(*args)

    def call(self, numeric_p, float_atoms):
        before, built = len(refuted), len(patches)
        out = real_call(self, numeric_p, float_atoms)
        attempts.append((self.last, before, out, len(patches) > built))
        return out

    monkeypatch.setattr(large, "certify_numerical", certify)
    monkeypatch.setattr(large._Early, "__call__", call)
    monkeypatch.setattr(large, "patch_of", patch_of)
    monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    s = solve(Arrangement(GRID, bias=True), y, lam, bias=True)
    assert refuted and refuted[0] > (1 + large.EARLY_NEAR) ** 2
    fed = [k for k, (_, before, out, _) in enumerate(attempts) if before == 0 and isinstance(out, list) and out]
    assert fed, attempts                # the refuted attempt handed its leaves back
    # every call after a round whose largest value was above 1 + EARLY_NEAR (the fed round's:
    # the refuting value) is turned away before any patch, guess or search
    assert any(last > 1 + large.EARLY_NEAR for last, *_ in attempts[fed[0] + 1:])
    for last, _, out, tried in attempts:
        assert not tried if last > 1 + large.EARLY_NEAR else True
        assert out is False if last > 1 + large.EARLY_NEAR else True
    assert s.status == full.status and s.status in ("exact", "verified") and "duality gap" not in s.reason
    assert s.certificate["unique"] == full.certificate["unique"]
    assert s.certificate["support_bound"] == full.certificate["support_bound"]
    assert len(s.atoms) <= s.certificate["support_bound"]
    check_independently(GRID, y, lam, s)
