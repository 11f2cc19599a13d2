"""Every lesson runs in JupyterLab in headless Chromium, offline, with its charts and widgets working.

Run with ``.venv/bin/python -m pytest -m browser tests/browser -x -q``.
Screenshots go to ``artifacts/screenshots/``, timings to ``artifacts/browser-timings.jsonl``.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

import helpers
import lab

pytestmark = pytest.mark.browser

NOTEBOOKS = lab.find_notebooks()


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_notebook_runs_and_renders(notebook_run, path):
    """Run All: no errors, every chart a Vega view with marks, every widget shown, nothing fetched off-machine;
    in a lesson, every chart's legends, titles and axes inside its output area at 1280 and 1024 px, no text cut
    short (the smoke notebook's hand-made chart is not a lesson's)."""
    run = notebook_run(path)
    found = lab.problems(run) + (lab.clipped(run) if path.startswith("lessons/") else [])
    if found:
        pytest.fail(f"{path} (screenshot: artifacts/screenshots/{run.name}.png):\n" + "\n".join(found), pytrace=False)
    lab.record_timing(run)



def _clean(run: lab.Run) -> None:
    """After an interaction: still nothing fetched off this machine and no console errors."""
    found = [p for p in lab.problems(run) if "off this machine" in p or "console error" in p]
    if found:
        pytest.fail("\n".join(found), pytrace=False)


def test_smoke_dropdown_shows_the_chosen_excerpt(notebook_run):
    """Choosing an excerpt id in the dropdown writes that excerpt into the Output widget."""
    run = notebook_run(lab.SMOKE)
    ids = list(helpers.load("excerpts")["id"])
    shown = lab.widget(run, "course-smoke-excerpt")
    expect(shown, f"{run.path}: the excerpt output should start with {ids[0]!r}").to_contain_text(
        helpers.excerpt(ids[0]).text)
    target = ids[2]
    lab.choose_option(run, "course-smoke-dropdown", target)
    expect(shown, f"{run.path}: choosing {target!r} should show its quote").to_contain_text(
        helpers.excerpt(target).text)
    expect(shown).not_to_contain_text(helpers.excerpt(ids[0]).text)
    _clean(run)


def test_smoke_slider_shows_the_paragraph(notebook_run):
    """Moving the slider one step right shows the next paragraph of the memo."""
    run = notebook_run(lab.SMOKE)
    memo = helpers.load_memo()
    start = int(lab.slider_value(run, "course-smoke-slider"))
    paragraph = lab.widget(run, "course-smoke-paragraph")
    expect(paragraph).to_contain_text(memo.paragraph(f"p{start:02d}")["text"])
    lab.press_slider(run, "course-smoke-slider", "ArrowRight")
    expect(lab.widget(run, "course-smoke-slider").locator(".widget-readout"),
           f"{run.path}: the slider should read {start + 1} after one ArrowRight").to_have_text(str(start + 1))
    expect(paragraph, f"{run.path}: the slider at {start + 1} should show paragraph p{start + 1:02d}").to_contain_text(
        memo.paragraph(f"p{start + 1:02d}")["text"])
    _clean(run)


def test_smoke_chart_click_shows_the_quote(notebook_run):
    """Clicking a bar selects it; the layered text mark shows that bar's quote."""
    run = notebook_run(lab.SMOKE)
    figures = helpers.load("figures")
    steel = figures[(figures["series"] == "steel") & (figures["unit"] == "million tonnes")]
    quotes = dict(zip(steel["label"], steel["quote"]))
    first, target = steel["label"].iloc[0], steel["label"].iloc[2]
    assert lab.mark_texts(run, "smoke_detail") == [quotes[first]], \
        f"{run.path}, cell steel-chart: before any click the detail should show the quote for {first!r}"
    lab.click_mark(run, "smoke_bars", f"label: {target}")
    expect(lab.chart_marks(run, "smoke_detail", "text"),
           f"{run.path}, cell steel-chart: after clicking {target!r} the detail should show its quote"
           ).to_have_text([quotes[target]])
    _clean(run)


def test_smoke_timeline_labels_stand_apart_inside_the_detail_and_a_bar_can_be_clicked(notebook_run):
    """labels=: each named event's short title is drawn in the detail, no two titles overlap and none runs past
    the detail's edge (as the browser draws them, fonts and all); a lasting event is its bar alone, and clicking
    the bar shows its card."""
    from helpers import timeline, timeline_charts

    run = notebook_run(lab.SMOKE)
    where = f"{run.path}, timeline_chart(labels=...)"
    chart = run.panel.locator(".vega-embed").filter(has_text="Detail: click an event")
    expect(chart, f"{where}: the timeline is drawn").to_have_count(1)
    detail = chart.locator("g.concat_1_group").first
    frame = detail.locator("path.background").first.bounding_box()
    ids = ["khrushchev-beijing-1958", "beidaihe-1958", "jinmen-shelling-1958", "beidaihe-communes-resolution-1958",
           "national-day-1958"]
    titles = {r["id"]: timeline_charts.short_title(r["title"]) for r in timeline.event_rows() if r["id"] in ids}
    texts = detail.locator(".mark-text.role-mark text")
    said = [" ".join(t.split()) for t in texts.evaluate_all(  # an SVG text has no innerText; its lines are tspans
        "els => els.map(e => e.querySelector('tspan') ? Array.from(e.querySelectorAll('tspan'), t => t.textContent)"
        ".join(' ') : e.textContent)")]
    boxes = []
    for eid, title in titles.items():
        at = [i for i, t in enumerate(said) if t == title]
        assert len(at) == 1, f"{where}: the title of {eid} ({title!r}) is drawn {len(at)} times; drawn: {said}"
        box = texts.nth(at[0]).bounding_box()
        assert (box["x"] >= frame["x"] - 1 and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
                and box["y"] >= frame["y"] - 1 and box["y"] + box["height"] <= frame["y"] + frame["height"] + 1), \
            f"{where}: the title of {eid} runs past the detail ({box} outside {frame})"
        for other, b in boxes:
            apart = (box["x"] + box["width"] <= b["x"] or b["x"] + b["width"] <= box["x"]
                     or box["y"] + box["height"] <= b["y"] or b["y"] + b["height"] <= box["y"])
            assert apart, f"{where}: the titles of {eid} and {other} overlap ({box}, {b})"
        boxes.append((eid, box))
    beidaihe = next(r for r in timeline.event_rows() if r["id"] == "beidaihe-1958")
    marks = detail.locator(".mark-symbol.role-mark > path")
    assert not [t for t in lab.aria_labels(marks) if f"Event: {beidaihe['title']};" in t], \
        f"{where}: a lasting event has a mark at its start"
    bars = detail.locator(".mark-rect.role-mark > path")
    at = [i for i, t in enumerate(lab.aria_labels(bars)) if f"Event: {beidaihe['title']};" in t]
    assert len(at) == 1, f"{where}: Beidaihe should be one bar"
    bar = bars.nth(at[0])
    size = bar.bounding_box()
    bar.click(position={"x": min(3, size["width"] / 2), "y": size["height"] / 2})
    card = chart.locator("svg.marks text", has_text=f"{beidaihe['title']} (")
    expect(card, f"{where}: clicking the Beidaihe bar should show its card").to_have_count(1)
    _clean(run)
