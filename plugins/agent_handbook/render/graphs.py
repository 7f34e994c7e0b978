"""Draw a :class:`GraphView` as an inline SVG figure for one page."""

from __future__ import annotations

from ..views.graphs import GraphView
from .layout import Box, around, label_width, layered, short_labels
from .mapfigure import map_figure
from .svg import DrawnEdge, NodeStyle, figure
from .text import relative_url


def draw(view: GraphView, page_uri: str, directory_urls: bool = True) -> str:
    """The figure HTML of ``view`` as it appears on the page built from ``page_uri``: an
    inline SVG laid out here, or for a map the list the page script draws."""
    if view.layout == "map":
        return map_figure(view, page_uri, directory_urls)
    shown = short_labels({n.id: n.label for n in view.nodes})
    boxes = {n.id: Box(n.id, shown[n.id], w=label_width(shown[n.id])) for n in view.nodes}
    if not boxes:
        return ""
    if view.layout == "around":
        size = around(boxes, view.focus, view.rings, view.parents, view.rank_edges)
    else:
        pairs = [(e.source, e.target) for e in view.edges]
        size = layered(boxes, view.rank_edges, pairs, max_row=_row_width(len(boxes)))
    styles = {}
    for node in view.nodes:
        href = relative_url(page_uri, node.uri, directory_urls) if node.uri and node.id != view.focus else ""
        title = node.label
        if view.descriptions.get(node.id):
            title += " — " + view.descriptions[node.id]
        elif node.role != "agent":
            title += {
                "human": " (person or group)",
                "missing": " (not an agent of this team)",
                "assistant": " (the main assistant)",
            }.get(node.role, "")
        styles[node.id] = NodeStyle(node.role, href, title, node.id == view.focus, view.rings.get(node.id, 0))
    edges = [DrawnEdge(e.source, e.target, e.kind, e.title, weight=e.weight) for e in view.edges]
    far = sum(1 for ring in view.rings.values() if ring > 1)
    own = sum(1 for e in view.edges if view.focus in (e.source, e.target)) if view.focus else len(view.edges)
    counted = f"{len(view.edges)} relation{'s' if len(view.edges) != 1 else ''}"
    note = view.note
    if own != len(view.edges):
        # The figure's count (its legend's) and the agent card's (its own relations) differ: say which is which.
        counted += f" ({own} of the agent's own, {len(view.edges) - own} between the agents around it)"
        note = f"{note} Drawn: {counted}.".strip()
    if far:
        description = (
            f"{len(view.nodes)} nodes ({far} more than one step away) and {counted}. "
            "The relations of the agent itself are also listed as text on this page."
        )
    else:
        description = f"{len(view.nodes)} nodes and {counted}. Every relation is also listed as text on this page."
    return figure(
        view.id,
        boxes,
        edges,
        size,
        styles,
        title=view.title,
        description=description,
        note=note,
        kinds=view.kinds,
        start_depth=view.start_depth,
    )


def _row_width(count: int) -> int:
    if count <= 16:
        return 8
    return 10 if count <= 60 else 14
