"""Every script in examples/ runs and prints its evidence."""

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.py"))


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs(script, tmp_path):
    args = [sys.executable, str(script)]
    if "--quick" in script.read_text():    # a reduced run for the suite (the full one writes docs)
        args.append("--quick")
    if "\"-o\" in sys.argv" in script.read_text():
        args += ["-o", str(tmp_path / "figure.png")]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr and proc.stdout.strip()
    if "-o" in args:
        assert (tmp_path / "figure.png").stat().st_size > 1000
