"""Check the course's tables and load them, by the data package's rules.

The data package is the contract (:mod:`helpers.package`): an instructor who
edits a CSV file gets one clear message naming the file, the line and the
field, never a traceback from deep inside pandas. Checking and loading share
one parse path (:mod:`helpers.cells`): whatever ``python -m helpers check``
accepts is exactly what :func:`rows` and :func:`load` return.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from . import paths
from .cells import (LIST_SEP, MAX_CELL, SHOWN_PER_KIND, Table, is_url_field, parse_cell, partial_date,  # noqa: F401
                    read_table, split_list)
from .errors import DataError, Problem  # noqa: F401
from .package import (PACKAGE, allowed_values, package_problems, resource, resource_file,  # noqa: F401
                      shown_path, table_names)

# Re-exported above: ``helpers.data`` stays the one import for loading and checking (DataError, Problem,
# split_list, resource, table_names, allowed_values, partial_date, parse_cell ...).


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
    targets: dict[str, Table] = {}

    def target(name: str) -> Table:
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


def folder_stamp(data_dir: Path) -> tuple:
    """The state of every file in the data folder: an edit to any table is picked up by the next call."""
    with os.scandir(data_dir) as found:
        files = sorted((e.name, e.stat()) for e in found if e.is_file())
    return tuple((name, s.st_mtime_ns, s.st_size, s.st_ino) for name, s in files)


@lru_cache(maxsize=64)
def _load(name: str, data_dir: Path, stamp: tuple) -> tuple[tuple[str, ...], tuple[dict, ...], tuple[str, ...]]:
    """One table checked and parsed once per state of the data folder: its columns, typed rows and types."""
    problems, typed, res = _check(name, data_dir)
    if problems:
        shown = "\n".join(f"- {p}" for p in problems[:20])
        more = f"\n(and {len(problems) - 20} more)" if len(problems) > 20 else ""
        raise DataError(f"The table '{name}' has {len(problems)} problem(s):\n{shown}{more}\n"
                        "Fix them and run the cell again (python -m helpers check lists every problem).")
    fields = res["schema"]["fields"]
    columns = tuple(f["name"] for f in fields)
    return columns, tuple({c: row[c] for c in columns} for row in typed), tuple(f.get("type", "string") for f in fields)


def _cached(name: str, data_dir: Path | str | None):
    data_dir = paths.data_dir(data_dir).resolve()
    return _load(name, data_dir, folder_stamp(data_dir))


def rows(name: str, data_dir: Path | str | None = None) -> list[dict]:
    """One table of the course as a list of rows, each a dict from column to typed value.

    The same values :func:`load` puts in a DataFrame, without pandas: whole
    numbers are ``int``, numbers ``float``, an empty number ``None``, text
    ``str`` (an empty cell is ``""``); keys in the data package's order.
    Each call returns new dicts, so a caller may change them.

    Raises
    ------
    DataError : one message listing every problem, each with file, line and field.
    """
    return [dict(row) for row in _cached(name, data_dir)[1]]


def by_id(name: str, data_dir: Path | str | None = None) -> dict[str, dict]:
    """One table's rows (see :func:`rows`) keyed by their ``id``, in the table's order: for looking rows up.

    The dicts are the cached rows themselves (no copy is made): read them, never change them.
    """
    return {row["id"]: row for row in _cached(name, data_dir)[1]}


def frame(table: list[dict], columns: list[str]):
    """Rows as a pandas DataFrame with these columns: for the tables a learner asks for by name.

    pandas is imported here, on first use, so that a lesson's kernel never loads it unless asked.
    """
    import pandas as pd

    return pd.DataFrame(table, columns=columns)


def kinds(name: str, data_dir: Path | str | None = None) -> dict[str, str]:
    """The table's numeric columns and their types (``integer`` or ``number``); text columns are left out."""
    names, _, types = _cached(name, data_dir)
    return {c: t for c, t in zip(names, types) if t != "string"}


def columns(name: str, data_dir: Path | str | None = None) -> list[str]:
    """The table's column names, in the data package's order."""
    return list(_cached(name, data_dir)[0])


def load(name: str, data_dir: Path | str | None = None):
    """Load one table of the course as a typed pandas DataFrame (pandas is imported on first use).

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
    the check loads. The lessons' own calls use :func:`rows`, which needs no pandas.

    Raises
    ------
    DataError : one message listing every problem, each with file, line and field.
    """
    import pandas as pd  # only here: a lesson's kernel never needs pandas unless a learner asks for a table

    names, typed, types = _cached(name, data_dir)
    frame = {}
    for col, kind in zip(names, types):
        values = [row[col] for row in typed]
        dtype = _DTYPES.get(kind)
        frame[col] = pd.array(values, dtype=dtype) if dtype else pd.Series(values, dtype=object)
    return pd.DataFrame(frame, columns=list(names))
