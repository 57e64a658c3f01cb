"""The no-enumeration column generation's float facet filter against the facets the exact
enumeration finds, and its pruned working set against the enumerating solve."""

from fractions import Fraction as Q

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from arrangement import Arrangement
from certificates.dual.certificate import Certificate
from certificates.solver.numeric.column_generation import column_generation
from certificates.solver.numeric.pattern_columns import _facet_rows, pattern_column_generation


def all_rows(A, pattern):
    rows, seen = [], set()
    for j, h in enumerate(A.hyperplane_of):
        if h >= 0 and h not in seen:
            seen.add(h)
            rows.append((j, [(1 if pattern[j] == "+" else -1) * int(v) for v in A.integer_rows[j]]))
    return rows


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), d=st.integers(1, 5), n=st.integers(1, 16), repeats=st.booleans())
def test_facet_filter_keeps_every_facet_of_the_enumeration(seed, d, n, repeats):
    # ground truth: the facets listed by the exact enumeration of the regions; the float
    # filter may keep redundant rows, never drop a facet (degenerate data: repeated, opposite
    # and multiple rows, small integers so many points share hyperplanes)
    rng = np.random.default_rng(seed)
    X = rng.integers(-3, 4, (n, d))
    if repeats and n > 2:
        X[1] = -2 * X[0]
        X[2] = X[0]
    A = Arrangement(X.tolist())
    for region in A.regions():
        rows = all_rows(A, region.pattern)
        keep = _facet_rows(np.array([r for _, r in rows], dtype=float).reshape(len(rows), d))
        kept = {rows[i][0] for i in keep}
        truth = {A.hyperplane_of[j] for j in region.facets}
        assert truth <= {A.hyperplane_of[j] for j in kept}


def test_facet_filter_drops_redundant_rows_in_general_position():
    rng = np.random.default_rng(3)
    A = Arrangement(rng.integers(-50, 51, (30, 4)).tolist())
    dropped = 0
    for region in A.regions()[:200]:
        rows = all_rows(A, region.pattern)
        keep = _facet_rows(np.array([r for _, r in rows], dtype=float))
        assert {rows[i][0] for i in keep} >= set(region.facets)
        dropped += len(rows) - len(keep)
    assert dropped > 200 * 10      # most of the 30 rows are not facets


@pytest.mark.parametrize("seed", [1, 2])
def test_pruned_working_set_reaches_the_enumerated_optimum(seed):
    # batch 4 on 14 points: the working set passes 2 * batch and is pruned several times
    rng = np.random.default_rng(seed)
    X = [[str(round(v, 1)) for v in row] for row in rng.standard_normal((14, 2))]
    y = [str(round(v, 1)) for v in rng.standard_normal(14)]
    A = Arrangement(X, bias=True)
    full = column_generation(A, np.array([float(v) for v in y]), 0.1).solution.objective
    s = pattern_column_generation(X, y, "0.1", bias=True, batch=4)
    assert abs(s.solution.objective - full) <= 1e-6 * abs(full)
    assert len(s.patterns) == len(s.solution.vectors) == len(s.signs)


@pytest.mark.parametrize("seed", [4, 6])
def test_proved_level_is_true_for_the_working_pairs_too(seed):
    """At tolerance 0 the float master leaves some working pair a hair above 1 on these seeds:
    the claimed bound must then be withdrawn (exact sup from the full enumeration)."""
    rng = np.random.default_rng(seed)
    X = [[str(round(v, 1)) for v in row] for row in rng.standard_normal((6, 2))]
    y = [str(round(v, 1)) for v in rng.standard_normal(6)]
    s = pattern_column_generation(X, y, "0.2", bias=True, tolerance=0.0)
    sup = Certificate(Arrangement(X, bias=True), [Q(float(v)) for v in s.solution.p]).sup_abs_eta_squared
    assert s.proved_level is None or sup <= s.proved_level ** 2
    assert (s.proved_level is None) == (sup > 1)
