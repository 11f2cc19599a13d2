"""The benchmark's own code (bench/): the figures it writes have the expected keys and plausible values.

No test here asserts a time or a budget: the benchmark reports, it does not judge.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `bench` is a folder of the project, not an installed package

from bench import report, run  # noqa: E402

SMOKE = ROOT / "tests" / "notebooks" / "smoke.ipynb"


def test_browser_timings_are_read_last_line_per_notebook(tmp_path):
    assert report.read_browser_timings(tmp_path / "absent.jsonl") is None
    path = tmp_path / "browser-timings.jsonl"
    lines = [{"notebook": "lessons/01-a.ipynb", "seconds_to_last_chart": 9.0, "charts": 1, "widgets": 0},
             {"notebook": "lessons/01-a.ipynb", "seconds_to_last_chart": 2.5, "charts": 2, "widgets": 1}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    timings = report.read_browser_timings(path)
    assert report.browser_entry(timings, "lessons/01-a.ipynb")["seconds_to_last_chart"] == 2.5
    assert report.browser_entry(timings, "elsewhere/01-a.ipynb")["charts"] == 2
    assert report.browser_entry(timings, "lessons/02-b.ipynb") is None


def test_lessons_are_preferred_to_the_test_notebooks(tmp_path):
    (tmp_path / "tests" / "notebooks").mkdir(parents=True)
    (tmp_path / "tests" / "notebooks" / "smoke.ipynb").write_text("{}")
    (tmp_path / "lessons").mkdir()
    assert [p.name for p in report.find_notebooks(tmp_path)[0]] == ["smoke.ipynb"]
    (tmp_path / "lessons" / "01-enter.ipynb").write_text("{}")
    (tmp_path / "lessons" / "template.ipynb").write_text("{}")
    assert [p.name for p in report.find_notebooks(tmp_path)[0]] == ["01-enter.ipynb"]


@pytest.mark.skipif(not SMOKE.exists(), reason="tests/notebooks/smoke.ipynb is not there")
def test_benchmark_of_the_smoke_notebook_has_plausible_figures(tmp_path):
    result = run.collect(notebooks=[SMOKE], runs=1, import_runs=1, skip_env=True, skip_profile=True,
                         browser_path=tmp_path / "absent.jsonl", kernel_log=tmp_path / "kernels.log")
    result = json.loads(json.dumps(result))  # what latest.json holds

    for key in ["when", "machine", "runs", "budgets", "lessons", "total", "imports", "first_chart",
                "browser", "environment", "checks"]:
        assert key in result, key
    (lesson,) = result["lessons"]
    assert "error" not in lesson, lesson.get("error")
    assert lesson["notebook"] == "tests/notebooks/smoke.ipynb"
    for key in ["run_seconds", "kernel_start_seconds"]:
        assert lesson[key] > 0
    assert 10 < lesson["peak_mib"] < 100_000
    assert lesson["peak_mib"] >= lesson["start_rss_mib"] > 0
    assert 0 < lesson["stored_bytes"] < lesson["executed_bytes"]
    assert len(lesson["cells"]) == sum(c["cell_type"] == "code" for c in json.loads(SMOKE.read_text())["cells"])
    assert all(c["seconds"] >= 0 for c in lesson["cells"])
    assert result["total"]["run_seconds"] == lesson["run_seconds"]
    assert set(result["imports"]) == {"helpers", "helpers_setup", "altair"}
    assert all(v["median_seconds"] > 0 for v in result["imports"].values())
    assert result["first_chart"]["seconds"] > 0
    assert result["environment"] == {"skipped": True}
    assert result["browser"]["measured"] is False and lesson["browser"] is None
    assert {c["figure"] for c in result["checks"]} >= {"import helpers (s)", "all lessons: run all cells (s)"}
    assert all(c["value"] >= 0 for c in result["checks"])

    text = report.format_report(result)
    assert report.NOT_MEASURED in text and "smoke.ipynb" in text
