"""Bad input, as an attacker or a careless instructor would write it: every case a clear error or correctly accepted.

Each case changes a scratch copy of data/ and expects either a problem naming the file, the
line (where there is one) and the field, and a ``DataError`` (never a traceback) from
``helpers.load``; or, where the input is sound (a byte-order mark, CRLF line ends), that the
tables load and every card, chart and widget that uses them renders.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

import helpers
from helpers.authoring.checker import all_problems
from renders import render

ROOT = Path(__file__).resolve().parent.parent
TABLES = [n for n in helpers.table_names() if n != "paragraphs"]


def read(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write(path, rows, fields=None):
    fields = fields or list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def schema(name):
    return helpers.data.resource(name)["schema"]["fields"]


def expect_error(name, data_dir, *needles):
    with pytest.raises(helpers.DataError) as caught:
        helpers.load(name, data_dir)
    message = str(caught.value)
    for needle in needles:
        assert needle in message, f"{needle!r} not in:\n{message}"
    assert "Traceback" not in message
    return message


@pytest.mark.parametrize("name", TABLES)
def test_missing_column(name, data_copy):
    path = data_copy / f"{name}.csv"
    rows = read(path)
    dropped = [f["name"] for f in schema(name)][1]
    write(path, rows, [f for f in rows[0] if f != dropped])
    message = expect_error(name, data_copy, f"data/{name}.csv", "line 1", f"field '{dropped}'", "missing")
    assert "rows were not checked" in message  # what follows from a broken header, in one line


@pytest.mark.parametrize("name", TABLES)
def test_wrong_type(name, data_copy):
    path = data_copy / f"{name}.csv"
    rows = read(path)
    typed = [f for f in schema(name) if f.get("type") in ("integer", "number")]
    if typed:
        field, bad = typed[0]["name"], "about five"
    else:
        field = next(f["name"] for f in schema(name) if f.get("constraints", {}).get("pattern"))
        bad = "Not An Id!"
    rows[2][field] = bad
    write(path, rows)
    expect_error(name, data_copy, f"data/{name}.csv", "line 4", f"field '{field}'", repr(bad))


@pytest.mark.parametrize("name", TABLES)
def test_duplicate_id(name, data_copy):
    path = data_copy / f"{name}.csv"
    rows = read(path)
    rows[1]["id"] = rows[0]["id"]
    write(path, rows)
    expect_error(name, data_copy, f"data/{name}.csv", "line 3", "field 'id'", "used twice", "line 2")


@pytest.mark.parametrize("name", [n for n in TABLES if any(f.get("references") for f in schema(n))])
def test_dangling_reference(name, data_copy):
    refs = [f for f in schema(name) if f.get("references")]
    field = refs[0]["name"]
    rows = read(data_copy / f"{name}.csv")
    rows[0][field] = "p99" if refs[0]["references"]["resource"] == "paragraphs" else "no-such-id"
    write(data_copy / f"{name}.csv", rows)
    expect_error(name, data_copy, f"data/{name}.csv", "line 2", f"field '{field}'", "is not an id in")


@pytest.mark.parametrize("name", [n for n in TABLES if any(f.get("verbatimIn") for f in schema(n))])
def test_misquote(name, data_copy):
    rows = read(data_copy / f"{name}.csv")
    rows[0]["quote"] = rows[0]["quote"].replace(" ", "  ", 1) + " (sic)"
    write(data_copy / f"{name}.csv", rows)
    expect_error(name, data_copy, f"data/{name}.csv", "line 2", "field 'quote'", "word for word")


def test_ragged_row_and_unclosed_quote(data_copy):
    path = data_copy / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8") + "extra,row,with,too,few\n", encoding="utf-8")
    expect_error("figures", data_copy, "data/figures.csv", "cells but the header has")


def test_validate_lists_every_problem_and_never_raises(data_copy):
    rows = read(data_copy / "figures.csv")
    rows[0]["value"], rows[1]["kind"] = "five", "guess"
    write(data_copy / "figures.csv", rows)
    (data_copy / "excerpts.csv").unlink()
    problems = helpers.validate(data_copy)
    text = "\n".join(map(str, problems))
    assert "data/figures.csv, line 2, field 'value'" in text
    assert "data/figures.csv, line 3, field 'kind'" in text
    assert "data/excerpts.csv: file not found" in text


def test_edited_paragraph_index_is_caught(data_copy):
    path = data_copy / "paragraphs.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("5.35 million", "5.53 million"), encoding="utf-8")
    problems = helpers.validate(data_copy)
    assert any(p.file == "data/paragraphs.csv" and p.field == "text" and "python -m helpers paragraphs" in p.message
               for p in problems)


def test_unknown_table_name():
    with pytest.raises(helpers.DataError, match="There is no table called 'figure'"):
        helpers.load("figure")


# --- the catalogue: one case per bad input the review tried -----------------------------------------

@dataclass(frozen=True)
class Case:
    """A change to a copy of data/ and what must follow: a clear problem (file, line, field) or acceptance."""

    id: str
    table: str
    change: Callable[[Path], None]
    line: int | None = None
    field: str | None = None
    needle: str = ""
    accepted: bool = False
    file: str | None = None


def cell(table: str, row: int, field: str, value: str) -> Callable[[Path], None]:
    """Set one cell (row 0 is line 2 of the file)."""
    def change(data_dir: Path) -> None:
        rows = read(data_dir / f"{table}.csv")
        rows[row][field] = value
        write(data_dir / f"{table}.csv", rows)
    return change


def cells(table: str, row: int, **values: str) -> Callable[[Path], None]:
    def change(data_dir: Path) -> None:
        rows = read(data_dir / f"{table}.csv")
        rows[row].update(values)
        write(data_dir / f"{table}.csv", rows)
    return change


def raw(table: str, edit: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def change(data_dir: Path) -> None:
        path = data_dir / f"{table}.csv"
        path.write_bytes(edit(path.read_bytes()))
    return change


def at_line(data: bytes, line: int, insert: bytes) -> bytes:
    """Insert bytes at the start of a 1-based line."""
    lines = data.split(b"\n")
    lines[line - 1] = insert + lines[line - 1]
    return b"\n".join(lines)


def header_end(data: bytes, add: bytes) -> bytes:
    """Add bytes at the end of the header line, before its line end (LF or CRLF)."""
    return re.sub(rb"\r?\n", lambda m: add + m.group(), data, count=1)


def package(edit: Callable[[dict], None] | None = None, text: bytes | None = None) -> Callable[[Path], None]:
    def change(data_dir: Path) -> None:
        path = data_dir / "datapackage.json"
        if text is not None:
            path.write_bytes(text)
            return
        doc = json.loads(path.read_text(encoding="utf-8"))
        edit(doc)
        path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return change


def res(doc: dict, name: str) -> dict:
    return next(r for r in doc["resources"] if r["name"] == name)


def fld(doc: dict, table: str, name: str) -> dict:
    return next(f for f in res(doc, table)["schema"]["fields"] if f["name"] == name)


NUMBER_CELLS = [("figures", "value"), ("figures", "order"), ("record", "low"), ("record", "year"),
                ("people", "born")]
BAD_NUMBERS = {"underscore": "1_000", "nan": "nan", "NaN": "NaN", "inf": "inf", "minus-inf": "-inf",
               "arabic-indic": "١٩٥٨", "full-width": "１９５８", "thousands": "1,000", "decimal-comma": "5,35",
               "e-notation": "1e3", "units": "5 Mt", "plus": "+5", "huge": "9" * 30, "hex": "0x10",
               "letters": "five"}
ENUM_CELLS = [("figures", "kind"), ("figures", "series"), ("excerpts", None), ("events", "category"),
              ("events", "precision"), ("people", "presence"), ("anomalies", "kind"),
              ("anomalies", "explanation"), ("sources", "tier"), ("sources", "form")]
BAD_DATES = {"month-13": "1958-13-45", "feb-30": "1958-02-30", "month-00": "1958-00", "day-00": "1958-10-00",
             "arabic-digits": "١٩٥٨", "slashes": "02/10/1958", "words": "October 1958", "short-year": "58",
             "year-0015": "0015-09-01", "year-9999": "9999"}
SECRET = "root:x:0:0"


def _cases() -> list[Case]:
    out: list[Case] = []
    for table, field in NUMBER_CELLS:
        for name, value in BAD_NUMBERS.items():
            if field in ("order", "year", "born") and name == "decimal-comma":
                continue
            out.append(Case(f"{table}-{field}-{name}", table, cell(table, 0, field, value), 2, field))
        out.append(Case(f"{table}-{field}-spaces-accepted", table, cell(table, 0, field, f" {read_shipped(table)[0][field]} "),
                        accepted=True))
    out.append(Case("figures-order-fraction", "figures", cell("figures", 0, "order", "1.5"), 2, "order", "whole number"))
    for table, field in ENUM_CELLS:
        if field is None:
            continue
        allowed = fld(json.loads((ROOT / "data" / "datapackage.json").read_text()), table, field)["constraints"]["enum"]
        longest = max(allowed, key=len)
        out.append(Case(f"{table}-{field}-substring", table, cell(table, 0, field, longest[1:-1]), 2, field, "not allowed"))
        out.append(Case(f"{table}-{field}-trailing-space", table, cell(table, 0, field, longest + " "), 2, field,
                        "spaces around it"))
        out.append(Case(f"{table}-{field}-case", table, cell(table, 0, field, longest.upper()), 2, field, "not allowed"))
    for field in ("start", "end"):
        for name, value in BAD_DATES.items():
            out.append(Case(f"events-{field}-{name}", "events", cell("events", 0, field, value), 2, field))
    out.append(Case("events-end-before-start", "events", cells("events", 0, start="1958-10-02", end="1958-09-30"),
                    2, "end", "before"))
    out.append(Case("events-end-year-of-start-accepted", "events", cells("events", 0, start="1958-10-02", end="1958"),
                    accepted=True))
    out += [
        Case("record-no-number", "record", cells("record", 0, value="", low="", high=""), 2, "value", "no number"),
        Case("record-low-only", "record", cells("record", 0, value="", low="5", high=""), 2, "high", "no number"),
        Case("record-low-above-high", "record", cells("record", 0, value="", low="9", high="5"), 2, "low", "Swap"),
        Case("stretch-first-after-last", "stretches", cells("stretches", 1, first="p12", last="p05"), 3, "last",
             "before"),
        Case("excerpt-lesson-one-digit", "excerpts", cell("excerpts", 0, "lessons", "3"), 2, "lessons", "Two-digit"),
        Case("excerpt-lesson-three-digits", "excerpts", cell("excerpts", 0, "lessons", "003"), 2, "lessons"),
        Case("excerpt-lessons-with-space", "excerpts", cell("excerpts", 0, "lessons", "02; 06"), 2, "lessons"),
        Case("excerpt-theme-space", "excerpts", cell("excerpts", 0, "themes", "steel; doubt"), 2, "themes"),
        Case("paragraph-id-other-digits", "figures", cell("figures", 0, "paragraph", "p٤٦"), 2, "paragraph"),
        Case("source-url-javascript", "sources", cell("sources", 0, "url", "javascript:alert(1)"), 2, "url",
             "https://"),
        Case("source-url-data", "sources", cell("sources", 0, "url", "data:text/html,<script>alert(1)</script>"),
             2, "url"),
        Case("source-url-ftp", "sources", cell("sources", 0, "url", "ftp://example.org/x"), 2, "url"),
        Case("source-url-no-scheme", "sources", cell("sources", 0, "url", "www.example.org"), 2, "url"),
        Case("source-url-with-space", "sources", cell("sources", 0, "url", "https://example.org/a b"), 2, "url"),
        Case("source-url-https-accepted", "sources", cell("sources", 0, "url", "https://example.org/a?b=1&c=2"),
             accepted=True),
        Case("source-url-empty-accepted", "sources", cell("sources", 0, "url", ""), accepted=True),
        Case("required-cell-empty", "people", cell("people", 0, "name", ""), 2, "name", "required"),
        Case("required-cell-spaces", "glossary", cell("glossary", 0, "definition", "   "), 2, "definition",
             "required"),
        Case("nul-in-text", "glossary", cell("glossary", 0, "definition", "a\x00b"), 2, "definition", "U+0000"),
        Case("escape-in-text", "events", cell("events", 0, "title", "a\x1b[31mred"), 2, "title", "U+001B"),
        Case("html-in-text-accepted", "glossary",
             cell("glossary", 0, "definition", "<img src=x onerror=alert(1)> & **bold** [x](javascript:y)"),
             accepted=True),
        Case("sources-list-spaces", "events", cell("events", 0, "sources", "memo; memo"), 2, "sources"),
        Case("sources-list-empty-item", "events", cell("events", 0, "sources", "memo;;memo"), 2, "sources"),
        Case("id-upper-case", "people", cell("people", 0, "id", "Mao"), 2, "id"),
        Case("id-empty", "glossary", cell("glossary", 0, "id", ""), 2, "id", "required"),
    ]
    # the file as a whole: Excel, LibreOffice, editors, cut files
    for table in TABLES + ["paragraphs"]:
        out.append(Case(f"{table}-bom-accepted", table, raw(table, lambda b: b"\xef\xbb\xbf" + b), accepted=True))
        out.append(Case(f"{table}-crlf-accepted", table, raw(table, lambda b: b.replace(b"\n", b"\r\n")),
                        accepted=True))
    for table in TABLES:
        out += [
            Case(f"{table}-not-utf8", table, raw(table, lambda b: at_line(b, 4, b"\xe9t\xe9 ")), 4, None, "UTF-8"),
            Case(f"{table}-utf16", table, raw(table, lambda b: b"\xff\xfe" + b.decode().encode("utf-16-le")), 1,
                 None, "UTF-16"),
            Case(f"{table}-cut-inside-quotes", table, raw(table, lambda b: b.rstrip(b"\n") + b'\nx,"unclosed'),
                 None, None, "not closed"),
            Case(f"{table}-semicolons", table,
                 raw(table, lambda b: b.replace(b",", b";", b.index(b"\n"))), 1, None, "';'"),
            Case(f"{table}-ragged", table, raw(table, lambda b: at_line(b, 3, b"stray,")), 3, None,
                 "cells but the header has"),
            Case(f"{table}-header-trailing-comma", table,
                 raw(table, lambda b: header_end(b, b",")), 1, None, "empty column name"),
            Case(f"{table}-header-twice", table,
                 raw(table, lambda b: header_end(b, b",id")), 1, "id", "twice"),
            Case(f"{table}-empty-file", table, raw(table, lambda b: b""), 1, None, "empty"),
            Case(f"{table}-missing-file", table, lambda d, t=table: (d / f"{t}.csv").unlink(), None, None,
                 "not found"),
        ]
    out += [
        Case("cell-over-128k", "glossary", cell("glossary", 1, "definition", "x" * 140_000), 3, None,
             "longer than"),
        Case("cell-over-128k-then-more", "glossary", raw("glossary", lambda b: at_line(b, 3, b'x,"' + b"y" * 140_000)),
             3, None),
        Case("stray-quote-mid-file", "glossary", raw("glossary", lambda b: at_line(b, 3, b'"')), 3, None,
             "double quote"),
        Case("paragraphs-header-nul", "paragraphs", raw("paragraphs", lambda b: b"\x00" + b), 1, "id", "missing"),
        Case("blank-lines-accepted", "glossary", raw("glossary", lambda b: b.replace(b"\n", b"\n\n", 3)),
             accepted=True),
    ]
    # datapackage.json broken in ordinary ways: one clear problem each, never a KeyError or TypeError
    pk = "datapackage"
    out += [
        Case("package-not-json", pk, package(text=b'{"resources": [\n'), 2, None, "not valid JSON"),
        Case("package-not-utf8", pk, package(text=b'{"name": "caf\xe9"}'), 1, None, "UTF-8"),
        Case("package-bom-accepted", pk,
             lambda d: (d / "datapackage.json").write_bytes(b"\xef\xbb\xbf" + (d / "datapackage.json").read_bytes()),
             accepted=True),
        Case("package-no-resources", pk, package(lambda d: d.pop("resources")), None, "resources"),
        Case("package-resources-not-list", pk, package(lambda d: d.update(resources={"a": 1})), None, "resources"),
        Case("package-resource-not-object", pk, package(lambda d: d["resources"].append("figures")), None,
             "resources"),
        Case("package-resource-no-name", pk, package(lambda d: res(d, "glossary").pop("name")), None, "name"),
        Case("package-fields-not-list", pk, package(lambda d: res(d, "glossary")["schema"].update(fields="id")),
             None, "fields"),
        Case("package-field-no-name", pk, package(lambda d: fld(d, "glossary", "term").pop("name")), None, "name"),
        Case("package-field-unknown-type", pk, package(lambda d: fld(d, "glossary", "term").update(type="text")),
             None, "type"),
        Case("package-enum-as-string", pk,
             package(lambda d: fld(d, "figures", "kind")["constraints"].update(enum="output target claim")),
             None, "enum"),
        Case("package-constraints-not-object", pk,
             package(lambda d: fld(d, "figures", "kind").update(constraints=["required"])), None, "constraints"),
        Case("package-bad-pattern", pk,
             package(lambda d: fld(d, "figures", "id")["constraints"].update(pattern="[a-z")), None, "pattern"),
        Case("package-reference-unknown", pk,
             package(lambda d: fld(d, "figures", "paragraph").update(references={"resource": "paras"})), None,
             "references"),
        Case("package-path-traversal", pk, package(lambda d: res(d, "glossary").update(path="../../../etc/passwd")),
             None, "path", "inside the data folder"),
        Case("package-path-absolute", pk, package(lambda d: res(d, "glossary").update(path="/etc/passwd")), None,
             "path"),
        Case("package-primary-key-unknown", pk,
             package(lambda d: res(d, "glossary")["schema"].update(primaryKey=["key"])), None, "primaryKey"),
        Case("package-resource-twice", pk, package(lambda d: d["resources"].append(res(d, "glossary"))), None,
             "name", "twice"),
        Case("package-no-memo", pk, package(lambda d: d.update(resources=[r for r in d["resources"]
                                                                          if r["name"] != "memo"])), None,
             "resources", "memo"),
        Case("package-missing", pk, lambda d: (d / "datapackage.json").unlink(), None, None, "not found"),
    ]
    return out


def read_shipped(table: str) -> list[dict]:
    return read(ROOT / "data" / f"{table}.csv")


CASES = _cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_every_bad_input_is_a_clear_error_or_correctly_accepted(case: Case, data_copy):
    helpers.data._load.cache_clear()
    case.change(data_copy)
    problems = helpers.validate(data_copy)  # never raises
    text = "\n".join(map(str, problems))
    assert SECRET not in text
    if case.accepted:
        assert problems == [], text
        for name in ([case.table] if case.table != "datapackage" else helpers.table_names(data_copy)):
            render(name, data_copy)
        return
    shown = case.file or ("data/datapackage.json" if case.table == "datapackage" else f"data/{case.table}.csv")
    matching = [p for p in problems if p.file == shown and (case.line is None or p.line == case.line)
                and (case.field is None or p.field == case.field) and case.needle in p.message]
    assert matching, f"no problem at {shown}, line {case.line}, field {case.field} with {case.needle!r}:\n{text}"
    if case.table != "datapackage" and "not found" not in case.needle:
        assert any(p.line is not None for p in matching), f"no line given:\n{text}"
    name = case.table if case.table != "datapackage" else "figures"
    with pytest.raises(helpers.DataError) as caught:
        helpers.load(name, data_copy)
    assert shown in str(caught.value) and SECRET not in str(caught.value)


def test_a_file_saved_by_excel_with_a_bom_loads_exactly_like_the_original(data_copy):
    for table in helpers.table_names():
        path = data_copy / f"{table}.csv"
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
        assert helpers.load(table, data_copy).equals(helpers.load(table))


def test_one_unreadable_table_is_reported_once_not_once_per_reference(data_copy):
    path = data_copy / "sources.csv"
    path.write_bytes(b"\xff" + path.read_bytes())
    problems = helpers.validate(data_copy)
    assert len([p for p in problems if p.file == "data/sources.csv"]) == 1
    follow = [p for p in problems if p.file != "data/sources.csv"]
    assert all("not checked against data/sources.csv" in p.message and p.line is None for p in follow)
    assert len(follow) <= len(TABLES)  # one line per table that cites sources, not one per citation


def test_a_header_that_gains_a_column_reports_a_few_lines_and_sums_up_the_rest(data_copy):
    path = data_copy / "figures.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join([lines[0] + ",extra"] + lines[1:]), encoding="utf-8")
    problems = [p for p in helpers.validate(data_copy) if p.file == "data/figures.csv"]
    assert len(problems) <= helpers.data.SHOWN_PER_KIND + 2
    assert any("more lines" in p.message for p in problems)


def test_a_data_fault_is_reported_once_not_once_per_lesson(data_copy, monkeypatch):
    rows = read(data_copy / "excerpts.csv")
    rows[0]["themes"] = "Not a theme!"
    write(data_copy / "excerpts.csv", rows)
    monkeypatch.setattr(helpers.paths, "DATA_DIR", data_copy)
    problems = all_problems(data_copy, ROOT / "lessons")
    themed = [p for p in problems if "themes" in str(p) or "excerpts" in str(p)]
    assert len([p for p in themed if p.file == "data/excerpts.csv"]) == 1
    assert len([p for p in problems if p.file == "lessons/"]) == 1


def test_a_resource_path_outside_data_is_never_read(data_copy):
    doc = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    res(doc, "glossary")["path"] = "../../../../../../../../etc/passwd"
    (data_copy / "datapackage.json").write_text(json.dumps(doc), encoding="utf-8")
    for call in (lambda: helpers.load("glossary", data_copy), lambda: helpers.data.resource("glossary", data_copy)):
        with pytest.raises(helpers.DataError) as caught:
            call()
        assert SECRET not in str(caught.value) and "inside the data folder" in str(caught.value)


@pytest.mark.parametrize("limit", [10_000, 1_000_000_000])
def test_an_over_long_cell_is_named_whatever_the_csv_module_limit(data_copy, limit):
    before = csv.field_size_limit()
    rows = read(data_copy / "glossary.csv")
    rows[1]["definition"] = "x" * (helpers.data.MAX_CELL + 1)
    write(data_copy / "glossary.csv", rows)
    try:
        csv.field_size_limit(limit)  # other libraries (frictionless) change this process-wide limit
        problems = helpers.data.check_table("glossary", data_copy)
    finally:
        csv.field_size_limit(before)
    assert [(p.line, "longer than" in p.message) for p in problems][:1] == [(3, True)]


def test_many_missing_ids_are_summed_up_in_one_line(data_copy):
    path = data_copy / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    problems = [p for p in helpers.validate(data_copy) if p.file == "data/record.csv" and p.field == "figures"]
    assert len(problems) == helpers.data.SHOWN_PER_KIND + 1
    assert "more ids not in data/figures.csv" in problems[-1].message and problems[-1].line is not None
