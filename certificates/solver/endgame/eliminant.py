"""The zero of the optimality system in a number field, by elimination: the second guess where
LLL gives up (fields of degree above 16).

With the faces fixed, the linear part ``A(c) (z, v) = y~`` is solved by Cramer's rule,
``(z, v) = adj(A(c)) y~ / det A(c)`` (polynomials in the magnitudes ``c``), so the zero's ``c`` is
a common zero of the ``s`` polynomials ``P_k(c) = N(c)^T N_k N(c) - det A(c)^2``.  After a shear
``t = c_last + sum_i k_i c_i`` (so that ``t`` is a primitive element of the zero's field),
resultants eliminate ``c_0, c_1, ...`` one after the other; after each step only the irreducible
factors that vanish at the (high-precision) zero are kept, which removes most of the extraneous
components.  The univariate eliminant's factor that vanishes at ``t*`` is the minimal polynomial
``h`` of ``t*``.  Going back up, each ``c_i`` is the root of the gcd over ``Q(t) = Q[x]/(h)`` of
the polynomials of its stage (it must be linear), and ``(z, v)`` follow from Cramer's rule in
``Q(t)``.

Everything here is a guess in exact arithmetic: which factors vanish is read off interval
enclosures, and nothing is claimed until :mod:`certificates.solver.endgame.field_zero` checks
``F(g(t)) = 0`` modulo ``h`` and places the zero in the Krawczyk box.  The computation runs in a
child process (fork) stopped at a budget of CPU time (not wall time, so that whether an answer
comes out exact does not depend on how busy the machine is), since a resultant cannot be
interrupted.
"""

from __future__ import annotations

import math
import multiprocessing
import resource
import signal
from fractions import Fraction
from math import gcd, lcm

from flint import arb, fmpq, fmpq_mat, fmpq_poly, fmpz_mpoly_ctx, fmpz_poly

from ...exact.convert import fmpq_of
from ...exact.intervals import precision

__all__ = ["eliminant_field", "MAX_DEGREE", "MAX_GROUPS", "SECONDS"]

MAX_DEGREE = 48     # of h (the proof checker takes up to 64): with the numbers kept in flint
                    # (exact.field.field_element) a field of degree 32 to 48 ends in about a minute
SECONDS = 10.0      # CPU budget of one elimination (the child process is killed after it): degree
                    # 32 to 36 took 3.5 to 5 s on a loaded machine
WALL_FACTOR = 30    # a child that has not answered after 30 x its CPU budget in wall time is stalled
MAX_GROUPS = 2      # more magnitudes: the iterated resultants (degree ~ 300) took minutes on the
                    # benchmark for fields of degree 12 to 32; elimination is not tried there
BITS = 2000         # of the point at which vanishing factors are picked
SHEARS = ((1, 2, 3, 5, 7, 11, 13), (2, -3, 5, -7, 11, -13, 17))


def _bareiss(M):
    """``det M`` for a square matrix of polynomials (fraction-free elimination, exact divisions)."""
    M = [row[:] for row in M]
    n, sign, previous = len(M), 1, None
    for k in range(n - 1):
        if M[k][k] == 0:
            swap = next((i for i in range(k + 1, n) if M[i][k] != 0), None)
            if swap is None:
                return M[0][0] * 0
            M[k], M[swap], sign = M[swap], M[k], -sign
        for i in range(k + 1, n):
            for j in range(k + 1, n):
                value = M[i][j] * M[k][k] - M[i][k] * M[k][j]
                M[i][j] = value if previous is None else value / previous
        previous = M[k][k]
    return sign * M[n - 1][n - 1]


def _cramer(system, shear):
    """``(ctx, D, N, P)``: ``D = det A``, ``N_j`` the Cramer numerators of all unknowns ``(z, v)``,
    ``P_k`` the norm equations, in integer polynomials of ``c_0 .. c_{s-2}, t``."""
    s, r, rho = len(system.groups), system.r, system.rho
    ctx = fmpz_mpoly_ctx.get(("c", s), "lex")
    gens = ctx.gens()
    c = list(gens[:-1]) + [gens[-1] - sum((k * g for k, g in zip(shear, gens[:-1])), ctx.constant(0))]
    m = system.Gram.nrows()
    lam = fmpq_of(system.lam)
    rows, rhs = [], []
    for i in range(m):
        constant = [lam * system.Gram[i, j] for j in range(r)] + [system.Rt[i, j] for j in range(rho)]
        linear = [[Mk[i, j] for j in range(r)] + [fmpq(0)] * rho for Mk in system.Mt]
        scale = lcm(*(int(v.q) for v in constant + [x for row in linear for x in row] + [system.yt[i, 0]]))
        rows.append([ctx.constant(int(constant[j] * scale))
                     + sum((int(linear[k][j] * scale) * c[k] for k in range(s)), ctx.constant(0))
                     for j in range(m)])
        rhs.append(ctx.constant(int(system.yt[i, 0] * scale)))
    D = _bareiss(rows)
    N = [_bareiss([row[:j] + [rhs[i]] + row[j + 1:] for i, row in enumerate(rows)]) for j in range(m)]
    P = []
    for Nk in system.Nt:
        scale = lcm(*(int(v.q) for v in Nk.entries()))
        P.append(sum((int(Nk[i, j] * scale) * N[i] * N[j] for i in range(r) for j in range(r) if Nk[i, j] != 0),
                     -scale * D * D))
    return ctx, D, N, P


def _value(poly, point):
    """``(f(point), sum |coefficient| |monomial|)`` as arb balls."""
    value, size = arb(0), arb(0)
    for exponents, coefficient in zip(poly.monoms(), poly.coeffs()):
        term = arb(int(coefficient))
        for e, x in zip(exponents, point):
            if e:
                term *= x ** e
        value += term
        size += abs(term)
    return value, size


def _vanishes(poly, point) -> bool:
    value, size = _value(poly, point)
    return bool(abs(value) < size * arb(2) ** (-BITS // 4))


def _vanishing_part(poly, point):
    """The product of the irreducible factors of ``poly`` that vanish at ``point`` (a guess)."""
    try:
        factors = poly.factor()[1]
    except OverflowError:     # python-flint sorts factors with huge coefficients by int()
        return poly
    kept = [f for f, _ in factors if _vanishes(f, point)]
    if not kept:
        return poly
    out = kept[0]
    for f in kept[1:]:
        out *= f
    return out


def _eliminate(polys, names, point, s):
    """Stages ``[(variable, polynomials)]`` eliminating ``c_0 .. c_{s-2}``, and the univariate
    polynomials in ``t`` left at the end (empty when the elimination failed)."""
    stages, F = [], [_vanishing_part(p, point) for p in polys]
    for v in range(s - 1):
        stages.append((v, F))
        involved = [f for f in F if f.degrees()[v] > 0]
        rest = [f for f in F if f.degrees()[v] == 0]
        if not involved:
            return stages, []
        pivot = min(involved, key=lambda f: (f.degrees()[v], len(f.coeffs())))
        results = []
        for f in involved:
            if f is pivot:
                continue
            R = pivot.resultant(f, names[v])
            if R != 0:
                results.append(_vanishing_part(R, point))
        F = results + rest
        if len(F) < s - 1 - v:
            return stages, []
    return stages, F


def _univariate(poly, s) -> fmpz_poly:
    coefficients = [0] * (int(poly.degrees()[s - 1]) + 1)
    for exponents, c in zip(poly.monoms(), poly.coeffs()):
        coefficients[exponents[s - 1]] = int(c)
    return fmpz_poly(coefficients)


def _inverse(a: fmpq_poly, h: fmpq_poly) -> fmpq_poly:
    """``1 / a`` in ``Q[x]/(h)``: a linear system with the multiplication matrix of ``a``
    (flint solves it multimodularly; the extended Euclidean algorithm is far slower here)."""
    D = h.degree()
    columns = [((a * fmpq_poly([0] * k + [1])) % h).coeffs() for k in range(D)]
    M = fmpq_mat(D, D, [columns[k][i] if i < len(columns[k]) else 0 for i in range(D) for k in range(D)])
    if M.rank() < D:
        raise ZeroDivisionError("division by 0 in the number field")
    return fmpq_poly(M.solve(fmpq_mat(D, 1, [1] + [0] * (D - 1))).entries())


def _in_field(poly, known: dict, v: int, h: fmpq_poly) -> list:
    """``poly`` with the known variables replaced by field elements: its coefficients in ``c_v``."""
    out: dict = {}
    powers: dict = {}
    for exponents, coefficient in zip(poly.monoms(), poly.coeffs()):
        term = fmpq_poly([int(coefficient)])
        for var, e in enumerate(exponents):
            if e and var != v:
                key = (var, e)
                if key not in powers:
                    powers[key] = (known[var] ** e) % h if e > 1 else known[var]
                term = (term * powers[key]) % h
        k = exponents[v] if v is not None else 0
        out[k] = out.get(k, fmpq_poly([0])) + term
    top = max(out, default=0)
    return [out.get(k, fmpq_poly([0])) % h for k in range(top + 1)]


def _strip(a: list) -> list:
    while a and a[-1] == 0:
        a = a[:-1]
    return a


def _primitive(a: list) -> list:
    """``a`` divided by the gcd of all its rational coefficients (keeps the numbers small)."""
    numbers = [c for ai in a for c in ai.coeffs() if c != 0]
    if not numbers:
        return a
    numerator = gcd(*(int(c.p) for c in numbers))
    denominator = lcm(*(int(c.q) for c in numbers))
    return [ai * fmpq(denominator, numerator) for ai in a]


def _gcd(a: list, b: list, h: fmpq_poly) -> list:
    """A gcd of two polynomials over ``Q[x]/(h)`` (lists of coefficients, constant first), up to
    a unit: pseudo-remainders without inverses, contents removed."""
    a, b = _strip(a), _strip(b)
    if len(a) < len(b):
        a, b = b, a
    while b:
        while len(a) >= len(b):     # a <- lc(b) a - top x^shift b
            top, lead, shift = a[-1], b[-1], len(a) - len(b)
            a = _strip([((a[i] * lead) - (top * b[i - shift] if i >= shift else 0)) % h for i in range(len(a) - 1)])
            a = _primitive(a)
        a, b = b, a
    return a


def _linear_subresultant(a, b, v: int, ctx) -> tuple:
    """``(s_1, s_0)``: the first subresultant ``s_1 c_v + s_0`` of ``a`` and ``b`` in ``c_v``
    (determinants of the Sylvester matrix with its last column chosen, fraction-free); where the
    two have exactly one common root, it is ``-s_0 / s_1``."""
    def coefficients(f):
        terms: list = [{} for _ in range(int(f.degrees()[v]) + 1)]
        for exponents, c in zip(f.monoms(), f.coeffs()):
            terms[exponents[v]][tuple(0 if k == v else e for k, e in enumerate(exponents))] = c
        return [ctx.from_dict(t) for t in terms]
    A, B = coefficients(a), coefficients(b)
    m, n = len(A) - 1, len(B) - 1
    width = m + n - 1                     # columns x^(m+n-2) .. x^0
    rows = [[A[k - shift] if 0 <= k - shift <= m else ctx.constant(0) for k in range(width - 1, -1, -1)]
            for shift in range(n - 2, -1, -1)]
    rows += [[B[k - shift] if 0 <= k - shift <= n else ctx.constant(0) for k in range(width - 1, -1, -1)]
             for shift in range(m - 2, -1, -1)]
    lead = [row[:width - 2] for row in rows]
    return tuple(_bareiss([row + [full[width - 1 - i]] for row, full in zip(lead, rows)]) for i in (1, 0))


def _field_point(system, values, shear):
    """``(h, g, theta)`` as plain data, or None: the guess for one shear (runs in the child)."""
    s = len(system.groups)
    k = list(shear[:s - 1])
    theta = values[-1] + sum((ki * vi for ki, vi in zip(k, values[-s:-1])), Fraction(0))
    ctx, D, N, P = _cramer(system, k)
    names = ctx.names()
    with precision(BITS):
        point = [arb(fmpq_of(v)) for v in values[-s:-1]] + [arb(fmpq_of(theta))]
        stages, last = _eliminate(P, names, point, s)
        if not last:
            return None
        common = _univariate(last[0], s)
        for f in last[1:]:
            common = common.gcd(_univariate(f, s))
        candidates = [f for f, _ in common.factor()[1] if f.degree() > 0]
        if not candidates:
            return None
        t = arb(fmpq_of(theta))
        h_z = min(candidates, key=lambda f: (abs(f(t)) / sum((abs(int(c)) * abs(t) ** e
                                                              for e, c in enumerate(f.coeffs())), arb(0))).upper())
    if h_z.degree() > MAX_DEGREE:
        return "degree", h_z.degree()
    h = fmpq_poly(h_z)
    known = {s - 1: fmpq_poly([0, 1])}
    for v, F in reversed(stages):
        involved = [f for f in F if f.degrees()[v] > 0]
        if len(involved) == 2 and min(f.degrees()[v] for f in involved) > 1:
            g = [_in_field(part, known, None, h)[0] for part in reversed(_linear_subresultant(*involved, v, ctx))]
        else:
            g = None
            for f in involved:
                coefficients = _in_field(f, known, v, h)
                g = coefficients if g is None else _gcd(g, coefficients, h)
        g = _strip(g or [])
        if len(g) != 2:
            return None        # t is not primitive, or the stage lost the variable
        known[v] = (-g[0] * _inverse(g[1], h)) % h
    c = [known[v] for v in range(s - 1)]
    c.append((fmpq_poly([0, 1]) - sum((ki * ci for ki, ci in zip(k, c)), fmpq_poly([0]))) % h)
    known = {v: c[v] for v in range(s - 1)} | {s - 1: fmpq_poly([0, 1])}
    inverse = _inverse(_in_field(D, known, None, h)[0], h)
    linear = [(_in_field(Nj, known, None, h)[0] * inverse) % h for Nj in N]
    g = linear + c
    return ([int(v) for v in h_z.coeffs()], [[(int(q.p), int(q.q)) for q in gi.coeffs()] for gi in g], theta)


def _cpu_limit(seconds: float) -> None:
    """Stop this process with SIGXCPU once it has used ``seconds`` of CPU time."""
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = max(1, math.ceil(seconds))
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _child(system, values, connection, seconds):
    _cpu_limit(seconds)
    out = []
    for shear in SHEARS:
        try:
            found = _field_point(system, values, shear)
        except (ZeroDivisionError, ValueError, OverflowError) as error:
            found = ("error", str(error))
        out.append(found)
        if isinstance(found, tuple) and len(found) == 3:
            break
    connection.send(out)
    connection.close()


def eliminant_field(system, values, seconds: float = SECONDS):
    """``[(h, g, theta)]`` guesses (``h`` an irreducible ``fmpq_poly``, ``g`` the coordinates as
    polynomials in ``t``, ``theta`` a Fraction near ``t*``), or a string saying why none.

    ``values``: the zero ``x = (z, v, c)`` to high precision (Fractions).  Square linear parts only.

    >>> import numpy as np
    >>> from arrangement import Arrangement
    >>> from certificates.solver.endgame.algebraic import refine
    >>> from certificates.solver.endgame.optimality import AtomFace, OptimalitySystem
    >>> from certificates.solver.endgame.verification import krawczyk
    >>> from certificates.exact.intervals import mid_fraction
    >>> sys = OptimalitySystem(Arrangement([[1, 1]]), [3], 1, [AtomFace("+", 1)])
    >>> values = [mid_fraction(v) for v in refine(sys, krawczyk(sys, sys.newton(np.array([0.5, 1.0]))), 3000)]
    >>> [(h, g) for h, g, _ in eliminant_field(sys, values)]   # c = (3 sqrt 2 - 1) / 2, z = (c + 1/2) / 3
    [(4*x^2 + 4*x + (-17), [1/3*x + 1/6, x])]
    """
    if system.Gram.nrows() != system.r + system.rho or not system.groups:
        return "the linear part of the system is not square"
    if len(system.groups) > MAX_GROUPS:
        return f"elimination is tried for at most {MAX_GROUPS} atoms or pairs, not {len(system.groups)}"
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(system, values, send, seconds),
                                 daemon=True)
    try:
        child.start()
    except (AssertionError, OSError) as error:   # e.g. inside a daemonic worker: no children allowed
        send.close()
        receive.close()
        return f"no child process for the elimination ({error})"
    send.close()
    try:
        if not receive.poll(seconds * WALL_FACTOR):
            return f"no eliminant within {seconds * WALL_FACTOR:g} s of wall time"
        results = receive.recv()
    except EOFError:
        child.join()
        if child.exitcode == -signal.SIGXCPU:
            return f"no eliminant within {seconds:g} s of CPU time"
        return "the elimination failed"
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    out = []
    why = "no eliminant with a linear back-substitution"
    for found in results:
        if found is None:
            continue
        if found[0] == "degree":
            why = f"the eliminant has degree {found[1]} > {MAX_DEGREE}"
        elif found[0] == "error":
            why = f"the elimination failed ({found[1]})"
        else:
            h, g, theta = found
            out.append((fmpq_poly(h), [fmpq_poly([fmpq(p, q) for p, q in gi]) for gi in g], theta))
    return out or why
