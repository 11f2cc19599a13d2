"""Broken copies of each table give one clear DataError naming the file, the line and the field."""
from __future__ import annotations

import csv

import pytest

import helpers

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
    if not path.exists():
        pytest.skip(f"{name}.csv not written yet")
    rows = read(path)
    dropped = [f["name"] for f in schema(name)][1]
    write(path, rows, [f for f in rows[0] if f != dropped])
    expect_error(name, data_copy, f"data/{name}.csv", "line 1", f"field '{dropped}'", "missing")


@pytest.mark.parametrize("name", TABLES)
def test_wrong_type(name, data_copy):
    path = data_copy / f"{name}.csv"
    if not path.exists():
        pytest.skip(f"{name}.csv not written yet")
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
    if not path.exists():
        pytest.skip(f"{name}.csv not written yet")
    rows = read(path)
    rows[1]["id"] = rows[0]["id"]
    write(path, rows)
    expect_error(name, data_copy, f"data/{name}.csv", "line 3", "field 'id'", "used twice", "line 2")


@pytest.mark.parametrize("name", TABLES)
def test_dangling_reference(name, data_copy):
    path = data_copy / f"{name}.csv"
    if not path.exists():
        pytest.skip(f"{name}.csv not written yet")
    refs = [f for f in schema(name) if f.get("references")]
    if not refs:
        pytest.skip(f"{name} refers to no other table")
    field = refs[0]["name"]
    rows = read(path)
    rows[0][field] = "p99" if refs[0]["references"]["resource"] == "paragraphs" else "no-such-id"
    write(path, rows)
    expect_error(name, data_copy, f"data/{name}.csv", "line 2", f"field '{field}'", "is not an id in")


@pytest.mark.parametrize("name", [n for n in TABLES if any(f.get("verbatimIn") for f in schema(n))])
def test_misquote(name, data_copy):
    path = data_copy / f"{name}.csv"
    if not path.exists():
        pytest.skip(f"{name}.csv not written yet")
    rows = read(path)
    rows[0]["quote"] = rows[0]["quote"].replace(" ", "  ", 1) + " (sic)"
    write(path, rows)
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
