"""View models: everything a page shows, computed once per build from the team graph.

Views hold resolved values (ids, labels, page paths, quoted evidence), never Markdown or
HTML syntax and never networkx objects; templates only format them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..facts import Facts, agent_facts
from ..graph import TeamGraph
from ..model import Relation
from ..team import Team


@dataclass(frozen=True)
class Options:
    """How the handbook is laid out; the plugin fills this from its config."""

    prefix: str = "handbook"
    directory_urls: bool = True
    #: Agents drawn on the team map before it switches to an overview by group.
    map_limit: int = 80
    #: Most neighbours drawn around one agent before a "N more" note.
    neighbourhood_limit: int = 24
    templates: Path | None = None
    #: Extra groups of agents to compare side by side: name -> agent ids.
    compare_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Duty areas for the boundary matrix: name -> keywords (replaces or extends the built-in).
    areas: dict[str, tuple[str, ...]] = field(default_factory=dict)
    replace_areas: bool = False


@dataclass(frozen=True, slots=True)
class Link:
    """A node as shown: its label and, for agents, the Markdown page to link to."""

    id: str
    label: str
    uri: str | None  # None for external roles
    role: str = "agent"


@dataclass(frozen=True, slots=True)
class RelationView:
    """One relation seen from one agent: the other end, attributes and evidence."""

    kind: str
    other: Link
    level: int | None
    condition: str
    what: str
    evidence: tuple
    relation: Relation


class Context:
    """The team, its graph and per-agent facts, shared by every view of one build."""

    def __init__(self, team: Team, options: Options, previous: Context | None = None) -> None:
        self.team = team
        self.options = options
        # The graph of the team's cycle check, made from the same team (load_team).
        self.graph = team.graph if isinstance(team.graph, TeamGraph) and team.graph.team is team else TeamGraph(team)
        self.facts: dict[str, Facts] = {}
        for agent_id, agent in team.agents.items():
            if agent_id in team.facts:  # read with the relations
                self.facts[agent_id] = team.facts[agent_id]
            elif previous is not None and same_agent(previous.team, team, agent_id):
                # An agent read as before (``mkdocs serve``) states the same facts.
                self.facts[agent_id] = previous.facts[agent_id]
            else:
                self.facts[agent_id] = agent_facts(agent, team.lines.get(agent_id, []), team.values.get(agent_id, []))
        self._route: dict[str, tuple[int, str | None]] | None = None
        #: Bare mentions (see ``Team.mentions``) by the agent whose file names them.
        self.mentions_by: dict[str, list[Relation]] = {}
        for mention in team.mentions:
            self.mentions_by.setdefault(mention.source, []).append(mention)

    @property
    def route(self) -> dict[str, tuple[int, str | None]]:
        if self._route is None:
            self._route = self.graph.route_to_human()
        return self._route

    def uri(self, name: str) -> str:
        return f"{self.options.prefix}/{name}" if self.options.prefix else name

    def agent_uri(self, agent_id: str) -> str | None:
        agent = self.team.agents.get(agent_id)
        return self.uri(f"agents/{agent.page}.md") if agent else None

    def label(self, agent_id: str) -> str:
        """How an agent is shown: its name, with what tells it apart when another agent
        has the same one (``code-reviewer · comprehensive-review``)."""
        return self.team.labels.get(agent_id) or self.team.agents[agent_id].name

    def link(self, node: str) -> Link:
        agent = self.team.agents.get(node)
        if agent is not None:
            return Link(node, self.team.labels.get(node, agent.name), self.agent_uri(node), "agent")
        role = self.team.external.get(node)
        if role is not None:
            return Link(node, role.name, None, role.role)
        return Link(node, node, None, "missing")

    def owners_by_line(self, agent_id: str) -> dict[int, list[Link]]:
        """Who each line of an agent's file hands a duty to (a boundary, delegation, hand-off
        or escalation read from that same line): the owner of a "do NOT do" item."""
        agent = self.team.agents[agent_id]
        owners: dict[int, list[Link]] = {}
        kinds = ("boundary_with", "delegates_to", "hands_off_to", "escalates_to")
        for relation in self.graph.out_relations(agent_id, kinds):
            for evidence in relation.evidence:
                if evidence.file == agent.source:
                    owners.setdefault(evidence.line, []).append(self.link(relation.target))
        return owners

    def relation_view(self, relation: Relation, seen_from: str) -> RelationView:
        other = relation.target if relation.source == seen_from else relation.source
        return RelationView(
            relation.kind,
            self.link(other),
            relation.level,
            relation.condition,
            relation.what,
            relation.evidence,
            relation,
        )


def same_agent(old: Team, new: Team, agent_id: str) -> bool:
    """Whether an agent of ``new`` was read exactly as in ``old``: same fields, body and
    front matter, so the same lines (objects kept by the parse cache compare by identity)."""
    before, after = old.agents.get(agent_id), new.agents.get(agent_id)
    return (
        before is not None
        and after is not None
        and before == after
        and before.body == after.body
        and before.meta == after.meta
        and old.values.get(agent_id) == new.values.get(agent_id)
    )
