"""The memorandum as addressable paragraphs.

The source text in ``data/memo-1958-10-02.txt`` is kept exactly as received.
:func:`derive_paragraphs` turns its body (everything after the archive's
header block) into numbered paragraphs, deterministically, so that ``p07``
always means the same words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import data, paths

DataDir = Path | str | None

BODY_START = "Translation - English"
SPEAKERS = {
    "Mao Zedong": "Mao Zedong",
    "Mao Zedong continues": "Mao Zedong",
    "Cde. Mao Zedong": "Mao Zedong",
    "Cde. Efremov": "Efremov",
    "Chervenkov": "Chervenkov",
}
RECORD = "the record"
MAO = "Mao Zedong"
"""The speaker of most paragraphs, as paragraphs.csv names him."""
TERMINAL = tuple(".!?:;)\"'”…]")


@dataclass(frozen=True)
class Block:
    """A run of non-blank lines in the source, with its 1-based line numbers."""

    first_line: int
    last_line: int
    text: str


def blocks(source: str) -> list[Block]:
    """Split the source into blocks separated by blank lines (lines joined by a space)."""
    out: list[Block] = []
    lines = source.splitlines()
    start = None
    for i, line in enumerate(lines + [""], start=1):
        if line.strip() and start is None:
            start = i
        elif not line.strip() and start is not None:
            chunk = [raw.strip() for raw in lines[start - 1 : i - 1]]
            out.append(Block(start, i - 1, " ".join(chunk)))
            start = None
    return out


def is_page_break(before: str, after: str) -> bool:
    """True where a sentence runs on across a blank line: no closing punctuation, lower-case next."""
    return not before.rstrip().endswith(TERMINAL) and after[:1].islower()


def split_speaker(text: str) -> tuple[str | None, str]:
    """Return ``(speaker, words)`` when the text opens with a known ``Name:`` label."""
    match = re.match(r"^([A-Z][A-Za-z. ]{2,40}?):\s+(.*)$", text, flags=re.S)
    if match and match.group(1) in SPEAKERS:
        return SPEAKERS[match.group(1)], match.group(2)
    return None, text


def derive_paragraphs(source: str) -> list[dict]:
    """Number the body's paragraphs and name each one's speaker.

    Returns a list of dicts with the columns of ``paragraphs.csv``: ``id``,
    ``speaker``, ``mode`` (``direct`` speech, ``reported`` speech or
    ``narration``), ``lines`` (first and last line in the source), ``joined``
    (the page break that was closed, if any) and ``text`` (exactly the
    source's words; a page break is closed with one space).
    """
    all_blocks = blocks(source)
    starts = [i for i, b in enumerate(all_blocks) if b.text == BODY_START]
    if not starts:
        raise ValueError(f"the source text has no line {BODY_START!r}: is it the memo?")
    body = all_blocks[starts[0] + 1 :]
    merged: list[tuple[Block, str]] = []
    for block in body:
        if merged and is_page_break(merged[-1][0].text, block.text):
            prev, _ = merged[-1]
            note = (
                f"page break closed: line {prev.last_line} ends "
                f"{prev.text.split()[-1]!r}, line {block.first_line} goes on {block.text.split()[0]!r}"
            )
            merged[-1] = (Block(prev.first_line, block.last_line, prev.text + " " + block.text), note)
        else:
            merged.append((block, ""))
    width = max(2, len(str(len(merged))))
    rows = []
    current = RECORD
    for n, (block, note) in enumerate(merged, start=1):
        speaker, _ = split_speaker(block.text)
        if speaker:
            current, mode = speaker, "direct"
        elif block.text.startswith("The secretary of the Sophia"):
            speaker, mode, current = "Secretary of the Sofia City Party Committee", "reported", RECORD
        elif _is_narration(block.text):
            speaker, mode, current = RECORD, "narration", RECORD
        else:
            speaker, mode = current, "direct" if current != RECORD else "narration"
        rows.append(
            {
                "id": f"p{n:0{width}d}",
                "speaker": speaker,
                "mode": mode,
                "lines": f"{block.first_line}-{block.last_line}",
                "joined": note,
                "text": block.text,
            }
        )
    return rows


NARRATION_OPENINGS = (
    "2 October 1958",
    "Memorandum of conversation",
    "(The conversation began",
    "Comrade Mao Zedong greeted",
    "A delegation of Soviet scientists",
    "At this point the conversation",
    "Recorded by",
)


def _is_narration(text: str) -> bool:
    return text.startswith(NARRATION_OPENINGS)


@dataclass(frozen=True)
class Hit:
    """One occurrence of a phrase: where it is and the words around it."""

    paragraph: str
    speaker: str
    before: str
    match: str
    after: str


class Memo:
    """The memo's paragraphs (dicts in ``.rows``) with look-ups by id and by phrase.

    ``.paragraphs`` gives the same as a pandas DataFrame, importing pandas on first use.
    """

    def __init__(self, rows: list[dict], data_dir: DataDir = None):
        self.rows = rows
        self._data_dir = data_dir
        self._frame = None

    @property
    def ids(self) -> list[str]:
        """The paragraph ids, in order (``p01`` ...)."""
        return [row["id"] for row in self.rows]

    @property
    def paragraphs(self):
        """The paragraphs as a typed DataFrame (pandas is imported here, only when asked for)."""
        if self._frame is None:
            self._frame = data.load("paragraphs", self._data_dir)
        return self._frame

    def __len__(self) -> int:
        return len(self.rows)

    def paragraph(self, pid: str) -> dict:
        """One paragraph as a dict (id, speaker, mode, lines, joined, text)."""
        for row in self.rows:
            if row["id"] == pid:
                return dict(row)
        last = self.rows[-1]["id"] if self.rows else "p01"
        raise data.DataError(f"The memo has no paragraph {pid!r}: ids run from p01 to {last}.")

    def find(self, phrase: str, width: int = 60) -> list[Hit]:
        """Every occurrence of a word or phrase (case-insensitive), in order, with context."""
        phrase = phrase.strip()
        if not phrase:
            return []
        pattern = re.compile(re.escape(phrase), flags=re.I)
        hits = []
        for row in self.rows:
            text = row["text"]
            for m in pattern.finditer(text):
                hits.append(Hit(row["id"], row["speaker"], _before(text, m.start(), width), m.group(0),
                                _after(text, m.end(), width)))
        return hits


def _before(text: str, at: int, width: int) -> str:
    """Up to ``width`` characters before ``at``, starting at a whole word ("…" where text is left out)."""
    start = max(0, at - width)
    part = text[start:at]
    if start > 0 and not text[start - 1].isspace():
        cut = part.find(" ")
        part = part[cut + 1:] if cut >= 0 else part
    return ("…" + part.lstrip()) if start > 0 else part


def _after(text: str, at: int, width: int) -> str:
    """Up to ``width`` characters after ``at``, ending at a whole word ("…" where text is left out)."""
    end = min(len(text), at + width)
    part = text[at:end]
    if end < len(text) and not text[end].isspace():
        cut = part.rfind(" ")
        part = part[:cut] if cut >= 0 else part
    return (part.rstrip() + "…") if end < len(text) else part


def load_memo(data_dir=None) -> Memo:
    """The memo as numbered paragraphs with speakers; ``.find("teacher")`` finds a phrase."""
    return Memo(data.rows("paragraphs", data_dir), data_dir)


def stretch_of_paragraphs(data_dir: DataDir = None) -> dict[str, dict]:
    """Map each paragraph id to its stretch (a dict with ``id``, ``first``, ``last``, ``topic``)."""
    ids = load_memo(data_dir).ids
    out: dict[str, dict] = {}
    for row in data.rows("stretches", data_dir):
        if row["first"] in ids and row["last"] in ids:
            for pid in ids[ids.index(row["first"]) : ids.index(row["last"]) + 1]:
                out[pid] = row
    return out


def check_paragraphs(data_dir: Path | str | None = None) -> list[data.Problem]:
    """Check that paragraphs.csv is exactly what the memo's text gives (the index is derived, not edited)."""
    data_dir = paths.data_dir(data_dir)
    memo = data.resource("memo", data_dir)
    source = data.resource_file(memo, data_dir)
    try:
        derived = derive_paragraphs(source.read_bytes().decode("utf-8-sig"))
    except OSError as err:
        return [data.Problem(f"data/{memo['path']}", None, None, f"cannot be read as the memo ({err.strerror}). "
                             "Restore it from the course's repository.")]
    except UnicodeDecodeError as err:
        return [data.Problem(f"data/{memo['path']}", None, None, f"is not UTF-8 text ({err.reason}). Restore it "
                             "from the course's repository.")]
    except ValueError:
        return [data.Problem(f"data/{memo['path']}", None, None, "cannot be read as the memo (its layout is not "
                             "the archive's). Restore it from the course's repository; never edit it.")]
    paragraphs = data.resource("paragraphs", data_dir)
    shown = data.shown_path(paragraphs)
    table = data.read_table(data.resource_file(paragraphs, data_dir), shown)
    if not table.header:
        return []  # check_table has reported why it cannot be read
    stored = table.rows
    problems = []
    if len(stored) != len(derived):
        problems.append(data.Problem(shown, None, None,
                                     f"has {len(stored)} paragraphs but the memo gives {len(derived)}. "
                                     "Regenerate it with: python -m helpers paragraphs"))
    for row, want in zip(stored, derived):
        for key, value in want.items():
            if row.get(key) != value:
                problems.append(data.Problem(shown, row["_line"], key,
                                             "differs from the memo's text. Do not edit this file by hand; "
                                             "regenerate it with: python -m helpers paragraphs"))
                break
    return problems
