"""GitHub Copilot / VS Code custom agents: ``*.agent.md``, any ``.md`` under
``.github/agents/``, and the older ``*.chatmode.md`` (``.github/chatmodes/``).

The file name is the id (``planner.agent.md`` -> ``planner``); ``name`` is the title shown.
``handoffs: [{label, agent, prompt}]`` are buttons that pass the conversation on: each is a
stated ``hands_off_to`` whose evidence keeps the label and the prompt. ``agents: [a, b]``
lists the subagents it may run (``*``: any): each is a stated ``delegates_to``. The built-in
modes ``agent``, ``ask``, ``edit`` and ``plan`` are the tool's own, never missing agents.
"""

from __future__ import annotations

from ..model import Agent, Mention
from .common import Document, evidence, line_of, make_agent, names_of, show, stated

NAME = "copilot"
TITLE = "GitHub Copilot (VS Code)"
FOLDERS = (".github/agents", ".github/chatmodes")
USER_FOLDERS = (".copilot/agents",)
#: VS Code: workspace agents over the user profile's.
SCOPE_ORDER = ("project", "user")
#: Suffixes of a Copilot file name, stripped for the id.
SUFFIXES = (".agent", ".chatmode")
#: Keys whose relations this reader states (prose extraction leaves them alone).
CLAIMED = frozenset({"handoffs", "agents"})

MEANINGS = {
    "tools": "tools and tool sets it may use",
    "model": "model it runs on (a list: tried in order)",
    "handoffs": "next steps offered after its reply: a button that passes the conversation to another agent",
    "agents": "subagents it may run (* for any)",
    "target": "where it runs (vscode or github-copilot)",
    "argument-hint": "hint shown in the chat input",
    "mcp-servers": "MCP servers it may reach",
    "infer": "whether other agents may run it as a subagent",
    "user-invokable": "whether it is offered in the agents menu",
    "user-invocable": "whether it is offered in the agents menu",
    "disable-model-invocation": "whether other agents are kept from running it",
}


def stem_of(stem: str) -> str:
    for suffix in SUFFIXES:
        if stem.lower().endswith(suffix):
            return stem[: -len(suffix)]
    return stem


def build(doc: Document, scope: str = "project", namespace: str = "") -> tuple[Agent, list[Mention]]:
    doc.stem = stem_of(doc.stem)
    agent = make_agent(doc, NAME, id_from_file=True, meanings=MEANINGS, scope=scope, namespace=namespace)
    return agent, handoffs(doc) + subagents(doc)


def handoffs(doc: Document) -> list[Mention]:
    raw = doc.data.get("handoffs")
    if raw is None:
        return []
    if not isinstance(raw, list):
        doc.problems.append(_invalid(doc, "handoffs", "`handoffs` is not a list; ignored"))
        return []
    out = []
    for position, entry in enumerate(raw):
        path = ("handoffs", f"[{position}]")
        if not isinstance(entry, dict) or not isinstance(entry.get("agent"), str) or not entry["agent"].strip():
            doc.problems.append(_invalid(doc, "handoffs", f"handoff {position + 1} names no `agent`; ignored", path))
            continue
        target = entry["agent"].strip()
        label = show(entry.get("label", "")) if entry.get("label") is not None else ""
        prompt = show(entry.get("prompt", "")) if entry.get("prompt") is not None else ""
        quoted = f"handoff “{label or target}” → {target}" + (f": {prompt}" if prompt else "")
        proof = evidence(doc, line_of(doc, *path, "agent"), quoted)
        out.append(stated("hands_off_to", target, proof, condition=label, what=prompt))
    return out


def subagents(doc: Document) -> list[Mention]:
    raw = doc.data.get("agents")
    out = []
    for target in names_of(raw):
        if target == "*" or "*" in target:
            continue  # any agent: no one in particular
        line = next(
            (
                v.line
                for v in doc.values
                if v.path[:1] == ("agents",) and v.value is not None and str(v.value) == target
            ),
            line_of(doc, "agents"),
        )
        out.append(stated("delegates_to", target, evidence(doc, line, f"agents: {show(raw)}")))
    return out


def _invalid(doc: Document, key: str, message: str, path: tuple[str, ...] = ()):
    from .. import diagnostics as diag

    return diag.make("invalid-field", doc.file, line_of(doc, *(path or (key,))), message)
