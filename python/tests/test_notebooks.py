"""The example notebooks run end to end (nbclient, a fresh kernel each)."""
import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("name,figures", [("compare_kenli.ipynb", 2), ("staffing_sweep.ipynb", 1)])
def test_notebook_runs(name, figures, root, tmp_path, monkeypatch):
    monkeypatch.setenv("GOVSIM_ROOT", str(root))
    monkeypatch.setenv("GOVSIM_OUT", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(EXAMPLES / name, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(EXAMPLES)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == figures, "the notebook draws its plots"
