"""What an agent says about itself: duties, exclusions, triggers and procedures.

Read from the section structure of the body (see :mod:`blocks`) and from the description.
Each fact keeps its line, so every view can quote where it came from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .blocks import Line
from .model import Agent
from .read import MetaValue

_DUTY_SECTION = re.compile(
    r"responsib|dut(?:y|ies)|what\s+(?:you|i|this\s+agent)\s+(?:do|own|handle)s?\b(?!\s+not)|you\s+own|"
    r"core\s+(?:directive|capabilit|function|competenc|focus|areas?)|key\s+(?:responsibilit|functions|areas|capabilit)|"
    r"primary\s+(?:responsibilit|objective|focus|role)|mission|capabilit|focus\s+areas?|specialt|expertise|"
    r"this\s+agent\s+handles|scope\b(?!\s+limit)|owns?\b|areas?\s+of\s+ownership|directives",
    re.IGNORECASE,
)
_NOT_SECTION = re.compile(
    r"\bnot\b|n't|never|out\s+of\s+scope|limitations?|boundar|exclu|avoid|anti-?pattern|forbidden|prohibit",
    re.IGNORECASE,
)
_EXCLUSION_SECTION = re.compile(
    r"do(?:es)?\s+not|don'?t|not\s+responsible|out\s+of\s+scope|does\s+not\s+handle|not\s+for\b|when\s+not\s+to|"
    r"boundar|limitations?|scope\s+limits?|never\s+do|not\s+my\s+job|outside\s+(?:your|my)\s+scope",
    re.IGNORECASE,
)
_TRIGGER_SECTION = re.compile(
    r"when\s+to\s+use|when\s+you\s+are\s+(?:called|invoked)|use\s+cases?|triggers?|auto-?invo|activation|invoke\s+when|"
    r"when\s+to\s+(?:call|invoke|engage)|use\s+this\s+agent",
    re.IGNORECASE,
)
_TRIGGER_SENTENCE = re.compile(
    r"\b(?:use\s+(?:this\s+agent|it|me|proactively|when|for|to)|invoke\s+(?:this|when|for)|must\s+be\s+used|"
    r"auto-?invoked|call\s+(?:this|me)\s+when|engage\s+(?:this|when)|best\s+for|ideal\s+for)\b",
    re.IGNORECASE,
)
_NOT_SENTENCE = re.compile(
    r"^\s*(?:not\s+for|do\s+not\s+use|don'?t\s+use|never\s+use|not\s+(?:to\s+be\s+)?used)\b", re.IGNORECASE
)
_CROSS = re.compile(r"^\s*(?:❌|✗|✘|🚫|⛔)\s*")
_CHECK = re.compile(r"^\s*(?:✅|✓|✔|☑)\s*")
_DECISION = re.compile(r"^\s*(?:if|when)\b(.{3,160}?)(?:→|->|=>|,\s*then\b|:\s)\s*(.{2,200})$", re.IGNORECASE)
_MARKUP = re.compile(r"\*\*|__|`|<[^>]{0,80}>")


@dataclass(frozen=True, slots=True)
class Fact:
    """One statement with its line; ``section`` is the heading it sits under."""

    text: str
    line: int
    section: str = ""

    def __reduce__(self):  # pickled by value: twice as fast to load (see parallel.py)
        return Fact, (self.text, self.line, self.section)


@dataclass(frozen=True, slots=True)
class Procedure:
    """Steps under one heading: numbered steps, a checklist, decision rules or a table."""

    title: str
    kind: str  # "steps", "checklist", "decisions", "table"
    line: int
    steps: tuple[Fact, ...]
    headings: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()

    def __reduce__(self):  # pickled by value: faster to load
        return Procedure, (self.title, self.kind, self.line, self.steps, self.headings, self.header, self.rows)


@dataclass
class Facts:
    duties: list[Fact] = field(default_factory=list)
    exclusions: list[Fact] = field(default_factory=list)
    triggers: list[Fact] = field(default_factory=list)
    procedures: list[Procedure] = field(default_factory=list)
    examples: int = 0


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def plain(text: str) -> str:
    """Text without Markdown emphasis, code ticks and tags, on one line."""
    if "[" in text:
        text = _LINK.sub(r"\1", text)
    return " ".join(_MARKUP.sub("", text).split())


def _sentences(text: str) -> list[str]:
    text = re.sub(r"<example>.*?</example>", " ", text, flags=re.IGNORECASE | re.DOTALL)
    text = re.sub(r"<[^>]{0,80}>", " ", text)
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])|\n+", text) if s.strip()]


def agent_facts(agent: Agent, lines: list[Line], values: Sequence[MetaValue]) -> Facts:
    """:func:`read_facts` with the description's line taken from the front matter."""
    line = next((v.line for v in values if v.path == ("description",)), 2)
    return read_facts(agent, lines, line)


def read_facts(agent: Agent, lines: list[Line], description_line: int = 2) -> Facts:
    """Duties, exclusions, triggers and procedures of one agent."""
    facts = Facts()
    facts.examples = len(re.findall(r"<example>", agent.description, re.IGNORECASE))
    for sentence in _sentences(agent.description):
        if _NOT_SENTENCE.search(sentence):
            facts.exclusions.append(Fact(plain(sentence), description_line, "description"))
        elif _TRIGGER_SENTENCE.search(sentence):
            facts.triggers.append(Fact(plain(sentence), description_line, "description"))

    for line in _join_continuations(lines):
        if line.kind in {"heading", "label", "row"} or line.in_example:
            continue
        kind, scoped = _section_kind(tuple(line.context))
        section = line.context[-1] if line.context else ""
        text = line.content if line.kind == "item" else line.text
        if _CROSS.match(text):
            if scoped:
                facts.exclusions.append(Fact(plain(_CROSS.sub("", text)), line.number, section))
            continue
        if line.kind != "item" or not kind:
            continue
        if kind == "exclusion" and _MIXED_SECTION.search(section):
            # "Dos and Don'ts": an item is an exclusion only when it says so itself.
            kind = "exclusion" if _DONT_ITEM.match(plain(text)) else "duty" if _DO_ITEM.match(plain(text)) else ""
            if not kind:
                continue
        clean = plain(_CHECK.sub("", text))
        if len(clean) < 4:
            continue
        {"exclusion": facts.exclusions, "trigger": facts.triggers, "duty": facts.duties}[kind].append(
            Fact(clean, line.number, section)
        )
    facts.procedures = read_procedures(lines)
    return facts


@lru_cache(maxsize=4096)
def _section_kind(headings: tuple[str, ...]) -> tuple[str, bool]:
    """What the items under these headings are ("exclusion", "trigger", "duty" or ""), and
    whether a ❌ line there is an exclusion (an exclusion, scope or boundary section)."""
    # Each section pattern matches inside one heading (none spans " / " or is anchored), so
    # the headings' path matches when one of its headings does: each heading is read once,
    # the same "## Responsibilities" in every file of a team.
    flags = [_heading_flags(h) for h in headings]
    exclusion, scope, trigger, duty, negative = (any(column) for column in zip(*flags)) if flags else (False,) * 5
    scoped = exclusion or scope
    if exclusion:
        return "exclusion", scoped
    if trigger and not (flags[-1][4] if flags else False):
        return "trigger", scoped
    if duty and not negative:
        return "duty", scoped
    return "", scoped


@lru_cache(maxsize=8192)
def _heading_flags(heading: str) -> tuple[bool, bool, bool, bool, bool]:
    """Which section patterns one heading matches: exclusion, scope, trigger, duty, not."""
    return (
        _EXCLUSION_SECTION.search(heading) is not None,
        _SCOPE_SECTION.search(heading) is not None,
        _TRIGGER_SECTION.search(heading) is not None,
        _DUTY_SECTION.search(heading) is not None,
        _NOT_SECTION.search(heading) is not None,
    )


_SCOPE_SECTION = re.compile(r"scope|boundar|limit", re.IGNORECASE)
#: A list of both: "Dos and Don'ts", "Do / Don't".
_MIXED_SECTION = re.compile(r"\bdo'?s\b.{0,12}\bdon'?ts?\b|\bdo\s*/\s*don'?t\b", re.IGNORECASE)
_DONT_ITEM = re.compile(r"^\s*(?:don'?t|do\s+not|never|avoid|no)\b", re.IGNORECASE)
_DO_ITEM = re.compile(r"^\s*(?:do|always)\b(?!\s+not)", re.IGNORECASE)


def _join_continuations(lines: list[Line]) -> list[Line]:
    """List items with their wrapped continuation lines joined on."""
    out: list[Line] = []
    more: list[str] = []

    def close() -> None:
        if more:
            last = out[-1]
            tail = " ".join(more)
            out[-1] = replace(last, content=f"{last.content} {tail}", text=f"{last.text} {tail}")
            more.clear()

    for line in lines:
        if line.continues and out and out[-1].kind in {"item", "para"}:
            more.append(line.text)
        else:
            close()
            out.append(line)
    close()
    return out


def read_procedures(lines: list[Line]) -> list[Procedure]:
    """Numbered steps, checklists, decision rules and tables, grouped by heading."""
    found: list[Procedure] = []
    current: list[Fact] = []
    kind = ""
    context: tuple[str, ...] = ()
    start = 0
    table_header: tuple[str, ...] = ()
    table_rows: list[tuple[str, ...]] = []

    def flush() -> None:
        nonlocal current, kind, table_rows, table_header
        if kind == "table" and table_rows:
            title = context[-1] if context else ""
            found.append(Procedure(title, "table", start, (), context, table_header, tuple(table_rows)))
        elif current and (len(current) >= 2 or kind == "decisions"):
            title = context[-1] if context else ""
            found.append(Procedure(title, kind, start, tuple(current), context))
        current, kind, table_rows, table_header = [], "", [], ()

    for line in _join_continuations(lines):
        if line.in_example:
            continue
        if line.kind in {"heading", "label"}:
            flush()
            context = line.context if line.kind == "label" else line.headings
            continue
        this_kind = ""
        text = line.content if line.kind == "item" else line.text
        if line.kind == "row":
            this_kind = "table" if line.header else ""
            if not line.header:
                flush()
                table_header, start, context, kind = line.cells, line.number, line.context, "table"
                continue
        elif line.kind == "item" and line.checkbox:
            this_kind = "checklist"
        elif line.kind == "item" and line.ordinal and line.indent < 4:
            this_kind = "steps"
        elif _DECISION.match(plain(_CROSS.sub("", text))) and not _CROSS.match(text):
            this_kind = "decisions"
        if not this_kind:
            if kind and kind != "table" and line.kind == "item" and line.indent >= 2 and current:
                continue  # a sub-point of the current step
            flush()
            continue
        if this_kind != kind or line.context != context and this_kind != "table":
            flush()
            kind, start, context = this_kind, line.number, line.context
        if this_kind == "table":
            table_rows.append(tuple(plain(c) for c in line.cells))
        else:
            current.append(Fact(plain(text), line.number, context[-1] if context else ""))
    flush()
    return found
