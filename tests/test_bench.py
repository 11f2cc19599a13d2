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

from bench import classroom, report, run  # noqa: E402

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


def test_percentile_interpolates_between_ranks():
    assert classroom.percentile([5.0], 95) == 5.0
    assert classroom.percentile([1.0, 2.0, 3.0, 4.0, 5.0], 50) == 3.0
    assert classroom.percentile([10.0, 0.0], 95) == pytest.approx(9.5)
    with pytest.raises(ValueError):
        classroom.percentile([], 50)


@pytest.mark.parametrize("text", ["", "0", "1,x", "-3", "ten"])
def test_class_sizes_are_checked(text):
    with pytest.raises(ValueError, match="--class"):
        classroom.parse_sizes(text)
    assert classroom.parse_sizes("1, 10,30") == [1, 10, 30]


def test_a_class_summary_counts_failures_and_sums_peaks():
    runs = [{"start_to_last_cell_seconds": s, "cells_seconds": s - 1, "cells_cpu_seconds": 0.5, "peak_mib": 100.0}
            for s in (2.0, 4.0, 6.0)]
    summary = classroom.summarise_class(4, [*runs, RuntimeError("kernel died\nmore")])
    assert summary["failures"] == 1 and summary["failure_messages"] == ["RuntimeError: kernel died"]
    assert summary["start_to_last_cell_median_seconds"] == 4.0
    assert summary["cells_median_seconds"] == 3.0
    assert summary["peak_mib_sum"] == 300.0
    everyone_failed = classroom.summarise_class(2, [OSError("no"), OSError("no")])
    assert "cells_median_seconds" not in everyone_failed
    table = classroom.format_class({"notebook": "x.ipynb", "cpus": 2, "classes": [summary, everyone_failed],
                                    "server": {"error": "did not start"}})
    assert "300 MiB" in table and "all failed: OSError: no" in table and "not measured (did not start)" in table


def test_a_class_of_two_runs_the_smoke_notebook_in_two_kernels():
    (row,) = classroom.run_class(SMOKE, [2])
    assert row["learners"] == 2 and row["failures"] == 0, row["failure_messages"]
    assert 0 < row["cells_median_seconds"] <= row["start_to_last_cell_median_seconds"]
    assert row["start_to_last_cell_p95_seconds"] >= row["start_to_last_cell_median_seconds"]
    assert 10 < row["peak_mib_each_median"] and row["peak_mib_sum"] >= 2 * 10


def test_the_servers_memory_is_read_with_a_lesson_open():
    server = classroom.server_memory(ROOT, SMOKE, settle_s=0.5)
    assert server["notebook"] == "tests/notebooks/smoke.ipynb"
    assert 10 < server["idle_rss_mib"] <= server["peak_mib"]
    assert server["one_lesson_rss_mib"] > 0 and server["server_start_seconds"] > 0


def test_browser_phases_are_printed_in_order_for_lessons_that_have_them():
    lessons = [{"notebook": "lessons/03.ipynb",
                "browser": {"seconds_to_last_chart": 5.5, "phases": {"page_loaded": 0.4, "kernel_idle": 3.1,
                                                                     "cells_done": 4.9}}},
               {"notebook": "lessons/04.ipynb", "browser": {"seconds_to_last_chart": 6.0}}]
    (row,) = report.browser_phase_rows({"lessons": lessons})
    assert row[0] == "lessons/03.ipynb"
    assert row[1:] == ["0.40 s", "-", "-", "-", "3.10 s", "-", "-", "4.90 s", "-", "5.50 s"]


def test_browser_phases_end_with_the_median_over_lessons():
    lessons = [{"notebook": f"lessons/0{n}.ipynb",
                "browser": {"seconds_to_last_chart": last, "phases": {"app_started": started, "kernel_idle": idle}}}
               for n, started, idle, last in ((1, 2.0, 4.0, 5.0), (2, 2.4, 4.6, None), (3, 2.2, 5.0, 6.0))]
    rows = report.browser_phase_rows({"lessons": lessons})
    assert [r[0] for r in rows] == ["lessons/01.ipynb", "lessons/02.ipynb", "lessons/03.ipynb", "median"]
    assert rows[-1][1:] == ["-", "2.20 s", "-", "-", "4.60 s", "-", "-", "-", "-", "5.50 s"]
