/* Draws the report's chart from the JSON the page carries (no inline script: the CSP forbids
   it), and shades the answer-rate heat map's cells by their rate. */
(function () {
  "use strict";
  var data = document.getElementById("report-chart-data");
  var canvas = document.getElementById("report-chart");
  if (data && canvas && window.Chart) {
    var spec = JSON.parse(data.textContent);
    var palette = ["#1d4ed8", "#b45309", "#047857", "#7c3aed", "#be123c", "#0e7490", "#4d7c0f"];
    new window.Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (d, i) {
          return Object.assign({ backgroundColor: palette[i % palette.length], borderColor: palette[i % palette.length] }, d);
        })
      },
      options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { position: "bottom" } } }
    });
  }
  document.querySelectorAll("table.heat td").forEach(function (cell) {
    var match = /^(\d+)%/.exec(cell.textContent.trim());
    if (!match) return;
    var rate = Number(match[1]) / 100;
    cell.style.backgroundColor = "rgba(4, 120, 87, " + (0.08 + 0.6 * rate).toFixed(2) + ")";
    if (rate > 0.55) cell.style.color = "#fff";
  });
})();
