/* Agent Handbook: interactive graphs. Our own small script: no framework, no network.
 *
 * Every figure.ah-graph[data-ah-graph] gets, when this script runs:
 *   - highlight: hover or focus a node to see its relations and neighbours;
 *   - kind filters: the legend's relation kinds become toggle buttons;
 *   - depth: around the page's own agent, or around an agent picked in the toolbar (a figure
 *     with data-start-depth="1" starts at that depth; without JavaScript every node shows);
 *   - zoom and pan: drag to move, Ctrl+wheel or pinch to zoom (plain wheel once the graph
 *     has focus), the toolbar's − / + / Reset buttons, and + / - / 0 / arrow keys;
 *   - the view in the URL, to share it: #<figure id>:kinds=a,b&focus=x&depth=2&zoom=k,tx,ty
 *     (only the parts that differ from the default view, "depth=all" for every depth where
 *     the figure starts at one; other anchors are left alone).
 * Without JavaScript the static SVG, its titles and the legend still read as they are.
 * The graphs' links are SVG <a xlink:href> (see render/svg.py): a target, if ever needed, is
 * getAttribute("href") || getAttribute("xlink:href"), never a.href (an SVGAnimatedString).
 */
(function () {
  "use strict";
  if (window.__agentHandbookGraphs) return; // loaded twice: the first copy does the work
  window.__agentHandbookGraphs = true;

  var MIN_ZOOM = 0.5;
  var MAX_ZOOM = 8;
  var STEP = 1.25;
  var DRAG_THRESHOLD = 4; // px a pointer moves before a press becomes a pan
  var PAN_STEP = 40; // px per arrow key
  var NAMES_LISTED = 4; // hidden nodes named in the status line, at most
  var controllers = new Map(); // figure id -> controller of the figure on the page

  function clamp(value, low, high) {
    return Math.min(high, Math.max(low, value));
  }

  function round(value, digits) {
    var scale = Math.pow(10, digits);
    return String(Math.round(value * scale) / scale);
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

  /* The hash of a shared view: {id, params} when it names a figure ("ah-" prefix), else null.
   * params is null for a bare "#ah-map" (a plain anchor), else a Map key -> raw value. */
  function parseHash(hash) {
    var raw = (hash || "").replace(/^#/, "");
    if (raw.indexOf("ah-") !== 0) return null;
    var colon = raw.indexOf(":");
    var id = colon < 0 ? raw : raw.slice(0, colon);
    try {
      id = decodeURIComponent(id);
    } catch (error) {
      return null;
    }
    if (colon < 0) return { id: id, params: null };
    var params = new Map();
    raw
      .slice(colon + 1)
      .split("&")
      .forEach(function (pair) {
        if (!pair) return;
        var eq = pair.indexOf("=");
        params.set(eq < 0 ? pair : pair.slice(0, eq), eq < 0 ? "" : pair.slice(eq + 1));
      });
    return { id: id, params: params };
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

  function setup(figure) {
    if (figure.dataset.ahReady) return;
    var svg = figure.querySelector("svg.ah-svg");
    var viewport = svg && svg.querySelector("g.ah-viewport");
    if (!svg || !viewport) return;
    figure.dataset.ahReady = "1";
    figure.classList.add("ah-ready");
    var id = figure.id;
    var graphTitle = ownTitle(svg) || "graph";

    /* ---- the graph, read from the markup ---- */
    var nodes = new Map(); // id -> {g, box (the link or the bare group), label}
    svg.querySelectorAll("g.ah-node[data-node]").forEach(function (g) {
      var link = g.parentElement && g.parentElement.classList.contains("ah-link") ? g.parentElement : null;
      var text = g.querySelector("text");
      var title = ownTitle(g);
      var label = text ? text.textContent.trim() : g.dataset.node;
      nodes.set(g.dataset.node, { id: g.dataset.node, g: g, box: link || g, label: label, title: title });
      if (!link) {
        // People, missing agents and the page's own agent: focusable too, named by their title.
        g.setAttribute("tabindex", "0");
        g.setAttribute("role", "img");
        g.setAttribute("aria-label", title || label);
      }
    });
    var edges = [];
    svg.querySelectorAll("path.ah-edge[data-source][data-target]").forEach(function (path) {
      var edge = { el: path, source: path.dataset.source, target: path.dataset.target, kind: path.dataset.kind || "" };
      if (nodes.has(edge.source) && nodes.has(edge.target)) edges.push(edge);
    });
    var connected = new Set();
    edges.forEach(function (edge) {
      connected.add(edge.source);
      connected.add(edge.target);
    });
    var focusGroup = svg.querySelector("g.ah-node.ah-focus[data-node]");
    var fixedFocus = focusGroup && nodes.has(focusGroup.dataset.node) ? focusGroup.dataset.node : "";
    // The depth shown at first around the page's own agent (0: all), as the figure says.
    var startDepth = fixedFocus ? Number(figure.dataset.startDepth) || 0 : 0;
    if (startDepth !== 1 && startDepth !== 2) startDepth = 0;

    var legend = null;
    document.querySelectorAll("ul.ah-legend[data-for]").forEach(function (list) {
      if (list.getAttribute("data-for") === id) legend = list;
    });
    if (!legend) legend = figure.querySelector("ul.ah-legend");
    var kinds = [];
    var kindLabels = {};
    if (legend) {
      legend.querySelectorAll("li[data-kind]").forEach(function (item) {
        kinds.push(item.dataset.kind);
        kindLabels[item.dataset.kind] = item.textContent.trim();
      });
    }
    edges.forEach(function (edge) {
      if (kinds.indexOf(edge.kind) < 0) {
        kinds.push(edge.kind);
        kindLabels[edge.kind] = edge.kind.replace(/_/g, " ");
      }
    });

    /* ---- the view ---- */
    var state = defaults();
    function defaults() {
      return { kinds: new Set(kinds), focus: "", depth: startDepth, k: 1, tx: 0, ty: 0 };
    }
    function center() {
      return fixedFocus || (nodes.has(state.focus) ? state.focus : "");
    }
    function filtered() {
      return state.kinds.size !== kinds.length || state.depth !== 0 || (!fixedFocus && state.focus !== "");
    }
    function zoomed() {
      return state.k !== 1 || state.tx !== 0 || state.ty !== 0;
    }

    /* ---- controls (injected: the page without JavaScript has none) ---- */
    svg.setAttribute("tabindex", "0");
    var bar = make("div", { class: "ah-toolbar", role: "group", "aria-label": "View of the " + graphTitle });
    var focusSelect = null;
    if (!fixedFocus && nodes.size > 1) {
      focusSelect = make("select", { "aria-label": "Focus on" });
      focusSelect.appendChild(make("option", { value: "" }, "everyone"));
      Array.from(nodes.values())
        .sort(function (a, b) {
          return a.label.localeCompare(b.label);
        })
        .forEach(function (node) {
          focusSelect.appendChild(make("option", { value: node.id }, node.label));
        });
      var focusLabel = make("label", { class: "ah-field" }, "Focus ");
      focusLabel.appendChild(focusSelect);
      bar.appendChild(focusLabel);
      focusSelect.addEventListener("change", function () {
        state.focus = focusSelect.value;
        if (state.focus && !state.depth) state.depth = 1;
        if (!state.focus) state.depth = 0;
        update();
      });
    }
    // Depth around the page's own agent only when some node is two steps away or more; around a
    // picked agent (figures without one) always, enabled once an agent is picked.
    var farthest = 0;
    if (fixedFocus) {
      distances(fixedFocus, edges).forEach(function (d) {
        farthest = Math.max(farthest, d);
      });
    }
    var depthSelect = null;
    if (fixedFocus ? farthest >= 2 : focusSelect) {
      depthSelect = make("select", { "aria-label": "Depth" });
      [
        ["", "all"],
        ["1", "1 step"],
        ["2", "2 steps"],
      ].forEach(function (option) {
        depthSelect.appendChild(make("option", { value: option[0] }, option[1]));
      });
      var depthLabel = make("label", { class: "ah-field" }, "Depth ");
      depthLabel.appendChild(depthSelect);
      bar.appendChild(depthLabel);
      depthSelect.addEventListener("change", function () {
        state.depth = Number(depthSelect.value) || 0;
        update();
      });
    }
    var showAll = make(
      "button",
      { type: "button", class: "ah-show-all", title: "Show every relation kind, every node and every depth" },
      "Show all"
    );
    bar.appendChild(showAll);
    var zoomGroup = make("span", { class: "ah-zoom", role: "group", "aria-label": "Zoom" });
    var zoomOut = make("button", { type: "button", "aria-label": "Zoom out", title: "Zoom out (−)" }, "−");
    var zoomLevel = make("span", { class: "ah-zoom-level", "aria-hidden": "true" }, "100%");
    var zoomIn = make("button", { type: "button", "aria-label": "Zoom in", title: "Zoom in (+)" }, "+");
    var zoomFit = make("button", { type: "button", title: "Zoom to the nodes shown" }, "Fit");
    var zoomReset = make(
      "button",
      {
        type: "button",
        "aria-label": "Reset zoom",
        title: "Reset zoom and position (0). Drag to move; Ctrl+wheel or pinch to zoom.",
      },
      "Reset"
    );
    [zoomOut, zoomLevel, zoomIn, zoomFit, zoomReset].forEach(function (element) {
      zoomGroup.appendChild(element);
    });
    bar.appendChild(zoomGroup);
    var status = make("span", { class: "ah-count", role: "status", "aria-live": "polite" });
    bar.appendChild(status);
    figure.insertBefore(bar, svg);

    var kindButtons = new Map();
    var kindCounts = {};
    edges.forEach(function (edge) {
      kindCounts[edge.kind] = (kindCounts[edge.kind] || 0) + 1;
    });
    if (legend && kinds.length > 1) {
      legend.classList.add("ah-filters");
      legend.setAttribute("aria-label", "Relation kinds: press one to show or hide it");
      legend.querySelectorAll("li[data-kind]").forEach(function (item) {
        var kind = item.dataset.kind;
        var button = make("button", {
          type: "button",
          class: "ah-kind",
          "aria-pressed": "true",
          title: "Show or hide “" + kindLabels[kind] + "” relations",
        });
        while (item.firstChild) button.appendChild(item.firstChild);
        button.appendChild(make("span", { class: "ah-kind-count" }, "(" + (kindCounts[kind] || 0) + ")"));
        item.appendChild(button);
        kindButtons.set(kind, button);
        button.addEventListener("click", function () {
          if (state.kinds.has(kind)) state.kinds.delete(kind);
          else state.kinds.add(kind);
          update();
        });
      });
    }

    zoomIn.addEventListener("click", function () {
      zoomBy(STEP);
      commit();
    });
    zoomOut.addEventListener("click", function () {
      zoomBy(1 / STEP);
      commit();
    });
    zoomFit.addEventListener("click", function () {
      fit();
      commit();
    });
    zoomReset.addEventListener("click", function () {
      state.k = 1;
      state.tx = 0;
      state.ty = 0;
      render();
      commit();
    });
    showAll.addEventListener("click", function () {
      var fresh = defaults();
      state.kinds = fresh.kinds;
      state.focus = "";
      state.depth = 0;
      update();
    });

    /* ---- filters: which edges and nodes are shown ---- */
    var visible = { edges: new Set(), nodes: new Set() };

    function distances(start, shown) {
      var adjacent = new Map();
      shown.forEach(function (edge) {
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
        (adjacent.get(node) || []).forEach(function (next) {
          if (!dist.has(next)) {
            dist.set(next, dist.get(node) + 1);
            queue.push(next);
          }
        });
      }
      return dist;
    }

    function filter() {
      var shown = edges.filter(function (edge) {
        return state.kinds.has(edge.kind);
      });
      var middle = center();
      var dist = middle && state.depth ? distances(middle, shown) : null;
      visible.edges = new Set();
      visible.nodes = new Set();
      shown.forEach(function (edge) {
        if (dist) {
          // An edge is within depth d when it leaves a node closer than d to the middle.
          var a = dist.get(edge.source);
          var b = dist.get(edge.target);
          if (a === undefined || b === undefined || Math.min(a, b) >= state.depth) return;
        }
        visible.edges.add(edge);
        visible.nodes.add(edge.source);
        visible.nodes.add(edge.target);
      });
      if (middle) visible.nodes.add(middle);
      if (!dist) {
        // Nodes without any relation in the figure stay: no filter is hiding anything of theirs.
        nodes.forEach(function (node, nodeId) {
          if (!connected.has(nodeId)) visible.nodes.add(nodeId);
        });
      }
      edges.forEach(function (edge) {
        edge.el.classList.toggle("ah-off", !visible.edges.has(edge));
      });
      var hidden = [];
      nodes.forEach(function (node, nodeId) {
        var off = !visible.nodes.has(nodeId);
        node.box.classList.toggle("ah-off", off);
        node.g.classList.toggle("ah-center", nodeId === middle && nodeId !== fixedFocus);
        if (off) hidden.push(node.label);
      });
      var text = visible.edges.size + " of " + edges.length + " relations shown";
      if (hidden.length) {
        text += "; " + hidden.length + " of " + nodes.size + " nodes hidden";
        if (hidden.length <= NAMES_LISTED) text += " (" + hidden.sort().join(", ") + ")";
      }
      status.textContent = text;
      crop();
    }

    /* ---- around the page's own agent, the drawing shrinks to the depth shown ---- */
    var base = svg.viewBox.baseVal;
    var full = base && base.width ? [base.x, base.y, base.width, base.height] : null;
    var printing = window.matchMedia ? window.matchMedia("print") : null;
    function crop(whole) {
      if (!full || !fixedFocus) return;
      var box = full;
      if (state.depth && !whole && !(printing && printing.matches)) {
        var left = Infinity;
        var top = Infinity;
        var right = -Infinity;
        var bottom = -Infinity;
        var shapes = [];
        visible.nodes.forEach(function (nodeId) {
          var rect = nodes.get(nodeId).g.querySelector("rect");
          if (rect) shapes.push(rect);
        });
        visible.edges.forEach(function (edge) {
          shapes.push(edge.el);
        });
        shapes.forEach(function (shape) {
          var b = shape.getBBox();
          left = Math.min(left, b.x);
          top = Math.min(top, b.y);
          right = Math.max(right, b.x + b.width);
          bottom = Math.max(bottom, b.y + b.height);
        });
        if (isFinite(left)) {
          var pad = 16;
          left = Math.max(full[0], left - pad);
          top = Math.max(full[1], top - pad);
          right = Math.min(full[0] + full[2], right + pad);
          bottom = Math.min(full[1] + full[3], bottom + pad);
          box = [left, top, right - left, bottom - top];
        }
      }
      svg.setAttribute(
        "viewBox",
        box
          .map(function (value) {
            return round(value, 1);
          })
          .join(" ")
      );
      svg.setAttribute("width", round(box[2], 0));
      svg.setAttribute("height", round(box[3], 0));
    }
    if (full && fixedFocus) {
      // Print the whole drawing, whatever the depth shown.
      var recrop = function () {
        if (svg.isConnected) crop();
      };
      if (printing && printing.addEventListener) printing.addEventListener("change", recrop);
      window.addEventListener("beforeprint", function () {
        if (svg.isConnected) crop(true);
      });
      window.addEventListener("afterprint", recrop);
    }

    function controls() {
      kindButtons.forEach(function (button, kind) {
        button.setAttribute("aria-pressed", state.kinds.has(kind) ? "true" : "false");
      });
      if (focusSelect) focusSelect.value = nodes.has(state.focus) ? state.focus : "";
      if (depthSelect) {
        depthSelect.value = state.depth ? String(state.depth) : "";
        depthSelect.disabled = !center();
      }
      showAll.disabled = !filtered();
    }

    function update() {
      clear();
      filter();
      controls();
      commit();
    }

    /* ---- highlight ---- */
    var panning = false;
    function highlight(nodeId) {
      if (panning || !visible.nodes.has(nodeId)) return;
      clear();
      figure.classList.add("ah-active");
      nodes.get(nodeId).g.classList.add("ah-hot");
      visible.edges.forEach(function (edge) {
        if (edge.source !== nodeId && edge.target !== nodeId) return;
        edge.el.classList.add("ah-hot");
        nodes.get(edge.source).g.classList.add("ah-hot");
        nodes.get(edge.target).g.classList.add("ah-hot");
      });
    }
    function clear() {
      figure.classList.remove("ah-active");
      figure.querySelectorAll(".ah-hot").forEach(function (element) {
        element.classList.remove("ah-hot");
      });
    }
    nodes.forEach(function (node, nodeId) {
      node.box.addEventListener("mouseenter", function () {
        highlight(nodeId);
      });
      node.box.addEventListener("mouseleave", clear);
      node.box.addEventListener("focus", function () {
        highlight(nodeId);
        reveal(node);
      });
      node.box.addEventListener("blur", clear);
    });

    /* ---- zoom and pan ---- */
    function render() {
      if (zoomed()) {
        viewport.style.transform =
          "translate(" + round(state.tx, 2) + "px, " + round(state.ty, 2) + "px) scale(" + round(state.k, 4) + ")";
      } else {
        viewport.style.removeProperty("transform");
      }
      figure.classList.toggle("ah-zoomed", zoomed());
      zoomLevel.textContent = Math.round(state.k * 100) + "%";
      zoomIn.disabled = state.k >= MAX_ZOOM;
      zoomOut.disabled = state.k <= MIN_ZOOM;
      zoomReset.disabled = !zoomed();
    }
    function scale() {
      var matrix = svg.getScreenCTM();
      return matrix && matrix.a ? matrix.a : 1;
    }
    function toSvg(clientX, clientY) {
      var matrix = svg.getScreenCTM();
      if (!matrix) return { x: 0, y: 0 };
      var point = new DOMPoint(clientX, clientY).matrixTransform(matrix.inverse());
      return { x: point.x, y: point.y };
    }
    function middleOfView() {
      var box = svg.viewBox.baseVal;
      if (box && box.width) return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      return { x: 0, y: 0 };
    }
    function zoomAt(point, factor) {
      var k = clamp(state.k * factor, MIN_ZOOM, MAX_ZOOM);
      state.tx = point.x - (point.x - state.tx) * (k / state.k);
      state.ty = point.y - (point.y - state.ty) * (k / state.k);
      state.k = k;
      render();
    }
    function zoomBy(factor) {
      zoomAt(middleOfView(), factor);
    }
    function fit() {
      // The nodes shown, as large as the figure allows (at most 4x), in the middle.
      var box = svg.viewBox.baseVal;
      if (!box || !box.width) return;
      var left = Infinity;
      var top = Infinity;
      var right = -Infinity;
      var bottom = -Infinity;
      visible.nodes.forEach(function (nodeId) {
        var rect = nodes.get(nodeId).g.querySelector("rect");
        if (!rect) return;
        var b = rect.getBBox();
        left = Math.min(left, b.x);
        top = Math.min(top, b.y);
        right = Math.max(right, b.x + b.width);
        bottom = Math.max(bottom, b.y + b.height);
      });
      if (!isFinite(left)) return;
      var pad = 24;
      var k = Math.min(4, box.width / (right - left + 2 * pad), box.height / (bottom - top + 2 * pad));
      if (k <= 1.05) {
        // They fit as drawn: the plain view.
        state.k = 1;
        state.tx = 0;
        state.ty = 0;
      } else {
        state.k = k;
        state.tx = box.x + box.width / 2 - (k * (left + right)) / 2;
        state.ty = box.y + box.height / 2 - (k * (top + bottom)) / 2;
      }
      render();
    }
    function reveal(node) {
      // Keep a focused node in sight when the view is zoomed or moved.
      if (!zoomed()) return;
      var rect = node.g.querySelector("rect");
      var box = svg.viewBox.baseVal;
      if (!rect || !box || !box.width) return;
      var b = rect.getBBox();
      var left = b.x * state.k + state.tx;
      var top = b.y * state.k + state.ty;
      var right = left + b.width * state.k;
      var bottom = top + b.height * state.k;
      if (left >= box.x && top >= box.y && right <= box.x + box.width && bottom <= box.y + box.height) return;
      state.tx += box.x + box.width / 2 - (left + right) / 2;
      state.ty += box.y + box.height / 2 - (top + bottom) / 2;
      render();
      commit();
    }

    var pointers = new Map();
    var drag = null;
    var pinch = null;
    var swallowClick = false;
    var engaged = false; // a plain wheel zooms only once the reader works in the graph
    function pinchGeometry() {
      var points = Array.from(pointers.values());
      var a = points[0];
      var b = points[1];
      return { distance: Math.hypot(a.x - b.x, a.y - b.y) || 1, x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    }
    svg.addEventListener("pointerdown", function (event) {
      if (event.pointerType === "mouse" && event.button !== 0) return;
      engaged = true;
      swallowClick = false;
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      if (pointers.size === 1) {
        drag = { id: event.pointerId, x: event.clientX, y: event.clientY, tx: state.tx, ty: state.ty, moved: false };
      } else if (pointers.size === 2) {
        drag = null;
        var geometry = pinchGeometry();
        pinch = { distance: geometry.distance, k: state.k };
        swallowClick = true;
      }
    });
    svg.addEventListener("pointermove", function (event) {
      if (!pointers.has(event.pointerId)) return;
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      if (pinch && pointers.size >= 2) {
        var geometry = pinchGeometry();
        zoomAt(toSvg(geometry.x, geometry.y), (pinch.k * geometry.distance) / pinch.distance / state.k);
        return;
      }
      if (!drag || drag.id !== event.pointerId) return;
      var dx = event.clientX - drag.x;
      var dy = event.clientY - drag.y;
      if (!drag.moved) {
        if (Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
        drag.moved = true;
        panning = true;
        clear();
        figure.classList.add("ah-panning");
        try {
          svg.setPointerCapture(event.pointerId);
        } catch (error) {
          /* the pointer is already gone */
        }
      }
      var s = scale();
      state.tx = drag.tx + dx / s;
      state.ty = drag.ty + dy / s;
      render();
    });
    function release(event) {
      if (!pointers.has(event.pointerId)) return;
      pointers.delete(event.pointerId);
      if (drag && drag.id === event.pointerId) {
        if (drag.moved) {
          swallowClick = true; // the click that ends a pan must not open the node's page
          commit();
        }
        drag = null;
        panning = false;
        figure.classList.remove("ah-panning");
      }
      if (pinch && pointers.size < 2) {
        pinch = null;
        commit();
      }
    }
    svg.addEventListener("pointerup", release);
    svg.addEventListener("pointercancel", release);
    svg.addEventListener(
      "click",
      function (event) {
        if (!swallowClick) return;
        swallowClick = false;
        event.preventDefault();
        event.stopPropagation();
      },
      true
    );
    svg.addEventListener("dragstart", function (event) {
      event.preventDefault(); // a link dragged out of the graph would end the pan
    });
    svg.addEventListener("pointerleave", function () {
      if (!pointers.size && !svg.contains(document.activeElement)) engaged = false;
    });
    svg.addEventListener("focusin", function () {
      engaged = true;
    });
    svg.addEventListener("focusout", function (event) {
      if (!event.relatedTarget || !svg.contains(event.relatedTarget)) engaged = false;
    });
    var wheelTimer = 0;
    svg.addEventListener(
      "wheel",
      function (event) {
        if (!(event.ctrlKey || event.metaKey || engaged)) return; // let the page scroll
        event.preventDefault();
        var unit = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? 400 : 1;
        var delta = clamp(event.deltaY * unit, -50, 50);
        zoomAt(toSvg(event.clientX, event.clientY), Math.exp(-delta * 0.006));
        clearTimeout(wheelTimer);
        wheelTimer = setTimeout(commit, 250);
      },
      { passive: false }
    );
    figure.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      var target = event.target;
      if (target.closest && target.closest("select, input, textarea")) return;
      var inGraph = svg.contains(target);
      var s = scale();
      switch (event.key) {
        case "+":
        case "=":
          zoomBy(STEP);
          break;
        case "-":
        case "_":
          zoomBy(1 / STEP);
          break;
        case "0":
          state.k = 1;
          state.tx = 0;
          state.ty = 0;
          render();
          break;
        case "ArrowLeft":
        case "ArrowRight":
        case "ArrowUp":
        case "ArrowDown":
          if (!inGraph) return;
          state.tx += (event.key === "ArrowLeft" ? PAN_STEP : event.key === "ArrowRight" ? -PAN_STEP : 0) / s;
          state.ty += (event.key === "ArrowUp" ? PAN_STEP : event.key === "ArrowDown" ? -PAN_STEP : 0) / s;
          render();
          break;
        default:
          return;
      }
      event.preventDefault();
      commit();
    });

    /* ---- the view in the URL ---- */
    function serialize() {
      var parts = [];
      if (state.kinds.size !== kinds.length) {
        var shown = kinds.filter(function (kind) {
          return state.kinds.has(kind);
        });
        parts.push("kinds=" + shown.map(encodeURIComponent).join(","));
      }
      if (!fixedFocus && nodes.has(state.focus)) parts.push("focus=" + encodeURIComponent(state.focus));
      if (state.depth !== startDepth) parts.push("depth=" + (state.depth || "all"));
      if (zoomed()) parts.push("zoom=" + [round(state.k, 3), round(state.tx, 1), round(state.ty, 1)].join(","));
      return parts.join("&");
    }
    function commit() {
      var text = serialize();
      var current = parseHash(location.hash);
      var ours = current && current.id === id && current.params;
      var hash;
      if (text) hash = "#" + encodeURIComponent(id) + ":" + text;
      else if (ours) hash = ""; // back to the default view: drop the state
      else return; // nothing of ours in the URL: leave the page's own anchor alone
      if (hash === location.hash) return;
      try {
        history.replaceState(history.state, "", location.pathname + location.search + hash);
      } catch (error) {
        /* a sandboxed page: the view just is not shareable */
      }
    }
    function restore(params) {
      var next = defaults();
      if (params.has("kinds")) {
        next.kinds = new Set(
          splitList(params.get("kinds")).filter(function (kind) {
            return kinds.indexOf(kind) >= 0;
          })
        );
      }
      if (params.has("focus") && !fixedFocus) {
        var wanted = splitList(params.get("focus"))[0] || "";
        if (nodes.has(wanted)) next.focus = wanted;
      }
      var depth = params.get("depth") === "all" ? 0 : Number(params.get("depth"));
      if ((depth === 0 || depth === 1 || depth === 2) && params.has("depth") && (fixedFocus || next.focus)) {
        next.depth = depth;
      }
      if (params.has("zoom")) {
        var numbers = params.get("zoom").split(",").map(Number);
        if (numbers.length === 3 && numbers.every(isFinite) && numbers[0] > 0) {
          next.k = clamp(numbers[0], MIN_ZOOM, MAX_ZOOM);
          next.tx = numbers[1];
          next.ty = numbers[2];
        }
      }
      state = next;
      clear();
      filter();
      controls();
      render();
    }

    var controller = {
      figure: figure,
      fromHash: function (parsed, scroll) {
        if (!parsed.params) return;
        restore(parsed.params);
        if (scroll) figure.scrollIntoView({ block: "start" });
      },
    };
    controllers.set(id, controller);

    filter();
    controls();
    render();
    var initial = parseHash(location.hash);
    if (initial && initial.id === id) controller.fromHash(initial, true);
  }

  function onHash() {
    var parsed = parseHash(location.hash);
    if (!parsed) return;
    var controller = controllers.get(parsed.id);
    if (controller && controller.figure.isConnected) controller.fromHash(parsed, true);
  }

  function init() {
    controllers.forEach(function (controller, id) {
      if (!controller.figure.isConnected) controllers.delete(id);
    });
    document.querySelectorAll("figure[data-ah-graph]").forEach(setup);
  }

  window.addEventListener("hashchange", onHash);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init); // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

/* Tables: a filter box over a long table, and a mark on tables that scroll sideways. */
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
