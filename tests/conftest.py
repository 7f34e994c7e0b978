"""Shared helpers: build a team from a dict of files written in the test."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from agent_handbook.team import Team, load_team

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def write_files(folder: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")


@pytest.fixture
def team_of(tmp_path: Path):
    """``team_of({"devops.md": "..."})`` -> the Team read from those files."""

    def build(files: dict[str, str | bytes], **options) -> Team:
        folder = tmp_path / "agents"
        folder.mkdir(exist_ok=True)
        write_files(folder, files)
        return load_team([folder], root=tmp_path, **options)

    return build


def triples(team: Team) -> set[tuple[str, str, str]]:
    return {(r.source, r.kind, r.target) for r in team.relations}


def agent(name: str, body: str = "", description: str = "Test agent.", extra: str = "") -> str:
    """An agent file with the usual front matter."""
    return f"---\nname: {name}\ndescription: {description}\n{extra}---\n\n{textwrap.dedent(body).strip()}\n"


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for the module's tests (see ``browsing.py``: skipped without it,
    failed where CI requires it)."""
    from .browsing import chromium

    with chromium() as launched:
        yield launched
