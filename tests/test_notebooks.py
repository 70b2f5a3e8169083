"""Every notebook in notebooks/ runs top to bottom on a fresh kernel, with no error output,
within a minute, and is committed with its outputs cleared."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
KERNEL = "python3"
LIMIT = 60.0  # seconds per notebook


def test_there_are_notebooks():
    assert [p.name for p in NOTEBOOKS][:1] == ["01_sichuan_2016_plan.ipynb"]


def test_python3_kernel_spec_starts_this_interpreter():
    spec = KernelSpecManager().get_kernel_spec(KERNEL)
    # jupyter_client replaces a bare "python" with sys.executable when it starts the kernel
    assert spec.argv[0] in {"python", "python3", sys.executable}, spec.argv


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(path):
    cells = json.loads(path.read_text("utf-8"))["cells"]
    assert all(c.get("id") for c in cells)  # nbformat 4.5 (reading adds missing ids, warning)
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert all(not c.outputs and c.execution_count is None for c in code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_on_a_fresh_kernel(path):
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.executable, end='')"))
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=LIMIT, allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    errors = [(i, o.ename, o.evalue) for i, c in enumerate(nb.cells) if c.cell_type == "code"
              for o in c.outputs if o.output_type == "error"]
    assert errors == []
    kernel_python = nb.cells[-1].outputs[0].text
    assert os.path.realpath(kernel_python) == os.path.realpath(sys.executable)
    stderr = [o.text for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "stream" and o.name == "stderr"]
    assert not [s for s in stderr if "Glyph" in s or "missing from font" in s or "Warning" in s]
    shown = sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code"
                for o in c.outputs)
    assert shown >= 1  # the plots render
    assert elapsed < LIMIT
