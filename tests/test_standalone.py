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


def _nav(page: str) -> list[tuple[int, str]]:
    """The primary navigation's entries as (depth, text), sections and pages alike."""
    from .sitebuild import parse

    nav = page.split("md-nav--primary", 1)[1].split("</nav>\n</div>", 1)[0]
    depth, out = 0, []
    for element in parse(nav):
        if element.tag == "nav":
            depth = int(element.attrs.get("data-md-level", depth))
        if element.tag in {"a", "label"} and "md-nav__link" in element.attrs.get("class", ""):
            text = " ".join(element.text.split())
            if text:
                out.append((depth, text))
    return out


def test_a_zero_config_site_is_titled_after_its_repository_with_agents_in_the_nav_by_plugin(tmp_path):
    repo = tmp_path / "someone__agents"
    for plugin, names in {"review-kit": ["code-reviewer", "style-checker"], "ship-kit": ["release-manager"]}.items():
        for name in names:
            path = repo / "plugins" / plugin / "agents" / f"{name}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"---\nname: {name}\ndescription: The {name}.\n---\n\nYou do the work.\n", "utf-8")
    result = _cli("build", str(repo), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "<title>agents — team handbook</title>" in home and "someone__agents agents" not in home
    nav = [text for _, text in _nav(home)]
    agents = nav.index("Agents")
    tail = nav[agents:]
    assert tail[1] == "review-kit"  # the section itself opens the agents index (navigation.indexes)
    assert 'href="handbook/agents/"' in home.split("md-nav--primary", 1)[1]
    for entry in ("review-kit", "ship-kit", "code-reviewer", "style-checker", "release-manager"):
        assert entry in tail
    assert (
        tail.index("review-kit") < tail.index("code-reviewer") < tail.index("ship-kit") < tail.index("release-manager")
    )
    index = visible_text((tmp_path / "out" / "handbook" / "agents" / "index.html").read_text(encoding="utf-8"))
    assert "3 agents in 2 groups" in index and "The release-manager." in index

    # A git checkout is named after its remote.
    (repo / ".git").mkdir()
    (repo / ".git" / "config").write_text('[remote "origin"]\n\turl = git@example.org:team/our-crew.git\n', "utf-8")
    result = _cli("build", str(repo), "-o", str(tmp_path / "git"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "<title>our-crew — team handbook</title>" in (tmp_path / "git" / "index.html").read_text(encoding="utf-8")
