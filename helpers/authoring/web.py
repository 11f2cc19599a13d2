"""The web edition: the lessons as a static site that needs no server and no network.

Each lesson's code cells run against the printable packet's stand-in for ``helpers``
(:class:`helpers.packet.StaticHelpers`), so widgets appear as their paper versions; charts
stay interactive (Vega-Lite specs embedded with the site's own copy of Vega); self-check
answers fold under ``<details>``. nbconvert, with the course's template in
``web/nbconvert/course``, turns each executed notebook into a page. Run it with
``bash scripts/web.sh`` (which installs Vega from npm first), or
``python -m helpers.authoring.web [OUT]``.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import sys
from pathlib import Path

import pandas as pd

from .. import data, paths
from ..citation import citation
from ..notebooks import lesson_paths
from ..questions import notes_prompts
from .packet import NOTEBOOK_HREF, Static, StaticHelpers, _render, _run_cell, _table_html
from .vocabulary import vocabulary

ROOT = paths.ROOT
WEB = ROOT / "web"
VENDOR = {  # what the site copies from web/node_modules (installed by `npm ci` in web/)
    "vega.min.js": "vega/build/vega.min.js",
    "vega-lite.min.js": "vega-lite/build/vega-lite.min.js",
    "vega-embed.min.js": "vega-embed/build/vega-embed.min.js",
}
MEMO_PAGE = "memo-text.html"
WORDS_PAGE = "vocabulary.html"
PARAGRAPH = re.compile(r"(?<![\w/#.=-])(p\d{2})(?![\w-])")
URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:)\]]")


class WebHelpers(StaticHelpers):
    """Stands in for ``helpers`` on the web: the packet's paper widgets, but live charts and folded answers."""

    def __init__(self) -> None:
        super().__init__("instructor")
        self._charts = 0

    def figure(self, chart, table: pd.DataFrame | None = None) -> Static:
        """A chart as a Vega-Lite spec the page embeds, its description, and its numbers folded below."""
        self._charts += 1
        spec = chart.to_dict()
        title = spec.get("title", "")
        title = title.get("text", "") if isinstance(title, dict) else title
        payload = json.dumps(spec, ensure_ascii=False).replace("</", "<\\/")
        numbers = ""
        if table is not None:
            numbers = (f"<details><summary>The numbers in the chart</summary>"
                       f"{_table_html(table, f'The numbers in the chart: {title}')}</details>")
        # Focusable, so that a chart wider than the screen can be scrolled sideways with the keyboard.
        return Static(f'<figure class="chart" tabindex="0"><div class="vega-chart" id="chart-{self._charts}"></div>'
                      f'<script type="application/json" class="vega-spec">{payload}</script>'
                      f"<figcaption>{html.escape(spec.get('description', ''))}</figcaption>{numbers}</figure>")

    def timeline_explorer(self, *args, **kwargs) -> Static:
        """The interactive timeline (brush and tooltips), and every event as a table."""
        events = self.load("events")
        cols = ["start", "end", "title", "description", "category", "paragraphs", "sources"]
        table = f"<details><summary>Every event</summary>{_table_html(events[cols], 'Timeline')}</details>"
        return Static(self.figure(self._lookup("timeline_chart")()).html + table)

    def self_check(self, lesson: str, *args, **kwargs) -> Static:
        """The questions, each with its answer and feedback folded under "Show the answer"."""
        printed = super().self_check(lesson, *args, **kwargs).html.replace(
            "<section class='self-check'>", "<section class='self-check'><p><em>On this page: write down your "
            "answer first, then open \u201cShow the answer\u201d under the question.</em></p>", 1)
        folded = re.sub(r"<div class='answer'>(.*?)</div>",
                        r"<details class='answer'><summary>Show the answer</summary>\1</details>", printed,
                        flags=re.S)
        return Static(folded)

    def learners_notebook(self, lesson: str, prompts=None, *args, **kwargs) -> Static:
        """The note prompts; on the web a learner writes the answers on paper or in a document."""
        if prompts is None:
            prompts = notes_prompts(lesson)
        items = "".join(f"<li>{html.escape(p)}</li>" for p in prompts)
        return Static("<section class='notes'><p>Write your answers on paper or in a document of your own "
                      f"(in JupyterLab the lesson saves them for you):</p><ol>{items}</ol></section>")


def _markdown_links(text: str) -> str:
    """Links between lessons point to their pages: ``](03-x.ipynb)`` becomes ``](03-x.html)``."""
    return re.sub(r"\]\(((?:\d\d-[^)#]+)|memo)\.ipynb(#[^)]*)?\)", r"](\1.html\2)", text)


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def title_of(nb: dict, fallback: str) -> str:
    """The notebook's first ``# `` heading, without Markdown emphasis."""
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            found = re.search(r"^# (.+)$", _source(cell), flags=re.M)
            if found:
                return re.sub(r"[*_`]", "", found.group(1)).strip()
    return fallback


def question_of(nb: dict) -> str:
    """The first paragraph under the lesson's ``## The question`` heading ("" when there is none)."""
    for cell in nb["cells"]:
        text = _source(cell)
        if cell["cell_type"] == "markdown" and "## The question" in text:
            after = text.split("## The question", 1)[1].strip().split("\n\n")[0]
            return re.sub(r"[*_`]", "", after.split("\n## ")[0]).strip()
    return ""


def web_notebook(path: Path) -> dict:
    """The lesson with its code cells replaced by what they show on the web (HTML outputs, no code)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    namespace = {"helpers": WebHelpers()}
    for n, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "markdown":
            cell.source = _markdown_links(cell.source)
        elif cell.cell_type == "code":
            source = cell.source
            cell.outputs = []
            if source.strip():
                try:
                    result = _run_cell(source, namespace)
                except Exception as err:  # noqa: BLE001 - a broken cell must name itself, not stop the site
                    raise data.DataError(f"lessons/{path.name}, cell {n}: cannot be put on the web "
                                         f"({type(err).__name__}: {err}).") from err
                shown = _shown(result, namespace["helpers"])
                if shown:
                    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": shown})]
            cell.source = ""
    return nb


def _shown(result, helpers: WebHelpers) -> str:
    """A cell's value as HTML; a chart a lesson built itself is drawn live like the helpers' charts."""
    if result is not None and hasattr(result, "to_dict") and hasattr(result, "mark_point"):
        return helpers.figure(result).html
    return _render(result)


def linkify(page: str, paragraphs: set[str], memo_page: str = MEMO_PAGE) -> str:
    """Link every memo paragraph id (``p42``) to the memo's text and every bare web address to itself.

    Only text between tags changes; text inside ``<a>``, ``<script>``, ``<style>``, ``<title>`` and ``<summary>`` is left
    alone (a link inside a disclosure's summary would nest one control in another).
    """
    parts = re.split(r"(<[^>]+>)", page)
    skip = 0
    for i, part in enumerate(parts):
        if part.startswith("<"):
            tag = re.match(r"</?\s*(\w+)", part)
            if tag and tag.group(1).lower() in {"a", "script", "style", "title", "summary"}:
                skip += -1 if part.startswith("</") else 1
            continue
        if skip or not part:
            continue
        part = URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', part)
        pieces = re.split(r"(<a [^>]*>.*?</a>)", part)
        parts[i] = "".join(p if p.startswith("<a ") else PARAGRAPH.sub(
            lambda m: f'<a href="{memo_page}#{m.group(1)}">{m.group(1)}</a>' if m.group(1) in paragraphs
            else m.group(0), p) for p in pieces)
    return "".join(parts)


def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="course", extra_template_basedirs=[str(WEB / "nbconvert")])


def _page(nb: dict, title: str, nav: dict) -> str:
    body, _ = _exporter().from_notebook_node(nb, resources={"course": {"title": title, **nav}})
    return body


def _markdown_notebook(cells: list[str], title: str):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(c) for c in cells]
    nb.metadata["title"] = title
    return nb


def memo_notebook() -> dict:
    """The memo's text, paragraph by paragraph, each with its id as an anchor (what paragraph links open)."""
    e = html.escape
    cite = citation()
    cells = ["# The memorandum of 2 October 1958, paragraph by paragraph",
             f"{e(cite.text)} Recorded by {e(cite.recorder)}. {e(cite.url)}\n\n"
             "The text exactly as the course keeps it (`data/paragraphs.csv`), one paragraph a block, "
             "with the id that lessons cite."]
    for row in data.load("paragraphs").itertuples():
        cells.append(f'<p id="{e(row.id)}" class="memo-paragraph"><strong>{e(row.id)}</strong> '
                     f'<em>({e(row.speaker)})</em> {e(row.text)}</p>')
    return _markdown_notebook(cells, "The memo's text")


def vocabulary_notebook(pages: list[tuple[str, str, str]], lessons_dir: Path | str | None = None) -> dict:
    """One vocabulary sheet per lesson: the glossary terms it uses, with their meanings."""
    cells = ["# Words for each lesson",
             "Every term from the course's glossary that a lesson uses, with its meaning. "
             "Print the sheet for your lesson and keep it beside you."]
    for lesson, page, title in pages:
        words = vocabulary(lesson, lessons_dir)
        cells.append(f'<h2 id="vocabulary-{html.escape(lesson)}">{html.escape(lesson)}: '
                     f'<a href="{page}">{html.escape(title)}</a></h2>\n\n'
                     + (_table_html(words, f"Words in lesson {lesson}") if len(words) else "<p>No glossary terms.</p>"))
    return _markdown_notebook(cells, "Words for each lesson")


def _copy_assets(out: Path) -> list[Path]:
    vendor = out / "vendor"
    vendor.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rel in VENDOR.items():
        src = WEB / "node_modules" / rel
        if not src.exists():
            raise data.DataError(f"web/node_modules/{rel} is missing: run `bash scripts/web.sh`, which installs "
                                 "Vega from web/package-lock.json with `npm ci`.")
        written.append(Path(shutil.copyfile(src, vendor / name)))
    notices = []
    for package in ("vega", "vega-lite", "vega-embed"):
        meta = json.loads((WEB / "node_modules" / package / "package.json").read_text(encoding="utf-8"))
        licence = WEB / "node_modules" / package / "LICENSE"
        text = licence.read_text(encoding="utf-8") if licence.exists() else ""
        notices.append(f"{meta['name']} {meta['version']} ({meta.get('license', '')}), {meta.get('homepage', '')}\n{text}")
    (vendor / "LICENSES.txt").write_text("\n\n".join(notices), encoding="utf-8")
    written.append(vendor / "LICENSES.txt")
    for name in ("site.css", "charts.js"):
        written.append(Path(shutil.copyfile(WEB / name, out / name)))
    return written


def copy_pdfs(packet: Path | str, out: Path) -> list[Path]:
    """Copy the packet's whole-course PDFs (``EDITION/course.pdf``) into ``out/pdf/course-EDITION.pdf``."""
    found = [(edition, Path(packet) / edition / "course.pdf") for edition in ("student", "instructor")]
    found = [(edition, pdf) for edition, pdf in found if pdf.exists()]
    if not found:
        raise data.DataError(f"{packet}: no student/course.pdf or instructor/course.pdf; build the packet first "
                             "with `bash scripts/packet.sh` (it needs Chromium to print PDFs).")
    (out / "pdf").mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copyfile(pdf, out / "pdf" / f"course-{edition}.pdf")) for edition, pdf in found]


def build(out: Path | str = "build/web", lessons_dir: Path | str | None = None,
          packet: Path | str | None = None) -> list[Path]:
    """Write the web edition into ``out``: an index, a page per lesson (and the memo), the memo's text,
    the vocabulary sheets, and the scripts and styles they use; with ``packet`` (a folder built by
    ``scripts/packet.sh``) also its PDFs, linked from the index. Returns the files written."""
    import nbformat

    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    written = _copy_assets(out)
    pdfs = copy_pdfs(packet, out) if packet else []
    written += pdfs
    folder = paths.lessons_dir(lessons_dir)
    notebooks = lesson_paths(folder)
    if (folder / "memo.ipynb").exists():
        notebooks.append(folder / "memo.ipynb")
    paragraphs = set(data.load("paragraphs")["id"])
    lessons = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        lessons.append((path, title_of(nb, path.stem), question_of(nb)))
    pages = [(p.stem[:2] if p.stem[:2].isdigit() else p.stem, f"{p.stem}.html", t) for p, t, _ in lessons]

    def write(name: str, nb: dict, title: str, nav: dict) -> None:
        target = out / name
        page = NOTEBOOK_HREF.sub(r'href="\1.html', _page(nb, title, nav))  # links in outputs, e.g. the memo's apparatus
        target.write_text(linkify(page, paragraphs), encoding="utf-8")
        written.append(target)

    for (path, title, _), (lesson, page, _) in zip(lessons, pages):
        words = f"{WORDS_PAGE}#vocabulary-{lesson}" if lesson.isdigit() else None
        write(page, web_notebook(path), title, {"words": words})
    write(MEMO_PAGE, memo_notebook(), "The memo's text", {})
    write(WORDS_PAGE, vocabulary_notebook([p for p in pages if p[0].isdigit()], folder), "Words for each lesson", {})
    index = ["# Mao's toasts, 2 October 1958: reading a Cold War conversation",
             "The course's web edition: every lesson to read, with its charts, its sources and its self-check. "
             "Nothing here needs a server or a network. To write notes and run the widgets, open the lessons "
             "in JupyterLab (see the instructors' guide).",
             "## The lessons",
             "\n".join(f'- {html.escape(n) + " " if n.isdigit() else ""}<a href="{page}">{html.escape(title)}</a>' + (f": {html.escape(q)}" if q else "")
                       for (_, title, q), (n, page, _) in zip(lessons, pages)),
             "## Reference",
             f'- <a href="{MEMO_PAGE}">The memo\'s text, paragraph by paragraph</a>\n'
             f'- <a href="{WORDS_PAGE}">Words for each lesson</a> (a vocabulary sheet per lesson)']
    if pdfs:
        labels = {"student": "Student edition (no answers)", "instructor": "Instructor edition (with answers)"}
        index += ["## Printed copies", "The whole course as one PDF, ready to print:\n\n" + "\n".join(
            f'- <a href="pdf/{p.name}">{labels[p.stem.split("-", 1)[1]]}</a> ({p.stat().st_size / 1e6:.1f} MB)'
            for p in pdfs)]
    write("index.html", _markdown_notebook(index, "Mao's toasts, 2 October 1958"), "Mao's toasts, 2 October 1958",
          {"home": True})
    return written


def main(argv: list[str]) -> int:
    """``python -m helpers.authoring.web [OUT] [--packet DIR]``: build the web edition (default ``build/web``)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m helpers.authoring.web", description="Build the web edition.")
    parser.add_argument("out", nargs="?", default="build/web", type=Path, help="output folder (default build/web)")
    parser.add_argument("--packet", type=Path, help="a packet folder whose PDFs the site should offer")
    args = parser.parse_args(argv)
    out = args.out
    try:
        files = build(out, packet=args.packet)
    except data.DataError as err:
        print(err, file=sys.stderr)
        return 1
    pages = [f for f in files if f.suffix == ".html"]
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"wrote {len(pages)} pages to {out}/ ({size / 1e6:.1f} MB in all); open {out}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
