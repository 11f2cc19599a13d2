"""What a learner is shown of the sources: the tiers a card prints, and each lesson's works cited, built from the data."""
from __future__ import annotations

import html
import shutil

import pytest

import helpers
from helpers import bibliography, context, data, paths, works
from helpers.authoring import anatomy

CARD_TABLES = ["events", "people", "glossary", "anomalies", "record"]
LESSONS = [p.name[:2] for p in anatomy.lesson_paths()]


def _weak_citations() -> dict[str, str]:
    sources = data.load("sources").set_index("id", drop=False)
    return {sid: bibliography.citation(row.to_dict()) for sid, row in sources.iterrows()
            if row["tier"] not in bibliography.SHOWN}


def test_the_course_keeps_weak_sources_as_leads():
    assert _weak_citations(), "no reference or popular source left: this test would prove nothing"


@pytest.mark.parametrize("table", CARD_TABLES)
def test_no_card_prints_a_reference_or_popular_work(table):
    weak = _weak_citations()
    for row_id in data.load(table)["id"]:
        card = context.card(table, row_id)
        page = card.to_html(sources_open=True)
        shown = [sid for sid, text in weak.items() if html.escape(text) in page]
        assert not shown, f"{table} {row_id} prints {shown}"
        wanted = context.shown_sources(data.load(table).set_index("id").loc[row_id, "sources"])
        assert len(card.sources) == len(wanted)


def test_a_card_with_no_shown_source_says_it_is_unverified():
    bare = [(table, rid) for table in CARD_TABLES
            for rid, ids in data.load(table).set_index("id")["sources"].items() if not context.shown_sources(ids)]
    assert bare, "every card has a shown source: this test would prove nothing"
    page = context.card(*bare[0]).to_html()
    assert context.NO_SOURCE in page and "Sources (0)" in page


def test_lesson_rows_finds_every_kind_of_card_call():
    code = "\n".join([
        'helpers.event("beidaihe-1958")', "helpers.person('mao-zedong')",
        'helpers.cards(["term:politburo", "fact:harvest-1957"], "Two")', 'helpers.predict("03", "steel-target-7-5")',
        'helpers.event("beidaihe-1958")',
    ])
    assert works.lesson_rows(code) == [("events", "beidaihe-1958"), ("people", "mao-zedong"),
                                       ("anomalies", "steel-target-7-5"), ("glossary", "politburo"),
                                       ("record", "harvest-1957")]


@pytest.mark.parametrize("lesson", LESSONS)
def test_works_cited_gathers_every_shown_source_of_the_lessons_cards(lesson):
    path = next(paths.LESSONS_DIR.glob(f"{lesson}-*.ipynb"))
    rows = works.lesson_rows(works._code(path))
    assert rows, f"lesson {lesson} shows no card"
    ids = works.source_ids(lesson)
    for table, row_id in rows:
        wanted = context.shown_sources(data.load(table).set_index("id").loc[row_id, "sources"])
        assert set(wanted) <= set(ids), f"{table} {row_id}: {set(wanted) - set(ids)} missing"
    tiers = data.load("sources").set_index("id")["tier"]
    assert all(tiers[sid] in bibliography.SHOWN for sid in ids)
    listed = helpers.works_cited(lesson)
    assert len(listed.citations) == len(ids) and list(listed.citations) == sorted(listed.citations, key=str.casefold)
    assert f"({len(ids)})" in listed._repr_html_() and "<details class='course-works-cited'>" in listed._repr_html_()
    assert "<details class='course-works-cited' open>" in listed.print_html()


def test_works_cited_escapes_the_data(tmp_path):
    shutil.copytree(paths.DATA_DIR, tmp_path / "data")
    path = tmp_path / "data" / "sources.csv"
    text = path.read_text(encoding="utf-8").replace("Memcons & Telcons", "Memcons <b onmouseover=x()>", 1)
    path.write_text(text, encoding="utf-8")
    page = works.works_cited("00", data_dir=tmp_path / "data").to_html()
    assert "<b onmouseover" not in page and "&lt;b onmouseover=x()&gt;" in page


def test_an_unknown_lesson_is_a_clear_error():
    with pytest.raises(data.DataError, match="No lesson '42'"):
        works.works_cited("42")
