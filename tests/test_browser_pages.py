"""Page behaviour beyond the graphs, in headless Chromium: the sample team's boundary matrix
scrolls sideways and says so, and the per-agent list of a large team filters as one types."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .browsing import playwright
from .conftest import write_files
from .sitebuild import mkdocs_build, serve
from .teams import big_team

playwright()

SAMPLE = Path(__file__).resolve().parents[1] / "agents"
CONFIG = "site_name: {name}\ntheme:\n  name: material\n  font: false\nplugins:\n  - agent-handbook:\n      agents_dir: agents\n"


def _project(root: Path, name: str) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG.format(name=name), encoding="utf-8")
    build = mkdocs_build(root)
    assert build.returncode == 0, build.log
    return build.site


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    sample = tmp_path_factory.mktemp("sample")
    shutil.copytree(SAMPLE, sample / "agents")
    large = tmp_path_factory.mktemp("large")
    write_files(large / "agents", big_team(60))
    return {"sample": _project(sample, "Sample"), "large": _project(large, "Large")}


def test_the_sample_matrix_scrolls_and_shows_that_it_does(sites, browser):
    with serve(sites["sample"]) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "handbook/boundaries/")
        box = page.locator(".ah-scroll")
        columns = page.locator(".ah-scroll thead th").count() - 1
        assert f"{columns} agents in columns: the table scrolls sideways" in page.inner_text(".ah-scroll-note")
        size = box.evaluate(
            "b => { const s = b.querySelector('.md-typeset__scrollwrap') || b; return [s.scrollWidth, s.clientWidth]; }"
        )
        assert size[0] > size[1], size  # wider than its box
        assert "ah-scroll-more" in box.get_attribute("class")  # the shadow on the side that has more
        box.evaluate(
            "b => { const s = b.querySelector('.md-typeset__scrollwrap') || b; s.scrollLeft = s.scrollWidth; }"
        )
        page.wait_for_function("() => document.querySelector('.ah-scroll').classList.contains('ah-scroll-less')")
        assert "ah-scroll-more" not in box.get_attribute("class")
        # The last agent's column can be reached.
        last = page.locator(".ah-scroll thead th").last
        assert last.is_visible() and last.bounding_box()["x"] < 1280
        page.close()


def test_the_per_agent_list_filters_as_one_types(sites, browser):
    with serve(sites["large"]) as base:
        page = browser.new_page()
        page.goto(base + "handbook/boundaries/")
        rows = page.locator("#ah-by-agent tbody tr")
        total = rows.count()
        assert total > 16
        page.fill("input.ah-filter", "code-reviewer")
        visible = [r for r in rows.all() if r.is_visible()]
        assert 0 < len(visible) < total
        assert all("code-reviewer" in r.inner_text() for r in visible)
        page.close()
