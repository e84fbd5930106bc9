/* Trend sparklines and detail charts for the monitoring pages. Reads JSON from #chart-data. */
(function () {
  var el = document.getElementById("chart-data");
  if (!el || !window.echarts) return;
  var data = JSON.parse(el.textContent);
  var BRAND = "#8c1c13";
  var dark = document.body.classList.contains("wall");
  var ink = dark ? "#cfe3ff" : "#3b4754";
  var charts = [];
  function make(node, option) {
    var chart = echarts.init(node, null, { renderer: "canvas" });
    chart.setOption(option);
    charts.push(chart);
    return chart;
  }
  document.querySelectorAll(".spark[data-code]").forEach(function (node) {
    var d = data[node.dataset.code];
    if (!d) return;
    make(node, {
      animation: false,
      grid: { left: 2, right: 2, top: 6, bottom: 2 },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v + " " + d.unit; } },
      xAxis: { type: "category", data: d.labels, show: false, boundaryGap: false },
      yAxis: { type: "value", show: false, scale: true },
      series: [{ type: "line", data: d.values, smooth: true, symbol: "none", lineStyle: { color: dark ? "#4fc3f7" : BRAND, width: 2 },
                 areaStyle: { color: dark ? "rgba(79,195,247,.15)" : "rgba(140,28,19,.08)" } }]
    });
  });
  document.querySelectorAll(".trend-chart[data-code]").forEach(function (node) {
    var d = data[node.dataset.code];
    if (!d) return;
    var titled = node.classList.contains("half");
    make(node, {
      title: titled ? { text: d.name + "（" + d.unit + "）", left: 0, top: 0, textStyle: { color: ink, fontSize: 13, fontWeight: "normal" } } : undefined,
      grid: { left: 50, right: 16, top: titled ? 28 : 30, bottom: titled ? 24 : 40 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: d.labels, axisLabel: { color: ink, hideOverlap: true } },
      yAxis: { type: "value", name: titled ? "" : d.unit, nameTextStyle: { color: ink }, axisLabel: { color: ink },
               minInterval: 1, splitLine: { lineStyle: { color: dark ? "#1d3a63" : "#eee" } } },
      series: [{ type: d.labels.length > 8 ? "line" : "bar", data: d.values, itemStyle: { color: dark ? "#4fc3f7" : BRAND }, smooth: true, barMaxWidth: 36 }]
    });
  });
  document.querySelectorAll(".breakdown-chart[data-code]").forEach(function (node) {
    var d = data[node.dataset.code];
    var rows = d && d.breakdown && d.breakdown[node.dataset.by];
    if (!rows) return;
    var items = Object.keys(rows).map(function (k) { return { name: k, value: rows[k] }; })
      .sort(function (a, b) { return b.value - a.value; });
    make(node, {
      tooltip: { trigger: "item" },
      legend: { type: "scroll", bottom: 0, textStyle: { color: ink } },
      series: [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"], data: items, label: { color: ink } }]
    });
  });
  document.querySelectorAll(".bar-chart[data-series]").forEach(function (node) {
    var s = JSON.parse(node.dataset.series);
    make(node, {
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "value", axisLabel: { color: ink }, splitLine: { lineStyle: { color: dark ? "#1d3557" : "#eee" } } },
      yAxis: { type: "category", inverse: true, data: s.labels, axisLabel: { color: ink, width: 150, overflow: "truncate" } },
      series: [{ type: "bar", data: s.values, itemStyle: { color: dark ? "#4fc3f7" : BRAND }, label: { show: true, position: "right", color: ink } }]
    });
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
