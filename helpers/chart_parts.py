"""What every chart of the course shares: its keys, wrapped axis labels, colours, name, and its data as rows.

A chart's data goes to Altair as rows (:class:`Rows`): plain dicts, so
that drawing a chart never imports pandas.
"""
from __future__ import annotations

import textwrap

import altair as alt

from .render import PALETTE
from .tables import Table

EMBED = {"renderer": "svg", "actions": False}
LABEL_LIMIT = 210
WRAP = 30
"""Characters per line of a long axis label: labels wrap onto several lines instead of being cut."""


def legend(title: str, columns: int = 2, symbol: str | None = None, title_limit: int | None = None,
           orient: str = "bottom") -> alt.Legend:
    """A legend under the chart (or, with ``orient="top"``, above it), wrapping into columns, so it never widens the
    chart.

    ``symbol``: the shape its entries show (e.g. ``"square"`` for bars), so that a key matches the marks it names.
    ``title_limit``: the widest the title may be, in pixels (Vega's default, 180, cuts a longer one short).
    """
    extra = {"symbolType": symbol} if symbol else {}
    if title_limit:
        extra["titleLimit"] = title_limit
    return alt.Legend(title=title, orient=orient, direction="horizontal", columns=columns, labelLimit=260,
                      **extra)


def wrapped_axis(labels, wrap: int = WRAP, limit: int = LABEL_LIMIT) -> tuple[alt.Axis, int]:
    """An axis whose labels wrap at ``wrap`` characters (in the browser, by a Vega expression), and the
    height in pixels of one row that fits the longest label."""
    lines = max((len(textwrap.wrap(str(label), wrap)) for label in labels), default=1)
    expr = ("slice(split(replace(datum.value, /(.{1,%d})(\\s+|$)/g, '$1|'), '|'), 0, -1)" % wrap)
    return alt.Axis(labelExpr=expr, labelLimit=limit, labelLineHeight=13, labelAngle=0), 8 + 13 * max(lines, 1)


def meta(name: str) -> dict:
    """The chart's ``usermeta``: SVG marks, no action menu, and its name (``course_chart``)."""
    return {"embedOptions": dict(EMBED), "course_chart": name}


def fmt(x: float) -> str:
    """A number as the charts write it: thousands separated, no trailing zeros (``10.7``, ``700,000``)."""
    return f"{x:,.10g}"


NEUTRAL = "#767676"
"""One of two colours outside Okabe-Ito (the other is :data:`DARK`): a mid grey (4.5:1 on white) for numbers of
no stated kind, on which a range's dashed black outline still shows (the palette's black would hide it). No hue,
so no colour blindness confuses it with another."""


DARK = "#882255"
"""A dark wine (from Paul Tol's colour-blind-safe 'muted' scheme) for usable steel, which stands beside the
target orange: far from it in hue (330 degrees against 41) and in lightness (8.7:1 against white; the orange is
2.3:1), so the two never read as one colour. Its bars carry their kind in words too."""


VIOLET = "#7700DD"
"""A violet outside Okabe-Ito, for the timeline's 'Chinese revolution' in place of sky blue (which the reader took
for the blue beside it): 7.4:1 on white, and as far from each of the other six colours (CIE Lab distance 38 or
more) in normal vision and in protanopia, deuteranopia and tritanopia as a colour of that contrast can be."""


def colours(n: int) -> list[str]:
    """``n`` Okabe-Ito colours for marks on white: the yellow is used only when more than seven are needed."""
    usable = [c for c in PALETTE if c != "#F0E442"]
    return (usable if n <= len(usable) else PALETTE)[:n]


def plain(table: Table) -> list[dict]:
    """A table's rows for a chart: every number as a float (a missing one ``None``, which Vega-Lite reads as
    null), new dicts that a chart may add keys to."""
    numeric = [c for c in table.columns if table.kind(c) in ("integer", "number")]
    return [{**row, **{c: (None if row.get(c) is None else float(row[c])) for c in numeric}} for row in table.rows]


class Rows(alt.InlineData):
    """A chart's rows, shared by reference: Altair copies a chart at every layer and concatenation, and would
    otherwise copy every row and every value each time (a DataFrame it never copied). The rows are not changed
    after a chart is made, so sharing them is safe; in the spec they are the same ``datasets`` entry as ever."""

    def __deepcopy__(self, memo=None):
        return self


def values(rows: list[dict]) -> Rows:
    """Rows as a chart's data: inline values, which Altair gathers into the spec's ``datasets`` under a name
    made from the values, exactly as it does with a DataFrame's rows."""
    return Rows(values=rows)


def dodge(positions: list[float], near: float) -> list[int]:
    """Each mark's rank among its near neighbours, for marks in one lane at these positions (in any order): a
    mark takes the lowest rank (0, 1, 2, ...) that no mark already placed less than ``near`` from it holds,
    marks being placed from the lowest position up (ties in the order given). A mark with no near
    neighbour has rank 0; so have marks ``near`` or more apart.

    >>> dodge([5, 6, 7, 8, 38], near=1.5)
    [0, 1, 0, 1, 0]
    >>> dodge([10, 11, 12], near=5)
    [0, 1, 2]
    """
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    ranks = [0] * len(positions)
    placed: list[int] = []
    for i in order:
        taken = {ranks[j] for j in placed if abs(positions[i] - positions[j]) < near}
        ranks[i] = next(r for r in range(len(positions) + 1) if r not in taken)
        placed.append(i)
    return ranks


def dodge_offset(rank: int, step: float) -> float:
    """The offset in pixels of a mark of this :func:`dodge` rank, across its lane: rank 0 on the lane's line,
    then one ``step`` above, one below, two above, two below ... (negative is up on the screen).

    >>> [dodge_offset(r, 6) for r in range(5)]
    [0, -6, 6, -12, 12]
    """
    return 0 if rank == 0 else (-1 if rank % 2 else 1) * step * ((rank + 1) // 2)


def spread(positions: list[float], gap: float) -> list[float]:
    """Positions moved apart along one line so that no two are closer than ``gap``: marks that would touch form
    a run, evenly ``gap`` apart and centred on where their run's marks belong (the mean of their positions); a
    mark with no near neighbour stays where it is. Returned in the order given.

    >>> spread([10, 11, 50], gap=4)
    [8.5, 12.5, 50.0]
    """
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    runs: list[list[int]] = []  # indices into ``order``, each run laid out around its mean

    def laid(run: list[int]) -> list[float]:
        centre = sum(positions[order[k]] for k in run) / len(run)
        return [centre + (k - (len(run) - 1) / 2) * gap for k in range(len(run))]

    for k in range(len(order)):
        runs.append([k])
        while len(runs) > 1 and laid(runs[-2])[-1] + gap > laid(runs[-1])[0] + 1e-9:
            runs[-2:] = [runs[-2] + runs[-1]]
    out = [0.0] * len(positions)
    for run in runs:
        for k, place in zip(run, laid(run)):
            out[order[k]] = float(place)
    return out
