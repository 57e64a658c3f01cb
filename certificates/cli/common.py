"""What the commands share: reading DATA, checking output paths before any work, strict JSON,
and the one status line on stderr.  No mathematics."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from arrangement import Arrangement, DataError
from arrangement.data import load_data
from arrangement.files import read_data_text

__all__ = ["refuse_overwriting_the_data", "make_directory", "text_table", "add_latex_options", "latex_output", "load_arrangement", "read_data", "data_origin", "labelled_arrangement", "writable_path", "json_text", "status_line",
           "iteration_line", "region_options", "quiet_option", "PICTURE_SUFFIXES"]

PICTURE_SUFFIXES = (".png", ".svg", ".pdf")


def quiet_option() -> argparse.ArgumentParser:
    """``--quiet``, for argparse's ``parents=`` (declared once for every command)."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--quiet", action="store_true", help="no progress output")
    return p


def region_options(positive) -> argparse.ArgumentParser:
    """``--max-regions N`` and ``--quiet``: the options of every command that enumerates regions.

    >>> region_options(int).parse_args(["--max-regions", "5"])
    Namespace(quiet=False, max_regions=5)
    """
    p = argparse.ArgumentParser(add_help=False, parents=[quiet_option()])
    p.add_argument("--max-regions", type=positive, metavar="N", help="stop if there are more than N regions")
    return p


STDIN = "-"


def data_origin(source: str) -> str:
    """DATA as error messages name it."""
    return "standard input" if source == STDIN else source


def read_data(source: str, label: str | None = None):
    """DATA of the command line: a CSV/JSON file, a built-in name (``threshold:3``, ...) or ``-``,
    the text of standard input (JSON when it starts with ``{`` or ``[``, else CSV: the rules of
    files); ``label``: the CSV column of the labels (``--label``, default ``y``)."""
    if source != STDIN:
        return load_data(source, label)
    if sys.stdin is None:   # started with standard input closed
        raise DataError("DATA is -, but standard input is closed")
    try:
        text = sys.stdin.buffer.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"cannot read standard input: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise DataError(f"cannot read standard input: {exc.strerror or exc}") from None
    return read_data_text(text, data_origin(source), label)


def load_arrangement(source: str, bias: bool, label: str | None = None) -> Arrangement:
    """The arrangement of DATA (:func:`read_data`)."""
    return Arrangement(read_data(source, label), bias=bias)


OUTPUT_FILE_OPTIONS = (("proof", "--proof"), ("output", "-o"), ("graph", "--graph"), ("meta", "--meta"),
                       ("html", "--html"))


def refuse_overwriting_the_data(args) -> None:
    """Refuse a command whose output file is its own data file (it would be replaced by the
    output before anyone noticed)."""
    data = getattr(args, "data", None)
    if not isinstance(data, str) or data == STDIN or not Path(data).is_file():
        return
    for attribute, option in OUTPUT_FILE_OPTIONS:
        target = getattr(args, attribute, None)
        if isinstance(target, str) and Path(target).exists() and Path(target).samefile(data):
            raise DataError(f"{option} {target}: is the data file; give another file name")


def writable_path(text: str, option: str, suffixes: tuple = ()) -> Path:
    """An output file named on the command line, checked before any computation: a known
    suffix, an existing writable directory, not a directory itself."""
    path = Path(text)
    if suffixes and path.suffix.lower() not in suffixes:
        raise DataError(f"{option} {text}: the file must end in {', '.join(suffixes[:-1])} or {suffixes[-1]}")
    parent = path.parent
    if path.is_dir():
        raise DataError(f"{option} {text}: is a directory; give a file name")
    if path.exists() and not path.is_file() and os.access(path, os.W_OK):
        return path    # /dev/stdout, /dev/null, a named pipe: written into, its folder untouched
    if not parent.is_dir():
        raise DataError(f"{option} {text}: no such directory {parent}")
    if not os.access(parent, os.W_OK):
        raise DataError(f"{option} {text}: the directory {parent} is not writable")
    return path


def _undefined_to_null(obj):
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, dict):
        return {k: _undefined_to_null(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_undefined_to_null(v) for v in obj]
    return obj


def json_text(obj) -> str:
    """Strict JSON (no NaN or Infinity): an undefined number (inf, nan) is written as null."""
    return json.dumps(_undefined_to_null(obj), allow_nan=False)


@contextmanager
def status_line(quiet: bool, text):
    """A callback that shows ``text(*args)`` on one line of stderr, rewritten at every call (on
    a terminal, unless ``quiet``) and ended by a newline; ``None`` otherwise."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    shown = []

    def show(*args):
        shown.append(args)
        print(f"\r{text(*args)}   ", end="", file=sys.stderr, flush=True)
    try:
        yield show
    finally:
        if shown:
            print(file=sys.stderr)


def iteration_line(quiet: bool):
    """A callback for ``solve(on_iteration=...)``: column generation's progress (:func:`status_line`)."""
    return status_line(quiet, lambda k, cones, bound:
                       f"column generation: iteration {k}, {cones} cones, sup eta^2 <= {bound:.6g}")


def labelled_arrangement(args):
    """The data of ``args.data`` with their labels (an error without), regions enumerated
    within ``--max-regions`` (progress bar unless ``--quiet``)."""
    A = load_arrangement(args.data, args.bias, getattr(args, "label", None))
    if A.y is None:
        raise DataError(f"{data_origin(args.data)}: no labels (add a y column to the CSV, or \"y\" to the JSON)")
    A.regions(max_regions=args.max_regions, progress=False if args.quiet else None)
    return A


def add_latex_options(p) -> None:
    """``--latex`` and ``--standalone`` of the commands that print a report."""
    p.add_argument("--latex", action="store_true", help="LaTeX instead of Markdown (preamble: "
                   "\\usepackage{amsmath,booktabs})")
    p.add_argument("--standalone", action="store_true", help="a complete LaTeX document (implies --latex)")


def latex_output(body: str, args) -> str:
    """The LaTeX of a report, as a complete document with ``--standalone``."""
    if getattr(args, "standalone", False):
        from ..report.tex import document
        return document(body)
    return body


def text_table(rows, header) -> str:
    """Rows as a plain-text table with a header line, columns padded to their widest entry."""
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    fmt = "  ".join("{:<%d}" % w for w in widths)
    return "\n".join(line.rstrip() for line in [fmt.format(*header), fmt.format(*("-" * w for w in widths))]
                     + [fmt.format(*map(str, row)) for row in rows])


def make_directory(path) -> None:
    """The directory of ``--proofs DIR``, made before any computation (a bad path fails at once)."""
    if not path:
        raise DataError("--proofs needs a directory name")
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as exc:                         # a file on the way, /proc, no permission
        raise DataError(f"cannot make the directory {path}: {exc.strerror}") from None
