"""Numbers read exactly: every entry of data, labels and vectors -> an exact rational; and the
checks of numbers on their way to floats and of limits.  No imports from the rest of the package
but its errors: the file readers (:mod:`arrangement.files`), the built-in data
(:mod:`arrangement.datasets`) and the one dispatcher :func:`arrangement.data.load_data` all
build on it.

Every entry becomes a :class:`fractions.Fraction`.  Decimal text is read as the
decimal it spells (``"0.1"`` is exactly 1/10, in CSV and JSON alike), fraction
text ``"3/7"`` as that fraction, and a Python or NumPy float through its shortest decimal
repr, the text Python prints for it: the float ``0.1`` is 1/10 (as on the command line and as
SageMath's ``QQ(0.1)``), not its binary value 3602879701896397/36028797018963968.  A NumPy
``float32`` (or ``float16``) is read through its own shortest repr (``np.float32(0.1)`` is
1/10 too), so an array keeps the numbers that were typed into it.  Exact input (int,
Fraction, Decimal, text) is never rounded.

>>> from arrangement.numbers import rational_matrix
>>> rational_matrix([[1, "0.1"], ["3/7", 2.5]])
((Fraction(1, 1), Fraction(1, 10)), (Fraction(3, 7), Fraction(5, 2)))
"""

from __future__ import annotations

import math
import numbers
import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np

from .errors import DataError, ParameterError

__all__ = ["Dataset", "rational", "rational_matrix", "rational_vector", "finite_float",
           "check_limit", "check_flag", "looks_numeric", "float_rational"]


@dataclass(frozen=True)
class Dataset:
    """Data rows ``X`` (tuples of Fractions) and optional labels ``y``."""

    X: tuple
    y: tuple | None = None

    @property
    def n(self) -> int:
        return len(self.X)

    @property
    def d(self) -> int:
        return len(self.X[0])


def rational(value, where: str = "entry") -> Fraction:
    """One exact rational from an int, Fraction, Decimal, float or text.

    Booleans, ``None``, empty text, NaN and infinity are errors, never numbers.

    >>> rational("0.1"), rational("-3/7"), rational(2), rational("1e400") == 10**400
    (Fraction(1, 10), Fraction(-3, 7), Fraction(2, 1), True)
    >>> rational("abc")
    Traceback (most recent call last):
    ...
    arrangement.errors.DataError: entry 'abc' is not a number (use integers, decimals like 0.1 or fractions like 3/7)
    >>> rational(True)
    Traceback (most recent call last):
    ...
    arrangement.errors.DataError: entry True is a boolean, not a number (write 1 or 0)
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (bool, np.bool_)):
        raise DataError(f"{where} {value!r} is a boolean, not a number (write 1 or 0)")
    if value is None:
        raise DataError(f"{where} is null/None, not a number")
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            raise DataError(f"{where} is {value}: NaN and infinity are not allowed")
        return float_rational(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise DataError(f"{where} is {value}: NaN and infinity are not allowed")
        if value and abs(value.adjusted()) > MAX_EXPONENT:
            # as for text: Fraction(Decimal("1e-999999999")) would build a 10^9-digit integer
            raise DataError(f"{where} {value:.3e} has an exponent beyond {MAX_EXPONENT}: write a smaller number")
        return Fraction(value)
    if isinstance(value, numbers.Rational):
        return Fraction(value.numerator, value.denominator)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise DataError(f"{where} is empty: a number is needed")
        if text.lower().lstrip("+-") in _NOT_FINITE:
            raise DataError(f"{where} is {text!r}: NaN and infinity are not allowed")
        if not text.isascii() or "_" in text:
            # Fraction() also reads '1_000' and non-ASCII digits; a data file means neither
            raise DataError(f"{where} {value!r} is not a number (only the ASCII digits 0-9, no '_')")
        exponent = _EXPONENT.search(text)
        if exponent and (len(exponent.group(1)) > 5 or int(exponent.group(1) or 0) > MAX_EXPONENT):
            # Fraction("1e99999999") would spend minutes building a 10^8-digit integer
            raise DataError(f"{where} {text[:40]!r} has an exponent beyond {MAX_EXPONENT}: write a smaller number")
        try:
            return Fraction(text)
        except (ValueError, ZeroDivisionError) as exc:
            if "limit" in str(exc):   # Python's guard against quadratic time: integers of > 4300 digits
                digits = sum(c.isdigit() for c in text)
                raise DataError(f"{where} {text[:20]}...{text[-10:]} has {digits} digits: more than "
                                f"{sys.get_int_max_str_digits()} are not read; round it") from None
            shown = repr(value) if len(text) <= 60 else f"'{text[:30]}...{text[-10:]}' ({len(text)} characters)"
            raise DataError(
                f"{where} {shown} is not a number "
                "(use integers, decimals like 0.1 or fractions like 3/7)"
            ) from None
    if type(value).__module__.startswith("flint") and type(value).__name__ in ("fmpz", "fmpq"):
        return Fraction(str(value))   # python-flint's integers and rationals are not numbers.Rational
    raise DataError(f"{where} {value!r} of type {type(value).__name__} is not a rational number")


def float_rational(value) -> Fraction:
    """The rational a finite float stands for: its shortest decimal repr (the shortest
    decimal that rounds back to it in its own precision), read exactly.

    >>> float_rational(0.1), float_rational(1e-7), float_rational(1 / 3)
    (Fraction(1, 10), Fraction(1, 10000000), Fraction(3333333333333333, 10000000000000000))
    >>> float_rational(np.float32(0.1)), float_rational(np.float64(2.5))
    (Fraction(1, 10), Fraction(5, 2))
    """
    if isinstance(value, float) or type(value) is np.float64:
        return Fraction(Decimal(repr(float(value))))
    return Fraction(Decimal(np.format_float_scientific(value, unique=True)))


def _listed(array: np.ndarray) -> list:
    """Nested lists of an array's entries; narrow floats stay NumPy scalars (``tolist`` would widen
    ``float32(0.1)`` to 0.10000000149011612 and lose the repr the policy reads)."""
    if array.dtype.kind == "f" and array.dtype != np.float64:
        return [_listed(row) for row in array] if array.ndim > 1 else list(array)
    return array.tolist()


_NOT_FINITE = {"nan", "inf", "infinity"}
_EXPONENT = re.compile(r"[eE]\s*[+-]?0*(\d*)")
MAX_EXPONENT = 4_000   # of decimal input 1e-5: beyond, giant integers (and str() refuses > 4300 digits)


def looks_numeric(text: str) -> bool:
    """Whether text is meant as a number (even a bad one): a CSV header has no such field.

    >>> [looks_numeric(t) for t in ("x1", "y", "1/0", "0x10", "nan", "-inf", ".5", "1e400")]
    [False, False, True, True, True, True, True, True]
    """
    text = text.strip()
    return bool(_NUMERIC_START.match(text)) or text.lower().lstrip("+-") in _NOT_FINITE


_NUMERIC_START = re.compile(r"[+-]?\.?\d")


def finite_float(value, where: str = "entry") -> float:
    """``float(value)`` for a numerical step, or a clear error when the value lies outside the
    range of floats (beyond 1.8e308, or nonzero below 2.2e-308 in size, which would round to 0).

    Exact code takes any rational (10^400 included); only float guesses need this.

    >>> finite_float(Fraction(1, 4)), finite_float(0)
    (0.25, 0.0)
    >>> finite_float(Fraction(10**400), "lambda")
    Traceback (most recent call last):
    ...
    arrangement.errors.DataError: lambda is about 1e400: outside the range of floats (1e-308 to 1e308) that the numerical steps need; exact counting and enumeration take it
    """
    try:
        result = float(value)
    except OverflowError:
        result = math.inf
    if value != 0 and not sys.float_info.min <= abs(result) < math.inf:
        value = Fraction(value)
        exponent = len(str(abs(value.numerator))) - len(str(value.denominator))
        raise DataError(f"{where} is about {'-' if value < 0 else ''}1e{exponent}: outside the range of "
                        "floats (1e-308 to 1e308) that the numerical steps need; exact counting and "
                        "enumeration take it")
    return result


def check_limit(value, name: str):
    """A limit such as ``max_regions``: ``None`` (no limit) or a positive integer.

    >>> check_limit(10, "max_regions"), check_limit(None, "max_regions")
    (10, None)
    >>> check_limit("abc", "max_regions")
    Traceback (most recent call last):
    ...
    arrangement.errors.ParameterError: max_regions must be a positive integer or None, got 'abc'
    """
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or value < 1:
        raise ParameterError(f"{name} must be a positive integer or None, got {value!r}")
    return int(value)


def check_flag(value, name: str) -> bool:
    """A yes/no option such as ``bias``: ``True``, ``False`` (NumPy's too) or the integers 1 and 0.
    Any other value is an error, never read by its truth: ``bias="no"`` would mean a bias.

    >>> check_flag(True, "bias"), check_flag(0, "bias")
    (True, False)
    >>> check_flag("no", "bias")
    Traceback (most recent call last):
    ...
    arrangement.errors.ParameterError: bias must be True or False, got 'no'
    """
    if isinstance(value, (bool, np.bool_)) or isinstance(value, numbers.Integral) and value in (0, 1):
        return bool(value)
    raise ParameterError(f"{name} must be True or False, got {value!r}")


def rational_matrix(rows) -> tuple:
    """Rows of exact rationals; rejects ragged, empty and non-numeric input.

    >>> rational_matrix([[1, 2], [3]])
    Traceback (most recent call last):
    ...
    arrangement.errors.DataError: ragged data: row 1 has 1 entries, row 0 has 2
    """
    if isinstance(rows, np.ndarray):
        if rows.ndim != 2:
            raise DataError(f"data must be a 2-dimensional array (n rows, d columns), got {rows.ndim} dimensions")
        rows = _listed(rows)
    if isinstance(rows, (str, bytes)):
        raise DataError("data must be a list of rows (n rows, d columns), not text")
    try:
        rows = list(rows)
    except TypeError:
        raise DataError("data must be a list of rows (n rows, d columns)") from None
    if len(rows) == 0:
        raise DataError("empty data: at least one data point is needed")
    width = None
    out = []
    for i, row in enumerate(rows):
        if isinstance(row, np.ndarray):
            row = _listed(row)
        if not isinstance(row, (list, tuple)):
            raise DataError(f"row {i} is not a list of numbers: data must be n rows of d numbers")
        if width is None:
            width = len(row)
            if width == 0:
                raise DataError("data rows have no entries: the dimension d must be at least 1")
        elif len(row) != width:
            raise DataError(f"ragged data: row {i} has {len(row)} entries, row 0 has {width}")
        out.append(tuple(rational(v, f"entry ({i}, {k})") for k, v in enumerate(row)))
    return tuple(out)


def rational_vector(values, name: str = "vector", length: int | None = None) -> tuple:
    """A tuple of exact rationals, optionally of a required length; text is comma-separated.

    >>> rational_vector("1/2, -1", "p")
    (Fraction(1, 2), Fraction(-1, 1))
    >>> rational_vector("1,,2", "p")
    Traceback (most recent call last):
    ...
    arrangement.errors.DataError: p[1] is empty: a number is needed
    """
    if isinstance(values, str):
        if not values.strip():
            raise DataError(f"{name} is empty: expected numbers separated by commas, like 1/2,-1,0.25")
        values = values.replace(";", ",").split(",")
    if isinstance(values, np.ndarray):
        values = _listed(values.ravel()) if values.ndim <= 1 else None
        if values is None:
            raise DataError(f"{name} must be one-dimensional")
    if isinstance(values, (bytes, dict)):
        raise DataError(f"{name} must be a list of numbers, not {type(values).__name__}")
    try:
        values = list(values)
    except TypeError:
        raise DataError(f"{name} must be a list of numbers") from None
    out = tuple(rational(v, f"{name}[{i}]") for i, v in enumerate(values))
    if length is not None and len(out) != length:
        raise DataError(f"{name} has {len(out)} entries but there are {length} data points")
    return out

