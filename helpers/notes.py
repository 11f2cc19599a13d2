"""The learner's notebook: answers to a lesson's prompts kept in a Markdown file beside the lesson.

The file ``NN-my-notes.md`` has a heading per prompt and the answer below it.
Saving merges: an answer is never lost. A changed answer replaces the old
one, and the old one moves to the section "Earlier versions" with the time
it was replaced; the last few earlier versions of each answer stay there,
older ones move to ``NN-my-notes.history.md`` beside it (nothing is
deleted). Saving takes a lock (``.NN-my-notes.md.lock``), so two windows or
two kernels saving at once never lose each other's answers, and writes a
new file under a unique name that replaces the old one only once it is
complete. A file that cannot be read back without losing text is never
overwritten: it is moved aside to ``NN-my-notes.unreadable-<timestamp>.md``
and a warning says so.
"""
from __future__ import annotations

import datetime as dt
import errno
import os
import re
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from .questions import lesson_number

EARLIER = "Earlier versions"
KEEP = 3
"""How many earlier versions of each answer stay in the notes file; older ones move to the history file."""
LOCK_WAIT = 10.0
"""Seconds to wait for another window's save to finish before giving up (nothing is written then)."""
COMMENT = ("<!-- Written by the course's notebook (helpers.notes). You may edit the answers; keep the "
           "headings as they are. -->")
HISTORY_COMMENT = ("<!-- Older versions of your answers, moved here from the notes file so that it stays short. "
                   "Nothing here is ever deleted by the course. -->")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class NotesWarning(UserWarning):
    """Something in the notes needs the learner's attention; the message says what and what to do."""


@dataclass
class Notes:
    """What a notes file holds: the current answers, and the earlier versions (prompt, time, text)."""

    answers: dict[str, str] = field(default_factory=dict)
    earlier: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Saved:
    """The result of a save: the file, the answers it now holds, and what was not taken from the caller.

    ``kept`` are prompts whose answer the caller had not changed while the file held a newer
    one (saved from another window), so the newer one stayed; ``refused`` are prompts whose
    answer held a control character and was not saved; ``superseded`` are prompts whose
    answer had been changed in another window too: the caller's (newest) is current, the
    other is kept under "Earlier versions".
    """

    path: Path
    answers: dict[str, str]
    kept: tuple[str, ...] = ()
    refused: tuple[str, ...] = ()
    superseded: tuple[str, ...] = ()


def notes_path(lesson: str | int, folder: Path | str | None = None) -> Path:
    """The path of the lesson's notes, ``NN-my-notes.md`` in ``folder`` (by default the current directory)."""
    return Path(folder if folder is not None else Path.cwd()) / f"{lesson_number(lesson)}-my-notes.md"


def history_path(lesson: str | int, folder: Path | str | None = None) -> Path:
    """The file beside the notes that keeps the older versions of answers, ``NN-my-notes.history.md``."""
    return notes_path(lesson, folder).with_name(f"{lesson_number(lesson)}-my-notes.history.md")


def _lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def prompt_key(prompt: str) -> str:
    """A prompt as a heading: one line, single spaces (the key :func:`load_notes` gives back)."""
    return " ".join(str(prompt).split())


def answer_for(saved: dict[str, str], prompt: str, former: list[str] = ()) -> str:
    """The saved answer to ``prompt``: under its words, else under the latest of its former words; else ""."""
    for words in [prompt, *reversed(list(former))]:
        if prompt_key(words) in saved:
            return saved[prompt_key(words)]
    return ""


def retired_answers(saved: dict[str, str], retired: list[list[str]], exclude=()) -> dict[str, str]:
    """The saved answers to prompts cut from the lesson: ``{heading: answer}``, in the order of ``retired``.

    Each item of ``retired`` lists one cut prompt's words, its last words first; its answer is the one
    under the first of them with a non-empty answer, under that heading. A prompt with no non-empty
    answer gives nothing; headings in ``exclude`` (the current prompts') are left out.
    """
    found: dict[str, str] = {}
    for words in retired:
        heading = next((prompt_key(w) for w in words if saved.get(prompt_key(w), "").strip()), None)
        if heading is not None and heading not in exclude:
            found.setdefault(heading, saved[heading])
    return found


def clean(answer: str | None) -> str:
    """An answer as it is saved: Unix line ends, no blank lines around it, no trailing spaces."""
    text = str(answer or "").replace("\r\n", "\n").replace("\r", "\n")
    return text.strip("\n").rstrip()


def control_characters(text: str) -> list[str]:
    """The control characters in a text (tab and line end excepted), as ``U+0000`` codes."""
    return sorted({f"U+{ord(c):04X}" for c in CONTROL.findall(text)})


def _escape(text: str) -> str:
    """Keep an answer's own lines that begin with '#' from reading as headings ('\\#' in Markdown)."""
    return "\n".join(re.sub(r"^(\\*#)", r"\\\1", line) for line in text.split("\n"))


def _unescape(text: str) -> str:
    return "\n".join(re.sub(r"^\\(\\*#)", r"\1", line) for line in text.split("\n"))


def _version(prompt: str, when: str, answer: str) -> list[str]:
    return [f"### {prompt} (replaced {when})", "", _escape(answer), ""]


def render(lesson: str, notes: Notes) -> str:
    """The Markdown text of a notes file."""
    out = [f"# Lesson {lesson}: my notes", "", COMMENT, ""]
    for prompt, answer in notes.answers.items():
        out += [f"## {prompt}", "", _escape(answer), ""]
    if notes.earlier:
        out += [f"## {EARLIER}", ""]
        for prompt, when, answer in notes.earlier:
            out += _version(prompt, when, answer)
    return "\n".join(out).rstrip("\n") + "\n"


class _Unreadable(ValueError):
    pass


def parse(text: str) -> Notes:
    """Read a notes file's text; raises ValueError where reading it back would lose words.

    Control characters (a NUL pasted from somewhere) are kept as they are: they are
    never a reason to set the file aside.
    """
    notes = Notes()
    lines = text.replace("\r\n", "\n").split("\n")
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
    if not os.path.lexists(path):
        return Notes()
    try:
        if path.is_dir():
            raise _Unreadable("it is a folder, not a file")
        return parse(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        _move_aside(path, "it is not UTF-8 text", now)
    except _Unreadable as err:
        _move_aside(path, str(err), now)
    except FileNotFoundError:  # a link to nowhere, or removed between the two looks
        if path.is_symlink():
            _move_aside(path, "it is a link to a file that does not exist", now)
    return Notes()


def load_notes(lesson: str | int, folder: Path | str | None = None) -> dict[str, str]:
    """The learner's answers for a lesson, ``{prompt: answer}`` (empty when there is no file yet).

    An unreadable file is moved aside (see the module's description) with a :class:`NotesWarning`.
    Raises ``OSError`` (e.g. ``PermissionError``) when the file cannot be opened at all;
    :func:`explain` turns it into a sentence for the learner.
    """
    return dict(_read(notes_path(lesson, folder), dt.datetime.now()).answers)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # not possible on every system (Windows); the rename itself is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_atomically(path: Path, text: str) -> None:
    """Write a new file under a unique name (created exclusively, never through a link), then rename it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_folder(path.parent)


def _unlink_if_link(path: Path) -> bool:
    """Remove ``path`` if it is a symbolic link (the file it points to is untouched); True if it was one."""
    if path.is_symlink():
        path.unlink()
        return True
    return False


def _append_history(path: Path, lesson: str, versions: list[tuple[str, str, str]]) -> None:
    """Append earlier versions to the history file (created if need be, never through a link)."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o644)
    with os.fdopen(fd, "a", encoding="utf-8", newline="\n") as fh:
        lines: list[str] = []
        if fh.tell() == 0:
            lines += [f"# Lesson {lesson}: earlier versions of my notes", "", HISTORY_COMMENT, ""]
        for version in versions:
            lines += _version(*version)
        fh.write("\n".join(lines) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def _trim(notes: Notes, keep: int) -> list[tuple[str, str, str]]:
    """Keep the last ``keep`` earlier versions of each answer; return the older ones, oldest first."""
    counts: dict[str, int] = {}
    kept, moved = [], []
    for version in reversed(notes.earlier):
        counts[version[0]] = counts.get(version[0], 0) + 1
        (kept if counts[version[0]] <= keep else moved).append(version)
    notes.earlier = kept[::-1]
    return moved[::-1]


def save_answers(lesson: str | int, answers: dict[str, str], folder: Path | str | None = None,
                 now: dt.datetime | None = None, base: dict[str, str] | None = None) -> Saved:
    """Merge answers into the lesson's notes file under a lock and write it safely.

    Parameters
    ----------
    lesson : the lesson's number.
    answers : ``{prompt: answer}``; an empty answer never replaces a saved one.
    folder : where the notes live (by default the current directory).
    now : the time stamped on replaced versions (by default the clock).
    base : the answers the caller showed the learner when it read the file. An answer
        still equal to its base was not changed by the learner, so a different answer
        the file holds now (saved from another window) stays current.

    Returns a :class:`Saved`. Raises ``OSError`` when the file or its folder cannot be
    written, ``filelock.Timeout`` when another save held the lock too long, ``ValueError``
    for a prompt worded as the earlier-versions heading.
    """
    now = now or dt.datetime.now()
    number = lesson_number(lesson)
    path = notes_path(number, folder)
    base = {prompt_key(k): clean(v) for k, v in (base or {}).items()}
    when = now.strftime("%Y-%m-%d %H:%M:%S")
    wanted: dict[str, str] = {}
    refused: list[str] = []
    for prompt, answer in answers.items():
        key = prompt_key(prompt)
        if key == EARLIER:
            raise ValueError(f"{EARLIER!r} is kept for the earlier versions; word the prompt differently.")
        text = clean(answer)
        if not key or not text.strip():
            continue
        bad = control_characters(text)
        if bad:
            refused.append(key)
            warnings.warn(NotesWarning(
                f"The answer to {key!r} was not saved: it holds a control character ({', '.join(bad)}), "
                "probably pasted from another program. Delete it (retype the text around it) and save again."),
                stacklevel=2)
            continue
        wanted[key] = text
    path.parent.mkdir(parents=True, exist_ok=True)
    _unlink_if_link(_lock_path(path))  # the lock is ours: a link planted in its place is removed, never followed
    kept: list[str] = []
    superseded: list[str] = []
    with FileLock(_lock_path(path), timeout=LOCK_WAIT):
        notes = _read(path, now)
        for key, text in wanted.items():
            old = notes.answers.get(key, "")
            if key in base and text == base[key] and old.strip() and old != text:
                kept.append(key)  # unchanged here, changed in another window since: the newer answer stays
                continue
            if old.strip() and old != text:
                notes.earlier.append((key, when, old))
                if key in base and old != base[key]:
                    superseded.append(key)
            notes.answers[key] = text
        moved = _trim(notes, KEEP)
        if moved:
            history = history_path(number, path.parent)
            if _unlink_if_link(history):
                warnings.warn(NotesWarning(f"{history.name} was a link to another file; the link was removed "
                                           "(the file it pointed to is untouched) and a new history begun."),
                              stacklevel=2)
            _append_history(history, number, moved)
        _write_atomically(path, render(number, notes))
    return Saved(path, dict(notes.answers), tuple(kept), tuple(refused), tuple(superseded))


def save_notes(lesson: str | int, answers: dict[str, str], folder: Path | str | None = None,
               now: dt.datetime | None = None) -> Path:
    """Merge answers into the lesson's notes file and write it; returns its path.

    Prompts not in ``answers`` keep their saved answers; an empty answer
    never replaces a saved one; a changed answer replaces the saved one,
    which is kept under "Earlier versions" with the time it was replaced
    (the oldest of many move to the history file). See :func:`save_answers`.
    """
    return save_answers(lesson, answers, folder, now).path


def explain(err: BaseException, path: Path, doing: str = "saved") -> str:
    """A sentence for the learner about an error reading or saving the notes, never a traceback."""
    name = path.name
    if isinstance(err, Timeout):
        return (f"Not {doing}: another window was saving {name} at the same moment. "
                "Nothing was lost; press Save again.")
    if isinstance(err, PermissionError):
        return (f"Your notes could not be {doing}: this account may not {'read' if doing == 'read' else 'write'} "
                f"{name} or its folder ({path.parent}). Copy your answers into a file of your own for now, "
                "and ask your instructor to make the folder writable.")
    if isinstance(err, OSError) and err.errno == errno.ENOSPC:
        return f"Not {doing}: the disk is full. Free some space, then press Save again. Your answers are still here."
    if isinstance(err, OSError):
        return (f"Your notes could not be {doing} ({err.strerror or err}). Your answers are still in the "
                "boxes: copy them somewhere safe, then try again.")
    return f"Not {doing}: {err}"
