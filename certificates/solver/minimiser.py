"""From data, labels and lambda to a certified minimiser of the training problem.

Loss convention::

    P_lambda:  min over measures mu on the sphere of  1/2 |K mu - y|^2 + lambda |mu|_TV.

With ``normalize=True`` the loss is ``1/(2n) sum_j (K mu - y)_j^2 + lambda |mu|_TV``, the same
problem with lambda multiplied by n (``lam_problem``); objectives are then reported in that
normalised convention, while ``p`` is the dual vector of the unnormalised problem,
``p = (y - K mu) / (n lambda)``, the one whose certificate ``eta_p`` is bounded by 1.

Pipeline: enumerate the regions (:mod:`arrangement`), solve numerically (the full conic program
of :mod:`certificates.solver.numeric.conic`, or column generation of :mod:`certificates.solver.numeric.column_generation`),
read off the atoms and their faces, then the end-game of :mod:`certificates.solver.endgame.optimality`:

* ``exact``: the optimality system's zero found exactly (rationals, or algebraic numbers) and
  checked in exact arithmetic; for rational ``p`` the certificate module re-checks it from scratch;
* ``verified``: interval arithmetic proves that an exact optimal pair lies in a small box;
* ``numerical``: neither, with the reason.

>>> s = solve([[3, 4]], [10], 5)          # one point: amplitude (5 * 10 - 5) / 25
>>> s.status, s.atoms[0].amplitude_exact, s.p_exact, s.atoms[0].w_exact
('exact', 9/5, (1/5,), (3/5, 4/5))
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from fractions import Fraction

import numpy as np
import sympy
from flint import arb

from arrangement import DataError, DualcertError, ParameterError
from arrangement.numbers import check_flag, rational

from .endgame.duality import dual_lower_bound, exact_below, float_below
from .endgame.faces import float_objective
from .endgame.routes import certify_numerical
from . import large
from .exact_fit.fit import sparse_exact_fit
from .numeric.column_generation import column_generation
from .numeric.conic import recovered, solve_regions
from .problem import FloatScaling, all_pairs, guess_atoms, labelled_problem
from .rescale import Rescaling
from .threads import one_blas_thread
from ..exact.field import reduced
from ..exact.numbers import decimal, simplest, simplest_all
from ..exact.refusal import Refusal

__all__ = ["Atom", "Solution", "solve", "exact_fit"]



def _short(v, limit: int = 60) -> str:
    """``v`` as sympy prints it when that is short, else ``~`` and its value to 12 digits: a repr
    stays on one line (an exact amplitude in a field of degree 48 prints in megabytes, and an
    integer past 4300 digits makes ``str`` raise).

    >>> _short(sympy.sqrt(2) / 2), _short(sympy.Integer(10) ** 5000 + sympy.sqrt(2))
    ('sqrt(2)/2', '~1.00000000000e+5000')
    """
    try:
        text = str(v)
    except ValueError:
        text = None
    return text if text is not None and len(text) <= limit else f"~{decimal(v, 12)}"


@dataclass(frozen=True)
class Atom:
    """One atom ``amplitude * delta_w`` of the minimiser; ``w`` on the unit sphere, ``face`` its
    sign vector over the data.  ``*_exact``: sympy numbers when the status is ``exact``;
    ``*_enclosure``: proved arb balls (``"[0.25 +/- 1e-16]"``) when it is ``verified`` by the
    optimality system."""

    w: tuple
    amplitude: float
    face: str
    w_exact: tuple | None = None
    amplitude_exact: object = None
    w_enclosure: tuple | None = None
    amplitude_enclosure: str | None = None
    in_field: tuple | None = field(default=None, repr=False, compare=False)   # (*w, amplitude) as solved

    def __post_init__(self):   # one type, the simplest form (certificates.exact.numbers)
        if self.in_field is None and self.w_exact is not None:
            # the solver's forms, all in one number field: what proof files need
            object.__setattr__(self, "in_field", (*self.w_exact, self.amplitude_exact))
        object.__setattr__(self, "w_exact", simplest_all(self.w_exact))
        object.__setattr__(self, "amplitude_exact", simplest(self.amplitude_exact))

    def __repr__(self):
        amplitude = _short(self.amplitude_exact) if self.amplitude_exact is not None else \
            self.amplitude_enclosure or f"{self.amplitude:.9g}"
        return f"Atom(w=({', '.join(f'{v:.6g}' for v in self.w)}), amplitude={amplitude}, face={self.face!r})"


@dataclass(frozen=True)
class Solution:
    """A minimiser of ``P_lambda`` with its dual vector, status and certificate report
    (``certificate``: a :class:`~certificates.results.schema.CertificateReport`, also readable as
    a mapping: ``s.certificate["unique"]``).

    Exact numbers (``p_exact``, the atoms' ``w_exact`` and ``amplitude_exact``,
    ``objective_exact`` when the status is ``exact``) are sympy numbers in the simplest form
    (:mod:`certificates.exact.numbers`); ``objective`` and ``dual_objective`` are floats;
    ``objective_enclosure`` is the proved arb ball of the optimal value of a ``verified`` answer
    of the optimality system.  ``p_in_field`` and each ``Atom.in_field`` hold the same exact
    numbers in the forms the solver found them, all in one field (for arithmetic: sympy's zero
    test on a mix of radicals and a ``CRootOf`` can be slow)."""

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
    certificate: object
    solver: dict = field(default_factory=dict)
    objective_exact: object = None
    objective_enclosure: str | None = None
    p_in_field: tuple | None = field(default=None, repr=False, compare=False)   # p_exact as solved

    arrangement: object = field(default=None, repr=False, compare=False)   # the data, for pictures

    def __post_init__(self):
        if self.p_in_field is None and self.p_exact is not None:
            object.__setattr__(self, "p_in_field", tuple(self.p_exact))
        object.__setattr__(self, "p_exact", simplest_all(self.p_exact))
        object.__setattr__(self, "objective_exact", simplest(self.objective_exact))

    @property
    def gap(self) -> float | None:
        return None if self.dual_objective is None else self.objective - self.dual_objective

    def report(self):
        """The solution as a typed record (:class:`~certificates.results.schema.SolutionReport`)."""
        from ..results.build import solution_report
        return solution_report(self)

    def to_json(self) -> dict:
        """The solution as plain JSON data (``dualcert solve --json``; keys in ``docs/pages/schema.md``)."""
        return self.report().to_json()

    def plot(self, ax=None):
        """A matplotlib Figure of the solution on its data (drawn into ``ax`` when given):
        :func:`certificates.report.plots.solution_figure`."""
        from ..report.plots import solution_figure
        return solution_figure(self, ax)

    def __repr__(self):
        value = f"{float(self.objective_exact):.12g}" if self.objective_exact is not None else \
            self.objective_enclosure or f"{self.objective:.12g}"
        return (f"Solution(status={self.status!r}, lam={self.lam}, atoms={len(self.atoms)}, "
                f"objective={value})")

    def _repr_markdown_(self):
        from ..report.notebook import solution_markdown
        return solution_markdown(self)

    def _repr_html_(self):
        from ..report.notebook import html_of, solution_markdown
        return html_of(solution_markdown(self))


def _objective(arrangement, y, lam, atoms_wa):
    # a float for the report; an exact fit (lambda = 0) shows its total variation
    if lam > 0:
        return float_objective(arrangement.X_float, y, lam, atoms_wa)
    return float(sum(abs(a) for _, a in atoms_wa))


def _finish(arrangement, y, lam, lam_user, normalize, method, numeric_p, float_atoms, solver_info,
            certify=certify_numerical):
    if not (np.all(np.isfinite(numeric_p))
            and all(np.all(np.isfinite(w)) and np.isfinite(s * c) for w, s, c in float_atoms)):
        raise DataError("the float solve left the float range (data, labels or lambda near 2^+-1000); "
                        "divide the data and lambda by a power of two")
    out = certify(arrangement, y, lam, numeric_p, float_atoms)
    atoms = tuple(Atom(*fields) for fields in out.atoms)
    objective = _objective(arrangement, y, lam, [(a.w, a.amplitude) for a in atoms])
    objective_exact = _exact_objective(y, lam, out.p_exact) if out.status == "exact" else None
    dual_objective = out.dual_objective
    if objective_exact is not None:   # the float of the optimum, rounded to nearest, can exceed it
        dual_objective = exact_below(objective_exact)
    elif dual_objective is None:   # a numerical p need not be feasible: its objective is taken at p made feasible
        try:
            dual_objective = dual_lower_bound(arrangement, y, lam, out.p)
        except DualcertError:    # a patch whose tree search cannot bound sup |eta_p|: no bound shown
            dual_objective = None
    return Solution(lam_user, lam, normalize, method, out.status, out.reason, atoms, out.p, out.p_exact,
                    objective, dual_objective, out.report,
                    {**solver_info, "proof": out.proof, **({"evidence": out.evidence} if out.evidence else {})},
                    objective_exact=objective_exact,
                    objective_enclosure=out.objective_enclosure, arrangement=arrangement)


def _exact_objective(y, lam, p_exact):
    """The optimal value from the exact dual optimum: ``lam <p, y> - lam^2 |p|^2 / 2`` (equal to the
    primal objective: strong duality, checked exactly on the ``exact`` route), ``<p, y>`` at
    lambda = 0 (the least total variation); computed before :func:`simplest` mixes forms."""
    if p_exact is None:
        return None
    lam = sympy.Rational(lam.numerator, lam.denominator)
    inner = sum((sympy.Rational(v.numerator, v.denominator) * sympy.sympify(pj) for v, pj in zip(y, p_exact)),
                sympy.Integer(0))
    if lam == 0:
        return reduced(inner)
    return reduced(lam * inner - lam ** 2 * sum((sympy.sympify(pj) ** 2 for pj in p_exact), sympy.Integer(0)) / 2)


@one_blas_thread
def solve(X, y=None, lam=None, bias: bool = False, normalize: bool = False, method: str = "cg",
          max_regions=None, progress=None, on_iteration=None, label=None) -> Solution:
    """Minimise ``1/2 |K mu - y|^2 + lam |mu|_TV`` and certify the minimiser.

    ``X``: data (rows, array, :class:`~arrangement.Dataset`, path, built-in name, pandas
    DataFrame or an :class:`~arrangement.Arrangement`); ``y``: labels (default: those of the data
    file, or its column ``label``);
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
        raise ParameterError("lambda is missing")
    lam_user = rational(lam, "lambda")
    if lam_user <= 0:
        raise ParameterError(f"lambda must be positive, got {lam_user} (lambda -> 0: exact_fit, or --exact-fit)")
    if method not in ("cg", "conic"):
        raise ParameterError(f"unknown method {method!r}: use 'cg' or 'conic'")
    normalize = check_flag(normalize, "normalize")
    arrangement, labels = labelled_problem(X, y, bias, label)
    lam_problem = lam_user * arrangement.n if normalize else lam_user
    rescale = Rescaling.needed(arrangement, labels, lam_problem)
    if rescale is not None:     # data or labels far from 1: solved in other units, mapped back exactly
        inner = solve(rescale.arrangement(arrangement), rescale.labels(labels), rescale.lam(lam_problem),
                      method=method, max_regions=max_regions, progress=progress, on_iteration=on_iteration)
        s = replace(rescale.back(inner, arrangement, lam_user, lam_problem), normalize=normalize)
        return _normalized(s, arrangement.n) if normalize else s
    if method == "cg" and "_witnesses" not in arrangement.__dict__ and \
            large.beyond_enumeration(arrangement):    # too many regions to list
        numeric_p, float_atoms, info, patch, certify = large.solve_large(arrangement, labels, lam_problem, on_iteration)
        s = _finish(patch, labels, lam_problem, lam_user, normalize, method, numeric_p, float_atoms, info, certify)
        return _normalized(s, arrangement.n) if normalize else s
    arrangement.regions(max_regions, progress)
    scaling = FloatScaling.of(arrangement, labels)
    scaled, yf, lam_float = scaling.view(arrangement), scaling.labels(labels), scaling.lam(lam_problem)
    if method == "conic":
        pairs = all_pairs(arrangement)   # a failure of the conic solver: once more at a looser tolerance
        numeric, _ = recovered(lambda tolerance: solve_regions(scaled, yf, lam_float, pairs, tolerance=tolerance),
                               pairs, 0, None)
        info = {"iterations": numeric.iterations, "regions_used": len(numeric.pairs)}
    else:
        result = column_generation(scaled, yf, lam_float, on_iteration=on_iteration)
        numeric = result.solution
        info = {"iterations": result.iterations, "regions_used": len(numeric.pairs),
                "sup_bound": result.sup_bound, "gap_bound": result.gap}
    info["numerical_objective"] = scaling.objective(numeric.objective)
    numeric_p, float_atoms = scaling.back(numeric.p, guess_atoms(arrangement, numeric))
    s = _finish(arrangement, labels, lam_problem, lam_user, normalize, method, numeric_p, float_atoms, info)
    return _normalized(s, arrangement.n) if normalize else s


def _normalized(s, n):
    """The 1/(2n)-scaled loss is the unnormalised one divided by n."""
    return replace(s, objective=s.objective / n,
                   dual_objective=_lower_over(s.dual_objective, n),
                   objective_exact=None if s.objective_exact is None else s.objective_exact / n,
                   objective_enclosure=None if s.objective_enclosure is None else
                   (arb(s.objective_enclosure) / n).str(15))


def _lower_over(bound, n):
    """A float lower bound divided by n, still a lower bound (float division may round up)."""
    if bound is None or not math.isfinite(bound):
        return bound if bound is None else bound / n
    return float_below(Fraction(bound) / n)


def _check_fittable(arrangement, labels) -> None:
    """Raise :class:`~arrangement.DataError` unless some measure fits ``K mu = y`` exactly.

    On a closed region with pattern A, ``phi(w) = D_A X w``, so the set of all ``K mu`` is the sum
    of the ranges of ``D_A X`` over the regions; ``y`` must lie in it (exact rank test)."""
    from flint import fmpq_mat

    from arrangement.linalg import fmpq_of

    n, d = arrangement.n, arrangement.d
    for j in range(n):   # the common cause, named: identical points with different labels
        for k in range(j):
            if arrangement.X[j] == arrangement.X[k] and labels[j] != labels[k]:
                raise DataError(f"no measure fits the labels exactly: rows {k + 1} and {j + 1} are the same "
                                f"point with labels {labels[k]} and {labels[j]}")
    S = arrangement.sign_matrix()
    columns = [[arrangement.X[j][k] if S[r, j] > 0 else 0 for j in range(n)]
               for r in np.flatnonzero((S > 0).any(axis=1)).tolist() for k in range(d)]
    if not columns:
        raise DataError("no measure fits the labels exactly: every data point is 0 but some label is not")
    rows = [[fmpq_of(columns[c][j])
             for c in range(len(columns))] for j in range(n)]
    M = fmpq_mat(rows)
    with_y = fmpq_mat([row + [fmpq_of(v)] for row, v in zip(rows, labels)])
    if with_y.rank() > M.rank():
        raise DataError("no measure fits the labels exactly: y is not in the span of the features "
                        "relu(<w, x_j>) (contradictory labels)")


def _limit_solution(arrangement, labels, fit, info) -> Solution:
    """The :class:`Solution` of a :class:`~certificates.solver.exact_fit.fit.LimitFit`: ``exact`` when ``p_0``
    is exact, ``verified`` when it is enclosed in a ball of relative radius <= 1e-3, else
    ``numerical`` (the minimiser itself is exact in every case, and so is its value ``|mu|_TV``)."""
    from .endgame.routes import VERIFIED_RELATIVE_RADIUS, exact_atoms
    from ..results.build import limit_report
    atoms = tuple(Atom(*fields) for fields in exact_atoms(arrangement, fit.atoms))
    p = tuple(float(v) for v in fit.dual)
    objective = float(sum(abs(a.amplitude_exact) for a in atoms))
    # the least total variation, exact: the float of <y, p> could lie above it
    dual_objective = exact_below(sympy.Add(*(sympy.Abs(a.amplitude_exact) for a in atoms)))
    if fit.p0 is not None:
        status, p_exact = "exact", fit.p0
    else:
        size = max(1.0, max(abs(v) for v in p))
        tight = fit.ball is not None and float(fit.ball[1]) <= VERIFIED_RELATIVE_RADIUS * size
        status, p_exact = ("verified" if tight else "numerical"), None
    reason = ("proved exactly; " if status == "exact" else
              "minimiser proved exactly, p_0 only enclosed; " if status == "verified" else
              "minimiser proved exactly (p is an exact dual optimum), p_0 not enclosed tightly; ") + fit.note
    return Solution(Fraction(0), Fraction(0), False, "conic", status, reason, atoms, p, p_exact, objective,
                    dual_objective, limit_report(arrangement, fit), {**info, "proof": "exact fit: solution polytope"},
                    objective_exact=sympy.Add(*(sympy.Abs(a.amplitude_exact) for a in atoms)),
                    arrangement=arrangement)


@one_blas_thread
def exact_fit(X, y=None, bias: bool = False, max_regions=None, progress=None) -> Solution:
    """The limit lambda -> 0: ``min |mu|_TV`` subject to ``K mu = y``, with the minimal-norm dual
    vector ``p_0`` (the limit of ``p_lambda``) and its certificate ``eta_0``.

    The atoms are a sparse minimiser (at most n atoms, an extreme point of the solution set),
    found exactly by :mod:`certificates.solver.exact_fit.fit`; ``certificate["unique"]`` says whether it is
    the only one, and ``certificate["minimisers"]`` holds its amplitudes over
    ``certificate["extreme_points"]`` (and a second minimiser's when not).  Status ``exact``:
    ``p_0`` exact too; ``verified``: ``p_0`` in a proved ball (``p_radius``); ``numerical``: ``p_0``
    not enclosed.  When that route does not apply (an atom whose direction is not rational up to
    scale) the interior-point solution goes through the end-game of :func:`solve`.

    >>> s = exact_fit([[1, 0], [0, 1]], [1, 1])
    >>> s.status, s.atoms[0].amplitude_exact, s.p_exact
    ('exact', sqrt(2), (sqrt(2)/2, sqrt(2)/2))
    """
    arrangement, labels = labelled_problem(X, y, bias)
    rescale = Rescaling.needed(arrangement, labels)
    if rescale is not None:     # as in solve: data or labels far from 1, solved in other units
        inner = exact_fit(rescale.arrangement(arrangement), rescale.labels(labels), max_regions=max_regions,
                          progress=progress)
        return rescale.back(inner, arrangement, Fraction(0), Fraction(0))
    arrangement.regions(max_regions, progress)
    if all(v == 0 for v in labels):
        numeric_p, float_atoms, info = np.zeros(arrangement.n), [], {"iterations": 0, "regions_used": 0}
    else:
        _check_fittable(arrangement, labels)
        scaling = FloatScaling.of(arrangement, labels)
        numeric = solve_regions(scaling.view(arrangement), scaling.labels(labels), 0.0, all_pairs(arrangement))
        numeric_p, float_atoms = scaling.back(numeric.p, guess_atoms(arrangement, numeric))
        info = {"iterations": numeric.iterations, "regions_used": len(numeric.pairs),
                "numerical_objective": numeric.objective * float(scaling.t / scaling.s)}
        fit = sparse_exact_fit(arrangement, labels, float_atoms, numeric_p)
        if not isinstance(fit, Refusal):
            return _limit_solution(arrangement, labels, fit, info)
        info["sparse_route"] = fit.why
    return _finish(arrangement, labels, Fraction(0), Fraction(0), False, "conic", numeric_p, float_atoms, info)
