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
      text.textContent = "You are replying to " + button.getAttribute("data-reply-name") + ".";
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
