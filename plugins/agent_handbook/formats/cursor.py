"""Cursor subagents: Markdown with front matter in ``.cursor/agents/`` (or ``~/.cursor/agents/``).

``name`` is the id (the file name when missing); ``readonly`` and ``is_background`` are
Cursor's own fields.
"""

from __future__ import annotations

from ..model import Agent, Mention
from .common import Document, make_agent

NAME = "cursor"
TITLE = "Cursor"
FOLDERS = (".cursor/agents",)
USER_FOLDERS = (".cursor/agents",)
SCOPE_ORDER = ("project", "user")

MEANINGS = {
    "model": "model it runs on (inherit: the parent's; fast: a quick model)",
    "readonly": "may only read, never write",
    "is_background": "runs in the background without blocking the chat",
    "tools": "tools it may use",
}


def build(doc: Document, scope: str = "project", namespace: str = "") -> tuple[Agent, list[Mention]]:
    model = doc.data.get("model")
    return make_agent(doc, NAME, meanings=MEANINGS, scope=scope, model="" if model == "inherit" else None), []
