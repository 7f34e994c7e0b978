"""agent-handbook: lint agent files, export a team's graph, or build and serve its handbook.

Exit codes, for every command: 0 clean (or problems found without --strict); 1 with
--strict when any warning or error was found; 2 for a usage or environment problem (a bad
option, a path that does not exist, no agent found, an output folder that is refused or
cannot be written, a busy port); 3 for a bug in agent-handbook (one line says so).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from . import __version__, outputs, report
from . import diagnostics as diag
from .corrections import DEFAULT_FILE as DEFAULT_CORRECTIONS
from .discover import DEFAULT_INCLUDE, repository_of
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


EXIT_CODES = """exit status: 0 clean (or problems without --strict); 1 with --strict and any warning or
error; 2 a usage or environment problem (bad option or path, no agent found, an output folder
refused or not writable, a busy port); 3 a bug in agent-handbook."""


class UsageError(Exception):
    """A problem with what the user asked for or with the machine: one line, exit status 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agent-handbook",
        description=__doc__.split("\n\n")[0].split(": ", 1)[1],
        epilog=EXIT_CODES,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def team_options(command: argparse.ArgumentParser, paths: bool = True) -> None:
        if paths:
            command.add_argument(
                "paths",
                nargs="*",
                metavar="PATH",
                help="agent folders or files (default: the known agent folders of every format here)",
            )
            command.add_argument(
                "--allow-empty",
                action="store_true",
                help="finding no agent is not an error (it is by default: a wrong path must not pass)",
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
        corrections_option(command)

    def corrections_option(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "--corrections",
            metavar="FILE",
            help=f"the team's corrections file (default: {DEFAULT_CORRECTIONS} here, if there is one)",
        )

    def ignore_option(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "--ignore",
            action="append",
            default=[],
            type=_code,
            metavar="CODE",
            help="leave out a diagnostic code; repeatable",
        )

    export = commands.add_parser("export", help="print the team graph (the export contract)", epilog=EXIT_CODES)
    team_options(export)
    export.add_argument(
        "--format",
        choices=["json"],
        default="json",
        help="json: the export contract (agents, relations with their evidence, diagnostics), as graph.json in the site",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")

    pages = commands.add_parser(
        "pages",
        help="write the handbook as plain Markdown pages",
        epilog="FOLDER/PREFIX and FOLDER/assets/agent-handbook are the command's own: each run replaces "
        "the files the last run wrote there and removes those it no longer writes; nothing else is touched. "
        + EXIT_CODES,
    )
    team_options(pages)
    pages.add_argument("--out", required=True, metavar="FOLDER", help="folder to write the pages into")
    pages.add_argument(
        "--clean",
        action="store_true",
        help="write even into a non-empty FOLDER/PREFIX that agent-handbook did not write (everything in it is removed)",
    )
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

    site = commands.add_parser(
        "build",
        help="build the handbook site of a folder (its mkdocs.yml, or none)",
        epilog="DIR is emptied before the site is written (as mkdocs build does; hidden files stay). So DIR "
        "must not be the repository, contain it, or hold anything the build reads, and a non-empty DIR must be "
        "an earlier build (it holds the file .agent-handbook-site) unless --clean is given. " + EXIT_CODES,
    )
    site.add_argument("path", nargs="?", default=".", metavar="PATH", help="a repository or agent folder (default .)")
    site.add_argument("-o", "--out", default="site", metavar="DIR", help="folder to write the site into (default site)")
    site.add_argument("--strict", action="store_true", help="fail on any warning, as mkdocs build --strict")
    site.add_argument(
        "--clean",
        action="store_true",
        help="write even into a non-empty DIR that agent-handbook did not build (everything in it but hidden files "
        "is removed)",
    )
    site.add_argument("--since", metavar="REV", help="add a page of what changed in the team since a git revision")
    team_options(site, paths=False)
    ignore_option(site)

    serve = commands.add_parser("serve", help="serve the handbook of a folder with live reload", epilog=EXIT_CODES)
    serve.add_argument("path", nargs="?", default=".", metavar="PATH", help="a repository or agent folder (default .)")
    serve.add_argument(
        "-a",
        "--dev-addr",
        default="127.0.0.1:8000",
        metavar="IP:PORT",
        help="address to serve on (default 127.0.0.1:8000)",
    )
    team_options(serve, paths=False)
    ignore_option(serve)

    check = commands.add_parser("check", help="lint agent files; one line per diagnostic", epilog=EXIT_CODES)
    team_options(check)
    check.add_argument("--strict", action="store_true", help="exit 1 when there is any warning")
    check.add_argument(
        "--format",
        choices=["text", "json", "github", "sarif"],
        default="text",
        help="text lines, a JSON list, GitHub Actions annotations, or a SARIF 2.1.0 log",
    )
    ignore_option(check)

    from . import diff as changes

    diff = commands.add_parser("diff", help="what a change does to the team", usage=changes.USAGE, epilog=EXIT_CODES)
    diff.description = changes.DESCRIPTION
    diff.add_argument("base", metavar="BASE", help="a git revision, or a folder")
    team_options(diff)
    changes.add_arguments(diff)
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


def severities(args: argparse.Namespace) -> dict[str, str]:
    """The ``--severity`` settings, with the codes named by ``--ignore`` turned off."""
    severity = dict(args.severity)
    severity.update((code, "off") for code in getattr(args, "ignore", ()))
    return severity


def _load(args: argparse.Namespace, root: Path | None = None, configured: bool = True) -> Team:
    return load_team(
        args.paths,
        root=root,
        progress=Progress.on(sys.stderr),
        include=args.include or DEFAULT_INCLUDE,
        exclude=args.exclude,
        aliases=dict(args.alias),
        ignore_names=args.ignore_name,
        severity=severities(args),
        configured=configured,
        corrections=args.corrections,
    )


def write_pages(
    team: Team,
    out: Path,
    prefix: str,
    directory_urls: bool,
    asset_links: bool = True,
    *,
    reads: Sequence[Path] = (),
    clean: bool = False,
) -> list[Path]:
    """The handbook's pages, exports and assets as files under ``out`` (for any site generator).

    With ``asset_links`` each page links the handbook's stylesheet and script itself, so the
    graphs are drawn by a generator that runs no plugin (Zensical) and needs no
    ``extra_css`` for them. ELK goes beside the script, which loads it on pages with a map.

    ``out/prefix`` and the assets folder are the command's own: they are refused when they
    hold anything in ``reads`` or files another hand wrote (unless ``clean``), and the files
    an earlier run wrote there that this one does not are removed (see :mod:`.outputs`).
    """
    from .render import ASSETS, VENDOR, asset
    from .render.pages import Handbook
    from .views import Options

    own = out / prefix if prefix else out
    assets = out / ASSET_DIR
    before = outputs.written_before(own)
    for folder in (own, assets):
        outputs.check_output(
            folder, reads=reads, marker=outputs.PAGES_MARKER, clean=clean or bool(before), option="--out"
        )
    if clean and not before:
        outputs.empty(own)
        outputs.empty(assets)

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
    outputs.remove_stale(out, before, contents)
    outputs.write_marker(own, outputs.PAGES_MARKER, contents)
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


def _known_folders(root: Path | None = None) -> list[Path]:
    found = default_paths(root or Path.cwd())
    if not found:
        raise UsageError(f"no agent folder here (looked for {', '.join(DEFAULT_FOLDERS)}); name one as PATH")
    return found


def _site(args: argparse.Namespace) -> int:
    from . import standalone  # MkDocs is loaded only for these two commands

    path = Path(args.path).expanduser()
    if not path.exists():
        raise UsageError(f"no such file or folder: {args.path}")
    overrides = standalone.Overrides(
        include=args.include,
        exclude=args.exclude,
        aliases=dict(args.alias),
        ignore_names=args.ignore_name,
        severity=severities(args),
        corrections=args.corrections,
    )
    if args.command == "serve":
        try:
            standalone.serve(path, args.dev_addr, overrides)
        except OSError as error:  # most often the port: another server is on it
            raise UsageError(f"cannot serve on {args.dev_addr}: {error.strerror or error}") from None
        return 0
    from mkdocs.exceptions import Abort, ConfigurationError

    try:
        standalone.build(
            path, Path(args.out), strict=args.strict, clean=args.clean, overrides=overrides, since=args.since
        )
    except Abort as error:  # --strict and warnings: findings
        print(f"agent-handbook: {error}", file=sys.stderr)
        return 1
    except ConfigurationError as error:
        raise UsageError(str(error).strip().replace("\n", " ")) from None
    print(f"handbook written to {args.out}", file=sys.stderr)
    return 0


def _empty(team: Team, args: argparse.Namespace) -> bool:
    """Say so when no agent was found (a wrong path in CI must not pass)."""
    if team.agents or args.allow_empty:
        return False
    where = ", ".join(report.printable(Path(p).as_posix()) for p in args.paths)
    looked = ", ".join(args.include or DEFAULT_INCLUDE)
    print(
        f"agent-handbook: no agent found in {where} (looked for {looked}); pass --allow-empty if that is expected",
        file=sys.stderr,
    )
    return True


def _run(args: argparse.Namespace) -> int:
    corrections = getattr(args, "corrections", None)
    if corrections is not None:
        args.corrections = Path(corrections).expanduser()
        if not args.corrections.is_file():
            raise UsageError(f"no such corrections file: {report.printable(str(corrections))}")
    if args.command == "diff":
        from .diff import run

        return run(args)
    if args.command in {"build", "serve"}:
        return _site(args)
    missing = [p for p in args.paths if not os.path.lexists(Path(p).expanduser())]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(report.printable(m) for m in missing)}")
    configured = bool(args.paths)
    args.paths = [Path(p).expanduser() for p in args.paths] or _known_folders()
    if args.command == "pages":
        out, prefix = Path(args.out), args.prefix.strip("/")
        if prefix and out.name == prefix.rsplit("/", 1)[-1]:
            # --out docs/handbook means the pages go there, not to docs/handbook/handbook.
            out = out.parent
            print(f"pages go to {args.out} (the {prefix}/ folder of {out})", file=sys.stderr)
        team = _load(args, project_root(out), configured)
        if _empty(team, args):
            return 2
        reads = [*args.paths, *(repository_of(p) for p in args.paths)]
        written = write_pages(team, out, prefix, args.directory_urls, args.asset_links, reads=reads, clean=args.clean)
        print(f"{len(written)} files written to {out}", file=sys.stderr)
        return 0
    team = _load(args, configured=configured)
    if args.command == "export":
        text = to_json(team)  # written even for an empty team: what was read, with its diagnostics
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return 2 if _empty(team, args) else 0
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
            sys.stdout.write("".join(report.text(problem) + "\n" for problem in problems))
        counts = {s: sum(1 for d in problems if d.severity == s) for s in ("error", "warning", "info")}
        summary = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items())
        print(f"{len(team.agents)} agents, {len(team.relations)} relations; {summary}", file=sys.stderr)
    if _empty(team, args):
        return 2
    failing = any(d.severity in {"error", "warning"} for d in problems)
    return 1 if args.strict and failing else 0


def _say(message: str) -> None:
    print(f"agent-handbook: {report.printable(message)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; its exit status (see :data:`EXIT_CODES`). Never a traceback."""
    parser = _parser()
    args = parser.parse_args(argv)  # exits with 2 on a bad option, as every argparse tool does
    try:
        status = _run(args)
        sys.stdout.flush()
        return status
    except (UsageError, outputs.OutputRefused) as error:
        _say(str(error))
    except OSError as error:  # the machine said no: an unwritable folder, a full disk, a busy port
        _say(_os_message(error))
        _quiet_stdout()
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if os.environ.get("AGENT_HANDBOOK_DEBUG"):
            raise
        _say(
            f"internal error ({type(error).__name__}: {error}). This is a bug in agent-handbook {__version__}: "
            "please report it with the command you ran (AGENT_HANDBOOK_DEBUG=1 shows where it happened)"
        )
        return 3
    return 2


def _os_message(error: OSError) -> str:
    where = error.filename if error.filename is not None else ""
    reason = error.strerror or str(error)
    return f"cannot write {where}: {reason}" if where else reason


def _quiet_stdout() -> None:
    """After standard output failed (``> /dev/full``), keep the interpreter's last flush quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
