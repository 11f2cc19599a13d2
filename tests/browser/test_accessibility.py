"""Every lesson's outputs after Run All pass axe-core's WCAG 2.0/2.1 A and AA rules in JupyterLab.

Run with ``.venv/bin/python -m pytest -m browser tests/browser/test_accessibility.py``. Each lesson's
violations (rule, cell, element) are appended to ``artifacts/axe-violations.jsonl``. A violation in
markup the course produces fails the test; one in JupyterLab's or ipywidgets' own markup passes only
through an entry of ``axe.ALLOWED`` that names its upstream issue, and is still listed.
"""
from __future__ import annotations

import json

import pytest

import axe
import lab

pytestmark = pytest.mark.browser

LESSONS = [p for p in lab.find_notebooks() if p.startswith("lessons/")]


def output_areas(run: lab.Run) -> str:
    """CSS for the output areas of the notebook this run shows."""
    return f"#{run.panel_id} .jp-Cell-outputArea"


def record(path: str, violations: list[dict], advice: list[dict]) -> None:
    """One JSON line per lesson: WCAG violations (course's and allowed) and, for information, best practice."""
    out = lab.ARTIFACTS / "axe-violations.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    line = {"notebook": path, "violations": len([v for v in violations if not v["allowed"]]),
            "allowed": len([v for v in violations if v["allowed"]]), "by_rule": axe.counts(violations),
            "items": violations, "best_practice": axe.counts(advice), "best_practice_items": advice}
    with out.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(line, ensure_ascii=False) + "\n")


@pytest.mark.parametrize("path", LESSONS)
def test_lesson_outputs_pass_axe(notebook_run, path):
    """axe-core over the notebook's output areas: no violation outside the commented allow-list."""
    run = notebook_run(path)
    found = axe.run_axe(run.page, output_areas(run))
    # Not failures of WCAG 2.1 AA, recorded for the authors: heading order, empty headers, landmarks.
    advice = axe.run_axe(run.page, output_areas(run), allowed=[], tags=["best-practice"])
    record(path, found, advice)
    course = [v for v in found if not v["allowed"]]
    if course:
        pytest.fail(f"{path}: {len(course)} accessibility violation(s) in the course's markup "
                    f"({axe.counts(course)}):\n{axe.describe(course)}", pytrace=False)


CHARTED = [p for p in LESSONS if not p.endswith("/memo.ipynb")]
"""Lessons that draw charts as they open: the annotated memo draws one only after a search (test_memo.py runs one)."""


@pytest.mark.parametrize("path", CHARTED)
def test_each_chart_is_named_by_its_description(notebook_run, path):
    """Vega writes a chart's description as the aria-label of its view (role graphics-document): its name."""
    run = notebook_run(path)
    views = lab.call(run.page, "chartNames", path)
    assert views, f"{path}: no chart found on the page"
    wrong = [v for v in views if v["role"] != "graphics-document" or not v["name"].strip()
             or (v["description"] is not None and v["name"] != v["description"])]
    assert not wrong, f"{path}: charts whose view is not named by their description: {wrong}"
