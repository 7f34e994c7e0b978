"""The escalation view: every ladder, the routes to a person, and what is wrong with them."""

from __future__ import annotations

from dataclasses import dataclass

from ..graph import Step
from ..model import Relation
from . import Context, Link
from .graphs import GraphEdge, GraphView, edge_title

#: Most nodes drawn in the escalation flow; the tables list every agent.
DRAW_LIMIT = 120
#: More agents than this that escalate to one target and to nothing else, with nobody
#: escalating to them, are drawn as one box and one line (a row of forty boxes under one
#: target wraps into a ladder of rows crossed by their lines); the page lists them.
FAN_LIMIT = 8


@dataclass(frozen=True, slots=True)
class Fan:
    """Agents drawn as one box: each escalates only to ``target``, and nobody to them."""

    node: str
    target: Link
    agents: list[Link]


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
    #: Agents drawn as one box in the flow, by the target they all escalate to.
    fans: list[Fan]
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
    drawn, note, fans = _flow(ctx)
    return EscalationView(
        ladders, no_route, silent, missing, cycles, bottlenecks, longest, people, drawn, note, fans, len(team.agents)
    )


def _flow(ctx: Context) -> tuple[GraphView | None, str, list[Fan]]:
    """The escalation graph as a layered flow, people on top."""
    relations = [r for r in ctx.team.relations if r.kind == "escalates_to"]
    if not relations:
        return None, "", []
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
    links = [ctx.link(n) for n in nodes]
    edges = [GraphEdge(r.source, r.target, r.kind, edge_title(ctx, r)) for r in relations]
    fans = _fans(ctx, relations)
    if fans:
        folded = {a.id for fan in fans for a in fan.agents}
        links = [n for n in links if n.id not in folded]
        edges = [e for e in edges if e.source not in folded]
        for fan in fans:
            count = len(fan.agents)
            links.append(Link(fan.node, f"{count} agents", None, "cluster"))
            title = f"{count} agents escalate to {fan.target.label} and to no one else"
            # A line of the usual width: the box says how many it stands for.
            edges.append(GraphEdge(fan.node, fan.target.id, "escalates_to", title))
    if fans:
        boxes = "; ".join(f"{len(f.agents)} agents that escalate only to {f.target.label}" for f in fans)
        note = f"{note} Drawn as one box each, and listed under the figure: {boxes}.".strip()
    ranked = [(e.target, e.source) for e in edges]
    view = GraphView(
        id="ah-escalation",
        title="Escalation flow",
        nodes=links,
        edges=edges,
        layout="layered",
        rank_edges=ranked,
        note=note,
        kinds=("escalates_to",),
        descriptions={fan.node: ", ".join(a.label for a in fan.agents) for fan in fans},
    )
    return view, note, fans


def _fans(ctx: Context, relations: list[Relation]) -> list[Fan]:
    """The agents to draw as one box per target (see :data:`FAN_LIMIT`)."""
    out: dict[str, set[str]] = {}
    into: set[str] = set()
    for relation in relations:
        out.setdefault(relation.source, set()).add(relation.target)
        into.add(relation.target)
    by_target: dict[str, list[str]] = {}
    for source, targets in out.items():
        if len(targets) == 1 and source not in into and source in ctx.team.agents:
            by_target.setdefault(next(iter(targets)), []).append(source)
    return [
        Fan(f"fan:{target}", ctx.link(target), [ctx.link(s) for s in sorted(sources)])
        for target, sources in sorted(by_target.items())
        if len(sources) > FAN_LIMIT
    ]
