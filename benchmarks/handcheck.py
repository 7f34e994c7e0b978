"""A seeded sample of drawn relations to check by hand against their evidence.

    .venv/bin/python benchmarks/handcheck.py ../shared/corpus/github__awesome-copilot --seed 7 --n 25

Writes ``benchmarks/handcheck/<collection>-seed<S>.md``: a table of ``n`` relations drawn at
random (every kind present at least once when the collection has it), each with its first
evidence (file, line, quoted text) and an empty *Verdict* column. A reader opens each file at
that line, reads around it, and writes ``right`` or ``wrong`` with a reason; the share of
right ones is the precision of what the map draws, measured where no gold exists.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "plugins"))

from agent_handbook.export import to_data  # noqa: E402
from agent_handbook.model import RELATION_KINDS  # noqa: E402
from agent_handbook.team import load_team  # noqa: E402


def sample(relations: list[dict], n: int, seed: int) -> list[dict]:
    """``n`` relations, one of each kind first, then at random; in a stable order."""
    rng = random.Random(seed)
    pool = sorted(relations, key=lambda r: (r["source"], r["kind"], r["target"]))
    picked: list[dict] = []
    for kind in RELATION_KINDS:
        of_kind = [r for r in pool if r["kind"] == kind]
        if of_kind:
            picked.append(rng.choice(of_kind))
    rest = [r for r in pool if r not in picked]
    picked += rng.sample(rest, min(len(rest), max(0, n - len(picked))))
    return sorted(picked, key=lambda r: (r["source"], r["kind"], r["target"]))


def cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("collections", nargs="+", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--n", type=int, default=25)
    parser.add_argument("--out", type=Path, default=HERE / "handcheck")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=HERE, capture_output=True, text=True
    ).stdout.strip()
    for folder in args.collections:
        data = to_data(load_team([folder], root=folder))
        picked = sample(data["relations"], args.n, args.seed)
        lines = [
            f"# Hand check: {folder.name}, seed {args.seed}",
            "",
            f"{len(picked)} of {len(data['relations'])} drawn relations, read at {commit}.",
            "Verdict: `right` when a careful reader agrees the evidence states this relation, kind and",
            "direction included; otherwise `wrong`, with why.",
            "",
            "| # | source | kind | target | strength | evidence | verdict |",
            "|---:|---|---|---|---|---|---|",
        ]
        for number, relation in enumerate(picked, 1):
            first = relation["evidence"][0]
            lines.append(
                f"| {number} | {relation['source']} | {relation['kind']} | {relation['target']} "
                f"| {relation.get('strength', '')} | `{first['file']}:{first['line']}` “{cell(first['text'])}” |  |"
            )
        target = args.out / f"{folder.name}-seed{args.seed}.md"
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{target}: {len(picked)} relations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
