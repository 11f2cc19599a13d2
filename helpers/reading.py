"""Close reading: a word or phrase in context, and along the conversation.

Pure functions over the memo's paragraphs; nothing here imports Altair or
ipywidgets. Every piece of text that comes from the data files is
HTML-escaped before any markup is added.
"""
from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from .context import cite as source_citations  # noqa: F401 - see below
from .excerpts import marked_excerpt_html  # noqa: F401
from .memo import load_memo, stretch_of_paragraphs  # noqa: F401
from .names import Term, card, mark_terms, people_list, person_card, term_card, terms, terms_in  # noqa: F401
from .reactions import STAGE_DIRECTION, TOAST, TOAST_KIND, Reaction, parse_reactions, reactions  # noqa: F401

# The names imported above moved to modules named for their job (names, reactions, memo, excerpts); they are
# imported here only so that code and notebooks that call ``helpers.reading.<name>`` keep working.

DataDir = Path | str | None


def kwic(phrase: str, width: int = 60, data_dir: DataDir = None) -> pd.DataFrame:
    """Key word in context: every occurrence of a phrase with the words before and after it.

    Columns: ``paragraph``, ``speaker``, ``before``, ``match``, ``after``.
    Case-insensitive; an empty phrase gives an empty table.
    """
    hits = load_memo(data_dir).find(phrase, width=width)
    return pd.DataFrame([h.__dict__ for h in hits], columns=["paragraph", "speaker", "before", "match", "after"])


def frequency_along(phrase: str, data_dir: DataDir = None) -> pd.DataFrame:
    """How often a phrase occurs in each paragraph, for every paragraph in order (zeros included).

    Columns: ``paragraph``, ``speaker``, ``count``.
    """
    memo = load_memo(data_dir)
    counts: dict[str, int] = {}
    for hit in memo.find(phrase):
        counts[hit.paragraph] = counts.get(hit.paragraph, 0) + 1
    frame = memo.paragraphs[["id", "speaker"]].rename(columns={"id": "paragraph"}).copy()
    frame["count"] = [counts.get(pid, 0) for pid in frame["paragraph"]]
    return frame.reset_index(drop=True)


def kwic_html(phrase: str, width: int = 60, data_dir: DataDir = None) -> str:
    """The KWIC table as an HTML table; every cell escaped, the match in ``<mark>``."""
    e = html.escape
    if not str(phrase or "").strip():
        return '<p class="course-kwic-empty">Type a word or phrase above to see every place the memo uses it.</p>'
    table = kwic(phrase, width, data_dir)
    if table.empty:
        return f'<p class="course-kwic-empty">No occurrence of &ldquo;{e(phrase.strip())}&rdquo; in the memo.</p>'
    rows = "".join(
        f"<tr><td>{e(r.paragraph)}</td><td>{e(r.speaker)}</td>"
        f'<td style="text-align:right">{e(r.before)}</td><td><mark>{e(r.match)}</mark></td>'
        f"<td>{e(r.after)}</td></tr>"
        for r in table.itertuples()
    )
    return (f'<table class="course-kwic"><caption>{len(table)} occurrence(s) of &ldquo;{e(phrase.strip())}'
            "&rdquo;</caption><thead><tr><th>Para.</th><th>Speaker</th><th>Before</th><th>Match</th>"
            f"<th>After</th></tr></thead><tbody>{rows}</tbody></table>")
