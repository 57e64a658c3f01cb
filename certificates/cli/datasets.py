"""``dualcert datasets``: every built-in data set, with its size, task and source."""

from __future__ import annotations

__all__ = ["add_datasets_command", "catalogue_rows"]

_SYNTHETIC = "synthetic (arrangement.datasets)"


def catalogue_rows() -> list:
    """The built-ins as dicts ``name, n, d, task, source``: the synthetic families (sizes
    depending on K) then the real data sets of :mod:`arrangement.real_data`."""
    from arrangement import datasets
    from arrangement.real_data import catalogue
    rows = []
    for family, build in datasets._FAMILIES.items():
        summary = (build.__doc__ or "").strip().splitlines()[0].rstrip(".")
        rows.append({"name": f"{family}:K", "n": "K-dependent", "d": "K", "task": "unlabelled",
                     "source": f"{_SYNTHETIC}: {summary}"})
    xor = datasets.builtin("xor")
    rows.append({"name": "xor", "n": xor.n, "d": xor.d, "task": "labels 0/1", "source": f"{_SYNTHETIC}: XOR"})
    return rows + catalogue()


def cmd_datasets(args) -> int:
    from .common import json_text, text_table
    rows = catalogue_rows()
    if args.json:
        print(json_text({"datasets": rows}))
        return 0
    print(text_table([[r[k] for k in ("name", "n", "d", "task", "source")] for r in rows],
                 ("name", "n", "d", "task", "source")))
    print("\nfeature subsets: NAME[feature,feature,...], e.g. 'iris:versicolor-virginica[petal_length,petal_width]'"
          " (quote it in the shell); features are listed in the documentation's Real data page")
    return 0


def add_datasets_command(sub) -> None:
    p = sub.add_parser("datasets", help="list the built-in data sets", description="list the built-in data sets "
                       "(name, points n, dimension d, task, source)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_datasets)
