"""Collect every figure, print the table, write ``bench/results/latest.json``.

Run from the project's root: ``.venv/bin/python -m bench`` (``--help`` for the options).
The benchmark reports; it never fails because a figure is over its budget.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from . import classroom, environment, kernel, report

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BROWSER_TIMINGS = ROOT / "artifacts" / "browser-timings.jsonl"
VERSIONS = ["jupyterlab", "ipykernel", "ipywidgets", "altair", "pandas", "numpy", "jsonschema", "rfc3987-syntax"]


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def machine() -> dict:
    """What the figures were measured on: they mean little without it."""
    versions = {}
    for name in VERSIONS:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    spec = kernel.spec_manager().get_kernel_spec("python3")
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "load_average": os.getloadavg()[0],
            "python_executable": sys.executable,
            "kernel_argv0": spec.argv[0], "kernel_spec": spec.resource_dir, "versions": versions}


def measure_lesson(path: Path, root: Path, runs: int, browser: dict | None, stderr=None) -> dict:
    """Run one notebook ``runs`` times in fresh kernels; its sizes; the browser's timing for it."""
    rel = path.relative_to(root).as_posix()
    lesson = {"notebook": rel, "stored_bytes": path.stat().st_size,
              "browser": report.browser_entry(browser, rel)}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            executed = Path(tmp) / path.name
            each = [kernel.run_notebook(path, keep=executed if i == 0 else None, stderr=stderr) for i in range(runs)]
            lesson["executed_bytes"] = executed.stat().st_size
        lesson.update(report.summarise_runs(each))
    except Exception as err:  # a broken lesson is reported, not fatal: the other figures still count
        lesson["error"] = f"{type(err).__name__}: {err}".splitlines()[0]
    return lesson


def collect(root: Path = ROOT, notebooks: list[Path] | None = None, runs: int = 3, import_runs: int = 5,
            skip_env: bool = False, skip_profile: bool = False, browser_path: Path = BROWSER_TIMINGS,
            env_cache: Path = RESULTS, kernel_log: Path | None = RESULTS / "kernels.log") -> dict:
    """Every figure, as the dict written to ``latest.json``. The kernels' own logs go to ``kernel_log``."""
    if kernel_log is not None:
        kernel_log.parent.mkdir(parents=True, exist_ok=True)
        with kernel_log.open("w") as stderr:
            return _collect(root, notebooks, runs, import_runs, skip_env, skip_profile, browser_path, env_cache, stderr)
    return _collect(root, notebooks, runs, import_runs, skip_env, skip_profile, browser_path, env_cache, None)


def _collect(root, notebooks, runs, import_runs, skip_env, skip_profile, browser_path, env_cache, stderr) -> dict:
    source = "the notebooks given"
    if notebooks is None:
        notebooks, source = report.find_notebooks(root)
    notebooks = [Path(p).resolve() for p in notebooks]
    result = {"when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "machine": machine(),
              "runs": runs, "notebooks_from": source, "budgets": report.BUDGETS}

    timings = report.read_browser_timings(browser_path)
    written = (dt.datetime.fromtimestamp(browser_path.stat().st_mtime, dt.timezone.utc).isoformat(timespec="seconds")
               if timings is not None else None)
    result["browser"] = {"file": str(browser_path), "measured": timings is not None, "written": written,
                         "note": f"the browser suite's last line per notebook, file written {written}"
                         if timings is not None else report.NOT_MEASURED}

    result["lessons"] = []
    for path in notebooks:
        _log(f"running {path.name} {runs} time(s) in fresh kernels...")
        result["lessons"].append(measure_lesson(path, root, runs, timings, stderr))
    ok = [x for x in result["lessons"] if "error" not in x]
    result["total"] = {
        "run_seconds": sum(x["run_seconds"] for x in ok) if len(ok) == len(notebooks) and ok else None,
        "peak_mib": max((x["peak_mib"] for x in ok), default=None),
        "stored_bytes": sum(x["stored_bytes"] for x in result["lessons"]),
        "executed_bytes": sum(x["executed_bytes"] for x in ok),
    }

    _log(f"timing imports in {import_runs} fresh processes each...")
    result["imports"] = {name: environment.import_seconds(code, import_runs, cwd=root)
                         for name, code in environment.IMPORTS.items()}

    cwd = notebooks[0].parent if notebooks else root
    _log(f"timing the first chart in {runs} fresh kernel(s)...")
    charts = [kernel.first_chart(cwd, stderr) for _ in range(runs)]
    result["first_chart"] = {"kernel_start_seconds": statistics.median(c["kernel_start_seconds"] for c in charts),
                             "seconds": statistics.median(c["seconds"] for c in charts),
                             "cpu_seconds": statistics.median(c["cpu_seconds"] for c in charts), "runs": charts}

    if not skip_profile:
        _log("profiling a lesson-like kernel step by step...")
        result["profile"] = kernel.profile(cwd, stderr)

    if skip_env:
        result["environment"] = {"skipped": True}
    else:
        env = environment.build_learner_env(root, env_cache, log=_log)
        result["environment"] = {"skipped": False, "path": str(env), **environment.describe_env(env)}

    result["checks"] = report.checks(result)
    return result


def warm_charts(root: Path = ROOT) -> str:
    """Fill the chart cache (``python -m helpers warm-charts``), as ``scripts/setup.sh`` does before a class:
    the kernels then measure what learners get. Returns what happened, for the report."""
    done = subprocess.run([sys.executable, "-m", "helpers", "warm-charts"], cwd=root, capture_output=True, text=True)
    return (done.stdout or done.stderr).strip().splitlines()[-1] if (done.stdout or done.stderr).strip() else ""


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark from the command line; always exits 0 unless it crashes."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to measure (default: lessons/NN-*.ipynb, else tests/notebooks/*.ipynb)")
    parser.add_argument("--runs", type=int, default=3, help="fresh-kernel runs per notebook and for the first chart")
    parser.add_argument("--import-runs", type=int, default=5, help="fresh processes per import timing")
    parser.add_argument("--skip-env", action="store_true", help="do not build or measure the learner environment")
    parser.add_argument("--skip-profile", action="store_true", help="do not profile a lesson-like kernel")
    parser.add_argument("--out", type=Path, default=None,
                        help="where to write the JSON (default bench/results/latest.json, or class.json with --class)")
    parser.add_argument("--class", dest="sizes", metavar="N,N,...",
                        help="instead of the per-lesson figures: run one lesson (the first notebook given, else "
                             "lesson 03) in N concurrent fresh kernels for each N, and the server's memory")
    args = parser.parse_args(argv)
    _log(f"chart cache: {warm_charts()}")
    if args.sizes:
        try:
            sizes = classroom.parse_sizes(args.sizes)
        except ValueError as err:
            parser.error(str(err))
        return class_main(sizes, args.notebooks[0] if args.notebooks else None, args.out or RESULTS / "class.json")
    args.out = args.out or RESULTS / "latest.json"
    result = collect(notebooks=args.notebooks or None, runs=args.runs, import_runs=args.import_runs,
                     skip_env=args.skip_env, skip_profile=args.skip_profile)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(report.format_report(result))
    print(f"\n(figures written to {args.out})")
    return 0


def class_main(sizes: list[int], notebook: Path | None, out: Path) -> int:
    """``--class``: the class-scale figures for one lesson; prints them and writes ``out``."""
    if notebook is None:
        found = sorted((ROOT / "lessons").glob("03-*.ipynb")) or report.find_notebooks(ROOT)[0]
        notebook = found[0]
    notebook = Path(notebook).resolve()
    result = {"when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "machine": machine(),
              "cpus": os.cpu_count(), "notebook": notebook.relative_to(ROOT).as_posix()}
    out.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    with (RESULTS / "kernels.log").open("w") as stderr:
        _log(f"running {notebook.name} in {', '.join(map(str, sizes))} concurrent fresh kernels...")
        result["classes"] = classroom.run_class(notebook, sizes, stderr=stderr)
        _log("measuring the JupyterLab server's memory with one lesson open...")
        try:
            result["server"] = classroom.server_memory(ROOT, notebook, stderr=stderr)
        except Exception as err:  # reported, not fatal
            result["server"] = {"error": f"{type(err).__name__}: {err}".splitlines()[0]}
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(classroom.format_class(result))
    print(f"\n(figures written to {out})")
    return 0
