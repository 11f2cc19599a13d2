"""The memo as data: verbatim quotes, resolving references, a stable index, the data package."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import helpers
from helpers.memo import derive_paragraphs

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

SOURCE = (DATA / "memo-1958-10-02.txt").read_text(encoding="utf-8")
BODY = " ".join(SOURCE.split("Translation - English", 1)[1].split())
TABLES = helpers.table_names()


def rows(name: str) -> list[dict]:
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_project_copy_of_the_source_is_the_shared_one_when_present():
    shared = ROOT.parent / "shared" / "source" / "memo-1958-10-02.txt"
    if not shared.exists():
        pytest.skip("../shared is not beside this checkout")
    assert (DATA / "memo-1958-10-02.txt").read_bytes() == shared.read_bytes()


def test_the_shipped_data_has_no_problems():
    problems = helpers.validate()
    assert not problems, "\n".join(map(str, problems))


def test_paragraph_index_is_stable_and_covers_the_whole_body():
    first, second = derive_paragraphs(SOURCE), derive_paragraphs(SOURCE)
    assert first == second
    assert [r["id"] for r in first] == [f"p{n:02d}" for n in range(1, len(first) + 1)]
    assert rows("paragraphs") == [{k: str(v) for k, v in r.items()} for r in first]
    assert " ".join(r["text"] for r in first) == BODY


def test_page_breaks_are_joined_and_documented():
    joined = {r["id"]: r for r in rows("paragraphs") if r["joined"]}
    assert "criticize me for talking so much all by myself." in joined["p39"]["text"]
    assert set(joined) == {"p26", "p39", "p62", "p76"}
    for r in joined.values():
        first, last = map(int, r["lines"].split("-"))
        assert last > first and "page break" in r["joined"]


def test_speakers_are_named_as_the_text_names_them():
    speakers = {r["id"]: (r["speaker"], r["mode"]) for r in rows("paragraphs")}
    assert speakers["p05"] == ("Mao Zedong", "direct")
    assert speakers["p69"] == ("Efremov", "direct")
    assert speakers["p73"] == ("Chervenkov", "direct")
    assert speakers["p74"] == ("Secretary of the Sofia City Party Committee", "reported")
    assert speakers["p96"] == ("the record", "narration")


@pytest.mark.parametrize("table", ["figures", "excerpts", "anomalies"])
def test_every_quote_is_verbatim_in_its_paragraph_and_in_the_source(table):
    text = {r["id"]: r["text"] for r in rows("paragraphs")}
    for n, row in enumerate(rows(table), start=2):
        assert row["quote"] in text[row["paragraph"]], f"{table}.csv line {n}: {row['quote']!r}"
        assert " ".join(row["quote"].split()) in BODY, f"{table}.csv line {n} is not in the source"


def test_figures_cover_what_the_memo_states():
    figures = helpers.load("figures").set_index("id")
    steel = figures[(figures.series == "steel") & (figures.unit == "million tonnes")].sort_values("order")
    assert list(steel["value"]) == [5.35, 6.2, 7.5, 9.0, 10.7, 10.0, 20.0]
    harvest = figures.loc["harvest-1957"]
    assert (harvest["low"], harvest["high"]) == (75, 80)
    numbers_in_figures = {str(v).rstrip("0").rstrip(".") for v in figures[["value", "low", "high"]].stack()}
    for number in ["5.35", "6.2", "7.5", "9", "10.7", "155", "700000", "20000", "7000", "10000", "99", "1927", "8"]:
        assert number in numbers_in_figures, number


def test_excerpts_cover_every_theme_and_lesson():
    excerpts = helpers.load("excerpts")
    assert len(excerpts) >= 25
    themes = {t for cell in excerpts.themes for t in helpers.split_list(cell)}
    assert {"taiwan", "teachers", "bloc", "tito", "great-leap", "steel", "harvest", "doubt",
            "communes", "england", "peace-war", "room", "source"} <= themes
    lessons = {t for cell in excerpts.lessons for t in helpers.split_list(cell)}
    assert lessons >= {"00", "01", "02", "03", "04", "05", "06"}


def test_the_data_package_validates_with_frictionless():
    import frictionless

    report = frictionless.validate(str(DATA / "datapackage.json"))
    errors = [e.message for task in report.tasks for e in task.errors] + [e.message for e in report.errors]
    assert report.valid, "\n".join(errors[:20])


def test_every_resource_has_a_description_and_the_csv_ones_a_schema():
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    for res in package["resources"]:
        assert res.get("description"), res["name"]
        if res["path"].endswith(".csv"):
            assert all(f.get("description") for f in res["schema"]["fields"]), res["name"]
            assert (DATA / res["path"]).exists(), res["path"]


def test_loaded_tables_are_typed():
    figures = helpers.load("figures")
    assert str(figures["value"].dtype) == "Float64"
    assert str(figures["year"].dtype) == "Int64"
    assert figures.loc[figures.id == "steel-1957", "value"].iloc[0] == 5.35


def test_citation_comes_from_the_source_header():
    cite = helpers.citation()
    assert "GARF f. 9576, op. 18, 1958, d. 26, l. 312-322" in cite.text
    assert "Austin Jersild" in cite.text
    assert cite.url == "https://digitalarchive.wilsoncenter.org/document/116826"
    assert cite.recorder == "VI. Rogov"
    assert cite.url in cite.full() and "116826" in cite.short("p19")
    shown = cite.short("p19")._repr_html_()  # a notebook shows it as text, not as a quoted string
    assert shown.startswith("<p") and "'" not in shown and "para. p19" in shown


def test_excerpt_knows_its_text_paragraph_speaker_and_citation():
    e = helpers.excerpt("three-teachers")
    assert e.paragraph == "p20" and e.speaker == "Mao Zedong"
    assert e.text.startswith("Our teachers are communists and Marxists.")
    assert "116826" in e.to_markdown() and e.text in e.to_markdown()
    assert "116826" in e.to_html()


def test_excerpt_html_escapes_text_from_the_data(data_copy):
    payload = "<img src=x onerror=alert(1)>"
    path = data_copy / "excerpts.csv"
    table = rows("excerpts")
    table[0]["title"] = payload
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    out = helpers.excerpt(table[0]["id"], data_copy).to_html()
    assert payload not in out and "&lt;img src=x onerror=alert(1)&gt;" in out


def test_unknown_excerpt_id_names_the_file_and_suggests():
    with pytest.raises(helpers.DataError, match=r"data/excerpts.csv.*'three-teachers'"):
        helpers.excerpt("three-teacher")


def test_memo_find_gives_every_occurrence_with_context():
    memo = helpers.load_memo()
    hits = memo.find("teacher")
    assert len(hits) == sum(r["text"].lower().count("teacher") for r in rows("paragraphs"))
    assert hits[0].paragraph == "p19" and hits[0].match.lower() == "teacher"
    assert memo.paragraph("p46")["text"] == "Last year we produced 5.35 million tons."
    with pytest.raises(helpers.DataError, match="p01 to p96"):
        memo.paragraph("p97")


def test_python_m_helpers_check_passes_on_the_shipped_data():
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "helpers", "check"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no problems" in run.stdout


def test_markdown_of_cards_and_excerpts_escapes_text_from_the_data(data_copy):
    payload = "<img src=x onerror=alert(1)> **loud** [click](javascript:alert(1)) `code` | cell"
    table = rows("excerpts")
    table[0]["title"] = payload
    write_rows(data_copy / "excerpts.csv", table)
    glossary = rows("glossary")
    glossary[0]["definition"] = "1. " + payload
    write_rows(data_copy / "glossary.csv", glossary)
    for markdown in (helpers.excerpt(table[0]["id"], data_copy).to_markdown(),
                     helpers.context.card("glossary", glossary[0]["id"], data_copy).to_markdown()):
        assert "<img" not in markdown and "&lt;img src=x onerror=alert(1)&gt;" in markdown
        assert "\\*\\*loud\\*\\*" in markdown and "\\[click\\]" in markdown and "\\`code\\`" in markdown
        assert "\\| cell" in markdown
    rendered = helpers.context.card("glossary", glossary[0]["id"], data_copy).to_markdown()
    assert "- *Meaning:* 1\\. &lt;img" in rendered  # the definition does not start a list of its own


def write_rows(path, table):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)


def test_check_and_load_share_one_parse_path():
    from helpers.data import parse_cell

    number, integer = {"type": "number"}, {"type": "integer"}
    assert parse_cell("5.35", number) == (5.35, None) and parse_cell(" 1958 ", integer) == (1958, None)
    assert parse_cell("", number) == (None, None)
    for bad in ("1_000", "nan", "inf", "١٩٥٨", "１９５８", "1e3", "0x10"):
        assert parse_cell(bad, number)[1] and parse_cell(bad, integer)[1], bad
    date = {"type": "string", "partialDate": True}
    assert parse_cell("1958-02-28", date) == ("1958-02-28", None)
    assert "calendar" in parse_cell("1958-02-29", date)[1]
    figures = helpers.load("figures")
    assert figures["value"].dropna().map(type).eq(float).all()
