"""The code paths that only large teams take: forked extraction and the HTML stash."""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
from pathlib import Path

import pytest
from agent_handbook import parallel
from agent_handbook.export import to_json
from agent_handbook.render.pages import Handbook
from agent_handbook.render.stash import HtmlStash
from agent_handbook.team import load_team

SAMPLE = Path(__file__).resolve().parents[1] / "agents"


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork (Linux)")
def test_forked_extraction_gives_the_same_team(monkeypatch):
    monkeypatch.setenv("AGENT_HANDBOOK_JOBS", "1")
    serial = to_json(load_team([SAMPLE], root=SAMPLE.parent))
    monkeypatch.setenv("AGENT_HANDBOOK_JOBS", "2")
    assert parallel.jobs(12) == 2  # the forked path is really taken
    assert to_json(load_team([SAMPLE], root=SAMPLE.parent)) == serial


def test_fork_map_keeps_order_and_falls_back_for_small_inputs(monkeypatch):
    monkeypatch.delenv("AGENT_HANDBOOK_JOBS", raising=False)
    assert parallel.jobs(3) == 1
    monkeypatch.setenv("AGENT_HANDBOOK_JOBS", "3")
    items = list(range(17))
    assert parallel.fork_map(lambda x: x * x, items) == [x * x for x in items]
    assert gc.isenabled()  # only the workers run without garbage collection


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork (Linux)")
def test_share_does_every_item_once_on_both_sides(monkeypatch):
    monkeypatch.setenv("AGENT_HANDBOOK_JOBS", "2")
    started = multiprocessing.get_context("fork").Event()

    def work(x: int) -> tuple[int, int]:
        started.set()
        return x * x, os.getpid()

    def here() -> str:
        started.wait(30)  # the worker has taken an item: both sides share the rest
        return "here"

    results, mine, theirs = parallel.share(work, list(range(40)), here, lambda: os.getpid())
    assert [value for value, _ in results] == [x * x for x in range(40)]
    assert mine == "here"
    assert theirs != os.getpid()  # there() ran in the worker
    assert {pid for _, pid in results} <= {os.getpid(), theirs}
    assert theirs in {pid for _, pid in results}
    assert gc.isenabled()


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork (Linux)")
def test_pages_shared_with_a_worker_equal_pages_rendered_here(monkeypatch):
    team = load_team([SAMPLE], root=SAMPLE.parent)
    monkeypatch.setenv("AGENT_HANDBOOK_JOBS", "1")
    stash = HtmlStash()
    serial = {uri: stash.restore(page) for uri, page in Handbook(team, stash=stash).pages().items()}
    monkeypatch.setenv("AGENT_HANDBOOK_JOBS", "2")
    stash = HtmlStash()
    handbook = Handbook(team, stash=stash)
    shared = {uri: stash.restore(page) for uri, page in handbook.pages().items()}
    assert shared == serial
    assert handbook.files() == Handbook(team).files()


def test_stashed_pages_restore_to_the_inline_html():
    team = load_team([SAMPLE], root=SAMPLE.parent)
    inline = Handbook(team).pages()
    stash = HtmlStash()
    stashed = Handbook(team, stash=stash).pages()
    page = "handbook/agents/devops.md"
    early = re.findall(r'<div data-ah-stash="[0-9a-f]{24}"></div>', stashed[page])
    late = re.findall(r'<div data-ah-late="([0-9a-f]{24})"></div>', stashed[page])
    assert len(early) >= 2 and len(late) >= 2  # duties, prompt; relations, neighbourhood graph
    assert len(stashed[page]) < len(inline[page]) / 2
    # Restoring the placeholders gives back every block the inline page carries; inline, a
    # block that is not prose says so to the search of any builder.
    converted = stash.restore(stashed[page])
    assert "data-ah-stash" not in converted and len(re.findall("data-ah-late", converted)) == len(late)
    wrapped = re.sub(
        r'<div data-ah-late="([0-9a-f]{24})"></div>',
        lambda m: f"<div data-search-exclude>{stash.blocks[m.group(1)]}</div>",
        converted,
    )
    assert wrapped == inline[page]
    finished = stash.restore_late(converted)
    assert "data-ah-late" not in finished and all(stash.blocks[key] in finished for key in late)
    # A placeholder the stash does not know is left alone, never replaced by something else.
    assert stash.restore('<div data-ah-stash="000000000000000000000000"></div>') == (
        '<div data-ah-stash="000000000000000000000000"></div>'
    )
