"""Widgets: set values as a learner would (programmatically, no browser) and check what they then show."""
from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import ipywidgets as w
import pytest

import helpers
from fixture_tables import PAYLOAD, ids
from fixture_tables import rows as fixture_tables_rows
from helpers import reading, render, timeline, widgets
from helpers.timeline_charts import detail_period
from helpers.notes import COMMENT, load_notes, notes_path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "questions"
def descendants(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from descendants(child)


def assert_accessible(root, name: str) -> None:
    assert f"course-{name}" in root._dom_classes
    for widget in descendants(root):
        if isinstance(widget, (w.Dropdown, w.ToggleButtons, w.SelectMultiple, w.SelectionRangeSlider, w.Text,
                               w.Textarea, w.FloatText, w.RadioButtons, w.Button, w.Checkbox)):
            assert widget.description.strip(), f"{type(widget).__name__} without a visible label in {name}"
            assert not getattr(widget, "disabled", False)


def spec_of(output: w.Output) -> dict:
    """The chart in an Output; the output after it is the chart's table ("Show the numbers", or for the timeline
    "Show the events as a table")."""
    assert len(output.outputs) == 2
    numbers = output.outputs[1]["data"]["text/html"]
    spec = output.outputs[0]["data"][widgets.VEGALITE]
    summary = render.NUMBERS_LABELS.get(spec["usermeta"]["course_chart"], render.NUMBERS_LABEL)[0]
    assert numbers.startswith(f'<details class="course-numbers"><summary>{summary}</summary>')
    return spec


def test_excerpt_reader_marks_terms_and_shows_cards(fixture_data):
    root = widgets.excerpt_reader(["jinmen-mazu", "teacher-jiang"], fixture_data)
    assert_accessible(root, "excerpt-reader")
    parts = root.parts
    assert 'data-term="jinmen-mazu"' in parts.text.value
    keys = [v for _, v in parts.term.options]
    assert keys[0] == "" and "glossary:jinmen-mazu" in keys
    parts.term.value = "glossary:jinmen-mazu"
    assert "Islands." in parts.info.value and "<img" not in parts.info.value
    assert html.escape(PAYLOAD) in parts.info.value
    parts.excerpt.value = "teacher-jiang"
    assert [v for _, v in parts.term.options] == ["", "person:jiang-jieshi"]
    assert parts.info.value == ""
    parts.term.value = "person:jiang-jieshi"
    assert "President of the Republic of China" in parts.info.value and "1887–1975" in parts.info.value


def test_people_explorer_opens_on_the_person_a_lesson_asks_about(fixture_data):
    """Lesson 01 asks who Chervenkov was: its explorer opens on his card, not on Mao's long one; an unknown id is
    one clear error naming the file."""
    root = widgets.people_explorer(fixture_data, person="zhou-enlai")
    assert root.parts.person.value == "zhou-enlai" and "Premier" in root.parts.info.value
    assert widgets.people_explorer(fixture_data).parts.person.value == ids("people")[0]
    with pytest.raises(helpers.DataError, match="'nobody' is not a person id in data/people.csv"):
        widgets.people_explorer(fixture_data, person="nobody")
    assert "chervenkov" in [pid for _, pid in widgets.people_explorer(person="chervenkov").parts.person.options]


def test_people_explorer_filters_present_and_mentioned(fixture_data):
    root = widgets.people_explorer(fixture_data)
    assert_accessible(root, "people-explorer")
    parts = root.parts
    assert [v for _, v in parts.person.options] == ids("people")
    parts.show.value = "present"
    assert [v for _, v in parts.person.options] == ids("people", presence="present") == ["mao-zedong", "zhou-enlai"]
    assert "Chairman of the CCP" in parts.info.value and "<img" not in parts.info.value
    parts.person.value = "zhou-enlai"
    assert "Premier" in parts.info.value
    parts.show.value = "mentioned"
    assert [v for _, v in parts.person.options] == ids("people", presence="mentioned") == [
        "dulles", "jiang-jieshi", "payload"]


def test_close_reading_updates_table_and_chart(fixture_data):
    root = widgets.close_reading("teacher", fixture_data)
    assert_accessible(root, "close-reading")
    parts = root.parts
    found = len(helpers.kwic("teacher", data_dir=fixture_data))
    assert parts.table.value.count("<tr>") == found + (2 if found > reading.KWIC_FIRST else 1)  # one head per table
    assert spec_of(parts.chart)["usermeta"]["course_chart"] == "frequency"
    parts.phrase.value = "Dulles"
    assert "occurrence(s) of &ldquo;Dulles&rdquo;" in parts.table.value
    assert "'Dulles'" in spec_of(parts.chart)["title"]
    parts.phrase.value = "<script>"
    assert "<script>" not in parts.table.value
    parts.phrase.value = "  "
    assert parts.chart.outputs == ()


def test_timeline_explorer_filters_chart_list_and_events_together(fixture_data):
    root = widgets.timeline_explorer(data_dir=fixture_data)
    assert_accessible(root, "timeline-explorer")
    parts = root.parts
    boxes = {b.description: b for b in parts.categories}
    assert (parts.start.value, parts.end.value) == timeline.OPENING_YEARS
    assert parts.events.value.count("<li") == 4  # 1956-1959: Beidaihe, the shelling, the conversation, the famine
    assert parts.every_year.description == "Show the whole timeline (1871-1961)"  # the years read from the data
    parts.every_year.click()
    assert (parts.start.value, parts.end.value) == (1871, 1961)
    assert parts.events.value.count("<li") == len(ids("events")) == 5
    for name in ("aftermath", "Western powers"):
        boxes[name].value = False
    assert parts.events.value.count("<li") == 3 and "Paris Commune" not in parts.events.value
    drawn = {r["id"] for v in spec_of(parts.chart)["datasets"].values() for r in v if "card" in r}
    assert drawn == {"shelling", "beidaihe", "memo"}
    parts.event.value = "beidaihe"
    assert 'data-paragraph="p42"' in parts.paragraphs.value and 'data-paragraph="p52"' in parts.paragraphs.value
    assert 'data-id="beidaihe"' in parts.card.value and "The Politburo meets." in parts.card.value  # as a click in the chart
    for box in boxes.values():
        box.value = True
    parts.start.value, parts.end.value = 1900, 1871  # either way round
    assert [v for _, v in parts.event.options] == ["", "commune-1871"]
    assert parts.paragraphs.value == "" and parts.card.value == ""  # the chosen event left the selection
    for box in boxes.values():
        box.value = False
    assert "at least one category" in parts.events.value and parts.chart.outputs == ()


def test_timeline_explorer_can_list_events_without_their_paragraphs(fixture_data):
    """Lesson 06: the list under the explorer printed "Wuchang meeting and 6th plenum (aftermath; memo p59)" and so
    answered "which meeting cut it?" before any click. ``list_paragraphs=False`` leaves the paragraphs out of the
    list, and keeps them on the event's card and in its paragraphs."""
    listed = widgets.timeline_explorer(data_dir=fixture_data).parts
    hidden = widgets.timeline_explorer(data_dir=fixture_data, list_paragraphs=False).parts
    assert "memo p42, p52" in listed.events.value  # Beidaihe's paragraphs, as before by default
    assert "memo " not in hidden.events.value and "(Great Leap Forward)" in hidden.events.value
    assert hidden.events.value.count("<li") == listed.events.value.count("<li")
    hidden.event.value = "beidaihe"
    assert 'data-paragraph="p42"' in hidden.paragraphs.value
    hidden.every_year.click()  # and so after any change
    assert "memo " not in hidden.events.value


def test_timeline_explorer_years_menus_set_the_charts_detail(fixture_data):
    """The From and To menus do what dragging on the overview does: the detail view shows those years."""
    parts = widgets.timeline_explorer(data_dir=fixture_data).parts
    parts.every_year.click()
    parts.start.value, parts.end.value = 1950, 1960
    spec = spec_of(parts.chart)
    brush = next(p for p in spec["params"] if p["name"] == "period")
    days = [dt.date(d["year"], d["month"], d["date"]) for d in brush["value"]["x"]]
    assert days == list(detail_period(1950, 1960))
    assert days[0] < dt.date(1950, 1, 1) and days[1] > dt.date(1960, 12, 31)


def test_timeline_explorer_opens_on_the_categories_and_years_asked_for(fixture_data):
    parts = widgets.timeline_explorer(["aftermath", "the memo"], 1958, "1961", data_dir=fixture_data).parts
    assert {b.description for b in parts.categories if b.value} == {"aftermath", "the memo"}
    assert len(parts.categories) == len({r["category"] for r in fixture_tables_rows("events")})  # others one tick away
    assert (parts.start.value, parts.end.value) == (1958, 1961)
    assert [v for _, v in parts.event.options] == ["", "memo", "famine"]
    drawn = {r["id"] for v in spec_of(parts.chart)["datasets"].values() for r in v if "card" in r}
    assert drawn == {"memo", "famine"}
    parts.every_year.click()
    assert (parts.start.value, parts.end.value) == (1871, 1961)


def test_timeline_explorer_refuses_an_unknown_category_or_year(fixture_data):
    with pytest.raises(helpers.DataError, match=r"'Narnia' is not a category of the events in data/events\.csv "
                                                r"\(field 'category'\)\. Choose from: 'Taiwan Strait', "):
        widgets.timeline_explorer(["Narnia"], data_dir=fixture_data)
    with pytest.raises(helpers.DataError, match="name at least one"):
        widgets.timeline_explorer([], data_dir=fixture_data)
    with pytest.raises(helpers.DataError, match=r"start=1800 is outside .* from 1871 to 1961"):
        widgets.timeline_explorer(start=1800, data_dir=fixture_data)
    with pytest.raises(helpers.DataError, match="end='soon' is not a year"):
        widgets.timeline_explorer(end="soon", data_dir=fixture_data)


@pytest.mark.parametrize("start, end, span", [
    (None, None, timeline.OPENING_YEARS),
    (1958, None, (1958, 1959)),
    (1960, None, (1960, 1960)),
    (None, 1957, (1956, 1957)),
    (None, 1900, (1900, 1900)),
    ("1959-10", 1871, (1871, 1959)),
])
def test_explorer_span_fills_a_missing_end_from_the_opening_years(start, end, span):
    assert timeline.explorer_span(start, end, list(range(1871, 1962))) == span


def test_year_span_puts_the_earlier_year_first():
    assert timeline.year_span(1956, 1959) == (1956, 1959)
    assert timeline.year_span(1959, 1956) == (1956, 1959)


def test_stated_vs_record_redraws(fixture_data):
    root = widgets.stated_vs_record("steel", data_dir=fixture_data)
    assert_accessible(root, "stated-vs-record")
    parts = root.parts
    rows = lambda: [r for v in spec_of(parts.chart)["datasets"].values() for r in v]  # noqa: E731
    assert parts.view.value is True  # opens on the view that adds to the memo's chart above it
    assert [f"{parts.view.description} {label}" for label, _ in widgets.VIEWS] == [
        "The chart shows: The memo alone", "The chart shows: With other sources"]  # the label reads with each view
    assert any(r.get("id") == "r-steel-1957" for r in rows())
    parts.view.value = False
    assert not any(r.get("id") == "r-steel-1957" for r in rows())
    parts.view.value = True
    assert any(r.get("id") == "r-steel-1957" for r in rows())
    with pytest.raises(helpers.DataError, match="Choose one of: steel, harvest, communes"):
        widgets.stated_vs_record("catch_up", data_dir=fixture_data)


def test_stated_vs_record_opens_on_the_view_asked_for(fixture_data):
    """Lesson 03 asks for a guess before other sources show: `opens_on="memo"` opens the switch on the memo alone;
    the default stays "sources"; anything else names the choices."""
    ids = lambda parts: {r.get("id") for v in spec_of(parts.chart)["datasets"].values() for r in v}  # noqa: E731
    memo = widgets.stated_vs_record("steel", data_dir=fixture_data, opens_on="memo").parts
    assert memo.view.value is False and memo.view.label == "The memo alone"
    assert "r-steel-1957" not in ids(memo)
    memo.view.value = True
    assert "r-steel-1957" in ids(memo)
    sources = widgets.stated_vs_record("steel", data_dir=fixture_data, opens_on="sources").parts
    assert sources.view.value is True and sources.view.label == "With other sources" and "r-steel-1957" in ids(sources)
    for bad in ("record", "Memo", ""):
        with pytest.raises(ValueError, match=r"opens_on=.* Choose one of: 'sources', 'memo'"):
            widgets.stated_vs_record("steel", data_dir=fixture_data, opens_on=bad)


def test_stated_vs_record_on_paper_shows_both_views_whatever_it_opens_on():
    from helpers.authoring.packet import StaticHelpers

    paper = StaticHelpers("student")
    both = paper.stated_vs_record("steel", years=[1958]).html
    assert paper.stated_vs_record("steel", years=[1958], opens_on="memo").html == both


def test_stated_vs_record_shows_other_sources_only_for_the_years_asked_for(fixture_data):
    parts = widgets.stated_vs_record("steel", [1958], data_dir=fixture_data).parts
    rows = lambda: {r.get("id") for v in spec_of(parts.chart)["datasets"].values() for r in v}  # noqa: E731
    assert "r-steel-usable" in rows() and "r-steel-1957" not in rows()
    parts.view.value = False
    memo_alone = rows()
    assert "r-steel-usable" not in memo_alone and any(str(i).startswith("steel-") for i in memo_alone)
    with pytest.raises(helpers.DataError, match=r"no row for harvest, harvest-increase in 1962 .* Years with rows: "
                                                r"1957, 1958\."):
        widgets.stated_vs_record("harvest", years=[1962], data_dir=fixture_data)


def test_self_check_number_box_is_wide_enough_for_its_placeholder():
    """Lesson 03: beside a long label ("Your answer (million tons)") ipywidgets' 300-pixel row left the box
    'a nun' wide. The row grows with its label; the box keeps at least NUMBER_INPUT, set in the course's style."""
    root = widgets.self_check("99", folder=FIXTURES)
    number = next(q for q in root.parts.questions if q.question.kind == "number")
    assert number.input.placeholder == widgets.NUMBER_PLACEHOLDER
    assert number.input.layout.width == "auto" and number.input.layout.max_width == widgets.NUMBER_BOX_WIDTH
    style = root.children[0].value
    assert f".course-question-number input[type='text']{{min-width:{widgets.NUMBER_INPUT}" in style
    assert any("course-question-number" in box._dom_classes and number.input in box.children
               for box in root.children[1:])
    # the box must hold the placeholder: 12em against 8 characters (about 0.6em each at most)
    assert float(widgets.NUMBER_INPUT.removesuffix("em")) >= 0.6 * len(widgets.NUMBER_PLACEHOLDER) + 2


def test_self_check_marks_and_keeps_score():
    root = widgets.self_check("99", folder=FIXTURES)
    assert_accessible(root, "self-check")
    choice, number, open_ = root.parts.questions
    assert root.parts.score.value.count("Nothing checked yet") == 1  # no "0 of 2" before any answer
    choice.input.value = "10.7 million tons"
    choice.check.click()
    assert "Not quite" in choice.feedback.value and "course-wrong" in choice.feedback.value
    assert "0 of 2 right" in root.parts.score.value
    choice.input.value = "6.2 million tons"
    choice.check.click()
    assert "course-right" in choice.feedback.value and "1 of 2 right" in root.parts.score.value
    assert number.input.value == ""  # an untouched box is empty, not 0
    number.check.click()
    assert "Enter a number" in number.feedback.value and "course-wrong" not in number.feedback.value
    assert "1 of 2 right" in root.parts.score.value
    number.input.value = "10.74"
    number.check.click()
    assert "course-right" in number.feedback.value and "2 of 2 right" in root.parts.score.value
    number.input.value = "10,8"
    number.check.click()
    assert "course-wrong" in number.feedback.value and "1 of 2 right" in root.parts.score.value
    assert open_.check.description == "Show model answer"
    open_.input.value = "Because of the harvest."
    open_.check.click()
    assert "A model answer" in open_.feedback.value and "1 of 2 right" in root.parts.score.value


def test_self_check_feedback_never_speaks_of_an_earlier_answer():
    """A click can reach the kernel before the answer it follows; a new answer clears the old verdict and its
    point, so no mark outlives the answer it was given for. An earned model answer stays while the learner revises."""
    root = widgets.self_check("99", folder=FIXTURES)
    choice, number, open_ = root.parts.questions
    choice.input.value = "6.2 million tons"
    choice.check.click()
    assert "course-right" in choice.feedback.value and "1 of 2 right" in root.parts.score.value
    choice.input.value = "10.7 million tons"  # changed, not yet checked
    assert choice.feedback.value == "" and "Nothing checked yet" in root.parts.score.value
    number.input.value = "3"
    number.check.click()
    number.input.value = "10.74"
    assert number.feedback.value == "" and "Nothing checked yet" in root.parts.score.value
    number.check.click()
    assert "course-right" in number.feedback.value and "1 of 2 right" in root.parts.score.value
    open_.check.click()  # nothing written: a note, no model answer
    open_.input.value = "Because of the harvest."
    assert open_.feedback.value == ""
    open_.check.click()
    open_.input.value = "Because of the harvest, and the guests."
    assert "A model answer" in open_.feedback.value


def test_learners_notebook_prefills_saves_and_reports(tmp_path):
    prompts = ["Who is the teacher?", "Why 1%?"]
    root = widgets.learners_notebook("99", prompts, folder=tmp_path)
    assert_accessible(root, "learners-notebook")
    first, second = root.parts.answers
    assert first.value == "" and "99-my-notes.md" in root.parts.status.value
    first.value = "Jiang Jieshi"
    second.value = "The harvest."
    root.parts.save.click()
    assert load_notes("99", tmp_path) == {"Who is the teacher?": "Jiang Jieshi", "Why 1%?": "The harvest."}
    assert "Saved to 99-my-notes.md at" in root.parts.status.value
    again = widgets.learners_notebook("99", prompts, folder=tmp_path)
    assert [a.value for a in again.parts.answers] == ["Jiang Jieshi", "The harvest."]


def test_learners_notebook_reports_a_file_moved_aside(tmp_path):
    notes_path("98", tmp_path).write_bytes(b"\xff\xfe not text")
    root = widgets.learners_notebook("98", ["Q?"], folder=tmp_path)
    assert "moved aside" in root.parts.status.value
    assert len(list(tmp_path.glob("98-my-notes.unreadable-*.md"))) == 1
    root.parts.answers[0].value = "A"
    root.parts.save.click()
    assert load_notes("98", tmp_path) == {"Q?": "A"}


RETIRED_LESSON = """lesson = "99"

[[questions]]
id = "why"
kind = "open"
prompt = "Why?"
model_answer = "Because."

[notes]
worry = "Which link worries you most?"

[notes_retired]
ladder = ["Draw the <steel> ladder & its rungs.", "Draw the ladder."]
room = ["Describe the room."]
"""


@pytest.fixture
def retired_lesson(tmp_path, monkeypatch):
    """Lesson 99 with one current prompt and two cut ones; its notes folder."""
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "99.toml").write_text(RETIRED_LESSON, encoding="utf-8")
    monkeypatch.setattr(helpers.questions, "QUESTIONS_DIR", folder)
    return tmp_path


def notes_file(folder: Path, *sections: str) -> Path:
    path = notes_path("99", folder)
    path.write_text(f"# Lesson 99: my notes\n\n{COMMENT}\n\n" + "\n".join(sections), encoding="utf-8")
    return path


def test_an_answer_under_a_cut_prompt_shows_after_the_others_and_saves_back_unchanged(retired_lesson):
    path = notes_file(retired_lesson, "## Which link worries you most?\n\nThe recorder.\n",
                      "## Draw the <steel> ladder & its rungs.\n\n10.7, then 8.5.\n")
    before = path.read_text(encoding="utf-8")
    root = widgets.learners_notebook("99", folder=retired_lesson)
    assert [a.value for a in root.parts.answers] == ["The recorder."]
    (heading, box), = root.parts.earlier.items()
    assert heading == "Draw the <steel> ladder & its rungs." and box.value == "10.7, then 8.5."
    assert box.description == "Answer 2" and root.children.index(box) > root.children.index(root.parts.answers[0])
    assert root.children[root.children.index(box) - 1].value == (
        "<p><strong>2.</strong> You answered this in an earlier version of this lesson: "
        "Draw the &lt;steel&gt; ladder &amp; its rungs.</p>")
    assert_accessible(root, "learners-notebook")
    root.parts.save.click()
    assert "Saved to 99-my-notes.md" in root.parts.status.value
    assert path.read_text(encoding="utf-8") == before
    box.value = "10.7, then 8.5, then 11."
    root.parts.save.click()
    assert load_notes("99", retired_lesson) == {"Which link worries you most?": "The recorder.",
                                                "Draw the <steel> ladder & its rungs.": "10.7, then 8.5, then 11."}
    assert "10.7, then 8.5.\n" in path.read_text(encoding="utf-8").split("## Earlier versions")[1]
    again = widgets.learners_notebook("99", folder=retired_lesson)
    assert [b.value for b in again.parts.earlier.values()] == ["10.7, then 8.5, then 11."]


def test_an_answer_under_a_cut_prompts_former_words_shows_under_those_words(retired_lesson):
    path = notes_file(retired_lesson, "## Draw the ladder.\n\nFrom 6.2 up.\n")
    before = path.read_text(encoding="utf-8")
    root = widgets.learners_notebook("99", folder=retired_lesson)
    assert {h: b.value for h, b in root.parts.earlier.items()} == {"Draw the ladder.": "From 6.2 up."}
    root.parts.save.click()
    assert path.read_text(encoding="utf-8") == before


def test_only_non_empty_answers_under_cut_prompts_become_boxes(retired_lesson):
    notes_file(retired_lesson, "## Describe the room.\n\n\n",
               "## Draw the <steel> ladder & its rungs.\n\n   \n",
               "## Anomaly: who was Minister of Defense?\n\nMy answer: the recorder\n",
               "## A heading from an older course\n\nKept.\n",
               "## Earlier versions\n\n### Draw the ladder. (replaced 2026-03-01 10:00:00)\n\nOld rungs.\n")
    root = widgets.learners_notebook("99", folder=retired_lesson)
    assert root.parts.earlier == {}
    areas = [c for c in descendants(root) if isinstance(c, w.Textarea)]
    assert areas == root.parts.answers and [a.value for a in areas] == [""]
    assert not any("earlier version of this lesson" in c.value for c in root.children if isinstance(c, w.HTML))


def test_widgets_on_the_course_data():
    assert_accessible(widgets.people_explorer(), "people-explorer")
    assert_accessible(widgets.timeline_explorer(), "timeline-explorer")
    reader = widgets.excerpt_reader(["who-was-there"])
    assert reader.parts.text.value.count("<mark") >= 5


def test_scratch_notebook_is_stored_clean_and_uses_every_chart_and_widget():
    import json

    path = Path(__file__).resolve().parent / "notebooks" / "scratch.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    source = "\n".join("".join(c["source"]) for c in code)
    assert "".join(code[0]["source"]) == "import helpers\nhelpers.setup()"
    public = [n for n, module in helpers._LAZY.items()
              if module == "widgets" or (module == "charts" and n.endswith("_chart"))]
    missing = [n for n in public if f"helpers.{n}(" not in source]
    assert not missing, f"the scratch notebook does not use {missing}"


def test_timeline_explorer_opens_on_its_years_with_the_list_folded():
    """On the course's events: the explorer opens on 1956-1959 and shows the first few of that period's events,
    the rest folded under 'Show all n events'; the whole span is one click away."""
    root = widgets.timeline_explorer()
    parts = root.parts
    assert (parts.start.value, parts.end.value) == timeline.OPENING_YEARS
    shown = timeline.filter_events(None, *timeline.OPENING_YEARS)
    listing = parts.events.value
    assert listing.count("<li") == len(shown)  # this period's events only
    open_part, _, folded = listing.partition("<details")
    assert open_part.count("<li") == timeline.open_events(len(shown))
    if len(shown) > timeline.ALL_UP_TO:
        assert f"Show all {len(shown)} events" in folded and folded.count("<li") == len(shown) - timeline.FIRST_EVENTS
    parts.every_year.click()
    every = timeline.events()
    assert parts.events.value.count("<li") == len(every)
    assert parts.events.value.partition("<details")[0].count("<li") == timeline.FIRST_EVENTS < len(every)


def test_a_list_of_eight_events_or_fewer_shows_them_all(fixture_data):
    """Readers of lesson 02: "The events in this selection (6)" showed 5 and folded one. Up to eight are all shown;
    a longer list folds after the first five."""
    rows = timeline.event_rows()
    for count in (1, 6, timeline.ALL_UP_TO, timeline.ALL_UP_TO + 1):
        listing = timeline.events_html(rows[:count])
        open_part, _, folded = listing.partition("<details")
        shown = count if count <= timeline.ALL_UP_TO else timeline.FIRST_EVENTS
        assert open_part.count("<li") == shown and folded.count("<li") == count - shown, count
        # lesson 06: a folded list's heading says how many are open and where the rest are
        assert (f"the first {shown} here" in open_part) == (shown < count), count


def test_events_html_folds_after_the_first_and_escapes(fixture_data):
    rows = timeline.event_rows(fixture_data)
    table = (rows * (timeline.ALL_UP_TO + 1))[:timeline.ALL_UP_TO + 1]  # a list too long to show whole
    table[0] = {**table[0], "title": "<b>bold</b>"}
    folded = timeline.events_html(table, first=2)
    open_part, _, rest = folded.partition("<details")
    assert open_part.count("<li") == 2 and rest.count("<li") == len(table) - 2
    assert f"<summary>Show all {len(table)} events" in rest
    assert "<b>bold</b>" not in folded and "&lt;b&gt;bold&lt;/b&gt;" in folded
    assert "<details" not in timeline.events_html(table, first=None)
    assert "<details" not in timeline.events_html(table, first=len(table))


def test_lists_in_a_widget_read_as_lists_not_as_part_of_the_numbers_fold(fixture_data):
    """Lesson 02: ipywidgets draws each line of an HTML widget 28 px high, so a wrapped event spread over gaps
    under the chart's closed "Show the numbers" fold and looked broken. The list sets its own line height and
    says under a heading what it lists; so do the memo paragraphs an event opens."""
    rows = timeline.event_rows(fixture_data)
    shown = timeline.events_html(rows)
    assert shown.startswith(f'<div class="course-events-list" style="{timeline.LIST_STYLE}">')
    assert f"The events in this selection ({len(rows)})" in shown.partition("<ul")[0]
    assert timeline.LIST_STYLE in timeline.paragraphs_html("beidaihe", fixture_data)
    assert timeline.LIST_STYLE in timeline.events_html([])


def test_self_check_shows_choice_options_shuffled_and_marks_by_their_text():
    """The options appear in questions.display_order, each with its own feedback; the value a learner picks (what
    is marked) is the option's text, wherever it is shown."""
    from helpers.questions import as_displayed, load_questions
    q = load_questions("99", FIXTURES)[0]
    root = widgets.self_check("99", folder=FIXTURES)
    choice = root.parts.questions[0]
    assert list(choice.input.options) == list(as_displayed(q).options)
    assert list(choice.input.options) != list(q.options)  # the file's order is not the order shown
    choice.input.index = list(choice.input.options).index(q.answer)
    assert choice.input.value == q.answer
    choice.check.click()
    assert "course-right" in choice.feedback.value and html.escape(q.feedback[q.options.index(q.answer)]) in \
        choice.feedback.value


def test_printed_self_check_lists_options_as_the_lesson_shows_them():
    """The packet and web edition print the options in the lesson's order, and the instructor's answer names the
    letter of the printed list."""
    import re
    import string

    from helpers.authoring.packet import StaticHelpers
    from helpers.questions import as_displayed, load_questions
    q = as_displayed(load_questions("99", FIXTURES)[0])
    for edition in ("student", "instructor"):
        page = StaticHelpers(edition).self_check("99", FIXTURES).html
        listed = re.search(r"<ol type='a'>(.*?)</ol>", page).group(1)
        assert re.findall(r"<li>(.*?)</li>", listed) == [html.escape(o) for o in q.options]
    letter = string.ascii_lowercase[q.options.index(q.answer)]
    assert f"Answer: ({letter}) {html.escape(q.answer)}" in StaticHelpers("instructor").self_check("99", FIXTURES).html
