"""Turning view models into Markdown pages, inline SVG and HTML blocks, and the files the pages need. No MkDocs here."""

from __future__ import annotations

from importlib import resources

#: Under the site's ``assets/agent-handbook/``: the style and script every page loads.
ASSETS = ("handbook.css", "handbook.js")
#: Beside them, loaded by the script only on pages that draw a map (so in no page's
#: ``extra_javascript``), with its licence: ELK, which lays out maps in the browser.
VENDOR = ("vendor/elkjs/elk.bundled.js", "vendor/elkjs/LICENSE")


def asset(name: str) -> bytes:
    """The bytes of one of :data:`ASSETS` or :data:`VENDOR`, from the package."""
    return resources.files("agent_handbook").joinpath("assets", *name.split("/")).read_bytes()
