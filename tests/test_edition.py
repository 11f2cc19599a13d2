"""The memo, annotated: the whole text verbatim and in order, each apparatus on the right paragraph, every lesson link live."""
from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import helpers
from helpers import apparatus, data, edition, navigator, paragraph_links, paths, reveal
from helpers.authoring import anatomy, packet
from helpers.memo import derive_paragraphs

ROOT = Path(__file__).resolve().parent.parent
MEMO_NB = ROOT / "lessons" / "memo.ipynb"
LESSONS = anatomy.lesson_paths(ROOT / "lessons")
BARE_REF = re.compile(r"(?<![\w#/.\-\[])p\d\d(?!\w)")


class Sections(HTMLParser):
    """Collect, per paragraph section: its id, the text of its memo-text block, and every data-* it carries."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.order: list[str] = []
        self.text: dict[str, str] = {}
        self.attached: dict[str, list[tuple[str, str]]] = {}
        self.lesson_links: dict[str, list[str]] = {}
        self.details_open: list[bool] = []
        self._pid = None
        self._in_text = 0
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and "memo-para" in a.get("class", ""):
            self._pid = a["id"]
            assert a.get("data-jupyter-id") == a["id"], f"{a['id']}: JupyterLab's anchor attribute is missing"
            self.order.append(self._pid)
            self.text[self._pid] = ""
            self.attached[self._pid] = []
            self.lesson_links[self._pid] = []
        if self._pid is None:
            return
        if tag == "blockquote" and "memo-text" in a.get("class", ""):
            self._in_text = 1
        elif self._in_text:
            self._in_text += 1
        if tag == "details":
            self.details_open.append("open" in a)
        if "data-table" in a:
            self.attached[self._pid].append((a["data-table"], a["data-id"]))
        for key in ("data-figure", "data-anomaly"):
            if key in a:
                self.attached[self._pid].append((key[5:], a[key]))
        if tag == "a" and re.match(r"\d\d-.*\.ipynb$", a.get("href", "")):
            self.lesson_links[self._pid].append(a["href"][:2])

    def handle_endtag(self, tag):
        if self._in_text:
            self._in_text -= 1
        if tag == "section":
            self._pid = None

    def handle_data(self, text):
        if self._pid and self._in_text:
            self.text[self._pid] += text


@pytest.fixture(scope="module")
def parsed() -> Sections:
    sections = Sections()
    sections.feed(edition.edition_html())
    return sections


def _markdown(path: Path) -> list[str]:
    return ["".join(c["source"]) for c in anatomy.read_notebook(path)["cells"] if c["cell_type"] == "markdown"]


def _outside_code(text: str) -> str:
    """Markdown without code and without folds' titles (HTML, where a link would show as raw text)."""
    return re.sub(r"```.*?```|`[^`\n]*`|<summary>.*?</summary>", "", text, flags=re.S)


# --- the text -------------------------------------------------------------------------------------

def test_every_paragraph_appears_once_verbatim_and_in_order(parsed):
    source = (paths.DATA_DIR / "memo-1958-10-02.txt").read_text(encoding="utf-8")
    from_source = derive_paragraphs(source)
    assert parsed.order == [p["id"] for p in from_source]
    assert len(parsed.order) == len(set(parsed.order)) == 96
    for para in from_source:
        assert parsed.text[para["id"]] == para["text"], f"{para['id']} is not the source's words"


def test_stage_directions_are_marked_as_such():
    marked = edition.text_html("A joke. (Laughter). <b>bold</b> (All are silent).")
    assert marked.count('class="memo-stage"') == 2
    assert "<b>" not in marked and "&lt;b&gt;" in marked


def test_a_stage_direction_keeps_its_full_stop_and_the_words_stay_verbatim():
    import re

    for pid in ("p14", "p19", "p22"):
        text = helpers.load_memo().paragraphs.set_index("id").loc[pid, "text"]
        marked = edition.text_html(text)
        assert html.unescape(re.sub(r"<[^>]+>", "", marked)) == text, f"{pid}: the marks changed the words"
        assert "</em>." in marked and "</em> ." not in marked
    run = edition.text_html("Why not? (Laughter). So.")
    assert '<span class="memo-stage-run"><em class="memo-stage"' in run and "(Laughter)</em>.</span> So." in run
    style = re.search(r"\.memo-stage\{([^}]*)\}", edition.STYLE).group(1)
    assert "padding:0;" in style  # no padding opens a gap between "(Laughter)" and its full stop
    assert ".memo-stage-run{white-space:nowrap}" in edition.STYLE


def test_the_jump_link_looks_like_a_link_and_says_where_it_goes():
    link = navigator.jump_link_html("p69")
    assert '<a class="memo-jump-link" href="#p69"' in link and "text-decoration:underline" in link
    assert ">Go to p69</a>" in link and "Efremov" in link and "Time works in our favor" in link
    assert "There is no paragraph" in navigator.jump_link_html("p99")


def test_citation_heads_the_edition():
    out = edition.edition_html()
    assert out.index(html.escape(helpers.citation().text)) < out.index('id="p01"')


def test_the_archive_address_is_spelled_out_under_the_citation():
    """f./op./d./l. are glossed where the citation first shows, in the Key's words, with the sheets read from it."""
    out = edition.edition_html()
    gloss = out.index('class="memo-address"')
    assert out.index(html.escape(helpers.citation().text)) < gloss < out.index('id="p01"')
    line = html.unescape(re.sub(r"<[^>]+>", "", edition.address_gloss_html(helpers.citation().text)))
    assert "f. (fond) is the collection" in line and "l. (list) the sheet" in line
    assert "sheets 312 to 322" in line and "1958 is the file's year" in line
    assert "sheet 7." in edition.address_gloss_html("GARF f. 1, op. 2, 1950, d. 3, l. 7.")
    assert "1950 is the file's year" in edition.address_gloss_html("GARF f. 1, op. 2, 1950, d. 3, l. 7.")
    assert "year" not in edition.address_gloss_html("GARF f. 1, op. 2, d. 3, l. 7.")
    assert edition.address_gloss_html("A letter kept in a private collection.") == ""


def test_the_narration_is_the_recorders_and_never_labelled_the_record():
    """The data's speaker "the record" reads as the recorder on the page, in the list and in the navigator."""
    out = edition.edition_html()
    heads = re.findall(r'<div class="memo-para-head">(.*?)</div>', out)
    assert len(heads) == 96
    assert not any("· the record " in h or h.endswith("· the record") for h in heads)
    p01 = html.unescape(heads[0])
    assert p01.endswith("· the recorder's narration") and p01.count("recorder") == 1
    assert "· Mao Zedong · direct speech" in heads[4]
    assert "p01</a> the recorder:" in edition.index_html(["p01"])
    assert "· the recorder:" in navigator.jump_link_html("p01")
    nav = helpers.memo_navigator()
    labels = dict(nav.parts.speaker.options)
    assert labels["the recorder"] == "the record" and "the record" not in labels
    assert nav.parts.jump.options[0][0] == "p01 · the recorder"


def test_a_heading_opens_each_part_of_the_evening_and_the_contents_link_to_it():
    out = edition.edition_html()
    stretches = list(data.rows("stretches"))
    headings = re.findall(r'<h3 class="memo-part">Part (\d+) of (\d+) · (.*?) <span', out)
    assert [(int(n), int(total)) for n, total, _ in headings] == [(i, len(stretches)) for i in range(1, len(stretches) + 1)]
    assert [html.unescape(t) for _, _, t in headings] == [s["topic"] for s in stretches]
    for s in stretches:  # each heading stands right before the part's first paragraph
        heading = out.index(f"· {html.escape(s['topic'])} <span")
        assert out.index("<section", heading) == out.index(f'<section class="memo-para" id="{s["first"]}"')
        assert f'<li><a href="#{s["first"]}">{html.escape(s["topic"])}</a>' in out
    contents = out.index('class="memo-contents"')
    assert out.index("memo-citation") < contents < out.index('id="p01"')


# --- the apparatus --------------------------------------------------------------------------------

def _forms(table: str, row) -> list[str]:
    if table == "people":
        return [row["name"], *data.split_list(row["other_names"])]
    return [row["term"], *data.split_list(row["also"])]


@pytest.mark.parametrize("table", ["people", "glossary"])
def test_every_name_and_term_is_attached_where_it_occurs_or_is_listed(parsed, table):
    rows = data.load(table).set_index("id", drop=False)
    texts = dict(zip(helpers.load_memo().paragraphs["id"], helpers.load_memo().paragraphs["text"]))
    for pid, attached in parsed.attached.items():
        for kind, rid in attached:
            if kind != table:
                continue
            row = rows.loc[rid]
            listed = pid in data.split_list(row["paragraphs"])
            occurs = any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", texts[pid], flags=re.I) for f in _forms(table, row))
            assert listed or occurs, f"{table} {rid} is attached to {pid}, where it neither occurs nor is listed"
    for row in rows.to_dict("records"):
        for pid in data.split_list(row["paragraphs"]):
            assert (table, row["id"]) in parsed.attached[pid], f"{table} {row['id']} lists {pid} but is not shown there"


def test_every_figure_and_anomaly_sits_on_its_own_paragraph(parsed):
    for kind, table in (("figure", "figures"), ("anomaly", "anomalies")):
        rows = data.load(table)
        shown = {rid: pid for pid, att in parsed.attached.items() for k, rid in att if k == kind}
        assert shown == dict(zip(rows["id"], rows["paragraph"])), f"{table}: some rows are missing or misplaced"


def _numbers_read(stated: str) -> list[float]:
    """The numbers a reader sees in a stated figure, back in the data's form: "700,000" is 700000, "21:30" 21.5."""
    out = []
    for n in re.findall(r"\d[\d,]*(?:\.\d+)?(?::\d\d)?", stated):
        hours, _, minutes = n.partition(":")
        out.append(int(hours) + int(minutes) / 60 if minutes else float(n.replace(",", "")))
    return out


def test_every_figure_states_its_number_or_says_it_has_none():
    out = edition.edition_html()
    assert "&lt;NA&gt;" not in out
    stated = {}
    for fig in data.rows("figures"):
        stated[fig["id"]] = said = re.search(rf'data-figure="{re.escape(fig["id"])}"><td>.*?<strong>(.*?)</strong>',
                                            out).group(1)
        if fig["value"] is not None:
            assert _numbers_read(said)[:1] == [fig["value"]], f"{fig['id']}: {said}"
        elif fig["low"] is not None:
            assert _numbers_read(said)[:2] == [fig["low"], fig["high"]], f"{fig['id']}: {said}"
        else:
            assert said.startswith("no number given ("), f"{fig['id']}: {said}"
    # a reader found "21.5–23.5 hour of the day" and "1927 year": times and years read as people write them
    assert stated["time-conversation"] == "21:30–23:30"
    assert stated["time-since-1927"] == "the year 1927"
    assert stated["communes-collectives"] == "700,000 units (1958)"


def test_the_record_beside_a_figure_is_the_record_of_that_figure():
    record = data.load("record").set_index("id")
    for pid, app in apparatus.apparatus_all().items():
        for fig, rows in app.records.items():
            for rid in rows:
                assert fig in data.split_list(record.loc[rid, "figures"]), f"{pid}: record {rid} is not about {fig}"


def test_the_lessons_listed_are_those_of_the_paragraphs_excerpts_and_quotations(parsed):
    excerpts = data.load("excerpts")
    quoting = edition.lessons_quoting()
    for pid, links in parsed.lesson_links.items():
        want = sorted({c for row in excerpts[excerpts["paragraph"] == pid].itertuples()
                       for c in data.split_list(row.lessons)} | set(quoting.get(pid, [])))
        assert links == want, f"{pid}: lesson links {links}, excerpts and quotations say {want}"


def test_a_lesson_quoting_a_paragraph_inline_is_listed_in_its_notes(tmp_path):
    cell = {"cell_type": "markdown", "metadata": {}, "id": "x",
            "source": ['He warned: "it will be treason." ([p86](memo.ipynb#p86)), and p40 is only named.']}
    (tmp_path / "07-a-test.ipynb").write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4,
                                                          "nbformat_minor": 5}))
    quoting = edition.lessons_quoting(tmp_path)
    assert quoting == {"p86": ["07"]}
    app = edition.with_quoting_lessons(apparatus.apparatus_all()["p86"], quoting)
    assert "07" in app.lessons and "07" in edition.note_label(app)
    assert "07" not in apparatus.apparatus_all()["p86"].lessons  # the cached apparatus is left unchanged


def test_p86_which_lesson_06_quotes_has_notes_naming_it(parsed):
    assert "06" in parsed.lesson_links["p86"]


def test_apparatus_is_folded_and_a_verdict_folds_again(parsed):
    assert parsed.details_open and not any(parsed.details_open)
    folded = edition.edition_html()
    assert folded.count('class="memo-verdict"') == len(data.load("anomalies"))
    opened = edition.edition_html(open_=True)
    assert "<details" in opened and re.search(r"<details(?![^>]*\bopen\b)", opened) is None


def test_notes_speak_plainly_and_other_sources_are_not_called_the_record():
    """The learner opens "Notes for p..", and the figures' second column says whose words it gives."""
    app = next(a for a in apparatus.apparatus_all().values() if a.records)
    out = edition.apparatus_html(app)
    assert f"<summary>Notes for {app.paragraph}:" in out and "Apparatus" not in out
    assert "What other sources say</th>" in out and ">The record<" not in out


def test_text_from_the_data_is_escaped(tmp_path):
    import shutil

    shutil.copytree(paths.DATA_DIR, tmp_path / "data")
    path = tmp_path / "data" / "glossary.csv"
    raw = path.read_text(encoding="utf-8").replace("Jinmen and Mazu", "Jinmen <script>x()</script>", 1)
    path.write_text(raw, encoding="utf-8")
    out = edition.edition_html(data_dir=tmp_path / "data")
    assert "<script>x()" not in out and "&lt;script&gt;x()" in out


# --- navigation -----------------------------------------------------------------------------------

def test_filters_select_by_speaker_theme_part_and_reaction():
    paras = helpers.load_memo().paragraphs
    assert apparatus.filter_paragraphs(speaker="Efremov") == list(paras[paras["speaker"] == "Efremov"]["id"])
    reacted = apparatus.filter_paragraphs(reacted=True)
    assert reacted and all(re.search(r"\([A-Z][a-z]+(?: [a-z]+)*\)", paras.set_index("id").loc[p, "text"]) for p in reacted)
    excerpts = data.load("excerpts")
    steel = {r.paragraph for r in excerpts.itertuples() if "steel" in data.split_list(r.themes)}
    assert set(apparatus.filter_paragraphs(theme="steel")) == steel
    first = data.load("stretches").iloc[0]
    assert apparatus.filter_paragraphs(part=first["topic"])[0] == first["first"]
    assert apparatus.filter_paragraphs(speaker="Efremov", reacted=True) == [
        p for p in apparatus.filter_paragraphs(speaker="Efremov") if p in reacted]


def test_navigator_controls_are_labelled_and_call_the_filters():
    nav = helpers.memo_navigator()
    for name in ("jump", "speaker", "theme", "part", "reacted"):
        assert getattr(nav.parts, name).description, f"{name} has no label"
    nav.parts.speaker.value = "Chervenkov"
    assert nav.parts.found.value.count('href="#p') == len(apparatus.filter_paragraphs(speaker="Chervenkov"))
    nav.parts.jump.value = "p42"
    assert 'href="#p42"' in nav.parts.jump_link.value


# --- links from the lessons -----------------------------------------------------------------------

def test_linking_is_idempotent_and_leaves_code_and_ids_alone():
    text = "See (p51), p40-p42 and p19 to p36; `anomaly(\"bourgeois-legality-p77\")`; legality-p77; <http://x/?p=12>."
    once = paragraph_links.link_paragraph_refs(text)
    assert paragraph_links.link_paragraph_refs(once) == once
    assert paragraph_links.linked_refs(once) == [("p51", "p51"), ("p40", "p40"), ("p42", "p42"), ("p19", "p19"), ("p36", "p36")]
    assert "`anomaly(\"bourgeois-legality-p77\")`" in once and "legality-p77;" in once and "?p=12" in once


def test_a_folds_title_is_not_linked_since_markdown_there_shows_as_raw_text():
    text = "<details><summary>What about the end of p34?</summary>\n\nSee p34.\n\n</details>"
    linked = paragraph_links.link_paragraph_refs(text)
    assert "<summary>What about the end of p34?</summary>" in linked
    assert "See [p34](memo.ipynb#p34)." in linked


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_every_paragraph_reference_in_a_lesson_is_a_link_that_resolves(path, parsed):
    anchors = set(parsed.order)
    linked = 0
    for n, text in enumerate(_markdown(path), start=1):
        assert paragraph_links.link_paragraph_refs(text) == text, f"{path.name}, Markdown cell {n}: run scripts/link_paragraphs.py"
        prose = re.sub(r"\[(p\d\d)\]\(memo\.ipynb#p\d\d\)", "", _outside_code(text))
        assert not BARE_REF.findall(prose), f"{path.name}, Markdown cell {n}: unlinked {BARE_REF.findall(prose)}"
        for shown, anchor in paragraph_links.linked_refs(text):
            assert shown == anchor and anchor in anchors, f"{path.name}: link to {anchor} has no anchor"
            linked += 1
    assert linked, f"{path.name} links to no paragraph of the annotated memo"


def test_lesson_00_links_to_the_annotated_memo():
    assert any("](memo.ipynb)" in text for text in _markdown(LESSONS[0]))


# --- the notebook and the packet ------------------------------------------------------------------

def test_the_notebook_is_generated_not_stored():
    nb = json.loads(MEMO_NB.read_text(encoding="utf-8"))
    assert MEMO_NB.stat().st_size <= 50_000
    code = ["\n".join(line for line in "".join(c["source"]).splitlines() if not line.startswith("#"))
            for c in nb["cells"] if c["cell_type"] == "code"]  # each cell opens with its collapsed bar's comment
    assert code[0] == "import helpers\nhelpers.setup()"
    assert "helpers.annotated_memo()" in code and "helpers.memo_navigator()" in code
    for cell in nb["cells"]:
        assert not cell.get("outputs") and not cell.get("execution_count")
    # the page's own "Read me first" fold is a plain <details>; a paragraph or its notes would carry a class
    assert not any(re.search(r"<details [^>]*class=|memo-para|memo-notes", "".join(c["source"])) for c in nb["cells"])


def test_readme_lists_the_annotated_memo():
    assert "(lessons/memo.ipynb)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_glossary_cards_show_the_words_behind_the_translation():
    glossary = data.load("glossary")
    with_chinese = glossary[glossary["chinese"] != ""]
    assert {"人民公社", "大跃进", "总路线", "大炼钢铁", "以钢为纲", "第一书记挂帅", "资产阶级法权"} <= set(with_chinese["chinese"])
    for row in with_chinese.itertuples():
        assert row.pinyin and data.split_list(row.original_sources), f"glossary {row.id}: Chinese without pinyin or source"
        assert row.chinese in helpers.term(row.id).to_html()
    for row in glossary[glossary["russian"] != ""].itertuples():
        assert data.split_list(row.original_sources), f"glossary {row.id}: Russian without a source"


def test_packet_prints_the_memo_unfolded_and_every_paragraph_link_resolves(tmp_path):
    written = packet.build(tmp_path, editions=("student",), pdf=False)
    folder = tmp_path / "student"
    memo = (folder / "memo.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'<section class="memo-para" id="(p\d\d)"', memo))
    assert len(ids) == 96 and "<details" in memo and re.search(r"<details(?![^>]*\bopen\b)", memo) is None
    for page in [p for p in written if p.suffix == ".html" and p.name not in ("memo.html", "course.html")]:
        targets = re.findall(r'href="memo\.html#(p\d\d)"', page.read_text(encoding="utf-8"))
        assert targets, f"{page.name}: no paragraph links"
        assert set(targets) <= ids, f"{page.name}: links to missing anchors {set(targets) - ids}"
    course = (folder / "course.html").read_text(encoding="utf-8")
    assert "memo.html#" not in course
    course_ids = set(re.findall(r'id="(p\d\d)"', course))
    assert set(re.findall(r'href="#(p\d\d)"', course)) <= course_ids == ids
    assert not re.search(r'href="[^"]*\.ipynb', memo), "the printed memo still links to notebooks"


def test_a_paragraph_with_an_anomaly_says_so_on_its_header_and_gives_no_verdict():
    """The header of each paragraph with an anomaly carries a visible mark with the count; no other does,
    and the mark names neither the anomaly's words nor its kind nor its explanation."""
    out = edition.edition_html()
    heads = dict(re.findall(r'<section class="memo-para" id="(p\d\d)".*?<div class="memo-para-head">(.*?)</div>',
                            out))
    apps = apparatus.apparatus_all()
    rows = data.by_id("anomalies")
    for pid, head in heads.items():
        n = len(apps[pid].anomalies)
        assert ("memo-odd" in head) == bool(n), pid
        if n:
            badge = html.unescape(re.search(r'<span class="memo-odd".*?</span>', head).group(0))
            said = "1 odd phrase to judge" if n == 1 else f"{n} odd phrases to judge"
            assert said in badge and "Mao" not in badge, pid
            assert "open the notes below" in badge, pid  # a reader did not know what to do with a mark
            for aid in apps[pid].anomalies:
                row = rows[aid]
                assert row["quote"] not in badge and row["kind"] not in badge
                assert row["explanation"] not in badge
    assert "2 odd phrases to judge" in heads["p04"] and "passage" not in heads["p04"]
    # the question under the badge asks what the box asks, and who speaks, in the narration (p04) as in Mao's
    # words (p42): leaving Mao out of p04 gave lesson 06's "Who is speaking?" answer away. It says a reason may name
    # a hand no answer names: a reader guessed "the recorder" and felt wrong when the verdict said the sources
    # cannot tell; it no longer says "the verdict never will" name them (a reader of the memo page found p04's and
    # p54's verdicts naming the recorder). The odd phrase stands in quotation marks (a reader met it bare).
    questions = set()
    for pid, nxt in (("p04", "p05"), ("p42", "p43")):
        part = html.unescape(out[out.index(f'id="{pid}"'):out.index(f'id="{nxt}"')])
        phrase = rows[apps[pid].anomalies[0]]["quote"]
        assert f"Something is odd in \u201c{phrase}\u201d." in part, pid
        question = re.search(re.escape(reveal.ASK) + r".*?open the verdict\.", part).group(0)
        assert "First ask who is speaking" in question and "the Key's three answers" in question, pid
        assert "may name Mao or the recorder, even though no answer names them" in question, pid
        assert "verdict never" not in question, pid
        questions.add(question)
    assert len(questions) == 1


def test_the_notes_carry_the_events_that_name_a_paragraph_folded_where_it_holds_an_anomaly():
    """p18's "in Warsaw talks are taking place" gets the Warsaw talks' card; where a paragraph has an
    anomaly, its events fold until asked for, since an event can tell what the verdict tells."""
    apps = apparatus.apparatus_all()
    assert "warsaw-talks-1958-09" in apps["p18"].events and "1 event" in apps["p18"].counts()
    p18 = edition.apparatus_html(apps["p18"])
    assert "Sino-American ambassadorial talks resume in Warsaw" in p18 and "memo-events" not in p18
    listed = {pid for r in data.rows("events") if r["category"] != apparatus.MEMO_CATEGORY
              for pid in data.split_list(r["paragraphs"] or "")}
    assert not any("the-memo-1958-10-02" in a.events for a in apps.values())  # the page is the memo
    assert {pid for pid, a in apps.items() if a.events} == listed & set(apps)
    withanomaly = next(pid for pid, a in apps.items() if a.events and a.anomalies)
    out = edition.apparatus_html(apps[withanomaly])
    assert out.index("Reveal the verdict") < out.index('<details class="memo-events">')


def test_a_notes_label_is_short_counts():
    """A reader found the notes lines, with names, words and event titles, as long as the speech above them: the
    line now gives counts only (and the lessons' numbers), a passage to judge first."""
    apps = apparatus.apparatus_all()
    label = edition.note_label(apps["p19"])
    assert label.startswith("4 people") and "Jiang Jieshi" not in label and "Marxism" not in label
    assert edition.note_label(apps["p04"]).startswith("2 odd phrases ·")  # an odd phrase to judge leads
    # the people the paragraph does not name are counted apart: p04 names six, and its notes add the real minister
    assert "6 people + 1 unnamed" in edition.note_label(apps["p04"]) and "7 people" not in edition.note_label(apps["p04"])
    one = next(a for a in apps.values() if len(a.people) == 1 and not a.anomalies)
    assert edition.note_label(one).startswith("1 person")
    assert "1 event" in edition.note_label(apps["p18"]) and "Warsaw" not in edition.note_label(apps["p18"])
    # what is counted is said on the line: a reader could not tell what "1 word" counted without opening the fold
    worded = next(a for a in apps.values() if len(a.terms) == 1)
    assert "1 word explained" in edition.note_label(worded)
    assert all(len(edition.note_label(a)) <= 100 for a in apps.values())  # one line at 14 px in the 52em column


def test_the_notes_line_is_grey_and_passes_contrast():
    """The notes line is quieter than the text (grey, not link blue) and still meets WCAG AA (4.5:1) on white."""
    block = edition.STYLE.split(".memo-apparatus>summary{color:", 1)[1].split("}", 1)[0]
    grey = block[:7]

    def lum(hexcol):
        chans = [int(hexcol[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in chans]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    assert (1.05) / (lum(grey) + 0.05) >= 4.5 and grey != "#004c80"


def test_the_page_labels_are_large_enough_to_read():
    """The paragraph heads and the notes' summary lines are at least 13 px (a reader at night found 11 px too
    small)."""
    for rule in ("memo-para-head{", "memo-events>summary{"):
        block = edition.STYLE.split(rule, 1)[1].split("}", 1)[0]
        size = re.search(r"font-size:(\d+)px", block)
        assert size and int(size.group(1)) >= 13, rule


def test_a_person_in_the_notes_leads_with_name_and_office_and_folds_the_rest():
    out = edition._person_html("chervenkov", None)
    lead, more = out.split("<details", 1)
    assert "<strong>Chervenkov</strong>" in lead and "deputy prime minister" in lead and "unverified" in lead
    assert "Sources (" not in lead and "Uncertain" not in lead  # sources and doubts in the second fold
    assert "memo-person-more" in more and "Sources (" in more


def test_a_person_the_paragraph_does_not_name_is_marked_so():
    """A reader counted six names in p04 and found seven people in its notes: the seventh, Peng Dehuai (the real
    Minister of Defence), is there for the check, and the notes now say the paragraph does not name him."""
    apps = apparatus.apparatus_all()
    assert apps["p04"].unnamed == ["peng-dehuai"]
    assert "mao-zedong" in apps["p04"].people and "mao-zedong" not in apps["p04"].unnamed
    out = edition.apparatus_html(apps["p04"])
    people = re.findall(r'<div class="memo-person" data-person="([a-z-]+)"><p[^>]*>(.*?)</p>', out)
    marked = {pid for pid, lead in people if "(not named in the paragraph)" in lead}
    assert len(people) == 7 and marked == {"peng-dehuai"}


def test_a_notes_guess_comes_before_its_figures_and_people():
    """p59's figures table gave the verdict away above the question: the guess now opens the notes."""
    apps = apparatus.apparatus_all()
    both = [pid for pid, a in apps.items() if a.anomalies and (a.figures or a.people)]
    assert "p59" in both
    for pid in both:
        out = edition.apparatus_html(apps[pid])
        guess = out.index("To judge: guess, then reveal")
        assert all(out.index(h) > guess for h in ("<h4>Numbers the memo states</h4>", "<h4>People</h4>") if h in out), pid


def test_a_paragraph_with_notes_has_one_notes_line_and_one_without_has_none():
    """A reader found p38 and four others with "none here" in another style, and a later reader of the whole memo
    found the "Notes for p06: none" lines a field of grey between the speeches: every paragraph with notes has
    exactly one grey line, "Notes for pNN: ...", the fold's summary; a paragraph with nothing attached has no line
    at all; no id line carries lesson links. A paragraph whose only note is a lesson that quotes it has one plain
    line with the link instead of a fold ("Quoted in Lesson 03: ..."): a reader opened such a fold and found it
    empty but for the link."""
    out = edition.edition_html()
    sections = dict(re.findall(r'<section class="memo-para" id="(p\d\d)"(.*?)</section>', out, re.S))
    assert list(sections) == list(helpers.load_memo().paragraphs["id"])
    apps = apparatus.apparatus_all()
    quoting = edition.lessons_quoting()
    only_lessons = []
    for pid, section in sections.items():
        head = re.search(r'<div class="memo-para-head">(.*?)</div>', section).group(1)
        assert ".ipynb" not in head, pid
        folds = re.findall(r'<summary>(Notes for [^<]*)</summary>', section)
        quoted = re.findall(r'<p class="memo-quoted-in">(.*?)</p>', section)
        app = edition.with_quoting_lessons(apps[pid], quoting)
        has_cards = bool(app.anomalies or app.people or app.terms or app.figures or app.events)
        assert len(folds) == int(has_cards) and len(quoted) == int(bool(app.lessons) and not has_cards), pid
        if has_cards:
            assert folds[0].startswith(f"Notes for {pid}: "), pid
        elif app.lessons:
            only_lessons.append(pid)
            number = app.lessons[0][:2]
            assert quoted[0].startswith("Quoted in ") and f'href="{number}-' in quoted[0], pid
    bare = [pid for pid, s in sections.items() if "Notes for" not in s and "Quoted in" not in s]
    assert "p06" in bare and "p19" not in bare
    assert {"p43", "p47"} <= set(only_lessons)  # paragraphs whose only notes are the lessons that quote them


def test_each_part_points_to_its_best_paragraph_with_a_question_and_a_folded_answer():
    """A reader wanted a route through the 96 paragraphs: each part asks one question on one of its paragraphs;
    the answer folds, and every quotation in it is the memo's own words. The question comes right after the
    paragraph it asks about (a reader met it above the paragraph and had to scroll past, then back)."""
    out = edition.edition_html()
    stretches = list(data.rows("stretches"))
    assert set(edition.PART_GUIDE) == {s["id"] for s in stretches}
    guides = re.findall(r'(<details class="memo-part-guide">.*?</details>)', out)
    assert len(guides) == len(stretches)
    texts = {r["id"]: r["text"] for r in helpers.load_memo().rows}
    order = list(texts)
    for stretch, guide in zip(stretches, guides):
        pid, question, answer = edition.PART_GUIDE[stretch["id"]]
        assert order.index(stretch["first"]) <= order.index(pid) <= order.index(stretch["last"]), stretch["id"]
        before = out[:out.index(guide)]
        assert before.endswith("</section>") and before.rfind(f'id="{pid}"') > before.rfind("<section"), pid
        summary = re.search(r"<summary>(.*?)</summary>", guide).group(1)
        assert summary.startswith(f"<strong>Question</strong> on {pid}, just above (open for the answer): ") \
            and html.escape(question) in summary, stretch["id"]
        assert "<a " not in summary  # no control nested in the summary (axe: nested-interactive)
        assert f'(<a href="#{pid}">{pid}</a>).</p>' in guide, stretch["id"]  # the answer links the paragraph
        assert " open" not in guide.split(">")[0]  # the answer stays folded until asked for
        quoted = re.findall(r'"([^"]+)"', answer)
        assert quoted and answer.endswith(f"({pid}).")
        for words in quoted:
            assert words in texts[pid], (pid, words)


def test_a_long_part_asks_a_second_question_right_after_its_paragraph_with_the_answer_folded():
    """Readers of Part 8 skimmed its ladder of steel figures and asked for a question there: a second question sits
    right after its paragraph, folded like the part's own, and every quotation in its answer is in the paragraph
    the answer cites just after it."""
    out = edition.edition_html()
    texts = {r["id"]: r["text"] for r in helpers.load_memo().rows}
    assert edition.MORE_GUIDES
    for pid, (question, answer) in edition.MORE_GUIDES.items():
        found = re.search(r'<details class="memo-part-guide memo-more-guide"><summary><strong>Question</strong> on '
                          + pid + r", just above \(open for the answer\): (.*?)</summary>(.*?)</details>", out)
        assert found and found.group(1) == html.escape(question), pid
        assert out[:found.start()].endswith("</section>") and out[:found.start()].rfind(f'id="{pid}"') > \
            out[:found.start()].rfind("<section"), pid
        cited = re.findall(r'"([^"]+)" \((p\d{2})\)', answer)
        assert cited and all(words in texts[ref] for words, ref in cited), cited
        for ref in re.findall(r"\((p\d{2})\)", answer):
            assert f'(<a href="#{ref}">{ref}</a>)' in found.group(2), ref
    assert not set(edition.MORE_GUIDES) & {g[0] for g in edition.PART_GUIDE.values()}


def test_each_part_heading_has_a_line_saying_what_the_part_holds():
    """A reader met 13 screens of paragraphs with no break: under each part heading, a line from the data says
    how many paragraphs, who speaks, where the room reacts and how many passages there are to judge."""
    out = edition.edition_html()
    lines = re.findall(r'<h3 class="memo-part">.*?</h3><p class="memo-part-summary">(.*?)</p>', out)
    assert len(lines) == len(list(data.rows("stretches")))
    apps = apparatus.apparatus_all()
    steel = next(s for s in data.rows("stretches") if s["first"] == "p43")
    ids = [f"p{n:02d}" for n in range(43, int(steel["last"][1:]) + 1)]
    judged = sum(len(apps[pid].anomalies) for pid in ids)
    line = html.unescape(lines[[s["first"] for s in data.rows("stretches")].index("p43")])
    assert line.startswith(f"{len(ids)} paragraphs · speaking: Mao Zedong")
    assert f"{judged} odd phrases to judge" in line and judged > 1
    # where to begin in a part of many passages: the paragraph its question is on
    assert f"short on time? read {edition.PART_GUIDE[steel['id']][0]} and the question after it" in line
    # and, in a part of many odd phrases, two to judge first: each inside the part and marked with a ⚠ there
    for sid, picks in edition.JUDGE_FIRST.items():
        stretch = next(s for s in data.rows("stretches") if s["id"] == sid)
        shown = html.unescape(lines[[s["id"] for s in data.rows("stretches")].index(sid)])
        assert shown.endswith(", then judge " + " and ".join(f"{pid} ({kind})" for pid, kind in picks)), shown
        for pid, _ in picks:
            assert int(stretch["first"][1:]) <= int(pid[1:]) <= int(stretch["last"][1:]) and apps[pid].anomalies, pid
    assert "the recorder" in html.unescape(lines[0]) and "the record " not in html.unescape(lines[0])
    # a guest whose question the recorder only reports (p74) is not said to speak in his own voice
    communes = [s["first"] for s in data.rows("stretches")].index(next(
        s["first"] for s in data.rows("stretches") if int(s["first"][1:]) <= 74 <= int(s["last"][1:])))
    assert "Secretary of the Sofia City Party Committee (reported by the recorder)" in html.unescape(lines[communes])


def test_a_signpost_names_the_one_line_rungs_of_the_steel_ladder():
    """A reader found p46-p50 choppy, a run of one-line figures: a line above p46 says what the rungs are, and the
    paragraphs it spans are the memo's last year's output and this year's three targets."""
    out = edition.edition_html()
    assert re.search(r'<p class="memo-part-summary memo-signpost">From here, p46.p50: [^<]*</p><section [^>]*id="p46"', out)
    texts = {r["id"]: r["text"] for r in helpers.load_memo().rows}
    assert texts["p46"].startswith("Last year we produced") and texts["p47"] == "This year:"
    assert [re.search(r"[\d.]+ million tons", texts[f"p{n}"]).group() for n in (48, 49, 50)] == \
        ["6.2 million tons", "7.5 million tons", "9.0 million tons"]


def test_a_signpost_inside_the_steel_part_stands_just_above_its_paragraph():
    """A reader found Part 8 (17 paragraphs) one long run: a line above p51 says where its core begins, and the
    passages to judge it promises are there (most of the part's)."""
    out = edition.edition_html()
    assert re.search(r'<p class="memo-part-summary memo-signpost">From here, p51.p59: [^<]*</p><section [^>]*id="p51"', out)
    apps = apparatus.apparatus_all()
    inside = sum(len(apps[f"p{n:02d}"].anomalies) for n in range(51, 60))
    whole = sum(len(apps[f"p{n:02d}"].anomalies) for n in range(43, 60))
    assert inside * 2 > whole


def test_each_odd_phrase_is_underlined_where_it_stands_and_adds_no_words():
    """A reader dipping into p42 read the whole paragraph looking for what the ⚠ meant, and guessed wrong: every
    anomaly's quoted words are underlined with dots in its paragraph, once, and the underline adds no words."""
    out = edition.edition_html()
    sections = dict(re.findall(r'<section class="memo-para" id="(p\d\d)"(.*?)</section>', out, re.S))
    apps = apparatus.apparatus_all()
    rows = data.by_id("anomalies")
    texts = {r["id"]: r["text"] for r in helpers.load_memo().rows}
    for pid, section in sections.items():
        text = re.search(r'<blockquote class="memo-text">(.*?)</blockquote>', section, re.S).group(1)
        underlined = [html.unescape(u) for u in re.findall(r'<span class="memo-judge"[^>]*>(.*?)</span>', text)]
        assert sorted(underlined) == sorted(rows[aid]["quote"] for aid in apps[pid].anomalies), pid
        assert html.unescape(re.sub(r"<[^>]+>", "", text)) == texts[pid], pid
    assert edition.underline_odd("a (b) c", ["x"]) == "a (b) c"  # words not in the text: nothing marked


def test_each_part_heading_links_up_to_the_parts_and_on_to_the_next_part():
    """A reader who dipped into Part 8 and wanted Part 11 had to scroll back to the list at the top: under each part
    heading, "↑ all parts" goes to the list and "next: Part N →" to the next part's first paragraph."""
    out = edition.edition_html()
    parts = list(data.rows("stretches"))
    navs = re.findall(r'<p class="memo-part-nav">(.*?)</p>', out)
    assert len(navs) == len(parts) and 'id="memo-contents"' in out
    for number, nav in enumerate(navs, start=1):
        assert '<a href="#memo-contents">↑ all parts</a>' in nav
        assert nav.startswith(f'<a href="#{edition.TOUR}">{edition.TOUR_LINK}</a>')
        if number < len(parts):
            assert f'<a href="#{parts[number]["first"]}">next: Part {number + 1} →</a>' in nav
            assert f'id="{parts[number]["first"]}"' in out
        else:
            assert "next" not in nav


def test_the_memo_pages_tour_heading_is_the_anchor_the_part_links_go_back_to():
    """"↑ the tour" under each part heading goes back to the tour: the memo page has the heading whose id is
    :data:`edition.TOUR` (JupyterLab and the web page make a heading's id from its words, spaces as hyphens)."""
    nb = json.loads((ROOT / "lessons" / "memo.ipynb").read_text(encoding="utf-8"))
    headings = [line[3:].strip() for c in nb["cells"] if c["cell_type"] == "markdown"
                for line in "".join(c["source"]).splitlines() if line.startswith("## ")]
    assert [h.replace(" ", "-") for h in headings].count(edition.TOUR) == 1, headings
    assert [h.replace(" ", "-") for h in headings].count(edition.KEY) == 1, headings  # "↑ the Key" lands there
    heading = edition.part_heading_html({"topic": "t", "first": "p01", "last": "p02"}, 1, 2)
    assert f'<a href="#{edition.KEY}">' in heading


def test_a_mark_says_what_to_compare_where_an_odd_phrase_shows_only_beside_another():
    """A reader of the memo page found nothing odd in p04's first underlined phrase, a plain list of leaders: the
    mark on p04 says what to compare, and every such hint sits on a paragraph with two or more odd phrases."""
    apps = apparatus.apparatus_all()
    rows = {r["id"]: r for r in data.rows("paragraphs")}
    assert edition.COMPARE
    for pid, compare in edition.COMPARE.items():
        assert len(apps[pid].anomalies) >= 2, pid
        shown = html.unescape(edition.paragraph_html(rows[pid], apps[pid]))
        assert f"{len(apps[pid].anomalies)} odd phrases to judge, underlined with dots ({compare})" in shown
        assert shown.count("underlined") == 1  # a reader read "underlined ... underlined with dots" twice
    other = next(pid for pid in rows if apps[pid].anomalies and pid not in edition.COMPARE)
    assert "to judge: compare" not in html.unescape(edition.paragraph_html(rows[other], apps[other]))
