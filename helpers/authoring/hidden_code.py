"""Collapsed code: every code cell of the lessons and of the annotated memo opens with its input hidden.

A learner reads the lesson's prose and its outputs; the one-line ``helpers`` calls above them are
noise to most, and some gave answers away before a question asked them (an event's id with its date).
JupyterLab keeps a cell's input collapsed when the cell's metadata holds
``"jupyter": {"source_hidden": true}``: the cell shows a thin bar with an ellipsis, its output stays
in view, and a click on the bar (or View > Expand All Code) shows the code again.

The collapsed bar still shows the cell's FIRST LINE (JupyterLab 4), and a first line such as
``helpers.cards(["event:steel-doubling-1958-06-19"]`` gave a date away before the learner committed. So
every code cell also opens with a neutral one-line comment, taken from :data:`LABELS` by the ``helpers``
call the cell makes ("# Cards for this step", "# Your prediction"): never an id, a date or a title.

``python -m helpers hide-code`` collapses every code cell of ``lessons/NN-*.ipynb`` and
``lessons/memo.ipynb`` and gives each its comment (a cell whose first line is already a comment keeps it);
``python -m helpers check`` reports a notebook with a code cell left open or opening with code.
The functions over one notebook's JSON are pure; :func:`hide_code_in` writes a file only when a cell
changed, keeping the file's own layout (one-space indent, key order, the final newline).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from .. import paths
from ..data import Problem
from ..notebooks import lesson_paths

HIDDEN = {"source_hidden": True}
"""What ``metadata["jupyter"]`` holds in a cell whose input JupyterLab shows collapsed."""


LABELS = {
    "setup": "# Set up the tools for this lesson",
    "excerpt": "# A passage from the memo",
    "excerpt_reader": "# Read the passages",
    "cards": "# Cards for this step",
    "card": "# A card for this step",
    "event": "# An event",
    "person": "# A person",
    "term": "# A word explained",
    "fact": "# A fact",
    "anomaly": "# A puzzle in the memo",
    "citation": "# How to cite the memo",
    "predict": "# Your prediction",
    "self_check": "# Check yourself",
    "learners_notebook": "# Your notes",
    "works_cited": "# Sources for this lesson",
    "close_reading": "# Read closely",
    "timeline_chart": "# Timeline",
    "timeline_explorer": "# Explore the timeline",
    "people_explorer": "# The people explorer",
    "stated_vs_record": "# The memo and other sources",
    "reactions_chart": "# Chart: how the room reacted",
    "certainty_chart": "# Chart: how sure Mao sounds",
    "frequency_chart": "# Chart: where a word comes up",
    "steel_chart": "# Chart: steel",
    "harvest_chart": "# Chart: grain",
    "communes_chart": "# Chart: the communes",
    "catch_up_chart": "# Chart: catching up",
    "memo_navigator": "# Find your way around the memo",
    "annotated_memo": "# The memo, with notes",
    "kwic": "# A word in its sentences",
}
"""The comment a code cell opens with, by the ``helpers`` call it makes: plain words, never an id, date or title."""

OTHER = "# Run this cell"
"""The comment of a code cell whose call is not in :data:`LABELS` (a table, a call added later)."""

_CALL = re.compile(r"\bhelpers\.(\w+)\(")


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def first_line(cell: dict) -> str:
    """The line JupyterLab shows in a collapsed cell's bar: the cell's first line, stripped."""
    return (_source(cell).splitlines() or [""])[0].strip()


def opens_with_comment(cell: dict) -> bool:
    """Whether a code cell's first line is a comment (what a collapsed cell shows gives nothing away)."""
    return first_line(cell).startswith("#")


def label(source: str) -> str:
    """The neutral comment for a code cell's source, from the first ``helpers`` call it makes.

    >>> label('helpers.cards(["event:steel-doubling-1958-06-19"], "Steel")')
    '# Cards for this step'
    """
    calls = _CALL.findall(source)
    return LABELS.get(calls[0], OTHER) if calls else OTHER


def add_comment(cell: dict) -> bool:
    """Put the neutral comment on a code cell's first line (in place); False when it already opens with one."""
    if cell.get("cell_type") != "code" or opens_with_comment(cell):
        return False
    src = cell.get("source", "")
    line = label(_source(cell)) + "\n"
    cell["source"] = [line, *src] if isinstance(src, list) else line + src
    return True


def cells_without_comment(nb: dict) -> list[str]:
    """The code cells of a notebook (their ids, or "cell N" counted from 1) whose first line is not a comment."""
    return [cell.get("id") or f"cell {n}" for n, cell in enumerate(nb.get("cells", []), start=1)
            if cell.get("cell_type") == "code" and not opens_with_comment(cell)]


def is_hidden(cell: dict) -> bool:
    """Whether JupyterLab opens this cell with its input collapsed."""
    return bool(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"))


def open_code_cells(nb: dict) -> list[str]:
    """The code cells of a notebook (their ids, or "cell N" counted from 1) whose input is not collapsed."""
    return [cell.get("id") or f"cell {n}" for n, cell in enumerate(nb.get("cells", []), start=1)
            if cell.get("cell_type") == "code" and not is_hidden(cell)]


def hide_code(nb: dict) -> int:
    """Collapse the input of every code cell of ``nb`` and open it with its comment (in place); return how
    many cells changed.

    Markdown cells, outputs and every other metadata key are left as they are; a cell that already opens
    with a comment keeps it; running it again changes nothing.
    """
    changed = 0
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        commented = add_comment(cell)
        if not is_hidden(cell):
            cell.setdefault("metadata", {}).setdefault("jupyter", {}).update(HIDDEN)
            commented = True
        changed += commented
    return changed


def course_notebooks(lessons_dir: Path | str | None = None) -> list[Path]:
    """The notebooks whose code is collapsed: every lesson, and ``memo.ipynb`` where it exists."""
    folder = paths.lessons_dir(lessons_dir)
    memo = folder / "memo.ipynb"
    return lesson_paths(folder) + ([memo] if memo.exists() else [])


def hide_code_in(path: Path | str) -> int:
    """Collapse every code cell of the notebook at ``path`` and give it its comment; write it only when a
    cell changed."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    nb = json.loads(text)
    changed = hide_code(nb)
    if changed:
        ending = "\n" if text.endswith("\n") else ""
        path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + ending, encoding="utf-8")
    return changed


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(paths.ROOT))
    except ValueError:
        return f"lessons/{path.name}"


def check_hidden_code(lessons_dir: Path | str | None = None) -> list[Problem]:
    """One problem per course notebook with a code cell whose input is not collapsed, and one per notebook with
    a code cell whose first line is not a comment."""
    problems = []
    for path in course_notebooks(lessons_dir):
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue  # the lesson checks report a notebook that cannot be read
        left = open_code_cells(nb)
        if left:
            listed = ", ".join(left[:5]) + (f" and {len(left) - 5} more" if len(left) > 5 else "")
            problems.append(Problem(_shown(path), None, "source_hidden",
                                    f"{len(left)} code cell(s) show their code ({listed}); a lesson opens with "
                                    "its code collapsed. Run 'python -m helpers hide-code' to collapse them."))
        bare = cells_without_comment(nb)
        if bare:
            listed = ", ".join(bare[:5]) + (f" and {len(bare) - 5} more" if len(bare) > 5 else "")
            problems.append(Problem(_shown(path), None, "first_line",
                                    f"{len(bare)} code cell(s) do not open with a comment ({listed}); a collapsed "
                                    "cell shows its first line, and a call's ids can give an answer away. Run "
                                    "'python -m helpers hide-code' to open each with a neutral comment."))
    return problems
