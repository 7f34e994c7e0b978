"""Claude Code subagents: ``.claude/agents/*.md``, ``~/.claude/agents/``, ``plugins/*/agents/``.

Markdown with YAML front matter; ``name`` is the id. ``tools: Agent(worker, researcher)``
(older alias ``Task(...)``) limits which subagents this agent may start: each is a stated
``delegates_to``.
"""

from __future__ import annotations

import re

from ..model import Agent, Mention
from .common import Document, evidence, line_of, make_agent, stated

NAME = "claude"
TITLE = "Claude Code"
#: Folders of a repository the tool reads, and of a user's home.
FOLDERS = (".claude/agents",)
USER_FOLDERS = (".claude/agents",)
#: Which scope wins when two define the same name (Claude Code: project over user).
SCOPE_ORDER = ("project", "user")

MEANINGS = {
    "tools": "tools it may use (all when absent); Agent(a, b) names the subagents it may start",
    "disallowedTools": "tools taken away from what it would otherwise have",
    "model": "model it runs on (inherit: the main conversation's)",
    "permissionMode": "how tool permissions are asked for (default, acceptEdits, plan, dontAsk, bypassPermissions)",
    "maxTurns": "most agentic turns before it stops",
    "skills": "skills loaded into its context when it starts",
    "mcpServers": "MCP servers it may reach",
    "hooks": "lifecycle hooks that run while it works",
    "memory": "persistent memory it keeps (user, project or local)",
    "background": "always runs as a background task",
    "effort": "reasoning effort",
    "isolation": "worktree: runs in a temporary git worktree",
    "initialPrompt": "first prompt it is given when it runs as the main agent",
    "color": "its colour in the interface",
}

_SPAWN = re.compile(r"^(Agent|Task)\s*\((.*)\)\s*$", re.DOTALL)


def build(doc: Document, scope: str = "project", namespace: str = "") -> tuple[Agent, list[Mention]]:
    model = doc.data.get("model")
    agent = make_agent(
        doc,
        NAME,
        meanings=MEANINGS,
        model="" if model == "inherit" else None,
        scope=scope,
        namespace=namespace,
    )
    return agent, spawned(doc, agent.tools)


def spawned(doc: Document, tools: tuple[str, ...] | None) -> list[Mention]:
    """``Agent(a, b)`` / ``Task(a)`` entries of ``tools``: the subagents it may start."""
    out: list[Mention] = []
    for tool in tools or ():
        match = _SPAWN.match(tool)
        if not match:
            continue
        line = _tool_line(doc, tool)
        for target in (n.strip("'\"`") for n in re.split(r"[,\s]+", match.group(2)) if n.strip("'\"`")):
            proof = evidence(doc, line, f"tools: {tool}")
            out.append(stated("delegates_to", target, proof, condition=f"may start it through {match.group(1)}(…)"))
    return out


def _tool_line(doc: Document, tool: str) -> int:
    head = tool.split("(", 1)[0].strip()
    for value in doc.values:
        if value.path[:1] == ("tools",) and value.value is not None and head in str(value.value):
            return value.line
    return line_of(doc, "tools")
