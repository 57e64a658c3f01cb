"""The tutorial notebook docs/tutorial.ipynb runs from top to bottom in a fresh kernel (the
``python3`` kernel of ipykernel installed beside the package), and every result shows as a table."""

import json
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "tutorial.ipynb"


def test_tutorial_notebook_runs_and_shows_tables(tmp_path, monkeypatch):
    # the kernel "python3" is this interpreter (with this dualcert), whatever other kernels the
    # machine has: a kernelspec first on JUPYTER_PATH
    spec = tmp_path / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    shown, pictures = {}, set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            assert output.output_type != "error", output
            if output.output_type == "execute_result":
                shown[cell.source.splitlines()[-1]] = output.data
            if "image/png" in output.get("data", {}):
                pictures.add(cell.source.splitlines()[-1])
    for name in ("A", "A.regions()[0]", "C", "s", "path"):
        data = shown[name]
        assert "<table>" in data["text/html"] and "|---|" in data["text/markdown"], name
        assert "\n" not in data["text/plain"], name          # a one-line repr
    # p_2 = sqrt(2) (the radical form the report shows), and the exact optimal value (the dual
    # objective at the exact p) agrees with the float primal objective of the atoms
    assert shown["s.p_exact[1] == sympy.sqrt(2), abs(float(s.objective_exact) - s.objective) < 1e-9"][
        "text/plain"] == "(True, True)"
    assert pictures >= {"A.plot()", "C.plot()", "s.plot()", "path.plot()"}, pictures   # drawn inline
    # the certificate of the hat: sup |eta| = 1, unique minimiser (the demo's published values)
    assert "unique minimiser | yes" in shown["C"]["text/markdown"]
    assert "≈" in shown["s"]["text/markdown"]                 # decimals beside the exact numbers
