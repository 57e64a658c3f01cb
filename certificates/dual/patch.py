"""The regions around a few faces, standing in for the full list on an arrangement too large to enumerate.

The end-game (the optimality system, its interval proof, the exact gate) needs the regions
whose closure holds each atom, and that every *other* (region, sign) pair stays below 1.  Near
a point ``w`` of a face F the arrangement is the central arrangement of the hyperplanes through
``w`` (the data with a ``0`` in F); every one of its regions, with F's signs elsewhere, is a
region of the data whose closure holds ``w``, and these are all of them.  So they are found by
enumerating that small arrangement, never the whole one.

A :class:`Patch` is an :class:`~arrangement.Arrangement` listing only those regions
(``partial = True``); what concerns the rest of the sphere is decided by the tree search of
:mod:`certificates.dual.tree_oracle` (:meth:`Patch.sup_squared_excluding`,
:meth:`Patch.outside_squared`), never by the listed regions alone.

>>> A = Arrangement([[1, 0], [0, 1], [1, 1]])          # six regions; the face '+0+' is a wall
>>> P = Patch(A, ["+0+"])
>>> [r.pattern for r in P.regions()], P.walls(0)
(['+++', '+-+'], ([[1, 0], [0, 1], [1, 1]], [0, 1, 2]))
>>> P.sup_squared_excluding([1, 1, -1], set(), 0)   # relu(w1) + relu(w2) - relu(w1 + w2): 1/sqrt(2) at (1, -1)
Fraction(1, 2)
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import cached_property
from math import lcm

import numpy as np

from arrangement import Arrangement, DualcertError
from arrangement.linalg import rank
from arrangement.region import Region
from arrangement.signs import pattern_signs

from .certificate import Certificate
from .projection import project
from .tree_oracle import violators

__all__ = ["FLOOR", "Patch", "PatchCertificate", "IncompletePatch", "regions_around", "separable"]

# the enumeration products of the full arrangement: a patch has its own
FLOOR = Fraction(1023, 1024)
"""Below this, the maximum off the atoms is not computed exactly: the margin ``1 - sup |eta|``
off the atoms is then reported as at least ``1/1024``."""

_OWN = ("_witnesses", "_keys", "_patterns", "_signs", "_neighbours", "_facets", "_tree_pattern_index", "_listed",
        "_signs_listed")


class IncompletePatch(DualcertError):
    """A question about all regions that the listed ones cannot answer (some region outside the
    patch reaches the level asked about)."""


class PatchCertificate(Certificate):
    """The :class:`~certificates.dual.certificate.Certificate` of a :class:`Patch`: the listed
    regions as usual, every question about the whole sphere by the tree search."""

    @cached_property
    def _region_vectors(self):      # the listed regions are not connected: directly
        A = self.arrangement
        D = lcm(*(Fraction(pj * x).denominator for pj, row in zip(self.p, A.X) for x in row))
        V = np.array([[int(D * pj * x) for x in row] for pj, row in zip(self.p, A.X)], dtype=object)
        return (A.sign_matrix() > 0).astype(object) @ V, D

    @property
    def _unenumerated(self) -> bool:
        return True

    def scan(self, level, exclude=()):
        self.arrangement.check_outside(self.p, Fraction(level))
        return super().scan(level, exclude)

    def sup_squared_excluding(self, excluded, enough=None) -> Fraction:
        return self.arrangement.sup_squared_excluding(self.p, excluded, enough=enough)

    @cached_property
    def _scan(self):    # complete once no region outside the patch reaches 1
        self.arrangement.check_outside(self.p, Fraction(1))
        return Certificate._scan.func(self)


class Patch(Arrangement):
    """The data of ``arrangement`` with only the regions whose closure meets one of ``faces``
    (sign strings over the data) listed, in a fixed order (by pattern, ``+`` first)."""

    partial = True
    certificate_class = PatchCertificate

    def __init__(self, arrangement: Arrangement, faces):
        self.__dict__.update({k: v for k, v in arrangement.__dict__.items() if k not in _OWN})
        self.full, self.faces = arrangement, list(dict.fromkeys(faces))
        found: dict = {}        # pattern -> (facet hyperplanes, hyperplanes through a face)
        for face in dict.fromkeys(faces):
            if len(face) != self.n:
                raise DualcertError(f"a face has {len(face)} signs, the data {self.n} points")
            zero = [j for j, s in enumerate(face) if s == "0" and self._hyperplane_of[j] >= 0]
            if zero and set(face) != {"0"} and rank([[int(v) for v in self._integer_rows[j]] for j in zero]) == self.d:
                # only w = 0 is orthogonal to them all, and it has no other sign: an empty face (a
                # float reading at a loose tolerance on thin cones) meets no region's closure;
                # listing the regions of its rows (191 of diabetes[bmi,bp] at 1e-3) cost gigabytes
                continue
            through = {int(self._hyperplane_of[j]) for j in zero}
            local = Arrangement([self.X[j] for j in zero]).regions() if zero else [None]
            for region in local:
                signs = list(face)
                facets = set()
                if region is not None:
                    for k, j in enumerate(zero):
                        signs[j] = region.pattern[k]
                    facets = {int(self._hyperplane_of[zero[k]]) for k in region.facets}
                facet_set, through_set = found.setdefault("".join(signs), (set(), set()))
                facet_set |= facets
                through_set |= through
        order = sorted(found, key=lambda s: s.replace("+", "a").replace("-", "b"))
        self._local = [(s, found[s][0], found[s][1]) for s in order]
        self.refuting = []      # leaves above ``enough`` that ended a search early (new columns for a caller)

    # ---- the listed regions, in the interface of Arrangement ------------------------------
    # built once: the end-game asks for them per (atom, region) pair, and a patch around a
    # hundred atoms lists thousands of regions
    @cached_property
    def _listed(self) -> tuple:
        return tuple(Region(i, s, (), tuple(self.hyperplanes[h][0] for h in sorted(facets)))
                     for i, (s, facets, _) in enumerate(self._local))

    @cached_property
    def _signs_listed(self) -> np.ndarray:
        return np.array([pattern_signs(s) for s, *_ in self._local], dtype=np.int8).reshape(len(self._local), self.n)

    def regions(self, max_regions=None, progress=None):
        return list(self._listed)

    def sign_matrix(self, max_regions=None, progress=None) -> np.ndarray:
        return self._signs_listed.copy()

    def hyperplane_sign_matrix(self, max_regions=None, progress=None) -> np.ndarray:
        first = [members[0] for members in self.hyperplanes]
        S = self.sign_matrix()
        return (S[:, first] * self._orientation[first]).astype(np.int8).reshape(len(S), len(first))

    def witness_matrix(self, max_regions=None, progress=None):
        raise DualcertError("a patch of regions has no witnesses")

    def neighbours(self):
        raise DualcertError("a patch of regions has no adjacency graph")

    def walls(self, region: int) -> tuple:
        """Rows defining the region's closed cone: its facets through the faces, and every
        hyperplane through none of them (possibly redundant: the cone is the same).  A
        hyperplane through a face that is not a facet there is redundant and left out."""
        pattern, facets, through = self._local[region]
        rows, index = [], []
        for h, members in enumerate(self.hyperplanes):
            if h in facets or h not in through:
                j = members[0]
                sign = 1 if pattern[j] == "+" else -1
                rows.append([sign * int(v) for v in self._integer_rows[j]])
                index.append(j)
        return rows, index

    def data_facts(self) -> dict:
        """n, d, the number of regions (counted) and the data-only support bound
        ``2 #{regions with nonempty activation pattern}``."""
        if "_facts" not in self.__dict__:
            count = self.count_regions()
            self.__dict__["_facts"] = {"n": self.n, "d": self.d, "n_regions": count,
                                       "data_support_bound": 2 * (count - int(_all_negative_region(self.full))),
                                       "sparse_atoms_bound": self.n}
        return dict(self._facts)

    # ---- the rest of the sphere, by the tree search --------------------------------------
    def _separable(self, p) -> bool:
        return separable(self, p)

    def sup_squared_excluding(self, p, excluded, floor=FLOOR, enough=None) -> Fraction:
        """``max (sign * eta_p)^2`` over all regions of the data (listed or not) except the listed
        (region, sign) pairs in ``excluded``: exact when above ``floor ** 2``, else ``floor ** 2``
        (an upper bound: the tree search prunes below it, which is what makes it fast).
        ``enough``: a value above ``enough ** 2`` may be returned as soon as one is found (then
        only a lower bound of the maximum, itself above ``enough ** 2``: a guess refuted)."""
        p = [Fraction(v) for v in p]
        keys = {(self._local[r][0], s) for r, s in excluded}
        if not self._separable(p):
            return max([value for pattern, sign, value in self._sides(p, floor)
                        if (pattern, sign) not in keys and value > floor ** 2], default=Fraction(floor) ** 2)
        skip = lambda leaf: (leaf.pattern, leaf.sign) in keys  # noqa: E731
        # one search for the largest above the floor (pruning below the best leaf found so far),
        # ended by the first leaf above ``enough``: a refuted guess costs no search for the largest
        # (85 s CPU of a failed early end-game attempt of iris:virginica-rest at lambda 1/10), a
        # proved one no second search (a first leaf above the floor, then the largest: two or three).
        # A refuted guess hands back a leaf above ``enough`` of each sign that has one (its caller's
        # new columns, as those two searches found them)
        leaves = violators(self.full, p, floor, most=True, skip=skip, stop=enough)
        top = max((leaf.value_squared for leaf in leaves), default=Fraction(floor) ** 2)
        if enough is not None and top > Fraction(enough) ** 2:
            self.refuting += [leaf for leaf in leaves if leaf.value_squared > Fraction(enough) ** 2]
        return top

    def outside_squared(self, p) -> Fraction:
        """Exact ``max (sign * eta_p)^2`` over the regions not listed (both signs)."""
        p = [Fraction(v) for v in p]
        listed = {s for s, *_ in self._local}
        if not self._separable(p):
            return max((value for pattern, _, value in self._sides(p, 0) if pattern not in listed), default=Fraction(0))
        leaves = violators(self.full, p, 0, most=True, skip=lambda leaf: leaf.pattern in listed)
        return max((leaf.value_squared for leaf in leaves), default=Fraction(0))

    def _sides(self, p, floor):
        """``(pattern, sign, exact maximum squared)`` for every region inside the search's leaves
        above ``floor`` (not squared) where some hyperplane carries no weight, when that maximum is
        above ``floor ** 2``: a leaf is then a union of regions, the sides of those hyperplanes,
        eta the same linear function on all of them.  The sides are split one weightless
        hyperplane at a time, keeping a side only when its open cone is not empty (the parent's
        closed cone P, with interior, meets ``<a, w> > 0`` iff ``Pi_P(a) != 0``: Moreau) and its
        maximum, a bound for all its regions, is above the floor: the regions of the leaf, not
        all ``2^k`` sign choices of k weightless hyperplanes."""
        leaves = violators(self.full, p, floor)
        weightless = [h for h in range(len(self.hyperplanes)) if not _carries_weight(self, p, h)] if leaves else []
        rows, low = self.full.integer_rows, Fraction(floor) ** 2
        free = {j for h in weightless for j in self.hyperplanes[h]}

        def wall(j, c):
            return [(1 if c == "+" else -1) * int(v) for v in rows[j]]

        for leaf in leaves:
            # the weightless rows add nothing to g whatever their side: their weights cancel
            g = [leaf.sign * sum((pj * x[k] for pj, x, c in zip(p, self.X, leaf.pattern) if c == "+"), Fraction(0))
                 for k in range(self.d)]
            base = [wall(j, c) for j, c in enumerate(leaf.pattern) if c != "0" and j not in free]
            stack = [(0, list(leaf.pattern), base)]
            while stack:
                depth, pattern, walls = stack.pop()
                value = project(walls, g).norm_squared
                if value <= low:
                    continue        # every region of this side stays at or below the floor
                if depth == len(weightless):
                    yield "".join(pattern), leaf.sign, value
                    continue
                for side in (1, -1):
                    child = list(pattern)
                    for j in self.hyperplanes[weightless[depth]]:
                        child[j] = "+" if side * self._orientation[j] > 0 else "-"
                    new = [wall(j, child[j]) for j in self.hyperplanes[weightless[depth]]]
                    if any(project(walls, new[0]).point):
                        stack.append((depth + 1, child, walls + new))

    def check_outside(self, p, level) -> None:
        """Raise :class:`IncompletePatch` unless every region not listed stays below ``level``
        (squared: compared with ``level``), so that a scan of the listed regions is complete."""
        p = [Fraction(v) for v in p]
        if self._separable(p) or not level > 0:
            top = self.outside_squared(p)
        else:   # the search needs a rational level: any root^2 < level serves (a filter)
            root = Fraction(math.sqrt(float(level)) * (1 - 1e-9))
            while root * root >= level:
                root /= 2
            listed = {s for s, *_ in self._local}
            top = max((value for pattern, _, value in self._sides(p, root) if pattern not in listed), default=0)
        if not top < level:
            raise IncompletePatch("a region outside the patch reaches the level: the listed regions are not enough")


def separable(A: Arrangement, p) -> bool:
    """Whether eta_p changes across every hyperplane (its data's weights, signed by their side,
    do not cancel): else a leaf of the tree search is a union of regions, and skipping a leaf by
    one region's pattern would not be sound.

    >>> separable(Arrangement([[1, 0], [-1, 0], [0, 1]]), [1, 1, 1]), separable(Arrangement([[1, 0], [0, 1]]), [1, 0])
    (True, False)
    """
    return all(_carries_weight(A, p, h) for h in range(len(A.hyperplanes)))


def _carries_weight(A: Arrangement, p, h: int) -> bool:
    a = A.hyperplane_normals[h]
    k = next(i for i, v in enumerate(a) if v)
    c = [(A.X[j][k] / int(a[k]), Fraction(p[j])) for j in A.hyperplanes[h]]     # x_j = c a
    # else eta does not see this hyperplane: the search never splits it
    return bool(sum(pj * cj for cj, pj in c if cj > 0) or sum(pj * cj for cj, pj in c if cj < 0))


def _all_negative_region(A: Arrangement) -> bool:
    """Whether some ``w`` has ``<w, x_j> < 0`` for every nonzero row, decided exactly.  By
    Gordan's alternative it does unless ``-x_j`` lies in the cone of the rows for some j, and by
    Moreau ``v`` lies in that cone iff its projection onto the polar ``{w : <x_k, w> <= 0}`` is 0.

    >>> _all_negative_region(Arrangement([[1, 0], [0, 1]])), _all_negative_region(Arrangement([[1, 0], [-1, 1], [0, -1]]))
    (True, False)
    """
    from .projection import project
    rows = [[int(v) for v in A._integer_rows[j]] for members in A.hyperplanes for j in members]
    # a witness first (minus a coordinate axis, as for a bias column of ones, or minus the rows'
    # sum): a projection per row cost 5 s CPU at 150 rows, once per patch
    for w in [[-int(i == k) for i in range(A.d)] for k in range(A.d)] + [[-sum(c) for c in zip(*rows)]]:
        if all(sum(a * b for a, b in zip(row, w)) < 0 for row in rows):
            return True
    polar = [[-v for v in row] for row in rows]
    return all(any(project(polar, [Fraction(-v) for v in row]).point) for row in rows)


def regions_around(arrangement: Arrangement, faces) -> list:
    """The patterns of the regions whose closure meets one of ``faces`` (nothing else enumerated).

    >>> regions_around(Arrangement([[1, 0], [0, 1], [1, 1]]), ["000"])    # the origin: all six
    ['+++', '+-+', '+--', '-++', '-+-', '---']
    """
    return [r.pattern for r in Patch(arrangement, faces).regions()]
