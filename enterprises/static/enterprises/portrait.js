// Charts of the enterprise portrait (data from the page's json_script blocks; no inline script: CSP).
(function () {
  var palette = ["#8c1c13", "#2980b9", "#16a085", "#f39c12", "#8e44ad", "#7f8c8d"];
  function read(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }
  function chart(id, option) {
    var el = document.getElementById(id); if (!el) return;
    var c = echarts.init(el); option.color = palette; c.setOption(option);
    window.addEventListener("resize", function () { c.resize(); });
  }
  var label = read("chart-labels") || {};
  var f = read("figures-data");
  if (f && f.years) {
    chart("chart-figures", {
      tooltip: {trigger: "axis"}, legend: {bottom: 0}, grid: {left: 60, right: 20, top: 30, bottom: 50},
      xAxis: {type: "category", data: f.years}, yAxis: {type: "value", name: label.unit},
      series: [
        {type: "bar", name: label.revenue, data: f.series.revenue},
        {type: "bar", name: label.rd_expenditure, data: f.series.rd_expenditure},
        {type: "line", name: label.net_profit, data: f.series.net_profit}
      ]
    });
  }
  var p = read("points-data");
  if (p && p.length) {
    chart("chart-points", {
      tooltip: {trigger: "item"}, grid: {left: 10, right: 20, top: 10, bottom: 20, containLabel: true},
      xAxis: {type: "value"}, yAxis: {type: "category", inverse: true, data: p.map(function (r) { return r.label; })},
      series: [{type: "bar", name: label.points, data: p.map(function (r) { return r.points; })}]
    });
  }
  var fl = read("fields-data");
  if (fl && fl.length) {
    chart("chart-fields", {tooltip: {trigger: "item"}, series: [{type: "pie", radius: ["35%", "65%"], data: fl.map(function (r) { return {name: r[0], value: r[1]}; })}]});
  }
})();
