"""Extraction accuracy: the relations the handbook reads, scored against gold made by hand.

    .venv/bin/python benchmarks/extraction.py                    # every collection, every gold
    .venv/bin/python benchmarks/extraction.py --details          # and each miss and wrong relation
    .venv/bin/python benchmarks/extraction.py --corpus /path/to/more/collections
    .venv/bin/python benchmarks/extraction.py --details --unseal # at the end of rule work only

For each collection (a folder of agent files) in the corpus folders, the team is read as
``agent-handbook export COLLECTION`` reads it, then scored against every gold file that
annotates it: ``../shared/gold/real-dev.yaml``, the gold kept in ``benchmarks/gold/``, and
the seed files with ``../shared/gold/seeds.yaml`` (each seed read alone). The scoring is
that of ``../shared/tools/score_relations.py``: a predicted (source, kind, target) is right
when a required gold relation has that source, target and one of its kinds; optional gold
relations are neither rewarded nor penalised; only sources that the gold annotates are
scored. Untyped scores compare unordered pairs.

Collections are scored in three groups, printed apart: *sealed* (gold in
``benchmarks/gold/sealed/``: scored at the start and at the end of a piece of rule work, their
misses never listed before that end, so their end score is a first read), *first-read*
(annotated before any rule was written for them; the score of that first read is kept in
the gold as ``first_score`` and printed beside the current one), and *tuned* (collections
the rules were written with in view).

This is a measurement, not a test: it prints a Markdown table (recorded in
``docs/extraction.md``) and, with ``--details``, what was missed and what was wrong.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "plugins"))

from agent_handbook.export import to_data  # noqa: E402
from agent_handbook.team import load_team  # noqa: E402

NEGATIVE_CONTROL = "0xfurai__claude-code-subagents"


def slug(text: object) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


@dataclass
class Gold:
    """Gold relations of one collection (or one seed file) from one or more gold files."""

    sources: set[str] = field(default_factory=set)
    #: (source, kinds, target, optional)
    relations: set[tuple[str, tuple[str, ...], str, bool]] = field(default_factory=set)
    origins: list[str] = field(default_factory=list)
    #: "sealed" (gold in benchmarks/gold/sealed/: scored at the start and end of a piece of
    #: rule work only, its misses not read until then), "first-read" (annotated before any
    #: rule was written for it; its first score is kept in ``first``), or "tuned".
    group: str = "tuned"
    #: The score of its first read: {"commit": …, "typed_f1": …}, when recorded.
    first: dict = field(default_factory=dict)

    def add(self, section: dict, origin: str, agent: str | None = None, sealed: bool = False) -> None:
        self.origins.append(origin)
        if sealed:
            self.group = "sealed"
        elif section.get("group") == "first-read" and self.group == "tuned":
            self.group = "first-read"
        if section.get("first_score"):
            self.first = dict(section["first_score"])
        if agent is not None:
            self.sources.add(slug(agent))
        for name in section.get("agents", []):
            self.sources.add(slug(name))
        for r in section.get("relations") or []:
            kinds = tuple(sorted(r.get("kinds") or [r["kind"]]))
            source = slug(r.get("source", agent))
            self.relations.add((source, kinds, slug(r["target"]), bool(r.get("optional", False))))


@dataclass
class Score:
    typed: tuple[float, float, float]
    untyped: tuple[float, float, float]
    predicted: int
    required: int
    missed: list[tuple[str, str, str]]
    wrong: list[tuple[str, str, str]]


def _prf(right: int, wrong: int, found: int, total: int) -> tuple[float, float, float]:
    precision = right / max(1, right + wrong)
    recall = found / max(1, total)
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return precision, recall, f1


def score(predicted: set[tuple[str, str, str]], gold: Gold) -> Score:
    """The scoring of ``score_relations.py``, on sources the gold annotates."""
    pred = {p for p in predicted if p[0] in gold.sources}
    relations = [g for g in gold.relations if g[0] in gold.sources]
    required = [g for g in relations if not g[3]]
    optional = [g for g in relations if g[3]]

    def covers(g: tuple, p: tuple) -> bool:
        return p[0] == g[0] and p[2] == g[2] and p[1] in g[1]

    found = [g for g in required if any(covers(g, p) for p in pred)]
    right = [p for p in pred if any(covers(g, p) for g in required)]
    neutral = [p for p in pred if p not in right and any(covers(g, p) for g in optional)]
    wrong = sorted(p for p in pred if p not in right and p not in neutral)
    typed = _prf(len(right), len(wrong), len(found), len(required))
    gold_pairs = {frozenset((g[0], g[2])) for g in required}
    optional_pairs = {frozenset((g[0], g[2])) for g in optional}
    pairs = {frozenset((p[0], p[2])) for p in pred}
    pairs_right = pairs & gold_pairs
    pairs_wrong = pairs - gold_pairs - optional_pairs
    untyped = _prf(len(pairs_right), len(pairs_wrong), len(pairs_right), len(gold_pairs))
    if not required and not pred:
        typed = untyped = (1.0, 1.0, 1.0)
    missed = sorted((g[0], "/".join(g[1]), g[2]) for g in required if g not in found)
    return Score(typed, untyped, len(pred), len(required), missed, wrong)


def export(folder: Path) -> dict:
    """The export of ``folder``, read as ``agent-handbook export .`` run inside it reads it."""
    return to_data(load_team([folder], root=folder))


def _fmt(values: tuple[float, float, float]) -> str:
    return " | ".join(f"{v:.2f}" for v in values)


def load_gold(paths: list[Path]) -> dict[str, Gold]:
    golds: dict[str, Gold] = {}
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, section in (data.get("collections") or {}).items():
            golds.setdefault(name, Gold()).add(section, path.name, sealed=path.parent.name == "sealed")
    return golds


GROUPS = ("sealed", "first-read", "tuned")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus",
        action="append",
        type=Path,
        help="a folder of collections (default ../shared/corpus, plus $AGENT_HANDBOOK_EXTRA_CORPUS); repeatable",
    )
    parser.add_argument("--gold", action="append", type=Path, help="gold files (default: every one known)")
    parser.add_argument("--details", action="store_true", help="print each miss and each wrong relation")
    parser.add_argument("--only", action="append", default=[], help="only collections whose name holds this")
    parser.add_argument(
        "--unseal",
        action="store_true",
        help="with --details, also list the misses of sealed collections (only at the end of a piece of rule work)",
    )
    args = parser.parse_args(argv)

    corpora = args.corpus or [SHARED / "corpus"]
    if not args.corpus and os.environ.get("AGENT_HANDBOOK_EXTRA_CORPUS"):
        corpora += [Path(p) for p in os.environ["AGENT_HANDBOOK_EXTRA_CORPUS"].split(os.pathsep)]
    gold_files = args.gold or [
        SHARED / "gold" / "real-dev.yaml",
        *sorted((HERE / "gold").glob("*.yaml")),
        *sorted((HERE / "gold" / "sealed").glob("*.yaml")),
    ]
    gold_files = [g for g in gold_files if g.exists()]
    golds = load_gold(gold_files)

    collections = sorted(
        (c for corpus in corpora if corpus.is_dir() for c in corpus.iterdir() if c.is_dir()),
        key=lambda c: c.name,
    )
    if args.only:
        collections = [c for c in collections if any(o in c.name for o in args.only)]

    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    print(f"Extraction accuracy at {commit}; gold: {', '.join(g.name for g in gold_files)}\n")
    team_rows = []
    typed_f1: dict[str, list[float]] = {group: [] for group in GROUPS}
    first_f1: list[float] = []
    rows: dict[str, list[str]] = {group: [] for group in GROUPS}
    details: list[str] = []
    for folder in collections:
        data = export(folder)
        predicted = {(r["source"], r["kind"], r["target"]) for r in data["relations"]}
        kinds = Counter(r["kind"] for r in data["relations"])
        strengths = Counter(r.get("strength", "?") for r in data["relations"])
        dangling = sum(d["code"] == "dangling-reference" for d in data["diagnostics"])
        warnings = sum(d["severity"] in {"warning", "error"} for d in data["diagnostics"])
        team_rows.append(
            (folder.name, len(data["agents"]), len(data["relations"]), kinds, strengths, dangling, warnings)
        )
        gold = golds.get(folder.name)
        if gold is None:
            continue
        result = score(predicted, gold)
        typed_f1[gold.group].append(result.typed[2])
        first = ""
        if gold.first:
            first = f"{gold.first['typed_f1']:.2f} ({gold.first['commit']})"
            first_f1.append(float(gold.first["typed_f1"]))
        rows[gold.group].append(
            f"| {folder.name} | {len(data['agents'])} | {len(gold.sources)} | {result.required} | {result.predicted} "
            f"| {_fmt(result.typed)} | {_fmt(result.untyped)} | {first} |"
        )
        if gold.group == "sealed" and not args.unseal:
            continue
        for miss in result.missed:
            details.append(f"{folder.name}  missed: {' '.join(miss)}")
        for p in result.wrong:
            evidence = next(
                (r["evidence"][0] for r in data["relations"] if (r["source"], r["kind"], r["target"]) == p), None
            )
            where = f"  [{evidence['file']}:{evidence['line']}] {evidence['text'][:140]}" if evidence else ""
            details.append(f"{folder.name}  wrong:  {' '.join(p)}{where}")
    titles = {
        "sealed": "Sealed (scored at the start and end of rule work only; misses not read)",
        "first-read": "First read (annotated before any rule for them; rules may since have been written)",
        "tuned": "Tuned (rules were written with these collections in view)",
    }
    for group in GROUPS:
        if not rows[group]:
            continue
        print(f"### {titles[group]}\n")
        print(
            "| collection | agents | annotated | gold | predicted | typed P | R | F1 | untyped P | R | F1 | first read F1 |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        print("\n".join(rows[group]))
        scores = typed_f1[group]
        print(f"\nMean typed F1 over {len(scores)} {group} collections: {sum(scores) / len(scores):.3f}\n")
    every = [f for group in GROUPS for f in typed_f1[group]]
    if every:
        print(f"Mean typed F1 over all {len(every)} collections: {sum(every) / len(every):.3f}")
    if first_f1:
        print(f"Mean typed F1 of the {len(first_f1)} recorded first reads: {sum(first_f1) / len(first_f1):.3f}")

    seeds = SHARED / "seeds"
    seed_gold = SHARED / "gold" / "seeds.yaml"
    if seeds.is_dir() and seed_gold.exists() and not args.only:
        files = (yaml.safe_load(seed_gold.read_text(encoding="utf-8")) or {}).get("files", {})
        print("\n| seed file | gold | predicted | typed F1 | untyped F1 |\n|---|---:|---:|---:|---:|")
        for name, section in sorted(files.items()):
            gold = Gold()
            gold.add(section, seed_gold.name, agent=section["agent"])
            data = to_data(load_team([seeds / name], root=seeds, include=("*",)))
            predicted = {(r["source"], r["kind"], r["target"]) for r in data["relations"]}
            result = score(predicted, gold)
            print(
                f"| {name} | {result.required} | {result.predicted} | {result.typed[2]:.2f} | {result.untyped[2]:.2f} |"
            )
            details.extend(f"{name}  missed: {' '.join(m)}" for m in result.missed)
            details.extend(f"{name}  wrong:  {' '.join(w)}" for w in result.wrong)

    print("\n| collection (whole) | agents | relations | by kind | by strength | dangling | warnings |")
    print("|---|---:|---:|---|---|---:|---:|")
    for name, agents, relations, kinds, strengths, dangling, warnings in team_rows:
        by_kind = ", ".join(f"{k.split('_')[0]} {n}" for k, n in sorted(kinds.items()))
        by_strength = ", ".join(f"{k} {n}" for k, n in sorted(strengths.items()))
        mark = " (negative control)" if name == NEGATIVE_CONTROL else ""
        print(f"| {name}{mark} | {agents} | {relations} | {by_kind} | {by_strength} | {dangling} | {warnings} |")
    if args.details and details:
        print("\n```")
        print("\n".join(details))
        print("```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
