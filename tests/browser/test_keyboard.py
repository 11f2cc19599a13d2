"""Lesson 00 from top to bottom with the keyboard alone: Tab, Enter, Space, arrows and typing, no mouse.

Run with ``.venv/bin/python -m pytest -m browser tests/browser/test_keyboard.py``.

The learner starts on the lesson's first cell (where JupyterLab puts them when the notebook opens) and
presses Tab from there. On the way, every "Show the numbers" disclosure is opened with Enter, every
self-check question is answered (options chosen with Space and the arrow keys, numbers and text typed)
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
FOCUSED = """(panelId) => {
  const e = document.activeElement;
  if (!e || e === document.body) return {where: 'nowhere'};
  const panel = document.getElementById(panelId);
  const check = e.closest('.course-self-check');
  const box = e.closest('[class*="course-question-"]');
  const boxes = check ? Array.from(check.querySelectorAll('[class*="course-question-"]')) : [];
  const label = e.closest('label');
  const style = getComputedStyle(e);
  return {
    where: panel && panel.contains(e) ? 'panel' : 'outside',
    tag: e.tagName.toLowerCase(), type: (e.type || '').toLowerCase(),
    text: (e.tagName === 'INPUT' || e.tagName === 'TEXTAREA' ? '' : e.innerText || '').trim().slice(0, 80),
    label: label ? label.innerText.trim() : '',
    widget: e.closest('.course-numbers') ? 'numbers' : check ? 'self-check' :
            e.closest('.course-learners-notebook') ? 'notes' : '',
    question: box ? boxes.indexOf(box) : -1,
    open: e.tagName === 'SUMMARY' ? e.parentElement.open : null,
    focusShown: e.matches(':focus-visible') && (style.outlineStyle !== 'none' && style.outlineWidth !== '0px' ||
                                                style.boxShadow !== 'none'),
  };
}"""


@pytest.fixture
def notes_left_as_found():
    """Lesson 00's notes files in lessons/ as they were before the test: new ones removed, old ones restored."""
    folder = lab.ROOT / "lessons"
    pattern = f"{LESSON}-my-notes*"
    before = {p: p.read_bytes() for p in folder.glob(pattern) if p.is_file()}
    try:
        yield notes.notes_path(LESSON, folder)
    finally:
        for path in folder.glob(pattern):
            if path not in before and path.is_file():
                path.unlink()
        for path, content in before.items():
            path.write_bytes(content)


QUIET = """(path) => {
  const p = [...window.jupyterapp.shell.widgets('main')].find(w => w.context && w.context.path === path);
  const k = p && p.sessionContext.session ? p.sessionContext.session.kernel : null;
  if (!k || k.status !== 'idle') { window.__courseIdleSince = null; return false; }
  window.__courseIdleSince = window.__courseIdleSince || performance.now();
  return performance.now() - window.__courseIdleSince > 1000;
}"""


def _wait_until_quiet(run: lab.Run) -> None:
    """Wait until the notebook's kernel has stayed idle for a second (every widget update has arrived)."""
    run.page.evaluate("() => { window.__courseIdleSince = null; }")
    run.page.wait_for_function(QUIET, arg=run.path, polling=50, timeout=60_000)


def _lesson() -> str:
    found = [p for p in lab.find_notebooks() if Path(p).name.startswith(f"{LESSON}-")]
    assert len(found) == 1, f"expected one lesson {LESSON}, found {found}"
    return found[0]


def test_00_keyboard_only_from_top_to_bottom(notebook_run, notes_left_as_found):
    """Tab through lesson 00: open the numbers, answer and check every question, save the notes; all by keys."""
    run = notebook_run(_lesson())
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

    run.panel.locator(".jp-Cell").first.evaluate("e => e.focus()")  # where the learner lands on opening
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        f = page.evaluate(FOCUSED, run.panel_id)
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
                # Space takes the first option; each arrow press moves to the next and takes it.
                page.keyboard.press("Space")
                for _ in range(q.options.index(q.answer)):
                    page.keyboard.press("ArrowDown")
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
    saved_notes = notes.load_notes(LESSON, notes_left_as_found.parent)
    assert list(saved_notes.values()) == typed_notes and len(typed_notes) == len(saved_notes) > 0, \
        f"{where}: the notes file {notes_left_as_found} should hold what was typed: {saved_notes}"
    assert not unseen_focus, f"{where}: focus was not visible on: {unseen_focus}"
