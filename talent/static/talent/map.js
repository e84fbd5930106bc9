// The talent map: Shaanxi prefectures or counties (GeoJSON shipped in static/talent/geo, see
// talent/data/README.md) coloured by verified talents; the tooltip adds recorded placements.
(function () {
  var el = document.getElementById("talent-map");
  var data = JSON.parse(document.getElementById("talent-map-data").textContent);
  if (!el || !window.echarts) { return; }
  var chart = echarts.init(el);
  var loaded = {};
  function show(level) {
    var url = el.dataset[level];
    var render = function () {
      var rows = data[level];
      var max = Math.max.apply(null, rows.map(function (r) { return r.value; }).concat([1]));
      chart.setOption({
        tooltip: { trigger: "item", formatter: function (p) {
          var d = p.data || { value: 0, placements: 0 };
          return p.name + "<br>" + data.labels.talents + ": " + (d.value || 0) + "<br>" + data.labels.placements + ": " + (d.placements || 0);
        } },
        visualMap: { min: 0, max: max, left: 8, bottom: 8, calculable: true, inRange: { color: ["#f3e7e5", "#8c1c13"] } },
        series: [{ type: "map", map: "shaanxi-" + level, roam: true, layoutCenter: ["50%", "50%"], layoutSize: "98%", data: rows, label: { show: level === "prefectures", fontSize: 10 } }]
      }, true);
    };
    if (loaded[level]) { render(); return; }
    fetch(url).then(function (r) { return r.json(); }).then(function (geo) {
      echarts.registerMap("shaanxi-" + level, geo);
      loaded[level] = true;
      render();
    });
  }
  document.querySelectorAll(".map-level").forEach(function (a) {
    a.addEventListener("click", function (e) { e.preventDefault(); show(a.dataset.level); });
  });
  window.addEventListener("resize", function () { chart.resize(); });
  show("prefectures");
})();
