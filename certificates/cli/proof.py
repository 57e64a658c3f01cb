"""``dualcert check FILE`` and the ``--proof FILE`` option of ``regions``, ``certify`` and ``solve``.

The check itself is :func:`certificates.proofs.checker.main`: the standalone checker, which imports
nothing from the package, so ``dualcert check`` trusts exactly what ``python checker.py`` trusts.
"""

from __future__ import annotations

__all__ = ["add_check_command", "add_proof_option", "write_proof_if_asked"]


def cmd_check(args) -> int:
    from ..proofs.checker import main
    return main([args.file])


def add_check_command(sub) -> None:
    """Register ``dualcert check FILE``."""
    text = ("check a proof file with the small independent checker: one line per claim proved; "
            "exit 0 if all hold, 1 at the first failing step, 2 for an unreadable file")
    p = sub.add_parser("check", help=text, description=text)
    p.add_argument("file", metavar="FILE", help="a proof written with --proof")
    p.set_defaults(func=cmd_check)


def add_proof_option(parser) -> None:
    """Add ``--proof FILE`` to a subcommand."""
    parser.add_argument("--proof", metavar="FILE", help="also write a proof file (check it with `dualcert check FILE`)")


def write_proof_if_asked(args, producer: str, *results) -> None:
    """If ``--proof FILE`` was given, write ``certificates.proofs.producer.<producer>(*results)`` there
    (imported only then: the producer needs numpy and scipy)."""
    if getattr(args, "proof", None):
        from ..proofs import producer as proof
        proof.write_proof(getattr(proof, producer)(*results), args.proof)
