"""A map as it reaches the page: a plain list, which the page script draws.

What a map shows changes with what the reader asks for (relation kinds, a group opened in
place, one agent and its neighbours, the agents without any relation), so it is laid out in
the reader's browser, by the Eclipse Layout Kernel (``assets/vendor/elkjs``, loaded by
``handbook.js`` only on pages that have a map). The page carries the map as a list: each
group, its members (linked to their pages) and the relations of each one. That list is what
a reader without JavaScript reads, and what the script reads the graph from. Every value
from an agent file is escaped: labels are text, never markup.
"""

from __future__ import annotations

from collections import defaultdict

from ..views import Link
from ..views.graphs import GraphEdge, GraphView, Nest, group_slug
from .layout import layers
from .svg import KIND_LABELS, legend
from .text import html_text, relative_url

#: What a node of each role is, said after its name in the list and in its tooltip.
ROLE_NOTES = {
    "human": "person or group",
    "missing": "not an agent of this team",
    "assistant": "the main assistant",
    "cluster": "group",
}
#: Above this many nodes the list leaves out the agents' descriptions (their tooltips).
DESCRIBED_UP_TO = 150


def map_figure(view: GraphView, page_uri: str, directory_urls: bool = True) -> str:
    """The figure HTML of a map: its list, legend and note (no blank lines)."""
    nodes = {node.id: node for node in view.nodes}
    if not nodes:
        return ""
    rank = layers(sorted(nodes), [e for e in view.rank_edges if e[0] in nodes and e[1] in nodes])
    leaving: dict[str, list[GraphEdge]] = defaultdict(list)
    for edge in view.edges:
        if edge.source in nodes and edge.target in nodes and edge.source != edge.target:
            leaving[edge.source].append(edge)
    related = {n for edges in leaving.values() for e in edges for n in (e.source, e.target)}
    described = len(nodes) <= DESCRIBED_UP_TO

    flags = "".join(
        f" {name}"
        for name, on in (("data-closed", view.start_closed), ("data-hide-unconnected", view.hide_unconnected))
        if on
    )
    parts = [
        f'<figure class="ah-graph ah-map" id="{html_text(view.id)}" data-ah-graph data-ah-map{flags}>',
        '<div class="ah-map-list">',
        f'<p class="ah-map-summary"><strong class="ah-map-name">{html_text(view.title)}</strong>: '
        f"{html_text(_summary(view, nodes, leaving, related))}</p>",
        "<ul>",
    ]
    slugs: set[str] = set()

    def slug_of(title: str) -> str:
        slug = group_slug(title)
        while slug in slugs:
            slug += "-2"
        slugs.add(slug)
        return slug

    def item(member: str) -> str:
        node = nodes[member]
        href = relative_url(page_uri, node.uri, directory_urls) if node.uri else ""
        tip = view.descriptions.get(member, "") if described else ""
        return _item(node, href, tip, rank.get(member, 0), leaving.get(member, []), nodes)

    placed: set[str] = set()
    if view.nests:
        tree = list(view.nests)
        leftover = [n for n in nodes if all(n not in group.everyone() for group in tree)]
        if leftover:
            tree.append(Nest("Others", leftover, fold=False))

        def branch(group: Nest) -> None:
            members = [m for m in group.everyone() if m in nodes and m not in placed]
            if not members:
                return
            fold = (" data-fold" if group.fold else "") + (" data-flat" if group.flat else "")
            parts.append(
                f'<li data-group="{html_text(slug_of(group.title))}"{fold}><strong>{html_text(group.title)}</strong> '
                f"({len(members)})<ul>"
            )
            for child in group.children:
                branch(child)
            for member in group.members:
                if member in nodes and member not in placed:
                    placed.add(member)
                    parts.append(item(member))
            parts.append("</ul></li>")

        for group in tree:
            branch(group)
    else:
        groups = [(title, [m for m in members if m in nodes]) for title, members in view.groups]
        leftover = [n for n in nodes if all(n not in members for _, members in groups)]
        if leftover:
            groups.append(("Others", leftover))
        for title, members in groups:
            members = [m for m in members if m not in placed]
            if not members:
                continue
            placed.update(members)
            fold = " data-fold" if title in view.foldable else ""
            parts.append(
                f'<li data-group="{html_text(slug_of(title))}"{fold}><strong>{html_text(title)}</strong> '
                f"({len(members)})<ul>"
            )
            parts.extend(item(member) for member in members)
            parts.append("</ul></li>")
    parts += ["</ul>", "</div>", legend(view.kinds, view.id)]
    if view.note:
        parts.append(f'<figcaption class="ah-note">{html_text(view.note)}</figcaption>')
    parts.append("</figure>")
    return "\n".join(parts)


def _item(node: Link, href: str, tip: str, rank: int, edges: list[GraphEdge], nodes: dict[str, Link]) -> str:
    """One node of the list with its relations. Agent text goes into elements, never into
    attributes: the script reads the name and the description (its tooltip) as text."""
    label = html_text(node.label)
    note = ROLE_NOTES.get(node.role, "")
    name = f'<a href="{html_text(href)}">{label}</a>' if href else f"<span>{label}</span>"
    if note and node.role != "cluster":
        name += f" <small>({note})</small>"
    if tip:
        name += f' <span class="ah-map-desc">— {html_text(tip)}</span>'
    relations = []
    for edge in sorted(edges, key=lambda e: (e.target, e.kind)):
        weight = f' data-weight="{edge.weight}"' if edge.weight > 1 else ""
        words = f"{KIND_LABELS[edge.kind]} {nodes[edge.target].label}"
        if edge.level is not None:
            words += f" (level {edge.level})"
        if edge.weight > 1:
            words += f": {edge.weight} relations"
        relations.append(
            f'<li data-kind="{edge.kind}" data-target="{html_text(edge.target)}"{weight}>{html_text(words)}</li>'
        )
    inner = f"<ul>{''.join(relations)}</ul>" if relations else ""
    return f'<li data-node="{html_text(node.id)}" data-role="{node.role}" data-rank="{rank}">{name}{inner}</li>'


def _summary(view: GraphView, nodes: dict[str, Link], leaving: dict, related: set[str]) -> str:
    agents = [n for n in nodes.values() if n.role == "agent"]
    others = [n for n in nodes.values() if n.role not in ("agent", "cluster")]
    count = sum(len(edges) for edges in leaving.values())
    parts = [_plural(len(agents), "agent")]
    if others:
        parts.append(_plural(len(others), "person or outside name", "people and outside names"))
    text = f"{', '.join(parts)} and {_plural(count, 'relation')}"
    alone = sum(1 for n in agents if n.id not in related)
    if alone:
        text += f"; {_plural(alone, 'agent')} without any relation"
    return text + "."


def _plural(count: int, one: str, many: str = "") -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"
