"""A sparse guess for the end-game: the numerical atoms thinned to a vertex of their solution set.

A numerical solver at scale leaves far more atoms than data points: a true atom split over the
regions around it, and tiny atoms in many regions where ``|eta|`` is within the solver's
tolerance of 1.  The optimality system of so many faces is singular (more unknowns than the
data can fix), so no zero is isolated.  But every measure ``mu >= 0`` (amplitudes of the given
signs) on atoms where ``eta_p = sign`` with ``K mu = y - lambda p`` is a minimiser when ``p`` is
optimal (its cost ``sum |a_i| = <p, K mu>`` is the same for all of them), and a vertex of that
polytope uses at most ``rank K <= n`` atoms with independent features: a dual simplex LP in floats
finds one, on the polytope of the measures with the numerical atoms' own fit (it holds the
numerical solution, so it is never empty, whatever the solver's accuracy).  This is only a guess of the faces, read downstream
(:mod:`certificates.solver.endgame.routes`) and proved or refuted exactly.

>>> from arrangement import Arrangement
>>> A = Arrangement([[1, 0], [0, 1]])
>>> atoms = [([1.0, 0.0], 1, 1.0), ([0.0, 1.0], 1, 1.0), ([0.6, 0.8], 1, 0.5), ([0.8, 0.6], 1, 0.5)]
>>> [(w, round(c, 9)) for w, _, c in vertex_atoms(A, atoms)]   # fit (1.7, 1.7): two do, with less mass
[([0.6, 0.8], 1.214285714), ([0.8, 0.6], 1.214285714)]
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

__all__ = ["vertex_atoms"]


def vertex_atoms(arrangement, atoms, relative: float = 1e-9) -> list | None:
    """Float atoms ``(w, sign, magnitude)`` at a vertex of ``{a >= 0 : sum_i sign_i a_i
    relu(X w_i) = b}`` of least total mass (at most ``rank`` atoms), ``b`` the fit of the given
    magnitudes; None when the LP fails."""
    if not atoms:
        return None
    X = arrangement.X_float
    W = np.array([np.asarray(w, dtype=float) for w, _, _ in atoms])
    signs = np.array([s for _, s, _ in atoms], dtype=float)
    Phi = np.maximum(X @ W.T, 0.0) * signs
    b = Phi @ np.array([c for _, _, c in atoms], dtype=float)
    lp = linprog(np.ones(len(atoms)), A_eq=Phi, b_eq=b,
                 bounds=[(0, None)] * len(atoms), method="highs-ds")
    if lp.status != 0:
        return None
    top = float(lp.x.max(initial=0.0))
    return [(w, s, float(a)) for (w, s, _), a in zip(atoms, lp.x) if a > relative * top]
