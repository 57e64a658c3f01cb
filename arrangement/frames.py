"""pandas DataFrames as data, read exactly, and the label column of a table.

A float in a DataFrame is read through its shortest decimal text (``repr``): the cell ``0.1``
is the data point's 1/10, the number the user typed or the CSV held, not the binary float
0.1000000000000000055...  Integers stay integers.  The label column is ``y`` unless another
is named; a non-numeric column, a missing value or an unknown column name is one
:class:`~arrangement.errors.DataError`.  pandas is optional: it is only touched when a
DataFrame is given.

>>> import pandas as pd
>>> D = from_dataframe(pd.DataFrame({"a": [0.1, 2.0], "b": [1, 3], "y": [1, -1]}))
>>> D.X, D.y
(((Fraction(1, 10), Fraction(1, 1)), (Fraction(2, 1), Fraction(3, 1))), (Fraction(1, 1), Fraction(-1, 1)))
"""

from __future__ import annotations

import math
from fractions import Fraction

from .numbers import Dataset, float_rational, rational
from .errors import DataError
from .files import LABEL_LOOKALIKES

__all__ = ["is_dataframe", "from_dataframe"]


def is_dataframe(obj) -> bool:
    """Whether ``obj`` is a pandas DataFrame (without importing pandas).

    >>> is_dataframe([[1, 2]])
    False
    """
    return type(obj).__name__ == "DataFrame" and type(obj).__module__.split(".")[0] == "pandas"


def _cell(value, where: str) -> Fraction:
    if isinstance(value, float) or type(value).__module__ == "numpy" and hasattr(value, "dtype") \
            and value.dtype.kind == "f":
        if not math.isfinite(value):
            raise DataError(f"{where} is {value}: a missing value or NaN/infinity is not a number")
        return float_rational(value)    # a float32 cell by its own shortest repr, as in an array
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        raise DataError(f"{where} is missing: every cell needs a number")
    return rational(value, where)


def _column(series) -> list:
    if series.dtype.kind == "f" and series.dtype.itemsize < 8:
        return list(series.to_numpy())
    return series.tolist()


def from_dataframe(frame, label=None) -> Dataset:
    """The exact data of a DataFrame: every column but the label's is a coordinate.

    ``label``: the label column (default ``y`` when there is one; no labels otherwise; a column
    named like labels, ``Y``, ``label`` or ``target``, is refused then, as in a CSV file).

    >>> import pandas as pd
    >>> from_dataframe(pd.DataFrame({"x": [1, 2], "kind": ["a", "b"]}), label="kind")
    Traceback (most recent call last):
    ...
    arrangement.errors.DataError: label column 'kind' is not numeric: encode the classes as numbers, e.g. +1 and -1
    >>> from_dataframe(pd.DataFrame({"x": [1, 2]}), label="z")
    Traceback (most recent call last):
    ...
    arrangement.errors.DataError: no column 'z' in the DataFrame (columns: x)
    """
    names = [str(c) for c in frame.columns]
    if len(set(names)) != len(names):
        raise DataError("the DataFrame has two columns of the same name")
    label = None if label is None else str(label)     # columns are matched by name: 2 is '2'
    for name in names:
        if label is None and name != "y" and name.strip().lower() in LABEL_LOOKALIKES:
            raise DataError(f"column {name!r} looks like labels: the label column is 'y' or chosen with "
                            f"label=...; rename it to use it as a coordinate")
    if label is not None and label not in names:
        from .real_data import suggestion
        close = suggestion(label, names)
        hint = f"did you mean {close!r}? " if close else ""
        raise DataError(f"no column {label!r} in the DataFrame ({hint}columns: {', '.join(names)})")
    if label is None and "y" in names:
        label = "y"
    features = [k for k, name in enumerate(names) if name != label]
    if not features:
        raise DataError("the DataFrame has no feature column besides the labels")
    if len(frame) == 0:
        raise DataError("empty data: the DataFrame has no rows")
    for k, name in enumerate(names):
        kind = frame.dtypes.iloc[k].kind
        if kind not in "iufb" or kind == "b":
            what = f"label column {name!r}" if name == label else f"column {name!r}"
            advice = "encode the classes as numbers, e.g. +1 and -1" if name == label else \
                "keep numeric columns only, or name it as the label"
            raise DataError(f"{what} is not numeric: {advice}")
    # to_numpy keeps float32 cells float32 (tolist widens them to 0.10000000149011612)
    columns = [_column(frame.iloc[:, k]) for k in range(len(names))]
    X = tuple(tuple(_cell(columns[k][i], f"row {i}, column {names[k]!r}") for k in features)
              for i in range(len(frame)))
    y = None
    if label is not None:
        k = names.index(label)
        y = tuple(_cell(v, f"row {i}, label column {label!r}") for i, v in enumerate(columns[k]))
    return Dataset(X, y)
