"""The sourcing rules, held against the data (an instructor's edit is held to them too).

See data/README.md, 'Sourcing policy'.
"""
from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest

import helpers
from helpers import bibliography, context

DATA = Path(helpers.paths.DATA_DIR)
TABLES = ["record", "events", "anomalies", "people", "glossary"]


def _sources() -> dict[str, dict]:
    return {r["id"]: r for r in helpers.load("sources").to_dict("records")}


def _cited() -> collections.Counter:
    cited: collections.Counter = collections.Counter()
    for table in TABLES:
        frame = helpers.load(table)
        for column in ("sources", "original_sources"):  # glossary: the sources of the Chinese and Russian forms
            for ids in frame.get(column, []):
                cited.update(s for s in (ids or "").split(";") if s)
    return cited


@pytest.mark.parametrize("table", TABLES)
def test_every_row_rests_on_archival_official_or_scholarly_work_or_says_it_is_unverified(table):
    sources = _sources()
    problems = [f"data/{table}.csv, row {row['id']}: {p}" for row in helpers.load(table).to_dict("records")
                if (p := bibliography.row_problem(table, row, sources))]
    assert not problems, "\n".join(problems)


def test_reference_or_anonymous_sources_alone_do_not_pass_the_rule():
    sources = {"wiki": {"id": "wiki", "tier": "reference", "author": "", "title": "W"},
               "anon": {"id": "anon", "tier": "scholarly", "author": "", "title": "A"},
               "doc": {"id": "doc", "tier": "archival", "author": "", "title": "D"},
               "book": {"id": "book", "tier": "scholarly", "author": "A. Author", "title": "B"}}
    row = {"id": "x", "sources": "wiki;anon", "description": "A fact."}
    assert bibliography.row_problem("events", row, sources)
    assert not bibliography.row_problem("events", {**row, "description": "Unverified: a fact."}, sources)
    assert not bibliography.row_problem("events", {**row, "sources": "wiki;doc"}, sources)
    assert not bibliography.row_problem("events", {**row, "sources": "book"}, sources)


def test_no_shown_link_points_to_a_mirror_a_content_farm_or_a_bare_ip():
    problems = [f"data/sources.csv, row {sid}: {p}" for sid, row in _sources().items()
                if (p := bibliography.link_problem(row["url"]))]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("url", ["http://20.210.105.67/txt/time/a.html", "https://www.360doc.com/content/x",
                                 "https://user.bibliboba.online/books/x", "https://unknown.example.com/x"])
def test_link_rule_refuses_bare_ips_denied_and_unknown_hosts(url):
    assert bibliography.link_problem(url)


@pytest.mark.parametrize("url", ["https://history.state.gov/historicaldocuments/frus1958-60v19/d104",
                                 "https://digitalarchive.wilsoncenter.org/document/116826", ""])
def test_link_rule_accepts_archives_publishers_and_no_link(url):
    assert bibliography.link_problem(url) is None


def test_at_least_70_percent_of_the_sources_shown_are_archival_official_or_scholarly():
    sources, cited = _sources(), _cited()
    strong = [s for s in cited if sources[s]["tier"] in bibliography.STRONG]
    assert len(strong) / len(cited) >= 0.70, f"{len(strong)} of {len(cited)}"


def test_every_source_is_cited_by_a_row():
    unused = sorted(set(_sources()) - set(_cited()))
    assert not unused, f"data/sources.csv has sources no table cites: {unused}"


def test_looked_up_speaks_of_the_source_only():
    bad = [sid for sid, row in _sources().items()
           if re.search(r"search tool|stored cop|corpus|via the search", row["looked_up"], flags=re.I)]
    assert not bad, bad


def test_ranges_explain_their_ends():
    rows = helpers.load("record")
    ranged = rows[rows["low"].notna()]
    assert len(ranged) > 0
    for row in ranged.to_dict("records"):
        assert row["low"] < row["high"], row["id"]
        assert row["basis"].strip() or row["note"].strip(), f"{row['id']}: a range needs its ends explained"


def test_readme_table_of_tiers_matches_the_data():
    text = (DATA / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| (archival|official|scholarly|press|reference|popular) \| (\d+) \|", text, flags=re.M))
    counts = collections.Counter(r["tier"] for r in _sources().values())
    assert table == {tier: str(counts.get(tier, 0)) for tier in bibliography.TIERS}
    total = re.search(r"^\| total \| (\d+) \|", text, flags=re.M)
    assert total and int(total.group(1)) == sum(counts.values())



def test_readme_bibliography_lists_every_source_with_its_tier():
    text = (DATA / "README.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^- `([^`]+)` \(([a-z]+)\):", text, flags=re.M))
    assert {i: r["tier"] for i, r in _sources().items()} == listed

# ---- the one formatter ----------------------------------------------------------------------------------

BOOK = {"tier": "scholarly", "form": "book", "author": "Roderick MacFarquhar",
        "title": "The Origins of the Cultural Revolution", "volume": "vol. 2", "place": "New York",
        "publisher": "Columbia University Press", "year": "1983", "pages": "78"}


def test_chicago_note_for_a_book():
    assert bibliography.note(BOOK) == ("Roderick MacFarquhar, The Origins of the Cultural Revolution, vol. 2 "
                                       "(New York: Columbia University Press, 1983), 78.")


def test_chicago_note_for_an_article_with_two_authors_and_a_page_range():
    row = {"form": "article", "author": "Justin Yifu Lin;Dennis Tao Yang", "title": "Food Availability",
           "container": "Economic Journal", "volume": "110", "year": "2000", "pages": "136-58"}
    assert bibliography.note(row) == ("Justin Yifu Lin and Dennis Tao Yang, \u201cFood Availability,\u201d "
                                      "Economic Journal 110 (2000): 136\u201358.")


def test_chicago_note_for_a_newspaper_with_a_translated_title():
    row = {"form": "newspaper", "title": "报喜", "title_en": "Good news", "container": "Renmin ribao",
           "date": "14 September 1958", "pages": "4"}
    assert bibliography.note(row) == "\u201c报喜\u201d [Good news], Renmin ribao, 14 September 1958, 4."


def test_chicago_note_for_an_archival_document_and_three_authors():
    row = {"form": "document", "title": "Memo", "date": "2 October 1958", "locator": "GARF f. 9576",
           "translator": "A. Jersild", "container": "Wilson Center Digital Archive"}
    assert bibliography.note(row) == ("\u201cMemo,\u201d 2 October 1958, GARF f. 9576, trans. A. Jersild, "
                                      "in Wilson Center Digital Archive.")
    assert bibliography.names("A;B;C") == "A, B, and C"


def test_descriptive_titles_are_not_quoted_and_links_follow_the_note():
    row = {"form": "document", "author": "Xinhua News Agency", "title": "[Report on the communes]",
           "date": "30 September 1958", "url": "https://example.org/x"}
    assert bibliography.citation(row) == ("Xinhua News Agency, [Report on the communes], 30 September 1958. "
                                          "https://example.org/x")


def test_cards_and_the_memo_citation_use_the_one_formatter():
    sources = _sources()
    sid = "rmrb-1958-09-01"
    assert context.cite(sid) == [bibliography.citation(sources[sid])]
    assert helpers.citation().chicago == bibliography.citation(sources["memo"])
    assert "116826" in helpers.citation().chicago
