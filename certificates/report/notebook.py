"""Notebook display: ``_repr_markdown_`` and ``_repr_html_`` of the arrangement, its regions, a
certificate, a solution and a regularisation path, rendered from the same records as
``--json`` and the Markdown reports (:mod:`~certificates.report.build`,
:mod:`~certificates.report.render`), so a notebook shows the same numbers.  The HTML is the
Markdown's own tables, headings and lists, converted by :func:`html_of`.

>>> from arrangement import Arrangement
>>> A = Arrangement([[1, 0], [0, 1], [1, 1]])
>>> print(A._repr_markdown_().splitlines()[7])
| regions (Zaslavsky, \\|chi(-1)\\|) | 6 |
>>> "<td>6</td>" in A._repr_html_()
True
"""

from __future__ import annotations

import html
import re

from arrangement import Arrangement, Region
from arrangement.display import register, short_vector

__all__ = ["html_of", "arrangement_markdown", "region_markdown", "certificate_markdown", "solution_markdown",
           "path_markdown", "short_vector"]


def _md(text) -> str:
    return str(text).replace("|", "\\|")


def _table(rows, header=("quantity", "value")) -> list:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + \
        ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]


def arrangement_markdown(A) -> str:
    """The counts of :func:`~certificates.report.build.arrangement_report` as a table."""
    from ..results.build import arrangement_report
    rep = arrangement_report(A)
    rows = [("data", f"n = {rep.n} points in R^{rep.d}" + (" (with bias)" if A.bias else "")),
            ("rank", rep.rank), ("distinct hyperplanes", rep.n_hyperplanes),
            ("regions (Zaslavsky, |chi(-1)|)", rep.n_regions),
            ("characteristic polynomial chi(x)", rep.characteristic_polynomial),
            ("general position", "yes" if rep.general_position else "no")]
    if rep.cover_count is not None:
        rows.append(("Cover's count 2 sum_(k<d) C(n-1, k)", rep.cover_count))
    return "\n".join(["## Arrangement", ""] + _table(rows))


def region_markdown(R) -> str:
    """A region's record (pattern, integer interior point, facets)."""
    from ..results.schema import RegionRecord
    rec = RegionRecord(R.pattern, R.witness, tuple(R.facets))
    return "\n".join([f"## Region {R.index}", ""] + _table(
        [("sign pattern", f"`{rec.pattern}`"), ("interior point (integer)", "(" + ", ".join(map(str, rec.witness)) + ")"),
         ("facets (data indices)", ", ".join(map(str, rec.facets)) or "none")]))


def certificate_markdown(cert) -> str:
    """:func:`~certificates.report.render.markdown` of the certificate's report."""
    from ..results.build import certificate_report
    from .render import markdown
    return markdown(certificate_report(cert))


def solution_markdown(s) -> str:
    """:func:`~certificates.report.render.solution_markdown` of the solution's report."""
    from .render import solution_markdown as render
    return render(s.report())


def _end(value) -> str:
    return value if isinstance(value, str) else f"[{value[0]}, {value[1]}]"


def path_markdown(path) -> str:
    """The segments and breakpoints of ``path.to_json()`` (the JSON of ``dualcert path``) as tables."""
    from .readable import MAX_CELL
    data = path.to_json()
    rows = []
    for s in data["segments"]:
        structure = "no structure proved" if s["status"] == "unproved" else ", ".join(
            f"`{f}` {'+' if t > 0 else '-'}" for f, t in zip(s["faces"], s["signs"])) or "mu = 0"
        if len(structure) > MAX_CELL:
            structure = f"{s['n_atoms']} atoms"
        rows.append((_end(s["lam_min"]), _end(s["lam_max"]), "-" if s["n_atoms"] is None else s["n_atoms"],
                     structure, s["status"]))
    lines = [f"## Regularisation path on [{data['lam_min']}, {data['lam_max']}]", ""]
    lines += _table(rows, ("lambda from", "lambda to", "atoms", "faces and signs", "status"))
    if data["breakpoints"]:
        lines += ["", "### Breakpoints (events as lambda decreases)", ""]
        lines += _table([(_end(b["lam"]), "; ".join(b["events"]) or b["event"]) for b in data["breakpoints"]],
                        ("lambda", "event"))
    if data["lambda_0"] is not None:
        lines += ["", f"lambda_0 = {_end(data['lambda_0'])}: the structure is that of small lambda on "
                      f"({data['lambda_0_from']}, lambda_0)."]
    return "\n".join(lines)


_INLINE = [(re.compile(r"`([^`]*)`"), r"<code>\1</code>"), (re.compile(r"\*\*([^*]*)\*\*"), r"<b>\1</b>")]


def _inline(text: str) -> str:
    text = html.escape(text.replace("\\|", "|"), quote=False)
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def _cells(line: str) -> list:
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip()[1:-1])]


def html_of(markdown: str) -> str:
    """The Markdown this package writes (headings, pipe tables, ``-`` lists, paragraphs, code and
    bold spans) as HTML.

    >>> html_of("## T\\n\\n| a | b |\\n|---|---|\\n| 1 \\\\| 2 | `x` |\\n\\n- **y**")
    '<h2>T</h2>\\n<table>\\n<tr><th>a</th><th>b</th></tr>\\n<tr><td>1 | 2</td><td><code>x</code></td></tr>\\n</table>\\n<ul>\\n<li><b>y</b></li>\\n</ul>'
    """
    out, lines, k = [], markdown.splitlines(), 0
    while k < len(lines):
        line = lines[k]
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            out.append(f"<h{level}>{_inline(line[level:].strip())}</h{level}>")
        elif line.startswith("|"):
            out.append("<table>")
            out.append("<tr>" + "".join(f"<th>{_inline(c)}</th>" for c in _cells(line)) + "</tr>")
            k += 2   # the header and the |---| line
            while k < len(lines) and lines[k].startswith("|"):
                out.append("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in _cells(lines[k])) + "</tr>")
                k += 1
            out.append("</table>")
            continue
        elif line.startswith("- "):
            out.append("<ul>")
            while k < len(lines) and lines[k].startswith("- "):
                out.append(f"<li>{_inline(lines[k][2:])}</li>")
                k += 1
            out.append("</ul>")
            continue
        elif line.strip():
            out.append(f"<p>{_inline(line)}</p>")
        k += 1
    return "\n".join(out)


for _cls, _markdown in ((Arrangement, arrangement_markdown), (Region, region_markdown)):
    register(_cls, "markdown", _markdown)
    register(_cls, "html", lambda obj, _markdown=_markdown: html_of(_markdown(obj)))
