"""Large HTML blocks kept out of the Markdown a builder converts, and put back afterwards.

The handbook's pages are Markdown, but their largest parts (graphs, the original prompt) are
HTML written by us. Handed to a Markdown converter, each is parsed tag by tag only to be
written out unchanged, and at a thousand agents that is most of a build. With a stash, such a
block becomes a short placeholder element that the converter passes through, and
:meth:`HtmlStash.restore` puts the block back into the converted page.

A placeholder is named by a digest of its block, so the Markdown of a page changes exactly
when its content does (``serve --dirty`` compares pages by digest), and a page can never
forge one: agent text reaches the Markdown escaped, so it cannot hold an element.

Blocks that are not prose (graphs, relation tables, legends) are *late*: they go back only
into the finished page (:meth:`HtmlStash.restore_late`, after the theme), so the search index,
built from the converted content, neither parses nor holds them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

_PLACEHOLDER = re.compile(r'<div data-ah-stash="([0-9a-f]{24})"></div>')
_LATE = re.compile(r'<div data-ah-late="([0-9a-f]{24})"></div>')


class HtmlStash:
    """Blocks of HTML by digest, for one build."""

    def __init__(self) -> None:
        self.blocks: dict[str, str] = {}
        #: Keys in the order they were first put (see :meth:`since`).
        self._order: list[str] = []

    def put(self, html: str, late: bool = False) -> str:
        """A placeholder for ``html``, on a line of its own (``late``: not for search)."""
        if not html:
            return ""
        key = hashlib.blake2b(html.encode("utf-8"), digest_size=12).hexdigest()
        if key not in self.blocks:
            self.blocks[key] = html
            self._order.append(key)
        return f'<div data-ah-late="{key}"></div>' if late else f'<div data-ah-stash="{key}"></div>'

    @property
    def mark(self) -> int:
        """A point in time for :meth:`since`."""
        return len(self._order)

    def update(self, blocks: dict[str, str]) -> None:
        """Add blocks put elsewhere (by a worker process)."""
        for key, html in blocks.items():
            if key not in self.blocks:
                self.blocks[key] = html
                self._order.append(key)

    def since(self, mark: int) -> dict[str, str]:
        """The blocks first put after ``mark``."""
        return {key: self.blocks[key] for key in self._order[mark:] if key in self.blocks}

    def restore(self, html: str) -> str:
        """``html`` (a converted page) with every placeholder replaced by its block, but the
        late ones."""
        if "data-ah-stash" not in html:
            return html
        return _PLACEHOLDER.sub(lambda m: self.blocks.get(m.group(1), m.group(0)), html)

    def restore_late(self, html: str) -> str:
        """``html`` (a finished page) with its late placeholders replaced by their blocks."""
        if "data-ah-late" not in html:
            return html
        return _LATE.sub(lambda m: self.blocks.get(m.group(1), m.group(0)), html)

    def retain(self, texts: Iterable[str]) -> None:
        """Keep only the blocks whose placeholders are in ``texts`` (the pages of a build;
        across ``mkdocs serve`` rebuilds, a page taken over keeps its blocks)."""
        used = {
            key for t in texts if "data-ah-" in t for pattern in (_PLACEHOLDER, _LATE) for key in pattern.findall(t)
        }
        self.blocks = {key: html for key, html in self.blocks.items() if key in used}
        self._order = list(self.blocks)
