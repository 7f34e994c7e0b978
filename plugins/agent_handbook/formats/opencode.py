"""OpenCode agents: Markdown in ``.opencode/agent/`` (or ``agents/``), and the ``agent``
block of ``opencode.json`` / ``opencode.jsonc``.

The file's path under the agent folder is the name (``team/reviewer.md`` ->
``team/reviewer``, id ``team-reviewer``); in JSON the key is. ``permission.task`` maps globs
of subagent names to ``allow``/``ask``/``deny`` (the last matching rule wins); the v2
``permissions`` list does the same with ``{action: subagent, resource, effect}`` rules. The
agents a rule lets it start are stated ``delegates_to`` (see :func:`rules`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from .. import diagnostics as diag
from ..model import Agent, Evidence, Mention
from ..read import MetaValue, ReadResult
from .common import Document, evidence, invalid, line_of, make_agent, show

NAME = "opencode"
TITLE = "OpenCode"
FOLDERS = (".opencode/agent", ".opencode/agents")
USER_FOLDERS = (".config/opencode/agent", ".config/opencode/agents")
#: OpenCode: the project's config over the global one.
SCOPE_ORDER = ("project", "user")
CONFIG_NAMES = ("opencode.json", "opencode.jsonc")
CLAIMED = frozenset({"permission", "permissions"})
MODES = frozenset({"primary", "subagent", "all"})
#: Actions of a permission rule that start a subagent (v1 ``task``, v2 ``subagent``).
SPAWN_ACTIONS = frozenset({"task", "subagent"})

MEANINGS = {
    "mode": "primary (you talk to it), subagent (other agents call it) or all",
    "model": "model it runs on",
    "temperature": "sampling temperature",
    "top_p": "nucleus sampling",
    "steps": "most agentic steps before it stops",
    "maxSteps": "most agentic steps before it stops",
    "tools": "tools switched on or off",
    "permission": "what it may do without asking (allow, ask, deny); task: the subagents it may start",
    "permissions": "ordered allow/ask/deny rules; subagent rules name the subagents it may start",
    "prompt": "its system prompt (or the file holding it)",
    "disable": "switched off",
    "hidden": "left out of the @ menu",
    "color": "its colour in the interface",
}

_FOLDER = re.compile(r"/(?:\.opencode|opencode)/agents?/(.+)$")


def name_from_path(path: str, stem: str) -> str:
    """``…/.opencode/agent/team/reviewer.md`` -> ``team/reviewer``: nested names keep their folders."""
    match = _FOLDER.search(path)
    if not match:
        return stem
    inner = match.group(1)
    return inner[:-3] if inner.lower().endswith(".md") else inner


def build(doc: Document, scope: str = "project", namespace: str = "") -> tuple[Agent, list[Mention]]:
    mode = doc.data.get("mode")
    if mode is not None and not isinstance(mode, str):
        invalid(doc, "mode", "`mode` is not text")
    doc.stem = name_from_path(doc.path, doc.stem)
    agent = make_agent(doc, NAME, id_from_file=True, meanings=MEANINGS, scope=scope, namespace=namespace)
    if "/" in doc.stem:
        from dataclasses import replace

        agent = replace(agent, name=doc.data["name"] if isinstance(doc.data.get("name"), str) else doc.stem)
    return agent, rules(doc)


def rules(doc: Document) -> list[Mention]:
    """The subagent rules of ``permission.task`` and v2 ``permissions``, in order.

    Each is a :class:`Mention` whose target is a glob (style ``glob``) and whose condition
    is its effect; :func:`agent_handbook.formats.expand_rules` turns them into relations
    once the team's names are known.
    """
    out: list[Mention] = []
    permission = doc.data.get("permission")
    task = permission.get("task") if isinstance(permission, dict) else None
    if isinstance(task, str):
        task = {"*": task}
    if isinstance(task, dict):
        for glob, effect in task.items():
            line = line_of(doc, "permission", "task", str(glob))
            proof = evidence(doc, line, f"permission.task: {glob}: {show(effect)}")
            out.append(_rule(str(glob), effect, proof))
    elif task is not None:
        invalid(doc, "permission", "`permission.task` is neither a map of globs nor allow/ask/deny; ignored")
    listed = doc.data.get("permissions")
    if isinstance(listed, list):
        for position, entry in enumerate(listed):
            if not isinstance(entry, dict) or str(entry.get("action", "")) not in SPAWN_ACTIONS:
                continue
            glob = str(entry.get("resource", "*"))
            line = line_of(doc, "permissions", f"[{position}]", "resource")
            proof = evidence(doc, line, f"permissions: {entry.get('action')} {glob}: {show(entry.get('effect'))}")
            out.append(_rule(glob, entry.get("effect"), proof))
    elif listed is not None:
        invalid(doc, "permissions", "`permissions` is not a list of rules; ignored")
    return out


def _rule(glob: str, effect: Any, proof: Evidence) -> Mention:
    effect = str(effect).strip().lower() if isinstance(effect, str) else "deny"
    return Mention("delegates_to", glob, proof, condition=effect, style="glob", strength="stated")


# -- opencode.json(c) ---------------------------------------------------------------------


def strip_jsonc(text: str) -> str:
    """JSON with comments and trailing commas -> JSON (strings left as they are)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            # Keep the line count: positions of values are read from the result.
            out.append("\n" * text.count("\n", i, n if j < 0 else j))
            i = n if j < 0 else j + 2
        else:
            out.append(char)
            i += 1
    return re.sub(r",(\s*[}\]])", r"\1", "".join(out))


def read_config(text: str, file: str, path: str, scope: str) -> list[ReadResult]:
    """The agents of an ``opencode.json(c)``'s ``agent`` block, one result each."""
    try:
        data = json.loads(strip_jsonc(text))
    except (json.JSONDecodeError, RecursionError) as error:
        line = min(getattr(error, "lineno", 1), text.count("\n") + 1)
        return [ReadResult(None, [diag.make("invalid-config", file, line, f"not valid JSON: {error}")])]
    block = data.get("agent") if isinstance(data, dict) else None
    if not isinstance(block, dict) or not block:
        return [ReadResult(None, [diag.make("skipped-file", file, 1, "an OpenCode config with no `agent` block")])]
    lines = text.split("\n")
    start = _key_line(lines, "agent", 0)
    out = []
    for name, entry in block.items():
        line = _key_line(lines, str(name), start)
        if not isinstance(entry, dict):
            out.append(ReadResult(None, [diag.make("invalid-field", file, line, f"agent `{name}` is not an object")]))
            continue
        values = _values(entry, (), lines, line)
        doc = Document(file, path, str(name), dict(entry), values, line=line)
        prompt = entry.get("prompt")
        body = prompt if isinstance(prompt, str) and not prompt.startswith("{file:") else ""
        agent = make_agent(
            doc,
            NAME,
            id_from_file=True,
            meanings=MEANINGS,
            scope=scope,
            body=body,
            body_line=_key_line(lines, "prompt", line),
        )
        relations = rules(doc)
        kept = [v for v in values if v.path[:1] != ("prompt",)]
        out.append(ReadResult(agent, doc.problems, kept, relations, CLAIMED))
    return out


def _key_line(lines: list[str], key: str, after: int) -> int:
    """1-based line of the first ``"key":`` at or after line ``after`` (1-based)."""
    needle = re.compile(r'"' + re.escape(key) + r'"\s*:')
    for number in range(max(after, 1), len(lines) + 1):
        if needle.search(lines[number - 1]):
            return number
    return max(after, 1)


def _values(node: Any, path: tuple[str, ...], lines: list[str], after: int) -> list[MetaValue]:
    out: list[MetaValue] = []
    if isinstance(node, dict):
        for key, value in node.items():
            line = _key_line(lines, str(key), after)
            out.append(MetaValue(path + (str(key),), None, line))
            out.extend(_values(value, path + (str(key),), lines, line))
    elif isinstance(node, list):
        for position, item in enumerate(node):
            out.extend(_values(item, path + (f"[{position}]",), lines, after))
    else:
        out.append(MetaValue(path, node if isinstance(node, str) else json.dumps(node), after))
    return out
