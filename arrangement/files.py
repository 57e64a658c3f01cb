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
import os
import tempfile
from fractions import Fraction
from pathlib import Path

from .data import Dataset, looks_numeric, rational, rational_matrix, rational_vector
from .errors import DataError

__all__ = ["read_data_file", "read_csv", "read_json", "read_json_file", "write_atomically"]

_SEPARATORS = {",": "commas", "\t": "tabs", ";": "semicolons"}
_LABEL = "y"
_LABEL_LOOKALIKES = {"y", "label", "labels", "target", "targets"}


def read_data_file(path: Path) -> Dataset:
    """A data file: JSON when it ends in ``.json`` or starts with ``{`` or ``[``, else CSV."""
    text = _read_text(path, "data file")
    if path.suffix.lower() == ".json" or text.lstrip()[:1] in ("{", "["):
        return read_json(text, str(path))
    return read_csv(text, str(path))


def _read_text(path: Path, what: str) -> str:
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


def _parse_json(text: str, origin: str):
    try:
        return json.loads(text, parse_float=Fraction, parse_int=int, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise DataError(f"{origin}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except DataError as exc:
        raise DataError(f"{origin}: {exc}") from None


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
    obj = _parse_json(_read_text(path, what), str(path))
    _keys(obj, str(path), key)
    return obj[key]


def _separator(first_line: str) -> str:
    return next((sep for sep in _SEPARATORS if sep in first_line), ",")


def read_csv(text: str, origin: str) -> Dataset:
    """Rows of a CSV text (see the module docstring for the rules)."""
    lines = [(number, line) for number, line in enumerate(text.lstrip("\ufeff").splitlines(), 1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise DataError(f"{origin}: no data rows")
    sep = _separator(lines[0][1])
    rows = [(number, [cell.strip() for cell in next(csv.reader([line], delimiter=sep))])
            for number, line in lines]
    header = None
    if not any(looks_numeric(cell) for cell in rows[0][1]):
        header = _check_header(rows[0], origin)
        rows = rows[1:]
        if not rows:
            raise DataError(f"{origin}: a header but no data rows")
    width_line, width = (lines[0][0], len(header)) if header else (rows[0][0], len(rows[0][1]))
    names = header or [str(k + 1) for k in range(width)]
    table = []
    for number, cells in rows:
        if len(cells) != width:
            raise DataError(f"{origin}: ragged data: line {number} has {len(cells)} entries, line {width_line} "
                            f"{'(the header) ' if header else ''}has {width}{_hint(cells, sep)}")
        table.append([rational(cell, f"{origin}, line {number}, column {_column(k, names, header)}"
                               + _hint([cell], sep))
                      for k, cell in enumerate(cells)])
    if header and _LABEL in header:
        k = header.index(_LABEL)
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


def _check_header(row: tuple, origin: str) -> list:
    number, names = row
    for k, name in enumerate(names):
        if not name:
            raise DataError(f"{origin}, line {number}: column {k + 1} of the header has no name")
        if name != _LABEL and name.lower() in _LABEL_LOOKALIKES:
            raise DataError(f"{origin}, line {number}: column {k + 1} is named {name!r}; the label column "
                            f"must be named exactly {_LABEL!r} (other names are coordinates: rename it)")
        if names.index(name) != k:
            raise DataError(f"{origin}, line {number}: the column name {name!r} appears twice "
                            f"(columns {names.index(name) + 1} and {k + 1})")
    return names


def _umask() -> int:
    """The process's umask (reading it means setting it: set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(path, write, mode: str = "wb") -> None:
    """Call ``write(handle)`` on a temporary file in ``path``'s folder, then rename it to
    ``path``: readers see the old file or the whole new one, never a part.  The temporary name
    starts with ``.`` and ends with ``.tmp`` (Parquet readers skip it); it is removed when
    ``write`` fails.  The file gets the mode a plain ``open`` would give it (``0o666`` less the
    umask), not the private ``0o600`` of temporary files.

    >>> import pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp(), "a.txt")
    >>> write_atomically(target, lambda f: f.write("done"), "w"); target.read_text()
    'done'
    """
    path = Path(path)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode) as handle:
            write(handle)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
