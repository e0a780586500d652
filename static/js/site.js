// Small progressive enhancements. Everything works without this file.
(function () {
  "use strict";

  // "Copy link" buttons in the share list.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.copy-link");
    if (!button) return;
    var status = button.parentElement.querySelector(".copy-status");
    var text = button.getAttribute("data-copy");
    var done = function (message) {
      if (status) status.textContent = message;
    };
    // The words come from the button, in the page's language.
    var say = function (name, fallback) {
      return button.getAttribute(name) || fallback;
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { done(say("data-copied", "Link copied.")); },
        function () { done(say("data-copy-failed", "Copy failed. The address is:") + " " + text); }
      );
    } else {
      done(say("data-copy-this", "Copy this address:") + " " + text);
    }
  });

  // An error summary, or a thank-you shown where the reader was, takes focus when the
  // page loads, so screen-reader and keyboard users start there (GOV.UK pattern).
  var focusTarget = document.querySelector("[data-focus-on-load]");
  if (focusTarget) {
    focusTarget.focus();
    focusTarget.scrollIntoView({ block: "center" });
  }

  // "Print these questions": a button only when this script runs.
  Array.prototype.forEach.call(document.querySelectorAll("button[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // The skip link moves focus to <main> in every browser.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.skip-link");
    if (!link) return;
    var main = document.getElementById("main");
    if (main) {
      event.preventDefault();
      main.focus();
      main.scrollIntoView();
    }
  });
})();
