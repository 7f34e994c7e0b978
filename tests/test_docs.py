"""The documentation stays true to the code: every option and every code is documented."""

from __future__ import annotations

from agent_handbook.config import HandbookConfig
from agent_handbook.diagnostics import CODES

from .conftest import ROOT
from .sitebuild import mkdocs_build


def test_every_config_option_is_documented():
    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    for name, _option in HandbookConfig._schema:
        assert f"| `{name}` |" in page, name


def test_every_diagnostic_code_is_documented():
    page = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    for code, (severity, meaning) in CODES.items():
        assert f"| `{code}` | {severity} | {meaning} |" in page, code


def test_the_repository_site_builds_strict_with_zero_warnings(tmp_path):
    build = mkdocs_build(ROOT, "--strict", "--site-dir", str(tmp_path / "site"))
    assert build.returncode == 0, build.log
    assert "WARNING" not in build.log
    assert (tmp_path / "site" / "handbook" / "agents" / "platform-engineer" / "index.html").exists()
