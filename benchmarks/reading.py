"""Reading, extraction and graph of a generated team: the code at a commit against the working
tree, alternating in fresh processes.

    .venv/bin/python benchmarks/reading.py --ref HEAD~3 --size 1000 --repeat 4 --jobs 1
    .venv/bin/python benchmarks/reading.py --ref HEAD~3 --size 5000 --repeat 2

Each run is ``load_team`` + ``TeamGraph`` in a new process (the phases ``run.py`` reports as
``load_team`` and ``TeamGraph``), timed by wall clock and by CPU time (this process and the
workers it forks). Runs alternate (before, after, after, before, ...) so that a drift in the
machine's speed hits both alike; on a shared machine, compare the CPU times. ``--jobs 1``
sets ``AGENT_HANDBOOK_JOBS=1``: one core's work.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from run import child_env, snapshot  # noqa: E402

TIMED = """
import json, os, sys, time
from pathlib import Path
from agent_handbook.graph import TeamGraph
from agent_handbook.team import load_team
folder = Path(sys.argv[1])
start, before = time.perf_counter(), os.times()
team = load_team([folder], root=folder.parent)
TeamGraph(team)
wall, after = time.perf_counter() - start, os.times()
cpu = sum(getattr(after, k) - getattr(before, k) for k in ("user", "system", "children_user", "children_system"))
print(json.dumps({"wall": wall, "cpu": cpu, "relations": len(team.relations)}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ref", required=True, help="the commit to compare the working tree with")
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--shape", default="large-dense")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each version")
    parser.add_argument("--jobs", default="", help="AGENT_HANDBOOK_JOBS for the runs (1: one core)")
    args = parser.parse_args()

    folder = HERE / "out" / f"reading-{args.shape}-n{args.size}" / "agents"
    generate(args.size, folder, 1, args.shape)
    src, sha = snapshot(args.ref, HERE / "out")
    versions = {f"before ({sha[:12]})": child_env(src), "after (working tree)": child_env(None)}
    runs: dict[str, list[dict]] = {label: [] for label in versions}
    for number in range(args.repeat):
        order = list(versions) if number % 2 == 0 else list(reversed(versions))
        for label in order:
            env = dict(versions[label])
            if args.jobs:
                env["AGENT_HANDBOOK_JOBS"] = args.jobs
            done = subprocess.run(
                [sys.executable, "-c", TIMED, str(folder)], env=env, capture_output=True, text=True, check=True
            )
            runs[label].append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(f"{label}: {runs[label][-1]}", file=sys.stderr)
    (before, first), (after, second) = runs.items()
    if [r["relations"] for r in first] != [r["relations"] for r in second]:
        print("the two versions read different numbers of relations", file=sys.stderr)
    print(f"N={args.size} {args.shape} jobs={args.jobs or os.cpu_count()} runs={args.repeat} each")
    for measure in ("cpu", "wall"):
        a = statistics.median(r[measure] for r in first)
        b = statistics.median(r[measure] for r in second)
        pairs = ", ".join(f"{x[measure] / y[measure]:.2f}" for x, y in zip(first, second))
        print(f"{measure}: {before} {a:.2f} s, {after} {b:.2f} s, before/after {a / b:.2f} (pairs {pairs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
