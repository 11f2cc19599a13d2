"""Command line: ``python -m helpers check`` validates the course; ``paragraphs`` rebuilds the index."""
from __future__ import annotations

import csv
import sys

from . import data
from .memo import derive_paragraphs


def write_paragraphs() -> int:
    """Rewrite data/paragraphs.csv from the memo's text."""
    src = data.DATA_DIR / data.resource("memo")["path"]
    rows = derive_paragraphs(src.read_text(encoding="utf-8"))
    with (data.DATA_DIR / "paragraphs.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} paragraphs to data/paragraphs.csv")
    return 0


def check() -> int:
    """Print every problem in the course's data; exit 1 if there is one."""
    problems = data.validate()
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s) found." if problems else "All checks passed: no problems found.")
    return 1 if problems else 0


COMMANDS = {"check": check, "paragraphs": write_paragraphs}


def main(argv: list[str]) -> int:
    """Run one command by name."""
    if len(argv) != 1 or argv[0] not in COMMANDS:
        print("usage: python -m helpers {check|paragraphs}", file=sys.stderr)
        return 2
    return COMMANDS[argv[0]]()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
