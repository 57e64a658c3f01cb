"""Exact rational linear algebra: the one kernel of the package (python-flint ``fmpq_mat``).

Linear systems, ranks, independent rows, row and kernel bases over ``Q`` are computed here, in
FLINT's exact rational matrices; callers pass and receive Python ``Fraction``s (or ints), so the
certificate code never sees the backend.  The solver, which works in FLINT matrices throughout,
takes its bases and conversions from here: ``Fraction <-> fmpq`` and the exact value of an arb
midpoint or endpoint (a dyadic rational).  Fractions remain only where FLINT has no counterpart
(sympy's exact simplex in :mod:`certificates.dual.uniqueness`, sympy's algebraic numbers in
:mod:`certificates.solver.endgame.algebraic`).  FLINT is imported on first use, so that importing
:mod:`arrangement` stays light; :func:`independent_integer_rows` (the rank of the data, on
the path of every command) works in Python integers, so that counting never loads FLINT.

The greedy choice of independent rows is read off a reduced row echelon form: row ``i`` of
``M`` is independent of rows ``0..i-1`` iff column ``i`` of ``M^T`` is a pivot column.

>>> from fractions import Fraction as Q
>>> solve([[2, 1], [1, 1]], [3, Q(5, 2)])
[Fraction(1, 2), Fraction(2, 1)]
>>> independent_rows([[1, 2], [2, 4], [0, 1]]), rank([[1, 2], [2, 4], [0, 1]])
([0, 2], 2)
>>> kernel_vectors([[1, 1, 0]])
[[Fraction(-1, 1), Fraction(1, 1), Fraction(0, 1)], [Fraction(0, 1), Fraction(0, 1), Fraction(1, 1)]]
"""

from __future__ import annotations

from fractions import Fraction

__all__ = ["fmpq_of", "fraction_of", "fraction_of_exact_arb", "rational_matrix", "fractions_of",
           "solve", "independent_rows", "independent_integer_rows", "rank", "row_basis", "kernel_basis",
           "kernel_vectors"]


def fmpq_of(value):
    """An int, ``Fraction``, decimal string or fmpq as a FLINT ``fmpq``.

    >>> fmpq_of(Fraction(-3, 4))
    -3/4
    """
    from flint import fmpq
    if isinstance(value, fmpq):
        return value
    value = Fraction(value)
    return fmpq(value.numerator, value.denominator)


def fraction_of(value) -> Fraction:
    """A FLINT ``fmpq`` or ``fmpz`` (or an int) as a ``Fraction``.

    >>> from flint import fmpq
    >>> fraction_of(fmpq(-3, 4))
    Fraction(-3, 4)
    """
    if hasattr(value, "q"):
        return Fraction(int(value.p), int(value.q))
    return Fraction(int(value))


def fraction_of_exact_arb(value) -> Fraction:
    """The exact value of an arb ball of radius 0 (e.g. ``x.mid()``, ``x.upper()``): ``m 2^e``.

    >>> from flint import arb
    >>> fraction_of_exact_arb(arb(3) / 8), fraction_of_exact_arb((arb(1) / 3).upper()) > Fraction(1, 3)
    (Fraction(3, 8), True)
    """
    mantissa, exponent = value.man_exp()
    return Fraction(int(mantissa)) * Fraction(2) ** int(exponent)


def rational_matrix(rows, ncols: int | None = None):
    """Rows of ints/Fractions as an ``fmpq_mat`` (``ncols`` for a matrix with no rows)."""
    from flint import fmpq_mat
    rows = [list(row) for row in rows]
    width = len(rows[0]) if rows else (ncols or 0)
    return fmpq_mat(len(rows), width, [fmpq_of(v) for row in rows for v in row])


def fractions_of(M) -> list:
    """An ``fmpq_mat`` as a list of rows of ``Fraction``s."""
    return [[fraction_of(v) for v in row] for row in M.tolist()]


def solve(M, rhs):
    """The solution of the square system ``M x = rhs`` (exact), or None if ``M`` is singular.

    >>> solve([[1, 2], [2, 4]], [1, 2]) is None
    True
    """
    from flint import fmpq_mat
    n = len(M)
    if n == 0:
        return []
    try:
        x = rational_matrix(M).solve(fmpq_mat(n, 1, [fmpq_of(v) for v in rhs]))
    except ZeroDivisionError:  # FLINT's signal for a singular matrix
        return None
    return [fraction_of(v) for v in x.entries()]


def _pivot_columns(R, rank: int) -> list:
    """Pivot columns of a reduced row echelon form of the given rank."""
    pivots, row = [], 0
    for col in range(R.ncols()):
        if row < rank and R[row, col] != 0:
            pivots.append(col)
            row += 1
    return pivots


def independent_rows(rows) -> list:
    """Indices of a maximal linearly independent set of rows, chosen greedily in order.

    ``rows``: a list of rows of ints/Fractions, or an integer NumPy array.

    >>> independent_rows([[0, 0], [1, 1], [2, 2], [1, 0]])
    [1, 3]
    """
    rows = rows.tolist() if hasattr(rows, "tolist") else rows
    if not rows or not len(rows[0]):
        return []
    R, r = rational_matrix(rows).transpose().rref()
    return _pivot_columns(R, r)


def independent_integer_rows(rows) -> list:
    """:func:`independent_rows` for integer rows, in Python integers (no FLINT import).

    Fraction-free elimination: each new row ``v`` is reduced against the echelon rows ``b``
    (pivot column ``c``) by ``v <- b_c v - v_c b``, an integer combination that keeps ``v``'s
    span with the earlier rows and clears column ``c``; dividing by the gcd keeps entries small.

    >>> import numpy as np
    >>> independent_integer_rows(np.array([[0, 0], [1, 1], [2, 2], [1, 0]]))
    [1, 3]
    """
    from math import gcd
    echelon: list = []
    chosen: list = []
    for i, row in enumerate(rows.tolist() if hasattr(rows, "tolist") else rows):
        v = [int(x) for x in row]
        for b, c in echelon:
            if v[c]:
                v = [b[c] * x - v[c] * y for x, y in zip(v, b)]
                g = gcd(*v)
                v = [x // g for x in v] if g else v
        pivot = next((k for k, x in enumerate(v) if x), None)
        if pivot is not None:
            echelon.append((v, pivot))
            chosen.append(i)
    return chosen


def rank(rows) -> int:
    """The rank of a matrix given by its rows (ints/Fractions, or an integer NumPy array).

    >>> rank([[1, 2, 3], [2, 4, 6]]), rank([])
    (1, 0)
    """
    rows = rows.tolist() if hasattr(rows, "tolist") else rows
    if not rows or not len(rows[0]):
        return 0
    return rational_matrix(rows).rank()


def row_basis(M):
    """The nonzero rows of the reduced row echelon form of the ``fmpq_mat`` ``M``: a basis of
    its row space."""
    from flint import fmpq_mat
    R, r = M.rref()
    return fmpq_mat(r, M.ncols(), [R[i, j] for i in range(r) for j in range(M.ncols())])


def kernel_basis(M):
    """Columns spanning ``{z : M z = 0}`` for an ``fmpq_mat`` ``M``: one per free column ``f`` of
    the reduced row echelon form, with entry 1 at ``f`` and 0 at the other free columns."""
    from flint import fmpq_mat
    R, r = M.rref()
    m = M.ncols()
    pivots = _pivot_columns(R, r)
    free = [c for c in range(m) if c not in pivots]
    K = fmpq_mat(m, len(free), [0] * (m * len(free)))
    for k, f in enumerate(free):
        K[f, k] = 1
        for i, pc in enumerate(pivots):
            K[pc, k] = -R[i, f]
    return K


def kernel_vectors(rows) -> list:
    """:func:`kernel_basis` for rows of ints/Fractions, as a list of vectors of ``Fraction``s."""
    width = len(rows[0]) if len(rows) else 0
    return [list(v) for v in zip(*fractions_of(kernel_basis(rational_matrix(rows, width))))] \
        if width else []
