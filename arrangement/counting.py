"""Counting regions without enumerating them: the characteristic polynomial.

For a central arrangement A of hyperplanes in R^r, ``chi_A(t) = sum_X mu(X) t^dim X``
over the flats X of the intersection lattice.  Zaslavsky's theorem gives the
number of regions as ``|chi(-1)|``.  It is computed by deletion-restriction,

    chi_A(t) = chi_{A - H}(t) - chi_{A^H}(t),

so adding the normals one by one, ``chi_A = t^r - sum_k chi_{A_{k-1}^{H_k}}``
(each restriction one dimension lower), with closed forms at rank <= 3:

* no hyperplane: ``t^r``;  r = 1: ``t - 1``;  r = 2, m lines: ``t^2 - m t + (m - 1)``;
* r = 3, m planes: ``t^3 - m t^2 + c t + (m - 1 - c)`` with ``c = sum_L (m_L - 1)``
  over the lines L where m_L >= 2 planes meet (the constant follows from
  ``chi(1) = 0``, true of every nonempty central arrangement).  A line with planes
  ``k_1 < ... < k_s`` is met by each ``k_2, ..., k_s`` coming after an earlier plane, so
  ``c = sum_k |A_{k-1}^{H_k}|`` counts the distinct lines of the prefix restrictions.

Restrictions recur: the same flat restricted along different paths, and (for data
with symmetries, such as the resonance and threshold arrangements) restrictions that
differ by a linear isomorphism.  Every restriction of rank >= 4 is therefore keyed
by its :func:`~arrangement.normal_form.normal_form` (equal keys mean isomorphic
arrangements) and its polynomial computed once.  Restricted hyperplanes keep the
order of the first input normal that defines them; the input order is the deletion
order, and the order of the built-in data sets (binary counting for resonance and
threshold) makes prefixes self-similar, which is where most of the reuse comes from.
No symmetry group is needed: isomorphic restrictions are recognised from their normals.
The rank-3 restrictions of a rank-4 arrangement are counted together, in one vectorised
pass; when the C extension is built (:mod:`arrangement.count_kernel`), restrictions of rank
<= 5 are counted there instead.  All arithmetic is on integers (``int64`` where a bound
proves the products fit, Python integers otherwise).

Coefficients are listed from ``t^r`` down to ``t^0``.

>>> import numpy as np
>>> characteristic_coefficients(np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]]))
[1, -3, 3, -1]
"""

from __future__ import annotations

from math import comb, gcd

import numpy as np

from .count_kernel import fits, kernel
from .integer import INT64_SAFE, canonical_rows, first_occurrences, max_abs
from .normal_form import normal_form

__all__ = ["characteristic_coefficients", "prefix_restrictions", "regions_from_coefficients",
           "is_general_position", "cover_count"]


def prefix_restrictions(C: np.ndarray) -> list:
    """The restrictions ``A_{k-1}^{H_k}`` of the first k-1 hyperplanes to the k-th, for every k.

    ``C`` holds distinct canonical normals (m x r).  On ``H_k = {<w, c_k> = 0}`` the
    coordinates are all but the pivot ``p`` (the first nonzero entry of ``c_k``, which
    is positive); a normal ``c_i`` restricts to ``c_k[p] c_i - c_i[p] c_k`` (the
    combination that clears coordinate p), made primitive.  Restricted normals are
    deduplicated, keeping the order of first occurrence.  All pairs are done at once.

    >>> [G.tolist() for G in prefix_restrictions(np.array([[1, 0, 0], [0, 1, 0], [1, 1, 0]]))]
    [[], [[1, 0]], [[1, 0]]]
    """
    rows, sizes = _stacked_prefix_restrictions(C)
    return np.split(rows, np.cumsum(sizes)[:-1])


def _stacked_prefix_restrictions(C: np.ndarray, sizes=None):
    """:func:`prefix_restrictions` of every block of ``sizes`` consecutive rows of ``C``, stacked.

    Returns the restricted rows and how many there are for each row of ``C``.
    """
    later, restricted = _restricted_pairs(C, sizes)
    first = _first_of_each(later, restricted)
    return restricted[first], np.bincount(later[first], minlength=len(C))


def _restricted_pairs(C: np.ndarray, sizes=None):
    """For every pair i < k inside a block: k, and row i restricted to hyperplane k (not deduplicated)."""
    m, r = C.shape
    earlier, later, _ = _pairs_within_blocks(np.array([m]) if sizes is None else np.asarray(sizes))
    pivot = np.argmax(C != 0, axis=1)[later]
    if C.dtype == object or 2 * max_abs(C) ** 2 >= INT64_SAFE:
        C = C.astype(object)
    projected = C[earlier] * C[later, pivot][:, None] - C[later] * C[earlier, pivot][:, None]
    keep = np.ones(projected.shape, dtype=bool)
    keep[np.arange(len(later)), pivot] = False
    return later, canonical_rows(projected[keep].reshape(len(later), r - 1))[0]


def _row_keys(tag: np.ndarray, rows: np.ndarray):
    """One int64 per (tag, row), equal iff tag and row are equal (mixed radix), or None if too large."""
    if rows.dtype == object:
        return None
    shift = max_abs(rows)
    base = 2 * shift + 1
    if (int(tag.max(initial=0)) + 1) * base ** rows.shape[1] >= 2**63:
        return None
    keys = tag.astype(np.int64)
    for column in rows.T:
        keys = keys * base + (column + shift)
    return keys


def _tagged(tag: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``(tag, row)`` rows, ``int64`` unless the rows are Python integers: rows whose mixed-radix
    key overflows still fit ``int64`` entry by entry (rank-3 restrictions of 12-bit data have
    entries near 2^50), and :func:`first_occurrences` compares those as bytes; Python integers
    there were a loop per row (14 million rows, 80% of a count of 442 planes in R^4)."""
    kind = object if rows.dtype == object else np.int64
    return np.column_stack([tag.astype(kind), rows.astype(kind)])


def _first_of_each(tag: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Indices of the first occurrence of each distinct (tag, row), in order."""
    keys = _row_keys(tag, rows)
    if keys is None:
        return first_occurrences(_tagged(tag, rows))[0]
    return np.sort(np.unique(keys, return_index=True)[1])


def _distinct_count(tag: np.ndarray, rows: np.ndarray) -> int:
    """The number of distinct (tag, row).

    >>> big = 2**40      # the mixed-radix key of (tag, row) overflows int64; each entry does not
    >>> _distinct_count(np.array([0, 0, 1, 0]), np.array([[big, -3], [big, -3], [big, -3], [1, big]]))
    3
    """
    if len(tag) == 0:
        return 0
    keys = _row_keys(tag, rows)
    if keys is None:
        tagged = np.ascontiguousarray(_tagged(tag, rows))
        if tagged.dtype == object:
            return len(first_occurrences(tagged)[0])
        return len(np.unique(tagged.view(np.dtype((np.void, 8 * tagged.shape[1]))).ravel()))
    keys.sort()
    return 1 + int(np.count_nonzero(keys[1:] != keys[:-1]))


def _pairs_within_blocks(sizes: np.ndarray):
    """All pairs ``i < j`` of rows inside each block of consecutive rows, and the block of each."""
    counts = sizes * (sizes - 1) // 2
    block = np.repeat(np.arange(len(sizes)), counts)
    # the t-th pair of a block, pairs listed by j then i: j = floor((1 + sqrt(1 + 8t)) / 2)
    t = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    j = ((1 + np.sqrt(1 + 8 * t.astype(np.float64))) / 2).astype(np.int64)
    j -= j * (j - 1) // 2 > t                                # float rounding, corrected exactly
    j += (j + 1) * j // 2 <= t
    i = t - j * (j - 1) // 2
    start = np.repeat(np.cumsum(sizes) - sizes, counts)
    return start + i, start + j, block


def _rank3_sum(planes: np.ndarray, sizes: np.ndarray) -> list[int]:
    """``sum_k chi(G_k)`` for arrangements ``G_k`` in R^3 (closed form above), vectorised.

    ``planes`` stacks the distinct normals of every ``G_k``, ``sizes`` counts them.

    >>> _rank3_sum(np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]]), np.array([3, 0]))
    [2, -3, 3, -1]
    """
    sizes = np.asarray(sizes, dtype=np.int64)
    total = [len(sizes), -int(sizes.sum()), 0, int((sizes - 1)[sizes > 0].sum())]
    # c = sum_L (m_L - 1) = sum_k (distinct lines where plane k meets the planes before it)
    later, lines = _restricted_pairs(planes, sizes)
    c = _distinct_count(later, lines)
    total[2] += c
    total[3] -= c
    return total


def _rank3_sum_in_passes(planes: np.ndarray, sizes: np.ndarray, limit: int | None = None) -> list[int]:
    """:func:`_rank3_sum` over groups of consecutive blocks of at most ``limit`` pairs each (one
    block may be more), summed: every term is a sum over the blocks.  Bounds the memory where
    entries outgrow ``int64`` (Python integers, about 300 bytes a pair: 4.9 GB in one pass for
    442 raw-scale planes in R^4).

    >>> planes = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [0, 1, 1]])
    >>> _rank3_sum_in_passes(planes, np.array([3, 2]), limit=1) == _rank3_sum(planes, np.array([3, 2]))
    True
    """
    limit = _PASS_PAIRS if limit is None else limit
    sizes = np.asarray(sizes, dtype=np.int64)
    pairs = np.cumsum(sizes * (sizes - 1) // 2)
    starts = np.cumsum(sizes) - sizes
    total, lo = [0, 0, 0, 0], 0
    while lo < len(sizes):
        hi = max(lo + 1, int(np.searchsorted(pairs, (pairs[lo - 1] if lo else 0) + limit, side="right")))
        end = starts[hi - 1] + sizes[hi - 1]
        part = _rank3_sum(planes[starts[lo]:end], sizes[lo:hi])
        total = [a + b for a, b in zip(total, part)]
        lo = hi
    return total


_COMPILED_RANK = 5       # up to this rank the compiled recursion (with its own memo below) is faster
_PASS_PAIRS = 1_000_000  # pairs of one pass of the rank-4 case
_MAX_PAIRS = 4_000_000  # bounds the memory of one vectorised pass (about 100 bytes a pair)
_PAIRS_PER_CHILD = 4_000  # a rank-4 child through the memo (normal form, lookup) costs about as much


class MemoCounter:
    """Deletion-restriction with a memo of normal forms (one memo per count).

    ``compiled``: the compiled base cases (by default :func:`arrangement.count_kernel.kernel`,
    when the extension is built), or None for NumPy only.
    """

    def __init__(self, compiled="auto"):
        self.memo: dict = {}
        self.compiled = kernel() if compiled == "auto" else compiled

    def essential(self, N: np.ndarray) -> list[int]:
        """chi of the arrangement ``N`` (nonzero rows) in R^r: normal form, then memo."""
        m, r = N.shape
        if m == 0:
            return [1] + [0] * r
        C = None if self.compiled is None or N.dtype == object else self.compiled.normal_form(N)
        if C is None:
            C = normal_form(N)
        rank = C.shape[1]
        key = (rank, C.tobytes()) if C.dtype != object else (rank, tuple(map(tuple, C)))
        coeffs = self.memo.get(key)
        if coeffs is None:
            # count in the coordinates with the smaller entries (N's grow more slowly)
            coeffs = self.memo[key] = self.compute(C if rank < r else N)
        return coeffs + [0] * (r - rank)

    def compute(self, C: np.ndarray, progress=None) -> list[int]:
        """chi of distinct non-parallel normals ``C`` of full rank r: closed form or recursion."""
        m, r = C.shape
        if r == 1:
            return [1, -1]
        if r == 2:
            return [1, -m, m - 1]
        if (self.compiled is not None and progress is None and r <= _COMPILED_RANK and C.dtype != object
                and fits(m, r)):
            coeffs = self.compiled.chi(C)
            if coeffs is not None:      # else an entry grew too large for int64: below, exactly
                return coeffs
        if r == 3:
            return _rank3_sum(C, np.array([m]))
        if r == 4:
            below = _rank3_sum_in_passes(*_stacked_prefix_restrictions(C))
            return [1, *(-c for c in below)]
        rows, sizes = _stacked_prefix_restrictions(C)
        pairs = (sizes.astype(np.float64) ** 3).sum() / 6
        if (r == 5 and progress is None and self.compiled is None
                and pairs < min(_MAX_PAIRS, _PAIRS_PER_CHILD * m)):
            # chi = t^5 - sum_k (t^4 - sum_j chi(G_kj)): all rank-3 grandchildren in one pass
            return [1, -m, *_rank3_sum(*_stacked_prefix_restrictions(rows, sizes))]
        coeffs = [1] + [0] * r
        for k, G in enumerate(np.split(rows, np.cumsum(sizes)[:-1])):
            for i, c in enumerate(self.essential(G)):
                coeffs[i + 1] -= c
            if progress is not None:
                progress(k + 1, m)
        return coeffs


def characteristic_coefficients(F: np.ndarray, progress=None) -> list[int]:
    """Coefficients of chi(t), highest degree first, for the hyperplanes with normals ``F`` (m x r).

    Zero rows are not hyperplanes and are ignored; parallel rows are one hyperplane.

    ``progress``, if given, is called as ``progress(done, total)`` after each of the
    ``total`` top-level restrictions.

    >>> characteristic_coefficients(np.array([[1, 0], [0, 1], [1, 1]]))
    [1, -3, 2]
    >>> characteristic_coefficients(np.array([[0, 0, 0], [2, 0, 0], [-1, 0, 0]]))   # one plane
    [1, -1, 0, 0]
    """
    r = F.shape[1]
    F, _ = canonical_rows(F[(F != 0).any(axis=1)])
    if len(F) == 0:
        return [1] + [0] * r
    F = F[first_occurrences(F)[0]]
    F = _column_primitive(F)
    C = normal_form(F)
    rank = C.shape[1]
    return MemoCounter().compute(C if rank < r else F, progress) + [0] * (r - rank)


def _column_primitive(F: np.ndarray) -> np.ndarray:
    """``F`` with every column divided by the gcd of its entries (rows made canonical again): a
    positive diagonal change of basis, so the same arrangement up to isomorphism (same chi), with
    smaller entries.  Raw decimal data share a factor per column (a bias column of 100s or 10^6s,
    a feature in thousands), and the restrictions' entries grow as products of them: wine's four
    features went past ``int64`` in the compiled counting (27 s CPU on Python integers, 7 s
    without the factors).

    >>> _column_primitive(np.array([[100, 52000], [100, 45000], [-200, 1000]])).tolist()
    [[1, 52], [1, 45], [2, -1]]
    """
    divisors = [gcd(*(int(v) for v in column)) or 1 for column in F.T]
    if all(g == 1 for g in divisors):
        return F
    return canonical_rows(F // np.array(divisors, dtype=F.dtype))[0]


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
