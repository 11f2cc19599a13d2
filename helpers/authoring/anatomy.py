"""The lesson anatomy, checked: what every lesson notebook must contain.

Used by the tests and by ``python -m helpers check`` so that an instructor
who writes or edits a lesson is told what is missing, and where.
"""
from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

from .. import data, questions
from ..notebooks import cell_source, lesson_path, lesson_paths, read_notebook  # noqa: F401 - lesson_path for callers
from ..works import glossary_cards
from .quotations import misquotations

REQUIRED_HEADINGS = [
    "## The question",
    "## What you'll learn",
    "## Time",
    "## What you'll need",
    "## Read like a historian",
    "## Exercises",
    "## Check yourself",
    "## Key points",
    "## Sources",
]
HISTORIAN_HABITS = ["Sourcing", "Contextualisation", "Corroboration", "Close reading"]
CHART_CALL = re.compile(r"helpers\.(\w+_chart|timeline_explorer|stated_vs_record)\(")
LINK = re.compile(r"\]\(([^)\s]+\.ipynb)\)")
CARD_CALL = re.compile(r"helpers\.(event|person|term|anomaly|fact|excerpt|cards|citation)\(")
ACTION_CALL = re.compile(r"helpers\.(\w+_chart|timeline_explorer|stated_vs_record|self_check|learners_notebook|predict"
                         r"|close_reading|excerpt_reader|people_explorer)\(")
MAX_CARDS_IN_A_ROW = 3
PROSE_CHARS = 160
"""A Markdown cell breaks a run of cards when its text, headings left out, is at least this long: a paragraph,
not a heading or a one-line bridge."""


def used_excerpts(path: Path) -> list[str]:
    """Excerpt ids a lesson's code cells ask for."""
    ids = []
    for cell in read_notebook(path)["cells"]:
        if cell["cell_type"] == "code":
            text = cell_source(cell)
            for call in re.finditer(r"helpers\.(?:excerpt|excerpt_reader)\((.*?)\)", text, flags=re.S):
                ids += re.findall(r"""["']([a-z0-9-]+)["']""", call.group(1))
    return ids


def chart_calls(path: Path) -> list[str]:
    """Names of the chart and timeline helpers a lesson's code cells call, in order."""
    return [m for cell in read_notebook(path)["cells"] if cell["cell_type"] == "code"
            for m in CHART_CALL.findall(cell_source(cell))]


def rhythm_problems(cells: list[dict]) -> list[tuple[int, str]]:
    """Where a learner would scroll past more than three cards in a row: ``(cell number, message)`` pairs.

    A card is a code cell that shows an excerpt, a context card, a group of
    cards (``helpers.cards``, counted once) or the citation. A run is broken by
    a chart or a widget (something to do) or by a Markdown cell with a
    paragraph of prose (:data:`PROSE_CHARS` characters, headings left out);
    a heading or a one-line bridge does not break it.
    """
    problems = []
    run: list[int] = []
    for n, cell in enumerate(cells, start=1):
        text = cell_source(cell)
        if cell["cell_type"] == "markdown":
            prose = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")).strip()
            if len(prose) >= PROSE_CHARS:
                run = []
        elif cell["cell_type"] == "code":
            if ACTION_CALL.search(text):
                run = []
            elif CARD_CALL.search(text):
                run.append(n)
                if len(run) == MAX_CARDS_IN_A_ROW + 1:
                    problems.append((n, f"{len(run)} cards in a row (cells {run[0]} to {n}) with no paragraph, "
                                        "question, chart or action between them: write a paragraph between them, "
                                        "or group cards that belong together with helpers.cards([...])."))
    return problems


GLUED_TO_FOLD = re.compile(r"</details>[ \t]*\n(?:[ \t]*\n)*[ \t]*(?![#<\s])\S")
"""A paragraph right under a fold's end in the same cell: closed, the fold has no gap below it, so the
paragraph reads as if it were the fold's content."""


MARKDOWN_IN_SUMMARY = re.compile(r"<summary>[^<]*(?:\]\(|\*\*|(?<![\w*])\*\w)")
"""A fold's title with Markdown in it (a link, bold or italics), which JupyterLab shows as raw text there."""


def layout_problems(cells: list[dict]) -> list[tuple[int, str]]:
    """Where the page would look broken: a paragraph flush under a closed fold, or Markdown in a fold's title.
    ``(cell number, message)`` pairs."""
    problems = []
    for n, cell in enumerate(cells, start=1):
        if cell["cell_type"] != "markdown":
            continue
        text = cell_source(cell)
        if GLUED_TO_FOLD.search(text):
            problems.append((n, "a paragraph follows a fold's </details> with no gap, so it reads as the fold's "
                                "content: put a line with <br> between them."))
        if MARKDOWN_IN_SUMMARY.search(text):
            problems.append((n, "a fold's <summary> holds Markdown (a link, ** or *), which shows as raw text "
                                "there: use plain words, or <em>...</em>."))
    return problems


def check_lesson(path: Path | str, data_dir: Path | str | None = None) -> list[data.Problem]:
    """Every way a lesson notebook departs from the anatomy (an empty list when it is whole).

    ``data_dir``: the data folder its excerpt ids are looked up in (by default the course's own).
    """
    path = Path(path)
    shown = f"lessons/{path.name}"
    try:
        nb = read_notebook(path)
    except data.DataError as err:
        return [data.Problem(shown, None, None, str(err))]
    cells = nb.get("cells", [])
    markdown = "\n".join(cell_source(c) for c in cells if c["cell_type"] == "markdown")
    code = [(cell_source(c), n) for n, c in enumerate(cells, start=1) if c["cell_type"] == "code"]
    problems = []

    def add(field: str, message: str, cell: int | None = None) -> None:
        problems.append(data.Problem(shown, cell, field, message))

    if not cells or cells[0]["cell_type"] != "markdown" or not cell_source(cells[0]).lstrip().startswith("# "):
        add("title", "the first cell must be Markdown starting with '# ' and a title with a verb.", 1)
    for heading in REQUIRED_HEADINGS:
        if not re.search(rf"^{re.escape(heading)}", markdown, flags=re.M):
            add("heading", f"the heading '{heading}' is missing. Add a Markdown cell with it (see instructors/lesson-template.ipynb).")
    for habit in HISTORIAN_HABITS:
        if habit not in markdown:
            add("prompts", f"no '{habit}' prompt under 'Read like a historian'.")
    if not code or "import helpers" not in code[0][0] or "helpers.setup()" not in code[0][0]:
        add("setup", "the first code cell must import helpers and call helpers.setup().", code[0][1] if code else None)
    joined = "\n".join(src for src, _ in code)
    if not used_excerpts(path):
        add("excerpt", "no excerpt is shown: call helpers.excerpt(\"id\") with an id from data/excerpts.csv.")
    if not CHART_CALL.search(joined):
        add("chart", "no chart or timeline: call a helpers ..._chart(), timeline_explorer() or stated_vs_record().")
    if "helpers.self_check(" not in joined:
        add("self-check", "no self-check: call helpers.self_check(\"NN\") under 'Check yourself'.")
    if "<details>" not in markdown:
        add("solutions", "exercise solutions must sit in <details> blocks, out of the learner's way until asked for.")
    for link in LINK.findall(markdown):
        if not (path.parent / link).exists():
            add("links", f"the link to {link} goes nowhere. Check the file name.")
    number = int(path.name[:2])
    others = [p.name for p in lesson_paths(path.parent)]
    for label, want in (("Previous", number - 1), ("Next", number + 1)):
        target = next((n for n in others if n.startswith(f"{want:02d}-")), None)
        if target and f"]({target})" not in markdown:
            add("links", f"no link to the {label.lower()} lesson ({target}).")
    known = set(data.load("excerpts", data_dir)["id"])
    for eid in used_excerpts(path):
        if eid not in known:
            add("excerpt", f"the excerpt id {eid!r} is not in data/excerpts.csv.")
    for n, message in rhythm_problems(cells):
        add("rhythm", message, n)
    for n, message in layout_problems(cells):
        add("layout", message, n)
    paragraphs = {pid: row["text"] for pid, row in data.by_id("paragraphs", data_dir).items()}
    for n, cell in enumerate(cells, start=1):
        if cell["cell_type"] == "markdown":
            for message in misquotations(cell_source(cell), paragraphs, named_before_too=True):
                add("quotation", message, n)
    for n, cell in enumerate(cells, start=1):
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count")):
            add("outputs", "the notebook is stored with outputs: clear them before saving (Edit > Clear Outputs of All Cells).", n)
    return problems


def check_course(folder: Path | str | None = None, data_dir: Path | str | None = None) -> list[data.Problem]:
    """Course-wide checks: every anomaly in data/anomalies.csv is taught (shown) in some lesson, and every
    abbreviation and glossary term is explained where it is first used (:func:`word_problems`)."""
    paths = lesson_paths(folder)
    if not paths:
        return [data.Problem("lessons/", None, None, "no lessons found (files named NN-title.ipynb).")]
    shown = set()
    for path in paths:
        for cell in read_notebook(path)["cells"]:
            if cell["cell_type"] == "code":
                text = cell_source(cell)
                shown |= set(re.findall(r"""helpers\.anomaly\(\s*["']([a-z0-9-]+)["']""", text))
                shown |= set(re.findall(r"""helpers\.predict\(\s*["'][0-9]+["']\s*,\s*["']([a-z0-9-]+)["']""", text))
                shown |= set(re.findall(r"""["']anomaly:([a-z0-9-]+)["']""", text))
    problems = word_problems(folder, data_dir)
    for row in data.load("anomalies", data_dir).itertuples():
        if row.id not in shown:
            problems.append(data.Problem("data/anomalies.csv", None, "id",
                                         f"the anomaly {row.id!r} is not taught in any lesson: show it with "
                                         f"helpers.anomaly({row.id!r}) where the lesson discusses paragraph {row.paragraph}."))
    return problems


# --- words: every abbreviation and glossary term defined at or before its first use -------------------

WORDS_FILE = Path(__file__).with_name("words.toml")


def _words() -> dict[str, tuple[str, str]]:
    with WORDS_FILE.open("rb") as fh:
        return {name: (entry["uses"], entry["defines"]) for name, entry in tomllib.load(fh).items()}


WORDS: dict[str, tuple[str, str]] = _words()
"""Abbreviations and words of the time a learner must have explained (from ``words.toml``): how a lesson's prose
uses each (a regular expression), and how a lesson defines it in prose. Showing a glossary card also defines a
word."""
WORD_CARDS = {"CC": "central-committee", "Politburo": "politburo", "Great Leap": "great-leap-forward"}


def _prose_cells(cells: list[dict]) -> list[tuple[int, str]]:
    """The Markdown cells a learner reads as the lesson (the closing list of sources left out)."""
    return [(n, cell_source(c)) for n, c in enumerate(cells, start=1)
            if c["cell_type"] == "markdown" and not cell_source(c).lstrip().startswith("## Sources")]


def _glossary_forms(data_dir: Path | str | None = None) -> dict[str, list[str]]:
    rows = data.load("glossary", data_dir)
    return {r.id: [f for f in [r.term, *data.split_list(r.also)] if len(f) > 2] for r in rows.itertuples()}


def word_problems(folder: Path | str | None = None, data_dir: Path | str | None = None) -> list[data.Problem]:
    """Every abbreviation or glossary term a lesson's prose uses that neither this lesson nor an earlier one defines.

    A lesson defines a word by showing its glossary card, or by writing a definition that
    :data:`WORDS` recognises; the word is then known in that lesson and every later one.
    """
    forms = _glossary_forms(data_dir)
    uses = {name: re.compile(use) for name, (use, _) in WORDS.items()}
    defines = {name: re.compile(define) for name, (_, define) in WORDS.items()}
    for gid, texts in forms.items():
        uses[f"term:{gid}"] = re.compile(r"(?<!\w)(" + "|".join(re.escape(t) for t in texts) + r")(?!\w)")
    card_of = {f"term:{gid}": gid for gid in forms} | {name: gid for name, gid in WORD_CARDS.items() if name in WORDS}
    known: set[str] = set()
    problems = []
    for path in lesson_paths(folder):
        cells = read_notebook(path)["cells"]
        defined_at: dict[str, int] = {}
        for n, cell in enumerate(cells, start=1):
            text = cell_source(cell)
            if cell["cell_type"] == "code":
                for gid in glossary_cards(text):
                    for name, card in card_of.items():
                        if card == gid:
                            defined_at.setdefault(name, n)
            elif not text.lstrip().startswith("## Sources"):
                for name, rx in defines.items():
                    if rx.search(text):
                        defined_at.setdefault(name, n)
        for n, text in _prose_cells(cells):
            for name, rx in uses.items():
                if name in known or not rx.search(text):
                    continue
                if name in defined_at:
                    continue
                word = name.removeprefix("term:")
                problems.append(data.Problem(f"lessons/{path.name}", n, "words",
                                             f"{word!r} is used but not explained in this lesson or an earlier one: "
                                             "show its card (helpers.term(...)) or define it in the prose at its "
                                             "first use."))
                known.add(name)  # report each word once, where it first goes unexplained
        known |= set(defined_at)
    return problems


# --- self-checks: each lesson's questions file exists ---------------------------------------------------

SELF_CHECK = re.compile(r"helpers\.self_check\(\s*([^,)]*)")


def check_self_checks(lessons_dir: Path | str, folder: Path | str | None = None) -> list[data.Problem]:
    """Every lesson that calls ``helpers.self_check("NN")`` has a valid lesson id and a ``NN.toml`` to load, and
    every ``helpers.learners_notebook("NN")`` finds its prompts in the ``[notes]`` table of ``NN.toml``."""
    folder = questions.questions_folder(folder)
    problems: list[data.Problem] = []
    for path in lesson_paths(lessons_dir):
        try:
            cells = read_notebook(path).get("cells", [])
        except data.DataError:
            continue  # the anatomy check reports an unreadable notebook
        for n, cell in enumerate(cells, start=1):
            src = cell.get("source", "")
            src = "".join(src) if isinstance(src, list) else str(src)
            if cell.get("cell_type") != "code":
                continue
            for call in SELF_CHECK.finditer(src):
                arg = call.group(1).strip()
                match = re.fullmatch(r"""(["'])(\d{2})\1""", arg)
                shown = f"lessons/{path.name}"
                if not match:
                    problems.append(data.Problem(shown, n, "self-check", f"self_check({arg}) must name the lesson "
                                                 f"by its two digits in quotes, e.g. self_check(\"{path.name[:2]}\")."))
                    continue
                toml = folder / f"{match.group(2)}.toml"
                if not toml.exists():
                    problems.append(data.Problem(shown, n, "self-check", f"self_check(\"{match.group(2)}\") needs the "
                                                 f"questions file {questions.shown_path(toml)}, which does not exist. Create it "
                                                 "(lessons/questions/README.md describes the format)."))
            problems += _check_notes_calls(src, f"lessons/{path.name}", n, folder)
    return problems


def _check_notes_calls(src: str, shown: str, cell: int, folder: Path) -> list[data.Problem]:
    """Problems with the ``helpers.learners_notebook(...)`` calls of one code cell.

    A call names its lesson by two digits in quotes and nothing else; the prompts live in the ``[notes]``
    table of ``NN.toml``, never in the notebook.
    """
    try:
        tree = ast.parse(src)
    except SyntaxError:
        return []
    problems: list[data.Problem] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None))
                == "learners_notebook"):
            continue
        try:
            args = [ast.literal_eval(a) for a in node.args]
        except ValueError:
            args = [None]
        if not args or not isinstance(args[0], str) or not re.fullmatch(r"\d{2}", args[0]):
            problems.append(data.Problem(shown, cell, "notes", "learners_notebook(...) must name the lesson by its "
                                         f"two digits in quotes, e.g. learners_notebook(\"{Path(shown).name[:2]}\")."))
            continue
        if len(node.args) > 1 or node.keywords:
            problems.append(data.Problem(shown, cell, "notes", "the prompts of \"Your notes\" live in the [notes] "
                                         f"table of lessons/questions/{args[0]}.toml, not in the notebook: move "
                                         f"them there and call learners_notebook(\"{args[0]}\") with nothing else."))
            continue
        try:
            questions.notes_prompts(args[0], folder)
        except data.DataError as err:
            problems.append(data.Problem(shown, cell, "notes", str(err)))
    return problems
