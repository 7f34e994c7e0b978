"""Graph views: which nodes and edges a figure shows, and how it should be laid out."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

import networkx as nx

from ..model import KIND_ORDER, RELATION_KINDS, Relation
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
    level: int | None = None


@dataclass
class GraphView:
    """A figure to draw: nodes, edges, the layout to use and what was left out."""

    id: str
    title: str
    nodes: list[Link]
    edges: list[GraphEdge]
    #: "layered" and "around" (a focus) are laid out at build time; "map" in the reader's
    #: browser (see render/mapfigure.py), where it can change with what the reader shows.
    layout: str = "layered"
    #: For maps: (title, member ids in display order).
    groups: list[tuple[str, list[str]]] = field(default_factory=list)
    #: For maps: groups the reader can close into one node and open again, the first ones
    #: shown closed when ``start_closed``; agents without any relation left out at first
    #: (behind a button that says how many) when ``hide_unconnected``.
    foldable: tuple[str, ...] = ()
    start_closed: bool = False
    hide_unconnected: bool = False
    focus: str = ""
    #: Around a focus: node -> ring (steps from the focus), and the node one step nearer
    #: that each node of ring 2 and beyond hangs from.
    rings: dict[str, int] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)
    #: The depth around the focus shown at first by the page script (0: all).
    start_depth: int = 0
    #: Edges (u, v) that put u above v in a layered layout.
    rank_edges: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""
    kinds: tuple[str, ...] = RELATION_KINDS
    descriptions: dict[str, str] = field(default_factory=dict)
    #: For the team map: its groups nested (see :func:`nest`); empty, ``groups`` as they are.
    nests: list[Nest] = field(default_factory=list)


@dataclass
class Nest:
    """A group of the map as it is drawn: the nodes right in it and the groups inside it.

    A group the reader can close (``fold``) is one node then, its lines added up; one that is
    not (the people the agents name, when they are few) always shows its nodes.
    """

    title: str
    members: list[str] = field(default_factory=list)
    children: list[Nest] = field(default_factory=list)
    fold: bool = True
    #: Open, its nodes are drawn among the others, without a frame (people and outside names:
    #: they go at the top, where escalations lead, not side by side in a box).
    flat: bool = False

    def everyone(self) -> list[str]:
        """Every node in the group and in the groups inside it."""
        return [*(n for child in self.children for n in child.everyone()), *self.members]


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


def neighbourhood(ctx: Context, agent_id: str, depth: int = 1, start_depth: int = 0) -> GraphView:
    """The agent in the middle and the nodes up to ``depth`` steps from it.

    At most ``neighbourhood_limit`` nodes besides the agent are drawn, nearest first (those
    two or more steps away take at most a quarter of them), and a note says how many are not.
    Of the relations among them, those that lead one step farther from the agent are drawn
    (at depth 1, the agent's own): they say how each node is reached. A relation between
    two nodes as far from the agent as each other explains nothing about it, would cross
    the picture and, on every agent page of a large team, add up. The page script shows
    ``start_depth`` steps at first (0: all); without it, every node drawn shows.
    """
    relations = _around(ctx, agent_id, depth)
    distance, parents = _steps(ctx, agent_id, depth)
    links: dict[str, int] = {}
    for relation in relations:
        for a, b in ((relation.source, relation.target), (relation.target, relation.source)):
            if distance[a] == distance[b] - 1:
                links[b] = links.get(b, 0) + 1
    # Nearest first; among nodes as far, those with more ties to the nearer ring.
    ordered = sorted((n for n in distance if n != agent_id), key=lambda n: (distance[n], -links.get(n, 0), n))
    limit = ctx.options.neighbourhood_limit
    near_nodes = [n for n in ordered if distance[n] == 1][:limit]
    far_nodes = [n for n in ordered if distance[n] > 1][: min(limit - len(near_nodes), max(1, limit // 4))]
    shown = [agent_id, *near_nodes, *far_nodes]
    keep = set(shown)
    drawn = [
        r
        for r in relations
        if r.source in keep and r.target in keep and abs(distance[r.source] - distance[r.target]) == 1
    ]
    edges = [GraphEdge(r.source, r.target, r.kind, edge_title(ctx, r)) for r in sorted(drawn, key=_relation_order)]
    left_out = [n for n in ordered if n not in keep]
    near = sum(1 for n in left_out if distance[n] == 1)
    far = len(left_out) - near
    parts = []
    if near:
        parts.append(f"{near} more related {'node' if near == 1 else 'nodes'}")
    if far:
        steps = "two steps" if depth == 2 else "two or more steps"
        parts.append(f"{far} {'' if near else 'more '}{'node' if far == 1 else 'nodes'} {steps} away")
    note = ""
    if parts:
        verb = "is" if len(left_out) == 1 else "are"
        note = f"{' and '.join(parts)} {verb} not drawn"
        note += "; all relations of the agent are listed below." if near else "."
    return GraphView(
        id=f"ah-n-{agent_id}",
        title=f"Relations of {ctx.link(agent_id).label}",
        nodes=[ctx.link(n) for n in shown],
        edges=edges,
        layout="around",
        focus=agent_id,
        rings={n: distance[n] for n in shown},
        parents={n: parents[n] for n in shown if n in parents},
        rank_edges=rank_edges(_among(ctx, relations, keep, far_nodes)),
        note=note,
        start_depth=start_depth if any(distance[n] > start_depth for n in shown) else 0,
        # Only the nearest say what they do: the tooltips of a whole neighbourhood add up.
        descriptions={
            n: short_description(ctx.team.agents[n].description)
            for n in shown
            if n in ctx.team.agents and distance[n] <= 1
        },
    )


def _around(ctx: Context, agent_id: str, depth: int) -> list[Relation]:
    """The relations that reach nodes up to ``depth`` steps from the agent, and those among
    the nodes fewer than ``depth`` steps away: what the neighbourhood draws and ranks by,
    without the relations among the farthest nodes (on a large team, most of them)."""
    found: dict[tuple[str, str, str], Relation] = {}
    frontier, seen = [agent_id], {agent_id}
    for _ in range(depth):
        following = []
        for node in frontier:
            if node != agent_id and node not in ctx.team.agents:
                continue  # no way on through a person (see _steps)
            for relation in ctx.graph.incident(node):
                found[(relation.source, relation.kind, relation.target)] = relation
                other = relation.target if relation.source == node else relation.source
                if other not in seen:
                    seen.add(other)
                    following.append(other)
        frontier = following
    return list(found.values())  # in no order: what is drawn is sorted


def _among(ctx: Context, relations: list[Relation], keep: set[str], far: list[str]) -> list[Relation]:
    """The relations among the nodes drawn, with those between the farthest ones."""
    found = {(r.source, r.kind, r.target): r for r in relations if r.source in keep and r.target in keep}
    for node in far:
        for r in ctx.graph.incident(node):
            if r.source in keep and r.target in keep:
                found.setdefault((r.source, r.kind, r.target), r)
    return sorted(found.values(), key=_relation_order)


def _relation_order(relation: Relation) -> tuple[str, int, str]:
    return relation.source, KIND_ORDER[relation.kind], relation.target


def _steps(ctx: Context, start: str, depth: int) -> tuple[dict[str, int], dict[str, str]]:
    """Steps from ``start`` to every node up to ``depth`` steps away (relations taken either
    direction), and for each node but ``start`` its first neighbour one step nearer.

    The way on goes through agents only: that two agents both escalate to the user (or
    name the same missing agent) does not make them neighbours of neighbours. On a real
    team most agents name the user, and through it every agent would be two steps from
    every other, which says nothing and costs in the square of the team.
    """
    distance, parents = {start: 0}, {}
    frontier = [start]
    agents = ctx.team.agents
    for step in range(1, depth + 1):
        following = []
        for node in frontier:
            if node != start and node not in agents:
                continue
            for other in ctx.graph.adjacent(node):
                if other not in distance:
                    distance[other] = step
                    parents[other] = node
                    following.append(other)
        frontier = following
    return distance, parents


#: Above this many agents the map starts with its groups closed and without the agents
#: that have no relation (the reader opens a group in place, or shows them with a button).
MAP_OPEN_LIMIT = 40

PEOPLE = "People and names outside the team"
UNCONNECTED = "Unconnected"


def team_map(ctx: Context, kinds: tuple[str, ...] = RELATION_KINDS) -> GraphView:
    """The whole team in groups (folders, or communities), people and missing agents apart.

    Drawn in the reader's browser: the groups can be closed into one node each and opened
    in place, and on a large team they start closed, without the unconnected agents.
    """
    relations = [r for r in ctx.team.relations if r.kind in kinds]
    nodes = sorted(set(ctx.team.agents) | {n for r in relations for n in (r.source, r.target)})
    edges = [map_edge(ctx, r) for r in relations]
    grouping = groups(ctx, nodes)
    agent_groups = [
        title for title, members in grouping if title != PEOPLE and any(m in ctx.team.agents for m in members)
    ]
    large = len(ctx.team.agents) > MAP_OPEN_LIMIT
    nests = nest(ctx, grouping, relations)
    return GraphView(
        id="ah-map",
        title="Team map",
        nodes=[ctx.link(n) for n in nodes],
        edges=edges,
        layout="map",
        groups=grouping,
        foldable=tuple(agent_groups) if len(agent_groups) > 1 else (),
        start_closed=large,
        hide_unconnected=large,
        rank_edges=rank_edges(relations),
        kinds=kinds,
        descriptions={n: short_description(a.description) for n, a in ctx.team.agents.items()},
        nests=nests,
    )


#: A group of the map holds at most this many agents side by side: a larger one is split into
#: groups of agents that work together (communities), and when there are more groups than this
#: side by side they are gathered into groups of groups. So the map's first view (see
#: ``assets/handbook-map.js``) always has a level of groups closed that fits a window.
NEST_LIMIT = 8
#: Up to this many people and outside names are one group; more, and the names outside the
#: team are a group of their own.
PEOPLE_SHOWN = 6
OUTSIDE = "Names outside the team"


def nest(ctx: Context, grouping: list[tuple[str, list[str]]], relations: list[Relation]) -> list[Nest]:
    """The map's groups nested as deep as needed: folders (or communities), each split into
    communities when it is larger than :data:`NEST_LIMIT`, gathered into groups of groups when
    there are more than that; the people apart, as their own nodes when they are few."""
    weights: dict[tuple[str, str], int] = {}
    for relation in relations:
        if relation.source != relation.target:
            key = (min(relation.source, relation.target), max(relation.source, relation.target))
            weights[key] = weights.get(key, 0) + 1
    agents = [Nest(title, list(members)) for title, members in grouping if title != PEOPLE]
    agents = [_split(ctx, group, weights) for group in agents]
    agents = _gather(agents, weights)
    if len(agents) == 1:  # one group is no grouping: what it holds is the first level
        only = agents[0]
        agents = only.children + ([Nest(only.title, only.members, fold=bool(only.children))] if only.members else [])
    people = next((members for title, members in grouping if title == PEOPLE), [])
    out = list(agents)
    if people:
        named = [p for p in people if ctx.link(p).role != "missing"]
        missing = [p for p in people if ctx.link(p).role == "missing"]
        # A group like the others (the page script opens it at first where it fits); the names
        # outside the team apart when there are more than a few people and names.
        if len(missing) < 2 or len(people) <= PEOPLE_SHOWN:
            out.append(Nest(PEOPLE, people, fold=len(out) > 0 and len(people) > 2, flat=True))
        else:
            if named:
                out.append(Nest(PEOPLE, named, flat=True))
            out.append(Nest(OUTSIDE, missing, flat=True))
    return out


def _split(ctx: Context, group: Nest, weights: dict[tuple[str, str], int]) -> Nest:
    """``group`` with its agents in communities when they are more than :data:`NEST_LIMIT`."""
    if len(group.members) <= NEST_LIMIT:
        return group
    inside = set(group.members)
    graph = nx.Graph()
    graph.add_nodes_from(sorted(inside))
    for (a, b), weight in weights.items():
        if a in inside and b in inside:
            graph.add_edge(a, b, weight=weight)
    found = [sorted(c) for c in nx.community.louvain_communities(graph, seed=7)]
    together = sorted((c for c in found if len(c) > 1), key=lambda c: (-len(c), c))
    alone = sorted(n for c in found if len(c) == 1 for n in c)
    if len(together) < 2 and not (together and alone):
        # No communities to speak of: by name, in runs.
        names = sorted(group.members, key=lambda n: (ctx.link(n).label.lower(), n))
        return Nest(
            group.title, [], _runs(names, lambda run: _between(ctx.link(run[0]).label, ctx.link(run[-1]).label))
        )
    children = []
    for members in together:
        hub = max(members, key=lambda n: (graph.degree(n, weight="weight"), n))
        title = f"Around {ctx.link(hub).label}"
        if title == group.title:  # a community split again: its hub's own circle
            title = f"Closest to {ctx.link(hub).label}"
        children.append(_split(ctx, Nest(title, members), weights))
    if alone:
        related = {n for pair in weights for n in pair}
        for title, members in (
            (ALONE, [n for n in alone if n in related]),
            (UNCONNECTED, [n for n in alone if n not in related]),
        ):
            if members:
                children.append(_split(ctx, Nest(title, members), weights))
    _unique(children)
    return Nest(group.title, [], children)


#: Groups of groups at the first level, at least (when there are more groups than NEST_LIMIT).
GATHER_INTO = 4


def _gather(groups: list[Nest], weights: dict[tuple[str, str], int]) -> list[Nest]:
    """``groups`` gathered into groups of groups while they are more than :data:`NEST_LIMIT`:
    groups related to each other together, the others by name, into about
    :data:`GATHER_INTO` or more groups of even size."""
    if len(groups) <= NEST_LIMIT:
        return groups
    size = -(-len(groups) // max(GATHER_INTO, -(-len(groups) // NEST_LIMIT)))
    where = {n: index for index, group in enumerate(groups) for n in group.everyone()}
    graph = nx.Graph()
    graph.add_nodes_from(range(len(groups)))
    for (a, b), weight in weights.items():
        i, j = where.get(a), where.get(b)
        if i is not None and j is not None and i != j:
            old = graph.get_edge_data(i, j, {"weight": 0})["weight"]
            graph.add_edge(i, j, weight=old + weight)
    found = sorted((sorted(c) for c in nx.community.louvain_communities(graph, seed=7)), key=lambda c: (-len(c), c))
    gathered: list[Nest] = []
    loose: list[Nest] = []
    for members in found:
        if len(members) == 1 or len(members) > size:
            loose.extend(groups[i] for i in members)
            continue
        hub = max(members, key=lambda i: (graph.degree(i, weight="weight"), -i))
        gathered.append(
            Nest(f"{_short(groups[hub].title)} and {len(members) - 1} related", [], [groups[i] for i in members])
        )
    loose.sort(key=lambda group: groups.index(group))
    for run in _runs(loose, lambda run: _between(run[0].title, run[-1].title), size):
        gathered.append(run if len(run.children) > 1 else run.children[0])
    _unique(gathered)
    return _gather(gathered, weights) if len(gathered) < len(groups) else gathered


def _runs(items: list, title, size: int = NEST_LIMIT) -> list[Nest]:
    """``items`` (node ids, or groups) in runs of at most ``size``, as even as can be, each a
    group titled ``title(run)``."""
    if not items:
        return []
    count = -(-len(items) // size)
    size = -(-len(items) // count)
    runs = [items[i : i + size] for i in range(0, len(items), size)]
    out = []
    for run in runs:
        if run and isinstance(run[0], Nest):
            out.append(Nest(title(run), [], run))
        else:
            out.append(Nest(title(run), run))
    if len(out) > NEST_LIMIT:
        return _runs(out, lambda run: _between(run[0].title, run[-1].title))
    return out


def _short(title: str, length: int = 18) -> str:
    return title if len(title) <= length else title[: length - 1].rstrip() + "…"


def _between(first: str, last: str) -> str:
    """The title of a run of names (or groups) from ``first`` to ``last``, shortened: its list
    and its tooltip name every one."""
    first, last = (title.removeprefix("Around ") for title in (first, last))
    return f"{_short(first)} to {_short(last)}"


def _unique(groups: list[Nest]) -> None:
    """Titles told apart where two groups would read the same."""
    seen: dict[str, int] = {}
    for group in groups:
        seen[group.title] = seen.get(group.title, 0) + 1
        if seen[group.title] > 1:
            group.title = f"{group.title} ({seen[group.title]})"


def map_edge(ctx: Context, relation: Relation) -> GraphEdge:
    return GraphEdge(relation.source, relation.target, relation.kind, edge_title(ctx, relation), level=relation.level)


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
        named: dict[str, list[str]] = {}
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

    ordered = sorted(named.items(), key=lambda item: (item[0] in (ALONE, UNCONNECTED), item[0]))
    result = [(title, sorted(members, key=weight)) for title, members in ordered]
    if others:
        result.append((PEOPLE, sorted(others)))
    return result


def _communities(ctx: Context, agents: list[str]) -> dict[str, list[str]]:
    """Communities of the undirected relation graph among agents, named after their busiest
    agent. Agents related to no other agent are not a community: those related only to
    people or outside names go together, and so do those without any relation."""
    undirected = nx.Graph()
    undirected.add_nodes_from(agents)
    related: set[str] = set()
    for relation in ctx.team.relations:
        if relation.source != relation.target:
            related.update((relation.source, relation.target))
        if relation.source in ctx.team.agents and relation.target in ctx.team.agents:
            undirected.add_edge(relation.source, relation.target)
    found = nx.community.louvain_communities(undirected, seed=7)
    named: dict[str, list[str]] = {}
    for members in sorted(found, key=lambda c: (-len(c), sorted(c))):
        ordered = sorted(members)
        hub = max(ordered, key=lambda n: (undirected.degree(n), n))
        if len(ordered) > 1:
            title = f"Around {ctx.label(hub)}"
        else:
            title = ALONE if ordered[0] in related else UNCONNECTED
        named.setdefault(title, []).extend(ordered)
    return named


#: The group of agents that name no other agent of the team, only people or outside names.
ALONE = "Related to no other agent"


#: Above this many agents the map page leaves the relation table to a page per group, whose
#: map draws at most this many of the group's agents (those with the most relations).
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
    """The team map (its groups closed at first) and, per group, a map of its agents with
    one node for each group it relates to, for the group's own page."""
    overview = team_map(ctx, kinds)
    grouping = overview.groups
    group_of: dict[str, str] = {}
    slugs: dict[str, str] = {}
    for title, members in grouping:
        slug = group_slug(title)
        while slug in slugs.values():
            slug += "-2"
        slugs[title] = slug
        for member in members:
            group_of[member] = title
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
    ranked: list[Relation] = []
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
            edges.append(map_edge(ctx, relation))
            if relation.kind in RANKING:
                ranked.append(relation)
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
        layout="map",
        groups=[(title, sorted(inside - people)), (PEOPLE, sorted(people)), ("Other groups", others)],
        rank_edges=rank_edges(ranked),
        kinds=kinds,
        note=note,
        descriptions={n: short_description(ctx.team.agents[n].description) for n in inside if n in ctx.team.agents},
    )
