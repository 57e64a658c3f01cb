"""Regions written to disk as Apache Parquet shards, one independent task per cell.

The split (:mod:`arrangement.cells`): ``k`` distinct hyperplanes cut space into cells, ``k``
the smallest number giving at least ``tasks`` cells (:func:`shard_plan`); task ``i`` enumerates the
regions inside cell ``i`` and writes ``part-iiiii.parquet``, so memory is bounded by the
largest cell, not the arrangement.  A shard is written under a temporary name and renamed,
so an interrupted run resumes by skipping the shards that exist.  Columns:

* ``pattern``: the sign string over ``+ - 0``, one character per data point (as ``regions --json``);
* ``witness``: the integer interior point as ``list<int64>``, null when an entry exceeds int64;
* ``witness_text``: the same point as decimal strings when it does not fit int64 (else null);
  the two columns together are the exact witness, never truncated;
* ``facets``: the data indices whose hyperplanes carry a facet (``list<int32>``).

Each witness is checked in the task: its exact signs against the data are its pattern.  The
union is checked by the driver: the shard sizes add up to ``|chi(-1)|`` (Zaslavsky, computed
independently), every shard's patterns are distinct and carry their cell's signs on the ``k``
splitting hyperplanes, and the cells are distinct, so patterns are distinct across shards.

>>> import tempfile
>>> from arrangement import Arrangement
>>> A = Arrangement([[0, 0], [0, 1], [1, 0], [1, 1]], bias=True)
>>> with tempfile.TemporaryDirectory() as tmp:
...     write_regions(A, tmp, tasks=4)["n_regions"], len(from_regions(tmp).regions())
(14, 14)
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

from .cells import cell_facets, cell_witnesses
from .enumeration import region_witnesses, sign_keys, small_witnesses
from .errors import DualcertError, ParameterError
from .integer import INT64_SAFE, exact_matmul, primitive_rows, product_signs

__all__ = ["ShardPlan", "shard_plan", "write_shard", "write_regions", "from_regions", "make_client"]

_META = "_dataset.json"           # "_": skipped by Parquet dataset readers (pandas, pyarrow)
_INT64 = 2**63
_CELL_TARGET = 250_000          # regions per task on average: a few hundred MB of working memory


@dataclass(frozen=True)
class ShardPlan:
    """What every task needs: the distinct normals (essential coordinates), the ``k`` splitting
    hyperplanes and one point per cell, and the maps back to the data (small, picklable)."""

    normals: np.ndarray
    k: int
    cells: np.ndarray
    hyperplane_of: np.ndarray
    orientation: np.ndarray
    basis: object
    data: np.ndarray

    @property
    def n_tasks(self) -> int:
        return len(self.cells)

    def cell_signs(self, i: int) -> np.ndarray:
        return product_signs(self.cells[i:i + 1], self.normals[:self.k].T)[0]


def shard_plan(A, tasks: int = 8) -> ShardPlan:
    """Split the regions of ``A`` by the cells of ``k`` of its hyperplanes (``k`` minimal with at
    least ``tasks`` cells, or all hyperplanes).

    The hyperplanes are taken in a fixed pseudo-random order (seed 0): consecutive hyperplanes of
    structured data (resonance, threshold) often share a few coordinates, and cells cut by them
    are met by nearly every other hyperplane, which makes every task nearly as costly as the
    whole enumeration.  The order changes the split, never the regions.

    >>> from arrangement import Arrangement
    >>> shard_plan(Arrangement([[1, 0], [0, 1], [1, 1]]), tasks=3).n_tasks
    4
    """
    order = np.random.default_rng(0).permutation(len(A.normals))
    F = A.normals[order]
    position = np.r_[np.argsort(order), -1]              # -1 (a zero row) stays -1
    hyperplane_of = position[A.hyperplane_of]
    k, cells = 0, np.zeros((1, F.shape[1]), dtype=np.int64)
    while len(cells) < tasks and k < len(F):
        k += 1
        cells = region_witnesses(F[:k])
    if k:
        cells = cells[np.lexsort((-product_signs(cells, F[:k].T).T)[::-1])]
    return ShardPlan(F, k, cells, hyperplane_of, A.orientation, A.essential_basis, A.integer_rows)


def _data_patterns(plan: ShardPlan, S: np.ndarray) -> np.ndarray:
    if S.shape[1] == 0:
        return np.zeros((len(S), len(plan.data)), dtype=np.int8)
    safe = np.where(plan.hyperplane_of < 0, 0, plan.hyperplane_of)
    return (S[:, safe] * plan.orientation).astype(np.int8)


def _cell_regions(plan: ShardPlan, i: int):
    """Witnesses in R^d, data patterns and data facets of the regions in cell ``i`` (checked)."""
    F, k = plan.normals, plan.k
    n, d = plan.data.shape
    if F.shape[1] == 0:                                  # rank 0: one region, everything
        W = np.zeros((1, d), dtype=np.int64)
        W[0, 0] = 1
        return W, np.zeros((1, n), dtype=np.int8), np.zeros((1, n), dtype=bool)
    s = plan.cell_signs(i)
    E = small_witnesses(cell_witnesses(F, k, s, plan.cells[i]), F)
    S = product_signs(E, F.T)
    if len(np.unique(sign_keys(S))) != len(S) or (S == 0).any() or (S[:, :k] != s).any():
        raise AssertionError(f"internal error: cell {i} gave repeated or misplaced regions")
    on_hyperplane = cell_facets(F, k, s, S)
    W = E if plan.basis is None else primitive_rows(exact_matmul(E, plan.basis))
    P = _data_patterns(plan, S)
    if (product_signs(W, plan.data.T) != P).any():
        raise AssertionError(f"internal error: a witness of cell {i} does not satisfy its pattern")
    facets = np.zeros(P.shape, dtype=bool)
    nonzero = plan.hyperplane_of >= 0
    facets[:, nonzero] = on_hyperplane[:, plan.hyperplane_of[nonzero]]
    order = np.lexsort((-P.T)[::-1]) if n else np.arange(len(P))
    return W[order], P[order], facets[order]


def _table(W: np.ndarray, P: np.ndarray, facets: np.ndarray):
    import pyarrow as pa
    from .signs import pattern_strings
    fits = np.array([max(abs(int(v)) for v in w) < _INT64 for w in W.tolist()]) \
        if W.dtype == object else np.ones(len(W), dtype=bool)
    small = [list(map(int, w)) if ok else None for w, ok in zip(W.tolist(), fits)]
    big = [None if ok else [str(v) for v in w] for w, ok in zip(W.tolist(), fits)]
    rows, cols = np.nonzero(facets)
    offsets = np.r_[0, np.cumsum(np.bincount(rows, minlength=len(P)))].astype(np.int32)
    return pa.table({
        "pattern": pa.array(pattern_strings(P), pa.string()),
        "witness": pa.array(small, pa.list_(pa.int64())),
        "witness_text": pa.array(big, pa.list_(pa.string())),
        "facets": pa.ListArray.from_arrays(pa.array(offsets), pa.array(cols.astype(np.int32)))})


def _shard_path(directory, i: int) -> Path:
    return Path(directory) / f"part-{i:05d}.parquet"


def write_shard(plan: ShardPlan, i: int, directory) -> int:
    """Enumerate cell ``i`` and write its shard atomically; an existing shard is kept (resume).
    Returns the number of regions in the shard."""
    import pyarrow.parquet as pq
    path = _shard_path(directory, i)
    if path.exists():
        return pq.ParquetFile(path).metadata.num_rows
    table = _table(*_cell_regions(plan, i))
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)
    return table.num_rows


def _write_json(path: Path, obj) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(obj, indent=1))
    os.replace(tmp, path)


def _read_meta(directory: Path) -> dict:
    try:
        return json.loads((directory / _META).read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise DualcertError(f"{directory}: no region shards written by dualcert ({exc})") from None


def make_client(workers=None, scheduler=None, processes=True):
    """A ``dask.distributed`` client: an existing scheduler by address, or a LocalCluster of
    ``workers`` single-threaded workers (processes, or threads with ``processes=False``) that
    is shut down with the client (use it in a ``with`` block)."""
    import logging
    from dask.distributed import Client
    try:
        if scheduler:
            return Client(scheduler, timeout="20s")
        return Client(n_workers=workers or 1, threads_per_worker=1, processes=processes,
                      dashboard_address=":0", silence_logs=logging.ERROR)
    except (OSError, TimeoutError) as exc:
        raise DualcertError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None


def write_regions(A, directory, client=None, tasks=None, on_progress=None) -> dict:
    """Write all regions of ``A`` as Parquet shards into ``directory`` and check the union.

    ``client``: a ``dask.distributed.Client`` (None: the tasks run here, one after another);
    ``tasks``: how many cells to aim for (default: 4 per worker, at least 8, and at least one
    per 250,000 regions);
    ``on_progress(regions_written)`` is called as shards finish.  Rerunning on the same
    directory skips finished shards.  Returns a summary (also stored in ``_dataset.json``).
    """
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise ParameterError(f"{directory} exists and is not a directory (the regions go into a directory)")
    directory.mkdir(parents=True, exist_ok=True)
    expected = A.count_regions()
    if tasks is None:
        workers = len(client.scheduler_info()["workers"]) if client is not None else 1
        tasks = max(8, 4 * workers, -(-expected // _CELL_TARGET))
    meta_path = directory / _META
    data = {"X": [[str(v) for v in (row[:-1] if A.bias else row)] for row in A.X], "bias": A.bias}
    old = _read_meta(directory) if meta_path.exists() else None
    if old is not None:
        if {"X": old.get("X"), "bias": old.get("bias")} != data:
            raise DualcertError(f"{directory} holds the regions of other data; use an empty directory")
        tasks = old["n_tasks"]                       # the same split, so finished shards stay valid
    plan = shard_plan(A, tasks)
    if old is not None and (old["split_hyperplanes"], old["n_tasks"]) != (plan.k, plan.n_tasks):
        raise DualcertError(f"{directory} was split differently (another dualcert version?); use an empty directory")
    meta = {**data, "n": A.n, "d": A.d, "n_regions": expected, "split_hyperplanes": plan.k,
            "n_tasks": plan.n_tasks, "complete": False}
    _write_json(meta_path, meta)
    total = 0
    if client is None:
        for i in range(plan.n_tasks):
            total += write_shard(plan, i, str(directory))
            if on_progress is not None:
                on_progress(total)
    else:
        from dask.distributed import as_completed
        shared = client.scatter(plan, broadcast=True)
        futures = client.map(write_shard, [shared] * plan.n_tasks, range(plan.n_tasks),
                             [str(directory)] * plan.n_tasks, pure=False)
        for future in as_completed(futures):
            total += future.result()
            if on_progress is not None:
                on_progress(total)
    if total != expected:
        raise AssertionError(f"internal error: the shards hold {total} regions, |chi(-1)| = {expected}")
    meta["complete"] = True
    _write_json(meta_path, meta)
    return meta


def from_regions(directory):
    """The :class:`~arrangement.Arrangement` stored in ``directory``, with its regions read from
    the shards instead of enumerated (checked again: exact witness signs, distinct patterns,
    count equal to ``|chi(-1)|``).  Regions come back in the usual order (sorted by pattern)."""
    import pyarrow.parquet as pq
    from .arrangement import Arrangement
    directory = Path(directory)
    meta = _read_meta(directory)
    if not meta.get("complete"):
        raise DualcertError(f"{directory}: the enumeration is incomplete; rerun it to resume")
    A = Arrangement([[Fraction(v) for v in row] for row in meta["X"]], bias=meta["bias"])
    tables = [pq.read_table(p) for p in sorted(directory.glob("part-*.parquet"))]
    patterns = [s for t in tables for s in t.column("pattern").to_pylist()]
    witness = [w if w is not None else [int(v) for v in big] for t in tables
               for w, big in zip(t.column("witness").to_pylist(), t.column("witness_text").to_pylist())]
    code = {"+": 1, "-": -1, "0": 0}
    P = np.array([[code[c] for c in p] for p in patterns], dtype=np.int8).reshape(len(patterns), A.n)
    W = np.array(witness, dtype=object).reshape(len(witness), A.d)
    W = W.astype(np.int64) if all(abs(int(v)) < INT64_SAFE for v in W.ravel()) else W
    if len(P) != A.count_regions() or len(set(patterns)) != len(P) or \
            (product_signs(W, A.integer_rows.T) != P).any():
        raise DualcertError(f"{directory}: the shards do not hold the regions of the stored data")
    first = np.array([h[0] for h in A.hyperplanes], dtype=np.int64)
    S = (P[:, first] * A.orientation[first]).astype(np.int8) if len(first) else np.zeros((len(P), 0), np.int8)
    order = np.lexsort((-P.T)[::-1]) if A.n else np.arange(len(P))
    # the cache that Arrangement._enumerate would fill: regions(), graphs and certificates read it
    A.__dict__.update(_witnesses=W[order], _signs=S[order], _patterns=P[order])
    return A
