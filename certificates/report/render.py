"""Readable certificate reports: Markdown (default) and LaTeX tables from :meth:`Certificate.report`.

>>> text = markdown({"n": 1, "d": 1, "p": ["1"], "lam": None, "feasible": True,
...                  "sup_abs_eta_squared": "1", "sup_abs_eta": "1", "n_regions": 2,
...                  "data_support_bound": 2, "sparse_atoms_bound": 1, "support_bound": 1,
...                  "extreme_points": [{"w": ["1"], "sign": 1, "face": "+", "regions": [0],
...                                      "location": "interior", "nondegenerate": True}],
...                  "nondegenerate": True, "margin_squared": "0", "margin": "1", "unique": None})
>>> print(text.splitlines()[0])
## Dual certificate
"""

from __future__ import annotations

__all__ = ["markdown", "latex", "polynomial_text"]


def _yes(value) -> str:
    return {True: "yes", False: "no", None: "undecided"}[value]


def _summary(rep: dict) -> list:
    rows = [("data", f"n = {rep['n']}, d = {rep['d']}, {rep['n_regions']} dual regions"),
            ("p", "(" + ", ".join(rep["p"]) + ")"),
            ("dual feasible (sup |eta| <= 1)", _yes(rep["feasible"])),
            ("sup |eta|", f"{rep['sup_abs_eta']}  (squared: {rep['sup_abs_eta_squared']})")]
    if rep["feasible"]:
        rows += [("extreme points |Ext|", str(len(rep["extreme_points"]))),
                 ("support bound for every minimiser", f"{rep['support_bound']} atoms"),
                 ("data-only bound 2 #{regions with active data}", str(rep["data_support_bound"])),
                 ("some minimiser has at most", f"{rep['sparse_atoms_bound']} atoms (n)"),
                 ("non-degenerate", _yes(rep["nondegenerate"])),
                 ("margin 1 - max |eta| off Ext", f"{rep['margin']}"),
                 ("unique minimiser", _yes(rep["unique"]))]
    return rows


def _extreme_rows(rep: dict) -> list:
    return [("(" + ", ".join(e["w"]) + ")", f"{e['sign']:+d}", e["face"], e["location"],
             _yes(e["nondegenerate"]), ", ".join(map(str, e["regions"])))
            for e in rep["extreme_points"]]


_EXT_HEADER = ("w", "eta(w)", "face", "location", "non-degenerate", "regions")


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def markdown(rep: dict) -> str:
    """A Markdown report: a summary table and the table of extreme points."""
    lines = ["## Dual certificate", "", "| quantity | value |", "|---|---|"]
    lines += [f"| {_md(k)} | {_md(v)} |" for k, v in _summary(rep)]
    if rep.get("message"):
        lines += ["", rep["message"]]
    if rep["extreme_points"]:
        lines += ["", "### Extreme points (eta = +-1)", "",
                  "| " + " | ".join(_EXT_HEADER) + " |", "|" + "---|" * len(_EXT_HEADER)]
        lines += ["| " + " | ".join(row) + " |" for row in _extreme_rows(rep)]
    if rep.get("minimisers"):
        label = "the minimiser" if rep["unique"] else "two different minimisers"
        lines += ["", f"Amplitudes of {label} (one per extreme point): "
                  + "; ".join("(" + ", ".join(a) + ")" for a in rep["minimisers"])]
    if rep.get("uniqueness_note"):
        lines += ["", rep["uniqueness_note"]]
    return "\n".join(lines)


def _tex(text: str) -> str:
    for plain, tex in (("#", r"\#"), ("_", r"\_"), ("{", r"\{"), ("}", r"\}"), ("|", r"$|$"),
                       ("<=", r"$\le$"), ("sqrt", r"\sqrt")):
        text = text.replace(plain, tex)
    return text


def latex(rep: dict) -> str:
    """The same report as LaTeX ``tabular`` environments."""
    lines = [r"\begin{tabular}{ll}", r"\hline", r"quantity & value \\", r"\hline"]
    lines += [f"{_tex(k)} & {_tex(v)} \\\\" for k, v in _summary(rep)]
    lines += [r"\hline", r"\end{tabular}"]
    if rep["extreme_points"]:
        lines += ["", r"\begin{tabular}{llllll}", r"\hline",
                  " & ".join(_EXT_HEADER).replace("eta", r"$\eta$") + r" \\", r"\hline"]
        lines += [" & ".join(f"${c}$" if i < 3 else c for i, c in enumerate(row)) + r" \\"
                  for row in _extreme_rows(rep)]
        lines += [r"\hline", r"\end{tabular}"]
    return "\n".join(lines)


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
