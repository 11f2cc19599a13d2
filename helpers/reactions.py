"""The room's reactions: the recorder's stage directions and the toasts, paragraph by paragraph.

Pure functions over the memo's paragraphs; no Altair, no widgets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import data
from .memo import load_memo, stretch_of_paragraphs

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


REACTION_COLUMNS = ["paragraph", "speaker", "stretch", "topic", "kind", "count", "words", "context"]


def reactions(data_dir: DataDir = None):
    """The rows of :func:`reaction_rows` as a pandas DataFrame (pandas is imported here, only when asked for)."""
    return data.frame(reaction_rows(data_dir), REACTION_COLUMNS)


def reaction_rows(data_dir: DataDir = None) -> list[dict]:
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
    for para in memo.rows:
        found = parse_reactions(para["text"])
        for kind in dict.fromkeys(r.kind for r in found):
            mine = [r for r in found if r.kind == kind]
            stretch = where.get(para["id"], {})
            rows.append({"paragraph": para["id"], "speaker": para["speaker"], "stretch": stretch.get("id", ""),
                         "topic": stretch.get("topic", ""), "kind": kind, "count": len(mine),
                         "words": " / ".join(dict.fromkeys(r.words for r in mine)),
                         "context": " / ".join(r.context for r in mine)})
    return rows
