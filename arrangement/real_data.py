"""Real data sets shipped with the package, read exactly: iris, wine, Linnerud, diabetes (the
files scikit-learn bundles, byte for byte) and the two spirals of Lang and Witbrock.

Sources and licences: ``arrangement/data_files/README.md`` (and the documentation).  A name
picks a task and, optionally, a feature subset in brackets::

    iris:versicolor-virginica                    versicolor +1, virginica -1 (100 rows, 4 features)
    iris:versicolor-virginica[petal_length,petal_width]
    wine:1-2                                     cultivar 1 +1, cultivar 2 -1 (130 rows, 13 features)
    iris:virginica-rest                          virginica +1, the other two species -1 (150 rows)
    linnerud:weight                              label weight, features chins, situps, jumps
    diabetes[bmi,bp]                             regression on disease progression
    spiral:N                                     the N outermost points of each spiral arm

Binary tasks label the first class named +1 and the second -1 (``-rest``: every other class).  Names of data sets, classes
and features are matched exactly; a near miss is an error with a suggestion.

>>> D = real_dataset("iris:versicolor-virginica[petal_length,petal_width]")
>>> D.n, D.d, D.X[0], D.y[0], D.y[-1]
(100, 2, (Fraction(47, 10), Fraction(7, 5)), Fraction(1, 1), Fraction(-1, 1))
>>> real_dataset("linnerud:weight").X[0]
(Fraction(5, 1), Fraction(162, 1), Fraction(60, 1))
"""

from __future__ import annotations

import difflib
import gzip
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from importlib import resources

from .numbers import Dataset
from .errors import DataError

__all__ = ["real_dataset", "is_real_name", "looks_like_name", "unknown_name", "REAL_DATA", "catalogue",
           "suggestion", "spiral_points"]

_SKLEARN = "scikit-learn 1.9.1 (BSD-3-Clause), sklearn/datasets/data"


@dataclass(frozen=True)
class RealData:
    """One shipped table: feature names, the tasks it offers and where it comes from."""

    base: str
    features: tuple
    tasks: tuple          # names after the colon ("" for the base name itself)
    kind: str             # "classification" or "regression"
    source: str


REAL_DATA = {
    "iris": RealData("iris", ("sepal_length", "sepal_width", "petal_length", "petal_width"),
                     ("setosa-versicolor", "setosa-virginica", "versicolor-virginica", "setosa-rest",
                      "versicolor-rest", "virginica-rest"), "classification",
                     "Fisher (1936) via " + _SKLEARN + "/iris.csv"),
    "wine": RealData("wine", ("alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols",
                              "flavanoids", "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue",
                              "od280_od315", "proline"),
                     ("1-2", "1-3", "2-3", "1-rest", "2-rest", "3-rest"), "classification",
                     "UCI Wine (Forina et al., CC BY 4.0) via " + _SKLEARN + "/wine_data.csv"),
    "linnerud": RealData("linnerud", ("chins", "situps", "jumps"), ("weight", "waist", "pulse"), "regression",
                         "Tenenhaus (1998) via " + _SKLEARN + "/linnerud_*.csv"),
    "diabetes": RealData("diabetes", ("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"), ("",),
                         "regression", "Efron, Hastie, Johnstone, Tibshirani (2004) via " + _SKLEARN
                         + "/diabetes_*.csv.gz"),
    "spiral": RealData("spiral", ("x", "y"), ("", "N"), "classification",
                       "two spirals of Lang and Witbrock (1988), generated (4 decimals)"),
}
_CLASSES = {"iris": ("setosa", "versicolor", "virginica"), "wine": ("1", "2", "3")}
SPIRAL_POINTS = 97        # per arm in the classic benchmark (three turns, 194 points)
_NAME = re.compile(r"^([^\[\]:]+)(?::([^\[\]]*))?(?:\[([^\[\]]*)\])?$")


def is_real_name(name: str) -> bool:
    """Whether ``name`` is meant as one of the shipped real data sets (it may still be malformed).

    >>> is_real_name("iris:setosa-versicolor"), is_real_name("iris.csv"), is_real_name("xor")
    (True, False, False)
    """
    return re.split(r"[:\[]", name, maxsplit=1)[0] in REAL_DATA


def real_dataset(name: str) -> Dataset:
    """The exact data of a real data set name (see the module docstring for the names).

    >>> real_dataset("wine:1-2").n, real_dataset("spiral:3").n, real_dataset("diabetes[bmi,bp]").X[0]
    (130, 6, (Fraction(321, 10), Fraction(101, 1)))
    >>> real_dataset("iris:versicolor-virginica[petal_lenght]")   # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    arrangement.errors.DataError: iris has no feature 'petal_lenght' (did you mean 'petal_length'?; one of ...)
    """
    match = _NAME.match(name)
    if not match or match.group(1) not in REAL_DATA:
        raise DataError(f"malformed data set name {name!r} (write e.g. iris:versicolor-virginica"
                        "[petal_length,petal_width])")
    base, task, chosen = match.group(1), match.group(2), match.group(3)
    info = REAL_DATA[base]
    rows, labels = _task(info, task, name)
    if chosen is not None:
        columns = [_feature(info, f.strip()) for f in chosen.split(",")]
        if len(set(columns)) != len(columns):
            raise DataError(f"{name}: a feature is named twice")
        rows = [tuple(row[k] for k in columns) for row in rows]
    return Dataset(tuple(rows), tuple(labels))


def _task(info: RealData, task, name: str):
    base = info.base
    if base in _CLASSES and task is None:
        raise DataError(f"{base} needs a pair of classes: " + ", ".join(f"{base}:{t}" for t in info.tasks))
    if base == "spiral":
        count = SPIRAL_POINTS if task is None else _count(task, name)
        return spiral_points(count)
    if base == "diabetes":
        if task is not None:
            raise DataError(f"{name}: diabetes has one task (write diabetes or diabetes[bmi,bp])")
        return _table("diabetes")
    if base == "linnerud":
        if task not in info.tasks:
            raise DataError(_unknown(f"{base} label", task or "", info.tasks, f"{base}:"))
        X, targets = _table("linnerud")
        return X, [t[info.tasks.index(task)] for t in targets]
    if task not in info.tasks:
        raise DataError(_unknown(f"{base} task", task, info.tasks, f"{base}:"))
    first, second = (_CLASSES[base].index(c) if c != "rest" else None for c in task.split("-"))
    X, classes = _table(base)
    keep = [j for j, c in enumerate(classes) if c in (first, second) or second is None]
    return [X[j] for j in keep], [Fraction(1 if classes[j] == first else -1) for j in keep]


def _count(text: str, name: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= SPIRAL_POINTS:
        raise DataError(f"{name}: spiral:N takes 1 <= N <= {SPIRAL_POINTS} points per arm")
    return int(text)


def _feature(info: RealData, feature: str) -> int:
    if feature not in info.features:
        raise DataError(_unknown(f"{info.base} has no feature", feature, info.features, ""))
    return info.features.index(feature)


def _unknown(what: str, value: str, known, prefix: str) -> str:
    close = suggestion(value, known)
    hint = f"did you mean {prefix + close!r}?; " if close else ""
    return f"{what} {value!r} ({hint}one of {', '.join(prefix + k for k in known)})"


def suggestion(name: str, known) -> str | None:
    """The known name closest to ``name``: an exact match up to case first, else the closest
    spelling (``None`` if nothing is close).

    >>> suggestion("Xor", ["xor", "iris"]), suggestion("irsi", ["xor", "iris"]), suggestion("zzz", ["xor"])
    ('xor', 'iris', None)
    """
    known = list(known)
    lower = {k.lower(): k for k in known}
    if name.lower() in lower:
        return lower[name.lower()]
    close = difflib.get_close_matches(name.lower(), list(lower), n=1, cutoff=0.6)
    return lower[close[0]] if close else None


def looks_like_name(text: str) -> bool:
    """Whether ``text`` (not an existing file) is meant as a built-in name rather than a path:
    no folder, no file suffix.

    >>> looks_like_name("Xor"), looks_like_name("iris:setosa-versicolor[sepal_width]"), looks_like_name("d.csv")
    (True, True, False)
    """
    head = re.split(r"[:\[]", text, maxsplit=1)[0]
    return bool(head) and "/" not in text and "\\" not in text and "." not in head


def unknown_name(name: str, family: str, synthetic) -> None:
    """Refuse a name whose data set is unknown, suggesting the nearest built-in (case aside)."""
    if family in synthetic:
        return
    known = [*synthetic, *REAL_DATA]
    close = suggestion(family, known)
    hint = f"did you mean {close!r}? " if close else ""
    raise DataError(f"unknown data set {name!r}: not a file and not a built-in ({hint}"
                    "`dualcert datasets` lists them)")


# ---- the shipped files ----------------------------------------------------------------------

def _text(filename: str) -> str:
    raw = resources.files("arrangement").joinpath("data_files", filename).read_bytes()
    return (gzip.decompress(raw) if filename.endswith(".gz") else raw).decode("ascii")


def _number(text: str) -> Fraction:
    # every shipped entry is a plain decimal; the diabetes targets are written 1.51e+02
    return Fraction(text)


@lru_cache(maxsize=None)
def _table(base: str):
    """(rows, labels) of a shipped table, as tuples of Fractions (labels: class codes or targets)."""
    if base in ("iris", "wine"):
        lines = _text("iris.csv" if base == "iris" else "wine_data.csv").split()
        rows = [line.split(",") for line in lines[1:]]
        return (tuple(tuple(_number(v) for v in r[:-1]) for r in rows), tuple(int(r[-1]) for r in rows))
    if base == "linnerud":
        X = [tuple(map(_number, line.split())) for line in _text("linnerud_exercise.csv").splitlines()[1:]]
        Y = [tuple(map(_number, line.split())) for line in _text("linnerud_physiological.csv").splitlines()[1:]]
        return tuple(X), tuple(Y)
    X = [tuple(map(_number, line.split())) for line in _text("diabetes_data_raw.csv.gz").splitlines()]
    y = [_number(line) for line in _text("diabetes_target.csv.gz").split()]
    return tuple(X), tuple(y)


@lru_cache(maxsize=None)
def spiral_points(count: int = SPIRAL_POINTS):
    """The two spirals of Lang and Witbrock: for ``i < count``, angle ``i pi / 16``, radius
    ``6.5 (104 - i) / 104``, the point ``r (sin, cos)`` labelled +1 and its negative labelled -1,
    each coordinate rounded half-even to 4 decimals from 40-digit arithmetic (deterministic).

    >>> X, y = spiral_points(2)
    >>> [tuple(map(str, p)) for p in X], [int(v) for v in y]
    ([('0', '13/2'), ('12559/10000', '31569/5000'), ('0', '-13/2'), ('-12559/10000', '-31569/5000')], [1, 1, -1, -1])
    """
    import mpmath
    from decimal import Decimal, ROUND_HALF_EVEN
    rows = []
    with mpmath.workdps(40):
        for i in range(count):
            radius = mpmath.mpf(13) / 2 * (104 - i) / 104
            angle = i * mpmath.pi / 16
            point = tuple(Fraction(Decimal(mpmath.nstr(radius * f(angle), 35, strip_zeros=False))
                                   .quantize(Decimal("0.0001"), ROUND_HALF_EVEN))
                          for f in (mpmath.sin, mpmath.cos))
            rows.append(point)
    X = rows + [tuple(-v for v in p) for p in rows]
    return tuple(X), (Fraction(1),) * count + (Fraction(-1),) * count


def catalogue() -> list:
    """Every named real data set with its size: dicts ``name, n, d, task, source``.

    >>> [(e["name"], e["n"], e["d"]) for e in catalogue() if e["name"].startswith("linnerud")][0]
    ('linnerud:weight', 20, 3)
    """
    out = []
    for base, info in REAL_DATA.items():
        for task in info.tasks:
            name = base if task == "" else f"{base}:{task}"
            if task == "N":
                out.append({"name": name, "n": "2N", "d": 2, "task": "classification +1/-1, N <= 97 per arm",
                            "source": info.source})
                continue
            data = real_dataset(name)
            kind = "classification +1/-1" if info.kind == "classification" else \
                f"regression ({task or 'progression'})"
            out.append({"name": name, "n": data.n, "d": data.d, "task": kind, "source": info.source})
    return out
