"""Dask plumbing shared by the out-of-core region enumeration (:mod:`arrangement.shards`) and
the batch campaigns: a client, and a runner that executes tasks here or on Dask workers.

Dask is imported only when a client is made, so the rest of the package starts without it.

>>> runner = Runner(None, 10)
>>> runner.submit("a", lambda plan, k: plan * k, 3)
>>> list(runner.run())
[('a', 30)]
"""

from __future__ import annotations

from .errors import DualcertError

__all__ = ["make_client", "Runner"]


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


class Runner:
    """Tasks here, one after another (``client=None``), or on Dask workers, with priorities
    (larger first) and dependencies; ``run`` yields ``(key, result)`` as tasks finish."""

    def __init__(self, client, plan):
        self.client = client
        self.shared = plan if client is None else client.scatter(plan, broadcast=True)
        self.futures = {}

    def submit(self, key, fn, *args, priority=0, after=()):
        if self.client is None:
            self.futures[key] = (fn, args)
        else:
            deps = [self.futures[a] for a in after]
            self.futures[key] = self.client.submit(fn, self.shared, *args, *deps, priority=priority, pure=False)

    def run(self):
        futures, self.futures = self.futures, {}
        if self.client is None:
            for key, (fn, args) in futures.items():
                yield key, fn(self.shared, *args)
            return
        from dask.distributed import as_completed
        key_of = {f.key: key for key, f in futures.items()}
        for future in as_completed(list(futures.values())):
            yield key_of[future.key], future.result()
