"""Duty areas of a software team, and which sentences speak of which area.

The built-in taxonomy covers the areas agent teams divide between them. A team extends it
or replaces it in config (``areas:``, ``replace_areas:``). Keywords match whole words (a
trailing ``*`` matches any ending); the words that matched are kept as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

AREAS: dict[str, tuple[str, ...]] = {
    "CI/CD": (
        "ci/cd",
        "ci",
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
        "pod*",
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


def match(text: str, areas: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """Areas ``text`` speaks of, each with the words that matched."""
    found: dict[str, list[str]] = {}
    for name, words in areas.items():
        hits = _pattern(words).findall(text)
        if hits:
            found[name] = list(dict.fromkeys(h.lower() for h in hits))
    return found
