"""Drive JupyterLab in headless Chromium: start the server, run notebooks, check them, act as a learner.

One module per job, all reachable as ``lab.NAME``::

    server.py   the JupyterLab server: start_server, Server, the learner's settings and the test extras
    run.py      running a notebook: launch_browser, open_and_run, Run, find_notebooks, screenshots
    page.py     the JavaScript in js/*.js (JupyterLab's state, the page's layout), called by name
    checks.py   what is wrong with a run: problems, clipped, page_problems_since, record_timing
    actions.py  the learner's actions: widget, choose_option, press_slider, click_mark, select_labels, ...

A lesson's test::

    run = notebook_run("lessons/01-....ipynb")
    assert not lab.problems(run), "\\n".join(lab.problems(run))
    lab.choose_option(run, "course-01-speaker", "Mao Zedong")
    expect(lab.widget(run, "course-01-quote")).to_contain_text("imperialism")
"""
from __future__ import annotations

from .actions import (aria_labels, attribute_of_each, chart_marks, choose_option, click_mark, covered_by, is_uncovered,
                      mark_texts, marks_in, option_labels, option_values, press_slider, select_labels,
                      slider_value, widget)
from .checks import LAYOUT_WIDTHS, clipped, counts, is_offsite, page_problems_since, problems, record_timing
from .page import call, function, wait_for, wait_until
from .run import SMOKE, VIEWPORT, Run, find_notebooks, launch_browser, open_and_run, screenshot
from .server import (ARTIFACTS, ROOT, SHIPPED_PAGE_CONFIG, SHIPPED_SETTINGS, TEST_FLAGS, TEST_SETTINGS, Server, effective_settings,
                     installed_settings, prefix_page_config, settings_differences, shipped_settings,
                     start_server)

__all__ = [
    "ARTIFACTS", "LAYOUT_WIDTHS", "ROOT", "SHIPPED_PAGE_CONFIG", "SHIPPED_SETTINGS", "SMOKE", "TEST_FLAGS", "TEST_SETTINGS", "VIEWPORT",
    "Run", "Server", "aria_labels", "attribute_of_each", "call", "chart_marks", "choose_option", "click_mark",
    "clipped", "counts", "effective_settings", "find_notebooks", "function", "installed_settings", "is_offsite",
    "covered_by", "is_uncovered", "launch_browser", "mark_texts", "marks_in", "open_and_run", "option_labels", "option_values",
    "page_problems_since", "prefix_page_config", "press_slider", "problems", "record_timing", "screenshot", "select_labels",
    "settings_differences", "shipped_settings", "slider_value", "start_server", "wait_for", "wait_until", "widget",
]
