"""Data files: CSV and JSON, read exactly, with nothing silently dropped.

The contract: every entry becomes an exact rational or the file is refused with one
line naming the file, line, column and value.

* CSV.  A UTF-8 byte-order mark is ignored, ``#`` lines and blank lines are skipped.
  The separator is the first of ``,``, tab, ``;`` found on the first line.  The first
  row is a header only when none of its fields reads as a number (so ``1,nan`` or
  ``abc,1`` are data, and errors).  A header names every column once; the column
  named exactly ``y`` holds the labels (``Y``, ``label``, ``target`` are refused rather
  than read as coordinates).  Every row has the width of the first row (or header).
* JSON.  ``{"X": [[...], ...], "y": [...]}`` (``y`` optional) or a bare list of rows;
  entries are numbers or strings of rationals (``"3/7"``), never booleans or ``null``;
  decimals are read exactly.

>>> read_csv("a,b,y\\n0.1,3/7,1\\n", "d.csv").X
((Fraction(1, 10), Fraction(3, 7)),)
>>> read_csv("1,2\\n1/0,3\\n", "d.csv")
Traceback (most recent call last):
...
arrangement.errors.DataError: d.csv, line 2, column 1 '1/0' is not a number (use integers, decimals like 0.1 or fractions like 3/7)
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from .numbers import MAX_EXPONENT, Dataset, looks_numeric, rational, rational_matrix, rational_vector
from .errors import DataError

__all__ = ["read_data_file", "read_data_text", "read_csv", "read_json", "read_json_file", "parse_json", "read_text"]

_SEPARATORS = {",": "commas", "\t": "tabs", ";": "semicolons"}
_LABEL = "y"
LABEL_LOOKALIKES = {"y", "label", "labels", "target", "targets"}


def read_data_file(path: Path, label: str | None = None) -> Dataset:
    """A data file: JSON when it ends in ``.json`` or starts with ``{`` or ``[``, else CSV
    (whose label column is ``label``, default ``y``)."""
    return read_data_text(read_text(path, "data file"), str(path), label, path.suffix.lower() == ".json")


def read_data_text(text: str, origin: str, label: str | None = None, is_json: bool = False) -> Dataset:
    """The text of a data file (or of standard input, ``origin`` naming it in errors): JSON when
    ``is_json`` or it starts with ``{`` or ``[``, else CSV.

    >>> read_data_text("0.5,1\\n", "standard input").X, read_data_text("[[2]]", "standard input").X
    (((Fraction(1, 2), Fraction(1, 1)),), ((Fraction(2, 1),),))
    """
    if is_json or text.lstrip()[:1] in ("{", "["):
        if label is not None:
            raise DataError(f"{origin}: a JSON data file holds its labels under \"y\"; a label column "
                            f"({label!r}) can be named for CSV files only")
        return read_json(text, origin)
    return read_csv(text, origin, label)


def read_text(path: Path, what: str) -> str:
    """The UTF-8 text of a file; a missing, unreadable or non-UTF-8 file is one DataError line."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(f"no such {what}: {path}") from None
    except IsADirectoryError:
        raise DataError(f"{path} is a directory, not a {what}") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"cannot read {what} {path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise DataError(f"cannot read {what} {path}: {exc.strerror or exc}") from None


def _reject_constant(name):
    raise DataError(f"JSON value {name} is not allowed: NaN and infinity are not numbers here")


def _unique_keys(pairs) -> dict:
    obj = {}
    for key, value in pairs:
        if key in obj:                  # json.loads would keep the last value and drop the first
            raise DataError(f"the key {key[:40]!r} is given twice in one JSON object")
        obj[key] = value
    return obj


def _json_integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_EXPONENT:        # int() refuses beyond 4300 digits, with a traceback
        raise DataError(f"a JSON integer with {len(text.lstrip('-'))} digits: more than {MAX_EXPONENT}")
    return int(text)


def _json_decimal(text: str):
    rational(text, "JSON number")                     # refuses giant exponents at once
    return text


def parse_json(text: str, origin: str, decimals_as_text: bool = False):
    """JSON read exactly and strictly: decimals as exact rationals (with the exponent limit of
    :func:`~arrangement.data.rational`), no key twice in an object, no NaN or infinity, bounded
    integers and nesting; any defect is one :class:`DataError` line naming ``origin``.
    ``decimals_as_text``: a decimal stays the text it was written as (``0.1`` -> ``"0.1"``).

    >>> parse_json('{"X": [[0.1]], "X": [[2]]}', "d.json")
    Traceback (most recent call last):
    ...
    arrangement.errors.DataError: d.json: the key 'X' is given twice in one JSON object
    """
    try:
        decimal = _json_decimal if decimals_as_text else (lambda t: rational(t, "JSON number"))
        return json.loads(text, parse_float=decimal, parse_int=_json_integer,
                          parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise DataError(f"{origin}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except DataError as exc:
        raise DataError(f"{origin}: {exc}") from None
    except RecursionError:
        raise DataError(f"{origin}: JSON nested too deeply") from None


_parse_json = parse_json


def _keys(obj, origin: str, required: str, optional: tuple = ()) -> None:
    if not isinstance(obj, dict) or required not in obj:
        raise DataError(f"{origin}: expected a JSON object with the key {required!r}")
    extra = sorted(set(obj) - {required, *optional})
    if extra:
        allowed = " and ".join(repr(k) for k in (required, *optional))
        raise DataError(f"{origin}: unknown key {extra[0]!r} (the object holds {allowed})")


def read_json(text: str, origin: str) -> Dataset:
    """``{"X": rows, "y": labels}`` or a bare list of rows, every entry exact.

    >>> read_json('{"X": [[0.1, "3/7"]], "y": [1]}', "d.json").X
    ((Fraction(1, 10), Fraction(3, 7)),)
    """
    obj = _parse_json(text, origin)
    try:
        if isinstance(obj, list):
            return Dataset(rational_matrix(obj))
        if not isinstance(obj, dict):
            raise DataError('JSON data must be an object {"X": [[...], ...], "y": [...]} or a list of rows')
        _keys(obj, origin, "X", ("y",))
        X = rational_matrix(obj["X"])
        y = None if "y" not in obj else rational_vector(obj["y"], "y", len(X))
        return Dataset(X, y)
    except DataError as exc:
        raise DataError(f"{origin}: {exc}") from None


def read_json_file(path: Path, key: str, what: str):
    """The value under ``key`` of a JSON object in a file (e.g. ``{"p": [...]}``), nothing else."""
    obj = _parse_json(read_text(path, what), str(path))
    _keys(obj, str(path), key)
    return obj[key]


def _separator(first_line: str) -> str:
    return next((sep for sep in _SEPARATORS if sep in first_line), ",")


def read_csv(text: str, origin: str, label: str | None = None) -> Dataset:
    """Rows of a CSV text (see the module docstring for the rules); ``label``: the label
    column's name when it is not ``y``."""
    lines = [(number, line) for number, line in enumerate(text.lstrip("\ufeff").splitlines(), 1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise DataError(f"{origin}: no data rows")
    sep = _separator(lines[0][1])
    rows = [(number, [cell.strip() for cell in next(csv.reader([line], delimiter=sep))])
            for number, line in lines]
    header = None
    if not any(looks_numeric(cell) for cell in rows[0][1]):
        header = _check_header(rows[0], origin, label or _LABEL)
        rows = rows[1:]
        if not rows:
            raise DataError(f"{origin}: a header but no data rows")
    width_line, width = (lines[0][0], len(header)) if header else (rows[0][0], len(rows[0][1]))
    names = header or [str(k + 1) for k in range(width)]
    if label is not None and label not in names:
        raise DataError(f"{origin}: no column named {label!r} for the labels"
                        + (f" (columns: {', '.join(header)})" if header else " (the file has no header)"))
    table = []
    for number, cells in rows:
        if len(cells) != width:
            raise DataError(f"{origin}: ragged data: line {number} has {len(cells)} entries, line {width_line} "
                            f"{'(the header) ' if header else ''}has {width}{_hint(cells, sep)}")
        table.append([rational(cell, f"{origin}, line {number}, column {_column(k, names, header)}"
                               + _hint([cell], sep))
                      for k, cell in enumerate(cells)])
    if header and (label or _LABEL) in header:
        k = header.index(label or _LABEL)
        return Dataset(rational_matrix([row[:k] + row[k + 1:] for row in table]),
                       tuple(row[k] for row in table))
    return Dataset(rational_matrix(table))


def _column(k: int, names: list, header) -> str:
    return f"{k + 1} ({names[k]})" if header else str(k + 1)


def _hint(cells: list, sep: str) -> str:
    other = [s for s in _SEPARATORS if s != sep and any(s in cell for cell in cells)]
    if other:
        return f" (columns are separated by {_SEPARATORS[sep]} here, found {_SEPARATORS[other[0]]})"
    return ""


def _check_header(row: tuple, origin: str, label: str = _LABEL) -> list:
    number, names = row
    for k, name in enumerate(names):
        if not name:
            raise DataError(f"{origin}, line {number}: column {k + 1} of the header has no name")
        if label == _LABEL and name != _LABEL and name.lower() in LABEL_LOOKALIKES:
            raise DataError(f"{origin}, line {number}: column {k + 1} is named {name!r}; the label column "
                            f"must be named exactly {_LABEL!r} or chosen with --label (other names are "
                            "coordinates: rename it)")
        if names.index(name) != k:
            raise DataError(f"{origin}, line {number}: the column name {name!r} appears twice "
                            f"(columns {names.index(name) + 1} and {k + 1})")
    return names

