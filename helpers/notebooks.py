"""The lesson notebooks: finding them in teaching order and reading them."""
from __future__ import annotations

import json
from pathlib import Path

from . import data, paths


def lesson_paths(folder: Path | str | None = None) -> list[Path]:
    """The lesson notebooks, in teaching order (``NN-*.ipynb``)."""
    return sorted(paths.lessons_dir(folder).glob("[0-9][0-9]-*.ipynb"))


def lesson_path(lesson: str, folder: Path | str | None = None) -> Path:
    """The notebook of lesson ``NN`` (``NN-*.ipynb``); a DataError that says how to name it when there is none."""
    for path in lesson_paths(folder):
        if path.name.startswith(f"{lesson}-"):
            return path
    raise data.DataError(f"No lesson {lesson!r} in lessons/: give its two-digit number, e.g. 03.")


def read_notebook(path: Path) -> dict:
    """The notebook's JSON; raises DataError naming the file when it is not valid."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise data.DataError(f"{path}: cannot be read as a notebook ({err}).") from None


def cell_source(cell: dict) -> str:
    """A cell's text (a notebook stores it as one string or a list of lines)."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src
