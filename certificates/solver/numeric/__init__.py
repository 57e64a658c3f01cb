"""Float guesses only: the conic program over all regions (:mod:`~certificates.solver.numeric.conic`)
and column generation (:mod:`~certificates.solver.numeric.column_generation`); exact code confirms
or refuses what they find."""
