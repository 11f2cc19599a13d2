"""Collapsed code: `python -m helpers hide-code` and the check that every code cell of the course is collapsed."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from helpers.authoring import hidden_code
from helpers.authoring.checker import all_problems

ROOT = Path(__file__).resolve().parent.parent


def notebook(*cells: dict) -> dict:
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def code(cid: str, source: str = "helpers.x()", **metadata) -> dict:
    return {"cell_type": "code", "execution_count": None, "id": cid, "metadata": metadata, "outputs": [],
            "source": source}


def test_hide_code_collapses_every_code_cell_and_nothing_else():
    nb = notebook({"cell_type": "markdown", "id": "m", "metadata": {}, "source": "# Title"},
                  code("a"), code("b", tags=["nbval-ignore-output"]), code("c", jupyter={"source_hidden": True}))
    assert hidden_code.open_code_cells(nb) == ["a", "b"]
    assert hidden_code.hide_code(nb) == 2
    assert hidden_code.open_code_cells(nb) == []
    assert nb["cells"][0]["metadata"] == {}  # Markdown is left alone
    assert nb["cells"][2]["metadata"] == {"tags": ["nbval-ignore-output"], "jupyter": {"source_hidden": True}}
    assert hidden_code.hide_code(nb) == 0  # again: nothing changes


def test_hide_code_on_a_copy_of_the_lessons_changes_only_metadata(tmp_path):
    """Run as an instructor would, on a copy: every lesson and memo.ipynb collapsed, sources and layout kept."""
    lessons = tmp_path / "lessons"
    shutil.copytree(ROOT / "lessons", lessons, ignore=shutil.ignore_patterns("*-my-notes*"))
    run = subprocess.run([sys.executable, "-m", "helpers", "hide-code", "--lessons", str(lessons)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    names = [p.name for p in hidden_code.course_notebooks(lessons)]
    assert "memo.ipynb" in names and len(names) >= 8
    for name in names:
        before = json.loads((ROOT / "lessons" / name).read_text(encoding="utf-8"))
        text = (lessons / name).read_text(encoding="utf-8")
        after = json.loads(text)
        assert hidden_code.open_code_cells(after) == [], name
        assert [c["source"] for c in after["cells"]] == [c["source"] for c in before["cells"]], name
        for old, new in zip(before["cells"], after["cells"]):
            meta = dict(new["metadata"])
            if new["cell_type"] == "code":
                assert meta.pop("jupyter") == {**old["metadata"].get("jupyter", {}), "source_hidden": True}
            assert meta == {k: v for k, v in old["metadata"].items() if k != "jupyter" or new["cell_type"] != "code"}
        assert text == json.dumps(after, ensure_ascii=False, indent=1) + "\n", f"{name}: the file's layout changed"
    assert not [p for p in all_problems(None, lessons) if p.field == "source_hidden"]
    again = subprocess.run([sys.executable, "-m", "helpers", "hide-code", str(lessons / names[0])], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "already collapsed" in again.stdout


def test_check_names_a_notebook_with_code_left_open(tmp_path):
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "99-open.ipynb").write_text(json.dumps(notebook(code("one"), code("two"))), encoding="utf-8")
    problems = hidden_code.check_hidden_code(lessons)
    assert len(problems) == 1
    assert str(problems[0]).startswith("lessons/99-open.ipynb, field 'source_hidden': 2 code cell(s) show their "
                                       "code (one, two)")
    assert "python -m helpers hide-code" in str(problems[0])


def test_every_code_cell_of_the_course_is_collapsed():
    """A lesson opens with its code collapsed: readers found the calls noise, and an event's id gave a date away.
    Fails until `python -m helpers hide-code` has been run on the lessons (and after a code cell is added)."""
    problems = hidden_code.check_hidden_code()
    assert not problems, "\n".join(map(str, problems))
