"""An exact change of units for data or labels far from 1.

The float stages of a solve (the conic master problems, Newton's method on the optimality
system, its Krawczyk test) lose the structure of a problem whose data or labels are far from 1:
data and lambda both multiplied by ``2^30`` already left only the duality-gap ball.  The problem
itself does not change under a change of units.  For powers of two ``s`` and ``t``, the data
``X / s`` (every coordinate, the bias column too), labels ``y / t`` and ``lambda / (s t)`` have

* the same certificate ``eta`` (``p' = s p``, and ``eta_p'`` on ``X / s`` is ``eta_p`` on ``X``),
  hence the same extreme set, support bound, uniqueness, faces and signs;
* minimisers ``mu' = (s / t) mu`` (the atoms' directions unchanged, amplitudes times ``s / t``);
* optimal value ``value / t^2``.

Since ``s`` and ``t`` are powers of two, every number maps back exactly (a shift of a binary
exponent, also in floats and arb balls).  :func:`~certificates.solver.minimiser.solve` solves
the problem in those units when the largest data entry or label is more than
``2^RESCALE_BITS`` away from 1 (``s``, ``t``: the powers of two within a factor 2 of them), and
reports the answer in the user's units; so does :func:`~certificates.solver.minimiser.exact_fit`
(lambda = 0, whose value ``|mu|_TV = <y, p>`` scales by ``t / s``).  A scale of the features alone against a bias column
of ones is not a change of units (it changes the geometry of the sphere) and is solved as given.

>>> from fractions import Fraction
>>> from arrangement import Arrangement
>>> r = Rescaling.needed(Arrangement([[2 ** 40, 0], [0, 2 ** 41]]), [3, 1])
>>> r.s == 2 ** 41, r.t, r.lam(Fraction(2) ** 42)
(True, Fraction(2, 1), Fraction(1, 1))
>>> Rescaling.needed(Arrangement([[100, 3]]), [200]) is None
True
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, replace
from fractions import Fraction

import sympy
from flint import arb

from ..exact.convert import number_of_text
from ..exact.field import number_text
from .endgame.duality import float_below

__all__ = ["RESCALE_BITS", "Rescaling"]

RESCALE_BITS = 16
"""A solve changes units when the largest data entry or label is more than ``2^RESCALE_BITS``
away from 1 (by the power of two within a factor 2 of it).  Measured on random 8-point data with
a bias column: the whole structure survives data and lambda times ``2^20`` and is lost from
``2^30`` on."""


def _power_of_two_near(values) -> int:
    """The exponent of a power of 2 within a factor 2 of ``max |values|`` (0 when all are 0)."""
    top = max((abs(Fraction(v)) for v in values), default=Fraction(0))
    return 0 if top == 0 else top.numerator.bit_length() - top.denominator.bit_length()


def _times(text, exponent: int):
    """An exact number's text (sympy's form, or an arb ball ``[m +/- r]``) times ``2^exponent``."""
    if text is None:
        return None
    if "+/-" in text or text.startswith("["):
        return (arb(text) * arb(2) ** exponent).str(15)
    return number_text(number_of_text(text) * sympy.Integer(2) ** exponent)


def _shift(value, exponent: int):
    """A float, sympy number or None times ``2^exponent`` (floats: an exact exponent shift)."""
    if value is None:
        return None
    if isinstance(value, float):
        try:
            return math.ldexp(value, exponent)
        except OverflowError:
            return float("inf") if value > 0 else float("-inf")
    return sympy.sympify(value) * sympy.Integer(2) ** exponent


def _shift_bound(value, exponent: int, side: int):
    """A float bound times ``2^exponent``, still a bound: rounded down (``side`` -1) or up (+1)
    where the shift is not exact (into the subnormal range, where ``ldexp`` rounds to nearest).

    >>> tiny = 5e-324 * 3       # three times the least subnormal
    >>> _shift_bound(tiny, -1, -1), _shift_bound(tiny, -1, 1)
    (5e-324, 1e-323)
    """
    if value is None or not math.isfinite(value):
        return value
    exact = Fraction(value) * Fraction(2) ** exponent
    return float_below(exact) if side < 0 else -float_below(-exact)


@dataclass(frozen=True)
class Rescaling:
    """The units ``X / 2^a``, ``y / 2^b``, ``lambda / 2^(a + b)`` a problem is solved in."""

    a: int
    b: int

    @property
    def s(self) -> Fraction:
        return Fraction(2) ** self.a

    @property
    def t(self) -> Fraction:
        return Fraction(2) ** self.b

    @classmethod
    def needed(cls, arrangement, labels, lam=None, bits: int | None = None) -> "Rescaling | None":
        """The change of units a solve makes for these data, labels and lambda (None: none).

        Units put the data and the labels near 1; the dual vector is then of size about
        ``|y| / lambda`` in those units.  When lambda is not scaled with them (data far from 1,
        lambda near 1) the new units would only move the large numbers into ``p``: the change is
        made only when it brings every one of the three scales nearer to 1."""
        bits = RESCALE_BITS if bits is None else bits
        a = _power_of_two_near([v for row in arrangement.X for v in row])
        b = _power_of_two_near(labels)
        if max(abs(a), abs(b)) <= bits:
            return None
        if lam is not None and Fraction(lam) > 0:
            dual = b - _power_of_two_near([lam])        # log2 of |y| / lambda, as given
            if abs(dual + a) >= max(abs(a), abs(b), abs(dual)):   # ... and in the new units
                return None
        return cls(a, b)

    def arrangement(self, arrangement):
        """The arrangement of the rows ``X / s`` (its regions, enumerated or not, are shared: the
        hyperplanes are the same); the bias column is data like the others there."""
        view = copy.copy(arrangement)
        view.X = tuple(tuple(v / self.s for v in row) for row in arrangement.X)
        view.bias = False
        view.y = None if arrangement.y is None else self.labels(arrangement.y)   # the data file's, in these units
        view.__dict__.pop("X_float", None)
        return view

    def labels(self, labels) -> tuple:
        return tuple(Fraction(v) / self.t for v in labels)

    def lam(self, lam) -> Fraction:
        return Fraction(lam) / (self.s * self.t)

    def note(self) -> str:
        return (f"solved in the units X / 2^{self.a}, y / 2^{self.b}, lambda / 2^{self.a + self.b} (an exact change "
                f"of units: the same certificate eta and extreme set; amplitudes and p mapped back exactly; "
                f"numbers quoted above are in those units)")

    def back(self, solution, arrangement, lam_user, lam_problem):
        """The :class:`~certificates.solver.minimiser.Solution` of the scaled problem in the
        user's units: ``p = p' / s``, amplitudes times ``t / s``, objectives times ``t^2``."""
        a, b = self.a, self.b
        # the value 1/2 |K mu - y|^2 + lambda |mu|_TV scales as y^2; at lambda = 0 it is |mu|_TV = <y, p>
        amp, val = b - a, (2 * b if Fraction(lam_problem) > 0 else b - a)
        atoms = tuple(replace(
            atom, amplitude=_shift(float(atom.amplitude), amp), amplitude_exact=_shift(atom.amplitude_exact, amp),
            amplitude_enclosure=_times(atom.amplitude_enclosure, amp),
            in_field=None if atom.in_field is None else (*atom.in_field[:-1], _shift(atom.in_field[-1], amp)))
            for atom in solution.atoms)
        solver = dict(solution.solver)
        if solver.get("numerical_objective") is not None:
            solver["numerical_objective"] = _shift(float(solver["numerical_objective"]), val)
        evidence = solver.pop("evidence", None)
        if evidence is not None and evidence.get("kind") == "krawczyk":   # a zero of the scaled system
            solver["evidence"] = {**evidence, "units": (-a, -b)}
        if evidence is not None and evidence.get("kind") == "gap":
            solver["evidence"] = {**evidence, "centre": tuple(Fraction(v) / self.s for v in evidence["centre"]),
                                  "atoms": tuple((w, sign, _shift(float(c), amp)) for w, sign, c in evidence["atoms"])}
        solver["units"] = {"data": -a, "labels": -b}
        return replace(
            solution, lam=lam_user, lam_problem=lam_problem, reason=f"{solution.reason}; {self.note()}", atoms=atoms,
            p=tuple(_shift(float(v), -a) for v in solution.p),
            p_exact=None if solution.p_exact is None else tuple(_shift(v, -a) for v in solution.p_exact),
            p_in_field=None if solution.p_in_field is None else tuple(_shift(v, -a) for v in solution.p_in_field),
            objective=_shift(float(solution.objective), val), dual_objective=_shift_bound(solution.dual_objective, val, -1),
            objective_exact=_shift(solution.objective_exact, val),
            objective_enclosure=_times(solution.objective_enclosure, val),
            certificate=self._report(solution.certificate, lam_problem, val), solver=solver, arrangement=arrangement)

    def _report(self, report, lam_problem, val):
        a, b = self.a, self.b

        def texts(values, exponent):
            return None if values is None else tuple(_times(v, exponent) for v in values)
        return replace(
            report, p=texts(report.p, -a), lam=None if report.lam is None else str(lam_problem), b=texts(report.b, b),
            minimisers=None if report.minimisers is None else tuple(texts(m, b - a) for m in report.minimisers),
            second_minimiser=None if report.second_minimiser is None else
            tuple(_shift(float(v), b - a) for v in report.second_minimiser),
            p_centre=texts(report.p_centre, -a), p_radius=_shift_bound(report.p_radius, -a, 1),
            objective_interval=None if report.objective_interval is None else
            tuple(_shift_bound(float(v), val, side) for v, side in zip(report.objective_interval, (-1, 1))),
            message=None if report.message is None else f"{report.message}; {self.note()}")
