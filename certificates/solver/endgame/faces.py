"""Reading an atom's face off a float direction: the one guess of the end-game.

The face of a direction ``w`` is its sign vector over the data, with ``'0'`` where ``<w, x_j> = 0``.
A float solution never has exact zeros, so the face is read at a zero tolerance *relative to*
``|x_j|`` (scaling a data row must not change its sign): ``<w, x_j>`` counts as 0 when
``|<w, x_j>| <= tolerance |x_j|``.  Nothing trusts the reading: every face it suggests is
confirmed or refuted exactly downstream (:func:`~certificates.solver.endgame.gate.exact_face`,
the optimality system, the exact fit's checks).

There is ONE ladder of tolerances, :data:`FACE_TOLERANCES`, for the point solve and the exact
fit alike: both ask the same question of the same kind of float solution, and since a wrong rung
costs only one refuted attempt, a rung one route skipped could only lose answers.  Its rungs run
from ``1e-9`` (a Newton-polished or interior-point solution: a true zero sits well below it,
a true nonzero of a well-posed problem well above it) up to ``1e-3`` (a loose solve, where atoms
split over a wall must still be read as one), a factor 100 apart so that each rung reads a
genuinely different face when the previous one failed.

>>> from arrangement import Arrangement
>>> A = Arrangement([[1, 0], [0, 2], [0, 0]])
>>> [float_face(A, [1.0, 3e-9], t) for t in FACE_TOLERANCES]
['++0', '+00', '+00', '+00']
"""

from __future__ import annotations

import numpy as np

from arrangement.signs import pattern_string

__all__ = ["FACE_TOLERANCES", "float_face", "merge_close", "merge_by_face", "float_objective"]

FACE_TOLERANCES = (1e-9, 1e-7, 1e-5, 1e-3)


def float_face(arrangement, w, tolerance: float) -> str:
    """The face of the float direction ``w`` read at a zero ``tolerance`` relative to ``|x_j|``
    (a guess; ``tolerance = 0`` keeps only exact float zeros).  A zero data row reads ``'0'``.

    >>> from arrangement import Arrangement
    >>> float_face(Arrangement([[1, 0], [1, -1], [0, 0]]), [1.0, 1.0 + 1e-12], 1e-9)
    '+00'
    >>> float_face(Arrangement([[1, 0], [1, -1], [0, 0]]), [1.0, 1.0 + 1e-12], 0.0)
    '+-0'
    """
    X = arrangement.X_float
    values = X @ np.asarray(w, dtype=float)
    # hypot: |x_j| without overflow for entries near 2^600; a zero row: 0 <= tolerance * 1e-300
    norms = np.maximum(np.hypot.reduce(X, axis=1), 1e-300)
    return pattern_string(np.where(np.abs(values) <= tolerance * norms, 0, np.sign(values)).astype(int))


def merge_close(atoms, distance: float = 1e-4, data=None) -> list:
    """Float atoms ``(w, sign, magnitude)``: atoms closer than ``distance`` are one, with the sum of
    their signed amplitudes (a numerical solver splits an atom between neighbouring columns, or
    leaves cancelling pairs); no exactness is claimed.  ``data = (X, y, lam)`` (floats): the atoms
    are returned unmerged when merging raises their objective ``1/2 |K mu - y|^2 + lam |mu|`` by
    more than a relative 1e-6 (columns of very different scales: atoms 1e-5 apart on the sphere
    lie across walls of the large column, and merged had 5,000 times the objective).

    >>> [([round(float(v), 6) for v in w], s, round(c, 6)) for w, s, c in merge_close([([1, 0], 1, 2.0), ([1, 2e-6], 1, 1.0),
    ...     ([0, 1], 1, 1e-13), ([0, 1], -1, 1e-13)])]     # a split atom, and a cancelling pair
    [([1.0, 1e-06], 1, 3.0)]
    """
    out: list = []   # [w, signed amplitude, weight]
    for w, s, c in atoms:
        w = np.asarray(w, dtype=float)
        for item in out:
            if np.linalg.norm(w - item[0]) < distance:
                share = c / (item[2] + c)      # a convex combination: masses near 1e-300 do not underflow
                direction = (1 - share) * item[0] + share * w
                item[0], item[1], item[2] = direction / np.linalg.norm(direction), item[1] + s * c, item[2] + c
                break
        else:
            out.append([w, s * c, c])
    merged = [(w, 1 if a > 0 else -1, abs(a)) for w, a, _ in out if a != 0]
    if data is None or len(merged) == len(atoms):
        return merged
    before, after = (float_objective(*data, [(w, s * c) for w, s, c in listed]) for listed in (atoms, merged))
    return atoms if np.isfinite(before) and not after <= before + 1e-6 * max(1.0, abs(before)) else merged


def float_objective(X, y, lam, atoms) -> float:
    """The primal objective ``1/2 |K mu - y|^2 + lam |mu|_TV`` in floats, of atoms ``(w, signed
    amplitude)`` on the rows ``X`` (floats); inf past the float range.  A figure to show or to
    compare float atoms by, not a bound.

    >>> float_objective(np.array([[1.0, 0.0], [0.0, 1.0]]), [2, 0], 0.5, [(np.array([1.0, 0.0]), 1.5)])
    0.875
    """
    with np.errstate(over="ignore", invalid="ignore"):
        fit = sum((a * np.maximum(X @ np.asarray(w, dtype=float), 0.0) for w, a in atoms), np.zeros(len(X)))
        residual = fit - np.array([float(v) for v in y])
        return 0.5 * float(residual @ residual) + float(lam) * sum(abs(a) for _, a in atoms)


def _combined(weighted):
    """``(direction, magnitude)`` of ``sum_i c_i w_i``: on one closed region the atoms
    ``c_i delta_{w_i}`` and this one atom have the same features, and its mass is not larger."""
    largest = max(c for _, c in weighted) or 1.0     # masses near 1e-300: |sum|^2 would underflow
    total = sum(((c / largest) * np.asarray(w, dtype=float) for w, c in weighted), 0.0)
    norm = float(np.linalg.norm(total))
    return total / max(norm, 1e-300), norm * largest


def merge_by_face(arrangement, atoms, bound: int) -> list | None:
    """Float atoms merged per (face, sign) at growing zero tolerances until at most ``bound``
    remain (the duality gap proved every minimiser has at most ``bound`` atoms); None if never.

    >>> from arrangement import Arrangement
    >>> A = Arrangement([[1, 0], [0, 1]])     # two atoms in the region '++': one atom, less mass
    >>> merged = merge_by_face(A, [([0.6, 0.8], 1, 1.0), ([0.8, 0.6], 1, 1.0)], 1)
    >>> [([round(float(v), 6) for v in w], s, round(c, 6)) for w, s, c in merged]
    [([0.707107, 0.707107], 1, 1.979899)]
    >>> merge_by_face(A, [([1, 0], 1, 1.0), ([0, 1], 1, 1.0)], 1) is None
    True
    """
    for tolerance in (0.0,) + FACE_TOLERANCES:
        groups: dict = {}
        for w, s, c in atoms:
            groups.setdefault((float_face(arrangement, w, tolerance), s), []).append((w, c))
        if len(groups) <= bound:
            return [(w, s, c) for (w, c), s in ((_combined(members), s) for (_, s), members in groups.items())]
    return None
