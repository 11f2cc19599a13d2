"""Excerpts: the passages lessons show, each carrying its paragraph, speaker and citation."""
from __future__ import annotations

import difflib
import html
from dataclasses import dataclass
from pathlib import Path

from . import data
from .citation import citation
from .context import escape_markdown
from .names import mark_terms


@dataclass(frozen=True)
class Excerpt:
    """A verbatim passage of the memo that knows where it comes from."""

    id: str
    title: str
    paragraph: str
    speaker: str
    mode: str
    text: str
    cite: str

    @property
    def voice(self) -> str:
        """Whose words the passage gives: its speaker, or, for reported speech, the record reporting him.

        >>> Excerpt("x", "t", "p74", "Secretary of the Sofia City Party Committee", "reported", "...", "").voice
        'the record, reporting the Secretary of the Sofia City Party Committee'
        """
        if self.mode == "reported":
            return f"the record, reporting the {self.speaker}"
        return self.speaker

    def to_markdown(self) -> str:
        """The passage as a Markdown block quote with its speaker and citation; text from the data is escaped."""
        e = escape_markdown
        quoted = "\n".join(f"> {line}" for line in e(self.text, multiline=True).splitlines())
        return f"**{e(self.title)}** ({e(self.voice)}, para. {e(self.paragraph)})\n\n{quoted}\n\n*{e(self.cite)}*"

    def to_html(self, marked: bool = False, data_dir: Path | str | None = None) -> str:
        """The passage as HTML: the one way an excerpt is drawn, in lessons, widgets and the packet.

        ``marked`` wraps the names and glossary terms in ``<mark>`` (see
        :func:`helpers.names.mark_terms`). Every text from the data files is escaped.
        """
        e = html.escape
        if marked:
            body = mark_terms(self.text, data_dir)
        else:
            body = e(self.text)
        return (
            f'<figure class="memo-excerpt" data-excerpt="{e(self.id)}" '
            'style="border-left:4px solid #0072B2;margin:0.5em 0;padding:0.2em 1em;background:#ffffff;color:#1a1a1a;">'
            f'<figcaption><span style="font-size:0.8em;text-transform:uppercase;letter-spacing:0.05em;'
            f'color:#595959">From the memo</span><br><strong>{e(self.title)}</strong> '
            f"<span>({e(self.voice)}, para. {e(self.paragraph)})</span></figcaption>"
            f'<blockquote style="margin:0.4em 0;">{body}</blockquote>'
            f'<footer style="font-size:smaller;color:#4d4d4d;">{e(self.cite)}</footer></figure>'
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    _repr_markdown_ = to_markdown

    def __str__(self) -> str:
        return f"{self.title} ({self.voice}, para. {self.paragraph}): {self.text}\n{self.cite}"


def excerpt(excerpt_id: str, data_dir: Path | str | None = None) -> Excerpt:
    """Return one curated excerpt by its id in ``data/excerpts.csv``.

    Raises ``DataError`` naming the closest ids when the id is unknown.
    """
    table = data.by_id("excerpts", data_dir)
    if excerpt_id not in table:
        close = difflib.get_close_matches(str(excerpt_id), list(table), n=3)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise data.DataError(f"data/excerpts.csv has no excerpt with id {excerpt_id!r}.{hint} "
                             "The ids are in the first column of that file.")
    row = table[excerpt_id]
    para = data.by_id("paragraphs", data_dir)[row["paragraph"]]
    return Excerpt(
        id=excerpt_id,
        title=row["title"],
        paragraph=row["paragraph"],
        speaker=para["speaker"],
        mode=para["mode"],
        text=row["quote"],
        cite=citation(data_dir).short(row["paragraph"]),
    )


def excerpts_for(lesson: str, data_dir: Path | str | None = None) -> list[Excerpt]:
    """All excerpts a lesson uses (by the lesson's two-digit number), in the table's order."""
    ids = [row["id"] for row in data.rows("excerpts", data_dir) if lesson in data.split_list(row["lessons"])]
    return [excerpt(i, data_dir) for i in ids]


def marked_excerpt_html(excerpt_id: str, data_dir: Path | str | None = None) -> str:
    """An excerpt as HTML, drawn by ``Excerpt.to_html``, with its names and glossary terms marked."""
    return excerpt(excerpt_id, data_dir).to_html(marked=True, data_dir=data_dir)
