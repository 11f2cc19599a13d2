"""Session fixtures for the browser tests: one JupyterLab server, one Chromium, each notebook run once."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

import lab  # tests/browser/lab/: pytest puts this folder on sys.path
from helpers import notes, questions

# Widgets answer through the kernel; on a busy 2-core machine that can take more than Playwright's 5 s.
expect.set_options(timeout=20_000)


@pytest.fixture(scope="session")
def server():
    """A ``jupyter lab`` on 127.0.0.1 for the whole session; always stopped by its process group."""
    srv = lab.start_server()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright."""
    with sync_playwright() as pw:
        chromium = lab.launch_browser(pw)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def notebook_run(server, browser):
    """``notebook_run(path)`` opens and runs a notebook once and keeps it open for the tests after it.

    Opening another notebook closes the previous one and shuts down its kernel.
    """
    opened: dict[str, lab.Run] = {}

    def get(path: str) -> lab.Run:
        if path not in opened:
            for other in list(opened):
                opened.pop(other).close()
            opened[path] = lab.open_and_run(browser, server, path)
        return opened[path]

    try:
        yield get
    finally:
        for run in opened.values():
            run.close()


@pytest.fixture
def notes_left_as_found():
    """``notes_left_as_found(NN)``: lesson NN's notes file in lessons/; after the test, lesson NN's notes
    files are as they were before it (new ones removed, old ones restored)."""
    folder = lab.ROOT / "lessons"
    patterns: list[str] = []
    before: dict[Path, bytes] = {}

    def keep(lesson: str) -> Path:
        pattern = f"{questions.lesson_number(lesson)}-my-notes*"
        patterns.append(pattern)
        before.update({p: p.read_bytes() for p in folder.glob(pattern) if p.is_file() and p not in before})
        return notes.notes_path(lesson, folder)

    try:
        yield keep
    finally:
        for pattern in patterns:
            for path in folder.glob(pattern):
                if path not in before and path.is_file():
                    path.unlink()
        for path, content in before.items():
            path.write_bytes(content)


HERE = Path(__file__).resolve().parent


def _notebook_of(item) -> str | None:
    """The notebook a browser test runs in: its ``path`` parameter, lesson NN for its ``number`` parameter or
    for ``test_NN_...``, the smoke notebook for ``test_smoke_...``; None for any other test (and for tests
    outside this folder)."""
    if HERE not in Path(str(item.fspath)).resolve().parents:
        return None
    params = getattr(getattr(item, "callspec", None), "params", {})
    if isinstance(params.get("path"), str):
        return params["path"]
    name = getattr(item, "originalname", item.name)
    if name.startswith("test_smoke_"):
        return lab.SMOKE
    match = re.match(r"test_(\d\d)_", name)
    number = params["number"] if isinstance(params.get("number"), str) else match.group(1) if match else None
    found = [p for p in lab.find_notebooks() if number and p.startswith(f"lessons/{number}-")]
    return found[0] if len(found) == 1 else None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    """Keep every test of one notebook together, its render test first, so each notebook is opened and run once.

    ``notebook_run`` keeps one notebook open at a time; in file order pytest would run every lesson's
    render test, then every lesson's accessibility test, and open each lesson twice. Notebooks come
    in the order their first test was collected; tests of no notebook keep their place.
    """
    groups: dict[str, list] = {}
    slots: list[tuple[str, object]] = []
    for item in items:
        path = _notebook_of(item)
        if path is None:
            slots.append(("item", item))
            continue
        if path not in groups:
            groups[path] = []
            slots.append(("notebook", path))
        groups[path].append(item)
    ordered = []
    for kind, slot in slots:
        if kind == "notebook":
            ordered += sorted(groups[slot],
                              key=lambda i: getattr(i, "originalname", "") != "test_notebook_runs_and_renders")
        else:
            ordered.append(slot)
    items[:] = ordered
