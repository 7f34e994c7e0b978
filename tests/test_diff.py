"""``agent-handbook diff`` on git repositories built here, commit by commit, and on folders."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest
from agent_handbook.cli import main
from agent_handbook.diff import schema

from .conftest import agent, write_files

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"]


class Repo:
    """A git repository in a temporary folder: write files, delete them, commit, tag."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        return subprocess.run([*GIT, *args], cwd=self.root, check=True, capture_output=True, text=True).stdout

    def write(self, files: dict[str, str | bytes]) -> None:
        write_files(self.root, files)

    def remove(self, *names: str) -> None:
        for name in names:
            (self.root / name).unlink()

    def commit(self, tag: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", tag, "--allow-empty")
        self.git("tag", tag)


A = ".claude/agents"

BACKEND = agent(
    "backend-dev",
    """
    # Backend developer

    Builds the HTTP endpoints and the database schema.

    Escalate to @tech-lead when a schema change breaks a client.
    """,
    description="Builds the service's HTTP API.",
    extra="tools: Read, Grep, Glob\n",
)
LEAD = agent(
    "tech-lead",
    """
    Reviews designs.

    Escalate to the engineering manager when two teams disagree on a deadline.
    """,
    description="Leads the engineering team.",
)
WRITER = agent(
    "docs-writer",
    """
    Writes the user guide for each release.

    Hand off to @release-manager when the guide for a release is ready.
    """,
    description="Writes user documentation.",
)
RELEASE = agent(
    "release-manager",
    """
    Ships releases.

    Takes finished guides from @docs-writer and publishes them with the release notes.
    """,
    description="Ships releases.",
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Repo:
    """A repository whose first commit, ``v1``, holds four agents."""
    made = Repo(tmp_path / "repo")
    made.write(
        {
            f"{A}/backend-dev.md": BACKEND,
            f"{A}/tech-lead.md": LEAD,
            f"{A}/docs-writer.md": WRITER,
            f"{A}/release-manager.md": RELEASE,
            "README.md": "# A project\n",
        }
    )
    made.commit("v1")
    monkeypatch.chdir(made.root)
    return made


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(["diff", *argv])
    out = capsys.readouterr()
    return status, out.out, out.err


def data_of(capsys, *argv: str) -> dict:
    status, out, err = run(capsys, *argv, "--format", "json")
    assert status == 0, err
    data = json.loads(out)
    jsonschema.validate(data, schema())
    return data


def keys(relations: list[dict]) -> list[tuple[str, str, str]]:
    return [(r["source"], r["kind"], r["target"]) for r in relations]


def kinds(findings: list[dict]) -> list[str]:
    return [f["kind"] for f in findings]


def test_an_added_escalation_is_reported_with_its_evidence_at_head(repo, capsys):
    repo.write(
        {
            f"{A}/docs-writer.md": WRITER.replace(
                "Hand off", "Escalate to @tech-lead when a guide contradicts the API.\n\nHand off"
            )
        }
    )
    repo.commit("v2")
    data = data_of(capsys, "v1", "v2")
    assert data["base"]["ref"] == "v1" and re.fullmatch(r"[0-9a-f]{40}", data["base"]["commit"])
    assert keys(data["relations"]["added"]) == [("docs-writer", "escalates_to", "tech-lead")]
    assert data["relations"]["added"][0]["evidence"] == [
        {
            "file": f"{A}/docs-writer.md",
            "line": 8,
            "text": "Escalate to @tech-lead when a guide contradicts the API.",
        }
    ]
    assert data["relations"]["removed"] == [] and data["relations"]["changed"] == []
    # The hand-off's line moved down two lines: no change.
    assert data["agents"] == {"added": [], "removed": [], "renamed": [], "changed": []}
    assert data["findings"] == {"added": [], "resolved": []}


def test_a_deleted_agent_loses_the_route_and_leaves_a_dangling_reference(repo, capsys):
    repo.remove(f"{A}/tech-lead.md")
    repo.commit("v2")
    data = data_of(capsys, "v1", "v2")
    assert data["agents"]["removed"] == ["tech-lead"]
    # backend-dev still escalates to @tech-lead, now a name no file defines: the same relation.
    assert keys(data["relations"]["removed"]) == [("tech-lead", "escalates_to", "engineering-manager")]
    # Removed relations keep their evidence at BASE.
    assert data["relations"]["removed"][0]["evidence"][0]["file"] == f"{A}/tech-lead.md"
    found = {(f["kind"], tuple(f["agents"])): f for f in data["findings"]["added"]}
    assert sorted(found) == [("dangling", ("backend-dev",)), ("lost-escalation", ("backend-dev",))]
    lost = found[("lost-escalation", ("backend-dev",))]
    assert lost["message"] == (
        "`backend-dev` no longer reaches a person (before: backend-dev → tech-lead → engineering-manager)"
    )
    dangling = found[("dangling", ("backend-dev",))]
    assert (dangling["file"], dangling["line"]) == (f"{A}/backend-dev.md", 11)
    assert dangling["message"] == "`backend-dev` escalates_to `tech-lead`, which no file defines"
    assert run(capsys, "v1", "v2", "--fail-on", "removed-agent")[0] == 1


def test_a_deleted_agent_named_by_one_word_is_still_a_dangling_name(repo, capsys):
    # An unknown single word (@designer) is no relation at all, so HEAD's graph has nothing
    # dangling: the line that still names the removed agent is found by its text.
    repo.write(
        {
            f"{A}/designer.md": agent("designer", "Draws the screens."),
            f"{A}/docs-writer.md": WRITER.replace(
                "Writes the user guide", "Hand off screenshots to @designer.\n\nWrites"
            ),
        }
    )
    repo.commit("v2")
    repo.remove(f"{A}/designer.md")
    repo.commit("v3")
    data = data_of(capsys, "v2", "v3")
    assert keys(data["relations"]["removed"]) == [("docs-writer", "hands_off_to", "designer")]
    (dangling,) = [f for f in data["findings"]["added"] if f["kind"] == "dangling"]
    assert dangling == {
        "kind": "dangling",
        "agents": ["docs-writer"],
        "message": "`docs-writer` still names `designer` (hands_off_to), which was removed",
        "file": f"{A}/docs-writer.md",
        "line": 6,
    }


def test_a_moved_file_is_a_rename_and_changes_nothing_else(repo, capsys):
    (repo.root / A / "writing").mkdir()
    repo.git("mv", f"{A}/docs-writer.md", f"{A}/writing/docs-writer.md")
    repo.commit("v2")
    data = data_of(capsys, "v1", "v2")
    assert data["agents"]["renamed"] == [
        {
            "from": "docs-writer",
            "to": "docs-writer",
            "from_file": f"{A}/docs-writer.md",
            "to_file": f"{A}/writing/docs-writer.md",
        }
    ]
    assert data["agents"]["added"] == data["agents"]["removed"] == []
    assert data["relations"] == {"added": [], "removed": [], "changed": []}
    assert data["findings"] == {"added": [], "resolved": []}


def test_a_name_change_is_a_rename_and_relations_follow_it(repo, capsys):
    # The same file under a new name, and the agent that hands off to it says the new name.
    repo.write(
        {
            f"{A}/release-manager.md": RELEASE.replace("name: release-manager", "name: release-captain"),
            f"{A}/docs-writer.md": WRITER.replace("@release-manager", "@release-captain"),
        }
    )
    repo.commit("v2")
    data = data_of(capsys, "v1", "v2")
    assert data["agents"]["renamed"] == [
        {
            "from": "release-manager",
            "to": "release-captain",
            "from_file": f"{A}/release-manager.md",
            "to_file": f"{A}/release-manager.md",
        }
    ]
    assert data["agents"]["added"] == data["agents"]["removed"] == data["agents"]["changed"] == []
    assert data["relations"] == {"added": [], "removed": [], "changed": []}


def test_a_renamed_and_moved_agent_is_matched_by_its_text(repo, capsys):
    repo.remove(f"{A}/release-manager.md")
    repo.write({f"{A}/shipping.md": RELEASE.replace("name: release-manager", "name: shipper")})
    repo.commit("v2")
    data = data_of(capsys, "v1", "v2")
    assert [(r["from"], r["to"]) for r in data["agents"]["renamed"]] == [("release-manager", "shipper")]
    # The line that names it is as it was: the same relation, to a name no file defines now.
    assert data["relations"] == {"added": [], "removed": [], "changed": []}
    # docs-writer still hands off to @release-manager: a name that now points nowhere.
    assert kinds(data["findings"]["added"]) == ["dangling"]
    assert data["findings"]["added"][0]["message"] == (
        "`docs-writer` hands_off_to `release-manager`, which no file defines"
    )


def test_a_reworded_line_that_keeps_its_relation_is_no_change(repo, capsys):
    repo.write(
        {
            f"{A}/backend-dev.md": BACKEND.replace(
                "Escalate to @tech-lead when a schema change breaks a client.",
                "Builds migrations too.\n\nIf a schema change would break a client, escalate to @tech-lead first.",
            )
        }
    )
    repo.commit("v2")
    status, out, _ = run(capsys, "v1", "v2")
    assert status == 0
    assert out == "v1 → v2: no change to the team\n"
    data = data_of(capsys, "v1", "v2")
    assert data["relations"] == {"added": [], "removed": [], "changed": []}
    assert data["agents"]["changed"] == [] and data["findings"]["added"] == []


def test_a_relation_that_changes_kind_is_one_change(repo, capsys):
    repo.write(
        {
            f"{A}/backend-dev.md": BACKEND.replace(
                "Escalate to @tech-lead when a schema change breaks a client.",
                "Hand off to @tech-lead when a schema change is ready for review.",
            )
        }
    )
    repo.commit("v2")
    data = data_of(capsys, "v1", "v2")
    assert data["relations"]["added"] == data["relations"]["removed"] == []
    (change,) = data["relations"]["changed"]
    assert (change["source"], change["target"], change["before"], change["after"]) == (
        "backend-dev",
        "tech-lead",
        "escalates_to",
        "hands_off_to",
    )
    assert change["evidence"][0]["line"] == 11


def test_tools_gaining_bash_and_write_is_a_finding_and_fails_with_fail_on(repo, capsys):
    repo.write(
        {f"{A}/backend-dev.md": BACKEND.replace("tools: Read, Grep, Glob", "tools: Read, Grep, Glob, Bash, Write")}
    )
    repo.commit("v2")
    data = data_of(capsys, "v1", "v2")
    assert data["agents"]["changed"] == [
        {
            "id": "backend-dev",
            "file": f"{A}/backend-dev.md",
            "fields": [
                {
                    "field": "tools",
                    "before": ["Glob", "Grep", "Read"],
                    "after": ["Bash", "Glob", "Grep", "Read", "Write"],
                }
            ],
        }
    ]
    (finding,) = data["findings"]["added"]
    assert finding == {
        "kind": "new-write-tools",
        "agents": ["backend-dev"],
        "message": "agent `backend-dev` gains Bash, Write",
        "file": f"{A}/backend-dev.md",
        "line": 4,
    }
    assert run(capsys, "v1", "v2", "--fail-on", "new-write-tools")[0] == 1
    assert run(capsys, "v1", "v2", "--fail-on", "lost-escalation,dangling")[0] == 0
    status, _, err = run(capsys, "v1", "v2", "--fail-on", "any")
    assert status == 1 and "new-write-tools" in err
    assert run(capsys, "v1", "v2")[0] == 0


def test_the_working_tree_is_head_by_default_and_paths_narrow_the_team(repo, capsys):
    repo.write({f"{A}/qa.md": agent("qa-engineer", "Tests every endpoint.", extra="tools: Read\n")})
    data = data_of(capsys, "v1")
    assert data["head"] == {"ref": "working tree", "commit": None, "agents": 5, "relations": data["base"]["relations"]}
    assert data["agents"]["added"] == ["qa-engineer"]
    other = repo.root / "other"
    write_files(other, {"solo.md": agent("solo", "Works alone.")})
    data = data_of(capsys, "v1", "other")
    assert data["agents"]["added"] == ["solo"] and data["base"]["agents"] == 0
    # HEAD is not checked out: the working tree is as it was.
    assert (repo.root / A / "qa.md").exists()
    assert repo.git("status", "--porcelain").splitlines() == ["?? .claude/agents/qa.md", "?? other/"]


def test_github_annotations_sit_on_heads_changed_lines(repo, capsys):
    repo.write(
        {
            f"{A}/backend-dev.md": BACKEND.replace("tools: Read, Grep, Glob", "tools: Read, Bash"),
            f"{A}/tech-lead.md": LEAD.replace(
                "Escalate to the engineering manager when two teams disagree on a deadline.",
                "Decide deadlines alone, 100% of the time.",
            ),
        }
    )
    repo.commit("v2")
    status, out, _ = run(capsys, "v1", "v2", "--format", "github", "--fail-on", "lost-escalation")
    assert status == 1
    lines = out.splitlines()
    assert all(line.startswith("::") for line in lines)
    assert "::error file=.claude/agents/backend-dev.md,line=11,title=agent-handbook diff%3A lost-escalation::" in out
    assert "::warning file=.claude/agents/backend-dev.md,line=4,title=agent-handbook diff%3A new-write-tools::" in out
    # The removed escalation is shown where its line was, in HEAD's file.
    removed = next(line for line in lines if "relation removed" in line)
    assert removed.startswith("::notice file=.claude/agents/tech-lead.md,line=8,")
    (tech_lead_line,) = [
        n for n, text in enumerate((repo.root / A / "tech-lead.md").read_text().splitlines(), 1) if "100%" in text
    ]
    assert tech_lead_line == 8


def test_markdown_is_a_summary_line_then_sections_with_long_lists_folded(repo, capsys):
    many = {f"{A}/helper-{n:02d}.md": agent(f"helper-{n:02d}", "Escalate to @tech-lead when stuck.") for n in range(12)}
    repo.write(many)
    repo.write({f"{A}/backend-dev.md": BACKEND.replace("Glob", "Glob, Write")})
    repo.remove(f"{A}/release-manager.md")
    repo.commit("v2")
    status, out, _ = run(capsys, "v1", "v2", "--format", "markdown")
    assert status == 0
    first, *rest = out.splitlines()
    assert first.startswith("**Agent team** (v1 → v2): agents: 12 added, 1 removed, 1 changed; relations: 12 added")
    headings = [line for line in rest if line.startswith("### ")]
    assert headings == ["### Findings", "### Agents", "### Relations"]
    agents = out[out.index("### Agents") : out.index("### Relations")]
    assert "<details><summary><strong>12 added</strong></summary>" in agents
    assert "**1 removed**\n\n- `release-manager`" in agents
    relations = out[out.index("### Relations") :]
    assert "<details><summary><strong>12 added</strong></summary>" in relations
    assert (
        "- `helper-00` escalates to `tech-lead`: .claude/agents/helper-00.md line 6: “Escalate to @\u200btech-lead"
        in out
    )
    assert out.rstrip().endswith("<!-- agent-handbook-diff -->")


def test_untrusted_text_is_escaped_in_markdown_and_annotations(repo, capsys):
    repo.write(
        {
            f"{A}/docs-writer.md": WRITER.replace(
                "Writes the user guide", "Escalate to @tech-lead <script>alert(1)</script> *now* | 50%% done"
            )
        }
    )
    repo.commit("v2")
    out = run(capsys, "v1", "v2", "--format", "markdown")[1]
    assert "<script>" not in out and "&#60;script&#62;" in out and "&#42;now&#42;" in out and "&#124;" in out
    # A file name is untrusted too: an annotation's properties escape `%` and `,`, its message `%`.
    repo.write({f"{A}/100%,done.md": agent("finisher", "Finishes 100% of the work.")})
    out = run(capsys, "v1", "--format", "github")[1]
    assert "::notice file=.claude/agents/100%25%2Cdone.md,line=2,title=agent-handbook diff%3A agent added::" in out
    assert all(line.startswith("::") for line in out.splitlines())


def test_a_file_unreadable_at_one_revision(repo, capsys):
    repo.write({f"{A}/tech-lead.md": b"\x00\x01\x02 binary"})
    repo.commit("v2")
    data = data_of(capsys, "v1", "v2")
    assert data["agents"]["removed"] == ["tech-lead"]
    unreadable = [f for f in data["findings"]["added"] if f["kind"] == "unreadable"]
    assert [(f["file"], f["message"].split(" ")[1]) for f in unreadable] == [(f"{A}/tech-lead.md", "(binary-file):")]
    data = data_of(capsys, "v2", "v1")
    assert "unreadable" in kinds(data["findings"]["resolved"])


def test_two_folders(tmp_path, monkeypatch, capsys):
    write_files(
        tmp_path / "old",
        {"a.md": agent("alpha", "Escalate to the user when blocked."), "b.md": agent("beta", "Plans.")},
    )
    write_files(
        tmp_path / "new",
        {"a.md": agent("alpha", "Escalate to the user when blocked."), "c.md": agent("gamma", "Plans.")},
    )
    monkeypatch.chdir(tmp_path)
    data = data_of(capsys, "old", "new")
    assert (data["base"]["ref"], data["head"]["ref"]) == ("old", "new")
    assert (data["agents"]["added"], data["agents"]["removed"]) == (["gamma"], ["beta"])
    assert data["relations"] == {"added": [], "removed": [], "changed": []}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["no-such-rev"], "agent-handbook diff: no such revision: no-such-rev\n"),
        (["v1", "v1", "missing/folder"], "agent-handbook diff: no such file or folder in v1 or v1: missing/folder\n"),
        (["v1", "/"], "agent-handbook diff: / is outside the git repository"),
        (["--help-me"], None),
    ],
)
def test_usage_problems_exit_2_with_one_line(repo, capsys, argv, message):
    if message is None:
        with pytest.raises(SystemExit) as stopped:
            main(["diff", *argv])
        assert stopped.value.code == 2
        return
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1


def test_outside_a_repository_exit_2(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    status, _, err = run(capsys, "main")
    assert status == 2 and err.startswith("agent-handbook diff: not in a git repository") and err.count("\n") == 1


def test_the_schema_ships_in_the_package():
    from importlib import resources

    assert resources.files("agent_handbook").joinpath("schema", "diff.schema.json").is_file()
    jsonschema.Draft202012Validator.check_schema(schema())


def test_every_fail_on_name_and_format_is_documented():
    from agent_handbook.diff import FAIL_ON, FINDINGS, FORMATS

    from .conftest import ROOT

    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    section = page[page.index("## `agent-handbook diff`") : page.index("## `agent-handbook export`")]
    for name in FINDINGS:
        assert f"| `{name}` |" in section, name
    for name in FAIL_ON:
        assert f"`{name}`" in section, name
    assert "text|markdown|github|json" in section and "|".join(FORMATS) == "text|markdown|github|json"
    workflow = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert "--format markdown" in workflow and "gh pr comment" in workflow and "merge-base origin/main" in workflow


def test_a_new_cycle_an_unacknowledged_hand_off_and_an_overlap(repo, capsys):
    repo.write(
        {
            f"{A}/tech-lead.md": LEAD.replace(
                "Reviews designs.", "Reviews designs.\n\nEscalate to @backend-dev when an endpoint design is unclear."
            ),
            f"{A}/docs-writer.md": WRITER.replace(
                "Writes the user guide for each release.",
                "Writes the user guide for each release.\n\nHand off finished API guides to @backend-dev for a check.",
            ),
            f"{A}/release-manager.md": RELEASE.replace(
                "Ships releases.\n\nTakes",
                "## Responsibilities\n\n- Deploys each release with a canary rollout.\n\n## Guides\n\nTakes",
            ),
            f"{A}/backend-dev.md": BACKEND.replace(
                "Builds the HTTP endpoints",
                "## Responsibilities\n\n- Deploys the service to production.\n- Builds the HTTP endpoints",
            ),
        }
    )
    repo.commit("v2")
    data = data_of(capsys, "v1", "v2")
    found = {f["kind"]: f for f in data["findings"]["added"]}
    assert sorted(found) == ["cycle", "overlap", "unacknowledged-handoff"], data["findings"]
    assert found["cycle"]["message"] == "escalations go round: backend-dev → tech-lead → backend-dev"
    assert found["unacknowledged-handoff"]["agents"] == ["backend-dev", "docs-writer"]
    assert (found["unacknowledged-handoff"]["file"], found["unacknowledged-handoff"]["line"]) == (
        f"{A}/docs-writer.md",
        8,
    )
    assert found["overlap"]["message"] == "`backend-dev`, `release-manager` now share the duty area *Deployments*"
    assert found["overlap"]["agents"] == ["backend-dev", "release-manager"]
    assert run(capsys, "v1", "v2", "--fail-on", "cycle")[0] == 1
    # Back again, each is resolved.
    data = data_of(capsys, "v2", "v1")
    assert data["findings"]["added"] == []
    assert sorted(kinds(data["findings"]["resolved"])) == sorted(found)


def test_build_since_adds_a_changes_page(repo, tmp_path):
    import os
    import sys

    repo.write(
        {
            f"{A}/tech-lead.md": LEAD.replace(
                "Escalate to the engineering manager when two teams disagree on a deadline.",
                "Decides deadlines.",
            ),
            f"{A}/backend-dev.md": BACKEND.replace("Glob", "Glob, Bash"),
        }
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}

    def build(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "agent_handbook", "build", ".", "--strict", *args]
        return subprocess.run(command, cwd=repo.root, capture_output=True, text=True, env=env, timeout=300)

    done = build("-o", str(tmp_path / "site"), "--since", "v1")
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site" / "handbook" / "changes" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="changes-since-v1">Changes since v1' in page
    assert re.search(r"<h2 id=\"findings\">Findings", page) and re.search(r"<h2 id=\"agents\">Agents", page)
    assert "<strong>lost-escalation</strong>: <code>backend-dev</code> no longer reaches a person" in page
    # Agents of HEAD link their pages; every list is open on a page.
    assert '<a href="../agents/backend-dev/"><code>backend-dev</code></a> tools:' in page
    assert "<details" not in page and "agent-handbook-diff" not in page
    home = (tmp_path / "site" / "handbook" / "index.html").read_text(encoding="utf-8")
    assert 'href="../changes/"' in home or 'href="changes/"' in home
    failed = build("-o", str(tmp_path / "other"), "--since", "no-such-rev")
    assert failed.returncode == 1 and "since: no such revision: no-such-rev" in failed.stderr


def test_a_huge_change_still_fits_in_a_pull_request_comment(repo, capsys):
    long = "Escalate to @tech-lead when " + "the build, the deploy and the schema all fail " * 6 + "at once."
    repo.write({f"{A}/bulk/agent-{n:03d}.md": agent(f"agent-{n:03d}", long) for n in range(400)})
    repo.commit("v2")
    out = run(capsys, "v1", "v2", "--format", "markdown")[1]
    assert len(out) <= 60_000
    assert "… and " in out and "more (`agent-handbook diff --format json` lists all)" in out
    assert out.startswith("**Agent team** (v1 → v2): agents: 400 added; relations: 400 added;")
    data = data_of(capsys, "v1", "v2")
    assert len(data["relations"]["added"]) == 400


def test_include_and_exclude_apply_within_each_agent_folder_at_both_revisions(repo, capsys):
    repo.write(
        {
            f"{A}/team/reviewer.md": agent("reviewer", "Reviews pull requests."),
            f"{A}/drafts/sketch.md": agent("sketch", "Not ready."),
        }
    )
    repo.commit("v2")
    data = data_of(capsys, "v1", "v2", "--exclude", "drafts/**")
    assert data["agents"]["added"] == ["reviewer"]
    data = data_of(capsys, "v1", "v2", "--include", "team/*.md")
    assert (data["base"]["agents"], data["head"]["agents"]) == (0, 1)
    assert data["agents"]["added"] == ["reviewer"]


def test_a_permission_setting_and_a_name_are_agent_changes(repo, capsys):
    repo.write(
        {
            f"{A}/tech-lead.md": LEAD.replace("description:", "permissionMode: bypassPermissions\ndescription:"),
            f"{A}/backend-dev.md": BACKEND.replace("Builds the service's HTTP API.", "Owns the service's HTTP API."),
        }
    )
    repo.commit("v2")
    data = data_of(capsys, "v1", "v2")
    assert data["agents"]["changed"] == [
        {
            "id": "backend-dev",
            "file": f"{A}/backend-dev.md",
            "fields": [
                {
                    "field": "description",
                    "before": "Builds the service's HTTP API.",
                    "after": "Owns the service's HTTP API.",
                }
            ],
        },
        {
            "id": "tech-lead",
            "file": f"{A}/tech-lead.md",
            "fields": [{"field": "permissionMode", "before": None, "after": "bypassPermissions"}],
        },
    ]
    out = run(capsys, "v1", "v2", "--format", "github")[1]
    assert (
        "::notice file=.claude/agents/tech-lead.md,line=3,title=agent-handbook diff%3A permissionMode changed::" in out
    )
