"""The documentation site builds with warnings as errors, and its pages stay in step with the code."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_site_builds_strictly(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "docs" / "mkdocs.yml"),
                           "-d", str(tmp_path / "site")], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    api = (tmp_path / "site" / "api" / "index.html").read_text()
    assert "OptimalitySystem" in api and "region_witnesses" in api and "language-pycon" in api


def test_every_module_is_in_the_api_reference():
    listed = set(re.findall(r"^::: ([\w.]+)$", (ROOT / "docs" / "pages" / "api.md").read_text(), re.M))
    modules = {".".join(path.relative_to(ROOT).with_suffix("").parts) for pkg in ("arrangement", "certificates")
               for path in (ROOT / pkg).rglob("*.py") if not path.stem.startswith("_")}
    private = {"arrangement.progress"} | {m for m in modules if m.startswith("certificates.cli.")}
    assert modules - private <= listed


def test_every_command_is_documented():
    from certificates.cli import build_parser
    commands = build_parser()._subparsers._group_actions[0].choices
    page = (ROOT / "docs" / "pages" / "cli.md").read_text()
    assert all(f"`dualcert {name}" in page for name in commands)
