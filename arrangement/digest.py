"""The SHA-256 digest of a problem (data rows, labels, bias, lambda) over one canonical form.

Proof files, region shards and their metadata carry it, so a result can be tied to the data it is
about.  The canonical form is the UTF-8 text of the JSON object

    {"X":[["p/q",...],...],"bias":true|false,"lam":"p/q"|null,"y":["p/q",...]|null}

with keys in this order, no spaces, every number a reduced rational string (``str`` of a
``Fraction``: ``"3"``, ``"-3/7"``, ``"0"``), ``X`` the rows without the bias column, rows in
order; ``y`` and ``lam`` are ``null`` when the result does not depend on them.  The standalone
checker computes the same digest on its own (:func:`certificates.proofs.checker.problem_digest`).

>>> problem_digest([[1, "1/2"]], bias=True)[:16]
'8335fc5755162a48'
>>> canonical_problem([[1, "1/2"]], bias=True)
b'{"X":[["1","1/2"]],"bias":true,"lam":null,"y":null}'
"""

from __future__ import annotations

import hashlib
import json
from fractions import Fraction

__all__ = ["canonical_problem", "problem_digest", "arrangement_digest"]


def _text(value) -> str:
    return str(Fraction(value))


def canonical_problem(X, bias: bool, y=None, lam=None) -> bytes:
    """The canonical UTF-8 form of a problem (see the module docstring)."""
    obj = {"X": [[_text(v) for v in row] for row in X], "bias": bool(bias),
           "lam": None if lam is None else _text(lam), "y": None if y is None else [_text(v) for v in y]}
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("utf-8")


def problem_digest(X, bias: bool, y=None, lam=None) -> str:
    """The SHA-256 (hex) of :func:`canonical_problem`."""
    return hashlib.sha256(canonical_problem(X, bias, y, lam)).hexdigest()


def arrangement_digest(A) -> str:
    """The digest of an arrangement's rows (without the bias column) and bias, labels left out:
    what regions depend on."""
    return problem_digest([row[:-1] for row in A.X] if A.bias else A.X, A.bias)
