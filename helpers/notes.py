"""The learner's notebook: answers to a lesson's prompts kept in a Markdown file beside the lesson.

The file ``NN-my-notes.md`` has a heading per prompt and the answer below it.
Saving again merges: an answer is never lost. A changed answer replaces the
old one, and the old one moves to the section "Earlier versions" with the
time it was replaced. A file that cannot be read back without losing text
is never overwritten: it is moved aside to
``NN-my-notes.unreadable-<timestamp>.md`` and a warning says so.
"""
from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .questions import lesson_number

EARLIER = "Earlier versions"
COMMENT = ("<!-- Written by the course's notebook (helpers.notes). You may edit the answers; keep the "
           "headings as they are. -->")


class NotesWarning(UserWarning):
    """The notes file could not be read and was moved aside; the message names both files."""


@dataclass
class Notes:
    """What a notes file holds: the current answers, and the earlier versions (prompt, time, text)."""

    answers: dict[str, str] = field(default_factory=dict)
    earlier: list[tuple[str, str, str]] = field(default_factory=list)


def notes_path(lesson: str | int, folder: Path | str | None = None) -> Path:
    """The path of the lesson's notes, ``NN-my-notes.md`` in ``folder`` (by default the current directory)."""
    return Path(folder if folder is not None else Path.cwd()) / f"{lesson_number(lesson)}-my-notes.md"


def prompt_key(prompt: str) -> str:
    """A prompt as a heading: one line, single spaces (the key :func:`load_notes` gives back)."""
    return " ".join(str(prompt).split())


def _escape(text: str) -> str:
    """Keep an answer's own lines that begin with '#' from reading as headings ('\\#' in Markdown)."""
    return "\n".join(re.sub(r"^(\\*#)", r"\\\1", line) for line in text.split("\n"))


def _unescape(text: str) -> str:
    return "\n".join(re.sub(r"^\\(\\*#)", r"\1", line) for line in text.split("\n"))


def render(lesson: str, notes: Notes) -> str:
    """The Markdown text of a notes file."""
    out = [f"# Lesson {lesson}: my notes", "", COMMENT, ""]
    for prompt, answer in notes.answers.items():
        out += [f"## {prompt}", "", _escape(answer), ""]
    if notes.earlier:
        out += [f"## {EARLIER}", ""]
        for prompt, when, answer in notes.earlier:
            out += [f"### {prompt} (replaced {when})", "", _escape(answer), ""]
    return "\n".join(out).rstrip("\n") + "\n"


class _Unreadable(ValueError):
    pass


def parse(text: str) -> Notes:
    """Read a notes file's text; raises ValueError where reading it back would lose words."""
    notes = Notes()
    lines = text.replace("\r\n", "\n").split("\n")
    if "\x00" in text:
        raise _Unreadable("it contains binary data")
    i = 0
    while i < len(lines) and not lines[i].startswith("## "):
        line = lines[i].strip()
        if line and not line.startswith("# ") and line != COMMENT:
            raise _Unreadable(f"line {i + 1} is outside any heading")
        i += 1
    section: str | None = None
    in_earlier = False
    body: list[str] = []

    def close() -> None:
        if section is None:
            return
        answer = _unescape("\n".join(body).strip("\n"))
        if in_earlier:
            match = re.fullmatch(r"(.*) \(replaced (.+)\)", section)
            if not match:
                raise _Unreadable(f"an earlier version has no '(replaced ...)' in its heading: {section!r}")
            notes.earlier.append((match.group(1), match.group(2), answer))
        else:
            notes.answers[section] = answer

    for n in range(i, len(lines)):
        line = lines[n]
        if line.startswith("## "):
            close()
            title = line[3:].strip()
            if title == EARLIER:
                in_earlier, section, body = True, None, []
            elif in_earlier:
                raise _Unreadable(f"line {n + 1}: a prompt after the earlier versions")
            else:
                section, body = prompt_key(title), []
        elif line.startswith("### ") and in_earlier:
            close()
            section, body = line[4:].strip(), []
        elif line.startswith("# "):
            raise _Unreadable(f"line {n + 1}: a second title")
        else:
            if section is None and line.strip():
                raise _Unreadable(f"line {n + 1} is outside any heading")
            body.append(line)
    close()
    return notes


def _stamp(now: dt.datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S")


def _move_aside(path: Path, reason: str, now: dt.datetime) -> Path:
    stem = path.name[: -len(".md")] if path.name.endswith(".md") else path.name
    target = path.with_name(f"{stem}.unreadable-{_stamp(now)}.md")
    n = 2
    while target.exists():
        target = path.with_name(f"{stem}.unreadable-{_stamp(now)}-{n}.md")
        n += 1
    path.rename(target)
    warnings.warn(NotesWarning(
        f"{path.name} could not be read ({reason}), so it was moved aside to {target.name} and nothing in it "
        f"was lost. Copy what you need from {target.name} into your answers, then save again."), stacklevel=3)
    return target


def _read(path: Path, now: dt.datetime) -> Notes:
    if not path.exists():
        return Notes()
    try:
        if path.is_dir():
            raise _Unreadable("it is a folder, not a file")
        return parse(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        _move_aside(path, "it is not UTF-8 text", now)
    except _Unreadable as err:
        _move_aside(path, str(err), now)
    return Notes()


def load_notes(lesson: str | int, folder: Path | str | None = None) -> dict[str, str]:
    """The learner's answers for a lesson, ``{prompt: answer}`` (empty when there is no file yet).

    An unreadable file is moved aside (see the module's description) with a :class:`NotesWarning`.
    """
    return dict(_read(notes_path(lesson, folder), dt.datetime.now()).answers)


def save_notes(lesson: str | int, answers: dict[str, str], folder: Path | str | None = None,
               now: dt.datetime | None = None) -> Path:
    """Merge answers into the lesson's notes file and write it; returns its path.

    Prompts not in ``answers`` keep their saved answers; an empty answer
    never replaces a saved one; a changed answer replaces the saved one,
    which is kept under "Earlier versions" with the time it was replaced.
    """
    now = now or dt.datetime.now()
    number = lesson_number(lesson)
    path = notes_path(number, folder)
    notes = _read(path, now)
    when = now.strftime("%Y-%m-%d %H:%M:%S")
    for prompt, answer in answers.items():
        key = prompt_key(prompt)
        if key == EARLIER:
            raise ValueError(f"{EARLIER!r} is kept for the earlier versions; word the prompt differently.")
        text = str(answer or "").replace("\r\n", "\n").strip("\n").rstrip()
        if not key or not text.strip():
            continue
        old = notes.answers.get(key, "")
        if old.strip() and old != text:
            notes.earlier.append((key, when, old))
        notes.answers[key] = text
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(render(number, notes), encoding="utf-8")
    tmp.replace(path)
    return path
