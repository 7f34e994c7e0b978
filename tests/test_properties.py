"""Properties over generated input, and determinism of whole builds.

Hypothesis writes the agent files: arbitrary text, arbitrary bytes, and text shaped like an
agent file (front matter with the keys the reader knows, values full of YAML and Markdown
syntax). Every property runs with a fixed seed (``derandomize``) and no example database,
so CI sees the same examples on every run.

- Reading never raises, and every file ends as an agent or as a diagnostic naming it.
- Every diagnostic points at a real line of its file.
- Ids and page names are slugs, unique, and every page path stays under the handbook.
- Rendering the handbook never raises.
- Agent text escaped for Markdown renders back as exactly that text (no markup, nothing lost),
  in a paragraph and in a table cell.
- Two builds of the same input, in different folders and with different hash seeds, give
  byte-identical handbook pages and graph.json.
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from pathlib import Path

import markdown
import pytest
from agent_handbook.formats import read_path
from agent_handbook.read import decode, read_file, read_text
from agent_handbook.render.pages import Handbook
from agent_handbook.render.text import cell, md
from agent_handbook.team import load_team
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from .sitebuild import copy_fixture, mkdocs_build

PROPERTY = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# -- strategies ------------------------------------------------------------------------------

#: Characters that mean something to YAML, Markdown, HTML or Jinja.
MARKUP = list(":-#&*!|>'\"%@`{}[],?<>/\\=~_()\t\r\n ")
#: A BOM, a no-break space, a Cyrillic а, a line separator, an accent, a CJK character.
ODD = ["\ufeff", "\u00a0", "\u0430", "\u2028", "é", "数"]
nasty_text = st.text(alphabet=st.one_of(st.sampled_from(MARKUP + ODD), st.characters(exclude_categories=("Cs",))))
KEYS = ["name", "description", "tools", "model", "color", "aliases", "escalation_to", "handoffs", "mode", "prompt"]


@st.composite
def agent_like(draw) -> str:
    """Text shaped like an agent file: front matter (maybe unclosed), then a body."""
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        key = draw(st.one_of(st.sampled_from(KEYS), st.from_regex(r"[a-z_]{1,12}", fullmatch=True)))
        value = draw(
            st.one_of(
                nasty_text.map(lambda t: t.replace("\n", " ")),
                st.lists(nasty_text.map(lambda t: t.replace("\n", " ")), max_size=3).map(
                    lambda items: "[" + ", ".join(items) + "]"
                ),
                nasty_text.map(lambda t: "|\n  " + t.replace("\n", "\n  ")),
                st.sampled_from(["&a x", "*a", "!!python/object:os.system x", "{a: [b, {c: d}]}", "~", "null", "12"]),
            )
        )
        lines.append(f"{key}: {value}")
    closing = draw(st.sampled_from(["---\n", "...\n", "", "--- \n"]))
    body = draw(nasty_text)
    return "---\n" + "\n".join(lines) + "\n" + closing + body


file_names = st.from_regex(r"[A-Za-z0-9 ._-]{1,16}", fullmatch=True).map(lambda s: s.strip(". ") or "x")
file_contents = st.one_of(
    agent_like().map(str.encode), nasty_text.map(lambda t: t.encode("utf-8")), st.binary(max_size=400)
)


def _lines(data: bytes) -> int:
    text, _ = decode(data, "f")
    return 1 if text is None else text.count("\n") + 1


# -- reading ---------------------------------------------------------------------------------


@PROPERTY
@given(nasty_text)
@example("---\n")
@example("---\nname: [\n---\n")
@example("\ufeff---\r\nname: a\r\n---\r\n")
def test_read_text_never_raises_and_loses_nothing(text):
    """Any text is an agent or carries a diagnostic saying why it is not."""
    result = read_text(text, "agents/x.md", "x")
    assert result.agent is not None or result.diagnostics


@PROPERTY
@given(agent_like())
@example("---\nmode: []\n---\n")  # a list where the format looks for a string
@example("---\nname: {a: b}\ntools: 42\nmodel: [x]\ncolor: [red]\naliases: {a: b}\n---\n")
def test_agent_shaped_text_gives_a_slug_id_and_valid_lines(text):
    """Front matter of any shape: never an exception; ids are short slugs; lines are in the file."""
    result = read_text(text, "agents/x.md", "x")
    assert result.agent is not None or result.diagnostics
    if result.agent is not None:
        assert SLUG.fullmatch(result.agent.id) and len(result.agent.id) <= 64, result.agent.id
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for problem in result.diagnostics:
        assert 1 <= problem.line <= lines, (problem, lines)


@PROPERTY
@given(st.binary(max_size=2000))
@example(b"\xff\xfe-\x00-\x00-\x00")
@example(b"\xfe\xff\x00-")
@example(b"---\nname: \xff\n---\n")
def test_read_file_never_raises_on_any_bytes(data):
    """Any bytes on disk: an agent or diagnostics, never an exception."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.md"
        path.write_bytes(data)
        result, _ = read_file(path, "agents/x.md")
    assert result.agent is not None or result.diagnostics
    for problem in result.diagnostics:
        assert 1 <= problem.line <= _lines(data), (problem, data[:80])


CONFIG_TEXT = st.one_of(
    st.binary(max_size=1500),
    st.text(alphabet='{}[]":,=\n #/*abc123.-_"\'\\ \t', max_size=400).map(str.encode),
)


@PROPERTY
@given(st.sampled_from(["x.toml", "opencode.json", "opencode.jsonc", "agents.yaml"]), CONFIG_TEXT)
@example("opencode.json", b'{"agent": {"a": {"permission": {"task": 5}}}}')
@example("opencode.json", b"[" * 5000)
@example("agents.yaml", b"a: {role: 1, goal: [x], backstory: {b: c}, allow_delegation: yes}")
@example("x.toml", b'name = 5\ndeveloper_instructions = ["a"]\n')
def test_config_formats_never_raise_on_any_bytes(name, data):
    """Codex TOML, OpenCode JSON(C), CrewAI YAML: agents or diagnostics, never an exception."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        results, _ = read_path(path, f"agents/{name}")
    assert results
    for result in results:
        assert result.agent is not None or result.diagnostics
        for problem in result.diagnostics:
            assert 1 <= problem.line <= _lines(data), (problem, data[:80])


# -- teams -----------------------------------------------------------------------------------


def _team_from(files: dict[str, bytes]):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "agents").mkdir()
        for name, data in files.items():
            (root / "agents" / f"{name}.md").write_bytes(data)
        return load_team([root / "agents"], root=root)


teams = st.dictionaries(file_names, file_contents, min_size=1, max_size=5)


@PROPERTY
@given(teams)
def test_files_in_equal_agents_plus_files_reported(files):
    """Every file discovered is the source of an agent or the file of a diagnostic, and no other file is named."""
    team = _team_from(files)
    assert len(team.files) == len(files)
    sources = {a.source for a in team.agents.values()}
    reported = {d.file for d in team.diagnostics}
    assert set(team.files) == sources | reported, (team.files, sources, reported)
    by_file = {f"agents/{name}.md": data for name, data in files.items()}
    for problem in team.diagnostics:
        assert 1 <= problem.line <= _lines(by_file[problem.file]), problem


@PROPERTY
@given(teams)
def test_ids_and_pages_are_unique_slugs(files):
    """However names clash, each agent has its own id and its own page, both slugs."""
    team = _team_from(files)
    pages = [a.page for a in team.agents.values()]
    assert len(set(pages)) == len(pages)
    for agent in team.agents.values():
        assert SLUG.fullmatch(agent.id) and SLUG.fullmatch(agent.page), (agent.id, agent.page)


#: Each example compiles the templates and renders every page (~0.5 s): few examples, no shrinking.
@settings(PROPERTY, max_examples=12, phases=(Phase.explicit, Phase.reuse, Phase.generate))
@given(teams)
@example({"a": b"---\nname: a\ndescription: Escalate to b.\n---\nEscalate to @b and <script>x</script>.\n", "b": b""})
def test_the_handbook_renders_for_any_team(files):
    """Rendering never raises, and every page path is a clean path under the handbook folder."""
    team = _team_from(files)
    handbook = Handbook(team)
    pages = {**handbook.pages(), **handbook.files()}
    assert len(pages) >= len(team.agents) + 2
    for uri in pages:
        assert uri.startswith("handbook/") and ".." not in uri.split("/") and "//" not in uri, uri
        assert re.fullmatch(r"[a-z0-9/._-]+", uri), uri


# -- escaping --------------------------------------------------------------------------------

SITE_EXTENSIONS = ["tables", "attr_list", "admonition", "md_in_html", "toc", "def_list", "footnotes", "abbr"]
_TAG = re.compile(r"<[^>]+>")
#: Python-Markdown uses STX/ETX as placeholders and drops other control characters: not agent text.
printable = st.text(
    alphabet=st.one_of(st.sampled_from(MARKUP), st.characters(exclude_categories=("Cs", "Cc"))), min_size=1
)


def _rendered_text(html_out: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", html_out)).split())


@PROPERTY
@given(printable)
@example("2023. A year of releases")
@example("~~struck~~ text")
@example("<script>alert(1)</script> {{ config }} | a | b |")
def test_escaped_text_renders_as_exactly_that_text(text):
    """``md`` promises agent text that renders literally: no element is made and no character is lost."""
    out = markdown.markdown(md(text), extensions=SITE_EXTENSIONS)
    if not text.split():  # white space only: nothing to show
        assert out == "", out
        return
    assert re.fullmatch(r"<p>.*</p>", out, re.DOTALL), out  # one paragraph: no list, heading, rule, table
    assert _rendered_text(out) == " ".join(text.split()), out


@PROPERTY
@given(printable, printable)
@example("a | b", "c \\| d")
def test_escaped_cells_keep_the_table_shape(first, second):
    """A row of two ``cell`` values is a row of two cells holding exactly those texts."""
    source = f"| A | B |\n|---|---|\n| {cell(first)} | {cell(second)} |\n"
    out = markdown.markdown(source, extensions=SITE_EXTENSIONS)
    cells = re.findall(r"<td>(.*?)</td>", out, re.DOTALL)
    assert len(cells) == 2, out
    assert [_rendered_text(c) for c in cells] == [" ".join(first.split()), " ".join(second.split())], out


# -- determinism of whole builds -------------------------------------------------------------


def _build_twice(name: str, tmp: Path):
    builds = []
    for seed, folder in (("1", "one"), ("2", "two/deeper")):
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("PYTHONHASHSEED", seed)
            build = mkdocs_build(copy_fixture(name, tmp / folder))
        assert build.returncode == 0, build.log
        builds.append(build)
    return builds


def _first_difference(a: bytes, b: bytes) -> str:
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return (
        f"at byte {at} (sizes {len(a)}, {len(b)}): {a[max(0, at - 60) : at + 60]!r} vs {b[max(0, at - 60) : at + 60]!r}"
    )


@pytest.mark.parametrize("fixture", ["bad", "hostile"])
def test_two_builds_give_byte_identical_handbook_pages(fixture, tmp_path):
    """Same input, other folder, other hash seed: every file under site/handbook is the same, byte for byte."""
    first, second = _build_twice(fixture, tmp_path)
    a_root, b_root = first.site / "handbook", second.site / "handbook"
    a_files = sorted(p.relative_to(a_root).as_posix() for p in a_root.rglob("*") if p.is_file())
    b_files = sorted(p.relative_to(b_root).as_posix() for p in b_root.rglob("*") if p.is_file())
    assert a_files == b_files
    assert "graph.json" in a_files
    differences = {
        name: _first_difference((a_root / name).read_bytes(), (b_root / name).read_bytes())
        for name in a_files
        if (a_root / name).read_bytes() != (b_root / name).read_bytes()
    }
    assert not differences, "\n".join(f"{name}: {where}" for name, where in differences.items())
    assert str(first.project) not in (a_root / "graph.json").read_text(encoding="utf-8")


def test_hash_seed_is_really_varied():
    """The determinism test above is only meaningful if the subprocess sees the seed we set."""
    import subprocess
    import sys

    seen = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", "print(hash('agent'))"], env=env, capture_output=True, text=True)
        seen.add(out.stdout)
    assert len(seen) == 2


# -- file-system shapes ----------------------------------------------------------------------

FOLDERS = ["", "a/", "a/b/", ".claude/agents/", "deep/er/est/"]
#: What an entry of a generated tree is.
SHAPES = ["agent", "bytes", "nested", "link-file", "link-folder", "link-outside", "loop", "dangling", "fifo"]


def _nested(kind: str, depth: int) -> bytes:
    if kind == "toml":
        return ('name = "n"\nx = ' + "[" * depth + "]" * depth + "\n").encode()
    if kind == "json":
        return ('{"agent": {"a": ' + '{"b": ' * depth + "1" + "}" * depth + "}}").encode()
    return ("---\nname: n\nx: " + "[" * depth + "]" * depth + "\n---\nbody\n").encode()


@st.composite
def trees(draw) -> list[tuple[str, str, object]]:
    """A tree of (path, shape, payload): agent files, random bytes, deep nesting, links of
    every kind, FIFOs; names unique."""
    entries = []
    for index in range(draw(st.integers(1, 10))):
        folder = draw(st.sampled_from(FOLDERS))
        shape = draw(st.sampled_from(SHAPES))
        if shape == "nested":
            kind = draw(st.sampled_from(["toml", "json", "yaml"]))
            name = {"toml": f"n{index}.toml", "json": "opencode.json", "yaml": f"n{index}.md"}[kind]
            payload: object = _nested(kind, draw(st.integers(1, 400)))
        else:
            name = f"f{index}.md" if shape != "link-folder" else f"d{index}"
            payload = draw(file_contents) if shape == "bytes" else draw(st.integers(0, 100))
        entries.append((folder + name, shape, payload))
    return entries


def _make(root: Path, outside: Path, entries: list[tuple[str, str, object]]) -> set[str]:
    """Write the tree under ``root``; the paths of the agent files it must read."""
    agents = set()
    for path, shape, payload in entries:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() or target.is_symlink():
            continue
        if shape == "agent":
            target.write_text(f"---\nname: agent-{path.replace('/', '-')}\ndescription: d\n---\nbody\n")
            agents.add(path)
        elif shape in {"bytes", "nested"}:
            target.write_bytes(payload)  # type: ignore[arg-type]
        elif shape == "link-file":
            others = [p for p, s, _ in entries if s in {"agent", "bytes"} and p != path]
            os.symlink(root / others[payload % len(others)] if others else "nowhere.md", target)  # type: ignore[operator]
        elif shape == "link-folder":
            os.symlink(root / FOLDERS[payload % len(FOLDERS)], target)  # type: ignore[operator]
        elif shape == "link-outside":
            os.symlink(outside / "secret.md", target)
        elif shape == "loop":
            os.symlink(target.name, target)
        elif shape == "dangling":
            os.symlink(f"missing-{payload}.md", target)
        elif shape == "fifo":
            os.mkfifo(target)
    return agents


@settings(PROPERTY, max_examples=60)
@given(trees())
def test_any_file_system_shape_reads_without_raising_or_losing_an_agent(entries):
    """Links (to files, to folders, out of the repository, to themselves, to nothing), FIFOs,
    random bytes and deep nesting: reading never raises, never waits, never reads out of the
    repository, and every agent file is an agent or named by a diagnostic."""
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        root, outside = base / "repo", base / "outside"
        (root / ".git").mkdir(parents=True)
        outside.mkdir()
        (outside / "secret.md").write_text("---\nname: secret\ndescription: outside\n---\nsecret\n")
        agents = _make(root, outside, entries)
        team = load_team([root], root=root)
    assert "secret" not in team.agents
    sources = {a.source for a in team.agents.values()}
    reported = {d.file for d in team.diagnostics}
    for path in agents:
        assert path in sources or path in reported, (path, sorted(sources), sorted(reported))
    assert not any(".." in d.file.split("/") for d in team.diagnostics)
