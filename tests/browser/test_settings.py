"""The browser suite tests the JupyterLab a learner gets: the shipped settings, plus only what a test needs.

Run with ``.venv/bin/python -m pytest -m browser tests/browser/test_settings.py``.
"""
from __future__ import annotations

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
