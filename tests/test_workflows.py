"""The GitHub Actions workflows: valid against the GitHub-workflow schema, and doing only what the local
scripts do (they cannot run here, so they must stay a thin call of scripts that the tests do run).

The schema is SchemaStore's ``github-workflow.json`` as vendored in check-jsonschema
(``--builtin-schema vendor.github-workflows``): it runs offline.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BOOTSTRAP = re.compile(r"^apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq [a-z0-9 .-]+$")


def _lint(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           *map(str, paths)], capture_output=True, text=True)


def _load(path: Path) -> dict:
    flow = yaml.safe_load(path.read_text(encoding="utf-8"))
    flow["on"] = flow.pop(True, flow.get("on"))  # YAML 1.1 reads the key `on` as True
    return flow


def test_both_workflows_exist():
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "publish.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_valid(path):
    done = _lint(path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_lint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("name: x\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo hi\n        uses: actions/checkout@v4\n        wtih: {}\n")
    done = _lint(broken)
    assert done.returncode != 0 and "broken.yml" in done.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_run_step_calls_a_local_script(path):
    """A step either prepares the bare image (apt-get) or runs one of the project's own scripts."""
    for name, job in _load(path)["jobs"].items():
        for step in job["steps"]:
            command = " ".join(step.get("run", "").split())
            if not command or "gh release" in command:
                continue
            if BOOTSTRAP.match(command):
                continue
            called = re.fullmatch(r"bash ((?:\.ci|scripts)/[\w.-]+)", command)
            assert called, f"{path.name}, job {name}: {command!r} is not a call of a local script"
            assert (ROOT / called.group(1)).is_file(), f"{path.name}: {called.group(1)} does not exist"


def test_ci_runs_the_projects_test_command_on_every_push():
    flow = _load(ROOT / ".github/workflows/ci.yml")
    assert "push" in flow["on"]
    runs = [s.get("run") for job in flow["jobs"].values() for s in job["steps"]]
    assert "bash .ci/run" in runs
    assert "scripts/test.sh" in (ROOT / ".ci/run").read_text()


def test_publish_builds_the_site_and_the_pdfs_and_deploys_pages():
    flow = _load(ROOT / ".github/workflows/publish.yml")
    steps = [s for job in flow["jobs"].values() for s in job["steps"]]
    assert "bash scripts/publish.sh" in [s.get("run") for s in steps]
    publish = (ROOT / "scripts/publish.sh").read_text()
    assert "scripts/packet.sh" in publish and "scripts/web.sh build/site --packet" in publish
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert flow["jobs"]["pages"]["permissions"] == {"pages": "write", "id-token": "write"}
