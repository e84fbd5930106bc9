// Pool page charts (ECharts). Data comes from the json_script element "pool-charts".
(function () {
  var el = document.getElementById("pool-charts");
  if (!el || !window.echarts) return;
  var data = JSON.parse(el.textContent);
  var brand = "#8c1c13";
  var charts = [];
  function make(id, option) {
    var node = document.getElementById(id);
    if (!node) return;
    var chart = echarts.init(node);
    chart.setOption(option);
    charts.push(chart);
  }
  var ipc = data.ipc.slice().reverse();
  make("chart-ipc", {
    grid: { left: 48, right: 24, top: 8, bottom: 24 },
    tooltip: { trigger: "axis", formatter: function (p) { var d = ipc[p[0].dataIndex]; return d.code + " " + d.title + "<br>" + d.count; } },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: ipc.map(function (d) { return d.code; }) },
    series: [{ type: "bar", data: ipc.map(function (d) { return d.count; }), itemStyle: { color: brand } }]
  });
  make("chart-years", {
    grid: { left: 40, right: 16, top: 8, bottom: 24 },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: data.years.map(function (d) { return String(d[0]); }) },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", data: data.years.map(function (d) { return d[1]; }), itemStyle: { color: brand } }]
  });
  // Outside labels ("Utility model: 10") are cut short in a phone-width card ("Utility …"): there
  // the ring shows the counts inside and the legend names the types.
  function typeLabel(node) {
    return node && node.clientWidth < 420
      ? { position: "inside", formatter: "{c}", color: "#fff" }
      : { position: "outside", formatter: "{b}: {c}", color: "inherit" };
  }
  var typesNode = document.getElementById("chart-types");
  make("chart-types", {
    tooltip: { trigger: "item" },
    legend: { bottom: 0 },
    series: [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "42%"], data: data.types,
               color: [brand, "#d98b2b", "#4a7ebb"], label: typeLabel(typesNode) }]
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
    var types = typesNode && echarts.getInstanceByDom(typesNode);
    if (types) types.setOption({ series: [{ label: typeLabel(typesNode) }] });
  });
})();
