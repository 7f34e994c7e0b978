"""``agent-handbook build`` and ``serve``: the full handbook of any folder, with or without a
mkdocs.yml of its own.

MkDocs glue, like :mod:`.plugin`: a folder with a ``mkdocs.yml`` is built with it as it is;
any other folder gets a generated configuration (Material, no web fonts or CDN, the
handbook's plugin reading the folder's known agent folders, or the folder itself) written
to a temporary folder, never into the repository.
"""

from __future__ import annotations

import json
import logging
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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


def generated_config(path: Path, folder: Path) -> Path:
    """Write a mkdocs.yml and a home page for the agents of ``path`` into ``folder``."""
    root = path.resolve()
    docs = folder / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    title = f"{repository_name(root)} — team handbook"
    (docs / "index.md").write_text(HOME.format(title=md(title), folder=code(root.name)), encoding="utf-8")
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
            {"agent-handbook": {"agents_dir": [str(p.resolve()) for p in agent_folders(root)], "root": str(root)}},
        ],
    }
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
def config_file(path: Path) -> Iterator[Path]:
    """The mkdocs.yml to build ``path`` with: its own, or a generated one while in use."""
    own = own_config(path)
    if own is not None:
        yield own
        return
    with tempfile.TemporaryDirectory(prefix="agent-handbook-") as folder:
        yield generated_config(path, Path(folder))


def build(path: Path, out: Path, strict: bool = False) -> None:
    """Build the handbook of ``path`` into ``out`` (as ``mkdocs build`` does)."""
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config

    _log(logging.WARNING)
    with config_file(path) as config_path:
        config = load_config(str(config_path), site_dir=str(out.resolve()), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build.build(config)
        finally:
            config.plugins.on_shutdown()


def serve(path: Path, dev_addr: str) -> None:
    """Serve the handbook of ``path`` with live reload (as ``mkdocs serve`` does)."""
    from mkdocs.commands import serve as mkdocs_serve

    _log(logging.INFO)
    with config_file(path) as config_path:
        mkdocs_serve.serve(str(config_path), livereload=True, dev_addr=dev_addr)
