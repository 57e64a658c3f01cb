"""A basis-free normal form of an ordered central arrangement, the key that memoises counting.

Normals ``N`` (m x r, rows in a fixed order) and ``N M`` for an invertible ``M``
describe the same arrangement in two bases, and scaling a row changes no hyperplane.
The row space of ``N^T`` (the column space of ``N``) is unchanged by ``M``, so its
reduced row echelon form ``E`` is too.  Its columns are the same hyperplanes in the
basis of the first independent normals (the pivots of ``E``), with the inessential
directions dropped (``E`` has ``rank`` rows).  Scaling rows of ``N`` rescales these
coordinates, so they are rescaled canonically, and each row is made primitive with
first nonzero entry positive: that is the normal form.

So equal normal forms mean arrangements that differ by a linear isomorphism, hence
have equal characteristic polynomials (up to the factor ``t^(r - rank)``).  The form
depends on the row order, and the counting engine keeps the order inherited from the
input, so restrictions reached along different paths, or related by a symmetry of the
data that respects that order, get equal keys.

>>> import numpy as np
>>> normal_form(np.array([[1, 1], [1, -1], [2, 0]]))     # three lines, in two bases
array([[1, 0],
       [0, 1],
       [1, 1]])
>>> normal_form(np.array([[2, 0], [0, 3], [1, 1]]))
array([[1, 0],
       [0, 1],
       [1, 1]])
"""

from __future__ import annotations

from math import gcd

import numpy as np

from .integer import INT64_SAFE, canonical_rows, max_abs

__all__ = ["normal_form", "echelon_columns"]


def normal_form(N: np.ndarray) -> np.ndarray:
    """The normal form of the nonzero rows ``N`` (m x r): an ``m x rank`` integer matrix.

    The columns of ``rref(N^T)`` (:func:`echelon_columns`) with coordinates rescaled
    canonically, then each row primitive with first nonzero entry positive.  Returns
    ``int64`` when the entries are below 2^31, Python integers otherwise.

    >>> normal_form(np.array([[1, 2, 3], [2, 4, 6], [0, 0, 1]])).tolist()   # rank 2
    [[1, 0], [1, 0], [0, 1]]
    """
    if N.size <= _SMALL:
        return _small_normal_form(N)
    return canonical_rows(_scaled_columns(_echelon_transposed(N)))[0]


_SMALL = 800    # up to this many entries, Python integers beat NumPy's per-call overhead (about 6x)


def _small_normal_form(N: np.ndarray) -> np.ndarray:
    """:func:`normal_form` on Python integers (exact at any size): the same steps, without NumPy."""
    columns = _python_echelon([[int(v) for v in col] for col in N.T.tolist()])
    factors = _scale_factors(columns)
    out = []
    for row in columns:
        row = [v * f for v, f in zip(row, factors)]
        g = gcd(*row)
        lead = next((v for v in row if v), 1)
        g = -g if lead < 0 else g
        out.append([v // g for v in row] if g else row)
    big = max((abs(v) for row in out for v in row), default=0) >= 2**31
    return np.array(out, dtype=object if big else np.int64).reshape(len(out), len(factors))


def _python_echelon(M: list) -> list:
    """The columns of a nonzero multiple of ``rref(M)`` (``M``: r rows of m Python integers),
    by fraction-free Gauss-Jordan elimination: every division is exact (Bareiss)."""
    r = len(M)
    m = len(M[0]) if r else 0
    previous, row = 1, 0
    for col in range(m):
        if row == r:
            break
        swap = next((i for i in range(row, r) if M[i][col]), None)
        if swap is None:
            continue
        M[row], M[swap] = M[swap], M[row]
        P = M[row]
        p = P[col]
        for i in range(r):
            if i != row:
                Q, f = M[i], M[i][col]
                if f:
                    M[i] = [(p * a - f * b) // previous for a, b in zip(Q, P)]
                elif p != previous:
                    M[i] = [p * a // previous for a in Q]
        previous, row = p, row + 1
    return [list(c) for c in zip(*M[:row])]


def echelon_columns(N: np.ndarray) -> np.ndarray:
    """The columns of ``rref(N^T)``, each primitive with first nonzero entry positive.

    >>> echelon_columns(np.array([[2, 0], [0, 3], [1, 1]])).tolist()   # (1, 1) = (2, 0)/2 + (0, 3)/3
    [[1, 0], [0, 1], [3, 2]]
    """
    return canonical_rows(_echelon_transposed(N))[0]


def _echelon_transposed(N: np.ndarray) -> np.ndarray:
    """A nonzero multiple of ``rref(N^T)^T`` (zero columns dropped)."""
    m, r = N.shape
    if N.dtype != object and 2 * (r * max_abs(N) ** 2) ** r < 2**63:
        echelon = _scaled_rref(N.T.astype(np.int64))
    else:
        from flint import fmpz_mat  # large entries only
        reduced, _, rank = fmpz_mat(N.T.tolist()).rref()
        echelon = np.array([int(v) for v in reduced.entries()], dtype=object).reshape(r, m)[:rank]
    return echelon.T


def _scaled_columns(C: np.ndarray) -> np.ndarray:
    """``C`` with its coordinates rescaled canonically (rows are rescaled by the caller).

    Rescaling the rows of ``N`` rescales the coordinates of ``rref(N^T)^T``.  Going
    through the rows in order, the first row meeting an unscaled coordinate fixes its
    scale: the entry is made equal to the row's entry in its first already scaled
    coordinate (or, with none, to its first entry).  Every choice is forced, up to one
    factor per connected block of coordinates, which only rescales whole rows, and up
    to one common factor, which keeps the factors integers.
    """
    factors = _scale_factors(C.tolist())
    if C.dtype != object and max_abs(C) * max(map(abs, factors), default=1) < INT64_SAFE:
        return C * np.array(factors, dtype=np.int64)
    return C.astype(object) * np.array(factors, dtype=object)


def _scale_factors(rows: list) -> list:
    """The canonical factors of the coordinates (see :func:`_scaled_columns`) of the rows (lists)."""
    q = len(rows[0]) if rows else 0
    factor = [0] * q
    unscaled = q
    for row in rows:
        if unscaled == 0:
            break
        support = [i for i, v in enumerate(row) if v]
        if len(support) < 2:
            continue
        known = next((i for i in support if factor[i]), None)
        if known is None:
            known = support[0]
            factor[known] = 1
            unscaled -= 1
        target = row[known] * factor[known]
        for i in support:
            if not factor[i]:
                # target / row[i] must be an integer: scale every factor (and target) up
                grow = abs(row[i]) // gcd(target, row[i])
                if grow > 1:
                    factor = [f * grow for f in factor]
                    target *= grow
                factor[i] = target // row[i]
                unscaled -= 1
    common = gcd(*factor)
    return [f // common if f else 1 for f in factor] if common else [1] * q


def _scaled_rref(M: np.ndarray) -> np.ndarray:
    """``det * rref(M)`` without its zero rows, by fraction-free Gauss-Jordan elimination (Bareiss).

    Every intermediate entry is a minor of ``M`` of order at most ``rank + 1`` (Bareiss),
    so by Hadamard's bound it is below ``(r max|M|^2)^(r/2)``; the caller checks that twice
    its square fits in ``int64``, and every division below is exact.
    """
    r, m = M.shape
    previous, row, col = 1, 0, 0
    while row < r and col < m:
        nonzero = (M[row:, col:] != 0).any(axis=0)
        if not nonzero.any():
            break
        col += int(np.argmax(nonzero))
        swap = row + int(np.argmax(M[row:, col] != 0))
        if swap != row:
            M[[row, swap]] = M[[swap, row]]
        pivot_row = M[row].copy()
        factors = M[:, col].copy()
        factors[row] = 0
        M = (pivot_row[col] * M - np.outer(factors, pivot_row)) // previous
        M[row] = pivot_row
        previous = pivot_row[col]
        row, col = row + 1, col + 1
    return M[:row]
