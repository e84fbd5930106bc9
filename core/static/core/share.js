// The action bar's "复制链接" button (core/_action_bar.html): copies the record's absolute link;
// where the clipboard API is refused (plain http, old browsers) the link is shown selected instead.
(function () {
  "use strict";
  function done(bar, button) {
    var status = bar.querySelector(".js-share-status");
    if (status) status.textContent = button.getAttribute("data-copied");
  }
  function fallback(bar) {
    var input = bar.querySelector(".js-share-fallback");
    if (!input) return;
    input.classList.remove("d-none");
    input.focus();
    input.select();
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".js-share");
    if (!button) return;
    var bar = button.closest(".action-bar") || document;
    var url = button.getAttribute("data-share-url");
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(function () { done(bar, button); }, function () { fallback(bar); });
    } else {
      fallback(bar);
    }
  });
})();
