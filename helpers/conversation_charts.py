"""Charts along the conversation and in its time: the room's reactions, a phrase's frequency, doubt and certainty.

Each chart carries its numbers (:func:`helpers.render.with_numbers`), a
:class:`helpers.tables.Table` of the rows it draws. No pandas.
"""
from __future__ import annotations

import math
import re
import textwrap
from pathlib import Path

import altair as alt

from . import data, reading, timeline
from .chart_parts import colours, fmt, legend, meta, plain, spread, values
from .figures import reactions_numbers
from .memo import load_memo, stretch_of_paragraphs
from .reactions import TOAST_KIND
from .render import PALETTE, with_numbers

DataDir = Path | str | None
ALONG_WIDTH = 535
"""Plot width of the charts along the conversation (reactions, frequency): the whole width of the about 580 pixels
JupyterLab gives an output at a 1024-pixel-wide window, the topics' names written beside their bars and each
lane's name above it, not in a column on the left (lesson 06's reader, at 360 pixels for 96 paragraphs, could
not tell p19 from p20)."""
ALONG_X = "Paragraph of the memo, in order (p01 to the last)"
TOPIC_STEP = 18
"""Height in pixels of one topic's row in the strip above the charts along the conversation (one line of text)."""
TOPIC_LABELS = 0
"""Width in pixels the topics' names take left of the charts along the conversation: none, they are written
beside their bars, inside the plot."""
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down"]
"""Symbols that tell the kinds of a chart apart without colour."""
LEANINGS = ["doubt", "certainty"]
NOTE_STEP = 18
"""Height in pixels of one note (one dot) in a lane of the reactions chart: a lane is as high as its tallest stack,
and every whole number on its axis has room for its label (at 11 pixels Vega hid every other one: 1, 3, 5, 7)."""
NOTE_SIZE = 36
"""Area in square pixels of a note's dot (6 pixels across: a single note is plain to see; dots of paragraphs side by side are spread sideways, see :data:`NOTE_GAP`)."""
NOTE_RADIUS = math.sqrt(NOTE_SIZE / math.pi) + 0.375
"""Pixels from a note's centre to the outside of its white edge (Vega's size is the circle's area)."""
NOTE_GAP = 7.0
"""Pixels between the centres of two dots of one lane and height (a dot is 6 pixels across): notes in paragraphs
side by side (under 4 pixels apart) are spread sideways around their paragraphs (:func:`helpers.chart_parts.spread`),
never up or down, so that every dot stays on its whole count and the toasts of p05 to p08 are four dots."""
MIN_LANE = 40
LANE_GAP = 18
"""Pixels between the panels along the conversation: room for each lane's name, written above it."""
"""The lowest a lane of the reactions chart is, in pixels, so that its name beside it has room."""
FREQUENCY_HEIGHT = 180
"""Plot height in pixels of the frequency chart."""
CERTAINTY_WIDTH = 330
"""Plot width of the certainty chart: most of the about 580 pixels JupyterLab gives an output at a 1024-pixel-wide
window, beside short row labels (:data:`CERTAINTY_LABELS`); the full words are in each mark's tooltip and under
"Show the numbers"."""
CERTAINTY_LABELS = 200
"""Width in pixels the row labels (paragraph, subject, a few words: :func:`short_labels`) may take."""
LABEL_BREAK = "\n"
"""Where a certainty row's label breaks onto its next line (the axis draws every line)."""
PHRASE_WHOLE = 9
"""A statement of this many words or fewer is a row label whole; a longer one gives its first phrase (:func:`phrase`)."""
PHRASE_MIN = 3
"""The fewest words a row label's phrase has: "Next year" alone says nothing, "Next year, undoubtedly" does."""
LABEL_CHARS = 34
"""Characters per line of a row label's phrase (the axis gives the labels :data:`CERTAINTY_LABELS` pixels)."""
CLAUSE_END = re.compile(r"[,;:.!?\u2026]+(?=\s|$)|\s(?=(?:and|but|because|although|until|that|while)\s)")
"""Where a phrase of a statement may end: at a punctuation mark, or before a joining word (and, but, because ...)."""


def count_ticks(most: int, room: int, spacing: int = 16) -> list[int]:
    """Whole-number ticks from 0 to ``most`` for a count axis ``room`` pixels long: every integer where
    each gets ``spacing`` pixels, else every 2nd, 5th, 10th ... (never 0.5 or 1.5: a count is whole).

    >>> count_ticks(3, 180)
    [0, 1, 2, 3]
    >>> count_ticks(40, 180)
    [0, 5, 10, 15, 20, 25, 30, 35, 40]
    """
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 10 ** 9)
                if (most // s) * spacing <= room or s == 10 ** 9)
    return list(range(0, most + 1, step))


def count_axis(most: int, room: int = 180) -> dict:
    """Axis settings for a count from 0 to ``most``: ticks and labels on whole numbers only (see
    :func:`count_ticks`), none hidden by Vega's overlap rule."""
    return {"values": count_ticks(most, room), "format": "d", "labelOverlap": False, "tickMinStep": 1}


def _number(field: str) -> str:
    return f"toNumber(slice(datum.{field}, 1))"


PARAGRAPH_TICK = 5
"""Paragraphs between the labelled ticks of the paragraphs' axis (lesson 06's reader, at every 10, could not tell
in which paragraph the dots stood without "Show the numbers")."""
AXIS_FONT = 12
"""Font size of the axes' labels and titles of the charts along the conversation (at 10-11 the reader found them
tiny)."""


def paragraph_ticks(last: int) -> list[int]:
    """The labelled paragraphs of the axis along the conversation: the first and every :data:`PARAGRAPH_TICK`-th.

    >>> paragraph_ticks(12)
    [1, 5, 10]
    """
    return [1, *range(PARAGRAPH_TICK, last + 1, PARAGRAPH_TICK)]


def _paragraph_axis(data_dir: DataDir, title: str | None, field: str = "position") -> alt.X:
    last = int(load_memo(data_dir).ids[-1][1:])
    return alt.X(f"{field}:Q", title=title, scale=alt.Scale(domain=[0.5, last + 0.5], nice=False, padding=0),
                 axis=alt.Axis(values=paragraph_ticks(last), format="d", labelOverlap=False,
                               labelFontSize=AXIS_FONT, titleFontSize=AXIS_FONT) if title else None)


def _bands(data_dir: DataDir) -> alt.Chart:
    """Alternate shading for the stretches of the conversation (stretches.csv), with the topic as tooltip, each
    stretch's number (from 1) as ``row`` and its name in the strip (:func:`topic_label`) as ``label``."""
    stretches = data.rows("stretches", data_dir)
    numeric = data.kinds("stretches", data_dir)
    rows = [{**r, **{c: (None if r[c] is None else float(r[c])) for c in numeric},
             "row": n, "label": topic_label(n, r["topic"], r["first"], r["last"])}
            for n, r in enumerate(stretches, start=1)]
    return alt.Chart(values(rows)).transform_calculate(
        position=_number("first") + " - 0.5", right=_number("last") + " + 0.5",
        middle="(datum.position + datum.right) / 2")


BAND_LABEL_Y = 7
"""Pixels from the top of the first panel along the conversation to the middle of each grey band's number."""
BAND_LABEL_ROOM = 14
"""Pixels at the top of a panel kept free of bars for the bands' numbers (:data:`BAND_LABEL_Y`)."""


def topic_label(number: int, topic: str, first: str, last: str) -> str:
    """A stretch's name in the topic strip: its number (written in its grey band below too), its topic and its
    first and last paragraph (lesson 06's reader could not hover over a band on a touch screen or a page).

    >>> topic_label(3, "War and peace", "p13", "p18")
    '3 War and peace (p13–p18)'
    """
    return f"{number} {topic} ({first}–{last})"


def _along(bars: alt.Chart | list[alt.Chart], title: str, description: str, name: str, data_dir: DataDir,
           height: int | list[int]) -> alt.VConcatChart:
    """A chart along the conversation: above, one horizontal bar per stretch with its number and topic written
    (horizontally) beside it; below, the bars (or several panels of bars, one under the other, each
    ``height`` pixels high, or each its own height in a list), over grey bands, one per stretch, each with the
    stretch's number written at the top of the first panel (lesson 00's reader had to match the bands to the
    strip by eye); one x scale, so a stretch's bar stands over its paragraphs."""
    shade = alt.condition("datum.row % 2 == 1", alt.value("#d9d9d9"), alt.value("#f7f7f7"))
    tips = [alt.Tooltip("topic:N", title="Topic"), alt.Tooltip("first:N", title="From"),
            alt.Tooltip("last:N", title="To")]
    topics = [r["topic"] for r in data.rows("stretches", data_dir)]
    last = int(load_memo(data_dir).ids[-1][1:])
    y = alt.Y("topic:N", sort=topics, title=None, axis=None)
    strip_bars = _bands(data_dir).mark_bar(height={"band": 0.75}, color="#6f6f6f").encode(
        x=_paragraph_axis(data_dir, None), x2="right:Q", y=y, tooltip=tips)
    # Each topic's name beside its bar, horizontal and whole: after the bar where it ends in the first half of the
    # conversation, before it where it starts in the second (the names need no column of their own).
    half = (last + 1) / 2
    names = _bands(data_dir).transform_calculate(
        at=f"datum.middle < {half} ? datum.right : datum.position",
        side=f"datum.middle < {half} ? 'after' : 'before'")
    after = names.transform_filter("datum.side == 'after'").mark_text(
        align="left", baseline="middle", dx=4, fontSize=11, color="#000000").encode(
        x=alt.X("at:Q", scale=alt.Scale(domain=[0.5, last + 0.5], nice=False), axis=None), y=y, text="label:N",
        tooltip=tips)
    before = names.transform_filter("datum.side == 'before'").mark_text(
        align="right", baseline="middle", dx=-4, fontSize=11, color="#000000").encode(
        x=alt.X("at:Q", scale=alt.Scale(domain=[0.5, last + 0.5], nice=False), axis=None), y=y, text="label:N",
        tooltip=tips)
    strip = alt.layer(strip_bars, after, before).properties(
        width=ALONG_WIDTH, height={"step": TOPIC_STEP}, title=alt.Title("Topic of each part", anchor="start"))
    panels = bars if isinstance(bars, list) else [bars]
    bodies = []
    for n, panel in enumerate(panels):
        last = n == len(panels) - 1  # only the lowest panel writes the paragraphs' axis
        bands = _bands(data_dir).mark_rect(opacity=0.6).encode(
            x=_paragraph_axis(data_dir, ALONG_X if last else None),
            x2="right:Q", color=shade, tooltip=tips)
        high = height[n] if isinstance(height, list) else height
        layers = [bands, panel]
        # each band's number at the top of every panel, as in the strip above (lesson 06's reader: only the first
        # lane had them)
        layers.append(_bands(data_dir).mark_text(
            baseline="middle", fontSize=11, fontWeight="bold", color="#333333").encode(
            x=_paragraph_axis(data_dir, ALONG_X if last else None, "middle"),  # the panel's own axis
            y=alt.value(BAND_LABEL_Y), text="row:Q", tooltip=tips))
        bodies.append(alt.layer(*layers).properties(width=ALONG_WIDTH, height=high))
    return alt.vconcat(strip, *bodies, title=title, description=description, usermeta=meta(name),
                       spacing=LANE_GAP).resolve_scale(x="shared")


def _sums(rows: list[dict], key: str) -> dict[str, int]:
    """``count`` summed per value of ``key``, in the order the values first come."""
    out: dict[str, int] = {}
    for row in rows:
        out[row[key]] = out.get(row[key], 0) + row["count"]
    return out


def reaction_lane(kind: str) -> str:
    """The lane a kind of note is drawn in: every kind of laughter ("Laughter", "Loud laughter") shares the
    laughter lane, each marked in its own colour; any other kind has a lane of its own."""
    return "Laughter" if kind.lower().endswith("laughter") else kind


LANE_COUNT = ": notes in the paragraph (dots stack up)"
"""What a lane's axis of the reactions chart counts, after the lane's name (lesson 00's reader: "What is 7?")."""


DOT_KEY = "Each dot is one note; a paragraph's dots stack up to its count"
"""The colour key's title: what a dot is, and why the lanes' axes count to 7 (lesson 00's reader)."""


def lane_title(lane: str) -> str:
    """The title of a lane of the reactions chart: its name and what its axis counts.

    >>> lane_title("Laughter")
    'Laughter: notes in the paragraph (dots stack up)'
    """
    return lane + LANE_COUNT


def reaction_notes(rows: list[dict], per_paragraph: float | None = None, data_dir: DataDir = None) -> list[dict]:
    """One row per note the memo makes (a paragraph's "(Laughter)" five times is five rows), numbered ``note``
    1, 2, ... upwards within its paragraph and lane, in the order of the rows (so "Loud laughter" stacks on
    "Laughter"), with its ``lane``, the ``count`` of its kind in the paragraph, and ``shift``: pixels to move it
    sideways so that it does not touch a note of its lane and height in a neighbouring paragraph (see
    :data:`NOTE_GAP`). ``per_paragraph``: pixels per paragraph on the chart (by default its width over the memo's
    paragraphs). A dot is never moved up or down: its height is its whole count."""
    if per_paragraph is None:
        per_paragraph = ALONG_WIDTH / int(load_memo(data_dir).ids[-1][1:])
    out, seen = [], {}
    for row in rows:
        lane = reaction_lane(row["kind"])
        for _ in range(int(row["count"])):
            seen[(lane, row["paragraph"])] = seen.get((lane, row["paragraph"]), 0) + 1
            out.append({**row, "lane": lane, "note": seen[(lane, row["paragraph"])]})
    parts = stretch_of_paragraphs(data_dir)
    for lane, note in dict.fromkeys((n["lane"], n["note"]) for n in out):
        same = [n for n in out if n["lane"] == lane and n["note"] == note]
        pixels = [int(str(n["paragraph"])[1:]) * per_paragraph for n in same]
        inside = [within_part(at, parts.get(str(n["paragraph"])), per_paragraph) for n, at in zip(same, pixels)]
        moved = spread(inside, NOTE_GAP)
        in_part: dict[str, list[int]] = {}
        for k, n in enumerate(same):
            in_part.setdefault(str(n["paragraph"]) if n["paragraph"] not in parts else parts[n["paragraph"]]["id"],
                               []).append(k)
        for mine in in_part.values():
            # a run spread past its band's edge (four toasts side by side, p05-p08) moves back in as a whole
            part = parts.get(str(same[mine[0]]["paragraph"]))
            lowest, highest = min(moved[k] for k in mine), max(moved[k] for k in mine)
            back = (within_part(lowest, part, per_paragraph) - lowest
                    or within_part(highest, part, per_paragraph) - highest)
            for k in mine:
                moved[k] += back
        for n, at, there in zip(same, pixels, moved):
            n["shift"] = round(there - at, 3)
    return out


def within_part(at: float, part: dict | None, per_paragraph: float) -> float:
    """A dot's centre ``at`` (pixels along the conversation) moved just far enough that the whole dot lies inside
    its part's grey band, which runs half a paragraph beyond the part's first and last paragraphs (lesson 06's
    readers saw p19's stack, the first paragraph of part 4, on the line between parts 3 and 4). ``part``: the
    paragraph's row of stretches.csv (None: left where it is).

    >>> within_part(19 * 5.5, {"first": "p19", "last": "p24"}, 5.5)  # p19 opens its part: nudged right
    106.01
    >>> within_part(21 * 5.5, {"first": "p19", "last": "p24"}, 5.5)  # p21 is well inside: left alone
    115.5
    """
    if not part:
        return at
    room = NOTE_RADIUS + 0.5  # the dot's radius, its white edge and a half-pixel of band showing beside it
    left = (int(part["first"][1:]) - 0.5) * per_paragraph + room
    right = (int(part["last"][1:]) + 0.5) * per_paragraph - room
    return round(min(max(at, left), right), 3) if left <= right else at


@with_numbers(reactions_numbers)
def reactions_chart(data_dir: DataDir = None) -> alt.VConcatChart:
    """Laughter, silence and toasts paragraph by paragraph, under a strip naming the topic of each part.

    One dot per note the memo makes, stacked upwards in its paragraph (a count of 1 is a whole dot, not a
    sliver of a bar), on an axis of whole notes. Laughter and loud laughter share a lane, in two colours; toasts
    and silences have lanes of their own, named on their axes. The colour key names every kind, above the
    panels (readers of lessons 00 and 06 met the dots three panels before the key that names their colours).
    """
    table = reactions_numbers(data_dir)
    kinds = list(dict.fromkeys(table.column("kind")))
    lanes_named = list(dict.fromkeys(reaction_lane(k) for k in kinds))
    last = int(load_memo(data_dir).ids[-1][1:])
    per_paragraph = ALONG_WIDTH / last  # the paragraphs' axis runs from 0.5 to last + 0.5
    notes = reaction_notes(plain(table), per_paragraph)
    palette = dict(zip(kinds, colours(len(kinds))))
    colour = alt.Color("kind:N", scale=alt.Scale(domain=kinds, range=[palette[k] for k in kinds]),
                       legend=legend(DOT_KEY, 2, "circle", title_limit=ALONG_WIDTH, orient="top"))
    lanes, heights = [], []
    for lane in lanes_named:
        most = max((n["note"] for n in notes if n["lane"] == lane), default=1)
        axis_title = ALONG_X if lane == lanes_named[-1] else None  # only the lowest lane writes the paragraphs' axis
        plot = max(NOTE_STEP * most + 8, MIN_LANE)
        heights.append(plot + BAND_LABEL_ROOM)  # room at the top for the bands' numbers
        top = most + 0.6 + BAND_LABEL_ROOM * (most + 0.2) / plot
        lanes.append(alt.Chart(values(notes)).transform_filter(alt.FieldEqualPredicate(field="lane", equal=lane))
                     .transform_calculate(position=f"{_number('paragraph')} + datum.shift / {per_paragraph:.4f}",
                                          level="datum.note",
                                          said="datum.kind + ', ' + datum.paragraph + ', note ' + datum.note")
                     .mark_point(
            filled=True, size=NOTE_SIZE, opacity=1, stroke="#ffffff", strokeWidth=0.75).encode(
            x=_paragraph_axis(data_dir, axis_title),
            y=alt.Y("level:Q", title=lane_title(lane), scale=alt.Scale(domain=[0.4, round(top, 4)], nice=False),
                    axis=alt.Axis(values=list(range(1, most + 1)), format="d", labelOverlap=False, titleAngle=0,
                                  titleAlign="left", titleBaseline="bottom", titleY=-3, titleX=0,
                                  titleFontSize=AXIS_FONT, labelFontSize=AXIS_FONT, grid=False)),
            description=alt.Description("said:N"), color=colour,
            tooltip=[alt.Tooltip("paragraph:N", title="Paragraph"), alt.Tooltip("speaker:N", title="Speaker"),
                     alt.Tooltip("kind:N", title="Reaction"), alt.Tooltip("count:Q", title="How many here"),
                     alt.Tooltip("context:N", title="After the words"), alt.Tooltip("topic:N", title="Topic")],
        ))
    per_kind = _sums(table.rows, "kind")
    per_topic = _sums([r for r in table.rows if r["kind"] != TOAST_KIND], "topic")
    description = (
        "Dot chart along the conversation, one position per paragraph, under a strip naming the topic "
        "of each part. One dot per note the memo makes, stacked upwards in its paragraph; one lane per kind "
        "of note, named on its left, laughter and loud laughter sharing a lane in two colours; every dot sits on "
        "its whole count, and dots of paragraphs side by side are set a little apart sideways, so that each can "
        "be counted: "
        + ", ".join(f"{k} {n}" for k, n in per_kind.items())
        + ". Laughter and silence by topic: "
        + ", ".join(f"{t} {n}" for t, n in sorted(per_topic.items(), key=lambda kv: -kv[1])) + "."
    )
    return _along(lanes, "Where the room laughed, fell silent and drank", description, "reactions", data_dir,
                  heights)


@with_numbers(reading.frequency_numbers)
def frequency_chart(phrase: str, data_dir: DataDir = None) -> alt.VConcatChart:
    """How often a word or phrase occurs in each paragraph, along the conversation, under the topic strip."""
    table = reading.frequency_numbers(phrase, data_dir)
    hits = [r for r in table.rows if r["count"] > 0]
    most = max([1, *(int(r["count"]) for r in hits)])
    bars = alt.Chart(values(plain(table))).transform_calculate(position=_number("paragraph")).mark_bar(
        width=4, color=PALETTE[0]).encode(
        x=_paragraph_axis(data_dir, ALONG_X),
        y=alt.Y("count:Q", title=f"Occurrences of '{phrase.strip()}' (count)",
                scale=alt.Scale(domain=[0, most * FREQUENCY_HEIGHT / (FREQUENCY_HEIGHT - BAND_LABEL_ROOM)],
                                nice=False),  # room at the top for the bands' numbers
                axis=alt.Axis(**count_axis(most))),
        tooltip=[alt.Tooltip("paragraph:N", title="Paragraph"), alt.Tooltip("speaker:N", title="Speaker"),
                 alt.Tooltip("count:Q", title="Occurrences")])
    description = (f"Bar chart: occurrences of '{phrase.strip()}' in each paragraph of the memo, in order, under "
                   f"a strip naming the topic of each part. {sum(table.column('count'))} in all, in "
                   f"{len(hits)} paragraph(s)"
                   + (": " + ", ".join(f"{r['paragraph']} ({r['count']})" for r in hits) if hits else "")
                   + ".")
    return _along(bars, f"'{phrase.strip()}' along the conversation", description, "frequency", data_dir,
                  FREQUENCY_HEIGHT)


KEY_ROW = 44
"""Height in pixels of one key above the certainty chart (its title and one row of entries, with a gap)."""
KEYS_ABOVE = 2


SUBJECTS = {"harvest": re.compile(r"harvest|agricultur|grain", re.I), "steel": re.compile(r"steel|metal", re.I)}
"""What a statement of doubt or certainty is about, by the words it (or its paragraph, or its stretch) uses."""
MARK_SIZE = 120
"""Area in square pixels Vega gives a circle of the certainty chart (``size``)."""
DIAMOND_SIZE = round(MARK_SIZE * math.pi / 2)
"""The ``size`` of a diamond as large as a circle of :data:`MARK_SIZE`: Vega's diamond covers half its size
(a square of side sqrt(size) turned on its point), its circle pi/4 of it; lesson 04's reader found the diamonds
much smaller than the dots."""
GIVES = ["a percentage", "no percentage"]
"""The shape key's two entries: a diamond where the words give a percentage (a tonnage is not one)."""


def subject(*texts: str) -> str:
    """What the first text that names one is about: "harvest", "steel" or "harvest and steel" ("" if none).

    Pass the sentence first, then its paragraph, then its stretch's topic.

    >>> subject("I have doubts.", "the production of metal")
    'steel'
    >>> subject("a percent of doubt in agriculture ... and for the production of steel")
    'harvest and steel'
    """
    for text in texts:
        found = [name for name, words in SUBJECTS.items() if words.search(text or "")]
        if found:
            return " and ".join(found)
    return ""


def phrase(quote: str) -> str:
    """A row label's words: the statement whole if it has at most :data:`PHRASE_WHOLE` words, else its first whole
    phrase of at least :data:`PHRASE_MIN` words, ending where a clause ends (:data:`CLAUSE_END`), never in the
    middle of one; '…' marks words left out. Where that first phrase has no word of doubt or certainty
    (:data:`helpers.reading.CERTAINTY_WORDS`) but the statement has, the label is the clause that holds the word
    instead, '…' before it too (lesson 04's reader saw "Now we have seriously taken on the production of metal…"
    marked doubt, and no doubt in it). Verbatim: each piece between the '…' stands in the quotation.

    >>> phrase("In this area I also have doubts.")
    'In this area I also have doubts.'
    >>> phrase("We are completely sure that this year the production of steel will reach 10 million tons.")
    'We are completely sure…'
    >>> phrase("Next year, undoubtedly, it will be easier to reach 20 million tons.")
    'Next year, undoubtedly…'
    >>> phrase("Now we have seriously taken on the production of metal, but while it is still not in our hands "
    ...        "I have some doubts...")
    '…while it is still not in our hands I have some doubts...'
    """
    text = " ".join(quote.split())
    if len(text.split()) <= PHRASE_WHOLE:
        return text
    first = _first_phrase(text)
    said = reading.CERTAINTY_WORDS.search(text)
    if said is None or reading.CERTAINTY_WORDS.search(first.rstrip("…")):
        return first
    starts = [m.end() for m in CLAUSE_END.finditer(text) if m.end() <= said.start()]
    start = max(starts, default=0)
    ends = [m.start() for m in CLAUSE_END.finditer(text) if m.start() >= said.end()]
    end = min(ends, default=len(text))
    words = text[start:end].strip(" ,;:")
    return ("…" if start > 0 else "") + words + ("…" if re.search(r"\w", text[end:]) else text[end:].strip())


def _first_phrase(text: str) -> str:
    """The first whole phrase of at least :data:`PHRASE_MIN` words of ``text``, '…' after it (``text`` whole if none)."""
    for end in CLAUSE_END.finditer(text):
        head = text[:end.start()].rstrip()
        if len(head.split()) >= PHRASE_MIN and head != text:
            return head + "…"
    return text


def _lines(text: str, width: int = LABEL_CHARS) -> str:
    """``text`` broken at spaces into lines of at most ``width`` characters, joined by :data:`LABEL_BREAK`."""
    return LABEL_BREAK.join(textwrap.wrap(text, width, break_long_words=False)) or text


def short_labels(rows: list[dict]) -> list[str]:
    """A row label for each statement (``paragraph``, ``about``, ``quote``): 'p40 (harvest):' and, on the next
    lines (after :data:`LABEL_BREAK`), its words in quotation marks: the statement whole, or its first whole
    phrase (:func:`phrase`); the statement whole where two labels would otherwise read the same."""
    def label(r: dict, whole: bool) -> str:
        about = f" ({r['about']})" if r.get("about") else ""
        words = " ".join(r["quote"].split()) if whole else phrase(r["quote"])
        return f"{r['paragraph']}{about}:{LABEL_BREAK}{_lines(chr(0x201c) + words + chr(0x201d))}"

    labels = [label(r, False) for r in rows]
    return [label(r, True) if labels.count(x) > 1 else x for r, x in zip(rows, labels)]


def _key_above(title: str, row: int) -> alt.Legend:
    """A key above the marks, under the title, at the left of the plot, keys one under the other (row 0 first): read
    before the marks, and no wider than the plot (two keys side by side ran past a 584-pixel output)."""
    return alt.Legend(title=title, orient="none", legendX=0, legendY=-KEY_ROW * (KEYS_ABOVE - row),
                      direction="horizontal", labelLimit=260)


@with_numbers(reading.certainty_numbers)
def certainty_chart(data_dir: DataDir = None) -> alt.LayerChart:
    """Doubt against certainty in time: each statement a mark at the month it speaks of, in the memo's order.

    Each row is labelled with its paragraph, its subject and the statement whole or its first whole phrase
    (:func:`short_labels`), so
    that the plot has most of the width; the words whole are in each mark's tooltip and in the numbers; colour
    says whether the words express doubt or certainty, shape whether they give a percentage (a diamond) or
    not (a circle: words only, or a tonnage). Each row names what it is about (harvest, steel or both: by the
    words of its sentence, else its paragraph, else its stretch's topic), so steel is never read as harvest. Both keys sit above the marks, under the title (read before the marks, not after),
    the dashed line's in the subtitle. No number is
    written beside a mark, where it would read as a value of the time axis: the percentage is in the words.
    """
    table = plain(reading.certainty_numbers(data_dir))
    memo, where = load_memo(data_dir), stretch_of_paragraphs(data_dir)
    for r in table:
        r["shown"] = f"{fmt(r['value'])}%" if r["value"] is not None else ""
        r["gives"] = GIVES[0] if r["value"] is not None and r["unit"] == "percent" else GIVES[1]
        r["about"] = subject(r["quote"], memo.paragraph(r["paragraph"])["text"],
                             where.get(r["paragraph"], {}).get("topic", ""))
    for r, row in zip(table, short_labels(table)):
        r["row"] = row
    day = timeline.conversation_date(data_dir).isoformat()
    order = list(dict.fromkeys(r["row"] for r in table))
    x = alt.X("when:T", title="The time the words speak of (1958)", scale=alt.Scale(type="utc", padding=24),
              axis=alt.Axis(format="%b", tickCount="month", labelAngle=0))
    axis, step = alt.Axis(labelLimit=CERTAINTY_LABELS, labelAngle=0, labelLineHeight=14,
                          labelExpr=f"split(datum.value, '{LABEL_BREAK.encode('unicode_escape').decode()}')"), \
        max(34, 14 * max(len(r.split(LABEL_BREAK)) for r in order) + 6)  # room for every line of a label
    base = alt.Chart(values(table)).encode(
        x=x,
        y=alt.Y("row:N", sort=order, title=None, axis=axis),
        tooltip=[alt.Tooltip("quote:N", title="Exact words"), alt.Tooltip("paragraph:N", title="Paragraph"),
                 alt.Tooltip("when_text:N", title="Speaks of"), alt.Tooltip("leaning:N", title="Doubt or certainty"),
                 alt.Tooltip("about:N", title="About"), alt.Tooltip("shown:N", title="Percent stated")],
    )
    # Vega draws a diamond of a given size with half the area of the square around it, a circle with about
    # four fifths: a diamond of DIAMOND_SIZE has the area of a circle of MARK_SIZE, so both look as big.
    dots = base.mark_point(filled=True, opacity=1).encode(
        size=alt.Size("gives:N", scale=alt.Scale(domain=GIVES, range=[DIAMOND_SIZE, MARK_SIZE]),
                      legend=_key_above("Shape: the words give", 1)),  # one key with the shape
        color=alt.Color("leaning:N", scale=alt.Scale(domain=LEANINGS, range=[PALETTE[5], PALETTE[0]]),
                        legend=_key_above("Colour: the words express", 0)),
        shape=alt.Shape("gives:N", scale=alt.Scale(domain=GIVES, range=["diamond", "circle"]),
                        legend=_key_above("Shape: the words give", 1)))
    spoken = timeline.spoken(day)
    rule = alt.Chart(values([{"when": day, "what": f"the conversation, {spoken}"}])).mark_rule(
        color="#000000", strokeDash=[4, 3]).encode(x=x, tooltip=[alt.Tooltip("what:N", title="Date")])
    numbers = [r for r in table if r["gives"] == GIVES[0]]
    said = "; ".join(f"{r['when_text']}: '{r['quote']}' ({r['paragraph']})" for r in numbers)
    words = [r for r in table if r["gives"] == GIVES[1]]
    sure = [r for r in table if r["leaning"] == "certainty"]
    description = (
        "Dot chart. Each row is a statement of doubt or certainty in the memo, in the memo's order; "
        "each mark stands at the time the words speak of, and the dashed line marks the day of the conversation. "
        "Each row's label gives its paragraph, what the words are about (harvest, steel, or both) and their first "
        "words; each mark's tooltip, and the table under the chart, give the words whole. "
        "Colour: doubt or certainty; shape: a diamond where the words give a percentage, a circle where they "
        f"do not. {len(numbers)} statements give a percentage: {said}. "
        f"{len(words)} more give no percentage, from "
        f"{', '.join(dict.fromkeys(r['when_text'] for r in words))}. "
        f"{len(table) - len(sure)} statements express doubt; {len(sure)} express certainty: "
        + "; ".join(f"'{r['quote']}' ({r['paragraph']})" for r in sure) + "."
    )
    title = alt.Title("Doubt and certainty: what Mao says, placed in time",
                      subtitle=[f"Dashed line: the day of the conversation, {spoken}."], subtitleColor="#333333")
    return alt.layer(rule, dots, title=title, description=description, usermeta=meta("certainty")).properties(
        width=CERTAINTY_WIDTH, height={"step": max(step, 20)})
