/* Agent Handbook, maps: a list in the page, laid out here by ELK (render/mapfigure.py).
 *
 * A figure[data-ah-map] holds the map as a list: groups (li[data-group]), their members
 * (li[data-node]) and each member's relations (li[data-kind][data-target]). It is read into a
 * model; what the reader asks for (a focus and its depth, the groups open, the agents without
 * relation) selects the graph to draw; ELK's layered algorithm lays it out (edges routed around
 * the boxes, open groups as frames); the drawing is an SVG of the same markup as a figure drawn
 * at build time, so highlight, filters, zoom and the URL work alike (handbook.js). ELK is loaded
 * from beside this script, once, and only by pages that have a map.
 */
(function () {
  "use strict";
  var AH = (window.AgentHandbook = window.AgentHandbook || {});
  if (AH.map) return;
  var C = AH.core;
  var round = C.round;
  var svgElement = C.svgElement;
  var childrenOf = C.childrenOf;
  var textWidth = C.textWidth;
  var stepsFrom = C.stepsFrom;
  var SVG_NS = C.SVG_NS;

  var XLINK_NS = "http://www.w3.org/1999/xlink";
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

  AH.map = {
    KIND_WORDS: KIND_WORDS,
    loadElk: loadElk,
    windowHeight: windowHeight,
    readMap: readMap,
    mapGraph: mapGraph,
    layoutMap: layoutMap,
    drawMap: drawMap,
    mapSvg: mapSvg,
  };
})();
