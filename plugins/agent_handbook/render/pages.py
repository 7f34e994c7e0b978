"""The handbook as Markdown pages: ``Handbook(team, options).pages()`` -> {uri: text}.

One Jinja environment renders every page from a view model. Templates can be overridden
by a file of the same name in ``Options.templates``. Agent text reaches a template only as
data and is escaped by a filter for the place it lands (``md``, ``cell``, ``attr``), so
nothing in an agent file is evaluated or rendered as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property, lru_cache
from pathlib import Path

import jinja2

from ..diagnostics import CODES
from ..export import to_graphml, to_json, to_mermaid
from ..model import RELATION_KINDS, Evidence, Relation
from ..parallel import share
from ..team import Team
from ..views import Context, Link, Options
from ..views.agents import agent_groups, agent_view
from ..views.boundaries import boundary_view
from ..views.compare import comparison, pairs
from ..views.escalation import escalation_view
from ..views.graphs import MAP_DETAIL_LIMIT, large_map
from ..views.handoffs import handoff_view
from ..views.overview import findings, health_groups, index_view, map_view
from ..views.runbooks import Scenario, runbooks
from ..views.tools import tools_view
from . import text
from .graphs import draw
from .prompt import prompt_html
from .reuse import reusable_pages
from .stash import HtmlStash
from .svg import KIND_LABELS, legend


class Handbook:
    """Every generated page of one team, computed once."""

    def __init__(
        self,
        team: Team,
        options: Options | None = None,
        stash: HtmlStash | None = None,
        previous: Handbook | None = None,
        defer_exports: bool = False,
    ) -> None:
        """``previous``, the handbook of the last build (``mkdocs serve``), lends the facts
        and agent pages an edit left as they were (see :mod:`.reuse`). With
        ``defer_exports``, exports that the edit changed are not made with the pages: the
        previous build's stand in, and :meth:`make_exports` makes them when the caller
        chooses (``mkdocs serve``: after the browsers have reloaded)."""
        self.options = options or Options()
        self.ctx = Context(team, self.options, previous.ctx if previous is not None else None)
        self.team = team
        #: Where large HTML blocks go instead of the Markdown (see :mod:`.stash`); None
        #: writes them into the Markdown, for a builder that converts it without us.
        self.stash = stash
        self._previous = previous if previous is not None and previous.stash is stash else None
        #: Each agent's page as rendered, for the next build to reuse.
        self._agent_pages: dict[str, str] = {}
        #: Agents whose page came unchanged from the previous build.
        self.reused: set[str] = set()
        #: Pages other than the agents' with what they were rendered from (see ``_page``).
        self._renders: dict[str, tuple[object, str]] = {}
        self._renders_before = previous._renders if self._previous else {}
        #: The exports with what they were made from, for the next build to reuse.
        self._exports: tuple[object, dict[str, str]] | None = previous._exports if self._previous else None
        self._defer_exports = defer_exports and self._exports is not None
        #: Whether :meth:`files` gave the previous build's exports, out of date.
        self.stale_exports = False

    def html_block(self, html: str, late: bool = False) -> str:
        """An HTML block as it goes into a page's Markdown: its stash placeholder, or the
        block itself without blank lines (a blank line would end it as HTML).

        ``late`` blocks are not prose (graphs, relation tables): kept out of the search index,
        by the stash in a MkDocs build, by ``data-search-exclude`` for other builders."""
        html = "\n".join(line for line in html.splitlines() if line.strip())
        if not html:
            return ""
        if self.stash is not None:
            return self.stash.put(html, late)
        return f"<div data-search-exclude>{html}</div>" if late else html

    # -- rendering ---------------------------------------------------------------------
    @property
    def env(self) -> jinja2.Environment:
        return _environment(self.options.templates)

    def render(self, template: str, uri: str, **values: object) -> str:
        def link(target: str | None) -> str:
            return text.relative_md(uri, target) if target else ""

        def url(target: str) -> str:
            return text.relative_url(uri, target, self.options.directory_urls)

        def graph(view: object) -> str:
            if view is None:
                return ""
            return self.html_block(draw(view, uri, self.options.directory_urls), late=True)  # type: ignore[arg-type]

        def node(n: Link) -> str:
            return _node_html(n, url(n.uri) if n.uri else "")

        helpers: dict[str, Callable[..., str] | str] = {
            "link": link,
            "url": url,
            "graph": graph,
            "hnode": node,
            "hevidence": _evidence_html,
            "hteam": _team_html,
            "page_uri": uri,
            "home": self.ctx.uri("index.md"),
            "_html_block": self.html_block,
        }
        return self.env.get_template(template).render(**helpers, **values)

    def _page(self, template: str, uri: str, **values: object) -> str:
        """A page rendered from ``values``, or the previous build's page when they are equal
        (values holding no plain data, such as the context, never are)."""
        key = (template, values)
        before = self._renders_before.get(uri)
        page = before[1] if before is not None and before[0] == key else self.render(template, uri, **values)
        self._renders[uri] = (key, page)
        return page

    # -- pages -------------------------------------------------------------------------
    def uri(self, name: str) -> str:
        return self.ctx.uri(name)

    #: The handbook's own pages, in nav order (the agents follow: see ``nav_agents``).
    FIXED = (
        "index.md",
        "map.md",
        "escalation.md",
        "handoffs.md",
        "boundaries.md",
        "compare/index.md",
        "runbooks/index.md",
        "tools.md",
        "health.md",
    )

    @property
    def agents_index_uri(self) -> str:
        """The page listing every agent by group (``agents/index``: no agent's page is
        called ``index``, see ``team.RESERVED_PAGES``)."""
        return self.uri("agents/index.md")

    @cached_property
    def findings(self):
        """The findings about the relations: one list for the home, health and view pages."""
        return findings(self.ctx)

    @cached_property
    def agent_groups(self):
        return agent_groups(self.ctx)

    def nav_agents(self, limit: int) -> list[tuple[str, list[str]]]:
        """The Agents section of the navigation as (title, page uris) per group, like the
        map's groups, within ``limit`` entries: every agent's page while the team has at most
        ``limit`` agents; else each group's map page while there are such pages and few
        enough groups; else nothing (the agents index lists them)."""
        if len(self.team.agents) <= limit:
            return [(g.title, [n.uri or "" for n, _ in g.agents]) for g in self.agent_groups]
        if self.large_map is not None and len(self.large_map[1]) <= limit:
            agents = set(self.team.agents)
            return [("", [self.group_uri(g) for g in self.large_map[1] if agents & set(g.members)])]
        return []

    @cached_property
    def comparisons(self):
        return [comparison(self.ctx, pair) for pair in pairs(self.ctx)]

    @cached_property
    def scenarios(self) -> list[Scenario]:
        return runbooks(self.ctx)

    def scenario_uri(self, scenario: Scenario) -> str:
        return self.uri(f"runbooks/{scenario.slug}.md")

    def pages(self) -> dict[str, str]:
        """Every generated page: uri -> Markdown.

        On a large team a forked worker renders agent pages and makes the exports while
        this process renders the other pages, then agent pages too (see
        :func:`..parallel.share`).
        """
        previous, self._previous = self._previous, None  # no chain of builds kept alive
        if previous is not None:
            self.reused = reusable_pages(previous.ctx, self.ctx) & previous._agent_pages.keys()
        todo = [a for a in self.team.agents if a not in self.reused]
        self.ctx.route  # noqa: B018 - computed once, before the work is shared out
        key = self._exports_key()
        exported = self._exports[1] if self._exports is not None and self._exports[0] == key else None
        stash = self.stash

        def agent_page(agent_id: str) -> tuple[str, dict[str, str]]:
            # With the HTML blocks it put: a worker's stash is its own copy.
            mark = stash.mark if stash is not None else 0
            page = self.agent_page(agent_id)
            return page, stash.since(mark) if stash is not None else {}

        def exports() -> dict[str, str] | None:
            if exported is not None:
                return exported
            return None if self._defer_exports else self._make_exports()

        results, out, made = share(agent_page, todo, self._other_pages, exports)
        if made is not None:
            self._exports = (key, made)
        rendered = {}
        for agent_id, (page, blocks) in zip(todo, results):
            rendered[agent_id] = page
            if stash is not None:
                stash.update(blocks)
        for agent_id in self.team.agents:
            if agent_id in self.reused:
                page = previous._agent_pages[agent_id]  # type: ignore[union-attr]
            else:
                page = rendered[agent_id]
            out[self.ctx.agent_uri(agent_id) or ""] = self._agent_pages[agent_id] = page
        return out

    def _other_pages(self) -> dict[str, str]:
        """Every page but the agents'."""
        out = {
            self.uri("index.md"): self.index_page(),
            self.uri("map.md"): self.map_page(),
            self.uri("escalation.md"): self._page(
                "escalation.md",
                self.uri("escalation.md"),
                view=escalation_view(self.ctx),
                health_uri=self.uri("health.md"),
                findings=[f for f in self.findings if f.code in {"cycle", "no-route"}],
            ),
            self.uri("handoffs.md"): self._page("handoffs.md", self.uri("handoffs.md"), view=handoff_view(self.ctx)),
            self.uri("boundaries.md"): self._page(
                "boundaries.md", self.uri("boundaries.md"), view=boundary_view(self.ctx)
            ),
            self.uri("compare/index.md"): self._page(
                "compare_index.md", self.uri("compare/index.md"), comparisons=self.comparisons
            ),
            self.uri("runbooks/index.md"): self.render(
                "runbooks_index.md", self.uri("runbooks/index.md"), scenarios=self.scenarios, uri_of=self.scenario_uri
            ),
            self.uri("tools.md"): self._page("tools.md", self.uri("tools.md"), view=tools_view(self.ctx)),
            self.uri("health.md"): self.health_page(),
            self.agents_index_uri: self._page(
                "agents_index.md",
                self.agents_index_uri,
                groups=self.agent_groups,
                count=len(self.team.agents),
                map_uri=self.uri("map.md"),
            ),
        }
        for item in self.comparisons:
            out[item.uri] = self._page("compare.md", item.uri, c=item)
        if self.large_map is not None:
            for group in self.large_map[1]:
                uri = self.group_uri(group)
                members = set(group.members)
                relations = [r for r in self.team.relations if r.source in members or r.target in members]
                links = {n: self.ctx.link(n) for r in relations for n in (r.source, r.target)}
                out[uri] = self._page(
                    "map_group.md", uri, group=group, relations=relations, links=links, map_uri=self.uri("map.md")
                )
        for scenario in self.scenarios:
            uri = self.scenario_uri(scenario)
            out[uri] = self._page("runbook.md", uri, s=scenario)
        self._renders_before = {}
        return out

    def files(self) -> dict[str, str]:
        """Non-page files written beside the pages: the exports, and each agent's prompt as
        written (``prompts/<page>.txt``, linked from its page)."""
        key = self._exports_key()
        if self._exports is None or self._exports[0] != key:
            if self._defer_exports and self._exports is not None:
                self.stale_exports = True  # the previous build's, until make_exports
            else:
                self._exports = (key, self._make_exports())
        raw = {self.raw_uri(a.page): a.body for a in self.team.agents.values()}
        return {**self._exports[1], **raw}

    def raw_uri(self, page: str) -> str:
        """Where an agent's prompt is written as plain text."""
        return self.uri(f"prompts/{page}.txt")

    def _exports_key(self) -> tuple:
        """What the exports are made of: agents' front matter, nodes, relations and
        diagnostics. While it is unchanged (an edit to a prompt's prose), they are too."""
        team = self.team
        return (
            [(a.id, a.name, a.description, a.model, a.tools, a.source) for a in team.agents.values()],
            [(r.id, r.name, r.role) for r in team.external.values()],
            team.relations,
            team.mentions,
            team.diagnostics,
            self.exports,
        )

    def make_exports(self) -> dict[str, str]:
        """The exports of this team, made now (after :meth:`files` gave stale ones)."""
        made = self._make_exports()
        self._exports, self.stale_exports = (self._exports_key(), made), False
        return made

    def _make_exports(self) -> dict[str, str]:
        return {
            self.uri("graph.json"): to_json(self.team),
            self.uri("graph.graphml"): to_graphml(self.team),
            self.uri("graph.mmd"): to_mermaid(self.team),
        }

    def index_page(self) -> str:
        uri = self.uri("index.md")
        return self.render(
            "index.md",
            uri,
            view=index_view(self.ctx, self.findings),
            map_uri=self.uri("map.md"),
            health_uri=self.uri("health.md"),
            exports=self.exports,
        )

    @cached_property
    def large_map(self):
        """The team map and a page per group, for teams too large for one relation table."""
        if len(self.team.agents) <= MAP_DETAIL_LIMIT:
            return None
        return large_map(self.ctx)

    def group_uri(self, group) -> str:
        return self.uri(f"map/{group.slug}.md")

    def map_page(self) -> str:
        uri = self.uri("map.md")
        if self.large_map is not None:
            overview, groups = self.large_map
            inside: dict[str, int] = {}
            across: dict[str, int] = {}
            # What a closed group's node counts on the map: its agents with a relation.
            related = {n for r in self.team.relations if r.source != r.target for n in (r.source, r.target)}
            connected = {g.slug: sum(1 for m in g.members if m in related) for g in groups}
            for group in groups:
                members = set(group.members)
                inside[group.slug] = sum(1 for r in self.team.relations if r.source in members and r.target in members)
                across[group.slug] = sum(
                    1 for r in self.team.relations if (r.source in members) != (r.target in members)
                )
            return self.render(
                "map_overview.md",
                uri,
                view=overview,
                groups=groups,
                agents=len(self.team.agents),
                agent_groups=sum(1 for g in groups if any(m in self.team.agents for m in g.members)),
                inside=inside,
                across=across,
                connected=connected,
                uri_of=self.group_uri,
                exports=self.exports,
            )
        relations = self.team.relations
        links = {n: self.ctx.link(n) for r in relations for n in (r.source, r.target)}
        return self._page(
            "map.md", uri, view=map_view(self.ctx), relations=relations, links=links, exports=self.exports
        )

    @property
    def exports(self) -> dict[str, str]:
        return {"json": self.uri("graph.json"), "graphml": self.uri("graph.graphml"), "mermaid": self.uri("graph.mmd")}

    def health_page(self) -> str:
        uri = self.uri("health.md")
        groups = health_groups(self.ctx)
        agent_pages = {a.source: self.ctx.agent_uri(a.id) for a in self.team.agents.values()}
        agents = self.team.agents
        copies = [
            (
                group.name,
                (self.ctx.link(group.first), agents[group.first].source),
                [(self.ctx.link(c.agent), agents[c.agent].source, c) for c in group.others],
            )
            for group in self.team.copies
        ]
        return self.render(
            "health.md",
            uri,
            groups=groups,
            findings=self.findings,
            copies=copies,
            agent_pages=agent_pages,
            files=len(self.team.files),
        )

    def block(self, options: dict, page_uri: str, number: int = 1) -> str:
        """A view inside a hand-written page (see :mod:`.fence`)."""
        from ..views.graphs import GraphView, map_edge, neighbourhood, short_description, team_map
        from .fence import BlockError

        ctx, team = self.ctx, self.team
        wanted = []
        for name in options["agents"]:
            agent_id = team.index.resolve(name)
            if agent_id is None:
                raise BlockError(f"no agent named {name!r}")
            wanted.append(agent_id)
        chosen = set(wanted) or set(team.agents)
        kinds = options["kinds"]
        view = options["view"]
        values: dict[str, object] = {"graph_view": None, "relations": None, "agents": None, "ladders": None}
        related = [r for r in team.relations if r.kind in kinds and (r.source in chosen or r.target in chosen)]
        if view == "neighbourhood":
            if len(wanted) != 1:
                raise BlockError("view neighbourhood needs exactly one agent")
            graph_view = neighbourhood(ctx, wanted[0], depth=options["depth"])
            graph_view.edges = [e for e in graph_view.edges if e.kind in kinds]
            graph_view.id = f"ah-block-{number}"
            values["graph_view"] = graph_view
        elif view in {"map", "escalation", "handoffs"}:
            if view != "map":
                kinds = ("escalates_to",) if view == "escalation" else ("hands_off_to",)
                related = [r for r in related if r.kind in kinds]
            if options["agents"]:
                nodes = sorted(chosen | {n for r in related for n in (r.source, r.target)})
                graph_view = GraphView(
                    id=f"ah-block-{number}",
                    title="Agents and their relations",
                    nodes=[ctx.link(n) for n in nodes],
                    edges=[map_edge(ctx, r) for r in related],
                    layout="layered" if view != "map" else "map",
                    groups=[
                        ("Agents", [n for n in nodes if n in team.agents]),
                        ("Others", [n for n in nodes if n not in team.agents]),
                    ],
                    rank_edges=[
                        (r.target, r.source) if r.kind == "escalates_to" else (r.source, r.target) for r in related
                    ],
                    kinds=tuple(kinds),
                    descriptions={n: short_description(team.agents[n].description) for n in nodes if n in team.agents},
                )
            else:
                graph_view = team_map(ctx, tuple(kinds))
                graph_view.id = f"ah-block-{number}"
            values["graph_view"] = graph_view
        elif view == "relations":
            values["relations"] = related
        elif view == "agents":
            values["agents"] = [team.agents[a] for a in sorted(chosen)]
        elif view == "ladder":
            values["ladders"] = [(a, self.ctx.graph.ladder(a)) for a in sorted(chosen) if self.ctx.graph.ladder(a)]
        return self.render("block.md", page_uri, ctx=ctx, describe=short_description, **values)

    def agent_page(self, agent_id: str) -> str:
        view = agent_view(self.ctx, agent_id)
        prompt = self.html_block(prompt_html(view.agent.body))
        return self.render(
            "agent.md",
            view.uri,
            view=view,
            prompt=prompt,
            raw_uri=self.raw_uri(view.agent.page),
            map_uri=self.uri("map.md"),
            health_uri=self.uri("health.md"),
        )


@lru_cache(maxsize=8)
def _environment(templates: Path | None) -> jinja2.Environment:
    """The Jinja environment for a templates folder, kept across builds: compiling the
    templates is a large part of a ``mkdocs serve`` rebuild. Templates that change on disk
    are reloaded."""
    loaders: list[jinja2.BaseLoader] = []
    if templates:
        loaders.append(jinja2.FileSystemLoader(str(templates)))
    loaders.append(jinja2.PackageLoader("agent_handbook", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown output; every agent value goes through a filter
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=text.md,
        cell=text.cell,
        code=text.code,
        attr=text.attr,
        clip=text.clip,
        color=text.safe_color,
        block=_block,
        late=_late,
    )
    env.globals.update(
        KIND_LABELS=KIND_LABELS, KINDS=RELATION_KINDS, CODES=CODES, ROLE_NOTES=_ROLE_NOTES, legend=legend
    )
    return env


@jinja2.pass_context
def _block(context: jinja2.runtime.Context, html: str) -> str:
    """The ``block`` filter: an HTML block by way of the rendering handbook's stash."""
    return context["_html_block"](html)


@jinja2.pass_context
def _late(context: jinja2.runtime.Context, html: str) -> str:
    """The ``late`` filter: an HTML block that is not prose, kept out of the search index."""
    return context["_html_block"](html, late=True)


# HTML for the parts of a page written as HTML blocks. These run tens of thousands of times
# in a large team: plain functions, not template macros.
_ROLE_NOTES = {
    "human": " <small>(person)</small>",
    "missing": " <small>(not in the team)</small>",
    "assistant": " <small>(main assistant)</small>",
}


def _node_html(n: Link, href: str) -> str:
    """A node's name, linked to its page when it has one."""
    label = text.html_text(n.label)
    if href:
        return f'<a href="{text.html_text(href)}">{label}</a>'
    return label + _ROLE_NOTES.get(n.role, "")


#: The mark of a relation the team's corrections file speaks of (see corrections.py).
_TEAM_MARKS = {"added": "stated by the team", "confirmed": "confirmed by the team"}


def _team_html(relation: Relation) -> str:
    """The team's mark on a relation (its reason as the tooltip), or nothing."""
    if not relation.team:
        return ""
    reason = text.html_text(relation.reason)
    return f'<br><small class="ah-team" title="{reason}">{_TEAM_MARKS[relation.team]}</small>'


def _evidence_html(items: Sequence[Evidence], limit: int = 3) -> str:
    """Up to ``limit`` quotes, each with its file:line."""
    parts = [
        f"“{text.html_text(text.clip(e.text, 220))}” <small>{text.html_text(e.file)}:{e.line}</small>"
        for e in items[:limit]
    ]
    if len(items) > limit:
        parts.append(f"<small>and {len(items) - limit} more</small>")
    return "<br>".join(parts)
