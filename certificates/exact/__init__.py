"""Numbers beyond the rationals of the engine: interval arithmetic at named precisions
(:mod:`~certificates.exact.intervals`), the one conversion place between Fraction, FLINT and sympy
(:mod:`~certificates.exact.convert`), number fields ``Q(theta)`` (:mod:`~certificates.exact.field`)
and the number fields of proof files (:mod:`~certificates.exact.number_field`)."""
