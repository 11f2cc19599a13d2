"""The numbers behind the charts: the memo's figures and what other sources give, as tables of rows.

Pure functions over ``data/figures.csv`` and ``data/record.csv``; no Altair, no
pandas. Each ``..._numbers`` gives a :class:`helpers.tables.Table` (what a chart
draws and what its "Show the numbers" disclosure lists); each ``..._table``
gives the same as a pandas DataFrame, for a learner who asks for the table.
"""
from __future__ import annotations

from pathlib import Path

from . import data
from .context import cite
from .reactions import REACTION_COLUMNS, reaction_rows
from .tables import Table

DataDir = Path | str | None
MEMO = "The memo"
RECORD = "Other sources"
RECORD_KIND = "other sources"
"""The kind (and so the colour) of every number from outside the memo, in the key beside the memo's kinds."""
MEMO_COLUMNS = ["source", "id", "series", "order", "label", "value", "low", "high", "unit", "year", "kind",
                "paragraph", "quote", "note"]
RECORD_COLUMNS = ["basis", "sources", "citation", "figures"]
KINDS = {"order": "integer", "value": "number", "low": "number", "high": "number", "year": "integer"}
"""The kinds of the numeric columns of the stated-vs-record tables (the rest is text)."""


def memo_rows(series: list[str], units: list[str] | None, data_dir: DataDir = None) -> list[dict]:
    """The memo's figures of these series (and units, where given), series by series in the memo's order."""
    rows = [r for r in data.rows("figures", data_dir)
            if r["series"] in series and (units is None or r["unit"] in units)]
    rows.sort(key=lambda r: (series.index(r["series"]), r["order"] is None, r["order"] or 0))
    return [{**{c: r.get(c) for c in MEMO_COLUMNS}, "source": MEMO} for r in rows]


def record_rows(series: list[str], units: list[str] | None, data_dir: DataDir = None) -> list[dict]:
    """What other sources give for these series, by year (a row without a year last), with full citations."""
    rows = [r for r in data.rows("record", data_dir)
            if r["series"] in series and (units is None or r["unit"] in units)]
    rows.sort(key=lambda r: (r["year"] is None, r["year"] or 0))
    out = []
    for r in rows:
        row = {**r, "source": RECORD, "kind": RECORD_KIND, "order": None, "paragraph": r["paragraphs"], "quote": "",
               "citation": " | ".join(cite(r["sources"], data_dir))}
        out.append({c: row.get(c) for c in MEMO_COLUMNS + RECORD_COLUMNS})
    return out


def _asked(value, scalar, name: str, example: str) -> list | None:
    """``value`` as a list (one ``scalar`` becomes a list of one; ``None`` stays ``None``: every row); an empty list
    is a :class:`~helpers.data.DataError` that says what to give instead."""
    if value is None:
        return None
    asked = [value] if isinstance(value, scalar) else list(value)
    if not asked:
        raise data.DataError(f"{name}: the list is empty; {example}")
    return asked


def record_years(years, series: list[str], data_dir: DataDir = None) -> list[int] | None:
    """The years asked for, as a sorted list of ints (``None``: every year), each checked against
    ``data/record.csv``: a year with no row of these series is a :class:`~helpers.data.DataError` naming the
    years that have rows (an empty chart would say nothing)."""
    asked = _asked(years, (int, str), "years", "give at least one year, e.g. years=[1958], or leave it out for "
                   "every year.")
    if asked is None:
        return None
    try:
        wanted = sorted({int(y) for y in asked})
    except (TypeError, ValueError):
        raise data.DataError(f"years: {asked!r} is not a list of years; give them as numbers, e.g. "
                             "years=[1958, 1959].") from None
    have = sorted({int(r["year"]) for r in data.rows("record", data_dir)
                   if r["series"] in series and r["year"] is not None})
    missing = [y for y in wanted if y not in have]
    if missing:
        raise data.DataError(
            f"data/record.csv has no row for {', '.join(series)} in {', '.join(map(str, missing))} (field 'year'). "
            f"Years with rows: {', '.join(map(str, have)) or 'none'}.")
    return wanted


def record_ids(ids, memo_series: list[str], record_series: list[str], data_dir: DataDir = None) -> list[str] | None:
    """The row ids asked for (``None``: every row), each checked: an id of the memo's figures
    (``data/figures.csv``) of these series, or of other sources' rows (``data/record.csv``) of theirs. An id in
    neither file, or of another chart's series, is a :class:`~helpers.data.DataError` naming it and the file."""
    asked = _asked(ids, str, "ids", "name at least one row, e.g. ids=['steel-1958-eight-months'], or leave it "
                   "out for every row.")
    if asked is None:
        return None
    for table, series in (("figures", memo_series), ("record", record_series)):
        for row in data.rows(table, data_dir):
            if row["id"] in asked and row["series"] not in series:
                raise data.DataError(
                    f"ids: {row['id']!r} is a row of data/{table}.csv for {row['series']!r} (field 'series'), not "
                    f"for this chart ({', '.join(series)}).")
    known = {r["id"] for r in data.rows("figures", data_dir)} | {r["id"] for r in data.rows("record", data_dir)}
    unknown = [i for i in asked if i not in known]
    if unknown:
        raise data.DataError(
            f"ids: no row has the id {', '.join(map(repr, unknown))} in data/figures.csv (the memo's figures) or "
            f"data/record.csv (other sources) (field 'id'). Check the spelling against the 'id' column.")
    return asked


def _only(rows: list[dict], ids: list[str] | None, table: str, data_dir: DataDir, why: str) -> list[dict]:
    """The rows whose id is named, where any id of ``data/<table>.csv`` is named (else all the rows); a named id
    of that file that is not among the rows is a DataError saying ``why``."""
    if ids is None:
        return rows
    of_file = [i for i in ids if i in {r["id"] for r in data.rows(table, data_dir)}]
    if not of_file:
        return rows
    missing = [i for i in of_file if i not in {r["id"] for r in rows}]
    if missing:
        raise data.DataError(f"ids: {', '.join(map(repr, missing))} (data/{table}.csv) {why}.")
    return [r for r in rows if r["id"] in of_file]


def stated_rows(memo_series: list[str], units: list[str] | None, record: bool, record_series: list[str],
                data_dir: DataDir = None, years: list[int] | None = None, ids=None) -> list[dict]:
    """The memo's rows, then (``record``) other sources' rows, those in the memo's units first.

    ``years``: other sources' rows only for these years (see :func:`record_years`); the memo's rows are
    always all given, whatever year they speak of.
    ``ids``: only the rows with these ids (see :func:`record_ids`): the ids of the memo's figures
    (``data/figures.csv``) choose among the memo's rows, those of ``data/record.csv`` among other sources';
    where no id of one file is named, that side is given whole.
    """
    wanted_ids = record_ids(ids, memo_series, record_series, data_dir)
    memo = _only(memo_rows(memo_series, units, data_dir), wanted_ids, "figures", data_dir,
                 "is a figure this chart does not draw (its unit is not an amount on the chart's axes)")
    wanted = record_years(years, record_series, data_dir)
    if not record:
        return memo
    shown_units = list(dict.fromkeys(r["unit"] for r in memo))
    rec = record_rows(record_series, None, data_dir)
    if wanted is not None:
        rec = [r for r in rec if r["year"] is not None and int(r["year"]) in wanted]
    rec = _only(rec, wanted_ids, "record", data_dir,
                f"is not for the years chosen ({', '.join(map(str, wanted or []))}; field 'year')")
    rec.sort(key=lambda r: shown_units.index(r["unit"]) if r["unit"] in shown_units else len(shown_units))
    return [{**r, "basis": "", "sources": "", "citation": "", "figures": ""} for r in memo] + rec


def _stated(rows: list[dict], record: bool) -> Table:
    return Table(MEMO_COLUMNS + (RECORD_COLUMNS if record else []), rows, KINDS)


def steel_unit(data_dir: DataDir = None) -> str:
    """The unit of the memo's steel ladder: the unit of its first steel figure."""
    rows = memo_rows(["steel"], None, data_dir)
    return rows[0]["unit"] if rows else ""


def steel_numbers(record: bool = False, data_dir: DataDir = None, years: list[int] | None = None,
                  ids: list[str] | None = None) -> Table:
    """Steel: 1957 output and the 1958-1959 targets in the memo's order (see :func:`steel_table`)."""
    return _stated(stated_rows(["steel"], [steel_unit(data_dir)], record, ["steel"], data_dir, years, ids), record)


def steel_table(record: bool = False, data_dir: DataDir = None, years: list[int] | None = None,
                ids: list[str] | None = None):
    """Steel in million tonnes: 1957 output and the 1958-1959 targets in the memo's order.

    The memo's 'raise it again two times' (unit ``times``) is left out; the
    chart's description quotes it. With ``record=True``, the rows of ``record.csv`` for the series ``steel`` follow.
    Columns: source, id, series, order, label, value, low, high, unit, year,
    kind, paragraph, quote, note (and basis, sources, citation, figures with the record).
    ``years``: other sources' rows only for these years. ``ids``: only these rows (see :func:`stated_rows`).
    """
    return steel_numbers(record, data_dir, years, ids).to_frame()


HARVEST = ["harvest", "harvest-increase"]


def harvest_units(data_dir: DataDir = None) -> list[str]:
    """The units of the memo's harvest figures that are amounts (``times`` is words about them)."""
    return [u for u in dict.fromkeys(r["unit"] for r in memo_rows(HARVEST, None, data_dir)) if u != "times"]


def harvest_numbers(record: bool = False, data_dir: DataDir = None, years: list[int] | None = None,
                    ids: list[str] | None = None) -> Table:
    """The memo's harvest and its percent ladder (see :func:`harvest_table`)."""
    return _stated(stated_rows(HARVEST, harvest_units(data_dir), record, HARVEST, data_dir, years, ids), record)


def harvest_table(record: bool = False, data_dir: DataDir = None, years: list[int] | None = None,
                  ids: list[str] | None = None):
    """The memo's harvest (tonnes) and its percent ladder; with ``record=True`` the record's harvest series
    (``years``: only for these years).

    Rows in ``times`` (the memo's 'two times more') are left out: they are
    words about the other numbers; the chart's description quotes them.
    """
    return harvest_numbers(record, data_dir, years, ids).to_frame()


def communes_numbers(record: bool = False, data_dir: DataDir = None, years: list[int] | None = None,
                     ids: list[str] | None = None) -> Table:
    """Collectives, communes and households per commune (see :func:`communes_table`)."""
    return _stated(stated_rows(["communes"], None, record, ["communes"], data_dir, years, ids), record)


def communes_table(record: bool = False, data_dir: DataDir = None, years: list[int] | None = None,
                   ids: list[str] | None = None):
    """Collectives, communes and households per commune as the memo states them; record rows with ``record``
    (``years``: only for these years)."""
    return communes_numbers(record, data_dir, years, ids).to_frame()


def catch_up_numbers(data_dir: DataDir = None) -> Table:
    """Years to catch up with England (see :func:`catch_up_table`)."""
    return _stated(memo_rows(["catch-up"], None, data_dir), False)


def catch_up_table(data_dir: DataDir = None):
    """Years to catch up with England as the memo states them, in its order (ranges as low and high)."""
    return catch_up_numbers(data_dir).to_frame()


def reactions_numbers(data_dir: DataDir = None) -> Table:
    """Stage directions and toasts per paragraph (see :func:`helpers.reactions.reaction_rows`)."""
    return Table(REACTION_COLUMNS, reaction_rows(data_dir), {"count": "int"})


def reactions_table(data_dir: DataDir = None):
    """Stage directions and toasts per paragraph (see :func:`helpers.reactions.reaction_rows`)."""
    return reactions_numbers(data_dir).to_frame()
