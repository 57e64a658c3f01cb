"""Deletion-restriction over orbits: the characteristic polynomial with a symmetry group.

The counting engine (:mod:`arrangement.counting`) adds the hyperplanes ``H_0, H_1, ...`` in
order, so every restriction it meets is a *node* ``(p, Z)``: the first ``p`` hyperplanes
restricted to a flat ``Z``,

    chi(p, Z) = t^dim Z - sum_i chi(i, Z & H_i)

over the ``i < p`` whose trace ``Z & H_i`` is a hyperplane of ``Z`` not met before.  A
symmetry ``g`` of the arrangement maps node ``(p, Z)`` to ``({g H_0 .. g H_(p-1)}, gZ)``, an
isomorphic arrangement; when ``g`` maps the set ``{H_0 .. H_(p-1)}`` onto itself that is the
node ``(p, gZ)``, in another order, and the characteristic polynomial does not depend on the
order.  So the nodes ``(p, gZ)``, g in the setwise stabiliser ``G_p`` of the first p
hyperplanes, are one orbit and are computed once: a flat is kept as the set of hyperplanes
containing it, replaced by its least image under ``G_p``.  (The normal-form memo of the counting
engine already merges nodes related by maps that fix each of the first p hyperplanes.)

Nodes are expanded this way for a few levels, down to rank ``leaf_rank`` at most; smaller
restrictions go to the counting engine.  The group is given by its elements (rows of hyperplane permutations), all of
them or a subgroup: every image used is an image under a symmetry, so a smaller set only merges
less.

>>> import numpy as np
>>> from arrangement.datasets import resonance
>>> from arrangement.symmetry import symmetry_group, group_elements
>>> C = np.array(resonance(4))
>>> orbit_characteristic(C, group_elements(symmetry_group([C])), leaf_rank=2)
[1, -15, 80, -170, 104]
"""

from __future__ import annotations

import numpy as np

from .integer import INT64_SAFE, canonical_rows, first_occurrences, max_abs

__all__ = ["orbit_characteristic"]


def _restrict_all(R: np.ndarray, children: np.ndarray) -> np.ndarray:
    """Every row of ``R`` restricted to the hyperplane of each row ``children[c]``: (c, m, q - 1),
    canonical (primitive, first nonzero entry positive; zero rows for hyperplanes containing it)."""
    m, q = R.shape
    K = R[children]
    pivot = np.argmax(K != 0, axis=1)
    if R.dtype == object or 2 * max_abs(R) ** 2 >= INT64_SAFE:
        R, K = R.astype(object), K.astype(object)
    a = K[np.arange(len(children)), pivot]                       # (c,)
    b = R[:, pivot].T                                             # (c, m): entry of each row at the pivot
    projected = R[None, :, :] * a[:, None, None] - b[:, :, None] * K[:, None, :]
    keep = np.ones((len(children), q), dtype=bool)
    keep[np.arange(len(children)), pivot] = False
    out = projected.transpose(0, 2, 1)[keep].reshape(len(children), q - 1, m).transpose(0, 2, 1)
    flat, _ = canonical_rows(out.reshape(len(children) * m, q - 1))
    return flat.reshape(len(children), m, q - 1)


def _words(bits: np.ndarray) -> np.ndarray:
    """Rows of booleans as rows of ``uint64`` words, comparing like the rows (first bit most significant)."""
    packed = np.packbits(bits, axis=1)
    pad = -packed.shape[1] % 8
    if pad:
        packed = np.concatenate([packed, np.zeros((len(packed), pad), dtype=np.uint8)], axis=1)
    return packed.view(">u8").astype(np.uint64)


def _least_row(words: np.ndarray) -> int:
    """Index of a lexicographically least row."""
    rows = np.arange(len(words))
    for column in words.T:
        values = column[rows]
        rows = rows[values == values.min()]
        if len(rows) == 1:
            break
    return int(rows[0])


class _OrbitCounter:
    def __init__(self, elements: np.ndarray, counter, leaf_rank: int):
        self.elements = elements
        self.inverse = np.argsort(elements, axis=1)
        running_max = np.maximum.accumulate(elements, axis=1)
        m = elements.shape[1]
        # stabilises[:, p]: g maps {0 .. p-1} onto itself
        self.stabilises = np.ones((len(elements), m + 1), dtype=bool)
        self.stabilises[:, 1:] = running_max < np.arange(1, m + 1)
        self.counter = counter
        self.leaf_rank = leaf_rank
        self.memo: dict = {}
        self.groups: dict = {}      # p -> the elements that map {0 .. p-1} onto itself
        compiled = getattr(counter, "compiled", None)
        self.columns = None if compiled is None else compiled.image_columns(elements)

    def node(self, p: int, R: np.ndarray) -> list[int]:
        """chi of the first p rows of ``R`` (the restrictions of all hyperplanes to a flat)."""
        q = R.shape[1]
        prefix = R[:p]
        nonzero = np.flatnonzero((prefix != 0).any(axis=1))
        if q <= self.leaf_rank or len(nonzero) == 0:
            if len(nonzero) == 0:
                return [1] + [0] * q
            rows = prefix[nonzero]
            return self.counter.essential(rows[self.first(rows)])
        children = nonzero[self.first(prefix[nonzero])]
        restricted = _restrict_all(R, children)
        coeffs = [1] + [0] * q
        for child, Rc in zip(children.tolist(), restricted):
            for i, c in enumerate(self.child(child, Rc)):
                coeffs[i + 1] -= c
        return coeffs

    def first(self, rows: np.ndarray) -> np.ndarray:
        """Indices of the first occurrence of each distinct row."""
        if self.columns is not None and rows.dtype != object:
            return self.counter.compiled.first_rows(rows)
        return first_occurrences(rows)[0]

    def child(self, i: int, Rc: np.ndarray) -> list[int]:
        """chi of node ``(i, Z)`` with ``Rc`` the restrictions to Z, through its orbit's least image."""
        mask = ~(Rc != 0).any(axis=1)
        group = self.groups.get(i)
        if group is None:
            group = self.groups[i] = np.flatnonzero(self.stabilises[:, i])
        if len(group) > 1 and self.columns is not None:
            g = self.inverse[group[self.counter.compiled.least_image(mask, self.columns, group)]]
            key = (i, np.packbits(mask[g]).tobytes())
            Rc = Rc[g]
        elif len(group) > 1:
            images = _words(mask[self.inverse[group]])
            best = _least_row(images)
            key = (i, images[best].tobytes())
            Rc = Rc[self.inverse[group[best]]]
        else:
            key = (i, np.packbits(mask).tobytes())
        coeffs = self.memo.get(key)
        if coeffs is None:
            coeffs = self.memo[key] = self.node(i, Rc)
        return coeffs


def orbit_characteristic(C: np.ndarray, elements: np.ndarray, counter=None, leaf_rank: int = 5,
                         progress=None, levels: int = 2) -> list[int]:
    """Coefficients of chi(t) (highest degree first) of distinct canonical normals ``C`` of full rank
    r, with the symmetry group given by ``elements`` (rows: permutations of the rows of ``C``).

    Restrictions are merged over orbits for ``levels`` levels below the top and down to rank
    ``leaf_rank``, then handed to ``counter``, the counting engine's memo;
    ``progress(done, total)`` is called after each top-level restriction.
    """
    from .counting import MemoCounter
    m, r = C.shape
    # below two levels the normal-form memo alone merges most restrictions, and faster
    engine = _OrbitCounter(np.asarray(elements, dtype=np.int64).reshape(-1, m), counter or MemoCounter(),
                           max(leaf_rank, r - levels))
    if r <= engine.leaf_rank:
        return engine.counter.compute(C)
    coeffs = [1] + [0] * r
    restricted = _restrict_all(C, np.arange(m))
    for k in range(m):
        for i, c in enumerate(engine.child(k, restricted[k])):
            coeffs[i + 1] -= c
        if progress is not None:
            progress(k + 1, m)
    return coeffs


SYMMETRY_MODES = ("auto", "none")
_PAYS_RANK, _PAYS_RATIO = 6, 3   # below rank 6, or with few hyperplanes per dimension, the plain
                                 # engine takes well under a second: not worth a group search


def arrangement_symmetry(A):
    """The symmetry group of an :class:`~arrangement.Arrangement`'s hyperplanes (signed
    permutations of coordinates in its essential coordinates, its data coordinates, both centred,
    and augmented, see :func:`arrangement.symmetry.symmetry_group`), cached on ``A``.

    >>> from arrangement import Arrangement
    >>> arrangement_symmetry(Arrangement([[1, 0, 0], [0, 1, 0], [0, 0, 1]])).order
    6
    """
    from .symmetry import augmented, centred, symmetry_group
    if "_symmetry" not in A.__dict__:
        systems = [A.normals, centred(A.normals), augmented(A.normals)]
        if A.rank < A.d:
            full = np.array(A.hyperplane_normals)
            systems += [full, centred(full)]
        A.__dict__["_symmetry"] = symmetry_group(systems) if len(A.hyperplanes) else \
            symmetry_group([])
    return A.__dict__["_symmetry"]


def essential_characteristic(A, symmetry="auto", progress=None) -> list[int]:
    """chi of ``A``'s hyperplanes in its essential coordinates (degree ``A.rank``), by plain
    deletion-restriction (``symmetry="none"``) or over the orbits of its symmetry group
    (``"auto"``: when the rank and the number of hyperplanes make it pay and the group is not
    trivial), or of a given :class:`~arrangement.symmetry.SymmetryGroup` of A's hyperplanes
    (:func:`arrangement.generators.generator_group`), kept on ``A`` like the one found.

    >>> from arrangement import Arrangement
    >>> from arrangement.datasets import resonance
    >>> essential_characteristic(Arrangement(resonance(3)))
    [1, -7, 15, -9]
    """
    from .counting import characteristic_coefficients
    from .errors import ParameterError
    from .symmetry import SymmetryGroup, group_elements
    N = A.normals
    if isinstance(symmetry, SymmetryGroup):
        A.__dict__["_symmetry"] = symmetry
        if symmetry.trivial:
            return characteristic_coefficients(N, progress)
        return orbit_characteristic(N, group_elements(symmetry), progress=progress)
    if symmetry not in SYMMETRY_MODES:
        raise ParameterError(f"symmetry must be one of {', '.join(SYMMETRY_MODES)}, not {symmetry!r}")
    if symmetry == "auto" and A.rank >= _PAYS_RANK and len(N) >= _PAYS_RATIO * A.rank:
        group = arrangement_symmetry(A)
        if not group.trivial:
            return orbit_characteristic(N, group_elements(group), progress=progress)
    return characteristic_coefficients(N, progress)
