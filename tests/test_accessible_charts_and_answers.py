"""Accessibility helpers as pure functions: the numbers behind a chart, the chart theme, number parsing."""
from __future__ import annotations

import html
from html.parser import HTMLParser

import pandas as pd
import pytest

from helpers import charts, questions, render


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(markup: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(markup)
    return parser.tags


def test_numbers_html_is_a_disclosure_with_a_real_table():
    table = pd.DataFrame({"label": ["1957 output", "<b>x</b>"], "value": [5.35, None], "empty": ["", ""]})
    markup = render.numbers_html(table, "Steel")
    found = tags(markup)
    names = [t for t, _ in found]
    assert names[:2] == ["details", "summary"] and "table" in names and "caption" in names
    headers = [a for t, a in found if t == "th"]
    assert len(headers) == 2 and all(a.get("scope") == "col" for a in headers)  # the empty column is left out
    assert "Show the numbers" in markup and "The numbers in the chart: Steel" in markup
    assert "<b>x</b>" not in markup and "&lt;b&gt;x&lt;/b&gt;" in markup
    region = next(a for t, a in found if a.get("role") == "region")
    assert region["tabindex"] == "0" and region["aria-label"] == "The numbers in the chart: Steel"


@pytest.mark.parametrize("make, twin", [
    (lambda: charts.steel_chart(), lambda: charts.steel_table()),
    (lambda: charts.steel_chart(record=True), lambda: charts.steel_table(record=True)),
    (lambda: charts.catch_up_chart(), lambda: charts.catch_up_table()),
    (lambda: charts.reactions_chart(), lambda: charts.reactions_table()),
    (lambda: charts.timeline_chart(start=1956, end=1960, detail=(1956, 1959)),
     lambda: charts.timeline_table(start=1956, end=1960)),
])
def test_every_chart_carries_its_table_twin(make, twin):
    chart = make()
    pd.testing.assert_frame_equal(render.numbers_of(chart), twin())
    assert "_course_numbers" not in str(chart.to_dict())  # kept out of the Vega-Lite spec
    title = chart.to_dict()["title"]
    title = title["text"] if isinstance(title, dict) else title  # a title with a subtitle is a dict
    assert isinstance(title, str) and title
    words = "The events in the chart" if "timeline_chart" in make.__code__.co_names else "The numbers in the chart"
    assert html.escape(f"{words}: {title}") in render.chart_numbers_html(chart)


def test_the_timelines_disclosure_names_what_it_holds():
    """Lesson 02's reader asked "which numbers?" under the timeline: its table lists events and dates, and its
    disclosure says so; a chart of numbers keeps "Show the numbers"."""
    timeline = render.chart_numbers_html(charts.timeline_chart(start=1958, end=1958))
    steel = render.chart_numbers_html(charts.steel_chart())
    assert "<summary>Show the events as a table" in timeline and "Show the numbers" not in timeline
    assert "<summary>Show the numbers</summary>" in steel and "events" not in steel.split("</summary>")[0]


def test_chart_text_is_black_on_white():
    config = render._theme()["config"]
    assert config["text"]["color"] == render.INK == "#000000"
    for part in ("axis", "legend"):
        assert config[part]["labelColor"] == config[part]["titleColor"] == render.INK
    assert config["title"]["color"] == render.INK


def test_what_a_number_is_is_written_beside_its_bar():
    def calculations(node):
        if isinstance(node, dict):
            yield from ([node["calculate"]] if "calculate" in node else [])
            for value in node.values():
                yield from calculations(value)
        elif isinstance(node, list):
            for value in node:
                yield from calculations(value)

    spec = charts.steel_chart().to_dict()
    found = [c for c in calculations(spec) if "datum.said_kind" in c]
    assert found, "the memo's bars should be labelled with their kind, not only coloured by it"
    rows = [r for v in spec["datasets"].values() for r in v if "what" in r]
    assert rows and all(r["what"] == r["kind"] for r in rows)  # the memo's kind, as the colour key names it
    assert all(r["said_kind"].startswith(r["what"]) for r in rows)  # the text beside the bar says it


def test_the_same_number_as_two_kinds_says_each_kind_in_plain_words():
    """Lesson 03's reader: the same 12-15 years was an orange 'target' on one bar and a green 'forecast' on
    another. Where one panel shows the same number as two kinds, the text beside each bar says what its kind
    means ('12–15 (target: planned)', '12–15 (forecast: expected)'); other rows keep the short kind."""
    spec = charts.catch_up_chart().to_dict()
    rows = {r["id"]: r for v in spec["datasets"].values() for r in v if "said_kind" in r}
    assert rows["catch-up-earlier"]["said_kind"] == charts.kind_label("target")
    assert rows["catch-up-shipbuilding"]["said_kind"] == charts.kind_label("forecast")
    assert rows["catch-up-others-5"]["said_kind"] == "forecast"


def test_reactions_tell_kinds_apart_by_more_than_colour():
    """Toasts and silences have lanes of their own, named by their axis titles (issue 12: a shape on top of each
    bar hid marks); the two kinds of laughter share the laughter lane, one stacked on the other, and differ there by
    colour, named in the key, as two degrees of one reaction."""
    from helpers.conversation_charts import LANE_COUNT, reaction_lane

    spec = charts.reactions_chart().to_dict()
    titles = [layer["encoding"]["y"]["title"] for n in spec["vconcat"][1:] for layer in n["layer"]
              if layer.get("mark", {}).get("type") == "point"]
    kinds = set(charts.reactions_table()["kind"])
    assert sorted(t.removesuffix(LANE_COUNT) for t in titles) == sorted({reaction_lane(k) for k in kinds})
    shared = [k for k in kinds if reaction_lane(k) != k]
    assert shared == ["Loud laughter"]  # only laughter's degrees share a lane


@pytest.mark.parametrize("text, value", [("10.7", 10.7), (" 10,7 ", 10.7), ("700,000", 700000.0), (3, 3.0),
                                         ("-2", -2.0)])
def test_parse_number_reads_what_learners_type(text, value):
    assert questions.parse_number(text) == value


@pytest.mark.parametrize("text", ["", "   ", "ten", "1.2.3", None, "nan", "inf"])
def test_parse_number_gives_none_for_no_number(text):
    assert questions.parse_number(text) is None


def test_packet_pdf_is_tagged_and_has_an_outline(tmp_path):
    """A screen reader can follow the PDF's structure (tags) and jump by its headings (outline)."""
    from helpers.authoring.packet import to_pdf

    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><html lang='en'><head><title>Packet</title></head><body><h1>Course</h1>"
                    "<h2>Lesson 00</h2><p>Text.</p><table><tr><th>a</th></tr><tr><td>1</td></tr></table>"
                    "<h2>Lesson 01</h2><p>More.</p></body></html>", encoding="utf-8")
    made = to_pdf(page)
    assert made, "no PDF: the packet prints with Debian's chromium, which scripts/setup.sh dev installs"
    pdf = made.read_bytes()
    assert pdf.startswith(b"%PDF")
    assert b"/StructTreeRoot" in pdf and b"/Marked true" in pdf, "the PDF should be tagged"
    assert b"/Outlines" in pdf, "the PDF should have an outline (bookmarks) from its headings"
