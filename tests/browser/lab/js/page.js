// Where things sit on the page: the visible notebook's scrolling, JupyterLab's layout after a resize,
// what covers what, what has the keyboard focus, and chart parts that do not fit their output area.

function visibleScroller() {
  return document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer');
}

// How far the visible notebook's last cell reaches below the window (0 when it fits); scrolls to the top.
function overflow() {
  const outer = visibleScroller();
  const cells = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell');
  if (!outer || !cells.length) return 0;
  outer.scrollTop = 0;
  return Math.ceil(cells[cells.length - 1].getBoundingClientRect().bottom - outer.getBoundingClientRect().bottom);
}

// JupyterLab lays itself out again after a resize; its status bar then sits at the window's bottom edge.
function laidOut() {
  const bar = document.querySelector('#jp-main-statusbar');
  return !bar || Math.abs(bar.getBoundingClientRect().bottom - window.innerHeight) < 2;
}

function scrollTo(y) {
  const outer = visibleScroller();
  if (outer) outer.scrollTop = y;
  return outer ? outer.scrollTop : 0;
}

function scrollToTop(el) {
  el.scrollTop = 0;
  return true;
}

// The element `selector` finds is shown: its notebook is the visible one.
function panelShown(selector) {
  const el = document.querySelector(selector);
  const p = el && el.closest('.jp-NotebookPanel');
  return !!p && !p.classList.contains('lm-mod-hidden');
}

// The top of the element `selector` finds lies inside the visible part of its notebook's scrolling area.
function inView(selector) {
  const el = document.querySelector(selector);
  const panel = el && el.closest('.jp-NotebookPanel');
  const outer = panel && panel.querySelector('.jp-WindowedPanel-outer');
  if (!el || !outer || panel.classList.contains('lm-mod-hidden')) return false;
  const box = el.getBoundingClientRect(), view = outer.getBoundingClientRect();
  return box.top >= view.top - 2 && box.top < view.bottom;
}

// Nothing covers the element's centre: a click there reaches it.
// What covers the centre of ``el`` ('' when nothing does): its tag, class and label, for a test's message.
function coveredBy(el) {
  let r = el.getBoundingClientRect();
  if (r.top < 60 || r.bottom > window.innerHeight - 20) {  // under JupyterLab's bars or off screen: to the middle
    el.scrollIntoView({block: 'center', inline: 'nearest'});
    r = el.getBoundingClientRect();
  }
  if (!r.width || !r.height) return 'nothing drawn (no size)';
  const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
  if (top === el || el.contains(top)) return '';
  if (!top) return 'nothing at its centre (off screen)';
  const label = (top.getAttribute('aria-label') || top.textContent || '').slice(0, 120);
  return `${top.tagName}.${top.getAttribute('class') || ''} "${label}"`;
}

function isUncovered(el) {
  const r = el.getBoundingClientRect();
  if (!r.width || !r.height) return false;
  const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
  return top === el || el.contains(top);
}

// Every chart's parts (legends, titles, axes, the whole drawing) against the output area that shows it, and
// every text Vega shortened to fit a limit (it ends the text with "…" and no space before it).
function clipped() {
  const found = [];
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return found;
  panel.querySelectorAll('.vega-embed').forEach((embed, n) => {
    const out = embed.closest('.jp-OutputArea-output');
    const svg = embed.querySelector('svg');
    if (!out || !svg) return;
    const o = out.getBoundingClientRect();
    if (o.width === 0) return;
    const name = (embed.getAttribute('aria-label') || svg.getAttribute('aria-label') || 'chart ' + n).slice(0, 70);
    const parts = [['the chart', svg], ...Array.from(svg.querySelectorAll('.role-legend')).map(e => ['a legend', e]),
                   ...Array.from(svg.querySelectorAll('.role-title')).map(e => ['a title', e]),
                   ...Array.from(svg.querySelectorAll('.role-axis')).map(e => ['an axis', e])];
    for (const [what, el] of parts) {
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.right > o.right + 1 || r.left < o.left - 1)
        found.push(`${name}: ${what} runs from ${Math.round(r.left - o.left)} to ${Math.round(r.right - o.left)} px ` +
                   `in an output ${Math.round(o.width)} px wide`);
    }
    svg.querySelectorAll('text').forEach(t => {
      const s = (t.textContent || '').trim();
      if (s.endsWith('\u2026') && !s.endsWith(' \u2026')) found.push(`${name}: the text "${s}" is cut short`);
    });
  });
  // A choice that wraps must not run into the next one (ipywidgets gives each option one line's height).
  panel.querySelectorAll('.widget-radio-box').forEach(box => {
    const labels = Array.from(box.querySelectorAll('label')).filter(l => l.getBoundingClientRect().height > 0);
    labels.forEach((label, i) => {
      const input = label.querySelector('input');
      const words = Array.from(label.childNodes).find(n => n.nodeType === 3 && n.textContent.trim());
      if (input && words) {
        const range = document.createRange();
        range.selectNodeContents(words);
        if (input.getBoundingClientRect().left > range.getBoundingClientRect().left)
          found.push(`the button of the choice "${words.textContent.trim().slice(0, 60)}" comes after its words`);
      }
      const next = labels[i + 1];
      if (!next) return;
      const text = label.querySelector('span, div') || label;
      const bottom = Math.max(label.getBoundingClientRect().bottom, text.getBoundingClientRect().bottom,
                              label.scrollHeight + label.getBoundingClientRect().top);
      if (bottom > next.getBoundingClientRect().top + 1)
        found.push(`the choice "${(label.textContent || '').trim().slice(0, 60)}" runs into the next one`);
    });
  });
  return found;
}

// The element that has the keyboard focus, as the keyboard test reads it: where it is, what it is, which
// course widget and question it belongs to, and whether a learner can see the focus on it.
function focused(panelId) {
  const e = document.activeElement;
  if (!e || e === document.body) return {where: 'nowhere'};
  const panel = document.getElementById(panelId);
  const check = e.closest('.course-self-check');
  const box = e.closest('[class*="course-question-"]');
  const boxes = check ? Array.from(check.querySelectorAll('[class*="course-question-"]')) : [];
  const label = e.closest('label');
  const style = getComputedStyle(e);
  return {
    where: panel && panel.contains(e) ? 'panel' : 'outside',
    tag: e.tagName.toLowerCase(), type: (e.type || '').toLowerCase(),
    text: (e.tagName === 'INPUT' || e.tagName === 'TEXTAREA' ? '' : e.innerText || '').trim().slice(0, 80),
    label: label ? label.innerText.trim() : '',
    widget: e.closest('.course-numbers') ? 'numbers' : check ? 'self-check' :
            e.closest('.course-learners-notebook') ? 'notes' : '',
    question: box ? boxes.indexOf(box) : -1,
    open: e.tagName === 'SUMMARY' ? e.parentElement.open : null,
    focusShown: e.matches(':focus-visible') && (style.outlineStyle !== 'none' && style.outlineWidth !== '0px' ||
                                                style.boxShadow !== 'none'),
  };
}

function focus(el) {
  el.focus();
  return true;
}
