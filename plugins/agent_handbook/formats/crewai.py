"""CrewAI crews: ``config/agents.yaml`` (one entry per agent: ``role``, ``goal``,
``backstory``, ``llm``, ``tools``, ``allow_delegation`` …) and, beside it, ``tasks.yaml``.

The entry's key is the id; ``goal`` is read as the description and ``backstory`` as the
body. A task's ``agent`` does the task; its ``context`` lists tasks whose output it takes:
for a task done by B with a context task done by A, A ``hands_off_to`` B, stated, with both
tasks named in the evidence.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .. import diagnostics as diag
from ..discover import inside, repository_of
from ..model import Agent, Evidence, Mention
from ..read import MetaValue, ReadResult, YamlError, decode, parse_yaml, read_regular
from .common import Document, make_agent, show, stated, tools_of

NAME = "crewai"
TITLE = "CrewAI"
FOLDERS = ("config", "src")
USER_FOLDERS: tuple[str, ...] = ()
SCOPE_ORDER = ("project",)
AGENT_FILES = ("agents.yaml", "agents.yml")
TASK_FILES = ("tasks.yaml", "tasks.yml")
#: ``allow_delegation: true`` names no one: shown as a setting, never read as a relation.
CLAIMED = frozenset({"allow_delegation"})

#: What the agent card says of a model the entry leaves out, in CrewAI's own terms.
NO_MODEL = "CrewAI's default LLM (the entry sets no llm)"


def no_tools(agent: Agent) -> str:
    """CrewAI gives an agent the tools it is given and no others."""
    return "none (a CrewAI agent without tools has none; tools given in Python, in crew.py, are not read)"


MEANINGS = {
    "role": "its role in the crew",
    "goal": "what it works towards",
    "llm": "model it runs on",
    "tools": "tools it may use",
    "allow_delegation": "may hand work to the crew's other agents and ask them questions",
    "max_iter": "most reasoning iterations before it answers",
    "max_rpm": "most requests a minute",
    "max_execution_time": "longest run, in seconds",
    "allow_code_execution": "may run the code it writes",
    "memory": "keeps memory across tasks",
    "verbose": "logs its reasoning",
    "reasoning": "plans before each task",
}


def _parse(text: str, file: str) -> tuple[Any, list[MetaValue], list]:
    try:
        data, values = parse_yaml(text)
    except YamlError as error:
        return (
            None,
            [],
            [
                diag.make(
                    "invalid-config" if error.code == "invalid-yaml" else error.code,
                    file,
                    min(error.line + 1, text.count("\n") + 1),
                    f"not valid YAML: {error}",
                )
            ],
        )
    # The parser counts lines from 0.
    return data, [MetaValue(v.path, v.value, v.line + 1) for v in values], []


def read(text: str, file: str, path: str, scope: str) -> list[ReadResult]:
    data, values, problems = _parse(text, file)
    if problems:
        return [ReadResult(None, problems)]
    if not isinstance(data, dict) or not data:
        return [ReadResult(None, [diag.make("not-an-agent", file, 1, "a YAML file with no agents in it")])]
    lines = text.split("\n")
    handoffs = _handoffs(Path(path), file, set(map(str, data)))
    out: list[ReadResult] = []
    for key, entry in data.items():
        key = str(key)
        line = next((v.line for v in values if v.path == (key,) and v.value is None), 1)
        if not isinstance(entry, dict):
            out.append(ReadResult(None, [diag.make("invalid-field", file, line, f"agent `{key}` is not a mapping")]))
            continue
        mine = [MetaValue(v.path[1:], v.value, v.line) for v in values if v.path[:1] == (key,) and len(v.path) > 1]
        doc = Document(file, path, key, dict(entry), mine, line=line)
        body, body_line = _block(lines, mine, "backstory")
        goal = entry.get("goal")
        agent = make_agent(
            doc,
            NAME,
            id_from_file=True,
            meanings=MEANINGS,
            scope=scope,
            description=" ".join(show(goal).split()) if isinstance(goal, str) else "",
            model=show(entry.get("llm", "")) if isinstance(entry.get("llm"), str) else "",
            body=body,
            body_line=body_line,
            # CrewAI gives an agent the tools it is given and no others: no list is none.
            tools=tools_of(doc) or (),
        )
        kept = [v for v in mine if v.path[:1] != ("backstory",)]
        out.append(ReadResult(agent, doc.problems, kept, handoffs.get(key, []), CLAIMED))
    return out


def _block(lines: list[str], values: list[MetaValue], key: str) -> tuple[str, int]:
    """The raw text of ``key``'s value as written in the file (lines kept), and its first line."""
    line = next((v.line for v in values if v.path == (key,) and v.value is None), 0)
    if not line:
        return "", 1
    head = lines[line - 1]
    after = head.split(":", 1)[1].strip() if ":" in head else ""
    if after and after[0] not in "|>":
        return after.strip("\"'"), line
    indent = len(head) - len(head.lstrip())
    body: list[str] = []
    for text in lines[line:]:
        if text.strip() and len(text) - len(text.lstrip()) <= indent:
            break
        body.append(text)
    width = min((len(t) - len(t.lstrip()) for t in body if t.strip()), default=0)
    return "\n".join(t[width:] for t in body).rstrip(), line + 1


def _handoffs(path: Path, file: str, agents: set[str]) -> dict[str, list[Mention]]:
    """Hand-offs stated by ``tasks.yaml`` beside ``path``, keyed by the agent handing off."""
    for name in TASK_FILES:
        tasks_path = path.parent / name
        if tasks_path.is_file():
            break
    else:
        return {}
    shown = (file.rsplit("/", 1)[0] + "/" if "/" in file else "") + tasks_path.name
    if not inside(os.path.realpath(tasks_path), os.path.realpath(repository_of(path))):
        return {}  # a link out of the repository is never followed (see discover)
    try:
        text, _ = decode(read_regular(tasks_path, 1024 * 1024), shown)
    except (OSError, ValueError):
        return {}
    data, values, problems = _parse(text or "", shown)
    if problems or not isinstance(data, dict):
        return {}
    doer = {
        str(k): str(v["agent"]).strip()
        for k, v in data.items()
        if isinstance(v, dict) and isinstance(v.get("agent"), str)
    }
    out: dict[str, list[Mention]] = {}
    for task, entry in data.items():
        task = str(task)
        if not isinstance(entry, dict) or task not in doer:
            continue
        receiver = doer[task]
        context = entry.get("context")
        for position, upstream in enumerate(context if isinstance(context, list) else []):
            upstream = str(upstream)
            giver = doer.get(upstream)
            if giver is None or giver == receiver:
                continue
            line = next((v.line for v in values if v.path == (task, "context", f"[{position}]")), 1)
            quoted = f"task {task} (agent {receiver}) takes the output of task {upstream} (agent {giver})"
            proof = Evidence(shown, line, quoted)
            out.setdefault(giver, []).append(stated("hands_off_to", receiver, proof, what=f"the output of {upstream}"))
    return out
