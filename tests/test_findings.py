"""Findings that name names, copies found on plugin layouts, and pages that say what they show:
real ``mkdocs build`` runs on small teams written here, read back from the HTML."""

from __future__ import annotations

import re

import pytest

from .conftest import write_files
from .sitebuild import mkdocs_build, parse, visible_text

CONFIG = """site_name: Findings
theme:
  name: material
  font: false
plugins:
  - search
  - agent-handbook:
      agents_dir: agents
"""


def agent(name: str, body: str, description: str = "") -> str:
    return f"---\nname: {name}\ndescription: {description or name + ' does its job.'}\n---\n\n{body}\n"


#: One of each finding: a name no file defines, an escalation cycle (so two agents with no
#: route to a person), and a hand-off the receiver never mentions.
TEAM = {
    "builder.md": agent(
        "builder", "You build releases.\nHand off the build to tester when it is green.\nWork with @ghost-agent."
    ),
    "tester.md": agent("tester", "You test releases."),
    "night-shift.md": agent("night-shift", "Escalate to day-shift when an alert fires."),
    "day-shift.md": agent("day-shift", "Escalate to night-shift when an alert fires."),
    "planner.md": agent("planner", "You plan the work."),
}


def build_team(root, files: dict[str, str]):
    write_files(root / "agents", files)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    build = mkdocs_build(root)
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_team(tmp_path_factory.mktemp("findings"), TEAM)


def _findings(page: str) -> list[list[str]]:
    """Each finding's list on a page (``ul.ah-finding``): the HTML of its items."""
    return [
        re.findall(r"<li>(.*?)</li>", part.split("</ul>", 1)[0]) for part in page.split('<ul class="ah-finding">')[1:]
    ]


def test_health_findings_name_their_agents_with_links_and_evidence(built):
    page = built.page("handbook/health/")
    text = visible_text(page)
    headings = [" ".join(e.text.replace("¶", "").split()) for e in parse(page) if e.tag == "h3"]
    summaries = [h for h in headings if re.match(r"\d+ ", h)]
    assert summaries == [
        "1 name used like an agent but defined by no file",
        "1 escalation cycle",
        "2 agents escalate but never reach a person",
        "1 hand-off the receiving agent never mentions",
    ]
    lists = _findings(page)
    # Each finding lists as many items as its heading counts.
    assert [len(items) for items in lists] == [int(s.split()[0]) for s in summaries]
    section = page.split('id="findings-about-the-relations"', 1)[1].split('id="diagnostics"', 1)[0]
    assert 'href="../agents/builder/"' in section and 'href="../agents/tester/"' in section
    assert 'href="../agents/day-shift/"' in section and 'href="../agents/night-shift/"' in section
    assert "ghost-agent (not in the team): named by builder (agents/builder.md:8 “Work with @ghost-agent.”)" in text
    assert "builder → tester (agents/builder.md:7 “Hand off the build to tester when it is green.”)" in text
    assert "day-shift: escalates to night-shift (agents/day-shift.md:6" in text
    assert "planner" not in section  # an agent with no finding is not named


def test_home_counts_equal_the_findings_health_lists(built):
    home = built.page("handbook/")
    text = visible_text(home)
    health = built.page("handbook/health/")
    count = int(re.search(r"(\d+) findings? about the relations", text).group(1))
    assert count == 4 == len(_findings(health))
    assert f"{count} findings about the relations" in visible_text(health)
    # The home page lists the same findings, each with the same agents.
    assert [len(items) for items in _findings(home)] == [len(items) for items in _findings(health)]
    block = home.split('class="ah-findings"', 1)[1].split("</ul>\n</li>\n</ul>", 1)[0]
    assert block.count("<li>") >= count and 'href="agents/builder/"' in block


def test_a_long_finding_folds_under_its_count(tmp_path):
    files = {f"a{k:02d}.md": agent(f"a{k:02d}", f"Escalate to a{(k + 1) % 12:02d} when stuck.") for k in range(12)}
    build = build_team(tmp_path, files)
    home = build.page("handbook/")
    assert "<details><summary>12 agents escalate but never reach a person</summary>" in home
    health = build.page("handbook/health/")
    assert "<details><summary>the 12 of them</summary>" in health
    assert len(_findings(health)[-1]) == 12
