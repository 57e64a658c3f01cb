"""Exact integer linear algebra on NumPy arrays.

Hyperplane normals and witnesses are integer vectors: a rational point of an
open cone can be scaled by any positive number, so clearing denominators and
dividing by the gcd changes no sign.  Arrays are ``int64`` while every product
provably fits (the bound is checked before each product, never after), and
``object`` arrays of Python integers otherwise, so no result ever overflows.

>>> import numpy as np
>>> from arrangement.integer import primitive_rows, exact_matmul
>>> primitive_rows(np.array([[4, -6], [0, 0]]))
array([[ 2, -3],
       [ 0,  0]])
>>> exact_matmul(np.array([[2**40, 1]]), np.array([[2**40], [1]]))[0, 0] == 2**80 + 1
True
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd, lcm

import numpy as np

INT64_SAFE = 2**62
"""Products and sums of int64 arrays whose exact result is provably below this bound cannot
overflow (``2^63 - 1`` is the largest int64; the factor 2 leaves room for one more addition)."""


def max_abs(a: np.ndarray) -> int:
    """Largest absolute entry as a Python int (0 for an empty array)."""
    if a.size == 0:
        return 0
    return max(int(a.max()), -int(a.min()))     # not np.abs: |-2^63| is not an int64


def compact(a: np.ndarray) -> np.ndarray:
    """The same integers, as ``int64`` when they are small enough to multiply safely."""
    if a.dtype == object and max_abs(a) < 2**31:
        return a.astype(np.int64)
    return a


def exact_matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Integer matrix product that cannot overflow: int64 when the bound allows, else Python ints."""
    inner = a.shape[-1] if a.ndim else 1
    if a.dtype != object and b.dtype != object and max_abs(a) * max_abs(b) * max(inner, 1) < INT64_SAFE:
        return a @ b
    return compact(a.astype(object) @ b.astype(object))


def exact_affine(q: np.ndarray, scale, shift: np.ndarray) -> np.ndarray:
    """``scale * q + shift`` for an integer array, a positive integer and an integer row (broadcast)."""
    scale = int(scale)
    if q.dtype != object and shift.dtype != object and max_abs(q) * scale + max_abs(shift) < INT64_SAFE:
        return q * scale + shift
    return compact(q.astype(object) * scale + shift.astype(object))


def float_directions(a: np.ndarray) -> np.ndarray:
    """Float rows pointing along the integer rows of ``a``, each row divided by a power of two
    so that no entry overflows (a positive scaling changes no direction and no sign); for
    guesses that exact code then checks.  Tiny entries of a huge row may round to 0.

    >>> f = float_directions(np.array([[10**400, -10**399]], dtype=object))
    >>> bool(np.isfinite(f).all()), round(float(f[0, 0] / f[0, 1]), 9)
    (True, -10.0)
    """
    if a.dtype != object:
        return a.astype(float)
    out = np.empty(a.shape, dtype=float)
    for i, row in enumerate(a.tolist()):
        shift = max(max((abs(v) for v in row), default=0).bit_length() - 1000, 0)
        out[i] = [v / (1 << shift) for v in row] if shift else [float(v) for v in row]
    return out


_UNIT = 2.0**-53
_CHUNK = 1 << 22


@np.errstate(over="ignore", invalid="ignore")   # a non-finite float product is unsure: decided exactly
def product_signs(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``sign(a @ b)`` for integer matrices, exactly, as ``int8``.

    A float product decides every sign it can certify: with ``u = 2^-53`` and inner
    dimension r, the computed ``fl(a @ b)`` (inputs rounded to floats, any summation
    order) differs from the exact product by at most ``(r + 2) u (|a| @ |b|)`` (the
    standard forward error bound, Higham, Thm 3.5), so where ``|fl(a @ b)|`` exceeds
    twice that bound its sign is the exact sign.  The remaining entries, and inputs too
    large for floats, are computed exactly with Python integers.  Rows are processed in
    chunks to bound memory.

    >>> product_signs(np.array([[10**20, 1]], dtype=object), np.array([[1], [-10**20]]))
    array([[0]], dtype=int8)
    """
    n, m = a.shape[0], b.shape[1]
    out = np.empty((n, m), dtype=np.int8)
    step = max(1, _CHUNK // max(m, 1))
    if a.dtype != object and b.dtype != object and max_abs(a) * max_abs(b) * max(a.shape[1], 1) < INT64_SAFE:
        for lo in range(0, n, step):
            out[lo:lo + step] = signs(a[lo:lo + step] @ b)
        return out
    try:
        bf = b.astype(float)
        af_all = a.astype(float)
    except OverflowError:
        for lo in range(0, n, step):
            out[lo:lo + step] = signs(a[lo:lo + step].astype(object) @ b.astype(object))
        return out
    slack = 2.0 * (a.shape[1] + 2) * _UNIT
    babs = np.abs(bf)
    for lo in range(0, n, step):
        af = af_all[lo:lo + step]
        approx = af @ bf
        bound = (np.abs(af) @ babs) * slack
        chunk = signs(approx)
        unsure = ~(np.abs(approx) > bound) | ~np.isfinite(approx)
        if unsure.any():
            rows, cols = np.nonzero(unsure)
            exact = (a[lo + rows].astype(object) * b[:, cols].T.astype(object)).sum(axis=1)
            chunk[rows, cols] = signs(exact)
        out[lo:lo + step] = chunk
    return out


def signs(a: np.ndarray) -> np.ndarray:
    """Entrywise sign as ``int8`` (works for object arrays of Python ints)."""
    return (a > 0).astype(np.int8) - (a < 0).astype(np.int8)


def primitive_rows(a: np.ndarray) -> np.ndarray:
    """Divide every row by the gcd of its entries (zero rows stay zero); signs are kept."""
    if a.size == 0:
        return a
    if a.dtype != object and a.min() == np.iinfo(np.int64).min:    # |-2^63| is no int64
        a = a.astype(object)
    g = np.gcd.reduce(np.abs(a), axis=1)
    g = np.where(g == 0, 1, g)
    return compact(a // g[:, None])


def canonical_rows(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Primitive rows with first nonzero entry positive, and the sign (+1/-1) that was applied.

    Two nonzero vectors span the same hyperplane normal line iff their canonical rows agree.

    >>> canonical_rows(np.array([[-2, 4], [0, 3], [0, 0]]))
    (array([[ 1, -2],
           [ 0,  1],
           [ 0,  0]]), array([-1,  1,  1], dtype=int8))
    """
    # int64, in the counting's hot loop: one division per row; -2^63 has no int64 negative, so
    # a row led by it would wrap (exact object rows then, by primitive_rows)
    if a.dtype != object and a.size and a.min() != np.iinfo(np.int64).min:
        g = np.abs(a[:, 0])
        for j in range(1, a.shape[1]):  # column by column: several times faster than np.gcd.reduce
            g = np.gcd(g, a[:, j])
        lead = np.where(a[np.arange(len(a)), np.argmax(a != 0, axis=1)] < 0, -1, 1).astype(np.int8)
        return a // (np.where(g == 0, 1, g) * lead)[:, None], lead
    a = primitive_rows(a)
    if a.size == 0:
        return a, np.ones(len(a), dtype=np.int8)
    first = np.argmax(a != 0, axis=1)
    lead = signs(a[np.arange(len(a)), first])
    lead = np.where(lead == 0, 1, lead).astype(np.int8)
    return compact(a * lead[:, None]), lead


def first_occurrences(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the first occurrence of each distinct row (in order) and each row's group.

    >>> first_occurrences(np.array([[1, 2], [3, 4], [1, 2]]))
    (array([0, 1]), array([0, 1, 0]))
    """
    if len(a) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if a.dtype != object:
        rows = np.ascontiguousarray(a)
        keys = rows.view(np.dtype((np.void, rows.dtype.itemsize * max(rows.shape[1], 1)))).ravel()
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        order = np.argsort(first)
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        return first[order], rank[inverse.ravel()]
    seen: dict = {}
    groups = np.empty(len(a), dtype=np.int64)
    firsts = []
    for i, row in enumerate(map(tuple, a)):
        if row not in seen:
            seen[row] = len(firsts)
            firsts.append(i)
        groups[i] = seen[row]
    return np.array(firsts, dtype=np.int64), groups


def integer_rows(rows) -> np.ndarray:
    """Rows of Fractions -> primitive integer rows, each a positive multiple of the original.

    >>> integer_rows([[Fraction(1, 2), Fraction(1, 3)], [Fraction(0), Fraction(0)]])
    array([[3, 2],
           [0, 0]])
    """
    out = []
    for row in rows:
        den = lcm(*(Fraction(v).denominator for v in row)) if row else 1
        ints = [int(Fraction(v) * den) for v in row]
        g = gcd(*ints)
        out.append([v // g for v in ints] if g else ints)
    return compact(np.array(out, dtype=object).reshape(len(out), len(rows[0]) if rows else 0))
