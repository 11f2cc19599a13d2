"""The checks: what is wrong with a run, one sentence each, and what it measured.

``problems(run)`` names every cell that failed, showed a traceback or a widget's repr, a chart or
widget that did not render, a request off this machine, a console error, a notification or a
request for news; ``clipped(run)`` names chart parts that do not fit their output area.
"""
from __future__ import annotations

import json
import re
import urllib.parse
from pathlib import Path

from .page import call, wait_until
from .run import VIEWPORT, Run
from .server import ARTIFACTS, ROOT, SHIPPED_SETTINGS

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}

# A widget's repr, e.g. "VBox(children=(...))" or "Dropdown(description='Excerpt', ...)": shown when the
# widget manager is missing (text/plain) or when a lesson prints a widget (stdout).
_RAW_WIDGET = re.compile(r"^\s*(\w*(Box|Slider|Button|Buttons|Picker)|Dropdown|Select\w*|Text|Textarea|Checkbox|"
                         r"Tab|Accordion|HTML|Label|Output|interactive)\((\)|\w+=)", re.M)
_BAD_TEXT = ("Error loading script", "Javascript Error", "<VegaLite", "Error displaying widget")


def is_offsite(url: str) -> bool:
    """True for a request that leaves this machine (data:, blob: and about: URLs stay)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return False
    return (parts.hostname or "") not in LOOPBACK


def _where(run: Run, cell: dict) -> str:
    return f"{run.path}, cell {cell['index']} (id {cell['id']}, '{cell['head']}')"


def _output_problems(where: str, out: dict) -> list[str]:
    found = []
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
    return found


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
            found += _output_problems(where, out)
    charts = sum(o["chart"] for c in run.cells for o in c["outputs"])
    rendered = sum(bool(o["renderer"]) for c in run.cells for o in c["outputs"])
    if charts != rendered:
        found.append(f"{run.path}: {rendered} of {charts} chart outputs rendered")
    found += page_problems_since(run, 0, 0)
    for toast in run.toasts:
        found.append(f"{run.path}: JupyterLab shows a notification a learner would have to answer: {toast[:200]!r}")
    asked = sorted({u.split("?")[0] for u in run.requests if re.search(r"/lab/api/(news|update)\b", u)})
    if asked:
        found.append(f"{run.path}: JupyterLab asked for news or updates ({', '.join(asked)}); the learner's "
                     f"settings ({SHIPPED_SETTINGS.relative_to(ROOT)}) should turn both off")
    return found


def page_problems_since(run: Run, requests: int, console_errors: int) -> list[str]:
    """Off-machine requests and console errors that came after the given counts (e.g. during an interaction)."""
    offsite = sorted({u for u in run.requests[requests:] if is_offsite(u)})
    found = []
    if offsite:
        found.append(f"{run.path}: the browser requested {len(offsite)} address(es) off this machine: "
                     + ", ".join(offsite[:10]))
    found += [f"{run.path}: browser console error: {m[:300]}" for m in run.console_errors[console_errors:]]
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


LAYOUT_WIDTHS = (1280, 1024)
"""Browser widths at which every chart must fit the output area JupyterLab gives it."""


def clipped(run: Run, widths: tuple[int, ...] = LAYOUT_WIDTHS) -> list[str]:
    """Every chart part that does not fit its output area, or text cut short, at each browser width."""
    found = []
    page = run.page
    try:
        for width in widths:
            page.set_viewport_size({"width": width, "height": VIEWPORT["height"]})
            wait_until(page, "laidOut")
            page.wait_for_timeout(300)
            found += [f"at {width} px: {p}" for p in call(page, "clipped")]
    finally:
        page.set_viewport_size(dict(VIEWPORT))
    return list(dict.fromkeys(found))
