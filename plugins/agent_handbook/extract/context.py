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
    """The relation kind named by the innermost heading or label that names one."""
    for title in reversed(context):
        for pattern, kind, incoming in SECTION_KINDS:
            if pattern.search(title):
                return kind, incoming
    return None


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
        position > 0 and re.fullmatch(r"(?:agents?|specialists?|who|use|invoke|call)", head)
    ):
        return DELEG, False
    if re.search(r"\b(?:owner|owned\s+by|handled\s+by|responsible|belongs\s+to)\b", head):
        return BOUND, False
    if re.search(r"\b(?:ask|consult|contact|collaborat|coordinat|partner|works?\s+with|with)\b", head):
        return COLLAB, False
    return None
