"""The dual certificate ``eta(w) = sum_j p_j relu(<w, x_j>)`` on the dual regions, exactly.

On the closure of a region R with activation pattern A, ``eta(w) = <w, g_R>`` with
``g_R = sum_{j in A} p_j x_j``.  On the sphere, the maximum of
``eta`` over the closed region is ``|Pi_C(g_R)|``, attained only at ``Pi_C(g_R) / |Pi_C(g_R)|``
when ``Pi_C(g_R) != 0`` (section 3, with C the region's closed cone); the minimum is
``-|Pi_C(-g_R)|``.  Squared values are rationals; everything is decided on them.

>>> from fractions import Fraction as Q
>>> from arrangement import Arrangement
>>> cert = Certificate(Arrangement([[1, Q(3, 4)], [1, Q(-3, 4)]]), [Q(5, 6), Q(-5, 6)])
>>> cert.feasible, cert.sup_abs_eta_squared
(True, Fraction(1, 1))
>>> [(e.w, e.sign, e.face) for e in cert.extreme_points]
[((Fraction(3, 5), Fraction(4, 5)), 1, '+0'), ((Fraction(3, 5), Fraction(-4, 5)), -1, '0+')]
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from math import lcm

import numpy as np
import sympy

from arrangement import Arrangement, ParameterError
from arrangement.display import short_vector
from arrangement.signs import pattern_string
from arrangement.numbers import rational, rational_vector
from arrangement.integer import product_signs
from arrangement.linalg import rank

from ..exact.convert import sympy_of
from .projection import dot as _dot
from .projection import project
from .screening import StagedBounds, region_bound_squared
from .uniqueness import solution_set

__all__ = ["Certificate", "RegionExtremum", "ExtremePoint", "WallActivity", "Nondegeneracy", "exact_sqrt",
           "data_support_bound"]

_SLACK = Fraction(1 - 1e-12)   # the float bounds carry a 1e-12 relative slack; compared exactly: no overflow


def exact_sqrt(q: Fraction):
    """``sqrt(q)`` as an exact sympy number (``sqrt(5)/5``, ``3/4``, ...)."""
    return sympy.sqrt(sympy_of(q))


@dataclass(frozen=True)
class RegionExtremum:
    """``max over the closed region (on the sphere) of sign * eta``, clipped below at 0.

    ``point`` is ``Pi_C(sign * g_R)`` (a rational vector of length ``value``; the maximiser is
    ``point / |point|``), ``face`` its sign vector over the data, ``multipliers`` the KKT
    multipliers of the walls active at ``point`` (data index -> rational).
    """

    region: int
    sign: int
    value_squared: Fraction
    point: tuple
    face: str
    multipliers: dict

    @property
    def value(self):
        """The value as an exact sympy expression."""
        return exact_sqrt(self.value_squared)


@dataclass(frozen=True)
class ExtremePoint:
    """A point ``w`` of the sphere with ``eta(w) = sign``; ``regions``: the regions whose closure holds it."""

    w: tuple
    sign: int
    face: str
    regions: tuple


@dataclass(frozen=True)
class WallActivity:
    """An extreme point in one region holding it: the walls active there and their multipliers."""

    region: int
    active_walls: tuple
    multipliers: dict
    independent: bool
    strictly_complementary: bool


@dataclass(frozen=True)
class Nondegeneracy:
    """Where an extreme point lies and whether its maximum is non-degenerate (per region: ``regions``)."""

    w: tuple
    sign: int
    face: str
    location: str
    nondegenerate: bool
    regions: tuple


class Certificate:
    """The certificate of dual vector ``p`` on an :class:`~arrangement.Arrangement` (or on data,
    which is then read into one).

    Optional ``y`` (labels) and ``lam`` (lambda > 0) give ``b = y - lam p = K mu`` for the
    uniqueness analysis; ``b`` may also be given directly (a patch of regions brings its own class)."""

    def __new__(cls, arrangement=None, *args, **kwargs):
        return super().__new__(getattr(arrangement, "certificate_class", cls))

    def __init__(self, arrangement: Arrangement, p, y=None, lam=None, b=None):
        if not isinstance(arrangement, Arrangement):  # data: rows, an array, a file or a built-in name
            arrangement = Arrangement(arrangement)
        self.arrangement = A = arrangement
        self.p = rational_vector(p, "p", A.n)
        self.y = None if y is None else rational_vector(y, "y", A.n)
        self.lam = None if lam is None else rational(lam, "lambda")
        if self.lam is not None and self.lam <= 0:
            raise ParameterError(f"lambda must be positive, got {self.lam}")
        if b is not None:
            self.b = rational_vector(b, "b", A.n)
        elif self.y is not None and self.lam is not None:
            self.b = tuple(yj - self.lam * pj for yj, pj in zip(self.y, self.p))
        else:
            self.b = None
        self._extrema: dict = {}

    # ---- display: one line, and the report's tables in a notebook --------------------------
    def __repr__(self):
        lam = "" if self.lam is None else f", lam={self.lam}"
        return f"Certificate(p={short_vector(self.p)}{lam}) on {self.arrangement!r}"

    def _repr_markdown_(self):
        from ..report.notebook import certificate_markdown
        return certificate_markdown(self)

    def _repr_html_(self):
        from ..report.notebook import certificate_markdown, html_of
        return html_of(certificate_markdown(self))

    # ---- g_R on every region, by walking the adjacency graph ---------------------------------
    @cached_property
    def _region_vectors(self):
        """Integer matrix ``G`` and denominator ``D`` with ``g_R = G[R] / D`` for every region R.

        Across the wall of hyperplane h the active set changes exactly on the data of h, so
        ``g`` changes by ``-sigma_h sum_{j in h} o_j p_j x_j`` (sigma_h: the region's sign on h,
        o_j: the orientation of x_j against h).  A breadth-first walk over the adjacency graph,
        level by level, fills every region from its parent.
        """
        A = self.arrangement
        S, nb = A.sign_matrix(), A.neighbours()
        hyper_signs = A.hyperplane_sign_matrix()
        D = lcm(*(Fraction(pj * x).denominator for pj, row in zip(self.p, A.X) for x in row))
        V = np.array([[int(D * pj * x) for x in row] for pj, row in zip(self.p, A.X)], dtype=object)
        U = np.zeros((len(A.hyperplanes), A.d), dtype=object)
        for j, h in enumerate(A.hyperplane_of):
            if h >= 0:
                U[h] += int(A.orientation[j]) * V[j]
        G = np.zeros((len(S), A.d), dtype=object)
        G[0] = (S[0] > 0).astype(object) @ V
        seen = np.zeros(len(S), dtype=bool)
        seen[0] = True
        frontier = np.array([0])
        while len(frontier):
            parent, hyper = np.nonzero(nb[frontier] >= 0)
            parent = frontier[parent]
            child = nb[parent, hyper]
            fresh = ~seen[child]
            child, first = np.unique(child[fresh], return_index=True)
            parent, hyper = parent[fresh][first], hyper[fresh][first]
            G[child] = G[parent] - hyper_signs[parent, hyper][:, None].astype(object) * U[hyper]
            seen[child] = True
            frontier = child
        return G, D

    def region_vector(self, region: int) -> tuple:
        """``g_R`` for region index ``region`` (exact rationals)."""
        G, D = self._region_vectors
        return tuple(Fraction(int(v), D) for v in G[region])

    # ---- per-region extrema ------------------------------------------------------------------
    def _walls(self, region: int):
        return self.arrangement.walls(region)

    def region_extremum(self, region: int, sign: int = 1, guess=()) -> RegionExtremum:
        """Maximum of ``sign * eta`` over the closed region on the sphere (exact).

        >>> from arrangement import Arrangement
        >>> c = Certificate(Arrangement([[1, 0], [0, 1]]), [1, 1])
        >>> e = c.region_extremum(0)      # region ++: eta = w1 + w2, max sqrt(2) at (1, 1)/sqrt(2)
        >>> e.value_squared, e.value, e.face
        (Fraction(2, 1), sqrt(2), '++')
        """
        key = (region, sign)
        if key not in self._extrema:
            rows, index = self._walls(region)
            g = [sign * v for v in self.region_vector(region)]
            proj = project(rows, g, [t for t, j in enumerate(index) if j in guess])
            point = proj.point
            face = pattern_string(_exact_signs(self.arrangement.integer_rows, point))
            mult = {index[t]: lam for t, lam in proj.multipliers.items()}
            self._extrema[key] = RegionExtremum(region, sign, proj.norm_squared, point, face, mult)
        return self._extrema[key]

    # ---- the whole sphere -------------------------------------------------------------------
    @cached_property
    def _screen(self):
        A = self.arrangement
        G, D = self._region_vectors
        S = A.hyperplane_sign_matrix()   # only the guessed active walls are kept (bool)
        return StagedBounds(np.concatenate([G, -G]), D, np.concatenate([S, S]), A.hyperplane_normals)

    def pairs_by_bound(self):
        """(region, sign, proved upper bound of the squared maximum, guessed active walls), best first."""
        members = [h[0] for h in self.arrangement.hyperplanes]
        n_regions = len(self._screen) // 2
        for k, bound, lam in self._screen:
            yield (k % n_regions, 1 if k < n_regions else -1, bound * (1 + 1e-12),
                   {members[h] for h in np.flatnonzero(lam > 0)})

    def scan(self, level, exclude=()):
        """The exact extrema (:class:`RegionExtremum`) of the (region, sign) pairs not in ``exclude``
        whose squared maximum may reach ``level`` (an exact rational), in decreasing order of a
        proved upper bound; every other pair is proved below ``level`` (its float screening bound,
        or else its exact :meth:`upper_bound_squared`, is), so it is never projected exactly.

        >>> from arrangement import Arrangement
        >>> c = Certificate(Arrangement([[1, 0], [0, 1]]), [1, -1])
        >>> sorted((e.region, e.sign, e.value_squared) for e in c.scan(1, exclude={(0, 1)}))
        [(0, -1, Fraction(1, 1)), (1, 1, Fraction(1, 1)), (2, -1, Fraction(1, 1))]
        """
        floor = Fraction(level) * _SLACK
        for region, sign, ub, guess in self.pairs_by_bound():
            if ub < floor:
                return
            if (region, sign) in exclude or self.upper_bound_squared(region, sign) < level:
                continue
            yield self.region_extremum(region, sign, guess)

    def sup_squared_excluding(self, excluded, enough=None) -> Fraction:
        """Exact ``max (sign * eta)^2`` over the closed regions, for the (region, sign) pairs not in
        ``excluded`` (negative values count as 0).  ``enough``: above ``enough ** 2`` any value found
        may be returned (a :class:`~certificates.dual.patch.PatchCertificate` stops at the first).

        >>> from arrangement import Arrangement
        >>> c = Certificate(Arrangement([[1, 0], [0, 1]]), [1, -1])
        >>> c.sup_squared_excluding(set()), c.sup_squared_excluding({(0, 1), (0, -1), (1, 1), (2, -1)})
        (Fraction(1, 1), Fraction(0, 1))
        """
        best = Fraction(0)
        for region, sign, ub, guess in self.pairs_by_bound():
            if ub < best * _SLACK:
                break
            if (region, sign) not in excluded and self.upper_bound_squared(region, sign) > best:
                best = max(best, self.region_extremum(region, sign, guess).value_squared)
        return best

    def upper_bound_squared(self, region: int, sign: int = 1) -> Fraction:
        """A proved upper bound of ``(max over the closed region of sign * eta)^2``, cheap and tight:
        ``|g + A^T lam|^2`` in exact arithmetic for the float NNLS multipliers ``lam >= 0``
        (weak duality, :mod:`certificates.dual.screening`); it skips the exact projection when it is
        below what matters.

        >>> from arrangement import Arrangement
        >>> c = Certificate(Arrangement([[1, 0], [0, 1]]), [1, 1])
        >>> c.upper_bound_squared(0), c.region_extremum(0).value_squared
        (Fraction(2, 1), Fraction(2, 1))
        """
        rows, _ = self._walls(region)
        return region_bound_squared(rows, [sign * v for v in self.region_vector(region)])

    @cached_property
    def _scan(self):
        """Exact extrema of the regions that matter, in decreasing order of a proved upper bound.

        Bounds: ``|Pi_C(g)| <= |g|`` and the dual bounds of :mod:`certificates.dual.screening`.  A
        pair (region, sign) whose bound is below 1 can hold no extreme point; the scan stops
        once every remaining bound is below 1 and below the best exact value found on the
        regions that hold no extreme point (or, for an infeasible p, below the exact sup).
        """
        sup, holding, values = Fraction(0), [], {}
        best_off, held = None, set()
        for region, sign, ub, guess in self.pairs_by_bound():
            if sup > 1 and ub < sup * _SLACK:
                break
            if ub < 1 - 1e-12:
                if best_off is None:  # from here on no region can join the holding set
                    held = {e.region for e in holding}
                    best_off = max((v for r, v in values.items() if r not in held), default=Fraction(0))
                if ub < best_off * _SLACK:
                    break
            e = self.region_extremum(region, sign, guess)
            sup = max(sup, e.value_squared)
            if e.value_squared == 1:
                holding.append(e)
            values[region] = max(values.get(region, Fraction(0)), e.value_squared)
            if best_off is not None and region not in held:
                best_off = max(best_off, e.value_squared)
        if best_off is None:
            held = {e.region for e in holding}
            best_off = max((v for r, v in values.items() if r not in held), default=Fraction(0))
        return sup, holding, best_off

    @property
    def _unenumerated(self) -> bool:
        """Regions not enumerated and too many to: the tree oracle decides without them."""
        from .tree_oracle import use_tree
        return "_witnesses" not in self.arrangement.__dict__ and use_tree(self.arrangement)

    @cached_property
    def sup_abs_eta_squared(self) -> Fraction:
        """``sup over the sphere of eta^2`` (exact; on a large arrangement whose regions are not
        enumerated, by the tree search of :mod:`certificates.dual.tree_oracle`)."""
        if self._unenumerated:
            from .tree_oracle import sup_abs_squared
            return sup_abs_squared(self.arrangement, self.p)
        return self._scan[0]

    @cached_property
    def feasible(self) -> bool:
        """Dual feasibility ``|eta| <= 1`` on the whole sphere, decided exactly."""
        if self._unenumerated and "sup_abs_eta_squared" not in self.__dict__:
            from .tree_oracle import exceeds
            return not exceeds(self.arrangement, self.p, 1)
        return self.sup_abs_eta_squared <= 1

    @cached_property
    def extreme_points(self) -> tuple:
        """``Ext = {|eta| = 1}``: distinct points with sign, face and the regions whose closure holds them.

        Meaningful for a feasible certificate (then every region holding a point has it as its
        unique maximiser).
        """
        points: dict = {}
        for e in self._scan[1]:
            points.setdefault((e.point, e.sign), []).append(e)
        out = []
        for (w, sign), extrema in sorted(points.items(), key=lambda kv: (-kv[0][1], kv[0][0])):
            out.append(ExtremePoint(w, sign, extrema[0].face, tuple(sorted(e.region for e in extrema))))
        return tuple(out)

    @property
    def margin_squared_off_extreme(self) -> Fraction:
        """``max eta^2`` over the regions whose closure holds no extreme point (exact, < 1 if feasible)."""
        return self._scan[2]

    @property
    def margin(self):
        """``1 - max |eta|`` over the regions that hold no extreme point, as an exact sympy number."""
        return 1 - exact_sqrt(self.margin_squared_off_extreme)

    # ---- support bounds -----------------------------------------------------------------------
    @property
    def support_bound(self) -> int:
        """Every minimiser has at most ``|Ext|`` atoms (its support lies in Ext)."""
        return len(self.extreme_points)

    @cached_property
    def data_support_bound(self) -> int:
        """The data-only bound ``2 #{regions with nonempty activation pattern}``."""
        return data_support_bound(self.arrangement)

    @property
    def sparse_atoms_bound(self) -> int:
        """Some minimiser has at most n atoms (Caratheodory on K mu = b), from the data alone."""
        return self.arrangement.n

    # ---- non-degeneracy ---------------------------------------------------------------------
    def nondegeneracy(self) -> list[Nondegeneracy]:
        """Per extreme point: where it lies and whether its maximum is non-degenerate.

        Inside an open region the maximum is non-degenerate (Hessian ``-|g| Id``).  On a wall it
        is non-degenerate when, in every region holding it, the active walls are independent
        and all their multipliers are positive (strict complementarity).
        """
        out = []
        for ext in self.extreme_points:
            entries = []
            strict = True
            for r in ext.regions:
                e = self.region_extremum(r, ext.sign)
                rows, index = self._walls(r)
                active = [t for t, row in enumerate(rows) if _dot(row, ext.w) == 0]
                independent = rank([rows[t] for t in active]) == len(active)
                positive = all(e.multipliers.get(index[t], 0) > 0 for t in active)
                strict = strict and independent and positive
                entries.append(WallActivity(r, tuple(index[t] for t in active),
                                            {index[t]: e.multipliers.get(index[t], Fraction(0)) for t in active},
                                            independent, positive))
            location = self.arrangement.location(ext.face)
            out.append(Nondegeneracy(ext.w, ext.sign, ext.face, location,
                                     True if location == "interior" else strict, tuple(entries)))
        return out

    # ---- minimisers ---------------------------------------------------------------------------
    def feature_matrix(self) -> list:
        """``Phi[j][i] = relu(<w_i, x_j>)`` for the extreme points ``w_i`` (exact)."""
        X = self.arrangement.X
        return [[max(_dot(x, e.w), Fraction(0)) for e in self.extreme_points] for x in X]

    @cached_property
    def solutions(self):
        """The set of all minimisers (:class:`~certificates.dual.uniqueness.SolutionSet`), or None
        when ``b = K mu`` is unknown (give ``y`` and ``lam``, or ``b``) or p is infeasible."""
        if self.b is None or not self.feasible:
            return None
        return solution_set(self.feature_matrix(), [e.sign for e in self.extreme_points], list(self.b))

    @property
    def unique(self):
        """True/False when decided, None when it cannot be decided from what was given."""
        sol = self.solutions
        return None if sol is None or not sol.consistent else sol.unique

    # ---- report -------------------------------------------------------------------------------
    @property
    def worst_extremum(self) -> RegionExtremum:
        """An exact region extremum where ``sup |eta|`` is reached (for an infeasible p: where it exceeds 1)."""
        self._scan   # fills the extrema that matter
        return max(self._extrema.values(), key=lambda e: e.value_squared)

    def plot(self, ax=None):
        """A matplotlib Figure of eta over the regions with the extreme points (drawn into ``ax``
        when given): :func:`certificates.report.plots.certificate_figure`."""
        from ..report.plots import certificate_figure
        return certificate_figure(self, ax)


def data_support_bound(arrangement: Arrangement) -> int:
    """Every minimiser has at most ``2 #{regions with nonempty activation pattern}`` atoms (one
    extreme point per region and sign), whatever the labels.

    >>> data_support_bound(Arrangement([[1, 0], [0, 1]]))     # regions ++, +-, -+ (not --)
    6
    """
    S = arrangement.sign_matrix()
    return 2 * int((S > 0).any(axis=1).sum())


def _exact_signs(int_rows, point) -> np.ndarray:
    den = lcm(*(Fraction(v).denominator for v in point))
    vec = np.array([[int(Fraction(v) * den)] for v in point], dtype=object)
    return product_signs(int_rows, vec)[:, 0] if len(point) else np.zeros(len(int_rows), dtype=np.int8)
