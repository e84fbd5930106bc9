// Width of the team-target progress bar from its data attribute (no inline styles under the CSP).
document.querySelectorAll(".talent-progress").forEach(function (bar) {
  bar.style.width = Math.min(100, parseFloat(bar.dataset.share || "0")) + "%";
});
