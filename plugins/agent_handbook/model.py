"""The data model shared by every stage of the pipeline.

Plain frozen dataclasses: nothing here knows about MkDocs, networkx or templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The five relation kinds, in the order views list them.
RELATION_KINDS: tuple[str, ...] = (
    "escalates_to",
    "hands_off_to",
    "collaborates_with",
    "delegates_to",
    "boundary_with",
)

#: Each kind's place in that order, for sorting.
KIND_ORDER: dict[str, int] = {kind: number for number, kind in enumerate(RELATION_KINDS)}

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")

#: How a relation was read, strongest first: ``stated`` (a structured field, or a cue such as
#: "escalate to" naming the target), ``inferred`` (the kind comes from the section, table
#: column or arrow the name stands in) or ``mention`` (a name with no cue: listed, never drawn).
STRENGTHS: tuple[str, ...] = ("stated", "inferred", "mention")
#: The kind given to a bare mention of another agent.
MENTIONS = "mentions"


@dataclass(frozen=True, slots=True, order=True)
class Evidence:
    """Where a fact was read: a file, a 1-based line and the quoted text."""

    file: str
    line: int
    text: str

    def __reduce__(self):  # pickled by value: twice as fast to load (workers send these)
        return Evidence, (self.file, self.line, self.text)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found in the agent files, with a stable code users can look up."""

    severity: str
    code: str
    file: str
    line: int
    message: str

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file, self.line, self.code, self.message)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity} {self.code}: {self.message}"


@dataclass(frozen=True, slots=True)
class Mention:
    """A relation statement found in one agent file, before names are resolved.

    ``source`` and ``target`` are raw names as written (``@devops-coordinator``,
    ``Tech Lead``, ``to_backend_staff``); ``None`` stands for the agent whose file it is.
    """

    kind: str
    target: str | None
    evidence: Evidence
    source: str | None = None
    level: int | None = None
    condition: str = ""
    #: How the name was written: "at", "code", "slug", "title", "key", "list", "role".
    style: str = "plain"
    #: What is handed over, for hand-offs ("deployment pipelines").
    what: str = ""
    #: How it was read: one of :data:`STRENGTHS`.
    strength: str = "stated"

    def __reduce__(self):
        fields = (
            self.kind,
            self.target,
            self.evidence,
            self.source,
            self.level,
            self.condition,
            self.style,
            self.what,
            self.strength,
        )
        return Mention, fields


@dataclass(frozen=True, slots=True)
class Relation:
    """One typed edge between two nodes, with every place that states it."""

    source: str
    kind: str
    target: str
    evidence: tuple[Evidence, ...]
    level: int | None = None
    condition: str = ""
    what: str = ""
    #: The strongest way any of its evidence was read (see :data:`STRENGTHS`).
    strength: str = "stated"
    #: What the team's corrections file says of it: "confirmed", "added" (stated by the team,
    #: read from no agent file) or "" (not corrected). See :mod:`agent_handbook.corrections`.
    team: str = ""
    #: The reason the corrections file gives, when ``team`` is set.
    reason: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.kind, self.target)


@dataclass(frozen=True, slots=True)
class ExternalRole:
    """A node that is not an agent of the team: a person, a group, or a missing agent.

    ``role`` is ``"human"`` for people and groups (the user, an engineering manager),
    ``"assistant"`` for the main assistant that runs the agents, and ``"missing"`` for a
    name written like an agent of the team that no file defines.
    """

    id: str
    name: str
    role: str

    @property
    def is_human(self) -> bool:
        return self.role == "human"


@dataclass(frozen=True, slots=True)
class Section:
    """A heading of an agent's body and the lines under it, code fences left out."""

    title: str
    level: int
    line: int
    #: Titles of the enclosing headings, outermost first, this one last.
    path: tuple[str, ...]
    #: (line number, text) of each non-blank line under the heading.
    lines: tuple[tuple[int, str], ...]


@dataclass(frozen=True, slots=True)
class Setting:
    """One field of an agent file as its tool reads it: the key, its value as text, and what
    it means (``permissionMode``, ``acceptEdits``, "how tool permissions are asked for")."""

    key: str
    value: str
    meaning: str


@dataclass(frozen=True, slots=True)
class Agent:
    """One agent definition file, read and normalised across formats."""

    id: str
    name: str
    source: str
    description: str = ""
    model: str = ""
    tools: tuple[str, ...] | None = None
    color: str = ""
    #: The format the file was read as (a name of :mod:`agent_handbook.formats`):
    #: "claude", "copilot", "opencode", "codex", "crewai", "cursor", "gemini", "factory", "kiro".
    format: str = "claude"
    aliases: tuple[str, ...] = ()
    #: The front matter as parsed (plain Python values), empty when unreadable.
    meta: dict = field(default_factory=dict, compare=False, hash=False)
    #: The Markdown body after the front matter.
    body: str = field(default="", compare=False, hash=False, repr=False)
    #: 1-based line number of the body's first line in the file.
    body_line: int = 1
    #: The agent's page name, unique in the handbook (differs from id only on clashes).
    page: str = ""
    #: The fields its tool reads, each with a short meaning, for the agent page.
    settings: tuple[Setting, ...] = ()
    #: Where the tool finds it: "project", "user" or "plugin" (see formats/scopes.py).
    scope: str = "project"
    #: The plugin (or other namespace) that ships it, kept in its id where names repeat.
    namespace: str = ""
