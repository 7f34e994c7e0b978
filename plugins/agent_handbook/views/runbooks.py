"""Runbooks: procedures from every agent, grouped by the scenario they are for.

A scenario (deployment failed, service down, ...) gathers the numbered steps, checklists,
decision rules and challenge tables that speak of it, who acts first, and the escalation
ladders of the agents involved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..facts import Fact, Procedure
from ..graph import Step
from . import Context, Link
from .areas import areas_in

SCENARIOS: dict[str, tuple[str, ...]] = {
    "Deployment failed": (
        "deploy* fail*",
        "failed deploy*",
        "deployment failure*",
        "rollback*",
        "roll back",
        "broken deploy*",
        "bad deploy*",
    ),
    "Service down": (
        "service down",
        "outage*",
        "downtime",
        "unavailable",
        "not responding",
        "5xx",
        "crash*",
        "health check*",
    ),
    "Performance degradation": (
        "performance degradation",
        "performance issue*",
        "slow*",
        "latency",
        "bottleneck*",
        "timeout*",
        "memory leak*",
        "high cpu",
    ),
    "Security incident": (
        "security incident*",
        "breach*",
        "vulnerabilit*",
        "leak*",
        "compromis*",
        "cve*",
        "exposed secret*",
        "intrusion",
    ),
    "Release": ("release*", "go/no-go", "changelog*", "version bump*", "ship*", "freeze*"),
    "Build or pipeline failure": (
        "pipeline fail*",
        "build fail*",
        "ci fail*",
        "failing build*",
        "flaky test*",
        "red build*",
        "ci is red",
        "test fail*",
    ),
    "Data problem": (
        "data loss",
        "corrupt*",
        "migration fail*",
        "replication lag",
        "restore*",
        "backup*",
        "data integrity",
    ),
    "Incident response": (
        "incident*",
        "on-call",
        "postmortem*",
        "post-mortem*",
        "severity",
        "sev1",
        "sev2",
        "p0",
        "p1",
        "war room",
    ),
    "Configuration or dependency error": (
        "config* error*",
        "misconfigur*",
        "dependency",
        "dependencies",
        "missing package*",
        "module not found",
        "environment variable*",
        "import error*",
    ),
    "Review and quality gates": ("code review*", "pr review*", "quality gate*", "lint*", "review checklist*", "merge"),
}


@dataclass(frozen=True, slots=True)
class ProcedureRef:
    agent: Link
    procedure: Procedure
    steps: tuple[Fact, ...]  # the matching steps (all steps when the title matched)
    rows: tuple[tuple[str, ...], ...]


@dataclass
class Scenario:
    name: str
    slug: str
    first: list[Link] = field(default_factory=list)
    procedures: list[ProcedureRef] = field(default_factory=list)
    ladders: list[tuple[Link, list[Step]]] = field(default_factory=list)
    links: dict[str, Link] = field(default_factory=dict)

    @property
    def agents(self) -> list[Link]:
        seen: dict[str, Link] = {}
        for ref in self.procedures:
            seen.setdefault(ref.agent.id, ref.agent)
        return list(seen.values())


def scenario_slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _scenarios_in(text: str) -> frozenset[str]:
    """The scenarios ``text`` speaks of."""
    return areas_in(text, SCENARIOS)


def runbooks(ctx: Context) -> list[Scenario]:
    team, graph = ctx.team, ctx.graph
    scenarios = {name: Scenario(name, scenario_slug(name)) for name in SCENARIOS}
    for agent_id in team.agents:
        link = ctx.link(agent_id)
        facts = ctx.facts[agent_id]
        for procedure in facts.procedures:
            title = " ".join(procedure.headings[-2:]) if procedure.headings else procedure.title
            titled = _scenarios_in(title)
            if procedure.kind == "table":
                parts = [(row, _scenarios_in(" ".join(row))) for row in procedure.rows]
            else:
                parts = [(step, _scenarios_in(step.text)) for step in procedure.steps]
            for name in SCENARIOS:
                if name in titled:
                    ref = ProcedureRef(link, procedure, procedure.steps, procedure.rows)
                else:
                    matching = tuple(part for part, names in parts if name in names)
                    if not matching:
                        continue
                    if procedure.kind == "table":
                        ref = ProcedureRef(link, procedure, (), matching)  # type: ignore[arg-type]
                    else:
                        ref = ProcedureRef(link, procedure, matching, ())  # type: ignore[arg-type]
                scenarios[name].procedures.append(ref)
        first = _scenarios_in(team.agents[agent_id].description.split("<example>")[0]).union(
            *(_scenarios_in(f.text) for f in facts.triggers)
        )
        for name in SCENARIOS:
            if name in first:
                scenarios[name].first.append(link)
    result = []
    for scenario in scenarios.values():
        if not scenario.procedures:
            continue
        involved = {ref.agent.id for ref in scenario.procedures}
        if not scenario.first:
            scenario.first = [ctx.link(a) for a in sorted(involved)][:5]
        for agent_id in sorted(involved):
            steps = graph.ladder(agent_id)
            if steps:
                scenario.ladders.append((ctx.link(agent_id), steps))
                for step in steps:
                    for relation in step.relations:
                        scenario.links[relation.target] = ctx.link(relation.target)
        result.append(scenario)
    return result
