"""The agent page: card, when to use it, duties, boundaries, relations, ladder, prompt."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..facts import Fact, Procedure
from ..formats import unset_model, unset_tools
from ..graph import Step
from ..model import RELATION_KINDS, Agent, Diagnostic
from . import Context, Link, RelationView
from .graphs import GraphView, groups, neighbourhood, short_description


@dataclass(frozen=True, slots=True)
class Exclusion:
    """Something the agent says it does not do, and who it says does it."""

    fact: Fact
    owners: tuple[Link, ...]


@dataclass
class AgentView:
    agent: Agent
    uri: str
    #: The description without its worked examples.
    summary: str
    triggers: list[Fact]
    examples: int
    duties: list[Fact]
    exclusions: list[Exclusion]
    outgoing: dict[str, list[RelationView]]
    incoming: dict[str, list[RelationView]]
    #: Agents this file names with no cue saying how they relate (never drawn).
    mentions: list[RelationView]
    ladder: list[Step]
    route: list[Link]
    graph: GraphView
    procedures: list[Procedure]
    diagnostics: list[Diagnostic]
    ladder_links: dict[str, Link]
    #: What the card says where the file sets no tool list, or no model, in its format's terms.
    no_tools: str = ""
    no_model: str = ""
    #: The agent as shown: its name, with what tells it apart from an agent of the same name.
    label: str = ""

    @property
    def relation_count(self) -> int:
        """The agent's own relations: those it states and those stated about it (the
        neighbourhood figure also draws the relations between its neighbours)."""
        return self.outgoing_count + self.incoming_count

    @property
    def outgoing_count(self) -> int:
        return sum(len(v) for v in self.outgoing.values())

    @property
    def incoming_count(self) -> int:
        return sum(len(v) for v in self.incoming.values())


def summary(description: str) -> str:
    """A description without its ``<example>`` blocks and the "Examples:" lead-in."""
    text = re.sub(r"<example>.*?(?:</example>|$)", " ", description, flags=re.IGNORECASE | re.DOTALL)
    text = re.sub(r"\s*Examples?:\s*$", "", text.strip())
    return " ".join(text.split())


def agent_view(ctx: Context, agent_id: str) -> AgentView:
    agent = ctx.team.agents[agent_id]
    facts = ctx.facts[agent_id]
    outgoing = {k: [] for k in RELATION_KINDS}
    incoming = {k: [] for k in RELATION_KINDS}
    for relation in ctx.graph.out_relations(agent_id):
        outgoing[relation.kind].append(ctx.relation_view(relation, agent_id))
    for relation in ctx.graph.in_relations(agent_id):
        incoming[relation.kind].append(ctx.relation_view(relation, agent_id))

    owners_by_line = ctx.owners_by_line(agent_id)
    exclusions = [Exclusion(f, tuple(owners_by_line.get(f.line, ()))) for f in facts.exclusions]

    ladder = ctx.graph.ladder(agent_id)
    ladder_links = {r.target: ctx.link(r.target) for step in ladder for r in step.relations}
    route = [ctx.link(n) for n in ctx.graph.path_to_human(agent_id, ctx.route)]
    lead = summary(agent.description)
    return AgentView(
        agent=agent,
        uri=ctx.agent_uri(agent_id) or "",
        summary=lead,
        # Trigger sentences already in the lead paragraph are not repeated.
        triggers=[t for t in facts.triggers if t.text not in lead],
        examples=facts.examples,
        duties=facts.duties,
        exclusions=exclusions,
        outgoing={k: v for k, v in outgoing.items() if v},
        incoming={k: v for k, v in incoming.items() if v},
        mentions=[ctx.relation_view(m, agent_id) for m in ctx.mentions_by.get(agent_id, ())],
        ladder=ladder,
        route=route,
        graph=neighbourhood(ctx, agent_id, depth=2, start_depth=1),
        procedures=facts.procedures,
        diagnostics=ctx.team.diagnostics_for(agent.source),
        ladder_links=ladder_links,
        no_tools=unset_tools(agent),
        no_model=unset_model(agent) if not agent.model else "",
        label=ctx.label(agent_id),
    )


@dataclass(frozen=True, slots=True)
class AgentGroup:
    """Agents of one folder (or community), as the team map groups them."""

    title: str
    agents: tuple[tuple[Link, str], ...]  # each agent and its short description


def agent_groups(ctx: Context) -> list[AgentGroup]:
    """Every agent, grouped like the team map (folders or plugins, else communities): the
    agents index and the navigation."""
    return [
        AgentGroup(title, tuple((ctx.link(a), short_description(ctx.team.agents[a].description)) for a in members))
        for title, members in groups(ctx, sorted(ctx.team.agents))
        if members
    ]
