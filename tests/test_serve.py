"""Rebuilds as ``mkdocs serve`` does them: one plugin instance, files changing in between."""

from __future__ import annotations

import json
import os
import threading
import time

import pytest
from agent_handbook.render.pages import Handbook
from agent_handbook.team import load_team
from mkdocs.commands.build import build
from mkdocs.config import load_config

from .sitebuild import copy_fixture


def _build(project, dirty: bool, first: bool):
    config = load_config(str(project / "mkdocs.yml"))
    if first:  # serve calls on_startup once, then rebuilds with the same plugin instance
        config.plugins.on_startup(command="serve", dirty=dirty)
    build(config, dirty=dirty)
    return config.plugins["agent-handbook"]


def _mtimes(site):
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def test_dirty_rebuild_writes_only_pages_whose_content_changed(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    project = copy_fixture("site", tmp_path)
    monkeypatch.chdir(project)
    plugin = _build(project, dirty=True, first=True)
    site = project / "site"
    before = _mtimes(site)
    time.sleep(0.05)
    qa = project / "agents" / "qa-checker.md"
    qa.write_text(qa.read_text(encoding="utf-8") + "\nCoordinate with release-lead on freezes.\n", encoding="utf-8")
    os.utime(qa, None)
    again = _build(project, dirty=True, first=False)
    assert again is plugin  # MkDocs keeps a plugin that defines on_startup
    after = _mtimes(site)
    changed = {page for page in after if after[page] != before.get(page)}
    assert "handbook/agents/qa-checker/index.html" in changed
    assert "handbook/agents/release-lead/index.html" in changed  # a new incoming relation
    assert "handbook/agents/web-builder/index.html" not in changed
    assert "handbook/tools/index.html" not in changed
    # Only the edited file was parsed again.
    assert (plugin._cache.misses, plugin._cache.hits) == (6 + 1, 5)  # six files, then one re-read
    # An edit to prose alone: every other agent's page comes from the previous build.
    qa.write_text(qa.read_text(encoding="utf-8") + "\nKeep the notes short.\n", encoding="utf-8")
    os.utime(qa, None)
    _build(project, dirty=True, first=False)
    assert plugin.handbook.reused == {"api-builder", "ops", "release-lead", "web-builder"}


@pytest.mark.parametrize("dirty", [True, False], ids=["dirty", "clean"])
def test_serve_writes_the_exports_an_edit_changed_after_the_rebuild(tmp_path, monkeypatch, dirty):
    """Serving, a rebuild takes the previous exports as they were and makes the new ones after
    it (after the browsers reload), in a thread: then, and before the next rebuild reads the
    site, the site's exports are those of the edited team."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    project = copy_fixture("site", tmp_path)
    monkeypatch.chdir(project)
    plugin = _build(project, dirty=dirty, first=True)
    exported = project / "site" / "handbook" / "graph.json"
    assert _relations(exported) == _relations_of(project)
    made_by: list[str] = []
    make = Handbook.make_exports

    def recorded(handbook: Handbook) -> dict[str, str]:
        made_by.append(threading.current_thread().name)
        return make(handbook)

    monkeypatch.setattr(Handbook, "make_exports", recorded)
    qa = project / "agents" / "qa-checker.md"
    qa.write_text(qa.read_text(encoding="utf-8") + "\nCoordinate with web-builder on forms.\n", encoding="utf-8")
    os.utime(qa, None)
    _build(project, dirty=dirty, first=False)
    plugin.on_shutdown()  # waits for the exports, as the next rebuild does
    assert made_by == ["agent-handbook exports"]  # not by the rebuild: after it, in a thread
    assert not plugin.handbook.stale_exports
    assert ("qa-checker", "collaborates_with", "web-builder") in _relations(exported)
    assert _relations(exported) == _relations_of(project)
    assert not list(exported.parent.glob("*.partial"))
    # An edit that leaves the exports as they were makes none.
    qa.write_text(qa.read_text(encoding="utf-8") + "\nKeep the notes short.\n", encoding="utf-8")
    os.utime(qa, None)
    _build(project, dirty=dirty, first=False)
    plugin.on_shutdown()
    assert made_by == ["agent-handbook exports"]
    assert _relations(exported) == _relations_of(project)


def _relations(export) -> set[tuple[str, str, str]]:
    data = json.loads(export.read_text(encoding="utf-8"))
    return {(r["source"], r["kind"], r["target"]) for r in data["relations"]}


def _relations_of(project) -> set[tuple[str, str, str]]:
    team = load_team([project / "agents"], root=project)
    return {(r.source, r.kind, r.target) for r in team.relations}
