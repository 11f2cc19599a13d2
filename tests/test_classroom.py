"""The classroom materials (instructors/classroom.md, instructors/support-and-assessment.md): quotations
word for word, card ids that exist, links that lead somewhere, and an exit ticket for every lesson."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import helpers
from helpers.authoring import anatomy, quotations

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "instructors" / "classroom.md", ROOT / "instructors" / "support-and-assessment.md"]


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def _slug(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


PLANS = sorted((ROOT / "instructors" / "plans").glob("[0-9][0-9]-*.md"))


@pytest.mark.parametrize("path", FILES + PLANS, ids=lambda p: p.name)
def test_every_quotation_is_word_for_word_in_its_paragraph(path):
    paragraphs = {r["id"]: r["text"] for r in helpers.load("paragraphs").to_dict("records")}
    text = path.read_text(encoding="utf-8")
    assert quotations.quotations(text), f"{path.name}: no quotations found"
    wrong = quotations.misquotations(text, paragraphs)
    assert not wrong, f"{path.name}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_card_id_exists(path):
    known = set()
    for table in ("events", "people", "glossary", "anomalies", "record", "excerpts"):
        known |= set(helpers.load(table)["id"])
    ids = re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)+)`", path.read_text(encoding="utf-8"))
    ids += re.findall(r"""helpers\.\w+\("([a-z0-9-]+)"\)""", path.read_text(encoding="utf-8"))
    assert ids
    assert not sorted(set(ids) - known)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_relative_link_leads_somewhere(path):
    text = path.read_text(encoding="utf-8")
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if target.startswith(("http://", "https://")):
            continue
        file, _, anchor = target.partition("#")
        doc = (path.parent / file) if file else path
        if not doc.is_file():
            broken.append(target)
        elif anchor and anchor not in {_slug(h) for h in re.findall(r"^#+ (.+)$", doc.read_text(encoding="utf-8"), flags=re.M)}:
            broken.append(target)
    assert not broken


def test_every_lesson_has_support_an_extension_and_an_exit_ticket_with_answers():
    text = (ROOT / "instructors" / "support-and-assessment.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.M)
    for path in anatomy.lesson_paths():
        number = path.name[:2]
        section = next((s for s in sections if s.startswith(f"Lesson {number}:")), None)
        assert section, f"no section for lesson {number}"
        assert "**Support.**" in section and f"vocabulary {number}" in section
        assert "**Extension.**" in section
        ticket = section.split("**Exit ticket.**", 1)[1]
        questions, answers = ticket.split("*Model answers.*", 1)
        assert re.findall(r"^\d\. ", questions, flags=re.M) == ["1. ", "2. "], f"lesson {number}: two questions"
        assert "(1)" in answers and "(2)" in answers, f"lesson {number}: a model answer for each question"


def test_the_essay_rubric_covers_the_essays_demands():
    text = (ROOT / "instructors" / "support-and-assessment.md").read_text(encoding="utf-8")
    rubric = text.split("## Rubric for lesson 06's essay", 1)[1]
    essay = "".join(c for c in (ROOT / "lessons" / "06-read-the-source-critically.ipynb").read_text(encoding="utf-8"))
    assert "600-900 words" in essay and "600-900 words" in rubric
    kinds = set(helpers.load("anomalies")["kind"])
    assert all(kind in rubric for kind in kinds)
    for criterion in ("Argument", "Evidence", "Handling the source", "Counter-argument", "Citation and writing"):
        assert f"**{criterion}**" in rubric


def test_launch_day_cites_the_binder_limits():
    text = (ROOT / "instructors" / "classroom.md").read_text(encoding="utf-8")
    assert "100 simultaneous users of one repository" in text and "more than 50 users at once" in text
    assert "mybinder.org-user-guide/blob/" in text
    assert "python -m helpers links --repo OWNER/REPO" in text


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_quotation_comes_from_the_memo_or_a_lesson(path):
    """Quotations without a paragraph id beside them are still in the memo, or quote a lesson's own words."""
    memo = _norm(" ".join(helpers.load("paragraphs")["text"]))
    lessons = _norm(" ".join(
        "".join(c["source"]) for p in anatomy.lesson_paths() for c in anatomy.read_notebook(p)["cells"]))
    quotes = re.findall(r"“([^”]+)”", path.read_text(encoding="utf-8"))
    missing = [q for q in quotes if _norm(q) not in memo and _norm(q).rstrip(".") not in lessons]
    assert not missing
