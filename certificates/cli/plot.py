"""``dualcert plot`` and ``dualcert demo``: pictures, and a built-in example end to end."""

from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from arrangement import Arrangement, DataError, RegionLimitError
from arrangement.data import load_vector as dual_vector
from arrangement.datasets import builtin

from ..report.render import markdown
from ..results.build import polynomial_text
from .common import PICTURE_SUFFIXES, data_origin, iteration_line, load_arrangement, quiet_option, region_options, writable_path
from .solve import solution_text

if TYPE_CHECKING:  # matplotlib is imported by the commands that draw (fast start-up)
    from ..report.plots import Picture

__all__ = ["cmd_plot", "cmd_demo", "picture_of_solution"]



def picture_of_solution(A: Arrangement, s, title: str = "") -> Picture:
    """The picture of a solution ``s``: its dual vector and atoms (for the ``plot`` commands)."""
    from ..report.plots import solution_picture
    return solution_picture(A, s, title)


def _picture(A: Arrangement, args) -> tuple:
    from ..dual.certificate import Certificate
    from ..report.plots import Picture
    from ..solver import solve
    if args.lam is not None:
        if A.y is None:
            raise DataError(f"{data_origin(args.data)}: --lam needs labels (a y column)")
        with iteration_line(args.quiet) as on_iteration:
            s = solve(A, lam=args.lam, max_regions=args.max_regions, progress=False if args.quiet else None,
                      on_iteration=on_iteration)
        return picture_of_solution(A, s, f"$\\lambda = {s.lam}$, status {s.status}"), s
    if args.dual is not None:
        p = dual_vector(args.dual, A.n)
        A.regions(max_regions=args.max_regions, progress=False if args.quiet else None)
        cert = Certificate(A, p)
        extreme = [([float(v) for v in e.w], e.sign) for e in cert.extreme_points] if cert.feasible else []
        return Picture(A, [float(v) for v in p], extreme, (), "certificate of the given p"), None
    A.regions(max_regions=args.max_regions, progress=False if args.quiet else None)
    return Picture(A), None


def cmd_plot(args) -> int:
    if args.output is None and args.html is None:
        raise DataError("give -o FILE.png|svg|pdf, or --html FILE.html for an interactive picture")
    output = None if args.output is None else writable_path(args.output, "-o", PICTURE_SUFFIXES)
    html = None if args.html is None else writable_path(args.html, "--html", (".html", ".htm"))
    if args.dual is not None and args.lam is not None:
        raise DataError("give either --dual P or --lam L, not both")
    if args.json:
        raise DataError("plot draws a picture (-o FILE); --json is for regions, count, faces, certify, solve")
    if args.graph and (args.dual is not None or args.lam is not None):
        raise DataError("--graph draws the adjacency graph alone; --dual and --lam colour the sphere "
                        "(draw them without --graph)")
    if html is not None:
        from ..report.interactive import require_plotly
        require_plotly()    # before any computation
    from ..report.plots import GRAPH_NODES, plot_circle, plot_graph, plot_network_1d, plot_sphere
    A = load_arrangement(args.data, args.bias, getattr(args, "label", None))
    if args.graph:  # refuse a graph too large to draw before enumerating it
        limit = min(args.max_regions or GRAPH_NODES, GRAPH_NODES)
        try:
            A.regions(max_regions=limit, progress=False if args.quiet else None)
        except RegionLimitError as exc:
            raise RegionLimitError(f"plot --graph draws at most {GRAPH_NODES} regions: {exc}"
                                   if limit == GRAPH_NODES else str(exc)) from None
    picture, solution = _picture(A, args)
    if html is not None:
        from ..report.interactive import write_html
        write_html(picture, html)
        print(f"wrote {html}")
        if output is None:
            return 0
    if args.graph:
        plot_graph(picture, str(output))
    elif A.d == 2:
        plot_circle(picture, str(output))
        if solution is not None and A.bias:
            extra = output.with_name(output.stem + "-network" + output.suffix)
            plot_network_1d(picture, str(extra), labels=[float(v) for v in A.y])
            print(f"wrote {extra}")
    elif A.d == 3:
        plot_sphere(picture, str(output))
    else:
        raise DataError(f"pictures of the sphere need d = 2 or 3 (here d = {A.d}); --graph draws the "
                        "adjacency graph")
    print(f"wrote {output}")
    return 0


_HAT = ([[-2], [-1], [0], [1], [2]], [0, 1, 2, 1, 0])


def cmd_demo(args) -> int:
    """XOR with a bias (on S^2) and a 1-D hat with a bias (on S^1): regions, solve, certify, plot."""
    from ..report.plots import plot_circle, plot_graph, plot_network_1d, plot_sphere
    from ..solver import solve
    out = Path(args.output) if args.output else None
    if out is not None:
        if out.exists() and not out.is_dir():
            raise DataError(f"-o {out}: exists and is not a directory (demo writes report.md and "
                            "figures into a directory)")
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DataError(f"-o {out}: cannot create the directory ({exc.strerror})") from None
    lines = ["# dualcert demo", "",
             "Two built-in examples, end to end: the dual regions (exact), the minimiser of "
             "1/2 |K mu - y|^2 + lambda |mu|_TV with lambda = 1/10, its certificate and pictures.", ""]
    xor = builtin("xor")
    hat = Arrangement(_HAT[0], bias=True)
    for title, A, y, name in (("XOR points {0,1}^2 with a bias (weights on S^2)",
                               Arrangement(xor, bias=True), xor.y, "xor"),
                              ("1-D hat x = -2..2, y = 0,1,2,1,0 with a bias (weights on S^1)", hat, _HAT[1], "hat")):
        if out is not None and not args.quiet:
            print(f"== {title}", file=sys.stderr)
        regions = A.regions(progress=False)
        lines += [f"## {title}", "",
                  f"- {len(regions)} dual regions, counted independently as |chi(-1)| = {A.count_regions()} "
                  f"(chi(x) = {polynomial_text(A.characteristic_coefficients)})",
                  f"- {len(A.edges())} pairs of adjacent regions", ""]
        s = solve(A, y, Fraction(1, 10))
        lines += [solution_text(s).replace("## ", "### "), ""]
        if s.p_exact is not None and all(v.is_Rational for v in s.p_exact):
            lines += [markdown(s.certificate).replace("## ", "### "), ""]
        if out is not None:
            picture = picture_of_solution(A, s, title.split(" (")[0])
            figures = [(f"{name}-graph.png", plot_graph), (f"{name}-eta.png",
                                                            plot_sphere if A.d == 3 else plot_circle)]
            for file, draw in figures:
                draw(picture, str(out / file))
                lines += [f"![{file}]({file})", ""]
            if A.d == 2:
                plot_network_1d(picture, str(out / f"{name}-network.png"), labels=[float(v) for v in y])
                lines += [f"![{name}-network.png]({name}-network.png)", ""]
    text = "\n".join(lines)
    if out is None:
        print(text)
        print("\n(dualcert demo -o DIR writes this report with its figures to DIR/report.md)")
    else:
        (out / "report.md").write_text(text + "\n")
        print(text)
        print(f"\nwrote {out / 'report.md'} and {len(list(out.glob('*.png')))} figures in {out}/")
    return 0


def add_plot_arguments(sub, data_command, rational_arg, positive) -> None:
    p = data_command("plot", cmd_plot, "draw the arrangement on the circle (d = 2) or the sphere (d = 3), "
                     "with the certificate of --dual P or of the minimiser for --lam L", [region_options(positive)])
    p.add_argument("--dual", metavar="P", help='JSON file {"p": [...]} or "1/2,-3,0.25"')
    p.add_argument("--lam", type=rational_arg, metavar="L", help="solve with lambda = L (DATA holds y)")
    p.add_argument("--graph", action="store_true", help="draw the region adjacency graph instead")
    p.add_argument("-o", "--output", metavar="FILE.png|svg|pdf", help="the picture")
    p.add_argument("--html", metavar="FILE.html", help="an interactive picture (needs plotly: "
                   "pip install 'dualcert[plots]'): hover for each region's pattern and maximum")
    p = sub.add_parser("demo", help="run two built-in examples end to end (regions, solve, certify, plots)",
                       parents=[quiet_option()])
    p.add_argument("-o", "--output", metavar="DIR", help="write report.md and the figures to DIR")
    p.set_defaults(func=cmd_demo)

