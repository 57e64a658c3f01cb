"""Faces of every dimension of the arrangement, with their incidences.

A face is a nonempty ``F_s = {w : sign <w, x_j> = s_j}`` for ``s`` in ``{-, 0, +}^n``
.  The hyperplanes on which a face vanishes meet in a flat
``X`` of the intersection lattice, and the faces with that zero set are exactly
the regions of the restricted arrangement ``A^X = {X cap H : H not containing X}``.
So the faces are found flat by flat (flats by breadth-first search: the
children of ``X`` are the distinct hyperplanes of ``A^X``), each with an exact
integer witness.

``G`` lies in the boundary of ``F`` iff ``s_G`` is ``s_F`` with some entries set
to 0; a facet of ``F`` (one dimension lower) lies in a child flat ``Y`` of
``F``'s flat, and is then ``s_F`` with the zero set of ``Y``: one look-up each.

>>> from arrangement import Arrangement
>>> fs = Arrangement([[1, 0], [0, 1]]).faces()
>>> [(f.signs, f.dim) for f in fs]
[('++', 1), ('+-', 1), ('-+', 1), ('--', 1), ('+0', 0), ('0+', 0), ('0-', 0), ('-0', 0)]
>>> fs[0].facets     # the quarter circle ++ ends at the points +0 and 0+
(4, 5)
"""

from __future__ import annotations

from dataclasses import dataclass
from math import lcm

import numpy as np

from .numbers import check_limit
from .enumeration import lift, region_witnesses
from .errors import RegionLimitError
from .integer import canonical_rows, exact_matmul, first_occurrences, primitive_rows, product_signs
from .linalg import kernel_vectors
from .signs import pattern_string

__all__ = ["Face", "faces"]


@dataclass(frozen=True)
class Face:
    """A face of the arrangement on the sphere.

    ``signs`` is its sign vector over the data, ``dim`` its dimension as a subset of
    the sphere S^(d-1), ``witness`` an integer point of it, ``facets`` the indices
    (in the tuple returned by :func:`faces`) of the faces of dimension ``dim - 1``
    in its boundary.
    """

    index: int
    signs: str
    dim: int
    witness: tuple
    facets: tuple


def _flats_and_points(F: np.ndarray):
    """Yield ``(zero_set, dim, points, children)`` per flat: its dimension, integer points (essential coords)
    of every face with that zero set, and the zero sets of the child flats."""
    m, r = F.shape
    seen = {frozenset()}
    queue = [(frozenset(), np.eye(r, dtype=np.int64))]
    while queue:
        zero, K = queue.pop(0)
        rest = np.array([h for h in range(m) if h not in zero], dtype=np.int64)
        G = exact_matmul(F[rest], K.T)  # <c K, F_h> = <c, K F_h>
        canon, _ = canonical_rows(G)
        first, group = first_occurrences(canon)
        distinct = canon[first]
        points = primitive_rows(exact_matmul(region_witnesses(distinct), K))
        children = []
        for g in range(len(distinct)):
            child = zero | frozenset(int(h) for h in rest[group == g])
            children.append(child)
            if len(K) >= 2 and child not in seen:
                seen.add(child)
                nonzero = np.flatnonzero(distinct[g])
                p = int(nonzero[np.argmin(np.abs(distinct[g][nonzero]))])
                basis = lift(np.eye(len(K) - 1, dtype=np.int64), distinct[g], p)
                queue.append((child, exact_matmul(basis, K)))
        if len(K) == 1:  # a line: its two rays are bounded by the lineality space alone
            children = [frozenset(range(m))]
        yield zero, len(K), points, children


def faces(arrangement, max_faces=None) -> tuple:
    """All faces of ``arrangement`` on the sphere, highest dimension first, each dimension in
    the pattern order of :meth:`~arrangement.Arrangement.regions` (so regions come first).

    Raises :class:`~arrangement.errors.RegionLimitError` past ``max_faces`` faces.

    >>> from arrangement import Arrangement
    >>> fs = Arrangement([[1, 0, 0], [0, 1, 0], [0, 0, 1]]).faces()
    >>> [sum(f.dim == k for f in fs) for k in (2, 1, 0)]    # octahedron: 8 triangles, 12 edges, 6 vertices
    [8, 12, 6]
    """
    max_faces = check_limit(max_faces, "max_faces")
    A = arrangement
    lineality = A.d - A.rank
    if A.rank == 0:
        w = (1,) + (0,) * (A.d - 1)
        return (Face(0, "0" * A.n, A.d - 1, w, ()),)
    records = []
    for zero, flat_dim, points, children in _flats_and_points(A.normals):
        S = product_signs(points, A.normals.T)
        W = points if A.essential_basis is None else primitive_rows(exact_matmul(points, A.essential_basis))
        for s_row, w_row, ess in zip(A.data_signs(S), W.tolist(), S):
            records.append((flat_dim + lineality - 1, s_row, tuple(int(v) for v in w_row), ess, children))
        if max_faces is not None and len(records) > max_faces:
            raise RegionLimitError(f"more than {max_faces} faces; raise max_faces")
    if lineality:
        # the lineality space {w : <w, x_j> = 0 for all j} is the lowest face
        kernel = kernel_vectors(A.integer_rows.tolist())[0]
        kernel = [v * lcm(*(u.denominator for u in kernel)) for v in kernel]
        records.append((lineality - 1, np.zeros(A.n, dtype=np.int8), tuple(int(v) for v in kernel),
                        np.zeros(len(A.normals), dtype=np.int8), []))
    records.sort(key=lambda rec: (-rec[0], tuple(-int(v) for v in rec[1])))
    index = {rec[3].tobytes(): i for i, rec in enumerate(records)}
    out = []
    for i, (dim, s_row, w, ess, children) in enumerate(records):
        below = []
        for child in children:
            t = ess.copy()
            t[list(child)] = 0
            j = index.get(t.tobytes())
            if j is not None:
                below.append(j)
        out.append(Face(i, pattern_string(s_row), dim, w, tuple(sorted(below))))
    return tuple(out)

