"""Collapsed code: `python -m helpers hide-code` and the check that every code cell of the course is collapsed."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from helpers.authoring import anatomy, hidden_code
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
    assert hidden_code.hide_code(nb) == 3  # c was collapsed already, but opened with code
    assert hidden_code.open_code_cells(nb) == []
    assert nb["cells"][0]["metadata"] == {}  # Markdown is left alone
    assert nb["cells"][0]["source"] == "# Title"
    assert nb["cells"][2]["metadata"] == {"tags": ["nbval-ignore-output"], "jupyter": {"source_hidden": True}}
    assert hidden_code.hide_code(nb) == 0  # again: nothing changes


def test_every_code_cell_opens_with_a_neutral_comment_and_a_comment_is_kept():
    """A collapsed cell's bar shows its first line: 03's `helpers.cards(["event:steel-doubling-1958-06-19"]`
    gave the date away before the learner committed."""
    nb = notebook(code("a", 'helpers.cards(["event:steel-doubling-1958-06-19"], "Steel")'),
                  code("b", ['helpers.predict("03", "steel-decision-16-july")']),
                  code("c", "import helpers\nhelpers.setup()"),
                  code("d", "# Mine, kept\nhelpers.timeline_chart(start=1956)"),
                  code("e", 'helpers.steel_table(record=True).head()'),
                  code("f", "x = 1"))
    assert hidden_code.cells_without_comment(nb) == ["a", "b", "c", "e", "f"]
    assert hidden_code.hide_code(nb) == 6
    sources = ["".join(c["source"]) for c in nb["cells"]]
    assert sources == ['# Cards for this step\nhelpers.cards(["event:steel-doubling-1958-06-19"], "Steel")',
                       '# Your prediction\nhelpers.predict("03", "steel-decision-16-july")',
                       "# Set up the tools for this lesson\nimport helpers\nhelpers.setup()",
                       "# Mine, kept\nhelpers.timeline_chart(start=1956)",
                       "# Run this cell\nhelpers.steel_table(record=True).head()",
                       "# Run this cell\nx = 1"]
    assert isinstance(nb["cells"][1]["source"], list)  # a list of lines stays a list of lines
    assert hidden_code.cells_without_comment(nb) == []
    assert hidden_code.hide_code(nb) == 0 and ["".join(c["source"]) for c in nb["cells"]] == sources


def test_every_label_is_a_plain_comment_naming_no_id_date_or_title():
    import re

    from helpers import api

    for name, text in {**hidden_code.LABELS, "other": hidden_code.OTHER}.items():
        assert name == "other" or name in api.PUBLIC, name
        assert text.startswith("# ") and "\n" not in text and len(text) <= 40, name
        assert not re.search(r"\d|[a-z]+-[a-z]+|:[a-z]|helpers|_", text), f"{name}: {text!r}"
    for call in ("cards", "predict", "timeline_chart", "self_check", "excerpt", "stated_vs_record"):
        assert hidden_code.label(f"helpers.{call}(\"x\")") == hidden_code.LABELS[call]
    assert hidden_code.LABELS["cards"] == "# Cards for this step"
    assert hidden_code.LABELS["predict"] == "# Your prediction"
    assert hidden_code.LABELS["self_check"] == "# Check yourself"


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
        assert hidden_code.cells_without_comment(after) == [], name
        for old, new in zip(before["cells"], after["cells"]):
            src, was = "".join(new["source"]), "".join(old["source"])
            if new["cell_type"] == "code" and not hidden_code.opens_with_comment(old):
                comment, _, rest = src.partition("\n")
                assert rest == was and comment in {*hidden_code.LABELS.values(), hidden_code.OTHER}, name
                assert not re.search(r"\d", comment), name  # no id or date in the collapsed bar
            else:
                assert src == was, name
            meta = dict(new["metadata"])
            if new["cell_type"] == "code":
                assert meta.pop("jupyter") == {**old["metadata"].get("jupyter", {}), "source_hidden": True}
            assert meta == {k: v for k, v in old["metadata"].items() if k != "jupyter" or new["cell_type"] != "code"}
        assert text == json.dumps(after, ensure_ascii=False, indent=1) + "\n", f"{name}: the file's layout changed"
    assert not [p for p in all_problems(None, lessons) if p.field in ("source_hidden", "first_line")]
    for name in names:  # the anatomy (one visible helpers call per cell, a setup cell first) still holds
        if name[:2].isdigit():
            assert not anatomy.check_lesson(lessons / name), name
            for cell in json.loads((lessons / name).read_text(encoding="utf-8"))["cells"]:
                if cell["cell_type"] == "code":
                    assert len(set(re.findall(r"helpers\.(\w+)\(", "".join(cell["source"])))) == 1, name
    again = subprocess.run([sys.executable, "-m", "helpers", "hide-code", str(lessons / names[0])], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "already collapsed, with its comment" in again.stdout


def test_check_names_a_notebook_with_code_left_open(tmp_path):
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "99-open.ipynb").write_text(json.dumps(notebook(code("one", "# A\\nhelpers.x()"), code("two", "# B"))),
                                           encoding="utf-8")
    problems = hidden_code.check_hidden_code(lessons)
    assert len(problems) == 1
    assert str(problems[0]).startswith("lessons/99-open.ipynb, field 'source_hidden': 2 code cell(s) show their "
                                       "code (one, two)")
    assert "python -m helpers hide-code" in str(problems[0])


def test_check_names_a_notebook_whose_code_cell_opens_with_code(tmp_path):
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    hidden = {"jupyter": {"source_hidden": True}}
    nb = notebook(code("ok", "# A person\nhelpers.person(\"tito\")", **hidden), code("bare", **hidden))
    (lessons / "99-bare.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    problems = hidden_code.check_hidden_code(lessons)
    assert [p.field for p in problems] == ["first_line"]
    assert "1 code cell(s) do not open with a comment (bare)" in str(problems[0])
    assert "python -m helpers hide-code" in str(problems[0])


def test_every_code_cell_of_the_course_is_collapsed_and_opens_with_a_comment():
    """A lesson opens with its code collapsed: readers found the calls noise, and an event's id gave a date away
    (the collapsed bar shows the first line, so that line is a neutral comment).
    Fails until `python -m helpers hide-code` has been run on the lessons (and after a code cell is added)."""
    problems = hidden_code.check_hidden_code()
    assert not problems, "\n".join(map(str, problems))
