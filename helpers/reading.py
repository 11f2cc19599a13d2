"""Close reading: a word or phrase in context and along the conversation; words of doubt and certainty in time.

Pure functions over the memo's paragraphs; nothing here imports Altair or
ipywidgets. Every piece of text that comes from the data files is
HTML-escaped before any markup is added.
"""
from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path

from . import data, timeline
from .figures import memo_rows
from .memo import load_memo, stretch_of_paragraphs
from .tables import Table

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


def frequency_numbers(phrase: str, data_dir: DataDir = None) -> Table:
    """:func:`frequency_rows` as a :class:`~helpers.tables.Table` (the numbers behind the frequency chart)."""
    return Table(FREQUENCY_COLUMNS, frequency_rows(phrase, data_dir), {"count": "int"})


def frequency_along(phrase: str, data_dir: DataDir = None):
    """:func:`frequency_rows` as a pandas DataFrame (pandas is imported here, only when asked for)."""
    return frequency_numbers(phrase, data_dir).to_frame()


_WORD_END = re.compile(r"\w+$")
_WORD_START = re.compile(r"^\w+")


def _whole_word(row: dict) -> tuple[str, str, str, str, str]:
    """A KWIC row split as its table shows it: before, the rest of the word before the match, the match, the rest
    of the word after it, after."""
    head = _WORD_END.search(row["before"])
    tail = _WORD_START.match(row["after"])
    return (row["before"][:head.start()] if head else row["before"], head.group() if head else "", row["match"],
            tail.group() if tail else "", row["after"][tail.end():] if tail else row["after"])


def _kwic_row(row: dict) -> str:
    """One KWIC row as HTML. A match inside a word keeps its whole word in the match cell ("<mark>teacher</mark>s",
    not "teacher" | "s for the ..."), and the speaker's name never wraps."""
    e = html.escape
    before, head, match, tail, after = _whole_word(row)
    word = f"{e(head)}<mark>{e(match)}</mark>{e(tail)}"
    return (f"<tr><td>{e(row['paragraph'])}</td><td style=\"white-space:nowrap\">{e(row['speaker'])}</td>"
            f'<td style="text-align:right">{e(before)}</td><td style="white-space:nowrap">{word}</td>'
            f"<td>{e(after)}</td></tr>")


KWIC_FIRST = 5
"""How many lines of a KWIC table show open; the rest fold under "Show all n matches" (a screenful of 15 lines
buried the lesson)."""


def _kwic_table(rows: list[dict], widths: str, caption: str = "") -> str:
    head = ("<thead><tr><th>Para.</th><th>Speaker</th><th>Before</th><th>Match</th><th>After</th></tr></thead>")
    body = "".join(_kwic_row(r) for r in rows)
    # one fixed layout for the open lines and the folded ones, so that their columns line up
    return (f'<table class="course-kwic" style="table-layout:fixed;width:100%">{caption}{widths}{head}'
            f"<tbody>{body}</tbody></table>")


def _kwic_widths(rows: list[dict]) -> str:
    """The columns' widths: paragraph and speaker as wide as their longest entry, the match as wide as its longest
    whole word, before and after sharing the rest."""
    word = max(len("".join(_whole_word(r)[1:4])) for r in rows)
    speaker = max(len(r["speaker"]) for r in rows)
    return (f'<colgroup><col style="width:5ch"><col style="width:{max(speaker, 7) + 2}ch"><col>'
            f'<col style="width:{max(word, 5) + 2}ch"><col></colgroup>')


def kwic_html(phrase: str, width: int = 60, data_dir: DataDir = None, first: int | None = KWIC_FIRST) -> str:
    """The KWIC table as HTML; every cell escaped, the match in ``<mark>``.

    The caption counts the matches; only the ``first`` lines show open, the others fold under a "Show all n
    matches" disclosure (a ``<details>`` element, which the keyboard opens too), in a second table of the same
    columns. ``first=None`` shows every line open. Every line is on the page either way.
    """
    e = html.escape
    if not str(phrase or "").strip():
        return '<p class="course-kwic-empty">Type a word or phrase above to see every place the memo uses it.</p>'
    table = kwic_rows(phrase, width, data_dir)
    if not table:
        return f'<p class="course-kwic-empty">No occurrence of &ldquo;{e(phrase.strip())}&rdquo; in the memo.</p>'
    caption = f"<caption>{len(table)} occurrence(s) of &ldquo;{e(phrase.strip())}&rdquo;</caption>"
    widths = _kwic_widths(table)
    if first is None or len(table) <= first:
        return _kwic_table(table, widths, caption)
    return (f'<div class="course-kwic-list">{_kwic_table(table[:first], widths, caption)}'
            f'<details class="course-kwic-more"><summary>Show all {len(table)} matches '
            f"({len(table) - first} more)</summary>{_kwic_table(table[first:], widths)}</details></div>")


# --- doubt and certainty: a reading rule for when words speak of ------------------------------------

CERTAINTY_WORDS = re.compile(r"\b(?:un)?doubt\w*|\bsure\b|\bconfident\w*|\bprecision\b", flags=re.I)
"""Words of doubt and certainty the chart looks for, in the stretches where the memo states a certainty figure."""
PRESENT = re.compile(r"\bnow\b|\bI (?:\w+ )?(?:have|want|am)\b|\bwe are\b|\bwill\b", flags=re.I)
"""A sentence in the present or future tense speaks of the day of the conversation."""
_SENTENCE = re.compile(r"[^.?!]+(?:[.?!]+|$)")
SURE = re.compile(r"\bsure\b|\bundoubtedly\b|\bprecision\b|\bconfident\w*", flags=re.I)
NOT_SURE = re.compile(r"(?:\bnot|n't) sure\b", flags=re.I)
LEANINGS = ["doubt", "certainty"]


def leaning(sentence: str) -> str:
    """'certainty' where the words claim certainty ("completely sure", "undoubtedly"), else 'doubt'.

    >>> leaning("at first I wasn't sure"), leaning("We are completely sure")
    ('doubt', 'certainty')
    """
    return "certainty" if SURE.search(sentence) and not NOT_SURE.search(sentence) else "doubt"


def _sentences(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0).strip()) for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def certainty_numbers(data_dir: DataDir = None) -> Table:
    """The memo's words about doubt and certainty, each placed at the time it speaks of.

    Rows: every figure of the series ``certainty`` (with its number) and every
    other sentence with a word of doubt or certainty (no number) in the
    stretches of the conversation where those figures stand.

    When: a sentence in the present or future tense speaks of the day of the
    conversation; otherwise of the last month the memo names before it in
    that stretch ("In August"), or, where none comes before, the first month
    its paragraph names ("at first I wasn't sure. In April ..."). This is a
    reading rule, shown in ``when_text`` for the learner to question.
    Columns: id, order, label, value, unit, paragraph, quote, when (ISO
    date), when_text, stated, leaning ("doubt" or "certainty", by :func:`leaning`).
    """
    memo = {p["id"]: p for p in load_memo(data_dir).rows}
    figures = memo_rows(["certainty"], None, data_dir)
    day = timeline.conversation_date(data_dir)

    def placed(sentence: str, month: int | None) -> dict:
        if PRESENT.search(sentence) or not month:
            return {"when": day.isoformat(), "when_text": timeline.spoken(day.isoformat())}
        first = day.replace(month=month, day=1)
        return {"when": first.isoformat(), "when_text": timeline.spoken(first.isoformat()[:7])}

    def figure_row(f: dict, base: dict) -> dict:
        return {**base, "id": f["id"], "order": f["order"], "label": f["label"], "value": f["value"],
                "unit": f["unit"], "quote": f["quote"], "stated": "with a number"}

    where = stretch_of_paragraphs(data_dir)
    stretch_ids = list(dict.fromkeys(where[f["paragraph"]]["id"] for f in figures if f["paragraph"] in where))
    paragraphs = [p for p in memo if p in where and where[p]["id"] in stretch_ids]
    rows = []
    month_so_far: dict[str, int | None] = {}
    for pid in paragraphs:
        text = memo[pid]["text"]
        stretch = where[pid]["id"]
        for k, (start, _end, sentence) in enumerate(_sentences(text), start=1):
            month = _last_month(text[:start]) or month_so_far.get(stretch)
            if not month:
                month = _first_month(text)
            tied = [f for f in figures if f["paragraph"] == pid and f["quote"] in sentence]
            if not tied and not CERTAINTY_WORDS.search(sentence):
                continue
            base = {"paragraph": pid, **placed(sentence, month)}
            if tied:
                rows += [figure_row(f, base) for f in tied]
            else:
                rows.append({**base, "id": f"{pid}-sentence-{k}", "order": None, "label": short(sentence),
                             "value": None, "unit": "", "quote": sentence, "stated": "in words only"})
        month_so_far[stretch] = _last_month(text) or month_so_far.get(stretch)
    placed_ids = {r["id"] for r in rows}
    for f in figures:  # a figure whose words run across a sentence break is placed on its own
        if f["id"] not in placed_ids and f["paragraph"] in memo:
            text = memo[f["paragraph"]]["text"]
            before = text[: max(text.find(f["quote"]), 0)]
            month = _last_month(before) or _first_month(text)
            rows.append(figure_row(f, {"paragraph": f["paragraph"], **placed(f["quote"], month)}))
    columns = ["id", "order", "label", "value", "unit", "paragraph", "quote", "when", "when_text", "stated"]
    table = [{**{c: r.get(c) for c in columns}, "leaning": leaning(r["quote"])} for r in rows]
    return Table(columns + ["leaning"], table, {"order": "integer", "value": "number"})


def certainty_table(data_dir: DataDir = None):
    """:func:`certainty_numbers` as a pandas DataFrame (pandas is imported here, only when asked for)."""
    return certainty_numbers(data_dir).to_frame()


def _months_in(text: str) -> list[int]:
    pattern = r"\b(" + "|".join(timeline.MONTHS) + r")\b"
    return [timeline.MONTHS.index(m) + 1 for m in re.findall(pattern, text)]


def _last_month(text: str) -> int | None:
    months = _months_in(text)
    return months[-1] if months else None


def _first_month(text: str) -> int | None:
    months = _months_in(text)
    return months[0] if months else None


def short(sentence: str, width: int = 70) -> str:
    """A sentence shortened to ``width`` characters at a word, ending " […]" where words are left out."""
    return textwrap.shorten(sentence, width=width, placeholder=" […]")
