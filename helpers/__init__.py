"""Helpers for the course on Mao Zedong's conversation of 2 October 1958.

Loading (``load``, ``load_memo``, ``excerpt``), the cards, and, imported on
first use, the renderer set-up (``setup``), the charts, the widgets and the
check (``validate``). :mod:`helpers.api` lists every public call and its module.
"""
from __future__ import annotations

from .api import LAZY, lookup
from .chart_cache import CHARTS as _CHARTS
from .chart_cache import lesson_call as _lesson_call
from .citation import citation
from .context import anomaly, card, cards, cite, event, fact, person, term
from .data import DataError, load, split_list, table_names
from .excerpts import Excerpt, excerpt, excerpts_for
from .memo import load_memo

_LAZY = LAZY  # the lazily imported names, as tests and tools have read them


def __getattr__(name: str):
    """Import the heavier modules (Altair, ipywidgets) only when a lesson first asks for them; a course chart
    comes from the chart cache (:mod:`helpers.chart_cache`), with Altair only when it must be built."""
    if name in _CHARTS:
        return _lesson_call(name)
    if name in LAZY:
        return lookup(name)
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")


__all__ = ["DataError", "Excerpt", "anomaly", "card", "cards", "cite", "citation", "event", "fact", "person", "term",
           "excerpt", "excerpts_for", "load", "load_memo", "split_list", "table_names", *LAZY]
