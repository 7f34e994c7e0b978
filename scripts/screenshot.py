"""Screenshot pages of a built site in headless Chromium (light and dark).

usage: python scripts/screenshot.py SITE_DIR OUT_DIR PAGE [PAGE...]
PAGE is a path under the site ("handbook/", "handbook/agents/devops/").
"""

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

site, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{server.server_address[1]}/"
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
    for scheme in ("light", "dark"):
        page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        for path in sys.argv[3:]:
            page.goto(base + path)
            if page.locator(".ah-map").count():  # maps are drawn by the page script: wait for it
                page.wait_for_selector(".ah-map.ah-ready", timeout=15000)
            if scheme == "dark":
                page.evaluate("document.body.setAttribute('data-md-color-scheme','slate')")
            name = path.strip("/").replace("/", "_") or "home"
            page.screenshot(path=str(out / f"{name}-{scheme}.png"), full_page="--full" in sys.argv)
        page.close()
    browser.close()
server.shutdown()
