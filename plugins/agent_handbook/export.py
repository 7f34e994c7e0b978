"""The export contract: the team as plain, sorted, JSON-ready data (see DESIGN.md)."""

from __future__ import annotations

import json
from typing import Any

from .team import Team


def to_data(team: Team) -> dict[str, Any]:
    """The team as the export contract's four lists, sorted, without timestamps."""
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
                "evidence": [{"file": e.file, "line": e.line, "text": e.text} for e in r.evidence],
            }
            for r in team.relations
        ],
        "diagnostics": [
            {"severity": d.severity, "code": d.code, "file": d.file, "line": d.line, "message": d.message}
            for d in team.diagnostics
        ],
    }


def to_json(team: Team) -> str:
    """The export contract as JSON text; the same team gives byte-identical text."""
    return json.dumps(to_data(team), indent=2, ensure_ascii=False) + "\n"
