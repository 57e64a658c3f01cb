"""The typed records every call returns (:mod:`~certificates.results.schema`) and their one
assembly (:mod:`~certificates.results.build`); below the solver, above the certificate."""
