"""Charts that render with no network, in JupyterLab and on paper.

Measured choice (see README, "Why this renderer"): Altair 5.5 emits
Vega-Lite v5 under the ``application/vnd.vegalite.v5+json`` MIME type,
which JupyterLab 4.6 renders with the Vega bundled in JupyterLab itself:
no CDN, no kernel-side JavaScript, tooltips and brushes work in the browser.
For files (tests, the printable packet) ``vl-convert`` renders SVG and PNG
offline.
"""
from __future__ import annotations

from pathlib import Path

import altair as alt

THEME = "course"
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
"""Okabe-Ito colours: distinguishable with the common forms of colour blindness."""


def _theme() -> dict:
    """The course's chart theme: Okabe-Ito colours, readable sizes."""
    return {
        "config": {
            "range": {"category": PALETTE},
            "font": "sans-serif",
            "title": {"fontSize": 15, "anchor": "start"},
            "axis": {"labelFontSize": 12, "titleFontSize": 12},
            "legend": {"labelFontSize": 12, "titleFontSize": 12},
            "view": {"continuousWidth": 420, "continuousHeight": 260},
        }
    }


def setup() -> None:
    """Make charts render offline in JupyterLab; call once in each lesson's setup cell.

    Enables the course's theme and Altair's "mimetype" renderer. Returns
    nothing, so the setup cell shows no output.
    """
    alt.theme.register(THEME, enable=True)(_theme)
    alt.renderers.enable("mimetype")


def save_chart(chart: alt.TopLevelMixin, path: str | Path) -> Path:
    """Write a chart to ``.svg``, ``.png`` or ``.json`` offline (vl-convert); returns the path."""
    path = Path(path)
    if path.suffix not in {".svg", ".png", ".json"}:
        raise ValueError(f"{path}: save charts as .svg, .png or .json")
    setup()
    chart.save(str(path))
    return path
