"""The notebooks in notebooks/: committed without outputs, and runnable by Jupyter's own client.

Every notebook is executed top to bottom in a fresh kernel by the textbook build (test/browser/book.test.ts, part
of `npm test`), which fails on any error or failing check cell. Here nbclient, Jupyter's reference client, runs the
welcome notebook, so the kernel is also checked against the client JupyterLab and nbconvert use.
"""
import glob
import os

import nbformat
import pytest
from nbclient import NotebookClient

HERE = os.path.join(os.path.dirname(__file__), "..", "..", "notebooks")
NOTEBOOKS = sorted(glob.glob(os.path.join(HERE, "*.ipynb")))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=os.path.basename)
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "depthlab"
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {i} has outputs"
            assert cell.execution_count is None, f"cell {i} has an execution count"


def test_welcome_notebook_runs_with_nbclient():
    path = os.path.join(HERE, "00-welcome.ipynb")
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name="depthlab", timeout=120, resources={"metadata": {"path": HERE}}).execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code)
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert errors == []
    plots = [o for c in code for o in c.outputs if "application/vnd.plotly.v1+json" in o.get("data", {})]
    assert plots, "the plot cell shows a plotly figure"
    assert any(o.output_type == "execute_result" for o in code[-1].outputs), "the last cell shows no result"
