"""Resumable batch campaigns: many ``certify``/``solve`` tasks, one result row each.

The manifest (:mod:`certificates.campaigns.manifest`: columns ``id, data, bias, task, dual, lam``) is
read and checked completely before any task runs.  Results go to a Parquet file with the
columns of :data:`COLUMNS`.  Finished tasks are written at once as a small part file
``RESULTS.parquet.parts/<time>.parquet`` (temporary name, then rename; one row, or the rows of
all tasks that finished together), and the parts are merged into ``RESULTS.parquet`` (again
atomically) at the end, so an interrupted campaign (Ctrl-C,
``kill -9``, a lost machine) loses at most the tasks that were running.  Running the campaign
again skips every id that has a row (rows of ids removed from the manifest are kept).

Failures: a task that raises gives a row with status ``error`` and the message; the others go
on.  A task whose worker process dies (a crash, the memory limit) is rerun by Dask on a
replacement worker; when its workers die more than ``distributed.scheduler.allowed-failures``
times (default 3) it gets an ``error`` row starting ``KilledWorker:`` and the campaign goes on;
such a task, and only such a task, is tried again when the campaign is rerun.  Each task is
recorded once: the driver writes a row only when Dask reports the task's single future done.
``sup_abs_eta_squared`` is exact (a rational string); it is empty when the end-game proved
feasibility without an exact rational value.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     m = pathlib.Path(tmp, "m.csv")
...     _ = m.write_text("id,data,bias,task,dual,lam\\na,xor,true,solve,,1/10\\nb,xor,true,certify,2,\\n")
...     rows = run_campaign(m, pathlib.Path(tmp, "r.parquet"))
>>> [(r["id"], r["n_atoms"], r["sup_abs_eta_squared"], r["error"]) for r in rows]
[('a', 3, '1', None), ('b', None, None, 'DataError: p has 1 entries but there are 4 data points')]
"""

from __future__ import annotations

import time
from pathlib import Path

from arrangement import DataError
from arrangement.atomic import write_atomically

from .manifest import flag, read_manifest, resolve
from .task_proofs import write_task_proof

__all__ = ["COLUMNS", "read_manifest", "run_task", "run_campaign", "campaign_client"]

COLUMNS = ("id", "task", "status", "objective", "n_atoms", "support_bound", "unique",
           "sup_abs_eta_squared", "seconds", "error")
_KILLED = "KilledWorker: "


def _squared(text):
    """``sup |eta|`` as reported by the end-game (exact when rational, e.g. ``'1'``) squared, else None."""
    from fractions import Fraction
    try:
        return str(Fraction(text) ** 2)
    except (TypeError, ValueError):
        return None


def run_task(row: dict, proofs=None) -> dict:
    """Run one manifest task; every failure becomes a row with status ``error`` and its message.
    ``proofs``: a directory that gets the task's proof file ``<id>.json`` (written atomically;
    :func:`certificates.campaigns.task_proofs.write_task_proof`), checkable with ``dualcert check``.

    >>> row = run_task({"id": "p0", "data": "xor", "bias": "true", "task": "certify", "dual": "0,0,0,0", "base": "."})
    >>> row["status"], row["sup_abs_eta_squared"], row["support_bound"]     # eta = 0: feasible, Ext empty
    ('feasible', '0', 0)
    """
    from arrangement import Arrangement
    from arrangement.data import load_data, load_vector
    from arrangement.numbers import rational
    start = time.perf_counter()
    out = dict.fromkeys(COLUMNS)
    out.update(id=row["id"], task=row.get("task", ""))
    try:
        A = Arrangement(load_data(resolve(row, "data")), bias=flag(row.get("bias", "")))
        lam = rational(row["lam"], "lambda") if row.get("lam") else None
        if out["task"] == "solve":
            from ..solver import solve
            s = solve(A, lam=lam, progress=False)
            if proofs is not None:
                write_task_proof(proofs, row["id"], "solution", A, s)
            cert = s.certificate
            out.update(status=s.status, objective=float(s.objective), n_atoms=len(s.atoms))
        elif out["task"] == "certify":
            from ..dual.certificate import Certificate
            from ..results.build import certificate_report
            A.regions(progress=False)
            certificate = Certificate(A, load_vector(resolve(row, "dual"), A.n), y=A.y, lam=lam)
            if proofs is not None:
                write_task_proof(proofs, row["id"], "certificate", certificate)
            cert = certificate_report(certificate).to_json()
            out["status"] = "feasible" if cert["feasible"] else "infeasible"
        else:
            raise DataError(f"task must be certify or solve, got {out['task']!r}")
        out.update(support_bound=cert.get("support_bound"), unique=cert.get("unique"),
                   sup_abs_eta_squared=cert.get("sup_abs_eta_squared") or _squared(cert.get("sup_abs_eta")))
    except Exception as exc:                             # noqa: BLE001 - recorded, the campaign goes on
        out.update(status="error", error=f"{type(exc).__name__}: {exc}".splitlines()[0])
    out["seconds"] = time.perf_counter() - start
    return out


def _schema():
    import pyarrow as pa
    types = {"objective": pa.float64(), "n_atoms": pa.int64(), "support_bound": pa.int64(),
             "unique": pa.bool_(), "seconds": pa.float64()}
    return pa.schema([(name, types.get(name, pa.string())) for name in COLUMNS])


def _write_rows(rows: list, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    write_atomically(path, lambda f: pq.write_table(pa.Table.from_pylist(rows, schema=_schema()), f))


def _finished(results: Path, parts: Path) -> dict:
    """The rows written so far by id: the merged results, then the part files of an interrupted
    run in the order they were written (a later row of the same id replaces an earlier one)."""
    import pyarrow.parquet as pq
    files = ([results] if results.exists() else []) + sorted(parts.glob("*.parquet"))
    return {row["id"]: row for f in files for row in pq.read_table(f).to_pylist()}


def _killed_row(task: dict, exc) -> dict:
    """The row of a task whose workers all died (Dask's ``KilledWorker``)."""
    row = dict.fromkeys(COLUMNS) | {"id": task["id"], "task": task["task"], "status": "error"}
    row["error"] = (f"{_KILLED}the worker running this task died {exc.allowed_failures + 1} times "
                    "(a crash or out of memory); rerun the campaign to try it again")
    return row


def campaign_client(workers=None, scheduler=None, processes=True):
    """A Dask client for campaigns: an existing scheduler by address, or a LocalCluster of
    ``workers`` single-threaded workers whose scheduler gives each worker one task at a time
    (``worker-saturation`` 1.0), so that when a worker dies only the task it was running is
    blamed and rerun, never a task merely queued behind it.  Use it in a ``with`` block."""
    import dask
    import distributed  # noqa: F401 - its defaults must be loaded before the override, which restores them on exit
    from arrangement.distributed import make_client
    with dask.config.set({"distributed.scheduler.worker-saturation": 1.0}):
        return make_client(workers=workers, scheduler=scheduler, processes=processes)


def run_campaign(manifest, results, client=None, on_result=None, on_progress=None, max_tasks=None,
                 run=run_task) -> list:
    """Run every task of ``manifest`` that has no row in ``results`` yet (or whose workers died);
    return all rows, in manifest order.

    ``client``: a ``dask.distributed.Client`` (None: here, in order; see :func:`campaign_client`);
    ``on_result(row)`` after each task; ``on_progress(tasks_with_rows, tasks)`` at the start and
    after each task (for a progress bar); ``max_tasks``: stop after that many new tasks; ``run``:
    the function turning a manifest row into a result row (default :func:`run_task`)."""
    results = Path(results)
    parts = results.with_name(results.name + ".parts")
    tasks = read_manifest(manifest)
    try:
        parts.mkdir(parents=True, exist_ok=True)
    except OSError as exc:                         # /proc, no permission
        raise DataError(f"cannot make the directory {parts}: {exc.strerror}") from None
    done = _finished(results, parts)
    pending = [t for t in tasks if t["id"] not in done or (done[t["id"]]["error"] or "").startswith(_KILLED)]
    todo, finished = pending[:max_tasks], len(tasks) - len(pending)

    def record(rows):
        nonlocal finished
        _write_rows(rows, parts / f"{time.time_ns():020d}.parquet")     # names sort in time order
        for row in rows:
            done[row["id"]] = row
            finished += 1
            if on_result is not None:
                on_result(row)
            if on_progress is not None:
                on_progress(finished, len(tasks))

    if on_progress is not None:
        on_progress(finished, len(tasks))
    if client is None:
        for t in todo:
            record([run(t)])
    else:
        from dask.distributed import KilledWorker, as_completed
        futures = client.map(run, todo, pure=False)
        task_of = {f.key: t for f, t in zip(futures, todo)}
        # the results that arrived together share one part file: the driver keeps up with many workers
        for batch in as_completed(futures).batches():
            rows = []
            for future in batch:
                try:
                    rows.append(future.result())
                except KilledWorker as exc:
                    rows.append(_killed_row(task_of[future.key], exc))
            record(rows)
    listed = {t["id"] for t in tasks}
    rows = [done[t["id"]] for t in tasks if t["id"] in done] + \
        [done[i] for i in sorted(done) if i not in listed]          # rows of ids no longer listed stay
    _write_rows(rows, results)
    for f in parts.iterdir():                 # the parts, and temporary files of killed writers
        f.unlink()
    parts.rmdir()
    return rows
