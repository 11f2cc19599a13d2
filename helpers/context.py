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

from . import bibliography, data

KINDS = {"events": "Event", "people": "Person", "glossary": "Term", "anomalies": "Anomaly", "record": "Figure"}
"""What each table's card is called on its label line. A row of data/record.csv is a *Figure*, not a *Fact*: many
are claims, targets or forecasts, and a reader of lesson 04 balked at "Fact: 1958 grain claimed at Beidaihe"."""
TITLES = {"events": "title", "people": "name", "glossary": "term", "anomalies": "quote", "record": "label",
          "sources": "title"}
BODY = {
    "events": [("When", "_when"), ("What", "description"), ("Category", "category")],
    "people": [("Life", "_life"), ("Other names", "other_names"), ("In the room?", "_presence"),
               ("Role as the memo gives it", "memo_role"), ("Office in October 1958", "office_1958"),
               ("Uncertain", "uncertain")],
    "glossary": [("Chinese", "chinese"), ("Pinyin", "pinyin"), ("Russian", "russian"), ("Meaning", "definition"),
                 ("Also written", "also")],
    "anomalies": [("Kind", "kind"), ("What other sources say", "record_says"), ("Best explanation", "_explanation"),
                  ("What it teaches", "lesson")],
    "record": [("Figure", "_figure"), ("Basis", "basis"), ("Note", "note")],
}
VERDICT = {"anomalies": ("Kind", "Best explanation", "What it teaches")}
"""The lines of a card that answer the question a lesson asks; folded until the learner commits a guess."""
CLUE = ("What other sources say", "Clue: what other sources say")
"""Before Commit, the line of a card that holds other sources' evidence, and the title of the closed fold it sits
behind (a learner may guess from the memo alone first; readers found the evidence showed the error before
they were asked)."""
TRANSLATOR_ANSWER = "A translator or interpreter"
MIDDLE_ANSWER = "Something doesn't fit"
NOTHING_WRONG_ANSWER = "Nothing wrong here"
"""The first words of the prediction box's three answers (:data:`helpers.reveal.CHOICES` begin with them), as the
cards' *Best explanation* lines lead with them: one place for the words, which readers had the course change twice."""
EXPLANATION_SHOWN = {"unexplained": f"{MIDDLE_ANSWER}\u2026 (unexplained): no source tells whose hand, or whether "
                                     "anything slipped at all",
                     "translation": f"{TRANSLATOR_ANSWER} (translation): most likely one of them shaped the words",
                     "faithful": f"{NOTHING_WRONG_ANSWER} (faithful): most likely nothing slipped; the words, odd as "
                                 "they look, say what the speaker meant (faithful to the speaker, not a finding that "
                                 "his claim was true)"}
"""A best explanation as a card shows it: first the box's answer it matches, then the card's own word for it in
brackets. Readers met "the sources cannot tell" on the answer they chose and "unexplained" on the verdict, and asked
whether the two were the same; until R129 a card led with its own word and added "(in a prediction box: ...)", and a
reader of the memo page (which has no box) had to keep a three-way table of labels in his head and looked for a
widget he had missed. A *faithful* card (p60's twelve-year plan "in 3 years", "this year") is one whose own evidence
reads the words as meant: readers of the memo page and lesson 04 met "Most likely nothing slipped" under
*unexplained* and could not tell whether their *Nothing wrong here* was right. An *unexplained* card whose row says
other sources show a slip (``slip_shown``) says so instead (:data:`SLIP_SHOWN`). The line no longer adds that
*Nothing wrong here* "also counts if you can show that nothing slipped": readers of lesson 05 and the memo page met
it on cards with no box beside them, or in every Part of the memo, and read it as "either answer counts" (the box's
harder cases and its feedback after Commit say when *Nothing wrong here* holds)."""
SLIP_SHOWN = f"{MIDDLE_ANSWER}\u2026 (unexplained): something slipped, but no source tells whose hand"
"""The verdict of an *unexplained* card on which other sources show that the memo's words are wrong (``slip_shown``
is ``yes`` in data/anomalies.csv: p04's Minister of Defence, p54's First Secretary): a reader of lessons 00 and 01
met "or whether anything slipped" on a card beside a fold saying the sources prove a slip, and a historian agreed."""
UNJUDGED = "Passage to judge"
"""The label line of a card whose verdict is folded: "Anomaly" would already say that something is wrong."""


QUOTES = ("\u201c", "\u201d")


def shown_title(title: str, quoted: bool = False) -> str:
    """A card's title as shown: the memo's own words in quotation marks, as they are; any other title with its first
    letter upper-case (a title from the data may begin in lower case: "dazibao (big-character poster)").

    >>> shown_title("my problems, as the First Secretary of the CC", quoted=True)
    '“my problems, as the First Secretary of the CC”'
    >>> shown_title("dazibao (big-character poster)"), shown_title("10.7 Mt steel target")
    ('Dazibao (big-character poster)', '10.7 Mt steel target')
    """
    title = str(title).strip()
    if quoted:
        return title if title.startswith(("\u201c", '"')) else f"{QUOTES[0]}{title}{QUOTES[1]}"
    return title[:1].upper() + title[1:] if title[:1].islower() else title


def _memo_words(title: str, paragraphs: tuple[str, ...], data_dir) -> bool:
    """Whether a title that begins in lower case stands word for word in one of the card's memo paragraphs."""
    if not title[:1].islower() or not paragraphs:
        return False
    texts = data.by_id("paragraphs", data_dir)
    return any(title in str(texts.get(pid, {}).get("text", "")) for pid in paragraphs)


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
    quoted: bool = False
    """Whether the title is the memo's own words (an anomaly's quotation, or a title found word for word in the
    card's paragraphs): shown in quotation marks, never recased."""

    @property
    def heading(self) -> str:
        """The title as a card shows it (:func:`shown_title`)."""
        return shown_title(self.title, self.quoted)

    def to_html(self, sources_open: bool = False, hide_verdict: bool = False) -> str:
        """The card as HTML (see :func:`card_html`)."""
        return card_html(self, sources_open=sources_open, hide_verdict=hide_verdict)

    @property
    def verdict(self) -> tuple[tuple[str, str], ...]:
        """The lines that answer the lesson's question (an anomaly's explanation and lesson), if any."""
        labels = VERDICT.get(self.table, ())
        return tuple((k, v) for k, v in self.lines if k in labels and v)

    def _repr_html_(self) -> str:
        return self.to_html()

    def print_html(self) -> str:
        """The card on paper: everything shown, sources unfolded."""
        return self.to_html(sources_open=True)

    def to_markdown(self) -> str:
        """The card as Markdown, for print; all text from the data files is escaped."""
        e = escape_markdown
        lines = [f"**{e(self.heading)}**", ""] + [f"- *{k}:* {e(v)}" for k, v in self.lines if v]
        if self.paragraphs:
            lines.append(f"- *Memo paragraphs:* {e(', '.join(self.paragraphs))}")
        lines += ["", "Sources:"] + [f"{n}. {e(s)}" for n, s in enumerate(self.sources, start=1)]
        return "\n".join(lines)

    _repr_markdown_ = to_markdown


CARD_STYLE = ("border:1px solid #8a8a8a;border-radius:6px;padding:0.5em 0.9em;margin:0.5em 0;max-width:52em;"
              "background:#ffffff;color:#1a1a1a;line-height:1.4;")
LABEL_STYLE = "font-size:0.8em;text-transform:uppercase;letter-spacing:0.05em;color:#595959;margin:0;"
TABLE_STYLE = "border-collapse:collapse;margin:0.3em 0;width:auto;font-size:1em;"
TH_STYLE = ("text-align:left;vertical-align:top;padding:0.15em 1em 0.15em 0;font-weight:bold;white-space:nowrap;"
            "border:none;color:#1a1a1a;")
TD_STYLE = "text-align:left;vertical-align:top;padding:0.15em 0;border:none;color:#1a1a1a;"


NO_SOURCE = ("Sources (0): no archival, official or scholarly source has been found for this card, "
             "so treat what it says as unverified.")
"""What a card says when none of its sources is of a tier a learner is shown."""


def card_html(card: "Card", sources_open: bool = False, hide_verdict: bool = False) -> str:
    """The one way a card is drawn, in lessons, widgets and the packet.

    A label line (Person, Term, Event, Anomaly, Figure), the title, one row per
    filled field (a two-column table: the label as a row header beside its value), the memo's
    paragraphs, and the sources folded under "Sources (n)" (``sources_open``
    unfolds them, as on paper). ``hide_verdict`` leaves out the lines that
    answer a lesson's question (:data:`VERDICT`) so that nothing of them is
    on the page, labels the card :data:`UNJUDGED` instead of its kind, and puts
    "What other sources say" behind a closed fold, "Clue: what other sources say" (:data:`CLUE`), with the
    card's sources inside it: a reader of lesson 06 found a source's title (a headline giving the steel target, an
    article "On eliminating bourgeois right") answering the box before Commit. No heading elements (a card sits
    inside a lesson's own headings); every text from the data files is escaped.
    """
    e = html.escape
    hidden = set(VERDICT.get(card.table, ())) if hide_verdict else set()
    folded = CLUE[0] if hidden else None
    rows = [(k, v) for k, v in card.lines if v and k not in hidden and k != folded]
    if card.paragraphs:
        rows.append(("In the memo", ", ".join(card.paragraphs)))
    def cell(k: str, v: str) -> str:
        if hidden and k == "In the memo":  # a predict, in a lesson: the paragraphs open in memo.ipynb
            return ", ".join(f"<a href='memo.ipynb#{e(p)}'>{e(p)}</a>" for p in card.paragraphs)
        return e(v)
    body = "".join(f"<tr style='background:transparent'><th scope='row' style='{TH_STYLE}'>{e(k)}</th>"
                   f"<td style='{TD_STYLE}'>{cell(k, v)}</td></tr>" for k, v in rows)
    kind = UNJUDGED if hidden else KINDS.get(card.table, card.table)
    srcs = "".join(f"<li>{e(s)}</li>" for s in card.sources)
    opened = " open" if sources_open else ""
    sources = (f"<details class='course-sources'{opened} style='font-size:0.9em;margin-top:0.3em'>"
               f"<summary style='cursor:pointer'>Sources ({len(card.sources)})</summary>"
               f"<ol style='margin:0.2em 0'>{srcs}</ol></details>") if card.sources else (
        f"<p class='course-sources course-unsourced' style='font-size:0.9em;margin:0.3em 0 0'>{NO_SOURCE}</p>")
    said = [v for k, v in card.lines if v and k == folded]
    clue = "".join(f"<details class='course-clue' style='margin:0.3em 0'>"
                   f"<summary style='cursor:pointer;font-weight:bold'>{e(CLUE[1])}</summary>"
                   f"<p style='margin:0.2em 0 0.2em 1em'>{e(v)}</p>{sources}</details>" for v in said)
    if said:  # before Commit a source's title can answer the question (a headline, a title): it folds with the clue
        sources = ""
    return (f'<div class="course-card course-card-{e(card.table)}" data-table="{e(card.table)}" '
            f'data-id="{e(card.id)}" role="group" aria-label="{e(kind)}: {e(card.heading)}" style="{CARD_STYLE}">'
            f'<p class="course-card-kind" style="{LABEL_STYLE}">{e(kind)}</p>'
            f'<p class="course-card-title" style="margin:0 0 0.2em;font-weight:bold;font-size:1.1em">{e(card.heading)}</p>'
            f'<table style="{TABLE_STYLE}"><tbody>{body}</tbody></table>{clue}{sources}</div>')


def cite(source_ids: str | list[str], data_dir: Path | str | None = None) -> list[str]:
    """Full citations (Chicago notes, with the address where one is shown) for source ids, in the order given.

    Each is built by :func:`helpers.bibliography.citation` from the fields of
    sources.csv. An id missing from sources.csv is returned as it is (the validator reports it).
    """
    ids = data.split_list(source_ids) if isinstance(source_ids, str) else list(source_ids)
    table = data.by_id("sources", data_dir)
    return [bibliography.citation(table[sid]) if sid in table else sid for sid in ids]


def shown_sources(source_ids: str | list[str], data_dir: Path | str | None = None) -> list[str]:
    """The ids a learner is shown, in the order given: those of :data:`helpers.bibliography.SHOWN` tiers.

    Reference and popular works stay in sources.csv as leads for editors; they are never printed.
    An id missing from sources.csv is kept (the validator reports it).
    """
    ids = data.split_list(source_ids) if isinstance(source_ids, str) else list(source_ids)
    table = data.by_id("sources", data_dir)
    return [sid for sid in ids if sid not in table or table[sid]["tier"] in bibliography.SHOWN]


PRESENCE_SHOWN = {"present": "yes, by the memo", "mentioned": "no: only mentioned",
                  "unstated": "not stated in the memo"}
"""What a person card says under "In the room?" for each value of ``presence`` (data/people.csv). The recorder's card
said "yes" while the memo page says the memo never puts him in the room; a reader of lesson 01 read Chervenkov's
"yes" against his note that no other source documents his presence, hence "by the memo"."""


def _value(row, key: str) -> str:
    if key == "_when":
        return row["start"] + (f" to {row['end']}" if row["end"] else "")
    if key == "_presence":
        return PRESENCE_SHOWN.get(_blank(row["presence"]), "")
    if key == "_life":
        born, died = (_blank(row[k]) for k in ("born", "died"))
        if born and died:
            return f"{born}–{died}"
        return f"born {born}" if born else (f"died {died}" if died else "")  # not "?–1924": a reader asked what ? meant
    if key == "_explanation":
        if row["explanation"] == "unexplained" and _blank(row.get("slip_shown")) == "yes":
            return SLIP_SHOWN
        return EXPLANATION_SHOWN.get(str(row["explanation"]), str(row["explanation"]))
    if key == "_figure":
        amount = f"{row['value']:g}" if _blank(row["value"]) else f"{row['low']:g}–{row['high']:g}"
        year = f" ({row['year']})" if _blank(row["year"]) else ""
        return f"{amount} {row['unit']}{year}"
    return "; ".join(part.strip() for part in str(row[key]).split(";"))


def _blank(value) -> str:
    """The value as text, or "" where the cell is empty."""
    return "" if value is None else str(value)


def card(table: str, row_id: str, data_dir: Path | str | None = None) -> Card:
    """The row ``row_id`` of ``table`` (events, people, glossary, anomalies, record) as a card."""
    if table not in BODY:
        raise data.DataError(f"No cards for the table {table!r}; use one of: {', '.join(BODY)}.")
    frame = data.by_id(table, data_dir)
    if row_id not in frame:
        close = difflib.get_close_matches(row_id, list(frame), n=3)
        hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
        raise data.DataError(f"data/{table}.csv has no row with id {row_id!r}.{hint}")
    row = frame[row_id]
    paras = data.split_list(row.get("paragraphs", "")) or data.split_list(row.get("paragraph", ""))
    title = str(row[TITLES[table]])
    return Card(table, row_id, title,
                tuple((label, _value(row, key)) for label, key in BODY[table]),
                tuple(paras), tuple(cite(shown_sources(row["sources"], data_dir), data_dir)),
                quoted=table == "anomalies" or _memo_words(title, tuple(paras), data_dir))


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


@dataclass(frozen=True)
class CardGroup:
    """Cards that belong together, drawn as one box of folded cards so they do not form a wall."""

    title: str
    cards: tuple[Card, ...]
    after_guess: bool = False

    def summary(self, number: int, c: Card) -> str:
        """What a folded card says: its kind and title, or, after a guess, only its place ("Card 1 of 2")."""
        if self.after_guess:
            return f"Card {number} of {len(self.cards)}: open it once you have made up your mind"
        return f"{KINDS.get(c.table, c.table)}: {c.heading}"

    def to_html(self, opened: bool = False) -> str:
        """The group as HTML: a label line, then each card folded under its kind and title.

        ``opened`` unfolds every card and its sources, as on paper.
        """
        e = html.escape
        attr = " open" if opened else ""
        items = "".join(
            f"<details class='course-card-fold'{attr} style='margin:0.3em 0'>"
            f"<summary style='cursor:pointer;font-weight:bold'>{e(self.summary(n, c))}"
            f"</summary>{card_html(c, sources_open=opened)}</details>" for n, c in enumerate(self.cards, start=1))
        hint = "" if opened else " Open a card to read it."
        return (f'<div class="course-cards" role="group" aria-label="{e(self.title)}" style="{CARD_STYLE}">'
                f'<p class="course-card-kind" style="{LABEL_STYLE}">{len(self.cards)} card{"" if len(self.cards) == 1 else "s"}</p>'
                f'<p style="margin:0 0 0.2em;font-weight:bold;font-size:1.1em">{e(self.title)}</p>'
                f'<p style="margin:0 0 0.3em;color:#4d4d4d;font-size:0.9em">{e(hint.strip())}</p>{items}</div>')

    def to_markdown(self) -> str:
        """The group as Markdown, for print: every card in full."""
        return "\n\n".join([f"**{self.title}**", *(c.to_markdown() for c in self.cards)])

    def print_html(self) -> str:
        """The group on paper: every card and its sources unfolded."""
        return self.to_html(opened=True)

    def _repr_html_(self) -> str:
        return self.to_html()

    _repr_markdown_ = to_markdown


TABLE_ALIASES = {"event": "events", "person": "people", "term": "glossary", "anomaly": "anomalies", "fact": "record"}


def find_card(ref: str, data_dir: Path | str | None = None) -> Card:
    """A card from ``"table:id"`` (``event:``, ``person:``, ``term:``, ``anomaly:``, ``fact:``) or a bare id.

    A bare id is looked up in every card table; one that is in none, or in
    more than one, raises a DataError that says how to write it.
    """
    if ":" in ref:
        kind, row_id = ref.split(":", 1)
        table = TABLE_ALIASES.get(kind.strip(), kind.strip())
        return card(table, row_id.strip(), data_dir)
    found = [t for t in BODY if ref in data.by_id(t, data_dir)]
    if len(found) != 1:
        where = f"is in {', '.join(found)}" if found else "is in none of the card tables"
        raise data.DataError(f"The card id {ref!r} {where}. Write it as 'event:{ref}', 'person:{ref}', "
                             f"'term:{ref}', 'anomaly:{ref}' or 'fact:{ref}'.")
    return card(found[0], ref, data_dir)


def cards(refs: list[str], title: str = "Cards that belong together",
          data_dir: Path | str | None = None, after_guess: bool = False) -> CardGroup:
    """Several cards as one group: ``helpers.cards(["event:beidaihe-1958", "term:politburo"], "Beidaihe")``.

    ``after_guess=True`` folds each card under its place alone ("Card 1 of 2: open it once you have made up your
    mind"; lessons say "answer", "guess", "decide" or "commit"), for cards whose titles would answer the question
    just asked.
    """
    if not refs:
        raise data.DataError("helpers.cards needs at least one card id.")
    return CardGroup(title, tuple(find_card(r, data_dir) for r in refs), after_guess=after_guess)
