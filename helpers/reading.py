"""Close reading: a word or phrase in context, and along the conversation.

Pure functions over the memo's paragraphs; nothing here imports Altair or
ipywidgets. Every piece of text that comes from the data files is
HTML-escaped before any markup is added.
"""
from __future__ import annotations

import html
from pathlib import Path

from . import data
from .context import cite as source_citations  # noqa: F401 - see below
from .excerpts import marked_excerpt_html  # noqa: F401
from .memo import load_memo, stretch_of_paragraphs  # noqa: F401
from .names import Term, card, mark_terms, people_list, person_card, term_card, terms, terms_in  # noqa: F401
from .reactions import STAGE_DIRECTION, TOAST, TOAST_KIND, Reaction, parse_reactions, reactions  # noqa: F401

# The names imported above moved to modules named for their job (names, reactions, memo, excerpts); they are
# imported here only so that code and notebooks that call ``helpers.reading.<name>`` keep working.

DataDir = Path | str | None


KWIC_COLUMNS = ["paragraph", "speaker", "before", "match", "after"]
FREQUENCY_COLUMNS = ["paragraph", "speaker", "count"]


def kwic_rows(phrase: str, width: int = 60, data_dir: DataDir = None) -> list[dict]:
    """Key word in context: every occurrence of a phrase with the words before and after it.

    Keys: ``paragraph``, ``speaker``, ``before``, ``match``, ``after``.
    Case-insensitive; an empty phrase gives no rows.
    """
    return [dict(h.__dict__) for h in load_memo(data_dir).find(phrase, width=width)]


def kwic(phrase: str, width: int = 60, data_dir: DataDir = None):
    """:func:`kwic_rows` as a pandas DataFrame (pandas is imported here, only when a learner asks for it)."""
    return data.frame(kwic_rows(phrase, width, data_dir), KWIC_COLUMNS)


def frequency_rows(phrase: str, data_dir: DataDir = None) -> list[dict]:
    """How often a phrase occurs in each paragraph, for every paragraph in order (zeros included).

    Keys: ``paragraph``, ``speaker``, ``count``.
    """
    memo = load_memo(data_dir)
    counts: dict[str, int] = {}
    for hit in memo.find(phrase):
        counts[hit.paragraph] = counts.get(hit.paragraph, 0) + 1
    return [{"paragraph": p["id"], "speaker": p["speaker"], "count": counts.get(p["id"], 0)} for p in memo.rows]


def frequency_along(phrase: str, data_dir: DataDir = None):
    """:func:`frequency_rows` as a pandas DataFrame (pandas is imported here, only when asked for)."""
    return data.frame(frequency_rows(phrase, data_dir), FREQUENCY_COLUMNS)


def kwic_html(phrase: str, width: int = 60, data_dir: DataDir = None) -> str:
    """The KWIC table as an HTML table; every cell escaped, the match in ``<mark>``."""
    e = html.escape
    if not str(phrase or "").strip():
        return '<p class="course-kwic-empty">Type a word or phrase above to see every place the memo uses it.</p>'
    table = kwic_rows(phrase, width, data_dir)
    if not table:
        return f'<p class="course-kwic-empty">No occurrence of &ldquo;{e(phrase.strip())}&rdquo; in the memo.</p>'
    rows = "".join(
        f"<tr><td>{e(r['paragraph'])}</td><td>{e(r['speaker'])}</td>"
        f'<td style="text-align:right">{e(r["before"])}</td><td><mark>{e(r["match"])}</mark></td>'
        f"<td>{e(r['after'])}</td></tr>"
        for r in table
    )
    return (f'<table class="course-kwic"><caption>{len(table)} occurrence(s) of &ldquo;{e(phrase.strip())}'
            "&rdquo;</caption><thead><tr><th>Para.</th><th>Speaker</th><th>Before</th><th>Match</th>"
            f"<th>After</th></tr></thead><tbody>{rows}</tbody></table>")
