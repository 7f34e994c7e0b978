"""Names: slugs, the words that make a phrase a role, and resolving written names to ids.

An agent is written many ways (``backend-staff``, ``Backend Staff``, ``@backend-staff``,
``backend_staff``, ``the backend-staff agent``). They all normalise to one key, and the
:class:`NameIndex` maps keys to agent ids. Names that are not agents of the team become
*external roles* (people, groups, or agents that no file defines).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SEPARATORS = re.compile(r"[\s_\-]+")

#: Longest id kept whole; longer ones are cut and suffixed with a hash so they stay unique.
MAX_ID_LENGTH = 64


def slug(text: str) -> str:
    """Lower-case ASCII slug: accents dropped, runs of other characters become ``-``."""
    folded = unicodedata.normalize("NFKD", str(text))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    value = _NON_ALNUM.sub("-", folded.lower()).strip("-")
    if len(value) > MAX_ID_LENGTH:
        digest = hashlib.sha1(value.encode()).hexdigest()[:8]
        value = value[: MAX_ID_LENGTH - 9].rstrip("-") + "-" + digest
    return value


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """The key two spellings of one name share: ``Backend Staff`` = ``backend_staff``."""
    text = text.strip().lstrip("@").strip("`*_ ")
    return _SEPARATORS.sub("-", text.lower()).strip("-")


#: Last words that make a phrase name a role ("Engineering Manager", "platform-engineer").
ROLE_HEADS: frozenset[str] = frozenset(
    [
        "engineer",
        "lead",
        "manager",
        "architect",
        "team",
        "staff",
        "owner",
        "designer",
        "developer",
        "dev",
        "devs",
        "analyst",
        "specialist",
        "expert",
        "auditor",
        "tester",
        "writer",
        "coordinator",
        "orchestrator",
        "reviewer",
        "admin",
        "administrator",
        "agent",
        "subagent",
        "officer",
        "director",
        "scientist",
        "strategist",
        "consultant",
        "advisor",
        "adviser",
        "planner",
        "researcher",
        "maintainer",
        "operator",
        "investigator",
        "optimizer",
        "modernizer",
        "archaeologist",
        "builder",
        "judge",
        "curator",
        "guardian",
        "steward",
        "committee",
        "board",
        "council",
        "commander",
        "responder",
        "oncall",
        "on-call",
        "head",
        "chief",
        "executive",
        "mentor",
        "coach",
        "scribe",
        "pro",
        "guru",
        "master",
        "ninja",
        "champion",
        "arbiter",
        "gatekeeper",
        "librarian",
        "historian",
        "navigator",
        "triager",
        "dispatcher",
        "router",
        "supervisor",
        "overseer",
        "validator",
        "verifier",
        "checker",
        "inspector",
        "evaluator",
        "assessor",
        "auditors",
        "leader",
        "leadership",
        "squad",
        "guild",
        "crew",
        "department",
        "group",
        "desk",
        "helpdesk",
        "counsel",
        "partner",
        "debugger",
        "profiler",
        "bot",
        "assistant",
    ]
)

#: Upper-case abbreviations that name a role of a software team.
ROLE_ACRONYMS: frozenset[str] = frozenset(
    [
        "PM",
        "QA",
        "SRE",
        "DBA",
        "CTO",
        "CEO",
        "CISO",
        "CIO",
        "CPO",
        "COO",
        "VP",
        "EM",
        "PO",
        "TPM",
        "SME",
        "DS",
        "BA",
        "TL",
        "SDET",
        "SRES",
        "PMS",
        "EMS",
    ]
)
_IC_LEVEL = re.compile(r"^IC\d{1,2}$")

#: Ways to write the person the agents work for.
USER_WORDS: frozenset[str] = frozenset({"user", "users", "human", "humans", "the-user"})
#: The id of the main assistant that runs the agents, written as such ("the main agent").
MAIN_AGENT = "main-agent"
#: Ways to write the main assistant that runs the agents, without naming it.
ASSISTANT_WORDS: frozenset[str] = frozenset(
    {"main-agent", "main-assistant", "main-thread", "parent-agent", "primary-agent", "calling-agent", "invoking-agent"}
)
#: Agents built into the tools that run agent files: Claude Code's ``general-purpose``,
#: and VS Code Copilot's built-in modes, which ``handoffs:`` may name.
BUILTIN_AGENTS: frozenset[str] = frozenset(
    {"general-purpose", "explore", "statusline-setup", "output-style-setup", "agent", "ask", "edit", "plan"}
)

#: Last words that make a phrase name a person or a group of people ("Engineering Manager",
#: "the security team"), for names that are not agents of the team. Narrower than
#: :data:`ROLE_HEADS`: "App Router", "resource group" or "the test runner bot" are no one.
PERSON_HEADS: frozenset[str] = frozenset(
    [
        "engineer",
        "engineers",
        "lead",
        "leads",
        "manager",
        "managers",
        "owner",
        "owners",
        "team",
        "teams",
        "staff",
        "architect",
        "designer",
        "developer",
        "developers",
        "analyst",
        "scientist",
        "administrator",
        "admin",
        "officer",
        "director",
        "head",
        "chief",
        "executive",
        "committee",
        "board",
        "council",
        "department",
        "squad",
        "guild",
        "crew",
        "counsel",
        "operator",
        "operators",
        "oncall",
        "on-call",
        "maintainer",
        "maintainers",
        "stakeholder",
        "stakeholders",
        "mentor",
        "coach",
        "consultant",
        "advisor",
        "reviewer",
        "reviewers",
        "approver",
        "approvers",
        "commander",
        "responder",
        "tester",
        "writer",
        "specialist",
        "expert",
        "auditor",
        "coordinator",
        "supervisor",
        "human",
        "humans",
        "user",
    ]
)
#: Single words that name a role or a team when written as a name ("QA", "DevOps", "PM"):
#: an agent whose id is one of these is found in prose written that way; an agent whose id
#: is any other single word ("plan", "debug", "terraform") only in an explicit form
#: (``@plan``, `` `plan` ``, "the plan agent").
TEAM_WORDS: frozenset[str] = frozenset(
    {"devops", "devsecops", "secops", "sre", "ops", "qa", "pm", "ds", "ux", "ui", "em", "po", "ba"}
)

#: Products, platforms and tools that read like names but never are agents.
NOT_ROLES: frozenset[str] = frozenset(
    [
        "aws",
        "gcp",
        "azure",
        "datadog",
        "pagerduty",
        "jenkins",
        "docker",
        "kubernetes",
        "k8s",
        "terraform",
        "pulumi",
        "github",
        "gitlab",
        "slack",
        "jira",
        "confluence",
        "trivy",
        "snyk",
        "sonarqube",
        "grafana",
        "prometheus",
        "sentry",
        "splunk",
        "opsgenie",
        "newrelic",
        "new-relic",
        "circleci",
        "ansible",
        "helm",
        "vault",
        "okta",
        "auth0",
        "stripe",
        "vercel",
        "netlify",
        "heroku",
        "cloudflare",
        "linear",
        "notion",
        "figma",
        "openai",
        "anthropic",
        "chatgpt",
        "gpt",
        "gemini",
        "copilot",
        "cursor",
        "postgres",
        "postgresql",
        "mysql",
        "redis",
        "mongodb",
        "kafka",
        "rabbitmq",
        "elasticsearch",
        "nginx",
        "react",
        "vue",
        "angular",
        "svelte",
        "nextjs",
        "django",
        "rails",
        "laravel",
        "flask",
        "fastapi",
        "spring",
        "node",
        "nodejs",
        "python",
        "java",
        "golang",
        "rust",
        "typescript",
        "javascript",
        "chrome",
        "firefox",
        "safari",
        "lighthouse",
        "webpack",
        "vite",
        "jest",
        "cypress",
        "playwright",
        "selenium",
        "postman",
        "swagger",
        "devtools",
        "xcode",
        "android",
        "ios",
        "cloudwatch",
        "honeycomb",
        "bugsnag",
        "rollbar",
        "launchdarkly",
        "argocd",
        "argo",
        "spinnaker",
    ]
)


def is_role_phrase(words: list[str]) -> bool:
    """True when a phrase's last word names a role (``Security Team``, ``tech-writer``)."""
    if not words:
        return False
    last = words[-1].lower()
    if last.endswith("'s"):
        last = last[:-2]
    return last in ROLE_HEADS and name_key("-".join(words)) not in NOT_ROLES


def is_role_acronym(token: str) -> bool:
    return token in ROLE_ACRONYMS or bool(_IC_LEVEL.match(token))


def is_role_word(key: str) -> bool:
    """A single word that names a role: ``qa``, ``devops``, ``ic4``, ``architect``."""
    return key in TEAM_WORDS or key in ROLE_HEADS or is_role_acronym(key.upper())


def external_id(written: str) -> str:
    """The id of an external role written as ``written``."""
    key = name_key(written)
    for prefix in ("the-", "a-", "an-"):
        if key.startswith(prefix):
            key = key[len(prefix) :]
    if key in USER_WORDS:
        return "user"
    if key in ASSISTANT_WORDS:
        return MAIN_AGENT
    if key in {"claude", "main-claude"}:
        return "claude"
    return slug(key)


def external_role_kind(target_id: str, style: str, written: str = "") -> str:
    """Classify an unresolved name: ``human``, ``assistant`` or ``missing`` (an agent)."""
    if target_id == "user":
        return "human"
    if style in {"list", "key"} and (" " in written.strip() or written[:1].isupper()):
        return "human"  # "Engineering Manager" in a front-matter list is a person, not an id
    if target_id in {MAIN_AGENT, "claude"} or target_id in BUILTIN_AGENTS:
        return "assistant"
    # Written the way agents are written (@x, `x`, x-y slugs, front-matter lists) but no
    # file defines it: a reference to an agent that does not exist.
    if style in {"at", "code", "slug", "key", "list", "agent"}:
        return "missing"
    return "human"


def _one_typo(written: list[str], name: list[str]) -> bool:
    """Whether ``written`` is ``name`` with a typo in one word (of at least four letters)."""
    if len(written) != len(name):
        return False
    differ = [(a, b) for a, b in zip(written, name) if a != b]
    if len(differ) != 1:
        return False
    a, b = differ[0]
    return min(len(a), len(b)) >= 4 and a[0] == b[0] and _edits(a, b) <= (1 if len(b) < 7 else 2)


def _edits(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap of neighbours) that turn ``a`` into ``b``."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


#: Role words that, after a one-word id, still name that agent: "the backend engineer".
_WORKER_HEADS = ("engineer", "developer", "dev", "specialist", "expert", "agent", "architect", "analyst")


class NameIndex:
    """Maps every spelling of every agent's name to its id.

    Multi-word names ("Tech Lead Orchestrator") are matched by trying the longest run of
    words first; ``first_words`` lets the scanner skip words that start no name at all.

    When several agents share a spelling (plugins that each ship a ``code-reviewer``), a
    name read in one agent's file means the one nearest to that file: :meth:`near` gives
    the index as seen from a file, which prefers the agent in the same folder, then the
    one sharing the longest part of its path.
    """

    __slots__ = (
        "_keys",
        "_shared",
        "_folders",
        "_prefixes",
        "_short",
        "_heads",
        "_near",
        "_declared",
        "_segments",
        "_near_id",
        "ignored",
        "_memo",
        "_lookalikes",
        "_tails",
        "_tail_words",
        "first_words",
        "max_words",
    )

    def __init__(self) -> None:
        self._keys: dict[str, str] = {}
        #: Spellings that name more than one agent -> every id after the first.
        self._shared: dict[str, list[str]] = {}
        #: Agent id -> the folder of its file, for :meth:`near`.
        self._folders: dict[str, str] = {}
        #: Multi-word prefixes of ids ("tech-lead" of "tech-lead-orchestrator") -> id, or ""
        #: when two agents share the prefix.
        self._prefixes: dict[str, str] = {}
        #: Short forms of ids that only a cue pointing at them makes a name (see
        #: :meth:`resolve_short`) -> the ids they may stand for: the words of an id after its
        #: first ("eval-engineer" of "ml-eval-engineer"), a one-word id with a role word
        #: ("backend-engineer" for "backend"), and any leading words ("collective-intelligence"
        #: of "collective-intelligence-coordinator").
        self._short: dict[str, list[str]] = {}
        #: First words of ids ("qa" of "qa-engineer") -> id, or "" when shared.
        self._heads: dict[str, str] = {}
        self._near = ""
        self._near_id = ""
        #: (A word that is the first or last part of ids, the leading parts of such an id
        #: before it) -> that id, or "" when two share them: "QA" read in an ai-team-* file
        #: is ai-team-qa ({("qa", ("ai",)), ("qa", ("ai", "team"))} -> ai-team-qa).
        self._segments: dict[tuple[str, tuple[str, ...]], str] = {}
        #: One-word names that agents are given in their files or by configured aliases
        #: ("name: ember"): written in prose, that word is the agent.
        self._declared: set[str] = set()
        #: Spellings configured to name no one (``ignore_names``): never an agent or a person.
        self.ignored: frozenset[str] = frozenset()
        #: Answers of :meth:`resolve` already given (names repeat line after line).
        self._memo: dict[str, str | None] = {}
        #: Answers of :meth:`lookalike` already given.
        self._lookalikes: dict[str, str | None] = {}
        #: :meth:`family_tails` of the file this index is seen from (None: not yet asked).
        self._tails: dict[str, str] | None = None
        self._tail_words: frozenset[str] = frozenset()
        self.first_words: set[str] = set()
        self.max_words = 1

    def add(self, spelling: str, agent_id: str) -> None:
        self._memo.clear()
        self._lookalikes.clear()
        key = name_key(spelling)
        if not key:
            return
        known = self._keys.get(key)
        if known is not None:
            if known != agent_id and agent_id not in self._shared.setdefault(key, []):
                self._shared[key].append(agent_id)
            return
        self._keys[key] = agent_id
        parts = key.split("-")
        self.first_words.add(parts[0])
        self.max_words = max(self.max_words, len(parts))

    def add_prefixes(self, agent_id: str) -> None:
        """Let a unique multi-word prefix of ``agent_id`` that ends in a role word name it
        ("tech-lead" -> "tech-lead-orchestrator"); "event-sourcing" names no one."""
        self._memo.clear()
        parts = agent_id.split("-")
        if len(parts) > 1:
            self._heads[parts[0]] = "" if self._heads.get(parts[0], agent_id) != agent_id else agent_id
            family = parts[:-1]
            for end in range(1, len(family) + 1):
                key = (parts[-1], tuple(family[:end]))
                self._segments[key] = "" if self._segments.get(key, agent_id) != agent_id else agent_id
        for end in range(2, len(parts)):
            if not is_role_word(parts[end - 1]):
                continue
            prefix = "-".join(parts[:end])
            self._prefixes[prefix] = "" if self._prefixes.get(prefix, agent_id) != agent_id else agent_id
        shorts = {"-".join(parts[:end]) for end in range(2, len(parts))}
        shorts |= {"-".join(parts[begin:]) for begin in range(1, len(parts) - 1) if is_role_word(parts[-1])}
        if len(parts) == 1 and not is_role_word(agent_id):
            shorts |= {f"{agent_id}-{head}" for head in _WORKER_HEADS}
        for short in shorts:
            ids = self._short.setdefault(short, [])
            if agent_id not in ids:
                ids.append(agent_id)

    def add_agent(self, agent_id: str, spellings: Iterable[str], folder: str = "", name: str = "") -> None:
        self._folders[agent_id] = folder
        self.add(agent_id, agent_id)
        for spelling in spellings:
            self.add(spelling, agent_id)
        self.declare(name)

    def declare(self, name: str) -> None:
        """Mark a one-word ``name`` as given to an agent (its ``name:``, an alias)."""
        key = name_key(name)
        if key and "-" not in key:
            self._declared.add(key)

    def declared(self, word: str) -> bool:
        """Whether the one word ``word`` is a name an agent was given."""
        return name_key(word) in self._declared

    def near(self, file: str, agent_id: str = "") -> NameIndex:
        """This index as seen from ``file`` (of ``agent_id``): shared spellings resolve to
        the nearest agent, abbreviations to the agent of the same family first."""
        scoped = object.__new__(NameIndex)
        for attribute in NameIndex.__slots__:
            setattr(scoped, attribute, getattr(self, attribute))
        scoped._near = file.rsplit("/", 1)[0] if "/" in file else ""
        scoped._near_id = agent_id
        scoped._memo = {}
        scoped._tails = None
        scoped._tail_words = frozenset()
        return scoped

    def _nearest(self, key: str, found: str) -> str:
        others = self._shared.get(key)
        if not others or not self._near:
            return found
        here = self._near.split("/")

        def closeness(agent_id: str) -> int:
            there = self._folders.get(agent_id, "").split("/")
            common = 0
            for a, b in zip(here, there):
                if a != b:
                    break
                common += 1
            return common

        return max([found, *others], key=closeness)  # max keeps the first of equals

    def resolve(self, written: str) -> str | None:
        """The id of the agent ``written`` names, or None.

        Tries the exact key, then without a trailing "agent", then the singular of a
        plural ("data scientists"), then a multi-word prefix that only one id starts with.
        """
        try:
            return self._memo[written]
        except KeyError:
            found = self._memo[written] = self._resolve(written)
            return found

    def _resolve(self, written: str) -> str | None:
        key = name_key(written)
        found = self._keys.get(key)
        if found is not None:
            if "-" not in key and found != self._near_id:
                # "QA" in ai-team-dev.md is ai-team-qa, even where another agent is called "QA".
                family = self.resolve_family(key)
                if family:
                    return family
            return self._nearest(key, found)
        for suffix in ("-agent", "-subagent", "-agents"):
            if key.endswith(suffix):
                found = self._keys.get(key[: -len(suffix)])
                if found is not None:
                    return self._nearest(key[: -len(suffix)], found)
        if key.endswith("s") and len(key) > 4 and not key.endswith("ss"):
            found = self._keys.get(key[:-1])
            if found is not None:
                return self._nearest(key[:-1], found)
        if "-" in key:
            return self._prefixes.get(key) or None
        return None

    def resolve_short(self, written: str) -> str | None:
        """The agent a short form names ("the eval engineer" -> ml-eval-engineer, "the backend
        engineer" -> backend, "collective-intelligence" -> collective-intelligence-coordinator),
        the nearest when several share it; None when it is an id itself or names no one. Only
        where a relation cue points straight at it is it taken as that agent."""
        key = name_key(written)
        if key in self._keys or "-" not in key:
            return None
        ids = self._short.get(key)
        if not ids:
            return None
        if len(ids) == 1:
            return ids[0]
        if not self._near:
            return None
        here = self._near.split("/")

        def closeness(agent_id: str) -> int:
            common = 0
            for a, b in zip(here, self._folders.get(agent_id, "").split("/")):
                if a != b:
                    break
                common += 1
            return common

        ranked = sorted(ids, key=closeness, reverse=True)
        return ranked[0] if closeness(ranked[0]) > closeness(ranked[1]) else None

    def family_tails(self) -> dict[str, str]:
        """How this file's agent names the other agents of its family, without their shared
        first words: in react18-dep-surgeon.md, "commander" is react18-commander and
        "class-surgeon" react18-class-surgeon (the longest shared prefix that has any)."""
        if self._tails is not None:
            return self._tails
        tails: dict[str, str] = {}
        parts = self._near_id.split("-") if self._near_id else []
        for end in range(len(parts) - 1, 0, -1):
            prefix = parts[:end]
            for agent_id in self._folders:
                other = agent_id.split("-")
                if agent_id != self._near_id and len(other) > end and other[:end] == prefix:
                    tail = "-".join(other[end:])
                    tails[tail] = "" if tails.get(tail, agent_id) != agent_id else agent_id
            if tails:
                break
        self._tails = {tail: agent_id for tail, agent_id in tails.items() if agent_id and tail not in self._keys}
        self._tail_words = frozenset(word for tail in self._tails for word in tail.split("-"))
        return self._tails

    def tail_words(self) -> frozenset[str]:
        """The words of :meth:`family_tails`, for a quick test of a line."""
        self.family_tails()
        return self._tail_words

    def resolve_head(self, word: str) -> str | None:
        """The agent whose id alone starts with ``word`` ("QA" -> "qa-engineer"), for
        abbreviations of roles that stand for that agent."""
        found = self.resolve(word)
        if found:
            return found
        found = self.resolve_family(word)
        if found is not None:
            return found or None
        return self._heads.get(name_key(word)) or None

    def resolve_family(self, word: str) -> str | None:
        """The agent of this file's family whose id ends in ``word``: "QA" in
        ai-team-producer.md is ai-team-qa, not qa-subagent, and "the planning agent" in
        terraform-aws-implement.md is terraform-aws-planning. ``""`` when the family has
        two such agents, None when it has none."""
        if not self._near_id or "-" not in self._near_id:
            return None
        key = name_key(word)
        family = tuple(self._near_id.split("-")[:-1])
        for end in range(len(family), 0, -1):
            found = self._segments.get((key, family[:end]))
            if found is not None:
                return found
        return None

    def lookalike(self, written: str) -> str | None:
        """The one agent whose name ``written`` misspells ("reviwer" -> "reviewer", "qa-laed"
        -> "qa-lead"): one word of it a letter or two off (a typo), the other words the same.
        "qa-engineer" is no misspelling of "api-engineer": a whole word differs."""
        key = name_key(written)
        if len(key) < 4 or key in self._keys:
            return None
        if key not in self._lookalikes:
            parts = key.split("-")
            found = {
                agent
                for candidate, agent in self._keys.items()
                if abs(len(candidate) - len(key)) <= 2 and _one_typo(parts, candidate.split("-"))
            }
            self._lookalikes[key] = found.pop() if len(found) == 1 else None
        return self._lookalikes[key]

    def signature(self) -> int:
        """A value that changes whenever the names the index knows change."""
        return hash(
            (
                tuple(sorted(self._keys.items())),
                tuple(sorted((k, tuple(v)) for k, v in self._shared.items())),
                tuple(sorted(self._folders.items())),
                tuple(sorted(self._prefixes.items())),
                tuple(sorted((k, tuple(v)) for k, v in self._short.items())),
                tuple(sorted(self._heads.items())),
                tuple(sorted(self._declared)),
                tuple(sorted(self.ignored)),
            )
        )

    def __contains__(self, written: str) -> bool:
        return self.resolve(written) is not None

    def __len__(self) -> int:
        return len(self._keys)
