"""Chromium for the browser tests: Debian's ``/usr/bin/chromium`` driven by Playwright.

Without it the browser tests are skipped, with the reason; in CI (``.ci/run`` sets
``AGENT_HANDBOOK_REQUIRE_BROWSER=1``) a missing browser is a failure, never a skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REQUIRED = os.environ.get("AGENT_HANDBOOK_REQUIRE_BROWSER") == "1"


def playwright() -> ModuleType:
    """``playwright.sync_api``; skips the calling test or module (module level) without Chromium
    or Playwright, and fails instead where the browser is required."""
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM}: browser tests need it (CI installs it)"
        if REQUIRED:
            raise RuntimeError(reason)
        pytest.skip(reason, allow_module_level=True)
    return pytest.importorskip("playwright.sync_api", reason="Playwright is a test extra: pip install -e '.[test]'")


@contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium, closed afterwards."""
    with playwright().sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            yield browser
        finally:
            browser.close()
