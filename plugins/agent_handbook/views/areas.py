"""Duty areas of a software team, and which sentences speak of which area.

The built-in taxonomy covers the areas agent teams divide between them. A team extends it
or replaces it in config (``areas:``, ``replace_areas:``). Keywords match whole words (a
trailing ``*`` matches any ending); the words that matched are kept as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

AREAS: dict[str, tuple[str, ...]] = {
    "CI/CD": (
        "ci/cd",
        "ci pipeline*",
        "continuous integration",
        "continuous delivery",
        "pipeline*",
        "build system*",
        "build pipeline*",
        "build time*",
        "github actions",
        "gitlab ci",
        "jenkins",
        "circleci",
    ),
    "Deployments": ("deploy*", "rollout*", "roll out", "canary", "blue-green", "blue/green", "rollback*", "roll back"),
    "Infrastructure as code": (
        "infrastructure as code",
        "iac",
        "terraform",
        "pulumi",
        "cloudformation",
        "provision*",
        "infrastructure",
    ),
    "Containers and orchestration": (
        "container*",
        "docker*",
        "kubernetes",
        "k8s",
        "helm",
        "pods",
        "orchestration",
        "service mesh",
    ),
    "Monitoring and observability": (
        "monitor*",
        "observability",
        "alert*",
        "metrics",
        "logging",
        "logs",
        "tracing",
        "dashboard*",
        "slo*",
        "sli*",
        "error budget*",
    ),
    "Incident response": (
        "incident*",
        "on-call",
        "oncall",
        "outage*",
        "postmortem*",
        "post-mortem*",
        "pager*",
        "paging",
        "triage",
    ),
    "Security": (
        "security",
        "vulnerabilit*",
        "threat*",
        "owasp",
        "penetration",
        "pentest*",
        "authentication",
        "authorization",
        "hardening",
        "cve*",
    ),
    "Secrets and access": (
        "secret*",
        "credential*",
        "vault",
        "iam",
        "permission*",
        "access control",
        "key rotation",
        "least privilege",
    ),
    "Cost": ("cost*", "budget*", "spend*", "finops", "billing", "right-siz*"),
    "Backup and disaster recovery": (
        "backup*",
        "disaster recovery",
        "restore*",
        "failover",
        "dr",
        "business continuity",
    ),
    "Release management": (
        "release*",
        "changelog*",
        "versioning",
        "version bump*",
        "go/no-go",
        "release notes",
        "freeze*",
    ),
    "Testing and QA": (
        "test*",
        "qa",
        "regression*",
        "e2e",
        "end-to-end",
        "coverage",
        "smoke test*",
        "quality assurance",
    ),
    "Code review": (
        "code review*",
        "review pull request*",
        "pull request review*",
        "pr review*",
        "reviews code",
        "review code",
    ),
    "Architecture": (
        "architecture",
        "architectural",
        "system design",
        "design decision*",
        "adr*",
        "technical direction",
        "tech stack",
    ),
    "Documentation": ("documentation", "docs", "readme*", "runbook*", "changelog", "guides", "technical writing"),
    "Data and databases": (
        "database*",
        "schema*",
        "migration*",
        "sql",
        "query",
        "queries",
        "data pipeline*",
        "etl",
        "data model*",
    ),
    "Frontend": ("frontend", "front-end", "ui", "user interface", "css", "react", "component*", "browser*"),
    "Backend": ("backend", "back-end", "api", "apis", "endpoint*", "server-side", "microservice*", "business logic"),
    "Performance": (
        "performance",
        "latency",
        "load test*",
        "profil*",
        "throughput",
        "optimi*",
        "bottleneck*",
        "capacity",
    ),
    "Accessibility": ("accessibility", "a11y", "wcag", "screen reader*"),
    "Product and requirements": (
        "requirement*",
        "user stor*",
        "acceptance criteria",
        "roadmap*",
        "prioriti*",
        "product decision*",
        "spec",
        "specs",
        "specification*",
    ),
    "Planning and coordination": (
        "planning",
        "project management",
        "task breakdown",
        "scheduling",
        "sprint*",
        "orchestrat*",
        "work breakdown",
    ),
}


def taxonomy(extra: Mapping[str, Sequence[str]] | None = None, replace: bool = False) -> dict[str, tuple[str, ...]]:
    """The areas in use: the built-in ones, extended or replaced by the team's."""
    areas = {} if replace else dict(AREAS)
    for name, words in (extra or {}).items():
        areas[name] = tuple(dict.fromkeys((*areas.get(name, ()), *words)))
    return areas


@lru_cache(maxsize=64)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for word in sorted(words, key=len, reverse=True):
        stem = re.escape(word.rstrip("*")).replace(r"\ ", r"[\s-]+")
        parts.append(stem + (r"[\w-]*" if word.endswith("*") else ""))
    return re.compile(r"(?<![\w/-])(?:" + "|".join(parts) + r")(?![\w/-])", re.IGNORECASE)


class _Matcher:
    """Matches texts against one set of areas, remembering each text's answer (the same
    facts come back at every ``mkdocs serve`` rebuild).

    Every match of an area starts, at a word boundary, with the first word of one of its
    terms (its head). One scan for all heads tells which areas can match at all; only
    their patterns are run. The longest head found at a place stands for every shorter
    head that is a prefix of it, so no area is missed.
    """

    #: Texts remembered before the memory starts over.
    LIMIT = 200_000

    def __init__(self, areas: Mapping[str, tuple[str, ...]]) -> None:
        heads: dict[str, set[str]] = {}
        for name, words in areas.items():
            for word in words:
                stem = word.rstrip("*").split()
                if stem:
                    heads.setdefault(stem[0].lower(), set()).add(name)
        self.reach = {h: set().union(*(names for p, names in heads.items() if h.startswith(p))) for h in heads}
        self.finder = re.compile(r"(?<![\w/-])(?=(" + _trie(heads) + "))", re.IGNORECASE) if heads else None
        self.patterns = {name: _pattern(words) for name, words in areas.items()}
        self.found: dict[str, dict[str, list[str]]] = {}
        self.named: dict[str, frozenset[str]] = {}

    def candidates(self, text: str) -> list[tuple[str, re.Pattern[str]]]:
        if self.finder is None:
            return []
        names: set[str] = set()
        for head in self.finder.findall(text):
            names |= self.reach.get(head.lower(), self.patterns.keys())
        return [(name, pattern) for name, pattern in self.patterns.items() if name in names]

    def match(self, text: str) -> dict[str, list[str]]:
        found = self.found.get(text)
        if found is None:
            found = {}
            for name, pattern in self.candidates(text):
                hits = pattern.findall(text)
                if hits:
                    found[name] = list(dict.fromkeys(h.lower() for h in hits))
            if len(self.found) >= self.LIMIT:
                self.found.clear()
            self.found[text] = found
        return found

    def names(self, text: str) -> frozenset[str]:
        named = self.named.get(text)
        if named is None:
            named = frozenset(name for name, pattern in self.candidates(text) if pattern.search(text))
            if len(self.named) >= self.LIMIT:
                self.named.clear()
            self.named[text] = named
        return named


def _trie(words: Iterable[str]) -> str:
    """A pattern matching the longest of ``words`` at a place, written as a tree of their
    prefixes: the engine tries one branch per character instead of every word."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict) -> str:
        parts = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return f"(?:{body})?" if "" in node else body  # a word ends here: longer ones first

    return branch(root)


_MATCHERS: list[tuple[dict[str, tuple[str, ...]], _Matcher]] = []


def _matcher(areas: Mapping[str, tuple[str, ...]]) -> _Matcher:
    for known, matcher in _MATCHERS:
        if known == areas:
            return matcher
    matcher = _Matcher(areas)
    _MATCHERS.insert(0, (dict(areas), matcher))
    del _MATCHERS[4:]
    return matcher


def match(text: str, areas: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """Areas ``text`` speaks of, each with the words that matched (do not change it)."""
    return _matcher(areas).match(text)


def areas_in(text: str, areas: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    """The areas ``text`` speaks of (``match`` without the words: one hit each suffices)."""
    return _matcher(areas).names(text)


#: Where a duty's own statement ends and what it only mentions begins: "Create robust APIs
#: following best practices, including versioning" states APIs and mentions versioning.
_MENTIONED = re.compile(
    r"[;(]|\s[–—]\s|\b(?:including|includes|such\s+as|e\.g\.|i\.e\.|like|following|with|without|via|using|"
    r"through|across|for|to\s+ensure|ensuring|so\s+that|when|where|while|based\s+on|according\s+to|alongside)\b",
    re.IGNORECASE,
)
#: A short label that leads a duty: "API Design: create …", "Security - audit …".
_LABEL = re.compile(r"^\s*([^:;,.()]{2,48}?)\s*(?::|\s[-–—]\s)\s*(\S.*)$")


#: Work that studies an area rather than works in it: researching cloud costs is research.
_STUDY = re.compile(
    r"\b(?:research\w*|investigat\w*|evaluat\w*|compar(?:e|es|ed|ing|ison|isons)|analy[sz]\w*|assess\w*|"
    r"survey\w*|stud(?:y|ies|ying)|explor\w*|learn\w*|understand\w*|know\w*|familiar\w*)\b",
    re.IGNORECASE,
)


#: Verbs of work, in their base form: a line of a list that leads with one states a duty.
_WORK_VERBS = """administer alert approve architect audit automate back-up benchmark bootstrap build capture
    champion check clean collect commit conduct configure containerize coordinate create debug
    define deliver deploy design detect develop diagnose do document draft drive edit enforce
    ensure establish execute facilitate fix gather generate govern guide handle harden host
    implement improve inspect install instrument integrate keep lead lint maintain make manage
    measure mentor merge migrate model monitor operate optimise optimize orchestrate organise
    organize own patch perform plan prepare prevent prioritise prioritize produce profile
    proofread provide provision publish record reduce refactor release resolve respond restore
    review rotate run scale schedule secure serve set-up ship sketch specify support take test
    track train translate triage tune update upgrade validate verify write"""
WORK_VERBS: tuple[str, ...] = tuple(_WORK_VERBS.split())


def _inflected(verb: str) -> str:
    """A pattern for a verb and its -s, -ed and -ing forms ("write", "writes", "writing")."""
    words = verb.split("-")
    head, rest = words[0], "".join(rf"\s+{re.escape(w)}" for w in words[1:])
    if head.endswith("e"):
        forms = rf"{head[:-1]}(?:e|es|ed|ing)"
    elif head.endswith("y") and head[-2:-1] not in "aeiou":
        forms = rf"{head[:-1]}(?:y|ies|ied|ying)"
    else:
        forms = rf"{head}(?:s|es|{head[-1]}?(?:ed|ing))?"
    return forms + rest


#: A line that leads with work: "Design APIs", "Implements the pipeline", "Writing runbooks".
_WORK = re.compile(
    r"^\W*(?:(?:i|you|we|it)\s+)?(?:also\s+)?(?:"
    + "|".join(_inflected(v) for v in WORK_VERBS)
    + r"|wrote|built|ran|kept|made|took|led)\b",
    re.IGNORECASE,
)


def stated_areas(text: str, areas: Mapping[str, tuple[str, ...]], listed: bool = False) -> dict[str, list[str]]:
    """The areas a duty line states, not those it only mentions: the areas of its label
    ("Security: implement authentication, secure API design" is Security), else those of
    the words up to where the statement gives way to its context ("Write tests for the
    API" is Testing; the API is what is tested). A line that studies ("research", "analyse",
    "compare") states no area: the agent studies the work, it does not do it. A labelled or
    ``listed`` line (from a list of expertise, not of responsibilities) states one only when
    it leads with work ("Gateways: design the routes"), not when it names tools or topics
    ("Frontend: React, Vue")."""
    if _STUDY.search(text):
        return {}
    label = _LABEL.match(text)
    if label and len(label.group(1).split()) > 6:
        label = None
    if (listed or label) and not _WORK.match(label.group(2) if label else text):
        # "API gateways: Kong, Zuul", or a list of expertise naming no work: known, not done.
        return {}
    if label:
        named = match(label.group(1), areas)
        if named:
            return named
        text = label.group(2)
    starts = {
        name: found.start() for name, pattern in _matcher(areas).candidates(text) if (found := pattern.search(text))
    }
    if not starts:
        return {}
    first = min(starts.values())
    cut = _MENTIONED.search(text, first + 1)
    head = match(text[: cut.start()] if cut else text, areas)
    # The work a line states is its first area: "Manage cost optimization" is Cost, "Implement
    # container security practices" Containers; what follows qualifies it.
    return {name: words for name, words in head.items() if starts[name] == first}
