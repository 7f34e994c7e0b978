"""The handbook's graphs in a real browser: headless Chromium against a built, served site.

The fixture project ``tests/fixtures/browser`` (six agents, every relation kind, two people, a
missing agent, an agent with no relation, and a hand-written figure around a focus node) is
built once with the real ``mkdocs build`` and served on 127.0.0.1 from a thread. Every test opens
its own page; the ``open_page`` fixture fails the test on a request that leaves localhost and on
any console or page error.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .browsing import playwright
from .sitebuild import copy_fixture, mkdocs_build

playwright()  # skips the module without Chromium, fails where it is required

KINDS = ("escalates_to", "hands_off_to", "collaborates_with", "delegates_to", "boundary_with")

# What the page can see, evaluated in the browser. (checkVisibility() says true for an SVG group
# under display: none, so the display of every ancestor is read instead.)
SHOWN = "e => { for (; e; e = e.parentElement) if (getComputedStyle(e).display === 'none') return false; return true; }"
VISIBLE_NODES = f"""fig => Array.from(fig.querySelectorAll('g.ah-node[data-node]'))
    .filter({SHOWN}).map(g => g.dataset.node).sort()"""
VISIBLE_EDGES = f"""fig => Array.from(fig.querySelectorAll('svg.ah-svg path.ah-edge[data-kind]'))
    .filter({SHOWN}).map(p => [p.dataset.source, p.dataset.kind, p.dataset.target])"""
VIEW_BOX = "fig => fig.querySelector('svg.ah-svg').getAttribute('viewBox')"
VIEW = """fig => {
    const t = getComputedStyle(fig.querySelector('g.ah-viewport')).transform;
    const m = t === 'none' ? [1, 0, 0, 1, 0, 0] : t.slice(7, -1).split(',').map(Number);
    return {k: m[0], tx: m[4], ty: m[5]};
}"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature of the base class
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The fixture project built for the port it is served on (Material's instant navigation
    only follows links its sitemap lists, and the sitemap is written from ``site_url``)."""
    project = copy_fixture("browser", tmp_path_factory.mktemp("browser"))
    handler = functools.partial(_QuietHandler, directory=str(project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {base}", config.read_text(encoding="utf-8")))
    build = mkdocs_build(project)
    assert build.returncode == 0, build.log
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SiteInfo(base, build.site)
    server.shutdown()
    server.server_close()
    thread.join()


class SiteInfo:
    def __init__(self, base: str, root: Path) -> None:
        self.base = base
        self.root = root
        self.graph = json.loads((root / "handbook" / "graph.json").read_text(encoding="utf-8"))

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def open_page(browser, site):
    """``open_page(path, color_scheme=..., javascript=...)`` -> a loaded page. On teardown: every
    request went to 127.0.0.1 and the page logged no error."""
    contexts, hosts, errors = [], [], []

    def record(route):
        host = urlsplit(route.request.url).hostname
        hosts.append(host)
        if host == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    def error(text: str) -> None:
        errors.append(text)

    def open_(path: str, *, color_scheme: str = "light", javascript: bool = True, viewport=(1280, 900)):
        context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]},
            color_scheme=color_scheme,
            java_script_enabled=javascript,
        )
        contexts.append(context)
        context.route("**/*", record)
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and error(message.text))
        page.on("pageerror", lambda exception: error(str(exception)))
        page.goto(site.url(path))
        if javascript:
            page.wait_for_function(
                "() => document.querySelectorAll('figure[data-ah-graph]:not([data-ah-ready])').length === 0"
            )
        return page

    yield open_
    for context in contexts:
        context.close()
    if not contexts:
        return
    assert hosts, "no request was recorded"
    assert set(hosts) == {"127.0.0.1"}, f"requests left localhost: {sorted(set(hosts) - {'127.0.0.1'})}"
    assert not errors, errors


def settle(page, selector: str = "#ah-map") -> None:
    """Wait until the figure is set up and stays the same element for 400 ms: on the first hash
    change of a page, Material's instant navigation fetches the page again and swaps it in."""
    page.wait_for_function(
        """selector => new Promise(done => {
            const figure = document.querySelector(selector);
            setTimeout(() => done(!!figure && figure.dataset.ahReady === "1" && document.querySelector(selector) === figure), 400);
        })""",
        arg=selector,
    )


def drawn_relations(graph: dict) -> list[tuple[str, str, str]]:
    return [(r["source"], r["kind"], r["target"]) for r in graph["relations"] if r["source"] != r["target"]]


def within(relations, start: str, depth: int) -> set[str]:
    """The nodes at most ``depth`` steps from ``start`` over ``relations``, either direction."""
    seen, frontier = {start}, {start}
    for _ in range(depth):
        frontier = {b for s, _, t in relations for a, b in ((s, t), (t, s)) if a in frontier} - seen
        seen |= frontier
    return seen


# ---------------------------------------------------------------------------------------------


def test_map_draws_every_agent_and_external_name(open_page, site):
    page = open_page("handbook/map/")
    figure = page.locator("#ah-map")
    expected = sorted(a["id"] for a in site.graph["agents"]) + sorted(e["id"] for e in site.graph["external"])
    assert figure.evaluate(VISIBLE_NODES) == sorted(expected)
    for node in expected:
        box = figure.locator(f'g.ah-node[data-node="{node}"] rect').bounding_box()
        assert box and box["width"] > 20 and box["height"] > 10, node
    assert len(figure.evaluate(VISIBLE_EDGES)) == len(drawn_relations(site.graph))
    toolbar = figure.locator(".ah-toolbar")
    assert toolbar.is_visible()
    total = len(drawn_relations(site.graph))
    assert figure.locator(".ah-count").inner_text() == f"{total} of {total} relations shown"


def test_clicking_a_node_opens_its_page(open_page, site):
    page = open_page("handbook/map/")
    page.locator('#ah-map a.ah-link[data-node="builder"]').click()
    page.wait_for_url(site.url("handbook/agents/builder/"))
    assert page.locator("article h1").inner_text() == "builder"
    assert page.locator("#ah-n-builder .ah-toolbar").is_visible()


def test_dragging_pans_and_does_not_open_the_node(open_page, site):
    page = open_page("handbook/map/")
    figure = page.locator("#ah-map")
    box = figure.locator('g.ah-node[data-node="builder"] rect').bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y + 30, steps=6)
    page.mouse.up()
    page.wait_for_timeout(200)  # a navigation would have started by now
    assert page.url.startswith(site.url("handbook/map/"))
    view = figure.evaluate(VIEW)
    assert view["k"] == 1 and view["tx"] > 20 and view["ty"] > 10
    assert re.search(r"#ah-map:zoom=1,[\d.]+,[\d.]+$", page.url)
    # The next plain click on the node, where it now is, opens its page.
    figure.locator('a.ah-link[data-node="builder"]').click()
    page.wait_for_url(site.url("handbook/agents/builder/"))


def test_wheel_zooms_around_the_pointer_only_when_asked(open_page):
    page = open_page("handbook/map/")
    figure = page.locator("#ah-map")
    rect = figure.locator('g.ah-node[data-node="builder"] rect')
    box = rect.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.wheel(0, -100)  # a reader scrolling past the graph: the page scrolls, no zoom
    page.wait_for_timeout(100)
    assert figure.evaluate(VIEW)["k"] == 1
    box = rect.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.keyboard.down("Control")  # Ctrl+wheel, as a trackpad's pinch sends it
    page.mouse.wheel(0, -100)
    page.keyboard.up("Control")
    page.wait_for_function("() => location.hash.includes('zoom=')")
    assert figure.evaluate(VIEW)["k"] > 1.2
    after = rect.bounding_box()
    assert after["width"] > box["width"] * 1.2
    assert abs(after["x"] + after["width"] / 2 - x) < 2 and abs(after["y"] + after["height"] / 2 - y) < 2


def test_kind_filter_hides_exactly_the_edges_of_that_kind(open_page, site):
    page = open_page("handbook/map/")
    figure = page.locator("#ah-map")
    relations = drawn_relations(site.graph)
    per_kind = Counter(kind for _, kind, _ in relations)
    assert set(per_kind) == set(KINDS), "the fixture should have every kind"
    for kind in KINDS:
        button = page.locator(f'ul.ah-legend[data-for="ah-map"] li[data-kind="{kind}"] button')
        assert button.get_attribute("aria-pressed") == "true"
        button.click()
        assert button.get_attribute("aria-pressed") == "false"
        shown = figure.evaluate(VISIBLE_EDGES)
        assert len(shown) == len(relations) - per_kind[kind], kind
        assert Counter(tuple(e) for e in shown) == Counter(r for r in relations if r[1] != kind)
        assert f":kinds={','.join(k for k in KINDS if k != kind)}" in page.url
        # Nodes left without a visible relation are hidden, and the status line says which.
        kept = {n for s, _, t in shown for n in (s, t)} | {"archivist"}  # archivist has no relation at all
        assert set(figure.evaluate(VISIBLE_NODES)) == kept
        status = figure.locator(".ah-count").inner_text()
        assert status.startswith(f"{len(shown)} of {len(relations)} relations shown"), status
        button.click()
        assert figure.locator(".ah-count").inner_text() == f"{len(relations)} of {len(relations)} relations shown"
    # designer only works with builder: hiding that kind hides designer, and says so.
    page.locator('ul.ah-legend li[data-kind="collaborates_with"] button').click()
    assert "designer" not in figure.evaluate(VISIBLE_NODES)
    assert "nodes hidden (designer)" in figure.locator(".ah-count").inner_text()
    page.locator("#ah-map .ah-show-all").click()
    assert "archivist" in figure.evaluate(VISIBLE_NODES) and "designer" in figure.evaluate(VISIBLE_NODES)
    assert "#" not in page.url  # the default view leaves no state in the URL


def test_focus_and_depth_on_the_map(open_page, site):
    page = open_page("handbook/map/")
    figure = page.locator("#ah-map")
    depth = figure.get_by_label("Depth")
    assert depth.is_disabled()  # nothing to measure from until an agent is picked
    figure.get_by_label("Focus on").select_option("tester")
    assert depth.input_value() == "1"
    relations = drawn_relations(site.graph)
    assert set(figure.evaluate(VISIBLE_NODES)) == within(relations, "tester", 1)
    depth.select_option("2")
    assert set(figure.evaluate(VISIBLE_NODES)) == within(relations, "tester", 2)
    assert page.url.endswith("#ah-map:focus=tester&depth=2")
    figure.get_by_role("button", name="Fit").click()
    assert figure.evaluate(VIEW)["k"] >= 1


def test_url_state_restores_the_view(open_page, site):
    state = "#ah-map:kinds=escalates_to,delegates_to&focus=lead&depth=1&zoom=2,-100,-50"
    page = open_page("handbook/map/" + state)
    figure = page.locator("#ah-map")
    pressed = {
        kind: page.locator(f'ul.ah-legend li[data-kind="{kind}"] button').get_attribute("aria-pressed")
        for kind in KINDS
    }
    assert pressed == {k: "true" if k in ("escalates_to", "delegates_to") else "false" for k in KINDS}
    assert figure.get_by_label("Focus on").input_value() == "lead"
    assert figure.get_by_label("Depth").input_value() == "1"
    assert figure.evaluate(VIEW) == {"k": 2, "tx": -100, "ty": -50}
    kept = [r for r in drawn_relations(site.graph) if r[1] in ("escalates_to", "delegates_to")]
    assert set(figure.evaluate(VISIBLE_NODES)) == within(kept, "lead", 1)
    assert page.url.endswith(state)  # restoring does not rewrite the URL

    # A changed hash applies at once; another figure's or a heading's anchor changes nothing.
    page.evaluate("location.hash = '#ah-map:focus=builder&depth=2'")
    settle(page)
    assert figure.get_by_label("Focus on").input_value() == "builder"
    assert set(figure.evaluate(VISIBLE_NODES)) == within(drawn_relations(site.graph), "builder", 2)
    assert figure.evaluate(VIEW) == {"k": 1, "tx": 0, "ty": 0}
    before = figure.evaluate(VISIBLE_NODES)
    page.evaluate("location.hash = '#all-relations'")
    settle(page)
    page.evaluate("location.hash = '#ah-nowhere:depth=1'")
    settle(page)
    assert figure.evaluate(VISIBLE_NODES) == before

    # What the reader does is written back, and a reload shows the same view.
    figure.get_by_role("button", name="Zoom in").click()
    assert re.search(r"#ah-map:focus=builder&depth=2&zoom=1\.25,-?[\d.]+,-?[\d.]+$", page.url), page.url
    written = page.url
    page.reload()
    page.wait_for_function("() => document.querySelector('#ah-map[data-ah-ready]')")
    assert page.url == written
    assert figure.evaluate(VIEW)["k"] == 1.25
    assert figure.get_by_label("Focus on").input_value() == "builder"


def test_depth_around_the_pages_own_agent(open_page):
    page = open_page("contract/")
    figure = page.locator("#ah-n-hub")
    depth = figure.get_by_label("Depth")
    assert figure.get_by_label("Focus on").count() == 0  # the page's agent is the focus
    assert set(figure.evaluate(VISIBLE_NODES)) == {"hub", "a", "b", "c", "d", "lonely"}
    depth.select_option("1")
    assert set(figure.evaluate(VISIBLE_NODES)) == {"hub", "a", "d"}
    assert sorted(e[1] for e in figure.evaluate(VISIBLE_EDGES)) == ["delegates_to", "escalates_to"]
    depth.select_option("2")
    assert set(figure.evaluate(VISIBLE_NODES)) == {"hub", "a", "b", "d"}
    # Distances follow the kinds shown: without hand-offs, b is out of reach.
    page.locator('ul.ah-legend[data-for="ah-n-hub"] li[data-kind="hands_off_to"] button').click()
    assert set(figure.evaluate(VISIBLE_NODES)) == {"hub", "a", "d"}
    assert page.url.endswith("#ah-n-hub:kinds=escalates_to,collaborates_with,delegates_to&depth=2")
    depth.select_option("")
    assert set(figure.evaluate(VISIBLE_NODES)) == {"hub", "a", "b", "c", "d", "lonely"}


def test_keyboard_reaches_every_node_and_zooms(open_page, site):
    page = open_page("handbook/map/")
    figure = page.locator("#ah-map")
    # People and missing agents have no page, but they are focusable and named by their title.
    for node in ("user", "engineering-manager", "perf-auditor"):
        group = figure.locator(f'g.ah-node[data-node="{node}"]')
        assert group.get_attribute("tabindex") == "0"
        assert group.get_attribute("role") == "img"
        assert group.get_attribute("aria-label") == group.locator("title").text_content()
    # Tab goes from the graph through its nodes.
    figure.locator("svg.ah-svg").focus()
    reached = set()
    for _ in range(len(site.graph["agents"]) + len(site.graph["external"])):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.dataset.node"))
    assert reached == {a["id"] for a in site.graph["agents"]} | {e["id"] for e in site.graph["external"]}
    # Focus highlights the node's relations.
    figure.locator('g.ah-node[data-node="user"]').focus()
    assert "ah-active" in figure.get_attribute("class")
    hot = figure.evaluate("f => Array.from(f.querySelectorAll('path.ah-edge.ah-hot')).map(p => p.dataset.source)")
    assert hot == ["lead"]
    page.keyboard.press("+")
    zoomed = figure.evaluate(VIEW)
    assert zoomed["k"] == 1.25
    page.keyboard.press("ArrowLeft")  # moves the picture right
    assert figure.evaluate(VIEW)["tx"] > zoomed["tx"]
    page.keyboard.press("-")
    page.keyboard.press("0")
    assert figure.evaluate(VIEW) == {"k": 1, "tx": 0, "ty": 0}
    # Legend toggles are buttons: Space toggles them.
    toggle = page.locator('ul.ah-legend li[data-kind="boundary_with"] button')
    toggle.focus()
    page.keyboard.press("Space")
    assert toggle.get_attribute("aria-pressed") == "false"
    # Every control has a name a screen reader can say.
    for control in figure.locator(".ah-toolbar button, .ah-toolbar select").all():
        name = control.get_attribute("aria-label") or control.inner_text().strip()
        assert name, control.evaluate("e => e.outerHTML")


def _luminance(rgb):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a, b):
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _over(colour, below):
    """``colour`` (r, g, b, alpha) painted over the opaque ``below``."""
    r, g, b, alpha = colour
    return tuple(alpha * c + (1 - alpha) * d for c, d in zip((r, g, b), below))


def _rgba(text: str):
    numbers = [float(n) for n in re.findall(r"[\d.]+", text)]
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)


PAINT = """el => {
    const out = [];
    for (let e = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        out.push({tag: e.tagName, fill: s.fill, color: s.color, background: s.backgroundColor, opacity: s.opacity});
    }
    return out;
}"""


def _backdrop(chain):
    """The opaque colour behind an element: its ancestors' backgrounds, painted from the page up."""
    colour = (255.0, 255.0, 255.0)
    for layer in reversed(chain):
        colour = _over(_rgba(layer["background"]), colour)
    return colour


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_labels_keep_their_contrast_in_both_schemes(open_page, scheme):
    page = open_page("handbook/map/", color_scheme=scheme)
    # The palette's media queries pick Material's scheme from the system's.
    assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
    figure = page.locator("#ah-map")
    svg_background = _backdrop(figure.locator("svg.ah-svg rect").first.evaluate(PAINT))
    assert (_luminance(svg_background) < 0.1) == (scheme == "dark"), svg_background
    for role in ("agent", "human", "missing"):
        node = figure.locator(f"g.ah-node.ah-{role}").first
        rect = _over(_rgba(node.locator("rect").evaluate("r => getComputedStyle(r).fill")), svg_background)
        text = _over(_rgba(node.locator("text").evaluate("t => getComputedStyle(t).fill")), rect)
        assert _contrast(text, rect) >= 4.5, (scheme, role, text, rect)
    group_title = figure.locator("g.ah-group text").first
    text = _over(_rgba(group_title.evaluate("t => getComputedStyle(t).fill")), svg_background)
    assert _contrast(text, svg_background) >= 4.5, (scheme, "group title")
    for selector in (".ah-count", ".ah-toolbar label", "ul.ah-legend li.ah-legend-role", "ul.ah-legend .ah-kind"):
        element = page.locator(f"#ah-map {selector}, ul.ah-legend[data-for=ah-map] {selector}").first
        chain = element.evaluate(PAINT)
        colour = _over(_rgba(chain[0]["color"]), _backdrop(chain))
        assert _contrast(colour, _backdrop(chain)) >= 4.5, (scheme, selector)


def test_a_scheme_switched_by_material_reaches_the_graph(open_page):
    # The reader's toggle sets data-md-color-scheme on <body>, whatever the system's scheme.
    page = open_page("handbook/map/", color_scheme="light")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    figure = page.locator("#ah-map")
    svg_background = _backdrop(figure.locator("svg.ah-svg rect").first.evaluate(PAINT))
    assert _luminance(svg_background) < 0.1
    node = figure.locator("g.ah-node.ah-agent").first
    text = _over(_rgba(node.locator("text").evaluate("t => getComputedStyle(t).fill")), svg_background)
    assert _contrast(text, svg_background) >= 4.5


def test_without_javascript_the_map_reads_as_a_list(open_page, site):
    page = open_page("handbook/map/", javascript=False)
    figure = page.locator("#ah-map")
    assert figure.locator(".ah-toolbar").count() == 0
    assert figure.locator("svg.ah-svg").count() == 0
    assert figure.locator("ul.ah-legend button").count() == 0
    listed = figure.locator(".ah-map-list")
    assert listed.is_visible()
    assert figure.locator(".ah-map-name").inner_text() == "Team map"
    # Every agent and person, agents linked to their pages, and every relation in words.
    expected = sorted(a["id"] for a in site.graph["agents"]) + sorted(e["id"] for e in site.graph["external"])
    nodes = figure.evaluate("f => Array.from(f.querySelectorAll('li[data-node]'), li => li.dataset.node)")
    assert sorted(nodes) == sorted(expected)
    assert listed.get_by_role("link", name="builder", exact=True).get_attribute("href") == "../agents/builder/"
    relations = figure.evaluate(
        """f => Array.from(f.querySelectorAll('.ah-map-list li[data-kind]'), li =>
            [li.closest('li[data-node]').dataset.node, li.dataset.kind, li.dataset.target])"""
    )
    assert Counter(map(tuple, relations)) == Counter(drawn_relations(site.graph))
    assert "escalates to lead" in listed.inner_text()


def test_print_shows_the_whole_drawing_with_every_kind(open_page, site):
    page = open_page("handbook/map/")
    settle(page)
    figure = page.locator("#ah-map")
    page.locator('ul.ah-legend li[data-kind="escalates_to"] button').click()
    page.get_by_role("button", name="Zoom in").click()
    settle(page)  # the first change of the hash may have Material load the page again
    assert len(figure.evaluate(VISIBLE_EDGES)) < len(drawn_relations(site.graph))
    window = figure.evaluate(VIEW_BOX)
    page.emulate_media(media="print")
    assert not figure.locator(".ah-toolbar").is_visible()
    assert len(figure.evaluate(VISIBLE_EDGES)) == len(drawn_relations(site.graph))
    assert len(figure.evaluate(VISIBLE_NODES)) == len(site.graph["agents"]) + len(site.graph["external"])
    assert figure.evaluate(VIEW) == {"k": 1, "tx": 0, "ty": 0}
    assert not figure.locator(".ah-map-list").is_visible()
    # The whole drawing, not the window the page shows it in (set when the media change reaches
    # the page script).
    page.wait_for_function(
        """() => { const svg = document.querySelector('#ah-map svg.ah-svg');
            return svg.viewBox.baseVal.width + 1 >= svg.querySelector('g.ah-viewport').getBBox().width; }"""
    )
    page.emulate_media(media="screen")
    page.wait_for_function(
        "w => document.querySelector('#ah-map svg.ah-svg').getAttribute('viewBox') === w", arg=window
    )


def test_print_of_a_focus_shows_the_focus(open_page, site):
    page = open_page("handbook/map/#ah-map:kinds=escalates_to&focus=lead&depth=1&zoom=2,-100,-50")
    figure = page.locator("#ah-map")
    page.emulate_media(media="print")
    # What the reader drew (the agent and its neighbours, laid out anew), with every kind.
    near = within(drawn_relations(site.graph), "lead", 1)
    assert set(figure.evaluate(VISIBLE_NODES)) == near
    assert figure.evaluate(VIEW) == {"k": 1, "tx": 0, "ty": 0}


def test_material_instant_navigation_sets_up_the_next_page(open_page, site):
    page = open_page("handbook/health/")
    page.evaluate("window.__stillHere = true")
    page.evaluate("document.querySelector(\"a.md-nav__link[href$='agents/tester/']\").click()")
    page.wait_for_url(site.url("handbook/agents/tester/"))
    page.wait_for_function("() => document.querySelector('#ah-n-tester[data-ah-ready] .ah-toolbar')")
    assert page.locator("article h1").inner_text() == "tester"
    assert page.evaluate("window.__stillHere") is True, "Material loaded the page in full: not instant"
    # And on from a page with a graph, to another one.
    page.locator("article a[href$='agents/lead/']:not(.ah-link)").first.click()
    page.wait_for_url(site.url("handbook/agents/lead/"))
    page.wait_for_function("() => document.querySelector('#ah-n-lead[data-ah-ready] .ah-toolbar')")
    assert page.evaluate("window.__stillHere") is True
    # And to the map, whose script loads ELK then and there: drawn, still the same window.
    assert page.evaluate("typeof window.ELK") == "undefined"
    page.evaluate("document.querySelector(\"a.md-nav__link[href$='handbook/map/']\").click()")
    page.wait_for_url(site.url("handbook/map/"))
    page.wait_for_function("() => document.querySelector('#ah-map[data-ah-ready] svg.ah-svg g.ah-node')")
    assert page.evaluate("window.__stillHere") is True
    assert len(page.locator("#ah-map").evaluate(VISIBLE_NODES)) == len(site.graph["agents"]) + len(
        site.graph["external"]
    )


def test_svg_links_do_not_break_material(open_page, site):
    # Material's instant navigation runs `el.href = el.href` on every [href] element of a page it
    # shows, which throws on an SVG <a href> (read-only): the graphs' links are xlink:href.
    markup = (site.root / "handbook/agents/lead/index.html").read_text(encoding="utf-8")
    svg = markup.split('<svg class="ah-svg"', 1)[1].split("</svg>", 1)[0]
    assert '<a xlink:href="' in svg and "<a href=" not in svg
    page = open_page("handbook/map/")  # the fixture fails the test on any page error
    assert page.locator("#ah-map .ah-toolbar").is_visible()
    # The map's drawing, made in the page, links the same way.
    links = page.evaluate(
        """() => Array.from(document.querySelectorAll('#ah-map svg a.ah-link'), a =>
            [a.getAttribute('href'), a.getAttributeNS('http://www.w3.org/1999/xlink', 'href')])"""
    )
    assert links and all(plain is None and xlink for plain, xlink in links), links
    # Instant navigation, from a page with a graph to another: no error, the figure is set up.
    page.evaluate("window.__stillHere = true")
    page.locator("article a[href$='agents/lead/']:not(.ah-link) >> visible=true").first.click()
    page.wait_for_url(site.url("handbook/agents/lead/"))
    page.wait_for_function("() => document.querySelector('#ah-n-lead[data-ah-ready] .ah-toolbar')")
    assert page.evaluate("window.__stillHere") is True
    # A node's link reads as a link, named by what it shows, and goes where its target says (a
    # page load: Material's instant navigation leaves SVG links to the browser).
    link = page.locator('#ah-n-lead a.ah-link[data-node="builder"]')
    assert link.get_attribute("xlink:href") == "../builder/"
    assert page.get_by_role("link", name=re.compile("^builder")).count() >= 1
    link.click()
    page.wait_for_url(site.url("handbook/agents/builder/"))
    page.wait_for_function("() => document.querySelector('#ah-n-builder[data-ah-ready] .ah-toolbar')")


def test_agent_page_shows_one_step_first_and_two_on_demand(open_page, site):
    page = open_page("handbook/agents/lead/")
    figure = page.locator("#ah-n-lead")
    relations = drawn_relations(site.graph)
    near, far = within(relations, "lead", 1), within(relations, "lead", 2)
    assert far - near, "the fixture should have nodes two steps from lead"
    # The nodes two steps away are marked in the markup; the page starts at one step.
    marked = figure.evaluate("f => Array.from(f.querySelectorAll('g.ah-node[data-depth=\"2\"]'), g => g.dataset.node)")
    assert set(marked) == far - near
    depth = figure.get_by_label("Depth")
    assert depth.input_value() == "1"
    assert set(figure.evaluate(VISIBLE_NODES)) == near
    assert page.url == site.url("handbook/agents/lead/")  # the view a page starts with is its default
    # The drawing is cropped to what is shown, and whole again when every node is.
    html = (site.root / "handbook" / "agents" / "lead" / "index.html").read_text(encoding="utf-8")
    whole = html.split('<svg class="ah-svg"', 1)[1].split('viewBox="', 1)[1].split('"', 1)[0]
    _, _, width, height = map(float, figure.evaluate(VIEW_BOX).split())
    assert width * height < float(whole.split()[2]) * float(whole.split()[3])
    depth.select_option("2")
    assert set(figure.evaluate(VISIBLE_NODES)) == far
    assert page.url.endswith("#ah-n-lead:depth=2")
    depth.select_option("")
    assert set(figure.evaluate(VISIBLE_NODES)) == far
    assert page.url.endswith("#ah-n-lead:depth=all")
    assert figure.evaluate(VIEW_BOX) == whole
    # Shared, the view comes back; back at one step, the URL is plain again.
    page.goto(site.url("handbook/agents/lead/#ah-n-lead:depth=all"))
    page.wait_for_function("() => document.querySelector('#ah-n-lead[data-ah-ready]')")
    assert depth.input_value() == ""
    assert set(figure.evaluate(VISIBLE_NODES)) == far
    depth.select_option("1")
    assert page.url == site.url("handbook/agents/lead/")
    # Printed, the whole drawing shows.
    page.emulate_media(media="print")
    assert set(figure.evaluate(VISIBLE_NODES)) == far
    assert figure.evaluate(VIEW_BOX) == whole


def test_agent_page_without_javascript_shows_both_steps(open_page, site):
    page = open_page("handbook/agents/lead/", javascript=False)
    figure = page.locator("#ah-n-lead")
    assert set(figure.evaluate(VISIBLE_NODES)) == within(drawn_relations(site.graph), "lead", 2)


@pytest.mark.parametrize("path", ["handbook/map/", "handbook/agents/lead/", "handbook/agents/tester/"])
def test_labels_keep_their_size_at_page_width(open_page, path):
    # A window of 1280 px gives Material's content about 690 px: figures are drawn at full size.
    page = open_page(path)
    figure = page.locator("figure.ah-graph").first
    scale = figure.evaluate("f => f.querySelector('svg.ah-svg').getScreenCTM().a")
    assert scale > 0.97, scale
    heights = figure.evaluate(
        f"""f => Array.from(f.querySelectorAll('g.ah-node text')).filter({SHOWN})
            .map(t => t.getBoundingClientRect().height)"""
    )
    assert heights and min(heights) >= 12, heights
