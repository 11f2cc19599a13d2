"""The memo, annotated: the page that shows every paragraph in order with its apparatus.

Pure functions from the memo's rows and the apparatus (:mod:`helpers.apparatus`)
to HTML; every piece of text from the data files is escaped before any markup
is added. Each paragraph is a ``<section id="p51" data-jupyter-id="p51">``:
JupyterLab follows a link ``memo.ipynb#p51`` to the element whose
``data-jupyter-id`` is ``p51`` (its default sanitizer settings), a browser
follows ``#p51`` to the ``id``. The apparatus folds in ``<details>`` (no kernel
needed to open it; print opens it), and an anomaly's verdict folds once more,
so that a learner can predict before revealing.

The navigator over this page is :mod:`helpers.navigator`; the links from the
lessons' Markdown to it are :mod:`helpers.paragraph_links`.
"""
from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

from . import data
from .apparatus import Apparatus, apparatus_all
from .authoring.quotations import is_verbatim, named_before, quotations
from .citation import citation
from .context import card
from .memo import RECORD, load_memo
from .notebooks import lesson_paths, read_notebook
from .reactions import STAGE_DIRECTION
from .reveal import ASK

DataDir = Path | str | None
YEAR, CLOCK = "year", "hour of the day"
"""Units whose numbers are dates or times, not amounts: written "the year 1927" and "21:30", never "1,927 year"."""
MODES = {"direct": "direct speech", "reported": "reported speech", "narration": "the recorder's narration"}
SPEAKER_LABELS = {RECORD: "the recorder"}
"""How the page names a speaker where the data's name would mislead: the narration is the recorder's, and "the
record" means the whole memo elsewhere in the course."""
STYLE = (
    "<style>"
    ".memo-edition{max-width:52em}"
    ".memo-para{border-top:1px solid #ccc;padding:0.4em 0 0.6em 0;scroll-margin-top:3em}"
    ".memo-para-head{font-family:sans-serif;font-size:14px;color:#333}"
    ".memo-para-head a{font-weight:bold;color:#004c80}"
    ".memo-text{margin:0.3em 0 0.4em 0;font-size:1.05em;line-height:1.5}"
    ".memo-stage{font-style:italic;background:#fdf3d8;color:#5a4000;padding:0;border-radius:3px}"
    ".memo-stage-run{white-space:nowrap}"
    ".memo-apparatus>summary,.memo-verdict>summary,.memo-part-guide>summary,.memo-events>summary{cursor:pointer;color:#004c80;font-family:sans-serif;"
    "font-size:14px;line-height:1.5;margin:0.2em 0}"
    ".memo-apparatus>summary{color:#444444;font-size:14px}"
    ".memo-apparatus{margin-left:0.6em}"
    ".memo-quoted-in{margin:0.2em 0 0.2em 0.6em;color:#444444;font-family:sans-serif;font-size:14px}"
    ".memo-apparatus h4{font-family:sans-serif;font-size:0.95em;margin:0.6em 0 0.2em 0}"
    ".memo-figures td,.memo-figures th{border:1px solid #bbb;padding:2px 5px;vertical-align:top;text-align:left}"
    ".memo-figures{border-collapse:collapse;font-size:0.9em}"
    ".memo-part{font-family:sans-serif;font-size:1.1em;margin:1.6em 0 0.3em 0;color:#1a1a1a}"
    ".memo-part-range{font-weight:normal;color:#4d4d4d;font-size:0.85em}"
    ".memo-part-summary{font-family:sans-serif;font-size:15px;color:#333;margin:0 0 0.5em 0}"
    ".memo-part-guide{font-family:sans-serif;font-size:14px;margin:0 0 0.5em 0}"
    # a question, not a link: dark text, not the links' blue (a reader took it for a jump)
    ".memo-part-guide>summary{color:#1a1a1a}"
    ".memo-part-guide>p{margin:0.2em 0 0 1.2em}"
    ".memo-contents{font-family:sans-serif;font-size:0.95em;margin:0.8em 0 1.2em 0}"
    ".memo-contents a{color:#004c80}"
    ".memo-judge{text-decoration:underline dotted #8a3b00;text-decoration-thickness:2px;text-underline-offset:3px}"
    ".memo-part-nav{font-family:sans-serif;font-size:13px;margin:0 0 0.5em 0}"
    ".memo-part-nav a{color:#004c80}"
    # the mark on a paragraph's head is plain words on the head's line, no glyph: a reader of Part 8 met a wall of
    # ⚠ marks, one per paragraph; the one ⚠ per part is on its heading's line (:func:`part_summary`)
    ".memo-odd{color:#8a3b00}"
    ".memo-part-summary a{color:#004c80}"
    "</style>"
)


PART_GUIDE = {
    "setting": ("p04", 'Who greeted the guests, and who was only "with him"?',
                'Mao "greeted the gathering"; Chen Yi, "the Minister of Defense, Zhu De", "and others" greeted the '
                'guests. Liu Shaoqi, Zhou Enlai and Deng Xiaoping were only "with him", and so, the first time he is '
                'named, was Zhu De (p04).'),
    "toasts": ("p12", "Before the scientists arrive, Mao looks to victory (p09). After greeting them, what does he "
                      "come back to, and how sure is he now?",
               'Victory, and now with no date but no doubt either: "Sooner or later, we undoubtedly will accomplish '
               'victory over imperialism" (p12).'),
    "war-peace": ("p18", "Talks go on in Warsaw. Whom, says Mao, is China fighting?",
                  'The Americans: "aren\'t we fighting with the USA!?" (p18).'),
    "teachers": ("p20", "Who are Mao's three teachers?",
                 'First "communists and Marxists", "second we have Dulles, and still a third teacher - Jiang Jieshi!" '
                 "(p20)."),
    "taiwan-levant": ("p26", 'Mao asks "for how long do we keep them occupied?" Who are "them", and what is '
                             "his guess?",
                      'He does not say; lesson 02 reads "them" as the Americans, whom he names just before '
                      '(p25) and soon after: "the Americans will have their way". His guess: "Perhaps for three '
                      'years", and then he doubts it: "my opinion in this case turns out to be incorrect" (p26).'),
    "camp-tito": ("p30", "On what one condition, says Mao, will the camp stay united?",
                  '"under the leadership of the Soviet Union" (p30).'),
    "leap-harvest": ("p42", "In August, how much doubt does Mao keep, and why?",
                     '"1% of doubt", "Because still at this time the fall harvest wasn\'t collected" (p42).'),
    "steel": ("p57", "Until when does Mao keep a doubt about steel?",
              '"for the production of steel until next year" (p57).'),
    "plans-england": ("p62", "Who disagrees with Mao about ships, and what do they say?",
                      '"comrades Zhou Enlai and Deng Xiaoping maintain, that in 12-15 years we can catch up to '
                      'England in ship-building" (p62).'),
    "efremov": ("p71", 'Mao asks whether Efremov is "the representative of all those present" (p70). How does '
                       "Efremov answer, and whom does he say the room supports?",
                'He turns the question into support for Mao: "I think everyone here supports me in this. It\'s '
                'unlikely you\'ll find anyone here that does not support you" (p71).'),
    "communes": ("p78", "Are the communes socialist or communist, says Mao?",
                 '"socialist organizations and not communist", though with "several elements of a communist '
                 'society" (p78).'),
    "farewell": ("p87", 'Mao warns of anyone who "deceives us" (p86). What does Efremov say will happen then, and '
                        "how does the room take it?",
                 'Efremov jokes that a traitor would be one more of Mao\'s ironic teachers, and the room laughs: '
                 '"Then a new "teacher" will appear. (Laughter)." (p87).'),
}
"""For each part of the evening (data/stretches.csv ids): its best paragraph, a question on it and the answer in
the memo's own words (a reader wanted a route through the 96 paragraphs). A test holds each quotation to the memo.
No question gives a tour answer away or decides what the memo leaves open: p04's once asked "Was Zhu De Minister of
Defence?", which answered tour question 1 (who is named twice), and p26's said "the Americans" where Mao says "them".
p04's then asked "Who was Minister of Defence in 1958?", and then whether the second naming's office could be wrong:
both repeated tour question 1 beside p04's notes, and a reader could not tell which of three places held the answer.
It now asks who greets and who is "with him", which the paragraph itself answers."""


JUDGE_FIRST = {
    "steel": (("p51", "a date"), ("p55", "a length of time")),
    "communes": (("p80", "a place"), ("p77", "a word")),
}
"""For a part with many odd phrases, two to judge first, each with what kind of thing it is (a reader of Part 8
met ten marks one after another, judged none, and asked which two or three to try when short of time)."""


MORE_GUIDES = {
    "p50": ("By Mao's account, how many times has the 1958 steel target been raised by the end of p50, and to what?",
            'By his account, twice: to 7.5 million tons (p49), then "again we raised it to: 9.0 million tons" (p50).'),
}
"""A second question inside a long part, on the paragraph it follows (readers of Part 8, 17 paragraphs, skimmed
its ladder of steel figures, p46-p50, and asked for a question there). A test holds each quotation to its
paragraph."""


TOUR = "The-eight-question-tour"
"""The anchor of the memo page's eight-question tour: its heading "## The eight-question tour", whose id JupyterLab
and the web page both make from the heading's words (a reader jumping from the tour to p04, p14, ... had no way
back). It was "Start here" until a reader took "↑ start here" for a link back to lesson 00, *Start here*."""
TOUR_LINK = "\u2191 the tour"
"""The words of the link back to the tour under each part heading."""
KEY = "Key"
"""The anchor of the memo page's Key (its heading "## Key"): a reader judging p53 had forgotten CC and Politburo and
found the short forms two jumps away, through the tour."""


SIGNPOSTS = {
    "p46": "From here, p46\u2013p50: Mao's ladder of steel figures, one short paragraph per step: last year's output, then "
           "this year's target, step by step.",
    "p51": "From here, p51\u2013p59: the steel target raised again, Mao's doubts, and most of this part's odd "
           "phrases to judge.",
}
"""A line above a paragraph inside a long part, so a reader knows what comes next (readers found Part 8, 17
paragraphs, one long run, and its one-line rungs choppy)."""


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


def lesson_links(data_dir: DataDir = None, lessons_dir: Path | str | None = None) -> dict[str, tuple[str, str]]:
    """``{"03": ("03-climb-the-steel-ladder.ipynb", "Climb the steel ladder")}`` for every lesson."""
    out = {}
    for path in lesson_paths(lessons_dir):
        cells = read_notebook(path).get("cells", [])
        first = "".join(cells[0]["source"]) if cells else ""
        title = first.lstrip("# ").splitlines()[0].strip() if first.strip() else path.stem
        out[path.name[:2]] = (path.name, title)
    return out


def lessons_quoting(lessons_dir: Path | str | None = None) -> dict[str, list[str]]:
    """``{"p86": ["06"]}``: for each paragraph, the lessons whose prose quotes it.

    A lesson quotes a paragraph where a quotation in its Markdown names the
    paragraph in its reference (:func:`helpers.authoring.quotations.quotations`),
    so a paragraph a lesson quotes inline is listed under that lesson even
    without an excerpt row; so does a quotation whose sentence names the
    paragraph before it (:func:`~helpers.authoring.quotations.named_before`)
    where its words stand in that paragraph.
    """
    memo = {r["id"]: r["text"] for r in load_memo().rows}
    out: dict[str, list[str]] = {}
    for path in lesson_paths(lessons_dir):
        code = path.name[:2]
        for cell in read_notebook(path).get("cells", []):
            if cell.get("cell_type") != "markdown":
                continue
            text = "".join(cell["source"])
            named = [[p for p in q.paragraphs if is_verbatim(q.words, memo.get(p, ""))] for q in named_before(text)]
            for pids in [q.paragraphs for q in quotations(text)] + named:
                for pid in pids:
                    if code not in out.setdefault(pid, []):
                        out[pid].append(code)
    return out


def with_quoting_lessons(app: Apparatus, quoting: dict[str, list[str]]) -> Apparatus:
    """A copy of ``app`` whose lessons also hold the lessons that quote its paragraph, in order."""
    extra = [code for code in quoting.get(app.paragraph, []) if code not in app.lessons]
    return replace(app, lessons=sorted(app.lessons + extra)) if extra else app


def _amount(value: float, unit: str) -> str:
    """One number as a reader writes it: 700,000 units; a clock time 21.5 as 21:30; a calendar year bare.

    >>> _amount(700000, "units"), _amount(21.5, "hour of the day"), _amount(1927, "year")
    ('700,000', '21:30', '1927')
    """
    if unit == CLOCK:
        return f"{int(value):02d}:{round(value % 1 * 60):02d}"
    return f"{value:,g}" if unit != YEAR else f"{value:g}"


def _stated(fig: dict) -> str:
    """What the memo states, as a figure's row gives it: "10.7 million tons (1958)", a range "20–25 ...", a clock
    time "21:30–23:30" (its label says "clock time"), a calendar year "the year 1927", or, where the memo gives no number ("tens of thousands"),
    "no number given (households, 1958)"."""
    year, unit = fig["year"], fig["unit"]
    if fig["value"] is not None:
        amount = _amount(fig["value"], unit)
    elif fig["low"] is not None and fig["high"] is not None:
        amount = f"{_amount(fig['low'], unit)}–{_amount(fig['high'], unit)}"
    else:
        return f"no number given ({unit}" + (f", {year})" if year is not None else ")")
    if unit == YEAR:
        return f"the year {amount}"
    if unit == CLOCK:
        return amount
    return f"{amount} {unit}" + (f" ({year})" if year is not None else "")


def _figures_html(app: Apparatus, data_dir: DataDir, open_: bool = False) -> str:
    e = html.escape
    figures = data.by_id("figures", data_dir)
    rows = []
    for fid in app.figures:
        fig = figures[fid]
        record = "".join(card("record", rid, data_dir).to_html(sources_open=open_) for rid in app.records.get(fid, []))
        rows.append(f'<tr data-figure="{e(fid)}"><td>{e(fig["label"])}: <strong>{e(_stated(fig))}</strong>, '
                    f"{e(fig['kind'])}<br><q>{e(fig['quote'])}</q></td>"
                    f"<td>{record or '<em>No other source is set beside this figure.</em>'}</td></tr>")
    return ('<table class="memo-figures"><caption>What the memo states, and what other sources say</caption>'
            "<thead><tr><th scope='col'>Stated in the memo</th><th scope='col'>What other sources say</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def underline_odd(marked: str, quotes: list[str]) -> str:
    """A paragraph's words (already :func:`text_html`) with each odd phrase to judge underlined with dots, so that a
    reader dipping in knows which words the ⚠ means (a reader read all of p42 looking for them, and guessed wrong).
    The underline adds no words: stripping the tags still gives the text back. A phrase is underlined where it
    stands in the text, once; one that crosses a stage direction's mark is left plain.

    >>> underline_odd("He said so.", ["said"])
    'He <span class="memo-judge" title="An odd phrase to judge: see the notes below">said</span> so.'
    """
    for quote in quotes:
        escaped = html.escape(quote, quote=False)
        if escaped in marked:
            marked = marked.replace(escaped, f'<span class="memo-judge" title="An odd phrase to judge: see the notes '
                                             f'below">{escaped}</span>', 1)
    return marked


def _anomalies_html(app: Apparatus, data_dir: DataDir, open_: bool) -> str:
    e = html.escape
    rows = data.by_id("anomalies", data_dir)
    out = []
    for aid in app.anomalies:
        quote = rows[aid]["quote"]
        out.append(f'<div class="memo-anomaly" data-anomaly="{e(aid)}"><p>Something is odd in '
                   f"\u201c{e(quote)}\u201d. {e(ASK)} First ask who is speaking. Then choose one of the Key's three "
                   "answers, with a reason (it may name Mao or the recorder, even though no answer names them). "
                   "Decide, then open the verdict.</p>"
                   f'<details class="memo-verdict"{" open" if open_ else ""}><summary>Reveal the verdict'
                   f"</summary>{card('anomalies', aid, data_dir).to_html(sources_open=open_)}</details></div>")
    return "".join(out)


def apparatus_html(app: Apparatus, open_: bool = False, data_dir: DataDir = None,
                   lessons: dict[str, tuple[str, str]] | None = None) -> str:
    """One paragraph's apparatus as a ``<details>`` block (opened when ``open_``, as in print), its summary the
    grey notes line; a paragraph with nothing attached gets no line at all (a reader of the whole memo found the
    "Notes for p06: none" lines a field of grey between the speeches), and a paragraph whose only note is a lesson
    that quotes it gets that link as a plain line ("Quoted in Lesson 03: ..."), not a fold. Its question on a
    passage to judge offers every hand and asks who is speaking: leaving Mao out where he does not speak gave
    lesson 06's answer away."""
    e = html.escape
    lessons = lesson_links() if lessons is None else lessons
    parts = []
    if app.anomalies:  # the guess comes first: people, terms and figures below could give the verdict away
        parts.append("<h4>To judge: guess, then reveal</h4>" + _anomalies_html(app, data_dir, open_))
    if app.people:
        parts.append("<h4>People</h4>" + "".join(_person_html(i, data_dir, open_, named=i not in app.unnamed)
                                                 for i in app.people))
    if app.terms:
        parts.append("<h4>Terms</h4>" + "".join(card("glossary", i, data_dir).to_html(sources_open=open_) for i in app.terms))
    if app.figures:
        parts.append("<h4>Numbers the memo states</h4>" + _figures_html(app, data_dir, open_))
    if app.events:
        cards = "".join(card("events", i, data_dir).to_html(sources_open=open_) for i in app.events)
        if app.anomalies:  # an event can tell what the anomaly's verdict tells: fold it until then
            cards = (f'<details class="memo-events"{" open" if open_ else ""}><summary>Show the events '
                     f"({len(app.events)}): open them after the verdict</summary>{cards}</details>")
        parts.append("<h4>Events it points to, then and after</h4>" + cards)
    links = [f'<a href="{e(lessons[c][0])}">Lesson {e(c)}: {e(lessons[c][1])}</a>' if c in lessons
             else f"Lesson {e(c)}" for c in app.lessons]
    if links and not parts:  # a fold holding only a link looked empty to a reader: the link is a line
        return f'<p class="memo-quoted-in">Quoted in {", ".join(links)}.</p>'
    if links:
        parts.append("<h4>Lessons that quote it</h4><ul>" + "".join(f"<li>{a}</li>" for a in links) + "</ul>")
    if not parts:
        return ""
    return (f'<details class="memo-apparatus"{" open" if open_ else ""}><summary>Notes for {e(app.paragraph)}'
            f": {e(note_label(app))}</summary>{''.join(parts)}</details>")


def _first_sentence(text: str) -> str:
    """The first sentence (or clause before a semicolon) of a text, ending with a full stop. A sentence ends where
    the next word starts with a capital, so an archive's "f. 9576" does not cut it short.

    >>> _first_sentence("Deputy prime minister of Bulgaria; member of the Politburo. More.")
    'Deputy prime minister of Bulgaria.'
    >>> _first_sentence("The recorder (the file is in GARF f. 9576, op. 18). Unknown.")
    'The recorder (the file is in GARF f. 9576, op. 18).'
    """
    head = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“'(])|;\s+", str(text).strip(), maxsplit=1)[0].rstrip(".,;: ")
    return head + "." if head else ""


def _person_html(person_id: str, data_dir: DataDir, open_: bool = False, named: bool = True) -> str:
    """A person in the notes, light first: the name (marked when the paragraph does not print it: a reader
    counted six names in p04 against its notes' seven people), the office in one sentence, what he does in the memo;
    the whole card (other names, sources, what is uncertain) in a second fold."""
    e = html.escape
    row = data.by_id("people", data_dir)[person_id]
    office = _first_sentence(row.get("office_1958") or "")
    role = str(row.get("memo_role") or "").strip()
    lead = (f"<strong>{e(row['name'])}</strong>" + ("" if named else " (not named in the paragraph)")
            + (f": {e(office)}" if office else ""))
    if "unverified" in str(row.get("uncertain") or "").lower():
        lead += " (Partly unverified: see below.)"
    if role:
        lead += f" In the memo: {e(role)}."
    return (f'<div class="memo-person" data-person="{e(person_id)}"><p style="margin:0.3em 0">{lead}</p>'
            f'<details class="memo-person-more"{" open" if open_ else ""}><summary>More about {e(row["name"])}: '
            f"other names, sources, what is uncertain</summary>"
            f"{card('people', person_id, data_dir).to_html(sources_open=open_)}</details></div>")


def note_label(app: Apparatus) -> str:
    """What a paragraph's notes hold, as short counts that say what is counted: a reader found whole names and
    titles on every line as long as the speech above them, and another could not tell what "1 word" counted.

    ``"2 odd phrases · 4 people · 1 word explained · 3 numbers · 2 events · in lesson 02"`` ("in lesson"
    names the lessons that quote the paragraph; "numbers", not "figures", which a reader took for pictures); an
    odd phrase to judge leads, so that a learner sees it before opening the notes. People the paragraph does not
    name are counted apart ("6 people + 1 unnamed"): a reader counted six names in p04 against a line of seven.
    """
    def count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}" if n else ""

    named, unnamed = len(app.people) - len(app.unnamed), len(app.unnamed)
    people = (f"{count(named, 'person', 'people')} + {unnamed} unnamed" if named and unnamed
              else count(unnamed, "unnamed person", "unnamed people") if unnamed
              else count(named, "person", "people"))
    said = [s for s in (count(len(app.anomalies), "odd phrase", "odd phrases"), people,
                        count(len(app.terms), "word explained", "words explained"),
                        count(len(app.figures), "number", "numbers"),
                        count(len(app.events), "event", "events")) if s]
    if app.lessons:
        said.append(("in lesson " if len(app.lessons) == 1 else "in lessons ") + ", ".join(app.lessons))
    return " \u00b7 ".join(said) if said else "nothing attached"


def speaker_label(speaker: str) -> str:
    """A speaker as the page names him: "the record" (the data's name for the narration) reads "the recorder".

    >>> speaker_label("the record"), speaker_label("Mao Zedong")
    ('the recorder', 'Mao Zedong')
    """
    return SPEAKER_LABELS.get(speaker, speaker)


def who_speaks(row: dict) -> str:
    """Who speaks a paragraph, and how: "Mao Zedong · direct speech", or "the recorder's narration" alone.

    >>> who_speaks({"speaker": "the record", "mode": "narration"})
    "the recorder's narration"

    Reported speech is the recorder's words too, so its line says so (a reader took p74's "Secretary of the Sofia
    City Party Committee · reported speech" for the guest's own words):

    >>> who_speaks({"speaker": "Secretary of the Sofia City Party Committee", "mode": "reported"})
    "the recorder's narration, reporting the Secretary of the Sofia City Party Committee"
    """
    mode = MODES.get(row["mode"], row["mode"])
    if row["mode"] == "narration" and row["speaker"] == RECORD:
        return mode
    if row["mode"] == "reported":
        return f"{MODES['narration']}, reporting the {speaker_label(row['speaker'])}"
    return f"{speaker_label(row['speaker'])} · {mode}"


COMPARE = {"p04": "read the two together"}
"""What to compare, on the mark of a paragraph whose odd phrase shows only beside another (a reader of the memo page
found nothing odd in p04's first underlined phrase, a plain list of leaders, until the second). It names no one:
"compare how each names Zhu De" gave away the memo page's tour question 1 (who is named twice)."""


BADGE_CHOICES = "guess first (translator / doesn't fit / nothing wrong), then open the notes below"
"""What to do at a mark, with the prediction box's three answers by their short labels (the memo page's Key gives each
in full), in the Key's order: guess, then open the notes (a reader met "open the notes below and choose" on the mark and
"choose, then open the notes" in the Key, and did not know which came first)."""


BADGE_SHORT = "guess, then open the notes below"
"""What to do at a later mark in the same part, in short (:func:`anomaly_badge_html`)."""


def anomaly_badge_html(count: int, compare: str | None = None, short: bool = False) -> str:
    """The mark on a paragraph's header that it holds an anomaly: how many, never which, whose or why, and what to
    do (guess, then "open the notes below": a reader did not know what to do with a bare mark). It is a few plain words at the
    end of the header's line, with no ⚠ and no line of its own: a reader found eight full banners in a row in
    Part 8 "a minefield" and stopped reading Mao, and a later reader still met a wall of ⚠ marks there; the one ⚠
    of a part is on the line under its heading, which lists the paragraphs to judge (:func:`part_summary`). It
    counts "odd phrases", not "passages", which a reader took for whole paragraphs; the phrases are underlined in
    the text (:func:`underline_odd`). The question whether anything went wrong, and if so whose hand, is asked
    once, in the notes it points to (:func:`_anomalies_html`). It ends with the three answers' short labels, as the
    memo page's Key gives them, so that a learner who meets the mark far from the Key still has the three answers.

    >>> anomaly_badge_html(0)
    ''
    >>> "2 odd phrases to judge" in anomaly_badge_html(2)
    True
    >>> "open the notes below" in anomaly_badge_html(1)
    True
    >>> "2 odd phrases to judge, underlined with dots (compare how" in anomaly_badge_html(2, "compare how ...")
    True
    >>> "guess first (translator / doesn't fit / nothing wrong), then open" in html.unescape(anomaly_badge_html(1))
    True

    ``short`` gives the mark of a later marked paragraph in the same part: the count and what to do, without the
    dots and the three answers, which the part's first mark has just given (a reader met the full mark eight times
    in Part 8 and called it repetitive).

    >>> html.unescape(anomaly_badge_html(1, short=True)).split(">")[1]
    '1 odd phrase to judge: guess, then open the notes below</span'
    """
    if not count:
        return ""
    what = "1 odd phrase to judge" if count == 1 else f"{count} odd phrases to judge"
    how = f" ({compare})" if compare else ""
    said = (f"{what}: {BADGE_SHORT}" if short and not compare
            else f"{what}, underlined with dots{how}: {BADGE_CHOICES}")
    return (' · <span class="memo-odd" title="Open the notes: guess whether anything went wrong, and whose hand, '
            f'before you reveal the verdict">{html.escape(said, quote=False)}</span>')


def paragraph_html(row: dict, app: Apparatus, open_: bool = False, data_dir: DataDir = None,
                   lessons: dict[str, tuple[str, str]] | None = None, short_badge: bool = False) -> str:
    """One paragraph: its anchor, id, speaker and mode, its words, and its apparatus. ``short_badge`` gives its
    mark in short, as on every marked paragraph of a part after the first (:func:`anomaly_badge_html`).

    The part of the evening it belongs to is a heading above the part's first
    paragraph (:func:`part_heading_html`), not repeated on every paragraph.
    """
    e = html.escape
    pid = row["id"]
    reacted = " · the room reacts" if app.reactions else ""
    odd = anomaly_badge_html(len(app.anomalies), COMPARE.get(row["id"]), short_badge)
    quotes = [data.by_id("anomalies", data_dir)[aid]["quote"] for aid in app.anomalies]
    return (f'<section class="memo-para" id="{e(pid)}" data-jupyter-id="{e(pid)}" data-speaker="{e(row["speaker"])}" '
            f'data-part="{e(app.part)}" aria-label="Paragraph {e(pid)}">'
            f'<div class="memo-para-head"><a href="#{e(pid)}">{e(pid)}</a> · {e(who_speaks(row))}'
            f"{reacted}{odd}</div>"
            f'<blockquote class="memo-text">{underline_odd(text_html(row["text"]), quotes)}</blockquote>'
            f"{apparatus_html(app, open_, data_dir, lessons)}</section>")


def _parts(data_dir: DataDir = None) -> list[dict]:
    """The stretches of the conversation (data/stretches.csv) in the memo's order."""
    return list(data.rows("stretches", data_dir))


def part_summary(rows: list[dict], apps: dict[str, Apparatus], start: str = "",
                 first: tuple[tuple[str, str], ...] = ()) -> str:
    """What a part holds, in one line from the data: "6 paragraphs · speaks: Mao Zedong · the room reacts in 4
    of them · ⚠ 2 odd phrases to judge, in p20, p22 · short on time? read p20 and the question after it" (the
    speakers in order of first word; the narration is the recorder's, and a guest whose words the recorder only
    reports is marked so). ``start`` is the paragraph the part's question is on (:data:`PART_GUIDE`): a reader facing ten passages to judge in
    one part did not know where to begin. ``first`` names odd phrases to judge first (:data:`JUDGE_FIRST`): "then
    judge p51 (a date) and p55 (a length of time)". The ⚠ here is the part's only one: it lists the paragraphs
    that hold odd phrases (:func:`part_heading_html` links them), so that no paragraph needs a ⚠ of its own (a
    reader of Part 8 met a wall of them, one per paragraph)."""
    speakers = list(dict.fromkeys(speaker_label(r["speaker"]) + (" (reported by the recorder)" if r.get("mode") == "reported"
                                                                   else "") for r in rows))
    reacted = sum(1 for r in rows if apps[r["id"]].reactions)
    judged = sum(len(apps[r["id"]].anomalies) for r in rows)
    where = [r["id"] for r in rows if apps[r["id"]].anomalies]
    said = [f"{len(rows)} paragraph{'' if len(rows) == 1 else 's'}", "speaking: " + ", ".join(speakers)]
    if reacted:
        said.append(f"the room reacts in {reacted} of them")
    if judged:
        said.append(f"\u26a0 {judged} odd phrase{'' if judged == 1 else 's'} to judge, in " + ", ".join(where))
    if start:
        said.append(f"short on time? read {start} and the question after it"
                    + (", then judge " + " and ".join(f"{pid} ({kind})" for pid, kind in first) if first else ""))
    return " \u00b7 ".join(said)


def part_guide_html(stretch_id: str, open_: bool = False) -> str:
    """A part's question on its best paragraph, the answer folded (:data:`PART_GUIDE`), set right after that
    paragraph (the memo page's reader met it above the paragraph and had to scroll back); empty for a part with
    no guide."""
    if stretch_id not in PART_GUIDE:
        return ""
    return guide_html(*PART_GUIDE[stretch_id], open_=open_)


def guide_html(pid: str, question: str, answer: str, open_: bool = False, extra: bool = False) -> str:
    """A question on paragraph ``pid`` with its answer folded; every "(pNN)" in the answer links its paragraph.
    ``extra`` marks a second question inside a long part (:data:`MORE_GUIDES`)."""
    e = html.escape
    shown = re.sub(r"\((p\d{2})\)", lambda m: f'(<a href="#{m.group(1)}">{m.group(1)}</a>)', e(answer))
    kind = "memo-part-guide memo-more-guide" if extra else "memo-part-guide"
    # in the answer: a link inside a summary is a nested control
    return (f'<details class="{kind}"{" open" if open_ else ""}><summary><strong>Question</strong> on '
            f"{e(pid)}, just above (open for the answer): {e(question)}</summary><p>{shown}</p></details>")


def part_heading_html(stretch: dict, number: int, total: int, summary: str = "", next_first: str = "") -> str:
    """The heading above a part of the evening: "Part 4 of 12 · The "teachers": ... (p19–p24)", and under it,
    where given, the line that says what the part holds (:func:`part_summary`), then links up to the list of parts
    and on to the next part (at ``next_first``): a reader who dipped into Part 8 and wanted Part 11 had to scroll
    back to the top. "↑ the tour" goes back to the memo page's eight-question tour (:data:`TOUR`), "↑ the Key" to its
    Key (:data:`KEY`). The paragraphs
    the summary lists to judge ("to judge, in p49, p51, ...") link to them."""
    e = html.escape
    shown = re.sub(r"(to judge, in )(p\d{2}(?:, p\d{2})*)",
                   lambda m: m.group(1) + ", ".join(f'<a href="#{pid}">{pid}</a>' for pid in m.group(2).split(", ")),
                   e(summary))
    line = f'<p class="memo-part-summary">{shown}</p>' if summary else ""
    onward = f' · <a href="#{e(next_first)}">next: Part {number + 1} →</a>' if next_first else ""
    nav = (f'<p class="memo-part-nav"><a href="#{TOUR}">{TOUR_LINK}</a> · <a href="#{KEY}">↑ the Key</a> · '
           f'<a href="#memo-contents">↑ all parts</a>{onward}</p>')
    return (f'<h3 class="memo-part">Part {number} of {total} · {e(stretch["topic"])} '
            f'<span class="memo-part-range">({e(stretch["first"])}–{e(stretch["last"])})</span></h3>{line}{nav}')


def contents_html(data_dir: DataDir = None) -> str:
    """The parts of the evening as a list of links, each to the part's first paragraph."""
    e = html.escape
    items = "".join(f'<li><a href="#{e(s["first"])}">{e(s["topic"])}</a> ({e(s["first"])}–{e(s["last"])})</li>'
                    for s in _parts(data_dir))
    return (f'<nav class="memo-contents" id="memo-contents" data-jupyter-id="memo-contents" '
            f'aria-label="Parts of the evening"><strong>The evening in '
            f"{len(_parts(data_dir))} parts</strong> (the course's own division; each links to its first "
            f"paragraph)<ol>{items}</ol></nav>")


def address_gloss_html(text: str, open_: bool = False) -> str:
    """A fold under the citation that spells out the archive's address ("f. 9576, op. 18, ... l. 312-322"),
    in the words of the memo page's Key; empty if the citation gives no such address. Folded: a reader of the
    memo did not need it to read the memo, and met it as one more line before the text.

    Parameters
    ----------
    text : str
        The archive's citation, as :func:`helpers.citation` reads it.
    open_ : bool
        Open the fold, as in print.
    """
    found = re.search(r"\bf\. \d+, op\. \d+,(?: (\d{4}),)?.*?\bd\. \d+, l\. (\d+)(?:-(\d+))?", text)
    if not found:
        return ""
    year, first, last = found.groups()
    sheets = f"sheets {first} to {last}" if last else f"sheet {first}"
    year_gloss = f"; {html.escape(year)} is the file's year" if year else ""
    return (f'<details class="memo-address"{" open" if open_ else ""}>'
            "<summary>What the archive's address means</summary>"
            "<p>In the archive's address, <em>f.</em> (fond) is the collection, "
            "<em>op.</em> (opis') its inventory, <em>d.</em> (delo) the file and <em>l.</em> (list) the sheet"
            f"{year_gloss}: the memo is on {html.escape(sheets)}.</p></details>")


def edition_html(open_: bool = False, data_dir: DataDir = None, lessons_dir: Path | str | None = None) -> str:
    """The whole annotated memo: the citation, the parts of the evening, then all paragraphs in order, each
    with its apparatus and a heading above the first paragraph of each part."""
    quoting = lessons_quoting(lessons_dir)  # read once: the part summaries and the notes then agree on lessons
    apps = {pid: with_quoting_lessons(app, quoting) for pid, app in apparatus_all(data_dir).items()}
    lessons = lesson_links(data_dir, lessons_dir)
    parts = _parts(data_dir)
    starts = {s["first"]: (n, s) for n, s in enumerate(parts, start=1)}
    asked = {PART_GUIDE[s["id"]][0]: s["id"] for s in parts if s["id"] in PART_GUIDE}
    body = []
    rows = list(load_memo(data_dir).rows)
    order = [r["id"] for r in rows]
    marked = False  # a marked paragraph already met in this part: later marks are short
    for row in rows:
        if row["id"] in starts:
            marked = False
            number, stretch = starts[row["id"]]
            inside = rows[order.index(stretch["first"]):order.index(stretch["last"]) + 1]
            start = PART_GUIDE[stretch["id"]][0] if stretch["id"] in PART_GUIDE else ""
            following = parts[number]["first"] if number < len(parts) else ""
            summary = part_summary(inside, apps, start, JUDGE_FIRST.get(stretch["id"], ()))
            body.append(part_heading_html(stretch, number, len(parts), summary, following))
        if row["id"] in SIGNPOSTS:
            body.append(f'<p class="memo-part-summary memo-signpost">{html.escape(SIGNPOSTS[row["id"]])}</p>')
        body.append(paragraph_html(row, apps[row["id"]], open_, data_dir, lessons, short_badge=marked))
        marked = marked or bool(apps[row["id"]].anomalies)
        if row["id"] in asked:
            body.append(part_guide_html(asked[row["id"]], open_))
        if row["id"] in MORE_GUIDES:
            body.append(guide_html(row["id"], *MORE_GUIDES[row["id"]], open_=open_, extra=True))
    found = citation(data_dir)
    cite = found._repr_html_() + address_gloss_html(found.text, open_)
    return (f'{STYLE}<div class="memo-edition" lang="en"><div class="memo-citation">{cite}</div>'
            f"{contents_html(data_dir)}{''.join(body)}</div>")


def index_html(pids: list[str], data_dir: DataDir = None, words: int = 10) -> str:
    """A list of links to paragraphs (``#p51``), each with its speaker and first words."""
    e = html.escape
    if not pids:
        return "<p>No paragraph matches.</p>"
    paras = data.by_id("paragraphs", data_dir)
    items = []
    for pid in pids:
        text = paras[pid]["text"].split()
        start = " ".join(text[:words]) + (" …" if len(text) > words else "")
        items.append(f'<li><a href="#{e(pid)}">{e(pid)}</a> {e(speaker_label(paras[pid]["speaker"]))}: '
                     f"{e(start)}</li>")
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
