"""Every notebook in notebooks/ runs top to bottom in a fresh depthlab kernel with nbclient."""
import glob
import os

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "..", "..", "notebooks", "*.ipynb")))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=os.path.basename)
def test_notebook_runs_without_error(path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name="depthlab", timeout=120, resources={"metadata": {"path": os.path.dirname(path)}}).execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code)
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert errors == []
    assert any(o.output_type == "execute_result" for o in code[-1].outputs), "the last cell shows no result"
