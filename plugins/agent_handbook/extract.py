"""Relation statements out of one agent file: front-matter keys and free prose.

The prose reader works one line (or table cell, or front-matter string) at a time:

1. find the *names* in the text: agents of the team in any spelling, ``@handles``,
   ```code``` names, Title Case roles ("Engineering Manager"), role abbreviations (PM,
   QA, IC4), ``the X agent``, the user;
2. replace each name by a placeholder, so a *cue* pattern ("coordinate with N",
   "escalate ... to N", "N's job", "distinct from N") reads the same whatever the names;
3. each cue gives a relation kind and direction to the names it governs; a line with
   names but no cue takes the kind of its section ("## Escalation", "**Hands off to:**")
   when the names lead the line.

Lines marked as bad examples (❌, "don't say") and negated cues ("never escalate to")
give nothing; code fences and HTML comments never reach this module.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from .blocks import Line
from .model import Agent, Evidence, Mention
from .names import (
    NOT_ROLES,
    ROLE_HEADS,
    NameIndex,
    is_role_acronym,
    name_key,
)
from .read import MetaValue

ESC, HAND, COLLAB, DELEG, BOUND = (
    "escalates_to",
    "hands_off_to",
    "collaborates_with",
    "delegates_to",
    "boundary_with",
)

# --------------------------------------------------------------------------------------
# Names in a line


@dataclass(slots=True)
class Name:
    """A name found in a line: its span in the cleaned text and how it was written."""

    start: int
    end: int
    written: str
    style: str
    agent: str | None  # resolved agent id, if the name is an agent of the team
    priority: int


_CODE = re.compile(r"`([^`\n]{1,80})`")
_AT = re.compile(r"(?<![\w@./])@([A-Za-z][\w-]*[A-Za-z0-9])")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*")
_TITLE_RUN = re.compile(
    r"(?<![\w-])[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?:[ ](?:[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*|of|and|&)){0,4}(?![\w-])"
)
_ACRONYM = re.compile(r"(?<![\w-])([A-Z]{2,5}|IC\d{1,2})(?:s|'s)?(?![\w-])")
# A slash joins names ("backend-dev/frontend-engineer") but not path parts ("docs/x-y.md").
_SLUG = re.compile(r"(?<![\w@.-])(?<!\w/)[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+(?![\w-]|\.\w|/[\w.-]*\.\w)")
_AGENT_PHRASE = re.compile(r"\b(the|a|an)\s+([A-Za-z][\w-]*)\s+(?:sub-?)?agent\b", re.IGNORECASE)
#: Hyphenated words that read like roles but are adjectives ("multi-agent", "cross-team").
_NOT_NAME_PREFIX = frozenset(
    [
        "multi",
        "cross",
        "non",
        "pre",
        "post",
        "sub",
        "co",
        "self",
        "single",
        "inter",
        "intra",
        "full",
        "semi",
        "anti",
        "all",
        "any",
        "every",
        "other",
        "real",
    ]
)
_NOT_NAME_SUFFIX = (
    "-focused",
    "-based",
    "-level",
    "-specific",
    "-related",
    "-driven",
    "-oriented",
    "-facing",
    "-ready",
    "-aware",
    "-wide",
    "-like",
    "-only",
    "-heavy",
    "-first",
)
# "users" (plural) are a product's end users, not the person the agents work for.
_USER = re.compile(r"(?<![\w.-])(?:the\s+)?(user|humans?)(?![\w-]|\.\w)", re.IGNORECASE)
_CLAUDE = re.compile(r"(?<![\w-])Claude(?![\w.-])")
_LOWER_ROLE = re.compile(
    r"\b(?:to|with|from|by|see|consult|ask|notify|involve|page|or|and|then):?\s+(?:the\s+)?((?:[a-z][a-z0-9]*(?:-[a-z0-9]+)*[ ]){1,2}(?:"
    + "|".join(sorted(h for h in ROLE_HEADS if h.isalpha()))
    + r"))(?![\w-])"
)
#: Single capitalised words that name a department or team ("Work with DevOps").
_DEPARTMENT = re.compile(
    r"(?<![\w-])(DevOps|SecOps|SRE|Security|Legal|Product|Design|Marketing|Sales|Support|Ops|Operations|Infra|"
    r"Infrastructure|Platform|Finance|Compliance|Engineering|Data|Research|Leadership|Management|Procurement|HR)(?![\w-])"
)
#: Slots that only an agent fills: "use X instead", "(see X)".
_AGENT_SLOT = re.compile(r"\b(?:use|try|see|ask)\s+([a-z][a-z0-9]*(?:[-_][a-z0-9]+)*)(?=\s+instead\b|\s*\))")
_POSSESSIVE_OWNER = re.compile(
    r"(?<![\w-])([A-Z][\w-]*(?:/[A-Z][\w-]*)*)'s\s+(?:job|responsibilit|domain|area|role|call|territory|remit|scope|concern|lane|turf|purview|specialt)"
)

#: Words that cannot start a Title Case role: cue verbs, prepositions, sentence openers.
_TITLE_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "with",
        "from",
        "for",
        "by",
        "of",
        "on",
        "in",
        "at",
        "and",
        "or",
        "see",
        "use",
        "ask",
        "escalate",
        "escalates",
        "escalation",
        "hand",
        "hands",
        "handoff",
        "handoffs",
        "handing",
        "off",
        "coordinate",
        "coordinates",
        "coordination",
        "collaborate",
        "collaborates",
        "collaboration",
        "work",
        "works",
        "working",
        "pair",
        "pairs",
        "delegate",
        "delegates",
        "delegation",
        "assign",
        "assigns",
        "assignment",
        "route",
        "routes",
        "consult",
        "consults",
        "contact",
        "notify",
        "inform",
        "involve",
        "engage",
        "invoke",
        "call",
        "spawn",
        "launch",
        "request",
        "report",
        "reports",
        "raise",
        "send",
        "sends",
        "pass",
        "passes",
        "provide",
        "provides",
        "deliver",
        "delivers",
        "submit",
        "return",
        "returns",
        "level",
        "step",
        "action",
        "when",
        "if",
        "then",
        "your",
        "you",
        "our",
        "their",
        "this",
        "that",
        "these",
        "those",
        "each",
        "every",
        "any",
        "all",
        "other",
        "when",
        "where",
        "who",
        "what",
        "which",
        "why",
        "how",
        "do",
        "does",
        "not",
        "never",
        "always",
        "primary",
        "secondary",
        "final",
        "first",
        "next",
        "previous",
        "senior",
        "junior",
        "lead",
        "cross",
        "team",
        "teams",
        "both",
        "either",
        "per",
        "via",
        "into",
        "onto",
    ]
)
#: Words that make a lower-case "X engineer" generic rather than a role name.
_GENERIC = frozenset(
    [
        "other",
        "another",
        "relevant",
        "appropriate",
        "right",
        "correct",
        "proper",
        "best",
        "same",
        "next",
        "previous",
        "specific",
        "dedicated",
        "respective",
        "relevant",
        "available",
        "any",
        "each",
        "every",
        "all",
        "some",
        "one",
        "two",
        "multiple",
        "various",
        "several",
        "corresponding",
        "assigned",
        "responsible",
        "original",
        "calling",
        "parent",
        "primary",
        "current",
        "new",
        "given",
        "external",
        "internal",
        "human",
        "domain",
        "qualified",
        "designated",
        "specialized",
        "specialised",
        "individual",
        "particular",
        "subject",
        "certain",
        "main",
        "requesting",
        "invoking",
        "delegating",
        "originating",
        "orchestrating",
        "coordinating",
        "general",
        "its",
        "their",
        "your",
        "our",
        "my",
        "his",
        "her",
        "whose",
        "whoever",
        "someone",
        "anyone",
        "everyone",
        "nobody",
    ]
)
_PLACEHOLDERS = frozenset({"name", "agent", "agent-name", "specialist-name", "specialist", "x", "y", "someone"})


_WORDS = re.compile(r"[a-z0-9]+")
#: Lower-case words that can start or end a name that is not an agent of the team.
_SIGNAL_WORDS = frozenset(
    {h for h in ROLE_HEADS if h.isalpha()}
    | {"user", "users", "human", "humans", "claude", "instead"}
    | {
        w.lower()
        for w in [
            "DevOps",
            "SecOps",
            "SRE",
            "Security",
            "Legal",
            "Product",
            "Design",
            "Marketing",
            "Sales",
            "Support",
            "Ops",
            "Operations",
            "Infra",
            "Infrastructure",
            "Platform",
            "Finance",
            "Compliance",
            "Engineering",
            "Data",
            "Research",
            "Leadership",
            "Management",
            "Procurement",
            "HR",
        ]
    }
)
_UPPER = re.compile(r"\b(?:[A-Z]{2,5}|IC\d{1,2})s?\b")
_OWNER = re.compile(r"[A-Z][\w-]*'s\b")


def may_name(text: str, index: NameIndex) -> bool:
    """A cheap test: can ``text`` name anyone at all? Most lines cannot, and are skipped
    before the dozen patterns of :func:`find_names` run on them."""
    if "@" in text or "`" in text or "(see" in text:
        return True
    words = _WORDS.findall(text.lower())
    if not _SIGNAL_WORDS.isdisjoint(words) or not index.first_words.isdisjoint(words):
        return True
    if "'s" in text and _OWNER.search(text):
        return True
    return any(is_role_acronym(w.rstrip("s")) for w in _UPPER.findall(text))


def find_names(text: str, index: NameIndex) -> tuple[list[Name], str]:
    """Names in ``text`` (non-overlapping, left to right) and the text with code masked."""
    found: list[Name] = []
    # Each pattern runs only when the line holds what it needs (most lines hold little).
    lower = text.lower()
    words = set(_WORDS.findall(lower))
    has_role = not _HEAD_WORDS.isdisjoint(words)
    has_upper = text != lower
    if "`" in text:
        text = _code_names(text, index, found)
    if "@" in text:
        _at_names(text, index, found)
    present = index.first_words & words
    if present:
        _known_names(text, index, found, present)
    if "agent" in lower:
        _agent_phrases(text, index, found)
    if not _USER_WORDS.isdisjoint(words):
        for match in _USER.finditer(text):
            if _MODIFIER.match(text, match.end()):
                continue
            found.append(Name(match.start(), match.end(), "user", "user", index.resolve(match.group(1)), 6))
    if "Claude" in text:
        for match in _CLAUDE.finditer(text):
            found.append(Name(match.start(), match.end(), "Claude", "assistant", index.resolve("claude"), 6))
    if "'s" in text:
        _owner_names(text, index, found)
    if has_upper and has_role:
        _title_names(text, index, found)
    if has_upper and not _DEPARTMENT_WORDS.isdisjoint(words):
        for match in _DEPARTMENT.finditer(text):
            if match.start() > 0 and not _MODIFIER.match(text, match.end()):
                word = match.group(1)
                found.append(Name(match.start(), match.end(), word, "title", index.resolve_head(word), 3))
    if "instead" in words or ")" in text:
        for match in _AGENT_SLOT.finditer(text):
            word = match.group(1)
            if _could_be_name(name_key(word)):
                found.append(Name(match.start(1), match.end(1), word, "slug", index.resolve(word), 3))
    if has_upper:
        for match in _ACRONYM.finditer(text):
            token = match.group(1)
            if is_role_acronym(token) and not _MODIFIER.match(text, match.end()):
                found.append(Name(match.start(1), match.end(1), token, "title", index.resolve_head(token), 3))
    if has_role and ("-" in text or "_" in text):
        for match in _SLUG.finditer(text):
            written = match.group(0)
            last = _DASHES.split(written)[-1]
            if last in ROLE_HEADS and _could_be_name(name_key(written)):
                found.append(Name(match.start(), match.end(), written, "slug", index.resolve(written), 2))
    if has_role:
        _lower_roles(text, index, found)
    return _non_overlapping(found), text


_DASHES = re.compile(r"[-_]")
_HEAD_WORDS = frozenset(h for h in ROLE_HEADS if h.isalpha())
_USER_WORDS = frozenset({"user", "human", "humans"})
_DEPARTMENT_WORDS = frozenset(
    [
        "devops",
        "secops",
        "sre",
        "security",
        "legal",
        "product",
        "design",
        "marketing",
        "sales",
        "support",
        "ops",
        "operations",
        "infra",
        "infrastructure",
        "platform",
        "finance",
        "compliance",
        "engineering",
        "data",
        "research",
        "leadership",
        "management",
        "procurement",
        "hr",
    ]
)


def _code_names(text: str, index: NameIndex, found: list[Name]) -> str:
    """Inline code: a name if it reads as one, otherwise blanked so nothing inside counts."""
    chars = list(text)
    for match in _CODE.finditer(text):
        inner = match.group(1).strip()
        agent = index.resolve(inner)
        if agent or (_looks_like_slug(inner) and _role_target(re.split(r"[-_]+", inner.lower().lstrip("@")))):
            found.append(Name(match.start(), match.end(), inner, "code", agent, 9))
        else:
            for i in range(match.start(), match.end()):
                chars[i] = " "
    return "".join(chars)


def _at_names(text: str, index: NameIndex, found: list[Name]) -> None:
    for match in _AT.finditer(text):
        handle = match.group(1)
        if name_key(handle) in _PLACEHOLDERS or name_key(handle).endswith("-name"):
            continue
        found.append(Name(match.start(), match.end(), handle, "at", index.resolve(handle), 9))


def _agent_phrases(text: str, index: NameIndex, found: list[Name]) -> None:
    for match in _AGENT_PHRASE.finditer(text):
        word = match.group(2)
        key = name_key(word)
        agent = index.resolve(word)
        if not agent and (match.group(1).lower() != "the" or not _could_be_name(key)):
            continue
        found.append(Name(match.start(2), match.end(), word, "agent", agent, 7))


def _owner_names(text: str, index: NameIndex, found: list[Name]) -> None:
    for match in _POSSESSIVE_OWNER.finditer(text):
        for part_match in re.finditer(r"[^/]+", match.group(1)):
            part = part_match.group(0)
            start = match.start(1) + part_match.start()
            found.append(Name(start, start + len(part), part, "title", index.resolve(part), 5))


def _title_names(text: str, index: NameIndex, found: list[Name]) -> None:
    for match in _TITLE_RUN.finditer(text):
        words = match.group(0).split(" ")
        while words and words[0].lower() in _TITLE_STOP:
            words = words[1:]
        while words and words[-1] in {"of", "and", "&"}:
            words.pop()
        if len(re.split(r"[ -]", " ".join(words))) < 2 and not index.resolve(" ".join(words)):
            continue
        if not _role_words(words):
            continue
        written = " ".join(words)
        start = text.index(written, match.start())
        agent = index.resolve(written)
        if not agent and _MODIFIER.match(text, start + len(written)):
            continue
        found.append(Name(start, start + len(written), written, "title", agent, 4))


def _lower_roles(text: str, index: NameIndex, found: list[Name]) -> None:
    for match in _LOWER_ROLE.finditer(text):
        phrase = match.group(1)
        words = phrase.split(" ")
        if (
            words[0] in _GENERIC
            or words[0] in _TITLE_STOP
            or any(w in {"the", "a", "an", "of", "and", "or"} for w in words)
        ):
            continue
        agent = index.resolve(phrase)
        if not agent and _MODIFIER.match(text, match.end(1)):
            continue
        found.append(Name(match.start(1), match.end(1), phrase, "role", agent, 1))


#: An abbreviation followed by a noun is a modifier ("QA sign-off", "SRE processes").
_SUBJECT_VERBS = (
    "is|are|was|will|can|should|must|may|might|would|could|owns|handles|decides|approves|reviews|leads|"
    "monitors|implements|creates|builds|provides|validates|verifies|uses|runs|writes|designs|maintains|"
    "manages|takes|sends|receives|gets|does|performs|analy[sz]es|investigates|identifies|finds|defines|"
    "coordinates|escalates|delegates|assigns|ensures|checks|tests|deploys|fixes|tracks|documents|signs|"
    "responds|evaluates|conducts|sets|establishes|executes|focuses|specializes|specialises|covers|works|"
    "wants|requires|asks|reports|returns|answers|supports|owns|operates|produces|delivers|plans|drafts|"
    r"prepares|reads|approves|merges|ships|hands|passes|picks|triages|routes|decides|gives|makes|needs\s+to"
)
#: An abbreviation or role followed by a noun is a modifier ("QA sign-off", "SRE processes"),
#: unless the next word is a verb ("Platform-Engineer monitors production").
_MODIFIER = re.compile(
    r"(?:'s)?\s+(?!(?:to|for|on|when|if|and|or|about|before|after|in|at|with|as|so|that|who|which|regarding|"
    r"during|first|directly|early|immediately|" + _SUBJECT_VERBS + r")\b)[a-z][a-z-]+"
)


def _could_be_name(key: str, title: bool = False) -> bool:
    """Whether an unknown name can name an agent (not an adjective, product or generic).

    ``title`` is for Title Case phrases, where a product as first word makes a product
    ("React DevTools Profiler"); a slug like ``docker-expert`` is still an agent's name.
    """
    if not key or key in NOT_ROLES or key in _GENERIC or key in _TITLE_STOP or key in _PLACEHOLDERS:
        return False
    first = key.split("-")[0]
    if title and first in NOT_ROLES:
        return False
    return first not in _NOT_NAME_PREFIX and first not in _GENERIC and not key.endswith(_NOT_NAME_SUFFIX)


def _looks_like_slug(text: str) -> bool:
    return bool(re.fullmatch(r"@?[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+", text))


def _role_words(words: list[str]) -> bool:
    last = _DASHES.split(words[-1])[-1]
    if last.lower() in ROLE_HEADS:
        title = len(words) > 1 or words[0][:1].isupper()
        return _could_be_name(name_key(" ".join(words)), title=title)
    return False


def _known_names(text: str, index: NameIndex, found: list[Name], present: set[str]) -> None:
    """Agents of the team written in any spelling, longest run of words first.

    ``present`` holds the first words of agent names that occur in the line; only their
    occurrences are examined, reading the following words from there.
    """
    lower = text.lower()
    starts: set[int] = set()
    for word in present:
        position = lower.find(word)
        while position != -1:
            if position == 0 or not (lower[position - 1].isalnum() or lower[position - 1] in "-_"):
                starts.add(position)
            position = lower.find(word, position + 1)
    covered = -1
    for start in sorted(starts):
        if start < covered:
            continue
        first = _TOKEN.match(text, start)
        if first is None or first.group(0).lower().replace("_", "-").split("-")[0] not in index.first_words:
            continue
        end = first.end()
        # A token glued to a file extension or path is not a name (agent-coordination.md).
        if end + 1 < len(text) and text[end] == "." and text[end + 1].isalnum():
            continue
        if start > 0 and text[start - 1] in "/.\\" and not (text[start - 1] == "/" and _is_name_slash(text, start)):
            continue
        ends = [end]
        # Words of one name are separated by single spaces only.
        while len(ends) < index.max_words and end < len(text) and text[end] == " ":
            following = _TOKEN.match(text, end + 1)
            if following is None:
                break
            end = following.end()
            ends.append(end)
        for stop in reversed(ends):
            written = text[start:stop]
            agent = index.resolve(written)
            if agent:
                found.append(Name(start, stop, written, "known", agent, 8))
                covered = stop
                break


def _is_name_slash(text: str, start: int) -> bool:
    """``IC4/IC5``: a slash between two names, not a path (``docs/x.md``)."""
    left = text[:start].rsplit(" ", 1)[-1]
    return "." not in left and not left.startswith("/")


def _non_overlapping(found: list[Name]) -> list[Name]:
    found.sort(key=lambda n: (n.start, -n.priority, -(n.end - n.start)))
    kept: list[Name] = []
    for name in found:
        if kept and name.start < kept[-1].end:
            last = kept[-1]
            if name.priority > last.priority and name.end >= last.end:
                kept[-1] = name
            continue
        kept.append(name)
    return kept


# --------------------------------------------------------------------------------------
# Cues

_OPEN, _CLOSE = "\ue000", "\ue001"
_OBJ = _OPEN + r"\d+" + _CLOSE
_DET = r"(?:(?:the|our|your|their|an?|with)\s+)?"
# Between names of one list: "A, B and C", "A or B", "A/B", "A + B", and a short purpose
# phrase after a name ("api-designer for specifications and frontend-engineer").
_SEP = (
    r"(?:(?:\s+(?:for|on|about|regarding|around|when|if|in|during)\s+[^\ue000.;:!?()]{1,50}?|\s*\([^()\ue000]{0,60}\))?"
    r"(?:\s*,\s*(?:and\s+|or\s+|and/or\s+|then\s+)?|\s+(?:and|or|and/or|as\s+well\s+as|plus|then)\s+|\s*[/+&]\s*))"
    + _DET
)
_LIST = "(?P<list>" + _OBJ + "(?:" + _SEP + _OBJ + ")*)"
_FILL = r"[^\ue000.;!?]{0,80}?"
# A filler that is not a review or an approval ("gets a review from N" is no hand-off).
_FILL_NOT_REVIEW = (
    r"(?:(?!review|feedback|approval|sign-?off|help|guidance|advice|input|go-ahead|answer)[^\ue000.;!?]){0,80}?"
)
_AGENT_WORD = r"(?:\s+(?:sub-?)?agents?)?"


@dataclass(frozen=True, slots=True)
class Cue:
    kind: str
    pattern: re.Pattern[str]
    incoming: bool = False
    #: "subject": the names are the subject of the cue (``N's job``, ``N handles``).
    role: str = "object"
    #: Cue words that a third-party "use X" in an <example> must not turn into delegation.
    router_only: bool = False
    #: Lower-case fragments the text must hold for the pattern to have a chance (a fast
    #: substring test before the regex); empty when any text may match.
    needles: tuple[str, ...] = ()


def _cue(kind: str, pattern: str, **kw: object) -> Cue:
    return Cue(kind, re.compile(pattern, re.IGNORECASE), **kw)  # type: ignore[arg-type]


CUES: tuple[Cue, ...] = (
    # escalation, incoming first so "escalations from X" is not read as outgoing
    _cue(
        ESC, r"\b(?:receiv\w*|handl\w*|accept\w*|tak\w*)\s+escalations?\s+(?:from|by)\s+" + _DET + _LIST, incoming=True
    ),
    _cue(ESC, r"\bescalat(?:ions?|ed)\s+(?:to\s+(?:you|me)\s+)?(?:from|by)\s+" + _DET + _LIST, incoming=True),
    _cue(ESC, r"\b(?:escalat\w*|escalation\s+path)\b" + _FILL + r"(?:\bto|\bwith|:|→|->)\s*:?\s*" + _DET + _LIST),
    _cue(ESC, r"\b(?:raise|flag|bubble|kick|push)\w*\b(?:\s+[\w-]+){0,4}?\s+(?:up\s+)?(?:to|with)\s+" + _DET + _LIST),
    # "reports to N" as a verb only: at a clause start or after a pronoun ("a deployment report to N" is a hand-off).
    _cue(
        ESC,
        r"(?:^|[.;:,(]\s*|\b(?:and|then|also|you|it|who|which|that|always|directly)\s+)reports?\s+(?:directly\s+|up\s+)?to\s+"
        + _DET
        + _LIST,
    ),
    _cue(
        ESC,
        r"\b(?:approval|sign-?off|go-ahead|authori[sz]ation|decisions?|help|guidance|direction)\s+(?:from|by)\s+"
        + _DET
        + _LIST,
    ),
    _cue(ESC, r"\b(?:go(?:es|ing)?|turn(?:s|ing)?|come(?:s|ing)?)\s+back\s+to\s+" + _DET + _LIST),
    _cue(
        ESC,
        r"\b(?:take|takes|taking|bring|brings|bringing)\s+(?:it|this|that|them|the\s+[\w-]+)\s+(?:up\s+)?to\s+"
        + _DET
        + _LIST,
    ),
    _cue(ESC, r"\b(?:bring|brings|bringing|pull|pulls|call|calls)\s+in\s+" + _DET + _LIST),
    # "page N" as a verb: at a clause start or after a pronoun or modal ("the landing page the user sees" is not).
    _cue(
        ESC,
        r"(?:^|[.;:,(]\s*|\b(?:and|then|immediately|must|should|will|you|to|always)\s+)pag(?:e|es|ing)\s+"
        + _DET
        + _LIST,
    ),
    _cue(
        ESC,
        _LIST
        + r"\s+(?:must|should|has\s+to|have\s+to|needs?\s+to)\s+(?:approve|sign\s+off|decide|confirm|authori[sz]e)",
        role="subject",
    ),
    _cue(ESC, r"\b(?:seek|get|obtain|request)\w*\s+(?:approval|sign-?off|a\s+decision)\s+(?:from\s+)?" + _DET + _LIST),
    # boundaries
    _cue(BOUND, r"\b(?:distinct|different|separate|separated)\s+from\s+" + _DET + _LIST),
    _cue(
        BOUND,
        r"\b(?:unlike|versus|vs\.?|as\s+opposed\s+to|instead\s+of|rather\s+than|not\s+to\s+be\s+confused\s+with)\s+"
        + _DET
        + _LIST,
    ),
    _cue(
        BOUND,
        _LIST
        + r"'s\s+(?:job|responsibilit\w*|domain|area|role|call|territory|remit|scope|concern|problem|lane|turf|purview|specialt\w*|expertise)",
        role="subject",
    ),
    _cue(
        BOUND,
        r"\b(?:handled|owned|covered|managed|addressed|taken\s+care\s+of|the\s+responsibility\s+of|the\s+domain\s+of)\s+by\s+"
        + _DET
        + _LIST,
    ),
    _cue(BOUND, r"\bbelongs?\s+(?:to|with)\s+" + _DET + _LIST),
    _cue(BOUND, r"\b(?:sits?|lies|lie|rests?|stays?|remains?|lives?)\s+with\s+" + _DET + _LIST),
    _cue(
        BOUND,
        r"\b(?:is|are)\s+" + _DET + _LIST + r"'s(?=\s*(?:$|[.;:,)]|\s+(?:job|call|area|problem|to\b)))",
        role="subject",
    ),
    _cue(
        BOUND,
        r"\b(?:that|which)\s+"
        + _LIST
        + r"\s+(?:maintains|manages|runs|operates|owns|handles|covers|decides|controls|is\s+responsible\s+for)\b",
        role="subject",
    ),
    _cue(BOUND, r"\(\s*(?:see|ask|use|try)\s+(?:also\s+)?" + _DET + _LIST),
    _cue(BOUND, r"\b(?:defer\w*|refer\w*|redirect\w*|leave\w*)\b" + _FILL + r"\bto\s+" + _DET + _LIST),
    _cue(BOUND, r"\buse\s+" + _DET + _LIST + _AGENT_WORD + r"\s+instead\b"),
    _cue(
        BOUND,
        _LIST
        + _AGENT_WORD
        + r",?\s+(?:which|who|that)?\s*(?:handles|owns|covers|is\s+responsible\s+for|takes\s+care\s+of|is\s+in\s+charge\s+of)\b",
        role="subject",
    ),
    _cue(
        BOUND,
        r"\b(?:that|which)\s+" + _LIST + r"\s+(?:can|should|will|could|would|must)\s+(?:handle|own|cover|take|do)\b",
        role="subject",
    ),
    _cue(
        BOUND, r"\bwhile\s+" + _LIST + _AGENT_WORD + r"\s+(?:handles|owns|covers|focuses\s+on|does)\b", role="subject"
    ),
    # delegation
    _cue(
        DELEG,
        r"\b(?:assigned|delegated|dispatched|routed|invoked|spawned|launched|summoned)\s+(?:to\s+(?:you|me)\s+)?by\s+"
        + _DET
        + _LIST,
        incoming=True,
    ),
    _cue(DELEG, r"\bdelegat\w*\b" + _FILL + r"(?:\bto|:)\s*:?\s*" + _DET + _LIST),
    _cue(DELEG, r"\bassign\w*\b" + _FILL + r"(?:\bto|:)\s*:?\s*" + _DET + _LIST),
    _cue(DELEG, r"\b(?:route|dispatch|allocate|outsource)\w*\b" + _FILL + r"\bto\s+" + _DET + _LIST),
    _cue(
        DELEG,
        r"\b(?:use|uses|using|invoke\w*|call|calls|calling|spawn\w*|launch\w*|dispatch\w*|engag\w*|request\w*|employ\w*|summon\w*|trigger\w*|activat\w*|include|includes|deploy|deploys)\s+"
        + _DET
        + _LIST,
        router_only=True,
    ),
    # hand-offs: incoming first ("receives X from N")
    _cue(
        HAND,
        r"\b(?:receiv\w*|gets?|getting|accept\w*|takes?|taking|obtain\w*|consum\w*|picks?\s+up)\b"
        + _FILL_NOT_REVIEW
        + r"\bfrom\s+"
        + _DET
        + _LIST,
        incoming=True,
    ),
    _cue(
        HAND,
        r"\b(?:inputs?|outputs?|hand-?offs?|specs?|specifications?|designs?|requirements|artifacts?|deliverables?|results|findings|reports?|plans?|blueprints?|tickets?|briefs?|work)\s+(?:from|by)\s+"
        + _DET
        + _LIST,
        incoming=True,
    ),
    _cue(HAND, r"\b(?:invoked|called|used|runs?|comes?|works?)\s+after\s+" + _DET + _LIST, incoming=True),
    _cue(
        HAND,
        _LIST
        + r"'s\s+(?:acceptance\s+criteria|specs?|specifications?|requirements|designs?|mock-?ups?|wireframes?|outputs?|plans?|findings|reports?|blueprints?|tickets?|briefs?|hand-?offs?|deliverables?|artifacts?|analysis|contracts?)\b",
        incoming=True,
        role="subject",
    ),
    _cue(HAND, r"\b(?:invoked|called|used|runs?|comes?)\s+before\s+" + _DET + _LIST),
    _cue(HAND, r"\bhand(?:s|ed|ing)?[\s-]*(?:\w+\s+){0,2}?off\b" + _FILL + r"(?:\bto|:)\s*:?\s*" + _DET + _LIST),
    _cue(HAND, r"\bhand-?offs?\b\s*(?:to|:|→|->)\s*:?\s*" + _DET + _LIST),
    _cue(HAND, r"\bhand(?:s|ed|ing)?\b" + _FILL + r"\bover\s+to\s+" + _DET + _LIST),
    _cue(
        HAND,
        r"\b(?:pass|provid|deliver|send|submit|forward|feed|return|transfer|ship|publish|suppl|give|hand|output|produc|prepar|writ|creat|document)\w*\b"
        + _FILL
        + r"\b(?:to|into)\s+"
        + _DET
        + _LIST
        + r"(?=(?:'s)?\s*(?:$|[.;:,)]|\s+(?:for|to|so|when|before|after|as|in|on|with|who|which|that|and)\b))",
    ),
    # collaboration
    _cue(COLLAB, r"\bcommunicat\w*\b" + _FILL + r"\b(?:to|with)\s+" + _DET + _LIST),
    _cue(
        COLLAB,
        r"\b(?:coordinat|collaborat|work|partner|pair|sync|liais|align|team|cooperat|interfac|consult|check|confer|iterat|interact|meet|talk|integrat|plan|review|discuss|agree|negotiat|verif|confirm|validat|brainstorm|co-?own|share)\w*\b"
        + _FILL
        + r"\b(?:with|alongside)\s+"
        + _DET
        + _LIST,
    ),
    _cue(COLLAB, r"\bconsult(?:s|ed|ing)?\s+(?:with\s+)?" + _DET + _LIST),
    _cue(COLLAB, r"\b(?:in\s+)?parallel\s+(?:with|to)\s+" + _DET + _LIST),
    _cue(
        COLLAB,
        r"\b(?:alongside|together\s+with|jointly\s+with|in\s+(?:collaboration|coordination|partnership|concert|tandem)\s+with)\s+"
        + _DET
        + _LIST,
    ),
    _cue(
        COLLAB,
        r"\b(?:ask|asks|asking|loop\s+in|involve\w*|notify\w*|inform\w*|update|updates|keep|cc|ping|sync|brief|briefs|briefing|tell|tells|telling|alert|alerts)\s+"
        + _DET
        + _LIST,
    ),
    _cue(COLLAB, r"\b(?:feedback|advice|input|support|expertise|review)\s+(?:from|of)\s+" + _DET + _LIST),
    # Last resort: any other "... with N" ("Gate releases with QA", "clarify with PM").
    _cue(
        COLLAB,
        r"(?<!\bstart )(?<!\bbegin )(?<!\bcompare )(?<!\bcompared )(?<!\breplace )(?<!\bconfused )(?<!\bconflict )(?<!\bconflicts )(?<!\boverlap )(?<!\boverlaps )\bwith\s+"
        + _DET
        + _LIST,
    ),
)

# What each cue above needs to find in the text, in the same order.
_NEEDLES: tuple[tuple[str, ...], ...] = (
    ("escalation",),
    ("escalat",),
    ("escalat",),
    ("raise", "flag", "bubble", "kick", "push"),
    ("report",),
    ("approval", "sign", "go-ahead", "authori", "decision", "help", "guidance", "direction"),
    ("back",),
    ("take", "taking", "bring"),
    ("bring", "pull", "call"),
    ("pag",),
    ("must", "should", "has to", "have to", "need"),
    ("seek", "get", "obtain", "request"),
    ("from",),
    ("unlike", "versus", "vs", "opposed", "instead", "rather", "confused"),
    ("'s",),
    (" by",),
    ("belong",),
    (" with",),
    ("'s",),
    ("that", "which"),
    ("(",),
    ("defer", "refer", "redirect", "leave"),
    ("instead",),
    ("handles", "owns", "covers", "responsible", "care", "charge"),
    ("that", "which"),
    ("while",),
    (" by",),
    ("delegat",),
    ("assign",),
    ("route", "dispatch", "allocate", "outsource"),
    (
        "use",
        "call",
        "invok",
        "spawn",
        "launch",
        "dispatch",
        "engag",
        "request",
        "employ",
        "summon",
        "trigger",
        "activat",
        "include",
        "deploy",
    ),
    ("from",),
    ("from", " by"),
    ("after",),
    ("'s",),
    ("before",),
    ("off",),
    ("hand",),
    ("over",),
    (),
    ("communicat",),
    ("with", "alongside"),
    ("consult",),
    ("parallel",),
    ("alongside", "together", "jointly", " in "),
    ("ask", "loop", "involve", "notif", "inform", "update", "keep", "cc", "ping", "sync", "brief", "tell", "alert"),
    ("from", " of"),
    ("with",),
)
assert len(_NEEDLES) == len(CUES), "every cue needs its needles"
CUES = tuple(replace(cue, needles=needles) for cue, needles in zip(CUES, _NEEDLES))
#: One fast pattern per cue over its needles (None: the cue always runs).
_GATES = tuple(re.compile("|".join(map(re.escape, cue.needles))) if cue.needles else None for cue in CUES)

#: Line-leading "TO N:", "FROM N:", "WITH N:" labels; the kind comes from the section.
_DIRECTION_LABEL = re.compile(
    r"^\s*(to|from|with|→|->|←|<-)\s+" + _DET + _LIST + r"\s*(?::|$|\s[-–—]\s|\()", re.IGNORECASE
)
#: A line led by names: "N: does x", "N — does x", "N (does x)", or only names.
_LEADING = re.compile(
    r"^\s*(?:[-–—→]\s*)?" + _DET + _LIST + _AGENT_WORD + r"\s*(?:$|:|[-–—]|\(|\bfor\b|\bwhen\b|\bif\b)", re.IGNORECASE
)
_NEGATED = re.compile(
    r"\b(?:not|never|don'?t|do\s+not|doesn'?t|does\s+not|avoid|no\s+need\s+to|without)\s+(?:[\w-]+\s+)?$", re.IGNORECASE
)
_BAD_EXAMPLE = re.compile(
    r"^\s*(?:[-*]\s*)?(?:❌|✗|✘|🚫|⛔|\*\*(?:bad|wrong|don'?t|anti-?pattern)\b|(?:bad|wrong|anti-?pattern)\s*(?:example)?\s*:)"
    r"|\b(?:don'?t|do\s+not|never|avoid)\s+(?:say|write|saying|writing)\b",
    re.IGNORECASE,
)
_BARE_ESCALATE = re.compile(
    r"\bescalat(?:e|es|ed|ing)\b(?!\s+(?:if|when|as|only|sooner|immediately|early)\b)", re.IGNORECASE
)
_ARROW = re.compile(r"\s*(?:→|->|⟶|=>|⇒)\s*")
_LEVEL = re.compile(r"\b(?:level|tier|stage)\s*[:#]?\s*(\d{1,2})\b", re.IGNORECASE)

#: Heading or label words -> the kind of relation a bare name under it stands in.
_SECTION_KINDS: tuple[tuple[re.Pattern[str], str, bool], ...] = (
    (re.compile(r"escalat|\blevel\s*\d|\btier\s*\d", re.I), ESC, False),
    (re.compile(r"\bfrom\b|receives?|upstream|inputs?\b", re.I), HAND, True),
    (
        re.compile(r"hand-?\s?offs?|hands\s+off|\bpass(?:es)?\s+to|downstream|next\s+steps?|\boutputs?\s+to", re.I),
        HAND,
        False,
    ),
    (
        re.compile(
            r"delegat|assign|routing|dispatch|sub-?agents|roster|agent\s+selection|selection\s+guide|available\s+(?:\w+\s+)?(?:agents|specialists)|(?:implementation|specialist|engineering|worker)\s+agents|specialists?\s+(?:to\s+use|map|list)|agents?\s+to\s+(?:use|call|invoke)|who\s+to\s+call",
            re.I,
        ),
        DELEG,
        False,
    ),
    (
        re.compile(
            r"boundar|not\s+responsible|out\s+of\s+scope|do(?:es)?\s+not\s+(?:do|handle)|don'?t\s+do|not\s+for\b|what\s+you\s+do\s+not|\bnot\s+my\s+job|\bownership",
            re.I,
        ),
        BOUND,
        False,
    ),
    (
        re.compile(
            r"collaborat|coordinat|work(?:s|ing)?\s+with|related\s+agents|integration\s+points|\bpeers?\b|partners?|\bteam\s*(?:mates|members)|interaction|interfaces?\s+with|\bconsult",
            re.I,
        ),
        COLLAB,
        False,
    ),
)
#: A heading or label naming who the lines under it are about: "**Backend-coordinator will:**".
_THIRD_PARTY_LABEL = re.compile(
    r"^\s*" + _LIST + r"\s+(?:will|does|should|can|handles|provides|responsibilities)\b", re.IGNORECASE
)


@lru_cache(maxsize=4096)
def section_kind(context: tuple[str, ...]) -> tuple[str, bool] | None:
    """The relation kind named by the innermost heading or label that names one."""
    for title in reversed(context):
        for pattern, kind, incoming in _SECTION_KINDS:
            if pattern.search(title):
                return kind, incoming
    return None


@lru_cache(maxsize=4096)
def _level_in(text: str) -> int | None:
    match = _LEVEL.search(text)
    return int(match.group(1)) if match else None


def level_of(texts: Iterable[str]) -> int | None:
    """The level named by the innermost text that names one ("### Level 2: ...")."""
    for text in reversed(tuple(texts)):
        level = _level_in(text)
        if level is not None:
            return level
    return None


# --------------------------------------------------------------------------------------
# Prose


@dataclass(frozen=True, slots=True)
class Found:
    """A relation read from one piece of text, before the source is settled."""

    kind: str
    name: Name
    incoming: bool
    cue_start: int
    condition: str = ""
    what: str = ""
    subject: Name | None = None


def _mask(text: str, names: list[Name]) -> str:
    parts: list[str] = []
    last = 0
    for i, name in enumerate(names):
        parts.append(text[last : name.start])
        parts.append(f"{_OPEN}{i}{_CLOSE}")
        last = name.end
    parts.append(text[last:])
    return "".join(parts)


_INDEX = re.compile(_OPEN + r"(\d+)" + _CLOSE)


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"</?[A-Za-z][^>]{0,200}>")
_STARS = re.compile(r"\*\*|(?<!\w)__|__(?!\w)|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")


def _clean(text: str) -> str:
    """Text without Markdown emphasis, links and HTML tags (names and words kept)."""
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if "<" in text:
        text = _TAG.sub(" ; ", text)
    if "*" in text or "__" in text:
        # "__" inside a word is part of a name (mcp__server__tool), not bold.
        text = _STARS.sub("", text)
    return text


@dataclass(frozen=True, slots=True)
class Reading:
    """What :func:`read_prose` saw: the relations, every name, and the texts matched."""

    found: list[Found]
    names: list[Name]
    masked: str
    #: The text as matched (Markdown and HTML removed), for quoting long lines.
    text: str


def read_prose(text: str, index: NameIndex, *, in_example: bool = False) -> Reading:
    """Relations stated in one piece of text."""
    if not may_name(text, index):
        return Reading([], [], text, text)
    text = _clean(text)
    names, text = find_names(text, index)
    if not names:
        return Reading([], names, text, text)
    masked = _mask(text, names)
    taken: dict[int, Found] = {}
    blocked: set[int] = set()
    lowered = masked.lower()
    for cue, gate in zip(CUES, _GATES):
        if cue.router_only and in_example:
            continue
        if gate is not None and gate.search(lowered) is None:
            continue
        for match in cue.pattern.finditer(masked):
            group = match.group("list")
            if cue.role == "object" and _NEGATED.search(masked, max(0, match.start() - 40), match.start()):
                # "never escalate to N": N is spoken for; no weaker cue may take it.
                for number in _INDEX.findall(group):
                    blocked.add(int(number))
                continue
            what = ""
            if cue.kind == HAND and not cue.incoming:
                what = _what(masked[match.start() : match.start("list")])
            for number in _INDEX.findall(group):
                i = int(number)
                if i in taken or i in blocked:
                    continue
                taken[i] = Found(cue.kind, names[i], cue.incoming, match.start(), what=what)
    found = list(taken.values())
    found.extend(_arrows(masked, names, taken))
    found.sort(key=lambda f: f.name.start)
    return Reading(found, names, masked, text)


def _what(phrase: str) -> str:
    """The object of a hand-off cue: "hands off the deployment report to" -> "deployment report"."""
    words = re.sub(_OPEN + r"\d+" + _CLOSE, "", phrase).split()[1:]  # without the verb
    while words and words[0].lower() in {
        "off",
        "over",
        "on",
        "along",
        "back",
        "the",
        "a",
        "an",
        "your",
        "our",
        "their",
        "its",
        "all",
    }:
        words = words[1:]
    while words and words[-1].lower() in {"to", "into", "the", "a", "an", "over", "off"}:
        words = words[:-1]
    return " ".join(words)[:80]


def _arrows(masked: str, names: list[Name], taken: dict[int, Found]) -> list[Found]:
    """ "A does x → B does y": the agent leading one step hands off to the next step's."""
    if not _ARROW.search(masked):
        return []
    steps = _ARROW.split(masked)
    leaders: list[int | None] = []
    for step in steps:
        step = (
            re.sub(r"^\s*(?:[\w /&-]{1,30}:\s*)?", "", step, count=1) if not step.lstrip().startswith(_OPEN) else step
        )
        match = re.match(r"\s*(?:the\s+)?" + _OPEN + r"(\d+)" + _CLOSE, step)
        leaders.append(int(match.group(1)) if match else None)
    out: list[Found] = []
    for a, b in zip(leaders, leaders[1:]):
        if b is None or b in taken:
            continue
        if a is None:
            # "If the fix owner disagrees → the tech-lead": the kind comes from the section.
            out.append(Found("", names[b], False, 0))
        else:
            out.append(Found(HAND, names[b], False, 0, subject=names[a]))
    return out


def read_leading(masked: str, names: list[Name]) -> list[Name]:
    """Names that lead a line ("**Backend Staff**: for ..."), for section defaults."""
    match = _LEADING.match(masked)
    if not match:
        return []
    return [names[int(i)] for i in _INDEX.findall(match.group("list"))]


def read_direction_label(masked: str, names: list[Name]) -> tuple[str, list[Name]] | None:
    match = _DIRECTION_LABEL.match(masked)
    if not match:
        return None
    word = match.group(1).lower()
    direction = "in" if word in {"from", "←", "<-"} else "with" if word == "with" else "out"
    return direction, [names[int(i)] for i in _INDEX.findall(match.group("list"))]


# --------------------------------------------------------------------------------------
# One agent file


class AgentReader:
    """Reads every relation statement of one agent file into :class:`Mention` objects."""

    def __init__(self, agent: Agent, index: NameIndex, source_lines: list[str]) -> None:
        self.agent = agent
        self.index = index
        self.source_lines = source_lines
        self.mentions: list[Mention] = []

    # -- helpers ---------------------------------------------------------------------
    def is_self(self, name: Name) -> bool:
        return name.agent == self.agent.id

    def quote(
        self, line: int, matched: str | None = None, around: int | None = None, starts: tuple[tuple[int, int], ...] = ()
    ) -> Evidence:
        """The evidence for a relation on ``line``: the line itself, or for a long line or a
        sentence wrapped over several lines the sentence of ``matched`` (the text as matched)
        around offset ``around``, on the line where that offset falls."""
        if starts and matched is not None and around is not None:
            line = starts[max(0, bisect.bisect_right(starts, (around, _NO_LINE)) - 1)][1]
            return Evidence(self.agent.source, line, _sentence_around(matched, around))
        text = self.source_lines[line - 1] if 0 < line <= len(self.source_lines) else (matched or "")
        text = " ".join(_EMPHASIS.sub("", _LIST_MARKER.sub("", text)).split())
        if len(text) > 300:
            text = _sentence_around(matched, around) if matched else text[:297] + "…"
        return Evidence(self.agent.source, line, text)

    def add(
        self,
        kind: str,
        name: Name | str,
        evidence: Evidence,
        *,
        incoming: bool = False,
        style: str | None = None,
        level: int | None = None,
        condition: str = "",
        what: str = "",
        subject: Name | None = None,
    ) -> None:
        # A name already resolved ("QA" -> qa-engineer) travels as the agent's id.
        written = (name.agent or name.written) if isinstance(name, Name) else name
        name_style = style or (name.style if isinstance(name, Name) else "list")
        if kind != ESC:
            level = None
        source: str | None = None
        if subject is not None and subject.agent != self.agent.id:
            # A statement about two other agents: kept only when both are agents of the team.
            if subject.agent is None or (isinstance(name, Name) and name.agent is None):
                return
            source = subject.agent or subject.written
        if incoming:
            self.mentions.append(
                Mention(
                    kind, None, evidence, source=written, level=level, condition=condition, style=name_style, what=what
                )
            )
        else:
            self.mentions.append(
                Mention(
                    kind,
                    written,
                    evidence,
                    source=source,
                    level=level,
                    condition=condition,
                    style=name_style,
                    what=what,
                )
            )

    # -- prose -----------------------------------------------------------------------
    def prose(
        self,
        text: str,
        line: int,
        context: tuple[str, ...] = (),
        *,
        kind_line: str = "para",
        in_example: bool = False,
        header: tuple[str, ...] = (),
        cells: tuple[str, ...] = (),
        subject: Name | None = None,
        level: int | None = None,
        more: tuple[tuple[int, str], ...] = (),
    ) -> None:
        """Relations in ``text`` on ``line``; ``more`` holds the (line, text) of wrapped
        continuation lines, read together with it as one sentence."""
        if _BAD_EXAMPLE.search(text):
            return
        starts: tuple[tuple[int, int], ...] = ()
        if more:
            pieces = [(line, _clean(text))] + [(n, _clean(t)) for n, t in more if not _BAD_EXAMPLE.search(t)]
            offset, joined, table = 0, [], []
            for number, piece in pieces:
                table.append((offset, number))
                joined.append(piece)
                offset += len(piece) + 1
            text, starts = " ".join(joined), tuple(table)
        reading = read_prose(text, self.index, in_example=in_example)
        found, names, masked = reading.found, reading.names, reading.masked
        if not names:
            if kind_line != "heading" and context and _BARE_ESCALATE.search(text):
                self._escalate_to_heading(text, line, context)
            return
        evidence = None
        section = section_kind(context)
        condition = _condition(text)
        if level is None:
            level = level_of(context + (masked,))
        for item in found:
            if not item.kind:
                if section is None or section[0] == BOUND or item.name.agent == self.agent.id:
                    continue
                item = replace(item, kind=section[0], incoming=section[1])
            evidence = self.quote(line, reading.text, item.name.start, starts)
            who = item.subject or subject
            self.add(
                item.kind,
                item.name,
                evidence,
                incoming=item.incoming,
                level=level,
                condition=condition,
                what=item.what,
                subject=who,
            )
        governed = {id(f.name) for f in found}
        if in_example:
            return
        # "TO backend-dev:", "FROM data-engineer:", "WITH frontend-staff:"
        label = read_direction_label(masked, names)
        if label:
            direction, listed = label
            kind = COLLAB if direction == "with" else (section[0] if section else None)
            if kind is None and direction == "in":
                kind = HAND
            if kind:
                for name in listed:
                    if id(name) not in governed:
                        self.add(
                            kind,
                            name,
                            self.quote(line),
                            incoming=direction == "in",
                            level=level,
                            condition=condition,
                            subject=subject,
                        )
                        governed.add(id(name))
            return
        if section is None or found:
            return
        kind, incoming = section
        if kind == BOUND and kind_line == "heading":
            return
        for name in read_leading(masked, names):
            if id(name) in governed:
                continue
            if kind == BOUND and name.style in {"user", "assistant"}:
                continue
            self.add(kind, name, self.quote(line), incoming=incoming, level=level, condition=condition, subject=subject)

    def _escalate_to_heading(self, text: str, line: int, context: tuple[str, ...]) -> None:
        """ "Escalate with options" under "### Level 4: USER DECISION": the heading names the target."""
        heading = context[-1]
        names, _ = find_names(_clean(heading), self.index)
        level = level_of((heading,))
        for name in names:
            if not self.is_self(name):
                self.add(ESC, name, self.quote(line), level=level, condition=_condition(text))

    # -- body ------------------------------------------------------------------------
    def body(self, lines: list[Line]) -> None:
        subject_scope: tuple[str, Name | None] | None = None
        for line, more in _units(lines):
            context = line.context
            subject = self._subject(line, subject_scope)
            if line.kind == "label" or line.kind == "heading":
                subject_scope = (line.content, self._third_party(line.content))
                subject = subject_scope[1]
                if line.kind == "heading":
                    # "### To Security Auditor" under "## Handoff Protocols"
                    self.prose(line.content, line.number, line.headings[:-1], kind_line="heading", subject=subject)
                else:
                    self.prose(line.content, line.number, line.headings, kind_line="label", subject=subject)
                continue
            if line.kind == "row":
                self.row(line, context, subject)
                continue
            text = line.content if line.kind == "item" else line.text
            self.prose(
                text, line.number, context, kind_line=line.kind, in_example=line.in_example, subject=subject, more=more
            )

    def _subject(self, line: Line, scope: tuple[str, Name | None] | None) -> Name | None:
        if scope is None or scope[1] is None:
            return None
        if scope[0] in line.context:
            return scope[1]
        return None

    def _third_party(self, title: str) -> Name | None:
        """The agent a label like "**Frontend-coordinator will:**" is about, when not this one."""
        names, text = find_names(_clean(title), self.index)
        if not names:
            return None
        match = _THIRD_PARTY_LABEL.match(_mask(text, names))
        if not match:
            return None
        name = names[int(_INDEX.findall(match.group("list"))[0])]
        if name.agent == self.agent.id:
            return None
        return name

    def row(self, line: Line, context: tuple[str, ...], subject: Name | None) -> None:
        cells, header = line.cells, line.header
        if not header:
            return  # the header row itself
        condition = _strip_md(cells[0]) if cells else ""
        level = None
        for i, head in enumerate(header):
            if re.search(r"\b(?:level|tier)\b", head, re.I) and i < len(cells):
                found = re.search(r"\d+", cells[i])
                level = int(found.group(0)) if found else None
        if level is None and cells:
            level = level_of((cells[0],))
        for i, cell in enumerate(cells):
            if not cell.strip() or i >= len(header):
                continue
            column = _column_kind(header[i], i)
            if column:
                kind, incoming = column
                reading = read_prose(cell, self.index)
                found, names = reading.found, reading.names
                governed = {id(f.name) for f in found}
                cell_level = level_of((header[i],)) or level
                for item in found:
                    # In an escalation column every name is an escalation target ("Ask X").
                    item_kind = ESC if kind == ESC and not item.incoming else item.kind
                    self.add(
                        item_kind,
                        item.name,
                        self.quote(line.number),
                        incoming=item.incoming,
                        level=cell_level,
                        condition=condition,
                        subject=item.subject or subject,
                    )
                for name in names:
                    if id(name) in governed or (kind == BOUND and self.is_self(name)):
                        continue
                    self.add(
                        kind,
                        name,
                        self.quote(line.number),
                        incoming=incoming,
                        level=cell_level,
                        condition=condition,
                        subject=subject,
                    )
            else:
                self.prose(cell, line.number, context, kind_line="row", subject=subject, level=level)

    # -- front matter ----------------------------------------------------------------
    def front_matter(self, values: list[MetaValue]) -> None:
        scalars: dict[tuple[str, ...], MetaValue] = {v.path: v for v in values if v.value is not None}
        for value in values:
            path = value.path
            if not path or path[0].lower() in _IDENTITY_KEYS:
                continue
            if value.value is None:
                self._key(value, scalars)
                continue
            text = str(value.value)
            if not text.strip():
                continue
            container = _container(path)
            if container is not None:
                kind, incoming, field = container
                strict = field == "topics"
                if field == "name" or (field in {"item", "topics"} and _looks_like_names(text, self.index, strict)):
                    level, condition = _siblings(path, scalars)
                    for written in _split_names(text):
                        self._listed(kind, written, value.line, incoming, level, condition)
                    continue
                if field == "skip":
                    continue
            context = tuple(_key_words(p) for p in path if not p.startswith("["))
            if "\n" not in text:
                self.prose(text, value.line, context)
                continue
            # A block scalar (``description: |``) starts on the line after its key.
            start = value.line
            opener = self.source_lines[start - 1].rstrip() if 0 < start <= len(self.source_lines) else ""
            if re.search(r":\s*[|>][-+0-9]*$", opener):
                start += 1
            for offset, part in enumerate(text.split("\n")):
                if part.strip():
                    self.prose(part, start + offset, context)

    def _listed(self, kind: str, written: str, line: int, incoming: bool, level: int | None, condition: str) -> None:
        evidence = self.quote(line)
        if self.index.resolve(written) == self.agent.id:
            self.mentions.append(Mention(kind, written, evidence, level=level, style="self"))
            return
        if incoming:
            self.mentions.append(
                Mention(kind, None, evidence, source=written, level=level, condition=condition, style="list")
            )
        else:
            self.mentions.append(
                Mention(
                    kind, written, evidence, level=level if kind == ESC else None, condition=condition, style="list"
                )
            )

    def _key(self, value: MetaValue, scalars: dict[tuple[str, ...], MetaValue]) -> None:
        """A key that names a relation and its target: ``to_backend_staff``, ``x_handles``."""
        path = value.path
        key = path[-1]
        parent = _parent_kind(path[:-1])
        parsed = _key_relation(key, parent)
        if parsed is None:
            return
        kind, incoming, target_words = parsed
        written = "-".join(target_words)
        agent = self.index.resolve(written)
        if agent is None and not _role_target(target_words):
            return
        if agent == self.agent.id:
            return  # "devops_handles" in devops.md states its own side of a boundary
        content = scalars.get(path)
        condition = str(content.value) if content is not None else ""
        level = level_of((condition,)) if kind == ESC else None
        evidence = self.quote(value.line)
        if incoming:
            self.mentions.append(
                Mention(kind, None, evidence, source=written, level=level, condition=condition[:200], style="key")
            )
        else:
            self.mentions.append(Mention(kind, written, evidence, level=level, condition=condition[:200], style="key"))


_EMPHASIS = re.compile(r"\*\*|(?<!\w)__|__(?!\w)|`")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?")


def _units(lines: list[Line]) -> Iterator[tuple[Line, tuple[tuple[int, str], ...]]]:
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


_NO_LINE = 1 << 62  # sorts after every line number at the same offset
_SENTENCE_WINDOW = 1000
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\s;\s")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\s;\s")


def _sentence_around(text: str, position: int | None) -> str:
    """The sentence of a long text that holds offset ``position``, at most 300 characters."""
    if position is None:
        return " ".join(text.split())[:297] + "…"
    # Only a window around the offset is read: a paragraph of megabytes with a relation in
    # every sentence would otherwise be scanned once per relation.
    offset = max(0, position - _SENTENCE_WINDOW)
    window = text[offset : position + _SENTENCE_WINDOW]
    position -= offset
    starts = [0] + [m.end() for m in _SENTENCE_BREAK.finditer(window, 0, position + 1)]
    begin = max((s for s in starts if s <= position), default=0)
    end_match = _SENTENCE_END.search(window, position)
    end = end_match.end() if end_match else len(window)
    sentence = " ".join(window[begin:end].split()).strip(" ;")
    if len(sentence) > 300:
        sentence = sentence[:297] + "…"
    return sentence


def _strip_md(text: str) -> str:
    return " ".join(_clean(text).replace("`", "").split())[:200]


_CONDITION = re.compile(r"\b(?:when|if|for|once|after|on)\b\s+(.{3,160}?)(?:[.;]|$)", re.IGNORECASE)


def _condition(text: str) -> str:
    match = _CONDITION.search(_clean(text))
    return " ".join(match.group(0).split()).rstrip(".;,:") if match else ""


_IDENTITY_KEYS = frozenset(
    {
        "name",
        "model",
        "tools",
        "color",
        "colour",
        "mode",
        "aliases",
        "tool_access",
        "temperature",
        "icon",
        "version",
        "permission",
        "permissions",
        "disallowedtools",
        "allowed_tools",
        "tool_restrictions",
        "examples",
    }
)


def _key_words(key: str) -> str:
    return " ".join(re.split(r"[_\-\s]+", key))


def _tokens(key: str) -> list[str]:
    return [t for t in re.split(r"[_\-\s.]+", key.lower()) if t]


_KEY_KINDS: tuple[tuple[re.Pattern[str], str, bool], ...] = (
    (re.compile(r"escalat\w*_?from|receives?_escalations?|escalated_from"), ESC, True),
    (re.compile(r"escalat"), ESC, False),
    (re.compile(r"receives?_from|received_from|inputs?_from|upstream|depends_on|receives?$"), HAND, True),
    (
        re.compile(
            r"hand_?offs?|hands_off|handoff|hand_off|downstream|outputs?_to|next_agents?|passes_to|feeds?(_into)?$"
        ),
        HAND,
        False,
    ),
    (
        re.compile(
            r"delegat|assign|sub_?agents|^agents$|can_(?:call|invoke|use)|invokes|routes?_to|dispatch|specialists$"
        ),
        DELEG,
        False,
    ),
    (re.compile(r"boundar|not_responsible|out_of_scope|handled_by|owners?$|ownership"), BOUND, False),
    (
        re.compile(
            r"parallel|collaborat|coordinat\w*_with|works?_with|peers|partners|related_agents|teammates|consults?|^coordination$|^collaboration$|integrat\w*_with"
        ),
        COLLAB,
        False,
    ),
)


def _kind_of_key(key: str) -> tuple[str, bool] | None:
    normal = "_".join(_tokens(key))
    for pattern, kind, incoming in _KEY_KINDS:
        if pattern.search(normal):
            return kind, incoming
    return None


def _parent_kind(path: tuple[str, ...]) -> tuple[str, bool] | None:
    for key in reversed(path):
        if key.startswith("["):
            continue
        found = _kind_of_key(key)
        if found:
            return found
    return None


_VERB_KINDS = (
    (("escalates", "escalate", "escalation", "escalations"), ESC),
    (
        (
            "collaborates",
            "collaborate",
            "coordinates",
            "coordinate",
            "works",
            "work",
            "partners",
            "pairs",
            "syncs",
            "consults",
            "parallel",
            "integrates",
            "interfaces",
            "aligns",
        ),
        COLLAB,
    ),
    (
        (
            "provides",
            "provide",
            "hands",
            "handoff",
            "handoffs",
            "passes",
            "sends",
            "delivers",
            "feeds",
            "submits",
            "outputs",
            "supplies",
            "gives",
            "returns",
            "forwards",
        ),
        HAND,
    ),
    (("receives", "receive", "gets", "takes", "inputs", "accepts"), HAND),
    (("delegates", "delegate", "assigns", "assign", "routes", "dispatches"), DELEG),
)
_RECEIVE = frozenset({"receives", "receive", "gets", "takes", "inputs", "accepts"})


def _key_relation(key: str, parent: tuple[str, bool] | None) -> tuple[str, bool, list[str]] | None:
    """``to_backend_staff`` -> (parent kind, out, [backend, staff]); ``x_handles`` -> boundary."""
    words = _tokens(key)
    if len(words) < 2:
        return None
    if words[0] in {"to", "from", "with"} and len(words) > 1 and not _could_be_name("-".join(words[1:])):
        return None
    if words[0] in {"to", "from", "with"}:
        if words[0] == "with":
            return COLLAB, False, words[1:]
        if parent is None:
            return None
        return parent[0], words[0] == "from", words[1:]
    if words[-1] in {"handles", "owns", "responsibilities", "scope", "domain", "focus", "owned"} and len(words) >= 2:
        return BOUND, False, words[:-1]
    for verbs, kind in _VERB_KINDS:
        if words[0] in verbs:
            for i, word in enumerate(words[1:], start=1):
                if word in {"to", "with", "from", "into"} and i + 1 < len(words):
                    incoming = word == "from" or words[0] in _RECEIVE
                    if kind == ESC and word == "from":
                        return ESC, True, words[i + 1 :]
                    return kind, incoming, words[i + 1 :]
            return None
    return None


def _role_target(words: list[str]) -> bool:
    return bool(words) and words[-1] in ROLE_HEADS and _could_be_name("-".join(words))


def _container(path: tuple[str, ...]) -> tuple[str, bool, str] | None:
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
    own = _kind_of_key(last) if last not in _TARGET_FIELDS else None
    if own and _TOPIC_KEY.search(last):
        return own[0], own[1], "topics"
    if in_list and own:
        return own[0], own[1], "item"
    if not in_list and own and len(named) >= 1 and _key_relation(last, None) is None:
        return own[0], own[1], "item"
    if last in _TARGET_FIELDS or last in _DETAIL_FIELDS:
        parent = _parent_kind(tuple(named[:-1]))
        if parent is None:
            return None
        if last in _TARGET_FIELDS:
            return parent[0], parent[1], "name"
        return parent[0], parent[1], "skip"
    return None


#: Keys whose values are topics, not agents: ``escalates_for``, ``auto_escalation_keywords``.
_TOPIC_KEY = re.compile(
    r"(?:^|_)(?:for|keywords?|triggers?|conditions?|criteria|when|topics?|scenarios?|patterns?|rules?|reasons?|areas?|types?|thresholds?)(?:_|$)"
)
_TARGET_FIELDS = frozenset({"to", "agent", "target", "who", "escalate_to", "agent_name", "handoff_to", "next", "from"})
_DETAIL_FIELDS = frozenset(
    {"level", "tier", "when", "condition", "trigger", "if", "reason", "label", "prompt", "send", "why"}
)


def _siblings(path: tuple[str, ...], scalars: dict[tuple[str, ...], MetaValue]) -> tuple[int | None, str]:
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


def _looks_like_names(text: str, index: NameIndex, strict: bool = False) -> bool:
    """A list value that reads as agent names: ids, slugs or Title Case roles, not prose.

    ``strict`` (topic lists) accepts only agents of the team and role-like names.
    """
    parts = _split_names(text)

    def one(part: str) -> bool:
        if index.resolve(part):
            return True
        if not _could_be_name(name_key(part)):
            return False
        if strict:
            return _role_target(re.split(r"[-_ ]+", part.lower()))
        return bool(re.fullmatch(r"[a-z][\w.-]{0,60}", part)) or _role_words(part.split())

    return bool(parts) and all(one(p) for p in parts)


def _split_names(text: str) -> list[str]:
    return [p.strip().strip("`*\"'").lstrip("@") for p in re.split(r"[,;]|\s+and\s+", text) if p.strip()]


def _column_kind(header: str, position: int) -> tuple[str, bool] | None:
    head = _strip_md(header).lower()
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


def read_agent(
    agent: Agent, values: list[MetaValue], lines: list[Line], index: NameIndex, source_lines: list[str]
) -> list[Mention]:
    """Every relation statement in one agent file."""
    reader = AgentReader(agent, index, source_lines)
    reader.front_matter(values)
    reader.body(lines)
    return reader.mentions


def iter_names(text: str, index: NameIndex) -> Iterator[Name]:
    """Every name in a piece of text (for views that link names to agents)."""
    names, _ = find_names(_clean(text), index)
    yield from names
