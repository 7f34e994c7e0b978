"""Views inside hand-written pages: fenced ``agent-handbook`` blocks with YAML options.

````
```agent-handbook
view: neighbourhood     # map, neighbourhood, relations, agents, ladder, escalation, handoffs
agents: [devops]        # which agents (default: all)
kinds: [escalates_to]   # which relation kinds (default: all)
depth: 2                # for neighbourhood
```
````

``agent-graph`` is the same block with ``view: map`` by default, ``agent-table`` with
``view: relations``. A block with bad options becomes a visible error on the page and a
warning in the build log; it never stops the build.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import yaml

from ..model import RELATION_KINDS

if TYPE_CHECKING:
    from .pages import Handbook

_OPENING = re.compile(r"^(?P<indent>[ ]{0,3})(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)$")
NAMES = ("agent-handbook", "agent-graph", "agent-table")
DEFAULT_VIEW = {"agent-handbook": "map", "agent-graph": "map", "agent-table": "relations"}
VIEWS = ("map", "neighbourhood", "relations", "agents", "ladder", "escalation", "handoffs")


class BlockError(ValueError):
    """Options of a block that cannot be rendered."""


def parse_options(name: str, body: str) -> dict:
    try:
        options = yaml.safe_load(body) if body.strip() else {}
    except yaml.YAMLError as error:
        raise BlockError(f"options are not valid YAML: {str(error).splitlines()[0]}") from None
    if options is None:
        options = {}
    if not isinstance(options, dict):
        raise BlockError("options must be a YAML mapping (view: ..., agents: [...])")
    view = options.get("view", DEFAULT_VIEW[name])
    if view not in VIEWS:
        raise BlockError(f"unknown view {view!r}; one of {', '.join(VIEWS)}")
    kinds = options.get("kinds", list(RELATION_KINDS))
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if not isinstance(kinds, list) or any(k not in RELATION_KINDS for k in kinds):
        raise BlockError(f"kinds must be a list of {', '.join(RELATION_KINDS)}")
    agents = options.get("agents", [])
    agents = [agents] if isinstance(agents, str) else agents
    if not isinstance(agents, list):
        raise BlockError("agents must be a list of agent names")
    depth = options.get("depth", 1)
    if not isinstance(depth, int) or not 1 <= depth <= 3:
        raise BlockError("depth must be 1, 2 or 3")
    return {"view": view, "kinds": tuple(kinds), "agents": [str(a) for a in agents], "depth": depth}


def find_blocks(markdown: str) -> list[tuple[int, int, str, str]]:
    """(first line, last line, name, body) of each handbook block, 0-based line numbers.

    Fences are tracked like Markdown does, so a handbook block shown as an example inside
    a longer fence (```` ````markdown ````) stays an example.
    """
    lines = markdown.split("\n")
    found = []
    open_fence = ""
    start = -1
    name = ""
    for number, line in enumerate(lines):
        match = _OPENING.match(line)
        if open_fence:
            if (
                match
                and match.group("fence")[0] == open_fence[0]
                and len(match.group("fence")) >= len(open_fence)
                and not match.group("info").strip()
            ):
                if name:
                    found.append((start, number, name, "\n".join(lines[start + 1 : number])))
                open_fence, name = "", ""
            continue
        if match:
            open_fence = match.group("fence")
            start = number
            word = match.group("info").strip().split(" ")[0] if match.group("info").strip() else ""
            name = word if word in NAMES else ""
    return found


def render_fences(markdown: str, handbook: Handbook, page_uri: str) -> tuple[str, list[str]]:
    """``markdown`` with every handbook block replaced by its view; and the problems found."""
    blocks = find_blocks(markdown)
    if not blocks:
        return markdown, []
    lines = markdown.split("\n")
    problems: list[str] = []
    out: list[str] = []
    previous = 0
    for number, (first, last, name, body) in enumerate(blocks, start=1):
        out.extend(lines[previous:first])
        try:
            options = parse_options(name, body)
            out.append(handbook.block(options, page_uri, number))
        except BlockError as error:
            problems.append(f"line {first + 1}: {name} block: {error}")
            out.append(f"\n**{name} block (line {first + 1}):** {error}\n")
        previous = last + 1
    out.extend(lines[previous:])
    return "\n".join(out), problems
