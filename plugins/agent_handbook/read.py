"""Read one agent file: bytes -> text -> front matter + body.

What the fields mean is the business of the format's reader (:mod:`agent_handbook.formats`,
one module per format), which turns the front matter into an :class:`Agent`. Every file ends
either as an agent or as diagnostics that say why not. Nothing here raises on bad input:
hostile or broken files are bounded (size, depth, aliases) and reported.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import diagnostics as diag
from .blocks import MAX_LINE
from .model import Agent, Diagnostic, Mention

try:  # libyaml is ~10x faster; PyYAML's wheels ship it.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

#: Bytes read from one file; the rest is reported and ignored.
MAX_FILE_BYTES = 1024 * 1024
#: Front matter larger than this is not given to the YAML parser.
MAX_FRONT_MATTER = 256 * 1024
#: Deepest nesting of YAML collections accepted (libyaml recurses and can crash deeper).
MAX_DEPTH = 64
#: YAML nodes visited at most (aliases can make a small document huge).
MAX_NODES = 20000

_FM_OPEN = re.compile(r"^---[ \t]*$")
_FM_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
#: A longer rule of dashes, which some files close their front matter with.
_FM_LONG_CLOSE = re.compile(r"^-{4,}[ \t]*$")
_TOP_KEY = re.compile(r"^([A-Za-z_][\w.\-]*)[ \t]*:(?:[ \t]|$)")

README_NAMES = frozenset({"readme", "changelog", "license", "contributing", "index", "claude", "agents"})


@dataclass(frozen=True, slots=True)
class MetaValue:
    """A front-matter value with where it stands: the key path and its line in the file."""

    path: tuple[str, ...]
    value: Any
    line: int


@dataclass
class ReadResult:
    """What reading one file gave: an agent (or None) and the diagnostics."""

    agent: Agent | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: Scalar front-matter values with their lines, for extraction.
    values: list[MetaValue] = field(default_factory=list)
    #: Relations stated by the format's structured fields (Claude ``Agent(a, b)`` in
    #: ``tools``, Copilot ``handoffs``, OpenCode ``permission.task``, CrewAI task ``context``).
    relations: list[Mention] = field(default_factory=list)
    #: Top-level keys whose relations are in ``relations``: prose extraction skips them.
    claimed: frozenset[str] = frozenset()

    def prose_values(self) -> list[MetaValue]:
        """The values that prose extraction reads: all but the claimed keys."""
        if not self.claimed:
            return self.values
        return [v for v in self.values if not v.path or v.path[0] not in self.claimed]


def decode(data: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Bytes to text with ``\\n`` line ends; None for binary data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _newlines(data.decode("utf-16")), []
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        return None, [diag.make("binary-file", file, 1, "binary data (NUL bytes): not read")]
    try:
        return _newlines(data.decode("utf-8-sig")), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        try:
            text = data.decode("cp1252")
            used = "Windows-1252"
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            used = "Latin-1"
        return _newlines(text), [
            diag.make("decode-fallback", file, line, f"not valid UTF-8 (byte {error.start}); decoded as {used}")
        ]


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> tuple[str | None, str, int, bool]:
    """(front matter or None, body, body's first line number, unclosed?)."""
    if not text.startswith("---"):
        return None, text, 1, False
    lines = text.split("\n")
    if not _FM_OPEN.match(lines[0]):
        return None, text, 1, False
    for index in range(1, len(lines)):
        if _FM_CLOSE.match(lines[index]):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2, False
    for index in range(1, len(lines)):
        if _FM_LONG_CLOSE.match(lines[index]):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2, False
    return None, text, 1, True


class YamlError(Exception):
    """Front matter that cannot or must not be parsed; ``line`` is 0-based in the block."""

    def __init__(self, message: str, line: int, code: str = "invalid-yaml") -> None:
        super().__init__(message)
        self.line = line
        self.code = code


def too_deep(text: str) -> bool:
    """Whether brackets and braces nest more than :data:`MAX_DEPTH` deep (YAML flow
    collections, TOML arrays and inline tables, JSON): parsers recurse on them."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:  # only then can nesting be too deep
        return False
    depth = 0
    for char in text:
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _guard(text: str) -> None:
    """Refuse YAML that is too large or too deep before any parser sees it."""
    if len(text) > MAX_FRONT_MATTER:
        raise YamlError(f"front matter is {len(text)} characters (limit {MAX_FRONT_MATTER})", 0, "yaml-too-complex")
    if too_deep(text) or re.search(rf"^ {{{MAX_DEPTH * 8}}}", text, re.MULTILINE):
        raise YamlError("front matter is nested too deeply", 0, "yaml-too-complex")


def parse_yaml(text: str) -> tuple[Any, list[MetaValue]]:
    """Safely parse YAML; returns the data and every scalar with its key path and line."""
    _guard(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        values: list[MetaValue] = []
        budget = [MAX_NODES]
        _walk(node, (), values, budget, 0)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise YamlError(str(error.problem or error).strip(), mark.line if mark else 0) from None
    except yaml.YAMLError as error:
        raise YamlError(str(error).split("\n")[0], 0) from None
    except RecursionError:
        raise YamlError("front matter is nested too deeply", 0, "yaml-too-complex") from None
    finally:
        loader.dispose()
    return data, values


def _walk(node: yaml.Node, path: tuple[str, ...], out: list[MetaValue], budget: list[int], depth: int) -> None:
    budget[0] -= 1
    if depth > MAX_DEPTH:
        raise YamlError(
            f"front matter is nested more than {MAX_DEPTH} levels deep", node.start_mark.line, "yaml-too-complex"
        )
    if budget[0] < 0:
        message = f"front matter expands to more than {MAX_NODES} values (through aliases, or simply too many)"
        raise YamlError(message, node.start_mark.line, "yaml-too-complex")
    if isinstance(node, yaml.ScalarNode):
        out.append(MetaValue(path, node.value, node.start_mark.line))
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            _walk(item, path + (f"[{position}]",), out, budget, depth + 1)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else "?"
            # The key itself carries meaning (``to_backend_staff``): record it too.
            out.append(MetaValue(path + (str(name),), None, key.start_mark.line))
            _walk(value, path + (str(name),), out, budget, depth + 1)


def lenient_parse(text: str) -> tuple[dict[str, Any], list[MetaValue]]:
    """Recover top-level keys from front matter that is not valid YAML.

    Each top-level ``key:`` starts a chunk; a chunk that parses alone is kept as YAML,
    one that does not keeps its raw text (unquoted) as a string.
    """
    data: dict[str, Any] = {}
    values: list[MetaValue] = []
    chunks: list[tuple[int, str, list[str]]] = []
    for index, line in enumerate(text.split("\n")):
        match = _TOP_KEY.match(line)
        if match:
            chunks.append((index, match.group(1), [line]))
        elif chunks:
            chunks[-1][2].append(line)
    for start, key, lines in chunks:
        chunk = "\n".join(lines)
        try:
            parsed, found = parse_yaml(_expand_tabs(chunk))
        except YamlError:
            parsed, found = None, []
        if isinstance(parsed, dict) and key in parsed:
            data[key] = parsed[key]
            values.extend(MetaValue(v.path, v.value, v.line + start) for v in found)
            continue
        raw = chunk.split(":", 1)[1].strip()
        if len(raw) >= 2 and raw[0] == raw[-1] == '"':
            raw = raw[1:-1].replace("\\n", "\n").replace("\\t", " ").replace('\\"', '"')
        elif len(raw) >= 2 and raw[0] == raw[-1] == "'":
            raw = raw[1:-1].replace("''", "'")
        data[key] = raw
        values.append(MetaValue((key,), None, start))
        for offset, part in enumerate(chunk.split("\n")):
            piece = part.split(":", 1)[1] if offset == 0 else part
            if piece.strip():
                values.append(MetaValue((key,), piece.strip(), start + offset))
    return data, values


def _expand_tabs(text: str) -> str:
    return "\n".join(
        line.expandtabs(2) if line.startswith("\t") or "\t" in line[:8] else line for line in text.split("\n")
    )


def read_text(text: str, file: str, stem: str, path: str = "") -> ReadResult:
    """Turn the text of one Markdown file into an agent (or diagnostics saying why not).

    ``path`` (the file's absolute path, ``/``-separated; ``file`` when not given) tells the
    format by its folder (``.github/agents/``, ``.opencode/agent/`` …).
    """
    result = ReadResult(None)
    problems = result.diagnostics
    if not text.strip():
        problems.append(diag.make("empty-file", file, 1, "empty file: not an agent"))
        return result
    front, body, body_line, unclosed = split_front_matter(text)
    if front is not None and _FM_LONG_CLOSE.match(text.split("\n", body_line - 1)[body_line - 2]):
        problems.append(
            diag.make(
                "long-front-matter-rule",
                file,
                body_line - 1,
                "front matter closed by a longer rule of dashes than `---`; read up to it",
            )
        )
    if unclosed:
        problems.append(
            diag.make("unclosed-front-matter", file, 1, "front matter opened by `---` on line 1 never closes")
        )
        return result
    if front is None:
        severity = "info" if stem.lower() in README_NAMES else None
        problems.append(diag.make("not-an-agent", file, 1, "no front matter: not an agent", severity))
        return result
    try:
        data, values = parse_yaml(front)
    except YamlError as error:
        line = error.line + 2
        if error.code == "yaml-too-complex":
            problems.append(diag.make("yaml-too-complex", file, line, f"{error}; top-level keys read leniently"))
        else:
            tabs = " (tabs cannot indent YAML)" if "\t" in front else ""
            problems.append(
                diag.make("invalid-yaml", file, line, f"invalid YAML: {error}{tabs}; top-level keys read leniently")
            )
        data, values = lenient_parse(front)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.append(
            diag.make("not-an-agent", file, 2, f"front matter is a {type(data).__name__}, not a mapping: not an agent")
        )
        return result
    data = {str(k): v for k, v in data.items()}
    keys = set(data)
    if not keys & {"name", "description", "tools", "model", "mode", "handoffs", "prompt"}:
        problems.append(
            diag.make("not-an-agent", file, 2, "front matter has no agent keys (name, description, tools, model)")
        )
        return result
    long_lines = [i for i, line in enumerate(body.split("\n"), start=body_line) if len(line) > MAX_LINE]
    if long_lines:
        more = f" (and {len(long_lines) - 1} more)" if len(long_lines) > 1 else ""
        problems.append(
            diag.make(
                "line-too-long",
                file,
                long_lines[0],
                f"line longer than {MAX_LINE} characters; only its beginning is read{more}",
            )
        )
    # Line numbers from the parser are 0-based within the front matter, which starts on line 2.
    result.values = [MetaValue(v.path, v.value, v.line + 2) for v in values]
    from .formats import read_markdown  # the formats build on this module

    read_markdown(result, data, body, body_line, file, stem, path or file)
    return result


def _posix(path: Path) -> str:
    """The absolute path, links not resolved: a file's folder is where it was found."""
    return Path(os.path.abspath(path)).as_posix()


class NotRegularFile(OSError):
    """A FIFO, socket or device where a file was expected: opening it could wait forever."""


def read_regular(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of the regular file ``path``.

    Anything else (a FIFO, a socket, a device such as ``/dev/stdin``) raises
    :class:`NotRegularFile` before it is opened; the file is opened without blocking, so one
    swapped in meanwhile cannot hang the reader either.
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        kind = "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "not a regular file"
        raise NotRegularFile(kind)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise NotRegularFile("not a regular file")
        return handle.read(limit)


def read_bytes(path: Path, file: str) -> tuple[str | None, list[Diagnostic]]:
    """The decoded text of ``path`` (at most :data:`MAX_FILE_BYTES`), or None and why not."""
    try:
        data = read_regular(path, MAX_FILE_BYTES + 1)
    except NotRegularFile as error:
        return None, [diag.make("not-a-file", file, 1, f"{error}: never opened")]
    except (OSError, ValueError) as error:
        message = getattr(error, "strerror", None) or error
        return None, [diag.make("unreadable-file", file, 1, f"cannot read: {message}")]
    problems: list[Diagnostic] = []
    if len(data) > MAX_FILE_BYTES:
        data = data[: data.rfind(b"\n", 0, MAX_FILE_BYTES) + 1 or MAX_FILE_BYTES]
        problems.append(
            diag.make(
                "file-too-large",
                file,
                1,
                f"larger than {MAX_FILE_BYTES // 1024} KiB; only the first {len(data) // 1024} KiB were read",
            )
        )
    text, decoding = decode(data, file)
    return text, problems + decoding


def read_file(path: Path, file: str) -> tuple[ReadResult, str | None]:
    """Read the Markdown file ``path`` (shown as ``file``); returns the result and the text."""
    text, problems = read_bytes(path, file)
    if text is None:
        return ReadResult(None, problems), None
    name = path.name
    stem = name[:-3] if name.lower().endswith(".md") else path.stem
    result = read_text(text, file, stem, _posix(path))
    result.diagnostics[:0] = problems
    return result, text
