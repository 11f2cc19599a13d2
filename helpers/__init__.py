"""Helpers for the course on Mao Zedong's conversation of 2 October 1958.

Loading (``load``, ``load_memo``, ``excerpt``, ``validate``), the renderer
set-up (``setup``), and, imported on first use, the charts and widgets.
"""
from __future__ import annotations

from importlib import import_module

from .citation import citation
from .context import anomaly, card, cards, cite, event, fact, person, term
from .data import DataError, load, split_list, table_names, validate
from .excerpts import Excerpt, excerpt, excerpts_for
from .memo import load_memo

_LAZY = {
    "setup": "render",
    "save_chart": "render",
    **dict.fromkeys(["steel_chart", "steel_table", "harvest_chart", "harvest_table", "communes_chart",
                     "communes_table", "catch_up_chart", "catch_up_table", "certainty_chart", "certainty_table",
                     "reactions_chart", "reactions_table", "timeline_chart", "timeline_table",
                     "frequency_chart"], "charts"),
    **dict.fromkeys(["kwic", "frequency_along", "mark_terms", "parse_reactions", "person_card",
                     "term_card"], "reading"),
    **dict.fromkeys(["filter_events", "events_for_paragraph", "paragraphs_for_event"], "timeline"),
    **dict.fromkeys(["load_questions", "check_answer", "validate_questions"], "questions"),
    **dict.fromkeys(["notes_path", "save_notes", "load_notes"], "notes"),
    **dict.fromkeys(["annotated_memo", "memo_navigator"], "edition"),
    "works_cited": "works",
    **dict.fromkeys(["excerpt_reader", "people_explorer", "close_reading", "timeline_explorer",
                     "stated_vs_record", "self_check", "learners_notebook", "predict"], "widgets"),
}


def __getattr__(name: str):
    """Import the heavier modules (Altair, ipywidgets) only when a lesson first asks for them."""
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")


__all__ = ["DataError", "Excerpt", "anomaly", "card", "cards", "cite", "citation", "event", "fact", "person", "term", "excerpt", "excerpts_for", "load", "load_memo",
           "split_list", "table_names", "validate", *_LAZY]
