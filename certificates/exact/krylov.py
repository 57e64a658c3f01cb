"""Minimal polynomials of low degree in a number field of high degree, from the powers of the element.

An element ``g(theta)`` of ``Q(theta) = Q[t]/(h)`` whose minimal polynomial q has degree k: its
powers ``1, g, ..., g^(k-1)`` are linearly independent over Q and ``g^k`` is their combination
with the coefficients of q.  The reduced row echelon form of the matrix of the powers
``1, ..., g^bound`` (columns, coordinates in the basis ``1, t, ..., t^(D-1)``) shows k as its first
column without a pivot and q in that column.  Only ``bound`` products modulo h and one D x
(bound + 1) elimination: where the characteristic polynomial of multiplication by g (a D x D
matrix) and its factorisation took seconds at D = 32 for an element of degree 2 or 4, as the
readable forms of a solution in a compositum of fields ask.
"""

from __future__ import annotations

from flint import fmpq_mat, fmpq_poly, nmod_mat, nmod_poly

__all__ = ["small_minimal_polynomial"]

PRIMES = (1000000007, 998244353)


def _degree_bound_mod_prime(g: fmpq_poly, h: fmpq_poly, bound: int) -> int | None:
    """A lower bound on the degree of the minimal polynomial of ``g(theta)``: the first power
    ``g^k`` dependent on the lower ones modulo a prime P not dividing a denominator of ``g`` nor
    ``h``'s leading coefficient (a rational relation, scaled to P-integral coefficients not all
    divisible by P, stays one modulo P, so independence modulo P is independence over Q);
    ``bound + 1`` when none up to ``g^bound`` is dependent, None when no prime serves.  Word-size
    arithmetic where the exact powers of a field element of degree 48 carry 400000-bit rationals."""
    for P in PRIMES:
        def residue(c):
            return None if int(c.q) % P == 0 else int(c.p) * pow(int(c.q), -1, P) % P
        hc, gc = [residue(c) for c in h.coeffs()], [residue(c) for c in g.coeffs()]
        if None in hc or None in gc or hc[-1] == 0:
            continue
        hp, gp, D = nmod_poly(hc, P), nmod_poly(gc, P) if gc else nmod_poly([0], P), h.degree()
        powers, previous = [nmod_poly([1], P)], 1
        for k in range(1, bound + 1):
            powers.append((powers[-1] * gp) % hp)
            rank = nmod_mat(D, k + 1, [int(powers[j][i]) for i in range(D) for j in range(k + 1)], P).rank()
            if rank == previous:
                return k
            previous = rank
        return bound + 1
    return None


def small_minimal_polynomial(g: fmpq_poly, h: fmpq_poly, bound: int) -> fmpq_poly | None:
    """The monic minimal polynomial of ``g(theta)`` (h irreducible) when its degree is at most
    ``bound``, else None; confirmed by ``q(g) = 0 mod h``.

    >>> x4 = fmpq_poly([-2, 0, 0, 0, 1])                    # theta = 2^(1/4)
    >>> small_minimal_polynomial(fmpq_poly([0, 0, 3]), x4, 4)  # 3 theta^2 = 3 sqrt 2: x^2 - 18
    x^2 + (-18)
    >>> small_minimal_polynomial(fmpq_poly([1, 1]), x4, 3) is None    # 1 + theta has degree 4
    True
    >>> small_minimal_polynomial(fmpq_poly([5]), x4, 4)
    x + (-5)
    """
    D = h.degree()
    bound = min(bound, D)
    lower = _degree_bound_mod_prime(g, h, bound)
    if lower is not None and lower > bound:
        return None
    if lower is not None and lower < bound:   # the exact powers only up to the likely degree first
        found = small_minimal_polynomial(g, h, lower)
        if found is not None:
            return found
    powers = [fmpq_poly([1])]
    for _ in range(bound):
        powers.append((powers[-1] * g) % h)
    coefficients = [p.coeffs() + [0] * (D - len(p.coeffs())) for p in powers]
    echelon, rank = fmpq_mat(D, bound + 1, [coefficients[k][i] for i in range(D) for k in range(bound + 1)]).rref()
    if rank == bound + 1:
        return None
    # the powers before the first dependent one are independent: their pivots are rows 0..k-1, in order
    k = next(k for k in range(bound + 1) if k >= rank or echelon[k, k] != 1)
    q = fmpq_poly([-echelon[i, k] for i in range(k)] + [1])
    reduced = fmpq_poly([0])
    for c in reversed(q.coeffs()):
        reduced = (reduced * g + c) % h
    return q if reduced == 0 else None
