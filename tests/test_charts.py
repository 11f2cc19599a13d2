"""Charts: valid Vega-Lite that renders offline to SVG marks, numbers that trace to the data, tables that match.

Each chart is checked twice: on the course's own data (a table that does not
load fails the test) and on the fixture tables (tests/fixture_tables.py), which
guarantee the cases that matter (a range in the record, an event with an end, a
record series the memo does not state).
"""
from __future__ import annotations

import colorsys
import datetime as dt
import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest
import vl_convert

import fixture_tables
import helpers
from helpers import chart_parts, charts, conversation_charts, figures, timeline, timeline_charts
from helpers.chart_parts import DARK, NEUTRAL, VIOLET
from helpers.render import PALETTE

ROOT = Path(__file__).resolve().parent.parent
NUMERIC = ("value", "low", "high", "year", "order")

BUILDERS = {
    "steel": lambda d: charts.steel_chart(data_dir=d),
    "steel+record": lambda d: charts.steel_chart(record=True, data_dir=d),
    "harvest": lambda d: charts.harvest_chart(data_dir=d),
    "harvest+record": lambda d: charts.harvest_chart(record=True, data_dir=d),
    "communes": lambda d: charts.communes_chart(data_dir=d),
    "communes+record": lambda d: charts.communes_chart(record=True, data_dir=d),
    "catch_up": lambda d: charts.catch_up_chart(data_dir=d),
    "certainty": lambda d: charts.certainty_chart(data_dir=d),
    "reactions": lambda d: charts.reactions_chart(data_dir=d),
    "timeline": lambda d: charts.timeline_chart(data_dir=d),
    "frequency": lambda d: charts.frequency_chart("teacher", data_dir=d),
}


def walk(node):
    """Every dict in a spec, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def data_rows(spec: dict) -> list[dict]:
    rows = [row for values in spec.get("datasets", {}).values() for row in values]
    for node in walk(spec):
        if isinstance(node.get("data"), dict) and "values" in node["data"]:
            rows += node["data"]["values"]
    return rows


def is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def same(a, b) -> bool:
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None or (isinstance(b, float) and math.isnan(b))
    return b is not None and not (isinstance(b, float) and math.isnan(b)) and math.isclose(float(a), float(b))


def check_chart(chart, name: str) -> str:
    """The house rules every chart keeps; returns the SVG."""
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v5")
    assert spec.get("title"), "a chart needs a title"
    assert len(spec.get("description", "")) > 80, "a chart needs a plain-language description"
    assert spec["usermeta"]["embedOptions"] == {"renderer": "svg", "actions": False}
    assert spec["usermeta"]["course_chart"] == name.split("+")[0]
    assert any("tooltip" in n.get("encoding", {}) for n in walk(spec)), "a chart needs tooltips"
    for node in walk(spec):
        colour = node.get("encoding", {}).get("color", {})
        scale = colour.get("scale", {}) if isinstance(colour, dict) else {}
        if "range" in scale and "field" in colour:
            assert set(scale["range"]) <= set(PALETTE) | {NEUTRAL, DARK, VIOLET}, f"colours outside the palette: {scale['range']}"
        for channel in ("x", "y"):
            enc = node.get("encoding", {}).get(channel)
            shown = isinstance(enc, dict) and enc.get("axis", {}) is not None
            if shown and enc.get("type") in ("quantitative", "temporal"):
                assert enc.get("title"), f"{channel} axis without a title in {name}"
                if enc["type"] == "quantitative" and "aggregate" not in enc:
                    assert re.search(r"\(.+\)", enc["title"]), f"no unit in axis title {enc['title']!r}"
    svg = vl_convert.vegalite_to_svg(spec, vl_version="5.20")
    assert svg.lstrip().startswith("<svg")
    marks = re.findall(r'<g class="mark-(\w+) role-mark[^"]*"[^>]*>(.*?)</g>', svg, flags=re.S)
    drawn = [kind for kind, body in marks if re.search(r"<(path|line|text|rect)", body)]
    assert drawn, f"{name}: the SVG has no marks"
    return svg


@pytest.mark.parametrize("name", BUILDERS)
def test_chart_on_fixture_data_validates_and_renders(name, fixture_data):
    check_chart(BUILDERS[name](fixture_data), name)


@pytest.mark.parametrize("name", BUILDERS)
def test_chart_on_course_data_validates_and_renders(name):
    check_chart(BUILDERS[name](None), name)


def traced(spec: dict, data_dir) -> int:
    """Assert every number in a stated-vs-record chart's data is the number of its row in figures or record."""
    figures = helpers.load("figures", data_dir).set_index("id")
    record = helpers.load("record", data_dir).set_index("id")
    checked = 0
    for row in data_rows(spec):
        numbers = {k: v for k, v in row.items() if is_number(v)}
        if not numbers:
            continue
        assert "id" in row and row.get("source") in (charts.MEMO, charts.RECORD), f"untraceable row {row}"
        table = figures if row["source"] == charts.MEMO else record
        assert row["id"] in table.index, f"{row['id']} is not in the data"
        source = table.loc[row["id"]]
        if "times" in numbers:  # the memo's 'two times more', drawn as the increase it states (lesson 04)
            assert source["unit"] == charts.TIMES and same(numbers.pop("times"), source["value"])
            assert same(numbers.pop("value"), (float(source["value"]) - 1) * 100) and row["unit"] == "percent"
            assert row["label"] == f"{source['label']}, as an increase"
            checked += 1
            continue
        for key, value in numbers.items():
            assert key in NUMERIC, f"unexpected number {key}={value} in {row['id']}"
            assert key in source.index and same(value, source[key]), f"{row['id']}.{key}: {value} != {source.get(key)}"
            checked += 1
        assert row["label"] == source["label"]
    return checked


STATED = {
    "steel": lambda rec, d: (charts.steel_chart(rec, d), charts.steel_table(rec, d)),
    "harvest": lambda rec, d: (charts.harvest_chart(rec, d), charts.harvest_table(rec, d)),
    "communes": lambda rec, d: (charts.communes_chart(rec, d), charts.communes_table(rec, d)),
    "catch_up": lambda rec, d: (charts.catch_up_chart(d), charts.catch_up_table(d)),
}


def numbers_by_id(rows) -> dict[str, tuple]:
    out = {}
    for row in rows:
        if "id" in row and "times" not in row:  # a multiple drawn as an increase is traced in ``traced``
            out[row["id"]] = tuple(None if not is_number(row.get(k)) or math.isnan(row.get(k)) else float(row[k])
                                   for k in ("value", "low", "high"))
    return out


@pytest.mark.parametrize("name, record", [(n, r) for n in STATED for r in (False, True)
                                          if not (n == "catch_up" and r)])
def test_numbers_trace_to_figures_or_record_and_match_the_table(name, record, fixture_data):
    chart, table = STATED[name](record, fixture_data)
    spec = chart.to_dict()
    assert traced(spec, fixture_data) >= len(table[table["value"].notna()])
    from_table = {row["id"]: tuple(None if pd.isna(row[k]) else float(row[k]) for k in ("value", "low", "high"))
                  for _, row in table.iterrows()}
    assert numbers_by_id(data_rows(spec)) == from_table
    assert (table["source"] == charts.RECORD).any() == record


@pytest.mark.parametrize("name", STATED)
def test_course_numbers_trace_to_figures_or_record(name):
    chart, table = STATED[name](name != "catch_up", None)
    spec = chart.to_dict()
    traced(spec, None)
    assert set(numbers_by_id(data_rows(spec))) == set(table["id"])


def test_a_steel_chart_is_titled_by_the_kinds_of_figure_it_draws(fixture_data):
    figures = helpers.load("figures", fixture_data)
    steel = figures[(figures["series"] == "steel") & (figures["unit"] == "million tonnes")]
    targets = list(steel[steel["kind"] != "forecast"]["id"])
    forecast = steel[steel["kind"] == "forecast"]["id"].iloc[0]
    title = charts.steel_chart(data_dir=fixture_data, ids=targets).to_dict()["title"]["text"]
    assert "ladder of targets" in title and "forecast" not in title
    title = charts.steel_chart(data_dir=fixture_data, ids=[targets[-1], forecast]).to_dict()["title"]["text"]
    assert "targets and forecasts" in title and "ladder" not in title


def test_steel_ladder_is_in_the_memos_order_and_leaves_out_the_times(fixture_data):
    table = charts.steel_table(data_dir=fixture_data)
    figures = helpers.load("figures", fixture_data)
    steel = figures[(figures["series"] == "steel") & (figures["unit"] == "million tonnes")].sort_values("order")
    assert list(table["id"]) == list(steel["id"])
    assert "steel-1958-doubling" not in set(table["id"])  # 'two times' is not tonnes...
    assert "'raise it again two times' (p51)" in charts.steel_chart(data_dir=fixture_data).to_dict()["description"]
    assert {"steel-1958-sure", "steel-1959"} <= set(table["id"])
    spec = charts.steel_chart(data_dir=fixture_data).to_dict()
    sorts = [n["encoding"]["y"]["sort"] for n in walk(spec) if isinstance(n.get("encoding", {}).get("y"), dict)
             and isinstance(n["encoding"]["y"].get("sort"), list)]
    assert list(steel["label"]) in sorts
    tips = {t.get("title") for n in walk(spec) for t in n.get("encoding", {}).get("tooltip", []) or []
            if isinstance(t, dict)}
    assert {"Exact words", "Paragraph"} <= tips


def test_record_lies_beside_the_memo_with_basis_and_citation(fixture_data):
    table = charts.steel_table(record=True, data_dir=fixture_data)
    rec = table[table["source"] == charts.RECORD].set_index("id")
    assert list(rec.index) == ["r-steel-1957", "r-steel-usable"]
    assert rec.loc["r-steel-usable", "citation"] == "Fixture history of the Leap. https://example.org/leap | " \
                                                    "Fixture statistics yearbook."
    assert rec.loc["r-steel-usable", "basis"] == "usable steel"
    spec = charts.steel_chart(record=True, data_dir=fixture_data).to_dict()
    assert len(spec["vconcat"]) == 1 and len(spec["vconcat"][0]["vconcat"]) == 2  # memo panel over record panel
    assert "What other sources give" in spec["description"] and "usable steel" in spec["description"]
    record_panel = spec["vconcat"][0]["vconcat"][1]
    tips = {t["title"] for n in walk(record_panel) for t in n.get("encoding", {}).get("tooltip", [])}
    assert {"Basis", "Source(s)"} <= tips and "Exact words" not in tips


def test_import_helpers_stays_light_and_loads_charts_on_first_use():
    import subprocess
    import sys

    code = ("import sys, helpers; assert 'altair' not in sys.modules and 'ipywidgets' not in sys.modules; "
            "helpers.steel_chart; assert 'altair' not in sys.modules; import helpers.charts; "
            "assert 'altair' in sys.modules; helpers.self_check; assert 'ipywidgets' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_harvest_keeps_the_mismatch_and_separates_units(fixture_data):
    table = charts.harvest_table(record=True, data_dir=fixture_data).set_index("id")
    assert (table.loc["harvest-1957", "low"], table.loc["harvest-1957", "high"]) == (75, 80)
    assert table.loc["harvest-1958", "value"] == 155
    assert table.loc["r-grain-1957", "value"] == 195  # the record's 1957 against the memo's 75-80: left visible
    assert {"harvest-press", "harvest-may-say", "harvest-ceiling", "r-grain-rise"} <= set(table.index)
    assert "harvest-1958-doubling" not in table.index
    spec = charts.harvest_chart(record=True, data_dir=fixture_data).to_dict()
    assert len(spec["vconcat"]) == 2  # million tonnes, percent
    assert "separate panels" in spec["description"]
    assert not any("aggregate" in n or "loess" in n or "regression" in n for n in walk(spec))


def test_communes_use_a_log_scale_nowhere_and_split_numbers_far_apart(fixture_data):
    """Lesson 05's reader: on log panels the memo's 20,000 dot almost touched the 23,397-26,425 range, and a dot
    and a bar both meant 'one number'. Now no axis is a log scale; the collectives and the communes each have panels
    of their own, linear from 0; every single number is a bar."""
    spec = charts.communes_chart(record=True, data_dir=fixture_data).to_dict()
    scales = [n["encoding"]["x"].get("scale", {}) for n in walk(spec) if isinstance(n.get("encoding", {}).get("x"), dict)]
    assert scales and not any(sc.get("type") == "log" for sc in scales)
    assert all(sc.get("zero", True) is not False for sc in scales)
    marks = {n["mark"]["type"] for n in walk(spec) if isinstance(n.get("mark"), dict)}
    assert "point" not in marks  # one mark kind for one number: a bar
    assert "logarithmic" not in spec["description"] and "linear axis of its own from 0" in spec["description"]
    assert "tens of thousands" in spec["description"]  # the statement with no number is named, not dropped


def test_the_memos_20000_stands_plainly_below_what_other_sources_count():
    """Lesson 05: 'above or below?' must be visible. The memo's 20,000 communes and other sources' counts share a
    linear axis from 0 in panels of their own (not with the 700,000 collectives), and the memo's number is drawn
    again as a thin black line across the other sources' panel, left of the start of every one of their bars."""
    table = figures.communes_numbers(record=True)
    created = next(r for r in table.rows if r["id"] == "communes-created")
    panels = [rows for _u, rows, _a in charts._measures(table) if any(r is created for r in rows)]
    assert len(panels) == 1
    ids = {r["id"] for r in panels[0]}
    assert "communes-collectives" not in ids and {"communes-count-sep-1958", "communes-count-oct-1958"} <= ids
    chart = charts.communes_chart(record=True)
    scene = _scene(chart)
    items = list(_items(scene["scenegraph"]))
    said = f"the memo: {charts.fmt(created['value'])}"
    assert said in _texts(scene, "mark")
    rules = [(x + (it.get("x") or 0) - (it.get("x") or 0), y) for m, it, x, y in items
             if m and m.get("marktype") == "rule" and m.get("role") == "mark"]
    line_x = next(x for m, it, x, _y in items if m and m.get("marktype") == "text" and it.get("text") == said)
    sources = [r for r in panels[0] if r["source"] == figures.RECORD]
    bars = [(x, x + it["width"], it["description"]) for m, it, x, _y in items
            if m and m.get("marktype") == "rect" and m.get("role") == "mark"
            and any(charts.fmt(r["value"] or r["low"]) in it.get("description", "") for r in sources)]
    assert rules and len(bars) == len(sources)
    for start, end, description in bars:  # each ends well right of the line; a range starts right of it too
        assert end - line_x >= 20 and ("–" not in description or start - line_x >= 20), (line_x, start, description)
    assert scene["width"] <= 580
    subtitle = " ".join(chart.to_dict()["title"]["subtitle"])
    assert "thin black line: the memo's number" in subtitle


def test_catch_up_ranges_are_bars_from_low_to_high(fixture_data):
    spec = charts.catch_up_chart(data_dir=fixture_data).to_dict()
    ranged = [n for n in walk(spec) if n.get("encoding", {}).get("x2", {}).get("field") == "drawn_high"]
    assert ranged and all(n["encoding"]["x"]["field"] == "drawn_low" for n in ranged)
    for n in ranged:  # drawn from low to high (widened about its middle only where too narrow to see)
        drawn = {t["as"]: t["calculate"] for t in n.get("transform", []) if "calculate" in t}
        assert "datum.low" in drawn["drawn_low"] and "datum.high" in drawn["drawn_high"]
    table = charts.catch_up_table(fixture_data).set_index("id")
    assert (table.loc["catch-up-earlier", "low"], table.loc["catch-up-earlier", "high"]) == (12, 15)


def test_certainty_places_the_words_in_time(fixture_data):
    table = charts.certainty_table(fixture_data)
    numbered = table[table["stated"] == "with a number"].set_index("id")
    figures = helpers.load("figures", fixture_data)
    assert set(numbered.index) == set(figures.loc[figures["series"] == "certainty", "id"])
    assert numbered.loc["doubt-99", "when"] == "1958-08-01" and numbered.loc["doubt-99", "value"] == 99
    assert numbered.loc["doubt-1-august", "when"] == "1958-08-01"
    assert numbered.loc["doubt-1-now", "when"] == "1958-10-02"
    words = table[table["stated"] == "in words only"]
    april = words[words["when"] == "1958-04-01"]
    assert set(april["paragraph"]) == {"p40", "p41"}
    assert words["value"].isna().all()
    memo = helpers.load_memo(fixture_data)
    for row in table.itertuples():
        assert row.quote in memo.paragraph(row.paragraph)["text"]
    assert "completely sure" in " ".join(words["quote"])
    spec = charts.certainty_chart(fixture_data).to_dict()
    for row in data_rows(spec):
        if is_number(row.get("value")):
            assert same(row["value"], figures.set_index("id").loc[row["id"], "value"])


def test_reactions_count_what_the_text_says(fixture_data):
    table = charts.reactions_table(fixture_data)
    memo = helpers.load_memo(fixture_data)
    for row in table.itertuples():
        text = memo.paragraph(row.paragraph)["text"]
        if row.kind != "Toast":
            assert row.count == text.count(f"({row.kind})")
    p19 = table[table["paragraph"] == "p19"].set_index("kind")["count"]
    assert p19.to_dict() == {"Laughter": 5, "Loud laughter": 2}
    assert set(table.loc[table["kind"] == "Toast", "paragraph"]) == {"p05", "p06", "p07", "p08", "p38", "p73"}
    assert table.loc[(table["paragraph"] == "p14") & (table["kind"] == "All are silent"), "count"].item() == 1
    assert (table.loc[table["paragraph"] == "p19", "topic"] != "").all()
    spec = charts.reactions_chart(fixture_data).to_dict()
    notes = [r for r in data_rows(spec) if "kind" in r]  # one row (one dot) per note
    assert len(notes) == table["count"].sum()
    assert sorted({(r["paragraph"], r["kind"], r["count"]) for r in notes}) == sorted(
        zip(table["paragraph"], table["kind"], table["count"]))
    stretches = helpers.load("stretches", fixture_data)
    assert {r["topic"] for r in data_rows(spec) if "topic" in r and "first" in r} == set(stretches["topic"])


def test_timeline_has_brush_click_rule_and_panel(fixture_data):
    spec = charts.timeline_chart(data_dir=fixture_data).to_dict()
    params = {p["name"]: p for p in spec.get("params", [])}
    assert params["period"]["select"]["type"] == "interval" and params["period"]["select"]["encodings"] == ["x"]
    low, high = timeline.DETAIL_YEARS
    days = [dt.date(v["year"], v["month"], v["date"]) for v in params["period"]["value"]["x"]]
    # the whole of the years, and a margin so that a mark on the first or last day is drawn whole
    assert days[0] < dt.date(low, 1, 1) and days[1] > dt.date(high, 12, 31)
    assert days[0].year == low - 1 and days[1].year == high + 1
    assert params["event"]["select"] == {"type": "point", "fields": ["id"], "on": "click", "clear": "dblclick"}
    assert len(spec["vconcat"]) == 3
    domains = [n["encoding"]["x"]["scale"].get("domain") for n in walk(spec)
               if isinstance(n.get("encoding", {}).get("x"), dict) and "scale" in n["encoding"]["x"]]
    assert {"param": "period"} in domains  # the detail follows the brush
    assert any(n.get("mark", {}).get("type") == "rule" for n in walk(spec) if isinstance(n.get("mark"), dict))
    rule_rows = [r for r in data_rows(spec) if r.get("what", "").startswith("this conversation")]
    assert rule_rows and rule_rows[0]["from"] == "1958-10-02"
    assert any(n.get("encoding", {}).get("x2", {}).get("field") == "until" for n in walk(spec))
    assert any(n.get("encoding", {}).get("shape", {}).get("field") == "memo" for n in walk(spec))
    cards = [n for n in walk(spec) if n.get("encoding", {}).get("text", {}).get("field") == "card"]
    assert cards and any(t == {"filter": {"param": "event", "empty": False}} for n in cards
                         for t in n.get("transform", []))
    events = {r["id"]: r for r in data_rows(spec) if "card" in r}
    assert set(events) == set(fixture_tables.ids("events"))
    assert events["famine"]["until"] == "1962-01-01" and events["beidaihe"]["until"] == "1958-09-01"
    assert "Fixture history of the Leap." in events["beidaihe"]["card"]
    assert "p42, p52" in events["beidaihe"]["card"]
    # no number from data: the only numbers are where a mark is dodged across its lane (pixels, not data)
    assert not any(is_number(v) for r in events.values() for k, v in r.items()
                   if k not in timeline_charts.LAYOUT_FIELDS)


def test_timeline_draws_bars_only_when_an_event_lasts(fixture_data):
    """An empty bar layer is an unlabelled graphic to a screen reader (axe: svg-img-alt): none without a bar."""
    def bars(spec):
        return [n for n in walk(spec) if n.get("encoding", {}).get("x2", {}).get("field") == "until"]

    assert bars(charts.timeline_chart(["aftermath"], data_dir=fixture_data).to_dict())  # the famine lasts
    points_only = charts.timeline_chart(["Taiwan Strait", "the memo"], data_dir=fixture_data).to_dict()
    assert not bars(points_only)
    assert not any(str(n.get("encoding", {}).get("text", {}).get("field")) == "goes_on" for n in walk(points_only))


def test_timeline_filters_by_category_and_period(fixture_data):
    table = charts.timeline_table(["Great Leap Forward", "aftermath"], 1958, 1959, data_dir=fixture_data)
    assert list(table["id"]) == ["beidaihe", "famine"]
    assert list(charts.timeline_table(start="1958-09", end="1958-10-02", data_dir=fixture_data)["id"]) == ["memo"]
    spec = charts.timeline_chart(["the memo"], data_dir=fixture_data).to_dict()
    assert {r["id"] for r in data_rows(spec) if "card" in r} == {"memo"}
    with pytest.raises(helpers.DataError, match="Unknown event categories"):
        charts.timeline_table(["Narnia"], data_dir=fixture_data)


def test_frequency_chart_counts_the_phrase(fixture_data):
    spec = charts.frequency_chart("Dulles", data_dir=fixture_data).to_dict()
    counts = {r["paragraph"]: r["count"] for r in data_rows(spec) if "count" in r}
    memo = helpers.load_memo(fixture_data)
    assert counts == {p: memo.paragraph(p)["text"].lower().count("dulles") for p in counts}
    assert sum(counts.values()) == len(memo.find("Dulles"))


def test_save_chart_writes_svg(tmp_path, fixture_data):
    path = helpers.save_chart(charts.catch_up_chart(fixture_data), tmp_path / "catch_up.svg")
    assert "<svg" in path.read_text(encoding="utf-8")[:200]


# --- what a learner reading alone found (issue 12) -----------------------------------------------------------

def _encodings(spec: dict, channel: str, field: str) -> list[dict]:
    return [n["encoding"][channel] for n in walk(spec)
            if isinstance(n.get("encoding", {}).get(channel), dict) and n["encoding"][channel].get("field") == field]


def test_other_sources_rows_carry_their_kind_and_every_colour_has_a_key(fixture_data):
    table = charts.steel_table(record=True, data_dir=fixture_data)
    record = table[table["source"] == charts.RECORD]
    assert not record.empty and (record["kind"] == charts.RECORD_KIND).all()
    spec = charts.steel_chart(record=True, data_dir=fixture_data).to_dict()
    colours = _encodings(spec, "color", "what")
    assert colours and all(c.get("legend") is not None for c in colours)  # a key, not colour alone
    drawn = {r["what"] for r in data_rows(spec) if "what" in r}
    assert drawn == {"output", "target", "forecast", charts.USABLE}  # '1958 usable steel' is usable steel
    for c in colours:
        domain, colour_range = c["scale"]["domain"], c["scale"]["range"]
        assert set(domain) == drawn
        assert len(set(colour_range)) == len(colour_range)  # a colour of its own for each kind
        assert c["legend"]["symbolType"] == "square"  # the key shows bars as the chart draws them


def test_lesson_05_a_lone_share_is_a_range_on_an_axis_from_0_to_100():
    """Lesson 05's reader took the last panel, bare text '90.4-99.1 percent', for a chart that failed to render. A
    share (percent) with a single range from other sources and none of the memo's is now drawn as the other panels
    are: a range bar with a dashed outline, on an axis that runs from 0 to exactly 100, its numbers (from data/)
    written beside it inside the plot; the households' total is drawn too (see test_readable_charts)."""
    chart = charts.communes_chart(record=True)
    spec = chart.to_dict()
    table = figures.communes_numbers(record=True)
    lone = [rows[0] for _u, rows, _a in charts._measures(table) if charts._is_lone(rows)]
    shares = [r for r in lone if r["unit"] in charts.SHARE_UNITS]
    assert len(lone) == 2 and len(shares) == 1
    share = shares[0]
    panel = next(n for n in walk(spec) if isinstance(n.get("title"), str)
                 and n["title"].startswith(f"Other sources alone ({share['unit']})"))
    bars = [n for n in walk(panel) if isinstance(n.get("mark"), dict) and n["mark"].get("type") == "bar"]
    assert bars and all(b["mark"].get("strokeDash") for b in bars)  # a range, as the key says
    assert {json.dumps(b["encoding"]["x"]["scale"]) for b in bars} == {json.dumps({"domain": [0, 100.0], "nice": False})}
    drawn = [r for r in data_rows(spec) if r.get("id") == share["id"] and "shown" in r]
    assert drawn and drawn[0]["shown"] == charts._shown(share)
    assert charts.fmt(float(share["low"])) in drawn[0]["shown"] and charts.fmt(float(share["high"])) in drawn[0]["shown"]
    assert "0 to 100" in spec["description"] and share["label"] in spec["description"]
    scene = _scene(chart)
    assert scene["width"] <= 580
    # the share's numbers stand inside its plot, left of the bar (the bar's right end is near the whole)
    texts = [(x, it) for m, it, x, _y in _items(scene["scenegraph"])
             if m and m.get("marktype") == "text" and it.get("text") == charts._tag(share)]
    assert len(texts) == 1
    _x, it = texts[0]
    x = it["x"] + it.get("dx", 0)  # in its panel
    assert it["align"] == "right" and x - charts.CHAR_WIDTH * len(it["text"]) >= 0
    assert x <= charts.WIDTH * float(share["low"]) / 100
    for name in ("steel", "harvest"):  # no lone measure there: those charts are drawn as before
        assert not any(charts._is_lone(rows) for _u, rows, _a in
                       charts._measures(getattr(figures, f"{name}_numbers")(record=True)))


def test_a_total_never_shares_an_axis_with_a_figure_per_commune(fixture_data, write_table):
    total = {"id": "r-households-total", "series": "communes", "label": "households in communes, all China",
             "year": "1958", "value": "", "low": "120000000", "high": "126900000", "unit": "households",
             "basis": "official", "figures": "", "paragraphs": "p76", "sources": "fx-book", "note": ""}
    per = {**total, "id": "r-households-avg", "label": "households per commune", "low": "4614", "high": "4797",
           "figures": "communes-households-average"}
    write_table(fixture_data, "record", fixture_tables.rows("record") + [total, per])
    panels = charts._measures(figures.communes_numbers(record=True, data_dir=fixture_data))  # panels of rows (dicts)
    where = {r["id"]: n for n, (_unit, rows, _apart) in enumerate(panels) for r in rows}
    assert where["r-households-total"] != where["communes-households-average"]  # the total stands apart
    assert where["r-households-avg"] == where["communes-households-average"]  # like beside like
    apart = [(unit, rows, label) for unit, rows, label in panels if label]
    assert [[r["id"] for r in rows] for _u, rows, _l in apart] == [["r-households-total"]]
    for _unit, rows, _label in panels:
        assert len({r["unit"] for r in rows}) == 1  # one unit per panel
    spec = charts.communes_chart(record=True, data_dir=fixture_data).to_dict()
    # a lone total of other sources' is drawn in a panel of its own, with room past it for the learner's own
    drawn = [r for r in data_rows(spec) if r.get("id") == "r-households-total" and "shown" in r]
    assert drawn and drawn[0]["shown"] == "120,000,000–126,900,000"
    assert "Other sources alone (households)" in json.dumps(spec) and total["label"] in spec["description"]
    assert "compared with it" in spec["description"] and "set beside it" not in spec["description"]
    # no two-number log panel: a log scale only where three or more numbers call for it
    for _unit, rows, _label in panels:
        numbers = charts._numbers(rows)
        if charts._far_apart(numbers):
            assert len([n for n in numbers if n > 0]) > 2


def test_topics_are_written_horizontally_beside_their_stretch(fixture_data):
    """Lesson 06's reader: the plot was about 300 px for 96 paragraphs beside a column of topic names. Now each
    topic's name is written, whole and horizontal, beside its own bar inside the strip, and the plot has the width
    of the output (about 580 px at a 1024-px window)."""
    chart = charts.reactions_chart(fixture_data)
    spec = chart.to_dict()
    assert not [n for n in walk(spec) if isinstance(n.get("mark"), dict) and n["mark"].get("angle")]
    topics = [y for y in _encodings(spec, "y", "topic")]
    stretches = helpers.load("stretches", fixture_data)
    assert topics and all(t["sort"] == list(stretches["topic"]) and t["axis"] is None for t in topics)
    labels = [conversation_charts.topic_label(n, t, a, b) for n, (t, a, b)
              in enumerate(zip(stretches["topic"], stretches["first"], stretches["last"]), start=1)]
    names = [(it["text"], x, it) for m, it, x, _y in _items(_scene(chart)["scenegraph"])
             if m and m.get("marktype") == "text" and m.get("role") == "mark" and it.get("text") in set(labels)]
    assert sorted(t for t, _x, _i in names) == sorted(labels)  # each once, whole, with its number
    for text, x, it in names:  # inside the plot
        start = x + it.get("dx", 0) - (charts.CHAR_WIDTH * len(text) if it["align"] == "right" else 0)
        assert start >= 0 and start + charts.CHAR_WIDTH * len(text) <= conversation_charts.ALONG_WIDTH + 12, text
    assert conversation_charts.ALONG_WIDTH >= 500 and _scene(chart)["width"] <= 580


@pytest.mark.parametrize("make", [lambda: charts.frequency_chart("teacher"), lambda: charts.reactions_chart()])
def test_each_grey_band_is_numbered_as_its_topic_in_the_strip(make):
    """Lesson 00's reader had to match the search chart's grey bands to the topic strip by eye. Each band now has
    its stretch's number written at its top, inside every panel (lesson 06's reader: only the first lane had them),
    centred over its band; the strip writes the same number before the topic's name; the number is clear of every
    bar of the frequency chart."""
    stretches = helpers.load("stretches")
    scene = _scene(make())
    items = list(_items(scene["scenegraph"]))
    texts = {str(it.get("text")): (x, y) for m, it, x, y in items if m and m.get("marktype") == "text"}
    last = int(helpers.load_memo().ids[-1][1:])
    per = conversation_charts.ALONG_WIDTH / last
    strip = {}
    for n, (topic, first, end) in enumerate(zip(stretches["topic"], stretches["first"], stretches["last"]), 1):
        label = conversation_charts.topic_label(n, topic, first, end)
        assert label in texts, label
        strip[n] = (int(first[1:]) - 0.5 + int(end[1:]) + 0.5) / 2 * per - 0.5 * per
    numbers = [(int(it["text"]), x, y) for m, it, x, y in items if m and m.get("marktype") == "text"
               and str(it.get("text", "")).isdigit() and m.get("role") == "mark"]
    ys = {round(y) for _n, _x, y in numbers}
    panels = len(make().to_dict()["vconcat"]) - 1  # under the strip
    assert len(ys) == panels  # one row at the top of each panel, each with every number once
    for row in ys:
        assert sorted(n for n, _x, y in numbers if round(y) == row) == list(range(1, len(stretches) + 1))
    at = {n: x for n, x, y in numbers if round(y) == min(ys)}
    offset = at[1] - strip[1]  # the panel's left edge
    for n, x in at.items():  # over the middle of its own band
        assert abs(x - offset - strip[n]) <= per / 2, (n, x, strip[n])
    bars = [_box(m, it, x, y) for m, it, x, y in items
            if m and m.get("role") == "mark" and m["marktype"] == "rect" and it.get("fill") == "#0072B2"]
    for box in bars:  # no bar reaches up to the numbers
        assert box[1] >= min(ys) + 5, box
    assert conversation_charts.ALONG_X in _texts(scene, "axis-title")  # the paragraphs' axis is still drawn


def _timeline_keys(spec: dict) -> tuple[list[dict], list[dict]]:
    return _encodings(spec, "color", "category"), _encodings(spec, "shape", "memo")


def test_timeline_keys_name_only_the_marks_drawn_in_their_shapes(fixture_data):
    spec = charts.timeline_chart(data_dir=fixture_data).to_dict()  # the famine is not in the memo: both shapes
    colour, shape = _timeline_keys(spec)
    drawn = {r["memo"] for r in data_rows(spec) if "memo" in r}
    assert drawn == set(charts.TIMELINE_SHAPES)
    for s in shape:
        assert dict(zip(s["scale"]["domain"], s["scale"]["range"])) == charts.TIMELINE_SHAPES
    # lesson 01's reader: the colour key repeated the lanes' names. Every category is a lane named on the left,
    # so there is no colour key
    assert colour and all(c["legend"] is None for c in colour)
    lanes = [n["encoding"]["y"] for n in walk(spec) if n.get("encoding", {}).get("y", {}).get("field") == "category"]
    drawn_categories = {r["category"] for r in data_rows(spec) if "card" in r}
    assert lanes and all(drawn_categories <= set(y["sort"]) and y["axis"] is not None for y in lanes)
    spec = charts.timeline_chart(start=1958, end=1958, data_dir=fixture_data).to_dict()  # only memo events
    colour, shape = _timeline_keys(spec)
    drawn = {r["memo"] for r in data_rows(spec) if "memo" in r}
    assert drawn == {timeline_charts.MEMO_TIED}
    assert all(s["scale"]["domain"] == [timeline_charts.MEMO_TIED] for s in shape)  # no key entry for absent marks
    assert all(c["legend"] is None for c in colour) and not [s for s in shape if s.get("legend")]
    categories = {r["category"] for r in data_rows(spec) if "card" in r}
    assert all(set(c["scale"]["domain"]) == categories for c in colour)
    assert "Dashed line" in " ".join(spec["title"]["subtitle"])


def _axes(spec):
    """Every axis object in a chart's spec, however deeply it is nested."""
    if isinstance(spec, dict):
        if isinstance(spec.get("axis"), dict):
            yield spec["axis"]
        for value in spec.values():
            yield from _axes(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from _axes(value)


# --- drawn as a learner sees them: positions from the rendered scene (issue 12, second read-through) ----------

def _scene(chart) -> dict:
    return vl_convert.vegalite_to_scenegraph(chart.to_json(), vl_version="5.20")


def _items(node: dict, x: float = 0, y: float = 0, mark: dict | None = None):
    """Every drawn item of a scenegraph with its absolute position: ``(mark, item, x, y)``."""
    for item in node.get("items", []):
        ix, iy = x + (item.get("x") or 0), y + (item.get("y") or 0)
        if "marktype" in item:  # a mark: its items are what it draws
            yield from _items(item, x, y, item)
        elif "items" in item:  # a group: its children sit at its position
            yield mark, item, ix, iy
            yield from _items(item, ix, iy, mark)
        else:
            yield mark, item, ix, iy


def _box(mark: dict, item: dict, x: float, y: float) -> tuple[float, float, float, float]:
    if mark["marktype"] == "symbol":
        half = math.sqrt(item.get("size", 64)) / 2
        return x - half, y - half, x + half, y + half
    width = item.get("width", (item.get("x2", x) or x) - (item.get("x") or 0))
    height = item.get("height", 0)
    return x, y, x + width, y + height


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _texts(scene: dict, role: str) -> list[str]:
    out = []
    for mark, item, _x, _y in _items(scene["scenegraph"]):
        if mark is not None and mark.get("role") == role and "text" in item:
            text = item["text"]
            out.append(" ".join(text) if isinstance(text, list) else str(text))
    return out


def test_certainty_chart_keys_come_before_the_marks():
    """Lesson 04: the reader meets the keys (colour: doubt or certainty; shape: a number or words) under the title,
    before the marks, not at the bottom after reading them; both keys still inside the chart's width."""
    chart = charts.certainty_chart()
    spec = chart.to_dict()
    keys = _encodings(spec, "color", "leaning") + _encodings(spec, "shape", "gives")
    assert len(keys) == 2
    scene = _scene(chart)
    found = [(m.get("role"), y, x) for m, _it, x, y in _items(scene["scenegraph"]) if m is not None]
    legends = [y for role, y, _x in found if role == "legend-title"]
    subtitle = [y for role, y, _x in found if role == "title-subtitle"]
    marks = [y for role, y, _x in found if role == "mark"]
    assert len(legends) == 2 and max(subtitle) < min(legends) < max(legends) < min(marks)  # one under the other
    plot = [x for role, _y, x in found if role == "mark"]
    symbols = [(x, y) for role, y, x in found if role == "legend-label"]
    labels_x = [x for x, _ in symbols]
    assert min(plot) - 20 <= min(labels_x) <= max(labels_x) < conversation_charts.CERTAINTY_WIDTH  # over the plot
    assert scene["width"] <= 580


def test_certainty_chart_fits_and_shows_every_statement_whole():
    """Lesson 04: each statement's words are whole in its tooltip and in the numbers (its row label gives the
    first few, see test_readable_charts), the chart fits the 580 px an output has at 1024 px, no number stands
    beside a mark (where it reads as a time), and the dashed line has its key."""
    chart = charts.certainty_chart()
    scene = _scene(chart)
    assert scene["width"] <= 580
    table = charts.certainty_table()
    spec = chart.to_dict()
    tips = [t for n in walk(spec) for t in (n.get("encoding", {}).get("tooltip") or []) if isinstance(t, dict)]
    assert any(t.get("field") == "quote" for t in tips)
    drawn = {r["quote"] for r in data_rows(spec) if "quote" in r}
    assert set(table["quote"]) == drawn  # every statement's words whole, in the data its tooltip shows
    from helpers.render import numbers_of
    assert set(numbers_of(chart)["quote"]) == drawn  # and in "Show the numbers" under the chart
    marks = [m for m, it, _x, _y in _items(scene["scenegraph"]) if m is not None and m.get("role") == "mark"]
    assert not any(m["marktype"] == "text" for m in marks), "text beside a mark reads as an axis value"
    spec = chart.to_dict()
    assert any("Dashed line" in line for line in spec["title"]["subtitle"])
    legends = _texts(scene, "legend-title")
    assert len(legends) == 2  # colour and shape, each with its key


def test_certainty_chart_says_a_diamond_is_a_percentage_and_tells_steel_from_harvest():
    """Lesson 04's reader: p58's '10 million tons' was a circle under a key '◆ with a number', and steel doubts
    (p55-p59) read as harvest doubts. The key now says 'a percentage', and each row names what it is about."""
    scene = _scene(charts.certainty_chart())
    assert set(conversation_charts.GIVES) <= set(_texts(scene, "legend-label"))
    rows = {r["quote"]: r for r in data_rows(charts.certainty_chart().to_dict()) if "quote" in r}
    for quote, row in rows.items():
        assert (row["gives"] == "a percentage") == ("%" in quote or "percent" in quote), quote
    steel = [r for r in rows.values() if r["paragraph"] in ("p58", "p59", "p55")]
    assert steel and all(r["about"] == "steel" and "(steel)" in r["row"] for r in steel)
    assert all(r["about"] == "harvest" for r in rows.values() if r["paragraph"] == "p42")
    assert rows["I want to preserve for myself a percent of doubt in agriculture until the fall harvest has indeed "
                "been gathered, and for the production of steel until next year"]["about"] == "harvest and steel"


def test_no_reaction_hides_another():
    """Lesson 00: the p14 'All are silent' mark stood behind the orange laughter mark of p15; now no two marks of
    different kinds overlap, notes of one kind in neighbouring paragraphs (toasts p05-p08) at most touch edge to
    centre (each dot's middle shows), and each lane is named where it is drawn, each kind in the colour key."""
    chart = charts.reactions_chart()
    scene = _scene(chart)
    grey = {"#d9d9d9", "#f7f7f7", "#6f6f6f"}  # the stretches' shading and the topic strip
    bars = [(it.get("fill"), _box(m, it, x, y)) for m, it, x, y in _items(scene["scenegraph"])
            if m is not None and m.get("role") == "mark" and m["marktype"] in ("rect", "symbol")
            and it.get("fill") not in grey]
    kinds = set(charts.reactions_table()["kind"])
    assert len({fill for fill, _ in bars}) == len(kinds)  # a colour per kind
    assert len(bars) == charts.reactions_table()["count"].sum()  # one dot per note
    for n, (kind_a, a) in enumerate(bars):
        for kind_b, b in bars[n + 1:]:
            if kind_a != kind_b:
                assert not _overlap(a, b), f"a {kind_a} mark and a {kind_b} mark overlap: {a} {b}"
            else:  # a neighbour covers less than half of a dot: its middle is never hidden
                assert abs(a[0] - b[0]) >= (a[2] - a[0]) / 2 or abs(a[1] - b[1]) >= (a[3] - a[1]) / 2, (a, b)
    titles = _texts(scene, "axis-title")
    for lane in {conversation_charts.reaction_lane(k) for k in kinds}:
        assert any(t.startswith(lane) for t in titles), f"{lane} is not named beside its marks"
    assert kinds <= set(_texts(scene, "legend-label"))  # every mark's meaning in the key
    assert scene["width"] <= 580


def test_reactions_draw_a_single_note_as_a_whole_dot_on_an_axis_of_whole_notes():
    """Lesson 06's reader: bars of height 1 on a 0-5 axis were slivers. Now each note is a dot, stacked upwards in
    its paragraph (p19: five laughter, then two loud laughter, in one lane), on integer ticks from 1."""
    notes = conversation_charts.reaction_notes(figures.reactions_numbers().rows)
    p19 = [(n["kind"], n["note"]) for n in notes if n["paragraph"] == "p19"]
    assert p19 == [("Laughter", k) for k in range(1, 6)] + [("Loud laughter", 6), ("Loud laughter", 7)]
    assert {n["lane"] for n in notes if "laughter" in n["kind"].lower()} == {"Laughter"}
    spec = charts.reactions_chart().to_dict()
    ys = [y for y in _encodings(spec, "y", "level")]
    assert ys and all(y["axis"]["values"] == list(range(1, len(y["axis"]["values"]) + 1)) for y in ys)
    assert all(y["axis"]["format"] == "d" and y["scale"]["domain"][0] > 0 for y in ys)
    scene = _scene(charts.reactions_chart())
    dots = [_box(m, it, x, y) for m, it, x, y in _items(scene["scenegraph"])
            if m is not None and m.get("role") == "mark" and m["marktype"] == "symbol"]
    assert dots and min(b[2] - b[0] for b in dots) >= 6 - 1e-6 and min(b[3] - b[1] for b in dots) >= 6 - 1e-6


def test_timeline_overview_is_readable_and_keys_say_something():
    """Lessons 01, 02, 06: the overview no longer runs from 1871 with events crushed at the right edge: it draws
    the recent years with at most about eight labelled ticks and names the earlier events under the title; a
    shape key with one entry is dropped; the clicked-event panel says in one line what will appear."""
    spec = charts.timeline_chart().to_dict()
    scene = _scene(charts.timeline_chart())
    overview_labels = [t for t in _texts(scene, "axis-label") if re.fullmatch(r"\d{4}", t)]
    assert overview_labels and len(overview_labels) <= 9, overview_labels
    assert int(overview_labels[0]) >= 1949
    assert len(spec["title"]["subtitle"]) <= 2  # lesson 06: not six lines of notes before the chart
    subtitle = " ".join(spec["title"]["subtitle"])
    events = helpers.load("events")
    older = events[events["start"].str[:4].astype(int) < int(overview_labels[0])]
    assert not older.empty
    assert f"Not drawn: {len(older)} earlier events ({older['start'].min()[:4]}-{older['start'].max()[:4]})." \
        in subtitle
    for title in older["title"]:
        assert title in spec["description"]  # named where a screen reader reads them
    assert not any(s.get("legend") for s in _encodings(spec, "shape", "memo"))  # one shape: no key of one entry
    assert "Every mark (a diamond) is an event tied to a memo paragraph." in subtitle  # the one shape named
    assert f"Every event drawn is {timeline_charts.MEMO_TIED}." in spec["description"]
    prompt = [r["text"] for r in data_rows(spec) if r.get("text") == timeline_charts.PROMPT]
    assert prompt and "\n" not in prompt[0]
    assert scene["width"] <= 580


def test_the_clicked_event_panel_is_one_line_until_a_click_and_a_bar_past_the_edge_says_where_it_ends(
        fixture_data):
    """Lessons 02 and 06: no empty box under the detail before a click (one line of hint); the clicked event's
    card runs on below it; a lasting event that runs past the period shown is marked '▸ to <its end>'."""
    chart = charts.timeline_chart(data_dir=fixture_data, detail=(1956, 1959))  # the famine runs to 1961
    spec = chart.to_dict()
    panel = spec["vconcat"][-1]
    assert panel["height"] == timeline_charts.PANEL_LINE and "title" not in panel
    before = _scene(chart)
    texts = [t for m, i, _x, _y in _items(before["scenegraph"]) if m and m.get("marktype") == "text"
             for t in [i.get("text")] if isinstance(t, str) and t.startswith(timeline_charts.CONTINUES)]
    assert texts == [timeline_charts.CONTINUES + "1961"]
    for p in spec["params"]:
        if p["name"] == "event":
            p["value"] = [{"id": "famine"}]
    after = vl_convert.vegalite_to_scenegraph(spec, vl_version="5.20")
    lines = next(r["card"] for r in data_rows(spec) if r.get("id") == "famine" and "card" in r).count("\n") + 1
    assert lines >= 4
    # the card pushes the key down by its lines beyond the first, instead of running over the key
    assert after["height"] >= before["height"] + 12 * (lines - 1)
    whole = charts.timeline_chart(data_dir=fixture_data, detail=(1956, 1962))
    assert not [t for m, i, _x, _y in _items(_scene(whole)["scenegraph"]) if m and m.get("marktype") == "text"
                and str(i.get("text", "")).startswith(timeline_charts.CONTINUES)]


def test_stated_vs_record_tells_the_kinds_of_row_apart_and_draws_every_range():
    """Lessons 03-05: other sources' rows show what their number is (target, output, usable, ...) in colour and
    words, one colour per kind in both panels and the key; they run by year; a narrow range is wide enough to
    see; each key swatch is the colour and opacity of its bars."""
    chart = charts.steel_chart(record=True)
    spec = chart.to_dict()
    record = [r for r in data_rows(spec) if r.get("source") == charts.RECORD and "what" in r]
    assert {"target", "output", charts.USABLE} <= {r["what"] for r in record}
    years = [str(r["year"]) for r in record]
    assert years == sorted(years), "other sources' rows run by year"
    sorts = [y["sort"] for y in _encodings(spec, "y", "label") if isinstance(y.get("sort"), list)]
    assert [r["label"] for r in record] in sorts
    scene = _scene(chart)
    texts = [t for t in _texts(scene, "mark") if re.search(r"\d", t)]
    assert any(t.endswith("(usable)") for t in texts) and any(t.endswith("(target)") for t in texts)
    items = list(_items(scene["scenegraph"]))
    bars = [(it, _box(m, it, x, y)) for m, it, x, y in items if m is not None and m.get("role") == "mark"
            and m["marktype"] == "rect"]
    ranged = [b for it, b in bars if it.get("strokeDash")]
    assert ranged and all(b[2] - b[0] >= charts.MIN_RANGE - 0.5 for b in ranged), ranged
    swatches = {it.get("fill"): it.get("opacity", 1) for m, it, _x, _y in items
                if m is not None and m.get("role") == "legend-symbol"}
    for it, _box_ in bars:
        if it.get("fill") in swatches:
            assert it.get("opacity", 1) == swatches[it["fill"]] == 1
    assert set(swatches) >= {it.get("fill") for it, _b in bars}


def test_no_ratio_in_a_title_answers_the_question_above_it():
    """Lesson 05: 'the larger is about 35 times the smaller' stood in the chart's title, under the question."""
    spec = charts.communes_chart().to_dict()
    titles = [n["title"] if isinstance(n["title"], str) else n["title"].get("text", "")
              for n in walk(spec) if "title" in n and isinstance(n["title"], (str, dict))]
    assert titles and not any("times" in t for t in titles if isinstance(t, str)), titles
    assert "times the smaller" in spec["description"]


def test_years_choose_other_sources_rows_and_leave_the_memos_figures_alone(fixture_data):
    every = figures.steel_numbers(True, fixture_data)
    only = figures.steel_numbers(True, fixture_data, [1958])
    memo = lambda t: [r for r in t.rows if r["source"] == figures.MEMO]  # noqa: E731
    assert memo(only) == memo(every) and memo(only)
    assert [r["id"] for r in only.rows if r["source"] == figures.RECORD] == ["r-steel-usable"]
    spec = charts.steel_chart(record=True, data_dir=fixture_data, years=[1957]).to_dict()
    drawn = {r.get("id") for r in data_rows(spec)}
    assert "r-steel-1957" in drawn and "r-steel-usable" not in drawn
    assert "What other sources give for 1957" in json.dumps(spec)
    harvest = figures.harvest_numbers(True, fixture_data, [1958, 1957])
    assert {r["id"] for r in harvest.rows if r["source"] == figures.RECORD} == {"r-grain-1957", "r-grain-rise"}
    assert charts.harvest_chart(record=True, data_dir=fixture_data, years=[1958]).to_dict()
    assert charts.communes_chart(record=True, data_dir=fixture_data, years=[1958]).to_dict()


@pytest.mark.parametrize("years, message", [
    ([1960], r"data/record\.csv has no row for steel in 1960 \(field 'year'\)\. Years with rows: 1957, 1958\."),
    ([1958, 1961], r"no row for steel in 1961"),
    (["soon"], r"not a list of years"),
    ([], r"the list is empty"),
])
def test_a_year_without_rows_is_a_clear_error_not_an_empty_chart(fixture_data, years, message):
    with pytest.raises(helpers.DataError, match=message):
        charts.steel_chart(record=True, data_dir=fixture_data, years=years)
    with pytest.raises(helpers.DataError, match=message):
        figures.steel_table(False, fixture_data, years)


def test_an_unknown_timeline_category_names_the_table_and_the_valid_ones(fixture_data):
    with pytest.raises(helpers.DataError, match=r"'Narnia' \(data/events\.csv, field 'category'\)\. Choose from: "
                                                r"'Chinese revolution', 'Great Leap Forward', "):
        charts.timeline_chart(["Narnia"], data_dir=fixture_data)


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_usable_steel_is_a_colour_apart_from_the_target_and_its_key_comes_first(fixture_data):
    """Lesson 03: the reader took the 'usable' bar for a 'target' bar (two oranges), and found the key only after
    the twelve rows. Usable steel now differs from the target in hue and lightness, shows at 3:1 or more on white
    (WCAG 1.4.11), and the key stands between the title and the first bar."""
    chart = charts.steel_chart(record=True, data_dir=fixture_data)
    (colour,) = {json.dumps(c["scale"]) for c in _encodings(chart.to_dict(), "color", "what")}
    scale = json.loads(colour)
    of = dict(zip(scale["domain"], scale["range"]))
    usable, target = of[charts.USABLE], of["target"]
    assert (1.05 / (_luminance(usable) + 0.05)) >= 3
    hue = [colorsys.rgb_to_hls(*(int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)))[0] * 360 for c in (usable, target)]
    assert min(abs(hue[0] - hue[1]), 360 - abs(hue[0] - hue[1])) >= 60
    lighter, darker = sorted((_luminance(usable), _luminance(target)), reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 2  # apart in lightness too, for any colour vision
    scene = _scene(chart)
    found = [(m.get("role"), y) for m, _it, _x, y in _items(scene["scenegraph"]) if m is not None]
    subtitle = [y for role, y in found if role == "title-subtitle"]
    key = [y for role, y in found if role in ("legend-title", "legend-label", "legend-symbol")]
    marks = [y for role, y in found if role == "mark"]
    assert key and max(subtitle) < min(key) and max(key) < min(marks)
    assert scene["width"] <= 580


@pytest.mark.parametrize("name", ["steel", "harvest", "communes"])
def test_each_row_label_stands_whole_above_its_mark_and_the_plot_has_the_width(name):
    """Lessons 04 and 05's reader: the plots were tiny beside their labels (the '75-80' box a few pixels wide).
    Each row's label now stands above its mark, whole, on one line inside the plot, and the plot takes most of the
    about 580 pixels of an output (lesson 03 once had "July'" alone on a wrapped label's last line: no wrap now)."""
    chart = getattr(charts, f"{name}_chart")(record=True)
    rows = [r for r in data_rows(chart.to_dict()) if "label" in r and "shown" in r]
    labels = {r["label"] for r in rows}
    blank = {r["label"] for r in rows if r.get("value") is None and r.get("low") is None}
    scene = _scene(chart)
    assert charts.WIDTH >= 0.85 * scene["width"] and scene["width"] <= 580
    items = list(_items(scene["scenegraph"]))
    names = [(it, y) for m, it, _x, y in items if m and m.get("marktype") == "text" and isinstance(it.get("text"), str) and it["text"] in labels]
    assert {it["text"] for it, _y in names} == labels  # every label drawn whole (Vega cuts a text with '…')
    marks = [(it, y) for m, it, _x, y in items if m and m.get("marktype") in ("rect", "symbol")
             and m.get("role") == "mark" and "; label: " in str(it.get("description"))]
    for it, y in names:
        assert it["x"] == 0 and charts.CHAR_WIDTH * len(it["text"]) <= charts.WIDTH
        if it["text"] in blank:
            continue  # no number given: the description says so ('Not drawn')
        own = [(m, my) for m, my in marks if f"; label: {it['text']};" in m["description"]
               and 0 < my - y < charts.ROW_STEP]  # its own mark, below it, in the same panel
        assert own, it["text"]
        for m, my in own:  # the label's baseline is above the top of its mark
            top = my - (math.sqrt(m.get("size", 0)) / 2 if "size" in m else 0)
            assert y <= top + 1, (it["text"], y, top)


def test_lesson_04_the_memos_doubling_stands_at_plus_100_beside_the_ceiling():
    """Lesson 04 asks 'where would Mao's private doubling stand?' in the percent panel, which drew no mark for it.
    The memo's 'two times more than the previous year' (data/figures.csv, unit 'times') is now drawn there as the
    increase it states, (2 - 1) x 100 = +100 percent: a diamond of its own, named in the key, its words beside it."""
    chart = charts.harvest_chart(record=True)
    spec = chart.to_dict()
    times = next(r for r in figures.memo_rows(figures.HARVEST, None) if r["unit"] == charts.TIMES)
    drawn = [r for r in data_rows(spec) if r.get("id") == times["id"]]
    assert drawn and {r["value"] for r in drawn} == {(float(times["value"]) - 1) * 100}
    assert drawn[0]["unit"] == "percent" and drawn[0]["shown"] == f"{charts.fmt(float(times['value']))} times = +100"
    diamonds = [n for n in walk(spec) if isinstance(n.get("mark"), dict) and n["mark"].get("shape") == "diamond"]
    assert len(diamonds) == 1 and diamonds[0]["transform"][0]["filter"] == "datum.multiple"
    assert any("diamond" in line and "two times more" in line for line in spec["title"]["subtitle"])
    assert times["quote"] not in " ".join(s for s in spec["description"].split("Not drawn")[1:])  # drawn now
    scene = _scene(chart)
    texts = [(it["text"], y) for m, it, _x, y in _items(scene["scenegraph"])
             if m and m.get("marktype") == "text" and str(it.get("text", "")).startswith(drawn[0]["shown"])]
    symbols = [(it, y) for m, it, _x, y in _items(scene["scenegraph"]) if m and m.get("marktype") == "symbol"
               and m.get("role") == "mark" and f"; label: {drawn[0]['label']};" in str(it.get("description"))]
    assert len(texts) == 1 and len(symbols) == 1
    assert symbols[0][0]["shape"] == "diamond" and abs(texts[0][1] - symbols[0][1]) < 2  # its words beside it
    ceiling = [it for m, it, _x, _y in _items(scene["scenegraph"]) if m and m.get("marktype") == "rect"
               and m.get("role") == "mark" and "Exact words: but not more than" in str(it.get("description"))]
    assert ceiling and abs(ceiling[0]["x"] + ceiling[0]["width"] / 2 - symbols[0][0]["x"]) < 3  # at the same +100


def _axis_of(spec: dict, title_start: str) -> dict:
    return next(x["axis"] for x in (n["encoding"]["x"] for n in walk(spec)
                                    if isinstance(n.get("encoding", {}).get("x"), dict))
                if str(x.get("axis", {}).get("title") or x.get("title", "")).startswith(title_start))


def test_timeline_of_one_year_overviews_the_whole_year_and_labels_every_month():
    """Lesson 02's explorer (1958 only): the overview was narrower than the detail (July-October), unlabelled, and
    titled 'Year (1958-1958; ...)'; the detail labelled only 'Jan / May / Sep 1958'."""
    spec = charts.timeline_chart(["Taiwan Strait", "Western powers"], 1958, 1958, detail=(1958, 1958)).to_dict()
    overview = next(n for n in walk(spec) if isinstance(n.get("encoding", {}).get("x"), dict)
                    and "drag to choose" in str(n["encoding"]["x"].get("title", "")))
    first, last = overview["encoding"]["x"]["scale"]["domain"]
    assert first <= "1958-01-01" and last >= "1958-12-31"  # at least as wide as the detail opens
    o_axis = _axis_of(spec, "Date (1958; drag")  # one year, said once
    d_axis = _axis_of(spec, "Date (the period")
    for axis in (o_axis, d_axis):
        assert axis["tickCount"] == {"interval": "month", "step": 1} and "labelExpr" in axis
    assert "1958-1958" not in json.dumps(spec)


def test_timeline_of_two_years_labels_months_and_of_more_labels_years():
    """Lesson 06 (1958-1959): the overview was labelled only '1959'. Lesson 01 (1956-1960): years."""
    two = charts.timeline_chart(["aftermath", "the memo"], 1958, 1959, detail=(1958, 1959)).to_dict()
    assert _axis_of(two, "Date (1958-1959; drag")["tickCount"]["interval"] == "month"
    assert _axis_of(two, "Date (the period")["labelAngle"] == -90  # 24 months fit turned
    five = charts.timeline_chart(start=1956, end=1960, detail=(1958, 1958)).to_dict()
    years = _axis_of(five, "Year (1956-1960; drag")["values"]  # one tick a year, 1 January, none after the last
    assert [v["year"] for v in years] == list(range(1956, 1961)) and {(v["month"], v["date"]) for v in years} == {(1, 1)}
    assert _axis_of(five, "Date (the period")["tickCount"]["interval"] == "month"
    assert _axis_of(charts.timeline_chart(start=1956, end=1960).to_dict(), "Date (the period")["format"] == "%b %Y"
    every = charts.timeline_chart(None, 1871, 1962, detail=(1871, 1962)).to_dict()
    assert _axis_of(every, "Date (the period")["format"] == "%Y"  # 'Jan 1870Jan 1880' ran together


def test_detail_period_gives_a_mark_on_the_last_day_room():
    """Lesson 01: the right-most mark (late December) was cut at the detail's edge."""
    first, last = timeline_charts.detail_period(1958, 1958)
    assert first == dt.date(1958, 1, 1) - dt.timedelta(days=timeline_charts.EDGE_DAYS)
    assert last == dt.date(1958, 12, 31) + dt.timedelta(days=timeline_charts.EDGE_DAYS)
    wide = timeline_charts.detail_period(1956, 1960)
    assert (wide[1] - wide[0]).days == (dt.date(1960, 12, 31) - dt.date(1956, 1, 1)).days + 2 * 5 * 10


COMMUNES_UNITS = ["communes-collectives", "communes-created",
                  "communes-apc-1958", "communes-count-sep-1958", "communes-count-oct-1958"]
COMMUNES_HOUSEHOLDS = ["communes-households-average", "communes-households-large", "communes-households-largest",
                       "communes-households-avg-1958", "communes-households-total-1958", "communes-share-1958"]
"""The ids a lesson gives to split lesson 05's communes chart in two (``stated_vs_record("communes", ids=...)``):
the collectives and communes counted as units, and the size of a commune in households (with the share)."""


@pytest.mark.parametrize("record", [True, False])
def test_lesson_05_chart_splits_in_two_by_ids_units_and_households(record):
    """Lesson 05's reader: the communes chart, eight panels, is more than one screen tall. ``ids=`` already draws
    part of it: the units' ids give only panels in units, the households' ids only panels in households (and the
    share of households); together they draw every row of the whole chart once, and each half is shorter."""
    whole = charts.communes_chart(record=record)
    units = charts.communes_chart(record=record, ids=COMMUNES_UNITS)
    households = charts.communes_chart(record=record, ids=COMMUNES_HOUSEHOLDS)

    def drawn(chart) -> list[tuple[str, str]]:
        return sorted({(r["id"], r["unit"]) for r in data_rows(chart.to_dict()) if r.get("id") and "unit" in r})

    assert {u for _i, u in drawn(units)} == {"units"}
    assert {u for _i, u in drawn(households)} <= {"households", "percent"}
    assert "households" in {u for _i, u in drawn(households)}
    assert sorted(drawn(units) + drawn(households)) == drawn(whole)  # every row once, none lost
    assert len(units.vconcat) + len(households.vconcat) == len(whole.vconcat)
    heights = {name: _scene(c)["height"] for name, c in (("whole", whole), ("units", units),
                                                          ("households", households))}
    assert heights["units"] < heights["whole"] and heights["households"] < heights["whole"]
    memo = {r["id"] for r in figures.communes_numbers().rows}
    # the lists name every row the whole chart draws: with other sources, all; the memo alone, the memo's
    assert {i for i, _u in drawn(whole)} == (set(COMMUNES_UNITS + COMMUNES_HOUSEHOLDS) if record else memo)


def test_lesson_05_split_calls_build_the_switch():
    """The exact calls a lesson would make: each builds the switch with no error message, both views."""
    for ids in (COMMUNES_UNITS, COMMUNES_HOUSEHOLDS):
        for opens_on in ("sources", "memo"):
            box = helpers.stated_vs_record("communes", ids=ids, opens_on=opens_on)
            assert box.parts.message.value == "" and box.parts.chart.outputs
