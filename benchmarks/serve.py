"""Edit-to-reload time of ``mkdocs serve`` on a generated team, with and without --dirty.

    .venv/bin/python benchmarks/serve.py --size 1000 [--dirty] [--edits 3]

Generates (or reuses) the team of ``run.py`` in benchmarks/out/n{size}/handbook, starts
``mkdocs serve`` on it, waits for the first build, then edits one agent file at a time
(appends a sentence) and times from the write to MkDocs' "Reloading browsers" line.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import make_projects  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--dirty", action="store_true")
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--theme", default="material")
    args = parser.parse_args()

    # A copy of its own: the edits must not touch the team run.py measures.
    _, project, _ = make_projects(args.size, HERE / "out" / "serve", args.theme, seed=1)
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{free_port()}"]
    if args.dirty:
        command.append("--dirty")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(command, cwd=project, env=env, stderr=subprocess.PIPE, text=True)
    lines: list[tuple[float, str]] = []
    ready = threading.Event()

    def reader() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append((time.perf_counter(), line.rstrip()))
            if "Serving on" in line:
                ready.set()

    threading.Thread(target=reader, daemon=True).start()
    started = time.perf_counter()
    try:
        if not ready.wait(1800):
            print("the first build did not finish", file=sys.stderr)
            return 1
        print(f"first build: {time.perf_counter() - started:.1f} s", file=sys.stderr)
        agents = sorted((project / "agents").rglob("*.md"))
        times: list[float] = []
        noticed: list[float] = []  # from the write to the start of the rebuild
        for number in range(args.edits):
            target = agents[(number * 37) % len(agents)]
            time.sleep(3)  # let the watcher settle
            seen = len(lines)
            written = time.perf_counter()
            with open(target, "a", encoding="utf-8") as handle:
                handle.write(f"\nWork with {agents[0].stem} on edit {number}.\n")
            deadline = written + 600
            while time.perf_counter() < deadline:
                done = [t for t, text in lines[seen:] if re.search(r"Reloading browsers", text)]
                if done:
                    times.append(done[0] - written)
                    began = [t for t, text in lines[seen:] if "Building documentation" in text]
                    noticed.append(began[0] - written if began else float("nan"))
                    break
                time.sleep(0.02)
            else:
                print("no reload within 600 s", file=sys.stderr)
                return 1
            print(
                f"edit {number + 1} ({target.name}): reload after {times[-1]:.2f} s"
                f" (the rebuild began after {noticed[-1]:.2f} s)",
                file=sys.stderr,
            )
        mode = "--dirty" if args.dirty else "full rebuild"
        print(f"N={args.size} {mode}: median edit-to-reload {statistics.median(times):.2f} s over {len(times)} edits")
    finally:
        process.terminate()
        process.wait(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
