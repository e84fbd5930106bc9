// The listing form shows the asking price only for 挂牌价 and the auction terms only for auctions
// (anti-sniping and the increment only for the English auction). Without JS every field shows.
(function () {
  "use strict";
  var form = document.getElementById("listing-form");
  if (!form) return;
  function update() {
    var checked = form.querySelector("input[name=pricing]:checked");
    var value = checked ? checked.value : "";
    form.querySelectorAll("[data-pricing-only]").forEach(function (el) {
      var show = el.getAttribute("data-pricing-only").split(" ").indexOf(value) !== -1;
      el.hidden = !show;
    });
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "pricing") update();
  });
  update();
})();
