"""In real Chromium: the language switcher keeps the reader's page; nothing leaves 127.0.0.1."""

from __future__ import annotations

import pytest

from browser import browser_page, serve
from conftest import TAGS

pytestmark = pytest.mark.browser


def test_switcher_follows_the_page_through_all_languages(built_mini):
    with serve(built_mini.site) as base, browser_page() as page:
        page.goto(f"{base}plans/84-kh/")
        assert page.get_attribute("html", "lang") == "vi"
        for code in ["en", "zh", "ja", "ko", "lo", "vi"]:
            page.click(f".portal-langs a[hreflang='{TAGS[code]}']")
            page.wait_for_load_state()
            prefix = "" if code == "vi" else f"{code}/"
            assert page.url == f"{base}{prefix}plans/84-kh/"
            assert page.get_attribute("html", "lang") == TAGS[code]
            assert page.locator("table.portal-tasks tbody tr").count() == 2
        assert page.external_requests == []


def test_untranslated_page_shows_the_notice_in_the_browser(built_mini):
    with serve(built_mini.site) as base, browser_page() as page:
        page.goto(f"{base}en/about/")
        page.click(".portal-langs a[hreflang='ko']")
        page.wait_for_load_state()
        assert page.url == f"{base}ko/about/"
        assert page.locator(".portal-notice[data-fallback='vi']").is_visible()
        assert page.external_requests == []


def test_root_offers_the_browser_language_without_redirecting(built_mini):
    with serve(built_mini.site) as base:
        with browser_page(locale="ja-JP") as page:
            page.goto(base)
            assert page.url == base and page.get_attribute("html", "lang") == "vi"
            offer = page.locator("[data-offer-lang='ja']")
            assert offer.is_visible()
            assert offer.get_attribute("lang") == "ja"
            assert page.locator("[data-offer-lang]:visible").count() == 1
            offer.locator("button").click()
            assert not offer.is_visible()
            page.reload()
            assert not page.locator("[data-offer-lang='ja']").is_visible()
        with browser_page(locale="vi-VN") as page:
            page.goto(base)
            assert page.locator("[data-offer-lang]:visible").count() == 0
