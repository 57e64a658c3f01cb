"""``dualcert regions --out DIR`` and ``dualcert batch``: work spread over Dask workers.

Both run on a LocalCluster of ``--workers N`` processes (default: one per core) or on an
existing scheduler (``--scheduler tcp://host:8786``).  Dask and pyarrow are imported only
when one of these commands runs.
"""

from __future__ import annotations

import json
import os
from collections import Counter

from arrangement import DualcertError

from .common import load_arrangement, make_directory, quiet_option

__all__ = ["add_distributed_arguments", "cmd_regions_out", "cmd_batch"]


def _client(args):
    from arrangement.distributed import make_client
    return make_client(workers=args.workers or os.cpu_count(), scheduler=args.scheduler)


def _cluster_arguments(p, positive) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument("--workers", type=positive, metavar="N",
                       help="a local Dask cluster of N worker processes (default: one per core)")
    group.add_argument("--scheduler", metavar="ADDRESS", help="an existing Dask scheduler, e.g. tcp://host:8786")


def cmd_regions_out(args) -> int:
    """Write the regions as Parquet shards into ``args.out`` (resuming an interrupted run)."""
    from arrangement.progress import progress_bar
    from arrangement.shards import write_regions
    A = load_arrangement(args.data, args.bias, getattr(args, "label", None))
    total = A.count_regions()
    with _client(args) as client, progress_bar(total, "regions", False if args.quiet else None) as bar:
        meta = write_regions(A, args.out, client=client, on_progress=bar.update_to)
    if args.proofs:
        from ..proofs.shards import write_shard_proofs
        meta["proofs"] = write_shard_proofs(args.out)
    if args.json:
        print(json.dumps({k: v for k, v in meta.items() if k != "X"}))
    else:
        print(f"{meta['n_regions']} regions (= |chi(-1)|, patterns distinct) in {meta['n_tasks']} Parquet "
              f"shards ({meta['split_hyperplanes']} splitting hyperplanes) in {args.out}"
              + (f", a proof per shard (check them with `dualcert check {args.out}`)" if args.proofs else ""))
    return 0


def cmd_batch(args) -> int:
    """Run a campaign of certify/solve tasks; rerunning skips the ids already in the results.
    The manifest and the output path are checked before the cluster starts."""
    from arrangement.progress import progress_bar
    from ..campaigns.batch import campaign_client, read_manifest, run_campaign, run_task
    from .common import writable_path
    tasks = read_manifest(args.manifest)
    n_tasks, run = len(tasks), run_task
    writable_path(args.output, "-o")
    if args.proofs is not None:
        from functools import partial
        from ..campaigns.task_proofs import proof_path
        for task in tasks:                               # every id must name a file before anything runs
            proof_path(args.proofs, task["id"])
        make_directory(args.proofs)
        run = partial(run_task, proofs=os.path.abspath(args.proofs))
    ran = []
    with campaign_client(workers=args.workers or os.cpu_count(), scheduler=args.scheduler) as client, \
            progress_bar(n_tasks, "tasks", False if args.quiet else None) as bar:
        rows = run_campaign(args.manifest, args.output, client=client, on_result=ran.append,
                            on_progress=lambda finished, _: bar.update_to(finished), max_tasks=args.max_tasks,
                            run=run)
    status = Counter(r["status"] for r in rows)
    print(f"{len(rows)} of {n_tasks} tasks have results in {args.output} ({len(ran)} run now): "
          + ", ".join(f"{k} {v}" for k, v in sorted(status.items())))
    return 0


def add_distributed_arguments(sub, regions_parser, positive) -> None:
    """Add ``--out/--workers/--scheduler`` to ``regions`` and the ``batch`` subcommand."""
    regions_parser.add_argument("--out", metavar="DIR", help="write the regions as Parquet shards into DIR "
                                "(distributed over Dask workers; rerun to resume)")
    regions_parser.add_argument("--proofs", action="store_true", help="with --out DIR: also write a proof "
                                "per shard, part-iiiii.proof.json (check them together with `dualcert check DIR`)")
    _cluster_arguments(regions_parser, positive)
    in_memory = regions_parser.get_default("func")

    def regions(args):
        if args.out == "":
            raise DualcertError("--out needs a directory name")
        if args.out is not None:
            return cmd_regions_out(args)
        if args.workers or args.scheduler or args.proofs:
            raise DualcertError("--workers, --scheduler and --proofs need --out DIR")
        return in_memory(args)
    regions_parser.set_defaults(func=regions)
    p = sub.add_parser("batch", help="run a manifest of certify/solve tasks on Dask workers (resumable)",
                       description="run a manifest of certify/solve tasks on Dask workers (resumable)",
                       parents=[quiet_option()])
    p.add_argument("manifest", metavar="MANIFEST", help="CSV or JSON: id, data, bias, task (certify|solve), dual, lam")
    p.add_argument("-o", "--output", required=True, metavar="RESULTS.parquet", help="results (one row per task)")
    p.add_argument("--proofs", metavar="DIR", help="also write a proof file DIR/<id>.json per task "
                   "(check them all with `dualcert check DIR`)")
    p.add_argument("--max-tasks", type=positive, metavar="N", help="run at most N new tasks, then stop")
    _cluster_arguments(p, positive)
    p.set_defaults(func=cmd_batch)
