// Charts of the deal statistics page (no inline script: the Content-Security-Policy forbids it).
(function () {
  var data = JSON.parse(document.getElementById("deal-stats").textContent);
  var palette = ["#8c1c13", "#c0392b", "#d35400", "#f39c12", "#16a085", "#2980b9", "#8e44ad", "#7f8c8d"];
  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el) return;
    var c = echarts.init(el);
    option.color = palette;
    c.setOption(option);
    window.addEventListener("resize", function () { c.resize(); });
  }
  chart("chart-series", {
    tooltip: {trigger: "axis"}, grid: {left: 50, right: 20, top: 20, bottom: 30},
    xAxis: {type: "category", data: data.series.map(function (r) { return r.period; })},
    yAxis: {type: "value"},
    series: [{type: "bar", name: document.getElementById("chart-series").dataset.seriesName, data: data.series.map(function (r) { return r.tech_amount; })}]
  });
  Object.keys(data.breakdowns).forEach(function (by) {
    var rows = data.breakdowns[by];
    chart("chart-" + by, {
      tooltip: {trigger: "item", formatter: "{b}: {c} 万元 ({d}%)"},
      series: [{type: "pie", radius: ["35%", "65%"], label: {fontSize: 11}, data: rows.map(function (r) { return {name: r.label, value: r.tech_amount}; })}]
    });
  });
})();
