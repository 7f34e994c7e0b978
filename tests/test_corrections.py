"""The team's word: a corrections file that rejects, adds and confirms relations."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from agent_handbook.cli import main
from agent_handbook.corrections import parse_corrections
from agent_handbook.export import schema, to_data
from agent_handbook.team import load_team

from .conftest import agent, triples
from .sitebuild import copy_fixture, mkdocs_build

CORRECTIONS = "agent-handbook.corrections.yaml"
STALE = """\
  - confirm: {source: auditor, kind: hands_off_to, target: sorter}
    reason: the auditor used to return crates to the sorter
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture team built with ``mkdocs build --strict``: its corrections reject a
    delegation to a library, add an escalation and confirm a hand-off."""
    project = copy_fixture("corrections", tmp_path_factory.mktemp("corrections"))
    build = mkdocs_build(project, "--strict")
    assert build.returncode == 0, build.log
    return build


def _pages(build) -> dict[str, str]:
    return {p.relative_to(build.site).as_posix(): p.read_text(encoding="utf-8") for p in build.site.rglob("*.html")}


def test_a_rejected_relation_leaves_every_page_and_export(built):
    data = json.loads((built.site / "handbook" / "graph.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema()).validate(data)
    ends = {end for r in data["relations"] for end in (r["source"], r["target"])}
    assert "plot-weaver" not in ends and "plot-weaver" not in {e["id"] for e in data["external"]}
    assert not [d for d in data["diagnostics"] if d["code"] == "dangling-reference"]
    assert "plot-weaver" not in (built.site / "handbook" / "graph.graphml").read_text(encoding="utf-8")
    assert "plot_weaver" not in (built.site / "handbook" / "graph.mmd").read_text(encoding="utf-8")
    for uri, page in _pages(built).items():
        for line in page.splitlines():
            if "plot-weaver" in line:
                # Only the sorter's own words (its duties, its prompt) still say it.
                assert uri == "handbook/agents/sorter/index.html", uri
                assert "Delegate the ripeness charts to @plot-weaver." in line
                assert "<td>" not in line and "<svg" not in line


def test_an_added_relation_shows_as_stated_by_the_team_with_its_file_and_line(built):
    data = json.loads((built.site / "handbook" / "graph.json").read_text(encoding="utf-8"))
    [added] = [
        r for r in data["relations"] if (r["source"], r["kind"], r["target"]) == ("packer", "escalates_to", "user")
    ]
    assert added["strength"] == "stated"
    assert added["team"] == {
        "mark": "added",
        "reason": "our delivery runbook has the packer ask the orchard manager before any late van",
        "file": CORRECTIONS,
        "line": 5,
    }
    assert [(e["file"], e["line"]) for e in added["evidence"]] == [(CORRECTIONS, 5)]
    page = built.page("handbook/agents/packer/")
    [row] = [line for line in page.splitlines() if "stated by the team" in line]
    assert "escalates to" in row and "User" in row and f"{CORRECTIONS}:5" in row
    assert "orchard manager before any late van" in row
    graphml = ET.fromstring((built.site / "handbook" / "graph.graphml").read_text(encoding="utf-8"))
    marks = [d.text for d in graphml.iter("{http://graphml.graphdrawing.org/xmlns}data") if d.text == "added"]
    assert marks == ["added"]
    assert "escalates to (added by the team)" in (built.site / "handbook" / "graph.mmd").read_text(encoding="utf-8")


def test_a_confirmed_relation_keeps_what_was_read_and_is_marked_confirmed(built):
    data = json.loads((built.site / "handbook" / "graph.json").read_text(encoding="utf-8"))
    [confirmed] = [r for r in data["relations"] if r.get("team", {}).get("mark") == "confirmed"]
    assert (confirmed["source"], confirmed["kind"], confirmed["target"]) == ("sorter", "hands_off_to", "packer")
    assert [(e["file"], e["line"]) for e in confirmed["evidence"]] == [(CORRECTIONS, 7), ("agents/sorter.md", 12)]
    assert "confirmed by the team" in built.page("handbook/agents/sorter/")
    # Relations the team said nothing about carry no mark.
    assert [r for r in data["relations"] if "team" not in r]


def test_a_stale_correction_warns_in_check_and_fails_a_strict_build(tmp_path):
    project = copy_fixture("corrections", tmp_path)
    with open(project / CORRECTIONS, "a", encoding="utf-8") as handle:
        handle.write(STALE)
    run = subprocess.run(
        [sys.executable, "-m", "agent_handbook", "check", "agents", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        f"{CORRECTIONS}:9: warning stale-correction: `confirm auditor hands_off_to sorter`: "
        "no such relation was read from the agent files (stale?)"
    ]
    build = mkdocs_build(project, "--strict")
    assert build.returncode != 0
    assert f"{CORRECTIONS}:9: stale-correction" in build.log
    # Without --strict the site builds, and the health page lists the stale correction.
    relaxed = mkdocs_build(project)
    assert relaxed.returncode == 0
    assert "stale-correction" in relaxed.page("handbook/health/")


def test_without_the_file_the_relations_are_as_read(tmp_path):
    project = copy_fixture("corrections", tmp_path)
    (project / CORRECTIONS).unlink()
    team = load_team([project / "agents"], root=project)
    assert ("sorter", "delegates_to", "plot-weaver") in triples(team)
    assert ("packer", "escalates_to", "user") not in triples(team)
    assert not [r for r in team.relations if r.team]
    assert "team" not in json.dumps(to_data(team)["relations"])


def test_the_cli_and_the_plugin_take_a_corrections_file_from_elsewhere(tmp_path, monkeypatch, capsys):
    project = copy_fixture("corrections", tmp_path)
    moved = project / "docs" / "team-word.yaml"
    (project / CORRECTIONS).rename(moved)
    monkeypatch.chdir(project)
    assert main(["export", "agents"]) == 0
    assert "plot-weaver" in capsys.readouterr().out
    assert main(["export", "agents", "--corrections", "docs/team-word.yaml"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert ("packer", "user") in {(r["source"], r["target"]) for r in data["relations"] if r.get("team")}
    assert data["relations"][0]["evidence"]  # and the evidence points at the moved file:
    assert {r["team"]["file"] for r in data["relations"] if r.get("team")} == {"docs/team-word.yaml"}
    assert main(["check", "agents", "--corrections", "nowhere.yaml"]) == 2  # a usage error
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config + "      corrections: docs/team-word.yaml\n", encoding="utf-8")
    build = mkdocs_build(project, "--strict")
    assert build.returncode == 0, build.log
    assert "stated by the team" in build.page("handbook/agents/packer/")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("relations:\n  - reject: {source: a, kind: delegates_to\n", 3, "not valid YAML"),
        ("- just a list\n", 1, "`relations:` list"),
        ("relations: nope\n", 1, "must be a list"),
        ("relations:\n  - {reject: {source: a, kind: likes, target: b}, reason: x}\n", 2, "unknown kind `likes`"),
        ("relations:\n  - {reject: {source: a, kind: delegates_to, target: b}}\n", 2, "gives no `reason`"),
        ("relations:\n  - {reason: why}\n", 2, "exactly one of"),
        ("relations:\n  - ok\n", 2, "is a mapping"),
        ("relations:\n  - {add: {source: a, kind: delegates_to}, reason: x}\n", 2, "needs a `target`"),
        ("relations:\n  - {add: [a, b], reason: x}\n", 2, "needs a mapping"),
    ],
)
def test_a_malformed_corrections_file_is_a_diagnostic_with_its_line(text, line, words):
    found, problems = parse_corrections(text, CORRECTIONS)
    assert found == []
    [problem] = problems
    assert (problem.code, problem.file, problem.line) == ("invalid-correction", CORRECTIONS, line)
    assert words in problem.message


def test_bad_entries_are_skipped_and_the_good_ones_applied(team_of, tmp_path):
    (tmp_path / CORRECTIONS).write_text(
        "relations:\n"
        "  - {reject: {source: lead, kind: delegates_to, target: helper}, reason: no longer}\n"
        "  - {reject: {source: lead, kind: delegates_to}, reason: broken}\n"
        "  - {add: {source: helper, kind: hands_off_to, target: ghost-agent}, reason: the team says so}\n"
        "  - {reject: {source: lead, kind: delegates_to, target: helper}, reason: twice}\n"
        "  - {reject: {source: nobody, kind: delegates_to, target: helper}, reason: who}\n",
        encoding="utf-8",
    )
    team = team_of(
        {
            "lead.md": agent("lead", "Delegate the reports to @helper."),
            "helper.md": agent("helper", "Writes reports."),
        }
    )
    assert triples(team) == {("helper", "hands_off_to", "ghost-agent")}
    # A name the team states is theirs to state: a person, never a dangling agent.
    assert team.external["ghost-agent"].role == "human"
    found = sorted((d.line, d.code) for d in team.diagnostics if d.file == CORRECTIONS)
    assert found == [(3, "invalid-correction"), (5, "invalid-correction"), (6, "stale-correction")]


def test_corrections_name_agents_by_name_as_well_as_by_id(team_of, tmp_path):
    (tmp_path / CORRECTIONS).write_text(
        "relations:\n  - {reject: {source: Tech Lead, kind: delegates_to, target: '@helper'}, reason: not so}\n",
        encoding="utf-8",
    )
    team = team_of(
        {
            "tech-lead.md": agent("Tech Lead", "Delegate the reports to @helper."),
            "helper.md": agent("helper", "Writes reports."),
        }
    )
    assert triples(team) == set()
    assert not [d for d in team.diagnostics if d.file == CORRECTIONS]


def test_an_empty_corrections_file_changes_nothing(team_of, tmp_path):
    (tmp_path / CORRECTIONS).write_text("# nothing yet\n", encoding="utf-8")
    team = team_of({"lead.md": agent("lead", "Delegate the reports to @helper."), "helper.md": agent("helper")})
    assert triples(team) == {("lead", "delegates_to", "helper")}
    assert not team.diagnostics


def test_a_binary_corrections_file_is_a_diagnostic_not_a_crash(team_of, tmp_path):
    (tmp_path / CORRECTIONS).write_bytes(b"\x00\x01relations")
    team = team_of({"lead.md": agent("lead", "Delegate the reports to @helper."), "helper.md": agent("helper")})
    assert triples(team) == {("lead", "delegates_to", "helper")}
    assert [(d.code, d.file) for d in team.diagnostics] == [("invalid-correction", CORRECTIONS)]


def test_the_export_with_corrections_is_deterministic(tmp_path):
    project = copy_fixture("corrections", tmp_path)
    first = to_data(load_team([project / "agents"], root=project))
    assert first == to_data(load_team([project / "agents"], root=project))


def test_agent_handbook_build_reads_the_default_file_and_takes_another(tmp_path):
    project = copy_fixture("corrections", tmp_path)
    (project / "mkdocs.yml").unlink()  # a repository without a site of its own
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}

    def build(*args: str) -> dict:
        command = [sys.executable, "-m", "agent_handbook", "build", ".", "--strict", *args]
        run = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env)
        assert run.returncode == 0, run.stderr
        return json.loads((project / "site" / "handbook" / "graph.json").read_text(encoding="utf-8"))

    marks = {(r["source"], r["target"]): r["team"]["file"] for r in build()["relations"] if "team" in r}
    assert marks == {("packer", "user"): CORRECTIONS, ("sorter", "packer"): CORRECTIONS}
    elsewhere = tmp_path / "word.yaml"
    elsewhere.write_text(
        "relations:\n"
        "  - {reject: {source: sorter, kind: hands_off_to, target: packer}, reason: not any more}\n"
        "  - {reject: {source: sorter, kind: delegates_to, target: plot-weaver}, reason: a library}\n",
        encoding="utf-8",
    )
    (project / CORRECTIONS).unlink()
    relations = build("--corrections", str(elsewhere))["relations"]
    assert ("sorter", "packer") not in {(r["source"], r["target"]) for r in relations}
