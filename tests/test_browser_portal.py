"""The shipped portal in a real Chromium: every language, every section, accessible, private."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import browser_page, serve, settled
from conftest import CODES, TAGS, prefix

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"
SECTIONS = ["", "about/", "culture/", "tourism/", "investment/", "plans/", "news/", "contact/"]


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("code", CODES)
def test_sections_are_accessible_private_and_switchable(shipped_site, code):
    with serve(shipped_site) as base, browser_page() as page:
        for section in SECTIONS:
            url = f"{base}{prefix(code)}{section}"
            page.goto(url)
            assert page.get_attribute("html", "lang") == TAGS[code]
            assert serious_violations(page) == [], url
            links = page.locator(".portal-langs a")
            assert links.count() == 5
            for i in range(5):
                other = links.nth(i).get_attribute("hreflang")
                other_code = next(c for c, t in TAGS.items() if t == other)
                href = links.nth(i).evaluate("a => a.href")
                assert href == f"{base}{prefix(other_code)}{section}"
        assert page.external_requests == []


@pytest.mark.parametrize("code", CODES)
def test_home_screenshots(shipped_site, code):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with serve(shipped_site) as base:
        for width in (390, 768, 1366):
            with browser_page({"width": width, "height": 900}) as page:
                page.goto(f"{base}{prefix(code)}")
                assert settled(page) == "loaded"
                page.screenshot(path=str(ARTIFACTS / f"home-{code}-{width}.png"), full_page=True)
                overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
                assert not overflow, f"{code} home scrolls sideways at {width} px"
                assert page.external_requests == []


def test_lao_text_has_word_breaks_and_room_for_tone_marks(shipped_site):
    with serve(shipped_site) as base, browser_page({"width": 390, "height": 900}) as page:
        page.goto(f"{base}lo/about/")
        text = page.locator(".portal-body").inner_text()
        assert "\u200b" in text
        line_height = page.evaluate(
            "() => { const p = document.querySelector('.portal-body p');"
            " const s = getComputedStyle(p);"
            " return parseFloat(s.lineHeight) / parseFloat(s.fontSize); }"
        )
        assert line_height >= 1.8
        font = page.evaluate(
            "getComputedStyle(document.querySelector('.portal-body p')).fontFamily"
        )
        assert "Lao" in font


@pytest.mark.parametrize("code", ["vi", "lo"])
def test_video_loads_only_when_asked_with_subtitles_in_the_page_language(shipped_site, code):
    with serve(shipped_site) as base, browser_page() as page:
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(f"{base}{prefix(code)}plans/publications/video-minh-hoa-dong-bang/")
        settled(page)
        page.locator(".portal-video__play").wait_for()
        assert not [url for url in requested if url.endswith((".mp4", ".vtt"))]
        assert page.locator("video").count() == 0
        page.click(".portal-video__play")
        video = page.locator("video")
        video.wait_for()
        tracks = page.locator("video track")
        assert tracks.count() == 6
        assert page.locator("video track[default]").get_attribute("srclang") == code
        page.wait_for_function("document.querySelector('video').readyState >= 1")
        assert any(url.endswith(".mp4") for url in requested)
        assert page.external_requests == []


def test_print_shows_the_content_without_the_site_furniture(shipped_site):
    with serve(shipped_site) as base, browser_page() as page:
        page.goto(f"{base}en/plans/84-kh-bcdttdn-2024/")
        page.emulate_media(media="print")
        for hidden in (".portal-header", ".portal-menu", ".portal-langs", ".portal-search"):
            assert not page.locator(hidden).first.is_visible(), hidden
        assert page.locator("h1").count() == 1
        assert page.locator("h1").is_visible()
        assert page.locator("table.portal-tasks").first.is_visible()
        assert page.locator(".portal-masthead").is_visible()
        pdf = page.pdf(format="A4")
        assert pdf[:4] == b"%PDF" and len(pdf) > 10_000
