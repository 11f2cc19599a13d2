"""The memo's citation, read from the one place it is written: the source file's own header."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from . import bibliography, data, paths


class ShortCitation(str):
    """A short reference: a plain string that a notebook shows as a line of text, not as a quoted Python string."""

    def _repr_html_(self) -> str:
        return f'<p class="course-citation">{html.escape(self)}</p>'


@dataclass(frozen=True)
class Citation:
    """How to cite the memo: the archive's citation, its address and the recorder's name."""

    text: str
    url: str
    recorder: str
    chicago: str = ""
    date: str = field(default="", repr=False)
    """The day of the conversation as the citation's title gives it ("2 October 1958")."""
    archive: str = field(default="", repr=False)
    """The archive that holds the text ("Wilson Center Digital Archive")."""
    document: str = field(default="", repr=False)
    """The archive's number for the document, the last part of its address ("116826")."""

    def full(self) -> str:
        """The archive's citation, the recorder and the address, as one line."""
        return f"{self.text} Recorded by {self.recorder}. {self.url}"

    def _repr_html_(self) -> str:
        e = html.escape
        return (f'<p class="course-citation">{e(self.text)} Recorded by {e(self.recorder)}. '
                f'<a href="{e(self.url)}">{e(self.url)}</a></p>')

    def _repr_markdown_(self) -> str:
        return self.full()

    def short(self, paragraph: str | None = None) -> ShortCitation:
        """A short reference such as 'Memo of 2 October 1958, para. p19 (Wilson Center Digital Archive, doc. 116826)',
        read from the memo file's own citation (its title's date, the archive and the document's number)."""
        where = f", para. {paragraph}" if paragraph else ""
        return ShortCitation(f"Memo of {self.date}{where} ({self.archive}, doc. {self.document})")


def parse_citation(source: str) -> Citation:
    """Read the citation block and the recorder's line from the memo's text."""
    block = re.search(r"Citation:\s*\n\s*\n(.+?)\n<(https?://[^>]+)>", source, flags=re.S)
    recorder = re.search(r"Recorded by (.+?)\.?\s*$", source.strip().splitlines()[-1])
    if not block or not recorder:
        raise data.DataError("data/memo-1958-10-02.txt: the citation block or the 'Recorded by' line is missing. "
                             "Restore the file from the course's repository; it must stay as received.")
    text = " ".join(block.group(1).split())
    date = re.search(r"(\d{1,2} [A-Z][a-z]+ \d{4})\"", text)
    archive = re.search(r"\",\s*[A-Z][a-z]+ \d{1,2}, \d{4},\s*([^,]+),", text)
    if not date or not archive:
        raise data.DataError("data/memo-1958-10-02.txt: the citation does not give the title's date and the archive "
                             "as the archive wrote them. Restore the file from the course's repository.")
    return Citation(text=text, url=block.group(2), recorder=recorder.group(1), date=date.group(1),
                    archive=archive.group(1).strip(), document=block.group(2).rstrip("/").rsplit("/", 1)[-1])


@lru_cache(maxsize=4)
def _citation(path: Path) -> Citation:
    return parse_citation(path.read_text(encoding="utf-8"))


def citation(data_dir: Path | str | None = None) -> Citation:
    """The memo's citation, as the archive gives it at the head of the text.

    ``chicago`` holds the same document as a Chicago note, built by
    :func:`helpers.bibliography.citation` from the ``memo`` row of sources.csv.
    """
    data_dir = paths.data_dir(data_dir)
    found = _citation((data_dir / data.resource("memo", data_dir)["path"]).resolve())
    rows = data.by_id("sources", data_dir)
    if "memo" not in rows:
        return found
    return replace(found, chicago=bibliography.citation(rows["memo"]))
