"""Whether some direction is negative on every data row (the data-only support bound counts the
regions with a nonempty activation pattern), against the full enumeration: some region's pattern
has no '+'.  Rows with a bias column (a witness by a coordinate axis), rows whose sum is a witness,
and rows with none (the projections decide)."""

import random

from hypothesis import given, settings, strategies as st

from arrangement import Arrangement
from certificates.dual.patch import _all_negative_region


def enumerated(A) -> bool:
    return any("+" not in r.pattern for r in A.regions())


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), d=st.integers(1, 3), n=st.integers(1, 7), kind=st.sampled_from(["free", "bias", "cone"]))
def test_all_negative_region_matches_the_enumeration(seed, d, n, kind):
    rng = random.Random(seed)
    rows = [[rng.randint(-3, 3) for _ in range(d)] for _ in range(n)]
    if kind == "bias":          # -e_last is a witness
        rows = [row + [1] for row in rows]
    elif kind == "cone":        # rows in an open half-space off the axes: minus their sum is a witness
        rows = [[abs(v) + 1 for v in row] for row in rows] + [[1] * d]
    rows = [row for row in rows if any(row)] or [[1] * len(rows[0])]
    A = Arrangement(rows)
    assert _all_negative_region(A) == enumerated(A)


def test_no_witness_when_the_rows_surround_the_origin():
    A = Arrangement([[1, 0], [-1, 1], [0, -1]])
    assert _all_negative_region(A) is False and enumerated(A) is False
