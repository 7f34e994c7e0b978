"""Every agent format: one fixture team written for these tests (tests/fixtures/formats/),
with a test per structured relation field, plus bad config files and scopes."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from agent_handbook.formats import default_paths
from agent_handbook.team import Team, load_team

from .conftest import triples, write_files
from .sitebuild import copy_fixture, mkdocs_build, visible_text

FORMATS = Path(__file__).parent / "fixtures" / "formats"


@pytest.fixture(scope="module")
def team() -> Team:
    return load_team(default_paths(FORMATS), root=FORMATS)


def relation(team: Team, source: str, kind: str, target: str):
    return next(r for r in team.relations if (r.source, r.kind, r.target) == (source, kind, target))


def codes(team: Team) -> set[tuple[str, str]]:
    return {(d.code, d.file) for d in team.diagnostics}


def test_each_file_is_read_in_its_own_format(team):
    formats = {a.id: a.format for a in team.agents.values()}
    assert formats == {
        "coordinator": "claude",
        "builder": "claude",
        "checker": "claude",
        "scribe": "claude",
        "audit-kit-checker": "claude",
        "planner": "copilot",
        "implementer": "copilot",
        "researcher": "copilot",
        "reviewer": "copilot",
        "orchestrator": "opencode",
        "team-reviewer": "opencode",
        "team-tester": "opencode",
        "scout": "opencode",
        "doc-bot": "opencode",
        "security-auditor": "codex",
        "analyst": "crewai",
        "writer": "crewai",
        "editor": "crewai",
        "explorer": "cursor",
        "triager": "gemini",
        "fixer": "factory",
        "docs-keeper": "kiro",
    }


# -- Claude Code ------------------------------------------------------------------------------


def test_claude_agent_tool_lists_the_subagents_it_may_start(team):
    coordinator = team.agents["coordinator"]
    # One tool, not two broken ones split at the comma inside the parentheses.
    assert coordinator.tools == ("Read", "Grep", "Agent(builder, checker)")
    for target in ("builder", "checker"):
        found = relation(team, "coordinator", "delegates_to", target)
        assert found.strength == "stated"
        assert found.evidence[0].line == 4 and "Agent(builder, checker)" in found.evidence[0].text


def test_claude_task_alias_names_a_subagent_too(team):
    found = relation(team, "builder", "delegates_to", "scribe")
    assert found.evidence[0].text == "tools: Task(scribe)" and found.strength == "stated"


def test_claude_current_fields_are_settings_with_a_meaning(team):
    settings = {s.key: s for s in team.agents["coordinator"].settings}
    assert {"permissionMode", "maxTurns", "skills", "memory", "effort", "model"} <= set(settings)
    assert settings["permissionMode"].value == "plan" and "permission" in settings["permissionMode"].meaning
    assert settings["skills"].value == "lint-rules"
    # model: inherit is the session's model, not a model called "inherit".
    assert team.agents["coordinator"].model == "" and settings["model"].value == "inherit"
    builder = {s.key: s.value for s in team.agents["builder"].settings}
    assert builder["isolation"] == "worktree" and builder["background"] == "true"
    assert builder["disallowedTools"] == "WebFetch"


def test_a_plugin_agent_keeps_its_plugin_in_its_id_where_names_repeat(team):
    plugin = team.agents["audit-kit-checker"]
    assert plugin.name == "audit-kit:checker" and plugin.scope == "plugin"
    assert team.agents["checker"].source == ".claude/agents/checker.md"
    assert ("namespaced-id", "plugins/audit-kit/agents/checker.md") in codes(team)


def test_skills_commands_prompts_and_readmes_are_skipped_never_agents(tmp_path):
    root = tmp_path / "repo"
    write_files(
        root,
        {
            "plugins/kit/agents/helper.md": "---\nname: helper\ndescription: Helps.\nskills: [house-style]\n---\n",
            "plugins/kit/skills/house-style/SKILL.md": "---\nname: house-style\ndescription: Rules.\n---\n",
            "plugins/kit/skills/house-style/reference.md": "---\nname: reference\ndescription: More rules.\n---\n",
            "plugins/kit/commands/ship.md": "---\ndescription: Ship it.\n---\nShip.\n",
            "plugins/kit/agents/draft.prompt.md": "---\ndescription: A prompt.\n---\n",
            "plugins/kit/README.md": "---\nname: kit\ndescription: The kit.\n---\n",
        },
    )
    team = load_team([root / "plugins"], root=root)
    assert list(team.agents) == ["helper"]
    skipped = {d.file: (d.code, d.severity) for d in team.diagnostics}
    assert skipped["plugins/kit/skills/house-style/SKILL.md"] == ("skipped-file", "info")
    assert skipped["plugins/kit/skills/house-style/reference.md"] == ("skipped-file", "info")
    assert skipped["plugins/kit/commands/ship.md"] == ("skipped-file", "info")
    assert skipped["plugins/kit/agents/draft.prompt.md"] == ("skipped-file", "info")
    assert skipped["plugins/kit/README.md"] == ("not-an-agent", "info")
    # The skill is shown as what the agent uses.
    assert [(s.key, s.value) for s in team.agents["helper"].settings] == [("skills", "house-style")]


# -- Copilot ----------------------------------------------------------------------------------


def test_copilot_handoffs_keep_label_and_prompt_on_the_evidence(team):
    found = relation(team, "planner", "hands_off_to", "implementer")
    assert found.strength == "stated" and found.evidence[0].file == ".github/agents/planner.agent.md"
    assert "Build it" in found.evidence[0].text and "Implement the plan above." in found.evidence[0].text
    # Read once: the prose reader does not add a second evidence for the same handoff.
    assert len(found.evidence) == 1


def test_copilot_builtin_modes_are_not_missing_agents(team):
    assert ("planner", "hands_off_to", "agent") in triples(team)
    assert team.external["agent"].role == "assistant"
    assert not [d for d in team.diagnostics if d.code == "dangling-reference" and "planner" in d.file]


def test_copilot_agents_field_lists_subagents(team):
    found = relation(team, "planner", "delegates_to", "researcher")
    assert found.strength == "stated" and found.evidence[0].line == 6


def test_copilot_ids_come_from_the_file_name_in_every_layout(team):
    assert team.agents["planner"].name == "Feature Planner"
    assert team.agents["implementer"].source == ".github/agents/implementer.md"  # any .md there
    assert team.agents["reviewer"].source == ".github/chatmodes/reviewer.chatmode.md"
    assert team.agents["planner"].model == "GPT-5 (copilot), Claude Sonnet 4.5 (copilot)"  # a list: in order
    assert ("skipped-file", ".github/agents/release-notes.prompt.md") in codes(team)


# -- OpenCode ---------------------------------------------------------------------------------


def test_opencode_permission_task_globs_resolve_to_the_matching_agents(team):
    out = {r.target: r for r in team.relations if r.source == "orchestrator" and r.kind == "delegates_to"}
    # "*": deny, "team/*": allow, "team/tester": ask -- the last matching rule wins.
    assert set(out) == {"team-reviewer", "team-tester"}
    assert out["team-reviewer"].evidence[0].text == "permission.task: team/*: allow"
    assert out["team-tester"].condition == "after approval"


def test_opencode_nested_agents_keep_their_folder(team):
    reviewer = team.agents["team-reviewer"]
    assert reviewer.name == "team/reviewer" and reviewer.tools == ("read",)


def test_opencode_jsonc_agent_block_and_v2_permissions(team):
    bot = team.agents["doc-bot"]
    assert bot.source == "opencode.jsonc" and bot.model == "anthropic/claude-haiku-4"
    assert bot.description == "Keeps the docs in step with the code."
    found = relation(team, "doc-bot", "delegates_to", "scout")
    assert found.evidence[0].line == 11 and "subagent scout: allow" in found.evidence[0].text
    assert not [r for r in team.relations if r.source == "doc-bot" and r.target != "scout"]


# -- Codex, CrewAI ----------------------------------------------------------------------------


def test_codex_toml_fields_and_instructions(team):
    auditor = team.agents["security-auditor"]
    assert auditor.model == "gpt-5-codex" and auditor.description.startswith("Checks a change")
    assert {s.key: s.value for s in auditor.settings}["sandbox_mode"] == "read-only"
    # The instructions are the body, with the file's own line numbers.
    found = relation(team, "security-auditor", "escalates_to", "coordinator")
    assert (found.evidence[0].file, found.evidence[0].line) == (".codex/agents/security-auditor.toml", 8)


def test_crewai_task_context_chains_are_handoffs_naming_the_tasks(team):
    found = relation(team, "writer", "hands_off_to", "editor")
    assert found.strength == "stated"
    assert found.evidence[0].file == "config/tasks.yaml" and found.evidence[0].line == 18
    assert "editing_task" in found.evidence[0].text and "writing_task" in found.evidence[0].text
    from_analyst = relation(team, "analyst", "hands_off_to", "editor")
    assert "research_task" in from_analyst.evidence[0].text
    assert any(e.file == "config/tasks.yaml" for e in relation(team, "analyst", "hands_off_to", "writer").evidence)


def test_crewai_allow_delegation_is_shown_not_a_relation(team):
    editor = team.agents["editor"]
    assert {s.key: s.value for s in editor.settings}["allow_delegation"] == "true"
    assert "true" not in team.external
    assert team.agents["analyst"].body.startswith("You have read many market reports")
    assert team.agents["analyst"].model == "openai/gpt-4o"


# -- The Markdown dialects ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agent_id", "key", "value"),
    [
        ("explorer", "readonly", "true"),
        ("triager", "max_turns", "10"),
        ("fixer", "reasoningEffort", "medium"),
        ("docs-keeper", "includeMcpJson", "true"),
    ],
)
def test_markdown_dialects_show_their_own_fields(team, agent_id, key, value):
    settings = {s.key: s for s in team.agents[agent_id].settings}
    assert settings[key].value == value and settings[key].meaning


# -- Bad config files, scopes ---------------------------------------------------------------


def test_broken_config_files_are_diagnostics_with_lines(tmp_path):
    write_files(
        tmp_path / "agents",
        {
            "bad.toml": 'name = "bad"\ndescription = "x"\nmodel = \n',
            "opencode.json": '{\n  "agent": {\n    "x": {\n  }\n',
            "nested/agents.yaml": "a:\n  role: ok\n\tgoal: tabs cannot indent\n",
            "pyproject.toml": '[project]\nname = "not-an-agent"\n',
        },
    )
    team = load_team([tmp_path / "agents"], root=tmp_path)
    found = {d.file: d for d in team.diagnostics}
    assert not team.agents
    assert (found["agents/bad.toml"].code, found["agents/bad.toml"].line) == ("invalid-config", 3)
    assert found["agents/opencode.json"].code == "invalid-config"
    assert found["agents/nested/agents.yaml"].code == "invalid-config"
    assert found["agents/nested/agents.yaml"].line == 3
    assert found["agents/pyproject.toml"].code == "not-an-agent"


def test_the_project_agent_overrides_the_users_and_says_so(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    write_files(home / ".claude" / "agents", {"checker.md": "---\nname: checker\ndescription: Mine.\n---\n"})
    write_files(
        tmp_path / "repo" / ".claude" / "agents", {"checker.md": "---\nname: checker\ndescription: Ours.\n---\n"}
    )
    team = load_team([home / ".claude" / "agents", tmp_path / "repo" / ".claude" / "agents"], root=tmp_path / "repo")
    assert team.agents["checker"].description == "Ours." and len(team.agents) == 1
    [note] = [d for d in team.diagnostics if d.code == "overridden-agent"]
    assert note.file.endswith("home/.claude/agents/checker.md") and note.severity == "info"
    assert "project" in note.message and "Claude Code" in note.message


# -- The site -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = copy_fixture("formats", tmp_path_factory.mktemp("formats"))
    build = mkdocs_build(project, "--strict")
    assert build.returncode == 0, build.log
    return build


def test_the_mixed_team_builds_strict_from_the_known_folders_alone(built):
    # mkdocs.yml sets no agents_dir: every format's folder is found.
    pages = {p.name for p in (built.site / "handbook" / "agents").iterdir()}
    assert {"coordinator", "planner", "team-reviewer", "doc-bot", "security-auditor", "analyst", "triager"} <= pages
    assert not {"lint-rules", "audit", "release-notes", "readme"} & pages


def test_agent_pages_show_each_field_with_its_meaning(built):
    text = visible_text(built.page("handbook/agents/coordinator/"))
    assert "permissionMode plan how tool permissions are asked for" in text
    assert "skills lint-rules skills loaded into its context when it starts" in text
    planner = visible_text(built.page("handbook/agents/planner/"))
    assert "Build it" in planner and "Implement the plan above." in planner
    plugin = visible_text(built.page("handbook/agents/audit-kit-checker/"))
    assert "Scope plugin audit-kit" in plugin


def test_the_cli_without_a_path_reads_the_known_folders_here(monkeypatch, capsys):
    from agent_handbook.cli import main

    monkeypatch.chdir(FORMATS)
    assert main(["export"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {a["source"] for a in data["agents"]} >= {
        "opencode.jsonc",
        "config/agents.yaml",
        ".kiro/agents/docs-keeper.md",
    }
    assert len(data["agents"]) == 22


def test_the_cli_without_a_path_in_a_folder_with_no_agents_is_a_usage_error(tmp_path, monkeypatch, capsys):
    from agent_handbook.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2 and ".claude/agents" in capsys.readouterr().err


def test_an_edit_to_the_crews_tasks_is_read_again_through_the_cache(tmp_path):
    from agent_handbook.team import ParseCache

    shutil.copytree(FORMATS / "config", tmp_path / "config")
    cache = ParseCache()
    first = load_team([tmp_path / "config" / "agents.yaml"], root=tmp_path, cache=cache)
    assert ("writer", "hands_off_to", "editor") in triples(first)
    tasks = tmp_path / "config" / "tasks.yaml"
    tasks.write_text(tasks.read_text(encoding="utf-8").replace("    - writing_task\n", ""), encoding="utf-8")
    os.utime(tasks, ns=(1, 1))
    again = load_team([tmp_path / "config" / "agents.yaml"], root=tmp_path, cache=cache)
    assert ("writer", "hands_off_to", "editor") not in triples(again)
    assert ("analyst", "hands_off_to", "editor") in triples(again)
