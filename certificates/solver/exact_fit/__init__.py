"""The limit lambda -> 0 (the exact fit): a sparse exact minimiser (:mod:`~certificates.solver.exact_fit.fit`),
the minimal-norm dual vector (:mod:`~certificates.solver.exact_fit.dual`) and its enclosing ball
(:mod:`~certificates.solver.exact_fit.ball`)."""
