"""The tables behind the charts, kept as rows, show exactly as pandas showed them (so a lesson looks the same)."""
from __future__ import annotations

import pytest

from helpers import figures, reading, timeline
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


@pytest.mark.parametrize("name", TWINS)
def test_a_table_of_rows_writes_the_markup_pandas_writes(name):
    table = TWINS[name]()
    assert len(table) > 0
    frame = table.to_frame()
    assert list(frame.columns) == table.columns
    want = frame.to_html(index=False, escape=True, na_rep="", border=0, classes="course-numbers-table")
    assert table.to_html("course-numbers-table") == want


def test_every_kind_of_cell_is_written_as_pandas_writes_it():
    rows = [{"s": 'a<b & "c"', "i": 1, "n": 5.35, "c": 2, "f": 1.5, "b": True},
            {"s": "x\ny\tz ", "i": None, "n": None, "c": 3, "f": None, "b": False},
            {"s": None, "i": 7, "n": 0.30000000000000004, "c": 4, "f": 2.25, "b": True},
            {"s": "", "i": 8, "n": 1e16, "c": 5, "f": 3.0, "b": False}]
    table = Table(["s", "i", "n", "c", "f", "b"], rows,
                  {"i": "integer", "n": "number", "c": "int", "f": "float", "b": "bool"})
    want = table.to_frame().to_html(index=False, escape=True, na_rep="", border=0)
    # pandas writes a plain float column with one number of decimals for the whole column; rows never hold one
    got = table.to_html()
    assert got.replace("<td>1.5</td>", "<td>1.50</td>").replace("<td>3.0</td>", "<td>3.00</td>") == want
    assert Table.from_frame(table.to_frame()).rows[1]["i"] is None
