"""Findings that name names, copies found on plugin layouts, and pages that say what they show:
real ``mkdocs build`` runs on small teams written here, read back from the HTML."""

from __future__ import annotations

import json
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


REVIEW = "You review pull requests for correctness.\n\n- Read every diff\n- Ask for tests\n"

#: One reviewer shipped in three plugins: its own name in one, the name prefixed with the
#: plugin (as large plugin collections write it) in the others, one copy with a line of its own.
PLUGINS = {
    "review-kit/agents/code-reviewer.md": agent("code-reviewer", REVIEW, "Reviews code."),
    "ship-kit/agents/code-reviewer.md": agent(
        "ship-kit-code-reviewer", REVIEW + "- Check the changelog\n", "Reviews code."
    ),
    "docs-kit/agents/code-reviewer.md": agent("docs-kit-code-reviewer", REVIEW, "Reviews code."),
    "ship-kit/agents/release-manager.md": agent(
        "release-manager", "Hand off the release notes to ship-kit-code-reviewer for a last read."
    ),
}


@pytest.fixture(scope="module")
def plugins(tmp_path_factory):
    root = tmp_path_factory.mktemp("plugins")
    write_files(root / "plugins", PLUGINS)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG.replace("agents_dir: agents", "agents_dir: plugins"), encoding="utf-8")
    build = mkdocs_build(root)
    assert build.returncode == 0, build.log
    build.graph = json.loads((build.site / "handbook" / "graph.json").read_text(encoding="utf-8"))
    return build


def test_copies_in_plugins_are_found_by_name_or_file_whatever_their_ids(plugins):
    ids = sorted(a["id"] for a in plugins.graph["agents"])
    assert len(ids) == 4 and "ship-kit-code-reviewer" in ids
    copied = sorted(d["file"] for d in plugins.graph["diagnostics"] if d["code"] == "copied-agent")
    assert copied == ["plugins/review-kit/agents/code-reviewer.md", "plugins/ship-kit/agents/code-reviewer.md"]
    health = plugins.page("handbook/health/")
    text = visible_text(health)
    assert "1 name defined by more than one file" in text
    assert text.count("code-reviewer (3 files)") == 1
    assert "-name: docs-kit-code-reviewer" in text and "+name: ship-kit-code-reviewer" in text
    assert "+- Check the changelog" in text


def test_agents_that_look_alike_carry_what_tells_them_apart(plugins):
    wanted = {"code-reviewer · docs-kit", "code-reviewer · review-kit", "code-reviewer · ship-kit"}
    home = plugins.page("handbook/")
    shown = [" ".join(e.text.split()) for e in parse(home) if e.tag == "a" and "agents/" in e.attrs.get("href", "")]
    assert wanted <= set(shown)
    assert len(set(shown)) == len({e for e in shown})  # noqa: C416 - every label names one page
    hrefs = {" ".join(e.text.split()): e.attrs["href"] for e in parse(home) if e.tag == "a"}
    for label in wanted:
        page = plugins.page("handbook/" + hrefs[label])
        assert f"<title>{label} - " in page
    index = json.loads((plugins.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    titles = [d["title"] for d in index if re.fullmatch(r"handbook/agents/[^/#]+/", d["location"])]
    assert wanted <= set(titles) and len(titles) == len(set(titles)) == 4
    # The map and the neighbourhood of the agent that names one of them.
    assert all(label in plugins.page("handbook/map/") for label in wanted)
    manager = plugins.page("handbook/agents/release-manager/")
    assert ">code-reviewer · ship-kit</text>" in manager


def test_files_of_one_name_in_two_folders_are_two_agents_unless_their_texts_are_alike(tmp_path):
    # Names that repeat their folder, over texts with nothing in common: two agents, not
    # copies of one "developer". (In plugins/<plugin>/agents/, a plugin's name before the
    # file's is how collections name the agent every plugin ships: copies, whatever the text.)
    files = {
        "backend/developer.md": agent("backend-developer", "You build the API.\n- Keep it fast\n- Version it"),
        "frontend/developer.md": agent("frontend-developer", "Pages are yours.\n- Make them load\n- Test the forms"),
        "docs/reviewer.md": agent("docs-reviewer", REVIEW),
        "code/reviewer.md": agent("code-reviewer", REVIEW),
    }
    build = build_team(tmp_path, files)
    text = visible_text(build.page("handbook/health/"))
    assert "1 name defined by more than one file" in text and "reviewer (2 files)" in text
    assert "developer (" not in text


def test_the_same_name_in_two_folders_is_told_apart_by_folder(tmp_path):
    files = {
        "core/accessibility-tester.md": agent("accessibility-tester", "You test for keyboard use."),
        "quality/accessibility-tester.md": agent("accessibility-tester", "You test for screen readers."),
    }
    build = build_team(tmp_path, files)
    shown = {" ".join(e.text.split()) for e in parse(build.page("handbook/")) if e.tag == "a"}
    assert {"accessibility-tester · core", "accessibility-tester · quality"} <= shown


def test_many_agents_escalating_to_one_person_are_one_box_and_a_list(tmp_path):
    files = {f"worker-{k:02d}.md": agent(f"worker-{k:02d}", "Escalate to the user when blocked.") for k in range(42)}
    files["triage.md"] = agent(
        "triage", "Escalate to the user when a release is blocked.\nEscalate to worker-00 first."
    )
    build = build_team(tmp_path, files)
    page = build.page("handbook/escalation/")
    figure = page.split('<figure class="ah-graph"', 1)[1].split("</figure>", 1)[0]
    drawn = re.findall(r'data-node="([^"]+)"', figure)
    # worker-00 is escalated to, so it is drawn apart; the other 41 only escalate to the user.
    assert sorted(set(drawn)) == ["fan:user", "triage", "user", "worker-00"]
    assert ">41 agents</text>" in figure and "worker-01, worker-02" in figure  # the names in its tooltip
    listed = page.split('<details class="ah-fan">', 1)[1].split("</details>", 1)[0]
    assert "The 41 agents drawn as one box: each escalates to User and to no one else" in listed
    assert len(re.findall(r'<a href="../agents/worker-\d\d/"', listed)) == 41


def test_an_agent_card_says_which_relations_it_counts(built):
    page = built.page("handbook/agents/builder/")
    text = visible_text(page)
    assert "Relations 2 of its own (2 it states, 0 stated about it)" in " ".join(
        " ".join(e.text.split()) for e in parse(page) if e.tag in {"dt", "dd"}
    )
    tester = visible_text(built.page("handbook/agents/tester/"))
    assert "1 of its own (0 it states, 1 stated about it)" in tester
    assert "builder" in text and "3 nodes and 2 relations." in page  # the figure: its own two


def test_a_neighbourhood_figure_says_which_of_its_relations_are_the_agents_own():
    from agent_handbook.render.graphs import draw
    from agent_handbook.views import Link
    from agent_handbook.views.graphs import GraphEdge, GraphView

    nodes = [Link(n, n, None) for n in ("hub", "a", "b")]
    edges = [GraphEdge("hub", "a", "hands_off_to", ""), GraphEdge("a", "b", "hands_off_to", "")]
    view = GraphView(
        "f", "Relations of hub", nodes, edges, layout="around", focus="hub", rings={"hub": 0, "a": 1, "b": 2}
    )
    view.parents = {"b": "a"}
    html = draw(view, "handbook/agents/hub.md")
    assert "and 2 relations (1 of the agent&#x27;s own, 1 between the agents around it)" in html


def test_agents_in_the_nav_are_grouped_by_folder_and_a_folder_name_stays_text(tmp_path):
    files = {
        "<img src=x onerror=alert(1)>/one.md": agent("one", "Hi."),
        "<img src=x onerror=alert(1)>/four.md": agent("four", "Hi."),
        "ops/two.md": agent("two", "Hi."),
        "ops/three.md": agent("three", "Hi."),
    }
    build = build_team(tmp_path, files)
    home = build.page("")
    assert "<img src=x" not in home and "&lt;img src=x onerror=alert(1)&gt;" in home
    nav = [" ".join(e.text.split()) for e in parse(home) if "md-nav__link" in e.attrs.get("class", "")]
    tail = nav[nav.index("Agents") :]
    assert tail.index("ops") < tail.index("three") and "All agents" in tail
