"""Diagnostic codes: stable names, default severities and what each one means.

The table below is the single source for the health page and the docs. Codes never change
meaning once published; new problems get new codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from .model import Diagnostic

#: code -> (default severity, one-line explanation shown in docs and on the health page)
CODES: dict[str, tuple[str, str]] = {
    "unreadable-file": ("warning", "The file could not be read from disk."),
    "symlink-loop": ("warning", "A symbolic link leads back to itself (or to a folder that contains it): not read."),
    "broken-link": ("warning", "A symbolic link leads to nothing: not read."),
    "link-outside": (
        "warning",
        "A symbolic link leads out of the repository (or the configured root): not followed unless its folder is configured.",
    ),
    "not-a-file": ("warning", "A FIFO, socket or device file where an agent file would be: never opened."),
    "empty-file": ("warning", "The file is empty or holds only white space."),
    "binary-file": ("warning", "The file holds binary data (NUL bytes), not text."),
    "decode-fallback": ("warning", "The file is not valid UTF-8; it was decoded as Windows-1252/Latin-1."),
    "file-too-large": ("warning", "The file is larger than the reading limit; only its beginning was read."),
    "line-too-long": ("info", "A line is longer than the extraction limit; only its beginning was read."),
    "not-an-agent": ("warning", "A Markdown file without front matter (or without agent keys): not an agent."),
    "skipped-file": (
        "info",
        "A file its tool reads as something other than an agent (a skill, a slash command, a prompt file): skipped.",
    ),
    "invalid-config": (
        "warning",
        "An agent config file (TOML, JSON, YAML) could not be parsed; its agents were not read.",
    ),
    "unclosed-front-matter": ("warning", "The file opens a `---` front-matter block that never closes."),
    "long-front-matter-rule": (
        "info",
        "The front matter closes with a longer rule of dashes than `---`; it was read up to that rule.",
    ),
    "invalid-yaml": ("warning", "The front matter is not valid YAML; a lenient reader recovered its top-level keys."),
    "yaml-too-complex": (
        "warning",
        "The front matter is too deep, too large or uses too many aliases to be read safely.",
    ),
    "missing-name": ("info", "No `name` in the front matter; the file name was used."),
    "invalid-field": ("warning", "A front-matter field has an unexpected type or value and was ignored."),
    "missing-description": ("warning", "The agent has no description, so nothing tells when to use it."),
    "unsafe-name": ("warning", "The name holds characters that cannot be used in a page path; they were replaced."),
    "confusable-name": ("warning", "The name mixes scripts (e.g. Cyrillic letters that look Latin)."),
    "overridden-agent": (
        "info",
        "Two scopes define the same agent (project and user); the one the tool uses wins, as the tool does.",
    ),
    "namespaced-id": ("info", "A plugin's agent shares its name with another agent; its id keeps the plugin's name."),
    "duplicate-name": ("warning", "Two files define agents with the same id; the later one was renamed."),
    "copied-agent": (
        "info",
        "Several files define an agent of the same name; the health report compares each copy with the first.",
    ),
    "reserved-name": ("info", "The agent's id is the name of a generated page; its page was renamed."),
    "dangling-reference": ("warning", "A relation names an agent that no file in the team defines."),
    "self-reference": ("warning", "An agent names itself as the target of a relation."),
    "escalation-cycle": ("warning", "Escalations go round in a circle and never reach a human."),
    "invalid-correction": (
        "warning",
        "The team's corrections file, or one of its entries, cannot be read; that entry is not applied.",
    ),
    "stale-correction": (
        "warning",
        "A correction in the team's corrections file matches no relation, agent or person of the team.",
    ),
}


#: What a configured severity may be: a severity, or ``off`` to drop the code.
SEVERITY_CHOICES: tuple[str, ...] = ("error", "warning", "info", "off")


def check_overrides(overrides: Mapping[str, str]) -> list[str]:
    """Problems with a ``{code: severity}`` mapping: unknown codes or severities."""
    problems = []
    for code, severity in sorted(overrides.items()):
        if code not in CODES:
            problems.append(f"unknown diagnostic code {code!r} (known: {', '.join(sorted(CODES))})")
        if severity not in SEVERITY_CHOICES:
            problems.append(f"severity of {code!r} must be one of {', '.join(SEVERITY_CHOICES)}, not {severity!r}")
    return problems


def with_severities(diagnostics: Iterable[Diagnostic], overrides: Mapping[str, str]) -> list[Diagnostic]:
    """The diagnostics with each code's configured severity; codes set to ``off`` are left out."""
    out = []
    for problem in diagnostics:
        severity = overrides.get(problem.code)
        if severity == "off":
            continue
        out.append(replace(problem, severity=severity) if severity else problem)
    return out


def make(code: str, file: str, line: int, message: str, severity: str | None = None) -> Diagnostic:
    """A diagnostic with the code's default severity unless one is given."""
    default, _ = CODES[code]
    return Diagnostic(severity or default, code, file, max(1, int(line)), message)
