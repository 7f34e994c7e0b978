"""The original prompt of an agent, as written.

The prompt is shown as the text of the file, not rendered: it is what the agent reads, any
HTML in it stays visible text, and escaping is all it needs. Newlines become character
references, so the block is one line that every Markdown converter passes through as HTML.
"""

from __future__ import annotations

from .text import html_text


def prompt_html(body: str, limit: int = 200_000) -> str:
    """The body of an agent file as an escaped, pre-formatted block."""
    if len(body) > limit:
        body = body[:limit] + "\n\n…"
    text = html_text(body.strip("\n")).replace("\r", "").replace("\n", "&#10;")
    return f'<pre class="ah-prompt-text">{text}</pre>'
