"""Command line for instructors and maintainers.

    python -m helpers check        validate data, question files and lessons; exit 1 on any problem
    python -m helpers packet       build the printable packet (HTML, and PDF where Chromium is installed)
    python -m helpers paragraphs   rebuild data/paragraphs.csv from the memo's text
    python -m helpers links        a Binder (and JupyterHub) link for every lesson
    python -m helpers vocabulary   a lesson's vocabulary sheet, from data/glossary.csv
    python -m helpers plans        rewrite the self-check tables in instructors/plans/ from the questions files
    python -m helpers warm-charts  build every lesson's charts once into .cache/charts/ (lessons then need no Altair)
    python -m helpers hide-code    collapse every code cell of the lessons and memo.ipynb, each opening with a
                                   neutral comment (the collapsed bar shows a cell's first line)
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from . import data, paths
from .authoring import hidden_code
from .authoring import links as course_links_tool
from .authoring import packet as packet_tool
from .authoring import plans as plans_tool
from .authoring.checker import all_problems
from .authoring.vocabulary import vocabulary_markdown
from .memo import derive_paragraphs


def write_paragraphs(args: argparse.Namespace) -> int:
    """Rewrite data/paragraphs.csv from the memo's text."""
    src = paths.DATA_DIR / data.resource("memo")["path"]
    rows = derive_paragraphs(src.read_text(encoding="utf-8"))
    with (paths.DATA_DIR / "paragraphs.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} paragraphs to data/paragraphs.csv")
    return 0


def check(args: argparse.Namespace) -> int:
    """Print every problem; exit 1 if there is one."""
    problems = all_problems(args.data, args.lessons)
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s) found." if problems else "All checks passed: no problems found.")
    return 1 if problems else 0


def packet(args: argparse.Namespace) -> int:
    """Build the printable packet."""
    editions = ("student", "instructor") if args.edition == "both" else (args.edition,)
    for path in packet_tool.build(args.out, editions, pdf=not args.no_pdf):
        print(path)
    return 0


def links(args: argparse.Namespace) -> int:
    """Print every lesson's Binder link, and its nbgitpuller link when a hub is given."""
    repo = args.repo or course_links_tool.origin_repo()
    if not repo:
        print("No repository given and none found: `git remote get-url origin` is not a GitHub address. "
              "Give it as --repo OWNER/REPO (the part after github.com/).", file=sys.stderr)
        return 1
    print(course_links_tool.links_text(course_links_tool.course_links(repo, args.ref, args.hub)))
    return 0


def vocabulary(args: argparse.Namespace) -> int:
    """Print the vocabulary sheet of each lesson asked for, as Markdown."""
    print("\n".join(vocabulary_markdown(lesson) for lesson in args.lesson))
    return 0


def plans(args: argparse.Namespace) -> int:
    """Rewrite the self-check tables of the lesson plans from the questions files."""
    changed = plans_tool.refresh_plans()
    for path in changed:
        print(f"rewrote the answer table in instructors/plans/{path.name}")
    print("All answer tables match the questions files." if not changed else f"{len(changed)} plan(s) updated.")
    return 0


def warm_charts(args: argparse.Namespace) -> int:
    """Fill the chart cache from every lesson's code cells."""
    from . import chart_cache

    count = chart_cache.warm()
    print(f"The chart cache ({chart_cache.CACHE_DIR}) holds {count} chart(s).")
    return 0


def hide_code(args: argparse.Namespace) -> int:
    """Collapse every code cell in the notebooks given (default: the lessons and memo.ipynb) and open each with
    a neutral comment."""
    notebooks = args.notebook or hidden_code.course_notebooks(args.lessons)
    for path in notebooks:
        try:
            changed = hidden_code.hide_code_in(path)
        except (OSError, ValueError) as err:
            print(f"{path}: not changed, it cannot be read as a notebook ({err}).", file=sys.stderr)
            return 1
        print(f"{path}: {changed} code cell(s) collapsed or given their comment" if changed
              else f"{path}: every code cell already collapsed, with its comment")
    return 0


def main(argv: list[str]) -> int:
    """Parse the command line and run one command."""
    parser = argparse.ArgumentParser(prog="python -m helpers", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="validate data, question files and lessons")
    c.add_argument("--data", type=Path, default=None, help="another data folder")
    c.add_argument("--lessons", type=Path, default=None, help="another lessons folder")
    c.set_defaults(run=check)
    p = sub.add_parser("packet", help="build the printable packet")
    p.add_argument("--out", default="build/packet", help="output folder (default build/packet)")
    p.add_argument("--edition", choices=["student", "instructor", "both"], default="both")
    p.add_argument("--no-pdf", action="store_true", help="HTML only")
    p.set_defaults(run=packet)
    sub.add_parser("paragraphs", help="rebuild data/paragraphs.csv").set_defaults(run=write_paragraphs)
    k = sub.add_parser("links", help="a Binder (and JupyterHub) link for every lesson")
    k.add_argument("--repo", help="the GitHub repository, OWNER/REPO (default: the origin remote)")
    k.add_argument("--ref", default="main", help="branch, tag or commit (default main)")
    k.add_argument("--hub", help="your JupyterHub's address, for nbgitpuller links")
    k.set_defaults(run=links)
    v = sub.add_parser("vocabulary", help="a lesson's vocabulary sheet, from data/glossary.csv")
    v.add_argument("lesson", nargs="+", help="the lesson's two-digit number, e.g. 03")
    v.set_defaults(run=vocabulary)
    sub.add_parser("plans", help="rewrite the answer tables of instructors/plans/").set_defaults(run=plans)
    sub.add_parser("warm-charts", help="build every lesson's charts into the chart cache").set_defaults(run=warm_charts)
    h = sub.add_parser("hide-code", help="collapse the code cells of the lessons and memo.ipynb, "
                                                    "each opening with a neutral comment")
    h.add_argument("notebook", nargs="*", type=Path, help="notebooks to change (default: every lesson and memo.ipynb)")
    h.add_argument("--lessons", type=Path, default=None, help="another lessons folder")
    h.set_defaults(run=hide_code)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except data.DataError as err:
        print(err, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
