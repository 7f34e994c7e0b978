"""``agent-handbook``: export a team's graph or lint its agent files, without MkDocs.

Exit codes: 0 clean (or problems found without ``--strict``), 1 when ``--strict`` and any
warning or error was found, 2 on usage errors (bad options, a path that does not exist).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from . import diagnostics as diag
from .export import to_data, to_json
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
        command.add_argument("paths", nargs="+", metavar="PATH", help="agent folders or files")
        command.add_argument(
            "--include", action="append", metavar="GLOB", help="files to read (default **/*.md); repeatable"
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

    check = commands.add_parser("check", help="lint agent files; one line per diagnostic")
    team_options(check)
    check.add_argument("--strict", action="store_true", help="exit 1 when there is any warning")
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument(
        "--ignore",
        action="append",
        default=[],
        type=_code,
        metavar="CODE",
        help="leave out a diagnostic code; repeatable",
    )
    return parser


def _load(args: argparse.Namespace) -> Team:
    severity = dict(args.severity)
    severity.update((code, "off") for code in getattr(args, "ignore", ()))
    return load_team(
        args.paths,
        include=args.include or ("**/*.md",),
        exclude=args.exclude,
        aliases=dict(args.alias),
        ignore_names=args.ignore_name,
        severity=severity,
    )


def write_pages(team: Team, out: Path, prefix: str, directory_urls: bool) -> list[Path]:
    """The handbook's pages, exports and assets as files under ``out`` (for any site generator)."""
    from .render import ASSETS, VENDOR, asset
    from .render.pages import Handbook
    from .views import Options

    handbook = Handbook(team, Options(prefix=prefix, directory_urls=directory_urls))
    contents: dict[str, str | bytes] = {**handbook.pages(), **handbook.files()}
    for name in (*ASSETS, *VENDOR):
        contents[f"assets/agent-handbook/{name}"] = asset(name)
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        parser.error(f"no such file or folder: {', '.join(missing)}")
    team = _load(args)
    if args.command == "pages":
        written = write_pages(team, Path(args.out), args.prefix.strip("/"), args.directory_urls)
        print(f"{len(written)} files written to {args.out}", file=sys.stderr)
        return 0
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
