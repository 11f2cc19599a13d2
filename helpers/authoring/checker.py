"""The course's check: every problem in the data, the question files and the lessons, in one list.

``python -m helpers check`` prints :func:`all_problems`; :func:`validate` is its part for one data folder
(also ``helpers.validate``).
"""
from __future__ import annotations

from pathlib import Path

from .. import data, paths
from . import anatomy
from .anatomy import check_self_checks
from .hidden_code import check_hidden_code
from ..data import Problem
from ..memo import check_paragraphs
from .plans import stale_plans
from ..questions import validate_questions


def validate(data_dir: Path | str | None = None) -> list[Problem]:
    """Every problem in every table of a data folder (an empty list when all is well)."""
    data_dir = paths.data_dir(data_dir)
    problems = data.package_problems(data_dir)
    if problems:
        return problems + [Problem(data.PACKAGE, None, None, "the tables were not checked: fix datapackage.json "
                                   "first, then run the check again.")]
    for name in data.table_names(data_dir):
        problems += data.check_table(name, data_dir)
    problems += check_paragraphs(data_dir)
    return problems


def all_problems(data_dir: Path | str | None = None, lessons_dir: Path | str | None = None) -> list[Problem]:
    """Every problem in the data, the question files and the lessons, all read against ``data_dir``."""
    problems = validate(data_dir)
    lessons_dir = paths.lessons_dir(lessons_dir)
    try:
        problems += validate_questions(lessons_dir / "questions", data_dir)
        problems += check_self_checks(lessons_dir, lessons_dir / "questions")
    except data.DataError as err:
        problems.append(Problem("lessons/questions/", None, None, f"not checked: {_why(err)}"))
    skipped: dict[str, list[str]] = {}
    for path in anatomy.lesson_paths(lessons_dir):
        try:
            problems += anatomy.check_lesson(path, data_dir)
        except data.DataError as err:
            skipped.setdefault(_why(err), []).append(path.name)
    if lessons_dir == paths.LESSONS_DIR:  # the plans describe the shipped lessons only
        for name in stale_plans(paths.PLANS_DIR, lessons_dir / "questions"):
            problems.append(Problem(f"instructors/plans/{name}", None, "answers",
                                    "the self-check table differs from the lesson's questions file: run "
                                    "'python -m helpers plans' to rewrite it."))
    problems += check_hidden_code(lessons_dir)
    try:
        problems += anatomy.check_course(lessons_dir, data_dir)
    except data.DataError as err:
        skipped.setdefault(_why(err), []).append("the course-wide checks")
    for why, names in skipped.items():  # one line for what follows from one fault, not one per lesson
        problems.append(Problem("lessons/", None, None, f"not checked ({', '.join(names)}): {why}"))
    return problems


def _why(err: data.DataError) -> str:
    """A data error in one line: the first line of its message, pointing at the problems listed above."""
    first = str(err).splitlines()[0].rstrip(":")
    return f"{first} (listed above)." if len(str(err).splitlines()) > 1 else first
