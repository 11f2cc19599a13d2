"""The public calls of ``helpers``: each name and the module that holds it.

``helpers`` (the package) imports the light ones at once and the rest on first use;
the printed packet and the web edition look the same names up here to stand in for
``helpers`` without importing the package itself.
"""
from __future__ import annotations

from importlib import import_module

EAGER = {
    **dict.fromkeys(["citation"], "citation"),
    **dict.fromkeys(["anomaly", "card", "cards", "cite", "event", "fact", "person", "term"], "context"),
    **dict.fromkeys(["DataError", "load", "split_list", "table_names"], "data"),
    **dict.fromkeys(["Excerpt", "excerpt", "excerpts_for"], "excerpts"),
    "load_memo": "memo",
}
"""Calls ``import helpers`` makes available at once (no Altair, no widgets)."""

LAZY = {
    "validate": "authoring.checker",
    "setup": "render",
    "save_chart": "render",
    **dict.fromkeys(["steel_chart", "harvest_chart", "communes_chart", "catch_up_chart"], "charts"),
    **dict.fromkeys(["certainty_chart", "reactions_chart", "frequency_chart"], "conversation_charts"),
    "timeline_chart": "timeline_charts",
    **dict.fromkeys(["steel_table", "harvest_table", "communes_table", "catch_up_table", "reactions_table"],
                    "figures"),
    "certainty_table": "reading",
    "timeline_table": "timeline",
    **dict.fromkeys(["kwic", "frequency_along"], "reading"),
    **dict.fromkeys(["mark_terms", "person_card", "term_card"], "names"),
    "parse_reactions": "reactions",
    **dict.fromkeys(["filter_events", "events_for_paragraph", "paragraphs_for_event"], "timeline"),
    **dict.fromkeys(["load_questions", "check_answer", "validate_questions"], "questions"),
    **dict.fromkeys(["notes_path", "save_notes", "load_notes"], "notes"),
    "annotated_memo": "edition",
    "memo_navigator": "navigator",
    "works_cited": "works",
    **dict.fromkeys(["excerpt_reader", "people_explorer", "close_reading", "timeline_explorer",
                     "stated_vs_record", "self_check", "learners_notebook", "predict"], "widgets"),
}
"""Calls imported on first use: the heavier modules (Altair, ipywidgets) load only when a lesson asks."""

PUBLIC = {**EAGER, **LAZY}


def lookup(name: str):
    """The public call ``helpers.<name>``, imported from its module; AttributeError for an unknown name."""
    if name not in PUBLIC:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    return getattr(import_module(f"helpers.{PUBLIC[name]}"), name)
