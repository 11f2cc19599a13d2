"""The instructor's tools: the validator reports bad edits clearly; the packet prints offline, answers apart."""
from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import helpers
from helpers.authoring import anatomy
from helpers.authoring.checker import all_problems

ROOT = Path(__file__).resolve().parent.parent


def run_check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers", "check", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture
def course_copy(tmp_path: Path) -> tuple[Path, Path]:
    """Copies of data/ and lessons/ an instructor might break."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "lessons", tmp_path / "lessons", ignore=shutil.ignore_patterns("*-my-notes*"))
    return tmp_path / "data", tmp_path / "lessons"


def test_check_reports_nothing_on_the_shipped_course():
    run = run_check()
    assert run.returncode == 0, run.stdout + run.stderr
    assert "All checks passed" in run.stdout


def edit_csv(path: Path, line: int, field: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[line - 2][field] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_check_reports_a_misquote_with_file_line_and_field(course_copy):
    data_dir, lessons = course_copy
    edit_csv(data_dir / "excerpts.csv", 3, "quote", "Mao said something he did not say.")
    run = run_check("--data", str(data_dir), "--lessons", str(lessons))
    assert run.returncode == 1
    assert "data/excerpts.csv, line 3, field 'quote'" in run.stdout and "word for word" in run.stdout


def test_check_reports_a_dangling_reference(course_copy):
    data_dir, lessons = course_copy
    edit_csv(data_dir / "excerpts.csv", 2, "paragraph", "p98")
    problems = "\n".join(map(str, all_problems(data_dir, lessons)))
    assert "data/excerpts.csv, line 2, field 'paragraph': 'p98' is not an id in data/paragraphs.csv" in problems


def test_check_reports_a_malformed_question_file(course_copy):
    data_dir, lessons = course_copy
    path = lessons / "questions" / "03.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n[[questions]]\nid = \"broken\nprompt = 1\n", encoding="utf-8")
    run = run_check("--data", str(data_dir), "--lessons", str(lessons))
    assert run.returncode == 1
    assert "03.toml" in run.stdout and "Traceback" not in run.stdout + run.stderr


def test_check_reports_a_lesson_missing_its_key_points(course_copy):
    data_dir, lessons = course_copy
    path = sorted(lessons.glob("02-*.ipynb"))[0]
    path.write_text(path.read_text(encoding="utf-8").replace("## Key points", "## In short"), encoding="utf-8")
    run = run_check("--data", str(data_dir), "--lessons", str(lessons))
    assert run.returncode == 1
    assert f"lessons/{path.name}" in run.stdout and "'## Key points' is missing" in run.stdout


@pytest.fixture(scope="module")
def packet(tmp_path_factory) -> Path:
    """The packet, built once, in a process with no network at all where the machine allows it."""
    out = tmp_path_factory.mktemp("packet")
    cmd = [sys.executable, "-m", "helpers", "packet", "--out", str(out), "--no-pdf"]
    if shutil.which("unshare") and subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0:
        cmd = ["unshare", "-rn", *cmd]
    run = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    return out


def unescape(html_text: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", " ", html_text))


def norm(text: str) -> str:
    return " ".join(text.split())


def page_text(packet: Path, edition: str, path: Path) -> str:
    """A lesson's page in one edition as a reader sees it: tags (e.g. paragraph links) dropped, spaces normalised."""
    return norm(unescape(re.sub(r"<[^>]+>", "", (packet / edition / f"{path.stem}.html").read_text(encoding="utf-8"))))


def as_read(markdown: str) -> str:
    """Markdown as its text reads: a list item's marker dropped, a link read as its text."""
    plain = re.sub(r"(?m)^\s*(?:[-*+]|\d+\.)\s+", "", markdown)
    return re.sub(r"\[([^\]\n]*)\]\([^)\s]*\)", r"\1", plain)


@pytest.mark.parametrize("path", anatomy.lesson_paths(ROOT / "lessons"), ids=lambda p: p.name)
def test_packet_has_every_excerpt_and_chart_of_each_lesson(packet, path):
    for edition in ("student", "instructor"):
        page = (packet / edition / f"{path.stem}.html").read_text(encoding="utf-8")
        text = norm(unescape(page))
        for eid in anatomy.used_excerpts(path):
            assert norm(helpers.excerpt(eid).text) in text, f"{edition}/{path.name}: excerpt {eid}"
        calls = len(anatomy.chart_calls(path))
        assert page.count("<svg") >= calls, f"{edition}/{path.name}: {page.count('<svg')} charts for {calls} calls"
        assert "<script" not in page and "jupyter-widgets" not in page
    assert (packet / "student" / "course.html").exists() and (packet / "instructor" / "course.html").exists()


@pytest.mark.parametrize("path", anatomy.lesson_paths(ROOT / "lessons"), ids=lambda p: p.name)
def test_no_answer_appears_in_the_student_edition(packet, path):
    from helpers.authoring.packet import FOLD, answers_in

    student, teacher = page_text(packet, "student", path), page_text(packet, "instructor", path)
    secrets = answers_in(path.name[:2])
    nb = anatomy.read_notebook(path)
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for block in FOLD.findall("".join(cell["source"])):  # answers: folds with no fold inside
                secrets.append(re.sub(r"<summary>.*?</summary>", "", block, flags=re.S))
    assert secrets, path.name
    for secret in secrets:
        # emphasis marks go without a trace, as the page shows "*unexplained*," as "unexplained,"
        words = norm(re.sub(r"[#>\[\]]|\(\S+\.ipynb\)", " ", re.sub(r"[*_`]", "", as_read(secret))))[:80]
        if len(words) < 20:
            continue
        assert words not in student, f"{path.name}: the student edition shows {words!r}"
        assert words in teacher, f"{path.name}: the instructor edition lacks {words!r}"


def test_the_student_edition_keeps_optional_questions_and_drops_every_answer():
    from helpers.authoring.packet import without_answers

    text = ("**Sourcing.** Who wrote it?\n\n<details><summary>An answer</summary>\n\nA Soviet official.\n\n</details>\n\n"
            "<details><summary>Two more (optional)</summary>\n\n**Corroboration.** What else says so?\n\n"
            "<details><summary>An answer</summary>\n\nA Chinese record.\n\n</details>\n\n</details>\n\nAfter.")
    printed = without_answers(text)
    for kept in ("Who wrote it?", "**Two more (optional)**", "What else says so?", "After."):
        assert kept in printed, kept
    for dropped in ("A Soviet official", "A Chinese record", "<details>", "</details>", "<summary>", "An answer"):
        assert dropped not in printed, dropped
    assert without_answers("x <details><summary>s</summary>y</details> z") == "x  z"


@pytest.mark.parametrize("path", anatomy.lesson_paths(ROOT / "lessons"), ids=lambda p: p.name)
def test_optional_questions_reach_the_student_edition(packet, path):
    from helpers.authoring.packet import without_answers

    page = page_text(packet, "student", path)
    for cell in anatomy.read_notebook(path)["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and "<summary>" in text and "optional" in text:
            lines = [line for line in without_answers(text).splitlines() if line.strip()]
            for n, line in enumerate(lines[:-1]):
                if line.startswith("**") and "optional" in line:
                    for shown in (line, as_read(lines[n + 1])):
                        words = norm(re.sub(r"[*_`]", "", unescape(shown)))[:60]
                        assert words in page, f"{path.name}: the student edition lacks {words!r}"


# A widget's or an object's Python repr: what a lesson would print if the packet's stand-in for helpers
# missed a widget ("VBox(children=(HTML(value='...'),))") or a cell returned an object with no paper form.
PYTHON_REPR = re.compile(
    r"\b(?:\w*Box|Dropdown|Select\w*|Text(?:area)?|Checkbox|\w*Buttons?|\w*Slider|HTML|HTMLMath|Label|Output|Tab|"
    r"Accordion|Layout|interactive)\((?:\)|\w+=)|<ipywidgets\b|<helpers\.|\bat 0x[0-9a-fA-F]+|<VegaLite")


def reprs_in(text: str) -> list[str]:
    """Each Python repr in ``text`` (a page's text as a reader sees it), with a little context."""
    return [text[max(0, m.start() - 40):m.end() + 40] for m in PYTHON_REPR.finditer(text)]


def test_the_repr_check_finds_what_a_printed_widget_or_object_shows():
    import ipywidgets as w

    from helpers.authoring import packet as printing

    leaked = printing._render(w.VBox([w.HTML(value="<b>x</b>"), w.Output()]))  # how a missed widget prints
    assert reprs_in(unescape(leaked))
    for text in ("VBox(children=(", "HTML(value='x')", "<ipywidgets.widgets.Dropdown>", "Output()",
                 "<helpers.context.Card at 0x7f>", "<function f at 0x7f3a>", "a Card object at 0x7f3a9c"):
        assert reprs_in(text), text
    assert not reprs_in("Output (million tonnes) of steel: the HTML table in Box 3 (p42).")


def test_no_python_repr_reaches_the_packets_pages(packet):
    pages = sorted(packet.glob("*/*.html"))
    lessons = anatomy.lesson_paths(ROOT / "lessons")
    assert len(pages) >= 2 * (len(lessons) + 1), f"the packet should print every lesson and the course: {pages}"
    found = {f"{p.parent.name}/{p.name}": reprs_in(unescape(p.read_text(encoding="utf-8"))) for p in pages}
    shown = {page: reprs[:3] for page, reprs in found.items() if reprs}
    assert not shown, f"pages of the packet that show a Python repr: {shown}"


def test_no_python_repr_reaches_the_packets_pdf(packet, tmp_path):
    """The instructor edition's PDF (every page of the student edition, and the answers) as a reader's PDF tool reads it."""
    from pypdf import PdfReader

    from helpers.authoring.packet import to_pdf

    page = tmp_path / "course.html"
    shutil.copyfile(packet / "instructor" / "course.html", page)
    pdf = to_pdf(page)
    assert pdf, "no PDF: the packet prints with Debian's chromium, which scripts/setup.sh dev installs"
    text = "\n".join(p.extract_text() or "" for p in PdfReader(pdf).pages)
    assert "Student edition" not in text and "Instructor edition" in text and len(text) > 100_000
    assert not reprs_in(text), f"the PDF shows a Python repr: {reprs_in(text)[:3]}"


def test_packet_prints_to_pdf(tmp_path):
    from helpers.authoring.packet import to_pdf

    page = tmp_path / "page.html"
    page.write_text("<html><body><h1>Handout</h1></body></html>", encoding="utf-8")
    pdf = to_pdf(page)
    assert pdf, "no PDF: the packet prints with Debian's chromium, which scripts/setup.sh dev installs"
    assert pdf.read_bytes().startswith(b"%PDF")


def test_every_lesson_has_its_own_plan_and_the_answer_tables_match_the_questions():
    from helpers.authoring import plans
    from helpers.questions import load_questions

    names = [p.name[:2] for p in plans.plan_paths()]
    assert names == [p.name[:2] for p in anatomy.lesson_paths(ROOT / "lessons")]
    assert plans.stale_plans() == [], "run 'python -m helpers plans' after changing a questions file"
    for path in plans.plan_paths():
        table = plans.answer_table(path.name[:2])
        assert table in path.read_text(encoding="utf-8")
        for q in load_questions(path.name[:2]):
            assert " ".join(q.prompt.split()).replace("|", "\\|") in table


def test_a_changed_question_makes_its_plan_stale_until_refreshed(tmp_path):
    from helpers.authoring import plans

    shutil.copytree(ROOT / "instructors" / "plans", tmp_path / "plans")
    shutil.copytree(ROOT / "lessons" / "questions", tmp_path / "questions")
    path = tmp_path / "questions" / "01.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('answer = "The record shows only that nobody answered; why they kept silent is the classmate\'s guess"\n',
                                                                   'answer = "Nothing: \'(All are silent)\' proves that the guests disliked the question"\n'), encoding="utf-8")
    assert plans.stale_plans(tmp_path / "plans", tmp_path / "questions") == ["01-enter-the-room.md"]
    changed = plans.refresh_plans(tmp_path / "plans", tmp_path / "questions")
    assert [p.name for p in changed] == ["01-enter-the-room.md"]
    assert "**Nothing: '(All are silent)' proves that the guests disliked the question**" in changed[0].read_text(encoding="utf-8")
    assert plans.stale_plans(tmp_path / "plans", tmp_path / "questions") == []
