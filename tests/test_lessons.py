"""The course: every lesson has the anatomy, real excerpts, a chart, a self-check, and no stored outputs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import helpers
from helpers.authoring import anatomy
from helpers.questions import load_questions

ROOT = Path(__file__).resolve().parent.parent
LESSONS = anatomy.lesson_paths(ROOT / "lessons")
NAMES = [p.name for p in LESSONS]


def test_seven_lessons_in_teaching_order():
    assert [n[:2] for n in NAMES] == ["00", "01", "02", "03", "04", "05", "06"], NAMES


@pytest.mark.parametrize("path", LESSONS, ids=NAMES)
def test_lesson_has_the_anatomy(path):
    problems = anatomy.check_lesson(path)
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("path", LESSONS + [ROOT / "instructors" / "lesson-template.ipynb"],
                         ids=NAMES + ["template"])
def test_notebook_is_stored_without_outputs_or_execution_counts(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for n, cell in enumerate(nb["cells"], start=1):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None, f"{path.name} cell {n}"


@pytest.mark.parametrize("path", LESSONS + [ROOT / "instructors" / "lesson-template.ipynb"],
                         ids=NAMES + ["template"])
def test_every_cell_has_its_own_id(path):
    """nbformat 4.5 requires a cell id (a missing one is a warning now, an error in later versions); links to
    a cell and the lesson's anatomy rely on ids being unique."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    ids = [cell.get("id") for cell in nb["cells"]]
    assert None not in ids, f"{path.name}: cell {ids.index(None) + 1} has no id"
    assert len(ids) == len(set(ids)), f"{path.name}: ids used twice: {sorted({i for i in ids if ids.count(i) > 1})}"


@pytest.mark.parametrize("path", LESSONS, ids=NAMES)
def test_every_excerpt_a_lesson_uses_exists_and_is_listed_for_it(path):
    used = anatomy.used_excerpts(path)
    table = helpers.load("excerpts").set_index("id")
    assert used, path.name
    for eid in used:
        assert eid in table.index, f"{path.name}: {eid}"


@pytest.mark.parametrize("path", LESSONS, ids=NAMES)
def test_every_lesson_has_its_questions(path):
    questions = load_questions(path.name[:2])
    kinds = {q["kind"] if isinstance(q, dict) else q.kind for q in questions}
    assert len(questions) >= 3 and "choice" in kinds, path.name


def test_every_anomaly_is_taught_in_some_lesson():
    problems = anatomy.check_course(ROOT / "lessons")
    assert not problems, "\n".join(map(str, problems))


def test_the_template_has_every_required_heading():
    nb = anatomy.read_notebook(ROOT / "instructors" / "lesson-template.ipynb")
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    for heading in anatomy.REQUIRED_HEADINGS:
        assert heading in text, heading


def test_the_anatomy_check_catches_a_lesson_without_key_points(tmp_path):
    nb = anatomy.read_notebook(LESSONS[1])
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            src = "".join(cell["source"]).replace("## Key points", "## Summary")
            cell["source"] = src
    broken = tmp_path / LESSONS[1].name
    broken.write_text(json.dumps(nb), encoding="utf-8")
    problems = anatomy.check_lesson(broken)
    assert any(p.field == "heading" and "## Key points" in p.message for p in problems), problems


def test_the_excerpts_table_says_truly_which_lessons_use_each_excerpt():
    used: dict[str, set[str]] = {}
    for path in LESSONS:
        for eid in anatomy.used_excerpts(path):
            used.setdefault(eid, set()).add(path.name[:2])
    for row in helpers.load("excerpts").itertuples():
        assert set(helpers.split_list(row.lessons)) == used.get(row.id, set()), row.id


def _cells(*specs: str) -> list[dict]:
    """Notebook cells from short specs: 'code:...' or 'md:...'."""
    return [{"cell_type": "code" if s.startswith("code:") else "markdown", "source": s.split(":", 1)[1]}
            for s in specs]


def test_the_rhythm_rule_allows_three_cards_in_a_row_and_no_more():
    card = 'code:helpers.event("x")'
    bridge = "md:## A heading\nA one-line bridge:"
    assert anatomy.rhythm_problems(_cells(card, card, bridge, card)) == []
    problems = anatomy.rhythm_problems(_cells(card, 'code:helpers.excerpt("y")', bridge, card, card))
    assert [n for n, _ in problems] == [5] and "cells 1 to 5" in problems[0][1]


def test_prose_a_chart_or_an_action_breaks_a_run_of_cards_and_a_group_counts_once():
    card = 'code:helpers.person("x")'
    paragraph = "md:" + "A paragraph of real prose that says something about the cards above. " * 3
    for breaker in (paragraph, "code:helpers.steel_chart()", 'code:helpers.predict("03", "x")'):
        assert anatomy.rhythm_problems(_cells(card, card, card, breaker, card, card, card)) == []
    group = 'code:helpers.cards(["event:a", "term:b", "fact:c", "fact:d"], "Four")'
    assert anatomy.rhythm_problems(_cells(group, card, card)) == []


def test_a_paragraph_flush_under_a_closed_fold_is_reported_and_a_gap_clears_it():
    fold = "<details><summary>An answer</summary>\n\nIt was.\n\n</details>\n"
    assert [n for n, _ in anatomy.layout_problems(_cells("md:x", "md:" + fold + "\nThe next paragraph."))] == [2]
    for after in ("<br>\n\nThe next paragraph.", "\n## A heading", "<details><summary>More</summary>x</details>", "\n"):
        assert anatomy.layout_problems(_cells("md:" + fold + after)) == [], after
    for title in ("See [p34](memo.ipynb#p34)", "The **key**", "The *key*"):
        problems = anatomy.layout_problems(_cells(f"md:<details><summary>{title}</summary>x</details>"))
        assert [n for n, _ in problems] == [1] and "raw text" in problems[0][1], title
    assert anatomy.layout_problems(_cells("md:<details><summary>Two times 9.0 = 18</summary>x</details>")) == []


def test_the_anatomy_check_reports_a_wall_of_cards(tmp_path):
    nb = anatomy.read_notebook(LESSONS[3])
    at = next(n for n, c in enumerate(nb["cells"]) if c["cell_type"] == "code" and "helpers.excerpt(" in "".join(c["source"]))
    nb["cells"][at + 1:at + 1] = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                                   "source": 'helpers.event("beidaihe-1958")'} for _ in range(4)]
    broken = tmp_path / LESSONS[3].name
    broken.write_text(json.dumps(nb), encoding="utf-8")
    assert any(p.field == "rhythm" for p in anatomy.check_lesson(broken))


def test_every_word_a_lesson_uses_is_explained_there_or_earlier():
    problems = anatomy.word_problems(ROOT / "lessons")
    assert not problems, "\n".join(map(str, problems))


def _lesson(folder: Path, name: str, *cells: dict) -> None:
    (folder / name).write_text(json.dumps({"cells": list(cells)}), encoding="utf-8")


def test_the_word_check_wants_a_definition_in_this_lesson_or_an_earlier_one(tmp_path):
    uses_cc = {"cell_type": "markdown", "source": "The CC decided."}
    defines = {"cell_type": "markdown", "source": "The party's Central Committee, the CC, met."}
    card = {"cell_type": "code", "source": 'helpers.term("central-committee")', "outputs": []}
    _lesson(tmp_path, "00-a.ipynb", uses_cc)
    _lesson(tmp_path, "01-b.ipynb", uses_cc)
    found = anatomy.word_problems(tmp_path)
    assert [(p.file, p.field) for p in found if "'CC'" in p.message] == [("lessons/00-a.ipynb", "words")]
    _lesson(tmp_path, "00-a.ipynb", defines)
    assert not [p for p in anatomy.word_problems(tmp_path) if "'CC'" in p.message]
    _lesson(tmp_path, "00-a.ipynb", {"cell_type": "markdown", "source": "Nothing here."})
    _lesson(tmp_path, "01-b.ipynb", uses_cc, card)
    assert not [p for p in anatomy.word_problems(tmp_path) if "'CC'" in p.message]


def test_a_term_shown_in_a_group_of_cards_counts_for_the_vocabulary_and_the_word_check(tmp_path):
    from helpers.authoring.vocabulary import terms_used

    uses = {"cell_type": "markdown", "source": "The Politburo decided."}
    group = {"cell_type": "code", "outputs": [],
             "source": 'helpers.cards(["event:beidaihe-1958",\n               "term:politburo"], "Beidaihe")'}
    _lesson(tmp_path, "00-a.ipynb", uses)
    assert [p for p in anatomy.word_problems(tmp_path) if "'Politburo'" in p.message]
    assert "dazibao" not in terms_used("00", tmp_path)
    _lesson(tmp_path, "00-a.ipynb", group, uses)
    assert not [p for p in anatomy.word_problems(tmp_path) if "'Politburo'" in p.message]
    _lesson(tmp_path, "00-a.ipynb", {"cell_type": "code", "outputs": [],
                                     "source": 'helpers.cards(["term:dazibao", "event:beidaihe-1958"])'})
    assert terms_used("00", tmp_path) == ["dazibao"]  # named nowhere in prose: only the group shows it
