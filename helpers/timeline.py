"""The timeline: events by date and category, and their links to the memo's paragraphs.

Pure functions over ``data/events.csv`` and ``data/paragraphs.csv``; no
Altair, no widgets. Dates in the table have a precision (a day, a month or
a year); an event covers the whole of its period, so "1958-08" runs through
August 1958.
"""
from __future__ import annotations

import datetime as dt
import html
import re
import textwrap
from pathlib import Path

from . import data
from .citation import citation
from .context import cite
from .memo import load_memo
from .tables import Table

DataDir = Path | str | None
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
DETAIL_YEARS = (1956, 1960)
"""The years the timeline's detail view opens on (the Great Leap and the Taiwan Strait crisis)."""


def period(text: str) -> tuple[dt.date, dt.date]:
    """The first day of a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date and the first day after its period.

    >>> period("1958-08")
    (datetime.date(1958, 8, 1), datetime.date(1958, 9, 1))
    """
    try:
        return data.partial_date(str(text).strip())  # the same parse as the check's
    except ValueError as err:
        raise data.DataError(str(err)) from None


def spoken(text: str) -> str:
    """A date as a reader says it: '2 October 1958', 'April 1958', '1958'."""
    parts = [int(p) for p in str(text).split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def _bound(value, upper: bool) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1) if upper else value
    first, after = period(str(value))
    return after if upper else first


EVENT_COLUMNS = ["from", "until", "when", "is_span", "in_memo"]
"""The columns :func:`event_rows` adds to the events table's own."""


def event_rows(data_dir: DataDir = None) -> list[dict]:
    """The events table's rows with derived keys for charts and lists, sorted by date (then id).

    Adds ``from`` (first day, ISO), ``until`` (first day after the event's
    period, ISO), ``when`` (the date in words), ``is_span`` (True where the
    event has an end), ``in_memo`` (True where ``paragraphs`` is not empty).
    """
    rows = data.rows("events", data_dir)
    for row in rows:
        first, after = period(row["start"])
        end = period(row["end"]) if row["end"] else None
        row["from"] = first.isoformat()
        row["until"] = (end or (first, after))[1].isoformat()
        row["when"] = spoken(row["start"]) + (f" – {spoken(row['end'])}" if row["end"] else "")
        row["is_span"] = row["end"] != ""
        row["in_memo"] = row["paragraphs"] != ""
    return sorted(rows, key=lambda r: (r["from"], r["id"]))


def event_table(rows: list[dict], data_dir: DataDir = None) -> Table:
    """Rows of :func:`event_rows` as a :class:`~helpers.tables.Table` with the events table's columns."""
    kinds = {**data.kinds("events", data_dir), "is_span": "bool", "in_memo": "bool"}
    return Table(data.columns("events", data_dir) + EVENT_COLUMNS, rows, kinds)


def events(data_dir: DataDir = None):
    """The events table with derived columns (see :func:`event_rows`), as a pandas DataFrame sorted by date."""
    return event_table(event_rows(data_dir), data_dir).to_frame()


def categories(data_dir: DataDir = None) -> list[str]:
    """The event categories the data package allows, in its order (for stable colours)."""
    return data.allowed_values("events", "category", data_dir)


def filter_event_rows(categories: list[str] | tuple[str, ...] | None = None, start=None, end=None,
                      data_dir: DataDir = None) -> list[dict]:
    """Events in the given categories that overlap the period from ``start`` to ``end``.

    Parameters
    ----------
    categories : category names (``None`` or empty: all).
    start, end : a year (``1956``), a ``YYYY-MM[-DD]`` string or a date; either may be ``None``.
        An event is kept when any part of it falls inside the period, both ends included.

    Returns the rows of :func:`event_rows`, in date order.
    """
    rows = event_rows(data_dir)
    if categories:
        allowed = set(categories_or_all(rows, data_dir))
        unknown = [c for c in categories if c not in allowed]
        if unknown:
            raise data.DataError(f"Unknown event categories: {', '.join(map(repr, unknown))} (data/events.csv, "
                                 f"field 'category'). Choose from: {', '.join(map(repr, sorted(allowed)))}.")
        rows = [r for r in rows if r["category"] in categories]
    low, high = _bound(start, upper=False), _bound(end, upper=True)
    if low is not None and high is not None and high <= low:
        raise data.DataError(f"The period from {start} to {end} is empty: the start must come before the end.")
    if low is not None:
        rows = [r for r in rows if r["until"] > low.isoformat()]
    if high is not None:
        rows = [r for r in rows if r["from"] < high.isoformat()]
    return rows


def filter_events(categories: list[str] | tuple[str, ...] | None = None, start=None, end=None,
                  data_dir: DataDir = None):
    """:func:`filter_event_rows` as a pandas DataFrame (pandas is imported here, only when asked for)."""
    return event_table(filter_event_rows(categories, start, end, data_dir), data_dir).to_frame()


def categories_or_all(rows: list[dict], data_dir: DataDir = None) -> list[str]:
    """The categories the data package allows, or (where it lists none) those the events have."""
    return categories(data_dir) or sorted({r["category"] for r in rows})


def events_for_paragraph(pid: str, data_dir: DataDir = None):
    """The events a memo paragraph mentions or presupposes (rows of :func:`events`), as a DataFrame."""
    load_memo(data_dir).paragraph(pid)
    rows = [r for r in event_rows(data_dir) if pid in data.split_list(r["paragraphs"])]
    return event_table(rows, data_dir).to_frame()


def paragraph_rows_for_event(eid: str, data_dir: DataDir = None) -> list[dict]:
    """The memo paragraphs that mention an event: dicts with ``id``, ``speaker``, ``text``."""
    row = next((r for r in data.rows("events", data_dir) if r["id"] == eid), None)
    if row is None:
        raise data.DataError(f"data/events.csv has no event with id {eid!r}.")
    ids = set(data.split_list(row["paragraphs"]))
    return [{k: p[k] for k in ("id", "speaker", "text")} for p in load_memo(data_dir).rows if p["id"] in ids]


def paragraphs_for_event(eid: str, data_dir: DataDir = None):
    """The memo paragraphs that mention an event: columns ``id``, ``speaker``, ``text`` (a DataFrame)."""
    return data.frame(paragraph_rows_for_event(eid, data_dir), ["id", "speaker", "text"])


def conversation_date(data_dir: DataDir = None) -> dt.date:
    """The date of the conversation, read from the memo's first paragraph ('2 October 1958 Beijing')."""
    first = load_memo(data_dir).rows[0]["text"]
    match = re.search(r"(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})", first)
    if not match:
        raise data.DataError("data/paragraphs.csv: the first paragraph does not give the date as '2 October 1958'.")
    return dt.date(int(match.group(3)), MONTHS.index(match.group(2)) + 1, int(match.group(1)))


DetailBound = int | str
"""One end of the period a timeline's detail opens on: a year (``1958`` or ``"1958"``) or a month (``"1958-07"``)."""


def detail_bounds(detail) -> tuple[DetailBound, DetailBound]:
    """``detail=`` as given to the timeline (a pair of years or of ``"YYYY-MM"`` months, earliest first), checked:
    a DataError says what to write otherwise."""
    try:
        low, high = detail
        first, _ = period(str(low))
        _, after = period(str(high))
        if len(str(low).split("-")) > 2 or len(str(high).split("-")) > 2:
            raise data.DataError("a day")
    except (TypeError, ValueError, data.DataError):
        raise data.DataError(f"detail={detail!r}: give the period the detail opens on as two years or two months, "
                             'e.g. detail=(1958, 1959) or detail=("1958-07", "1958-10").') from None
    if after <= first:
        raise data.DataError(f"detail={detail!r}: the first must come before the last.")
    return low, high


def label_ids(labels, data_dir: DataDir = None) -> list[str]:
    """The event ids given as ``labels=``, checked against data/events.csv: an unknown one is a DataError naming
    it and the file."""
    if labels is None:
        return []
    asked = [labels] if isinstance(labels, str) else list(labels)
    known = {r["id"] for r in data.rows("events", data_dir)}
    unknown = [i for i in asked if i not in known]
    if unknown:
        raise data.DataError(f"labels: {', '.join(map(repr, unknown))} "
                             f"{'is not the id of an event' if len(unknown) == 1 else 'are not ids of events'} in "
                             "data/events.csv (column 'id'). Copy the id from that file, e.g. labels=[\"beidaihe-1958\"].")
    return asked


OPENING_YEARS = (1956, 1959)
"""The years the timeline explorer opens on: the Great Leap and the years just before it."""


def year_span(low: int, high: int) -> tuple[int, int]:
    """The years chosen in the From and To menus, earliest first (a learner may choose them either way round)."""
    return (low, high) if low <= high else (high, low)


def _explorer_year(value, years: list[int], name: str) -> int:
    """A year given to :func:`timeline_explorer` (``1958``, ``"1958"``, ``"1958-10"`` or a date) as an int in the
    timeline's years; a DataError otherwise."""
    try:
        year = value.year if isinstance(value, (dt.date, dt.datetime)) else int(str(value).strip()[:4])
    except ValueError:
        raise data.DataError(f"timeline_explorer: {name}={value!r} is not a year; give one like {name}=1958.") from None
    if not years[0] <= year <= years[-1]:
        raise data.DataError(f"timeline_explorer: {name}={value!r} is outside the events of data/events.csv, which run "
                        f"from {years[0]} to {years[-1]}.")
    return year


def explorer_span(start, end, years: list[int]) -> tuple[int, int]:
    """The years the timeline explorer opens on: ``start`` to ``end`` (earliest first), by default
    :data:`OPENING_YEARS` (kept inside ``years``). Given alone, ``start`` runs to the opening span's end (or is
    a single year where that end comes before it); ``end`` alone runs from the opening span's start likewise."""
    opening = tuple(min(max(y, years[0]), years[-1]) for y in OPENING_YEARS)
    low = _explorer_year(start, years, "start") if start is not None else None
    high = _explorer_year(end, years, "end") if end is not None else None
    if low is None:
        low = opening[0] if high is None else min(opening[0], high)
    if high is None:
        high = max(opening[1], low)
    return year_span(low, high)


def explorer_categories(categories, kinds: list[str]) -> list[str]:
    """The categories the timeline explorer opens with ticked (``None``: all of ``kinds``), checked against the
    values of data/events.csv's ``category``: an unknown one is a DataError naming it and the valid ones."""
    if categories is None:
        return list(kinds)
    asked = [categories] if isinstance(categories, str) else list(categories)
    unknown = [c for c in asked if c not in kinds]
    if unknown:
        raise data.DataError(f"timeline_explorer: {', '.join(map(repr, unknown))} "
                        f"{'is not a category' if len(unknown) == 1 else 'are not categories'} of the events in "
                        f"data/events.csv (field 'category'). Choose from: {', '.join(map(repr, kinds))}.")
    if not asked:
        raise data.DataError("timeline_explorer: categories=[] ticks no category; name at least one, e.g. "
                        f"categories=[{kinds[0]!r}], or leave it out for all.")
    return asked


FIRST_EVENTS = 5
"""How many events a long list shows open; the rest fold under "Show all n events"."""
ALL_UP_TO = 8
"""A list of this many events or fewer shows them all: readers found "(6)" with one of them folded odd."""


def open_events(count: int, first: int | None = FIRST_EVENTS) -> int:
    """How many of ``count`` events a list shows open: all up to :data:`ALL_UP_TO` (or ``first``, if more), else
    ``first``; ``first=None``: all.

    >>> open_events(6), open_events(9), open_events(9, first=None)
    (6, 5, 9)
    """
    if first is None or count <= max(first, ALL_UP_TO):
        return count
    return first


LIST_STYLE = "line-height:1.5"
"""The line height of a list in a widget: ipywidgets gives an HTML widget's content the height of one control
(28 px) per line, which spread a wrapped item over gaps and made the list look broken (lesson 02)."""


def events_html(table, first: int | None = FIRST_EVENTS, paragraphs: bool = True) -> str:
    """A list of events as HTML (date, title, category, memo paragraphs) under a heading that says what it is and
    how many; every text escaped.

    ``table``: rows of :func:`event_rows` (or the same as a DataFrame). Up to :data:`ALL_UP_TO` events are all
    shown open; of more, only the ``first`` (see :func:`open_events`), and the others fold under a "Show all n events" disclosure (a ``<details>`` element, which the keyboard
    opens too). ``first=None`` lists every event open. ``paragraphs=False`` leaves out each event's memo
    paragraphs (its category stays), for a lesson whose question they would answer before the learner looks.
    """
    e = html.escape
    rows = table.to_dict("records") if hasattr(table, "to_dict") else table
    if not len(rows):
        return f'<p class="course-events-empty" style="{LIST_STYLE}">No events in this selection.</p>'
    shown = open_events(len(rows), first)
    # lesson 06: "(9)" over five open events read as a count gone wrong; a folded list says where the rest are
    where = f" (the first {shown} here, the rest under <em>Show all</em>)" if shown < len(rows) else ""
    return (f'<div class="course-events-list" style="{LIST_STYLE}">'
            f'<p style="margin:0.8em 0 0.2em 0"><strong>The events in this selection ({len(rows)})</strong>, '
            f"in date order{where}:</p>"
            f"{_event_items(rows, shown, paragraphs)}</div>")


def _event_items(rows: list[dict], shown: int, paragraphs: bool = True) -> str:
    """The events as list items: the first ``shown`` open, the rest under a "Show all n events" fold."""
    e = html.escape
    items = [
        f'<li data-event="{e(r["id"])}"><strong>{e(r["when"])}</strong>: {e(r["title"])} '
        f"<small>({e(r['category'])}"
        f"{'; memo ' + e(', '.join(data.split_list(r['paragraphs']))) if r['paragraphs'] and paragraphs else ''})"
        "</small></li>"
        for r in rows
    ]
    if shown >= len(items):
        return f'<ul class="course-events">{"".join(items)}</ul>'
    summary = f"Show all {len(items)} events ({len(items) - shown} more)"
    return (f'<ul class="course-events">{"".join(items[:shown])}</ul>'
            f'<details class="course-events-more"><summary>{summary}</summary>'
            f'<ul class="course-events">{"".join(items[shown:])}</ul></details>')


def paragraphs_html(eid: str, data_dir: DataDir = None) -> str:
    """The memo paragraphs that mention an event, as escaped HTML block quotes."""
    paras = paragraph_rows_for_event(eid, data_dir)
    if not paras:
        return f'<p style="{LIST_STYLE}">The memo does not mention this event; it is context for reading it.</p>'
    e = html.escape
    cite = citation(data_dir)
    return f'<div class="course-event-paragraphs" style="{LIST_STYLE}">' + "".join(
        f'<blockquote data-paragraph="{e(r["id"])}"><p>{e(r["text"])}</p>'
        f"<footer><small>{e(r['speaker'])}. {e(cite.short(r['id']))}</small></footer></blockquote>"
        for r in paras
    ) + "</div>"


# --- the timeline chart's table ----------------------------------------------------------------------

CARD_WIDTH = 66
"""Characters per line in the timeline's text panel."""
TIMELINE_COLUMNS = ["id", "when", "start", "end", "precision", "from", "until", "category", "title", "description",
                    "paragraphs", "sources", "citation", "in_memo", "card"]


def timeline_numbers(categories: list[str] | None = None, start=None, end=None, data_dir: DataDir = None) -> Table:
    """The events the timeline shows (see :func:`filter_event_rows`), with their citations and card texts."""
    rows = filter_event_rows(categories, start, end, data_dir)
    for row in rows:
        row["citation"] = " | ".join(cite(row["sources"], data_dir))
        row["card"] = card_text(row)
    return Table(TIMELINE_COLUMNS, [{c: row[c] for c in TIMELINE_COLUMNS} for row in rows], {"in_memo": "bool"})


def timeline_table(categories: list[str] | None = None, start=None, end=None, data_dir: DataDir = None):
    """The events the timeline shows (see :func:`helpers.timeline.filter_events`), with their citations.

    Columns: id, when, start, end, precision, from, until, category, title,
    description, paragraphs, sources, citation, in_memo, card (the text the
    chart shows when an event is clicked).
    """
    return timeline_numbers(categories, start, end, data_dir).to_frame()


def card_text(row: dict) -> str:
    """The text the timeline shows for a clicked event: title, date, category, description, sources, paragraphs."""
    paras = data.split_list(row["paragraphs"])
    lines = [f"{row['title']} ({row['when']}; {row['category']})", *textwrap.wrap(row["description"], CARD_WIDTH)]
    lines += textwrap.wrap("Sources: " + row["citation"], CARD_WIDTH)
    lines.append("In the memo: paragraph(s) " + ", ".join(paras) if paras else "The memo does not mention it.")
    return "\n".join(lines)
