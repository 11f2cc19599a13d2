"""Quotations in a lesson's prose: each one word for word in the memo paragraph its reference names.

A quotation is text in quotation marks (“…” or "…") followed by a paragraph reference in brackets:
``"comrade Efremov" ([p10](memo.ipynb#p10))``, ``“…” (p19)`` or several, ``([p79](…), [p80](…))``. It must
stand in one of the paragraphs named, letter for letter, except that case, spacing and the kind of quotation
mark or apostrophe do not count, and an ellipsis (``...`` or ``…``) may stand for words left out.

A quotation may instead follow a paragraph named earlier in its sentence (``In [p51](…) Mao dates it to "a
meeting 16 July".``): such words must stand in the memo, in a paragraph named or in another (a sentence may
name one paragraph and quote a phrase from elsewhere). Words in quotation marks that are not the memo's (a
heading, a slogan, a rewording) get a sentence of their own, or italics.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

QUOTED = re.compile(r"“(?P<curly>[^”]{3,}?)”|\"(?P<straight>[^\"\n]{3,}?)\"")
"""A stretch in quotation marks (curly or straight), at least three characters long."""
REFERENCE = re.compile(r"[,.;:!?]?[ ]?\(")
"""What may come between a quotation and the bracket that holds its paragraph references."""
PARAGRAPH = re.compile(r"(?<![\w-])p\d\d\b")
"""A paragraph id (p01-p96), not the end of a card id such as `bourgeois-legality-p77`."""
ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*")
MARKS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


@dataclass(frozen=True)
class Quotation:
    """A quotation in a lesson: its words and the paragraphs its reference names."""

    words: str
    paragraphs: tuple[str, ...]


def _bracket(text: str, start: int) -> str:
    """The text of the bracket opening at ``text[start]`` (a link's own brackets inside it included)."""
    depth = 0
    for at in range(start, min(len(text), start + 400)):
        depth += {"(": 1, ")": -1}.get(text[at], 0)
        if depth == 0:
            return text[start + 1:at]
    return ""


def quotations(markdown: str) -> list[Quotation]:
    """Every quotation in a Markdown text that is followed by a bracket naming memo paragraphs."""
    return [Quotation(_words(match), refs) for match in QUOTED.finditer(markdown)
            if (refs := _named_after(markdown, match))]


def _words(match: re.Match) -> str:
    return match.group("curly") or match.group("straight")


def _named_after(markdown: str, match: re.Match) -> tuple[str, ...]:
    """The paragraphs named in the bracket right after a quotation (none if no bracket follows)."""
    after = REFERENCE.match(markdown, match.end())
    return tuple(dict.fromkeys(PARAGRAPH.findall(_bracket(markdown, after.end() - 1)))) if after else ()


def named_before(markdown: str) -> list[Quotation]:
    """Quotations with no reference after them whose sentence names memo paragraphs before them:
    ``In [p51](memo.ipynb#p51) Mao dates it to "a meeting 16 July".`` (a sentence ends at ". " or a line break).

    >>> [(q.words, q.paragraphs) for q in named_before('In (p51) he says "a meeting 16 July". A "word".')]
    [('a meeting 16 July', ('p51',))]
    """
    found = []
    for match in QUOTED.finditer(markdown):
        if _named_after(markdown, match):
            continue  # a quotation with its reference after it: :func:`quotations` reads it
        start = max(markdown.rfind(". ", 0, match.start()), markdown.rfind("\n", 0, match.start()))
        refs = tuple(dict.fromkeys(PARAGRAPH.findall(markdown[start + 1:match.start()])))
        if refs:
            found.append(Quotation(_words(match), refs))
    return found


def _plain(text: str) -> str:
    return " ".join(text.translate(MARKS).split()).lower()


def is_verbatim(words: str, paragraph: str) -> bool:
    """Whether ``words`` stand in ``paragraph`` as written (an ellipsis may stand for words left out).

    >>> is_verbatim("comrade Efremov", "led by comrade Efremov."), is_verbatim("Cde. Efremov", "comrade Efremov")
    (True, False)
    >>> is_verbatim("we are not paying him ... anything", "we are not paying him a thing, anything")
    True
    """
    text = _plain(paragraph)
    parts = [_plain(p).strip(" ,.;:!?") for p in ELLIPSIS.split(words)]
    return all(p in text for p in parts if p)


def misquotations(markdown: str, paragraphs: dict[str, str], named_before_too: bool = False) -> list[str]:
    """A sentence for each quotation that is not word for word in any paragraph its reference names; with
    ``named_before_too`` (a lesson's prose), also for each :func:`named_before` quotation not in the memo."""
    wrong = []
    for q in quotations(markdown):
        known = [p for p in q.paragraphs if p in paragraphs]
        if not any(is_verbatim(q.words, paragraphs[p]) for p in known):
            where = ", ".join(q.paragraphs)
            wrong.append(f"the quotation \u201c{q.words}\u201d is not word for word in {where}: copy it from the "
                         "memo (an ellipsis ... may stand for words left out).")
    memo = " ".join(paragraphs.values()) if named_before_too else ""
    for q in named_before(markdown) if named_before_too else []:
        if not is_verbatim(q.words, memo):
            where = ", ".join(q.paragraphs)
            wrong.append(f"the quotation \u201c{q.words}\u201d, in a sentence that names {where}, is not word for word "
                         "in the memo: copy it from the memo, or, for words that are not the memo's (a heading, a "
                         "slogan), give them a sentence of their own or set them in italics.")
    return wrong
