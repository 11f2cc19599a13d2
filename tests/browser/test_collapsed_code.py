"""A collapsed code cell's bar in JupyterLab shows the cell's first line: after `python -m helpers hide-code` it
reads a neutral comment, never an id or a date (03's `helpers.cards(["event:steel-doubling-1958-06-19"]` gave the
date away before the learner committed)."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

import lab
from helpers.authoring import hidden_code

pytestmark = pytest.mark.browser

LESSON = "lessons/03-climb-the-steel-ladder.ipynb"
COPY = "artifacts/hidden-code/03-collapsed.ipynb"
"""A copy of lesson 03's setup and its code cells that open with an id holding a date, collapsed by the tool
(artifacts/ is git-ignored: the lessons themselves are collapsed by the lead with the same tool)."""


def _collapsed_copy() -> list[str]:
    """Write :data:`COPY` and return the first lines its code cells open with, in order."""
    nb = json.loads((lab.ROOT / LESSON).read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    for cell in code:  # the call as written, without the comment the tool gave it: the tool gives it again
        lines = "".join(cell["source"]).split("\n")
        cell["source"] = "\n".join(lines[1:] if lines[0].startswith("#") else lines)
        cell["outputs"], cell["execution_count"] = [], None
    dated = [c for c in code if re.search(r"\d{4}-\d\d", c["source"].split("\n")[0])]
    assert dated, f"{LESSON}: no code cell's call opens with a dated id; the test needs one"
    nb["cells"] = [code[0], *dated[:3]]
    hidden_code.hide_code(nb)
    path = lab.ROOT / COPY
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return ["".join(c["source"]).split("\n")[0] for c in nb["cells"]]


def test_a_collapsed_cell_shows_its_neutral_comment_not_the_call(notebook_run):
    lines = _collapsed_copy()
    assert all(line.startswith("# ") for line in lines), lines
    run = notebook_run(COPY)
    bars = run.panel.locator(".jp-CodeCell .jp-InputPlaceholder .jp-PlaceholderText")
    expect(bars, f"{COPY}: every code cell should open collapsed").to_have_count(len(lines))
    shown = bars.all_inner_texts()
    assert shown == lines, f"{COPY}: the collapsed bars read {shown}, not the comments {lines}"
    assert not any(re.search(r"\d", text) for text in shown), f"{COPY}: a date or id in a collapsed bar: {shown}"
    assert "# Cards for this step" in shown
    expect(run.panel.locator(".jp-CodeCell .jp-InputArea .cm-editor:visible"),
           f"{COPY}: no code should show").to_have_count(0)
    run.panel.locator(".jp-InputPlaceholder").nth(1).screenshot(path=str(lab.ARTIFACTS / "screenshots"
                                                                         / "03-collapsed-bar.png"))
