/* Counter screens: arrow keys move through the procedure matches (the list itself is
   plain buttons, so Tab and Enter work without this file). */
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var list = document.getElementById("procedure-hits");
    if (!list || !target || (event.key !== "ArrowDown" && event.key !== "ArrowUp")) return;
    var hits = Array.prototype.slice.call(list.querySelectorAll("button.hit"));
    if (!hits.length) return;
    var index = hits.indexOf(target);
    var next = null;
    if (target.id === "procedure-q") {
      if (event.key === "ArrowDown") next = hits[0];
    } else if (index >= 0) {
      if (event.key === "ArrowDown") next = hits[Math.min(index + 1, hits.length - 1)];
      else next = index > 0 ? hits[index - 1] : document.getElementById("procedure-q");
    }
    if (next) {
      next.focus();
      event.preventDefault();
    }
  });
})();
