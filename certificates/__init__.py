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

from .certificate import Certificate
from .solver import Atom, Solution, exact_fit, solve

__all__ = ["Certificate", "Solution", "Atom", "solve", "exact_fit"]
