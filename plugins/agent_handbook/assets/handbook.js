/* Agent Handbook: interactive graphs. Our own script, no framework; the one file it fetches is
 * ELK, from beside itself on the same site, on pages that have a map.
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
 *     the figure starts at one; other anchors are left alone);
 *   - on a map (figure[data-ah-map]): the drawing itself, laid out here by ELK from the map's
 *     list (see "Maps" below), with groups that open and close in place, the agents without
 *     relation behind a button, a focus on one agent and its neighbours drawn anew, and
 *     "&groups=a,b" (the groups open) and "&unconnected=1|0" in the URL.
 * Without JavaScript the static SVG, its titles and the legend still read as they are; a map
 * reads as its list.
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

  /* Show the part ``box`` ([x, y, width, height]) of a drawing, at that size. */
  function showBox(svg, box) {
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

  /* ==== Maps: a list in the page, laid out here by ELK (render/mapfigure.py) ==================
   *
   * A figure[data-ah-map] holds the map as a list: groups (li[data-group]), their members
   * (li[data-node]) and each member's relations (li[data-kind][data-target]). It is read into a
   * model; what the reader asks for (a focus and its depth, the groups open, the agents without
   * relation) selects the graph to draw; ELK's layered algorithm lays it out (edges routed around
   * the boxes, open groups as frames); the drawing is an SVG of the same markup as a figure drawn
   * at build time, so highlight, filters, zoom and the URL work alike. ELK is loaded from beside
   * this script, once, and only by pages that have a map.
   */
  var SVG_NS = "http://www.w3.org/2000/svg";
  var XLINK_NS = "http://www.w3.org/1999/xlink";
  var FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  var NODE_HEIGHT = 26;
  var MARGIN = 16;
  var LANE = 1.5; // px between the lines of the relations drawn side by side along one route
  var BUNDLE = 14; // px that the lines along one route take at most (ELK keeps 12 to a box)
  /* Kinds that give a direction: true when the target goes above (or to the left). */
  var RANKING = { escalates_to: true, delegates_to: false, hands_off_to: false };
  var ELK_OPTIONS = {
    "elk.algorithm": "layered",
    "elk.edgeRouting": "ORTHOGONAL",
    "elk.spacing.nodeNode": "18",
    "elk.layered.spacing.nodeNodeBetweenLayers": "36",
    "elk.spacing.edgeNode": "12",
    "elk.spacing.edgeEdge": "8",
    "elk.layered.spacing.edgeNodeBetweenLayers": "12",
    "elk.layered.spacing.edgeEdgeBetweenLayers": "8",
    "elk.spacing.componentComponent": "28",
    "elk.json.edgeCoords": "ROOT",
    "elk.json.shapeCoords": "ROOT",
  };
  var ELK_URL = (function () {
    var script = document.currentScript;
    return script && script.src ? new URL("vendor/elkjs/elk.bundled.js", script.src).href : "";
  })();
  var elkReady = null;
  var measure = null;

  function loadElk() {
    if (window.ELK) return Promise.resolve(window.ELK);
    if (!elkReady) {
      elkReady = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = ELK_URL;
        script.onload = function () {
          if (window.ELK) resolve(window.ELK);
          else reject(new Error("elk.bundled.js did not define ELK"));
        };
        script.onerror = function () {
          elkReady = null;
          reject(new Error("could not load " + ELK_URL));
        };
        document.head.appendChild(script);
      });
    }
    return elkReady;
  }

  /* The height of a map's window: most of the browser's, within bounds. */
  function windowHeight() {
    return Math.round(Math.max(420, Math.min(900, 0.75 * (window.innerHeight || 800))));
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

  /* The map in the figure's list: {nodes: Map id -> node, edges, groups, related: Set}. */
  function readMap(figure) {
    var list = figure.querySelector(".ah-map-list > ul");
    var model = { nodes: new Map(), edges: [], groups: [], related: new Set() };
    if (!list) return model;
    childrenOf(list, "li[data-group]").forEach(function (item) {
      var heading = childrenOf(item, "strong")[0];
      var group = {
        id: item.dataset.group,
        title: heading ? heading.textContent.trim() : item.dataset.group,
        fold: item.hasAttribute("data-fold"),
        members: [],
      };
      model.groups.push(group);
      var inner = childrenOf(item, "ul")[0];
      if (!inner) return;
      childrenOf(inner, "li[data-node]").forEach(function (entry) {
        var name = childrenOf(entry, "a, span:not(.ah-map-desc)")[0];
        var about = childrenOf(entry, ".ah-map-desc")[0];
        var role = childrenOf(entry, "small")[0];
        var node = {
          id: entry.dataset.node,
          label: name ? name.textContent.trim() : entry.dataset.node,
          role: entry.dataset.role || "agent",
          href: name && name.tagName.toLowerCase() === "a" ? name.getAttribute("href") || "" : "",
          // The description, or what a node that is not an agent is ("person or group").
          tip: about
            ? about.textContent.replace(/^\s*—\s*/, "").trim()
            : role
              ? role.textContent.replace(/^\(|\)$/g, "").trim()
              : "",
          rank: Number(entry.dataset.rank) || 0,
          group: group,
        };
        if (model.nodes.has(node.id)) return;
        model.nodes.set(node.id, node);
        group.members.push(node.id);
        var relations = childrenOf(entry, "ul")[0];
        if (!relations) return;
        childrenOf(relations, "li[data-kind][data-target]").forEach(function (relation) {
          model.edges.push({
            source: node.id,
            target: relation.dataset.target,
            kind: relation.dataset.kind,
            weight: Number(relation.dataset.weight) || 1,
            text: relation.textContent.trim(),
          });
        });
      });
    });
    model.edges = model.edges.filter(function (edge) {
      return model.nodes.has(edge.target) && edge.target !== edge.source;
    });
    model.edges.forEach(function (edge) {
      model.related.add(edge.source);
      model.related.add(edge.target);
    });
    return model;
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

  /* What to draw for a view {focus, depth, open: Set of group ids, unconnected}: nodes (each with
   * the frame it sits in, if any), edges (those into a closed group added up by pair and kind),
   * frames of open groups, the agents without relation (drawn apart) and the relations hidden
   * inside closed groups. */
  function mapGraph(model, view) {
    var nodes = [];
    var edges = [];
    var frames = [];
    var loose = [];
    var inside = 0;
    if (view.focus && view.depth && model.nodes.has(view.focus)) {
      // On through agents only, as around an agent on its page: through the user, whom most
      // agents name, every agent would be two steps from every other.
      var dist = stepsFrom(view.focus, model.edges, view.depth, function (nodeId) {
        return model.nodes.get(nodeId).role === "agent";
      });
      model.nodes.forEach(function (node, nodeId) {
        if (dist.has(nodeId)) nodes.push({ node: node, id: nodeId, frame: "" });
      });
      model.edges.forEach(function (edge) {
        var a = dist.get(edge.source);
        var b = dist.get(edge.target);
        if (a === undefined || b === undefined || Math.min(a, b) >= view.depth) return;
        edges.push(plainEdge(edge));
      });
      return { nodes: nodes, edges: edges, frames: frames, loose: loose, inside: 0 };
    }
    var standsFor = new Map(); // node -> the id drawn for it (a closed group's, or its own)
    var clusters = new Map();
    model.groups.forEach(function (group) {
      var members = group.members.filter(function (member) {
        if (model.related.has(member)) return true;
        if (view.unconnected) loose.push(model.nodes.get(member));
        return false;
      });
      if (!members.length) return;
      var closed = group.fold && !view.open.has(group.id);
      if (closed) {
        var clusterId = "group:" + group.id;
        var rank = Math.min.apply(
          null,
          members.map(function (member) {
            return model.nodes.get(member).rank;
          })
        );
        var cluster = {
          id: clusterId,
          label: "▸ " + group.title + " (" + members.length + ")",
          role: "cluster",
          href: "",
          tip: "",
          rank: rank,
          group: group,
          closed: true,
          size: members.length,
        };
        clusters.set(clusterId, cluster);
        nodes.push({ node: cluster, id: clusterId, frame: "" });
        members.forEach(function (member) {
          standsFor.set(member, clusterId);
        });
        return;
      }
      var frame = group.fold ? "frame:" + group.id : "";
      if (frame) frames.push({ id: frame, group: group, size: members.length });
      members.forEach(function (member) {
        standsFor.set(member, member);
        nodes.push({ node: model.nodes.get(member), id: member, frame: frame });
      });
    });
    // On a large map an open group's relations with what is outside it go from its frame,
    // added up: one line per node outside and kind, not one per agent inside.
    var frameOf = new Map();
    if (view.large) {
      nodes.forEach(function (item) {
        if (item.frame) frameOf.set(item.id, item.frame);
      });
    }
    var added = new Map();
    model.edges.forEach(function (edge) {
      var a = standsFor.get(edge.source);
      var b = standsFor.get(edge.target);
      if (a === undefined || b === undefined) return;
      if (a === b) {
        inside += edge.weight;
        return;
      }
      if (frameOf.get(a) !== frameOf.get(b)) {
        a = frameOf.get(a) || a;
        b = frameOf.get(b) || b;
      }
      if (a === edge.source && b === edge.target) {
        edges.push(plainEdge(edge));
        return;
      }
      var key = (a < b ? a + "\u0000" + b : b + "\u0000" + a) + "\u0000" + edge.kind;
      var sum = added.get(key);
      if (!sum) {
        sum = { source: a, target: b, kind: edge.kind, weight: 0, both: false, sum: true };
        added.set(key, sum);
        edges.push(sum);
      } else if (sum.source !== a) {
        sum.both = true;
      }
      sum.weight += edge.weight;
    });
    return { nodes: nodes, edges: edges, frames: frames, loose: loose, inside: inside, clusters: clusters };
  }

  function plainEdge(edge) {
    return { source: edge.source, target: edge.target, kind: edge.kind, weight: edge.weight, text: edge.text };
  }

  /* The ends of an edge as ELK gets them: the first one goes above (or to the left). */
  function orient(edge, rankOf) {
    if (edge.kind in RANKING && !edge.both) {
      return RANKING[edge.kind] ? [edge.target, edge.source] : [edge.source, edge.target];
    }
    var a = rankOf(edge.source);
    var b = rankOf(edge.target);
    if (a < b || (a === b && edge.source < edge.target)) return [edge.source, edge.target];
    return [edge.target, edge.source];
  }

  /* The graph laid out by ELK: {boxes: id -> [x, y, w, h], frames: id -> box, routes: [points],
   * width, height, direction}. Wide and shallow drawings are tried left to right as well. */
  function layoutMap(ELK, graph, room) {
    var size = Object.create(null); // by node id: no inherited keys
    graph.nodes.forEach(function (item) {
      size[item.id] = textWidth(item.node.label);
    });
    var rank = Object.create(null); // by node id: no inherited keys
    graph.nodes.forEach(function (item) {
      rank[item.id] = item.node.rank || 0;
      // A frame ranks as the highest of its agents.
      if (item.frame) rank[item.frame] = Math.min(item.frame in rank ? rank[item.frame] : Infinity, rank[item.id]);
    });
    function rankOf(nodeId) {
      return rank[nodeId] || 0;
    }
    // One route per pair of nodes, its relations drawn side by side along it; a relation of a
    // kind that gives a direction (escalation, delegation, hand-off) orients the pair.
    var pairs = [];
    var pairOf = new Map();
    var lanes = graph.edges.map(function (edge) {
      var key = edge.source < edge.target ? edge.source + "\u0000" + edge.target : edge.target + "\u0000" + edge.source;
      var pair = pairOf.get(key);
      if (!pair) {
        pair = { ends: null, edges: [] };
        pairOf.set(key, pair);
        pairs.push(pair);
      }
      pair.edges.push(edge);
      return pair;
    });
    pairs.forEach(function (pair) {
      var lead = pair.edges.filter(function (edge) {
        return edge.kind in RANKING && !edge.both;
      })[0];
      pair.ends = orient(lead || pair.edges[0], rankOf);
    });
    function input(direction) {
      var children = [];
      var frames = new Map();
      graph.frames.forEach(function (frame) {
        var child = {
          id: frame.id,
          layoutOptions: { "elk.padding": "[top=34,left=12,bottom=12,right=12]" },
          children: [],
        };
        frames.set(frame.id, child);
        children.push(child);
      });
      graph.nodes.forEach(function (item) {
        var box = { id: item.id, width: size[item.id], height: NODE_HEIGHT };
        (item.frame ? frames.get(item.frame).children : children).push(box);
      });
      var options = Object.assign({}, ELK_OPTIONS, { "elk.direction": direction });
      if (graph.frames.length) options["elk.hierarchyHandling"] = "INCLUDE_CHILDREN";
      return {
        id: "root",
        layoutOptions: options,
        children: children,
        edges: pairs.map(function (pair, index) {
          return { id: "e" + index, sources: [pair.ends[0]], targets: [pair.ends[1]] };
        }),
      };
    }
    function read(out, direction) {
      var boxes = Object.create(null); // by node id: no inherited keys
      var frames = Object.create(null); // by node id: no inherited keys
      (function walk(items) {
        (items || []).forEach(function (item) {
          var box = [item.x, item.y, item.width, item.height];
          if (item.children && item.children.length) frames[item.id] = box;
          else boxes[item.id] = box;
          walk(item.children);
        });
      })(out.children);
      var pairRoutes = (out.edges || []).map(function (edge) {
        var points = [];
        (edge.sections || []).forEach(function (section) {
          [section.startPoint].concat(section.bendPoints || [], [section.endPoint]).forEach(function (p) {
            points.push([p.x, p.y]);
          });
        });
        return points;
      });
      // Each relation: its pair's route moved aside by its lane, from its source to its target.
      var routes = graph.edges.map(function (edge, index) {
        var pair = lanes[index];
        var route = pairRoutes[pairs.indexOf(pair)] || [];
        var offset = laneOffset(pair.edges, pair.edges.indexOf(edge));
        var points = offset ? aside(route, offset) : route.slice();
        return pair.ends[0] === edge.source ? points : points.reverse();
      });
      return {
        boxes: boxes,
        frames: frames,
        routes: routes,
        width: out.width || 0,
        height: out.height || 0,
        direction: direction,
      };
    }
    function score(result) {
      return Math.max(result.width / room.width, result.height / room.height);
    }
    var elk = new ELK();
    var started = performance.now();
    return elk.layout(input("DOWN")).then(function (out) {
      var down = read(out, "DOWN");
      if (down.width < 2 * room.width || down.width < 2 * down.height) return finish(down);
      return elk.layout(input("RIGHT")).then(function (across) {
        var right = read(across, "RIGHT");
        return finish(score(right) < score(down) ? right : down);
      });
    });
    function finish(result) {
      result.ms = performance.now() - started;
      return result;
    }
  }

  /* The width of a line: relations added up draw thicker. */
  function lineWidth(edge) {
    return edge.weight > 1 ? Math.min(4.5, 1.6 + 0.8 * Math.log2(edge.weight)) : 1.6;
  }

  /* How far the ``index``-th of the lines that share a route lies from its middle: side by side,
   * pressed together where they would be wider than the room ELK keeps between a line and a box. */
  function laneOffset(lines, index) {
    var total = -LANE;
    var at = 0;
    lines.forEach(function (line, i) {
      if (i === index) at = total + LANE + lineWidth(line) / 2;
      total += LANE + lineWidth(line);
    });
    return (at - total / 2) * Math.min(1, BUNDLE / total);
  }

  /* An orthogonal route moved ``offset`` px to its side: each point moves across the segments
   * it joins (a horizontal segment moves down, a vertical one right, for a positive offset). */
  function aside(points, offset) {
    return points.map(function (point, index) {
      var dx = 0;
      var dy = 0;
      [points[index - 1], points[index + 1]].forEach(function (other) {
        if (!other) return;
        var horizontal = Math.abs(other[1] - point[1]) < 0.5;
        if (horizontal) dy = offset;
        else if (Math.abs(other[0] - point[0]) < 0.5) dx = offset;
      });
      return [point[0] + dx, point[1] + dy];
    });
  }

  /* An orthogonal route as a path with rounded corners. */
  function routePath(points) {
    if (!points.length) return "";
    var radius = 6;
    var d = "M" + round(points[0][0], 1) + "," + round(points[0][1], 1);
    for (var i = 1; i < points.length - 1; i++) {
      var p = points[i - 1];
      var q = points[i];
      var r = points[i + 1];
      var before = Math.min(radius, Math.hypot(q[0] - p[0], q[1] - p[1]) / 2);
      var after = Math.min(radius, Math.hypot(r[0] - q[0], r[1] - q[1]) / 2);
      var a = toward(q, p, before);
      var b = toward(q, r, after);
      d += " L" + round(a[0], 1) + "," + round(a[1], 1) + " Q" + round(q[0], 1) + "," + round(q[1], 1) + " ";
      d += round(b[0], 1) + "," + round(b[1], 1);
    }
    var last = points[points.length - 1];
    return d + " L" + round(last[0], 1) + "," + round(last[1], 1);
  }

  function toward(from, to, distance) {
    var length = Math.hypot(to[0] - from[0], to[1] - from[1]) || 1;
    return [from[0] + ((to[0] - from[0]) * distance) / length, from[1] + ((to[1] - from[1]) * distance) / length];
  }

  var KIND_WORDS = {
    escalates_to: "escalates to",
    hands_off_to: "hands off to",
    collaborates_with: "works with",
    delegates_to: "delegates to",
    boundary_with: "boundary with",
  };

  function nodeTitle(node) {
    if (node.closed) {
      return node.group.title + ": " + node.size + " agent" + (node.size === 1 ? "" : "s") + ". Press to open.";
    }
    return node.tip ? node.label + " — " + node.tip : node.label;
  }

  function edgeTitle(edge, labelOf) {
    if (edge.sum) {
      var words = KIND_WORDS[edge.kind] || edge.kind;
      var joint = edge.both ? " and " + labelOf(edge.target) + " " + words + " " + labelOf(edge.source) : "";
      var count = edge.weight + " relation" + (edge.weight === 1 ? "" : "s");
      return [labelOf(edge.source), words, labelOf(edge.target)].join(" ") + joint + ": " + count;
    }
    return labelOf(edge.source) + " " + edge.text;
  }

  /* Draw ``layout`` of ``graph`` into the figure's viewport: frames, edges, nodes, then the agents
   * without relation in rows below. Returns the drawing's box and what the caption says. */
  function drawMap(figureId, viewport, graph, layout, room) {
    while (viewport.firstChild) viewport.removeChild(viewport.firstChild);
    var byId = Object.create(null); // by node id: no inherited keys
    graph.nodes.forEach(function (item) {
      byId[item.id] = item.node;
    });
    graph.frames.forEach(function (frame) {
      byId[frame.id] = { label: frame.group.title };
    });
    function labelOf(nodeId) {
      return byId[nodeId] ? byId[nodeId].label : nodeId;
    }
    var width = layout.width;
    var height = layout.height;
    var looseRows = [];
    if (graph.loose.length) {
      // The agents without relation: rows of boxes under the drawing, as wide as the window.
      var rowWidth = Math.max(width, room.width - 2 * MARGIN, 240);
      var x = 12;
      var y = height + (height ? 28 : 0) + 34;
      var row = [];
      graph.loose.forEach(function (node) {
        var w = textWidth(node.label);
        if (row.length && x + w > rowWidth - 12) {
          looseRows.push(row);
          row = [];
          x = 12;
          y += NODE_HEIGHT + 14;
        }
        row.push({ node: node, box: [x, y, w, NODE_HEIGHT] });
        x += w + 14;
      });
      looseRows.push(row);
      width = Math.max(width, rowWidth);
      var looseTop = height + (height ? 28 : 0);
      height = y + NODE_HEIGHT + 12;
      layout.looseFrame = [0, looseTop, width, height - looseTop];
    }
    // Centred in the window at first; wider than it, the side where people are (the top's
    // middle, or the left) shows and the rest is a drag away.
    var ox = Math.round((room.width - width) / 2);
    if (width > room.width - 2 * MARGIN && layout.direction === "RIGHT") ox = MARGIN;
    var oy = MARGIN;
    // With groups open, the window shows them: their frames' middle, from their top.
    var open = Object.keys(layout.frames).map(function (frameId) {
      return layout.frames[frameId];
    });
    if (open.length) {
      var left = Math.min.apply(
        null,
        open.map(function (b) {
          return b[0];
        })
      );
      var right = Math.max.apply(
        null,
        open.map(function (b) {
          return b[0] + b[2];
        })
      );
      var top = Math.min.apply(
        null,
        open.map(function (b) {
          return b[1];
        })
      );
      if (width > room.width - 2 * MARGIN) {
        // Their middle in the middle, or their left side (where their titles are) at the left.
        var wanted = right - left < room.width - 2 * MARGIN ? room.width / 2 - (left + right) / 2 : MARGIN - left;
        ox = Math.round(Math.min(MARGIN, Math.max(room.width - MARGIN - width, wanted)));
      }
      if (top + 80 > room.height) oy = Math.round(MARGIN - top + 40);
    }
    function X(value) {
      return value + ox;
    }
    function Y(value) {
      return value + oy;
    }
    var framesLayer = svgElement("g", { class: "ah-frames" });
    var edgesLayer = svgElement("g", { class: "ah-edges" });
    var nodesLayer = svgElement("g", { class: "ah-nodes" });
    graph.frames.forEach(function (frame) {
      var box = layout.frames[frame.id];
      if (!box) return;
      framesLayer.appendChild(frameElement(frame.group, box, frame.size, X, Y, true));
    });
    if (layout.looseFrame) {
      var loose = { id: "", title: "Without any relation" };
      framesLayer.appendChild(frameElement(loose, layout.looseFrame, graph.loose.length, X, Y, false));
    }
    var up = 0; // escalations drawn pointing away from people (inside a cycle)
    graph.edges.forEach(function (edge, index) {
      var points = layout.routes[index] || [];
      if (!points.length) return;
      var attrs = {
        d: routePath(
          points.map(function (p) {
            return [X(p[0]), Y(p[1])];
          })
        ),
        class: "ah-edge ah-k-" + edge.kind + (edge.sum ? " ah-sum" : ""),
        "data-source": edge.source,
        "data-target": edge.target,
        "data-kind": edge.kind,
      };
      if (edge.sum) attrs["data-weight"] = String(edge.weight);
      if (edge.kind !== "collaborates_with" && !edge.both) {
        attrs["marker-end"] = "url(#" + figureId + "-m-" + edge.kind + ")";
      }
      if (edge.weight > 1) attrs.style = "stroke-width:" + round(lineWidth(edge), 1) + "px";
      if (edge.kind === "escalates_to" && !edge.both && against(layout, edge)) up += 1;
      var path = svgElement("path", attrs);
      path.appendChild(svgElement("title", {}, edgeTitle(edge, labelOf)));
      edgesLayer.appendChild(path);
    });
    graph.nodes.forEach(function (item) {
      var box = layout.boxes[item.id];
      if (box) nodesLayer.appendChild(nodeElement(item.node, box, X, Y));
    });
    looseRows.forEach(function (row) {
      row.forEach(function (placed) {
        nodesLayer.appendChild(nodeElement(placed.node, placed.box, X, Y));
      });
    });
    viewport.appendChild(framesLayer);
    viewport.appendChild(edgesLayer);
    viewport.appendChild(nodesLayer);
    return { box: [ox, oy - MARGIN, width, height + 2 * MARGIN], against: up };
  }

  /* Whether an escalation is drawn pointing away from where people go (down, or right). */
  function against(layout, edge) {
    var from = layout.boxes[edge.source];
    var to = layout.boxes[edge.target];
    if (!from || !to) return false;
    var axis = layout.direction === "RIGHT" ? 0 : 1;
    return to[axis] + to[axis + 2] / 2 > from[axis] + from[axis + 2] / 2 + 1;
  }

  /* The rectangle of a laid-out box ([x, y, width, height]) placed by X and Y. */
  function boxRect(box, X, Y, rx) {
    return svgElement("rect", {
      x: round(X(box[0]), 1),
      y: round(Y(box[1]), 1),
      width: round(box[2], 1),
      height: round(box[3], 1),
      rx: rx,
    });
  }

  function frameElement(group, box, size, X, Y, toggle) {
    var g = svgElement("g", { class: "ah-group" + (toggle ? " ah-open" : ""), "data-group": group.id });
    if (toggle) g.setAttribute("data-frame", "frame:" + group.id); // the end of lines drawn from it
    g.appendChild(boxRect(box, X, Y, 8));
    var label = svgElement("g", { class: "ah-group-title" });
    label.appendChild(
      svgElement(
        "text",
        { x: round(X(box[0]) + 12, 1), y: round(Y(box[1]) + 20, 1) },
        (toggle ? "▾ " : "") + group.title + " (" + size + ")"
      )
    );
    if (toggle) {
      label.setAttribute("role", "button");
      label.setAttribute("tabindex", "0");
      label.setAttribute("aria-expanded", "true");
      label.setAttribute("aria-label", "Close the group " + group.title);
      label.dataset.toggle = group.id;
      label.appendChild(svgElement("title", {}, "Close the group: one node for its " + size + " agents"));
    }
    g.appendChild(label);
    return g;
  }

  function nodeElement(node, box, X, Y) {
    var classes = "ah-node ah-" + node.role;
    var g = svgElement("g", { class: classes, "data-node": node.closed ? "group:" + node.group.id : node.id });
    g.appendChild(svgElement("title", {}, nodeTitle(node)));
    g.appendChild(boxRect(box, X, Y, 6));
    g.appendChild(
      svgElement("text", { x: round(X(box[0] + box[2] / 2), 1), y: round(Y(box[1] + box[3] / 2) + 4, 1) }, node.label)
    );
    if (node.closed) {
      g.setAttribute("role", "button");
      g.setAttribute("tabindex", "0");
      g.setAttribute("aria-expanded", "false");
      g.setAttribute("aria-label", "Open the group " + node.group.title + " (" + node.size + " agents)");
      g.dataset.toggle = node.group.id;
      return g;
    }
    if (!node.href) return g;
    var link = svgElement("a", { class: "ah-link", "data-node": node.id });
    link.setAttributeNS(XLINK_NS, "xlink:href", node.href);
    link.appendChild(g);
    return link;
  }

  function markers(figureId, kinds) {
    var defs = svgElement("defs");
    kinds.forEach(function (kind) {
      var marker = svgElement("marker", {
        id: figureId + "-m-" + kind,
        viewBox: "0 0 10 10",
        refX: "9",
        refY: "5",
        markerWidth: "10",
        markerHeight: "10",
        markerUnits: "userSpaceOnUse", // the same size on a thick line (relations added up)
        orient: "auto-start-reverse",
      });
      marker.appendChild(svgElement("path", { d: "M0,0 L10,5 L0,10 z", class: "ah-arrow ah-k-" + kind }));
      defs.appendChild(marker);
    });
    return defs;
  }

  /* The empty drawing a map figure starts with, before the list. */
  function mapSvg(figure, kinds) {
    var id = figure.id;
    var svg = svgElement("svg", {
      class: "ah-svg",
      role: "group",
      "aria-labelledby": id + "-title",
      "aria-describedby": id + "-desc",
      preserveAspectRatio: "xMidYMin meet",
    });
    var name = figure.querySelector(".ah-map-name");
    svg.appendChild(svgElement("title", { id: id + "-title" }, name ? name.textContent.trim() : "Map"));
    svg.appendChild(svgElement("desc", { id: id + "-desc" }, ""));
    svg.appendChild(markers(id, kinds));
    svg.appendChild(svgElement("g", { class: "ah-viewport" }));
    var list = figure.querySelector(".ah-map-list");
    figure.insertBefore(svg, list);
    return svg;
  }

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
    // A map's groups the reader can close and open, and those open at first.
    var foldable = isMap
      ? model.groups.filter(function (group) {
          return group.fold;
        })
      : [];
    var startOpen = figure.hasAttribute("data-closed")
      ? []
      : foldable.map(function (group) {
          return group.id;
        });
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
        open: new Set(startOpen),
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
    function sameSet(a, b) {
      if (a.size !== b.size) return false;
      var same = true;
      a.forEach(function (item) {
        if (!b.has(item)) same = false;
      });
      return same;
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
    if (isMap) {
      caption = make("figcaption", { class: "ah-note ah-map-reading" });
      figure.insertBefore(caption, svg.nextSibling);
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
    var drawn = null; // the view last drawn: {key, box, inside}
    var pending = null; // the view being laid out
    var minZoom = MIN_ZOOM;
    function drawnView() {
      var middle = center();
      return {
        focus: middle && state.depth ? middle : "",
        depth: middle ? state.depth : 0,
        open: state.open,
        unconnected: state.unconnected,
        large: figure.hasAttribute("data-closed"),
      };
    }
    function viewKey(view) {
      return [view.focus, view.depth, Array.from(view.open).sort().join(","), view.unconnected ? 1 : 0].join("|");
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
      var graph = mapGraph(model, view);
      var space = room();
      figure.dataset.ahBusy = "1";
      status.textContent = "Drawing the map…";
      var promise = loadElk()
        .then(function (ELK) {
          return layoutMap(ELK, graph, space);
        })
        .then(function (layout) {
          if (!pending || pending.key !== key) return; // a later view was asked for
          var result = drawMap(id, viewport, graph, layout, space);
          var width = Math.round(space.width);
          var height = Math.round(Math.min(result.box[3], space.height));
          drawn = { key: key, box: result.box, inside: graph.inside, window: [0, 0, width, height] };
          frame(printing && printing.matches);
          // Fit may zoom out far enough to show all of a large drawing.
          minZoom = Math.min(MIN_ZOOM, width / result.box[2], height / result.box[3]);
          figure.dataset.ahLayoutMs = String(Math.round(layout.ms));
          figure.dataset.ahDirection = layout.direction;
          describe(graph, layout, result);
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
      var box = whole ? drawn.box : drawn.window;
      showBox(svg, box);
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
      if (graph.frames.length || (graph.clusters && graph.clusters.size)) {
        text += " Press a group to open or close it in place.";
      }
      if (result.box[2] > room().width || result.box[3] > room().height) {
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
      if (state.open.has(groupId)) state.open.delete(groupId);
      else state.open.add(groupId);
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
    function serialize() {
      var parts = [];
      if (state.kinds.size !== kinds.length) {
        var shown = kinds.filter(function (kind) {
          return state.kinds.has(kind);
        });
        parts.push("kinds=" + shown.map(encodeURIComponent).join(","));
      }
      if (!fixedFocus && hasNode(state.focus)) parts.push("focus=" + encodeURIComponent(state.focus));
      if (state.depth !== startDepth) parts.push("depth=" + (state.depth || "all"));
      if (foldable.length && !sameSet(state.open, new Set(startOpen))) {
        parts.push("groups=" + Array.from(state.open).sort().map(encodeURIComponent).join(","));
      }
      if (unconnectedCount && state.unconnected !== defaults().unconnected) {
        parts.push("unconnected=" + (state.unconnected ? 1 : 0));
      }
      if (zoomed()) parts.push("zoom=" + [round(state.k, 3), round(state.tx, 1), round(state.ty, 1)].join(","));
      return parts.join("&");
    }
    function commit() {
      var text = serialize();
      var current = parseHash(location.hash);
      var ours = current && current.id === id && current.params;
      var hash;
      if (text) hash = "#" + encodeURIComponent(id) + ":" + text;
      else if (ours)
        hash = ""; // back to the default view: drop the state
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
        if (hasNode(wanted)) next.focus = wanted;
      }
      if (params.has("groups")) {
        var ids = foldable.map(function (group) {
          return group.id;
        });
        next.open = new Set(
          splitList(params.get("groups")).filter(function (group) {
            return ids.indexOf(group) >= 0;
          })
        );
      }
      if (params.get("unconnected") === "1" || params.get("unconnected") === "0") {
        next.unconnected = params.get("unconnected") === "1";
      }
      var depth = params.get("depth") === "all" ? 0 : Number(params.get("depth"));
      if ((depth === 0 || depth === 1 || depth === 2) && params.has("depth") && (fixedFocus || next.focus)) {
        next.depth = depth;
      }
      if (params.has("zoom")) {
        var numbers = params.get("zoom").split(",").map(Number);
        if (numbers.length === 3 && numbers.every(isFinite) && numbers[0] > 0) {
          next.k = clamp(numbers[0], 0.01, MAX_ZOOM);
          next.tx = numbers[1];
          next.ty = numbers[2];
        }
      }
      state = next;
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
