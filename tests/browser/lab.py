"""Drive JupyterLab in headless Chromium: start the server, run notebooks, inspect and use them.

Plain functions so that lesson tests can reuse them::

    run = open_and_run(browser, server, "lessons/01-read-the-room.ipynb")
    assert not problems(run), "\\n".join(problems(run))
    choose_option(run, "course-01-speaker", "Mao Zedong")
    expect(widget(run, "course-01-quote")).to_contain_text("imperialism")

Charts are found by Vega's own markup: with ``usermeta={"embedOptions": {"renderer": "svg"}}``
a mark group is ``<g class="mark-TYPE role-mark NAME_marks">``, where NAME is the
``name=`` given to the Altair chart, and each item has an ``aria-label`` such as
``"value: 5.35; label: 1957 output"``.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
SMOKE = "tests/notebooks/smoke.ipynb"
CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
VIEWPORT = {"width": 1280, "height": 900}

SERVER_START_S = 90
KERNEL_READY_S = 90
RUN_START_S = 15
RUN_ALL_TRIES = 3
EXECUTE_S = float(os.environ.get("COURSE_BROWSER_EXECUTE_S", 240))
RENDER_S = 60


# --------------------------------------------------------------------------- notebooks

def find_notebooks(root: Path = ROOT) -> list[str]:
    """Notebooks to run: ``lessons/*.ipynb`` (not ``template*``), else ``tests/notebooks/*``; always the smoke test."""
    lessons = sorted(p for p in (root / "lessons").glob("*.ipynb") if not p.name.startswith("template"))
    found = lessons or sorted((root / "tests" / "notebooks").glob("*.ipynb"))
    paths = [p.relative_to(root).as_posix() for p in found]
    if SMOKE not in paths:
        paths.append(SMOKE)
    return paths


# --------------------------------------------------------------------------- server

def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A running ``jupyter lab`` in its own process group, with its own config and runtime folders."""

    proc: subprocess.Popen
    port: int
    token: str
    home: Path
    log: Path
    cmd: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        """Address of a page or API path on this server, token included."""
        sep = "&" if "?" in path else "?"
        return f"{self.base}/{path.lstrip('/')}{sep}token={self.token}"

    def api(self, method: str, path: str, timeout: float = 10) -> object:
        """Call the server's REST API; returns the decoded JSON (or None)."""
        req = urllib.request.Request(f"{self.base}/{path.lstrip('/')}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's log, for error messages."""
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    def shutdown_session(self, path: str) -> None:
        """Shut down the kernel of every session open on ``path``."""
        for session in self.api("GET", "api/sessions") or []:
            if session.get("path") == path:
                try:
                    self.api("DELETE", f"api/sessions/{session['id']}", timeout=30)
                except urllib.error.HTTPError as err:
                    if err.code != 404:
                        raise

    def stop(self) -> None:
        """Shut down the kernels, then stop the server's process group: SIGTERM, then SIGKILL."""
        if self.proc.poll() is None:
            try:
                for session in self.api("GET", "api/sessions") or []:
                    self.api("DELETE", f"api/sessions/{session['id']}", timeout=30)
            except (OSError, urllib.error.URLError, ValueError):
                pass
        _stop_group(self.proc)
        try:
            ARTIFACTS.mkdir(exist_ok=True)
            shutil.copyfile(self.log, ARTIFACTS / "jupyter-lab.log")
        except OSError:
            pass  # the log is a convenience; stopping the server is what matters
        shutil.rmtree(self.home, ignore_errors=True)


def _stop_group(proc: subprocess.Popen, grace: float = 15) -> None:
    """Stop the process group led by ``proc`` (started with ``start_new_session``), by its id only."""
    if proc.poll() is not None:
        return
    pgid = proc.pid  # leader of its own session, so its group id is its pid
    try:
        os.killpg(pgid, signal.SIGTERM)
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(pgid, signal.SIGKILL)
        proc.wait(timeout=grace)
    except ProcessLookupError:
        pass


SHIPPED_SETTINGS = ROOT / "binder" / "overrides.json"
"""The learner's JupyterLab settings: ``scripts/setup.sh`` and ``binder/postBuild`` install this file as
``share/jupyter/lab/settings/overrides.json`` of the environment JupyterLab runs from."""

SHIPPED_PAGE_CONFIG = ROOT / "binder" / "page_config.json"
"""The plugins a learner's JupyterLab runs (``disabledExtensions``): installed by the same two scripts as
``etc/jupyter/labconfig/page_config.json`` of the environment; the test server reads it from there."""

TEST_SETTINGS = {
    # No autosave: a run must never write outputs into the lessons under test. It changes nothing a
    # learner sees on the page: the notebook still saves with Ctrl+S.
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
}
"""The only user settings the suite adds to the learner's; each is needed to drive the tests."""

TEST_FLAGS = {
    "--no-browser": "the tests drive their own Chromium",
    "--allow-root": "CI runs as root",
    "--ip=127.0.0.1": "reachable from this machine only",
    "--port": "a free port, so that parallel sessions do not clash",
    "--ServerApp.port_retries=0": "fail, not wander, when the port was taken meanwhile (start_server tries another)",
    "--IdentityProvider.token": "a random token the tests know",
    "--ServerApp.root_dir": "the project's root, where scripts/start.sh starts JupyterLab too",
    "--LabApp.expose_app_in_browser=True": "window.jupyterapp: kernel state and the Run All command for the "
                                           "tests; nothing on the page changes",
}
"""Every command-line flag the suite passes to ``jupyter lab``, and why; none changes what a learner sees."""


def shipped_settings() -> dict:
    """The learner's settings as the project ships them (``binder/overrides.json``)."""
    return json.loads(SHIPPED_SETTINGS.read_text(encoding="utf-8"))


def installed_settings(prefix: Path = Path(sys.prefix)) -> Path:
    """Where JupyterLab in the environment ``prefix`` reads the overrides from."""
    return prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def prefix_page_config(prefix: Path = Path(sys.prefix)) -> Path:
    """Where JupyterLab in the environment ``prefix`` reads the shipped page config (disabled plugins) from."""
    return prefix / "etc" / "jupyter" / "labconfig" / "page_config.json"


def _write_settings(settings: Path) -> None:
    """User settings for the test server: :data:`TEST_SETTINGS` and nothing else."""
    for plugin, value in TEST_SETTINGS.items():
        extension, name = plugin.split(":")
        path = settings / extension / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))


def effective_settings(server: "Server") -> dict[str, dict]:
    """Every plugin's settings as this server's JupyterLab applies them: schema defaults (with the
    overrides in them), then the user's settings on top."""
    found = {}
    for plugin in server.api("GET", "lab/api/settings")["settings"]:
        props = plugin.get("schema", {}).get("properties", {})
        merged = {key: prop["default"] for key, prop in props.items() if "default" in prop}
        merged.update(plugin.get("settings") or {})
        found[plugin["id"]] = merged
    return found


def settings_differences(server: "Server") -> list[str]:
    """Where this server's settings differ from the learner's (shipped overrides), beyond TEST_SETTINGS.

    Each difference is one sentence; an empty list means the suite tests the learner's JupyterLab.
    """
    found = []
    installed = installed_settings()
    if not installed.exists() or json.loads(installed.read_text(encoding="utf-8")) != shipped_settings():
        found.append(f"{installed} is not a copy of {SHIPPED_SETTINGS.relative_to(ROOT)}: run scripts/setup.sh")
    page_config = prefix_page_config()
    if not page_config.exists() or page_config.read_bytes() != SHIPPED_PAGE_CONFIG.read_bytes():
        found.append(f"{page_config} is not a copy of {SHIPPED_PAGE_CONFIG.relative_to(ROOT)}: run scripts/setup.sh")
    effective = effective_settings(server)
    for plugin, values in shipped_settings().items():
        for key, want in values.items():
            got = effective.get(plugin, {}).get(key, "(missing)")
            allowed = TEST_SETTINGS.get(plugin, {})
            if got != want and key not in allowed:
                found.append(f"{plugin} {key}: the learner gets {want!r}, the test server {got!r}")
    for plugin in server.api("GET", "lab/api/settings")["settings"]:
        user = plugin.get("settings") or {}
        extra = {k: v for k, v in user.items() if TEST_SETTINGS.get(plugin["id"], {}).get(k, object()) != v}
        if extra:
            found.append(f"{plugin['id']}: the test server sets {extra} that a learner does not have")
    return found


def start_server(root: Path = ROOT, tries: int = 3) -> Server:
    """Start ``jupyter lab`` from this Python's environment on 127.0.0.1, a free port and a random token.

    Config, runtime, workspaces, settings and IPython folders are fresh temporary
    folders; data paths are left alone so the venv's labextensions (widgets) load.
    Returns once ``/api/status`` answers. The caller must call ``Server.stop()``.
    """
    home = Path(tempfile.mkdtemp(prefix="course-lab-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_"))}
    dirs = {name: home / name for name in ("config", "runtime", "workspaces", "settings", "ipython")}
    for path in dirs.values():
        path.mkdir()
    _write_settings(dirs["settings"])
    env.update(
        JUPYTER_CONFIG_DIR=str(dirs["config"]),
        JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
        JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]),
        JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
        IPYTHONDIR=str(dirs["ipython"]),
        JUPYTER_PREFER_ENV_PATH="1",
        PYTHONUNBUFFERED="1",
    )
    log = home / "jupyter-lab.log"  # copied to artifacts/ when the server stops
    last_error = ""
    for _ in range(tries):
        port, token = free_port(), secrets.token_hex(24)
        cmd = [
            sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
            "--ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
            "--LabApp.expose_app_in_browser=True",
        ]  # every flag is in TEST_FLAGS with its reason; tests/browser/test_settings.py holds them to it
        with log.open("wb") as out:
            proc = subprocess.Popen(cmd, cwd=root, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        server = Server(proc, port, token, home, log, cmd)
        try:
            _wait_until_up(server)
            _check_kernel(server)
            _check_settings(server)
            return server
        except _PortTaken as err:
            last_error = str(err)
            _stop_group(proc)
        except BaseException:
            server.stop()
            raise
    shutil.rmtree(home, ignore_errors=True)
    raise RuntimeError(f"jupyter lab did not start after {tries} tries: {last_error}")


class _PortTaken(RuntimeError):
    pass


def _wait_until_up(server: Server) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            tail = server.log_tail()
            if "already in use" in tail:
                raise _PortTaken(tail)
            raise RuntimeError(f"jupyter lab exited with code {server.proc.returncode}:\n{tail}")
        try:
            server.api("GET", "api/status", timeout=2)
            return
        except (OSError, urllib.error.URLError):
            time.sleep(0.2)  # polling a socket: there is no event to wait on
    raise RuntimeError(f"jupyter lab did not answer within {SERVER_START_S} s:\n{server.log_tail()}")


def _check_kernel(server: Server) -> None:
    """The default kernel must run this environment's Python, not one named in a user kernelspec."""
    specs = server.api("GET", "api/kernelspecs")
    argv0 = specs["kernelspecs"][specs["default"]]["spec"]["argv"][0]
    if re.fullmatch(r"python[\d.]*", argv0):
        return  # jupyter_client runs a bare "python" as the server's own interpreter, sys.executable
    if Path(argv0).resolve().parent != Path(sys.executable).resolve().parent:
        raise RuntimeError(f"the default kernel '{specs['default']}' runs {argv0}, not this environment's "
                           f"{sys.executable}; remove the kernelspec that shadows it (jupyter kernelspec list).")


def _check_settings(server: Server) -> None:
    """The server must read the test settings (above all: no autosave into the notebooks under test)."""
    if not installed_settings().exists():
        raise RuntimeError(f"{installed_settings()} is missing: run scripts/setup.sh dev, which installs the "
                           f"learner's settings from {SHIPPED_SETTINGS.relative_to(ROOT)}.")
    got = server.api("GET", "lab/api/settings/@jupyterlab/docmanager-extension:plugin")
    if json.loads(got.get("raw") or "{}").get("autosave") is not False:
        raise RuntimeError(f"JupyterLab did not read the test settings in {server.home / 'settings'}: "
                           "autosave would write outputs into the notebooks under test.")


# --------------------------------------------------------------------------- browser

def launch_browser(playwright) -> Browser:
    """Debian's Chromium, headless, with background services off (they would try the network)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


# Records when Vega marks appear (for the time to the last chart), from the first byte of the page.
_INIT_SCRIPT = """
(() => {
  window.__courseLastMarks = null;
  const isMarks = n => n.nodeType === 1 && (
    n.matches('.role-mark, canvas.marks') || n.querySelector('.role-mark, canvas.marks') !== null);
  new MutationObserver(records => {
    for (const r of records) for (const n of r.addedNodes) {
      if (isMarks(n) && n.closest('.vega-embed')) { window.__courseLastMarks = performance.now(); return; }
    }
  }).observe(document, {childList: true, subtree: true});
  // When JupyterLab has activated its plugins (started) and restored its layout: phases of the timings file.
  const app = setInterval(() => {
    if (!window.jupyterapp) return;
    clearInterval(app);
    window.jupyterapp.started.then(() => { window.__courseAppStarted = performance.now(); });
    window.jupyterapp.restored.then(() => { window.__courseAppRestored = performance.now(); });
  }, 10);
})();
"""

# Functions shared by every snippet run in the page; `arg` is the notebook's path.
_PRELUDE = r"""
const panelFor = path => {
  const app = window.jupyterapp;
  if (!app) return null;
  for (const w of app.shell.widgets('main')) {
    if (w.context && w.context.path === path && w.content && w.sessionContext) return w;
  }
  return null;
};
const blocker = () => {
  const d = document.querySelector('.jp-Dialog');
  if (d) return 'JupyterLab shows a dialog: ' + JSON.stringify(d.innerText.trim().slice(0, 300));
  if (document.querySelector('.jp-Stdin')) return 'a cell waits for input() (tests cannot answer it)';
  return null;
};
const kernelOf = p => p && p.sessionContext.session ? p.sessionContext.session.kernel : null;
const kernelSettled = path => {
  const p = panelFor(path), k = kernelOf(p);
  return !!k && p.context.isReady && p.sessionContext.isReady &&
         k.connectionStatus === 'connected' && k.status === 'idle';
};
// Code cells that will run: JupyterLab skips empty ones, which never get a count.
const cellState = path => {
  const p = panelFor(path), k = kernelOf(p);
  const cells = p.content.widgets.filter(c => c.model.type === 'code' && c.model.sharedModel.getSource().trim());
  const running = c => c.model.executionState === 'running' || (c.promptNode && c.promptNode.textContent.includes('*'));
  return {
    total: cells.length,
    started: cells.filter(c => c.model.executionCount !== null || running(c)).length,
    running: cells.filter(running).length,
    counted: cells.filter(c => c.model.executionCount !== null).length,
    failed: cells.filter(c => c.model.outputs.toJSON().some(o => o.output_type === 'error')).length,
    kernel: k ? k.status : 'none',
    error: window.__courseRunAllError || null,
  };
};
// Every output of every cell: what the kernel sent (the cell's output model) and what the page shows,
// including outputs nested in Output widgets. JupyterLab sets data-mime-type only on some renderers.
const VEGA = /^application\/vnd\.vega(lite)?\.v\d+\+json$/;
const WIDGET = 'application/vnd.jupyter.widget-view+json';
const own = (o, sel) => [...o.querySelectorAll(sel)].filter(e => e.closest('.jp-OutputArea-output') === o);
const describe = (o, mime, nested) => {
  const embeds = own(o, '.vega-embed');
  const chart = VEGA.test(mime) || own(o, '[id^="altair-viz-"]').length > 0 || embeds.length > 0;
  let renderer = null, marks = 0;
  for (const e of embeds) {
    const svg = e.querySelector('svg.marks'), canvas = e.querySelector('canvas.marks');
    if (svg) {
      const n = svg.querySelectorAll('.role-mark > *').length;
      if (n) { renderer = 'svg'; marks += n; }
    } else if (canvas && canvas.width > 0 && canvas.height > 0) { renderer = 'canvas'; marks += 1; }
  }
  const text = (o.innerText || '').slice(0, 4000);
  const widget = mime === WIDGET;
  const widgetRendered = widget && own(o, '.jupyter-widgets').length > 0 &&
                         !/Loading widget|Error displaying widget/.test(text);
  return {mime, nested, chart, renderer, marks, widget, widgetRendered, text};
};
const nestedMime = o => o.getAttribute('data-mime-type') ||
  (/jp-RenderedVega/.test(o.className) ? 'application/vnd.vegalite.v5+json' :
   own(o, '.jupyter-widgets').length ? WIDGET : '');
const report = path => {
  const p = panelFor(path);
  return p.content.widgets.map((cell, index) => {
    const m = cell.model, source = m.sharedModel.getSource();
    const out = {index, id: m.id, type: m.type, head: source.split('\n')[0].slice(0, 80),
                 source: source.trim() !== '', count: m.type === 'code' ? m.executionCount : null,
                 errors: [], outputs: []};
    if (m.type !== 'code') return out;
    const area = cell.outputArea;
    for (let i = 0; i < area.model.length; i++) {
      const item = area.model.get(i);
      if (item.type === 'error') {
        const e = item.toJSON();
        out.errors.push(`${e.ename}: ${e.evalue}`);
      }
      const mime = area.rendermime.preferredMimeType(item.data, item.trusted ? 'any' : 'ensure') ||
                   Object.keys(item.data)[0] || '';
      const child = area.widgets[i];
      const o = child && child.node.querySelector('.jp-OutputArea-output');
      if (!o) {
        out.outputs.push({mime, nested: false, chart: VEGA.test(mime), renderer: null, marks: 0,
                          widget: mime === WIDGET, widgetRendered: false, text: '(not on the page)'});
        continue;
      }
      out.outputs.push(describe(o, mime, false));
      for (const inner of o.querySelectorAll('.jp-OutputArea-output')) {
        out.outputs.push(describe(inner, nestedMime(inner), true));
      }
    }
    return out;
  });
};
"""

_RUN_ALL = """
const app = window.jupyterapp, p = panelFor(arg);
app.shell.activateById(p.id);
window.__courseRunAllError = null;
app.commands.execute('notebook:run-all-cells').catch(e => { window.__courseRunAllError = String(e); });
"""

_ROUND_TRIP = """
const p = panelFor(arg);
return p.sessionContext.ready.then(() => kernelOf(p).info).then(() => kernelOf(p).requestKernelInfo())
        .then(() => true);
"""

_RENDER_DONE = """
return report(arg).every(c => c.outputs.every(o =>
  (!o.chart || o.renderer || /Error/.test(o.text)) &&
  (!o.widget || o.widgetRendered || /Error displaying widget/.test(o.text))));
"""


def _js(body: str) -> str:
    return f"(arg) => {{ {_PRELUDE}\n{body} }}"


def _evaluate(page: Page, body: str, arg=None):
    """Evaluate a snippet body (it may use the prelude's functions and ``arg``) in the page."""
    return page.evaluate(_js(body), arg)


def _wait(page: Page, body: str, arg, timeout_s: float, what: str) -> None:
    """Wait until the snippet returns something truthy; fail naming the notebook and ``what``.

    Fails at once when JupyterLab shows a dialog (e.g. "Select Kernel") or a cell waits for ``input()``.
    """
    watched = f"const ok = (() => {{ {body} }})(); if (ok) return {{ok: true}}; const b = blocker(); " \
              "return b ? {blocked: b} : false;"
    try:
        found = page.wait_for_function(_js(watched), arg=arg, timeout=timeout_s * 1000, polling=100).json_value()
    except PlaywrightTimeout:
        raise AssertionError(f"{arg}: {what} (waited {timeout_s:.0f} s)") from None
    if "blocked" in found:
        raise AssertionError(f"{arg}: {what}: {found['blocked']}")


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
        self.phases[phase] = round(_evaluate(self.page, "return performance.now() / 1000;"), 3)

    def report(self) -> list[dict]:
        """Re-read every cell and output from the page."""
        self.cells = _evaluate(self.page, "return report(arg);", self.path)
        return self.cells

    def close(self) -> None:
        """Close the browser context and shut down this notebook's kernel."""
        try:
            self.context.close()
        finally:
            self.server.shutdown_session(self.path)


def is_offsite(url: str) -> bool:
    """True for a request that leaves this machine (data:, blob: and about: URLs stay)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return False
    return (parts.hostname or "") not in LOOPBACK


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
    context.add_init_script(_INIT_SCRIPT)
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
        _wait(page, "return kernelSettled(arg);", path, KERNEL_READY_S,
              "the notebook did not open with a connected, idle kernel")
        run.mark("kernel_idle")
        _mark_load_phases(run)
        _evaluate(page, _ROUND_TRIP, path)
        _wait(page, "return kernelSettled(arg);", path, KERNEL_READY_S, "the kernel did not settle after kernel_info")
        run.panel_id = _evaluate(page, "return panelFor(arg).id;", path)
        run.mark("kernel_ready")
        _run_all(run)
        run.mark("run_all_started")
        _wait(page, "const s = cellState(arg); return s.kernel === 'idle' && s.running === 0 && "
                    "(s.counted === s.total || s.failed > 0);", path, EXECUTE_S, "the cells did not all finish")
        run.mark("cells_done")
        _wait_rendered(run)
        run.mark("rendered")
        last = _evaluate(page, "return window.__courseLastMarks;")
        run.seconds_to_last_chart = None if last is None else round(last / 1000, 3)
        run.report()
        run.toasts = page.evaluate("() => Array.from(document.querySelectorAll('.jp-toast-message'))"
                                   ".map(e => e.innerText.trim())")
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
    clock = _evaluate(run.page, "return {origin: performance.timeOrigin, started: window.__courseAppStarted, "
                                "restored: window.__courseAppRestored};")
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
        _evaluate(run.page, _RUN_ALL, run.path)
        try:
            _wait(run.page, "const s = cellState(arg); return s.total === 0 || s.started > 0 || s.error;",
                  run.path, RUN_START_S, "no cell started")
            return
        except AssertionError:
            warnings.warn(f"{run.path}: Run All started no cell (try {attempt}); waiting for the kernel, trying again")
            _wait(run.page, "return kernelSettled(arg);", run.path, KERNEL_READY_S, "the kernel is not idle")
    raise AssertionError(f"{run.path}: Run All started no cell in {RUN_ALL_TRIES} tries")


def _wait_rendered(run: Run) -> None:
    """Wait until every chart and widget output has rendered or shows its failure."""
    try:
        _wait(run.page, _RENDER_DONE, run.path, RENDER_S, "charts or widgets did not finish rendering")
    except AssertionError:
        pass  # problems() names each output that did not render


_OVERFLOW = """() => {
  const outer = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer');
  const cells = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell');
  if (!outer || !cells.length) return 0;
  outer.scrollTop = 0;
  return Math.ceil(cells[cells.length - 1].getBoundingClientRect().bottom - outer.getBoundingClientRect().bottom);
}"""

# JupyterLab lays itself out again after a resize; its status bar then sits at the window's bottom edge.
_LAID_OUT = """() => {
  const bar = document.querySelector('#jp-main-statusbar');
  return !bar || Math.abs(bar.getBoundingClientRect().bottom - window.innerHeight) < 2;
}"""


def _resize(page: Page, height: int) -> None:
    page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
    page.wait_for_function(_LAID_OUT, timeout=10000)


SHOT_MAX = 15000
"""The tallest window Chromium is asked to draw at once; a longer lesson is saved in parts."""

_SCROLL_TO = """(y) => {
  const outer = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer');
  if (outer) outer.scrollTop = y;
  return outer ? outer.scrollTop : 0;
}"""


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
        extra = max(0, page.evaluate(_OVERFLOW))
        height = VIEWPORT["height"] + extra + 24
        if height <= SHOT_MAX:
            _resize(page, height)
            page.screenshot(path=str(out), full_page=True)
        else:
            _resize(page, SHOT_MAX)
            step = SHOT_MAX - VIEWPORT["height"]  # the panel is shorter than the window by JupyterLab's bars
            part, y = 1, 0
            while True:
                page.evaluate(_SCROLL_TO, y)
                page.wait_for_timeout(300)
                name = out if part == 1 else out.with_name(f"{run.name}-{part}.png")
                page.screenshot(path=str(name), full_page=True)
                if y + SHOT_MAX >= height:
                    break
                part, y = part + 1, y + step
        _resize(page, VIEWPORT["height"])
        page.evaluate(_SCROLL_TO, 0)
        return out
    except Exception:  # noqa: BLE001 - a failed screenshot must never hide the real failure
        return None


# Every chart's parts (legends, titles, axes, the whole drawing) against the output area that shows it, and
# every text Vega shortened to fit a limit (it ends the text with "…" and no space before it).
_CLIPPED = """() => {
  const found = [];
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return found;
  panel.querySelectorAll('.vega-embed').forEach((embed, n) => {
    const out = embed.closest('.jp-OutputArea-output');
    const svg = embed.querySelector('svg');
    if (!out || !svg) return;
    const o = out.getBoundingClientRect();
    if (o.width === 0) return;
    const name = (embed.getAttribute('aria-label') || svg.getAttribute('aria-label') || 'chart ' + n).slice(0, 70);
    const parts = [['the chart', svg], ...Array.from(svg.querySelectorAll('.role-legend')).map(e => ['a legend', e]),
                   ...Array.from(svg.querySelectorAll('.role-title')).map(e => ['a title', e]),
                   ...Array.from(svg.querySelectorAll('.role-axis')).map(e => ['an axis', e])];
    for (const [what, el] of parts) {
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.right > o.right + 1 || r.left < o.left - 1)
        found.push(`${name}: ${what} runs from ${Math.round(r.left - o.left)} to ${Math.round(r.right - o.left)} px ` +
                   `in an output ${Math.round(o.width)} px wide`);
    }
    svg.querySelectorAll('text').forEach(t => {
      const s = (t.textContent || '').trim();
      if (s.endsWith('\u2026') && !s.endsWith(' \u2026')) found.push(`${name}: the text "${s}" is cut short`);
    });
  });
  return found;
}"""

LAYOUT_WIDTHS = (1280, 1024)
"""Browser widths at which every chart must fit the output area JupyterLab gives it."""


def clipped(run: Run, widths: tuple[int, ...] = LAYOUT_WIDTHS) -> list[str]:
    """Every chart part that does not fit its output area, or text cut short, at each browser width."""
    found = []
    page = run.page
    try:
        for width in widths:
            page.set_viewport_size({"width": width, "height": VIEWPORT["height"]})
            page.wait_for_function(_LAID_OUT, timeout=10000)
            page.wait_for_timeout(300)
            found += [f"at {width} px: {p}" for p in page.evaluate(_CLIPPED)]
    finally:
        page.set_viewport_size(dict(VIEWPORT))
    return list(dict.fromkeys(found))


# --------------------------------------------------------------------------- checks

# A widget's repr, e.g. "VBox(children=(...))" or "Dropdown(description='Excerpt', ...)": shown when the
# widget manager is missing (text/plain) or when a lesson prints a widget (stdout).
_RAW_WIDGET = re.compile(r"^\s*(\w*(Box|Slider|Button|Buttons|Picker)|Dropdown|Select\w*|Text|Textarea|Checkbox|"
                         r"Tab|Accordion|HTML|Label|Output|interactive)\((\)|\w+=)", re.M)
_BAD_TEXT = ("Error loading script", "Javascript Error", "<VegaLite", "Error displaying widget")


def _where(run: Run, cell: dict) -> str:
    return f"{run.path}, cell {cell['index']} (id {cell['id']}, '{cell['head']}')"


def problems(run: Run) -> list[str]:
    """Everything wrong with a run, one sentence each naming the notebook and the cell."""
    found: list[str] = []
    for cell in run.cells:
        if cell["type"] != "code":
            continue
        where = _where(run, cell)
        if cell["source"] and cell["count"] is None and not cell["errors"]:
            found.append(f"{where}: did not run (no execution count)")
        for err in cell["errors"]:
            found.append(f"{where}: raised {err}")
        for out in cell["outputs"]:
            text = out["text"]
            if out["mime"] == "application/vnd.jupyter.stderr" and "Traceback" in text:
                found.append(f"{where}: shows a traceback: {text[:300]!r}")
            for bad in _BAD_TEXT:
                if bad in text:
                    found.append(f"{where}: output shows {bad!r}: {text[:200]!r}")
            if out["mime"] in ("text/plain", "application/vnd.jupyter.stdout") and _RAW_WIDGET.search(text):
                found.append(f"{where}: a widget shows as text, not as a widget: {text[:120]!r}")
            if out["chart"] and not out["renderer"]:
                found.append(f"{where}: a chart output ({out['mime']}) did not render as a Vega view with marks")
            if out["widget"] and not out["widgetRendered"]:
                found.append(f"{where}: a widget output did not render: {text[:120]!r}")
    charts = sum(o["chart"] for c in run.cells for o in c["outputs"])
    rendered = sum(bool(o["renderer"]) for c in run.cells for o in c["outputs"])
    if charts != rendered:
        found.append(f"{run.path}: {rendered} of {charts} chart outputs rendered")
    offsite = sorted({u for u in run.requests if is_offsite(u)})
    if offsite:
        found.append(f"{run.path}: the browser requested {len(offsite)} address(es) off this machine: "
                     + ", ".join(offsite[:10]))
    for message in run.console_errors:
        found.append(f"{run.path}: browser console error: {message[:300]}")
    for toast in run.toasts:
        found.append(f"{run.path}: JupyterLab shows a notification a learner would have to answer: {toast[:200]!r}")
    asked = sorted({u.split("?")[0] for u in run.requests if re.search(r"/lab/api/(news|update)\b", u)})
    if asked:
        found.append(f"{run.path}: JupyterLab asked for news or updates ({', '.join(asked)}); the learner's "
                     f"settings ({SHIPPED_SETTINGS.relative_to(ROOT)}) should turn both off")
    return found


def counts(run: Run) -> dict:
    """Charts rendered and widget outputs shown, as recorded in the timings file."""
    charts = sum(bool(o["renderer"]) for c in run.cells for o in c["outputs"])
    widgets = sum(o["widget"] for c in run.cells for o in c["outputs"])
    return {"charts": charts, "widgets": widgets}


def record_timing(run: Run, path: Path = ARTIFACTS / "browser-timings.jsonl") -> dict:
    """Append ``{notebook, seconds_to_last_chart, charts, widgets, phases}`` to the timings file (one JSON line)."""
    line = {"notebook": run.path, "seconds_to_last_chart": run.seconds_to_last_chart, **counts(run),
            "phases": run.phases}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(line) + "\n")
    return line


# --------------------------------------------------------------------------- interactions

def widget(run: Run, css_class: str) -> Locator:
    """The widget given ``.add_class(css_class)`` in this notebook."""
    return run.panel.locator(f".{css_class}")


def choose_option(run: Run, css_class: str, label: str) -> None:
    """Pick the option ``label`` in a Dropdown, as a click on it would (Playwright's ``select_option``)."""
    select = widget(run, css_class).locator("select")
    options = select.locator("option").all_inner_texts()
    if label not in options:
        raise AssertionError(f"{run.path}: dropdown .{css_class} has no option {label!r}; it has {options}")
    select.select_option(label=label)


def slider_value(run: Run, css_class: str) -> str:
    """The value an ipywidgets slider shows in its readout."""
    return widget(run, css_class).locator(".widget-readout").inner_text().strip()


def press_slider(run: Run, css_class: str, key: str = "ArrowRight", times: int = 1) -> None:
    """Move a slider with the keyboard: focus its handle and press ``key`` ``times`` times."""
    handle = widget(run, css_class).locator(".noUi-handle").first
    handle.focus()
    for _ in range(times):
        handle.press(key)


def chart_marks(run: Run, name: str, selector: str = "*") -> Locator:
    """Items of the Vega mark group of the Altair chart named ``name`` (its ``NAME_marks`` group)."""
    return run.panel.locator(f".vega-embed svg.marks g.{name}_marks > {selector}")


def click_mark(run: Run, name: str, aria_contains: str) -> None:
    """Click the one item of chart ``name`` whose aria-label contains ``aria_contains``.

    Vega labels each item "TITLE: VALUE; ..." with the axis title (or the field
    name when the axis has no title) and the tooltip fields, e.g.
    ``"million tonnes: 5.35; label: 1957 output; quote: ...; paragraph: p46"``.
    """
    quoted = aria_contains.replace("\\", "\\\\").replace('"', '\\"')
    items = chart_marks(run, name, f'[aria-label*="{quoted}"]')
    count = items.count()
    if count != 1:
        labels = chart_marks(run, name).evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
        raise AssertionError(f"{run.path}: chart '{name}' has {count} marks labelled like {aria_contains!r}; "
                             f"its labels are {labels}")
    items.first.click()


def mark_texts(run: Run, name: str) -> list[str]:
    """The texts a Vega text mark (chart ``name``) shows now."""
    return [t.strip() for t in chart_marks(run, name, "text").all_text_contents()]


# --------------------------------------------------------------------------- composite widgets

def select_labels(select: Locator, labels: str | list[str], where: str = "") -> None:
    """Pick options of a ``<select>`` (Dropdown, SelectMultiple) by the labels a learner reads.

    Takes the ``<select>`` itself, so it works in widgets with several menus. ipywidgets writes
    each option's text with no-break spaces ("Mao\\u00a0Zedong"), so the labels are compared with
    those turned back into spaces; the option's ``value`` keeps the label as given in Python.
    On a multiple select the options not named are deselected.
    """
    wanted = [labels] if isinstance(labels, str) else list(labels)
    options = select.locator("option")
    shown = [t.replace("\u00a0", " ") for t in options.all_text_contents()]
    missing = [label for label in wanted if label not in shown]
    if missing:
        raise AssertionError(f"{where}: the menu has no option {missing}; it has {shown}")
    values = options.evaluate_all("os => os.map(o => o.value)")
    select.select_option(value=[values[shown.index(label)] for label in wanted])


def option_labels(select: Locator) -> list[str]:
    """The labels of a ``<select>``'s options as a learner reads them (no-break spaces as spaces)."""
    return [t.replace("\u00a0", " ") for t in select.locator("option").all_text_contents()]


def marks_in(scope: Locator, selector: str = "*") -> Locator:
    """Every Vega mark item (SVG renderer) of every chart inside ``scope`` (a widget, a cell, a panel)."""
    return scope.locator(f".vega-embed svg.marks .role-mark > {selector}")


def aria_labels(items: Locator) -> list[str]:
    """The ``aria-label`` of each item (Vega labels each mark item with its encoded fields and tooltip)."""
    return items.evaluate_all("els => els.map(e => e.getAttribute('aria-label') || '')")


def is_uncovered(item: Locator) -> bool:
    """Scroll ``item`` into view; True when nothing covers its centre (a click there reaches it)."""
    item.scroll_into_view_if_needed()
    return item.evaluate("""el => {
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height) return false;
      const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return top === el || el.contains(top);
    }""")


def page_problems_since(run: Run, requests: int, console_errors: int) -> list[str]:
    """Off-machine requests and console errors that came after the given counts (e.g. during an interaction)."""
    offsite = sorted({u for u in run.requests[requests:] if is_offsite(u)})
    found = [f"{run.path}: the browser requested an address off this machine: {u}" for u in offsite]
    found += [f"{run.path}: browser console error: {m[:300]}" for m in run.console_errors[console_errors:]]
    return found
