"""The browser suite tests the JupyterLab a learner gets: the shipped settings, plus only what a test needs.

Run with ``.venv/bin/python -m pytest -m browser tests/browser/test_settings.py``.
"""
from __future__ import annotations

import json

import pytest

import lab

pytestmark = pytest.mark.browser


def test_the_suite_has_the_learners_settings_and_only_the_test_extras(server):
    """The settings in effect in the test server are the shipped ones, except the justified TEST_SETTINGS."""
    differences = lab.settings_differences(server)
    assert not differences, "\n".join(differences)


def test_the_shipped_settings_turn_off_the_news_prompt_and_the_update_check(server):
    """What issue 15 asks of the learner's JupyterLab: no 'get notified about Jupyter news?' and no update check."""
    notification = lab.effective_settings(server)["@jupyterlab/apputils-extension:notification"]
    assert notification["fetchNews"] == "false", notification
    assert notification["checkForUpdates"] is False, notification


def test_every_server_flag_is_one_the_tests_need(server):
    """No flag on the test server's command line changes what a learner sees: each is listed with its reason."""
    flags = [arg for arg in server.cmd if arg.startswith("--")]
    unknown = [f for f in flags if f not in lab.TEST_FLAGS and f.split("=")[0] not in lab.TEST_FLAGS]
    assert flags and not unknown, f"flags without a reason in lab.TEST_FLAGS: {unknown}"


# What a learner of this course uses, which the shipped page config must leave on.
NEEDED_PLUGINS = (
    "@jupyterlab/notebook-extension:tracker", "@jupyterlab/filebrowser-extension:browser",
    "@jupyter-widgets/jupyterlab-manager:plugin", "@jupyterlab/vega5-extension:factory",
    "@jupyterlab/markdownviewer-extension:plugin", "@jupyterlab/shortcuts-extension:shortcuts",
    "@jupyterlab/settingeditor-extension:form-ui", "@jupyterlab/apputils-extension:themes",
    "@jupyterlab/toc-extension:registry", "@jupyterlab/running-extension:sidebar", "@jupyterlab/hub-extension:menu",
)


def test_the_plugins_the_shipped_page_config_disables_are_absent_and_the_courses_are_present(server, browser):
    """binder/page_config.json takes effect in the page: no disabled plugin is registered, every needed one is."""
    disabled = [name for name, off in json.loads(lab.SHIPPED_PAGE_CONFIG.read_text())["disabledExtensions"].items()
                if off]
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(server.url("lab?reset"), wait_until="domcontentloaded")  # no notebook of an earlier test
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.listPlugins().length > 0")
        page.evaluate("() => window.jupyterapp.restored")
        plugins = page.evaluate("() => window.jupyterapp.listPlugins()")
    finally:
        context.close()
    # An entry names one plugin ("package:plugin") or every plugin of a package ("package").
    present = [p for p in plugins for name in disabled if p == name or p.startswith(name + ":")]
    assert disabled and not present, f"plugins the shipped page config disables are still loaded: {present}"
    missing = [p for p in NEEDED_PLUGINS if p not in plugins]
    assert not missing, f"the shipped page config turns off plugins the course needs: {missing}"
