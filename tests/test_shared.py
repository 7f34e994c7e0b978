"""Checks against ../shared (the seeds with their gold, and the real teams), when present."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from agent_handbook.export import to_json
from agent_handbook.team import load_team

from .conftest import SHARED

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not beside the repository")

CORPUS = SHARED / "corpus"
TEAMS = {
    "damilola": CORPUS / "damilola-elegbede__claude-config" / ".claude" / "agents",
    "underdogg": CORPUS / "underdogg4224__claude-code-agents-orchestra" / "agents",
    "cold-dark-void": CORPUS / "cold-dark-void__claude-dev-team" / "agents",
    "taylorhuston": CORPUS / "TaylorHuston__ai-toolkit" / "plugins" / "ai-toolkit" / "agents",
}


def _score(seed: Path, tmp_path: Path) -> float:
    export = tmp_path / f"{seed.stem}.json"
    subprocess.run([sys.executable, "-m", "agent_handbook", "export", str(seed), "-o", str(export)], check=True)
    result = subprocess.run(
        [
            sys.executable,
            str(SHARED / "tools" / "score_relations.py"),
            str(export),
            str(SHARED / "gold" / "seeds.yaml"),
            "--file",
            seed.name,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    last = result.stdout.strip().splitlines()[-1]
    return float(last.split()[0].split("=")[1])


def test_seed_extraction_quality(tmp_path):
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    scores = [_score(seed, tmp_path) for seed in seeds]
    assert min(scores) >= 0.6, scores
    assert sum(scores) / len(scores) >= 0.85, scores


@pytest.mark.parametrize("name", sorted(TEAMS))
def test_corpus_team_reads_whole_and_fast(name):
    folder = TEAMS[name]
    start = time.perf_counter()
    team = load_team([folder], root=CORPUS)
    elapsed = time.perf_counter() - start
    assert elapsed < 5, f"{name} took {elapsed:.1f} s"
    discovered = {p.relative_to(CORPUS).as_posix() for p in folder.rglob("*.md")}
    accounted = {a.source for a in team.agents.values()} | {d.file for d in team.diagnostics}
    assert discovered <= accounted
    assert to_json(team) == to_json(load_team([folder], root=CORPUS))


def test_damilola_invalid_yaml_still_gives_agents():
    team = load_team([TEAMS["damilola"]], root=CORPUS)
    broken = {d.file for d in team.diagnostics if d.code == "invalid-yaml"}
    assert len(broken) == 16
    for file in broken:
        [agent] = [a for a in team.agents.values() if a.source == file]
        assert agent.name and len(agent.description) > 40
    # The botched find-and-replace ("5k-1qa-testerqa-testerk users") names nobody.
    for relation in team.relations:
        if "qa-tester" in (relation.source, relation.target):
            assert not any("qa-testerqa" in e.text for e in relation.evidence)


def test_underdogg_ladders_have_levels_ending_at_the_user():
    team = load_team([TEAMS["underdogg"]], root=CORPUS)
    levels = {}
    for relation in team.relations:
        if relation.source == "devops-engineer" and relation.kind == "escalates_to":
            levels[relation.target] = relation.level
    assert levels["devops-coordinator"] == 2 and levels["backend-coordinator"] == 2
    assert levels["tech-lead-orchestrator"] == 3 and levels["cloud-architect"] == 3
    assert levels["user"] == 4
    dangling = {d.message.split("`")[1] for d in team.diagnostics if d.code == "dangling-reference"}
    assert "performance-architect" in dangling
    data = json.loads(to_json(team))
    assert any(r["target"] == "user" and r["level"] == 4 for r in data["relations"])


def _pages(name: str) -> dict[str, str]:
    from agent_handbook.render.pages import Handbook

    return Handbook(load_team([TEAMS[name]], root=CORPUS)).pages()


def test_views_on_real_teams():
    damilola = _pages("damilola")
    boundaries = damilola["handbook/boundaries.md"]
    assert (
        '<td><a href="../agents/devops/">devops</a></td><td><a href="../agents/platform-engineer/">platform-engineer</a></td>'
        in boundaries
    )
    assert "Distinct from platform-engineer which handles production reliability and monitoring." in boundaries

    underdogg = _pages("underdogg")
    row = next(
        line
        for line in underdogg["handbook/escalation.md"].splitlines()
        if line.startswith('<tr><td><a href="../agents/devops-engineer/">')
    )
    assert (
        '<strong>2</strong> <a href="../agents/backend-coordinator/">' in row
        and '<strong>3</strong> <a href="../agents/cloud-architect/">' in row
        and "<strong>4</strong> " in row
        and "User" in row
    )

    cold = _pages("cold-dark-void")["handbook/agents/tech-lead.md"]
    section = cold.split("## What it does not do")[1].split("##")[0]
    assert 'Own product/business decisions (that&#x27;s PM&#x27;s job) → <a href="../pm/">pm</a>' in section
    assert (
        'Handle deploys or infrastructure (that&#x27;s DevOps&#x27;s job) → <a href="../devops/">devops</a>' in section
    )
