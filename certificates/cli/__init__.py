"""The ``dualcert`` command line: :mod:`~certificates.cli.main` (parser, arrangement and
certificate commands), :mod:`~certificates.cli.solve` (``solve``, ``sweep``) and
:mod:`~certificates.cli.plot` (``plot``, ``demo``), :mod:`~certificates.cli.distributed` (``regions --out``,
``batch``).  No mathematics lives here."""

from .main import build_parser, main

__all__ = ["main", "build_parser"]
