"""``dualcert solve --standardize``: z-scores as exact decimals, recorded beside the answer."""

from __future__ import annotations

from arrangement import Arrangement, DataError
from arrangement.standardize import standardize

from .common import read_data

__all__ = ["add_standardize_arguments", "standardized_arrangement", "standardization_text"]


def add_standardize_arguments(p) -> None:
    p.add_argument("--standardize", action="store_true",
                   help="replace every feature by its z-score, rounded to exact decimals (recorded in the output)")
    p.add_argument("--standardize-labels", action="store_true", help="with --standardize: the labels too")
    p.add_argument("--decimals", type=int, default=None, metavar="K",
                   help="decimal places kept by --standardize (default 3)")


def standardized_arrangement(args):
    """``(arrangement, record)`` of the command's DATA: standardised when asked (record ``None`` otherwise)."""
    data = read_data(args.data, getattr(args, "label", None))
    record = None
    if getattr(args, "standardize", False) or getattr(args, "standardize_labels", False):
        places = {} if args.decimals is None else {"decimals": args.decimals}    # else standardize's default
        data, record = standardize(data, labels=args.standardize_labels, **places)
    elif getattr(args, "decimals", None) is not None:    # it would be ignored without a word
        raise DataError("--decimals K rounds the z-scores of --standardize; give --standardize too")
    return Arrangement(data, bias=args.bias), record


def standardization_text(record) -> str:
    """One line per standardised column: its mean and scale, and the rounding."""
    lines = [f"standardized ({record['method']}; {record['rounding']}):"]
    for column in record["columns"] + ([record["labels"]] if record["labels"] else []):
        lines.append(f"  {column['name']}: mean {column['mean']}, scale {column['scale']}")
    return "\n".join(lines) + "\n"
