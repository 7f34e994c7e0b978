"""The team as one ``networkx.MultiDiGraph`` behind read-only queries.

Nodes are agent ids and external role ids; each edge is one :class:`Relation`, keyed by
its kind. Queries return plain Python values (ids, relations, lists): no networkx object
leaves this module. Costly questions are answered the cheap way (see DESIGN.md,
"Performance budget"): cycles per strongly connected component, routes to a human by one
reverse breadth-first search.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx

from . import diagnostics as diag
from .formats import crewai
from .model import KIND_ORDER, RELATION_KINDS, Agent, Diagnostic, Evidence, Relation

if TYPE_CHECKING:
    from .team import Team

#: Words that make a name people, whatever the team's agents are called: "the security
#: team", "the design lead", "the on-call engineer" are reached even in a team of ``*-lead``
#: or ``*-engineer`` agents.
PEOPLE_WORDS = frozenset(
    {
        "user",
        "users",
        "human",
        "humans",
        "person",
        "people",
        "team",
        "teams",
        "manager",
        "managers",
        "owner",
        "owners",
        "lead",
        "leads",
        "stakeholder",
        "stakeholders",
        "operator",
        "operators",
        "maintainer",
        "maintainers",
        "on-call",
        "oncall",
        "call",
        "admin",
        "administrator",
        "director",
        "officer",
        "head",
        "chief",
        "executive",
        "committee",
        "board",
        "council",
        "department",
        "squad",
        "guild",
        "customer",
        "customers",
        "client",
        "clients",
        "supervisor",
        "approver",
        "approvers",
        "counsel",
        "legal",
        "founder",
        "cto",
        "ceo",
        "ciso",
        "vp",
    }
)

#: Most cycles listed per strongly connected component.
MAX_CYCLES_PER_COMPONENT = 5


@dataclass(frozen=True, slots=True)
class Step:
    """One rung of an escalation ladder: a level (None when unnumbered) and its targets."""

    level: int | None
    relations: tuple[Relation, ...]


class TeamGraph:
    """Read-only queries over a team's relations."""

    def __init__(self, team: Team) -> None:
        self.team = team
        graph = nx.MultiDiGraph()
        for agent_id in team.agents:
            graph.add_node(agent_id, type="agent")
        for role in team.external.values():
            graph.add_node(role.id, type="external", role=role.role)
        for relation in team.relations:
            graph.add_edge(relation.source, relation.target, key=relation.kind, relation=relation)
        self._graph = graph
        self._by_kind: dict[str, nx.DiGraph] = {}

    # -- basics ------------------------------------------------------------------------
    def __contains__(self, node: str) -> bool:
        return node in self._graph

    @property
    def node_count(self) -> int:
        return self._graph.number_of_nodes()

    @property
    def edge_count(self) -> int:
        return self._graph.number_of_edges()

    def is_agent(self, node: str) -> bool:
        return node in self.team.agents

    def is_human(self, node: str) -> bool:
        role = self.team.external.get(node)
        return role is not None and role.is_human

    def is_person(self, node: str) -> bool:
        """A person or a role of people that escalations can reach: a human node, unless its
        name is shaped like the team's own agents and names no people ("systems architect"
        or "tactical coordinator" in a team of ``*-architect`` and ``*-coordinator`` agents is
        an agent no file defines, not someone who answers)."""
        if not self.is_human(node):
            return False
        words = node.split("-")
        if any(word in PEOPLE_WORDS for word in words):
            return True
        heads = self.__dict__.get("_heads")
        if heads is None:
            heads = self.__dict__["_heads"] = {agent.rsplit("-", 1)[-1] for agent in self.team.agents}
        return words[-1] not in heads

    def kind_graph(self, kind: str) -> nx.DiGraph:
        """The simple directed graph of one relation kind (cached)."""
        if kind not in self._by_kind:
            sub = nx.DiGraph()
            sub.add_nodes_from(self._graph.nodes)
            sub.add_edges_from((r.source, r.target, {"relation": r}) for r in self.team.relations if r.kind == kind)
            self._by_kind[kind] = sub
        return self._by_kind[kind]

    def out_relations(self, node: str, kinds: Iterable[str] | None = None) -> list[Relation]:
        found = self._sorted("out", node)
        return list(found) if kinds is None else [r for r in found if r.kind in set(kinds)]

    def in_relations(self, node: str, kinds: Iterable[str] | None = None) -> list[Relation]:
        found = self._sorted("in", node)
        return list(found) if kinds is None else [r for r in found if r.kind in set(kinds)]

    def _sorted(self, direction: str, node: str) -> tuple[Relation, ...]:
        """A node's relations out or in, by kind then other end (cached: views ask often)."""
        cache = self.__dict__.setdefault(f"_{direction}", {})
        found = cache.get(node)
        if found is None:
            if node not in self._graph:
                found = ()
            elif direction == "out":
                edges = self._graph.out_edges(node, data="relation")
                found = tuple(sorted((r for *_, r in edges), key=lambda r: (KIND_ORDER[r.kind], r.target)))
            else:
                edges = self._graph.in_edges(node, data="relation")
                found = tuple(sorted((r for *_, r in edges), key=lambda r: (KIND_ORDER[r.kind], r.source)))
            cache[node] = found
        return found

    def incident(self, node: str) -> list[Relation]:
        """Every relation from or to ``node`` (one list per node, built on first use)."""
        cache = self.__dict__.setdefault("_incident", {})
        found = cache.get(node)
        if found is None:
            if node not in self._graph:
                found = []
            else:
                found = [d["relation"] for *_, d in self._graph.out_edges(node, keys=True, data=True)]
                found += [d["relation"] for *_, d in self._graph.in_edges(node, keys=True, data=True)]
            cache[node] = found
        return found

    def adjacent(self, node: str) -> tuple[str, ...]:
        """The nodes one relation away from ``node``, either direction, sorted (cached)."""
        cache = self.__dict__.setdefault("_adjacent", {})
        found = cache.get(node)
        if found is None:
            found = cache[node] = tuple(
                sorted({r.target if r.source == node else r.source for r in self.incident(node)})
            )
        return found

    # -- neighbourhood -----------------------------------------------------------------
    def neighbourhood(
        self, node: str, depth: int = 1, kinds: Iterable[str] | None = None, direction: str = "both"
    ) -> tuple[list[str], list[Relation]]:
        """Nodes within ``depth`` steps of ``node`` and the relations among them.

        ``direction`` is "out" (follow edges forward), "in" (backward) or "both".
        """
        wanted = set(kinds or RELATION_KINDS)
        if node not in self._graph:
            return [], []
        seen = {node: 0}
        queue = deque([node])
        while queue:
            current = queue.popleft()
            if seen[current] >= depth:
                continue
            steps: list[str] = []
            if direction in {"out", "both"}:
                steps += [t for _, t, k in self._graph.out_edges(current, keys=True) if k in wanted]
            if direction in {"in", "both"}:
                steps += [s for s, _, k in self._graph.in_edges(current, keys=True) if k in wanted]
            for nxt in sorted(set(steps)):
                if nxt not in seen:
                    seen[nxt] = seen[current] + 1
                    queue.append(nxt)
        nodes = sorted(seen, key=lambda n: (seen[n], n))
        inside = set(nodes)
        relations = [
            d["relation"]
            for s, t, k, d in self._graph.edges(inside, keys=True, data=True)
            if t in inside and k in wanted and _direction_ok(direction, node, s, t, seen)
        ]
        relations.sort(key=lambda r: (r.source, KIND_ORDER[r.kind], r.target))
        return nodes, relations

    # -- escalation --------------------------------------------------------------------
    def ladder(self, agent: str) -> list[Step]:
        """The agent's own escalation steps in level order (unnumbered steps last)."""
        steps: dict[int | None, list[Relation]] = {}
        for relation in self.out_relations(agent, ("escalates_to",)):
            steps.setdefault(relation.level, []).append(relation)
        order = sorted(steps, key=lambda lv: (lv is None, lv or 0))
        return [Step(level, tuple(sorted(steps[level], key=lambda r: r.target))) for level in order]

    def route_to_human(self) -> dict[str, tuple[int, str | None]]:
        """For every node that can reach a human by escalating: (hops, next hop).

        One reverse breadth-first search from all humans at once, so the cost is linear in
        the size of the graph.
        """
        escalation = self.kind_graph("escalates_to")
        route: dict[str, tuple[int, str | None]] = {}
        queue: deque[str] = deque()
        for node in sorted(escalation.nodes):
            if self.is_person(node):
                route[node] = (0, None)
                queue.append(node)
        while queue:
            current = queue.popleft()
            hops = route[current][0]
            for previous in sorted(escalation.predecessors(current)):
                if previous not in route:
                    route[previous] = (hops + 1, current)
                    queue.append(previous)
        return route

    def path_to_human(self, agent: str, route: dict[str, tuple[int, str | None]] | None = None) -> list[str]:
        """The shortest escalation path from ``agent`` to a human, or [] when none."""
        route = route if route is not None else self.route_to_human()
        if agent not in route:
            return []
        path = [agent]
        while route[path[-1]][1] is not None:
            path.append(route[path[-1]][1])  # type: ignore[arg-type]
        return path

    def paths_to_human(self, agent: str, limit: int = 10, max_length: int = 8, budget: int = 5000) -> list[list[str]]:
        """Distinct escalation paths from ``agent`` to a human (bounded, for one page).

        At most ``limit`` paths of at most ``max_length`` steps, exploring at most ``budget``
        partial paths: enumerating every simple path explodes on dense graphs.
        """
        escalation = self.kind_graph("escalates_to")
        if agent not in escalation:
            return []
        found: list[list[str]] = []
        stack: list[tuple[str, list[str]]] = [(agent, [agent])]
        while stack and len(found) < limit and budget > 0:
            budget -= 1
            node, path = stack.pop()
            if node != agent and self.is_person(node):
                found.append(path)
                continue
            if len(path) > max_length:
                continue
            for nxt in sorted(escalation.successors(node), reverse=True):
                if nxt not in path:
                    stack.append((nxt, path + [nxt]))
        return sorted(found, key=lambda p: (len(p), p))

    def escalation_cycles(self, cap: int = MAX_CYCLES_PER_COMPONENT) -> list[list[str]]:
        """Escalation cycles: a few per strongly connected component, never all of them."""
        escalation = self.kind_graph("escalates_to")
        cycles: list[list[str]] = []
        for component in nx.strongly_connected_components(escalation):
            if len(component) < 2:
                continue
            sub = escalation.subgraph(component)
            for cycle in _bounded_cycles(sub, cap):
                cycles.append(cycle)
        return sorted(cycles, key=lambda c: (len(c), c))

    def cycle_diagnostics(self) -> list[Diagnostic]:
        problems = []
        for cycle in self.escalation_cycles():
            first = self.kind_graph("escalates_to").edges[cycle[0], cycle[1]]["relation"].evidence[0]
            loop = " → ".join(cycle + [cycle[0]])
            problems.append(diag.make("escalation-cycle", first.file, first.line, f"escalations go round: {loop}"))
        return problems

    def bottlenecks(self, top: int = 5) -> list[tuple[str, int]]:
        """Nodes the most escalation paths go through: (node, agents routed through it)."""
        route = self.route_to_human()
        through: dict[str, int] = {}
        for agent in self.team.agents:
            path = self.path_to_human(agent, route)
            for node in path[1:-1]:
                through[node] = through.get(node, 0) + 1
        ranked = sorted(through.items(), key=lambda item: (-item[1], item[0]))
        return [item for item in ranked[:top] if item[1] > 1]

    # -- hand-offs -----------------------------------------------------------------------
    def handoff_acknowledged(self, relation: Relation) -> bool:
        """Whether the receiving agent's own file mentions the sender at all, or the hand-off
        is declared on the receiver's side (a CrewAI task's ``context:``)."""
        receiver = self.team.agents.get(relation.target)
        if receiver is None:
            return False
        if any(_receiver_declares(e, receiver) for e in relation.evidence):
            return True
        for other in self._graph.adj[relation.target].get(relation.source, {}).values():
            if any(e.file == receiver.source for e in other["relation"].evidence):
                return True
        for other in self._graph.adj[relation.source].get(relation.target, {}).values():
            if any(e.file == receiver.source for e in other["relation"].evidence):
                return True
        return False

    def handoff_chains(self, limit: int = 50, max_length: int = 12) -> list[list[str]]:
        """Maximal hand-off chains A → B → C, starting where nothing hands off in."""
        handoff = self.kind_graph("hands_off_to")
        active = [n for n in handoff.nodes if handoff.degree(n)]
        starts = sorted(n for n in active if handoff.in_degree(n) == 0)
        if not starts:  # everything is in a loop: start anywhere, deterministically
            starts = sorted(active)[:1]
        chains: list[list[str]] = []
        for start in starts:
            stack = [[start]]
            while stack and len(chains) < limit:
                path = stack.pop()
                nexts = [n for n in sorted(handoff.successors(path[-1]), reverse=True) if n not in path]
                if not nexts or len(path) >= max_length:
                    if len(path) > 1:
                        chains.append(path)
                    continue
                for nxt in nexts:
                    stack.append(path + [nxt])
        return chains

    def dangling(self) -> list[str]:
        """External nodes written like agents that no file defines."""
        return [r.id for r in self.team.external.values() if r.role == "missing"]


def _receiver_declares(evidence: Evidence, receiver: Agent) -> bool:
    """Whether ``evidence`` is written on the receiver's side: a CrewAI task lists the tasks
    whose output it takes in its ``context:``, in the crew's tasks file beside the agents."""
    if receiver.format != crewai.NAME:
        return False
    folder, _, name = evidence.file.rpartition("/")
    return name in crewai.TASK_FILES and folder == receiver.source.rpartition("/")[0]


def _direction_ok(direction: str, centre: str, source: str, target: str, seen: dict[str, int]) -> bool:
    if direction == "both":
        return True
    if direction == "out":
        return seen[source] < seen[target] or source == centre
    return seen[target] < seen[source] or target == centre


def _bounded_cycles(graph: nx.DiGraph, cap: int) -> list[list[str]]:
    """Up to ``cap`` simple cycles of a strongly connected graph, found by DFS from each node."""
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()
    for start in sorted(graph.nodes)[: cap * 10]:
        try:
            edges = nx.find_cycle(graph, start)
        except nx.NetworkXNoCycle:
            continue
        cycle = [u for u, _ in edges]
        key = frozenset(cycle)
        if key in seen:
            continue
        seen.add(key)
        pivot = cycle.index(min(cycle))
        found.append(cycle[pivot:] + cycle[:pivot])
        if len(found) >= cap:
            break
    return found
