"""The LaTeX reports of ``--latex``: a certificate, a solution, a regularisation path.

Each is a heading (the problem as displayed maths), ``booktabs`` tables whose cells are short
(numbers too long for a cell are named there and written out below, see
:class:`~certificates.report.tex.Sheet`), and the explanations as text under the tables.  They
need the preamble :data:`~certificates.report.tex.PREAMBLE` (``amsmath``, ``booktabs``), or
:func:`~certificates.report.tex.document` around them.

>>> from certificates.results.schema import CertificateReport
>>> rep = CertificateReport(n=1, d=2, n_regions=2, data_support_bound=2, sparse_atoms_bound=1,
...                         p=("2*sqrt(5)/5",), feasible=True, sup_abs_eta="sqrt(5)/5", extreme_points=())
>>> text = certificate_latex(rep)
>>> print(text.splitlines()[6])
$p$ & $\\bigl(\\frac{2 \\sqrt{5}}{5}\\bigr) \\approx \\bigl(0.894427191\\bigr)$ \\\\
>>> "True" in text, "yes" in text
(False, True)
"""

from __future__ import annotations

import re
from fractions import Fraction

from ..exact.convert import any_digits
from .render import as_certificate_report, certificate_notes
from .tex import TEXT_WIDTH, Sheet, loss_latex, math_width, prose, scientific

__all__ = ["certificate_latex", "solution_latex", "path_latex"]


def _yes(value) -> str:
    return {True: "yes", False: "no", None: "undecided"}[value]


def _table(spec: str, header, rows) -> list:
    lines = ["\\noindent", f"\\begin{{tabular}}{{{spec}}}", "\\toprule"]
    if header:
        lines += [" & ".join(header) + r" \\", "\\midrule"]
    return lines + [" & ".join(row) + r" \\" for row in rows] + ["\\bottomrule", "\\end{tabular}", "\\par\\medskip", ""]


def _facts(rows) -> list:
    """A two-column table of (label, value) where the value may wrap."""
    width = max(5.0 * len(re.sub(r"\\[A-Za-z]+|[^\\]", "x", re.sub(r"[${}]", "", label))) for label, _ in rows)
    share = min(0.45, (width + 6) / TEXT_WIDTH + 0.01)
    return _table(f"@{{}}p{{{share:.2f}\\linewidth}}p{{{0.96 - share:.2f}\\linewidth}}@{{}}", None, rows)


def _m(tex: str) -> str:
    return f"${tex}$"


# ---- certificates ------------------------------------------------------------------------------------
@any_digits()
def certificate_latex(rep, sheet: Sheet | None = None) -> str:
    """A certificate report (:class:`~certificates.results.schema.CertificateReport` or its JSON) as
    LaTeX: a table of what is proved, the table of extreme points, the notes as text."""
    rep = as_certificate_report(rep)
    own = sheet is None
    sheet = Sheet() if own else sheet
    budget = 0.5 * TEXT_WIDTH
    rows = [("data", f"$n = {rep.n}$, $d = {rep.d}$, {rep.n_regions} dual regions")]
    if rep.p is not None:
        rows.append(("$p$", _m(sheet.vector(rep.p, "p", budget))))
    if rep.p_centre is not None:
        radius = "an unknown distance" if rep.p_radius is None else _m(scientific(rep.p_radius, 3))
        rows.append(("$p^*$ lies within", f"{radius} of " + _m(sheet.vector(rep.p_centre, "c", budget))))
    if rep.lam is not None:
        rows.append(("$\\lambda$", _m(sheet.number(rep.lam, r"\lambda", budget))))
    rows.append(("dual feasible ($\\sup|\\eta| \\le 1$)", _yes(rep.feasible)))
    if rep.sup_abs_eta is not None:
        rows.append(("$\\sup|\\eta|$", _m(sheet.number(rep.sup_abs_eta, r"s", budget))))
    if rep.feasible:
        ext = rep.extreme_points
        optional = [("extreme points $|\\mathrm{Ext}|$", None if ext is None else str(len(ext))),
                    ("support bound for every minimiser",
                     None if rep.support_bound is None else f"{rep.support_bound} atoms"),
                    ("data-only bound $2\\,\\#\\{$regions with active data$\\}$", rep.data_support_bound),
                    ("some minimiser has at most", f"$n = {rep.sparse_atoms_bound}$ atoms"),
                    ("non-degenerate", None if rep.nondegenerate is None else _yes(rep.nondegenerate)),
                    ("margin $1 - \\max|\\eta|$ off Ext",
                     None if rep.margin is None else _m(sheet.number(rep.margin, "m", budget))),
                    ("margin $1 - \\max|\\eta|$ off Ext is at least",
                     None if rep.margin_lower_bound is None else _m(sheet.number(rep.margin_lower_bound, "m", budget))),
                    ("optimal value in", None if rep.objective_interval is None else _m(
                        r"\bigl[" + ", ".join(r"\infty" if v is None else scientific(v, 12)
                                              for v in rep.objective_interval) + r"\bigr]")),
                    ("antipodal pairs of atoms", rep.antipodal_pairs),
                    ("unique minimiser", _yes(rep.unique))]
        rows += [(label, str(value)) for label, value in optional if value is not None]
    lines = ["\\noindent\\textbf{Dual certificate}\\par\\smallskip", ""] + _facts(rows)
    if rep.extreme_points:
        lines += _extreme_table(rep, sheet)
    lines += ["{\\sloppy\\noindent " + prose(note) + "\\par}\n" for note in certificate_notes(rep)
              if not note.startswith("Amplitudes of")]
    if rep.minimisers:
        label = "the minimiser" if rep.unique else "two different minimisers"
        lines.append(f"{{\\sloppy\\noindent Amplitudes of {label} (one per extreme point): " + "; ".join(
            _m(sheet.vector(a, f"a^{{({k})}}" if len(rep.minimisers) > 1 else "a", 0.6 * TEXT_WIDTH))
            for k, a in enumerate(rep.minimisers, 1)) + ".\\par}\n")
    if own:
        lines += sheet.lines()
    return "\n".join(lines).rstrip() + "\n"


def _extreme_table(rep, sheet) -> list:
    points = rep.extreme_points
    face = 5.3 * max(len(e.face) for e in points)
    regions = max(5.2 * len(", ".join(map(str, e.regions or ()))) for e in points)
    fixed = 24 + max(face, 22) + 40 + 70 + max(regions, 35) + 5 * 12
    budget = max(40.0, TEXT_WIDTH - fixed)
    rows = [(_m(sheet.vector(e.w, f"w_{{{k}}}", budget)), _m(f"{e.sign:+d}"), f"\\texttt{{{e.face}}}",
             prose(e.location), _yes(e.nondegenerate), "--" if e.regions is None else ", ".join(map(str, e.regions)))
            for k, e in enumerate(points)]
    return ["\\noindent\\textbf{Extreme points} ($\\eta = \\pm 1$)\\par\\smallskip", ""] + _table(
        "@{}llllll@{}", ("$w$", "$\\eta(w)$", "face", "location", "non-degenerate", "regions"), rows)


# ---- solutions ---------------------------------------------------------------------------------------
def _heading(title: str, maths: str) -> list:
    return [f"\\noindent\\textbf{{{title}}}", "\\begin{equation*}", f"  {maths}", "\\end{equation*}"]


@any_digits()
def solution_latex(rep) -> str:
    """A solution report (:class:`~certificates.results.schema.SolutionReport`) as LaTeX: the
    problem, a table of facts, the table of atoms, the status reason as text, then the numbers
    too long for the tables."""
    sheet = Sheet()
    if rep.lam == "0":
        lines = _heading("Exact fit", r"\min\lVert\mu\rVert_{\mathrm{TV}} \ \text{subject to}\ K\mu = y "
                         r"\qquad (\lambda \to 0)")
    else:
        lam = sheet.number(rep.lam, r"\lambda")
        problem = "" if rep.lam_problem == rep.lam else \
            r", \quad \lambda n = " + sheet.number(rep.lam_problem, r"\lambda n")
        lines = _heading("Minimiser of", f"{loss_latex(rep.loss)}, \\qquad \\lambda = {lam}{problem}")
    budget = 0.6 * TEXT_WIDTH
    gap = "" if rep.gap is None else f", gap ${scientific(rep.gap, 2)}$"
    rows = [("status", f"\\textbf{{{rep.status}}} (see below)" if rep.reason else f"\\textbf{{{rep.status}}}"),
            ("objective", _m(sheet.number(rep.objective_exact or rep.objective_enclosure, "f", budget))
             if (rep.objective_exact or rep.objective_enclosure) is not None else
             ("n/a" if rep.objective is None else _m(scientific(rep.objective, 12)))
             + ("" if rep.dual_objective is None else f" (dual lower bound ${scientific(rep.dual_objective, 12)}${gap})")),
            ("method", f"{prose(rep.method)}, {rep.solver.iterations} iterations, "
                       f"{rep.solver.regions_used} (region, sign) cones used")]
    p = rep.p_exact if rep.p_exact is not None else [repr(float(v)) for v in rep.p]
    rows.append(("dual vector $p$", _m(sheet.vector(p, "p", budget) if rep.p_exact is not None else
                                       sheet.floats(rep.p, "p", budget))))
    cert = rep.certificate
    if cert.feasible:
        if cert.support_bound is not None:
            rows.append(("support bound", f"{cert.support_bound} atoms"))
        if cert.nondegenerate is not None:
            rows.append(("non-degenerate", _yes(cert.nondegenerate)))
        rows.append(("unique minimiser", _yes(cert.unique)))
        if cert.margin is not None:
            rows.append(("margin $1 - \\max|\\eta|$ off Ext", _m(sheet.number(cert.margin, "m", budget))))
        elif cert.margin_lower_bound is not None:
            rows.append(("margin $1 - \\max|\\eta|$ off Ext",
                         _m(r"\ge " + sheet.number(cert.margin_lower_bound, "m", budget))))
        if cert.p_radius is not None:
            rows.append(("distance to $p^*$", _m(r"\le " + scientific(cert.p_radius, 3))))
    lines += _facts(rows) + _atom_table(rep, sheet)
    if rep.reason:
        lines += [f"{{\\sloppy\\noindent Status \\textbf{{{rep.status}}}: {prose(rep.reason)}.\\par}}", ""]
    lines += sheet.lines()
    return "\n".join(lines).rstrip() + "\n"


def _atom_table(rep, sheet) -> list:
    atoms = rep.atoms
    if not atoms:
        return ["No atoms: the minimiser is $\\mu = 0$.", ""]
    face = 5.3 * max(len(a.face) for a in atoms)
    amplitudes = [sheet.number(a.amplitude_exact, f"a_{{{k}}}", 150.0) if a.amplitude_exact is not None else
                  scientific(a.amplitude, 9) for k, a in enumerate(atoms)]
    amplitude = max(60.0, max(math_width(a) for a in amplitudes))
    budget = max(60.0, TEXT_WIDTH - 15 - amplitude - max(face, 22) - 3 * 12)
    rows = []
    for k, (a, amp) in enumerate(zip(atoms, amplitudes)):
        w = sheet.vector(a.w_exact, f"w_{{{k}}}", budget) if a.w_exact is not None else \
            sheet.floats(a.w, f"w_{{{k}}}", budget)
        rows.append((str(k), _m(w), _m(amp), f"\\texttt{{{a.face}}}"))
    return _table("@{}rlll@{}", ("atom", "$w$", "amplitude $a$", "face"), rows)


# ---- paths -------------------------------------------------------------------------------------------
def _formula(text: str, sheet: Sheet) -> str:
    """A rational function of lambda (sympy's text) in LaTeX."""
    import sympy
    lam = sympy.Symbol("lambda")
    try:
        expr = sympy.sympify(text.replace("lambda", "lam_"), locals={"lam_": lam})
    except (sympy.SympifyError, SyntaxError, TypeError):
        return r"\text{" + prose(text) + "}"
    if expr.is_number:      # a constant entry gets its decimal beside it, as every number does
        return sheet.number(text, "c", budget=240.0)
    return sympy.latex(expr)


def _end_tex(value, names: dict) -> str:
    if isinstance(value, str):
        return names.get(value) or Sheet().number(value, r"\lambda")
    return names.get(tuple(value)) or "[" + scientific(float(value[0]), 10) + ", " + scientific(float(value[1]), 10) + "]"


@any_digits()
def path_latex(path) -> str:
    """A regularisation path (:class:`~certificates.solver.path.Path`) as LaTeX: the breakpoints
    (named lambda_1, lambda_2, ... in increasing order), the segments between them and, on the
    exact ones, the dual vector and the amplitudes as rational functions of lambda."""
    sheet = Sheet()
    lines = _heading("Certified regularisation path of", loss_latex("1/2 |K mu - y|^2 + lambda |mu|_TV")
                     + r", \qquad \lambda \in \bigl[" + sheet.number(str(path.lam_min), "l") + ", "
                     + sheet.number(str(path.lam_max), "l") + r"\bigr]")
    names, rows = {}, []
    for k, b in enumerate(path.breakpoints, 1):
        name = f"\\lambda_{{{k}}}"
        if b.exact is not None:
            names[b.exact] = name
            value = "$= " + sheet.number(b.exact, name) + "$"
        else:
            names[tuple(b.lam)] = name
            lo, hi = Fraction(b.lam[0]), Fraction(b.lam[1])
            value = "$\\in [" + scientific(float(lo), 10) + ", " + scientific(float(hi), 10) + "]$"
        events = "; ".join(b.events) or b.event
        rows.append((_m(name), value, _events(events)))
    if rows:
        lines += ["\\noindent Breakpoints (events as $\\lambda$ decreases through them):\\par\\smallskip", ""]
        lines += _table("@{}llp{0.45\\linewidth}@{}", ("", "$\\lambda$", "event"), rows)
    rows, formulas = [], []
    for k, s in enumerate(path.segments, 1):
        lo, hi = _end_tex(s.lam_min, names), _end_tex(s.lam_max, names)
        atoms = "--" if s.n_atoms is None else ("$\\mu = 0$" if s.n_atoms == 0 else str(s.n_atoms))
        faces = ", ".join(f"\\texttt{{{f}}}\\,$({'+' if t > 0 else '-'})$" for f, t in zip(s.faces, s.signs))
        rows.append((str(k), f"$[{lo}, {hi}]$", atoms, s.status))
        if faces:
            formulas.append(f"\\noindent On segment {k} the atoms lie on the faces (signs) {faces}.")
        eqs = []
        for name, values in (s.formula or {}).items():
            symbol = "p" if name == "p" else "a" if name.startswith("amplitude") else name
            if values:
                rows_ = Sheet._joined([_formula(v, sheet) for v in values], ", ", r"\bigl(", r"\bigr)")
                eqs.append(f"{symbol}(\\lambda) &= " + " \\\\\n  &\\quad ".join(rows_))
        if eqs:
            formulas[-1] = formulas[-1][:-1] + ", and\n\\begin{align*}\n" + ",\\\\\n".join(eqs) + ".\n\\end{align*}"
    lines += ["\\noindent Segments (one structure of the minimiser on each):\\par\\smallskip", ""]
    lines += _table("@{}rlll@{}", ("", "$\\lambda$", "atoms", "status"), rows)
    lines += [f + "\n" for f in formulas]
    if path.lambda_0 is not None:
        lam0 = _end_tex(path.lambda_0, names)
        lines.append(f"\\noindent The structure of small $\\lambda$ holds for every $\\lambda$ in "
                     f"$({sheet.number(path.lambda_0_from, 'l')}, \\lambda_0)$ with $\\lambda_0 = {lam0}$"
                     + (" (proved down to 0)." if path.lambda_0_from == "0" else ".") + "\n")
    lines += sheet.lines()
    return "\n".join(lines).rstrip() + "\n"


def _events(text: str) -> str:
    """Events such as ``atom appears: ++0--`` with the faces in typewriter type."""
    parts = re.split(r"([+\-0]{2,})", text)
    return "".join(f"\\texttt{{{part}}}" if k % 2 else prose(part) for k, part in enumerate(parts))
