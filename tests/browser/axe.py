"""Run axe-core, the accessibility engine, over part of a page; reusable by any suite that has a Playwright page.

::

    from axe import run_axe
    found = run_axe(page, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output")
    assert not [v for v in found if not v["allowed"]], found

axe-core comes from npm, pinned by ``tests/browser/package-lock.json`` and installed by
``scripts/setup.sh dev`` (``npm ci``). Only the WCAG 2.0 and 2.1 rules of levels A and AA run.
"""
from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page

AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

ALLOWED: list[dict] = [
    # Vega-Lite draws an interval selection (the timeline's brush) as two rects, NAME_brush_bg and
    # NAME_brush, each a mark group with role="graphics-symbol" and no aria-label. The course cannot name
    # or hide them: a brush's `mark` takes only style properties (fill, stroke, ...), no `aria`. The same
    # defect in another generated helper mark (the voronoi layer of `nearest` selections) was reported and
    # fixed upstream; the brush marks are the remaining case. The keyboard route to what the brush does
    # is the timeline explorer's From and To menus.
    {"rule": "svg-img-alt", "selector": '.vega-embed g.role-mark[class$="_brush"], '
                                        '.vega-embed g.role-mark[class$="_brush_bg"]',
     "upstream": "vega/vega-lite#9623 (same defect, voronoi helper mark; see also vega/vega-lite#6603)",
     "why": "Vega-Lite's own brush marks; no spec property can label or hide them"},
    # JupyterLab wraps each Vega output in div.jp-RenderedVegaLite with overflow:auto and no tabindex, so
    # a chart wider than the notebook scrolls sideways but the scroller cannot take keyboard focus. The
    # course cannot add a tabindex to JupyterLab's wrapper. What the hidden part shows is in the chart's
    # accessible name (its description) and in its "Show the numbers" table, which can take focus.
    # No JupyterLab issue for this wrapper was found; the same defect in thebe-core, which reuses
    # JupyterLab's output area, is jupyter-book/thebe#794.
    {"rule": "scrollable-region-focusable", "selector": ".jp-RenderedVegaLite",
     "upstream": "jupyter-book/thebe#794 (same defect in JupyterLab's output area as thebe uses it)",
     "why": "JupyterLab's own scrolling wrapper around a Vega output"},
]
"""Violations in markup the course cannot change (JupyterLab's or ipywidgets' own), each with its upstream issue.

Each entry: ``rule`` (axe rule id), ``selector`` (CSS the offending element matches), ``upstream``
(the issue where it belongs) and ``why``. A violation is allowed only when both rule and selector
match; every allowed one is still returned (``allowed`` names the entry) and reported by the tests.
"""


def axe_source() -> str:
    """The text of axe.min.js; fails with what to run when it is not installed."""
    if not AXE_JS.exists():
        raise RuntimeError(f"{AXE_JS} is missing: run `bash scripts/setup.sh dev` (it runs npm ci in tests/browser).")
    return AXE_JS.read_text(encoding="utf-8")


_RUN = """
async ([include, tags, allowed]) => {
  if (!document.querySelector(include)) return {missing: true, violations: []};
  const result = await axe.run({include: [[include]]},
                               {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  const out = [];
  for (const v of result.violations) {
    for (const node of v.nodes) {
      const target = node.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(' ');
      let el = null;
      try { el = node.target.length === 1 ? document.querySelector(node.target[0]) : null; } catch (e) { el = null; }
      const entry = allowed.find(a => a.rule === v.id && el && (el.matches(a.selector) || el.closest(a.selector)));
      const cell = el && el.closest('.jp-Cell');
      const cells = cell ? Array.from(cell.parentElement.children).filter(c => c.classList.contains('jp-Cell')) : [];
      out.push({rule: v.id, impact: node.impact || v.impact, help: v.help, target,
                html: node.html.slice(0, 300), summary: (node.failureSummary || '').slice(0, 400),
                cell: cell ? cells.indexOf(cell) : null, allowed: entry ? entry.upstream : null});
    }
  }
  return {missing: false, violations: out};
}
"""


def run_axe(page: Page, include_selector: str, allowed: list[dict] | None = None,
            tags: list[str] | None = None) -> list[dict]:
    """Every WCAG 2.0/2.1 A and AA violation axe-core finds inside the elements matching ``include_selector``.

    Parameters
    ----------
    page : a Playwright page, already showing what to check.
    include_selector : CSS selector of the parts of the page to check (all matches are checked).
    allowed : entries like :data:`ALLOWED` (the default) for markup the course cannot change.
    tags : axe rule tags to run; :data:`WCAG_TAGS` (the default). ``["best-practice"]`` runs axe's other
        rules (heading order, empty table headers, landmarks), which are not WCAG failures.

    Returns
    -------
    One dict per offending element: ``rule``, ``impact``, ``help``, ``target`` (axe's selector),
    ``html`` (the element's opening markup), ``summary``, ``cell`` (index of the notebook cell, if any)
    and ``allowed`` (the upstream issue of the allow-list entry it matches, else None).
    Nothing matching ``include_selector`` is an error, not an empty list.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    found = page.evaluate(_RUN, [include_selector, tags or WCAG_TAGS, ALLOWED if allowed is None else allowed])
    if found["missing"]:
        raise AssertionError(f"axe: nothing on the page matches {include_selector!r}")
    return found["violations"]


def describe(violations: list[dict]) -> str:
    """One line per violation: rule, cell, element and what axe says to fix."""
    return "\n".join(
        f"- {v['rule']} ({v['impact']}) in cell {v['cell']}: {v['target']}\n    {v['html'][:160]}\n    "
        f"{v['summary'].splitlines()[-1] if v['summary'] else v['help']}"
        + (f"\n    allowed: {v['allowed']}" if v["allowed"] else "")
        for v in violations)


def counts(violations: list[dict]) -> dict[str, int]:
    """Violations per rule, allowed ones counted apart (``rule (allowed)``)."""
    out: dict[str, int] = {}
    for v in violations:
        key = v["rule"] + (" (allowed)" if v["allowed"] else "")
        out[key] = out.get(key, 0) + 1
    return dict(sorted(out.items()))


def as_json(violations: list[dict]) -> str:
    return json.dumps(violations, ensure_ascii=False, indent=1)
