"""Each kind of widget the lessons use, driven in JupyterLab the way a learner would, checked by what then shows.

Run with the browser suite: ``.venv/bin/python -m pytest -m browser tests/browser -q``.

The tests use the real lessons, through the session's ``notebook_run`` fixture, which keeps one
notebook open at a time. Each test is named ``test_NN_...`` after its lesson; the hook at the end
of this module moves each one right behind the render test of that lesson
(``test_notebook_runs_and_renders[lessons/NN-...]``, whichever file holds it), so that every
lesson is opened and run once per session (in file order pytest would run all of one file, then
all of the other, and open these lessons twice), and so that the render check sees each lesson
before anyone has clicked in it.

Every expected text or number is read from the data, the questions files or the helpers, never
written here; every message names the lesson and the widget.
"""
from __future__ import annotations

import ast
import json
import re
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

import helpers
import lab
from helpers import charts, context, names, notes, questions, reading, timeline, timeline_charts, widgets

pytestmark = pytest.mark.browser

# Registers this module as a plugin too, so that pytest calls its pytest_collection_modifyitems (below).
pytest_plugins = [__name__]

LESSONS = lab.ROOT / "lessons"


# --------------------------------------------------------------------------- helpers

def lesson(number: str) -> str:
    """The path (as the browser suite names it) of lesson ``number``, e.g. ``"01"``."""
    found = [p for p in lab.find_notebooks() if p.startswith("lessons/") and Path(p).name.startswith(f"{number}-")]
    assert len(found) == 1, f"expected one lesson numbered {number} in lessons/, found {found}"
    return found[0]


def calls(path: str, name: str) -> list[tuple]:
    """The literal arguments of every call ``helpers.NAME(...)`` in the notebook's code cells."""
    nb = json.loads((lab.ROOT / path).read_text(encoding="utf-8"))
    found = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue  # IPython magics: not a call of a helper
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == name:
                found.append(tuple(ast.literal_eval(a) for a in node.args))
    assert found, f"{path} does not call helpers.{name}()"
    return found


def keywords(path: str, name: str) -> dict:
    """The literal keyword arguments of the notebook's one call ``helpers.NAME(...)``."""
    nb = json.loads((lab.ROOT / path).read_text(encoding="utf-8"))
    found = [{k.arg: ast.literal_eval(k.value) for k in node.keywords}
             for cell in nb["cells"] if cell["cell_type"] == "code" and f"{name}(" in "".join(cell["source"])
             for node in ast.walk(ast.parse("".join(cell["source"])))
             if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == name]
    assert len(found) == 1, f"{path} should call helpers.{name}() once, found {len(found)} calls"
    return found[0]


@contextmanager
def as_learner(run: lab.Run, where: str):
    """After the block: nothing fetched off this machine and no browser console error while it ran."""
    requests, errors = len(run.requests), len(run.console_errors)
    yield
    found = lab.page_problems_since(run, requests, errors)
    if found:
        pytest.fail(f"{where}:\n" + "\n".join(found), pytrace=False)


def years_shown(run: lab.Run, css_class: str, where: str) -> tuple[int, int]:
    """The first and last year a range slider's readout shows, e.g. '1871-1962'."""
    readout = lab.slider_value(run, css_class)
    years = [int(y) for y in re.findall(r"\d{4}", readout)]
    assert len(years) == 2, f"{where}: the Years readout should show two years, it shows {readout!r}"
    return years[0], years[1]


def event_ids(listing) -> list[str]:
    return lab.attribute_of_each(listing, "data-event")


def score_line(root):
    """The self-check's score line: the last child of the widget."""
    return root.locator(":scope > *").last


# --------------------------------------------------------------------------- lesson 00

def test_00_cards_fold_their_sources_and_groups_fold_their_cards(notebook_run):
    """Every card's sources sit folded under 'Sources (n)' until opened; a group of cards shows only titles."""
    run = notebook_run(lesson("00"))
    where = f"{run.path}, cards"
    cards = run.panel.locator(".course-card")
    assert cards.count() > 0, f"{where}: the lesson shows no card"
    term = calls(run.path, "term")[0][0]
    card = run.panel.locator(f'.course-card[data-table="glossary"][data-id="{term}"]').first
    sources = helpers.term(term).sources
    summary = card.locator("details.course-sources > summary")
    expect(summary, f"{where}: the {term!r} card should fold its sources under 'Sources ({len(sources)})'"
           ).to_have_text(f"Sources ({len(sources)})")
    items = card.locator("details.course-sources li")
    expect(items.first, f"{where}: the sources should be folded until asked for").to_be_hidden()
    folded = run.panel.locator("details.course-sources[open]")
    expect(folded, f"{where}: after Run All no card should show its sources unfolded").to_have_count(0)
    (refs, title) = calls(run.path, "cards")[0][:2]
    group = run.panel.locator(".course-cards", has_text=title)
    expect(group.locator("details.course-card-fold"), f"{where}: the group {title!r} should fold each of its "
           f"{len(refs)} cards").to_have_count(len(refs))
    with as_learner(run, where):
        summary.click()
        expect(items, f"{where}: opening 'Sources' should list the {term!r} card's sources").to_have_count(len(sources))
        expect(items.first).to_be_visible()
        first = group.locator("details.course-card-fold > summary").first
        first.click()
        expect(group.locator(".course-card").first, f"{where}: opening a card in the group should show it"
               ).to_be_visible()


# --------------------------------------------------------------------------- lesson 01

def test_01_people_explorer_shows_the_chosen_persons_card(notebook_run):
    """'Mentioned' lists only the people mentioned; choosing one shows their card with their office in 1958."""
    run = notebook_run(lesson("01"))
    where = f"{run.path}, people_explorer"
    root = lab.widget(run, "course-people-explorer")
    menu = root.get_by_label("Person", exact=True)
    mentioned = names.people_list("mentioned")
    assert len(mentioned) > 1, f"{where}: data/people.csv should have at least two people who are only mentioned"
    people = helpers.load("people").set_index("id")
    with as_learner(run, where):
        root.get_by_role("button", name="Mentioned", exact=True).click()
        expect(menu.locator("option"), f"{where}: after 'Mentioned' the Person menu should list only the "
               "people mentioned, as data/people.csv gives them").to_have_text([label for label, _ in mentioned])
        label, pid = mentioned[1]
        lab.select_labels(menu, label, where)
        card = root.locator(f'.course-card[data-table="people"][data-id="{pid}"]')
        expect(card, f"{where}: choosing {label!r} should show {pid}'s card").to_be_visible()
        expect(card.locator(".course-card-title"), f"{where}: the card should be headed with the name").to_contain_text(
            people.loc[pid, "name"])
        expect(card, f"{where}: {pid}'s card should give the office in October 1958 from data/people.csv"
               ).to_contain_text(people.loc[pid, "office_1958"])


def test_00_close_reading_lists_every_occurrence_of_a_typed_phrase(notebook_run):
    """Typing a phrase and pressing Enter: one KWIC line per occurrence in the memo, and the chart follows."""
    run = notebook_run(lesson("00"))  # its first close-reading tool (lesson 00 has one more, at exercise 2)
    where = f"{run.path}, close_reading"
    phrase = "million tons"  # what the learner types: two words, unlike the lesson's preset
    assert (phrase,) not in calls(run.path, "close_reading"), f"{where}: choose a phrase the lesson does not preset"
    hits = helpers.load_memo().find(phrase)
    assert hits, f"{where}: the memo should contain {phrase!r} for this test to mean anything"
    root = lab.widget(run, "course-close-reading").first
    with as_learner(run, where):
        box = root.get_by_label("Word or phrase", exact=True)
        box.fill(phrase)
        box.press("Enter")
        table = root.locator("table.course-kwic")
        expect(table.locator("caption"), f"{where}: Enter should show the lines for {phrase!r}").to_contain_text(
            phrase)
        expect(table.locator("caption"), f"{where}: the caption should count {len(hits)} occurrence(s) of "
               f"{phrase!r} (helpers.load_memo().find)").to_contain_text(f"{len(hits)} occurrence")
        expect(table.locator("tbody tr"), f"{where}: one KWIC line per occurrence of {phrase!r}").to_have_count(
            len(hits))
        expect(table.locator("tbody mark"), f"{where}: each KWIC line should mark the phrase as the memo writes it"
               ).to_have_text([h.match for h in hits])
        expect(table.locator("tbody tr td:first-child"), f"{where}: the KWIC lines should name the paragraphs "
               "in the memo's order").to_have_text([h.paragraph for h in hits])
        for h in hits:
            assert h.match.lower() == phrase.lower(), f"{where}: the memo's match {h.match!r} is not {phrase!r}"
        expect(root.locator(".vega-embed"), f"{where}: the frequency chart should be redrawn for {phrase!r}"
               ).to_have_attribute("aria-label", helpers.frequency_chart(phrase).to_dict()["description"])
        # the lesson's own word has more lines than show open: the rest fold, and the keyboard unfolds them
        box.fill("teacher")
        box.press("Enter")
        many = helpers.load_memo().find("teacher")
        assert len(many) > reading.KWIC_FIRST, f"{where}: 'teacher' should have more lines than show open"
        expect(table.locator("tbody tr"), f"{where}: every line on the page, open or folded").to_have_count(len(many))
        visible = [r for r in table.locator("tbody tr").all() if r.is_visible()]
        assert len(visible) == reading.KWIC_FIRST, f"{where}: {len(visible)} KWIC lines open, not {reading.KWIC_FIRST}"
        summary = root.locator("details.course-kwic-more > summary")
        expect(summary).to_have_text(f"Show all {len(many)} matches ({len(many) - reading.KWIC_FIRST} more)")
        summary.focus()
        summary.press("Enter")
        expect(root.locator("details.course-kwic-more"), f"{where}: Enter on the summary should unfold the rest"
               ).to_have_attribute("open", "")
        expect(table.locator("tbody tr").last).to_be_visible()


def test_01_excerpt_reader_shows_another_excerpt_and_a_terms_card(notebook_run):
    """Choosing another excerpt shows its words; choosing a name or term in it shows its definition or card."""
    run = notebook_run(lesson("01"))
    where = f"{run.path}, excerpt_reader"
    root = lab.widget(run, "course-excerpt-reader")
    menu = root.get_by_label("Excerpt", exact=True)
    (ids,) = calls(run.path, "excerpt_reader")[0]
    ids = [ids] if isinstance(ids, str) else list(ids)
    titles = {helpers.excerpt(i).title: i for i in ids}
    expect(menu.locator("option"), f"{where}: the Excerpt menu should list the lesson's excerpts by title"
           ).to_have_text(list(titles))
    # The first excerpt after the preset one that names a glossary term (else any name or term).
    found = [(i, names.terms_in(helpers.excerpt(i).text)) for i in ids[1:]]
    found = [(i, ts) for i, ts in found if ts]
    assert found, f"{where}: none of the other excerpts names a person or a term"
    eid, terms = next(((i, ts) for i, ts in found if any(t.kind == "glossary" for t in ts)), found[0])
    term = next((t for t in terms if t.kind == "glossary"), terms[0])
    ex = helpers.excerpt(eid)
    with as_learner(run, where):
        lab.select_labels(menu, ex.title, where)
        shown = root.locator(f'figure.memo-excerpt[data-excerpt="{eid}"] blockquote')
        expect(shown, f"{where}: choosing {ex.title!r} should show the words of excerpt {eid}").to_have_text(ex.text)
        expect(shown.locator(f'mark[data-term="{term.id}"]').first,
               f"{where}: {term.label!r} should be marked in excerpt {eid}").to_be_visible()
        terms_menu = root.get_by_label("Explain a name or word", exact=True)
        option = terms_menu.locator("option").filter(has_text=f"{term.label} (")
        expect(option, f"{where}: the term menu should offer {term.label!r} once excerpt {eid} is shown"
               ).to_have_count(1)
        expect(terms_menu.locator("option"), f"{where}: the term menu should offer (choose one) and each name "
               f"or term of excerpt {eid}").to_have_count(1 + len(terms))
        label = option.inner_text().replace("\u00a0", " ")
        lab.select_labels(terms_menu, label, where)
        if term.kind == "glossary":
            card = root.locator(f'.course-card[data-table="glossary"][data-id="{term.id}"]')
            expected = helpers.load("glossary").set_index("id").loc[term.id, "definition"]
        else:
            card = root.locator(f'.course-card[data-table="people"][data-id="{term.id}"]')
            expected = helpers.load("people").set_index("id").loc[term.id, "office_1958"]
        expect(card, f"{where}: choosing {label!r} should show its card with the text from data/"
               f"{'glossary' if term.kind == 'glossary' else 'people'}.csv").to_contain_text(expected)


# --------------------------------------------------------------------------- lesson 02

def _explorer(run):
    root = lab.widget(run, "course-timeline-explorer")
    return root, root.locator("ul.course-events > li")


def _opening(run) -> tuple[list[str], int, int]:
    """The categories and years the lesson asks its explorer to open on (by default all, and the opening years)."""
    asked = keywords(run.path, "timeline_explorer")
    low, high = timeline.OPENING_YEARS
    return asked.get("categories") or _categories(), asked.get("start", low), asked.get("end", high)


def _labels(run) -> dict:
    """The ``labels=`` the lesson's explorer call names, as keyword arguments (none if it names none)."""
    asked = keywords(run.path, "timeline_explorer").get("labels")
    return {"labels": asked} if asked else {}


def test_02_timeline_explorer_event_shows_the_memos_paragraphs(notebook_run):
    """Picking an event in the Event menu shows the memo's paragraphs that mention it, in the memo's order."""
    run = notebook_run(lesson("02"))
    where = f"{run.path}, timeline_explorer"
    root, _ = _explorer(run)
    events = timeline.filter_events(*_opening(run))  # what the explorer opens on
    counts = [len(helpers.split_list(p)) for p in events["paragraphs"]]
    assert max(counts) > 0, f"{where}: no event in data/events.csv names a memo paragraph"
    row = events.iloc[next(i for i, n in enumerate(counts) if n == max(counts))]
    paragraphs = timeline.paragraphs_for_event(row["id"])
    menu = root.get_by_label("Event", exact=True)
    label = next((o for o in lab.option_labels(menu) if o.endswith(f": {row['title']}")), None)
    assert label, f"{where}: the Event menu has no entry for {row['id']} ({row['title']!r})"
    with as_learner(run, where):
        lab.select_labels(menu, label, where)
        quotes = root.locator("blockquote[data-paragraph]")
        expect(quotes, f"{where}: picking {row['id']} should show the {len(paragraphs)} paragraph(s) "
               "events.csv names").to_have_count(len(paragraphs))
        expect(quotes.locator("p"), f"{where}: the paragraphs shown for {row['id']} should be the memo's words"
               ).to_have_text(list(paragraphs["text"]))
        assert lab.attribute_of_each(quotes, "data-paragraph") == list(paragraphs["id"]), \
            f"{where}: the paragraphs for {row['id']} should be {list(paragraphs['id'])}, in that order"
        expect(root.locator(f'.course-card[data-id="{row["id"]}"]'), f"{where}: picking {row['id']} should show "
               "its card (description and sources), as clicking it in the chart does").to_contain_text(
            row["description"])


def test_02_timeline_chart_click_shows_the_events_card(notebook_run):
    """Clicking an event in the timeline's detail view writes its title, description and sources below."""
    run = notebook_run(lesson("02"))
    where = f"{run.path}, timeline_explorer's timeline chart"
    root, _ = _explorer(run)
    chart = root.locator(".vega-embed")
    # The vconcat's second view is the detail; its symbols are the clickable events (the first view's are not).
    dots = chart.locator("g.concat_1_group .mark-symbol.role-mark > path")
    labels = lab.aria_labels(dots)
    kinds, low, high = _opening(run)  # the explorer's detail opens on the years it opens on
    table = charts.timeline_table()
    picked = None
    for row in table.to_dict("records"):
        if row["category"] not in kinds or not low <= int(row["from"][:4]) <= high:
            continue
        at = [i for i, text in enumerate(labels) if f"Event: {row['title']};" in text]
        if len(at) == 1 and lab.is_uncovered(dots.nth(at[0])):
            picked = row, dots.nth(at[0])
            break
    assert picked, f"{where}: no event of {low}-{high} can be clicked in the detail view; its labels: {labels[:5]}"
    row, dot = picked
    with as_learner(run, where):
        dot.click()
        card = chart.locator("svg.marks text", has_text=row["title"])
        expect(card, f"{where}: clicking {row['id']} should show its card").to_have_count(1)
        expect(card.locator("tspan"), f"{where}: the card for {row['id']} should read as charts.timeline_table()'s "
               "card: title, description, sources and memo paragraphs").to_have_text(row["card"].split("\n"))


def _every_event_in_the_detail_can_be_clicked(number: str, notebook_run) -> None:
    """Each event the explorer's detail opens on has a mark whose centre nothing covers (a click there reaches
    it), and no two marks' boxes overlap by more than a quarter of a mark: events close in date are dodged across
    their lane, not piled into a blob."""
    run = notebook_run(lesson(number))
    where = f"{run.path}, timeline_explorer's detail"
    root, _ = _explorer(run)
    kinds, low, high = _opening(run)
    if _years(root, where) != (low, high):  # another test of this run chose other years: back to the lesson's
        with as_learner(run, where):
            for name, year in (("From", low), ("To", high)):
                lab.select_labels(root.get_by_label(name, exact=True), str(year), where)
    run.page.mouse.move(0, 0)  # an earlier test's pointer leaves a tooltip open over the marks
    expect(run.page.locator(".vg-tooltip.visible")).to_have_count(0)
    detail = root.locator(".vega-embed").locator("g.concat_1_group")
    dots = detail.locator(".mark-symbol.role-mark > path")
    bars = detail.locator(".mark-rect.role-mark > path")
    labels, bar_labels = lab.aria_labels(dots), lab.aria_labels(bars)
    rows = [r for r in charts.timeline_table().to_dict("records")
            if r["category"] in kinds and low <= int(r["from"][:4]) <= high]
    asked = keywords(run.path, "timeline_explorer").get("detail")
    if asked:  # the detail opens on these months: an event outside them is not drawn in view
        first, last = timeline.detail_bounds(asked)
        opens, closes = timeline.period(str(first))[0], timeline.period(str(last))[1]
        rows = [r for r in rows if r["end"] or opens <= timeline.period(r["from"])[0] < closes]
    assert rows, f"{where}: no event opens in the detail"
    boxes = []
    for row in rows:
        at = [i for i, text in enumerate(labels) if f"Event: {row['title']};" in text]
        if row["end"]:  # a lasting event is its bar alone: no mark at its start to take for an event of that day
            on_bar = [i for i, text in enumerate(bar_labels) if f"Event: {row['title']};" in text]
            # and its bar is drawn only where enough of it is in view (no sliver at an edge: BAR_MIN)
            first, last = timeline_charts.detail_period(*(asked or (low, high)))
            begins, ends = (timeline.dt.date.fromisoformat(row[k][:10]) for k in ("from", "until"))
            inside = (min(ends, last) - max(begins, first)).days / (last - first).days
            bars_due = 1 if inside >= timeline_charts.BAR_MIN else 0
            assert not at and len(on_bar) == bars_due, \
                f"{where}: {row['id']} has {len(at)} marks and {len(on_bar)} bars ({inside:.0%} of it in view)"
            continue
        assert len(at) == 1, f"{where}: {row['id']} has {len(at)} marks"
        dot = dots.nth(at[0])
        cover = lab.covered_by(dot)
        assert not cover, f"{where}: the mark of {row['id']} ({row['when']}) is covered by {cover}"
        box = dot.bounding_box()
        boxes.append((row["id"], box))
    for n, (a_id, a) in enumerate(boxes):
        for b_id, b in boxes[n + 1:]:
            dx = min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"])
            dy = min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"])
            assert dx <= 0 or dy <= 0 or dx * dy <= a["width"] * a["height"] / 4, \
                f"{where}: the marks of {a_id} and {b_id} overlap ({a}, {b})"


def test_02_timeline_explorer_events_close_in_date_can_each_be_clicked(notebook_run):
    """Lesson 02's reader: the three July events of 1958 landed on each other as one blob."""
    _every_event_in_the_detail_can_be_clicked("02", notebook_run)


def test_06_timeline_explorer_events_close_in_date_can_each_be_clicked(notebook_run):
    """Lesson 06's reader: four diamonds crowded into Nov-Dec 1958 on top of a 'to 1961' bar, hard to click."""
    _every_event_in_the_detail_can_be_clicked("06", notebook_run)


def _years(root, where: str) -> tuple[int, int]:
    """The years the explorer's From and To menus show now."""
    low = root.get_by_label("From", exact=True).input_value()
    high = root.get_by_label("To", exact=True).input_value()
    texts = [lab.option_labels(root.get_by_label(name, exact=True)) for name in ("From", "To")]
    values = [lab.option_values(root.get_by_label(name, exact=True)) for name in ("From", "To")]
    years = int(texts[0][values[0].index(low)]), int(texts[1][values[1].index(high)])
    assert years[0] <= years[1], f"{where}: From {years[0]} is after To {years[1]}"
    return years


def _category_boxes(root):
    return root.locator(".course-categories input[type=checkbox]")


def _categories() -> list[str]:
    """The categories the explorer offers: those of data/events.csv in the order the data gives."""
    present = set(timeline.events()["category"])
    return [c for c in timeline.categories() if c in present] or sorted(present)


def test_02_timeline_explorer_opens_as_the_lesson_asks_with_every_year_one_click_away(notebook_run):
    """The explorer opens on the categories and years the lesson asks for; 'Show the whole timeline' shows every year."""
    run = notebook_run(lesson("02"))
    where = f"{run.path}, timeline_explorer"
    root, listing = _explorer(run)
    kinds, low, high = _opening(run)
    assert _years(root, where) == (low, high), f"{where}: should open on {low}-{high}, as the lesson asks"
    ticked = [c for c in _categories() if root.get_by_label(c, exact=True).is_checked()]
    assert ticked == [c for c in _categories() if c in kinds], f"{where}: should open with {kinds} ticked"
    opening = len(timeline.filter_events(kinds, low, high))
    expect(listing).to_have_count(opening)
    visible = root.locator("ul.course-events > li:visible")
    expect(visible, f"{where}: the list should show {timeline.open_events(opening)} of its {opening} events open"
           ).to_have_count(timeline.open_events(opening))
    with as_learner(run, where):
        if opening > timeline.open_events(opening):
            summary = root.locator("details.course-events-more > summary")
            summary.focus()
            summary.press("Enter")
            expect(visible, f"{where}: 'Show all {opening} events' should show them all").to_have_count(opening)
        button = root.get_by_role("button", name=re.compile(r"^Show the whole timeline \(\d{4}-\d{4}\)"))
        button.focus()
        button.press("Enter")
        years = lab.option_labels(root.get_by_label("From", exact=True))
        first, last = int(years[0]), int(years[-1])
        expect(root.get_by_label("To", exact=True), f"{where}: 'Show the whole timeline' should set To to {last}"
               ).to_have_value(root.get_by_label("To", exact=True).locator("option").last.get_attribute("value"))
        expect(listing, f"{where}: every year should list every event of its categories").to_have_count(
            len(timeline.filter_events(kinds, first, last)))
        expect(root.locator(".vega-embed"), f"{where}: the chart should show every year").to_have_attribute(
            "aria-label", charts.timeline_chart(kinds, first, last, detail=(first, last),
                                                **_labels(run)).to_dict()["description"])


def test_02_timeline_explorer_category_filter_shrinks_the_list(notebook_run):
    """Unticking every category but one (Space on its checkbox) leaves only that category's events in the list."""
    run = notebook_run(lesson("02"))
    where = f"{run.path}, timeline_explorer"
    root, listing = _explorer(run)
    boxes = _category_boxes(root)
    every = _categories()
    assert len(every) == boxes.count() > 1, f"{where}: one checkbox per category ({every}), found {boxes.count()}"
    low, high = _years(root, where)
    before = timeline.filter_events([c for c in every if root.get_by_label(c, exact=True).is_checked()], low, high)
    sizes = {c: len(timeline.filter_events([c], low, high)) for c in every}
    category = min((c for c in every if sizes[c]), key=lambda c: sizes[c])
    after = timeline.filter_events([category], low, high)
    assert len(after) < len(before), f"{where}: one category should hold fewer events than all of them"
    with as_learner(run, where):
        for name in every:
            box = root.get_by_label(name, exact=True)
            if box.is_checked() != (name == category):
                box.focus()
                box.press("Space")
        expect(listing, f"{where}: with only {category!r} ticked the list should hold its {len(after)} event(s), "
               f"not {len(before)}").to_have_count(len(after))
        assert event_ids(listing) == list(after["id"]), f"{where}: the list should hold the {category!r} events"
        expect(root.locator(".vega-embed"), f"{where}: the chart should be redrawn for {category!r} only"
               ).to_have_attribute("aria-label", charts.timeline_chart([category], low, high, detail=(low, high)
                                                                       ).to_dict()["description"])
        for name in every:
            box = root.get_by_label(name, exact=True)
            if not box.is_checked():
                box.check()


def test_02_timeline_explorer_year_menus_shrink_the_list(notebook_run):
    """A later year in the From menu drops the events that end before it."""
    run = notebook_run(lesson("02"))
    where = f"{run.path}, timeline_explorer"
    root, listing = _explorer(run)
    every = _categories()
    low, high = _years(root, where)
    before = timeline.filter_events(every, low, high)
    later = next((y for y in range(low + 1, high + 1) if len(timeline.filter_events(every, y, high)) < len(before)),
                 None)
    assert later, f"{where}: no later start year drops an event"
    after = timeline.filter_events(every, later, high)
    with as_learner(run, where):
        expect(listing, f"{where}: every category, {low}-{high}").to_have_count(len(before))
        lab.select_labels(root.get_by_label("From", exact=True), str(later), where)
        expect(listing, f"{where}: from {later} the list should hold {len(after)} event(s), not {len(before)}"
               ).to_have_count(len(after))
        assert event_ids(listing) == list(after["id"]), f"{where}: the list should hold the events of {later}-{high}"


# --------------------------------------------------------------------------- lesson 03

def test_03_stated_vs_record_adds_the_record(notebook_run):
    """The switch opens on the view the lesson asks for (`opens_on`: by default the memo beside other sources,
    the view that adds to the chart above it); 'The memo alone' redraws it with fewer marks and no record row,
    and the other view brings them back."""
    run = notebook_run(lesson("03"))
    where = f"{run.path}, stated_vs_record"
    (name,) = calls(run.path, "stated_vs_record")[0]
    asked = keywords(run.path, "stated_vs_record")
    years = asked.get("years")  # other sources' rows of these years only
    only = {"ids": ids} if (ids := asked.get("ids")) else {}  # named rows only
    opens_on = asked.get("opens_on", "sources")

    def draw(record: bool):
        return widgets.STATED[name](record=record, years=years if record else None, **only)

    (alone, _), (beside, _) = widgets.VIEWS
    root = lab.widget(run, "course-stated-vs-record")
    embed = root.locator(".vega-embed")
    marks = lab.marks_in(root)
    expect(embed, f"{where}: the chart should open on {opens_on!r}").to_have_attribute(
        "aria-label", draw(record=widgets.OPENS_ON[opens_on]).to_dict()["description"])
    if not widgets.OPENS_ON[opens_on]:
        with as_learner(run, where):
            root.get_by_role("button", name=beside, exact=True).click()
        expect(embed, f"{where}: {beside!r} should add other sources").to_have_attribute(
            "aria-label", draw(record=True).to_dict()["description"])
    record = getattr(charts, f"{name}_table")(record=True, years=years, **only)
    record = record[record["source"] == charts.RECORD]
    assert not record.empty, f"{where}: data/record.csv has no rows for the {name!r} chart"
    with_record = marks.count()
    labels = lab.aria_labels(marks)
    missing = [label for label in record["label"] if not any(label in text for text in labels)]
    assert not missing, f"{where}: with other sources every record row should be drawn; missing {missing}"
    first = record["label"].iloc[0]
    wrapped = re.compile(r"\s*".join(map(re.escape, first.split())))  # a long label wraps onto two lines
    expect(root.locator(".role-mark text", has_text=wrapped).first,  # written above its bar
           f"{where}: the record label {first!r} should be written on the chart").to_be_visible()
    with as_learner(run, where):
        root.get_by_role("button", name=alone, exact=True).click()
        expect(embed, f"{where}: {alone!r} should redraw the {name!r} chart without the record").to_have_attribute(
            "aria-label", draw(record=False).to_dict()["description"])
        memo_only = marks.count()
        assert memo_only < with_record, f"{where}: the memo alone should have fewer marks than {with_record}"
        labels = lab.aria_labels(marks)
        shown = [label for label in record["label"] if any(label in text for text in labels)]
        assert not shown, f"{where}: {alone!r} should show no record row, but shows {shown}"
        root.get_by_role("button", name=beside, exact=True).click()
        expect(embed, f"{where}: {beside!r} should bring the record back").to_have_attribute(
            "aria-label", draw(record=True).to_dict()["description"])
        expect(root.locator(".widget-html-content .course-error"), f"{where}: no error message").to_have_count(0)


def test_03_learners_notebook_saves_the_answer(notebook_run, notes_left_as_found):
    """Typing an answer and pressing Save writes NN-my-notes.md beside the lesson and says so."""
    run = notebook_run(lesson("03"))
    where = f"{run.path}, learners_notebook"
    path = notes_left_as_found("03")
    number = calls(run.path, "learners_notebook")[0][0]
    assert questions.lesson_number(number) == "03", f"{where}: the lesson's notebook should be for lesson 03"
    prompts = questions.notes_prompts(number)
    root = lab.widget(run, "course-learners-notebook")
    answer = f"My answer, typed by the browser test {uuid.uuid4().hex[:8]}.\nA second line."
    status = root.locator(".widget-html-content p[role=status]")
    with as_learner(run, where):
        root.get_by_label("Answer 1", exact=True).fill(answer)
        root.get_by_role("button", name="Save", exact=True).click()
        expect(status, f"{where}: after Save the status line should name {path.name}").to_contain_text(
            f"Saved to {path.name}")
    assert path.is_file(), f"{where}: Save should write {path.relative_to(lab.ROOT)}"
    saved = notes.load_notes("03", LESSONS)
    assert saved.get(notes.prompt_key(prompts[0])) == answer, \
        f"{where}: {path.name} should hold the typed answer under the first prompt; it holds {saved}"
    assert answer in path.read_text(encoding="utf-8"), f"{where}: {path.name} should contain the answer as typed"


def test_03_predict_reveals_the_verdict_only_after_a_commitment(notebook_run, notes_left_as_found):
    """An anomaly's verdict is nowhere in the page until the learner commits a choice and a reason; the
    commitment, with what was revealed, is then in the lesson's notes file."""
    from helpers import reveal

    run = notebook_run(lesson("03"))
    (number, aid) = calls(run.path, "predict")[0][:2]
    where = f"{run.path}, predict({aid!r})"
    path = notes_left_as_found(number)
    card = helpers.anomaly(aid)
    assert card.verdict, f"{where}: data/anomalies.csv gives {aid!r} no explanation to reveal"
    root = run.panel.locator(".course-predict").filter(has=run.page.locator(f'.course-card[data-id="{aid}"]'))
    expect(root, f"{where}: one predict widget for {aid!r}").to_have_count(1)
    def shown() -> str:
        """The box's text less its three answers: they are the same in every box and give no card's verdict away."""
        text = root.inner_text()
        for choice in reveal.CHOICES:
            assert choice in text, f"{where}: the answer {choice!r} is not offered"
            text = text.replace(choice, "")
        return text

    page_text, widget_text = run.panel.inner_text(), shown()
    for label, value in card.verdict:
        assert label not in widget_text and (label == "Kind" or value not in widget_text), \
            f"{where}: the verdict ({label}) is in the widget before any commitment"  # a kind is one short word
        if len(value) > 40:  # a sentence of its own (a one-word verdict may be quoted in the lesson's prose)
            assert value not in page_text, f"{where}: the verdict ({label}) is on the page before any commitment"
    clue = root.locator("details.course-clue")
    expect(clue, f"{where}: other sources' evidence should sit in one fold before Commit").to_have_count(1)
    expect(clue.locator(":scope > summary"), f"{where}: the fold's title").to_have_text(context.CLUE[1])
    evidence = clue.locator(":scope > p")
    expect(clue.locator("details.course-sources"), f"{where}: the card's sources fold inside the clue, whose titles "
           "can answer the question").to_have_count(1)
    expect(root.locator("details.course-sources"), f"{where}: and nowhere else before Commit").to_have_count(1)
    expect(evidence, f"{where}: the clue should start folded (a learner may guess first)").to_be_hidden()
    status = root.locator("p[role=status]")
    reason = f"The dates in p52 do not fit, says test {uuid.uuid4().hex[:8]}."
    with as_learner(run, where):
        clue.locator(":scope > summary").focus()
        run.page.keyboard.press("Enter")
        expect(evidence, f"{where}: Enter on the fold's title should open the clue").to_be_visible()
        for label, value in card.verdict:  # the clue is evidence, never the verdict
            assert label not in shown() and (label == "Kind" or value not in shown()), \
                f"{where}: the verdict ({label}) shows once the clue is open"
        root.get_by_role("button", name="Commit", exact=True).click()
        expect(status, f"{where}: Commit with nothing chosen should ask for a choice").to_have_text(
            reveal.problem(None, ""))
        assert card.verdict[0][0] not in root.inner_text(), f"{where}: an empty commit revealed the verdict"
        root.get_by_role("radio", name=reveal.CHOICES[0], exact=True).check()
        root.get_by_label("Your reason", exact=True).fill(reason)
        root.get_by_role("button", name="Commit", exact=True).click()
        expect(status, f"{where}: after Commit the status should name {path.name}").to_contain_text(path.name)
        for label, value in card.verdict:
            expect(root.locator(".course-card"), f"{where}: after Commit the card should show {label}"
                   ).to_contain_text(value)
        expect(clue, f"{where}: after Commit the whole card shows, with no fold").to_have_count(0)
        expect(root.locator(".course-card th", has_text=context.CLUE[0]),
               f"{where}: after Commit 'What other sources say' is a line of the card").to_be_visible()
    saved = notes.load_notes(number, LESSONS).get(reveal.prompt_key(card), "")
    assert f"My answer: {reveal.CHOICES[0]}" in saved and reason in saved, \
        f"{where}: {path.name} should hold the choice and the reason; it holds {saved!r}"
    assert "Revealed after I committed:" in saved and card.verdict[0][1] in saved, \
        f"{where}: {path.name} should record what was revealed after the commitment"


# --------------------------------------------------------------------------- self-check, each kind of question

SELF_CHECK = {"number": "03", "choice": "02", "open": "03"}
"""Each kind of self-check question, and the lesson whose first question of that kind the browser answers."""


def _enter(box, kind: str, value) -> None:
    """Give ``value`` as a learner would: type the number (then Tab), choose the option, or write the answer."""
    if kind == "number":
        field = box.get_by_label(re.compile(r"^Your answer"))
        field.fill(f"{value:g}")
        field.press("Tab")
    elif kind == "choice":
        box.get_by_role("radio", name=value, exact=True).check()
    else:
        box.locator("textarea").fill(value)


def _steps(q) -> list[tuple]:
    """What the learner does to question ``q``, in order: (the answer given, or None for nothing; the verdict the
    feedback shows: right, wrong or note; a text of the questions file it must hold; the score: True or False
    for a marked answer, None when the score line must not change)."""
    if q.kind == "number":
        wrong = q.answer + q.tolerance + 1
        return [(None, "note", None, None), (wrong, "wrong", q.feedback_wrong, False),
                (q.answer, "right", q.feedback_right, True)]
    if q.kind == "choice":
        wrong = next(o for o in q.options if o != q.answer)
        said = dict(zip(q.options, q.feedback))
        return [(None, "note", None, None), (wrong, "wrong", said[wrong], False), (q.answer, "right", said[q.answer], True),
                (wrong, "wrong", said[wrong], False)]  # a wrong answer checked again takes the point away
    return [(None, "note", None, None), ("My own answer first.", "note", q.model_answer, None)]  # not marked


@pytest.mark.parametrize("kind, number", list(SELF_CHECK.items()), ids=[f"{n}-{k}" for k, n in SELF_CHECK.items()])
def test_self_check_marks_each_kind_of_question(notebook_run, kind, number):
    """Check with nothing given asks for an answer and gives nothing away; a new answer clears the last feedback; a
    wrong answer gets its feedback from the questions file and no point; the right one (or, for an open question, an attempt) gets its own, and the score
    line counts it."""
    run = notebook_run(lesson(number))
    where = f"{run.path}, self_check"
    items = questions.load_questions(number)
    q = next((q for q in items if q.kind == kind), None)
    assert q, f"{where}: lessons/questions/{number}.toml has no {kind} question"
    root = lab.widget(run, "course-self-check")
    box = root.locator(f".course-question-{kind}").first
    feedback = box.locator(".widget-html-content").last
    button = box.get_by_role("button", name="Show model answer" if kind == "open" else "Check", exact=True)
    score = score_line(root)
    unchanged = score.inner_text()
    revealing = _steps(q)[-1][2]
    if kind == "choice":  # shown in questions.display_order, not the file's order (the right one first)
        shown = box.get_by_role("radio").evaluate_all(
            "els => els.map(e => e.labels[0] ? e.labels[0].innerText : e.value)")
        assert [" ".join(t.split()) for t in shown] == list(questions.as_displayed(q).options), \
            f"{where}, question {q.id!r}: options shown in the order {shown}"
    with as_learner(run, where):
        for value, verdict, text, marked in _steps(q):
            said = f"{where}, question {q.id!r}, answer {value!r}"
            if value is not None:
                _enter(box, kind, value)
                # the kernel has the new answer once the verdict on the last one is gone: only then is Check fair
                expect(feedback, f"{said}: a new answer should clear the feedback on the last").to_have_text("")
            button.click()
            expect(feedback.locator(f"p.course-{verdict}"), f"{said}: the feedback should be {verdict!r}, as "
                   "questions.check_answer gives it").to_have_text(questions.check_answer(q, value).message)
            if text:
                expect(feedback, f"{said}: the feedback should hold the text of {number}.toml").to_contain_text(text)
            else:
                expect(feedback, f"{said}: nothing given, nothing given away").not_to_contain_text(revealing)
            expect(score, f"{said}: the score line").to_have_text(
                unchanged if marked is None else questions.score({q.id: marked}, items))


def test_03_self_check_number_box_holds_its_placeholder(notebook_run):
    """Lesson 03's number box, beside the course's longest unit ('million tonnes a month'), was cut to 'a nun'."""
    run = notebook_run(lesson("03"))
    box = lab.widget(run, "course-self-check").locator(".course-question-number input").first
    expect(box).to_have_attribute("placeholder", widgets.NUMBER_PLACEHOLDER)
    room = box.evaluate(
        "el => { const c = document.createElement('canvas').getContext('2d'); const s = getComputedStyle(el);"
        " c.font = s.font; return el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)"
        " - c.measureText(el.placeholder).width; }")
    assert room >= 0, f"{run.path}, self_check: the number box cuts its placeholder ({-room:.0f} px short)"


# --------------------------------------------------------------------------- order

def lesson_of(item) -> str | None:
    """The lesson a test here drives: its ``number`` parameter, or NN of its name ``test_NN_...``; else None."""
    number = getattr(getattr(item, "callspec", None), "params", {}).get("number")
    match = re.match(r"test_(\d\d)_", getattr(item, "originalname", item.name))
    return number if isinstance(number, str) else match.group(1) if match else None


def pytest_collection_modifyitems(session, config, items):
    """Run each test here right after the render test (test_notebook_runs_and_renders[PATH]) of its lesson.

    The notebook_run fixture keeps one notebook open; in this order each lesson is opened once.
    Tests whose lesson has no render test collected (this file run alone) keep their order.
    """
    module = __name__
    mine = [i for i in items if getattr(getattr(i, "module", None), "__name__", None) == module]
    if not mine:
        return
    by_path: dict[str, list] = {}
    for item in mine:
        number = lesson_of(item)
        paths = [p for p in lab.find_notebooks() if number and p.startswith(f"lessons/{number}-")]
        if len(paths) == 1:  # else the test stays where it is, and lesson() names the problem when it runs
            by_path.setdefault(paths[0], []).append(item)
    anchors = {}
    for item in items:
        path = getattr(getattr(item, "callspec", None), "params", {}).get("path")
        if item not in mine and path in by_path:
            anchors[path] = item
    moving = {i for path in anchors for i in by_path[path]}
    ordered = []
    for item in items:
        if item in moving:
            continue
        ordered.append(item)
        path = getattr(getattr(item, "callspec", None), "params", {}).get("path")
        if anchors.get(path) is item:
            ordered.extend(by_path[path])
    items[:] = ordered


def test_06_predict_lets_a_learner_judge_a_passage_fine(notebook_run, notes_left_as_found):
    """Lesson 06's predicts offer "nothing wrong here"; committing it saves the choice and gives the feedback that
    compares it with the card's verdict (the data never says "no error", so the feedback says what the card does)."""
    from helpers import reveal

    notes_left_as_found("06")
    run = notebook_run(lesson("06"))
    aids = [c[1] for c in calls(run.path, "predict")]
    assert len(aids) >= 3, f"{run.path}: lesson 06 should ask at least three predicts"
    aid = aids[0]
    where = f"{run.path}, predict({aid!r})"
    card = helpers.anomaly(aid)
    root = run.panel.locator(".course-predict").filter(has=run.page.locator(f'.course-card[data-id="{aid}"]'))
    expect(root, f"{where}: one predict widget for {aid!r}").to_have_count(1)
    reason = f"The dates can both be right, says test {uuid.uuid4().hex[:8]}."
    status = root.locator("p[role=status]")
    with as_learner(run, where):
        root.get_by_role("radio", name=reveal.NOT_AN_ERROR, exact=True).check()
        root.get_by_label("Your reason", exact=True).fill(reason)
        root.get_by_role("button", name="Commit", exact=True).click()
        expect(status, f"{where}: after Commit the status should give the feedback").to_contain_text(
            reveal.feedback(card, reveal.NOT_AN_ERROR)[:60])
    saved = notes.load_notes("06", LESSONS).get(reveal.prompt_key(card), "")
    assert f"My answer: {reveal.NOT_AN_ERROR}" in saved and reason in saved, \
        f"{where}: 06-my-notes.md should hold the choice and the reason; it holds {saved!r}"


def test_05_predict_card_states_no_verdict_before_commit(notebook_run):
    """Lesson 05's predict shows the tour card's evidence (Hebei, not Shanxi) without any sentence that names a hand
    (here "slip in speech, recording and translation") until the learner commits or asks to see it anyway; then
    the whole card shows."""
    from helpers import reveal

    run = notebook_run(lesson("05"))
    aid = "tour-henan-shanxi-shandong"
    assert aid in [c[1] for c in calls(run.path, "predict")], f"{run.path}: lesson 05 should ask the tour predict"
    where = f"{run.path}, predict({aid!r})"
    root = run.panel.locator(".course-predict").filter(has=run.page.locator(f'.course-card[data-id="{aid}"]'))
    expect(root, f"{where}: one predict widget").to_have_count(1)
    card = root.locator(f'.course-card[data-id="{aid}"]')
    shown = card.evaluate("el => { const c = el.cloneNode(true); c.querySelectorAll('.course-sources')"
                          ".forEach(s => s.remove()); return c.innerText; }")
    assert "Hebei" in shown, f"{where}: the evidence should show before Commit; the card reads {shown!r}"
    assert not reveal.HANDS.search(shown), f"{where}: the card names a hand before Commit: {shown!r}"
    with as_learner(run, where):
        root.get_by_role("button", name="Show anyway", exact=True).click()
        expect(card, f"{where}: after Show anyway the whole card shows").to_contain_text(
            "slip in speech, recording and translation")


def _gap(a: dict, b: dict) -> float:
    """Pixels between two bounding boxes (0 where they touch or overlap)."""
    dx = max(b["x"] - (a["x"] + a["width"]), a["x"] - (b["x"] + b["width"]), 0)
    dy = max(b["y"] - (a["y"] + a["height"]), a["y"] - (b["y"] + b["height"]), 0)
    return (dx * dx + dy * dy) ** 0.5


@pytest.mark.parametrize("number", ["01", "02", "06"])
def test_timeline_titles_stay_in_their_lane_nearest_their_own_mark(number, notebook_run):
    """As the browser draws them (fonts and all): each title in the timeline's detail stays inside its own
    category's lane (01's Beidaihe title hung in the next lane) and is nearer its own mark than any other mark,
    or a leader line from its mark reaches it (02's reader matched the 6 October title to the Warsaw diamond)."""
    run = notebook_run(lesson(number))
    where = f"{run.path}, the timeline's detail"
    if number != "01":  # the explorer as the lesson opens it: an earlier test may have ticked or chosen others
        root, _ = _explorer(run)
        kinds, low, high = _opening(run)
        with as_learner(run, where):
            for name in _categories():
                box = root.get_by_label(name, exact=True)
                if box.is_checked() != (name in kinds):
                    box.focus()
                    box.press("Space")
            if _years(root, where) != (low, high):
                for name, year in (("From", low), ("To", high)):
                    lab.select_labels(root.get_by_label(name, exact=True), str(year), where)
        expect(root.locator(".vega-embed"), f"{where}: the chart should be the lesson's").to_have_attribute(
            "aria-label", charts.timeline_chart(kinds, low, high, **{k: v for k, v in keywords(
                run.path, "timeline_explorer").items() if k in ("detail", "labels")}).to_dict()["description"])
    chart = run.panel.locator(".vega-embed").filter(has_text="Detail: click an event")
    expect(chart, f"{where}: the timeline is drawn").to_have_count(1)
    run.page.mouse.move(0, 0)
    detail = chart.locator("g.concat_1_group").first
    frame = detail.locator("path.background").first.bounding_box()
    lanes = detail.locator(".role-axis-label text").evaluate_all("els => els.map(e => e.textContent)")
    lanes = [t for t in lanes if t in set(timeline.categories())]
    lane = frame["height"] / len(lanes)
    rows = {r["title"]: r for r in timeline.event_rows()}
    marks = {}
    for kind in ("symbol", "rect"):
        items = detail.locator(f".mark-{kind}.role-mark > path")
        for n, text in enumerate(lab.aria_labels(items)):
            found = re.search(r"Event: (.*?); When: ", text)
            if found:
                box = items.nth(n).bounding_box()
                spot = box if kind == "rect" else {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2,
                                                   "width": 0, "height": 0}
                marks[rows[found.group(1)]["id"]] = {"box": box, "spot": spot}
    leads = {}
    rules = detail.locator(".mark-rule.role-mark > line")  # Vega draws a rule as an SVG line
    for n, text in enumerate(lab.aria_labels(rules)):
        found = re.search(r"Event: (.*?); When: ", text)
        if found:
            leads[rows[found.group(1)]["id"]] = rules.nth(n).bounding_box()
    short = {timeline_charts.short_title(t): r for t, r in rows.items()}
    texts = detail.locator(".mark-text.role-mark text")
    said = [" ".join(t.split()) for t in texts.evaluate_all(
        "els => els.map(e => e.querySelector('tspan') ? Array.from(e.querySelectorAll('tspan'), t => t.textContent)"
        ".join(' ') : e.textContent)")]
    checked = 0
    for n, words in enumerate(said):
        if words not in short:
            continue
        row, box = short[words], texts.nth(n).bounding_box()
        checked += 1
        at = lanes.index(row["category"])
        top, bottom = frame["y"] + at * lane, frame["y"] + (at + 1) * lane
        assert box["y"] >= top - 1 and box["y"] + box["height"] <= bottom + 1, \
            f"{where}: the title {words!r} leaves its lane {row['category']!r} ({box}, lane {top:.0f}-{bottom:.0f})"
        others = [m["spot"] for i, m in marks.items() if i != row["id"]]
        nearest = min((_gap(box, o) for o in others), default=1e9)
        lead = leads.get(row["id"])
        reaches = (lead is not None and lead["height"] >= timeline_charts.LEAD_MIN
                   and _gap(box, lead) <= timeline_charts.LABEL_GAP + 2 and _gap(box, lead) < nearest)
        assert _gap(box, marks[row["id"]]["spot"]) < nearest or reaches, \
            f"{where}: another mark is nearer the title {words!r} than its own, and no leader reaches it"
    assert checked >= len(keywords(run.path, "timeline_explorer" if number != "01" else "timeline_chart")["labels"])
