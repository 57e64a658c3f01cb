"""The solver of the training problem ``min 1/2 |K mu - y|^2 + lambda |mu|_TV`` and its proofs.

The input is normalised once (:mod:`~certificates.solver.problem`).  Numerical stage
(:mod:`certificates.solver.numeric`): the full conic program over the regions or column
generation.  End-game (:mod:`certificates.solver.endgame.routes`): the routes write the optimality
system, prove a zero in a box, find it exactly, or fall back on the duality-gap ball.  The limit
lambda -> 0 is :mod:`certificates.solver.exact_fit`, the path in lambda
:mod:`certificates.solver.path.path`.  :mod:`~certificates.solver.minimiser` ties them together;
:mod:`~certificates.solver.sweep` follows the minimiser as the noise shrinks.

>>> from certificates.solver import solve
>>> solve([[1]], [2], 1).status
'exact'
"""

from ..results.schema import LOSS, LOSS_NORMALIZED
from .minimiser import Atom, Solution, exact_fit, solve

__all__ = ["Atom", "Solution", "solve", "exact_fit", "LOSS", "LOSS_NORMALIZED"]
