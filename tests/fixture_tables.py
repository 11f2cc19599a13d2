"""The fixture tables: a small course's tables in ``tests/fixtures/tables/*.csv``, one set for every test.

The ``fixture_data`` fixture (conftest.py) writes them over a scratch copy of data/ and fails when
the result does not validate, so a broken fixture table fails loudly instead of skipping. They hold
the cases the tests need and the course's own data may one day lose: a range and a series the memo
does not state (record.csv), an event with an end and one a century before the memo (events.csv),
people in the room and people only mentioned (people.csv), and :data:`PAYLOAD` in text fields
wherever data becomes HTML (a person, a term, a source title).
"""
from __future__ import annotations

import csv
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "fixtures" / "tables"
PAYLOAD = "<img src=x onerror=alert(1)>"
"""Markup that the fixture tables put into text fields: it must reach every page as text, never as a tag."""
TABLES = tuple(sorted(p.stem for p in FOLDER.glob("*.csv")))


def rows(name: str) -> list[dict[str, str]]:
    """The rows of the fixture table ``name`` as the CSV holds them (every cell a string)."""
    with (FOLDER / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def ids(name: str, **where: str) -> list[str]:
    """The ids of the rows of ``name`` whose fields equal ``where`` (all rows without it), in the table's order."""
    return [r["id"] for r in rows(name) if all(r[k] == v for k, v in where.items())]
