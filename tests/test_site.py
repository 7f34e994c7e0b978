"""Real ``mkdocs build --strict`` runs on fixture projects, read back from the HTML."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .sitebuild import copy_fixture, links, mkdocs_build, parse, visible_text

AGENTS = ["api-builder", "ops", "qa-checker", "release-lead", "web-builder"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = copy_fixture("site", tmp_path_factory.mktemp("site"))
    build = mkdocs_build(project, "--strict")
    assert build.returncode == 0, build.log
    return build


def test_every_agent_has_a_page(built):
    for agent in AGENTS:
        page = built.page(f"handbook/agents/{agent}/")
        assert "<h1" in page and agent in page
    assert not (built.site / "handbook" / "agents" / "README").exists()


def test_relations_link_to_the_right_pages_with_evidence(built):
    page = built.page("handbook/agents/ops/")
    found = links(page)
    assert found["release-lead"] == "../release-lead/"
    assert found["qa-checker"] == "../qa-checker/"
    text = visible_text(page)
    assert "hands off to release-lead “Hand off the deployment report to release-lead.” agents/ops.md:24" in text
    assert "“Work with qa-checker on smoke tests after each deploy.” agents/ops.md:23" in text
    # Incoming relations are listed on the receiving agent's page with the sender's evidence.
    incoming = visible_text(built.page("handbook/agents/release-lead/"))
    assert "“Escalate to: @release-lead when a rollout stalls.”" in incoming


def test_a_name_with_no_cue_is_listed_not_drawn(built):
    page = built.page("handbook/agents/web-builder/")
    text = visible_text(page)
    assert "Also mentions" in text
    assert "qa-checker: “Reads the release notes that qa-checker writes.” agents/web-builder.md:11" in text
    # Not a relation: no table row and no edge to qa-checker in the drawing.
    relations = text.split("What web-builder says", 1)[1].split("Also mentions", 1)[0]
    assert "api-builder" in relations and "qa-checker" not in relations
    graph = json.loads((built.site / "handbook" / "graph.json").read_text())
    assert not [r for r in graph["relations"] if {r["source"], r["target"]} == {"web-builder", "qa-checker"}]
    assert graph["mentions"] == [
        {
            "source": "web-builder",
            "target": "qa-checker",
            "strength": "mention",
            "evidence": [
                {"file": "agents/web-builder.md", "line": 11, "text": "Reads the release notes that qa-checker writes."}
            ],
        }
    ]


def test_escalation_ladder_keeps_levels_and_reaches_a_person(built):
    text = visible_text(built.page("handbook/agents/ops/"))
    assert "Level 2 → release-lead" in text
    assert "Level 3 → User (person)" in text
    assert "Shortest route to a person: ops → User (person)." in text


def test_boundaries_and_duties_are_shown(built):
    text = visible_text(built.page("handbook/agents/ops/"))
    assert "Run the deployment pipeline for every service" in text
    assert "Change API code (that's api-builder's job) → api-builder" in text


def test_health_page_lists_files_that_are_not_agents(built):
    text = visible_text(built.page("handbook/health/"))
    assert "not-an-agent" in text and "agents/README.md" in text


def test_edit_link_points_at_the_agent_file(built):
    edits = [
        e.attrs["href"]
        for e in parse(built.page("handbook/agents/ops/"))
        if e.tag == "a" and "edit" in e.attrs.get("href", "")
    ]
    assert edits == ["https://example.com/acme/agents/edit/main/agents/ops.md"]


def test_a_page_the_user_wrote_wins(built):
    page = built.page("handbook/map/")
    assert "This page was written by hand and must not be replaced." in page
    assert "data-ah-graph" not in page


def test_graph_json_equals_the_cli_export(built):
    exported = subprocess.run(
        [sys.executable, "-m", "agent_handbook", "export", "agents", "--format", "json"],
        cwd=built.project,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert (built.site / "handbook" / "graph.json").read_text(encoding="utf-8") == exported
    assert json.loads(exported)["agents"][0]["source"] == "agents/api-builder.md"


def test_nav_has_a_handbook_section(built):
    home = built.page("")
    nav = [" ".join(e.text.split()) for e in parse(home) if e.tag == "a" and "md-nav__link" in e.attrs.get("class", "")]
    assert "Team handbook" in nav and "Health report" in nav and "ops" in nav


def test_above_the_nav_limit_agents_leave_the_nav_but_keep_their_pages(tmp_path):
    project = copy_fixture("site", tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.endswith("  - agent-handbook\n")
    config.write_text(
        text.replace("  - agent-handbook\n", "  - agent-handbook:\n      nav_agents_limit: 3\n"), encoding="utf-8"
    )
    build = mkdocs_build(project, "--strict")
    assert build.returncode == 0, build.log
    home = build.page("")
    nav = [" ".join(e.text.split()) for e in parse(home) if e.tag == "a" and "md-nav__link" in e.attrs.get("class", "")]
    assert "Team handbook" in nav and "Health report" in nav and "All agents" in nav
    assert not set(AGENTS) & set(nav)
    index = links(build.page("handbook/"))
    for agent in AGENTS:
        assert index[agent] == f"agents/{agent}/"
        assert "<h1" in build.page(f"handbook/agents/{agent}/")


def test_neighbourhood_graph_is_inline_svg_with_links(built):
    page = built.page("handbook/agents/ops/")
    svg = page.split('<figure class="ah-graph"', 1)[1].split("</figure>", 1)[0]
    assert "<svg" in svg and 'role="img"' in svg and "<title" in svg
    assert 'href="../release-lead/"' in svg
    assert "escalates to" in svg  # the legend
    assert "http" not in svg.replace("http://www.w3.org", "")


def test_broken_reference_fails_strict_and_shows_on_health_page(tmp_path):
    project = copy_fixture("broken", tmp_path)
    strict = mkdocs_build(project, "--strict")
    assert strict.returncode == 1
    assert "agents/ops.md:6: dangling-reference: `ghost-reviewer`" in strict.log
    relaxed = mkdocs_build(project)
    assert relaxed.returncode == 0, relaxed.log
    health = visible_text(relaxed.page("handbook/health/"))
    assert "dangling-reference" in health and "ghost-reviewer" in health and "agents/ops.md" in health
    # The mkdocs theme builds too.
    assert (relaxed.site / "handbook" / "agents" / "dev" / "index.html").exists()


def test_severity_and_ignored_names_let_a_checked_team_pass_strict(tmp_path):
    project = copy_fixture("broken", tmp_path)
    config = (project / "mkdocs.yml").read_text()
    relaxed = config.replace("  - agent-handbook", "  - agent-handbook:\n      severity: {dangling-reference: info}", 1)
    (project / "mkdocs.yml").write_text(relaxed)
    build = mkdocs_build(project, "--strict")
    assert build.returncode == 0, build.log
    # Still reported, as information, on the health page.
    assert "ghost-reviewer" in visible_text(build.page("handbook/health/"))
    ignored = config.replace("  - agent-handbook", "  - agent-handbook:\n      ignore_names: [ghost-reviewer]", 1)
    (project / "mkdocs.yml").write_text(ignored)
    build = mkdocs_build(project, "--strict")
    assert build.returncode == 0, build.log
    assert "ghost-reviewer" not in visible_text(build.page("handbook/health/"))
    (project / "mkdocs.yml").write_text(
        config.replace("  - agent-handbook", "  - agent-handbook:\n      severity: {no-such-code: info}", 1)
    )
    build = mkdocs_build(project)
    assert build.returncode == 1 and "unknown diagnostic code 'no-such-code'" in build.log


def test_missing_agents_dir_is_a_clear_config_error(tmp_path):
    project = copy_fixture("broken", tmp_path)
    (project / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - agent-handbook:\n      agents_dir: nowhere\n")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "nowhere" in result.log and "isn't an existing directory" in result.log


def test_search_finds_agents_by_name_duty_and_tool_but_not_graphs_or_tables(tmp_path):
    project = copy_fixture("site", tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("plugins:\n", "plugins:\n  - search\n"), "utf-8")
    build = mkdocs_build(project, "--strict")
    assert build.returncode == 0, build.log
    index = json.loads((build.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    ops = " ".join(d["title"] + " " + d["text"] for d in index if d["location"].startswith("handbook/agents/ops/"))
    assert "ops" in ops and "Run the deployment pipeline" in ops and "Bash" in ops
    # The page shows a graph with its legend and relation tables; the index has none of them.
    page = build.page("handbook/agents/ops/")
    assert "<svg" in page and "boundary with" in page and "hands off to" in page
    everything = " ".join(d["text"] for d in index)
    assert "<svg" not in everything and "marker-end" not in everything
    assert "boundary with" not in ops and "hands off to" not in ops
