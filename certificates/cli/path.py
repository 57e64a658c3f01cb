"""``dualcert path``: the certified regularisation path (segments of one structure, breakpoints)."""

from __future__ import annotations

import itertools
from fractions import Fraction

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


def _proved_end(text: str) -> str:
    """An end of a range in a proof file: exact when short, else its decimal (the file has it exactly)."""
    return text if len(text) <= 24 else f"~{float(Fraction(text)):.12g}"


def _middle(value) -> float:
    """A lambda inside an end or range: an exact string, or an enclosure ``(lo, hi)``."""
    return float(Fraction(value)) if isinstance(value, str) else (float(value[0]) + float(value[1])) / 2


def _holding(ranges, value: float) -> int:
    """The index of the range ``(lo, hi)`` holding ``value`` (else the nearest one)."""
    return min(range(len(ranges)), key=lambda k: max(ranges[k][0] - value, value - ranges[k][1], 0))


def path_text(path, proof=None) -> str:
    """The path as readable text: one line per segment, then the breakpoints and lambda_0.  With
    ``proof`` (the path's proof as written) the segments are the proof's (where boxes stop short
    of a breakpoint the rest is its own segment, not covered), each with the structure of the
    path segment holding it, and breakpoint enclosures and lambda_0 are those the proof holds:
    the text claims no more than the proof."""
    claim = proof["claims"]["path"] if proof is not None else None
    ranges = [(_middle(s.lam_min), _middle(s.lam_max)) for s in path.segments]
    if claim is None:
        rows = [(s, f"{_end(s.lam_min)} .. {_end(s.lam_max)}", "") for s in path.segments]
    else:
        rows = [(path.segments[_holding(ranges, (float(Fraction(a)) + float(Fraction(b))) / 2)],
                 f"{_proved_end(a)} .. {_proved_end(b)}",
                 ", not covered by the proof" if set(segment) == {"lam"} else "")
                for segment in claim["segments"] for a, b in [segment["lam"]]]
    pieces = "" if len(rows) == len(path.segments) else f" ({len(rows)} pieces in the proof)"
    lines = [f"regularisation path on [{path.lam_min}, {path.lam_max}]: {len(path.segments)} segments{pieces}",
             "", "segments (lambda from, to: atoms, faces with signs, status):"]
    for s, ends, missing in rows:
        if s.status == "unproved":
            lines.append(f"  {ends}: unproved (no structure could be proved here)")
            continue
        atoms = ", ".join(f"face {f} sign {'+' if t > 0 else '-'}" for f, t in zip(s.faces, s.signs)) \
            or "mu = 0"
        noun = "atom" if s.n_atoms == 1 else "atoms"
        lines.append(f"  {ends}: {s.n_atoms} {noun} ({atoms}), {s.status}{missing}")
        for name, values in s.formula.items():
            if values:
                lines.append(f"      {name}(lambda) = " + "; ".join(map(_with_decimal, values)))
    gaps = [b["lam"] for b in claim["breakpoints"]] if claim else None
    lines += ["", "breakpoints (events as lambda decreases):"]
    for b in path.breakpoints:
        where = b.exact if b.exact is not None else _end(b.lam)
        if claim is not None and gaps:
            lo, hi = gaps[_holding([(float(Fraction(a)), float(Fraction(c))) for a, c in gaps], _middle(b.lam))]
            where = where if lo == hi else f"[{_proved_end(lo)}, {_proved_end(hi)}]"
        lines.append(f"  lambda = {where}: {'; '.join(b.events) or b.event}")
    if not path.breakpoints:
        lines.append("  none")
    if claim is not None:
        lines += _proved_lambda_0(path, claim)
    elif path.lambda_0 is not None:
        lines += ["", f"lambda_0 = {_end(path.lambda_0)}: the structure is the same for every lambda in "
                  f"({path.lambda_0_from}, lambda_0)" + (" (exact down to 0)" if path.lambda_0_from == "0" else "")]
    return "\n".join(lines)


def _proved_lambda_0(path, claim) -> list:
    """lambda_0 as the proof holds it: the enclosure of the first breakpoint, with one structure
    proved from lam_min up to the top of the lowest segment (nothing below lam-min)."""
    lowest = claim["segments"][0]
    if set(lowest) == {"lam"}:
        return ["", "lambda_0: not covered by the proof (its lowest segment is not proved)"]
    top = lowest["lam"][1]
    covered = f"the proof covers one structure for every lambda in [{path.lam_min}, {_proved_end(top)}"
    if not path.breakpoints or not claim["breakpoints"]:
        if Fraction(top) != Fraction(path.lam_max):
            return ["", f"lambda_0: not covered by the proof ({covered}] only)"]
        return ["", f"lambda_0 = {path.lam_max}: {covered}]"]
    gaps = [b["lam"] for b in claim["breakpoints"]]
    lo, hi = gaps[_holding([(float(Fraction(a)), float(Fraction(b))) for a, b in gaps], _middle(path.breakpoints[0].lam))]
    where = f"= {_proved_end(lo)}" if lo == hi else f"in [{_proved_end(lo)}, {_proved_end(hi)}]"
    return ["", f"lambda_0 {where}: {covered}{')' if top == lo == hi else ']'} (nothing below lam-min)"]


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
    proof = None
    if getattr(args, "proof", None):      # the proof is written first: a check need not wait for pictures
        from ..proofs.path import proof_of_path
        from ..proofs.regions import write_proof
        proof = proof_of_path(A, path)
        write_proof(proof, args.proof)
    if args.output:
        from ..report.plots import plot_path
        plot_path(path, args.output)
    if args.json:
        print(json_text(path.to_json()))
    elif args.latex or args.standalone:
        from ..report.latex_reports import path_latex
        print(latex_output(path_latex(path), args))
    else:
        print(path_text(path, proof))
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
