"""The tools matrix: agents × tools and model, with the power a reviewer should not have."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..formats import inherits_every_tool
from . import Context, Link

#: Tools that change files or run commands (Claude Code and OpenCode names, lower case).
WRITE_TOOLS = frozenset(
    {"write", "edit", "multiedit", "notebookedit", "bash", "killbash", "killshell", "patch", "str_replace_editor"}
)
#: A role that reviews, audits or inspects, or says it changes nothing: not one that analyses,
#: researches or evaluates (a performance optimiser analyses, then changes the code).
_REVIEWER = re.compile(
    r"\b(?:review(?:er|ers|s|ing)?|audit(?:or|ors|s|ing)?|inspect(?:or|ors|s|ing)?|critic|critique[sd]?"
    r"|judge|arbiter|verifier|verification\s+agent|read[- ]only|(?:does|do|will|must)\s+not\s+(?:modify|edit|change|write))\b",
    re.IGNORECASE,
)
_FIRST_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n")
_BUILDER = re.compile(
    r"\b(?:implement|build|write|fix|deploy|create|refactor|migrat|code|develop|generat|configur|set up|provision)\w*",
    re.IGNORECASE,
)
#: Columns drawn in the matrix; rarer tools are listed per agent.
MAX_COLUMNS = 14


@dataclass(frozen=True, slots=True)
class ToolRow:
    agent: Link
    model: str
    tools: tuple[str, ...] | None
    other: tuple[str, ...]
    flag: str


@dataclass
class ToolsView:
    columns: list[str]
    rows: list[ToolRow]
    reviewers_with_power: list[ToolRow]
    inherit_all: list[ToolRow]
    models: list[tuple[str, int]]


def is_reviewer(ctx: Context, agent_id: str) -> bool:
    """An agent whose own description says it reviews: a review or audit word in its name or
    in the first sentence of its description (what it is, not what it is used beside:
    "use before audits" is no auditor), and no duty that builds or changes things."""
    agent = ctx.team.agents[agent_id]
    lead = agent.description.split("<example>")[0].strip().strip("*_ ")
    first = _FIRST_SENTENCE.split(lead, maxsplit=1)[0][:300]
    if not (_REVIEWER.search(re.sub(r"[-_]", " ", agent.name)) or _REVIEWER.search(first)):
        return False
    duties = " ".join(f.text for f in ctx.facts[agent_id].duties)
    return len(_BUILDER.findall(duties)) <= 1


def tools_view(ctx: Context) -> ToolsView:
    team = ctx.team
    counts: Counter[str] = Counter()
    for agent in team.agents.values():
        counts.update(agent.tools or ())
    columns = [t for t, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0].lower()))][:MAX_COLUMNS]
    rows = []
    for agent_id, agent in team.agents.items():
        flag = ""
        if inherits_every_tool(agent):
            flag = "inherits every tool"
        elif agent.tools and is_reviewer(ctx, agent_id):
            power = sorted(t for t in agent.tools if t.lower() in WRITE_TOOLS)
            if power:
                flag = "review role with " + ", ".join(power)
        other = tuple(t for t in (agent.tools or ()) if t not in columns)
        rows.append(ToolRow(ctx.link(agent_id), agent.model or "inherit", agent.tools, other, flag))
    models = Counter(a.model or "inherit" for a in team.agents.values())
    return ToolsView(
        columns=columns,
        rows=rows,
        reviewers_with_power=[r for r in rows if r.flag.startswith("review role")],
        inherit_all=[r for r in rows if r.flag == "inherits every tool"],
        models=sorted(models.items(), key=lambda item: (-item[1], item[0])),
    )
