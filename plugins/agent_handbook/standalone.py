"""``agent-handbook build`` and ``serve``: the full handbook of any folder, with or without a
mkdocs.yml of its own.

MkDocs glue, like :mod:`.plugin`: a folder with a ``mkdocs.yml`` is built with it as it is;
any other folder gets a generated configuration (Material, no web fonts or CDN, the
handbook's plugin reading the folder's known agent folders, or the folder itself) written
to a temporary folder, never into the repository.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import signal
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import outputs
from .discover import repository_of
from .formats import default_paths
from .render.text import code, md

HOME = """# {title}

The handbook of the agents in {folder}: [open it](handbook/index.md).
"""


def own_config(path: Path) -> Path | None:
    """The folder's own ``mkdocs.yml`` (or ``path`` itself when it is one), if any."""
    if path.is_file() and path.name in {"mkdocs.yml", "mkdocs.yaml"}:
        return path
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        if (path / name).is_file():
            return path / name
    return None


def agent_folders(path: Path) -> list[Path]:
    """The known agent folders under ``path``, or ``path`` itself when it holds none."""
    return default_paths(path) or [path]


def repository_name(root: Path) -> str:
    """What a folder's repository is called: the last part of its ``origin`` remote's
    address when it is a git checkout, else the folder's name (``owner__name``, as some
    mirrors call a copy, is ``name``)."""
    config = root / ".git" / "config"
    try:
        text = config.read_text(encoding="utf-8", errors="replace") if config.is_file() else ""
    except OSError:
        text = ""
    match = re.search(r'\[remote "origin"\][^\[]*?\burl\s*=\s*(\S+)', text)
    if match:
        name = match.group(1).rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1].removesuffix(".git")
        if name:
            return name
    return root.name.rsplit("__", 1)[-1] or root.name


def generated_config(path: Path, folder: Path, since: str | None = None) -> Path:
    """Write a mkdocs.yml and a home page for the agents of ``path`` into ``folder``."""
    root = path.resolve()
    docs = folder / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    title = f"{repository_name(repository_of(root))} — team handbook"
    (docs / "index.md").write_text(HOME.format(title=md(title), folder=code(root.name)), encoding="utf-8")
    # The known folders are left for the plugin to find under root, as `check` finds them: so a
    # folder that is a link out of the repository is not followed here either. Only a folder
    # with none of them is named (the user named it as PATH).
    handbook_options: dict[str, object] = {"root": str(root)}
    if not default_paths(root):
        handbook_options["agents_dir"] = [str(root)]
    # JSON is YAML: every value is quoted safely whatever the folder is called.
    config = {
        "site_name": title,
        "docs_dir": str(docs),
        "theme": {
            "name": "material",
            "font": False,
            "palette": [
                {
                    "media": "(prefers-color-scheme: light)",
                    "scheme": "default",
                    "toggle": {"icon": "material/brightness-7", "name": "Switch to dark mode"},
                },
                {
                    "media": "(prefers-color-scheme: dark)",
                    "scheme": "slate",
                    "toggle": {"icon": "material/brightness-4", "name": "Switch to light mode"},
                },
            ],
            "features": ["navigation.sections", "navigation.indexes", "content.code.copy"],
        },
        "markdown_extensions": ["admonition", "tables", {"toc": {"permalink": True}}, "pymdownx.superfences"],
        "plugins": [
            "search",
            {"agent-handbook": handbook_options},
        ],
    }
    if since:
        config["plugins"][1]["agent-handbook"]["since"] = since
    target = folder / "mkdocs.yml"
    target.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return target


def _log(level: int) -> None:
    """Show MkDocs' messages as ``mkdocs build`` and ``serve`` do (once)."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "agent_handbook", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler.agent_handbook = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(level)


@contextmanager
def config_file(path: Path, since: str | None = None) -> Iterator[Path]:
    """The mkdocs.yml to build ``path`` with: its own, or a generated one while in use."""
    own = own_config(path)
    if own is not None:
        yield own
        return
    with tempfile.TemporaryDirectory(prefix="agent-handbook-") as folder:
        yield generated_config(path, Path(folder), since)


@dataclass(frozen=True)
class Overrides:
    """The command line's selection and suppression options, laid over the plugin's config
    (so ``build`` and ``serve`` silence what ``check`` silences)."""

    include: Sequence[str] | None = None
    exclude: Sequence[str] = ()
    aliases: Mapping[str, str] = field(default_factory=dict)
    ignore_names: Sequence[str] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    #: The team's corrections file (``--corrections``), instead of the configured one.
    corrections: Path | None = None

    def apply(self, options: Any) -> None:
        """Lay these over a plugin config (a :class:`.config.HandbookConfig`)."""
        if self.corrections is not None:
            options.corrections = str(Path(self.corrections).resolve())
        if self.include:
            options.include = list(self.include)
        options.exclude = [*options.exclude, *self.exclude]
        options.aliases = {**options.aliases, **self.aliases}
        options.ignore_names = [*options.ignore_names, *self.ignore_names]
        options.severity = {**options.severity, **self.severity}


def _handbook_plugin(config: Any) -> Any:
    from .plugin import AgentHandbookPlugin

    for plugin in config.plugins.values():
        if isinstance(plugin, AgentHandbookPlugin):
            return plugin
    return None


def _reads(path: Path, config: Any) -> list[Path]:
    """What a build of ``path`` reads: the repository, the config, the docs, the agents."""
    reads = [path, repository_of(path), Path(config.config_file_path), Path(config.docs_dir)]
    plugin = _handbook_plugin(config)
    if plugin is not None:
        root = plugin.root(config)
        with contextlib.suppress(Exception):  # no agent folder: the build itself says so
            reads.extend(plugin.agents_dirs(root))
        reads.append(root)
    return reads


def build(
    path: Path,
    out: Path,
    strict: bool = False,
    clean: bool = False,
    overrides: Overrides | None = None,
    since: str | None = None,
) -> None:
    """Build the handbook of ``path`` into ``out`` (as ``mkdocs build`` does); ``since`` (a
    git revision) adds the "Changes since" page, also to a site with its own mkdocs.yml.

    ``out`` is emptied first, as MkDocs does, so it is checked first (see :mod:`.outputs`):
    never the repository or a folder holding what the build reads, and, when not empty, an
    earlier build of this command's unless ``clean``.
    """
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    _log(logging.WARNING)
    # Before any config is read: the repository and its agent folders (then, with the
    # config, its docs and configured agent folders too).
    early = [path, repository_of(path), *agent_folders(path)]
    outputs.check_output(out, reads=early, marker=outputs.SITE_MARKER, clean=clean)
    with config_file(path, since) as config_path:
        try:
            config = load_config(str(config_path), site_dir=str(Path(os.path.abspath(out))), strict=strict)
        except Abort as error:  # the config is wrong: a usage problem, not a finding
            raise ConfigurationError(f"{config_path}: {error}") from None
        outputs.check_output(out, reads=_reads(path, config), marker=outputs.SITE_MARKER, clean=clean)
        plugin = _handbook_plugin(config)
        if plugin is not None and overrides is not None:
            overrides.apply(plugin.config)
        if since:
            if plugin is None:
                raise ConfigurationError(f"--since needs the agent-handbook plugin in {config_path}")
            plugin.config.since = since
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build.build(config)
        finally:
            config.plugins.on_shutdown()
        outputs.write_marker(out, outputs.SITE_MARKER)


def serve(path: Path, dev_addr: str, overrides: Overrides | None = None) -> None:
    """Serve the handbook of ``path`` with live reload (as ``mkdocs serve`` does).

    The generated configuration's folder is removed however serving ends: Ctrl-C or SIGTERM.
    """
    from mkdocs.commands import serve as mkdocs_serve

    from . import plugin

    _log(logging.INFO)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    plugin.OVERRIDES = overrides
    try:
        with config_file(path) as config_path:
            mkdocs_serve.serve(str(config_path), livereload=True, dev_addr=dev_addr)
    finally:
        plugin.OVERRIDES = None
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
