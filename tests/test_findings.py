"""Findings that do not overclaim: each one finds the real case and leaves the false one."""

from __future__ import annotations

import pytest
from agent_handbook.render.pages import Handbook
from agent_handbook.views import Context, Options
from agent_handbook.views.boundaries import boundary_view
from agent_handbook.views.escalation import escalation_view
from agent_handbook.views.handoffs import handoff_view
from agent_handbook.views.tools import tools_view

from .conftest import agent, write_files


def _ctx(team) -> Context:
    return Context(team, Options())


# -- Contradictions: a duty, and the same work put out of scope ------------------------------


def test_a_duty_put_out_of_scope_is_a_contradiction(team_of):
    body = """
    ## Responsibilities

    - Write the database migrations for each release.

    ## Out of scope

    - Not responsible for database migrations.
    """
    view = boundary_view(_ctx(team_of({"keeper.md": agent("keeper", body)})))
    assert [(area, who.id) for area, who, _, _ in view.contradictions] == [("Data and databases", "keeper")]


def test_a_rule_of_conduct_is_no_contradiction(team_of):
    body = """
    ## Responsibilities

    - Turn requirements into backlog items with acceptance criteria.
    - Create agents from a written brief.

    ## Boundaries

    - Refuse any work outside the scope of requirements analysis.
    - Don't create agents without understanding the requirements.
    - Never deploy on a Friday.
    """
    view = boundary_view(_ctx(team_of({"scribe.md": agent("scribe", body)})))
    assert view.contradictions == []


# -- Shared areas: only where a file states a duty --------------------------------------------


def test_two_agents_that_state_the_same_duty_share_its_area(team_of):
    duty = "## Responsibilities\n\n- Deploy releases to production.\n"
    view = boundary_view(_ctx(team_of({"one.md": agent("one", duty), "two.md": agent("two", duty)})))
    [row] = [r for r in view.areas if r.area == "Deployments"]
    assert row.claimers == ["one", "two"] and row.state("one") == "shares"


def test_an_area_only_mentioned_is_not_claimed(team_of):
    body = """
    ## Expertise

    - Monitoring: Grafana, Prometheus, Loki
    - Research cloud costs and compare vendors
    - Write tests for the API, following security guidance
    - Design Docker images with small layers
    """
    view = boundary_view(_ctx(team_of({"helper.md": agent("helper", body, description="Helps the team.")})))
    claimed = sorted(row.area for row in view.areas if "helper" in row.claims)
    # Tools named in a list are known, research studies an area, "for the API" and
    # "following security guidance" are the context of the duty: only what it does counts.
    assert claimed == ["Containers and orchestration", "Testing and QA"]


def test_a_responsibility_named_without_a_verb_is_still_a_duty(team_of):
    body = "## Core responsibilities\n\n- Security vulnerabilities and their fixes\n- Frontend: React, Vue, Svelte\n"
    view = boundary_view(_ctx(team_of({"guard.md": agent("guard", body)})))
    # A label over a list of names is what the agent knows, even there.
    assert [row.area for row in view.areas if "guard" in row.claims] == ["Security"]


# -- Review roles: what the agent's own description says --------------------------------------


def test_a_reviewer_by_its_own_description_with_write_tools_is_flagged(team_of):
    team = team_of(
        {
            "checker.md": agent(
                "checker", description="Reviews pull requests for correctness.", extra="tools: Read, Edit\n"
            )
        }
    )
    assert [r.agent.id for r in tools_view(_ctx(team)).reviewers_with_power] == ["checker"]


def test_agents_that_analyse_or_are_used_beside_audits_are_no_review_role(team_of):
    team = team_of(
        {
            "tuner.md": agent(
                "tuner", description="Performance analysis and optimization specialist.", extra="tools: Read, Edit\n"
            ),
            "mapper.md": agent(
                "mapper",
                description="Maps legacy code into a report. Use before audits or risk reviews.",
                extra="tools: Read, Bash\n",
            ),
            "scout.md": agent("scout", description="Researches libraries and evaluates them.", extra="tools: Write\n"),
        }
    )
    assert tools_view(_ctx(team)).reviewers_with_power == []


# -- Reaching a person: people and roles, not names shaped like the team's agents -------------


@pytest.fixture
def architects(team_of):
    return team_of(
        {
            "api-architect.md": agent("api-architect", "Escalate to the systems architect when a contract changes."),
            "data-architect.md": agent("data-architect", "Escalate to the design lead when a model is unclear."),
            "web-architect.md": agent("web-architect", "Escalate to the security team for anything about sessions."),
        }
    )


def test_a_role_of_people_is_reached(architects):
    view = escalation_view(_ctx(architects))
    assert {link.id for link, _ in view.people} == {"design-lead", "security-team"}
    assert {row.agent.id for row in view.ladders if row.route} == {"data-architect", "web-architect"}


def test_a_name_shaped_like_the_teams_agents_is_not_a_person(architects):
    assert architects.external["systems-architect"].role == "human"  # as read
    view = escalation_view(_ctx(architects))
    assert [link.id for link in view.no_route] == ["api-architect"]
    assert view.reaching == 2


# -- CrewAI and Codex pages state their own defaults -----------------------------------------

CREW = {
    "config/agents.yaml": """
        scout:
          role: Scout
          goal: Find the sources for the brief.
          backstory: You search well.
          tools:
            - web_search
        drafter:
          role: Drafter
          goal: Draft the brief from the sources.
          backstory: You write plainly.
    """,
    "config/tasks.yaml": """
        find_task:
          description: Find sources.
          expected_output: A list of sources.
          agent: scout
        draft_task:
          description: Draft the brief.
          expected_output: A one-page brief.
          agent: drafter
          context:
            - find_task
    """,
    ".codex/agents/gatekeeper.toml": """
        name = "gatekeeper"
        description = "Checks a change before it merges."
        sandbox_mode = "read-only"
        developer_instructions = "Read the change and say what is wrong."
    """,
    ".codex/agents/fixer.toml": """
        name = "fixer"
        description = "Fixes what the gatekeeper finds."
        developer_instructions = "Fix the problems you are given."
    """,
    ".claude/agents/planner.md": agent("planner", "Hand off the plan to @fixer."),
}


@pytest.fixture
def mixed(tmp_path):
    from agent_handbook.formats import default_paths
    from agent_handbook.team import load_team

    write_files(tmp_path, CREW)
    return load_team(default_paths(tmp_path), root=tmp_path)


def _card(team, agent_id: str) -> str:
    page = Handbook(team).pages()[f"handbook/agents/{agent_id}.md"]
    return page.split('<dl class="ah-card"', 1)[1].split("</dl>", 1)[0]


def test_a_crewai_agent_without_tools_has_none(mixed):
    assert mixed.agents["drafter"].tools == () and mixed.agents["scout"].tools == ("web_search",)
    card = _card(mixed, "drafter")
    assert "<dt>Tools</dt><dd>none (a CrewAI agent without tools has none" in card
    assert "CrewAI&#x27;s default LLM" in card or "CrewAI's default LLM" in card
    assert "all tools" not in card
    assert "<dt>Tools</dt><dd>web_search</dd>" in _card(mixed, "scout")
    assert {r.agent.id for r in tools_view(_ctx(mixed)).inherit_all} == {"fixer", "planner"}


def test_a_codex_agent_is_bounded_by_its_sandbox_mode(mixed):
    assert "Codex&#x27;s tools, within the read-only sandbox" in _card(mixed, "gatekeeper") or (
        "Codex's tools, within the read-only sandbox" in _card(mixed, "gatekeeper")
    )
    assert "session&#x27;s sandbox mode" in _card(mixed, "fixer") or "session's sandbox mode" in _card(mixed, "fixer")
    # A Claude Code agent without a list still has every tool.
    assert "all tools (the file sets no list)" in _card(mixed, "planner")


def test_a_handoff_declared_by_the_receiving_task_is_acknowledged(mixed):
    view = handoff_view(_ctx(mixed))
    crew = [h for h in view.handoffs if (h.source.id, h.target.id) == ("scout", "drafter")]
    assert [h.acknowledged for h in crew] == [True]
    # The planner's hand-off is stated by the planner alone: the fixer's file never names it.
    assert [(h.source.id, h.target.id) for h in view.unacknowledged] == [("planner", "fixer")]
