"""The learner's actions, and what the learner then reads: widgets, menus, sliders and chart marks.

Widgets are found by the class a lesson gives them (``.add_class("course-...")``); charts by Vega's own
markup: with ``usermeta={"embedOptions": {"renderer": "svg"}}`` a mark group is
``<g class="mark-TYPE role-mark NAME_marks">``, where NAME is the ``name=`` given to the Altair chart,
and each item has an ``aria-label`` such as ``"value: 5.35; label: 1957 output"``.
"""
from __future__ import annotations

from playwright.sync_api import Locator

from .page import function
from .run import Run


def widget(run: Run, css_class: str) -> Locator:
    """The widget given ``.add_class(css_class)`` in this notebook."""
    return run.panel.locator(f".{css_class}")


def choose_option(run: Run, css_class: str, label: str) -> None:
    """Pick the option ``label`` in a Dropdown, as a click on it would (Playwright's ``select_option``)."""
    select = widget(run, css_class).locator("select")
    options = select.locator("option").all_inner_texts()
    if label not in options:
        raise AssertionError(f"{run.path}: dropdown .{css_class} has no option {label!r}; it has {options}")
    select.select_option(label=label)


def slider_value(run: Run, css_class: str) -> str:
    """The value an ipywidgets slider shows in its readout."""
    return widget(run, css_class).locator(".widget-readout").inner_text().strip()


def press_slider(run: Run, css_class: str, key: str = "ArrowRight", times: int = 1) -> None:
    """Move a slider with the keyboard: focus its handle and press ``key`` ``times`` times."""
    handle = widget(run, css_class).locator(".noUi-handle").first
    handle.focus()
    for _ in range(times):
        handle.press(key)


def chart_marks(run: Run, name: str, selector: str = "*") -> Locator:
    """Items of the Vega mark group of the Altair chart named ``name`` (its ``NAME_marks`` group)."""
    return run.panel.locator(f".vega-embed svg.marks g.{name}_marks > {selector}")


def click_mark(run: Run, name: str, aria_contains: str) -> None:
    """Click the one item of chart ``name`` whose aria-label contains ``aria_contains``.

    Vega labels each item "TITLE: VALUE; ..." with the axis title (or the field
    name when the axis has no title) and the tooltip fields, e.g.
    ``"million tonnes: 5.35; label: 1957 output; quote: ...; paragraph: p46"``.
    """
    quoted = aria_contains.replace("\\", "\\\\").replace('"', '\\"')
    items = chart_marks(run, name, f'[aria-label*="{quoted}"]')
    count = items.count()
    if count != 1:
        labels = aria_labels(chart_marks(run, name))
        raise AssertionError(f"{run.path}: chart '{name}' has {count} marks labelled like {aria_contains!r}; "
                             f"its labels are {labels}")
    items.first.click()


def mark_texts(run: Run, name: str) -> list[str]:
    """The texts a Vega text mark (chart ``name``) shows now."""
    return [t.strip() for t in chart_marks(run, name, "text").all_text_contents()]


def select_labels(select: Locator, labels: str | list[str], where: str = "") -> None:
    """Pick options of a ``<select>`` (Dropdown, SelectMultiple) by the labels a learner reads.

    Takes the ``<select>`` itself, so it works in widgets with several menus. ipywidgets writes
    each option's text with no-break spaces ("Mao\\u00a0Zedong"), so the labels are compared with
    those turned back into spaces; the option's ``value`` keeps the label as given in Python.
    On a multiple select the options not named are deselected.
    """
    wanted = [labels] if isinstance(labels, str) else list(labels)
    options = select.locator("option")
    shown = [t.replace("\u00a0", " ") for t in options.all_text_contents()]
    missing = [label for label in wanted if label not in shown]
    if missing:
        raise AssertionError(f"{where}: the menu has no option {missing}; it has {shown}")
    values = option_values(select)
    select.select_option(value=[values[shown.index(label)] for label in wanted])


def option_labels(select: Locator) -> list[str]:
    """The labels of a ``<select>``'s options as a learner reads them (no-break spaces as spaces)."""
    return [t.replace("\u00a0", " ") for t in select.locator("option").all_text_contents()]


def option_values(select: Locator) -> list[str]:
    """The ``value`` of each of a ``<select>``'s options, in order."""
    return select.locator("option").evaluate_all("os => os.map(o => o.value)")


def marks_in(scope: Locator, selector: str = "*") -> Locator:
    """Every Vega mark item (SVG renderer) of every chart inside ``scope`` (a widget, a cell, a panel)."""
    return scope.locator(f".vega-embed svg.marks .role-mark > {selector}")


def aria_labels(items: Locator) -> list[str]:
    """The ``aria-label`` of each item (Vega labels each mark item with its encoded fields and tooltip)."""
    return attribute_of_each(items, "aria-label")


def attribute_of_each(items: Locator, name: str) -> list[str]:
    """The attribute ``name`` of each item ("" where it has none), e.g. ``data-event`` of a list's items."""
    return items.evaluate_all("(els, name) => els.map(e => e.getAttribute(name) || '')", name)


def covered_by(item: Locator) -> str:
    """What covers the centre of ``item`` ('' when nothing does, so a click there reaches it); an item under
    JupyterLab's bars or off screen is first scrolled to the middle of the view."""
    return item.evaluate(function("coveredBy"))


def is_uncovered(item: Locator) -> bool:
    """Scroll ``item`` into view; True when nothing covers its centre (a click there reaches it)."""
    item.scroll_into_view_if_needed()
    return item.evaluate(function("isUncovered"))
