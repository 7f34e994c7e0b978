"""Build fixture projects with the real ``mkdocs`` command and read the HTML they produce."""

from __future__ import annotations

import contextlib
import functools
import html.parser
import http.server
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Build:
    project: Path
    returncode: int
    log: str

    @property
    def site(self) -> Path:
        return self.project / "site"

    def page(self, path: str) -> str:
        target = self.site / path
        if target.is_dir() or path.endswith("/") or not path:
            target = target / "index.html"
        return target.read_text(encoding="utf-8")


def copy_fixture(name: str, destination: Path) -> Path:
    project = destination / name
    shutil.copytree(FIXTURES / name, project, ignore=shutil.ignore_patterns("site"))
    return project


def mkdocs_build(project: Path, *args: str) -> Build:
    """Run ``mkdocs build`` in ``project`` (not quiet: -q hides warnings from --strict)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    command = [sys.executable, "-m", "mkdocs", "build", *args]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env)
    return Build(project, result.returncode, result.stdout + result.stderr)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


@dataclass
class Parsed(html.parser.HTMLParser):
    """Every element with its attributes and the text directly inside it."""

    elements: list[Element] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()
        self._open: list[Element] = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        if tag not in {"br", "img", "input", "meta", "link", "hr", "path", "rect", "line"}:
            self._open.append(element)

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop().tag == tag:
                break

    def handle_data(self, data):
        for element in self._open:
            element.text += data


def parse(text: str) -> list[Element]:
    parser = Parsed()
    parser.feed(text)
    return parser.elements


def links(text: str) -> dict[str, str]:
    """Link text -> href for every ``<a>`` in the page body."""
    return {" ".join(e.text.split()): e.attrs.get("href", "") for e in parse(text) if e.tag == "a"}


def visible_text(text: str) -> str:
    main = text.split("<article", 1)[-1]
    chunks = (
        " ".join(e.text.split())
        for e in parse(main)
        if e.tag in {"p", "li", "td", "th", "h1", "h2", "h3", "dd", "dt", "code", "summary", "pre"}
    )
    return " ".join(c for c in chunks if c)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature of the base class
        pass


@contextlib.contextmanager
def serve(root: Path):
    """Serve ``root`` on 127.0.0.1 from a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
