"""Helpers for the course on Mao Zedong's conversation of 2 October 1958.

Loading (``load``, ``load_memo``, ``excerpt``, ``validate``), the renderer
set-up (``setup``), and, imported on first use, the charts and widgets.
"""
from __future__ import annotations

from importlib import import_module

from .citation import citation
from .context import anomaly, card, cite, event, fact, person, term
from .data import DataError, load, split_list, table_names, validate
from .excerpts import Excerpt, excerpt, excerpts_for
from .memo import load_memo

_LAZY = {
    "setup": "render",
    "save_chart": "render",
}


def __getattr__(name: str):
    """Import the heavier modules (Altair, ipywidgets) only when a lesson first asks for them."""
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")


__all__ = ["DataError", "Excerpt", "anomaly", "card", "cite", "citation", "event", "fact", "person", "term", "excerpt", "excerpts_for", "load", "load_memo",
           "split_list", "table_names", "validate", *_LAZY]
