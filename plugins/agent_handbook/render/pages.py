"""The handbook as Markdown pages: ``Handbook(team, options).pages()`` -> {uri: text}.

One Jinja environment renders every page from a view model. Templates can be overridden
by a file of the same name in ``Options.templates``. Agent text reaches a template only as
data and is escaped by a filter for the place it lands (``md``, ``cell``, ``attr``), so
nothing in an agent file is evaluated or rendered as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

import jinja2

from ..diagnostics import CODES
from ..export import to_json
from ..model import RELATION_KINDS
from ..team import Team
from ..views import Context, Options
from ..views.agents import agent_view
from ..views.overview import health_groups, index_view, map_view
from . import text
from .graphs import draw
from .prompt import prompt_html
from .svg import KIND_LABELS, legend


class Handbook:
    """Every generated page of one team, computed once."""

    def __init__(self, team: Team, options: Options | None = None) -> None:
        self.options = options or Options()
        self.ctx = Context(team, self.options)
        self.team = team

    # -- rendering ---------------------------------------------------------------------
    @cached_property
    def env(self) -> jinja2.Environment:
        loaders: list[jinja2.BaseLoader] = []
        if self.options.templates:
            loaders.append(jinja2.FileSystemLoader(str(self.options.templates)))
        loaders.append(jinja2.PackageLoader("agent_handbook", "templates"))
        env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            undefined=jinja2.StrictUndefined,
            autoescape=False,  # Markdown output; every agent value goes through a filter
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.filters.update(md=text.md, cell=text.cell, code=text.code, attr=text.attr, color=text.safe_color)
        env.globals.update(KIND_LABELS=KIND_LABELS, KINDS=RELATION_KINDS, CODES=CODES, legend=legend)
        return env

    def render(self, template: str, uri: str, **values: object) -> str:
        def link(target: str | None) -> str:
            return text.relative_md(uri, target) if target else ""

        def url(target: str) -> str:
            return text.relative_url(uri, target, self.options.directory_urls)

        def graph(view: object) -> str:
            return draw(view, uri, self.options.directory_urls) if view is not None else ""  # type: ignore[arg-type]

        helpers: dict[str, Callable[..., str] | str] = {
            "link": link,
            "url": url,
            "graph": graph,
            "page_uri": uri,
            "home": self.ctx.uri("index.md"),
        }
        return self.env.get_template(template).render(**helpers, **values)

    # -- pages -------------------------------------------------------------------------
    def uri(self, name: str) -> str:
        return self.ctx.uri(name)

    def page_names(self) -> list[str]:
        """Every generated Markdown page, in nav order."""
        fixed = ["index.md", "map.md", "health.md"]
        return [self.uri(n) for n in fixed] + [self.ctx.agent_uri(a) or "" for a in self.team.agents]

    def pages(self) -> dict[str, str]:
        """Every generated page: uri -> Markdown."""
        out = {
            self.uri("index.md"): self.index_page(),
            self.uri("map.md"): self.map_page(),
            self.uri("health.md"): self.health_page(),
        }
        for agent_id in self.team.agents:
            uri = self.ctx.agent_uri(agent_id) or ""
            out[uri] = self.agent_page(agent_id)
        return out

    def files(self) -> dict[str, str]:
        """Non-page files written beside the pages (exports)."""
        return {self.uri("graph.json"): to_json(self.team)}

    def index_page(self) -> str:
        uri = self.uri("index.md")
        return self.render(
            "index.md", uri, view=index_view(self.ctx), map_uri=self.uri("map.md"), health_uri=self.uri("health.md")
        )

    def map_page(self) -> str:
        uri = self.uri("map.md")
        return self.render("map.md", uri, view=map_view(self.ctx), relations=self.team.relations, ctx=self.ctx)

    def health_page(self) -> str:
        uri = self.uri("health.md")
        groups = health_groups(self.ctx)
        agent_pages = {a.source: self.ctx.agent_uri(a.id) for a in self.team.agents.values()}
        return self.render("health.md", uri, groups=groups, agent_pages=agent_pages, files=len(self.team.files))

    def agent_page(self, agent_id: str) -> str:
        view = agent_view(self.ctx, agent_id)
        prompt = prompt_html(view.agent.body)
        return self.render(
            "agent.md", view.uri, view=view, prompt=prompt, map_uri=self.uri("map.md"), health_uri=self.uri("health.md")
        )
