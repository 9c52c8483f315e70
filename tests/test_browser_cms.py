"""The web editor for real: the demo portal copied into a git repository, ``portal cms``,
``decap-server`` on 127.0.0.1 writing to its working tree, Decap CMS in Chromium creating a news
item through its Vietnamese interface; the file it writes passes ``portal check`` and builds."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import socket
import subprocess
import threading
from pathlib import Path

import pytest
import yaml

from generator.cms.config import Backend, admin_csp
from generator.content.fields import SLUG_PATTERN

from browser import browser_page
from conftest import ENV, PORTAL, ROOT, mkdocs_yml

pytestmark = pytest.mark.browser

DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
TITLE = {
    "vi": "Đoàn đại biểu tỉnh Gyeonggi thăm Hưng Yên",
    "en": "Gyeonggi delegation visits Hưng Yên",
    "zh": "京畿道代表团访问兴安",
    "ja": "京畿道代表団がフンイエンを訪問",
    "ko": "경기도 대표단 흥옌 방문",
    "lo": "ຄະນະຜູ້ແທນແຂວງກຽງກີ ຢ້ຽມຢາມຮຶງອຽນ",
}
SLUG = "doan-dai-bieu-tinh-gyeonggi-tham-hung-yen"


def run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PORTAL, *args], cwd=repo, env=ENV, capture_output=True, text=True, timeout=900
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _AdminHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the editor's Content-Security-Policy, as the docs ask a server to."""

    csp = ""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", self.csp)
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve_admin(folder: Path, csp: str):
    """Serve ``folder`` on 127.0.0.1 under ``csp``; yields the base URL."""
    handler = type("Handler", (_AdminHandler,), {"csp": csp})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def demo_repo(tmp_path: Path) -> Path:
    """The shipped content in a fresh git repository, as an editors' clone would be."""
    repo = tmp_path / "portal"
    shutil.copytree(ROOT / "content", repo / "content")
    (repo / "mkdocs.yml").write_text(mkdocs_yml(), encoding="utf-8")
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "demo"], cwd=repo, check=True)
    return repo


@pytest.fixture
def decap_server(demo_repo: Path):
    """``decap-server`` (npm) on 127.0.0.1, writing into the demo's working tree; its port."""
    port = free_port()
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "fs"}
    env["GIT_REPO_DIRECTORY"] = str(demo_repo)
    server = subprocess.Popen(
        ["node", str(DECAP_SERVER)],
        cwd=demo_repo,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for line in server.stdout:  # it says so once it listens; ends if it dies
            if f"listening on 127.0.0.1:{port}" in line:
                break
        else:
            pytest.fail(f"decap-server stopped: exit {server.wait()}")
        yield port
    finally:
        server.terminate()
        server.wait()


def test_news_item_created_in_the_web_editor_passes_check_and_builds(
    demo_repo: Path, decap_server: int, tmp_path: Path
):
    served = tmp_path / "served"
    result = run(
        demo_repo, "cms", "--out", str(served / "admin"), "--local-port", str(decap_server)
    )
    assert result.returncode == 0, result.stderr
    target = demo_repo / "content" / "data" / "news" / f"{SLUG}.yml"

    csp = admin_csp(Backend(local_port=decap_server))
    with serve_admin(served, csp) as base, browser_page() as page:
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: errors.append(m.text) if "Content Security" in m.text else 0)
        page.goto(base + "admin/")
        page.get_by_role("button", name="Đăng nhập").click()  # Decap's Vietnamese interface
        page.get_by_text("Bộ sưu tập").first.wait_for()
        page.goto(base + "admin/#/collections/news/new")
        for code, text in TITLE.items():  # the title's six inputs come first of the inputs
            page.locator(f'input[id^="{code}-field"]').first.fill(text)
        page.locator('input[id^="date-field"]').fill("2026-11-20")
        page.keyboard.press("Escape")
        page.locator('input[id^="category-field"]').click()
        page.get_by_text("foreign-affairs", exact=True).click()
        page.get_by_role("button", name="Thêm nguồn").click()  # our label, Decap's phrase: vi
        page.locator('input[id^="title-field"]').fill("Sở Ngoại vụ tỉnh Hưng Yên")
        page.locator('input[id^="url-field"]').fill("https://hungyen.gov.vn/")

        preview = page.frame_locator("iframe").first
        assert preview.locator('link[href*="assets/stylesheets/portal."]').count() == 1
        preview.get_by_text(TITLE["vi"]).first.wait_for()

        page.get_by_role("button", name="Công bố").first.click()
        page.get_by_text("Công bố ngay").click()
        page.wait_for_url(f"**/collections/news/entries/{SLUG}")
        assert errors == []
        assert page.external_requests == []  # type: ignore[attr-defined]

    assert target.is_file(), sorted(p.name for p in target.parent.iterdir())
    assert re.match(SLUG_PATTERN, target.stem)
    item = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert item["title"] == TITLE
    assert str(item["date"]) == "2026-11-20" and item["category"] == "foreign-affairs"
    assert item["sources"] == [
        {"title": "Sở Ngoại vụ tỉnh Hưng Yên", "url": "https://hungyen.gov.vn/"}
    ]

    checked = run(demo_repo, "check")
    assert checked.returncode == 0, checked.stderr
    built = run(demo_repo, "build", "--site-dir", str(tmp_path / "site"))
    assert built.returncode == 0, built.stderr[-3000:]
    for code in ("vi", "en"):
        prefix = "" if code == "vi" else f"{code}/"
        page_html = tmp_path / "site" / prefix / "news" / SLUG / "index.html"
        assert TITLE[code] in page_html.read_text(encoding="utf-8")
