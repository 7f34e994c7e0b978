"""The escalation view: every ladder, the routes to a person, and what is wrong with them."""

from __future__ import annotations

from dataclasses import dataclass

from ..graph import Step
from ..model import Relation
from . import Context, Link
from .graphs import GraphEdge, GraphView, edge_title

#: Most nodes drawn in the escalation flow; the tables list every agent.
DRAW_LIMIT = 120


@dataclass
class LadderRow:
    agent: Link
    steps: list[tuple[int | None, list[tuple[Link, Relation]]]]
    route: list[Link]
    paths: int


@dataclass(frozen=True, slots=True)
class Cycle:
    members: list[Link]
    evidence: tuple


@dataclass
class EscalationView:
    ladders: list[LadderRow]
    no_route: list[Link]  # escalate, but never reach a person
    silent: list[Link]  # never escalate at all
    missing: list[tuple[Link, Link, Relation]]  # (agent, missing target, relation)
    cycles: list[Cycle]
    bottlenecks: list[tuple[Link, int]]
    longest: list[LadderRow]
    people: list[tuple[Link, int]]  # humans and how many agents reach them
    graph: GraphView | None
    note: str
    #: Agents of the team (what the summary counts against).
    agents: int = 0

    @property
    def reaching(self) -> int:
        """Agents that name an escalation and whose escalations reach a person."""
        return len(self.ladders) - len(self.no_route)


def escalation_view(ctx: Context) -> EscalationView:
    team, graph = ctx.team, ctx.graph
    route = ctx.route
    ladders: list[LadderRow] = []
    no_route: list[Link] = []
    silent: list[Link] = []
    missing: list[tuple[Link, Link, Relation]] = []
    reached: dict[str, int] = {}
    for agent_id in team.agents:
        steps: list[Step] = graph.ladder(agent_id)
        path = graph.path_to_human(agent_id, route)
        if path:
            reached[path[-1]] = reached.get(path[-1], 0) + 1
        if not steps:
            if not path:
                silent.append(ctx.link(agent_id))
            continue
        row = LadderRow(
            ctx.link(agent_id),
            [(s.level, [(ctx.link(r.target), r) for r in s.relations]) for s in steps],
            [ctx.link(n) for n in path],
            len(graph.paths_to_human(agent_id, limit=20)) if path else 0,
        )
        ladders.append(row)
        if not path:
            no_route.append(row.agent)
        for step in steps:
            for relation in step.relations:
                role = team.external.get(relation.target)
                if role is not None and role.role == "missing":
                    missing.append((row.agent, ctx.link(relation.target), relation))

    cycles = []
    escalation = graph.kind_graph("escalates_to")
    for members in graph.escalation_cycles():
        first = escalation.edges[members[0], members[1]]["relation"]
        cycles.append(Cycle([ctx.link(n) for n in members], first.evidence))

    # The longest ladders have the most levels; a route of many hops comes next.
    longest = sorted(ladders, key=lambda r: (-len(r.steps), -len(r.route), r.agent.id))
    longest = [r for r in longest if len(r.steps) > 1][:5]
    bottlenecks = [(ctx.link(n), count) for n, count in graph.bottlenecks()]
    people = sorted(((ctx.link(n), c) for n, c in reached.items()), key=lambda item: (-item[1], item[0].id))
    drawn, note = _flow(ctx)
    return EscalationView(
        ladders, no_route, silent, missing, cycles, bottlenecks, longest, people, drawn, note, len(team.agents)
    )


def _flow(ctx: Context) -> tuple[GraphView | None, str]:
    """The escalation graph as a layered flow, people on top."""
    relations = [r for r in ctx.team.relations if r.kind == "escalates_to"]
    if not relations:
        return None, ""
    nodes = sorted({n for r in relations for n in (r.source, r.target)})
    note = ""
    if len(nodes) > DRAW_LIMIT:
        # Keep the nodes nearest to a person: they carry the structure of the ladders.
        route = ctx.route
        nodes = sorted(nodes, key=lambda n: (route.get(n, (99, None))[0], n))[:DRAW_LIMIT]
        hidden = len({n for r in relations for n in (r.source, r.target)}) - len(nodes)
        note = (
            f"{hidden} more agents are not drawn (the ones farthest from a person); every ladder is in the table below."
        )
        keep = set(nodes)
        relations = [r for r in relations if r.source in keep and r.target in keep]
    view = GraphView(
        id="ah-escalation",
        title="Escalation flow",
        nodes=[ctx.link(n) for n in nodes],
        edges=[GraphEdge(r.source, r.target, r.kind, edge_title(ctx, r)) for r in relations],
        layout="layered",
        rank_edges=[(r.target, r.source) for r in relations],
        note=note,
        kinds=("escalates_to",),
    )
    return view, note
