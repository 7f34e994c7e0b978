"""Where a line stands: its section's kind, its level, its table column, its wrapped lines."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from ..blocks import Line
from .cues import BOUND, COLLAB, DELEG, ESC, HAND, LEVEL, SECTION_KINDS
from .prose import clean


@lru_cache(maxsize=4096)
def section_kind(context: tuple[str, ...]) -> tuple[str, bool] | None:
    """The relation kind named by the innermost heading or label that names one.

    A title names its kind before any aside in brackets: under "## Hand-offs (escalate
    through tech-lead)" the lines are hand-offs; the aside counts only when the title
    itself names no kind ("## Notes (escalation)")."""
    for title in reversed(context):
        for text in (ASIDE.sub(" ", title), title) if "(" in title else (title,):
            found = _title_kind(text)
            if found is not None:
                return found
    return None


@lru_cache(maxsize=8192)
def _title_kind(title: str) -> tuple[str, bool] | None:
    """The relation kind one heading or label names (headings recur from file to file)."""
    for pattern, kind, incoming in SECTION_KINDS:
        if pattern.search(title):
            return kind, incoming
    return None


ASIDE = re.compile(r"\([^()]*\)")


@lru_cache(maxsize=4096)
def _level_in(text: str) -> int | None:
    match = LEVEL.search(text)
    return int(match.group(1)) if match else None


def level_of(texts: Iterable[str]) -> int | None:
    """The level named by the innermost text that names one ("### Level 2: ...")."""
    for text in reversed(tuple(texts)):
        level = _level_in(text)
        if level is not None:
            return level
    return None


def wrapped_units(lines: list[Line]) -> Iterator[tuple[Line, tuple[tuple[int, str], ...]]]:
    """Each line with the wrapped lines that continue it: (first line, ((line, text), ...))."""
    pending: Line | None = None
    more: list[tuple[int, str]] = []
    for line in lines:
        if line.continues and pending is not None and pending.kind in {"item", "para"}:
            more.append((line.number, line.text))
            continue
        if pending is not None:
            yield pending, tuple(more)
        pending, more = line, []
    if pending is not None:
        yield pending, tuple(more)


def strip_md(text: str) -> str:
    return " ".join(clean(text).replace("`", "").split())[:200]


_CONDITION = re.compile(r"\b(?:when|if|for|once|after|on)\b\s+(.{3,160}?)(?:[.;]|$)", re.IGNORECASE)


def condition_of(text: str) -> str:
    match = _CONDITION.search(clean(text))
    return " ".join(match.group(0).split()).rstrip(".;,:") if match else ""


def column_kind(header: str, position: int) -> tuple[str, bool] | None:
    head = strip_md(header).lower()
    if re.search(r"escalat|if\s+(?:it\s+)?fails|fallback", head) and position > 0:
        return ESC, False
    if re.search(r"hand\s*-?off|handoff|next\b|pass(?:es)?\s+to|downstream|output\s+to", head):
        return HAND, False
    if re.search(r"\b(?:from|upstream|input\s+from|receives)\b", head):
        return HAND, True
    if re.search(r"delegat|assign|route|dispatch", head) or (
        position > 0
        and re.fullmatch(
            r"(?:(?:target|responsible|recommended|primary|best|suggested)\s+)?(?:agents?|specialists?|subagents?|targets?|handlers?|who|use|invoke|call)",
            head,
        )
    ):
        return DELEG, False
    if re.search(r"\b(?:owner|owned\s+by|handled\s+by|responsible|belongs\s+to)\b", head):
        return BOUND, False
    if re.search(r"\b(?:ask|consult|contact|collaborat|coordinat|partner|works?\s+with|with)\b", head):
        return COLLAB, False
    return None


# --------------------------------------------------------------------------------------
# Text that describes no behaviour

#: Headings of sections that show what someone would say or write (an example output,
#: report or dialogue): what is said there is not what the agent does. Examples of the
#: agent's own behaviour ("## Routing Examples") are read.
_EXAMPLE_HEADING = re.compile(
    r"\b(?:example|sample|illustrative)\s+(?:outputs?|responses?|reports?|conversations?|dialogues?|interactions?|sessions?"
    r"|invocations?|usage|prompts?|requests?|results?|messages?|summar(?:y|ies)|transcripts?)\b"
    r"|\b(?:usage|invocation|conversation|dialogue|output|prompt)\s+examples?\b|\bexamples?\s+of\s+(?:usage|output)\b"
    r"|\b(?:agent|assistant|user|model|ai|claude|subagent)\s+(?:responses?|repl(?:y|ies)|prompts?|messages?|says)\b",
    re.IGNORECASE,
)
#: A section that is one example: "## Example", "### Example 2 – audit stale users",
#: "Example: Building a Tool" (what it shows is an illustration, not the agent's rules).
_ONE_EXAMPLE = re.compile(
    r"^(?:[\d.)\s]*)(?:an?\s+)?(?:examples?|sample)\b(?:\s*\d+)?\s*(?:$|[:–—-]|\()", re.IGNORECASE
)
#: Headings of templates to fill in (output formats, report skeletons, prompt templates).
_TEMPLATE_HEADING = re.compile(
    r"\btemplates?\b|\b(?:output|report|response|result|return|summary|hand-?off|final)\s+(?:format|structure|schema)s?\b"
    r"|\bformat\s+(?:of|for)\s+(?:the\s+)?(?:output|report|response)|\bexpected\s+output\b",
    re.IGNORECASE,
)
#: Headings of behaviour to avoid (anti-patterns, failure modes, mistakes): told as wrong.
_AVOID_HEADING = re.compile(
    r"\banti-?patterns?\b|\bfailure\s+modes?\b|\bmistakes\b|\bpitfalls\b|\bwhat\s+not\s+to\s+do\b|\bavoid\s+these\b"
    r"|\bbad\s+(?:examples?|practices?|patterns?)\b|\bdon'?ts\b|\bred\s+flags\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def text_mode(headings: tuple[str, ...], label: str = "") -> str:
    """How the lines under ``headings`` and a bold ``label`` speak: ``"example"`` (shown as
    an example), ``"avoid"`` (shown as wrong), ``"template"`` (a form to fill in) or ``""``.

    A label that names a relation speaks for the agent even under an example heading
    ("**When NOT to use debugger:**" after the examples of a description); a heading does not
    ("### Agent Assignments" inside "## Example" is part of the example)."""
    if label:
        mode = _title_mode(label)
        if mode or section_kind((label,)) is not None:
            return mode
    for title in reversed(headings):
        mode = _title_mode(title)
        if mode:
            return mode
    return ""


@lru_cache(maxsize=8192)
def _title_mode(title: str) -> str:
    if _AVOID_HEADING.search(title):
        return "avoid"
    if _EXAMPLE_HEADING.search(title) or _ONE_EXAMPLE.match(title):
        return "example"
    if _TEMPLATE_HEADING.search(title):
        return "template"
    return ""


_EXAMPLE_TAG = re.compile(r"</?(example|commentary)>", re.IGNORECASE)
#: A turn of an example dialogue: ``user: "…"``, ``Assistant: '…'``.
_TURN = re.compile(
    r"^\s*(?:[-*>]\s*)?(?:\*\*)?(?:user|assistant|human|ai|claude|model|customer)(?:\*\*)?\s*:\s*(?:\*\*)?\s*[\"'“‘]",
    re.IGNORECASE,
)


class Examples:
    """Removes example dialogue from text read line by line: ``<example>`` blocks, whose
    turns say what a user or the assistant might say, keep only their ``<commentary>``
    (which says which agent is used and why); lines that are a turn of dialogue go."""

    __slots__ = ("inside", "commentary")

    def __init__(self) -> None:
        self.inside = False
        self.commentary = False

    def readable(self, text: str) -> str:
        """The part of ``text`` that states behaviour (may be empty)."""
        if "<" not in text:
            if self.inside and not self.commentary:
                return ""
            return "" if not self.inside and _TURN.match(text) else text
        kept: list[str] = []
        position = 0
        for match in _EXAMPLE_TAG.finditer(text):
            if not self.inside or self.commentary:
                kept.append(text[position : match.start()])
            closing = match.group(0)[1] == "/"
            if match.group(1).lower() == "example":
                self.inside, self.commentary = not closing, False
            else:
                self.commentary = not closing and self.inside
            position = match.end()
        if not self.inside or self.commentary:
            kept.append(text[position:])
        out = " ; ".join(part.strip() for part in kept if part.strip())
        return "" if _TURN.match(out) else out


#: A cell left to fill in: "…", "...", "[name]", "<value>", "TBD".
_BLANK_CELL = re.compile(r"\s*(?:…|\.{3}|\[[^\]]*\]|<[^>]*>|tbd|todo|xxx|\?+|[-—–])?\s*", re.IGNORECASE)


def form_rows(lines: list[Line]) -> set[int]:
    """Line numbers of the rows of tables that are forms to fill in: a table with a row of
    blanks ("| … | … | … |") shows example rows, not the agent's own."""
    out: set[int] = set()
    table: list[Line] = []

    def close() -> None:
        if any(r.header and all(_BLANK_CELL.fullmatch(c) for c in r.cells) for r in table):
            out.update(r.number for r in table)
        table.clear()

    for line in lines:
        if line.kind == "row":
            if table and line.header and table[-1].header and line.header != table[-1].header:
                close()
            table.append(line)
        elif table:
            close()
    if table:
        close()
    return out


#: A level of a ladder that is the reader itself: "Level 3: Coordinator Review (You)".
_YOU_LEVEL = re.compile(r"\b(?:level|tier)\s*(\d{1,2})\b.*\((?:you|yourself|this agent|me)\)", re.IGNORECASE)


def own_level(lines: list[Line]) -> int | None:
    """The level of the file's escalation ladder that the agent itself holds, if one says so."""
    for line in lines:
        if line.kind in {"heading", "label"}:
            match = _YOU_LEVEL.search(line.text)
            if match:
                return int(match.group(1))
    return None
