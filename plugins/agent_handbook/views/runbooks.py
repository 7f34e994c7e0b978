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
from .areas import _pattern

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


def runbooks(ctx: Context) -> list[Scenario]:
    team, graph = ctx.team, ctx.graph
    scenarios = {name: Scenario(name, scenario_slug(name)) for name in SCENARIOS}
    for agent_id in team.agents:
        link = ctx.link(agent_id)
        facts = ctx.facts[agent_id]
        for procedure in facts.procedures:
            title = " ".join(procedure.headings[-2:]) if procedure.headings else procedure.title
            for name, words in SCENARIOS.items():
                pattern = _pattern(words)
                if pattern.search(title):
                    ref = ProcedureRef(link, procedure, procedure.steps, procedure.rows)
                elif procedure.kind == "table":
                    rows = tuple(r for r in procedure.rows if pattern.search(" ".join(r)))
                    if not rows:
                        continue
                    ref = ProcedureRef(link, procedure, (), rows)
                else:
                    steps = tuple(s for s in procedure.steps if pattern.search(s.text))
                    if not steps:
                        continue
                    ref = ProcedureRef(link, procedure, steps, ())
                scenarios[name].procedures.append(ref)
        for name, words in SCENARIOS.items():
            pattern = _pattern(words)
            if any(pattern.search(f.text) for f in facts.triggers) or pattern.search(
                team.agents[agent_id].description.split("<example>")[0]
            ):
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
