"""Sides a cone never crosses, proved exactly from float multipliers.

For the closed cone ``C = {w : <row_i, w> >= 0}``, ``<t, w> <= 0`` on all of C exactly when
``t`` lies in the polar cone, ``t = -sum lam_i row_i`` with ``lam >= 0`` (Farkas).  A float
non-negative least-squares solve guesses the support of ``lam``; the multipliers on it are
then solved for in integers and their signs checked, so a claim is exact (a failure only
means no claim).  The tree search of :mod:`certificates.dual.tree_oracle` fixes such a
hyperplane's side on a node without splitting it, and splits the others with
:func:`interior_other_side` (an interior point of the side without the node's, or a proof that
it is empty).

>>> in_polar([[1, 0], [0, 1]], [2.0, 0.5], [-4, -1]), in_polar([[1, 0]], [1.0], [1, 0])
(True, False)
"""

from __future__ import annotations

import math
from fractions import Fraction
from math import lcm

import numpy as np

from .projection import project
from .screening import nonnegative_least_squares

__all__ = ["in_polar", "one_sided", "interior_other_side", "float_normal"]


def float_normal(a) -> tuple:
    """``(a / 2^k as floats, k)`` for an integer vector, ``k = 0`` unless an entry is beyond 2^64:
    the same wall (or side of one), its squares and products in the float range.

    >>> float_normal((0, 2**600, 1))
    ((0.0, 1.8446744073709552e+19, 4.445517498970155e-162), 536)
    """
    k = max(0, max(abs(int(v)).bit_length() for v in a) - 65) if len(a) else 0
    return (tuple(float(Fraction(int(v), 2**k)) for v in a) if k else tuple(float(v) for v in a)), k


def in_polar(rows, lam, target) -> bool:
    """Whether ``target = -sum lam_i rows_i`` exactly for some rationals ``lam_i >= 0`` on the
    support of the float ``lam`` (integer ``rows`` and ``target``; the rows of the support
    linearly independent, else no claim).

    >>> in_polar([[1, 0], [1, 1]], [1.0, 1.0], [-2, -1]), in_polar([[1, 0], [1, 1]], [1.0, 1.0], [0, -1])
    (True, False)
    """
    support = [i for i in range(len(lam)) if lam[i] > 0]
    if not support or len(support) > len(target):
        return False
    # fraction-free Gauss-Jordan on the integer system [rows_S^T | -target]
    M = [[int(rows[i][r]) for i in support] + [-int(target[r])] for r in range(len(target))]
    k, pivots, r0 = len(support), [], 0
    for c in range(k):
        pr = next((r for r in range(r0, len(M)) if M[r][c]), None)
        if pr is None:
            return False
        M[r0], M[pr] = M[pr], M[r0]
        top = M[r0]
        for r in range(len(M)):
            if r != r0 and M[r][c]:
                f, q = M[r][c], top[c]
                M[r] = [x * q - f * y for x, y in zip(M[r], top)]
        pivots.append(r0)
        r0 += 1
    if any(M[r][k] for r in range(r0, len(M))):
        return False        # inconsistent: target is not in the span of these rows
    return all(M[r][k] * M[r][c] >= 0 for c, r in enumerate(pivots))


def one_sided(normals, free, hi, lo, scale, multipliers: dict, rows) -> list:
    """``(position in free, empty side)`` of the free hyperplanes ``h`` (integer ``normals[h]``) the
    cone ``{<row, w> >= 0}`` proves to lie on one side of: float ranges ``hi_h >= max <a_h, w>``,
    ``lo_h >= max -<a_h, w>`` over the cone and the unit ball, the smaller negligible (against
    ``1e-12 scale_h``), and that side's float multipliers ``multipliers[(h, side)]`` confirmed by
    :func:`in_polar`.

    >>> one_sided([[1, 0], [1, 1]], np.array([0, 1]), np.array([1.0, 1.4]), np.array([0.0, 0.0]),
    ...           np.array([1.0, 1.4]), {(0, -1): [1.0, 0.0], (1, -1): [1.0, 1.0]}, [[1, 0], [0, 1]])
    [(0, -1), (1, -1)]
    """
    tiny = 1e-12 * scale[free]
    small, large = np.minimum(hi[free], lo[free]), np.maximum(hi[free], lo[free])
    out = []
    for k in np.flatnonzero((small < tiny) & (large >= tiny)).tolist():
        h = int(free[k])
        empty = 1 if hi[h] < lo[h] else -1
        lam = multipliers.get((h, empty))
        if lam is not None and in_polar(rows, lam, [empty * int(v) for v in normals[h]]):
            out.append((k, empty))
    return out


def interior_other_side(rows: list, Bf: np.ndarray, w0: tuple, a: tuple, sigma: int):
    """An integer interior point of ``{rows . w > 0, sigma <a, w> > 0}`` given an interior point
    ``w0`` of the first part (``Bf``: the rows in floats), or None when that cone is empty
    (proved exactly).

    >>> w = interior_other_side([[1, 0]], np.array([[1.0, 0.0]]), (1, 0), (1, 1), -1)
    >>> w[0] > 0 > w[0] + w[1]
    True
    >>> interior_other_side([[1, 0]], np.array([[1.0, 0.0]]), (1, 0), (1, 0), -1) is None
    True
    """
    target = np.array(float_normal([sigma * v for v in a])[0])     # a multiple: the same side, squares finite
    lam = nonnegative_least_squares(-Bf.T, target) if len(Bf) else np.zeros(0)
    pi = target + (lam @ Bf if len(Bf) else 0)
    if float(pi @ target) > 1e-9 * float(target @ target):
        for bits in (20, 40, 60):
            q = [int(v) for v in np.rint(pi / np.abs(pi).max() * 2.0**bits)]
            w = _combine(rows, w0, q, a, sigma)
            if w is not None:
                return w
    proj = project(rows, [sigma * v for v in a])
    if not any(proj.point):
        return None     # sigma a_h in the polar cone of the parent: the side is empty
    den = lcm(*(v.denominator for v in proj.point))
    w = _combine(rows, w0, [int(v * den) for v in proj.point], a, sigma)
    if w is None:
        raise AssertionError("internal error: an exact projection gave no interior point")
    return w


def _combine(rows, w0, q, a, sigma):
    """``M w0 + t q`` with the least workable M, t >= 1, if that is interior to the child, else None
    (``w0`` interior to the parent, so ``<row, w0> >= 1``; ``q`` on the child's side of ``a``)."""
    M = max([-_dot(row, q) // _dot(row, w0) + 1 for row in rows] + [1])
    towards, against = sigma * _dot(a, q), -sigma * _dot(a, w0)
    if towards <= 0:
        return None
    t = max(1, (M * against) // towards + 1)
    w = [M * x + t * y for x, y in zip(w0, q)]
    if sigma * _dot(a, w) <= 0 or any(_dot(row, w) <= 0 for row in rows):
        return None
    g = math.gcd(*w)
    return tuple(v // g for v in w)


def _dot(u, v):
    return sum(a * b for a, b in zip(u, v))
