"""``agent-handbook``: lint agent files, export a team's graph, or build and serve its handbook.

Exit codes: 0 clean (or problems found without ``--strict``), 1 when ``--strict`` and any
warning or error was found, 2 on usage errors (bad options, a path that does not exist).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from . import __version__, report
from . import diagnostics as diag
from .discover import DEFAULT_INCLUDE
from .export import to_data, to_json
from .formats import DEFAULT_FOLDERS, default_paths
from .team import Team, load_team


def _alias(text: str) -> tuple[str, str]:
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"expected NAME=AGENT, got {text!r}")
    name, target = text.split("=", 1)
    return name.strip(), target.strip()


def _severity(text: str) -> tuple[str, str]:
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"expected CODE=SEVERITY, got {text!r}")
    code, severity = (part.strip() for part in text.split("=", 1))
    problems = diag.check_overrides({code: severity})
    if problems:
        raise argparse.ArgumentTypeError(problems[0])
    return code, severity


def _code(text: str) -> str:
    problems = diag.check_overrides({text: "off"})
    if problems:
        raise argparse.ArgumentTypeError(problems[0])
    return text


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="agent-handbook", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def team_options(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "paths",
            nargs="*",
            metavar="PATH",
            help="agent folders or files (default: the known agent folders of every format here)",
        )
        command.add_argument(
            "--include",
            action="append",
            metavar="GLOB",
            help="files to read (default: Markdown, Codex TOML, CrewAI and OpenCode configs); repeatable",
        )
        command.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="files to skip; repeatable")
        command.add_argument(
            "--alias",
            action="append",
            default=[],
            type=_alias,
            metavar="NAME=AGENT",
            help="another name for an agent; repeatable",
        )
        command.add_argument(
            "--ignore-name",
            action="append",
            default=[],
            metavar="NAME",
            help="a spelling that names no one (neither agent nor person); repeatable",
        )
        command.add_argument(
            "--severity",
            action="append",
            default=[],
            type=_severity,
            metavar="CODE=SEVERITY",
            help="set a diagnostic code's severity (error, warning, info, off); repeatable",
        )

    export = commands.add_parser("export", help="print the team graph (the export contract)")
    team_options(export)
    export.add_argument("--format", choices=["json"], default="json")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")

    pages = commands.add_parser("pages", help="write the handbook as plain Markdown pages")
    team_options(pages)
    pages.add_argument("--out", required=True, metavar="FOLDER", help="folder to write the pages into")
    pages.add_argument("--prefix", default="handbook", help="folder of the pages inside FOLDER (default handbook)")
    pages.add_argument(
        "--no-directory-urls", dest="directory_urls", action="store_false", help="graph links end in .html, not /"
    )
    pages.add_argument(
        "--no-asset-links",
        dest="asset_links",
        action="store_false",
        help="do not link the stylesheet and script from each page (list them in extra_css/extra_javascript)",
    )

    site = commands.add_parser("build", help="build the handbook site of a folder (its mkdocs.yml, or none)")
    site.add_argument("path", nargs="?", default=".", metavar="PATH", help="a repository or agent folder (default .)")
    site.add_argument("-o", "--out", default="site", metavar="DIR", help="folder to write the site into (default site)")
    site.add_argument("--strict", action="store_true", help="fail on any warning, as mkdocs build --strict")

    serve = commands.add_parser("serve", help="serve the handbook of a folder with live reload")
    serve.add_argument("path", nargs="?", default=".", metavar="PATH", help="a repository or agent folder (default .)")
    serve.add_argument(
        "-a",
        "--dev-addr",
        default="127.0.0.1:8000",
        metavar="IP:PORT",
        help="address to serve on (default 127.0.0.1:8000)",
    )

    check = commands.add_parser("check", help="lint agent files; one line per diagnostic")
    team_options(check)
    check.add_argument("--strict", action="store_true", help="exit 1 when there is any warning")
    check.add_argument(
        "--format",
        choices=["text", "json", "github", "sarif"],
        default="text",
        help="text lines, a JSON list, GitHub Actions annotations, or a SARIF 2.1.0 log",
    )
    check.add_argument(
        "--ignore",
        action="append",
        default=[],
        type=_code,
        metavar="CODE",
        help="leave out a diagnostic code; repeatable",
    )
    return parser


class Progress:
    """A line on standard error that says how far reading has come, for long runs only.

    Shown when the stream is a terminal and the run has taken longer than :attr:`DELAY`
    seconds; redrawn at most every :attr:`EVERY` seconds and wiped when reading is done.
    """

    DELAY = 1.0
    EVERY = 0.1

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    @classmethod
    def on(cls, stream: TextIO) -> Progress | None:
        isatty = getattr(stream, "isatty", None)
        return cls(stream) if isatty is not None and isatty() else None

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done + 1 >= total:
            if self.shown:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
            return
        if now - self.start < self.DELAY or now - self.last < self.EVERY:
            return
        self.last, self.shown = now, True
        self.stream.write(f"\rreading agent files: {done}/{total} ({100 * done // total}%)\x1b[K")
        self.stream.flush()


def _load(args: argparse.Namespace, root: Path | None = None) -> Team:
    severity = dict(args.severity)
    severity.update((code, "off") for code in getattr(args, "ignore", ()))
    return load_team(
        args.paths,
        root=root,
        progress=Progress.on(sys.stderr),
        include=args.include or DEFAULT_INCLUDE,
        exclude=args.exclude,
        aliases=dict(args.alias),
        ignore_names=args.ignore_name,
        severity=severity,
    )


def write_pages(team: Team, out: Path, prefix: str, directory_urls: bool, asset_links: bool = True) -> list[Path]:
    """The handbook's pages, exports and assets as files under ``out`` (for any site generator).

    With ``asset_links`` each page links the handbook's stylesheet and script itself, so the
    graphs are drawn by a generator that runs no plugin (Zensical) and needs no
    ``extra_css`` for them. ELK goes beside the script, which loads it on pages with a map.
    """
    from .render import ASSETS, VENDOR, asset
    from .render.pages import Handbook
    from .views import Options

    handbook = Handbook(team, Options(prefix=prefix, directory_urls=directory_urls))
    contents: dict[str, str | bytes] = {
        uri: _with_assets(uri, page) if asset_links else page for uri, page in handbook.pages().items()
    }
    contents.update(handbook.files())
    for name in (*ASSETS, *VENDOR):
        contents[f"{ASSET_DIR}/{name}"] = asset(name)
    written = []
    root = out.resolve()
    for uri, content in sorted(contents.items()):
        target = (root / uri).resolve()
        target.relative_to(root)  # every generated path stays inside the output folder
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
        written.append(target)
    return written


ASSET_DIR = "assets/agent-handbook"


def _with_assets(uri: str, page: str) -> str:
    """``page`` with a link to the stylesheet and the script, relative to the page's file.

    Relative to the file, as Markdown links are: Zensical resolves the URLs of raw HTML the
    same way and rewrites them for the page's URL.
    """
    from .render import SCRIPTS

    up = "../" * uri.count("/")
    head = f'<link rel="stylesheet" href="{up}{ASSET_DIR}/handbook.css">\n'
    head += "".join(f'<script src="{up}{ASSET_DIR}/{name}" defer></script>\n' for name in SCRIPTS)
    return head + "\n" + page


#: Files that mark the top of a project whose docs the pages are written into.
PROJECT_MARKERS = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "zensical.toml", ".git")


def project_root(out: Path) -> Path:
    """The project that ``out`` is in (a folder with a site config or ``.git``), else the
    current folder: source paths in the pages are shown relative to it."""
    here = out.resolve()
    for folder in (here, *here.parents):
        if any((folder / marker).exists() for marker in PROJECT_MARKERS):
            return folder
    return Path.cwd()


def _known_folders(parser: argparse.ArgumentParser, root: Path | None = None) -> list[Path]:
    found = default_paths(root or Path.cwd())
    if not found:
        parser.error(f"no agent folder here (looked for {', '.join(DEFAULT_FOLDERS)}); name one as PATH")
    return found


def _site(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from . import standalone  # MkDocs is loaded only for these two commands

    path = Path(args.path).expanduser()
    if not path.exists():
        parser.error(f"no such file or folder: {args.path}")
    if args.command == "serve":
        standalone.serve(path, args.dev_addr)
        return 0
    from mkdocs.exceptions import Abort, ConfigurationError

    try:
        standalone.build(path, Path(args.out), strict=args.strict)
    except (Abort, ConfigurationError) as error:
        print(f"agent-handbook: {error}", file=sys.stderr)
        return 1
    print(f"handbook written to {args.out}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command in {"build", "serve"}:
        return _site(parser, args)
    missing = [p for p in args.paths if not Path(p).expanduser().exists()]
    if missing:
        parser.error(f"no such file or folder: {', '.join(missing)}")
    args.paths = [Path(p).expanduser() for p in args.paths] or _known_folders(parser)
    if args.command == "pages":
        out, prefix = Path(args.out), args.prefix.strip("/")
        if prefix and out.name == prefix.rsplit("/", 1)[-1]:
            # --out docs/handbook means the pages go there, not to docs/handbook/handbook.
            out = out.parent
            print(f"pages go to {args.out} (the {prefix}/ folder of {out})", file=sys.stderr)
        team = _load(args, project_root(out))
        written = write_pages(team, out, prefix, args.directory_urls, args.asset_links)
        print(f"{len(written)} files written to {out}", file=sys.stderr)
        return 0
    team = _load(args)
    if args.command == "export":
        text = to_json(team)
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return 0
    problems = team.diagnostics
    if args.format == "json":
        data = to_data(team)["diagnostics"]
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "sarif":
        sys.stdout.write(json.dumps(report.sarif(problems), indent=2, ensure_ascii=False) + "\n")
    else:
        if args.format == "github":
            sys.stdout.write(report.github(problems))
        else:
            for problem in problems:
                print(problem)
        counts = {s: sum(1 for d in problems if d.severity == s) for s in ("error", "warning", "info")}
        summary = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items())
        print(f"{len(team.agents)} agents, {len(team.relations)} relations; {summary}", file=sys.stderr)
    failing = any(d.severity in {"error", "warning"} for d in problems)
    return 1 if args.strict and failing else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
