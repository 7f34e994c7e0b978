"""Finding names in a line: agents of the team in any spelling, and people.

Agents are written many ways: ``backend-staff``, ``Backend Staff``, ``@backend-staff``,
```backend-staff```, ``the backend-staff agent``, ``QA``. People and groups outside the team
("Engineering Manager", "the user") are names too, when they read as a role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..names import NOT_ROLES, PERSON_HEADS, ROLE_HEADS, NameIndex, is_role_acronym, is_role_word, name_key


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
# An npm scope (@testing-library/react) or a decorator path (@app.route) is no handle.
_AT = re.compile(r"(?<![\w@./])@([A-Za-z][\w.-]*[A-Za-z0-9])(?![\w/])")
#: How agent ids are written: lower case, words joined by hyphens (``powershell-5.1-expert``).
#: An unknown ``@handle`` of another shape is code (``@State``, ``@doc``, ``@SpringBootTest``).
_AGENT_SHAPED = re.compile(r"[a-z][a-z0-9.]*(?:-[a-z0-9.]*[a-z0-9])+")
# A version inside an id is part of it: "powershell-5.1-expert".
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+|(?<=\d)\.\d+)*")
_TITLE_RUN = re.compile(
    r"(?<![\w-])[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?:[ ](?:[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*|of|and|&)){0,4}(?![\w-])"
)
_ACRONYM = re.compile(r"(?<![\w-])([A-Z]{2,5}|IC\d{1,2})(?:s|'s)?(?![\w-])")
# A slash joins names ("backend-dev/frontend-engineer") but not path parts ("docs/x-y.md").
_SLUG = re.compile(
    r"(?<![\w@.-])(?<!\w/)[a-z][a-z0-9]*(?:[-_][a-z0-9]+|(?<=\d)\.\d+)*(?:[-_][a-z0-9]+)(?![\w-]|\.\w|/[\w.-]*\.\w)"
)
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
# "Claude" is the main assistant; "Claude Code", "Claude Desktop", "Claude Sonnet", "Claude in
# Chrome" are products.
_CLAUDE = re.compile(
    r"(?<![\w-])Claude(?![\w.-]|\s+(?:Code|Desktop|API|Sonnet|Opus|Haiku|models?|Agent|SDK|Skills?|Projects?|apps?|[\d.]+)\b"
    r"|\s+(?:in|for|on)\s+[A-Z])"
)
#: The assistant that runs the subagents, written without its name: "the main agent".
_MAIN_AGENT = re.compile(
    r"(?<![\w-])(?:the\s+)?(main|parent|primary|calling|invoking)\s+(agent|thread|assistant)(?![\w-])", re.IGNORECASE
)
_LOWER_ROLE = re.compile(
    r"(?:^\s*|\b(?:to|with|from|by|see|consult|ask|notify|involve|page|or|and|then|(?i:the)):?\s+)(?:the\s+)?((?:[a-z][a-z0-9]*(?:-[a-z0-9]+)*[ ]){1,2}(?:"
    + "|".join(sorted(h for h in ROLE_HEADS if h.isalpha()))
    + r"))(?![\w-])"
)
#: Single capitalised words that name a group of people ("Work with DevOps", "escalate to
#: Legal"). Words that name a subject more often than people ("Data", "Platform", "Design",
#: "Engineering") are not in it.
_DEPARTMENT = re.compile(
    r"(?<![\w-])(DevOps|DevSecOps|SecOps|SRE|Security|Legal|Finance|Compliance|Leadership|Management|Procurement|"
    r"HR|Operations|Ops)(?![\w-])"
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
        "only",
        "sole",
        "last",
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


_last_words: tuple[str, frozenset[str]] = ("", frozenset())


def _words(lower: str) -> frozenset[str]:
    """The words of lower-case text; the last answer is kept, as a line is asked about
    twice (whether it may name anyone, then which names it holds)."""
    global _last_words
    last = _last_words  # read once: another thread may set it meanwhile
    if last[0] == lower:
        return last[1]
    words = frozenset(_WORDS.findall(lower))
    _last_words = (lower, words)
    return words


def may_name(text: str, index: NameIndex) -> bool:
    """A cheap test: can ``text`` name anyone at all? Most lines cannot, and are skipped
    before the dozen patterns of :func:`find_names` run on them."""
    if "@" in text or "`" in text or "(see" in text:
        return True
    words = _words(text.lower())
    if not _SIGNAL_WORDS.isdisjoint(words) or not index.first_words.isdisjoint(words):
        return True
    if not index.tail_words().isdisjoint(words):
        return True  # "the class surgeon" in react18-dep-surgeon.md
    if "'s" in text and _OWNER.search(text):
        return True
    return any(is_role_acronym(w.rstrip("s")) for w in _UPPER.findall(text))


def find_names(text: str, index: NameIndex) -> tuple[list[Name], str]:
    """Names in ``text`` (non-overlapping, left to right) and the text with code masked."""
    found: list[Name] = []
    # Each pattern runs only when the line holds what it needs (most lines hold little).
    lower = text.lower()
    words = _words(lower)
    heads = _HEAD_WORDS & words
    has_role = bool(heads)
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
            if _MODIFIER.match(text, match.end()) and not _DECIDES.match(text, match.end()):
                continue  # "user notifications": the product's users; "user approval": the person
            found.append(Name(match.start(), match.end(), "user", "user", index.resolve(match.group(1)), 6))
    if "main" in words or "parent" in words or "calling" in words or "invoking" in words or "primary" in words:
        for match in _MAIN_AGENT.finditer(text):
            found.append(Name(match.start(), match.end(), "main agent", "assistant", None, 7))
    if "Claude" in text:
        for match in _CLAUDE.finditer(text):
            found.append(Name(match.start(), match.end(), "Claude", "assistant", index.resolve("claude"), 6))
    tails = index.family_tails()
    if tails:
        _family_names(text, lower, words, index, tails, found)
    if "'s" in text:
        _owner_names(text, index, found)
    if has_upper and has_role:
        _title_names(text, index, found)
    if has_upper and not _DEPARTMENT_WORDS.isdisjoint(words):
        for match in _DEPARTMENT.finditer(text):
            # "Security scanning", "Data Fetching": a word before a noun is a modifier.
            if (
                match.start() > 0
                and not _MODIFIER.match(text, match.end())
                and not _TITLE_NEXT.match(text, match.end())
            ):
                found.append(Name(match.start(), match.end(), match.group(1), "title", None, 3))
    if "instead" in words or ")" in text:
        for match in _AGENT_SLOT.finditer(text):
            word = match.group(1)
            agent = index.resolve(word)
            # "(see below)", "use pnpm instead": only an agent, or a slug shaped like one.
            if agent or (_AGENT_SHAPED.fullmatch(word) and role_target(word.split("-"))):
                found.append(Name(match.start(1), match.end(1), word, "slug", agent, 3))
    if has_upper and _TWO_CAPITALS.search(text):
        for match in _ACRONYM.finditer(text):
            token = match.group(1)
            if is_role_acronym(token) and not _MODIFIER.match(text, match.end()):
                found.append(Name(match.start(1), match.end(1), token, "title", index.resolve_head(token), 3))
    # A slug ends in "-<role>" or "_<role>", a lower-case role a space before it.
    if has_role and any("-" + h in text or "_" + h in text for h in ROLE_HEADS & words):
        for match in _SLUG.finditer(text):
            written = match.group(0)
            last = _DASHES.split(written)[-1]
            if last in ROLE_HEADS and ((agent := index.resolve(written)) or could_be_name(name_key(written))):
                found.append(Name(match.start(), match.end(), written, "slug", agent, 2))
    if has_role:
        _lower_roles(text, index, found)
    if index.ignored:
        found = [n for n in found if name_key(n.written) not in index.ignored and (n.agent or "") not in index.ignored]
    if found and _NOT_AGENT_NEXT.search(text):
        # "the `hve-builder` skill", "the deploy-checker tool": a name of something else
        found = [n for n in found if n.agent is not None or not _NOT_AGENT_NEXT.match(text, n.end)]
    return _non_overlapping(found), text


#: A word after a name that makes it the name of a skill, a tool or a command, not of an agent.
_NOT_AGENT_NEXT = re.compile(
    r"[`*_]*\s+(?:skills?|tools?|commands?|slash\s+commands?|plugins?|scripts?|hooks?|mcp\s+servers?|servers?|"
    r"extensions?|packages?|librar(?:y|ies)|modules?|instructions?\s+files?|prompt\s+files?)\b",
    re.IGNORECASE,
)


_DASHES = re.compile(r"[-_]")
#: What every acronym of :data:`_ACRONYM` holds: two capitals in a row.
_TWO_CAPITALS = re.compile(r"[A-Z]{2}")
_HEAD_WORDS = frozenset(h for h in ROLE_HEADS if h.isalpha())
_USER_WORDS = frozenset({"user", "human", "humans"})
_DEPARTMENT_WORDS = frozenset(
    [
        "devops",
        "devsecops",
        "secops",
        "sre",
        "security",
        "legal",
        "finance",
        "compliance",
        "leadership",
        "management",
        "procurement",
        "hr",
        "operations",
        "ops",
    ]
)
#: A capitalised word after a name makes the name a modifier in Title Case ("Data Fetching").
_TITLE_NEXT = re.compile(r"\s+[A-Z][a-z]+\b(?<!\bAnd)(?<!\bOr)")


def _code_names(text: str, index: NameIndex, found: list[Name]) -> str:
    """Inline code: a name if it reads as one, otherwise blanked so nothing inside counts."""
    chars = list(text)
    for match in _CODE.finditer(text):
        inner = match.group(1).strip()
        agent = index.resolve(inner) or index.resolve_short(inner)
        if agent or (_looks_like_slug(inner) and role_target(re.split(r"[-_]+", inner.lower().lstrip("@")))):
            found.append(Name(match.start(), match.end(), inner, "code", agent, 9))
        elif command := _command_agent(inner, index):
            # "`story-writer spec/prd.md --auto`": a command line that runs the agent
            found.append(Name(match.start(), match.end(), command[0], "code", command[1], 9))
        else:
            for i in range(match.start(), match.end()):
                chars[i] = " "
    return "".join(chars)


def _command_agent(inner: str, index: NameIndex) -> tuple[str, str] | None:
    """The agent a code span runs, written as a command line: its first word is an agent's
    id with a dash or an underscore, or any agent's id before an option or a path
    ("`qa-planner checkout --auto`", "`planner -v`"); `git status` or `reviewer.md` is none."""
    parts = inner.split()
    if len(parts) < 2:
        return None
    agent = index.resolve(parts[0])
    if agent is None:
        return None
    if "-" in parts[0] or "_" in parts[0] or parts[1][:1] in "-[<{" or "/" in parts[1]:
        return parts[0], agent
    return None


def _at_names(text: str, index: NameIndex, found: list[Name]) -> None:
    for match in _AT.finditer(text):
        handle = match.group(1)
        key = name_key(handle)
        if key in _PLACEHOLDERS or key.endswith("-name"):
            continue
        agent = index.resolve(handle) or index.resolve_short(handle)
        if agent is None and key.startswith("agent-"):
            # Claude Code mentions a subagent as @agent-<name>.
            agent = index.resolve(handle[6:])
            handle = handle[6:] if agent else handle
        if (
            agent is None
            and not (_AGENT_SHAPED.fullmatch(handle) and could_be_name(key))
            and not (handle.islower() and index.lookalike(handle))
        ):
            continue  # @State, @doc, @SpringBootTest: code, not a missing agent ("@reviwer" misspells one)
        found.append(Name(match.start(), match.end(), handle, "at", agent, 9))


_ADJECTIVE = re.compile(r"(?:ous|ful|able|ible|less|[^t]est|latest)$")


def _agent_phrases(text: str, index: NameIndex, found: list[Name]) -> None:
    for match in _AGENT_PHRASE.finditer(text):
        word = match.group(2)
        key = name_key(word)
        agent = index.resolve(word) or index.resolve_family(word) or index.resolve_head(word) or None
        # "the autonomous agent", "the smallest agent": an adjective, no agent's name.
        if not agent and (match.group(1).lower() != "the" or not could_be_name(key) or _ADJECTIVE.search(key)):
            continue
        found.append(Name(match.start(2), match.end(), word, "agent", agent, 7))


#: Just before a family member's short name: "the", or a cue's preposition or verb.
_TAIL_BEFORE = re.compile(
    r"(?:\bthe|\b(?:to|with|from|by|ask|consult|notify|involve|page|tell|ping))\s+$", re.IGNORECASE
)


def _family_names(
    text: str, lower: str, words: set[str], index: NameIndex, tails: dict[str, str], found: list[Name]
) -> None:
    """Agents of this file's family named without their shared first words ("the class
    surgeon", "to commander" in react18-dep-surgeon.md): style ``short``, so only a cue that
    points at them takes them."""
    for tail, agent_id in tails.items():
        parts = tail.split("-")
        if not set(parts) <= words:
            continue
        pattern = r"(?<![\w-])" + r"[\s-]".join(re.escape(p) for p in parts) + r"(?![\w-])"
        for match in re.finditer(pattern, lower):
            if _TAIL_BEFORE.search(lower, max(0, match.start() - 20), match.start()):
                found.append(Name(match.start(), match.end(), text[match.start() : match.end()], "short", agent_id, 5))


def _owner_names(text: str, index: NameIndex, found: list[Name]) -> None:
    for match in _POSSESSIVE_OWNER.finditer(text):
        for part_match in re.finditer(r"[^/]+", match.group(1)):
            part = part_match.group(0)
            start = match.start(1) + part_match.start()
            agent = index.resolve(part)
            # "TestCafe's role": only an agent or a role owns a job.
            if agent is None and not (is_role_acronym(part) or person_words(part.split("-"))):
                continue
            found.append(Name(start, start + len(part), part, "title", agent, 5))


def _title_names(text: str, index: NameIndex, found: list[Name]) -> None:
    for match in _TITLE_RUN.finditer(text):
        words = match.group(0).split(" ")
        while words and words[0].lower() in _TITLE_STOP:
            words = words[1:]
        while words and words[-1] in {"of", "and", "&"}:
            words.pop()
        if len(re.split(r"[ -]", " ".join(words))) < 2 and not index.resolve(" ".join(words)):
            continue
        if not role_words(words):
            continue
        written = " ".join(words)
        start = text.index(written, match.start())
        agent = index.resolve(written)
        short = None if agent else index.resolve_short(written)
        if short and not _MODIFIER.match(text, start + len(written)):
            found.append(Name(start, start + len(written), written, "short", short, 4))
            continue
        if not agent and (
            (_MODIFIER.match(text, start + len(written)) and not _DECIDES.match(text, start + len(written)))
            or not person_words(words)
        ):
            continue  # "App Router", "Resource Group": no one
        found.append(Name(start, start + len(written), written, "title", agent, 4))


def _lower_roles(text: str, index: NameIndex, found: list[Name]) -> None:
    for match in _LOWER_ROLE.finditer(text):
        phrase = match.group(1)
        words = phrase.split(" ")
        if (
            words[0] in _GENERIC
            or words[0] in _TITLE_STOP
            or any(w in {"the", "a", "an", "of", "and", "or"} for w in words)
            or any(w in {"agent", "agents", "subagent", "subagents"} for w in words[:-1])  # "the smallest agent team"
        ):
            continue
        agent = index.resolve(phrase)
        short = None if agent else index.resolve_short(phrase)
        if short and not _MODIFIER.match(text, match.end(1)):
            found.append(Name(match.start(1), match.end(1), phrase, "short", short, 1))
            continue
        if not agent and (_MODIFIER.match(text, match.end(1)) or not person_words(words)):
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
    r"prepares|reads|approves|confirms|says|replies|merges|ships|hands|passes|picks|triages|routes|decides|gives|makes|needs\s+to"
)
#: An abbreviation or role followed by a noun is a modifier ("QA sign-off", "SRE processes"),
#: unless the next word is a verb ("Platform-Engineer monitors production").
_MODIFIER = re.compile(
    r"(?:'s)?\s+(?!(?:to|for|on|when|if|and|or|about|before|after|in|at|with|as|so|that|who|which|regarding|"
    r"during|first|directly|early|immediately|rather|than|instead|whether|which|what|how|where|why|until|once|"
    r"because|but|via|through|only|again|the|an?|these|those|this|its|their|your|"
    + _SUBJECT_VERBS
    + r")\b)[a-z][a-z-]+"
)


def could_be_name(key: str, title: bool = False) -> bool:
    """Whether an unknown name can name an agent (not an adjective, product or generic).

    ``title`` is for Title Case phrases, where a product as first word makes a product
    ("React DevTools Profiler"); a slug like ``docker-expert`` is still an agent's name.
    """
    if not key or key in NOT_ROLES or key in _GENERIC or key in _TITLE_STOP or key in _PLACEHOLDERS:
        return False
    if _SETTING_VALUE.fullmatch(key):
        return False  # "parallel: true", "max_agents: 5", "timeout: 30s": a setting's value
    parts = key.split("-")
    first = parts[0]
    if title and first in NOT_ROLES:
        return False
    if first in NOT_ROLES and len(parts) > 1 and parts[-1] in _TOOL_HEADS:
        return False  # "django-guardian", "react-router", "prometheus-operator": a package
    return first not in _NOT_NAME_PREFIX and first not in _GENERIC and not key.endswith(_NOT_NAME_SUFFIX)


#: Role words that also end the names of packages and tools ("django-guardian", "vue-router"):
#: after a product's name ("django", "react"), the slug is that product's package.
_TOOL_HEADS = frozenset(
    {
        "guardian",
        "router",
        "builder",
        "bot",
        "admin",
        "checker",
        "validator",
        "verifier",
        "profiler",
        "debugger",
        "inspector",
        "operator",
        "dispatcher",
        "supervisor",
        "assistant",
        "master",
        "pro",
        "desk",
        "group",
        "board",
        "navigator",
        "librarian",
        "scribe",
        "curator",
        "gatekeeper",
        "commander",
    }
)
#: The value of a setting, never a name: booleans, empty values, numbers with their units.
_SETTING_VALUE = re.compile(
    r"true|false|yes|no|null|none|nil|on|off|enabled?|disabled?|auto|default|optional|required|n-?a|tbd|\d[\w.-]*"
)


def _looks_like_slug(text: str) -> bool:
    return bool(re.fullmatch(r"@?[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+", text))


def role_words(words: list[str]) -> bool:
    last = _DASHES.split(words[-1])[-1]
    if last.lower() in ROLE_HEADS:
        title = len(words) > 1 or words[0][:1].isupper()
        return could_be_name(name_key(" ".join(words)), title=title)
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
            if agent and written_as_name(written, text, start, stop, index):
                found.append(Name(start, stop, written, "known", agent, 8))
                covered = stop
                break
        else:
            # "consult collective-intelligence": a hyphenated short form of one agent's id.
            written = text[start : ends[0]]
            short = index.resolve_short(written) if "-" in written else None
            if short:
                found.append(Name(start, ends[0], written, "short", short, 8))
                covered = ends[0]


def written_as_name(
    written: str, text: str = "", start: int = 0, stop: int = 0, index: NameIndex | None = None
) -> bool:
    """Whether words that spell an agent's name are written as that name, not as words.

    A slug (``backend-staff``) always is; spaced words (``code reviewer``, ``Tech Lead``)
    when they end in a role word; a single word only when it names a role and is written
    as a name: ``QA``, ``DevOps``, ``IC4``, or leading a line as its label (``devops: for
    deployments``), or when an agent was given that one word as its name (``name: ember``).
    "plan", "debug", "security" and "Terraform" in a sentence are words, even where a file
    is called ``plan.md`` (``@plan``, `` `plan` `` and "the plan agent" still name it).
    """
    if "-" in written or "_" in written:
        return True
    words = written.split()
    if len(words) > 1:
        last = words[-1].lower()
        if last in ROLE_HEADS:
            return True
        # A plural is the agent ("coordinate with API designers"), unless it is listed with
        # people in general: "product managers and developers" are not the agent product-manager.
        return last.rstrip("s") in ROLE_HEADS and not (index is not None and _among_people(text, start, stop, index))
    key = written.lower()
    # A name an agent was given counts, unless it is a word that agent files use as a word.
    declared = index is not None and index.declared(key) and key not in common_words()
    if not (declared or is_role_word(key)):
        return False
    if written[:1].isupper() or (text and _LABEL_BEFORE.fullmatch(text, 0, start) and _LABEL_AFTER.match(text, stop)):
        return True
    # In lower case a role word is the agent ("hand off to reviewer"), unless it is a
    # common noun there ("a reviewer", "any planner") or a word that is mostly a noun; a
    # relation cue right before it makes even such a word the agent ("escalate to the lead").
    if not declared and key in _COMMON_ROLE_NOUNS:
        if text and _AFTER_LABEL.fullmatch(text, 0, start) and _LIST_END.match(text, stop):
            return True  # "**After:** lead": a label, then only the name
        return (
            bool(text)
            and _CUE_BEFORE.search(text, max(0, start - 60), start) is not None
            and not (_MODIFIER.match(text, stop))
        )
    # "a reviewer", "help mentor the engineer": a noun or a verb, not the agent.
    return not (text and (_INDEFINITE.search(text, max(0, start - 40), start) or _OBJECT_NEXT.match(text, stop)))


_PLURAL_AFTER = re.compile(r"\s*(?:,\s*|\s+(?:and|or|&)\s+)(?:other\s+)?((?:[\w-]+\s+)?([a-z]{3,}s))\b")
_PLURAL_BEFORE = re.compile(r"((?:[\w-]+\s+)?\b([a-z]{3,}s))\s*(?:,|\s+(?:and|or|&))\s*$")


def _among_people(text: str, start: int, stop: int, index: NameIndex) -> bool:
    """Whether the plural at ``text[start:stop]`` is listed beside a plural that names no
    agent ("product managers and developers", "designers, product managers")."""
    for match in (_PLURAL_AFTER.match(text, stop), _PLURAL_BEFORE.search(text, max(0, start - 40), start)):
        if (
            match
            and not match.group(2).endswith("ss")
            and not (index.resolve(match.group(1)) or index.resolve(match.group(2)))
        ):
            return True
    return False


@cache
def common_words() -> frozenset[str]:
    """Words common in agent files ("plan", "review", "docs"), from ``common_words.txt``."""
    text = resources.files(__package__).joinpath("common_words.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


#: A short label before a name ("After: lead"), and the end of a list of names after it.
_AFTER_LABEL = re.compile(r"\s*(?:[-*+•]\s+)?[A-Za-z][\w /-]{0,30}:\s*")
_LIST_END = re.compile(r"\s*(?:$|[,;.]|\s(?:and|or)\s)")
#: A relation cue that points straight at the word after it: "escalate to the lead".
_CUE_BEFORE = re.compile(
    r"\b(?:escalat\w*(?:\s+\w+){0,3}?\s+to|hand(?:s|ed|ing)?\s+(?:\w+\s+){0,3}?(?:off\s+|over\s+)?to|reports?\s+to"
    r"|delegat\w*(?:\s+\w+){0,3}?\s+to|assign\w*(?:\s+\w+){0,3}?\s+to|defer\w*\s+to|(?:ask|consult|notify|page|involve)"
    r"|(?:coordinat|collaborat|work|pair|sync|consult|check)\w*\s+with)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: "user approval", "Tech Lead sign-off": the person decides, the noun does not make a modifier.
_DECIDES = re.compile(r"(?:'s)?\s+(?:approval|sign-?off|confirmation|go-ahead|decision)s?\b", re.I)
#: A lower-case role word followed by an object is a verb ("mentor the engineer", "coach them").
_OBJECT_NEXT = re.compile(r"\s+(?:the|a|an|your|their|this|that|these|those|its|our|his|her|them|it|you|each|every)\b")
_LABEL_BEFORE = re.compile(r"\s*(?:[-*+•]\s+|\d{1,3}[.)]\s+)?")
_LABEL_AFTER = re.compile(r"\s*(?::|\s[-–—]\s)")
_INDEFINITE = re.compile(
    r"\b(?:a|an|any|another|each|every|one|other|some|no|your|their|our|its|his|her|human|external|senior|junior)\s+$",
    re.IGNORECASE,
)
#: Role words that in lower case are mostly something else: "from dev to staging", "take
#: the lead", "the ops work", "the agent".
_COMMON_ROLE_NOUNS = frozenset(
    {
        "dev",
        "devs",
        "lead",
        "head",
        "chief",
        "pro",
        "master",
        "staff",
        "board",
        "crew",
        "group",
        "desk",
        "partner",
        "assistant",
        "bot",
        "agent",
        "subagent",
        "team",
        "ops",
        "ui",
        "ux",
        "judge",
        "builder",
        "router",
        "executive",
        "council",
        "committee",
        "champion",
        "guardian",
        "leader",
        "leadership",
        "department",
        "squad",
        "guild",
    }
)


def person_words(words: list[str]) -> bool:
    """Whether a phrase that names no agent names a person or a group of people."""
    last = _DASHES.split(words[-1])[-1].lower() if words else ""
    return last in PERSON_HEADS and could_be_name(name_key(" ".join(words)), title=len(words) > 1)


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


def role_target(words: list[str]) -> bool:
    return bool(words) and words[-1] in ROLE_HEADS and could_be_name("-".join(words))
