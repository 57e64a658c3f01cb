"""A rigorous enclosure of the optimal dual vector from a duality gap (works when the primal is degenerate).

The Fenchel dual of ``P_lambda`` has objective ``D(p) = lambda <y, p> - lambda^2/2 |p|^2``
(``lambda`` times the objective of the dual problem ``D_lambda``, same maximiser, and
``max D = min P``).  It is ``lambda^2``-strongly concave and ``p*`` maximises it over the convex
feasible set, so for every feasible ``p``

    lambda^2/2 |p - p*|^2 <= D(p*) - D(p) <= P(mu) - D(p)          (any measure mu).

Here ``p`` is the numerical dual vector read as an exact rational and divided by an upper bound
of ``sup |eta_p|`` (exact, certificate module), so it is feasible; ``P(mu)`` is evaluated for
the numerical atoms with exact rationals and an arb upper bound of ``|w|``.  This proves a ball
around ``p`` that holds ``p*``, an interval that holds the optimal value, and, because
``max_R sign * eta_p`` is ``|X|_F``-Lipschitz in ``p``, the (region, sign) pairs that can hold
a point of ``Ext(eta*)``: every minimiser has at most that many atoms.

This needs no structure of the solution, so it proves what the optimality system cannot when
the minimiser is not unique (its Jacobian is then singular).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import sympy
from flint import arb

from arrangement.linalg import fmpq_of, fraction_of_exact_arb
from ...exact.field import acb_of
from ...exact.intervals import GATE_BITS, precision

from ...dual.certificate import Certificate

__all__ = ["GapEnclosure", "gap_enclosure", "feasible_dual_point", "dual_lower_bound", "float_below"]


@dataclass(frozen=True)
class GapEnclosure:
    """``p*`` lies within ``radius`` of ``centre``; the optimal value lies in ``[dual, primal]``."""

    centre: tuple
    radius: float
    dual: Fraction
    primal: float
    candidates: tuple


def _upper(value: arb) -> float:
    """A float ``>= value`` (rounded outward)."""
    return float(value.upper().str(20, radius=False)) * (1 + 1e-15) + 1e-300


def feasible_dual_point(arrangement, p) -> tuple:
    """``(q, scale, cert)``: the float ``p`` read as exact rationals and divided by
    ``scale = max(1, s)``, ``s`` a proved upper bound of ``sup |eta_p|`` (exact maximum, square
    root rounded up), so ``q`` is dual feasible; ``cert``: the
    :class:`~certificates.dual.certificate.Certificate` of ``p``.

    >>> from arrangement import Arrangement
    >>> feasible_dual_point(Arrangement([[1, 0], [0, 1]]), [2.0, -0.5])[:2]
    ((Fraction(1, 1), Fraction(-1, 4)), Fraction(2, 1))
    """
    p_rational = [Fraction(float(v)) for v in p]
    cert = Certificate(arrangement, p_rational)
    sup2 = cert.sup_squared_excluding(set())
    scale = Fraction(1) if sup2 <= 1 else fraction_of_exact_arb(arb(fmpq_of(sup2)).sqrt().upper())
    return tuple(v / scale for v in p_rational), scale, cert


def _dual_value(y, lam: Fraction, q) -> Fraction:
    """``lambda <y, q> - lambda^2/2 |q|^2``; at lambda = 0 (the exact fit) ``<y, q>``."""
    inner = sum((Fraction(yj) * qj for yj, qj in zip(y, q)), Fraction(0))
    return inner if lam == 0 else lam * inner - lam * lam / 2 * sum(v * v for v in q)


def float_below(value: Fraction) -> float:
    """The largest float ``<= value``; past the float range ``+-inf`` (as every objective there).

    >>> float_below(Fraction(1, 10)) < Fraction(1, 10) < 0.1, float_below(Fraction(2) ** 2000)
    (True, inf)
    """
    try:
        below = float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf
    return math.nextafter(below, -math.inf) if Fraction(below) > value else below


def exact_below(value) -> float:
    """The largest float ``<=`` a real sympy number (a sum of absolute values too), from a
    rigorous enclosure: the float nearest an exact optimum can exceed it, and is shown as a
    lower bound.

    >>> exact_below(sympy.sqrt(2)) < sympy.sqrt(2) < float(sympy.sqrt(2)), exact_below(sympy.Rational(3, 2))
    (True, 1.5)
    """
    value = sympy.sympify(value)
    if value.is_Rational:
        return float_below(Fraction(int(value.p), int(value.q)))
    with precision(GATE_BITS):
        return float_below(fraction_of_exact_arb(_real_ball(value).lower()))


def _real_ball(value) -> arb:
    if isinstance(value, sympy.Abs):
        return abs(_real_ball(value.args[0]))
    if value.is_Add and value.has(sympy.Abs):
        return sum((_real_ball(part) for part in value.args), arb(0))
    return acb_of(value).real


def dual_lower_bound(arrangement, y, lam, p) -> float:
    """A proved lower bound of the optimal value from any float ``p``: the dual objective (exact)
    at the feasible point of :func:`feasible_dual_point`, rounded down (weak duality: the
    objective of every dual feasible point is at most the optimum; at lambda = 0, ``<y, q>`` is
    at most ``|mu|_TV`` of every measure fitting ``y``).  The objective at ``p`` itself is no bound
    when ``p`` is not feasible: it can exceed the optimum.

    >>> from arrangement import Arrangement
    >>> A = Arrangement([[1]])                  # min 1/2 (a - 2)^2 + a: the value 3/2 at a = 1
    >>> dual_lower_bound(A, [2], Fraction(1), [3.0]), dual_lower_bound(A, [2], Fraction(1), [1.0])
    (1.5, 1.5)
    """
    return float_below(_dual_value(y, Fraction(lam), feasible_dual_point(arrangement, p)[0]))


def gap_enclosure(arrangement, y, lam: Fraction, p, atoms) -> GapEnclosure:
    """Rigorous ball for ``p*`` from float ``p`` and float atoms ``(w, sign, magnitude)``.

    >>> from arrangement import Arrangement
    >>> A = Arrangement([[3, 4]])
    >>> g = gap_enclosure(A, [10], Fraction(5), [0.2], [([0.6, 0.8], 1, 1.8)])
    >>> g.radius < 1e-7, g.dual <= 9.5 <= g.primal, g.candidates
    (True, True, ((0, 1),))
    """
    lam = Fraction(lam)
    y = [Fraction(v) for v in y]
    X = arrangement.X
    # the primal upper bound: atoms a relu(<w, x>) with rational w, a, TV <= sum |a| |w|
    fit = [Fraction(0)] * arrangement.n
    tv = arb(0)
    for w, sign, magnitude in atoms:
        w = [Fraction(float(v)) for v in w]
        a = Fraction(float(sign * magnitude))
        for j, x in enumerate(X):
            value = sum((wk * xk for wk, xk in zip(w, x)), Fraction(0))
            if value > 0:
                fit[j] += a * value
        norm2 = sum(v * v for v in w)
        tv += abs(arb(fmpq_of(a))) * arb(fmpq_of(norm2)).sqrt()
    residual = sum((f - yj) ** 2 for f, yj in zip(fit, y)) / 2
    primal = arb(fmpq_of(residual)) + arb(fmpq_of(lam)) * tv
    centre, scale, cert = feasible_dual_point(arrangement, p)
    dual = _dual_value(y, lam, centre)
    gap = primal - arb(fmpq_of(dual))
    gap_upper = arb(gap.upper())
    radius = (2 * gap_upper).sqrt() / arb(fmpq_of(lam)) if gap_upper > 0 else arb(0)
    frob2 = sum(v * v for row in X for v in row)
    shift = arb(fmpq_of(frob2)).sqrt() * radius
    if not shift < 0.5:  # too far from optimal to localise the support usefully
        return GapEnclosure(centre, _upper(radius), dual, _upper(primal), None)
    # pairs whose maximum at the centre reaches 1 - |X|_F radius (values at p scale by 1/scale^2)
    level = (1 - shift) * arb(fmpq_of(scale))
    level2 = level * level if level > 0 else arb(0)
    floor = fraction_of_exact_arb(level2.lower()) if level > 0 else Fraction(0)   # exact, below level2
    candidates = [(e.region, e.sign) for e in cert.scan(floor)
                  if not arb(fmpq_of(e.value_squared)) < level2]
    return GapEnclosure(centre, _upper(radius), dual, _upper(primal), tuple(sorted(candidates)))
