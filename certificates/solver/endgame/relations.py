"""A guess of the number field of a real point from its digits: integer relations (LLL) in fixed point.

``theta = sum_i k_i x_i`` (small integers ``k_i``) is a primitive element of ``Q(x)`` for all but
finitely many ``k``.  LLL finds an integer polynomial with a root near ``theta``; its factor that
vanishes there is the guess ``h``.  Each coordinate is then guessed in the form
``x_i = G_i(theta) / h'(theta)`` (``deg G_i < deg h``): the coefficients of ``G_i`` are of the size
of those of ``h``, while those of ``x_i`` written as a plain polynomial in ``theta`` carry the
discriminant of ``h`` in their denominators and need far more digits (the representation of
Rouillier's rational univariate representation).

All arithmetic is on integers scaled by ``2^bits`` (python-flint ``fmpz``), not on fractions.
Nothing here is claimed: the caller checks the guess exactly.
"""

from __future__ import annotations

import time
from fractions import Fraction

from flint import fmpq, fmpq_poly, fmpz, fmpz_mat

__all__ = ["guess_field", "solve_in_field", "LEVELS", "integer_relation", "scaled_integer_relation"]

LEVELS = ((4, 3000), (8, 3000), (16, 8000))   # (degree of the LLL relation, bits used): a field
# of degree 12 to 16 with coefficients of 200 bits needs ~4000 bits; a relation of lower degree
# shows up as a factor of one of higher degree


def integer_relation(values: list, bits: int) -> list | None:
    """Small integers ``a`` with ``sum_j a_j v_j = 0`` for the reals ``v`` (Fractions known to
    ``bits`` bits), found by LLL; None when the shortest vector is not clearly a relation (its
    entries are not well below ``2^(bits / len(v))``, the size of a random one).  A guess.

    >>> from math import isqrt
    >>> r = Fraction(isqrt(2 * 4 ** 400), 2 ** 400)      # sqrt(2) to 400 bits
    >>> integer_relation([Fraction(1), r, r * r], 300)
    [-2, 0, 1]
    """
    return scaled_integer_relation([round(v * 2 ** bits) for v in values], bits)


def scaled_integer_relation(scaled: list, bits: int) -> list | None:
    """:func:`integer_relation` for values given as the integers ``round(v_j 2^bits)``.

    >>> scaled_integer_relation([2 ** 100, 3 * 2 ** 100], 100)     # 3 * 1 - 1 * 3 = 0
    [-3, 1]
    """
    m = len(scaled)
    lattice = fmpz_mat([[int(i == j) for j in range(m)] + [scaled[i]] for i in range(m)]).lll()
    row = [int(lattice[0, j]) for j in range(m)]
    top = max(abs(v) for v in row)
    if top == 0 or top.bit_length() > bits // (m + 1) - 24:
        return None
    return row if next(v for v in reversed(row) if v) > 0 else [-v for v in row]


def _fixed(v: Fraction, bits: int) -> fmpz:
    return fmpz((v.numerator << bits) // v.denominator)


def _relation(scaled: list, bits: int, use: int) -> list | None:
    """Small integers ``a`` with ``sum_j a_j v_j ~ 0`` (``v_j`` given as ``round(v_j 2^bits)``),
    LLL on the values cut to ``use`` bits; None when the shortest vector is not clearly a
    relation (entries not well below ``2^(use / len(v))``)."""
    return scaled_integer_relation([v >> (bits - use) for v in scaled], use)


def _value(poly: fmpq_poly, powers: list, bits: int) -> fmpz:
    """``poly(theta) 2^bits`` from the scaled powers of ``theta`` (integer coefficients)."""
    return sum((fmpz(int(c)) * p for c, p in zip(poly.numer().coeffs(), powers)), fmpz(0))


def guess_field(values: list, weights: list, deadline: float, levels=LEVELS, only=None):
    """``(h, g, theta)``: ``h`` the guessed minimal polynomial of ``theta = sum k_i x_i``, ``g`` the
    coordinates as polynomials in ``theta`` of degree below that of ``h``, ``theta`` a Fraction;
    None when this ``theta`` does not work (not primitive, too few digits or past the deadline),
    ``"none"`` when no relation of the largest degree tried exists.

    ``values``: Fractions accurate to more than the largest number of bits in ``levels``;
    ``only``: the indices of the coordinates to guess (the others are None in ``g``); ``deadline``
    in CPU seconds (``time.process_time``): a loaded machine does not change the answer.

    >>> from math import isqrt
    >>> r2 = Fraction(isqrt(2 * 4 ** 4000), 2 ** 4000)     # sqrt(2) and sqrt(3) to 4000 bits
    >>> r3 = Fraction(isqrt(3 * 4 ** 4000), 2 ** 4000)
    >>> h, g, theta = guess_field([r2, r3], [1, 1], time.process_time() + 60, ((4, 3000),))
    >>> h, g          # theta = sqrt 2 + sqrt 3; sqrt 2 = (theta^3 - 9 theta) / 2
    (x^4 + (-10)*x^2 + 1, [1/2*x^3 + (-9/2)*x, (-1/2)*x^3 + 11/2*x])
    """
    top = max(bits for _, bits in levels)
    guard = top + 64
    scaled = [_fixed(v, guard) for v in values]
    t = sum((k * s for k, s in zip(weights, scaled)), fmpz(0))
    theta = sum((k * v for k, v in zip(weights, values)), Fraction(0))
    degree_top = max(d for d, _ in levels)
    powers = [fmpz(1) << guard]
    for _ in range(degree_top):
        powers.append((powers[-1] * t) >> guard)
    theta_q = fmpq(theta.numerator, theta.denominator)
    for degree, bits in levels:
        if time.process_time() > deadline:
            return None
        relation = _relation(powers[:degree + 1], guard, bits)
        if relation is None:
            continue
        # LLL may return a multiple of the minimal polynomial: keep the factor that vanishes
        h = min((f for f, _ in fmpq_poly(relation).factor()[1]),
                key=lambda f: abs(f(theta_q)) / max(abs(c) for c in f.coeffs()))
        if h.degree() < 1:
            continue
        D = h.degree()
        derivative = h.derivative()
        hp = _value(derivative, powers, guard)
        inverse = _inverse_mod(derivative, h)
        g = []
        for index, s in enumerate(scaled):
            if only is not None and index not in only:
                g.append(None)
                continue
            if time.process_time() > deadline:
                return None
            coordinate = _relation(powers[:D] + [(hp * s) >> guard], guard, bits)
            if coordinate is None or coordinate[-1] == 0:
                return None     # theta is not primitive (or too few digits): another theta
            G = fmpq_poly([fmpq(-a, coordinate[-1]) for a in coordinate[:-1]])
            g.append((G * inverse) % h)
        return h, g, theta
    return "none"


def _inverse_mod(a: fmpq_poly, h: fmpq_poly) -> fmpq_poly:
    """``1 / a`` modulo the irreducible ``h`` (``a`` not a multiple of ``h``)."""
    d, s, _ = a.xgcd(h)
    return s / d.coeffs()[0]


def solve_in_field(rows: list, rhs: list, h: fmpq_poly) -> list | None:
    """The solution ``u`` of the square system ``sum_j rows[i][j] u_j = rhs[i]`` over
    ``Q[t]/(h)`` (``h`` irreducible; entries ``fmpq_poly``), by Gaussian elimination; None when
    the matrix is singular.

    >>> h = fmpq_poly([-2, 0, 1])                  # Q(sqrt 2)
    >>> t = fmpq_poly([0, 1])
    >>> solve_in_field([[t, fmpq_poly([1])], [fmpq_poly([1]), -t]], [fmpq_poly([3]), fmpq_poly([0])], h)
    [x, 1]
    """
    m = len(rows)
    A = [[a % h for a in row] + [b % h] for row, b in zip(rows, rhs)]
    for k in range(m):
        pivot = next((i for i in range(k, m) if A[i][k] != 0), None)
        if pivot is None:
            return None
        A[k], A[pivot] = A[pivot], A[k]
        inverse = _inverse_mod(A[k][k], h)
        A[k] = [(a * inverse) % h for a in A[k]]
        for i in range(m):
            if i != k and A[i][k] != 0:
                f = A[i][k]
                A[i] = [(a - f * b) % h for a, b in zip(A[i], A[k])]
    return [row[m] for row in A]
