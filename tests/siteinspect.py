"""Read back what a build produced: health rows, agent pages by source, tables, file trees.

Shared by the bad-input, hostile-text and path tests. Everything here reads HTML or the
file system; nothing runs the product.
"""

from __future__ import annotations

import html
import html.parser
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .sitebuild import Build, parse

_CODE = re.compile(r"[a-z]+(?:-[a-z]+)+")
_SOURCE = re.compile(r"<dt>Source</dt>\s*<dd><code>(.*?)</code></dd>", re.DOTALL)


@dataclass(frozen=True)
class Row:
    """One row of the health page: the code of its section, the file cell and the line cell."""

    code: str
    file: str
    line: int
    severity: str
    message: str


def health_rows(build: Build) -> list[Row]:
    """Every diagnostic row of ``handbook/health/``, with the code of the section it sits in."""
    rows: list[Row] = []
    code = ""
    cells: list[str] | None = None

    def flush() -> None:
        if cells and len(cells) >= 4 and cells[1].strip().isdigit():
            rows.append(Row(code, cells[0].strip(), int(cells[1]), cells[2].strip(), cells[3].strip()))

    for element in parse(build.page("handbook/health/")):
        if element.tag in {"h2", "h3"}:
            flush()
            cells = None
            found = _CODE.search(element.text)
            code = found.group(0) if found else ""
        elif element.tag == "tr":
            flush()
            cells = []
        elif element.tag == "td" and cells is not None:
            cells.append(" ".join(element.text.split()))
    flush()
    return rows


def graph(build: Build) -> dict:
    return json.loads((build.site / "handbook" / "graph.json").read_text(encoding="utf-8"))


def agent_pages(build: Build) -> dict[str, str]:
    """Agent page folder (``handbook/agents/<page>``) -> the source file its card shows."""
    found: dict[str, str] = {}
    folder = build.site / "handbook" / "agents"
    for page in sorted(folder.glob("*/index.html")):
        match = _SOURCE.search(page.read_text(encoding="utf-8"))
        if match:
            found[page.parent.relative_to(build.site).as_posix()] = html.unescape(match.group(1))
    return found


def h1(page_html: str) -> str:
    """The text of the first ``<h1>`` of the page content, without a permalink mark."""
    main = page_html.split("<article", 1)[-1]
    for element in parse(main):
        if element.tag == "h1":
            return " ".join(element.text.replace("¶", "").split())
    return ""


@dataclass
class Table:
    """A table of a page: its header cells and the number of cells in each body row."""

    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


class _Tables(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[Table] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append(Table())
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in {"td", "th"} and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in {"td", "th"} and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            table = self.tables[-1]
            if self._in_head and not table.header:
                table.header = self._row
            else:
                table.rows.append(self._row)
            self._row = None
        elif tag == "thead":
            self._in_head = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(page_html: str) -> list[Table]:
    """Every table inside the page's ``<article>`` (or the whole page without one)."""
    parser = _Tables()
    parser.feed(article(page_html))
    return parser.tables


def article(page_html: str) -> str:
    """The page content: what is inside ``<article>`` (Material) or ``role="main"`` (mkdocs)."""
    for opening, closing in (("<article", "</article>"), ('<div role="main"', "<footer")):
        if opening in page_html:
            return page_html.split(opening, 1)[1].split(closing, 1)[0]
    return page_html


def tree(folder: Path) -> set[str]:
    """Every file and folder under ``folder``, as ``/``-separated relative paths."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}
