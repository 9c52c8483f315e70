"""Serve a built site on 127.0.0.1 and drive Debian's Chromium with Playwright."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


@contextlib.contextmanager
def serve(site: Path, handler_class: type[QuietHandler] = QuietHandler):
    """Serve ``site`` on a free port of 127.0.0.1 with ``handler_class``; yields the base URL."""
    handler = functools.partial(handler_class, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser_page(viewport: dict | None = None, locale: str = "vi-VN"):
    """A Chromium page that records every request leaving 127.0.0.1."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(
            viewport=viewport or {"width": 1366, "height": 900}, locale=locale
        )
        page = context.new_page()
        page.external_requests = []  # type: ignore[attr-defined]

        def watch(request) -> None:
            host = urlparse(request.url).hostname
            if request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
                return
            page.external_requests.append(request.url)  # type: ignore[attr-defined]

        page.on("request", watch)
        try:
            yield page
        finally:
            context.close()
            browser.close()


def settled(page) -> str:
    """Wait until ``page`` has loaded and each font it asked for has loaded or failed
    (``document.fonts.ready``); returns ``document.fonts.status``.

    An explicit condition in place of Playwright's ``networkidle`` (half a second without a
    request), which waits on time and says nothing about what a test needs.
    """
    page.wait_for_load_state("load")
    return page.evaluate("document.fonts.ready.then(() => document.fonts.status)")
