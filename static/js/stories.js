// Reply to a reader's comment: fills the form's hidden "parent" field.
// Without JavaScript the reply buttons stay hidden and the form adds a new comment.
(function () {
  "use strict";
  var form = document.querySelector(".comment-form");
  if (!form) return;
  var parent = form.querySelector("input[name='parent']");
  var box = form.querySelector(".replying-to");
  var text = form.querySelector(".replying-to-text");
  var buttons = document.querySelectorAll(".reply-button");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      parent.value = button.getAttribute("data-reply-to");
      // The sentence comes from the page, in the page's language.
      var sentence = box.getAttribute("data-replying-text") || "You are replying to {name}.";
      text.textContent = sentence.replace("{name}", button.getAttribute("data-reply-name"));
      box.hidden = false;
      var first = form.querySelector("input[name='name']");
      if (first) first.focus();
    });
  });
  var cancel = form.querySelector(".reply-cancel");
  if (cancel) {
    cancel.addEventListener("click", function () {
      parent.value = "";
      text.textContent = "";
      box.hidden = true;
    });
  }
})();
