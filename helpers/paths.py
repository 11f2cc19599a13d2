"""The course's folders, found in one place.

Everything that needs a folder of the course imports it from here:

``ROOT``
    The course's repository (the folder that holds ``helpers/``).
``DATA_DIR``
    The data package (``data/``). Set the environment variable
    ``COURSE_DATA_DIR`` to use another data folder with the same layout (an
    adapted copy of the course) without editing any code; ``python -m helpers
    check --data FOLDER`` checks such a folder.
``LESSONS_DIR``, ``QUESTIONS_DIR``
    The lesson notebooks and their self-check questions (``lessons/questions/``).
``PLANS_DIR``
    The instructors' lesson plans (``instructors/plans/``).
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("COURSE_DATA_DIR") or ROOT / "data")
LESSONS_DIR = ROOT / "lessons"
QUESTIONS_DIR = LESSONS_DIR / "questions"
PLANS_DIR = ROOT / "instructors" / "plans"


def data_dir(given: Path | str | None = None) -> Path:
    """The data folder to read: ``given`` where one is given, else :data:`DATA_DIR` (read at call time)."""
    return Path(given) if given else DATA_DIR


def lessons_dir(given: Path | str | None = None) -> Path:
    """The lessons folder to read: ``given`` where one is given, else :data:`LESSONS_DIR`."""
    return Path(given) if given else LESSONS_DIR
