"""Relations in front matter: lists under relation keys, and keys that name a target.

``escalation: [tech-lead]``, ``coordination: {hands_off_to: [qa]}``,
``escalation_triggers: {to_backend_staff: ...}``, ``platform_engineer_handles: ...``.
"""

from __future__ import annotations

import re

from ..names import NameIndex, name_key
from ..read import MetaValue
from .cues import BOUND, COLLAB, DETAIL_FIELDS, ESC, KEY_KINDS, RECEIVE, TARGET_FIELDS, TOPIC_KEY, VERB_KINDS
from .names import could_be_name, role_target, role_words


def key_words(key: str) -> str:
    return " ".join(re.split(r"[_\-\s]+", key))


def _tokens(key: str) -> list[str]:
    return [t for t in re.split(r"[_\-\s.]+", key.lower()) if t]


def _kind_of_key(key: str) -> tuple[str, bool] | None:
    normal = "_".join(_tokens(key))
    for pattern, kind, incoming in KEY_KINDS:
        if pattern.search(normal):
            return kind, incoming
    return None


def parent_kind(path: tuple[str, ...]) -> tuple[str, bool] | None:
    for key in reversed(path):
        if key.startswith("["):
            continue
        found = _kind_of_key(key)
        if found:
            return found
    return None


def key_relation(key: str, parent: tuple[str, bool] | None) -> tuple[str, bool, list[str]] | None:
    """``to_backend_staff`` -> (parent kind, out, [backend, staff]); ``x_handles`` -> boundary."""
    words = _tokens(key)
    if len(words) < 2:
        return None
    if words[0] in {"to", "from", "with"} and len(words) > 1 and not could_be_name("-".join(words[1:])):
        return None
    if words[0] in {"to", "from", "with"}:
        if words[0] == "with":
            return COLLAB, False, words[1:]
        if parent is None:
            return None
        return parent[0], words[0] == "from", words[1:]
    if words[-1] in {"handles", "owns", "responsibilities", "scope", "domain", "focus", "owned"} and len(words) >= 2:
        return BOUND, False, words[:-1]
    for verbs, kind in VERB_KINDS:
        if words[0] in verbs:
            for i, word in enumerate(words[1:], start=1):
                if word in {"to", "with", "from", "into"} and i + 1 < len(words):
                    incoming = word == "from" or words[0] in RECEIVE
                    if kind == ESC and word == "from":
                        return ESC, True, words[i + 1 :]
                    return kind, incoming, words[i + 1 :]
            return None
    return None


def relation_container(path: tuple[str, ...]) -> tuple[str, bool, str] | None:
    """Whether a scalar at ``path`` sits in a relation list or structured entry.

    Returns (kind, incoming, field) where field is "name" (the value is a target),
    "item" (a list item: a target if it reads as names), "skip" (a structured field
    such as ``when`` that is read with its entry) or "text".
    """
    named = [p for p in path if not p.startswith("[")]
    if not named:
        return None
    last = named[-1].lower()
    in_list = path[-1].startswith("[")
    own = _kind_of_key(last) if last not in TARGET_FIELDS else None
    if own and TOPIC_KEY.search(last):
        return own[0], own[1], "topics"
    if in_list and own:
        return own[0], own[1], "item"
    if not in_list and own and len(named) >= 1 and key_relation(last, None) is None:
        return own[0], own[1], "item"
    if last in TARGET_FIELDS or last in DETAIL_FIELDS:
        parent = parent_kind(tuple(named[:-1]))
        if parent is None:
            return None
        if last in TARGET_FIELDS:
            return parent[0], parent[1], "name"
        return parent[0], parent[1], "skip"
    return None


def entry_siblings(path: tuple[str, ...], scalars: dict[tuple[str, ...], MetaValue]) -> tuple[int | None, str]:
    """Level and condition of a structured entry: the ``level``/``when`` beside ``to``."""
    parent = path[:-1]
    level: int | None = None
    condition = ""
    for field in ("level", "tier"):
        found = scalars.get(parent + (field,))
        if found is not None:
            digits = re.search(r"\d+", str(found.value))
            level = int(digits.group(0)) if digits else None
    for field in ("when", "condition", "trigger", "if", "reason", "label", "why"):
        found = scalars.get(parent + (field,))
        if found is not None:
            condition = str(found.value)[:200]
            break
    return level, condition


def looks_like_names(text: str, index: NameIndex, strict: bool = False) -> bool:
    """A list value that reads as agent names: ids, slugs or Title Case roles, not prose.

    ``strict`` (topic lists) accepts only agents of the team and role-like names.
    """
    parts = split_names(text)

    def one(part: str) -> bool:
        if index.resolve(part):
            return True
        if not could_be_name(name_key(part)):
            return False
        if strict:
            return role_target(re.split(r"[-_ ]+", part.lower()))
        return bool(re.fullmatch(r"[a-z][\w.-]{0,60}", part)) or role_words(part.split())

    return bool(parts) and all(one(p) for p in parts)


def split_names(text: str) -> list[str]:
    """The names of a list value: ``"debugger (production issues), qa-tester"`` -> both ids."""
    text = _ASIDE.sub("", text)
    return [p.strip().strip("`*\"'").lstrip("@") for p in re.split(r"[,;]|\s+and\s+", text) if p.strip()]


_ASIDE = re.compile(r"\s+\([^()]*\)")
