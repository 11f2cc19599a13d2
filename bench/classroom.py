"""A class, not one learner: one lesson in N fresh kernels at once, and the server's own memory.

``python -m bench --class 1,10,30`` runs the lesson in N concurrent kernels for each N and reports,
per N, the median and p95 seconds from kernel start to the last cell, the cells-only seconds, the
failures and the sum of the kernels' peak memory. ``server_memory`` starts a JupyterLab server as a
learner gets it, opens one lesson's session (kernel included) through its REST API, and reads the
server process's own resident memory: on a JupyterHub every learner has a server as well as a kernel.
"""
from __future__ import annotations

import asyncio
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import IO

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

from .kernel import cpu_seconds, kernel_pid, proc_status, spec_manager


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100) of ``values`` by linear interpolation between ranks."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


async def _one_learner(path: Path, timeout: int, stderr: IO | None) -> dict:
    """One learner: a fresh kernel in the notebook's folder runs every cell; seconds, CPU and memory."""
    nb = nbformat.read(path, as_version=4)
    km = AsyncKernelManager(kernel_name="python3", kernel_spec_manager=spec_manager())
    client = NotebookClient(nb, km=km, timeout=timeout, record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    started = time.perf_counter()
    async with client.async_setup_kernel(cleanup_kc=True, stderr=stderr):
        await client.async_wait_for_reply(client.kc.kernel_info())
        ready = time.perf_counter()
        pid = kernel_pid(client.km)
        cpu = cpu_seconds(pid)
        count = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                count += 1
                await client.async_execute_cell(cell, index, execution_count=count)
        done = time.perf_counter()
        return {"start_to_last_cell_seconds": done - started, "cells_seconds": done - ready,
                "cells_cpu_seconds": cpu_seconds(pid) - cpu, "peak_mib": proc_status(pid)["VmHWM"]}


async def _class(path: Path, learners: int, timeout: int, stderr: IO | None) -> list[dict | BaseException]:
    return await asyncio.gather(*(_one_learner(path, timeout, stderr) for _ in range(learners)),
                                return_exceptions=True)


def summarise_class(learners: int, results: list[dict | BaseException]) -> dict:
    """Median and p95 seconds, the failures and the sum of kernel peaks for one class size."""
    ok = [r for r in results if isinstance(r, dict)]
    failed = [f"{type(r).__name__}: {r}".splitlines()[0] for r in results if not isinstance(r, dict)]
    summary = {"learners": learners, "failures": len(failed), "failure_messages": failed[:3]}
    if ok:
        total = [r["start_to_last_cell_seconds"] for r in ok]
        cells = [r["cells_seconds"] for r in ok]
        summary.update({
            "start_to_last_cell_median_seconds": statistics.median(total),
            "start_to_last_cell_p95_seconds": percentile(total, 95),
            "cells_median_seconds": statistics.median(cells),
            "cells_p95_seconds": percentile(cells, 95),
            "cells_cpu_median_seconds": statistics.median(r["cells_cpu_seconds"] for r in ok),
            "peak_mib_each_median": statistics.median(r["peak_mib"] for r in ok),
            "peak_mib_sum": sum(r["peak_mib"] for r in ok),
        })
    return summary


def run_class(path: Path, sizes: list[int], timeout: int = 300, stderr: IO | None = None) -> list[dict]:
    """Run ``path`` in N concurrent fresh kernels for each N in ``sizes``, one class after another."""
    return [summarise_class(n, asyncio.run(_class(path, n, timeout, stderr))) for n in sizes]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _api(base: str, token: str, method: str, path: str, body: dict | None = None, timeout: float = 10):
    request = urllib.request.Request(f"{base}/{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"token {token}",
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # loopback only
        text = response.read().decode()
    return json.loads(text) if text.strip().startswith(("{", "[")) else text


def server_memory(root: Path, notebook: Path, settle_s: float = 3.0, stderr: IO | None = None) -> dict:
    """Resident memory (MiB) of a JupyterLab server, as learners get it, idle and with one lesson open.

    The server runs from this virtualenv on 127.0.0.1 with fresh config and runtime folders (so the
    shipped settings in the environment apply, as for a learner). "One lesson open" means the lab page
    and the notebook fetched and a session (with its kernel) started for it through the REST API, as
    JupyterLab does on opening it; the kernel's own memory is measured separately by ``run_class``.
    """
    port, token = _free_port(), secrets.token_hex(16)
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "JUPYTER_CONFIG_DIR": f"{home}/config", "JUPYTER_RUNTIME_DIR": f"{home}/runtime",
               "IPYTHONDIR": f"{home}/ipython", "JUPYTERLAB_WORKSPACES_DIR": f"{home}/workspaces"}
        argv = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip", "127.0.0.1", f"--port={port}",
                f"--IdentityProvider.token={token}", "--ServerApp.open_browser=False", f"--ServerApp.root_dir={root}"]
        if os.geteuid() == 0:
            argv.append("--allow-root")
        proc = subprocess.Popen(argv, env=env, stdout=stderr or subprocess.DEVNULL,
                                stderr=stderr or subprocess.DEVNULL, start_new_session=True)
        try:
            started = time.perf_counter()
            while True:
                try:
                    _api(base, token, "GET", "api/status")
                    break
                except OSError:
                    if proc.poll() is not None or time.perf_counter() - started > 120:
                        raise RuntimeError("the JupyterLab server did not start")
                    time.sleep(0.2)
            up_seconds = time.perf_counter() - started
            time.sleep(settle_s)
            idle = proc_status(proc.pid)
            rel = notebook.resolve().relative_to(root.resolve()).as_posix()
            _api(base, token, "GET", "lab")
            _api(base, token, "GET", f"api/contents/{rel}?content=1")
            session = _api(base, token, "POST", "api/sessions",
                           {"path": rel, "type": "notebook", "name": notebook.name, "kernel": {"name": "python3"}},
                           timeout=60)
            time.sleep(settle_s)
            opened = proc_status(proc.pid)
            _api(base, token, "DELETE", f"api/sessions/{session['id']}")
            return {"server_start_seconds": up_seconds, "idle_rss_mib": idle["VmRSS"],
                    "one_lesson_rss_mib": opened["VmRSS"], "peak_mib": opened["VmHWM"], "notebook": rel}
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def parse_sizes(text: str) -> list[int]:
    """``"1,10,30"`` -> ``[1, 10, 30]``; each a positive whole number."""
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise ValueError(f"--class takes class sizes separated by commas, such as 1,10,30; got {text!r}") from None
    if not sizes or any(n < 1 for n in sizes):
        raise ValueError(f"--class takes positive class sizes, such as 1,10,30; got {text!r}")
    return sizes


def format_class(result: dict) -> str:
    """The class-scale figures as a small table, one row per class size, and the server's memory."""
    lines = [f"A class running {result['notebook']} at once (fresh kernels, this machine: {result['cpus']} cores)",
             "learners | start -> last cell, median / p95 | cells only, median / p95 | kernel CPU, median | "
             "peak per kernel | sum of kernel peaks | failures"]
    for row in result["classes"]:
        if "cells_median_seconds" not in row:
            lines.append(f"{row['learners']:>8} | all failed: {'; '.join(row['failure_messages'])}")
            continue
        lines.append(
            f"{row['learners']:>8} | {row['start_to_last_cell_median_seconds']:.1f} / "
            f"{row['start_to_last_cell_p95_seconds']:.1f} s | {row['cells_median_seconds']:.1f} / "
            f"{row['cells_p95_seconds']:.1f} s | {row['cells_cpu_median_seconds']:.2f} s | "
            f"{row['peak_mib_each_median']:.0f} MiB | {row['peak_mib_sum']:,.0f} MiB | {row['failures']}")
    server = result.get("server")
    if server:
        if "error" in server:
            lines.append(f"JupyterLab server: not measured ({server['error']})")
        else:
            lines.append(f"JupyterLab server: {server['idle_rss_mib']:.0f} MiB idle, "
                         f"{server['one_lesson_rss_mib']:.0f} MiB with {server['notebook']} open "
                         f"(started in {server['server_start_seconds']:.1f} s)")
    return "\n".join(lines)
