"""Inline SVG figures of the team graph, drawn from placed boxes.

The figure is plain SVG + HTML: readable without JavaScript, styled by the theme's CSS
variables (light, dark and print), with a ``<title>`` on every node and edge for screen
readers. ``data-*`` attributes let the handbook's script add highlight, filters and zoom.
All text is escaped: labels come from agent files.

Links are written ``xlink:href``: Material's instant navigation runs ``el.href = el.href``
on every ``[href]`` element of a page, which throws on an SVG ``<a href>`` (its ``href`` is
read-only) and leaves the page unshown. The SVG is a ``group``, not an ``img``: an image's
children are hidden from screen readers, and these are links.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import KIND_ORDER, RELATION_KINDS
from .layout import Box, clip
from .text import html_text

KIND_LABELS = {
    "escalates_to": "escalates to",
    "hands_off_to": "hands off to",
    "collaborates_with": "works with",
    "delegates_to": "delegates to",
    "boundary_with": "boundary with",
}


@dataclass(frozen=True)
class DrawnEdge:
    source: str
    target: str
    kind: str
    title: str
    label: str = ""
    #: How many relations an aggregated edge stands for (drawn thicker), 1 for one.
    weight: int = 1


@dataclass(frozen=True)
class NodeStyle:
    """How one node is drawn: its role (agent, human, missing, assistant) and link."""

    role: str = "agent"
    href: str = ""
    title: str = ""
    focus: bool = False
    #: Steps from the figure's focus, marked from 2 on (the page script's depth filter).
    depth: int = 0


def figure(
    figure_id: str,
    boxes: dict[str, Box],
    edges: Sequence[DrawnEdge],
    size: tuple[float, float],
    styles: dict[str, NodeStyle],
    *,
    title: str,
    description: str,
    note: str = "",
    kinds: Sequence[str] = RELATION_KINDS,
    start_depth: int = 0,
) -> str:
    """The HTML of a figure: the SVG, its legend and an optional note (no blank lines).

    ``start_depth`` is the depth around the focus that the page script shows at first
    (0: every node); without the script every node is shown.
    """
    width, height = size
    start = f' data-start-depth="{start_depth}"' if start_depth else ""
    parts = [
        f'<figure class="ah-graph" id="{html_text(figure_id)}" data-ah-graph{start}>',
        f'<svg class="ah-svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="group" aria-labelledby="{figure_id}-title" '
        f'aria-describedby="{figure_id}-desc" preserveAspectRatio="xMidYMin meet">',
        f'<title id="{figure_id}-title">{html_text(title)}</title>',
        f'<desc id="{figure_id}-desc">{html_text(description)}</desc>',
        _markers(figure_id, kinds),
        '<g class="ah-viewport">',
    ]
    parts.append('<g class="ah-edges">')
    parts.extend(_edges(figure_id, boxes, edges))
    parts.append("</g>")
    parts.append('<g class="ah-nodes">')
    for node in sorted(boxes):
        parts.append(_node(boxes[node], styles.get(node, NodeStyle())))
    parts.append("</g></g></svg>")
    parts.append(legend(kinds, figure_id))
    if note:
        parts.append(f'<figcaption class="ah-note">{html_text(note)}</figcaption>')
    parts.append("</figure>")
    return "\n".join(parts)


def legend(kinds: Sequence[str], figure_id: str = "") -> str:
    items = []
    for kind in kinds:
        items.append(
            f'<li data-kind="{kind}"><svg width="30" height="10" aria-hidden="true">'
            f'<line x1="1" y1="5" x2="29" y2="5" class="ah-edge ah-k-{kind}"/></svg>'
            f"<span>{KIND_LABELS[kind]}</span></li>"
        )
    roles = (
        '<li class="ah-legend-role"><span class="ah-swatch ah-human"></span><span>person or group</span></li>'
        '<li class="ah-legend-role"><span class="ah-swatch ah-missing"></span><span>not in the team</span></li>'
    )
    target = f' data-for="{html_text(figure_id)}"' if figure_id else ""
    return f'<ul class="ah-legend"{target}>' + "".join(items) + roles + "</ul>"


def _markers(figure_id: str, kinds: Sequence[str]) -> str:
    defs = ["<defs>"]
    for kind in kinds:
        defs.append(
            f'<marker id="{_marker(figure_id, kind)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="ah-arrow ah-k-{kind}"/></marker>'
        )
    defs.append("</defs>")
    return "".join(defs)


def _marker(figure_id: str, kind: str) -> str:
    """The id of a figure's arrowhead for ``kind``: short, as every edge names it."""
    return f"{figure_id}-m{KIND_ORDER[kind]}"


def _edges(figure_id: str, boxes: dict[str, Box], edges: Sequence[DrawnEdge]) -> list[str]:
    pairs: dict[frozenset[str], list[DrawnEdge]] = defaultdict(list)
    for edge in edges:
        if edge.source in boxes and edge.target in boxes and edge.source != edge.target:
            pairs[frozenset((edge.source, edge.target))].append(edge)
    out = []
    for pair in sorted(pairs, key=sorted):
        group = sorted(pairs[pair], key=lambda e: (e.source, KIND_ORDER[e.kind], e.target))
        for index, edge in enumerate(group):
            bend = (index - (len(group) - 1) / 2) * 16
            a, b = boxes[edge.source], boxes[edge.target]
            if abs(a.y - b.y) < 1 and len(group) == 1:
                # Same row: arc over the boxes in between instead of crossing them.
                bend = -min(60.0, 18 + abs(a.x - b.x) * 0.12)
            path = _curve(a, b, bend)
            marker = "" if edge.kind == "collaborates_with" else f' marker-end="url(#{_marker(figure_id, edge.kind)})"'
            width = (
                f' style="stroke-width:{min(8.0, 1.6 + 1.4 * math.log2(edge.weight)):.1f}px"' if edge.weight > 1 else ""
            )
            out.append(
                f'<path d="{path}" class="ah-edge ah-k-{edge.kind}" data-source="{html_text(edge.source)}" '
                f'data-target="{html_text(edge.target)}" data-kind="{edge.kind}"{marker}{width}>'
                f"<title>{html_text(edge.title)}</title></path>"
            )
    return out


def _curve(a: Box, b: Box, bend: float) -> str:
    mx, my = (a.x + b.x) / 2, (a.y + b.y) / 2
    dx, dy = b.x - a.x, b.y - a.y
    length = math.hypot(dx, dy) or 1.0
    cx, cy = mx - dy / length * bend, my + dx / length * bend
    sx, sy = clip(a, cx, cy)
    tx, ty = clip(b, cx, cy, pad=4)
    return f"M{sx:.0f},{sy:.0f} Q{cx:.0f},{cy:.0f} {tx:.0f},{ty:.0f}"


def _node(box: Box, style: NodeStyle) -> str:
    classes = f"ah-node ah-{style.role}" + (" ah-focus" if style.focus else "")
    rect = (
        f'<rect x="{box.x - box.w / 2:.0f}" y="{box.y - box.h / 2:.0f}" width="{box.w:.0f}" height="{box.h:.0f}" rx="6"/>'
        f'<text x="{box.x:.0f}" y="{box.y + 4:.0f}">{html_text(box.label)}</text>'
    )
    tooltip = f"<title>{html_text(style.title or box.label)}</title>"
    depth = f' data-depth="{style.depth}"' if style.depth > 1 else ""
    # A node without a page is a picture named by its title; a link is named by its content.
    role = "" if style.href else ' role="img"'
    inner = f'<g class="{classes}" data-node="{html_text(box.id)}"{depth}{role}>{tooltip}{rect}</g>'
    if style.href:
        return f'<a xlink:href="{html_text(style.href)}" class="ah-link" data-node="{html_text(box.id)}">{inner}</a>'
    return inner
