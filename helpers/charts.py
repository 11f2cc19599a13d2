"""The course's charts: tables from ``data/`` in, an Altair chart out.

Every chart has a title, a plain-language ``description`` (read aloud by
screen readers), axis titles with units, the Okabe-Ito palette, tooltips,
and ``usermeta`` that asks for SVG marks and names the chart
(``usermeta["course_chart"]``). Each ``..._chart`` has a ``..._table`` twin
that returns the same numbers as a DataFrame, for screen readers and print.

Every number a chart shows is read from ``data/figures.csv`` or
``data/record.csv`` (or counted in the memo's text); none is written here.
Interactivity (tooltips, the timeline's brush and click) lives inside the
Vega-Lite spec and works offline in JupyterLab.
"""
from __future__ import annotations

import math
import re
import textwrap
from pathlib import Path

import altair as alt
import pandas as pd

from . import data, reading, timeline
from .memo import load_memo
from .render import PALETTE, with_numbers

DataDir = Path | str | None
EMBED = {"renderer": "svg", "actions": False}
MEMO = "The memo"
RECORD = "Other sources"
RECORD_KIND = "other sources"
"""The kind (and so the colour) of every number from outside the memo, in the key beside the memo's kinds."""
LOG_RATIO = 20
"""Where the largest number in a panel is this many times the smallest, the panel uses a log scale."""
WIDTH = 280
"""Plot width of the stated-vs-record panels: with their labels and the number after the longest bar, the whole
chart fits the about 580 pixels JupyterLab gives an output at a 1024-pixel-wide browser window with the file
browser open. Legends go below a chart, never beside it, so that they cannot be cut off at the right."""
LABEL_LIMIT = 210
ALONG_WIDTH = 360
"""Plot width of the charts along the conversation (reactions, frequency): with the topics' names on the
left it fits the about 580 pixels JupyterLab gives an output at a 1024-pixel-wide window."""
UPPER_BOUND = re.compile(r"\bnot more than\b|\bat most\b|\bno more than\b", flags=re.I)
"""Words that make a number a ceiling ("but not more than 100%"): drawn as a limit line, not as a bar."""


WRAP = 30
"""Characters per line of a long axis label: labels wrap onto several lines instead of being cut."""


def _legend(title: str, columns: int = 2, symbol: str | None = None) -> alt.Legend:
    """A legend under the chart, wrapping into columns, so it never widens the chart.

    ``symbol``: the shape its entries show (e.g. ``"square"`` for bars), so that a key matches the marks it names.
    """
    extra = {"symbolType": symbol} if symbol else {}
    return alt.Legend(title=title, orient="bottom", direction="horizontal", columns=columns, labelLimit=260,
                      **extra)


def _wrapped_axis(labels, wrap: int = WRAP, limit: int = LABEL_LIMIT) -> tuple[alt.Axis, int]:
    """An axis whose labels wrap at ``wrap`` characters (in the browser, by a Vega expression), and the
    height in pixels of one row that fits the longest label."""
    lines = max((len(textwrap.wrap(str(label), wrap)) for label in labels), default=1)
    expr = ("slice(split(replace(datum.value, /(.{1,%d})(\\s+|$)/g, '$1|'), '|'), 0, -1)" % wrap)
    return alt.Axis(labelExpr=expr, labelLimit=limit, labelLineHeight=13, labelAngle=0), 8 + 13 * max(lines, 1)


def _meta(name: str) -> dict:
    return {"embedOptions": dict(EMBED), "course_chart": name}


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Nullable pandas dtypes as plain floats and strings, so Altair writes ``null`` for a missing number."""
    out = frame.copy()
    for col in out.columns:
        if str(out[col].dtype) in ("Int64", "Float64"):
            out[col] = out[col].astype("float64")
    return out.reset_index(drop=True)


def _fmt(x: float) -> str:
    return f"{x:,.10g}"


def _shown(row) -> str:
    if pd.notna(row["value"]):
        return _fmt(row["value"])
    if pd.notna(row["low"]) and pd.notna(row["high"]):
        return f"{_fmt(row['low'])}–{_fmt(row['high'])}"
    return "no number given"


def colours(n: int) -> list[str]:
    """``n`` Okabe-Ito colours for marks on white: the yellow is used only when more than seven are needed."""
    usable = [c for c in PALETTE if c != "#F0E442"]
    return (usable if n <= len(usable) else PALETTE)[:n]


def _kinds(data_dir: DataDir) -> list[str]:
    for field in data.resource("figures", data_dir)["schema"]["fields"]:
        if field["name"] == "kind":
            return list(field["constraints"]["enum"])
    return []


def _what_scale(data_dir: DataDir, present) -> alt.Scale:
    """Colours by what a number is (output, target, ...), the same colour for a kind in every chart."""
    every = _kinds(data_dir) + [RECORD_KIND]
    palette = colours(len(every))
    domain = [k for k in every if k in set(present)]
    return alt.Scale(domain=domain, range=[palette[every.index(k)] for k in domain])


# --- the memo's figures and the record ---------------------------------------------------------

MEMO_COLUMNS = ["source", "id", "series", "order", "label", "value", "low", "high", "unit", "year", "kind",
                "paragraph", "quote", "note"]
RECORD_COLUMNS = ["basis", "sources", "citation", "figures"]


def _memo_rows(series: list[str], units: list[str] | None, data_dir: DataDir) -> pd.DataFrame:
    figures = data.load("figures", data_dir)
    rows = figures[figures["series"].isin(series)]
    if units is not None:
        rows = rows[rows["unit"].isin(units)]
    rows = rows.assign(source=MEMO, _s=rows["series"].map(series.index)).sort_values(["_s", "order"])
    return rows[MEMO_COLUMNS].reset_index(drop=True)


def _record_rows(series: list[str], units: list[str] | None, data_dir: DataDir) -> pd.DataFrame:
    record = data.load("record", data_dir)
    rows = record[record["series"].isin(series)]
    if units is not None:
        rows = rows[rows["unit"].isin(units)]
    rows = rows.assign(source=RECORD, kind=RECORD_KIND, order=pd.array([pd.NA] * len(rows), dtype="Int64"),
                       paragraph=rows["paragraphs"], quote="")
    rows["citation"] = [" | ".join(reading.source_citations(s, data_dir)) for s in rows["sources"]]
    rows = rows.sort_values("year", kind="stable", na_position="last")
    return rows[MEMO_COLUMNS + RECORD_COLUMNS].reset_index(drop=True)


def _stated_table(memo_series: list[str], units: list[str] | None, record: bool, record_series: list[str],
                  data_dir: DataDir) -> pd.DataFrame:
    memo = _memo_rows(memo_series, units, data_dir)
    if not record:
        return memo
    shown_units = list(dict.fromkeys(memo["unit"]))
    rec = _record_rows(record_series, None, data_dir)
    rec = rec.assign(_u=rec["unit"].map(lambda u: shown_units.index(u) if u in shown_units else len(shown_units)))
    rec = rec.sort_values("_u", kind="stable").drop(columns="_u")
    return pd.concat([memo.assign(basis="", sources="", citation="", figures=""), rec], ignore_index=True)


def _tooltip(of_record: bool) -> list:
    """Memo rows: the exact words and the paragraph. Record rows: the basis and the sources' citations."""
    tips = [alt.Tooltip("label:N", title="What"), alt.Tooltip("shown:N", title="Number"),
            alt.Tooltip("unit:N", title="Unit")]
    if of_record:
        tips += [alt.Tooltip("year:Q", title="Year", format="d"), alt.Tooltip("basis:N", title="Basis"),
                 alt.Tooltip("citation:N", title="Source(s)"),
                 alt.Tooltip("paragraph:N", title="Memo paragraph(s) it bears on")]
    else:
        tips += [alt.Tooltip("quote:N", title="Exact words"), alt.Tooltip("paragraph:N", title="Paragraph")]
    return tips + [alt.Tooltip("note:N", title="Note")]


def _is_log(values: pd.Series) -> bool:
    """A log scale only where three or more numbers span :data:`LOG_RATIO`; two numbers are better compared as
    plain bars, with their ratio said in words (see :func:`_ratio`)."""
    positive = values[values > 0]
    return len(positive) > 2 and positive.max() / positive.min() >= LOG_RATIO


def _ratio(values: pd.Series) -> str:
    """For a panel of exactly two numbers: 'the larger is about N times the smaller' (else "")."""
    positive = values[values > 0]
    if len(positive) != 2 or positive.max() / positive.min() < 2:
        return ""
    return f"the larger is about {positive.max() / positive.min():,.0f} times the smaller"


CHAR_WIDTH = 6.5
"""About the width in pixels of one character of a chart's 11-pixel text, to make room for it."""
OVERHANG = 60
"""How far in pixels the text after a bar may run past the right end of its panel."""


def _room(rows: pd.DataFrame) -> float | None:
    """The end of a linear axis that leaves room for the text after each bar (its number, and its kind for
    the memo's), so that no text runs far out of the chart; ``None`` where the largest number leaves room."""
    need = []
    for _, r in rows.iterrows():
        end = r["value"] if pd.notna(r["value"]) else r["high"]
        if pd.isna(end) or float(end) <= 0:
            continue
        tag = _shown(r) + ("" if r["source"] == RECORD else f" ({r['kind']})")
        free = WIDTH + OVERHANG - 8 - CHAR_WIDTH * len(tag)
        need.append(float(end) * WIDTH / max(free, WIDTH / 3))
    numbers = _numbers(rows)
    if not need or numbers.empty or max(need) <= numbers.max():
        return None
    return max(need)


def _log_ticks(rows: pd.DataFrame) -> list[int]:
    """Ticks for a log axis at 1, 2 and 5 times each power of ten within the rows' numbers, so that no two
    labels run into each other (Vega's own log ticks label 10,000, 20,000, 30,000 ... side by side)."""
    numbers = _numbers(rows)
    numbers = numbers[numbers > 0]
    if numbers.empty:
        return []
    low, high = math.floor(math.log10(numbers.min())), math.ceil(math.log10(numbers.max()))
    return [m * 10 ** e for e in range(low, high + 1) for m in (1, 2, 5)
            if numbers.min() / 10 <= m * 10 ** e <= numbers.max() * 2]


def _panel(rows: pd.DataFrame, axis_title: str, title: str, log: bool, of_record: bool,
           kinds: list[str], data_dir: DataDir, domain_max: float | None = None) -> alt.LayerChart:
    """Horizontal bars in the rows' order: one number as a bar from zero, a range as a bar from low to high.

    On a log scale (where a bar from zero cannot be drawn) one number is a dot.
    """
    rows = _plain(rows).assign(shown=[_shown(r) for _, r in rows.iterrows()])
    ceiling = [bool(UPPER_BOUND.search(f"{r.get('quote', '')} {r['label']}")) and pd.notna(r["value"])
               for _, r in rows.iterrows()]
    rows = rows.assign(ceiling=ceiling, shown=[f"at most {t}" if c else t for t, c in zip(rows["shown"], ceiling)])
    if log:
        scale = alt.Scale(type="log")
        x_axis = alt.Axis(values=_log_ticks(rows), format=",d", labelOverlap="greedy", labelSeparation=8)
    else:
        x_axis = alt.Axis(labelOverlap=True, labelSeparation=8)
        scale = alt.Scale(zero=True, domainMax=domain_max) if domain_max else alt.Scale(zero=True)
    axis, step = _wrapped_axis(rows["label"])
    base = alt.Chart(rows, title=title).encode(
        y=alt.Y("label:N", sort=list(rows["label"]), title=None, axis=axis),
        # The key names every colour, the memo's kinds and "other sources"; the text beside each of the memo's
        # numbers says its kind too (see ``tag`` below), so colour is never the only sign.
        color=alt.Color("kind:N", scale=_what_scale(data_dir, kinds), title="What the number is",
                        legend=_legend("Colour: what the number is", 3, "square")),
        tooltip=_tooltip(of_record),
    )
    limit = base.transform_filter("datum.ceiling").mark_tick(thickness=4, size=22).encode(
        x=alt.X("value:Q", title=axis_title, scale=scale, axis=x_axis))
    base = base.transform_filter("!datum.ceiling")
    single = base.transform_filter("isValid(datum.value)")
    single = single.mark_point(filled=True, size=150, opacity=1) if log else single.mark_bar(height={"band": 0.7})
    single = single.encode(x=alt.X("value:Q", title=axis_title, scale=scale, axis=x_axis))
    ranged = base.transform_filter("!isValid(datum.value) && isValid(datum.low)").mark_bar(
        height={"band": 0.7}, opacity=0.75, stroke="#000000", strokeDash=[3, 2]).encode(
        x=alt.X("low:Q", title=axis_title, scale=scale, axis=x_axis), x2="high:Q")
    # Accessibility: what a number is (output, target, ...) is written beside it, not shown by colour alone.
    tag = "datum.shown" if of_record else "datum.shown + ' (' + datum.kind + ')'"
    text = alt.Chart(rows).encode(y=alt.Y("label:N", sort=list(rows["label"]), title=None),
                                  tooltip=_tooltip(of_record)).transform_filter(
        "isValid(datum.value) || isValid(datum.high)").transform_calculate(
        end="isValid(datum.value) ? datum.value : datum.high", tag=tag).mark_text(
        align="left", dx=8 if log else 4).encode(x=alt.X("end:Q", title=axis_title, scale=scale, axis=x_axis),
                                                 text="tag:N", color=alt.value("#000000"))
    # Accessibility: a layer with no marks would be an unnamed graphics-symbol for screen readers.
    has_single = bool((rows["value"].notna() & ~rows["ceiling"]).any())
    has_range = bool((rows["value"].isna() & rows["low"].notna() & ~rows["ceiling"]).any())
    layers = [*([single] if has_single else []), *([ranged] if has_range else []),
              *([limit] if any(ceiling) else []), text]
    return alt.layer(*layers).properties(width=WIDTH, height={"step": max(step, 20)})


def _describe(rows: pd.DataFrame) -> str:
    return "; ".join(f"{r['label']}: {_shown(r)}" for _, r in rows.iterrows())


def _subject(subjects: dict[str, str], rows: pd.DataFrame) -> str:
    """The axis subject for a panel: looked up by the panel's unit, else by its series."""
    keys = [*rows["unit"], *rows["series"]]
    return next((subjects[k] for k in keys if k in subjects), next(iter(subjects.values())))


def _numbers(rows: pd.DataFrame) -> pd.Series:
    """Every number in the rows (single values and both ends of ranges), as floats."""
    return pd.concat([rows["value"], rows["low"], rows["high"]]).dropna().astype(float)


def _measures(table: pd.DataFrame) -> list[tuple[str, pd.DataFrame, str | None]]:
    """The panels of a stated-vs-record chart: ``(unit, rows, apart)``, one axis each.

    Rows of one unit share a panel, except a row from other sources that matches none of the memo's figures
    (empty ``figures``) and is :data:`LOG_RATIO` or more times larger or smaller than every number the memo
    gives in that unit: it measures something else (a country's total beside a figure per commune), so it
    gets a panel of its own and ``apart`` is its label, which becomes its axis title.
    """
    out = []
    for unit in dict.fromkeys(table["unit"]):
        in_unit = table[table["unit"] == unit]
        memo = _numbers(in_unit[in_unit["source"] == MEMO])
        memo = memo[memo > 0]
        apart = []
        if not memo.empty:
            for index, row in in_unit[in_unit["source"] == RECORD].iterrows():
                own = _numbers(in_unit.loc[[index]])
                own = own[own > 0]
                linked = bool(str(row.get("figures", "") or "").strip())
                if not linked and not own.empty and (own.min() >= memo.max() * LOG_RATIO
                                                     or own.max() * LOG_RATIO <= memo.min()):
                    apart.append(index)
        out.append((unit, in_unit.drop(index=apart), None))
        out += [(unit, in_unit.loc[[i]], str(in_unit.loc[i, "label"])) for i in apart]
    return out


def _stated_chart(name: str, table: pd.DataFrame, subjects: dict[str, str], title: str, record: bool,
                  data_dir: DataDir, left_out: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Panels per unit (see :func:`_measures`): the memo's numbers, and below them (``record``) what other
    sources give.

    ``left_out``: the memo's rows of the same series not drawn (e.g. 'two times'), named in the description.
    """
    panels = []
    sentences = []
    units = list(dict.fromkeys(table["unit"]))
    kinds = list(table["kind"])
    log_units = []
    for unit, in_unit, apart in _measures(table):
        numbers = _numbers(in_unit)
        log = _is_log(numbers)
        if log:
            log_units.append(unit)
        room = None if log else _room(in_unit)
        subject = apart or _subject(subjects, in_unit)
        axis_title = f"{subject} ({unit}{', log scale' if log else ''})"
        memo = in_unit[in_unit["source"] == MEMO]
        rec = in_unit[in_unit["source"] == RECORD]
        group = []
        if not memo.empty:
            memo_numbers = _numbers(memo)
            ratio = "" if not rec.empty else _ratio(memo_numbers)
            head = f"As the memo states it ({unit})" + (f": {ratio}" if ratio else ", in the order it gives")
            group.append(_panel(memo, axis_title, head, log, False, kinds, data_dir, room))
            sentences.append(f"As the memo states it, in {unit}: {_describe(memo)}" + (f"; {ratio}." if ratio else "."))
        if not rec.empty:
            head = f"What other sources give ({unit})" if not apart else f"Other sources: {apart} ({unit})"
            group.append(_panel(rec, axis_title, head, log, True, kinds, data_dir, room))
            said = "; ".join(f"{r['label']}: {_shown(r)} ({r['basis']})" for _, r in rec.iterrows())
            if apart:
                sentences.append(f"On an axis of its own, because it measures something else than the memo's "
                                 f"numbers in {unit} and is many times larger: {said}.")
            else:
                sentences.append(f"What other sources give, in {unit}: {said}.")
        if log:
            sentences.append(f"The {unit} panel uses a logarithmic scale, with dots instead of bars, because its "
                             f"numbers differ by a factor of {numbers.max() / numbers[numbers > 0].min():,.0f}.")
        if group:
            panels.append(alt.vconcat(*group).resolve_scale(x="shared") if len(group) > 1 else group[0])
    intro = (f"Horizontal bars, one per number: {title.rstrip('.?!')}. A single number is a bar from zero; "
             "a range is an outlined bar from its low to its high end; a ceiling ('not more than') is a short "
             "line at the limit, not a bar. ")
    if len(units) > 1:
        intro += "Numbers in different units are drawn in separate panels. "
    blank = table[table["value"].isna() & table["low"].isna()]
    if not blank.empty:
        sentences.append("Not drawn, because no number is given: "
                         + "; ".join(f"'{r['quote'] or r['label']}'" for _, r in blank.iterrows()) + ".")
    if left_out is not None and not left_out.empty:
        sentences.append("Not drawn, because they are not amounts but words about the amounts: "
                         + "; ".join(f"'{r['quote']}' ({r['paragraph']})" for _, r in left_out.iterrows()) + ".")
    drawn = table[table["value"].notna() | table["low"].notna()]
    ceilings = [bool(UPPER_BOUND.search(f"{r['quote']} {r['label']}")) for _, r in drawn.iterrows()]
    single = drawn[drawn["value"].notna()]
    key = [("A bar from zero: one number.", (~single["unit"].isin(log_units)).sum() > sum(ceilings)),
           ("A dot: one number, on a log scale (each step to the right multiplies by ten).",
            single["unit"].isin(log_units).any()),
           ("An outlined bar: a range, from low to high.", drawn["value"].isna().any()),
           ("A short thick line: an upper limit ('not more than').", any(ceilings))]
    subtitle = [k for k, present in key if present]
    chart = alt.vconcat(*panels, title=alt.Title(title, subtitle=subtitle, subtitleColor="#333333"),
                        description=intro + " ".join(sentences), usermeta=_meta(name))
    return chart.resolve_scale(x="independent").resolve_legend(color="shared")


def steel_table(record: bool = False, data_dir: DataDir = None) -> pd.DataFrame:
    """Steel in million tonnes: 1957 output and the 1958-1959 targets in the memo's order.

    The memo's 'raise it again two times' (unit ``times``) is left out; the
    chart's description quotes it. With ``record=True``, the rows of ``record.csv`` for the series ``steel`` follow.
    Columns: source, id, series, order, label, value, low, high, unit, year,
    kind, paragraph, quote, note (and basis, sources, citation, figures with the record).
    """
    unit = _steel_unit(data_dir)
    return _stated_table(["steel"], [unit], record, ["steel"], data_dir)


def _steel_unit(data_dir: DataDir) -> str:
    units = _memo_rows(["steel"], None, data_dir)["unit"]
    return units.iloc[0] if not units.empty else ""


@with_numbers(steel_table)
def steel_chart(record: bool = False, data_dir: DataDir = None) -> alt.VConcatChart:
    """The steel ladder: each figure the memo gives, in its order; with ``record=True`` the record below it."""
    table = steel_table(record, data_dir)
    title = "Steel: the memo's ladder of targets" + (" and what other sources give" if record else "")
    memo = _memo_rows(["steel"], None, data_dir)
    left_out = memo[memo["unit"] != _steel_unit(data_dir)]
    return _stated_chart("steel", table, {"steel": "Steel"}, title, record, data_dir, left_out)


def harvest_table(record: bool = False, data_dir: DataDir = None) -> pd.DataFrame:
    """The memo's harvest (tonnes) and its percent ladder; with ``record=True`` the record's harvest series.

    Rows in ``times`` (the memo's 'two times more') are left out: they are
    words about the other numbers; the chart's description quotes them.
    """
    units = _harvest_units(data_dir)
    return _stated_table(["harvest", "harvest-increase"], units, record, ["harvest", "harvest-increase"], data_dir)


def _harvest_units(data_dir: DataDir) -> list[str]:
    memo = _memo_rows(["harvest", "harvest-increase"], None, data_dir)
    return [u for u in dict.fromkeys(memo["unit"]) if u != "times"]


@with_numbers(harvest_table)
def harvest_chart(record: bool = False, data_dir: DataDir = None) -> alt.VConcatChart:
    """The harvest as the memo states it (a range for the year before, 155 for 1958) and the percent ladder."""
    table = harvest_table(record, data_dir)
    title = "The harvest: what the memo says" + (" beside the record" if record else "")
    subjects = {"harvest": "Harvest", "harvest-increase": "Increase on the year before"}
    memo = _memo_rows(["harvest", "harvest-increase"], None, data_dir)
    left_out = memo[~memo["unit"].isin(_harvest_units(data_dir))]
    return _stated_chart("harvest", table, subjects, title, record, data_dir, left_out)


def communes_table(record: bool = False, data_dir: DataDir = None) -> pd.DataFrame:
    """Collectives, communes and households per commune as the memo states them; record rows with ``record``."""
    return _stated_table(["communes"], None, record, ["communes"], data_dir)


@with_numbers(communes_table)
def communes_chart(record: bool = False, data_dir: DataDir = None) -> alt.VConcatChart:
    """From collectives to communes: units and households in separate panels, a log scale where needed."""
    table = communes_table(record, data_dir)
    title = "People's communes: the numbers Mao gives" + (" and the record" if record else "")
    subjects = {"households": "Households in one commune", "percent": "Share of rural households in communes",
                "communes": "Collectives and communes"}
    return _stated_chart("communes", table, subjects, title, record, data_dir)


def catch_up_table(data_dir: DataDir = None) -> pd.DataFrame:
    """Years to catch up with England as the memo states them, in its order (ranges as low and high)."""
    return _memo_rows(["catch-up"], None, data_dir)


@with_numbers(catch_up_table)
def catch_up_chart(data_dir: DataDir = None) -> alt.VConcatChart:
    """Years to overtake England: the earlier slogan and the new estimates, ranges as bars from low to high."""
    table = catch_up_table(data_dir)
    return _stated_chart("catch_up", table, {"catch-up": "Time to catch up with England"},
                         "Catching up with England: how many years?", False, data_dir)


# --- doubt and certainty -----------------------------------------------------------------------

CERTAINTY_WORDS = re.compile(r"\b(?:un)?doubt\w*|\bsure\b|\bconfident\w*|\bprecision\b", flags=re.I)
"""Words of doubt and certainty the chart looks for, in the stretches where the memo states a certainty figure."""
PRESENT = re.compile(r"\bnow\b|\bI (?:\w+ )?(?:have|want|am)\b|\bwe are\b|\bwill\b", flags=re.I)
"""A sentence in the present or future tense speaks of the day of the conversation."""
_SENTENCE = re.compile(r"[^.?!]+(?:[.?!]+|$)")
SURE = re.compile(r"\bsure\b|\bundoubtedly\b|\bprecision\b|\bconfident\w*", flags=re.I)
NOT_SURE = re.compile(r"(?:\bnot|n't) sure\b", flags=re.I)
LEANINGS = ["doubt", "certainty"]


def leaning(sentence: str) -> str:
    """'certainty' where the words claim certainty ("completely sure", "undoubtedly"), else 'doubt'.

    >>> leaning("at first I wasn't sure"), leaning("We are completely sure")
    ('doubt', 'certainty')
    """
    return "certainty" if SURE.search(sentence) and not NOT_SURE.search(sentence) else "doubt"


def _sentences(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0).strip()) for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def certainty_table(data_dir: DataDir = None) -> pd.DataFrame:
    """The memo's words about doubt and certainty, each placed at the time it speaks of.

    Rows: every figure of the series ``certainty`` (with its number) and every
    other sentence with a word of doubt or certainty (no number) in the
    stretches of the conversation where those figures stand.

    When: a sentence in the present or future tense speaks of the day of the
    conversation; otherwise of the last month the memo names before it in
    that stretch ("In August"), or, where none comes before, the first month
    its paragraph names ("at first I wasn't sure. In April ..."). This is a
    reading rule, shown in ``when_text`` for the learner to question.
    Columns: id, order, label, value, unit, paragraph, quote, when (ISO
    date), when_text, stated, leaning ("doubt" or "certainty", by :func:`leaning`).
    """
    memo = load_memo(data_dir).paragraphs.set_index("id")
    figures = _memo_rows(["certainty"], None, data_dir)
    day = timeline.conversation_date(data_dir)

    def placed(sentence: str, month: int | None) -> dict:
        if PRESENT.search(sentence) or not month:
            return {"when": day.isoformat(), "when_text": timeline.spoken(day.isoformat())}
        first = day.replace(month=month, day=1)
        return {"when": first.isoformat(), "when_text": timeline.spoken(first.isoformat()[:7])}

    def figure_row(f, base: dict) -> dict:
        return {**base, "id": f.id, "order": f.order, "label": f.label, "value": f.value, "unit": f.unit,
                "quote": f.quote, "stated": "with a number"}

    where = reading.stretch_of_paragraphs(data_dir)
    stretch_ids = list(dict.fromkeys(where[p]["id"] for p in figures["paragraph"] if p in where))
    paragraphs = [p for p in memo.index if p in where and where[p]["id"] in stretch_ids]
    rows = []
    month_so_far: dict[str, int | None] = {}
    for pid in paragraphs:
        text = memo.loc[pid, "text"]
        stretch = where[pid]["id"]
        for k, (start, _end, sentence) in enumerate(_sentences(text), start=1):
            month = _last_month(text[:start]) or month_so_far.get(stretch)
            if not month:
                month = _first_month(text)
            tied = [f for f in figures.itertuples() if f.paragraph == pid and f.quote in sentence]
            if not tied and not CERTAINTY_WORDS.search(sentence):
                continue
            base = {"paragraph": pid, **placed(sentence, month)}
            if tied:
                rows += [figure_row(f, base) for f in tied]
            else:
                rows.append({**base, "id": f"{pid}-sentence-{k}", "order": pd.NA, "label": _short(sentence),
                             "value": pd.NA, "unit": "", "quote": sentence, "stated": "in words only"})
        month_so_far[stretch] = _last_month(text) or month_so_far.get(stretch)
    placed_ids = {r["id"] for r in rows}
    for f in figures.itertuples():  # a figure whose words run across a sentence break is placed on its own
        if f.id not in placed_ids and f.paragraph in memo.index:
            text = memo.loc[f.paragraph, "text"]
            before = text[: max(text.find(f.quote), 0)]
            month = _last_month(before) or _first_month(text)
            rows.append(figure_row(f, {"paragraph": f.paragraph, **placed(f.quote, month)}))
    columns = ["id", "order", "label", "value", "unit", "paragraph", "quote", "when", "when_text", "stated"]
    table = pd.DataFrame(rows, columns=columns)
    table["leaning"] = [leaning(q) for q in table["quote"]]
    table["order"] = table["order"].astype("Int64")
    table["value"] = table["value"].astype("Float64")
    return table


def _months_in(text: str) -> list[int]:
    pattern = r"\b(" + "|".join(timeline.MONTHS) + r")\b"
    return [timeline.MONTHS.index(m) + 1 for m in re.findall(pattern, text)]


def _last_month(text: str) -> int | None:
    months = _months_in(text)
    return months[-1] if months else None


def _first_month(text: str) -> int | None:
    months = _months_in(text)
    return months[0] if months else None


def _short(sentence: str, width: int = 70) -> str:
    return textwrap.shorten(sentence, width=width, placeholder=" […]")


@with_numbers(certainty_table)
def certainty_chart(data_dir: DataDir = None) -> alt.LayerChart:
    """Doubt against certainty in time: each statement a mark at the month it speaks of, in the memo's order.

    Colour says whether the words express doubt or certainty; shape says whether they give a percentage
    (a diamond, labelled with it) or words only (a circle). Both keys sit under the chart.
    """
    table = _plain(certainty_table(data_dir))
    table["shown"] = [f"{_fmt(v)}%" if pd.notna(v) else "" for v in table["value"]]
    table["row"] = [f"{r.paragraph}: {_short(r.label, 56)}" for r in table.itertuples()]
    day = timeline.conversation_date(data_dir).isoformat()
    order = list(dict.fromkeys(table["row"]))
    stated_domain = ["with a number", "in words only"]
    x = alt.X("when:T", title="The time the words speak of (1958)", scale=alt.Scale(type="utc", padding=24),
              axis=alt.Axis(format="%b", tickCount="month", labelAngle=0))
    axis, step = _wrapped_axis(table["row"])
    base = alt.Chart(table).encode(
        x=x,
        y=alt.Y("row:N", sort=order, title=None, axis=axis),
        tooltip=[alt.Tooltip("quote:N", title="Exact words"), alt.Tooltip("paragraph:N", title="Paragraph"),
                 alt.Tooltip("when_text:N", title="Speaks of"), alt.Tooltip("leaning:N", title="Doubt or certainty"),
                 alt.Tooltip("shown:N", title="Percent stated")],
    )
    dots = base.mark_point(filled=True, size=120, opacity=1).encode(
        color=alt.Color("leaning:N", scale=alt.Scale(domain=LEANINGS, range=[PALETTE[5], PALETTE[0]]),
                        legend=_legend("The words express", 1)),
        shape=alt.Shape("stated:N", scale=alt.Scale(domain=stated_domain, range=["diamond", "circle"]),
                        legend=_legend("The words give", 1)))
    labels = base.mark_text(align="left", dx=9, fontWeight="bold", color="#000000").encode(text="shown:N")
    rule = alt.Chart(pd.DataFrame({"when": [day], "what": ["the conversation"]})).mark_rule(
        color="#000000", strokeDash=[4, 3]).encode(x=x, tooltip=[alt.Tooltip("what:N", title="Date")])
    numbers = table[table["stated"] == "with a number"]
    said = "; ".join(f"{r.when_text}: '{r.quote}' ({r.paragraph})" for r in numbers.itertuples())
    words = table[table["stated"] == "in words only"]
    sure = table[table["leaning"] == "certainty"]
    description = (
        "Dot chart. Each row is a statement of doubt or certainty in the memo, in the memo's order; "
        "each mark stands at the time the words speak of, and the dashed line marks the day of the conversation. "
        "Colour: doubt or certainty; shape: a diamond where the words give a percentage, a circle where they "
        f"do not. {len(numbers)} statements give a percentage: {said}. "
        f"{len(words)} more speak of doubt or certainty in words only, from "
        f"{', '.join(dict.fromkeys(words['when_text']))}. "
        f"{len(table) - len(sure)} statements express doubt; {len(sure)} express certainty: "
        + "; ".join(f"'{r.quote}' ({r.paragraph})" for r in sure.itertuples()) + "."
    )
    return alt.layer(rule, dots, labels, title="Doubt and certainty: what Mao says, placed in time",
                     description=description, usermeta=_meta("certainty")).properties(
        width=210, height={"step": max(step, 20)})


# --- the room's reactions ----------------------------------------------------------------------

SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down"]
"""Symbols that tell the kinds of a chart apart without colour."""


def reactions_table(data_dir: DataDir = None) -> pd.DataFrame:
    """Stage directions and toasts per paragraph (see :func:`helpers.reading.reactions`)."""
    return reading.reactions(data_dir)


def _number(field: str) -> str:
    return f"toNumber(slice(datum.{field}, 1))"


def _paragraph_axis(data_dir: DataDir, title: str | None) -> alt.X:
    last = int(load_memo(data_dir).paragraphs["id"].iloc[-1][1:])
    return alt.X("position:Q", title=title, scale=alt.Scale(domain=[0.5, last + 0.5], nice=False),
                 axis=alt.Axis(tickMinStep=1, format="d") if title else None)


def _bands(data_dir: DataDir) -> alt.Chart:
    """Alternate shading for the stretches of the conversation (stretches.csv), with the topic as tooltip."""
    stretches = data.load("stretches", data_dir)
    return alt.Chart(stretches).transform_window(row="row_number()").transform_calculate(
        position=_number("first") + " - 0.5", right=_number("last") + " + 0.5",
        middle="(datum.position + datum.right) / 2")


ALONG_X = "Paragraph of the memo, in order (p01 to the last)"
TOPIC_WRAP = 24
"""Characters per line of a topic's name on the strip's axis: names wrap, horizontal, never rotated or cut."""
TOPIC_LABELS = 170
"""Width in pixels the topics' names may take left of the charts along the conversation."""


def _along(bars: alt.Chart, title: str, description: str, name: str, data_dir: DataDir,
           height: int) -> alt.VConcatChart:
    """A chart along the conversation: above, one horizontal bar per stretch with its topic written
    (horizontally) on the y axis; below, the bars; one x scale, so a stretch's bar stands over its paragraphs."""
    shade = alt.condition("datum.row % 2 == 1", alt.value("#d9d9d9"), alt.value("#f7f7f7"))
    tips = [alt.Tooltip("topic:N", title="Topic"), alt.Tooltip("first:N", title="From"),
            alt.Tooltip("last:N", title="To")]
    topics = list(data.load("stretches", data_dir)["topic"])
    axis, step = _wrapped_axis(topics, TOPIC_WRAP, TOPIC_LABELS)
    strip = _bands(data_dir).mark_bar(height={"band": 0.75}, color="#6f6f6f").encode(
        x=_paragraph_axis(data_dir, None), x2="right:Q",
        y=alt.Y("topic:N", sort=topics, title=None, axis=axis), tooltip=tips,
    ).properties(width=ALONG_WIDTH, height={"step": max(step - 4, 18)}, title="Topic of each stretch")
    body = alt.layer(
        _bands(data_dir).mark_rect(opacity=0.6).encode(x=_paragraph_axis(data_dir, ALONG_X), x2="right:Q",
                                                       color=shade, tooltip=tips),
        bars,
    ).properties(width=ALONG_WIDTH, height=height)
    return alt.vconcat(strip, body, title=title, description=description, usermeta=_meta(name),
                       spacing=4).resolve_scale(x="shared")


@with_numbers(reactions_table)
def reactions_chart(data_dir: DataDir = None) -> alt.VConcatChart:
    """Laughter, silence and toasts paragraph by paragraph, under a strip naming the topic of each stretch."""
    table = reactions_table(data_dir)
    kinds = list(dict.fromkeys(table["kind"]))
    bars = alt.Chart(_plain(table)).transform_calculate(position=_number("paragraph")).mark_bar(
        width=4).encode(
        x=_paragraph_axis(data_dir, ALONG_X),
        y=alt.Y("count:Q", stack="zero", title="Stage directions and toasts (count per paragraph)",
                axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("kind:N", scale=alt.Scale(domain=kinds, range=colours(len(kinds))),
                        legend=_legend("What the recorder noted")),
        order=alt.Order("kind:N"),
        tooltip=[alt.Tooltip("paragraph:N", title="Paragraph"), alt.Tooltip("speaker:N", title="Speaker"),
                 alt.Tooltip("kind:N", title="Reaction"), alt.Tooltip("count:Q", title="How many"),
                 alt.Tooltip("context:N", title="After the words"), alt.Tooltip("topic:N", title="Topic")],
    )
    # Accessibility: each kind also has its own symbol at the top of its part of the bar, not colour alone.
    bars = alt.layer(bars, bars.mark_point(filled=True, size=36, opacity=1, stroke="#000000", strokeWidth=0.5).encode(
        shape=alt.Shape("kind:N", scale=alt.Scale(domain=kinds, range=SHAPES[:len(kinds)]),
                        legend=_legend("What the recorder noted"))))  # one title: colour and shape share a key
    per_kind = table.groupby("kind", sort=False)["count"].sum()
    per_topic = table[table["kind"] != reading.TOAST_KIND].groupby("topic", sort=False)["count"].sum()
    description = (
        "Stacked bar chart along the conversation, one position per paragraph, under a strip naming the topic "
        "of each stretch. Bars count the recorder's stage directions and the toasts: "
        + ", ".join(f"{k} {n}" for k, n in per_kind.items())
        + ". Laughter and silence by topic: "
        + ", ".join(f"{t} {n}" for t, n in per_topic.sort_values(ascending=False).items()) + "."
    )
    return _along(bars, "Where the room laughed, fell silent and drank", description, "reactions", data_dir, 240)


@with_numbers(reading.frequency_along)
def frequency_chart(phrase: str, data_dir: DataDir = None) -> alt.VConcatChart:
    """How often a word or phrase occurs in each paragraph, along the conversation, under the topic strip."""
    table = reading.frequency_along(phrase, data_dir)
    hits = table[table["count"] > 0]
    bars = alt.Chart(table).transform_calculate(position=_number("paragraph")).mark_bar(
        width=4, color=PALETTE[0]).encode(
        x=_paragraph_axis(data_dir, ALONG_X),
        y=alt.Y("count:Q", title=f"Occurrences of '{phrase.strip()}' (count)", axis=alt.Axis(tickMinStep=1)),
        tooltip=[alt.Tooltip("paragraph:N", title="Paragraph"), alt.Tooltip("speaker:N", title="Speaker"),
                 alt.Tooltip("count:Q", title="Occurrences")])
    description = (f"Bar chart: occurrences of '{phrase.strip()}' in each paragraph of the memo, in order, under "
                   f"a strip naming the topic of each stretch. {int(table['count'].sum())} in all, in "
                   f"{len(hits)} paragraph(s)"
                   + (": " + ", ".join(f"{r.paragraph} ({r.count})" for r in hits.itertuples()) if len(hits) else "")
                   + ".")
    return _along(bars, f"'{phrase.strip()}' along the conversation", description, "frequency", data_dir, 180)


# --- the timeline ------------------------------------------------------------------------------

CARD_WIDTH = 66
TIMELINE_SHAPES = {"named in the memo": "diamond", "not in the memo": "circle"}
"""The timeline's marks: an event the memo names is a diamond, one it does not name (context) a circle."""
TIMELINE_WIDTH = 400
"""Plot width of the timeline's panels; with the category labels it fits a 580-pixel output area."""
"""Characters per line in the timeline's text panel."""


def timeline_table(categories: list[str] | None = None, start=None, end=None,
                   data_dir: DataDir = None) -> pd.DataFrame:
    """The events the timeline shows (see :func:`helpers.timeline.filter_events`), with their citations.

    Columns: id, when, start, end, precision, from, until, category, title,
    description, paragraphs, sources, citation, in_memo, card (the text the
    chart shows when an event is clicked).
    """
    table = timeline.filter_events(categories, start, end, data_dir)
    table["citation"] = [" | ".join(reading.source_citations(s, data_dir)) for s in table["sources"]]
    table["card"] = [_card(r) for r in table.itertuples()]
    columns = ["id", "when", "start", "end", "precision", "from", "until", "category", "title", "description",
               "paragraphs", "sources", "citation", "in_memo", "card"]
    return table[columns]


def _card(r) -> str:
    paras = data.split_list(r.paragraphs)
    lines = [f"{r.title} ({r.when}; {r.category})", *textwrap.wrap(r.description, CARD_WIDTH)]
    lines += textwrap.wrap("Sources: " + r.citation, CARD_WIDTH)
    lines.append("In the memo: paragraph(s) " + ", ".join(paras) if paras else "The memo does not mention it.")
    return "\n".join(lines)


@with_numbers(timeline_table)
def timeline_chart(categories: list[str] | None = None, start=None, end=None,
                   data_dir: DataDir = None, detail: tuple[int, int] | None = None) -> alt.VConcatChart:
    """Events on one time axis: an overview with a brush, a detail view, and a panel for the clicked event.

    ``categories``, ``start`` and ``end`` choose the events; ``detail`` is the
    pair of years the detail view opens on (1956-1960 unless given). Drag on
    the overview to choose another period; click an event in the detail to
    read its description, sources and memo paragraphs below.
    """
    table = timeline_table(categories, start, end, data_dir)
    chart_rows = _plain(table.drop(columns=["in_memo"]).assign(
        memo=["named in the memo" if m else "not in the memo" for m in table["in_memo"]]))
    all_categories = timeline.categories(data_dir) or sorted(set(table["category"]))
    # The keys name only what is drawn: a shape no event has is not in the key, and the colour key shows the
    # marks' own shape where every mark has one shape (a plain square swatch where diamonds and circles mix).
    marks = {m: s for m, s in TIMELINE_SHAPES.items() if m in set(chart_rows["memo"])} or dict(TIMELINE_SHAPES)
    present = [c for c in all_categories if c in set(table["category"])] or all_categories
    palette = dict(zip(all_categories, colours(len(all_categories))))
    colour = alt.Color("category:N", scale=alt.Scale(domain=present, range=[palette[c] for c in present]),
                       legend=_legend("Colour: category", 2,
                                      next(iter(marks.values())) if len(marks) == 1 else "square"))
    shape = alt.Shape("memo:N", scale=alt.Scale(domain=list(marks), range=list(marks.values())),
                      legend=_legend("Shape: the memo", 1))
    tips = [alt.Tooltip("title:N", title="Event"), alt.Tooltip("when:N", title="When"),
            alt.Tooltip("category:N", title="Category"), alt.Tooltip("description:N", title="What"),
            alt.Tooltip("paragraphs:N", title="Memo paragraphs"), alt.Tooltip("citation:N", title="Source(s)")]
    day = timeline.conversation_date(data_dir).isoformat()
    low, high = detail or timeline.DETAIL_YEARS
    brush = alt.selection_interval(name="period", encodings=["x"], value={
        "x": [alt.DateTime(year=low, month=1, date=1, utc=True), alt.DateTime(year=high, month=12, date=31, utc=True)]})
    pick = alt.selection_point(name="event", fields=["id"], on="click", clear="dblclick", empty=False)
    y = alt.Y("category:N", title=None, sort=all_categories, axis=alt.Axis(labelLimit=150))
    rule = alt.Chart(pd.DataFrame({"from": [day], "what": [f"this conversation, {timeline.spoken(day)}"]})).mark_rule(
        color="#000000", strokeDash=[4, 3], strokeWidth=1.5).encode(
        x="from:T", tooltip=[alt.Tooltip("what:N", title="Marked")])

    base = alt.Chart(chart_rows)
    o_x = alt.X("from:T", title="Year (whole span; drag to choose the detail)", scale=alt.Scale(type="utc"),
                axis=alt.Axis(format="%Y", tickCount="year"))
    overview = alt.layer(
        base.mark_point(filled=True, size=40, opacity=0.8).encode(x=o_x, y=y, color=colour, shape=shape,
                                                                   tooltip=tips).add_params(brush),
        rule.encode(x=o_x),
    ).properties(width=TIMELINE_WIDTH, height=150, title="Overview: every event")

    d_x = alt.X("from:T", title="Date (the period chosen above)", scale=alt.Scale(type="utc", domain=brush),
                axis=alt.Axis(format="%b %Y", labelOverlap=True))
    spans = base.transform_filter("datum.end != ''").mark_bar(height=12, opacity=0.45, clip=True).encode(
        x=d_x, x2="until:T", y=y, color=colour, tooltip=tips)
    dots = base.mark_point(filled=True, size=140, clip=True).encode(
        x=d_x, y=y, color=colour, shape=shape, tooltip=tips,
        stroke=alt.condition(pick, alt.value("#000000"), alt.value(None)),
        strokeWidth=alt.condition(pick, alt.value(2.5), alt.value(0)),
    ).add_params(pick)
    detail = alt.layer(spans, dots, rule.encode(x=d_x).mark_rule(clip=True, color="#000000", strokeDash=[4, 3])
                       ).properties(width=TIMELINE_WIDTH, height=240, title="Detail: click an event to read about it")

    card = base.transform_filter({"param": "event", "empty": False}).mark_text(
        align="left", baseline="top", lineBreak="\n", fontSize=12, x=0, y=0).encode(text="card:N")
    prompt = alt.Chart(pd.DataFrame({"text": ["Click an event in the detail above to read its description,\n"
                                              "its sources and the memo's paragraphs here."]})).mark_text(
        align="left", baseline="top", lineBreak="\n", x=0, y=0, fontStyle="italic", color="#333333").encode(
        text="text:N", opacity=alt.condition({"param": "event", "empty": True}, alt.value(1), alt.value(0)))
    panel = alt.layer(prompt, card).properties(width=TIMELINE_WIDTH, height=110, title="The event you clicked")

    span = f"{table['when'].iloc[0]} to {table['when'].iloc[-1]}" if not table.empty else "no events"
    counts = table["category"].value_counts()
    description = (
        f"Timeline of {len(table)} events, {span}, coloured by category "
        f"({', '.join(f'{c} {n}' for c, n in counts.items())}). Diamonds are events the memo names "
        f"({int(table['in_memo'].sum())}); circles are context it does not name "
        f"({int((~table['in_memo']).sum())}). Events with an end are bars. A dashed line marks "
        f"the conversation of {timeline.spoken(day)}. The upper panel shows every event; dragging on it chooses "
        f"the period of the middle panel, which opens on {low} to {high}. Clicking an event there shows its "
        "description, sources and memo paragraphs in the lowest panel. The same events are listed in "
        "timeline_table()."
    )
    key = [f"Dashed line: this conversation, {timeline.spoken(day)}."]
    if bool((table["end"] != "").any()):
        key.insert(0, "Bar: an event that lasts, from its start to its end.")
    return alt.vconcat(overview, detail, panel,
                       title=alt.Title("Timeline: the memo in its time", subtitle=key, subtitleColor="#333333"),
                       description=description, usermeta=_meta("timeline")).resolve_scale(
        x="independent").configure_view(stroke=None)
