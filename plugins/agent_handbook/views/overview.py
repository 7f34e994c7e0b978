"""The handbook's home, the team map and the health report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..diagnostics import CODES
from ..model import RELATION_KINDS, Diagnostic
from . import Context, Link
from .graphs import GraphView, short_description, team_map


@dataclass(frozen=True, slots=True)
class AgentRow:
    link: Link
    description: str
    model: str
    tools: tuple[str, ...] | None
    relations: int
    problems: int


@dataclass(frozen=True, slots=True)
class ReadingStep:
    link: Link
    reason: str


@dataclass
class IndexView:
    agents: list[AgentRow]
    kinds: dict[str, int]
    models: list[tuple[str, int]]
    external: dict[str, list[Link]]
    severities: dict[str, int]
    reading: list[ReadingStep]
    attention: list[str]
    top_problems: list[Diagnostic]
    graph: GraphView | None
    files: int


@dataclass
class HealthGroup:
    code: str
    severity: str
    explanation: str
    items: list[Diagnostic]


def index_view(ctx: Context) -> IndexView:
    team = ctx.team
    degree = Counter()
    for relation in team.relations:
        degree[relation.source] += 1
        degree[relation.target] += 1
    problems = Counter(d.file for d in team.diagnostics if d.severity != "info")
    rows = [
        AgentRow(
            ctx.link(a.id),
            short_description(a.description),
            a.model or "inherit",
            a.tools,
            degree[a.id],
            problems[a.source],
        )
        for a in team.agents.values()
    ]
    models = Counter(a.model or "inherit" for a in team.agents.values())
    external: dict[str, list[Link]] = {}
    for role in team.external.values():
        external.setdefault(role.role, []).append(ctx.link(role.id))
    severities = Counter(d.severity for d in team.diagnostics)
    big = len(team.agents) > ctx.options.map_limit
    return IndexView(
        agents=rows,
        kinds={k: sum(1 for r in team.relations if r.kind == k) for k in RELATION_KINDS},
        models=sorted(models.items(), key=lambda item: (-item[1], item[0])),
        external=dict(sorted(external.items())),
        severities={s: severities.get(s, 0) for s in ("error", "warning", "info")},
        reading=reading_order(ctx),
        attention=attention(ctx),
        top_problems=[d for d in team.diagnostics if d.severity != "info"][:10],
        graph=None if big or not team.agents else team_map(ctx),
        files=len(team.files),
    )


def reading_order(ctx: Context, limit: int = 8) -> list[ReadingStep]:
    """Where a newcomer should start: coordinators first, then the agents most work flows through."""
    team, graph = ctx.team, ctx.graph
    scores = []
    for agent_id in team.agents:
        delegates = len(graph.out_relations(agent_id, ("delegates_to",)))
        escalated_to = len(graph.in_relations(agent_id, ("escalates_to",)))
        handoffs = len(graph.in_relations(agent_id, ("hands_off_to",))) + len(
            graph.out_relations(agent_id, ("hands_off_to",))
        )
        peers = len(graph.out_relations(agent_id, ("collaborates_with",))) + len(
            graph.in_relations(agent_id, ("collaborates_with",))
        )
        score = 3 * delegates + 2 * escalated_to + handoffs + 0.5 * peers
        if score <= 0:
            continue
        if delegates:
            reason = f"routes work to {delegates} agent{'s' if delegates != 1 else ''}"
        elif escalated_to:
            reason = f"{escalated_to} agent{'s escalate' if escalated_to != 1 else ' escalates'} to it"
        elif handoffs:
            reason = f"in {handoffs} hand-off{'s' if handoffs != 1 else ''}"
        else:
            reason = f"works with {peers} agent{'s' if peers != 1 else ''}"
        scores.append((-score, agent_id, reason))
    scores.sort()
    return [ReadingStep(ctx.link(agent_id), reason) for _, agent_id, reason in scores[:limit]]


def attention(ctx: Context) -> list[str]:
    """Findings about the relations, the same on the home page and the health report (plain
    text; the templates link the pages). Problems in the files are diagnostics, counted apart."""
    team, graph = ctx.team, ctx.graph
    notes = []
    dangling = graph.dangling()
    if dangling:
        notes.append(f"{len(dangling)} name{'s' if len(dangling) != 1 else ''} used like agents but defined by no file")
    cycles = graph.escalation_cycles()
    if cycles:
        notes.append(f"{len(cycles)} escalation cycle{'s' if len(cycles) != 1 else ''}")
    escalating = {r.source for r in team.relations if r.kind == "escalates_to" and r.source in team.agents}
    stuck = sorted(a for a in escalating if a not in ctx.route)
    if stuck:
        notes.append(f"{len(stuck)} agent{'s' if len(stuck) != 1 else ''} escalate but never reach a person")
    unacknowledged = [
        r
        for r in team.relations
        if r.kind == "hands_off_to"
        and r.target in team.agents
        and r.source in team.agents
        and not graph.handoff_acknowledged(r)
    ]
    if unacknowledged:
        notes.append(
            f"{len(unacknowledged)} hand-off{'s' if len(unacknowledged) != 1 else ''} the receiving agent never mentions"
        )
    bad_files = {
        d.file
        for d in team.diagnostics
        if d.code
        in {"invalid-yaml", "not-an-agent", "binary-file", "empty-file", "unclosed-front-matter", "decode-fallback"}
    }
    if bad_files:
        notes.append(f"{len(bad_files)} file{'s' if len(bad_files) != 1 else ''} that could not be read cleanly")
    return notes


def health_groups(ctx: Context) -> list[HealthGroup]:
    groups: dict[str, list[Diagnostic]] = {}
    for problem in ctx.team.diagnostics:
        groups.setdefault(problem.code, []).append(problem)
    order = {"error": 0, "warning": 1, "info": 2}
    result = [HealthGroup(code, CODES[code][0], CODES[code][1], items) for code, items in groups.items()]
    result.sort(key=lambda g: (min(order[d.severity] for d in g.items), g.code))
    return result


def map_view(ctx: Context) -> GraphView:
    return team_map(ctx)
