"""A small, independent checker of dualcert proof files (standard library only).

    python -m certificates.proofs.checker PROOF.json|DIR [--json]   # or: python checker.py ...

Re-derives every claim of a proof written by :mod:`certificates.proofs.producer` in exact
arithmetic (``Q(theta)``: identities modulo f, signs by intervals; an undecided sign fails its
claim), trusting nothing the producer computed.  Exit status (``EXIT``): 0 proved, 1 a claim
fails, 2 malformed or unchecked content, 3 "not covered" and none fails.  The "Proofs" page of
the documentation has the mathematics of every step (``CLAIMS`` lists the claims).

>>> problem = {"X": [["1"], ["-2"]], "bias": False, "y": None, "lam": None}
>>> proof = {"format": {"name": "dualcert-proof", "version": "2.0"}, "problem": problem,
...          "data_sha256": problem_digest([[1], [-2]], False), "data": [["1"], ["-2"]],
...          "regions": [{"pattern": "+-", "witness": ["1"]}, {"pattern": "-+", "witness": ["-1"]}],
...          "claims": {"n_regions": 2}}
>>> check(proof)
['the 2 listed regions are all regions of the arrangement (1 distinct hyperplanes)']
"""

import hashlib
import json
import os
import sys
from fractions import Fraction
from functools import total_ordering
from itertools import compress, zip_longest
from math import gcd, isqrt, lcm
from operator import mul, sub

FORMAT = "dualcert-proof"
VERSION = (2, 5)    # (major, minor): files of the same major and a minor up to this one are read

class Malformed(Exception):
    """The file is not a proof in this format (exit status 2)."""

class Failed(Exception):
    """A step of a proof does not hold (exit status 1)."""

# ---- reading -----------------------------------------------------------------------------------
MAX_DIGITS = 4_000  # of one integer or rational: beyond, Python's int-str conversion refuses
DIGITS = set("0123456789")

def _object(pairs) -> dict:     # a key given twice would hide one of its values
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise Malformed(f"the key {key[:40]!r} is given twice in one JSON object")
        obj[key] = value
    return obj

def _integer(text: str) -> int:
    if len(text) > MAX_DIGITS:
        raise Malformed(f"a JSON integer with {len(text)} digits: more than {MAX_DIGITS}")
    return int(text)

def _inexact(text: str):
    raise Malformed(f"the JSON number {text[:40]} is not an integer (rationals are strings)")

def loads(text: str):
    """Strict JSON: no key twice, integers of at most ``MAX_DIGITS`` digits, no floats or NaN.

    >>> loads('{"a": 1, "a": 2}')
    Traceback (most recent call last):
    ...
    certificates.proofs.checker.Malformed: the key 'a' is given twice in one JSON object
    """
    try:
        return json.loads(text, object_pairs_hook=_object, parse_int=_integer,
                          parse_float=_inexact, parse_constant=_inexact)
    except json.JSONDecodeError as exc:
        raise Malformed(f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise Malformed("JSON nested too deeply") from None

def rational(text) -> Fraction:
    """A rational from a JSON integer or a canonical string ``"-3/7"``, ``"5"``: lowest terms, no
    sign on 0, no denominator 1, no spaces, decimals or exponents (one spelling per number)."""
    if type(text) is int:
        return Fraction(text)
    if not isinstance(text, str) or len(text) > 2 * MAX_DIGITS + 2 \
            or not set(text) <= DIGITS | {"-", "/"}:
        raise Malformed(f"not a canonical rational string like \"-3/7\": {str(text)[:40]!r}")
    try:
        value = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise Malformed(f"not a rational number: {text[:40]!r}") from None
    if str(value) != text:
        raise Malformed(f"not a canonical rational (lowest terms, no -0, no /1): {text[:40]!r}")
    return value

def index(key, n: int, where: str) -> int:     # canonical decimal: two keys never name one row
    if not isinstance(key, str) or not 0 < len(key) <= 12 or not set(key) <= DIGITS \
            or key != str(int(key)) or int(key) >= n:
        raise Malformed(f"{where}: {str(key)[:20]!r} is not the canonical decimal index of a "
                        f"data row (0..{n - 1})")
    return int(key)

def rationals(items, length=None, number=rational) -> list:
    if not isinstance(items, list) or (length is not None and len(items) != length):
        raise Malformed(f"expected a list of {length or 'some'} numbers, got {str(items)[:60]}")
    return [number(v) for v in items]

def shape(obj, required: set, optional: set, where: str, noun="key") -> None:
    """Every key of ``required``, none outside ``optional``: an unread key would pass unchecked."""
    unknown = sorted(set(obj) - required - optional) if isinstance(obj, dict) else []
    if not isinstance(obj, dict) or not required <= set(obj) or unknown:
        raise Malformed((f"unknown {noun} {unknown[0][:40]!r}: " if unknown else "")
                        + f"{where} must be an object with keys {', '.join(sorted(required))}"
                        + (f" (and optionally {', '.join(sorted(optional))})" if optional else ""))

def read(value, spec, where: str):
    """``value`` read by ``spec``: ``{key: spec}`` (``key?`` optional), ``[spec]``, ``list`` or
    ``dict`` (read where used), or a function that reads one value (or raises Malformed)."""
    if isinstance(spec, dict):
        keys = {key.rstrip("?"): item for key, item in spec.items()}
        shape(value, {key for key in spec if not key.endswith("?")}, set(keys), where)
        return {key: read(value[key], item, f"{where}, {key}") for key, item in keys.items()
                if key in value}
    if spec in (list, dict):
        if not isinstance(value, spec):
            raise Malformed(f"{where} must be a {'list' if spec is list else 'JSON object'}")
        return value
    if isinstance(spec, list):
        items = read(value, list, where)
        return [read(item, spec[0], f"{where} {k}") for k, item in enumerate(items)]
    try:
        return spec(value)
    except Malformed as exc:
        raise Malformed(f"{where}: {exc}") from None

def reader(test, wanted: str):     # of one value: the value if test(value), else Malformed
    def read_one(value):
        if not test(value):
            raise Malformed(f"{str(value)[:40]!r} is not {wanted}")
        return value
    return read_one

integer = reader(lambda v: type(v) is int, "an integer")
string = reader(lambda v: isinstance(v, str), "a string")
true = reader(lambda v: v is True, "true")
unit_sign = reader(lambda v: type(v) is int and v in (1, -1), "a sign 1 or -1")
sha256 = reader(lambda v: isinstance(v, str) and len(v) == 64 and set(v) <= set("0123456789abcdef"),
                "a SHA-256 in lowercase hexadecimal")

def below(n: int):
    return reader(lambda v: type(v) is int and 0 <= v < n, f"an index in 0..{n - 1}")

def signs(n: int):
    return reader(lambda v: isinstance(v, str) and len(v) == n and not set(v) - set("+-0"),
                  f"a string of {n} signs +, -, 0")

def integer_vector(values) -> list:     # times the lcm of the denominators: same signs
    scale = lcm(*(v.denominator for v in values)) if values else 1
    return [int(v * scale) for v in values]

def dot(u, v):
    if u and v and all(isinstance(x, Number) for x in (*u, *v)):    # one product, reduced once
        return u[0].scaled_like(*scaled_products(
            [(x.num, x.den, y.num, y.den) for x, y in zip(u, v)], u[0].modulus))
    if u and v and all(isinstance(x, Poly) for x in (*u, *v)):
        return u[0].like(products(((x.c, y.c) for x, y in zip(u, v)), u[0].modulus))
    return sum(map(mul, u, v))

def real(x) -> float:     # for a message: +-inf beyond the floats, never a crash
    try:
        return float(x)
    except OverflowError:
        return float("inf") if x > 0 else float("-inf")

def magnitude(x: Fraction) -> str:
    """``x`` to 3 significant digits at any size (a float prints 0 below 1e-308).

    >>> magnitude(Fraction(1, 3 * 10 ** 400)), magnitude(Fraction(-25, 1)), magnitude(Fraction(0))
    ('3.33e-401', '-25', '0')
    """
    if not x or 1e-300 < abs(x) < 1e300:
        return f"{float(x):.3g}"
    e = (abs(x.numerator).bit_length() - x.denominator.bit_length()) * 30103 // 100000
    m = x / Fraction(10) ** e
    while abs(m) >= 10:
        m, e = m / 10, e + 1
    while abs(m) < 1:
        m, e = m * 10, e - 1
    return f"{float(m):.3g}e{e:+d}"

def shown(x) -> str:     # for a message: few digits exactly, else its size (str refuses 4,300)
    big = isinstance(x, Fraction) and max(abs(x.numerator), x.denominator) >= 10**15
    return f"about {magnitude(x)}" if big else str(x)

def sign(x) -> str:
    return "+" if x > 0 else "-" if x < 0 else "0"

# ---- numbers in a real number field Q(theta) ---------------------------------------------------
MAX_DEGREE = 64     # of the field polynomial: a product costs degree^2 (degree 512: a minute)
REFINEMENTS = 256   # bisections of the interval of theta, in all, before a sign is undecided

class Undecided(Failed):
    """A sign that interval arithmetic did not decide: the claim that needs it is not proved."""

class Field:
    """``Q(theta)``, theta a root of ``f`` (integers, constant first) in ``[lo, hi]``: identities
    modulo f, signs by intervals on ``[lo, hi]``, halved while an enclosure holds 0."""

    def __init__(self, spec):
        shape(spec, {"polynomial", "interval"}, set(), "\"field\"")
        if not isinstance(spec["polynomial"], list) or len(spec["polynomial"]) > MAX_DEGREE + 1:
            raise Malformed(f"the polynomial of the field has degree above {MAX_DEGREE}")
        self.f = rationals(spec["polynomial"])
        if len(self.f) < 2 or self.f[-1] == 0 or any(c.denominator != 1 for c in self.f):
            raise Malformed("the polynomial of the field needs integer coefficients, degree >= 1")
        self.ints = [c.numerator for c in self.f]
        self.lo, self.hi = rationals(spec.get("interval"), 2)
        self.refinements = 0
        if not (self.lo < self.hi and self.f_sign(self.lo) * self.f_sign(self.hi) < 0):
            raise Failed(f"claim number field: f does not change sign on [{self.lo}, {self.hi}]")

    def f_sign(self, x: Fraction) -> int:     # by an enclosure, exactly only when it holds 0
        bits = 128 + x.numerator.bit_length() + x.denominator.bit_length()
        low, high = horner(self.f, x, x, bits)
        exact = low if low > 0 or high < 0 else peval(self.f, x)
        return (exact > 0) - (exact < 0)

    def enclose(self, num, den=None) -> tuple:     # holds sum num_k theta^k / den (or rationals num)
        low, high, bits = self.fixed(*scaled(num)) if den is None else self.fixed(num, den)
        return Fraction(low, 1 << bits), Fraction(high, 1 << bits)

    def fixed(self, num, den=1) -> tuple:     # (low, high, b): the interval [low, high] / 2^b
        width = self.hi - self.lo or Fraction(1, self.lo.denominator)
        bits = 64 + max(0, width.denominator.bit_length() - width.numerator.bit_length())
        return fixed_horner(num, den, self.lo, self.hi, bits)

    def sign(self, num, den=None) -> int:     # of reduced num / den: 0 only when it is 0 modulo f
        num, den = scaled(num) if den is None else (num, den)
        while num:
            low, high = self.enclose(num, den)
            if low > 0 or high < 0:
                return 1 if low > 0 else -1
            if self.refinements == REFINEMENTS or self.lo == self.hi:
                raise Undecided(f"the sign of {Number.of(self, num, den)} is not decided by intervals "
                                f"(after {self.refinements} halvings of the interval of theta)")
            self.refinements += 1
            mid = (self.lo + self.hi) / 2
            at_mid = self.f_sign(mid)
            self.lo, self.hi = (mid, mid) if at_mid == 0 else (mid, self.hi) \
                if at_mid * self.f_sign(self.lo) > 0 else (self.lo, mid)
        return 0

def horner(c, lo: Fraction, hi: Fraction, bits: int) -> tuple:
    """An interval holding ``sum c_k x^k`` for every x in ``[lo, hi]``: integers in units of
    ``2^-bits``, rounded outward.

    >>> c = [Fraction(-2), Fraction(0), Fraction(1)]
    >>> low, high = horner(c, Fraction(7, 5), Fraction(3, 2), 64)
    >>> low <= Fraction(7, 5) ** 2 - 2 and Fraction(1, 4) <= high, high - low < Fraction(1, 2)
    (True, True)
    """
    return scaled_horner(*scaled(c), lo, hi, bits)

def scaled_horner(c, den: int, lo: Fraction, hi: Fraction, bits: int) -> tuple:   # of c / den
    low, high, bits = fixed_horner(c, den, lo, hi, bits)
    return Fraction(low, 1 << bits), Fraction(high, 1 << bits)

def fixed_horner(c, den: int, lo: Fraction, hi: Fraction, bits: int) -> tuple:
    """``(low, high, bits)``: ``[low, high] / 2^bits`` holds ``sum c_k x^k / den`` on ``[lo, hi]``
    (integers c: one division at the end)."""
    down = lambda v: (v.numerator << bits) // v.denominator
    x_lo, x_hi, low, high = down(lo), -down(-hi), 0, 0
    for ck in reversed(c):
        if x_lo >= 0:           # x >= 0: two products, the ends chosen by the signs
            least, most = low * (x_lo if low >= 0 else x_hi), high * (x_hi if high >= 0 else x_lo)
        else:
            products = (low * x_lo, low * x_hi, high * x_lo, high * x_hi)
            least, most = min(products), max(products)
        low, high = (least >> bits) + (ck << bits), -((-most) >> bits) + (ck << bits)
    return low // den, -(-high // den), bits

def trim(c) -> list:
    c = list(c)
    while c and c[-1] == 0:
        c.pop()
    return c

def scaled(a) -> tuple:     # (integers, den), a = integers / den: Fractions cost 100x at degree 32
    den = lcm(*(x.denominator for x in a)) if a else 1
    return [x.numerator * (den // x.denominator) for x in a], den

def remainder(a, b) -> list:     # of a by b (constant first; b without trailing 0)
    if len(a) < len(b):
        return trim(a)
    r, den = int_remainder(*scaled(a), scaled(b)[0])
    return trim(Fraction(v, den) for v in r)

def int_remainder(a, den, b) -> tuple:     # (r, den'): r / den' = a / den mod b (integer lists)
    a, n = list(a), len(b) - 1
    for top in range(len(a) - 1, n - 1, -1):
        if a[top]:                               # a - (a_top / b_n) x^(top-n) b, times m = b_n / g
            g = gcd(a[top], b[-1])
            m, t = b[-1] // g, a[top] // g
            if m != 1:       # the coefficients above top are done: not scaled again
                a[:top], den = [v * m for v in a[:top]], den * m
            for k in range(n):
                a[top - n + k] -= t * b[k]
    return a[:n], den

def products(pairs, modulus=None) -> list:
    """``sum a b`` over pairs of polynomials, modulo the integer polynomial ``modulus`` if given:
    each product one big-integer product of packed coefficients (Kronecker substitution).

    >>> products([([Fraction(1), Fraction(1)], [Fraction(-1), Fraction(1)])])
    [Fraction(-1, 1), Fraction(0, 1), Fraction(1, 1)]
    """
    coefficients, den = scaled_products([(*scaled(a), *scaled(b)) for a, b in pairs], modulus)
    return trim(Fraction(v, den) for v in coefficients)

def scaled_products(terms, modulus=None) -> tuple:
    """``(c, den)``: ``sum (a / da) (b / db)`` over ``terms = [(a, da, b, db)]`` (integer lists),
    modulo ``modulus``, as integers c over den (not in lowest terms)."""
    terms = [term for term in terms if term[0] and term[2]]
    den = lcm(1, *(da * db for _, da, _, db in terms))
    size = lambda c: max(abs(v).bit_length() for v in c)
    longest = max((max(len(a), len(b)) for a, _, b, _ in terms), default=0)
    width = (max((size(a) + size(b) + (den // (da * db)).bit_length() for a, da, b, db in terms),
                 default=0) + (2 * longest * len(terms)).bit_length() + 9) // 8   # bytes per slot
    half = 1 << (8 * width - 1)

    def pack(c):     # sum c_k 2^(8 width k) from bytes: linear, not a shift of the sum per slot
        return int.from_bytes(b"".join((v + half).to_bytes(width, "little") for v in c),
                              "little") - half * ones(len(c), width)
    total = sum(pack(a) * pack(b) * (den // (da * db)) for a, da, b, db in terms)
    count = max((len(a) + len(b) - 1 for a, _, b, _ in terms), default=0)
    data = (total + half * ones(count, width)).to_bytes(count * width, "little")  # slots >= 0
    coefficients = [int.from_bytes(data[k:k + width], "little") - half
                    for k in range(0, count * width, width)]
    if modulus:
        coefficients, den = int_remainder(coefficients, den, modulus)
    return coefficients, den

def ones(count: int, width: int) -> int:     # sum of 2^(8 width k), k < count
    return int.from_bytes((b"\1" + bytes(width - 1)) * count, "little")

def peval(c, x: Fraction) -> Fraction:
    value = Fraction(0)
    for ck in reversed(c):
        value = value * x + ck
    return value

class Poly:
    """``sum c_k x^k`` over Q (constant first): a polynomial in lambda, and a Number's arithmetic."""

    __slots__ = ("c",)
    modulus = None

    def __init__(self, c):
        self.c = tuple(trim(c))

    def like(self, c):     # the same kind of number (a Number keeps its field)
        return Poly(c)

    def __add__(self, other):
        other = other.c if isinstance(other, Poly) else (Fraction(other),)
        return self.like(trim(x + y for x, y in zip_longest(self.c, other, fillvalue=0)))

    def __mul__(self, other):
        if not isinstance(other, Poly):     # by a rational
            return self.like([c * other for c in self.c])
        return self.like(products([(self.c, other.c)], self.modulus))

    __radd__, __rmul__ = __add__, __mul__

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + -other

    def __rsub__(self, other):
        return -self + other

    def __truediv__(self, other):   # by a rational only
        return self * (1 / Fraction(other))

    def __bool__(self):     # reduced coefficients: none exactly for 0
        return bool(self.c)

@total_ordering
class Number(Poly):
    """``sum c_k theta^k`` in ``Q(theta)``, c reduced modulo f (the same number at every root),
    held as integers ``num`` over one ``den`` in lowest terms (one spelling per number): with
    thousands of digits a Fraction per coefficient costs a gcd per coefficient and operation.
    Comparisons go through :meth:`Field.sign`: :class:`Undecided` rather than a guess."""

    __slots__ = ("field", "num", "den")

    def __init__(self, field: Field, c):
        self.field = field
        self.num, self.den = lowest(*int_remainder(*scaled(c), field.ints)) if c else ((), 1)

    @classmethod
    def of(cls, field: Field, num, den: int):     # num / den, reduced modulo f here
        number = cls.__new__(cls)
        number.field = field
        number.num, number.den = lowest(*int_remainder(num, den, field.ints))
        return number

    def like(self, c):
        return Number(self.field, c)

    def scaled_like(self, num, den):
        return Number.of(self.field, num, den)

    @property
    def c(self):
        return tuple(Fraction(v, self.den) for v in self.num)

    @property
    def modulus(self):
        return self.field.ints

    def canonical(self, num, den):     # num / den already reduced and in lowest terms
        number = Number.__new__(Number)
        number.field, number.num, number.den = self.field, num, den
        return number

    def __add__(self, other):     # as Fraction adds: the gcd of the denominators first
        if not isinstance(other, Number):
            other = Fraction(other)
            num, den = (other.numerator,) if other else (), other.denominator
        else:
            num, den = other.num, other.den
        g = gcd(self.den, den)
        s, t = self.den // g, den // g
        total = trim(x * t + y * s for x, y in zip_longest(self.num, num, fillvalue=0))
        if not total:
            return self.canonical((), 1)
        common = gcd(g, *total) if g != 1 else 1     # canonical operands: no other factor
        return self.canonical(tuple(v // common for v in total), s * (den // common))

    def __mul__(self, other):
        if isinstance(other, Number):
            return Number.of(self.field, *scaled_products(
                [(self.num, self.den, other.num, other.den)], self.field.ints))
        other = Fraction(other)      # canonical: the common factor is gcd(den, p) gcd(q, num)
        p, q = other.numerator, other.denominator
        if not p or not self.num:
            return self.canonical((), 1)
        g, h = gcd(self.den, p), gcd(q, *self.num)
        return self.canonical(tuple(v // h * (p // g) for v in self.num), self.den // g * (q // h))

    __radd__, __rmul__ = __add__, __mul__

    def __neg__(self):
        return self.canonical(tuple(-v for v in self.num), self.den)

    def __bool__(self):
        return bool(self.num)

    def sign(self) -> int:
        return self.field.sign(self.num, self.den)

    def __eq__(self, other):
        return (self - other).sign() == 0

    def __lt__(self, other):
        return (self - other).sign() < 0

    def __abs__(self):
        return -self if self < 0 else self

    def __hash__(self):   # equal numbers have equal reduced coefficients (a rational its own hash)
        return hash(Fraction(self.num[0], self.den) if len(self.num) == 1 else
                    (self.num, self.den) if self.num else 0)

    def __str__(self):
        low, high = self.field.enclose(self.num, self.den)
        return str(low) if low == high else f"~{real((low + high) / 2):.12g} in Q(theta)"

def lowest(num, den: int) -> tuple:     # (num, den) without trailing zeros, gcd 1, den > 0
    num = trim(num)
    if not num:
        return (), 1
    common = gcd(den, *num)     # the first gcd is a large one, the others are cheap
    if den < 0:
        common = -common
    return tuple(v // common for v in num), den // common

def number_sum(items, zero):     # one common denominator, one gcd: not a gcd per addition
    items = list(items)
    if not items or not isinstance(zero, Number):
        return sum(items, zero)
    common = lcm(*(x.den for x in items))
    total = [0] * max(len(x.num) for x in items)
    for x in items:
        scale = common // x.den
        for k, v in enumerate(x.num):
            total[k] += v * scale
    return Number.of(zero.field, total, common)

class Square(Number):
    """``|q|^2`` for Numbers q, compared by enclosures, exactly (computed on first use) only where
    they overlap: the exact square is the checker's largest cost, rarely needed."""

    __slots__ = ("q", "exact", "bounds")

    def __init__(self, q):
        self.field, self.q, self.exact, self.bounds = q[0].field, q, None, None

    def value(self) -> Number:
        if self.exact is None:
            self.exact = dot(self.q, self.q)
        return self.exact

    num = property(lambda self: self.value().num)
    den = property(lambda self: self.value().den)

    def interval(self) -> tuple:      # an enclosure stays one when the interval of theta narrows
        if self.bounds is None:     # in integers: Fractions of thousands of bits cost a gcd each
            low = high = 0
            for qi in self.q:
                a, b, bits = self.field.fixed(qi.num, qi.den)
                low, high = low + (min(a * a, b * b) if a * b > 0 else 0), high + max(a * a, b * b)
            self.bounds = Fraction(low, 1 << 2 * bits), Fraction(high, 1 << 2 * bits)
        return self.bounds

    def versus(self, other) -> int:     # -1 or 1 when the enclosures are disjoint, else 0
        low, high = self.interval()
        a, b = other.interval() if isinstance(other, Square) else \
            self.field.enclose(other.num, other.den) if isinstance(other, Number) \
            else (Fraction(other), Fraction(other))
        return -1 if high < a else 1 if low > b else 0

    def __eq__(self, other):
        return not self.versus(other) and Number.__eq__(self, other)

    def __lt__(self, other):
        decided = self.versus(other)
        return decided < 0 if decided else Number.__lt__(self, other)

    __hash__ = Number.__hash__

# Every claim once: the claim without which it is not checked, and whether it is a claim about a
# dual feasible p (when p is not, it fails rather than being skipped).
CLAIMS = {"n_regions": (None, False), "y": (None, False), "lam": (None, False),
          "not_covered": (None, False), "p": ("sup_abs_eta_squared", False),
          "sup_abs_eta_squared": ("p", False), "krawczyk": ("lam", False), "path": ("y", False),
          "extreme_points": ("p", True), "margin_squared": ("p", True),
          "nondegenerate": ("p", True), "minimisers": ("p", True), "unique": ("minimisers", True),
          "atoms": ("p", True), "objective": ("atoms", True), "gap": ("p", True),
          "p0": ("atoms", True), "p0_ball": ("atoms", True)}
SIGN = {"+": 1, "-": -1, "0": 0}
FLIP = {"+": "-", "-": "+"}
TOP_BIT = bytes(v >> 7 for v in range(256))       # a byte -> 1 if its top bit is set, else 0
SIGN_CODE = bytes.maketrans(b"\0\1\2", b"-0+")     # (product >= 1) + (product >= 0)
IS_PLUS = bytes(int(v == ord("+")) for v in range(256))
IS_MINUS = bytes(int(v == ord("-")) for v in range(256))

class Arrangement:
    """The data rows, their integer multiples, and which rows define the same hyperplane."""

    def __init__(self, data):
        if not isinstance(data, list) or not data or not isinstance(data[0], list):
            raise Malformed("\"data\" must be a nonempty list of rows")
        self.rows = [rationals(row, len(data[0])) for row in data]
        self.n, self.d = len(self.rows), len(self.rows[0])
        self.int_rows = [integer_vector(row) for row in self.rows]
        self.group = [None] * self.n   # row -> the first row of its hyperplane (None: zero row)
        first, self.normal = {}, {}    # normal of a first row: primitive, first nonzero entry > 0
        for j, row in enumerate(self.int_rows):
            if any(row):
                lead = next(v for v in row if v)
                key = tuple(v // gcd(*row) * (1 if lead > 0 else -1) for v in row)
                self.group[j] = first.setdefault(key, j)
                self.normal.setdefault(self.group[j], list(key))
        self.hyperplanes = sorted(first.values())
        self.zero_rows = self.group.count(None)
        self.members = {h: [j for j in range(self.n) if self.group[j] == h]
                        for h in self.hyperplanes}
        self.columns = [list(column) for column in zip(*self.int_rows)]
        self.largest = [max(map(abs, column)) for column in self.columns]
        self.packed, self.keys = {}, None

    def signs(self, witness) -> str:
        """The pattern of an integer point: every ``<x_j, w>`` read from one packed integer.

        Column c is packed as ``sum_j (x_jc + 2^(B-1)) 2^(B j)`` (slots of B bits, B a multiple
        of 8 with ``|<x_j, w>| < 2^(B-2)``), so ``sum_c w_c column_c`` minus the offsets holds the
        products in its slots; adding ``2^(B-1) - 1`` (or ``2^(B-1)``) to every slot makes each
        slot nonnegative and below ``2^B`` (no carry between slots), and its top bit is set
        exactly when the product is ``>= 1`` (``>= 0``).  A Python loop per row costs 100x.

        >>> Arrangement([["1", "-2"], ["2", "-4"], ["0", "1"]]).signs([2, 1])
        '00+'
        """
        bound = max(sum(abs(w) * m for w, m in zip(witness, self.largest)), *self.largest)
        width = (bound.bit_length() + 2 + 7) // 8     # bytes per slot
        if width not in self.packed:
            bits, half = 8 * width, 1 << (8 * width - 1)
            pack = lambda values: int.from_bytes(b"".join(
                (v + half).to_bytes(width, "little") for v in values), "little")
            ones = int.from_bytes((b"\1" + bytes(width - 1)) * self.n, "little")
            self.packed[width] = ([pack(column) for column in self.columns], ones * half, ones)
        columns, offset, ones = self.packed[width]
        total = sum(w * column for w, column in zip(witness, columns)) - sum(witness) * offset
        size, top = self.n * width, slice(width - 1, None, width)
        positive = (total + offset - ones).to_bytes(size, "little")[top].translate(TOP_BIT)
        nonnegative = (total + offset).to_bytes(size, "little")[top].translate(TOP_BIT)
        code = int.from_bytes(positive, "little") + int.from_bytes(nonnegative, "little")
        return code.to_bytes(self.n, "little").translate(SIGN_CODE).decode("ascii")

    def pattern_key(self, pattern: str) -> int:
        """``sum_j r_j s_j`` (fixed pseudo-random 64-bit ``r_j``): a filter for pattern lookups.
        Crossing the hyperplane of h changes it by ``-2 s_h D_h`` (``D_h``: the ``r_j`` of its
        rows, oriented as row h), so the key of every neighbour costs O(1), not O(n)."""
        if self.keys is None:
            r = [int.from_bytes(hashlib.sha256(b"row %d" % j).digest()[:8], "little")
                 for j in range(self.n)]
            orientation = [None if g is None else
                           (1 if next(v for v in self.int_rows[j] if v) > 0 else -1)
                           for j, g in enumerate(self.group)]
            self.keys = r, {h: 2 * sum(r[j] * orientation[j] * orientation[h]
                                       for j in self.members[h]) for h in self.hyperplanes}
        r = self.keys[0]
        data = pattern.encode("ascii")
        return sum(compress(r, data.translate(IS_PLUS))) - sum(compress(r, data.translate(IS_MINUS)))

# ---- claim 1: all regions, and only regions ----------------------------------------------------
def check_regions(A: Arrangement, regions, closed=True) -> dict:
    """Distinct patterns, each witnessed, and (``closed``) every wall crossed away from the first
    region leads to a listed pattern or a Farkas-empty cell.  Returns pattern -> region."""
    if not isinstance(regions, list) or not regions:
        raise Malformed("\"regions\" must be a nonempty list")
    listed = {}
    for k, region in enumerate(regions):
        shape(region, {"pattern", "witness"}, {"farkas", "up", "down"}, f"region {k}")
        pattern, witness = region["pattern"], integer_vector(rationals(region["witness"], A.d))
        if not isinstance(pattern, str) or len(pattern) != A.n:
            raise Malformed(f"region {k}: pattern must be a string of length {A.n}")
        signs = A.signs(witness)
        if signs != pattern or signs.count("0") != A.zero_rows:
            j = next(j for j, s in enumerate(signs)
                     if s != pattern[j] or (s == "0" and A.group[j] is not None))
            raise Failed(f"claim regions, region {k} (pattern {pattern}): the witness has sign "
                         f"{signs[j]} on data row {j}, the pattern says {pattern[j]}")
        if pattern in listed:
            raise Failed(f"claim regions, region {k}: pattern {pattern} is listed twice")
        listed[pattern] = region
    if not closed:        # one shard of a region list: completeness is checked with all shards
        return listed
    root, entry = regions[0]["pattern"], reader(
        lambda e: isinstance(e, list) and e and set(map(type, e)) == {int} and len(e) % 2 == 0
        and 0 <= e[0] < A.n, "a Farkas certificate [h, c, j, y, ...]: integers, h a data row")
    keys = {A.pattern_key(pattern) for pattern in listed}   # not a key: not listed, exactly
    crossing = A.keys[1]     # per hyperplane, set by pattern_key
    for k, region in enumerate(regions):
        pattern = region["pattern"]
        farkas = {A.group[e[0]]: e for e in read(region.get("farkas", []), [entry],
                                                  f"region {k}, \"farkas\"")}
        key = A.pattern_key(pattern)
        for h in A.hyperplanes:
            if pattern[h] == root[h] and (key - SIGN[pattern[h]] * crossing[h] not in keys
                                          or flipped(A, pattern, h) not in listed):
                check_farkas(A, pattern, h, farkas.get(h), k)
    return listed

def flipped(A: Arrangement, pattern: str, h: int) -> str:     # across the hyperplane of h
    pieces, start = [], 0
    for j in A.members[h]:
        pieces += [pattern[start:j], FLIP[pattern[j]]]
        start = j + 1
    return "".join(pieces) + pattern[start:]

def check_farkas(A: Arrangement, pattern: str, h: int, entry, k: int) -> None:
    """``entry = [h, c, j1, y1, ...]``: ``c s_h x_h = sum y_j s_j x_j``, ``c > 0``, ``y >= 0``,
    each j off the hyperplane: negative against nonnegative on the flipped cell, so it is empty."""
    if entry is None:
        wrong = "the region across is not listed and no Farkas certificate given"
    else:       # called once per wall away from the root: millions of times, so no dot()
        rows, ys, group = entry[2::2], entry[3::2], A.group[entry[0]]
        if entry[1] <= 0 or min(ys, default=0) < 0:
            wrong = "the Farkas multipliers must be c > 0 and y >= 0"
        elif not all(0 <= j < A.n and A.group[j] != group for j in rows):
            wrong = "the Farkas certificate uses a row that is not off the hyperplane"
        else:
            total = [entry[1] * SIGN[pattern[entry[0]]] * v for v in A.int_rows[entry[0]]]
            for j, y in zip(rows, ys):
                total = list(map(sub, total, [SIGN[pattern[j]] * y * v for v in A.int_rows[j]]))
            if not any(total):
                return
            wrong = "the Farkas combination sum y_j s_j x_j is not c s_h x_h"
    raise Failed(f"claim regions, region {k} (pattern {pattern}), hyperplane of data row {h}: {wrong}")

# ---- claim 2: per-region extrema of eta --------------------------------------------------------
class Certificate:
    """``eta = <w, g_P>`` on the closure of region P, ``g_P = sum over + rows of p_j x_j``:
    integers times ``den`` over Q, Numbers over ``Q(theta)``."""

    def __init__(self, A: Arrangement, p, field=None):
        self.A, self.field = A, field
        self.p, self.zero = rationals(p, A.n, self.number), self.number("0")
        self.den = 1 if field else lcm(*(v.denominator for row in A.rows for v in row)) \
            * lcm(*(v.denominator for v in self.p))
        self.columns = list(zip(*[[pj * v if field else int(pj * v * self.den) for v in row]
                                  for pj, row in zip(self.p, A.rows)]))

    def number(self, text):     # a rational, or with a field a list [c_0, c_1, ...]
        if self.field is None:
            if isinstance(text, list):
                raise Malformed(f"a number in Q(theta) without a \"field\": {str(text)[:60]}")
            return rational(text)
        if isinstance(text, list) and len(text) >= len(self.field.f):
            raise Malformed(f"Q(theta) numbers have at most {len(self.field.f) - 1} coefficients")
        return Number(self.field, rationals(text) if isinstance(text, list) else [rational(text)])

    def g(self, pattern: str) -> list:     # g_P times den (integers; Numbers with a field)
        plus = [s == "+" for s in pattern]
        zero = self.zero if self.field else 0
        return [number_sum(compress(column, plus), zero) for column in self.columns]

    def eta(self, w):
        return sum((pj * max(dot(row, w), 0) for pj, row in zip(self.p, self.A.rows)), self.zero)

def multipliers(A: Arrangement, region: dict, k: int, side: int) -> dict:     # row -> text
    key = "up" if side > 0 else "down"
    found = read(region.get(key, {}), dict, f"region {k}, \"{key}\"")
    return {index(j, A.n, f"region {k}, \"{key}\""): text for j, text in found.items()}

def with_multipliers(A: Arrangement, pattern: str, found: dict, q, number, where: str,
                     scale=1) -> list:
    """``q + scale sum_j lam_j s_j x_j``, ``lam_j = number(found[j]) >= 0``, s from ``pattern``."""
    for j, text in found.items():
        value = number(text)
        if value < 0:
            raise Failed(f"{where}multiplier {value} on row {j} is negative")
        q = [qi + value * (SIGN[pattern[j]] * v * scale) for qi, v in zip(q, A.rows[j])]
    return q

def check_extremum(cert: Certificate, region: dict, k: int, side: int):
    """``q = side g_P + sum_j lam_j s_j x_j`` bounds ``side eta <= |q|`` on the closed region:
    ``(k, side, |q|^2, attained, where)``, attained() q at a KKT point, else None."""
    pattern, den = region["pattern"], cert.den    # q times den: integers without multipliers
    found, where = multipliers(cert.A, region, k, side), f"region {k} ({pattern}), sign {side:+d}"
    q = with_multipliers(cert.A, pattern, found, [side * v for v in cert.g(pattern)], cert.number,
                         f"claim extrema, {where}: ", den)

    def attained():
        inner = [dot(q, row) for row in cert.A.rows]
        if all(SIGN[s] * v >= 0 for s, v in zip(pattern, inner)) and \
                all(inner[j] == 0 for j, text in found.items() if cert.number(text) != 0):
            return q if cert.field else [Fraction(v, den) for v in q]
        return None
    square = Square(q) if cert.field else Fraction(dot(q, q), den * den)
    return k, side, square, attained, where

# ---- claim 3: the certificate on the whole sphere ----------------------------------------------
def check_certificate(cert: Certificate, extrema, regions, listed, claims, say) -> None:
    """The regions (or a tree's leaves) cover the sphere: ``sup |eta|^2`` is the largest of the
    ``extrema``; |eta| = 1 only at attained maximisers with |q|^2 = 1."""
    A, field = cert.A, cert.field
    sup = cert.number(claims["sup_abs_eta_squared"])
    margin = cert.number(claims["margin_squared"]) if "margin_squared" in claims else None
    attained, extreme, holding, per_region = sup == 0, {}, set(), []
    for k, side, value, attained_at, where in extrema:
        if value > sup:
            raise Failed(f"claim sup |eta|^2 = {shown(sup)}, {where}: the multipliers bound the maximum "
                         f"only by {shown(value)}")
        if value == sup and not attained and attained_at() is not None:
            attained = True
        if sup == 1 and value == 1:
            q = attained_at()
            if q is None:
                raise Failed(f"claim extreme set, {where}: |q|^2 = 1 is not attained (KKT fails)")
            extreme.setdefault((tuple(q), side), []).append(k)
            holding.add(k)
        per_region.append((k, value, attained_at))
    if not attained:
        raise Failed(f"claim sup |eta|^2 = {sup}: no region or leaf attains it (exact KKT point)")
    say(f"sup |eta|^2 = {sup} over the sphere (p has {A.n} entries)", "sup_abs_eta_squared")
    if sup > 1:
        return say("p is not dual feasible: |eta| > 1 somewhere", "sup_abs_eta_squared")
    say("p is dual feasible: |eta| <= 1 on the sphere", "sup_abs_eta_squared")
    say.claim = "extreme_points"
    point = {"w": lambda w: rationals(w, A.d, cert.number), "sign": unit_sign}
    listed_points = read(claims.get("extreme_points", []), [point], "\"extreme_points\"")
    claimed = {(tuple(e["w"]), e["sign"]) for e in listed_points}
    if claimed != set(extreme) or len(listed_points) != len(claimed):
        raise Failed(f"claim extreme set: {len(extreme)} points, listed {len(listed_points)} ones")
    points = [w for w, _ in extreme]   # over Q(theta), different coefficients, same point?
    if field and any(w == v for i, w in enumerate(points) for v in points[:i]):
        raise Failed("claim extreme set: two listed extreme points are the same point")
    say(f"|eta| = 1 exactly at the {len(extreme)} listed points (the extreme set)" if extreme
        else "|eta| < 1 everywhere: the extreme set is empty", "extreme_points")
    if margin is not None:
        say.claim = "margin_squared"
        off = [(v, at) for k, v, at in per_region if k not in holding]
        worst = max((v for v, _ in off), default=cert.zero)
        if worst > margin or (margin > 0 and not any(v == margin and at() is not None
                                                     for v, at in off)):
            raise Failed(f"claim margin: max eta^2 off the extreme regions is not {margin} "
                         f"(bounds reach {worst}, or it is not attained)")
        say(f"max eta^2 = {margin} on the regions whose closure holds no extreme point (the "
            "margin)", "margin_squared")
    if claims.get("nondegenerate"):
        say.claim = "nondegenerate"
        check_nondegenerate(cert, regions, extreme, listed)
        say("every maximum of |eta| is non-degenerate (interior, or strictly complementary "
            "with independent active walls)", "nondegenerate")

def rank(vectors) -> int:
    """Rank by exact Gaussian elimination over Q, or over Q(theta) without division (a pivot in
    Q(theta) multiplies the row it clears; it is nonzero, so the rank is unchanged)."""
    rows, r = [list(row) for row in vectors], 0
    for c in range(len(rows[0]) if rows else 0):
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        for i in range(r + 1, len(rows)):
            if rows[i][c] != 0:
                scale, factor = (rows[r][c], rows[i][c]) if isinstance(rows[r][c], Number) \
                    else (1, rows[i][c] / rows[r][c])
                rows[i] = [scale * a - factor * b for a, b in zip(rows[i], rows[r])]
        r += 1
    return r

def check_nondegenerate(cert: Certificate, regions, extreme, listed) -> None:
    """At an extreme point, in every region holding it: independent walls through it, each with
    a positive multiplier (H is a wall of P when P flipped across H is listed, by claim 1)."""
    A = cert.A
    for (w, side), holders in extreme.items():
        through = [h for h in A.hyperplanes if dot(w, A.rows[h]) == 0]
        for k in holders:
            pattern = regions[k]["pattern"]
            walls = [h for h in through if flipped(A, pattern, h) in listed]
            lam = multipliers(A, regions[k], k, side)
            where = f"claim non-degeneracy, point ({', '.join(map(str, w))}), region {k}"
            if rank([A.rows[h] for h in walls]) != len(walls):
                raise Failed(f"{where}: the walls through the point are dependent")
            for h in walls:
                if not any(cert.number(lam.get(j, "0")) > 0 for j in A.members[h]):
                    raise Failed(f"{where}: the wall of row {h} has no positive multiplier")

# ---- claim 4: the minimisers -------------------------------------------------------------------
def check_minimisers(A: Arrangement, cert: Certificate, claims, say) -> None:
    """The minimisers: ``Phi a = y - lam p``, ``sign a_i = t_i``; unique if Phi has full rank."""
    points = [(rationals(e["w"], A.d, cert.number), e["sign"]) for e in claims["extreme_points"]]
    y, lam = rationals(claims["y"], A.n), rational(claims["lam"])
    b = [yj - lam * pj for yj, pj in zip(y, cert.p)]
    Phi = [[max(dot(w, row), 0) for w, _ in points] for row in A.rows]
    minimisers = [rationals(a, len(points), cert.number)
                  for a in read(claims["minimisers"], list, "\"minimisers\"")]
    if not minimisers:
        raise Malformed("\"minimisers\" must list at least one amplitude vector")
    for m, a in enumerate(minimisers):
        if any(ai * t < 0 for ai, (_, t) in zip(a, points)) or [dot(row, a) for row in Phi] != b:
            raise Failed(f"claim minimisers, amplitude vector {m}: Phi a = y - lam p, signs fail")
    say(f"p is the optimal dual vector for these y and lambda = {lam}; every minimiser is "
        f"supported on the extreme set: at most {len(points)} atoms", "minimisers")
    if "unique" in claims:
        say.claim = "unique"
    if claims.get("unique") is True:
        if rank(list(zip(*Phi))) == len(points):
            say("the minimiser is unique (the feature vectors of the extreme points are "
                "independent)", "unique")
        else:
            say.not_covered("unique", "uniqueness (Phi has dependent columns; the exact LP "
                            "argument is not re-checked)")
    elif claims.get("unique") is False:
        if len(minimisers) < 2 or minimisers[0] == minimisers[1]:
            raise Failed("claim non-uniqueness: two different minimisers are needed")
        say("the minimiser is not unique (two different minimisers are given)", "unique")

# ---- claim 5: optimality of a measure ----------------------------------------------------------
def check_optimality(A: Arrangement, cert: Certificate, claims, say) -> None:
    """Weak duality for feasible p: primal = dual values prove mu and p optimal."""
    y, lam = rationals(claims["y"], A.n), rational(claims["lam"])
    objective = cert.number(claims["objective"])
    atom = {"w": lambda w: rationals(w, A.d, cert.number), "amplitude": cert.number}
    atoms = [(a["w"], a["amplitude"]) for a in read(claims["atoms"], [atom], "\"atoms\"")]
    for i, (w, a) in enumerate(atoms):
        if dot(w, w) != 1:
            raise Failed(f"claim optimality, atom {i}: w is not on the unit sphere")
        if a == 0 or cert.eta(w) != (1 if a > 0 else -1):
            raise Failed(f"claim optimality, atom {i}: eta(w) = {cert.eta(w)}, not sign({a})")
    if any(w == v for i, (w, _) in enumerate(atoms) for v, _ in atoms[:i]):   # decided exactly
        raise Failed("claim optimality: two atoms are at the same point")
    tv = sum((abs(a) for _, a in atoms), cert.zero)
    primal, dual, fit = objectives(A, atoms, tv, y, lam, cert.p, cert.zero)
    if lam == 0:
        if fit != y:
            raise Failed("claim optimality: K mu = y does not hold")
        primal, dual = tv, dot(y, cert.p)
    if not primal == dual == objective:
        raise Failed(f"claim optimality: primal objective {primal}, dual {dual} != {objective}")
    say(f"this measure ({len(atoms)} atoms) is a minimiser and p the dual optimum, objective "
        f"{objective}", "minimiser")

def objectives(A: Arrangement, atoms, tv, y, lam, p, zero) -> tuple:
    """The primal value of the atoms ``(w, a)`` with TV ``tv``, the dual value of p, ``K mu``."""
    fit = [sum((a * max(dot(w, row), 0) for w, a in atoms), zero) for row in A.rows]
    residual = [f - v for f, v in zip(fit, y)]
    return dot(residual, residual) / 2 + lam * tv, lam * dot(y, p) - lam * lam * dot(p, p) / 2, fit

def check_p0(A: Arrangement, cert: Certificate, claims, say) -> None:
    """lambda = 0: every dual optimum lies in the affine set L of ``P_F g_F(p') = t_i w_i`` (p in
    it); ``p0``: p in the row space of L; ``p0_ball``: ``|p - p_0|^2 <= |p - p_L|^2``."""
    witness = claims.get("p0")
    if rational(claims["lam"]) != 0 or claims.get("p0_ball", True) is not True or (
            witness is not None and len(read(witness, list, "\"p0\"")) != len(claims["atoms"])):
        raise Malformed("\"p0\" (a z_i per atom) and \"p0_ball\" (true) are for lambda 0")
    columns = []     # L: <column, p'> = its value, one per atom i and coordinate c
    for i, atom in enumerate(claims["atoms"]):
        w = rationals(atom["w"], A.d, cert.number)
        t = 1 if cert.number(atom["amplitude"]) > 0 else -1
        face = "".join(sign(dot(row, w)) for row in A.rows)
        P = projected_rows(A, face)       # P x_j: onto span(face)
        columns += [[P[j][c] if face[j] == "+" else 0 for j in range(A.n)] for c in range(A.d)]
        if [dot(cert.p, column) for column in columns[-A.d:]] != [t * v for v in w]:
            raise Failed(f"claim p0, atom {i}: P g_F(p) is not sign(a_i) w_i")
    if witness is not None:
        z = [v for zi in witness for v in rationals(zi, A.d, cert.number)]
        if [sum((zk * column[j] for zk, column in zip(z, columns)), cert.zero)
                for j in range(A.n)] != list(cert.p):
            raise Failed("claim p0: p is not sum_i G_i^T z_i (the least-norm point)")
        say("p is the minimal-norm dual optimum p_0 (the least-norm point of an affine set of "
            "all dual optima)", "p0")
    if "p0_ball" in claims:
        rest = residuals(columns, [cert.p])[0]     # p - p_L
        radius = dot(rest, rest)
        say("p is the minimal-norm dual optimum p_0 (|p - p_L| = 0)" if radius == 0 else
            f"the minimal-norm dual optimum p_0 lies in the ball |p_0 - p|^2 <= {radius} around "
            "p (|p - p_L|^2)", "p0_ball")

# ---- the problem a proof is about --------------------------------------------------------------
def problem_digest(X, bias: bool, y=None, lam=None) -> str:
    """SHA-256 of ``{"X":[[...]],"bias":...,"lam":...,"y":...}`` (no spaces, reduced rationals).

    >>> problem_digest([[1, Fraction(1, 2)]], True)[:16]
    '8335fc5755162a48'
    """
    def canonical(values):      # a Fraction's str: lowest terms, "3", "-3/7", "0"
        return None if values is None else [str(Fraction(v)) for v in values]
    text = json.dumps({"X": [canonical(row) for row in X], "bias": bool(bias),
                       "lam": None if lam is None else canonical([lam])[0], "y": canonical(y)},
                      sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

class Problem:
    """Rows X (no bias column), bias, labels y and lambda (None when the claims do not use them)."""

    def __init__(self, spec):
        if not isinstance(spec, dict) or set(spec) != {"X", "bias", "y", "lam"}:
            raise Malformed("\"problem\" must be an object with exactly the keys X, bias, y, lam")
        X, self.bias = spec["X"], spec["bias"]
        if not isinstance(X, list) or not X or not isinstance(X[0], list) or not X[0] or \
                not isinstance(self.bias, bool):   # rows without entries: no sphere to speak of
            raise Malformed("the problem needs nonempty rows X (d >= 1) and a bias true or false")
        self.X = [rationals(row, len(X[0])) for row in X]
        self.y = None if spec["y"] is None else rationals(spec["y"], len(self.X))
        self.lam = None if spec["lam"] is None else rational(spec["lam"])
        if self.lam is not None and self.lam < 0:
            raise Malformed(f"lambda must be >= 0, got {self.lam}")
        self.rows = [row + [Fraction(1)] for row in self.X] if self.bias else self.X
        self.digest = problem_digest(self.X, self.bias, self.y, self.lam)

    def summary(self) -> str:
        return (f"n = {len(self.X)} rows, d = {len(self.X[0])}"
                + (" with a bias (weights on S^d)" if self.bias else "")
                + ", labels " + ("given" if self.y is not None else "not used")
                + ", lambda = " + ("not used" if self.lam is None else str(self.lam)))

    def differs(self, other: "Problem"):
        """What differs from the problem a user gives (None if nothing; unused y, lambda agree)."""
        bias = {True: "with", False: "without"}
        checks = ((self.X != other.X, f"its rows X ({len(self.X)} x {len(self.X[0])}) are not "
                   f"those given ({len(other.X)} x {len(other.X[0])})"),
                  (self.bias != other.bias, f"it is {bias[self.bias]} a bias, the data given "
                   f"{bias[other.bias]}"),
                  (self.y is not None and self.y != other.y, "its labels y are not those given"
                   if other.y else "it has labels y, the data given none"),
                  (self.lam is not None and self.lam != other.lam, f"its lambda is {self.lam}, "
                   f"the one given {'none' if other.lam is None else other.lam}"))
        return next((text for differ, text in checks if differ), None)

# ---- claim 6: a minimiser enclosed in a box (Krawczyk's test on the optimality system) ---------
BITS = 96   # significant bits of the dyadic endpoints that interval results are rounded out to

def dyadic(v: Fraction, up: bool, bits: int = BITS) -> Fraction:
    """``v`` rounded down (or up) to about ``bits`` significant bits.

    >>> dyadic(Fraction(1, 3), False) < Fraction(1, 3) < dyadic(Fraction(1, 3), True)
    True
    >>> dyadic(Fraction(3, 4), True)
    Fraction(3, 4)
    """
    num, den = v.numerator, v.denominator
    if not num:
        return v
    shift = bits - (num.bit_length() - den.bit_length())
    if den & (den - 1) == 0 and den.bit_length() <= shift + 1:
        return v                                              # already that short
    top, bottom = (num << shift, den) if shift > 0 else (num, den << -shift)
    q = -(-top // bottom) if up else top // bottom
    return Fraction(q, 1 << shift) if shift > 0 else Fraction(q << -shift)

class Interval:
    """``[lo, hi]`` with rational endpoints.  Arithmetic is exact (rationals need no outward
    rounding); :meth:`snap` rounds the endpoints outward to short dyadic rationals.

    >>> x = Interval(Fraction(-1), Fraction(2))
    >>> y = x * x - x * 2          # every t^2 - 2t for t in [-1, 2] lies in it (an overestimate)
    >>> (y.lo, y.hi), str(Interval(Fraction(1, 2), Fraction(3, 2)))
    ((Fraction(-6, 1), Fraction(6, 1)), '1 +- 0.5')
    """

    __slots__ = ("lo", "hi")

    def __init__(self, lo, hi=None):
        self.lo, self.hi = lo, lo if hi is None else hi

    def __add__(self, other):
        low, high = (other.lo, other.hi) if isinstance(other, Interval) else (other, other)
        return Interval(self.lo + low, self.hi + high)

    def __neg__(self):
        return Interval(-self.hi, -self.lo)

    def __sub__(self, other):
        return self + -other

    def __rsub__(self, other):
        return -self + other

    def __mul__(self, other):
        if not isinstance(other, Interval):
            low, high = self.lo * other, self.hi * other
            return Interval(low, high) if other >= 0 else Interval(high, low)
        products = (self.lo * other.lo, self.lo * other.hi, self.hi * other.lo, self.hi * other.hi)
        return Interval(min(products), max(products))

    __radd__, __rmul__ = __add__, __mul__

    def snap(self, bits: int = BITS):
        return Interval(dyadic(self.lo, False, bits), dyadic(self.hi, True, bits))

    def inverse(self):      # of an interval that excludes 0
        return Interval(1 / self.hi, 1 / self.lo)

    def __str__(self):
        mid, rad = (self.lo + self.hi) / 2, (self.hi - self.lo) / 2
        return f"{real(mid):.12g}" + (f" +- {real(rad):.1g}" if rad else "")

ZERO = Interval(Fraction(0))

def interval_dot(coefficients, intervals) -> Interval:     # rational c, intervals v
    total = ZERO
    for c, v in zip(coefficients, intervals):
        if c:
            total = total + v * c
    return total.snap()

def inverse(M) -> list:     # of a rational matrix (Gauss-Jordan), None if singular
    k = len(M)
    rows = [list(row) + [Fraction(int(i == r)) for i in range(k)] for r, row in enumerate(M)]
    for c in range(k):
        pivot = next((r for r in range(c, k) if rows[r][c] != 0), None)
        if pivot is None:
            return None
        rows[c], rows[pivot] = rows[pivot], rows[c]
        rows[c] = [v / rows[c][c] for v in rows[c]]
        for r in range(k):
            if r != c and rows[r][c]:
                factor = rows[r][c]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[c])]
    return [row[k:] for row in rows]

def projected_rows(A: Arrangement, face: str) -> list:     # P x_j, P: off the face's 0 rows
    return residuals([row for row, s in zip(A.rows, face) if s == "0"], A.rows)

def residuals(spanning, vectors) -> list:
    """Each v minus its orthogonal projection onto span(``spanning``), by exact Gram-Schmidt."""
    basis = []

    def rest(v):
        for u, square in basis:
            c = dot(u, v) / square
            v = [vk - c * uk for vk, uk in zip(v, u)]
        return list(v)
    for u in spanning:
        if any(r := rest(u)):
            basis.append((r, dot(r, r)))
    return [rest(v) for v in vectors]

class System:
    """The optimality system of atoms on given faces: unknowns ``(z, v, c)``, ``p = B z``,
    ``lam p + X v + sum_g c_g Q_g p - y = 0``, ``p^T M_g p = 1`` (section 7 of the Proofs page)."""

    def __init__(self, A: Arrangement, atoms, y, lam, pairs=(), basis=None):
        self.A, self.y, self.lam, self.B, n = A, y, lam, basis, A.n
        self.faces, self.signs = [a["face"] for a in atoms], [a["sign"] for a in atoms]
        self.ghost = [a.get("ghost") is True or a.get("idle") is True for a in atoms]
        self.projected = [projected_rows(A, face) for face in self.faces]
        self.inner = [[[dot(u, v) for v in P] for u in P] for P in self.projected]
        self.M = [[[G[j][k] if face[j] == face[k] == "+" else Fraction(0) for k in range(n)]
                   for j in range(n)] for G, face in zip(self.inner, self.faces)]
        paired = {i for pair in pairs for i in pair}
        self.groups = [list(pair) for pair in pairs] + \
            [[i] for i in range(len(atoms)) if i not in paired and not self.ghost[i]]
        self.Q = [[[sum(self.M[i][j][k] for i in g) / len(g) for k in range(n)]
                   for j in range(n)] for g in self.groups]
        self.n, self.rho = n, A.d if pairs else 0
        self.r = n if basis is None else len(basis[0]) if basis else 0
        self.size = self.r + self.rho + len(self.groups)
        if self.r + self.rho != self.n:
            raise Malformed(f"the basis has {self.r} columns, {self.n - self.rho} are needed")

    def split(self, x):
        return x[:self.r], x[self.r:self.r + self.rho], x[self.r + self.rho:]

    def p_of(self, z) -> list:
        if not z:
            return [ZERO] * self.n
        if self.B is None:
            return list(z)
        return [interval_dot(row, z) if isinstance(z[0], Interval) else dot(row, z)
                for row in self.B]

    def residual(self, x, lam=None) -> list:     # F(x), exactly, at a rational point and lambda
        lam = self.lam if lam is None else lam
        z, v, c = self.split(x)
        p = self.p_of(z) if z else [Fraction(0)] * self.n
        Qp = [[dot(row, p) for row in Q] for Q in self.Q]
        top = [lam * p[j] + dot(self.A.rows[j], v) + sum(cg * u[j] for cg, u in zip(c, Qp))
               - self.y[j] for j in range(self.n)]
        return top + [dot(p, [dot(row, p) for row in self.M[g[0]]]) - 1 for g in self.groups]

    def jacobian(self, box) -> list:     # over the box; None: 0 everywhere
        n, r, rho, B = self.n, self.r, self.rho, self.B
        z, _, c = self.split(box)
        p = self.p_of(z)
        J = [[None] * self.size for _ in range(self.size)]
        S = [[interval_dot([Q[j][k] for Q in self.Q], c) + (self.lam if j == k else 0)
              for k in range(n)] for j in range(n)]
        for j in range(n):
            for m in range(r):
                entry = S[j][m] if B is None else interval_dot([row[m] for row in B], S[j])
                J[j][m] = entry if (entry.lo or entry.hi) else None
            for m in range(rho):
                J[j][r + m] = Interval(self.A.rows[j][m]) if self.A.rows[j][m] else None
        for g, (group, Q) in enumerate(zip(self.groups, self.Q)):
            Mp = [interval_dot(row, p) for row in self.M[group[0]]]
            for j, Qp in enumerate(interval_dot(row, p) for row in Q):
                J[j][r + rho + g] = Qp
            for m in range(r):
                J[n + g][m] = Mp[m] * 2 if B is None else \
                    interval_dot([row[m] * 2 for row in B], Mp)
        return J

    def face_coefficients(self, i) -> list:     # of <w_i, x_j> (linear in p), every row j
        plus = [s == "+" for s in self.faces[i]]
        return [[v * self.signs[i] if on else 0 for v, on in zip(row, plus)]
                for row in self.inner[i]]

    def inner_with_rows(self, i, p) -> list:     # <w_i, x_j> over the p-box
        return [interval_dot(row, p) for row in self.face_coefficients(i)]

    def w(self, i, p) -> list:
        plus = [k for k in range(self.n) if self.faces[i][k] == "+"]
        return [interval_dot([self.projected[i][k][t] * self.signs[i] for k in plus],
                             [p[k] for k in plus]) for t in range(self.A.d)]

def interval_solve(M, b):
    """An enclosure of the solutions of ``M u = b`` for every matrix and vector in the
    intervals, or None when :func:`eliminate` finds no pivot.

    >>> one, two, three = Interval(Fraction(1)), Interval(Fraction(2)), Interval(Fraction(3))
    >>> [str(v) for v in interval_solve([[two, one], [one, three]], [three, Interval(Fraction(4))])]
    ['1', '1']
    >>> interval_solve([[Interval(Fraction(-1), Fraction(1))]], [one]) is None
    True
    """
    k = len(M)
    rows = eliminate([list(row) + [rhs] for row, rhs in zip(M, b)], k)
    if rows is None:
        return None
    u = [None] * k
    for c in reversed(range(k)):
        rest = sum((rows[c][m] * u[m] for m in range(c + 1, k)), ZERO)
        u[c] = ((rows[c][k] - rest) * rows[c][c].inverse()).snap()
    return u

def eliminate(rows, columns: int):
    """Gaussian elimination of the interval matrix ``rows`` on its first ``columns`` columns, each
    pivot an interval that excludes 0: the pivot rows (a triangle), or None when a column has no
    pivot.  Every matrix in the intervals then has the same nonzero pivots: full column rank."""
    rows, pivots = [list(row) for row in rows], []
    for c in range(columns):
        live = [r for r, row in enumerate(rows) if row[c].lo > 0 or row[c].hi < 0]
        if not live:
            return None
        pivot = rows.pop(max(live, key=lambda r: min(abs(rows[r][c].lo), abs(rows[r][c].hi))))
        for r, row in enumerate(rows):
            factor = (row[c] * pivot[c].inverse()).snap()
            rows[r] = [(a - factor * e).snap() for a, e in zip(row, pivot)]
        pivots.append(pivot)
    return pivots

def krawczyk_operator(system: System, box, midpoint, C) -> list:
    """``K = m - C F(m) + (I - C J(box)) (box - m)``: inside the box, one zero of F (Krawczyk)."""
    N, lam = system.size, system.lam
    interval = isinstance(lam, Interval)
    centre = (lam.lo + lam.hi) / 2 if interval else lam
    F = system.residual(midpoint, centre)
    # F is affine in lambda, dF/dlambda = (p, 0):
    # C F(m, lambda) = C F(m, centre) + (lambda - centre) C (p, 0)
    z = system.split(midpoint)[0]
    slope = (system.p_of(z) if z else [0] * system.n) + [0] * (N - system.n) if interval \
        else [0] * N
    spread = Interval(lam.lo - centre, lam.hi - centre) if interval else ZERO
    J = system.jacobian(box)
    offset = [(b - m).snap() for b, m in zip(box, midpoint)]
    columns, out = [[J[row][b] for row in range(N)] for b in range(N)], []
    for a in range(N):
        total = Interval(midpoint[a] - dot(C[a], F)) - spread * dot(C[a], slope)
        for b in range(N):
            entry = Interval(Fraction(int(a == b)))
            for c, J_lb in zip(C[a], columns[b]):
                if c and J_lb is not None:
                    entry = entry - J_lb * c
            total = total + entry.snap() * offset[b]
        out.append(total)
    return out

def wall_identity(system: System, i: int, pattern: str, rows, where: str) -> list:
    """L with ``t_i g_R + sum (L p)_j s_j x_j = w_i`` for every p: ``W^T L = -T``, exactly."""
    A, t, P, face = system.A, system.signs[i], system.projected[i], system.faces[i]
    if len(set(rows)) != len(rows) or \
            not all(type(j) is int and 0 <= j < A.n and pattern[j] != "0" for j in rows):
        raise Failed(f"{where}: the wall rows must be distinct rows with a sign in the region")
    W = [[SIGN[pattern[j]] * v for v in A.rows[j]] for j in rows]
    T = [[t * ((A.rows[k][m] if pattern[k] == "+" else 0) - (P[k][m] if face[k] == "+" else 0))
          for k in range(A.n)] for m in range(A.d)]
    gram = inverse([[dot(u, v) for v in W] for u in W]) if W else []
    if gram is None:
        raise Failed(f"{where}: the wall rows are dependent")
    WT = [[-dot(u, column) for column in zip(*T)] for u in W]   # -W T
    L = [[dot(g, column) for column in zip(*WT)] for g in gram]
    if any(sum((W[r][m] * L[r][k] for r in range(len(W))), Fraction(0)) != -T[m][k]
           for m in range(A.d) for k in range(A.n)):
        raise Failed(f"{where}: t_i g_R - w_i is not a combination of the listed wall rows")
    return L

def check_krawczyk(A: Arrangement, regions, claims, say) -> list:
    """The minimiser in a Krawczyk box (:func:`enclose`).  Returns the box of p."""
    y, lam = rationals(claims["y"], A.n), rational(claims["lam"])
    return enclose(A, regions, claims["krawczyk"], y, lam, say)

def atom_list(A: Arrangement, atoms, optional=frozenset()) -> list:     # distinct (face, sign)
    atoms = read(atoms, [{"face": signs(A.n), "sign": unit_sign}
                         | {f"{key}?": true for key in optional}], "atom")
    if len({(a["face"], a["sign"]) for a in atoms}) != len(atoms):
        raise Failed("claim minimiser, step atoms: two atoms have the same face and sign")
    return atoms

def antipodal(A: Arrangement, spec) -> tuple:
    """The atoms, pairs and basis of a Krawczyk ``spec``: pairs on antipodal faces with one sign,
    ghosts the antipodes of single atoms, the basis orthogonal to the data columns."""
    atoms, pairs = atom_list(A, spec["atoms"], {"ghost", "idle"}), spec.get("pairs", [])
    massless = [bool(set(a) & {"ghost", "idle"}) for a in atoms]
    if not isinstance(pairs, list) or not all(isinstance(pr, list) and len(pr) == 2 and all(
            type(i) is int and 0 <= i < len(atoms) and not massless[i] for i in pr)
            for pr in pairs) or len({i for pr in pairs for i in pr}) != 2 * len(pairs):
        raise Malformed("\"pairs\" must list disjoint pairs of indices of atoms with mass")
    paired = {i for pr in pairs for i in pr}
    antipode = ["".join(FLIP.get(s, s) for s in a["face"]) for a in atoms]
    for i, atom in enumerate(atoms):   # no equation |w|^2 = 1 for a ghost: -w_k, as X^T p = 0
        if atom.get("ghost") and not (pairs and any(
                b["face"] == antipode[i] and b["sign"] == atom["sign"] and k not in paired
                and not b.get("ghost") for k, b in enumerate(atoms))):
            raise Failed(f"claim minimiser, step atoms: ghost {i} is not the antipode, with its "
                         "sign, of an unpaired atom with mass in a proof with antipodal pairs")
    for i, k in pairs:
        if atoms[i]["sign"] != atoms[k]["sign"] or atoms[k]["face"] != antipode[i]:
            raise Failed(f"claim minimiser, step atoms: {i} and {k} are not an antipodal pair")
    basis = [rationals(row) for row in spec["basis"]] if pairs else None
    if basis is not None and (len(basis) != A.n or len({len(row) for row in basis}) > 1 or any(
            sum((row[m] * x[t] for row, x in zip(basis, A.rows)), Fraction(0)) != 0
            for m in range(len(basis[0]) if basis else 0) for t in range(A.d))):
        raise Failed("claim minimiser, step basis: not orthogonal to the data columns")
    masses = len(pairs) + massless.count(False) - 2 * len(pairs)
    return atoms, pairs, basis, masses

def enclose(A: Arrangement, regions, spec, y, lam, say) -> list:
    """:func:`check_krawczyk` of ``spec``; lambda rational, or an Interval (a path's lambda-box)."""
    with_pairs = {"pairs", "basis", "split"} if isinstance(spec, dict) and spec.get("pairs") \
        else set()
    shape(spec, {"atoms", "box", "midpoint", "preconditioner", "walls"} | with_pairs, {"pairs"},
          "\"krawczyk\" (basis and split come with nonempty pairs, and only with them)")
    atoms, pairs, basis, masses = antipodal(A, spec)
    N = (len(basis[0]) + A.d if basis else A.n) + masses   # before the system: O(atoms n^2)
    box = [Interval(*rationals(b, 2)) for b in read(spec["box"], list, "\"box\"")]
    midpoint = rationals(spec["midpoint"], N)
    C = [rationals(row, N) for row in read(spec["preconditioner"], list, "\"preconditioner\"")]
    if len(box) != N or len(C) != N or not all(b.lo <= m <= b.hi for b, m in zip(box, midpoint)):
        raise Malformed(f"box, midpoint, preconditioner: {N} entries, the midpoint in the box")
    system = System(A, atoms, y, lam, pairs, basis)
    for i, atom in enumerate(atoms):
        if atom.get("idle") and not idle_fixed(system, i):
            raise Failed(f"claim minimiser, step atoms: idle atom {i} is not fixed at |w| = 1")
    for a, total in enumerate(krawczyk_operator(system, box, midpoint, C)):
        if not (box[a].lo < total.lo and total.hi < box[a].hi):
            raise Failed(f"claim minimiser, step Krawczyk: the Krawczyk operator leaves the "
                         f"interior of the box in unknown {a} ([{real(total.lo):.17g}, "
                         f"{real(total.hi):.17g}] not inside [{real(box[a].lo):.17g}, "
                         f"{real(box[a].hi):.17g}])")
    say(f"the optimality system of {len(system.groups)} atoms or antipodal pairs on the listed "
        f"faces ({N} unknowns) has exactly one zero in the listed box (Krawczyk's test)")
    z, v, group_c = system.split(box)
    p = system.p_of(z)
    c = [None] * len(atoms)
    delta, bound = pair_split(system, spec.get("split"), p, v, group_c) if pairs else ([], {})
    for g, group in enumerate(system.groups):     # magnitudes > 0: by strict_signs
        if len(group) == 1:
            c[group[0]] = group_c[g]
        elif g in bound:   # delta = +-c_g exactly: one atom takes c_g, its partner no mass
            c[group[0] if bound[g] > 0 else group[1]] = group_c[g]
        else:
            c[group[0]], c[group[1]] = ((group_c[g] + delta[g] * t) * Fraction(1, 2)
                                        for t in (1, -1))
    covered = strict_signs(system, regions, spec["walls"], c, lambda row: interval_dot(row, p),
                           proved_sign, "claim minimiser")
    terms = [[pj * v for v in row] for pj, row in zip(p, A.rows)]     # p_j x_j, once
    for k, region in enumerate(regions):
        pattern = region["pattern"]
        g = [sum((t[m] for t, s in zip(terms, pattern) if s == "+"), ZERO).snap()
             for m in range(A.d)]
        for side in (1, -1):
            if (k, side) in covered:
                continue
            where = f"claim minimiser, step regions, region {k} (pattern {pattern}), sign " \
                f"{side:+d}: "
            q = with_multipliers(A, pattern, multipliers(A, region, k, side),
                                 [v * side for v in g], rational, where)
            top = sum((max(abs(v.lo), abs(v.hi)) ** 2 for v in q), Fraction(0))
            if not top < 1:
                raise Failed(f"{where}the multipliers bound (sign eta)^2 only by {shown(top)}")
    say(f"on the whole box: magnitudes > 0, every w_i strictly inside its face, wall multipliers "
        f"> 0, and |eta| < 1 on the other {2 * len(regions) - len(covered)} (region, sign) pairs: "
        f"sup |eta| = 1 exactly at the {len(atoms)} points w_i")
    objective = enclosed_objective(system, p, c, y, lam)
    inner = list(zip(*[system.inner_with_rows(i, p) for i in range(len(atoms))]))
    features = [[v if atoms[i]["face"][j] == "+" else ZERO for i, v in enumerate(column)]
                for j, column in enumerate(inner)]
    absorbed = pairs and len(system.groups) > len(pairs)    # a single atom besides the pairs
    unique = len(pairs) <= A.d and not absorbed and eliminate(features, len(atoms)) is not None
    mass = [i for i in range(len(atoms)) if c[i] is not None]
    described = "; ".join(f"a_{i + 1} = {c[i] * atoms[i]['sign']} at w_{i + 1} = "
                          f"({', '.join(map(str, system.w(i, p)))}) on face {atoms[i]['face']}"
                          for i in mass)
    without = len(atoms) - len(mass)
    say(f"{'the minimiser is unique: ' if unique else 'a minimiser is '}sum a_i delta_(w_i) with "
        f"{len(mass)} atoms" + (f" (and {without} extreme points without mass)" if without else "")
        + f", lambda = {lam}, optimal value in {objective}: {described}")
    if len(pairs) > A.d and bound:
        say(f"the minimiser is not unique: {len(pairs)} antipodal pairs in dimension {A.d}; this "
            f"one splits {len(bound)} pairs at a vertex (one atom of the pair without mass), and "
            "moving one of them inside along a kernel direction of the split, with the basic "
            "pairs' magnitudes kept positive, gives another")
    elif len(pairs) > A.d:
        say(f"the minimiser is not unique: {len(pairs)} antipodal pairs in dimension {A.d} trade "
            "their linear parts along a kernel direction of the split, with every magnitude kept "
            "positive")
    elif absorbed:
        say(f"the minimiser is not unique: the {len(pairs)} antipodal pairs span R^{A.d} (their "
            "split is solved), so moving mass from a single atom to its antipode, an extreme "
            "point of the same sign as X^T p = 0, is absorbed by their linear parts at no cost, "
            "with every magnitude kept positive")
    elif not unique:
        say.not_covered("unique", "uniqueness of the minimiser (the features of the atoms are not "
                        "proved independent)")
    return p

def idle_fixed(system: System, i: int) -> bool:
    """An idle atom: every row ``w_i`` uses reads ``lam p_j = y_j``, and ``|w_i|^2 = 1`` there."""
    if system.B is not None or not isinstance(system.lam, Fraction) or system.lam <= 0:
        return False
    P = system.projected[i]
    used = [j for j, s in enumerate(system.faces[i]) if s == "+" and any(P[j])]
    if any(Q[j][k] for Q in system.Q for j in used for k in range(system.n)):
        return False
    w = [sum((P[j][m] * system.y[j] for j in used), Fraction(0)) / system.lam
         for m in range(system.A.d)]
    return dot(w, w) == 1

def proved_sign(v: Interval, s: int) -> bool:     # every number in v has the sign s
    return v.lo > 0 if s > 0 else v.hi < 0 if s < 0 else not (v.lo or v.hi)

def strict_signs(system: System, regions, walls, c, linear, has_sign, where) -> set:
    """On a set of p (a box, a segment): magnitudes > 0, each ``w_i`` strictly inside its face,
    wall multipliers > 0 (``has_sign(linear(...), s)``).  Returns the walled (region, sign)."""
    for i, face in enumerate(system.faces):
        if c[i] is not None and not has_sign(c[i], 1):
            raise Failed(f"{where}, atom {i}, step amplitude: the magnitude is not proved positive")
        for j, coefficients in enumerate(system.face_coefficients(i)):
            if (face[j] != "0" or any(system.A.rows[j])) and \
                    not has_sign(linear(coefficients), SIGN[face[j]]):
                raise Failed(f"{where}, atom {i}, step face: <w_i, x_{j}> is not proved to have "
                             f"the sign {face[j]} of its face {face}")
    covered = set()     # walls: {"atom", "region", "rows"}, the multipliers L p of wall_identity
    wall = {"atom": below(len(system.faces)), "region": below(len(regions)),
            "rows": [below(system.A.n)]}
    for entry in read(walls, [wall], "walls"):
        i, k = entry["atom"], entry["region"]
        pattern = regions[k]["pattern"]
        here = f"{where}, step walls: atom {i}, region {k} (pattern {pattern})"
        for r, row in zip(entry["rows"], wall_identity(system, i, pattern, entry["rows"], here)):
            if not has_sign(linear(row), 1):
                raise Failed(f"{here}: the multiplier of row {r} is not proved positive")
        covered.add((k, system.signs[i]))
    return covered

def pair_split(system: System, split, p, v, group_c) -> tuple:
    """``(delta, bound)``: ``sum_pairs t delta w / 2 = v``, fixed off the basic pairs."""
    m, d = len(system.groups) - sum(len(g) == 1 for g in system.groups), system.A.d
    split = read(split, {"basic": [below(m)], "fixed": list}, "\"split\"")
    basic = split["basic"]
    if len(basic) != d or len(set(basic)) != d or len(split["fixed"]) != m:
        raise Malformed(f"\"split\": {d} distinct basic pairs and one fixed entry per pair")
    ws = [system.w(g[0], p) for g in system.groups[:m]]
    W = [[w[k] * Fraction(system.signs[g[0]], 2) for w, g in zip(ws, system.groups)]
         for k in range(d)]
    bound = {a: 1 if text == "s" else -1 for a, text in enumerate(split["fixed"])
             if text in ("s", "-s")}
    if set(bound) & set(basic):
        raise Malformed("\"split\": a basic pair cannot be at its bound (\"s\" or \"-s\")")
    fixed = {a: group_c[a] * bound[a] if a in bound else Interval(rational(text))
             for a, text in enumerate(split["fixed"])}
    fixed = {a: value for a, value in fixed.items() if a not in basic}
    rhs = [v[k] - sum((W[k][a] * fixed[a] for a in fixed), ZERO) for k in range(d)]
    solved = interval_solve([[W[k][a] for a in basic] for k in range(d)], rhs)
    if solved is None:
        raise Failed("claim minimiser, step split: the basic pairs are not proved independent")
    delta = [fixed[a] if a in fixed else solved[basic.index(a)] for a in range(m)]
    return delta + [ZERO] * (len(system.groups) - m), bound

def enclosed_objective(system: System, p, c, y, lam) -> str:
    """The enclosures of the primal and dual objectives must meet (equal at the zero)."""
    fit, c = [ZERO] * system.n, [ZERO if v is None else v for v in c]
    for i in range(len(c)):
        for j, value in enumerate(system.inner_with_rows(i, p)):
            if system.faces[i][j] == "+":
                fit[j] = (fit[j] + value * c[i] * system.signs[i]).snap()
    if lam == 0:    # |mu|_TV and <y, p>
        primal, dual = sum(c, ZERO), interval_dot(y, p)
    else:
        primal = sum(((f - yj) * (f - yj) for f, yj in zip(fit, y)), ZERO) * Fraction(1, 2) \
            + sum(c, ZERO) * lam
        dual = interval_dot(y, p) * lam \
            - sum((v * v for v in p), ZERO) * (lam * lam * Fraction(1, 2))
    lo, hi = max(primal.lo, dual.lo), min(primal.hi, dual.hi)
    if lo > hi:
        raise Failed("claim minimiser, step objective: primal and dual enclosures do not meet")
    return f"[{real(lo):.15g}, {real(hi):.15g}]"

# ---- claim 7: a ball around the optimal dual vector (duality gap) ------------------------------
def sqrt_upper(x: Fraction, bits: int = 64) -> Fraction:     # >= sqrt(x), 2^-bits relative
    scale = 1 << bits
    return Fraction(isqrt(x.numerator * x.denominator * scale * scale) + 1, x.denominator * scale)

def check_gap(A: Arrangement, cert, claims, say) -> None:
    """``D(p) <= min P <= P(mu)``, and ``lam^2/2 |p - p*|^2 <= P(mu) - D(p)`` (strong concavity)."""
    y, lam = rationals(claims["y"], A.n), rational(claims["lam"])
    if lam <= 0:
        raise Malformed(f"a duality-gap proof needs lambda > 0, got {lam}")
    atom = {"w": lambda w: rationals(w, A.d), "amplitude": rational}
    gap = read(claims["gap"], {"atoms": [atom]}, "\"gap\"")
    atoms = [(a["w"], a["amplitude"]) for a in gap["atoms"]]
    tv = sum((abs(a) * sqrt_upper(dot(w, w)) for w, a in atoms), Fraction(0))
    primal, dual, _ = objectives(A, atoms, tv, y, lam, cert.p, Fraction(0))
    if primal < dual:
        raise Failed(f"claim gap: the primal bound {primal} is below the dual value {dual}")
    radius2 = 2 * (primal - dual) / (lam * lam)
    say(f"the optimal value for lambda = {lam} lies in [{real(dual):.15g}, {real(primal):.15g}] "
        f"(weak duality: p feasible, a measure of {len(atoms)} atoms)")
    say(f"the optimal dual vector p* lies within {magnitude(sqrt_upper(radius2))} of p (|p - p*|^2 "
        f"<= {magnitude(radius2)}, strong concavity); the minimiser's atoms are not proved")

# ---- claim 8: a regularisation path (segments of one structure, breakpoints between them) ------
def polynomial(items) -> list:     # in lambda over Q, constant term first
    if not isinstance(items, list) or len(items) > MAX_DEGREE + 1:
        raise Malformed(f"a polynomial is a list of at most {MAX_DEGREE + 1} rational coefficients")
    return trim(rationals(items))

def sturm_changes(chain, x) -> int:
    signs = [v for v in (peval(P, x) for P in chain) if v]
    return sum((a > 0) != (b > 0) for a, b in zip(signs, signs[1:]))

MAX_STURM = 1 << 24     # degree^3 times coefficient bits of one P: about 5 CPU seconds of Sturm
PATH_STURM = 1 << 28    # all of a path's: a small file must not cost hours

def primitive(c) -> list:     # a positive multiple of c with coprime integer coefficients
    c = scaled(trim(c))[0]
    g = gcd(*c)
    return [v // g for v in c] if g else c

def sturm_chain(P) -> list:
    """Positive multiples of Sturm's sequence of P: integers with their content divided out
    (the same signs; rationals in lowest terms grow much faster)."""
    chain = [primitive(P), primitive([k * v for k, v in enumerate(P)][1:])]
    while len(chain[-1]) > 1:
        rest, den = int_remainder(chain[-2], 1, chain[-1])
        if not trim(rest):
            break
        chain.append(primitive([-v if den > 0 else v for v in rest]))
    return chain

def positive_on(P, lo: Fraction, hi: Fraction, closed, budget=None) -> bool:
    """``P > 0`` on ``(lo, hi)`` and the ``closed`` ends: roots at open ends divided out, then
    positive at the middle and no root by Sturm's sequence.  False (not proved) also for a P
    whose degree^3 times coefficient bits pass ``MAX_STURM`` or what is left of ``budget``
    (a list ``[work]``, reduced by that of each P).

    >>> positive_on([Fraction(-2), Fraction(0), Fraction(1)], Fraction(1), Fraction(2), (True, True))
    False
    """
    P = trim(P)
    if not P or any(shut and peval(P, end) <= 0 for end, shut in zip((lo, hi), closed)):
        return False
    work = (len(P) - 1) ** 3 * max(c.bit_length() for c in primitive(P))
    if work > min(MAX_STURM, budget[0] if budget else MAX_STURM):
        return False
    if budget:
        budget[0] -= work
    for end, flip in ((lo, 1), (hi, -1)):
        while P and lo < hi and peval(P, end) == 0:     # synthetic division by flip (lambda - end)
            quotient = [P[-1]]
            for ck in reversed(P[1:-1]):
                quotient.append(ck + end * quotient[-1])
            P = [flip * v for v in reversed(quotient)]
    if lo == hi or len(P) < 2:
        return lo == hi or P[0] > 0 if P else False
    chain = sturm_chain(P)
    return peval(P, (lo + hi) / 2) > 0 and sturm_changes(chain, lo) == sturm_changes(chain, hi)

def tiling(pieces, lo: Fraction, hi: Fraction, where: str) -> None:     # [a, b] end to end
    ends = [lo] + [v for piece in pieces for v in piece] + [hi]
    if not pieces or any(a != b for a, b in zip(ends[::2], ends[1::2])) \
            or any(a > b for a, b in pieces):
        raise Failed(f"{where}: the intervals do not tile [{lo}, {hi}] without a gap")

def region_bounds(bounds, regions, where: str) -> list:
    """A path's multipliers: ``{"up"?, "down"?}`` per region, with the region's pattern."""
    bounds = read(bounds, [{"up?": dict, "down?": dict}], where)
    if len(bounds) != len(regions):
        raise Malformed(f"{where}: one entry per region")
    return [dict(bound, pattern=region["pattern"]) for bound, region in zip(bounds, regions)]

def lam_pair(pair) -> tuple:
    return tuple(rationals(pair, 2))

def lam_range(entry, where: str) -> tuple:     # of a segment or a lambda-box
    return lam_pair(read(entry, dict, where).get("lam"))

def check_path(A: Arrangement, regions, claims, say) -> None:
    """Segments and breakpoints tile ``[lam_min, lam_max]``; each segment's structure is proved,
    and the structures on the two sides of a breakpoint differ."""
    path = read(claims["path"], {"lam_min": rational, "lam_max": rational, "segments": list,
                                 "breakpoints": [{"lam": lam_pair}]}, "\"path\"")
    y, lam_min, lam_max, segments = rationals(claims["y"], A.n), path["lam_min"], \
        path["lam_max"], path["segments"]
    gaps = [b["lam"] for b in path["breakpoints"]]
    if not 0 < lam_min < lam_max or len(gaps) != len(segments) - 1:
        raise Malformed("a path needs 0 < lam_min < lam_max and breakpoints between segments")
    spans = [lam_range(s, f"segment {k}") for k, s in enumerate(segments)]
    say.claim = "cover"
    tiling([v for pair in zip_longest(spans, gaps) for v in pair if v], lam_min, lam_max,
           "claim cover")
    say(f"the {len(segments)} segments and {len(gaps)} breakpoint enclosures cover [{lam_min}, "
        f"{lam_max}] without a gap", "cover")
    budget = [PATH_STURM]
    structures = [check_segment(A, regions, y, k, segment, (lo, hi), gaps, say, budget)
                  for k, (segment, (lo, hi)) in enumerate(zip(segments, spans))]
    for k, (lo, hi) in enumerate(gaps):
        name = f"breakpoint {k}: [{lo}, {hi}]"
        if None in structures[k:k + 2]:
            say.not_covered(name, "the structure on one of its sides is not proved")
            continue
        if structures[k] == structures[k + 1]:
            raise Failed(f"claim {name}: the structures on its two sides are the same")
        new, gone = (", ".join(f"face {f} sign {'+' if t > 0 else '-'}" for f, t in sorted(change))
                     or "none" for change in (structures[k] - structures[k + 1],
                                              structures[k + 1] - structures[k]))
        say(f"the structure changes in [{lo}, {hi}]: as lambda decreases, atoms appear ({new}) "
            f"and go ({gone}), read from the structures proved on its two sides", name)

def check_segment(A: Arrangement, regions, y, k, segment, span, gaps, say, budget=None):
    (lo, hi), name = span, f"segment {k}: [{span[0]}, {span[1]}]"
    say.claim = name
    if set(segment) == {"lam"}:
        return say.not_covered(name, "no structure is proved on this segment")
    shape(segment, {"lam", "atoms"}, {"boxes", "exact"}, name)
    if len(set(segment) & {"boxes", "exact"}) != 1:
        raise Malformed(f"{name}: give either \"boxes\" or \"exact\"")
    atoms = atom_list(A, segment["atoms"])
    if not lo < hi:
        raise Malformed(f"{name}: a segment has lo < hi")
    if "exact" in segment:
        opened = (k > 0 and gaps[k - 1][0] == gaps[k - 1][1],
                  k < len(gaps) and gaps[k][0] == gaps[k][1])
        try:
            step(name, say, exact_segment, A, regions, atoms, segment["exact"], y, lo, hi, opened,
                 name, budget)
        except Failed as exc:
            raise Failed(str(exc) if str(exc).startswith(name) else f"{name}: {exc}") from None
        ends = ("(" if opened[0] else "[") + f"{lo}, {hi}" + (")" if opened[1] else "]")
        say(f"for every lambda in {ends} a minimiser has {len(atoms)} atoms on these faces, its p "
            "and amplitudes rational functions of lambda (identities over Q, signs by Sturm "
            "sequences)", name)
    else:
        boxes = read(segment["boxes"], [dict], f"{name}, \"boxes\"")
        if not boxes:
            raise Malformed(f"{name}: \"boxes\" must be a nonempty list of lambda-boxes")
        tiling([lam_range(b, name) for b in boxes], lo, hi, f"{name}, step boxes")
        for e, box in enumerate(boxes):
            a, b = lam_range(box, name)
            local = region_bounds(box.get("bounds"), regions, f"{name}, box {e}, \"bounds\"")
            spec = {key: v for key, v in box.items() if key not in ("lam", "bounds")}
            try:
                step(name, say, enclose, A, local, spec | {"atoms": atoms}, y, Interval(a, b),
                     lambda *line: None)
            except Failed as exc:
                raise Failed(f"{name}, box {e} [{a}, {b}]: {exc}") from None
        say(f"for every lambda in [{lo}, {hi}] a minimiser has {len(atoms)} atoms on these faces "
            f"({len(boxes)} Krawczyk lambda-boxes)", name)
    return {(a["face"], a["sign"]) for a in atoms}

def bound_below_one(A: Arrangement, pattern: str, side: int, found: dict, P, D) -> list:
    """``D^2 - |q|^2``, ``q = side g_R(P) + D sum_j lam_j s_j x_j``: positive for ``|eta| < 1``."""
    P, D = [Poly(v) for v in P], Poly(D)
    g = [dot([side * v if s == "+" else 0 for v, s in zip(column, pattern)], P)
         for column in zip(*A.rows)]
    q = with_multipliers(A, pattern, found, g, rational, "", D)
    return list((D * D - dot(q, q)).c)

def exact_segment(A: Arrangement, regions, atoms, spec, y, lo, hi, opened, name,
                  budget=None) -> None:
    """``p = P / D``, ``c = C / D``: the system an identity, every strict inequality positive
    (decided by Sturm's sequences within ``budget``, :func:`positive_on`)."""
    budget = [PATH_STURM] if budget is None else budget
    spec = read(spec, {"denominator": polynomial, "p": [polynomial], "c": [polynomial],
                       "walls": list, "bounds": [{"lam": lam_pair, "regions": list}]},
                f"{name}: \"exact\"")
    D, P, c = Poly(spec["denominator"]), [Poly(v) for v in spec["p"]], [Poly(v) for v in spec["c"]]
    if len(P) != A.n or len(c) != len(atoms):
        raise Malformed(f"{name}: \"exact\" needs {A.n} polynomials p and one c per atom")
    system = System(A, atoms, y, Fraction(0))
    closed = (not opened[0], not opened[1])
    if not positive_on((D * D).c, lo, hi, (True, True), budget):
        raise Failed(f"{name}, step denominator: D is not proved free of roots on the segment")
    lam = Poly([0, 1])
    for j in range(A.n):    # D^2 F(P / D, c / D) = 0, equation by equation
        if lam * D * P[j] - D * D * y[j] + sum(cg * dot(Q[j], P) for cg, Q in zip(c, system.Q)):
            raise Failed(f"{name}, step identity: equation {j} is not identically 0")
    for i in range(len(atoms)):     # no pairs and no ghosts: one group per atom
        if dot(P, [dot(row, P) for row in system.M[i]]) - D * D:
            raise Failed(f"{name}, step identity: |w_{i}|^2 = 1 is not an identity")
    covered = strict_signs(system, regions, spec["walls"], [cg * D for cg in c],
                           lambda L: dot(L, P) * D, lambda v, s: positive_on(
                               (v * s).c, lo, hi, closed, budget) if s else not v, name)
    tiling([piece["lam"] for piece in spec["bounds"]], lo, hi, f"{name}, step bounds")
    for e, piece in enumerate(spec["bounds"]):
        (a, b) = piece["lam"]
        local = region_bounds(piece["regions"], regions, f"{name}, bounds {e}")
        ends = (closed[0] or a > lo, closed[1] or b < hi)
        for k, region in enumerate(regions):
            for side in (1, -1):
                if (k, side) in covered:
                    continue
                found = multipliers(A, local[k], k, side)
                if not positive_on(bound_below_one(A, region["pattern"], side, found, spec["p"],
                                                   spec["denominator"]), a, b, ends, budget):
                    raise Failed(f"{name}, bounds {e} [{a}, {b}], region {k} (pattern "
                                 f"{region['pattern']}), sign {side:+d}: the multipliers do not "
                                 "bound (sign eta)^2 below 1 there")

# ---- the whole proof ---------------------------------------------------------------------------
class Verdict:
    """The claims with their status; ``say(text, claim)``; ``say.claim``: the one a failure hits."""

    def __init__(self, expected=None):
        self.claims, self.claim, self.problem, self.expected = [], "format", None, expected

    def __call__(self, text: str, claim=None) -> None:
        self.claims.append({"claim": claim or self.claim, "status": "proved", "detail": text})

    def not_covered(self, claim: str, text: str) -> None:
        self.claims.append({"claim": claim, "status": "not covered", "detail": text})

    def lines(self) -> list:
        return [("not covered: " if c["status"] == "not covered" else "") + c["detail"]
                for c in self.claims]

def step(name: str, say: Verdict, claim, *args):     # an undecided sign fails the claim
    say.claim = name
    try:
        return claim(*args)
    except Undecided as exc:
        raise Failed(f"claim {name}: {exc}") from None

# The minor version that added a key (of the proof, a claim, "shard", an atom of "krawczyk")
ADDED = {"shard": 1, "p0": 1, "path": 2, "p0_ball": 2, "parquet_sha256": 2, "tree": 3, "idle": 4,
         "units": 5}

def read_format(proof) -> None:
    """Its own major version, a minor up to its own, no key of a later minor than the file's."""
    fmt, claims, shard = proof["format"], proof["claims"], proof.get("shard")
    if not isinstance(fmt, dict) or fmt.get("name") != FORMAT or fmt.get("version") not in [
            f"{VERSION[0]}.{minor}" for minor in range(VERSION[1] + 1)]:
        raise Malformed(f"unknown format {str(fmt)[:80]}: this checker reads {FORMAT} versions "
                        f"{VERSION[0]}.0 to {VERSION[0]}.{VERSION[1]}")
    shape(claims, set(), set(CLAIMS), "\"claims\"", "claim")   # a misspelt claim: not checked
    keys = set(proof) | set(claims) | (set(shard) if isinstance(shard, dict) else set())
    spec = claims.get("krawczyk")
    atoms = spec.get("atoms") if isinstance(spec, dict) else None
    keys |= {key for atom in atoms if isinstance(atom, dict) for key in atom} \
        if isinstance(atoms, list) else set()
    newer = sorted(key for key in keys if ADDED.get(key, 0) > int(fmt["version"][2:]))
    if newer:
        raise Malformed(f"the key {newer[0]!r} needs format {VERSION[0]}.{ADDED[newer[0]]}+")

def read_problem(proof, say) -> tuple:
    """The problem (against the one a user gives), the claims with its y and lambda, the data."""
    claims = proof["claims"]
    if claims.get("nondegenerate", True) is not True or \
            not isinstance(claims.get("unique", True), bool):
        raise Malformed("\"nondegenerate\" can only be claimed true, \"unique\" true or false")
    orphans = [key for key in claims if CLAIMS[key][0] and CLAIMS[key][0] not in claims]
    if orphans:   # a claim the checker would skip must not pass silently
        raise Malformed(f"claim {orphans[0]!r} needs {CLAIMS[orphans[0]][0]!r}, not given")
    problem = say.problem = Problem(proof["problem"])
    if say.expected is not None and problem.differs(say.expected):
        say.claim = "problem"
        raise Failed(f"the proof is about other data: {problem.differs(say.expected)}")
    claims = dict(claims)
    for key, value in (("y", problem.y), ("lam", problem.lam)):   # the problem's, never a copy
        if key in claims and (value is None or (rationals(claims[key], len(value)) if key == "y"
                                                else rational(claims[key])) != value):
            raise Malformed(f"claim {key!r} is not the {key} of the problem")
        if value is not None:
            claims[key] = [str(v) for v in value] if key == "y" else str(value)
    if {"minimisers", "atoms"} & set(claims) and (problem.y is None or problem.lam is None):
        raise Malformed("minimisers and atoms need a problem with labels y and a lambda")
    A = Arrangement(proof["data"])
    if A.rows != problem.rows:
        raise Malformed("\"data\" is not the rows X of the problem (and a bias column)")
    say.claim = "data_sha256"
    if proof["data_sha256"] != problem.digest:
        raise Failed(f"claim data_sha256: the problem's digest is {problem.digest}, the file says "
                     f"{str(proof['data_sha256'])[:64]}")
    if "units" in proof:
        say.claim = "units"
        A = in_units(proof["units"], claims, A, say)
    return problem, claims, A

exponent = reader(lambda v: type(v) is int and abs(v) <= 20000, "an integer of size <= 20000")

def in_units(units, claims, A: Arrangement, say) -> Arrangement:
    """Units {"data": e, "labels": f}: the claims are about rows 2^e, y 2^f, lambda 2^(e + f)."""
    shape(units, {"data", "labels"}, set(), "\"units\"")
    e, f = (read(units[key], exponent, f"\"units\" {key}") for key in ("data", "labels"))
    if "y" not in claims or "lam" not in claims:
        raise Malformed("\"units\" need the claims y and lam")
    try:     # the numbers' texts: str refuses more than 4,300 digits
        claims["y"] = [str(Fraction(v) * Fraction(2) ** f) for v in claims["y"]]
        claims["lam"] = str(Fraction(claims["lam"]) * Fraction(2) ** (e + f))
        rows = [[str(v * Fraction(2) ** e) for v in row] for row in A.rows]
    except ValueError:
        raise Malformed(f"\"units\" {e}, {f}: the scaled data, labels or lambda have numbers of "
                        "more than 4,300 digits") from None
    say(f"an exact change of units: the claims below are about the data rows (with a bias column, "
        f"if any) times 2^{e}, y 2^{f}, lambda 2^{e + f}, whose minimisers are those of the "
        f"problem above with amplitudes times 2^{f - e}", "units")
    return Arrangement(rows)

def check(proof, say=None) -> list:
    """Check every claim of a proof (a dict); return the lines proved (and "not covered: ...");
    raise Failed or Malformed.  ``say``: a :class:`Verdict` collecting the claims."""
    say = Verdict() if say is None else say
    shape(proof, {"format", "problem", "data_sha256", "data", "regions", "claims"},
          {"field", "shard", "tree", "units"}, "a proof")
    read_format(proof)
    problem, claims, A = read_problem(proof, say)
    regions, listed = proof["regions"], None
    if "shard" in proof:     # alone: distinct regions; completeness needs all shards
        index, count, _ = shard_header(proof)
        step("regions", say, check_regions, A, regions, False)
        say(f"the {len(regions)} listed patterns are distinct regions (witnesses with exactly "
            "their signs)")
        say.not_covered("completeness", f"this file is shard {index} of {count}; checking its "
                        "directory checks all shards")
        return say.lines()
    if "tree" in proof:   # the pruned tree of the search instead of all regions (format 2.3)
        cert, extrema = check_tree_proof(A, proof, claims, say)
    else:
        say.claim = "field"
        field = Field(proof["field"]) if "field" in proof else None
        listed = step("regions", say, check_regions, A, regions)
        n_regions = read(claims.get("n_regions", len(regions)), integer, "\"n_regions\"")
        if n_regions != len(regions):
            raise Failed(f"claim regions: {len(regions)} regions listed, it claims {n_regions}")
        say(f"the {len(regions)} listed regions are all regions of the arrangement "
            f"({len(A.hyperplanes)} distinct hyperplanes)")
        if field:
            say(f"f (degree {len(field.f) - 1}) changes sign on the listed interval "
                f"[{real(field.lo):.12g}, {real(field.hi):.12g}]: it has a root theta there, and "
                "the numbers below lie in Q(theta)", "field")
        if "p" in claims:
            say.claim = "sup_abs_eta_squared"
            cert = Certificate(A, claims["p"], field)
            extrema = (check_extremum(cert, region, k, side)
                       for k, region in enumerate(regions) for side in (1, -1))
    if "p" in claims:
        step("sup_abs_eta_squared", say, check_certificate, cert, extrema, regions, listed,
             claims, say)
        infeasible = [key for key, (_, feasible) in CLAIMS.items() if feasible and key in claims]
        if infeasible and cert.number(claims["sup_abs_eta_squared"]) > 1:   # never skipped
            say.claim = infeasible[0]
            raise Failed(f"claim {infeasible[0]}: p is not dual feasible, so it is false")
        for keys, name, claim in (({"minimisers"}, "minimisers", check_minimisers),
                                  ({"atoms"}, "minimiser", check_optimality),
                                  ({"p0", "p0_ball"}, "p0", check_p0), ({"gap"}, "gap", check_gap)):
            if keys & set(claims):
                step(name, say, claim, A, cert, claims, say)
    if "krawczyk" in claims and "tree" not in proof:
        step("minimiser", say, check_krawczyk, A, regions, claims, say)
    if "path" in claims:
        if problem.lam is not None or set(claims) - {"path", "y", "n_regions", "not_covered"}:
            raise Malformed("a path proof has no lambda and no other claims")
        check_path(A, regions, claims, say)
    not_covered = read(claims.get("not_covered", {}), dict, "\"not_covered\"")
    for name, text in not_covered.items():     # listed as not re-checked: never also claimed
        if not isinstance(text, str):
            raise Malformed("\"not_covered\" must be an object {claim: why it is not re-checked}")
        if name in claims or name in {c["claim"] for c in say.claims}:
            raise Malformed(f"claim {name[:40]!r} is both claimed and listed as not covered")
        say.not_covered(name[:80], text)
    return say.lines()

EXIT = {"proved": 0, "failed": 1, "malformed": 2, "not covered": 3}   # failure over "not covered"

def verdict(proof, problem=None) -> dict:
    """``{"valid", "data_sha256", "problem", "claims": [{"claim", "status", "detail"}], "exit"}``
    of a proof; ``problem``: the one a user says it is about (like the file's ``"problem"``)."""
    say = Verdict(None if problem is None else Problem(problem))
    try:
        check(proof, say)
    except Failed as exc:
        say.claims.append({"claim": say.claim, "status": "failed", "detail": str(exc)})
    except (TypeError, KeyError, IndexError, AttributeError, ValueError) as exc:   # wrong type
        raise Malformed(f"claim {say.claim}: a value of the wrong type or shape "
                        f"({type(exc).__name__}: {str(exc)[:100]})") from None
    statuses = {c["status"] for c in say.claims}
    return {"valid": statuses == {"proved"}, "data_sha256": say.problem.digest,
            "problem": say.problem.summary(), "claims": say.claims,
            "exit": next(EXIT[s] for s in ("failed", "not covered", "proved") if s in statuses)}

def main(argv=None, problem=None) -> int:     # problem: what the user says it is about
    argv = sys.argv[1:] if argv is None else list(argv)
    as_json = "--json" in argv
    argv = [a for a in argv if a != "--json"]
    if len(argv) != 1:
        print("usage: python -m certificates.proofs.checker PROOF.json|DIR [--json]",
              file=sys.stderr)
        return 2
    if os.path.isdir(argv[0]):
        return check_directory(argv[0], as_json, problem)
    try:
        outcome = verdict(read_json(argv[0]), problem)
    except READ_ERRORS as exc:
        print(f"check: cannot read {argv[0]}: {unreadable(exc)['claims'][0]['detail']}",
              file=sys.stderr)
        return 2
    status = outcome.pop("exit")
    lines = [f"problem: {outcome['problem']}", f"data_sha256: {outcome['data_sha256']}"] + [
        ("FAILED" if c["status"] == "failed" else c["status"]) + ": " + c["detail"]
        for c in outcome["claims"]]
    print(json.dumps(outcome, indent=1) if as_json else "\n".join(lines))
    return status

# ---- shards of one region list, and directories of proofs --------------------------------------
def shard_header(proof) -> tuple:
    """``(index, count, root)`` of a shard; a shard claims nothing but the number of regions."""
    shard = read(proof["shard"], {"index": integer, "count": integer, "root": string,
                                  "parquet_sha256?": sha256}, "\"shard\"")
    if not 0 <= shard["index"] < shard["count"] or set(proof["claims"]) != {"n_regions"} \
            or "field" in proof:
        raise Malformed("a shard is shard i of N (0 <= i < N), claiming n_regions only")
    return shard["index"], shard["count"], shard["root"]

def file_sha256(path: str):     # None if it cannot be read; binds a Parquet file by its bytes
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def merge_shards(proofs) -> dict:
    """One proof from shards 0 to N-1 (once each, one problem, data and claim), the root first."""
    heads = sorted((shard_header(p), k) for k, p in enumerate(proofs))
    (count, root), keys = heads[0][0][1:], ("format", "problem", "data_sha256", "data", "claims")
    if [h[0] for h, _ in heads] != list(range(count)) \
            or any(h[1:] != (count, root) for h, _ in heads) \
            or any(p[key] != proofs[0][key] for p in proofs for key in keys):
        raise Failed(f"the {len(proofs)} shard files are not shards 0 to {count - 1}, each once")
    regions = [r for _, k in heads for r in proofs[k]["regions"]]
    at = [k for k, r in enumerate(regions) if isinstance(r, dict) and r.get("pattern") == root]
    if not at:
        raise Failed(f"the root region {root[:80]} is in no shard")
    regions.insert(0, regions.pop(at[0]))
    return {key: proofs[0][key] for key in keys} | {"regions": regions}

def result(status, detail, digest=None, claim="shards") -> dict:   # of a file verdict did not read
    return {"valid": status == "proved", "data_sha256": digest, "exit": EXIT[status],
            "claims": [{"claim": claim, "status": status, "detail": detail}]}

def unreadable(exc, digest=None) -> dict:
    return result("malformed", f"{type(exc).__name__}: {str(exc)[:200]}", digest, "format")

READ_ERRORS = (OSError, Malformed, KeyError, TypeError, ValueError, IndexError, AttributeError,
               RecursionError)

def read_json(path: str):
    with open(path, encoding="utf-8") as handle:
        return loads(handle.read())

def check_directory(path: str, as_json=False, problem=None) -> int:
    """Every ``*.json`` proof (not ``_*``, ``.*``), one region list's shards merged, the manifest
    ``_dataset.json`` against them; a line per file, the worst exit status."""
    results, shards, merged, bound = {}, {}, {}, set()
    for name in sorted(os.listdir(path)):
        if name.endswith(".json") and not name.startswith(("_", ".")):
            try:
                proof = read_json(os.path.join(path, name))
                if isinstance(proof, dict) and "shard" in proof:
                    shards.setdefault(str(proof.get("data_sha256")), []).append((name, proof))
                else:
                    results[name] = verdict(proof, problem)
            except READ_ERRORS as exc:
                results[name] = unreadable(exc)
    for digest, group in shards.items():
        try:
            merged[digest] = merge_shards([p for _, p in group])
            outcome = verdict(merged[digest], problem)
        except Failed as exc:
            outcome = result("failed", str(exc), digest)
        except READ_ERRORS as exc:
            outcome = unreadable(exc, digest)
        for name, proof in group:   # the Parquet file beside a shard proof: the one it was for
            results[name] = outcome
            shard = proof["shard"] if isinstance(proof["shard"], dict) else {}
            parquet = name.removesuffix(".proof.json") + ".parquet"
            if "parquet_sha256" in shard:
                bound.add(parquet)
                if file_sha256(os.path.join(path, parquet)) != shard["parquet_sha256"]:
                    results[name] = result("failed", f"{parquet} is not the file this shard proof "
                                           "was written for (missing, or its SHA-256 differs)",
                                           digest, "parquet")
    if os.path.exists(os.path.join(path, "_dataset.json")):
        results["_dataset.json"], listed = check_manifest(path, merged, results, shards)
        bound |= set(listed)
    for name in sorted(os.listdir(path)):
        if name.startswith("part-") and name.endswith(".parquet") and name not in bound:
            results[name] = result("not covered", f"{name} is bound by no SHA-256 (of a shard "
                                   "proof or the manifest): its rows are not the ones proved",
                                   None, "parquet")   # a reader of the directory reads them all
    if not results:
        print(f"check: no proof files (*.json) in {path}", file=sys.stderr)
        return 2
    status = next(s for s in (1, 2, 3, 0) if s in {r["exit"] for r in results.values()})
    lines = []
    for name, r in results.items():
        bad = [c for c in r["claims"] if c["status"] != "proved"]
        lines.append(f"{name}: " + (f"{bad[0]['status']}: {bad[0]['detail']}" if bad else
                                    f"proved ({len(r['claims'])} claims, data_sha256 "
                                    f"{r['data_sha256'][:16]})"))
    print(json.dumps({"exit": status, "files": results}, indent=1) if as_json else "\n".join(lines))
    return status

def check_manifest(path: str, merged: dict, results: dict, shards: dict) -> tuple:
    """The manifest's ``n_regions`` regions of ``data_sha256``, proved by its data's shard
    proofs, and the Parquet files it binds by their SHA-256 (none if it cannot be read)."""
    try:
        meta = read_json(os.path.join(path, "_dataset.json"))
        digest, n = sha256(meta["data_sha256"]), integer(meta["n_regions"])
        files = read(meta.get("parquet_sha256", {}), dict, "\"parquet_sha256\"")
        if not all(isinstance(f, str) and f == os.path.basename(f) and f.endswith(".parquet")
                   and sha256(h) for f, h in files.items()):
            raise Malformed('"parquet_sha256" must be an object {"part-iiiii.parquet": SHA-256}')
    except READ_ERRORS as exc:
        return unreadable(exc), {}
    changed = [f for f, h in files.items() if file_sha256(os.path.join(path, f)) != h]
    extra = sorted(f for f in os.listdir(path) if f.startswith("part-")
                   and f.endswith(".parquet") and f not in files)
    if changed:
        return result("failed", f"{changed[0]} is not the file the manifest lists (missing, or "
                      "its SHA-256 differs)", digest, "parquet"), files
    if files and extra:             # read with the others by any reader of the directory
        return result("failed", f"{extra[0]} is a Parquet file of the directory that the "
                      "manifest does not list", digest, "parquet"), files
    if digest not in shards:
        return result("not covered", f"completeness: no shard proofs of its {n} regions here",
                      digest, "manifest"), files
    if results[shards[digest][0][0]]["exit"] != 0 or not meta.get("complete") \
            or len(merged[digest]["regions"]) != n:
        return result("failed", f"it claims {n} regions (complete: {meta.get('complete')}); the "
                      "shard proofs do not prove that many", digest, "manifest"), files
    return result("proved", f"its {n} regions are all regions of the data (the shard proofs, "
                  "together)", digest, "manifest"), files

# ---- format 2.3: a pruned tree instead of all regions ------------------------------------------
# Nodes in preorder, each the closed cone {w : s_i <a_i, w> >= 0} of the splits on its path: split
# "s", bound "b", leaf "l" (with multipliers, or a listed region), empty side "e" (section 10).
TREE_CLAIMS = {"p", "sup_abs_eta_squared", "extreme_points", "y", "lam", "minimisers", "unique",
               "atoms", "objective", "krawczyk", "gap", "not_covered"}

class Tree:
    """Per hyperplane h: ``side eta = A relu(<a_h, w>) + B relu(-<a_h, w>)``, A, B intervals."""

    def __init__(self, A: Arrangement, p, scale: int, side: int):
        self.A, self.k, self.normal, coef = A, scale, A.normal, {}
        for h in A.hyperplanes:
            a = A.normal[h]
            k, up, down = next(i for i, v in enumerate(a) if v), [0, 0], [0, 0]
            for j in A.members[h]:
                c = A.rows[j][k] / a[k]
                total = up if c > 0 else down
                total[0], total[1] = total[0] + abs(c) * p[j][0], total[1] + abs(c) * p[j][1]
            coef[h] = (up, down) if side > 0 else ([-up[1], -up[0]], [-down[1], -down[0]])
        self.den = lcm(1, *(v.denominator for pair in coef.values() for ab in pair for v in ab))
        self.coef = {h: tuple([int(v * self.den) for v in ab] for ab in pair)
                     for h, pair in coef.items()}
        self.weighted = [h for h in A.hyperplanes if any(coef[h][0] + coef[h][1])]

    def add(self, acc, flat, path, where):     # acc + sum m s_i a_i, flat = [i, m, ...]
        if not all(type(v) is int for v in flat) or len(flat) % 2:
            raise Malformed(f"{where}: multipliers are integers [i, m, ...]")
        for i, m in zip(flat[::2], flat[1::2]):
            if not 0 <= i < len(path) or m < 0:
                raise Failed(f"{where}: {m} at {i}: not a nonnegative multiplier of a wall")
            acc = [x + m * path[i][1] * v for x, v in zip(acc, self.normal[path[i][0]])]
        return acc

def tree_bound(T: Tree, path, g, ranges, flat, level, where) -> None:
    """``side eta <= <g', w> + K`` (free terms under chords), ``<g', w> <= |g' + sum m s_i a_i|``:
    below level.  Integers over ``den 2^scale``."""
    fixed, K, acc, unit, D = {h for h, _ in path}, 0, [0] * T.A.d, 1 << T.k, T.den
    for h in T.weighted:
        if h in fixed:
            continue
        ((a0, a1), (b0, b1)), (hi, lo) = T.coef[h], ranges[h]
        a, b = a0 + a1, b0 + b1            # twice the midpoints
        slope = (a * hi - b * lo) * unit // (2 * D * (hi + lo)) if hi + lo else 0
        K += max(0, hi * (a1 * unit - slope * D), lo * (b1 * unit + slope * D))   # over D 4^scale
        acc = [x + slope * v for x, v in zip(acc, T.normal[h])]
    acc = T.add(acc, flat, path, where)
    top = sum(max(abs(lo * unit + x * D), abs(hi * unit + x * D)) ** 2
              for lo, hi, x in zip(*g, acc))
    L, scale = level.numerator * D * unit * unit, level.denominator
    if not (K * scale < L and top * (scale * D * unit * unit) ** 2
            < (L - K * scale) ** 2 * (D * unit) ** 2):
        raise Failed(f"{where}: the bound |g' + sum mu s a| + K with K = "
                     f"{shown(Fraction(K, D * unit * unit))} is not below {shown(level)}")

def tighten(T: Tree, path, ranges, entries, where) -> dict:
    """Ranges ``[h, side, value, i, m, ...]``: ``side <a_h, w> <= value / 2^scale`` on the cone."""
    ranges = dict(ranges) if read(entries, list, f"{where}: ranges") else ranges
    for e in entries:
        if not isinstance(e, list) or len(e) < 3 or not all(type(v) is int for v in e[:3]) \
                or e[1] not in (1, -1) or not 0 <= e[0] < T.A.n or T.A.group[e[0]] not in ranges:
            raise Malformed(f"{where}: a range is [h, side, value, i, m, ...], h weighted")
        h = T.A.group[e[0]]
        r = T.add([e[1] * v << T.k for v in T.normal[h]], e[3:], path,
                  f"{where}, range of row {e[0]}")
        if e[2] < 0 or e[2] * e[2] < dot(r, r):
            raise Failed(f"{where}: the range of row {e[0]} (side {e[1]:+d}) is not proved")
        hi, lo = ranges[h]
        ranges[h] = (min(hi, e[2]), lo) if e[1] > 0 else (hi, min(lo, e[2]))
    return ranges

def tree_split(T: Tree, node, path, ranges, g, here) -> list:     # side -, then side +
    if len(node) != 3 or type(node[1]) is not int or not 0 <= node[1] < T.A.n \
            or T.A.group[node[1]] is None:
        raise Malformed(f"{here}: a split is [\"s\", data row, ranges]")
    h = T.A.group[node[1]]
    if any(h == k for k, _ in path):
        raise Failed(f"{here}: the hyperplane of row {node[1]} is split twice on one path")
    ranges = tighten(T, path, ranges, node[2], here)
    (a0, a1), (b0, b1) = T.coef[h] if h in T.coef else ((0, 0), (0, 0))
    children = []
    for s, (c0, c1) in ((-1, (-b1, -b0)), (1, (a0, a1))):      # on side -, B relu(-t) = -B t
        low = tuple([x + min(c0 * v, c1 * v) for x, v in zip(g[0], T.normal[h])])
        high = tuple([x + max(c0 * v, c1 * v) for x, v in zip(g[1], T.normal[h])])
        children.append((path + ((h, s),), ranges, (low, high)))
    return children

def tree_leaf(T: Tree, node, path, g, listed, here):
    """``(|q|^2 bound, q if exact and attained else None, where)``; None for a listed region."""
    free = set(T.weighted) - {h for h, _ in path}
    if free:
        raise Failed(f"{here}: a leaf with the weighted hyperplane of row {min(free)} not fixed")
    if len(node) == 1:
        sides, group = dict(path), T.A.group
        pattern = "".join("0" if group[j] is None or group[j] not in sides else
                          sign(sides[group[j]] * dot(T.A.int_rows[j], T.normal[group[j]]))
                          for j in range(T.A.n))
        if listed is None or pattern not in listed or pattern.count("0") != T.A.zero_rows:
            raise Failed(f"{here}: the leaf (pattern {pattern}) is not a listed region")
        return None
    if len(node) != 2 or not isinstance(node[1], dict):
        raise Malformed(f"{here}: a leaf is [\"l\", {{path position: multiplier}}] or [\"l\"]")
    mu = {index(i, len(path), here): rational(v) for i, v in node[1].items()}
    if any(v < 0 for v in mu.values()):
        raise Failed(f"{here}: a leaf multiplier is negative")
    extra = [sum((v * path[i][1] * T.normal[path[i][0]][k] for i, v in mu.items()), Fraction(0))
             for k in range(T.A.d)]
    lo, hi = ([Fraction(x, T.den) + e for x, e in zip(end, extra)] for end in g)
    q = lo if lo == hi and all(s * dot(T.normal[h], lo) >= 0 for h, s in path) and \
        all(dot(T.normal[path[i][0]], lo) == 0 for i, v in mu.items() if v) else None
    return sum((max(abs(a), abs(b)) ** 2 for a, b in zip(lo, hi)), Fraction(0)), q, here

def check_tree(T: Tree, nodes, level, listed, where) -> list:
    """Walk one sign's tree (each node covered by its children); return its leaves' bounds."""
    read(nodes, list, f"{where}: a tree")
    root = {h: (isqrt((dot(T.normal[h], T.normal[h]) << 2 * T.k) - 1) + 1,) * 2 for h in T.weighted}
    stack, pos, leaves = [((), root, ([0] * T.A.d, [0] * T.A.d))], 0, []
    while stack:
        path, ranges, g = stack.pop()
        if pos >= len(nodes):
            raise Failed(f"{where}: the tree ends at node {pos}; a child is missing, so it does "
                         "not cover the sphere")
        node, here = nodes[pos], f"{where}, node {pos}"
        pos += 1
        if not isinstance(node, list) or not node or node[0] not in ("s", "b", "l", "e"):
            raise Malformed(f"{here}: a node is a list starting with \"s\", \"b\", \"l\" or \"e\"")
        if node[0] == "s":
            stack += tree_split(T, node, path, ranges, g, here)
        elif node[0] == "b":
            tree_bound(T, path, g, ranges, node[1:], level, here)
        elif node[0] == "e":
            if not path or len(node) < 2 or not all(type(v) is int for v in node[1:]) \
                    or len(node) % 2:
                raise Malformed(f"{here}: an empty side is [\"e\", c, i, y, ...] below a split")
            (h, s), c = path[-1], node[1]
            if c <= 0 or any(T.add([c * s * v for v in T.normal[h]], node[2:], path[:-1], here)):
                raise Failed(f"{here}: side {s:+d} of row {T.A.members[h][0]}: no Farkas proof")
        else:
            leaf = tree_leaf(T, node, path, g, listed, here)
            leaves += [leaf] if leaf else []
    if pos != len(nodes):
        raise Failed(f"{where}: nodes after the end of the tree (node {pos})")
    return leaves

def listed_patterns(A: Arrangement, regions) -> dict:
    """A tree proof's regions: patterns, no witness (each check holds on the closed cone)."""
    pattern = reader(lambda v: isinstance(v, str) and len(v) == A.n and all(
        s in SIGN and (s == "0") == (A.group[j] is None) for j, s in enumerate(v)),
        "a pattern with 0 exactly at the zero rows")
    listed = {region["pattern"]: region for region in read(
        regions, [{"pattern": pattern, "up?": dict, "down?": dict}], "\"regions\"")}
    if len(listed) != len(regions):
        raise Malformed("a tree proof lists a pattern twice")
    return listed

def check_tree_proof(A: Arrangement, proof, claims, say) -> tuple:
    """A tree per sign covers the sphere with pruned cones and leaves: with ``p``, the certificate
    and the leaves' maxima; with ``krawczyk``, |eta| < 1 off the listed regions."""
    tree = proof["tree"]
    if "field" in proof or set(claims) - TREE_CLAIMS or not isinstance(proof["regions"], list):
        raise Malformed(f"a tree proof has no field, claims in {sorted(TREE_CLAIMS)}")
    shape(tree, {"level", "scale", "plus", "minus"}, set(), "\"tree\"")
    level, scale = rational(tree["level"]), tree["scale"]
    if type(scale) is not int or not 0 <= scale <= 4096 or level <= 0:
        raise Malformed("\"tree\": level > 0 and an integer scale in 0..4096")
    say.claim = "tree"
    listed, inner, cert = None, None, None
    if "krawczyk" in claims:
        if level != 1 or "p" in claims:
            raise Malformed("a tree with a Krawczyk claim has level 1 and no p")
        listed, inner = listed_patterns(A, proof["regions"]), Verdict()
        box = step("minimiser", say, check_krawczyk, A, proof["regions"], claims, inner)
        p = [(v.lo, v.hi) for v in box]
    elif "p" in claims:
        if proof["regions"]:
            raise Malformed("a tree proof of p lists no regions")
        cert = Certificate(A, claims["p"])
        p = [(v, v) for v in cert.p]
    else:
        raise Malformed("a tree proof claims p or krawczyk")
    found = [(side, *leaf) for side, key in ((1, "plus"), (-1, "minus"))
             for leaf in step("tree", say, check_tree, Tree(A, p, scale, side), tree[key], level,
                              listed, f"claim tree, sign {side:+d}")]
    nodes = len(tree["plus"]) + len(tree["minus"])
    if inner is not None:
        bad = next(((v, here) for _, v, _, here in found if not v < 1), None)
        if bad:
            raise Failed(f"{bad[1]}: |q|^2 <= {shown(bad[0])} is not below 1")
        say(f"the pruned tree ({nodes} nodes) covers the sphere: |eta| < 1 on it off the "
            f"{len(listed)} listed regions, for every p of the box", "tree")
        say.claims += [dict(c, claim="minimiser") for c in inner.claims]
        return None, None
    sup = rational(claims["sup_abs_eta_squared"])
    if level * level > sup and any(cert.p):   # p = 0: eta = 0, so sup 0 whatever the tree
        raise Failed(f"claim tree: the level {level} is above sqrt(sup) = sqrt({sup})")
    say(f"the pruned tree ({nodes} nodes) covers the sphere: bounds below {level} off its "
        f"{len(found)} leaves", "tree")
    return cert, [(None, side, value, lambda q=q: q, here) for side, value, q, here in found]

if __name__ == "__main__":
    sys.exit(main())
