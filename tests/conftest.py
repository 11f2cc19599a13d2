"""Shared fixtures: the project's folders, a scratch copy of data/ that tests may break, the fixture tables."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

import fixture_tables
import helpers

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ in a temporary folder: tests change the copy, never data/ itself."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def _write_table(data_dir: Path, name: str, rows: list[dict]) -> None:
    fields = [f["name"] for f in helpers.data.resource(name, data_dir)["schema"]["fields"]]
    with (data_dir / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def write_table():
    """Write rows into one table of a data folder, with the columns the data package names."""
    return _write_table


@pytest.fixture
def fixture_data(data_copy: Path) -> Path:
    """A copy of data/ with the fixture tables (``tests/fixtures/tables``) written over it; it must validate."""
    for name in fixture_tables.TABLES:
        _write_table(data_copy, name, fixture_tables.rows(name))
    problems = helpers.validate(data_copy)
    assert not problems, "the fixture tables do not validate:\n" + "\n".join(map(str, problems))
    return data_copy


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    """Run the browser tests last, keeping every other order as collected.

    The browser suite keeps one Playwright session (and its event loop) open until the test session ends;
    tests after it that start Playwright's sync API or ``asyncio.run`` (the packet's PDF, the class
    benchmark) would find that loop running and fail.
    """
    items[:] = [i for i in items if "browser" not in i.keywords] + [i for i in items if "browser" in i.keywords]
