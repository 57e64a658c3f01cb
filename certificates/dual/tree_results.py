"""The answers of the tree search of :mod:`certificates.dual.tree_oracle`: its confirmed leaves,
their exact maxima and its result.

>>> Leaf(1, 4, (2, 0), "+-").value_squared
4
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from math import lcm

from .projection import project

__all__ = ["Leaf", "OracleResult", "leaf_maximum", "root_below"]


@dataclass(frozen=True)
class Leaf:
    """An exact leaf maximum: ``value_squared = |point|^2`` and ``sign * eta(point) = |point|^2``.
    ``pattern``: signs over the data of a region whose closure holds the maximiser
    ``point / |point|`` (so that region's own maximum is this value when it is the global one).
    """

    sign: int
    value_squared: Fraction
    point: tuple
    pattern: str


@dataclass
class OracleResult:
    """The outcome of a search.  ``value_squared``: the exact maximum of ``sign * eta`` (clipped at
    0) when ``complete`` and the maximum exceeds the threshold; otherwise the best exact value
    found, and then every pruned subtree was proved to stay at or below the threshold.
    ``leaves``: the confirmed leaves above the threshold; ``tree``: the pruned tree as plain data
    (``record=True``)."""

    sign: int
    value_squared: Fraction
    point: tuple
    pattern: str
    complete: bool
    nodes: int
    leaves: list = field(default_factory=list)
    tree: dict | None = None


def leaf_maximum(target: list, rows: list, guess=()) -> tuple:
    """``(|Pi_C(target)|^2, Pi_C(target))`` exactly: the maximum of ``<target, w>`` over the closed cone
    ``C = {<row, w> >= 0}`` on the sphere (squared, 0 when negative) and its point; ``guess``: the
    positions of the walls float multipliers call active.

    >>> leaf_maximum([1, -1], [[0, 1]], (0,))
    (Fraction(1, 1), (Fraction(1, 1), Fraction(0, 1)))
    """
    if guess and len(rows) > 2 * len(target):
        # the walls the float multipliers call active first; the KKT point on them is the
        # projection onto the whole cone as soon as it satisfies every other wall (checked exactly)
        proj = project([rows[t] for t in guess], target, range(len(guess)))
        den = lcm(*(v.denominator for v in proj.point))
        point = [int(v * den) for v in proj.point]
        if all(sum(a * b for a, b in zip(row, point)) >= 0 for row in rows):
            return proj.norm_squared, proj.point
    proj = project(rows, target, guess)
    return proj.norm_squared, proj.point


def root_below(q: Fraction) -> float:
    """A float ``t <= sqrt(q)`` (q >= 0), to compare float upper bounds against exactly.

    >>> root_below(Fraction(2)) ** 2 <= 2, root_below(Fraction(9, 4)), root_below(Fraction(0))
    (True, 1.5, 0.0)
    """
    if q >= 2**1000 or not q:   # past the float range (a level far above the scaled coefficients)
        return 2.0**500 if q else 0.0
    e = (q.numerator.bit_length() - q.denominator.bit_length()) // 2
    t = math.ldexp(math.sqrt(float(q / Fraction(4) ** e)), e)     # q / 4^e near 1: tiny q is no subnormal
    while t > 0 and Fraction(t) ** 2 > q:
        t = math.nextafter(t, 0.0)
    return t
