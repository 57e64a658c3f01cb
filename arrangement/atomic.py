"""Files written atomically (a temporary file in the same folder, then a rename), so that a reader
or an interrupted run never sees half a file."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

__all__ = ["write_atomically"]


def _umask() -> int:
    """The process's umask (reading it means setting it: set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(path, write, mode: str = "wb") -> None:
    """Call ``write(handle)`` on a temporary file in ``path``'s folder, then rename it to
    ``path``: readers see the old file or the whole new one, never a part.  The temporary name
    starts with ``.`` and ends with ``.tmp`` (Parquet readers skip it); it is removed when
    ``write`` fails.  The file gets the mode a plain ``open`` would give it (``0o666`` less the
    umask), not the private ``0o600`` of temporary files.  A symbolic link is written through (its
    target is replaced, the link stays), and a path that is not a regular file (``/dev/stdout``,
    ``/dev/null``, a named pipe) is written straight into: a rename would put a file in place of
    the device or pipe.

    >>> import pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp(), "a.txt")
    >>> write_atomically(target, lambda f: f.write("done"), "w"); target.read_text()
    'done'
    """
    try:
        kind = os.stat(path).st_mode
        special = not (stat.S_ISREG(kind) or stat.S_ISDIR(kind))
    except FileNotFoundError:
        special = False
    if special:
        with open(path, mode) as handle:
            write(handle)
        return
    path = Path(os.path.realpath(path))
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode) as handle:
            write(handle)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
