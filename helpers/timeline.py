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
from pathlib import Path

import pandas as pd

from . import data
from .memo import load_memo

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


def events(data_dir: DataDir = None) -> pd.DataFrame:
    """The events table with derived columns for charts and lists.

    Adds ``from`` (first day, ISO), ``until`` (first day after the event's
    period, ISO), ``when`` (the date in words), ``is_span`` (True where the
    event has an end), ``in_memo`` (True where ``paragraphs`` is not empty),
    sorted by date.
    """
    table = data.load("events", data_dir)
    starts = [period(s) for s in table["start"]]
    ends = [period(e) if e else None for e in table["end"]]
    table["from"] = [s[0].isoformat() for s in starts]
    table["until"] = [(e or s)[1].isoformat() for s, e in zip(starts, ends)]
    table["when"] = [spoken(s) + (f" – {spoken(e)}" if e else "") for s, e in zip(table["start"], table["end"])]
    table["is_span"] = table["end"] != ""
    table["in_memo"] = table["paragraphs"] != ""
    return table.sort_values(["from", "id"], kind="stable").reset_index(drop=True)


def categories(data_dir: DataDir = None) -> list[str]:
    """The event categories the data package allows, in its order (for stable colours)."""
    for field in data.resource("events", data_dir)["schema"]["fields"]:
        if field["name"] == "category":
            return list(field.get("constraints", {}).get("enum", []))
    return []


def filter_events(categories: list[str] | tuple[str, ...] | None = None, start=None, end=None,
                  data_dir: DataDir = None) -> pd.DataFrame:
    """Events in the given categories that overlap the period from ``start`` to ``end``.

    Parameters
    ----------
    categories : category names (``None`` or empty: all).
    start, end : a year (``1956``), a ``YYYY-MM[-DD]`` string or a date; either may be ``None``.
        An event is kept when any part of it falls inside the period, both ends included.

    Returns the rows of :func:`events`, in date order.
    """
    table = events(data_dir)
    if categories:
        allowed = set(_categories_or_all(data_dir, table))
        unknown = [c for c in categories if c not in allowed]
        if unknown:
            raise data.DataError(f"Unknown event categories: {', '.join(map(repr, unknown))}. "
                                 f"Choose from: {', '.join(sorted(allowed))}.")
        table = table[table["category"].isin(list(categories))]
    low, high = _bound(start, upper=False), _bound(end, upper=True)
    if low is not None and high is not None and high <= low:
        raise data.DataError(f"The period from {start} to {end} is empty: the start must come before the end.")
    if low is not None:
        table = table[table["until"] > low.isoformat()]
    if high is not None:
        table = table[table["from"] < high.isoformat()]
    return table.reset_index(drop=True)


def _categories_or_all(data_dir: DataDir, table: pd.DataFrame) -> list[str]:
    return categories(data_dir) or sorted(set(table["category"]))


def events_for_paragraph(pid: str, data_dir: DataDir = None) -> pd.DataFrame:
    """The events a memo paragraph mentions or presupposes (rows of :func:`events`)."""
    load_memo(data_dir).paragraph(pid)
    table = events(data_dir)
    mask = [pid in data.split_list(cell) for cell in table["paragraphs"]]
    return table[mask].reset_index(drop=True)


def paragraphs_for_event(eid: str, data_dir: DataDir = None) -> pd.DataFrame:
    """The memo paragraphs that mention an event: columns ``id``, ``speaker``, ``text``."""
    table = events(data_dir)
    row = table[table["id"] == eid]
    if row.empty:
        raise data.DataError(f"data/events.csv has no event with id {eid!r}.")
    ids = data.split_list(row.iloc[0]["paragraphs"])
    paras = load_memo(data_dir).paragraphs
    return paras[paras["id"].isin(ids)][["id", "speaker", "text"]].reset_index(drop=True)


def conversation_date(data_dir: DataDir = None) -> dt.date:
    """The date of the conversation, read from the memo's first paragraph ('2 October 1958 Beijing')."""
    first = load_memo(data_dir).paragraphs["text"].iloc[0]
    match = re.search(r"(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})", first)
    if not match:
        raise data.DataError("data/paragraphs.csv: the first paragraph does not give the date as '2 October 1958'.")
    return dt.date(int(match.group(3)), MONTHS.index(match.group(2)) + 1, int(match.group(1)))


FIRST_EVENTS = 5
"""How many events a list shows open; the rest fold under "Show all n events"."""


def events_html(table: pd.DataFrame, first: int | None = FIRST_EVENTS) -> str:
    """A list of events as HTML (date, title, category, memo paragraphs); every text escaped.

    Only the ``first`` events are shown open; the others fold under a "Show all n events" disclosure (a
    ``<details>`` element, which the keyboard opens too). ``first=None`` lists every event open.
    """
    e = html.escape
    if table.empty:
        return '<p class="course-events-empty">No events in this selection.</p>'
    items = [
        f'<li data-event="{e(r.id)}"><strong>{e(r.when)}</strong>: {e(r.title)} '
        f"<small>({e(r.category)}{'; memo ' + e(', '.join(data.split_list(r.paragraphs))) if r.paragraphs else ''})"
        "</small></li>"
        for r in table.itertuples()
    ]
    if first is None or len(items) <= first:
        return f'<ul class="course-events">{"".join(items)}</ul>'
    summary = f"Show all {len(items)} events ({len(items) - first} more)"
    return (f'<ul class="course-events">{"".join(items[:first])}</ul>'
            f'<details class="course-events-more"><summary>{summary}</summary>'
            f'<ul class="course-events">{"".join(items[first:])}</ul></details>')


def paragraphs_html(eid: str, data_dir: DataDir = None) -> str:
    """The memo paragraphs that mention an event, as escaped HTML block quotes."""
    from .citation import citation

    paras = paragraphs_for_event(eid, data_dir)
    if paras.empty:
        return "<p>The memo does not mention this event; it is context for reading it.</p>"
    e = html.escape
    cite = citation(data_dir)
    return "".join(
        f'<blockquote data-paragraph="{e(r.id)}"><p>{e(r.text)}</p>'
        f"<footer><small>{e(r.speaker)}. {e(cite.short(r.id))}</small></footer></blockquote>"
        for r in paras.itertuples()
    )
