"""Regions as Apache Parquet tables, built and read column-wise (no Python object per region).

Columns (one row per region):

* ``pattern`` (string): the sign string over ``+ - 0``, one character per data point (as
  ``regions --json``);
* ``witness`` (list<int64>): the integer interior point, null when an entry exceeds int64;
* ``witness_text`` (list<string>): the same point as decimal strings when it does not fit
  int64 (else null); the two columns together are the exact witness, never truncated;
* ``facets`` (list<int32>): the data indices whose hyperplanes carry a facet.

>>> import numpy as np
>>> W = np.array([[1, 2**70], [1, -1]], dtype=object)
>>> P, facets = np.array([[1, 1], [1, -1]], dtype=np.int8), np.array([[True, False], [True, True]])
>>> t = region_table(W, P, facets)
>>> t.column("pattern").to_pylist(), t.column("witness").to_pylist(), t.column("facets").to_pylist()
(['++', '+-'], [None, [1, -1]], [[0], [0, 1]])
>>> P2, W2 = table_regions(t, 2, 2)
>>> P2.tolist() == P.tolist(), W2.tolist() == W.tolist()
(True, True)
"""

from __future__ import annotations

import numpy as np

from .errors import DataError

__all__ = ["region_table", "table_regions", "write_table"]

_INT64 = 2**63
_SYMBOLS = np.frombuffer(b"-0+", dtype=np.uint8)
_ROWS_PER_GROUP = 1 << 20
STAMP = b"dualcert"           # schema metadata key of a shard's stamp


def _offsets(lengths: np.ndarray) -> np.ndarray:
    return np.r_[0, np.cumsum(lengths)].astype(np.int32)


def region_table(W: np.ndarray, P: np.ndarray, facets: np.ndarray):
    """A ``pyarrow.Table`` of regions: witnesses ``W`` (regions x d, int64 or Python ints), data
    signs ``P`` (regions x n) and the facet matrix (regions x n, bool); at most 2^31 characters
    of patterns (:func:`write_table` cuts larger sets into row groups)."""
    import pyarrow as pa
    R, n = P.shape
    d = W.shape[1]
    chars = np.ascontiguousarray(_SYMBOLS[P.astype(np.intp) + 1])
    pattern = pa.Array.from_buffers(pa.string(), R, [None, pa.py_buffer(_offsets(np.full(R, n))),
                                                    pa.py_buffer(chars)])
    fits = np.ones(R, dtype=bool) if W.dtype != object else \
        np.array([all(-_INT64 <= v < _INT64 for v in w) for w in W.tolist()], dtype=bool)
    small = np.where(fits[:, None], W, 0).astype(np.int64)
    witness = pa.ListArray.from_arrays(pa.array(_offsets(np.full(R, d))), pa.array(small.ravel()),
                                       mask=None if fits.all() else pa.array(~fits))
    text = pa.nulls(R, pa.list_(pa.string())) if fits.all() else \
        pa.array([None if ok else [str(v) for v in w] for w, ok in zip(W.tolist(), fits)], pa.list_(pa.string()))
    rows, cols = np.nonzero(facets)
    facet_list = pa.ListArray.from_arrays(pa.array(_offsets(np.bincount(rows, minlength=R))),
                                          pa.array(cols.astype(np.int32)))
    return pa.table({"pattern": pattern, "witness": witness, "witness_text": text, "facets": facet_list})


def write_table(path, W: np.ndarray, P: np.ndarray, facets: np.ndarray, stamp=None) -> None:
    """Write the regions to one zstd-compressed Parquet file (row groups of 2^20 regions, no
    dictionary encoding: patterns are distinct); ``stamp`` (a JSON-able object, e.g. the data's
    digest) goes into the schema metadata under ``STAMP``."""
    import json
    import pyarrow.parquet as pq
    step = min(_ROWS_PER_GROUP, max(1, (2**31 - 1) // max(P.shape[1], 1)))
    writer = None
    try:
        for lo in range(0, max(len(P), 1), step):
            table = region_table(W[lo:lo + step], P[lo:lo + step], facets[lo:lo + step])
            if writer is None:
                schema = table.schema if stamp is None else \
                    table.schema.with_metadata({STAMP: json.dumps(stamp, sort_keys=True)})
                writer = pq.ParquetWriter(path, schema, compression="zstd", use_dictionary=False)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()


def table_regions(table, n: int, d: int):
    """Data signs (regions x n, ``int8``) and exact witnesses (int64, or Python ints where a
    witness needed ``witness_text``) read back from a table of :func:`region_table`; a
    :class:`~arrangement.errors.DataError` for a malformed table."""
    import pyarrow as pa
    pattern = table.column("pattern").combine_chunks().cast(pa.large_string())
    R = len(pattern)
    if pattern.null_count:
        raise DataError("a region has no pattern")
    offsets = np.frombuffer(pattern.buffers()[1], dtype=np.int64)[pattern.offset:pattern.offset + R + 1]
    if (np.diff(offsets) != n).any():
        raise DataError(f"a pattern does not have one sign per data point ({n})")
    chars = np.frombuffer(pattern.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]].reshape(R, n)
    lookup = np.full(256, 2, dtype=np.int8)
    lookup[_SYMBOLS] = [-1, 0, 1]
    P = lookup[chars]
    if (P == 2).any():
        raise DataError("a pattern has a character other than + - 0")
    witness = table.column("witness").combine_chunks()
    fits = witness.is_valid().to_numpy(zero_copy_only=False)
    lengths = witness.value_lengths().to_numpy(zero_copy_only=False)
    if (lengths[fits] != d).any():
        raise DataError(f"a witness does not have {d} coordinates")
    W = np.zeros((R, d), dtype=np.int64)
    W[fits] = witness.flatten().to_numpy().reshape(-1, d)
    if not fits.all():
        text = table.column("witness_text").combine_chunks()
        W = W.astype(object)
        for r in np.flatnonzero(~fits).tolist():
            row = text[r].as_py()
            if row is None or len(row) != d:
                raise DataError(f"region {r} has no witness")
            W[r] = [int(v) for v in row]
    return P, W
