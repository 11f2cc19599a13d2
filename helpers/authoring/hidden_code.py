"""Collapsed code: every code cell of the lessons and of the annotated memo opens with its input hidden.

A learner reads the lesson's prose and its outputs; the one-line ``helpers`` calls above them are
noise to most, and some gave answers away before a question asked them (an event's id with its date).
JupyterLab keeps a cell's input collapsed when the cell's metadata holds
``"jupyter": {"source_hidden": true}``: the cell shows a thin bar with an ellipsis, its output stays
in view, and a click on the bar (or View > Expand All Code) shows the code again.

``python -m helpers hide-code`` collapses every code cell of ``lessons/NN-*.ipynb`` and
``lessons/memo.ipynb``; ``python -m helpers check`` reports a notebook with a code cell left open.
The functions over one notebook's JSON are pure; :func:`hide_code_in` writes a file only when a cell
changed, keeping the file's own layout (one-space indent, key order, the final newline).
"""
from __future__ import annotations

import json
from pathlib import Path

from .. import paths
from ..data import Problem
from ..notebooks import lesson_paths

HIDDEN = {"source_hidden": True}
"""What ``metadata["jupyter"]`` holds in a cell whose input JupyterLab shows collapsed."""


def is_hidden(cell: dict) -> bool:
    """Whether JupyterLab opens this cell with its input collapsed."""
    return bool(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"))


def open_code_cells(nb: dict) -> list[str]:
    """The code cells of a notebook (their ids, or "cell N" counted from 1) whose input is not collapsed."""
    return [cell.get("id") or f"cell {n}" for n, cell in enumerate(nb.get("cells", []), start=1)
            if cell.get("cell_type") == "code" and not is_hidden(cell)]


def hide_code(nb: dict) -> int:
    """Collapse the input of every code cell of ``nb`` (in place); return how many cells changed.

    Markdown cells, outputs and every other metadata key are left as they are; running it again
    changes nothing.
    """
    changed = 0
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code" and not is_hidden(cell):
            cell.setdefault("metadata", {}).setdefault("jupyter", {}).update(HIDDEN)
            changed += 1
    return changed


def course_notebooks(lessons_dir: Path | str | None = None) -> list[Path]:
    """The notebooks whose code is collapsed: every lesson, and ``memo.ipynb`` where it exists."""
    folder = paths.lessons_dir(lessons_dir)
    memo = folder / "memo.ipynb"
    return lesson_paths(folder) + ([memo] if memo.exists() else [])


def hide_code_in(path: Path | str) -> int:
    """Collapse every code cell of the notebook at ``path``; write it only when a cell changed."""
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
    """One problem per course notebook with a code cell whose input is not collapsed."""
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
    return problems
