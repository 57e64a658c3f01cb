"""The arrangement of the data hyperplanes ``H_j = {w : <w, x_j> = 0}`` and its regions.

Conventions.  A region is a nonempty set
``{w : sign <w, x_j> = s_j for all j}`` with ``s_j`` in ``{+, -}`` for every nonzero
``x_j`` and ``s_j = 0`` for a zero row; its activation pattern is ``{j : s_j = +}``.
Regions are open polyhedral cones, so "on the sphere" and "in R^d" give the
same sign vectors.  Each region comes with an integer witness ``w`` whose exact
signs ``sign <w, x_j>`` are its pattern, and with its facets: the data indices
``j`` whose hyperplane bounds it.

>>> A = Arrangement([[1, 0], [0, 1]])
>>> [r.pattern for r in A.regions()]
['++', '+-', '-+', '--']
>>> A.count_regions()
4
"""

from __future__ import annotations

from fractions import Fraction
from functools import cached_property, partial

import numpy as np

from .counting import cover_count, is_general_position, regions_from_coefficients
from .numbers import check_flag, check_limit, finite_float
from .data import load_data
from .display import rich
from .errors import RegionLimitError
from .integer import canonical_rows, exact_matmul, first_occurrences, integer_rows, \
    primitive_rows
from .linalg import independent_integer_rows
from .orbits import essential_characteristic
from .progress import progress_bar
from .region import Region, RegionList
from .listing import enumerate_regions, facet_arrays, hyperplane_signs, region_range
from .signs import pattern_string

__all__ = ["Arrangement", "Region", "pattern_string"]



class Arrangement:
    """The central hyperplane arrangement cut out by data rows ``X`` (with ``bias``, rows ``(x_j, 1)``).

    Parameters
    ----------
    X : rows of numbers, a NumPy array, a :class:`~arrangement.numbers.Dataset`, a path
        (``str`` or :class:`pathlib.Path`) to a CSV/JSON file or a built-in name such as
        ``"threshold:3"``; entries are read exactly (:func:`arrangement.data.load_data`).
    bias : append the coordinate 1 to every row; weights then live on S^d.
    label : the label column of a CSV file or pandas DataFrame, when it is not ``y``.

    >>> A = Arrangement([[0], [1], [2]], bias=True)    # 1-d data with a bias
    >>> A.d, A.count_regions(), len(A.regions())
    (2, 6, 6)
    """

    def __init__(self, X, bias: bool = False, label: str | None = None):
        bias = check_flag(bias, "bias")
        data = load_data(X, label)
        rows = data.X
        if bias:
            rows = tuple(row + (Fraction(1),) for row in rows)
        self.X = rows
        self.y = data.y
        self.bias = bias
        self.n, self.d = len(rows), len(rows[0])
        ints = self._integer_rows = integer_rows(rows)
        pivots = independent_integer_rows(ints)
        self.rank = len(pivots)
        # essential coordinates: w = c @ basis, so <w, x_j> = <c, basis @ x_j>
        self._basis = None if self.rank == self.d else ints[pivots]
        reduced = ints if self._basis is None else primitive_rows(exact_matmul(ints, self._basis.T))
        nonzero = np.flatnonzero((reduced != 0).any(axis=1))
        canon, orient = canonical_rows(reduced[nonzero])
        first, group = first_occurrences(canon)
        self._normals = canon[first]
        self._hyperplane_of = np.full(self.n, -1, dtype=np.int64)
        self._hyperplane_of[nonzero] = group
        self._orientation = np.zeros(self.n, dtype=np.int8)
        self._orientation[nonzero] = orient
        self.hyperplanes = tuple(tuple(int(j) for j in nonzero[group == h]) for h in range(len(first)))
        """Distinct hyperplanes, each as the tuple of data indices that define it."""

    @classmethod
    def from_patterns(cls, X, patterns, witnesses, bias: bool = False) -> "Arrangement":
        """The arrangement of ``X`` with its regions given instead of enumerated (for example read
        from disk by :func:`arrangement.shards.from_regions`), once checked to be all of them:
        every witness has exactly its pattern's signs against the data (exact integers), the
        patterns are distinct, and there are ``|chi(-1)|`` of them.  Then :meth:`regions`, the
        adjacency graph and certificates work without enumerating.

        ``patterns``: sign strings over ``+ - 0`` or a sign matrix (regions x n); ``witnesses``:
        integer points (regions x d, with the bias coordinate when ``bias``).  A
        :class:`~arrangement.errors.DataError` if they are not the regions of the data.

        >>> A = Arrangement.from_patterns([[1, 0], [0, 1]], ["--", "+-", "-+", "++"],
        ...                               [[-1, -1], [1, -1], [-1, 1], [1, 1]])
        >>> [r.pattern for r in A.regions()], A.regions()[0].witness
        (['++', '+-', '-+', '--'], (1, 1))
        """
        from .columns import set_regions
        return set_regions(cls(X, bias=bias), patterns, witnesses)

    @cached_property
    def X_float(self) -> np.ndarray:
        """The data rows as a float array (n x d), for numerical guesses only; never decides.

        >>> Arrangement([[1, "0.5"]], bias=True).X_float
        array([[1. , 0.5, 1. ]])
        """
        X = np.array([[finite_float(v, f"data entry ({i}, {k})") for k, v in enumerate(row)]
                      for i, row in enumerate(self.X)], dtype=float).reshape(self.n, self.d)
        X.flags.writeable = False
        return X

    def __repr__(self):
        return f"Arrangement(n={self.n}, d={self.d}, rank={self.rank}, hyperplanes={len(self.hyperplanes)})"

    def _repr_html_(self):       # a table of the counts, when the results layer is loaded
        return rich(self, "html")

    def _repr_markdown_(self):
        return rich(self, "markdown")

    # ---- the hyperplanes, read-only -------------------------------------------------------
    @property
    def integer_rows(self) -> np.ndarray:
        """The data rows scaled to primitive integer vectors (n x d, positive multiples, so the
        signs are those of the data; zero rows stay zero).

        >>> Arrangement([["1/2", 1], [0, 0]]).integer_rows.tolist()
        [[1, 2], [0, 0]]
        """
        return _read_only(self._integer_rows)

    @property
    def essential_basis(self):
        """``None`` when the data span R^d, else r independent integer data rows ``B`` (r x d):
        the arrangement lives in the essential coordinates ``c`` of ``w = c @ B``.

        >>> Arrangement([[1, 1, 0], [2, 2, 0], [0, 0, 1]]).essential_basis.tolist()
        [[1, 1, 0], [0, 0, 1]]
        """
        return None if self._basis is None else _read_only(self._basis)

    @property
    def normals(self) -> np.ndarray:
        """Integer normals of the distinct hyperplanes in the essential coordinates (m x rank),
        one per entry of :attr:`hyperplanes`, each the canonical (primitive, first nonzero
        entry positive) multiple.

        >>> Arrangement([[1, 0], [0, 1], [-2, 0], [0, 0]]).normals.tolist()
        [[1, 0], [0, 1]]
        """
        return _read_only(self._normals)

    @property
    def hyperplane_of(self) -> np.ndarray:
        """For every data index ``j``: the index of its hyperplane in :attr:`hyperplanes`, or -1
        for a zero row.

        >>> Arrangement([[1, 0], [0, 1], [-2, 0], [0, 0]]).hyperplane_of.tolist()
        [0, 1, 0, -1]
        """
        return _read_only(self._hyperplane_of)

    @property
    def orientation(self) -> np.ndarray:
        """For every data index ``j``: +1 or -1 as ``x_j`` is a positive or negative multiple of
        its hyperplane's normal, 0 for a zero row (``sign <w, x_j> = orientation_j * sign of w on
        the hyperplane``).

        >>> Arrangement([[1, 0], [0, 1], [-2, 0], [0, 0]]).orientation.tolist()
        [1, 1, -1, 0]
        """
        return _read_only(self._orientation)

    @cached_property
    def hyperplane_normals(self) -> np.ndarray:
        """Integer normals of the distinct hyperplanes in R^d (m x d, an object array), oriented
        like the columns of :meth:`hyperplane_sign_matrix`: row h is ``orientation_j x_j`` for the
        first data index j of hyperplane h (integer rows).

        >>> Arrangement([[-2, 0], [0, 1], [1, 0]]).hyperplane_normals.tolist()
        [[1, 0], [0, 1]]
        """
        members = [h[0] for h in self.hyperplanes]
        rows = [[int(self._orientation[j]) * int(v) for v in self._integer_rows[j]] for j in members]
        return _read_only(np.array(rows, dtype=object).reshape(len(members), self.d))

    def is_interior(self, signs: str) -> bool:
        """Whether a point with data sign string ``signs`` lies inside a region, i.e. on no
        hyperplane: every ``0`` belongs to a zero data row.

        >>> A = Arrangement([[1, 0], [0, 0]])
        >>> A.is_interior("+0"), A.is_interior("0+")
        (True, False)
        """
        return all(self._hyperplane_of[j] < 0 for j, s in enumerate(signs) if s == "0")

    def location(self, signs: str) -> str:
        """``"interior"`` for a point inside a region (:meth:`is_interior`), else ``"wall"``.

        >>> Arrangement([[1, 0], [0, 1]]).location("+0")
        'wall'
        """
        return "interior" if self.is_interior(signs) else "wall"

    # ---- counting -------------------------------------------------------------------------
    @cached_property
    def characteristic_coefficients(self) -> tuple:
        """Coefficients of chi(t) in R^d, from t^d down to t^0 (see :mod:`arrangement.counting`)."""
        return self._characteristic(progress=False)

    def _characteristic(self, progress, symmetry="auto") -> tuple:
        if "characteristic_coefficients" not in self.__dict__:
            with progress_bar(len(self.hyperplanes), "restrictions", progress) as bar:
                essential = essential_characteristic(self, symmetry, lambda k, _: bar.update_to(k)) \
                    if self.rank else [1]
            self.__dict__["characteristic_coefficients"] = tuple(essential + [0] * (self.d - self.rank))
        return self.__dict__["characteristic_coefficients"]

    def characteristic_polynomial(self, variable: str = "x") -> "sympy.Poly":
        """The characteristic polynomial of the intersection lattice, as a sympy ``Poly``.

        >>> Arrangement([[1, 0], [0, 1], [1, 1]]).characteristic_polynomial()
        Poly(x**2 - 3*x + 2, x, domain='ZZ')
        """
        import sympy
        return sympy.Poly(list(self.characteristic_coefficients), sympy.Symbol(variable))

    def count_regions(self, progress=False, symmetry="auto") -> int:
        """Number of regions, ``|chi(-1)|`` (Zaslavsky), computed without enumerating them.

        ``progress``: ``None`` shows a bar of the top-level restrictions on a terminal,
        ``True`` always, ``False`` (default) never.  ``symmetry``: ``"auto"`` counts over the
        orbits of the symmetry group when it pays, ``"none"`` never
        (:func:`arrangement.orbits.essential_characteristic`).
        """
        return regions_from_coefficients(list(self._characteristic(progress, symmetry)))

    @property
    def general_position(self) -> bool:
        """Whether every min(n, d) data vectors are linearly independent.

        A zero row is dependent on its own, and chi (which sees only hyperplanes) cannot
        tell it, so zero rows are checked first; the rest is read off chi.

        >>> Arrangement([[1], [2]]).general_position, Arrangement([[1], [0]]).general_position
        (True, False)
        """
        return bool((self.hyperplane_of >= 0).all()) and \
            is_general_position(list(self.characteristic_coefficients), self.n)

    def cover_count(self) -> int:
        """Cover's count ``2 sum_{k<d} C(n-1, k)``: the number of regions in general position."""
        return cover_count(self.n, self.d)

    # ---- regions ---------------------------------------------------------------------------
    def _count_within(self, max_regions):
        """The number of regions, or ``None`` when it is not known yet but Cover's bound allows
        more than ``max_regions`` and counting may be slow; raises once the count exceeds the limit.

        Cover's formula ``2 sum_{k<r} C(m-1, k)`` for m distinct hyperplanes of rank r bounds
        the regions of every central arrangement.  Counting is fast at rank <= 3 (closed forms).
        """
        known = "characteristic_coefficients" in self.__dict__ or self.rank <= 3
        if max_regions is None or known or cover_count(len(self.hyperplanes), self.rank) <= max_regions:
            total = self.count_regions()
            if max_regions is not None and total > max_regions:
                raise RegionLimitError(
                    f"the arrangement has {total} regions, more than max_regions = {max_regions}; "
                    "raise the bound (--max-regions) or count them with `dualcert count`")
            return total
        return None

    def _enumerate(self, max_regions=None, progress=None):
        max_regions = check_limit(max_regions, "max_regions")
        if "_witnesses" in self.__dict__:
            if max_regions is not None and len(self._witnesses) > max_regions:
                raise RegionLimitError(f"the arrangement has {len(self._witnesses)} regions, more than "
                                       f"max_regions = {max_regions}; raise the bound (--max-regions)")
            return
        enumerate_regions(self, max_regions, progress)

    def data_signs(self, S: np.ndarray) -> np.ndarray:
        """Signs over the distinct hyperplanes (rows x m) -> signs over the data (rows x n, ``int8``;
        0 for zero rows), through :attr:`hyperplane_of` and :attr:`orientation`.

        >>> import numpy as np
        >>> Arrangement([[1, 0], [0, 1], [-2, 0], [0, 0]]).data_signs(np.array([[1, -1]])).tolist()
        [[1, -1, -1, 0]]
        """
        safe = np.where(self._hyperplane_of < 0, 0, self._hyperplane_of)
        if S.shape[1] == 0:
            return np.zeros((len(S), self.n), dtype=np.int8)
        return (S[:, safe] * self._orientation).astype(np.int8)

    def sign_matrix(self, max_regions=None, progress=None) -> np.ndarray:
        """Signs of all regions over the data, an ``int8`` array (regions x n; unpacked from the
        bit-packed signs on first use, then kept)."""
        self._enumerate(max_regions, progress)
        if "_patterns" not in self.__dict__:
            self.__dict__["_patterns"] = self.data_signs(self.hyperplane_sign_matrix())
        return _read_only(self._patterns)

    def hyperplane_sign_matrix(self, max_regions=None, progress=None) -> np.ndarray:
        """Signs of all regions over the distinct hyperplanes (regions x m, entries +-1, ``int8``),
        against :attr:`hyperplane_normals`; rows in the order of :meth:`regions`.

        >>> Arrangement([[1, 0], [0, 1], [-2, 0]]).hyperplane_sign_matrix().tolist()
        [[1, 1], [1, -1], [-1, 1], [-1, -1]]
        """
        self._enumerate(max_regions, progress)
        if "_signs" not in self.__dict__:
            self.__dict__["_signs"] = hyperplane_signs(self)
        return _read_only(self._signs)

    def witness_matrix(self, max_regions=None, progress=None) -> np.ndarray:
        """Integer witnesses of all regions (regions x d), in the order of :meth:`regions`."""
        self._enumerate(max_regions, progress)
        return _read_only(self._witnesses)

    def neighbours(self) -> np.ndarray:
        """``nb[r, h]``: the region across hyperplane h from region r, or -1 if h carries no facet
        of r (regions x m, in the order of :meth:`regions` and :attr:`hyperplanes`).

        >>> A = Arrangement([[1, 0], [0, 1], [1, 1]])       # six regions in the plane
        >>> [r.pattern for r in A.regions()]
        ['+++', '+-+', '+--', '-++', '-+-', '---']
        >>> A.neighbours()[0].tolist()    # from +++ across x_1 to -++, across x_2 to +-+; x_3 is no wall
        [3, 1, -1]
        """
        return _read_only(self._neighbours)

    @cached_property
    def _neighbours(self) -> np.ndarray:
        self._enumerate()
        offsets, hyper, other = facet_arrays(self)
        nb = np.full((len(self._witnesses), len(self.hyperplanes)), -1, dtype=np.int64)
        nb[np.repeat(np.arange(len(nb)), np.diff(offsets)), hyper] = other
        return nb

    def regions(self, max_regions=None, progress=None) -> "RegionList":
        """All regions, sorted by pattern (``+`` before ``-``), as a sequence of :class:`Region`
        records made on access from the arrays (:class:`~arrangement.region.RegionList`).

        ``max_regions`` raises :class:`~arrangement.errors.RegionLimitError` when exceeded;
        ``progress`` shows a progress bar (``None``: only on a terminal).

        >>> [(r.pattern, r.witness, r.facets) for r in Arrangement([[1, 0], [-2, 0]]).regions()]
        [('+-', (1, 0), (0, 1)), ('-+', (-1, 0), (0, 1))]
        """
        self._enumerate(max_regions, progress)
        return RegionList(len(self._witnesses), partial(region_range, self))   # picklable, unlike a lambda

    def walls(self, region: int) -> tuple:
        """The closed cone of a region as ``{w : <row, w> >= 0}``: one integer row ``s_j x_j``
        per bounding hyperplane, with the data index ``j`` it was taken from.

        >>> Arrangement([[1, 0], [0, 1], [1, 1]]).walls(0)      # region +++ is bounded by x_1, x_2
        ([[1, 0], [0, 1]], [0, 1])
        """
        reg = self.regions()[region]
        rows, index, done = [], [], set()
        for j in reg.facets:
            h = self._hyperplane_of[j]
            if h not in done:
                done.add(h)
                sign = 1 if reg.pattern[j] == "+" else -1
                rows.append([sign * int(v) for v in self._integer_rows[j]])
                index.append(j)
        return rows, index

    def edges(self) -> list:
        """Adjacent pairs ``(r, s, data_indices)``, r < s, separated by exactly one hyperplane."""
        self._enumerate()
        offsets, hyper, other = facet_arrays(self)
        r = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
        keep = r < other
        r, s, h = r[keep], other[keep], hyper[keep]
        order = np.lexsort((s, r))
        return [(a, b, self.hyperplanes[c]) for a, b, c in zip(r[order].tolist(), s[order].tolist(), h[order].tolist())]

    def adjacency_graph(self) -> "networkx.Graph":
        """The region adjacency graph, see :func:`arrangement.graph.adjacency_graph`.

        >>> G = Arrangement([[1, 0], [0, 1], [1, 1]]).adjacency_graph()
        >>> G.number_of_nodes(), G.number_of_edges()    # a hexagon
        (6, 6)
        """
        from .graph import adjacency_graph
        return adjacency_graph(self)

    def plot(self, ax=None):
        """A matplotlib Figure of the regions (drawn into ``ax`` when given): on the circle for
        d = 2, the sphere for d = 3, else the adjacency graph (needs the ``certificates`` layer)."""
        from certificates.report.plots import arrangement_figure
        return arrangement_figure(self, ax)

    def faces(self, max_faces=None) -> tuple:
        """All faces of the arrangement on the sphere, see :func:`arrangement.faces.faces`."""
        from .faces import faces
        return faces(self, max_faces=max_faces)


def _read_only(array: np.ndarray) -> np.ndarray:
    view = array.view()
    view.flags.writeable = False
    return view
