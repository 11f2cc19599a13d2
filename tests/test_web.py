"""The web edition: built by scripts/web.sh, every page and link in place, answers folded, nothing remote.

The browser checks (charts drawn, no request leaves the folder, axe-core) are in tests/browser/test_web_edition.py.
"""
from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from helpers import DataError
from helpers.authoring import anatomy
from helpers.authoring.packet import answers_in
from helpers.authoring.vocabulary import _found, terms_used, vocabulary, vocabulary_markdown
from helpers.authoring.web import _markdown_links, linkify

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The web edition, built by the script a maintainer runs."""
    out = tmp_path_factory.mktemp("web") / "site"
    done = subprocess.run(["bash", "scripts/web.sh", str(out)], cwd=ROOT, capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def _pages(site: Path) -> list[Path]:
    return sorted(site.glob("*.html"))


def test_a_page_per_lesson_and_the_reference_pages(site):
    names = {p.name for p in _pages(site)}
    lessons = {f"{p.stem}.html" for p in anatomy.lesson_paths()}
    assert lessons <= names
    assert {"index.html", "memo-text.html", "vocabulary.html"} <= names
    index = (site / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{name}"' in index for name in lessons)


def _ids(page: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', page))


def test_every_link_in_the_site_leads_somewhere(site):
    """Local links open a file of the site (and its anchor); scripts and styles come from the folder itself."""
    broken = []
    for page in _pages(site):
        text = page.read_text(encoding="utf-8")
        for attr, target in re.findall(r'\b(href|src)="([^"]+)"', text):
            parts = urlsplit(html.unescape(target))
            if parts.scheme in ("http", "https"):
                assert attr == "href", f"{page.name}: {target} would be fetched from the network"
                assert parts.netloc, f"{page.name}: {target} is not a whole address"
                continue
            assert not parts.scheme and not parts.netloc, f"{page.name}: unexpected link {target}"
            file = site / unquote(parts.path) if parts.path else page
            if not file.is_file():
                broken.append(f"{page.name}: {target} (no such file)")
            elif parts.fragment and file.suffix == ".html" and parts.fragment not in _ids(file.read_text(encoding="utf-8")):
                broken.append(f"{page.name}: {target} (no such anchor)")
    assert not broken, "\n".join(broken)


def test_no_code_and_no_cdn(site):
    for page in _pages(site):
        text = page.read_text(encoding="utf-8")
        assert "cdn." not in text and "jsdelivr" not in text and "require.js" not in text, page.name
        assert "import helpers" not in text and "helpers.setup()" not in text, page.name
        assert "jp-InputArea" not in text, page.name


def test_every_chart_is_a_vega_lite_5_spec(site):
    for path in anatomy.lesson_paths():
        page = (site / f"{path.stem}.html").read_text(encoding="utf-8")
        specs = re.findall(r'<script[^>]*class="vega-spec"[^>]*>(.*?)</script>', page, flags=re.S)
        assert len(specs) >= len(anatomy.chart_calls(path)), path.name
        for spec in specs:
            assert json.loads(spec)["$schema"].startswith("https://vega.github.io/schema/vega-lite/v5")


def test_timeline_keeps_its_brush(site):
    page = (site / "02-meet-maos-teachers.html").read_text(encoding="utf-8")
    specs = [json.loads(s) for s in re.findall(r'class="vega-spec"[^>]*>(.*?)</script>', page, flags=re.S)]
    params = json.dumps([s.get("params", []) for s in specs]) + json.dumps(specs)
    assert '"name": "period"' in params and '"interval"' in params


def test_self_check_answers_are_folded(site):
    """Every answer and feedback text is on the page, and only inside a <details> the learner opens."""
    for path in anatomy.lesson_paths():
        page = (site / f"{path.stem}.html").read_text(encoding="utf-8")
        plain = lambda s: " ".join(html.unescape(re.sub(r"<[^>]+>", "", s)).split())  # noqa: E731
        folded = re.sub(r"<details.*?</details>", "", page, flags=re.S)
        for answer in answers_in(path.stem[:2]):
            answer = " ".join(answer.split())
            assert answer in plain(page), f"{path.name}: answer missing: {answer[:60]}"
            assert answer not in plain(folded), f"{path.name}: answer shown unfolded: {answer[:60]}"


def test_memo_text_has_every_paragraph(site):
    import helpers

    ids = _ids((site / "memo-text.html").read_text(encoding="utf-8"))
    assert set(helpers.load("paragraphs")["id"]) <= ids


def test_vocabulary_page_has_a_sheet_per_lesson(site):
    ids = _ids((site / "vocabulary.html").read_text(encoding="utf-8"))
    assert {f"vocabulary-{p.stem[:2]}" for p in anatomy.lesson_paths()} <= ids


def test_the_site_is_small_enough_for_a_phone(site):
    size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    assert size < 5_000_000, f"the web edition is {size / 1e6:.1f} MB"


# Pure functions


def test_lesson_links_become_page_links():
    assert _markdown_links("[Next](04-weigh-the-harvest.ipynb) [m](memo.ipynb#p12) [x](notes.md)") == \
        "[Next](04-weigh-the-harvest.html) [m](memo.html#p12) [x](notes.md)"


def test_linkify_links_paragraphs_and_addresses_only_in_text():
    page = ('<p>As p46 says (see https://example.org/a.b.) and p99</p>'
            '<a href="x">p46</a><script>var p46 = 1;</script><p id="p12">top</p>')
    out = linkify(page, {"p46", "p12"})
    assert '<p>As <a href="memo-text.html#p46">p46</a> says' in out
    assert '<a href="https://example.org/a.b">https://example.org/a.b</a>.)' in out
    assert "and p99</p>" in out  # not a paragraph of the memo
    assert '<a href="x">p46</a><script>var p46 = 1;</script><p id="p12">top</p>' in out


def test_linkify_leaves_addresses_with_paragraph_like_parts_alone():
    out = linkify("<p>https://example.org/p46/x and file-p46</p>", {"p46"})
    assert out == '<p><a href="https://example.org/p46/x">https://example.org/p46/x</a> and file-p46</p>'


def test_vocabulary_holds_the_terms_a_lesson_shows_and_names():
    used = terms_used("03")
    assert "steel-marshal" in used  # shown with helpers.term("steel-marshal")
    assert "great-leap-forward" in used  # named in the lesson's prose
    assert "paris-commune" not in used
    assert "paris-commune" in terms_used("05")
    sheet = vocabulary("03")
    assert list(sheet.columns) == ["Term", "Meaning", "Also written", "Memo paragraphs"]
    assert len(sheet) == len(used)
    assert "# Words for lesson 03" in vocabulary_markdown("03")


def test_capitals_match_only_in_capitals():
    assert _found("CC", "the CC decided")
    assert not _found("CC", "an accent, cc'd")
    assert _found("Great Leap", "the great leap forward")
    assert not _found("commune", "the communes of Paris")


def test_unknown_lesson_is_one_clear_error():
    with pytest.raises(DataError, match="No lesson '77'"):
        vocabulary("77")


def test_vocabulary_command_prints_the_sheet(capsys):
    import helpers.__main__ as cli

    assert cli.main(["vocabulary", "04"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Words for lesson 04") and "**Great Leap**" in out
    assert cli.main(["vocabulary", "9"]) == 1
    assert "No lesson '9'" in capsys.readouterr().err


def test_the_packets_pdfs_join_the_site(tmp_path):
    from helpers.authoring.web import copy_pdfs

    packet = tmp_path / "packet"
    with pytest.raises(DataError, match="scripts/packet.sh"):
        copy_pdfs(packet, tmp_path / "site")
    for edition in ("student", "instructor"):
        (packet / edition).mkdir(parents=True)
        (packet / edition / "course.pdf").write_bytes(b"%PDF-1.4 " + edition.encode())
    copied = copy_pdfs(packet, tmp_path / "site")
    assert sorted(p.name for p in copied) == ["course-instructor.pdf", "course-student.pdf"]
    assert (tmp_path / "site/pdf/course-student.pdf").read_bytes().endswith(b"student")


def test_the_annotated_memo_gets_a_page_once_it_exists(tmp_path):
    """lessons/memo.ipynb (when there is one) becomes memo.html, listed on the index, its links rewritten."""
    import shutil

    import nbformat

    from helpers.authoring.web import build

    lessons = tmp_path / "lessons"
    lessons.mkdir()
    shutil.copy(anatomy.lesson_paths()[0], lessons)
    memo = nbformat.v4.new_notebook()
    memo.cells = [nbformat.v4.new_markdown_cell("# The memo, annotated\n\nBack to [the start](00-start-here.ipynb)."),
                  nbformat.v4.new_code_cell('import helpers\nhelpers.setup()'),
                  nbformat.v4.new_code_cell('helpers.excerpt("recorded-by")')]
    nbformat.write(memo, lessons / "memo.ipynb")
    build(tmp_path / "site", lessons_dir=lessons)
    page = (tmp_path / "site" / "memo.html").read_text(encoding="utf-8")
    assert "Recorded by VI. Rogov." in page and 'href="00-start-here.html"' in page
    assert 'href="memo.html">The memo, annotated</a>' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
