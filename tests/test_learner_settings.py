"""The learner's JupyterLab settings ship with the project and both installers put them in place."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "binder" / "overrides.json"


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


def test_setup_installs_the_shipped_settings_into_the_venv():
    """scripts/setup.sh has run (the tests run from its .venv): its copy is the shipped file."""
    installed = ROOT / ".venv" / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert installed.read_bytes() == SHIPPED.read_bytes(), "run scripts/setup.sh to install binder/overrides.json"
