/* Browser side of benchmarks/layout.py: lay out one graph with one engine, time it, and
 * return the geometry (node boxes, edge polylines) for the Python side to measure.
 *
 * window.runLayout(engine, graph, repeat) -> Promise<{ms: [...], nodes: {id: [x, y, w, h]},
 * edges: [{s, t, pts: [[x, y], ...]}], width, height}>. Boxes are top-left corner and size;
 * curves are sampled into polylines. Every engine gets the same boxes and the same edges,
 * oriented so that "u above v" reads u -> v (escalations reversed: people go up).
 */
(function () {
  "use strict";

  var FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  var HEIGHT = 26;
  var canvas = document.createElement("canvas").getContext("2d");
  canvas.font = FONT;

  function width(label) {
    return Math.ceil(canvas.measureText(label).width) + 20;
  }

  function sizes(graph) {
    var out = {};
    graph.nodes.forEach(function (node) {
      out[node.id] = { w: width(node.label), h: HEIGHT };
    });
    return out;
  }

  function cubic(p0, p1, p2, p3, steps) {
    var out = [];
    for (var i = 1; i <= steps; i++) {
      var t = i / steps;
      var u = 1 - t;
      out.push([
        u * u * u * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t * t * t * p3[0],
        u * u * u * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t * t * t * p3[1],
      ]);
    }
    return out;
  }

  /* A list of Bézier control points (start, c1, c2, end, c1, c2, end, ...) as a polyline. */
  function bezierPolyline(points) {
    var out = [points[0]];
    for (var i = 0; i + 3 < points.length; i += 3) {
      out = out.concat(cubic(points[i], points[i + 1], points[i + 2], points[i + 3], 10));
    }
    return out;
  }

  /* The point where the segment from a box's centre toward (x, y) leaves the box. */
  function clip(box, x, y) {
    var cx = box[0] + box[2] / 2;
    var cy = box[1] + box[3] / 2;
    var dx = x - cx;
    var dy = y - cy;
    if (!dx && !dy) return [cx, cy];
    var s = Math.min(dx ? box[2] / 2 / Math.abs(dx) : Infinity, dy ? box[3] / 2 / Math.abs(dy) : Infinity);
    return [cx + dx * s, cy + dy * s];
  }

  function straight(boxes, graph) {
    return graph.edges.map(function (edge) {
      var a = boxes[edge.u];
      var b = boxes[edge.v];
      return {
        s: edge.u,
        t: edge.v,
        pts: [clip(a, b[0] + b[2] / 2, b[1] + b[3] / 2), clip(b, a[0] + a[2] / 2, a[1] + a[3] / 2)],
      };
    });
  }

  var engines = {};

  engines["elk-orthogonal"] = function (graph) {
    return elk(graph, "ORTHOGONAL");
  };
  engines["elk-splines"] = function (graph) {
    return elk(graph, "SPLINES");
  };

  function elk(graph, routing) {
    var size = sizes(graph);
    var input = {
      id: "root",
      layoutOptions: {
        "elk.algorithm": "layered",
        "elk.direction": "DOWN",
        "elk.edgeRouting": routing,
        "elk.spacing.nodeNode": "18",
        "elk.layered.spacing.nodeNodeBetweenLayers": "36",
        "elk.spacing.edgeNode": "10",
        "elk.spacing.edgeEdge": "6",
        "elk.spacing.componentComponent": "28",
      },
      children: graph.nodes.map(function (node) {
        return { id: node.id, width: size[node.id].w, height: size[node.id].h };
      }),
      edges: graph.edges.map(function (edge, index) {
        return { id: "e" + index, sources: [edge.u], targets: [edge.v] };
      }),
    };
    return new ELK().layout(input).then(function (out) {
      var boxes = {};
      out.children.forEach(function (child) {
        boxes[child.id] = [child.x, child.y, child.width, child.height];
      });
      var edges = out.edges.map(function (edge, index) {
        var pts = [];
        (edge.sections || []).forEach(function (section) {
          var points = [section.startPoint].concat(section.bendPoints || [], [section.endPoint]).map(function (p) {
            return [p.x, p.y];
          });
          pts = pts.concat(routing === "SPLINES" ? bezierPolyline(points) : points);
        });
        return { s: graph.edges[index].u, t: graph.edges[index].v, pts: pts };
      });
      return { nodes: boxes, edges: edges, width: out.width, height: out.height };
    });
  }

  engines.dagre = function (graph) {
    var size = sizes(graph);
    var g = new dagre.graphlib.Graph({ multigraph: true });
    g.setGraph({ rankdir: "TB", nodesep: 18, ranksep: 36, edgesep: 8, marginx: 0, marginy: 0 });
    g.setDefaultEdgeLabel(function () {
      return {};
    });
    graph.nodes.forEach(function (node) {
      g.setNode(node.id, { width: size[node.id].w, height: size[node.id].h });
    });
    graph.edges.forEach(function (edge, index) {
      g.setEdge(edge.u, edge.v, {}, "e" + index);
    });
    dagre.layout(g);
    var boxes = {};
    g.nodes().forEach(function (id) {
      var n = g.node(id);
      boxes[id] = [n.x - n.width / 2, n.y - n.height / 2, n.width, n.height];
    });
    var edges = graph.edges.map(function (edge, index) {
      var e = g.edge({ v: edge.u, w: edge.v, name: "e" + index });
      return {
        s: edge.u,
        t: edge.v,
        pts: e.points.map(function (p) {
          return [p.x, p.y];
        }),
      };
    });
    var info = g.graph();
    return Promise.resolve({ nodes: boxes, edges: edges, width: info.width, height: info.height });
  };

  var vizInstance = null;
  engines.graphviz = function (graph) {
    var size = sizes(graph);
    var ids = {};
    var lines = [
      "digraph G {",
      'graph [rankdir=TB, nodesep=0.25, ranksep=0.5, splines=true, outputorder="edgesfirst"];',
      'node [shape=box, fixedsize=true, label=""];',
    ];
    graph.nodes.forEach(function (node, index) {
      ids[node.id] = "n" + index;
      lines.push("n" + index + " [width=" + size[node.id].w / 72 + ", height=" + size[node.id].h / 72 + "];");
    });
    graph.edges.forEach(function (edge) {
      lines.push(ids[edge.u] + " -> " + ids[edge.v] + ";");
    });
    lines.push("}");
    var ready = vizInstance ? Promise.resolve(vizInstance) : Viz.instance();
    return ready.then(function (viz) {
      vizInstance = viz;
      var out = viz.renderJSON(lines.join("\n"));
      var bb = out.bb.split(",").map(Number);
      var top = bb[3];
      var boxes = {};
      var byGvid = {};
      (out.objects || []).forEach(function (object) {
        byGvid[object._gvid] = object;
      });
      graph.nodes.forEach(function (node, index) {
        var object = out.objects.filter(function (o) {
          return o.name === "n" + index;
        })[0];
        var pos = object.pos.split(",").map(Number);
        var w = Number(object.width) * 72;
        var h = Number(object.height) * 72;
        boxes[node.id] = [pos[0] - w / 2, top - pos[1] - h / 2, w, h];
      });
      var edges = (out.edges || []).map(function (edge, index) {
        var pts = [];
        (edge._draw_ || []).forEach(function (op) {
          if (op.op === "b") {
            pts = bezierPolyline(
              op.points.map(function (p) {
                return [p[0], top - p[1]];
              })
            );
          }
        });
        return { s: graph.edges[index].u, t: graph.edges[index].v, pts: pts };
      });
      return { nodes: boxes, edges: edges, width: bb[2], height: bb[3] };
    });
  };

  function cytoscapeLayout(graph, options) {
    var size = sizes(graph);
    var elements = graph.nodes.map(function (node) {
      return { data: { id: node.id, w: size[node.id].w, h: size[node.id].h } };
    });
    graph.edges.forEach(function (edge, index) {
      elements.push({ data: { id: "e" + index, source: edge.u, target: edge.v } });
    });
    var cy = cytoscape({
      headless: true,
      styleEnabled: true,
      elements: elements,
      style: [{ selector: "node", style: { width: "data(w)", height: "data(h)", shape: "round-rectangle" } }],
    });
    var layout = cy.layout(options);
    var done = new Promise(function (resolve) {
      layout.one("layoutstop", resolve);
    });
    layout.run();
    return done.then(function () {
      var boxes = {};
      var left = Infinity;
      var top = Infinity;
      cy.nodes().forEach(function (n) {
        var p = n.position();
        var w = n.data("w");
        var h = n.data("h");
        boxes[n.id()] = [p.x - w / 2, p.y - h / 2, w, h];
        left = Math.min(left, p.x - w / 2);
        top = Math.min(top, p.y - h / 2);
      });
      var right = -Infinity;
      var bottom = -Infinity;
      Object.keys(boxes).forEach(function (id) {
        var b = boxes[id];
        b[0] -= left;
        b[1] -= top;
        right = Math.max(right, b[0] + b[2]);
        bottom = Math.max(bottom, b[1] + b[3]);
      });
      cy.destroy();
      return { nodes: boxes, edges: straight(boxes, graph), width: right, height: bottom };
    });
  }

  engines["cytoscape-cose"] = function (graph) {
    return cytoscapeLayout(graph, {
      name: "cose",
      animate: false,
      randomize: true,
      nodeDimensionsIncludeLabels: false,
    });
  };
  engines["cytoscape-elk"] = function (graph) {
    return cytoscapeLayout(graph, {
      name: "elk",
      animate: false,
      elk: { algorithm: "layered", "elk.direction": "DOWN", "elk.spacing.nodeNode": 18 },
    });
  };

  window.engineNames = function () {
    return Object.keys(engines);
  };

  window.runLayout = function (engine, graph, repeat) {
    var times = [];
    var last = null;
    var run = function (left) {
      var start = performance.now();
      return engines[engine](graph).then(function (result) {
        times.push(performance.now() - start);
        last = result;
        return left > 1 ? run(left - 1) : null;
      });
    };
    // One warm-up run (JIT, the WebAssembly module), not counted.
    return engines[engine](graph)
      .then(function () {
        return run(repeat);
      })
      .then(function () {
        last.ms = times;
        return last;
      });
  };
})();
