"""The original prompt of an agent as safe HTML.

Rendering an agent's body as Markdown lets its raw HTML through, so escaping is not enough
here: the HTML is cleaned by nh3 (the ammonia sanitizer) with an allow-list of tags,
attributes and URL schemes. Headings are demoted so the prompt never competes with the
page's own headings, and the result has no blank lines, so Python-Markdown keeps it as
one raw HTML block.
"""

from __future__ import annotations

import re

import markdown
import nh3

TAGS = frozenset(
    [
        "p",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "b",
        "i",
        "code",
        "pre",
        "h4",
        "h5",
        "h6",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "blockquote",
        "hr",
        "br",
        "a",
        "del",
        "s",
        "sub",
        "sup",
        "kbd",
    ]
)
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "code": {"class"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_PRE = re.compile(r"<pre>.*?</pre>", re.DOTALL)
_HEADING = re.compile(r"<(/?)h([1-6])>")


def prompt_html(body: str, limit: int = 200_000) -> str:
    """The body of an agent file rendered from Markdown and sanitized."""
    if len(body) > limit:
        body = body[:limit] + "\n\n…"
    renderer = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists"], output_format="html")
    html = renderer.convert(body)
    html = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + 3)}>", html)
    html = nh3.clean(
        html,
        tags=set(TAGS),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    html = _PRE.sub(lambda m: m.group(0).replace("\n", "&#10;"), html)
    html = html.replace("{", "&#123;").replace("}", "&#125;")
    return "\n".join(line for line in html.split("\n") if line.strip())
