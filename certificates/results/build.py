"""The one place where reports are assembled: from the library's objects to the records of
:mod:`certificates.results.schema`.

A certificate report comes from one of four routes, all with the same fields: the certificate
module for a rational ``p`` (:func:`certificate_report`, everything exact), the interval proof of
the optimality system (:func:`enclosure_report`), the duality-gap ball (:func:`gap_report`), or
nothing proved (:func:`uncertified_report`).

>>> from arrangement import Arrangement
>>> from certificates import Certificate
>>> rep = certificate_report(Certificate(Arrangement([[1, 0], [0, 1]]), [1, 1]))
>>> rep.feasible, rep.sup_abs_eta, rep.extreme_points, rep.unique, rep.proof
(False, 'sqrt(2)', (), None, 'exact rational arithmetic (certificate module)')
"""

from __future__ import annotations

from dataclasses import fields

from .schema import (ArrangementReport, AtomRecord, BreakpointRecord, CertificateReport, ExtremePointRecord,
    FaceRecord, FacesReport, PathReport, RegionRecord, RegionsReport, SegmentRecord, SolutionReport, SolverRecord,
    SweepPointRecord, SweepReport, SweepSlopesRecord, WallRecord)

__all__ = ["arrangement_report", "regions_report", "faces_report", "certificate_report",
           "enclosure_report", "gap_report", "uncertified_report", "solution_report", "sweep_point_record",
           "sweep_report", "path_report", "limit_report", "polynomial_text", "EXACT_PROOF", "INTERVAL_PROOF", "GAP_PROOF"]

EXACT_PROOF = "exact rational arithmetic (certificate module)"
INTERVAL_PROOF = ("interval arithmetic (python-flint arb): Krawczyk box for the optimality system, "
                  "positive amplitudes and wall multipliers, face signs, and the exact certificate at "
                  "the box centre plus a Lipschitz bound off the atoms")
GAP_PROOF = "duality gap and strong concavity of the dual (exact rationals + arb)"


def _strings(values):
    return None if values is None else tuple(_exact_string(v) for v in values)


def _exact_string(v) -> str:
    """An exact number as text; a polynomial in one ``CRootOf`` in square roots when its degree
    allows (the same number, shorter)."""
    if hasattr(v, "atoms"):     # a sympy number (sympy is loaded already)
        import sympy
        if v.atoms(sympy.CRootOf):
            from ..exact.field import readable
            v = readable(v)
        from ..exact.field import number_text
        return number_text(v)
    return str(v)


# ---- the arrangement -------------------------------------------------------------------------------
def arrangement_report(A) -> ArrangementReport:
    """The counts of an :class:`~arrangement.Arrangement` (no enumeration)."""
    return ArrangementReport(A.n, A.d, A.rank, len(A.hyperplanes), A.count_regions(),
                             polynomial_text(A.characteristic_coefficients),
                             A.general_position, A.cover_count() if A.general_position else None)


def regions_report(A, regions, edges) -> RegionsReport:
    """The counts, the regions (witnesses exact) and the adjacency edges ``(i, k, data)``."""
    counts = arrangement_report(A)
    return RegionsReport(**{name: counts[name] for name in counts},
                         regions=tuple(RegionRecord(r.pattern, _strings(r.witness), tuple(r.facets))
                                       for r in regions),
                         edges=tuple((i, k) for i, k, _ in edges),
                         edge_data=tuple(tuple(data) for _, _, data in edges))


def faces_report(A, faces) -> FacesReport:
    """Faces of every dimension."""
    return FacesReport(A.n, A.d, tuple(FaceRecord(f.signs, f.dim, _strings(f.witness), tuple(f.facets))
                                       for f in faces))


# ---- certificates -------------------------------------------------------------------------------
def _data_facts(arrangement) -> dict:
    from ..dual.certificate import data_support_bound
    if getattr(arrangement, "partial", False):   # regions counted, not listed
        return arrangement.data_facts()
    return {"n": arrangement.n, "d": arrangement.d, "n_regions": len(arrangement.regions()),
            "data_support_bound": data_support_bound(arrangement), "sparse_atoms_bound": arrangement.n}


def certificate_report(cert) -> CertificateReport:
    """Everything a :class:`~certificates.dual.certificate.Certificate` decides, exactly."""
    from ..dual.certificate import exact_sqrt
    A, sup2 = cert.arrangement, cert.sup_abs_eta_squared
    common = {**_data_facts(A), "proof": EXACT_PROOF, "p": _strings(cert.p),
              "lam": None if cert.lam is None else str(cert.lam), "feasible": cert.feasible,
              "sup_abs_eta_squared": str(sup2), "sup_abs_eta": str(exact_sqrt(sup2))}
    if not cert.feasible:
        worst = cert.worst_extremum
        return CertificateReport(**common, extreme_points=(), message=(
            f"p is not dual feasible: sup eta^2 = {sup2} > 1, reached in region {worst.region} (pattern "
            f"{A.regions()[worst.region].pattern}) in direction ({', '.join(map(str, worst.point))})"))
    sol = cert.solutions
    known = sol is not None and sol.consistent
    nondeg = cert.nondegeneracy()
    points = tuple(ExtremePointRecord(
        _strings(e.w), e.sign, e.face, nd.location, tuple(e.regions), nd.nondegenerate,
        tuple(WallRecord(r.region, {str(j): str(v) for j, v in r.multipliers.items()},
                         r.strictly_complementary and r.independent)
              for r in nd.regions if r.active_walls),
        any(a[i] != 0 for a in sol.minimisers) if known else None)
        for i, (e, nd) in enumerate(zip(cert.extreme_points, nondeg)))
    if sol is None:
        missing = [name for name, value in (("labels y", cert.y), ("lambda", cert.lam)) if value is None]
        note = (f"uniqueness is undecided: {' and '.join(missing)} missing "
                "(b = y - lambda p, or b = K mu itself, is needed)")
    elif not sol.consistent:
        note = "no measure on the extreme set reproduces b = y - lam p: p is not the optimal dual vector for these y and lambda"
    else:
        note = None
    return CertificateReport(
        **common, extreme_points=points, support_bound=cert.support_bound,
        nondegenerate=all(nd.nondegenerate for nd in nondeg),
        margin_squared=str(cert.margin_squared_off_extreme), margin=str(cert.margin), unique=cert.unique,
        uniqueness_note=note, b=_strings(cert.b),
        consistent=None if sol is None else sol.consistent,
        full_column_rank=None if sol is None else sol.full_column_rank,
        minimisers=None if sol is None else tuple(_strings(a) for a in sol.minimisers))


def enclosure_report(arrangement, system, enclosure, exact=None) -> CertificateReport:
    """What the interval proof of the optimality ``system`` established (``enclosure``: a
    :class:`~certificates.solver.endgame.verification.Enclosure`); ``exact``: ``(p, [(w, a), ...])`` when
    the zero was also found exactly, so ``p`` and the extreme points are exact."""
    second = enclosure.second   # it may charge a ghost: an Ext point the listed minimiser does not
    unused = frozenset(k for k in system.ghosts if second is None or second[k] == 0)   # no minimiser charges them
    w = enclosure.w if exact is None else [wk for wk, _ in exact[1]]
    points = tuple(ExtremePointRecord(_strings(wk), atom.sign, atom.face, arrangement.location(atom.face),
                                      charged=k not in unused)
                   for k, (atom, wk) in enumerate(zip(system.atoms, w)))
    level = "1" if system.atoms else None   # sup |eta| = 1 is attained at the atoms
    return CertificateReport(
        **_data_facts(arrangement), proof=INTERVAL_PROOF,
        p=_strings(enclosure.p if exact is None else exact[0]), feasible=True,
        sup_abs_eta_squared=level, sup_abs_eta=level, extreme_points=points,
        support_bound=len(system.atoms), nondegenerate=enclosure.nondegenerate,
        margin_lower_bound=enclosure.margin_lower.lower().str(15, radius=False), unique=enclosure.unique,
        antipodal_pairs=len(system.pairs),
        second_minimiser=None if second is None else tuple(float(a) for k, a in enumerate(second)
                                                           if k not in unused))


def gap_report(arrangement, gap, note: str) -> CertificateReport:
    """What the duality-gap ball proved (``gap``: a :class:`~certificates.solver.endgame.duality.GapEnclosure`)."""
    candidates = None if gap.candidates is None else tuple(tuple(c) for c in gap.candidates)
    return CertificateReport(
        **_data_facts(arrangement), proof=GAP_PROOF, feasible=True,
        support_bound=None if candidates is None else len(candidates), p_centre=_strings(gap.centre),
        p_radius=gap.radius, objective_interval=(float(gap.dual), gap.primal),
        support_candidates=candidates, message=note)


def uncertified_report(arrangement, reason: str) -> CertificateReport:
    """Nothing proved: the facts of the data alone, and why."""
    return CertificateReport(**_data_facts(arrangement), message="not certified: " + reason)


# ---- solutions ----------------------------------------------------------------------------------
def solution_report(s) -> SolutionReport:
    """The record of a :class:`~certificates.solver.Solution` (what ``dualcert solve --json`` prints)."""
    from .schema import LOSS, LOSS_NORMALIZED
    atoms = tuple(AtomRecord(tuple(float(v) for v in a.w), float(a.amplitude), a.face, _strings(a.w_exact),
                             None if a.amplitude_exact is None else _exact_string(a.amplitude_exact),
                             a.w_enclosure, a.amplitude_enclosure) for a in s.atoms)
    solver = SolverRecord(*(s.solver.get(key) for key in ("iterations", "regions_used", "sup_bound",
                                                          "numerical_objective", "proof")))
    certificate = s.certificate if isinstance(s.certificate, CertificateReport) \
        else CertificateReport.from_json(s.certificate)
    return SolutionReport(str(s.lam), str(s.lam_problem), LOSS_NORMALIZED if s.normalize else LOSS, s.method,
                          s.status, s.reason, s.objective, s.dual_objective, s.gap, atoms,
                          tuple(float(v) for v in s.p), _strings(s.p_exact), certificate, solver,
                          None if s.objective_exact is None else _exact_string(s.objective_exact),
                          _number_field(s), s.objective_enclosure)


def _number_field(s):
    """The field ``Q(theta)`` of the solution's exact numbers, declared once (None: all radicals)."""
    if s.p_exact is None and all(a.amplitude_exact is None for a in s.atoms):
        return None
    from ..exact.numbers import number_field
    field = number_field([s.objective_exact, *(s.p_exact or ()), *(a.amplitude_exact for a in s.atoms),
                          *(v for a in s.atoms for v in a.w_exact or ())])
    return None if field is None else field.to_json()


def sweep_point_record(p) -> SweepPointRecord:
    """The record of one :class:`~certificates.solver.sweep.SweepPoint` (a row of ``dualcert sweep``)."""
    return SweepPointRecord(str(p.lam), str(p.noise), p.seed, p.status, p.n_atoms, p.n_reference,
                            p.location_error, p.amplitude_error, p.objective)


def sweep_report(reference, points, slopes: dict) -> SweepReport:
    """The record of :func:`certificates.solver.sweep.sweep`'s ``(reference, points, slopes)``."""
    rows = tuple(sweep_point_record(p) for p in points)
    names = [f.name for f in fields(SweepSlopesRecord)]
    return SweepReport(solution_report(reference), rows, SweepSlopesRecord(*(slopes.get(k) for k in names)))


def _lambda_text(value):
    """An exact lambda as text, or an enclosure ``(lo, hi)`` as two texts."""
    return value if isinstance(value, str) else tuple(str(v) for v in value)


def path_report(path) -> PathReport:
    """The record of a :class:`~certificates.solver.path.segments.Path`.

    >>> from fractions import Fraction
    >>> from certificates.solver.path.segments import Breakpoint, Path, Segment
    >>> low = Segment((Fraction(0), Fraction(0)), "1/2", ("+0",), (1,), "exact", 2)
    >>> high = Segment("1/2", (Fraction(9, 10), Fraction(1)), (), (), "unproved")
    >>> path = Path(Fraction(0), Fraction(1), (low, high), (Breakpoint(("1/2", "1/2"), "atom appears", exact="1/2"),),
    ...             "1/2", "0")
    >>> rep = path_report(path).to_json()
    >>> rep["segments"][1]["lam_max"], rep["segments"][1]["n_atoms"], rep["breakpoints"][0]["lam"]
    (['9/10', '1'], None, '1/2')
    """
    def segment(s):
        known = s.status != "unproved"
        return SegmentRecord(_lambda_text(s.lam_min), _lambda_text(s.lam_max), s.n_atoms,
                             tuple(s.faces) if known else None, tuple(s.signs) if known else None, s.status,
                             s.boxes, s.formula)

    def breakpoint(b):
        return BreakpointRecord(b.exact if b.exact is not None else (str(b.lam[0]), str(b.lam[1])), b.event,
                                tuple(b.events))

    lam0 = path.lambda_0
    return PathReport(str(path.lam_min), str(path.lam_max), tuple(segment(s) for s in path.segments),
                      tuple(breakpoint(b) for b in path.breakpoints),
                      None if lam0 is None else _lambda_text(lam0), path.lambda_0_from)


def limit_report(arrangement, fit):
    """The :class:`~certificates.results.schema.CertificateReport` of a :class:`~certificates.solver.exact_fit.fit.LimitFit`."""
    points = tuple(ExtremePointRecord(_strings(w), s, f, arrangement.location(f), charged=charged)
                   for w, s, f, charged in fit.ext)
    ball = {} if fit.ball is None else {"p_centre": _strings(fit.ball[0]), "p_radius": float(fit.ball[1])}
    return CertificateReport(
        **_data_facts(arrangement), proof="exact arithmetic: sqrt(r) p checked by the exact certificate, "
        "exact LPs over Ext(eta), exact_gate with lambda = 0", p=_strings(fit.p0 or fit.dual), lam="0",
        feasible=True, sup_abs_eta_squared="1", sup_abs_eta="1", extreme_points=points,
        support_bound=len(points), unique=fit.unique, b=None,
        minimisers=tuple(_strings(m) for m in fit.minimisers), message=fit.note, **ball)


def polynomial_text(coefficients, variable: str = "x") -> str:
    """An integer polynomial, coefficients from the highest degree down, as text: the terms of
    nonzero coefficients, highest degree first, ``^`` for powers (what sympy prints, without
    sympy, when the leading coefficient is positive, as for characteristic polynomials).

    >>> polynomial_text([1, -6, 11, -6, 0])
    'x^4 - 6*x^3 + 11*x^2 - 6*x'
    >>> polynomial_text([1]), polynomial_text([2, 0, -1], "t")
    ('1', '2*t^2 - 1')
    """
    degree = len(coefficients) - 1
    terms = []
    for power, c in zip(range(degree, -1, -1), coefficients):
        if c == 0:
            continue
        monomial = "" if power == 0 else variable if power == 1 else f"{variable}^{power}"
        size = abs(c)
        body = monomial if size == 1 and monomial else f"{size}*{monomial}" if monomial else str(size)
        terms.append(("-" if c < 0 else "+", body))
    if not terms:
        return "0"
    first_sign, first = terms[0]
    return ("-" if first_sign == "-" else "") + first + "".join(f" {sign} {body}" for sign, body in terms[1:])
