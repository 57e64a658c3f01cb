"""The normal form keying the memo: invariant under change of basis and row scaling, exact."""

import numpy as np
from flint import fmpz_mat
from hypothesis import given, settings, strategies as st

from arrangement.counting import prefix_restrictions
from arrangement.enumeration import restrict
from arrangement.integer import canonical_rows
from arrangement.normal_form import echelon_columns, normal_form


def integer_matrices(max_rows=9, max_cols=6, bound=4):
    shape = st.tuples(st.integers(1, max_rows), st.integers(1, max_cols))
    return shape.flatmap(lambda s: st.lists(st.lists(st.integers(-bound, bound), min_size=s[1], max_size=s[1]),
                                            min_size=s[0], max_size=s[0]))


def nonzero_rows(rows):
    N = np.array(rows, dtype=np.int64)
    return N[(N != 0).any(axis=1)]


@settings(max_examples=60, deadline=None)
@given(integer_matrices(), st.integers(0, 10**6))
def test_normal_form_ignores_basis_and_scaling(rows, seed):
    N = nonzero_rows(rows)
    if len(N) == 0:
        return
    rng = np.random.default_rng(seed)
    r = N.shape[1]
    M = rng.integers(-3, 4, size=(r, r))
    while round(abs(np.linalg.det(M))) == 0:  # float det of a small integer matrix: exact enough to reject
        M = rng.integers(-3, 4, size=(r, r))
    assert int(fmpz_mat(M.tolist()).det()) != 0
    scales = rng.choice([-3, -1, 2, 5], size=(len(N), 1))
    assert np.array_equal(normal_form(N), normal_form((N * scales) @ M))


@settings(max_examples=60, deadline=None)
@given(integer_matrices())
def test_echelon_columns_are_the_rref_of_the_transpose(rows):
    # against FLINT's reduced row echelon form (an independent implementation)
    N = nonzero_rows(rows)
    if len(N) == 0:
        return
    reduced, _, rank = fmpz_mat(N.T.tolist()).rref()
    expected, _ = canonical_rows(np.array(reduced.tolist(), dtype=object)[:rank].T)
    assert np.array_equal(np.asarray(echelon_columns(N), dtype=object), np.asarray(expected, dtype=object))
    big = N.astype(object) * 10**12  # beyond int64 products: the FLINT route
    assert np.array_equal(np.asarray(echelon_columns(big), dtype=object), np.asarray(expected, dtype=object))


@settings(max_examples=40, deadline=None)
@given(integer_matrices(max_rows=8, max_cols=5))
def test_prefix_restrictions_match_one_at_a_time_restriction(rows):
    N = nonzero_rows(rows)
    if len(N) == 0:
        return
    C, _ = canonical_rows(N)
    keep = np.sort(np.unique(C, axis=0, return_index=True)[1])
    C = C[keep]
    for k, G in enumerate(prefix_restrictions(C)):
        expected = restrict(C[:k], C[k])[0]
        assert np.array_equal(normal_form(G) if len(G) else G.reshape(0, 0),
                              normal_form(expected) if len(expected) else expected.reshape(0, 0))
