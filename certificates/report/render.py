"""Readable reports rendered from the records of :mod:`certificates.results.schema`: Markdown (the
default of the command line; exact numbers beside their decimal values, :mod:`certificates.report.readable`)
and LaTeX (:mod:`certificates.report.latex_reports`, paste-ready).

A table cell is a list of fragments: plain text, or :class:`Number` (an exact number such as
``"sqrt(5)/5"``, or an arb enclosure ``"[0.5 +/- 1e-16]"``).  Markdown prints both as they are;
LaTeX (:mod:`~certificates.report.latex_reports`) escapes the text and typesets the numbers.

>>> from certificates.results.schema import CertificateReport
>>> rep = CertificateReport(n=1, d=2, n_regions=2, data_support_bound=2, sparse_atoms_bound=1,
...                         p=("2*sqrt(5)/5",), feasible=True, sup_abs_eta="sqrt(5)/5", extreme_points=())
>>> print(markdown(rep).splitlines()[5])
| p | (2*sqrt(5)/5 ≈ 0.894427190999916) |
"""

from __future__ import annotations

import re

from ..exact.convert import any_digits
from ..results.schema import CertificateReport, SolutionReport
from .readable import Number

__all__ = ["markdown", "solution_markdown", "as_certificate_report", "certificate_notes", "tex_number"]


_ARB_BALL = re.compile(r"\[(\S+) \+/- (\S+)\]")
_SYMPY_NAMES = {"sqrt", "CRootOf", "x", "I"}   # what exact numbers of this package print with


@any_digits()
def tex_number(text: str) -> str:
    """An exact number (sympy's string) or an arb ball in LaTeX, without the ``$`` signs.

    >>> tex_number("1 - 2*sqrt(5)/5"), tex_number("[0.25 +/- 1e-16]"), tex_number("3/4")
    ('1 - \\\\frac{2 \\\\sqrt{5}}{5}', '0.25 \\\\pm 1e-16', '\\\\frac{3}{4}')
    """
    ball = _ARB_BALL.fullmatch(text)
    if ball:
        return f"{ball[1]} \\pm {ball[2]}"
    if not set(re.findall(r"[A-Za-z_]\w*", text)) <= _SYMPY_NAMES:   # not ours: never evaluate it
        return r"\text{" + _tex_text(text) + "}"
    import sympy
    return sympy.latex(sympy.sympify(text))


def _yes(value) -> str:
    return {True: "yes", False: "no", None: "undecided"}[value]


def _vector(values) -> list:
    out = ["("]
    for k, v in enumerate(values):
        out += [", "] * (k > 0) + [Number(v)]
    return out + [")"]


def as_certificate_report(rep) -> CertificateReport:
    """``rep`` itself, or the report its JSON form describes."""
    return rep if isinstance(rep, CertificateReport) else CertificateReport.from_json(rep)


def _summary(rep: CertificateReport) -> list:
    rows = [("data", [f"n = {rep.n}, d = {rep.d}, {rep.n_regions} dual regions"])]
    if rep.p is not None:
        rows.append(("p", _vector(rep.p)))
    if rep.p_centre is not None:
        radius = "an unknown distance" if rep.p_radius is None else f"{rep.p_radius:.3g}"
        rows.append(("p* lies within", [f"{radius} of "] + _vector(rep.p_centre)))
    if rep.lam is not None:
        rows.append(("lambda", [Number(rep.lam)]))
    rows.append(("dual feasible (sup |eta| <= 1)", [_yes(rep.feasible)]))
    if rep.sup_abs_eta is not None:
        rows.append(("sup |eta|", [Number(rep.sup_abs_eta)] + (
            [] if rep.sup_abs_eta_squared is None else ["  (squared: ", Number(rep.sup_abs_eta_squared), ")"])))
    if not rep.feasible:
        return rows
    optional = [("extreme points |Ext|", None if rep.extreme_points is None else len(rep.extreme_points)),
                ("support bound for every minimiser", None if rep.support_bound is None else f"{rep.support_bound} atoms"),
                ("data-only bound 2 #{regions with active data}", rep.data_support_bound),
                ("some minimiser has at most", f"{rep.sparse_atoms_bound} atoms (n)"),
                ("non-degenerate", None if rep.nondegenerate is None else _yes(rep.nondegenerate)),
                ("margin 1 - max |eta| off Ext", None if rep.margin is None else Number(rep.margin)),
                ("margin 1 - max |eta| off Ext is at least", rep.margin_lower_bound),
                ("optimal value in", None if rep.objective_interval is None else
                 "[" + ", ".join("unbounded" if v is None else f"{v:.12g}" for v in rep.objective_interval) + "]"),
                ("antipodal pairs of atoms", rep.antipodal_pairs),
                ("unique minimiser", _yes(rep.unique))]
    return rows + [(label, [value if isinstance(value, str) else str(value)]) for label, value in optional
                   if value is not None]


def certificate_notes(rep: CertificateReport, number=str) -> list:
    """The sentences printed under a certificate's tables (message, minimisers, uniqueness, proof);
    ``number`` prints an exact amplitude (Markdown: with its decimal value)."""
    notes = [] if rep.message is None else [rep.message]
    if rep.minimisers:
        label = "the minimiser" if rep.unique else "two different minimisers"
        notes.append(f"Amplitudes of {label} (one per extreme point): "
                     + "; ".join("(" + ", ".join(map(number, a)) + ")" for a in rep.minimisers))
    if rep.second_minimiser is not None:
        notes.append("A second minimiser on the same atoms, amplitudes (numerical): ("
                     + ", ".join(f"{a:.9g}" for a in rep.second_minimiser) + ")")
    if rep.uniqueness_note:
        notes.append(rep.uniqueness_note)
    if rep.proof:
        notes.append(f"Proved by {rep.proof}.")
    return notes


_EXT_HEADER = ("w", "eta(w)", "face", "location", "non-degenerate", "regions")


def _extreme_rows(rep: CertificateReport) -> list:
    return [(_vector(e.w), [f"{e.sign:+d}"], [e.face], [e.location],
             [_yes(e.nondegenerate)], ["-" if e.regions is None else ", ".join(map(str, e.regions))])
            for e in rep.extreme_points or ()]


def _md(cell) -> str:
    return "".join(cell).replace("|", "\\|")


@any_digits()
def markdown(rep) -> str:
    """A Markdown report of a certificate (a :class:`~certificates.results.schema.CertificateReport`
    or its JSON form): a summary table, the table of extreme points, and notes."""
    from .readable import Shown, field_line
    rep = as_certificate_report(rep)
    shown = Shown.of([*(rep.p or ()), rep.sup_abs_eta, rep.margin,
                      *(v for e in rep.extreme_points or () for v in e.w)])
    lines = ["## Dual certificate", ""] + ([f"Number field: {field_line(shown.field)}", ""] if shown.field else [])
    lines += ["| quantity | value |", "|---|---|"]
    lines += [f"| {_md([label])} | {shown.cell(cell, label)} |" for label, cell in _summary(rep)]
    if rep.extreme_points:
        lines += ["", "### Extreme points (eta = +-1)", "",
                  "| " + " | ".join(_EXT_HEADER) + " |", "|" + "---|" * len(_EXT_HEADER)]
        lines += ["| " + " | ".join(shown.cell(cell, f"{_EXT_HEADER[k]} of extreme point {i}")
                                    for k, cell in enumerate(row)) + " |"
                  for i, row in enumerate(_extreme_rows(rep))]
    for note in shown.notes + certificate_notes(rep, shown.number):
        lines += ["", note]
    return "\n".join(lines)


_TEX_CHARS = str.maketrans({"\\": r"\textbackslash{}", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
                            "&": r"\&", "%": r"\%", "$": r"\$", "^": r"\^{}", "~": r"\~{}", "|": r"$|$"})


_TEX_MATH = {"|eta|": r"$|\eta|$", "<=": r"$\le$", ">=": r"$\ge$", "eta": r"$\eta$"}


def _tex_text(text: str) -> str:
    parts = re.split(r"(\|eta\||<=|>=|\beta\b)", text)
    return "".join(_TEX_MATH[part] if k % 2 else part.translate(_TEX_CHARS) for k, part in enumerate(parts))




def _number(value, spec: str) -> str:
    return "n/a" if value is None else format(value, spec)


def _solution_title(rep: SolutionReport) -> str:
    return f"Minimiser of {rep.loss}" if rep.lam != "0" else "Exact fit (lambda -> 0): min |mu|_TV s.t. K mu = y"


def _solution_head(rep: SolutionReport) -> list:
    """(label, cell) facts before the atoms: lambda, status, objectives, the numerical stage."""
    problem = [" (problem lambda n = ", Number(rep.lam_problem), ")"] if rep.lam_problem != rep.lam else []
    return [("lambda", [Number(rep.lam)] + problem),
            ("status", [rep.status] + ([f" ({rep.reason})"] if rep.reason else [])),
            ("objective", _objective_cell(rep)),
            ("method", [f"{rep.method}, {rep.solver.iterations} iterations, "
                        f"{rep.solver.regions_used} (region, sign) cones used"])]


def _objective_cell(rep: SolutionReport) -> list:
    """Exact answers: the exact optimal value; others: the floats of both objectives and their gap."""
    if rep.objective_exact is not None:
        return [Number(rep.objective_exact)]
    if rep.objective_enclosure is not None:   # only the digits the proof certifies
        return [Number(rep.objective_enclosure)]
    interval = rep.certificate.objective_interval
    if rep.status == "verified" and interval is not None and None not in interval:
        return [f"in [{_outward(interval[0], -1)}, {_outward(interval[1], 1)}] (proved by the duality gap)"]
    return [f"{_number(rep.objective, '.12g')}   ({rep.status}; dual lower bound: {_number(rep.dual_objective, '.12g')}, "
            f"gap {_number(rep.gap, '.1e')})"]


def _outward(value: float, direction: int, digits: int = 12) -> str:
    """``value`` to ``digits`` significant digits rounded away from the enclosed number (down for
    a lower end, up for an upper end; one ulp first, the float may be the nearest to a rational).

    >>> _outward(0.1, -1), _outward(0.1, 1), _outward(2.0, 1)
    ('0.0999999999999', '0.100000000001', '2.00000000001')
    """
    import decimal
    import math
    step = math.nextafter(value, math.inf if direction > 0 else -math.inf)
    exact = decimal.Decimal(step)
    quantum = decimal.Decimal(1).scaleb(exact.adjusted() - digits + 1)
    rounding = decimal.ROUND_CEILING if direction > 0 else decimal.ROUND_FLOOR
    return str(exact.quantize(quantum, rounding=rounding).normalize()).replace("E", "e")


def _solution_tail(rep: SolutionReport) -> list:
    """(label, cell) facts after the atoms: the dual vector and what the certificate proves."""
    enclosed = rep.certificate.p is not None and rep.certificate.p[0].startswith("[")
    p = _vector(rep.p_exact) if rep.p_exact is not None else _vector(rep.certificate.p) if enclosed else \
        ["(" + ", ".join(_number(v, ".9g") for v in rep.p) + ")"]
    rows = [("dual vector p", p)]
    cert = rep.certificate
    if cert.feasible:
        facts = [] if cert.support_bound is None else [f"support bound {cert.support_bound}"]
        if cert.nondegenerate is not None:
            facts.append(f"non-degenerate: {_yes(cert.nondegenerate)}")
        facts.append(f"unique minimiser: {_yes(cert.unique)}")
        cell = ["; ".join(facts)]
        if cert.margin is not None:
            cell += ["; margin ", Number(cert.margin)]
        elif cert.margin_lower_bound is not None:
            cell += [f"; margin >= {cert.margin_lower_bound}"]
        if cert.p_radius is not None:
            cell += [f"; |p - p*| <= {cert.p_radius:.3g}"]
        rows.append(("certificate", cell))
    return rows


def _atom_rows(rep: SolutionReport) -> list:
    return [([str(k)], _vector(a.w_exact) if a.w_exact is not None else _vector(a.w_enclosure)
             if a.w_enclosure is not None else ["(" + ", ".join(_number(v, ".9g") for v in a.w) + ")"],
             [Number(a.amplitude_exact)] if a.amplitude_exact is not None else [Number(a.amplitude_enclosure)]
             if a.amplitude_enclosure is not None else [_number(a.amplitude, ".9g")],
             [a.face]) for k, a in enumerate(rep.atoms)]


@any_digits()
def solution_markdown(rep: SolutionReport) -> str:
    """A Markdown summary of a solution (a :class:`~certificates.results.schema.SolutionReport`)."""
    from .readable import Shown, field_line
    shown = Shown(rep.number_field) if rep.number_field is not None else Shown.of(_exact_texts(rep))
    head = [f"- {label}: " + (f"**{cell[0]}**" + "".join(cell[1:]) if label == "status" else shown.cell(cell, label))
            for label, cell in _solution_head(rep)]
    if shown.field is not None:
        head.append(f"- number field: {field_line(shown.field)}")
    lines = [f"## {_solution_title(rep)}", ""] + head + [""]
    # a table of no rows shows only its header: say what it means
    lines += (["| atom | w | amplitude | face |", "|---|---|---|---|"] if rep.atoms
              else ["No atoms: the minimiser is mu = 0."])
    lines += [f"| {k[0]} | {shown.cell(w, f'w of atom {k[0]}')} | {shown.cell(amp, f'amplitude of atom {k[0]}')} "
              f"| `{face[0]}` |" for k, w, amp, face in _atom_rows(rep)]
    lines += [""] + [f"- {label}: {shown.cell(cell, label)}" for label, cell in _solution_tail(rep)]
    return "\n".join(lines + ([""] + shown.notes if shown.notes else []))


def _exact_texts(rep: SolutionReport) -> list:
    return [rep.objective_exact, *(rep.p_exact or ()), *(a.amplitude_exact for a in rep.atoms),
            *(v for a in rep.atoms for v in a.w_exact or ())]

