"""Beyond MkDocs: the sample site built with ProperDocs, and ``agent-handbook pages`` output
built with Zensical (which runs no MkDocs plugin), checked in its HTML and in a browser."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from .browsing import chromium, playwright
from .sitebuild import FIXTURES, visible_text

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "PYTHONWARNINGS": "ignore"}


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=ENV, timeout=600)


def test_properdocs_builds_the_sample_site_strict(tmp_path):
    site = tmp_path / "site"
    result = _run([str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)], ROOT)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    page = (site / "handbook" / "agents" / "platform-engineer" / "index.html").read_text(encoding="utf-8")
    assert "agents/platform-engineer.md" in visible_text(page)
    assert (site / "assets" / "agent-handbook" / "handbook.js").exists()


def test_the_plugin_is_declared_to_properdocs():
    from importlib.metadata import entry_points

    [entry] = [e for e in entry_points(group="properdocs.plugins") if e.name == "agent-handbook"]
    assert entry.value == "agent_handbook.plugin:AgentHandbookPlugin"


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    """The browser fixture's agents as a project of its own, its ``pages`` written from
    another folder into ``docs/handbook``, then built by ``zensical build``."""
    project = tmp_path_factory.mktemp("zensical") / "project"
    shutil.copytree(FIXTURES / "browser" / "agents", project / "agents")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Team\n\nSee the [handbook](handbook/index.md).\n")
    (project / "mkdocs.yml").write_text("site_name: Team\ntheme:\n  name: material\n")
    elsewhere = project.parent / "elsewhere"
    elsewhere.mkdir()
    pages = [sys.executable, "-m", "agent_handbook", "pages", str(project / "agents"), "--out"]
    result = _run([*pages, str(project / "docs" / "handbook")], elsewhere)
    assert result.returncode == 0, result.stderr
    result = _run([str(BIN / "zensical"), "build"], project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def test_zensical_builds_the_pages_output_with_agents_and_map(zensical_site):
    agents = {p.name for p in (zensical_site / "handbook" / "agents").iterdir() if p.is_dir()}
    assert {"lead", "builder", "tester", "designer", "releaser", "archivist"} <= agents
    assert (zensical_site / "handbook" / "map" / "index.html").exists()
    assert not (zensical_site / "handbook" / "handbook").exists()  # not doubly nested


def test_zensical_pages_link_styles_and_script_that_exist(zensical_site):
    for page in ("handbook/map/index.html", "handbook/agents/lead/index.html", "handbook/index.html"):
        html = (zensical_site / page).read_text(encoding="utf-8")
        url = "http://site/" + page.removesuffix("index.html")
        for pattern in (r'<link rel="stylesheet" href="([^"]*handbook\.css)"', r'<script src="([^"]*handbook\.js)"'):
            [href] = re.findall(pattern, html)
            target = urlsplit(urljoin(url, href)).path.lstrip("/")
            assert (zensical_site / target).is_file(), (page, href)


def test_zensical_source_paths_are_repo_relative(zensical_site):
    text = visible_text((zensical_site / "handbook" / "agents" / "lead" / "index.html").read_text(encoding="utf-8"))
    assert "Source agents/lead.md" in text
    assert "../" not in text.split("Source", 1)[1][:40]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature of the base class
        pass


def test_zensical_map_is_drawn_as_on_the_mkdocs_site_in_a_browser(zensical_site):
    playwright()  # skipped without Chromium, failed where it is required
    handler = functools.partial(_Quiet, directory=str(zensical_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    errors: list[str] = []
    try:
        with chromium() as browser:
            page = browser.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.route(
                "**/*",
                lambda route: (
                    route.continue_() if urlsplit(route.request.url).hostname == "127.0.0.1" else route.abort()
                ),
            )
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/handbook/map/")
            figure = page.locator("figure[data-ah-graph]").first
            # The script ran: it marks the figure ready and adds its filter buttons.
            page.wait_for_selector("figure[data-ah-graph].ah-ready", timeout=10000)
            assert figure.locator(".ah-filters").count() == 1
            # The stylesheet applies: nodes are not painted black, the legend is no bullet list.
            fill = figure.locator("g.ah-node rect").first.evaluate("e => getComputedStyle(e).fill")
            assert fill not in {"rgb(0, 0, 0)", "none"}
            item = page.locator("ul.ah-legend li").first.evaluate("e => getComputedStyle(e).display")
            assert item == "inline-flex"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert not errors
