"""MkDocs glue: config, generated files, nav, assets and live reload. The work is in the core."""

from __future__ import annotations

import gc
import html
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from . import diagnostics as diag
from .config import HandbookConfig
from .corrections import default_path as default_corrections
from .discover import repository_of
from .formats import DEFAULT_FOLDERS, default_paths
from .render import ASSETS, VENDOR, asset
from .render.fence import render_fences
from .render.pages import Handbook
from .render.stash import HtmlStash
from .report import printable
from .team import ParseCache, load_team
from .views import Options

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer

log = get_plugin_logger(__name__)

ASSET_DIR = "assets/agent-handbook"
#: Options of ``agent-handbook serve``'s command line, laid over the config of every rebuild
#: (a :class:`.standalone.Overrides`; None outside that command).
OVERRIDES = None


class AgentHandbookPlugin(BasePlugin[HandbookConfig]):
    """Builds the team handbook from a folder of agent files."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self._cache = ParseCache()
        self._handbook: Handbook | None = None
        #: Graphs and prompts skip MkDocs' Markdown conversion (see render/stash.py).
        self._stash = HtmlStash()
        self._generated: set[str] = set()
        self._dirty = False
        #: The previous build's handbook and generated files (for ``mkdocs serve``).
        self._last: Handbook | None = None
        self._last_files: dict[str, str | bytes] = {}
        #: The "Changes since" page, when ``since`` is set.
        self._changes: str | None = None
        self._serving = False
        self._frozen = False
        #: Makes and writes the exports an edit changed, after the reload (``mkdocs serve``).
        self._exporter: threading.Thread | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining on_startup keeps this instance (and its caches) across serve rebuilds.
        self._cache = ParseCache()
        self._dirty = dirty
        self._serving = command == "serve"
        self._frozen = False
        self._last, self._last_files = None, {}

    def on_shutdown(self) -> None:
        self._wait_for_exports()

    @property
    def handbook(self) -> Handbook:
        if self._handbook is None:
            raise PluginError("agent-handbook: the handbook is only available after on_files")
        return self._handbook

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._wait_for_exports()  # the last rebuild's, before this one reads or cleans the site
        self._handbook = None
        if OVERRIDES is not None:  # agent-handbook serve's command-line options
            OVERRIDES.apply(self.config)
        problems = diag.check_overrides(self.config.severity)
        if problems:
            raise PluginError(f"agent-handbook: severity: {'; '.join(problems)}")
        for name in ASSETS:
            target = config.extra_css if name.endswith(".css") else config.extra_javascript
            target.append(f"{ASSET_DIR}/{name}")
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        root = self.root(config)
        agents_dirs = self.agents_dirs(root)
        docs_dir = Path(config.docs_dir)
        skip = [Path(config.site_dir)]
        if not any(_inside(folder, docs_dir) for folder in agents_dirs):
            skip.append(docs_dir)
        team = load_team(
            agents_dirs,
            root=root,
            include=self.config.include,
            exclude=self.config.exclude,
            aliases=self.config.aliases,
            skip=skip,
            cache=self._cache,
            ignore_names=self.config.ignore_names,
            severity=self.config.severity,
            boundary=repository_of(root),
            configured=bool(self.config.agents_dir),
            corrections=self.config.corrections,
        )
        for problem in team.diagnostics:
            message = f"{printable(problem.file)}:{problem.line}: {problem.code}: {printable(problem.message)}"
            if problem.severity == "info":
                log.info(message)
            else:
                log.warning(message)
        options = Options(
            prefix=self.config.prefix.strip("/"),
            directory_urls=config.use_directory_urls,
            map_limit=self.config.map_limit,
            templates=Path(self.config.custom_templates) if self.config.custom_templates else None,
            compare_groups={k: tuple(v) for k, v in self.config.compare.items()},
            areas={k: tuple(v) for k, v in self.config.areas.items()},
            replace_areas=self.config.replace_areas,
        )
        # Serving, the exports an edit changed are made after the reload (on_post_build).
        self._handbook = handbook = Handbook(
            team, options, stash=self._stash, previous=self._last, defer_exports=self._serving
        )

        # Agent files inside docs_dir would otherwise be built as pages of their own,
        # unsanitized; their handbook pages replace them.
        sources = {(root / a.source).resolve() for a in team.agents.values()}
        for file in list(files):
            if file.abs_src_path and Path(file.abs_src_path).resolve() in sources:
                files.remove(file)

        agent_uris = {handbook.ctx.agent_uri(a.id): a for a in team.agents.values()}
        pages = handbook.pages()
        self._changes = None
        if self.config.since:
            self._changes = handbook.ctx.uri("changes.md")
            pages = {**pages, self._changes: self._changes_page(agents_dirs, root, handbook)}
        self._stash.retain(pages.values())
        generated = {**pages, **handbook.files()}
        # MkDocs treats every generated file as modified. With --dirty, a page whose content
        # is what it was at the last build is not rebuilt, unless pages were added or
        # removed (the navigation changes then).
        unchanged = set()
        if self._dirty and generated.keys() == self._last_files.keys():
            unchanged = {uri for uri, content in generated.items() if self._last_files[uri] == content}
        self._last, self._last_files = handbook, generated
        self._generated = set(pages)
        for uri, content in generated.items():
            if files.get_file_from_path(uri) is not None:
                log.info(f"{uri} exists in docs_dir; the page you wrote is kept")
                continue
            # MkDocs never places these pages itself: on_nav adds the handbook's section
            # (or your own nav lists them), so no "not included in the nav" noise either.
            inclusion = InclusionLevel.NOT_IN_NAV if uri.endswith(".md") else InclusionLevel.UNDEFINED
            file = File.generated(config, uri, content=content, inclusion=inclusion)
            agent = agent_uris.get(uri)
            if agent is not None:
                # Themes write the edit URL into an attribute unescaped: a file name is not
                # trusted to be free of quotes and brackets.
                file.edit_uri = quote(Path(os.path.relpath(root / agent.source, docs_dir)).as_posix(), safe="/")
            if uri in unchanged and os.path.isfile(file.abs_dest_path):
                file.is_modified = _unmodified  # type: ignore[method-assign]
            files.append(file)
        for name in (*ASSETS, *VENDOR):
            uri = f"{ASSET_DIR}/{name}"
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, content=asset(name)))
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self._serving or self._handbook is None:
            return
        if self._handbook.stale_exports:
            handbook, site_dir = self._handbook, config.site_dir
            self._exporter = threading.Thread(
                target=self._write_exports, args=(handbook, site_dir), name="agent-handbook exports", daemon=True
            )
            self._exporter.start()
        if not self._frozen:
            self._frozen = True
            # What the first build keeps (the parsed team, caches, templates, the pages for
            # the next build to compare) lives as long as the server: later collections
            # need not scan it again at every rebuild.
            gc.collect()
            gc.freeze()

    def _write_exports(self, handbook: Handbook, site_dir: str) -> None:
        for uri, content in handbook.make_exports().items():
            target = Path(site_dir, *uri.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".partial")
            partial.write_text(content, encoding="utf-8")
            os.replace(partial, target)  # a browser never reads half an export
            self._last_files[uri] = content

    def _wait_for_exports(self) -> None:
        if self._exporter is not None:
            self._exporter.join()
            self._exporter = None

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        if not self.config.nav or self._handbook is None:
            return nav
        ours = self._generated
        if config.nav is not None and any(_uris(nav.items) & ours):
            return nav  # the user placed the handbook's pages themselves
        kept = [item for item in nav.items if not (_uris([item]) and _uris([item]) <= ours)]
        section = self._section(files, config, ours)
        if section is None:
            return nav
        items = [*kept, section]
        pages = _pages(items)
        _relink(items, None)
        for index, page in enumerate(pages):
            page.previous_page = pages[index - 1] if index else None
            page.next_page = pages[index + 1] if index + 1 < len(pages) else None
        return Navigation(items, pages)

    def _section(self, files: Files, config: MkDocsConfig, ours: set[str]) -> Section | None:
        handbook = self.handbook

        def page_of(uri: str) -> Page | None:
            file = files.get_file_from_path(uri)
            if file is None or file.generated_by is None:
                return None
            return file.page or Page(None, file, config)

        fixed = [p for p in map(page_of, [handbook.uri(n) for n in handbook.FIXED]) if p is not None]
        # The agents grouped like the map (folders, plugins), within the nav's size limit.
        agents: list = [p for p in [page_of(handbook.agents_index_uri)] if p is not None]
        grouped = handbook.nav_agents(self.config.nav_agents_limit)
        for title, uris in grouped:
            pages = [p for p in map(page_of, uris) if p is not None]
            if title and len(grouped) > 1 and pages:
                # Themes write a section's title as it is: a folder's name is not trusted markup.
                agents.append(Section(html.escape(title), pages))
            else:
                agents.extend(pages)
        changes = files.get_file_from_path(self._changes) if self._changes else None
        if changes is not None and changes.generated_by is not None:
            fixed.append(changes.page or Page(None, changes, config))
        if not fixed and not agents:
            return None
        children: list = list(fixed)
        if agents:
            children.append(Section("Agents", agents))
        return Section(self.config.nav_title, children)

    def _changes_page(self, agents_dirs: list[Path], root: Path, handbook: Handbook) -> str:
        """What the agent files on disk change in the team since ``since`` (a git revision)."""
        from . import diff

        options = diff.Options(
            include=self.config.include,
            exclude=self.config.exclude,
            aliases=self.config.aliases,
            ignore_names=self.config.ignore_names,
            severity=self.config.severity,
        )
        try:
            change = diff.since(self.config.since, agents_dirs, root, options)
        except diff.DiffError as error:
            raise PluginError(f"agent-handbook: since: {error}") from None

        def link(agent_id: str) -> str:
            agent = handbook.team.agents.get(agent_id)
            return f"[`{agent_id}`](agents/{agent.page}.md)" if agent is not None else f"`{agent_id}`"

        return diff.page(change, link)

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self._handbook is None or page.file.generated_by is not None or "agent-" not in markdown:
            return markdown
        markdown, problems = render_fences(markdown, self.handbook, page.file.src_uri)
        for problem in problems:
            log.warning(f"{page.file.src_uri}: {problem}")
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        # page.title is HTML (entities kept), but Material's <title> passes it through
        # `striptags`, which unescapes them: an agent called "</title><script>" would get
        # its script into the page head. A title in meta is written as it is.
        if page.file.generated_by is not None and page.file.src_uri in self._generated and page.title:
            page.meta.setdefault("title", page.title)
        return self._stash.restore(html)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        # Graphs and relation tables go back after the search index has read the page.
        return self._stash.restore_late(output)

    def root(self, config: MkDocsConfig) -> Path:
        """What agent paths are shown relative to: ``root``, else the folder of mkdocs.yml."""
        if self.config.root:
            return Path(self.config.root)
        return Path(config.config_file_path).parent if config.config_file_path else Path.cwd()

    def agents_dirs(self, root: Path) -> list[Path]:
        """The configured agent folders, or the known folders of every format under ``root``."""
        if self.config.agents_dir:
            return [Path(p) for p in self.config.agents_dir]
        found = default_paths(root)
        if not found:
            known = ", ".join(DEFAULT_FOLDERS)
            raise PluginError(
                f"agent-handbook: no agent folder found beside mkdocs.yml (looked for {known}); set agents_dir"
            )
        return found

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder) -> LiveReloadServer:
        root = self.root(config)
        for folder in self.agents_dirs(root):
            if folder.is_dir():
                server.watch(str(folder))
            else:
                # A config file is watched with its folder, not below it (a crew's tasks.yaml
                # sits beside it; an opencode.json at the root must not watch node_modules).
                server.watch(str(folder.parent), recursive=False)
        corrections = Path(self.config.corrections) if self.config.corrections else default_corrections(root)
        if corrections.is_file():
            server.watch(str(corrections))
        return server


def _unmodified() -> bool:
    return False


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def _uris(items: list) -> set[str]:
    found: set[str] = set()
    for item in items:
        if isinstance(item, Page):
            found.add(item.file.src_uri)
        elif getattr(item, "children", None):
            found |= _uris(item.children)
    return found


def _pages(items: list) -> list[Page]:
    pages: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            pages.append(item)
        elif getattr(item, "children", None):
            pages.extend(_pages(item.children))
    return pages


def _relink(items: list, parent: Section | None) -> None:
    for item in items:
        item.parent = parent
        if getattr(item, "children", None):
            _relink(item.children, item)
