/* Agent Handbook: hover/focus highlight on graphs. No framework, no network. */
(function () {
  "use strict";

  function setup(figure) {
    if (figure.dataset.ahReady) return;
    figure.dataset.ahReady = "1";
    var edges = Array.prototype.slice.call(figure.querySelectorAll(".ah-edge[data-source]"));
    function highlight(node) {
      figure.classList.add("ah-active");
      edges.forEach(function (edge) {
        var hot = edge.dataset.source === node || edge.dataset.target === node;
        edge.classList.toggle("ah-hot", hot);
        if (hot) {
          [edge.dataset.source, edge.dataset.target].forEach(function (end) {
            var other = figure.querySelector('.ah-node[data-node="' + CSS.escape(end) + '"]');
            if (other) other.classList.add("ah-hot");
          });
        }
      });
    }
    function clear() {
      figure.classList.remove("ah-active");
      figure.querySelectorAll(".ah-hot").forEach(function (el) { el.classList.remove("ah-hot"); });
    }
    figure.querySelectorAll("[data-node]").forEach(function (el) {
      if (!el.classList.contains("ah-node") && !el.classList.contains("ah-link")) return;
      var node = el.dataset.node;
      el.addEventListener("mouseenter", function () { highlight(node); });
      el.addEventListener("mouseleave", clear);
      el.addEventListener("focus", function () { highlight(node); });
      el.addEventListener("blur", clear);
    });
  }

  function init() {
    document.querySelectorAll("[data-ah-graph]").forEach(setup);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init); // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
