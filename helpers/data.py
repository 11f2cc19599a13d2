"""Load the course's tables and check them against ``data/datapackage.json``.

The data package is the contract: each table's fields, types, required
cells, allowed values and references are read from it, so that an
instructor who edits a CSV file gets one clear message naming the file,
the line and the field, never a traceback from deep inside pandas.
"""
from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

DATA_DIR = Path(os.environ.get("COURSE_DATA_DIR", Path(__file__).resolve().parent.parent / "data"))
LIST_SEP = ";"


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


def _package(data_dir: Path) -> dict:
    path = data_dir / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{path}: not found. The data folder must hold datapackage.json.") from None
    except json.JSONDecodeError as err:
        raise DataError(
            f"{path}, line {err.lineno}: not valid JSON ({err.msg}). Check the commas and quotes near that line."
        ) from None


def resource(name: str, data_dir: Path | str | None = None) -> dict:
    """Return the data package's description of one table."""
    data_dir = Path(data_dir or DATA_DIR)
    for res in _package(data_dir)["resources"]:
        if res["name"] == name:
            return res
    names = ", ".join(r["name"] for r in _package(data_dir)["resources"] if "schema" in r)
    raise DataError(f"There is no table called {name!r}. The tables are: {names}.")


def table_names(data_dir: Path | str | None = None) -> list[str]:
    """Names of the tables (CSV resources) in the data package, in its order."""
    return [r["name"] for r in _package(Path(data_dir or DATA_DIR))["resources"] if "schema" in r]


def split_list(cell: str) -> list[str]:
    """Split a ``;``-separated cell into its items (an empty cell gives ``[]``)."""
    return [item.strip() for item in str(cell).split(LIST_SEP) if item.strip()]


def _read_rows(path: Path, shown: str) -> tuple[list[str], list[dict], list[Problem]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh, strict=True)
            rows = list(reader)
    except FileNotFoundError:
        return [], [], [Problem(shown, None, None, "file not found. Restore it from the course's repository.")]
    except UnicodeDecodeError as err:
        return [], [], [Problem(shown, None, None, f"is not UTF-8 text ({err.reason}). Save it as UTF-8 CSV.")]
    except csv.Error as err:
        return [], [], [Problem(shown, None, None, f"is not valid CSV ({err}). Check for an unclosed quote.")]
    if not rows:
        return [], [], [Problem(shown, 1, None, "the file is empty; it needs a header row.")]
    header, body, problems = rows[0], [], []
    for n, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(shown, n, None, f"has {len(cells)} cells but the header has {len(header)}. "
                        "A comma inside text needs the whole cell in double quotes.")
            )
            continue
        body.append({"_line": n, **dict(zip(header, cells))})
    return header, body, problems


def _check_cell(value: str, field: dict) -> str | None:
    cons = field.get("constraints", {})
    if not value.strip():
        return "is empty but required. Fill it in." if cons.get("required") else None
    kind = field.get("type", "string")
    if kind == "integer" and not re.fullmatch(r"-?\d+", value.strip()):
        return f"{value!r} is not a whole number. Write digits only, e.g. 1958, or leave it empty."
    if kind == "number":
        try:
            float(value)
        except ValueError:
            return f"{value!r} is not a number. Write it like 5.35 (a point, no units), or leave it empty."
    if "enum" in cons and value not in cons["enum"]:
        return f"{value!r} is not allowed. Use one of: {', '.join(cons['enum'])}."
    if "pattern" in cons and not re.fullmatch(cons["pattern"], value):
        return f"{value!r} does not have the expected form ({field.get('description', '')})."
    return None


def _ids(name: str, data_dir: Path) -> dict[str, dict]:
    res = resource(name, data_dir)
    _, rows, _ = _read_rows(data_dir / res["path"], res["path"])
    return {row.get("id", ""): row for row in rows}


def check_table(name: str, data_dir: Path | str | None = None) -> list[Problem]:
    """Every problem in one table: columns, cells, duplicate ids, references and quotes."""
    data_dir = Path(data_dir or DATA_DIR)
    res = resource(name, data_dir)
    shown = f"data/{res['path']}"
    header, rows, problems = _read_rows(data_dir / res["path"], shown)
    if not header:
        return problems
    fields = res["schema"]["fields"]
    expected = [f["name"] for f in fields]
    missing = [f for f in expected if f not in header]
    extra = [h for h in header if h not in expected]
    for col in missing:
        problems.append(Problem(shown, 1, col, f"the column '{col}' is missing from the header. "
                                f"The header must be: {','.join(expected)}"))
    for col in extra:
        problems.append(Problem(shown, 1, col, f"the column '{col}' is not in the data package. "
                                "Remove it or describe it in data/datapackage.json."))
    if missing:
        return problems
    for row in rows:
        for field in fields:
            message = _check_cell(row[field["name"]], field)
            if message:
                problems.append(Problem(shown, row["_line"], field["name"], message))
    for key in res["schema"].get("primaryKey", []):
        seen: dict[str, int] = {}
        for row in rows:
            if row[key] in seen:
                problems.append(Problem(shown, row["_line"], key, f"the id {row[key]!r} is used twice "
                                        f"(also on line {seen[row[key]]}). Give each row its own id."))
            seen.setdefault(row[key], row["_line"])
    problems += _check_references(res, rows, shown, data_dir)
    return problems


def _check_references(res: dict, rows: list[dict], shown: str, data_dir: Path) -> list[Problem]:
    problems: list[Problem] = []
    targets: dict[str, dict] = {}

    def known(target: str) -> dict:
        if target not in targets:
            targets[target] = _ids(target, data_dir)
        return targets[target]

    for field in res["schema"]["fields"]:
        ref = field.get("references")
        if not ref:
            continue
        for row in rows:
            values = split_list(row[field["name"]]) if ref.get("list") else [row[field["name"]]] if row[field["name"]] else []
            for value in values:
                if value not in known(ref["resource"]):
                    problems.append(Problem(shown, row["_line"], field["name"],
                                            f"{value!r} is not an id in data/{ref['resource']}.csv. "
                                            "Check the spelling, or add that row first."))
    for field in res["schema"]["fields"]:
        of = field.get("verbatimIn")
        if not of:
            continue
        paragraphs = known("paragraphs")
        for row in rows:
            para = paragraphs.get(row[of])
            if para is not None and row[field["name"]] and row[field["name"]] not in para["text"]:
                problems.append(Problem(shown, row["_line"], field["name"],
                                        f"the quote is not word for word in paragraph {row[of]}. "
                                        "Copy it exactly from data/paragraphs.csv (same punctuation and dashes)."))
    return problems


_DTYPES = {"integer": "Int64", "number": "Float64"}


def _stamp(data_dir: Path) -> tuple:
    return tuple((p.name, p.stat().st_mtime_ns) for p in sorted(data_dir.glob("*")) if p.is_file())


@lru_cache(maxsize=64)
def _load(name: str, data_dir: Path, stamp: tuple) -> pd.DataFrame:
    problems = check_table(name, data_dir)
    if problems:
        shown = "\n".join(f"- {p}" for p in problems[:20])
        more = f"\n(and {len(problems) - 20} more)" if len(problems) > 20 else ""
        raise DataError(f"The table '{name}' has {len(problems)} problem(s):\n{shown}{more}\n"
                        "Fix them and run the cell again (python -m helpers check lists every problem).")
    res = resource(name, data_dir)
    _, rows, _ = _read_rows(data_dir / res["path"], res["path"])
    frame = pd.DataFrame([{k: v for k, v in r.items() if k != "_line"} for r in rows],
                         columns=[f["name"] for f in res["schema"]["fields"]])
    for field in res["schema"]["fields"]:
        dtype = _DTYPES.get(field.get("type", "string"))
        if dtype:
            frame[field["name"]] = pd.to_numeric(frame[field["name"]].replace("", None)).astype(dtype)
    return frame


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

    Raises
    ------
    DataError : one message listing every problem, each with file, line and field.
    """
    data_dir = Path(data_dir or DATA_DIR).resolve()
    return _load(name, data_dir, _stamp(data_dir)).copy()


def validate(data_dir: Path | str | None = None) -> list[Problem]:
    """Every problem in every table of a data folder (an empty list when all is well)."""
    data_dir = Path(data_dir or DATA_DIR)
    try:
        names = table_names(data_dir)
    except DataError as err:
        return [Problem("data/datapackage.json", None, None, str(err))]
    problems: list[Problem] = []
    for name in names:
        problems += check_table(name, data_dir)
    problems += check_paragraphs(data_dir)
    return problems


def check_paragraphs(data_dir: Path | str | None = None) -> list[Problem]:
    """Check that paragraphs.csv is exactly what the memo's text gives (the index is derived, not edited)."""
    from .memo import derive_paragraphs

    data_dir = Path(data_dir or DATA_DIR)
    source = data_dir / resource("memo", data_dir)["path"]
    try:
        derived = derive_paragraphs(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        return [Problem(f"data/{source.name}", None, None, f"cannot be read as the memo ({err}).")]
    _, stored, _ = _read_rows(data_dir / "paragraphs.csv", "data/paragraphs.csv")
    problems = []
    if len(stored) != len(derived):
        problems.append(Problem("data/paragraphs.csv", None, None,
                                f"has {len(stored)} paragraphs but the memo gives {len(derived)}. "
                                "Regenerate it with: python -m helpers paragraphs"))
    for row, want in zip(stored, derived):
        for key, value in want.items():
            if row.get(key) != value:
                problems.append(Problem("data/paragraphs.csv", row["_line"], key,
                                        "differs from the memo's text. Do not edit this file by hand; "
                                        "regenerate it with: python -m helpers paragraphs"))
                break
    return problems
