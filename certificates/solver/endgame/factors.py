"""The parts of an optimality system that depend on the data and one face only, computed once.

An atom on the face ``F`` (zero set ``Z``, active set ``A``) enters the optimality system of
:mod:`certificates.solver.endgame.optimality` through ``E = P X^T D_A`` (``d x n``; ``P`` the
orthogonal projector onto ``{w : <w, x_j> = 0, j in Z}``), and the paired form through the
kernel basis ``B`` of ``X^T`` and the float rows ``E B``.  None of them depends on the other
atoms, lambda or the labels, so a system for a changed set of faces (the float refinement of a
face guess changes one or a few atoms per round, of hundreds) recomputes only the new faces'
factors and restacks the rest.

They are kept per data rows: a copy of an arrangement that keeps its rows (a
:class:`~certificates.dual.patch.Patch`, a float view) shares them; a copy with other rows
(a change of units) gets its own.

>>> from arrangement import Arrangement
>>> A = Arrangement([[1, 0], [1, 1]])
>>> zero, E, E_float = face_factors(A, "+0")     # w on the line <w, x_2> = 0, active on x_1
>>> zero, [str(v) for v in E.entries()], face_factors(A, "+0")[1] is E
([1], ['1/2', '0', '-1/2', '0'], True)
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from flint import fmpq_mat

from arrangement.linalg import fmpq_of
from arrangement.linalg import kernel_basis as _kernel_basis
from arrangement.linalg import row_basis as _row_basis

__all__ = ["exact_rows", "face_factors", "float_of", "identity", "paired_basis", "paired_rows"]


def _store(arrangement) -> dict:
    store = arrangement.__dict__.get("_endgame_factors")
    if store is None or store["rows"] is not arrangement.X:
        store = arrangement.__dict__["_endgame_factors"] = {"rows": arrangement.X, "faces": {}, "paired": {}}
    return store


def float_of(M: fmpq_mat) -> np.ndarray:
    """The correctly rounded floats of a rational matrix.

    >>> float_of(fmpq_mat([[1, 2], [3, 4]]) / 3).tolist()
    [[0.3333333333333333, 0.6666666666666666], [1.0, 1.3333333333333333]]
    """
    # int / int is correctly rounded; no Fraction objects (millions of entries at n ~ 100)
    return np.array([int(v.p) / int(v.q) for v in M.entries()], dtype=float).reshape(M.nrows(), M.ncols())


@lru_cache(maxsize=4)
def identity(n: int) -> fmpq_mat:
    """The ``n x n`` rational identity (shared: never written to).

    >>> identity(2).entries()
    [1, 0, 0, 1]
    """
    return fmpq_mat(n, n, [1 if i == k else 0 for i in range(n) for k in range(n)])


def exact_rows(arrangement) -> fmpq_mat:
    """The data ``X`` (``n x d``) as a rational matrix, built once per rows.

    >>> from arrangement import Arrangement
    >>> exact_rows(Arrangement([[1, 2]])).entries()
    [1, 2]
    """
    store = _store(arrangement)
    if "X" not in store:
        n, d = arrangement.n, arrangement.d
        store["X"] = fmpq_mat(n, d, [fmpq_of(v) for row in arrangement.X for v in row])
    return store["X"]


def _span_closure(X: fmpq_mat, zero: list) -> list:
    """All data indices ``j`` with ``x_j`` (nonzero) in the span of the rows ``zero``."""
    if not zero:
        return []
    d = X.ncols()
    basis = _row_basis(fmpq_mat([[X[j, k] for k in range(d)] for j in zero]))
    if not basis.nrows():
        return []
    # x_j is in the span iff it equals its orthogonal projection onto it: one exact product for
    # all rows (a rank per row took most of the float face refinement's time at n ~ 100)
    residual = X - X * (basis.transpose() * (basis * basis.transpose()).inv() * basis)
    return [j for j in range(X.nrows())
            if any(X[j, k] != 0 for k in range(d)) and all(residual[j, k] == 0 for k in range(d))]


def face_factors(arrangement, face: str) -> tuple:
    """``(zero, E, E_float)`` of a face: the data indices in the span of its zero rows, ``E`` exact
    and in floats."""
    known = _store(arrangement)["faces"]
    if face not in known:
        X = exact_rows(arrangement)
        n, d = X.nrows(), X.ncols()
        zero = _span_closure(X, [j for j, s in enumerate(face) if s == "0"])
        P = identity(d)
        if zero:
            Zb = _row_basis(fmpq_mat([[X[j, k] for k in range(d)] for j in zero]))
            P = P - Zb.transpose() * (Zb * Zb.transpose()).inv() * Zb
        E = P * fmpq_mat(d, n, [X[j, k] if face[j] == "+" else 0 for k in range(d) for j in range(n)])
        known[face] = (zero, E, float_of(E))
    return known[face]


def paired_basis(arrangement, inverse: bool = False) -> tuple:
    """``(B, B_float)``: ``B`` a basis of ``ker X^T`` (columns), the ``p = B z`` of the paired form;
    with ``inverse``, also the float pseudo-inverse of ``B`` (least-squares ``z`` of a float ``p``).

    >>> from arrangement import Arrangement
    >>> B, B_float = paired_basis(Arrangement([[1], [2]]))
    >>> B.entries(), B_float.tolist()
    ([-2, 1], [[-2.0], [1.0]])
    """
    store = _store(arrangement)
    if "B" not in store:
        B = _kernel_basis(exact_rows(arrangement).transpose())
        store["B"] = (B, float_of(B))
    if inverse and "B+" not in store:
        store["B+"] = np.linalg.pinv(store["B"][1]) if store["B"][1].size else store["B"][1].T
    return store["B"] + (store["B+"],) if inverse else store["B"]


def paired_rows(arrangement, face: str) -> np.ndarray:
    """``E B`` in floats (``d x r``) for a face: its rows of the paired form's stacked ``F``."""
    known = _store(arrangement)["paired"]
    if face not in known:
        with np.errstate(over="ignore", invalid="ignore"):   # data far beyond 1: guesses that fail, no claim
            known[face] = face_factors(arrangement, face)[2] @ paired_basis(arrangement)[1]
    return known[face]
