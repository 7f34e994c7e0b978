"""The file system is input too: output folders that hold the user's files, symbolic links
(loops, links out of the repository, links inside it), FIFOs and devices, empty teams, exit
codes, and names that would print lines of their own. Every case on a real file system."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from agent_handbook.cli import main
from agent_handbook.team import load_team

from .conftest import agent, write_files

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
SECRET = "TOP-SECRET-OUTSIDE-TEXT"


def _cli(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "agent_handbook", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=ENV, timeout=timeout)


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (links as where they point) and its content."""
    out = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[key] = os.readlink(path).encode()
        elif path.is_file():
            out[key] = path.read_bytes()
    return out


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with agents, code, configs and a README, as a user keeps one."""
    root = tmp_path / "repo"
    write_files(
        root,
        {
            "README.md": "# Our product\n",
            "src/app.py": "print('hello')\n",
            "config/agents.yaml": "researcher:\n  role: Researcher\n  goal: Find facts.\n  backstory: Reads.\n",
            "opencode.json": '{"agent": {"scout": {"description": "Looks around.", "mode": "subagent"}}}\n',
            ".claude/agents/lead.md": agent("lead", "Escalate to the user when blocked. Hand off to worker."),
            ".claude/agents/worker.md": agent("worker", "Report to lead."),
            ".git/HEAD": "ref: refs/heads/main\n",
        },
    )
    return root


# --- Output folders -------------------------------------------------------------------------


@pytest.mark.parametrize("out", [".", "..", ".claude", "config", "src/.."])
def test_build_refuses_the_repository_a_folder_holding_it_or_what_it_reads(repo, out):
    before = _snapshot(repo)
    result = _cli("build", ".", "-o", out, cwd=repo)
    assert result.returncode == 2, result.stderr
    assert "refusing to write into" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert _snapshot(repo) == before  # every file intact


def test_build_refuses_the_docs_of_a_repository_with_its_own_mkdocs_yml(repo):
    write_files(
        repo,
        {
            "mkdocs.yml": "site_name: T\nplugins:\n  - agent-handbook:\n      agents_dir: .claude/agents\n",
            "docs/index.md": "# Home\n",
        },
    )
    before = _snapshot(repo)
    result = _cli("build", ".", "-o", "docs", cwd=repo)
    assert result.returncode == 2 and "refusing to write into docs" in result.stderr
    assert _snapshot(repo) == before


def test_build_refuses_a_folder_it_did_not_write_unless_clean(repo):
    write_files(repo, {"site/notes.txt": "mine\n"})
    refused = _cli("build", ".", cwd=repo)
    assert refused.returncode == 2 and "--clean" in refused.stderr
    assert (repo / "site" / "notes.txt").read_text() == "mine\n"
    # An earlier build of its own is rebuilt without --clean; with --clean the user's file goes.
    cleaned = _cli("build", ".", "--clean", cwd=repo)
    assert cleaned.returncode == 0, cleaned.stderr
    assert not (repo / "site" / "notes.txt").exists() and (repo / "site" / ".agent-handbook-site").exists()
    again = _cli("build", ".", cwd=repo)
    assert again.returncode == 0, again.stderr
    assert (repo / "site" / "handbook" / "agents" / "lead" / "index.html").exists()


def test_pages_refuses_a_folder_with_what_it_reads_and_removes_only_what_it_wrote(repo, monkeypatch, capsys):
    monkeypatch.chdir(repo)
    assert main(["pages", ".claude/agents", "--out", ".claude", "--prefix", "agents"]) == 2
    assert "refusing to write into" in capsys.readouterr().err
    write_files(repo, {"docs/index.md": "# Ours\n", "docs/handbook/mine.md": "# Mine\n"})
    assert main(["pages", ".claude/agents", "--out", "docs"]) == 2  # docs/handbook holds a file of ours
    assert "--clean" in capsys.readouterr().err
    (repo / "docs" / "handbook" / "mine.md").unlink()
    assert main(["pages", ".claude/agents", "--out", "docs"]) == 0
    assert (repo / "docs" / "handbook" / "agents" / "worker.md").exists()
    # The worker leaves the team: its page goes, the user's pages stay.
    (repo / ".claude" / "agents" / "worker.md").unlink()
    write_files(repo, {"docs/extra.md": "# Extra\n"})
    assert main(["pages", ".claude/agents", "--out", "docs"]) == 0
    assert not (repo / "docs" / "handbook" / "agents" / "worker.md").exists()
    assert (repo / "docs" / "handbook" / "agents" / "lead.md").exists()
    assert (repo / "docs" / "index.md").read_text() == "# Ours\n" and (repo / "docs" / "extra.md").exists()
    capsys.readouterr()


# --- Links, FIFOs, devices -----------------------------------------------------------------


@pytest.fixture
def hostile(tmp_path: Path, repo: Path) -> Path:
    """The repository's agents folder with every file-system shape that must not hurt."""
    outside = tmp_path / "outside"
    write_files(outside, {"secret.md": agent("secret", SECRET, description=SECRET)})
    folder = repo / ".claude" / "agents"
    os.symlink("b.md", folder / "a.md")
    os.symlink("a.md", folder / "b.md")
    os.symlink(outside / "secret.md", folder / "secret.md")
    os.symlink(outside, folder / "elsewhere")
    os.symlink("/etc/passwd", folder / "passwd.md")
    os.symlink("/proc/self/fd/0", folder / "stdin.md")
    os.symlink("..", folder / "up")
    os.symlink("missing.md", folder / "broken.md")
    os.mkfifo(folder / "pipe.md")
    write_files(repo, {"shared/helper.md": agent("helper", "Escalate to @lead when blocked.")})
    os.symlink("../../shared/helper.md", folder / "helper.md")  # inside the repository: followed
    return repo


def test_check_reads_around_links_fifos_and_devices_and_says_what_it_skipped(hostile):
    result = _cli("check", ".claude/agents", "--format", "json", cwd=hostile, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    problems = {(d["file"], d["code"]) for d in json.loads(result.stdout)}
    assert {
        (".claude/agents/a.md", "symlink-loop"),
        (".claude/agents/b.md", "symlink-loop"),
        (".claude/agents/secret.md", "link-outside"),
        (".claude/agents/elsewhere", "link-outside"),
        (".claude/agents/passwd.md", "link-outside"),
        (".claude/agents/up", "symlink-loop"),
        (".claude/agents/broken.md", "broken-link"),
        (".claude/agents/pipe.md", "not-a-file"),
    } <= problems
    assert any(f == ".claude/agents/stdin.md" for f, _ in problems)  # never read, never waited on
    assert SECRET not in result.stdout and "/etc" not in result.stdout and "/outside" not in result.stdout
    strict = _cli("check", ".claude/agents", "--strict", cwd=hostile, timeout=60)
    assert strict.returncode == 1


def test_every_entry_point_reads_links_alike_and_leaks_nothing(hostile, tmp_path):
    exported = _cli("export", ".claude/agents", cwd=hostile, timeout=60)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert {a["id"] for a in data["agents"]} == {"lead", "worker", "helper"}
    assert ("helper", "escalates_to", "lead") in {(r["source"], r["kind"], r["target"]) for r in data["relations"]}
    assert SECRET not in exported.stdout and "passwd" in exported.stdout and "/etc/" not in exported.stdout

    pages = _cli("pages", ".claude/agents", "--out", str(tmp_path / "pages"), cwd=hostile, timeout=60)
    assert pages.returncode == 0, pages.stderr
    built = _cli("build", ".", "-o", str(tmp_path / "site"), cwd=hostile, timeout=300)
    assert built.returncode == 0, built.stderr
    for folder in (tmp_path / "pages", tmp_path / "site"):
        text = "\n".join(p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file())
        assert SECRET not in text and "/etc/passwd" not in text and "root:x:0" not in text
        assert "helper" in text
    graph = json.loads((tmp_path / "site" / "handbook" / "graph.json").read_text())
    assert {"lead", "worker", "helper"} <= {a["id"] for a in graph["agents"]}
    assert "secret" not in {a["id"] for a in graph["agents"]}


def test_a_folder_link_inside_the_repository_is_found_by_default(repo, monkeypatch, capsys):
    real = repo / "team"
    (repo / ".claude" / "agents").rename(real)
    os.symlink("../team", repo / ".claude" / "agents")
    monkeypatch.chdir(repo)
    assert main(["export"]) == 0
    assert {"lead", "worker"} <= {a["id"] for a in json.loads(capsys.readouterr().out)["agents"]}


def test_a_link_out_of_the_repository_is_read_only_when_its_folder_is_configured(tmp_path, repo, monkeypatch, capsys):
    outside = tmp_path / "shared-agents"
    write_files(outside, {"remote.md": agent("remote", "Escalate to the user.")})
    os.symlink(outside, repo / ".claude" / "remote")
    monkeypatch.chdir(repo)
    team = load_team([repo / ".claude"], root=repo)
    assert "remote" not in team.agents
    assert any(d.code == "link-outside" and d.file == ".claude/remote" for d in team.diagnostics)
    configured = load_team([repo / ".claude" / "remote"], root=repo)
    assert "remote" in configured.agents  # named by the user: where it leads is read


def test_a_deep_codex_toml_is_a_diagnostic(tmp_path):
    write_files(tmp_path / ".codex" / "agents", {"deep.toml": 'name = "deep"\nx = ' + "[" * 500 + "]" * 500 + "\n"})
    team = load_team([tmp_path / ".codex" / "agents"], root=tmp_path)
    [problem] = [d for d in team.diagnostics if d.file.endswith("deep.toml")]
    assert problem.code == "invalid-config" and "nested" in problem.message


# --- Nothing is not a pass; exit codes ------------------------------------------------------


def test_finding_no_agent_fails_unless_allowed(tmp_path, monkeypatch, capsys):
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    for command in (["check", "empty", "--strict"], ["check", "empty"], ["export", "empty"]):
        assert main(command) == 2
        assert "no agent found in empty" in capsys.readouterr().err
    assert main(["export", "empty"]) == 2
    assert json.loads(capsys.readouterr().out)["agents"] == []  # the export is still written
    assert main(["check", "empty", "--allow-empty"]) == 0
    assert main(["pages", "empty", "--out", "out"]) == 2 and not (tmp_path / "out").exists()
    capsys.readouterr()


def test_unwritable_output_is_exit_2_in_one_line(repo, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    for args in (
        ("build", ".", "-o", str(blocker / "site")),
        ("pages", ".claude/agents", "--out", str(blocker / "docs")),
        ("export", ".claude/agents", "-o", str(blocker / "graph.json")),
    ):
        result = _cli(*args, cwd=repo)
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    if os.path.exists("/dev/full"):
        with open("/dev/full", "w") as full:
            run = subprocess.run(
                [sys.executable, "-m", "agent_handbook", "export", ".claude/agents"],
                cwd=repo,
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                env=ENV,
                timeout=60,
            )
        assert run.returncode == 2 and "Traceback" not in run.stderr and "Exception" not in run.stderr


def test_serve_on_a_busy_port_is_exit_2_and_sigterm_leaves_no_temp_folder(repo, tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = _cli("serve", ".", "-a", f"127.0.0.1:{port}", cwd=repo)
        assert result.returncode == 2 and f"cannot serve on 127.0.0.1:{port}" in result.stderr
        assert "Traceback" not in result.stderr

    temp = tmp_path / "tmp"
    temp.mkdir()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "agent_handbook", "serve", ".", "-a", f"127.0.0.1:{free}"],
        cwd=repo,
        env={**ENV, "TMPDIR": str(temp)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any(temp.iterdir()):
            time.sleep(0.1)
        assert any(temp.iterdir())  # the generated configuration
        with socket.socket() as client:
            while time.monotonic() < deadline and client.connect_ex(("127.0.0.1", free)) != 0:
                time.sleep(0.2)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
    assert not any(temp.iterdir()), list(temp.iterdir())


def test_build_takes_checks_suppressions(tmp_path):
    write_files(tmp_path / "team", {"a.md": agent("a", "Hand off to @ghost-writer.")})
    assert _cli("build", "team", "--strict", "-o", str(tmp_path / "s1"), cwd=tmp_path).returncode == 1
    quiet = _cli(
        "build", "team", "--strict", "--ignore", "dangling-reference", "-o", str(tmp_path / "s2"), cwd=tmp_path
    )
    assert quiet.returncode == 0, quiet.stderr


def test_serve_watches_agent_folders_and_config_files_not_the_repository(repo):
    from agent_handbook.plugin import AgentHandbookPlugin
    from mkdocs.config.defaults import MkDocsConfig

    plugin = AgentHandbookPlugin()
    plugin.load_config({}, str(repo / "mkdocs.yml"))
    config = MkDocsConfig(config_file_path=str(repo / "mkdocs.yml"))
    watched = []

    class Server:
        def watch(self, path, recursive=True):
            watched.append((Path(path).relative_to(repo).as_posix(), recursive))

    plugin.on_serve(Server(), config=config, builder=None)
    assert (".claude/agents", True) in watched
    assert (".", False) in watched  # opencode.json's folder, not below it
    assert all(recursive is False for path, recursive in watched if path in {".", "config"})


# --- Names that would print lines of their own ---------------------------------------------


def test_file_names_with_newlines_are_escaped_in_every_format(tmp_path, monkeypatch, capsys):
    name = "evil\n::error file=x::owned.md"
    write_files(tmp_path / "team", {name: "no front matter\n"})
    monkeypatch.chdir(tmp_path)
    main(["check", "team"])
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "\\n::error" in out and not any(line.startswith("::") for line in out.splitlines())
    main(["check", "team", "--format", "github"])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("::warning ")
    main(["check", "team", "--format", "sarif"])
    [result] = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "team/evil%0A%3A%3Aerror%20file%3Dx%3A%3Aowned.md"


def test_a_known_folder_that_links_out_of_the_repository_is_read_by_no_command(tmp_path, repo):
    outside = tmp_path / "elsewhere"
    write_files(outside, {"secret.md": agent("secret", SECRET, description=SECRET)})
    (repo / ".github").mkdir()
    os.symlink(outside, repo / ".github" / "agents")
    checked = _cli("check", "--format", "json", cwd=repo)
    assert SECRET not in checked.stdout
    assert any(d["code"] == "link-outside" and d["file"] == ".github/agents" for d in json.loads(checked.stdout))
    built = _cli("build", ".", "-o", str(tmp_path / "site"), cwd=repo, timeout=300)
    assert built.returncode == 0, built.stderr
    text = "\n".join(p.read_text(errors="replace") for p in (tmp_path / "site").rglob("*") if p.is_file())
    assert SECRET not in text and "lead" in text
    named = _cli("export", ".github/agents", cwd=repo)  # named by the user: read wherever it leads
    assert "secret" in {a["id"] for a in json.loads(named.stdout)["agents"]}
