"""The pipeline: discover -> read -> extract -> resolve, giving a :class:`Team`.

``load_team`` is the one entry point the CLI, the MkDocs plugin and the tests use. It
never raises on bad agent files: each becomes diagnostics and the rest goes on.
"""

from __future__ import annotations

import difflib
import os
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import diagnostics as diag
from .blocks import Line, scan
from .corrections import Correction, read_corrections
from .corrections import apply as apply_corrections
from .corrections import default_path as default_corrections
from .discover import DEFAULT_INCLUDE, discover
from .extract import read_agent
from .facts import Facts, agent_facts
from .formats import copilot, crewai, expand_rules, read_path, settle
from .model import MENTIONS, STRENGTHS, Agent, Diagnostic, ExternalRole, Mention, Relation
from .names import NameIndex, external_id, external_role_kind, name_key, slug
from .parallel import fork_map
from .read import MetaValue, ReadResult

if TYPE_CHECKING:
    from .graph import TeamGraph

#: Page names taken by generated pages in the agents folder of the handbook.
RESERVED_PAGES = frozenset({"index"})


@dataclass
class Parsed:
    """One file after reading: kept across ``mkdocs serve`` rebuilds while unchanged."""

    result: ReadResult
    source_lines: list[str]
    #: Mentions read from this file, with the signature of the name index they were read
    #: with: reused while neither the file nor the team's names change.
    mentions: tuple[int, list[Mention]] | None = None
    _lines: list[Line] | None = field(default=None, repr=False)

    @property
    def lines(self) -> list[Line]:
        """The body's lines with their structure, scanned on first use: on a large team,
        by the workers that extract the relations."""
        if self._lines is None:
            agent = self.result.agent
            self._lines = scan(agent.body, agent.body_line) if agent is not None else []
        return self._lines


class _Lines(Mapping[str, list[Line]]):
    """Each agent's scanned lines, scanned when asked for (see :attr:`Parsed.lines`)."""

    def __init__(self, entries: Mapping[str, Parsed]) -> None:
        self._entries = entries

    def __getitem__(self, agent_id: str) -> list[Line]:
        return self._entries[agent_id].lines

    def __iter__(self):
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


@dataclass(frozen=True, slots=True)
class Copy:
    """One file of an agent defined several times, compared with the first file."""

    agent: str
    #: The same text as the first file (front matter and body).
    same: bool
    #: The lines that differ, as a unified diff against the first file (cut when long).
    diff: tuple[str, ...] = ()
    changed: int = 0


@dataclass(frozen=True, slots=True)
class Copies:
    """Files that define an agent of the same name: the first, and each other copy."""

    name: str
    first: str
    others: tuple[Copy, ...]


#: Lines of a diff kept per copy; the count of changed lines is always whole.
DIFF_LINES = 60


def file_stem(source: str) -> str:
    """An agent file's name without its extensions (``code-reviewer``, ``planner`` of
    ``planner.agent.md``): the name tools give an agent that has none."""
    stem = source.rsplit("/", 1)[-1]
    return copilot.stem_of(stem[:-3]) if stem.lower().endswith(".md") else stem.rsplit(".", 1)[0]


def copy_name(agent: Agent) -> str:
    """The name an agent is a copy under, whatever id it was given: its name without the
    plugin or folder put in front of it. ``p01:code-reviewer`` (a plugin's namespace) and
    ``comprehensive-review-code-reviewer`` in ``plugins/comprehensive-review/agents/code-reviewer.md``
    (a name that repeats its folder) are both copies of ``code-reviewer``."""
    name = agent.name
    if agent.namespace and name.startswith(f"{agent.namespace}:"):
        name = name[len(agent.namespace) + 1 :]
    key, stem = name_key(name), file_stem(agent.source)
    tail = name_key(stem)
    if tail and key != tail and key.endswith(f"-{tail}"):
        folders = {name_key(part) for part in agent.source.split("/")[:-1]} | {name_key(agent.namespace)}
        if key[: -len(tail) - 1] in folders - {""}:
            return stem
    return name


def find_copies(agents: Mapping[str, Agent], entries: Mapping[str, Parsed]) -> list[Copies]:
    """Agents that share a name (``code-reviewer`` in seven plugins, see :func:`copy_name`),
    each copy compared with the first file by path: the same text, or the lines that differ."""
    by_name: dict[str, list[str]] = defaultdict(list)
    bases: dict[str, str] = {}
    by_file: set[str] = set()  # agents grouped by their file's name: copies only if their text is alike
    for agent in agents.values():
        name = copy_name(agent)
        by_name[name_key(name)].append(agent.id)
        bases[agent.id] = name
        own = name_key(agent.name.removeprefix(f"{agent.namespace}:"))
        # A plugin's name before a file's (comprehensive-review-code-reviewer) is how plugin
        # collections name the agent they all ship; a folder's is a category's.
        if name_key(name) != own and not (agent.namespace and own == name_key(f"{agent.namespace}-{name}")):
            by_file.add(agent.id)
    found = []
    for ids in by_name.values():
        if len(ids) < 2:
            continue
        ids = sorted(ids, key=lambda a: agents[a].source)
        first = entries[ids[0]].source_lines
        others = []
        for agent_id in ids[1:]:
            lines = entries[agent_id].source_lines
            if lines == first:
                others.append(Copy(agent_id, True))
                continue
            diff = list(
                difflib.unified_diff(first, lines, agents[ids[0]].source, agents[agent_id].source, n=1, lineterm="")
            )
            changed = sum(1 for d in diff[2:] if d[:1] in "+-")
            if {ids[0], agent_id} & by_file and changed > (len(first) + len(lines)) / 2:
                # backend/developer.md (backend-developer) and frontend/developer.md
                # (frontend-developer): two agents, not two copies of a "developer".
                continue
            others.append(Copy(agent_id, False, tuple(diff[:DIFF_LINES]), changed))
        if others:
            found.append(Copies(bases[ids[0]], ids[0], tuple(others)))
    return sorted(found, key=lambda c: c.name)


def tell_apart(sources: Sequence[str]) -> list[str]:
    """What tells files of one agent name apart, for labels: the nearest folder whose name
    differs between all of them (the plugin of ``plugins/<plugin>/agents/x.md``), else each
    file's folder and name."""
    folders = [source.split("/")[:-1][::-1] for source in sources]
    depth = max(len(f) for f in folders)
    for level in range(depth):
        tags = [f[level] if level < len(f) else "" for f in folders]
        if all(tags) and len(set(tags)) == len(tags):
            return tags
    stems = [file_stem(source) for source in sources]
    if len(set(stems)) == len(stems):
        return stems
    return list(sources)


def copy_labels(copies: Sequence[Copies], agents: Mapping[str, Agent]) -> dict[str, str]:
    """Labels for agents that would look alike: ``code-reviewer · comprehensive-review``."""
    labels: dict[str, str] = {}
    for group in copies:
        ids = [group.first, *(c.agent for c in group.others)]
        for agent_id, tag in zip(ids, tell_apart([agents[a].source for a in ids])):
            labels[agent_id] = f"{group.name} · {tag}"
    return labels


def copy_diagnostics(copies: list[Copies], agents: Mapping[str, Agent]) -> list[Diagnostic]:
    out = []
    for group in copies:
        first = agents[group.first].source
        for copy in group.others:
            agent = agents[copy.agent]
            if copy.same:
                out.append(
                    diag.make("copied-agent", agent.source, 1, f"`{agent.name}` is a copy of {first}, line for line")
                )
            else:
                lines = "line" if copy.changed == 1 else "lines"
                message = f"`{agent.name}` is also defined in {first}; this copy differs in {copy.changed} {lines}"
                out.append(diag.make("copied-agent", agent.source, 1, message))
    return out


@dataclass
class Team:
    """A team of agents with its resolved relations and every diagnostic."""

    agents: dict[str, Agent]
    external: dict[str, ExternalRole]
    #: The relations the views draw: stated and inferred.
    relations: list[Relation]
    diagnostics: list[Diagnostic]
    #: Every file discovered, as shown in output (relative paths).
    files: list[str]
    #: The scanned body of each agent, for views that read duties and procedures.
    lines: Mapping[str, list[Line]] = field(default_factory=dict)
    #: Every front-matter value of each agent with its line.
    values: dict[str, list[MetaValue]] = field(default_factory=dict)
    index: NameIndex = field(default_factory=NameIndex)
    #: Facts of the agents whose files were read for this team (the others' are kept by
    #: the views across ``mkdocs serve`` rebuilds).
    facts: dict[str, Facts] = field(default_factory=dict)
    #: Agents named in another agent's file with no cue that says how they relate (kind
    #: ``mentions``, strength ``mention``): listed, never drawn. A pair that has a relation
    #: is not listed again here.
    mentions: list[Relation] = field(default_factory=list)
    #: Agents defined by several files under one name (plugins that each ship a copy).
    copies: list[Copies] = field(default_factory=list)
    #: The graph built when the team was (for its cycle check), for the views to use again.
    graph: TeamGraph | None = field(default=None, repr=False, compare=False)
    #: Labels of the agents that share a name, each with what tells it apart (see
    #: :func:`copy_labels`); every other agent is shown by its name.
    labels: dict[str, str] = field(default_factory=dict)

    def relations_of(self, agent_id: str) -> list[Relation]:
        return [r for r in self.relations if agent_id in (r.source, r.target)]

    def diagnostics_for(self, file: str) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.file == file]


class ParseCache:
    """Parsed files keyed by path, modification time and size (for ``mkdocs serve``)."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[tuple[int, int], list[Parsed]]] = {}
        self.hits = 0
        self.misses = 0

    def get_many(
        self, paths: Sequence[Path], displays: Sequence[str], progress: Callable[[int, int], None] | None = None
    ) -> list[Parsed]:
        """Each file parsed (a file may define several agents), or taken from the cache when
        unchanged since it was parsed."""
        out: list[list[Parsed] | None] = []
        missing: list[tuple[int, Path, str, tuple[int, int]]] = []
        for path, display in zip(paths, displays):
            stamp = _stamp(path)
            cached = self._entries.get(str(path))
            if cached and cached[0] == stamp and stamp != (-1, -1):
                self.hits += 1
                out.append(cached[1])
            else:
                missing.append((len(out), path, display, stamp))
                out.append(None)
        self.misses += len(missing)
        # Reading is not shared out: sending what was read back costs what reading does.
        # Scanning the lines is, with the extraction (see Parsed.lines).
        for done, (position, path, display, stamp) in enumerate(missing):
            if progress is not None:
                progress(done, len(missing))
            parsed = parse(path, display)
            self._entries[str(path)] = (stamp, parsed)
            out[position] = parsed
        return [item for items in out for item in items or ()]


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1)
    if path.name in crewai.AGENT_FILES:  # a crew is read with the tasks beside it
        for name in crewai.TASK_FILES:
            tasks = _stamp(path.parent / name)
            if tasks != (-1, -1):
                return (stat.st_mtime_ns ^ tasks[0], stat.st_size + tasks[1])
    return (stat.st_mtime_ns, stat.st_size)


def parse(path: Path, display: str) -> list[Parsed]:
    results, text = read_path(path, display)
    lines = (text or "").split("\n")
    return [Parsed(r, [], _lines=[]) if r.agent is None else Parsed(r, lines) for r in results]


def display_path(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with ``/`` separators (``..`` when outside it).

    Links are not resolved: a file is shown where it was found, never where a link leads.
    """
    try:
        return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(root))).as_posix()
    except ValueError:  # another drive on Windows
        return Path(os.path.abspath(path)).as_posix()


def load_team(
    paths: Sequence[str | os.PathLike[str]],
    *,
    root: str | os.PathLike[str] | None = None,
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    aliases: Mapping[str, str] | None = None,
    skip: Sequence[Path] = (),
    cache: ParseCache | None = None,
    ignore_names: Sequence[str] = (),
    severity: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    boundary: str | os.PathLike[str] | None = None,
    configured: bool = True,
    corrections: str | os.PathLike[str] | None = None,
) -> Team:
    """Read every agent file under ``paths`` into a resolved :class:`Team`.

    ``root`` is what shown paths are relative to (the current folder by default);
    ``aliases`` maps extra spellings to agent ids (``{"Tech Lead": "tech-lead"}``);
    ``ignore_names`` are spellings that name no one (``["Context7", "@doc"]``);
    ``severity`` sets a diagnostic code's severity (``{"dangling-reference": "info"}``,
    ``off`` to leave the code out); ``progress(done, total)`` is called before each file is
    read. Symbolic links may not lead out of ``boundary`` (default: each path's repository);
    ``configured`` says the paths were named by the user (not found by default), so where
    they themselves lead is read (see :func:`.discover.discover`). ``corrections`` is the
    team's corrections file; not given, the one at its default place under ``root``
    (:data:`~agent_handbook.corrections.DEFAULT_FILE`), if there is one.
    """
    base = Path(os.path.abspath(root if root is not None else Path.cwd()))  # once, not per file
    found = discover(
        [Path(p) for p in paths],
        include,
        exclude,
        skip,
        boundary=Path(boundary) if boundary is not None else None,
        configured=configured,
        show=lambda p: display_path(p, base),
    )
    shown = [display_path(f, base) for f in found.files]
    parsed = (cache or ParseCache()).get_many(found.files, shown, progress)
    parsed.extend(Parsed(ReadResult(None, [problem]), [], _lines=[]) for problem in found.problems)
    found_corrections: list[Correction] = []
    problems: list[Diagnostic] = []
    path = Path(corrections) if corrections is not None else default_corrections(base)
    if corrections is not None or path.is_file():
        found_corrections, problems = read_corrections(path, display_path(path, base))
    team = build_team(parsed, shown, aliases or {}, ignore_names, severity or {}, found_corrections)
    if problems:
        more = diag.with_severities(problems, severity or {})
        team.diagnostics = sorted(set(team.diagnostics) | set(more), key=Diagnostic.sort_key)
    return team


def _lookalike(item: Parsed) -> bool:
    return any(d.code == "confusable-name" for d in item.result.diagnostics)


def build_team(
    parsed: list[Parsed],
    files: list[str],
    aliases: Mapping[str, str],
    ignore_names: Sequence[str] = (),
    severity: Mapping[str, str] | None = None,
    corrections: Sequence[Correction] = (),
) -> Team:
    """Ids, the name index, extraction and resolution over already-read files, then the
    team's ``corrections`` (see :mod:`agent_handbook.corrections`)."""
    diagnostics: list[Diagnostic] = []
    agents: dict[str, Agent] = {}
    entries: dict[str, Parsed] = {}
    # A look-alike name never takes the id of the name it imitates, whichever file sorts first.
    ordered_items = sorted(parsed, key=_lookalike)
    settled, found = settle([item.result.agent for item in ordered_items])
    diagnostics.extend(found)
    for item, agent in zip(ordered_items, settled):
        diagnostics.extend(item.result.diagnostics)
        if agent is None:
            continue
        if agent.id in agents:
            first = agents[agent.id]
            new_id = _free_id(agent.id, agents)
            code_message = f"`{agent.name}` has the id `{agent.id}` of {first.source}; this one is `{new_id}`"
            diagnostics.append(diag.make("duplicate-name", agent.source, _name_line(item), code_message))
            agent = replace(agent, id=new_id, page=new_id)
        if agent.page in RESERVED_PAGES:
            page = _free_id(agent.page + "-agent", agents)
            diagnostics.append(
                diag.make(
                    "reserved-name",
                    agent.source,
                    _name_line(item),
                    f"`{agent.id}` is a generated page name; its page is `{page}`",
                )
            )
            agent = replace(agent, page=page)
        agents[agent.id] = agent
        entries[agent.id] = item

    index = NameIndex()
    index.ignored = frozenset(name_key(n) for n in ignore_names if name_key(n))
    ordered = sorted(agents.values(), key=lambda a: a.id)
    for agent in ordered:  # ids first: no alias may shadow another agent's id
        index.add(agent.id, agent.id)
    for agent in ordered:
        stem = file_stem(agent.source)
        index.add_agent(
            agent.id, (agent.name, stem, *agent.aliases), folder=agent.source.rpartition("/")[0], name=agent.name
        )
    for agent in ordered:
        index.add_prefixes(agent.id)
    for spelling, target in sorted(aliases.items()):
        target_id = index.resolve(target) or slug(target)
        if target_id in agents:
            index.add(spelling, target_id)
            index.declare(spelling)

    mentions: dict[str, list[Mention]] = {}
    signature = index.signature()
    todo = []
    for agent_id, item in entries.items():
        if item.mentions is not None and item.mentions[0] == signature and item.result.agent == agents[agent_id]:
            mentions[agent_id] = item.mentions[1]
        else:
            todo.append(agent_id)

    def extract(agent_id: str) -> tuple[list[Mention], Facts]:
        # The facts (duties, procedures) the views read come from the same lines: on a
        # large team, reading them here shares that work out too.
        item, agent = entries[agent_id], agents[agent_id]
        stated = expand_rules(agent, item.result.relations, agents)  # the format's relation fields
        return (
            read_agent(agent, item.result.prose_values(), item.lines, index, item.source_lines) + stated,
            agent_facts(agent, item.lines, item.result.values),
        )

    facts: dict[str, Facts] = {}
    for agent_id, (found, read) in zip(todo, fork_map(extract, todo)):
        entries[agent_id].mentions = (signature, found)
        mentions[agent_id] = found
        facts[agent_id] = read
    relations, external, found = resolve(agents, mentions, index)
    diagnostics.extend(found)
    rejected: set[frozenset[str]] = set()
    if corrections:
        relations, external, rejected, found = apply_corrections(corrections, relations, external, agents, index)
        diagnostics.extend(found)
    diagnostics.extend(dangling_diagnostics(relations, external, index))
    copied = find_copies(agents, entries)
    renamed = {d.file for d in diagnostics if d.code == "duplicate-name"}  # already reported as such
    diagnostics.extend(d for d in copy_diagnostics(copied, agents) if d.file not in renamed)
    references = [r for r in relations if r.kind == MENTIONS]
    relations = [r for r in relations if r.kind != MENTIONS]
    # A pair the team rejected a relation of is not listed as a bare mention either.
    related = {frozenset((r.source, r.target)) for r in relations} | rejected
    references = [r for r in references if frozenset((r.source, r.target)) not in related]
    team = Team(
        agents=dict(sorted(agents.items())),
        external=dict(sorted(external.items())),
        relations=relations,
        diagnostics=[],
        files=sorted(files),
        lines=_Lines({k: entries[k] for k in sorted(entries)}),
        values={k: entries[k].result.values for k in sorted(entries)},
        index=index,
        facts=facts,
        mentions=references,
        copies=copied,
        labels=copy_labels(copied, agents),
    )
    from .graph import TeamGraph  # the graph reads the team; import here avoids a cycle

    team.graph = TeamGraph(team)
    diagnostics.extend(team.graph.cycle_diagnostics())
    team.diagnostics = sorted(set(diag.with_severities(diagnostics, severity or {})), key=Diagnostic.sort_key)
    return team


def _free_id(wanted: str, taken: Mapping[str, object]) -> str:
    candidate, number = wanted, 2
    while candidate in taken:
        candidate = f"{wanted}-{number}"
        number += 1
    return candidate


def _name_line(item: Parsed) -> int:
    for value in item.result.values:
        if value.path == ("name",):
            return value.line
    return 1


def resolve(
    agents: Mapping[str, Agent], mentions: Mapping[str, list[Mention]], index: NameIndex
) -> tuple[list[Relation], dict[str, ExternalRole], list[Diagnostic]]:
    """Mentions -> relations between node ids, external roles and reference diagnostics."""
    external: dict[str, ExternalRole] = {}
    problems: list[Diagnostic] = []
    grouped: dict[tuple[str, str, str], list[Mention]] = defaultdict(list)

    def node(written: str, style: str) -> str:
        agent = index.resolve(written)
        if agent:
            return agent
        node_id = external_id(written)
        if node_id in agents:
            return node_id
        if node_id not in external:
            role = external_role_kind(node_id, style, written)
            external[node_id] = ExternalRole(node_id, _display(written, node_id), role)
        elif external[node_id].role == "human" and external_role_kind(node_id, style, written) == "missing":
            # Written once as a role and once as an agent reference: it is meant as an agent.
            external[node_id] = replace(external[node_id], role="missing")
        return node_id

    for agent_id in sorted(mentions):
        for mention in mentions[agent_id]:
            source = agent_id if mention.source is None else node(mention.source, mention.style)
            target = agent_id if mention.target is None else node(mention.target, mention.style)
            if not source or not target:
                continue
            if source == target:
                if mention.style in {"list", "key", "at", "code", "self"}:
                    problems.append(
                        diag.make(
                            "self-reference",
                            mention.evidence.file,
                            mention.evidence.line,
                            f"`{agent_id}` names itself in a `{mention.kind}` relation",
                        )
                    )
                continue
            grouped[(source, mention.kind, target)].append(mention)

    relations = []
    for (source, kind, target), items in sorted(grouped.items()):
        evidence = tuple(sorted({m.evidence for m in items}))
        levels = [m.level for m in items if m.level is not None]
        condition = next((m.condition for m in sorted(items, key=lambda m: m.evidence) if m.condition), "")
        what = next((m.what for m in sorted(items, key=lambda m: m.evidence) if m.what), "")
        strength = min((m.strength for m in items), key=STRENGTHS.index)
        relations.append(
            Relation(source, kind, target, evidence, min(levels) if levels else None, condition, what, strength)
        )

    return relations, external, problems


def dangling_diagnostics(
    relations: Sequence[Relation], external: Mapping[str, ExternalRole], index: NameIndex | None = None
) -> list[Diagnostic]:
    """A ``dangling-reference`` for each relation to or from a name no file defines (with the
    agent it resembles, when ``index`` knows one)."""
    problems = []
    for relation in relations:
        for end in (relation.source, relation.target):
            role = external.get(end)
            if role is not None and role.role == "missing":
                first = relation.evidence[0]
                problems.append(
                    diag.make(
                        "dangling-reference",
                        first.file,
                        first.line,
                        f"`{role.name}` ({relation.kind}) is not an agent of this team"
                        + (_did_you_mean(role.name, index) if index is not None else ""),
                    )
                )
    return problems


def _did_you_mean(written: str, index: NameIndex) -> str:
    """A misspelled agent ("@reviwer"): the agent it resembles, as a hint."""
    agent = index.lookalike(written)
    return f": did you mean `{agent}`?" if agent else ""


def _display(written: str, node_id: str) -> str:
    text = written.strip().lstrip("@").strip("`*_ ")
    if name_key(text) in {"user", "users", "human", "humans", "the-user"}:
        return "User"
    return text or node_id
