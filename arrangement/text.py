"""JSON text of many regions at once, built as one byte matrix per block (no string per number).

A block of records is laid out as a matrix of bytes, one row per record and a fixed set of
columns per field wide enough for its longest value, with a mask of the bytes to keep (the
digits a number really has, the facets a region really has); the kept bytes in row order are
the text.  Integers too large for ``int64`` are written by Python.

>>> import numpy as np
>>> P = np.array([[1, -1], [-1, 0]], dtype=np.int8)
>>> W = np.array([[3, -12], [-1, 0]])
>>> F = np.array([[True, True], [False, True]])
>>> region_records(P, W, F)
'{"pattern": "+-", "witness": ["3", "-12"], "facets": [0, 1]}, {"pattern": "-0", "witness": ["-1", "0"], "facets": [1]}'
>>> integer_pairs(np.array([[0, 12], [3, 4]]))
'[0, 12], [3, 4]'
"""

from __future__ import annotations

import numpy as np

__all__ = ["region_records", "integer_pairs"]


def _const(text: str, rows: int):
    b = np.frombuffer(text.encode(), dtype=np.uint8)
    return np.broadcast_to(b, (rows, len(b))), np.ones((rows, len(b)), dtype=bool)


def _numbers(V: np.ndarray, quote: bool):
    """Byte fields (rows x width) and masks for the integers of one column ``V`` (``int64``)."""
    a = np.abs(V.astype(np.int64))
    top = int(a.max()) if len(a) else 0
    digits = max(1, len(str(top)))
    q = 1 if quote else 0
    width = 2 * q + 1 + digits
    out = np.zeros((len(V), width), dtype=np.uint8)
    keep = np.zeros((len(V), width), dtype=bool)
    if quote:
        out[:, 0] = out[:, -1] = ord('"')
        keep[:, 0] = keep[:, -1] = True
    out[:, q] = ord("-")
    keep[:, q] = V < 0
    power = 1
    for p in range(digits):          # digit p from the right
        col = q + digits - p
        out[:, col] = ord("0") + (a // power) % 10
        if p:
            keep[:, col] = a >= power
        else:
            keep[:, col] = True
        power *= 10
    return out, keep


def _joined(parts, rows: int, last_separator: bool = False) -> str:
    mats = [p[0] for p in parts]
    masks = [p[1] for p in parts]
    sep, sep_keep = _const(", ", rows)
    sep_keep = sep_keep.copy()
    sep_keep[-1] = last_separator
    mat = np.concatenate(mats + [sep], axis=1)
    mask = np.concatenate(masks + [sep_keep], axis=1)
    return mat[mask].tobytes().decode()


def _facet_fields(on_facet: np.ndarray):
    rows, n = on_facet.shape
    if n == 0:
        return np.zeros((rows, 0), np.uint8), np.zeros((rows, 0), bool)
    tokens = [b", " + str(j).encode() for j in range(n)]
    template = np.frombuffer(b"".join(tokens), dtype=np.uint8)
    column = np.repeat(np.arange(n), [len(t) for t in tokens])
    starts = np.r_[0, np.cumsum([len(t) for t in tokens])[:-1]]
    keep = on_facet[:, column]
    first = np.argmax(on_facet, axis=1)
    some = np.flatnonzero(on_facet.any(axis=1))
    keep[some, starts[first[some]]] = False       # no separator before the first facet
    keep[some, starts[first[some]] + 1] = False
    return np.broadcast_to(template, (rows, len(template))), keep


def region_records(P: np.ndarray, W: np.ndarray, on_facet: np.ndarray) -> str:
    """The records ``{"pattern": ..., "witness": [...], "facets": [...]}`` of a block of regions,
    separated by ``", "``: data signs ``P`` (``int8``), integer witnesses ``W``, facet mask
    ``on_facet`` (both over the data indices)."""
    rows = len(P)
    if rows == 0:
        return ""
    if W.dtype == object:
        return ", ".join('{"pattern": "%s", "witness": [%s], "facets": [%s]}'
                         % ("".join("-0+"[s + 1] for s in p), ", ".join('"%d"' % v for v in w),
                            ", ".join(map(str, np.flatnonzero(f).tolist())))
                         for p, w, f in zip(P.tolist(), W.tolist(), on_facet))
    chars = np.frombuffer(b"-0+", dtype=np.uint8)[P.astype(np.int64) + 1]
    parts = [_const('{"pattern": "', rows), (chars, np.ones(chars.shape, bool)),
             _const('", "witness": [', rows)]
    for c in range(W.shape[1]):
        if c:
            parts.append(_const(", ", rows))
        parts.append(_numbers(W[:, c], quote=True))
    parts += [_const('], "facets": [', rows), _facet_fields(on_facet), _const("]}", rows)]
    return _joined(parts, rows)


def integer_pairs(E: np.ndarray) -> str:
    """Rows ``[a, b]`` of an integer array (rows x 2), separated by ``", "``."""
    rows = len(E)
    if rows == 0:
        return ""
    parts = [_const("[", rows), _numbers(E[:, 0], quote=False), _const(", ", rows),
             _numbers(E[:, 1], quote=False), _const("]", rows)]
    return _joined(parts, rows)
