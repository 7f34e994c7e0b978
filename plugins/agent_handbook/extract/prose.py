"""Relations stated in one piece of prose: names masked, then cues matched.

1. find the *names* in the text (:mod:`.names`);
2. replace each name by a placeholder, so a *cue* pattern (:mod:`.cues`) reads the same
   whatever the names;
3. each cue gives a relation kind and direction to the names it governs; arrows
   ("A → B") give hand-offs between the agents leading each step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..names import TEAM_WORDS, NameIndex, is_role_acronym
from .cues import (
    ARROW,
    CLOSE,
    COLLAB,
    CUES,
    DELEG,
    DIRECTION_LABEL,
    DOUBLE_NEGATIVE,
    ESC,
    HAND,
    LEADING,
    NEGATED,
    OPEN,
    SUBJECT_BEFORE,
    WHOLE,
    Cue,
    needles_in,
)
from .names import Name, find_names, may_name


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
    #: Read by the last-resort cue ("... with N"), too weak for a heading.
    bare: bool = False
    #: "stated" by a cue, or "inferred" from an arrow between steps.
    strength: str = "stated"
    #: Read by a pointer to the agent to use ("use X instead"); see ``Cue.routing``.
    routing: bool = False
    #: Read by a verb a specialist also uses for a peer; see ``Cue.peer``.
    peer: bool = False
    #: Read by a verb that points at an agent to run ("use X", "call X"); see ``Cue.router_only``.
    pointer: bool = False


def mask(text: str, names: list[Name]) -> str:
    parts: list[str] = []
    last = 0
    for i, name in enumerate(names):
        parts.append(text[last : name.start])
        parts.append(f"{OPEN}{i}{CLOSE}")
        last = name.end
    parts.append(text[last:])
    return "".join(parts)


INDEX = re.compile(OPEN + r"(\d+)" + CLOSE)


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"</?[A-Za-z][^>]{0,200}>")
_STARS = re.compile(r"\*\*|(?<!\w)__|__(?!\w)|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")


def clean(text: str) -> str:
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
    text = clean(text)
    names, text = find_names(text, index)
    if not names:
        return Reading([], names, text, text)
    masked = mask(text, names)
    taken: dict[int, Found] = {}
    blocked: set[int] = set()
    present = needles_in(masked.lower())
    for cue in CUES:
        if cue.router_only and in_example:
            continue
        if cue.needles and present.isdisjoint(cue.needles):
            continue
        for match in cue.pattern.finditer(masked):
            group = match.group("list")
            if _negated(cue, masked, match.start()):
                # "never escalate to N": N is spoken for; no weaker cue may take it.
                for number in INDEX.findall(group):
                    blocked.add(int(number))
                continue
            what = ""
            if cue.kind == HAND and not cue.incoming:
                what = _what(masked[match.start() : match.start("list")])
            # "`a` gives details to `b`": the sentence is about a, not about this file's agent.
            doer = _doer(masked, names, match.start()) if cue.role == "object" else None
            if (
                doer is None
                and cue.role == "object"
                and (
                    _PRONOUN_BEFORE.search(masked, max(0, match.start() - 80), match.start())
                    or _COMPOUND_SUBJECT.search(masked, max(0, match.start() - 120), match.start())
                )
            ):
                # "When satisfied, they can ask X", "browser-tester performs QA, reports to X":
                # someone else's step, not this agent's (too loose to give that one a relation)
                continue
            for token in INDEX.finditer(group):
                i = int(token.group(1))
                if i in taken or i in blocked:
                    continue
                if cue.team_only and names[i].agent is None:
                    continue
                if (cue.weak or cue.router_only) and _bare_word(names[i]):
                    # "test with Playwright", "### Deploy Agent": a word; but "run the reviewer on
                    # the diff" points at the agent (a last-resort "with" never does)
                    at, after = match.start("list") + token.start(), match.start("list") + token.end()
                    if (
                        cue.weak
                        or not _THE_BEFORE.search(masked, max(0, at - 5), at)
                        or _NOUN_AFTER.match(masked, after)  # "use the Playwright runner"
                    ):
                        continue
                if cue.router_only and names[i].agent is None and names[i].style in _TITLED:
                    continue  # "use Secrets Manager": a product or a person, not an agent to call
                kind = cue.kind
                if (cue.weak or cue.router_only) and _POSSESSIVE.match(masked, match.start("list") + token.end()):
                    if cue.weak or names[i].style == "user":
                        continue  # "with the user's version", "use the user's style": the name owns the object
                    kind = COLLAB  # "uses X's patterns", "request X findings": drawing on X's work, not running X
                if kind == HAND and not cue.incoming and _SUBAGENT.search(names[i].written):
                    kind = DELEG  # "provide the markers to the phase-implementor subagent": a subagent is run
                if cue.user_kind is not None and names[i].style == "user":
                    if not cue.user_kind:
                        blocked.add(i)  # "tell the user", "report to the user": the answer, no relation
                        continue
                    kind = cue.user_kind
                if doer is not None and doer is names[i]:
                    continue
                taken[i] = Found(
                    kind,
                    names[i],
                    cue.incoming,
                    match.start(),
                    what=what,
                    subject=doer,
                    bare=cue.weak,
                    strength="inferred" if doer is not None else "stated",
                    routing=cue.routing,
                    peer=cue.peer,
                    pointer=cue.router_only,
                )
    found = list(taken.values())
    found.extend(_arrows(masked, names, taken))
    found.sort(key=lambda f: f.name.start)
    return Reading(found, names, masked, text)


_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
#: A noun after a name makes the name its modifier: "the Playwright runner", "the agent loop".
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:to|for|on|in|at|with|as|and|or|when|if|first|after|before|instead|again|now|agent|subagent)\b)[a-z][a-z-]+"
)


def _bare_word(name: Name) -> bool:
    """An agent with a one-word id written as a plain word ("Playwright", "agent", "lead"):
    it is that agent only where a relation cue points straight at it ("escalate to the lead"),
    not after "use" or a last-resort "with". Team words ("QA", "DevOps") are names."""
    written = name.written
    if name.style == "short":
        return True  # "consult collective-intelligence" yes, "use event-sourcing patterns" no
    return (
        name.agent is not None
        and name.style == "known"
        and not any(c in written for c in "-_ ")
        and written.lower() not in TEAM_WORDS
        and not is_role_acronym(written)
    )


_SUBAGENT = re.compile(r"\bsub-?agents?$", re.IGNORECASE)
#: Names written as words ("Secrets Manager", "the product manager"), not as an agent's id.
_TITLED = frozenset({"title", "role"})
#: The name owns what follows: "the user's version", "X's patterns", "X findings".
_POSSESSIVE = re.compile(
    r"['’]s?\b|\s+(?:findings|outputs?|results?|reports?|analys[ie]s|notes|patterns|checklists?|guidelines|"
    r"templates?|recommendations|feedback|conventions|standards)\b",
    re.IGNORECASE,
)


#: A third person as the subject of a cue's verb: "they can ask X", "he hands it to X" (the
#: file's own agent is "you").
_PRONOUN_BEFORE = re.compile(
    r"(?:^|[.;!?,]\s+|:\s+|\b(?:then|and|while|once|after|before|when|if)\s+)(?:they|he|she)\s+"
    r"(?:(?:then|also|always|directly|first|will|should|must|can|may|could|might|now)\s+)?$",
    re.IGNORECASE,
)


#: A name that is the subject of an earlier verb of the same sentence: "browser-tester
#: performs QA, reports to X", "`a` reviews the diff and hands it to `b`".
_COMPOUND_SUBJECT = re.compile(
    r"(?:^|[.;!?]\s+|:\s+)(?:the\s+)?" + OPEN + r"(\d+)" + CLOSE + r"(?:\s+(?:sub-?)?agent)?\s+"
    r"(?!(?:is|was|has|does|needs|takes|gets|uses)\b)[a-z]+[^s\W]s\b[^.;:!?]{0,50}?(?:,\s*(?:and\s+|then\s+)?|\s+(?:and|then)\s+)?$",
)


def _doer(masked: str, names: list[Name], start: int) -> Name | None:
    """The agent that a cue's verb has for subject, when a name is all that stands before it in
    its clause ("`a` gives details to `b`", "then backend-dev hands off to qa-lead")."""
    match = SUBJECT_BEFORE.search(masked, max(0, start - 120), start)
    if match is None:
        return None
    name = names[int(match.group(1))]
    return name if name.style not in {"user", "assistant"} or name.agent is not None else name


def _negated(cue: Cue, masked: str, start: int) -> bool:
    """Whether a cue is denied: "never escalate to N", or for an approval, "deploy without
    user confirmation" (but "never deploy without user confirmation" requires it)."""
    if not NEGATED.search(masked, max(0, start - 40), start):
        return False
    if cue.kind != ESC:
        return True
    # "never merge without approval from the user": the approval is required
    return not DOUBLE_NEGATIVE.search(masked, max(0, start - 120), start)


def _what(phrase: str) -> str:
    """The object of a hand-off cue: "hands off the deployment report to" -> "deployment report"."""
    words = re.sub(OPEN + r"\d+" + CLOSE, "", phrase).split()[1:]  # without the verb
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
    if not ARROW.search(masked):
        return []
    steps = ARROW.split(masked)
    leaders: list[int | None] = []
    for step in steps:
        step = re.sub(r"^\s*(?:[\w /&-]{1,30}:\s*)?", "", step, count=1) if not step.lstrip().startswith(OPEN) else step
        match = re.match(r"\s*(?:the\s+)?" + OPEN + r"(\d+)" + CLOSE, step)
        leaders.append(int(match.group(1)) if match else None)
    out: list[Found] = []
    for a, b in zip(leaders, leaders[1:]):
        if b is None or b in taken:
            continue
        if a is None:
            # "If the fix owner disagrees → the tech-lead": the kind comes from the section.
            out.append(Found("", names[b], False, 0, strength="inferred"))
        else:
            out.append(Found(HAND, names[b], False, 0, subject=names[a], strength="inferred"))
    return out


def read_leading(masked: str, names: list[Name], whole: bool = False) -> list[Name]:
    """Names that lead a line ("**Backend Staff**: for ..."), for section defaults;
    ``whole``: only when the line is nothing but the names ("### Backend Staff")."""
    match = (WHOLE if whole else LEADING).match(masked)
    if not match:
        return []
    return [names[int(i)] for i in INDEX.findall(match.group("list"))]


def read_direction_label(masked: str, names: list[Name]) -> tuple[str, list[Name]] | None:
    match = DIRECTION_LABEL.match(masked)
    if not match:
        return None
    word = match.group(1).lower()
    direction = "in" if word in {"from", "←", "<-"} else "with" if word == "with" else "out"
    return direction, [names[int(i)] for i in INDEX.findall(match.group("list"))]
