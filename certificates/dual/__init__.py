"""The dual certificate ``eta_p`` of a given dual vector ``p``, decided exactly:
:mod:`~certificates.dual.certificate`, with the projections (:mod:`~certificates.dual.projection`),
the bounds that screen regions (:mod:`~certificates.dual.screening`) and the uniqueness of the
minimiser (:mod:`~certificates.dual.uniqueness`)."""
