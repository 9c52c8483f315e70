"""The preview's HTTP server: files of the current site folder, each HTML page with the
overlay (problems, reload script); ``/.preview/wait`` answers when the preview changes."""

from __future__ import annotations

import json
import mimetypes
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape

from generator.i18n.languages import CODES
from generator.preview.engine import PreviewEngine, PreviewState

WAIT_SECONDS = 20.0
_TEMPLATES = Environment(
    loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
    autoescape=select_autoescape(["html"]),
)


def run_preview(config_file: Path, host: str, port: int, say: Callable[[str], object]) -> None:
    """Serve the preview of ``config_file``'s project on ``host:port`` until interrupted."""
    project = config_file.resolve().parent
    state = PreviewState()
    engine = PreviewEngine(
        config_file.resolve(), project / ".cache" / "doingoai" / "preview", state, say
    )
    server = PreviewServer((host, port), state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    say(f"preview on http://{host}:{port}/ — building the whole site first; Ctrl-C stops")
    stop = threading.Event()
    try:
        engine.run(stop)
    except KeyboardInterrupt:
        stop.set()
    finally:
        server.shutdown()


class PreviewServer(ThreadingHTTPServer):
    """One thread per request: no request waits for another, or for a build."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], state: PreviewState) -> None:
        super().__init__(address, _Handler)
        self.state = state


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer

    def do_GET(self) -> None:  # noqa: N802 — the name http.server calls
        url = urlsplit(self.path)
        state = self.server.state
        if url.path == "/.preview/wait":
            query = parse_qs(url.query)
            version = int((query.get("v") or ["0"])[0])
            page = (query.get("page") or ["/"])[0]
            answer = state.wait(version, page, WAIT_SECONDS)
            self._send(200, json.dumps({"v": answer}).encode(), "application/json")
            return
        site, version, problems = state.site, state.version, list(state.problems)
        if site is None:
            waiting = _TEMPLATES.get_template("waiting.html")
            body = waiting.render(version=version, problems=problems)
            self._send(503, body.encode(), "text/html; charset=utf-8")
            return
        status, file = _resolve(site, unquote(url.path))
        body = file.read_bytes()
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind == "text/html":
            overlay = _TEMPLATES.get_template("overlay.html").render(
                version=version, problems=problems
            )
            body = _with_overlay(body, overlay.encode())
            kind += "; charset=utf-8"
        self._send(status, body, kind)

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away (a reload)

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass  # the terminal shows builds and problems, not every request


def _resolve(site: Path, path: str) -> tuple[int, Path]:
    """The file answering ``path``, or the 404 page of its language."""
    candidate = (site / path.lstrip("/")).resolve()
    if candidate.is_relative_to(site.resolve()):
        if candidate.is_dir():
            candidate = candidate / "index.html"
        if candidate.is_file():
            return 200, candidate
    first = path.lstrip("/").split("/", 1)[0]
    prefix = f"{first}/" if first in CODES and (site / first).is_dir() else ""
    return 404, site / f"{prefix}404.html"


def _with_overlay(page: bytes, overlay: bytes) -> bytes:
    """``overlay`` just before ``</body>`` (at the end when there is none)."""
    at = page.rfind(b"</body>")
    return page + overlay if at < 0 else page[:at] + overlay + page[at:]
