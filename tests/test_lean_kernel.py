"""A lesson's kernel, and the annotated memo's, loads neither pandas nor numpy: the tables are read as rows, and pandas is imported only
when a learner asks for a table (``helpers.load``, a ``..._table``). With the chart cache warm (as
``scripts/setup.sh`` leaves it), it loads no Altair either: every chart comes from ``.cache/charts/``."""
from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from helpers.authoring import anatomy

ROOT = Path(__file__).resolve().parent.parent
PROBE = "import sys as _s; print(json.dumps(sorted(m for m in ('pandas', 'numpy', 'altair') if m in _s.modules)))"


def _loaded_after(path: Path, extra: str = "") -> list[str]:
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(f"import json\n{extra}\n{PROBE}"))
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    out = nb.cells[-1].outputs
    return json.loads("".join(o.get("text", "") for o in out if o.get("name") == "stdout").strip())


@pytest.fixture(scope="module")
def warm_cache() -> None:
    from helpers import chart_cache

    chart_cache.warm()


@pytest.mark.parametrize("path", [*anatomy.lesson_paths(), ROOT / "lessons" / "memo.ipynb"],
                         ids=lambda p: p.stem.split("-")[0])
def test_a_lesson_never_imports_pandas_numpy_or_with_a_warm_cache_altair(path, warm_cache):
    assert _loaded_after(path) == []


def test_asking_for_a_table_imports_pandas():
    smoke = ROOT / "tests" / "notebooks" / "smoke.ipynb"
    assert "pandas" in _loaded_after(smoke, "import helpers; _t = helpers.load('figures')")
