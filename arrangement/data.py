"""The one dispatcher of input: data (rows, arrays, CSV/JSON files, built-in names) through
:func:`load_data`, and dual vectors (a file or a list) through :func:`load_vector`.

The numbers themselves are read by :mod:`arrangement.numbers`, the files by
:mod:`arrangement.files` and the built-in names by :mod:`arrangement.datasets`; this module
only chooses among them, so that none of those imports another through it.
"""

from __future__ import annotations

from pathlib import Path

from .datasets import builtin, is_builtin_name, suggested_name
from .errors import DataError
from .files import read_data_file, read_json_file
from .numbers import Dataset, rational_matrix, rational_vector

__all__ = ["load_data", "load_vector"]


def load_data(source, label: str | None = None) -> Dataset:
    """The one reader of data: rows, a NumPy array, a :class:`Dataset`, a CSV or JSON file
    (``str`` or :class:`pathlib.Path`) or a built-in name (``threshold:3``, ``xor``, ...).

    CSV: one data point per row, an optional header (a first row none of whose fields
    reads as a number); a column named ``y`` holds the labels.  JSON:
    ``{"X": [[...], ...], "y": [...]}`` (``y`` optional) or a bare list of rows.  What
    cannot be read exactly is an error naming line, column and value (:mod:`arrangement.files`).
    A pandas DataFrame (:mod:`arrangement.frames`); ``label`` names the label column of a CSV
    file or DataFrame when it is not ``y``.

    >>> load_data([[1, 0], [0, 1]]).X
    ((Fraction(1, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(1, 1)))
    >>> load_data("braid:3").X[0]
    (Fraction(1, 1), Fraction(-1, 1), Fraction(0, 1))
    """
    from .frames import from_dataframe, is_dataframe
    if is_dataframe(source):
        return from_dataframe(source, label)
    if label is not None and not (isinstance(source, (str, Path)) and Path(source).is_file()):
        raise DataError(f"a label column ({label!r}) can be named for a CSV file or a DataFrame only")
    if isinstance(source, Dataset):
        return source
    if isinstance(source, str):
        if not Path(source).exists() and is_builtin_name(source):
            return builtin(source)
        hint = None if Path(source).exists() else suggested_name(source)
        if hint is not None:
            raise DataError(f"no such data file: {source} (did you mean the built-in data set {hint!r}?)")
    if isinstance(source, (str, Path)):
        return read_data_file(Path(source), label)
    return Dataset(rational_matrix(source))


def load_vector(text: str, n: int, name: str = "p"):
    """A vector of ``n`` exact rationals: a JSON file ``{"p": [...]}`` or a comma-separated
    list of rationals (``--dual P`` of the command line, and the manifests of campaigns).

    >>> load_vector("1/2, -1", 2)
    (Fraction(1, 2), Fraction(-1, 1))
    >>> load_vector(" ", 2)
    Traceback (most recent call last):
    ...
    arrangement.errors.DataError: --dual is empty: give numbers like 1/2,-1,0.25 or a JSON file {"p": [...]}
    """
    if not text.strip():
        raise DataError('--dual is empty: give numbers like 1/2,-1,0.25 or a JSON file {"p": [...]}')
    path = Path(text)
    if path.suffix.lower() == ".json" or path.exists():
        return rational_vector(read_json_file(path, name, "dual-vector file"), name, n)
    return rational_vector(text, name, n)
