"""Load the course's tables and check them against ``data/datapackage.json``.

The data package is the contract: each table's fields, types, required
cells, allowed values and references are read from it, so that an
instructor who edits a CSV file gets one clear message naming the file,
the line and the field, never a traceback from deep inside pandas.

Checking and loading share one parse path (:func:`parse_cell`): whatever
``python -m helpers check`` accepts is exactly what :func:`load` returns.
Files saved by Excel ("CSV UTF-8", which starts with a byte-order mark) or
LibreOffice read as they are.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

import pandas as pd

from . import paths

LIST_SEP = ";"
SHOWN_PER_KIND = 3
"""How many lines with the same structural fault are listed before the rest are summed up in one line."""
TYPES = ("string", "integer", "number")
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


class DataError(ValueError):
    """A data file breaks the data package's rules; the message says where and what to do."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file: where it is and what to do about it."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", {'cell' if self.file.endswith('.ipynb') else 'line'} {self.line}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


# --- the data package ----------------------------------------------------------------------------

PACKAGE = "data/datapackage.json"


def _json_line(text: str, needle: str, after: int = 0) -> int | None:
    """The line of the first occurrence of ``needle`` (from offset ``after``) in the JSON text, or None."""
    at = text.find(needle, max(after, 0))
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def _field_problems(fields, where: str, text: str, names: set[str], after: int = 0) -> list[Problem]:
    problems: list[Problem] = []

    def add(message: str, needle: str | None = None, key: str | None = None) -> None:
        line = _json_line(text, needle, after) if needle else None
        problems.append(Problem(PACKAGE, line, key, f"{where}: {message}"))

    if not isinstance(fields, list) or not fields:
        add("schema.fields must be a list of fields, each like {\"name\": \"id\", \"type\": \"string\"}.",
            None, "fields")
        return problems
    seen: set[str] = set()
    for n, fld in enumerate(fields, start=1):
        if not isinstance(fld, dict) or not isinstance(fld.get("name"), str) or not fld.get("name"):
            add(f"field no. {n} has no name. Write each field as {{\"name\": \"...\", \"type\": \"string\"}}.",
                None, "name")
            continue
        name = fld["name"]
        needle = f'"name": "{name}"'
        if name in seen:
            add(f"the field {name!r} is described twice. Remove one.", needle, "name")
        seen.add(name)
        if fld.get("type", "string") not in TYPES:
            add(f"the field {name!r} has type {fld.get('type')!r}; use one of: {', '.join(TYPES)}.", needle, "type")
        cons = fld.get("constraints", {})
        if not isinstance(cons, dict):
            add(f"the constraints of {name!r} must be an object, e.g. {{\"required\": true}}.", needle, "constraints")
            continue
        if "required" in cons and not isinstance(cons["required"], bool):
            add(f"'required' of {name!r} must be true or false (no quotes).", needle, "required")
        enum = cons.get("enum")
        if enum is not None and (not isinstance(enum, list) or not enum or not all(isinstance(v, str) for v in enum)):
            add(f"the allowed values ('enum') of {name!r} must be a list of texts, e.g. [\"output\", \"target\"], "
                "not one text.", needle, "enum")
        pattern = cons.get("pattern")
        if pattern is not None:
            try:
                re.compile(pattern if isinstance(pattern, str) else "(")
            except re.error as err:
                add(f"the pattern of {name!r} is not a valid regular expression ({err}).", needle, "pattern")
        ref = fld.get("references")
        if ref is not None and (not isinstance(ref, dict) or ref.get("resource") not in names):
            add(f"the field {name!r} refers to {ref!r}, which is not a table of the package. Write "
                "\"references\": {\"resource\": \"<table name>\"}.", needle, "references")
        for key in ("verbatimIn", "notBefore"):
            if key in fld and fld[key] not in [f.get("name") for f in fields if isinstance(f, dict)]:
                add(f"'{key}' of {name!r} names {fld[key]!r}, which is not a field of this table.", needle, key)
    return problems


def package_problems(data_dir: Path | str | None = None) -> list[Problem]:
    """Every fault in ``datapackage.json`` itself, one problem each (an empty list when it is sound)."""
    data_dir = paths.data_dir(data_dir)
    path = data_dir / "datapackage.json"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [Problem(PACKAGE, None, None, "not found. The data folder must hold datapackage.json; "
                        "restore it from the course's repository.")]
    except OSError as err:
        return [Problem(PACKAGE, None, None, f"cannot be read ({err.strerror}).")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return [Problem(PACKAGE, raw.count(b"\n", 0, err.start) + 1, None,
                        f"is not UTF-8 text ({err.reason}). Save it as UTF-8.")]
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        return [Problem(PACKAGE, err.lineno, None, f"not valid JSON ({err.msg}). Check the commas, quotes and "
                        "brackets near that line.")]
    if not isinstance(doc, dict) or not isinstance(doc.get("resources"), list) or not doc["resources"]:
        return [Problem(PACKAGE, None, "resources", "there is no list of \"resources\" (the tables). "
                        "Restore the file from the course's repository.")]
    problems: list[Problem] = []
    names = {r["name"] for r in doc["resources"] if isinstance(r, dict) and isinstance(r.get("name"), str)}
    seen: set[str] = set()
    for n, res in enumerate(doc["resources"], start=1):
        if not isinstance(res, dict):
            problems.append(Problem(PACKAGE, None, "resources", f"resource no. {n} is not an object {{...}}."))
            continue
        name = res.get("name")
        if not isinstance(name, str) or not name:
            problems.append(Problem(PACKAGE, None, "name", f"resource no. {n} has no \"name\"."))
            continue
        needle, where = f'"name": "{name}"', f"the resource {name!r}"
        if name in seen:
            problems.append(Problem(PACKAGE, _json_line(text, needle), "name", f"{where} is described twice."))
        seen.add(name)
        rel = res.get("path")
        if not isinstance(rel, str) or not _inside(rel):
            problems.append(Problem(PACKAGE, _json_line(text, needle), "path",
                                    f"{where} has the path {rel!r}. A path must name a file inside the data folder, "
                                    "e.g. \"figures.csv\" (no '..', no folder above it, no absolute path)."))
        if "schema" in res:
            if not isinstance(res["schema"], dict):
                problems.append(Problem(PACKAGE, _json_line(text, needle), "schema",
                                        f"{where}: the schema must be an object with \"fields\"."))
                continue
            problems += _field_problems(res["schema"].get("fields"), where, text, names, text.find(needle))
            trio = res["schema"].get("numberOrRange")
            names_here = [f.get("name") for f in res["schema"].get("fields") or [] if isinstance(f, dict)]
            if trio is not None and (not isinstance(trio, list) or len(trio) != 3
                                     or not all(t in names_here for t in trio)):
                problems.append(Problem(PACKAGE, _json_line(text, needle), "numberOrRange",
                                        f"{where}: numberOrRange must name three of its fields: value, low, high."))
            key = res["schema"].get("primaryKey", [])
            fields = [f.get("name") for f in res["schema"].get("fields") or [] if isinstance(f, dict)]
            if not isinstance(key, list) or not all(k in fields for k in key):
                problems.append(Problem(PACKAGE, _json_line(text, needle), "primaryKey",
                                        f"{where}: primaryKey must be a list of its fields, e.g. [\"id\"]."))
    if "memo" not in names:
        problems.append(Problem(PACKAGE, None, "resources", "there is no resource named 'memo' (the memo's text)."))
    return problems


def _inside(rel: str) -> bool:
    """True when a resource path names a file inside the data folder (no '..', not absolute)."""
    if not rel or "\\" in rel or "\x00" in rel or re.match(r"^[A-Za-z]:", rel) or "://" in rel:
        return False
    pure = PurePosixPath(rel)
    return bool(pure.parts) and not pure.is_absolute() and ".." not in pure.parts


def _package(data_dir: Path) -> dict:
    problems = package_problems(data_dir)
    if problems:
        listed = "\n".join(f"- {p}" for p in problems)
        raise DataError(f"{data_dir / 'datapackage.json'} has {len(problems)} problem(s):\n{listed}")
    return json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8-sig"))


def resource(name: str, data_dir: Path | str | None = None) -> dict:
    """Return the data package's description of one table (or the memo)."""
    package = _package(paths.data_dir(data_dir))
    for res in package["resources"]:
        if res["name"] == name:
            return res
    names = ", ".join(r["name"] for r in package["resources"] if "schema" in r)
    raise DataError(f"There is no table called {name!r}. The tables are: {names}.")


def table_names(data_dir: Path | str | None = None) -> list[str]:
    """Names of the tables (CSV resources) in the data package, in its order."""
    return [r["name"] for r in _package(paths.data_dir(data_dir))["resources"] if "schema" in r]


def allowed_values(table: str, field: str, data_dir: Path | str | None = None) -> list[str]:
    """The values the data package allows in one field (its ``enum``), in the package's order; ``[]`` if any.

    Charts colour by this list, so that a kind keeps its colour in every chart whichever rows are shown.
    """
    for fld in resource(table, data_dir)["schema"]["fields"]:
        if fld["name"] == field:
            return list(fld.get("constraints", {}).get("enum", []))
    raise DataError(f"The table {table!r} has no field {field!r} in data/datapackage.json.")


def split_list(cell: str) -> list[str]:
    """Split a ``;``-separated cell into its items (an empty cell gives ``[]``)."""
    return [item.strip() for item in str(cell).split(LIST_SEP) if item.strip()]


# --- cells: one parse path for checking and loading -------------------------------------------------

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


# --- reading a CSV file ----------------------------------------------------------------------------

@dataclass
class _Table:
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


def read_table(path: Path, shown: str) -> _Table:
    """Read a CSV file into its header and rows, with a problem (and its line) for anything unreadable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return _Table([], [], [Problem(shown, None, None, "file not found. Restore it from the course's repository.")])
    except IsADirectoryError:
        return _Table([], [], [Problem(shown, None, None, "is a folder, not a file.")])
    except OSError as err:
        return _Table([], [], [Problem(shown, None, None, f"cannot be read ({err.strerror}).")])
    text, problems = _decode(raw, shown)
    if text is None:
        return _Table([], [], problems)
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
                return _Table([], [], [Problem(shown, start, None, message),
                                       Problem(shown, None, None, "nothing else in this file was checked: fix "
                                               "that line first, then run the check again.")])
            records.append((start, cells))
    finally:
        csv.field_size_limit(before)
    if not records:
        return _Table([], [], [Problem(shown, 1, None, "the file is empty; it needs a header row.")])
    header = records[0][1]
    if len(header) == 1 and LIST_SEP in header[0]:
        return _Table([], [], [Problem(shown, 1, None, "the cells are separated by ';', not ','. Save it again as "
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
    return _Table(header, body, problems)


# --- checking a table ------------------------------------------------------------------------------

def shown_path(res: dict) -> str:
    return f"data/{res['path']}"


def resource_file(res: dict, data_dir: Path) -> Path:
    return data_dir / res["path"]


def _before(late: str, early: str, field: dict) -> bool:
    """True when ``late`` comes before ``early`` (dates: its period ends before the other begins)."""
    if field.get("partialDate"):
        return partial_date(late)[1] <= partial_date(early)[0]
    return tuple(int(d) for d in re.findall(r"[0-9]+", late)) < tuple(int(d) for d in re.findall(r"[0-9]+", early))


def _row_rules(schema: dict, row: dict, typed: dict, shown: str) -> list[Problem]:
    """Rules across the cells of one row: a number or a range; an end not before its start."""
    problems: list[Problem] = []
    line = row["_line"]
    trio = schema.get("numberOrRange")
    if trio:
        value, low, high = (typed.get(k) for k in trio)
        if value is None and (low is None or high is None):
            empty = trio[0] if low is None and high is None else (trio[1] if low is None else trio[2])
            problems.append(Problem(shown, line, empty, f"the row has no number: give '{trio[0]}', or both "
                                    f"'{trio[1]}' and '{trio[2]}' for a range."))
        elif low is not None and high is not None and low > high:
            problems.append(Problem(shown, line, trio[1], f"the low end ({row[trio[1]]}) is above the high end "
                                    f"({row[trio[2]]}). Swap them."))
    for fld in schema["fields"]:
        other = fld.get("notBefore")
        late, early = row.get(fld["name"], ""), row.get(other or "", "")
        if not other or not late.strip() or not early.strip():
            continue
        try:
            wrong = _before(late, early, fld)
        except ValueError:
            continue  # the cell itself is reported
        if wrong:
            problems.append(Problem(shown, line, fld["name"], f"{late!r} comes before '{other}' ({early!r}). "
                                    f"The {fld['name']} cannot come before the {other}: swap them or correct one."))
    return problems


def _check(name: str, data_dir: Path) -> tuple[list[Problem], list[dict], dict]:
    """Problems of one table, its rows with typed values (parsed once), and its resource."""
    res = resource(name, data_dir)
    shown = shown_path(res)
    if "schema" not in res:
        raise DataError(f"{name!r} is not a table of the data package.")
    table = read_table(resource_file(res, data_dir), shown)
    problems = list(table.problems)
    if not table.header:
        return problems, [], res
    fields = res["schema"]["fields"]
    expected = [f["name"] for f in fields]
    header = table.header
    missing = [f for f in expected if f not in header]
    extra = [h for h in header if h not in expected]
    twice = sorted({h for h in header if header.count(h) > 1})
    for col in missing:
        problems.append(Problem(shown, 1, col, f"the column '{col}' is missing from the header. "
                                f"The header must be: {','.join(expected)}"))
    for col in extra:
        problems.append(Problem(shown, 1, col or None, f"the column '{col}' is not in the data package. "
                                "Remove it or describe it in data/datapackage.json." if col else
                                "the header has an empty column name (a stray comma at its end?). Remove it."))
    for col in twice:
        problems.append(Problem(shown, 1, col, f"the column '{col}' appears twice in the header. Remove one."))
    if missing or twice:
        problems.append(Problem(shown, None, None, f"the {len(table.rows)} rows were not checked: fix the header "
                                "first, then run the check again."))
        return problems, [], res
    typed_rows: list[dict] = []
    for row in table.rows:
        typed: dict = {"_line": row["_line"]}
        for fld in fields:
            value, message = parse_cell(row[fld["name"]], fld)
            if message:
                problems.append(Problem(shown, row["_line"], fld["name"], message))
            typed[fld["name"]] = value
        problems += _row_rules(res["schema"], row, typed, shown)
        typed_rows.append(typed)
    for key in res["schema"].get("primaryKey", []):
        seen: dict[str, int] = {}
        for row in table.rows:
            if row[key] in seen:
                problems.append(Problem(shown, row["_line"], key, f"the id {row[key]!r} is used twice "
                                        f"(also on line {seen[row[key]]}). Give each row its own id."))
            seen.setdefault(row[key], row["_line"])
    problems += _check_references(res, table.rows, shown, data_dir)
    return problems, typed_rows, res


def _check_references(res: dict, rows: list[dict], shown: str, data_dir: Path) -> list[Problem]:
    problems: list[Problem] = []
    targets: dict[str, _Table] = {}

    def target(name: str) -> _Table:
        if name not in targets:
            other = resource(name, data_dir)
            targets[name] = read_table(resource_file(other, data_dir), shown_path(other))
        return targets[name]

    def unreadable(name: str, fld: str) -> Problem:
        return Problem(shown, None, fld, f"not checked against data/{resource(name, data_dir)['path']}, which "
                       "cannot be read (see its own problems).")

    for fld in res["schema"]["fields"]:
        ref = fld.get("references")
        if not ref:
            continue
        other = target(ref["resource"])
        if "id" not in other.header:
            problems.append(unreadable(ref["resource"], fld["name"]))
            continue
        ids = {row["id"] for row in other.rows}
        where = f"data/{resource(ref['resource'], data_dir)['path']}"
        dangling = [(row["_line"], value) for row in rows
                    for value in (split_list(row[fld["name"]]) if ref.get("list") else
                                  [row[fld["name"]]] if row[fld["name"]] else [])
                    if value not in ids]
        for line, value in dangling[:SHOWN_PER_KIND]:
            problems.append(Problem(shown, line, fld["name"], f"{value!r} is not an id in {where}. "
                                    "Check the spelling, or add that row first."))
        if len(dangling) > SHOWN_PER_KIND:
            rest = dangling[SHOWN_PER_KIND:]
            lines = ", ".join(str(line) for line in sorted({line for line, _ in rest}))
            problems.append(Problem(shown, rest[0][0], fld["name"], f"and {len(rest)} more ids not in {where} "
                                    f"(lines {lines}): {', '.join(sorted({repr(v) for _, v in rest})[:10])}"
                                    f"{' ...' if len({v for _, v in rest}) > 10 else ''}. If many ids are missing "
                                    f"at once, check {where} itself first."))
    for fld in res["schema"]["fields"]:
        of = fld.get("verbatimIn")
        if not of:
            continue
        paragraphs = target("paragraphs")
        if not {"id", "text"} <= set(paragraphs.header):
            problems.append(unreadable("paragraphs", fld["name"]))
            continue
        texts = {row["id"]: row["text"] for row in paragraphs.rows}
        for row in rows:
            para = texts.get(row[of])
            if para is not None and row[fld["name"]] and row[fld["name"]] not in para:
                problems.append(Problem(shown, row["_line"], fld["name"],
                                        f"the quote is not word for word in paragraph {row[of]}. "
                                        "Copy it exactly from data/paragraphs.csv (same punctuation and dashes)."))
    return problems


def check_table(name: str, data_dir: Path | str | None = None) -> list[Problem]:
    """Every problem in one table: columns, cells, row rules, duplicate ids, references and quotes."""
    return _check(name, paths.data_dir(data_dir))[0]


# --- loading -----------------------------------------------------------------------------------------

_DTYPES = {"integer": "Int64", "number": "Float64"}


def _stamp(data_dir: Path) -> tuple:
    return tuple((p.name, s.st_mtime_ns, s.st_size, s.st_ino)
                 for p in sorted(data_dir.glob("*")) if p.is_file() for s in [p.stat()])


@lru_cache(maxsize=64)
def _load(name: str, data_dir: Path, stamp: tuple) -> pd.DataFrame:
    problems, rows, res = _check(name, data_dir)
    if problems:
        shown = "\n".join(f"- {p}" for p in problems[:20])
        more = f"\n(and {len(problems) - 20} more)" if len(problems) > 20 else ""
        raise DataError(f"The table '{name}' has {len(problems)} problem(s):\n{shown}{more}\n"
                        "Fix them and run the cell again (python -m helpers check lists every problem).")
    columns = {}
    for fld in res["schema"]["fields"]:
        values = [row[fld["name"]] for row in rows]
        dtype = _DTYPES.get(fld.get("type", "string"))
        columns[fld["name"]] = pd.array(values, dtype=dtype) if dtype else pd.Series(values, dtype=object)
    return pd.DataFrame(columns, columns=[f["name"] for f in res["schema"]["fields"]])


def load(name: str, data_dir: Path | str | None = None) -> pd.DataFrame:
    """Load one table of the course as a typed DataFrame.

    Parameters
    ----------
    name : the table's name in ``data/datapackage.json`` (``paragraphs``,
        ``figures``, ``excerpts``, ``sources``, ``record``, ``events``,
        ``people``, ``glossary``, ``anomalies``).
    data_dir : another data folder with the same layout (for tests and
        adapted copies of the course); by default the course's own.

    Returns a DataFrame with the table's columns in the package's order.
    Whole numbers are ``Int64``, numbers ``Float64``, text ``str`` (an empty
    cell is ``""``). List cells stay ``;``-separated (see :func:`split_list`).
    The values are the ones :func:`parse_cell` gave the check: what passes
    the check loads.

    Raises
    ------
    DataError : one message listing every problem, each with file, line and field.
    """
    data_dir = paths.data_dir(data_dir).resolve()
    return _load(name, data_dir, _stamp(data_dir)).copy()
