"""The handbook's home, the team map and the health report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..diagnostics import CODES
from ..model import RELATION_KINDS, Diagnostic, Evidence, Relation
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
    findings: list[Finding]
    top_problems: list[Diagnostic]
    graph: GraphView | None
    files: int


@dataclass
class HealthGroup:
    code: str
    severity: str
    explanation: str
    items: list[Diagnostic]


def index_view(ctx: Context, found: list[Finding] | None = None) -> IndexView:
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
        findings=findings(ctx) if found is None else found,
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


#: Diagnostics that mean a file could not be read cleanly.
UNREADABLE = frozenset(
    {"invalid-yaml", "not-an-agent", "binary-file", "empty-file", "unclosed-front-matter", "decode-fallback"}
)


@dataclass(frozen=True, slots=True)
class FindingItem:
    """One thing a finding is about: the nodes it names in order (an agent, or a relation's
    two ends), what to add in words, and where it was read."""

    nodes: tuple[Link, ...]
    note: str = ""
    evidence: tuple[Evidence, ...] = ()
    #: Nodes the note speaks of ("named by" these agents, "escalates to" these).
    others: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """A finding about the relations, with every agent and relation it counts.

    ``page`` is the handbook page that shows it in place (a uri), ``where`` its name in words."""

    code: str
    summary: str
    items: tuple[FindingItem, ...]
    page: str = ""
    where: str = ""
    #: How the nodes of an item are joined: "→" for a relation or a cycle, ", " for a list.
    joiner: str = " → "


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _on(ctx: Context, page: str) -> tuple[str, str]:
    return ctx.uri(f"{page}.md"), {"escalation": "the escalation page", "handoffs": "the hand-offs page"}[page]


def findings(ctx: Context) -> list[Finding]:
    """Findings about the relations, each with the agents and relations it counts: the same
    list on the home page and the health report, so their counts agree. Problems in the
    files are diagnostics, counted apart."""
    team, graph = ctx.team, ctx.graph
    out: list[Finding] = []
    dangling = graph.dangling()
    if dangling:
        users: dict[str, list[Relation]] = {}
        for relation in team.relations:
            if relation.target in dangling:
                users.setdefault(relation.target, []).append(relation)
        items = []
        for name in dangling:
            used = sorted(users.get(name, []), key=lambda r: (r.source, r.kind))
            sources = tuple(dict.fromkeys(r.source for r in used))
            items.append(
                FindingItem(
                    (ctx.link(name),),
                    "named by" if sources else "",
                    tuple(e for r in used[:3] for e in r.evidence[:1]),
                    tuple(ctx.link(s) for s in sources),
                )
            )
        out.append(
            Finding(
                "dangling",
                _plural(
                    len(dangling),
                    "name used like an agent but defined by no file",
                    "names used like agents but defined by no file",
                ),
                tuple(items),
            )
        )
    cycles = graph.escalation_cycles()
    if cycles:
        escalation = graph.kind_graph("escalates_to")
        items = []
        for members in cycles:
            first = escalation.edges[members[0], members[1]]["relation"]
            items.append(FindingItem(tuple(ctx.link(n) for n in (*members, members[0])), "", first.evidence[:1]))
        out.append(
            Finding(
                "cycle",
                _plural(len(cycles), "escalation cycle", "escalation cycles"),
                tuple(items),
                *_on(ctx, "escalation"),
            )
        )
    escalating = {r.source for r in team.relations if r.kind == "escalates_to" and r.source in team.agents}
    stuck = sorted(a for a in escalating if a not in ctx.route)
    if stuck:
        items = []
        for agent_id in stuck:
            ladder = graph.out_relations(agent_id, ("escalates_to",))
            targets = tuple(ctx.link(t) for t in dict.fromkeys(r.target for r in ladder))
            items.append(
                FindingItem((ctx.link(agent_id),), "escalates to", tuple(r.evidence[0] for r in ladder[:2]), targets)
            )
        summary = (
            "agent escalates but never reaches a person"
            if len(stuck) == 1
            else "agents escalate but never reach a person"
        )
        out.append(Finding("no-route", f"{len(stuck)} {summary}", tuple(items), *_on(ctx, "escalation")))
    unacknowledged = [
        r
        for r in team.relations
        if r.kind == "hands_off_to"
        and r.target in team.agents
        and r.source in team.agents
        and not graph.handoff_acknowledged(r)
    ]
    if unacknowledged:
        items = tuple(FindingItem((ctx.link(r.source), ctx.link(r.target)), "", r.evidence[:1]) for r in unacknowledged)
        out.append(
            Finding(
                "unacknowledged",
                _plural(
                    len(unacknowledged),
                    "hand-off the receiving agent never mentions",
                    "hand-offs the receiving agent never mentions",
                ),
                items,
                *_on(ctx, "handoffs"),
            )
        )
    by_file: dict[str, Diagnostic] = {}
    for problem in team.diagnostics:
        if problem.code in UNREADABLE:
            by_file.setdefault(problem.file, problem)
    if by_file:
        by_source = {a.source: a.id for a in team.agents.values()}
        items = tuple(
            FindingItem(
                (ctx.link(by_source[file]),) if file in by_source else (),
                f"{problem.code}: {problem.message}",
                (Evidence(file, problem.line, ""),),
            )
            for file, problem in sorted(by_file.items())
        )
        out.append(
            Finding(
                "unreadable",
                _plural(len(by_file), "file that could not be read cleanly", "files that could not be read cleanly"),
                items,
            )
        )
    return out


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
