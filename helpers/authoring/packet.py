"""The printable packet: each lesson as a static HTML handout (and PDF), built offline.

Markdown cells become prose; each code cell is run against a *static* stand-in
for ``helpers`` in which a chart becomes an SVG with its data table beside it
and a widget becomes what it shows on paper (the questions, the timeline as a
table, the people as a table). No code and no widgets reach the page. The
student edition leaves out every solution and answer; the instructor edition
opens them.
"""
from __future__ import annotations

import ast
import html
import inspect
import re
import shutil
import string
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import api, data, paths
from ..edition import edition_html, index_html
from ..notebooks import lesson_paths, read_notebook
from ..questions import as_displayed, load_questions, notes_prompts
from ..reveal import CHOICES, QUESTION

EDITIONS = ("student", "instructor")
FOLD = re.compile(r"<details>((?:(?!<details>).)*?)</details>", flags=re.S)
"""A Markdown fold with no fold inside it (the innermost, when folds nest)."""
SUMMARY = re.compile(r"\s*<summary>(.*?)</summary>", flags=re.S)
_HELD = "\x00"
STYLE = """
body{font-family:Georgia,serif;max-width:46em;margin:2em auto;line-height:1.45;color:#111}
h1,h2,h3{font-family:sans-serif} table{border-collapse:collapse;font-size:0.85em;margin:0.5em 0}
td,th{border:1px solid #bbb;padding:2px 5px;vertical-align:top} figure.chart{margin:1em 0;page-break-inside:avoid}
.memo-excerpt{page-break-inside:avoid} .answer{background:#eef6ee;border-left:4px solid #009E73;padding:0.3em 0.8em}
.write-here{border-bottom:1px solid #999;height:4em;margin-bottom:1em} .lesson{page-break-after:always}
"""


@dataclass
class Static:
    """HTML standing for one cell's output on paper."""

    html: str

    def _repr_html_(self) -> str:
        return self.html


def _table_html(frame: pd.DataFrame, caption: str = "") -> str:
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    body = frame.to_html(index=False, escape=True, na_rep="")
    return body.replace('<table border="1" class="dataframe">', f"<table>{cap}", 1)


def chart_svg(chart) -> str:
    """An Altair chart as SVG markup, rendered offline by vl-convert."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(chart.to_dict(), vl_version="5.20")


def _chart_figure(chart, table: pd.DataFrame | None) -> Static:
    spec = chart.to_dict()
    title = spec.get("title", "")
    title = title.get("text", "") if isinstance(title, dict) else title
    desc = spec.get("description", "")
    parts = [f'<figure class="chart">{chart_svg(chart)}',
             f"<figcaption>{html.escape(desc)}</figcaption>"]
    if table is not None:
        parts.append(_table_html(table, f"The numbers in the chart: {title}"))
    return Static("".join(parts) + "</figure>")


class StaticHelpers:
    """Stands in for ``helpers`` when a lesson is printed: same calls, paper results."""

    def __init__(self, edition: str, lookup=api.lookup):
        """``lookup(name)`` gives the real call ``helpers.<name>`` (by default from :mod:`helpers.api`)."""
        self._lookup = lookup
        self.edition = edition

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        real = self._lookup(name)
        if name.endswith("_chart"):
            twin_name = name[: -len("_chart")] + "_table"
            twin = self._lookup(twin_name) if twin_name in api.PUBLIC else None

            def printed(*args, **kwargs):
                table = None
                if twin:
                    accepted = inspect.signature(twin).parameters
                    table = twin(*args, **{k: v for k, v in kwargs.items() if k in accepted})
                return self.figure(real(*args, **kwargs), table)

            return printed
        return real

    def figure(self, chart, table: pd.DataFrame | None = None) -> Static:
        """How a chart appears: on paper, an SVG with its numbers beside it."""
        return _chart_figure(chart, table)

    def setup(self) -> None:
        """Nothing to set up on paper."""
        return None

    def stated_vs_record(self, chart: str = "steel", years: list[int] | None = None,
                         ids: list[str] | None = None, opens_on: str = "sources") -> Static:
        """Both states of the switch: as the memo states, and with the record (``years``, ``ids``: its rows).
        ``opens_on`` (which view a notebook's switch opens on) changes nothing on paper: both are shown."""
        make = getattr(self, f"{chart}_chart")
        chosen = {"ids": ids} if ids else {}
        return Static(make(record=False, **chosen).html
                      + make(record=True, **({"years": years} if years else {}), **chosen).html)

    def timeline_explorer(self, *args, **kwargs) -> Static:
        """The timeline chart, and every event as a table (date, category, memo paragraphs, sources)."""
        events = self.load("events")
        cols = ["start", "end", "title", "description", "category", "paragraphs", "sources"]
        chart = _chart_figure(self._lookup("timeline_chart")(), None).html
        return Static(chart + _table_html(events[cols], "Timeline"))

    def people_explorer(self, *args, **kwargs) -> Static:
        """Everyone in the room and mentioned, as a table."""
        people = self.load("people")
        cols = ["name", "presence", "memo_role", "office_1958", "born", "died", "uncertain"]
        return Static(_table_html(people[cols], "People"))

    def close_reading(self, phrase: str = "teacher", *args, **kwargs) -> Static:
        """Every occurrence of the phrase in its context."""
        hits = self.load_memo().find(phrase)
        frame = pd.DataFrame([h.__dict__ for h in hits])
        return Static(_table_html(frame, f"Every occurrence of \u201c{phrase}\u201d"))

    def annotated_memo(self, *args, **kwargs) -> Static:
        """The annotated memo with every apparatus and verdict unfolded."""
        return Static(edition_html(open_=True))

    def memo_navigator(self, *args, **kwargs) -> Static:
        """On paper, the navigator is an index: every paragraph, linked to its place."""
        return Static(index_html(list(self.load_memo().paragraphs["id"])))

    def excerpt_reader(self, ids, *args, **kwargs) -> Static:
        """The excerpts the reader would offer, one after another."""
        return Static("".join(self.excerpt(i).to_html() for i in ids))

    def predict(self, lesson: str, anomaly_id: str, *args, **kwargs) -> Static:
        """The question, the choices with room for a reason, then the whole card (printed unfolded)."""
        card = self.anomaly(anomaly_id)
        choices = "".join(f"<li>{html.escape(c)}</li>" for c in CHOICES)
        return Static(f"<p><strong>Before you read the verdict.</strong> {html.escape(QUESTION)}</p>"
                      f"<ol type='a'>{choices}</ol><div class='write-here'></div>{card.print_html()}")

    def learners_notebook(self, lesson: str, prompts=None, *args, **kwargs) -> Static:
        """The note prompts with room to write."""
        if prompts is None:
            prompts = notes_prompts(lesson)
        items = "".join(f"<p>{html.escape(p)}</p><div class='write-here'></div>" for p in prompts)
        return Static(f"<section class='notes'>{items}</section>")

    def self_check(self, lesson: str, *args, **kwargs) -> Static:
        """The questions; in the instructor edition with answers and feedback."""
        out = []
        for n, q in enumerate(load_questions(lesson, *args, **kwargs), start=1):
            q = as_displayed(q).__dict__  # choice options in the order the lesson shows them
            item = f"<p><strong>{n}.</strong> {html.escape(q['prompt'])}</p>"
            if q["kind"] == "choice":
                item += "<ol type='a'>" + "".join(f"<li>{html.escape(o)}</li>" for o in q["options"]) + "</ol>"
            else:
                item += "<div class='write-here'></div>"
            if self.edition == "instructor":
                item += f"<div class='answer'>{_answer_html(q)}</div>"
            out.append(item)
        return Static("<section class='self-check'>" + "".join(out) + "</section>")


def _answer_html(q: dict) -> str:
    e = html.escape
    if q["kind"] == "choice":
        notes = "".join(f"<li>{e(o)}: {e(f)}</li>" for o, f in zip(q["options"], q.get("feedback", [])))
        # the letter of the printed list (<ol type='a'>), whose options are in the order the lesson shows
        letter = f"({string.ascii_lowercase[q['options'].index(q['answer'])]}) " if q["answer"] in q["options"] else ""
        return f"Answer: {letter}{e(str(q['answer']))}<ul>{notes}</ul>"
    if q["kind"] == "number":
        return (f"Answer: {e(str(q['answer']))} {e(q.get('unit', ''))} (within {e(str(q.get('tolerance', 0)))})."
                f" {e(q.get('feedback_right', ''))}")
    return f"Model answer: {e(q.get('model_answer', ''))}"


def answers_in(lesson: str) -> list[str]:
    """Texts that only the instructor edition may contain: model answers, feedback, solutions."""
    out = []
    for q in load_questions(lesson):
        q = q if isinstance(q, dict) else q.__dict__
        out += [q.get("model_answer", ""), q.get("feedback_right", "")] + list(q.get("feedback", []))
    return [t for t in out if t]


def _run_cell(source: str, namespace: dict) -> object:
    """Run a cell like IPython (value of the last expression), never re-importing ``helpers``."""
    tree = ast.parse(source)
    tree.body = [node for node in tree.body
                 if not (isinstance(node, ast.Import) and [a.name for a in node.names] == ["helpers"])]
    if not tree.body:
        return None
    last = tree.body[-1]
    if isinstance(last, ast.Expr):
        exec(compile(ast.Module(tree.body[:-1], []), "<cell>", "exec"), namespace)
        return eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
    exec(compile(tree, "<cell>", "exec"), namespace)
    return None


def _render(result: object) -> str:
    if result is None:
        return ""
    if hasattr(result, "to_dict") and hasattr(result, "mark_point"):
        return _chart_figure(result, None).html
    if isinstance(result, pd.DataFrame):
        return _table_html(result)
    if hasattr(result, "print_html"):
        return result.print_html()
    if hasattr(result, "_repr_html_"):
        return result._repr_html_()
    return f"<pre>{html.escape(str(result))}</pre>"


def without_answers(text: str) -> str:
    """Lesson Markdown for the student edition: every answer fold removed, optional questions kept.

    A fold with no fold inside it holds an answer and goes. A fold that holds
    folds (optional questions, each with its answer fold) is printed open:
    its summary becomes a bold line, its questions stay, their answers go.
    """
    while match := FOLD.search(text):
        body = match.group(1)
        if _HELD in body:
            summary = SUMMARY.match(body)
            rest = body[summary.end():] if summary else body
            title = f"\n\n**{summary.group(1).strip()}**\n\n" if summary else ""
            body = title + rest.replace(_HELD, "") + _HELD
        else:
            body = _HELD
        text = text[:match.start()] + body + text[match.end():]
    return text.replace(_HELD, "")


def _markdown(text: str, edition: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    if edition == "student":
        text = without_answers(text)
    else:
        text = text.replace("<details>", "<details open>")
    text = re.sub(r"\]\((\d\d-[^)]+)\.ipynb\)", r"](\1.html)", text)
    return markdown2html_mistune(text)


def lesson_html(path: Path, edition: str = "student") -> str:
    """One lesson as a static HTML page body (no code, no widgets)."""
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}, not {edition!r}")
    nb = read_notebook(path)
    namespace = {"helpers": StaticHelpers(edition)}
    parts = []
    for n, cell in enumerate(nb["cells"], start=1):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            parts.append(_markdown(source, edition))
        elif cell["cell_type"] == "code" and source.strip():
            try:
                parts.append(_render(_run_cell(source, namespace)))
            except Exception as err:  # noqa: BLE001 - a broken cell must name itself, not stop the packet
                raise data.DataError(f"lessons/{path.name}, cell {n}: cannot be printed ({type(err).__name__}: {err}).") from err
    body = NOTEBOOK_HREF.sub(r'href="\1.html', "".join(parts))
    return f"<article class='lesson' id='{html.escape(path.stem)}'>{body}</article>"


NOTEBOOK_HREF = re.compile(r'href="(\d\d-[^"#/]+|memo)\.ipynb')
"""A link to a lesson or to the annotated memo, which the packet prints as NAME.html."""


def one_page_links(body: str) -> str:
    """Links into the annotated memo for a page that holds it too: ``memo.html#p51`` becomes ``#p51``."""
    return body.replace('href="memo.html#', 'href="#').replace('href="memo.html"', 'href="#memo"')


def packet_paths(lessons_dir: Path | str | None = None) -> list[Path]:
    """What the packet prints, in order: the lessons, then the annotated memo (``memo.ipynb``) if it exists."""
    found = lesson_paths(lessons_dir)
    memo = paths.lessons_dir(lessons_dir) / "memo.ipynb"
    return found + ([memo] if memo.exists() else [])


def _page(title: str, body: str, edition: str) -> str:
    label = "Instructor edition: with answers" if edition == "instructor" else "Student edition"
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{STYLE}</style></head><body><p><em>{label}</em></p>{body}</body></html>")


def to_pdf(html_path: Path) -> Path | None:
    """Print an HTML file to PDF with headless Chromium, if it and Playwright are installed; else None.

    The PDF is tagged (headings, paragraphs, tables and figures carry their structure for screen
    readers) and has an outline built from the headings, so a reader can jump from lesson to lesson.
    """
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not browser:
        return None
    pdf = html_path.with_suffix(".pdf")
    args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"]
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=browser, headless=True, args=args)
        try:
            page = chromium.new_page()
            page.goto(html_path.resolve().as_uri(), wait_until="load")
            page.pdf(path=str(pdf), tagged=True, outline=True, print_background=True,
                     margin={"top": "1.5cm", "bottom": "1.5cm", "left": "1.5cm", "right": "1.5cm"})
        finally:
            chromium.close()
    return pdf if pdf.exists() else None


def build(out: Path | str = "build/packet", editions=EDITIONS, pdf: bool = True,
          lessons_dir: Path | str | None = None) -> list[Path]:
    """Write a handout per lesson and one for the whole course, per edition; return the files written."""
    out = Path(out)
    written: list[Path] = []
    for edition in editions:
        folder = out / edition
        folder.mkdir(parents=True, exist_ok=True)
        bodies = []
        for path in packet_paths(lessons_dir):
            body = lesson_html(path, edition)
            bodies.append(body)
            target = folder / f"{path.stem}.html"
            target.write_text(_page(path.stem, body, edition), encoding="utf-8")
            written.append(target)
        course = folder / "course.html"
        course.write_text(_page("The whole course", one_page_links("".join(bodies)), edition), encoding="utf-8")
        written.append(course)
        if pdf:
            made = to_pdf(course)
            if made:
                written.append(made)
    return written
