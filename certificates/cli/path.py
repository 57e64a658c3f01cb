"""``dualcert path``: the certified regularisation path (segments of one structure, breakpoints)."""

from __future__ import annotations

import itertools

from .proof import add_proof_option
from .common import (PICTURE_SUFFIXES, add_latex_options, json_text, labelled_arrangement, latex_output,
                     region_options, status_line, writable_path)

__all__ = ["cmd_path", "add_path_arguments", "path_text"]


def _end(value) -> str:
    return value if isinstance(value, str) else f"[{float(value[0]):.12g}, {float(value[1]):.12g}]"


def _with_decimal(text: str) -> str:
    """A constant entry of a formula with its decimal value beside it (as in every report); an
    entry that depends on lambda as it is."""
    if "lambda" in text:
        return text
    from ..report.readable import decimal_beside
    note = decimal_beside(text)
    return text if note is None else f"{text} ({note})"


def path_text(path) -> str:
    """The path as readable text: one line per segment, then the breakpoints and lambda_0."""
    lines = [f"regularisation path on [{path.lam_min}, {path.lam_max}]: {len(path.segments)} segments",
             "", "segments (lambda from, to: atoms, faces with signs, status):"]
    for s in path.segments:
        if s.status == "unproved":
            lines.append(f"  {_end(s.lam_min)} .. {_end(s.lam_max)}: unproved (no structure could be proved here)")
            continue
        atoms = ", ".join(f"face {f} sign {'+' if t > 0 else '-'}" for f, t in zip(s.faces, s.signs)) \
            or "mu = 0"
        noun = "atom" if s.n_atoms == 1 else "atoms"
        lines.append(f"  {_end(s.lam_min)} .. {_end(s.lam_max)}: {s.n_atoms} {noun} ({atoms}), {s.status}")
        for name, values in s.formula.items():
            if values:
                lines.append(f"      {name}(lambda) = " + "; ".join(map(_with_decimal, values)))
    lines += ["", "breakpoints (events as lambda decreases):"]
    for b in path.breakpoints:
        where = b.exact if b.exact is not None else _end(b.lam)
        lines.append(f"  lambda = {where}: {'; '.join(b.events) or b.event}")
    if not path.breakpoints:
        lines.append("  none")
    if path.lambda_0 is not None:
        lines += ["", f"lambda_0 = {_end(path.lambda_0)}: the structure is the same for every lambda in "
                  f"({path.lambda_0_from}, lambda_0)" + (" (proved down to 0)" if path.lambda_0_from == "0" else "")]
    return "\n".join(lines)


def _lambda_line(quiet: bool):
    """The lambda reached and the boxes proved, on one line of stderr (terminal only)."""
    boxes = itertools.count(1)
    return status_line(quiet, lambda lam: f"path: lambda = {lam:.6g}, {next(boxes)} boxes proved")


def cmd_path(args) -> int:
    if args.json and (args.latex or args.standalone):
        from arrangement.errors import DataError
        raise DataError("give --json or --latex, not both")
    if args.output:
        writable_path(args.output, "-o", PICTURE_SUFFIXES)
    from ..solver.path.path import regularisation_path
    A = labelled_arrangement(args)
    with _lambda_line(args.quiet) as progress:
        path = regularisation_path(A, lam_min=args.lam_min, lam_max=args.lam_max, progress=progress,
                                   exact=not args.no_exact)
    if getattr(args, "proof", None):      # the proof is written first: a check need not wait for pictures
        from ..proofs.path import proof_of_path
        from ..proofs.regions import write_proof
        write_proof(proof_of_path(A, path), args.proof)
    if args.output:
        from ..report.plots import plot_path
        plot_path(path, args.output)
    if args.json:
        print(json_text(path.to_json()))
    elif args.latex or args.standalone:
        from ..report.latex_reports import path_latex
        print(latex_output(path_latex(path), args))
    else:
        print(path_text(path))
        if args.output:
            print(f"wrote {args.output}")
    return 0


def add_path_arguments(sub, data_command, rational_arg, positive) -> None:
    p = data_command("path", cmd_path, "the certified regularisation path: segments of lambda on which the "
                     "minimiser's atoms, faces and signs stay the same, and the breakpoints between them",
                     [region_options(positive)])
    p.add_argument("--lam-max", type=rational_arg, required=True, metavar="L", help="largest lambda")
    p.add_argument("--lam-min", type=rational_arg, metavar="L", help="smallest lambda (default lam-max / 1000)")
    p.add_argument("--no-exact", action="store_true", help="interval continuation only (no exact segments)")
    p.add_argument("-o", "--output", metavar="FILE.png|svg|pdf", help="draw amplitudes and atoms against lambda")
    add_latex_options(p)
    add_proof_option(p)
