"""Reading: decoding, front matter, the lenient YAML reader and the three formats."""

from __future__ import annotations

from agent_handbook.read import lenient_parse, read_text, split_front_matter

from .conftest import agent


def codes(team):
    return {(d.code, d.file.rsplit("/", 1)[-1]) for d in team.diagnostics}


def test_utf8_bom_and_crlf_are_read(team_of):
    text = "---\r\nname: devops\r\ndescription: Deploys.\r\n---\r\n\r\nBody line.\r\n"
    team = team_of({"devops.md": b"\xef\xbb\xbf" + text.encode()})
    assert list(team.agents) == ["devops"]
    assert team.agents["devops"].description == "Deploys."
    assert not team.diagnostics


def test_latin1_falls_back_with_a_diagnostic(team_of):
    data = "---\nname: qa\ndescription: Tests caf\xe9 flows.\n---\nBody\n".encode("latin-1")
    team = team_of({"qa.md": data})
    assert team.agents["qa"].description == "Tests café flows."
    [problem] = team.diagnostics
    assert problem.code == "decode-fallback" and problem.line == 3


def test_only_a_leading_block_is_front_matter():
    front, body, body_line, unclosed = split_front_matter("---\nname: a\n---\nintro\n---\nmore: not yaml\n")
    assert front == "name: a"
    assert "---\nmore: not yaml" in body
    assert body_line == 4 and not unclosed
    assert split_front_matter("intro\n---\nname: a\n---\n")[0] is None


def test_invalid_yaml_recovers_top_level_keys_and_names_the_line(team_of):
    text = (
        "---\n"
        "name: release-manager\n"
        "description: Use for releases. Examples: <example>Context: a release is due. user: ship it</example>\n"
        "model: sonnet\n"
        "tools: Read, Bash\n"
        "coordination:\n"
        "  hands_off_to: [qa]\n"
        "---\nBody\n"
    )
    team = team_of({"release-manager.md": text, "qa.md": agent("qa")})
    manager = team.agents["release-manager"]
    assert manager.description.startswith("Use for releases. Examples:")
    assert manager.model == "sonnet" and manager.tools == ("Read", "Bash")
    [problem] = [d for d in team.diagnostics if d.code == "invalid-yaml"]
    assert problem.line == 3 and problem.file.endswith("release-manager.md")
    assert ("release-manager", "hands_off_to", "qa") in {(r.source, r.kind, r.target) for r in team.relations}


def test_tabs_in_yaml_are_reported():
    result = read_text("---\nname: a\ntools:\n\t- Read\n---\n", "a.md", "a")
    [problem] = [d for d in result.diagnostics if d.code == "invalid-yaml"]
    assert "tabs" in problem.message
    assert result.agent is not None and result.agent.id == "a"


def test_lenient_reader_keeps_nested_blocks_that_parse_alone():
    data, values = lenient_parse("name: x\ndescription: a: b: c\ncoordination:\n  parallel_with: [y]\n")
    assert data["description"] == "a: b: c"
    assert data["coordination"] == {"parallel_with": ["y"]}
    assert any(v.path == ("coordination", "parallel_with", "[0]") and v.line == 3 for v in values)


def test_files_that_are_not_agents_are_reported_not_dropped(team_of):
    team = team_of(
        {
            "README.md": "# Our agents\n\nSee below.\n",
            "notes.md": "Just notes.\n",
            "empty.md": "   \n",
            "blob.md": b"\x00\x01\x02binary",
            "open.md": "---\nname: open\n",
            "devops.md": agent("devops"),
        }
    )
    assert list(team.agents) == ["devops"]
    found = codes(team)
    assert ("not-an-agent", "README.md") in found and ("not-an-agent", "notes.md") in found
    assert ("empty-file", "empty.md") in found
    assert ("binary-file", "blob.md") in found
    assert ("unclosed-front-matter", "open.md") in found
    readme = next(d for d in team.diagnostics if d.file.endswith("README.md"))
    assert readme.severity == "info"
    assert next(d for d in team.diagnostics if d.file.endswith("notes.md")).severity == "warning"


def test_missing_name_uses_the_file_name(team_of):
    team = team_of({"security-reviewer.md": "---\ndescription: Reviews security.\n---\nBody\n"})
    assert list(team.agents) == ["security-reviewer"]
    assert [d.code for d in team.diagnostics] == ["missing-name"]


def test_tools_as_string_list_and_map(team_of):
    team = team_of(
        {
            "a.md": "---\nname: a\ndescription: x\ntools: Read, Grep, Bash\n---\n",
            "b.md": "---\nname: b\ndescription: x\ntools: [Read, Edit]\n---\n",
            "c.md": "---\ndescription: x\nmode: subagent\ntools:\n  write: false\n  bash: true\n  read: true\n---\n",
            "d.md": "---\nname: d\ndescription: x\n---\n",
        }
    )
    assert team.agents["a"].tools == ("Read", "Grep", "Bash")
    assert team.agents["b"].tools == ("Read", "Edit")
    assert team.agents["c"].tools == ("bash", "read") and team.agents["c"].format == "opencode"
    assert team.agents["d"].tools is None
    # OpenCode agents are named after their file: no missing-name diagnostic for them.
    assert not [d for d in team.diagnostics if d.file.endswith("c.md")]


def test_copilot_agent_files_use_the_file_name_as_id(team_of):
    copilot = (
        "---\nname: Release Planner\ndescription: Plans releases.\ntools: ['search', 'fetch']\n"
        "handoffs:\n  - label: Start implementation\n    agent: implementer\n    prompt: Implement the plan.\n---\nPlan.\n"
    )
    team = team_of({"planner.agent.md": copilot, "implementer.agent.md": "---\ndescription: Writes code.\n---\n"})
    planner = team.agents["planner"]
    assert planner.name == "Release Planner" and planner.format == "copilot"
    assert planner.tools == ("search", "fetch")
    assert ("planner", "hands_off_to", "implementer") in {(r.source, r.kind, r.target) for r in team.relations}
    # The display title resolves to the same agent.
    assert team.index.resolve("Release Planner") == "planner"


def test_duplicate_and_colliding_names_get_distinct_ids(team_of):
    team = team_of(
        {
            "a/devops.md": agent("devops"),
            "b/devops.md": agent("devops"),
            "c/ops.md": agent("Tech Lead"),
            "d/ops.md": agent("tech_lead"),
        }
    )
    assert set(team.agents) == {"devops", "devops-2", "tech-lead", "tech-lead-2"}
    assert sorted(d.code for d in team.diagnostics) == ["duplicate-name", "duplicate-name"]


def test_alias_bomb_and_deep_nesting_are_bounded():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    result = read_text(f"---\nname: bomb\ndescription: d\n{bomb}---\n", "bomb.md", "bomb")
    assert result.agent is not None
    assert "yaml-too-complex" in {d.code for d in result.diagnostics}
    deep = "x: " + "[" * 5000 + "]" * 5000
    result = read_text(f"---\nname: deep\ndescription: d\n{deep}\n---\n", "deep.md", "deep")
    assert result.agent is not None and result.agent.id == "deep"
    assert "yaml-too-complex" in {d.code for d in result.diagnostics}


def test_overlong_body_lines_are_reported(team_of):
    long_line = "Escalate to @ops. " + "x" * 5000
    team = team_of({"a.md": agent("a", long_line)})
    [problem] = [d for d in team.diagnostics if d.code == "line-too-long"]
    assert problem.line == 6 and problem.severity == "info"


def test_front_matter_closed_by_a_longer_rule_is_read_with_a_note():
    text = "---\n\nname: ui-builder\ndescription: Builds pages.\n--------------------\n\n# UI builder\n"
    result = read_text(text, "agents/ui-builder.md", "ui-builder")
    assert result.agent is not None and result.agent.id == "ui-builder"
    assert result.agent.body_line == 6
    [note] = [d for d in result.diagnostics if d.code == "long-front-matter-rule"]
    assert (note.severity, note.line) == ("info", 5)


def test_copies_under_other_ids_are_compared(team_of):
    text = agent("code-reviewer", "Review every diff.")
    team = team_of(
        {
            "a/code-reviewer.md": text,
            "b/reviewer.md": text,
            "c/cr.md": agent("code_reviewer", "Review every diff.\n\nAsk for tests."),
        }
    )
    [group] = team.copies
    # c differs in its name line (- and +) and in two added lines.
    assert [(c.same, c.changed) for c in group.others] == [(True, 0), (False, 4)]
    reported = {d.file for d in team.diagnostics if d.code in {"copied-agent", "duplicate-name"}}
    assert reported == {"agents/b/reviewer.md", "agents/c/cr.md"}
