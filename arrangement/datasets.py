"""Built-in data sets with known region counts (THEORY.md, section 6).

* ``threshold(k)``: the cube {0,1}^k; with a bias its regions are the threshold
  functions of k variables: 2, 4, 14, 104, 1882, 94572, 15028134 (OEIS A000609).
* ``resonance(k)``: all nonzero 0/1 vectors of Q^k (the resonance arrangement).
* ``braid(k)``: e_i - e_j for i < j in Q^k; k! regions (the Weyl chambers of A_{k-1}).
* ``xor``: the four points of {0,1}^2 with labels 0, 1, 1, 0.

On the command line these are written ``threshold:3``, ``resonance:4``, ``braid:4``, ``xor``.

>>> threshold(2)
((0, 0), (0, 1), (1, 0), (1, 1))
>>> braid(3)
((1, -1, 0), (1, 0, -1), (0, 1, -1))
"""

from __future__ import annotations

import itertools
import random

from .data import Dataset, rational_matrix, rational_vector
from .errors import DataError

__all__ = ["threshold", "resonance", "braid", "random_integer", "builtin"]


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


def random_integer(n: int, d: int, seed: int = 0, bound: int = 9) -> tuple:
    """n rows of d integers drawn uniformly from [-bound, bound] (deterministic in ``seed``).

    >>> random_integer(2, 3, seed=1)
    ((-5, 9, -7), (-1, -6, 6))
    """
    rng = random.Random(seed)
    return tuple(tuple(rng.randint(-bound, bound) for _ in range(d)) for _ in range(n))


_FAMILIES = {"threshold": threshold, "resonance": resonance, "braid": braid}
_MAX_K = 12


def builtin(name: str) -> Dataset:
    """A built-in data set by name: ``threshold:K``, ``resonance:K``, ``braid:K`` or ``xor``.

    >>> builtin("xor").y
    (Fraction(0, 1), Fraction(1, 1), Fraction(1, 1), Fraction(0, 1))
    """
    if name == "xor":
        return Dataset(rational_matrix(threshold(2)), rational_vector([0, 1, 1, 0], "y"))
    family, _, arg = name.partition(":")
    if family not in _FAMILIES or not (arg.isascii() and arg.isdigit()) or not 1 <= int(arg) <= _MAX_K:
        raise DataError(f"unknown built-in data set {name!r} (use threshold:K, resonance:K, braid:K "
                        f"with 1 <= K <= {_MAX_K}, or xor)")
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
    return text == "xor" or text.partition(":")[0] in _FAMILIES
