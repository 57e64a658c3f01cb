"""Exact dual points of the exact fit in a real multi-quadratic field, and their feasibility proof.

A dual point ``p = sum_r p_r / sqrt(r)`` (rational ``p_r``, squarefree integers ``r``): the atoms of
the exact fit lie at ``w = u / |u|`` with rational ``u``, so the conditions ``E_i p = t_i w_i`` are
rational once split by the square class of ``|u_i|^2`` (square roots of distinct squarefree
integers are linearly independent over Q).  Feasibility ``sup |eta_p| <= 1`` is decided exactly
with one class (the certificate of ``p_r``, scaled) and proved with several
(:func:`field_feasible`).

>>> p = DualPoint.of({2: [Fraction(1), Fraction(1)]})
>>> p.exact(), p.feasible(Arrangement([[1, 0], [0, 1]]))
((sqrt(2)/2, sqrt(2)/2), True)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy
from sympy.ntheory.factor_ import core as squarefree_part

from arrangement import Arrangement  # noqa: F401 (used by the doctest)
from arrangement.linalg import independent_rows, solve
from arrangement.signs import pattern_signs

from ...dual.certificate import Certificate
from ...exact.convert import sympy_of

__all__ = ["DualPoint", "field_feasible", "affine_least_norm", "square_class"]


@dataclass(frozen=True)
class DualPoint:
    """``p = sum_r p_r / sqrt(r)``: ``parts`` are ``(r, p_r)`` pairs, ``r`` squarefree integers,
    ``p_r`` rational (one class ``r = 1``: a rational ``p``; one class: ``p`` is ``p_r`` scaled)."""

    parts: tuple

    @classmethod
    def of(cls, parts: dict) -> "DualPoint":
        return cls(tuple(sorted((r, tuple(p)) for r, p in parts.items())))

    @property
    def single(self):
        """The class ``r`` when there is one, else None."""
        return self.parts[0][0] if len(self.parts) == 1 else None

    def exact(self) -> tuple:
        n = len(self.parts[0][1])
        return tuple(sum((sympy_of(p[j]) / sympy.sqrt(r) for r, p in self.parts),
                         sympy.Integer(0)) for j in range(n))

    def enclosure(self) -> list:
        """``p`` as arb balls."""
        from flint import arb
        from arrangement.linalg import fmpq_of
        n = len(self.parts[0][1])
        return [sum((arb(fmpq_of(p[j])) / arb(r).sqrt() for r, p in self.parts), arb(0)) for j in range(n)]

    def blend(self, other: "DualPoint", theta: Fraction) -> "DualPoint":
        """``(1 - theta) self + theta other``, exactly."""
        mine, theirs = dict(self.parts), dict(other.parts)
        zero = (Fraction(0),) * len(self.parts[0][1])
        return DualPoint.of({r: [(1 - theta) * a + theta * b for a, b in zip(mine.get(r, zero), theirs.get(r, zero))]
                             for r in mine.keys() | theirs.keys()})

    def certificate(self, arrangement) -> Certificate:
        """The exact certificate of ``p_r`` (one class only): ``eta_p = eta_{p_r} / sqrt(r)``."""
        return Certificate(arrangement, self.parts[0][1])

    def proof(self) -> str | None:
        """How :meth:`feasible` proves feasibility (None: rational p, the gate decides itself)."""
        r = self.single
        if r == 1:
            return None
        if r is not None:
            return f"exact certificate of sqrt({r}) p: sup eta^2 <= {r}"
        return ("KKT of the projection at the extreme points, exact in a real multi-quadratic field; elsewhere "
                "exact maxima at a rational point plus the 1-Lipschitz bound (arb)")

    def feasible(self, arrangement, points=()) -> bool:
        """``sup |eta_p| <= 1``, proved: one class, ``sup eta_{p_r}^2 <= r`` exactly; several,
        :func:`field_feasible` at the extreme points ``points`` (``(v, t)``)."""
        r = self.single
        if r is not None:
            return self.certificate(arrangement).sup_abs_eta_squared <= r
        return field_feasible(arrangement, self.exact(), self.enclosure(), points)


def field_feasible(arrangement, p_exact, p_arb, points) -> bool:
    """``sup |eta_p| <= 1`` for an algebraic ``p``, proved: at every point ``(v, t)`` (rational
    ``v``, ``w = v / |v|``) and every region R whose closure holds it, ``t g_R(p) + A_J^T lam = w``
    with ``lam >= 0`` exactly (KKT of the projection: the maximum of ``t eta`` on R is
    1); every other (region, sign) pair has maximum below 1 by the exact maxima at a
    rational ``q`` near ``p`` plus the 1-Lipschitz bound ``sum_j |p_j - q_j| |x_j|`` (arb)."""
    from flint import arb
    from arrangement.linalg import fmpq_of
    from ..endgame.gate import exact_sign, exact_face, is_zero
    X, S = arrangement.X, arrangement.sign_matrix()
    held = set()
    for v, t in points:
        w = [sympy_of(c) / sympy.sqrt(sympy_of(sum((c * c for c in v), Fraction(0))))
             for c in v]
        signs = pattern_signs(exact_face(arrangement, v))
        fixed = signs != 0
        for region in np.flatnonzero((S[:, fixed] == signs[fixed]).all(axis=1)).tolist():
            g = [sum((p_exact[j] * X[j][c] for j in range(arrangement.n) if S[region, j] > 0), sympy.Integer(0))
                 for c in range(arrangement.d)]
            rest = [wc - t * gc for wc, gc in zip(w, g)]
            rows, _ = arrangement.walls(region)
            through = [[Fraction(a) for a in row] for row in rows
                       if sum((Fraction(a) * b for a, b in zip(row, v)), Fraction(0)) == 0]
            J = [through[i] for i in independent_rows(through)] if through else []   # lam = 0 on the others
            lam = []
            if J:
                Jm = sympy.Matrix([[sympy_of(a) for a in row] for row in J])
                lam = list((Jm * Jm.T).inv() * Jm * sympy.Matrix(rest))
            back = [sum((lk * row[c] for lk, row in zip(lam, J)), sympy.Integer(0)) for c in range(arrangement.d)]
            if not all(is_zero(b - r) for b, r in zip(back, rest)) or any(exact_sign(lk) < 0 for lk in lam):
                return False
            held.add((region, t))
    q = [Fraction(float(v.mid())) for v in p_arb]
    top = Certificate(arrangement, q).sup_squared_excluding(held)
    lipschitz = sum(((pj - arb(fmpq_of(qj))).abs_upper() * arb(fmpq_of(sum((Fraction(c) ** 2 for c in x), Fraction(0)))).sqrt()
                     for pj, qj, x in zip(p_arb, q, X)), arb(0))
    return bool(arb(fmpq_of(top)).sqrt() + lipschitz < 1)


def affine_least_norm(rows, rhs, start=None):
    """The point of ``{p : rows p = rhs}`` nearest to ``start`` (default 0), exactly; None if empty.

    >>> affine_least_norm([[1, 1], [2, 2]], [2, 4])
    [Fraction(1, 1), Fraction(1, 1)]
    >>> affine_least_norm([[1, 0]], [3], [0, 5]), affine_least_norm([[1, 1], [1, 1]], [1, 2])
    ([Fraction(3, 1), Fraction(5, 1)], None)
    """
    width = len(rows[0]) if rows else len(start or [])
    start = [Fraction(0)] * width if start is None else [Fraction(v) for v in start]
    if not rows:
        return start
    keep = independent_rows(rows)
    R = [[Fraction(v) for v in rows[i]] for i in keep]
    gap = [Fraction(rhs[i]) - sum((a * b for a, b in zip(R[k], start)), Fraction(0)) for k, i in enumerate(keep)]
    gram = [[sum((a * b for a, b in zip(u, v)), Fraction(0)) for v in R] for u in R]
    coef = solve(gram, gap)
    point = [s + sum((c * R[k][j] for k, c in enumerate(coef)), Fraction(0)) for j, s in enumerate(start)]
    ok = all(sum((Fraction(a) * b for a, b in zip(row, point)), Fraction(0)) == Fraction(v)
             for row, v in zip(rows, rhs))
    return point if ok else None


def square_class(q: Fraction):
    """``(r, s)`` with ``q = s^2 r``, ``r`` a squarefree integer, ``s > 0`` rational.

    >>> square_class(Fraction(63, 32))
    (14, Fraction(3, 8))
    """
    r = int(squarefree_part(q.numerator * q.denominator, 2))
    s2 = q / r
    s = Fraction(sympy.integer_nthroot(s2.numerator, 2)[0], sympy.integer_nthroot(s2.denominator, 2)[0])
    return r, s
