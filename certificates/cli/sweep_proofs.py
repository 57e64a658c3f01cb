"""``dualcert sweep --proofs DIR``: a proof file per sweep point and one for the reference.

``DIR/point-kkkk.json`` is the proof of the k-th point (the k-th data row of the sweep's CSV,
counting from 0), about the problem with that point's labels (noisy ones for noise > 0) and
lambda; ``DIR/reference.json`` is the proof of the exact fit (lambda = 0).  Each is written
atomically as soon as its point is solved; ``dualcert check DIR`` checks them all.
"""

from __future__ import annotations

import os

from .common import make_directory

__all__ = ["proof_writer"]


def proof_writer(directory: str, A):
    """``write(index, solution, labels)`` for :func:`certificates.solver.sweep.sweep`'s ``on_solution``
    (the directory is made first, so a bad path fails before any solve)."""
    from ..proofs.producer import proof_of_solution, write_proof
    make_directory(directory)

    def write(index, solution, labels) -> None:
        name = "reference.json" if index is None else f"point-{index:04d}.json"
        write_proof(proof_of_solution(A, solution, labels), os.path.join(directory, name))
    return write
