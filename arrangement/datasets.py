"""Built-in data sets with known region counts.

* ``threshold(k)``: the cube {0,1}^k; with a bias its regions are the threshold
  functions of k variables: 2, 4, 14, 104, 1882, 94572, 15028134 (OEIS A000609).
* ``resonance(k)``: all nonzero 0/1 vectors of Q^k (the resonance arrangement).
* ``braid(k)``: e_i - e_j for i < j in Q^k; k! regions (the Weyl chambers of A_{k-1}).
* ``crosspoly(k)``: the 2(k-1) vectors (1, +-e_i) of Q^k (the cross-polytope instances of
  the sign-vector enumeration literature); 2 * 3^(k-1) - 2^(k-1) regions.
* ``demicube(k)``: the 2^(k-2) vectors (1, v), v in {0,1}^(k-1) of odd weight (the
  demicube instances of the same literature); demicube(6) has 3,756 regions.
* ``xor``: the four points of {0,1}^2 with labels 0, 1, 1, 0.

On the command line these are written ``threshold:3``, ``resonance:4``, ``braid:4``,
``crosspoly:5``, ``demicube:5``, ``xor``.

>>> threshold(2)
((0, 0), (0, 1), (1, 0), (1, 1))
>>> braid(3)
((1, -1, 0), (1, 0, -1), (0, 1, -1))
"""

from __future__ import annotations

import itertools
import random

from .numbers import Dataset, rational_matrix, rational_vector
from .errors import DataError

__all__ = ["threshold", "resonance", "braid", "crosspoly", "demicube", "random_integer", "builtin"]


def threshold(k: int) -> tuple:
    """The 2^k points of {0,1}^k, in lexicographic order."""
    return tuple(itertools.product((0, 1), repeat=k))


def resonance(k: int) -> tuple:
    """The 2^k - 1 nonzero points of {0,1}^k."""
    return threshold(k)[1:]


def braid(k: int) -> tuple:
    """The vectors e_i - e_j, i < j, of Q^k."""
    return tuple(tuple(1 if t == i else -1 if t == j else 0 for t in range(k))
                 for i, j in itertools.combinations(range(k), 2))


def crosspoly(k: int) -> tuple:
    """The vectors (1, e_i), then (1, -e_i), i = 1 .. k-1, of Q^k.

    >>> crosspoly(3)
    ((1, 1, 0), (1, 0, 1), (1, -1, 0), (1, 0, -1))
    """
    unit = [tuple(1 if t == i else 0 for t in range(k - 1)) for i in range(k - 1)]
    return tuple((1, *u) for u in unit) + tuple((1, *(-v for v in u)) for u in unit)


def demicube(k: int) -> tuple:
    """The vectors (1, v) of Q^k, v in {0,1}^(k-1) with an odd number of ones, by weight and
    then by the positions of the ones.

    >>> demicube(4)
    ((1, 1, 0, 0), (1, 0, 1, 0), (1, 0, 0, 1), (1, 1, 1, 1))
    """
    return tuple((1, *(1 if t in ones else 0 for t in range(k - 1)))
                 for weight in range(1, k, 2) for ones in itertools.combinations(range(k - 1), weight))


def random_integer(n: int, d: int, seed: int = 0, bound: int = 9) -> tuple:
    """n rows of d integers drawn uniformly from [-bound, bound] (deterministic in ``seed``).

    >>> random_integer(2, 3, seed=1)
    ((-5, 9, -7), (-1, -6, 6))
    """
    rng = random.Random(seed)
    return tuple(tuple(rng.randint(-bound, bound) for _ in range(d)) for _ in range(n))


_FAMILIES = {"threshold": threshold, "resonance": resonance, "braid": braid, "crosspoly": crosspoly,
             "demicube": demicube}
_MAX_K = {"threshold": 12, "resonance": 12, "braid": 12, "crosspoly": 40, "demicube": 12}


def builtin(name: str) -> Dataset:
    """A built-in data set by name: ``threshold:K``, ``resonance:K``, ``braid:K``, ``crosspoly:K``,
    ``demicube:K`` or ``xor``.

    >>> builtin("xor").y
    (Fraction(0, 1), Fraction(1, 1), Fraction(1, 1), Fraction(0, 1))
    """
    if name == "xor":
        return Dataset(rational_matrix(threshold(2)), rational_vector([0, 1, 1, 0], "y"))
    from .real_data import is_real_name, real_dataset, unknown_name
    if is_real_name(name):
        return real_dataset(name)
    family, _, arg = name.partition(":")
    unknown_name(name, family, [*_FAMILIES, "xor"])
    if family not in _FAMILIES or not (arg.isascii() and arg.isdigit()) or \
            not 1 <= int(arg) <= _MAX_K[family]:
        raise DataError(f"unknown built-in data set {name!r} (use threshold:K, resonance:K, braid:K, "
                        "demicube:K with 1 <= K <= 12, crosspoly:K with 1 <= K <= 40, or xor)")
    rows = _FAMILIES[family](int(arg))
    if not rows:
        raise DataError(f"built-in data set {name!r} is empty")
    return Dataset(rational_matrix(rows))


def suggested_name(text: str) -> str | None:
    """The built-in name ``text`` was probably meant to be (case, a typo), or None.

    >>> suggested_name("Xor"), suggested_name("treshold:3"), suggested_name("data.csv")
    ('xor', 'threshold:3', None)
    """
    import difflib
    family, colon, arg = text.strip().lower().partition(":")
    names = ["xor", *_FAMILIES]
    close = difflib.get_close_matches(family, names, n=1, cutoff=0.75)
    if not close or (close[0] == "xor") == bool(colon):
        return None
    return close[0] + (f":{arg}" if colon else "")


def is_builtin_name(text: str) -> bool:
    """Whether ``text`` names a built-in data set (a name, not a file path)."""
    from .real_data import looks_like_name
    return text == "xor" or text.partition(":")[0] in _FAMILIES or looks_like_name(text)
