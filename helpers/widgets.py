"""Widgets for the lessons: thin ipywidgets views over the pure functions in the other modules.

Every widget returns one root box with the CSS class ``course-<name>`` and a
``parts`` attribute naming its controls (for tests and for instructors who
want to preset a value). Every control has a visible label and works from
the keyboard. Callbacks only call pure functions (``reading``, ``timeline``,
``questions``, ``notes``, ``charts``) and put the result on screen; charts go
into an ``Output`` as a Vega-Lite v5 bundle that JupyterLab renders offline.
"""
from __future__ import annotations

import datetime as dt
import functools
import html
import warnings
from pathlib import Path
from types import SimpleNamespace

import ipywidgets as w

from . import chart_cache, context, figures, names, notes, questions, reading, reveal, timeline
from .data import DataError
from .excerpts import excerpt, marked_excerpt_html
from .render import chart_numbers_html, learner_spec

DataDir = Path | str | None
VEGALITE = "application/vnd.vegalite.v5+json"
WIDE = {"description_width": "initial"}
NONE = "(choose one)"


NUMBER_PLACEHOLDER = "a number"
NUMBER_BOX_WIDTH = "32em"
"""The widest a self-check's number row (its label and its box) grows; its box is never narrower than
:data:`NUMBER_INPUT` (ipywidgets' fixed 300-pixel row left a box 'a nun' wide beside a long label)."""
NUMBER_INPUT = "12em"


STYLE = (
    "<style>[class*='course-'] :is(input, textarea, select, button, summary):focus-visible"
    "{outline:3px solid #0072B2 !important;outline-offset:1px}"
    "[class*='course-'] .widget-radio-box label{height:auto;line-height:1.4;display:flex;"
    "align-items:flex-start;margin-bottom:6px;white-space:normal}"
    "[class*='course-'] .widget-radio-box input{flex:none;order:-1;margin:3px 8px 0 1px}"
    f".course-question-number input[type='text']{{min-width:{NUMBER_INPUT};flex:1 1 {NUMBER_INPUT}}}</style>"
)
"""The course's widget style: keyboard focus drawn as a thick blue ring on every control (ipywidgets' own
focus cue on text boxes is a faint change of border colour), and a choice that wraps taking the lines it
needs (ipywidgets gives each option one line's height, so a long one ran into the next); a number box wide
enough for its placeholder."""


def _root(name: str, children: list, **parts) -> w.VBox:
    focus = w.HTML(STYLE, layout=w.Layout(margin="0", height="0"))
    box = w.VBox([focus, *children])
    box.add_class(f"course-{name}")
    box.parts = SimpleNamespace(**parts)
    return box


def show_chart(out: w.Output, chart) -> None:
    """Put a chart into an Output as a Vega-Lite bundle (its description as the plain-text fallback),
    followed by its "Show the numbers" disclosure when the chart carries its table.

    ``chart`` is an Altair chart or a :class:`helpers.chart_cache.CachedChart` (shown without Altair)."""
    if isinstance(chart, chart_cache.CachedChart):
        out.outputs = chart.widget_outputs()
        return
    spec = learner_spec(chart)
    shown = [{"output_type": "display_data",
              "data": {VEGALITE: spec, "text/plain": spec.get("description", "A chart.")}, "metadata": {}}]
    numbers = chart_numbers_html(chart, spec)
    if numbers:
        shown.append({"output_type": "display_data", "data": {"text/html": numbers, "text/plain": "The numbers."},
                      "metadata": {}})
    out.outputs = tuple(shown)


def _error(err: Exception) -> str:
    return f'<p class="course-error" role="alert">{html.escape(str(err))}</p>'


# --- excerpts, people, close reading ---------------------------------------------------------------

def excerpt_reader(excerpt_ids: list[str] | str, data_dir: DataDir = None) -> w.VBox:
    """Read excerpts with their names and terms marked; choose a term to see its definition or person card."""
    ids = [excerpt_ids] if isinstance(excerpt_ids, str) else list(excerpt_ids)
    if not ids:
        raise DataError("excerpt_reader needs at least one excerpt id from data/excerpts.csv.")
    titles = [(excerpt(i, data_dir).title, i) for i in ids]
    choose = w.Dropdown(options=titles, value=ids[0], description="Excerpt", style=WIDE,
                        layout=w.Layout(width="auto"))
    text = w.HTML()
    term = w.Dropdown(options=[(NONE, "")], value="", description="Explain a name or word", style=WIDE,
                      layout=w.Layout(width="auto"))
    info = w.HTML()
    found: dict[str, names.Term] = {}

    def show_excerpt(_=None) -> None:
        text.value = marked_excerpt_html(choose.value, data_dir)
        found.clear()
        for t in names.terms_in(excerpt(choose.value, data_dir).text, data_dir):
            found[f"{t.kind}:{t.id}"] = t
        term.options = [(NONE, "")] + [(f"{t.label} ({'person' if t.kind == 'person' else 'term'})", key)
                                       for key, t in found.items()]
        term.value = ""
        info.value = ""

    def show_term(_=None) -> None:
        info.value = names.card(found[term.value], data_dir) if term.value in found else ""

    choose.observe(show_excerpt, names="value")
    term.observe(show_term, names="value")
    show_excerpt()
    return _root("excerpt-reader", [choose, text, term, info], excerpt=choose, text=text, term=term, info=info)


def people_explorer(data_dir: DataDir = None, person: str | None = None) -> w.VBox:
    """Everyone in the room and everyone mentioned: filter, choose a person, read the card.

    ``person``: the id (data/people.csv) of the person it opens on, where a lesson asks about one (lesson 01's
    reader had to get past Mao's long card to reach Chervenkov's); by default the first in the list. An unknown id
    is a DataError naming it and the file."""
    show = w.ToggleButtons(options=[("Everyone", ""), ("In the room", "present"), ("Mentioned", "mentioned")],
                           value="", description="Show", style=WIDE)
    menu = w.Dropdown(description="Person", style=WIDE, layout=w.Layout(width="auto"))
    info = w.HTML()

    def refill(_=None) -> None:
        options = names.people_list(show.value or None, data_dir)
        menu.options = options
        menu.value = options[0][1] if options else None
        show_card()

    def show_card(_=None) -> None:
        info.value = names.person_card(menu.value, data_dir) if menu.value else "<p>No one to show.</p>"

    show.observe(refill, names="value")
    menu.observe(show_card, names="value")
    refill()
    if person is not None:
        if person not in [pid for _, pid in menu.options]:
            raise DataError(f"people_explorer: {person!r} is not a person id in data/people.csv.")
        menu.value = person
    return _root("people-explorer", [show, menu, info], show=show, person=menu, info=info)


def close_reading(phrase: str = "teacher", data_dir: DataDir = None) -> w.VBox:
    """Type a word or phrase: every occurrence in context, and how often it comes along the conversation."""
    box = w.Text(value=phrase, description="Word or phrase", continuous_update=False, style=WIDE)
    table = w.HTML()
    chart = w.Output()

    def update(_=None) -> None:
        table.value = reading.kwic_html(box.value, data_dir=data_dir)
        if box.value.strip():
            show_chart(chart, chart_cache.chart("frequency_chart", box.value, data_dir))
        else:
            chart.outputs = ()

    box.observe(update, names="value")
    update()
    return _root("close-reading", [box, chart, table], phrase=box, table=table, chart=chart)


# --- the timeline ----------------------------------------------------------------------------------

def timeline_explorer(categories: list[str] | None = None, start=None, end=None,
                      data_dir: DataDir = None, detail: tuple | None = None,
                      labels: list[str] | None = None, list_paragraphs: bool = True) -> w.VBox:
    """Choose categories and years: the timeline chart and the list of events follow; pick an event to read
    its card and the memo's paragraphs about it.

    Every mouse route in the chart has a menu route with the same result: the From and To menus choose
    the period the chart's detail shows (as dragging on the overview does), and the Event menu shows the
    event's description, sources and memo paragraphs (as clicking it in the chart does).

    Parameters
    ----------
    categories : the categories ticked when it opens (values of ``category`` in data/events.csv, e.g.
        ``["Great Leap Forward"]``); ``None``: every category. The learner can tick the others. An unknown
        category is a DataError that lists the valid ones.
    start, end : the years it opens on (``1958`` or ``"1958"``); by default
        :data:`~helpers.timeline.OPENING_YEARS`, with
        every year one click away (the "Show the whole timeline" button). Given alone, ``start`` runs to the opening
        span's end, ``end`` from its start (see :func:`~helpers.timeline.explorer_span`).
    data_dir : the data folder (default: the course's ``data/``).
    detail : the period the chart's detail opens on, two years or two months (``("1958-07", "1958-10")``);
        by default the years chosen. It holds while the learner keeps the opening years; choosing others
        shows those whole. Its years widen the opening years where they fall outside them.
    labels : ids of events whose short titles are written beside their marks in the chart (see
        :func:`helpers.timeline_charts.timeline_chart`); an unknown id is a DataError naming it and
        data/events.csv. Those of unticked categories are left out.
    list_paragraphs : whether the list of events under the chart gives each event's memo paragraphs ("memo
        p59"); ``False`` leaves them out where they would answer a lesson's question before any click (the
        event's card, opened from the Event menu or the chart, still gives them).
    """
    every = timeline.event_rows(data_dir)
    present = {r["category"] for r in every}
    kinds = [c for c in timeline.categories(data_dir) if c in present] or sorted(present)
    last = max(int((r["end"] or r["start"])[:4]) for r in every)
    years = list(range(int(min(r["from"] for r in every)[:4]), last + 1))
    ticked = set(timeline.explorer_categories(categories, kinds))
    opening = timeline.explorer_span(start, end, years)
    named = timeline.label_ids(labels, data_dir)
    if detail is not None:
        bounds = timeline.detail_bounds(detail)
        opening = (min(opening[0], int(str(bounds[0])[:4])), max(opening[1], int(str(bounds[1])[:4])))
    boxes = [w.Checkbox(value=kind in ticked, description=kind, indent=False, layout=w.Layout(width="auto"))
             for kind in kinds]
    cats = w.VBox([w.HTML("<strong>Categories</strong>"), *boxes])
    cats.add_class("course-categories")
    start = w.Dropdown(options=years, value=opening[0], description="From", style=WIDE, layout=w.Layout(width="auto"))
    end = w.Dropdown(options=years, value=opening[1], description="To", style=WIDE, layout=w.Layout(width="auto"))
    whole = w.Button(description=f"Show the whole timeline ({years[0]}-{years[-1]})",
                     tooltip=f"Show the events of every year, {years[0]} to {years[-1]}", layout=w.Layout(width="auto"))
    chart = w.Output()
    listing = w.HTML()
    event = w.Dropdown(description="Event", style=WIDE, layout=w.Layout(width="auto"))
    card = w.HTML()
    paragraphs = w.HTML()

    def chosen() -> list[str]:
        return [b.description for b in boxes if b.value]

    def update(_=None) -> None:
        if not chosen():
            listing.value = "<p>Choose at least one category.</p>"
            chart.outputs, event.options, card.value, paragraphs.value = (), [(NONE, "")], "", ""
            return
        low, high = timeline.year_span(start.value, end.value)
        shown = timeline.filter_event_rows(chosen(), low, high, data_dir)
        listing.value = timeline.events_html(shown, paragraphs=list_paragraphs)
        opens = tuple(detail) if detail is not None and (low, high) == opening else (low, high)
        drawn = {r["id"] for r in shown}
        show_chart(chart, chart_cache.chart("timeline_chart", chosen(), low, high, data_dir, detail=opens,
                                            **({"labels": [i for i in named if i in drawn]} if named else {})))
        keep = event.value
        event.options = [(NONE, "")] + [(f"{r['when']}: {r['title']}", r["id"]) for r in shown]
        event.value = keep if keep in {r["id"] for r in shown} else ""
        show_event()

    def show_event(_=None) -> None:
        card.value = context.card("events", event.value, data_dir).to_html() if event.value else ""
        paragraphs.value = timeline.paragraphs_html(event.value, data_dir) if event.value else ""

    def every_year(_=None) -> None:
        with start.hold_trait_notifications(), end.hold_trait_notifications():
            start.value, end.value = years[0], years[-1]

    for box in boxes:
        box.observe(update, names="value")
    start.observe(update, names="value")
    end.observe(update, names="value")
    whole.on_click(every_year)
    event.observe(show_event, names="value")
    update()
    return _root("timeline-explorer", [w.HBox([cats, w.VBox([start, end, whole])]), chart, listing, event, card,
                                       paragraphs],
                 categories=boxes, start=start, end=end, every_year=whole, chart=chart, events=listing, event=event,
                 card=card, paragraphs=paragraphs)


# --- stated against the record -------------------------------------------------------------------

STATED = {name: functools.partial(chart_cache.chart, f"{name}_chart") for name in ("steel", "harvest", "communes")}
"""The charts with a record, by the name a lesson gives: each draws its chart (from the chart cache)."""
VIEWS = [("The memo alone", False), ("With other sources", True)]

OPENS_ON = {"sources": True, "memo": False}
"""``stated_vs_record(opens_on=...)``: the view the switch opens on, by name (the value of :data:`VIEWS`)."""


RECORD_SERIES = {"steel": ["steel"], "harvest": figures.HARVEST, "communes": ["communes"]}
"""The series of ``data/record.csv`` each chart with a record draws."""


def stated_vs_record(chart: str = "steel", years: list[int] | None = None, data_dir: DataDir = None,
                     ids: list[str] | None = None, opens_on: str = "sources") -> w.VBox:
    """Switch a chart between the memo's numbers beside other sources' (the view it opens on by default, since
    a lesson shows the memo's chart just above it) and the memo's numbers alone. The switch is labelled "The
    chart shows:" (a reader of lesson 05 took a bare "Show" above the buttons for a leftover).

    Parameters
    ----------
    chart : ``"steel"``, ``"harvest"`` or ``"communes"``.
    years : other sources' rows (``data/record.csv``) only for these years, e.g. ``[1958]``; ``None``: every
        year. The memo's own figures are drawn whatever the years. A year with no rows for the chart is a
        :class:`~helpers.data.DataError` naming the years that have rows.
    ids : only the rows with these ids: of the memo's figures (``data/figures.csv``) and of other sources'
        rows (``data/record.csv``), e.g. ``["steel-1958-july", "steel-1958-eight-months"]``; a side none of
        whose ids is named is drawn whole. An id in neither file (or of another chart) is a
        :class:`~helpers.data.DataError` naming it and the file.
    opens_on : ``"sources"`` (the memo's numbers with other sources', the default) or ``"memo"`` (the memo's
        numbers alone, for a lesson that asks the learner to guess before other sources show). Anything else
        is a :class:`~helpers.data.DataError` naming the choices.
    """
    if opens_on not in OPENS_ON:
        raise DataError(f"stated_vs_record: opens_on={opens_on!r} is not a view of the switch. Choose one of: "
                        f"{', '.join(repr(k) for k in OPENS_ON)} (the memo's numbers with other sources', or "
                        "the memo's numbers alone).")
    if chart not in STATED:
        raise DataError(f"stated_vs_record: {chart!r} is not a chart with a record. Choose one of: "
                        f"{', '.join(STATED)}.")
    years = figures.record_years(years, RECORD_SERIES[chart], data_dir)
    if ids is not None:  # a bad id is one clear error now, not a message after the chart fails to draw
        ids = figures.record_ids(ids, RECORD_SERIES[chart], RECORD_SERIES[chart], data_dir)
        getattr(figures, f"{chart}_numbers")(True, data_dir, years, ids)
    view = w.ToggleButtons(options=VIEWS, value=OPENS_ON[opens_on], description="The chart shows:",
                           style={"description_width": "initial", "button_width": "auto"})
    out = w.Output()
    message = w.HTML()

    def redraw(_=None) -> None:
        try:
            # the memo alone is the same whatever the years: one cache entry for it
            show_chart(out, STATED[chart](record=view.value, data_dir=data_dir,
                                          **({"years": years} if years and view.value else {}),
                                          **({"ids": ids} if ids else {})))
            message.value = ""
        except DataError as err:
            out.outputs = ()
            message.value = _error(err)

    view.observe(redraw, names="value")
    redraw()
    return _root("stated-vs-record", [view, message, out], view=view, chart=out, message=message)


# --- self-check and the learner's notebook -------------------------------------------------------

def _prompt_html(n: int, q: questions.Question) -> str:
    refs = f" <small>(memo {html.escape(', '.join(q.paragraphs))})</small>" if q.paragraphs else ""
    return f"<p><strong>{n}.</strong> {html.escape(q.prompt)}{refs}</p>"


def _feedback_html(fb: questions.Feedback) -> str:
    css = {True: "course-right", False: "course-wrong", None: "course-note"}[fb.correct]
    return f'<p class="{css}" role="status">{html.escape(fb.message)}</p>'


def self_check(lesson: str | int, folder: Path | str | None = None, data_dir: DataDir = None) -> w.VBox:
    """The lesson's self-check: each question with its control, a Check button, feedback and a score line."""
    items = questions.load_questions(lesson, folder, data_dir)
    results: dict[str, bool | None] = {}
    revealed: set[str] = set()  # open questions whose model answer the learner has earned
    score = w.HTML()

    def rescore() -> None:
        score.value = f'<p role="status"><strong>{questions.score(results, items)}</strong></p>'

    rescore()
    rows, parts = [], []
    for n, q in enumerate(items, start=1):
        feedback = w.HTML()
        if q.kind == "choice":
            # Shown shuffled (questions.display_order); the value is the option's text, so marking is unchanged.
            control = w.RadioButtons(options=list(questions.as_displayed(q).options), value=None, description="Your answer", style=WIDE,
                                     layout=w.Layout(width="auto"))
            button = w.Button(description="Check", tooltip=f"Check your answer to question {n}")
        elif q.kind == "number":
            # Starts empty: a first Check asks for a number instead of marking an untouched 0 wrong.
            control = w.Text(value="", placeholder=NUMBER_PLACEHOLDER, description=f"Your answer ({q.unit})"
                             if q.unit else "Your answer", continuous_update=False, style=WIDE,
                             layout=w.Layout(width="auto", max_width=NUMBER_BOX_WIDTH))
            button = w.Button(description="Check", tooltip=f"Check your answer to question {n}")
        else:
            control = w.Textarea(description="Your answer", placeholder="Write your answer first.", style=WIDE,
                                 layout=w.Layout(width="90%", height="6em"))
            button = w.Button(description="Show model answer", tooltip=f"Show a model answer to question {n}",
                              layout=w.Layout(width="auto"))  # the whole label, never "Show model ans..."

        def check(_=None, q=q, control=control, feedback=feedback) -> None:
            fb = questions.check_answer(q, control.value)
            feedback.value = _feedback_html(fb)
            if q.kind == "open":
                if control.value.strip():
                    revealed.add(q.id)
            else:
                results[q.id] = fb.correct
                rescore()

        def changed(_=None, q=q, feedback=feedback) -> None:
            # Feedback speaks of the answer shown, never of an earlier one. The browser sends a click at once but
            # holds a new answer back while the last one is on its way, so a quick Check can reach the kernel
            # before the answer it follows: a new answer clears the old verdict. A model answer, once earned,
            # stays while the learner revises.
            if q.id in revealed:
                return
            feedback.value = ""
            if results.pop(q.id, None) is not None:
                rescore()

        button.on_click(check)
        control.observe(changed, names="value")
        box = w.VBox([w.HTML(_prompt_html(n, q)), control, button, feedback])
        box.add_class(f"course-question-{q.kind}")
        rows.append(box)
        parts.append(SimpleNamespace(question=q, input=control, check=button, feedback=feedback))
    return _root("self-check", [*rows, score], questions=parts, score=score, results=results)


def learners_notebook(lesson: str | int, prompts: list[str] | None = None,
                      folder: Path | str | None = None) -> w.VBox:
    """A text box per prompt, prefilled from the learner's notes file, and a Save button with a status line.

    The prompts are by default the ``[notes]`` table of the lesson's ``lessons/questions/NN.toml``; an
    answer saved under a prompt's former words (its ``[notes_formerly]``) fills its box. An answer saved
    under a prompt since cut from the lesson (its ``[notes_retired]``) gets a box of its own after the
    others, headed "You answered this in an earlier version of this lesson", and is saved back under
    the heading it was found under; a cut prompt with no saved answer shows nothing.

    Saving sends only the answers changed in this widget: an answer saved meanwhile from another
    window (the lesson open twice) stays current, and its box shows it; when both changed, the one
    saved last is current and the other is kept as an earlier version. Problems (a read-only folder,
    an unreadable file) show as a sentence in the status line, never as a traceback.
    """
    former: dict[str, list[str]] = {}
    retired: dict[str, list[str]] = {}
    if prompts is None:
        read = questions.read_notes_prompts(lesson)
        prompts, former, retired = read.prompts, read.former, read.retired
    status = w.HTML()
    path = notes.notes_path(lesson, folder)
    keys = [notes.prompt_key(p) for p in prompts]
    messages: list[str] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", notes.NotesWarning)
            saved = notes.load_notes(lesson, folder)
        messages = [str(m.message) for m in caught]
    except OSError as err:
        saved, messages = {}, [notes.explain(err, path, "read")]
    shown = {key: notes.answer_for(saved, prompt, former.get(prompt, [])) for key, prompt in zip(keys, prompts)}
    earlier = notes.retired_answers(saved, list(retired.values()), exclude=keys)
    shown.update(earlier)
    headings = [*prompts, *earlier]  # what each box is saved under: a cut prompt's answer stays where it was
    keys = [*keys, *earlier]
    boxes = []
    children: list = []
    for n, (heading, key) in enumerate(zip(headings, keys), start=1):
        area = w.Textarea(value=shown[key], description=f"Answer {n}",
                          tooltip=heading, style=WIDE, layout=w.Layout(width="90%", height="6em"))
        boxes.append(area)
        lead = "You answered this in an earlier version of this lesson: " if key in earlier else ""
        children += [w.HTML(f"<p><strong>{n}.</strong> {lead}{html.escape(heading)}</p>"), area]
    save = w.Button(description="Save", button_style="primary", tooltip="Save your answers to your notes file")
    status.value = _notes_status(path, None, messages)

    def on_save(_=None) -> None:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", notes.NotesWarning)
            try:
                result = notes.save_answers(lesson, {h: b.value for h, b in zip(headings, boxes)}, folder,
                                            base=shown)
            except (OSError, ValueError) as err:
                status.value = _error(notes.explain(err, path))
                return
        found, both = [], []
        for n, (key, box) in enumerate(zip(keys, boxes), start=1):
            if key in result.kept:
                box.value = result.answers[key]
                found.append(str(n))
            if key in result.superseded:
                both.append(str(n))
            shown[key] = result.answers.get(key, shown[key])
        extra = [str(m.message) for m in caught]
        if found:
            extra.append(f"Answer {', '.join(found)} had been saved from another window since this one opened; "
                         "the newer text is kept and now shown here.")
        if both:
            extra.append(f"Answer {', '.join(both)} had also been changed in another window: yours is now current, "
                         f"and the other text is kept under '{notes.EARLIER}' in {path.name}.")
        status.value = _notes_status(result.path, dt.datetime.now(), extra)

    save.on_click(on_save)
    return _root("learners-notebook", [*children, save, status], answers=boxes[:len(prompts)],
                 earlier=dict(zip(earlier, boxes[len(prompts):])), save=save, status=status)


def _notes_status(path: Path, when: dt.datetime | None, messages: list[str]) -> str:
    e = html.escape
    line = (f"Saved to {e(path.name)} at {when:%H:%M:%S}." if when else
            f"Your answers are saved to {e(path.name)} in this folder when you press Save.")
    extra = "".join(f'<br><span class="course-warning">{e(m)}</span>' for m in messages)
    return f'<p role="status">{line}{extra}</p>'


# --- predict, then reveal ------------------------------------------------------------------------

def predict(lesson: str | int, anomaly_id: str, folder: Path | str | None = None,
            data_dir: DataDir = None, question: str | None = None, rules_folded: bool = False) -> w.VBox:
    """An anomaly card with its verdict folded until the learner commits a choice and a sentence of reason.

    Commit saves the guess, the reason and the revealed verdict to the lesson's
    notes file (``NN-my-notes.md``) and shows the whole card. "Show anyway"
    reveals the verdict without a guess and saves nothing. The verdict is not on the page before.
    ``question`` replaces the full question (no lesson uses it now: readers of 06 missed the full rule).
    ``rules_folded`` folds the list of when to choose each answer, for a lesson's second and later box.
    """
    card = context.card("anomalies", anomaly_id, data_dir)
    shown = w.HTML(reveal.before_commit(card).to_html(hide_verdict=True))
    ask = w.HTML(f'<p style="margin:0.4em 0"><strong>Your turn.</strong> {html.escape(question)}</p>' if question
                 else reveal.question_html(folded=rules_folded))
    choice = w.RadioButtons(options=list(reveal.CHOICES), value=None, description="Your answer", style=WIDE,
                            layout=w.Layout(width="auto"))
    reason = w.Textarea(description="Your reason", placeholder=reveal.REASON_PROMPT, style=WIDE,
                        layout=w.Layout(width="90%", height="4em"))
    commit = w.Button(description="Commit", button_style="primary",
                      tooltip="Save your answer and reason to your notes, then see the verdict")
    anyway = w.Button(description="Show anyway", tooltip="Show the verdict without committing an answer",
                      layout=w.Layout(width="auto"))
    status = w.HTML()

    def show_all(message: str) -> None:
        shown.value = card.to_html()
        status.value = f'<p role="status">{html.escape(message)}</p>'

    def on_commit(_=None) -> None:
        missing = reveal.problem(choice.value, reason.value)
        if missing:
            status.value = f'<p role="status">{html.escape(missing)}</p>'
            return
        try:
            written = notes.save_notes(lesson, reveal.notes_entry(card, choice.value, reason.value), folder)
        except (OSError, ValueError) as err:
            status.value = _error(f"Not saved: {err}")
            return
        show_all(f"{reveal.feedback(card, choice.value)} Your answer is saved in {written.name}.")

    def on_anyway(_=None) -> None:
        show_all("Shown without an answer. Next time, try committing a guess first: it is how you find out "
                 "what you really think.")

    commit.on_click(on_commit)
    anyway.on_click(on_anyway)
    return _root("predict", [shown, ask, choice, reason, w.HBox([commit, anyway]), status], card=shown,
                 choice=choice, reason=reason, commit=commit, anyway=anyway, status=status)
