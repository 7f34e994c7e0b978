"""Kiro custom agents: Markdown with front matter in ``.kiro/agents/`` (or ``~/.kiro/agents/``).

``name`` is the id; ``allowedTools``, ``toolsSettings``, ``resources`` and
``includeMcpJson`` are Kiro's own fields.
"""

from __future__ import annotations

from ..model import Agent, Mention
from .common import Document, make_agent

NAME = "kiro"
TITLE = "Kiro"
FOLDERS = (".kiro/agents",)
USER_FOLDERS = (".kiro/agents",)
SCOPE_ORDER = ("project", "user")

MEANINGS = {
    "tools": "tools it may use",
    "allowedTools": "tools it may use without asking",
    "toolsSettings": "settings of its tools",
    "model": "model it runs on",
    "resources": "files and links loaded into its context",
    "mcpServers": "MCP servers it may reach",
    "includeMcpJson": "also reaches the MCP servers of the workspace's mcp.json",
    "hooks": "commands that run at points of its work",
}


def build(doc: Document, scope: str = "project", namespace: str = "") -> tuple[Agent, list[Mention]]:
    return make_agent(doc, NAME, meanings=MEANINGS, scope=scope), []
