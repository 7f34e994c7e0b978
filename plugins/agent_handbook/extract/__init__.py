"""Relation statements out of one agent file: front-matter keys and free prose.

The modules follow the reading steps, so that each rule has one obvious home:

- :mod:`.names`: finding names in a line (agents of the team in any spelling, people);
- :mod:`.cues`: the cue vocabulary as data (phrases, section headings, keys, columns);
- :mod:`.prose`: one piece of text read with them (names masked, cues matched);
- :mod:`.context`: a line's section, level, table column and wrapped continuation;
- :mod:`.frontmatter`: relation keys and lists of the front matter;
- :mod:`.reader`: one agent file, read line by line in its context.

Lines marked as bad examples (❌, "don't say") and negated cues ("never escalate to")
give nothing; code fences and HTML comments never reach this package.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..names import NameIndex
from .context import level_of, section_kind
from .names import Name, find_names
from .prose import clean
from .reader import read_agent

__all__ = ["Name", "find_names", "iter_names", "level_of", "read_agent", "section_kind"]


def iter_names(text: str, index: NameIndex) -> Iterator[Name]:
    """Every name in a piece of text (for views that link names to agents)."""
    names, _ = find_names(clean(text), index)
    yield from names
