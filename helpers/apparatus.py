"""What the tables attach to each paragraph of the memo, and the filters the navigator offers over it.

Pure functions over the rows of ``paragraphs``, ``people``, ``glossary``,
``figures``, ``record``, ``anomalies``, ``events``, ``excerpts`` and ``stretches``
(:func:`helpers.data.rows`): no pandas, no markup. The annotated memo's page
(:mod:`helpers.edition`) draws the apparatus; the navigator
(:mod:`helpers.navigator`) calls the filters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import data, paths
from .memo import load_memo, stretch_of_paragraphs
from .names import terms
from .reactions import STAGE_DIRECTION

DataDir = Path | str | None

MEMO_CATEGORY = "the memo"
"""The events category of the conversation itself: its card is not a note on its own paragraphs."""


@dataclass
class Apparatus:
    """Everything the tables attach to one paragraph (ids of rows, in table order)."""

    paragraph: str
    people: list[str] = field(default_factory=list)
    unnamed: list[str] = field(default_factory=list)
    """Of ``people``, those the paragraph's text does not name: added by the notes (Peng Dehuai in p04) or only
    pointed to (Dulles as "him" in p24)."""
    terms: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    records: dict[str, list[str]] = field(default_factory=dict)
    anomalies: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    lessons: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    part: str = ""
    reactions: list[str] = field(default_factory=list)

    def counts(self) -> str:
        """A short summary such as '2 people, 1 term, 1 figure'."""
        parts = [(len(self.people), "person", "people"), (len(self.terms), "term", "terms"),
                 (len(self.figures), "figure", "figures"), (len(self.anomalies), "anomaly", "anomalies"),
                 (len(self.events), "event", "events"),
                 (len(self.lessons), "lesson", "lessons")]
        said = [f"{n} {one if n == 1 else many}" for n, one, many in parts if n]
        return ", ".join(said) if said else "nothing attached"


def _listed(cell: str | None) -> list[str]:
    return data.split_list(cell or "")


def apparatus_all(data_dir: DataDir = None) -> dict[str, Apparatus]:
    """The apparatus of every paragraph, keyed by paragraph id (see :func:`_apparatus_all`).

    Computed once per state of the data files (an edit to a table is picked
    up); treat the result as read-only.
    """
    folder = paths.data_dir(data_dir)
    stamp = tuple((f.name, f.stat().st_mtime_ns) for f in sorted(folder.glob("*")) if f.is_file())
    return _apparatus_all(folder, stamp)


@lru_cache(maxsize=4)
def _apparatus_all(data_dir: Path, stamp: tuple) -> dict[str, Apparatus]:
    """The apparatus of every paragraph, keyed by paragraph id, in the memo's order.

    A person or term is attached where the row's ``paragraphs`` list names the
    paragraph or where one of its forms (name, other names; term, other forms)
    occurs in the paragraph's text. Figures, anomalies and excerpts are
    attached by their ``paragraph`` column; a figure brings the record rows
    whose ``figures`` list names it; an excerpt brings its ``lessons`` and
    ``themes``. An event is attached where its ``paragraphs`` list names the paragraph.
    """
    paras = load_memo(data_dir).rows
    out = {p["id"]: Apparatus(p["id"]) for p in paras}
    people = data.rows("people", data_dir)
    glossary = data.rows("glossary", data_dir)
    listed_people = {pid: [r["id"] for r in people if pid in _listed(r["paragraphs"])] for pid in out}
    listed_terms = {pid: [r["id"] for r in glossary if pid in _listed(r["paragraphs"])] for pid in out}
    order_people, order_terms = [r["id"] for r in people], [r["id"] for r in glossary]
    forms = terms(data_dir)  # longest first, so the longest form wins where forms overlap
    by_form = {t.text.lower(): t for t in reversed(forms)}
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(t.text) for t in forms) + r")(?!\w)", flags=re.I) \
        if forms else None
    for row in paras:
        app = out[row["id"]]
        found = [by_form[m.group(1).lower()] for m in pattern.finditer(row["text"])] if pattern else []
        named = {t.id for t in found if t.kind == "person"}
        ppl = set(listed_people[row["id"]]) | named
        trm = set(listed_terms[row["id"]]) | {t.id for t in found if t.kind == "glossary"}
        app.people = [i for i in order_people if i in ppl]
        app.unnamed = [i for i in app.people if i not in named]
        app.terms = [i for i in order_terms if i in trm]
        app.reactions = [m.group(1) for m in STAGE_DIRECTION.finditer(row["text"])]
    record = data.rows("record", data_dir)
    for fig in data.rows("figures", data_dir):
        if fig["paragraph"] in out:
            out[fig["paragraph"]].figures.append(fig["id"])
            out[fig["paragraph"]].records[fig["id"]] = [r["id"] for r in record if fig["id"] in _listed(r["figures"])]
    for row in data.rows("anomalies", data_dir):
        if row["paragraph"] in out:
            out[row["paragraph"]].anomalies.append(row["id"])
    for row in data.rows("events", data_dir):
        if row["category"] == MEMO_CATEGORY:  # the memo's own event would only repeat the page it sits on
            continue
        for pid in _listed(row["paragraphs"]):
            if pid in out and row["id"] not in out[pid].events:
                out[pid].events.append(row["id"])
    for row in data.rows("excerpts", data_dir):
        if row["paragraph"] in out:
            app = out[row["paragraph"]]
            app.lessons += [code for code in _listed(row["lessons"]) if code not in app.lessons]
            app.themes += [t for t in _listed(row["themes"]) if t not in app.themes]
    for app in out.values():
        app.lessons.sort()
    for pid, stretch in stretch_of_paragraphs(data_dir).items():
        if pid in out:
            out[pid].part = stretch["topic"]
    return out


# --- filters (pure; the navigator's controls call them) -----------------------------------------


def filter_paragraphs(speaker: str = "", theme: str = "", part: str = "", reacted: bool = False,
                      data_dir: DataDir = None) -> list[str]:
    """Ids of the paragraphs that match every filter given ("" or False means any).

    ``speaker`` as in paragraphs.csv (e.g. "Mao Zedong", "the record"); ``theme``
    from excerpts.csv's ``themes``; ``part`` a stretch's topic from stretches.csv;
    ``reacted`` keeps only paragraphs where the recorder notes the room's
    reaction, such as "(Laughter)" or "(All are silent)".
    """
    apps = apparatus_all(data_dir)
    keep = []
    for row in load_memo(data_dir).rows:
        app = apps[row["id"]]
        if speaker and row["speaker"] != speaker:
            continue
        if theme and theme not in app.themes:
            continue
        if part and app.part != part:
            continue
        if reacted and not app.reactions:
            continue
        keep.append(row["id"])
    return keep


def filter_options(data_dir: DataDir = None) -> dict[str, list[str]]:
    """The values each filter offers: ``speaker``, ``theme`` and ``part``, in a sensible order."""
    themes = sorted({t for app in apparatus_all(data_dir).values() for t in app.themes})
    parts = list(dict.fromkeys(row["topic"] for row in data.rows("stretches", data_dir)))
    speakers = list(dict.fromkeys(row["speaker"] for row in load_memo(data_dir).rows))
    return {"speaker": speakers, "theme": themes, "part": parts}
