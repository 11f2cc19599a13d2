"""The JupyterLab server the browser tests run against: started on 127.0.0.1 with its own folders, stopped by its group.

``start_server()`` returns a :class:`Server` once JupyterLab answers, runs this environment's kernel and
has read the test settings; ``Server.stop()`` shuts the kernels down, then the process group. The
settings are the learner's (``binder/overrides.json``) plus :data:`TEST_SETTINGS`; every command-line
flag is in :data:`TEST_FLAGS` with its reason.
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
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = ROOT / "artifacts"
"""What a run leaves for people to look at (git-ignored): screenshots, timings, the server's log."""

SERVER_START_S = 90


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
