"""The timeline chart: the memo's events on one time axis, with an overview, a detail and the clicked event.

Its numbers (:func:`helpers.render.with_numbers`) are :func:`helpers.timeline.timeline_numbers`. No pandas.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import textwrap
from pathlib import Path

import altair as alt

from . import data, timeline
from .chart_parts import VIOLET, colours, dodge, dodge_offset, legend, meta, values
from .render import with_numbers

DataDir = Path | str | None
TIMELINE_SHAPES = {"tied to a paragraph of the memo": "diamond", "context (tied to no paragraph)": "circle"}
"""The timeline's marks: an event tied to a paragraph of the memo (its ``paragraphs`` field) is a diamond, one
tied to none (context) a circle. Tied is not named: the famine is tied to the harvest paragraphs it followed."""
MEMO_TIED, MEMO_CONTEXT = TIMELINE_SHAPES
TIMELINE_WIDTH = 400
"""Plot width of the timeline's panels; with the category labels it fits a 580-pixel output area."""
OVERVIEW_YEARS = 14
"""The overview draws at most this many years up to the last event's; earlier events are named in a note under
the title, so that a few far-off events (1871) do not crush all the others against the right edge."""
PROMPT = "Click a mark in the detail above to read about its event here."
"""The one line the clicked-event panel shows before any click (the panel is one line high until then)."""
PANEL_LINE = 16
"""Height in pixels of the clicked-event panel: one line. A clicked event's card runs on below it, and the key
moves down to make room (Vega lays the panels out by what they draw), so no empty box waits for a click."""
SUBTITLE_LINES = 2
"""At most this many lines under the timeline's title; everything else it could say is in the description."""
CONTINUES = "\u25b8 to "
"""Written over the right end of a lasting event's bar, inside the detail, where it runs on past the period shown
('▸ to 1961'), so that its bar reads as going on, not as cut off."""


DETAIL_SIZE = 140
"""Area in square pixels of an event's mark in the detail (about 12 pixels across)."""
MARK_REACH = math.sqrt(DETAIL_SIZE / 2) + 2
"""Pixels from a detail mark's centre to just past its tip (a diamond's half-diagonal): where a leader starts."""
OVERVIEW_SIZE = 90
"""Area in square pixels of an event's mark in the overview (about 9 pixels across; 40 was too small to see)."""
DETAIL_LANE = 40
"""Height in pixels of one category's lane in the detail (at least :data:`DETAIL_MIN` in all): room for marks close
in date to be dodged (two ranks either way) without leaving their lane."""
DETAIL_MIN = 240
OVERVIEW_LANE = 26
"""Height in pixels of one category's lane in the overview (at least :data:`OVERVIEW_MIN` in all), so that marks
close in date, dodged, stay inside their lane."""
OVERVIEW_MIN = 70
CLEAR = 3
"""Pixels of white a dodge leaves between two marks close in date (marks are dodged when their centres are
closer than a mark's width and this)."""
MOST_STEP = 12
"""The furthest a dodged mark moves per rank, in pixels (less where its lane is too low for it)."""
SKY_BLUE = "#56B4E9"
"""Okabe-Ito's sky blue: beside its blue (Taiwan Strait) the reader of lesson 01 could not tell the two apart, and
at 2.3:1 on white it is too faint for a small mark. The timeline uses :data:`~helpers.chart_parts.VIOLET` instead."""


BAR_HEIGHT = 12
"""Height in pixels of a lasting event's bar in the detail."""
LABEL_FONT = 10
"""Font size in pixels of the titles written beside labelled events (``labels=``)."""
LABEL_LINE = 12
"""Height in pixels of one line of such a title."""
LABEL_CHARS = 24
"""Characters per line of such a title; a longer one runs on to more lines (broken between words)."""
CHAR_PX = 6.0
"""The width in pixels taken, at most on average, by one character of such a title (10-pixel sans-serif text
averages under 6; the browser test measures the titles as drawn)."""
LABEL_GAP = 9
"""Pixels between a mark's centre and its title (a mark is about 12 pixels across)."""
LABELLED_STEP = 2 * LABEL_LINE + 4
"""Pixels per rank between dodged marks in a detail that names its events (``labels=``): a two-line title's
height and a gap, so that each title can stand beside its own mark, on its line (lesson 02's reader could not
match the titles of 14, 15 and 17 July 1958 to three diamonds 12 pixels apart)."""
GROW_STEPS = 8
"""At most this many times the detail's lanes grow by half a title's line to hold their titles (place_labels)."""
NAME_ALL = 8
"""A detail that names some of its events (``labels=``) and opens on this many events or fewer names them all: one
mark left unnamed among named ones read as a label gone missing (lesson 02's September diamond)."""


def short_title(title: str) -> str:
    """An event's title up to its first colon or bracket ('Suez crisis: Israel invades...' -> 'Suez crisis'),
    verbatim, as written beside its mark.

    >>> short_title("PLA begins shelling Jinmen (Quemoy)")
    'PLA begins shelling Jinmen'
    """
    return re.split(r":\s|\s\(", title, maxsplit=1)[0].strip()


def _overlap(a: tuple, b: tuple, pad: float = 2) -> bool:
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


LABEL_WRAPS = (LABEL_CHARS, 32, 40, 18, 13)
"""Characters per line tried for a title, in this order, at each place: the usual width, then fewer lines (a
three-line title crowded the next lane in lesson 01), then narrower (a title right of a mark near the detail's
right edge, lesson 02's 6 October)."""
LANE_PAD = 2
"""Pixels a title keeps from the edges of its own lane."""
BAR_MIN = 0.03
"""A lasting event's bar is drawn in the detail only where at least this share of the detail's width of it is
inside the period shown: a bar that began in the few days of margin past the period's end was a clipped sliver
under '▸ to Nov' (lesson 01)."""


def _distance(a: tuple, b: tuple) -> float:
    """Pixels between two boxes (0 where they touch or overlap)."""
    dx = max(b[0] - a[2], a[0] - b[2], 0)
    dy = max(b[1] - a[3], a[1] - b[3], 0)
    return math.hypot(dx, dy)


LEAD_MIN = 8
"""Pixels a leader must run at least to tie a title to its mark: a shorter one was a dot no reader saw (lesson 02's
6 October). A title nearer another mark than its own is set only where such a leader reaches it."""


def _leader(box: tuple, y: float, x: float, side: str, bar: bool) -> tuple | None:
    """The leader of a title in ``box`` beside the mark whose middle is ``y`` at ``x`` pixels: a vertical line,
    at ``x``, from just past the mark's edge to the middle of the title's nearest line (the title starts
    LABEL_GAP beside it), as a box; None where the title is level with its mark, or stands over or under a bar
    from its start (touching it)."""
    near = min(max(y, box[1] + LABEL_LINE / 2), box[3] - LABEL_LINE / 2)
    reach = BAR_HEIGHT / 2 + 2 if bar else MARK_REACH
    if side == "start" or abs(near - y) <= max(LABEL_LINE / 2, reach):  # from the mark's edge, never over it
        return None
    start = y + math.copysign(reach, near - y)
    return (x - 0.5, min(start, near), x + 0.5, max(start, near))


def place_labels(rows: list[dict], ids: list[str], first: dt.date, last: dt.date, lanes: list[str],
                 height: float, width: float = TIMELINE_WIDTH, rule: dt.date | None = None) -> dict[str, dict]:
    """Where each labelled event's title goes in the detail as it opens (``first`` to ``last``, ``width`` by
    ``height`` pixels, one lane per category in ``lanes``, the dashed line of the conversation at ``rule``): for
    each id, its ``text`` (:func:`short_title` on lines of one of :data:`LABEL_WRAPS`), its ``side`` ("right" or
    "left" of the mark, or, for a bar, "start": over or under it from its start), ``at`` (the field whose date it stands beside: ``from``, or ``until`` for a bar's end),
    ``dy``, pixels from its lane's middle to the middle of the title's first line (Vega writes the other lines
    under it), ``box`` (left, top, right, bottom in pixels) and ``fits`` (whether the rules below held); where
    the title stands above or below its mark, ``lead``: pixels from the lane's middle to the mark's edge and to
    the title's nearest line, the ends of the leader line drawn between them.

    Titles are placed in date order, each at the first place, from beside its mark outwards, that stays inside
    its own lane (lesson 01's Beidaihe title hung in the next lane), clear of every title placed before, of every
    mark and bar and of the dashed line, and nearer its own mark than any other mark (lesson 02's reader matched
    the 6 October title to the Warsaw diamond above it). Where no place keeps those rules, ``fits`` is False
    and the title takes the first place clear of other titles (:func:`timeline_chart` then makes the lanes
    higher). ``rows``: the chart's events, with ``from``, ``until``, ``end``, ``category``, ``nudge``.
    """
    days = max((last - first).days, 1)

    def px(iso: str) -> float:
        return (dt.date.fromisoformat(str(iso)[:10]) - first).days / days * width

    lane = height / max(len(lanes), 1)
    centre = {c: (n + 0.5) * lane for n, c in enumerate(lanes)}
    half = DETAIL_SIZE ** 0.5 / 2
    marks: dict[str, tuple] = {}
    for r in rows:
        if r["category"] not in centre:
            continue
        x, y = px(r["from"]), centre[r["category"]] + r.get("nudge", 0)
        if r["end"]:
            x0, x1 = max(x, 0), min(px(r["until"]), width)
            if x1 - x0 >= BAR_MIN * width:  # a sliver is not drawn (see BAR_MIN)
                marks[r["id"]] = (x0, y - BAR_HEIGHT / 2, x1, y + BAR_HEIGHT / 2)
        else:
            marks[r["id"]] = (x - half, y - half, x + half, y + half)
    bars = {r["id"] for r in rows if r["end"]}
    walls = [(px(rule.isoformat()) - 1.5, 0, px(rule.isoformat()) + 1.5, height)] if rule else []
    placed: dict[str, dict] = {}
    boxes: list[tuple] = []
    for r in sorted((r for r in rows if r["id"] in ids), key=lambda r: (r["from"], r["id"])):
        title = short_title(r["title"])
        text = "\n".join(textwrap.wrap(title, LABEL_CHARS, break_long_words=False))
        where = {"text": text, "side": "right", "at": "from", "dy": r.get("nudge", 0), "fits": False}
        own = marks.get(r["id"])
        if own is None or r["category"] not in centre:
            placed[r["id"]] = where
            continue
        y = centre[r["category"]] + r.get("nudge", 0)
        top, bottom = centre[r["category"]] - lane / 2 + LANE_PAD, centre[r["category"]] + lane / 2 - LANE_PAD
        anchors = {"right": (own[2] + (0 if r["end"] else -half), "until" if r["end"] else "from"),
                   "left": (own[0] + (0 if r["end"] else half), "from")}
        if r["end"]:  # a bar's title may also stand over or under it, from its start
            anchors["start"] = (own[0], "from")
        steps = [0] + [k * sign * LABEL_LINE / 2 for k in range(1, int(2 * lane / LABEL_LINE) + 2) for sign in (-1, 1)]
        others = [m for i, m in marks.items() if i != r["id"]]
        # how near a title is to a mark, as a reader judges it: to a bar's extent, to a diamond's centre
        spots_of = {i: m if i in bars else ((m[0] + m[2]) / 2, (m[1] + m[3]) / 2) * 2 for i, m in marks.items()}
        own_spot = spots_of[r["id"]]
        other_spots = [m for i, m in spots_of.items() if i != r["id"]]

        def spots():
            for dy in steps:
                for chars in LABEL_WRAPS:
                    lines = textwrap.wrap(title, chars, break_long_words=False)
                    for side in anchors:
                        if side != "start" or abs(dy) * 2 >= BAR_HEIGHT + len(lines) * LABEL_LINE:
                            yield dy, lines, side

        found = None
        for strict in (True, "line", False):  # "line": the title may cross the dashed line, all else holds
            for dy, lines, side in spots():
                w, h = max(map(len, lines)) * CHAR_PX, len(lines) * LABEL_LINE
                x = anchors[side][0]
                x0 = {"right": x + LABEL_GAP, "left": x - LABEL_GAP - w, "start": x}[side]
                box = (x0, y + dy - h / 2, x0 + w, y + dy + h / 2)
                if box[0] < 0 or box[2] > width or box[1] < 0 or box[3] > height:
                    continue
                if any(_overlap(box, b) for b in boxes):
                    continue
                if strict:
                    if box[1] < top or box[3] > bottom:
                        continue
                    if any(_overlap(box, m, 0) for m in [own, *others, *(walls if strict is True else [])]):
                        continue
                    # a title nearer another mark than its own is tied to its own by a leader that reaches it,
                    # or not set there; a leader (see below) crosses no other mark
                    leader = _leader(box, y, x, side, r["end"] != "")
                    if leader and any(_overlap(leader, m, 0) for m in others):
                        continue
                    mine = leader if leader and leader[3] - leader[1] >= LEAD_MIN else own_spot
                    near = _distance(box, mine)
                    if any(_distance(box, m) <= near + 2 for m in other_spots):
                        continue
                found = (side, lines, box, strict)
                break
            if found:
                break
        if found:
            side, lines, box, strict = found
            boxes.append(box)
            # Vega sets a title's first line on ``dy`` (baseline middle), the others under it
            where = {"text": "\n".join(lines), "side": side, "at": anchors[side][1],
                     "dy": box[1] + LABEL_LINE / 2 - centre[r["category"]], "box": box, "fits": bool(strict)}
            leader = _leader(box, y, anchors[side][0], side, r["end"] != "")
            if leader:
                start, end = (leader[1], leader[3]) if leader[1] < box[1] else (leader[3], leader[1])
                where["lead"] = (start - centre[r["category"]], end - centre[r["category"]])
        placed[r["id"]] = where
    return placed


def timeline_colours(n: int) -> list[str]:
    """``n`` colours for the timeline's categories: Okabe-Ito (:func:`~helpers.chart_parts.colours`) with its sky
    blue replaced by :data:`~helpers.chart_parts.VIOLET`, far from the blue and from every other colour, in
    normal vision and in each common colour blindness."""
    return [VIOLET if c == SKY_BLUE else c for c in colours(n)]


LAYOUT_FIELDS = ("nudge", "nudge_o")
"""The fields the timeline adds to each event for drawing only: pixels its mark moves across its lane in the
detail and in the overview (see :func:`lane_offsets`). No number of the data."""


def lane_ranks(rows: list[dict], near_days: float) -> list[int]:
    """For each event (``category`` and ``from``, an ISO date), its rank among the events of its category fewer
    than ``near_days`` apart (:func:`~helpers.chart_parts.dodge`): 0 for an event with no near neighbour."""
    out = [0] * len(rows)
    for category in dict.fromkeys(r["category"] for r in rows):
        mine = [i for i, r in enumerate(rows) if r["category"] == category]
        days = [dt.date.fromisoformat(str(rows[i]["from"])[:10]).toordinal() for i in mine]
        for i, rank in zip(mine, dodge(days, near_days)):
            out[i] = rank
    return out


def lane_offsets(rows: list[dict], near_days: float, step: float) -> list[float]:
    """How many pixels to move each event's mark up (negative) or down in its category's lane, so that events
    of one lane fewer than ``near_days`` apart do not hide each other: its rank (:func:`lane_ranks`) times
    ``step``, alternately up and down; an event with no near neighbour stays on the lane's line (0)."""
    return [float(dodge_offset(rank, step)) for rank in lane_ranks(rows, near_days)]


def dodge_step(lane: float, mark: float, ranks: int, most: float = MOST_STEP) -> float:
    """Pixels per rank for dodged marks in a lane ``lane`` pixels high, for marks ``mark`` pixels across and
    ranks up to ``ranks``: ``most`` at most (:data:`MOST_STEP`, or :data:`LABELLED_STEP` where titles stand
    beside the marks), and never so far that a mark leaves its lane."""
    furthest = (ranks + 1) // 2
    return min(most, (lane / 2 - mark / 2) / furthest) if furthest else most


def _across(field: str, lane: float) -> alt.YOffset:
    """A mark's offset across its lane, ``field`` in pixels from the lane's middle: Vega-Lite spreads an offset's
    domain over the lane's band, so a domain of half a lane either way puts 0 in the middle."""
    return alt.YOffset(f"{field}:Q", scale=alt.Scale(domain=[-lane / 2, lane / 2]), title=None)


def _year_step(years: int) -> int:
    """Years between the overview's labelled ticks: about eight labels at most, on 1, 2, 5 or 10 years."""
    return next((step for step in (1, 2, 5, 10) if years / step <= 8), 10 * (years // 80 + 1))


MONTHS_UP_TO = 2
"""A time axis that spans this many years or fewer labels every month (a year's detail labelled only 'Jan / May /
Sep 1958' left nothing to count weeks by); a longer one labels years (the overview) or months and years."""
YEARS_ONLY = 8
"""A detail that opens on more than this many years labels years alone ('1940', not 'Jan 1940', which ran into each
other over the explorer's every year)."""
EDGE_DAYS = 10
"""Days of margin, per year shown, on either side of the period the detail opens on, so that a mark on the
period's first or last day is drawn whole, not cut in half at the edge."""


DetailBound = timeline.DetailBound


def detail_period(low: DetailBound, high: DetailBound) -> tuple[dt.date, dt.date]:
    """The first and last day the detail opens on, from ``low`` to ``high`` (years, or months ``"1958-07"``):
    the first day of ``low``'s period to the last of ``high``'s, widened on either side by :data:`EDGE_DAYS`
    per year shown (at least two days), so that a mark on the period's first or last day is drawn whole.

    >>> detail_period(1958, 1958)
    (datetime.date(1957, 12, 22), datetime.date(1959, 1, 10))
    >>> detail_period("1958-07", "1958-10")
    (datetime.date(1958, 6, 28), datetime.date(1958, 11, 3))
    """
    first, _ = timeline.period(str(low))
    _, after = timeline.period(str(high))
    last = after - dt.timedelta(days=1)
    margin = dt.timedelta(days=max(2, round(EDGE_DAYS * ((last - first).days + 1) / 365)))
    return first - margin, last + margin


def _detail_year(bound: DetailBound) -> int:
    return int(str(bound)[:4])


def _month_axis(years: int, title: str) -> alt.X | dict:
    """Axis settings that label every month, for a span of ``years`` (at most :data:`MONTHS_UP_TO`): the month's
    name, and under January (and the first label) its year; set upright for one year, turned for two."""
    first = "(month(datum.value) == 0 || datum.index == 0)"
    if years <= 1:
        expr = (f"{first} ? [timeFormat(datum.value, '%b'), timeFormat(datum.value, '%Y')] "
                ": timeFormat(datum.value, '%b')")
        angle = 0
    else:
        expr = f"{first} ? timeFormat(datum.value, '%b %Y') : timeFormat(datum.value, '%b')"
        angle = -90
    return dict(title=title, labelExpr=expr, labelAngle=angle, labelOverlap=True,
                tickCount={"interval": "month", "step": 1}, **({"labelAlign": "right", "labelBaseline": "middle"}
                                                               if angle else {}))


WEEKS_UP_TO = 160
"""A detail that opens on this many days or fewer has a tick every week, labelled with its day of the month
(lesson 01's reader could not count "how many days" on a July-October detail that marked months only)."""


def _week_axis(title: str) -> dict:
    """Axis settings with a tick (and grid line) every week, each labelled with its day of the month; under the
    first tick of each month its name, with the year under the first month named and under January ('6' over
    'Jul 1958'). Every label is drawn (Vega's overlap rule hid every other week behind the months' names)."""
    month = "utcdate(datum.value) <= 7"
    year = "(datum.index < 0.15 || utcmonth(datum.value) == 0)"  # datum.index: 0 to 1 along the axis
    expr = (f"{month} ? [utcFormat(datum.value, '%-d'), utcFormat(datum.value, {year} ? '%b %Y' : '%b')] "
            ": utcFormat(datum.value, '%-d')")
    return dict(title=title, labelExpr=expr, labelAngle=0, labelOverlap=False,
                tickCount={"interval": "week", "step": 1})


def _year(row: dict) -> int:
    return int(str(row["from"])[:4])


def _counts(items: list[str]) -> dict[str, int]:
    """How often each item occurs, most frequent first; items as often as each other in the order they first come.

    (pandas' ``value_counts``, used before, left such ties in an order that depended on the processor's sorting
    instructions; this order is the same on every machine.)
    """
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def _month_words(end: str) -> str:
    """How '▸ to …' names an end in the same year as the period shown: its month ('Nov'), or its year if the data
    gives no month. Short, so that the words fit beside the detail at 1024 px; the full date is in the tooltip."""
    if len(end) < 7:
        return end[:4]
    return ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")[int(end[5:7]) - 1]


@with_numbers(timeline.timeline_numbers)
def timeline_chart(categories: list[str] | None = None, start=None, end=None,
                   data_dir: DataDir = None, detail: tuple[DetailBound, DetailBound] | None = None,
                   labels: list[str] | None = None) -> alt.VConcatChart:
    """Events on one time axis: an overview with a brush, a detail view, and a panel for the clicked event.

    ``categories`` (values of ``category`` in data/events.csv; an unknown one is a DataError that lists the
    valid ones), ``start`` and ``end`` (a year, ``"YYYY-MM[-DD]"`` or a date) choose the events; ``detail`` is
    the pair of years or months the detail view opens on (``(1958, 1959)``, ``("1958-07", "1958-10")``;
    1956-1960 unless given; see :func:`detail_period`), and the overview always spans at least those years.
    ``labels``: ids of events (data/events.csv) whose short titles are written beside their marks in the detail,
    placed so that no two overlap and none runs past the detail's edge (:func:`place_labels`); an unknown id is
    a DataError. A lasting event is a bar, without a mark at its start. Drag on the overview to choose
    another period; click an event in the detail to read its description, sources and memo paragraphs below
    (one line of hint until then). A lasting event that runs on past the period shown is marked '▸ to <end>'.
    """
    table = timeline.timeline_numbers(categories, start, end, data_dir)
    rows = table.rows
    named = timeline.label_ids(labels, data_dir)
    chart_rows = [{**{k: v for k, v in r.items() if k != "in_memo"},
                   "memo": MEMO_TIED if r["in_memo"] else MEMO_CONTEXT,
                   "end_year": r["end"][:4], "end_month": _month_words(r["end"])} for r in rows]
    shown = {r["category"] for r in rows}
    all_categories = data.allowed_values("events", "category", data_dir) or sorted(shown)
    # The keys name only what is drawn: a shape no event has is not in the key, and the colour key shows the
    # marks' own shape where every mark has one shape (a plain square swatch where diamonds and circles mix).
    marks = {m: s for m, s in TIMELINE_SHAPES.items() if m in {r["memo"] for r in chart_rows}} or dict(TIMELINE_SHAPES)
    present = [c for c in all_categories if c in shown] or all_categories
    palette = dict(zip(all_categories, timeline_colours(len(all_categories))))
    # Every category drawn is a lane named on the left (the y axis), so a colour key would only repeat the lanes'
    # names (lesson 01's reader): there is none; colour doubles the lane, for the eye.
    colour = alt.Color("category:N", scale=alt.Scale(domain=present, range=[palette[c] for c in present]),
                       legend=None)
    # A shape key with one entry says nothing (every mark has that shape): it is left out, and the colour key
    # shows that shape; the title's note says what it means.
    shape = alt.Shape("memo:N", scale=alt.Scale(domain=list(marks), range=list(marks.values())),
                      legend=legend("Shape: the memo", 1) if len(marks) > 1 else None)
    tips = [alt.Tooltip("title:N", title="Event"), alt.Tooltip("when:N", title="When"),
            alt.Tooltip("category:N", title="Category"), alt.Tooltip("description:N", title="What"),
            alt.Tooltip("paragraphs:N", title="Memo paragraphs"), alt.Tooltip("citation:N", title="Source(s)")]
    conversation = timeline.conversation_date(data_dir)
    day = conversation.isoformat()
    low_bound, high_bound = timeline.detail_bounds(detail) if detail else timeline.DETAIL_YEARS
    low, high = _detail_year(low_bound), _detail_year(high_bound)
    brush = alt.selection_interval(name="period", encodings=["x"], value={
        "x": [alt.DateTime(year=d.year, month=d.month, date=d.day, utc=True)
              for d in detail_period(low_bound, high_bound)]})
    # A click on an event's mark picks it; so does a click on a lasting event's bar or on a title written beside
    # a mark: Vega-Lite's point selection takes the id of whatever is clicked in the detail.
    pick = alt.selection_point(name="event", fields=["id"], on="click", clear="dblclick", empty=False)
    # no padding between lanes: a lane is its whole share of the panel's height, and a mark's dodge (in pixels
    # from the lane's middle, see _across) is drawn to scale
    y = alt.Y("category:N", title=None, sort=all_categories, axis=alt.Axis(labelLimit=150),
              scale=alt.Scale(paddingInner=0, paddingOuter=0))
    rule = alt.Chart(values([{"from": day, "what": f"this conversation, {timeline.spoken(day)}"}])).mark_rule(
        color="#000000", strokeDash=[4, 3], strokeWidth=1.5).encode(
        x="from:T", tooltip=[alt.Tooltip("what:N", title="Marked")])

    base = alt.Chart(values(chart_rows))
    last = max((_year(r) for r in rows), default=high)
    first_drawn = min((_year(r) for r in rows if _year(r) > last - OVERVIEW_YEARS), default=last)
    # a detail asked for before the drawn years (the explorer's "every year") keeps the whole span in the overview
    earlier = [r for r in rows if _year(r) < first_drawn] if low >= first_drawn else []
    first_year = first_drawn if earlier else min([*(_year(r) for r in rows), low])
    last_year = max(last, high)
    if earlier:
        # half a year's margin before the first drawn year, so that an event on its 1 January is not cut in half
        o_scale = alt.Scale(type="utc", domain=[alt.DateTime(year=first_drawn - 1, month=7, date=1, utc=True),
                                                alt.DateTime(year=last_year, month=12, date=31, utc=True)])
    else:
        # never narrower than the period the detail opens on: the whole of its years, and every event drawn
        dates = [r["from"] for r in rows]
        o_scale = alt.Scale(type="utc", padding=6, domain=[
            min([f"{first_year}-01-01", *dates])[:10], max([f"{last_year}-12-31", *dates])[:10]])
    if earlier:
        o_days = (dt.date(last_year, 12, 31) - dt.date(first_drawn - 1, 7, 1)).days
    else:
        o_days = (dt.date.fromisoformat(max([f"{last_year}-12-31", *dates])[:10])
                  - dt.date.fromisoformat(min([f"{first_year}-01-01", *dates])[:10])).days
    # Marks of one lane close in date are dodged across the lane (in each panel at its own scale), so that each
    # is seen and can be clicked: the toasts of a crowded August are not one blob.
    lanes = max(len(shown), 1)
    o_height = max(OVERVIEW_MIN, OVERVIEW_LANE * lanes)
    d_height = max(DETAIL_MIN, DETAIL_LANE * lanes)
    d_first, d_last = detail_period(low_bound, high_bound)
    if named:
        opened = [r["id"] for r in chart_rows
                  if d_first.isoformat() <= str(r["from"])[:10] <= d_last.isoformat() and not r["end"]]
        if len(opened) <= NAME_ALL:
            named = list(dict.fromkeys([*named, *opened]))
    lane_names = [c for c in all_categories if c in shown]

    def dodge_rows(field: str, size: float, days: int, height: float, most: float) -> None:
        across = size ** 0.5
        near = (across + CLEAR) * max(days, 1) / TIMELINE_WIDTH
        step = dodge_step(height / lanes, across, max([0, *lane_ranks(chart_rows, near)]), most)
        for row, nudge in zip(chart_rows, lane_offsets(chart_rows, near, step)):
            row[field] = nudge

    dodge_rows(LAYOUT_FIELDS[1], OVERVIEW_SIZE, o_days, o_height, MOST_STEP)
    dodge_rows(LAYOUT_FIELDS[0], DETAIL_SIZE, (d_last - d_first).days, d_height, LABELLED_STEP if named else MOST_STEP)
    # The detail's lanes grow, half a title's line at a time, until every title fits its own lane beside its own
    # mark (place_labels); all lanes alike, since the lanes are one band scale. The marks keep their dodge in
    # pixels: the room gained is the titles'.
    best = None
    for grow in range(GROW_STEPS + 1):
        height = d_height + grow * lanes * LABEL_LINE / 2
        placed = place_labels(chart_rows, named, d_first, d_last, lane_names, height, rule=conversation)
        unfit = sum(not p["fits"] for p in placed.values())
        if best is None or unfit < best[0]:
            best = (unfit, height, placed)
        if not unfit:
            break
    # where growing never fits a title (a diamond drawn on a bar), the lowest height that fits the most
    _, d_height, placed = best
    years_over = last_year - first_year + 1
    what = str(first_year) if first_year == last_year else f"{first_year}-{last_year}"
    o_title = f"{'Date' if years_over <= MONTHS_UP_TO else 'Year'} ({what}; drag to choose the detail)"
    if years_over <= MONTHS_UP_TO:
        o_axis = alt.Axis(**_month_axis(years_over, o_title))
    else:
        # a tick at each year shown, and none at the 1 January after the last (01's axis for 1956-1960 ended
        # '1961' while the lesson says 1956 to 1960)
        o_axis = alt.Axis(title=o_title, format="%Y", labelOverlap=True, values=[
            alt.DateTime(year=y, month=1, date=1, utc=True)
            for y in range(first_drawn if earlier else first_year, last_year + 1, _year_step(years_over))])
    o_x = alt.X("from:T", title=o_title, scale=o_scale, axis=o_axis)
    drawn = base.transform_filter(f"year(datum.from) >= {first_drawn}") if earlier else base
    overview = alt.layer(
        drawn.mark_point(filled=True, size=OVERVIEW_SIZE, opacity=0.85, stroke="#ffffff", strokeWidth=0.75).encode(
            x=o_x, y=y, yOffset=_across("nudge_o", o_height / lanes), color=colour, shape=shape,
            tooltip=tips).add_params(brush),
        rule.encode(x=o_x),
    ).properties(width=TIMELINE_WIDTH, height=o_height, title="Overview: every event" if not earlier else
                 f"Overview: the events from {first_drawn} on")

    d_scale = alt.Scale(type="utc", domain=brush)
    d_title = "Date (the period chosen above)"
    d_axis = (_week_axis(d_title) if (d_last - d_first).days <= WEEKS_UP_TO else
              _month_axis(high - low + 1, d_title) if high - low + 1 <= MONTHS_UP_TO else
              dict(format="%b %Y" if high - low + 1 <= YEARS_ONLY else "%Y", labelOverlap=True))
    # No label on a tick in the margin before the period's first day or past its last (see detail_period): a
    # detail asked for October to January ended its axis 'Feb' (lesson 06), one for July to October 'Nov' (lesson
    # 01); and lesson 06's reader read the first week's '28' (of September) as 28 October, the month named under
    # the next tick.
    edge = "max(2.5 * 864e5, 0.03 * (time(period.from[1]) - time(period.from[0])))"
    past = (f"isValid(period) && isValid(period.from) && (time(datum.value) > time(period.from[1]) - {edge} || "
            f"time(datum.value) < time(period.from[0]) + {edge})")
    d_axis = alt.Axis(**{**d_axis, "labelExpr": f"{past} ? '' : ({d_axis.get('labelExpr', 'datum.label')})"})
    d_x = alt.X("from:T", title=d_title, scale=d_scale, axis=d_axis)
    # A lasting event is its bar alone: a mark at its start made readers take the bar for an event of that day.
    span_px = "(time(period.from[1]) - time(period.from[0]))"
    seen = (f"(!isValid(period) || !isValid(period.from) || "
            f"(time(toDate(datum.from)) < time(period.from[1]) - {BAR_MIN} * {span_px} && "
            f"time(toDate(datum.until)) > time(period.from[0]) + {BAR_MIN} * {span_px}))")
    # a bar only where enough of it is inside the period shown (BAR_MIN): no clipped sliver at an edge
    spans = base.transform_filter(f"datum.end != '' && {seen}").mark_bar(height=BAR_HEIGHT, opacity=0.55, clip=True).encode(
        x=d_x, x2="until:T", y=y, yOffset=_across("nudge", d_height / lanes), color=colour, tooltip=tips,
        stroke=alt.condition(pick, alt.value("#000000"), alt.value(None)),
        strokeWidth=alt.condition(pick, alt.value(2.5), alt.value(0)),
    )
    dots = base.transform_filter("datum.end == ''").mark_point(filled=True, size=DETAIL_SIZE, clip=True).encode(
        x=d_x, y=y, yOffset=_across("nudge", d_height / lanes), color=colour, shape=shape, tooltip=tips,
        stroke=alt.condition(pick, alt.value("#000000"), alt.value(None)),
        strokeWidth=alt.condition(pick, alt.value(2.5), alt.value(0)),
    ).add_params(pick)
    texts = []
    for side, align, dx in (("right", "left", LABEL_GAP), ("left", "right", -LABEL_GAP), ("start", "left", 0)):
        mine = [{**r, "label": placed[r["id"]]["text"], "label_dy": placed[r["id"]]["dy"],
                 "label_at": r[placed[r["id"]]["at"]]}
                for r in chart_rows if r["id"] in placed and placed[r["id"]]["side"] == side]
        if mine:
            texts.append(alt.Chart(values(mine)).mark_text(
                align=align, baseline="middle", dx=dx, fontSize=LABEL_FONT, lineBreak="\n", lineHeight=LABEL_LINE,
                color="#000000", clip=True).encode(
                x=alt.X("label_at:T", title=d_title, scale=d_scale, axis=d_axis), y=y,
                yOffset=_across("label_dy", d_height / lanes), text="label:N", tooltip=tips))

    # Leaders: a line from a mark, at its date, up or down to its title's nearest line (pixels from the top of
    # the detail: the lane's middle plus the title's ``lead``).
    lane_px = d_height / lanes
    middle = {c: (n + 0.5) * lane_px for n, c in enumerate(c for c in all_categories if c in shown)}
    leads = [{**r, "label_at": r[placed[r["id"]]["at"]],
              "lead_from": middle[r["category"]] + placed[r["id"]]["lead"][0],
              "lead_to": middle[r["category"]] + placed[r["id"]]["lead"][1]}
             for r in chart_rows if "lead" in placed.get(r["id"], {})]
    leaders = [alt.Chart(values(leads)).mark_rule(color="#000000", strokeWidth=1, clip=True).encode(
        x=alt.X("label_at:T", title=d_title, scale=d_scale, axis=d_axis),
        y=alt.Y("lead_from:Q", scale=None, axis=None), y2="lead_to:Q", tooltip=tips)] if leads else []

    # A lasting event that runs on past the period shown says where it ends: over its bar's end, inside the detail
    # (right of it, '▸ to Nov' stood outside the panel).
    edge = "period.from[1]"
    on_past = base.transform_filter(
        f"datum.end != '' && isValid(period) && isValid(period.from) && time(toDate(datum.until)) > time({edge}) "
        f"&& time(toDate(datum.from)) < time({edge}) && {seen}").transform_calculate(
        edge=f"time({edge})", goes_on=f"'{CONTINUES}' + (year(toDate(datum.until)) > year({edge}) ? datum.end_year : datum.end_month)").mark_text(
        align="right", baseline="bottom", dx=-1, dy=-(BAR_HEIGHT / 2 + 1), fontSize=10, color="#000000",
        clip=False).encode(
        x=alt.X("edge:T", title=d_title, scale=d_scale, axis=d_axis), y=y, text="goes_on:N", tooltip=tips)
    lasting = any(r["end"] != "" for r in rows)
    # no bar layer without a lasting event: an empty mark group is an unlabelled graphic to a screen reader
    detail = alt.layer(*([spans] if lasting else []), *leaders, dots,  # leaders under the marks
                       rule.encode(x=d_x).mark_rule(clip=True, color="#000000", strokeDash=[4, 3]),
                       *([on_past] if lasting else []), *texts).properties(
        width=TIMELINE_WIDTH, height=d_height, title="Detail: click an event to read about it")

    # The clicked event's card (its title first); before a click, one line of hint only.
    card = base.transform_filter({"param": "event", "empty": False}).mark_text(
        align="left", baseline="top", lineBreak="\n", fontSize=12, x=0, y=0).encode(text="card:N")
    prompt = alt.Chart(values([{"text": PROMPT}])).mark_text(
        align="left", baseline="top", lineBreak="\n", x=0, y=0, fontStyle="italic", color="#333333").encode(
        text="text:N", opacity=alt.condition({"param": "event", "empty": True}, alt.value(1), alt.value(0)))
    panel = alt.layer(prompt, card).properties(width=TIMELINE_WIDTH, height=PANEL_LINE)

    span = f"{rows[0]['when']} to {rows[-1]['when']}" if rows else "no events"
    counts = _counts([r["category"] for r in rows])
    in_memo = sum(1 for r in rows if r["in_memo"])
    description = (
        f"Timeline of {len(table)} events, {span}, coloured by category "
        f"({', '.join(f'{c} {n}' for c, n in counts.items())}). Diamonds are events tied to a paragraph of the memo "
        f"({in_memo}); circles are context tied to none "
        f"({len(rows) - in_memo}). Events with an end are bars, in the middle panel without a mark at their start. Events of one category close in date are set a "
        "little above and below each other, so that each can be seen and clicked. A dashed line marks "
        f"the conversation of {timeline.spoken(day)}. The upper panel shows every event; dragging on it chooses "
        f"the period of the middle panel, which opens on {timeline.spoken(str(low_bound))} to "
        f"{timeline.spoken(str(high_bound))}. Clicking an event there shows its "
        "description, sources and memo paragraphs in the lowest panel. The same events are listed in "
        "timeline_table()."
    )
    key = [("Bar: an event that lasts. " if lasting else "")
           + f"Dashed line: this conversation, {timeline.spoken(day)}."]
    second = []
    if len(marks) == 1:
        (only,) = marks.values()
        second.append(f"Every mark (a {only}) is an event " + ("tied to a memo paragraph." if MEMO_TIED in marks else
                                                              "of context, tied to no memo paragraph."))
    if any("lead" in where for where in placed.values()):
        second.append("A thin line ties a title to its mark.")  # lesson 01: labels hung from lines no key named
    if earlier:
        years_ = sorted({_year(r) for r in earlier})
        second.append(f"Not drawn: {len(earlier)} earlier event{'s' if len(earlier) > 1 else ''} "
                      f"({years_[0]}{'-' + str(years_[-1]) if len(years_) > 1 else ''}).")
        description += (f" The overview draws the events from {first_drawn} on; the {len(earlier)} earlier are: "
                        + "; ".join(f"{r['title']} ({_year(r)})" for r in earlier) + ".")
    if lasting:
        description += (" Where a lasting event runs on past the period shown, its end is written over the end "
                        "of its bar, inside the middle panel.")
    if len(marks) == 1:
        description += f" Every event drawn is {next(iter(marks))}."
    key += [" ".join(second)] if second else []
    key = key[:SUBTITLE_LINES]
    if placed:
        description += (" Written beside their marks in the middle panel: "
                        + "; ".join(r["title"] for r in rows if r["id"] in placed) + ".")
    return alt.vconcat(overview, detail, panel,
                       title=alt.Title("Timeline: the memo in its time", subtitle=key, subtitleColor="#333333"),
                       description=description, usermeta=meta("timeline")).resolve_scale(
        x="independent", yOffset="independent").configure_view(stroke=None)
