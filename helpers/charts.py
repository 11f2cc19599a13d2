"""The course's charts: tables from ``data/`` in, an Altair chart out. This module draws the stated-vs-record
charts (steel, harvest, communes, catching up) and gathers every chart in one place to import.

Every chart has a title, a plain-language ``description`` (read aloud by
screen readers), axis titles with units, the Okabe-Ito palette, tooltips,
and ``usermeta`` that asks for SVG marks and names the chart
(``usermeta["course_chart"]``). Each ``..._chart`` carries the numbers it draws
(``..._numbers`` in :mod:`helpers.figures`, :mod:`helpers.reading`,
:mod:`helpers.timeline`); its ``..._table`` twin gives them as a DataFrame.

Every number a chart shows is read from ``data/figures.csv`` or
``data/record.csv`` (or counted in the memo's text); none is written here.
Interactivity (tooltips, the timeline's brush and click) lives inside the
Vega-Lite spec and works offline in JupyterLab. Charts are drawn from rows:
no pandas.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import altair as alt

from . import data, figures
from .chart_parts import DARK, NEUTRAL, VIOLET, colours, fmt, legend, meta, plain, values  # noqa: F401
from .conversation_charts import TOPIC_LABELS, certainty_chart, frequency_chart, reactions_chart  # noqa: F401
from .figures import (MEMO, RECORD, RECORD_KIND, catch_up_table, communes_table, harvest_table,  # noqa: F401
                      reactions_table, steel_table)
from .reading import certainty_table  # noqa: F401
from .render import with_numbers
from .tables import Table
from .timeline import timeline_table  # noqa: F401
from .timeline_charts import TIMELINE_SHAPES, timeline_chart  # noqa: F401

# The charts and tables imported above live in modules of their own; ``helpers.charts`` gathers them so that
# one import gives every chart of the course.

DataDir = Path | str | None
LOG_RATIO = 20
"""Where the largest number of a unit is this many times the smallest, its numbers are drawn in several panels,
each on a linear axis of its own (see :func:`_split`); no chart uses a log scale."""
WIDTH = 500
"""Plot width of the stated-vs-record panels: each row's label stands above its bar, not beside it, so the plot has
nearly all the about 580 pixels JupyterLab gives an output at a 1024-pixel-wide browser window with the file browser
open (lessons 04 and 05's reader: at 280 pixels beside the labels the '75-80' box was a few pixels wide). Legends
go above or below a chart, never beside it, so that they cannot be cut off at the right."""
ROW_STEP = 38
"""Height in pixels of one row of a stated-vs-record panel: its label (one line) above its bar."""
BAR = 14
"""Thickness in pixels of a bar (and across of a dot) of a stated-vs-record panel, in the lower part of its row."""
LABEL_LIMIT = WIDTH
"""A row label (above its bar) may run the plot's whole width."""
UPPER_BOUND = re.compile(r"\bnot more than\b|\bat most\b|\bno more than\b", flags=re.I)
"""Words that make a number a ceiling ("but not more than 100%"): drawn as a limit line, not as a bar."""
CHAR_WIDTH = 6.5
"""About the width in pixels of one character of a chart's 11-pixel text, to make room for it."""
OVERHANG = 0
"""How far in pixels the text after a bar may run past the right end of its panel: none (lesson 05's reader saw
'700,000 (claim)' run over the plot's edge)."""
SHARE_UNITS = ("percent",)
"""Units of a share of a whole: a lone share from other sources (90.4-99.1 percent) is drawn on an axis from 0 to
100, its numbers written to the left of its bar (lesson 05's reader took the bare text for a panel that failed to
render). A lone measure in any other unit is drawn on an axis with room past it (see :func:`_lone_room`)."""
SHARE_MAX = 100.0
"""The end of a share's axis: the whole."""
LONE_ROOM = 1.5
"""A lone measure's axis runs on to a round number past this many times its largest number, so that a learner
has room to compare a number of their own with it (lesson 05: 140 million households beside 120-126.9 million);
the panel's title says so in plain words, and names no box to type in (there is none: lesson 05's reader took 'set
your own number beside it' for an input that was not there)."""
USABLE = "usable"
"""What other sources' number is where its label speaks of usable ('good') steel: a kind the memo never gives."""
REVISED = "revised"
"""What other sources' number is where its label speaks of the party's own check: a claim revised (Lushan, 1959)."""
STATISTIC = "statistic"
"""What other sources' number is where its label names no plan, claim, forecast or output: a count, an average or
a share as the statistics or the press reported it (lesson 04's reader: the key's grey 'other sources' named a
source, not a kind, and only one of the other sources' bars was grey). The key reads 'statistic: reported', not
'counted': Xinhua's 'about 750,000', its tallies of communes still forming, its averages and shares were reported,
not counted (the historian's check of lesson 05)."""
RECORD_WORDS = [
    ("target", re.compile(r"\btarget|\bplan\b|\baccount\b|\bproposal\b|\bdecision\b", flags=re.I)),
    (USABLE, re.compile(r"\busable\b|\bgood\b", flags=re.I)),
    ("forecast", re.compile(r"\bexpected\b|\bforecast", flags=re.I)),
    ("claim", re.compile(r"\bclaimed\b", flags=re.I)),
    (REVISED, re.compile(r"\bown check\b|\brevised\b", flags=re.I)),
    ("output", re.compile(r"\boutput\b|\bproduced\b|\breported\b", flags=re.I)),
]
"""Words in the label of other sources' row that say what its number is, first match first: a target (or plan,
account, proposal, decision), usable steel, a forecast, a claim, a revised claim, or output (produced, reported).
A row whose label has none of them is a :data:`STATISTIC`."""
TIMES = "times"
"""The unit of the memo's 'two times more than the previous year': drawn in the percent panel as the increase it
states ((2 - 1) x 100 = +100 percent), as a diamond of its own (see :func:`_as_increase`)."""
DIAMOND = 260
"""Size Vega gives the diamond of the memo's multiple: as large across as a bar is thick, and more (a diamond covers
half its size)."""
MIN_RANGE = 8
"""Narrowest a range is drawn, in pixels (10.7-11 on a 0-30 axis would be a sliver); its numbers are unchanged."""


NO_NUMBER = "no number given"


def _shown(row: dict) -> str:
    if row["value"] is not None:
        return fmt(row["value"])
    if row["low"] is not None and row["high"] is not None:
        return f"{fmt(row['low'])}–{fmt(row['high'])}"
    return NO_NUMBER


def _shown_row(r: dict) -> str:
    """What is written for a row: its number; 'at most' before a ceiling's; '2 times = +100' for a multiple
    drawn as an increase (:func:`_as_increase`)."""
    if r.get("times") is not None:
        return f"{fmt(r['times'])} times = +{_shown(r)}"
    ceiling = bool(UPPER_BOUND.search(f"{r.get('quote') or ''} {r['label']}")) and r["value"] is not None
    return f"at most {_shown(r)}" if ceiling else _shown(r)


def _as_increase(rows: list[dict], series: str, unit: str = "percent") -> list[dict]:
    """The memo's multiples (unit :data:`TIMES`: 'two times more than the previous year') as the increase in
    ``unit`` they state: (n - 1) x 100, each a new row of that unit and ``series`` whose ``times`` keeps the memo's
    number."""
    return [{**r, "unit": unit, "series": series, "value": (float(r["value"]) - 1) * 100, "times": float(r["value"]),
             "label": f"{r['label']}, as an increase"}
            for r in rows if r["unit"] == TIMES and r["value"] is not None and r["source"] == MEMO]


def record_kind(row: dict) -> str:
    """What other sources' number is, read from the words of its label (see :data:`RECORD_WORDS`): colour says
    what a number is, never who gives it (the panel's title says that)."""
    return next((kind for kind, words in RECORD_WORDS if words.search(str(row.get("label", "")))), STATISTIC)


def _what_scale(data_dir: DataDir, present) -> alt.Scale:
    """Colours by what a number is (output, target, ...), the same colour for a kind in every chart, whether the
    memo gives the number or other sources do."""
    every = data.allowed_values("figures", "kind", data_dir) + [USABLE, REVISED]
    palette = dict(zip(every, colours(len(every))), **{STATISTIC: NEUTRAL, USABLE: DARK, REVISED: VIOLET})
    domain = [k for k in every + [STATISTIC] if k in set(present)]
    return alt.Scale(domain=domain, range=[palette[k] for k in domain])


def _tooltip(of_record: bool) -> list:
    """Memo rows: the exact words and the paragraph. Record rows: the basis and the sources' citations."""
    tips = [alt.Tooltip("label:N", title="What"), alt.Tooltip("shown:N", title="Number"),
            alt.Tooltip("unit:N", title="Unit")]
    if of_record:
        tips += [alt.Tooltip("year:Q", title="Year", format="d"), alt.Tooltip("basis:N", title="Basis"),
                 alt.Tooltip("citation:N", title="Source(s)"),
                 alt.Tooltip("paragraph:N", title="Memo paragraph(s) it bears on")]
    else:
        tips += [alt.Tooltip("quote:N", title="Exact words"), alt.Tooltip("paragraph:N", title="Paragraph")]
    return tips + [alt.Tooltip("note:N", title="Note")]


def _numbers(rows: list[dict]) -> list[float]:
    """Every number in the rows (single values, then both ends of ranges), as floats."""
    return [float(r[k]) for k in ("value", "low", "high") for r in rows if r[k] is not None]


def _far_apart(numbers: list[float]) -> bool:
    """Whether three or more numbers span :data:`LOG_RATIO` (one linear axis would crush the small ones): then
    they are split into panels (:func:`_split`); two numbers are compared as plain bars, with their ratio said in
    words (see :func:`_ratio`)."""
    positive = [n for n in numbers if n > 0]
    return len(positive) > 2 and max(positive) / min(positive) >= LOG_RATIO


def _ratio(numbers: list[float]) -> str:
    """For a panel of exactly two numbers: 'the larger is about N times the smaller' (else "")."""
    positive = [n for n in numbers if n > 0]
    if len(positive) != 2 or max(positive) / min(positive) < 2:
        return ""
    return f"the larger is about {max(positive) / min(positive):,.0f} times the smaller"


def _tag(r: dict, plain_words: bool = False) -> str:
    """The text after a row's bar: its number ('at most' before a ceiling's) and what it is ('10.7 (target)');
    ``plain_words``: the kind with its meaning ('12–15 (target: planned)', see :func:`_said_kinds`)."""
    what = record_kind(r) if r["source"] == RECORD else r["kind"]
    return f"{_shown_row(r)} ({kind_label(what) if plain_words else what})"


def _said_kinds(rows: list[dict]) -> list[bool]:
    """For each row: whether its text says its kind in plain words too, because another row of the panel shows
    the same number as another kind (lesson 03's reader: 12-15 'target' and 12-15 'forecast' side by side)."""
    kinds_of: dict[str, set] = {}
    for r in rows:
        kinds_of.setdefault(_shown_row(r), set()).add(record_kind(r) if r["source"] == RECORD else r["kind"])
    return [len(kinds_of[_shown_row(r)]) > 1 for r in rows]


def _room(rows: list[dict]) -> float | None:
    """The end of a linear axis that leaves room for the text after each bar (its number, and its kind for
    the memo's), so that no text runs far out of the chart; ``None`` where the largest number leaves room."""
    need = []
    for r, plain_words in zip(rows, _said_kinds(rows)):
        end = r["value"] if r["value"] is not None else r["high"]
        if end is None or float(end) <= 0:
            continue
        free = WIDTH + OVERHANG - 11 - CHAR_WIDTH * len(_tag(r, plain_words))
        need.append(float(end) * WIDTH / max(free, WIDTH / 3))
    numbers = _numbers(rows)
    if not need or not numbers or max(need) <= max(numbers):
        return None
    return max(need)


AXIS_TICKS = 10
"""At most this many steps between 0 and the end of a bar chart's axis (:func:`axis_ticks`)."""


def axis_ticks(end: float, width: float, steps: int = AXIS_TICKS) -> list[float]:
    """Round ticks from 0 up to ``end`` on an axis ``width`` pixels long, at most ``steps`` of them (a step of 1, 2 or 5
    times a power of ten), leaving out a tick so near the end that its label (centred on it) would
    run past the frame (lesson 05's reader: "240,000,000" stuck out).

    >>> axis_ticks(250_000_000, 500)[-1]
    250000000
    >>> axis_ticks(245_000_000, 500)[-1]
    200000000
    """
    power = 10 ** math.floor(math.log10(end / steps))
    step = next(power * m for m in (1, 2, 5, 10) if power * m >= end / steps)
    ticks = [round(step * n, 10) for n in range(int(end / step + 1e-9) + 1)]
    ticks = [int(t) if float(t).is_integer() else t for t in ticks]
    return [t for t in ticks if t == end or (end - t) * width / end >= CHAR_WIDTH * len(fmt(t)) / 2 + 1]


def _nice_above(x: float) -> float:
    """The first round number (1, 2, 2.5 or 5 times a power of ten) at or above ``x``."""
    power = 10 ** math.floor(math.log10(x))
    return next(power * m for m in (1, 2, 2.5, 5, 10) if power * m >= x)


def _lone_room(rows: list[dict]) -> float:
    """The end of a lone measure's axis: a round number past :data:`LONE_ROOM` times its largest number, and
    past the end its text needs (:func:`_room`)."""
    return max(_nice_above(max(_numbers(rows)) * LONE_ROOM), _room(rows) or 0)


def _panel(table: Table, axis_title: str, title: str, of_record: bool,
           kinds: list[str], data_dir: DataDir, domain_max: float | None = None,
           share: bool = False, line: dict | None = None) -> alt.LayerChart:
    """Horizontal bars in the rows' order: one number as a bar from zero, a range as a bar from low to high.

    ``share``: the axis runs from 0
    to exactly ``domain_max`` (a share of a whole: 0-100 percent), and each number is written to the left of its
    mark, where the axis has room (its right end is the whole). ``line``: the memo's row whose number is drawn as a
    thin black line across the panel, so that each number stands plainly above or below it.
    """
    rows = plain(table)
    for r in rows:
        r["what"] = record_kind(r) if of_record else r["kind"]
        r["ceiling"] = (bool(UPPER_BOUND.search(f"{r.get('quote', '')} {r['label']}")) and r["value"] is not None
                        and r.get("times") is None)
        r["multiple"] = r.get("times") is not None
        r["shown"] = _shown_row(r)
    # The same number drawn as two kinds in one panel (lesson 03's reader: 12-15 'target' and 12-15 'forecast'):
    # each says its kind in plain words too ('target: planned', 'forecast: expected').
    for r, plain_words in zip(rows, _said_kinds(rows)):
        r["said_kind"] = kind_label(r["what"]) if plain_words else r["what"]
    labels = [r["label"] for r in rows]
    # labelFlush: the first and last labels end at the axis' ends, not past the frame (lesson 05's reader:
    # "1,000,000" and "240,000,000" stuck out)
    x_axis = alt.Axis(labelOverlap=True, labelSeparation=8, labelFlush=True)
    scale = (alt.Scale(domain=[0, domain_max], nice=False) if share and domain_max else
             alt.Scale(zero=True, domainMax=domain_max) if domain_max else alt.Scale(zero=True))
    if domain_max and not share:  # no tick whose label would run past the frame's right end
        x_axis = alt.Axis(labelOverlap=True, labelSeparation=8, labelFlush=True,
                          values=axis_ticks(domain_max, WIDTH))
        scale = alt.Scale(zero=True, domainMax=domain_max, nice=False)
    # Each row's label stands above its bar (one line, the plot's width), so that the plot has the chart's width.
    y = alt.Y("label:N", sort=labels, title=None, axis=None,
              scale=alt.Scale(type="band", paddingInner=0, paddingOuter=0))  # a band even for dots
    below = BAR / 2 + 1  # the mark's centre, this many pixels under the row's middle
    data_ = values(rows)  # one object for every layer, so that Altair writes the data once, on the layer chart
    base = alt.Chart(data_, title=title).encode(
        y=y,
        # The key names every colour, the memo's kinds and "other sources"; the text beside each of the memo's
        # numbers says its kind too (see ``tag`` below), so colour is never the only sign.
        color=alt.Color("what:N", scale=_what_scale(data_dir, kinds), title="What the number is",
                        legend=_key(kinds)),
        tooltip=_tooltip(of_record),
    )
    limit = base.transform_filter("datum.ceiling").mark_tick(thickness=4, size=BAR + 2, yOffset=below).encode(
        x=alt.X("value:Q", title=axis_title, scale=scale, axis=x_axis))
    # The memo's multiple ('two times more'), as the increase it states: a diamond with a black edge, its own mark.
    multiple = base.transform_filter("datum.multiple").mark_point(
        shape="diamond", filled=True, size=DIAMOND, opacity=1, stroke="#000000", strokeWidth=1.5,
        yOffset=below).encode(x=alt.X("value:Q", title=axis_title, scale=scale, axis=x_axis))
    base = base.transform_filter("!datum.ceiling && !datum.multiple")
    single = base.transform_filter("isValid(datum.value)")
    single = single.mark_bar(height=BAR, yOffset=below)
    single = single.encode(x=alt.X("value:Q", title=axis_title, scale=scale, axis=x_axis))
    # A range too narrow to see is drawn MIN_RANGE pixels wide about its middle.
    least = MIN_RANGE * (domain_max or max(_numbers(rows), default=1)) * 1.5 / WIDTH
    ranged = base.transform_filter("!isValid(datum.value) && isValid(datum.low)").transform_calculate(
        drawn_low=f"datum.high - datum.low >= {least} ? datum.low : (datum.low + datum.high - {least}) / 2",
        drawn_high=f"datum.high - datum.low >= {least} ? datum.high : (datum.low + datum.high + {least}) / 2",
    ).mark_bar(height=BAR, yOffset=below, opacity=1, stroke="#000000", strokeDash=[3, 2]).encode(
        x=alt.X("drawn_low:Q", title=axis_title, scale=scale, axis=x_axis), x2="drawn_high:Q")
    # Accessibility: what a number is (output, target, ...) is written beside it, not shown by colour alone.
    tag = "datum.shown + ' (' + datum.said_kind + ')'"  # as _tag
    # a share's range has its numbers on its left, where the axis has room; a share's single number, after its bar
    share = share and all(r["value"] is None for r in rows)
    end = (f"min(datum.low, (datum.low + datum.high - {least}) / 2)" if share
           else f"isValid(datum.value) ? datum.value : max(datum.high, (datum.low + datum.high + {least}) / 2)")
    text = alt.Chart(data_).encode(y=y, tooltip=_tooltip(of_record)).transform_filter(
        "isValid(datum.value) || isValid(datum.high)").transform_calculate(end=end, tag=tag).mark_text(
        align="right" if share else "left", dx=-4 if share else 11, yOffset=below).encode(
        x=alt.X("end:Q", title=axis_title, scale=scale, axis=x_axis), text="tag:N", color=alt.value("#000000"))
    name = alt.Chart(data_).encode(y=y, tooltip=_tooltip(of_record)).mark_text(
        align="left", baseline="bottom", x=0, yOffset=-1, limit=LABEL_LIMIT, fontSize=11.5, color="#000000",
    ).encode(text="label:N")
    # A row of words with no number ('even some of tens of thousands') says so where its mark would be.
    blank = alt.Chart(data_).encode(y=y, tooltip=_tooltip(of_record)).transform_filter(
        "!isValid(datum.value) && !isValid(datum.low) && !isValid(datum.high)").mark_text(
        align="left", x=4, yOffset=below, fontStyle="italic", color="#333333").encode(text=alt.value(NO_NUMBER))
    # Accessibility: a layer with no marks would be an unnamed graphics-symbol for screen readers.
    has_single = any(r["value"] is not None and not r["ceiling"] and not r["multiple"] for r in rows)
    has_range = any(r["value"] is None and r["low"] is not None and not r["ceiling"] for r in rows)
    layers = [*([single] if has_single else []), *([ranged] if has_range else []),
              *([limit] if any(r["ceiling"] for r in rows) else []),
              *([multiple] if any(r["multiple"] for r in rows) else []), text,
              *([blank] if any(_shown(r) == NO_NUMBER for r in rows) else []), name]
    if line is not None:
        memo_line = alt.Chart(values([{**line, "said": f"the memo: {fmt(line['value'])}"}])).encode(
            x=alt.X("value:Q", title=axis_title, scale=scale, axis=x_axis),
            tooltip=[alt.Tooltip("said:N", title="Line")])
        layers += [memo_line.mark_rule(color="#000000", strokeWidth=1.5),
                   memo_line.mark_text(align="left", baseline="top", dx=3, y=2, fontSize=10.5,
                                       color="#000000").encode(text="said:N")]
    return alt.layer(*layers).properties(width=WIDTH, height={"step": ROW_STEP})


PLAIN_KINDS = {"output": "made", "target": "planned", "forecast": "expected", "claim": "stated as fact",
               "rhetoric": "a figure of speech", USABLE: "steel fit for use", REVISED: "a claim lowered after a check",
               STATISTIC: "reported"}
"""What each kind of number means, in plain words, for the colour key ('target: planned')."""
COLOUR_KEY = "Colour: what kind of number"


def kind_label(kind: str) -> str:
    """A colour key entry: the kind, as the text beside each bar writes it, and what it means.

    >>> kind_label("target")
    'target: planned'
    """
    return f"{kind}: {PLAIN_KINDS[kind]}" if kind in PLAIN_KINDS else kind


def _key(kinds: list[str]) -> alt.Legend:
    """The colour key, above the marks (read before the bars, not found after them): square swatches drawn as the
    bars are (fully opaque, no outline), each kind with its meaning in plain words (:func:`kind_label`)."""
    shown = " : ".join(f"datum.label == '{k}' ? '{kind_label(k)}'" for k in dict.fromkeys(kinds))
    return alt.Legend(title=COLOUR_KEY, orient="top", direction="horizontal", columns=2,
                      labelLimit=260, symbolType="square", symbolOpacity=1, symbolStrokeWidth=0,
                      labelExpr=f"{shown} : datum.label" if shown else None)


def _describe(rows: list[dict]) -> str:
    return "; ".join(f"{r['label']}: {_shown_row(r)}" for r in rows)


def _subject(subjects: dict[str, str], rows: list[dict]) -> str:
    """The axis subject for a panel: looked up by the panel's unit, else by its series."""
    keys = [*(r["unit"] for r in rows), *(r["series"] for r in rows)]
    return next((subjects[k] for k in keys if k in subjects), next(iter(subjects.values())))


def _is_lone(rows: list[dict]) -> bool:
    """A measure with a single number, from other sources, and none of the memo's on its axis: drawn with room
    past it for a learner's own number, or, a share, on an axis from 0 to the whole (:data:`SHARE_UNITS`)."""
    return (len(rows) == 1 and rows[0]["source"] == RECORD
            and (rows[0]["value"] is not None or rows[0]["low"] is not None))


def _years_text(years: list[int]) -> str:
    """Years as words: '1958', '1958 and 1959', '1957, 1958 and 1959'."""
    shown = [str(y) for y in years]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def _measures(table: Table) -> list[tuple[str, list[dict], str | None]]:
    """The panels of a stated-vs-record chart: ``(unit, rows, apart)``, one axis each.

    Rows of one unit share a panel, except a row from other sources that matches none of the memo's figures
    (empty ``figures``) and is :data:`LOG_RATIO` or more times larger or smaller than every number the memo
    gives in that unit: it measures something else (a country's total beside a figure per commune), so it
    gets a panel of its own and ``apart`` is its label, which becomes its axis title.
    """
    out = []
    for unit in dict.fromkeys(table.column("unit")):
        in_unit = [r for r in table.rows if r["unit"] == unit]
        memo = [n for n in _numbers([r for r in in_unit if r["source"] == MEMO]) if n > 0]
        apart = []
        if memo:
            for row in (r for r in in_unit if r["source"] == RECORD):
                own = [n for n in _numbers([row]) if n > 0]
                linked = bool(str(row.get("figures", "") or "").strip())
                if not linked and own and (min(own) >= max(memo) * LOG_RATIO or max(own) * LOG_RATIO <= min(memo)):
                    apart.append(row)
        rest = [r for r in in_unit if not any(r is a for a in apart)]
        out += [(unit, group, None) for group in _split(rest)]
        out += [(unit, [a], str(a["label"])) for a in apart]
    return out


def _figure_ids(row: dict) -> set[str]:
    """The ids of the memo's figures other sources' row bears on (its ``figures``, ';'-separated)."""
    return {f.strip() for f in str(row.get("figures") or "").split(";") if f.strip()}


def _split(rows: list[dict]) -> list[list[dict]]:
    """Rows of one unit as the panels they are drawn in: all together, unless their numbers span
    :data:`LOG_RATIO` (700,000 collectives beside 20,000 communes): then one panel per figure the memo gives, with
    the other sources' rows that bear on it (``figures``), each on a linear axis of its own from 0, so that
    20,000 stands plainly below 23,397 (lesson 05's reader could not see it on a log scale). A row that bears on
    no figure drawn joins the panel whose numbers are nearest its own (by ratio); a row with no number, the last
    panel."""
    memo = [r for r in rows if r["source"] == MEMO and _numbers([r])]
    if len(memo) < 2 or not _far_apart(_numbers(rows)):
        return [rows]
    groups = [[m] for m in memo]
    for row in rows:
        if any(row is m for m in memo):
            continue
        linked = [g for g in groups if g[0]["id"] in _figure_ids(row)]
        own = [n for n in _numbers([row]) if n > 0]
        if linked:
            linked[0].append(row)
        elif own:
            min(groups, key=lambda g: abs(math.log(max(_numbers([g[0]])) / max(own)))).append(row)
        else:
            groups[-1].append(row)
    order = {id(r): n for n, r in enumerate(rows)}
    return [sorted(g, key=lambda r: order[id(r)]) for g in groups]


def _stated_chart(name: str, table: Table, subjects: dict[str, str], title: str, record: bool,
                  data_dir: DataDir, left_out: list[dict] | None = None,
                  years: list[int] | None = None) -> alt.VConcatChart:
    """Panels per unit (see :func:`_measures`): the memo's numbers, and below them (``record``) what other
    sources give.

    ``left_out``: the memo's rows of the same series not drawn (e.g. 'two times'), named in the description.
    ``years``: the years other sources' rows were chosen for, named in their panels' titles.
    """
    when = f" for {_years_text(years)}" if years else ""
    panels = []
    sentences = []
    units = list(dict.fromkeys(table.column("unit")))
    kinds = [record_kind(r) if r["source"] == RECORD else r["kind"] for r in table.rows]
    measures = _measures(table)
    split = [u for u in units if sum(unit == u and not apart for unit, _r, apart in measures) > 1]
    lines = []
    for unit, in_unit, apart in measures:
        lone = _is_lone(in_unit)
        share = lone and unit in SHARE_UNITS
        room = SHARE_MAX if share else _lone_room(in_unit) if lone else _room(in_unit)
        memo = [r for r in in_unit if r["source"] == MEMO]
        # a unit split into panels (:func:`_split`): each panel is named by the memo's figure it draws
        subject = apart or (str(memo[0]["label"])[:1].upper() + str(memo[0]["label"])[1:] if unit in split and memo
                            else _subject(subjects, in_unit))
        axis_title = f"{subject} ({unit})"
        # one number of the memo's beside other sources': drawn again as a line across their panel
        line = (plain(Table(table.columns, memo, table.kinds))[0]
                if unit in split and len(memo) == 1 and memo[0]["value"] is not None else None)
        # other sources' rows by year (stable: rows of one year keep the data's order)
        rec = sorted((r for r in in_unit if r["source"] == RECORD), key=lambda r: str(r.get("year") or "9999"))
        group = []
        if memo:
            ratio = "" if rec else _ratio(_numbers(memo))
            # A ratio goes in the description, never in the title, where it would answer the lesson's question.
            head = f"As the memo states it ({unit})"  # not "in the order it gives": rows keep the data's order
            group.append(_panel(Table(table.columns, memo, table.kinds), axis_title, head, False, kinds,
                                data_dir, room))
            sentences.append(f"As the memo states it, in {unit}: {_describe(memo)}" + (f"; {ratio}." if ratio else "."))
        if rec:
            head = (f"Other sources alone ({unit}): a share of the whole, 0 to {fmt(SHARE_MAX)}" if share else
                    f"Other sources alone ({unit}): the memo states no total" if lone else
                    f"What other sources give{when} ({unit})" if not apart else f"Other sources: {apart} ({unit})")
            group.append(_panel(Table(table.columns, rec, table.kinds), axis_title, head, True, kinds,
                                data_dir, room, share, line))
            if line is not None:
                lines.append(line)
                sentences.append(f"A thin black line across the other sources' panel marks the memo's "
                                 f"{fmt(line['value'])}, "
                                 "so that each of their numbers stands plainly above or below it.")
            said = "; ".join(f"{r['label']}: {_shown(r)}, {record_kind(r)} ({r['basis']})" for r in rec)
            if apart:
                sentences.append(f"On an axis of its own, because it measures something else than the memo's "
                                 f"numbers in {unit} and is many times larger: {said}.")
            if share:
                sentences.append(f"The memo gives no such number; other sources give, as a share of the whole on an "
                                 f"axis from 0 to {fmt(SHARE_MAX)} {unit}: {said}.")
            elif lone:
                sentences.append(f"The memo states no total; the axis runs on to {fmt(room)} {unit}, so that "
                                 "a total worked out from its numbers can be compared with it.")
            else:
                sentences.append(f"What other sources give{when}, in {unit}: {said}.")
        if group:
            panels.append(alt.vconcat(*group).resolve_scale(x="shared") if len(group) > 1 else group[0])
    intro = (f"Horizontal bars, one per number: {title.rstrip('.?!')}. A single number is a bar from zero; "
             "a range is a bar with a dashed outline from its low to its high end; a ceiling ('not more than') is a short "
             "line at the limit, not a bar. ")
    if len(units) > 1:
        intro += "Numbers in different units are drawn in separate panels. "
    if split:
        intro += (f"Numbers in {' and '.join(split)} far apart in size are drawn in separate panels, one for each of "
                  "the memo's figures with what other sources give for it, each on a linear axis of its own from 0. ")
    blank = [r for r in table.rows if r["value"] is None and r["low"] is None]
    if blank:
        sentences.append("Not drawn, because no number is given: "
                         + "; ".join(f"'{r['quote'] or r['label']}'" for r in blank) + ".")
    if left_out:
        sentences.append("Not drawn, because they are not amounts but words about the amounts: "
                         + "; ".join(f"'{r['quote']}' ({r['paragraph']})" for r in left_out) + ".")
    drawn = [r for r in table.rows if r["value"] is not None or r["low"] is not None]
    ceilings = [bool(UPPER_BOUND.search(f"{r['quote']} {r['label']}")) and r.get("times") is None for r in drawn]
    single = [r for r in drawn if r["value"] is not None and r.get("times") is None]
    others = [k for k, present in (
        ("dashed outline: a range, from low to high", any(r["value"] is None for r in drawn)),
        ("short thick line: an upper limit ('not more than')", any(ceilings)),
        ("diamond: the memo's 'two times more', as the increase it states (+100 percent)",
         any(r.get("times") is not None for r in drawn)),
        ("thin black line: the memo's number, drawn again across the other sources' panel", bool(lines))) if present]
    solid = ["solid bar: a single number"] if others and len(single) > sum(ceilings) else []  # alone, it needs no key
    subtitle = key_lines(solid + others)
    chart = alt.vconcat(*panels, title=alt.Title(title, subtitle=subtitle, subtitleColor="#333333"),
                        description=intro + " ".join(sentences), usermeta=meta(name))
    return chart.resolve_scale(x="independent").resolve_legend(color="shared")


KEY_CHARS = 84
"""Characters per line of a stated-vs-record chart's key of shapes (its subtitle), within the plot's width."""


def key_lines(parts: list[str]) -> list[str]:
    """The key of shapes under a chart's title: what each shape drawn means, joined by '; ', broken
    into lines of at most :data:`KEY_CHARS` characters between entries, never inside one.

    >>> key_lines(["solid bar: a single number", "dashed outline: a range, from low to high"])
    ['Solid bar: a single number; dashed outline: a range, from low to high.']
    """
    lines: list[str] = []
    for n, part in enumerate(parts):
        last = n == len(parts) - 1
        piece = part + ("." if last else ";")
        if lines and len(lines[-1]) + 1 + len(piece) <= KEY_CHARS:
            lines[-1] += " " + piece
        else:
            lines.append(piece if lines else piece[:1].upper() + piece[1:])
    return lines


@with_numbers(figures.steel_numbers)
def steel_chart(record: bool = False, data_dir: DataDir = None, years: list[int] | None = None,
                ids: list[str] | None = None) -> alt.VConcatChart:
    """The steel ladder: each figure the memo gives, in its order; with ``record=True`` the record below it.

    ``years``: other sources' rows (``data/record.csv``) only for these years, e.g. ``[1958]``; the memo's
    figures are all drawn whatever the years. A year with no rows is a :class:`~helpers.data.DataError`.
    ``ids``: only the rows with these ids, of ``data/figures.csv`` (the memo's) and of ``data/record.csv``
    (other sources'); a side none of whose ids is named is drawn whole (see :func:`helpers.figures.record_ids`).
    """
    table = figures.steel_numbers(record, data_dir, years, ids)
    years = figures.record_years(years, ["steel"], data_dir)
    forecasts = any(r["kind"] == "forecast" for r in table.rows if r["source"] == MEMO)
    title = ("Steel: the memo's targets and forecasts" if forecasts else "Steel: the memo's ladder of targets") + (
        " beside what other sources give" if record else "")
    unit = figures.steel_unit(data_dir)
    left_out = [r for r in figures.memo_rows(["steel"], None, data_dir) if r["unit"] != unit]
    return _stated_chart("steel", table, {"steel": "Steel"}, title, record, data_dir, left_out, years)


@with_numbers(figures.harvest_numbers)
def harvest_chart(record: bool = False, data_dir: DataDir = None, years: list[int] | None = None,
                  ids: list[str] | None = None) -> alt.VConcatChart:
    """The harvest as the memo states it (a range for the year before, 155 for 1958) and the percent ladder.

    ``years``, ``ids``: other sources' rows only for these years, only these rows (see :func:`steel_chart`).
    """
    table = figures.harvest_numbers(record, data_dir, years, ids)
    years = figures.record_years(years, figures.HARVEST, data_dir)
    title = "The harvest: what the memo says" + (" beside what other sources give" if record else "")
    subjects = {"harvest": "Harvest", "harvest-increase": "Increase on the year before"}
    units = figures.harvest_units(data_dir)
    words = [r for r in figures.memo_rows(figures.HARVEST, None, data_dir) if r["unit"] not in units]
    # The memo's 'two times more' is drawn where the percentages are, as the increase it states (+100), first in
    # the memo's order there as it is in p42 (lesson 04 asks where Mao's private doubling would stand).
    percent = [r for r in table.rows if r["unit"] == "percent" and r["source"] == MEMO]
    doubled = _as_increase(words, percent[0]["series"]) if percent else []
    left_out = [r for r in words if not any(d["id"] == r["id"] for d in doubled)]
    if doubled:
        at = table.rows.index(percent[0])
        table = Table(table.columns, [*table.rows[:at], *doubled, *table.rows[at:]], table.kinds)
    return _stated_chart("harvest", table, subjects, title, record, data_dir, left_out, years)


@with_numbers(figures.communes_numbers)
def communes_chart(record: bool = False, data_dir: DataDir = None, years: list[int] | None = None,
                   ids: list[str] | None = None) -> alt.VConcatChart:
    """From collectives to communes: units and households in separate panels, each on a linear axis from 0 (the
    collectives and the communes, far apart in size, each in panels of their own).

    ``years``, ``ids``: other sources' rows only for these years, only these rows (see :func:`steel_chart`).
    """
    table = figures.communes_numbers(record, data_dir, years, ids)
    years = figures.record_years(years, ["communes"], data_dir)
    title = "People's communes: the numbers Mao gives" + (" and what other sources give" if record else "")
    collectives = any(re.search(r"collective|cooperative", str(r["label"]), flags=re.I)
                      for r in table.rows if r["unit"] == "units")
    subjects = {"households": "Households in one commune", "percent": "Share of rural households in communes",
                "communes": "Collectives and communes" if collectives else "Communes"}
    return _stated_chart("communes", table, subjects, title, record, data_dir, years=years)


@with_numbers(figures.catch_up_numbers)
def catch_up_chart(data_dir: DataDir = None) -> alt.VConcatChart:
    """Years to overtake England: the earlier slogan and the new estimates, ranges as bars from low to high."""
    table = figures.catch_up_numbers(data_dir)
    return _stated_chart("catch_up", table, {"catch-up": "Time to catch up with England"},
                         "Catching up with England: how many years?", False, data_dir)
