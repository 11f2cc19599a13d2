"""What the last fresh readers could not read: marks in a blob, counts ticked at halves, a strip of a plot beside
a column of quotes, a range written instead of drawn, rows a lesson does not use. Each test draws the chart (its
Vega scenegraph, as the browser lays it out) or checks the pure function behind the fix."""
from __future__ import annotations

import math

import pytest

from helpers import chart_parts, charts, conversation_charts, figures
from test_charts import _encodings, _items, _scene, _texts


def _symbols(scene: dict) -> list[tuple[float, float, float, str]]:
    """Every symbol drawn: centre x, centre y, diameter, fill."""
    return [(x, y, math.sqrt(it.get("size", 64)), it.get("fill")) for m, it, x, y in _items(scene["scenegraph"])
            if m is not None and m.get("role") == "mark" and m["marktype"] == "symbol"]


@pytest.mark.parametrize("positions, near, ranks", [
    ([5, 6, 7, 8, 38], 1.5, [0, 1, 0, 1, 0]),     # the toasts of p05-p08, and p38 far off
    ([8, 5, 7, 6], 1.5, [1, 0, 0, 1]),            # order given does not matter, position does
    ([10, 11, 12], 5, [0, 1, 2]),                 # all within reach of each other: three ranks
    ([0, 10, 20], 5, [0, 0, 0]),                  # no near neighbour: no dodge
    ([3, 3, 3, 3], 1, [0, 1, 2, 3]),              # the same place: each its own rank
    ([], 1, []),
])
def test_dodge_ranks_marks_by_their_near_neighbours(positions, near, ranks):
    assert chart_parts.dodge(positions, near) == ranks


def test_dodge_never_gives_near_neighbours_the_same_rank():
    positions = [0, 0.5, 1.2, 1.3, 4, 4.1, 4.2, 9]
    ranks = chart_parts.dodge(positions, 1)
    for i, a in enumerate(positions):
        for j, b in enumerate(positions[:i]):
            if abs(a - b) < 1:
                assert ranks[i] != ranks[j], (a, b)


def test_dodge_offsets_alternate_up_and_down_from_the_line():
    assert [chart_parts.dodge_offset(r, 5) for r in range(5)] == [0, -5, 5, -10, 10]


def test_every_reaction_note_can_be_counted():
    """Lesson 00's reader: the toasts of p05-p08 merged into a blob. Now no two dots of the chart overlap at all
    (centres at least a diameter apart), and the four toasts are four dots."""
    dots = _symbols(_scene(charts.reactions_chart()))
    assert len(dots) == charts.reactions_table()["count"].sum()
    for n, a in enumerate(dots):
        for b in dots[n + 1:]:
            assert math.dist(a[:2], b[:2]) >= 0.95 * max(a[2], b[2]), f"dots overlap: {a} {b}"
    notes = conversation_charts.reaction_notes(figures.reactions_numbers().rows)
    toasts = [n for n in notes if n["paragraph"] in ("p05", "p06", "p07", "p08")]
    assert len(toasts) == 4 and len({n["nudge"] for n in toasts}) == 2  # alternately on and off the line


def test_reactions_label_every_whole_number_of_notes():
    """Lesson 00's reader: the laughter axis showed only 1, 3, 5, 7 (Vega hid the labels in between)."""
    spec = charts.reactions_chart().to_dict()
    ys = _encodings(spec, "y", "level")
    assert ys and all(y["axis"]["labelOverlap"] is False for y in ys)
    shown = _texts(_scene(charts.reactions_chart()), "axis-label")
    most = max(n["note"] for n in conversation_charts.reaction_notes(figures.reactions_numbers().rows))
    assert most == 7 and all(str(k) in shown for k in range(1, most + 1))


@pytest.mark.parametrize("most, room, ticks", [(2, 180, [0, 1, 2]), (10, 180, list(range(11))), (12, 180, list(range(0, 13, 2))),
                                               (30, 180, list(range(0, 31, 5))), (1, 20, [0, 1])])
def test_count_ticks_are_whole_numbers_with_room(most, room, ticks):
    assert conversation_charts.count_ticks(most, room) == ticks


def test_moscow_is_counted_in_whole_occurrences():
    """Lesson 01's reader: the 'Moscow' chart's count axis was ticked 0.5, 1.5."""
    scene = _scene(charts.frequency_chart("Moscow"))
    numbers = [t for t in _texts(scene, "axis-label") if t.replace(".", "").isdigit()]
    counts = {float(t) for t in numbers if float(t) <= 2}
    assert counts == {0, 1, 2} and not any("." in t for t in numbers)
