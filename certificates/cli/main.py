"""The ``dualcert`` command line.

Subcommands: ``regions`` (enumerate the dual regions and the adjacency graph),
``count`` (count them through the characteristic polynomial), ``faces`` (faces of
every dimension), ``certify`` (the dual certificate of a vector p), ``solve`` (the
certified minimiser for labels and lambda), ``sweep`` (low-noise stability), ``path`` (the
certified regularisation path) and ``demo``
(a built-in example end to end).  DATA is a CSV or
JSON file or a built-in data set (``threshold:3``, ``resonance:4``, ``braid:4``,
``xor``).  Errors print one line and exit with status 2.  A bare ``dualcert`` prints this help
and exits with status 0; ``dualcert --version`` prints the version.
"""

from __future__ import annotations

import argparse
import sys
from fractions import Fraction

from arrangement import Arrangement, DataError, DualcertError
from arrangement.data import load_vector as _dual_vector
from arrangement.graph import write_graphml
from arrangement.numbers import rational

from ..results.build import arrangement_report, faces_report, regions_report
from .datasets import add_datasets_command
from .distributed import add_distributed_arguments
from .path import add_path_arguments
from .plot import add_plot_arguments
from .common import (add_latex_options, text_table, json_text, latex_output, load_arrangement as _load, quiet_option,
                     refuse_overwriting_the_data, region_options, writable_path)
from .solve import add_solve_arguments
from .proof import add_check_command, add_proof_option, write_proof_if_asked

_TABLE_ROWS = 40


def _summary_lines(A: Arrangement) -> list:
    counts = arrangement_report(A)
    lines = [f"data: n = {A.n} points in R^{A.d}" + (" (with bias)" if A.bias else "")
             + f", rank {counts.rank}, {counts.n_hyperplanes} distinct hyperplanes",
             f"characteristic polynomial: chi(x) = {counts.characteristic_polynomial}",
             f"regions (Zaslavsky, |chi(-1)|): {counts.n_regions}"]
    if counts.general_position:
        lines.append(f"general position: yes; Cover's formula 2*sum_(k<d) C(n-1,k) = {counts.cover_count}")
    else:
        lines.append("general position: no")
    return lines


def cmd_count(args) -> int:
    A = _load(args.data, args.bias, args.label)
    symmetry = args.symmetry
    if args.generators:
        from arrangement.generators import generator_group, read_generators
        if symmetry == "none":
            raise DualcertError("--generators gives a group to count with: not with --symmetry none")
        symmetry = generator_group(A, read_generators(args.generators))
    A.count_regions(progress=False if args.quiet else None, symmetry=symmetry)
    # a given group is reported even where the count never needs it (no hyperplane: one region)
    group = symmetry if args.generators else A.__dict__.get("_symmetry")   # found only when the count looked
    order = None if group is None else group.order
    if args.json:
        print(json_text({**arrangement_report(A).to_json(), "symmetry_group_order": order}))
    else:
        print("\n".join(_summary_lines(A)))
        kind = "given by generators" if args.generators else "signed permutations of coordinates"
        print("symmetry group: not used" if order is None else f"symmetry group ({kind}): order {order}"
              + (", counted over its orbits" if order > 1 and len(A.hyperplanes) else "")
              + ("" if len(A.hyperplanes) else " (no hyperplane: one region, no orbits to count)"))
    return 0


def cmd_regions(args) -> int:
    if args.graph:
        writable_path(args.graph, "--graph")
    A = _load(args.data, args.bias, args.label)
    progress = False if args.quiet else None
    if args.json and not args.graph and not getattr(args, "proof", None):
        # streamed: the same text, without a Python object per region
        from ..report.stream import regions_json_pieces
        A.witness_matrix(max_regions=args.max_regions, progress=progress)
        for piece in regions_json_pieces(A):
            sys.stdout.write(piece)
        sys.stdout.write("\n")
        return 0
    regions = A.regions(max_regions=args.max_regions, progress=progress)
    edges = A.edges()
    write_proof_if_asked(args, "proof_of_regions", A)
    if args.graph:
        try:
            write_graphml(A, args.graph)
        except OSError as exc:
            raise DualcertError(f"cannot write {args.graph}: {exc.strerror}") from None
    if args.json:
        print(json_text(regions_report(A, regions, edges).to_json()))
        return 0
    print("\n".join(_summary_lines(A)))
    print(f"enumerated regions: {len(regions)} (equal to |chi(-1)|), adjacency graph: {len(edges)} edges")
    shown = regions if args.all else regions[:_TABLE_ROWS]
    print()
    print(text_table([(r.index, r.pattern, "(" + ", ".join(map(str, r.witness)) + ")",
                   ",".join(map(str, r.facets))) for r in shown],
                 ("region", "pattern", "witness", "facets (data indices)")))
    if len(shown) < len(regions):
        print(f"... {len(regions) - len(shown)} more (use --all or --json)")
    if args.graph:
        print(f"adjacency graph written to {args.graph}")
    return 0


def cmd_faces(args) -> int:
    A = _load(args.data, args.bias, args.label)
    faces = A.faces(max_faces=args.max_faces)
    if args.json:
        print(json_text(faces_report(A, faces).to_json()))
        return 0
    counts = {}
    for f in faces:
        counts[f.dim] = counts.get(f.dim, 0) + 1
    print("faces on the sphere by dimension: " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    shown = faces if args.all else faces[:_TABLE_ROWS]
    print(text_table([(f.index, f.signs, f.dim, "(" + ", ".join(map(str, f.witness)) + ")",
                   ",".join(map(str, f.facets))) for f in shown],
                 ("face", "signs", "dim", "witness", "facets (face indices)")))
    if len(shown) < len(faces):
        print(f"... {len(faces) - len(shown)} more (use --all or --json)")
    return 0


def cmd_certify(args) -> int:
    if args.json and (args.latex or args.standalone):
        raise UsageError("dualcert certify: error: give --json or --latex, not both")
    from ..dual.certificate import Certificate
    from ..report import certificate_report, latex, markdown
    A = _load(args.data, args.bias, args.label)
    p = _dual_vector(args.dual, A.n)
    A.regions(max_regions=args.max_regions, progress=False if args.quiet else None)
    cert = Certificate(A, p, y=A.y, lam=args.lam)
    report = certificate_report(cert)
    write_proof_if_asked(args, "proof_of_certificate", cert)
    if args.json:
        print(json_text(report.to_json()))
    elif args.latex or args.standalone:
        print(latex_output(latex(report), args))
    else:
        print(markdown(report))
    return 0


def _rational_arg(text: str) -> Fraction:
    try:
        return rational(text, "lambda")
    except DataError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


class UsageError(DualcertError):
    """A command line argparse refuses; the message already starts with ``dualcert CMD: error:``."""


class _Parser(argparse.ArgumentParser):
    """argparse with its errors on one line (``dualcert CMD: error: ...``), raised, not exited on."""

    def error(self, message):
        raise UsageError(f"{self.prog}: error: {message}")


# options whose value may start with a minus sign (``--dual -1,-1``, ``--lam -1/2`` is then refused
# by its own check rather than by argparse taking it for an option)
_SIGNED_VALUES = ("--dual", "--lam", "--noise", "--lam-min", "--lam-max")


def _glue_signed_values(argv: list) -> list:
    out = []
    for token in argv:
        if out and out[-1] in _SIGNED_VALUES and token[:1] == "-" and token[1:2] in set("0123456789./"):
            out[-1] = f"{out[-1]}={token}"
        else:
            out.append(token)
    return out


def version_line() -> str:
    """``dualcert X.Y.Z``: the installed distribution's version (``version`` in setup.cfg)."""
    from dualcert import __version__
    return f"dualcert {__version__}"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dualcert", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=version_line())
    sub = parser.add_subparsers(dest="command", required=True)

    def data_command(name, func, help_text, parents=()):
        p = sub.add_parser(name, help=help_text, description=help_text, parents=list(parents))
        p.add_argument("data", metavar="DATA", help="CSV or JSON file, - for standard input, or a built-in: threshold:K, "
                       "resonance:K, braid:K, crosspoly:K, demicube:K, xor, iris:versicolor-virginica, ... "
                       "(dualcert datasets lists them)")
        p.add_argument("--bias", action="store_true", help="append the coordinate 1 to every data point")
        p.add_argument("--json", action="store_true", help="print one JSON object")
        p.add_argument("--label", metavar="COL", help="the CSV column of the labels (default y)")
        p.set_defaults(func=func)
        return p

    p = data_command("regions", cmd_regions, "enumerate the dual regions and their adjacency graph",
                     [region_options(_positive)])
    p.add_argument("--graph", metavar="FILE.graphml", help="write the adjacency graph as GraphML")
    p.add_argument("--all", action="store_true", help="list every region, not only the first ones")
    add_distributed_arguments(sub, p, _positive)
    add_proof_option(p)
    p = data_command("count", cmd_count, "count the regions with the characteristic polynomial", [quiet_option()])
    p.add_argument("--symmetry", choices=("auto", "none"), default="auto",
                   help="count over the orbits of the symmetry group (auto: when it pays) or not")
    p.add_argument("--generators", metavar="FILE.json",
                   help="count over the orbits of the group these generators generate (a JSON list of "
                        "permutations of the hyperplanes or d x d matrices on the data), each checked exactly")
    p = data_command("faces", cmd_faces, "faces of every dimension with their facets")
    p.add_argument("--max-faces", type=_positive, metavar="N", help="stop if there are more than N faces")
    p.add_argument("--all", action="store_true", help="list every face")
    p = data_command("certify", cmd_certify, "certify a dual vector p: feasibility, extreme set, "
                     "support bound, uniqueness, non-degeneracy", [region_options(_positive)])
    p.add_argument("--dual", required=True, metavar="P", help='JSON file {"p": [...]} or "1/2,-3,0.25"')
    p.add_argument("--lam", metavar="L", type=_rational_arg,
                   help="lambda > 0; with labels y in DATA, b = y - lam p decides uniqueness")
    add_latex_options(p)
    add_proof_option(p)
    add_solve_arguments(sub, data_command, _rational_arg, _positive)
    add_plot_arguments(sub, data_command, _rational_arg, _positive)
    add_path_arguments(sub, data_command, _rational_arg, _positive)
    add_check_command(sub, _rational_arg)
    add_datasets_command(sub)
    return parser


def main(argv=None) -> int:
    """Run ``dualcert``; every refusal is one line on stderr and exit status 2.  Ctrl-C (130) and
    a closed pipe (141) are handled by the program's guard, :mod:`certificates.__main__`, which
    also covers the imports of start-up."""
    argv = _glue_signed_values(sys.argv[1:] if argv is None else list(argv))
    if not argv:   # a bare ``dualcert``: the help, on stdout, and success
        print(build_parser().format_help().rstrip())
        return 0
    if argv[0] == "--version":
        print(version_line())
        return 0
    try:
        args = build_parser().parse_args(argv)
        refuse_overwriting_the_data(args)
        return args.func(args)
    except UsageError as exc:
        print(exc, file=sys.stderr)
    except DualcertError as exc:
        print(f"dualcert: error: {exc}", file=sys.stderr)
    except OverflowError as exc:  # a float step met a number beyond 1.8e308 that no check caught
        print(f"dualcert: error: a number is too large for a floating-point step ({exc}); exact "
              "commands (count, regions, faces) take any rational", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
