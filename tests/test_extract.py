"""Extraction: one test per way of writing a relation, and the ways that must give nothing."""

from __future__ import annotations

import pytest

from .conftest import agent, triples

TEAM = {
    "platform-engineer.md": agent("platform-engineer"),
    "backend-dev.md": agent("backend-dev"),
    "qa-lead.md": agent("qa-lead"),
    "tech-lead.md": agent("tech-lead"),
    "security-auditor.md": agent("security-auditor"),
}


def relations_of(team_of, body: str, extra: str = "", description: str = "Runs deployments.") -> set:
    team = team_of({**TEAM, "devops.md": agent("devops", body, description=description, extra=extra)})
    return {t for t in triples(team) if "devops" in (t[0], t[2])}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "## Escalation\n\nEscalate to @platform-engineer when the cluster is down.",
            ("devops", "escalates_to", "platform-engineer"),
        ),
        ("- Work with the `security-auditor` on every release.", ("devops", "collaborates_with", "security-auditor")),
        ("**Escalation path:**\n\n- **Tech Lead**: for design questions", ("devops", "escalates_to", "tech-lead")),
        ("Coordinate with Tech Lead on capacity plans.", ("devops", "collaborates_with", "tech-lead")),
        (
            "Pair with backend_dev when a migration needs a schema change.",
            ("devops", "collaborates_with", "backend-dev"),
        ),
        ("When in doubt, ask the qa-lead agent.", ("devops", "escalates_to", "qa-lead")),
        ("Ask the qa-lead agent about flaky tests.", ("devops", "collaborates_with", "qa-lead")),
        ("Hand off the release notes to qa-lead for sign-off.", ("devops", "hands_off_to", "qa-lead")),
        ("Receives build artifacts from backend-dev.", ("backend-dev", "hands_off_to", "devops")),
        ("Build pipeline → platform-engineer watches production", None),
        ("DevOps ships the build → Platform Engineer monitors it", ("devops", "hands_off_to", "platform-engineer")),
        ("- Change application code (that's backend-dev's job)", ("devops", "boundary_with", "backend-dev")),
        ("Distinct from platform-engineer which handles on-call.", ("devops", "boundary_with", "platform-engineer")),
        ("Not for security reviews (see security-auditor).", ("devops", "boundary_with", "security-auditor")),
        ("Assign to: @qa-lead", ("devops", "delegates_to", "qa-lead")),
        ("Delegate load tests to the qa-lead.", ("devops", "delegates_to", "qa-lead")),
        ("Escalations from backend-dev arrive here first.", ("backend-dev", "escalates_to", "devops")),
        ("If you cannot fix it, escalate to the user.", ("devops", "escalates_to", "user")),
        (
            "Coordinate release timing with the Engineering Manager.",
            ("devops", "collaborates_with", "engineering-manager"),
        ),
        ("When a pager storm starts, page the on-call engineer.", ("devops", "escalates_to", "on-call-engineer")),
        ("If the rollback fails, take it to the Tech Lead.", ("devops", "escalates_to", "tech-lead")),
        ("Any production data change: the tech-lead must approve it first.", ("devops", "escalates_to", "tech-lead")),
        ("You are assigned by the qa-lead when a release is blocked.", ("qa-lead", "delegates_to", "devops")),
        ("Capacity planning sits with platform-engineer.", ("devops", "boundary_with", "platform-engineer")),
        ("The schema decisions are backend-dev's.", ("devops", "boundary_with", "backend-dev")),
        ("Do not tune the alerts that platform-engineer maintains.", ("devops", "boundary_with", "platform-engineer")),
        ("Tell security-auditor when a secret leaks.", ("devops", "collaborates_with", "security-auditor")),
        ("Gets a review from qa-lead before merging.", ("devops", "collaborates_with", "qa-lead")),
    ],
)
def test_reference_styles(team_of, body, expected):
    found = relations_of(team_of, body)
    if expected is None:
        assert ("devops", "hands_off_to", "platform-engineer") not in found
    else:
        assert expected in found, found


def test_levels_come_from_level_sections(team_of):
    body = """
    ### Level 1: Self-recovery
    Retry twice.

    ### Level 2: Peer help
    **Escalate to:** @platform-engineer or @backend-dev

    ### Level 3: Architecture
    **Escalate to:** @tech-lead

    ### Level 4: Human decision
    **Action:** Escalate to the user with the options.
    """
    team = team_of({**TEAM, "devops.md": agent("devops", body)})
    levels = {r.target: r.level for r in team.relations if r.source == "devops" and r.kind == "escalates_to"}
    assert levels == {"platform-engineer": 2, "backend-dev": 2, "tech-lead": 3, "user": 4}


def test_table_columns_name_the_relation(team_of):
    body = """
    | Situation | Escalate to | Level |
    |-----------|-------------|-------|
    | Disk full | platform-engineer | 2 |
    | Breach    | security-auditor  | 3 |

    | Area | Owner |
    |------|-------|
    | Schema changes | backend-dev |
    """
    team = team_of({**TEAM, "devops.md": agent("devops", body)})
    found = {(r.kind, r.target, r.level) for r in team.relations if r.source == "devops"}
    assert ("escalates_to", "platform-engineer", 2) in found
    assert ("escalates_to", "security-auditor", 3) in found
    assert ("boundary_with", "backend-dev", None) in found
    condition = next(r.condition for r in team.relations if r.target == "platform-engineer")
    assert condition == "Disk full"


def test_front_matter_lists_maps_and_key_names(team_of):
    extra = (
        "escalation_to: [tech-lead]\n"
        "escalation_from: [backend-dev]\n"
        "parallel_compatible: [qa-lead]\n"
        "escalation_triggers:\n  to_platform_engineer: 'Production incidents'\n  from_qa_lead: 'Flaky pipelines'\n"
        "workflow_integration:\n  provides_runbooks_to_security_auditor: 'Hardening notes'\n"
        "boundary_clarification:\n  platform_engineer_handles: 'On-call and SLOs'\n  devops_handles: 'Pipelines'\n"
        "coordination:\n  hands_off_to: [qa-lead]\n  receives_from: [tech-lead]\n"
        "escalation:\n  - level: 2\n    to: platform-engineer\n    when: disk full\n"
    )
    found = relations_of(team_of, "", extra=extra)
    assert found >= {
        ("devops", "escalates_to", "tech-lead"),
        ("backend-dev", "escalates_to", "devops"),
        ("devops", "collaborates_with", "qa-lead"),
        ("devops", "escalates_to", "platform-engineer"),
        ("qa-lead", "escalates_to", "devops"),
        ("devops", "hands_off_to", "security-auditor"),
        ("devops", "boundary_with", "platform-engineer"),
        ("devops", "hands_off_to", "qa-lead"),
        ("tech-lead", "hands_off_to", "devops"),
    }
    assert not any(t[0] == t[2] for t in found)


def test_structured_escalation_keeps_level_and_condition(team_of):
    extra = "escalation:\n  - level: 3\n    to: tech-lead\n    when: architecture is unclear\n"
    team = team_of({**TEAM, "devops.md": agent("devops", extra=extra)})
    [relation] = [r for r in team.relations if r.source == "devops"]
    assert (relation.target, relation.level, relation.condition) == ("tech-lead", 3, "architecture is unclear")


def test_description_prose_counts(team_of):
    found = relations_of(
        team_of,
        "",
        description="Runs deployments. Coordinates closely with backend-dev for schemas and qa-lead for smoke tests.",
    )
    assert {("devops", "collaborates_with", "backend-dev"), ("devops", "collaborates_with", "qa-lead")} <= found


@pytest.mark.parametrize(
    "body",
    [
        "```bash\n# escalate to platform-engineer\nkubectl rollout undo\n```",
        "Mail ops@platform-engineer.example.com for access.",
        "Integrate with Datadog, PagerDuty and Jenkins.",
        "- ❌ Escalate to platform-engineer for every warning",
        "Don't say 'hand off to qa-lead' when you mean a review.",
        "Never escalate to tech-lead before trying yourself.",
        "<!-- coordinate with backend-dev -->",
        "Serve 5k-1platform-engineerplatform-engineerk users at peak.",
        "The user-facing flows must stay green.",
        "Document procedures in docs/backend-dev/runbook.md.",
    ],
)
def test_nothing_comes_from(team_of, body):
    assert relations_of(team_of, body) == set()


def test_word_boundaries_on_names(team_of):
    files = {
        "qa-tester.md": agent("qa-tester"),
        "devops.md": agent("devops", "Scale to 5k-1qa-testerqa-testerk users. Work with the devops-coordinator."),
    }
    team = team_of(files)
    assert not [r for r in team.relations if "qa-tester" in (r.source, r.target)]
    assert ("devops", "collaborates_with", "devops-coordinator") in triples(team)


def test_aliases_from_front_matter_and_options(team_of):
    files = {
        "tech-lead.md": agent("tech-lead", extra="aliases: [TL, Staff Engineer]\n"),
        "devops.md": agent("devops", "Escalate to the Staff Engineer. Work with Arch Guild.\n"),
    }
    team = team_of(files, aliases={"Arch Guild": "tech-lead"})
    assert ("devops", "escalates_to", "tech-lead") in triples(team)
    assert ("devops", "collaborates_with", "tech-lead") in triples(team)


def test_one_edge_many_evidences(team_of):
    body = "Escalate to tech-lead for design.\n\nFor outages, escalate to @tech-lead as well."
    team = team_of({**TEAM, "devops.md": agent("devops", body)})
    [relation] = [r for r in team.relations if r.source == "devops"]
    assert [e.line for e in relation.evidence] == [6, 8]
    assert relation.evidence[1].text == "For outages, escalate to @tech-lead as well."


def test_third_party_label_is_not_attributed_to_self(team_of):
    body = """
    **Backend-dev will:**
    - Coordinate with security-auditor on secrets
    """
    team = team_of({**TEAM, "devops.md": agent("devops", body)})
    assert ("devops", "collaborates_with", "security-auditor") not in triples(team)
    assert ("backend-dev", "collaborates_with", "security-auditor") in triples(team)


def test_unknown_names_become_external_roles(team_of):
    team = team_of({"devops.md": agent("devops", "Escalate to @sre-oncall or the Security Team. Work with PM.")})
    roles = {r.id: r.role for r in team.external.values()}
    assert roles == {"sre-oncall": "missing", "security-team": "human", "pm": "human"}
    [dangling] = [d for d in team.diagnostics if d.code == "dangling-reference"]
    assert "sre-oncall" in dangling.message and dangling.line == 6


def test_a_sentence_wrapped_over_lines_is_read_whole(team_of):
    body = "When the deploy window closes and nothing is green,\nescalate to the\ntech-lead with the logs attached.\n"
    team = team_of({**TEAM, "devops.md": agent("devops", body)})
    [relation] = [r for r in team.relations if r.source == "devops"]
    assert (relation.kind, relation.target) == ("escalates_to", "tech-lead")
    assert relation.evidence[0].line == 8  # the line where the name stands
    assert relation.evidence[0].text == (
        "When the deploy window closes and nothing is green, escalate to the tech-lead with the logs attached."
    )


def test_an_abbreviation_names_the_one_agent_it_starts(team_of):
    found = relations_of(team_of, "Hand the build off to QA for a smoke test.")
    assert ("devops", "hands_off_to", "qa-lead") in found


def test_decision_rules_take_the_kind_of_their_section(team_of):
    body = "## Escalation\n\n- The release is blocked and nobody agrees → the `tech-lead`.\n- Budget is exceeded → the user decides."
    found = relations_of(team_of, body)
    assert {("devops", "escalates_to", "tech-lead"), ("devops", "escalates_to", "user")} <= found


def test_people_named_in_front_matter_lists_are_not_missing_agents(team_of):
    team = team_of({"devops.md": agent("devops", extra="escalation:\n  - level: 3\n    to: Engineering Manager\n")})
    assert team.external["engineering-manager"].role == "human"
    assert not [d for d in team.diagnostics if d.code == "dangling-reference"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("- Support backend-dev on schema migrations", ("devops", "collaborates_with", "backend-dev")),
        ("- Guide qa-lead on release checks", ("devops", "collaborates_with", "qa-lead")),
        ("Query the tech lead for the current roadmap.", ("devops", "collaborates_with", "tech-lead")),
        ("Bring in security-auditor for credential leaks.", ("devops", "collaborates_with", "security-auditor")),
        ("Give qa-lead the release checklist.", ("devops", "hands_off_to", "qa-lead")),
        (
            "Hand the runbook to platform-engineer and the audit log to security-auditor.",
            ("devops", "hands_off_to", "security-auditor"),
        ),
        (
            "Hand your plan to tech-lead to review the order, or to qa-lead for checks.",
            ("devops", "hands_off_to", "qa-lead"),
        ),
        ("Feed incidents to platform-engineer via the shared log.", ("devops", "hands_off_to", "platform-engineer")),
        ("Leave a regression check for qa-lead to run.", ("devops", "hands_off_to", "qa-lead")),
        ("Suggest security-auditor after every infrastructure change.", ("devops", "hands_off_to", "security-auditor")),
        ("Once backend-dev hands off the build, run the pipeline.", ("backend-dev", "hands_off_to", "devops")),
        ("backend-dev escalates to you when a deploy blocks a release.", ("backend-dev", "escalates_to", "devops")),
        ("- Output goes to: the release channel (notes), `qa-lead` (sign-off)", ("devops", "hands_off_to", "qa-lead")),
        ("Let tech-lead decide the rollout order.", ("devops", "boundary_with", "tech-lead")),
        ("This change requires explicit user approval.", ("devops", "escalates_to", "user")),
        ("If the migration is destructive, stop and ask the user.", ("devops", "escalates_to", "user")),
        ("Surface blocked deploys to the user.", ("devops", "escalates_to", "user")),
        ("The on-call engineer is notified when the deploy fails.", ("devops", "escalates_to", "on-call-engineer")),
        ("You must ask tech-lead before deleting a cluster.", ("devops", "escalates_to", "tech-lead")),
        ("Never pick a region that is a decision that belongs to the user.", ("devops", "escalates_to", "user")),
        ("## Escalation\n\n- Ask tech-lead when the rollout stalls.", ("devops", "escalates_to", "tech-lead")),
        ("Claude Code users can ask @agent-qa-lead for a review.", ("devops", "collaborates_with", "qa-lead")),
    ],
)
def test_more_ways_of_writing(team_of, body, expected):
    found = relations_of(team_of, body)
    assert expected in found, found


def test_an_inline_label_takes_the_listed_names_not_the_topics(team_of):
    found = relations_of(team_of, "- Coordinates with: backend-dev on QA handoffs")
    assert found == {("devops", "collaborates_with", "backend-dev")}


def test_the_user_is_no_hand_off(team_of):
    found = relations_of(team_of, "Present the summary to the user. When the user provides a ticket, start.")
    assert found == set()


WORDS = {
    "plan.md": agent("plan", description="Plans work."),
    "debug.md": agent("debug"),
    "security.md": agent("security"),
    "accessibility.md": agent("accessibility"),
    "event-sourcing-architect.md": agent("event-sourcing-architect"),
}


@pytest.mark.parametrize(
    "body",
    [
        "Request plan validation before you start.",
        "Use debug logging when a build fails.",
        "Build pipelines with security scanning.",
        "Work with accessibility in mind.",
        "Model the ledger with event sourcing.",
        "If nothing is listed, check the registry (see below).",
        "Implement data flow with @State, @Binding and @ObservedObject.",
        "Document modules with @doc and test with @SpringBootTest.",
        "### Server Component with Data Fetching",
        "Use the App Router for new projects.",
        "Present options with resource group and location details.",
        "Escalate blockers to Claude Code maintainers via GitHub.",
    ],
)
def test_words_and_code_are_not_agents(team_of, body):
    team = team_of({**WORDS, "devops.md": agent("devops", body)})
    assert not [r for r in team.relations if r.source == "devops"], team.relations
    assert not team.external, team.external
    assert not [d for d in team.diagnostics if d.code == "dangling-reference"]


def test_one_word_ids_in_explicit_forms(team_of):
    body = "Delegate sprint planning to the plan agent.\n\nEscalate crashes to `debug`.\n\nWork with @security."
    team = team_of({**WORDS, "devops.md": agent("devops", body)})
    assert {
        ("devops", "delegates_to", "plan"),
        ("devops", "escalates_to", "debug"),
        ("devops", "collaborates_with", "security"),
    } <= triples(team)


@pytest.mark.parametrize(
    "body",
    [
        "<example>Context: a deploy.\nuser: 'Ship it'\nassistant: 'I will ask the backend-dev agent'\n</example>",
        "## Example output\n\nTask 1 → AGENT: backend-dev\nTask 2 → AGENT: qa-lead",
        "## Common mistakes\n\n- Escalate to tech-lead for every warning.",
        "## Report template\n\n- **Next:** [agent-name]\n- Owner: Engineering Manager",
        "Validation fails, you think: “let me tell the user.”\nWRONG. Retry first.",
        "A subagent says: 'Done, ask the qa-lead agent to verify.'",
        "## Example\n\n### Delegation\n\n- Delegate the schema to backend-dev.",
        "| Step | Hand off to |\n|---|---|\n| Build | backend-dev |\n| … | … |",
    ],
)
def test_examples_templates_and_wrong_ways_give_nothing(team_of, body):
    found = relations_of(team_of, body)
    assert found == set(), found


def test_commentary_of_an_example_is_read(team_of):
    body = (
        "<example>user: 'Ship it' assistant: 'Deploying now.' "
        "<commentary>After deploying, hand off to qa-lead for smoke tests.</commentary></example>"
    )
    assert ("devops", "hands_off_to", "qa-lead") in relations_of(team_of, body)


def test_shared_names_resolve_to_the_nearest_agent(team_of):
    files = {
        "alpha/code-reviewer.md": agent("code-reviewer"),
        "alpha/builder-lead.md": agent("builder-lead", "Hand off every change to code-reviewer."),
        "beta/code-reviewer.md": agent("code-reviewer"),
        "beta/tester-lead.md": agent("tester-lead", "Hand off every change to code-reviewer."),
    }
    team = team_of(files)
    ids = {a.source.split("/")[-2]: a.id for a in team.agents.values() if a.name == "code-reviewer"}
    assert ("builder-lead", "hands_off_to", ids["alpha"]) in triples(team)
    assert ("tester-lead", "hands_off_to", ids["beta"]) in triples(team)


def test_copilot_built_in_modes_are_not_missing_agents(team_of):
    files = {
        "docs.agent.md": "---\nname: docs\ndescription: Docs.\nhandoffs:\n  - label: Implement\n    agent: agent\n    prompt: Go\n---\n\nWrites docs.\n"
    }
    team = team_of(files, include=("**/*.md",))
    assert ("docs", "hands_off_to", "agent") in triples(team)
    assert team.external["agent"].role == "assistant"
    assert not [d for d in team.diagnostics if d.code == "dangling-reference"]


def test_strength_says_how_a_relation_was_read(team_of):
    body = "Escalate to tech-lead when stuck.\n\n## Collaboration\n\n- qa-lead: release checks\n\nThe qa notes live with backend-dev."
    team = team_of({**TEAM, "devops.md": agent("devops", body)})
    strength = {(r.kind, r.target): r.strength for r in team.relations if r.source == "devops"}
    assert strength[("escalates_to", "tech-lead")] == "stated"
    assert strength[("collaborates_with", "qa-lead")] == "inferred"
    assert [(m.source, m.target, m.strength) for m in team.mentions] == []  # "lives with" is a boundary cue
    team = team_of({**TEAM, "devops.md": agent("devops", "Read the notes backend-dev keeps.")})
    assert [(m.source, m.target, m.strength) for m in team.mentions] == [("devops", "backend-dev", "mention")]
    assert not [r for r in team.relations if r.source == "devops"]


def test_evidence_in_a_quoted_description_points_at_its_line(team_of):
    text = (
        '---\nname: devops\ndescription: "Runs deployments.\n\n  Hands off release notes to qa-lead."\n---\n\nBody.\n'
    )
    team = team_of({**TEAM, "devops.md": text})
    [relation] = [r for r in team.relations if r.source == "devops"]
    assert relation.target == "qa-lead" and relation.evidence[0].line == 5


def test_a_coordinators_plain_list_of_agents_is_its_roster(team_of):
    body = (
        "## Integration with other agents\n\n- **backend-dev** – builds the services\n- **qa-lead** – checks releases"
    )
    team = team_of({**TEAM, "release-coordinator.md": agent("release-coordinator", body)})
    found = {t for t in triples(team) if t[0] == "release-coordinator"}
    assert found == {
        ("release-coordinator", "delegates_to", "backend-dev"),
        ("release-coordinator", "delegates_to", "qa-lead"),
    }
    # The same list in a specialist's file is who it works with.
    team = team_of({**TEAM, "devops.md": agent("devops", body)})
    assert ("devops", "collaborates_with", "backend-dev") in triples(team)


def test_telling_or_reporting_to_the_user_is_no_relation(team_of):
    body = "Tell the user what changed.\n\nReport to user when done.\n\nInform the user of skipped steps."
    assert relations_of(team_of, body) == set()


def test_a_coordinators_use_x_instead_is_routing(team_of):
    body = "Skip backend-dev for hotfixes; use qa-lead instead."
    team = team_of({**TEAM, "release-coordinator.md": agent("release-coordinator", body)})
    assert ("release-coordinator", "delegates_to", "qa-lead") in triples(team)
    team = team_of({**TEAM, "devops.md": agent("devops", body)})
    assert ("devops", "boundary_with", "qa-lead") in triples(team)


def test_an_abbreviation_means_the_agent_of_the_same_family(team_of):
    files = {
        "qa-subagent.md": agent("qa-subagent"),
        "ai-team-qa.md": agent("ai-team-qa"),
        "ai-team-producer.md": agent("ai-team-producer", "Involve QA when a release is risky."),
    }
    assert ("ai-team-producer", "collaborates_with", "ai-team-qa") in triples(team_of(files))


def test_ids_with_versions(team_of):
    files = {
        "powershell-5.1-expert.md": agent("powershell-5.1-expert"),
        "ops.md": agent("ops", "Hand off legacy scripts to powershell-5.1-expert."),
    }
    assert ("ops", "hands_off_to", "powershell-5-1-expert") in triples(team_of(files))


def test_evidence_quotes_read_as_a_reader_writes_them(team_of):
    body = "| Situation | Escalate to |\n|---|---|\n| Cloud quota exceeded | **platform-engineer** |"
    extra = "boundary_clarification:\n  platform_engineer_handles: 'On-call and SLOs'\n"
    team = team_of({**TEAM, "devops.md": agent("devops", body, extra=extra)})
    quotes = {(r.kind, r.evidence[0].text) for r in team.relations if r.source == "devops"}
    assert ("escalates_to", "Cloud quota exceeded — platform-engineer") in quotes
    assert ("boundary_with", "platform engineer handles: 'On-call and SLOs'") in quotes


@pytest.mark.parametrize(
    "body",
    [
        "Check compatibility with the user's toolchain first.",
        "Write for the operator rather than a human reader.",
        "Keep secrets in Secrets Manager; use Secrets Manager for rotation.",
        "Spawn the autonomous agent for long runs.",
    ],
)
def test_words_that_only_look_like_relations(team_of, body):
    assert relations_of(team_of, body) == set()


def test_whoever_sets_the_objectives_delegates(team_of):
    body = "Receive sprint objectives from qa-lead and report progress."
    assert ("qa-lead", "delegates_to", "devops") in relations_of(team_of, body)


def test_the_x_agent_is_the_agent_of_the_same_family(team_of):
    files = {
        "infra-aws-planning.md": agent("infra-aws-planning"),
        "infra-aws-apply.md": agent("infra-aws-apply", "Read the plan from the planning agent before applying."),
    }
    assert ("infra-aws-planning", "hands_off_to", "infra-aws-apply") in triples(team_of(files))


def test_levels_below_the_agents_own_level_are_its_teams_steps(team_of):
    body = (
        "## Escalation\n\n**Level 1: Peer help**\n- Stuck on a query → Ask @backend-dev\n\n"
        "**Level 2: Coordinator review (You)**\n- Review and reassign\n\n"
        "**Level 3: Strategic**\n- Escalate to @tech-lead"
    )
    team = team_of({**TEAM, "release-coordinator.md": agent("release-coordinator", body)})
    found = {t for t in triples(team) if t[0] == "release-coordinator" and t[1] == "escalates_to"}
    assert found == {("release-coordinator", "escalates_to", "tech-lead")}


def test_a_template_with_a_placeholder_name_is_no_agent(team_of):
    template = "---\nname: [agent-name]\ndescription: [What it does]\n---\n\nEscalate to: tech-lead\n"
    team = team_of({**TEAM, "agent-template.md": template})
    assert "agent-template" not in team.agents
    [skipped] = [d for d in team.diagnostics if d.code == "skipped-file"]
    assert skipped.file.endswith("agent-template.md") and skipped.line == 2 and "placeholder" in skipped.message


def test_engage_is_a_peer_for_a_specialist_and_work_for_a_coordinator(team_of):
    body = "Integration with other agents:\n- Engage qa-lead on test strategy\n- Work with backend-dev on schemas"
    assert ("devops", "collaborates_with", "qa-lead") in relations_of(team_of, body)
    team = team_of({**TEAM, "release-coordinator.md": agent("release-coordinator", "Engage qa-lead on test strategy.")})
    assert ("release-coordinator", "delegates_to", "qa-lead") in triples(team)


def test_a_coordinators_list_titled_collaborates_with_is_collaboration(team_of):
    body = "## Integration\n\nCollaborates with other coordinators:\n- **qa-lead**: shares release gates\n"
    team = team_of({**TEAM, "release-coordinator.md": agent("release-coordinator", body)})
    assert ("release-coordinator", "collaborates_with", "qa-lead") in triples(team)


def test_drawing_on_another_agents_work_is_no_delegation(team_of):
    body = "Uses qa-lead's checklists. Request backend-dev findings first. Use the user's style guide."
    team = team_of({**TEAM, "release-coordinator.md": agent("release-coordinator", body)})
    assert {t for t in triples(team) if t[0] == "release-coordinator"} == {
        ("release-coordinator", "collaborates_with", "qa-lead"),
        ("release-coordinator", "collaborates_with", "backend-dev"),
    }


def test_a_table_in_a_usage_example_is_the_examples_output(team_of):
    body = "## Usage example\n\nFound 2 related agents in the repository:\n\n| Agent | Role |\n|---|---|\n| qa-lead | tests |\n| backend-dev | code |"
    assert relations_of(team_of, body) == set()


def test_the_family_member_beats_another_agents_display_name(team_of):
    files = {
        "qa-subagent.md": "---\nname: QA\ndescription: Checks.\n---\n\nChecks.\n",
        "ai-team-qa.md": agent("ai-team-qa"),
        "ai-team-dev.md": agent("ai-team-dev", "Involve QA when a change is risky."),
    }
    assert ("ai-team-dev", "collaborates_with", "ai-team-qa") in triples(team_of(files))


def test_work_given_to_a_subagent_is_delegation(team_of):
    body = "Provide the release checklist to the qa-lead subagent before it starts.\n\nCommunicating outcomes to the user. Communicate with the user in plain words."
    assert relations_of(team_of, body) == {("devops", "delegates_to", "qa-lead")}
    assert ("main-agent", "delegates_to", "devops") in relations_of(
        team_of, "Start once the parent agent provides the plan."
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("When a flag is unclear, ask the user rather than guess.", True),
        ("**ask the user** instead of assuming a region.", True),
        ("Ask the user:\n\n- which region\n- which instance size", True),
        ("Plan the rollout. Ask the user these questions (skip the answered ones):", True),
        ("Wait for the user to approve the plan before you apply it.", True),
        ("Hold the release until the user confirms the window.", True),
        # near misses: an answer, a question about users, a wait with no word to wait for
        ("Ask the user about their habits and note them in the log.", False),
        ("Wait for the user to finish typing.", False),
        ("Do not wait for the user to approve routine restarts.", False),
        ("Ask users of the dashboard what they miss.", False),
        ("Prefer the runbook rather than guessing.", False),
    ],
)
def test_asking_the_user_as_a_rule_or_a_lead_in(team_of, body, expected):
    found = relations_of(team_of, body)
    assert (("devops", "escalates_to", "user") in found) is expected, found


def test_nobody_delegates_to_the_user(team_of):
    body = "## Before assigning work\n\nPresent the plan → user confirms each step → then proceed."
    assert relations_of(team_of, body) == {("devops", "escalates_to", "user")}


def lead_relations(team_of, body: str, lead: str = "team-lead") -> set:
    team = team_of({**TEAM, f"{lead}.md": agent(lead, body)})
    return {t for t in triples(team) if lead in (t[0], t[2])}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "## Your team\n\n| Agent | Specialty |\n|---|---|\n| backend-dev | APIs |\n| `qa-lead` | release checks |",
            {("team-lead", "delegates_to", "backend-dev"), ("team-lead", "delegates_to", "qa-lead")},
        ),
        (
            "## Specialists\n\n| Agent | When to use |\n|---|---|\n| **security-auditor** | secrets, auth |",
            {("team-lead", "delegates_to", "security-auditor")},
        ),
        (
            "## Related agents\n\n| Agent | Role |\n|---|---|\n| backend-dev | owns the APIs |",
            {("team-lead", "collaborates_with", "backend-dev")},
        ),
        # near misses: no column says what each agent is for; no heading or lead says it is a team
        ("## Versions\n\n| Agent | Version |\n|---|---|\n| backend-dev | 2 |", set()),
        ("## Benchmarks\n\n| Agent | Role |\n|---|---|\n| backend-dev | APIs |", set()),
    ],
)
def test_a_leads_team_written_as_a_table(team_of, body, expected):
    assert lead_relations(team_of, body) == expected


@pytest.mark.parametrize(
    ("lead", "body", "expected"),
    [
        ("team-lead", "## Routing\n\n- Schemas → backend-dev\n- Release checks → qa-lead", {"backend-dev", "qa-lead"}),
        ("team-lead", "## Your team\n\n- Research: **tech-lead**\n- Testing: `qa-lead`", {"tech-lead", "qa-lead"}),
        ("release-coordinator", "- Schemas → backend-dev", {"backend-dev"}),
        ("release-coordinator", "Schemas → backend-dev\n\nRelease checks → qa-lead", {"backend-dev", "qa-lead"}),
        ("release-coordinator", "Note: qa-lead", set()),
        ("release-coordinator", "A `.sql` file goes to backend-dev.", {"backend-dev"}),
        (
            "team-lead",
            "Always run: backend-dev, qa-lead and security-auditor.",
            {"backend-dev", "qa-lead", "security-auditor"},
        ),
        (
            "team-lead",
            "Send schema work to backend-dev and audit work to security-auditor.",
            {"backend-dev", "security-auditor"},
        ),
        # near misses: examples of a category, a program that is run, a run by someone else
        ("team-lead", "**Team assignments:**\n\n- Examples: backend-dev, qa-lead", set()),
        ("team-lead", "Always run: kc-tool on each host.", set()),
        ("team-lead", "Ask the user to run backend-dev first.", set()),
        ("team-lead", "- Schemas → backend-dev", set()),
    ],
)
def test_routing_lines_of_a_lead(team_of, lead, body, expected):
    found = {t[2] for t in lead_relations(team_of, body, lead) if t[:2] == (lead, "delegates_to")}
    assert found == expected


def test_work_handed_on_is_a_hand_off_and_work_routed_is_delegation(team_of):
    assert relations_of(team_of, "The report goes to qa-lead.") == {("devops", "hands_off_to", "qa-lead")}
    found = relations_of(team_of, "Hand off completed work to qa-lead with test notes.")
    assert found == {("devops", "hands_off_to", "qa-lead")}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("**After:** backend-dev", {("backend-dev", "hands_off_to", "devops")}),
        ("**Before:** `qa-lead`", {("devops", "hands_off_to", "qa-lead")}),
        ("**Complements:** security-auditor", {("devops", "collaborates_with", "security-auditor")}),
        ("- **Pairs well with:** tech-lead", {("devops", "collaborates_with", "tech-lead")}),
        (
            "**vs tech-lead:** owns the architecture; this agent owns the pipelines",
            {("devops", "boundary_with", "tech-lead")},
        ),
        # near misses: code before and after a change, a step with no agent
        ("**Before:** `import { act } from 'react-dom/test-utils'`\n\n**After:** `import { act } from 'react'`", set()),
        ("**After:** Move the call to the constructor.", set()),
    ],
)
def test_labels_without_a_verb(team_of, body, expected):
    assert relations_of(team_of, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Only tech-lead commits.", {("devops", "boundary_with", "tech-lead")}),
        ("tech-lead alone merges to main.", {("devops", "boundary_with", "tech-lead")}),
        ("Only the qa-lead may sign off a release.", {("devops", "boundary_with", "qa-lead")}),
        ("backend-dev is the only agent that runs migrations.", {("devops", "boundary_with", "backend-dev")}),
        # near misses: a denial, an object of "only", the agent's own exclusive work, "the only agent"
        ("Not only tech-lead commits; every agent does.", set()),
        ("Commit only the files that changed.", set()),
        ("Only devops deploys.", set()),
        ("You are the only agent that deploys.", set()),
    ],
)
def test_exclusive_ownership_in_another_agents_file(team_of, body, expected):
    assert relations_of(team_of, body) == expected


ONE_WORD = {
    **TEAM,
    "lead.md": agent("lead"),
    "agent.md": agent("agent"),
    "playwright.md": agent("playwright"),
    "product-manager.md": agent("product-manager"),
}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Escalate to the lead when a deploy is blocked.", {("devops", "escalates_to", "lead")}),
        ("Escalate blockers to the agent.", {("devops", "escalates_to", "agent")}),
        ("Coordinate with product managers on the rollout.", {("devops", "collaborates_with", "product-manager")}),
        # near misses: one-word ids as words, a product, people in general
        ("Take the lead on the design.", set()),
        ("## Agent Lifecycle\n\n### Deploy Agent\n\nDeploys.", set()),
        ("Test with Playwright and Selenium.", set()),
        ("Use Claude in Chrome to check the page.", set()),
        ("Work with product managers and developers on scope.", set()),
    ],
)
def test_one_word_ids_only_where_a_cue_points_at_them(team_of, body, expected):
    team = team_of({**ONE_WORD, "devops.md": agent("devops", body)})
    assert {t for t in triples(team) if t[0] == "devops"} == expected
    assert not team.external, team.external


def test_settings_values_are_never_names(team_of):
    extra = "parallel_operations: true\ncoordination:\n  parallel: true\n  max_agents: 5\n  timeout: 30s\n  works_with: [qa-lead]\n"
    team = team_of({**TEAM, "devops.md": agent("devops", "Parallel operations: true", extra=extra)})
    assert {t for t in triples(team) if t[0] == "devops"} == {("devops", "collaborates_with", "qa-lead")}
    assert not team.external and not [d for d in team.diagnostics if d.code == "dangling-reference"]


@pytest.mark.parametrize(
    "body",
    [
        "Use django-guardian for object permissions.",
        "Configure `vue-router` for the admin pages.",
        "Build on the Microsoft Agent Framework.",
        "Use Claude in Chrome to check the page.",
    ],
)
def test_libraries_and_products_are_no_one(team_of, body):
    team = team_of({**TEAM, "devops.md": agent("devops", body)})
    assert not [r for r in team.relations if r.source == "devops"], team.relations
    assert not team.external and not [d for d in team.diagnostics if d.code == "dangling-reference"]


def test_a_missing_agent_with_a_role_word_is_still_dangling(team_of):
    team = team_of({**TEAM, "devops.md": agent("devops", "Escalate to security-guardian when a secret leaks.")})
    assert ("devops", "escalates_to", "security-guardian") in triples(team)
    assert [d for d in team.diagnostics if d.code == "dangling-reference"]


@pytest.mark.parametrize(
    ("body", "hint"),
    [
        ("Hand off to @reviwer when done.", "did you mean `reviewer`?"),
        ("Escalate to @tech-leed.", "did you mean `tech-lead`?"),
        # near misses: a whole word differs, an annotation in code, a short word
        ("Escalate to @qa-engineer.", None),
        ("Annotate the tests with @Reviewed.", None),
    ],
)
def test_a_misspelled_agent_is_dangling_with_a_hint(team_of, body, hint):
    team = team_of(
        {
            **TEAM,
            "reviewer.md": agent("reviewer"),
            "api-engineer.md": agent("api-engineer"),
            "devops.md": agent("devops", body),
        }
    )
    messages = [d.message for d in team.diagnostics if d.code == "dangling-reference"]
    if hint is None:
        assert not any("did you mean" in m for m in messages), messages
    else:
        assert len(messages) == 1 and messages[0].endswith(hint), messages


def test_reporting_data_to_an_agent_is_a_hand_off(team_of):
    assert relations_of(team_of, "Reports to qa-lead: archival of findings.") == {("devops", "hands_off_to", "qa-lead")}
    assert relations_of(team_of, "Reports to qa-lead when a release is blocked.") == {
        ("devops", "escalates_to", "qa-lead")
    }


def test_a_heading_about_the_teams_own_agents_is_no_outside_group(team_of):
    body = "## Coordination with the Release Team\n\n- backend-dev: schemas\n- qa-lead: checks"
    team = team_of({**TEAM, "devops.md": agent("devops", body)})
    assert not team.external
    assert {t[2] for t in triples(team) if t[0] == "devops"} == {"backend-dev", "qa-lead"}
    # a heading over no agent of the team names an outside group
    team = team_of({**TEAM, "devops.md": agent("devops", "## Working with the Platform Team\n\nShare the roadmap.")})
    assert ("devops", "collaborates_with", "platform-team") in triples(team)


def test_a_glossary_or_a_schema_with_front_matter_is_no_agent(team_of):
    files = {
        **TEAM,
        "GLOSSARY.md": "---\nname: glossary\ndescription: Terms of the team\n---\n\n- **Escalate**: hand to tech-lead\n",
        "terms.md": "---\nname: terms\ndescription: Glossary of the words the agents use\n---\n\nText.\n",
        "handoff.md": "---\nname: handoff\ndescription: The hand-off record\ntype: schema\n---\n\nText.\n",
        # near miss: an agent whose work is schemas
        "schema-designer.md": agent("schema-designer", description="Schema designer who models the tables."),
    }
    team = team_of(files)
    skipped = {d.file.rsplit("/", 1)[-1]: d.message for d in team.diagnostics if d.code == "not-an-agent"}
    assert set(skipped) == {"GLOSSARY.md", "terms.md", "handoff.md"}
    assert skipped["handoff.md"] == "front matter describes a schema, not an agent"
    assert "schema-designer" in team.agents and not {"glossary", "terms", "handoff"} & set(team.agents)
    assert not [r for r in team.relations if r.target == "tech-lead"]


def test_short_and_spaced_names_of_the_teams_agents(team_of):
    files = {
        "ml/ml-eval-engineer.md": agent("ml-eval-engineer"),
        "ml/trainer.md": agent("trainer", "Hand the scores to the eval engineer."),
        "web/web-eval-engineer.md": agent("web-eval-engineer"),
        "backend.md": agent("backend"),
        "collective-intelligence-coordinator.md": agent("collective-intelligence-coordinator"),
        "event-sourcing-architect.md": agent("event-sourcing-architect"),
        "devops.md": agent(
            "devops",
            "Work with the backend engineer on the API. Consult collective-intelligence for consensus.\n\n"
            "Use event-sourcing patterns for the ledger. Model it with event-sourcing.",
        ),
    }
    team = team_of(files)
    found = triples(team)
    assert ("trainer", "hands_off_to", "ml-eval-engineer") in found  # the nearest folder's
    assert {t for t in found if t[0] == "devops"} == {
        ("devops", "collaborates_with", "backend"),
        ("devops", "collaborates_with", "collective-intelligence-coordinator"),
    }
    assert not team.external


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("`backend-dev` gives details to `qa-lead`.", {("backend-dev", "hands_off_to", "qa-lead")}),
        ("If blocked, backend-dev escalates to tech-lead.", {("backend-dev", "escalates_to", "tech-lead")}),
        ("backend-dev receives specs from tech-lead.", {("tech-lead", "hands_off_to", "backend-dev")}),
        # near misses: the file's own agent is the subject; a person is the subject
        ("Give qa-lead the details.", {("team-lead", "hands_off_to", "qa-lead")}),
        ("The user gives details to qa-lead.", set()),
    ],
)
def test_who_the_sentence_is_about(team_of, body, expected):
    team = team_of({**TEAM, "team-lead.md": agent("team-lead", body)})
    assert triples(team) == expected
    inferred = {(r.source, r.kind, r.target) for r in team.relations if r.strength == "inferred"}
    assert inferred == {t for t in expected if t[0] != "team-lead"}


CREW_AGENTS = """\
researcher:
  role: Senior Data Researcher
  goal: Find the facts
  backstory: >
    You dig up facts. Hand your notes to the Reporting Analyst.
    When unsure, ask the Editor in Chief.
reporting_analyst:
  role: Reporting Analyst
  goal: Write the report
  backstory: You write reports.
editor:
  role: Editor in Chief
  goal: Approve reports
  backstory: You approve reports. Work with the Senior Data Researcher on sources.
"""
CREW_TASKS = (
    "research_task:\n  description: Research\nreporting_task:\n  description: Report\n  context: [research_task]\n"
)
CREW_PY = """\
class Demo:
    def research_task(self) -> Task:
        return Task(config=self.tasks_config['research_task'], agent=self.researcher())

    def reporting_task(self) -> Task:
        return Task(config=self.tasks_config['reporting_task'], agent=self.reporting_analyst())

    def crew(self) -> Crew:
        return Crew(agents=self.agents, tasks=self.tasks, process=Process.hierarchical, manager_agent=self.editor())
"""


def test_a_crewai_crew_is_a_team(team_of, tmp_path):
    files = {
        "demo/config/agents.yaml": CREW_AGENTS,
        "demo/config/tasks.yaml": CREW_TASKS,
        "demo/crew.py": CREW_PY,
        # another crew with the same role: the crew's own agent is meant first
        "other/config/agents.yaml": "analyst:\n  role: Reporting Analyst\n  goal: Other\n  backstory: Other.\n",
    }
    team = team_of(files, include=("**/*.yaml",))
    by_file = {(r.source, r.kind, r.target): {e.file.rsplit("/", 1)[-1] for e in r.evidence} for r in team.relations}
    assert by_file == {
        ("researcher", "hands_off_to", "reporting-analyst"): {"agents.yaml", "tasks.yaml"},
        ("researcher", "escalates_to", "editor"): {"agents.yaml"},
        ("editor", "collaborates_with", "researcher"): {"agents.yaml"},
        ("editor", "delegates_to", "researcher"): {"crew.py"},
        ("editor", "delegates_to", "reporting-analyst"): {"crew.py"},
    }
    # near miss: without crew.py no task has an agent, so no hand-off and no manager
    (tmp_path / "agents" / "demo" / "crew.py").unlink()
    del files["demo/crew.py"]
    team = team_of(files, include=("**/*.yaml",))
    assert not [r for r in team.relations if r.kind == "delegates_to"]
    assert not [e for r in team.relations for e in r.evidence if e.file.endswith(("crew.py", "tasks.yaml"))]
    assert ("researcher", "hands_off_to", "reporting-analyst") in triples(team)  # the backstory says so


def test_an_unclosed_code_fence_is_a_warning_with_its_line(team_of):
    body = "Escalate to tech-lead when stuck.\n\n```yaml\nkey: value\n```\n\n```bash\nrun it\n\n## Escalation\n\nEscalate to qa-lead."
    team = team_of({**TEAM, "devops.md": agent("devops", body)})
    [fence] = [d for d in team.diagnostics if d.code == "unclosed-code-fence"]
    assert (fence.file.rsplit("/", 1)[-1], fence.line, fence.severity) == ("devops.md", 12, "warning")
    assert "the 3 lines after it are code" in fence.message
    assert {t for t in triples(team) if t[0] == "devops"} == {("devops", "escalates_to", "tech-lead")}
    # near miss: fences that close, a nested info string inside a fence
    body = "```markdown\n# Report\n```json\n{}\n```\n\nText.\n\n~~~\ncode\n~~~\n"
    team = team_of({**TEAM, "devops.md": agent("devops", body)})
    assert not [d for d in team.diagnostics if d.code == "unclosed-code-fence"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "**Does NOT handle:**\n\n- Schema changes (Refer to: backend-dev)\n- Release checks (See: qa-lead)",
            {("devops", "boundary_with", "backend-dev"), ("devops", "boundary_with", "qa-lead")},
        ),
        (
            "## Boundaries and coordination\n\n**Parallel execution with:**\n\n- **qa-lead**: can plan tests meanwhile",
            {("devops", "collaborates_with", "qa-lead")},
        ),
        # near miss: a document referred to, not an agent
        ("Refer to: the runbook for restarts.", set()),
    ],
)
def test_a_pointer_to_the_agent_that_owns_the_work(team_of, body, expected):
    assert relations_of(team_of, body) == expected


def test_a_leads_rule_under_its_delegation_heading_names_whom_work_goes_to(team_of):
    body = "## Agent selection\n\n- Prefer specific over generic (security-auditor > qa-lead)\n- Use `@missing-expert` for legacy code"
    found = lead_relations(team_of, body, "release-coordinator")
    assert found == {
        ("release-coordinator", "delegates_to", "security-auditor"),
        ("release-coordinator", "delegates_to", "qa-lead"),
        ("release-coordinator", "delegates_to", "missing-expert"),
    }
    # near miss: the same line in a specialist's file with no delegation heading
    assert relations_of(team_of, "- Prefer specific over generic (security-auditor > qa-lead)") == set()


def test_codex_developer_instructions_are_the_prompt(team_of):
    reviewer = (
        'name = "reviewer"\ndescription = "Reviews diffs."\ndeveloper_instructions = """\n'
        "Review every diff.\nWhen a change touches the schema, escalate to the lead.\n"
        'Hand off approved diffs to the tester.\n"""\n'
    )
    files = {
        ".codex/agents/reviewer.toml": reviewer,
        ".codex/agents/tester.toml": 'name = "tester"\ndescription = "Tests."\ndeveloper_instructions = "Run the tests."\n',
        ".codex/agents/lead.toml": 'name = "lead"\ndescription = "Leads."\ndeveloper_instructions = "Take the lead on plans."\n',
    }
    team = team_of(files, include=("**/*.toml",))
    lines = {(r.source, r.kind, r.target): r.evidence[0].line for r in team.relations}
    assert lines == {("reviewer", "escalates_to", "lead"): 5, ("reviewer", "hands_off_to", "tester"): 6}


def test_family_members_named_without_their_shared_prefix(team_of):
    files = {
        "shop-commander.md": agent("shop-commander"),
        "shop-class-surgeon.md": agent("shop-class-surgeon"),
        "shop-bicep.md": agent("shop-bicep"),
        "shop-dep-surgeon.md": agent(
            "shop-dep-surgeon",
            "Return to commander: the versions installed.\n\n"
            "API errors are expected here; the class surgeon handles those.\n\n"
            "Use the commander pattern for retries.\n\n"
            "## Routing\n\n- the Bicep path uses the search API",
        ),
    }
    found = {t for t in triples(team_of(files)) if t[0] == "shop-dep-surgeon"}
    assert found == {
        ("shop-dep-surgeon", "hands_off_to", "shop-commander"),
        ("shop-dep-surgeon", "boundary_with", "shop-class-surgeon"),
    }


def test_a_heading_naming_an_agent_with_a_qualifier_resolves_in_its_own_folder(team_of):
    body = "## Coordination\n\n### Queen Coordinator (Agent #1)\n\nSends the plan.\n\nEscalate to the Queen Coordinator when blocked."
    files = {
        "hive/queen-coordinator.md": agent("queen-coordinator"),
        "v3/queen-coordinator.md": agent("queen-coordinator"),
        "v3/worker.md": agent("worker", body),
    }
    team = team_of(files)
    [ours] = [a.id for a in team.agents.values() if a.source.endswith("v3/queen-coordinator.md")]
    assert {t for t in triples(team) if t[0] == "worker"} == {
        ("worker", "collaborates_with", ours),
        ("worker", "escalates_to", ours),
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Never merge without approval from the user.", {("devops", "escalates_to", "user")}),
        ("Report back to tech-lead with the diff.", {("devops", "hands_off_to", "tech-lead")}),
        ("Report back to tech-lead if you are blocked.", {("devops", "escalates_to", "tech-lead")}),
        # near misses: approval waived, the answer to the user
        ("Merge small fixes without approval from the user.", set()),
        ("Report back to the user when done.", set()),
    ],
)
def test_approval_required_and_reporting_back(team_of, body, expected):
    assert relations_of(team_of, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "You lead a team of three agents: backend-dev, qa-lead and security-auditor.",
            {"backend-dev", "qa-lead", "security-auditor"},
        ),
        ("Your specialists are `backend-dev` and `qa-lead`.", {"backend-dev", "qa-lead"}),
        ("Pick the specialist: backend-dev for APIs, qa-lead for tests.", {"backend-dev", "qa-lead"}),
        # near misses: a member of the team, not its lead; the team's habits
        ("You are part of a team of agents with backend-dev and qa-lead.", set()),
        ("Your team ships on Fridays; backend-dev is on call.", set()),
    ],
)
def test_a_leads_team_stated_in_prose(team_of, body, expected):
    found = {t[2] for t in lead_relations(team_of, body) if t[:2] == ("team-lead", "delegates_to")}
    assert found == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a heading's kind is its title's, not its aside's
        (
            "## Hand-offs (escalate through tech-lead)\n\n- Load testing → qa-lead.",
            {("devops", "hands_off_to", "qa-lead")},
        ),
        ("## Notes (escalation path)\n\n- Outage → tech-lead.", {("devops", "escalates_to", "tech-lead")}),
        ("## Escalation (last resort)\n\n- Outage → tech-lead.", {("devops", "escalates_to", "tech-lead")}),
    ],
)
def test_a_headings_kind_is_its_titles_not_its_asides(team_of, body, expected):
    assert relations_of(team_of, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "## When not to use this agent\n\n- For schema changes -> use **backend-dev**",
            {("devops", "boundary_with", "backend-dev")},
        ),
        ("## Not for\n\n- Pen tests: use security-auditor.", {("devops", "boundary_with", "security-auditor")}),
        # near miss: the same pointer under a heading that names no boundary is delegation
        ("## Workflow\n\n- For schema changes -> use **backend-dev**", {("devops", "delegates_to", "backend-dev")}),
    ],
)
def test_a_pointer_under_a_not_for_heading_is_a_boundary(team_of, body, expected):
    assert relations_of(team_of, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("When you cannot proceed without an answer, return to tech-lead.", {("devops", "escalates_to", "tech-lead")}),
        ("If the ticket is ambiguous, route it to `tech-lead`.", {("devops", "escalates_to", "tech-lead")}),
        ("## Hand-offs\n\n- Requirements unclear → tech-lead.", {("devops", "escalates_to", "tech-lead")}),
        ("Stop and return a blocker note to tech-lead.", {("devops", "escalates_to", "tech-lead")}),
        # near misses: routing work without being blocked
        ("When the build is green, return the report to tech-lead.", {("devops", "hands_off_to", "tech-lead")}),
        ("## Hand-offs\n\n- Release notes ready → tech-lead.", {("devops", "hands_off_to", "tech-lead")}),
    ],
)
def test_being_blocked_then_where_the_question_goes_is_an_escalation(team_of, body, expected):
    assert relations_of(team_of, body) == expected


def test_a_blanket_task_permission_names_no_one(tmp_path):
    from agent_handbook.formats import default_paths
    from agent_handbook.team import load_team

    from .conftest import write_files

    def opencode(task: str, mode: str = "primary") -> str:
        return f"---\ndescription: An agent.\nmode: {mode}\npermission:\n  task:\n{task}---\n\nWorks.\n"

    write_files(
        tmp_path / ".opencode" / "agent",
        {
            "builder.md": opencode('    "*": allow\n'),
            "planner.md": opencode('    "*": deny\n    "check*": allow\n'),
            "checker.md": opencode('    "*": deny\n', mode="subagent"),
            "scout.md": opencode('    "*": deny\n', mode="subagent"),
        },
    )
    team = load_team(default_paths(tmp_path), root=tmp_path)
    found = {(r.source, r.target) for r in team.relations if r.kind == "delegates_to"}
    # "*": allow opens the task tool to any subagent and names none; a narrower glob names them
    assert found == {("planner", "checker")}


def test_the_files_title_names_no_section_kind(team_of):
    # "# Devops — Collaborative Release Coordinator" describes the agent: a bare name under it
    # is no collaboration; a heading of the same words below the title still is one
    body = "# Devops — Collaborative Release Coordinator\n\n## Tools\n\n- qa-lead for smoke tests"
    assert relations_of(team_of, body) == set()
    body = "# Release work\n\n## Collaborative partners\n\n- qa-lead for smoke tests"
    assert relations_of(team_of, body) == {("devops", "collaborates_with", "qa-lead")}


def test_a_leads_next_step_table_is_delegation(team_of):
    table = "| Phase | Next |\n|---|---|\n| start | qa-lead only |\n| built | backend-dev, or qa-lead |"
    found = lead_relations(team_of, table, lead="release-coordinator")
    assert {t[1:] for t in found if t[0] == "release-coordinator"} == {
        ("delegates_to", "qa-lead"),
        ("delegates_to", "backend-dev"),
    }
    # near miss: in a specialist's file the same column hands its result on
    assert ("devops", "hands_off_to", "qa-lead") in relations_of(team_of, table)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("When two sources disagree, ask the user to choose one.", {("devops", "escalates_to", "user")}),
        ("Ask the user only when you are truly blocked.", {("devops", "escalates_to", "user")}),
        ("**Talk it over with the user before:**\n\n- Deleting a pipeline", {("devops", "escalates_to", "user")}),
        ("Check the rollout with tech-lead before deploying.", {("devops", "escalates_to", "tech-lead")}),
        # near misses: asking the user to do something, talking without a gate
        ("Ask the user to run the smoke tests.", set()),
        ("Discuss rollout timing with tech-lead.", {("devops", "collaborates_with", "tech-lead")}),
    ],
)
def test_asking_someone_to_decide_or_talking_it_over_before_acting(team_of, body, expected):
    assert relations_of(team_of, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("- Recommended next step: `qa-lead checkout-flow --auto`", {("devops", "hands_off_to", "qa-lead")}),
        ("Next: `backend-dev docs/spec.md`", {("devops", "hands_off_to", "backend-dev")}),
        # near misses: a command that is no agent, a file named after one
        ("- Recommended next step: `git push --tags`", set()),
        ("- Recommended next step: `qa-lead.md`", set()),
    ],
)
def test_a_command_line_that_runs_an_agent_names_it(team_of, body, expected):
    assert relations_of(team_of, body) == expected


def test_a_specialists_routing_line_is_a_boundary(team_of):
    body = "- Need schema changes? → backend-dev\n- Flaky suites → qa-lead"
    assert relations_of(team_of, body) == {
        ("devops", "boundary_with", "backend-dev"),
        ("devops", "boundary_with", "qa-lead"),
    }
    # a heading that says how this agent is run ("(dispatched by a lead)") does not make it a lead
    body = "### Worker mode (dispatched by a lead)\n\nReturns a report.\n\n## Notes\n\n- Need schema changes? → backend-dev"
    assert relations_of(team_of, body) == {("devops", "boundary_with", "backend-dev")}
    # near miss: in a lead's file the same line routes work to that agent
    found = lead_relations(
        team_of, "## Delegation\n\nPick by need.\n\n## Notes\n\n- Need schema changes? → backend-dev"
    )
    assert ("team-lead", "delegates_to", "backend-dev") in found


def test_a_leads_workflow_with_steps_led_by_agents(team_of):
    body = "## Workflow\n\n1. **backend-dev** implements the API\n2. `qa-lead`: tests it\n3. Ask whether security-auditor is free"
    found = lead_relations(team_of, body, "release-coordinator")
    assert found == {
        ("release-coordinator", "delegates_to", "backend-dev"),
        ("release-coordinator", "delegates_to", "qa-lead"),
    }
    # near miss: the same steps in a specialist's file are the team's process, not its delegation
    assert relations_of(team_of, "## Workflow\n\n1. **backend-dev** implements the API") == set()


def test_the_x_agent_is_the_one_agent_whose_id_starts_with_x(team_of):
    body = "Send schema work to a backend agent and audit work to the security agent."
    assert {t for t in lead_relations(team_of, body) if t[0] == "team-lead"} == {
        ("team-lead", "delegates_to", "backend-dev"),
        ("team-lead", "delegates_to", "security-auditor"),
    }
    # near miss: a word no id starts with is no agent, and an adjective stays one
    assert lead_relations(team_of, "Send schema work to a database agent. Spawn the autonomous agent.") == set()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Delegate the release checklist to the `release-checker` skill.", set()),
        ("Dispatched by the deploy-runner tool.", set()),
        # near misses: a missing agent without such a word, an agent of the team before one
        ("Delegate the release checklist to `release-checker`.", {("devops", "delegates_to", "release-checker")}),
        ("Delegate smoke tests to the qa-lead tools expert.", {("devops", "delegates_to", "qa-lead")}),
    ],
)
def test_a_skill_or_a_tool_named_like_an_agent_is_no_agent(team_of, body, expected):
    assert relations_of(team_of, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("When satisfied, they can ask the qa-lead agent to sign off.", set()),
        ("Once it builds, he hands the image to qa-lead.", set()),
        ("- qa-lead performs the smoke tests, reports to tech-lead", set()),
        ("qa-lead reviews the diff and hands it to tech-lead.", set()),
        # near misses: the file's own agent ("you") acting
        ("When satisfied, you can ask the qa-lead agent to sign off.", {("devops", "escalates_to", "qa-lead")}),
        ("Review the diff and hand it to tech-lead.", {("devops", "hands_off_to", "tech-lead")}),
    ],
)
def test_a_step_of_someone_else_is_not_this_agents(team_of, body, expected):
    team = team_of({**TEAM, "devops.md": agent("devops", body)})
    found = {t for t in triples(team) if t[1] != "mentions"}
    assert found == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Stop: qa-lead must rewrite the flaky tests first.", {("devops", "boundary_with", "qa-lead")}),
        ("tech-lead must approve the plan.", {("devops", "escalates_to", "tech-lead")}),
        # near misses: this agent's choice, a person's duty, a passive
        ("Decide if qa-lead should run on this change.", set()),
        ("The user must provide a ticket.", set()),
        ("backend-dev needs to know the release date.", set()),
    ],
)
def test_a_duty_put_on_another_agent_is_its_job(team_of, body, expected):
    assert relations_of(team_of, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("## Related agents\n\n- **tech-lead**: Escalate outages", {("devops", "escalates_to", "tech-lead")}),
        ("## Related agents\n\n- qa-lead — Hand off for smoke tests", {("devops", "hands_off_to", "qa-lead")}),
        ("## Related agents\n\n- `backend-dev`: Delegate schema work", {("devops", "delegates_to", "backend-dev")}),
        # near misses: a description that is no relation verb, a participle describing the work
        ("## Related agents\n\n- **tech-lead**: Architecture reviews", {("devops", "collaborates_with", "tech-lead")}),
        ("## Related agents\n\n- **tech-lead**: escalated outages", {("devops", "collaborates_with", "tech-lead")}),
    ],
)
def test_a_line_led_by_an_agent_takes_the_kind_of_its_own_verb(team_of, body, expected):
    assert relations_of(team_of, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("- **Finishing** — report your status back to tech-lead.", {("devops", "hands_off_to", "tech-lead")}),
        ("Only the tech-lead can declare the release done.", {("devops", "boundary_with", "tech-lead")}),
        # near misses: a report that is no hand-back, declaring without 'only'
        ("Report your status in the channel.", set()),
        ("The tech-lead can declare the release done.", set()),
    ],
)
def test_reporting_a_result_back_and_an_exclusive_declaration(team_of, body, expected):
    assert {t for t in relations_of(team_of, body) if t[1] != "mentions"} == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Load testing routes to qa-lead; schema work routes to backend-dev.",
            {("devops", "hands_off_to", "qa-lead"), ("devops", "hands_off_to", "backend-dev")},
        ),
        ("Scope questions route to tech-lead.", {("devops", "escalates_to", "tech-lead")}),
        ("Output contradicts the spec: route the report to tech-lead.", {("devops", "escalates_to", "tech-lead")}),
        # near misses: this agent routing work (a delegation), a condition that is no blocker
        ("You route load testing to qa-lead.", {("devops", "delegates_to", "qa-lead")}),
        ("Release ready: route the notes to qa-lead.", {("devops", "delegates_to", "qa-lead")}),
    ],
)
def test_work_or_a_question_that_routes_to_an_agent(team_of, body, expected):
    assert relations_of(team_of, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Review design intent (not style; style is `qa-lead` territory).", {("devops", "boundary_with", "qa-lead")}),
        ("- **You do not run migrations.** That's `backend-dev`.", {("devops", "boundary_with", "backend-dev")}),
        (
            "Not for schema design (backend-dev) and not for load testing (qa-lead).",
            {("devops", "boundary_with", "backend-dev"), ("devops", "boundary_with", "qa-lead")},
        ),
        # near misses: a word about people, a bracket that names no agent, a lane of a road
        ("Not everyone will be kind. That's human.", set()),
        ("Not for production use (see below).", set()),
        ("Keep qa-lead informed about the fast lane.", {("devops", "collaborates_with", "qa-lead")}),
    ],
)
def test_whose_territory_that_is(team_of, body, expected):
    assert relations_of(team_of, body) == expected


def test_a_label_naming_a_file_it_comes_from_names_no_sender(team_of):
    body = "From team.md, the current agents are:\n\n- **qa-lead** - runs the smoke tests"
    assert relations_of(team_of, body) == set()
    # near miss: a label naming whom work comes from
    body = "**From the previous step:**\n\n- **qa-lead** - the smoke-test report"
    assert relations_of(team_of, body) == {("qa-lead", "hands_off_to", "devops")}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "- Default mode: pause at each `[GATE]` checkpoint and wait for confirmation",
            {("devops", "escalates_to", "user")},
        ),
        ("Stop until approved.", {("devops", "escalates_to", "user")}),
        # near misses: a gate waived, a pause for something else
        ("Do not wait for approval on small fixes.", set()),
        ("Pause for a minute between retries.", set()),
    ],
)
def test_an_unnamed_gate_is_the_users_word(team_of, body, expected):
    assert relations_of(team_of, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Size the waves (see qa-lead § Rate limits).", set()),
        ("Keep the format (see qa-lead.md).", set()),
        # near miss: a pointer to the agent that owns the work
        ("Not for security reviews (see qa-lead).", {("devops", "boundary_with", "qa-lead")}),
    ],
)
def test_a_section_of_another_agents_file_cited_is_no_boundary(team_of, body, expected):
    assert relations_of(team_of, body) == expected


def test_a_leads_rule_naming_agents_that_produce_something_delegates_nothing(team_of):
    body = "## Delegation\n\n- Read the reports qa-lead and backend-dev produce before replanning."
    assert {t for t in lead_relations(team_of, body) if t[0] == "team-lead"} == set()
    # near miss: the same rule naming whom work goes to
    body = "## Delegation\n\n- Prefer specialists (backend-dev > qa-lead) for schema work."
    assert ("team-lead", "delegates_to", "backend-dev") in lead_relations(team_of, body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("**After:** lead", {("lead", "hands_off_to", "devops")}),
        ("Reports to lead: archival of the run logs.", {("devops", "hands_off_to", "lead")}),
        ("Deploy after qa-lead approves.", {("devops", "escalates_to", "qa-lead")}),
        # near misses: the word in a label's sentence, a noun phrase
        ("**Note:** lead time matters more than throughput.", set()),
        ("**After:** take the lead on the rollout.", set()),
    ],
)
def test_a_one_word_id_after_a_label_or_a_cue(team_of, body, expected):
    team = team_of({**ONE_WORD, "devops.md": agent("devops", body)})
    assert {t for t in triples(team) if "devops" in (t[0], t[2])} == expected


def test_running_the_one_word_agent_is_delegation(team_of):
    files = {**ONE_WORD, "reviewer.md": agent("reviewer")}
    body = "When the change is ready, run the reviewer on the diff.\n\nUse the Playwright runner for e2e checks."
    team = team_of({**files, "release-coordinator.md": agent("release-coordinator", body)})
    assert {t for t in triples(team) if t[0] == "release-coordinator"} == {
        ("release-coordinator", "delegates_to", "reviewer")
    }


def test_a_crews_crew_py_linked_out_of_the_repository_is_not_read(team_of, tmp_path):
    outside = tmp_path / "elsewhere.py"
    outside.write_text(CREW_PY, encoding="utf-8")
    (tmp_path / "agents" / "demo" / "config").mkdir(parents=True)
    (tmp_path / "agents" / "demo" / "crew.py").symlink_to(outside)
    files = {"demo/config/agents.yaml": CREW_AGENTS, "demo/config/tasks.yaml": CREW_TASKS}
    team = team_of(files, include=("**/*.yaml",))
    assert not [e for r in team.relations for e in r.evidence if e.file.endswith("crew.py")]
    # the same file inside the crew's folder is read
    (tmp_path / "agents" / "demo" / "crew.py").unlink()
    (tmp_path / "agents" / "demo" / "crew.py").write_text(CREW_PY, encoding="utf-8")
    team = team_of(files, include=("**/*.yaml",))
    assert ("editor", "delegates_to", "researcher") in triples(team)
