"""Pages that hold up on a large team: real builds of generated teams of 12, 60 and 250 agents.

Every handbook page stays under a size budget, the summaries count what the graph holds, and no
finding names more agents than its documented limit.
"""

from __future__ import annotations

import json
import re

import pytest
from agent_handbook.views.boundaries import OVERLAP_LIMIT

from .conftest import write_files
from .sitebuild import mkdocs_build, parse, visible_text
from .teams import big_team

#: The largest a handbook page may be at 250 agents (bytes of HTML, theme included).
PAGE_BUDGET = 300_000

CONFIG = """site_name: Big team
theme:
  name: material
  font: false
plugins:
  - search
  - agent-handbook:
      agents_dir: agents
"""


@pytest.fixture(scope="module", params=[12, 60, 250])
def built(request, tmp_path_factory):
    project = tmp_path_factory.mktemp(f"team{request.param}")
    write_files(project / "agents", big_team(request.param))
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    build = mkdocs_build(project)
    assert build.returncode == 0, build.log
    build.graph = json.loads((build.site / "handbook" / "graph.json").read_text(encoding="utf-8"))
    return build


def test_no_handbook_page_is_over_budget(built):
    sizes = {p.relative_to(built.site).as_posix(): p.stat().st_size for p in (built.site / "handbook").rglob("*.html")}
    assert sizes
    over = {page: size for page, size in sizes.items() if size > PAGE_BUDGET}
    assert not over, over


def test_the_home_page_counts_what_the_graph_holds(built):
    text = visible_text(built.page("handbook/"))
    graph = built.graph
    assert f"{len(graph['agents'])} agents read from" in text
    assert f"with {len(graph['relations'])} relations between them" in text
    problems = sum(d["severity"] in {"warning", "error"} for d in graph["diagnostics"])
    assert f"has {problems} problem" in text
    health = visible_text(built.page("handbook/health/"))
    assert f"{problems} problem" in health


def test_the_escalation_summary_counts_what_the_graph_holds(built):
    graph = built.graph
    agents = {a["id"] for a in graph["agents"]}
    escalating = {r["source"] for r in graph["relations"] if r["kind"] == "escalates_to" and r["source"] in agents}
    text = visible_text(built.page("handbook/escalation/"))
    assert f"{len(escalating)} of {len(agents)} agents name an escalation" in text
    reached = re.search(r"; (\d+) of them reach a person", text)
    assert reached and int(reached.group(1)) <= len(escalating)
    assert "every agent that escalates reaches a person" not in text


def test_no_overlap_names_more_agents_than_the_limit(built):
    text = visible_text(built.page("handbook/boundaries/"))
    for count in re.findall(r"Overlap in .*?: claimed by (\d+) agents", text):
        assert 2 <= int(count) <= OVERLAP_LIMIT
    if len(built.graph["agents"]) >= 60:
        assert "Common subjects" in text


def test_copies_of_an_agent_are_found_and_compared(built):
    # Plugins' agents that share a name keep the plugin in it: "p01:code-reviewer".
    files = sorted(a["source"] for a in built.graph["agents"] if a["name"].split(":")[-1] == "code-reviewer")
    reported = {d["file"] for d in built.graph["diagnostics"] if d["code"] in {"copied-agent", "duplicate-name"}}
    assert len(files) >= 2 and set(files[1:]) <= reported
    health = visible_text(built.page("handbook/health/"))
    assert "Copies of one agent" in health and f"code-reviewer ({len(files)} files)" in health
    assert "+- Check the plugin" in health  # the lines that differ, as a diff


def test_long_lists_are_collapsed_with_a_count(built):
    graph = built.graph
    agents = {a["id"] for a in graph["agents"]}
    escalating = {r["source"] for r in graph["relations"] if r["kind"] == "escalates_to" and r["source"] in agents}
    page = built.page("handbook/escalation/")
    silent = re.search(r"<summary>(\d+) agents? name no escalation", page)
    assert silent and int(silent.group(1)) == len(agents - escalating)


def test_the_matrix_gives_way_to_a_list_at_scale(built):
    page = built.page("handbook/boundaries/")
    if len(built.graph["agents"]) > 16:
        assert 'id="ah-by-agent"' in page and "ah-filter" in page
        assert '<h2 id="matrix"' not in page
    else:
        assert "ah-scroll" in page


def test_the_prompt_is_rendered_and_its_text_one_click_away(built):
    agent = built.graph["agents"][0]
    page = built.page(f"handbook/agents/{agent['id']}/")
    assert "<h4" in page  # "## Responsibilities" two levels down
    [href] = [e.attrs["href"] for e in parse(page) if e.tag == "a" and e.attrs.get("href", "").endswith(".txt")]
    raw = (built.site / "handbook" / "agents" / agent["id"] / href).resolve()
    assert raw == (built.site / "handbook" / "prompts" / f"{agent['id']}.txt").resolve() and raw.exists()


def test_no_page_prints_its_front_matter_and_excluded_pages_stay_out_of_search(built):
    pages = sorted((built.site / "handbook").rglob("*.html"))
    for path in pages:
        text = visible_text(path.read_text(encoding="utf-8"))
        assert "exclude: true" not in text and "hide:" not in text, path
    index = json.loads((built.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    located = {d["location"].split("#", 1)[0] for d in index}
    assert "handbook/tools/" not in located
    if len(built.graph["agents"]) > 150:  # the map has a page per group
        assert (built.site / "handbook" / "map").is_dir()
        assert not {loc for loc in located if loc.startswith("handbook/map/") and loc != "handbook/map/"}


def test_findings_on_the_view_pages_name_their_agents_or_lead_to_them(built):
    boundaries = built.page("handbook/boundaries/")
    common = re.findall(r'<a href="#(ah-area-[^"]+)">(\d+) agents</a>', boundaries)
    for anchor, _count in common:
        assert f'id="{anchor}"' in boundaries  # each common subject leads to the agents that speak of it
    if len(built.graph["agents"]) >= 60:
        assert common
    tools = built.page("handbook/tools/")
    everything = sum(1 for a in built.graph["agents"] if a["tools"] is None)
    if everything > 12:
        summary = re.search(r"<summary>(\d+) agents have no tool list, so every tool</summary><p>(.*?)</p>", tools)
        assert summary and int(summary.group(1)) == everything == summary.group(2).count("<a href=")


def test_the_map_overview_counts_what_a_closed_group_shows(built):
    if len(built.graph["agents"]) <= 150:
        return  # one map with every agent, no group table
    related = {n for r in built.graph["relations"] if r["source"] != r["target"] for n in (r["source"], r["target"])}
    page = built.page("handbook/map/")
    found = re.findall(r'<td><a href="[^"]+">([^<]*)</a></td>\s*<td>(\d+)</td>\s*<td>(\d+)</td>', page)
    rows = [(members, connected) for title, members, connected in found if title != "People and names outside the team"]
    assert rows and len(rows) < len(found)
    # Every agent is in one group: the columns add up to the team and to its agents with a relation.
    agents = {a["id"] for a in built.graph["agents"]}
    assert sum(int(members) for members, _ in rows) == len(agents)
    assert sum(int(connected) for _, connected in rows) == len(agents & related)
