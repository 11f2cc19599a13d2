"""Close reading: key word in context, frequency along the text, stage directions, and marking that escapes."""
from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import pytest

import helpers
from fixture_tables import PAYLOAD
from helpers import excerpts, names, reactions, reading, timeline

def test_kwic_finds_every_occurrence_with_its_context():
    table = reading.kwic("teacher")
    memo = helpers.load_memo()
    assert list(table.columns) == ["paragraph", "speaker", "before", "match", "after"]
    assert len(table) == sum(t.lower().count("teacher") for t in memo.paragraphs["text"])
    for row in table.itertuples():
        assert row.match.lower() == "teacher"
        assert row.before.removeprefix("…") + row.match + row.after.removesuffix("…") in \
            memo.paragraph(row.paragraph)["text"]
        words = memo.paragraph(row.paragraph)["text"].split()
        before, after = row.before.removeprefix("…").split(), row.after.removesuffix("…").split()
        ends = (before[:1] if len(before) > 1 else []) + (after[-1:] if len(after) > 1 else [])
        assert all(w in words for w in ends), f"the context should begin and end with whole words: {row}"
        assert row.speaker == memo.paragraph(row.paragraph)["speaker"]
    assert reading.kwic("   ").empty
    assert reading.kwic("no such words anywhere").empty


def test_frequency_along_covers_every_paragraph():
    freq = reading.frequency_along("Dulles")
    memo = helpers.load_memo()
    assert list(freq["paragraph"]) == list(memo.paragraphs["id"])
    assert freq["count"].sum() == len(reading.kwic("Dulles"))
    assert freq.set_index("paragraph").loc["p19", "count"] == memo.paragraph("p19")["text"].count("Dulles")
    assert (freq["count"] == 0).sum() > 80


def test_parse_reactions_reads_stage_directions_and_toasts():
    found = reactions.parse_reactions('Jiang Jieshi (Laughter). We pay him nothing (Loud laughter). (All are silent).')
    assert [(r.kind, r.words) for r in found] == [("Laughter", "(Laughter)"), ("Loud laughter", "(Loud laughter)"),
                                                   ("All are silent", "(All are silent)")]
    assert found[1].context == "We pay him nothing"
    assert found[2].context == "We pay him nothing"  # silence right after laughter answers the same words
    assert [r.kind for r in reactions.parse_reactions("Mao Zedong: To the health of our guests!")] == ["Toast"]
    assert [r.kind for r in reactions.parse_reactions("Let's drink to the health of our Soviet comrades.")] == ["Toast"]
    assert [r.kind for r in reactions.parse_reactions("Chervenkov: Let's raise a toast to Comrade Mao Zedong!")] \
        == ["Toast"]
    assert reactions.parse_reactions("(The conversation began at 21:30, and ended at 23:30.)") == []
    assert reactions.parse_reactions("a dazibao (big-character poster) in my direction") == []


def test_reactions_per_paragraph_with_topic():
    table = reactions.reactions()
    row = table[(table["paragraph"] == "p19") & (table["kind"] == "Loud laughter")].iloc[0]
    assert row["count"] == 2 and "not paying him anything" in row["context"]
    assert row["topic"] == helpers.load("stretches").set_index("id").loc[row["stretch"], "topic"]


def test_mark_terms_escapes_first_then_marks(fixture_data):
    quote = f'We have "Dulles" & {PAYLOAD} and a dazibao, said Mao Zedong.'
    out = names.mark_terms(quote, fixture_data)
    assert "<img" not in out
    assert html.escape(PAYLOAD) in out
    assert re.sub(r"</?mark[^>]*>", "", out) == html.escape(quote)  # only marks were added
    assert '<mark data-term="dulles" data-kind="person" title="Dulles">Dulles</mark>' in out
    assert '<mark data-term="dazibao" data-kind="glossary"' in out
    assert 'data-term="mao-zedong"' in out
    # a name that is itself the payload is found and marked, still escaped
    assert '<mark data-term="payload" data-kind="person" title="&lt;img src=x onerror=alert(1)&gt;">' \
           "&lt;img src=x onerror=alert(1)&gt;</mark>" in out


def test_mark_terms_prefers_the_longest_form_and_keeps_entities(fixture_data):
    out = names.mark_terms("John Foster Dulles met the people's communes; Dulles & co.", fixture_data)
    assert '<mark data-term="dulles" data-kind="person" title="Dulles">John Foster Dulles</mark>' in out
    assert "people&#x27;s communes</mark>" in out and "&amp; co." in out
    assert out.count("<mark") == 3
    assert names.mark_terms("Dullesville", fixture_data) == "Dullesville"  # whole words only
    assert [t.id for t in names.terms_in("Dulles, Mao Zedong, Dulles", fixture_data)] == ["dulles", "mao-zedong"]


def test_cards_escape_every_field(fixture_data):
    card = names.person_card("payload", fixture_data)
    assert "<img" not in card and card.count(html.escape(PAYLOAD)) >= 4
    term = names.term_card("dazibao", fixture_data)
    assert "<img" not in term and "A wall poster." in term and "https://example.org/b" in term
    jiang = names.person_card("jiang-jieshi", fixture_data)
    assert "such a &quot;president&quot;" in jiang and "President of the Republic of China" in jiang
    assert "1887–1975" in jiang
    with pytest.raises(helpers.DataError, match="no person"):
        names.person_card("nobody", fixture_data)


def test_marked_excerpt_escapes_a_quote_with_the_payload(fixture_data):
    paragraphs = list(csv.DictReader((fixture_data / "paragraphs.csv").open(encoding="utf-8")))
    for row in paragraphs:
        if row["id"] == "p20":
            row["text"] += f" {PAYLOAD}"
    with (fixture_data / "paragraphs.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(paragraphs[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(paragraphs)
    table = (fixture_data / "excerpts.csv").read_text(encoding="utf-8")
    (fixture_data / "excerpts.csv").write_text(
        table + f'payload,A payload,p20,"Jiang Jieshi! {PAYLOAD}",teachers,99\n', encoding="utf-8")
    out = excerpts.marked_excerpt_html("payload", fixture_data)
    assert "<img" not in out and html.escape(PAYLOAD) in out
    assert 'data-term="jiang-jieshi"' in out


def test_timeline_links_events_and_paragraphs(fixture_data):
    assert list(timeline.events_for_paragraph("p42", fixture_data)["id"]) == ["beidaihe", "memo"]
    assert timeline.events_for_paragraph("p07", fixture_data).empty
    assert list(timeline.paragraphs_for_event("beidaihe", fixture_data)["id"]) == ["p42", "p52"]
    assert list(timeline.filter_events(["the memo"], data_dir=fixture_data)["id"]) == ["memo"]
    assert list(timeline.filter_events(start=1958, end="1958-08", data_dir=fixture_data)["id"]) == [
        "beidaihe", "shelling"]  # a month as the end takes in the whole month (the shelling began on the 23rd)
    assert timeline.conversation_date(fixture_data).isoformat() == "1958-10-02"
    with pytest.raises(helpers.DataError):
        timeline.paragraphs_for_event("nothing", fixture_data)
    with pytest.raises(helpers.DataError, match="start must come before"):
        timeline.filter_events(start=1960, end=1950, data_dir=fixture_data)


def test_kwic_html_escapes():
    out = reading.kwic_html("<b>")
    assert "<b>" not in out and "&lt;b&gt;" in out
    found = len(reading.kwic("Dulles"))
    assert reading.kwic_html("Dulles").count("<tr>") == found + (2 if found > reading.KWIC_FIRST else 1)


def test_kwic_html_shows_the_first_lines_and_folds_the_rest():
    """Lessons 00/01: 15 lines of 'teacher' filled a screen. The caption counts them all, five show, the rest
    fold under a keyboard-usable <details>; every line stays on the page, in the memo's order."""
    rows = reading.kwic_rows("teacher")
    assert len(rows) > reading.KWIC_FIRST
    page = reading.kwic_html("teacher")
    shown, folded = page.split("<details", 1)
    assert f"<caption>{len(rows)} occurrence(s)" in shown
    assert shown.count("<tr><td>") == reading.KWIC_FIRST
    assert f"<summary>Show all {len(rows)} matches ({len(rows) - reading.KWIC_FIRST} more)</summary>" in folded
    assert folded.count("<tr><td>") == len(rows) - reading.KWIC_FIRST
    assert re.findall(r"<tr><td>(p\d+)</td>", page) == [r["paragraph"] for r in rows]
    assert page.count('class="course-kwic"') == 2 and page.count("<colgroup>") == 2  # columns line up
    few = reading.kwic_rows("Khrushchev")
    assert 0 < len(few) <= reading.KWIC_FIRST
    assert "<details" not in reading.kwic_html("Khrushchev")  # nothing to fold
    every = reading.kwic_html("teacher", first=None)
    assert "<details" not in every and every.count("<tr><td>") == len(rows)


def test_an_empty_search_asks_for_a_phrase_instead_of_reporting_none():
    from helpers import reading

    for phrase in ("", "   "):
        page = reading.kwic_html(phrase)
        assert "Type a word or phrase" in page and "No occurrence" not in page
    assert "No occurrence" in reading.kwic_html("zzzqqq")


def test_kwic_keeps_a_word_whole_and_the_memo_verbatim():
    """A match inside a word ("teacher" in "teachers") shows the whole word in the match cell, and the row's
    cells, read in order without their markup, are still the memo's words."""
    page = reading.kwic_html("teacher")
    assert "<mark>teacher</mark>s</td>" in page
    rows = reading.kwic_rows("teacher")
    cells = re.findall(r"<tr><td>[^<]*</td><td[^>]*>[^<]*</td>(.*?)</tr>", page)
    assert len(cells) == len(rows)
    for row, found in zip(rows, cells):
        text = html.unescape(re.sub(r"<[^>]+>", "", found))
        assert text == row["before"] + row["match"] + row["after"]
        assert not re.match(r"\w", html.unescape(re.sub(r"<[^>]+>", "", found.split("</td>")[-2])))
