"""The web editor for real: the demo portal copied into a git repository, ``portal cms``,
``decap-server`` on 127.0.0.1 writing to its working tree, Decap CMS in Chromium, through its
Vietnamese interface, creating a news item in Vietnamese and English (the other languages
declared not yet translated) and a Markdown page in a section, then the page's English
translation through the language switch; the files it writes pass ``portal check`` and
build (one check and one build for both, to keep the browser tests fast)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.cms.config import Backend, admin_csp
from generator.content.fields import SLUG_PATTERN

from browser import QuietHandler, browser_page, serve
from conftest import ENV, PORTAL, ROOT, mkdocs_yml

pytestmark = pytest.mark.browser

DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
TITLE = {
    "vi": "Đoàn đại biểu tỉnh Gyeonggi thăm Hưng Yên",
    "en": "Gyeonggi delegation visits Hưng Yên",
}
"""The news item is written in Vietnamese and English; the other languages wait, declared."""
NOT_YET = ["zh", "ja", "ko", "lo"]
SLUG = "doan-dai-bieu-tinh-gyeonggi-tham-hung-yen"
PAGE_TITLE = {"vi": "Làng nghề truyền thống", "en": "Traditional craft villages"}
PAGE_BODY = {
    "vi": "Hưng Yên có nhiều làng nghề truyền thống.",
    "en": "Hưng Yên has many traditional craft villages.",
}
PAGE_SLUG = "lang-nghe-truyen-thong"


def run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PORTAL, *args], cwd=repo, env=ENV, capture_output=True, text=True, timeout=900
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _AdminHandler(QuietHandler):
    """Static files with the editor's Content-Security-Policy, as the docs ask a server to."""

    csp = ""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", self.csp)
        super().end_headers()


def serve_admin(folder: Path, csp: str):
    """Serve ``folder`` on 127.0.0.1 under ``csp``; yields the base URL."""
    return serve(folder, type("Handler", (_AdminHandler,), {"csp": csp}))


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


def publish(page) -> None:
    """Decap's 'Công bố → Công bố ngay' (publish now)."""
    page.get_by_role("button", name="Công bố").first.click()
    page.get_by_text("Công bố ngay").click()


def create_news_item(page, base: str) -> None:
    page.goto(base + "admin/#/collections/news/new")
    page.get_by_text("Tiêu đề").first.wait_for()  # the field's label from the 'cms' catalog
    for code, text in TITLE.items():  # the title's six inputs come first of the inputs
        page.locator(f'input[id^="{code}-field"]').first.fill(text)
    for code in NOT_YET:  # 'Ngôn ngữ chưa dịch', a choice of languages by their own names
        page.locator('input[id^="untranslated-field"]').click()
        page.get_by_text(f"({code})", exact=False).last.click()
    page.locator('input[id^="date-field"]').fill("2026-11-20")
    page.keyboard.press("Escape")
    page.locator('input[id^="category-field"]').click()
    page.get_by_text("Đối ngoại", exact=True).click()  # 'foreign-affairs', named in Vietnamese
    page.get_by_role("button", name="Thêm nguồn").click()  # our label in Decap's phrase, both vi
    page.locator('input[id^="title-field"]').fill("Sở Ngoại vụ tỉnh Hưng Yên")
    page.locator('input[id^="url-field"]').fill("https://hungyen.gov.vn/")

    preview = page.frame_locator("iframe").first
    assert preview.locator('link[href*="assets/stylesheets/portal."]').count() == 1
    preview.get_by_text(TITLE["vi"]).first.wait_for()
    publish(page)
    page.wait_for_url(f"**/collections/news/entries/{SLUG}")


def create_page_then_translate_it(page, base: str) -> None:
    """A page of the 'about' section written in Vietnamese and published; then, reopened, its
    English translation written after choosing English in the language switch."""
    page.goto(base + "admin/#/collections/pages-about/new")
    page.get_by_text("Đang viết bằng VI").wait_for()  # a phrase Decap's own vi lacks
    page.locator('input[id^="title-field"]').first.fill(PAGE_TITLE["vi"])
    page.locator('[data-slate-editor="true"]').first.click()
    page.keyboard.type(PAGE_BODY["vi"])
    publish(page)
    page.wait_for_url(f"**/collections/pages-about/entries/{PAGE_SLUG}")

    page.reload()  # as an editor coming back to it; no earlier notice left on the screen
    # the switch of the first pane (the second pane's throws in Decap 3.16: no handler)
    page.get_by_role("button", name="Đang viết bằng VI").click()
    page.get_by_role("menuitem", name="EN").click()
    page.get_by_role("button", name="Đang viết bằng EN").first.wait_for()
    title = page.locator('input[id^="title-field"]').first
    assert title.input_value() == ""  # the English file does not exist yet
    title.fill(PAGE_TITLE["en"])
    page.locator('[data-slate-editor="true"]').first.click()
    page.keyboard.type(PAGE_BODY["en"])
    publish(page)
    page.get_by_text("Mục đã được lưu").first.wait_for()  # Decap's own 'Entry saved'


def test_news_item_and_page_edited_in_the_web_editor_pass_check_and_build(
    demo_repo: Path, decap_server: int, tmp_path: Path
):
    served = tmp_path / "served"
    result = run(
        demo_repo, "cms", "--out", str(served / "admin"), "--local-port", str(decap_server)
    )
    assert result.returncode == 0, result.stderr
    target = demo_repo / "content" / "data" / "news" / f"{SLUG}.yml"
    about = demo_repo / "content" / "about"
    page_files = {code: about / f"{PAGE_SLUG}.{code}.md" for code in PAGE_TITLE}

    csp = admin_csp(Backend(local_port=decap_server))
    with serve_admin(served, csp) as base, browser_page() as page:
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: errors.append(m.text) if "Content Security" in m.text else 0)
        page.goto(base + "admin/")
        page.get_by_role("button", name="Đăng nhập").click()  # Decap's Vietnamese interface
        page.get_by_text("Bộ sưu tập").first.wait_for()
        create_news_item(page, base)
        create_page_then_translate_it(page, base)
        assert errors == []
        assert page.external_requests == []  # type: ignore[attr-defined]

    assert target.is_file(), sorted(p.name for p in target.parent.iterdir())
    assert re.match(SLUG_PATTERN, target.stem)
    item = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert item["title"] == TITLE and item["untranslated"] == NOT_YET
    assert str(item["date"]) == "2026-11-20" and item["category"] == "foreign-affairs"
    assert item["sources"] == [
        {"title": "Sở Ngoại vụ tỉnh Hưng Yên", "url": "https://hungyen.gov.vn/"}
    ]
    # the page in Vietnamese and English only: no blank file for the languages not written
    assert sorted(about.glob(f"{PAGE_SLUG}.*")) == sorted(page_files.values())
    for code, path in page_files.items():
        text = path.read_text(encoding="utf-8")
        assert f"title: {PAGE_TITLE[code]}" in text and PAGE_BODY[code] in text

    checked = run(demo_repo, "check")
    assert checked.returncode == 0, checked.stderr
    built = run(demo_repo, "build", "--site-dir", str(tmp_path / "site"))
    assert built.returncode == 0, built.stderr[-3000:]
    for code in ("vi", "en"):
        prefix = "" if code == "vi" else f"{code}/"
        page_html = tmp_path / "site" / prefix / "news" / SLUG / "index.html"
        assert TITLE[code] in page_html.read_text(encoding="utf-8")
        page_html = tmp_path / "site" / prefix / "about" / PAGE_SLUG / "index.html"
        assert PAGE_BODY[code] in page_html.read_text(encoding="utf-8")
    # Chinese readers get the Vietnamese (not yet translated), not an empty page
    fallback = tmp_path / "site" / "zh" / "about" / PAGE_SLUG / "index.html"
    assert PAGE_BODY["vi"] in fallback.read_text(encoding="utf-8")
    fallback = tmp_path / "site" / "zh" / "news" / SLUG / "index.html"
    assert TITLE["vi"] in fallback.read_text(encoding="utf-8")
