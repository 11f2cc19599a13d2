"""Running a notebook as a learner would: open it in a fresh browser context, wait for its kernel, Run All.

``open_and_run(browser, server, path)`` returns a :class:`Run`: the page, what the browser requested
and logged, every cell and output as the page shows them (``Run.cells``), and the page's clock at each
phase. A whole-notebook screenshot goes to ``artifacts/screenshots/NAME.png``, also when a run fails.
"""
from __future__ import annotations

import os
import urllib.parse
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Locator, Page

from .page import INIT_SCRIPT, call, wait_for, wait_until
from .server import ARTIFACTS, ROOT, Server

SMOKE = "tests/notebooks/smoke.ipynb"
CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 900}

KERNEL_READY_S = 90
RUN_START_S = 15
RUN_ALL_TRIES = 3
EXECUTE_S = float(os.environ.get("COURSE_BROWSER_EXECUTE_S", 240))
RENDER_S = 60


def find_notebooks(root: Path = ROOT) -> list[str]:
    """Notebooks to run: ``lessons/*.ipynb`` (not ``template*``), else ``tests/notebooks/*``; always the smoke test."""
    lessons = sorted(p for p in (root / "lessons").glob("*.ipynb") if not p.name.startswith("template"))
    found = lessons or sorted((root / "tests" / "notebooks").glob("*.ipynb"))
    paths = [p.relative_to(root).as_posix() for p in found]
    if SMOKE not in paths:
        paths.append(SMOKE)
    return paths


def launch_browser(playwright) -> Browser:
    """Debian's Chromium, headless, with background services off (they would try the network)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


@dataclass
class Run:
    """A notebook opened and run in its own browser context, with what the browser saw."""

    path: str
    server: Server
    context: BrowserContext
    page: Page
    panel_id: str = ""
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    cells: list[dict] = field(default_factory=list)
    seconds_to_last_chart: float | None = None
    phases: dict[str, float] = field(default_factory=dict)
    run_all_tries: int = 0
    toasts: list[str] = field(default_factory=list)
    session_request: object = None  # the page's first POST /api/sessions: JupyterLab asks for the kernel

    @property
    def name(self) -> str:
        return Path(self.path).stem

    @property
    def panel(self) -> Locator:
        """The notebook panel this run shows (scope every selector to it)."""
        return self.page.locator(f"#{self.panel_id}") if self.panel_id else self.page.locator(
            ".jp-NotebookPanel:not(.lm-mod-hidden)")

    def mark(self, phase: str) -> None:
        """Note the page's clock (seconds since navigation started) at ``phase``."""
        self.phases[phase] = round(call(self.page, "pageClock"), 3)

    def report(self) -> list[dict]:
        """Re-read every cell and output from the page."""
        self.cells = call(self.page, "report", self.path)
        return self.cells

    def close(self) -> None:
        """Close the browser context and shut down this notebook's kernel."""
        try:
            self.context.close()
        finally:
            self.server.shutdown_session(self.path)


def _console(run: Run, msg) -> None:
    if msg.type == "error":
        where = msg.location or {}
        run.console_errors.append(f"{msg.text} (at {where.get('url', '?')}:{where.get('lineNumber', '?')})")


def open_and_run(browser: Browser, server: Server, path: str) -> Run:
    """Open ``path`` in a fresh browser context, wait for a ready kernel, Run All, and wait for the outputs.

    Retries Run All when no cell starts. Saves a full-page screenshot to
    ``artifacts/screenshots/NAME.png``, also when something fails.
    """
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(path=INIT_SCRIPT)
    page = context.new_page()
    run = Run(path=path, server=server, context=context, page=page)
    context.on("request", lambda req: run.requests.append(req.url))
    page.on("websocket", lambda ws: run.requests.append(ws.url))
    page.on("request", lambda req: _note_session_request(run, req))
    page.on("console", lambda msg: _console(run, msg))
    page.on("pageerror", lambda err: run.console_errors.append(f"uncaught exception: {err}"))
    try:
        page.goto(server.url(f"lab/tree/{urllib.parse.quote(path)}?reset"), wait_until="domcontentloaded")
        run.mark("page_loaded")
        wait_for(page, "kernelSettled", path, KERNEL_READY_S, "the notebook did not open with a connected, idle kernel")
        run.mark("kernel_idle")
        _mark_load_phases(run)
        call(page, "roundTrip", path)
        wait_for(page, "kernelSettled", path, KERNEL_READY_S, "the kernel did not settle after kernel_info")
        run.panel_id = call(page, "panelId", path)
        run.mark("kernel_ready")
        _run_all(run)
        run.mark("run_all_started")
        wait_for(page, "cellsFinished", path, EXECUTE_S, "the cells did not all finish")
        run.mark("cells_done")
        _wait_rendered(run)
        run.mark("rendered")
        last = call(page, "lastMarks")
        run.seconds_to_last_chart = None if last is None else round(last / 1000, 3)
        run.report()
        run.toasts = call(page, "toasts")
    except BaseException:
        screenshot(run)
        run.close()
        raise
    screenshot(run)
    return run


def _note_session_request(run: Run, req) -> None:
    if run.session_request is None and req.method == "POST" and urllib.parse.urlsplit(req.url).path.endswith(
            "/api/sessions"):
        run.session_request = req


def _mark_load_phases(run: Run) -> None:
    """Phases of JupyterLab's own load, on the page's clock: plugins activated (``app_started``), layout
    restored (``app_restored``), and the request that starts the notebook's kernel (``kernel_requested``)."""
    clock = call(run.page, "loadClock")
    for phase, key in (("app_started", "started"), ("app_restored", "restored")):
        if clock.get(key) is not None:
            run.phases[phase] = round(clock[key] / 1000, 3)
    start = run.session_request.timing.get("startTime", -1) if run.session_request is not None else -1
    if start > 0:  # Playwright's startTime: milliseconds since the epoch, like performance.timeOrigin
        run.phases["kernel_requested"] = round((start - clock["origin"]) / 1000, 3)


def _run_all(run: Run) -> None:
    """Run All; if no cell starts (the kernel was not really ready), wait for it and try again."""
    for attempt in range(1, RUN_ALL_TRIES + 1):
        run.run_all_tries = attempt
        call(run.page, "runAll", run.path)
        try:
            wait_for(run.page, "runStarted", run.path, RUN_START_S, "no cell started")
            return
        except AssertionError:
            warnings.warn(f"{run.path}: Run All started no cell (try {attempt}); waiting for the kernel, trying again")
            wait_for(run.page, "kernelSettled", run.path, KERNEL_READY_S, "the kernel is not idle")
    raise AssertionError(f"{run.path}: Run All started no cell in {RUN_ALL_TRIES} tries")


def _wait_rendered(run: Run) -> None:
    """Wait until every chart and widget output has rendered or shows its failure."""
    try:
        wait_for(run.page, "renderDone", run.path, RENDER_S, "charts or widgets did not finish rendering")
    except AssertionError:
        pass  # problems() names each output that did not render


def resize(page: Page, height: int, width: int = VIEWPORT["width"]) -> None:
    """Set the window's size and wait until JupyterLab has laid itself out again."""
    page.set_viewport_size({"width": width, "height": height})
    wait_until(page, "laidOut")


SHOT_MAX = 15000
"""The tallest window Chromium is asked to draw at once; a longer lesson is saved in parts."""


def screenshot(run: Run) -> Path | None:
    """Save the whole notebook, top to bottom, to ``artifacts/screenshots/NAME.png``.

    JupyterLab scrolls inside its own panel, so the window is made tall enough
    for the last cell while the picture is taken, then put back. The test
    settings turn JupyterLab's windowing off, so every cell is drawn. A lesson
    taller than :data:`SHOT_MAX` pixels is saved in parts, ``NAME.png``,
    ``NAME-2.png``, ..., each scrolled one window further down.
    """
    out = ARTIFACTS / "screenshots" / f"{run.name}.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    for old in out.parent.glob(f"{run.name}-[0-9]*.png"):
        old.unlink()
    page = run.page
    try:
        extra = max(0, call(page, "overflow"))
        height = VIEWPORT["height"] + extra + 24
        if height <= SHOT_MAX:
            resize(page, height)
            page.screenshot(path=str(out), full_page=True)
        else:
            resize(page, SHOT_MAX)
            step = SHOT_MAX - VIEWPORT["height"]  # the panel is shorter than the window by JupyterLab's bars
            part, y = 1, 0
            while True:
                call(page, "scrollTo", y)
                page.wait_for_timeout(300)
                name = out if part == 1 else out.with_name(f"{run.name}-{part}.png")
                page.screenshot(path=str(name), full_page=True)
                if y + SHOT_MAX >= height:
                    break
                part, y = part + 1, y + step
        resize(page, VIEWPORT["height"])
        call(page, "scrollTo", 0)
        return out
    except Exception:  # noqa: BLE001 - a failed screenshot must never hide the real failure
        return None
