"""Extreme points without mass: the end-game's answer when ``|eta| = 1`` off the atoms.

At some optimal dual vectors ``|eta|`` reaches 1 at a point where the minimiser puts no mass,
e.g. a data point that no atom is active on: its row of the optimality system reads
``lambda p_j = y_j``, and when ``|y_j| / lambda`` times the length of ``x_j`` projected off a
wall is exactly 1, the bound off the atoms is ``1`` plus rounding and cannot be proved below 1.
Such a point joins the system as an *idle* atom
(:meth:`~certificates.solver.endgame.optimality.OptimalitySystem.idle_norm_squared`): no
unknown, no equation, no amplitude sign; ``|w| = 1`` is an exact identity at every zero, and
its face signs and wall multipliers are proved on the box like any atom's.

>>> from arrangement import Arrangement
>>> from certificates import solve
>>> s = solve(Arrangement([[-5, -3], [1, -2], [0, -5], [4, 0], [4, -2], [1, -4], [4, 2]], bias=True),
...           [5, 4, -2, 3, -2, -4, -1], 2)
>>> s.status, len(s.atoms)
('verified', 3)
"""

from __future__ import annotations

from fractions import Fraction

from .optimality import AtomFace, OptimalitySystem
from .verification import verify
from ...dual.certificate import Certificate
from ...exact.refusal import Refusal

__all__ = ["idle_faces", "with_idle"]

NEAR = Fraction(1) - Fraction(1, 10 ** 8)   # squared values at the float zero this close to 1 are candidates


def idle_faces(system: OptimalitySystem, x) -> tuple:
    """Faces of the points where ``|eta| ~ 1`` at the float zero ``x`` off the system's atoms whose
    ``|w| = 1`` the system fixes exactly (:meth:`OptimalitySystem.idle_norm_squared`).

    >>> from arrangement import Arrangement
    >>> import numpy as np
    >>> sys = OptimalitySystem(Arrangement([[1, 0], [0, 2]]), [3, -1], 2, [AtomFace("+-", 1)])
    >>> x = sys.newton(np.array([1.0, 0.0, 1.0]))         # p = (1, -1/2), c = 1
    >>> idle_faces(sys, x)
    (AtomFace(face='0+', sign=-1),)
    """
    if system.pairs or system.lam <= 0:
        return ()
    p = [Fraction(float(v)) for v in system.float_solution(x)[0]]
    taken = {(a.face, a.sign) for a in system.atoms}
    found = []
    for e in Certificate(system.arrangement, p).scan(NEAR):
        atom = AtomFace(e.face, e.sign)
        if (e.face, e.sign) not in taken and atom not in found:
            found.append(atom)
    if not found:
        return ()
    massive = [a for k, a in enumerate(system.atoms) if k not in system.ghosts]
    trial = OptimalitySystem(system.arrangement, system.y, system.lam, massive, idle=found)
    return tuple(a for k, a in zip(sorted(trial.idle), found) if trial.idle_norm_squared(k) == 1)


def with_idle(system: OptimalitySystem, x):
    """``(system with idle atoms, Enclosure)`` when they make :func:`verify` pass at ``x``, else None."""
    idle = idle_faces(system, x)
    if not idle:
        return None
    massive = [a for k, a in enumerate(system.atoms) if k not in system.ghosts]
    extended = OptimalitySystem(system.arrangement, system.y, system.lam, massive, idle=idle)
    enclosure = verify(extended, x)
    return None if isinstance(enclosure, Refusal) else (extended, enclosure)
