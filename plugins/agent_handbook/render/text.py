"""Escaping agent text for the place it lands: Markdown inline, a table cell, HTML, SVG.

Agent files are untrusted. Everything taken from them passes through one of these
functions; templates never see raw agent text. Braces are encoded too, so a macro plugin
running after us cannot evaluate ``{{ }}`` found in an agent file.
"""

from __future__ import annotations

import html
import posixpath
import re

_MD_SPECIAL = re.compile(r"([\\`*_\[\]()#+!|>-])")
#: A number and a dot at the start of a line open an ordered list ("2023. A year").
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")
_BRACES = {"{": "&#123;", "}": "&#125;"}


def html_text(value: object) -> str:
    """Text for an HTML or SVG text node or attribute value (quotes included)."""
    return html.escape(str(value), quote=True).replace("{", "&#123;").replace("}", "&#125;")


def md(value: object) -> str:
    """Agent text as inline Markdown that renders literally: no markup, links or HTML."""
    text = " ".join(str(value).split())
    text = html.escape(text, quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # "~" has no Markdown escape that every extension honours ("\~" shows the backslash).
    text = _LIST_NUMBER.sub(r"\1\\\2", text).replace("~", "&#126;")
    for brace, entity in _BRACES.items():
        text = text.replace(brace, entity)
    return text


def cell(value: object, limit: int = 0) -> str:
    """Agent text for a Markdown table cell (one line, pipes escaped), cut at ``limit``."""
    text = " ".join(str(value).split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return md(text) or "&nbsp;"


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
    rel = posixpath.relpath(target or ".", base.rstrip("/") or ".")
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel


def relative_md(from_uri: str, to_uri: str) -> str:
    """A relative link between two Markdown sources (MkDocs checks and rewrites these)."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")
