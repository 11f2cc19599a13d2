"""Names and terms: the people and glossary entries a text mentions, marked in it, their cards, the people menu.

Every piece of text that comes from the data files is HTML-escaped before any
markup is added, so that a name or a definition can never inject HTML.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from . import data
from .context import card as context_card

DataDir = Path | str | None


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
    for row in data.rows("people", data_dir):
        for form in [row["name"], *data.split_list(row["other_names"])]:
            out.append(Term(form, "person", row["id"], row["name"]))
    for row in data.rows("glossary", data_dir):
        for form in [row["term"], *data.split_list(row["also"])]:
            out.append(Term(form, "glossary", row["id"], row["term"]))
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


def person_card(person_id: str, data_dir: DataDir = None) -> str:
    """A person as HTML, drawn by the course's one card renderer (:func:`helpers.context.card_html`)."""
    if person_id not in data.by_id("people", data_dir):
        raise data.DataError(f"data/people.csv has no person with id {person_id!r}.")
    return context_card("people", person_id, data_dir).to_html()


def term_card(term_id: str, data_dir: DataDir = None) -> str:
    """A glossary entry as HTML, drawn by the course's one card renderer."""
    if term_id not in data.by_id("glossary", data_dir):
        raise data.DataError(f"data/glossary.csv has no term with id {term_id!r}.")
    return context_card("glossary", term_id, data_dir).to_html()


def card(term: Term, data_dir: DataDir = None) -> str:
    """The person card or the glossary definition for a marked term."""
    return person_card(term.id, data_dir) if term.kind == "person" else term_card(term.id, data_dir)


def people_list(presence: str | None = None, data_dir: DataDir = None) -> list[tuple[str, str]]:
    """``(label, id)`` pairs for a people menu: everyone, or those ``present`` or ``mentioned`` (a person whose
    presence the memo leaves ``unstated`` is listed only under everyone)."""
    label = {"present": "in the room", "mentioned": "mentioned", "unstated": "in the room? not stated"}
    return [(f"{r['name']} ({label.get(r['presence'], 'mentioned')})", r["id"])
            for r in data.rows("people", data_dir) if not presence or r["presence"] == presence]
