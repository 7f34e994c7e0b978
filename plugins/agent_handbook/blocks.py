"""A line-level reading of an agent's Markdown body.

Not a Markdown renderer: just enough structure for extraction. Each non-blank line outside
code fences and HTML comments becomes a :class:`Line` that knows its headings, whether it
is a list item, a table row (with the table's header) or a bold label such as
``**Escalation Protocols:**``, and whether it sits inside an ``<example>`` block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Section

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^(\s*)(?:[-*+•]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?(.*)$")
_BOLD_LABEL = re.compile(r"^\s*(?:\*\*|__)([^*_]{2,80}?)(?:\*\*|__)\s*:?\s*(?:\*\*|__)?\s*:?\s*$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_ORDINAL = re.compile(r"\s*(\d+)")
_CHECKBOX = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[[ xX]\]")
_LEADING_LABEL = re.compile(r"^(?:\*\*|__)[^*_]{1,60}?(?:\*\*|__)?\s*:|^<|^\|")
_EXAMPLE_OPEN = re.compile(r"<example>", re.IGNORECASE)
_EXAMPLE_CLOSE = re.compile(r"</example>", re.IGNORECASE)

#: Lines longer than this are cut before extraction (bounded work on hostile input);
#: the reader reports them as ``line-too-long``.
MAX_LINE = 4000


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the body with the structure around it."""

    number: int
    text: str
    #: Titles of the enclosing headings, outermost first.
    headings: tuple[str, ...]
    #: The bold label the line sits under, if any ("Escalation Protocols").
    label: str = ""
    #: "item", "row", "heading", "label" or "para".
    kind: str = "para"
    #: For list items: the item's text without the marker; for rows: the cells.
    content: str = ""
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    in_example: bool = False
    #: Number of the list item ("1." -> 1), 0 when not numbered.
    ordinal: int = 0
    #: Indentation of a list item in columns.
    indent: int = 0
    checkbox: bool = False
    #: A paragraph line that continues the paragraph or list item just above it.
    continues: bool = False

    @property
    def context(self) -> tuple[str, ...]:
        """Headings and label together, innermost last."""
        return self.headings + ((self.label,) if self.label else ())


def split_cells(row: str) -> tuple[str, ...]:
    """Cells of a Markdown table row (escaped pipes kept inside cells)."""
    text = row.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    cells = re.split(r"(?<!\\)\|", text)
    return tuple(c.strip() for c in cells)


def unclosed_fence(body: str, first_line: int = 1) -> tuple[int, int] | None:
    """The line of a code fence that never closes and how many lines follow it, or None:
    Markdown renders the rest of the file as code, and :func:`scan` reads none of it."""
    fence, opened = "", 0
    lines = body.split("\n")
    for offset, raw in enumerate(lines):
        stripped = raw.strip()
        if fence:
            if stripped.startswith(fence[0] * len(fence)) and set(stripped) <= {fence[0]}:
                fence = ""
        elif stripped[:1] in ("`", "~") and (match := _FENCE.match(raw)):
            fence, opened = match.group(1), offset
    if not fence:
        return None
    rest = sum(1 for line in lines[opened + 1 :] if line.strip())
    return first_line + opened, rest


def scan(body: str, first_line: int = 1) -> list[Line]:
    """Lines of ``body`` with their structure; ``first_line`` is the body's line in the file."""
    out: list[Line] = []
    headings: list[tuple[int, str]] = []
    label = ""
    fence = ""
    in_comment = False
    in_example = False
    header: tuple[str, ...] = ()
    previous_blank = True
    previous_kind = ""
    lines = body.split("\n")
    for offset, raw in enumerate(lines):
        number = first_line + offset
        if len(raw) > MAX_LINE:
            raw = raw[:MAX_LINE]
        stripped = raw.strip()
        if fence:
            if stripped.startswith(fence[0] * len(fence)) and set(stripped) <= {fence[0]}:
                fence = ""
            continue
        if in_comment:
            if "-->" in raw:
                in_comment = False
            continue
        if not stripped:
            previous_blank = True
            if previous_kind in {"row", "separator"}:
                header, previous_kind = (), "blank"
            continue
        # Most lines are plain text: the first character says which patterns can apply.
        lead = stripped[0]
        if lead in "`~":
            match = _FENCE.match(raw)
            if match:
                fence = match.group(1)
                continue
        if lead == "<" and stripped.startswith("<!--"):
            if "-->" not in stripped:
                in_comment = True
            continue
        if "<" in stripped:
            if _EXAMPLE_OPEN.search(stripped):
                in_example = True
            example_here = in_example
            if _EXAMPLE_CLOSE.search(stripped):
                in_example = False
        else:
            example_here = in_example

        heading = _HEADING.match(raw) if lead == "#" else None
        if heading:
            level = len(heading.group(1))
            title = _plain(heading.group(2))
            while headings and headings[-1][0] >= level:
                headings.pop()
            headings.append((level, title))
            label = ""
            header = ()
            out.append(Line(number, stripped, tuple(t for _, t in headings), kind="heading", content=title))
            previous_blank, previous_kind = False, "heading"
            continue

        titles = tuple(t for _, t in headings)
        bold = _BOLD_LABEL.match(raw) if lead in "*_" else None
        if bold:
            label = _plain(bold.group(1)).rstrip(":").strip()
            out.append(Line(number, stripped, titles, kind="label", content=label, in_example=example_here))
            previous_blank, previous_kind = False, "label"
            continue

        if stripped.startswith("|") and stripped.count("|") >= 2:
            if _TABLE_SEPARATOR.match(stripped):
                previous_kind = "separator"
                continue
            cells = split_cells(stripped)
            if previous_kind not in {"row", "separator"}:
                # The first row of a table is its header.
                header = cells
                out.append(Line(number, stripped, titles, label, "row", stripped, cells, (), example_here))
            else:
                out.append(Line(number, stripped, titles, label, "row", stripped, cells, header, example_here))
            previous_blank, previous_kind = False, "row"
            continue

        item = _LIST_ITEM.match(raw) if lead in "-*+•0123456789" else None
        if item:
            content = item.group(2)
            ordinal = int(_ORDINAL.match(raw).group(1)) if lead.isdigit() else 0
            out.append(
                Line(
                    number,
                    stripped,
                    titles,
                    label,
                    "item",
                    content,
                    in_example=example_here,
                    ordinal=ordinal,
                    indent=len(item.group(1).expandtabs(4)),
                    checkbox=bool(_CHECKBOX.match(raw)),
                )
            )
            previous_blank, previous_kind = False, "item"
            continue

        # A paragraph after a blank line ends the scope of a bold label, unless it is
        # indented (a continuation of the list under the label).
        if previous_blank and label and not raw.startswith((" ", "\t")):
            label = ""
        # A hard-wrapped line goes on with the paragraph or list item above it, unless it
        # opens with a bold label ("**When:** ...") or the line above ends with a colon.
        continues = (
            not previous_blank
            and previous_kind in {"item", "continuation", "para"}
            and not _LEADING_LABEL.match(stripped)
            and not (out and out[-1].text.rstrip().endswith(":"))
        )
        out.append(
            Line(number, stripped, titles, label, "para", stripped, in_example=example_here, continues=continues)
        )
        previous_blank, previous_kind = False, "continuation" if continues else "para"
        # A short line that ends with a colon introduces what follows, as a bold label does:
        # "Integration with other agents:" above its list.
        if not continues and stripped.endswith(":") and len(stripped) <= 80:
            label = _plain(stripped[:-1]).strip()
    return out


_INLINE_MARKUP = re.compile(r"(\*\*|__|(?<!\w)\*(?!\s)|(?<!\s)\*(?!\w))")


def _plain(text: str) -> str:
    """Heading or label text without emphasis markers."""
    return _INLINE_MARKUP.sub("", text).strip()


def sections(lines: list[Line], body_line: int = 1) -> list[Section]:
    """Group scanned lines under their innermost heading (a preamble has an empty title)."""
    result: list[Section] = []
    title, level, start, path = "", 0, body_line, ()
    collected: list[tuple[int, str]] = []
    for line in lines:
        if line.kind == "heading":
            if collected or title:
                result.append(Section(title, level, start, path, tuple(collected)))
            title, start, path = line.content, line.number, line.headings
            level = len(line.headings)
            collected = []
        else:
            collected.append((line.number, line.text))
    if collected or title:
        result.append(Section(title, level, start, path, tuple(collected)))
    return result
