"""The chart cache: a lesson shows the chart Altair builds, never a stale one, and a cache it cannot write
never breaks a lesson."""
from __future__ import annotations

import errno
import inspect
import json
import os
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest

from helpers import chart_cache, paths, render

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty cache folder of the test's own."""
    folder = tmp_path / "charts"
    monkeypatch.setattr(chart_cache, "CACHE_DIR", folder)
    return folder


@pytest.mark.parametrize("name", chart_cache.CHARTS)
def test_each_cached_chart_names_the_parameters_of_its_function(name):
    module, params = chart_cache.CHARTS[name]
    function = getattr(import_module(f"helpers.{module}"), name)
    assert tuple(inspect.signature(function).parameters) == params


def _spec(chart) -> dict:
    return next(o["data"] for o in chart.outputs())[chart_cache.VEGALITE]


def test_a_cached_chart_is_the_chart_altair_builds(cache):
    from helpers import charts

    render.use_altair()
    built = chart_cache.chart("steel_chart", record=True)
    assert built._chart is not None and len(list(cache.glob("*.json"))) == 1
    again = chart_cache.chart("steel_chart", record=True)
    assert again._chart is None, "the second call should come from the cache, without building"
    expected = render.learner_spec(charts.steel_chart(record=True), {"pre_transform": False})
    assert _spec(again) == _spec(built) == expected
    assert again.outputs() == built.outputs()
    assert "Show the numbers" in again.outputs()[1]["data"]["text/html"]
    assert again.widget_outputs()[0]["data"][chart_cache.VEGALITE] == expected
    assert again.to_dict(validate=False) == expected  # anything else builds the Altair chart and asks it


def test_the_years_asked_for_are_part_of_the_cache_key(cache, fixture_data):
    """A chart of other sources' rows for 1958 is never served for the chart of every year, nor the reverse."""
    every = chart_cache.chart("steel_chart", record=True, data_dir=fixture_data)
    only = chart_cache.chart("steel_chart", True, fixture_data, [1958])
    assert chart_cache.fingerprint("steel_chart", {"record": True, "years": [1958]}) != chart_cache.fingerprint(
        "steel_chart", {"record": True})
    assert len(list(cache.glob("*.json"))) == 2
    ids = lambda c: {r.get("id") for v in _spec(c)["datasets"].values() for r in v}  # noqa: E731
    assert "r-steel-1957" in ids(every) and "r-steel-1957" not in ids(only) and "r-steel-usable" in ids(only)
    again = chart_cache.chart("steel_chart", record=True, data_dir=fixture_data, years=[1958])
    assert again._chart is None and ids(again) == ids(only)  # from the cache, the 1958 chart


def test_editing_a_csv_draws_the_new_number(cache, data_copy, monkeypatch):
    """As an instructor does with COURSE_DATA_DIR: the chart of the edited copy shows the edited number."""
    monkeypatch.setattr(paths, "DATA_DIR", data_copy)
    before = json.dumps(_spec(chart_cache.chart("steel_chart")))
    assert '"value": 5.35' in before and "5.45" not in before
    figures = data_copy / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(
        "steel-1957,steel,1,1957 output,5.35,", "steel-1957,steel,1,1957 output,5.45,"), encoding="utf-8")
    after = chart_cache.chart("steel_chart")
    assert after._chart is not None, "an edited CSV must build the chart again"
    assert '"value": 5.45' in json.dumps(_spec(after)) and "5.45" in after.outputs()[1]["data"]["text/html"]
    assert len(list(cache.glob("*.json"))) == 2


def test_a_cache_that_cannot_be_written_never_breaks_a_lesson(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(chart_cache, "CACHE_DIR", blocker / "charts")  # mkdir fails: as on a read-only disk
    assert "vconcat" in _spec(chart_cache.chart("catch_up_chart"))


def test_a_full_disk_or_a_broken_entry_never_breaks_a_lesson(cache, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(chart_cache.os, "replace", full)
        assert _spec(chart_cache.chart("catch_up_chart"))
    assert list(cache.iterdir()) == [], "a failed write leaves no half-written file"
    chart_cache.chart("catch_up_chart")
    (entry,) = cache.glob("*.json")
    entry.write_text('{"data": ', encoding="utf-8")  # cut short
    rebuilt = chart_cache.chart("catch_up_chart")
    assert rebuilt._chart is not None and _spec(rebuilt)


def test_a_warm_cache_shows_a_chart_without_altair(cache):
    chart_cache.chart("reactions_chart")
    code = ("import sys, helpers; from helpers import chart_cache as c; "
            f"c.CACHE_DIR = c.Path({str(cache)!r}); "
            "ch = helpers.reactions_chart(); o = ch.outputs(); helpers.close_reading; "
            "assert 'altair' not in sys.modules, 'altair imported'; "
            "assert o[0]['data']['application/vnd.vegalite.v5+json']['description']; "
            "ch.to_dict(validate=False); assert 'altair' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_warming_keeps_what_the_lessons_draw_and_drops_the_rest(cache, tmp_path):
    import nbformat

    lessons = tmp_path / "lessons"
    lessons.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("# Chart\nimport helpers\nhelpers.reactions_chart()")])
    nbformat.write(nb, lessons / "00-one-chart.ipynb")
    cache.mkdir()
    (cache / "0123stale.json").write_text("{}", encoding="utf-8")
    assert chart_cache.warm(lessons) == 1
    kept = [p.stem for p in cache.glob("*.json")]
    assert kept == [chart_cache.fingerprint("reactions_chart", chart_cache.call_arguments("reactions_chart", (), {}))]
