// Run in every page before JupyterLab's own scripts (Playwright's add_init_script): notes the page's
// clock each time Vega adds marks to a chart, for the time from opening a lesson to its last chart.
(() => {
  window.__courseLastMarks = null;
  const isMarks = n => n.nodeType === 1 && (
    n.matches('.role-mark, canvas.marks') || n.querySelector('.role-mark, canvas.marks') !== null);
  new MutationObserver(records => {
    for (const r of records) for (const n of r.addedNodes) {
      if (isMarks(n) && n.closest('.vega-embed')) { window.__courseLastMarks = performance.now(); return; }
    }
  }).observe(document, {childList: true, subtree: true});
  // When JupyterLab has activated its plugins (started) and restored its layout: phases of the timings file.
  const app = setInterval(() => {
    if (!window.jupyterapp) return;
    clearInterval(app);
    window.jupyterapp.started.then(() => { window.__courseAppStarted = performance.now(); });
    window.jupyterapp.restored.then(() => { window.__courseAppRestored = performance.now(); });
  }, 10);
})();
