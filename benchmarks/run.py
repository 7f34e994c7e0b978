"""Time the handbook build against the floor: a plain MkDocs build of the same N pages.

For each size N this generates a synthetic team (``generate.py``), then builds two
projects in turn, alternating, ``--repeat`` times each:

(a) plain:    docs/ holds index.md and the N agent files copied as pages, left out of the
              nav (``nav: [index.md]`` and ``not_in_nav: /agents/``). This is the floor:
              the least MkDocs and the theme spend on N pages of that text.
(b) handbook: docs/ holds only index.md; ``plugins: [agent-handbook: {agents_dir: agents}]``
              reads the same N files and generates the handbook.

Both use the same theme, Markdown extensions and the search plugin (``--no-search`` leaves
it out of both). It reports the median wall and CPU time of each, the ratios b/a, the peak
memory of each build process (``ru_maxrss`` from ``os.wait4``), the bytes of each site and
of its search index, and the plugin's own phases timed in a separate process:
``load_team`` (discover, read, extract, resolve), ``TeamGraph``, and
``Handbook(team, options)`` + ``.pages()`` (views and rendering).

Team shapes (``--shapes``, see ``generate.py``): ``large-dense`` (5-10 KB files, about 4
relations each), ``large-sparse``, ``small-dense``, ``small-sparse`` (2-4 KB files) and
``real:FOLDER`` (a real collection, copied with renamed ids up to N agents).

    .venv/bin/python benchmarks/run.py --sizes 100 1000 --repeat 3
    .venv/bin/python benchmarks/run.py --sizes 100 300 1000 --shapes small-sparse large-dense
    .venv/bin/python benchmarks/run.py --profile 1000     # cProfile one handbook build

The results go to standard output and to benchmarks/results.md (``--results``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

MARKDOWN_EXTENSIONS = """\
markdown_extensions:
  - admonition
  - tables
  - toc:
      permalink: true
  - pymdownx.superfences
"""

PLAIN_YML = (
    """\
site_name: Plain pages ({n})
theme:
  name: {theme}
nav:
  - index.md
not_in_nav: |
  /agents/
plugins:{search}
"""
    + MARKDOWN_EXTENSIONS
)

HANDBOOK_YML = (
    """\
site_name: Handbook ({n})
theme:
  name: {theme}
plugins:{search}
  - agent-handbook:
      agents_dir: agents
"""
    + MARKDOWN_EXTENSIONS
)

INDEX_MD = "# Benchmark\n\nA synthetic team of {n} agents.\n"


# -- the code under test ------------------------------------------------------------------
def snapshot(ref: str, out: Path) -> tuple[Path, str]:
    """Export ``plugins/`` at git ``ref`` to ``out/src-SHA/``: builds then import that copy.

    With product code changing while a long benchmark runs, every build and the phase
    timings must import the same code; the working tree cannot promise that.
    """
    sha = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--verify", f"{ref}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    dest = out / f"src-{sha[:12]}"
    if not (dest / "plugins" / "agent_handbook").is_dir():
        dest.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(REPO), "archive", sha, "plugins"], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    return dest / "plugins", sha


def child_env(src: Path | None) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if src is not None:  # ahead of the editable install's path entry
        env["PYTHONPATH"] = os.pathsep.join([str(src), *filter(None, [env.get("PYTHONPATH")])])
    return env


def imported_from(python: str, env: dict[str, str]) -> str:
    code = "import agent_handbook, os; print(os.path.dirname(agent_handbook.__file__))"
    return subprocess.run([python, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.strip()


def tree_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


# -- projects ------------------------------------------------------------------------------
def shape_slug(shape: str) -> str:
    """``real:../shared/corpus/github__awesome-copilot/agents`` -> ``real-github__awesome-copilot``."""
    if not shape.startswith("real:"):
        return shape
    parts = [p for p in Path(shape[5:]).resolve().parts if p not in {"agents", ".claude", ".github"}]
    return "real-" + parts[-1]


def make_projects(
    n: int, out: Path, theme: str, seed: int, shape: str = "large-dense", search: bool = True
) -> tuple[Path, Path, dict]:
    """Generate the team and write the two projects; returns (plain, handbook, summary)."""
    base = out / (f"n{n}" if shape == "large-dense" else f"{shape_slug(shape)}-n{n}")
    handbook = base / "handbook"
    plain = base / "plain"
    for project in (handbook, plain):
        if project.exists():
            shutil.rmtree(project)
    summary = generate(n, handbook / "agents", seed, shape)
    plugins = "\n  - search" if search else " []"
    (handbook / "docs").mkdir(parents=True)
    (handbook / "docs" / "index.md").write_text(INDEX_MD.format(n=n))
    (handbook / "mkdocs.yml").write_text(HANDBOOK_YML.format(n=n, theme=theme, search=plugins if search else ""))
    (plain / "docs").mkdir(parents=True)
    shutil.copytree(handbook / "agents", plain / "docs" / "agents")
    (plain / "docs" / "index.md").write_text(INDEX_MD.format(n=n))
    (plain / "mkdocs.yml").write_text(PLAIN_YML.format(n=n, theme=theme, search=plugins))
    return plain, handbook, summary


def index_size(site: Path) -> int:
    index = site / "search" / "search_index.json"
    return index.stat().st_size if index.exists() else 0


def build(project: Path, python: str, log: Path, timeout: float, env: dict[str, str]) -> dict:
    """One ``mkdocs build`` as a child process: wall, CPU and peak RSS of that child."""
    site = project / "site"
    if site.exists():
        shutil.rmtree(site)
    cmd = [python, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    with log.open("ab") as sink:
        sink.write(f"\n$ {' '.join(cmd)}\n".encode())
        sink.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=sink, stderr=subprocess.STDOUT)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = -9
                return {"wall": time.perf_counter() - start, "timeout": True, "rc": -9, "cpu": 0.0, "rss_mb": 0.0}
            time.sleep(0.01)
        wall = time.perf_counter() - start
    proc.returncode = rc = os.waitstatus_to_exitcode(status)
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,  # KiB on Linux
        "rc": rc,
        "timeout": False,
    }


# -- the plugin's phases, in a fresh process -----------------------------------------------
def phases(project: Path, repeat: int) -> dict:
    """Time load_team, TeamGraph, Handbook(...) and .pages() in this process."""
    from agent_handbook.graph import TeamGraph
    from agent_handbook.render.pages import Handbook
    from agent_handbook.team import load_team
    from agent_handbook.views import Options

    times: dict[str, list[float]] = {"load_team": [], "graph": [], "handbook_init": [], "pages": [], "files": []}
    info: dict = {}
    for _ in range(repeat):
        t0 = time.perf_counter()
        team = load_team([project / "agents"], root=project, skip=[project / "docs", project / "site"])
        t1 = time.perf_counter()
        TeamGraph(team)
        t2 = time.perf_counter()
        handbook = Handbook(team, Options())
        t3 = time.perf_counter()
        pages = handbook.pages()
        t4 = time.perf_counter()
        files = handbook.files()
        t5 = time.perf_counter()
        for key, value in zip(times, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
            times[key].append(value)
        info = {
            "agents": len(team.agents),
            "external": len(team.external),
            "relations": len(team.relations),
            "diagnostics": len(team.diagnostics),
            "pages": len(pages),
            "page_bytes": sum(len(p.encode()) for p in pages.values()),
            "graph_json_bytes": sum(len(f.encode()) for f in files.values()),
        }
    import resource

    import agent_handbook

    info["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    info["imported_from"] = os.path.dirname(agent_handbook.__file__)
    return {"times": times, **info}


def run_phases(project: Path, python: str, repeat: int, timeout: float, env: dict[str, str]) -> dict:
    cmd = [python, str(Path(__file__).resolve()), "--phases-of", str(project), "--repeat", str(repeat)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"phases failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- report --------------------------------------------------------------------------------
def machine(code: str) -> dict:
    def ver(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        rev = subprocess.run(
            ["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        rev = "?"
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": f"{os.cpu_count()} ({usable} usable)",
        "cpu": cpu or "unknown",
        "platform": platform.platform(),
        "python": platform.python_version(),
        "mkdocs": ver("mkdocs"),
        "material": ver("mkdocs-material"),
        "agent_handbook": code or f"{ver('mkdocs-agent-handbook')}, working tree (git {rev})",
    }


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def fmt_s(values: list[float]) -> str:
    if not values:
        return "–"
    if len(values) == 1:
        return f"{values[0]:.2f}"
    return f"{med(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def report(info: dict, args: argparse.Namespace, rows: list[dict]) -> str:
    out = [
        "# Benchmark: handbook build vs. plain MkDocs build",
        "",
        f"- Date: {info['date']}",
        f"- Machine: {info['cpu']}, {info['cpus']} CPUs, {info['platform']}",
        f"- Python {info['python']}, mkdocs {info['mkdocs']}, mkdocs-material {info['material']}, "
        f"mkdocs-agent-handbook {info['agent_handbook']}",
        f"- Command: `python benchmarks/run.py {' '.join(args.argv)}`",
        f"- Theme `{args.theme}`; builds alternate plain/handbook; times are wall seconds, median (min–max) "
        "of the counted runs; `runs` is counted + warm-up builds of each project.",
        "",
        "| shape | N | runs | agent files | (a) plain build s | (b) handbook build s | b/a wall | b/a CPU "
        "| search index a / b KB | site a / b MB | peak RSS a / b MB "
        "| load_team s | TeamGraph s | Handbook()+pages() s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        a, b, ph = row["a"], row["b"], row.get("phases")
        wa = [r["wall"] for r in a if not r["timeout"]]
        wb = [r["wall"] for r in b if not r["timeout"]]
        ratio = f"{med(wb) / med(wa):.2f}" if wa and wb else "–"
        ca, cb = med([r["cpu"] for r in a]), med([r["cpu"] for r in b])
        cpu_ratio = f"{cb / ca:.2f}" if ca else "–"
        sizes = row.get("index_bytes", {})
        index = (
            f"{sizes['a'] / 1e3:.0f} / {sizes['b'] / 1e3:.0f} ({sizes['b'] / sizes['a']:.2f}×)"
            if sizes.get("a")
            else "–"
        )
        sites = row.get("site_bytes", {})
        site = (
            f"{sites['a'] / 1e6:.1f} / {sites['b'] / 1e6:.1f} ({sites['b'] / sites['a']:.2f}×)"
            if sites.get("a")
            else "–"
        )
        rss = f"{max((r['rss_mb'] for r in a), default=0):.0f} / {max((r['rss_mb'] for r in b), default=0):.0f}"
        if ph:
            t = ph["times"]
            hp = [i + p for i, p in zip(t["handbook_init"], t["pages"])]
            cols = [fmt_s(t["load_team"]), fmt_s(t["graph"]), fmt_s(hp)]
        else:
            cols = ["–", "–", "–"]
        size = f"{row['summary']['bytes'] / 1e6:.1f} MB"
        timed_out = " (timeout)" if any(r["timeout"] for r in a + b) else ""
        out.append(
            f"| {row.get('shape', 'large-dense')} | {row['n']} | {row['repeat']} + {row['warmup']} | {size} "
            f"| {fmt_s(wa)} | {fmt_s(wb)}{timed_out} | {ratio} | {cpu_ratio} | {index} | {site} | {rss} | "
            + " | ".join(cols)
            + " |"
        )
    out += [
        "",
        "## Details",
        "",
        "| shape | N | CPU s a / b | b/a by CPU | pairwise b/a (wall) | site MB a / b | handbook pages | Markdown MB "
        "| relations | external | diagnostics | Handbook() s | .pages() s | .files() s | phases RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        a, b, ph = row["a"], row["b"], row.get("phases")
        pairs = [rb["wall"] / ra["wall"] for ra, rb in zip(a, b) if not (ra["timeout"] or rb["timeout"])]
        pair = (
            f"{med(pairs):.2f} ({min(pairs):.2f}–{max(pairs):.2f})"
            if len(pairs) > 1
            else (f"{pairs[0]:.2f}" if pairs else "–")
        )
        ca, cb = med([r["cpu"] for r in a]), med([r["cpu"] for r in b])
        cpu = f"{ca:.1f} / {cb:.1f}"
        cpu_ratio = f"{cb / ca:.2f}" if ca else "–"
        sites = row.get("site_bytes", {})
        site = f"{sites.get('a', 0) / 1e6:.0f} / {sites.get('b', 0) / 1e6:.0f}" if sites else "–"
        if ph:
            t = ph["times"]
            extra = [
                str(ph["pages"]),
                f"{ph['page_bytes'] / 1e6:.1f}",
                str(ph["relations"]),
                str(ph["external"]),
                str(ph["diagnostics"]),
                fmt_s(t["handbook_init"]),
                fmt_s(t["pages"]),
                fmt_s(t["files"]),
                f"{ph['rss_mb']:.0f}",
            ]
        else:
            extra = ["–"] * 9
        out.append(
            f"| {row.get('shape', 'large-dense')} | {row['n']} | {cpu} | {cpu_ratio} | {pair} | {site} | "
            + " | ".join(extra)
            + " |"
        )
    notes = [row["note"] for row in rows if row.get("note")]
    if notes:
        out += ["", *[f"- {n}" for n in notes]]
    out += [
        "",
        "(a) is `mkdocs build` of index.md plus the N agent files as pages, out of the nav; (b) is "
        "`mkdocs build` of index.md plus the agent-handbook plugin reading the same N files. "
        "Phases are timed in a separate process, same repeat count (`Handbook()+pages()` is "
        "`Handbook(team, Options())` plus `.pages()`). Peak RSS is the build process's `ru_maxrss`; "
        "CPU is its user + system time, steadier than wall time when the machine is shared. "
        "Site MB is the size of each built site; Markdown MB is the generated pages' text.",
        "",
    ]
    return "\n".join(out)


# -- profile -------------------------------------------------------------------------------
def profile(n: int, args: argparse.Namespace) -> int:
    import pstats

    _, handbook, _ = make_projects(n, args.out, args.theme, args.seed)
    prof = args.out / f"profile-{n}.prof"
    env = child_env(args.src)
    print(f"agent_handbook imported from {imported_from(args.python, env)}")
    site = handbook / "site"
    cmd = [args.python, "-m", "cProfile", "-o", str(prof), "-m", "mkdocs", "build", "-q", "-d", str(site)]
    start = time.perf_counter()
    subprocess.run(cmd, cwd=handbook, env=env, check=True)
    print(f"profiled build of {n} agents: {time.perf_counter() - start:.1f} s (with cProfile overhead)\n")
    report_path = args.out / f"profile-{n}.txt"
    with report_path.open("w") as sink:
        for title_, restrict in (("all functions", ()), ("agent_handbook functions", ("agent_handbook",))):
            for sort in ("cumulative", "tottime"):
                sink.write(f"\n===== top by {sort}, {title_} =====\n")
                stats = pstats.Stats(str(prof), stream=sink)
                stats.sort_stats(sort).print_stats(*restrict, 25)
    print(report_path.read_text())
    return 0


def parse_size(text: str, repeat: int, warmup: int) -> tuple[int, int, int]:
    parts = [int(p) for p in text.split(":")]
    if not 1 <= len(parts) <= 3 or parts[0] < 1:
        raise SystemExit(f"bad size {text!r}: N, N:REPEAT or N:REPEAT:WARMUP")
    return parts[0], parts[1] if len(parts) > 1 else repeat, parts[2] if len(parts) > 2 else warmup


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        nargs="+",
        default=["100", "1000"],
        help="team sizes; N:R[:W] sets the counted and warm-up runs of one size (5000:1:0)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="counted builds of each project per size")
    parser.add_argument("--warmup", type=int, default=1, help="uncounted builds of each project first")
    parser.add_argument("--theme", default="material")
    parser.add_argument(
        "--shapes",
        nargs="+",
        default=["large-dense"],
        help="team shapes: large-dense, large-sparse, small-dense, small-sparse, real:FOLDER (see generate.py)",
    )
    parser.add_argument("--no-search", dest="search", action="store_false", help="build both without the search plugin")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--python", default=sys.executable, help="the Python that has mkdocs and the plugin")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="where the projects are written")
    parser.add_argument("--results", type=Path, default=HERE / "results.md")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed for one build")
    parser.add_argument("--no-phases", action="store_true", help="skip the in-process phase timings")
    parser.add_argument("--profile", type=int, metavar="N", help="cProfile one handbook build of N agents")
    parser.add_argument(
        "--ref",
        help="benchmark the plugin as committed at this git ref (exported to OUT/src-SHA), "
        "not the working tree; use it when the code may change during the run",
    )
    parser.add_argument("--phases-of", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.argv = argv

    if args.phases_of:
        print(json.dumps(phases(args.phases_of, args.repeat)))
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    args.src, code = None, ""
    if args.ref:
        args.src, sha = snapshot(args.ref, args.out)
        subject = subprocess.run(
            ["git", "-C", str(REPO), "log", "-1", "--format=%s", sha], capture_output=True, text=True
        ).stdout.strip()
        code = f"commit {sha[:12]} ({subject!r}), exported from git"
    env = child_env(args.src)
    where = imported_from(args.python, env)
    print(f"agent_handbook imported from {where}", file=sys.stderr)
    if args.src is not None and Path(where).resolve() != (args.src / "agent_handbook").resolve():
        raise SystemExit(f"the snapshot is not what the builds import ({where})")
    if args.profile:
        return profile(args.profile, args)

    info = machine(code)
    rows: list[dict] = []
    started = time.perf_counter()
    for shape, size in [(shape, size) for shape in args.shapes for size in args.sizes]:
        n, repeat, warmup = parse_size(size, args.repeat, args.warmup)
        t = time.perf_counter()
        plain, handbook, summary = make_projects(n, args.out, args.theme, args.seed, shape, args.search)
        log = plain.parent / "build.log"
        log.unlink(missing_ok=True)
        print(f"[{shape} {n}] generated {summary} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        row: dict = {"shape": shape_slug(shape), "n": n, "summary": summary, "a": [], "b": [], "repeat": repeat}
        row["warmup"] = warmup
        for i in range(warmup + repeat):
            order = [("a", plain), ("b", handbook)] if i % 2 == 0 else [("b", handbook), ("a", plain)]
            for key, project in order:
                result = build(project, args.python, log, args.timeout, env)
                counted = i >= warmup
                label = "run" if counted else "warm-up"
                print(
                    f"[{n}] {label} {key}: {result['wall']:.2f} s wall, {result['cpu']:.2f} s CPU, "
                    f"{result['rss_mb']:.0f} MB, exit {result['rc']}{' TIMEOUT' if result['timeout'] else ''}",
                    file=sys.stderr,
                )
                if result["rc"] != 0 and not result["timeout"]:
                    raise SystemExit(f"build of {project} failed; see {log}")
                if counted:
                    row[key].append(result)
                if result["timeout"]:
                    row["note"] = f"N={n}: a build hit the {args.timeout:.0f} s timeout."
        if not args.no_phases:
            t = time.perf_counter()
            row["phases"] = run_phases(handbook, args.python, repeat, args.timeout * repeat, env)
            print(f"[{n}] phases in {time.perf_counter() - t:.1f} s: {row['phases']['times']}", file=sys.stderr)
        row["site_bytes"] = {"a": tree_size(plain / "site"), "b": tree_size(handbook / "site")}
        row["index_bytes"] = {"a": index_size(plain / "site"), "b": index_size(handbook / "site")}
        rows.append(row)
        (plain.parent / "result.json").write_text(json.dumps({"machine": info, **row}, indent=1))
        text = report(info, args, rows)
        args.results.write_text(text)  # after every size, so a long run keeps what it measured
        print(f"[{n}] done; {time.perf_counter() - started:.0f} s so far", file=sys.stderr)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
