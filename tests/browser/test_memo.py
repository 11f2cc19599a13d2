"""The annotated memo in JupyterLab: read it, unfold an apparatus, search it, and land on a paragraph from a lesson.

Run with the browser suite: ``.venv/bin/python -m pytest -m browser tests/browser -k memo``.
Every expected text is read from the data or the helpers, never written here.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

import helpers
import lab
from helpers import apparatus, edition, paragraph_links, reading
from helpers.authoring import anatomy

pytestmark = pytest.mark.browser

MEMO = "lessons/memo.ipynb"
TARGET = "p51"


def _lesson_linking(pid: str) -> tuple[str, int]:
    """The first lesson whose Markdown links to paragraph ``pid`` of the annotated memo, and that cell's index."""
    for path in anatomy.lesson_paths():
        for index, cell in enumerate(anatomy.read_notebook(path)["cells"]):
            if cell["cell_type"] == "markdown" and (pid, pid) in paragraph_links.linked_refs("".join(cell["source"])):
                return f"lessons/{path.name}", index
    raise AssertionError(f"no lesson links to {pid}: run scripts/link_paragraphs.py")


def _in_view(run: lab.Run, selector: str) -> bool:
    """True when the element's top lies inside the visible part of the notebook's scrolling area."""
    return lab.call(run.page, "inView", selector)


def _scroll_to_top(run: lab.Run) -> None:
    run.panel.locator(".jp-WindowedPanel-outer").evaluate(lab.function("scrollToTop"))
    run.page.wait_for_timeout(300)


@pytest.fixture(scope="module")
def memo_run(server, browser):
    """The annotated memo opened and run once; closed (with its kernel) after this module."""
    run = lab.open_and_run(browser, server, MEMO)
    try:
        yield run
    finally:
        run.close()


def test_memo_shows_every_paragraph_in_order(memo_run):
    assert not lab.problems(memo_run), "\n".join(lab.problems(memo_run))
    ids = lab.attribute_of_each(memo_run.panel.locator("section.memo-para"), "data-jupyter-id")
    assert ids == list(helpers.load_memo().paragraphs["id"]), f"{MEMO}: paragraphs shown {ids[:5]}..."


def test_memo_unfolds_an_apparatus(memo_run):
    section = memo_run.panel.locator(f"section#{TARGET}")
    details = section.locator("details.memo-apparatus")
    expect(details).not_to_have_attribute("open", "")
    summary = details.locator("> summary")
    summary.scroll_into_view_if_needed()
    summary.click()
    expect(details).to_have_attribute("open", "")
    app = apparatus.apparatus_all()[TARGET]
    first_figure = app.figures[0]
    expect(details.locator(f"tr[data-figure='{first_figure}']")).to_be_visible()
    verdict = details.locator("details.memo-verdict").first
    expect(verdict).not_to_have_attribute("open", "")  # predict first: the verdict stays folded


def test_memo_search_finds_a_phrase(memo_run):
    phrase = "steel"
    navigator = lab.widget(memo_run, "course-memo-navigator")
    box = navigator.locator(".course-close-reading input[type='text']")
    box.fill(phrase)
    box.press("Enter")
    want = len(reading.kwic(phrase))
    expect(navigator.locator(".course-close-reading table.course-kwic caption")).to_contain_text(
        f"{want} occurrence(s)")


def test_memo_filter_lists_where_the_room_reacted(memo_run):
    navigator = lab.widget(memo_run, "course-memo-navigator")
    navigator.get_by_label(re.compile("Only where the room reacted")).check()
    want = apparatus.filter_paragraphs(reacted=True)
    links = navigator.locator("ul.memo-index a")
    expect(links).to_have_count(len(want))
    assert links.all_inner_texts() == want


def test_memo_jumps_to_a_paragraph(memo_run):
    target = "p84"
    _scroll_to_top(memo_run)
    assert not _in_view(memo_run, f"section#{target}")
    index = list(helpers.load_memo().paragraphs["id"]).index(target)
    lab.widget(memo_run, "course-memo-jump").locator("select").select_option(index=index)
    link = lab.widget(memo_run, "course-memo-jump-link").get_by_role("link", name=f"Go to {target}")
    link.click()
    memo_run.page.wait_for_timeout(500)
    assert _in_view(memo_run, f"section#{target}"), f"{MEMO}: 'Go to {target}' did not land on it"


def test_a_lesson_link_lands_on_its_paragraph(memo_run):
    lesson, index = _lesson_linking(TARGET)
    page = memo_run.page
    _scroll_to_top(memo_run)
    assert not _in_view(memo_run, f"section#{TARGET}")
    lab.call(page, "openDocument", lesson)
    lab.wait_for(page, "notebookOpened", lesson, 60, "the lesson did not open")
    # A learner scrolls to the paragraph reference; JupyterLab draws only the cells in view.
    lab.call(page, "scrollToCell", {"path": lesson, "index": index})
    link = page.locator(f".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownOutput a[href*='memo.ipynb'][href$='#{TARGET}']").first
    expect(link).to_be_visible(timeout=60_000)
    assert not _in_view(memo_run, f"section#{TARGET}")
    link.click()
    lab.wait_until(page, "panelShown", f"section#{TARGET}", timeout_s=30)
    page.wait_for_timeout(500)
    assert _in_view(memo_run, f"section#{TARGET}"), f"{lesson}: the link to {TARGET} did not land on it"


def test_a_part_heading_goes_on_to_the_next_part_and_back_up_to_the_list(memo_run):
    """Under each part heading, "next: Part N →" lands on the next part's first paragraph and "↑ all parts" on the
    list of parts (a reader dipping into Part 8 had to scroll back to the top to reach Part 11)."""
    parts = list(helpers.data.rows("stretches"))
    number = len(parts) // 2  # a part in the middle of the page, far from the list
    target = parts[number]["first"]
    _scroll_to_top(memo_run)
    nav = memo_run.panel.locator("p.memo-part-nav").nth(number - 1)
    nav.scroll_into_view_if_needed()
    assert not _in_view(memo_run, f"section#{target}")
    nav.get_by_role("link", name=f"next: Part {number + 1} →").click()
    memo_run.page.wait_for_timeout(500)
    assert _in_view(memo_run, f"section#{target}"), f"{MEMO}: 'next: Part {number + 1}' did not land on {target}"
    assert not _in_view(memo_run, "nav#memo-contents")
    memo_run.panel.locator("p.memo-part-nav").nth(number).get_by_role("link", name="↑ all parts").click()
    memo_run.page.wait_for_timeout(500)
    assert _in_view(memo_run, "nav#memo-contents"), f"{MEMO}: '↑ all parts' did not land on the list of parts"
    # and "↑ the tour" goes back to the eight-question tour (a markdown heading, above the code cells)
    memo_run.panel.locator("p.memo-part-nav").nth(number).scroll_into_view_if_needed()
    assert not _in_view(memo_run, f"[data-jupyter-id='{edition.TOUR}']")
    memo_run.panel.locator("p.memo-part-nav").nth(number).get_by_role("link", name=edition.TOUR_LINK).click()
    memo_run.page.wait_for_timeout(500)
    assert _in_view(memo_run, f"[data-jupyter-id='{edition.TOUR}']"), f"{MEMO}: '{edition.TOUR_LINK}' did not land on the tour"
