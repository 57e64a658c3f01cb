"""The exact sweep: the path structure by structure, each as rational functions of lambda.

Continuation (:mod:`certificates.solver.path.path`) covers a segment with lambda-boxes whose
width follows the scale of lambda; over many decades (lambda from 1e-30 to 1e30) or where the
boxes stall it leaves gaps.  When the data are rational and the zero of a structure's optimality
system is a rational function ``N / D`` of lambda (:func:`~certificates.solver.path.exact.formula`),
one probe is enough for the whole segment: the strict inequalities that are polynomials in lambda
(amplitudes, face signs, wall multipliers, ``D``) change sign only at their real roots, so the
segment runs between the nearest roots around the probe (exact when the root is rational, an
isolating interval of relative width ``tol`` otherwise); where ``|eta| < 1`` off the atoms fails
first (an atom appears), the end is bisected on the exact certificate.  The sweep goes down from
``lam_max``, probing just below each end; every segment is then proved by
:func:`~certificates.solver.path.exact.check_segment`, and the path is written only when every
segment is exact (else the continuation's path stands).

>>> from certificates.solver.problem import labelled_problem
>>> A, y = labelled_problem([[-2], [-1], [0], [1], [2]], [0, 1, 2, 1, 0], True)   # the hat
>>> path = exact_sweep(A, y, Fraction(1, 10 ** 30), Fraction(10 ** 30))
>>> [(s.lam_max, s.n_atoms, s.status) for s in path.segments[:2]], path.lambda_0_from
([('7/8', 3, 'exact'), ('4', 1, 'exact')], '0')
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import sympy

from ...dual.certificate import Certificate
from ...exact.convert import sympy_poly_of
from .continuation import proved_structure
from .exact import (check_segment, conditions, dense_samples, formula, formula_text, p_polys, rational_roots,
                    value_at)
from .segments import Breakpoint, Segment, event_name, events_between, finish_path

__all__ = ["exact_sweep"]

MAX_PROBES = 24
WINDOW = Fraction(1, 64)     # the formula is interpolated on [lam (1 - WINDOW), lam (1 + WINDOW)]
BELOW = Fraction(1, 1000)    # the next probe lies this far (relative) below a segment's lower end


@dataclass
class _Span:
    """One structure's formula and the ends where it stops: ``(a, b)`` encloses an end
    (``a == b``: exact); the structure is proved strictly inside and at an inexact end."""

    system: object
    x: object
    lam: Fraction
    N: list
    D: object
    lo: tuple
    hi: tuple
    structure: tuple = field(default=())


def _roots(P, lo: Fraction, hi: Fraction, tol: Fraction) -> list:
    """The real roots of ``P`` in the open ``(lo, hi)``: ``(a, b)`` isolating intervals of
    relative width ``tol`` (``a == b`` for a rational root)."""
    if P == 0 or P.degree() < 1:
        return []
    x = sympy.Symbol("x")
    exact = rational_roots(P, lo, hi)
    out = []
    for (a, b), _ in sympy_poly_of(P, x).intervals(eps=sympy.Rational(tol.numerator, tol.denominator) * hi):
        a, b = Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q))
        hit = [r for r in exact if a <= r <= b]
        a, b = (hit[0], hit[0]) if hit else (a, b)
        if lo < b and a < hi:
            out.append((max(a, lo), min(b, hi)))
    return out


def _bad(system, N, D, lam: Fraction, excluded) -> bool:
    """Some (region, sign) off the atoms reaches ``|eta| >= 1`` at ``lam`` (exact)."""
    den = value_at(D, lam)
    if den == 0:
        return True
    cert = Certificate(system.arrangement, [value_at(v, lam) / den for v in p_polys(system, N)])
    return any(cert.region_extremum(r, t).value_squared >= 1 for r, region in enumerate(system.arrangement.regions())
               if "+" in region.pattern for t in (1, -1) if (r, t) not in excluded)


def _between(a: Fraction, b: Fraction) -> Fraction:
    """A short rational in ``(a, b)``: near the geometric mean when they are decades apart."""
    m = Fraction(math.sqrt(float(a) * float(b))) if 0 < 4 * a < b else (a + b) / 2
    m = m if a < m < b else (a + b) / 2
    return next((v for v in (m.limit_denominator(d) for d in (10, 10 ** 3, 10 ** 6)) if a < v < b), m)


def _bisect(system, N, D, good: Fraction, bad: Fraction, excluded, tol: Fraction) -> tuple:
    """``(a, b)`` (a < b) around the last crossing to ``|eta| >= 1`` between ``good`` and ``bad``."""
    while abs(good - bad) > tol * max(good, bad):
        m = _between(min(good, bad), max(good, bad))
        good, bad = (m, bad) if not _bad(system, N, D, m, excluded) else (good, m)
    return (min(good, bad), max(good, bad))


def _span(arrangement, labels, lam: Fraction, lower: Fraction, upper: Fraction, tol: Fraction):
    """The span of the structure proved at ``lam``, inside ``[lower, upper]``; None if the
    structure has no rational formula or an end is not found."""
    found = proved_structure(arrangement, labels, lam)
    if found is None:
        return None
    system, x = found
    f = formula(system, x, lam * (1 - WINDOW), lam * (1 + WINDOW))
    if f is None:
        return None
    N, D = f
    polys, excluded = conditions(system, N, D, lam)
    ends = []
    for direction, stop in ((-1, lower), (1, upper)):
        inside = (stop, lam) if direction < 0 else (lam, stop)
        found = [r for P in polys + [D] for r in _roots(P, *inside, tol)]
        end = (max(found, key=lambda r: r[1]) if direction < 0 else min(found, key=lambda r: r[0])) if found \
            else (stop, stop)
        # where the polynomial conditions still hold: the inner end of a root's enclosure, just
        # inside an exact root, or the stop itself
        near = end[1] if direction < 0 else end[0]
        if end[0] == end[1] and end[0] != stop:
            near += (lam - near) * tol
        if _bad(system, N, D, near, excluded):
            end = _bisect(system, N, D, lam, near, excluded, tol)
        ends.append(end)
    structure = tuple((a.face, a.sign) for a in system.atoms)
    return _Span(system, x, lam, N, D, ends[0], ends[1], structure)


def _proved(span, lo: Fraction, hi: Fraction, closed) -> bool:
    return lo < hi and check_segment(span.system, span.N, span.D, lo, hi, closed)


def exact_sweep(arrangement, labels, lam_min: Fraction, lam_max: Fraction, tol=Fraction(1, 10 ** 8)):
    """The path on ``[lam_min, lam_max]`` with every segment exact, or None (see the module)."""
    spans, lam, upper = [], lam_max, lam_max
    for _ in range(MAX_PROBES):
        span = _span(arrangement, labels, lam, lam_min, upper, tol)
        if span is None or (spans and span.structure == spans[-1].structure):
            return None
        if spans and span.hi[0] < spans[-1].lo[0] and spans[-1].lo[0] - span.hi[0] > 1000 * tol * upper:
            return None     # a structure between the two was missed
        spans.append(span)
        if span.lo[1] <= lam_min:
            break
        upper = span.lo[1]
        lam = span.lo[0] * (1 - BELOW)
        lam = max(lam, (lam_min + span.lo[0]) / 2)
    else:
        return None
    spans.reverse()
    return _assemble(arrangement, lam_min, lam_max, spans, tol)


def _cuts(low, high, tol) -> list:
    """Candidate enclosures of the breakpoint between two spans, best first: the exact root
    one side found (if any), then an interval around both sides' enclosures."""
    exact = [v[0] for v in (low.hi, high.lo) if v[0] == v[1]]
    a = low.hi[0] * (1 - tol) if low.hi[0] == low.hi[1] else low.hi[0]
    b = high.lo[1] * (1 + tol) if high.lo[0] == high.lo[1] else high.lo[1]
    return [(r, r) for r in dict.fromkeys(exact)] + [(min(a, b), max(a, b))]


def _assemble(arrangement, lam_min, lam_max, spans, tol):
    """Segments (each proved by :func:`check_segment`) and breakpoints from the spans; None
    when a segment is not proved."""
    cuts = []
    for k, (low, high) in enumerate(zip(spans, spans[1:])):
        lo = lam_min if k == 0 else cuts[-1][1]
        low_closed = k == 0 or cuts[-1][0] != cuts[-1][1]
        for cut in _cuts(low, high, tol):
            shut = cut[0] != cut[1]
            top = lam_max if k == len(spans) - 2 else high.lo[1] if high.lo[0] != high.lo[1] else high.lam
            if _proved(low, lo, cut[0], (low_closed, shut)) and _proved(high, cut[1], top, (shut, True)):
                cuts.append(cut)
                break
        else:
            return None
    segments, breakpoints = [], []
    for k, span in enumerate(spans):
        lo = lam_min if k == 0 else cuts[k - 1][1]
        hi = lam_max if k == len(spans) - 1 else cuts[k][0]
        closed = (k == 0 or cuts[k - 1][0] != cuts[k - 1][1], k == len(spans) - 1 or cuts[k][0] != cuts[k][1])
        if not _proved(span, lo, hi, closed):
            return None
        text = {"p": [formula_text(v, span.D) for v in p_polys(span.system, span.N)],
                "amplitudes": [formula_text(span.N[span.system.r + g] * span.system.atoms[g].sign, span.D)
                               for g in range(len(span.system.groups))]}
        lower = str(lo) if k == 0 or cuts[k - 1][0] == cuts[k - 1][1] else cuts[k - 1]
        upper = str(hi) if k == len(spans) - 1 or cuts[k][0] == cuts[k][1] else cuts[k]
        segments.append(Segment(lower, upper, tuple(f for f, _ in span.structure), tuple(t for _, t in span.structure),
                                "exact", 0, text, dense_samples(span.system, span.N, span.D, lo, hi),
                                (((span.lam, span.x),), (), (span.N, span.D))))
        if k < len(spans) - 1:
            events = events_between(span.structure, spans[k + 1].structure)
            sure = cuts[k][0] == cuts[k][1]
            breakpoints.append(Breakpoint(cuts[k], event_name(events),
                                          tuple(f"{kind}: {', '.join(faces)}" for kind, faces in events),
                                          str(cuts[k][0]) if sure else None))
    top = lam_max if len(spans) == 1 else cuts[0][0]
    from_zero = _proved(spans[0], Fraction(0), top, (False, len(spans) == 1 or cuts[0][0] != cuts[0][1]))
    return finish_path(lam_min, lam_max, segments, breakpoints, from_zero)
