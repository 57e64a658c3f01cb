"""``dualcert regions --json`` written piece by piece: the same text as the report built in memory,
without a Region object, a record or a dict per region (:mod:`arrangement.columns`)."""

from __future__ import annotations

import json

import numpy as np

from arrangement.columns import edge_blocks, record_blocks
from arrangement.text import integer_pairs

from ..results.build import arrangement_report

__all__ = ["regions_json_pieces"]

_ROWS = 4096


def regions_json_pieces(A):
    """Strings whose concatenation is ``json_text(regions_report(A, A.regions(), A.edges()).to_json())``.

    >>> from arrangement import Arrangement
    >>> from certificates.results.build import regions_report
    >>> A = Arrangement([[1, 0], [0, 1], [1, 1]])
    >>> text = "".join(regions_json_pieces(A))
    >>> text == json.dumps(regions_report(A, A.regions(), A.edges()).to_json())
    True
    """
    head = json.dumps(arrangement_report(A).to_json(), allow_nan=False)
    yield head[:-1] + ', "regions": ['
    # written as bytes: patterns are +-0 strings and the rest integers, so nothing needs escaping
    yield from record_blocks(A)
    yield '], "edges": ['
    first = True
    for block in edge_blocks(A):
        if len(block):
            yield ("" if first else ", ") + integer_pairs(block[:, :2])
            first = False
    yield '], "edge_data": ['
    data = np.array(["[%s]" % ", ".join(map(str, h)) for h in A.hyperplanes] or [""], dtype=object)
    yield from _joined(text for block in edge_blocks(A) for text in data[block[:, 2]].tolist())
    yield "]}"


def _joined(texts):
    """The ``texts`` separated by ``", "``, a few thousand at a time."""
    batch, first = [], True
    for text in texts:
        batch.append(text)
        if len(batch) == _ROWS:
            yield (", " if not first else "") + ", ".join(batch)
            batch, first = [], False
    if batch:
        yield (", " if not first else "") + ", ".join(batch)
