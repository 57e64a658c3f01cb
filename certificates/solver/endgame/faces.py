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

__all__ = ["FACE_TOLERANCES", "float_face"]

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
