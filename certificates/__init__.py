"""Dual certificates on the dual regions, and the solver built on them.

* :class:`~certificates.certificate.Certificate`: the certificate ``eta_p`` of a dual vector
  ``p``, maximised exactly on every region (feasibility, extreme set, support bounds,
  uniqueness, non-degeneracy);
* :func:`~certificates.solver.solve` and :func:`~certificates.solver.exact_fit`: the minimiser of
  the training problem for data, labels and lambda (or lambda -> 0), with status ``exact``,
  ``verified`` or ``numerical``;
* :mod:`certificates.sweep`, :mod:`certificates.plots` and the ``dualcert`` command line
  (:mod:`certificates.cli`).

>>> from certificates import solve
>>> s = solve([[3, 4]], [10], 5)
>>> s.status, s.atoms[0].w_exact, s.atoms[0].amplitude_exact
('exact', (3/5, 4/5), 9/5)
"""

import importlib

__all__ = ["Certificate", "Solution", "Atom", "solve", "exact_fit"]

# imported on first use, so that ``import certificates`` (and the start of ``dualcert``) is light
_HOME = {"Certificate": ".certificate", "Solution": ".solver", "Atom": ".solver", "solve": ".solver",
         "exact_fit": ".solver"}


def __getattr__(name):
    if name not in _HOME:
        raise AttributeError(f"module 'certificates' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOME[name], __name__), name)


def __dir__():
    return sorted(list(globals()) + __all__)
