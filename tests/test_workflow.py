"""In a team's workflow: pre-commit, GitHub annotations, SARIF, the export's JSON Schema, and
the progress line of long runs."""

from __future__ import annotations

import io
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from agent_handbook import cli
from agent_handbook.diagnostics import CODES
from agent_handbook.export import schema, to_data
from agent_handbook.formats import DEFAULT_FOLDERS, default_paths
from agent_handbook.team import load_team

from .conftest import agent, write_files

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    write_files(
        tmp_path / ".claude" / "agents",
        {
            "lead.md": agent("lead", "Escalate to @ghost-writer.\n\nHand off releases to shipper."),
            "shipper.md": agent("shipper", "Ships, 100% of the time, with commas, colons: and\nnew lines."),
            "notes.md": "Just notes, no front matter.\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_check_format_github_annotates_file_and_line(repo, capsys):
    assert cli.main(["check", "--format", "github"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert (
        "::warning file=.claude/agents/lead.md,line=6,title=dangling-reference::`ghost-writer` (escalates_to) is not an agent of this team"
        in lines
    )
    assert "::warning file=.claude/agents/notes.md,line=1,title=not-an-agent::no front matter: not an agent" in lines
    assert all(re.fullmatch(r"::(error|warning|notice) file=[^,]+,line=\d+,title=[a-z-]+::.+", line) for line in lines)


def test_github_commands_escape_what_would_end_them():
    from agent_handbook.model import Diagnostic
    from agent_handbook.report import github

    text = github([Diagnostic("info", "skipped-file", "a,b:c.md", 3, "50% done\nnext")])
    assert text == "::notice file=a%2Cb%3Ac.md,line=3,title=skipped-file::50%25 done%0Anext\n"


def test_check_format_sarif_loads_in_a_sarif_library_with_every_file_and_line(repo, capsys, tmp_path):
    from sarif_pydantic import load

    assert cli.main(["check", "--format", "sarif"]) == 0
    text = capsys.readouterr().out
    (tmp_path / "out.sarif").write_text(text, encoding="utf-8")
    log = load(tmp_path / "out.sarif")
    assert log.version == "2.1.0"
    [run] = log.runs
    assert run.tool.driver.name == "agent-handbook"
    team = load_team(default_paths(repo), root=repo)
    expected = {(d.file, d.line, d.code, d.message) for d in team.diagnostics}
    found = set()
    for result in run.results:
        [location] = result.locations
        physical = location.physical_location
        found.add((physical.artifact_location.uri, physical.region.start_line, result.rule_id, result.message.text))
        assert run.tool.driver.rules[result.rule_index].id == result.rule_id
    assert found == expected and len(run.results) == len(team.diagnostics)
    levels = {r.rule_id: r.level.value if hasattr(r.level, "value") else r.level for r in run.results}
    assert levels["dangling-reference"] == "warning" and levels["not-an-agent"] == "warning"


def test_the_export_schema_is_shipped_and_every_team_export_follows_it():
    contract = schema()
    jsonschema.Draft202012Validator.check_schema(contract)
    validator = jsonschema.Draft202012Validator(contract)
    for folders, root in (
        (default_paths(FIXTURES / "formats"), FIXTURES / "formats"),
        ([ROOT / "agents"], ROOT),
        ([FIXTURES / "bad" / "agents"], FIXTURES / "bad"),
        ([FIXTURES / "hostile" / "agents"], FIXTURES / "hostile"),
    ):
        data = to_data(load_team(folders, root=root))
        errors = [e.message for e in validator.iter_errors(data)]
        assert not errors, (root.name, errors[:3])
    assert set(contract["properties"]["diagnostics"]["items"]["properties"]["code"]["enum"]) == set(CODES)


def test_the_export_schema_rejects_what_breaks_the_contract():
    validator = jsonschema.Draft202012Validator(schema())
    good = to_data(load_team([ROOT / "agents"], root=ROOT))
    relation = dict(good["relations"][0])
    for broken in (
        {**good, "extra": []},
        {**good, "relations": [{k: v for k, v in relation.items() if k != "strength"}]},
        {**good, "relations": [{**relation, "kind": "likes"}]},
        {**good, "relations": [{**relation, "evidence": [{"file": "a.md", "line": 0, "text": ""}]}]},
        {**good, "agents": [{**good["agents"][0], "id": "Not A Slug"}]},
    ):
        assert not validator.is_valid(broken)


def test_pre_commit_hook_runs_check_on_the_whole_team(repo):
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "agent-handbook-check" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    # Exactly where `check` without a path reads: every known folder and file at the root.
    for folder in DEFAULT_FOLDERS:
        assert files.search(f"{folder}/x.md"), folder
    for path in ("opencode.jsonc", ".opencode/opencode.json", "config/agents.yaml", "config/tasks.yaml"):
        assert files.search(path), path
    assert files.search("src/crew/config/agents.yaml") and files.search("plugins/kit/agents/x.md")
    for elsewhere in (
        "src/app.py",
        "docs/agents/x.md",
        ".github/workflows/ci.yml",
        "config/settings.yaml",
        "web/opencode.json",
    ):
        assert not files.search(elsewhere), elsewhere
    command, *options = shlex.split(hook["entry"])
    assert command == "agent-handbook"
    run = subprocess.run([sys.executable, "-m", "agent_handbook", *options], cwd=repo, capture_output=True, text=True)
    assert run.returncode == 1 and "dangling-reference" in run.stdout  # --strict: warnings fail the commit


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_run_shows_progress_on_a_terminal_only(tmp_path, monkeypatch):
    write_files(tmp_path / "team", {f"a{i}.md": agent(f"a{i}") for i in range(30)})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli.Progress, "DELAY", 0.0)
    monkeypatch.setattr(cli.Progress, "EVERY", 0.0)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli.main(["check", "team"]) == 0
    shown = terminal.getvalue()
    assert "\rreading agent files: 1/30 (3%)" in shown and "\r\x1b[K" in shown
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    assert cli.main(["check", "team"]) == 0
    assert "reading agent files" not in piped.getvalue() and "30 agents" in piped.getvalue()


def test_sarif_and_github_output_are_deterministic(repo, capsys):
    outputs = []
    for _ in range(2):
        for form in ("sarif", "github"):
            cli.main(["check", "--format", form])
            outputs.append(capsys.readouterr().out)
    assert outputs[:2] == outputs[2:]
    json.loads(outputs[0])
