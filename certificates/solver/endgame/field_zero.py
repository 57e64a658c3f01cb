"""The zero of the optimality system in a real number field: guessed by integer relations, proved exactly.

1. Guess.  Newton at high precision from the verified box gives ``x``; ``theta = sum_i k_i x_i``
   (small integers ``k_i``) is a primitive element of ``Q(x)`` for all but finitely many ``k``.
   LLL (python-flint ``fmpz_mat.lll``) finds an integer polynomial ``h`` with ``h(theta) ~ 0`` of
   increasing degree, and for every coordinate ``x_i = g_i(theta)`` with ``deg g_i < deg h``
   (:mod:`certificates.solver.endgame.relations`).
2. Confirm.  ``F(g(t)) = 0`` modulo ``h`` in exact polynomial arithmetic (``fmpq_poly``): at every
   root of ``h``, ``g`` is a zero of ``F``.
3. Place.  A rational interval ``[a, b]`` with ``h(a) h(b) < 0`` holds a root ``theta*``; arb
   enclosures of ``g_i([a, b])`` inside the Krawczyk box show that ``g(theta*)`` lies in the box,
   so it is the one zero proved there.
4. Hand over.  Each coordinate as a sympy number: its minimal polynomial ``q_i`` (the minimal
   polynomial of multiplication by ``g_i`` in ``Q[t]/(h)``, ``h`` irreducible) and, for degree
   at most 4, the root of ``q_i`` in square roots whose arb enclosure is the only one meeting
   ``x_i``'s; otherwise every coordinate as a polynomial in one ``CRootOf`` (the primitive
   coordinate of smallest minimal polynomial, re-confirmed in its own field).

Nothing is decided by a float: the guesses are confirmed in ``Q[t]/(h)``, signs by exact
rational evaluation, inclusion by interval arithmetic.
"""

from __future__ import annotations

import time
from fractions import Fraction

import sympy
from flint import arb, fmpq_mat, fmpq_poly

from ...exact.field import (MAX_RADICALS, READABLE_DEGREE, acb_of, compose, field_element, minimal_polynomial,
                            more_conjugates_than, poly_at, root_in_radicals)
from .blocks import block_field
from .eliminant import eliminant_field
from .relations import LEVELS, guess_field, solve_in_field
from .optimality import OptimalitySystem
from ...exact.convert import fmpq_of, fraction_of_sympy, sympy_of, sympy_poly_of
from ...exact.intervals import GATE_BITS, mid_fraction, precision
from ...exact.refusal import Refusal

__all__ = ["number_field_solution"]

MAX_DEGREE = max(d for d, _ in LEVELS)   # rational and quadratic zeros are found before
SECONDS = 6.0     # CPU seconds of the LLL guesses; a relation of degree 16 at 8000 bits takes ~1 s on a loaded machine
BITS = max(b for _, b in LEVELS) + 200   # of the zero the relations are read from
REBASE_DEGREE = 16   # above it the minimal polynomials of the coordinates (one exact
                     # characteristic polynomial each, ~7 s at degree 32) cost more than they shorten


def _reduced_residuals(system: OptimalitySystem, g: list, h: fmpq_poly) -> bool:
    """``F(g(t)) = 0`` modulo ``h``, exactly.  The matrices act on ``z`` by rational combinations
    first, so each row and each norm costs one product per magnitude and one reduction (the
    entrywise products modulo ``h`` dominated fields of degree 48)."""
    r, rho = system.r, system.rho
    z, v, c = g[:r], g[r:r + rho], g[r + rho:]
    zero = fmpq_poly([0])

    def times_z(M):
        return [sum((M[i, j] * z[j] for j in range(r) if M[i, j] != 0), zero) for i in range(r)]

    gram_z = times_z(system.Gram)
    m_z = [times_z(Mk) for Mk in system.Mt]
    lam = fmpq_of(system.lam)
    for i in range(r):
        row = lam * gram_z[i] - system.yt[i, 0] + sum((ck * Mz[i] for ck, Mz in zip(c, m_z)), zero)
        for k in range(rho):
            row += system.Rt[i, k] * v[k]
        if row % h != 0:
            return False
    for N in system.Nt:
        if (sum((zi * Nzi for zi, Nzi in zip(z, times_z(N))), zero) - 1) % h != 0:
            return False
    return True


def _sign_change(h: fmpq_poly, a: Fraction, b: Fraction) -> bool:
    return poly_at(h, fmpq_of(a)) * poly_at(h, fmpq_of(b)) < 0


def _guess(system, values, weights, deadline):
    """:func:`~certificates.solver.endgame.relations.guess_field`; with a square linear part only the
    magnitudes are guessed by LLL, ``(z, v)`` then solve the linear equations over ``Q(theta)``
    (one LLL per magnitude instead of one per coordinate)."""
    r, rho, m = system.r, system.rho, system.Gram.nrows()
    if m != r + rho:
        return guess_field(values, weights, deadline)
    found = guess_field(values, weights, deadline, only=range(r + rho, len(values)))
    if not isinstance(found, tuple):
        return found
    h, g, theta = found
    c, lam = g[r + rho:], fmpq_of(system.lam)
    rows = [[fmpq_poly([lam * system.Gram[i, j]]) + sum((ck * Mk[i, j] for ck, Mk in zip(c, system.Mt)), fmpq_poly([0]))
             for j in range(r)] + [fmpq_poly([system.Rt[i, k]]) for k in range(rho)] for i in range(m)]
    linear = solve_in_field(rows, [fmpq_poly([system.yt[i, 0]]) for i in range(m)], h)
    return guess_field(values, weights, deadline) if linear is None else (h, linear + c, theta)


def number_field_solution(system: OptimalitySystem, box: list, refine, seconds: float = SECONDS):
    """The zero in ``box`` as sympy numbers, or a :class:`~certificates.exact.refusal.Refusal`.

    ``refine(system, box, bits)`` is Newton at high precision (:func:`certificates.solver.endgame.algebraic.refine`).

    >>> import numpy as np
    >>> from arrangement import Arrangement
    >>> from certificates.solver.endgame.algebraic import refine
    >>> from certificates.solver.endgame.optimality import AtomFace
    >>> from certificates.solver.endgame.verification import krawczyk
    >>> sys = OptimalitySystem(Arrangement([[1, 1]]), [3], 1, [AtomFace("+", 1)])
    >>> number_field_solution(sys, krawczyk(sys, sys.newton(np.array([0.5, 1.0]))), refine)
    [sqrt(2)/2, -1/2 + 3*sqrt(2)/2]
    """
    deadline = time.process_time() + seconds
    with precision(BITS):
        values = [mid_fraction(v) for v in refine(system, box, BITS)]
    n, why = len(values), f"no number field of degree <= {MAX_DEGREE} found"
    for weights in ([1] * n, [k + 1 for k in range(n)], [(-1) ** k * (2 * k + 1) for k in range(n)]):
        found = _guess(system, values, weights, deadline)
        if found is None:
            if time.process_time() > deadline:
                why = f"no number field of degree <= {MAX_DEGREE} found within {seconds:g} s"
                break
            continue
        if found == "none":    # theta has no small minimal polynomial, nor has any other primitive element
            break
        exact = _confirmed(system, box, *found)
        if not isinstance(exact, Refusal):
            return exact
        why = exact.why
    found = block_field(system, values, seconds)    # independent blocks: one field each, then the compositum
    if found is not None:
        exact = _confirmed(system, box, *found)
        if not isinstance(exact, Refusal):
            return exact
        why = exact.why
    # the second guess: the eliminant of the polynomial system, exact, for fields of higher degree
    guesses = eliminant_field(system, values)
    if isinstance(guesses, str):
        return Refusal(f"{why}; elimination: {guesses}")
    for guess in guesses:
        exact = _confirmed(system, box, *guess)
        if not isinstance(exact, Refusal):
            return exact
        why = exact.why
    return Refusal(why)


def _confirmed(system, box, h, g, theta):
    """The guessed zero ``g(t)``, ``h(t) = 0``, checked exactly, placed in the box and written as
    sympy numbers; or a :class:`~certificates.exact.refusal.Refusal`."""
    if not _reduced_residuals(system, g, h):
        return Refusal(f"a guessed field of degree {h.degree()} failed the exact check")
    placed = _place(h, g, theta, box)
    if placed is None:
        return Refusal(f"a zero in a field of degree {h.degree()} was not placed in the box")
    try:
        exact = _sympy_numbers(system, h, g, *placed)
    except (ZeroDivisionError, ValueError, sympy.polys.polyerrors.PolynomialError) as error:
        return Refusal(f"the exact zero (degree {h.degree()}) was not written as sympy numbers ({error})")
    return Refusal(f"the zero of degree {h.degree()} was not isolated as a CRootOf") if exact is None else exact


def _place(h, g, theta, box):
    """A rational interval around ``theta`` where ``h`` changes sign, with ``g`` of it in the box."""
    with precision(BITS):
        for e in (200, 400, 800):
            a, b = theta - Fraction(1, 2 ** e), theta + Fraction(1, 2 ** e)
            if not _sign_change(h, a, b):
                return None
            ball = arb(fmpq_of((a + b) / 2)) + arb(0, 2.0 ** -e)
            enclosures = [poly_at(gi, ball) for gi in g]
            if all(B.contains(x) for B, x in zip(box, enclosures)):
                return (a, b), ball, enclosures
    return None


def _rebase(system, h, g, enclosures):
    """The same field with the coordinate of smallest minimal polynomial as primitive element
    (shorter numbers): ``(q_j, g', enclosure of theta')``, re-confirmed exactly; or the input."""
    D = h.degree()
    if D > REBASE_DEGREE:
        return h, g, None
    candidates = [(sum(int(c.p).bit_length() + int(c.q).bit_length() for c in q.coeffs()), j, q)
                  for j, q in ((j, minimal_polynomial(gj, h)) for j, gj in enumerate(g)) if q.degree() == D]
    if not candidates or D < 2:
        return h, g, None
    _, j, q = min(candidates, key=lambda item: item[:2])
    powers = [fmpq_poly([1])]
    for _ in range(D - 1):
        powers.append((powers[-1] * g[j]) % h)
    basis = fmpq_mat(D, D, [powers[k].coeffs()[i] if i < len(powers[k].coeffs()) else 0
                            for i in range(D) for k in range(D)])
    target = fmpq_mat(D, 1, [1 if i == 1 else 0 for i in range(D)])
    u = fmpq_poly(basis.solve(target).entries())         # theta = u(theta')
    rebased = [compose(gi, u, q) for gi in g]
    # u(g_j) = t modulo h makes g'(g_j(theta*)) = g(theta*): the zero in the box, not a conjugate
    if compose(u, g[j], h) != fmpq_poly([0, 1]) or not _reduced_residuals(system, rebased, q):
        return h, g, None
    return q, rebased, enclosures[j]


def _readable_numbers(h, g, enclosures) -> list | None:
    """Every coordinate in square roots (degree <= 4, few distinct radicals), or None."""
    if any(more_conjugates_than(gi, h, READABLE_DEGREE) for gi in g):
        return None
    polynomials = [minimal_polynomial(gi, h) for gi in g]
    if any(q.degree() > READABLE_DEGREE for q in polynomials):
        return None
    values = []
    for q, enclosure in zip(polynomials, enclosures):
        value = root_in_radicals(q, enclosure)
        if value is None or any(a.exp != sympy.S.Half for a in value.atoms(sympy.Pow) if not a.exp.is_Integer):
            return None
        values.append(value)
    radicals = set().union(*(v.atoms(sympy.Pow) for v in values)) - {a for v in values for a in v.atoms(sympy.Pow)
                                                                        if a.exp.is_Integer}
    simple = all(a.base.is_Integer for a in radicals)
    return values if simple or len(radicals) <= MAX_RADICALS else None


def _sympy_numbers(system, h, g, interval, ball, enclosures):
    """Coordinates as sympy numbers: square roots when readable, else polynomials in one
    ``CRootOf`` (of the smallest minimal polynomial among the primitive coordinates)."""
    readable = _readable_numbers(h, g, enclosures)
    if readable is not None:
        return readable
    h, g, enclosure = _rebase(system, h, g, enclosures)
    if enclosure is not None:
        ball = enclosure
        interval = (mid_fraction(arb(enclosure.lower())), mid_fraction(arb(enclosure.upper())))
    (a, b) = interval
    t = sympy.Symbol("x")
    poly = sympy_poly_of(h, t)
    hits = [k for k, ((lo, hi), _) in enumerate(poly.intervals()) if fraction_of_sympy(lo) <= b and a <= fraction_of_sympy(hi)]
    while len(hits) > 1:   # refine until one isolating interval of a real root meets [a, b]
        hits = [k for k, ((lo, hi), _) in enumerate(poly.intervals(eps=sympy_of(b - a)))
                if fraction_of_sympy(lo) <= b and a <= fraction_of_sympy(hi)]
    if not hits:
        return None
    root = sympy.CRootOf(poly.as_expr(), hits[0])
    with precision(GATE_BITS):
        if not acb_of(root).real.overlaps(ball):   # CRootOf numbers the real roots in increasing order
            return None
    return [field_element(root, h, gi) for gi in g]

