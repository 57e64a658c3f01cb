"""``dualcert check FILE`` and the ``--proof FILE`` option of ``regions``, ``certify`` and ``solve``.

The check itself is :func:`certificates.proofs.checker.main`: the standalone checker, which imports
nothing from the package, so ``dualcert check`` trusts exactly what ``python checker.py`` trusts.
"""

from __future__ import annotations

import contextlib
import io
import sys

from arrangement import DataError

__all__ = ["add_check_command", "add_proof_option", "write_proof_if_asked"]


def cmd_check(args) -> int:
    from ..proofs.checker import main
    problem = None
    if args.data is not None:         # read by the package's reader, compared by the checker
        from .common import read_data
        data = read_data(args.data)
        problem = {"X": [[str(v) for v in row] for row in data.X], "bias": args.bias,
                   "y": None if data.y is None else [str(v) for v in data.y],
                   "lam": None if args.lam is None else str(args.lam)}
    elif args.bias or args.lam is not None:
        raise DataError("--bias and --lam describe the data of --data DATA; give DATA too")
    # the standalone checker writes its refusals itself ("check: ..."); here they become the
    # program's one error line like every other refusal of the command line
    refusal = io.StringIO()
    with contextlib.redirect_stderr(refusal):
        status = main([args.file] + (["--json"] if args.json else []), problem)
    text = "; ".join(line.strip() for line in refusal.getvalue().splitlines() if line.strip())
    if text and status == 2:
        raise DataError(text.removeprefix("check: "))
    sys.stderr.write(refusal.getvalue())
    return status


def add_check_command(sub, rational_arg) -> None:
    """Register ``dualcert check FILE [--data DATA [--bias] [--lam L]] [--json]``."""
    text = ("check a proof file with the small independent checker: the problem it is about (its "
            "SHA-256), one line per claim; exit 0 if every claim is proved, 1 if one fails or the "
            "proof is about other data than --data, 2 for an unreadable or malformed file, 3 if a "
            "claim is not covered (not re-checkable) and none fails")
    p = sub.add_parser("check", help=text, description=text)
    p.add_argument("file", metavar="FILE", help="a proof written with --proof, or a directory of proofs "
                   "(batch --proofs, regions --out --proofs): one line per file, the exit status of the worst "
                   "(1 failed, then 2 malformed, then 3 not covered)")
    p.add_argument("--data", metavar="DATA", help="the data the proof must be about (CSV, JSON, - for standard input, or a built-in name)")
    p.add_argument("--bias", action="store_true", help="the data with a bias (as for regions/solve --bias)")
    p.add_argument("--lam", metavar="L", type=rational_arg,
                   help="the problem's lambda (0 for an exact fit; lambda n with --normalize)")
    p.add_argument("--json", action="store_true",
                   help='print {"valid", "data_sha256", "problem", "claims": [{"claim", "status", "detail"}]}')
    p.set_defaults(func=cmd_check)


def add_proof_option(parser) -> None:
    """Add ``--proof FILE`` to a subcommand."""
    parser.add_argument("--proof", metavar="FILE", help="also write a proof file (check it with `dualcert check FILE`)")


def write_proof_if_asked(args, producer: str, *results) -> None:
    """If ``--proof FILE`` was given, write ``certificates.proofs.producer.<producer>(*results)`` there
    (imported only then: the producer needs numpy and scipy)."""
    if getattr(args, "proof", None):
        from ..proofs import producer as proof
        written = getattr(proof, producer)(*results)
        proof.write_proof(written, args.proof)
        note = written.get("claims", {}).get("not_covered", {}).get("listed_minimiser")
        if note:   # the proof is about another minimiser than the one printed: say so where it is read
            print(f"{args.proof}: {note}", file=sys.stderr)
