"""The prompt of an agent (its body), rendered as Markdown and made safe to show.

Agent files are untrusted text: teams install them from public marketplaces. The body is
converted by Python-Markdown, then cleaned by nh3 (the Rust sanitiser ammonia): only the
tags Markdown produces stay; scripts, styles, event handlers, forms, frames and images go,
and a link keeps its target only when it is a web or mail address. Headings move down two
levels, under the page's own "Instructions" heading, and never reach the table of contents.
"""

from __future__ import annotations

import re
from functools import lru_cache

import markdown
import nh3

#: The tags Markdown writes for prose, lists, tables and code; nothing else survives.
ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "h3",
        "h4",
        "h5",
        "h6",
        "strong",
        "em",
        "b",
        "i",
        "code",
        "pre",
        "kbd",
        "blockquote",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "a",
        "del",
        "sup",
        "sub",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
_SAFE_URL = re.compile(r"^(?:https?://|mailto:|#)", re.IGNORECASE)
_HEADING = re.compile(r"<(/?)h([1-6])\b")
_PRE = re.compile(r"<pre>.*?</pre>", re.DOTALL)

#: Bodies longer than this are cut before rendering (bounded work on hostile input).
MAX_PROMPT = 200_000


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href" and not _SAFE_URL.match(value.strip()):
        return None  # a relative link points into the agent's repository, not the site
    return value


def _lower_heading(match: re.Match[str]) -> str:
    return f"<{match.group(1)}h{min(6, int(match.group(2)) + 2)}"


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists"], output_format="html")


def sanitize(html: str) -> str:
    """``html`` with every tag and attribute outside the allowed ones removed."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "textarea", "noscript"},
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_keep_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def prompt_html(body: str, limit: int = MAX_PROMPT) -> str:
    """The body of an agent file rendered as safe HTML, its headings two levels down."""
    text = body.strip("\n")
    if len(text) > limit:
        text = text[:limit] + "\n\n…"
    converter = _converter()
    converter.reset()
    html = sanitize(_HEADING.sub(_lower_heading, converter.convert(text)))
    # One line, so that no blank line ends the block in a Markdown page: newlines inside
    # code keep their meaning as character references, the others are white space.
    html = _PRE.sub(lambda m: m.group(0).replace("\n", "&#10;"), html).replace("\n", " ")
    return f'<div class="ah-prompt-text">{html}</div>'
