// What the browser tests read from JupyterLab's own state (window.jupyterapp, which the test server
// exposes with --LabApp.expose_app_in_browser) and the commands they give it. Loaded by lab/page.py:
// each function is called with one argument, most often the notebook's path.

function panelFor(path) {
  const app = window.jupyterapp;
  if (!app) return null;
  for (const w of app.shell.widgets('main')) {
    if (w.context && w.context.path === path && w.content && w.sessionContext) return w;
  }
  return null;
}

function panelId(path) {
  return panelFor(path).id;
}

// What keeps a run from going on without a person: a dialog, or a cell waiting for input().
function blocker() {
  const d = document.querySelector('.jp-Dialog');
  if (d) return 'JupyterLab shows a dialog: ' + JSON.stringify(d.innerText.trim().slice(0, 300));
  if (document.querySelector('.jp-Stdin')) return 'a cell waits for input() (tests cannot answer it)';
  return null;
}

function kernelOf(p) {
  return p && p.sessionContext.session ? p.sessionContext.session.kernel : null;
}

function kernelSettled(path) {
  const p = panelFor(path), k = kernelOf(p);
  return !!k && p.context.isReady && p.sessionContext.isReady &&
         k.connectionStatus === 'connected' && k.status === 'idle';
}

// Resolves once the kernel has answered a kernel_info request: it is really ready for Run All.
function roundTrip(path) {
  const p = panelFor(path);
  return p.sessionContext.ready.then(() => kernelOf(p).info).then(() => kernelOf(p).requestKernelInfo())
          .then(() => true);
}

function runAll(path) {
  const app = window.jupyterapp, p = panelFor(path);
  app.shell.activateById(p.id);
  window.__courseRunAllError = null;
  app.commands.execute('notebook:run-all-cells').catch(e => { window.__courseRunAllError = String(e); });
  return true;
}

// Code cells that will run: JupyterLab skips empty ones, which never get a count.
function cellState(path) {
  const p = panelFor(path), k = kernelOf(p);
  const cells = p.content.widgets.filter(c => c.model.type === 'code' && c.model.sharedModel.getSource().trim());
  const running = c => c.model.executionState === 'running' || (c.promptNode && c.promptNode.textContent.includes('*'));
  return {
    total: cells.length,
    started: cells.filter(c => c.model.executionCount !== null || running(c)).length,
    running: cells.filter(running).length,
    counted: cells.filter(c => c.model.executionCount !== null).length,
    failed: cells.filter(c => c.model.outputs.toJSON().some(o => o.output_type === 'error')).length,
    kernel: k ? k.status : 'none',
    error: window.__courseRunAllError || null,
  };
}

function runStarted(path) {
  const s = cellState(path);
  return s.total === 0 || s.started > 0 || s.error;
}

function cellsFinished(path) {
  const s = cellState(path);
  return s.kernel === 'idle' && s.running === 0 && (s.counted === s.total || s.failed > 0);
}

// Every output of every cell: what the kernel sent (the cell's output model) and what the page shows,
// including outputs nested in Output widgets. JupyterLab sets data-mime-type only on some renderers.
const VEGA = /^application\/vnd\.vega(lite)?\.v\d+\+json$/;
const WIDGET = 'application/vnd.jupyter.widget-view+json';

function own(o, sel) {
  return [...o.querySelectorAll(sel)].filter(e => e.closest('.jp-OutputArea-output') === o);
}

function describeOutput(o, mime, nested) {
  const embeds = own(o, '.vega-embed');
  const chart = VEGA.test(mime) || own(o, '[id^="altair-viz-"]').length > 0 || embeds.length > 0;
  let renderer = null, marks = 0;
  for (const e of embeds) {
    const svg = e.querySelector('svg.marks'), canvas = e.querySelector('canvas.marks');
    if (svg) {
      const n = svg.querySelectorAll('.role-mark > *').length;
      if (n) { renderer = 'svg'; marks += n; }
    } else if (canvas && canvas.width > 0 && canvas.height > 0) { renderer = 'canvas'; marks += 1; }
  }
  const text = (o.innerText || '').slice(0, 4000);
  const widget = mime === WIDGET;
  const widgetRendered = widget && own(o, '.jupyter-widgets').length > 0 &&
                         !/Loading widget|Error displaying widget/.test(text);
  return {mime, nested, chart, renderer, marks, widget, widgetRendered, text};
}

function nestedMime(o) {
  return o.getAttribute('data-mime-type') ||
    (/jp-RenderedVega/.test(o.className) ? 'application/vnd.vegalite.v5+json' :
     own(o, '.jupyter-widgets').length ? WIDGET : '');
}

function report(path) {
  const p = panelFor(path);
  return p.content.widgets.map((cell, index) => {
    const m = cell.model, source = m.sharedModel.getSource();
    const out = {index, id: m.id, type: m.type, head: source.split('\n')[0].slice(0, 80),
                 source: source.trim() !== '', count: m.type === 'code' ? m.executionCount : null,
                 errors: [], outputs: []};
    if (m.type !== 'code') return out;
    const area = cell.outputArea;
    for (let i = 0; i < area.model.length; i++) {
      const item = area.model.get(i);
      if (item.type === 'error') {
        const e = item.toJSON();
        out.errors.push(`${e.ename}: ${e.evalue}`);
      }
      const mime = area.rendermime.preferredMimeType(item.data, item.trusted ? 'any' : 'ensure') ||
                   Object.keys(item.data)[0] || '';
      const child = area.widgets[i];
      const o = child && child.node.querySelector('.jp-OutputArea-output');
      if (!o) {
        out.outputs.push({mime, nested: false, chart: VEGA.test(mime), renderer: null, marks: 0,
                          widget: mime === WIDGET, widgetRendered: false, text: '(not on the page)'});
        continue;
      }
      out.outputs.push(describeOutput(o, mime, false));
      for (const inner of o.querySelectorAll('.jp-OutputArea-output')) {
        out.outputs.push(describeOutput(inner, nestedMime(inner), true));
      }
    }
    return out;
  });
}

// Every chart and widget output has rendered, or shows its failure (problems() then names it).
function renderDone(path) {
  return report(path).every(c => c.outputs.every(o =>
    (!o.chart || o.renderer || /Error/.test(o.text)) &&
    (!o.widget || o.widgetRendered || /Error displaying widget/.test(o.text))));
}

// Each chart of the notebook: the description its spec gives and the role and name of the view Vega drew.
function chartNames(path) {
  const p = panelFor(path), found = [];
  p.content.widgets.forEach((cell, index) => {
    if (cell.model.type !== 'code') return;
    const area = cell.outputArea;
    for (let i = 0; i < area.model.length; i++) {
      const spec = area.model.get(i).data['application/vnd.vegalite.v5+json'];
      const view = area.widgets[i] && area.widgets[i].node.querySelector('.vega-embed');
      if (spec && view) found.push({index, description: spec.description || '', role: view.getAttribute('role'),
                                    name: view.getAttribute('aria-label') || ''});
    }
    for (const view of cell.node.querySelectorAll('.widget-output .vega-embed')) {
      found.push({index, description: null, role: view.getAttribute('role'), name: view.getAttribute('aria-label') || ''});
    }
  });
  return found;
}

function pageClock() {
  return performance.now() / 1000;
}

function lastMarks() {
  return window.__courseLastMarks;
}

function toasts() {
  return Array.from(document.querySelectorAll('.jp-toast-message')).map(e => e.innerText.trim());
}

function openDocument(path) {
  window.jupyterapp.commands.execute('docmanager:open', {path});
  return true;
}

function notebookOpened(path) {
  const p = panelFor(path);
  return !!p && p.content.widgets.length > 0;
}

// Make cell {path, index} the active one and scroll it to the middle, as a learner scrolling to it would.
function scrollToCell({path, index}) {
  const p = panelFor(path);
  p.content.activeCellIndex = index;
  p.content.scrollToItem(index, 'center');
  return true;
}

// The kernel has stayed idle for a second: every widget update on its way has arrived. Polled; forgetQuiet starts over.
function kernelQuiet(path) {
  const k = kernelOf(panelFor(path));
  if (!k || k.status !== 'idle') { window.__courseIdleSince = null; return false; }
  window.__courseIdleSince = window.__courseIdleSince || performance.now();
  return performance.now() - window.__courseIdleSince > 1000;
}

function forgetQuiet() {
  window.__courseIdleSince = null;
  return true;
}

// What a check may wait for (page.wait_for): the name of one of these and its argument.
const CHECKS = {kernelSettled, runStarted, cellsFinished, renderDone, notebookOpened, kernelQuiet};

function watch({check, arg}) {
  if (CHECKS[check](arg)) return {ok: true};
  const b = blocker();
  return b ? {blocked: b} : false;
}

// The page's clock and when JupyterLab activated its plugins and restored its layout (see observe_marks.js).
function loadClock(_arg) {
  return {origin: performance.timeOrigin, started: window.__courseAppStarted, restored: window.__courseAppRestored};
}
