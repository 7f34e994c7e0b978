"""The export contract: the team as plain, sorted, JSON-ready data (see DESIGN.md)."""

from __future__ import annotations

import json
import re
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from .model import Relation
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
        "relations": [_relation(r) for r in team.relations],
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


def _relation(r: Relation) -> dict[str, Any]:
    data: dict[str, Any] = {
        "source": r.source,
        "kind": r.kind,
        "target": r.target,
        "level": r.level,
        "strength": r.strength,
        "evidence": [{"file": e.file, "line": e.line, "text": e.text} for e in r.evidence],
    }
    if r.team:  # the team's corrections file speaks of it; its word is the first evidence
        said = r.evidence[0]
        data["team"] = {"mark": r.team, "reason": r.reason, "file": said.file, "line": said.line}
    return data


def schema() -> dict[str, Any]:
    """The JSON Schema of the export contract (shipped as ``schema/export.schema.json``)."""
    from importlib import resources

    return json.loads(resources.files(__package__).joinpath("schema", "export.schema.json").read_text("utf-8"))


def to_json(team: Team) -> str:
    """The export contract as JSON text; the same team gives byte-identical text."""
    return json.dumps(to_data(team), indent=2, ensure_ascii=False) + "\n"


_NODE_KEYS = ("label", "role", "description", "model", "source")
_EDGE_KEYS = (
    ("kind", "string"),
    ("level", "long"),
    ("evidence", "string"),
    ("evidence_count", "long"),
    ("team", "string"),
)
#: Characters XML 1.0 cannot hold even escaped (control characters of untrusted text).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(value: object) -> str:
    return xml_escape(_NOT_XML.sub("", str(value)), {'"': "&quot;"})


def to_graphml(team: Team) -> str:
    """The team graph as GraphML (nodes with their kind, edges with kind, level, evidence).

    Written directly rather than through networkx's writer (a tenth of the time on a large
    team, where every ``mkdocs serve`` rebuild writes it); ``networkx.read_graphml`` reads it
    as a MultiDiGraph with the attributes named in the keys."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
        ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ]
    out += [f'  <key id="n{i}" for="node" attr.name="{k}" attr.type="string" />' for i, k in enumerate(_NODE_KEYS)]
    out += [f'  <key id="e{i}" for="edge" attr.name="{k}" attr.type="{t}" />' for i, (k, t) in enumerate(_EDGE_KEYS)]
    out.append('  <graph edgedefault="directed">')
    nodes: dict[str, tuple[object, ...]] = {}
    for agent in team.agents.values():
        nodes[agent.id] = (agent.name, "agent", agent.description[:500], agent.model or "", agent.source)
    for role in team.external.values():
        nodes.setdefault(role.id, (role.name, role.role, "", "", ""))
    for relation in team.relations:  # an end that is neither (never expected): a bare node
        for end in (relation.source, relation.target):
            nodes.setdefault(end, ())
    for node, values in nodes.items():
        out.append(f'    <node id="{_xml(node)}">')
        out += [f'      <data key="n{i}">{_xml(v)}</data>' for i, v in enumerate(values)]
        out.append("    </node>")
    for relation in team.relations:
        first = relation.evidence[0]
        values: tuple[object, ...] = (
            relation.kind,
            relation.level if relation.level is not None else -1,
            f"{first.file}:{first.line}: {first.text}",
            len(relation.evidence),
        )
        if relation.team:  # "confirmed" or "added": set only where the team's corrections say so
            values += (relation.team,)
        out.append(f'    <edge source="{_xml(relation.source)}" target="{_xml(relation.target)}" id="{relation.kind}">')
        out += [f'      <data key="e{i}">{_xml(v)}</data>' for i, v in enumerate(values)]
        out.append("    </edge>")
    out += ["  </graph>", "</graphml>", ""]
    return "\n".join(out)


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
        if relation.team:
            label += f" ({relation.team} by the team)"
        lines.append(
            f"  {_mermaid_id(relation.source)} {_ARROWS[relation.kind]}|{label}| {_mermaid_id(relation.target)}"
        )
    return "\n".join(lines) + "\n"
