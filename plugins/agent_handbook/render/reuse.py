"""Which agent pages a rebuild can take unchanged from the previous build.

``mkdocs serve`` rebuilds after every edit, and on a large team rendering every agent page
again costs more than the rest of the rebuild. An agent page shows its own agent and
relations, and around it only: the names, kinds and levels of the relations near it, the
short descriptions of its neighbours, the shape of the graph two steps out, and its route
to a person. So an edit reaches the pages of the agents it changed and of their
neighbours, and, when relations appear or disappear, of the agents two steps or fewer
from both ends (on through agents, as a neighbourhood goes) and of those whose route to a
person moved. When anything else changes (the
set of agents, their names, the options), every page is rendered again.

The tests check this against full builds: a page taken over must equal the page rendered.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Relation
from ..team import Team
from ..views import Context, same_agent
from ..views.graphs import short_description

RelationKey = tuple[str, str, str]


def reusable_pages(old: Context, new: Context) -> set[str]:
    """The agents whose page in ``new`` is the page they had in ``old``."""
    if old.options != new.options or _roster(old.team) != _roster(new.team):
        return set()
    before, after = _relations(old.team), _relations(new.team)
    if before is None or after is None:
        return set()
    old_diagnostics, new_diagnostics = _diagnostics(old.team), _diagnostics(new.team)

    # Pages showing everything about their own agent and its relations.
    own: set[str] = set()
    # Nodes whose neighbours' pages show something that changed.
    near: set[str] = set()
    for agent_id, agent in new.team.agents.items():
        if not same_agent(old.team, new.team, agent_id) or old_diagnostics.get(agent.source) != new_diagnostics.get(
            agent.source
        ):
            own.add(agent_id)
            if short_description(old.team.agents[agent_id].description) != short_description(agent.description):
                near.add(agent_id)
    for key in before.keys() & after.keys():
        if before[key] != after[key]:
            own.update((key[0], key[2]))
            if before[key].level != after[key].level:
                near.update((key[0], key[2]))
    changed = own | near | _around(new, near, 1)

    moved = before.keys() ^ after.keys()
    if moved:
        # A relation that appears or goes changes what is one and two steps from an agent
        # next to either end, and which of its farthest nodes it joins for one two steps
        # from both: in the graph that has the relation, each is at most two steps from both.
        for ctx in (old, new):
            for source, _, target in moved:
                changed |= _around(ctx, (source,), 2) & _around(ctx, (target,), 2)
        route_before, route_after = old.route, new.route
        changed.update(
            a
            for a in new.team.agents
            if old.graph.path_to_human(a, route_before) != new.graph.path_to_human(a, route_after)
        )
    return set(new.team.agents) - changed


def _roster(team: Team) -> tuple:
    """What every page may show of every node: ids, names, pages and roles."""
    agents = tuple((a.id, a.name, a.page, team.labels.get(a.id)) for a in team.agents.values())
    external = tuple((r.id, r.name, r.role) for r in team.external.values())
    return agents, external


def _relations(team: Team) -> dict[RelationKey, Relation] | None:
    found = {(r.source, r.kind, r.target): r for r in team.relations}
    return found if len(found) == len(team.relations) else None


def _diagnostics(team: Team) -> dict[str, list]:
    found: dict[str, list] = {}
    for problem in team.diagnostics:
        found.setdefault(problem.file, []).append(problem)
    return found


def _around(ctx: Context, nodes: Iterable[str], depth: int) -> set[str]:
    """``nodes`` and every node up to ``depth`` relations from them, either direction, on
    through agents only, as a neighbourhood goes (``views.graphs._steps``)."""
    graph, agents = ctx.graph, ctx.team.agents
    starts = {n for n in nodes if n in graph}
    seen = set(starts)
    frontier = list(seen)
    for _ in range(depth):
        following = []
        for node in frontier:
            if node not in starts and node not in agents:
                continue
            for other in graph.adjacent(node):
                if other not in seen:
                    seen.add(other)
                    following.append(other)
        frontier = following
    return seen
