"""The learner's JupyterLab settings ship with the project and both installers put them in place."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "binder" / "overrides.json"
PAGE_CONFIG = ROOT / "binder" / "page_config.json"


def test_shipped_settings_turn_off_the_news_prompt_and_the_update_check():
    settings = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert settings["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false",
                                                                       "checkForUpdates": False}


def test_postbuild_installs_the_shipped_settings_into_the_environment(tmp_path):
    """Run binder/postBuild with a stand-in ``python`` (pip does nothing, sys.prefix is a temporary folder)."""
    prefix, bin_dir = tmp_path / "env", tmp_path / "bin"
    bin_dir.mkdir()
    stub = bin_dir / "python"
    stub.write_text(f'#!/bin/sh\nif [ "$1" = "-c" ]; then echo "{prefix}"; fi\n')
    stub.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    run = subprocess.run(["bash", "binder/postBuild"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    installed = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert installed.read_bytes() == SHIPPED.read_bytes()
    assert (prefix / "etc" / "jupyter" / "labconfig" / "page_config.json").read_bytes() == PAGE_CONFIG.read_bytes()


def test_setup_installs_the_shipped_settings_into_the_venv():
    """scripts/setup.sh has run (the tests run from its .venv): its copy is the shipped file."""
    installed = ROOT / ".venv" / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert installed.read_bytes() == SHIPPED.read_bytes(), "run scripts/setup.sh to install binder/overrides.json"


def test_setup_installs_the_shipped_page_config_into_the_venv():
    """scripts/setup.sh has put binder/page_config.json (the plugins a learner runs) where JupyterLab reads it."""
    installed = ROOT / ".venv" / "etc" / "jupyter" / "labconfig" / "page_config.json"
    assert installed.read_bytes() == PAGE_CONFIG.read_bytes(), "run scripts/setup.sh to install binder/page_config.json"


def test_shipped_page_config_locks_what_it_disables_and_skips_the_build_check():
    """JupyterLab writes ``lockedExtensions`` (a copy of ``disabledExtensions``) into a page config that lacks it
    on its first start; shipping it keeps the installed file the shipped one, and the plugins locked."""
    config = json.loads(PAGE_CONFIG.read_text(encoding="utf-8"))
    assert config["disabledExtensions"] and config["lockedExtensions"] == config["disabledExtensions"]
    assert config["buildCheck"] is False and config["buildAvailable"] is False
