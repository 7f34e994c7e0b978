"""The team's word: a corrections file where a team confirms, rejects or adds a relation.

The file lives in the repository (``agent-handbook.corrections.yaml`` beside mkdocs.yml by
default) and holds a list of corrections, each with a reason::

    relations:
      - reject: {source: planner, kind: delegates_to, target: django-guardian}
        reason: a library, not our agent
      - add: {source: planner, kind: escalates_to, target: user}
        reason: stated in our runbook
      - confirm: {source: coder, kind: hands_off_to, target: reviewer}
        reason: checked by hand

Corrections are applied to the resolved relations, before anything draws them: a rejected
relation leaves every page and export; an added one is ``stated`` with the correction as its
evidence; a confirmed one keeps what was read and gains the correction as its first piece of
evidence. A correction that matches nothing is ``stale-correction``; an entry that cannot be
read is ``invalid-correction``, with its line, and is not applied. Nothing here raises.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from . import diagnostics as diag
from .model import RELATION_KINDS, Agent, Diagnostic, Evidence, ExternalRole, Relation
from .names import NameIndex, external_id, external_role_kind, name_key
from .read import MetaValue, YamlError, parse_yaml, read_bytes

#: Where a team keeps its corrections, relative to the project root.
DEFAULT_FILE = "agent-handbook.corrections.yaml"

#: What a correction does to a relation, and the mark pages show for it.
VERDICTS: tuple[str, ...] = ("confirm", "reject", "add")
#: The mark a relation carries once the team has spoken: confirmed, or added (stated).
MARKS: dict[str, str] = {"confirm": "confirmed", "add": "added"}
#: How the evidence of a correction reads wherever evidence is quoted.
EVIDENCE_PREFIX: dict[str, str] = {"confirm": "Confirmed by the team", "add": "Stated by the team"}


@dataclass(frozen=True, slots=True)
class Correction:
    """One entry of the corrections file, as written (names not yet resolved)."""

    verdict: str
    source: str
    kind: str
    target: str
    reason: str
    file: str
    line: int

    @property
    def written(self) -> str:
        return f"{self.verdict} {self.source} {self.kind} {self.target}"


def default_path(root: Path) -> Path:
    """Where the corrections file of the project at ``root`` is looked for."""
    return root / DEFAULT_FILE


def read_corrections(path: Path, file: str) -> tuple[list[Correction], list[Diagnostic]]:
    """The corrections in ``path`` (shown as ``file``), and what could not be read."""
    text, problems = read_bytes(path, file)
    if text is None:
        return [], [diag.make("invalid-correction", file, d.line, d.message) for d in problems]
    problems = [d for d in problems if d.code != "decode-fallback"] + [
        diag.make("invalid-correction", file, d.line, d.message) for d in problems if d.code == "decode-fallback"
    ]
    found, more = parse_corrections(text, file)
    return found, problems + more


def parse_corrections(text: str, file: str) -> tuple[list[Correction], list[Diagnostic]]:
    """The corrections in ``text``; each entry that cannot be read is a diagnostic instead."""
    problems: list[Diagnostic] = []

    def bad(line: int, message: str) -> None:
        problems.append(diag.make("invalid-correction", file, line, message))

    if not text.strip():
        return [], problems
    try:
        data, values = parse_yaml(text)
    except YamlError as error:
        bad(error.line + 1, f"not valid YAML: {error}; no correction was applied")
        return [], problems
    if data is None:
        return [], problems
    if not isinstance(data, dict) or "relations" not in data:
        bad(1, "expected a mapping with a `relations:` list")
        return [], problems
    unknown = sorted(str(key) for key in data if key != "relations")
    if unknown:
        bad(_line(values, (unknown[0],)), f"unknown key `{unknown[0]}` (only `relations:` is read)")
    entries = data["relations"]
    if entries is None:
        return [], problems
    if not isinstance(entries, list):
        bad(_line(values, ("relations",)), "`relations:` must be a list of corrections")
        return [], problems
    found: list[Correction] = []
    for position, entry in enumerate(entries):
        line = _line(values, ("relations", f"[{position}]"))
        correction = _entry(entry, file, line, bad)
        if correction is not None:
            found.append(correction)
    return found, problems


def _entry(entry: object, file: str, line: int, bad) -> Correction | None:
    if not isinstance(entry, dict):
        bad(line, "a correction is a mapping: `{reject|confirm|add: {source, kind, target}, reason: …}`")
        return None
    verbs = [v for v in VERDICTS if v in entry]
    if len(verbs) != 1:
        bad(line, "a correction needs exactly one of `confirm`, `reject` or `add`")
        return None
    verdict = verbs[0]
    relation = entry[verdict]
    if not isinstance(relation, dict):
        bad(line, f"`{verdict}` needs a mapping `{{source, kind, target}}`")
        return None
    ends = {}
    for key in ("source", "kind", "target"):
        value = relation.get(key)
        if not isinstance(value, (str, int)) or not str(value).strip():
            bad(line, f"`{verdict}` needs a `{key}`")
            return None
        ends[key] = str(value).strip()
    if ends["kind"] not in RELATION_KINDS:
        bad(line, f"unknown kind `{ends['kind']}` (one of {', '.join(RELATION_KINDS)})")
        return None
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        bad(line, f"`{verdict}` of {ends['source']} {ends['kind']} {ends['target']} gives no `reason`; not applied")
        return None
    extra = sorted(str(k) for k in entry if k not in {verdict, "reason"})
    if extra:
        bad(line, f"unknown key `{extra[0]}` in a correction (it holds `{verdict}` and `reason`)")
    return Correction(verdict, ends["source"], ends["kind"], ends["target"], " ".join(reason.split()), file, line)


def _line(values: list[MetaValue], prefix: tuple[str, ...]) -> int:
    """The 1-based line of the first value under ``prefix`` (1 when none)."""
    size = len(prefix)
    lines = [v.line for v in values if v.path[:size] == prefix]
    return min(lines) + 1 if lines else 1


def apply(
    corrections: list[Correction],
    relations: list[Relation],
    external: dict[str, ExternalRole],
    agents: Mapping[str, Agent],
    index: NameIndex,
) -> tuple[list[Relation], dict[str, ExternalRole], set[frozenset[str]], list[Diagnostic]]:
    """Relations and external roles with the corrections applied, the pairs of nodes a
    rejection concerned, and a diagnostic for each correction that matched nothing."""
    problems: list[Diagnostic] = []
    by_key = {r.key: r for r in relations}
    external = dict(external)
    rejected: set[frozenset[str]] = set()
    done: dict[tuple[str, str, str], int] = {}

    def node(written: str, create: bool) -> str | None:
        if written in agents:
            return written
        key = external_id(written)
        if key in external:
            return key
        found = index.resolve(written)
        if found:
            return found
        if key in agents:
            return key
        if not create or not name_key(written):
            return None
        external[key] = ExternalRole(key, _display(written), external_role_kind(key, "plain", written))
        return key

    for correction in corrections:
        creating = correction.verdict == "add"
        source, target = node(correction.source, creating), node(correction.target, creating)
        if source is None or target is None:
            unknown = correction.source if source is None else correction.target
            message = f"`{correction.written}`: `{unknown}` is no agent, person or role of this team (stale?)"
            problems.append(diag.make("stale-correction", correction.file, correction.line, message))
            continue
        key = (source, correction.kind, target)
        if key in done:
            message = f"`{correction.written}`: this relation was already corrected on line {done[key]}; ignored"
            problems.append(diag.make("invalid-correction", correction.file, correction.line, message))
            continue
        done[key] = correction.line
        found = by_key.get(key)
        if correction.verdict == "reject":
            if found is None:
                message = f"`{correction.written}`: no such relation was read from the agent files (stale?)"
                problems.append(diag.make("stale-correction", correction.file, correction.line, message))
                continue
            del by_key[key]
            rejected.add(frozenset((source, target)))
            continue
        if source == target:
            message = f"`{correction.written}`: a relation needs two different ends"
            problems.append(diag.make("invalid-correction", correction.file, correction.line, message))
            continue
        if correction.verdict == "confirm" and found is None:
            message = f"`{correction.written}`: no such relation was read from the agent files (stale?)"
            problems.append(diag.make("stale-correction", correction.file, correction.line, message))
            continue
        verdict = "add" if found is None else "confirm"
        said = Evidence(correction.file, correction.line, f"{EVIDENCE_PREFIX[verdict]}: {correction.reason}")
        if found is None:  # added: the team's word is its only evidence
            by_key[key] = Relation(
                source, correction.kind, target, (said,), strength="stated", team="added", reason=correction.reason
            )
        else:  # confirmed (or added where the files already say it): what was read, and the team's word first
            by_key[key] = replace(found, evidence=(said, *found.evidence), team="confirmed", reason=correction.reason)
    ordered = [by_key[key] for key in sorted(by_key)]
    used = {end for r in ordered for end in (r.source, r.target)}
    # A person or missing name only a rejected relation named is gone with it.
    gone = {end for pair in rejected for end in pair if end in external and end not in used}
    return ordered, {k: v for k, v in external.items() if k not in gone}, rejected, problems


def _display(written: str) -> str:
    text = written.strip().lstrip("@").strip("`*_ ")
    return "User" if external_id(text) == "user" else text
