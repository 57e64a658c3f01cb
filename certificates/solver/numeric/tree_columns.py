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

from ...dual.patch import regions_around
from ...dual.projection import project
from ...dual.tree_oracle import TREE_REGIONS, Leaf, use_tree, violators
from ..endgame.gate import exact_face

__all__ = ["TREE_REGIONS", "use_tree", "tree_violations", "directions", "leaf_columns"]

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
                    exclude=frozenset(), samples: int = 50000):
    """Like :func:`~certificates.solver.column_generation.violations`: (region, sign, exact squared
    value) pairs above ``(1 + tolerance)^2``, and an estimate of the largest value.  Random
    directions (``samples`` of them) are tried first; only when they find no violation does the tree search decide
    (then an empty list proves that no pair exceeds the level).

    >>> found, rest = tree_violations(Arrangement([[1, 0], [0, 1]]), np.array([2.0, -0.5]))
    >>> sorted((r, s) for r, s, _ in found), rest > 1
    ([(0, 1), (1, 1)], True)
    >>> tree_violations(Arrangement([[1, 0], [0, 1]]), np.array([0.5, -0.5]))[0]
    []
    """
    index = _index(arrangement)
    found = _sampled(arrangement, index, np.asarray(p, dtype=float), tolerance, limit, exclude, samples)
    if found:
        return found, max(float(v) for _, _, v in found)
    scale = _scale(arrangement)
    p = [Fraction(float(v)) / scale for v in np.asarray(p, dtype=float)]
    level = Fraction(1 + tolerance)
    found, rest = [], float(level) ** 2
    # the most violated pairs: pruning below the best value found is far stronger than below 1
    for leaf in violators(arrangement, p, level, limit=limit, most=True,
                          skip=lambda leaf: (_region(index, leaf.pattern), leaf.sign) in exclude):
        region = _region(index, leaf.pattern)
        if (region, leaf.sign) not in exclude and all((region, leaf.sign) != (r, s) for r, s, _ in found):
            found.append((region, leaf.sign, leaf.value_squared))
    if limit is not None and len(found) >= limit:
        rest = max(rest, max(float(v) for _, _, v in found))
    found.sort(key=lambda f: -f[2])
    return found, rest


def _sampled(arrangement: Arrangement, index: dict, p: np.ndarray, tolerance: float, limit, exclude,
             samples: int = 20000, seed: int = 0) -> list:
    """Violating pairs among the regions of random directions (a cheap first search while p is
    far from feasible; each pair's value is the exact projection, so every pair reported is a
    true violation; the tree is only needed to show there are none)."""
    X = arrangement.X_float
    centres = [arrangement.witness_matrix()[r] for r, _ in sorted(exclude)][:400]
    W = directions(X.shape[1], samples, centres, seed)
    inner = W @ X.T
    values = np.maximum(inner, 0.0) @ p / np.linalg.norm(W, axis=1)
    level = (1 + tolerance) ** 2
    found, seen = [], set()
    for k in np.argsort(-np.abs(values), kind="stable"):
        if values[k] ** 2 <= level or (limit is not None and len(found) >= 2 * limit):
            break
        region = index.get((inner[k] > 0).tobytes())
        sign = 1 if values[k] > 0 else -1
        if region is None or (region, sign) in seen or (region, sign) in exclude:
            continue    # a float sign near a hyperplane, or a pair already known
        seen.add((region, sign))
        rows, _ = arrangement.walls(region)
        g = [sign * sum((Fraction(float(pj)) * x for pj, x, s in zip(p, col, arrangement.sign_matrix()[region])
                         if s > 0), Fraction(0)) for col in zip(*X.tolist())]
        value = project(rows, g).norm_squared
        if value > level:
            found.append((region, sign, value))
    return found


def directions(d: int, samples: int, centres=(), seed: int = 0) -> np.ndarray:
    """Random directions: Gaussian ones, and clusters around ``centres`` at several radii (new
    violations appear next to the cones already in use, often in regions too thin to be hit).

    >>> directions(3, 5, [[0, 0, 1]]).shape
    (95, 3)
    """
    rng = np.random.default_rng(seed)
    parts = [rng.standard_normal((samples, d))]
    for c in centres:
        c = np.array([float(v) for v in c])
        c /= np.linalg.norm(c)
        for radius in (0.3, 0.1, 0.03, 0.01, 0.003, 0.001):
            parts.append(c + radius * rng.standard_normal((15, d)))
    return np.concatenate(parts)


def leaf_columns(A: Arrangement, leaves) -> list:
    """``(pattern, sign, 0)`` for the regions around the face of each leaf's maximiser, leaf by
    leaf, each pair once; a face met again (many violated regions share one maximiser) is not
    listed again.

    >>> leaf = Leaf(1, Fraction(1), (Fraction(0), Fraction(1)), "0+")
    >>> leaf_columns(Arrangement([[1, 0], [0, 1]]), [leaf, leaf])     # the ray (0, 1): two regions
    [('++', 1, Fraction(0, 1)), ('-+', 1, Fraction(0, 1))]
    """
    pairs, faces = {}, set()
    for leaf in leaves:
        face = exact_face(A, leaf.point)
        if (face, leaf.sign) not in faces:
            faces.add((face, leaf.sign))
            pairs.update(dict.fromkeys((pattern, leaf.sign) for pattern in regions_around(A, [face])))
    return [(pattern, sign, Fraction(0)) for pattern, sign in pairs]


def _region(index: dict, pattern: str) -> int:
    return index[np.array([c == "+" for c in pattern], dtype=bool).tobytes()]
