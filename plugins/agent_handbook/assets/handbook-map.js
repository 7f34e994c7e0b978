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
  var NODE_HEIGHT = 26; // a box of one line
  var LINE_HEIGHT = 14; // each line more
  var LINE_WIDTH = 150; // px: a longer label goes on more lines, broken after a space or a dash
  var NARROW_LINE_WIDTH = 100; // the same in a narrow window (a phone)
  var labelWidth = LINE_WIDTH; // of the drawing under way (see drawView)
  var layoutsRun = 0; // ELK layouts run for the drawing under way

  /* A label in lines no wider than LINE_WIDTH where it can be broken (after a space, a dash, an
   * underscore or a slash), never cut: the lines put together are the label. */
  function labelLines(label) {
    if (textWidth(label) <= labelWidth + 22) return [label];
    var pieces = label.split(/(?<=[\s\-_/])/);
    var lines = [];
    var line = "";
    pieces.forEach(function (piece) {
      if (line && textWidth((line + piece).trim()) > labelWidth + 22) {
        lines.push(line);
        line = piece;
      } else {
        line += piece;
      }
    });
    if (line) lines.push(line);
    return lines;
  }

  /* The size of a node's box: [width, height]. */
  function boxSize(label) {
    var lines = labelLines(label);
    var width = Math.max.apply(
      null,
      lines.map(function (line) {
        return textWidth(line.trim());
      })
    );
    return [width, NODE_HEIGHT + LINE_HEIGHT * (lines.length - 1)];
  }
  var MARGIN = 16; // px around a drawing
  var NARROW_MARGIN = 6; // the same in a narrow window (a phone)
  var margin = MARGIN; // of the drawing under way (see drawView)
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

  /* The map in the figure's list: {nodes: Map id -> node, edges, groups: Map id -> group, top:
   * the groups of the first level, related: Set}. A group (li[data-group]) holds groups and
   * nodes (li[data-node]); one with data-fold can be closed into one node. */
  function readMap(figure) {
    var list = figure.querySelector(".ah-map-list > ul");
    var model = { nodes: new Map(), edges: [], groups: new Map(), top: [], related: new Set() };
    if (!list) return model;
    function readGroup(item, parent) {
      var heading = childrenOf(item, "strong")[0];
      var group = {
        id: item.dataset.group,
        title: heading ? heading.textContent.trim() : item.dataset.group,
        fold: item.hasAttribute("data-fold"),
        flat: item.hasAttribute("data-flat"), // open, drawn without a frame
        members: [],
        children: [],
        parent: parent,
        everyone: [], // every node in it and in the groups inside it
      };
      if (model.groups.has(group.id)) return null;
      model.groups.set(group.id, group);
      var inner = childrenOf(item, "ul")[0];
      if (!inner) return group;
      childrenOf(inner, "li[data-group]").forEach(function (sub) {
        var child = readGroup(sub, group);
        if (child) group.children.push(child);
      });
      childrenOf(inner, "li[data-node]").forEach(function (entry) {
        var node = readNode(entry, group);
        if (node) group.members.push(node.id);
      });
      group.children.forEach(function (child) {
        group.everyone.push.apply(group.everyone, child.everyone);
      });
      group.everyone.push.apply(group.everyone, group.members);
      return group;
    }
    function readNode(entry, group) {
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
      if (model.nodes.has(node.id)) return null;
      model.nodes.set(node.id, node);
      var relations = childrenOf(entry, "ul")[0];
      if (!relations) return node;
      childrenOf(relations, "li[data-kind][data-target]").forEach(function (relation) {
        model.edges.push({
          source: node.id,
          target: relation.dataset.target,
          kind: relation.dataset.kind,
          weight: Number(relation.dataset.weight) || 1,
          text: relation.textContent.trim(),
        });
      });
      return node;
    }
    childrenOf(list, "li[data-group]").forEach(function (item) {
      var group = readGroup(item, null);
      if (group) model.top.push(group);
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

  /* The groups the reader can open and close, the outer ones first, the smaller first among those
   * as deep. */
  function foldable(model) {
    var out = [];
    var level = model.top.slice();
    function drawn(group) {
      return group.everyone.filter(function (member) {
        return model.related.has(member);
      }).length;
    }
    while (level.length) {
      var next = [];
      level
        .map(function (group, index) {
          return { group: group, index: index, size: drawn(group) };
        })
        .sort(function (a, b) {
          return a.size - b.size || a.index - b.index;
        })
        .forEach(function (item) {
          if (item.group.fold) out.push(item.group);
          next.push.apply(next, item.group.children);
        });
      level = next;
    }
    return out;
  }

  /* What to draw for a view {focus, depth, open: Set of group ids, unconnected, large, shown}:
   * nodes (each with the frame it sits in, if any), edges (those into a closed group added up by
   * pair and kind), frames of open groups (each in its own frame, if any), the agents without
   * relation (drawn apart), the relations hidden inside closed groups and, around a focus, the
   * neighbours left out (more than ``shown``). */
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
      // Nearest first, then those with more relations to the focus; beyond ``shown``, a list.
      var ties = new Map();
      model.edges.forEach(function (edge) {
        if (edge.source === view.focus) ties.set(edge.target, (ties.get(edge.target) || 0) + edge.weight);
        if (edge.target === view.focus) ties.set(edge.source, (ties.get(edge.source) || 0) + edge.weight);
      });
      var around = Array.from(dist.keys()).filter(function (nodeId) {
        return nodeId !== view.focus;
      });
      around.sort(function (a, b) {
        return (
          dist.get(a) - dist.get(b) ||
          (ties.get(b) || 0) - (ties.get(a) || 0) ||
          model.nodes.get(a).label.localeCompare(model.nodes.get(b).label)
        );
      });
      var limit = view.shown === undefined ? around.length : view.shown;
      var keep = new Set([view.focus].concat(around.slice(0, limit)));
      var more = around.slice(limit).map(function (nodeId) {
        return model.nodes.get(nodeId);
      });
      model.nodes.forEach(function (node, nodeId) {
        if (keep.has(nodeId)) nodes.push({ node: node, id: nodeId, frame: "" });
      });
      model.edges.forEach(function (edge) {
        var a = dist.get(edge.source);
        var b = dist.get(edge.target);
        if (!keep.has(edge.source) || !keep.has(edge.target) || Math.min(a, b) >= view.depth) return;
        edges.push(plainEdge(edge));
      });
      return { nodes: nodes, edges: edges, frames: frames, loose: loose, inside: 0, more: more, around: around };
    }
    var standsFor = new Map(); // node -> the id drawn for it (a closed group's, or its own)
    var frameOf = new Map(); // drawn id (node, closed group or frame) -> the frame it is in ("")
    var clusters = new Map();
    function drawable(group) {
      return group.everyone.filter(function (member) {
        return model.related.has(member);
      });
    }
    function place(group, frame) {
      var members = drawable(group);
      if (!members.length) return;
      if (group.fold && !view.open.has(group.id)) {
        var clusterId = "group:" + group.id;
        var cluster = {
          id: clusterId,
          label: "▸ " + group.title + " (" + group.everyone.length + ")",
          role: "cluster",
          href: "",
          tip: "",
          rank: Math.min.apply(
            null,
            members.map(function (member) {
              return model.nodes.get(member).rank;
            })
          ),
          group: group,
          closed: true,
          size: group.everyone.length,
          drawn: members.length,
        };
        clusters.set(clusterId, cluster);
        nodes.push({ node: cluster, id: clusterId, frame: frame });
        frameOf.set(clusterId, frame);
        members.forEach(function (member) {
          standsFor.set(member, clusterId);
        });
        return;
      }
      var own = frame;
      if (group.fold && !group.flat) {
        own = "frame:" + group.id;
        frames.push({ id: own, group: group, size: group.everyone.length, frame: frame });
        frameOf.set(own, frame);
      }
      group.children.forEach(function (child) {
        place(child, own);
      });
      group.members.forEach(function (member) {
        if (!model.related.has(member)) return;
        standsFor.set(member, member);
        frameOf.set(member, own);
        nodes.push({ node: model.nodes.get(member), id: member, frame: own });
      });
    }
    model.top.forEach(function (group) {
      place(group, "");
    });
    if (view.unconnected) {
      model.nodes.forEach(function (node, nodeId) {
        if (!model.related.has(nodeId)) loose.push(node);
      });
    }
    // On a large map a relation between open groups goes from frame to frame, added up: one line
    // per pair of what the innermost frame holding both ends holds, not one per agent inside.
    function chain(drawnId) {
      var out = [drawnId];
      for (var at = frameOf.get(drawnId); at; at = frameOf.get(at)) out.push(at);
      out.push("");
      return out;
    }
    function lift(a, b) {
      var up = chain(a);
      var other = chain(b);
      for (var i = 1; i < up.length; i++) {
        var j = other.indexOf(up[i]);
        if (j >= 0) return [up[i - 1], other[j - 1]];
      }
      return [a, b];
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
      if (view.large) {
        var ends = lift(a, b);
        a = ends[0];
        b = ends[1];
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
   * width, height, direction, ms}, in the first of ``directions`` ("DOWN", "RIGHT"; both when not
   * given) that shows it largest in the room. */
  function layoutMap(ELK, graph, room, directions) {
    var size = Object.create(null); // by node id: no inherited keys
    graph.nodes.forEach(function (item) {
      size[item.id] = boxSize(item.node.label);
    });
    var rank = Object.create(null); // by node id: no inherited keys
    var parentFrame = Object.create(null); // frame id -> the frame it is in
    graph.frames.forEach(function (frame) {
      parentFrame[frame.id] = frame.frame;
    });
    graph.nodes.forEach(function (item) {
      rank[item.id] = item.node.rank || 0;
      // A frame ranks as the highest of its agents.
      for (var at = item.frame; at; at = parentFrame[at]) {
        rank[at] = Math.min(at in rank ? rank[at] : Infinity, rank[item.id]);
      }
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
          layoutOptions: {
            "elk.padding": "[top=34,left=12,bottom=12,right=12]",
            // As wide as its title at least.
            "elk.nodeSize.constraints": "[MINIMUM_SIZE]",
            "elk.nodeSize.minimum": "(" + (textWidth("▾ " + frame.group.title + " (" + frame.size + ")") + 8) + ", 60)",
          },
          children: [],
        };
        frames.set(frame.id, child);
        // A frame comes after the frame it is in (see mapGraph).
        (frame.frame ? frames.get(frame.frame).children : children).push(child);
      });
      graph.nodes.forEach(function (item) {
        var box = { id: item.id, width: size[item.id][0], height: size[item.id][1] };
        (item.frame ? frames.get(item.frame).children : children).push(box);
      });
      var options = Object.assign({}, ELK_OPTIONS, { "elk.direction": direction });
      if (direction === "DOWN" && room.width < NARROW) {
        // A narrow window (a phone): at most as many boxes side by side as it holds.
        var widest = 0;
        graph.nodes.forEach(function (item) {
          widest = Math.max(widest, size[item.id][0]);
        });
        var across = (room.width / MIN_SCALE - 2 * margin + 18) / (widest + 18);
        options["elk.layered.layering.strategy"] = "COFFMAN_GRAHAM";
        options["elk.layered.layering.coffmanGraham.layerBound"] = String(Math.max(2, Math.floor(across)));
        // Lines that leave or reach a box together share their way: fewer lanes side by side.
        options["elk.layered.mergeEdges"] = "true";
        options["elk.spacing.edgeEdge"] = "4";
        options["elk.spacing.nodeNode"] = "12";
      }
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
    var elk = new ELK();
    var started = performance.now();
    var tried = [];
    return (directions || ["DOWN", "RIGHT"])
      .reduce(function (done, direction) {
        return done.then(function () {
          layoutsRun += 1;
          return elk.layout(input(direction)).then(function (out) {
            tried.push(read(out, direction));
          });
        });
      }, Promise.resolve())
      .then(function () {
        // The one that shows largest in the room (the first of those as large).
        var best = tried[0];
        tried.forEach(function (result) {
          if (fitScale(result, room) > fitScale(best, room) + 1e-3) best = result;
        });
        best.ms = performance.now() - started;
        return best;
      });
  }

  /* The scale at which a laid-out drawing fits whole in the room (at most 1: never enlarged). */
  function fitScale(layout, room) {
    var width = (layout.width || 0) + 2 * margin;
    var height = (layout.height || 0) + 2 * margin;
    return Math.min(1, room.width / width, room.height / height);
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
      var text = node.group.title + ": " + node.size + (node.size === 1 ? " member" : " members");
      if (node.drawn < node.size) {
        text += ", " + (node.size - node.drawn) + " of them without any relation (shown apart with their button)";
      }
      return text + ". Press to open it here.";
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
   * without relation in rows ``rowWidth`` wide below. Returns the drawing's box, where the rows
   * start (looseTop) and how many escalations point away from people (against). */
  function drawMap(figureId, viewport, graph, layout, rowWidth) {
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
    var looseTop = null;
    if (graph.loose.length) {
      // The agents without relation: rows of boxes under the drawing, as wide as the window
      // shows (``rowWidth``), from its left: a block to read, not a line to scroll along.
      var x = 12;
      var y = height + (height ? 28 : 0) + 34;
      var row = [];
      var rowHeight = NODE_HEIGHT;
      graph.loose.forEach(function (node) {
        var size = boxSize(node.label);
        if (row.length && x + size[0] > rowWidth - 12) {
          looseRows.push(row);
          row = [];
          x = 12;
          y += rowHeight + 14;
          rowHeight = NODE_HEIGHT;
        }
        row.push({ node: node, box: [x, y, size[0], size[1]] });
        rowHeight = Math.max(rowHeight, size[1]);
        x += size[0] + 14;
      });
      looseRows.push(row);
      var blockWidth = Math.max.apply(
        null,
        looseRows.map(function (placed) {
          var last = placed[placed.length - 1];
          return last.box[0] + last.box[2] + 12;
        })
      );
      width = Math.max(width, blockWidth);
      looseTop = height + (height ? 28 : 0);
      height = y + rowHeight + 12;
      layout.looseFrame = [0, looseTop, blockWidth, height - looseTop];
    }
    // The drawing from (margin, margin): what part of it shows, and how large, is the window's.
    var ox = margin;
    var oy = margin;
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
    return {
      box: [0, 0, width + 2 * margin, height + 2 * margin],
      against: up,
      looseTop: looseTop === null ? null : looseTop + oy,
    };
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
      label.appendChild(svgElement("title", {}, "Close the group: one node for its " + size + " members"));
    }
    g.appendChild(label);
    return g;
  }

  function nodeElement(node, box, X, Y) {
    var classes = "ah-node ah-" + node.role;
    var g = svgElement("g", { class: classes, "data-node": node.closed ? "group:" + node.group.id : node.id });
    g.appendChild(svgElement("title", {}, nodeTitle(node)));
    g.appendChild(boxRect(box, X, Y, 6));
    var lines = labelLines(node.label);
    var middle = round(X(box[0] + box[2] / 2), 1);
    var first = Y(box[1] + box[3] / 2) + 4 - (LINE_HEIGHT * (lines.length - 1)) / 2;
    if (lines.length === 1) {
      g.appendChild(svgElement("text", { x: middle, y: round(first, 1) }, node.label));
    } else {
      // On lines: the text is the whole label still (each line keeps the space or dash it ends with).
      var text = svgElement("text", { x: middle, y: round(first, 1) });
      lines.forEach(function (line, index) {
        text.appendChild(svgElement("tspan", { x: middle, dy: index ? String(LINE_HEIGHT) : "0" }, line));
      });
      g.appendChild(text);
    }
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

  /* ==== What shows: the groups open at first, the neighbours of a focus, the window ============ */

  var MIN_SCALE = 0.84; // the smallest a drawing shows at first: 12 px labels at 10 px or more
  var FILL = 0.3; // the share of the room a drawing's boxes take, about, when laid out
  var PAIR_AREA = 3000; // px² a route between two boxes takes, about
  var FOCUS_TRIES = 4;
  var MAX_TRIES = 4; // layouts tried before the first level, for the groups open at first
  var ENOUGH = 6; // nodes a first view draws at least, where they fit
  var NARROW = 600; // px: a window narrower than this lays its layers out with fewer boxes side by side // layouts tried around a focus, each with fewer neighbours drawn

  /* About how much of the room (at MIN_SCALE) the graph's boxes would take once laid out. */
  function crowding(graph, room) {
    var area = 0;
    graph.nodes.forEach(function (item) {
      var box = boxSize(item.node.label);
      area += (box[0] + 30) * (box[1] + 40);
    });
    graph.frames.forEach(function (frame) {
      area += (textWidth(frame.group.title) + 40) * 60;
    });
    // Each route between two boxes takes room too: on a dense map, more than the boxes.
    var pairs = new Set();
    graph.edges.forEach(function (edge) {
      pairs.add(edge.source < edge.target ? edge.source + "\u0000" + edge.target : edge.target + "\u0000" + edge.source);
    });
    area += pairs.size * PAIR_AREA;
    return area / ((room.width / MIN_SCALE) * (room.height / MIN_SCALE) * FILL);
  }

  /* The graph to draw for ``ask`` and its layout: {graph, layout, open}.
   *   ask.view: as mapGraph takes it; ask.auto: choose the groups open (ask.view.open is ignored):
   *   as many, outer ones first, as fit the room with labels of 10 px or more; around a focus, as
   *   many neighbours as fit (the others are listed); ask.direction: the direction to keep. */
  function choose(ELK, model, ask, room) {
    var directions = ask.direction ? [ask.direction] : ["DOWN", "RIGHT"];
    function lay(graph) {
      return layoutMap(ELK, graph, room, directions);
    }
    var view = ask.view;
    if (view.focus && view.depth && model.nodes.has(view.focus)) {
      var all = mapGraph(model, view);
      // The neighbours stand in a row (top-down) or a column (left to right): as many as the
      // longer of the two holds at MIN_SCALE, the nearest and busiest first.
      var boxes = all.around.map(function (nodeId) {
        return boxSize(model.nodes.get(nodeId).label);
      });
      var mean = [0, 0];
      boxes.forEach(function (box) {
        mean[0] += box[0] / boxes.length;
        mean[1] += box[1] / boxes.length;
      });
      var across = Math.floor((room.width / MIN_SCALE - 2 * margin) / (mean[0] + 18));
      var down = Math.floor((room.height / MIN_SCALE - 2 * margin) / (mean[1] + 18));
      var shown = Math.min(all.around.length, Math.max(1, across, down));
      var tries = 0;
      var focusTry = function () {
        var graph = mapGraph(model, withShown(view, shown));
        return lay(graph).then(function (layout) {
          tries += 1;
          if (fitScale(layout, room) >= MIN_SCALE || shown <= 1 || tries >= FOCUS_TRIES) {
            return { graph: graph, layout: layout, open: view.open };
          }
          shown = Math.max(1, Math.floor(shown * 0.6));
          return focusTry();
        });
      };
      return focusTry();
    }
    if (!ask.auto) {
      var graph = mapGraph(model, view);
      return lay(graph).then(function (layout) {
        return { graph: graph, layout: layout, open: view.open };
      });
    }
    // Outer groups open first, the smaller first among those as deep; each candidate opens one
    // more group than the one before.
    var order = foldable(model).map(function (group) {
      return group.id;
    });
    var candidates = [];
    for (var count = 0; count <= order.length; count++) {
      var open = new Set(order.slice(0, count));
      var candidate = mapGraph(model, Object.assign({}, view, { open: open }));
      candidates.push({ open: open, graph: candidate, crowding: crowding(candidate, room) });
    }
    // The one guessed to fill the room (from its boxes' area), or the first that draws ENOUGH
    // nodes; laid out top-down, then left to right where that does not fit; then halfway down
    // toward all closed until one fits. Each layout costs: as few as can be.
    var target = 0;
    var enough = -1;
    candidates.forEach(function (item, index) {
      if (item.crowding <= 1) target = index;
      if (enough < 0 && item.graph.nodes.length >= ENOUGH) enough = index;
    });
    if (enough > target) target = enough;
    var tries = 0;
    var fallback = null; // the first level's layout that shows largest, when none fits
    function attempt(index) {
      var ways = directions.slice();
      function next() {
        var way = ways.shift();
        tries += 1;
        return layoutMap(ELK, candidates[index].graph, room, [way]).then(function (layout) {
          if (fitScale(layout, room) >= MIN_SCALE) {
            return { graph: candidates[index].graph, layout: layout, open: candidates[index].open };
          }
          if (index === 0 && (!fallback || fitScale(layout, room) > fitScale(fallback, room))) fallback = layout;
          if (ways.length) return next();
          if (index === 0) return { graph: candidates[0].graph, layout: fallback, open: candidates[0].open };
          return attempt(tries >= MAX_TRIES ? 0 : Math.floor(index / 2));
        });
      }
      return next();
    }
    return attempt(target);
  }

  function withShown(view, shown) {
    return Object.assign({}, view, { shown: shown });
  }

  /* The part of a drawing that shows, and how large: {box (the viewBox), size: [width, height] in
   * px, scale}. The whole drawing when it fits at ``scale``; else the part at ``anchor``
   * ({box: where a thing is now drawn, left, top: where it was in the window, in px}), or where
   * people are (the top's middle, or the left), or from ``top`` (a y of the drawing). */
  function placeWindow(drawing, room, scale, direction, anchor, top) {
    var viewWidth = room.width / scale;
    var viewHeight = Math.min(room.height / scale, drawing[3]);
    var x;
    var y;
    if (drawing[2] <= viewWidth) x = drawing[0] - (viewWidth - drawing[2]) / 2;
    else x = direction === "RIGHT" ? drawing[0] : drawing[0] + (drawing[2] - viewWidth) / 2;
    y = drawing[1];
    if (anchor && anchor.box) {
      var b = anchor.box;
      if (drawing[2] > viewWidth) x = inside(b[0] - anchor.left / scale, b[0], b[2], viewWidth);
      if (drawing[3] > viewHeight) y = inside(b[1] - anchor.top / scale, b[1], b[3], viewHeight);
    } else if (top !== undefined && top !== null) {
      // The rows of agents without relation, from their left.
      x = drawing[0];
      if (drawing[3] > viewHeight) y = top - 8;
    }
    if (drawing[2] > viewWidth) x = C.clamp(x, drawing[0], drawing[0] + drawing[2] - viewWidth);
    if (drawing[3] > viewHeight) y = C.clamp(y, drawing[1], drawing[1] + drawing[3] - viewHeight);
    return {
      box: [x, y, viewWidth, viewHeight],
      size: [Math.round(room.width), Math.round(viewHeight * scale)],
      scale: scale,
    };
  }

  /* ``start`` moved so that a thing at ``at`` (``length`` long) is inside a window ``view`` long,
   * its start first where it is longer. */
  function inside(start, at, length, view) {
    if (length >= view) return at;
    return C.clamp(start, at + length - view, at);
  }

  /* Lay out and draw into ``viewport`` what ``ask`` asks for (see choose; ask.anchor: {id of
   * the thing drawn to keep in place, left, top}; ask.looseFirst: show the agents without
   * relation). Resolves to {graph, layout, drawing, window, open, direction}. */
  function drawView(figureId, viewport, model, ask, room) {
    labelWidth = room.width < NARROW ? NARROW_LINE_WIDTH : LINE_WIDTH;
    margin = room.width < NARROW ? NARROW_MARGIN : MARGIN;
    layoutsRun = 0;
    return loadElk()
      .then(function (ELK) {
        return choose(ELK, model, ask, room);
      })
      .then(function (chosen) {
        var layout = chosen.layout;
        var fit = fitScale(layout, room);
        var scale = Math.max(Math.min(1, fit), MIN_SCALE);
        var drawing = drawMap(figureId, viewport, chosen.graph, layout, room.width / scale - 2 * margin);
        var box = drawing.box;
        scale = C.clamp(Math.min(1, room.width / box[2], room.height / box[3]), MIN_SCALE, 1);
        var anchor = null;
        if (ask.anchor) {
          var target = layout.frames[ask.anchor.id] || layout.boxes[ask.anchor.id];
          if (target) {
            anchor = {
              box: [target[0] + margin, target[1] + margin, target[2], target[3]],
              left: ask.anchor.left,
              top: ask.anchor.top,
            };
          }
        }
        var top = ask.looseFirst ? drawing.looseTop : null;
        return {
          graph: chosen.graph,
          layout: layout,
          drawing: drawing,
          window: placeWindow(box, room, scale, layout.direction, anchor, top),
          open: chosen.open,
          direction: layout.direction,
          layouts: layoutsRun,
        };
      });
  }

  AH.map = {
    KIND_WORDS: KIND_WORDS,
    MIN_SCALE: MIN_SCALE,
    loadElk: loadElk,
    windowHeight: windowHeight,
    readMap: readMap,
    foldable: foldable,
    drawView: drawView,
    mapSvg: mapSvg,
  };
})();
