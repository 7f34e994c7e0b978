"""``agent-handbook diff``: what a change does to the team, between two git revisions or two folders.

Each side is read whole with :func:`~agent_handbook.team.load_team`. A git revision is read
from the repository's objects (``git ls-tree`` and ``git cat-file``) into a temporary folder,
never by checking anything out; the working tree is read where it is. The two teams are then
compared by relation (source, kind, target), so a relation whose evidence merely moved is no
change, and by the findings the handbook reports on each side (routes to a person, dangling
references, cycles, hand-offs, write tools, duty overlaps): a finding is new when HEAD has it
and BASE had not.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .discover import DEFAULT_INCLUDE, SKIP_DIRS, matches
from .formats import DEFAULT_FILES, DEFAULT_FOLDERS, crewai, default_paths
from .graph import TeamGraph
from .model import KIND_ORDER, Agent, Relation
from .report import _data, _property
from .team import Team, load_team

#: What a team can block with ``--fail-on``: each kind of new finding, a removed agent, or any.
FINDINGS: dict[str, str] = {
    "lost-escalation": "an agent that reached a person by escalating no longer does",
    "dangling": "a relation names an agent no file defines",
    "cycle": "escalations go round in a circle",
    "unacknowledged-handoff": "a hand-off the receiving agent never mentions",
    "new-write-tools": "an agent gains tools that change files or run commands",
    "overlap": "agents newly share a duty area",
    "unreadable": "a file that could not be read cleanly",
}
FAIL_ON = (*FINDINGS, "removed-agent", "any")
FORMATS = ("text", "markdown", "github", "json")
#: Settings compared as permissions (Claude, Codex, OpenCode, Kiro, CrewAI field names).
PERMISSION_KEYS = (
    "permissionMode",
    "disallowedTools",
    "allowedTools",
    "permission",
    "permissions",
    "sandbox_mode",
    "approval_policy",
    "readonly",
    "allow_code_execution",
    "allow_delegation",
    "toolsSettings",
    "mcpServers",
    "mcp_servers",
    "isolation",
)
#: Diagnostics that say a file could not be read cleanly (as the health report counts them).
UNREADABLE = frozenset(
    {"unreadable-file", "invalid-yaml", "not-an-agent", "binary-file", "empty-file", "unclosed-front-matter"}
    | {"decode-fallback", "invalid-config", "yaml-too-complex"}
)
#: Body similarity above which a removed and an added agent are one agent renamed.
SAME_TEXT = 0.8
#: Characters a body needs to be matched by its text (short bodies are alike by chance).
MIN_TEXT = 60
#: Items of a Markdown list shown before the rest is folded into ``<details>``.
FOLD = 10
WORKING_TREE = "working tree"
MARKER = "<!-- agent-handbook-diff -->"


class DiffError(Exception):
    """A usage problem: one line on standard error and exit status 2."""


# -- reading a side ----------------------------------------------------------------------------


@dataclass
class Side:
    """One side of the comparison: what was asked for, the commit it resolved to, the team."""

    label: str
    commit: str | None
    team: Team


class Repository:
    """The git repository around a folder, read through plumbing commands only."""

    def __init__(self, cwd: Path) -> None:
        try:
            top = self._run(["rev-parse", "--show-toplevel"], cwd).decode().strip()
            prefix = self._run(["rev-parse", "--show-prefix"], cwd).decode().strip()
        except DiffError:
            raise DiffError(f"not in a git repository: {cwd} (name two folders to compare folders)") from None
        self.top = Path(top)
        self.prefix = prefix.rstrip("/")

    @staticmethod
    def _run(args: Sequence[str], cwd: Path, stdin: bytes | None = None) -> bytes:
        try:
            done = subprocess.run(
                ["git", "--literal-pathspecs", *args], cwd=cwd, input=stdin, capture_output=True, check=False
            )
        except OSError as error:
            raise DiffError(f"cannot run git: {error}") from None
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise DiffError(message[-1] if message else f"git {args[0]} failed")
        return done.stdout

    def run(self, args: Sequence[str], stdin: bytes | None = None) -> bytes:
        return self._run(args, self.top, stdin)

    def commit(self, revision: str) -> str | None:
        """The commit a revision names, or None when it names none."""
        if not revision or revision.startswith("-"):
            return None
        try:
            return self.run(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"]).decode().strip() or None
        except DiffError:
            return None

    def relative(self, path: str) -> str:
        """A path given on the command line (relative to the current folder) from the top."""
        given = Path(path).expanduser()
        full = given if given.is_absolute() else Path.cwd() / given
        try:
            inside = Path(os.path.relpath(full.resolve(), self.top.resolve())).as_posix()
        except ValueError:
            inside = ".."
        if inside == ".." or inside.startswith("../"):
            raise DiffError(f"{path} is outside the git repository {self.top}")
        return "" if inside == "." else inside

    def blobs(self, commit: str, roots: Sequence[str]) -> list[tuple[str, str]]:
        """(object id, path) of every file under ``roots`` at ``commit`` (the whole tree for "")."""
        specs = [] if "" in roots else ["--", *roots]
        listing = self.run(["ls-tree", "-r", "-z", "--full-tree", commit, *specs])
        found = []
        for entry in listing.split(b"\0"):
            if not entry:
                continue
            meta, _, name = entry.partition(b"\t")
            mode, kind, oid = meta.decode().split()
            if kind == "blob" and mode != "120000":  # symbolic links and submodules are not read
                found.append((oid, name.decode("utf-8", "surrogateescape")))
        return found

    def write(self, blobs: Sequence[tuple[str, str]], folder: Path) -> None:
        """The blobs as files under ``folder`` (one ``git cat-file --batch`` for all)."""
        if not blobs:
            return
        out = self.run(["cat-file", "--batch"], "".join(f"{oid}\n" for oid, _ in blobs).encode())
        position = 0
        root = folder.resolve()
        for _, name in blobs:
            header_end = out.index(b"\n", position)
            header = out[position:header_end].split()
            if len(header) != 3 or header[1] != b"blob":  # "<oid> missing": nothing follows
                position = header_end + 1
                continue
            size = int(header[2])
            content = out[header_end + 1 : header_end + 1 + size]
            position = header_end + 1 + size + 1
            target = (root / name).resolve()
            try:
                target.relative_to(root)
            except ValueError:  # never outside the temporary folder, whatever the tree says
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)


def _wanted(path: str, roots: Sequence[str], include: Sequence[str], exclude: Sequence[str]) -> bool:
    """Whether a file of the tree is one ``discover`` could read under one of ``roots``."""
    for root in roots:
        if root and path == root:
            return True  # a file named as a path is read whatever its name
        if root and not path.startswith(root + "/"):
            continue
        relative = path[len(root) + 1 :] if root else path
        if any(part in SKIP_DIRS for part in relative.split("/")[:-1]):
            continue
        name = relative.rsplit("/", 1)[-1]
        if name in crewai.TASK_FILES:
            return True  # read with the crew beside it
        if matches(relative, include) and not matches(relative, exclude):
            return True
    return False


def _default_roots(prefix: str) -> list[str]:
    """The known agent folders and files of the current folder, as paths from the top."""
    here = f"{prefix}/" if prefix else ""
    return [here + folder for folder in DEFAULT_FOLDERS] + [here + pattern for pattern in DEFAULT_FILES]


def _in_default_roots(path: str, roots: Sequence[str]) -> bool:
    return any(path == r or path.startswith(r + "/") or matches(path, [r, r + "/**"]) for r in roots)


@dataclass
class Options:
    """How each side is read: the options ``check`` takes."""

    include: Sequence[str] = DEFAULT_INCLUDE
    exclude: Sequence[str] = ()
    aliases: Mapping[str, str] = field(default_factory=dict)
    ignore_names: Sequence[str] = ()
    severity: Mapping[str, str] = field(default_factory=dict)

    def load(self, paths: Sequence[Path], root: Path) -> Team:
        return load_team(
            paths,
            root=root,
            include=self.include,
            exclude=self.exclude,
            aliases=self.aliases,
            ignore_names=self.ignore_names,
            severity=self.severity,
        )


def read_sides(
    base: str, rest: Sequence[str], options: Options, stack: ExitStack, cwd: Path | None = None
) -> tuple[Side, Side]:
    """The two teams named by ``BASE [HEAD] [PATH ...]``: two folders, or git revisions."""
    cwd = cwd or Path.cwd()
    if (cwd / base).is_dir() and rest and (cwd / rest[0]).is_dir() and not _is_revision(cwd, base):
        old, new = cwd / base, cwd / rest[0]
        gone = [p for p in rest[1:] if not (old / p).exists() and not (new / p).exists()]
        if gone:
            raise DiffError(f"no such file or folder in {base} or {rest[0]}: {', '.join(gone)}")
        return _folder_side(old, base, rest[1:], options), _folder_side(new, rest[0], rest[1:], options)
    repo = Repository(cwd)
    base_commit = repo.commit(base)
    if base_commit is None:
        if (cwd / base).is_dir():
            raise DiffError(f"{base} is a folder: name the folder to compare it with as HEAD")
        raise DiffError(f"no such revision: {base}")
    head, paths = None, list(rest)
    if paths:
        commit = repo.commit(paths[0])
        exists = (cwd / paths[0]).exists()
        if commit is not None and exists:
            raise DiffError(f"{paths[0]} is both a revision and a path: write {paths[0]}^{{commit}} or ./{paths[0]}")
        if commit is not None:
            head = (paths.pop(0), commit)
    roots = [repo.relative(p) for p in paths]
    explicit = bool(roots)
    if not explicit:
        roots = _default_roots(repo.prefix)
    base_side = _git_side(repo, base, base_commit, roots, explicit, options, stack)
    if head is None:
        if explicit:
            missing = [p for p, r in zip(paths, roots) if not (repo.top / r).exists()]
            gone = [p for p, r in zip(paths, roots) if not repo.blobs(base_commit, [r])]
            both = [p for p in missing if p in gone]
            if both:
                raise DiffError(f"no such file or folder in {base} or the working tree: {', '.join(both)}")
            found = [repo.top / r for r in roots]
        else:
            found = default_paths(repo.top / repo.prefix if repo.prefix else repo.top)
        head_side = Side(WORKING_TREE, None, options.load(found, repo.top))
    else:
        head_side = _git_side(repo, head[0], head[1], roots, explicit, options, stack)
        if explicit:
            gone = [
                p for p, r in zip(paths, roots) if not repo.blobs(base_commit, [r]) and not repo.blobs(head[1], [r])
            ]
            if gone:
                raise DiffError(f"no such file or folder in {base} or {head[0]}: {', '.join(gone)}")
    if not explicit and not base_side.team.files and not head_side.team.files:
        raise DiffError(f"no agent folder on either side (looked for {', '.join(DEFAULT_FOLDERS)}); name one as PATH")
    return base_side, head_side


def _is_revision(cwd: Path, name: str) -> bool:
    try:
        return Repository(cwd).commit(name) is not None
    except DiffError:
        return False


def _git_side(
    repo: Repository, label: str, commit: str, roots: Sequence[str], explicit: bool, options: Options, stack: ExitStack
) -> Side:
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="agent-handbook-diff-")))
    listed = repo.blobs(commit, roots if explicit else [repo.prefix])
    if explicit:
        wanted = [(oid, p) for oid, p in listed if _wanted(p, roots, options.include, options.exclude)]
    else:
        # Every file of the known folders: ``--include`` and ``--exclude`` apply within each
        # folder, as ``load_team`` reads them.
        wanted = [
            (oid, p)
            for oid, p in listed
            if _in_default_roots(p, roots) and not any(part in SKIP_DIRS for part in p.split("/")[:-1])
        ]
    repo.write(wanted, folder)
    if explicit:
        paths = [folder / r for r in roots if (folder / r).exists() or not r]
    else:
        paths = default_paths(folder / repo.prefix if repo.prefix else folder)
    return Side(label, commit, options.load(paths, folder))


def _folder_side(folder: Path, label: str, paths: Sequence[str], options: Options) -> Side:
    if paths:
        found = [folder / p for p in paths if (folder / p).exists()]
    else:
        found = default_paths(folder) or [folder]
    return Side(label, None, options.load(found, folder))


# -- comparing ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mark:
    """Where an item of the diff shows in HEAD, for an annotation: a file and line, or none."""

    level: str  # "notice", "warning" or "error"
    file: str | None
    line: int | None
    title: str
    message: str


@dataclass
class Diff:
    """The comparison: JSON-ready ``data`` (see ``schema/diff.schema.json``) and the marks."""

    data: dict[str, Any]
    marks: list[Mark]

    @property
    def new_findings(self) -> list[dict[str, Any]]:
        return self.data["findings"]["added"]

    def failed(self, fail_on: Iterable[str]) -> list[str]:
        """What this change brings that ``fail_on`` blocks: kinds of new finding, ``removed-agent``."""
        wanted = set(fail_on)
        hit = {f["kind"] for f in self.new_findings}
        out = [k for k in FINDINGS if k in hit and (k in wanted or "any" in wanted)]
        if "removed-agent" in wanted and self.data["agents"]["removed"]:
            out.append("removed-agent")
        return out


def _relation_data(relation: Relation) -> dict[str, Any]:
    return {
        "source": relation.source,
        "kind": relation.kind,
        "target": relation.target,
        "level": relation.level,
        "strength": relation.strength,
        "evidence": [{"file": e.file, "line": e.line, "text": e.text} for e in relation.evidence],
    }


def _similarity(a: Agent, b: Agent) -> float:
    """How alike two agents' bodies are (0 to 1); 0 when either is too short to tell."""
    if min(len(a.body.strip()), len(b.body.strip())) < MIN_TEXT:
        return 0.0
    first, second = a.body.splitlines(), b.body.splitlines()
    matcher = difflib.SequenceMatcher(None, first, second, autojunk=False)
    return matcher.ratio() if matcher.real_quick_ratio() >= SAME_TEXT and matcher.quick_ratio() >= SAME_TEXT else 0.0


def match_agents(base: Team, head: Team) -> dict[str, str]:
    """BASE agent id -> HEAD agent id for every agent on both sides: the same id, the same
    single-agent file under a new ``name:``, or the same text under a new name."""
    pairs = {a: a for a in base.agents if a in head.agents}
    gone = [a for a in base.agents if a not in pairs]
    new = [a for a in head.agents if a not in base.agents]
    per_file_base = defaultdict(list)
    per_file_head = defaultdict(list)
    for agent in base.agents.values():
        per_file_base[agent.source].append(agent.id)
    for agent in head.agents.values():
        per_file_head[agent.source].append(agent.id)
    for old in list(gone):
        source = base.agents[old].source
        if len(per_file_base[source]) == 1 and len(per_file_head.get(source, ())) == 1:
            candidate = per_file_head[source][0]
            if candidate in new:
                pairs[old] = candidate
                gone.remove(old)
                new.remove(candidate)
    scored = sorted(
        ((-_similarity(base.agents[o], head.agents[n]), o, n) for o in gone for n in new),
        key=lambda item: item[:3],
    )
    taken: set[str] = set()
    for score, old, candidate in scored:
        if -score < SAME_TEXT or old in pairs or candidate in taken:
            continue
        pairs[old] = candidate
        taken.add(candidate)
    return pairs


def _tool_name(tool: str) -> str:
    return tool.split("(", 1)[0].strip().lower()


def _write_tools(agent: Agent) -> set[str] | None:
    """The write and shell tools an agent has (None: it inherits every tool)."""
    from .views.tools import WRITE_TOOLS

    if agent.tools is None:
        return None
    return {t.split("(", 1)[0].strip() for t in agent.tools if _tool_name(t) in WRITE_TOOLS}


def _value_line(team: Team, agent: Agent, key: str) -> int:
    for value in team.values.get(agent.id, ()):
        if value.path and value.path[0] == key:
            return value.line
    for value in team.values.get(agent.id, ()):
        if value.path == ("name",):
            return value.line
    return 1


def _map_line(base: Agent, head: Agent, line: int) -> int:
    """Where a line of BASE's file is in HEAD's file (the place a removed line was)."""
    if line < base.body_line:
        return max(1, min(line, head.body_line - 1 if head.body_line > 1 else 1))
    first, second = base.body.splitlines(), head.body.splitlines()
    index = line - base.body_line
    for op, i1, i2, j1, _ in difflib.SequenceMatcher(None, first, second, autojunk=False).get_opcodes():
        if i1 <= index < i2:
            return head.body_line + (j1 + (index - i1) if op == "equal" else j1)
    return head.body_line + len(second)


def _agent_fields(agent: Agent) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": agent.name,
        "description": agent.description,
        "model": agent.model or None,
        "tools": sorted(agent.tools) if agent.tools is not None else None,
    }
    settings = {s.key: s.value for s in agent.settings}
    for key in PERMISSION_KEYS:
        if key in settings:
            fields[key] = settings[key]
    return fields


def _findings(team: Team, rename: Mapping[str, str] | None = None) -> dict[tuple, dict[str, Any]]:
    """Every finding of one side, keyed by what it is about (ids mapped by ``rename``)."""
    from .views import Context, Options
    from .views.boundaries import boundary_view

    def m(node: str) -> str:
        return rename.get(node, node) if rename else node

    graph = TeamGraph(team)
    out: dict[tuple, dict[str, Any]] = {}

    def add(key: tuple, kind: str, agents: Iterable[str], message: str, file: str | None, line: int | None) -> None:
        out[key] = {"kind": kind, "agents": sorted(set(agents)), "message": message, "file": file, "line": line}

    route = graph.route_to_human()
    for agent in team.agents.values():
        if agent.id in route:
            path = graph.path_to_human(agent.id, route)
            add(("reaches", m(agent.id)), "reaches", [agent.id], " → ".join(path), agent.source, None)
    for relation in team.relations:
        first = relation.evidence[0]
        for end in (relation.source, relation.target):
            role = team.external.get(end)
            if role is not None and role.role == "missing":
                add(
                    ("dangling", m(relation.source), relation.kind, m(relation.target)),
                    "dangling",
                    [a for a in (relation.source, relation.target) if a in team.agents],
                    f"`{relation.source}` {relation.kind} `{role.name}`, which no file defines",
                    first.file,
                    first.line,
                )
        if (
            relation.kind == "hands_off_to"
            and relation.source in team.agents
            and relation.target in team.agents
            and not graph.handoff_acknowledged(relation)
        ):
            add(
                ("unacknowledged-handoff", m(relation.source), m(relation.target)),
                "unacknowledged-handoff",
                [relation.source, relation.target],
                f"`{relation.source}` hands off to `{relation.target}`, whose file never mentions `{relation.source}`",
                first.file,
                first.line,
            )
    escalation = graph.kind_graph("escalates_to")
    for cycle in graph.escalation_cycles():
        first = escalation.edges[cycle[0], cycle[1]]["relation"].evidence[0]
        loop = " → ".join(cycle + [cycle[0]])
        add(
            ("cycle", frozenset(m(n) for n in cycle)),
            "cycle",
            cycle,
            f"escalations go round: {loop}",
            first.file,
            first.line,
        )
    view = boundary_view(Context(team, Options()))
    for row in view.overlaps:
        for agent_id, claims in row.claims.items():
            line = claims[0].fact.line if claims else None
            others = [a for a in row.claimers if a != agent_id]
            add(
                ("overlap", row.area, m(agent_id)),
                "overlap",
                [agent_id, *others],
                f"`{agent_id}` shares the duty area *{row.area}* with " + ", ".join(f"`{o}`" for o in others),
                team.agents[agent_id].source,
                line,
            )
            out[("overlap", row.area, m(agent_id))].update(area=row.area, agent=agent_id)
    bad: dict[str, Any] = {}
    for problem in team.diagnostics:
        if problem.code in UNREADABLE and problem.file not in bad:
            bad[problem.file] = problem
    for file, problem in bad.items():
        add(("unreadable", file), "unreadable", [], f"{file} ({problem.code}): {problem.message}", file, problem.line)
    return out


def compare(base: Side, head: Side) -> Diff:
    """What changed from ``base`` to ``head``: agents, relations and findings."""
    old, new = base.team, head.team
    pairs = match_agents(old, new)
    marks: list[Mark] = []

    def m(node: str) -> str:
        return pairs.get(node, node)

    added_agents = sorted(a for a in new.agents if a not in pairs.values())
    removed_agents = sorted(a for a in old.agents if a not in pairs)
    for agent_id in added_agents:
        agent = new.agents[agent_id]
        marks.append(
            Mark("notice", agent.source, _value_line(new, agent, "name"), "agent added", f"new agent `{agent_id}`")
        )
    for agent_id in removed_agents:
        marks.append(
            Mark("notice", None, None, "agent removed", f"agent `{agent_id}` ({old.agents[agent_id].source}) is gone")
        )
    renamed, changed = [], []
    for old_id, new_id in sorted(pairs.items()):
        before, after = old.agents[old_id], new.agents[new_id]
        if old_id != new_id or before.source != after.source:
            renamed.append({"from": old_id, "to": new_id, "from_file": before.source, "to_file": after.source})
            what = f"`{old_id}` is now `{new_id}`" if old_id != new_id else f"`{old_id}` moved"
            marks.append(
                Mark(
                    "notice",
                    after.source,
                    _value_line(new, after, "name"),
                    "agent renamed",
                    f"{what} (was {before.source})",
                )
            )
        fields_before, fields_after = _agent_fields(before), _agent_fields(after)
        differences = [
            {"field": key, "before": fields_before.get(key), "after": fields_after.get(key)}
            for key in dict.fromkeys([*fields_before, *fields_after])
            if fields_before.get(key) != fields_after.get(key) and (key != "name" or old_id == new_id)
        ]
        if differences:
            changed.append({"id": new_id, "file": after.source, "fields": differences})
            for item in differences:
                marks.append(
                    Mark(
                        "notice",
                        after.source,
                        _value_line(new, after, item["field"]),
                        f"{item['field']} changed",
                        f"`{new_id}` {item['field']}: {_brief(item['before'], field=item['field'])} → "
                        f"{_brief(item['after'], field=item['field'])}",
                    )
                )

    before_relations = {(m(r.source), r.kind, m(r.target)): r for r in old.relations}
    after_relations = {r.key: r for r in new.relations}
    gone = {k: r for k, r in before_relations.items() if k not in after_relations}
    came = {k: r for k, r in after_relations.items() if k not in before_relations}
    raw_before = {r.key for r in old.relations}
    for key in list(came):
        # A line that still names a renamed or removed agent by its old name: the same
        # relation as at BASE, whose end is now a name no file defines (a dangling finding
        # says so), not a relation added (nor, renamed, one removed and one added).
        if key in raw_before and any(end not in new.agents and end in new.external for end in key[::2]):
            del came[key]
            gone.pop((m(key[0]), key[1], m(key[2])), None)
    kind_changes = []
    by_pair_gone: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for key in sorted(gone, key=lambda k: (k[0], k[2], KIND_ORDER.get(k[1], 9))):
        by_pair_gone[(key[0], key[2])].append(key)
    for key in sorted(came, key=lambda k: (k[0], k[2], KIND_ORDER.get(k[1], 9))):
        waiting = by_pair_gone.get((key[0], key[2]))
        if waiting:
            old_key = waiting.pop(0)
            kind_changes.append((gone.pop(old_key), came.pop(key)))
    for relation in sorted(came.values(), key=_relation_order):
        first = relation.evidence[0]
        marks.append(Mark("notice", first.file, first.line, "relation added", _relation_text(relation)))
    for relation in sorted(gone.values(), key=_relation_order):
        where = _head_place(relation, old, new, pairs)
        marks.append(Mark("notice", *where, "relation removed", "removed: " + _relation_text(relation)))
    for before, after in kind_changes:
        first = after.evidence[0]
        message = f"`{after.source}` → `{after.target}`: {before.kind} is now {after.kind}"
        marks.append(Mark("notice", first.file, first.line, "relation changed", message))

    found_before = _findings(old, pairs)
    found_after = _findings(new)
    found_after.update(_stale_names(gone.values(), old, new, pairs, found_after))
    new_findings, resolved = [], []
    for key, finding in found_before.items():
        if key[0] == "reaches" and key[1] in new.agents and key not in found_after:
            agent = new.agents[key[1]]
            line = _lost_line(old, new, pairs, key[1])
            new_findings.append(
                {
                    "kind": "lost-escalation",
                    "agents": [key[1]],
                    "message": f"`{key[1]}` no longer reaches a person (before: {finding['message']})",
                    "file": agent.source,
                    "line": line,
                }
            )
    escalating = {pairs[r.source] for r in old.relations if r.kind == "escalates_to" and r.source in pairs}
    for key, finding in found_after.items():
        # An agent that escalated at BASE without reaching a person, and reaches one now.
        if key[0] == "reaches" and key[1] in escalating and key not in found_before:
            resolved.append(
                dict(finding, kind="lost-escalation", message=f"`{key[1]}` now reaches a person: {finding['message']}")
            )
    for key, finding in found_after.items():
        if key[0] != "reaches" and key not in found_before:
            new_findings.append(finding)
    for key, finding in found_before.items():
        if key[0] != "reaches" and key not in found_after:
            resolved.append(finding)
    new_findings += _tool_findings(old, new, pairs)
    new_findings = _sorted_findings(_overlaps(new_findings, "now share"))
    resolved = _sorted_findings(_overlaps(resolved, "no longer share"))
    for finding in new_findings:
        marks.append(Mark("warning", finding["file"], finding["line"], finding["kind"], finding["message"]))

    data = {
        "base": _side_data(base),
        "head": _side_data(head),
        "agents": {
            "added": added_agents,
            "removed": removed_agents,
            "renamed": renamed,
            "changed": changed,
        },
        "relations": {
            "added": [_relation_data(r) for r in sorted(came.values(), key=_relation_order)],
            "removed": [_relation_data(r) for r in sorted(gone.values(), key=_relation_order)],
            "changed": [
                {
                    "source": after.source,
                    "target": after.target,
                    "before": before.kind,
                    "after": after.kind,
                    "strength": after.strength,
                    "evidence": _relation_data(after)["evidence"],
                }
                for before, after in sorted(kind_changes, key=lambda pair: _relation_order(pair[1]))
            ],
        },
        "findings": {"added": new_findings, "resolved": resolved},
    }
    return Diff(data, marks)


def _side_data(side: Side) -> dict[str, Any]:
    return {
        "ref": side.label,
        "commit": side.commit,
        "agents": len(side.team.agents),
        "relations": len(side.team.relations),
    }


def _sorted_findings(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    order = {kind: number for number, kind in enumerate(FINDINGS)}
    return sorted(items, key=lambda f: (order.get(f["kind"], 99), f["file"] or "", f["line"] or 0, f["message"]))


def _overlaps(findings: list[dict[str, Any]], verb: str) -> list[dict[str, Any]]:
    """The findings with one overlap per duty area: the agents that newly share it (or no
    longer do), and whom they share it with."""
    out, areas = [], defaultdict(list)
    for finding in findings:
        if finding["kind"] == "overlap":
            areas[finding["area"]].append(finding)
        else:
            out.append(finding)
    for area, items in areas.items():
        moved = sorted({f["agent"] for f in items})
        everyone = sorted({a for f in items for a in f["agents"]})
        others = [a for a in everyone if a not in moved]
        message = ", ".join(f"`{a}`" for a in moved) + f" {verb} the duty area *{area}*"
        if others:
            message += " with " + ", ".join(f"`{a}`" for a in others)
        first = min(items, key=lambda f: (f["file"] or "", f["line"] or 0))
        out.append(
            {"kind": "overlap", "agents": everyone, "message": message, "file": first["file"], "line": first["line"]}
        )
    return out


def _tool_findings(old: Team, new: Team, pairs: Mapping[str, str]) -> list[dict[str, Any]]:
    """Agents that gain write or shell tools (a new agent that has them gains them too)."""
    back = {v: k for k, v in pairs.items()}
    out = []
    for agent in new.agents.values():
        after = _write_tools(agent)
        previous = old.agents.get(back[agent.id]) if agent.id in back else None
        before = _write_tools(previous) if previous is not None else set()
        if before is None:  # it had every tool already
            continue
        if after is None:
            gained = "every tool (write and shell included): the file no longer lists its tools"
            if previous is None:
                gained = "every tool (write and shell included): its file lists none"
        else:
            extra = sorted(after - before, key=str.lower)
            if not extra:
                continue
            gained = ", ".join(extra)
        who = "new agent" if previous is None else "agent"
        out.append(
            {
                "kind": "new-write-tools",
                "agents": [agent.id],
                "message": f"{who} `{agent.id}` gains {gained}",
                "file": agent.source,
                "line": _value_line(new, agent, "tools"),
            }
        )
    return out


def _stale_names(
    removed: Iterable[Relation], old: Team, new: Team, pairs: Mapping[str, str], found: Mapping[tuple, Any]
) -> dict[tuple, dict[str, Any]]:
    """Relations lost because their target is no longer an agent (removed or renamed) while
    the source's file still has the line that named it: a name that now points nowhere.

    The extractor keeps an unknown single word (``@qa``) as no relation at all, so such a
    line leaves no dangling reference in HEAD's graph; this finds it by the line's text."""
    out: dict[tuple, dict[str, Any]] = {}
    for relation in removed:
        target = relation.target
        if target not in old.agents or pairs.get(target) == target or relation.source not in pairs:
            continue
        before, after = old.agents[relation.source], new.agents[pairs[relation.source]]
        lines = after.body.splitlines()
        for evidence in relation.evidence:
            text = " ".join(evidence.text.split())
            if evidence.file != before.source or len(text) < 8:
                continue
            at = next((i for i, line in enumerate(lines) if text in " ".join(line.split())), None)
            if at is None:
                continue
            key = ("dangling", after.id, relation.kind, target)
            if key not in found:
                now = f"is now `{pairs[target]}`" if target in pairs else "was removed"
                out[key] = {
                    "kind": "dangling",
                    "agents": [after.id],
                    "message": f"`{after.id}` still names `{target}` ({relation.kind}), which {now}",
                    "file": after.source,
                    "line": after.body_line + at,
                }
            break
    return out


def _lost_line(old: Team, new: Team, pairs: Mapping[str, str], agent_id: str) -> int:
    """Where to show that an agent lost its route: its escalation in HEAD, else where it was."""
    agent = new.agents[agent_id]
    for relation in new.relations:
        if relation.source == agent_id and relation.kind == "escalates_to":
            for evidence in relation.evidence:
                if evidence.file == agent.source:
                    return evidence.line
    back = {v: k for k, v in pairs.items()}
    previous = old.agents.get(back.get(agent_id, ""))
    if previous is not None:
        for relation in old.relations:
            if relation.source == previous.id and relation.kind == "escalates_to":
                for evidence in relation.evidence:
                    if evidence.file == previous.source:
                        return _map_line(previous, agent, evidence.line)
    return _value_line(new, agent, "name")


def _head_place(relation: Relation, old: Team, new: Team, pairs: Mapping[str, str]) -> tuple[str | None, int | None]:
    """Where a removed relation's first evidence line would be in HEAD, when its file is there."""
    first = relation.evidence[0]
    owner = next((a for a in old.agents.values() if a.source == first.file and a.id == relation.source), None)
    owner = owner or next((a for a in old.agents.values() if a.source == first.file), None)
    if owner is None or owner.id not in pairs:
        return None, None
    now = new.agents[pairs[owner.id]]
    return now.source, _map_line(owner, now, first.line)


def _relation_order(relation: Relation) -> tuple:
    return (relation.source, KIND_ORDER.get(relation.kind, 9), relation.target)


def _relation_text(relation: Relation) -> str:
    level = f" (level {relation.level})" if relation.level is not None else ""
    return f"`{relation.source}` {relation.kind} `{relation.target}`{level}"


#: What a field's absence means, as shown.
ABSENT = {"tools": "every tool, none listed", "model": "inherit"}


def _brief(value: Any, limit: int = 80, field: str = "") -> str:
    if value is None:
        return f"({ABSENT.get(field, 'none')})"
    text = ", ".join(value) if isinstance(value, list) else str(value)
    text = " ".join(text.split())
    return (text[: limit - 1] + "…" if len(text) > limit else text) or '""'


# -- output ------------------------------------------------------------------------------------


def summary(data: Mapping[str, Any]) -> str:
    """One line: how many agents, relations and findings changed."""
    parts = []
    agents, relations, findings = data["agents"], data["relations"], data["findings"]
    words = [(len(agents[k]), k) for k in ("added", "removed", "renamed", "changed")]
    counted = ", ".join(f"{n} {k}" for n, k in words if n)
    if counted:
        parts.append(f"agents: {counted}")
    counted = ", ".join(f"{len(relations[k])} {k}" for k in ("added", "removed", "changed") if relations[k])
    if counted:
        parts.append(f"relations: {counted}")
    kinds: dict[str, int] = defaultdict(int)
    for finding in findings["added"]:
        kinds[finding["kind"]] += 1
    if kinds:
        listed = ", ".join(f"{n} {k}" for k, n in kinds.items())
        parts.append(f"{len(findings['added'])} new finding{'s' if len(findings['added']) != 1 else ''} ({listed})")
    if findings["resolved"]:
        parts.append(f"{len(findings['resolved'])} resolved")
    if not parts:
        return "no change to the team"
    return "; ".join(parts)


def _where(item: Mapping[str, Any]) -> str:
    return f"{item['file']}:{item['line']}" if item.get("file") and item.get("line") else item.get("file") or ""


def _evidence_text(relation: Mapping[str, Any]) -> str:
    first = relation["evidence"][0]
    return f"{first['file']}:{first['line']}: {' '.join(first['text'].split())}"


def text(data: Mapping[str, Any]) -> str:
    """Plain lines for a terminal."""
    head = data["head"]["ref"]
    lines = [f"{data['base']['ref']} → {head}: {summary(data)}"]
    findings = data["findings"]
    if findings["added"]:
        lines += ["", "New findings:"]
        lines += [f"  {f['kind']}: {_plain(f['message'])}  [{_where(f)}]" for f in findings["added"]]
    if findings["resolved"]:
        lines += ["", "Resolved findings:"]
        lines += [f"  {f['kind']}: {_plain(f['message'])}" for f in findings["resolved"]]
    agents = data["agents"]
    if any(agents.values()):
        lines += ["", "Agents:"]
        lines += [f"  + {a}" for a in agents["added"]]
        lines += [f"  - {a}" for a in agents["removed"]]
        for item in agents["renamed"]:
            lines.append(f"  ~ {item['from']} → {item['to']} ({item['from_file']} → {item['to_file']})")
        for item in agents["changed"]:
            for change in item["fields"]:
                lines.append(
                    f"  ~ {item['id']} {change['field']}: {_brief(change['before'], field=change['field'])} → "
                    f"{_brief(change['after'], field=change['field'])}"
                )
    relations = data["relations"]
    if any(relations.values()):
        lines += ["", "Relations:"]
        for sign, key in (("+", "added"), ("-", "removed")):
            for r in relations[key]:
                lines.append(f"  {sign} {r['source']} {r['kind']} {r['target']}  [{_evidence_text(r)}]")
        for r in relations["changed"]:
            lines.append(f"  ~ {r['source']} → {r['target']}: {r['before']} → {r['after']}  [{_evidence_text(r)}]")
    return "\n".join(_plain(line) for line in lines) + "\n"


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x1b]")


def _plain(text: str) -> str:
    """Untrusted text for a terminal: no control characters (escape sequences)."""
    return _CONTROL.sub("", text)


#: Characters that could start Markdown or HTML, written as numeric character references:
#: GitHub and Python-Markdown both show them as the character and read no markup in them.
_MARKDOWN_SPECIAL = {ord(c): f"&#{ord(c)};" for c in "\\`*_[]|~<>&"}


def md(text: Any) -> str:
    """Untrusted text as literal Markdown: one line, no HTML, no markup, no @-mentions."""
    out = re.sub(r"\s+", " ", str(text)).translate(_MARKDOWN_SPECIAL)
    return out.replace("@", "@\u200b")


def _md_message(message: str) -> str:
    """A finding's message: ids are written between backticks and are slugs; the rest is escaped."""
    parts = message.split("`")
    return "".join(f"`{p}`" if i % 2 and re.fullmatch(r"[A-Za-z0-9._:-]+", p) else md(p) for i, p in enumerate(parts))


def _fold(title: str, items: list[str], out: list[str], fold: bool = True, limit: int | None = None) -> None:
    if not items:
        return
    if limit is not None and len(items) > limit:
        items = [*items[:limit], f"… and {len(items) - limit} more (`agent-handbook diff --format json` lists all)"]
    if len(items) <= FOLD or not fold:
        out.append(f"**{title}**\n")
        out += [f"- {item}" for item in items]
        out.append("")
        return
    out.append(f"<details><summary><strong>{title}</strong></summary>\n")
    out += [f"- {item}" for item in items]
    out += ["", "</details>", ""]


#: Characters of a pull-request comment GitHub keeps (65,536), less room to spare.
COMMENT_LIMIT = 60_000


def markdown(
    data: Mapping[str, Any], heading: str = "###", link: Callable[[str], str] | None = None, comment: bool = True
) -> str:
    """A pull-request comment: a summary line, then sections; long lists folded in
    ``<details>`` and a marker at the end (``comment``; a page shows every list open).

    A comment longer than GitHub keeps shows the first items of each list only.
    ``link(id)`` writes an agent of HEAD (``` `id` ``` by default: a page links it there)."""
    for limit in (None, 100, 30, 10, 3) if comment else (None,):
        text = _markdown(data, heading, link, comment, limit)
        if len(text) <= COMMENT_LIMIT:
            break
    return text


def _markdown(
    data: Mapping[str, Any], heading: str, link: Callable[[str], str] | None, comment: bool, limit: int | None
) -> str:
    def fold(title: str, items: list[str], out: list[str]) -> None:
        _fold(title, items, out, comment, limit)

    base, head = data["base"], data["head"]
    code = link or (lambda agent_id: f"`{agent_id}`")
    out = [f"**Agent team** ({md(base['ref'])} → {md(head['ref'])}): {md(summary(data))}", ""]
    findings = data["findings"]
    if findings["added"] or findings["resolved"]:
        out += [f"{heading} Findings", ""]
        fold(
            f"{len(findings['added'])} new",
            [f"**{f['kind']}**: {_md_message(f['message'])}{_md_where(f)}" for f in findings["added"]],
            out,
        )
        fold(
            f"{len(findings['resolved'])} resolved",
            [f"**{f['kind']}**: {_md_message(f['message'])}" for f in findings["resolved"]],
            out,
        )
    agents = data["agents"]
    if any(agents.values()):
        out += [f"{heading} Agents", ""]
        fold(f"{len(agents['added'])} added", [code(a) for a in agents["added"]], out)
        fold(f"{len(agents['removed'])} removed", [f"`{a}`" for a in agents["removed"]], out)
        fold(
            f"{len(agents['renamed'])} renamed or moved",
            [f"`{r['from']}` → {code(r['to'])} ({md(r['from_file'])} → {md(r['to_file'])})" for r in agents["renamed"]],
            out,
        )
        fold(
            f"{len(agents['changed'])} changed",
            [
                f"{code(c['id'])} {md(f['field'])}: {md(_brief(f['before'], field=f['field']))} → "
                f"{md(_brief(f['after'], field=f['field']))}"
                for c in agents["changed"]
                for f in c["fields"]
            ],
            out,
        )
    relations = data["relations"]
    if any(relations.values()):
        out += [f"{heading} Relations", ""]
        for key in ("added", "removed"):
            items = [
                f"`{r['source']}` {r['kind'].replace('_', ' ')} `{r['target']}`: {_md_evidence(r)}"
                for r in relations[key]
            ]
            fold(f"{len(items)} {key}", items, out)
        items = [
            f"`{r['source']}` → `{r['target']}`: {r['before'].replace('_', ' ')} is now "
            f"{r['after'].replace('_', ' ')}: {_md_evidence(r)}"
            for r in relations["changed"]
        ]
        fold(f"{len(items)} changed kind", items, out)
    if comment:
        out.append(MARKER)
    return "\n".join(out) + "\n"


def _md_where(finding: Mapping[str, Any]) -> str:
    return f" ({md(_where(finding))})" if finding.get("file") else ""


def _md_evidence(relation: Mapping[str, Any]) -> str:
    first = relation["evidence"][0]
    return f"{md(first['file'])} line {first['line']}: “{md(_brief(first['text'], 200))}”"


def github(diff: Diff, fail_on: Iterable[str] = ()) -> str:
    """GitHub Actions workflow commands: an annotation on HEAD's file and line of each item
    (a new finding is a warning, an error when ``--fail-on`` blocks it; the rest notices)."""
    blocking = set(fail_on)
    lines = []
    for mark in diff.marks:
        level = mark.level
        if level == "warning" and (mark.title in blocking or "any" in blocking):
            level = "error"
        where = []
        if mark.file:
            where.append(f"file={_property(mark.file)}")
            if mark.line:
                where.append(f"line={mark.line}")
        where.append(f"title={_property('agent-handbook diff: ' + mark.title)}")
        lines.append(f"::{level} {','.join(where)}::{_data(mark.message)}")
    return "".join(line + "\n" for line in lines)


def to_json(diff: Diff) -> str:
    return json.dumps(diff.data, indent=2, ensure_ascii=False) + "\n"


def schema() -> dict[str, Any]:
    """The JSON Schema of ``diff --format json`` (shipped as ``schema/diff.schema.json``)."""
    from importlib import resources

    return json.loads(resources.files(__package__).joinpath("schema", "diff.schema.json").read_text("utf-8"))


def since(revision: str, paths: Sequence[Path], root: Path, options: Options) -> Diff:
    """The change from ``revision`` to the files on disk under ``paths`` (for the site's
    "Changes since" page); raises :class:`DiffError` when it cannot be made."""
    with ExitStack() as stack:
        if not paths:
            raise DiffError("no agent folder to compare")
        sides = read_sides(revision, [str(p.resolve()) for p in paths], options, stack, cwd=root)
        return compare(*sides)


def page(diff: Diff, link: Callable[[str], str] | None = None) -> str:
    """The handbook's "Changes since REV" page: a title, then what ``markdown`` says."""
    title = f"# Changes since {md(diff.data['base']['ref'])}"
    return title + "\n\n" + markdown(diff.data, heading="##", link=link, comment=False)


# -- the command -------------------------------------------------------------------------------


def _fail_on(text: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in FAIL_ON]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown --fail-on {', '.join(unknown)} (known: {', '.join(FAIL_ON)})")
    return names


USAGE = "agent-handbook diff [options] BASE [HEAD] [PATH ...]"
DESCRIPTION = (
    "What a change does to the team: agents, relations and findings between two git revisions "
    "(HEAD defaults to the working tree) or two folders."
)


def add_arguments(command: argparse.ArgumentParser) -> None:
    """The options of ``diff`` besides the team options ``check`` takes (cli.py adds those)."""
    for action in command._actions:
        if action.dest == "paths":
            action.metavar = "HEAD|PATH"
            action.help = (
                "HEAD, a git revision (default: the working tree) or the folder to compare with, "
                "then agent folders or files (default: the known agent folders of every format here)"
            )
    command.add_argument(
        "--format", choices=FORMATS, default="text", help="text, a Markdown pull-request comment, annotations, JSON"
    )
    command.add_argument(
        "--fail-on",
        action="append",
        default=[],
        type=_fail_on,
        metavar="WHAT",
        help=f"exit 1 when the change brings one of these (comma-separated, repeatable): {', '.join(FAIL_ON)}",
    )
    command.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")


def run(args: argparse.Namespace) -> int:
    """``agent-handbook diff``: 0, 1 when ``--fail-on`` is met, 2 on a usage problem."""
    base, rest = args.base, [str(p) for p in args.paths]
    severity = dict(args.severity)
    options = Options(
        include=args.include or DEFAULT_INCLUDE,
        exclude=args.exclude,
        aliases=dict(args.alias),
        ignore_names=args.ignore_name,
        severity=severity,
    )
    fail_on = [name for group in args.fail_on for name in group]
    try:
        with ExitStack() as stack:
            sides = read_sides(base, rest, options, stack)
            diff = compare(*sides)
    except DiffError as error:
        print(f"agent-handbook diff: {error}", file=sys.stderr)
        return 2
    if args.format == "json":
        out = to_json(diff)
    elif args.format == "markdown":
        out = markdown(diff.data)
    elif args.format == "github":
        out = github(diff, fail_on)
    else:
        out = text(diff.data)
    if args.output:
        Path(args.output).write_text(out, encoding="utf-8")
    else:
        sys.stdout.write(out)
    failed = diff.failed(fail_on)
    if failed:
        blocked = ", ".join(dict.fromkeys(fail_on))
        print(f"agent-handbook diff: the change brings {', '.join(failed)} (--fail-on {blocked})", file=sys.stderr)
        return 1
    return 0
