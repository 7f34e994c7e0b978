"""One reader per agent-file format, and the rule that tells a file's format.

The format of a file is found in this order (the first rule that applies wins):

1. Files that are not agents are skipped with an info diagnostic: ``SKILL.md`` and files in
   a ``skills/`` folder (skills), files in a ``commands/`` folder (slash commands),
   ``*.prompt.md`` and ``*.instructions.md`` (Copilot prompt and instruction files), and
   READMEs and project notes (``README.md``, ``CLAUDE.md``, ``AGENTS.md`` …).
2. By file name: ``*.toml`` is a Codex agent, ``agents.yaml`` a CrewAI crew (with the
   ``tasks.yaml`` beside it), ``opencode.json``/``opencode.jsonc`` an OpenCode config,
   ``*.agent.md`` and ``*.chatmode.md`` Copilot agents.
3. By folder: ``.github/agents/`` Copilot, ``.opencode/agent(s)/`` OpenCode,
   ``.cursor/agents/`` Cursor, ``.gemini/agents/`` Gemini CLI, ``.factory/droids/`` Factory,
   ``.kiro/agents/`` Kiro, ``.claude/agents/`` and ``plugins/*/agents/`` Claude Code.
4. By content: front matter with ``mode: primary/subagent/all`` or ``tools`` as a map is
   OpenCode; anything else is Claude Code.

Each module documents its fields (``MEANINGS``, shown on the agent page), its folders and
the relations its structured fields state.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

from .. import diagnostics as diag
from ..discover import DEFAULT_INCLUDE
from ..model import Agent, Diagnostic, Mention
from ..names import slug
from ..read import MetaValue, ReadResult, read_bytes, read_text
from . import claude, codex, copilot, crewai, cursor, factory, gemini, kiro, opencode
from .common import Document

#: Every format, in the order the handbook lists them.
FORMATS: tuple[ModuleType, ...] = (claude, copilot, opencode, codex, crewai, cursor, gemini, factory, kiro)
BY_NAME: dict[str, ModuleType] = {module.NAME: module for module in FORMATS}
#: Markdown formats told apart by their folder (rule 3), most specific first.
_MARKDOWN_FOLDERS: tuple[tuple[re.Pattern[str], ModuleType], ...] = (
    (re.compile(r"/\.github/(?:agents|chatmodes)/"), copilot),
    (re.compile(r"/(?:\.opencode|opencode)/agents?/"), opencode),
    (re.compile(r"/\.cursor/agents/"), cursor),
    (re.compile(r"/\.gemini/agents/"), gemini),
    (re.compile(r"/\.factory/droids/"), factory),
    (re.compile(r"/\.kiro/agents/"), kiro),
    (re.compile(r"/\.claude/agents/"), claude),
)
_PLUGIN = re.compile(r"/plugins/([^/]+)/agents/")

#: Where the tools keep agents in a repository, searched when no folder is configured.
DEFAULT_FOLDERS: tuple[str, ...] = (
    "agents",
    ".claude/agents",
    ".github/agents",
    ".github/chatmodes",
    ".opencode/agent",
    ".opencode/agents",
    ".codex/agents",
    ".cursor/agents",
    ".gemini/agents",
    ".factory/droids",
    ".kiro/agents",
)
#: Files and globs of a repository root searched by default besides the folders.
DEFAULT_FILES: tuple[str, ...] = (
    "opencode.json",
    "opencode.jsonc",
    ".opencode/opencode.json",
    ".opencode/opencode.jsonc",
    "config/agents.yaml",
    "src/*/config/agents.yaml",
    "plugins/*/agents",
)

_NOTES = frozenset(
    {"readme", "changelog", "license", "contributing", "claude", "agents", "gemini", "copilot-instructions"}
)


#: What the agent card says of a tool list or a model a file leaves out, unless its format
#: says otherwise (Claude Code's rules, which most formats share).
NO_TOOLS = "all tools (the file sets no list)"
NO_MODEL = "inherits the session's model"


def unset_tools(agent: Agent) -> str:
    """What an agent whose file lists no tool may use, in its own format's terms ("" when
    the file lists its tools)."""
    if agent.tools:
        return ""
    rule = getattr(BY_NAME.get(agent.format), "no_tools", None)
    if rule is not None:
        return rule(agent)
    return NO_TOOLS if agent.tools is None else "none"


def inherits_every_tool(agent: Agent) -> bool:
    """Whether the agent may use every tool of the session: it lists none, and its format
    bounds it no other way (a Codex agent's ``sandbox_mode`` does)."""
    bounded = getattr(BY_NAME.get(agent.format), "bounded", None)
    return agent.tools is None and not (bounded is not None and bounded(agent))


def unset_model(agent: Agent) -> str:
    """Which model an agent whose file sets none runs on, in its own format's terms."""
    return getattr(BY_NAME.get(agent.format), "NO_MODEL", NO_MODEL)


def default_paths(root: Path) -> list[Path]:
    """The known agent folders and files of every format that exist under ``root``."""
    found = [root / folder for folder in DEFAULT_FOLDERS if (root / folder).is_dir()]
    for pattern in DEFAULT_FILES:
        found.extend(sorted(p for p in root.glob(pattern) if p.exists()))
    return list(dict.fromkeys(found))


def skip_reason(file: str) -> str | None:
    """Why a file is not an agent by its name or folder (rule 1), or None."""
    shown = "/" + file.replace("\\", "/")
    name = shown.rsplit("/", 1)[-1].lower()
    if name == "skill.md" or "/skills/" in shown:
        return "a skill (SKILL.md), not an agent: its agents list it under `skills`"
    if "/commands/" in shown:
        return "a slash command, not an agent"
    if name.endswith((".prompt.md", ".instructions.md")):
        return "a prompt or instructions file, not an agent"
    return None


def is_notes(file: str) -> bool:
    """A README or project notes (``README.md``, ``CLAUDE.md``): reported at info level."""
    name = file.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return name.endswith(".md") and name[:-3] in _NOTES


def markdown_format(path: str, data: Mapping[str, Any]) -> ModuleType:
    """The format of a Markdown agent file by name, folder and content (rules 2-4)."""
    lowered = path.lower()
    if lowered.endswith((".agent.md", ".chatmode.md")):
        return copilot
    for pattern, module in _MARKDOWN_FOLDERS:
        if pattern.search(path):
            return module
    if _PLUGIN.search(path):
        return claude
    mode = data.get("mode")
    if (isinstance(mode, str) and mode in opencode.MODES) or isinstance(data.get("tools"), dict):
        return opencode
    return claude


def scope_of(path: str, module: ModuleType) -> tuple[str, str]:
    """(scope, namespace) of a file: ``plugin`` (with its name), ``user`` or ``project``."""
    plugin = _PLUGIN.search(path)
    if plugin:
        return "plugin", plugin.group(1)
    try:
        home = Path.home().resolve().as_posix()
    except (RuntimeError, OSError):  # no home folder
        return "project", ""
    for folder in module.USER_FOLDERS:
        if path.startswith(f"{home}/{folder}/"):
            return "user", ""
    return "project", ""


def read_markdown(
    result: ReadResult, data: dict[str, Any], body: str, body_line: int, file: str, stem: str, path: str
) -> None:
    """Fill ``result`` with the agent of a Markdown file whose front matter is ``data``."""
    name = data.get("name")
    if isinstance(name, list) and len(name) == 1 and isinstance(name[0], str):
        name = f"[{name[0]}]"  # YAML reads "name: [agent-name]" as a list
    if isinstance(name, str) and _PLACEHOLDER.fullmatch(name):
        # A template to copy ("name: [agent-name]"): its text describes no one's behaviour.
        line = next((v.line for v in result.values if v.path == ("name",)), 2)
        why = f"a template: its name `{name.strip()[:60]}` is a placeholder to fill in, not an agent"
        result.diagnostics.append(diag.make("skipped-file", file, line, why))
        return
    module = markdown_format(path, data)
    if module is not opencode and "mode" in data and not isinstance(data["mode"], str):
        line = next((v.line for v in result.values if v.path == ("mode",)), 2)
        result.diagnostics.append(diag.make("invalid-field", file, line, "`mode` is not text"))
    scope, namespace = scope_of(path, module)
    doc = Document(file, path, stem, data, result.values, body, body_line, result.diagnostics, line=2)
    agent, relations = module.build(doc, scope, namespace)
    result.agent = agent
    result.relations = relations
    result.claimed = getattr(module, "CLAIMED", frozenset())


#: A name left to fill in: "[agent-name]", "<name>", "{{ name }}", "${NAME}".
_PLACEHOLDER = re.compile(r"\s*(?:\[[\w\s./|-]+\]|<[\w\s.-]+>|\{\{[\w\s.-]+\}\}|\$\{[\w.-]+\})\s*")


def read_path(path: Path, file: str) -> tuple[list[ReadResult], str | None]:
    """Every agent one file defines (most define one), and the file's text."""
    why = skip_reason(file)
    if why:
        return [ReadResult(None, [diag.make("skipped-file", file, 1, why)])], None
    name = path.name.lower()
    if name.endswith(".md") and is_notes(file):
        return [
            ReadResult(None, [diag.make("not-an-agent", file, 1, "a README or notes file: not an agent", "info")])
        ], None
    text, problems = read_bytes(path, file)
    if text is None:
        return [ReadResult(None, problems)], None
    posix = _posix(path)
    if name.endswith(".toml"):
        results = codex.read(text, file, posix, path.stem, scope_of(posix, codex)[0])
    elif name in crewai.AGENT_FILES:
        results = crewai.read(text, file, posix, "project")
    elif name in opencode.CONFIG_NAMES:
        results = opencode.read_config(text, file, posix, scope_of(posix, opencode)[0])
    elif name in crewai.TASK_FILES:
        why = "CrewAI tasks: read with the agents.yaml beside it"
        results = [ReadResult(None, [diag.make("skipped-file", file, 1, why)])]
    else:  # Markdown, and any file named on its own (a .txt given as a path)
        results = [read_text(text, file, path.name[:-3] if name.endswith(".md") else path.stem, posix)]
    results[0].diagnostics[:0] = problems
    return results, text


def _posix(path: Path) -> str:
    """The absolute path, links not resolved: a file's folder is where it was found."""
    return Path(os.path.abspath(path)).as_posix()


# -- across files ---------------------------------------------------------------------------


def settle(agents: Sequence[Agent | None]) -> tuple[list[Agent | None], list[Diagnostic]]:
    """Apply each tool's override order and plugin namespaces across the files of a team.

    The same name in two scopes of one format keeps the agent of the scope the tool prefers
    (project over user) and drops the other with an ``overridden-agent`` diagnostic. A
    plugin's agent whose name another agent also has keeps its plugin in its id
    (``my-plugin:reviewer`` -> ``my-plugin-reviewer``), as Claude Code namespaces it.
    """
    out = list(agents)
    problems: list[Diagnostic] = []
    groups: dict[tuple[str, str], list[int]] = {}
    for position, agent in enumerate(out):
        if agent is not None and agent.scope != "plugin":
            groups.setdefault((agent.format, agent.id), []).append(position)
    for (fmt, _agent_id), positions in sorted(groups.items()):
        order = BY_NAME[fmt].SCOPE_ORDER if fmt in BY_NAME else ("project", "user")
        scopes = {out[p].scope for p in positions}  # type: ignore[union-attr]
        if len(scopes) < 2:
            continue
        best = min(scopes, key=lambda s: order.index(s) if s in order else len(order))
        winner = next(out[p] for p in positions if out[p].scope == best)  # type: ignore[union-attr]
        for position in positions:
            agent = out[position]
            if agent is None or agent.scope == best:
                continue
            title = BY_NAME[fmt].TITLE if fmt in BY_NAME else fmt
            message = (
                f"`{agent.name}` is overridden by {winner.source}: {title} takes the {best} agent over "
                f"the {agent.scope} one of the same name"
            )
            problems.append(diag.make("overridden-agent", agent.source, 1, message))
            out[position] = None
    counts: dict[str, int] = {}
    for agent in out:
        if agent is not None:
            counts[agent.id] = counts.get(agent.id, 0) + 1
    for position, agent in enumerate(out):
        if agent is None or agent.scope != "plugin" or counts[agent.id] < 2 or not agent.namespace:
            continue
        new_id = slug(f"{agent.namespace}-{agent.id}")
        problems.append(
            diag.make(
                "namespaced-id",
                agent.source,
                1,
                f"`{agent.name}` is also the name of another agent; as plugin `{agent.namespace}`'s agent its id is `{new_id}`",
            )
        )
        out[position] = replace(agent, id=new_id, page=new_id, name=f"{agent.namespace}:{agent.name}")
    return out, problems


def expand_rules(agent: Agent, relations: Sequence[Mention], agents: Mapping[str, Agent]) -> list[Mention]:
    """Stated relations with OpenCode's glob rules turned into the agents they let it start.

    Rules are read in order and the last one that matches a name wins (as OpenCode does);
    ``allow`` and ``ask`` let it start the agent, ``deny`` does not. Only the team's
    OpenCode agents that can run as subagents are candidates.
    """
    rules = [m for m in relations if m.style == "glob"]
    out = [m for m in relations if m.style != "glob"]
    if not rules:
        return out
    for other in sorted(agents.values(), key=lambda a: a.id):
        if other.id == agent.id or other.format != opencode.NAME or other.meta.get("mode") == "primary":
            continue
        chosen = None
        for rule in rules:
            if _glob(rule.target or "").fullmatch(other.name) or _glob(rule.target or "").fullmatch(other.id):
                chosen = rule
        if chosen is None or chosen.condition not in {"allow", "ask"}:
            continue
        condition = "after approval" if chosen.condition == "ask" else ""
        out.append(replace(chosen, target=other.id, style="list", condition=condition))
    return out


def _glob(pattern: str) -> re.Pattern[str]:
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern))


__all__ = [
    "DEFAULT_FOLDERS",
    "DEFAULT_INCLUDE",
    "FORMATS",
    "Document",
    "MetaValue",
    "default_paths",
    "expand_rules",
    "markdown_format",
    "read_markdown",
    "read_path",
    "settle",
]
