"""Rebuilds after an edit (``mkdocs serve``): what the handbook takes over from the previous
build must be exactly what a build from scratch renders."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest
from agent_handbook.render.pages import Handbook
from agent_handbook.render.stash import HtmlStash
from agent_handbook.team import ParseCache, load_team
from agent_handbook.views import Options

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402


def _edits(folder: Path, rng: random.Random) -> list[tuple[str, object]]:
    """Edits a user makes while the server runs, each a function of the agents folder."""
    files = sorted(folder.rglob("*.md"))
    names = [f.stem for f in files]
    number = rng.randrange(10**6)

    def append(text: str):
        def edit() -> None:
            target = rng.choice(files)
            target.write_text(target.read_text(encoding="utf-8") + text, encoding="utf-8")

        return edit

    def mention() -> None:
        target, other = rng.sample(files, 2)
        target.write_text(
            target.read_text(encoding="utf-8") + f"\nHand finished work off to {other.stem}.\n", encoding="utf-8"
        )

    def drop_line() -> None:
        # A line of the body that names another agent goes: a relation (or its evidence) with it.
        target = rng.choice(files)
        lines = target.read_text(encoding="utf-8").split("\n")
        named = [i for i, line in enumerate(lines) if i > 8 and any(n in line for n in names if n != target.stem)]
        if named:
            del lines[rng.choice(named)]
        target.write_text("\n".join(lines), encoding="utf-8")

    def insert_line() -> None:
        # Every line below moves down: the evidence of the agent's relations changes.
        target = rng.choice(files)
        lines = target.read_text(encoding="utf-8").split("\n")
        lines.insert(rng.randrange(12, len(lines)), "A note added in the middle.")
        target.write_text("\n".join(lines), encoding="utf-8")

    def describe() -> None:
        target = rng.choice(files)
        text = target.read_text(encoding="utf-8")
        target.write_text(re.sub(r"(?m)^description: .*$", "description: Use when the queue backs up.", text, count=1))

    def relevel() -> None:
        target = rng.choice(files)
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace("Level 2", "Level 5", 1), encoding="utf-8")

    def rename() -> None:
        target = rng.choice(files)
        text = target.read_text(encoding="utf-8")
        target.write_text(re.sub(r"(?m)^name: .*$", f"name: {target.stem}-{number}", text, count=1), encoding="utf-8")

    def new_agent() -> None:
        other = rng.choice(names)
        (folder / f"newcomer-{number}.md").write_text(
            f"---\nname: newcomer-{number}\ndescription: Use when a newcomer is needed.\n---\n\nEscalate to {other}.\n",
            encoding="utf-8",
        )

    def remove() -> None:
        rng.choice(sorted(folder.rglob("*.md"))).unlink()

    return [
        ("prose at the end", append("\nKeep the notes short.\n")),
        ("a mention", mention),
        ("a line that names an agent removed", drop_line),
        ("a line inserted", insert_line),
        ("the description", describe),
        ("an escalation level", relevel),
        ("a name", rename),
        ("a new agent", new_agent),
        ("an agent removed", remove),
        ("nothing", lambda: None),
    ]


@pytest.mark.parametrize("seed", [3, 11])
def test_rebuilds_after_edits_equal_full_builds(tmp_path: Path, seed: int) -> None:
    folder = tmp_path / "agents"
    generate(80, folder, seed)
    options = Options(neighbourhood_limit=8)
    cache, stash = ParseCache(), HtmlStash()
    rng = random.Random(seed)

    def load():
        return load_team([folder], root=tmp_path, cache=cache)

    previous = Handbook(load(), options, stash=stash)
    previous.pages()
    previous.files()
    reused_any = False
    for _ in range(2):
        for what, edit in _edits(folder, rng):
            edit()  # type: ignore[operator]
            team = load()
            handbook = Handbook(team, options, stash=stash, previous=previous)
            pages, files = handbook.pages(), handbook.files()
            stash.retain(pages.values())

            fresh_stash = HtmlStash()
            fresh = Handbook(load_team([folder], root=tmp_path), options, stash=fresh_stash)
            expected, expected_files = fresh.pages(), fresh.files()
            assert pages.keys() == expected.keys(), what
            for uri, markdown in expected.items():
                assert stash.restore(pages[uri]) == fresh_stash.restore(markdown), f"{what}: {uri}"
            assert files == expected_files, what
            if what in {"a name", "a new agent", "an agent removed"}:
                assert not handbook.reused, what  # the roster changed: everything again
            else:
                reused_any |= bool(handbook.reused)
            previous = handbook
    assert reused_any


def test_no_reuse_across_option_changes(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    generate(30, folder, 5)
    team = load_team([folder], root=tmp_path)
    stash = HtmlStash()
    first = Handbook(team, Options(), stash=stash)
    first.pages()
    same = Handbook(team, Options(), stash=stash, previous=first)
    same.pages()
    assert same.reused == set(team.agents)
    other = Handbook(team, Options(prefix="team"), stash=stash, previous=same)
    pages = other.pages()
    assert not other.reused
    assert all(uri.startswith("team/") for uri in pages)


def _agent(name: str, body: str) -> str:
    return f"---\nname: {name}\ndescription: Use when {name} work comes up.\n---\n\n{body}\n"


def test_a_new_relation_reaches_the_neighbours_pages(tmp_path: Path) -> None:
    folder = tmp_path / "agents"
    folder.mkdir()
    files = {
        "xavier": _agent("xavier", "Work with alder on every release."),
        "alder": _agent("alder", "Review the release notes."),
        "birch": _agent("birch", "Own the database migrations."),
        "cedar": _agent("cedar", "Escalate to birch when a migration fails."),
    }
    for name, text in files.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    cache, stash = ParseCache(), HtmlStash()
    first = Handbook(load_team([folder], root=tmp_path, cache=cache), Options(), stash=stash)
    before = first.pages()

    (folder / "alder.md").write_text(_agent("alder", "Hand the release notes off to birch."), encoding="utf-8")
    team = load_team([folder], root=tmp_path, cache=cache)
    second = Handbook(team, Options(), stash=stash, previous=first)
    after = second.pages()
    fresh_stash = HtmlStash()
    fresh = Handbook(load_team([folder], root=tmp_path), Options(), stash=fresh_stash).pages()

    xavier = "handbook/agents/xavier.md"
    # birch is now two steps from xavier: xavier's neighbourhood drawing shows it.
    assert before[xavier] != fresh[xavier]
    assert "xavier" not in second.reused
    assert {uri: stash.restore(text) for uri, text in after.items()} == {
        uri: fresh_stash.restore(text) for uri, text in fresh.items()
    }
