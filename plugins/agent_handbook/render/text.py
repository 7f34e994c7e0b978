"""Escaping agent text for the place it lands: Markdown inline, a table cell, HTML, SVG.

Agent files are untrusted. Everything taken from them passes through one of these
functions; templates never see raw agent text. Braces are encoded too, so a macro plugin
running after us cannot evaluate ``{{ }}`` found in an agent file.
"""

from __future__ import annotations

import html
import posixpath
import re
from functools import lru_cache

#: Characters that open inline markup anywhere in a line: escaped with a backslash. An
#: underscore between two letters or digits (``backend_staff``) opens nothing.
_MD_INLINE = re.compile(r"([\\`*\[\]|#]|(?<![^\W_])_|_(?![^\W_]))")
#: Characters that only some extensions give a meaning (``~~del~~``, ``==mark==``, ``^^ins^^``,
#: ``++kbd++``) and that not every converter lets a backslash escape: written as references.
_MD_ENTITIES = str.maketrans({"~": "&#126;", "^": "&#94;", "=": "&#61;", "+": "&#43;", "{": "&#123;", "}": "&#125;"})
#: What opens a block at the start of a line: a list item, a numbered item, a definition.
_MD_LEADING = re.compile(r"^(?:([-:])|(\d+)([.)]))")


def html_text(value: object) -> str:
    """Text for an HTML or SVG text node or attribute value (quotes included)."""
    return _escaped(str(value))


@lru_cache(maxsize=1 << 16)  # names and titles come back on page after page
def _escaped(text: str) -> str:
    return html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")


def md(value: object) -> str:
    """Agent text as inline Markdown that renders literally: no markup, links or HTML.

    Only what could start markup is escaped: every escape is work for the converter, and a
    page of a thousand relations holds a great many of them.
    """
    text = " ".join(str(value).split())
    text = html.escape(text, quote=False)
    text = _MD_INLINE.sub(r"\\\1", text).translate(_MD_ENTITIES)
    return _MD_LEADING.sub(_leading, text, count=1)


def _leading(match: re.Match[str]) -> str:
    if match.group(1):
        return "&#45;" if match.group(1) == "-" else "&#58;"
    return match.group(2) + "\\" + match.group(3)


def clip(value: object, limit: int = 0) -> str:
    """Text on one line, cut at ``limit`` characters with an ellipsis (not escaped)."""
    text = " ".join(str(value).split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def cell(value: object, limit: int = 0) -> str:
    """Agent text for a Markdown table cell (one line, pipes escaped), cut at ``limit``."""
    return md(clip(value, limit)) or "&nbsp;"


def code(value: object) -> str:
    """Agent text as an inline code span (HTML, so any backtick inside is harmless)."""
    return f"<code>{html_text(' '.join(str(value).split()))}</code>"


def attr(value: object) -> str:
    return html_text(value)


_COLOR = re.compile(r"^(?:#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20})$")


def safe_color(value: object) -> str:
    """A CSS colour from front matter only if it is a plain name or hex value, else ''."""
    text = str(value).strip()
    return text if _COLOR.match(text) else ""


def page_url(uri: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives the page built from ``uri`` (``a/b.md`` -> ``a/b/``)."""
    if not uri.endswith(".md"):
        return uri
    stem = uri[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/" if directory_urls else stem + ".html"


def relative_url(from_uri: str, to_uri: str, directory_urls: bool = True) -> str:
    """A relative URL from the page of ``from_uri`` to the page (or file) ``to_uri``."""
    source = page_url(from_uri, directory_urls)
    target = page_url(to_uri, directory_urls)
    base = source if source.endswith("/") or not source else posixpath.dirname(source) + "/"
    rel = _relpath(target or ".", base.rstrip("/") or ".")
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel


def relative_md(from_uri: str, to_uri: str) -> str:
    """A relative link between two Markdown sources (MkDocs checks and rewrites these)."""
    return _relpath(to_uri, posixpath.dirname(from_uri) or ".")


@lru_cache(maxsize=4096)
def _parts(path: str) -> tuple[str, ...]:
    return tuple(part for part in posixpath.normpath(path).split("/") if part not in ("", "."))


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for two paths relative to one root, without asking the file
    system for the working directory (a handbook page links hundreds of times)."""
    target, base = _parts(path), _parts(start)
    common = 0
    for a, b in zip(target, base):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(base) - common) + list(target[common:])
    return "/".join(parts) or "."
