"""The CLI: the export contract, determinism, and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from agent_handbook.cli import main
from agent_handbook.render import SCRIPTS

from .conftest import agent, write_files


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    write_files(
        tmp_path / "team",
        {
            "devops.md": agent(
                "devops",
                "Escalate to @platform.\n\nWork with @ghost-writer.",
                extra="model: sonnet\ntools: Read, Bash\n",
            ),
            "platform.md": agent("platform", "Escalate to the user.\n\nRead the notes writer keeps."),
            "writer.md": agent("writer", "Writes the notes."),
        },
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path / "team"


def test_export_follows_the_contract(folder, capsys):
    assert main(["export", "team", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["agents", "external", "relations", "diagnostics", "mentions"]
    # A name with no cue is a mention: exported, never a relation.
    assert data["mentions"] == [
        {
            "source": "platform",
            "target": "writer",
            "strength": "mention",
            "evidence": [{"file": "team/platform.md", "line": 8, "text": "Read the notes writer keeps."}],
        }
    ]
    devops = data["agents"][0]
    assert devops == {
        "id": "devops",
        "name": "devops",
        "description": "Test agent.",
        "model": "sonnet",
        "tools": ["Read", "Bash"],
        "source": "team/devops.md",
    }
    assert data["external"] == [{"id": "ghost-writer", "name": "ghost-writer"}, {"id": "user", "name": "User"}]
    assert [(r["source"], r["kind"], r["target"]) for r in data["relations"]] == [
        ("devops", "collaborates_with", "ghost-writer"),
        ("devops", "escalates_to", "platform"),
        ("platform", "escalates_to", "user"),
    ]
    relation = data["relations"][1]
    assert set(relation) == {"source", "kind", "target", "level", "strength", "evidence"}
    assert relation["strength"] == "stated"
    assert relation["evidence"] == [{"file": "team/devops.md", "line": 8, "text": "Escalate to @platform."}]
    [problem] = data["diagnostics"]
    assert problem == {
        "severity": "warning",
        "code": "dangling-reference",
        "file": "team/devops.md",
        "line": 10,
        "message": "`ghost-writer` (collaborates_with) is not an agent of this team",
    }


def test_export_is_byte_identical_across_runs(folder):
    env = {**os.environ, "PYTHONHASHSEED": "random"}
    runs = [
        subprocess.run(
            [sys.executable, "-m", "agent_handbook", "export", "team"],
            capture_output=True,
            env=env,
            cwd=folder.parent,
            check=True,
        ).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1] and runs[0]


def test_check_prints_one_line_per_diagnostic_and_exits_as_documented(folder, capsys):
    assert main(["check", "team"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [
        "team/devops.md:10: warning dangling-reference: `ghost-writer` (collaborates_with) is not an agent of this team"
    ]
    assert main(["check", "team", "--strict"]) == 1
    capsys.readouterr()
    assert main(["check", "team", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["code"] == "dangling-reference"


def test_check_can_leave_out_codes_set_severities_and_ignore_names(folder, capsys):
    assert main(["check", "team", "--strict", "--ignore", "dangling-reference"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["check", "team", "--strict", "--severity", "dangling-reference=info"]) == 0
    assert capsys.readouterr().out.startswith("team/devops.md:10: info dangling-reference:")
    assert main(["check", "team", "--strict", "--ignore-name", "ghost-writer"]) == 0
    capsys.readouterr()
    assert main(["export", "team", "--ignore-name", "@ghost-writer"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "ghost-writer" not in {e["id"] for e in data["external"]}
    for argv in (
        ["check", "team", "--ignore", "no-such-code"],
        ["check", "team", "--severity", "dangling-reference=loud"],
    ):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2
    capsys.readouterr()


def test_clean_team_passes_strict(tmp_path, monkeypatch):
    write_files(tmp_path / "t", {"a.md": agent("a", "Escalate to the user.")})
    monkeypatch.chdir(tmp_path)
    assert main(["check", "t", "--strict"]) == 0


def test_usage_errors_exit_2_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for argv in (["lint", "x"], ["export", ".", "--format", "xml"]):  # argparse's own
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2
    capsys.readouterr()
    for argv in (["check", "missing-folder"], ["export"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and err.startswith("agent-handbook: "), err


def test_an_unexpected_error_is_one_line_and_exit_3(folder, monkeypatch, capsys):
    import agent_handbook.cli as cli

    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(cli, "to_json", broken)
    assert main(["export", "team"]) == 3
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "bug in agent-handbook" in err and "boom" in err
    monkeypatch.setenv("AGENT_HANDBOOK_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main(["export", "team"])


def test_help_texts_have_no_raw_markup_and_say_the_exit_codes(capsys):
    for argv in (["--help"], ["check", "--help"], ["export", "--help"], ["build", "--help"], ["pages", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        text = capsys.readouterr().out
        assert "``" not in text and "exit status" in text, argv
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    assert "the export contract" in capsys.readouterr().out


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "agent-handbook"
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("agent-handbook ")


def test_pages_writes_plain_markdown_for_any_builder(folder, tmp_path):
    out = tmp_path / "out"
    assert main(["pages", "team", "--out", str(out), "--no-directory-urls"]) == 0
    devops = (out / "handbook" / "agents" / "devops.md").read_text(encoding="utf-8")
    # Each page links the stylesheet and script, relative to its own file.
    head = '<link rel="stylesheet" href="../../assets/agent-handbook/handbook.css">\n'
    for name in SCRIPTS:  # in the order they load
        head += f'<script src="../../assets/agent-handbook/{name}" defer></script>\n'
    assert devops.startswith(head + "\n# devops\n")
    assert all((out / "assets" / "agent-handbook" / name).exists() for name in SCRIPTS)
    # Links in tables and graphs are HTML, so they follow --no-directory-urls.
    assert '<a href="platform.html">platform</a>' in devops
    assert (out / "handbook" / "graph.json").read_text(encoding="utf-8") == (
        subprocess.run(
            [sys.executable, "-m", "agent_handbook", "export", "team"],
            capture_output=True,
            text=True,
            cwd=folder.parent,
        ).stdout
    )
    assert (out / "assets" / "agent-handbook" / "handbook.css").exists()
    # ELK goes beside the script that loads it on pages with a map, with its licence.
    vendor = out / "assets" / "agent-handbook" / "vendor" / "elkjs"
    assert (vendor / "elk.bundled.js").stat().st_size > 1_000_000 and (vendor / "LICENSE").exists()
    bare = tmp_path / "bare"
    assert main(["pages", "team", "--out", str(bare), "--no-asset-links"]) == 0
    assert (bare / "handbook" / "agents" / "devops.md").read_text(encoding="utf-8").startswith("# devops\n")


def test_pages_into_a_folder_named_as_the_prefix_are_not_nested_twice(folder, tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    out = tmp_path / "docs" / "handbook"
    assert main(["pages", "team", "--out", str(out)]) == 0
    assert (out / "agents" / "devops.md").exists() and not (out / "handbook").exists()
    assert (tmp_path / "docs" / "assets" / "agent-handbook" / "handbook.js").exists()
