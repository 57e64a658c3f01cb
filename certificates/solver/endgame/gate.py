"""The one gate every ``exact`` answer of the solver passes: checks that cannot pass on a wrong answer.

A pair ``(p, mu)``, ``mu = sum_i a_i delta_{w_i}``, with exact entries (rationals or algebraic
numbers) is a primal-dual optimal pair of ``P_lambda`` when

1. ``sup |eta_p| <= 1`` on the sphere (dual feasibility);
2. ``|w_i| = 1``, the ``w_i`` distinct, ``a_i != 0`` and ``eta_p(w_i) = sign(a_i)``;
3. ``K mu = y - lambda p`` (for the exact fit, ``lambda = 0``: ``K mu = y``);
4. primal objective = dual objective:
   ``1/2 |K mu - y|^2 + lambda sum |a_i| = lambda <y, p> - lambda^2/2 |p|^2``
   (exact fit: ``sum |a_i| = <y, p>``).

Weak duality makes 1 and 4 a proof on their own (a feasible dual point whose value equals a
primal value: both are optimal); 2 and 3 are the dual problem optimality conditions, which imply 4
and are checked as well so that a failure names the broken condition.  Every equality is
decided exactly: in ``Q`` with ``Fraction``, otherwise by sympy's exact arithmetic (a number is
declared 0 only when its expansion is 0 or its minimal polynomial is ``x``).

>>> from fractions import Fraction as Q
>>> from arrangement import Arrangement
>>> A = Arrangement([[3, 4]])
>>> exact_gate(A, [10], Q(5), [Q(1, 5)], [((Q(3, 5), Q(4, 5)), Q(9, 5))])
([Fraction(1, 5)], [((Fraction(3, 5), Fraction(4, 5)), Fraction(9, 5))])
>>> exact_gate(A, [10], Q(5), [Q(1, 5)], [((Q(3, 5), Q(4, 5)), Q(2))])
Refusal(why='K mu != y - lambda p')
"""

from __future__ import annotations

from fractions import Fraction

import sympy

from ...dual.certificate import Certificate
from ...exact.field import acb_of, zero_in_number_field
from ...exact.convert import fraction_of_sympy
from ...exact.refusal import Refusal
from ...exact.intervals import GATE_BITS, precision

__all__ = ["exact_gate", "exact_face", "is_zero", "dual_value"]


def _exact(v):
    """A Fraction when ``v`` is rational, else a sympy number."""
    if isinstance(v, (int, Fraction)):
        return Fraction(v)
    v = sympy.sympify(v)
    return fraction_of_sympy(v) if v.is_Rational else v


def is_zero(v) -> bool:
    """Whether the exact number ``v`` is 0 (rationals directly; algebraic numbers: nonzero when a
    rigorous arb enclosure excludes 0, else reduced modulo the minimal polynomial of one primitive
    element (:func:`~certificates.exact.field.zero_in_number_field`), else by expansion and
    sympy's minimal polynomial; never by a float tolerance).

    >>> is_zero(sympy.sqrt(8) - 2 * sympy.sqrt(2)), is_zero(sympy.sqrt(2) - Fraction(99, 70))
    (True, False)
    """
    v = _exact(v)
    if isinstance(v, Fraction):
        return v == 0
    ball = _enclosure(v)
    if ball is not None and not (ball.real.contains(0) and ball.imag.contains(0)):
        return False     # a rigorous enclosure without 0 (arb)
    decided = zero_in_number_field(v)   # one CRootOf, or radicals: reduced in Q(theta)
    if decided is not None:
        return decided
    v = sympy.expand(v)
    if v == 0 or v.is_Rational:
        return v == 0
    roots = v.atoms(sympy.CRootOf)
    if not roots and _only_square_roots(v):
        # square roots of distinct squarefree integers are linearly independent over Q, and
        # sympy writes sqrt(8) as 2 sqrt(2): the expanded sum is 0 only when it is written 0
        return False
    x = sympy.Dummy("x")
    return sympy.minimal_polynomial(v, x) == x


def _enclosure(v, bits: int = GATE_BITS):
    """A rigorous complex enclosure of ``v`` (flint acb), or None when none is built."""
    with precision(bits):
        try:
            return acb_of(v)
        except (ValueError, ZeroDivisionError):
            return None


def _only_square_roots(v) -> bool:
    """``v`` is a sum of terms ``q sqrt(m)`` (rational q, integer m) after expansion."""
    for term in sympy.Add.make_args(v):
        radicals = [f for f in sympy.Mul.make_args(term) if not f.is_Rational]
        if len(radicals) > 1 or any(not (f.is_Pow and f.base.is_Integer and f.exp == sympy.Rational(1, 2))
                                    for f in radicals):
            return False
    return True


def exact_sign(v) -> int:
    """The exact sign of a real number (0 decided by :func:`is_zero`)."""
    v = _exact(v)
    if isinstance(v, Fraction):
        return (v > 0) - (v < 0)
    if is_zero(v):
        return 0
    for bits in (GATE_BITS, 4 * GATE_BITS, 16 * GATE_BITS):   # the sign of a nonzero real: rigorous once 0 is outside
        ball = _enclosure(v, bits)
        if ball is not None and not ball.real.contains(0):
            return 1 if ball.real > 0 else -1
    return 1 if bool(v > 0) else -1


def exact_face(arrangement, w) -> str:
    """The sign vector of ``w`` over the data (``'+'``, ``'-'``, ``'0'``), decided exactly.

    >>> from arrangement import Arrangement
    >>> exact_face(Arrangement([[1, 0], [1, -1], [0, 0]]), (sympy.sqrt(2) / 2, sympy.sqrt(2) / 2))
    '+00'
    """
    w = [_exact(v) for v in w]
    return "".join("+-0"[[1, -1, 0].index(exact_sign(sum((Fraction(xk) * wk for xk, wk in zip(x, w)), Fraction(0))))]
                   for x in arrangement.X)


def dual_value(y, lam, p):
    """``lambda <y, p> - lambda^2/2 |p|^2`` (exact fit, ``lambda = 0``: ``<y, p>``)."""
    lam = Fraction(lam)
    yp = sum((Fraction(yj) * _exact(pj) for yj, pj in zip(y, p)), Fraction(0))
    if lam == 0:
        return yp
    return lam * yp - lam * lam / 2 * sum((_exact(pj) ** 2 for pj in p), Fraction(0))


def exact_gate(arrangement, y, lam, p, atoms, feasibility_proof: str | None = None) -> tuple | Refusal:
    """The exact ``(p, atoms)`` when they pass conditions 1-4 above, else a
    :class:`~certificates.exact.refusal.Refusal` naming the first failed condition.

    ``atoms``: ``(w, a)`` pairs with exact entries.  Dual feasibility is decided by
    :class:`~certificates.dual.certificate.Certificate` when ``p`` is rational; for an algebraic ``p``
    the caller passes the rigorous proof it has (``feasibility_proof``, interval arithmetic)
    or the gate refuses.
    """
    lam = Fraction(lam)
    y = [Fraction(v) for v in y]
    p = [_exact(v) for v in p]
    atoms = [(tuple(_exact(v) for v in w), _exact(a)) for w, a in atoms]
    if len(p) != arrangement.n:
        return Refusal("p has the wrong length")
    if all(isinstance(v, Fraction) for v in p):
        if not Certificate(arrangement, p).feasible:
            return Refusal("p is not dual feasible (sup |eta| > 1)")
    elif feasibility_proof is None:
        return Refusal("dual feasibility of an algebraic p is not proved")
    X = arrangement.X
    fit = [Fraction(0)] * arrangement.n
    tv = Fraction(0)
    for i, (w, a) in enumerate(atoms):
        if exact_sign(a) == 0:
            return Refusal(f"atom {i} has amplitude 0")
        if not is_zero(sum((v * v for v in w), Fraction(0)) - 1):
            return Refusal(f"atom {i}: |w| != 1")
        if any(all(is_zero(u - v) for u, v in zip(w, w2)) for w2, _ in atoms[:i]):
            return Refusal(f"atom {i} repeats an earlier atom")
        features = []
        for x in X:
            inner = sum((Fraction(xk) * wk for xk, wk in zip(x, w)), Fraction(0))
            features.append(inner if exact_sign(inner) > 0 else Fraction(0))
        eta = sum((pj * f for pj, f in zip(p, features)), Fraction(0))
        if not is_zero(eta - exact_sign(a)):
            return Refusal(f"atom {i}: eta(w) != sign(amplitude)")
        fit = [fj + a * f for fj, f in zip(fit, features)]
        tv += a * exact_sign(a)
    if not all(is_zero(fj - (yj - lam * pj)) for fj, yj, pj in zip(fit, y, p)):
        return Refusal("K mu != y - lambda p")
    primal = tv if lam == 0 else sum(((fj - yj) ** 2 for fj, yj in zip(fit, y)), Fraction(0)) / 2 + lam * tv
    if not is_zero(primal - dual_value(y, lam, p)):
        return Refusal("primal objective != dual objective")
    return p, atoms
