"""The handbook's views on a fixture site, and inside a hand-written page."""

from __future__ import annotations

import io
import re

import networkx as nx
import pytest
from agent_handbook.export import to_graphml

from .conftest import agent
from .sitebuild import copy_fixture, links, mkdocs_build, parse, visible_text


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
    page = built.page("handbook/compare/api-builder--ops/")
    # Each side is its own item, and what they share has its own section.
    only = [e.text for e in parse(page) if e.tag == "li" and e.text.startswith("Only ")]
    assert len(only) == 2, only
    assert "In common" in text and "Tools:" in text


def test_distinctive_words_are_rare_in_the_team(team_of):
    from agent_handbook.views import Context, Options
    from agent_handbook.views.compare import Pair, comparison

    common = "Explain your reasons and stay outside production."
    files = {f"a{i}.md": f"---\nname: a{i}\ndescription: {common} Handles topic{i}.\n---\n\nBody.\n" for i in range(12)}
    files["kube.md"] = f"---\nname: kube\ndescription: {common} Runs kubernetes clusters.\n---\n\nBody.\n"
    files["pipes.md"] = f"---\nname: pipes\ndescription: {common} Builds jenkins pipelines.\n---\n\nBody.\n"
    ctx = Context(team_of(files), Options())
    compared = comparison(ctx, Pair("kube", "pipes", 0.5, ("test",)))
    assert "kubernetes" in compared.a.distinctive and "jenkins" in compared.b.distinctive
    assert not {"reasons", "outside", "explain"} & set(compared.a.distinctive + compared.b.distinctive)


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


def test_graphml_holds_any_text_an_agent_file_has(team_of):
    description = 'Ships <b>"fast"</b> & safe\x01\x0b — déjà vu'
    team = team_of({"ops.md": agent("ops", "Hand off releases to qa.", description=description), "qa.md": agent("qa")})
    graph = nx.read_graphml(io.StringIO(to_graphml(team)))
    assert graph.nodes["ops"]["description"] == 'Ships <b>"fast"</b> & safe — déjà vu'
    assert [(s, t, d["kind"]) for s, t, d in graph.edges(data=True)] == [("ops", "qa", "hands_off_to")]


def test_a_large_team_gets_a_map_of_closed_groups_and_a_page_per_group(team_of, monkeypatch):
    from agent_handbook.render import pages as pages_module
    from agent_handbook.render.pages import Handbook
    from agent_handbook.views import graphs

    files = {
        "ops/deploy.md": agent("deploy", "Escalate to @release-boss. Work with @api."),
        "ops/release-boss.md": agent("release-boss", "Escalate to the user."),
        "ops/monitor.md": agent("monitor", "Hand off alerts to deploy."),
        "dev/api.md": agent("api", "Escalate to @release-boss when a migration breaks clients."),
        "dev/web.md": agent("web", "Pair with api."),
        "dev/loner.md": agent("loner", "Writes poems."),
    }
    team = team_of(files)
    monkeypatch.setattr(pages_module, "MAP_DETAIL_LIMIT", 4)
    monkeypatch.setattr(graphs, "MAP_DETAIL_LIMIT", 2)
    monkeypatch.setattr(graphs, "MAP_OPEN_LIMIT", 4)
    pages = Handbook(team).pages()
    overview = pages["handbook/map.md"]
    assert "6 agents in 2 groups" in overview
    assert "[ops](map/ops.md) | 3 |" in overview and "[dev](map/dev.md) | 3 |" in overview
    # The whole team, as a list the page script draws: groups that start closed, without the
    # agent that has no relation, and every relation under the agent that states it.
    figure = overview.split('<figure class="ah-graph ah-map"', 1)[1].split("</figure>", 1)[0]
    assert 'id="ah-map" data-ah-graph data-ah-map data-closed data-hide-unconnected>' in figure
    assert '<li data-group="dev" data-fold><strong>dev</strong> (3)' in figure
    assert '<li data-group="ops" data-fold><strong>ops</strong> (3)' in figure
    # Few people: never closed, and drawn among the others (no frame).
    assert '<li data-group="people-and-names-outside-the-team" data-flat><strong>People' in figure
    assert '<li data-node="loner" data-role="agent" data-rank="' in figure
    assert '<li data-kind="escalates_to" data-target="release-boss">escalates to release-boss</li>' in figure
    assert (
        "Team map</strong>: 6 agents, 1 person or outside name and 4 relations; 3 agents without any relation."
        in figure
    )
    # Each group's page: its agents, people one by one, the other group as one node, and a table.
    ops = pages["handbook/map/ops.md"]
    assert "1 agents of this group with the fewest relations are not drawn" in ops
    assert '<li data-node="user" data-role="human"' in ops
    assert '<li data-node="group:dev" data-role="cluster"' in ops
    assert '<a href="../dev/">dev (group)</a>' in ops
    assert (
        '<tr><td><a href="../../agents/api/">api</a></td><td>escalates to</td><td><a href="../../agents/release-boss/">release-boss</a></td>'
        in ops
    )


def test_agent_page_graph_reaches_two_steps_and_starts_at_one(built):
    page = built.page("handbook/agents/ops/")
    figure = page.split('<figure class="ah-graph"', 1)[1].split("</figure>", 1)[0]
    assert 'id="ah-n-ops" data-ah-graph data-start-depth="1"' in figure
    assert 'data-depth="2"' in figure  # nodes two steps away, for the page script's depth filter
    # Links as xlink:href (Material throws on an SVG <a href>), in a group named by its title.
    assert "<a xlink:href=" in figure and "<a href=" not in figure
    assert 'role="group" aria-labelledby="ah-n-ops-title"' in figure and '<title id="ah-n-ops-title">' in figure


def _hub_team(team_of):

    spokes = [f"spoke-{n:02d}" for n in range(10)]
    files = {"hub.md": agent("hub", "\n".join(f"Delegate to @{s}." for s in spokes), "The hub. It routes.")}
    for index, spoke in enumerate(spokes):
        # Each spoke escalates to the hub and hands off to two rims of its own: two steps away.
        body = f"Escalate to @hub. Hand off to @rim-{index}-a. Hand off to @rim-{index}-b."
        files[f"{spoke}.md"] = agent(spoke, body, f"Spoke {index}. It spins.")
        files[f"rim-{index}-a.md"] = agent(f"rim-{index}-a", "Work with @rim-0-a.")
        files[f"rim-{index}-b.md"] = agent(f"rim-{index}-b")
    return team_of(files)


def test_neighbourhood_goes_on_through_agents_not_people(team_of):
    from agent_handbook.views import Context, Options
    from agent_handbook.views.graphs import neighbourhood

    team = team_of(
        {
            "alder.md": agent("alder", "Escalate to the user when a release is blocked. Work with @birch."),
            "birch.md": agent("birch", "Hand off reviews to @cedar."),
            "cedar.md": agent("cedar"),
            "dogwood.md": agent("dogwood", "Escalate to the user when a release is blocked."),
        }
    )
    assert any(r.source == "dogwood" and team.external.get(r.target) for r in team.relations)
    view = neighbourhood(Context(team, Options()), "alder", depth=2)
    assert view.rings["birch"] == 1 and view.rings["cedar"] == 2  # through an agent
    user = next(n for n, r in view.rings.items() if r == 1 and n in team.external)
    assert team.external[user].is_human
    # dogwood also escalates to the user, which does not make it two steps from alder.
    assert "dogwood" not in view.rings and "not drawn" not in view.note


def test_neighbourhood_two_steps_keeps_to_its_limit_and_says_so(team_of):
    from agent_handbook.views import Context, Options
    from agent_handbook.views.graphs import neighbourhood

    ctx = Context(_hub_team(team_of), Options(neighbourhood_limit=8))
    view = neighbourhood(ctx, "hub", depth=2, start_depth=1)
    # The agent's own neighbours first, up to the limit, and a note on the rest.
    assert len(view.nodes) == 9 and view.rings["hub"] == 0
    assert sorted(n for n, r in view.rings.items() if r == 1) == [f"spoke-{n:02d}" for n in range(8)]
    assert "2 more related nodes and 20 nodes two steps away are not drawn" in view.note
    assert view.start_depth == 0  # every node drawn is one step away: nothing to hide at first
    # Those two steps away take at most a quarter of the places, the most tied to the nearer ones first.
    view = neighbourhood(ctx, "spoke-03", depth=2, start_depth=1)
    rings = view.rings
    assert sorted(n for n, r in rings.items() if r == 1) == ["hub", "rim-3-a", "rim-3-b"]
    assert sorted(n for n, r in rings.items() if r == 2) == ["spoke-00", "spoke-01"]
    assert "rim-0-a" not in rings and view.parents["spoke-00"] == "hub"
    assert view.note == "8 more nodes two steps away are not drawn."
    assert view.start_depth == 1
    # Only relations one step outward are drawn: none between nodes as far from the agent.
    assert view.edges and all(abs(rings[e.source] - rings[e.target]) == 1 for e in view.edges)
    # Tooltips say what the nearest do, not what everyone does.
    assert set(view.descriptions) == {"spoke-03", "hub", "rim-3-a", "rim-3-b"}
    lonely = Context(team_of({"solo.md": agent("solo")}), Options())
    assert neighbourhood(lonely, "solo", depth=2, start_depth=1).start_depth == 0


def test_wide_neighbourhoods_wrap_into_rows_of_page_width(team_of):
    from agent_handbook.render.graphs import draw
    from agent_handbook.render.layout import PAGE_WIDTH, Box, around, label_width, layered
    from agent_handbook.views import Context, Options
    from agent_handbook.views.graphs import neighbourhood

    view = neighbourhood(Context(_hub_team(team_of), Options()), "hub", depth=2)
    boxes = {n.id: Box(n.id, n.label, w=label_width(n.label)) for n in view.nodes}
    width, _ = around(boxes, view.focus, view.rings, view.parents, view.rank_edges)
    assert width <= PAGE_WIDTH
    rows: dict[float, list[Box]] = {}
    for box in boxes.values():
        assert box.w / 2 <= box.x <= width - box.w / 2
        rows.setdefault(box.y, []).append(box)
    for row in rows.values():  # no two boxes of a row overlap
        row.sort(key=lambda b: b.x)
        assert all(a.x + a.w / 2 < b.x - b.w / 2 for a, b in zip(row, row[1:]))
    # The agent in the middle, whom it escalates to above, whom it delegates to below.
    hub = boxes["hub"].y
    assert all(boxes[f"spoke-{n:02d}"].y > hub for n in range(10))
    assert all(b.y > boxes["spoke-00"].y for b in boxes.values() if view.rings[b.id] == 2)
    assert 'viewBox="0 0 ' in draw(view, "handbook/agents/hub.md")
    # A layered figure wraps a wide layer the same way.
    wide = {f"an-agent-with-a-long-name-{n:02d}": Box(f"a{n}", "x" * 28, w=label_width("x" * 28)) for n in range(14)}
    edges = [("an-agent-with-a-long-name-00", other) for other in sorted(wide)[1:]]
    width, height = layered(wide, edges, max_row=14)
    assert width <= PAGE_WIDTH and height > 3 * 26


def test_a_map_is_a_list_of_groups_agents_and_relations_in_text(team_of):
    """Group titles and agent names are whole, in elements, escaped; only ids go into attributes."""
    from agent_handbook.render.mapfigure import map_figure
    from agent_handbook.views import Context, Options
    from agent_handbook.views.graphs import team_map

    from .conftest import agent

    long = "platform-and-infrastructure-reliability-engineering-of-the-whole-company"
    team = team_of(
        {
            f"{long}/db.md": agent("db", "Escalate to <b>the DBA</b> team lead.", description="Runs <the> database."),
            "web/api.md": agent("api", "Hand off schema changes to db.", description="Serves the API."),
        }
    )
    html = map_figure(team_map(Context(team, Options())), "handbook/map.md")
    assert f"<strong>{long}</strong> (1)" in html
    assert '<li data-node="db" data-role="agent" data-rank="' in html
    assert '<a href="../agents/db/">db</a> <span class="ah-map-desc">— Runs &lt;the&gt; database.</span>' in html
    assert '<li data-kind="hands_off_to" data-target="db">hands off to db</li>' in html
    for tag in re.findall(r"<[a-z]+ [^>]*>", html):
        for name, value in re.findall(r'([a-z-]+)="([^"]*)"', tag):
            assert "<" not in value and " " not in value or name == "class", (tag, name)


def test_a_contradiction_is_an_area_put_out_of_scope_that_is_also_a_duty(team_of):
    from agent_handbook.views import Context, Options
    from agent_handbook.views.boundaries import boundary_view

    body = (
        "## Responsibilities\n\n- Deploy releases to production.\n- Rotate the secrets in the vault.\n\n"
        "## What you do not do\n\n- Does not deploy hotfixes.\n- Never log secrets or tokens.\n"
        "- Don't ignore security warnings.\n"
    )
    view = boundary_view(Context(team_of({"ops.md": agent("ops", body)}), Options()))
    assert [(area, who.id) for area, who, _, _ in view.contradictions] == [("Deployments", "ops")]
