"""A symmetry group given by its generators, each checked exactly before it is used.

A generator is either a permutation of the distinct hyperplanes (numbered ``0 .. m-1`` in the
order of :attr:`~arrangement.Arrangement.hyperplanes`: by their first data row), or a ``d x d``
matrix ``M`` acting on the data points (``d`` counts the bias coordinate when there is one), such
as a signed permutation matrix: the hyperplane of a point ``x`` goes to the hyperplane of ``M x``.

A matrix is accepted when ``M`` sends every hyperplane's normal to a nonzero multiple of a
hyperplane's normal, one to one; it then maps the span of the normals onto itself, so it is a
linear isomorphism of the arrangement.  A permutation ``pi`` is accepted when the ordered
arrangements ``(H_0, H_1, ...)`` and ``(H_pi(0), H_pi(1), ...)`` have the same
:func:`~arrangement.normal_form.normal_form`, i.e. when a linear isomorphism maps ``H_h`` to
``H_pi(h)`` for every h.  Anything else is refused (:class:`~arrangement.errors.ParameterError`,
one line).  The group's order is computed by Schreier-Sims (sympy).

>>> from arrangement import Arrangement
>>> A = Arrangement([[1, 0], [0, 1], [1, 1]])
>>> generator_group(A, [[[0, 1], [1, 0]]]).order         # swap the coordinates
2
>>> generator_group(A, [[1, 0, 2]]).generators.tolist()  # the same, as a permutation
[[1, 0, 2]]
"""

from __future__ import annotations

from math import lcm
from pathlib import Path

import numpy as np

from .errors import DataError, ParameterError
from .files import parse_json, read_text
from .integer import canonical_rows
from .linalg import rank
from .normal_form import normal_form
from .numbers import rational
from .symmetry import SymmetryGroup

__all__ = ["generator_group", "read_generators"]


def read_generators(path: str) -> list:
    """The generators listed in a JSON file: a list, or an object with the list under ``"generators"``.

    >>> import json, os, tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
    ...     json.dump({"generators": [[1, 0, 2]]}, f)
    >>> read_generators(f.name)
    [[1, 0, 2]]
    >>> os.unlink(f.name)
    """
    try:        # the data's strict JSON reader: no key twice, no NaN, bounded numbers and nesting
        data = parse_json(read_text(Path(path), "generators file"), str(path))
    except DataError as e:
        raise ParameterError(str(e)) from None
    if isinstance(data, dict):
        data = data.get("generators")
    if not isinstance(data, list):
        raise ParameterError(f"the generators file {path} must hold a list of generators "
                             "(or an object with the list under \"generators\")")
    return data


def _as_integer_matrix(M, d: int, k: int) -> np.ndarray:
    """A positive multiple of the rational matrix ``M`` (so the same map of hyperplanes), as integers."""
    if len(M) != d or any(not isinstance(row, list) or len(row) != d for row in M):
        raise ParameterError(f"generator {k}: a matrix must be {d} x {d} (the data dimension"
                             " with the bias coordinate, if any)")
    try:      # the data's reader: "1e999999999" is refused, not a minutes-long 10^9-digit integer
        rows = [[rational(v, f"generator {k}: matrix entry") for v in row] for row in M]
    except DataError as e:
        raise ParameterError(f"{e}; matrix entries must be integers or fractions") from None
    if rank(rows) < d:     # it would permute hyperplanes only on data of lower rank, and no space
        raise ParameterError(f"generator {k}: the matrix is singular; a symmetry is an invertible linear map")
    scale = lcm(*(v.denominator for row in rows for v in row))
    return np.array([[int(v * scale) for v in row] for row in rows], dtype=object)


def _matrix_permutation(A, M: np.ndarray, k: int) -> list:
    normals = np.asarray(A.hyperplane_normals, dtype=object)
    index = {tuple(int(v) for v in row): h for h, row in enumerate(canonical_rows(normals)[0].tolist())}
    images = (normals @ M.T) if len(normals) else normals
    perm = []
    for h, row in enumerate(images.tolist()):
        if not any(row):
            raise ParameterError(f"generator {k} is not a symmetry: it sends hyperplane {h} to no hyperplane")
        target = index.get(tuple(int(v) for v in canonical_rows(np.array([row], dtype=object))[0][0]))
        if target is None:
            raise ParameterError(f"generator {k} is not a symmetry: it sends hyperplane {h} to no hyperplane")
        perm.append(target)
    if len(set(perm)) != len(perm):
        raise ParameterError(f"generator {k} is not a symmetry: it sends two hyperplanes to one")
    return perm


def _checked_permutation(A, perm: list, k: int) -> list:
    m = len(A.hyperplanes)
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in perm) or sorted(perm) != list(range(m)):
        raise ParameterError(f"generator {k}: a permutation must list each hyperplane 0 .. {m - 1} once"
                             if m else f"generator {k}: the data have no hyperplane, so the only permutation is []")
    N = np.asarray(A.normals)
    if m and not np.array_equal(normal_form(N), normal_form(N[perm])):
        raise ParameterError(f"generator {k} is not a symmetry: no linear map sends each hyperplane h "
                             "to hyperplane perm[h]")
    return perm


def generator_group(A, generators: list) -> SymmetryGroup:
    """The group generated by ``generators`` (permutations of A's hyperplanes or d x d matrices on
    the data), as permutations of the hyperplanes, each generator checked to be a symmetry.

    >>> from arrangement import Arrangement
    >>> A = Arrangement([[1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 1]])
    >>> generator_group(A, [[1, 0, 2, 3]]).order
    2
    >>> generator_group(A, [[0, 1, 3, 2]])          # H_0, H_1, H_2 share a line, H_0, H_1, H_3 do not
    Traceback (most recent call last):
    ...
    arrangement.errors.ParameterError: generator 0 is not a symmetry: no linear map sends each hyperplane h to hyperplane perm[h]
    """
    m = len(A.hyperplanes)
    perms = []
    for k, g in enumerate(generators):
        if isinstance(g, list) and g and all(isinstance(row, list) for row in g):
            perms.append(_matrix_permutation(A, _as_integer_matrix(g, A.d, k), k))
        elif isinstance(g, list):
            perms.append(_checked_permutation(A, g, k))
        else:
            raise ParameterError(f"generator {k}: expected a permutation (a list of integers) or a matrix")
    perms = [p for p in perms if p != list(range(m))]
    if not perms:
        return SymmetryGroup(np.zeros((0, m), dtype=np.int64), 1)
    from sympy.combinatorics import Permutation, PermutationGroup   # only for a given group
    order = int(PermutationGroup([Permutation(p) for p in perms]).order())
    return SymmetryGroup(np.array(perms, dtype=np.int64), order)
