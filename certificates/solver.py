"""From data, labels and lambda to a certified minimiser of the training problem.

Loss convention (THEORY.md section 1)::

    P_lambda:  min over measures mu on the sphere of  1/2 |K mu - y|^2 + lambda |mu|_TV.

With ``normalize=True`` the loss is ``1/(2n) sum_j (K mu - y)_j^2 + lambda |mu|_TV``, the same
problem with lambda multiplied by n; the reported ``p`` is always the dual vector of the
unnormalised problem, ``p = (y - K mu) / (n lambda)``.

Pipeline: enumerate the regions (:mod:`arrangement`), solve numerically (the full conic program
of :mod:`certificates.conic`, or column generation of :mod:`certificates.column_generation`),
read off the atoms and their faces, then the end-game of :mod:`certificates.optimality`:

* ``exact``: the optimality system's zero found exactly (rationals, or algebraic numbers) and
  checked by substitution; for rational ``p`` the certificate module re-checks it from scratch;
* ``verified``: interval arithmetic proves that an exact optimal pair lies in a small box;
* ``numerical``: neither, with the reason.

>>> s = solve([[3, 4]], [10], 5)          # one point: amplitude (5 * 10 - 5) / 25
>>> s.status, s.atoms[0].amplitude_exact, s.p_exact, s.atoms[0].w_exact
('exact', 9/5, (1/5,), (3/5, 4/5))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import sympy

from arrangement import Arrangement, DataError, Dataset
from arrangement.data import load_data, rational, rational_matrix, rational_vector

from .certificate import Certificate
from .column_generation import column_generation
from .conic import solve_regions
from .duality import gap_enclosure
from .optimality import OptimalitySystem, exact_solution, identify_faces, substitute, verify

__all__ = ["Atom", "Solution", "solve", "exact_fit", "LOSS"]

LOSS = "1/2 |K mu - y|^2 + lambda |mu|_TV"
LOSS_NORMALIZED = "1/(2n) |K mu - y|^2 + lambda |mu|_TV"
_FACE_TOLERANCES = (1e-9, 1e-7, 1e-5, 1e-3)


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
    X = np.array([[float(v) for v in row] for row in arrangement.X])
    fit = sum((a * np.maximum(X @ w, 0) for w, a in atoms_wa), np.zeros(arrangement.n))
    residual = fit - np.array([float(v) for v in y])
    tv = sum(abs(a) for _, a in atoms_wa)
    return (0.5 * float(residual @ residual) + float(lam) * tv) if lam > 0 else float(tv)


def _dual_objective(y, lam, p, sup):
    """``lambda <y, p> - lambda^2/2 |p|^2`` at ``p / max(1, sup)``: equals the optimal value at ``p*``."""
    p = np.asarray(p, dtype=float) / max(1.0, float(sup))
    yv = np.array([float(v) for v in y])
    lam = float(lam)
    return float(lam * (yv @ p) - 0.5 * lam * lam * (p @ p))


def _verified_report(arrangement, system, enclosure) -> dict:
    """The certificate facts proved on the box, in the certificate module's vocabulary."""
    extreme = []
    for atom, w in zip(system.atoms, enclosure.w):
        location = "interior" if all(arrangement._hyperplane_of[j] < 0 for j, s in enumerate(atom.face)
                                     if s == "0") else "wall"
        extreme.append({"w": [str(v) for v in w], "sign": atom.sign, "face": atom.face, "location": location})
    return {"n": arrangement.n, "d": arrangement.d, "feasible": True, "sup_abs_eta": "1",
            "n_regions": len(arrangement.regions()), "extreme_points": extreme,
            "support_bound": len(system.atoms), "nondegenerate": enclosure.nondegenerate,
            "margin_lower_bound": enclosure.margin_lower.lower().str(15, radius=False), "unique": enclosure.unique,
            "p": [str(v) for v in enclosure.p],
            "proof": "interval arithmetic (python-flint arb): Krawczyk box for the optimality system, "
                     "positive amplitudes and wall multipliers, face signs, and the exact certificate at "
                     "the box centre plus a Lipschitz bound off the atoms"}


def _endgame(arrangement, y, lam, numeric_p, float_atoms):
    """Try the face identifications at increasing tolerances; the first proof wins.

    Also returns the most accurate refined candidate ``(p, atoms)`` (Newton on the optimality
    system), which sharpens the duality-gap enclosure when no proof is found.
    """
    reason, seen, best = "no atoms could be identified", set(), None
    for tolerance in _FACE_TOLERANCES:
        merged = identify_faces(arrangement, float_atoms, tolerance)
        key = tuple(atom for atom, _ in merged)
        if key in seen:
            continue
        seen.add(key)
        system = OptimalitySystem(arrangement, y, lam, key)
        if not system.consistent:
            reason = "the labels are not fitted exactly by atoms on these faces"
            continue
        x = system.newton(system.start(numeric_p, [c for _, c in merged]))
        if not np.all(np.isfinite(x)):
            reason = "Newton's method diverged on the optimality system"
            continue
        residual = float(np.abs(system.residual(x)).max())
        if best is None or residual < best[0]:
            best = (residual, system.float_solution(x))
        enclosure, reason = verify(system, x)
        if enclosure is not None:
            return system, x, enclosure, None, best[1]
    return None, None, None, reason, (best[1] if best else None)


def _finish(arrangement, y, lam, lam_user, normalize, method, numeric_p, float_atoms, solver_info):
    system, x, enclosure, reason, refined = _endgame(arrangement, y, lam, numeric_p, float_atoms)
    if enclosure is None:
        atoms = tuple(Atom(tuple(float(v) for v in w), float(s * c), _face_string(arrangement, w), None, None)
                      for w, s, c in float_atoms)
        objective = _objective(arrangement, y, lam, [(a.w, a.amplitude) for a in atoms])
        if lam > 0:
            gap = gap_enclosure(arrangement, y, lam, numeric_p, float_atoms)
            if refined is not None:
                sharper = gap_enclosure(arrangement, y, lam, *refined)
                gap = sharper if sharper.radius < gap.radius else gap
            report = {"feasible": True, "sup_abs_eta": "1", "n_regions": len(arrangement.regions()), **gap.report()}
            note = (f"the optimality system could not be isolated ({reason}); proved instead: p* lies within "
                    f"{gap.radius:.3g} of a feasible rational p, the optimal value in [{float(gap.dual):.12g}, "
                    f"{gap.primal:.12g}], every minimiser has at most {len(gap.candidates)} atoms, in the "
                    "listed (region, sign) pairs; the atoms themselves are numerical")
            return Solution(lam_user, lam, normalize, method, "verified", note, atoms,
                            tuple(float(v) for v in gap.centre), None, objective, float(gap.dual), report,
                            {**solver_info, "proof": "duality gap"})
        return Solution(lam_user, lam, normalize, method, "numerical", reason, atoms,
                        tuple(float(v) for v in numeric_p), None, objective, float("nan"),
                        {"feasible": None, "note": "not certified: " + reason}, solver_info)
    r = system.r
    p_float = [float(v.mid()) for v in enclosure.p]
    atoms = [Atom(tuple(float(v.mid()) for v in w), float(a.sign * c.mid()), a.face)
             for a, w, c in zip(system.atoms, enclosure.w, enclosure.c)]
    status, reason_out, p_exact = "verified", "an exact solution of the optimality system was not identified", None
    report = _verified_report(arrangement, system, enclosure)
    exact = exact_solution(system, enclosure.box)
    if exact is not None and substitute(system, exact):
        B = sympy.Matrix(system.B.nrows(), r, [sympy.Rational(int(v.p), int(v.q)) for v in system.B.entries()])
        p_exact = tuple(sympy.expand(v) for v in B * sympy.Matrix(exact[:r])) if r else \
            tuple(sympy.Integer(0) for _ in range(arrangement.n))
        exact_atoms = []
        for atom, float_atom, c in zip(system.atoms, atoms, exact[r:]):
            E = system.E[system.atoms.index(atom)]
            Es = sympy.Matrix(E.nrows(), E.ncols(), [sympy.Rational(int(v.p), int(v.q)) for v in E.entries()])
            w = tuple(sympy.radsimp(sympy.expand(atom.sign * v)) for v in Es * sympy.Matrix(p_exact))
            exact_atoms.append(Atom(float_atom.w, float_atom.amplitude, atom.face, w, atom.sign * c))
        atoms = exact_atoms
        status, reason_out = "exact", ""
        if all(v.is_Rational for v in p_exact):
            p_rational = [Fraction(int(v.p), int(v.q)) for v in p_exact]
            cert = Certificate(arrangement, p_rational, y=y, lam=lam) if lam > 0 else \
                Certificate(arrangement, p_rational, b=y)
            report = cert.report()
            if not cert.feasible or len(cert.extreme_points) != len(atoms):
                raise AssertionError("internal error: the exact solution failed the certificate module")
    objective = _objective(arrangement, y, lam, [(a.w, a.amplitude) for a in atoms])
    dual = _dual_objective(y, lam, p_float, 1.0) if lam > 0 else float(np.dot([float(v) for v in y], p_float))
    return Solution(lam_user, lam, normalize, method, status, reason_out, tuple(atoms), tuple(p_float),
                    p_exact, objective, dual, report, {**solver_info, "proof": "optimality system"})


def _face_string(arrangement, w):
    X = np.array([[float(v) for v in row] for row in arrangement.X])
    values = X @ np.asarray(w, dtype=float)
    return "".join("+" if v > 1e-9 else "-" if v < -1e-9 else "0" for v in values)


def _all_pairs(arrangement):
    S = arrangement.sign_matrix()
    return [(r, s) for r in np.flatnonzero((S > 0).any(axis=1)).tolist() for s in (1, -1)]


def solve(X, y=None, lam=None, bias: bool = False, normalize: bool = False, method: str = "cg",
          max_regions=None, progress=None) -> Solution:
    """Minimise ``1/2 |K mu - y|^2 + lam |mu|_TV`` and certify the minimiser.

    ``X``: data (rows, array, :class:`~arrangement.Dataset`, path, or an
    :class:`~arrangement.Arrangement`); ``y``: labels (default: those of the data file);
    ``method``: ``"cg"`` (column generation, default) or ``"conic"`` (all regions at once).

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
        result = column_generation(arrangement, yf, float(lam_problem))
        numeric = result.solution
        info = {"iterations": result.iterations, "regions_used": len(numeric.pairs),
                "sup_bound": result.sup_bound}
    info["numerical_objective"] = numeric.objective
    return _finish(arrangement, labels, lam_problem, lam_user, normalize, method, numeric.p,
                   _float_atoms(arrangement, numeric), info)


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
