"""Property-based tests (Hypothesis): whatever an edit does to a table, the check names it or the lessons render.

For every table, generated edits of one cell and generated corruptions of the file's bytes:
either ``helpers.validate`` reports problems, each naming a data file and at least one
naming the line (and, for a cell, the field), and ``helpers.load`` raises a ``DataError``;
or the tables load and every card, chart and widget that uses them renders.
"""
from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

import helpers
from renders import render

set_hypothesis_home_dir(tempfile.mkdtemp(prefix="hypothesis-"))  # keep .hypothesis/ out of the checkout

ROOT = Path(__file__).resolve().parent.parent
TABLES = helpers.table_names()
SETTINGS = settings(max_examples=10, deadline=None, derandomize=True, database=None, phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
"""Deterministic (the same examples on every run, so CI is reproducible) and not shrunk: a failure
prints the drawn row, column and value, which is enough to rebuild it as a case in test_bad_input.py."""
SUMMARY = ("not checked", "nothing else in this file", "rows were not checked", "more lines")

TRICKY = ["", " ", "nan", "inf", "-0", "1_000", "١٩٥٨", "１９５８", "1e3", "5,35", "1958-13-45", "1958-02-29",
          "p00", "p99", "p٠١", "03", "3", "javascript:alert(1)", "https://example.org/x", "a;b", "a; b", ";",
          "\"", "\"\"", "<script>alert(1)</script>", "**x**", "\x00", "\ufeff", "\u202e", "x" * 300,
          "memo", "steel", "output", "present", "day", "Great Leap Forward", "1958", "5.35", "-5", "0"]
VALUES = st.one_of(st.sampled_from(TRICKY), st.text(max_size=40),
                   st.integers(min_value=-10 ** 20, max_value=10 ** 20).map(str),
                   st.floats(allow_nan=True, allow_infinity=True).map(str),
                   st.dates().map(lambda d: d.isoformat()), st.dates().map(lambda d: d.isoformat()[:7]))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("props") / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def rows_of(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    return table[0], table[1:]


def outcome(name: str, data_dir: Path, changed: bytes, cell_edit: bool) -> None:
    """Write ``changed`` as the table, then the property; the table is restored afterwards."""
    path = data_dir / f"{name}.csv"
    try:
        path.write_bytes(changed)
        named_or_renders(name, data_dir, cell_edit)
    finally:
        path.write_bytes((ROOT / "data" / f"{name}.csv").read_bytes())


def named_or_renders(name: str, data_dir: Path, cell_edit: bool) -> None:
    """The property: named problems and a DataError, or everything that uses the tables renders."""
    helpers.data._load.cache_clear()
    problems = helpers.validate(data_dir)
    if not problems:
        for table in TABLES:
            helpers.load(table, data_dir)
        render(name, data_dir)  # every card, chart and widget that uses the edited table
        return
    files = {f"data/{t}.csv" for t in TABLES} | {"data/memo-1958-10-02.txt"}
    assert all(p.file in files for p in problems), problems
    located = [p for p in problems if not any(s in p.message for s in SUMMARY)]
    assert located and all(p.line is not None for p in located if p.file == f"data/{name}.csv"
                           and "paragraphs but the memo gives" not in p.message), problems
    if cell_edit:
        assert any(p.field for p in located), problems
    for table in TABLES:  # the loader refuses exactly the tables the check finds fault with
        if helpers.data.check_table(table, data_dir):
            with pytest.raises(helpers.DataError):
                helpers.load(table, data_dir)
        else:
            helpers.load(table, data_dir)


@pytest.mark.parametrize("name", TABLES)
@SETTINGS
@given(data=st.data())
def test_any_edit_of_one_cell_is_named_or_renders(scratch, name, data):
    header, body = rows_of(ROOT / "data" / f"{name}.csv")
    row = data.draw(st.integers(0, len(body) - 1), label="row")
    column = data.draw(st.integers(0, len(header) - 1), label="column")
    value = data.draw(VALUES, label="value")
    body[row][column] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *body])
    outcome(name, scratch, out.getvalue().encode("utf-8"), cell_edit=True)


@pytest.mark.parametrize("name", TABLES)
@SETTINGS
@given(data=st.data())
def test_any_corruption_of_the_file_is_named_or_renders(scratch, name, data):
    original = (ROOT / "data" / f"{name}.csv").read_bytes()
    at = data.draw(st.integers(0, len(original)), label="position")
    kind = data.draw(st.sampled_from(["insert", "delete", "truncate"]), label="kind")
    if kind == "insert":
        noise = data.draw(st.one_of(st.binary(min_size=1, max_size=8),
                                    st.sampled_from([b'"', b",", b"\n", b"\r", b"\xef\xbb\xbf", b"\x00", b";"])),
                          label="bytes")
        changed = original[:at] + noise + original[at:]
    elif kind == "delete":
        changed = original[:at] + original[at + data.draw(st.integers(1, 40), label="length"):]
    else:
        changed = original[:at]
    outcome(name, scratch, changed, cell_edit=False)
