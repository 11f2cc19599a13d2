"""Quotations in the lessons' prose: each word for word in the memo paragraph its reference names."""
from __future__ import annotations

import doctest
import json

import pytest

import helpers
from helpers.authoring import anatomy, quotations
from helpers.authoring.quotations import is_verbatim, misquotations
from helpers.paths import LESSONS_DIR

PARAGRAPHS = {r["id"]: r["text"] for r in helpers.load("paragraphs").to_dict("records")}
LESSONS = sorted(LESSONS_DIR.glob("[0-9][0-9]-*.ipynb"))


def test_the_docstring_examples_hold():
    assert doctest.testmod(quotations).failed == 0


def test_a_quotation_is_read_with_the_paragraphs_its_bracket_names():
    text = ('He says "comrade Efremov" ([p10](memo.ipynb#p10)); twice: "the people themselves" and '
            '"The people themselves want them." ([p80](memo.ipynb#p80), [p82](memo.ipynb#p82)). A word in '
            'quotation marks with no paragraph, "teacher", is not a quotation.')
    found = quotations.quotations(text)
    assert [(q.words, q.paragraphs) for q in found] == [
        ("comrade Efremov", ("p10",)), ("The people themselves want them.", ("p80", "p82"))]
    assert misquotations(text, PARAGRAPHS) == []


@pytest.mark.parametrize("written", [
    '"Cde. Efremov" ([p10](memo.ipynb#p10))',          # the recorder's short form, not p10's words
    '“We are completely sure” (p99)',                   # no such paragraph
    '"the people themselves want it" (p82)',            # a word changed
])
def test_a_misquotation_is_named_with_its_words_and_paragraph(written):
    (message,) = misquotations(written, PARAGRAPHS)
    words = quotations.quotations(written)[0].words
    assert f"\u201c{words}\u201d is not word for word in" in message


def test_case_spacing_apostrophes_and_an_ellipsis_do_not_count_as_changes():
    p = PARAGRAPHS["p19"]
    first, last = p.split()[:3], p.split()[-3:]
    assert is_verbatim(" ".join(first).upper().replace("'", "’") + " ... " + " ".join(last), p)
    assert not is_verbatim(" ".join(first) + " never said", p)


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_every_quotation_in_a_lesson_is_word_for_word(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [(n, "".join(c["source"])) for n, c in enumerate(nb["cells"], start=1) if c["cell_type"] == "markdown"]
    assert any(quotations.quotations(text) for _, text in cells), f"{path.name}: no quotation found to check"
    wrong = [f"cell {n}: {m}" for n, text in cells for m in misquotations(text, PARAGRAPHS, named_before_too=True)]
    assert not wrong, f"{path.name}:\n" + "\n".join(wrong)


def test_the_lesson_check_reports_a_misquotation_with_its_cell(tmp_path):
    source = LESSONS[0]
    nb = json.loads(source.read_text(encoding="utf-8"))
    nb["cells"].insert(1, {"cell_type": "markdown", "id": "misquote", "metadata": {},
                           "source": ['Mao says "We are paying him a great deal" ([p19](memo.ipynb#p19)).']})
    (tmp_path / source.name).write_text(json.dumps(nb), encoding="utf-8")
    problems = [p for p in anatomy.check_lesson(tmp_path / source.name) if p.field == "quotation"]
    assert any(p.line == 2 and "We are paying him a great deal" in p.message for p in problems)


def test_a_quotation_after_a_named_paragraph_is_checked_against_the_memo():
    """A sentence may name its paragraph first ("In p51 Mao dates it to ..."): those words are checked too, and
    a heading or slogan in quotation marks must stand in a sentence of its own."""
    good = 'In [p51](memo.ipynb#p51) Mao dates the decision to "a meeting 16 July".'
    assert [(q.words, q.paragraphs) for q in quotations.named_before(good)] == [("a meeting 16 July", ("p51",))]
    assert misquotations(good, PARAGRAPHS, named_before_too=True) == []
    wrong = 'In [p51](memo.ipynb#p51) Mao dates it to "a meeting on 16 July".'
    assert misquotations(wrong, PARAGRAPHS) == []  # the instructors' notes are held to the other form only
    (message,) = misquotations(wrong, PARAGRAPHS, named_before_too=True)
    assert "\u201ca meeting on 16 July\u201d, in a sentence that names p51" in message
    assert quotations.named_before('Mao speaks (p51). A slogan: "the steel marshal takes command".') == []


def test_the_memo_page_counts_a_quotation_whose_sentence_names_its_paragraph(tmp_path):
    from helpers import edition

    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": [
        'In [p60](memo.ipynb#p60) Mao says: "A 12-year plan we\'ll fulfill in 3 years!" ',
        'In [p51](memo.ipynb#p51) he says "a thing he never said".']}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "07-test.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    quoting = edition.lessons_quoting(tmp_path)
    assert quoting.get("p60") == ["07"]
    assert "p51" not in quoting  # words not in p51 do not make the lesson quote it
