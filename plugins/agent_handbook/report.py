"""Diagnostics for CI: GitHub Actions workflow commands and SARIF 2.1.0.

Both are plain text or plain data made from the diagnostics alone, sorted as they are, so the
same files give byte-identical output.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from . import __version__
from .diagnostics import CODES
from .model import Diagnostic

#: GitHub's annotation command for each severity.
GITHUB_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
#: SARIF's level for each severity.
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/mkdocs-agent-handbook/"


_CONTROL = {i: f"\\x{i:02x}" for i in (*range(0x20), 0x7F)}
_CONTROL.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", ord("\\"): "\\\\"})


def printable(text: str) -> str:
    """``text`` on one line: newlines and other control characters written as escapes
    (``\\n``, ``\\x1b``), backslashes doubled, so no name can start a line of its own."""
    return text.translate(_CONTROL)


def text(problem: Diagnostic) -> str:
    """A diagnostic as one line of plain text, ``file:line: severity code: message``.

    File names and messages come from the files, so they are escaped: a name with a newline
    cannot print a second line, and no line starts with ``::`` (which GitHub Actions would run
    as a workflow command).
    """
    file = printable(problem.file)
    if file.startswith(":"):
        file = "./" + file
    return f"{file}:{problem.line}: {problem.severity} {problem.code}: {printable(problem.message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def github(diagnostics: Iterable[Diagnostic]) -> str:
    """One workflow command per diagnostic: an annotation on the file and line in a run."""
    lines = []
    for problem in diagnostics:
        command = GITHUB_COMMANDS.get(problem.severity, "warning")
        where = f"file={_property(problem.file)},line={problem.line},title={_property(problem.code)}"
        lines.append(f"::{command} {where}::{_data(problem.message)}")
    return "".join(line + "\n" for line in lines)


def sarif(diagnostics: Sequence[Diagnostic]) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run: a rule per code used, a result per diagnostic."""
    used = sorted({d.code for d in diagnostics})
    rules = [
        {
            "id": code,
            "name": "".join(part.capitalize() for part in code.split("-")),
            "shortDescription": {"text": CODES[code][1] if code in CODES else code},
            "defaultConfiguration": {"level": SARIF_LEVELS.get(CODES.get(code, ("warning",))[0], "warning")},
        }
        for code in used
    ]
    results = [
        {
            "ruleId": problem.code,
            "ruleIndex": used.index(problem.code),
            "level": SARIF_LEVELS.get(problem.severity, "warning"),
            "message": {"text": problem.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": quote(problem.file, safe="/"), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": problem.line},
                    }
                }
            ],
        }
        for problem in diagnostics
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "agent-handbook",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
