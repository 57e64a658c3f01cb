"""Resumable batch campaigns: many ``certify``/``solve`` tasks, one result row each.

A manifest (CSV with a header, or JSON: a list of objects or ``{"tasks": [...]}``) has the
columns ``id`` (unique), ``data`` (a CSV/JSON file, relative to the manifest, or a built-in
name), ``bias`` (true/false), ``task`` (``certify`` or ``solve``), ``dual`` (comma-separated
rationals, for ``certify``) and ``lam`` (for ``solve``; optional for ``certify``).

Results go to a Parquet file with the columns of :data:`COLUMNS`.  Every finished task is
first written as its own one-row part file ``RESULTS.parquet.parts/<key>.parquet`` (temporary
name, then rename), and the parts are merged into ``RESULTS.parquet`` (again atomically)
at the end, so an interrupted campaign loses at most the tasks that were running.  Running
the campaign again skips every id that has a row (rows of ids removed from the manifest are kept).  A task that raises gives a row with status
``error`` and the message; the others go on.  ``sup_abs_eta_squared`` is exact (a rational
string); it is empty when the end-game proved feasibility without an exact rational value.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     m = pathlib.Path(tmp, "m.csv")
...     _ = m.write_text("id,data,bias,task,dual,lam\\na,xor,true,solve,,1/10\\nb,xor,true,certify,2,\\n")
...     rows = run_campaign(m, pathlib.Path(tmp, "r.parquet"))
>>> [(r["id"], r["n_atoms"], r["sup_abs_eta_squared"], r["error"]) for r in rows]
[('a', 3, '1', None), ('b', None, None, 'DataError: p has 1 entries but there are 4 data points')]
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import time
from pathlib import Path

from arrangement import DataError

__all__ = ["COLUMNS", "read_manifest", "run_task", "run_campaign"]

COLUMNS = ("id", "task", "status", "objective", "n_atoms", "support_bound", "unique",
           "sup_abs_eta_squared", "seconds", "error")
_TRUE, _FALSE = {"true", "1", "yes", "y"}, {"false", "0", "no", "n", ""}


def read_manifest(path) -> list:
    """The tasks of a CSV or JSON manifest as dicts of strings (ids checked unique); ``base`` is
    the manifest's folder, against which data file names are resolved.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     m = pathlib.Path(tmp, "m.json")
    ...     _ = m.write_text('[{"id": "a", "data": "xor", "task": "solve", "lam": "1/10"}]')
    ...     [(t["id"], t["task"], t["lam"]) for t in read_manifest(m)]
    [('a', 'solve', '1/10')]
    """
    path = Path(path)
    try:
        text = path.read_text()
    except OSError as exc:
        raise DataError(f"cannot read manifest {path}: {exc.strerror}") from None
    if path.suffix.lower() == ".json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataError(f"{path}: not valid JSON ({exc})") from None
        rows = obj.get("tasks") if isinstance(obj, dict) else obj
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise DataError(f'{path}: expected a list of tasks or {{"tasks": [...]}}')
    else:
        rows = list(csv.DictReader(text.splitlines()))
    tasks, seen = [], set()
    for k, row in enumerate(rows):
        row = {key.strip(): ("" if v is None else str(v).strip()) for key, v in row.items() if key}
        if not row.get("id"):
            raise DataError(f"{path}: task {k + 1} has no id")
        if row["id"] in seen:
            raise DataError(f"{path}: id {row['id']!r} appears twice")
        seen.add(row["id"])
        row["base"] = str(path.parent)
        tasks.append(row)
    return tasks


def _flag(text: str) -> bool:
    if text.lower() not in _TRUE | _FALSE:
        raise DataError(f"bias must be true or false, got {text!r}")
    return text.lower() in _TRUE


def _data_source(row: dict) -> str:
    path = Path(row["base"], row.get("data", ""))
    return str(path) if row.get("data") and path.exists() else row.get("data", "")


def _squared(text):
    """``sup |eta|`` as reported by the end-game (exact when rational, e.g. ``'1'``) squared, else None."""
    from fractions import Fraction
    try:
        return str(Fraction(text) ** 2)
    except (TypeError, ValueError):
        return None


def run_task(row: dict) -> dict:
    """Run one manifest task; every failure becomes a row with status ``error`` and its message.

    >>> row = run_task({"id": "p0", "data": "xor", "bias": "true", "task": "certify", "dual": "0,0,0,0", "base": "."})
    >>> row["status"], row["sup_abs_eta_squared"], row["support_bound"]     # eta = 0: feasible, Ext empty
    ('feasible', '0', 0)
    """
    from arrangement.data import rational
    from .cli.solve import dual_vector, load_arrangement
    start = time.perf_counter()
    out = dict.fromkeys(COLUMNS)
    out.update(id=row["id"], task=row.get("task", ""))
    try:
        A = load_arrangement(_data_source(row), _flag(row.get("bias", "")))
        lam = rational(row["lam"], "lambda") if row.get("lam") else None
        if out["task"] == "solve":
            from .solver import solve
            s = solve(A, lam=lam, progress=False)
            cert = s.certificate
            out.update(status=s.status, objective=float(s.objective), n_atoms=len(s.atoms))
        elif out["task"] == "certify":
            from .certificate import Certificate
            A.regions(progress=False)
            cert = Certificate(A, dual_vector(row.get("dual", ""), A.n), y=A.y, lam=lam).report()
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
    return pa.schema([("id", pa.string()), ("task", pa.string()), ("status", pa.string()),
                      ("objective", pa.float64()), ("n_atoms", pa.int64()), ("support_bound", pa.int64()),
                      ("unique", pa.bool_()), ("sup_abs_eta_squared", pa.string()),
                      ("seconds", pa.float64()), ("error", pa.string())])


def _write_rows(rows: list, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    pq.write_table(pa.Table.from_pylist(rows, schema=_schema()), tmp)
    os.replace(tmp, path)


def _finished(results: Path, parts: Path) -> dict:
    import pyarrow.parquet as pq
    files = ([results] if results.exists() else []) + sorted(parts.glob("*.parquet"))
    return {row["id"]: row for f in files for row in pq.read_table(f).to_pylist()}


def run_campaign(manifest, results, client=None, on_result=None, max_tasks=None) -> list:
    """Run every task of ``manifest`` that has no row in ``results`` yet; return all rows in
    manifest order.  ``client``: a ``dask.distributed.Client`` (None: here, in order);
    ``on_result(row)`` after each task; ``max_tasks``: stop after that many new tasks."""
    results = Path(results)
    parts = results.with_name(results.name + ".parts")
    parts.mkdir(parents=True, exist_ok=True)
    tasks = read_manifest(manifest)
    done = _finished(results, parts)
    todo = [t for t in tasks if t["id"] not in done][:max_tasks]

    def record(row):
        _write_rows([row], parts / (hashlib.sha1(row["id"].encode()).hexdigest() + ".parquet"))
        done[row["id"]] = row
        if on_result is not None:
            on_result(row)

    if client is None:
        for t in todo:
            record(run_task(t))
    else:
        from dask.distributed import as_completed
        for future in as_completed(client.map(run_task, todo, pure=False)):
            record(future.result())
    listed = {t["id"] for t in tasks}
    rows = [done[t["id"]] for t in tasks if t["id"] in done] + \
        [done[i] for i in sorted(done) if i not in listed]          # rows of ids no longer listed stay
    _write_rows(rows, results)
    for f in parts.glob("*.parquet"):
        f.unlink()
    return rows
