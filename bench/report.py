"""Pure functions: budgets, the browser's timings, summaries, the printed table.

Nothing here starts a kernel or a process, so ``tests/test_bench.py`` can check it on any data.
"""
from __future__ import annotations

import json
import statistics
from pathlib import Path

BUDGETS = {
    "lesson_run_seconds": 3.0,    # each lesson, all cells, fresh kernel
    "total_run_seconds": 15.0,    # all lessons together
    "peak_mib": 160.0,            # kernel's peak resident memory, per lesson
    "import_helpers_seconds": 1.0,
    "stored_kb": 50.0,            # each notebook as stored in git (1 KB = 1000 bytes)
    "browser_seconds": 4.0,       # opening a lesson to its last chart rendered
}
NOT_MEASURED = "not measured (run the browser suite first)"


def find_notebooks(root: Path) -> tuple[list[Path], str]:
    """The lessons (``lessons/NN-*.ipynb``), or while there are none the test notebooks; and which."""
    lessons = sorted(p for p in (root / "lessons").glob("[0-9][0-9]-*.ipynb"))
    if lessons:
        return lessons, "lessons/NN-*.ipynb"
    return sorted((root / "tests" / "notebooks").glob("*.ipynb")), "tests/notebooks/*.ipynb (no lessons yet)"


def read_browser_timings(path: Path) -> dict[str, dict] | None:
    """The browser suite's last line for each notebook in ``path`` (JSON lines), or None if absent."""
    if not path.exists():
        return None
    latest = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            latest[entry["notebook"]] = entry
    return latest


def browser_entry(timings: dict[str, dict] | None, relpath: str) -> dict | None:
    """The browser suite's entry for a notebook, matched by its path from the root, else its file name."""
    if not timings:
        return None
    if relpath in timings:
        return timings[relpath]
    name = Path(relpath).name
    matches = [e for key, e in timings.items() if Path(key).name == name]
    return matches[-1] if matches else None


def summarise_runs(runs: list[dict]) -> dict:
    """Median seconds over runs (kernel start, all cells, each cell) and the highest peak memory."""
    cells, cpu = {}, {}
    for run in runs:
        for cell in run["cells"]:
            cells.setdefault(cell["cell"], []).append(cell["seconds"])
            cpu.setdefault(cell["cell"], []).append(cell["cpu_seconds"])
    return {
        "run_seconds": statistics.median(r["run_seconds"] for r in runs),
        "run_seconds_each": [r["run_seconds"] for r in runs],
        "run_cpu_seconds": statistics.median(r["run_cpu_seconds"] for r in runs),
        "kernel_start_seconds": statistics.median(r["kernel_start_seconds"] for r in runs),
        "peak_mib": max(r["peak_mib"] for r in runs),
        "start_rss_mib": statistics.median(r["start_rss_mib"] for r in runs),
        "cells": [{"cell": k, "seconds": statistics.median(v), "cpu_seconds": statistics.median(cpu[k])}
                  for k, v in cells.items()],
    }


def checks(result: dict) -> list[dict]:
    """Each budgeted figure with its budget and whether it is within it."""
    out = []

    def check(figure: str, value: float | None, budget: str) -> None:
        if value is not None:
            out.append({"figure": figure, "value": round(value, 3), "budget": BUDGETS[budget],
                        "ok": value <= BUDGETS[budget]})

    for lesson in result["lessons"]:
        name = lesson["notebook"]
        check(f"{name}: run all cells (s)", lesson.get("run_seconds"), "lesson_run_seconds")
        check(f"{name}: peak kernel memory (MiB)", lesson.get("peak_mib"), "peak_mib")
        check(f"{name}: stored size (KB)", lesson["stored_bytes"] / 1000, "stored_kb")
        browser = lesson.get("browser") or {}
        check(f"{name}: browser, last chart (s)", browser.get("seconds_to_last_chart"), "browser_seconds")
    check("all lessons: run all cells (s)", result["total"].get("run_seconds"), "total_run_seconds")
    check("import helpers (s)", (result.get("imports") or {}).get("helpers", {}).get("median_seconds"),
          "import_helpers_seconds")
    return out


def _fmt(value: float | None, unit: str, budget: float | None = None, digits: int = 2) -> str:
    if value is None:
        return "-"
    text = f"{value:.{digits}f} {unit}"
    if budget is not None:
        text += "  ok" if value <= budget else f"  OVER {budget:g}"
    return text


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    return [line(header), line(["-" * w for w in widths]), *map(line, rows)]


PHASES = {"page_loaded": "page loaded", "app_started": "plugins active", "app_restored": "layout restored",
          "kernel_requested": "kernel asked", "kernel_idle": "kernel idle", "kernel_ready": "kernel ready",
          "run_all_started": "Run All started", "cells_done": "cells done", "rendered": "all rendered"}
"""The browser suite's phases for a lesson, in order, with the column each is printed under: the page's HTML
loaded; JupyterLab's plugins activated; its layout restored; the notebook's kernel requested (POST
/api/sessions); the kernel idle, then answering; Run All; every cell run; every chart and widget drawn."""


def browser_phase_rows(result: dict) -> list[list[str]]:
    """One row per lesson whose browser entry has phases: each phase's time, then the last chart's; with two
    lessons or more, a last row of the medians over them."""
    rows, values = [], []
    for lesson in result["lessons"]:
        entry = lesson.get("browser") or {}
        if entry.get("phases"):
            row = [*(entry["phases"].get(k) for k in PHASES), entry.get("seconds_to_last_chart")]
            values.append(row)
            rows.append([lesson["notebook"], *(_fmt(v, "s") for v in row)])
    if len(values) > 1:
        columns = [[v for v in column if v is not None] for column in zip(*values)]
        rows.append(["median", *(_fmt(statistics.median(c) if c else None, "s") for c in columns)])
    return rows


def format_report(result: dict) -> str:
    """The benchmark's figures as a plain-text table, each beside its budget."""
    b = BUDGETS
    m = result["machine"]
    out = [f"Benchmark of {result['notebooks_from']}: median of {result['runs']} run(s); {m['cpus']} CPUs, "
           f"load average {m['load_average']:.2f} at start (above the CPU count, wall times are inflated: "
           "compare CPU seconds)"]
    rows = []
    for lesson in result["lessons"]:
        browser = lesson.get("browser")
        if lesson.get("error"):
            rows.append([lesson["notebook"], "ERROR: " + lesson["error"][:60], "", "", "", "", "", ""])
            continue
        rows.append([
            lesson["notebook"],
            _fmt(lesson["run_seconds"], "s", b["lesson_run_seconds"]),
            _fmt(lesson["run_cpu_seconds"], "s"),
            _fmt(lesson["kernel_start_seconds"], "s"),
            _fmt(lesson["peak_mib"], "MiB", b["peak_mib"], 1),
            _fmt(lesson["stored_bytes"] / 1000, "KB", b["stored_kb"], 1),
            _fmt(lesson["executed_bytes"] / 1000 if lesson.get("executed_bytes") else None, "KB", None, 1),
            result["browser"]["note"] if browser is None and not result["browser"]["measured"]
            else ("no entry" if browser is None else
                  _fmt(browser["seconds_to_last_chart"], "s", b["browser_seconds"])
                  + f" ({browser['charts']} charts, {browser['widgets']} widgets)"),
        ])
    t = result["total"]
    rows.append(["TOTAL", _fmt(t.get("run_seconds"), "s", b["total_run_seconds"]), "", "",
                 _fmt(t.get("peak_mib"), "MiB (max)", None, 1), _fmt(t["stored_bytes"] / 1000, "KB", None, 1),
                 _fmt(t["executed_bytes"] / 1000 if t.get("executed_bytes") else None, "KB", None, 1), ""])
    out += _table(["notebook", f"run all cells (<= {b['lesson_run_seconds']:g} s)", "(kernel CPU)", "kernel start",
                   f"peak kernel memory (<= {b['peak_mib']:g} MiB)", f"stored (<= {b['stored_kb']:g} KB)",
                   "executed + widget state", f"browser: open -> last chart (<= {b['browser_seconds']:g} s)"], rows)

    if result["browser"]["measured"]:
        out.append(f"browser column: {result['browser']['note']} (JupyterLab in headless Chromium, tests/browser)")
    phases = browser_phase_rows(result)
    if phases:
        out.append("")
        out += _table(["browser phases: seconds since navigation started", *PHASES.values(), "last chart"], phases)
    slow = [[x["notebook"], ", ".join(f"{c['cell']} {c['seconds']:.2f} s ({c['cpu_seconds']:.2f} CPU)"
                                      for c in sorted(x["cells"], key=lambda c: -c["cpu_seconds"])[:3])]
            for x in result["lessons"] if x.get("cells")]
    if slow:
        out.append("")
        out += _table(["notebook", "slowest cells by kernel CPU: id, wall seconds (CPU seconds)"], slow)

    out.append("")
    start = []
    imports = result.get("imports") or {}
    label = {"helpers": f"import helpers (<= {b['import_helpers_seconds']:g} s)",
             "helpers_setup": "import helpers; helpers.setup()  (no Altair: charts come from the chart cache)", "altair": "import altair"}
    for key, text in label.items():
        if key in imports:
            budget = b["import_helpers_seconds"] if key == "helpers" else None
            start.append([f"{text}, fresh process, median of {len(imports[key]['seconds'])}",
                          _fmt(imports[key]["median_seconds"], "s", budget), _fmt(imports[key]["median_cpu_seconds"], "s")])
    chart = result.get("first_chart")
    if chart:
        start.append([f"fresh kernel: start, median of {len(chart['runs'])}", _fmt(chart["kernel_start_seconds"], "s"), ""])
        start.append(["fresh kernel: set-up cell sent -> first chart's Vega-Lite output", _fmt(chart["seconds"], "s"),
                      _fmt(chart["cpu_seconds"], "s")])
    out += _table(["start-up", "seconds", "(CPU)"], start)

    prof = result.get("profile")
    if prof:
        out.append("")
        out += _table(["where a lesson-like kernel's time and memory go (one run)", "seconds", "(CPU)", "+MiB",
                       "resident"],
                      [[s["step"], f"{s['seconds']:.2f}", f"{s['cpu_seconds']:.2f}", f"{s['added_mib']:+.1f}",
                        f"{s['rss_mib']:.1f} MiB"] for s in prof])
        if "peak_mib" in prof[-1]:
            out.append(f"peak resident at the end: {prof[-1]['peak_mib']:.1f} MiB")

    env = result.get("environment") or {}
    out.append("")
    if env.get("skipped"):
        out.append("learner environment: skipped (--skip-env)")
    elif env:
        out.append(f"learner environment (binder/requirements.txt + the course, no test tools): "
                   f"{env['mb']:.0f} MB on disk, {env['distributions']} distributions")
        out.append("  largest: " + ", ".join(f"{d['name']} {d['mb']:.0f} MB" for d in env["largest"]))

    within = [c for c in result["checks"] if c["ok"]]
    out.append("")
    out.append(f"{len(within)} of {len(result['checks'])} budgeted figures within budget"
               + ("" if len(within) == len(result["checks"]) else ": over: "
                  + "; ".join(f"{c['figure']} {c['value']:g} > {c['budget']:g}" for c in result["checks"] if not c["ok"])))
    return "\n".join(out)
