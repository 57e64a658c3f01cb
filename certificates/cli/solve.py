"""``dualcert solve`` and ``dualcert sweep``: from data and labels to certified minimisers."""

from __future__ import annotations

import csv
import io
import math
import sys
from typing import TYPE_CHECKING

from arrangement import DataError
from arrangement.atomic import write_atomically
from arrangement.numbers import rational_vector

from ..results.build import sweep_point_record, sweep_report
from ..report.latex_reports import solution_latex
from ..report.render import solution_markdown

if TYPE_CHECKING:  # the solver is imported by the commands that run it (fast start-up)
    from ..solver import Solution
from .common import (PICTURE_SUFFIXES, add_latex_options, data_origin, iteration_line, json_text, labelled_arrangement,
                     latex_output, region_options, writable_path)
from .proof import add_proof_option, write_proof_if_asked
from .standardize import add_standardize_arguments, standardization_text

__all__ = ["cmd_solve", "cmd_sweep", "solution_text", "add_solve_arguments"]


def solution_text(s: Solution) -> str:
    """A readable Markdown summary of a solution (:func:`certificates.report.render.solution_markdown`)."""
    return solution_markdown(s.report())


def cmd_solve(args) -> int:
    if args.json and (args.latex or args.standalone):
        raise DataError("give --json or --latex, not both")
    if args.exact_fit and args.lam is not None:
        raise DataError("give --lam L or --exact-fit (the limit lambda -> 0), not both")
    from ..solver import exact_fit, solve
    from .standardize import standardized_arrangement
    A, scaling = standardized_arrangement(args)
    if A.y is None:
        raise DataError(f"{data_origin(args.data)}: no labels (add a y column to the CSV, or \"y\" to the JSON)")
    progress = False if args.quiet else None
    if args.exact_fit:
        s = exact_fit(A, max_regions=args.max_regions, progress=progress)
    else:
        if args.lam is None:
            raise DataError("give --lam L (lambda > 0), or --exact-fit for the limit lambda -> 0")
        with iteration_line(args.quiet) as on_iteration:
            s = solve(A, lam=args.lam, normalize=args.normalize, method=args.method,
                      max_regions=args.max_regions, progress=progress, on_iteration=on_iteration)
    write_proof_if_asked(args, "proof_of_solution", A, s)
    if args.json:
        print(json_text(s.to_json() if scaling is None else {**s.to_json(), "standardization": scaling}))
    else:
        latex = args.latex or args.standalone
        if scaling is not None and not latex:
            print(standardization_text(scaling))
        print(latex_output(solution_latex(s.report()), args) if latex else solution_text(s))
    return 0


def _show_point(p) -> None:
    error = f"{p.location_error:.3g}" if math.isfinite(p.location_error) else "n/a (no atom to match)"
    print(f"lambda {p.lam}  noise {p.noise}  seed {p.seed}: {p.n_atoms} atoms, location error {error}",
          file=sys.stderr)


SWEEP_SEEDS = 3   # certificates.solver.sweep.SEEDS, not imported: the command line starts fast


def cmd_sweep(args) -> int:
    if args.meta:
        writable_path(args.meta, "--meta", (".json",))
    if args.output:
        writable_path(args.output, "-o", PICTURE_SUFFIXES)
    from ..solver.sweep import sweep
    lams = rational_vector(args.lam, "--lam")
    noises = rational_vector(args.noise, "--noise")
    A = labelled_arrangement(args)
    show = _show_point if not args.quiet and sys.stderr.isatty() else None
    write = None
    if args.proofs is not None:
        from .sweep_proofs import proof_writer
        write = proof_writer(args.proofs, A)
    reference, points, slopes = sweep(A, lams=lams, noises=noises, seeds=args.seeds,
                                      normalize=args.normalize, method=args.method, on_point=show,
                                      on_solution=write)
    rows = [sweep_point_record(p).to_json() for p in points]
    from fractions import Fraction

    from ..exact.numbers import terminating_decimal
    for row in rows:        # a number pandas reads; exact (1/3 stays a fraction)
        row["lam"], row["noise"] = (terminating_decimal(Fraction(row[key]), 40) or row[key] for key in ("lam", "noise"))
    if args.output:
        from ..report.plots import plot_sweep
        plot_sweep(points, slopes, reference, args.output)
    if args.json:
        print(json_text(sweep_report(reference, points, slopes).to_json()))
        return 0
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    print(buffer.getvalue().rstrip())   # plain CSV: the summary goes to stderr and to --meta
    if args.meta:
        report = sweep_report(reference, points, slopes).to_json()
        meta = {"reference": report["reference"], "slopes": report["slopes"]}
        write_atomically(args.meta, lambda handle: handle.write(json_text(meta) + "\n"), "w")
    if args.quiet:
        return 0
    unique = reference.certificate.get("unique")
    summary = ["reference (lambda -> 0): " + f"{len(reference.atoms)} atoms, status {reference.status}, "
               + {True: "the unique minimiser", False: "NOT unique: one sparse minimiser of several (atom counts "
                  "compared with the charged Ext points)", None: "uniqueness undecided"}[unique]]
    for name, value in slopes.items():
        if isinstance(value, bool):
            summary.append(f"{name.replace('_', ' ')}: {'yes' if value else 'no'}")
        else:
            summary.append(f"log-log slope {name}: " + (_NO_SLOPE if value is None else f"{value:.3f}"))
    print("\n".join(summary), file=sys.stderr)
    return 0


_NO_SLOPE = "n/a (fewer than two nonzero errors, or an atom without a match)"


def add_solve_arguments(sub, data_command, rational_arg, positive) -> None:
    p = data_command("solve", cmd_solve, "minimise 1/2 |K mu - y|^2 + lambda |mu|_TV and certify the "
                     "minimiser (status exact, verified or numerical)", [region_options(positive)])
    p.add_argument("--lam", type=rational_arg, metavar="L", help="lambda > 0 (decimals are exact: 0.1 = 1/10)")
    p.add_argument("--exact-fit", action="store_true", help="the limit lambda -> 0: min |mu|_TV s.t. K mu = y")
    add_latex_options(p)
    add_proof_option(p)
    add_standardize_arguments(p)
    _common(p, positive)
    p = data_command("sweep", cmd_sweep, "low-noise stability: solve over a grid of lambda and label "
                     "noise, compare with lambda -> 0, fit log-log rates", [region_options(positive)])
    p.add_argument("--lam", required=True, metavar="L1,L2,...", help="lambda values")
    p.add_argument("--noise", default="0", metavar="S1,S2,...", help="label noise levels (default 0)")
    p.add_argument("--seeds", type=positive, default=SWEEP_SEEDS, metavar="K",
                   help=f"noise draws per level (default {SWEEP_SEEDS}, as in Python's sweep)")
    p.add_argument("--meta", metavar="FILE.json", help="write the reference and the slopes as JSON (the CSV on "
                   "stdout holds only the grid points; the summary goes to stderr)")
    p.add_argument("-o", "--output", metavar="FILE.png|svg|pdf", help="plot the errors against lambda and noise")
    p.add_argument("--proofs", metavar="DIR", help="also write a proof per point, DIR/point-kkkk.json (rows of the "
                   "CSV in order), and DIR/reference.json for the exact fit; check them with `dualcert check DIR`")
    _common(p, positive)


def _common(p, positive) -> None:
    p.add_argument("--normalize", action="store_true",
                   help="loss 1/(2n) |K mu - y|^2 + lambda |mu|_TV (the problem with lambda n)")
    p.add_argument("--method", choices=("cg", "conic"), default="cg",
                   help="column generation (default) or the full conic program over all regions")
