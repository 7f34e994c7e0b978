/* Agent Handbook, shared helpers: the namespace the page's scripts share (window.AgentHandbook),
 * numbers, elements, text measures and steps over a graph. Loaded first; no module here draws.
 *
 * The handbook's script is plain files, loaded in this order, each adding one part to the
 * namespace (no build step, no module loader, nothing fetched from elsewhere):
 *   handbook-core.js   shared helpers (this file)          -> AgentHandbook.core
 *   handbook-url.js    the view in the URL                 -> AgentHandbook.url
 *   handbook-map.js    maps: read, choose, lay out, draw   -> AgentHandbook.map
 *   handbook-lists.js  tables: a filter box, scroll marks  (on its own)
 *   handbook.js        figures: toolbar, filters, highlight, zoom and pan; starts everything
 * A new kind of drawing (say, an agent's neighbourhood drawn in the browser) is a file of its
 * own beside handbook-map.js, loaded before handbook.js.
 */
(function () {
  "use strict";
  var AH = (window.AgentHandbook = window.AgentHandbook || {});
  if (AH.core) return; // loaded twice: the first copy does the work

  var SVG_NS = "http://www.w3.org/2000/svg";
  var FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  var measure = null;

  function clamp(value, low, high) {
    return Math.min(high, Math.max(low, value));
  }

  function round(value, digits) {
    var scale = Math.pow(10, digits);
    return String(Math.round(value * scale) / scale);
  }

  /* Show the part ``box`` ([x, y, width, height]) of a drawing, at that size or at ``size``
   * ([width, height] in px). */
  function showBox(svg, box, size) {
    svg.setAttribute(
      "viewBox",
      box
        .map(function (value) {
          return round(value, 1);
        })
        .join(" ")
    );
    svg.setAttribute("width", round(size ? size[0] : box[2], 0));
    svg.setAttribute("height", round(size ? size[1] : box[3], 0));
  }

  function make(tag, attrs, text) {
    var element = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      element.setAttribute(name, attrs[name]);
    });
    if (text !== undefined) element.textContent = text;
    return element;
  }

  function ownTitle(element) {
    for (var child = element.firstElementChild; child; child = child.nextElementSibling) {
      if (child.tagName.toLowerCase() === "title") return child.textContent.trim();
    }
    return "";
  }

  function cssEscape(value) {
    return window.CSS && CSS.escape ? CSS.escape(value) : value.replace(/["\\]/g, "\\$&");
  }

  function splitList(value) {
    var out = [];
    value.split(",").forEach(function (item) {
      if (!item) return;
      try {
        out.push(decodeURIComponent(item));
      } catch (error) {
        /* a malformed item is ignored */
      }
    });
    return out;
  }
  function textWidth(label) {
    if (!measure) {
      measure = document.createElement("canvas").getContext("2d");
      measure.font = FONT;
    }
    return Math.ceil(measure.measureText(label).width) + 22;
  }

  function svgElement(tag, attrs, text) {
    var element = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (name) {
      element.setAttribute(name, attrs[name]);
    });
    if (text !== undefined) element.textContent = text;
    return element;
  }

  function childrenOf(element, selector) {
    return Array.from(element.children).filter(function (child) {
      return child.matches(selector);
    });
  }

  /* Steps from ``start`` over ``edges`` (either direction), up to ``depth`` (0: any), going on
   * only from the nodes ``through`` allows (all when it is not given). */
  function stepsFrom(start, edges, depth, through) {
    var adjacent = new Map();
    edges.forEach(function (edge) {
      [
        [edge.source, edge.target],
        [edge.target, edge.source],
      ].forEach(function (pair) {
        if (!adjacent.has(pair[0])) adjacent.set(pair[0], []);
        adjacent.get(pair[0]).push(pair[1]);
      });
    });
    var dist = new Map([[start, 0]]);
    var queue = [start];
    while (queue.length) {
      var node = queue.shift();
      if (depth && dist.get(node) >= depth) continue;
      if (through && node !== start && !through(node)) continue;
      (adjacent.get(node) || []).forEach(function (next) {
        if (!dist.has(next)) {
          dist.set(next, dist.get(node) + 1);
          queue.push(next);
        }
      });
    }
    return dist;
  }

  /* Run ``init`` on each page: once the page is read, and on each page Material's instant
   * navigation brings in without reloading. */
  function onPage(init) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(init); // Material's instant navigation
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", init);
    } else {
      init();
    }
  }

  AH.core = {
    SVG_NS: SVG_NS,
    FONT: FONT,
    clamp: clamp,
    round: round,
    showBox: showBox,
    make: make,
    ownTitle: ownTitle,
    cssEscape: cssEscape,
    splitList: splitList,
    textWidth: textWidth,
    svgElement: svgElement,
    childrenOf: childrenOf,
    stepsFrom: stepsFrom,
    onPage: onPage,
  };
})();
