"""The shape of the code: one place for the course's folders, and no import loop among the helpers' modules."""
from __future__ import annotations

import ast
import csv
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import paths

ROOT = Path(__file__).resolve().parent.parent
HELPERS = ROOT / "helpers"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The absolute name of a relative import ``from {'.' * level}{name} import ...`` made in ``module``."""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return ".".join(base + ([name] if name else []))


def helpers_imports() -> dict[str, set[str]]:
    """Every helpers module and the helpers modules it imports, at module level or inside a function."""
    modules = {_module_name(p): p for p in HELPERS.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        is_package = path.name == "__init__.py"
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                target = _resolve(module, is_package, node.level, node.module) if node.level else node.module or ""
                # ``from . import data`` imports the module helpers.data; ``from . import load`` the package
                found |= {f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target
                          for alias in node.names}
        graph[module] = {m for m in found if m in modules and m != module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import loop in the graph (one list of modules per loop found by a depth-first search)."""
    found, state, stack = [], {}, []

    def visit(node: str) -> None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                found.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_loop():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_import_parser_sees_relative_and_function_level_imports():
    graph = helpers_imports()
    assert "helpers.paths" in graph["helpers.data"]  # from . import paths
    assert "helpers.authoring.packet" in graph["helpers.__main__"]  # from .authoring import packet as packet_tool


def test_no_import_loop_among_the_helpers_modules():
    """No loop, by a module-level import or one inside a function. A module that imports the package ``helpers``
    itself (whose ``__init__`` imports the modules) closes a loop too."""
    assert cycles(helpers_imports()) == []


def test_one_place_for_the_course_folders():
    assert paths.DATA_DIR == paths.ROOT / "data" or "COURSE_DATA_DIR" in __import__("os").environ
    assert paths.QUESTIONS_DIR == paths.LESSONS_DIR / "questions"
    # a folder of the course is found from __file__ by going up to the root (a file beside a module is not one)
    owners = [p.name for p in HELPERS.rglob("*.py")
              if p.name != "paths.py" and any(s in p.read_text(encoding="utf-8")
                                              for s in ("parent.parent", "COURSE_DATA_DIR", "DATA_DIR.parent"))]
    assert owners == [], f"these modules find a course folder on their own: {owners}"


def test_check_with_another_data_folder_checks_the_lessons_against_it(tmp_path):
    """``check --data copy`` must read the copy for the lessons' checks too: an anomaly renamed in the copy is
    no longer taught by any lesson, and only a lessons check that reads the copy can say so."""
    copy = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, copy)
    table = copy / "anomalies.csv"
    with table.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    renamed = rows[0]["id"] + "-renamed"
    rows[0]["id"] = renamed
    with table.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    out = subprocess.run([sys.executable, "-m", "helpers", "check", "--data", str(copy)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 1, out.stdout + out.stderr
    assert f"the anomaly {renamed!r} is not taught" in out.stdout, out.stdout


def test_the_short_citation_is_read_from_the_memo_file(tmp_path):
    from helpers.citation import parse_citation

    source = (paths.DATA_DIR / "memo-1958-10-02.txt").read_text(encoding="utf-8")
    shipped = parse_citation(source)
    assert shipped.short("p19") == ("Memo of 2 October 1958, para. p19 (Wilson Center Digital Archive, doc. 116826)")
    other = parse_citation(source.replace("/document/116826", "/document/999").replace(
        "October 2, 1958, Wilson Center Digital Archive", "October 2, 1958, Another Archive"))
    assert other.short() == "Memo of 2 October 1958 (Another Archive, doc. 999)"


def test_allowed_values_are_the_data_package_enums():
    import json

    from helpers import data

    package = json.loads((paths.DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    events = next(r for r in package["resources"] if r["name"] == "events")
    enum = next(f for f in events["schema"]["fields"] if f["name"] == "category")["constraints"]["enum"]
    assert data.allowed_values("events", "category") == enum
    assert data.allowed_values("events", "title") == []


def test_no_module_shadows_a_lazy_public_name():
    """Importing ``helpers.<module>`` sets that attribute on the package: a module named like a lazily imported
    call (``helpers.timeline_chart``) would hide the call once anything imported the module."""
    from helpers import api

    modules = {p.stem for p in HELPERS.glob("*.py")}
    assert [name for name in api.LAZY if name in modules] == []
