"""Dual certificates on the dual regions, and the solver built on them.

* :class:`~certificates.certificate.Certificate`: the certificate ``eta_p`` of a dual vector
  ``p``, maximised exactly on every region (feasibility, extreme set, support bounds,
  uniqueness, non-degeneracy), with :mod:`~certificates.projection`,
  :mod:`~certificates.screening` and :mod:`~certificates.uniqueness`;
* :mod:`certificates.solver`: :func:`~certificates.solver.solve` and
  :func:`~certificates.solver.exact_fit`, the minimiser of the training problem for data, labels
  and lambda (or lambda -> 0), with status ``exact``, ``verified`` or ``numerical``;
* :mod:`certificates.report` (Markdown, LaTeX, pictures) and the ``dualcert`` command line
  (:mod:`certificates.cli`).

>>> from certificates import solve
>>> s = solve([[3, 4]], [10], 5)
>>> s.status, s.atoms[0].w_exact, s.atoms[0].amplitude_exact
('exact', (3/5, 4/5), 9/5)
"""

import importlib
import importlib.abc
import importlib.util
import sys

__all__ = ["Certificate", "Solution", "Atom", "solve", "exact_fit"]

# imported on first use: the command line loads this package and must start fast
_HOME = {"Certificate": ".certificate", "Solution": ".solver", "Atom": ".solver", "solve": ".solver",
         "exact_fit": ".solver"}


def __getattr__(name):
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    importlib.import_module(".report.notebook", __name__)   # the notebook display of Arrangement, Region
    value = getattr(importlib.import_module(_HOME[name], __name__), name)
    globals()[name] = value
    return value

# Modules that moved into subpackages stay importable under their old names (the same module
# object, so monkeypatching either name patches both).
_MOVED = {"certificates." + old: "certificates." + new for old, new in {
    "conic": "solver.conic", "column_generation": "solver.column_generation",
    "optimality": "solver.optimality", "verification": "solver.verification",
    "algebraic": "solver.algebraic", "duality": "solver.duality", "endgame": "solver.endgame",
    "sweep": "solver.sweep", "plots": "report.plots", "cli_solve": "cli.solve",
    "cli_plot": "cli.plot"}.items()}


class _OldName(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports ``certificates.conic`` as the module ``certificates.solver.conic`` itself."""

    def find_spec(self, name, path=None, target=None):
        return importlib.util.spec_from_loader(name, self) if name in _MOVED else None

    def create_module(self, spec):
        module = importlib.import_module(_MOVED[spec.name])
        spec.loader_state = module.__spec__   # the import system overwrites __spec__ next
        return module

    def exec_module(self, module):
        module.__spec__ = module.__spec__.loader_state


sys.meta_path.append(_OldName())
