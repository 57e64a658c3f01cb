"""Proof files of batch tasks: ``<id>.json`` in the directory of ``dualcert batch --proofs DIR``,
each checkable alone (``dualcert check DIR/<id>.json``) or all at once (``dualcert check DIR``).

>>> proof_path("/tmp", "run-1")
PosixPath('/tmp/run-1.json')
>>> proof_path("/tmp", "../x")
Traceback (most recent call last):
...
arrangement.errors.DataError: task id '../x' cannot name a proof file: use letters, digits, '-', '_' and '.', not first '.' or '_'
"""

from __future__ import annotations

import re
from pathlib import Path

from arrangement import DataError

__all__ = ["proof_path", "write_task_proof"]

_NAME = re.compile(r"[A-Za-z0-9-][A-Za-z0-9._-]{0,199}")      # "_x.json" and ".x" are skipped by `check DIR`


def proof_path(directory, task_id: str) -> Path:
    """``directory/<task_id>.json``; a :class:`DataError` for an id that is no plain file name."""
    if not _NAME.fullmatch(str(task_id)):
        raise DataError(f"task id {task_id!r} cannot name a proof file: use letters, digits, '-', '_' "
                        "and '.', not first '.' or '_'")
    return Path(directory) / f"{task_id}.json"


def write_task_proof(directory, task_id: str, kind: str, *results) -> None:
    """Write the proof of a task: ``kind`` ``"solution"`` (an arrangement with labels and its
    :class:`~certificates.solver.Solution`) or ``"certificate"`` (a
    :class:`~certificates.dual.certificate.Certificate`)."""
    from ..proofs import producer
    path = proof_path(directory, task_id)
    proof = producer.proof_of_solution(*results) if kind == "solution" else producer.proof_of_certificate(*results)
    producer.write_proof(proof, path)
