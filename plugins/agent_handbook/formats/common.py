"""What every format reader shares: the read document, names and ids, tools, settings.

A reader turns one :class:`Document` (front matter or a config entry, with the line of each
value) into an :class:`~agent_handbook.model.Agent` and the relations its structured fields
state. Nothing here raises on bad input: a field of the wrong type is an ``invalid-field``
diagnostic and is left out.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import diagnostics as diag
from ..model import Agent, Diagnostic, Evidence, Mention, Setting
from ..names import slug
from ..read import MetaValue

#: Longest value shown for a setting on the agent page.
MAX_SETTING = 240


@dataclass
class Document:
    """One agent's definition as read from a file, before it is an agent.

    ``values`` carry file line numbers; ``path`` is the file's absolute path with ``/``
    (folder conventions such as ``.github/agents/`` are read from it), ``file`` the path
    shown in output.
    """

    file: str
    path: str
    stem: str
    data: dict[str, Any]
    values: list[MetaValue] = field(default_factory=list)
    body: str = ""
    body_line: int = 1
    problems: list[Diagnostic] = field(default_factory=list)
    #: The line the definition starts on (a config entry's key; 1 for a whole file).
    line: int = 1


def line_of(doc: Document, *path: str) -> int:
    """The line of the value at ``path`` (a key's own line), else the definition's line."""
    for value in doc.values:
        if value.path == path:
            return value.line
    return doc.line if len(path) <= 1 else line_of(doc, *path[:-1])


def invalid(doc: Document, key: str, message: str) -> None:
    doc.problems.append(diag.make("invalid-field", doc.file, line_of(doc, key), message))


def text(doc: Document, key: str, *, join_lists: bool = False) -> str:
    """A text field, whitespace kept inside; '' (with a diagnostic) when it is not text."""
    raw = doc.data.get(key)
    if raw is None:
        return ""
    if join_lists and isinstance(raw, list):
        raw = " ".join(str(item) for item in raw)
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        invalid(doc, key, f"`{key}` is a {type(raw).__name__}, not text; ignored")
        return ""
    return str(raw).strip()


def evidence(doc: Document, line: int, quoted: str) -> Evidence:
    return Evidence(doc.file, line, " ".join(quoted.split())[:300])


def stated(kind: str, target: str, proof: Evidence, *, condition: str = "", what: str = "") -> Mention:
    """A relation a structured field states: drawn, and written like a front-matter list
    (a target no file defines is a dangling reference)."""
    return Mention(kind, target, proof, condition=condition[:200], what=what[:200], style="list", strength="stated")


def names_of(raw: Any) -> list[str]:
    """Names in a list field: ``[a, b]``, ``"a, b"`` or a single name."""
    if isinstance(raw, str):
        return [part.strip() for part in raw.split(",") if part.strip()]
    if isinstance(raw, list):
        return [str(item).strip() for item in raw if isinstance(item, (str, int)) and str(item).strip()]
    return []


def tools_of(doc: Document, key: str = "tools") -> tuple[str, ...] | None:
    """``tools`` as a comma string, a list or an OpenCode-style map of enabled tools.

    Commas inside parentheses stay in their tool (``Agent(worker, researcher)``). None when
    the file sets no list: the agent has every tool.
    """
    raw = doc.data.get(key)
    if raw is None or raw == "":
        return None
    if isinstance(raw, str):
        parts = split_top_level(raw)
        if len(parts) == 1 and " " in parts[0] and "(" not in parts[0]:
            parts = parts[0].split()
        return tuple(dict.fromkeys(p for p in parts if p))
    if isinstance(raw, list):
        return tuple(dict.fromkeys(str(p).strip() for p in raw if isinstance(p, (str, int)) and str(p).strip()))
    if isinstance(raw, dict):  # {bash: true, write: false}
        return tuple(sorted(str(k) for k, v in raw.items() if v is True or v == "allow"))
    invalid(doc, key, f"`{key}` is a {type(raw).__name__}; ignored")
    return None


def split_top_level(raw: str) -> list[str]:
    """Split on commas and newlines that are not inside parentheses."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in raw:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if char in ",\n" and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def show(value: Any) -> str:
    """A setting's value as one short line of text."""
    if isinstance(value, bool):
        out = "true" if value else "false"
    elif isinstance(value, dict):
        out = ", ".join(f"{k}: {show(v)}" for k, v in value.items())
    elif isinstance(value, list):
        out = ", ".join(show(v) for v in value)
    elif value is None:
        out = ""
    else:
        out = " ".join(str(value).split())
    return out if len(out) <= MAX_SETTING else out[: MAX_SETTING - 1] + "…"


def settings(data: Mapping[str, Any], meanings: Mapping[str, str], skip: Iterable[str] = ()) -> tuple[Setting, ...]:
    """The fields of ``meanings`` that ``data`` sets, in the order of ``meanings``."""
    left_out = set(skip)
    return tuple(
        Setting(key, show(data[key]), meaning)
        for key, meaning in meanings.items()
        if key in data and key not in left_out and data[key] not in (None, "")
    )


def make_agent(
    doc: Document,
    fmt: str,
    *,
    id_from_file: bool = False,
    report_missing_name: bool = True,
    description: str | None = None,
    model: str | None = None,
    tools: tuple[str, ...] | None | bool = False,
    meanings: Mapping[str, str] | None = None,
    scope: str = "project",
    namespace: str = "",
    body: str | None = None,
    body_line: int | None = None,
) -> Agent:
    """An agent from a document: name, id, description, model, tools, colour, settings.

    ``id_from_file``: the tool names the agent after its file (Copilot, OpenCode); the
    ``name`` field, if any, is then only the title shown. ``tools=False`` reads ``tools``.
    """
    raw_name = doc.data.get("name")
    name = ""
    if isinstance(raw_name, str) and raw_name.strip():
        name = " ".join(raw_name.split())
    elif raw_name is not None and not isinstance(raw_name, str):
        invalid(doc, "name", f"`name` is a {type(raw_name).__name__}, not text; the file name was used")
    elif report_missing_name and not id_from_file:
        doc.problems.append(
            diag.make("missing-name", doc.file, doc.line, f"no `name`; using the file name `{doc.stem}`")
        )

    agent_id = (slug(doc.stem) or slug(name)) if id_from_file else (slug(name) or slug(doc.stem))
    display = name or doc.stem
    if name:
        for code, why in (("unsafe-name", unsafe(name)), ("confusable-name", confusable(name))):
            if why:
                doc.problems.append(
                    diag.make(code, doc.file, line_of(doc, "name"), f"name {name[:80]!r} {why}; id `{agent_id}`")
                )
    if not agent_id:
        agent_id = "agent-" + hashlib.sha1(doc.file.encode()).hexdigest()[:8]

    if description is None:
        description = text(doc, "description", join_lists=True)
    if not description:
        doc.problems.append(
            diag.make(
                "missing-description", doc.file, doc.line, "no `description`: nothing tells when to use this agent"
            )
        )
    if model is None:
        raw_model = doc.data.get("model", "")
        if isinstance(raw_model, list):  # Copilot: models tried in order
            raw_model = ", ".join(str(m) for m in raw_model if isinstance(m, (str, int)))
        if not isinstance(raw_model, str):
            invalid(doc, "model", "`model` is not text")
            raw_model = ""
        model = raw_model.strip()
    if tools is False:
        tools = tools_of(doc)
    color = doc.data.get("color", "")
    aliases = doc.data.get("aliases", ())
    if isinstance(aliases, str):
        aliases = [a.strip() for a in aliases.split(",")]
    aliases = (
        tuple(str(a).strip() for a in aliases if isinstance(a, (str, int)) and str(a).strip())
        if isinstance(aliases, (list, tuple))
        else ()
    )
    return Agent(
        id=agent_id,
        name=display,
        source=doc.file,
        description=description,
        model=model,
        tools=tools if tools is not True else None,
        color=color.strip() if isinstance(color, str) else "",
        format=fmt,
        aliases=aliases,
        meta=doc.data,
        body=doc.body if body is None else body,
        body_line=doc.body_line if body_line is None else body_line,
        page=agent_id,
        settings=settings(doc.data, meanings or {}),
        scope=scope,
        namespace=namespace,
    )


_UNSAFE = re.compile(r"[/\\<>\"`\x00-\x1f]|\.\.")
MAX_NAME_LENGTH = 100


def unsafe(name: str) -> str:
    """Why ``name`` cannot be used as written in a path or a page, or ''."""
    if _UNSAFE.search(name):
        return "holds path or markup characters"
    if len(name) > MAX_NAME_LENGTH:
        return f"is longer than {MAX_NAME_LENGTH} characters"
    return ""


def confusable(name: str) -> str:
    """Why ``name`` may pass for another agent's name, or ''."""
    scripts = set()
    for char in name:
        if char.isalpha():
            try:
                scripts.add(unicodedata.name(char).split(" ")[0])
            except ValueError:
                continue
    if len(scripts & {"LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE"}) > 1:
        return "mixes alphabets"
    folded = unicodedata.normalize("NFKC", name)
    if folded != unicodedata.normalize("NFC", name):
        return f"is written in look-alike characters (fullwidth, ligatures …) of {folded[:80]!r}"
    return ""
