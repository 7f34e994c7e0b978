"""The agent ids of a collection, for writing gold: ids, names and files, and nothing the tool read.

    .venv/bin/python benchmarks/ids.py COLLECTION [COLLECTION ...]

Gold names agents by the id the handbook gives each file (see ``benchmarks/gold/README.md``).
This prints the id, the ``name:`` and the file of every agent, tab-separated, and no relation:
an annotator who reads its output learns what the tool calls each file, not what it found in
them, so the gold stays written from the files alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from agent_handbook.team import load_team  # noqa: E402


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    for folder in argv:
        team = load_team([folder], root=folder)
        for agent in sorted(team.agents.values(), key=lambda a: a.id):
            print(f"{agent.id}\t{agent.name}\t{agent.source}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
