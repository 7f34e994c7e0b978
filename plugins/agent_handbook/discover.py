"""Find agent files under each folder (hidden folders included): Markdown, TOML, crews, configs.

The file system is input like the files' text, so discovery decides what may be opened at all:

- a symbolic link is followed when its target stays inside the boundary (the repository, or
  the configured root) or inside a folder the user named; a link that leaves it is not
  followed, with a warning that names the link and never the target (a pull request must not
  publish a CI machine's files);
- a link loop or a link to nothing is a diagnostic, and a folder reached twice is walked once;
- FIFOs, sockets and device files are never opened (reading one could wait forever).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import diagnostics as diag
from .model import Diagnostic

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


def repository_of(path: Path) -> Path:
    """The repository ``path`` is in (the nearest folder above it with ``.git``), else the
    folder itself (a file's folder). Not resolved: a link in the way stays a link."""
    here = Path(os.path.abspath(path))
    start = here if here.is_dir() else here.parent
    for folder in (start, *start.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return start


def inside(path: str, folder: str) -> bool:
    """Whether the absolute path ``path`` is ``folder`` or lies under it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


@dataclass
class Discovery:
    """The agent files found, and what the file system did that the reader should know."""

    files: list[Path] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device file"
    return "not a regular file"


def discover(
    paths: Sequence[Path],
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    skip: Sequence[Path] = (),
    *,
    boundary: Path | None = None,
    configured: bool = True,
    show: Callable[[Path], str] | None = None,
) -> Discovery:
    """Agent files under ``paths``, sorted; a path that is a file is taken as it is.

    ``skip`` lists folders never entered (the site output folder, say). Links may not leave
    ``boundary`` (default: the repository of each path); with ``configured`` the paths were
    named by the user, so where they themselves lead is allowed too. ``show`` turns a path
    into the name diagnostics give it.
    """
    show = show or (lambda p: p.as_posix())
    skipped = {os.path.realpath(p) for p in skip}
    result = Discovery()
    seen_dirs: set[str] = set()
    #: Each file once, by where it really is: under its own name rather than a link's.
    found: dict[str, tuple[Path, bool]] = {}

    def problem(code: str, path: Path, message: str) -> None:
        result.problems.append(diag.make(code, show(path), 1, message))

    def keep(path: Path, real: str, is_link: bool) -> None:
        if real not in found or (found[real][1] and not is_link):
            found[real] = (path, is_link)

    for top in paths:
        top = Path(top)
        limit = os.path.realpath(boundary if boundary is not None else repository_of(top))
        allowed = [limit]
        real_top = _real(top)
        if real_top is None:
            if os.path.lexists(top):
                problem("symlink-loop", top, _loop_message(top))
            continue
        if not inside(real_top, limit):
            if not configured:
                problem("link-outside", top, "a link that leads out of the repository: not followed")
                continue
            allowed.append(real_top)
        try:
            mode = os.stat(real_top).st_mode
        except OSError:
            continue
        if stat.S_ISREG(mode):
            keep(top, real_top, is_link=False)
            continue
        if not stat.S_ISDIR(mode):
            problem("not-a-file", top, f"{_kind(mode)}: never opened")
            continue
        if real_top in seen_dirs:
            continue
        seen_dirs.add(real_top)
        stack = [(top, "")]
        while stack:
            folder, relative = stack.pop()
            try:
                with os.scandir(folder) as listing:
                    entries = sorted(listing, key=lambda e: e.name)
            except OSError as error:
                problem("unreadable-file", folder, f"cannot list the folder: {error.strerror or error}")
                continue
            subfolders = []
            for entry in entries:
                path = folder / entry.name
                rel = f"{relative}{entry.name}"
                try:
                    is_link = entry.is_symlink()
                    mode = entry.stat(follow_symlinks=False).st_mode
                except OSError:
                    continue
                real = None
                if is_link:
                    wanted = entry.name not in SKIP_DIRS and (
                        matches(rel, include) or _is_dir(path)  # a link to a folder may lead to agents
                    )
                    if not wanted:
                        continue
                    real = _real(path)
                    if real is None:
                        if _loops(path):
                            problem("symlink-loop", path, _loop_message(path))
                        elif matches(rel, include) and not matches(rel, exclude):
                            problem("broken-link", path, "a link to nothing: not read")
                        continue
                    if not any(inside(real, a) for a in allowed):
                        if matches(rel, include) and not matches(rel, exclude) or _is_dir(path):
                            problem("link-outside", path, "a link that leads out of the repository: not followed")
                        continue
                    try:
                        mode = os.stat(real).st_mode
                    except OSError:
                        continue
                if stat.S_ISDIR(mode):
                    if entry.name in SKIP_DIRS:
                        continue
                    real = real or os.path.realpath(path)
                    if real in skipped:
                        continue
                    if is_link and inside(os.path.realpath(folder), real):
                        problem("symlink-loop", path, "a link to a folder that contains it: not followed")
                        continue
                    if real in seen_dirs:  # reached by another way: walked once
                        continue
                    seen_dirs.add(real)
                    subfolders.append((path, rel + "/"))
                    continue
                if not matches(rel, include) or matches(rel, exclude):
                    continue
                if not stat.S_ISREG(mode):
                    problem("not-a-file", path, f"{_kind(mode)}: never opened")
                    continue
                keep(path, real or os.path.realpath(path), is_link)
            stack.extend(reversed(subfolders))
    result.files = sorted((path for path, _ in found.values()), key=lambda p: p.as_posix())
    return result


def _real(path: Path) -> str | None:
    """Where ``path`` leads, or None for a loop or a link to nothing."""
    try:
        return os.path.realpath(path, strict=True)
    except (OSError, RuntimeError, ValueError):
        return None


def _loops(path: Path) -> bool:
    try:
        os.stat(path)
    except OSError as error:
        return error.errno == errno.ELOOP
    except (RuntimeError, ValueError):
        return True
    return False


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _loop_message(path: Path) -> str:
    return "a link that leads back to itself (a loop of links): not read"
