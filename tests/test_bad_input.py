"""Bad input: a broken file beside good agents never stops the build, and is always named.

``fixtures/bad`` is a project with two good agents (``agents/planner.md``,
``agents/reviewer.md``) and, in each folder ``agents/<case>/``, one kind of broken or unusual
agent file. The tests prove, for every case:

- ``mkdocs build`` succeeds, every good agent keeps its page and every agent read has one;
- the health page names the bad file, with its line and a diagnostic code;
- ``mkdocs build --strict`` fails, and its log names that file:line and code;
- ``agent-handbook check`` on the good agents plus *that case alone* exits 0, ``--strict``
  exits 1, and prints ``file:line: severity code: message`` for the bad file;
- ``python -m agent_handbook check`` on the whole folder does the same for every case.

Real ``mkdocs build`` runs cost about two seconds each, so the site is built once with every
case in it (plus once with the good agents alone, the control); each case is checked alone
through the CLI in-process. Names of generated pages (``index``, ``health``, ``map``,
``graph.json``) and accented or non-Latin names are legitimate: they must get pages of their
own and pass ``--strict`` (renaming ``index``'s page is documented as information).

Two more groups: *limits* (a 10 MB file, an alias bomb, 5,000-deep nesting, 10,000 headings,
a 5 MB line), made at test time and run with deadlines; and *fields of the wrong type*, in a
build of its own (a crash there would take the combined build, and every case, down).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from agent_handbook.cli import main
from agent_handbook.team import load_team

from .sitebuild import FIXTURES, Build, copy_fixture, mkdocs_build, visible_text
from .siteinspect import agent_pages, graph, h1, health_rows

GOOD = {"agents/planner.md": "planner", "agents/reviewer.md": "reviewer"}
CASES = sorted(p.name for p in (FIXTURES / "bad" / "agents").iterdir() if p.is_dir())
LINE_FORMAT = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<severity>error|warning|info) (?P<code>[a-z-]+): \S")


@dataclass(frozen=True)
class Expect:
    """A diagnostic that must name the bad file: one of ``codes`` for one of ``files`` at ``line``."""

    codes: tuple[str, ...]
    files: tuple[str, ...]
    line: int

    @classmethod
    def of(cls, case: str, code: str | tuple[str, ...], files: str | tuple[str, ...], line: int) -> Expect:
        codes = (code,) if isinstance(code, str) else code
        names = (files,) if isinstance(files, str) else files
        return cls(codes, tuple(f"agents/{case}/{name}" for name in names), line)

    def found_in(self, triples: set[tuple[str, int, str]]) -> bool:
        return any((f, self.line, c) in triples for f in self.files for c in self.codes)


#: case -> the diagnostic that must name its file (lines counted by hand in the fixture).
REPORTED: dict[str, Expect] = {
    e.files[0].split("/")[1]: e
    for e in (
        Expect.of("invalid-yaml", "invalid-yaml", "broken-yaml.md", 3),  # `description: Use when: …`
        Expect.of("tabs", "invalid-yaml", "tabbed.md", 5),  # the tab before `- Read`
        Expect.of("unclosed", "unclosed-front-matter", "unclosed.md", 1),
        Expect.of("no-front-matter", "not-an-agent", "notes.md", 1),
        Expect.of("empty", "empty-file", "empty.md", 1),
        Expect.of("binary", "binary-file", "image.md", 1),
        Expect.of("latin1", "decode-fallback", "cafe.md", 2),  # the first 0xE9 byte
        Expect.of("bom-crlf", "dangling-reference", "windows.md", 6),  # CRLF must not shift lines
        Expect.of("duplicate", "duplicate-name", ("twin-one.md", "twin-two.md"), 2),
        Expect.of("slug-collision", "duplicate-name", ("lead-a.md", "lead-b.md"), 2),  # Tech Lead / tech_lead
        Expect.of("self-reference", "self-reference", "loner.md", 4),  # escalation_to: [loner]
        Expect.of("cycle", "escalation-cycle", ("ping.md", "pong.md"), 4),
        Expect.of("slash", "unsafe-name", "slash.md", 2),  # ops/deploy
        Expect.of("dotdot", "unsafe-name", "dotdot.md", 2),  # ../../evil
        Expect.of("absolute", "unsafe-name", "absolute.md", 2),  # /etc/passwd
        Expect.of("long-name", "unsafe-name", "long.md", 2),  # 318 characters
        Expect.of("lookalike", "confusable-name", "lookalike.md", 2),  # Cyrillic а in "plаnner"
        # Fullwidth letters fold (NFKD) to the id `planner`: the impostor is the file to report.
        Expect.of("fullwidth", ("confusable-name", "duplicate-name"), "fullwidth.md", 2),
    )
}

#: Cases that are unusual but legitimate: read cleanly, never a warning.
ACCEPTED = ("unicode", "reserved")


def test_every_case_folder_is_covered():
    """A new folder under fixtures/bad/agents must be given an expectation here."""
    assert sorted([*REPORTED, *ACCEPTED]) == CASES


@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    """The project with every case: a strict build, then a non-strict one (left in site/)."""
    project = copy_fixture("bad", tmp_path_factory.mktemp("whole"))
    strict = mkdocs_build(project, "--strict")
    build = mkdocs_build(project)
    return strict, build


@pytest.fixture
def alone(tmp_path, monkeypatch, capsys):
    """``alone(case)`` -> (exit codes of check and check --strict, the printed lines, the team)
    for the good agents plus that one case folder (``None`` for the good agents only)."""

    def run(case: str | None):
        project = copy_fixture("bad", tmp_path)
        for other in CASES:
            if other != case:
                shutil.rmtree(project / "agents" / other)
        monkeypatch.chdir(project)
        capsys.readouterr()
        relaxed = main(["check", "agents"])
        printed = capsys.readouterr().out
        strict = main(["check", "agents", "--strict"])
        printed_strict = capsys.readouterr().out
        assert printed == printed_strict
        return (relaxed, strict), printed.splitlines(), load_team(["agents"], root=project)

    return run


def triples(lines: list[str]) -> set[tuple[str, int, str]]:
    matches = [LINE_FORMAT.match(line) for line in lines]
    assert all(matches), f"not `file:line: severity code: message`: {lines}"
    return {(m["file"], int(m["line"]), m["code"]) for m in matches if m}


# -- the control -----------------------------------------------------------------------------


def test_the_good_agents_alone_pass_strict(tmp_path, alone):
    """Without the case folders the project is clean, so each failure below is a bad file's doing."""
    codes, lines, team = alone(None)
    assert codes == (0, 0) and lines == []
    assert sorted(a.source for a in team.agents.values()) == sorted(GOOD)
    project = copy_fixture("bad", tmp_path / "control")
    for case in CASES:
        shutil.rmtree(project / "agents" / case)
    strict = mkdocs_build(project, "--strict")
    assert strict.returncode == 0, strict.log


# -- the site with every case ----------------------------------------------------------------


def test_non_strict_build_succeeds_and_every_agent_has_one_page(whole):
    """Broken files do not stop the build: the good agents and every agent read get one page each."""
    _, build = whole
    assert build.returncode == 0, build.log
    pages = agent_pages(build)
    for source, name in GOOD.items():
        owning = [page for page, shown in pages.items() if shown == source]
        assert len(owning) == 1, f"{source} is shown by {owning}"
        assert h1(build.page(owning[0] + "/")) == name
    sources = [a["source"] for a in graph(build)["agents"]]
    assert sorted(pages.values()) == sorted(sources), "an agent without a page, or two pages for one agent"


@pytest.mark.parametrize("case", REPORTED)
def test_health_page_names_the_bad_file_with_line_and_code(whole, case):
    """The health page has a row for the bad file, under its code's heading, at the right line."""
    expect = REPORTED[case]
    rows = health_rows(whole[1])
    shown = {(r.file, r.line, r.code) for r in rows}
    ours = [r for r in rows if r.file in expect.files]
    assert expect.found_in(shown), f"expected {expect}; rows for these files: {ours}"
    assert all(r.severity in {"warning", "error"} for r in ours if r.code in expect.codes)


@pytest.mark.parametrize("case", REPORTED)
def test_strict_build_fails_and_its_log_names_the_bad_file(whole, case):
    """``mkdocs build --strict`` fails, and the warning that fails it says file:line and code."""
    strict, _ = whole
    assert strict.returncode == 1, strict.log
    expect = REPORTED[case]
    logged = {
        (m[1], int(m[2]), m[3])
        for m in re.finditer(r"WARNING\s+-\s+agent_handbook: (\S+?):(\d+): ([a-z-]+):", strict.log)
    }
    assert expect.found_in(logged), f"no warning for {expect} in:\n{strict.log}"


def test_python_m_check_names_every_bad_file_and_exits_as_documented(whole):
    """``python -m agent_handbook check agents``: exit 0, ``--strict`` exit 1, a line per problem."""
    project = whole[1].project
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    runs = [
        subprocess.run(
            [sys.executable, "-m", "agent_handbook", "check", "agents", *extra],
            cwd=project,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        for extra in ((), ("--strict",))
    ]
    assert [r.returncode for r in runs] == [0, 1], [r.stderr for r in runs]
    for run in runs:
        assert "Traceback" not in run.stderr
        found = triples(run.stdout.splitlines())
        missing = [case for case, expect in REPORTED.items() if not expect.found_in(found)]
        assert not missing, f"cases not reported: {missing}\n{run.stdout}"


# -- each case alone -------------------------------------------------------------------------


@pytest.mark.parametrize("case", REPORTED)
def test_check_on_the_case_alone_reports_it_and_exits_as_documented(alone, case):
    """With only this bad file beside the good agents: exit 0, ``--strict`` exit 1, the file named."""
    codes, lines, team = alone(case)
    assert codes == (0, 1)
    assert REPORTED[case].found_in(triples(lines)), lines
    assert {a.source for a in team.agents.values()} >= set(GOOD)


@pytest.mark.parametrize("case", ACCEPTED)
def test_unusual_but_valid_names_pass_strict(alone, case):
    """Accented, non-Latin and page-like names are not problems: nothing above info level."""
    codes, lines, _ = alone(case)
    assert codes == (0, 0), lines
    assert all(" info " in line for line in lines), lines


# -- what each case looks like in the site ---------------------------------------------------


def agent_from(build, source: str) -> dict:
    [agent] = [a for a in graph(build)["agents"] if a["source"] == source]
    return agent


def page_of(build, source: str) -> str:
    [page] = [page for page, shown in agent_pages(build).items() if shown == source]
    return build.page(page + "/")


def test_latin1_text_is_decoded_not_mangled(whole):
    """A Windows-1252 file is still an agent, with its accents intact."""
    build = whole[1]
    agent = agent_from(build, "agents/latin1/cafe.md")
    assert agent["name"] == "café-helper"
    assert "Helps the café team plan menus." in visible_text(page_of(build, "agents/latin1/cafe.md"))


def test_bom_and_crlf_leave_no_trace_in_names_or_text(whole):
    """The BOM does not hide the front matter and no carriage return reaches a value or a page."""
    build = whole[1]
    agent = agent_from(build, "agents/bom-crlf/windows.md")
    assert (agent["id"], agent["name"], agent["description"]) == ("windows", "windows", "Written on Windows.")
    page = page_of(build, "agents/bom-crlf/windows.md")
    assert "\r" not in page and "\ufeff" not in page


@pytest.mark.parametrize("case", ["duplicate", "slug-collision"])
def test_both_agents_of_a_name_clash_keep_their_own_page(whole, case):
    """Two files claiming one id both stay in the handbook, under two ids and two pages."""
    build = whole[1]
    files = REPORTED[case].files
    ids = [agent_from(build, f)["id"] for f in files]
    assert len(set(ids)) == 2
    pages = agent_pages(build)
    assert sorted(pages[f"handbook/agents/{i}"] for i in ids) == sorted(files)


def test_a_cycle_says_which_agents_go_round(whole):
    rows = [r for r in health_rows(whole[1]) if r.code == "escalation-cycle"]
    assert rows and all("ping" in r.message and "pong" in r.message for r in rows)


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("agents/slash/slash.md", "ops/deploy"),
        ("agents/dotdot/dotdot.md", "../../evil"),
        ("agents/absolute/absolute.md", "/etc/passwd"),
    ],
)
def test_path_names_get_a_flat_page_and_keep_their_title(whole, source, name):
    """A name with ``/`` or ``..`` gets one page right under handbook/agents/, titled as written."""
    build = whole[1]
    agent = agent_from(build, source)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", agent["id"]), agent["id"]
    assert h1(build.page(f"handbook/agents/{agent['id']}/")) == name
    for escaped in ("etc/passwd", "evil", "handbook/evil", "handbook/agents/ops"):
        assert not (build.site / escaped).exists(), escaped


def test_a_very_long_name_keeps_its_title_but_gets_a_short_path(whole):
    """A 318-character name is shown whole; its page path stays short enough for any file system."""
    build = whole[1]
    agent = agent_from(build, "agents/long-name/long.md")
    assert len(agent["name"]) >= 300 and len(agent["id"]) <= 100
    assert h1(build.page(f"handbook/agents/{agent['id']}/")) == agent["name"]


def test_unicode_names_are_shown_as_written(whole):
    build = whole[1]
    for source, name in (
        ("agents/unicode/ingenieur.md", "Ingénieur Données"),
        ("agents/unicode/analyst-zh.md", "数据分析师"),
    ):
        assert agent_from(build, source)["name"] == name
        assert h1(page_of(build, source)) == name


def test_the_lookalike_is_not_taken_for_the_agent_it_imitates(whole):
    """``plаnner`` (Cyrillic а) is an agent of its own, never merged with ``planner``."""
    build = whole[1]
    lookalike = agent_from(build, "agents/lookalike/lookalike.md")
    planner = agent_from(build, "agents/planner.md")
    assert lookalike["id"] != planner["id"]


def test_names_of_generated_pages_never_replace_them(whole):
    """Agents called index, health, map and graph.json get pages of their own; the handbook's stay."""
    build = whole[1]
    assert h1(build.page("handbook/")) == "Team handbook"
    assert h1(build.page("handbook/health/")) == "Health report"
    assert h1(build.page("handbook/map/")) == "Team map"
    assert set(graph(build)) == {"agents", "external", "relations", "diagnostics", "mentions"}
    seen = set()
    for file, name in (
        ("idx.md", "index"),
        ("health-check.md", "health"),
        ("mapper.md", "map"),
        ("graph.md", "graph.json"),
    ):
        [page] = [p for p, shown in agent_pages(build).items() if shown == f"agents/reserved/{file}"]
        assert h1(build.page(page + "/")) == name
        seen.add(page)
    assert len(seen) == 4
    # Only `index` had to move (agents/index.md would be the agents folder's index page); that is
    # reported, as information.
    [row] = [r for r in health_rows(build) if r.code == "reserved-name"]
    assert (row.file, row.line) == ("agents/reserved/idx.md", 2)


# -- limits: huge, deep, aliased and long input finishes in bounded time ---------------------
#
# The files are made at test time (megabytes are not committed), into a copy of the project
# with the good agents. Each is checked alone beside the good agents by the CLI in a
# subprocess, and all of them together by one real site build, every process with a
# deadline; all run at once, so a hang costs one deadline, not the sum of them.

CLI_TIMEOUT = 120
BUILD_TIMEOUT = 120


def _agent(name: str, extra: str = "", body: str = "Work with planner.\n") -> str:
    return f"---\nname: {name}\ndescription: Limit case {name}.\n{extra}---\n\n{body}"


def _laughs() -> str:
    """The billion laughs: nine aliases of nine aliases, nine levels deep (9**9 values)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, current in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{current}: &{current} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


DEPTH = 5000
#: file name -> (content, diagnostic codes that must name the file; empty: none required).
LIMITS: dict[str, tuple[str, tuple[str, ...]]] = {
    # 10 MB: short paragraphs, and one hard-wrapped paragraph read as a whole.
    "huge-paragraphs.md": (
        _agent("huge-paragraphs", body="".join(f"Work with planner on part {i}.\n\n" for i in range(330_000))),
        ("file-too-large",),
    ),
    "huge-paragraph.md": (
        _agent(
            "huge-paragraph", body="".join(f"Work with planner on line {i} of a paragraph\n" for i in range(230_000))
        ),
        ("file-too-large",),
    ),
    "alias-bomb.md": (_agent("alias-bomb", _laughs()), ("yaml-too-complex",)),
    "deep-flow-list.md": (_agent("deep-flow-list", "nest: " + "[" * DEPTH + "]" * DEPTH + "\n"), ("yaml-too-complex",)),
    "deep-flow-map.md": (
        _agent("deep-flow-map", "nest: " + "{a: " * DEPTH + "x" + "}" * DEPTH + "\n"),
        ("yaml-too-complex",),
    ),
    "deep-block-list.md": (
        _agent("deep-block-list", "nest:\n  " + "- " * DEPTH + "x\n"),
        ("yaml-too-complex", "invalid-yaml"),
    ),
    "deep-complex-key.md": (
        _agent("deep-complex-key", "nest:\n  " + "? " * DEPTH + "x\n"),
        ("yaml-too-complex", "invalid-yaml"),
    ),
    "headings.md": (
        _agent(
            "headings",
            body="".join(
                f"{'#' * (i % 6 + 1)} Heading {i}\n\n- Work with planner on part {i}.\n\n" for i in range(10_000)
            ),
        ),
        (),
    ),
    "line-5mb.md": (_agent("line-5mb", body="word " * (5 * 1024 * 1024 // 5) + "\n"), ("file-too-large",)),
    "line-900kb.md": (_agent("line-900kb", body="word " * (900 * 1024 // 5) + "\n"), ("line-too-long",)),
}


@dataclass
class Timed:
    """A subprocess with a deadline: output goes to files, so a slow one never blocks the others."""

    process: subprocess.Popen
    out: Path
    timeout: float
    timed_out: bool = False

    @classmethod
    def start(cls, command: list[str], cwd: Path, out: Path, timeout: float) -> Timed:
        env = {**os.environ, "PYTHONWARNINGS": "ignore", "NO_MKDOCS_2_WARNING": "1"}
        with open(out, "wb") as sink:
            process = subprocess.Popen(command, cwd=cwd, stdout=sink, stderr=subprocess.STDOUT, env=env)
        return cls(process, out, timeout)

    def wait(self, started: float) -> Timed:
        try:
            self.process.wait(timeout=max(0.0, started + self.timeout - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.timed_out = True
            self.process.kill()
            self.process.wait()
        return self

    @property
    def output(self) -> str:
        return self.out.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def limits(tmp_path_factory):
    """Every limit file made, then the CLI on each and a site build on all, in parallel with deadlines."""
    project = copy_fixture("bad", tmp_path_factory.mktemp("limits"))
    for case in CASES:
        shutil.rmtree(project / "agents" / case)
    folder = project / "agents" / "limits"
    folder.mkdir()
    for name, (content, _) in LIMITS.items():
        (folder / name).write_text(content, encoding="utf-8")
    started = time.monotonic()
    checks = {
        name: Timed.start(
            [sys.executable, "-m", "agent_handbook", "check", f"agents/limits/{name}", *GOOD],
            project,
            project / f"{name}.out",
            CLI_TIMEOUT,
        )
        for name in LIMITS
    }
    build = Timed.start([sys.executable, "-m", "mkdocs", "build"], project, project / "build.out", BUILD_TIMEOUT)
    build.wait(started)
    for check in checks.values():
        check.wait(started)
    return project, checks, build


@pytest.mark.parametrize("name", LIMITS)
def test_cli_check_finishes_in_bounded_time_and_names_the_file(limits, name):
    """``check`` on the file beside the good agents ends within the deadline, and reports it."""
    _, checks, _ = limits
    check = checks[name]
    assert not check.timed_out, f"`agent-handbook check` on {name} did not finish in {CLI_TIMEOUT} s"
    assert check.process.returncode == 0, check.output
    assert "Traceback" not in check.output
    codes = LIMITS[name][1]
    named = [line for line in check.output.splitlines() if line.startswith(f"agents/limits/{name}:")]
    if codes:
        assert any(LINE_FORMAT.match(line) and LINE_FORMAT.match(line)["code"] in codes for line in named), (
            f"no {codes} for {name} in:\n{check.output[-3000:]}"
        )


def site_of(limits) -> Build:
    """The site build of every limit file, or a failure saying it did not finish."""
    project, _, build = limits
    assert not build.timed_out, f"`mkdocs build` with the limit files did not finish in {BUILD_TIMEOUT} s"
    assert build.process.returncode == 0, build.output[-5000:]
    return Build(project, build.process.returncode, build.output)


def test_site_build_with_every_limit_file_finishes_and_keeps_the_good_agents(limits):
    """One build with all of them ends within the deadline; the good agents and every agent read have a page."""
    build = site_of(limits)
    pages = agent_pages(build)
    assert set(GOOD) <= set(pages.values())
    assert sorted(pages.values()) == sorted(a["source"] for a in graph(build)["agents"])


@pytest.mark.parametrize("name", [n for n, (_, codes) in LIMITS.items() if codes])
def test_health_page_names_each_limit_file(limits, name):
    """The health page of that build has a row for the file with the code of its limit."""
    codes = LIMITS[name][1]
    rows = [r for r in health_rows(site_of(limits)) if r.file == f"agents/limits/{name}"]
    assert any(r.code in codes for r in rows), rows


# -- fields of the wrong type (a crash would take every other case down: built on its own) ---


def test_fields_of_the_wrong_type_are_reported_not_fatal(tmp_path, monkeypatch, capsys):
    """``mode: [subagent]``, ``tools: 42``, ``model: {…}``: the build goes on and the file is named."""
    project = copy_fixture("bad", tmp_path)
    for case in CASES:
        shutil.rmtree(project / "agents" / case)
    shutil.copyfile(FIXTURES / "bad" / "isolated" / "wrong-types.md", project / "agents" / "wrong-types.md")
    monkeypatch.chdir(project)
    assert main(["check", "agents"]) == 0
    assert main(["check", "agents", "--strict"]) == 1
    assert "agents/wrong-types.md:5: warning invalid-field:" in capsys.readouterr().out  # tools: 42
    build = mkdocs_build(project)
    assert build.returncode == 0, build.log[-3000:]
    rows = [r for r in health_rows(build) if r.file == "agents/wrong-types.md"]
    assert ("invalid-field", 5) in {(r.code, r.line) for r in rows}, rows
    assert set(GOOD) <= set(agent_pages(build).values())
