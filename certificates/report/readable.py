"""Exact numbers in Markdown as people read them: each beside its decimal value, the number field
``Q(theta)`` declared once and its elements written as polynomials in ``theta``, and no table cell
longer than :data:`MAX_CELL` characters (a longer one shows its decimals and a note number; the
exact value follows under the table).

>>> shown = Shown.of(["sqrt(2)/2", "1/3"])
>>> shown.number("sqrt(2)/2"), shown.number("1/3"), shown.number("5")
('sqrt(2)/2 ≈ 0.707106781186548', '1/3 ≈ 0.333333333333333', '5')
>>> shown.number("1/8"), shown.number("0.25")
('1/8 = 0.125', '0.25')
>>> shown.number("[0.5 +/- 1e-16]")
'0.5 ± 1e-16'
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..exact.convert import any_digits

__all__ = ["Shown", "MAX_CELL", "MAX_EXACT", "field_line", "THETA", "decimal_beside", "decimal_kind", "SHORT_DECIMAL"]

MAX_CELL = 160
MAX_EXACT = 4000     # an exact number's text longer than this is not printed: its decimal and where it is
THETA = "θ"
_ARB_BALL = re.compile(r"\[(\S+) \+/- (\S+)\]")
_ROOT = re.compile(r"CRootOf\([^()]*\)")
_SYMPY_NAMES = {"sqrt", "CRootOf", "x", "I"}


class Number(str):
    """An exact number or an interval enclosure, as its string."""


SHORT_DECIMAL = 12      # a terminating decimal is written out when its denominator has at most this many digits


def decimal_kind(value) -> str | None:
    """The one rule for the decimal beside an exact number (a sympy expression), used by the
    Markdown text (:func:`decimal_beside`) and the LaTeX reports: None when it needs none (an
    integer, a number with a decimal point in it, not a number), ``"="`` for a fraction whose
    decimal expansion terminates within ``SHORT_DECIMAL`` digits of its denominator (that decimal
    is the number), ``"≈"`` otherwise (a rounded decimal).

    >>> import sympy
    >>> [decimal_kind(sympy.sympify(t)) for t in ("3", "7/8", "1/3", "1/2**60", "sqrt(2)", "0.5", "x")]
    [None, '=', '≈', '≈', '≈', None, None]
    """
    import sympy

    from ..exact.numbers import terminating_decimal
    if value.is_Integer or value.has(sympy.Float) or not value.is_number:
        return None
    if value.is_Rational and terminating_decimal(value, max_digits=SHORT_DECIMAL) is not None:
        return "="
    return "≈"


@lru_cache(maxsize=4096)
@any_digits()
def decimal_beside(text: str) -> str | None:
    """What to write beside an exact number's string (:func:`decimal_kind`): ``"= 0.875"`` for a
    finite decimal, ``"≈ 0.714285714285714"`` otherwise; None for integers, decimals, floats and
    non-numbers."""
    if not set(re.findall(r"[A-Za-z_]\w*", text)) <= _SYMPY_NAMES:
        return None
    import sympy

    from ..exact.numbers import decimal, terminating_decimal
    value = sympy.sympify(text)
    kind = decimal_kind(value)
    if kind == "=":
        exact = terminating_decimal(value, max_digits=SHORT_DECIMAL)
        return None if exact == text else "= " + exact
    return None if kind is None else "≈ " + decimal(value)


@lru_cache(maxsize=1024)
@any_digits()
def _in_theta(text: str, root: str) -> str:
    """A polynomial in the one ``CRootOf`` ``root`` written in ``theta``, highest power first."""
    import sympy
    t = sympy.Dummy("t")
    try:
        poly = sympy.Poly(sympy.sympify(text).subs(sympy.sympify(root), t), t)
    except sympy.PolynomialError:
        return text.replace(root, THETA)
    from ..results.build import polynomial_text
    return polynomial_text(poly.all_coeffs(), THETA)


def field_line(field: dict) -> str:
    """The declaration of ``Q(theta)``: minimal polynomial, isolating interval, decimal value."""
    lower, upper = field["isolating_interval"]
    if len(field["minimal_polynomial"]) + len(lower) + len(upper) > MAX_EXACT:
        return (f"Q({THETA}), {THETA} = a root of a polynomial of degree {field['degree']} "
                f"({len(field['minimal_polynomial'])} characters: in the JSON record), "
                f"{THETA} ≈ {field['decimal']}")
    return (f"Q({THETA}), {THETA} = the root of {field['minimal_polynomial']} in [{lower}, {upper}], "
            f"{THETA} ≈ {field['decimal']} (degree {field['degree']}; sympy: {field['theta']})")


class Shown:
    """How one report prints its numbers: the field ``theta`` (a ``NumberField.to_json()`` dict,
    or None) and the notes of cells too long for a table."""

    def __init__(self, field: dict | None = None):
        self.field = field
        self.notes: list = []

    @classmethod
    @any_digits()
    def of(cls, texts) -> "Shown":
        """The printer for a report whose exact numbers are ``texts`` (the field from their roots)."""
        roots = {m for t in texts if t for m in _ROOT.findall(t)}
        if len(roots) != 1:
            return cls(None)
        import sympy

        from ..exact.numbers import number_field
        field = number_field([sympy.sympify(roots.pop())])
        return cls(None if field is None else field.to_json())

    def exact(self, text: str) -> str:
        """The exact number alone (``theta`` for the field's root); past :data:`MAX_EXACT`
        characters, its length and where to read it."""
        if len(text) > MAX_EXACT:
            return f"(exact value of {len(text)} characters: in the JSON record)"
        if self.field is not None and self.field["theta"] in text:
            return _in_theta(text, self.field["theta"])
        return text

    def number(self, text: str) -> str:
        """An exact number with its decimal value, or an arb ball as ``mid ± radius``."""
        ball = _ARB_BALL.fullmatch(text)
        if ball:
            return f"{ball[1]} ± {ball[2]}"
        value = decimal_beside(text)
        return self.exact(text) if value is None else f"{self.exact(text)} {value}"

    @staticmethod
    def _short(text: str) -> str:
        """The decimal alone: of an exact number, or the certified digits of an arb ball."""
        ball = _ARB_BALL.fullmatch(text)
        if ball:
            return ball[1]
        value = decimal_beside(text)
        return text if value is None else value[2:]

    def cell(self, cell, label: str = "") -> str:
        """A table cell (fragments: text, or numbers of ``Number``) as Markdown text; over
        :data:`MAX_CELL` characters, its decimals and a note number (the exact value in the note)."""
        full = "".join(self.number(part) if isinstance(part, Number) else part for part in cell)
        if len(full) <= MAX_CELL:
            return full.replace("|", "\\|")
        short = "".join(self._short(part) if isinstance(part, Number) else part for part in cell)
        numbers = [part for part in cell if isinstance(part, Number)]
        if numbers and all(len(part) > MAX_EXACT and not _ARB_BALL.fullmatch(part) for part in numbers):
            return f"≈ {short}".replace("|", "\\|")     # a note would only repeat the lengths
        self.notes.append(f"[{len(self.notes) + 1}] {label}: " + "".join(
            (self.number(part) if _ARB_BALL.fullmatch(part) else self.exact(part)) if isinstance(part, Number)
            else part for part in cell))
        return f"≈ {short} [{len(self.notes)}]".replace("|", "\\|")
