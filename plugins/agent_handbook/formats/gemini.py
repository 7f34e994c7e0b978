"""Gemini CLI subagents: Markdown with front matter in ``.gemini/agents/`` (or ``~/.gemini/agents/``).

``name`` is the id; ``kind``, ``temperature``, ``max_turns`` and ``timeout_mins`` are
Gemini CLI's own fields.
"""

from __future__ import annotations

from ..model import Agent, Mention
from .common import Document, make_agent

NAME = "gemini"
TITLE = "Gemini CLI"
FOLDERS = (".gemini/agents",)
USER_FOLDERS = (".gemini/agents",)
SCOPE_ORDER = ("project", "user")

MEANINGS = {
    "kind": "local (runs here) or remote (an A2A agent)",
    "tools": "tools it may use",
    "model": "model it runs on",
    "temperature": "sampling temperature",
    "max_turns": "most turns before it stops",
    "timeout_mins": "longest run, in minutes",
}


def build(doc: Document, scope: str = "project", namespace: str = "") -> tuple[Agent, list[Mention]]:
    return make_agent(doc, NAME, meanings=MEANINGS, scope=scope), []
