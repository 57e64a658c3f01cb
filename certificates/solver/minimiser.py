"""From data, labels and lambda to a certified minimiser of the training problem.

Loss convention (THEORY.md section 1)::

    P_lambda:  min over measures mu on the sphere of  1/2 |K mu - y|^2 + lambda |mu|_TV.

With ``normalize=True`` the loss is ``1/(2n) sum_j (K mu - y)_j^2 + lambda |mu|_TV``, the same
problem with lambda multiplied by n (``lam_problem``); objectives are then reported in that
normalised convention, while ``p`` is the dual vector of the unnormalised problem,
``p = (y - K mu) / (n lambda)``, the one whose certificate ``eta_p`` is bounded by 1.

Pipeline: enumerate the regions (:mod:`arrangement`), solve numerically (the full conic program
of :mod:`certificates.solver.conic`, or column generation of :mod:`certificates.solver.column_generation`),
read off the atoms and their faces, then the end-game of :mod:`certificates.solver.optimality`:

* ``exact``: the optimality system's zero found exactly (rationals, or algebraic numbers) and
  checked in exact arithmetic; for rational ``p`` the certificate module re-checks it from scratch;
* ``verified``: interval arithmetic proves that an exact optimal pair lies in a small box;
* ``numerical``: neither, with the reason.

>>> s = solve([[3, 4]], [10], 5)          # one point: amplitude (5 * 10 - 5) / 25
>>> s.status, s.atoms[0].amplitude_exact, s.p_exact, s.atoms[0].w_exact
('exact', 9/5, (1/5,), (3/5, 4/5))
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction

import numpy as np

from arrangement import Arrangement, DataError, Dataset
from arrangement.data import load_data, rational, rational_matrix, rational_vector

from .column_generation import column_generation
from .conic import solve_regions
from .endgame import certify_numerical

__all__ = ["Atom", "Solution", "solve", "exact_fit", "LOSS"]

LOSS = "1/2 |K mu - y|^2 + lambda |mu|_TV"
LOSS_NORMALIZED = "1/(2n) |K mu - y|^2 + lambda |mu|_TV"


@dataclass(frozen=True)
class Atom:
    """One atom ``amplitude * delta_w`` of the minimiser; ``w`` on the unit sphere, ``face`` its
    sign vector over the data.  ``*_exact``: sympy numbers when the status is ``exact``."""

    w: tuple
    amplitude: float
    face: str
    w_exact: tuple | None = None
    amplitude_exact: object = None


@dataclass(frozen=True)
class Solution:
    """A minimiser of ``P_lambda`` with its dual vector, status and certificate report."""

    lam: Fraction
    lam_problem: Fraction
    normalize: bool
    method: str
    status: str
    reason: str
    atoms: tuple
    p: tuple
    p_exact: tuple | None
    objective: float
    dual_objective: float
    certificate: dict
    solver: dict = field(default_factory=dict)

    @property
    def gap(self) -> float:
        return self.objective - self.dual_objective

    def to_json(self) -> dict:
        """The solution as a plain dict (the JSON of ``dualcert solve --json``)."""
        out = {"lam": str(self.lam), "lam_problem": str(self.lam_problem),
               "loss": LOSS_NORMALIZED if self.normalize else LOSS, "method": self.method,
               "status": self.status, "reason": self.reason, "objective": self.objective,
               "dual_objective": self.dual_objective, "gap": self.gap,
               "atoms": [{"w": list(a.w), "amplitude": a.amplitude, "face": a.face} for a in self.atoms],
               "p": list(self.p), "certificate": self.certificate, "solver": self.solver}
        if self.status == "exact":
            out["p_exact"] = [str(v) for v in self.p_exact]
            for entry, atom in zip(out["atoms"], self.atoms):
                entry["w_exact"] = [str(v) for v in atom.w_exact]
                entry["amplitude_exact"] = str(atom.amplitude_exact)
        return out


def _arrangement(X, y, bias):
    if isinstance(X, Arrangement):
        arrangement = X
        labels = arrangement.y
    else:
        data = X if isinstance(X, Dataset) else (load_data(X) if isinstance(X, str) else Dataset(rational_matrix(X)))
        arrangement = Arrangement(data, bias=bias)
        labels = data.y
    if y is not None:
        labels = rational_vector(y, "labels y", arrangement.n)
    if labels is None:
        raise DataError("labels y are missing (give y, or a data file with a y column)")
    if len(labels) != arrangement.n:
        raise DataError(f"labels y have length {len(labels)}, the data have {arrangement.n} rows")
    return arrangement, tuple(labels)


def _float_atoms(arrangement, solution):
    norms = np.linalg.norm(solution.vectors, axis=1) if len(solution.vectors) else np.zeros(0)
    top = float(norms.max()) if len(norms) else 0.0
    keep = np.flatnonzero(norms > 1e-6 * max(top, 1e-300)) if top > 0 else np.zeros(0, dtype=int)
    return [(solution.vectors[q] / norms[q], solution.pairs[q][1], float(norms[q])) for q in keep]


def _objective(arrangement, y, lam, atoms_wa):
    X = arrangement.X_float
    fit = sum((a * np.maximum(X @ w, 0) for w, a in atoms_wa), np.zeros(arrangement.n))
    residual = fit - np.array([float(v) for v in y])
    tv = sum(abs(a) for _, a in atoms_wa)
    return (0.5 * float(residual @ residual) + float(lam) * tv) if lam > 0 else float(tv)


def _finish(arrangement, y, lam, lam_user, normalize, method, numeric_p, float_atoms, solver_info):
    out = certify_numerical(arrangement, y, lam, numeric_p, float_atoms)
    atoms = tuple(Atom(*fields) for fields in out.atoms)
    objective = _objective(arrangement, y, lam, [(a.w, a.amplitude) for a in atoms])
    return Solution(lam_user, lam, normalize, method, out.status, out.reason, atoms, out.p, out.p_exact,
                    objective, out.dual_objective, out.report, {**solver_info, "proof": out.proof})


def _all_pairs(arrangement):
    S = arrangement.sign_matrix()
    return [(r, s) for r in np.flatnonzero((S > 0).any(axis=1)).tolist() for s in (1, -1)]


def solve(X, y=None, lam=None, bias: bool = False, normalize: bool = False, method: str = "cg",
          max_regions=None, progress=None, on_iteration=None) -> Solution:
    """Minimise ``1/2 |K mu - y|^2 + lam |mu|_TV`` and certify the minimiser.

    ``X``: data (rows, array, :class:`~arrangement.Dataset`, path, or an
    :class:`~arrangement.Arrangement`); ``y``: labels (default: those of the data file);
    ``method``: ``"cg"`` (column generation, default) or ``"conic"`` (all regions at once).
    ``progress``: the progress bar of the region enumeration (see
    :meth:`~arrangement.Arrangement.regions`); ``on_iteration``: called as
    ``on_iteration(k, cones, sup_eta_squared_bound)`` after every column-generation step.

    >>> s = solve([[1, 0], [0, 1]], [1, 1], "1/2")     # two orthogonal points: one neuron
    >>> s.status, len(s.atoms), round(s.objective, 12)
    ('exact', 1, 0.582106781187)
    >>> s.atoms[0].w_exact, s.atoms[0].amplitude_exact
    ((sqrt(2)/2, sqrt(2)/2), -1/2 + sqrt(2))
    """
    if lam is None:
        raise DataError("lambda is missing")
    lam_user = rational(lam, "lambda")
    if lam_user <= 0:
        raise DataError(f"lambda must be positive, got {lam_user} (use exact_fit for lambda -> 0)")
    if method not in ("cg", "conic"):
        raise DataError(f"unknown method {method!r}: use 'cg' or 'conic'")
    arrangement, labels = _arrangement(X, y, bias)
    lam_problem = lam_user * arrangement.n if normalize else lam_user
    arrangement.regions(max_regions, progress)
    yf = np.array([float(v) for v in labels])
    if method == "conic":
        numeric = solve_regions(arrangement, yf, float(lam_problem), _all_pairs(arrangement))
        info = {"iterations": numeric.iterations, "regions_used": len(numeric.pairs)}
    else:
        result = column_generation(arrangement, yf, float(lam_problem), on_iteration=on_iteration)
        numeric = result.solution
        info = {"iterations": result.iterations, "regions_used": len(numeric.pairs),
                "sup_bound": result.sup_bound}
    info["numerical_objective"] = numeric.objective
    s = _finish(arrangement, labels, lam_problem, lam_user, normalize, method, numeric.p,
                _float_atoms(arrangement, numeric), info)
    if normalize:  # the 1/(2n)-scaled loss is the unnormalised one divided by n
        s = replace(s, objective=s.objective / arrangement.n, dual_objective=s.dual_objective / arrangement.n)
    return s


def exact_fit(X, y=None, bias: bool = False, max_regions=None, progress=None) -> Solution:
    """The limit lambda -> 0: ``min |mu|_TV`` subject to ``K mu = y``, with the minimal-norm dual
    vector ``p_0`` (the limit of ``p_lambda``) and its certificate ``eta_0``.

    >>> s = exact_fit([[1, 0], [0, 1]], [1, 1])
    >>> s.status, s.atoms[0].amplitude_exact, s.p_exact
    ('exact', sqrt(2), (sqrt(2)/2, sqrt(2)/2))
    """
    arrangement, labels = _arrangement(X, y, bias)
    arrangement.regions(max_regions, progress)
    yf = np.array([float(v) for v in labels])
    if not np.any(yf) and all(v == 0 for v in labels):
        numeric_p, float_atoms, info = np.zeros(arrangement.n), [], {"iterations": 0, "regions_used": 0}
    else:
        numeric = solve_regions(arrangement, yf, 0.0, _all_pairs(arrangement))
        numeric_p, float_atoms = numeric.p, _float_atoms(arrangement, numeric)
        info = {"iterations": numeric.iterations, "regions_used": len(numeric.pairs),
                "numerical_objective": numeric.objective}
    return _finish(arrangement, labels, Fraction(0), Fraction(0), False, "conic", numeric_p, float_atoms, info)
