"""Binder: repo2docker would build the image we test, with the pins we test with."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
PINS = {
    Requirement(line).name: Requirement(line)
    for line in (ROOT / "binder" / "requirements.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
}


def test_every_binder_requirement_is_pinned_to_the_version_the_tests_run_with():
    for name, req in PINS.items():
        spec = str(req.specifier)
        assert spec.startswith("=="), f"binder/requirements.txt: pin {name} with ==, not {spec!r}"
        assert metadata.version(name) == spec[2:], f"{name}: tests run {metadata.version(name)}, Binder pins {spec}"


def test_pinned_notebook_accepts_the_pinned_jupyterlab():
    lab = PINS["jupyterlab"].specifier
    needs = [r for r in map(Requirement, metadata.requires("notebook")) if r.name == "jupyterlab" and not r.marker]
    assert needs and all(str(lab)[2:] in n.specifier for n in needs), (lab, needs)


@pytest.fixture(scope="module")
def dockerfile() -> str:
    exe = shutil.which("jupyter-repo2docker", path=str(Path(sys.executable).parent))
    assert exe, "jupyter-repo2docker is not installed: scripts/setup.sh dev installs it (requirements-dev.txt)"
    run = subprocess.run([exe, "--no-build", "--debug", str(ROOT)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout + run.stderr


def test_repo2docker_uses_python_311(dockerfile):
    assert "python=3.11" in dockerfile
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == f"python-{sys.version_info.major}.{sys.version_info.minor}"


def test_repo2docker_installs_the_pinned_requirements_and_helpers(dockerfile):
    assert re.search(r'pip install --no-cache-dir -r "binder/requirements.txt"', dockerfile)
    assert "./binder/postBuild" in dockerfile
    post = (ROOT / "binder" / "postBuild").read_text()
    assert "pip install" in post and "-e ." in post


def test_lessons_find_helpers_through_the_installed_package():
    import helpers

    assert Path(helpers.__file__).resolve().parent == ROOT / "helpers"
