"""Close reading: a phrase in context, a phrase along the conversation, names and terms marked.

Pure functions over the course's tables; nothing here imports Altair or
ipywidgets. Every piece of text that comes from the data files is
HTML-escaped before any markup is added, so that a quote, a name or a
definition can never inject HTML into a notebook.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import data
from .context import card as context_card
from .context import cite
from .memo import load_memo

DataDir = Path | str | None

STAGE_DIRECTION = re.compile(r"\(([A-Z][a-z]+(?: [a-z]+){0,3})\)")
"""A stage direction of the recorder: a short parenthesis of words only, e.g. ``(Loud laughter)``."""

TOAST = re.compile(
    r"To the health|Let's drink|raise a toast"
    r"|^(?:[A-Z][A-Za-z. ]{2,40}: )?To (?:our|the) [^.?!]*!",
    flags=re.M,
)
"""A toast: 'To the health ...', 'Let's drink ...', '... raise a toast ...', or an exclamation 'To our ...!'."""

TOAST_KIND = "Toast"


@dataclass(frozen=True)
class Reaction:
    """One stage direction or toast in a paragraph.

    ``kind`` is the direction's words ("Laughter") or "Toast"; ``words`` the
    text as written; ``context`` what it answers: for a stage direction the
    sentence just before it (what the room laughed at), for a toast its sentence.
    """

    kind: str
    words: str
    context: str


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(\[])")
CONTEXT_CHARS = 160


def _last_sentence(text: str) -> str:
    text = STAGE_DIRECTION.sub("", text).strip(" .")
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip(" .")]
    last = sentences[-1].strip() if sentences else ""
    return last if len(last) <= CONTEXT_CHARS else "…" + last[-CONTEXT_CHARS:]


def _sentence_at(text: str, pos: int) -> str:
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    begin = max(s for s in starts if s <= pos)
    ends = [m.start() for m in _SENTENCE_END.finditer(text) if m.start() >= pos]
    return text[begin : ends[0] if ends else len(text)].strip()


def parse_reactions(text: str) -> list[Reaction]:
    """Stage directions ("(Laughter)", "(Loud laughter)", "(All are silent)") and toasts in a text, in order.

    >>> [r.kind for r in parse_reactions("A joke. (Laughter). Let's drink to it! (Loud laughter)")]
    ['Laughter', 'Toast', 'Loud laughter']
    """
    found = []
    previous = 0
    for m in STAGE_DIRECTION.finditer(text):
        context = _last_sentence(text[previous : m.start()]) or _last_sentence(text[: m.start()])
        found.append((m.start(), Reaction(m.group(1), m.group(0), context)))
        previous = m.end()
    for m in TOAST.finditer(text):
        found.append((m.start(), Reaction(TOAST_KIND, m.group(0), _sentence_at(text, m.start()))))
    return [r for _, r in sorted(found, key=lambda pair: pair[0])]


def reactions(data_dir: DataDir = None) -> pd.DataFrame:
    """Stage directions and toasts counted per paragraph, with each paragraph's stretch and topic.

    Columns: ``paragraph``, ``speaker``, ``stretch``, ``topic``, ``kind``,
    ``count`` (how often that kind occurs in the paragraph), ``words``
    (the stage direction as written), ``context`` (what it answers, see
    :class:`Reaction`). One row per paragraph and kind that occurs;
    paragraphs with none are left out.
    """
    memo = load_memo(data_dir)
    where = stretch_of_paragraphs(data_dir)
    rows = []
    for para in memo.paragraphs.itertuples():
        found = parse_reactions(para.text)
        for kind in dict.fromkeys(r.kind for r in found):
            mine = [r for r in found if r.kind == kind]
            stretch = where.get(para.id, {})
            rows.append({"paragraph": para.id, "speaker": para.speaker, "stretch": stretch.get("id", ""),
                         "topic": stretch.get("topic", ""), "kind": kind, "count": len(mine),
                         "words": " / ".join(dict.fromkeys(r.words for r in mine)),
                         "context": " / ".join(r.context for r in mine)})
    return pd.DataFrame(rows, columns=["paragraph", "speaker", "stretch", "topic", "kind", "count", "words",
                                       "context"])


def stretch_of_paragraphs(data_dir: DataDir = None) -> dict[str, dict]:
    """Map each paragraph id to its stretch (a dict with ``id``, ``first``, ``last``, ``topic``)."""
    ids = list(load_memo(data_dir).paragraphs["id"])
    out: dict[str, dict] = {}
    for row in data.load("stretches", data_dir).to_dict("records"):
        if row["first"] in ids and row["last"] in ids:
            for pid in ids[ids.index(row["first"]) : ids.index(row["last"]) + 1]:
                out[pid] = row
    return out


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


# --- names and terms -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A form of words to mark: the text as written, and the person or glossary entry it stands for."""

    text: str
    kind: str  # "person" or "glossary"
    id: str
    label: str


def terms(data_dir: DataDir = None) -> list[Term]:
    """Every name (people: name and other_names) and glossary term (term and also), longest first."""
    out: list[Term] = []
    for row in data.load("people", data_dir).itertuples():
        for form in [row.name, *data.split_list(row.other_names)]:
            out.append(Term(form, "person", row.id, row.name))
    for row in data.load("glossary", data_dir).itertuples():
        for form in [row.term, *data.split_list(row.also)]:
            out.append(Term(form, "glossary", row.id, row.term))
    out = [t for t in out if t.text.strip()]
    return sorted(out, key=lambda t: (-len(t.text), t.text))


_ENTITY = r"&(?:[A-Za-z]+|#[0-9]+|#x[0-9A-Fa-f]+);"


def _pattern(found: list[Term]) -> re.Pattern | None:
    if not found:
        return None
    forms = "|".join(re.escape(html.escape(t.text)) for t in found)
    # A form is tried first at each position; otherwise a whole entity is skipped, so no form can match
    # inside an entity such as &quot; or &#x27;.
    return re.compile(rf"(?<!\w)({forms})(?!\w)|({_ENTITY})", flags=re.I)


def mark_terms(text: str, data_dir: DataDir = None) -> str:
    """Escape a text for HTML, then wrap names and glossary terms in ``<mark data-term="id">``.

    The text is escaped first and the forms are looked for in the escaped text,
    so no character of the input can become markup. Matching ignores case and
    takes the longest form where forms overlap.
    """
    escaped = html.escape(text)
    found = terms(data_dir)
    pattern = _pattern(found)
    if pattern is None:
        return escaped
    by_form = {html.escape(t.text).lower(): t for t in reversed(found)}

    def wrap(m: re.Match) -> str:
        if m.group(2):
            return m.group(2)
        term = by_form[m.group(1).lower()]
        return (f'<mark data-term="{html.escape(term.id)}" data-kind="{term.kind}" '
                f'title="{html.escape(term.label)}">{m.group(1)}</mark>')

    return pattern.sub(wrap, escaped)


def terms_in(text: str, data_dir: DataDir = None) -> list[Term]:
    """The people and glossary entries a text mentions, once each, in order of first mention."""
    found = terms(data_dir)
    pattern = _pattern(found)
    if pattern is None:
        return []
    by_form = {html.escape(t.text).lower(): t for t in reversed(found)}
    seen: dict[tuple[str, str], Term] = {}
    for m in pattern.finditer(html.escape(text)):
        if m.group(1):
            term = by_form[m.group(1).lower()]
            seen.setdefault((term.kind, term.id), term)
    return list(seen.values())


def source_citations(ids: str, data_dir: DataDir = None) -> list[str]:
    """Full citations for a ``;``-separated list of ids in sources.csv, in the order given."""
    return cite(ids, data_dir)


def person_card(person_id: str, data_dir: DataDir = None) -> str:
    """A person as HTML, drawn by the course's one card renderer (:func:`helpers.context.card_html`)."""
    if person_id not in set(data.load("people", data_dir)["id"]):
        raise data.DataError(f"data/people.csv has no person with id {person_id!r}.")
    return context_card("people", person_id, data_dir).to_html()


def term_card(term_id: str, data_dir: DataDir = None) -> str:
    """A glossary entry as HTML, drawn by the course's one card renderer."""
    if term_id not in set(data.load("glossary", data_dir)["id"]):
        raise data.DataError(f"data/glossary.csv has no term with id {term_id!r}.")
    return context_card("glossary", term_id, data_dir).to_html()


def card(term: Term, data_dir: DataDir = None) -> str:
    """The person card or the glossary definition for a marked term."""
    return person_card(term.id, data_dir) if term.kind == "person" else term_card(term.id, data_dir)


def marked_excerpt_html(excerpt_id: str, data_dir: DataDir = None) -> str:
    """An excerpt as HTML, drawn by ``Excerpt.to_html``, with its names and glossary terms marked."""
    from .excerpts import excerpt

    return excerpt(excerpt_id, data_dir).to_html(marked=True, data_dir=data_dir)


def people_list(presence: str | None = None, data_dir: DataDir = None) -> list[tuple[str, str]]:
    """``(label, id)`` pairs for a people menu: everyone, or those ``present`` or ``mentioned``."""
    table = data.load("people", data_dir)
    if presence:
        table = table[table["presence"] == presence]
    return [(f"{r.name} ({'in the room' if r.presence == 'present' else 'mentioned'})", r.id)
            for r in table.itertuples()]
