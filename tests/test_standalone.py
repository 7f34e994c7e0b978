"""``agent-handbook build`` and ``serve`` on a folder with no mkdocs.yml (and one with)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .sitebuild import copy_fixture, mkdocs_build, visible_text

FORMATS = Path(__file__).parent / "fixtures" / "formats"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "agent_handbook", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=ENV, timeout=300)


def _pages(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted((site / "handbook").rglob("*"))
        if p.is_file()
    }


def test_build_without_mkdocs_yml_writes_the_plugins_pages(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(FORMATS, repo, ignore=shutil.ignore_patterns("mkdocs.yml", "docs", "site"))
    result = _cli("build", "--strict", "-o", str(tmp_path / "out"), cwd=repo)
    assert result.returncode == 0, result.stderr
    assert not (repo / "mkdocs.yml").exists()  # nothing is written into the repository
    standalone = _pages(tmp_path / "out")

    plugin = mkdocs_build(copy_fixture("formats", tmp_path / "plugin"), "--strict")
    assert plugin.returncode == 0, plugin.log
    built = _pages(plugin.site)
    assert set(standalone) == set(built)
    # The same team, read the same way: the exports are byte-identical.
    assert standalone["handbook/graph.json"] == built["handbook/graph.json"]
    sources = {a["source"] for a in json.loads(standalone["handbook/graph.json"])["agents"]}
    assert ".claude/agents/coordinator.md" in sources  # relative to the repository
    text = visible_text(standalone["handbook/agents/planner/index.html"])
    assert "Build it" in text and "Feature Planner" in text


def test_build_of_a_bare_agent_folder_and_of_a_repo_with_its_own_mkdocs_yml(tmp_path):
    folder = tmp_path / "team"
    shutil.copytree(FORMATS / ".claude" / "agents", folder)
    result = _cli("build", str(folder), "-o", str(tmp_path / "bare"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "bare" / "handbook" / "agents" / "coordinator" / "index.html").exists()
    graph = json.loads((tmp_path / "bare" / "handbook" / "graph.json").read_text(encoding="utf-8"))
    assert "coordinator.md" in {a["source"] for a in graph["agents"]}

    project = copy_fixture("site", tmp_path)
    (project / "docs" / "index.md").write_text("# Our own home page\n", encoding="utf-8")
    result = _cli("build", str(project), "-o", str(tmp_path / "own"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Our own home page" in (tmp_path / "own" / "index.html").read_text(encoding="utf-8")


def test_a_missing_folder_is_a_usage_error(tmp_path):
    result = _cli("build", "nowhere", cwd=tmp_path)
    assert result.returncode == 2 and "nowhere" in result.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def test_serve_answers_on_localhost_with_the_handbook(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(FORMATS, repo, ignore=shutil.ignore_patterns("mkdocs.yml", "docs", "site"))
    port = _free_port()
    command = [sys.executable, "-m", "agent_handbook", "serve", str(repo), "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=tmp_path, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        page = ""
        while time.monotonic() < deadline:
            try:
                page = _get(f"http://127.0.0.1:{port}/handbook/")
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.5)
        assert page, server.stdout.read().decode() if server.poll() is not None else "no answer in 90 s"
        assert "coordinator" in page
        agent = _get(f"http://127.0.0.1:{port}/handbook/agents/doc-bot/")
        assert "Keeps the docs in step with the code." in agent
        assert "livereload" in agent  # served with live reload
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stdout.close()
