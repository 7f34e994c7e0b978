"""Turning view models into Markdown pages, inline SVG and HTML blocks, and the files the pages need. No MkDocs here."""

from __future__ import annotations

from importlib import resources

#: Under the site's ``assets/agent-handbook/``: the style and the script every page loads, the
#: script as plain files in the order they load (see ``assets/handbook-core.js``): shared helpers,
#: the view in the URL, maps, tables, then the figures, which start everything.
SCRIPTS = ("handbook-core.js", "handbook-url.js", "handbook-map.js", "handbook-lists.js", "handbook.js")
ASSETS = ("handbook.css", *SCRIPTS)
#: Beside them, loaded by the script only on pages that draw a map (so in no page's
#: ``extra_javascript``), with its licence: ELK, which lays out maps in the browser.
VENDOR = ("vendor/elkjs/elk.bundled.js", "vendor/elkjs/LICENSE")


def asset(name: str) -> bytes:
    """The bytes of one of :data:`ASSETS` or :data:`VENDOR`, from the package."""
    return resources.files("agent_handbook").joinpath("assets", *name.split("/")).read_bytes()
