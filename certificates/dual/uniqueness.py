"""The set of all minimisers, and whether it is a single point.

With ``Ext = {w_1..w_s}``, signs ``t_i`` and ``Phi = [phi(w_1) ... phi(w_s)]``, every minimiser
is ``sum_i a_i delta_{w_i}`` with ``Phi a = b`` and ``t_i a_i >= 0``, and every such ``a`` is a
minimiser.  Writing ``u_i = t_i a_i >= 0`` this polytope is ``{u >= 0 : Phi diag(t) u = b}``.
It is decided with exact rational linear programs (sympy's simplex: FLINT, the exact linear
algebra kernel :mod:`arrangement.linalg`, has no linear programming): the polytope is a single
point iff ``min u_i = max u_i`` for every i; otherwise the two optimal points of a coordinate
that varies (or a point plus a ray) are two different minimisers.  ``Phi`` having full column
rank is the classical sufficient condition and is reported too.

>>> from fractions import Fraction as Q
>>> s = solution_set([[Q(1), Q(0)], [Q(0), Q(1)]], [1, -1], [Q(2), Q(-3)])
>>> s.unique, s.minimisers
(True, ((Fraction(2, 1), Fraction(-3, 1)),))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy
from sympy.solvers.simplex import InfeasibleLPError, UnboundedLPError, linprog

from arrangement.linalg import rank

from ..exact.convert import fraction_of_sympy, sympy_of

__all__ = ["SolutionSet", "solution_set"]


@dataclass(frozen=True)
class SolutionSet:
    """``consistent``: some measure on Ext with the right signs reproduces b (else p is not optimal
    for this b); ``unique``: the minimiser is unique; ``full_column_rank``: Phi has independent
    columns; ``minimisers``: amplitude vectors (one if unique, two different ones if not)."""

    consistent: bool
    unique: bool | None
    full_column_rank: bool
    minimisers: tuple


def _rational(x) -> Fraction:
    return fraction_of_sympy(x)


def solution_set(Phi: list, signs: list, b: list) -> SolutionSet:
    """Analyse ``{a : Phi a = b, t_i a_i >= 0}``; ``Phi`` is n x s (rows = data, columns = Ext)."""
    n, s = len(Phi), len(signs)
    full_rank = rank([[Phi[j][i] for j in range(n)] for i in range(s)]) == s
    if s == 0:
        consistent = all(v == 0 for v in b)
        return SolutionSet(consistent, True if consistent else None, True, ((),) if consistent else ())
    M = sympy.Matrix([[sympy_of(Phi[j][i]) * signs[i] for i in range(s)] for j in range(n)])
    rhs = sympy.Matrix([sympy_of(v) for v in b])

    def lp(cost, eq, eq_rhs):
        # equalities as two inequalities: sympy's linprog wants A when A_eq is given
        return linprog(sympy.Matrix(cost), A=eq.col_join(-eq), b=eq_rhs.col_join(-eq_rhs))

    def amplitudes(u):
        return tuple(_rational(u[i]) * signs[i] for i in range(s))

    try:
        _, u0 = lp([0] * s, M, rhs)
    except InfeasibleLPError:
        return SolutionSet(False, None, full_rank, ())
    if full_rank:
        return SolutionSet(True, True, True, (amplitudes(u0),))
    for i in range(s):
        c = [1 if k == i else 0 for k in range(s)]
        _, low = lp(c, M, rhs)
        try:
            _, high = lp([-v for v in c], M, rhs)
        except UnboundedLPError:
            # a ray z >= 0 with M z = 0: low + z is another minimiser
            _, ray = lp([0] * s, M.col_join(sympy.ones(1, s)), sympy.zeros(n, 1).col_join(sympy.Matrix([1])))
            high = [low[k] + ray[k] for k in range(s)]
        if low[i] != high[i]:
            return SolutionSet(True, False, False, (amplitudes(low), amplitudes(high)))
    return SolutionSet(True, True, False, (amplitudes(u0),))
