"""The memo, annotated: every paragraph in order with its apparatus, built from the tables.

Pure functions over ``paragraphs``, ``people``, ``glossary``, ``figures``,
``record``, ``anomalies``, ``excerpts`` and ``stretches``; every piece of
text from the data files is escaped before any markup is added. Each
paragraph is a ``<section id="p51" data-jupyter-id="p51">``: JupyterLab
follows a link ``memo.ipynb#p51`` to the element whose ``data-jupyter-id``
is ``p51`` (its default sanitizer settings), a browser follows ``#p51`` to
the ``id``. The apparatus folds in ``<details>`` (no kernel needed to open
it; print opens it), and an anomaly's verdict folds once more, so that a
learner can predict before revealing.

The module also links paragraph references in lessons' Markdown ("(p51)",
"p40-p42") to the annotated memo: :func:`link_paragraph_refs`.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import data, paths
from .citation import citation
from .context import card
from .memo import load_memo, stretch_of_paragraphs
from .names import terms
from .notebooks import lesson_paths, read_notebook
from .reactions import STAGE_DIRECTION

DataDir = Path | str | None
MEMO_NOTEBOOK = "memo.ipynb"
MODES = {"direct": "direct speech", "reported": "reported speech", "narration": "the recorder's narration"}
STYLE = (
    "<style>"
    ".memo-edition{max-width:52em}"
    ".memo-para{border-top:1px solid #ccc;padding:0.4em 0 0.6em 0;scroll-margin-top:3em}"
    ".memo-para-head{font-family:sans-serif;font-size:0.9em;color:#333}"
    ".memo-para-head a{font-weight:bold;color:#004c80}"
    ".memo-text{margin:0.3em 0 0.4em 0;font-size:1.05em;line-height:1.5}"
    ".memo-stage{font-style:italic;background:#fdf3d8;color:#5a4000;padding:0;border-radius:3px}"
    ".memo-stage-run{white-space:nowrap}"
    ".memo-apparatus>summary,.memo-verdict>summary{cursor:pointer;color:#004c80;font-family:sans-serif;font-size:0.9em}"
    ".memo-apparatus{margin-left:0.6em}"
    ".memo-apparatus h4{font-family:sans-serif;font-size:0.95em;margin:0.6em 0 0.2em 0}"
    ".memo-figures td,.memo-figures th{border:1px solid #bbb;padding:2px 5px;vertical-align:top;text-align:left}"
    ".memo-figures{border-collapse:collapse;font-size:0.9em}"
    "</style>"
)


# --- the apparatus: what each paragraph is attached to ------------------------------------------


@dataclass
class Apparatus:
    """Everything the tables attach to one paragraph (ids of rows, in table order)."""

    paragraph: str
    people: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    records: dict[str, list[str]] = field(default_factory=dict)
    anomalies: list[str] = field(default_factory=list)
    lessons: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    part: str = ""
    reactions: list[str] = field(default_factory=list)

    def counts(self) -> str:
        """A short summary such as '2 people, 1 term, 1 figure'."""
        parts = [(len(self.people), "person", "people"), (len(self.terms), "term", "terms"),
                 (len(self.figures), "figure", "figures"), (len(self.anomalies), "anomaly", "anomalies"),
                 (len(self.lessons), "lesson", "lessons")]
        said = [f"{n} {one if n == 1 else many}" for n, one, many in parts if n]
        return ", ".join(said) if said else "nothing attached"


def _listed(cell) -> list[str]:
    return data.split_list("" if cell is None else str(cell))


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
    ``themes``.
    """
    paras = load_memo(data_dir).paragraphs
    out = {pid: Apparatus(pid) for pid in paras["id"]}
    people = data.load("people", data_dir)
    glossary = data.load("glossary", data_dir)
    listed_people = {pid: [r.id for r in people.itertuples() if pid in _listed(r.paragraphs)] for pid in out}
    listed_terms = {pid: [r.id for r in glossary.itertuples() if pid in _listed(r.paragraphs)] for pid in out}
    order_people, order_terms = list(people["id"]), list(glossary["id"])
    forms = terms(data_dir)  # longest first, so the longest form wins where forms overlap
    by_form = {t.text.lower(): t for t in reversed(forms)}
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(t.text) for t in forms) + r")(?!\w)", flags=re.I) \
        if forms else None
    for row in paras.itertuples():
        app = out[row.id]
        found = [by_form[m.group(1).lower()] for m in pattern.finditer(row.text)] if pattern else []
        ppl = set(listed_people[row.id]) | {t.id for t in found if t.kind == "person"}
        trm = set(listed_terms[row.id]) | {t.id for t in found if t.kind == "glossary"}
        app.people = [i for i in order_people if i in ppl]
        app.terms = [i for i in order_terms if i in trm]
        app.reactions = [m.group(1) for m in STAGE_DIRECTION.finditer(row.text)]
    record = data.load("record", data_dir)
    for fig in data.load("figures", data_dir).itertuples():
        if fig.paragraph in out:
            out[fig.paragraph].figures.append(fig.id)
            out[fig.paragraph].records[fig.id] = [r.id for r in record.itertuples() if fig.id in _listed(r.figures)]
    for row in data.load("anomalies", data_dir).itertuples():
        if row.paragraph in out:
            out[row.paragraph].anomalies.append(row.id)
    for row in data.load("excerpts", data_dir).itertuples():
        if row.paragraph in out:
            app = out[row.paragraph]
            app.lessons += [code for code in _listed(row.lessons) if code not in app.lessons]
            app.themes += [t for t in _listed(row.themes) if t not in app.themes]
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
    paras = load_memo(data_dir).paragraphs
    apps = apparatus_all(data_dir)
    keep = []
    for row in paras.itertuples():
        app = apps[row.id]
        if speaker and row.speaker != speaker:
            continue
        if theme and theme not in app.themes:
            continue
        if part and app.part != part:
            continue
        if reacted and not app.reactions:
            continue
        keep.append(row.id)
    return keep


def filter_options(data_dir: DataDir = None) -> dict[str, list[str]]:
    """The values each filter offers: ``speaker``, ``theme`` and ``part``, in a sensible order."""
    paras = load_memo(data_dir).paragraphs
    themes = sorted({t for app in apparatus_all(data_dir).values() for t in app.themes})
    parts = list(dict.fromkeys(data.load("stretches", data_dir)["topic"]))
    return {"speaker": list(dict.fromkeys(paras["speaker"])), "theme": themes, "part": parts}


# --- HTML -----------------------------------------------------------------------------------------


STAGE_RUN = re.compile(STAGE_DIRECTION.pattern + r"([.,;:!?]*)")
"""A stage direction with the punctuation that follows it in the text: "(Laughter)." is one run."""


def text_html(text: str) -> str:
    """A paragraph's words, escaped, with each stage direction marked as the recorder's note.

    The mark adds nothing to the words (stripping the tags gives the text back, character for character),
    and a stage direction stays on one line with the punctuation after it, so "(Laughter)." never shows
    as "(Laughter) ." or breaks before its full stop.
    """
    escaped = html.escape(text, quote=False)

    def mark(m: re.Match) -> str:
        stage = (f'<em class="memo-stage" title="Stage direction: the recorder\'s note on the room">'
                 f"({m.group(1)})</em>")
        return f'<span class="memo-stage-run">{stage}{m.group(2)}</span>' if m.group(2) else stage

    return STAGE_RUN.sub(mark, escaped)


def jump_link_html(pid: str, data_dir: DataDir = None, words: int = 8) -> str:
    """The navigator's link to one paragraph: it looks like a link, is reached with Tab and followed with Enter,
    and says where it goes (the paragraph's speaker and first words)."""
    e = html.escape
    paras = load_memo(data_dir).paragraphs.set_index("id")
    if pid not in paras.index:
        return f"<p>There is no paragraph {e(pid)} in the memo.</p>"
    row = paras.loc[pid]
    first = " ".join(str(row["text"]).split()[:words])
    return (f'<p><a class="memo-jump-link" href="#{e(pid)}" style="color:#004c80;text-decoration:underline;'
            f'font-weight:bold">Go to {e(pid)}</a> <span style="color:#4d4d4d">· {e(str(row["speaker"]))}: '
            f"\u201c{e(first)} \u2026\u201d</span></p>")


def lesson_links(data_dir: DataDir = None, lessons_dir: Path | str | None = None) -> dict[str, tuple[str, str]]:
    """``{"03": ("03-climb-the-steel-ladder.ipynb", "Climb the steel ladder")}`` for every lesson."""
    out = {}
    for path in lesson_paths(lessons_dir):
        cells = read_notebook(path).get("cells", [])
        first = "".join(cells[0]["source"]) if cells else ""
        title = first.lstrip("# ").splitlines()[0].strip() if first.strip() else path.stem
        out[path.name[:2]] = (path.name, title)
    return out


def _stated(fig) -> str:
    amount = f"{fig.value:g}" if _has(fig.value) else f"{fig.low:g}–{fig.high:g}"
    return f"{amount} {fig.unit}" + (f" ({int(fig.year)})" if _has(fig.year) else "")


def _has(value) -> bool:
    import pandas as pd

    return not pd.isna(value) and str(value) != ""


def _figures_html(app: Apparatus, data_dir: DataDir, open_: bool = False) -> str:
    e = html.escape
    figures = data.load("figures", data_dir).set_index("id", drop=False)
    rows = []
    for fid in app.figures:
        fig = figures.loc[fid]
        record = "".join(card("record", rid, data_dir).to_html(sources_open=open_) for rid in app.records.get(fid, []))
        rows.append(f'<tr data-figure="{e(fid)}"><td>{e(fig.label)}: <strong>{e(_stated(fig))}</strong>, '
                    f"{e(fig.kind)}<br><q>{e(fig.quote)}</q></td>"
                    f"<td>{record or '<em>No other source is set beside this figure.</em>'}</td></tr>")
    return ('<table class="memo-figures"><caption>What the memo states, and what other sources say</caption>'
            "<thead><tr><th scope='col'>Stated in the memo</th><th scope='col'>What other sources say</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _anomalies_html(app: Apparatus, data_dir: DataDir, open_: bool) -> str:
    e = html.escape
    rows = data.load("anomalies", data_dir).set_index("id", drop=False)
    out = []
    for aid in app.anomalies:
        quote = rows.loc[aid, "quote"]
        out.append(f'<div class="memo-anomaly" data-anomaly="{e(aid)}"><p>Something is odd in '
                   f"<q>{e(quote)}</q>. Before you open the verdict, write down what you think went wrong, "
                   "and whose hand it might be: Mao's, the recorder's or the translator's.</p>"
                   f'<details class="memo-verdict"{" open" if open_ else ""}><summary>Reveal the verdict '
                   f"({e(aid)})</summary>{card('anomalies', aid, data_dir).to_html(sources_open=open_)}</details></div>")
    return "".join(out)


def apparatus_html(app: Apparatus, open_: bool = False, data_dir: DataDir = None,
                   lessons: dict[str, tuple[str, str]] | None = None) -> str:
    """One paragraph's apparatus as a ``<details>`` block (opened when ``open_``, as in print)."""
    e = html.escape
    lessons = lesson_links() if lessons is None else lessons
    parts = []
    if app.people:
        parts.append("<h4>People named</h4>" + "".join(card("people", i, data_dir).to_html(sources_open=open_) for i in app.people))
    if app.terms:
        parts.append("<h4>Terms</h4>" + "".join(card("glossary", i, data_dir).to_html(sources_open=open_) for i in app.terms))
    if app.figures:
        parts.append("<h4>Figures</h4>" + _figures_html(app, data_dir, open_))
    if app.anomalies:
        parts.append("<h4>Anomalies: predict, then reveal</h4>" + _anomalies_html(app, data_dir, open_))
    if app.lessons:
        items = "".join(
            f'<li><a href="{e(lessons[c][0])}">Lesson {e(c)}: {e(lessons[c][1])}</a></li>' if c in lessons
            else f"<li>Lesson {e(c)}</li>" for c in app.lessons)
        parts.append(f"<h4>Lessons that teach it</h4><ul>{items}</ul>")
    if not parts:
        return ""
    return (f'<details class="memo-apparatus"{" open" if open_ else ""}><summary>Notes for {e(app.paragraph)}: '
            f"{e(app.counts())}</summary>{''.join(parts)}</details>")


def paragraph_html(row: dict, app: Apparatus, open_: bool = False, data_dir: DataDir = None,
                   lessons: dict[str, tuple[str, str]] | None = None) -> str:
    """One paragraph: its anchor, id, speaker, mode and part, its words, and its apparatus."""
    e = html.escape
    pid = row["id"]
    mode = MODES.get(row["mode"], row["mode"])
    part = f" · {e(app.part)}" if app.part else ""
    reacted = " · the room reacts" if app.reactions else ""
    return (f'<section class="memo-para" id="{e(pid)}" data-jupyter-id="{e(pid)}" data-speaker="{e(row["speaker"])}" '
            f'aria-label="Paragraph {e(pid)}">'
            f'<div class="memo-para-head"><a href="#{e(pid)}">{e(pid)}</a> · {e(row["speaker"])} · {e(mode)}'
            f"{part}{reacted}</div>"
            f'<blockquote class="memo-text">{text_html(row["text"])}</blockquote>'
            f"{apparatus_html(app, open_, data_dir, lessons)}</section>")


def edition_html(open_: bool = False, data_dir: DataDir = None, lessons_dir: Path | str | None = None) -> str:
    """The whole annotated memo: the citation, then all paragraphs in order, each with its apparatus."""
    paras = load_memo(data_dir).paragraphs
    apps = apparatus_all(data_dir)
    lessons = lesson_links(data_dir, lessons_dir)
    body = "".join(paragraph_html(row, apps[row["id"]], open_, data_dir, lessons)
                   for row in paras.to_dict("records"))
    cite = citation(data_dir)._repr_html_()
    return (f'{STYLE}<div class="memo-edition" lang="en"><div class="memo-citation">{cite}</div>'
            f"{body}</div>")


def index_html(pids: list[str], data_dir: DataDir = None, words: int = 10) -> str:
    """A list of links to paragraphs (``#p51``), each with its speaker and first words."""
    e = html.escape
    paras = load_memo(data_dir).paragraphs.set_index("id")
    if not pids:
        return "<p>No paragraph matches.</p>"
    items = []
    for pid in pids:
        text = paras.loc[pid, "text"].split()
        start = " ".join(text[:words]) + (" …" if len(text) > words else "")
        items.append(f'<li><a href="#{e(pid)}">{e(pid)}</a> {e(paras.loc[pid, "speaker"])}: {e(start)}</li>')
    return f'<p>{len(pids)} paragraph{"" if len(pids) == 1 else "s"}:</p><ul class="memo-index">{"".join(items)}</ul>'


class AnnotatedMemo:
    """The annotated memo as a notebook output (HTML); ``open_=True`` unfolds every apparatus."""

    def __init__(self, open_: bool = False, data_dir: DataDir = None):
        self.open_ = open_
        self.data_dir = data_dir

    def _repr_html_(self) -> str:
        return edition_html(self.open_, self.data_dir)


def annotated_memo(open_: bool = False, data_dir: DataDir = None) -> AnnotatedMemo:
    """All 96 paragraphs in order, each with its speaker, mode and folded apparatus."""
    return AnnotatedMemo(open_, data_dir)


def memo_navigator(phrase: str = "", data_dir: DataDir = None):
    """Jump to a paragraph, filter the paragraphs, search a phrase: a thin widget over the functions above."""
    # Imported here, not at the top: the annotated memo's page and the printed packet need no widgets, and
    # ipywidgets with the charts (which helpers.widgets loads) is the heaviest import a lesson can make.
    import ipywidgets as w

    from .widgets import WIDE, _root, close_reading

    paras = load_memo(data_dir).paragraphs
    options = filter_options(data_dir)
    jump = w.Dropdown(options=[(f"{r.id} · {r.speaker}", r.id) for r in paras.itertuples()],
                      value=paras["id"].iloc[0], description="Go to paragraph", style=WIDE)
    jump_link = w.HTML()
    jump.add_class("course-memo-jump")
    jump_link.add_class("course-memo-jump-link")
    any_ = [("any", "")]
    speaker = w.Dropdown(options=any_ + [(s, s) for s in options["speaker"]], value="", description="Speaker",
                         style=WIDE)
    theme = w.Dropdown(options=any_ + [(t, t) for t in options["theme"]], value="", description="Theme", style=WIDE)
    part = w.Dropdown(options=any_ + [(p, p) for p in options["part"]], value="", description="Part of the evening",
                      style=WIDE, layout=w.Layout(width="auto"))
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


# --- links from the lessons -----------------------------------------------------------------------

_PROTECTED = re.compile(
    r"```.*?```"                      # fenced code
    r"|`[^`\n]*`"                     # inline code
    r"|\[[^\]\n]*\]\([^)\s]*\)"       # a Markdown link, whole
    r"|<[A-Za-z/!][^>\n]*>",          # an HTML tag or autolink
    flags=re.S)
PARA_REF = re.compile(r"(?:(?<![\w#/.\-\[])|(?<=p\d\d[-–])|(?<=#p\d\d\)[-–]))p\d\d(?!\w|-(?!p\d\d|\[p\d\d\]))")
"""A paragraph id standing alone in prose ("p51", "(p51)", "p40-p42"), not part of a word, an id or an address."""
LINKED_REF = re.compile(r"\[(p\d\d)\]\(" + re.escape(MEMO_NOTEBOOK) + r"#(p\d\d)\)")


def _bare_refs(markdown: str) -> list[re.Match]:
    """Matches of PARA_REF that lie outside code, links and HTML tags."""
    protected = [m.span() for m in _PROTECTED.finditer(markdown)]
    return [m for m in PARA_REF.finditer(markdown)
            if not any(start <= m.start() < end for start, end in protected)]


def link_paragraph_refs(markdown: str, target: str = MEMO_NOTEBOOK) -> str:
    """Turn each paragraph reference in Markdown prose into a link to the annotated memo.

    "(p51)" becomes "([p51](memo.ipynb#p51))" and "p40-p42" becomes
    "[p40](memo.ipynb#p40)-[p42](memo.ipynb#p42)". Code, existing links and
    HTML tags are left alone, so running it twice changes nothing.
    """
    out, last = [], 0
    for m in _bare_refs(markdown):
        out += [markdown[last:m.start()], f"[{m.group(0)}]({target}#{m.group(0)})"]
        last = m.end()
    return "".join(out) + markdown[last:]


def unlinked_refs(markdown: str) -> list[str]:
    """Paragraph references in Markdown prose that are not yet links to the annotated memo."""
    return [m.group(0) for m in _bare_refs(markdown)]


def linked_refs(markdown: str) -> list[tuple[str, str]]:
    """``(text, anchor)`` of every link to a paragraph of the annotated memo in Markdown."""
    return LINKED_REF.findall(markdown)
