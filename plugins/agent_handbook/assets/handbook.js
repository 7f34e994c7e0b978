/* Agent Handbook: interactive graphs. Our own script, no framework; the one file it fetches is
 * ELK, from beside the map module on the same site, on pages that have a map. Loaded last, after
 * handbook-core.js, handbook-url.js, handbook-map.js (see handbook-core.js for the files).
 *
 * Every figure.ah-graph[data-ah-graph] gets, when this script runs:
 *   - highlight: hover or focus a node to see its relations and neighbours;
 *   - kind filters: the legend's relation kinds become toggle buttons;
 *   - depth: around the page's own agent, or around an agent picked in the toolbar (a figure
 *     with data-start-depth="1" starts at that depth; without JavaScript every node shows);
 *   - zoom and pan: drag to move, Ctrl+wheel or pinch to zoom (plain wheel once the graph
 *     has focus), the toolbar's − / + / Reset buttons, and + / - / 0 / arrow keys;
 *   - the view in the URL, to share it (handbook-url.js);
 *   - on a map (figure[data-ah-map]): the drawing itself (handbook-map.js), with groups that
 *     open and close in place, the agents without relation behind a button, a focus on one
 *     agent and its neighbours drawn anew.
 * Without JavaScript the static SVG, its titles and the legend still read as they are; a map
 * reads as its list.
 * The graphs' links are SVG <a xlink:href> (see render/svg.py): a target, if ever needed, is
 * getAttribute("href") || getAttribute("xlink:href"), never a.href (an SVGAnimatedString).
 */
(function () {
  "use strict";
  var AH = window.AgentHandbook;
  if (!AH || !AH.core || !AH.url || !AH.map || AH.figures) return; // loaded twice, or alone
  var C = AH.core;
  var M = AH.map;
  var clamp = C.clamp;
  var round = C.round;
  var showBox = C.showBox;
  var make = C.make;
  var ownTitle = C.ownTitle;
  var cssEscape = C.cssEscape;
  var stepsFrom = C.stepsFrom;
  var parseHash = AH.url.parse;
  var KIND_WORDS = M.KIND_WORDS;
  var readMap = M.readMap;
  var mapSvg = M.mapSvg;
  var windowHeight = M.windowHeight;

  var MIN_ZOOM = 0.5;
  var MAX_ZOOM = 8;
  var STEP = 1.25;
  var DRAG_THRESHOLD = 4; // px a pointer moves before a press becomes a pan
  var PAN_STEP = 40; // px per arrow key
  var NAMES_LISTED = 4; // hidden nodes named in the status line, at most
  var controllers = new Map(); // figure id -> controller of the figure on the page

  function setup(figure) {
    if (figure.dataset.ahSetup) return;
    var isMap = figure.hasAttribute("data-ah-map");
    var id = figure.id;
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
    if (isMap) {
      // ELK is 1.6 MB to read: under way while the map's list is read.
      M.loadElk().catch(function () {
        /* said when the map is drawn */
      });
    }
    var model = isMap ? readMap(figure) : null;
    if (isMap && !model.nodes.size) return;
    var svg = isMap
      ? mapSvg(figure, kinds.length ? kinds : Object.keys(KIND_WORDS))
      : figure.querySelector("svg.ah-svg");
    var viewport = svg && svg.querySelector("g.ah-viewport");
    if (!svg || !viewport) return;
    figure.dataset.ahSetup = "1";
    figure.classList.add("ah-ready");
    var graphTitle = ownTitle(svg) || "graph";

    /* ---- the graph, read from the markup (a map's, each time it is drawn) ---- */
    var nodes = new Map(); // id -> {g, box (the link or the bare group), label}
    var edges = [];
    var connected = new Set();
    function scan() {
      nodes = new Map();
      svg.querySelectorAll("g.ah-node[data-node]").forEach(function (g) {
        var link = g.parentElement && g.parentElement.classList.contains("ah-link") ? g.parentElement : null;
        var text = g.querySelector("text");
        var title = ownTitle(g);
        var label = text ? text.textContent.trim() : g.dataset.node;
        nodes.set(g.dataset.node, { id: g.dataset.node, g: g, box: link || g, label: label, title: title });
        if (!link && !g.dataset.toggle) {
          // People, missing agents and the page's own agent: focusable too, named by their title.
          g.setAttribute("tabindex", "0");
          g.setAttribute("role", "img");
          g.setAttribute("aria-label", title || label);
        }
      });
      edges = [];
      var frames = new Set();
      svg.querySelectorAll("g.ah-group[data-frame]").forEach(function (g) {
        frames.add(g.dataset.frame);
      });
      function end(nodeId) {
        return nodes.has(nodeId) || frames.has(nodeId);
      }
      svg.querySelectorAll("path.ah-edge[data-source][data-target]").forEach(function (path) {
        var edge = {
          el: path,
          source: path.dataset.source,
          target: path.dataset.target,
          kind: path.dataset.kind || "",
          weight: Number(path.dataset.weight) || 1,
        };
        if (end(edge.source) && end(edge.target)) edges.push(edge);
      });
      connected = new Set();
      edges.forEach(function (edge) {
        connected.add(edge.source);
        connected.add(edge.target);
      });
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
    }
    if (!isMap) scan();
    var focusGroup = svg.querySelector("g.ah-node.ah-focus[data-node]");
    var fixedFocus = focusGroup && nodes.has(focusGroup.dataset.node) ? focusGroup.dataset.node : "";
    // The depth shown at first around the page's own agent (0: all), as the figure says.
    var startDepth = fixedFocus ? Number(figure.dataset.startDepth) || 0 : 0;
    if (startDepth !== 1 && startDepth !== 2) startDepth = 0;
    (isMap ? model.edges : edges).forEach(function (edge) {
      if (kinds.indexOf(edge.kind) < 0) {
        kinds.push(edge.kind);
        kindLabels[edge.kind] = edge.kind.replace(/_/g, " ");
      }
    });
    // A map's groups the reader can close and open, and those open at first: as many as fit
    // the window, chosen when the map is first drawn (null until then: the drawing chooses).
    var foldable = isMap ? M.foldable(model) : [];
    var startOpen = null;
    var unconnectedCount = 0;
    if (isMap) {
      model.nodes.forEach(function (node, nodeId) {
        if (!model.related.has(nodeId)) unconnectedCount += 1;
      });
    }

    /* ---- the view ---- */
    var state = defaults();
    function defaults() {
      return {
        kinds: new Set(kinds),
        focus: "",
        depth: startDepth,
        k: 1,
        tx: 0,
        ty: 0,
        open: startOpen ? new Set(startOpen) : null,
        unconnected: !figure.hasAttribute("data-hide-unconnected"),
      };
    }
    function hasNode(nodeId) {
      return isMap ? model.nodes.has(nodeId) : nodes.has(nodeId);
    }
    function center() {
      return fixedFocus || (hasNode(state.focus) ? state.focus : "");
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
    var choices = isMap
      ? Array.from(model.nodes.values()).filter(function (node) {
          return node.role !== "cluster";
        })
      : Array.from(nodes.values());
    if (!fixedFocus && choices.length > 1) {
      focusSelect = make("select", { "aria-label": "Focus on" });
      focusSelect.appendChild(make("option", { value: "" }, "everyone"));
      choices
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
    var unconnectedButton = null;
    if (unconnectedCount) {
      unconnectedButton = make("button", {
        type: "button",
        class: "ah-unconnected",
        "aria-pressed": "false",
        title: "Agents that name no one and that no one names",
      });
      bar.appendChild(unconnectedButton);
      unconnectedButton.addEventListener("click", function () {
        state.unconnected = !state.unconnected;
        looseFirst = state.unconnected;
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
    var listButton = null;
    if (isMap) {
      listButton = make(
        "button",
        {
          type: "button",
          class: "ah-as-list",
          "aria-pressed": "false",
          title: "The map as a list of groups, agents and relations",
        },
        "As a list"
      );
      bar.appendChild(listButton);
      listButton.addEventListener("click", function () {
        var listed = !figure.classList.contains("ah-listed");
        figure.classList.toggle("ah-listed", listed);
        listButton.setAttribute("aria-pressed", listed ? "true" : "false");
      });
    }
    var status = make("span", { class: "ah-count", role: "status", "aria-live": "polite" });
    bar.appendChild(status);
    figure.insertBefore(bar, svg);
    var caption = null;
    var moreList = null;
    if (isMap) {
      caption = make("figcaption", { class: "ah-note ah-map-reading" });
      figure.insertBefore(caption, svg.nextSibling);
      moreList = make("div", { class: "ah-more", hidden: "" });
      figure.insertBefore(moreList, caption);
    }
    /* Around a focus with more neighbours than the window shows readably: the others, listed. */
    function listMore(graph) {
      while (moreList.firstChild) moreList.removeChild(moreList.firstChild);
      var more = graph.more || [];
      moreList.hidden = !more.length;
      if (!more.length) return;
      var middle = model.nodes.get(center());
      moreList.appendChild(
        make(
          "p",
          {},
          more.length +
            " more " +
            (more.length === 1 ? "node" : "nodes") +
            " around " +
            (middle ? middle.label : "it") +
            ", not drawn so that the drawing stays readable:"
        )
      );
      var list = make("ul", {});
      more.forEach(function (node) {
        var item = make("li", {});
        item.appendChild(node.href ? make("a", { href: node.href }, node.label) : make("span", {}, node.label));
        list.appendChild(item);
      });
      moreList.appendChild(list);
    }

    var kindButtons = new Map();
    var kindCounts = {};
    (isMap ? model.edges : edges).forEach(function (edge) {
      kindCounts[edge.kind] = (kindCounts[edge.kind] || 0) + (isMap ? edge.weight : 1);
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

    /* ---- a map: what is drawn, laid out by ELK ---- */
    var drawn = null; // the view last drawn: {key, box, window, inside}
    var pending = null; // the view being laid out
    var minZoom = MIN_ZOOM;
    var direction = ""; // of the map of groups, once drawn: kept when a group opens or closes
    var anchor = null; // what the next drawing keeps in place: {id, left, top}
    var looseFirst = false; // whether the next drawing shows the agents without relation first
    function drawnView() {
      var middle = center();
      return {
        focus: middle && state.depth ? middle : "",
        depth: middle ? state.depth : 0,
        open: state.open || new Set(),
        auto: !state.open,
        unconnected: state.unconnected,
        large: figure.hasAttribute("data-closed"),
      };
    }
    function viewKey(view) {
      var open = view.auto ? "*" : Array.from(view.open).sort().join(",");
      return [view.focus, view.depth, open, view.unconnected ? 1 : 0].join("|");
    }
    function room() {
      var width = Math.max(240, Math.floor(figure.clientWidth || 680));
      return { width: width, height: windowHeight() };
    }
    /* Lay out and draw the map for the current state (once per distinct view). */
    function redraw() {
      var view = drawnView();
      var key = viewKey(view);
      if (drawn && drawn.key === key) return Promise.resolve();
      if (pending && pending.key === key) return pending.promise;
      var space = room();
      var ask = {
        view: view,
        auto: view.auto,
        direction: view.focus ? "" : direction,
        anchor: anchor,
        looseFirst: looseFirst,
      };
      anchor = null;
      looseFirst = false;
      figure.dataset.ahBusy = "1";
      status.textContent = "Drawing the map…";
      var started = performance.now();
      var promise = M.drawView(id, viewport, model, ask, space)
        .then(function (result) {
          if (!pending || pending.key !== key) return; // a later view was asked for
          if (ask.auto) {
            startOpen = Array.from(result.open);
            state.open = new Set(startOpen);
          }
          if (!view.focus) direction = result.direction;
          drawn = {
            key: viewKey(drawnView()),
            box: result.drawing.box,
            window: result.window,
            inside: result.graph.inside,
          };
          frame(printing && printing.matches);
          // Fit may zoom out far enough to show all of a large drawing.
          minZoom = Math.min(MIN_ZOOM, result.window.box[2] / drawn.box[2], result.window.box[3] / drawn.box[3]);
          figure.dataset.ahLayoutMs = String(Math.round(result.layout.ms));
          // From the ask to the drawing: ELK loaded (the first time), every layout tried, drawn.
          figure.dataset.ahDrawMs = String(Math.round(performance.now() - started));
          figure.dataset.ahLayouts = String(result.layouts);
          figure.dataset.ahDirection = result.direction;
          figure.dataset.ahScale = String(round(result.window.scale, 3));
          describe(result.graph, result.layout, result.drawing);
          listMore(result.graph);
          scan();
          pending = null;
          delete figure.dataset.ahBusy;
          figure.dataset.ahReady = "1";
        })
        .catch(function (error) {
          if (!pending || pending.key !== key) return;
          pending = null;
          delete figure.dataset.ahBusy;
          figure.classList.add("ah-failed");
          figure.dataset.ahReady = "1";
          status.textContent = "The map could not be drawn here; it is shown as a list.";
          if (window.console) console.warn("agent-handbook: " + error);
        });
      pending = { key: key, promise: promise };
      return promise;
    }
    /* The window on the drawing, or all of it (in print). */
    function frame(whole) {
      if (!drawn) return;
      if (whole) showBox(svg, drawn.box);
      else showBox(svg, drawn.window.box, drawn.window.size);
    }
    var printing = window.matchMedia ? window.matchMedia("print") : null;
    if (isMap) {
      if (printing && printing.addEventListener) {
        printing.addEventListener("change", function () {
          frame(printing.matches);
        });
      }
      window.addEventListener("beforeprint", function () {
        frame(true);
      });
      window.addEventListener("afterprint", function () {
        frame(false);
      });
    }
    function describe(graph, layout, result) {
      var win = drawn.window.box;
      var down = layout.direction !== "RIGHT";
      var text = down
        ? "Read from the top: escalations point up, toward the people they reach; delegations and hand-offs point down."
        : "Read from the left: escalations point left, toward the people they reach; delegations and hand-offs point right.";
      if (result.against) {
        text +=
          " " +
          result.against +
          " escalation" +
          (result.against === 1 ? " is" : "s are") +
          " drawn the other way, inside a cycle.";
      }
      var closed = graph.clusters ? graph.clusters.size : 0;
      if (closed) {
        text +=
          " " +
          (closed === 1 ? "A box marked ▸ is a group" : "The " + closed + " boxes marked ▸ are groups") +
          ", closed: press one to open it here, with its members, and its frame's title (▾) to close it" +
          " again. A line to a group adds up its members' relations; hover it for how many.";
      } else if (graph.frames.length) {
        text += " Press a group's title (▾) to close it into one box.";
      }
      if (win[2] < result.box[2] - 1 || win[3] < result.box[3] - 1) {
        text += " The map is larger than its window: drag to move, or press Fit to see all of it.";
      }
      caption.textContent = text;
      svg.querySelector("desc").textContent =
        graph.nodes.length +
        graph.loose.length +
        " nodes and " +
        graph.edges.length +
        " lines. The map is also a list: press “As a list”.";
    }
    svg.addEventListener("click", function (event) {
      var toggle = event.target.closest && event.target.closest("[data-toggle]");
      if (!toggle || !svg.contains(toggle)) return;
      event.preventDefault();
      flip(toggle.dataset.toggle);
    });
    svg.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      var toggle = event.target.closest && event.target.closest("[data-toggle]");
      if (!toggle) return;
      event.preventDefault();
      flip(toggle.dataset.toggle);
    });
    function flip(groupId) {
      // Keep the group where the reader pressed it: the frame it opens into, or the box it closes
      // into, starts where it was in the window.
      var opening = !state.open.has(groupId);
      var was = opening
        ? svg.querySelector('g.ah-node[data-node="group:' + cssEscape(groupId) + '"] > rect')
        : svg.querySelector('g.ah-group[data-group="' + cssEscape(groupId) + '"] > rect');
      if (was) {
        var at = was.getBoundingClientRect();
        var corner = svg.getBoundingClientRect();
        anchor = { id: (opening ? "frame:" : "group:") + groupId, left: at.left - corner.left, top: at.top - corner.top };
      }
      if (opening) state.open.add(groupId);
      else state.open.delete(groupId);
      update().then(function () {
        var again = svg.querySelector('[data-toggle="' + cssEscape(groupId) + '"]');
        if (again && again.focus) again.focus();
      });
    }

    /* ---- filters: which edges and nodes are shown ---- */
    var visible = { edges: new Set(), nodes: new Set() };

    function distances(start, shown) {
      return stepsFrom(start, shown, 0, isMap ? throughAgents : null);
    }
    function throughAgents(nodeId) {
      var node = model.nodes.get(nodeId);
      return Boolean(node && node.role === "agent");
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
        [edge.source, edge.target].forEach(function (end) {
          if (nodes.has(end)) visible.nodes.add(end); // not a frame: the end of lines from an open group
        });
      });
      if (middle && nodes.has(middle)) visible.nodes.add(middle);
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
      var shownCount = 0;
      var total = 0;
      edges.forEach(function (edge) {
        total += edge.weight;
        if (visible.edges.has(edge)) shownCount += edge.weight;
      });
      var text = shownCount + " of " + total + " relations shown";
      if (drawn && drawn.inside && !middle) {
        text += "; " + drawn.inside + " more inside closed groups";
      }
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
      showBox(svg, box);
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
      if (focusSelect) focusSelect.value = hasNode(state.focus) ? state.focus : "";
      if (unconnectedButton) {
        var verb = state.unconnected ? "Hide " : "Show ";
        unconnectedButton.textContent = verb + unconnectedCount + " without relation";
        unconnectedButton.setAttribute("aria-pressed", state.unconnected ? "true" : "false");
        unconnectedButton.disabled = Boolean(center() && state.depth);
      }
      if (depthSelect) {
        depthSelect.value = state.depth ? String(state.depth) : "";
        depthSelect.disabled = !center();
      }
      showAll.disabled = !filtered();
    }

    /* Show the state: a map draws anew when what it shows changed; returns a promise. */
    function update() {
      clear();
      var anew = isMap && (!drawn || drawn.key !== viewKey(drawnView()));
      if (anew) {
        // A new drawing: the zoom and position of the last one mean nothing on it.
        state.k = 1;
        state.tx = 0;
        state.ty = 0;
      }
      controls();
      commit();
      if (anew) {
        return redraw().then(function () {
          clear();
          filter();
          controls();
          render();
        });
      }
      filter();
      return Promise.resolve();
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
        [edge.source, edge.target].forEach(function (end) {
          if (nodes.has(end)) nodes.get(end).g.classList.add("ah-hot");
        });
      });
    }
    function clear() {
      figure.classList.remove("ah-active");
      figure.querySelectorAll(".ah-hot").forEach(function (element) {
        element.classList.remove("ah-hot");
      });
    }
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
      zoomOut.disabled = state.k <= minZoom + 1e-9;
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
      var k = clamp(state.k * factor, minZoom, MAX_ZOOM);
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
      // A map larger than its window zooms out to show all of it.
      var inside = left >= box.x && top >= box.y && right <= box.x + box.width && bottom <= box.y + box.height;
      if (isMap && !inside && k < 1) {
        state.k = Math.max(k, minZoom);
        state.tx = box.x + box.width / 2 - (state.k * (left + right)) / 2;
        state.ty = box.y + box.height / 2 - (state.k * (top + bottom)) / 2;
      } else if (k <= 1.05) {
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
    function urlSpec() {
      return {
        kinds: kinds,
        fixedFocus: fixedFocus,
        hasNode: hasNode,
        startDepth: startDepth,
        foldable: foldable.map(function (group) {
          return group.id;
        }),
        startOpen: new Set(startOpen),
        unconnectedCount: unconnectedCount,
        defaultUnconnected: defaults().unconnected,
        zoomed: zoomed(),
      };
    }
    function commit() {
      AH.url.write(id, AH.url.serialize(state, urlSpec()));
    }
    function restore(params) {
      state = AH.url.restore(params, defaults(), urlSpec());
      return show();
    }
    /* Show the state as it is (restored, or at first): drawn anew first where a map needs it. */
    function show() {
      clear();
      var drawing = isMap ? redraw() : Promise.resolve();
      if (!isMap) apply();
      return drawing.then(function () {
        if (isMap) apply();
      });
    }
    function apply() {
      state.k = clamp(state.k, minZoom, MAX_ZOOM);
      clear();
      filter();
      controls();
      render();
    }

    var controller = {
      figure: figure,
      fromHash: function (parsed, scroll) {
        if (!parsed.params) return;
        restore(parsed.params).then(function () {
          if (scroll) figure.scrollIntoView({ block: "start" });
        });
      },
    };
    controllers.set(id, controller);

    var initial = parseHash(location.hash);
    if (initial && initial.id === id && initial.params) {
      controller.fromHash(initial, true);
    } else {
      show();
    }
    if (!isMap) figure.dataset.ahReady = "1";
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
  AH.figures = { controllers: controllers };
  C.onPage(init);
})();
