"""Reading a table's file: the CSV text, and each cell as the data package says (one parse path).

:func:`read_table` reads a CSV file into its header and rows, with a problem for
anything unreadable; :func:`parse_cell` reads one cell as its field's type. The
check and the loader both use them, so what ``python -m helpers check`` accepts
is exactly what the lessons load. Files saved by Excel ("CSV UTF-8", which
starts with a byte-order mark) or LibreOffice read as they are.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem

LIST_SEP = ";"
SHOWN_PER_KIND = 3
"""How many lines with the same structural fault are listed before the rest are summed up in one line."""
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
INTEGER = re.compile(r"-?[0-9]+")
NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
URL = re.compile(r"https?://[^\s<>\"'`]+", flags=re.I)
MAX_CELL = 131_072
"""The most characters a cell may hold (Python's csv default); a longer cell is named with its line and field."""
CSV_LIMIT = 8 * MAX_CELL
"""The csv reader's own limit while reading a table: beyond it a cell is taken for a quote left open."""
YEARS = (1000, 2999)
"""The years a date may have (four digits; anything else is taken for a typing slip)."""
LARGEST = 2 ** 53
"""Whole numbers beyond this cannot be held exactly by a chart (JavaScript numbers)."""


def split_list(cell: str) -> list[str]:
    """Split a ``;``-separated cell into its items (an empty cell gives ``[]``)."""
    return [item.strip() for item in str(cell).split(LIST_SEP) if item.strip()]


def _digits_hint(value: str) -> str:
    text = value.strip()
    if "_" in text:
        return " Write it without '_' (e.g. 1000, not 1_000)."
    if any(c.isdigit() and not "0" <= c <= "9" for c in text):
        return " Use the digits 0-9 (this cell holds digits of another script, e.g. from a spreadsheet's locale)."
    if text.lower().lstrip("+-") in ("nan", "inf", "infinity", "na", "n/a", "none", "null"):
        return " Leave the cell empty where there is no number."
    if re.fullmatch(r"-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?", text):
        return " Write it without thousands separators (e.g. 700000)."
    if re.fullmatch(r"-?[0-9]+,[0-9]+", text):
        return " Use a point for decimals (5.35, not 5,35)."
    if re.fullmatch(r"[-+]?[0-9.]+[eE][-+]?[0-9]+", text):
        return " Write the number out in full (e.g. 10700000), not in E notation."
    return ""


def partial_date(text: str) -> tuple[dt.date, dt.date]:
    """The first day of a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date and the first day after it.

    Raises ValueError with a sentence when the text is not such a date or not a real calendar day.
    """
    match = DATE.fullmatch(text)
    if not match:
        raise ValueError(f"{text!r} is not a date. Write YYYY, YYYY-MM or YYYY-MM-DD with the digits 0-9, "
                         "e.g. 1958-10-02.")
    year, month, day = int(match.group(1)), match.group(2), match.group(3)
    if not YEARS[0] <= year <= YEARS[1]:
        raise ValueError(f"{text!r} has the year {match.group(1)}; the course's dates lie between {YEARS[0]} and "
                         f"{YEARS[1]}. Check for a typing slip.")
    try:
        if day:
            first = dt.date(year, int(month), int(day))
            return first, first + dt.timedelta(days=1)
        if month:
            first = dt.date(year, int(month), 1)
            return first, dt.date(year + (first.month == 12), first.month % 12 + 1, 1)
        return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    except ValueError:
        raise ValueError(f"{text!r} is not a day of the calendar (month 01-12, a day the month has).") from None


def is_url_field(field: dict) -> bool:
    """True for a field that holds a web address (named ``url``, or with format ``uri``)."""
    return field.get("name") == "url" or field.get("format") == "uri"


def parse_cell(value: str, field: dict) -> tuple[object, str | None]:
    """One cell read as the data package says: ``(typed value, None)`` or ``(None, what is wrong)``.

    ``integer`` gives an ``int``, ``number`` a ``float`` (the digits 0-9, an optional minus and
    decimal point; no ``nan``, ``inf``, ``1_000`` or other scripts' digits), an empty cell
    ``None``; text stays text, exactly as written. Both the check and the loader use this.
    """
    cons = field.get("constraints", {})
    kind = field.get("type", "string")
    if len(value) > MAX_CELL:
        return None, (f"the cell is longer than the {MAX_CELL:,} characters a cell may hold (it has {len(value):,}). "
                      "Shorten it; if it spans many lines of the file, a double quote where it starts is "
                      "probably not closed.")
    bad = CONTROL.search(value)
    if bad:
        return None, (f"holds a control character (U+{ord(bad.group()):04X}), invisible in a spreadsheet. "
                      "Retype the text around it.")
    if not value.strip():
        if cons.get("required"):
            return None, "is empty but required. Fill it in."
        return (None if kind in ("integer", "number") else value), None
    if kind == "integer":
        text = value.strip()
        if not INTEGER.fullmatch(text):
            return None, f"{value!r} is not a whole number. Write digits only, e.g. 1958, or leave it empty." + \
                _digits_hint(value)
        number = int(text)
        if abs(number) > LARGEST:
            return None, f"{value!r} is too large a whole number for a chart (at most {LARGEST})."
        typed: object = number
    elif kind == "number":
        text = value.strip()
        if not NUMBER.fullmatch(text):
            return None, (f"{value!r} is not a number. Write it like 5.35 (digits 0-9, a point, no units), "
                          "or leave it empty." + _digits_hint(value))
        number = float(text)
        if not math.isfinite(number) or abs(number) > LARGEST:
            return None, f"{value!r} is too large a number for a chart."
        typed = number
    else:
        typed = value
    if "enum" in cons and value not in cons["enum"]:
        near = " (remove the spaces around it)" if value.strip() in cons["enum"] else ""
        return None, f"{value!r} is not allowed{near}. Use one of: {', '.join(cons['enum'])}."
    if "pattern" in cons and not re.fullmatch(cons["pattern"], value, flags=re.ASCII):
        return None, f"{value!r} does not have the expected form ({field.get('description', cons['pattern'])})."
    if field.get("partialDate"):
        try:
            partial_date(value)
        except ValueError as err:
            return None, str(err)
    if is_url_field(field) and not URL.fullmatch(value):
        return None, (f"{value!r} is not a web address. Write the full address starting with https:// "
                      "(or http://), with no spaces, or leave the cell empty.")
    return typed, None


@dataclass
class Table:
    """A CSV file as read: header, rows (``_line`` is each row's first line), file-level problems."""

    header: list[str]
    rows: list[dict]
    problems: list[Problem]


def _decode(raw: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(shown, 1, None, "is saved as UTF-16 (Excel's \"Unicode Text\"). Save it again as "
                              "\"CSV UTF-8 (Comma delimited)\" (Excel) or \"Text CSV\" with UTF-8 (LibreOffice).")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        return None, [Problem(shown, line, None, f"is not UTF-8 text ({err.reason} at byte {err.start}). "
                              "Save it as \"CSV UTF-8\" (Excel) or with the character set UTF-8 (LibreOffice); "
                              "check that line for a character that looks wrong.")]


def _csv_error(err: csv.Error, start: int, now: int) -> str:
    text = str(err)
    if "field larger than field limit" in text:
        limit = CSV_LIMIT
        if now > start + 1:
            return (f"a cell that starts on line {start} runs on to line {now} and passes {limit:,} characters: "
                    f"a double quote on line {start} is probably not closed. Close it (or double a quote inside "
                    "text: \"\")")
        return (f"a cell is longer than {limit:,} characters; a cell may hold at most {MAX_CELL:,}. "
                "Shorten it: a cell holds a sentence or a paragraph, not a whole document.")
    if "unexpected end of data" in text or "EOF" in text:
        return (f"the file ends inside a quoted cell that starts on line {start}: a double quote is not closed "
                "there, or the file was cut short. Close the quote, or restore the end of the file.")
    return (f"is not valid CSV here ({text}). A double quote inside a cell must be doubled (\"\") and the whole "
            "cell put in double quotes.")


def read_table(path: Path, shown: str) -> Table:
    """Read a CSV file into its header and rows, with a problem (and its line) for anything unreadable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Table([], [], [Problem(shown, None, None, "file not found. Restore it from the course's repository.")])
    except IsADirectoryError:
        return Table([], [], [Problem(shown, None, None, "is a folder, not a file.")])
    except OSError as err:
        return Table([], [], [Problem(shown, None, None, f"cannot be read ({err.strerror}).")])
    text, problems = _decode(raw, shown)
    if text is None:
        return Table([], [], problems)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    before = csv.field_size_limit(CSV_LIMIT)  # the same limit whatever another library set it to
    try:
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as err:
                message = _csv_error(err, start, reader.line_num)
                return Table([], [], [Problem(shown, start, None, message),
                                       Problem(shown, None, None, "nothing else in this file was checked: fix "
                                               "that line first, then run the check again.")])
            records.append((start, cells))
    finally:
        csv.field_size_limit(before)
    if not records:
        return Table([], [], [Problem(shown, 1, None, "the file is empty; it needs a header row.")])
    header = records[0][1]
    if len(header) == 1 and LIST_SEP in header[0]:
        return Table([], [], [Problem(shown, 1, None, "the cells are separated by ';', not ','. Save it again as "
                                       "\"CSV UTF-8 (Comma delimited)\" (Excel) or choose ',' as the field "
                                       "delimiter (LibreOffice).")])
    body: list[dict] = []
    ragged: list[tuple[int, int]] = []
    for line, cells in records[1:]:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            ragged.append((line, len(cells)))
            continue
        body.append({"_line": line, **dict(zip(header, cells))})
    for line, count in ragged[:SHOWN_PER_KIND]:
        problems.append(Problem(shown, line, None, f"has {count} cells but the header has {len(header)}. "
                                "A comma inside text needs the whole cell in double quotes."))
    if len(ragged) > SHOWN_PER_KIND:
        rest = [line for line, _ in ragged[SHOWN_PER_KIND:]]
        problems.append(Problem(shown, rest[0], None, f"and {len(rest)} more lines (from line {rest[0]} to "
                                f"{rest[-1]}) have a number of cells other than the header's {len(header)}: "
                                "probably one fault above (a header cell added or removed, or a quote not closed)."))
    return Table(header, body, problems)
