"""Proof files: the producer (:mod:`~certificates.proofs.producer`) and the standalone checker
(:mod:`~certificates.proofs.checker`, one file that imports only the Python standard library)."""
