"""Factory droids: Markdown with front matter in ``.factory/droids/`` (or ``~/.factory/droids/``).

``name`` is the id; ``tools`` is a list or a category (``read-only``), ``reasoningEffort``
is Factory's own field.
"""

from __future__ import annotations

from ..model import Agent, Mention
from .common import Document, make_agent

NAME = "factory"
TITLE = "Factory"
FOLDERS = (".factory/droids",)
USER_FOLDERS = (".factory/droids",)
SCOPE_ORDER = ("project", "user")

MEANINGS = {
    "model": "model it runs on (inherit: the parent session's)",
    "reasoningEffort": "reasoning effort",
    "tools": "tools it may use, or a category such as read-only",
}


def build(doc: Document, scope: str = "project", namespace: str = "") -> tuple[Agent, list[Mention]]:
    model = doc.data.get("model")
    return make_agent(doc, NAME, meanings=MEANINGS, scope=scope, model="" if model == "inherit" else None), []
