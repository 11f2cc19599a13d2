"""Charts that render with no network, in JupyterLab and on paper.

Measured choice (see README, "Why this renderer"): Altair 5.5 emits
Vega-Lite v5 under the ``application/vnd.vegalite.v5+json`` MIME type,
which JupyterLab 4.6 renders with the Vega bundled in JupyterLab itself:
no CDN, no kernel-side JavaScript, tooltips and brushes work in the browser.
For files (tests, the printable packet) ``vl-convert`` renders SVG and PNG
offline.

Accessibility: Vega in JupyterLab writes a chart's top-level ``description``
as the ``aria-label`` of the chart's container (``role="graphics-document"``),
which screen readers announce as the chart's name. After ``setup()``, a chart
that carries its numbers (:func:`with_numbers`) is shown with a "Show the
numbers" disclosure right below it: the table twin as a real ``<table>``.
"""
from __future__ import annotations

import functools
import html
import inspect
from pathlib import Path
from typing import TYPE_CHECKING

from .tables import Table

if TYPE_CHECKING:
    import altair as alt

THEME = "course"
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
"""Okabe-Ito colours: distinguishable with the common forms of colour blindness."""
INK = "#000000"
"""Every text in a chart (titles, axes, legends, text marks without a colour of their own): black on white, 21:1."""
NUMBERS = "_course_numbers"


def _theme() -> dict:
    """The course's chart theme: Okabe-Ito colours, readable sizes, black text (WCAG AA contrast and more)."""
    ink = {"labelColor": INK, "titleColor": INK}
    return {
        "config": {
            "range": {"category": PALETTE},
            "font": "sans-serif",
            "title": {"fontSize": 15, "anchor": "start", "color": INK, "subtitleColor": INK},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, **ink},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, **ink},
            "header": {"labelColor": INK, "titleColor": INK},
            "text": {"color": INK},
            "view": {"continuousWidth": 420, "continuousHeight": 260},
        }
    }


def use_altair() -> None:
    """Import Altair and enable the course's theme and Altair's "mimetype" renderer."""
    import altair as alt

    alt.theme.register(THEME, enable=True)(_theme)
    alt.renderers.enable("mimetype")


def setup() -> None:
    """Make charts render offline in JupyterLab; call once in each lesson's setup cell.

    Shows each Altair chart with the course's theme and Altair's "mimetype" renderer,
    together with its "Show the numbers" disclosure when it carries its numbers.
    Altair itself is imported only when a chart is built (a chart from the chart
    cache, :mod:`helpers.chart_cache`, needs none). Returns nothing, so the setup
    cell shows no output.
    """
    import sys

    if "altair" in sys.modules:
        use_altair()
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with every Jupyter kernel
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.ipython_display_formatter.for_type_by_name(
            "altair.vegalite.v5.api", "TopLevelMixin", display_chart)


def save_chart(chart: alt.TopLevelMixin, path: str | Path) -> Path:
    """Write a chart to ``.svg``, ``.png`` or ``.json`` offline (vl-convert); returns the path."""
    path = Path(path)
    if path.suffix not in {".svg", ".png", ".json"}:
        raise ValueError(f"{path}: save charts as .svg, .png or .json")
    setup()
    chart.save(str(path))
    return path


# --- the numbers behind a chart ----------------------------------------------------------------

def with_numbers(table_of):
    """Decorate a ``..._chart`` function so that its chart carries its table twin (see :func:`numbers_of`).

    The twin is called with those of the chart's arguments it takes.
    """
    accepted = inspect.signature(table_of).parameters

    def decorate(chart_fn):
        signature = inspect.signature(chart_fn)

        @functools.wraps(chart_fn)
        def chart_with_numbers(*args, **kwargs):
            chart = chart_fn(*args, **kwargs)
            bound = signature.bind(*args, **kwargs)
            table = table_of(**{k: v for k, v in bound.arguments.items() if k in accepted})
            object.__setattr__(chart, NUMBERS, table)  # not a Vega-Lite property: kept out of the spec
            return chart

        return chart_with_numbers

    return decorate


def numbers_of(chart):
    """The table twin a chart carries, as a pandas DataFrame (imported here, only when asked for), or None."""
    table = getattr(chart, NUMBERS, None)
    return table.to_frame() if isinstance(table, Table) else table


def _title(spec: dict) -> str:
    title = spec.get("title", "")
    return title.get("text", "") if isinstance(title, dict) else str(title or "")


def _filled(value) -> bool:
    """True for a cell that shows something (not empty, not a missing value)."""
    return value is not None and str(value).strip() not in ("", "nan", "<NA>", "None")


NUMBERS_LABELS = {"timeline": ("Show the events as a table (dates, descriptions, sources)", "The events in the chart")}
"""Charts whose table twin holds no numbers, by their ``course_chart`` name: the words of their disclosure and of
its caption in place of "Show the numbers" / "The numbers in the chart" (lesson 02's reader asked "which
numbers?" under the timeline, whose table lists events and dates)."""
NUMBERS_LABEL = ("Show the numbers", "The numbers in the chart")


def numbers_html(table, title: str = "", chart_name: str = "") -> str:
    """A "Show the numbers" disclosure: the table twin as a ``<table>`` with a caption and column headers.

    ``chart_name``: the chart's ``course_chart`` name; a chart in :data:`NUMBERS_LABELS` gets its own words.

    ``table`` is a :class:`helpers.tables.Table` (or a DataFrame, read into one). Columns empty in every row
    are left out; every text from the data is escaped. The table sits in a labelled region that takes
    keyboard focus, so a wide table can be scrolled from the keyboard.
    """
    table = table if isinstance(table, Table) else Table.from_frame(table)
    shown = table.select([c for c in table.columns if any(_filled(v) for v in table.column(c))])
    summary, caption = NUMBERS_LABELS.get(chart_name, NUMBERS_LABEL)
    caption = f"{caption}: {title}" if title else caption
    body = shown.to_html(classes="course-numbers-table")
    body = body.replace("<th>", '<th scope="col">').replace(
        "<thead>", f"<caption>{html.escape(caption)}</caption><thead>", 1)
    return (f'<details class="course-numbers"><summary>{html.escape(summary)}</summary>'
            f'<div role="region" tabindex="0" aria-label="{html.escape(caption, quote=True)}" '
            f'style="overflow-x:auto;max-width:100%">{body}</div></details>')


def chart_numbers_html(chart, spec: dict | None = None) -> str:
    """The disclosure for a chart that carries its numbers; empty text for one that does not.

    ``spec`` is the chart's Vega-Lite dict where the caller has it already (building it again costs a
    full schema validation); otherwise it is built without validating, for the title only.
    """
    table = getattr(chart, NUMBERS, None)
    if table is None:
        return ""
    spec = spec if spec is not None else chart.to_dict(validate=False)
    return numbers_html(table, _title(spec), (spec.get("usermeta") or {}).get("course_chart", ""))


def learner_spec(chart, context: dict | None = None) -> dict:
    """The chart's Vega-Lite spec as a learner's kernel sends it: not checked against the Vega-Lite schema again.

    Every chart the course draws is validated by the tests (``to_dict()`` validates); in a learner's kernel the
    check would only repeat that work, so it is left out. The spec is the same either way.
    """
    return chart.to_dict(validate=False, context=context)


def display_chart(chart) -> None:
    """Show a chart as JupyterLab renders it (Vega-Lite 5), then its "Show the numbers" disclosure."""
    from IPython.display import HTML, display, publish_display_data

    use_altair()
    import altair as alt

    bundle = alt.renderers.get()(learner_spec(chart, {"pre_transform": False}))
    data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
    publish_display_data(data=data, metadata=metadata or {})
    numbers = chart_numbers_html(chart, data.get("application/vnd.vegalite.v5+json"))
    if numbers:
        display(HTML(numbers))
