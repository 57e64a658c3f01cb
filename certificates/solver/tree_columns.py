"""The Frank-Wolfe oracle of column generation by the pruned tree search, for large arrangements.

:func:`certificates.solver.column_generation.violations` scans every region each iteration;
above :data:`TREE_REGIONS` regions it calls :func:`tree_violations` instead, which finds the
(region, sign) pairs where ``sign * eta_p > 1 + tolerance`` with the exact tree oracle of
:mod:`certificates.dual.tree_oracle` (its cost grows with the part of the sphere where eta is
near its maximum, not with the number of regions).  A violating leaf comes with the pattern of
a region whose closure holds its maximiser, and that region's own maximum is the leaf's value;
the pattern is mapped to the region's index for the master problem.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from arrangement import Arrangement

from ..dual.tree_oracle import violators

__all__ = ["TREE_REGIONS", "use_tree", "tree_violations"]

TREE_REGIONS = 100_000
"""Arrangements with more regions than this use the tree oracle in column generation."""


def use_tree(arrangement: Arrangement, regions: int | None = None) -> bool:
    """Whether the tree oracle should replace the scan of all regions (by the count of the
    regions, from the characteristic polynomial: nothing is enumerated).

    >>> use_tree(Arrangement([[1, 0], [0, 1]]))
    False
    """
    return arrangement.count_regions() > (TREE_REGIONS if regions is None else regions)


def _scale(arrangement: Arrangement) -> Fraction:
    """``s`` with ``X_float = X / s`` (a power of two: :class:`~certificates.solver.minimiser.FloatScaling`
    views), 1 for an arrangement that is not a scaled view."""
    Xf = arrangement.X_float
    if not Xf.size or not np.abs(Xf).max():
        return Fraction(1)
    j, k = np.unravel_index(np.argmax(np.abs(Xf)), Xf.shape)
    ratio = float(arrangement.X[j][k]) / float(Xf[j, k])
    return Fraction(2) ** round(math.log2(ratio))


def _index(arrangement: Arrangement) -> dict:
    """Region index by pattern (the bytes of ``S > 0``), built once per arrangement object."""
    if "_tree_pattern_index" not in arrangement.__dict__:
        S = arrangement.sign_matrix() > 0
        arrangement.__dict__["_tree_pattern_index"] = {row.tobytes(): i for i, row in enumerate(S)}
    return arrangement.__dict__["_tree_pattern_index"]


def tree_violations(arrangement: Arrangement, p, tolerance: float = 1e-7, limit: int | None = None,
                    exclude=frozenset()):
    """Like :func:`~certificates.solver.column_generation.violations`: (region, sign, exact squared
    value) pairs above ``(1 + tolerance)^2``, at most ``limit`` per sign, and a bound for the
    rest (``(1 + tolerance)^2`` when the search was complete: then no other pair exceeds it).

    >>> found, rest = tree_violations(Arrangement([[1, 0], [0, 1]]), np.array([2.0, -0.5]))
    >>> sorted((r, s) for r, s, _ in found), rest <= 1 + 1e-6
    ([(0, 1), (1, 1)], True)
    """
    scale = _scale(arrangement)
    p = [Fraction(float(v)) / scale for v in np.asarray(p, dtype=float)]
    level = Fraction(1 + tolerance)
    index = _index(arrangement)
    found, rest = [], float(level) ** 2
    for leaf in violators(arrangement, p, level, limit=limit,
                          skip=lambda leaf: (_region(index, leaf.pattern), leaf.sign) in exclude):
        region = _region(index, leaf.pattern)
        if (region, leaf.sign) not in exclude and all((region, leaf.sign) != (r, s) for r, s, _ in found):
            found.append((region, leaf.sign, leaf.value_squared))
    if limit is not None and len(found) >= limit:
        rest = max(rest, max(float(v) for _, _, v in found))
    found.sort(key=lambda f: -f[2])
    return found, rest


def _region(index: dict, pattern: str) -> int:
    return index[np.array([c == "+" for c in pattern], dtype=bool).tobytes()]
