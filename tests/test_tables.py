"""The tables behind the charts, kept as rows, show as pandas showed them (so a lesson looks the same), except that
a missing value is an empty cell where pandas wrote "<NA>"."""
from __future__ import annotations

import re

import pytest

from helpers import figures, reading, render, timeline
from helpers.tables import Table

TWINS = {
    "steel": lambda: figures.steel_numbers(),
    "steel with the record": lambda: figures.steel_numbers(record=True),
    "harvest with the record": lambda: figures.harvest_numbers(record=True),
    "communes with the record": lambda: figures.communes_numbers(record=True),
    "catch-up": lambda: figures.catch_up_numbers(),
    "reactions": lambda: figures.reactions_numbers(),
    "certainty": lambda: reading.certainty_numbers(),
    "frequency": lambda: reading.frequency_numbers("steel"),
    "timeline": lambda: timeline.timeline_numbers(),
}


def _pandas_html(table: Table, **kw) -> str:
    """What pandas writes for the table, with its markers of a missing value ("<NA>", "None") as empty cells."""
    out = table.to_frame().to_html(index=False, escape=True, na_rep="", border=0, **kw)
    return out.replace("<td>&lt;NA&gt;</td>", "<td></td>").replace("<td>None</td>", "<td></td>")


@pytest.mark.parametrize("name", TWINS)
def test_a_table_of_rows_writes_the_markup_pandas_writes(name):
    table = TWINS[name]()
    assert len(table) > 0
    assert list(table.to_frame().columns) == table.columns
    assert table.to_html("course-numbers-table") == _pandas_html(table, classes="course-numbers-table")


@pytest.mark.parametrize("name", ["catch-up", "certainty", "harvest with the record"])
def test_a_missing_number_shows_as_an_empty_cell_under_the_same_caption(name):
    table = TWINS[name]()
    missing = sum(row.get(c) is None for row in table.rows for c in table.columns if table.kind(c) != "string")
    assert missing, f"{name}: the table has no missing number, so it proves nothing here"
    out = render.numbers_html(table, "A title")
    assert "&lt;NA&gt;" not in out and "<NA>" not in out and ">None<" not in out
    assert "<caption>The numbers in the chart: A title</caption>" in out
    cells = re.findall(r"<td>([^<]*)</td>", table.to_html())
    assert cells.count("") == sum(row.get(c) in (None, "") for row in table.rows for c in table.columns)


def test_every_kind_of_cell_is_written_as_pandas_writes_it():
    rows = [{"s": 'a<b & "c"', "i": 1, "n": 5.35, "c": 2, "f": 1.5, "b": True},
            {"s": "x\ny\tz ", "i": None, "n": None, "c": 3, "f": None, "b": False},
            {"s": None, "i": 7, "n": 0.30000000000000004, "c": 4, "f": 2.25, "b": True},
            {"s": "", "i": 8, "n": 1e16, "c": 5, "f": 3.0, "b": False}]
    table = Table(["s", "i", "n", "c", "f", "b"], rows,
                  {"i": "integer", "n": "number", "c": "int", "f": "float", "b": "bool"})
    want = _pandas_html(table)
    # pandas writes a plain float column with one number of decimals for the whole column; rows never hold one
    got = table.to_html()
    assert got.replace("<td>1.5</td>", "<td>1.50</td>").replace("<td>3.0</td>", "<td>3.00</td>") == want
    assert Table.from_frame(table.to_frame()).rows[1]["i"] is None
