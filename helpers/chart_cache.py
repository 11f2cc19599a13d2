"""Charts built once: each course chart's Vega-Lite spec is kept in ``.cache/charts/``, so a lesson's kernel
shows it without importing Altair.

A chart is a pure function of the data folder, the ``helpers`` code and the call's arguments. Its cache entry
is named by a fingerprint of exactly these: the data folder's files (contents), the ``helpers`` package's
source files (contents), Altair's version file, the chart's name and its arguments. Editing a CSV therefore
changes the fingerprint, and the chart is built again with Altair (then kept). A cache folder that cannot be
read or written (read-only, full disk) never breaks a lesson: the chart is built as before.

``python -m helpers warm-charts`` runs every lesson's code cells once, outside Jupyter, to fill the cache.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
from importlib import import_module
from pathlib import Path

from . import data, paths

VEGALITE = "application/vnd.vegalite.v5+json"
CACHE_DIR = paths.ROOT / ".cache" / "charts"
"""Where the entries live: inside the course folder, ignored by git."""

CHARTS = {
    "steel_chart": ("charts", ("record", "data_dir", "years", "ids")),
    "harvest_chart": ("charts", ("record", "data_dir", "years", "ids")),
    "communes_chart": ("charts", ("record", "data_dir", "years", "ids")),
    "catch_up_chart": ("charts", ("data_dir",)),
    "certainty_chart": ("conversation_charts", ("data_dir",)),
    "reactions_chart": ("conversation_charts", ("data_dir",)),
    "frequency_chart": ("conversation_charts", ("phrase", "data_dir")),
    "timeline_chart": ("timeline_charts", ("categories", "start", "end", "data_dir", "detail", "labels")),
}
"""Each cached chart: its module in ``helpers`` and its parameters, in order (a test holds them to the code)."""

_SOURCE: str | None = None


def _digest(files: list[Path], root: Path) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def source_fingerprint() -> str:
    """A digest of the ``helpers`` package's source and Altair's version file (computed once per process:
    the code a process runs does not change while it runs)."""
    global _SOURCE
    if _SOURCE is None:
        package = Path(__file__).resolve().parent
        files = sorted(package.rglob("*.py"))
        spec = importlib.util.find_spec("altair")
        extra = Path(spec.origin).read_bytes() if spec and spec.origin else b"no altair"
        _SOURCE = hashlib.sha256(_digest(files, package).encode() + extra).hexdigest()
    return _SOURCE


def data_fingerprint(data_dir: Path | str | None = None) -> str:
    """A digest of every file in the data folder (names and contents), computed again whenever a file in the
    folder changes: the same stamp (names, sizes, modification times) by which :func:`data.rows` notices an
    edit, so a lesson's charts read the data files once, not once per chart."""
    folder = paths.data_dir(data_dir).resolve()
    return _data_digest(folder, data.folder_stamp(folder))


@functools.lru_cache(maxsize=16)
def _data_digest(folder: Path, stamp: tuple) -> str:
    files = sorted(f for f in folder.iterdir() if f.is_file() and not f.name.startswith("."))
    return _digest(files, folder)


def call_arguments(name: str, args: tuple, kwargs: dict) -> dict:
    """The call's arguments by parameter name (only those given); TypeError for an argument the chart lacks."""
    params = CHARTS[name][1]
    if len(args) > len(params):
        raise TypeError(f"{name}() takes at most {len(params)} arguments ({len(args)} given)")
    given = dict(zip(params, args))
    for key, value in kwargs.items():
        if key not in params or key in given:
            raise TypeError(f"{name}() got an unexpected or repeated argument {key!r}")
        given[key] = value
    return given


def fingerprint(name: str, arguments: dict) -> str:
    """The cache key of one chart call: name, arguments (``data_dir`` by its files' contents), code, Altair."""
    shown = {k: repr(v) for k, v in sorted(arguments.items()) if k != "data_dir"}
    parts = [name, shown, data_fingerprint(arguments.get("data_dir")), source_fingerprint()]
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]


def _read(key: str) -> dict | None:
    try:
        with (CACHE_DIR / f"{key}.json").open(encoding="utf-8") as fh:
            entry = json.load(fh)
        return entry if isinstance(entry, dict) and {"data", "metadata", "spec", "numbers"} <= set(entry) else None
    except (OSError, ValueError):
        return None


def _write(key: str, entry: dict) -> None:
    """Keep an entry; a folder that cannot be written (read-only, full disk) is left as it is."""
    import tempfile

    tmp = None
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=CACHE_DIR, prefix=f".{key}-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(entry, fh)
        os.replace(tmp, CACHE_DIR / f"{key}.json")
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def build(name: str, arguments: dict):
    """Build the chart with Altair: returns the Altair chart and its cache entry (what a kernel shows)."""
    from . import render

    render.use_altair()
    import altair as alt

    module, _ = CHARTS[name]
    # Altair names views and parameters from counters that run on through a process (view_1, view_2, ...):
    # each chart is built as in a fresh kernel, so that its spec depends on its call alone, cached or not.
    counters = alt.Chart._counter, alt.Parameter._counter
    alt.Chart._counter = alt.Parameter._counter = 0
    try:
        chart = getattr(import_module(f"helpers.{module}"), name)(**arguments)
        spec = render.learner_spec(chart, {"pre_transform": False})
        widget_spec = render.learner_spec(chart)
    finally:
        alt.Chart._counter, alt.Parameter._counter = counters
    bundle = alt.renderers.get()(spec)
    data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
    entry = {"data": data, "metadata": metadata or {}, "spec": None if widget_spec == spec else widget_spec,
             "numbers": render.chart_numbers_html(chart, data.get(VEGALITE))}
    return chart, entry


class CachedChart:
    """A course chart as a lesson gets it: shown from its cache entry without Altair.

    Anything else asked of it (``.properties(...)``, ``.to_dict()``, its numbers) builds the Altair chart
    first (importing Altair then) and hands the question on to it.
    """

    def __init__(self, name: str, arguments: dict, entry: dict, chart=None) -> None:
        self._name, self._arguments, self._entry, self._chart = name, arguments, entry, chart

    def altair_chart(self):
        """The Altair chart itself, built on first request."""
        if self._chart is None:
            self._chart, _ = build(self._name, self._arguments)
        return self._chart

    def __getattr__(self, attr: str):
        if attr.startswith("_"):
            raise AttributeError(attr)
        return getattr(self.altair_chart(), attr)

    def outputs(self) -> list[dict]:
        """The chart and its "Show the numbers" disclosure as display outputs (``data``, ``metadata``)."""
        shown = [{"data": self._entry["data"], "metadata": self._entry["metadata"]}]
        if self._entry["numbers"]:
            shown.append({"data": {"text/html": self._entry["numbers"],
                                   "text/plain": "<IPython.core.display.HTML object>"}, "metadata": {}})
        return shown

    def widget_outputs(self) -> tuple[dict, ...]:
        """The outputs a widget's ``Output`` shows: the spec (its description as plain text), then the numbers."""
        spec = self._entry["spec"] or self._entry["data"][VEGALITE]
        shown = [{"output_type": "display_data",
                  "data": {VEGALITE: spec, "text/plain": spec.get("description", "A chart.")}, "metadata": {}}]
        if self._entry["numbers"]:
            shown.append({"output_type": "display_data",
                          "data": {"text/html": self._entry["numbers"], "text/plain": "The numbers."},
                          "metadata": {}})
        return tuple(shown)

    def _ipython_display_(self) -> None:
        from IPython.display import publish_display_data

        for out in self.outputs():
            publish_display_data(data=out["data"], metadata=out["metadata"])

    def __repr__(self) -> str:
        return f"<{self._name} chart (Vega-Lite 5)>"


_used: set[str] = set()
"""The keys asked for in this process (what :func:`warm` keeps)."""


def chart(name: str, *args, **kwargs) -> CachedChart:
    """The course chart ``name`` called with these arguments: from the cache where it holds the same call on
    the same data and code, else built with Altair (and kept for next time)."""
    arguments = call_arguments(name, args, kwargs)
    key = fingerprint(name, arguments)
    _used.add(key)
    entry = _read(key)
    if entry is not None:
        return CachedChart(name, arguments, entry)
    built, entry = build(name, arguments)
    _write(key, entry)
    return CachedChart(name, arguments, entry, built)


def lesson_call(name: str):
    """``helpers.<name>`` for a lesson: the chart call, served from the cache."""
    if name not in CHARTS:
        raise AttributeError(name)

    def call(*args, **kwargs) -> CachedChart:
        return chart(name, *args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = (f"The course's {name.replace('_', ' ')} (see ``helpers.{CHARTS[name][0]}.{name}``), shown "
                    "from the chart cache when nothing it depends on has changed.")
    return call


def warm(lessons_dir: Path | str | None = None) -> int:
    """Run every lesson's code cells once outside Jupyter, so each chart they draw is in the cache; returns how
    many entries the cache holds afterwards.

    Entries no lesson asked for this time (charts of code or data since changed) are removed, so the
    cache holds what the lessons draw now; any other chart is built again when it is next asked for.
    """
    import contextlib
    import io

    import nbformat

    folder = paths.lessons_dir(lessons_dir)
    _used.clear()
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        namespace: dict = {"__name__": "__warm__"}
        cwd = os.getcwd()
        try:
            os.chdir(path.parent)
            with contextlib.redirect_stdout(io.StringIO()):
                for cell in nb.cells:
                    if cell.cell_type == "code":
                        exec(compile(cell.source, str(path), "exec"), namespace)
        finally:
            os.chdir(cwd)
    try:
        for old in CACHE_DIR.glob("*.json"):
            if old.stem not in _used:
                with contextlib.suppress(OSError):  # a folder it cannot write keeps its entries
                    old.unlink()
        return len(list(CACHE_DIR.glob("*.json")))
    except OSError:
        return 0
