"""The works a lesson cites: every source on the cards it shows, gathered from the data, never typed by hand.

``helpers.works_cited("04")`` reads the lesson's own notebook, finds each card it shows
(``helpers.event("...")``, ``person``, ``term``, ``anomaly``, ``fact``, ``cards([...])``,
``predict("NN", "...")``) and the record rows its comparison charts draw
(``stated_vs_record("steel")``), and lists their sources once each, in Chicago notes, folded
under "Works cited (n)". Only the tiers a learner is shown appear (see ``bibliography.SHOWN``).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from . import bibliography, data
from .context import TABLE_ALIASES, shown_sources
from .notebooks import cell_source, lesson_path, read_notebook
from .questions import lesson_number

CARD_CALL = re.compile(r"""helpers\.(event|person|term|anomaly|fact)\(\s*["']([^"']+)["']""")
CARDS_CALL = re.compile(r"""helpers\.cards\(\s*\[([^\]]*)\]""")
PREDICT_CALL = re.compile(r"""helpers\.predict\(\s*["']\d\d["']\s*,\s*["']([^"']+)["']""")
RECORD_CALL = re.compile(r"""helpers\.stated_vs_record\(\s*["']([a-z-]+)["']""")
QUOTED = re.compile(r"""["']([^"']+)["']""")


def lesson_rows(source: str) -> list[tuple[str, str]]:
    """``(table, row id)`` for every card a lesson's code shows, in order, once each."""
    found: list[tuple[str, str]] = []
    for line in source.splitlines():
        for kind, row_id in CARD_CALL.findall(line):
            found.append((TABLE_ALIASES[kind], row_id))
        for row_id in PREDICT_CALL.findall(line):
            found.append(("anomalies", row_id))
    for group in CARDS_CALL.findall(source):
        for ref in QUOTED.findall(group):
            kind, _, row_id = ref.partition(":")
            found.append((TABLE_ALIASES.get(kind, kind), row_id))
    return list(dict.fromkeys(found))


def _code(path: Path) -> str:
    """All code of a notebook, cell after cell."""
    cells = read_notebook(path).get("cells", [])
    return "\n".join(cell_source(c) for c in cells if c.get("cell_type") == "code")


def source_ids(lesson: str | int, lessons_dir: Path | str | None = None,
               data_dir: Path | str | None = None) -> list[str]:
    """The ids of the sources a learner is shown on the lesson's cards and comparison charts, once each."""
    code = _code(lesson_path(lesson_number(lesson), lessons_dir))
    ids: list[str] = []
    for table, row_id in lesson_rows(code):
        frame = data.by_id(table, data_dir)
        if row_id in frame:
            ids += data.split_list(frame[row_id]["sources"])
    record = data.rows("record", data_dir)
    for series in RECORD_CALL.findall(code):
        for row in record:
            if row["series"] == series:
                ids += data.split_list(row["sources"])
    return list(dict.fromkeys(shown_sources(ids, data_dir)))


@dataclass(frozen=True)
class WorksCited:
    """A lesson's works cited, as a folded list (unfolded on paper)."""

    lesson: str
    citations: tuple[str, ...]

    def to_html(self, opened: bool = False) -> str:
        """The list as HTML, every citation escaped, folded under "Works cited (n)"."""
        items = "".join(f"<li>{html.escape(c)}</li>" for c in self.citations)
        return (f"<details class='course-works-cited'{' open' if opened else ''}>"
                f"<summary style='cursor:pointer'>Works cited on this lesson's cards ({len(self.citations)})</summary>"
                f"<ol style='margin:0.2em 0'>{items}</ol></details>")

    def _repr_html_(self) -> str:
        return self.to_html()

    def print_html(self) -> str:
        """On paper: unfolded."""
        return self.to_html(opened=True)


def works_cited(lesson: str | int, lessons_dir: Path | str | None = None,
                data_dir: Path | str | None = None) -> WorksCited:
    """Every work a lesson's cards cite, in Chicago notes, sorted: the lesson's closing list of sources."""
    sources = data.by_id("sources", data_dir)
    ids = [sid for sid in source_ids(lesson, lessons_dir, data_dir) if sid in sources]
    notes = sorted((bibliography.citation(sources[sid]) for sid in ids), key=str.casefold)
    return WorksCited(lesson_number(lesson), tuple(notes))


def glossary_cards(source: str) -> list[str]:
    """The glossary ids of every card some code shows: ``helpers.term("id")`` and ``"term:id"`` in a
    ``helpers.cards([...])`` group alike (one reading of a lesson's code, :func:`lesson_rows`)."""
    return [row_id for table, row_id in lesson_rows(source) if table == "glossary"]
