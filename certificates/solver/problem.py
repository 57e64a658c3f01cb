"""The input of every solve, normalised once: data and labels as an arrangement with exact labels
(:func:`labelled_problem`), and the float view the numerical guesses run on
(:class:`FloatScaling`, :func:`guess_atoms`).  Shared by the point solve, the exact fit, the
path and the sweep.

>>> A, y = labelled_problem([[1, 0], [0, 1]], ["1/2", 2], bias=False)
>>> A.n, y
(2, (Fraction(1, 2), Fraction(2, 1)))
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from arrangement import Arrangement, DataError, ParameterError
from arrangement.data import load_data
from arrangement.numbers import check_flag, finite_float, rational_vector

__all__ = ["labelled_problem", "guess_atoms", "all_pairs", "FloatScaling"]


def labelled_problem(X, y, bias, label=None):
    if isinstance(X, Arrangement):
        arrangement = X
        labels = arrangement.y
        if check_flag(bias, "bias") and not arrangement.bias:   # the rows are fixed: bias=True would be lost
            raise ParameterError("bias=True with an Arrangement built without a bias: build it with "
                                 "Arrangement(X, bias=True)")
    else:
        data = load_data(X, label)
        arrangement = Arrangement(data, bias=bias)
        labels = data.y
    if y is not None:
        labels = rational_vector(y, "labels y", arrangement.n)
    if labels is None:
        raise DataError("labels y are missing (give y, or a data file with a y column)")
    if len(labels) != arrangement.n:
        raise DataError(f"labels y have length {len(labels)}, the data have {arrangement.n} rows")
    return arrangement, tuple(labels)


def guess_atoms(arrangement, solution):
    """The atoms ``(w, sign, amplitude)`` of a master solution: its cone vectors above 1e-6 of the
    largest, in amplitude or in their share ``|K v|`` of the fit.  Both: when the coordinates
    differ in scale (``[[N, 0], [0, 1]]``), an atom along the large one fits its point with an
    amplitude ``N`` times smaller than the others, and dropping it loses the structure.

    >>> from certificates.solver.numeric.conic import ConicSolution
    >>> fitting_x1 = ConicSolution(((0, 1), (1, 1)), np.array([[2.0 ** -30, 0], [0, 1.0]]), np.zeros(2), 0.0, "Solved", 0)
    >>> [(w.tolist(), a) for w, _, a in guess_atoms(Arrangement([[2 ** 30, 0], [0, 1]]), fitting_x1)]
    [([1.0, 0.0], 9.313225746154785e-10), ([0.0, 1.0], 1.0)]
    """
    norms = np.linalg.norm(solution.vectors, axis=1) if len(solution.vectors) else np.zeros(0)
    top = float(norms.max()) if len(norms) else 0.0
    if top <= 0:
        return []
    with np.errstate(over="ignore", invalid="ignore"):   # relu(X v): a cone's fit (no regions listed)
        fits = np.linalg.norm(np.maximum(solution.vectors @ arrangement.X_float.T, 0), axis=1)
    fitting = (fits > 1e-6 * fits.max()) & (norms > 0) if np.isfinite(fits).all() else False
    keep = np.flatnonzero((norms > 1e-6 * top) | fitting)
    return [(solution.vectors[q] / norms[q], solution.pairs[q][1], float(norms[q])) for q in keep]


def _power_of_two_near(values) -> Fraction:
    """A power of 2 within a factor 2 of ``max |values|`` (1 when all are 0): exact, no float overflow."""
    top = max((abs(Fraction(v)) for v in values), default=Fraction(0))
    if top == 0:
        return Fraction(1)
    exponent = top.numerator.bit_length() - top.denominator.bit_length()
    return Fraction(2) ** exponent


@dataclass(frozen=True)
class FloatScaling:
    """The float guess solves the problem for ``X / s``, ``y / t``, ``lambda / (s t)``: relu is
    positively homogeneous, so its minimiser is ``s mu / t`` (same atoms' directions) and its dual
    vector ``s p``.  Exact checks always use the original data.

    >>> f = FloatScaling.of(Arrangement([[10 ** 50, 1]]), [3])
    >>> f.s == 2 ** 166, f.t
    (True, Fraction(2, 1))
    """

    s: Fraction
    t: Fraction

    @classmethod
    def of(cls, arrangement, labels) -> "FloatScaling":
        return cls(_power_of_two_near([v for row in arrangement.X for v in row]), _power_of_two_near(labels))

    def view(self, arrangement):
        """The arrangement with its float rows divided by ``s`` (regions and walls are shared)."""
        view = copy.copy(arrangement)
        view.__dict__["X_float"] = np.array([[float(v / self.s) for v in row] for row in arrangement.X],
                                            dtype=float).reshape(arrangement.n, arrangement.d)
        return view

    def labels(self, labels) -> np.ndarray:
        return np.array([finite_float(Fraction(v) / self.t, f"label y[{j}] after scaling")
                         for j, v in enumerate(labels)])

    def lam(self, lam) -> float:
        return finite_float(Fraction(lam) / (self.s * self.t), "lambda after scaling")

    def objective(self, value: float) -> float:
        """A float objective of the scaled problem in the data's units, times ``t^2`` (an exponent
        shift: labels near 2^600 give inf, not an OverflowError).

        >>> FloatScaling(Fraction(1), Fraction(2) ** 600).objective(1.5), FloatScaling(Fraction(1), Fraction(1, 4)).objective(1.0)
        (inf, 0.0625)
        """
        try:
            return math.ldexp(value, 2 * (self.t.numerator.bit_length() - self.t.denominator.bit_length()))
        except OverflowError:
            return math.inf if value > 0 else -math.inf

    def back(self, p, atoms):
        """``(p, atoms)`` of the original problem from the scaled float solution."""
        factor = float(self.t / self.s)
        return (np.asarray(p, dtype=float) / float(self.s),
                [(w, sign, magnitude * factor) for w, sign, magnitude in atoms])


def all_pairs(arrangement):
    S = arrangement.sign_matrix()
    return [(r, s) for r in np.flatnonzero((S > 0).any(axis=1)).tolist() for s in (1, -1)]
