// Draws every <figure data-chart> from the JSON in its data-chart-spec attribute.
// The data table in each figure stays for screen readers and for browsers without JavaScript.
(function () {
  "use strict";
  const charts = new Map();
  // The tables the reader opened, by chart: a section swapped in again (a tick's refresh)
  // comes with its table closed, and keeps it open if it was.
  const opened = new Set();
  document.addEventListener("toggle", function (event) {
    const table = event.target;
    if (!(table instanceof Element) || !table.matches("details[data-chart-table]")) return;
    const figure = table.closest("figure");
    if (figure.dataset.chartReady !== "true") return;  // the page's own opening, not the reader's
    const canvas = figure.querySelector("canvas[data-chart-id]");
    if (canvas) (table.open ? opened.add : opened.delete).call(opened, canvas.dataset.chartId);
  }, true);  // toggle does not bubble

  function token(name, fallback) {
    const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function habitColour(key) {
    const probe = document.createElement("span");
    probe.dataset.colour = key || "teal";
    probe.hidden = true;
    document.body.appendChild(probe);
    const colour = getComputedStyle(probe).getPropertyValue("--habit").trim();
    probe.remove();
    return colour || token("--success", "#0f7b6c");
  }

  // The value axis shows numbers (or percentages); the category axis shows the labels.
  // `percent`: the function that writes a percentage, or false for plain numbers.
  function scales(spec, muted, grid, percent) {
    const value = {
      ticks: { color: muted, callback: percent || undefined },
      grid: { color: grid },
      beginAtZero: true,
      suggestedMax: percent ? 100 : undefined,
    };
    const category = { ticks: { color: muted, maxRotation: 0, autoSkip: true }, grid: { color: grid } };
    return spec.horizontal ? { x: value, y: category } : { x: category, y: value };
  }

  function build(figure) {
    const canvas = figure.querySelector("canvas");
    if (!figure.dataset.chartSpec || !canvas || !window.Chart) return;
    canvas.parentElement.hidden = false;
    const spec = JSON.parse(figure.dataset.chartSpec);
    const text = token("--text", "#37352f");
    const muted = token("--muted", "#6b6a66");
    const grid = token("--border", "#e9e9e7");
    const datasets = spec.datasets.map(function (set) {
      const colours = Array.isArray(set.colours) ? set.colours.map(habitColour) : null;
      const colour = habitColour(set.colour);
      return {
        label: set.label,
        data: set.data,
        backgroundColor: colours || (spec.type === "line" ? colour + "33" : colour),
        borderColor: colours || colour,
        borderWidth: spec.type === "line" ? 2 : 0,
        pointRadius: spec.type === "line" ? 0 : undefined,
        tension: 0.25,
        fill: spec.type === "line" && set.fill === true,
        borderRadius: spec.type === "bar" ? 4 : 0,
        // A period still under way (this month so far): its last stretch is dashed.
        segment: spec.partialLast ? {
          borderDash: function (ctx) { return ctx.p1DataIndex === set.data.length - 1 ? [5, 4] : undefined; },
        } : undefined,
      };
    });
    const percent = spec.unit === "%";
    // The reader's way to write a percentage ("78%", "78 %"), from the server (charts.py).
    const [before, after] = spec.percent || ["", "%"];
    const asPercent = function (value) { return before + value + after; };
    const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    const chart = new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        locale: document.documentElement.lang || "en",
        maintainAspectRatio: false,
        animation: reduce ? false : { duration: 150 },
        indexAxis: spec.horizontal ? "y" : "x",
        plugins: {
          legend: { display: datasets.length > 1, labels: { color: text } },
          tooltip: {
            callbacks: percent ? {
              label: function (ctx) { return ctx.dataset.label + ": " + asPercent(ctx.formattedValue); },
            } : {},
          },
        },
        scales: scales(spec, muted, grid, percent && asPercent),
      },
    });
    charts.set(figure, chart);
    figure.dataset.chartReady = "true";
    const table = figure.querySelector("[data-chart-table]");
    if (table && opened.has(canvas.dataset.chartId)) table.open = true;
    else if (table && !figure.dataset.tableShown) { table.open = false; figure.dataset.tableShown = "1"; }
  }

  function drawAll(root) {
    (root || document).querySelectorAll("figure[data-chart]").forEach(function (figure) {
      if (!charts.has(figure)) build(figure);
    });
  }

  function forgetRemoved() {
    charts.forEach(function (chart, figure) {
      if (!document.body.contains(figure)) { chart.destroy(); charts.delete(figure); }
    });
  }

  function redrawAll() {
    charts.forEach(function (chart, figure) { chart.destroy(); charts.delete(figure); });
    drawAll(document);
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawAll(document);
    // Theme switches change the CSS variables: redraw in the new colours.
    new MutationObserver(redrawAll).observe(document.documentElement,
      { attributes: true, attributeFilter: ["data-theme"] });
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", redrawAll);
  });
  // htmx:load fires on every piece of content htmx adds (an outerHTML swap included).
  document.addEventListener("htmx:load", function () {
    forgetRemoved();
    drawAll(document);
  });
})();
