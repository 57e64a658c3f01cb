"""``dualcert solve`` and ``dualcert sweep``: from data and labels to certified minimisers."""

from __future__ import annotations

import csv
import io
import json
import sys
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from arrangement import Arrangement, DataError
from arrangement.data import load_data, rational, rational_vector
from arrangement.datasets import builtin, is_builtin_name

if TYPE_CHECKING:  # the solver is imported by the commands that run it (fast start-up)
    from ..solver import Solution

__all__ = ["cmd_solve", "cmd_sweep", "solution_text", "add_solve_arguments", "load_arrangement",
           "dual_vector", "iteration_line"]


def load_arrangement(source: str, bias: bool) -> Arrangement:
    """DATA of the command line: a CSV/JSON file or a built-in name (``threshold:3``, ...)."""
    if not Path(source).exists() and is_builtin_name(source):
        return Arrangement(builtin(source), bias=bias)
    return Arrangement(load_data(source), bias=bias)


def dual_vector(text: str, n: int):
    """``--dual P``: a JSON file ``{"p": [...]}`` or a comma-separated list of rationals."""
    path = Path(text)
    if path.suffix.lower() == ".json" or path.exists():
        try:
            obj = json.loads(path.read_text(), parse_float=Fraction)
        except FileNotFoundError:
            raise DataError(f"no such dual-vector file: {path}") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise DataError(f"{path}: not valid JSON ({exc})") from None
        if not isinstance(obj, dict) or "p" not in obj:
            raise DataError(f'{path}: the dual vector must be given as {{"p": [...]}}')
        return rational_vector(obj["p"], "p", n)
    return rational_vector(text, "p", n)


def _number_list(text: str, name: str) -> list:
    items = [t for t in text.replace(";", ",").split(",") if t.strip()]
    if not items:
        raise DataError(f"{name}: expected a comma-separated list of numbers, got {text!r}")
    return [rational(t.strip(), name) for t in items]


def solution_text(s: Solution) -> str:
    """A readable Markdown summary of a solution."""
    from ..solver import LOSS, LOSS_NORMALIZED
    loss = LOSS_NORMALIZED if s.normalize else LOSS
    lines = [f"## Minimiser of {loss}" if s.lam > 0 else "## Exact fit (lambda -> 0): min |mu|_TV s.t. K mu = y",
             "", f"- lambda = {s.lam}" + (f" (problem lambda n = {s.lam_problem})" if s.normalize else ""),
             f"- status: **{s.status}**" + (f" ({s.reason})" if s.reason else ""),
             f"- objective: {s.objective:.12g}   (dual: {s.dual_objective:.12g}, gap {s.gap:.1e})",
             f"- method: {s.method}, {s.solver.get('iterations')} iterations, "
             f"{s.solver.get('regions_used')} (region, sign) cones used", "",
             "| atom | w | amplitude | face |", "|---|---|---|---|"]
    for k, a in enumerate(s.atoms):
        w = ", ".join(str(v) for v in a.w_exact) if a.w_exact is not None else ", ".join(f"{v:.9g}" for v in a.w)
        amp = str(a.amplitude_exact) if a.amplitude_exact is not None else f"{a.amplitude:.9g}"
        lines.append(f"| {k} | ({w}) | {amp} | `{a.face}` |")
    p = ", ".join(str(v) for v in s.p_exact) if s.p_exact is not None else ", ".join(f"{v:.9g}" for v in s.p)
    lines += ["", f"- dual vector p = ({p})"]
    cert = s.certificate
    if cert.get("feasible"):
        facts = [f"support bound {cert.get('support_bound')}"]
        if "nondegenerate" in cert:
            facts.append(f"non-degenerate: {cert['nondegenerate']}")
        if "unique" in cert:
            facts.append(f"unique minimiser: {cert['unique']}")
        if "margin" in cert:
            facts.append(f"margin {cert['margin']}")
        elif "margin_lower_bound" in cert:
            facts.append(f"margin >= {cert['margin_lower_bound']}")
        if "p_radius" in cert:
            facts.append(f"|p - p*| <= {cert['p_radius']:.3g}")
        lines.append("- certificate: " + "; ".join(facts))
    return "\n".join(lines)


@contextmanager
def iteration_line(quiet: bool):
    """A callback for ``solve(on_iteration=...)`` that shows column generation's progress on one
    line of stderr (on a terminal, unless ``quiet``), ended by a newline; ``None`` otherwise."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    shown = []

    def show(k, cones, bound):
        shown.append(k)
        print(f"\rcolumn generation: iteration {k}, {cones} cones, sup eta^2 <= {bound:.6g}   ", end="",
              file=sys.stderr, flush=True)
    try:
        yield show
    finally:
        if shown:
            print(file=sys.stderr)


def cmd_solve(args) -> int:
    from ..solver import exact_fit, solve
    A = load_arrangement(args.data, args.bias)
    if A.y is None:
        raise DataError(f"{args.data}: no labels (add a y column to the CSV, or \"y\" to the JSON)")
    progress = False if args.quiet else None
    if args.exact_fit:
        s = exact_fit(A, max_regions=args.max_regions, progress=progress)
    else:
        if args.lam is None:
            raise DataError("give --lam L (lambda > 0), or --exact-fit for the limit lambda -> 0")
        with iteration_line(args.quiet) as on_iteration:
            s = solve(A, lam=args.lam, normalize=args.normalize, method=args.method,
                      max_regions=args.max_regions, progress=progress, on_iteration=on_iteration)
    print(json.dumps(s.to_json()) if args.json else solution_text(s))
    return 0


def cmd_sweep(args) -> int:
    from ..solver.sweep import sweep
    A = load_arrangement(args.data, args.bias)
    if A.y is None:
        raise DataError(f"{args.data}: no labels (add a y column to the CSV, or \"y\" to the JSON)")
    lams = _number_list(args.lam, "lambda")
    noises = _number_list(args.noise, "noise")
    A.regions(max_regions=args.max_regions, progress=False if args.quiet else None)
    show = (lambda p: print(f"lambda {p.lam}  noise {p.noise}  seed {p.seed}: {p.n_atoms} atoms, "
                            f"location error {p.location_error:.3g}", file=sys.stderr)) \
        if not args.quiet and sys.stderr.isatty() else None
    reference, points, slopes = sweep(A, lams=lams, noises=noises, seeds=args.seeds,
                                      normalize=args.normalize, method=args.method, on_point=show)
    rows = [p.row() for p in points]
    if args.output:
        from ..report.plots import plot_sweep
        plot_sweep(points, slopes, reference, args.output)
    if args.json:
        print(json.dumps({"reference": reference.to_json(), "points": rows, "slopes": slopes}))
        return 0
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    print(buffer.getvalue().rstrip())
    print("# reference (lambda -> 0): " + f"{len(reference.atoms)} atoms, status {reference.status}")
    for name, value in slopes.items():
        if isinstance(value, bool):
            print(f"# {name.replace('_', ' ')}: {'yes' if value else 'no'}")
        else:
            print(f"# log-log slope {name}: " + ("n/a (errors are 0)" if value is None else f"{value:.3f}"))
    return 0


def add_solve_arguments(sub, data_command, rational_arg, positive) -> None:
    p = data_command("solve", cmd_solve, "minimise 1/2 |K mu - y|^2 + lambda |mu|_TV and certify the "
                     "minimiser (status exact, verified or numerical)")
    p.add_argument("--lam", type=rational_arg, metavar="L", help="lambda > 0 (decimals are exact: 0.1 = 1/10)")
    p.add_argument("--exact-fit", action="store_true", help="the limit lambda -> 0: min |mu|_TV s.t. K mu = y")
    _common(p, positive)
    p = data_command("sweep", cmd_sweep, "low-noise stability: solve over a grid of lambda and label "
                     "noise, compare with lambda -> 0, fit log-log rates")
    p.add_argument("--lam", required=True, metavar="L1,L2,...", help="lambda values")
    p.add_argument("--noise", default="0", metavar="S1,S2,...", help="label noise levels (default 0)")
    p.add_argument("--seeds", type=positive, default=3, metavar="K", help="noise draws per level (default 3)")
    p.add_argument("-o", "--output", metavar="FILE.png|svg|pdf", help="plot the errors against lambda and noise")
    _common(p, positive)


def _common(p, positive) -> None:
    p.add_argument("--normalize", action="store_true",
                   help="loss 1/(2n) |K mu - y|^2 + lambda |mu|_TV (the problem with lambda n)")
    p.add_argument("--method", choices=("cg", "conic"), default="cg",
                   help="column generation (default) or the full conic program over all regions")
    p.add_argument("--max-regions", type=positive, metavar="N", help="stop if there are more than N regions")
    p.add_argument("--quiet", action="store_true", help="no progress output")
