"""Graph layouts computed at build time: layered (Sugiyama-style) and around a focus.

Maps are laid out in the reader's browser instead (see :mod:`.mapfigure`); ``layers`` also
gives the rank that a map's list hands to the page script.

Pure geometry on ids and sizes; no SVG and no networkx objects in or out. Every step is
linear or near-linear in nodes + edges (a fixed number of ordering sweeps), so a figure of a
few hundred agents lays out in well under a second.

A figure is scaled down to the width of the page, and its labels with it: so rows wrap
before they get wider than :data:`PAGE_WIDTH`, the content width of a page in a common
window, where the figure is drawn at full size.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

CHAR_WIDTH = 6.6  # px per character at the 12px label font
NODE_HEIGHT = 26
H_GAP = 34
V_GAP = 92  # between the layers of a layered figure, centre to centre
#: Between the rows one wide layer or ring wraps into, centre to centre.
ROW_STEP = 54.0
#: Around one node, centre to centre: from the middle row to the next, and from the rows of
#: one ring to those of the next.
FIRST_STEP = 84.0
RING_STEP = 74.0
MAX_LABEL = 28
#: The longest drawn label of an agent shown with what tells it apart from its copies.
MAX_TAGGED = 40
#: Content width of a page (Material, 1280 px window) in px: wider figures shrink their labels.
PAGE_WIDTH = 680.0


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
    """The width of a box showing ``label`` as it is (see :func:`short_labels`)."""
    return len(label) * CHAR_WIDTH + 20


def short_label(label: str, limit: int = MAX_LABEL) -> str:
    """``label`` cut to ``limit`` characters, keeping both ends: the plugin a name starts
    with and the role it ends with (``backend-devel…curity-auditor``). A label that tells
    a copy apart (``code-reviewer · comprehensive-review``) may take :data:`MAX_TAGGED`,
    each side cut in its middle when longer."""
    if len(label) <= limit:
        return label
    name, dot, tag = label.partition(" · ")
    if dot:
        if len(label) <= MAX_TAGGED:
            return label
        name = _cut_middle(name, MAX_TAGGED // 2)
        return name + dot + _cut_middle(tag, MAX_TAGGED - len(name) - len(dot))
    return _cut_middle(label, limit)


def _cut_middle(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = (limit - 1) // 2
    return text[:head] + "…" + text[len(text) - (limit - 1 - head) :]


def short_labels(labels: dict[str, str]) -> dict[str, str]:
    """Each node's label as drawn: cut when long (:func:`short_label`), but never so that
    two nodes of one figure read the same; those keep their whole label."""
    shown = {node: short_label(label) for node, label in labels.items()}
    readers: dict[str, set[str]] = defaultdict(set)
    for node, text in shown.items():
        readers[text].add(labels[node])
    return {node: labels[node] if len(readers[text]) > 1 else text for node, text in shown.items()}


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
    max_width: float = PAGE_WIDTH,
) -> tuple[float, float]:
    """Place ``boxes`` in rows: rank edges point down; a layer of more than ``max_row``
    nodes, or wider than ``max_width``, wraps into several rows of about equal length.

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

    # Wrap wide rows (the rows of one layer closer together), then place each row centred.
    placed_rows: list[tuple[float, list[str]]] = []
    for row in order:
        for index, part in enumerate(wrap(row, boxes, max_width - 2 * H_GAP, max_row)):
            placed_rows.append((ROW_STEP if index else V_GAP, part))
    width = max((row_width(row, boxes) for _, row in placed_rows), default=0) + 2 * H_GAP
    y = NODE_HEIGHT / 2 + 12
    for index, (step, row) in enumerate(placed_rows):
        y += step if index else 0
        x = (width - row_width(row, boxes)) / 2
        for node in row:
            box = boxes[node]
            box.x, box.y = x + box.w / 2, y
            x += box.w + H_GAP
    height = y + NODE_HEIGHT / 2 + 12
    return width, max(height, NODE_HEIGHT + 24)


def row_width(row: Sequence[str], boxes: dict[str, Box]) -> float:
    return sum(boxes[n].w for n in row) + H_GAP * (len(row) - 1)


def wrap(
    row: Sequence[str], boxes: dict[str, Box], width: float, most: int = 0, *, interleave: bool = False
) -> list[list[str]]:
    """``row`` cut into the fewest rows of about equal length, each at most ``width`` wide
    (a single box may be wider) and of at most ``most`` nodes (0: any number).

    The rows take consecutive runs of ``row``, or with ``interleave`` every n-th node, so
    that each row spans the whole order (left to right) of ``row``.
    """
    count = len(row)
    for lines in range(max(1, math.ceil(count / most) if most else 1), count + 1):
        if interleave:
            rows = [list(row[start::lines]) for start in range(lines)]
        else:
            size = math.ceil(count / lines)
            rows = [list(row[start : start + size]) for start in range(0, count, size)]
        if all(len(r) == 1 or row_width(r, boxes) <= width for r in rows):
            return rows
    return [[node] for node in row]


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


def around(
    boxes: dict[str, Box],
    focus: str,
    rings: dict[str, int],
    parents: dict[str, str],
    rank_edges: Iterable[tuple[str, str]] = (),
    width: float = PAGE_WIDTH,
) -> tuple[float, float]:
    """Place ``focus`` in the middle row and every other node above, below or beside it.

    A node goes above the node it hangs from (the focus, or its parent in ``parents``) when
    ``rank_edges`` rank it higher (the focus escalates to it, it delegates to the focus),
    below when they rank it lower, and otherwise beside the focus while the middle row has
    room, else on the side with fewer nodes. ``rings`` says how many steps a node is from
    the focus: ring 2 goes in rows beyond those of ring 1, on its parent's side. Rows wrap
    before they get wider than ``width``, so a crowded side gets more rows, not smaller
    labels. Returns the drawing's (width, height).
    """
    votes: dict[tuple[str, str], int] = defaultdict(int)
    for upper, lower in rank_edges:
        votes[(upper, lower)] += 1

    def rank(node: str, anchor: str) -> int:
        """-1 when ``node`` ranks above ``anchor``, 1 below, 0 neither."""
        difference = votes[(anchor, node)] - votes[(node, anchor)]
        return (difference > 0) - (difference < 0)

    by_ring: dict[int, list[str]] = defaultdict(list)
    for node in sorted(boxes):
        if node != focus:
            by_ring[max(1, rings.get(node, 1))].append(node)
    usable = width - 2 * H_GAP
    room = (usable - boxes[focus].w) / 2 - H_GAP  # on each side of the focus in the middle row
    beside: tuple[list[str], list[str]] = ([], [])  # left and right of the focus, nearest first
    side: dict[str, int] = {focus: 0}
    sizes = {-1: 0, 1: 0}
    # Rows of each side, nearest the middle first, with the ring they belong to.
    bands: dict[int, list[tuple[int, list[str]]]] = {-1: [], 1: []}
    x: dict[str, float] = {focus: 0.0}
    for ring in sorted(by_ring):
        chosen: dict[int, list[str]] = {-1: [], 1: []}
        members = sorted(by_ring[ring], key=lambda n: (x.get(parents.get(n, focus), 0.0), n))
        for node in members:
            parent = parents.get(node, focus) if ring > 1 else focus
            if parent not in side:
                parent = focus
            where = side[parent] or rank(node, parent)
            if where == 0 and ring == 1:
                nearer = min(beside, key=lambda row: row_width(row, boxes))
                if row_width([*nearer, node], boxes) <= room:
                    nearer.append(node)
                    side[node] = 0
                    continue
            if where == 0:
                where = -1 if sizes[-1] + len(chosen[-1]) < sizes[1] + len(chosen[1]) else 1
            side[node] = where
            chosen[where].append(node)
        for where, nodes in chosen.items():
            sizes[where] += len(nodes)
            rows = wrap(nodes, boxes, usable, interleave=True)
            for row in rows:
                bands[where].append((ring, row))
                left = -row_width(row, boxes) / 2
                for node in row:
                    x[node] = left + boxes[node].w / 2
                    left += boxes[node].w + H_GAP
        if ring == 1:
            for direction, row in zip((-1, 1), beside):
                edge = boxes[focus].w / 2 + H_GAP
                for node in row:
                    x[node] = direction * (edge + boxes[node].w / 2)
                    edge += boxes[node].w + H_GAP

    y = dict.fromkeys([focus, *beside[0], *beside[1]], 0.0)
    for where, band in bands.items():
        offset, previous = 0.0, 0
        for ring, members in band:
            offset += FIRST_STEP if not previous else ROW_STEP if ring == previous else RING_STEP
            previous = ring
            for node in members:
                y[node] = where * offset
    for node, box in boxes.items():
        box.x, box.y = x.get(node, 0.0), y.get(node, 0.0)
    left = min(b.x - b.w / 2 for b in boxes.values()) - H_GAP / 2
    right = max(b.x + b.w / 2 for b in boxes.values()) + H_GAP / 2
    top = min(b.y for b in boxes.values()) - NODE_HEIGHT / 2 - 12
    bottom = max(b.y for b in boxes.values()) + NODE_HEIGHT / 2 + 12
    if beside[0] or beside[1]:
        # Room for the arcs that join the focus to the nodes beside it.
        top = min(top, -NODE_HEIGHT / 2 - 40)
    for box in boxes.values():
        box.x -= left
        box.y -= top
    return right - left, bottom - top


def clip(box: Box, toward_x: float, toward_y: float, pad: float = 2.0) -> tuple[float, float]:
    """Where the line from ``box``'s centre toward a point leaves the box."""
    dx, dy = toward_x - box.x, toward_y - box.y
    if dx == 0 and dy == 0:
        return box.x, box.y
    half_w, half_h = box.w / 2 + pad, box.h / 2 + pad
    scale = min(half_w / abs(dx) if dx else math.inf, half_h / abs(dy) if dy else math.inf)
    return box.x + dx * scale, box.y + dy * scale
