"""The hand-off view: pipelines as chains, hand-offs nobody acknowledges, and dead ends."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Relation
from . import Context, Link
from .graphs import GraphEdge, GraphView, edge_title

DRAW_LIMIT = 120


@dataclass(frozen=True, slots=True)
class Handoff:
    source: Link
    target: Link
    what: str
    relation: Relation
    acknowledged: bool


@dataclass
class HandoffView:
    chains: list[list[Link]]
    steps: dict[tuple[str, str], Handoff]
    handoffs: list[Handoff]
    unacknowledged: list[Handoff]
    dead_ends: list[Handoff]  # hand-offs to a name that is not an agent of the team
    sinks: list[tuple[Link, int]]  # agents where work arrives and stops
    graph: GraphView | None


def handoff_view(ctx: Context) -> HandoffView:
    team, graph = ctx.team, ctx.graph
    handoffs: list[Handoff] = []
    for relation in team.relations:
        if relation.kind != "hands_off_to":
            continue
        both_agents = relation.source in team.agents and relation.target in team.agents
        acknowledged = graph.handoff_acknowledged(relation) if both_agents else True
        what = relation.what
        handoffs.append(Handoff(ctx.link(relation.source), ctx.link(relation.target), what, relation, acknowledged))
    steps = {(h.source.id, h.target.id): h for h in handoffs}
    chains = [[ctx.link(n) for n in chain] for chain in graph.handoff_chains(limit=60)]
    unacknowledged = [h for h in handoffs if not h.acknowledged]
    dead_ends = [h for h in handoffs if h.target.role == "missing"]
    sinks = []
    for agent_id in team.agents:
        incoming = graph.in_relations(agent_id, ("hands_off_to",))
        outgoing = graph.out_relations(agent_id, ("hands_off_to", "escalates_to", "delegates_to"))
        if incoming and not outgoing:
            sinks.append((ctx.link(agent_id), len(incoming)))
    return HandoffView(chains, steps, handoffs, unacknowledged, dead_ends, sinks, _flow(ctx, handoffs))


def _flow(ctx: Context, handoffs: list[Handoff]) -> GraphView | None:
    if not handoffs:
        return None
    nodes = sorted({n for h in handoffs for n in (h.source.id, h.target.id)})
    note = ""
    relations = [h.relation for h in handoffs]
    if len(nodes) > DRAW_LIMIT:
        degree: dict[str, int] = {}
        for r in relations:
            degree[r.source] = degree.get(r.source, 0) + 1
            degree[r.target] = degree.get(r.target, 0) + 1
        nodes = sorted(nodes, key=lambda n: (-degree[n], n))[:DRAW_LIMIT]
        keep = set(nodes)
        hidden = len(degree) - len(keep)
        relations = [r for r in relations if r.source in keep and r.target in keep]
        note = f"{hidden} agents with the fewest hand-offs are not drawn; every hand-off is in the table below."
    return GraphView(
        id="ah-handoffs",
        title="Hand-off flow",
        nodes=[ctx.link(n) for n in nodes],
        edges=[GraphEdge(r.source, r.target, r.kind, edge_title(ctx, r)) for r in relations],
        layout="layered",
        rank_edges=[(r.source, r.target) for r in relations],
        note=note,
        kinds=("hands_off_to",),
    )
