"""The manifest of a batch campaign, read and checked before any task runs.

A manifest is a CSV file with a header, or JSON (a list of objects, or ``{"tasks": [...]}``),
with the columns

* ``id``: unique, not empty;
* ``data``: a CSV/JSON data file (relative to the manifest's folder) or a built-in name;
* ``bias``: ``true``/``false`` (also ``1/0``, ``yes/no``; empty means false);
* ``task``: ``certify`` (needs ``dual``) or ``solve`` (needs ``lam``);
* ``dual``: comma-separated rationals (quoted in CSV: ``"1,-1,-1,1"``; a list in JSON) or a
  JSON file ``{"p": [...]}`` relative to the manifest;
* ``lam``: a positive rational (optional for ``certify``).

Everything that can be checked without loading a data set is checked here, and the first
problem is one line naming the manifest, the line (CSV) or task number (JSON) and the id:
a missing or unknown column, a duplicate id, an unknown task, a bad ``bias``/``lam``/``dual``,
a data file that does not exist.  What needs the data (a dual vector of the wrong length, an
unreadable data file) is found by the task itself and recorded in its result row.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     m = pathlib.Path(tmp, "m.csv")
...     _ = m.write_text('id,data,bias,task,dual,lam\\na,xor,true,certify,"1,-1,-1,1",\\nb,xor,true,sovle,,1\\n')
...     read_manifest(m)
Traceback (most recent call last):
...
arrangement.errors.DataError: m.csv line 3 (id 'b'): task must be certify or solve, got 'sovle'
"""

from __future__ import annotations

import csv
from pathlib import Path

from arrangement import DataError

__all__ = ["COLUMNS", "read_manifest", "resolve"]

COLUMNS = ("id", "data", "bias", "task", "dual", "lam")
REQUIRED = ("id", "data", "task")
_TRUE, _FALSE = {"true", "1", "yes", "y"}, {"false", "0", "no", "n", ""}


def flag(text: str) -> bool:
    """The ``bias`` column: ``true/1/yes/y`` or ``false/0/no/n/''`` (any case).

    >>> flag("True"), flag("")
    (True, False)
    """
    if text.lower() not in _TRUE | _FALSE:
        raise DataError(f"bias must be true or false, got {text!r}")
    return text.lower() in _TRUE


def resolve(row: dict, key: str) -> str:
    """The file named in column ``key`` relative to the manifest's folder when it exists there,
    else the text itself (a built-in data name, or a dual vector).

    >>> resolve({"base": "/nowhere", "data": "xor"}, "data")
    'xor'
    """
    return str(Path(row["base"], row[key])) if names_file(row, key) else row[key]


def names_file(row: dict, key: str) -> bool:
    """Whether column ``key`` names a file in the manifest's folder (compared as paths, not as
    texts: with the manifest in the current folder, the resolved name is the text itself).

    >>> names_file({"base": "/nowhere", "data": "xor"}, "data")
    False
    """
    return bool(row[key]) and Path(row["base"], row[key]).exists()


def _text(value) -> str:
    if isinstance(value, list):                        # JSON: "dual": [1, -1, "1/2"]
        return ",".join(str(v) for v in value)
    return "" if value is None else str(value).strip()


def _rows(path: Path, text: str) -> list:
    """(where, raw row) pairs: ``line N`` of a CSV file, ``task N`` of a JSON manifest."""
    if path.suffix.lower() == ".json":
        from arrangement.files import parse_json
        obj = parse_json(text, path.name, decimals_as_text=True)
        rows = obj.get("tasks") if isinstance(obj, dict) else obj
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise DataError(f'{path.name}: expected a list of tasks or {{"tasks": [...]}}')
        return [(f"task {k + 1}", r) for k, r in enumerate(rows)]
    reader = csv.DictReader(text.splitlines())
    header = [name.strip() for name in reader.fieldnames or ()]
    for name in REQUIRED:
        if name not in header:
            raise DataError(f"{path.name}: no column {name!r} in the header (columns: {', '.join(COLUMNS)})")
    rows = []
    for row in reader:
        if None in row:
            raise DataError(f"{path.name} line {reader.line_num}: more fields than columns "
                            '(quote a dual vector: "1,-1,0")')
        rows.append((f"line {reader.line_num}", row))
    return rows


def _check(row: dict, data_ok: dict) -> None:
    """Every check of one task that needs no data set; raises DataError with the reason."""
    from arrangement.numbers import rational, rational_vector
    if row["task"] not in ("certify", "solve"):
        raise DataError(f"task must be certify or solve, got {row['task']!r}")
    flag(row["bias"])
    if row["lam"] and rational(row["lam"], "lam") <= 0:
        raise DataError(f"lam must be positive, got {row['lam']}")
    if row["task"] == "solve" and not row["lam"]:
        raise DataError("a solve task needs lam")
    if row["task"] == "certify":
        if not row["dual"]:
            raise DataError("a certify task needs dual (comma-separated rationals)")
        if not names_file(row, "dual"):
            rational_vector(row["dual"], "dual")
    if not row["data"]:
        raise DataError("data is empty")
    if row["data"] not in data_ok:
        data_ok[row["data"]] = _data_problem(row)
    if data_ok[row["data"]]:
        raise DataError(data_ok[row["data"]])


def _data_problem(row: dict):
    """Why the ``data`` column names nothing (None when it names a file or a built-in set)."""
    from arrangement.datasets import builtin, is_builtin_name
    if names_file(row, "data"):
        return None
    if is_builtin_name(row["data"]):
        try:
            builtin(row["data"])
        except DataError as exc:
            return str(exc)
        return None
    return f"no data file {row['data']} next to the manifest, and not a built-in data set"


def read_manifest(path) -> list:
    """The tasks of a CSV or JSON manifest as dicts of strings (the columns of :data:`COLUMNS`,
    missing ones empty, plus ``base``: the manifest's folder), every task checked.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     m = pathlib.Path(tmp, "m.json")
    ...     _ = m.write_text('[{"id": "a", "data": "xor", "task": "solve", "lam": 0.1}]')
    ...     [(t["id"], t["task"], t["lam"], t["bias"]) for t in read_manifest(m)]
    [('a', 'solve', '0.1', '')]
    """
    path = Path(path)
    try:
        text = path.read_text()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read manifest {path}: {getattr(exc, 'strerror', None) or exc}") from None
    tasks, seen, data_ok = [], set(), {}
    for where, raw in _rows(path, text):
        row = {key.strip(): _text(value) for key, value in raw.items()}
        unknown = sorted(set(row) - set(COLUMNS))
        name = f"{path.name} {where}" + (f" (id {row['id']!r})" if row.get("id") else "")
        if unknown:
            raise DataError(f"{name}: unknown column {unknown[0]!r} (columns: {', '.join(COLUMNS)})")
        row = {key: row.get(key, "") for key in COLUMNS} | {"base": str(path.parent)}
        if not row["id"]:
            raise DataError(f"{name}: no id")
        if row["id"] in seen:
            raise DataError(f"{name}: the id appears twice")
        seen.add(row["id"])
        try:
            _check(row, data_ok)
        except DataError as exc:
            raise DataError(f"{name}: {exc}") from None
        tasks.append(row)
    return tasks
