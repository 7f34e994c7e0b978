"""The handbook's views on a fixture site, and inside a hand-written page."""

from __future__ import annotations

import pytest

from .sitebuild import copy_fixture, links, mkdocs_build, visible_text


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = copy_fixture("site", tmp_path_factory.mktemp("views"))
    build = mkdocs_build(project, "--strict")
    assert build.returncode == 0, build.log
    return build


def test_escalation_page_lists_every_ladder_and_route(built):
    text = visible_text(built.page("handbook/escalation/"))
    assert "ops 2 release-lead → 3 User (person) ops → User (person)" in text
    assert "release-lead Engineering Manager (person)" in text
    assert "Who is reached" in text


def test_handoff_page_shows_chains_and_unacknowledged_handoffs(built):
    text = visible_text(built.page("handbook/handoffs/"))
    assert "web-builder → api-builder" in text
    # release-lead's file never mentions ops, so the deployment report is not acknowledged.
    assert "Not acknowledged: ops hands off to release-lead, but release-lead's file never mentions ops" in text
    # api-builder's file says it receives specs from web-builder: acknowledged.
    assert "web-builder api-builder feature spec yes" in text
    assert "ops release-lead deployment report no" in text


def test_boundary_page_shows_stated_boundaries_and_areas(built):
    page = built.page("handbook/boundaries/")
    text = visible_text(page)
    assert "ops api-builder “Change API code (that's api-builder's job)” agents/ops.md:27" in text
    assert "Deployments" in text and "“Run the deployment pipeline for every service”" in text
    assert (
        "ops “Change API code (that's api-builder's job)” line 27 api-builder" in text
    )  # excluded, belongs to api-builder


def test_comparison_of_agents_that_state_a_boundary(built):
    index = built.page("handbook/compare/")
    assert links(index)["api-builder and ops"] == "api-builder--ops/"
    text = visible_text(built.page("handbook/compare/api-builder--ops/"))
    assert "they state a boundary" in text
    assert "Between them" in text and "“Distinct from ops, which handles deployments.”" in text


def test_runbook_gathers_steps_by_scenario(built):
    index = visible_text(built.page("handbook/runbooks/"))
    assert "Deployment failed" in index
    text = visible_text(built.page("handbook/runbooks/deployment-failed/"))
    assert "ops: Rollback" in text
    assert "Stop the rollout Redeploy the last good build Tell release-lead what happened" in text
    assert "ops: 2 release-lead (when a rollout stalls) → 3 User (person)" in text


def test_tools_page_flags_agents_without_a_tool_list(built):
    text = visible_text(built.page("handbook/tools/"))
    assert "No tool list, so every tool: release-lead, web-builder." in text
    assert "qa-checker haiku ✓ ✓" in text.replace("  ", " ")


def test_fenced_block_renders_a_view_in_a_hand_written_page(built):
    page = built.page("team/")
    assert 'id="ah-block-1"' in page and 'data-node="release-lead"' in page
    text = visible_text(page)
    assert "ops escalates to release-lead 2 “Escalate to: @release-lead when a rollout stalls.”" in text
    assert "web-builder" not in text.split("Its escalations")[1]  # the table is filtered to ops' escalations


def test_a_bad_block_is_a_warning_not_a_crash(tmp_path):
    project = copy_fixture("site", tmp_path)
    (project / "docs" / "bad.md").write_text("# Bad\n\n```agent-handbook\nview: orbit\n```\n", encoding="utf-8")
    strict = mkdocs_build(project, "--strict")
    assert strict.returncode == 1 and "bad.md: line 3: agent-handbook block: unknown view 'orbit'" in strict.log
    relaxed = mkdocs_build(project)
    assert relaxed.returncode == 0
    assert "unknown view" in relaxed.page("bad/")


def test_a_block_shown_inside_a_longer_fence_stays_an_example():
    from agent_handbook.render.fence import find_blocks

    text = "````markdown\n```agent-handbook\nview: map\n```\n````\n\n```agent-table\nagents: [ops]\n```\n"
    assert find_blocks(text) == [(6, 8, "agent-table", "agents: [ops]")]


def test_exports_beside_the_site(built):
    import io
    import json

    import networkx as nx

    data = json.loads((built.site / "handbook" / "graph.json").read_text(encoding="utf-8"))
    graphml = nx.read_graphml(io.StringIO((built.site / "handbook" / "graph.graphml").read_text(encoding="utf-8")))
    assert graphml.number_of_nodes() == len(data["agents"]) + len(data["external"])
    assert graphml.number_of_edges() == len(data["relations"])
    assert graphml.nodes["ops"]["source"] == "agents/ops.md"
    mermaid = (built.site / "handbook" / "graph.mmd").read_text(encoding="utf-8")
    assert mermaid.startswith("flowchart TD\n")
    assert "  n_ops -->|escalates to L2| n_release_lead" in mermaid
    assert links(built.page("handbook/"))["graph.graphml"] == "graph.graphml"


def test_a_large_team_gets_a_map_of_groups_and_a_map_per_group(team_of, monkeypatch):
    from agent_handbook.render import pages as pages_module
    from agent_handbook.render.pages import Handbook
    from agent_handbook.views import graphs

    from .conftest import agent

    files = {
        "ops/deploy.md": agent("deploy", "Escalate to @release-boss. Work with @api."),
        "ops/release-boss.md": agent("release-boss", "Escalate to the user."),
        "ops/monitor.md": agent("monitor", "Hand off alerts to deploy."),
        "dev/api.md": agent("api", "Escalate to @release-boss when a migration breaks clients."),
        "dev/web.md": agent("web", "Pair with api."),
    }
    team = team_of(files)
    monkeypatch.setattr(pages_module, "MAP_DETAIL_LIMIT", 4)
    monkeypatch.setattr(graphs, "MAP_DETAIL_LIMIT", 2)
    pages = Handbook(team).pages()
    overview = pages["handbook/map.md"]
    assert "5 agents are too many for one readable picture" in overview
    assert "[ops](map/ops.md) | 3 |" in overview and "[dev](map/dev.md) | 2 |" in overview
    # One line per kind between groups, weighted by how many relations it stands for.
    assert 'data-source="group:dev" data-target="group:ops" data-kind="escalates_to"' in overview
    ops = pages["handbook/map/ops.md"]
    assert "1 agents of this group with the fewest relations are not drawn" in ops
    assert 'data-node="user"' in ops  # people are drawn one by one, never folded into a group
    assert 'data-node="group:dev"' in ops  # the other group is one node
    assert "| [api](../agents/api.md) | escalates to | [release\\-boss](../agents/release-boss.md) |" in ops
