"""Z-scores as exact decimals: standardised data that stay exact rational data.

Each feature column ``x`` becomes ``(x - mean) / scale`` with the exact mean and the population
standard deviation ``scale = sqrt(mean((x - mean)^2))`` (an irrational number in general), the
quotient computed in 50-digit decimal arithmetic and rounded half-even to ``decimals`` places.
Decimal arithmetic is the same on every machine, so the result is deterministic; the record
returned beside the data (means exactly, scales to 12 digits, the rounding) lets anyone redo it.

>>> D, record = standardize(Dataset(((Fraction(1),), (Fraction(2),), (Fraction(4),)), (1, 2, 3)))
>>> [str(x[0]) for x in D.X], record["columns"][0]["mean"], record["columns"][0]["scale"]
(['-1069/1000', '-267/1000', '167/125'], '7/3', '1.24721912892')
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction

from .numbers import Dataset
from .errors import ParameterError

__all__ = ["standardize"]

_CONTEXT = Context(prec=50)


def _decimal(q: Fraction) -> Decimal:
    return _CONTEXT.divide(Decimal(q.numerator), Decimal(q.denominator))


def _column(values, decimals: int, name: str):
    n = len(values)
    mean = sum(values, Fraction(0)) / n
    variance = sum(((v - mean) ** 2 for v in values), Fraction(0)) / n
    scale = _CONTEXT.sqrt(_decimal(variance))
    quantum = Decimal(1).scaleb(-decimals)
    if variance == 0:
        z = [Fraction(0)] * n    # a constant column carries no information once centred
    else:
        z = [Fraction(_CONTEXT.divide(_decimal(v - mean), scale).quantize(quantum, ROUND_HALF_EVEN))
             for v in values]
    record = {"name": name, "mean": str(mean), "variance": str(variance),
              "scale": str(Context(prec=12).plus(scale))}
    return z, record


def standardize(data: Dataset, decimals: int = 3, labels: bool = False, names=None):
    """``(data with every feature (and, with ``labels``, the labels) as z-scores, record)``.

    ``decimals``: places kept (3 by default: z-scores lie within a few units, so about four
    significant digits); ``names``: column names for the record (default ``x1, x2, ...``).

    >>> standardize(Dataset(((Fraction(1),),)), decimals=-1)
    Traceback (most recent call last):
    ...
    arrangement.errors.ParameterError: decimals must be an integer from 0 to 12, got -1
    """
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 12:
        raise ParameterError(f"decimals must be an integer from 0 to 12, got {decimals!r}")
    names = list(names) if names is not None else [f"x{k + 1}" for k in range(data.d)]
    columns, records = [], []
    for k in range(data.d):
        z, record = _column([row[k] for row in data.X], decimals, names[k])
        columns.append(z)
        records.append(record)
    y = data.y
    label_record = None
    if labels and y is not None:
        y, label_record = _column([Fraction(v) for v in y], decimals, "y")
        y = tuple(y)
    X = tuple(zip(*columns))
    record = {"method": "z-scores (x - mean) / scale, scale the population standard deviation",
              "rounding": f"half-even to {decimals} decimal places from 50-digit decimal arithmetic",
              "decimals": decimals, "columns": records, "labels": label_record}
    return Dataset(X, y), record
