"""Measurements that need a fresh kernel: run a notebook, time the first chart, profile start-up.

Every kernel is the virtualenv's own ``python3`` kernel (``<sys.prefix>/share/jupyter/kernels``),
started in the notebook's folder, and is shut down before the next one starts.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import IO

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager, KernelManager
from nbclient import NotebookClient

VEGALITE = "application/vnd.vegalite.v5+json"
KERNELS = Path(sys.prefix) / "share" / "jupyter" / "kernels"

FIRST_CHART = """\
import helpers
helpers.setup()
import altair as alt
display(alt.Chart({"values": helpers.data.rows("figures")}).mark_bar().encode(x="value:Q", y="label:N"))
"""

# Where a lesson-like kernel spends its time and memory: (step, code), run in this order.
PROFILE = [
    ("import helpers", "import helpers"),
    ("read two tables as rows (no pandas)", "_f = helpers.data.rows('figures'); _e = helpers.data.rows('excerpts')"),
    ("import altair", "import altair as alt"),
    ("helpers.setup()", "helpers.setup()"),
    ("first chart: build + validate (loads the Vega-Lite schema)",
     "_c = alt.Chart({'values': _f}).mark_bar().encode(x='value:Q', y='label:N', tooltip=['quote:N']); _ = _c.to_dict()"),
    ("first chart: display", "display(_c)"),
    ("five more charts",
     "for _i in range(5): display(alt.Chart({'values': _f}).mark_point().encode(x='value:Q', y='label:N', color='series:N'))"),
    ("import ipywidgets", "import ipywidgets as widgets"),
    ("three widgets displayed",
     "_w = widgets.VBox([widgets.Dropdown(options=[r['id'] for r in _e]), widgets.IntSlider(), widgets.Output()]); "
     "display(_w)"),
    ("a learner asks for a table: helpers.load (imports pandas)", "_t = helpers.load('figures')"),
]


def spec_manager() -> KernelSpecManager:
    """Kernel specs from this virtualenv only, so a user-wide ``python3`` spec cannot stand in."""
    return KernelSpecManager(kernel_dirs=[str(KERNELS)])


def proc_status(pid: int) -> dict[str, float]:
    """``VmHWM`` (peak resident) and ``VmRSS`` of a process, in MiB, from ``/proc/<pid>/status``."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            found[key] = int(value.split()[0]) / 1024  # kB -> MiB
    return found


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) a process has used, from ``/proc/<pid>/stat``: steadier than
    wall time when the machine is busy with other work."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def kernel_pid(km: KernelManager | AsyncKernelManager) -> int:
    """The kernel's process id, from the kernel manager's (local) provisioner."""
    return km.provisioner.process.pid


def run_notebook(path: Path, keep: Path | None = None, timeout: int = 120, stderr: IO | None = None) -> dict:
    """Run every cell of ``path`` in a fresh kernel whose working folder is the notebook's.

    Returns the seconds to start the kernel, to run all cells, per code cell, and the
    kernel's peak and final resident memory (MiB). With ``keep``, writes the executed
    notebook there, outputs and widget state included. A cell running longer than ``timeout``
    seconds raises. The kernel's own log goes to ``stderr`` (default: this process's).
    """
    nb = nbformat.read(path, as_version=4)
    km = AsyncKernelManager(kernel_name="python3", kernel_spec_manager=spec_manager())
    client = NotebookClient(nb, km=km, timeout=timeout, record_timing=False, store_widget_state=True,
                            resources={"metadata": {"path": str(path.parent)}})
    started = time.perf_counter()
    with client.setup_kernel(cleanup_kc=True, stderr=stderr):
        client.wait_for_reply(client.kc.kernel_info())
        ready = time.perf_counter()
        pid = kernel_pid(client.km)
        start_rss, start_cpu = proc_status(pid)["VmRSS"], cpu_seconds(pid)
        cells = []
        count = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            count += 1
            t, c = time.perf_counter(), cpu_seconds(pid)
            client.execute_cell(cell, index, execution_count=count)
            cells.append({"cell": cell.get("id", str(index)), "seconds": time.perf_counter() - t,
                          "cpu_seconds": cpu_seconds(pid) - c})
        done = time.perf_counter()
        memory, cpu = proc_status(pid), cpu_seconds(pid) - start_cpu
        client.set_widgets_metadata()
    if keep is not None:
        nbformat.write(nb, keep)
    return {
        "kernel_start_seconds": ready - started,
        "run_seconds": done - ready,
        "run_cpu_seconds": cpu,
        "cells": cells,
        "start_rss_mib": start_rss,
        "peak_mib": memory["VmHWM"],
        "end_mib": memory["VmRSS"],
    }


class Kernel:
    """A fresh kernel for timing single cells; use as a context manager."""

    def __init__(self, cwd: Path, stderr: IO | None = None):
        self.cwd = cwd
        self.stderr = stderr

    def __enter__(self) -> "Kernel":
        started = time.perf_counter()
        self.km = KernelManager(kernel_name="python3", kernel_spec_manager=spec_manager())
        self.km.start_kernel(cwd=str(self.cwd), stderr=self.stderr)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)
        self.start_seconds = time.perf_counter() - started
        self.pid = kernel_pid(self.km)
        return self

    def __exit__(self, *exc) -> None:
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)

    def run(self, code: str, until_mime: str | None = None, timeout: float = 120) -> float:
        """Seconds from sending ``code`` until the kernel is idle again, or until an output
        carrying ``until_mime`` arrives (then still waits for idle). Raises if the code fails or
        the output never comes."""
        msg_id = self.kc.execute(code)
        started = time.perf_counter()
        seen = None
        while True:
            msg = self.kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "error":
                raise RuntimeError(f"kernel error in {code!r}: {content['ename']}: {content['evalue']}")
            if until_mime and kind in ("display_data", "execute_result") and until_mime in content["data"]:
                seen = seen or time.perf_counter() - started
            if kind == "status" and content["execution_state"] == "idle":
                if until_mime and seen is None:
                    raise RuntimeError(f"{code!r} finished without a {until_mime} output")
                return seen or time.perf_counter() - started


def first_chart(cwd: Path, stderr: IO | None = None) -> dict:
    """Seconds to start a fresh kernel, then from sending the set-up-and-chart cell to its chart."""
    with Kernel(cwd, stderr) as kernel:
        cpu = cpu_seconds(kernel.pid)
        seconds = kernel.run(FIRST_CHART, until_mime=VEGALITE)
        return {"kernel_start_seconds": kernel.start_seconds, "seconds": seconds,
                "cpu_seconds": cpu_seconds(kernel.pid) - cpu}


def profile(cwd: Path, stderr: IO | None = None) -> list[dict]:
    """Run ``PROFILE``'s steps in one fresh kernel: seconds and resident MiB after each step."""
    with Kernel(cwd, stderr) as kernel:
        cpu = cpu_seconds(kernel.pid)
        steps = [{"step": "kernel started", "seconds": kernel.start_seconds, "cpu_seconds": cpu,
                  "rss_mib": proc_status(kernel.pid)["VmRSS"]}]
        for name, code in PROFILE:
            seconds = kernel.run(code)
            cpu, was = cpu_seconds(kernel.pid), cpu
            steps.append({"step": name, "seconds": seconds, "cpu_seconds": cpu - was,
                          "rss_mib": proc_status(kernel.pid)["VmRSS"]})
        steps[-1]["peak_mib"] = proc_status(kernel.pid)["VmHWM"]
    for before, after in zip(steps, steps[1:]):
        after["added_mib"] = after["rss_mib"] - before["rss_mib"]
    steps[0]["added_mib"] = steps[0]["rss_mib"]
    return steps
