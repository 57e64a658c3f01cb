"""The regions of a central arrangement inside one cell of a sub-arrangement (exact).

Splitting scheme for distributed enumeration.  The first ``k`` normals ``F[:k]`` cut
space into open cones, the *cells* ``C_s = {w : sign <w, F_i> = s_i, i < k}``.  Every
region of the whole arrangement lies in exactly one cell (its signs on ``F[:k]``), so the
regions split into disjoint, independent tasks, one per cell.

Inside a cell the constructive deletion-restriction of :mod:`arrangement.enumeration`
runs unchanged, started from the single region ``C_s`` and adding ``F[k], F[k+1], ...``:
adding ``H = {<w, n> = 0}`` splits exactly the regions met by ``H``, and those are the
regions of the restricted arrangement ``A^H`` inside ``C_s ∩ H``.  That set is again a
cell: the constraints restrict to normals of ``H`` (two that become parallel must ask
for the same side, else ``C_s ∩ H`` is empty), and whether it is empty is decided by
enumerating the at most ``k`` restricted constraint hyperplanes alone.  So the recursion
one dimension lower is the same problem; in rank <= 3 the (vectorised, cheap) full
enumeration is filtered by the cell's signs.  The facets of a region on a constraint
hyperplane ``H_h`` come from the same routine: ``H_h`` carries a facet of a region iff
the region's other signs are those of a region of ``A^{H_h}`` in the closure of the cell.

>>> import numpy as np
>>> F = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]])
>>> cells = region_witnesses(F[:1])                     # two half-spaces
>>> sum(len(cell_witnesses(F, 1, product_signs(c[None], F[:1].T)[0], c)) for c in cells)
14
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .enumeration import lift, region_witnesses as _region_witnesses, restrict as _restrict, sign_keys, \
    split_regions
from .integer import compact, exact_matmul, primitive_rows, product_signs, signs

__all__ = ["cell_witnesses", "cell_point", "hyperplane_cell_witnesses", "cell_facets"]


# The restricted arrangements met on the way down do not depend on the cell (only the filters
# do), so tasks running one after another in a worker share them: small results are memoised
# by content (int64 arrays only; read-only copies, so no caller can change a cached value).
@lru_cache(maxsize=8192)
def _memo(kind: str, key: bytes, shape: tuple, n_key: bytes):
    F = np.frombuffer(key, dtype=np.int64).reshape(shape)
    if kind == "regions":
        out = (_region_witnesses(F),)
    else:
        out = _restrict(F, np.frombuffer(n_key, dtype=np.int64))
    for a in out:
        if isinstance(a, np.ndarray):
            a.flags.writeable = False
    return out


def region_witnesses(F: np.ndarray) -> np.ndarray:
    """:func:`arrangement.enumeration.region_witnesses`, memoised in rank <= 3."""
    if F.dtype != np.int64 or F.shape[1] > 3:
        return _region_witnesses(F)
    return _memo("regions", F.tobytes(), F.shape, b"")[0]


def restrict(F: np.ndarray, n: np.ndarray):
    """:func:`arrangement.enumeration.restrict`, memoised."""
    if F.dtype != np.int64 or n.dtype != np.int64:
        return _restrict(F, n)
    return _memo("restrict", F.tobytes(), F.shape, n.tobytes())


def cell_point(C: np.ndarray, s: np.ndarray):
    """An integer point of the open cone ``{w : sign <w, C_i> = s_i}``, or ``None`` if it is empty.

    ``C`` has nonzero, pairwise non-parallel integer rows; decided exactly by enumerating
    the regions of the (small) arrangement ``C``.

    >>> cell_point(np.array([[1, 0], [1, 1]]), np.array([1, -1])).tolist()
    [1, -2]
    """
    W = region_witnesses(C)
    if len(C) == 0:
        return W[0]
    hit = np.flatnonzero((product_signs(W, C.T) == s).all(axis=1))
    return W[hit[0]] if len(hit) else None


def _point_on(points, n: np.ndarray, C: np.ndarray, s: np.ndarray):
    """A point of ``H = {<w, n> = 0}`` in the open cone ``{sign <w, C_i> = s_i}`` built from
    ``points`` of that cone, or ``None`` when this cheap search fails (no emptiness claim).

    Candidates: a point between two of ``points`` on opposite sides of ``H`` (in the cone
    by convexity), then the orthogonal projections ``<n, n> w - <w, n> n`` (checked exactly)."""
    if points is None or len(points) == 0:
        return None
    P = points.astype(object)
    side = product_signs(points, n[:, None])[:, 0]
    if (side > 0).any() and (side < 0).any():
        a, b = P[np.argmax(side > 0)], P[np.argmax(side < 0)]
        return primitive_rows(np.array([int(a @ n) * b - int(b @ n) * a], dtype=object))[0]
    nn = n.astype(object)
    proj = primitive_rows(int(nn @ nn) * P[:64] - np.outer(P[:64] @ nn, nn))
    inside = np.flatnonzero((product_signs(proj, C.T) == s).all(axis=1) & (proj != 0).any(axis=1))
    return proj[inside[0]] if len(inside) else None


def hyperplane_cell_witnesses(C: np.ndarray, s: np.ndarray, others: np.ndarray, n: np.ndarray,
                              points=None) -> np.ndarray:
    """Integer points of ``H = {<w, n> = 0}``, one per region of ``(C, others)`` restricted to ``H``
    that lies in ``{w in H : sign <w, C_i> = s_i}`` (an empty ``0 x r`` array if there is none).

    ``points``: optional points of the cell, from which a point of the restricted cell is
    sought (:func:`_point_on`) before its emptiness is decided by enumeration.

    >>> F = np.array([[1, 0, 0], [0, 1, 0]])          # on x + y + z = 0 with x > 0: y > 0 or y < 0
    >>> hyperplane_cell_witnesses(F[:1], np.array([1]), F[1:], np.array([1, 1, 1])).tolist()
    [[1, -1, 0], [1, 1, -2]]
    """
    r = len(n)
    F = np.concatenate([C, others]) if len(others) else C
    if len(F) == 0:
        return lift(region_witnesses(np.zeros((0, r - 1), dtype=np.int64)), n, 0 if n[0] else int(np.flatnonzero(n)[0]))
    G, groups, p = restrict(F, n)
    # <lift(c), F_i> = <c, R_i> with R_i a positive multiple of +-G[groups[i]]; the lifted unit
    # vectors give R_i up to positive factors per coordinate, enough for the sign of its leading entry
    R = exact_matmul(F[:len(C)], lift(np.eye(r - 1, dtype=np.int64), n, p).T)
    lead = signs(R[np.arange(len(R)), np.argmax(R != 0, axis=1)]) if len(R) else np.zeros(0, np.int8)
    need = (lead * s).astype(np.int8)
    wanted: dict = {}
    for g, v in zip(groups[:len(C)].tolist(), need.tolist()):
        if wanted.setdefault(g, v) != v:
            return np.zeros((0, r), dtype=np.int64)     # two constraints on one hyperplane disagree
    cg = np.array(list(wanted), dtype=np.int64)
    rest = np.setdiff1d(np.arange(len(G)), cg)
    s2 = np.array(list(wanted.values()), dtype=np.int8)
    crossing = _point_on(points, n, C, s)
    # lift multiplies the kept coordinates by |n_p| > 0, so dropping the pivot inverts it up to scale
    c2 = cell_point(G[cg], s2) if crossing is None else compact(np.delete(crossing, p))
    if c2 is None:
        return np.zeros((0, r), dtype=np.int64)
    Q = cell_witnesses(np.concatenate([G[cg], G[rest]]), len(cg), s2, c2)
    return lift(Q, n, p)


def cell_witnesses(F: np.ndarray, k: int, s: np.ndarray, c: np.ndarray) -> np.ndarray:
    """One integer witness per region of the arrangement ``F`` inside the cell ``{sign F[:k] w = s}``.

    ``F`` (m x r): nonzero, pairwise non-parallel integer rows; ``c``: an integer point of the
    (nonempty) cell.  Every witness ``w`` has ``sign <w, F_i> != 0`` for all i and the signs
    ``s`` on ``F[:k]``; distinct witnesses have distinct sign vectors.

    >>> cell_witnesses(np.array([[1, 0], [0, 1], [1, 1]]), 1, np.array([1]), np.array([1, 0])).shape
    (3, 2)
    """
    m, r = F.shape
    if k == 0:
        return region_witnesses(F)
    if r <= 3 or k == m:
        W = region_witnesses(F) if k < m else primitive_rows(c[None, :])
        return W[(product_signs(W, F[:k].T) == s).all(axis=1)]
    W = c[None, :]
    S = s[None, :].astype(np.int8)
    for t in range(k, m):
        n = F[t]
        Q = hyperplane_cell_witnesses(F[:k], s, F[k:t], n, W)
        if len(Q) == 0:                                  # H misses the cell: no region is split
            S = np.hstack([S, product_signs(W, n[:, None])])
        else:
            W, S = split_regions(W, S, Q, F[:t], n)
    return W


def cell_facets(F: np.ndarray, k: int, s: np.ndarray, S: np.ndarray) -> np.ndarray:
    """``out[r, h]``: whether hyperplane ``h`` carries a facet of the region with signs ``S[r]``,
    for the regions ``S`` (all regions of ``F`` in the cell ``s`` on ``F[:k]``).

    A hyperplane carries a facet iff flipping its sign gives a region.  For ``h >= k`` that
    region lies in the same cell (look it up); for ``h < k`` its existence is the existence of
    a region of ``A^{H_h}`` with the other signs, inside the closure of the cell.

    >>> F = np.array([[1, 0], [0, 1], [1, 1]])
    >>> S = product_signs(cell_witnesses(F, 1, np.array([1]), np.array([1, 0])), F.T)
    >>> cell_facets(F, 1, np.array([1]), S).sum(axis=1).tolist()
    [2, 2, 2]
    """
    m, r = F.shape
    out = np.zeros(S.shape, dtype=bool)
    keys = sign_keys(S)
    for h in range(k, m):
        flipped = S.copy()
        flipped[:, h] *= -1
        out[:, h] = np.isin(sign_keys(flipped), keys)
    for h in range(k):
        if r == 1:
            out[:, h] = True                            # one hyperplane in a line: both rays end at 0
            continue
        others = np.r_[0:h, h + 1:k]
        Q = hyperplane_cell_witnesses(F[others], s[others], F[k:], F[h])
        rest = np.r_[0:h, h + 1:m]
        if len(Q) and len(rest):
            out[:, h] = np.isin(sign_keys(S[:, rest]), sign_keys(product_signs(Q, F[rest].T)))
        elif len(Q):
            out[:, h] = True                            # the only hyperplane: every region ends on it
    return out
