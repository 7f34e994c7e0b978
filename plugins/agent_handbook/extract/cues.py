"""The cue vocabulary, as data: the words and patterns that state a relation.

A *cue* is a phrase that, around a name, says which relation the sentence states
("escalate ... to N", "N's job", "coordinate with N"). Names are replaced by placeholders
before the cues run (see :mod:`.prose`), so each pattern reads the same whatever the names.
Here too: the heading words that give a section its kind, the front-matter keys that name
relations, and the table columns that hold targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ESC, HAND, COLLAB, DELEG, BOUND = (
    "escalates_to",
    "hands_off_to",
    "collaborates_with",
    "delegates_to",
    "boundary_with",
)
OPEN, CLOSE = "\ue000", "\ue001"
_OBJ = OPEN + r"\d+" + CLOSE
_DET = r"(?:(?:the|our|your|their|an?|with)\s+)?"
# Between names of one list: "A, B and C", "A or B", "A/B", "A + B", and a short purpose
# phrase after a name ("api-designer for specifications and frontend-engineer").
# After a name, a purpose may come before the next name: "hand the plan to A to sequence the
# runs, or to B", and a parallel object: "hand conventions to A and findings to B".
_SEP = (
    r"(?:(?:\s+(?:for|on|about|regarding|around|when|if|in|during|to)\s+[^\ue000.;:!?()]{1,50}?|\s*\([^()\ue000]{0,60}\))?"
    r"(?:\s*,?\s+(?:and|or)\s+(?:[\w-]+\s+){0,4}?(?:to|with)\s+"
    r"|\s*,\s*(?:and\s+|or\s+|and/or\s+|then\s+)?|\s+(?:and|or|and/or|as\s+well\s+as|plus|then)\s+|\s*[/+&]\s*))" + _DET
)
_LIST = "(?P<list>" + _OBJ + "(?:" + _SEP + _OBJ + ")*)"
_FILL = r"[^\ue000.;!?]{0,80}?"
# A filler that is not a review or an approval ("gets a review from N" is no hand-off).
_FILL_NOT_REVIEW = (
    r"(?:(?!review|feedback|approval|sign-?off|help|guidance|advice|input|go-ahead|answer)[^\ue000.;!?]){0,80}?"
)
_AGENT_WORD = r"(?:\s+(?:sub-?)?agents?)?"
#: After "reports to N": the report is data N keeps, not a question N answers.
_DATA_AFTER = (
    r"(?=\s*(?::|\bfor\b|[-–—])\s*(?:the\s+|all\s+)?(?:archiv|storage|stor(?:e|ing)\b|records?\b|record-?keeping|logging|logs?\b"
    r"|metrics|telemetry|data\b|results|findings|dashboards?|aggregat|index))"
)
#: What one agent alone may do, in the words of "only X commits".
_EXCLUSIVE_VERB = (
    r"(?:(?:commit|merge|push|deploy|release|ship|publish|tag|approve|sign\s+off|own|decide|declare|write\s+to|edit|modify|touch"
    r"|change|delete)(?:s|es|ed)?\b|(?:runs?\s+migrations|creates?\s+(?:prs?|pull\s+requests|releases|tags))\b)"
)


#: Being blocked: what makes a question go up rather than work go on.
_BLOCKED = (
    r"\b(?:ambigu\w*|unclear|blocked|stuck|unsure|uncertain|in\s+doubt|disagree\w*|disputed?|conflicting|contradict\w*"
    r"|can'?t|cannot|unable)\b"
)


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
    #: The last resort ("... with N"): no verb says what is done with N.
    weak: bool = False
    #: What the relation is when N is the user: ``""`` for none ("report to the user" and
    #: "tell the user" are answers, not escalations or collaboration), None for the cue's kind.
    user_kind: str | None = None
    #: A pointer to the agent to use ("use X instead", "(see X)"): a boundary in a
    #: specialist's file, a routing rule (delegation) in a coordinator's.
    routing: bool = False
    #: A verb a specialist also uses for a peer ("engage X on Y"): collaboration under a
    #: collaboration section of a file that is not a coordinator's.
    peer: bool = False
    #: Only agents of the team are governed: "run kc-agent on the host" runs a program.
    team_only: bool = False


def _cue(kind: str, pattern: str, **kw: object) -> Cue:
    return Cue(kind, re.compile(pattern, re.IGNORECASE), **kw)  # type: ignore[arg-type]


CUES: tuple[Cue, ...] = (
    # escalation, incoming first so "escalations from X" is not read as outgoing
    _cue(
        ESC,
        r"\b(?:receiv\w*|handl\w*|accept\w*|tak\w*)\s+escalations?\s+(?:from|by)\s+" + _DET + _LIST,
        incoming=True,
        needles=("escalation",),
    ),
    _cue(
        ESC,
        r"\bescalat(?:ions?|ed)\s+(?:to\s+(?:you|me)\s+)?(?:from|by)\s+" + _DET + _LIST,
        incoming=True,
        needles=("escalat",),
    ),
    _cue(
        ESC,
        r"\b(?:escalat\w*|escalation\s+path)\b" + _FILL + r"(?:\bto|\bwith|:|→|->)\s*:?\s*" + _DET + _LIST,
        needles=("escalat",),
    ),
    _cue(
        ESC,
        r"\b(?:raise|flag|bubble|kick|push|surface)\w*\b(?:\s+[\w-]+){0,4}?\s+(?:up\s+)?(?:to|with|for)\s+"
        + _DET
        + _LIST,
        needles=("raise", "flag", "bubble", "kick", "push", "surface"),
    ),
    # "Reports to N: archival of findings": what is reported is data kept by N, a hand-off.
    _cue(
        HAND,
        r"(?:^|[.;:,(]\s*|\b(?:and|then|also|you|it|who|which|that|always|directly)\s+)reports?\s+(?:back\s+)?to\s+"
        + _DET
        + _LIST
        + _DATA_AFTER,
        needles=("report",),
    ),
    # "Report back to N with a summary": the result goes back to N (to the user: the answer).
    _cue(
        HAND,
        r"(?:^|[.;:,(—–-]\s*|\b(?:and|then|also|you|it|who|which|that|always|directly)\s+)report(?:s|ing)?\s+"
        r"(?:(?:your|the|its|their|a|an|this|that)\s+)?(?:[\w-]+\s+){0,2}?back\s+to\s+"
        + _DET
        + _LIST
        + r"(?![^\ue000.;]{0,60}?\b(?:if|when|whenever)\s+(?:you\s+are\s+|you're\s+|it\s+is\s+)?(?:blocked|stuck|unsure|uncertain|unable))",
        needles=("report",),
        user_kind="",
    ),
    # "reports to N" as a verb only: at a clause start or after a pronoun ("a deployment report to N" is a hand-off).
    _cue(
        ESC,
        r"(?:^|[.;:,(]\s*|\b(?:and|then|also|you|it|who|which|that|always|directly)\s+)reports?\s+(?:directly\s+|up\s+|back\s+)?to\s+"
        + _DET
        + _LIST,
        needles=("report",),
        user_kind="",
    ),
    _cue(
        ESC,
        r"\b(?:approval|sign-?off|go-ahead|authori[sz]ation|decisions?|help|guidance|direction)\s+(?:from|by)\s+"
        + _DET
        + _LIST,
        needles=("approval", "sign", "go-ahead", "authori", "decision", "help", "guidance", "direction"),
    ),
    _cue(ESC, r"\b(?:go(?:es|ing)?|turn(?:s|ing)?|come(?:s|ing)?)\s+back\s+to\s+" + _DET + _LIST, needles=("back",)),
    _cue(
        ESC,
        r"\b(?:take|takes|taking|bring|brings|bringing)\s+(?:it|this|that|them|the\s+[\w-]+)\s+(?:up\s+)?to\s+"
        + _DET
        + _LIST,
        needles=("take", "taking", "bring"),
    ),
    _cue(
        ESC,
        r"\b(?:call|calls|calling)\s+in\s+" + _DET + _LIST,
        needles=("call",),
    ),
    # "page N" as a verb: at a clause start or after a pronoun or modal ("the landing page the user sees" is not).
    _cue(
        ESC,
        r"(?:^|[.;:,(]\s*|\b(?:and|then|immediately|must|should|will|you|to|always)\s+)pag(?:e|es|ing)\s+"
        + _DET
        + _LIST,
        needles=("pag",),
    ),
    _cue(
        ESC,
        _LIST
        + r"\s+(?:must|should|has\s+to|have\s+to|needs?\s+to)\s+(?:approve|sign\s+off|decide|confirm|authori[sz]e)",
        role="subject",
        needles=("must", "should", "has to", "have to", "need"),
    ),
    _cue(
        ESC,
        r"\b(?:seek|get|obtain|request)\w*\s+(?:approval|sign-?off|a\s+decision)\s+(?:from\s+)?" + _DET + _LIST,
        needles=("seek", "get", "obtain", "request"),
    ),
    # A person without the word "escalate": "requires explicit user approval", "the human is
    # notified", "stop and ask the user", "if unsure, ask the user", "ask the user to confirm".
    _cue(
        ESC,
        _LIST + r"\s+(?:approval|sign-?off|confirmation|consent|go-ahead|permission|authori[sz]ation|decision)s?\b",
        role="subject",
        needles=("approval", "sign", "confirmation", "consent", "go-ahead", "permission", "authori", "decision"),
    ),
    _cue(
        ESC,
        _LIST
        + r"\s+(?:is|are|gets?|must\s+be|should\s+be|will\s+be|is\s+then)\s+(?:notified|informed|alerted|paged|consulted|asked|looped\s+in)\b",
        role="subject",
        needles=("notified", "informed", "alerted", "paged", "consulted", "asked", "looped"),
    ),
    _cue(
        ESC,
        r"\b(?:stop|stops|stopping|pause|pauses|halt|halts)\b[^\ue000.;]{0,30}?\b(?:(?:ask|consult|check\s+with|confirm\s+with|notify|inform|tell|contact|wait\s+for)\s+"
        r"|(?:return|route|go\s+back|bring|refer)\w*\b[^\ue000.;:]{0,40}?\bto\s+)" + _DET + _LIST,
        needles=("stop", "paus", "halt"),
    ),
    _cue(
        ESC,
        r"\b(?:if|when|whenever|where|unless)\b[^\ue000.;]{0,60}?\b(?:unsure|uncertain|unclear|blocked|stuck|ambiguous|in\s+doubt|cannot|can'?t|unable|conflict\w*|fails?|failing|risky|destructive|irreversible)\b[^\ue000.;]{0,40}?\b(?:ask|consult|check\s+with|confirm\s+with|notify|inform|tell|contact|involve)\s+"
        + _DET
        + _LIST,
        needles=("if", "when", "where", "unless"),
    ),
    # Being blocked, then where the question goes: "When you can't proceed, return to N",
    # "If the spec is ambiguous, route to N", "- Spec ambiguous → N" (an arrow under any heading),
    # "Output contradicts the spec: route the report to N".
    _cue(
        ESC,
        r"\b(?:if|when|whenever|where|unless)\b[^\ue000.;]{0,60}?" + _BLOCKED + r"[^\ue000.;]{0,40}?"
        r"\b(?:route|return|go\s+back|come\s+back|send|bring|refer|defer|hand)\w*\b[^\ue000.;:]{0,30}?\bto\s+"
        + _DET
        + _LIST,
        needles=("if", "when", "where", "unless"),
    ),
    _cue(
        ESC,
        r"^\s*[^\ue000→.;:]{0,60}?"
        + _BLOCKED
        + r"[^\ue000→.;:]{0,60}?\s*(?:→|->|=>|⇒|:\s*(?:(?:route|return|send|bring|refer|hand|take)\w*\b"
        r"[^\ue000.;:]{0,40}?\bto|ask|consult))\s*" + _DET + _LIST,
        needles=("→", "->", "=>", "⇒", ":"),
    ),
    _cue(
        ESC,
        r"\b(?:must|should|always)\s+(?:first\s+)?(?:ask|consult|check\s+with|confirm\s+with)\s+" + _DET + _LIST,
        needles=("must", "should", "always"),
    ),
    _cue(
        ESC,
        r"\b(?:ask|asks|asking|consult|check\s+with|confirm\s+with)\s+"
        + _DET
        + _LIST
        + r"[^\ue000.;]{0,80}?\bbefore\s+(?:proceeding|continuing|acting|making|applying|committing|starting|executing|implementing|changing|deleting|moving\s+on|going\s+further|you\s)",
        needles=("before",),
    ),
    _cue(
        ESC,
        r"\b(?:ask|asks|asking|request\w*)\s+"
        + _DET
        + _LIST
        + r"\s+(?:for\s+|to\s+)?(?:explicit\s+|their\s+|an?\s+|the\s+)?(?:approv\w*|sign\s*-?\s*off|confirm\w*|consent|permission|go-ahead|authori[sz]\w*|decid\w*|decision)",
        needles=("ask", "request"),
    ),
    # Asking someone to decide: "ask the user to select the source of truth", "... to resolve it".
    _cue(
        ESC,
        r"\b(?:ask|asks|asking)\s+"
        + _DET
        + _LIST
        + r"\s+to\s+(?:select|choose|pick|resolve|settle|answer|clarify|arbitrate|rule\s+on)\b",
        needles=("ask",),
    ),
    # Asking only when blocked: "You may ask the user only when genuinely blocked".
    _cue(
        ESC,
        r"\b(?:ask|asks|asking|consult|consults)\s+"
        + _DET
        + _LIST
        + r"\s+(?:only\s+)?(?:when|if|whenever)\b[^\ue000.;]{0,40}?"
        + _BLOCKED,
        needles=("ask", "consult"),
    ),
    # Talking it over before acting: "Discuss with user before:", "check with the lead before merging".
    _cue(
        ESC,
        r"\b(?:discuss|discusses|talk|talks|check|checks|clear|clears|agree|agrees|align|aligns)\s+(?:[\w-]+\s+){0,3}?with\s+"
        + _DET
        + _LIST
        + r"\s+(?:first\s+)?(?:before|prior\s+to)\b",
        needles=("before", "prior"),
    ),
    # Asking instead of guessing: "ask the user rather than guess", "consult the lead instead of assuming".
    _cue(
        ESC,
        r"\b(?:ask|asks|asking|consult|check\s+with|confirm\s+with)\s+"
        + _DET
        + _LIST
        + r"[^\ue000.;]{0,60}?\b(?:rather\s+than|instead\s+of)\s+(?:guess|assum|invent|improvis|speculat|fabricat|mak\w*\s+(?:assumptions|things\s+up|it\s+up|up))",
        needles=("rather", "instead"),
    ),
    # Asking as a lead-in to what is asked: "Ask the user:", "Ask the user these questions:".
    _cue(
        ESC,
        r"(?:^|[.!?]\s+)\s*(?:[\w,]+\s+){0,3}?(?:ask|asks|asking)\s+"
        + _DET
        + _LIST
        + r"(?:\s+(?:these|the\s+following|a\s+few|some|all)(?:\s+[\w-]+)?\s+questions?)?\s*(?:\([^()]*\))?\s*:\s*$",
        needles=("ask",),
    ),
    # Waiting on someone's word: "wait for the user to approve the plan", "until the lead signs off".
    _cue(
        ESC,
        r"\bwait(?:s|ing)?\s+for\s+"
        + _DET
        + _LIST
        + r"(?:['’]s)?\s+(?:to\s+)?(?:explicit\s+)?(?:approv|confirm|decid|decision|sign|go-ahead|green-?\s*light|respon|repl|answer|review|ok\b|okay)",
        needles=("wait",),
    ),
    _cue(
        ESC,
        r"\b(?:until|after|once)\s+"
        + _DET
        + _LIST
        + r"\s+(?:has\s+|have\s+)?(?:explicitly\s+)?(?:approves?|approved|confirms?|confirmed|decides?|decided|signs?\s+off|signed\s+off|says\s+so|gives\s+the\s+go-ahead)",
        role="subject",
        needles=("until", "after", "once"),
    ),
    # someone else escalates, delegates or hands off to this agent: "X escalates to you"
    _cue(
        ESC,
        _LIST + r"\s+escalates?\b[^\ue000.;]{0,60}?\bto\s+(?:you|me|us|this\s+agent)\b",
        incoming=True,
        role="subject",
        needles=("escalate",),
    ),
    # boundaries
    _cue(BOUND, r"\b(?:distinct|different|separate|separated)\s+from\s+" + _DET + _LIST, needles=("from",)),
    _cue(
        BOUND,
        r"\b(?:unlike|versus|vs\.?|as\s+opposed\s+to|instead\s+of|rather\s+than|not\s+to\s+be\s+confused\s+with)\s+"
        + _DET
        + _LIST,
        needles=("unlike", "versus", "vs", "opposed", "instead", "rather", "confused"),
        user_kind="",  # "written for the AI rather than a human": a contrast, no relation
    ),
    _cue(
        BOUND,
        _LIST
        + r"'s\s+(?:job|responsibilit\w*|domain|area|role|call|territory|remit|scope|concern|problem|lane|turf|purview|specialt\w*|expertise)",
        role="subject",
        needles=("'s",),
    ),
    # "style is `code-reviewer` territory", "That's `qa-engineer`." (whose work that is), and a
    # scope excluded with its owner in brackets: "Not for pre-release testing (qa-engineer)".
    _cue(
        BOUND,
        _LIST + r"\s+(?:territory|turf|remit|purview|lane)\b",
        role="subject",
        needles=("territory", "turf", "remit", "purview", "lane"),
    ),
    _cue(
        BOUND,
        r"(?:^|[.;:!?—–]\s*|\*\*\s*)(?:that'?s|that\s+is|those\s+are)\s+"
        + _DET
        + _LIST
        + _AGENT_WORD
        + r"(?:'s)?\s*(?:[.;!)]|$)",
        needles=("that",),
        user_kind="",  # "That's human.": a word about people, no one's work
    ),
    _cue(
        BOUND,
        r"\bnot\s+for\b[^\ue000.;()]{3,80}?\(\s*(?:that'?s\s+|use\s+|see\s+)?"
        + _DET
        + _LIST
        + _AGENT_WORD
        + r"(?:'s)?\s*\)",
        needles=("not for",),
    ),
    _cue(
        BOUND,
        r"\b(?:handled|owned|covered|managed|addressed|taken\s+care\s+of|the\s+responsibility\s+of|the\s+domain\s+of)\s+by\s+"
        + _DET
        + _LIST,
        needles=(" by",),
    ),
    _cue(BOUND, r"\bbelongs?\s+(?:to|with)\s+" + _DET + _LIST, needles=("belong",)),
    _cue(BOUND, r"\b(?:sits?|lies|lie|rests?|stays?|remains?|lives?)\s+with\s+" + _DET + _LIST, needles=(" with",)),
    _cue(
        BOUND,
        r"\b(?:is|are)\s+" + _DET + _LIST + r"'s(?=\s*(?:$|[.;:,)]|\s+(?:job|call|area|problem|to\b)))",
        role="subject",
        needles=("'s",),
    ),
    _cue(
        BOUND,
        r"\b(?:that|which)\s+"
        + _LIST
        + r"\s+(?:maintains|manages|runs|operates|owns|handles|covers|decides|controls|is\s+responsible\s+for)\b",
        role="subject",
        needles=("that", "which"),
    ),
    # "(see X § Parallel limits)", "(see X.md)": a section of X's file is cited, not X's work.
    _cue(
        BOUND,
        r"\(\s*(?:see|ask|use|try)\s*:?\s+(?:also\s+)?"
        + _DET
        + _LIST
        + r"(?!\s*(?:§|#|\.md\b|['’]s\s+(?:section|file|docs?)\b))",
        needles=("(",),
        routing=True,
    ),
    _cue(
        BOUND,
        r"\b(?:defer\w*|refer\w*|redirect\w*|leave\w*)\b" + _FILL + r"\bto\s*:?\s+" + _DET + _LIST,
        needles=("defer", "refer", "redirect", "leave"),
    ),
    _cue(BOUND, r"\buse\s+" + _DET + _LIST + _AGENT_WORD + r"\s+instead\b", needles=("instead",), routing=True),
    _cue(
        BOUND,
        _LIST
        + _AGENT_WORD
        + r",?\s+(?:which|who|that)?\s*(?:handles|owns|covers|is\s+responsible\s+for|takes\s+care\s+of|is\s+in\s+charge\s+of)\b",
        role="subject",
        needles=("handles", "owns", "covers", "responsible", "care", "charge"),
    ),
    _cue(
        BOUND,
        r"\b(?:that|which)\s+" + _LIST + r"\s+(?:can|should|will|could|would|must)\s+(?:handle|own|cover|take|do)\b",
        role="subject",
        needles=("that", "which"),
    ),
    _cue(
        BOUND,
        r"\bwhile\s+" + _LIST + _AGENT_WORD + r"\s+(?:handles|owns|covers|focuses\s+on|does)\b",
        role="subject",
        needles=("while",),
    ),
    _cue(
        BOUND,
        r"\blet\s+"
        + _DET
        + _LIST
        + r"\s+(?:decide|decides|handle|own|choose|determine|manage|take\s+care\s+of|deal\s+with|do)\b",
        needles=("let ",),
    ),
    # A duty put on another agent: "react18-test-guardian must rewrite the tests first" (its job);
    # not "decide if X should run" (a choice of this agent's).
    _cue(
        BOUND,
        r"(?<!\bif\s)(?<!\bwhether\s)(?<!\bif\sthe\s)(?<!\bwhether\sthe\s)"
        + _LIST
        + _AGENT_WORD
        + r"\s+(?:must|should|has\s+to|needs?\s+to)\s+(?:first\s+)?(?!be\b|approve|sign|decide|confirm|authori|review\b|know\b|see\b|receive|get\b)[a-z]{3,}\b",
        role="subject",
        needles=("must", "should", "has to", "need"),
        team_only=True,
    ),
    # Exclusive ownership written in another agent's file: "only X commits", "X alone merges".
    _cue(
        BOUND,
        r"(?<!\bnot\s)\bonly\s+"
        + _DET
        + _LIST
        + _AGENT_WORD
        + r"\s+(?:(?:may|can|should|must|is\s+allowed\s+to|are\s+allowed\s+to|gets?\s+to|is\s+permitted\s+to)\s+)?"
        + _EXCLUSIVE_VERB,
        role="subject",
        needles=("only",),
    ),
    _cue(
        BOUND,
        _LIST
        + _AGENT_WORD
        + r"\s+(?:alone\s+(?:(?:may|can|should|must)\s+)?|(?:is|are)\s+the\s+only\s+(?:one|agent|role)s?\s+(?:that|who)\s+(?:(?:may|can)\s+)?)"
        + _EXCLUSIVE_VERB,
        role="subject",
        needles=("alone", "only"),
    ),
    # delegation
    _cue(
        DELEG,
        r"\b(?:assigned|delegated|dispatched|routed|invoked|spawned|launched|summoned)\s+(?:to\s+(?:you|me)\s+)?by\s+"
        + _DET
        + _LIST,
        incoming=True,
        needles=(" by",),
    ),
    # "Receive objectives from Claude": whoever sets the work delegates it.
    _cue(
        DELEG,
        r"\b(?:receiv\w*|gets?|getting|accept\w*|takes?|taking)\s+(?:[\w-]+\s+){0,3}?"
        r"(?:objectives?|assignments?|tasks?|instructions?|orders|directives?|missions?|work\s+items?|tickets?)\s+"
        r"(?:from|by)\s+" + _DET + _LIST,
        incoming=True,
        needles=("from", " by"),
        user_kind="",
    ),
    _cue(DELEG, r"\bdelegat\w*\b" + _FILL + r"(?:\bto|:)\s*:?\s*" + _DET + _LIST, needles=("delegat",)),
    _cue(DELEG, r"\bassign\w*\b" + _FILL + r"(?:\bto|:)\s*:?\s*" + _DET + _LIST, needles=("assign",)),
    # Work or a question that "routes to N" (the verb without an object: the topic is its
    # subject): a question goes up, other work is handed over ("Scope questions route to N",
    # "Production-behavior testing routes to N"); "you route X to N" stays delegation.
    _cue(
        ESC,
        r"\b(?:questions?|decisions?|conflicts?|disputes?|disagreements?|escalations?|ambiguit\w+|exceptions?)"
        r"(?:\s*\([^()]*\))?\s+(?:are\s+|is\s+|get\s+|gets\s+)?routed?s?\s+(?:directly\s+|straight\s+)?to\s+"
        + _DET
        + _LIST,
        needles=("rout",),
    ),
    _cue(
        HAND,
        r"(?<![.;:!?])(?<!\byou)(?<!\bthen)(?<!\band)(?<!\bor)(?<!\bmust)(?<!\bshould)(?<!\balways)(?<!\bwill)(?<!\bcan)"
        r"(?<!\bto)(?<!\bwe)(?<!\bplease)(?<!\bfirst)(?<=[a-z)])\s+routes?\s+(?:directly\s+|straight\s+)?to\s+"
        + _DET
        + _LIST,
        needles=("rout",),
    ),
    _cue(
        DELEG,
        r"\b(?:route|dispatch|allocate|outsource)\w*\b" + _FILL + r"\bto\s+" + _DET + _LIST,
        needles=("route", "dispatch", "allocate", "outsource"),
    ),
    _cue(
        DELEG,
        r"\b(?:use|uses|using|invoke\w*|call|calls|calling|spawn\w*|launch\w*|dispatch\w*|request\w*|employ\w*|summon\w*|trigger\w*|activat\w*|deploy|deploys)\s+"
        + _DET
        + _LIST,
        router_only=True,
        needles=(
            "use",
            "call",
            "invok",
            "spawn",
            "launch",
            "dispatch",
            "request",
            "employ",
            "summon",
            "trigger",
            "activat",
            "deploy",
        ),
    ),
    # "Always run: a, b and c", "then run qa-lead": running an agent gives it work.
    _cue(
        DELEG,
        r"(?:^|[.;:,(]\s*|\b(?:always|then|first|also|and|must|should|will|you|next|finally|now)\s+)(?:run|runs|re-?run)\s*:?\s+"
        + _DET
        + _LIST
        + r"(?="
        + _AGENT_WORD
        + r"\s*(?:$|[.;:,)]|\s+(?:on|for|in|to|after|before|when|if|and|or|first|then|next|last)\b))",
        router_only=True,
        needles=("run",),
        team_only=True,
    ),
    # A lead's team stated in prose: "You lead a team of three agents: a, b and c", "Your
    # specialists are a and b", "Pick the specialist: a for APIs, b for tests".
    _cue(
        DELEG,
        r"\b(?:lead|leads|manage|manages|direct|directs|supervise|supervises|oversee|oversees|coordinate|coordinates|run|runs)\s+"
        r"(?:a|the|your|this)\s+team\s+of\s+(?:\w+\s+)?(?:(?:sub-?)?agents|specialists|workers|experts)?\s*:?\s*"
        + _DET
        + _LIST,
        needles=("team of",),
    ),
    _cue(
        DELEG,
        r"\byour\s+(?:team|specialists|sub-?agents|agents|workers|experts|direct\s+reports)\s+(?:are|is|include|includes|consists?\s+of)\s*:?\s*"
        + _DET
        + _LIST,
        needles=("your",),
    ),
    _cue(
        DELEG,
        r"\b(?:pick|picks|choose|chooses|select|selects)\s+(?:the|a|an)\s+(?:right\s+|appropriate\s+|best\s+|matching\s+)?(?:sub-?agent|agent|specialist|expert|worker)s?\s*:\s*"
        + _DET
        + _LIST,
        needles=("pick", "choose", "select"),
    ),
    # "Engage X on Y": a coordinator puts X to work; a specialist brings X in as a peer.
    _cue(
        DELEG,
        r"\bengag\w*\s+" + _DET + _LIST,
        router_only=True,
        peer=True,
        needles=("engag",),
    ),
    _cue(
        DELEG,
        _LIST
        + r"\s+(?:delegates?|assigns?|dispatches|routes|invokes|spawns|calls)\b[^\ue000.;]{0,60}?\bto\s+(?:you|me|us|this\s+agent)\b",
        incoming=True,
        role="subject",
        needles=("delegate", "assign", "dispatch", "route", "invoke", "spawn", "call"),
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
        needles=("from",),
    ),
    _cue(
        HAND,
        r"\b(?:inputs?|outputs?|hand-?offs?|specs?|specifications?|designs?|requirements|artifacts?|deliverables?|results|findings|reports?|plans?|blueprints?|tickets?|briefs?|work)\s+(?:from|by)\s+"
        + _DET
        + _LIST,
        incoming=True,
        needles=("from", " by"),
    ),
    _cue(
        HAND,
        r"\b(?:invoked|called|used|runs?|comes?|works?)\s+after\s+" + _DET + _LIST,
        incoming=True,
        needles=("after",),
    ),
    _cue(
        HAND,
        _LIST
        + r"'s\s+(?:acceptance\s+criteria|specs?|specifications?|requirements|designs?|mock-?ups?|wireframes?|outputs?|plans?|findings|reports?|blueprints?|tickets?|briefs?|hand-?offs?|deliverables?|artifacts?|analysis|contracts?)\b",
        incoming=True,
        role="subject",
        needles=("'s",),
    ),
    _cue(
        HAND,
        _LIST
        + r"\s+(?:hands?\s+off|hands?\s+over|passes|sends|delivers|provides|forwards|submits|gives|returns)\b[^\ue000.;]{0,60}?\bto\s+(?:you|me|us|this\s+agent)\b",
        incoming=True,
        role="subject",
        needles=("hand", "pass", "send", "deliver", "provide", "forward", "submit", "give", "return"),
    ),
    _cue(
        HAND,
        r"\b(?:once|after|when|as\s+soon\s+as)\s+"
        + _DET
        + _LIST
        + r"\s+(?:has\s+|have\s+)?(?:hands?|handed|passes|passed|finishes|finished|completes|completed|delivers|delivered|provides|provided|returns|returned|signs?\s+off|signed\s+off|is\s+done|are\s+done)\b",
        incoming=True,
        role="subject",
        needles=("once", "after", "when", "soon"),
    ),
    _cue(
        HAND,
        r"\b(?:give|gives|giving|hand|hands|handing|pass|passes|send|sends|show|shows)\s+"
        + _DET
        + _LIST
        + r"\s+(?:the|a|an|your|its|their|all|any|every|each|this|that|these|those)\s",
        needles=("give", "giving", "hand", "pass", "send", "show"),
    ),
    _cue(
        HAND,
        r"\b(?:provid|suppl|equip|furnish)\w*\s+" + _DET + _LIST + r"\s+with\b",
        needles=("provid", "suppl", "equip", "furnish"),
    ),
    # The receiver named as the one who acts on the output: "Main agent parses the report".
    _cue(
        HAND,
        _LIST
        + r"\s+(?:parses|reads|uses|consumes|receives|gets|takes|reviews|acts\s+on|picks\s+up|turns)\s+(?:the\s+|your\s+|this\s+|that\s+|these\s+)?(?:report|output|result|findings|plan|summary|analysis|hand-?off|spec|blueprint|brief|assignments?)s?\b"
        # "X receives specs from Y": Y's output, not this agent's.
        r"(?![^\ue000.;]{0,40}?\bfrom\s+(?:the\s+)?\ue000)",
        role="subject",
        needles=(
            "parses",
            "reads",
            "uses",
            "consumes",
            "receives",
            "gets",
            "takes",
            "reviews",
            "acts",
            "picks",
            "turns",
        ),
    ),
    _cue(
        HAND,
        r"\b(?:instructions|recommendations|findings|results|summary|hand-?off|blueprint|brief|assignments)\s+(?:to|for)\s+"
        + _DET
        + _LIST,
        needles=(
            "instruction",
            "recommendation",
            "finding",
            "result",
            "summary",
            "hand",
            "blueprint",
            "brief",
            "assignment",
        ),
    ),
    _cue(
        HAND,
        r"\bfor\s+"
        + _DET
        + _LIST
        + r"\s+to\s+(?:implement|use|review|act\s+on|build|fix|consume|pick\s+up|execute|apply|handle|test|verify|validate|refine|deploy|document|sequence|dispatch|triage|route|run)\b",
        needles=("for ",),
    ),
    _cue(
        HAND,
        r"\b(?:suggest|recommend|propos)\w*\s+(?:using\s+|invoking\s+|running\s+|calling\s+|engaging\s+)?"
        + _DET
        + _LIST,
        needles=("suggest", "recommend", "propos"),
    ),
    _cue(HAND, r"\b(?:invoked|called|used|runs?|comes?)\s+before\s+" + _DET + _LIST, needles=("before",)),
    # "the report goes to N", "a `.pdf` goes to N": a hand-off; in a lead's file, where work is routed.
    _cue(
        HAND,
        r"\b(?:goes|go|going|gets\s+sent|is\s+sent|are\s+sent|is\s+passed|are\s+passed)\s+(?:straight\s+|directly\s+|first\s+)?to\s+"
        + _DET
        + _LIST,
        needles=("go", "sent", "passed"),
        routing=True,
    ),
    _cue(
        HAND,
        r"\bhand(?:s|ed|ing)?[\s-]*(?:\w+\s+){0,2}?off\b" + _FILL + r"(?:\bto|:)\s*:?\s*" + _DET + _LIST,
        needles=("off",),
    ),
    _cue(HAND, r"\bhand-?offs?\b\s*(?:to|:|→|->)\s*:?\s*" + _DET + _LIST, needles=("hand",)),
    _cue(HAND, r"\bhand(?:s|ed|ing)?\b" + _FILL + r"\bover\s+to\s+" + _DET + _LIST, needles=("over",)),
    _cue(
        HAND,
        r"\b(?:pass|provid|deliver|send|submit|forward|feed|return|transfer|ship|publish|suppl|give|hand|output|produc|prepar|writ|creat|document|present)\w*\b"
        + _FILL
        + r"\b(?:to|into)\s+"
        + _DET
        + _LIST
        + r"(?=(?:'s)?\s*(?:$|[.;:,)—–-]|\s+(?:for|to|so|when|before|after|as|in|on|with|who|which|that|and|or|but|via|by|through|using|once|if|until|because|while|where|at|during)\b))",
    ),
    # collaboration
    # Every agent communicates with the user, to answer: only another agent makes it a relation.
    _cue(
        COLLAB,
        r"\bcommunicat\w*\b" + _FILL + r"\b(?:to|with)\s+" + _DET + _LIST,
        needles=("communicat",),
        user_kind="",
    ),
    _cue(
        COLLAB,
        r"\b(?:coordinat|collaborat|work|partner|pair|sync|liais|align|team|cooperat|interfac|consult|check|confer|iterat|interact|meet|talk|integrat|plan|review|discuss|agree|negotiat|verif|confirm|validat|brainstorm|co-?own|share)\w*\b"
        + _FILL
        + r"\b(?:with|alongside)\s+"
        + _DET
        + _LIST,
        needles=("with", "alongside"),
    ),
    _cue(COLLAB, r"\bconsult(?:s|ed|ing)?\s+(?:with\s+)?" + _DET + _LIST, needles=("consult",)),
    _cue(COLLAB, r"\b(?:in\s+)?parallel\s+(?:with|to)\s+" + _DET + _LIST, needles=("parallel",)),
    _cue(
        COLLAB,
        r"\b(?:alongside|together\s+with|jointly\s+with|in\s+(?:collaboration|coordination|partnership|concert|tandem)\s+with)\s+"
        + _DET
        + _LIST,
        needles=("alongside", "together", "jointly", " in "),
    ),
    _cue(
        COLLAB,
        r"\b(?:ask|asks|asking|loop\s+in|involve\w*|notify\w*|inform\w*|update|updates|keep|cc|ping|sync|brief|briefs|briefing|tell|tells|telling|alert|alerts"
        r"|support|supports|supporting|guide|guides|guiding|help|helps|helping|assist|assists|assisting|query|queries|querying"
        r"|advise|advises|advising|mentor|mentors|coach|coaches|unblock|unblocks|enable|enables|bring\s+in|brings\s+in|pull\s+in|pulls\s+in)\s+"
        + _DET
        + _LIST,
        needles=(
            "ask",
            "loop",
            "involve",
            "notif",
            "inform",
            "update",
            "keep",
            "cc",
            "ping",
            "sync",
            "brief",
            "tell",
            "alert",
            "support",
            "guid",
            "help",
            "assist",
            "quer",
            "advis",
            "mentor",
            "coach",
            "unblock",
            "enabl",
            "bring",
            "pull",
        ),
        user_kind="",
    ),
    _cue(
        COLLAB,
        r"\b(?:feedback|advice|input|support|expertise|review)\s+(?:from|of)\s+" + _DET + _LIST,
        needles=("from", " of"),
    ),
    # Last resort: any other "... with N" ("Gate releases with QA", "clarify with PM").
    _cue(
        COLLAB,
        r"(?<!\bstart )(?<!\bbegin )(?<!\bcompare )(?<!\bcompared )(?<!\breplace )(?<!\bconfused )(?<!\bconflict )(?<!\bconflicts )(?<!\boverlap )(?<!\boverlaps )\bwith\s+"
        + _DET
        + _LIST,
        weak=True,
        needles=("with",),
    ),
)

#: One fast pattern per cue over its needles (None: the cue always runs).
_NEEDLES = tuple(sorted({n for cue in CUES for n in cue.needles}))


def needles_in(lowered: str) -> set[str]:
    """The cue needles that ``lowered`` (lower-case text) holds: a cue whose needles are all
    missing cannot match, and is not tried."""
    return {n for n in _NEEDLES if n in lowered}


#: Line-leading "TO N:", "FROM N:", "WITH N:" labels; the kind comes from the section.
DIRECTION_LABEL = re.compile(
    r"^\s*(to|from|with|→|->|←|<-)\s+" + _DET + _LIST + r"\s*(?::|$|\s[-–—]\s|\()", re.IGNORECASE
)
#: A line led by names: "N: does x", "N — does x", "N (does x)", or only names.
LEADING = re.compile(
    r"^\s*(?:[-–—→]\s*)?" + _DET + _LIST + _AGENT_WORD + r"\s*(?:$|:|[-–—]|\(|\bfor\b|\bwhen\b|\bif\b)", re.IGNORECASE
)
#: The verb that a line led by names starts its description with ("- **X**: Escalate
#: findings", "- X — Hand off for implementation"): what goes to those agents.
LEAD_VERB = re.compile(
    r"\s*(?:(?P<esc>escalat(?:e|es|ion)\b)|(?P<hand>hand(?:s|ing)?[\s-]*off\b|hand\s+over\b|pass(?:es)?\s+\w+\s+to\b)"
    r"|(?P<deleg>delegat(?:e|es|ion)\b))",
    re.IGNORECASE,
)
LEAD_VERB_KINDS = {"esc": ESC, "hand": HAND, "deleg": DELEG}
#: A gate where work waits for a word no one is named for: "pause at each checkpoint",
#: "wait for confirmation", "stop until approved" (the person the agent works for gives it).
UNNAMED_GATE = re.compile(
    r"\b(?:pause|pauses|stop|stops|halt|halts|wait|waits)\b[^.;:\ue000]{0,60}?\b(?:for|until)\s+(?:explicit\s+|the\s+|an?\s+)?"
    r"(?:confirmation|approval|sign-?off|go-ahead|consent|approved|confirmed)\b"
    r"|\b(?:pause|pauses|stop|stops)\s+at\s+(?:each|every|the)\s+[^.;:]{0,30}?\b(?:checkpoints?|gates?)\b",
    re.IGNORECASE,
)
#: Agents that are the subject of a verb of producing or recording ("the reports X and Y
#: produce", "what X records"): the work is theirs, nobody is given it.
DOERS = re.compile(
    _LIST
    + r"\s+(?:produce|produces|record|records|write|writes|emit|emits|generate|generates|log|logs|publish|publishes"
    r"|keep|keeps|maintain|maintains|collect|collects|track|tracks)\b"
)
#: A title that says the agents listed under it work with this one, not for it.
SAYS_WITH = re.compile(r"\b(?:collaborat\w*|works?\s+with|partners?|peers?|alongside)\b", re.IGNORECASE)
#: Ids of agents that hand out work ("it-ops-orchestrator", "task-distributor").
COORDINATOR = re.compile(r"orchestrat|coordinat|dispatch|router|distribut|organi[sz]er|conductor|supervisor|delegator")
#: An inline label before the names it governs: "Output goes to: `tester`, `qa`".
INLINE_LABEL = re.compile(r"^\s*([^:\ue000\ue001]{3,60}?)\s*:\s+(?=.*\ue000)")
SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
#: A name after one of these words is a topic, not a target ("Coordinates with: X on SRE").
TOPIC_BEFORE = re.compile(r"\b(?:on|about|regarding|in|of|for|with|like|than|via|using)\s+(?:the\s+)?$", re.I)
#: A line that is only names: "### Backend Staff", "### To: @qa-lead (sign-off)".
WHOLE = re.compile(
    r"^\s*(?:(?:to|with|from)\s*:?\s+)?" + _DET + _LIST + _AGENT_WORD + r"\s*(?:\([^()]*\))?\s*:?\s*$", re.IGNORECASE
)

NEGATED = re.compile(
    r"\b(?:not|never|don'?t|do\s+not|doesn'?t|does\s+not|avoid|no\s+need\s+to|without)\s+(?:[\w-]+\s+)?$", re.IGNORECASE
)
#: "never … without", "do not … without": the approval is required, not waived.
DOUBLE_NEGATIVE = re.compile(r"\b(?:never|not|don'?t|no)\b[^.;:!?]*\bwithout\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
BAD_EXAMPLE = re.compile(
    r"^\s*(?:[-*]\s*)?(?:❌|✗|✘|🚫|⛔|\*\*(?:bad|wrong|don'?t|anti-?pattern)\b|(?:bad|wrong|anti-?pattern)\s*(?:example)?\s*:)"
    r"|\b(?:don'?t|do\s+not|never|avoid)\s+(?:say|write|saying|writing)\b",
    re.IGNORECASE,
)
#: A verdict in capitals on what was just shown: "WRONG. Retry first."
SHOUTED_WRONG = re.compile(r"(?:^|\s)(?:❌|✗|WRONG|INCORRECT|BAD)\b[.:!]?")
#: Words put in someone's mouth: "you think: “let me tell the user”", "says: 'Done!'".
SPEECH = re.compile(
    r"\b(?:think|thinks|thinking|thought|say|says|saying|said|reply|replies|replied|respond|responds|answer|answers)"
    r"\s*:?\s*([“\"‘'])[^”\"’\n]{1,400}[”\"’']",
    re.IGNORECASE,
)
BARE_ESCALATE = re.compile(
    r"\bescalat(?:e|es|ed|ing)\b(?!\s+(?:if|when|as|only|sooner|immediately|early)\b)", re.IGNORECASE
)
ARROW = re.compile(r"\s*(?:→|->|⟶|=>|⇒)\s*")
LEVEL = re.compile(r"\b(?:level|tier|stage)\s*[:#]?\s*(\d{1,2})\b", re.IGNORECASE)

#: Heading or label words -> the kind of relation a bare name under it stands in.
SECTION_KINDS: tuple[tuple[re.Pattern[str], str, bool], ...] = (
    (re.compile(r"escalat|\blevel\s*\d|\btier\s*\d", re.I), ESC, False),
    # "From team.md, the current agents are:" names a file, not whom work comes from.
    (
        re.compile(r"\bfrom\b(?!\s+[\w./-]+\.(?:md|mdx|ya?ml|json|toml|txt|rst)\b)|receives?|upstream|inputs?\b", re.I),
        HAND,
        True,
    ),
    # Labels without a verb: "**After:** X" (X's work comes first), "**Before:** X" (X comes next).
    (re.compile(r"^\W*(?:runs?\s+|comes?\s+|use\s+|invoked\s+)?after\W*$", re.I), HAND, True),
    (re.compile(r"^\W*(?:runs?\s+|comes?\s+|use\s+|invoked\s+)?before\W*$", re.I), HAND, False),
    # After the incoming entry: "Reports to / receives tasks from: X" names where work comes from.
    (re.compile(r"\breports?\s+to\b|chain\s+of\s+command", re.I), ESC, False),
    (
        re.compile(
            r"hand-?\s?offs?|hands\s+off|\bpass(?:es)?\s+to|downstream|next\s+steps?|\boutputs?\s+(?:goes\s+)?to|\bconsumers\b|feeds?\s+into|next\s+agents?|^\W*(?:up\s+)?next\W*$",
            re.I,
        ),
        HAND,
        False,
    ),
    (
        re.compile(
            r"delegat|assign|routing|dispatch|sub-?agents|roster|agent\s+selection|selection\s+guide|available\s+(?:\w+\s+)?(?:agents|specialists)|\byour\s+(?:team|crew|specialists|sub-?agents|agents)\b|^\W*(?:the\s+)?(?:specialists|team\s+roster)\W*$|(?:implementation|specialist|engineering|worker)\s+agents|specialists?\s+(?:to\s+use|map|list)|agents?\s+to\s+(?:use|call|invoke)|who\s+to\s+call",
            re.I,
        ),
        DELEG,
        False,
    ),
    (
        re.compile(
            r"boundar|not\s+responsible|out\s+of\s+scope|do(?:es)?\s+not\s+(?:do|handle)|don'?t\s+do|not\s+for\b|what\s+you\s+do\s+not|\bnot\s+my\s+job|\bownership|\bnot\s+to\s+use\b",
            re.I,
        ),
        BOUND,
        False,
    ),
    (
        re.compile(
            r"collaborat|coordinat|work(?:s|ing)?\s+(?:well\s+)?with|complement\w*|pairs?\s+(?:well\s+)?with|\bparallel\s+(?:\w+\s+)?with\b|related\s+(?:agents|roles|specialists)|integration\s+points|integrat\w*\s+with|other\s+agents|cross-agent|\bpeers?\b|partners?|\bteam\s*(?:mates|members)|interaction|interfaces?\s+with|\bconsult",
            re.I,
        ),
        COLLAB,
        False,
    ),
)
#: A heading or label naming who the lines under it are about: "**Backend-coordinator will:**".
THIRD_PARTY_LABEL = re.compile(
    r"^\s*" + _LIST + r"\s+(?:will|does|should|can|handles|provides|responsibilities)\b", re.IGNORECASE
)

IDENTITY_KEYS = frozenset(
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

KEY_KINDS: tuple[tuple[re.Pattern[str], str, bool], ...] = (
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

VERB_KINDS = (
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
RECEIVE = frozenset({"receives", "receive", "gets", "takes", "inputs", "accepts"})

TOPIC_KEY = re.compile(
    r"(?:^|_)(?:for|keywords?|triggers?|conditions?|criteria|when|topics?|scenarios?|patterns?|rules?|reasons?|areas?|types?|thresholds?)(?:_|$)"
)
TARGET_FIELDS = frozenset({"to", "agent", "target", "who", "escalate_to", "agent_name", "handoff_to", "next", "from"})
DETAIL_FIELDS = frozenset(
    {"level", "tier", "when", "condition", "trigger", "if", "reason", "label", "prompt", "send", "why"}
)

#: A table's column that names the agents of a team ("| Agent | Specialty |"), and a column
#: beside it that says what each is for: together, a roster.
ROSTER_AGENT_COLUMN = re.compile(r"^\W*(?:agents?|sub-?agents?|specialists?|members?|team\s+members?|name)\W*$", re.I)
ROSTER_DUTY_COLUMN = re.compile(
    r"specialt|expertise|when\s+to\s+(?:use|call|invoke)|use\s+(?:when|for|it\s+for)|\brole\b|purpose|responsibilit"
    r"|focus|domain|handles|strengths?|best\s+for|capabilit|description|what\s+(?:it|they)\s+does?|\bowns\b|\barea\b",
    re.I,
)
#: A routing line: a topic, then only the agents it goes to ("Forms → forms-agent",
#: "- Research: **researcher**").
ROUTING_LINE = re.compile(
    r"^\s*(?!(?:examples?|e\.?g\.?|for\s+example|such\s+as|including|includes?|notes?|see(?:\s+also)?|related|"
    r"agents?|specialists?|members?|team|others?|also)\s*(?::|→|->))"
    r"[^\ue000\ue001:→]{1,60}?\s*(?::|→|->|=>|⇒)\s*" + _DET + _LIST + _AGENT_WORD + r"\s*(?:\([^()]*\))?\s*[.;]?\s*$",
    re.IGNORECASE,
)
#: The object of "send X to N" that is work to do, not a result: "send backend work to N".
WORK_OBJECT = re.compile(
    r"^(?:all\s+|any\s+)?(?!(?:completed|finished|done|reviewed|your|their|its|our|the|this|that|my)\b)[\w-]+\s+"
    r"(?:work|tasks?|jobs?|requests?|tickets?)$",
    re.I,
)
#: A name of a group of people or agents ("the V3 Team", "the platform squad").
GROUP_WORD = re.compile(r"\b(?:teams?|squads?|crews?|groups?|swarms?|guilds?)\s*$", re.I)
#: A name that is the subject of the verb after it: "`a` gives details to `b`", "then
#: backend-dev will hand off to ...": at a clause start, with at most an adverb or a modal.
SUBJECT_BEFORE = re.compile(
    r"(?:^|[.;!?,]\s+|:\s+|\b(?:then|and|while|once|after|before|when|if)\s+)(?:the\s+)?"
    + OPEN
    + r"(\d+)"
    + CLOSE
    + r"(?:\s+(?:sub-?)?agent)?\s+(?:(?:then|also|always|directly|first|will|should|must|can|may|now)\s+)?$",
    re.IGNORECASE,
)
#: A heading over the steps of a lead's process: "## Workflow", "### Phase 2", "## Pipeline".
WORKFLOW_HEADING = re.compile(
    r"\b(?:workflow|process|pipeline|phases?|steps?|stages?|sequence|playbook|procedure)\b", re.I
)
#: A step led by the agent that does it: "**backend-dev** implements the API", "qa-lead: tests".
STEP_LEADER = re.compile(
    r"^\s*(?:(?:step|phase|stage)\s*\d+\s*[:.)-]\s*)?(?:the\s+)?"
    + OPEN
    + r"(\d+)"
    + CLOSE
    + r"(?:\s+(?:sub-?)?agent)?(?:\s*[:–—-]\s|\s+(?:then\s+)?[a-z]+s\b)",
    re.IGNORECASE,
)
