"""The web edition in headless Chromium, from file://: every page opens, every chart is a Vega view with
marks, no request leaves the site's folder, no console error, and axe-core finds no WCAG 2.1 A/AA violation.

Run with ``.venv/bin/python -m pytest -m browser tests/browser/test_web_edition.py -q``. Load times go to
``artifacts/web-timings.jsonl`` (seconds from navigation to the page's last chart drawn).
"""
from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

import lab

pytestmark = pytest.mark.browser

AXE = lab.ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["index.html", "memo-text.html", "vocabulary.html"] + [
    f"{p.stem}.html" for p in sorted((lab.ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"))]
if (lab.ROOT / "lessons" / "memo.ipynb").exists():
    PAGES.append("memo.html")
DRAWN = "[...document.querySelectorAll('.vega-chart')].every(b => b.dataset.marks || b.dataset.error)"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The web edition, built by scripts/web.sh into a folder of its own."""
    out = tmp_path_factory.mktemp("web") / "site"
    done = subprocess.run(["bash", "scripts/web.sh", str(out)], cwd=lab.ROOT, capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


@pytest.fixture
def page(browser, site):
    """A fresh page that records every request and console error; anything outside the site is refused."""
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    pg = context.new_page()
    pg.requests, pg.errors = [], []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    inside = site.resolve().as_uri() + "/"
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(inside) else route.abort())
    yield pg
    context.close()


def _open(page, site: Path, name: str) -> float:
    start = time.perf_counter()
    page.goto((site / name).as_uri())
    page.wait_for_function(DRAWN, timeout=60_000)
    return time.perf_counter() - start


@pytest.mark.parametrize("name", PAGES)
def test_page_opens_draws_its_charts_stays_inside_and_passes_axe(page, site, name):
    seconds = _open(page, site, name)
    charts = page.evaluate("[...document.querySelectorAll('.vega-chart')].map(b => [b.id, b.dataset.marks, b.dataset.error])")
    failed = [f"{i}: {err}" for i, marks, err in charts if err or not marks or int(marks) == 0]
    assert not failed, f"{name}: charts not drawn: {failed}"
    assert page.evaluate("Object.keys(window.courseCharts).length") == len(charts)
    if name[:2].isdigit():
        assert charts or name.startswith("memo"), f"{name}: a lesson page without a chart"
    inside = site.resolve().as_uri() + "/"
    outside = [u for u in page.requests if not u.startswith(inside)]
    assert not outside, f"{name}: requests outside the site's folder: {outside}"
    assert not page.errors, f"{name}: console errors: {page.errors}"

    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    violations = [f"{v['id']} ({v['impact']}): {v['help']}: " + "; ".join(n["target"][0] for n in v["nodes"][:3])
                  for v in result["violations"]]
    assert not violations, f"{name}:\n" + "\n".join(violations)

    lab.ARTIFACTS.mkdir(exist_ok=True)
    with (lab.ARTIFACTS / "web-timings.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"page": name, "seconds_to_last_chart": round(seconds, 2), "charts": len(charts)}) + "\n")


def test_a_chart_shows_its_tooltip(page, site):
    """Hovering a bar of the steel chart shows Vega's tooltip with the memo's words."""
    _open(page, site, "03-climb-the-steel-ladder.html")
    mark = page.locator("#chart-1 .role-mark path, #chart-1 .role-mark rect").first
    mark.hover(force=True)
    tip = page.locator("#vg-tooltip-element")
    tip.wait_for(state="visible", timeout=10_000)
    assert tip.inner_text().strip()


def test_the_timeline_brush_moves(page, site):
    """Dragging across the timeline's overview changes the brushed period (the selection named "period")."""
    _open(page, site, "02-meet-maos-teachers.html")
    charts = page.evaluate("Object.keys(window.courseCharts)")
    chart = next(c for c in charts if page.evaluate(
        f"(() => {{ try {{ window.courseCharts['{c}'].signal('period'); return true; }} catch (e) {{ return false; }} }})()"))
    before = page.evaluate(f"JSON.stringify(window.courseCharts['{chart}'].signal('period'))")
    # The overview, where the brush lives, is the first panel: drag across a stretch of it.
    overview = page.locator(f"#{chart} .concat_0_group").first
    overview.scroll_into_view_if_needed()
    box = overview.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.4, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, y, steps=8)
    page.mouse.up()
    after = page.evaluate(f"JSON.stringify(window.courseCharts['{chart}'].signal('period'))")
    assert after != before, f"the brush did not move: {before}"
