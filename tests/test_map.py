"""The team map on the sample team and on generated teams of 12, 60, 250 and 500 agents: built
for real, drawn in headless Chromium.

The sample is this repository's own site (``mkdocs.yml``, ``agents/``); the generated teams are
``benchmarks/generate.py``'s (folders of about 50 agents, about four relations each), the larger
ones with a few agents added that have no relation at all. Everything is measured from the page
as drawn: which nodes show, where the boxes are on the screen, how large the labels show, and
whether any line of the drawing passes through a box that is not one of its two ends.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import sys
import threading
from pathlib import Path

import pytest

from .browsing import playwright
from .sitebuild import mkdocs_build

ROOT = Path(__file__).resolve().parent.parent
playwright()  # skips the module without Chromium, fails where it is required

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402

LONERS = 12
MKDOCS_YML = """\
site_name: Map of {n}
theme:
  name: material
  font: false
plugins:
  - agent-handbook:
      agents_dir: agents
"""
LONER = """\
---
name: {name}
description: Writes a haiku about the weather every morning.
---

Writes a haiku about the weather, every morning, for the team's channel.
"""

SHOWN = "e => { for (; e; e = e.parentElement) if (getComputedStyle(e).display === 'none') return false; return true; }"
NODES = f"fig => Array.from(fig.querySelectorAll('svg g.ah-node[data-node]')).filter({SHOWN}).map(g => g.dataset.node)"
#: Lines of the drawing that pass through the inside of a box other than their two ends,
#: sampled every 2 px along each path (the boxes shrunk by 1 px: a line may touch a border).
THROUGH_BOXES = f"""fig => {{
    const boxes = Array.from(fig.querySelectorAll('svg g.ah-node[data-node]')).filter({SHOWN}).map(g => {{
        const r = g.querySelector('rect');
        return {{id: g.dataset.node, x: +r.getAttribute('x'), y: +r.getAttribute('y'),
                 w: +r.getAttribute('width'), h: +r.getAttribute('height')}};
    }});
    const hits = [];
    for (const path of Array.from(fig.querySelectorAll('svg path.ah-edge')).filter({SHOWN})) {{
        const length = path.getTotalLength();
        const points = [];
        for (let at = 0; at <= length; at += 2) points.push(path.getPointAtLength(at));
        const b = path.getBBox();
        for (const box of boxes) {{
            if (box.id === path.dataset.source || box.id === path.dataset.target) continue;
            if (box.x > b.x + b.width || box.x + box.w < b.x || box.y > b.y + b.height || box.y + box.h < b.y) continue;
            if (points.some(p => p.x > box.x + 1 && p.x < box.x + box.w - 1 && p.y > box.y + 1 && p.y < box.y + box.h - 1)) {{
                hits.push([path.dataset.source, path.dataset.target, box.id]);
            }}
        }}
    }}
    return hits;
}}"""
BOXES = """fig => Object.fromEntries(Array.from(fig.querySelectorAll('svg g.ah-node[data-node]'), g => {
    const r = g.querySelector('rect');
    return [g.dataset.node, [+r.getAttribute('x'), +r.getAttribute('y'), +r.getAttribute('width'), +r.getAttribute('height')]];
}))"""
VIEW_IDENTITY = "fig => getComputedStyle(fig.querySelector('g.ah-viewport')).transform === 'none'"
DESKTOP = (1280, 900)
PHONE = (390, 844)
#: The window (the drawing's element on the screen), what lies outside it, and the smallest
#: text of the drawing as it shows on the screen, in px.
ON_SCREEN = f"""fig => {{
    const svg = fig.querySelector('svg.ah-svg');
    const w = svg.getBoundingClientRect();
    const nodes = Array.from(svg.querySelectorAll('g.ah-node[data-node]')).filter({SHOWN});
    const outside = nodes.filter(g => {{
        const r = g.querySelector('rect').getBoundingClientRect();
        return r.left < w.left - 0.5 || r.top < w.top - 0.5 || r.right > w.right + 0.5 || r.bottom > w.bottom + 0.5;
    }}).map(g => g.dataset.node);
    const sizes = Array.from(svg.querySelectorAll('text')).filter({SHOWN})
        .map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
    return {{outside: outside, nodes: nodes.map(g => g.dataset.node), smallest: Math.min(...sizes),
             direction: fig.dataset.ahDirection, window: [w.left, w.top, w.width, w.height],
             scale: fig.dataset.ahScale, viewBox: svg.getAttribute('viewBox')}};
}}"""
#: Boxes whose text is not the whole name (given by id) or does not fit inside them, line by line.
WHOLE_LABELS = """(fig, names) => Array.from(fig.querySelectorAll('svg g.ah-node[data-node]')).filter(g => {
    const text = g.querySelector('text');
    const lines = text.querySelectorAll('tspan').length ? Array.from(text.querySelectorAll('tspan')) : [text];
    const width = +g.querySelector('rect').getAttribute('width');
    const named = names[g.dataset.node];
    return (named !== undefined && text.textContent !== named) || lines.some(line => line.getComputedTextLength() > width - 8);
}).map(g => g.dataset.node)"""
#: Whether an element (by selector) lies wholly inside the window.
IN_WINDOW = """(fig, selector) => {
    const w = fig.querySelector('svg.ah-svg').getBoundingClientRect();
    const r = fig.querySelector(selector).getBoundingClientRect();
    return r.left >= w.left - 0.5 && r.top >= w.top - 0.5 && r.right <= w.right + 0.5 && r.bottom <= w.bottom + 0.5;
}"""
LINES = """fig => Array.from(fig.querySelectorAll('svg path.ah-edge'), p => [p.dataset.source, p.dataset.kind, p.dataset.target])"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature of the base class
        pass


class Team:
    """A built handbook served on localhost: its graph.json and a page opener."""

    def __init__(self, project: Path, base: str) -> None:
        self.project = project
        self.site = project / "site"
        self.base = base
        self.graph = json.loads((self.site / "handbook" / "graph.json").read_text(encoding="utf-8"))

    def neighbours(self, agent: str, depth: int = 1) -> set[str]:
        """The nodes at most ``depth`` steps from ``agent``, going on through agents only."""
        agents = {a["id"] for a in self.graph["agents"]}
        seen, frontier = {agent}, {agent}
        for _ in range(depth):
            reached = set()
            for r in self.graph["relations"]:
                for a, b in ((r["source"], r["target"]), (r["target"], r["source"])):
                    if a in frontier and (a == agent or a in agents):
                        reached.add(b)
            frontier = reached - seen
            seen |= frontier
        return seen


def _project(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True)
    loners = LONERS if n > 12 else 0
    generate(n - loners, folder / "agents")
    first = sorted(p for p in (folder / "agents").iterdir() if p.is_dir())[0]
    for index in range(loners):
        (first / f"loner-{index:02d}.md").write_text(LONER.format(name=f"loner-{index:02d}"), encoding="utf-8")
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text(f"# Map of {n}\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(MKDOCS_YML.format(n=n), encoding="utf-8")
    return folder


SIZES = ("sample", 12, 60, 250, 500)


@pytest.fixture(scope="module")
def teams(tmp_path_factory):
    """The sample site and the generated teams, built once for the module and served."""
    root = tmp_path_factory.mktemp("maps")
    servers, built = [], {}
    for n in SIZES:
        if n == "sample":
            project = root / "sample"
            build = mkdocs_build(ROOT, "-d", str(project / "site"))
            project.joinpath("agents").symlink_to(ROOT / "agents", target_is_directory=True)
        else:
            project = _project(root / f"team-{n}", n)
            build = mkdocs_build(project)
        assert build.returncode == 0, build.log
        handler = functools.partial(_Quiet, directory=str(project / "site"))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        built[n] = Team(project, f"http://127.0.0.1:{server.server_address[1]}/")
    yield built
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def open_map(browser, teams):
    """``open_map(n, hash="")`` -> (page, figure) once the map of the team of ``n`` is drawn; on
    teardown, no request left localhost and the page logged no error."""
    contexts, errors, hosts = [], [], set()

    def open_(n: int | str, hash: str = "", viewport: tuple[int, int] = DESKTOP):
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        contexts.append(context)

        def route(request_route):
            host = re.match(r"https?://([^/:]+)", request_route.request.url).group(1)
            hosts.add(host)
            request_route.continue_() if host == "127.0.0.1" else request_route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda exception: errors.append(str(exception)))
        page.goto(teams[n].base + "handbook/map/" + hash)
        drawn(page)
        return page, page.locator("#ah-map")

    yield open_
    for context in contexts:
        context.close()
    assert hosts <= {"127.0.0.1"}, hosts
    assert not errors, errors


def drawn(page) -> None:
    """Wait until the map is drawn and no new drawing is under way."""
    page.wait_for_function(
        "() => { const f = document.querySelector('#ah-map'); return f && f.dataset.ahReady && !f.dataset.ahBusy; }"
    )


# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("n", SIZES)
def test_the_first_view_fits_and_keeps_its_place(open_map, teams, n, viewport):
    """At first every node drawn lies whole in the window, at least six of them, the smallest
    label at 10 px or more on the screen; a group opens without turning the drawing and its frame
    shows where the group was; a focus shows the agent and its first neighbours in the window."""
    page, figure = open_map(n, viewport=viewport)
    team = teams[n]
    first = figure.evaluate(ON_SCREEN)
    assert first["outside"] == [], first
    assert len(first["nodes"]) >= 6, first
    assert first["smallest"] >= 10, first
    assert figure.evaluate(THROUGH_BOXES) == []
    # Each box says its agent's whole name (on lines where it is long), never cut, in its box.
    labels = {a["id"]: a["name"] for a in team.graph["agents"]} | {e["id"]: e["name"] for e in team.graph["external"]}
    assert figure.evaluate(WHOLE_LABELS, labels) == []
    closed = [node for node in first["nodes"] if node.startswith("group:")]
    if closed:
        group = closed[0].split(":", 1)[1]
        figure.locator(f'g.ah-node[data-node="group:{group}"]').click()
        drawn(page)
        opened = figure.evaluate(ON_SCREEN)
        assert opened["direction"] == first["direction"]
        assert figure.evaluate(IN_WINDOW, f'g.ah-group[data-group="{group}"] .ah-group-title text')
        assert f"group:{group}" not in opened["nodes"]
        assert "groups=" in page.url and group in page.url.split("groups=", 1)[1]
    # Focus on the agent with the most neighbours: it and those drawn in the window, the others listed.
    agents = sorted(a["id"] for a in team.graph["agents"])
    busiest = max(agents, key=lambda a: (len(team.neighbours(a, 1)), a))
    figure.get_by_label("Focus on").select_option(busiest)
    drawn(page)
    focused = figure.evaluate(ON_SCREEN)
    assert busiest in focused["nodes"] and focused["outside"] == [], focused
    listed = set(figure.evaluate("f => Array.from(f.querySelectorAll('.ah-more li'), li => li.textContent)"))
    near = team.neighbours(busiest, 1) - {busiest}
    assert set(focused["nodes"]) - {busiest} <= near
    assert {labels[x] for x in near - set(focused["nodes"])} == listed
    assert figure.evaluate(THROUGH_BOXES) == []


def test_the_large_map_opens_with_connected_agents_only_and_closed_groups(open_map):
    page, figure = open_map(250)
    nodes = figure.evaluate(NODES)
    assert any(n.startswith("group:") for n in nodes)
    assert not {n for n in nodes if n.startswith("loner-")}
    # The agents without any relation are behind a button that says how many they are.
    button = figure.get_by_role("button", name=f"Show {LONERS} without relation")
    assert button.get_attribute("aria-pressed") == "false"
    assert figure.evaluate(THROUGH_BOXES) == []
    assert figure.evaluate("f => f.querySelector('.ah-map-list').offsetParent") is None  # the list is hidden
    # The caption says what is behind a press.
    assert "press one to open it here" in figure.locator(".ah-map-reading").inner_text()
    # A closed group says how many it holds, as its list does.
    counts = figure.evaluate(
        """f => Array.from(f.querySelectorAll('svg g.ah-node[data-node^="group:"]'), g => [
            g.querySelector('text').textContent.match(/\\((\\d+)\\)$/)[1],
            f.querySelectorAll('.ah-map-list li[data-group="' + g.dataset.node.slice(6) + '"] li[data-node]').length])"""
    )
    assert counts and all(int(label) == listed for label, listed in counts), counts
    # Drawn again, the same drawing.
    first = figure.evaluate("f => f.querySelector('svg g.ah-viewport').innerHTML")
    page.reload()
    drawn(page)
    assert figure.evaluate("f => f.querySelector('svg g.ah-viewport').innerHTML") == first


def test_the_unconnected_agents_show_in_the_window_with_their_button(open_map):
    page, figure = open_map(250)
    figure.get_by_role("button", name=f"Show {LONERS} without relation").click()
    drawn(page)
    loners = {f"loner-{i:02d}" for i in range(LONERS)}
    assert loners <= set(figure.evaluate(NODES))
    assert page.url.endswith("#ah-map:unconnected=1")
    assert figure.get_by_role("button", name=f"Hide {LONERS} without relation").get_attribute("aria-pressed") == "true"
    assert figure.evaluate(THROUGH_BOXES) == []
    # They show in the window, rows of boxes, not a line wider than it.
    for loner in sorted(loners)[:3]:
        assert figure.evaluate(IN_WINDOW, f'g.ah-node[data-node="{loner}"] rect'), loner


def _members(figure, group: str) -> set[str]:
    """What an open group shows: its groups (closed) and its agents with a relation."""
    return set(
        figure.evaluate(
            """(f, id) => {
                const ul = f.querySelector('.ah-map-list li[data-group="' + id + '"] > ul');
                const groups = Array.from(ul.children).filter(li => li.dataset.group).map(li => 'group:' + li.dataset.group);
                const agents = Array.from(ul.children).filter(li => li.dataset.node && li.querySelector('li[data-kind]'))
                    .map(li => li.dataset.node);
                return groups.concat(agents);
            }""",
            group,
        )
    )


def test_a_group_opens_in_place_and_closes_again(open_map):
    page, figure = open_map(250)
    group = next(n for n in figure.evaluate(NODES) if n.startswith("group:")).split(":", 1)[1]
    figure.locator(f'g.ah-node[data-node="group:{group}"]').click()
    drawn(page)
    nodes = set(figure.evaluate(NODES))
    inside = {m for m in _members(figure, group) if m in nodes}
    assert inside and f"group:{group}" not in nodes
    assert "#ah-map:groups=" in page.url and group in page.url
    # What it holds inside its frame, and no line through a box.
    frame = figure.locator(f'g.ah-group[data-group="{group}"] > rect')
    x, y, w, h = (float(frame.get_attribute(a)) for a in ("x", "y", "width", "height"))
    boxes = figure.evaluate(BOXES)
    for member in inside:
        bx, by, bw, bh = boxes[member]
        assert x <= bx and bx + bw <= x + w and y <= by and by + bh <= y + h, member
    assert figure.evaluate(THROUGH_BOXES) == []
    # The frame's title closes it again: back to the first view.
    figure.locator(f'g.ah-group[data-group="{group}"] .ah-group-title').click()
    drawn(page)
    assert f"group:{group}" in figure.evaluate(NODES)
    assert "#" not in page.url


def test_focus_draws_an_agent_with_its_neighbours(open_map, teams):
    page, figure = open_map(250)
    team = teams[250]
    agent = next(a["id"] for a in team.graph["agents"] if "lead" in a["id"])
    figure.get_by_label("Focus on").select_option(agent)
    drawn(page)
    listed = figure.evaluate("f => f.querySelectorAll('.ah-more li').length")
    nodes = set(figure.evaluate(NODES))
    assert nodes <= team.neighbours(agent, 1) and len(nodes) + listed == len(team.neighbours(agent, 1))
    assert figure.evaluate(THROUGH_BOXES) == []
    figure.get_by_label("Depth").select_option("2")
    drawn(page)
    listed = figure.evaluate("f => f.querySelectorAll('.ah-more li').length")
    nodes = set(figure.evaluate(NODES))
    assert nodes <= team.neighbours(agent, 2) and len(nodes) + listed == len(team.neighbours(agent, 2))
    assert page.url.endswith(f"#ah-map:focus={agent}&depth=2")
    assert figure.evaluate(THROUGH_BOXES) == []


def test_every_group_opens_without_a_line_through_a_box(open_map, teams):
    page, figure = open_map(60)
    for _ in range(100):
        closed = [n for n in figure.evaluate(NODES) if n.startswith("group:")]
        if not closed:
            break
        figure.get_by_role("button", name="Fit").click()  # the whole drawing in the window
        figure.locator(f'g.ah-node[data-node="{closed[0]}"]').click()
        drawn(page)
        assert figure.evaluate(VIEW_IDENTITY), "a new drawing starts unzoomed"
    agents = {a["id"] for a in teams[60].graph["agents"]} - {f"loner-{i:02d}" for i in range(LONERS)}
    assert agents <= set(figure.evaluate(NODES))
    assert figure.evaluate(THROUGH_BOXES) == []


def test_the_sample_reads_as_its_caption_says(open_map, teams):
    page, figure = open_map("sample")
    team = teams["sample"]
    for _ in range(20):
        closed = [n for n in figure.evaluate(NODES) if n.startswith("group:")]
        if not closed:
            break
        figure.locator(f'g.ah-node[data-node="{closed[0]}"]').click()
        drawn(page)
    nodes = set(figure.evaluate(NODES))
    assert nodes == {a["id"] for a in team.graph["agents"]} | {e["id"] for e in team.graph["external"]}
    assert figure.evaluate(THROUGH_BOXES) == []
    caption = figure.locator(".ah-map-reading").inner_text()
    assert caption.startswith("Read from the top: escalations point up, toward the people they reach")
    # Every escalation goes up, but as many as the caption says (inside a cycle).
    boxes = figure.evaluate(BOXES)
    down = [
        (s, t)
        for s, kind, t in figure.evaluate(LINES)
        if kind == "escalates_to" and boxes[t][1] + boxes[t][3] / 2 > boxes[s][1] + boxes[s][3] / 2
    ]
    said = re.search(r"(\d+) escalations? (?:is|are) drawn the other way", caption)
    assert len(down) == (int(said.group(1)) if said else 0), (down, caption)
    # The people the sample escalates to, at the top.
    people = [boxes[e["id"]][1] for e in team.graph["external"] if e["id"] in ("user", "engineering-manager")]
    assert people and max(people) < min(box[1] for node, box in boxes.items() if node in {"devops", "qa-engineer"})
    # Labels whole: each box holds its text, and says the whole name.
    labels = {a["id"]: a["name"] for a in team.graph["agents"]} | {e["id"]: e["name"] for e in team.graph["external"]}
    assert figure.evaluate(WHOLE_LABELS, labels) == []


def test_map_pages_stay_small_at_250_agents(teams):
    site = teams[250].site / "handbook"
    sizes = {
        p.relative_to(site).as_posix(): p.stat().st_size
        for p in [site / "map" / "index.html", *site.glob("map/*/index.html")]
    }
    assert len(sizes) > 2
    assert max(sizes.values()) < 300_000, sizes
    # ELK is in the site, and only pages with a map load it (by the page script, not by a tag).
    assert (teams[250].site / "assets/agent-handbook/vendor/elkjs/elk.bundled.js").exists()
    assert (teams[250].site / "assets/agent-handbook/vendor/elkjs/LICENSE").exists()
    assert "elk.bundled.js" not in (site / "map" / "index.html").read_text(encoding="utf-8")


def test_elk_loads_only_on_pages_that_draw_a_map(browser, teams):
    context = browser.new_context()
    page = context.new_page()
    loaded = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto(teams[60].base + "handbook/health/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in loaded if "elk" in u]
    page.goto(teams[60].base + "handbook/map/")
    drawn(page)
    assert [u for u in loaded if u.endswith("vendor/elkjs/elk.bundled.js")]
    context.close()


def test_hostile_names_are_drawn_as_text(browser, tmp_path):
    """Agent names and descriptions full of markup reach the drawing as text: no element, no
    script, no dialog; the names read as the files write them."""
    from .sitebuild import copy_fixture

    project = copy_fixture("hostile", tmp_path)
    build = mkdocs_build(project)
    assert build.returncode == 0, build.log
    handler = functools.partial(_Quiet, directory=str(project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    page = context.new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda exception: errors.append(str(exception)))
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/handbook/map/")
        drawn(page)
        figure = page.locator("#ah-map")
        labels = figure.evaluate("f => Array.from(f.querySelectorAll('svg g.ah-node text'), t => t.textContent)")
        assert "<img src=x onerror=alert(1)>" in labels and 'Boss" onmouseover="alert(1)' in labels
        tips = figure.evaluate("f => Array.from(f.querySelectorAll('svg g.ah-node > title'), t => t.textContent)")
        assert any("<script>alert(1)</script>" in tip for tip in tips)
        assert (
            figure.evaluate("f => f.querySelectorAll('svg img, svg script, svg iframe, svg foreignObject').length") == 0
        )
        handlers = figure.evaluate(
            "f => Array.from(f.querySelectorAll('svg *')).flatMap(e => Array.from(e.attributes, a => a.name)).filter(n => n.startsWith('on'))"
        )
        assert handlers == []
        page.wait_for_timeout(300)
        assert dialogs == [] and errors == []
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_an_agent_named_like_a_script_property_is_drawn(browser, tmp_path):
    """Ids key the script's tables: ``constructor`` is an agent like any other."""
    (tmp_path / "agents").mkdir()
    for name, body in {
        "constructor": "Escalate to the user when a build breaks. Hand off builds to builder.",
        "builder": "Work with constructor on the build.",
    }.items():
        (tmp_path / "agents" / f"{name}.md").write_text(
            f"---\nname: {name}\ndescription: Builds things.\n---\n\n{body}\n", encoding="utf-8"
        )
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Props\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML.format(n=2), encoding="utf-8")
    build = mkdocs_build(tmp_path)
    assert build.returncode == 0, build.log
    handler = functools.partial(_Quiet, directory=str(tmp_path / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exception: errors.append(str(exception)))
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/handbook/map/")
        drawn(page)
        figure = page.locator("#ah-map")
        assert set(figure.evaluate(NODES)) == {"constructor", "builder", "user"}
        assert figure.evaluate(THROUGH_BOXES) == [] and errors == []
    finally:
        context.close()
        server.shutdown()
        server.server_close()
