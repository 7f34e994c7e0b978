"""Turning view models into Markdown pages, inline SVG and assets. No MkDocs here."""
