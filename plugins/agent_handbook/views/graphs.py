"""Graph views: which nodes and edges a figure shows, and how it should be laid out."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

import networkx as nx

from ..model import RELATION_KINDS, Relation
from . import Context, Link

#: Relation kinds that give a top-to-bottom order: (kind, True when the target goes above).
RANKING = {"escalates_to": True, "delegates_to": False, "hands_off_to": False}


@dataclass(frozen=True, slots=True)
class GraphEdge:
    source: str
    target: str
    kind: str
    title: str
    weight: int = 1


@dataclass
class GraphView:
    """A figure to draw: nodes, edges, the layout to use and what was left out."""

    id: str
    title: str
    nodes: list[Link]
    edges: list[GraphEdge]
    layout: str = "layered"  # "layered", "radial" or "grouped"
    #: For grouped layouts: (title, member ids in display order).
    groups: list[tuple[str, list[str]]] = field(default_factory=list)
    focus: str = ""
    #: For radial layouts: node -> ring (distance from the focus) and ring-2 parents.
    rings: dict[str, int] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)
    #: Edges (u, v) that put u above v in a layered layout.
    rank_edges: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""
    kinds: tuple[str, ...] = RELATION_KINDS
    descriptions: dict[str, str] = field(default_factory=dict)


def edge_title(ctx: Context, relation: Relation) -> str:
    source, target = ctx.link(relation.source).label, ctx.link(relation.target).label
    words = relation.kind.replace("_", " ")
    level = f" (level {relation.level})" if relation.level is not None else ""
    return f"{source} {words} {target}{level}"


def rank_edges(relations: list[Relation]) -> list[tuple[str, str]]:
    out = []
    for relation in relations:
        if relation.kind in RANKING:
            up = RANKING[relation.kind]
            out.append((relation.target, relation.source) if up else (relation.source, relation.target))
    return out


def short_description(text: str, limit: int = 160) -> str:
    first = text.split("Examples:")[0].split("<example>")[0].strip()
    for end in (". ", ".\n"):
        if end in first:
            first = first.split(end)[0] + "."
            break
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def neighbourhood(ctx: Context, agent_id: str, depth: int = 1) -> GraphView:
    """The agent in the middle, its direct relations around it (depth 1 or 2)."""
    nodes, relations = ctx.graph.neighbourhood(agent_id, depth=depth)
    distance = {agent_id: 0}
    parents: dict[str, str] = {}
    for relation in relations:
        for a, b in ((relation.source, relation.target), (relation.target, relation.source)):
            if a in distance and b not in distance:
                distance[b] = distance[a] + 1
                parents[b] = a
    limit = ctx.options.neighbourhood_limit
    ordered = sorted((n for n in nodes if n != agent_id), key=lambda n: (distance.get(n, 9), n))
    shown = [agent_id] + ordered[:limit]
    hidden = len(ordered) - len(shown) + 1
    keep = set(shown)
    # At depth 1 only the agent's own relations are drawn; others would cross the picture.
    edges = [
        GraphEdge(r.source, r.target, r.kind, edge_title(ctx, r))
        for r in relations
        if r.source in keep and r.target in keep and (depth > 1 or agent_id in (r.source, r.target))
    ]
    note = (
        f"{hidden} more related {'node is' if hidden == 1 else 'nodes are'} not drawn; all relations are listed below."
        if hidden > 0
        else ""
    )
    return GraphView(
        id=f"ah-n-{agent_id}",
        title=f"Relations of {ctx.link(agent_id).label}",
        nodes=[ctx.link(n) for n in shown],
        edges=edges,
        layout="radial",
        focus=agent_id,
        rings={n: distance.get(n, 1) for n in shown},
        parents=parents,
        note=note,
        descriptions={n: short_description(ctx.team.agents[n].description) for n in shown if n in ctx.team.agents},
    )


def team_map(ctx: Context, kinds: tuple[str, ...] = RELATION_KINDS) -> GraphView:
    """The whole team in groups (folders, or communities), people and missing agents apart."""
    relations = [r for r in ctx.team.relations if r.kind in kinds]
    nodes = sorted(set(ctx.team.agents) | {n for r in relations for n in (r.source, r.target)})
    edges = [GraphEdge(r.source, r.target, r.kind, edge_title(ctx, r)) for r in relations]
    return GraphView(
        id="ah-map",
        title="Team map",
        nodes=[ctx.link(n) for n in nodes],
        edges=edges,
        layout="grouped",
        groups=groups(ctx, nodes),
        rank_edges=rank_edges(relations),
        kinds=kinds,
        descriptions={n: short_description(a.description) for n, a in ctx.team.agents.items()},
    )


def groups(ctx: Context, nodes: list[str]) -> list[tuple[str, list[str]]]:
    """Agents grouped by folder when the team is spread over folders, else by community.

    Within a group, agents that route work or receive escalations come first.
    """
    team, graph = ctx.team, ctx.graph
    agents = [n for n in nodes if n in team.agents]
    others = [n for n in nodes if n not in team.agents]
    folders: dict[str, list[str]] = {}
    for agent_id in agents:
        folder = posixpath.dirname(team.agents[agent_id].source)
        folders.setdefault(folder, []).append(agent_id)
    if len(folders) > 1 and max(len(v) for v in folders.values()) < 0.8 * len(agents):
        # Group by the first folder below the folders' common parent.
        prefix = posixpath.commonpath(list(folders))
        named = {}
        for folder, members in folders.items():
            relative = posixpath.relpath(folder, prefix) if prefix else folder
            top = relative.split("/")[0] if relative != "." else "(top level)"
            named.setdefault(top, []).extend(members)
    elif len(agents) > 12:
        named = _communities(ctx, agents)
    else:
        named = {"Agents": agents}

    def weight(agent_id: str) -> tuple[int, str]:
        lead = len(graph.out_relations(agent_id, ("delegates_to",))) + len(
            graph.in_relations(agent_id, ("escalates_to",))
        )
        return (-lead, agent_id)

    result = [(title, sorted(members, key=weight)) for title, members in sorted(named.items())]
    if others:
        result.append(("People and names outside the team", sorted(others)))
    return result


def _communities(ctx: Context, agents: list[str]) -> dict[str, list[str]]:
    """Communities of the undirected relation graph, named after their busiest agent."""
    undirected = nx.Graph()
    undirected.add_nodes_from(agents)
    for relation in ctx.team.relations:
        if relation.source in ctx.team.agents and relation.target in ctx.team.agents:
            undirected.add_edge(relation.source, relation.target)
    found = nx.community.louvain_communities(undirected, seed=7)
    named: dict[str, list[str]] = {}
    for members in sorted(found, key=lambda c: (-len(c), sorted(c))):
        ordered = sorted(members)
        hub = max(ordered, key=lambda n: (undirected.degree(n), n))
        title = f"Around {ctx.team.agents[hub].name}" if len(ordered) > 1 else "Unconnected"
        named.setdefault(title, []).extend(ordered)
    return named


#: Agents drawn on one map; larger teams get a map of groups and a map per group.
MAP_DETAIL_LIMIT = 150


@dataclass
class GroupMap:
    """One group of a large team: its page and its map."""

    title: str
    slug: str
    members: list[str]
    view: GraphView


def group_slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "group"


def large_map(ctx: Context, kinds: tuple[str, ...] = RELATION_KINDS) -> tuple[GraphView, list[GroupMap]]:
    """A map of groups (each group one node, relations between groups added up by kind)
    and, per group, a map of its agents with one node for each group it relates to."""
    nodes = sorted(set(ctx.team.agents) | {n for r in ctx.team.relations for n in (r.source, r.target)})
    grouping = groups(ctx, nodes)
    group_of: dict[str, str] = {}
    slugs: dict[str, str] = {}
    for title, members in grouping:
        slug = group_slug(title)
        while slug in slugs.values():
            slug += "-2"
        slugs[title] = slug
        for member in members:
            group_of[member] = title
    between: dict[tuple[str, str, str], int] = {}
    for relation in ctx.team.relations:
        if relation.kind not in kinds:
            continue
        a, b = group_of[relation.source], group_of[relation.target]
        if a != b:
            between[(a, relation.kind, b)] = between.get((a, relation.kind, b), 0) + 1
    overview_nodes = [
        Link(f"group:{slugs[t]}", f"{t} ({len(m)})", ctx.uri(f"map/{slugs[t]}.md"), "cluster") for t, m in grouping
    ]
    overview = GraphView(
        id="ah-map",
        title="Team map by group",
        nodes=overview_nodes,
        edges=[
            GraphEdge(
                f"group:{slugs[a]}",
                f"group:{slugs[b]}",
                kind,
                f"{a} {kind.replace('_', ' ')} {b}: {count} relation{'s' if count != 1 else ''}",
                count,
            )
            for (a, kind, b), count in sorted(between.items())
        ],
        layout="layered",
        rank_edges=[
            (f"group:{slugs[b]}", f"group:{slugs[a]}")
            if kind == "escalates_to"
            else (f"group:{slugs[a]}", f"group:{slugs[b]}")
            for (a, kind, b) in between
            if kind in RANKING
        ],
        kinds=kinds,
        note=f"{len(ctx.team.agents)} agents in {len(grouping)} groups; open a group for its agents.",
    )
    maps = []
    for title, members in grouping:
        maps.append(GroupMap(title, slugs[title], members, _group_view(ctx, title, slugs, members, group_of, kinds)))
    return overview, maps


def _group_view(
    ctx: Context,
    title: str,
    slugs: dict[str, str],
    members: list[str],
    group_of: dict[str, str],
    kinds: tuple[str, ...],
) -> GraphView:
    inside = set(members)
    note = ""
    people: set[str] = set()
    if len(members) > MAP_DETAIL_LIMIT:
        degree: dict[str, int] = dict.fromkeys(members, 0)
        for relation in ctx.team.relations:
            for end in (relation.source, relation.target):
                if end in degree:
                    degree[end] += 1
        shown = sorted(members, key=lambda n: (-degree[n], n))[:MAP_DETAIL_LIMIT]
        note = f"{len(members) - len(shown)} agents of this group with the fewest relations are not drawn; the table lists every relation."
        inside = set(shown)
    edges: list[GraphEdge] = []
    outside: dict[tuple[str, str, str], int] = {}
    for relation in ctx.team.relations:
        if relation.kind not in kinds:
            continue
        s_in, t_in = relation.source in inside, relation.target in inside
        # People and names outside the team are few and matter: they are drawn one by one.
        if s_in and relation.target not in ctx.team.agents and relation.target not in inside:
            people.add(relation.target)
            t_in = True
        elif t_in and relation.source not in ctx.team.agents and relation.source not in inside:
            people.add(relation.source)
            s_in = True
        if s_in and t_in:
            edges.append(GraphEdge(relation.source, relation.target, relation.kind, edge_title(ctx, relation)))
        elif s_in and group_of[relation.target] != title:
            key = (relation.source, relation.kind, f"group:{slugs[group_of[relation.target]]}")
            outside[key] = outside.get(key, 0) + 1
        elif t_in and group_of[relation.source] != title:
            key = (f"group:{slugs[group_of[relation.source]]}", relation.kind, relation.target)
            outside[key] = outside.get(key, 0) + 1
    others = sorted({n for (s, _, t) in outside for n in (s, t) if n.startswith("group:")})
    titles = {f"group:{slug}": t for t, slug in slugs.items()}
    for (source, kind, target), count in sorted(outside.items()):
        edges.append(
            GraphEdge(
                source, target, kind, f"{count} relation{'s' if count != 1 else ''} ({kind.replace('_', ' ')})", count
            )
        )
    nodes = [ctx.link(n) for n in sorted(inside | people)] + [
        Link(o, f"{titles[o]} (group)", ctx.uri(f"map/{o.split(':', 1)[1]}.md"), "cluster") for o in others
    ]
    return GraphView(
        id=f"ah-map-{slugs[title]}",
        title=f"{title}: agents and their relations",
        nodes=nodes,
        edges=edges,
        layout="grouped",
        groups=[
            (title, sorted(inside - people)),
            ("People and names outside the team", sorted(people)),
            ("Other groups", others),
        ],
        kinds=kinds,
        note=note,
        descriptions={n: short_description(ctx.team.agents[n].description) for n in inside if n in ctx.team.agents},
    )
