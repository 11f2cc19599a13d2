"""Lesson 00 from top to bottom with the keyboard alone: Tab, Enter, Space and typing, no mouse.

Run with ``.venv/bin/python -m pytest -m browser tests/browser/test_keyboard.py``.

The learner starts on the lesson's first cell (where JupyterLab puts them when the notebook opens) and
presses Tab from there. On the way, every "Show the numbers" disclosure is opened with Enter, every
self-check question is answered (the right option reached with Tab and taken with Space, numbers and text typed)
and checked with Enter, the notes are typed and saved with Enter, and the notes file is read from disk.
Every control that takes focus must show where the focus is.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

import lab
from helpers import notes, questions

pytestmark = pytest.mark.browser

LESSON = "00"
MAX_TABS = 200


def _wait_until_quiet(run: lab.Run) -> None:
    """Wait until the notebook's kernel has stayed idle for a second (every widget update has arrived)."""
    lab.call(run.page, "forgetQuiet")
    lab.wait_until(run.page, "kernelQuiet", run.path, timeout_s=60)


def _lesson() -> str:
    found = [p for p in lab.find_notebooks() if Path(p).name.startswith(f"{LESSON}-")]
    assert len(found) == 1, f"expected one lesson {LESSON}, found {found}"
    return found[0]


def test_00_keyboard_only_from_top_to_bottom(notebook_run, notes_left_as_found):
    """Tab through lesson 00: open the numbers, answer and check every question, save the notes; all by keys."""
    run = notebook_run(_lesson())
    notes_file = notes_left_as_found(LESSON)
    page = run.page
    where = f"{run.path}, keyboard only"
    items = questions.load_questions(LESSON)
    prompts = [p.inner_text().strip() for p in lab.widget(run, "course-learners-notebook").locator("p").all()]
    prompts = [p.split(". ", 1)[1] if p[:1].isdigit() else p for p in prompts if p and not p.startswith("Your ")]
    typed_notes: list[str] = []
    answered: set[int] = set()
    checked: set[int] = set()
    opened = 0
    unseen_focus: list[str] = []
    saved = False

    run.panel.locator(".jp-Cell").first.evaluate(lab.function("focus"))  # where the learner lands on opening
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        f = lab.call(page, "focused", run.panel_id)
        assert f["where"] == "panel", f"{where}: Tab left the notebook before the notes were saved ({f})"
        if f["widget"] and not f["focusShown"]:
            unseen_focus.append(f"{f['widget']} {f['tag']} {f['text'] or f['label']!r}")
        if f["widget"] == "numbers" and f["tag"] == "summary" and not f["open"]:
            page.keyboard.press("Enter")
            opened += 1
            table = page.locator("details.course-numbers[open] table")
            expect(table.nth(opened - 1), f"{where}: Enter on 'Show the numbers' should open its table").to_be_visible()
        elif f["widget"] == "self-check":
            n, q = f["question"], items[f["question"]]
            if q.kind == "choice" and f["type"] == "radio" and n not in answered:
                # ipywidgets' radios share no name, so each option is a stop of its own for Tab (an arrow key
                # would go to JupyterLab, which moves to the next cell): Space takes the focused option. The
                # options are shown shuffled, so the right one is found by its label, wherever it is.
                if " ".join(f["label"].split()) == q.answer:
                    page.keyboard.press("Space")
                    answered.add(n)
            elif q.kind == "number" and f["tag"] == "input" and n not in answered:
                page.keyboard.type(f"{q.answer:g}")
                answered.add(n)
            elif q.kind == "open" and f["tag"] == "textarea" and n not in answered:
                page.keyboard.type("A first answer in my own words.")
                answered.add(n)
            elif f["tag"] == "button" and n in answered and n not in checked:
                page.keyboard.press("Enter")
                checked.add(n)
                feedback = lab.widget(run, "course-self-check").locator('[class*="course-question-"]').nth(n).locator(
                    "p[role=status]")
                expect(feedback, f"{where}: question {n + 1} ({q.id}) checked with Enter").to_have_text(
                    questions.check_answer(q, q.answer if q.kind != "open" else "x").message)
        elif f["widget"] == "notes":
            if f["tag"] == "textarea":
                text = f"My note {len(typed_notes) + 1}, typed with the keyboard."
                page.keyboard.type(text)
                typed_notes.append(text)
            elif f["tag"] == "button" and f["text"] == "Save":
                # A learner takes a moment between the last key and Save; Playwright types in no time, and
                # ipywidgets holds back a text box's updates while one is on its way to the kernel, while
                # a button's click goes at once (so a Save pressed within milliseconds can miss the last
                # letters: that race is learners_notebook's to fix). Wait until the kernel has been idle a while.
                _wait_until_quiet(run)
                page.keyboard.press("Enter")
                saved = True
                break
    assert saved, f"{where}: {MAX_TABS} presses of Tab did not reach the Save button"
    assert opened >= 1, f"{where}: no 'Show the numbers' disclosure was reached with Tab"
    assert answered == checked == set(range(len(items))), \
        f"{where}: every question should be answered and checked; answered {sorted(answered)}, checked {sorted(checked)}"
    marked = {q.id: True for q in items if q.kind != "open"}
    expect(lab.widget(run, "course-self-check").locator(":scope > *").last,
           f"{where}: the score after answering every question right").to_have_text(questions.score(marked, items))
    status = lab.widget(run, "course-learners-notebook").locator("p[role=status]")
    expect(status, f"{where}: Save pressed with Enter should report the file").to_contain_text("Saved to")
    saved_notes = notes.load_notes(LESSON, notes_file.parent)
    assert list(saved_notes.values()) == typed_notes and len(typed_notes) == len(saved_notes) > 0, \
        f"{where}: the notes file {notes_file} should hold what was typed: {saved_notes}"
    assert not unseen_focus, f"{where}: focus was not visible on: {unseen_focus}"
