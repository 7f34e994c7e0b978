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

FENCE = re.compile(
    r"^(?P<indent>[ ]{0,3})(?P<fence>`{3,}|~{3,})[ \t]*(?P<name>agent-handbook|agent-graph|agent-table)\b[^\n]*\n"
    r"(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
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


def render_fences(markdown: str, handbook: Handbook, page_uri: str) -> tuple[str, list[str]]:
    """``markdown`` with every handbook block replaced by its view; and the problems found."""
    problems: list[str] = []
    counter = [0]

    def replace(match: re.Match[str]) -> str:
        counter[0] += 1
        line = markdown.count("\n", 0, match.start()) + 1
        try:
            options = parse_options(match.group("name"), match.group("body"))
            return handbook.block(options, page_uri, counter[0])
        except BlockError as error:
            problems.append(f"line {line}: {match.group('name')} block: {error}")
            return f"\n**{match.group('name')} block (line {line}):** {error}\n"

    return FENCE.sub(replace, markdown), problems
