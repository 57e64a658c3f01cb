"""The certified regularisation path: continuation in lambda (:mod:`~certificates.solver.path.continuation`),
the path itself (:mod:`~certificates.solver.path.path`), its records and events
(:mod:`~certificates.solver.path.segments`) and the exact refinement (:mod:`~certificates.solver.path.exact`)."""
