"""What the last fresh readers could not read: marks in a blob, counts ticked at halves, a strip of a plot beside
a column of quotes, a range written instead of drawn, rows a lesson does not use. Each test draws the chart (its
Vega scenegraph, as the browser lays it out) or checks the pure function behind the fix."""
from __future__ import annotations

import math
import re

import pytest

from helpers import chart_parts, charts, conversation_charts, figures, reading, timeline_charts
from helpers.memo import load_memo, stretch_of_paragraphs
from test_charts import _encodings, _items, _scene, _texts
from test_charts import walk as _walk


def _symbols(scene: dict) -> list[tuple[float, float, float, str]]:
    """Every symbol drawn: centre x, centre y, diameter, fill."""
    return [(x, y, math.sqrt(it.get("size", 64)), it.get("fill")) for m, it, x, y in _items(scene["scenegraph"])
            if m is not None and m.get("role") == "mark" and m["marktype"] == "symbol"]


@pytest.mark.parametrize("positions, near, ranks", [
    ([5, 6, 7, 8, 38], 1.5, [0, 1, 0, 1, 0]),     # the toasts of p05-p08, and p38 far off
    ([8, 5, 7, 6], 1.5, [1, 0, 0, 1]),            # order given does not matter, position does
    ([10, 11, 12], 5, [0, 1, 2]),                 # all within reach of each other: three ranks
    ([0, 10, 20], 5, [0, 0, 0]),                  # no near neighbour: no dodge
    ([3, 3, 3, 3], 1, [0, 1, 2, 3]),              # the same place: each its own rank
    ([], 1, []),
])
def test_dodge_ranks_marks_by_their_near_neighbours(positions, near, ranks):
    assert chart_parts.dodge(positions, near) == ranks


def test_dodge_never_gives_near_neighbours_the_same_rank():
    positions = [0, 0.5, 1.2, 1.3, 4, 4.1, 4.2, 9]
    ranks = chart_parts.dodge(positions, 1)
    for i, a in enumerate(positions):
        for j, b in enumerate(positions[:i]):
            if abs(a - b) < 1:
                assert ranks[i] != ranks[j], (a, b)


def test_dodge_offsets_alternate_up_and_down_from_the_line():
    assert [chart_parts.dodge_offset(r, 5) for r in range(5)] == [0, -5, 5, -10, 10]


def test_every_reaction_note_can_be_counted():
    """Lesson 00's reader: the toasts of p05-p08 merged into a blob. Now no two dots of the chart overlap at all
    (centres at least a diameter apart), and the four toasts are four dots."""
    dots = _symbols(_scene(charts.reactions_chart()))
    assert len(dots) == charts.reactions_table()["count"].sum()
    for n, a in enumerate(dots):
        for b in dots[n + 1:]:
            assert math.dist(a[:2], b[:2]) >= 0.95 * max(a[2], b[2]), f"dots overlap: {a} {b}"
    notes = conversation_charts.reaction_notes(figures.reactions_numbers().rows)
    toasts = [n for n in notes if n["paragraph"] in ("p05", "p06", "p07", "p08")]
    assert len(toasts) == 4 and {n["note"] for n in toasts} == {1}  # four dots, each on the count 1
    assert len({n["shift"] for n in toasts}) == 4  # set apart sideways


def test_every_reaction_dot_sits_on_its_whole_count():
    """Lesson 00's reader read dodged dots as values (a dot at 1.4 on a count scale; toasts above the tick 1). Now
    every dot's centre is on the tick of its count, and neighbours are set apart sideways, never by more than
    half a note's gap beyond their run, so each stays over its paragraph's stretch."""
    scene = _scene(charts.reactions_chart())
    ticks = {}
    for mark, item, x, y in _items(scene["scenegraph"]):
        if mark is not None and mark.get("role") == "axis-label" and str(item.get("text", "")).isdigit():
            ticks.setdefault(round(y, 1), str(item["text"]))
    dots = _symbols(scene)
    assert dots
    for dot in dots:
        assert any(abs(dot[1] - y) <= 1.5 for y in ticks), f"a dot at y={dot[1]:.1f} is on no whole count: {ticks}"
    notes = conversation_charts.reaction_notes(figures.reactions_numbers().rows)
    assert all(isinstance(n["note"], int) for n in notes)
    assert max(abs(n["shift"]) for n in notes) <= 2 * conversation_charts.NOTE_GAP


def test_reactions_label_every_whole_number_of_notes():
    """Lesson 00's reader: the laughter axis showed only 1, 3, 5, 7 (Vega hid the labels in between)."""
    spec = charts.reactions_chart().to_dict()
    ys = _encodings(spec, "y", "level")
    assert ys and all(y["axis"]["labelOverlap"] is False for y in ys)
    shown = _texts(_scene(charts.reactions_chart()), "axis-label")
    most = max(n["note"] for n in conversation_charts.reaction_notes(figures.reactions_numbers().rows))
    assert most == 7 and all(str(k) in shown for k in range(1, most + 1))


@pytest.mark.parametrize("most, room, ticks", [(2, 180, [0, 1, 2]), (10, 180, list(range(11))), (12, 180, list(range(0, 13, 2))),
                                               (30, 180, list(range(0, 31, 5))), (1, 20, [0, 1])])
def test_count_ticks_are_whole_numbers_with_room(most, room, ticks):
    assert conversation_charts.count_ticks(most, room) == ticks


def test_moscow_is_counted_in_whole_occurrences():
    """Lesson 01's reader: the 'Moscow' chart's count axis was ticked 0.5, 1.5."""
    scene = _scene(charts.frequency_chart("Moscow"))
    numbers = [t for t in _texts(scene, "axis-label") if t.replace(".", "").isdigit()]
    counts = {float(t) for t in numbers if float(t) <= 2}
    assert counts == {0, 1, 2} and not any("." in t for t in numbers)


LESSON_TIMELINES = {
    "01": lambda: charts.timeline_chart(start=1956, end=1960, detail=(1958, 1958)),
    "02": lambda: charts.timeline_chart(["Taiwan Strait", "Western powers"], 1958, 1958, detail=(1958, 1958)),
    "06": lambda: charts.timeline_chart(["aftermath", "the memo"], 1958, 1959, detail=(1958, 1959)),
}


def _detail_marks(scene: dict) -> list[tuple[float, float, float]]:
    """The detail panel's event marks (the symbols that carry the click): centre x, centre y, width."""
    return [(x, y, math.sqrt(it.get("size", 64))) for m, it, x, y in _items(scene["scenegraph"])
            if m is not None and m.get("role") == "mark" and m["marktype"] == "symbol"
            and it.get("size") == timeline_charts.DETAIL_SIZE]


@pytest.mark.parametrize("lesson", sorted(LESSON_TIMELINES))
def test_timeline_events_close_in_date_do_not_hide_each_other(lesson):
    """01's Great Leap lane in Aug-Sep 1958, 02's three July events, 06's four Nov-Dec 1958 on a 'to 1961' bar were
    blobs of diamonds. Now no two marks of the detail overlap (diamonds: their tips may touch, no more), and each
    stays in its lane (within half a lane of the lane's line)."""
    chart = LESSON_TIMELINES[lesson]()
    marks = _detail_marks(_scene(chart))
    assert len(marks) >= 3
    for n, a in enumerate(marks):
        for b in marks[n + 1:]:
            assert abs(a[0] - b[0]) + abs(a[1] - b[1]) >= 0.95 * a[2], f"lesson {lesson}: marks overlap {a} {b}"
    spec = chart.to_dict()
    offsets = [r["nudge"] for v in spec["datasets"].values() for r in v if "nudge" in r]
    lanes = len({r["category"] for v in spec["datasets"].values() for r in v if "category" in r})
    height = max(timeline_charts.DETAIL_MIN, timeline_charts.DETAIL_LANE * lanes)
    assert max(abs(o) for o in offsets) + marks[0][2] / 2 <= height / lanes / 2


def test_timeline_lane_offsets_dodge_only_near_events_of_one_lane():
    rows = [{"category": "A", "from": "1958-08-17"}, {"category": "A", "from": "1958-08-20"},
            {"category": "B", "from": "1958-08-18"}, {"category": "A", "from": "1958-12-01"}]
    assert timeline_charts.lane_ranks(rows, near_days=10) == [0, 1, 0, 0]
    assert timeline_charts.lane_offsets(rows, 10, 8) == [0, -8, 0, 0]
    assert timeline_charts.dodge_step(34, 12, 0) == timeline_charts.MOST_STEP
    assert timeline_charts.dodge_step(34, 12, 4) == pytest.approx((17 - 6) / 2)  # two ranks each way fit the lane


def test_timeline_overview_marks_are_large_enough_to_see():
    spec = charts.timeline_chart().to_dict()
    sizes = [n["mark"].get("size") for n in _walk(spec) if isinstance(n.get("mark"), dict)
             and n["mark"].get("type") == "point"]
    assert sizes and min(sizes) >= 80


def _luminance(colour: str) -> float:
    lin = [(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
           for c in (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


# Machado, Oliveira and Fernandes (2009), severity 1: how the three common colour blindnesses see a linear RGB colour.
VISIONS = {"normal": [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
           "protan": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                      [-0.003882, -0.048116, 1.051998]],
           "deutan": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                      [-0.011820, 0.042940, 0.968881]],
           "tritan": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                      [0.004733, 0.691367, 0.303900]]}


def _lab(colour: str, vision: str) -> tuple[float, float, float]:
    lin = [(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
           for c in (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))]
    m = VISIONS[vision]
    r, g, b = (min(max(sum(m[i][j] * lin[j] for j in range(3)), 0), 1) for i in range(3))
    xyz = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b, \
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def test_taiwan_strait_and_chinese_revolution_are_told_apart_by_everyone():
    """Lesson 01's reader: Taiwan Strait (blue) and Chinese revolution (sky blue) looked alike (CIE Lab distance
    about 25 in every vision). Now the revolution is violet: 35 or more from the blue and from every other
    category, in normal vision and in each common colour blindness, and 4.5:1 or more on white (sky blue: 2.3:1)."""
    from helpers import timeline
    kinds = timeline.categories()
    palette = dict(zip(kinds, timeline_charts.timeline_colours(len(kinds))))
    taiwan, revolution = palette["Taiwan Strait"], palette["Chinese revolution"]
    assert (1.05 / (_luminance(revolution) + 0.05)) >= 4.5
    for vision in VISIONS:
        assert math.dist(_lab(taiwan, vision), _lab(revolution, vision)) >= 35, vision
        for kind, other in palette.items():
            if kind != "Chinese revolution":
                assert math.dist(_lab(other, vision), _lab(revolution, vision)) >= 35, (kind, vision)
    assert len(set(palette.values())) == len(palette)
    spec = charts.timeline_chart().to_dict()
    ranges = [n["encoding"]["color"]["scale"]["range"] for n in _walk(spec)
              if isinstance(n.get("encoding", {}).get("color"), dict) and "scale" in n["encoding"]["color"]]
    assert ranges and all(timeline_charts.SKY_BLUE not in r for r in ranges)


LESSON_03_IDS = ["steel-1958-july", "steel-1958-sure", "steel-1958-jan-jul", "steel-1958-eight-months",
                 "steel-1958-reported-dec"]


def test_stated_vs_record_draws_only_the_rows_named():
    """Lesson 03's 1958 panel drew twelve rows of other sources; the lesson asks about a few. Named ids choose the
    rows on each side (the memo's figures, other sources'); the chart draws those and no others."""
    chart = charts.steel_chart(record=True, years=[1958], ids=LESSON_03_IDS)
    spec = chart.to_dict()
    drawn = {r["id"] for v in spec["datasets"].values() for r in v if "id" in r}
    assert drawn == set(LESSON_03_IDS)
    assert set(charts.steel_table(record=True, years=[1958], ids=LESSON_03_IDS)["id"]) == set(LESSON_03_IDS)
    # only other sources' ids named: the memo's figures are all drawn, other sources' only those
    rows = figures.steel_numbers(True, ids=["steel-1958-eight-months"]).rows
    assert [r["id"] for r in rows if r["source"] == figures.RECORD] == ["steel-1958-eight-months"]
    assert len([r for r in rows if r["source"] == figures.MEMO]) == len(figures.steel_numbers().rows)
    # the memo alone: the memo's named figures only
    assert [r["id"] for r in figures.steel_numbers(False, ids=LESSON_03_IDS).rows] == LESSON_03_IDS[:2]


@pytest.mark.parametrize("ids, words", [
    (["steel-1958-eightmonths"], ["'steel-1958-eightmonths'", "data/figures.csv", "data/record.csv", "field 'id'"]),
    (["harvest-1957"], ["'harvest-1957'", "data/figures.csv", "'harvest'", "(steel)"]),
    (["steel-1959-output"], ["'steel-1959-output'", "data/record.csv", "1958"]),
    ([], ["empty"]),
])
def test_an_unknown_or_misplaced_id_is_one_clear_error(ids, words):
    from helpers import widgets
    from helpers.data import DataError
    with pytest.raises(DataError) as err:
        widgets.stated_vs_record("steel", years=[1958], ids=ids)
    assert all(w in str(err.value) for w in words), str(err.value)
    assert "Traceback" not in str(err.value)


def test_stated_vs_record_widget_shows_the_named_rows_in_both_views():
    from helpers import widgets
    box = widgets.stated_vs_record("steel", years=[1958], ids=LESSON_03_IDS)
    assert not box.parts.message.value
    shown = box.parts.chart.outputs
    assert shown and all("steel-1958-usable" not in str(o) for o in shown)
    assert any("steel-1958-eight-months" in str(o) for o in shown)
    box.parts.view.value = False  # the memo alone: its two named figures
    assert any("steel-1958-sure" in str(o) for o in box.parts.chart.outputs)
    assert not any("steel-1958-eight-months" in str(o) for o in box.parts.chart.outputs)


def _households_total():
    return next(r for r in figures.communes_numbers(record=True).rows if r["source"] == figures.RECORD
                and r["unit"] == "households" and r["low"] is not None and float(r["low"]) > 1e6)


def test_the_households_total_is_a_grey_range_with_room_for_the_learners_own():
    """Lesson 05's reader was told to set their own total 'beside its grey marks', but the total of households was
    bold text. Now it is drawn: a grey bar with a dashed outline from 120,000,000 to 126,900,000 (from
    data/record.csv), on an axis that runs on past 1.5 times its end, under a title that says what to do; the
    key names its colour and its shape."""
    total = _households_total()
    chart = charts.communes_chart(record=True)
    spec = chart.to_dict()
    panel = next(n for n in _walk(spec) if isinstance(n.get("title"), str)
                 and n["title"].startswith("Other sources alone (households)"))
    bars = [n for n in _walk(panel) if isinstance(n.get("mark"), dict) and n["mark"].get("type") == "bar"]
    assert bars and bars[0]["mark"].get("strokeDash")  # a range, as the key says
    ends = [n["encoding"]["x"]["scale"].get("domainMax") for n in bars if "x" in n.get("encoding", {})]
    assert ends and ends[0] >= 1.5 * float(total["high"])
    rows = [r for v in spec["datasets"].values() for r in v if r.get("id") == total["id"]]
    assert rows and rows[0]["what"] == charts.STATISTIC  # grey: a number the statistics reported
    colour = _encodings(spec, "color", "what")[0]["scale"]
    assert dict(zip(colour["domain"], colour["range"]))[charts.STATISTIC] == chart_parts.NEUTRAL
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "range, from low to high" in subtitle and "dashed outline" in subtitle
    assert "120,000,000–126,900,000 (statistic)" in _texts(_scene(chart), "mark")  # its numbers beside it


def test_the_communes_key_and_lone_panel_say_reported_and_compare_not_counted_and_set():
    """Findings 10: the historian, Xinhua's 'about 750,000', its counts of communes still forming, its averages and
    shares were reported, not counted, so the key reads 'statistic: reported'; the reader of 05, the panel title
    'set your own number beside it' promised a box to type in that is not there, and round 13's, 'compare your own
    estimate' was not his (it is Mao's 140 million, a product, not a number the memo gives), so it says the memo
    states no total. Both as drawn: in the rendered key and the rendered panel title, and nowhere the old words."""
    chart = charts.communes_chart(record=True)
    scene = _scene(chart)
    assert "statistic: reported" in _texts(scene, "legend-label")
    assert not [t for t in _texts(scene, "legend-label") if "counted" in t]
    titles = [n["title"] for n in _walk(chart.to_dict()) if isinstance(n.get("title"), str)]
    assert "Other sources alone (households): the memo states no total" in titles
    drawn = " ".join(_texts(scene, "title-text")) + " " + chart.to_dict()["description"]
    assert "the memo states no total" in drawn
    assert "set your own number" not in drawn and "set beside it" not in drawn and "counted" not in drawn


@pytest.mark.parametrize("name", ["communes", "steel", "harvest"])
def test_no_number_beside_a_mark_runs_over_the_plots_edge(name):
    """Lesson 05: '700,000 (claim)' ran over the right edge of its log panel. Every text after a bar or dot now
    ends inside the plot (its start as Vega places it, its length at the chart's estimate of 6.5 px a
    character)."""
    scene = _scene(getattr(charts, f"{name}_chart")(record=True))
    texts = [(it["x"] + it.get("dx", 0), it["text"]) for m, it, _x, _y in _items(scene["scenegraph"])
             if m is not None and m.get("marktype") == "text" and m.get("role") == "mark"
             and isinstance(it.get("text"), str) and any(ch.isdigit() for ch in it["text"])
             and it.get("align") == "left" and it.get("dx")]
    assert texts
    for start, text in texts:
        assert start + charts.CHAR_WIDTH * len(text) <= charts.WIDTH + 1, (text, start)


def test_certainty_chart_gives_the_plot_most_of_the_width_and_rows_short_labels():
    """Lesson 04's reader: the plot was a narrow strip beside a wide column of wrapped quotes, then labels were cut
    mid-phrase ("In this area I…"). Now each row's label is its paragraph and subject, then the statement whole or
    its first whole phrase, verbatim, ending where a clause ends; the words whole are in the tooltip and the
    numbers."""
    chart = charts.certainty_chart()
    scene = _scene(chart)
    rows = [r for v in chart.to_dict()["datasets"].values() for r in v if "quote" in r]
    labels = [r["row"] for r in rows]
    assert len(set(labels)) == len(labels)  # one row each
    for r in rows:
        head, *lines = r["row"].split(conversation_charts.LABEL_BREAK)
        assert head.startswith(r["paragraph"]) and (r["about"] in head)
        assert all(len(line) <= conversation_charts.LABEL_CHARS + 2 for line in lines)
        shown = " ".join(lines).strip("\u201c\u201d")
        quote = " ".join(r["quote"].split())
        pieces = [p for p in shown.split("\u2026") if p]
        assert len(pieces) == 1 and pieces[0] in quote  # verbatim, one stretch of the words
        if shown.startswith("\u2026"):  # the clause that holds the doubt (or certainty), where the first has none
            assert not reading.CERTAINTY_WORDS.search(conversation_charts._first_phrase(quote).rstrip("\u2026"))
        else:
            assert quote.startswith(pieces[0])
        if shown.endswith("\u2026"):
            after = quote[quote.index(pieces[0]) + len(pieces[0]):]
            assert re.match(r"[,;:.!?]|\s(and|but|because|although|until|that|while)\s", after), (shown, after)
            assert len(pieces[0].split()) >= conversation_charts.PHRASE_MIN
        else:
            assert quote.rstrip(".").endswith(pieces[0].rstrip("."))
        # the words that make the row doubt or certainty are in its label (lesson 04's reader: p55's label showed none)
        assert reading.CERTAINTY_WORDS.search(shown), shown
    p55 = next(r for r in rows if r["quote"].startswith("Now we have seriously taken on the production of metal"))
    assert "I have some doubts" in p55["row"].replace(conversation_charts.LABEL_BREAK, " ")
    assert any(r["quote"] == "my doubts fell to 99%" and "99%" in r["row"] for r in rows)
    assert any("\u201cIn this area I also have doubts.\u201d" in r["row"] for r in rows)
    plot = conversation_charts.CERTAINTY_WIDTH
    axis = [x for m, it, x, _y in _items(scene["scenegraph"]) if m is not None and m.get("role") == "axis-label"
            and isinstance(it.get("text"), list)]
    assert axis, "labels on two lines"
    assert plot > conversation_charts.CERTAINTY_LABELS and plot >= 0.55 * scene["width"]
    assert scene["width"] <= 580


@pytest.mark.parametrize("quote, shown", [
    ("I should confess that at first I wasn't sure.", "I should confess that at first I wasn't sure."),
    ("I was doubtful and suggested we add the word \u201cbasically,\u201d that is", "I was doubtful\u2026"),
    ("Next year, undoubtedly, it will be easier to reach 20 million tons.", "Next year, undoubtedly\u2026"),
    ("one two", "one two"),
    ("Now we have seriously taken on the production of metal, but while it is still not in our hands I have some "
     "doubts...", "\u2026while it is still not in our hands I have some doubts..."),
    ("You can call me opportunistic or a rightist element, because I still had doubts after this meeting.",
     "\u2026because I still had doubts after this meeting."),
])
def test_phrase_is_the_statement_or_its_first_whole_phrase(quote, shown):
    assert conversation_charts.phrase(quote) == shown


def test_certainty_diamonds_are_as_large_as_the_dots():
    """Lesson 04's reader: the percentage diamonds were much smaller than the dots. Vega's diamond covers half its
    size, its circle pi/4: the diamonds' size makes their area the circles'; the key draws them as the chart does."""
    scene = _scene(charts.certainty_chart())
    marks = [(it["shape"], it["size"]) for m, it, _x, _y in _items(scene["scenegraph"])
             if m is not None and m.get("role") == "mark" and m["marktype"] == "symbol"]
    area = {"diamond": 0.5, "circle": math.pi / 4}
    areas = {shape: size * area[shape] for shape, size in marks}
    assert set(areas) == {"diamond", "circle"}
    assert abs(areas["diamond"] - areas["circle"]) <= 0.02 * areas["circle"]
    key = {it["shape"]: it["size"] for m, it, _x, _y in _items(scene["scenegraph"])
           if m is not None and m.get("role") == "legend-symbol" and it.get("shape") == "diamond"}
    assert key == {"diamond": dict(marks)["diamond"]}


def test_short_labels_add_words_until_two_rows_differ():
    rows = [{"paragraph": "p1", "about": "", "quote": "I have a doubt about steel"},
            {"paragraph": "p1", "about": "", "quote": "I have a doubt about grain"}]
    a, b = conversation_charts.short_labels(rows)
    assert a != b and "steel" in a and "grain" in b
    long = [{"paragraph": "p1", "about": "", "quote": "I have a doubt, and much more about steel and iron and coal"},
            {"paragraph": "p1", "about": "", "quote": "I have a doubt, and much more about grain and rice and wheat"}]
    a, b = conversation_charts.short_labels(long)
    assert a != b and "steel" in a and "grain" in b  # the same first phrase: each statement whole


# --- the timeline's labels, month-precise detail and bars --------------------------------------------------

LABELLED = {  # the lessons' calls, and 01's with five titles (as before the lesson dropped one)
    "01": dict(start=1956, end=1960, detail=("1958-07", "1958-10"),
               labels=["iraq-revolution-1958", "lebanon-landing-1958", "jordan-british-1958",
                       "khrushchev-beijing-1958", "beidaihe-1958", "jinmen-shelling-1958",
                       "warsaw-talks-1958-09", "ceasefire-message-1958-10-06", "national-day-1958"]),
    "01-four": dict(start=1956, end=1960, detail=("1958-07", "1958-10"),
                    labels=["khrushchev-beijing-1958", "beidaihe-1958", "jinmen-shelling-1958", "national-day-1958"]),
    "01-five": dict(start=1956, end=1960, detail=("1958-07", "1958-10"),
                    labels=["khrushchev-beijing-1958", "beidaihe-1958", "jinmen-shelling-1958",
                            "beidaihe-communes-resolution-1958", "national-day-1958"]),
    "01-all": dict(start=1956, end=1960, detail=("1958-07", "1958-10"),  # every Taiwan Strait and Great Leap mark
                   labels=["iraq-revolution-1958", "lebanon-landing-1958", "jordan-british-1958",
                           "khrushchev-beijing-1958", "commune-publicity-1958-07", "mao-tour-1958-08",
                           "sihanouk-visit-1958", "beidaihe-1958", "beidaihe-communes-resolution-1958",
                           "beidaihe-communique-1958-09-01", "mao-wuhan-steel-1958-09-13", "jinmen-shelling-1958",
                           "warsaw-talks-1958-09", "ceasefire-message-1958-10-06", "national-day-1958"]),
    "02": dict(categories=["Taiwan Strait", "Western powers"], start=1958, end=1958, detail=("1958-07", "1958-10"),
               labels=["iraq-revolution-1958", "lebanon-landing-1958", "jordan-british-1958", "jinmen-shelling-1958",
                       "warsaw-talks-1958-09", "ceasefire-message-1958-10-06"]),
    "06": dict(categories=["aftermath", "the memo"], start=1958, end=1959, detail=("1958-10", "1959-01"),
               labels=["the-memo-1958-10-02", "steel-claim-1958-12"]),
    "06-four": dict(categories=["aftermath", "the memo"], start=1958, end=1959, detail=("1958-10", "1959-01"),
                    labels=["zhengzhou-1958", "wuchang-1958", "steel-claim-1958-12", "the-memo-1958-10-02"]),
}


def _gap(a: tuple, b: tuple) -> float:
    """Pixels between two boxes (0 where they touch or overlap)."""
    return math.hypot(max(b[0] - a[2], a[0] - b[2], 0), max(b[1] - a[3], a[1] - b[3], 0))


def _drawn_detail(chart) -> dict:
    """The detail as drawn (Vega's scenegraph): its height, its lanes' categories, each event's mark (a diamond
    by its centre and box, a bar by its box), each title's box (from its anchor, alignment and lines, at
    CHAR_PX a character) and each leader, by event id."""
    scene = _scene(chart)
    detail = next(it for m, it, _x, _y in _items(scene["scenegraph"])
                  if m is not None and m.get("role") == "scope" and m.get("name") == "concat_1_group")
    from helpers import timeline
    by_title = {r["title"]: r["id"] for r in timeline.event_rows()}
    marks, titles, leads = {}, {}, {}
    for m, it, x, y in _items(detail):
        said = re.search(r"Event: (.*?); When: ", str(it.get("description", "")))
        if m is None or m.get("role") != "mark" or not said:
            continue
        eid = by_title[said.group(1)]  # the event of an item, by its tooltip (an item has no datum here)
        if m["marktype"] == "symbol":
            half = math.sqrt(it["size"]) / 2
            marks[eid] = {"box": (x - half, y - half, x + half, y + half), "spot": (x, y, x, y), "y": y}
        elif m["marktype"] == "rect":
            box = (x, y, x + it["width"], y + it["height"])
            marks[eid] = {"box": box, "spot": box, "y": y + it["height"] / 2}
        elif m["marktype"] == "text" and not str(it["text"]).startswith(timeline_charts.CONTINUES):
            lines = it["text"] if isinstance(it["text"], list) else str(it["text"]).split("\n")
            w = max(map(len, lines)) * timeline_charts.CHAR_PX
            x0 = x + it.get("dx", 0) - (w if it["align"] == "right" else 0)
            top = y - timeline_charts.LABEL_LINE / 2
            titles[eid] = (x0, top, x0 + w, top + len(lines) * timeline_charts.LABEL_LINE)
        elif m["marktype"] == "rule":
            leads[eid] = (x - 0.5, min(y, y - it["y"] + it["y2"]), x + 0.5, max(y, y - it["y"] + it["y2"]))
    return {"width": detail["width"], "height": detail["height"], "marks": marks, "titles": titles, "leads": leads}


@pytest.mark.parametrize("lesson", ["01", "01-four", "02", "06", "06-four"])  # not 01-five: a diamond there is on a bar
def test_timeline_titles_stay_in_their_lane_beside_their_own_mark(lesson):
    """Readers of 01 and 06 had to click mark after mark to find the events a task names, so the events given as
    labels= have their short titles written in the detail. As drawn: each title inside the detail and inside its
    own lane (01's Beidaihe title hung in the next lane), over no other title and no mark, and nearer its own mark
    than any other mark, or tied to it by a leader that reaches it (02's reader matched the 6 October title to
    the Warsaw diamond above it)."""
    from helpers import timeline
    kwargs = LABELLED[lesson]
    chart = charts.timeline_chart(**kwargs)
    drawn = _drawn_detail(chart)
    rows = {r["id"]: r for r in timeline.filter_event_rows(kwargs.get("categories"), kwargs["start"], kwargs["end"])}
    lanes = [c for c in timeline.categories() if c in {r["category"] for r in rows.values()}]
    lane = drawn["height"] / len(lanes)
    assert set(drawn["titles"]) >= set(kwargs["labels"]), "a title asked for is not drawn"
    boxes = []
    for eid, box in drawn["titles"].items():
        where = f"{lesson}, {eid} {tuple(round(v) for v in box)}"
        assert box[0] >= -1 and box[2] <= drawn["width"] + 1 and box[1] >= 0 and box[3] <= drawn["height"], \
            f"{where}: its title runs past the detail's edge"
        n = lanes.index(rows[eid]["category"])
        assert n * lane <= box[1] and box[3] <= (n + 1) * lane, f"{where}: its title leaves its lane"
        assert not any(timeline_charts._overlap(box, b, 0) for b in boxes), f"{where}: titles overlap"
        boxes.append(box)
        assert not any(timeline_charts._overlap(box, m["box"], 0) for m in drawn["marks"].values()), \
            f"{where}: its title covers a mark"
        others = [m["spot"] for i, m in drawn["marks"].items() if i != eid]
        nearest = _gap(box, drawn["marks"][eid]["spot"]) < min(_gap(box, o) for o in others)
        lead = drawn["leads"].get(eid)
        reaches = (lead is not None and lead[3] - lead[1] >= timeline_charts.LEAD_MIN
                   and _gap(lead, drawn["marks"][eid]["box"]) <= timeline_charts.MARK_REACH - 4
                   and _gap(box, lead) <= timeline_charts.LABEL_GAP + 1
                   and _gap(box, lead) < min(_gap(box, o) for o in others)
                   and not any(timeline_charts._overlap(lead, m["box"], 0)
                               for i, m in drawn["marks"].items() if i != eid))
        assert nearest or reaches, f"{where}: another mark is nearer its title than its own, and no leader ties them"


def test_timeline_titles_as_placed_are_the_titles_drawn():
    """place_labels's words are the events' short titles, and the chart draws each of them."""
    for kwargs in LABELLED.values():
        chart = charts.timeline_chart(**kwargs)
        said = {r["id"]: r["label"] for v in chart.to_dict()["datasets"].values() for r in v if "label" in r}
        titles = {r["id"]: timeline_charts.short_title(r["title"]) for r in timeline_charts.timeline.event_rows()}
        assert set(said) >= set(kwargs["labels"])
        for eid, text in said.items():
            assert " ".join(text.split("\n")) == titles[eid]
        drawn = [it.get("text") for m, it, _x, _y in _items(_scene(chart)["scenegraph"])
                 if m is not None and m.get("role") == "mark" and m["marktype"] == "text"]
        drawn = ["\n".join(t) if isinstance(t, list) else str(t) for t in drawn]
        assert all(text in drawn for text in said.values())


def test_a_bar_barely_inside_the_detail_is_not_drawn_as_a_sliver():
    """01: the Zhengzhou conference began on 2 November, in the detail's margin past October, and was drawn as a
    clipped sliver under '▸ to Nov'. A bar with less than BAR_MIN of the detail's width inside is not drawn,
    nor its '▸ to'; the axis names no month in the margin ('Nov', and 06's 'Feb')."""
    chart = charts.timeline_chart(**LABELLED["01"])
    drawn = _drawn_detail(chart)
    assert "zhengzhou-1958" not in drawn["marks"]
    assert all(m["box"][2] - m["box"][0] >= timeline_charts.BAR_MIN * drawn["width"] - 1
               for m in drawn["marks"].values() if m["box"] == m["spot"])
    scene = _scene(chart)
    texts = [it.get("text") for m, it, _x, _y in _items(scene["scenegraph"]) if m is not None]
    assert not any(str(t).startswith(timeline_charts.CONTINUES) for t in texts)
    def months(axis: list[str]) -> set[str]:  # a week's label names its month on its second line ('Oct 1958')
        return {str(t)[:3] for t in axis if str(t)[:1].isalpha()}

    assert "Oct" in months(_detail_axis(chart)) and "Nov" not in months(_detail_axis(chart))
    assert "Jan" in months(_detail_axis(charts.timeline_chart(**LABELLED["06"])))
    assert "Feb" not in months(_detail_axis(charts.timeline_chart(**LABELLED["06"])))


def _detail_axis(chart) -> list[str]:
    """The words under the detail's time axis, as drawn."""
    detail = next(it for m, it, _x, _y in _items(_scene(chart)["scenegraph"])
                  if m is not None and m.get("role") == "scope" and m.get("name") == "concat_1_group")
    return [w for m, it, _x, _y in _items(detail) if m is not None and m.get("role") == "axis-label"
            for w in (it["text"] if isinstance(it["text"], list) else str(it["text"]).split())]


def test_timeline_labels_name_an_unknown_event_and_the_file():
    import helpers
    from helpers import widgets
    for call in (lambda: charts.timeline_chart(labels=["beidaihe-1958", "no-such-event"]),
                 lambda: widgets.timeline_explorer(labels=["no-such-event"])):
        with pytest.raises(helpers.DataError, match=r"'no-such-event' is not the id of an event in data/events.csv"):
            call()


def test_timeline_detail_opens_on_months_in_the_chart_and_the_explorer():
    """Readers of 02: the detail opened on Jan-Dec, mostly empty. detail= takes months as well as years."""
    import helpers
    from helpers import widgets
    spec = charts.timeline_chart(start=1958, end=1958, detail=("1958-07", "1958-10")).to_dict()
    brush = next(p for p in spec["params"] if p["name"] == "period")
    first, last = timeline_charts.detail_period("1958-07", "1958-10")
    assert [(d["year"], d["month"], d["date"]) for d in brush["value"]["x"]] == [
        (first.year, first.month, first.day), (last.year, last.month, last.day)]
    assert first.month == 6 and first.day > 20 and last.month == 11 and last.day < 10  # July to October, a margin
    root = widgets.timeline_explorer(detail=("1958-07", "1958-10"))
    assert (root.parts.start.value, root.parts.end.value) == (1956, 1959)
    assert root.parts.chart.outputs, "the explorer draws its chart"
    with pytest.raises(helpers.DataError, match=r"detail="):
        widgets.timeline_explorer(detail=("July", "1958-10"))
    for bad in (("1958-07-01", "1958-10"), ("1958-10", "1958-07"), (1958,)):
        with pytest.raises(helpers.DataError, match=r"detail="):
            charts.timeline_chart(detail=bad)


def test_a_lasting_event_is_a_bar_without_a_mark_at_its_start():
    """Lesson 01's reader: bars started with a diamond, so a bar looked like an event of that day."""
    from helpers import timeline
    chart = charts.timeline_chart(start=1956, end=1960, detail=(1958, 1958))
    rows = timeline.filter_event_rows(None, 1956, 1960)
    lasting = [r for r in rows if r["end"]]
    assert lasting
    assert len(_detail_marks(_scene(chart))) == len(rows) - len(lasting)


LABELLED_TIMELINES = {k: LABELLED[k] for k in ("01", "02", "06")}  # the lessons' own calls, labels and all


@pytest.mark.parametrize("lesson", sorted(LABELLED_TIMELINES))
def test_each_title_in_the_timeline_is_beside_its_own_mark_or_tied_to_it(lesson):
    """Lesson 02's reader: the titles of 14, 15 and 17 July 1958 could not be matched to three diamonds 12 pixels
    apart, and the September diamond had none. Now, as drawn: marks of a labelled detail are dodged a title's
    height apart; every title stands on its own mark's line, or a leader line runs from its mark to it; no two titles
    overlap; and a detail of few events names them all."""
    chart = charts.timeline_chart(**LABELLED_TIMELINES[lesson])
    spec = chart.to_dict()
    rows = {r["id"]: r for r in data_rows_of(spec) if "nudge" in r and "card" in r}
    titled = {r["id"]: r for r in data_rows_of(spec) if "label_dy" in r}
    assert set(LABELLED_TIMELINES[lesson]["labels"]) <= set(titled)
    leads = {r["id"]: r for r in data_rows_of(spec) if "lead_from" in r}
    for key, r in titled.items():
        lines = r["label"].count("\n") + 1  # the mark's line runs through the title, beside it
        top, bottom = r["label_dy"] - timeline_charts.LABEL_LINE / 2, r["label_dy"] + (lines - 0.5) * timeline_charts.LABEL_LINE
        beside = top <= rows[key]["nudge"] <= bottom
        half_bar = timeline_charts.BAR_HEIGHT / 2 + 1  # or, for a bar, over or under it, touching it
        touching = rows[key]["end"] and top <= rows[key]["nudge"] + half_bar and bottom >= rows[key]["nudge"] - half_bar
        assert beside or touching or key in leads, (lesson, key)
    if lesson == "02":
        assert "warsaw-talks-1958-09" in titled  # the September diamond is named too
        july = [rows[k]["nudge"] for k in ("iraq-revolution-1958", "lebanon-landing-1958", "jordan-british-1958")]
        assert min(abs(a - b) for n, a in enumerate(july) for b in july[n + 1:]) >= 2 * timeline_charts.LABEL_LINE
        assert all(abs(titled[k]["label_dy"] - rows[k]["nudge"]) <= timeline_charts.LABEL_LINE / 2
                   for k in ("iraq-revolution-1958", "lebanon-landing-1958", "jordan-british-1958"))
    scene = _scene(chart)
    boxes = []
    for m, it, x, y in _items(scene["scenegraph"]):
        text = it.get("text")
        if m and m.get("marktype") == "text" and m.get("role") == "mark" and it.get("fontSize") == \
                timeline_charts.LABEL_FONT and isinstance(text, (str, list)) and not str(text).startswith("\u25b8"):
            lines = text if isinstance(text, list) else str(text).split("\n")
            w = max(map(len, lines)) * timeline_charts.CHAR_PX
            x0 = x + it.get("dx", 0) - (w if it.get("align") == "right" else 0)
            boxes.append((x0, y - 6, x0 + w, y - 6 + timeline_charts.LABEL_LINE * len(lines)))
    assert len(boxes) >= len(titled)
    for n, a in enumerate(boxes):
        for b in boxes[n + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (lesson, a, b)


def data_rows_of(spec: dict) -> list[dict]:
    return [r for v in spec["datasets"].values() for r in v]


def test_lesson_01_timeline_ends_where_the_lesson_says_and_marks_its_edge_inside_the_panel():
    """Lesson 01's reader: the axis of '1956 to 1960' ended at 1961; '▸ to Nov' sat outside the panel. Now the
    overview's last labelled year is 1960, and the '▸ to' words end inside the detail."""
    chart = charts.timeline_chart(**LABELLED_TIMELINES["01"])
    spec = chart.to_dict()
    overview = next(n for n in _walk(spec) if isinstance(n.get("encoding", {}).get("x"), dict)
                    and "drag to choose" in str(n["encoding"]["x"].get("title", "")))
    years = [v["year"] for v in overview["encoding"]["x"]["axis"]["values"]]
    assert years[0] == 1956 and years[-1] == 1960
    # 01's aftermath bar began in the detail's margin and is not drawn (see test_a_bar_barely_inside_...);
    # 06's famine runs on past January 1959: its '▸ to 1961' ends inside the detail
    scene = _scene(charts.timeline_chart(**LABELLED_TIMELINES["06"]))
    continues = [(x, it) for m, it, x, _y in _items(scene["scenegraph"]) if m and m.get("marktype") == "text"
                 and str(it.get("text", "")).startswith(timeline_charts.CONTINUES)]
    assert continues
    for _x, it in continues:  # right-aligned at the detail's right edge, its words to the left of it
        assert it["align"] == "right" and it["x"] + it.get("dx", 0) <= timeline_charts.TIMELINE_WIDTH
        assert it["x"] - timeline_charts.CHAR_PX * len(it["text"]) >= 0


@pytest.mark.parametrize("name", ["steel", "harvest", "communes"])
@pytest.mark.parametrize("record", [False, True])
def test_stated_charts_keys_are_plain_and_name_only_what_is_drawn(name, record):
    """Lesson 03's readers found 'A bar from zero: one number.', then 'Bar: one number, from zero', and 'Colour:
    what the number is' cryptic, and later readers of 03 and 05 asked why 'Solid bar: one figure' stood over charts
    with no other shape. The key of shapes names only the shapes drawn ('Solid bar: a single number; dashed outline:
    a range ...'), and the solid bar only beside another shape; the colour key says each kind's meaning."""
    chart = getattr(charts, f"{name}_chart")(record=record)
    spec = chart.to_dict()
    subtitle = spec["title"]["subtitle"]
    text = " ".join(subtitle)
    assert "A bar from zero" not in text and "from zero;" not in text and all(len(line) <= charts.KEY_CHARS for line in subtitle)
    marks = {n["mark"]["type"]: n["mark"] for n in _walk(spec) if isinstance(n.get("mark"), dict)}
    ranged = any(n["mark"].get("strokeDash") for n in _walk(spec) if isinstance(n.get("mark"), dict)
                 and n["mark"].get("type") == "bar")
    others = ranged or "tick" in marks or "point" in marks or "rule" in marks
    assert text.startswith("Solid bar: a single number") == others  # alone, a solid bar needs no key
    assert ("dashed outline: a range" in text) == ranged
    assert ("short thick line" in text) == ("tick" in marks)
    assert ("diamond:" in text) == ("point" in marks)
    assert ("thin black line" in text) == ("rule" in marks)
    scene = _scene(chart)
    assert charts.COLOUR_KEY in _texts(scene, "legend-title")
    colour = _encodings(spec, "color", "what")[0]["scale"]
    assert set(_texts(scene, "legend-label")) == {charts.kind_label(k) for k in colour["domain"]}
    assert scene["width"] <= 580


def test_harvest_colour_means_what_the_number_is_never_who_gives_it():
    """Lesson 04's reader: the key said grey was 'other sources', yet every bar of 'What other sources give' came
    from other sources and only Lushan's was grey. Colour now says only what a number is: each kind one colour,
    named in the key with its meaning; Lushan's figures, the party's own check, are 'revised'; no key entry names
    a source."""
    spec = charts.harvest_chart(record=True).to_dict()
    colour = _encodings(spec, "color", "what")[0]["scale"]
    assert figures.RECORD_KIND not in colour["domain"] and charts.STATISTIC not in colour["domain"]
    assert len(set(colour["range"])) == len(colour["range"])  # one colour, one kind
    assert all(k in charts.PLAIN_KINDS for k in colour["domain"])
    rows = [r for v in spec["datasets"].values() for r in v if "what" in r and r.get("source") == figures.RECORD]
    lushan = [r for r in rows if "Lushan" in r["label"]]
    assert len(lushan) == 2 and {r["what"] for r in lushan} == {charts.REVISED}
    assert {r["what"] for r in rows} <= set(colour["domain"])
    tags = _texts(_scene(charts.harvest_chart(record=True)), "mark")
    assert all(f"{charts.fmt(r['value'])} ({charts.REVISED})" in tags for r in lushan)


def test_a_detail_of_a_few_months_has_a_labelled_tick_every_week():
    """Lesson 01's reader could not count "how many days" on a July-October detail that marked months only. A
    detail of a few months has a tick every week, each labelled with its day of the month (7 days apart), and
    each month's name under its first week; a detail of a year keeps its months."""
    words = _detail_axis(charts.timeline_chart(**LABELLED["01"]))
    days = [int(w) for w in words if w.isdigit()]
    assert len(days) >= 15
    gaps = {(b - a) % 30 for a, b in zip(days, days[1:])} | {(b - a) % 31 for a, b in zip(days, days[1:])}
    assert 7 in gaps and all(b - a == 7 for a, b in zip(days, days[1:]) if b > a)
    assert {"Jul", "Aug", "Sep", "Oct"} <= {w[:3] for w in words if w[:1].isalpha()}
    year = charts.timeline_chart(["Taiwan Strait", "Western powers"], 1958, 1958, detail=(1958, 1958)).to_dict()
    assert next(n["encoding"]["x"]["axis"] for n in _walk(year) if isinstance(n.get("encoding", {}).get("x"), dict)
                and "the period" in str(n["encoding"]["x"].get("title", "")))["tickCount"]["interval"] == "month"


def test_the_paragraphs_axis_is_labelled_every_five_and_the_key_says_dots_stack():
    """Lesson 06's reader: ticks every 10 sent them to "Show the numbers"; lesson 00's: "One dot: one note" under
    an axis counting to 7. The paragraphs' axis is labelled at p1 and every 5th paragraph; the key says the dots
    of a paragraph stack up, and each lane's title says so too."""
    spec = charts.reactions_chart().to_dict()
    axes = [n["encoding"]["x"]["axis"] for n in _walk(spec) if isinstance(n.get("encoding", {}).get("x"), dict)
            and n["encoding"]["x"].get("title") == conversation_charts.ALONG_X]
    last = int(helpers_memo_last())
    assert axes and all(a["values"] == [1, *range(5, last + 1, 5)] for a in axes)
    scene = _scene(charts.reactions_chart())
    assert conversation_charts.DOT_KEY in _texts(scene, "legend-title") and "stack" in conversation_charts.DOT_KEY
    assert all("stack" in t for t in _texts(scene, "axis-title") if t.endswith(conversation_charts.LANE_COUNT))


def helpers_memo_last() -> int:
    import helpers
    return int(helpers.load_memo().ids[-1][1:])


def test_no_bar_axis_label_runs_past_the_frame():
    """Lesson 05's reader: "1,000,000" and "240,000,000" stuck out past the panels' frames. Where a panel's axis
    has a set end, its ticks stop where the last label, centred on its tick, still ends inside the frame."""
    spec = charts.communes_chart(record=True).to_dict()
    ends = [x for n in _walk(spec) if isinstance(n.get("encoding", {}).get("x"), dict)
            for x in [n["encoding"]["x"]] if x.get("scale", {}).get("domainMax") and x.get("axis", {}).get("values")]
    assert ends
    for x in ends:
        end, last = x["scale"]["domainMax"], x["axis"]["values"][-1]
        assert last == end or (end - last) * charts.WIDTH / end >= charts.CHAR_WIDTH * len(chart_parts.fmt(last)) / 2


def test_the_communes_units_axis_names_collectives_only_where_they_are_drawn():
    """Round 13's reader of 05: 'Collectives and communes (units)' over a panel with no collectives in it."""
    communes_only = charts.communes_chart(record=True, ids=["communes-created", "communes-count-sep-1958"])
    titles = [n["title"] for n in _walk(communes_only.to_dict()) if isinstance(n.get("title"), str)]
    assert "Communes (units)" in titles
    assert not [t for t in titles if "ollectives" in t]


@pytest.mark.parametrize("lesson", ["01", "06"])
def test_a_detail_labels_no_week_in_the_margin_before_its_first_day(lesson):
    """Lesson 06's reader read the detail's first label, '28' (a Sunday of September, in the margin before the
    October it opens on), as 28 October: the month named under the next tick. The first day number drawn is now
    the first Sunday inside the period (5 October in 06, 6 July in 01), with its month under it."""
    axis = _detail_axis(charts.timeline_chart(**LABELLED[lesson]))
    first = next(str(w) for w in axis if str(w).isdigit())
    assert first == {"01": "6", "06": "5"}[lesson], axis[:4]
    assert axis[axis.index(first) + 1].startswith({"01": "Jul 1958", "06": "Oct 1958"}[lesson]), axis[:4]


def test_every_reaction_dot_lies_inside_its_parts_band():
    """Lesson 06's readers saw p19's stack of laughter (the first paragraph of part 4) on the line between parts
    3 and 4, and counted it in the wrong topic: every dot, with its white edge, lies inside its part's grey band."""
    last = int(load_memo().ids[-1][1:])
    per_paragraph = conversation_charts.ALONG_WIDTH / last
    parts = stretch_of_paragraphs()
    notes = conversation_charts.reaction_notes(figures.reactions_numbers().rows, per_paragraph)
    assert any(n["paragraph"] == "p19" for n in notes)
    for n in notes:
        part = parts[n["paragraph"]]
        centre = int(n["paragraph"][1:]) * per_paragraph + n["shift"]
        left = (int(part["first"][1:]) - 0.5) * per_paragraph
        right = (int(part["last"][1:]) + 0.5) * per_paragraph
        assert left + conversation_charts.NOTE_RADIUS <= centre <= right - conversation_charts.NOTE_RADIUS, n
