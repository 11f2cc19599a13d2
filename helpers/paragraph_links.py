"""Links from the lessons' Markdown to the annotated memo: "(p51)" becomes "([p51](memo.ipynb#p51))".

Pure functions over text (``scripts/link_paragraphs.py`` runs them over the
lessons; a test holds every lesson to them).
"""
from __future__ import annotations

import re

MEMO_NOTEBOOK = "memo.ipynb"

_PROTECTED = re.compile(
    r"```.*?```"                      # fenced code
    r"|`[^`\n]*`"                     # inline code
    r"|\[[^\]\n]*\]\([^)\s]*\)"       # a Markdown link, whole
    r"|<summary>.*?</summary>"         # a fold's title: HTML, where a Markdown link would show as raw text
    r"|<[A-Za-z/!][^>\n]*>",          # an HTML tag or autolink
    flags=re.S)
PARA_REF = re.compile(r"(?:(?<![\w#/.\-\[])|(?<=p\d\d[-–])|(?<=#p\d\d\)[-–]))p\d\d(?!\w|-(?!p\d\d|\[p\d\d\]))")
"""A paragraph id standing alone in prose ("p51", "(p51)", "p40-p42"), not part of a word, an id or an address."""
LINKED_REF = re.compile(r"\[(p\d\d)\]\(" + re.escape(MEMO_NOTEBOOK) + r"#(p\d\d)\)")


def _bare_refs(markdown: str) -> list[re.Match]:
    """Matches of PARA_REF that lie outside code, links and HTML tags."""
    protected = [m.span() for m in _PROTECTED.finditer(markdown)]
    return [m for m in PARA_REF.finditer(markdown)
            if not any(start <= m.start() < end for start, end in protected)]


def link_paragraph_refs(markdown: str, target: str = MEMO_NOTEBOOK) -> str:
    """Turn each paragraph reference in Markdown prose into a link to the annotated memo.

    "(p51)" becomes "([p51](memo.ipynb#p51))" and "p40-p42" becomes
    "[p40](memo.ipynb#p40)-[p42](memo.ipynb#p42)". Code, existing links and
    HTML tags are left alone, so running it twice changes nothing.
    """
    out, last = [], 0
    for m in _bare_refs(markdown):
        out += [markdown[last:m.start()], f"[{m.group(0)}]({target}#{m.group(0)})"]
        last = m.end()
    return "".join(out) + markdown[last:]


def linked_refs(markdown: str) -> list[tuple[str, str]]:
    """``(text, anchor)`` of every link to a paragraph of the annotated memo in Markdown."""
    return LINKED_REF.findall(markdown)
