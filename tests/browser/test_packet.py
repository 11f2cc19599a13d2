"""The printable packet's HTML passes axe-core's WCAG 2.0/2.1 A and AA rules in Chromium.

Run with ``.venv/bin/python -m pytest -m browser tests/browser/test_packet.py``. Two lessons are printed
(the first, and one with charts), in both editions, and checked as a reader's browser shows them.
"""
from __future__ import annotations

import pytest

import axe
import lab
from helpers.authoring import anatomy, packet

pytestmark = pytest.mark.browser


def _lessons() -> list:
    paths = anatomy.lesson_paths(lab.ROOT / "lessons")
    with_charts = [p for p in paths if anatomy.chart_calls(p)]
    return list(dict.fromkeys(paths[:1] + with_charts[:1]))


@pytest.mark.parametrize("edition", packet.EDITIONS)
def test_packet_html_passes_axe(browser, tmp_path, edition):
    lessons = _lessons()
    assert lessons, "no lesson to print"
    page_file = tmp_path / f"{edition}.html"
    body = "".join(packet.lesson_html(path, edition) for path in lessons)
    page_file.write_text(packet._page("The course", body, edition), encoding="utf-8")
    context = browser.new_context(viewport=lab.VIEWPORT)
    try:
        page = context.new_page()
        page.goto(page_file.as_uri(), wait_until="load")
        found = axe.run_axe(page, "body", allowed=[])
    finally:
        context.close()
    if found:
        pytest.fail(f"packet ({edition}, {', '.join(p.name for p in lessons)}): {len(found)} accessibility "
                    f"violation(s) ({axe.counts(found)}):\n{axe.describe(found)}", pytrace=False)
