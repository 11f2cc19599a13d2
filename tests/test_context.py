"""Context cards (helpers/context.py): every kind, sources folded under "Sources (n)", data text escaped, clear errors.

The kinds and the folding are checked on the fixture tables (tests/fixtures/tables) with one anomaly
added; the escaping on a copy of the course's data in which one row of each card table has markup
and ampersands in every text field, and a source of its own with the same.
"""
from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import pytest

import fixture_tables
import helpers
from helpers import bibliography, context

KINDS = dict(context.TABLE_ALIASES)  # kind as a lesson writes it ("person") -> table ("people")
MARKUP = '<script>alert("card")</script> Tom & Jerry'
"""What the escaping test writes into every text field: a tag, quotes and a bare ampersand."""
BARE_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt|quot|#x27|#39|#\d+);)")


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def text_fields(table: str) -> list[str]:
    """The fields of ``table`` that hold free text: strings with no pattern, list of values, reference or quote rule."""
    return [f["name"] for f in helpers.data.resource(table)["schema"]["fields"]
            if f.get("type", "string") == "string" and f["name"] != "id" and not f.get("references")
            and not f.get("verbatimIn") and not f.get("partialDate") and f.get("format", "default") == "default"
            and not {"pattern", "enum"} & set(f.get("constraints", {}))]


@pytest.fixture
def with_anomaly(fixture_data: Path, write_table) -> Path:
    """The fixture tables with one anomaly: a quote from p04 whose verdict a lesson would fold."""
    memo = helpers.load_memo(fixture_data)
    quote = memo.paragraph("p04")["text"].split(".")[0][:40]
    write_table(fixture_data, "anomalies", [{
        "id": "fx-anomaly", "paragraph": "p04", "quote": quote, "kind": "office",
        "record_says": "Fixture record of the office.", "explanation": "unexplained",
        "lesson": "Check an office against a list of officeholders.", "sources": "fx-book;fx-stats"}])
    assert helpers.validate(fixture_data) == []
    return fixture_data


def first_id(table: str, data_dir: Path) -> str:
    return str(helpers.load(table, data_dir)["id"].iloc[0])


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_card_shows_its_label_title_lines_and_paragraphs(kind, with_anomaly):
    table = KINDS[kind]
    row_id = first_id(table, with_anomaly)
    card = context.find_card(f"{kind}:{row_id}", with_anomaly)
    assert (card.table, card.id) == (table, row_id)
    assert card == context.find_card(row_id, with_anomaly) == context.card(table, row_id, with_anomaly)
    row = helpers.load(table, with_anomaly).set_index("id").loc[row_id]
    assert card.title == str(row[context.TITLES[table]])
    out = card.to_html()
    assert out.startswith(f'<div class="course-card course-card-{table}" data-table="{table}" data-id="{row_id}"')
    assert f">{context.KINDS[table]}</p>" in out, f"the {kind} card should say what it is"
    assert card.heading == context.shown_title(card.title, card.quoted)
    assert f'aria-label="{context.KINDS[table]}: {html.escape(card.heading)}"' in out
    shown = [(label, value) for label, value in card.lines if value]
    assert shown, f"the {kind} card shows no line"
    for label, value in shown:
        assert f">{html.escape(label)}</th><td style='{context.TD_STYLE}'>{html.escape(value)}</td>" in out
    for label, value in card.lines:
        if not value:
            assert f">{html.escape(label)}</th>" not in out, f"an empty {label!r} line is left out"
    if card.paragraphs:
        assert f">In the memo</th><td style='{context.TD_STYLE}'>{', '.join(card.paragraphs)}</td>" in out
    markdown = card.to_markdown()
    assert markdown.startswith(f"**{context.escape_markdown(card.heading)}**")
    assert all(f"- *{label}:* " in markdown for label, _ in shown)


def test_the_call_a_lesson_writes_gives_the_card_of_its_kind():
    for kind, table in KINDS.items():
        row_id = first_id(table, None)
        assert getattr(helpers, kind)(row_id) == context.card(table, row_id), f"helpers.{kind}({row_id!r})"


def test_sources_fold_under_a_summary_that_counts_the_shown_ones(fixture_data, write_table):
    card = context.card("events", "beidaihe", fixture_data)
    assert card.sources == tuple(context.cite(["fx-book", "fx-stats"], fixture_data))
    assert card.sources[0].startswith("Fixture history of the Leap")
    out = card.to_html()
    assert "<details class='course-sources' style" in out, "folded on screen"
    assert "<summary style='cursor:pointer'>Sources (2)</summary>" in out
    assert re.findall(r"<li>(.*?)</li>", out) == [html.escape(s) for s in card.sources]
    assert "<details class='course-sources' open" in card.print_html(), "unfolded on paper"
    assert "<details class='course-sources' open" in card.to_html(sources_open=True)
    sources = fixture_tables.rows("sources")
    weak = [t for t in bibliography.TIERS if t not in bibliography.SHOWN][0]
    write_table(fixture_data, "sources", sources + [{**sources[1], "id": "fx-weak", "tier": weak,
                                                      "title": "A fixture encyclopedia"}])
    events = fixture_tables.rows("events")
    for row in events:
        if row["id"] == "beidaihe":
            row["sources"] = "fx-weak;fx-book"
        if row["id"] == "famine":
            row["sources"] = "fx-weak"
    write_table(fixture_data, "events", events)
    assert "Sources (1)</summary>" in context.card("events", "beidaihe", fixture_data).to_html(), \
        f"a {weak} source is never shown or counted"
    unsourced = context.card("events", "famine", fixture_data)
    assert unsourced.sources == ()
    assert context.NO_SOURCE in unsourced.to_html() and "<details" not in unsourced.to_html()


def test_grouped_cards_fold_each_card_under_its_kind_and_title(with_anomaly):
    refs = [f"{kind}:{first_id(table, with_anomaly)}" for kind, table in KINDS.items()]
    group = context.cards(refs, "Every kind & more", with_anomaly)
    out = group.to_html()
    assert out.count("<details class='course-card-fold' style") == len(KINDS)
    assert 'aria-label="Every kind &amp; more"' in out and f">{len(KINDS)} cards</p>" in out
    summaries = re.findall(r"<summary style='cursor:pointer;font-weight:bold'>(.*?)</summary>", out)
    assert summaries == [html.escape(f"{context.KINDS[c.table]}: {c.heading}") for c in group.cards]
    assert group.print_html().count("<details class='course-card-fold' open") == len(KINDS)
    assert group.to_markdown().startswith("**Every kind & more**")


@pytest.fixture
def marked_up(data_copy: Path, write_table) -> Path:
    """data/ with MARKUP in every text field of the first row of each card table and of a source it cites."""
    sources = read(data_copy / "sources.csv")
    shown = next(r for r in sources if r["tier"] in bibliography.SHOWN)
    write_table(data_copy, "sources", sources + [
        {**shown, "id": "fx-markup", **{f: MARKUP for f in text_fields("sources")
                                        if shown.get(f) and f != "url"}}])  # the loader holds url to a web address
    for table in KINDS.values():
        rows = read(data_copy / f"{table}.csv")
        rows[0].update({f: MARKUP for f in text_fields(table)}, sources="fx-markup")
        write_table(data_copy, table, rows)
    return data_copy


@pytest.mark.parametrize("kind", KINDS)
def test_data_text_is_escaped_in_every_field_of_every_kind(kind, marked_up):
    table = KINDS[kind]
    card = context.card(table, first_id(table, marked_up), marked_up)
    fields = text_fields(table)
    assert fields, f"{table} has no text field to check"
    escaped = html.escape(MARKUP)
    for out in (card.to_html(), card.print_html(), context.CardGroup("t", (card,)).to_html()):
        assert "<script" not in out and not BARE_AMPERSAND.search(out), out[:400]
        shown = [key for _, key in context.BODY[table] if key in fields] + [context.TITLES[table]] * (
            context.TITLES[table] in fields)
        assert out.count(escaped) >= len(shown), f"every text field of the {kind} card is shown, escaped"
    assert any("Tom & Jerry" in s for s in card.sources), "the cited source's own text is on the card too"
    markdown = card.to_markdown()
    assert "<script" not in markdown and "&lt;script&gt;" in markdown


def test_an_unknown_id_names_the_file_and_the_id_and_a_near_one(fixture_data):
    with pytest.raises(helpers.DataError, match=r"data/people\.csv has no row with id 'mao-zedon'\. "
                                                r"Did you mean 'mao-zedong'\?"):
        context.card("people", "mao-zedon", fixture_data)
    with pytest.raises(helpers.DataError, match=r"data/glossary\.csv has no row with id 'nothing-like-it'\.$"):
        context.card("glossary", "nothing-like-it", fixture_data)
    with pytest.raises(helpers.DataError, match=r"The card id 'no-such-card' is in none of the card tables\. "
                                                r"Write it as 'event:no-such-card'"):
        context.find_card("no-such-card", fixture_data)
    with pytest.raises(helpers.DataError, match=r"data/events\.csv has no row with id 'dulles'"):
        context.find_card("event:dulles", fixture_data)
    with pytest.raises(helpers.DataError, match=r"No cards for the table 'sources'; use one of: events, people"):
        context.card("sources", "fx-book", fixture_data)


def test_a_row_citing_a_missing_source_names_file_line_and_field(fixture_data, write_table):
    people = fixture_tables.rows("people")
    people[1]["sources"] = "fx-book;no-such-source"
    write_table(fixture_data, "people", people)
    with pytest.raises(helpers.DataError) as caught:
        context.card("people", people[1]["id"], fixture_data)
    message = str(caught.value)
    for needle in ("data/people.csv", "line 3", "field 'sources'", "'no-such-source'"):
        assert needle in message, f"{needle!r} not in {message!r}"


def test_a_card_title_shows_with_a_capital_or_as_the_memos_words_in_quotation_marks():
    """Readers of 00 found the card "my problems, as the First Secretary of the CC" broken-looking: a title from the
    memo shows in quotation marks, exactly as the memo has it; any other title begins with a capital."""
    secretary = helpers.anomaly("mao-first-secretary")
    assert secretary.quoted and secretary.title == "my problems, as the First Secretary of the CC"
    out = secretary.to_html()
    assert ">\u201cmy problems, as the First Secretary of the CC\u201d</p>" in out
    assert 'aria-label="Anomaly: \u201cmy problems, as the First Secretary of the CC\u201d"' in out
    assert helpers.cards(["anomaly:mao-first-secretary"], "One").summary(1, secretary).endswith(
        "\u201cmy problems, as the First Secretary of the CC\u201d")
    talks = helpers.term("ambassadorial-talks")
    assert talks.title[0].islower() and not talks.quoted  # not the memo's words: a plain title
    assert f">{html.escape(talks.title[0].upper() + talks.title[1:])}</p>" in talks.to_html()
    zhou = helpers.person("zhou-enlai")
    assert not zhou.quoted and zhou.heading == zhou.title  # a name that is also in the memo stays a plain name
    assert context.shown_title("\u201calready quoted\u201d", quoted=True) == "\u201calready quoted\u201d"
    assert context.shown_title("10.7 Mt steel target") == "10.7 Mt steel target"


def test_a_person_the_memo_does_not_place_in_the_room_is_not_shown_as_in_it():
    """The recorder's card said "In the room?: yes" while the memo page says the memo never puts him there: a person
    whose presence is ``unstated`` is neither in the room nor only mentioned, on the card and in the people menu."""
    from helpers import names
    unstated = [r for r in helpers.data.rows("people") if r["presence"] == "unstated"]
    assert [r["id"] for r in unstated] == ["rogov"]  # the memo names him only in "Recorded by" (p96)
    for row in unstated:
        assert dict(helpers.person(row["id"]).lines)["In the room?"] == "not stated in the memo"
        assert (f"{row['name']} (in the room? not stated)", row["id"]) in names.people_list()
        assert row["id"] not in {i for _, i in names.people_list("present") + names.people_list("mentioned")}
    assert dict(helpers.person("mao-zedong").lines)["In the room?"] == "yes, by the memo"
