"""The export contract: the team as plain, sorted, JSON-ready data (see DESIGN.md)."""

from __future__ import annotations

import json
import re
from typing import Any

import networkx as nx

from .team import Team


def to_data(team: Team) -> dict[str, Any]:
    """The team as the export contract's lists, sorted, without timestamps."""
    return {
        "agents": [
            {
                "id": a.id,
                "name": a.name,
                "description": a.description,
                "model": a.model or None,
                "tools": list(a.tools) if a.tools is not None else None,
                "source": a.source,
            }
            for a in team.agents.values()
        ],
        "external": [{"id": r.id, "name": r.name} for r in team.external.values()],
        "relations": [
            {
                "source": r.source,
                "kind": r.kind,
                "target": r.target,
                "level": r.level,
                "strength": r.strength,
                "evidence": [{"file": e.file, "line": e.line, "text": e.text} for e in r.evidence],
            }
            for r in team.relations
        ],
        "diagnostics": [
            {"severity": d.severity, "code": d.code, "file": d.file, "line": d.line, "message": d.message}
            for d in team.diagnostics
        ],
        "mentions": [
            {
                "source": r.source,
                "target": r.target,
                "strength": r.strength,
                "evidence": [{"file": e.file, "line": e.line, "text": e.text} for e in r.evidence],
            }
            for r in team.mentions
        ],
    }


def schema() -> dict[str, Any]:
    """The JSON Schema of the export contract (shipped as ``schema/export.schema.json``)."""
    from importlib import resources

    return json.loads(resources.files(__package__).joinpath("schema", "export.schema.json").read_text("utf-8"))


def to_json(team: Team) -> str:
    """The export contract as JSON text; the same team gives byte-identical text."""
    return json.dumps(to_data(team), indent=2, ensure_ascii=False) + "\n"


def to_graphml(team: Team) -> str:
    """The team graph as GraphML (nodes with their kind, edges with kind, level, evidence)."""
    graph = nx.MultiDiGraph()
    for agent in team.agents.values():
        graph.add_node(
            agent.id,
            label=agent.name,
            role="agent",
            description=agent.description[:500],
            model=agent.model or "",
            source=agent.source,
        )
    for role in team.external.values():
        graph.add_node(role.id, label=role.name, role=role.role, description="", model="", source="")
    for relation in team.relations:
        first = relation.evidence[0]
        graph.add_edge(
            relation.source,
            relation.target,
            key=relation.kind,
            kind=relation.kind,
            level=relation.level if relation.level is not None else -1,
            evidence=f"{first.file}:{first.line}: {first.text}",
            evidence_count=len(relation.evidence),
        )
    return "\n".join(nx.generate_graphml(graph, prettyprint=True)) + "\n"


_ARROWS = {
    "escalates_to": "-->",
    "hands_off_to": "==>",
    "collaborates_with": "-.-",
    "delegates_to": "-.->",
    "boundary_with": "--x",
}


def _mermaid_id(node: str) -> str:
    return "n_" + re.sub(r"[^A-Za-z0-9]", "_", node)


def _mermaid_label(text: str) -> str:
    text = " ".join(str(text).split())[:60]
    for char, code in (("&", "#amp;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("|", "#124;")):
        text = text.replace(char, code)
    return text


def to_mermaid(team: Team) -> str:
    """The team graph as a Mermaid flowchart (paste into any Mermaid renderer).

    Arrows by kind: escalates ``-->``, hands off ``==>``, works with ``-.-``, delegates
    ``-.->``, boundary ``--x``; people and groups are drawn as rounded nodes.
    """
    lines = ["flowchart TD"]
    for agent in team.agents.values():
        lines.append(f'  {_mermaid_id(agent.id)}["{_mermaid_label(agent.name)}"]')
    for role in team.external.values():
        lines.append(f'  {_mermaid_id(role.id)}("{_mermaid_label(role.name)}")')
    for relation in team.relations:
        label = relation.kind.replace("_", " ") + (f" L{relation.level}" if relation.level is not None else "")
        lines.append(
            f"  {_mermaid_id(relation.source)} {_ARROWS[relation.kind]}|{label}| {_mermaid_id(relation.target)}"
        )
    return "\n".join(lines) + "\n"
