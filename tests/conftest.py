"""Shared fixtures: the project's folders and a scratch copy of data/ that tests may break."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ in a temporary folder: tests change the copy, never data/ itself."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target
