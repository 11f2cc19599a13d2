"""Instructors' lesson plans: one Markdown file per lesson, ``instructors/plans/NN-*.md``.

Each plan's self-check table is generated from ``lessons/questions/NN.toml``
between the markers :data:`BEGIN` and :data:`END`, so that it cannot go stale
when a question changes: ``python -m helpers plans`` rewrites the tables, and a
test fails while any table differs from its questions file.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..data import DataError
from ..paths import PLANS_DIR
from ..questions import Question, load_questions

BEGIN = "<!-- answers: generated from lessons/questions/{n}.toml by `python -m helpers plans`; do not edit -->"
END = "<!-- end of answers -->"


def plan_paths(folder: Path | str | None = None) -> list[Path]:
    """The lesson plans, in lesson order (``NN-*.md``)."""
    return sorted(Path(folder or PLANS_DIR).glob("[0-9][0-9]-*.md"))


def _cell(text: str) -> str:
    """Text for one cell of a Markdown table: one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _number(value: float) -> str:
    return f"{value:g}"


def _row(n: int, q: Question) -> str:
    if q.kind == "choice":
        why = q.feedback[q.options.index(q.answer)] if q.answer in q.options and q.feedback else ""
        return f"| {n} | {_cell(q.prompt)} | **{_cell(q.answer)}** | {_cell(why)} |"
    if q.kind == "number":
        unit = f" {_cell(q.unit)}" if q.unit else ""
        within = f" (accepted within ±{_number(q.tolerance)})" if q.tolerance else ""
        return (f"| {n} | {_cell(q.prompt)} (number) | **{_number(float(q.answer))}**{unit}{within} | "
                f"{_cell(q.feedback_right)} |")
    return f"| {n} | (open) {_cell(q.prompt)} | Model answer | {_cell(q.model_answer)} |"


def answer_table(lesson: str | int, folder: Path | str | None = None) -> str:
    """The self-check answer table of a lesson, as Markdown, from its questions file."""
    items = load_questions(lesson, folder)
    rows = [_row(n, q) for n, q in enumerate(items, start=1)]
    return "\n".join(["| # | Question | Right answer | Why |", "|---|---|---|---|", *rows])


def _block(number: str, questions: Path | str | None) -> str:
    return f"{BEGIN.format(n=number)}\n{answer_table(number, questions)}\n{END}"


def _pattern(number: str) -> re.Pattern:
    return re.compile(re.escape(BEGIN.format(n=number)) + r".*?" + re.escape(END), flags=re.S)


def stale_plans(folder: Path | str | None = None, questions: Path | str | None = None) -> list[str]:
    """Plans whose generated answer table is missing or differs from the questions file (file names)."""
    out = []
    for path in plan_paths(folder):
        number = path.name[:2]
        text = path.read_text(encoding="utf-8")
        found = _pattern(number).search(text)
        if not found or found.group(0) != _block(number, questions):
            out.append(path.name)
    return out


def refresh_plans(folder: Path | str | None = None, questions: Path | str | None = None) -> list[Path]:
    """Rewrite each plan's answer table from its questions file; returns the plans that changed."""
    changed = []
    for path in plan_paths(folder):
        number = path.name[:2]
        text = path.read_text(encoding="utf-8")
        if not _pattern(number).search(text):
            raise DataError(f"instructors/plans/{path.name}: no answer table to refresh. Put the two lines "
                            f"{BEGIN.format(n=number)!r} and {END!r} where the table belongs.")
        new = _pattern(number).sub(lambda _m: _block(number, questions), text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed
