"""Options of the ``agent-handbook`` plugin. ``- agent-handbook`` alone works."""

from __future__ import annotations

import os

from mkdocs.config import base
from mkdocs.config import config_options as c

from .discover import DEFAULT_INCLUDE


class AgentDirs(base.BaseConfigOption[list[str]]):
    """A folder or a list of folders (or single files), relative to mkdocs.yml; ``~`` is the
    home folder. Each must exist. Not set: ``[]``, meaning the known folders of every format."""

    def __init__(self) -> None:
        super().__init__()
        self.default = None
        self.config_dir: str | None = None

    def pre_validation(self, config: base.Config, key_name: str) -> None:
        self.config_dir = os.path.dirname(config.config_file_path) if config.config_file_path else None

    def run_validation(self, value: object) -> list[str]:
        if value is None:
            return []
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items or not all(isinstance(i, str) and i for i in items):
            raise base.ValidationError("expected a folder or a list of folders")
        out = []
        for item in items:
            path = os.path.expanduser(item)
            if self.config_dir and not os.path.isabs(path):
                path = os.path.join(self.config_dir, path)
            if not os.path.exists(path):
                raise base.ValidationError(f"The path '{path}' isn't an existing directory.")
            out.append(os.path.abspath(path))
        return out


class HandbookConfig(base.Config):
    agents_dir = AgentDirs()
    """The folder of agent files, or a list of folders, relative to mkdocs.yml
    (``.claude/agents``; ``[.claude/agents, ~/.claude/agents]``). Not set: the known folders
    of every format that exist beside mkdocs.yml (``agents/``, ``.claude/agents/``,
    ``.github/agents/``, ``.opencode/agent/``, ``.codex/agents/``, ``config/agents.yaml`` …)."""

    root = c.Optional(c.Dir(exists=True))
    """The folder that agent paths are shown relative to (Source lines, edit links,
    ``graph.json``): the folder of mkdocs.yml when not set. ``agent-handbook build`` sets it
    to the repository it reads."""

    corrections = c.Optional(c.File(exists=True))
    """The team's corrections file, relative to mkdocs.yml: relations the team confirms,
    rejects or adds, each with a reason (see docs/relations.md). Not set:
    ``agent-handbook.corrections.yaml`` in ``root``, when there is one."""

    include = c.ListOfItems(c.Type(str), default=list(DEFAULT_INCLUDE))
    """Glob patterns of files to read, relative to each agents folder."""

    exclude = c.ListOfItems(c.Type(str), default=[])
    """Glob patterns of files to skip (a pattern without ``/`` matches a file name anywhere)."""

    prefix = c.Type(str, default="handbook")
    """The folder, under the site, of every generated page (``handbook/agents/devops/``)."""

    aliases = c.DictOfItems(c.Type(str), default={})
    """Extra names for agents: ``{"Tech Lead": "tech-lead", "SRE": "platform-engineer"}``."""

    ignore_names = c.ListOfItems(c.Type(str), default=[])
    """Spellings that name no one, neither an agent nor a person: ``[Context7, "@doc"]``."""

    severity = c.DictOfItems(c.Choice(("error", "warning", "info", "off")), default={})
    """A diagnostic code's severity: ``{dangling-reference: info}``; ``off`` leaves the code out."""

    nav = c.Type(bool, default=True)
    """Add a section for the handbook to the navigation (unless your ``nav`` already lists its pages)."""

    nav_title = c.Type(str, default="Handbook")
    """Title of that navigation section."""

    nav_agents_limit = c.Type(int, default=50)
    """Above this many agents, agent pages leave the navigation and index pages link them.

    Material renders the whole navigation into every page, so thousands of entries make a
    build quadratic; the handbook's own index and map pages list every agent instead."""

    custom_templates = c.Optional(c.Dir(exists=True))
    """A folder of templates that replace the built-in ones of the same name."""

    map_limit = c.Type(int, default=80)
    """Agents drawn on the home page's map; larger teams link to the map page instead."""

    compare = c.DictOfItems(c.ListOfItems(c.Type(str)), default={})
    """Named groups of agents to compare side by side: ``{"Ops": [devops, platform-engineer]}``."""

    areas = c.DictOfItems(c.ListOfItems(c.Type(str)), default={})
    """Duty areas for the boundary matrix: area name -> keywords. Added to the built-in ones."""

    replace_areas = c.Type(bool, default=False)
    """Use only ``areas`` instead of adding them to the built-in areas."""

    since = c.Optional(c.Type(str))
    """A git revision (``origin/main``, ``v1.2``): adds a "Changes since" page that says what
    the agent files on disk change in the team since it (see ``agent-handbook diff``)."""
