/* Draws the dashboard's charts with Apache ECharts (served locally). Each chart's data is a
   <script type="application/json"> next to its element; the table below it holds the same numbers, so
   the page reads without JavaScript. No inline script (Content-Security-Policy). */
(function () {
  "use strict";
  function option(spec) {
    var series = spec.series.map(function (s) {
      if (spec.kind === "pie") {
        return { type: "pie", name: s.name, radius: ["35%", "65%"],
          data: spec.categories.map(function (c, i) { return { name: c, value: s.data[i] }; })
            .filter(function (d) { return d.value > 0; }) };
      }
      return { type: spec.kind === "line" ? "line" : "bar", name: s.name, data: s.data };
    });
    if (spec.kind === "pie") {
      return { tooltip: { trigger: "item", renderMode: "richText" }, legend: { bottom: 0, type: "scroll" }, series: series };
    }
    var categoryAxis = { type: "category", data: spec.categories, axisLabel: { hideOverlap: true } };
    var valueAxis = { type: "value", minInterval: 1 };
    var horizontal = spec.kind === "hbar";
    if (horizontal) { categoryAxis.inverse = true; }
    return {
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: series
    };
  }
  function draw() {
    if (typeof window.echarts === "undefined") { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var data = document.getElementById(el.getAttribute("data-chart"));
      if (!data) { return; }
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      var spec = option(JSON.parse(data.textContent));
      // the canvas has no CSS: it draws in the page's own (locally served) fonts, or Chinese labels
      // would fall back to whatever the system has, which may hold no Chinese glyphs
      spec.textStyle = { fontFamily: getComputedStyle(document.body).fontFamily };
      chart.setOption(spec);
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  // wait for the web fonts (Noto Sans SC when served), so the first drawing already uses them
  function start() { if (document.fonts && document.fonts.ready) { document.fonts.ready.then(draw); } else { draw(); } }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
