"""Find agent files under each folder (hidden folders included): Markdown, TOML, crews, configs."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

#: Folders never searched: version control, dependencies, caches.
SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", ".tox", ".mypy_cache", ".pytest_cache"}
)

#: The files every agent format uses (see :mod:`agent_handbook.formats`).
DEFAULT_INCLUDE: tuple[str, ...] = (
    "**/*.md",
    "**/*.toml",
    "**/agents.yaml",
    "**/agents.yml",
    "**/opencode.json",
    "**/opencode.jsonc",
)


@lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob with ``**`` (any folders), ``*`` and ``?`` (within one name) as a regex."""
    out = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        out.append("[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char))
        i += 1
    return re.compile("".join(out) + r"\Z")


def matches(relative: str, patterns: Iterable[str]) -> bool:
    """Whether a ``/``-separated relative path matches any of the glob ``patterns``.

    A pattern without a ``/`` matches the file name at any depth (``README.md``).
    """
    name = relative.rsplit("/", 1)[-1]
    for pattern in patterns:
        target = relative if "/" in pattern else name
        if _glob_regex(pattern).match(target):
            return True
    return False


def discover(
    paths: Sequence[Path],
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    skip: Sequence[Path] = (),
) -> list[Path]:
    """Agent files under ``paths``, sorted; a path that is a file is taken as it is.

    ``skip`` lists folders never entered (the site output folder, say).
    """
    skipped = {p.resolve() for p in skip}
    found: dict[Path, None] = {}
    for root in paths:
        if root.is_file():
            found[root] = None
            continue
        if not root.is_dir():
            continue
        for folder, dirs, files in os.walk(root):
            here = Path(folder)
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and (here / d).resolve() not in skipped)
            for file in sorted(files):
                relative = (here / file).relative_to(root).as_posix()
                if matches(relative, include) and not matches(relative, exclude):
                    found[here / file] = None
    return sorted(found, key=lambda p: p.as_posix())
