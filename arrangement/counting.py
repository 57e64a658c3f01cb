"""Counting regions without enumerating them: the characteristic polynomial.

For a central arrangement A of hyperplanes in R^r, ``chi_A(t) = sum_X mu(X) t^dim X``
over the flats X of the intersection lattice.  Zaslavsky's theorem gives the
number of regions as ``|chi_A(-1)|``.  It is computed by deletion-restriction,

    chi_A(t) = chi_{A - H}(t) - chi_{A^H}(t),

so adding the normals one by one, ``chi_A = t^r - sum_k chi_{A_{k-1}^{H_k}}``
(each restriction one dimension lower), with closed forms at rank <= 3:

* no hyperplane: ``t^r``;  r = 1: ``t - 1``;  r = 2, m lines: ``t^2 - m t + (m - 1)``;
* r = 3, m planes: ``t^3 - m t^2 + c t + (m - 1 - c)`` with ``c = sum_L (m_L - 1)``
  over the lines L where m_L >= 2 planes meet (the constant follows from
  ``chi(1) = 0``, true of every nonempty central arrangement).

Coefficients are listed from ``t^r`` down to ``t^0``.

>>> import numpy as np
>>> characteristic_coefficients(np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]]))
[1, -3, 3, -1]
"""

from __future__ import annotations

from math import comb, isqrt

import numpy as np

from .enumeration import restrict
from .integer import INT64_SAFE, canonical_rows, first_occurrences

__all__ = ["characteristic_coefficients", "regions_from_coefficients", "is_general_position",
           "cover_count"]


def _rank3_coefficients(F: np.ndarray) -> list[int]:
    m = len(F)
    if m < 2:
        return [1, -m, 0, 0]
    I, J = np.triu_indices(m, k=1)
    A, B = F[I], F[J]
    if F.dtype != object and int(np.abs(F).max()) ** 2 * 4 >= INT64_SAFE:
        A, B = A.astype(object), B.astype(object)
    cross = np.stack([A[:, 1] * B[:, 2] - A[:, 2] * B[:, 1],
                      A[:, 2] * B[:, 0] - A[:, 0] * B[:, 2],
                      A[:, 0] * B[:, 1] - A[:, 1] * B[:, 0]], axis=1)
    lines, _ = canonical_rows(cross)
    _, group = first_occurrences(lines)
    c = 0
    for pairs in np.bincount(group):
        planes = (1 + isqrt(1 + 8 * int(pairs))) // 2  # pairs = C(planes, 2)
        c += planes - 1
    return [1, -m, c, m - 1 - c]


def characteristic_coefficients(F: np.ndarray) -> list[int]:
    """Coefficients of chi(t), highest degree first, for distinct non-parallel normals ``F`` (m x r).

    >>> characteristic_coefficients(np.array([[1, 0], [0, 1], [1, 1]]))
    [1, -3, 2]
    """
    m, r = F.shape
    if m == 0:
        return [1] + [0] * r
    if r == 1:
        return [1, -1]
    if r == 2:
        return [1, -m, m - 1]
    if r == 3:
        return _rank3_coefficients(F)
    coeffs = [1] + [0] * r
    for k in range(m):
        G, _, _ = restrict(F[:k], F[k])
        for i, c in enumerate(characteristic_coefficients(G)):
            coeffs[i + 1] -= c
    return coeffs


def regions_from_coefficients(coeffs: list[int]) -> int:
    """``|chi(-1)|`` (Zaslavsky).

    >>> regions_from_coefficients([1, -3, 2])
    6
    """
    r = len(coeffs) - 1
    return abs(sum(c * (-1) ** (r - i) for i, c in enumerate(coeffs)))


def cover_count(n: int, d: int) -> int:
    """Regions of n central hyperplanes in general position in R^d: ``2 sum_{k<d} C(n-1, k)`` (Cover).

    >>> cover_count(3, 2), cover_count(3, 3)
    (6, 8)
    """
    return 2 * sum(comb(n - 1, k) for k in range(d))


def is_general_position(coeffs: list[int], n: int) -> bool:
    """Whether n data vectors in R^d are in general position (every min(n, d) of them independent).

    Read off chi(t) = sum_k c_k t^(d-k): by Whitney's theorem |c_k| counts the k-subsets
    of the data with no broken circuit, at most C(n, k); all min(n, d - 1) + 1 first
    coefficients reach C(n, k) iff no circuit has at most d elements (zero or parallel
    vectors are circuits of size 1 and 2), i.e. iff every d of the vectors are independent.

    >>> is_general_position([1, -3, 2], 3), is_general_position([1, -2, 1], 3)
    (True, False)
    """
    d = len(coeffs) - 1
    return all(abs(coeffs[k]) == comb(n, k) for k in range(min(n, d - 1) + 1))
