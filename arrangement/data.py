"""Reading data exactly: lists, NumPy arrays, CSV and JSON files -> rational matrices.

Every entry becomes a :class:`fractions.Fraction`.  Decimal text is read as the
decimal it spells (``"0.1"`` is exactly 1/10, in CSV and JSON alike), fraction
text ``"3/7"`` as that fraction, and a Python or NumPy float at its exact binary
value (``0.1`` the float is 3602879701896397/36028797018963968).

>>> from arrangement.data import rational_matrix
>>> rational_matrix([[1, "0.1"], ["3/7", 2.5]])
((Fraction(1, 1), Fraction(1, 10)), (Fraction(3, 7), Fraction(5, 2)))
"""

from __future__ import annotations

import csv
import io
import json
import math
import numbers
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np

from .errors import DataError

__all__ = ["Dataset", "rational", "rational_matrix", "rational_vector", "load_data"]


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

    >>> rational("0.1"), rational("-3/7"), rational(2)
    (Fraction(1, 10), Fraction(-3, 7), Fraction(2, 1))
    >>> rational("abc")
    Traceback (most recent call last):
    ...
    arrangement.errors.DataError: entry 'abc' is not a number (use integers, decimals like 0.1 or fractions like 3/7)
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (bool, np.bool_)):
        return Fraction(int(value))
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            raise DataError(f"{where} is {value}: NaN and infinity are not allowed")
        return Fraction(float(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise DataError(f"{where} is {value}: NaN and infinity are not allowed")
        return Fraction(value)
    if isinstance(value, numbers.Rational):
        return Fraction(value.numerator, value.denominator)
    if isinstance(value, str):
        text = value.strip()
        if text.lower().lstrip("+-") in {"nan", "inf", "infinity"}:
            raise DataError(f"{where} is {text!r}: NaN and infinity are not allowed")
        try:
            return Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise DataError(
                f"{where} {value!r} is not a number "
                "(use integers, decimals like 0.1 or fractions like 3/7)"
            ) from None
    raise DataError(f"{where} {value!r} of type {type(value).__name__} is not a number")


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
        rows = rows.tolist()
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
            row = row.tolist()
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
    """A tuple of exact rationals, optionally of a required length.

    >>> rational_vector("1/2, -1", "p")
    (Fraction(1, 2), Fraction(-1, 1))
    """
    if isinstance(values, str):
        values = [v for v in values.replace(";", ",").split(",") if v.strip()]
    if isinstance(values, np.ndarray):
        values = values.ravel().tolist() if values.ndim <= 1 else None
        if values is None:
            raise DataError(f"{name} must be one-dimensional")
    try:
        values = list(values)
    except TypeError:
        raise DataError(f"{name} must be a list of numbers") from None
    out = tuple(rational(v, f"{name}[{i}]") for i, v in enumerate(values))
    if length is not None and len(out) != length:
        raise DataError(f"{name} has {len(out)} entries but there are {length} data points")
    return out


def _reject_constant(name):
    raise DataError(f"JSON value {name} is not allowed: NaN and infinity are not numbers here")


def _read_json(text: str, origin: str) -> Dataset:
    try:
        obj = json.loads(text, parse_float=Fraction, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise DataError(f"{origin}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if isinstance(obj, list):
        return Dataset(rational_matrix(obj))
    if not isinstance(obj, dict) or "X" not in obj:
        raise DataError(f'{origin}: JSON data must be an object {{"X": [[...], ...], "y": [...]}} or a list of rows')
    X = rational_matrix(obj["X"])
    y = None if obj.get("y") is None else rational_vector(obj["y"], "y", len(X))
    return Dataset(X, y)


def _is_number(text: str) -> bool:
    try:
        Fraction(text.strip())
        return True
    except (ValueError, ZeroDivisionError):
        return False


def _read_csv(text: str, origin: str) -> Dataset:
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO("\n".join(lines)))]
    if not rows:
        raise DataError(f"{origin}: no data rows")
    header = None
    if any(not _is_number(cell) for cell in rows[0]):
        header, rows = rows[0], rows[1:]
    if not rows:
        raise DataError(f"{origin}: a header but no data rows")
    label_col = None
    if header is not None and "y" in header:
        label_col = header.index("y")
        if any(len(row) != len(header) for row in rows):
            bad = next(i for i, row in enumerate(rows) if len(row) != len(header))
            raise DataError(f"{origin}: ragged data: row {bad} has {len(rows[bad])} entries, the header has {len(header)}")
        y = rational_vector([row[label_col] for row in rows], "y")
        rows = [row[:label_col] + row[label_col + 1:] for row in rows]
        return Dataset(rational_matrix(rows), y)
    return Dataset(rational_matrix(rows))


def load_data(source) -> Dataset:
    """Read a :class:`Dataset` from a CSV or JSON file (path) or from rows.

    CSV: one data point per row, an optional header; a column named ``y`` holds
    the labels.  JSON: ``{"X": [[...], ...], "y": [...]}`` (``y`` optional) or a
    bare list of rows.

    >>> load_data([[1, 0], [0, 1]]).X
    ((Fraction(1, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(1, 1)))
    """
    if isinstance(source, Dataset):
        return source
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            text = path.read_text()
        except FileNotFoundError:
            raise DataError(f"no such data file: {path}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(f"cannot read data file {path}: {exc}") from None
        if path.suffix.lower() == ".json" or text.lstrip()[:1] in ("{", "["):
            return _read_json(text, str(path))
        return _read_csv(text, str(path))
    return Dataset(rational_matrix(source))
