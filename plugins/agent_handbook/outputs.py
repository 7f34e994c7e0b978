"""Output folders: a command never deletes a file it did not write.

``build -o DIR`` empties DIR before writing the site (MkDocs does), and ``pages --out``
replaces the pages it wrote before. So before either writes, :func:`check_output` refuses a
folder that:

- is the repository being read, or contains it, or holds any file or folder the command reads
  (agent files, configs, the site's docs);
- is not empty and was not written by an earlier run (a marker file the command leaves
  there), unless the user said ``--clean``.

The pages' marker lists the files they wrote, so the next run removes the pages of agents
that are gone, and only those (:func:`remove_stale`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

#: Left in a site folder by ``agent-handbook build`` (a hidden file: MkDocs' clean keeps it).
SITE_MARKER = ".agent-handbook-site"
#: Left in the pages folder by ``agent-handbook pages``: the files it wrote, one a line.
PAGES_MARKER = ".agent-handbook-pages"


class OutputRefused(Exception):
    """The output folder must not be written: the message says why, in one line."""


def _real(path: Path) -> str:
    return os.path.realpath(path)


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def check_output(
    out: Path,
    *,
    reads: Iterable[Path],
    marker: str,
    clean: bool,
    option: str = "-o",
) -> None:
    """Refuse ``out`` (raise :class:`OutputRefused`) when writing there could lose a user's file.

    ``reads`` are the repository and every file and folder the command reads; ``marker`` the
    file an earlier run of the same command left in ``out``; ``clean`` the user's word that
    whatever is in ``out`` may go.
    """
    target = _real(out)
    if os.path.lexists(out) and not os.path.isdir(out):
        raise OutputRefused(f"{out} is not a folder; name a folder with {option}")
    for read in sorted({_real(p) for p in reads if os.path.lexists(p)}):
        if _within(read, target):
            what = "is" if read == target else "holds"
            shown = os.path.relpath(read, target) if read != target else ""
            detail = f" ({shown})" if shown and not shown.startswith("..") else ""
            raise OutputRefused(
                f"refusing to write into {out}: it {what} what this command reads{detail}; "
                f"name another folder with {option}"
            )
    if clean or not os.path.isdir(out):
        return
    try:
        entries = os.listdir(out)
    except OSError as error:
        raise OutputRefused(f"cannot list {out}: {error.strerror or error}") from None
    if entries and marker not in entries:
        raise OutputRefused(
            f"refusing to write into {out}: it is not empty and was not written by agent-handbook; "
            f"name an empty or new folder with {option}, or pass --clean to replace what is in it"
        )


def empty(folder: Path) -> None:
    """Remove everything inside ``folder`` (for ``--clean``); links are removed, not followed."""
    if not folder.is_dir() or folder.is_symlink():
        return
    for entry in sorted(folder.iterdir()):
        if entry.is_dir() and not entry.is_symlink():
            empty(entry)
            entry.rmdir()
        else:
            entry.unlink()


def written_before(folder: Path) -> list[str]:
    """The files (relative to the pages' base folder) that the last ``pages`` run wrote."""
    try:
        text = (folder / PAGES_MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def remove_stale(base: Path, before: Sequence[str], now: Iterable[str]) -> list[str]:
    """Remove the files an earlier run wrote under ``base`` that this run did not write.

    Only names from the marker are touched, only inside ``base``, only regular files; folders
    left empty by that are removed too. Returns what was removed.
    """
    keep = set(now)
    root = _real(base)
    removed = []
    for name in before:
        if name in keep:
            continue
        path = base / name
        if not _within(_real(path), root) or path.is_symlink() or not path.is_file():
            continue
        path.unlink()
        removed.append(name)
        parent = path.parent
        while _real(parent) != root and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    return removed


def write_marker(folder: Path, marker: str, files: Iterable[str] = ()) -> None:
    """Leave the marker that says ``folder`` was written by agent-handbook."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["# Written by agent-handbook: the files below are replaced or removed by its next run.", *sorted(files)]
    (folder / marker).write_text("\n".join(lines) + "\n", encoding="utf-8")
