"""Session fixtures for the browser tests: one JupyterLab server, one Chromium, each notebook run once."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect, sync_playwright

import lab  # tests/browser/lab.py: pytest puts this folder on sys.path

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
