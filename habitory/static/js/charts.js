// Draws every <figure data-chart> from the JSON beside its canvas (the CSP forbids inline code).
// The data table in each figure stays for screen readers and for browsers without JavaScript.
(function () {
  "use strict";
  const charts = new Map();

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

  function build(figure) {
    const source = figure.querySelector("script[type='application/json']");
    const canvas = figure.querySelector("canvas");
    if (!source || !canvas || !window.Chart) return;
    const spec = JSON.parse(source.textContent);
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
      };
    });
    const percent = spec.unit === "%";
    const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    const chart = new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reduce ? false : { duration: 150 },
        indexAxis: spec.horizontal ? "y" : "x",
        plugins: {
          legend: { display: datasets.length > 1, labels: { color: text } },
          tooltip: {
            callbacks: percent ? {
              label: function (ctx) { return ctx.dataset.label + ": " + ctx.formattedValue + "%"; },
            } : {},
          },
        },
        scales: {
          x: { ticks: { color: muted, maxRotation: 0, autoSkip: true }, grid: { color: grid } },
          y: {
            ticks: { color: muted, callback: percent ? function (v) { return v + "%"; } : undefined },
            grid: { color: grid },
            beginAtZero: true,
            suggestedMax: percent ? 100 : undefined,
          },
        },
      },
    });
    charts.set(figure, chart);
    figure.dataset.chartReady = "true";
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
  document.addEventListener("htmx:afterSettle", function (event) {
    forgetRemoved();
    drawAll(event.target);
  });
})();
