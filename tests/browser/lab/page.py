"""The JavaScript the tests run in JupyterLab's page, kept in ``js/*.js`` and loaded at run time.

``js/jupyterlab.js`` reads JupyterLab's state (panels, kernels, cells, outputs) and gives it commands;
``js/page.js`` reads the page's layout and focus; ``js/observe_marks.js`` runs before the page's own
scripts. Each function there takes one argument, and Python calls it by name::

    call(run.page, "cellState", run.path)
    item.evaluate(function("isUncovered"))
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

JS = Path(__file__).resolve().parent / "js"
FUNCTIONS = (JS / "jupyterlab.js", JS / "page.js")
INIT_SCRIPT = JS / "observe_marks.js"
"""Added to every browser context before a page loads: notes when Vega adds marks to a chart."""


@lru_cache(maxsize=1)
def _source() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in FUNCTIONS)


def function(name: str) -> str:
    """A function expression for Playwright that calls the JavaScript function ``name`` with its one argument."""
    return f"(arg) => {{\n{_source()}\nreturn {name}(arg);\n}}"


def call(page: Page, name: str, arg=None):
    """Run the JavaScript function ``name`` in the page with ``arg``; returns its (awaited) result."""
    return page.evaluate(function(name), arg)


def wait_until(page: Page, name: str, arg=None, timeout_s: float = 10) -> None:
    """Wait until the JavaScript function ``name`` returns something truthy."""
    page.wait_for_function(function(name), arg=arg, timeout=timeout_s * 1000, polling=100)


def wait_for(page: Page, check: str, arg, timeout_s: float, what: str) -> None:
    """Wait until the check ``check`` (one of ``CHECKS`` in jupyterlab.js) holds; fail naming ``arg`` and ``what``.

    Fails at once when JupyterLab shows a dialog (e.g. "Select Kernel") or a cell waits for ``input()``.
    """
    try:
        found = page.wait_for_function(function("watch"), arg={"check": check, "arg": arg},
                                       timeout=timeout_s * 1000, polling=100).json_value()
    except PlaywrightTimeout:
        raise AssertionError(f"{arg}: {what} (waited {timeout_s:.0f} s)") from None
    if "blocked" in found:
        raise AssertionError(f"{arg}: {what}: {found['blocked']}")
