"""Graph layouts computed at build time: layered (Sugiyama-style) and radial.

Pure geometry on ids and sizes; no SVG and no networkx objects in or out. Every step is
linear or near-linear in nodes + edges (a fixed number of ordering sweeps), so a map of a
few hundred agents lays out in well under a second.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

CHAR_WIDTH = 6.6  # px per character at the 12px label font
NODE_HEIGHT = 26
H_GAP = 34
V_GAP = 92
MAX_LABEL = 28


@dataclass
class Box:
    """A placed node: centre (x, y) and size."""

    id: str
    label: str
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = NODE_HEIGHT


def label_width(label: str) -> float:
    return min(len(label), MAX_LABEL) * CHAR_WIDTH + 20


def short_label(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _break_cycles(nodes: Sequence[str], edges: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Edges with the back edges of a depth-first search reversed (deterministic)."""
    out: dict[str, list[str]] = defaultdict(list)
    unique = sorted(set(e for e in edges if e[0] != e[1]))
    for u, v in unique:
        out[u].append(v)
    state: dict[str, int] = {}
    back: set[tuple[str, str]] = set()
    for root in nodes:
        if root in state:
            continue
        stack = [(root, iter(out[root]))]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                back.add((node, child))
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(out[child])))
    return [(v, u) if (u, v) in back else (u, v) for u, v in unique]


def layers(nodes: Sequence[str], edges: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Longest-path layering of ``nodes`` where each edge (u, v) puts u above v."""
    acyclic = _break_cycles(nodes, edges)
    children: dict[str, list[str]] = defaultdict(list)
    indegree = dict.fromkeys(nodes, 0)
    for u, v in acyclic:
        if u in indegree and v in indegree:
            children[u].append(v)
            indegree[v] += 1
    layer = dict.fromkeys(nodes, 0)
    ready = [n for n in nodes if indegree[n] == 0]
    while ready:
        node = ready.pop()
        for child in children[node]:
            layer[child] = max(layer[child], layer[node] + 1)
            indegree[child] -= 1
            if indegree[child] == 0:
                ready.append(child)
    return layer


def layered(
    boxes: dict[str, Box],
    rank_edges: Iterable[tuple[str, str]],
    all_edges: Iterable[tuple[str, str]] = (),
    max_row: int = 12,
) -> tuple[float, float]:
    """Place ``boxes`` in rows: rank edges point down; rows wider than ``max_row`` wrap.

    Nodes with no rank edge go to the rows of the nodes they are linked to, or last.
    Returns the drawing's (width, height).
    """
    nodes = sorted(boxes)
    rank_edges = [e for e in rank_edges if e[0] in boxes and e[1] in boxes]
    ranked = {n for e in rank_edges for n in e}
    layer = layers([n for n in nodes if n in ranked], rank_edges)
    neighbours: dict[str, list[str]] = defaultdict(list)
    for u, v in list(rank_edges) + [e for e in all_edges if e[0] in boxes and e[1] in boxes]:
        neighbours[u].append(v)
        neighbours[v].append(u)
    deepest = max(layer.values(), default=-1)
    for node in nodes:
        if node not in layer:
            linked = [layer[m] for m in neighbours[node] if m in layer]
            layer[node] = round(sum(linked) / len(linked)) if linked else deepest + 1

    rows: dict[int, list[str]] = defaultdict(list)
    for node in nodes:
        rows[layer[node]].append(node)
    order = [rows[k] for k in sorted(rows)]
    _order_by_barycentre(order, neighbours)

    # Wrap wide rows, then place each row centred.
    placed_rows: list[list[str]] = []
    for row in order:
        for start in range(0, len(row), max_row):
            placed_rows.append(row[start : start + max_row])
    widths = [sum(boxes[n].w for n in row) + H_GAP * (len(row) - 1) for row in placed_rows]
    width = max(widths, default=0) + 2 * H_GAP
    y = NODE_HEIGHT / 2 + 12
    for row, row_width in zip(placed_rows, widths):
        x = (width - row_width) / 2
        for node in row:
            box = boxes[node]
            box.x, box.y = x + box.w / 2, y
            x += box.w + H_GAP
        y += V_GAP
    height = y - V_GAP + NODE_HEIGHT / 2 + 12
    return width, max(height, NODE_HEIGHT + 24)


def _order_by_barycentre(order: list[list[str]], neighbours: dict[str, list[str]], sweeps: int = 4) -> None:
    """Reorder each row by the mean position of its neighbours in the rows beside it."""
    for sweep in range(sweeps):
        rows = range(1, len(order)) if sweep % 2 == 0 else range(len(order) - 2, -1, -1)
        for index in rows:
            fixed = order[index - 1] if sweep % 2 == 0 else order[index + 1]
            position = {n: i for i, n in enumerate(fixed)}
            current = {n: i for i, n in enumerate(order[index])}

            def key(
                node: str, position: dict[str, int] = position, current: dict[str, int] = current
            ) -> tuple[float, str]:
                linked = [position[m] for m in neighbours[node] if m in position]
                return (sum(linked) / len(linked) if linked else current[node], node)

            order[index].sort(key=key)


def radial(boxes: dict[str, Box], centre: str, rings: dict[str, int], parents: dict[str, str]) -> tuple[float, float]:
    """Place ``centre`` in the middle and the others on rings by distance.

    ``rings`` maps node -> ring number (1, 2, ...); ``parents`` maps a ring-2 node to the
    ring-1 node it hangs from, so children sit near their parent's angle.
    """
    by_ring: dict[int, list[str]] = defaultdict(list)
    for node, ring in rings.items():
        if node != centre and node in boxes:
            by_ring[ring].append(node)
    angle: dict[str, float] = {}
    radius = 0.0
    positions: dict[str, tuple[float, float]] = {centre: (0.0, 0.0)}
    for ring in sorted(by_ring):
        members = by_ring[ring]
        if ring == 1:
            members.sort()
        else:
            members.sort(key=lambda n: (angle.get(parents.get(n, ""), 0.0), n))
        widest = max(boxes[n].w for n in members)
        # Radius large enough that neighbours on the ring do not overlap.
        needed = len(members) * (NODE_HEIGHT + 14) / (2 * math.pi) * 1.6
        radius = max(radius + widest * 0.55 + 60, needed, 120.0)
        for i, node in enumerate(members):
            theta = -math.pi / 2 + 2 * math.pi * i / len(members)
            angle[node] = theta
            positions[node] = (radius * math.cos(theta) * 1.35, radius * math.sin(theta))
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    half_w = max(boxes[n].w for n in positions) / 2
    min_x, max_x = min(xs) - half_w - 12, max(xs) + half_w + 12
    min_y, max_y = min(ys) - NODE_HEIGHT - 4, max(ys) + NODE_HEIGHT + 4
    for node, (x, y) in positions.items():
        boxes[node].x, boxes[node].y = x - min_x, y - min_y
    return max_x - min_x, max_y - min_y


def clip(box: Box, toward_x: float, toward_y: float, pad: float = 2.0) -> tuple[float, float]:
    """Where the line from ``box``'s centre toward a point leaves the box."""
    dx, dy = toward_x - box.x, toward_y - box.y
    if dx == 0 and dy == 0:
        return box.x, box.y
    half_w, half_h = box.w / 2 + pad, box.h / 2 + pad
    scale = min(half_w / abs(dx) if dx else math.inf, half_h / abs(dy) if dy else math.inf)
    return box.x + dx * scale, box.y + dy * scale


@dataclass
class Group:
    """A block of the grouped layout: its title, members and placed frame."""

    title: str
    members: list[str]
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0


GROUP_PAD = 14
GROUP_TITLE = 22


def grouped(boxes: dict[str, Box], groups: list[Group], width: float = 760.0) -> tuple[float, float]:
    """Place each group as a compact grid of its members, then pack the groups in rows.

    Members keep the order given (the caller sorts them); groups are packed tallest
    first on shelves no wider than ``width``. Returns the drawing's (width, height).
    """
    for group in groups:
        count = len(group.members)
        cell = max((boxes[m].w for m in group.members), default=60.0) + 16
        columns = max(1, min(count, math.ceil(math.sqrt(count * 2.2)), int((width - 2 * GROUP_PAD) // cell) or 1))
        rows = math.ceil(count / columns)
        group.w = columns * cell + 2 * GROUP_PAD - 16
        group.h = rows * (NODE_HEIGHT + 30) - 30 + GROUP_TITLE + 2 * GROUP_PAD
        for index, member in enumerate(group.members):
            row, column = divmod(index, columns)
            box = boxes[member]
            box.x = GROUP_PAD + column * cell + (cell - 16) / 2
            box.y = GROUP_TITLE + GROUP_PAD + row * (NODE_HEIGHT + 30) + NODE_HEIGHT / 2
    shelf_x = shelf_y = shelf_h = 0.0
    used_w = 0.0
    gap = 26.0
    for group in sorted(groups, key=lambda g: (-g.h, g.title)):
        if shelf_x and shelf_x + group.w > width:
            shelf_x, shelf_y, shelf_h = 0.0, shelf_y + shelf_h + gap, 0.0
        group.x, group.y = shelf_x, shelf_y
        for member in group.members:
            boxes[member].x += group.x
            boxes[member].y += group.y
        shelf_x += group.w + gap
        shelf_h = max(shelf_h, group.h)
        used_w = max(used_w, shelf_x - gap)
    return used_w, shelf_y + shelf_h
