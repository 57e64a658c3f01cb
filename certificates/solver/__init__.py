"""The solver of the training problem ``min 1/2 |K mu - y|^2 + lambda |mu|_TV`` and its proofs.

Numerical stage: :mod:`~certificates.solver.conic` (the full conic program over the regions) or
:mod:`~certificates.solver.column_generation` (regions on demand, exact oracle).  End-game:
:mod:`~certificates.solver.endgame` writes the :mod:`~certificates.solver.optimality` system,
proves a zero in a box (:mod:`~certificates.solver.verification`), finds it exactly
(:mod:`~certificates.solver.algebraic`), or falls back on the duality-gap ball
(:mod:`~certificates.solver.duality`).  :mod:`~certificates.solver.minimiser` ties them together;
:mod:`~certificates.solver.sweep` follows the minimiser as the noise shrinks.

>>> from certificates.solver import solve
>>> solve([[1]], [2], 1).status
'exact'
"""

from .minimiser import LOSS, LOSS_NORMALIZED, Atom, Solution, exact_fit, solve

__all__ = ["Atom", "Solution", "solve", "exact_fit", "LOSS", "LOSS_NORMALIZED"]
