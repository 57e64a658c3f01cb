"""Dual certificates on the dual regions, and the solver built on them.

The package is layered; each layer imports only the ones before it:

* :mod:`certificates.exact`: interval precisions, number conversions, number fields;
* :mod:`certificates.dual`: :class:`~certificates.dual.certificate.Certificate`, the certificate
  ``eta_p`` of a dual vector ``p``, maximised exactly on every region (feasibility, extreme set,
  support bounds, uniqueness, non-degeneracy);
* :mod:`certificates.results`: the typed records every call returns;
* :mod:`certificates.solver`: :func:`~certificates.solver.solve`,
  :func:`~certificates.solver.exact_fit` and the regularisation path, the minimiser of the
  training problem for data, labels and lambda (or lambda -> 0), with status ``exact``,
  ``verified`` or ``numerical``;
* :mod:`certificates.campaigns` and :mod:`certificates.proofs` (proof files and their standalone
  checker);
* :mod:`certificates.report` (Markdown, LaTeX, pictures) and the ``dualcert`` command line
  (:mod:`certificates.cli`).

>>> from certificates import solve
>>> s = solve([[3, 4]], [10], 5)
>>> s.status, s.atoms[0].w_exact, s.atoms[0].amplitude_exact
('exact', (3/5, 4/5), 9/5)
"""

import importlib

__all__ = ["Certificate", "Solution", "Atom", "solve", "exact_fit", "regularisation_path", "sweep"]

# imported on first use: the command line loads this package and must start fast
_HOME = {"Certificate": ".dual.certificate", "Solution": ".solver", "Atom": ".solver", "solve": ".solver",
         "exact_fit": ".solver", "regularisation_path": ".solver.path.path", "sweep": ".solver.sweep"}


def __getattr__(name):
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    importlib.import_module(".report.notebook", __name__)   # the notebook display of Arrangement, Region
    value = getattr(importlib.import_module(_HOME[name], __name__), name)
    globals()[name] = value
    return value
