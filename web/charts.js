// Draw every chart on the page from the Vega-Lite spec beside it, with the site's own copy of Vega
// (vendor/). Each drawn view is kept in window.courseCharts by the chart's id (for the browser test),
// and the chart's box gets data-marks: how many marks Vega drew.

// An interval selection's brush is a plain rectangle with no text of its own: hide it from screen
// readers (the numbers are in the table under each chart) so that it is not an image without a name.
function hideBrushes(marks) {
  for (const mark of marks || []) {
    if (/_brush(_bg)?$/.test(mark.name || "")) mark.aria = false;
    hideBrushes(mark.marks);
  }
}

// Vega keeps a container for a layer that has no rows; with nothing in it, it is hidden from
// screen readers too (else it is an image without a name).
function hideEmpty(box) {
  for (const g of box.querySelectorAll(".role-mark:empty")) g.setAttribute("aria-hidden", "true");
}

window.courseCharts = {};
document.addEventListener("DOMContentLoaded", () => {
  for (const box of document.querySelectorAll(".vega-chart")) {
    const spec = vegaLite.compile(JSON.parse(box.nextElementSibling.textContent)).spec;
    hideBrushes(spec.marks);
    vegaEmbed(box, spec, {mode: "vega", actions: false, renderer: "svg"})
      .then(result => {
        window.courseCharts[box.id] = result.view;
        hideEmpty(box);
        new MutationObserver(() => hideEmpty(box)).observe(box, {childList: true, subtree: true});
        box.dataset.marks = box.querySelectorAll(".role-mark > *").length;
      })
      .catch(err => {
        box.dataset.error = String(err);
        box.textContent = "This chart could not be drawn: " + err + ". Its numbers are in the table below it.";
      });
  }
});
