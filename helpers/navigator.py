"""The annotated memo's navigator: jump to a paragraph, filter the paragraphs, search a phrase.

A thin widget over pure functions: :func:`jump_link_html` here,
:func:`helpers.apparatus.filter_paragraphs` and
:func:`helpers.edition.index_html`. Every piece of text from the data files is
escaped before any markup is added.
"""
from __future__ import annotations

import html
from pathlib import Path

from . import data
from .apparatus import filter_options, filter_paragraphs
from .edition import index_html, speaker_label
from .memo import load_memo

DataDir = Path | str | None



THEME_LABELS = {"bloc": "the socialist camp", "communes": "the people's communes", "doubt": "doubt and certainty",
                "england": "catching up with England", "great-leap": "the Great Leap", "harvest": "the harvest",
                "peace-war": "peace and war", "room": "the room (who was there, reactions)",
                "source": "the record and its slips", "steel": "steel", "taiwan": "Taiwan and Jinmen",
                "teachers": "the \"teachers\"", "tito": "Tito"}
"""How the Theme menu names each theme of data/paragraphs.csv: a reader of the memo page met the data's own ids
(``bloc``, ``peace-war``, ``source``) in the menu."""


def theme_label(theme: str) -> str:
    """A theme as the menu shows it (its id, if the course has no label for it yet).

    >>> theme_label("peace-war"), theme_label("new-theme")
    ('peace and war', 'new-theme')
    """
    return THEME_LABELS.get(theme, theme)

def jump_link_html(pid: str, data_dir: DataDir = None, words: int = 8) -> str:
    """The navigator's link to one paragraph: it looks like a link, is reached with Tab and followed with Enter,
    and says where it goes (the paragraph's speaker and first words)."""
    e = html.escape
    row = data.by_id("paragraphs", data_dir).get(pid)
    if row is None:
        return f"<p>There is no paragraph {e(pid)} in the memo.</p>"
    first = " ".join(str(row["text"]).split()[:words])
    return (f'<p><a class="memo-jump-link" href="#{e(pid)}" style="color:#004c80;text-decoration:underline;'
            f'font-weight:bold">Go to {e(pid)}</a> <span style="color:#4d4d4d">· '
            f'{e(speaker_label(str(row["speaker"])))}: '
            f"\u201c{e(first)} \u2026\u201d</span></p>")


def memo_navigator(phrase: str = "", data_dir: DataDir = None):
    """Jump to a paragraph, filter the paragraphs, search a phrase: a thin widget over the functions above."""
    # Imported here, not at the top: the annotated memo's page and the printed packet need no widgets, and
    # ipywidgets with the charts (which helpers.widgets loads) is the heaviest import a lesson can make.
    import ipywidgets as w

    from .widgets import WIDE, _root, close_reading

    paras = load_memo(data_dir).rows
    options = filter_options(data_dir)
    jump = w.Dropdown(options=[(f"{r['id']} · {speaker_label(r['speaker'])}", r["id"]) for r in paras],
                      value=paras[0]["id"], description="Go to paragraph", style=WIDE)
    jump_link = w.HTML()
    jump.add_class("course-memo-jump")
    jump_link.add_class("course-memo-jump-link")
    any_ = [("any", "")]
    speaker = w.Dropdown(options=any_ + [(speaker_label(s), s) for s in options["speaker"]], value="",
                         description="Speaker",
                         style=WIDE)
    theme = w.Dropdown(options=any_ + [(theme_label(t), t) for t in options["theme"]], value="", description="Theme",
                       style=WIDE)
    # the same width as Speaker and Theme: at "auto" it ran the page's full width while they were short
    part = w.Dropdown(options=any_ + [(p, p) for p in options["part"]], value="", description="Part of the evening",
                      style=WIDE)
    reacted = w.Checkbox(value=False, description="Only where the room reacted (laughter, silence)", indent=False,
                         layout=w.Layout(width="auto"))
    found = w.HTML()

    def show_jump(_=None) -> None:
        jump_link.value = jump_link_html(jump.value, data_dir)

    def show_found(_=None) -> None:
        if not (speaker.value or theme.value or part.value or reacted.value):
            found.value = "<p>Choose a speaker, a theme or a part of the evening, or tick the box, to list the paragraphs.</p>"
            return
        found.value = index_html(filter_paragraphs(speaker.value, theme.value, part.value, reacted.value, data_dir),
                                 data_dir)

    jump.observe(show_jump, names="value")
    for control in (speaker, theme, part, reacted):
        control.observe(show_found, names="value")
    show_jump()
    show_found()
    search = close_reading(phrase, data_dir)
    return _root("memo-navigator",
                 [w.HTML("<h3>Jump</h3>"), jump, jump_link, w.HTML("<h3>Filter</h3>"), speaker, theme, part, reacted,
                  found, w.HTML("<h3>Search a word or phrase</h3>"), search],
                 jump=jump, jump_link=jump_link, speaker=speaker, theme=theme, part=part, reacted=reacted,
                 found=found, search=search)
