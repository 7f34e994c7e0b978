"""OpenAI Codex custom agents: one TOML file each in ``.codex/agents/`` (or ``~/.codex/agents/``).

``name`` is the id (the file name when it is missing), ``description`` says when to use it
and ``developer_instructions`` is its prompt (read as the body). Python 3.11+ reads TOML
with ``tomllib``; 3.10 with ``tomli`` (installed with the package there).
"""

from __future__ import annotations

import re
import sys
from typing import Any

from .. import diagnostics as diag
from ..model import Agent
from ..read import MAX_DEPTH, MetaValue, ReadResult, too_deep
from .common import Document, make_agent

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

NAME = "codex"
TITLE = "OpenAI Codex"
FOLDERS = (".codex/agents",)
USER_FOLDERS = (".codex/agents",)
#: Codex: the project's agents over the user's.
SCOPE_ORDER = ("project", "user")
BODY = "developer_instructions"

#: What the agent card says of a setting the file leaves out, in Codex's own terms: a custom
#: agent has Codex's tools, bounded by its sandbox, and inherits what it does not set.
NO_MODEL = "inherits the session's model"


def bounded(agent: Agent) -> str:
    """The agent's own sandbox mode ("" when it inherits the session's)."""
    mode = agent.meta.get("sandbox_mode")
    return mode.strip() if isinstance(mode, str) else ""


def no_tools(agent: Agent) -> str:
    """What a Codex agent may use: Codex's own tools, within its sandbox mode."""
    mode = bounded(agent)
    if mode:
        return f"Codex's tools, within the {mode} sandbox (sandbox_mode)"
    return "Codex's tools, within the session's sandbox mode (the file sets no sandbox_mode)"


MEANINGS = {
    "model": "model it runs on",
    "model_reasoning_effort": "reasoning effort (minimal to xhigh)",
    "sandbox_mode": "what it may touch (read-only, workspace-write, danger-full-access)",
    "approval_policy": "when it asks before acting",
    "nickname_candidates": "display names for its running copies",
    "mcp_servers": "MCP servers it may reach",
    "skills": "skills it may use",
    "web_search": "whether it may search the web",
}

_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+|\"[^\"]+\")\s*=")
_TABLE = re.compile(r"^\s*\[")


def read(text: str, file: str, path: str, stem: str, scope: str) -> list[ReadResult]:
    if too_deep(text):
        message = f"TOML nested more than {MAX_DEPTH} levels deep: not read"
        return [ReadResult(None, [diag.make("invalid-config", file, 1, message)])]
    try:
        data = tomllib.loads(text)
    except RecursionError:
        message = "TOML nested too deeply to read: not read"
        return [ReadResult(None, [diag.make("invalid-config", file, 1, message)])]
    except tomllib.TOMLDecodeError as error:
        line = min(getattr(error, "lineno", None) or _line_in_message(str(error)), text.count("\n") + 1)
        return [ReadResult(None, [diag.make("invalid-config", file, line, f"not valid TOML: {error}")])]
    if not isinstance(data.get("name"), str) and BODY not in data and "description" not in data:
        message = "a TOML file with no `name`, `description` or `developer_instructions`: not an agent"
        return [ReadResult(None, [diag.make("not-an-agent", file, 1, message)])]
    lines = text.split("\n")
    values = _values(data, lines)
    body, body_line = _body(data, lines)
    doc = Document(file, path, stem, data, values, line=1)
    agent = make_agent(doc, NAME, meanings=MEANINGS, scope=scope, body=body, body_line=body_line, tools=None)
    return [ReadResult(agent, doc.problems, [v for v in values if v.path[:1] != (BODY,)])]


def _line_in_message(message: str) -> int:
    found = re.search(r"line (\d+)", message)
    return int(found.group(1)) if found else 1


def _top_lines(lines: list[str]) -> dict[str, int]:
    """Each top-level key's 1-based line (keys before the first ``[table]``)."""
    found: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if _TABLE.match(line):
            break
        match = _KEY.match(line)
        if match:
            found.setdefault(match.group(1).strip('"'), number)
    return found


def _values(data: dict[str, Any], lines: list[str]) -> list[MetaValue]:
    where = _top_lines(lines)
    out = []
    for key, value in data.items():
        line = where.get(key, 1)
        out.append(MetaValue((key,), None, line))
        if isinstance(value, str):
            out.append(
                MetaValue(
                    (key,), value, line + (1 if value and lines[line - 1].rstrip().endswith(('"""', "'''")) else 0)
                )
            )
        elif isinstance(value, list):
            out.extend(MetaValue((key, f"[{i}]"), str(v), line) for i, v in enumerate(value) if isinstance(v, str))
    return out


def _body(data: dict[str, Any], lines: list[str]) -> tuple[str, int]:
    body = data.get(BODY)
    if not isinstance(body, str):
        return "", 1
    line = _top_lines(lines).get(BODY, 1)
    opener = lines[line - 1] if line - 1 < len(lines) else ""
    # A multi-line string starts on the line after its opening quotes.
    if re.search(r"=\s*(\"\"\"|''')\s*$", opener):
        return body, line + 1
    return body, line
