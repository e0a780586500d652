// Article editing helpers: live readability while typing, and tag suggestions.
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function setupReadability() {
    var panel = document.getElementById("reading-stats");
    var body = document.getElementById("id_body");
    var summary = document.getElementById("id_summary");
    if (!panel || !body) return;
    var timer = null;
    function update() {
      var data = new FormData();
      data.append("body", body.value);
      data.append("summary", summary ? summary.value : "");
      fetch(panel.getAttribute("data-url"), {
        method: "POST",
        body: data,
        headers: { "X-CSRFToken": csrfToken() },
        credentials: "same-origin",
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (stats) {
          if (!stats) return;
          panel.textContent = stats.text;
          panel.classList.toggle("too-hard", Boolean(stats.too_hard));
        })
        .catch(function () {});
    }
    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(update, 600);
    }
    body.addEventListener("input", schedule);
    if (summary) summary.addEventListener("input", schedule);
  }

  function setupTagSuggestions() {
    var input = document.getElementById("id_tags");
    var list = document.getElementById("tag-suggestions");
    if (!input || !list) return;
    var names = Array.prototype.map.call(list.options, function (o) { return o.value; });
    // The browser suggests whole values, so offer "what you typed so far, + a tag".
    input.addEventListener("input", function () {
      var parts = input.value.split(",");
      var last = parts.pop().trim().toLowerCase();
      var prefix = parts.map(function (p) { return p.trim(); }).filter(Boolean).join(", ");
      list.innerHTML = "";
      if (!last) return;
      names
        .filter(function (n) { return n.toLowerCase().indexOf(last) === 0; })
        .slice(0, 20)
        .forEach(function (n) {
          var option = document.createElement("option");
          option.value = prefix ? prefix + ", " + n : n;
          list.appendChild(option);
        });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupReadability();
    setupTagSuggestions();
  });
})();
