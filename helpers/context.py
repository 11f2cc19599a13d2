"""Context cards: one row of the historical record, shown with its sources.

A lesson states a fact from outside the memo by showing the row that holds
it, so the fact always travels with its citation: ``helpers.event("beidaihe")``.
"""
from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import bibliography, data

TITLES = {"events": "title", "people": "name", "glossary": "term", "anomalies": "quote", "record": "label",
          "sources": "title"}
BODY = {
    "events": [("When", "_when"), ("What", "description"), ("Category", "category")],
    "people": [("Other names", "other_names"), ("In the memo", "memo_role"), ("Office in October 1958", "office_1958"),
               ("Life", "_life"), ("Uncertain", "uncertain")],
    "glossary": [("Chinese", "chinese"), ("Pinyin", "pinyin"), ("Russian", "russian"), ("Meaning", "definition"),
                 ("Also written", "also")],
    "anomalies": [("Kind", "kind"), ("What the record says", "record_says"), ("Best explanation", "explanation"),
                  ("What it teaches", "lesson")],
    "record": [("Figure", "_figure"), ("Basis", "basis"), ("Note", "note")],
}


def escape_markdown(text: str, multiline: bool = False) -> str:
    """Text from the data made inert in Markdown: HTML and Markdown syntax show as the characters they are.

    ``<``, ``>`` and ``&`` become entities (a Markdown renderer passes raw HTML through);
    emphasis, code, links, tables and headings are backslash-escaped, and a line that
    would begin a list does not. Line breaks become spaces unless ``multiline``.
    """
    text = html.escape(str(text), quote=False)
    text = re.sub(r"([\\`*{}\[\]|~#])", r"\\\1", text)
    text = re.sub(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])", r"\\_", text)  # a '_' inside a word is plain
    if not multiline:
        text = " ".join(text.splitlines())
    return "\n".join(re.sub(r"^(\s*)(?:([-+=])|([0-9]+)([.)]))(?=\s|$)", lambda m: m.group(1) + (
        "\\" + m.group(2) if m.group(2) else m.group(3) + "\\" + m.group(4)), line) for line in text.split("\n"))


@dataclass(frozen=True)
class Card:
    """A row of a table with the citations of its sources; renders as escaped HTML or Markdown."""

    table: str
    id: str
    title: str
    lines: tuple[tuple[str, str], ...]
    paragraphs: tuple[str, ...]
    sources: tuple[str, ...]

    def to_html(self) -> str:
        """The card as HTML; all text from the data files is escaped."""
        e = html.escape
        rows = "".join(f"<dt style='font-weight:bold'>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in self.lines if v)
        paras = f"<p>Memo paragraphs: {e(', '.join(self.paragraphs))}</p>" if self.paragraphs else ""
        srcs = "".join(f"<li>{e(s)}</li>" for s in self.sources)
        return (f'<div class="course-card" data-table="{e(self.table)}" data-id="{e(self.id)}" '
                'style="border:1px solid #ccc;border-radius:4px;padding:0.4em 0.8em;margin:0.4em 0;">'
                f"<strong>{e(self.title)}</strong><dl style='margin:0.3em 0'>{rows}</dl>{paras}"
                f"<div style='font-size:smaller'>Sources:<ol>{srcs}</ol></div></div>")

    def to_markdown(self) -> str:
        """The card as Markdown, for print; all text from the data files is escaped."""
        e = escape_markdown
        lines = [f"**{e(self.title)}**", ""] + [f"- *{k}:* {e(v)}" for k, v in self.lines if v]
        if self.paragraphs:
            lines.append(f"- *Memo paragraphs:* {e(', '.join(self.paragraphs))}")
        lines += ["", "Sources:"] + [f"{n}. {e(s)}" for n, s in enumerate(self.sources, start=1)]
        return "\n".join(lines)

    _repr_html_ = to_html
    _repr_markdown_ = to_markdown


def cite(source_ids: str | list[str], data_dir: Path | str | None = None) -> list[str]:
    """Full citations (Chicago notes, with the address where one is shown) for source ids, in the order given.

    Each is built by :func:`helpers.bibliography.citation` from the fields of
    sources.csv. An id missing from sources.csv is returned as it is (the validator reports it).
    """
    ids = data.split_list(source_ids) if isinstance(source_ids, str) else list(source_ids)
    table = data.load("sources", data_dir).set_index("id", drop=False)
    return [bibliography.citation(table.loc[sid].to_dict()) if sid in table.index else sid for sid in ids]


def _value(row, key: str) -> str:
    if key == "_when":
        return row["start"] + (f" to {row['end']}" if row["end"] else "")
    if key == "_life":
        born, died = (_blank(row[k]) for k in ("born", "died"))
        return f"{born}–{died}" if born or died else ""
    if key == "_figure":
        amount = f"{row['value']:g}" if _blank(row["value"]) else f"{row['low']:g}–{row['high']:g}"
        year = f" ({row['year']})" if _blank(row["year"]) else ""
        return f"{amount} {row['unit']}{year}"
    return "; ".join(part.strip() for part in str(row[key]).split(";"))


def _blank(value) -> str:
    """The value as text, or "" where the cell is empty."""
    return "" if value is None or pd.isna(value) else str(value)


def card(table: str, row_id: str, data_dir: Path | str | None = None) -> Card:
    """The row ``row_id`` of ``table`` (events, people, glossary, anomalies, record) as a card."""
    if table not in BODY:
        raise data.DataError(f"No cards for the table {table!r}; use one of: {', '.join(BODY)}.")
    frame = data.load(table, data_dir).set_index("id", drop=False)
    if row_id not in frame.index:
        close = difflib.get_close_matches(row_id, list(frame.index), n=3)
        hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
        raise data.DataError(f"data/{table}.csv has no row with id {row_id!r}.{hint}")
    row = frame.loc[row_id]
    paras = data.split_list(row.get("paragraphs", "")) or data.split_list(row.get("paragraph", ""))
    return Card(table, row_id, str(row[TITLES[table]]),
                tuple((label, _value(row, key)) for label, key in BODY[table]),
                tuple(paras), tuple(cite(row["sources"], data_dir)))


def event(row_id: str) -> Card:
    """A timeline event with its sources."""
    return card("events", row_id)


def person(row_id: str) -> Card:
    """A person: the role the memo gives, the office they held, and sources."""
    return card("people", row_id)


def term(row_id: str) -> Card:
    """A glossary term with its definition and sources."""
    return card("glossary", row_id)


def anomaly(row_id: str) -> Card:
    """A place where the memo disagrees with the record or with itself, with sources."""
    return card("anomalies", row_id)


def fact(row_id: str) -> Card:
    """A figure from the historical record (record.csv) with its sources."""
    return card("record", row_id)
