"""Link every paragraph reference in the lessons' Markdown to the annotated memo.

"(p51)" becomes "([p51](memo.ipynb#p51))", "p40-p42" becomes
"[p40](memo.ipynb#p40)-[p42](memo.ipynb#p42)". Code, existing links and HTML
tags are left alone, so running it again changes nothing. Only Markdown cells
are touched, and a notebook is written only when one of its cells changed.

Usage: .venv/bin/python scripts/link_paragraphs.py [NOTEBOOK ...]
(default: every lesson, lessons/NN-*.ipynb)
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from helpers.authoring import anatomy
from helpers.paragraph_links import link_paragraph_refs


def link_notebook(path: Path) -> int:
    """Link the references in one notebook's Markdown cells; return how many cells changed."""
    text = path.read_text(encoding="utf-8")
    nb = json.loads(text)
    changed = 0
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = cell["source"]
        joined = "".join(source) if isinstance(source, list) else source
        linked = link_paragraph_refs(joined)
        if linked != joined:
            cell["source"] = linked.splitlines(keepends=True) if isinstance(source, list) else linked
            changed += 1
    if changed:
        ending = "\n" if text.endswith("\n") else ""
        path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + ending, encoding="utf-8")
    return changed


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or anatomy.lesson_paths()
    for path in paths:
        print(f"{path}: {link_notebook(path)} cell(s) linked")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
