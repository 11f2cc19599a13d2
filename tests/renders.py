"""What each table feeds: render every card, chart and widget that uses a table (for the bad-input tests).

A shared module, not a test: ``render(name, data_dir)`` raises whatever a learner would see break.
"""
from __future__ import annotations

import helpers
from helpers import charts, context, names, reading, widgets


def _charts(data_dir, *makers) -> None:
    for make in makers:
        make(data_dir).to_dict()


def _cards(table: str, data_dir) -> None:
    for row_id in helpers.load(table, data_dir)["id"]:
        card = context.card(table, row_id, data_dir)
        card.to_html()
        card.to_markdown()


RENDERS = {
    "paragraphs": lambda d: [helpers.load_memo(d), reading.kwic("teacher", data_dir=d),
                             _charts(d, lambda x: charts.frequency_chart("teacher", data_dir=x))],
    "figures": lambda d: _charts(d, lambda x: charts.steel_chart(data_dir=x), lambda x: charts.harvest_chart(data_dir=x),
                                 lambda x: charts.communes_chart(data_dir=x), lambda x: charts.catch_up_chart(data_dir=x),
                                 lambda x: charts.certainty_chart(data_dir=x)),
    "excerpts": lambda d: [helpers.excerpt(i, d).to_html() + helpers.excerpt(i, d).to_markdown()
                           for i in helpers.load("excerpts", d)["id"]],
    "stretches": lambda d: _charts(d, lambda x: charts.reactions_chart(data_dir=x),
                                   lambda x: charts.certainty_chart(data_dir=x)),
    "sources": lambda d: _cards("record", d),
    "record": lambda d: [_cards("record", d),
                         _charts(d, lambda x: charts.steel_chart(record=True, data_dir=x),
                                 lambda x: charts.harvest_chart(record=True, data_dir=x),
                                 lambda x: charts.communes_chart(record=True, data_dir=x))],
    "events": lambda d: [_cards("events", d), _charts(d, lambda x: charts.timeline_chart(data_dir=x)),
                         widgets.timeline_explorer(data_dir=d)],
    "people": lambda d: [_cards("people", d), widgets.people_explorer(d)],
    "glossary": lambda d: [_cards("glossary", d), names.mark_terms("a dazibao and a commune", d)],
    "anomalies": lambda d: _cards("anomalies", d),
}


def render(name: str, data_dir) -> None:
    """Load ``name`` and render every card, chart and widget that uses it, from ``data_dir``."""
    helpers.load(name, data_dir)
    RENDERS[name](data_dir)
