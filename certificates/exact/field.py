"""Exact arithmetic in a real number field ``Q(theta) = Q[t]/(h)``, and what the number-field
route and the gate need around it: rigorous enclosures of sympy
numbers (arb), minimal polynomials of field elements, and the exact zero test.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
import sys

import sympy
from flint import acb, arb, ctx, fmpq_mat, fmpq_poly

from .convert import fmpq_of, fmpq_of_sympy, fmpq_poly_of_sympy, sympy_poly_of
from .intervals import complex_roots
from .krylov import small_minimal_polynomial

__all__ = ["one_root_element", "in_radicals", "more_conjugates_than", "field_element", "number_text", "poly_at", "acb_of", "minimal_polynomial", "compose", "zero_in_number_field",
           "primitive_field", "in_field", "readable", "reduced", "root_in_radicals"]

MAX_RADICALS = 3      # sympy's primitive element of more radicals can take minutes


def poly_at(poly: fmpq_poly, value):
    out = 0 * value
    for c in reversed(poly.coeffs()):
        out = out * value + c
    return out


def acb_of(expr) -> acb:
    """A rigorous complex enclosure of a sympy number built from rationals, ``I``, ``+``, ``*``
    and rational powers (principal branch), at the current arb precision.

    >>> acb_of(sympy.sqrt(2) / 2 - sympy.Rational(1, 3)).real.overlaps(arb(2).sqrt() / 2 - arb(1) / 3)
    True
    """
    if expr.is_Rational:
        return acb(arb(fmpq_of_sympy(expr)))
    if expr is sympy.I:
        return acb(0, 1)
    if expr.is_Add or expr.is_Mul:
        parts = [acb_of(a) for a in expr.args]
        out = parts[0]
        for part in parts[1:]:
            out = out + part if expr.is_Add else out * part
        return out
    if expr.is_Pow and expr.exp.is_Rational:
        base = acb_of(expr.base)
        if expr.exp.is_Integer:
            return base ** int(expr.exp)
        return base ** acb(arb(fmpq_of_sympy(expr.exp)))
    if isinstance(expr, sympy.CRootOf):
        if not expr.is_real:
            raise ValueError(f"{expr} is not a real root")
        a, b = _root_interval(expr, ctx.prec)
        return acb((arb(fmpq_of(a)) + arb(fmpq_of(b))) / 2 + arb(0, float(b - a) * 0.5000001 + 1e-300))
    raise ValueError(f"no enclosure for {expr}")


@lru_cache(maxsize=256)
def _root_interval(root, bits: int) -> tuple:
    """Rationals ``a < b``, ``b - a <= 2^-bits (1 + |a|)``, around the real root: sympy's exact
    isolating interval, bisected by the exact sign of the (squarefree) polynomial."""
    interval = root._get_interval()
    a, b = Fraction(str(interval.a)), Fraction(str(interval.b))
    f = _fmpq_poly_of(sympy.Poly(root.poly.all_coeffs(), sympy.Dummy("t")))
    sign_a = poly_at(f, fmpq_of(a)) > 0
    while b - a > Fraction(1 + abs(a)) / 2 ** bits:
        m = (a + b) / 2
        value = poly_at(f, fmpq_of(m))
        if value == 0:
            return m, m
        if (value > 0) == sign_a:
            a = m
        else:
            b = m
    return a, b


_MINIMAL: dict = {}      # (g, h) as text -> q: the route, the readable forms and the reports ask again


def minimal_polynomial(gi: fmpq_poly, h: fmpq_poly) -> fmpq_poly:
    """The minimal polynomial of ``g(theta)`` over Q (``h`` irreducible): that of multiplication
    by ``g`` on ``Q[t]/(h)``, confirmed by ``q(g) = 0 mod h``."""
    key = (str(gi), str(h))
    if key not in _MINIMAL:
        if len(_MINIMAL) > 4096:
            _MINIMAL.clear()
        _MINIMAL[key] = small_minimal_polynomial(gi, h, 2 * READABLE_DEGREE) or _minimal_polynomial(gi, h)
    return _MINIMAL[key]


def _minimal_polynomial(gi: fmpq_poly, h: fmpq_poly) -> fmpq_poly:
    D = h.degree()
    columns = [((gi * fmpq_poly([0] * k + [1])) % h).coeffs() for k in range(D)]
    M = fmpq_mat(D, D, [columns[k][i] if i < len(columns[k]) else 0 for i in range(D) for k in range(D)])
    # h irreducible: the characteristic polynomial is a power of the minimal one (flint's charpoly
    # and factor are much faster than its minpoly at degrees above 16)
    q = max((f for f, _ in fmpq_poly(M.charpoly().coeffs()).factor()[1]), key=lambda f: f.degree())
    q = q / q.coeffs()[-1]
    reduced = fmpq_poly([0])
    for c in reversed(q.coeffs()):
        reduced = (reduced * gi + c) % h
    assert reduced == 0
    return q


def more_conjugates_than(g: fmpq_poly, h: fmpq_poly, bound: int) -> bool:
    """Whether the minimal polynomial of ``g(theta)`` (``h`` irreducible) has degree above
    ``bound``, proved by ``bound + 1`` pairwise disjoint acb enclosures of conjugates
    ``g(theta_j)`` (their number of distinct values is that degree); False when the enclosures
    do not show it (then the degree may still be larger).  Milliseconds where the exact minimal
    polynomial of a field element of degree 32 takes seconds.

    >>> t2, x4 = fmpq_poly([0, 0, 1]), fmpq_poly([-2, 0, 0, 0, 1])   # theta^2 = +-sqrt 2
    >>> more_conjugates_than(t2, x4, 1), more_conjugates_than(t2, x4, 2)
    (True, False)
    """
    if h.degree() <= bound:
        return False
    old = ctx.prec
    try:
        for bits in (256, 1024, 4096):
            ctx.prec = bits
            coefficients = [acb(arb(c)) for c in g.coeffs()]
            distinct: list = []
            for root, _ in complex_roots(h, bits):
                value = acb(0)
                for c in reversed(coefficients):
                    value = value * root + c
                if all(not value.overlaps(u) for u in distinct):
                    distinct.append(value)
                    if len(distinct) > bound:
                        return True
    except (ValueError, ArithmeticError):   # roots not isolated: nothing shown
        return False
    finally:
        ctx.prec = old
    return False


def compose(g: fmpq_poly, u: fmpq_poly, modulus: fmpq_poly) -> fmpq_poly:
    """``g(u(s))`` modulo ``modulus`` (Horner)."""
    out = fmpq_poly([0])
    for c in reversed(g.coeffs()):
        out = (out * u + c) % modulus
    return out


def _fmpq_poly_of(poly: sympy.Poly) -> fmpq_poly:
    return fmpq_poly_of_sympy(poly.all_coeffs())


@lru_cache(maxsize=64)
def primitive_field(generators: tuple):
    """``(h, [g_k], theta)``: a primitive element ``theta`` of ``Q(generators)`` (a sympy
    expression in them), its minimal polynomial ``h`` (irreducible, checked) and every
    generator as ``g_k(theta)`` (sympy's ``primitive_element``); None when not available."""
    t = sympy.Dummy("t")
    if len(generators) == 1 and isinstance(generators[0], sympy.CRootOf):
        root = theta = generators[0]
        h = _fmpq_poly_of(sympy.Poly(root.poly.all_coeffs(), t))
        g = [fmpq_poly([0, 1])]
    else:
        try:
            minimal, coefficients, reps = sympy.primitive_element(list(generators), t, ex=True)
        except (NotImplementedError, sympy.polys.polyerrors.PolynomialError):
            return None
        h = _fmpq_poly_of(sympy.Poly(minimal, t))
        g = [fmpq_poly_of_sympy(rep) for rep in reps]
        theta = sum((c * a for c, a in zip(coefficients, generators)), sympy.Integer(0))
    factors = h.factor()[1]
    if len(factors) != 1 or factors[0][1] != 1:
        return None
    return h, g, theta


_ELEMENTS: dict = {}     # sympy number -> (root, h, g) for the numbers built by field_element
TEXT_DEGREE = 16         # above it a polynomial in a CRootOf is printed by number_text's short route


def field_element(root, h: fmpq_poly, g: fmpq_poly):
    """The sympy number ``g(root)`` (``root`` a ``CRootOf`` of the irreducible ``h``, ``g``
    reduced modulo ``h``), remembered with its representation: :func:`one_root_element`,
    :func:`in_field` and :func:`number_text` then skip sympy's traversal of the expression (it
    walks into the root's polynomial once per term: seconds per number in fields of degree 32).

    >>> x = sympy.Symbol("x")
    >>> r = sympy.CRootOf(x ** 3 - 2, 0)
    >>> v = field_element(r, fmpq_poly([-2, 0, 0, 1]), fmpq_poly([1, 0, 3]))
    >>> v == 3 * r ** 2 + 1, one_root_element(v)[2]
    (True, 3*x^2 + 1)
    """
    v = sympy.Add(*[sympy.Rational(int(c.p), int(c.q)) * root ** k for k, c in enumerate(g.coeffs()) if c != 0])
    if g.degree() >= 1 and isinstance(root, sympy.CRootOf):   # sympy may give CRootOf(h, k) as 3*CRootOf(h', j)
        if len(_ELEMENTS) > 4096:
            _ELEMENTS.clear()
        _ELEMENTS[v] = (root, h, g)
    return v


def _generators(v) -> tuple:
    """``(CRootOfs, non-integer powers)`` in ``v``, without walking into a root's polynomial."""
    roots, radicals, stack = set(), set(), [v]
    while stack:
        e = stack.pop()
        known = _ELEMENTS.get(e) if e.is_Add else None
        if known is not None:
            roots.add(known[0])
        elif isinstance(e, sympy.CRootOf):
            roots.add(e)
        else:
            if e.is_Pow and not e.exp.is_Integer:
                radicals.add(e)
            stack.extend(e.args)
    return roots, radicals


def number_text(v) -> str:
    """``str(v)``; a polynomial in one ``CRootOf`` of degree above ``TEXT_DEGREE`` built by
    :func:`field_element` is printed with the root written once and pasted in (the same
    number; sympy's printer re-prints the root's polynomial in every term, seconds per number).

    >>> x = sympy.Symbol("x")
    >>> r = sympy.CRootOf(x ** 3 - 2, 0)
    >>> number_text(field_element(r, fmpq_poly([-2, 0, 0, 1]), fmpq_poly([1, 0, 3])))
    '1 + 3*CRootOf(x**3 - 2, 0)**2'
    """
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)    # exact answers can carry integers past Python's 4300 digits
    try:
        return _number_text(v)
    finally:
        sys.set_int_max_str_digits(limit)


def _number_text(v) -> str:
    known = _ELEMENTS.get(v) if isinstance(v, sympy.Basic) and v.is_Add else None
    if known is None or known[1].degree() <= TEXT_DEGREE:
        return str(v)
    root, _, g = known
    t = sympy.Dummy("t")
    text = str(sympy.Add(*[sympy.Rational(int(c.p), int(c.q)) * t ** k for k, c in enumerate(g.coeffs()) if c != 0]))
    return text.replace(str(t), str(root))


def zero_in_number_field(v):
    """Whether the algebraic number ``v`` (a sympy expression in one ``CRootOf`` or in radicals)
    is 0, decided in ``Q(theta) = Q[t]/(h)``: the generators are replaced by polynomials in
    ``theta`` and the numerator is reduced modulo the irreducible ``h`` (a polynomial vanishes at
    ``theta`` iff ``h`` divides it); None when ``v`` is of another kind.

    >>> r = sympy.sqrt(2 - sympy.sqrt(3)) / 2          # sin 15 degrees
    >>> zero_in_number_field((r + 1) ** 2 - r ** 2 - 2 * r - 1), zero_in_number_field((r + 1) ** 2 - 1)
    (True, False)
    >>> zero_in_number_field(sympy.CRootOf(sympy.Symbol("x") ** 5 - sympy.Symbol("x") - 1, 0) ** 5 - 1)
    False
    """
    if not isinstance(v, sympy.Basic) or v.free_symbols:
        return None
    roots, radicals = _generators(v)
    if (roots and radicals) or len(roots) > 1 or not (roots or radicals) or len(radicals) > MAX_RADICALS or \
            any(not a.exp.is_Rational for a in radicals) or v.free_symbols:
        return None
    if radicals and all(a.exp == sympy.S.Half and a.base.is_Integer for a in radicals):
        return None     # square roots of integers: sympy's expansion is canonical (gate._only_square_roots)
    generators = tuple(sorted(roots or radicals, key=sympy.default_sort_key))
    field = primitive_field(generators)
    if field is None:
        return None
    h, g, _ = field
    try:
        return in_field(v, dict(zip(generators, g)), h) == 0
    except (ValueError, ZeroDivisionError):
        return None


def in_field(expr, generators: dict, h: fmpq_poly) -> fmpq_poly:
    """``expr`` as a polynomial in ``theta`` reduced modulo ``h`` (exact; inverses by the
    extended Euclidean algorithm, ``h`` irreducible)."""
    if expr in generators:
        return generators[expr]
    known = _ELEMENTS.get(expr) if expr.is_Add else None
    if known is not None and known[1] == h and generators.get(known[0]) == fmpq_poly([0, 1]):
        return known[2]
    if expr.is_Rational:
        return fmpq_poly([fmpq_of_sympy(expr)])
    if expr.is_Add or expr.is_Mul:
        parts = [in_field(a, generators, h) for a in expr.args]
        out = parts[0]
        for part in parts[1:]:
            out = out + part if expr.is_Add else (out * part) % h
        return out
    if expr.is_Pow and expr.exp.is_Integer:
        base = in_field(expr.base, generators, h)
        if expr.exp < 0:
            gcd, base, _ = base.xgcd(h)     # base * inverse + h * _ = gcd, a nonzero constant
            if gcd.degree() != 0:
                raise ZeroDivisionError("division by 0 in the number field")
            base = base / gcd[0]
        out, k = fmpq_poly([1]), abs(int(expr.exp))
        while k:
            if k & 1:
                out = (out * base) % h
            base, k = (base * base) % h, k >> 1
        return out
    raise ValueError(f"{expr} is not in the field")


READABLE_DEGREE = 4   # sympy.roots: radicals up to degree 4
RADICAL_OPS, RADICAL_BITS = 80, 256   # longer radicals, or of longer integers, read worse than digits


def root_in_radicals(q: fmpq_poly, enclosure: arb):
    """The root of the irreducible ``q`` (degree <= 4) at ``enclosure`` in real radicals of at
    most ``RADICAL_OPS`` operations, or None (also past ``RADICAL_BITS``: sympy factors the discriminant)."""
    if q.degree() == 4 and not _square_roots_suffice(q) or q.degree() > 1 and max(map(abs, q.numer().coeffs())).bit_length() > RADICAL_BITS:
        return None
    poly = sympy_poly_of(q, sympy.Symbol("x"))
    if q.degree() == 1:
        return -poly.all_coeffs()[1] / poly.all_coeffs()[0]
    try:
        roots = sympy.roots(poly, multiple=True)
    except OverflowError:   # sympy's perfect-power test floats an integer of 600+ bits: no readable form
        return None
    if len(roots) != q.degree():
        return None
    hits = []
    for root in roots:
        try:
            value = acb_of(root)
        except ValueError:
            return None
        if value.real.overlaps(enclosure) and value.imag.contains(0):
            hits.append(root)
    root = hits[0] if len(hits) == 1 else sympy.I
    if root.has(sympy.I) or sympy.count_ops(root) > 2 * RADICAL_OPS:
        return None     # (past the count: the cubic or quartic formula on large coefficients; radsimp can take minutes)
    simpler = sympy.radsimp(sympy.sqrtdenest(root))
    root = simpler if not simpler.has(sympy.I) else root
    return root if sympy.count_ops(root) <= RADICAL_OPS else None


def _square_roots_suffice(q: fmpq_poly) -> bool:
    """Whether the roots of the quartic ``q`` are nested square roots: its resolvent cubic has a
    rational root.  Otherwise sympy's formula holds cube roots of complex numbers, never shown
    (tried, it takes seconds per number of the larger fields)."""
    e, d, c, b, a = [x / q.coeffs()[-1] for x in q.coeffs()]       # x^4 + b x^3 + c x^2 + d x + e
    resolvent = fmpq_poly([-(b * b * e - 4 * c * e + d * d), b * d - 4 * e, -c, 1])
    return any(f.degree() == 1 for f, _ in resolvent.factor()[1])


def reduced(v):
    """``v`` expanded (``sympy.expand``); a polynomial expression in one ``CRootOf`` is reduced
    modulo its minimal polynomial in ``Q[t]/(h)`` instead (flint: sympy's expansion of such
    products took seconds in fields of degree 16), the same number.

    >>> x = sympy.Symbol("x")
    >>> r = sympy.CRootOf(x ** 3 - 2, 0)
    >>> reduced((r + 1) ** 4) == 9 + 6 * r + 6 * r ** 2         # r^3 = 2
    True
    >>> reduced((sympy.sqrt(2) + 1) ** 2) == 3 + 2 * sympy.sqrt(2)
    True
    """
    element = one_root_element(v)
    if element is None:
        return sympy.expand(v)
    root, h, g = element
    return field_element(root, h, g)


def readable(v):
    """``v`` in radicals when it is a polynomial in one ``CRootOf`` whose own minimal polynomial
    has degree at most 4, or at most 8 in ``x^2`` only (display only: the same number), else ``v``.

    The minimal polynomial of ``v = g(theta)`` is that of multiplication by ``g`` in
    ``Q[t]/(h)`` (exact); its root in radicals is the only one whose arb enclosure meets ``v``'s.

    >>> x = sympy.Symbol("x")
    >>> r = sympy.CRootOf(x ** 4 - 10 * x ** 2 + 1, 3)            # sqrt(2) + sqrt(3)
    >>> readable(r ** 2 / 2 - Fraction(5, 2))                      # = sqrt(6)
    sqrt(6)
    >>> s = sympy.CRootOf(x ** 8 - 4 * x ** 4 + 1, 0)              # -(2 + sqrt(3))^(1/4)
    >>> readable(s ** 2), readable(s)
    ((sqrt(2) + sqrt(6))/2, -sqrt(2)*sqrt(sqrt(2) + sqrt(6))/2)
    """
    element = one_root_element(v)
    value = None if element is None else in_radicals(v, *element[1:])
    return v if value is None else value


def one_root_element(v):
    """``(root, h, g)`` with ``v = g(root)``, ``g`` reduced modulo the minimal polynomial ``h`` of
    the one ``CRootOf`` in ``v`` (exact); None when ``v`` holds no or several of them, or a symbol.

    >>> x = sympy.Symbol("x")
    >>> root, h, g = one_root_element(sympy.CRootOf(x ** 2 - 2, 1) ** 3 + 1)
    >>> h, g
    (x^2 + (-2), 2*x + 1)
    """
    if not isinstance(v, sympy.Basic):
        return None
    known = _ELEMENTS.get(v) if v.is_Add else None
    if known is not None:
        return known
    roots = _generators(v)[0]
    if len(roots) != 1 or v.free_symbols:
        return None
    (root,) = roots
    field = primitive_field((root,))
    if field is None:
        return None
    h, (theta,), _ = field
    try:
        return root, h, in_field(v, {root: theta}, h)
    except (ValueError, ZeroDivisionError, NotImplementedError):
        return None


_RADICALS: dict = {}     # v -> its radicals or None: the reports and the API ask for the same numbers


def in_radicals(v, h, g):
    """``v = g(theta)`` (``h(theta) = 0``, as :func:`one_root_element` gives them) in radicals, or
    None (see :func:`readable`)."""
    if v not in _RADICALS:
        if len(_RADICALS) > 4096:
            _RADICALS.clear()
        _RADICALS[v] = _in_radicals(v, h, g)
    return _RADICALS[v]


def _in_radicals(v, h, g):
    q = small_minimal_polynomial(g, h, 2 * READABLE_DEGREE)    # exact: None when the degree is higher
    if q is None:   # (conjugates told apart by arb cost seconds per number at degree 32 when they did not)
        return None
    try:
        enclosure = acb_of(v).real
        if q.degree() <= READABLE_DEGREE:
            return root_in_radicals(q, enclosure)
        if q.degree() <= 2 * READABLE_DEGREE and not any(q.coeffs()[1::2]) and not enclosure.contains(0):
            # q(x) = r(x^2): v = +-sqrt(u) for the root u = v^2 of r
            u = root_in_radicals(fmpq_poly(q.coeffs()[::2]), enclosure * enclosure)
            return None if u is None else (1 if enclosure > 0 else -1) * sympy.sqrt(u)
    except (ValueError, ZeroDivisionError, NotImplementedError):
        return None
    return None
