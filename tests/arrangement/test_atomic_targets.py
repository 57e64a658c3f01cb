"""Atomic writes onto what is not a plain file: a device, a named pipe, a symbolic link."""

import os
import stat
import subprocess
import sys

import pytest

from arrangement.atomic import write_atomically


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_a_named_pipe_is_written_into_not_replaced(tmp_path):
    """`--proof /dev/stdout` or `/dev/null` (run as root, /dev writable): the rename put a regular
    file in place of the device, for every later program.  A named pipe stands in for the device."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_atomically(pipe, lambda handle: handle.write("through the pipe"), "w")
        assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
        assert os.read(reader, 100) == b"through the pipe"
    finally:
        os.close(reader)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]        # no temporary left


def test_a_symbolic_link_is_written_through(tmp_path):
    """The link stays a link to the file it names, and that file gets the new text."""
    (tmp_path / "real.json").write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to("real.json")
    write_atomically(link, lambda handle: handle.write("new"), "w")
    assert link.is_symlink() and os.readlink(link) == "real.json"
    assert (tmp_path / "real.json").read_text() == "new"
    (tmp_path / "real.json").unlink()                  # a dangling link: its target is made
    write_atomically(link, lambda handle: handle.write("again"), "w")
    assert link.is_symlink() and (tmp_path / "real.json").read_text() == "again"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_proof_into_a_named_pipe_from_the_command_line(tmp_path):
    """`dualcert solve ... --proof PIPE` (as `--proof /dev/stdout` in a pipeline): the proof goes
    down the pipe, which stays a pipe."""
    pipe = tmp_path / "proof.pipe"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    try:
        done = subprocess.run([sys.executable, "-m", "certificates", "solve", "xor", "--bias", "--lam", "1",
                               "--quiet", "--json", "--proof", str(pipe)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
        received = os.read(reader, 1 << 16).decode()
    finally:
        os.close(reader)
    assert received.startswith('{"format":') and '"status": "exact"' in done.stdout
