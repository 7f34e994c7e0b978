"""Edit-to-reload time of ``mkdocs serve`` on a generated team, with and without --dirty.

    .venv/bin/python benchmarks/serve.py --size 1000 [--dirty] [--edits 3] [--ref HEAD~3 ...]

Generates the team of ``run.py`` (``--shape``) in benchmarks/out/serve, and for each of the
two projects, plain MkDocs serving the agent files as pages, then the handbook, starts
``mkdocs serve``, waits for the first build, edits one agent file at a time (appends a
sentence) and times from the write to MkDocs' "Reloading browsers" line. Both are measured
in one run, so their ratio is what to compare across machines. ``--ref`` also serves the
handbook with the code of a git commit (``plugins/`` exported as by ``run.py --ref``), in the
same run, on a fresh copy of the same team: before and after a change, side by side.

After each reload the serving process's resident memory is read (Linux ``/proc``): over a
long session (``--edits 30``) it shows whether rebuilds keep what they no longer need.
"""

from __future__ import annotations

import argparse
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

from run import child_env, make_projects, snapshot  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (0 where /proc is not there)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    found = re.search(r"^VmRSS:\s+(\d+)\s+kB", status, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else 0.0


def measure(
    project: Path, edited: Path, args: argparse.Namespace, label: str, src: Path | None = None
) -> tuple[list[float], list[float]]:
    """Serve ``project``, wait for the first build, edit files under ``edited`` one at a time
    and return the times from each write to MkDocs' "Reloading browsers", and the serving
    process's memory after the first build and after each reload."""
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{free_port()}"]
    if args.dirty:
        command.append("--dirty")
    env = child_env(src)
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
    times: list[float] = []
    memory: list[float] = []
    try:
        if not ready.wait(1800):
            raise SystemExit(f"{label}: the first build did not finish")
        memory.append(rss_mb(process.pid))
        print(f"{label}: first build {time.perf_counter() - started:.1f} s, {memory[-1]:.0f} MB", file=sys.stderr)
        agents = sorted(edited.rglob("*.md"))
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
                    noticed = began[0] - written if began else float("nan")
                    break
                time.sleep(0.02)
            else:
                raise SystemExit(f"{label}: no reload within 600 s")
            time.sleep(1)  # work after the reload (the exports) is part of the memory
            memory.append(rss_mb(process.pid))
            print(
                f"{label} edit {number + 1} ({target.name}): reload after {times[-1]:.2f} s"
                f" (the rebuild began after {noticed:.2f} s), {memory[-1]:.0f} MB",
                file=sys.stderr,
            )
    finally:
        process.terminate()
        process.wait(30)
    return times, memory


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--dirty", action="store_true")
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--theme", default="material")
    parser.add_argument("--shape", default="large-dense", help="a team shape of generate.py")
    parser.add_argument(
        "--no-plain", dest="plain", action="store_false", help="skip plain MkDocs serving the same files as pages"
    )
    parser.add_argument(
        "--ref", action="append", default=[], metavar="REF", help="also serve the handbook of this commit; repeatable"
    )
    args = parser.parse_args()

    # A copy of its own: the edits must not touch the team run.py measures.
    plain, project, _ = make_projects(args.size, HERE / "out" / "serve", args.theme, 1, args.shape)
    mode = "--dirty" if args.dirty else "full rebuild"
    results: dict[str, tuple[list[float], list[float]]] = {}
    if args.plain:
        results["plain"] = measure(plain, plain / "docs" / "agents", args, "plain")
    results["handbook"] = measure(project, project / "agents", args, "handbook")
    for ref in args.ref:
        src, sha = snapshot(ref, HERE / "out")
        _, copy, _ = make_projects(args.size, HERE / "out" / f"serve-{sha[:12]}", args.theme, 1, args.shape)
        results[f"handbook at {sha[:12]}"] = measure(copy, copy / "agents", args, f"handbook at {sha[:12]}", src)
    for label, (times, memory) in results.items():
        print(
            f"N={args.size} {args.shape} {mode} {label}: median edit-to-reload {statistics.median(times):.2f} s"
            f" (min {min(times):.2f}, max {max(times):.2f}); memory {memory[0]:.0f} MB after the first build,"
            f" {memory[-1]:.0f} MB after {len(times)} edits"
        )
    if args.plain:
        for label, (times, _) in results.items():
            if label != "plain":
                ratio = statistics.median(times) / statistics.median(results["plain"][0])
                print(f"{label} / plain: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
