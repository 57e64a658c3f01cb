"""Regions written to disk as Apache Parquet shards by independent tasks, one shard per cell.

The split (:mod:`arrangement.cells`): ``k`` distinct hyperplanes cut space into cells, ``k``
the smallest number giving at least ``tasks`` cells (:func:`shard_plan`).  Three kinds of task,
each writing one file under a temporary name and renaming it, so an interrupted run resumes by
skipping the files that exist (the work files live in ``DIR/_work`` until the run is complete):

1. one per hyperplane ``t >= k``: the points that split regions when ``H_t`` is added, sorted
   by cell (``_work/hyperplane-ttttt.npy``; the counts per cell return to the driver, which
   checks that the cells add up to ``|chi(-1)|`` before building any of them);
2. one per cell: its regions (``_work/cell-iiiii.npz``: witnesses, signs, facets inside the cell),
   largest cell first;
3. one per cell, after its neighbours across the splitting hyperplanes: the facets on the cell's
   walls, the patterns over the data, and the shard ``part-iiiii.parquet``
   (columns: :mod:`arrangement.parquet`).

Checks: every splitting point lies in one cell, every cell has the predicted number of
regions, with distinct sign vectors, none zero, and the cell's signs; every witness has
exactly its pattern's signs against the data (exact integers); the shard sizes add up to
``|chi(-1)|`` (Zaslavsky, computed independently).  The cells are distinct, so patterns are
distinct across shards.  Memory is bounded by the largest task, not by the arrangement.

>>> import tempfile
>>> from arrangement import Arrangement
>>> A = Arrangement([[0, 0], [0, 1], [1, 0], [1, 1]], bias=True)
>>> with tempfile.TemporaryDirectory() as tmp:
...     write_regions(A, tmp, tasks=4)["n_regions"], len(from_regions(tmp).regions())
(14, 14)
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

from .cells import cell_codes, cells, cell_index, distinct_rows, flip_hits, grow_cell, hyperplane_points, packed_signs
from .enumeration import small_witnesses
from .errors import DataError, DualcertError, ParameterError
from .atomic import write_atomically
from .distributed import Runner
from .integer import compact, exact_matmul, primitive_rows, product_signs

__all__ = ["ShardPlan", "shard_plan", "write_regions", "from_regions"]

_META = "_dataset.json"           # "_": skipped by Parquet dataset readers (pandas, pyarrow)
_WORK = "_work"
_CELL_TARGET = 100_000          # regions per cell on average: tens of MB of working memory


@dataclass(frozen=True)
class ShardPlan:
    """What every task needs: the distinct normals (essential coordinates) in splitting order,
    the ``k`` splitting hyperplanes and one point per cell, and the maps back to the data
    (small, picklable)."""

    normals: np.ndarray
    k: int
    cells: np.ndarray
    hyperplane_of: np.ndarray
    orientation: np.ndarray
    basis: object
    data: np.ndarray
    digest: str = ""       # of the data (:func:`arrangement.digest.arrangement_digest`): stamps every shard

    @property
    def n_tasks(self) -> int:
        return len(self.cells)

    def cell_signs(self, i: int) -> np.ndarray:
        return product_signs(self.cells[i:i + 1], self.normals[:self.k].T)[0]

    def neighbours(self, i: int) -> list:
        """``(h, j)`` for every splitting hyperplane ``h`` such that cell ``j``, the cell ``i`` with
        sign ``h`` flipped, exists (if it does not, ``H_h`` carries no facet in cell ``i``)."""
        codes = cell_codes(product_signs(self.cells, self.normals[:self.k].T)).tolist()
        where = {c: j for j, c in enumerate(codes)}
        return [(h, where[codes[i] ^ (1 << (self.k - 1 - h))]) for h in range(self.k)
                if codes[i] ^ (1 << (self.k - 1 - h)) in where]


def shard_plan(A, tasks: int = 8) -> ShardPlan:
    """Split the regions of ``A`` by the cells of ``k`` of its hyperplanes (``k >= 1`` minimal with
    at least ``tasks`` cells, or all hyperplanes).

    The hyperplanes are taken in a fixed pseudo-random order (seed 0): consecutive hyperplanes of
    structured data (resonance, threshold) often share a few coordinates and cut very unequal
    cells.  The order changes the split, never the regions.

    >>> from arrangement import Arrangement
    >>> shard_plan(Arrangement([[1, 0], [0, 1], [1, 1]]), tasks=3).n_tasks
    4
    """
    order = np.random.default_rng(0).permutation(len(A.normals))
    F = A.normals[order]
    position = np.r_[np.argsort(order), -1]              # -1 (a zero row) stays -1
    hyperplane_of = position[A.hyperplane_of]
    k, C = 0, np.zeros((1, F.shape[1]), dtype=np.int64)
    while k < len(F) and (k == 0 or len(C) < tasks):
        k += 1
        C = cells(F, k)
    from .digest import arrangement_digest
    return ShardPlan(F, k, C, hyperplane_of, A.orientation, A.essential_basis, A.integer_rows,
                     arrangement_digest(A))


# ---- files: written under a temporary name, then renamed ------------------------------------
def _storable(a: np.ndarray) -> np.ndarray:
    return a.astype(str) if a.dtype == object else a              # Python ints as decimal strings


def _ints(a: np.ndarray) -> np.ndarray:
    return compact(np.vectorize(int, otypes=[object])(a)) if a.dtype.kind == "U" else np.asarray(a)


def _work(directory) -> Path:
    return Path(directory) / _WORK


def _points_path(directory, t: int) -> Path:
    return _work(directory) / f"hyperplane-{t:05d}.npy"


def _counts_path(directory, t: int) -> Path:
    return _work(directory) / f"hyperplane-{t:05d}.counts.npy"


def _cell_path(directory, i: int) -> Path:
    return _work(directory) / f"cell-{i:05d}.npz"


def _shard_path(directory, i: int) -> Path:
    return Path(directory) / f"part-{i:05d}.parquet"


# ---- the three tasks (run on the workers; each returns a small number) -----------------------
def hyperplane_task(plan: ShardPlan, t: int, directory) -> np.ndarray:
    """Stage 1: the points splitting regions when ``H_t`` is added, stored sorted by cell;
    returns how many fall in each cell."""
    counts_path = _counts_path(directory, t)
    if counts_path.exists():
        return np.load(counts_path)
    Q = hyperplane_points(plan.normals, t)
    index = cell_index(Q, plan.normals[:plan.k], plan.cells)
    counts = np.bincount(index, minlength=plan.n_tasks)
    write_atomically(_points_path(directory, t), lambda f: np.save(f, _storable(Q[np.argsort(index, kind="stable")])))
    write_atomically(counts_path, lambda f: np.save(f, counts))
    return counts


def _pieces(plan: ShardPlan, i: int, directory):
    for t in range(plan.k, len(plan.normals)):
        counts = np.load(_counts_path(directory, t))
        lo = int(counts[:i].sum())
        yield _ints(np.array(np.load(_points_path(directory, t), mmap_mode="r")[lo:lo + int(counts[i])]))


def cell_task(plan: ShardPlan, i: int, directory) -> int:
    """Stage 2: the regions of cell ``i`` (checked), with their facets inside the cell; returns
    their number."""
    path = _cell_path(directory, i)
    if path.exists():
        with np.load(path) as stored:
            return len(stored["signs"])
    F, k = plan.normals, plan.k
    m = len(F)
    expected = 1 + sum(int(np.load(_counts_path(directory, t))[i]) for t in range(k, m))
    if F.shape[1] == 0:                                          # rank 0: one region, everything
        E = np.zeros((1, 0), dtype=np.int64)
    else:
        E = small_witnesses(grow_cell(F, k, plan.cells[i], _pieces(plan, i, directory)), F)
    S = product_signs(E, F.T)
    packed = packed_signs(S)
    if len(E) != expected or (S == 0).any() or (S[:, :k] != plan.cell_signs(i)).any() or \
            not distinct_rows(packed):
        raise AssertionError(f"internal error: cell {i} gave missing, repeated or misplaced regions")
    within = np.packbits(flip_hits(packed, range(k, m), packed), axis=1)
    write_atomically(path, lambda f: np.savez(f, witnesses=_storable(E), signs=packed, within=within))
    return len(E)


def _data_patterns(plan: ShardPlan, S: np.ndarray) -> np.ndarray:
    if S.shape[1] == 0:
        return np.zeros((len(S), len(plan.data)), dtype=np.int8)
    safe = np.where(plan.hyperplane_of < 0, 0, plan.hyperplane_of)
    return (S[:, safe] * plan.orientation).astype(np.int8)


def shard_task(plan: ShardPlan, i: int, directory, *cells_done) -> int:
    """Stage 3 (after stage 2 of cell ``i`` and its neighbours, ``cells_done``): the facets on the
    cell's walls, witnesses and patterns over the data (checked exactly), the shard."""
    from .parquet import write_table
    path = _shard_path(directory, i)
    if path.exists():
        reused = _reused_shard(plan, i, path)
        if reused is not None:
            return reused
        path.unlink()
    m, k = len(plan.normals), plan.k
    with np.load(_cell_path(directory, i)) as stored:
        E, packed, within = _ints(stored["witnesses"]), stored["signs"], stored["within"]
    S = np.unpackbits(packed, axis=1, count=m, bitorder="little").astype(np.int8) * 2 - 1
    on = np.zeros(S.shape, dtype=bool)
    on[:, k:] = np.unpackbits(within, axis=1, count=m - k).astype(bool)
    for h, j in plan.neighbours(i):
        with np.load(_cell_path(directory, j)) as stored:
            on[:, h] = flip_hits(packed, [h], stored["signs"])[:, 0]
    n, d = plan.data.shape
    if plan.normals.shape[1] == 0:
        W = np.zeros((1, d), dtype=np.int64)
        W[0, 0] = 1
    else:
        W = E if plan.basis is None else primitive_rows(exact_matmul(E, plan.basis))
    P = _data_patterns(plan, S)
    if (product_signs(W, plan.data.T) != P).any():
        raise AssertionError(f"internal error: a witness of cell {i} does not satisfy its pattern")
    facets = np.zeros(P.shape, dtype=bool)
    nonzero = plan.hyperplane_of >= 0
    facets[:, nonzero] = on[:, plan.hyperplane_of[nonzero]]
    order = np.lexsort((-P.T)[::-1]) if n else np.arange(len(P))
    write_atomically(path, lambda f: write_table(f, W[order], P[order], facets[order], _stamp(plan, i)))
    return len(P)


def _stamp(plan: ShardPlan, i: int) -> dict:
    """What a shard is: cell ``i`` of this split of the data with this digest."""
    return {"data_sha256": plan.digest, "split_hyperplanes": plan.k, "n_tasks": plan.n_tasks, "cell": i}


def _stamp_of(path: Path):
    """The stamp in a shard's schema metadata (None if there is no readable one)."""
    import pyarrow.parquet as pq
    from .parquet import STAMP
    try:
        return json.loads((pq.read_schema(path).metadata or {}).get(STAMP, b"null"))
    except (OSError, ValueError):
        return None


def _reused_shard(plan: ShardPlan, i: int, path: Path):
    """The number of regions of an existing shard if it carries this plan's stamp and its
    witnesses have exactly its patterns' signs against this data; None (recompute it) otherwise:
    a file left by other data, another split or an older version is never trusted."""
    import pyarrow.parquet as pq
    from .parquet import table_regions
    if _stamp_of(path) != _stamp(plan, i):
        return None
    try:
        P, W = table_regions(pq.read_table(path), *plan.data.shape)
    except (OSError, ValueError, DataError):
        return None
    if len(P) and (product_signs(W if W.dtype == object else W.astype(np.int64), plan.data.T) != P).any():
        return None
    return len(P)


# ---- the driver ------------------------------------------------------------------------------
def _write_json(path: Path, obj) -> None:
    write_atomically(path, lambda f: f.write(json.dumps(obj, indent=1).encode()))


def _read_meta(directory: Path) -> dict:
    from .files import parse_json
    try:                           # strict: a key given twice is refused, not silently dropped
        return parse_json((directory / _META).read_text(), _META)
    except (OSError, DataError) as exc:
        raise DualcertError(f"{directory}: no region shards written by dualcert ({exc})") from None


def write_regions(A, directory, client=None, tasks=None, on_progress=None) -> dict:
    """Write all regions of ``A`` as Parquet shards into ``directory`` and check the union.

    ``client``: a ``dask.distributed.Client`` (None: the tasks run here, one after another);
    ``tasks``: how many cells to aim for (default: 8 per worker, at least 8, and at least one
    per 100,000 regions);
    ``on_progress(regions)`` is called as tasks finish, with a number of regions that reaches
    ``|chi(-1)|`` at the end (each region counts a third when the point that creates it is
    found, a third when its cell is built and a third when its shard is written).  Rerunning
    on the same directory skips finished work.  Returns a summary (also in ``_dataset.json``).
    """
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise ParameterError(f"{directory} exists and is not a directory (the regions go into a directory)")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:                         # a file on the way, /proc, no permission
        raise ParameterError(f"cannot make the directory {directory}: {exc.strerror}") from None
    expected = A.count_regions()
    if tasks is None:
        workers = len(client.scheduler_info()["workers"]) if client is not None else 1
        tasks = max(8, 8 * workers, -(-expected // _CELL_TARGET))
    meta_path = directory / _META
    from .digest import arrangement_digest
    data = {"X": [[str(v) for v in (row[:-1] if A.bias else row)] for row in A.X], "bias": A.bias,
            "data_sha256": arrangement_digest(A)}
    old = _read_meta(directory) if meta_path.exists() else None
    if old is not None:
        if {key: old.get(key) for key in data} != data:
            raise DualcertError(f"{directory} holds the regions of other data; use an empty directory")
        tasks = old["n_tasks"]                       # the same split, so finished shards stay valid
    else:                  # work files of unknown origin: never reused (shards are checked one by one)
        shutil.rmtree(_work(directory), ignore_errors=True)
    plan = shard_plan(A, tasks)
    if old is not None and (old["split_hyperplanes"], old["n_tasks"]) != (plan.k, plan.n_tasks):
        raise DualcertError(f"{directory} was split differently (another dualcert version?); use an empty directory")
    meta = {**data, "n": A.n, "d": A.d, "n_regions": expected, "split_hyperplanes": plan.k,
            "n_tasks": plan.n_tasks, "complete": False}
    finished = old is not None and old.get("complete") and \
        all(_stamp_of(_shard_path(directory, i)) == _stamp(plan, i) for i in range(plan.n_tasks))
    if not finished:
        _work(directory).mkdir(exist_ok=True)
        _write_json(meta_path, meta)
        _run_stages(plan, directory, expected, Runner(client, plan), on_progress)
        meta["complete"] = True
        _write_json(meta_path, meta)
    shutil.rmtree(_work(directory), ignore_errors=True)
    for stray in directory.glob(".*.tmp"):                           # left by a killed task
        stray.unlink(missing_ok=True)
    return meta


def _run_stages(plan: ShardPlan, directory: Path, expected: int, runner: Runner, on_progress) -> None:
    done = {"found": plan.n_tasks, "built": 0, "written": 0}

    def progress(stage, regions):
        done[stage] += regions
        if on_progress is not None:
            on_progress(sum(done.values()) // 3)
    sizes = np.ones(plan.n_tasks, dtype=np.int64)
    for t in reversed(range(plan.k, len(plan.normals))):      # later hyperplanes split more: first
        runner.submit(("hyperplane", t), hyperplane_task, t, str(directory), priority=t)
    for _, counts in runner.run():
        sizes += counts
        progress("found", int(counts.sum()))
    if int(sizes.sum()) != expected:
        raise AssertionError(f"internal error: the cells hold {int(sizes.sum())} regions, |chi(-1)| = {expected}")
    by_size = np.argsort(-sizes, kind="stable").tolist()
    for i in by_size:
        runner.submit(("cell", i), cell_task, i, str(directory), priority=int(sizes[i]))
    for i in by_size:
        runner.submit(("shard", i), shard_task, i, str(directory), priority=int(sizes[i]) + expected,
                      after=[("cell", i)] + [("cell", j) for _, j in plan.neighbours(i)])
    total = 0
    for (stage, i), regions in runner.run():
        if stage == "cell":
            progress("built", regions)
            continue
        if regions != sizes[i]:
            raise AssertionError(f"internal error: shard {i} holds {regions} regions, its cell {sizes[i]}")
        total += regions
        progress("written", regions)
    if total != expected:
        raise AssertionError(f"internal error: the shards hold {total} regions, |chi(-1)| = {expected}")


def from_regions(directory):
    """The :class:`~arrangement.Arrangement` stored in ``directory``, with its regions read from
    the shards instead of enumerated (:meth:`Arrangement.from_patterns <arrangement.Arrangement.from_patterns>`
    checks them again: exact witness signs, distinct patterns, count equal to ``|chi(-1)|``).
    Regions come back in the usual order (sorted by pattern)."""
    import pyarrow.parquet as pq
    from .arrangement import Arrangement
    from .parquet import table_regions
    directory = Path(directory)
    meta = _read_meta(directory)
    if not meta.get("complete"):
        raise DualcertError(f"{directory}: the enumeration is incomplete; rerun it to resume")
    X = [[Fraction(v) for v in row] for row in meta["X"]]
    n, d = len(X), (len(X[0]) if X else 0) + bool(meta["bias"])
    parts = [table_regions(pq.read_table(p), n, d) for p in sorted(directory.glob("part-*.parquet"))]
    try:
        P = np.concatenate([p for p, _ in parts]) if parts else np.zeros((0, n), np.int8)
        W = np.concatenate([w.astype(object) if any(v.dtype == object for _, v in parts) else w for _, w in parts]) \
            if parts else np.zeros((0, d), np.int64)
        return Arrangement.from_patterns(X, P, W, bias=meta["bias"])
    except DataError as exc:
        raise DualcertError(f"{directory}: the shards do not hold the regions of the stored data ({exc})") from None
