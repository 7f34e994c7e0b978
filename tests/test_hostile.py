"""Hostile text: nothing in an agent file becomes markup, script, template code or a request.

``fixtures/hostile`` holds agent files written to attack the handbook: scripts, event
handlers, ``javascript:`` links, iframes, SVG, CSS in ``color``, HTML in names, Jinja in
descriptions and bodies, Markdown that tries to break tables, open a comment, start an
admonition, add attributes (``attr_list``) or pull in a file (``pymdownx.snippets``). One
more file, made at test time, has markup in its *file name* (it would not check out on
Windows, so it is not committed).

The site is built once (Material, with those extensions on), then:

- every HTML page of the site is parsed and no element or attribute that agent text could
  have produced is found (the theme's own scripts are told apart: none of them says
  ``alert`` or points off the site);
- template syntax shows literally, tables keep their columns, nothing was swallowed;
- Chromium loads the pages from a local HTTP server: no dialog opens, even after every
  element has been hovered, focused and the site searched, and no request leaves localhost.
"""

from __future__ import annotations

import functools
import html.parser
import http.server
import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from agent_handbook.render import SCRIPTS

from .sitebuild import copy_fixture, mkdocs_build, parse, visible_text
from .siteinspect import agent_pages, article, graph, h1, tables, tree

#: A file name that closes an attribute and opens a tag, made at test time.
HOSTILE_FILE = 'x"><img src=x onerror=alert(1)>.md'
#: The attack files (sources as shown in the handbook).
HOSTILE_SOURCES = tuple(
    f"agents/{name}"
    for name in (
        "script-kiddie.md",
        "color-quote.md",
        "color-url.md",
        "color-css.md",
        "html-name.md",
        "quote-name.md",
        "templater.md",
        "table-breaker.md",
        "attr-list.md",
        "title-name.md",
        HOSTILE_FILE,
    )
)
MARKERS = ("alert(", "evil.example")

#: Elements agent text must never produce, anywhere in a page.
NEVER = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"})
#: Elements that may exist in the theme's frame but never in the page content.
NOT_IN_CONTENT = NEVER | {
    "script",
    "style",
    "link",
    "meta",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "img",
    "video",
    "audio",
    "source",
    "math",
    "noscript",
    "template",
}
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcdoc"}
)


@dataclass
class Finding:
    page: str
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.page}: {self.where}: {self.what}"


@dataclass
class _Scanner(html.parser.HTMLParser):
    """Every element with its attributes, the text of scripts and styles, and whether it is content."""

    page: str = ""
    findings: list[Finding] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._depth_in_article = 0
        self._depth_in_svg = 0
        self._raw: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs)
        if tag == "article":
            self._depth_in_article += 1
        elif tag == "svg":
            self._depth_in_svg += 1
        if tag in {"script", "style"}:
            self._raw = (tag, [])
        elif tag == "title" and not self._depth_in_svg:
            # Browsers read the page's <title> as text up to </title> (RCDATA): a tag inside it
            # is harmless, a </title> inside it is not. An SVG <title> is ordinary markup.
            self.set_cdata_mode("title")

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "article" and self._depth_in_article:
            self._depth_in_article -= 1
        elif tag == "svg" and self._depth_in_svg:
            self._depth_in_svg -= 1
        if self._raw and tag == self._raw[0]:
            text = "".join(self._raw[1])
            if any(m in text for m in MARKERS):
                self._find(f"<{tag}>", text[:120])
            self._raw = None

    def handle_data(self, data):
        if self._raw:
            self._raw[1].append(data)

    def _find(self, where: str, what: str) -> None:
        self.findings.append(Finding(self.page, where, what))

    def _element(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in NEVER:
            self._find(f"<{tag}>", str(attrs))
        if self._depth_in_article and tag in NOT_IN_CONTENT:
            self._find(f"<{tag}> in the content", str(attrs))
        if tag == "meta" and any(k == "http-equiv" and (v or "").lower() == "refresh" for k, v in attrs):
            self._find("<meta http-equiv=refresh>", str(attrs))
        for name, value in attrs:
            value = value or ""
            squeezed = re.sub(r"[\s\x00-\x1f]+", "", value).lower()
            if name.startswith("on"):
                self._find(f"<{tag} {name}>", value)
            if name in URL_ATTRIBUTES and squeezed.startswith(("javascript:", "vbscript:", "data:text/html")):
                self._find(f"<{tag} {name}>", value)
            if name == "style" and ("url(" in squeezed or "expression(" in squeezed or "javascript:" in squeezed):
                self._find(f"<{tag} style>", value)
            if any(m in value for m in MARKERS):
                self._find(f"<{tag} {name}>", value)
            if tag == "script" and name == "src" and urlsplit(value).netloc:
                self._find("<script src> off the site", value)


def scan(page: str, text: str) -> list[Finding]:
    scanner = _Scanner(page=page)
    scanner.feed(text)
    scanner.close()
    return scanner.findings


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = copy_fixture("hostile", tmp_path_factory.mktemp("hostile"))
    (project / "agents" / HOSTILE_FILE).write_text(
        "---\nname: file-name\ndescription: An agent whose file name is markup.\n---\n\nWork with reviewer.\n",
        encoding="utf-8",
    )
    build = mkdocs_build(project)
    assert build.returncode == 0, build.log
    return build


def html_pages(built) -> list[Path]:
    return sorted(built.site.rglob("*.html"))


def test_every_hostile_agent_has_a_page(built):
    """The attack files are still agents with pages (escaped, not dropped), so the checks below see them."""
    agents = graph(built)["agents"]
    assert set(HOSTILE_SOURCES) <= {a["source"] for a in agents}
    assert {"<img src=x onerror=alert(1)>", 'Boss" onmouseover="alert(1)'} <= {a["name"] for a in agents}
    pages = agent_pages(built)
    assert sorted(pages.values()) == sorted(a["source"] for a in graph(built)["agents"])


def test_no_page_of_the_site_carries_markup_from_agent_text(built):
    """No script, handler, ``javascript:`` URL, iframe, object, base or refresh from agent text, on any page.

    Nav titles and ``<title>`` are on every page of the site, so every page is read, not only the
    handbook's; the theme's own scripts pass because none of them says ``alert`` or points off the site.
    """
    findings = [
        finding
        for page in html_pages(built)
        for finding in scan(page.relative_to(built.site).as_posix(), page.read_text(encoding="utf-8"))
    ]
    assert not findings, "\n".join(map(str, findings[:40]))


def test_no_raw_tag_from_agent_text_in_handbook_content(built):
    """Inside the page content of every handbook page, ``<script``, ``<iframe``, ``<svg onload`` and friends
    never appear as markup; escaped, they show as text."""
    raw = re.compile(
        r"<(?:script|iframe|object|embed|img|video|style|base|meta|form|math|noscript)\b|<svg\s+onload", re.I
    )
    leaks = {}
    for page in sorted((built.site / "handbook").rglob("*.html")):
        found = raw.findall(article(page.read_text(encoding="utf-8")))
        if found:
            leaks[page.relative_to(built.site).as_posix()] = found
    assert not leaks, leaks


def test_hostile_text_is_shown_as_text(built):
    """Escaping, not deleting: the reader sees what the file says."""
    page = visible_text(built.page("handbook/agents/script-kiddie/"))
    assert "Runs <script>alert(1)</script> and <img src=x onerror=alert(1)>" in page
    pages = {source: page for page, source in agent_pages(built).items()}
    for source, name in (
        ("agents/html-name.md", "<img src=x onerror=alert(1)>"),
        ("agents/title-name.md", "</title><script>alert(1)</script>"),
        ("agents/quote-name.md", 'Boss" onmouseover="alert(1)'),
    ):
        assert h1(built.page(pages[source] + "/")) == name


def test_page_titles_are_text(built):
    """The ``<title>`` of an agent page holds its name as text: an agent called ``</title><script>…``
    must not close the title and open a script in the page head."""
    pages = {source: page for page, source in agent_pages(built).items()}
    for source in ("agents/html-name.md", "agents/title-name.md", "agents/quote-name.md"):
        head = built.page(pages[source] + "/").split("</head>", 1)[0]
        titles = [e for e in parse(head) if e.tag == "title"]
        assert len(titles) == 1, (source, head[head.find("<title") : head.find("<title") + 200])
        assert head.count("<script") == built.page("").split("</head>", 1)[0].count("<script"), source


def test_colors_from_front_matter_never_reach_a_style(built):
    """``color`` is used only when it is a plain colour; a quote, a URL or more CSS is dropped."""
    for agent in ("color-quote", "color-url", "color-css"):
        for element in parse(article(built.page(f"handbook/agents/{agent}/"))):
            style = element.attrs.get("style", "")
            assert "alert" not in style and "url(" not in style and "evil" not in style, (agent, element)
            assert not any(name.startswith("on") for name in element.attrs), (agent, element)


def test_jinja_in_agent_text_is_shown_literally(built):
    """Template syntax in a description or body is text: not evaluated, not an error, not removed."""
    text = visible_text(built.page("handbook/agents/templater/"))
    for literal in (
        "{{ config }}",
        "{% include 'x' %}",
        "{{ 7*191 }}",
        "{{ config.site_name }}",
        "{% raw %}raw block{% endraw %}",
    ):
        assert literal in text, literal
    assert "1337" not in text  # 7*191, had it been evaluated
    index = visible_text(built.page("handbook/"))
    assert "Renders {{ config }} and {% include 'x' %}" in index


def test_markdown_extensions_never_fire_on_agent_text(built):
    """No admonition, no attribute, no included file, no heading id chosen by an agent file."""
    for page in sorted((built.site / "handbook").rglob("*.html")):
        content = article(page.read_text(encoding="utf-8"))
        name = page.relative_to(built.site).as_posix()
        for element in parse(content):
            classes = element.attrs.get("class", "").split()
            # The only admonition is the handbook's own box naming a file's problems.
            assert "admonition" not in classes or "ah-problems" in classes, name
            assert element.attrs.get("id") != "pwned", name
    leaked = [p for p in built.site.rglob("*") if p.is_file() and b"SNIPPET-SECRET-7F3A" in p.read_bytes()]
    assert not leaked, leaked
    text = visible_text(built.page("handbook/agents/attr-list/"))
    assert '--8<-- "secrets/token.txt"' in text and '{: onclick="alert(1)" }' in text


def headings(page: str) -> list[str]:
    return [" ".join(e.text.replace("¶", "").split()) for e in parse(article(page)) if e.tag == "h2"]


def test_an_unclosed_comment_or_closing_tags_swallow_nothing(built):
    """``<!--`` and ``</details></div></article>`` in an agent file neither hide nor end the handbook's
    own content: the sections and rows that follow them are still there."""
    page = built.page("handbook/agents/table-breaker/")
    assert "<!--" not in article(page)
    assert {"Relations", "Instructions"} <= set(headings(page))
    assert "Markdown in HTML" in article(page) and "<div markdown" not in article(page)
    assert page.count("<article") == 1 and page.count("</article>") == 1
    assert page.index("</article>") < page.index("md-footer")
    # On the index the description (with its `<!--`) sits in a table row: later rows and sections stay.
    index = built.page("handbook/")
    assert "<!--" not in article(index)
    assert {"Relations", "Models", "Team map"} <= set(headings(index))
    rows = [row[0] for t in tables(index) for row in t.rows if row]
    assert rows.index("table-breaker") < rows.index("templater")


def test_tables_keep_their_columns(built):
    """Pipes in descriptions and evidence stay inside their cell on every handbook page."""
    broken = []
    for page in sorted((built.site / "handbook").rglob("*.html")):
        for table in tables(page.read_text(encoding="utf-8")):
            width = len(table.header)
            bad = [row for row in table.rows if len(row) != width]
            if bad:
                broken.append((page.relative_to(built.site).as_posix(), table.header, bad[:2]))
    assert not broken, broken
    index_rows = [row for t in tables(built.page("handbook/")) for row in t.rows]
    assert any(cell.startswith("Splits | the | table | into | columns.") for row in index_rows for cell in row)
    evidence = [cell for t in tables(built.page("handbook/map/")) for row in t.rows for cell in row]
    assert any("Hand off the | piped | results to reviewer when done." in cell for cell in evidence), evidence


def test_a_file_name_with_markup_stays_text_in_links_and_cards(built):
    """The source path is shown escaped and the edit link is a URL, not an attribute break-out."""
    [agent] = [a for a in graph(built)["agents"] if a["name"] == "file-name"]
    assert agent["source"] == f"agents/{HOSTILE_FILE}"
    page = built.page(f"handbook/agents/{agent['id']}/")
    assert scan("file-name page", page) == []
    edits = [e.attrs.get("href", "") for e in parse(page) if e.tag == "a" and "/edit/" in e.attrs.get("href", "")]
    # The edit link points at the agent file itself (its name percent-encoded or entity-escaped).
    assert edits and all(unquote(href).endswith(f"agents/{HOSTILE_FILE}") for href in edits), edits


# -- in the browser --------------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature of the base class
        pass


@pytest.fixture(scope="module")
def served(built):
    """The built site on a local HTTP server in a thread: its base URL."""
    handler = functools.partial(_Quiet, directory=str(built.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@dataclass
class Visit:
    """What a browser visit saw: dialogs opened, every request, those that left localhost."""

    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    #: search query -> number of results shown
    results: dict[str, int] = field(default_factory=dict)


#: Hover, focus and mouse over every element, so inline handlers would fire if there were any;
#: then list what the live DOM holds (after the theme's script has run).
_PROVOKE = """
() => {
  const TEXT_ATTRIBUTES = ['aria-label', 'aria-description', 'title', 'alt'];
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'animationstart']) {
      el.dispatchEvent(new Event(type, {bubbles: true}));
    }
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\s\\x00-\\x1f]+/g, '').toLowerCase();
      // Text attributes (a label, a tooltip) may hold the payload as words: they never run.
      const text = TEXT_ATTRIBUTES.includes(attr.name) || attr.name.startsWith('data-');
      if (attr.name.startsWith('on') || value.startsWith('javascript:') || (!text && attr.value.includes('alert('))) {
        found.push(el.tagName + ' ' + attr.name + '=' + attr.value);
      }
    }
  }
  return found;
}
"""


_SEARCH_READY = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  return meta && !/Initializing/i.test(meta.textContent);
}"""
_SEARCH_DONE = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  return meta && /matching|no match/i.test(meta.textContent);
}"""


def visit(browser, base: str, paths: list[str], search: tuple[str, ...] = ()) -> tuple[Visit, list[str]]:
    seen = Visit()
    context = browser.new_context()

    def route(route):
        url = route.request.url
        seen.requests.append(url)
        if urlsplit(url).hostname in {"127.0.0.1", "localhost"}:
            route.continue_()
        else:
            seen.blocked.append(url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on(
        "dialog", lambda dialog: (seen.dialogs.append(f"{page.url}: {dialog.type} {dialog.message}"), dialog.dismiss())
    )
    live: list[str] = []
    try:
        for path in paths:
            page.goto(base + path, wait_until="load")
            page.wait_for_timeout(150)
            box = page.viewport_size or {"width": 1280, "height": 720}
            for x in range(0, box["width"], 320):
                for y in range(0, box["height"], 180):
                    page.mouse.move(x, y)
            live += [f"{path}: {item}" for item in page.evaluate(_PROVOKE)]
            page.wait_for_timeout(100)
        for query in search:
            page.goto(base, wait_until="load")
            page.keyboard.press("s")  # Material's shortcut opens the search box
            page.wait_for_function(_SEARCH_READY, timeout=60000)
            page.locator("input.md-search__input").press_sequentially(query, delay=20)
            page.wait_for_function(_SEARCH_DONE, timeout=30000)
            page.wait_for_timeout(300)
            seen.results[query] = page.locator(".md-search-result__item").count()
            live += [f"search {query!r}: {item}" for item in page.evaluate(_PROVOKE)]
    finally:
        context.close()
    return seen, live


def test_hostile_pages_open_no_dialog_and_request_nothing_off_site(built, served, browser):
    """Each hostile agent's page, the map, the index, the health page and the home page: no dialog
    ever opens, no handler or ``javascript:`` URL is in the live DOM, no request leaves localhost."""
    hostile = sorted(page for page, source in agent_pages(built).items() if source in HOSTILE_SOURCES)
    assert len(hostile) == len(HOSTILE_SOURCES)
    paths = ["", "handbook/", "handbook/map/", "handbook/health/", "handbook/agents/reviewer/"] + [
        p + "/" for p in hostile
    ]
    seen, live = visit(browser, served, paths)
    assert seen.dialogs == [], seen.dialogs
    assert live == [], live
    assert seen.blocked == [], seen.blocked
    assert seen.requests, "the route saw no request: the check would be empty"


def test_searching_for_the_payload_opens_no_dialog(built, served, browser):
    """Material renders search results from its index as HTML: the agent text there must stay text too."""
    seen, live = visit(browser, served, [], search=("alert", "onerror", "script", "iframe"))
    assert seen.results["alert"] > 0, seen.results  # the payload pages were really among the results
    assert seen.dialogs == [], seen.dialogs
    assert live == [], live
    assert seen.blocked == [], seen.blocked


# -- paths: names that try to leave the site or take another page's place -------------------
#
# ``fixtures/paths`` has agents called /etc/passwd, ../../evil, ../../../../../../../../tmp/evil,
# ..\..\windows-evil, ~/.ssh/authorized_keys, a URL, "..", "...", a name with NUL, the paths of
# the handbook's script, of the search index and of a hand-written page, "index", a file named
# ``..md`` and one named ``index.md``, plus ``keeper`` whose page path a hand-written page holds.

#: Places outside the build folder a path escape would write to.
OUTSIDE = (Path("/tmp/evil"), Path("/evil"), Path("/tmp/windows-evil"), Path("/etc/passwd"))


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


@pytest.fixture(scope="module")
def paths_build(tmp_path_factory):
    """(the tmp folder, its tree before the build, stats of OUTSIDE before, the build)."""
    root = tmp_path_factory.mktemp("paths")
    project = copy_fixture("paths", root)
    before = tree(root)
    outside = {p: _stat(p) for p in OUTSIDE}
    build = mkdocs_build(project)
    assert build.returncode == 0, build.log
    assert project.name == "paths"
    return root, before, outside, build


def test_the_build_writes_only_inside_the_site_folder(paths_build):
    """Compared with the tree before the build, every new path is under paths/site/; nothing outside changed."""
    root, before, outside, _ = paths_build
    new = sorted(tree(root) - before)
    assert new and all(p == "paths/site" or p.startswith("paths/site/") for p in new), [
        p for p in new if not p.startswith("paths/site")
    ]
    assert {p: _stat(p) for p in OUTSIDE} == outside
    site = root / "paths" / "site"
    stray = [p for p in root.rglob("*") if p.name in {"evil", "windows-evil", "passwd", "authorized_keys"}]
    assert all(site in p.parents for p in stray), stray
    for folder in (root, root.parent):
        assert not any((folder / name).exists() for name in ("evil", "windows-evil", "etc", "tmp")), folder


def test_every_file_of_the_site_resolves_inside_it(paths_build):
    """No symlink, no ``..`` segment, no absolute path: each file under site/ is really there."""
    site = paths_build[3].site.resolve()
    for path in site.rglob("*"):
        assert not path.is_symlink(), path
        path.resolve().relative_to(site)
        assert ".." not in path.relative_to(site).parts
    folders = [p.name for p in (site / "handbook" / "agents").iterdir() if p.is_dir()]  # and the agents index
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", name) for name in folders), folders


def test_two_agents_never_share_a_page(paths_build):
    """As many page folders under handbook/agents/ as agents in graph.json, each card a different file."""
    build = paths_build[3]
    agents = graph(build)["agents"]
    folders = [p for p in (build.site / "handbook" / "agents").iterdir() if (p / "index.html").exists()]
    assert len(folders) == len(agents)
    cards = agent_pages(build)
    assert len(set(cards.values())) == len(cards)
    # keeper's path belongs to the hand-written page, so keeper alone has no generated card.
    assert sorted(cards.values()) == sorted(a["source"] for a in agents if a["source"] != "agents/keeper.md")


def test_every_agent_page_is_titled_with_its_name(paths_build):
    """Escaping a path-like name for Markdown must not change it: ``~/.ssh/authorized_keys`` shows as written.
    A name two agents share is followed by what tells them apart (``index · idx``)."""
    build = paths_build[3]
    names = {a["source"]: a["name"] for a in graph(build)["agents"]}
    shared = {n for n in names.values() if list(names.values()).count(n) > 1}

    def titled(title: str, name: str) -> bool:
        return title == name or (name in shared and title.startswith(f"{name} · "))

    wrong = {
        page: (h1(build.page(page + "/")), names[source])
        for page, source in agent_pages(build).items()
        if names[source].isprintable() and not titled(h1(build.page(page + "/")), names[source])
    }
    assert not wrong, wrong


def test_pages_written_by_hand_are_kept(paths_build):
    """The home page, docs/about.md and a page at an agent's path are the user's, never replaced."""
    build = paths_build[3]
    assert "KEEP-HOME" in build.page("")
    assert "KEEP-ABOUT" in build.page("about/")
    assert "KEEP-KEEPER" in build.page("handbook/agents/keeper/")


def test_generated_pages_and_files_are_not_replaced(paths_build):
    """Agents named like the handbook's pages, its script or the search index take none of their places."""
    from importlib import resources

    build = paths_build[3]
    assert h1(build.page("handbook/")) == "Team handbook"
    assert h1(build.page("handbook/map/")) == "Team map"
    assert h1(build.page("handbook/health/")) == "Health report"
    assert set(graph(build)) == {"agents", "external", "relations", "diagnostics", "mentions"}
    for name in SCRIPTS:
        script = resources.files("agent_handbook").joinpath("assets", name).read_bytes()
        assert (build.site / "assets" / "agent-handbook" / name).read_bytes() == script
    index = json.loads((build.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "docs" in index


def test_cli_pages_writes_only_under_its_out_folder(tmp_path, monkeypatch):
    """``agent-handbook pages`` with the same names: every file lands under --out, one page per agent."""
    from agent_handbook.cli import main

    project = copy_fixture("paths", tmp_path)
    monkeypatch.chdir(project)
    before = tree(tmp_path)
    assert main(["pages", "agents", "--out", "out"]) == 0
    new = sorted(tree(tmp_path) - before)
    assert new and all(p.startswith("paths/out") for p in new), new
    pages = [p for p in (project / "out" / "handbook" / "agents").iterdir() if p.name != "index.md"]
    exported = json.loads((project / "out" / "handbook" / "graph.json").read_text(encoding="utf-8"))
    assert len(pages) == len(exported["agents"])
