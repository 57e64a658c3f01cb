"""Raw-scale data (a column near 10^5 beside one near 1): the atoms an unproved answer lists must
keep the numerical solution's fit.  Atoms 1e-5 apart on the sphere lie across walls of the large
column there, so merging them by their distance on the sphere changes their features by
thousands.  Ground truth from the data alone: the listed atoms' objective, recomputed exactly,
is the reported one and below that of the zero measure (any sensible answer beats mu = 0)."""

from fractions import Fraction as Q

import numpy as np
import pytest

import certificates.solver.large as large
from certificates import solve
from certificates.solver.endgame.faces import merge_close

ROWS = [[-70000, Q(7, 10)], [-270000, Q(14, 5)], [280000, Q(5, 2)], [-280000, Q(-5, 2)]]
LABELS = [165, 163, 16, 144]
LAM = Q(1, 10)


def objective(atoms):
    """``1/2 |K mu - y|^2 + lam |mu|`` of the listed float atoms, exactly (floats read as rationals)."""
    fit = [sum(Q(a.amplitude) * max(Q(0), sum(Q(w) * x for w, x in zip(a.w, row))) for a in atoms) for row in ROWS]
    return sum((f - y) ** 2 for f, y in zip(fit, LABELS)) / 2 + LAM * sum(abs(Q(a.amplitude)) for a in atoms)


@pytest.mark.parametrize("enumerate_regions", [True, False])
def test_listed_atoms_keep_the_fit_on_raw_scale_data(enumerate_regions, monkeypatch):
    if not enumerate_regions:
        monkeypatch.setattr(large, "LARGE_REGIONS", 0)
    s = solve(ROWS, LABELS, LAM)
    assert s.solver.get("enumerated", True) is enumerate_regions
    zero_measure = Q(sum(y * y for y in LABELS), 2)
    listed = objective(s.atoms)
    assert listed < zero_measure / 10, (s.status, float(listed))
    assert abs(float(listed) - s.objective) <= 1e-6 * s.objective
    if s.dual_objective is not None:
        assert s.dual_objective <= float(listed) * (1 + 1e-9)


def test_merging_across_walls_of_a_large_column_is_refused():
    # two atoms 2e-5 apart on either side of the wall <w, (280000, 5/2)> = 0: merged, one feature
    # of about 3 appears where the fit was 0.
    X = [[280000.0, 2.5]]
    atoms = [([1e-5 - 2.5 / 280000, 1.0], 1, 1.0), ([-1e-5 - 2.5 / 280000, 1.0], 1, 1.0)]
    y = [2.8]
    assert len(merge_close(atoms)) == 1
    assert len(merge_close(atoms, data=(np.array(X), y, 0.1))) == 2
