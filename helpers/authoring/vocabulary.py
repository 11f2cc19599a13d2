"""Vocabulary sheets: the glossary terms a lesson uses, generated from ``data/glossary.csv``.

A lesson uses a term when it shows its card (``helpers.term("id")``, or ``"term:id"`` in a
``helpers.cards([...])`` group) or when the term, or one of
the other ways it is written (the ``also`` column), appears in the lesson's prose or in the memo
excerpts it shows. Names in capitals (``CC``, ``GARF``) must match in capitals; other names match
whatever their case.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .. import data
from ..excerpts import excerpt
from ..notebooks import lesson_path, read_notebook
from ..works import glossary_cards
from . import anatomy

COLUMNS = ["term", "definition", "also", "paragraphs"]


def lesson_text(path: Path) -> tuple[str, list[str]]:
    """A lesson's words (its Markdown and the excerpts it shows) and the glossary ids it shows as cards,
    single or in a group."""
    nb = read_notebook(path)
    prose, cards = [], []
    for cell in nb["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            prose.append(source)
        elif cell["cell_type"] == "code":
            cards += glossary_cards(source)
    prose += [excerpt(i).text for i in dict.fromkeys(anatomy.used_excerpts(path))]
    return "\n".join(prose), list(dict.fromkeys(cards))


def _names(row) -> list[str]:
    names = [row["term"]] + data.split_list(row["also"] if isinstance(row["also"], str) else "")
    return [n.strip() for n in names if n and n.strip()]


def _found(name: str, text: str) -> bool:
    flags = 0 if name.isupper() else re.I
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags=flags) is not None


def terms_used(lesson: str, lessons_dir: Path | str | None = None) -> list[str]:
    """Glossary ids a lesson uses, in the glossary's order."""
    text, cards = lesson_text(lesson_path(lesson, lessons_dir))
    glossary = data.load("glossary")
    return [row["id"] for _, row in glossary.iterrows()
            if row["id"] in cards or any(_found(name, text) for name in _names(row))]


def vocabulary(lesson: str, lessons_dir: Path | str | None = None) -> pd.DataFrame:
    """The vocabulary sheet for one lesson: term, meaning, other spellings, memo paragraphs.

    Parameters
    ----------
    lesson : the lesson's two-digit number, e.g. ``"03"``.
    """
    glossary = data.load("glossary").set_index("id")
    ids = terms_used(lesson, lessons_dir)
    sheet = glossary.loc[ids, COLUMNS].reset_index(drop=True) if ids else pd.DataFrame(columns=COLUMNS)
    sheet = sheet.fillna("")
    for col in ("also", "paragraphs"):
        sheet[col] = sheet[col].map(lambda v: ", ".join(data.split_list(v)) if isinstance(v, str) else v)
    return sheet.rename(columns={"term": "Term", "definition": "Meaning", "also": "Also written",
                                 "paragraphs": "Memo paragraphs"})


def vocabulary_markdown(lesson: str, lessons_dir: Path | str | None = None) -> str:
    """The sheet as Markdown, to print or paste into a handout."""
    sheet = vocabulary(lesson, lessons_dir)
    lines = [f"# Words for lesson {lesson}", ""]
    for row in sheet.itertuples(index=False):
        also = f" (also: {row[2]})" if row[2] else ""
        where = f" Memo paragraphs: {row[3]}." if row[3] else ""
        lines.append(f"- **{row[0]}**{also}: {row[1]}{where}")
    if len(sheet) == 0:
        lines.append("This lesson uses no term from the glossary.")
    return "\n".join(lines) + "\n"
