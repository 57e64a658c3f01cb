"""``dualcert regions --json`` written piece by piece: the same text as the report built in memory,
without a Region object, a record or a dict per region (:mod:`arrangement.columns`)."""

from __future__ import annotations

import json

from arrangement.columns import edge_blocks, region_rows

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
    # written by hand: patterns are +-0 strings and the rest integers, so nothing needs escaping
    yield from _joined('{"pattern": "%s", "witness": [%s], "facets": [%s]}'
                       % (p, ", ".join(['"%d"' % v for v in w]), ", ".join(map(str, f)))
                       for p, w, f in region_rows(A))
    blocks = list(edge_blocks(A))          # kept as arrays: two passes over them, one neighbour search
    yield '], "edges": ['
    yield from _joined("[%d, %d]" % (r, s) for block in blocks for r, s, _ in block.tolist())
    yield '], "edge_data": ['
    data = ["[%s]" % ", ".join(map(str, h)) for h in A.hyperplanes]
    yield from _joined(data[h] for block in blocks for h in block[:, 2].tolist())
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
