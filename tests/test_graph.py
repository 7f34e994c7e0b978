"""Graph queries: neighbourhood, ladders, routes to a human, cycles, reciprocity, chains."""

from __future__ import annotations

from agent_handbook.graph import TeamGraph

from .conftest import agent

LADDER_TEAM = {
    "dev.md": agent(
        "dev", "### Level 2\nEscalate to: @lead\n\n### Level 3\nEscalate to: @architect\n\nHand off builds to @qa."
    ),
    "lead.md": agent("lead", "Escalate to the user when priorities clash.\n\nReceives builds from the dev agent."),
    "architect.md": agent("architect", "Escalate to @lead for staffing."),
    "qa.md": agent("qa", "Hand off release notes to @writer."),
    "writer.md": agent("writer", "Writes docs."),
    "loop-a.md": agent("loop-a", "Escalate to @loop-b."),
    "loop-b.md": agent("loop-b", "Escalate to @loop-a."),
}


def test_ladder_in_level_order(team_of):
    graph = TeamGraph(team_of(LADDER_TEAM))
    steps = graph.ladder("dev")
    assert [(s.level, [r.target for r in s.relations]) for s in steps] == [(2, ["lead"]), (3, ["architect"])]


def test_route_to_human_by_reverse_search(team_of):
    graph = TeamGraph(team_of(LADDER_TEAM))
    assert graph.path_to_human("dev") == ["dev", "lead", "user"]
    assert graph.path_to_human("architect") == ["architect", "lead", "user"]
    assert graph.path_to_human("loop-a") == []
    assert graph.paths_to_human("dev") == [["dev", "lead", "user"], ["dev", "architect", "lead", "user"]]


def test_cycles_are_found_and_diagnosed(team_of):
    team = team_of(LADDER_TEAM)
    assert TeamGraph(team).escalation_cycles() == [["loop-a", "loop-b"]]
    [cycle] = [d for d in team.diagnostics if d.code == "escalation-cycle"]
    assert "loop-a → loop-b → loop-a" in cycle.message


def test_neighbourhood_respects_depth_kinds_and_direction(team_of):
    graph = TeamGraph(team_of(LADDER_TEAM))
    nodes, relations = graph.neighbourhood("dev", depth=1)
    assert set(nodes) == {"dev", "lead", "architect", "qa"}
    nodes, _ = graph.neighbourhood("dev", depth=2, kinds=["hands_off_to"])
    assert set(nodes) == {"dev", "qa", "lead", "writer"}
    nodes, _ = graph.neighbourhood("lead", depth=1, direction="in", kinds=["escalates_to"])
    assert set(nodes) == {"lead", "dev", "architect"}
    assert all(r.kind == "escalates_to" for r in graph.neighbourhood("lead", 2, ["escalates_to"])[1])


def test_handoff_reciprocity_and_chains(team_of):
    graph = TeamGraph(team_of(LADDER_TEAM))
    handoffs = {(r.source, r.target): r for r in graph.team.relations if r.kind == "hands_off_to"}
    # lead's file says it receives builds from dev: acknowledged. writer never mentions qa.
    assert graph.handoff_acknowledged(handoffs[("qa", "writer")]) is False
    assert graph.handoff_acknowledged(handoffs[("dev", "qa")]) is False
    assert graph.handoff_acknowledged(handoffs[("dev", "lead")]) is True
    assert ["dev", "qa", "writer"] in graph.handoff_chains()


def test_bottlenecks_and_dangling(team_of):
    files = {**LADDER_TEAM, "ops.md": agent("ops", "Escalate to @lead or @ghost-agent.")}
    graph = TeamGraph(team_of(files))
    assert graph.bottlenecks()[0] == ("lead", 3)
    assert graph.dangling() == ["ghost-agent"]
