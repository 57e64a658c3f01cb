"""The zero of an optimality system that falls apart into blocks: one number field per block.

Atom ``i`` uses the rows ``j`` of ``p`` with ``E_i x_j != 0``.  Atoms that share no row, directly
or through other atoms, form independent blocks of the system (without antipodal pairs and for
lambda > 0): a block's rows and magnitudes solve their own equations, and a row no atom uses is
``p_j = y_j / lambda``.  The zero's field is then the compositum of the blocks' fields, of degree
the product of theirs (16 x 2 = 32 on a case of the benchmark), too high for one LLL guess, while
each block's field is guessed at its own small degree
(:func:`~certificates.solver.endgame.relations.guess_field`).  The compositum follows exactly:
``theta = theta_1 + k theta_2`` has as minimal polynomial the factor of the characteristic
polynomial of ``T_1 (x) I + k I (x) T_2`` (``T``: multiplication by the primitive element) that
vanishes at ``theta*``, and ``theta_1``, ``theta_2`` are polynomials in ``theta`` from the powers
of ``theta`` in the tensor basis.

Everything here is a guess: :mod:`certificates.solver.endgame.field_zero` checks ``F(g(t)) = 0``
modulo ``h`` exactly and places the zero in the Krawczyk box.
"""

from __future__ import annotations

import time
from fractions import Fraction

from flint import fmpq, fmpq_mat, fmpq_poly

from ...exact.convert import fmpq_of
from ...exact.field import compose
from .relations import guess_field

__all__ = ["blocks", "block_field", "compositum", "MAX_DEGREE"]

MAX_DEGREE = 48       # of the compositum, as the eliminant route (the proof checker takes 64): a
                      # degree-32 answer costs seconds to prove and check since the proof's theta
                      # is bracketed by arb and small minimal polynomials come from powers
SHIFTS = (1, 2, -1, 3, 5)


def blocks(system) -> list:
    """``[(groups, rows)]``: the magnitudes (indices into ``system.groups``) and rows of ``p`` of each
    independent block, ``[]`` when the system has pairs, lambda = 0 or a single block.

    >>> from arrangement import Arrangement
    >>> from certificates.solver.endgame.optimality import AtomFace, OptimalitySystem
    >>> sys = OptimalitySystem(Arrangement([[1, 0], [0, 1], [1, 1]]), [1, 2, 3], 1,
    ...                        [AtomFace("+-0", 1), AtomFace("-++", 1)])
    >>> blocks(sys)
    [([0], [0]), ([1], [1, 2])]
    """
    if system.pairs or system.lam <= 0 or system.rho or system.r != system.arrangement.n:
        return []
    n, d = system.arrangement.n, system.arrangement.d
    found: list = []
    for g, members in enumerate(system.groups):
        rows = {j for i in members for j in range(n) if any(system.E[i][m, j] != 0 for m in range(d))}
        joined = [b for b in found if b[1] & rows]
        groups = {g}
        for b in joined:
            groups |= b[0]
            rows |= b[1]
            found.remove(b)
        found.append((groups, rows))
    return [] if len(found) < 2 else sorted((sorted(g), sorted(r)) for g, r in found)


def _companion(h: fmpq_poly) -> fmpq_mat:
    """Multiplication by ``x`` on ``Q[x]/(h)`` in the basis ``1, x, ..., x^(D-1)`` (columns)."""
    c = h.coeffs()
    D = len(c) - 1
    lead = c[-1]
    return fmpq_mat(D, D, [(1 if i == k + 1 else 0) if k < D - 1 else -c[i] / lead
                           for i in range(D) for k in range(D)])


def _kron(A: fmpq_mat, B: fmpq_mat) -> fmpq_mat:
    a, b = A.nrows(), B.nrows()
    return fmpq_mat(a * b, a * b, [A[i // b, k // b] * B[i % b, k % b] for i in range(a * b) for k in range(a * b)])


def _identity(n: int) -> fmpq_mat:
    return fmpq_mat(n, n, [int(i == k) for i in range(n) for k in range(n)])


def compositum(h1: fmpq_poly, theta1: Fraction, h2: fmpq_poly, theta2: Fraction):
    """``(h, t1, t2, theta)``: the minimal polynomial ``h`` of ``theta = theta_1 + k theta_2`` and the
    two primitive elements as polynomials in it (modulo ``h``), for the first shift ``k`` that
    gives the full degree ``deg h_1 deg h_2``; None when none does (fields not disjoint).

    >>> h, t1, t2, theta = compositum(fmpq_poly([-2, 0, 1]), Fraction(141421, 100000),
    ...                               fmpq_poly([-3, 0, 1]), Fraction(173205, 100000))
    >>> h, t1, t2                     # sqrt 2 + sqrt 3
    (x^4 + (-10)*x^2 + 1, 1/2*x^3 + (-9/2)*x, (-1/2)*x^3 + 11/2*x)
    """
    d1, d2 = h1.degree(), h2.degree()
    D = d1 * d2
    T1, T2 = _kron(_companion(h1), _identity(d2)), _kron(_identity(d1), _companion(h2))
    for k in SHIFTS:
        T = T1 + T2 * k
        theta = theta1 + k * theta2
        at = fmpq(theta.numerator, theta.denominator)
        factors = [f for f, _ in T.charpoly().factor()[1]]
        h = min(factors, key=lambda f: abs(f(at)) / max(abs(c) for c in f.coeffs()))
        if h.degree() != D:
            continue
        e = fmpq_mat(D, 1, [int(i == 0) for i in range(D)])
        powers, v = [], e
        for _ in range(D):
            powers.append(v)
            v = T * v
        V = fmpq_mat(D, D, [powers[k2][i, 0] for i in range(D) for k2 in range(D)])
        if V.rank() < D:
            continue
        t1, t2 = (fmpq_poly(V.solve(M * e).entries()) for M in (T1, T2))
        return fmpq_poly(h.coeffs()) / h.coeffs()[-1], t1, t2, theta
    return None


def _block_guess(values: list, deadline: float):
    n = len(values)
    for weights in ([1] * n, [k + 1 for k in range(n)], [(-1) ** k * (2 * k + 1) for k in range(n)]):
        found = guess_field(values, weights, deadline)
        if isinstance(found, tuple) or found == "none" or time.process_time() > deadline:
            return found if isinstance(found, tuple) else None
    return None


def block_field(system, values: list, seconds: float):
    """``(h, g, theta)`` for the zero ``values`` (Fractions, ``x = (p, c)``) of a system of several
    blocks (:func:`blocks`): every coordinate as a polynomial in ``theta`` modulo ``h``; or None."""
    parts = blocks(system)
    if not parts:
        return None
    deadline = time.process_time() + seconds
    n = system.r
    lam = fmpq_of(system.lam)
    g: list = [fmpq_poly([fmpq_of(system.y[j]) / lam]) for j in range(n)] + [None] * len(system.groups)
    h, theta = fmpq_poly([0, 1]), Fraction(0)    # the field Q, with theta = 0
    for groups, rows in parts:
        index = list(rows) + [n + k for k in groups]
        found = _block_guess([values[i] for i in index], deadline)
        if found is None:
            return None
        h2, g2, theta2 = found
        if h.degree() * h2.degree() > MAX_DEGREE:
            return None
        if h.degree() == 1:
            t1, t2, h, theta = fmpq_poly([0]), fmpq_poly([0, 1]), h2, theta2
        else:
            joined = compositum(h, theta, h2, theta2)
            if joined is None:
                return None
            h, t1, t2, theta = joined
        g = [None if gi is None else compose(gi, t1, h) for gi in g]
        for i, gi in zip(index, g2):
            g[i] = compose(gi, t2, h)
    return h, g, theta
