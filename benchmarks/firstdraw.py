"""How long the team map takes to show its first drawing, and what that drawing shows.

Each team's map figure (as the build writes it) goes into a plain page with the package's own
style, scripts and ELK, in a column as wide as a map page's (940 px at 1280 px, the phone's
width on a phone). The page is opened in headless Chromium ``--repeat`` times per window size;
the script says, on the figure, how long its first drawing took from the moment it asked for it
(ELK loaded the first time, every layout tried, the SVG drawn: ``data-ah-draw-ms``) and how many
ELK layouts it ran to choose what to draw (``data-ah-layouts``). Reported: medians, with the page's own time
from navigation to the drawing, the nodes drawn, the scale they show at and whether every one
lies in the window.

    python benchmarks/firstdraw.py [--sizes 200 400] [--repeat 5] [--corpus FOLDER ...]

Teams: ``generated`` (benchmarks/generate.py: folders of 50 agents, about four relations each)
and ``plugins`` (tests/teams.py: a plugin collection, folders of 12, few relations) at each
size, and each ``--corpus`` folder as it is.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "plugins"))
sys.path.insert(0, str(REPO))

from agent_handbook.render import ASSETS  # noqa: E402
from agent_handbook.render.mapfigure import map_figure  # noqa: E402
from agent_handbook.team import load_team  # noqa: E402
from agent_handbook.views import Context, Options  # noqa: E402
from agent_handbook.views.graphs import team_map  # noqa: E402
from generate import generate  # noqa: E402

from tests.teams import big_team  # noqa: E402

PACKAGE = REPO / "plugins" / "agent_handbook" / "assets"
WINDOWS = {"desktop": (1280, 900, 940), "phone": (390, 844, 358)}
READ = """fig => {
    const svg = fig.querySelector('svg.ah-svg');
    const w = svg.getBoundingClientRect();
    const nodes = Array.from(svg.querySelectorAll('g.ah-node[data-node]'));
    const inside = nodes.every(g => { const r = g.querySelector('rect').getBoundingClientRect();
        return r.left >= w.left - 0.5 && r.top >= w.top - 0.5 && r.right <= w.right + 0.5 && r.bottom <= w.bottom + 0.5; });
    return {draw: +fig.dataset.ahDrawMs, layout: +fig.dataset.ahLayoutMs, layouts: +fig.dataset.ahLayouts, page: performance.now(),
            nodes: nodes.length, scale: +fig.dataset.ahScale, inside: inside, direction: fig.dataset.ahDirection};
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature of the base class
        pass


def write_files(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def figure_of(folder: Path) -> tuple[str, int]:
    team = load_team([folder], root=folder.parent)
    return map_figure(team_map(Context(team, Options())), "map.md"), len(team.agents)


def page(folder: Path, slug: str, figure: str, column: int) -> None:
    scripts = "".join(f"<script src={name}></script>" for name in ASSETS if name.endswith(".js"))
    (folder / f"{slug}.html").write_text(
        "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'><title>map</title>"
        f"<link rel=stylesheet href=handbook.css><div style='width: {column}px; margin: 0 auto'>{figure}</div>"
        f"{scripts}",
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[200, 400])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--corpus", type=Path, nargs="*", default=[])
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="firstdraw-"))
    for name in ASSETS:
        (work / name).write_bytes((PACKAGE / name).read_bytes())
    (work / "vendor" / "elkjs").mkdir(parents=True)
    (work / "vendor" / "elkjs" / "elk.bundled.js").write_bytes((PACKAGE / "vendor/elkjs/elk.bundled.js").read_bytes())
    teams: list[tuple[str, Path]] = []
    for n in args.sizes:
        generate(n, work / f"generated-{n}" / "agents")
        teams.append((f"generated, {n} agents", work / f"generated-{n}" / "agents"))
        write_files(work / f"plugins-{n}" / "agents", big_team(n))
        teams.append((f"plugins, {n} agents", work / f"plugins-{n}" / "agents"))
    for folder in args.corpus:
        name = folder.parent.name if folder.name == "agents" else folder.name
        teams.append(("sample (agents/)" if folder.resolve() == (REPO / "agents").resolve() else name, folder))
    pages = []
    for index, (name, folder) in enumerate(teams):
        figure, agents = figure_of(folder)
        for window, (_, _, column) in WINDOWS.items():
            page(work, f"t{index}-{window}", figure, column)
        pages.append((name, agents, index))
    handler = functools.partial(_Quiet, directory=str(work))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO)
    print(f"commit {commit.stdout.strip()}; medians of {args.repeat} page loads, each in a new browser page\n")
    print("| team | agents | window | first drawing ms | layouts run | page ms | nodes | scale | all in window |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---|")
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for name, agents, index in pages:
            for window, (width, height, _) in WINDOWS.items():
                runs = []
                for _ in range(args.repeat):
                    tab = browser.new_page(viewport={"width": width, "height": height})
                    tab.goto(f"{base}t{index}-{window}.html")
                    tab.wait_for_function(
                        "() => { const f = document.querySelector('#ah-map');"
                        " return f && f.dataset.ahReady && !f.dataset.ahBusy; }",
                        timeout=120_000,
                    )
                    runs.append(tab.locator("#ah-map").evaluate(READ))
                    tab.close()
                last = runs[-1]
                draw = statistics.median(r["draw"] for r in runs)
                layouts = statistics.median(r["layouts"] for r in runs)
                whole = statistics.median(r["page"] for r in runs)
                inside = "yes" if all(r["inside"] for r in runs) else "no"
                print(
                    f"| {name} | {agents} | {window} {width}×{height} | {draw:.0f} | {layouts:.0f} | {whole:.0f} "
                    f"| {last['nodes']} | {last['scale']:.2f} | {inside} |"
                )
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
