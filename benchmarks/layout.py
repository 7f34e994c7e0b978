"""Measure graph layout engines against the handbook's layouts on real and generated teams.

For each team this takes the team map as the handbook builds it (``views.graphs.team_map``)
and keeps the nodes that have a relation; on a team of more than 40 agents also that map with
its groups closed into one node each, and with its largest group open. Each of these graphs
is drawn by:

- each candidate engine in headless Chromium, fed the same boxes (labels measured in the
  page's font) and the same edges (escalations reversed, so that people go up);
- the handbook's own layout before ELK (``--before``, a commit whose ``plugins/`` is
  exported to ``benchmarks/out/layout/src-SHA`` and run in a child process);
- the handbook as adopted: the map's list as the build writes it, drawn by the package's
  own ``handbook.js`` and the vendored ELK in Chromium, in the same state (groups open or
  closed) through the URL. Its lines can stand for several relations: one line per node
  pair and kind into a closed group or out of an open one on a large team.

Every drawing is measured the same way, from node boxes and edge polylines:

- crossings: points where two lines cross (lines that share an end are not compared);
- lines through a box: (line, box) pairs where a line passes through a node box other than
  its own two ends;
- layout time: median of ``--repeat`` runs after one warm-up, in the browser for the
  engines and the adopted map (the page's own clock), in Python for the layout before
  (layout and SVG text);
- size: the drawing's width and height in px at full size (labels 12 px);
- weight: the script and style bytes each layout needs on a page (and gzip-compressed, as a
  server sends them), and the bytes of each team's map page content before and after.

The engines come from npm, into a scratch folder outside the repository:

    npm install --prefix benchmarks/out/layout-engines elkjs@0.12.1 @dagrejs/dagre@3.1.3 \\
        @viz-js/viz@3.31.0 cytoscape@3.35.0 cytoscape-elk@2.3.0
    .venv/bin/python benchmarks/layout.py --repeat 5

The table goes to standard output (Markdown) and every number to
``benchmarks/out/layout/result.json``; ``--svg`` also writes each drawing as an SVG.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import html
import http.server
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "plugins"))

from agent_handbook.render.layout import layers  # noqa: E402
from agent_handbook.render.mapfigure import map_figure  # noqa: E402
from agent_handbook.render.pages import Handbook  # noqa: E402
from agent_handbook.team import load_team  # noqa: E402
from agent_handbook.views import (  # noqa: E402
    Context,
    Link,  # noqa: E402
    Options,
)
from agent_handbook.views.graphs import RANKING, GraphEdge, GraphView, group_slug, team_map  # noqa: E402
from generate import generate  # noqa: E402

SHARED = REPO.parent / "shared" / "corpus"
CHROMIUM = "/usr/bin/chromium"

#: Engine -> the npm files its page loads, in order.
ENGINE_FILES = {
    "elk-orthogonal": ["elkjs/lib/elk.bundled.js"],
    "elk-splines": ["elkjs/lib/elk.bundled.js"],
    "dagre": ["@dagrejs/dagre/dist/dagre.min.js"],
    "graphviz": ["@viz-js/viz/dist/viz-global.js"],
    "cytoscape-cose": ["cytoscape/dist/cytoscape.min.js"],
    "cytoscape-elk": [
        "cytoscape/dist/cytoscape.min.js",
        "elkjs/lib/elk.bundled.js",
        "cytoscape-elk/dist/cytoscape-elk.js",
    ],
}
OURS = "handbook (before: its own layout)"
#: Teams above this many agents are measured with their groups closed too.
COLLAPSE_ABOVE = 40


# -- the graphs ---------------------------------------------------------------------------------


def default_teams(out: Path) -> dict[str, Path]:
    generated = out / "team-200"
    if not generated.exists():
        generate(200, generated)
    return {
        "sample (repo agents/)": REPO / "agents",
        "damilola-elegbede__claude-config": SHARED / "damilola-elegbede__claude-config" / ".claude" / "agents",
        "github__awesome-copilot": SHARED / "github__awesome-copilot" / "agents",
        "generated, 200 agents": generated,
    }


def connected_view(folder: Path) -> tuple[GraphView, int]:
    """The team map of ``folder`` reduced to the nodes with a relation, and the team's size."""
    team = load_team([folder], root=folder)
    view = team_map(Context(team, Options()))
    linked = {n for e in view.edges for n in (e.source, e.target) if e.source != e.target}
    view.nodes = [n for n in view.nodes if n.id in linked]
    view.edges = [e for e in view.edges if e.source != e.target]
    view.groups = [(title, [m for m in members if m in linked]) for title, members in view.groups]
    view.groups = [(title, members) for title, members in view.groups if members]
    return view, len(team.agents)


PEOPLE = "People and names outside the team"


def collapsed(view: GraphView, opened: str = "") -> GraphView:
    """``view`` with every group but ``opened`` (and the people) drawn as one node, the
    relations to its members added up by kind: what the map shows first on a large team."""
    group_of = {m: title for title, members in view.groups if title not in (PEOPLE, opened) for m in members}
    labels = {n.id: n for n in view.nodes}
    nodes: dict[str, Link] = {}
    for title, members in view.groups:
        if title in (PEOPLE, opened):
            nodes.update((m, labels[m]) for m in members)
        else:
            nodes[f"group:{title}"] = Link(f"group:{title}", f"{title} ({len(members)})", None, "cluster")
    counts: dict[tuple[str, str, str], int] = {}
    for edge in view.edges:
        a = f"group:{group_of[edge.source]}" if edge.source in group_of else edge.source
        b = f"group:{group_of[edge.target]}" if edge.target in group_of else edge.target
        if a != b:
            counts[(a, edge.kind, b)] = counts.get((a, edge.kind, b), 0) + 1
    edges = [GraphEdge(a, b, kind, f"{count} relations", count) for (a, kind, b), count in counts.items()]
    rank = [(nodes_of(u, group_of), nodes_of(v, group_of)) for u, v in view.rank_edges]
    groups = [(opened, [m for m in dict(view.groups)[opened]])] if opened else []
    groups.append(("", [n for n in nodes if not n.startswith("group:") and n not in dict(groups)]))
    return GraphView(
        id="ah-map",
        title=view.title,
        nodes=list(nodes.values()),
        edges=edges,
        layout="grouped",
        groups=[*groups, ("groups", [n for n in nodes if n.startswith("group:")])],
        rank_edges=[(u, v) for u, v in rank if u != v],
    )


def nodes_of(node: str, group_of: dict[str, str]) -> str:
    return f"group:{group_of[node]}" if node in group_of else node


def ranks(view: GraphView) -> dict[str, int]:
    """The layer of each node by its rank edges alone (longest path, cycles broken)."""
    return layers([n.id for n in view.nodes], view.rank_edges)


def oriented(view: GraphView) -> list[dict[str, str]]:
    """Each edge as (u, v) with u the end a layered drawing puts above: escalations reversed,
    relations of no direction (works with, boundary) from the higher node by rank edges."""
    rank = ranks(view)
    out = []
    for edge in view.edges:
        if edge.kind in RANKING:
            up = RANKING[edge.kind]
            u, v = (edge.target, edge.source) if up else (edge.source, edge.target)
        else:
            u, v = sorted((edge.source, edge.target), key=lambda n: (rank.get(n, 0), n))
        out.append({"u": u, "v": v, "kind": edge.kind})
    return out


# -- the handbook's own layout ------------------------------------------------------------------

NODE = re.compile(
    r'<g class="ah-node[^"]*" data-node="([^"]*)"[^>]*><title>.*?</title><rect x="([-\d.]+)" y="([-\d.]+)" '
    r'width="([\d.]+)" height="([\d.]+)"[^>]*/><text[^>]*>(.*?)</text>'
)
EDGE = re.compile(
    r'<path d="M([-\d.]+),([-\d.]+) Q([-\d.]+),([-\d.]+) ([-\d.]+),([-\d.]+)"[^>]*data-source="([^"]*)" data-target="([^"]*)"'
)
SIZE = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')


def parse_svg(svg: str) -> dict:
    """Boxes and edge curves (sampled) of a figure drawn by the handbook's own layout."""
    nodes = {}
    cut = 0
    for node, x, y, w, h, label in NODE.findall(svg):
        nodes[html.unescape(node)] = [float(x), float(y), float(w), float(h)]
        cut += label.endswith("…")
    edges = []
    for sx, sy, cx, cy, tx, ty, source, target in EDGE.findall(svg):
        p0, p1, p2 = (float(sx), float(sy)), (float(cx), float(cy)), (float(tx), float(ty))
        points = [
            [
                (1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * p1[0] + t * t * p2[0],
                (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * p1[1] + t * t * p2[1],
            ]
            for t in (i / 12 for i in range(13))
        ]
        edges.append({"s": html.unescape(source), "t": html.unescape(target), "pts": points})
    width, height = map(float, SIZE.search(svg).groups())
    return {"nodes": nodes, "edges": edges, "width": width, "height": height, "cut": cut}


#: Run at the commit before the map moved to ELK, with that commit's package first on the
#: path: its own layout of each view (timed), and its map page of each team.
BEFORE_SCRIPT = """
import json, sys, time
from pathlib import Path
from agent_handbook.render.graphs import draw
from agent_handbook.render.pages import Handbook
from agent_handbook.team import load_team
from agent_handbook.views import Link
from agent_handbook.views.graphs import GraphEdge, GraphView
job = json.load(sys.stdin)
out = {"views": {}, "pages": {}}
for name, v in job["views"].items():
    view = GraphView(id="ah-map", title="Team map", nodes=[Link(*n) for n in v["nodes"]],
                     edges=[GraphEdge(*e) for e in v["edges"]], layout="grouped",
                     groups=[(t, m) for t, m in v["groups"]], rank_edges=[tuple(e) for e in v["rank_edges"]])
    times = []
    for _ in range(job["repeat"] + 1):
        start = time.perf_counter()
        svg = draw(view, "handbook/map.md")
        times.append((time.perf_counter() - start) * 1000)
    out["views"][name] = {"svg": svg, "ms": times[1:]}
for team, folder in job["teams"].items():
    out["pages"][team] = Handbook(load_team([Path(folder)], root=Path(folder))).map_page()
json.dump(out, sys.stdout)
"""


def export(ref: str, out: Path) -> tuple[Path, str]:
    """``plugins/`` and the assets at ``ref``, in ``out`` (kept between runs)."""
    sha = subprocess.run(["git", "rev-parse", "--short", ref], cwd=REPO, capture_output=True, text=True, check=True)
    sha = sha.stdout.strip()
    folder = out / f"src-{sha}"
    if not (folder / "plugins").exists():
        folder.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", sha, "plugins"], cwd=REPO, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder, sha


def before(ref: str, out: Path, views: dict[str, GraphView], teams: dict[str, Path], repeat: int):
    """The handbook's own layout at ``ref``: each view's drawing and each team's map page."""
    folder, sha = export(ref, out)
    job = {
        "repeat": repeat,
        "teams": {name: str(path) for name, path in teams.items()},
        "views": {
            name: {
                "nodes": [[n.id, n.label, n.uri, n.role] for n in view.nodes],
                "edges": [[e.source, e.target, e.kind, e.title, e.weight] for e in view.edges],
                "groups": view.groups,
                "rank_edges": view.rank_edges,
            }
            for name, view in views.items()
        },
    }
    env = {**os.environ, "PYTHONPATH": str(folder / "plugins")}
    done = subprocess.run(
        [sys.executable, "-c", BEFORE_SCRIPT], input=json.dumps(job), capture_output=True, text=True, env=env
    )
    if done.returncode:
        raise SystemExit(f"the layout at {ref} failed:\n{done.stderr}")
    result = json.loads(done.stdout)
    drawings = {name: {**parse_svg(v["svg"]), "ms": v["ms"]} for name, v in result["views"].items()}
    assets = folder / "plugins" / "agent_handbook" / "assets"
    return drawings, result["pages"], assets, sha


# -- the handbook as adopted: its own page script and ELK, on the map's list ---------------------

ADOPTED = "handbook (ELK, as adopted)"
ASSETS = REPO / "plugins" / "agent_handbook" / "assets"
sys.path.insert(0, str(REPO / "plugins"))
from agent_handbook.render import ASSETS as PACKAGE_ASSETS  # noqa: E402
from agent_handbook.render import SCRIPTS  # noqa: E402

#: Read from the page once drawn: boxes, and each line as the corners of its path.
DRAWING = """fig => {
    const boxes = {};
    fig.querySelectorAll('svg g.ah-node[data-node]').forEach(g => {
        const r = g.querySelector('rect');
        boxes[g.dataset.node] = ['x', 'y', 'width', 'height'].map(a => +r.getAttribute(a));
    });
    const edges = Array.from(fig.querySelectorAll('svg path.ah-edge'), p => ({
        s: p.dataset.source, t: p.dataset.target, d: p.getAttribute('d')}));
    const box = fig.querySelector('svg g.ah-viewport').getBBox();
    return {nodes: boxes, edges: edges, width: box.width, height: box.height,
            ms: +fig.dataset.ahLayoutMs, lines: edges.length};
}"""


def corners(d: str) -> list[list[float]]:
    """The points of a path of M, L and Q commands (a rounded corner by its control point)."""
    numbers = [float(n) for n in re.findall(r"-?[\d.]+", d)]
    return [numbers[i : i + 2] for i in range(0, len(numbers), 2)]


def adopted_page(folder: Path, figures: dict[str, str]) -> None:
    """A page per team with its map figure (as built, in a column as wide as a map page's) and
    the package's own script, style and ELK."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in PACKAGE_ASSETS:
        shutil.copyfile(ASSETS / name, folder / name)
    scripts = "".join(f"<script src={name}></script>" for name in SCRIPTS)
    (folder / "vendor" / "elkjs").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ASSETS / "vendor" / "elkjs" / "elk.bundled.js", folder / "vendor" / "elkjs" / "elk.bundled.js")
    for slug, figure in figures.items():
        (folder / f"{slug}.html").write_text(
            "<!doctype html><meta charset=utf-8><title>map</title><link rel=stylesheet href=handbook.css>"
            f'<div style="width: 940px; margin: 0 auto">{figure}</div>{scripts}',
            encoding="utf-8",
        )


def run_adopted(pages: dict[str, tuple[str, str]], folder: Path, repeat: int) -> dict[str, dict]:
    """Each (page, hash) opened ``repeat`` times: the drawing of the last, the layout times of all."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    results = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for name, (slug, state) in pages.items():
                print(f"  {name}: {ADOPTED}", file=sys.stderr)
                times, drawing = [], None
                for _ in range(repeat + 1):  # the first one warms up
                    page = browser.new_page(viewport={"width": 1280, "height": 900})
                    page.goto(f"http://127.0.0.1:{server.server_address[1]}/{slug}.html{state}")
                    page.wait_for_function(
                        "() => { const f = document.querySelector('#ah-map'); return f && f.dataset.ahReady && !f.dataset.ahBusy; }",
                        timeout=120_000,
                    )
                    drawing = page.locator("#ah-map").evaluate(DRAWING)
                    times.append(drawing["ms"])
                    page.close()
                drawing["ms"] = times[1:]
                drawing["edges"] = [{"s": e["s"], "t": e["t"], "pts": corners(e["d"])} for e in drawing["edges"]]
                results[name] = drawing
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return results


# -- measuring a drawing ------------------------------------------------------------------------

CELL = 64.0


def _cells(x1: float, y1: float, x2: float, y2: float):
    for i in range(int(min(x1, x2) // CELL), int(max(x1, x2) // CELL) + 1):
        for j in range(int(min(y1, y2) // CELL), int(max(y1, y2) // CELL) + 1):
            yield i, j


def _orient(a, b, c) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def _cross(p1, p2, q1, q2) -> bool:
    """Whether two segments cross at a single interior point (touching and overlap are not)."""
    d1, d2 = _orient(q1, q2, p1), _orient(q1, q2, p2)
    d3, d4 = _orient(p1, p2, q1), _orient(p1, p2, q2)
    eps = 1e-6
    return ((d1 > eps and d2 < -eps) or (d1 < -eps and d2 > eps)) and (
        (d3 > eps and d4 < -eps) or (d3 < -eps and d4 > eps)
    )


def _segments(edges: list[dict]) -> list[tuple[int, tuple, tuple]]:
    out = []
    for index, edge in enumerate(edges):
        points = edge["pts"]
        for a, b in zip(points, points[1:]):
            if a != b:
                out.append((index, tuple(a), tuple(b)))
    return out


def crossings(edges: list[dict]) -> int:
    """Points where two edges that share no end cross."""
    segments = _segments(edges)
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for k, (_, a, b) in enumerate(segments):
        for cell in _cells(a[0], a[1], b[0], b[1]):
            grid[cell].append(k)
    seen: set[tuple[int, int]] = set()
    count = 0
    for members in grid.values():
        for i, k in enumerate(members):
            ek, a, b = segments[k]
            for m in members[i + 1 :]:
                em, c, d = segments[m]
                if ek == em or (k, m) in seen:
                    continue
                ends = {edges[ek]["s"], edges[ek]["t"]}
                if edges[em]["s"] in ends or edges[em]["t"] in ends:
                    continue
                seen.add((k, m))
                count += _cross(a, b, c, d)
    return count


def _through(a, b, box, inset: float = 1.5) -> bool:
    """Whether segment a-b passes through the inside of ``box`` (x, y, w, h), by clipping."""
    x0, y0, x1, y1 = box[0] + inset, box[1] + inset, box[0] + box[2] - inset, box[1] + box[3] - inset
    dx, dy = b[0] - a[0], b[1] - a[1]
    low, high = 0.0, 1.0
    for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return high - low > 1e-9


def box_hits(edges: list[dict], boxes: dict[str, list[float]]) -> int:
    """(edge, box) pairs where the edge passes through a box other than its own ends."""
    grid: dict[tuple[int, int], list[str]] = defaultdict(list)
    for node, (x, y, w, h) in boxes.items():
        for cell in _cells(x, y, x + w, y + h):
            grid[cell].append(node)
    hits = set()
    for index, edge in enumerate(edges):
        points = edge["pts"]
        for a, b in zip(points, points[1:]):
            for cell in _cells(a[0], a[1], b[0], b[1]):
                for node in grid.get(cell, ()):
                    if node in (edge["s"], edge["t"]) or (index, node) in hits:
                        continue
                    if _through(a, b, boxes[node]):
                        hits.add((index, node))
    return len(hits)


def overlaps(boxes: dict[str, list[float]]) -> int:
    """Pairs of node boxes that overlap (a layout that piles nodes up hides them)."""
    items = list(boxes.values())
    return sum(
        1
        for i, a in enumerate(items)
        for b in items[i + 1 :]
        if a[0] < b[0] + b[2] - 1 and b[0] < a[0] + a[2] - 1 and a[1] < b[1] + b[3] - 1 and b[1] < a[1] + a[3] - 1
    )


# -- the browser --------------------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature of the base class
        pass


def harness(folder: Path, modules: Path) -> None:
    """A page that loads every engine and the harness script, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    scripts = []
    for files in ENGINE_FILES.values():
        for name in files:
            if name not in scripts:
                scripts.append(name)
    tags = []
    for name in scripts:
        target = folder / "engines" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(modules / name, target)
        tags.append(f'<script src="engines/{name}"></script>')
    shutil.copyfile(HERE / "layout_harness.js", folder / "harness.js")
    (folder / "index.html").write_text(
        "<!doctype html><meta charset=utf-8><title>layout</title>"
        + "".join(tags)
        + "<script>cytoscape.use(cytoscapeElk)</script><script src=harness.js></script>",
        encoding="utf-8",
    )


def run_engines(graphs: dict[str, dict], folder: Path, repeat: int, engines: list[str]) -> dict:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    results: dict[str, dict[str, dict]] = defaultdict(dict)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for name, graph in graphs.items():
                for engine in engines:
                    # A fresh page per run: one engine's garbage does not slow the next.
                    page = browser.new_page()
                    page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
                    page.wait_for_function("() => window.runLayout")
                    print(f"  {name}: {engine}", file=sys.stderr)
                    results[name][engine] = page.evaluate(
                        "([e, g, r]) => window.runLayout(e, g, r)", [engine, graph, repeat]
                    )
                    page.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return results


# -- the report ---------------------------------------------------------------------------------


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def weights(modules: Path, before_assets: Path) -> dict[str, tuple[int, int]]:
    """Script (and style) bytes each layout needs on a page, raw and gzip-compressed."""
    out = {}
    for engine, files in ENGINE_FILES.items():
        data = b"".join((modules / f).read_bytes() for f in files)
        out[engine] = (len(data), gzipped(data))
    for name, assets, files in (
        (OURS, before_assets, ("handbook.js", "handbook.css")),
        (ADOPTED, ASSETS, (*PACKAGE_ASSETS, "vendor/elkjs/elk.bundled.js")),
    ):
        data = b"".join((assets / f).read_bytes() for f in files)
        out[name] = (len(data), gzipped(data))
    return out


def measure(result: dict) -> dict:
    return {
        "crossings": crossings(result["edges"]),
        "box_hits": box_hits(result["edges"], result["nodes"]),
        "overlaps": overlaps(result["nodes"]),
        "ms": statistics.median(result["ms"]),
        "width": round(result["width"]),
        "height": round(result["height"]),
        "cut": result.get("cut", 0),
        "lines": len(result["edges"]),
    }


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engines", type=Path, default=HERE / "out" / "layout-engines" / "node_modules")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "layout")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", nargs="*", default=list(ENGINE_FILES), help="engines to run")
    parser.add_argument("--team", action="append", default=[], metavar="NAME=FOLDER", help="instead of the defaults")
    parser.add_argument("--svg", action="store_true", help="also write each drawing as an SVG into --out")
    parser.add_argument(
        "--before", default="abe9bfa", help="the commit whose own layout to measure (the last before ELK)"
    )
    args = parser.parse_args(argv)

    teams = dict(t.split("=", 1) for t in args.team) if args.team else default_teams(args.out)
    teams = {name: Path(folder) for name, folder in teams.items()}
    graphs, views, sizes, adopted_pages, figures, weights_of_pages = {}, {}, {}, {}, {}, {}
    for team, folder in teams.items():
        whole, agents = connected_view(folder)
        variants = {"every node with a relation": whole}
        if agents > COLLAPSE_ABOVE:
            variants["groups closed"] = collapsed(whole)
            largest = max((t for t, _ in whole.groups if t != PEOPLE), key=lambda t: len(dict(whole.groups)[t]))
            variants["largest group open"] = collapsed(whole, largest)
        # The handbook as adopted draws the map it builds, in the states its reader can ask for.
        full = Handbook(load_team([folder], root=folder))
        view = team_map(full.ctx)
        slug = re.sub(r"[^a-z0-9]+", "-", team.lower()).strip("-")
        figures[slug] = map_figure(view, "handbook/map.md")
        weights_of_pages[team] = {ADOPTED: len(full.map_page().encode())}
        foldable = [group_slug(t) for t in view.foldable]
        states = {"every node with a relation": f"#ah-map:groups={','.join(foldable)}" if view.start_closed else ""}
        if agents > COLLAPSE_ABOVE:
            states["groups closed"] = ""
            states["largest group open"] = f"#ah-map:groups={group_slug(largest)}"
        for variant, graph_view in variants.items():
            name = f"{team}: {variant}"
            views[name] = graph_view
            sizes[name] = (agents, len(graph_view.nodes), len(graph_view.edges))
            graphs[name] = {
                "nodes": [{"id": n.id, "label": n.label} for n in graph_view.nodes],
                "edges": oriented(graph_view),
            }
            adopted_pages[name] = (slug, states[variant])

    harness(args.out / "page", args.engines)
    results = run_engines(graphs, args.out / "page", args.repeat, args.only)
    drawings, old_pages, old_assets, old_sha = before(args.before, args.out, views, teams, args.repeat)
    for name, drawing in drawings.items():
        results[name][OURS] = drawing
    for team, page in old_pages.items():
        weights_of_pages[team][OURS] = len(page.encode())
    adopted_page(args.out / "adopted", figures)
    for name, drawing in run_adopted(adopted_pages, args.out / "adopted", args.repeat).items():
        results[name][ADOPTED] = drawing
    if args.svg:
        write_drawings(results, args.out)

    weight = weights(args.engines, old_assets)
    rows = []
    for name in graphs:
        for engine in [OURS, ADOPTED, *args.only]:
            numbers = measure(results[name][engine])
            rows.append({"team": name, "engine": engine, **numbers})
    args.out.mkdir(parents=True, exist_ok=True)
    meta = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit(),
        "before": old_sha,
        "repeat": args.repeat,
        "graphs": {name: dict(zip(("agents", "nodes", "edges"), size)) for name, size in sizes.items()},
        "weights": weight,
        "pages": weights_of_pages,
    }
    (args.out / "result.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=1), encoding="utf-8")
    print(report(meta, rows))
    return 0


def report(meta: dict, rows: list[dict]) -> str:
    lines = [
        f"Measured {meta['date']} at commit {meta['commit']} (the layout before: {meta['before']}); "
        f"layout times are medians of {meta['repeat']} runs after a warm-up.",
        "",
        "| graph (agents in the team; nodes, relations) | layout | lines drawn | crossings | lines through a box "
        "| boxes overlapping | layout ms | size px | labels cut |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        graph = meta["graphs"][row["team"]]
        team = f"{row['team']} ({graph['agents']}; {graph['nodes']}, {graph['edges']})"
        lines.append(
            f"| {team} | {row['engine']} | {row['lines']} | {row['crossings']} | {row['box_hits']} | {row['overlaps']} | "
            f"{row['ms']:.1f} | {row['width']}×{row['height']} | {row['cut']} |"
        )
    lines += ["", "| layout | script bytes | gzip |", "|---|---:|---:|"]
    for engine, (raw, packed) in meta["weights"].items():
        lines.append(f"| {engine} | {raw:,} | {packed:,} |")
    lines += ["", "| team | map page content before | after |", "|---|---:|---:|"]
    for team, sizes in meta["pages"].items():
        lines.append(f"| {team} | {sizes[OURS]:,} | {sizes[ADOPTED]:,} |")
    return "\n".join(lines)


def write_drawings(results: dict, out: Path) -> None:
    """Each drawing as a plain SVG (boxes, polylines), to look at."""
    for team, engines in results.items():
        slug = re.sub(r"[^a-z0-9]+", "-", team.lower()).strip("-")
        for engine, result in engines.items():
            parts = []
            for node, (x, y, w, h) in result["nodes"].items():
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="5" fill="#fff" stroke="#555"/>'
                    f'<text x="{x + w / 2:.1f}" y="{y + h / 2 + 4:.1f}" text-anchor="middle" font-size="12" font-family="sans-serif">{html.escape(node)}</text>'
                )
            lines = [
                f'<polyline fill="none" stroke="#c33" stroke-opacity=".6" points="{" ".join(f"{p[0]:.1f},{p[1]:.1f}" for p in e["pts"])}"/>'
                for e in result["edges"]
            ]
            width, height = math.ceil(result["width"]) + 10, math.ceil(result["height"]) + 10
            svg = (
                f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="-5 -5 {width} {height}">'
                f'<rect x="-5" y="-5" width="{width}" height="{height}" fill="#fff"/>'
                + "".join(lines)
                + "".join(parts)
                + "</svg>"
            )
            (out / f"{slug}--{engine.replace(' ', '-').replace('(', '').replace(')', '')}.svg").write_text(
                svg, encoding="utf-8"
            )


if __name__ == "__main__":
    sys.exit(main())
