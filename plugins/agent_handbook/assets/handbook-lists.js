/* Agent Handbook, tables: a filter box over a long table, and a mark on tables that scroll
 * sideways. On its own: needs nothing from the other files. */
(function () {
  "use strict";

  function filterRows(input) {
    var table = document.getElementById(input.getAttribute("data-ah-filter"));
    if (!table) return;
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var text = row.textContent.toLowerCase();
      row.hidden = !words.every(function (word) { return text.indexOf(word) >= 0; });
    });
  }

  // Material wraps each table in a scrolling element of its own; that is what scrolls then.
  function scroller(box) {
    return box.querySelector(".md-typeset__scrollwrap") || box;
  }

  function markScroll(box) {
    var el = scroller(box);
    box.classList.toggle("ah-scroll-more", el.scrollWidth - el.clientWidth - el.scrollLeft > 2);
    box.classList.toggle("ah-scroll-less", el.scrollLeft > 2);
  }

  function init() {
    document.querySelectorAll("input[data-ah-filter]").forEach(function (input) {
      if (input.dataset.ahReady) return;
      input.dataset.ahReady = "1";
      input.addEventListener("input", function () { filterRows(input); });
    });
    document.querySelectorAll(".ah-scroll").forEach(function (box) {
      if (!box.dataset.ahReady) {
        box.dataset.ahReady = "1";
        scroller(box).addEventListener("scroll", function () { markScroll(box); }, { passive: true });
      }
      markScroll(box);
    });
  }

  window.addEventListener("resize", function () { document.querySelectorAll(".ah-scroll").forEach(markScroll); });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
